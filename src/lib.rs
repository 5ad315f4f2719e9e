//! `baocao` turns structured report data into a Vietnamese official briefing
//! booklet: a print-ready PDF and an editable DOCX.
//!
//! The library is a stack of layers, lowest first, the pipeline's story;
//! a module uses modules of its own layer or of those below it, never a
//! higher one (`tests/it/layering.rs` holds these layers, checks the code
//! against them, and this list and the README's against it):
//!
//! 1. Foundations that know nothing of reports: [`lang`] (the language of
//!    messages), [`date`], [`limits`], [`timing`], [`memory`], [`faults`]
//!    (faults on demand for the tests), [`reason`] (the system's and the
//!    libraries' reasons, in words), [`guard`] (panics caught).
//! 2. [`error`]: what went wrong, where.
//! 3. Reading and writing: [`files`] is the one way a file is read on
//!    behalf of a report (confined to its folder); [`text`] checks and
//!    normalises what is read; [`yaml`]; [`output`] writes files
//!    atomically; [`locale`] writes numbers and dates the Vietnamese way;
//!    [`source`] says where text came from; [`archive`] opens zip packages
//!    from outside safely.
//! 4. [`assets`]: the templates and fonts compiled into the program and
//!    the lookup rule that lets a report or a designer replace them;
//!    [`style`]: the design facts every writer reads (paper formats, house
//!    style).
//! 5. [`report`]: the report folder (facts in `report.yaml`, prose in
//!    `content/*.md`), and the [`indicators`] table and what follows from
//!    the figures.
//! 6. [`template`]: minijinja templates turn the report into booklet
//!    Markdown, each line knowing its origin.
//! 7. [`doc`]: that Markdown becomes the one neutral document model.
//! 8. [`fonts`], [`fit`] (title lines and column widths, decided once) and
//!    [`render`]: writers that know only the model: Typst in-process for
//!    the PDF, docx-rs for the DOCX.
//! 9. [`build`] runs the pipeline for one report.
//! 10. [`batch`] builds many, [`check`] runs a build's checks without
//!     writing, [`rollover`] starts next year's report, [`scaffold`] a new
//!     one, [`import`] brings a reviewed or hand-made DOCX back.
//! 11. [`edit`] serves a report to edit in the browser with its pages live,
//!     and [`bench`] measures.
//!
//! The `baocao` binary is a thin command line over it (`src/cli/`).

pub mod archive;
pub mod assets;
pub mod batch;
pub mod bench;
pub mod build;
pub mod check;
pub mod date;
pub mod doc;
pub mod edit;
pub mod error;
pub mod faults;
pub mod files;
pub mod fit;
pub mod fonts;
pub mod guard;
pub mod import;
pub mod indicators;
pub mod lang;
pub mod limits;
pub mod locale;
pub mod memory;
pub mod output;
pub mod reason;
pub mod render;
pub mod report;
pub mod rollover;
pub mod scaffold;
pub mod source;
pub mod style;
pub mod template;
pub mod text;
pub mod timing;
pub mod yaml;

pub use build::{Booklet, Format, Imposition, Options, Project, Strictness, Written};
pub use error::{Error, Result};
pub use render::pdf::Standard;
