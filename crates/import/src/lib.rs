//! Survey export parsing for Gapscope: a mapping plus CSV bytes in, a validated [`Batch`] or a
//! complete [`ImportReport`] out.
//!
//! The crate is pure: no database, no files, no clock. A caller reads the mapping text and the
//! export's bytes, then:
//!
//! ```
//! use gapscope_import::{Mapping, MappingFormat, parse};
//!
//! let mapping = Mapping::parse(
//!     r#"
//!     cycle = { constant = "2026-Q1" }
//!     account = { key = "Company" }
//!     account_manager = { column = "AM" }
//!     contact = { id = "Email" }
//!     [[categories]]
//!     key = "communication"
//!     performance = "Communication"
//!     "#,
//!     MappingFormat::Toml,
//! )?;
//! let csv = "Company,AM,Email,Communication\nAcme,ann,bo@acme.test,8\n";
//! let batch = parse(&mapping, csv.as_bytes())?;
//! assert_eq!(batch.responses[0].performance, vec![Some(8)]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! `MAPPING.md` beside this crate's `Cargo.toml` documents the mapping format. Errors: reading a
//! mapping fails with [`MappingError`] (syntax and types); everything after that, the mapping's
//! meaning included, is reported as an [`ImportReport`] of [`RowError`]s.

mod assemble;
pub mod batch;
mod column;
mod compile;
mod decode;
pub mod mapping;
mod plan;
mod read;
mod report;
mod row;
mod template;

pub use batch::{AccountDef, AccountManagerDef, Batch, CategoryDef, IndicatorDef, ResponseRow};
pub use mapping::{Mapping, MappingError, MappingFormat};
pub use report::{ErrorCode, ImportReport, MAX_ERRORS, RowError};

use crate::assemble::Assembler;
use crate::report::Errors;

/// Parses a survey export with its mapping.
///
/// Checks the mapping, decodes the bytes, resolves the mapped columns against the header and
/// reads every data row. Returns the batch only when nothing at all is wrong; otherwise every
/// problem found (up to [`MAX_ERRORS`]) in one report. The same bytes always give an equal batch.
pub fn parse(mapping: &Mapping, bytes: &[u8]) -> Result<Batch, ImportReport> {
    mapping.validate()?;
    let encoding = compile::file_encoding(mapping)?;
    let text = decode::decode(bytes, encoding)?;
    let lines = read::records(&text)?;

    let mut errors = Errors::default();
    let (header, data) = read::split_header(mapping, &lines, &mut errors)?;
    let Some(plan) = compile::compile(mapping, Some(&header), &mut errors) else {
        return Err(errors.into_report());
    };

    let mut assembler = Assembler::new(&plan);
    for (line, record) in data {
        if let Some(error) = read::ragged(*line, record, header.width) {
            errors.push(error);
            continue;
        }
        let row = row::read(&plan, *line, record, &mut errors);
        assembler.add(row, &mut errors);
    }
    errors.into_result(assembler.finish())
}
