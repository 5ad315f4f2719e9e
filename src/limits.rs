//! The limits that keep every input, however hostile, to bounded work: each
//! far above what a real booklet needs (the sample: 3 prose files, 57
//! indicator rows, 66 KB of text, 24 pages, list depth 2), each reported
//! with the limit and the place that passed it. Together they keep a build
//! under about 1 GB of memory and 30 seconds on a two-core machine.

use std::time::Duration;

/// The largest input file read, in bytes (a booklet's prose is about 64 KB).
pub const MAX_INPUT: u64 = 8 * 1024 * 1024;

/// The largest font file read from `--fonts`.
pub const MAX_FONT: u64 = 64 * 1024 * 1024;

/// How many files the `content` list may name.
pub const MAX_CONTENT_FILES: usize = 200;

/// How many rows the indicator table may have (a province has under 100).
pub const MAX_INDICATOR_ROWS: usize = 2_000;

/// The largest booklet text the templates may make, in bytes (the sample
/// makes 66 KB; this is some 400 pages).
pub const MAX_BOOKLET_TEXT: usize = 1024 * 1024;

/// How deep the elements of an XML part from outside may nest (a reviewed
/// DOCX, a reference DOCX's styles): Word's deepest, tables in tables in
/// content controls, stay under 60. Every reader of such XML walks it
/// within this depth, so no input can overflow the stack.
pub const MAX_XML_DEPTH: usize = 256;

/// How deep lists and quotations may nest.
pub const MAX_NESTING: usize = 20;

/// How many columns a table may have before no page can hold it.
pub const MAX_TABLE_COLUMNS: usize = 16;

/// How many headings of one level a lettered label (A. to Z.) may count.
pub const MAX_PARTS: usize = 26;

/// How many pixels an image (the cover emblem) may have, read from its
/// header before it is decoded.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

/// The longest word: no line can hold a longer one.
pub const MAX_WORD: usize = 1000;

/// How long Typst may lay one booklet out before the build gives up on it.
pub const LAYOUT_BUDGET: Duration = Duration::from_secs(20);

/// The instructions one template render may run.
pub const TEMPLATE_FUEL: u64 = 5_000_000;

/// How many operators one template tag (`{{ … }}`, `{% … %}`) may hold:
/// minijinja builds and compiles an expression recursively, a tree as deep
/// as its chain of operators (a real one has a few dozen).
pub const MAX_EXPRESSION_TERMS: usize = 500;

/// How deep template includes and loops may nest.
pub const TEMPLATE_RECURSION: usize = 100;

/// How many problems are printed one by one before the rest are counted.
pub const MAX_DIAGNOSTICS: usize = 200;

/// How many folders and files a `--fonts` folder walk visits.
pub const MAX_FONT_FILES: usize = 1_000;
