//! Bytes to text: UTF-8 (with or without BOM) by default, or the encoding the mapping names.
//! Never lossy: a byte that does not decode is an error naming its line, not a U+FFFD.

use std::borrow::Cow;

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use crate::report::{ErrorCode, RowError};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes `bytes` as UTF-8, or as `declared` when the mapping names an encoding. A byte order
/// mark wins over the declared label, as in browsers: a BOM is unambiguous, a label may be stale.
pub(crate) fn decode<'a>(
    bytes: &'a [u8],
    declared: Option<&'static Encoding>,
) -> Result<Cow<'a, str>, RowError> {
    let text = decode_any(bytes, declared)?;
    reject_nul(&text)?;
    Ok(text)
}

/// A NUL character is valid UTF-8 but no database text column takes it (PostgreSQL refuses it
/// outright), and no survey answer needs it: it is an error at its line, like a bad byte.
fn reject_nul(text: &str) -> Result<(), RowError> {
    let Some(at) = text.find('\0') else {
        return Ok(());
    };
    let (line, column) = line_and_column(text.get(..at).unwrap_or_default());
    Err(RowError::at(
        line,
        None,
        "encoding",
        ErrorCode::NulCharacter,
        format!("the file contains a NUL character (byte 0x00) at line {line}, column {column}"),
    ))
}

fn decode_any<'a>(
    bytes: &'a [u8],
    declared: Option<&'static Encoding>,
) -> Result<Cow<'a, str>, RowError> {
    let Some(declared) = declared else {
        let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
        return decode_utf8(body, bytes.len() - body.len(), bytes, false);
    };
    let (encoding, bom_len) = Encoding::for_bom(bytes).unwrap_or((declared, 0));
    let body = bytes.get(bom_len..).unwrap_or_default();
    if encoding == UTF_8 {
        decode_utf8(body, bom_len, bytes, true)
    } else {
        decode_other(body, bom_len, encoding).map(Cow::Owned)
    }
}

fn decode_utf8<'a>(
    body: &'a [u8],
    skipped: usize,
    whole: &[u8],
    declared: bool,
) -> Result<Cow<'a, str>, RowError> {
    let error = match std::str::from_utf8(body) {
        Ok(text) => return Ok(Cow::Borrowed(text)),
        Err(error) => error,
    };
    let good = body.get(..error.valid_up_to()).unwrap_or_default();
    let before = String::from_utf8_lossy(good);
    let bad = body.get(error.valid_up_to()).copied().unwrap_or_default();
    let (line, column) = line_and_column(&before);
    let offset = skipped + error.valid_up_to();
    let hint = if declared {
        "the mapping says UTF-8; if the export uses another encoding, set it in the mapping, \
         e.g. encoding = \"windows-1252\""
    } else if Encoding::for_bom(whole).is_some_and(|(e, _)| e != UTF_8) {
        "the file starts with a UTF-16 byte order mark: set encoding = \"utf-16\" in the mapping"
    } else {
        "if the export uses another encoding, set it in the mapping, e.g. encoding = \"windows-1252\""
    };
    Err(RowError::at(
        line,
        None,
        "encoding",
        ErrorCode::InvalidUtf8,
        format!(
            "the file is not valid UTF-8: byte 0x{bad:02X} at line {line}, column {column} \
             (byte offset {offset} in the file) cannot be decoded; {hint}"
        ),
    ))
}

fn decode_other(
    body: &[u8],
    skipped: usize,
    encoding: &'static Encoding,
) -> Result<String, RowError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len());
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    let (bad_len, after) = match result {
        DecoderResult::InputEmpty => return Ok(text),
        DecoderResult::Malformed(bad_len, after) => (usize::from(bad_len), usize::from(after)),
        // Capacity is the decoder's own worst case, so this only happens on overflow.
        DecoderResult::OutputFull => (0, 0),
    };
    let bad_start = read.saturating_sub(bad_len + after);
    let bad_bytes = body
        .get(bad_start..bad_start + bad_len)
        .unwrap_or_default()
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ");
    let (line, column) = line_and_column(&text);
    let offset = skipped + bad_start;
    Err(RowError::at(
        line,
        None,
        "encoding",
        ErrorCode::MalformedInput,
        format!(
            "the file is not valid {}: byte(s) {bad_bytes} at line {line}, column {column} \
             (byte offset {offset} in the file) cannot be decoded; check `encoding` in the mapping",
            encoding.name()
        ),
    ))
}

/// 1-based line and character column just after `before`.
fn line_and_column(before: &str) -> (usize, usize) {
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_character_is_refused_with_its_line() {
        let err = decode(b"a,b\nx,y\0z\n", None).unwrap_err();
        assert_eq!(err.code, "nul_character");
        assert_eq!(err.row, Some(2));
        assert!(err.message.contains("column 4"), "{}", err.message);
    }

    #[test]
    fn strips_a_utf8_bom() {
        let text = decode(b"\xEF\xBB\xBFa,b\n", None).expect("decodes");
        assert_eq!(text, "a,b\n");
    }

    #[test]
    fn names_line_column_and_offset_of_the_first_bad_byte() {
        let err = decode(b"a,b\nc,d\xE9\n", None).expect_err("decoding fails");
        assert_eq!(err.row, Some(2));
        assert_eq!(err.code, "invalid_utf8");
        assert!(
            err.message
                .contains("byte 0xE9 at line 2, column 4 (byte offset 7")
        );
        assert!(err.message.contains("encoding = \"windows-1252\""));
    }

    #[test]
    fn decodes_a_declared_encoding() {
        let text = decode(b"caf\xE9", Encoding::for_label(b"windows-1252")).expect("decodes");
        assert_eq!(text, "café");
    }

    #[test]
    fn a_bom_wins_over_the_declared_label() {
        let text = decode(
            "\u{feff}café".as_bytes(),
            Encoding::for_label(b"windows-1252"),
        )
        .expect("decodes");
        assert_eq!(text, "café");
    }

    #[test]
    fn malformed_input_in_a_declared_encoding_is_an_error() {
        // "a\n" then an unpaired high surrogate, in UTF-16LE.
        let bytes = [0x61, 0x00, 0x0A, 0x00, 0x00, 0xD8, 0x62, 0x00];
        let err = decode(&bytes, Encoding::for_label(b"utf-16le")).expect_err("decoding fails");
        assert_eq!(err.code, "malformed_input");
        assert_eq!(err.row, Some(2));
        assert!(err.message.contains("UTF-16LE"), "{}", err.message);
    }

    #[test]
    fn a_utf16_bom_without_encoding_gets_a_hint() {
        let err = decode(b"\xFF\xFEa\x00", None).expect_err("decoding fails");
        assert!(
            err.message.contains("UTF-16 byte order mark"),
            "{}",
            err.message
        );
    }
}
