//! The PDF writer: the document model, passed to Typst as data, set in the
//! page design of `templates/booklet.typ` and `templates/theme.typ`, compiled
//! in-process and exported with typst-pdf.
//!
//! No text is ever spliced into Typst source: the templates read
//! `/document.json` and insert strings as text, so a value such as
//! `#read("/etc/passwd")` prints literally.

mod impose;
mod world;

use std::path::Path;

use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Datetime, NativeElement, Smart, Value};
use typst::introspection::Introspector;
use typst::model::HeadingElem;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use impose::{impose, saddle_order};
pub use world::BookletWorld;

/// The Typst file every booklet is compiled from.
pub const MAIN_FILE: &str = "/templates/booklet.typ";
/// Where the document model is found.
pub const DOCUMENT_FILE: &str = "/document.json";

use crate::build::Standard;
use crate::doc::Document;
use crate::error::{Error, Place, Result, Warning};
use crate::t;
use crate::fonts::FontLibrary;

/// The booklet laid out in pages by Typst, ready to export.
pub struct Layout<'a> {
    world: BookletWorld<'a>,
    pages: PagedDocument,
    /// Typst's warnings, at their places in the template files.
    pub warnings: Vec<Warning>,
}

/// Lays out `doc` of the report in `report_dir` with the page design in
/// `project_templates` (or the report's own `templates/`).
pub fn layout<'a>(
    doc: &Document,
    fonts: &'a FontLibrary,
    project_templates: &Path,
    report_dir: &Path,
) -> Result<Layout<'a>> {
    let json = serde_json::to_vec(doc).expect("the document model serialises");
    let world = BookletWorld::new(fonts, project_templates, report_dir, MAIN_FILE, vec![(DOCUMENT_FILE, json)], doc.meta.date);
    let compiled = typst::compile::<PagedDocument>(&world);
    let warnings = compiled
        .warnings
        .iter()
        .map(|d| {
            let (place, message, hint) = describe(&world, d);
            Warning::new(place, message, hint)
        })
        .collect();
    let pages = compiled.output.map_err(|errors| typst_errors(&world, &errors))?;
    Ok(Layout { world, pages, warnings })
}

impl Layout<'_> {
    /// The page number of each heading the table of contents lists, in
    /// order: the pagination the DOCX's contents are pre-filled with.
    pub fn heading_pages(&self) -> Vec<usize> {
        let introspector = self.pages.introspector();
        introspector
            .query(&HeadingElem::ELEM.select())
            .iter()
            .filter(|h| matches!(h.get_by_name("outlined"), Ok(Value::Bool(true))))
            .filter_map(|h| introspector.page(h.location()?))
            .map(|page| page.get())
            .collect()
    }

    /// How many pages the booklet has.
    pub fn page_count(&self) -> usize {
        self.pages.pages().len()
    }

    /// The PDF file of `doc`, dated by its metadata, conforming to
    /// `standard`.
    pub fn pdf(&self, doc: &Document, standard: Standard) -> Result<Vec<u8>> {
        export(&self.pages, &self.world, doc, standard)
    }
}

/// The PDF/A (or PDF/UA) standards typst-pdf enforces for `standard`.
fn standards(standard: Standard) -> PdfStandards {
    let list: &[PdfStandard] = match standard {
        Standard::A2b => &[PdfStandard::A_2b],
        Standard::A2u => &[PdfStandard::A_2u],
        Standard::A2a => &[PdfStandard::A_2a],
        Standard::A3b => &[PdfStandard::A_3b],
        Standard::A4 => &[PdfStandard::A_4],
        Standard::Ua1 => &[PdfStandard::Ua_1],
        Standard::None => &[],
    };
    PdfStandards::new(list).expect("a single standard is always consistent")
}

/// Exports `pages`, dated and identified by `doc`'s metadata.
fn export(pages: &PagedDocument, world: &BookletWorld<'_>, doc: &Document, standard: Standard) -> Result<Vec<u8>> {
    let date = doc.meta.date;
    let datetime = Datetime::from_ymd(date.year, date.month, date.day).expect("a checked date");
    let options = PdfOptions {
        ident: Smart::Custom(format!("{} {}", doc.meta.title, date)),
        timestamp: Some(Timestamp::new_utc(datetime)),
        standards: standards(standard),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(pages, &options).map_err(|errors| typst_errors(world, &errors))
}

/// Typst's errors as one [`Error`], each at its place in the template files.
fn typst_errors(world: &BookletWorld<'_>, diagnostics: &[SourceDiagnostic]) -> Error {
    let errors = diagnostics.iter().map(|d| {
        let (place, message, hint) = describe(world, d);
        Error::input(place, message, hint)
    });
    Error::all(errors.collect()).unwrap_or_else(|| Error::Typst(t!("Typst không nêu lỗi", "Typst gave no error")))
}

/// One diagnostic: its place in the real template file, the message with
/// where it was called from, and Typst's hints.
fn describe(world: &BookletWorld<'_>, diagnostic: &SourceDiagnostic) -> (Place, String, Option<String>) {
    let place_of = |span: typst::syntax::DiagSpan| -> Option<Place> {
        use typst::World;
        let id = span.id()?;
        let source = world.source(id).ok()?;
        let range = world.range(span)?;
        let path = world.shown_path(id);
        Some(Place::of_offset(&path, source.text(), range.start))
    };
    let place = place_of(diagnostic.span).unwrap_or_else(|| Place::file(&world.shown_path(world.main_id())));
    let mut message = format!("Typst: {}", diagnostic.message);
    for point in &diagnostic.trace {
        if let Some(at) = place_of(point.span.into()) {
            message.push_str(&t!("\n  (gọi từ {at})", "\n  (called from {at})"));
        }
    }
    let hints: Vec<&str> = diagnostic.hints.iter().map(|h| h.v.as_str()).collect();
    (place, message, (!hints.is_empty()).then(|| hints.join("; ")))
}
