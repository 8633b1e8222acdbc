//! Column references: a header name (exact, after trimming) or a 1-based position `#N`.

use crate::report::ErrorCode;

/// A column reference as the mapping writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ColumnRef {
    /// `#N`: the N-th column (1-based).
    Position(usize),
    /// A header name, trimmed.
    Name(String),
}

impl ColumnRef {
    /// Parses a reference: `#` followed only by digits is a position, anything else a name.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty column reference".to_owned());
        }
        let Some(digits) = text.strip_prefix('#') else {
            return Ok(Self::Name(text.to_owned()));
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Self::Name(text.to_owned()));
        }
        match digits.parse::<usize>() {
            Ok(0) => Err(format!("{text:?}: column positions start at #1")),
            Ok(n) => Ok(Self::Position(n)),
            Err(_) => Err(format!("{text:?}: column position too large")),
        }
    }
}

/// The file's header as the mapping sees it.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// 1-based number of the row holding names, and its trimmed names.
    pub(crate) names: Option<(usize, Vec<String>)>,
    /// Number of columns every row must have.
    pub(crate) width: usize,
}

/// A resolved column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Col {
    /// 0-based index into a record.
    pub(crate) index: usize,
    /// Header name, or `#N` when the header has no name for it.
    pub(crate) label: String,
    /// The mapping field that named it, e.g. `categories[3].performance`.
    pub(crate) field: String,
}

impl Header {
    /// Finds `reference` in the header, or explains why not.
    pub(crate) fn resolve(&self, reference: &ColumnRef) -> Result<usize, (ErrorCode, String)> {
        match reference {
            ColumnRef::Position(n) if *n <= self.width => Ok(n - 1),
            ColumnRef::Position(n) => Err((
                ErrorCode::ColumnNotFound,
                format!(
                    "column #{n} is beyond the {} columns of the file",
                    self.width
                ),
            )),
            ColumnRef::Name(name) => self.find(name),
        }
    }

    fn find(&self, name: &str) -> Result<usize, (ErrorCode, String)> {
        let Some((row, names)) = &self.names else {
            return Err((ErrorCode::ColumnNotFound, no_names_row(name)));
        };
        let hits: Vec<usize> = (0..names.len()).filter(|&i| names[i] == name).collect();
        match hits.as_slice() {
            [index] => Ok(*index),
            [] => Err((ErrorCode::ColumnNotFound, not_found(name, *row, names))),
            _ => Err((
                ErrorCode::AmbiguousColumn,
                format!(
                    "column name {name:?} occurs {} times in header row {row} (columns {}); \
                 use a position such as \"#{}\"",
                    hits.len(),
                    hits.iter()
                        .map(|i| format!("#{}", i + 1))
                        .collect::<Vec<_>>()
                        .join(", "),
                    hits[0] + 1
                ),
            )),
        }
    }

    /// The label of a column for error reports.
    pub(crate) fn label(&self, index: usize) -> String {
        self.names
            .as_ref()
            .and_then(|(_, names)| names.get(index))
            .filter(|name| !name.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("#{}", index + 1))
    }
}

/// Why a name cannot be looked up in a file without a names row.
pub(crate) fn no_names_row(name: &str) -> String {
    format!(
        "column {name:?} is named, but the file has no names row; use a position such as \"#1\""
    )
}

fn not_found(name: &str, row: usize, names: &[String]) -> String {
    let mut message = format!("column {name:?} not found in header row {row}");
    if let Some(close) = names.iter().find(|n| n.eq_ignore_ascii_case(name)) {
        message.push_str(&format!(
            " (did you mean {close:?}? names are case-sensitive)"
        ));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        let names = ["Id", "Q1", "Q1", "", "q2"].map(str::to_owned).to_vec();
        Header {
            names: Some((1, names)),
            width: 5,
        }
    }

    #[test]
    fn parses_positions_and_names() {
        assert_eq!(ColumnRef::parse(" #12 "), Ok(ColumnRef::Position(12)));
        assert_eq!(
            ColumnRef::parse("Q3_1"),
            Ok(ColumnRef::Name("Q3_1".to_owned()))
        );
        assert_eq!(ColumnRef::parse("#x"), Ok(ColumnRef::Name("#x".to_owned())));
        assert!(ColumnRef::parse("#0").is_err());
        assert!(ColumnRef::parse("  ").is_err());
    }

    #[test]
    fn resolves_against_the_header() {
        let h = header();
        assert_eq!(h.resolve(&ColumnRef::Name("Id".to_owned())), Ok(0));
        assert_eq!(h.resolve(&ColumnRef::Position(4)), Ok(3));
        assert!(h.resolve(&ColumnRef::Position(6)).is_err());
        let ambiguous = h.resolve(&ColumnRef::Name("Q1".to_owned()));
        assert!(ambiguous.is_err_and(|(_, m)| m.contains("#2, #3")));
        let missing = h.resolve(&ColumnRef::Name("Q2".to_owned()));
        assert!(missing.is_err_and(|(_, m)| m.contains("did you mean \"q2\"")));
        assert_eq!(h.label(3), "#4");
    }
}
