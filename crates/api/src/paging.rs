//! Paging, filtering and sorting: the one convention of every list endpoint.
//!
//! - Every collection answers one [`Page`]: `{"items": [...], "total": N, "limit": L,
//!   "offset": O}`, where `total` counts the matching items over all pages.
//! - `limit` (1 to [`MAX_LIMIT`], default [`DEFAULT_LIMIT`]) and `offset` (0 or more, default
//!   0) cut the page; [`Window::parse`] reads them and names the parameter when it refuses one.
//! - `sort` is a comma-separated list of field names, each with `-` in front for descending,
//!   e.g. `sort=-score,name`. Each endpoint declares the fields it sorts by and its default
//!   order in a [`Sorting`] table; [`Sorting::parse`] refuses an unknown field naming the
//!   allowed ones. After the keys asked for, ties go by id, ascending, so pages are stable.
//!   Missing values (`null`) sort last in either direction.
//! - Filters are query parameters named after the field they filter, declared by each endpoint.
//!   Query structs deny unknown fields, so an unknown parameter is refused with a 400 naming it.
//!
//! Lists whose rows the API computes whole anyway (account managers and accounts, whose figures
//! come from one cycle's aggregates; users, tokens, cycles, categories, outcomes, pairing
//! proposals, which stay small) are sorted and sliced here in memory by [`sort_page`]. The lists
//! that grow without bound, alerts and the audit log, are filtered, sorted and paged by the
//! database (`gapscope_store::AlertFilter`, `gapscope_store::AuditFilter`); they share
//! [`Window`], [`Sorting`] and [`Page`] with the others.

use std::cmp::Ordering;

use chrono::{NaiveDate, NaiveDateTime};
use gapscope_store::SortBy;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult};

/// Page size when `limit` is absent.
pub const DEFAULT_LIMIT: i64 = 100;
/// The largest `limit` accepted.
pub const MAX_LIMIT: i64 = 1000;

/// One page of a collection.
// Known gap: utoipa 5 inlines a generic's argument, so each `Page_X` schema repeats X's
// properties instead of referring to X (juhaku/utoipa#1586); generated clients still get the
// right shape. One concrete page type per list, or a utoipa release that keeps the reference,
// would lift it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    /// This page's items, in the order asked for (`sort`).
    pub items: Vec<T>,
    /// Items matching the filters, over all pages.
    pub total: i64,
    /// The page size used.
    pub limit: i64,
    /// Items skipped before this page.
    pub offset: i64,
}

impl<T> Page<T> {
    /// The same page with each item turned into another (a view, usually).
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            limit: self.limit,
            offset: self.offset,
        }
    }
}

/// Which slice of a list to return: `limit` items after skipping `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Page size, 1 to [`MAX_LIMIT`].
    pub limit: i64,
    /// Items to skip, 0 or more.
    pub offset: i64,
}

impl Window {
    /// Reads the `limit` and `offset` query parameters (kept as text by the query structs, so
    /// that a malformed value is refused naming its parameter rather than the whole query).
    pub fn parse(limit: Option<&str>, offset: Option<&str>) -> ApiResult<Self> {
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(text) => text
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|l| (1..=MAX_LIMIT).contains(l))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "limit",
                        format!("must be a whole number from 1 to {MAX_LIMIT}, not {text:?}"),
                    )
                })?,
        };
        let offset = match offset {
            None => 0,
            Some(text) => text
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|o| *o >= 0)
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "offset",
                        format!("must be a whole number, 0 or more, not {text:?}"),
                    )
                })?,
        };
        Ok(Self { limit, offset })
    }

    /// A page of items the caller already cut, with the total over all pages.
    pub fn page<T>(self, total: i64, items: Vec<T>) -> Page<T> {
        Page {
            items,
            total,
            limit: self.limit,
            offset: self.offset,
        }
    }

    /// Cuts this window out of the whole, already sorted list.
    pub fn slice<T>(self, all: Vec<T>) -> Page<T> {
        let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
        let skip = usize::try_from(self.offset).unwrap_or(usize::MAX);
        let take = usize::try_from(self.limit).unwrap_or(usize::MAX);
        let items = all.into_iter().skip(skip).take(take).collect();
        self.page(total, items)
    }
}

/// The fields a list sorts by, and its order when `sort` is absent.
///
/// `F` is what a field name stands for: a store field for lists the database sorts, or a
/// [`Field`] (a function reading the value) for lists sorted in memory.
pub struct Sorting<F: 'static> {
    /// Each sortable field, by the name `sort` uses (the field's name in the JSON items).
    pub fields: &'static [(&'static str, F)],
    /// The order when `sort` is absent, written as a `sort` value, e.g. `-created_at,-id`.
    pub default: &'static str,
}

impl<F: Copy> Sorting<F> {
    /// Reads the `sort` query parameter; its absence means [`Sorting::default`].
    ///
    /// Errors: 400 with field `sort` for an empty entry, an unknown field (the message lists
    /// the allowed ones) or a field named twice.
    pub fn parse(&self, sort: Option<&str>) -> ApiResult<Vec<SortBy<F>>> {
        let text = sort.unwrap_or(self.default);
        let mut keys: Vec<SortBy<F>> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for part in text.split(',').map(str::trim) {
            let (descending, name) = match part.strip_prefix('-') {
                Some(name) => (true, name),
                None => (false, part),
            };
            if name.is_empty() {
                return Err(ApiError::bad_request(
                    "sort",
                    format!(
                        "an empty field in {text:?}; give field names separated by commas, \
                         each with `-` in front for descending, from: {}",
                        self.names()
                    ),
                ));
            }
            let Some(&(_, field)) = self.fields.iter().find(|(n, _)| *n == name) else {
                return Err(ApiError::bad_request(
                    "sort",
                    format!(
                        "unknown field `{name}`; this list sorts by: {}",
                        self.names()
                    ),
                ));
            };
            if seen.contains(&name) {
                return Err(ApiError::bad_request(
                    "sort",
                    format!("`{name}` is named twice"),
                ));
            }
            seen.push(name);
            keys.push(SortBy { field, descending });
        }
        Ok(keys)
    }

    /// The sortable field names, comma-separated.
    pub fn names(&self) -> String {
        self.fields
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A value an in-memory sort compares. Values of one field are all of one kind or
/// [`SortValue::Null`], which sorts last whichever the direction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SortValue<'a> {
    /// No value (`null` in the JSON item).
    Null,
    /// `false < true`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number (total order: NaN last).
    Float(f64),
    /// Text, compared by Unicode code points (case-sensitive).
    Text(&'a str),
    /// A UTC time.
    Time(NaiveDateTime),
    /// A day.
    Date(NaiveDate),
}

impl SortValue<'_> {
    /// Compares two present values; values of different kinds (a mistake in a table) compare
    /// by kind, so the sort stays a total order.
    fn compare(&self, other: &Self) -> Ordering {
        use SortValue::{Bool, Date, Float, Int, Null, Text, Time};
        match (self, other) {
            (Bool(a), Bool(b)) => a.cmp(b),
            (Int(a), Int(b)) => a.cmp(b),
            (Float(a), Float(b)) => a.total_cmp(b),
            (Text(a), Text(b)) => a.cmp(b),
            (Time(a), Time(b)) => a.cmp(b),
            (Date(a), Date(b)) => a.cmp(b),
            _ => {
                let rank = |v: &Self| match v {
                    Null => 0,
                    Bool(_) => 1,
                    Int(_) => 2,
                    Float(_) => 3,
                    Text(_) => 4,
                    Time(_) => 5,
                    Date(_) => 6,
                };
                rank(self).cmp(&rank(other))
            }
        }
    }
}

macro_rules! sort_value_from {
    ($($t:ty => $variant:ident $(as $wide:ty)?),* $(,)?) => {$(
        impl From<$t> for SortValue<'_> {
            fn from(v: $t) -> Self {
                SortValue::$variant(v $(as $wide)?)
            }
        }
        impl From<Option<$t>> for SortValue<'_> {
            fn from(v: Option<$t>) -> Self {
                v.map_or(SortValue::Null, SortValue::from)
            }
        }
    )*};
}

sort_value_from!(
    bool => Bool,
    i64 => Int,
    i32 => Int as i64,
    u32 => Int as i64,
    f64 => Float,
    NaiveDateTime => Time,
    NaiveDate => Date,
);

impl From<usize> for SortValue<'_> {
    fn from(v: usize) -> Self {
        SortValue::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}

impl<'a> From<&'a str> for SortValue<'a> {
    fn from(v: &'a str) -> Self {
        SortValue::Text(v)
    }
}

impl<'a> From<Option<&'a str>> for SortValue<'a> {
    fn from(v: Option<&'a str>) -> Self {
        v.map_or(SortValue::Null, SortValue::Text)
    }
}

/// How an in-memory list reads one field of an item.
pub type Field<T> = for<'a> fn(&'a T) -> SortValue<'a>;

/// Sorts the whole list `all` by `keys`, then by `id` ascending, and cuts `window` out of it.
///
/// In memory on purpose: the lists that use it are computed whole per request anyway (per-AM
/// and per-account figures come from one cycle's aggregates, and the visibility filter of the
/// caller's role applies to computed rows) or stay small (users, tokens, cycles, categories,
/// outcomes, proposals); sorting a few thousand rows costs far less than computing them.
/// Sorting happens after anonymity rules blank withheld figures, so an order never reveals
/// them. Alerts and the audit log page in the database instead.
pub fn sort_page<T>(
    mut all: Vec<T>,
    keys: &[SortBy<Field<T>>],
    id: fn(&T) -> i64,
    window: Window,
) -> Page<T> {
    all.sort_by(|a, b| {
        keys.iter()
            .map(|key| {
                let (x, y) = ((key.field)(a), (key.field)(b));
                match (x, y) {
                    (SortValue::Null, SortValue::Null) => Ordering::Equal,
                    (SortValue::Null, _) => Ordering::Greater,
                    (_, SortValue::Null) => Ordering::Less,
                    _ if key.descending => y.compare(&x),
                    _ => x.compare(&y),
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or_else(|| id(a).cmp(&id(b)))
    });
    window.slice(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Row {
        id: i64,
        name: &'static str,
        score: Option<f64>,
    }

    const SORT: Sorting<Field<Row>> = Sorting {
        fields: &[
            ("name", |r| r.name.into()),
            ("score", |r| r.score.into()),
            ("id", |r| r.id.into()),
        ],
        default: "name",
    };

    fn rows() -> Vec<Row> {
        vec![
            Row {
                id: 3,
                name: "b",
                score: Some(50.0),
            },
            Row {
                id: 1,
                name: "a",
                score: None,
            },
            Row {
                id: 2,
                name: "b",
                score: Some(70.0),
            },
            Row {
                id: 4,
                name: "c",
                score: Some(50.0),
            },
        ]
    }

    fn ids(sort: Option<&str>, window: Window) -> Vec<i64> {
        let keys = SORT.parse(sort).expect("valid sort");
        sort_page(rows(), &keys, |r| r.id, window)
            .items
            .iter()
            .map(|r| r.id)
            .collect()
    }

    fn all() -> Window {
        Window::parse(None, None).expect("defaults")
    }

    #[test]
    fn the_default_order_breaks_ties_by_id() {
        assert_eq!(ids(None, all()), [1, 2, 3, 4]);
    }

    #[test]
    fn several_keys_and_directions() {
        assert_eq!(ids(Some("-score,name"), all()), [2, 3, 4, 1], "null last");
        assert_eq!(ids(Some("score,-name"), all()), [4, 3, 2, 1], "null last");
        assert_eq!(ids(Some("-name, -id"), all()), [4, 3, 2, 1]);
    }

    #[test]
    fn windows_slice_and_count_everything() {
        let window = Window::parse(Some("2"), Some("1")).expect("window");
        let keys = SORT.parse(None).expect("default");
        let page = sort_page(rows(), &keys, |r| r.id, window);
        assert_eq!((page.total, page.limit, page.offset), (4, 2, 1));
        assert_eq!(page.items.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 3]);
        let beyond = Window::parse(None, Some("10")).expect("window");
        assert!(ids(None, beyond).is_empty());
    }

    #[test]
    fn bad_windows_name_their_parameter() {
        for (limit, offset, field) in [
            (Some("0"), None, "limit"),
            (Some("1001"), None, "limit"),
            (Some("ten"), None, "limit"),
            (Some(""), None, "limit"),
            (None, Some("-1"), "offset"),
            (None, Some("x"), "offset"),
        ] {
            match Window::parse(limit, offset) {
                Err(ApiError::BadRequest { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{limit:?} {offset:?}: {other:?}"),
            }
        }
        let max = Window::parse(Some("1000"), Some("0")).expect("the maximum");
        assert_eq!((max.limit, max.offset), (1000, 0));
    }

    /// Each list's sortable fields and default order, by operation id.
    fn lists() -> Vec<(&'static str, String, &'static str)> {
        use crate::routes::{
            account_managers, accounts, alerts, audit, catalog, evidence, pairings, tokens, users,
        };
        vec![
            (
                "list_account_managers",
                account_managers::SORT.names(),
                account_managers::SORT.default,
            ),
            (
                "list_accounts",
                accounts::SORT.names(),
                accounts::SORT.default,
            ),
            ("list_alerts", alerts::SORT.names(), alerts::SORT.default),
            ("list_audit", audit::SORT.names(), audit::SORT.default),
            ("list_users", users::SORT.names(), users::SORT.default),
            ("list_tokens", tokens::SORT.names(), tokens::SORT.default),
            (
                "list_outcomes",
                evidence::OUTCOME_SORT.names(),
                evidence::OUTCOME_SORT.default,
            ),
            (
                "list_pairing_proposals",
                pairings::SORT.names(),
                pairings::SORT.default,
            ),
            (
                "list_cycles",
                catalog::CYCLE_SORT.names(),
                catalog::CYCLE_SORT.default,
            ),
            (
                "list_categories",
                catalog::CATEGORY_SORT.names(),
                catalog::CATEGORY_SORT.default,
            ),
        ]
    }

    #[test]
    fn every_default_order_is_a_valid_sort() {
        use crate::routes::{
            account_managers, accounts, alerts, audit, catalog, evidence, pairings, tokens, users,
        };
        let defaults = [
            account_managers::SORT.parse(None).map(|k| k.len()),
            accounts::SORT.parse(None).map(|k| k.len()),
            alerts::SORT.parse(None).map(|k| k.len()),
            audit::SORT.parse(None).map(|k| k.len()),
            users::SORT.parse(None).map(|k| k.len()),
            tokens::SORT.parse(None).map(|k| k.len()),
            evidence::OUTCOME_SORT.parse(None).map(|k| k.len()),
            pairings::SORT.parse(None).map(|k| k.len()),
            catalog::CYCLE_SORT.parse(None).map(|k| k.len()),
            catalog::CATEGORY_SORT.parse(None).map(|k| k.len()),
        ];
        for (default, (op, ..)) in defaults.iter().zip(lists()) {
            assert!(default.is_ok(), "{op}: {default:?}");
        }
    }

    /// The spec is the documentation: every operation answering a page takes `limit`, `offset`
    /// and `sort`, documented alike, and its `sort` names every field it sorts by and its
    /// default order.
    #[test]
    fn every_list_documents_the_convention_in_the_spec() {
        let spec = serde_json::to_value(crate::spec()).expect("spec as JSON");
        let lists = lists();
        let mut paged = Vec::new();
        let mut limit_docs = std::collections::BTreeSet::new();
        let mut offset_docs = std::collections::BTreeSet::new();
        for item in spec["paths"].as_object().expect("paths").values() {
            for op in item.as_object().expect("path item").values() {
                let id = op["operationId"].as_str().expect("operation id");
                let body = &op["responses"]["200"]["content"]["application/json"]["schema"];
                let is_page = body["$ref"]
                    .as_str()
                    .is_some_and(|r| r.starts_with("#/components/schemas/Page_"));
                if !is_page {
                    continue;
                }
                paged.push(id.to_owned());
                let params = op["parameters"].as_array().expect("parameters");
                let doc = |name: &str| -> String {
                    let param = params.iter().find(|p| p["name"] == name);
                    let text = param.and_then(|p| p["description"].as_str());
                    let text = text.unwrap_or_else(|| panic!("{id} documents no `{name}`"));
                    text.split_whitespace().collect::<Vec<_>>().join(" ")
                };
                limit_docs.insert(doc("limit"));
                offset_docs.insert(doc("offset"));
                let sort = doc("sort");
                let (_, names, default) = lists
                    .iter()
                    .find(|(op, ..)| *op == id)
                    .unwrap_or_else(|| panic!("{id} answers a page but has no sort table here"));
                for name in names.split(", ") {
                    assert!(
                        sort.contains(&format!("`{name}`")),
                        "{id}: `{name}` in {sort:?}"
                    );
                }
                assert!(
                    sort.contains(&format!("Default: `{default}`")),
                    "{id}: {sort:?}"
                );
                assert!(
                    sort.to_lowercase().contains("ties are broken by"),
                    "{id}: {sort:?}"
                );
            }
        }
        paged.sort();
        let mut expected: Vec<String> = lists.iter().map(|(op, ..)| (*op).to_owned()).collect();
        expected.sort();
        assert_eq!(
            paged, expected,
            "every list answers a page, and only lists do"
        );
        assert_eq!(
            limit_docs.len(),
            1,
            "one wording of `limit`: {limit_docs:?}"
        );
        assert_eq!(
            offset_docs.len(),
            1,
            "one wording of `offset`: {offset_docs:?}"
        );
    }

    #[test]
    fn bad_sorts_name_the_allowed_fields() {
        for sort in ["nope", "name,", "-", "name,name", "name,-name"] {
            match SORT.parse(Some(sort)) {
                Err(ApiError::BadRequest { field, message }) => {
                    assert_eq!(field, "sort", "{sort}");
                    if sort == "nope" {
                        assert!(message.contains("`nope`"), "{message}");
                        assert!(message.contains("name, score, id"), "{message}");
                    }
                }
                other => panic!("{sort}: {other:?}"),
            }
        }
    }
}
