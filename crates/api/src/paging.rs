//! Paging, filtering and sorting of list endpoints (being written).
