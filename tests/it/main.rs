//! The integration tests, one binary (Typst is linked once), a module per
//! area. Tests that need an outside program (poppler, LibreOffice,
//! python-docx) skip with a notice where it is missing, and fail where
//! `BAOCAO_REQUIRE_TOOLS=1`, all through `common::available`, which counts
//! the skips and prints the count when the binary ends.

mod all_or_none;
mod anywhere;
mod bad_input;
mod batch_and_watch;
mod common;
mod corpus;
mod docx;
mod editor;
mod editor_browser;
mod editor_saves;
mod first_hour;
mod fuzz_seeds;
mod hostile;
mod house_style;
mod html;
mod import;
mod indicators;
mod layering;
mod one_place;
mod parity;
mod print;
mod real_reports;
mod review_items;
mod review_real;
mod review_table;
mod sample_booklet;
mod typesetting;
mod workbook;
