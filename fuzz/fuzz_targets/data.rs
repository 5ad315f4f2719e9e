//! The data loader: any bytes, as report.yaml, an indicator table (CSV or
//! YAML), a prose file or a DOCX to import, are read or refused with an
//! error at a place in the file, never a panic. Three kinds more take the
//! shapes that overflowed the stack: a prose file's expressions, checked
//! and then compiled by minijinja (`1 + 1 + …`, `not not …` past the
//! limit are refused, within it they compile); a DOCX's
//! `word/document.xml`, and a reference DOCX's `word/styles.xml`, as XML
//! text (content controls, insertions, tables nested without end).
#![no_main]

use libfuzzer_sys::fuzz_target;

include!("../checks/data.rs");
