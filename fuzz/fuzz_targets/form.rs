//! What the editor writes from a browser: a field of report.yaml's form set
//! to any value, and any grid of the indicator table checked and written.
//! Never a panic; a field that is saved leaves a report.yaml that reads;
//! a grid that checks is written as a CSV that reads back to as many
//! indicators.
//!
//! The input: the field's key on the first line, its value on the second,
//! report.yaml after; or, when the first line is `grid`, CSV-like lines of
//! cells split at `;`, the first the headings.
#![no_main]

use libfuzzer_sys::fuzz_target;

include!("../checks/form.rs");
