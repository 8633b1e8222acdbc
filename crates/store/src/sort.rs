//! Sort keys of the lists the store pages itself (alerts, the audit log).

/// One sort key: a field and its direction. Lists take several, most significant first, and
/// break the remaining ties by storage id, ascending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SortBy<F> {
    /// The field compared.
    pub field: F,
    /// Largest first when true.
    pub descending: bool,
}

impl<F> SortBy<F> {
    /// Smallest first.
    pub fn asc(field: F) -> Self {
        SortBy {
            field,
            descending: false,
        }
    }

    /// Largest first.
    pub fn desc(field: F) -> Self {
        SortBy {
            field,
            descending: true,
        }
    }
}
