//! Text to CSV records with their line numbers, and the header split off.

use csv::{ReaderBuilder, StringRecord};

use crate::column::Header;
use crate::mapping::Mapping;
use crate::report::{ErrorCode, Errors, RowError};

/// A CSV record and the 1-based line it starts on.
pub(crate) type Line = (usize, StringRecord);

/// Reads every record of `text`. The reader is flexible so ragged rows reach the row checks,
/// which name them, instead of stopping the read.
pub(crate) fn records(text: &str) -> Result<Vec<Line>, RowError> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let lines = LineIndex::new(text);
    let mut records = Vec::new();
    for result in reader.records() {
        match result {
            Ok(record) => {
                let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
                records.push((line, record));
            }
            Err(error) => {
                let line = error.position().map_or(0, |p| lines.line_at(p.byte()));
                let message = format!("the CSV reader stopped: {error}");
                return Err(RowError::at(line, None, "", ErrorCode::CsvError, message));
            }
        }
    }
    Ok(records)
}

/// Line numbers from byte offsets. The csv crate's own line count is not usable: it places a
/// record at the end of the previous one, so CRLF files and skipped blank lines shift it.
struct LineIndex<'t> {
    text: &'t [u8],
    newlines: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        let text = text.as_bytes();
        let newlines = (0..text.len()).filter(|&i| text[i] == b'\n').collect();
        Self { text, newlines }
    }

    /// The 1-based line of the first content at or after `byte`, skipping line breaks.
    fn line_at(&self, byte: u64) -> usize {
        let byte = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        let rest = self.text.get(byte..).unwrap_or_default();
        let start = byte
            + rest
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        self.newlines.partition_point(|&i| i < start) + 1
    }
}

/// Splits the header rows off, checks their widths and returns the header and the data rows.
/// Data rows whose cells are all blank (e.g. `,,,` left by a spreadsheet) are dropped.
pub(crate) fn split_header<'r>(
    mapping: &Mapping,
    lines: &'r [Line],
    errors: &mut Errors,
) -> Result<(Header, Vec<&'r Line>), RowError> {
    if lines.iter().all(|(_, record)| is_blank(record)) {
        return Err(file_error(
            ErrorCode::EmptyFile,
            "the file is empty: no header, no data".into(),
        ));
    }
    let header_rows = mapping.header_rows;
    let (head, body) = lines.split_at(header_rows.min(lines.len()));
    if head.len() < header_rows {
        let message = format!(
            "the file has {} row(s), fewer than header_rows = {header_rows}",
            lines.len()
        );
        return Err(file_error(ErrorCode::MissingHeaderRows, message));
    }
    let data: Vec<&Line> = body.iter().filter(|(_, r)| !is_blank(r)).collect();
    let Some(first_data) = data.first() else {
        let message = format!("the file has its {header_rows} header row(s) but no data rows");
        return Err(file_error(ErrorCode::NoDataRows, message));
    };
    let names_row = mapping.effective_names_row();
    let names = names_row
        .and_then(|n| head.get(n.checked_sub(1)?))
        .map(|(_, record)| record);
    let width = names
        .or(head.first().map(|(_, r)| r))
        .unwrap_or(&first_data.1)
        .len();
    for (i, (line, record)) in head.iter().enumerate() {
        if record.len() != width {
            let message = format!(
                "header row {} has {} columns, but the names row has {width}",
                i + 1,
                record.len()
            );
            errors.push(RowError::at(
                *line,
                None,
                "header_rows",
                ErrorCode::RaggedRow,
                message,
            ));
        }
    }
    let names = names_row.zip(names).map(|(n, record)| {
        let names = record.iter().map(|name| name.trim().to_owned()).collect();
        (n, names)
    });
    Ok((Header { names, width }, data))
}

/// The ragged-row error of a data row, if it is one.
pub(crate) fn ragged(line: usize, record: &StringRecord, width: usize) -> Option<RowError> {
    (record.len() != width).then(|| {
        let message = format!(
            "the row has {} columns, the header has {width}",
            record.len()
        );
        RowError::at(line, None, "", ErrorCode::RaggedRow, message)
    })
}

fn is_blank(record: &StringRecord) -> bool {
    record.iter().all(|cell| cell.trim().is_empty())
}

fn file_error(code: ErrorCode, message: String) -> RowError {
    RowError::mapping("", code, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<usize> {
        let records = records(text).expect("reads");
        records.iter().map(|(line, _)| *line).collect()
    }

    #[test]
    fn line_numbers_survive_crlf_blank_lines_and_multiline_cells() {
        assert_eq!(lines_of("a\nb\nc\n"), [1, 2, 3]);
        assert_eq!(lines_of("a\r\nb\r\nc"), [1, 2, 3]);
        assert_eq!(lines_of("a\n\n\nb\n\"x\ny\"\nc\n"), [1, 4, 5, 7]);
        assert_eq!(lines_of("\n\na\r\n\r\nb"), [3, 5]);
    }
}
