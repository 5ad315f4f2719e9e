//! `baocao` turns structured report data into a Vietnamese official briefing
//! booklet: a print-ready PDF and an editable DOCX.
//!
//! The pipeline, one module per step:
//!
//! 1. [`report`]: load the report folder (facts in `report.yaml`, prose in
//!    `content/*.md`, the [`indicators`] table), every file checked and
//!    normalised to NFC ([`text`]), YAML read with field paths ([`yaml`]);
//!    compute what follows from the figures.
//! 2. [`template`]: minijinja templates, with the Vietnamese formatting of
//!    [`locale`], turn the report into booklet Markdown.
//! 3. [`doc`]: that Markdown becomes the one neutral document model.
//! 4. [`render`]: two writers that know only the model: Typst in-process for
//!    the PDF, docx-rs for the DOCX. [`fonts`] holds the bundled fonts both
//!    rely on and checks that every character can be drawn.
//! 5. [`output`]: files are written atomically, so a failed build never
//!    leaves a half-written booklet.
//!
//! [`build`] runs the whole pipeline and [`check`] runs its checks without
//! writing; [`error`] says what went wrong, where, in the language of
//! [`lang`]. The `baocao` binary is a thin [`cli`] over it.

pub mod batch;
pub mod bench;
pub mod build;
pub mod check;
pub mod cli;
pub mod confine;
pub mod doc;
pub mod error;
pub mod fonts;
pub mod indicators;
pub mod lang;
pub mod locale;
pub mod output;
pub mod render;
pub mod report;
pub mod rollover;
pub mod template;
pub mod text;
pub mod timing;
pub mod yaml;

pub use build::{Booklet, Format, Imposition, Options, Project, Standard, Written};
pub use error::{Error, Result};
