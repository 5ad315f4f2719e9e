//! The PDF writer: the document model, passed to Typst as data, set in the
//! page design of `templates/booklet.typ` and `templates/theme.typ`, compiled
//! in-process and exported with typst-pdf.
//!
//! No text is ever spliced into Typst source: the templates read
//! `/document.json` and insert strings as text, so a value such as
//! `#read("/etc/passwd")` prints literally.

mod impose;
mod rows;
mod world;

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;

use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Datetime, NativeElement, Smart, Value};
use typst::introspection::Introspector;
use typst::model::HeadingElem;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use impose::{CROP_MARK_ROOM, impose, saddle_order};
pub use world::BookletWorld;

/// The Typst file every booklet is compiled from.
pub const MAIN_FILE: &str = "/templates/booklet.typ";
/// Where the document model is found.
pub const DOCUMENT_FILE: &str = "/document.json";

use super::{Needs, Output, RenderContext, Rendered, Renderer};
use crate::assets::Assets;
use crate::doc::{CoverMarks, Document, Pagination};
use crate::error::{Error, Place, Result, Warning};
use crate::fonts::FontLibrary;
use crate::limits::LAYOUT_BUDGET;
use crate::style::Sheet;
use crate::t;
use crate::timing::Stage;

/// The PDF writer: the laid-out pages as a PDF conforming to `standard`,
/// and, when asked, the pages imposed on sheets for saddle stitching.
pub struct PdfRenderer<'a> {
    /// The PDF standard.
    pub standard: Standard,
    /// The imposition, when asked.
    pub imposition: Option<Imposing<'a>>,
}

/// What imposing the pages on sheets takes: the sheet, crop marks or not,
/// and the page design the sheets are set with.
pub struct Imposing<'a> {
    /// The sheet.
    pub sheet: Sheet,
    /// Draw crop marks.
    pub crop_marks: bool,
    /// The fonts.
    pub fonts: &'a Arc<FontLibrary>,
    /// The templates.
    pub assets: &'a Assets,
    /// The report folder.
    pub report_dir: &'a Path,
}

impl Renderer for PdfRenderer<'_> {
    fn stage(&self) -> Stage {
        Stage::Pdf
    }

    fn needs(&self, _: &Document) -> Needs {
        Needs::Pages
    }

    fn render(&self, context: &RenderContext<'_>) -> Result<Rendered> {
        let layout = context.layout.ok_or_else(|| Error::Internal("the PDF needs the layout".into()))?;
        let pdf = layout.pdf(context.document, self.standard)?;
        let mut files = Vec::new();
        if let Some(i) = &self.imposition {
            let sheets = impose(pdf.clone(), layout.page_count(), context.document, i.fonts, i.assets, i.report_dir, &i.sheet, i.crop_marks)?;
            files.push((Output::Imposed, sheets));
        }
        files.insert(0, (Output::Pdf, pdf));
        Ok(Rendered { files, warnings: Vec::new() })
    }
}

/// Where a block of the booklet stands on its page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    /// The block, by its place in [`crate::doc::Document::blocks_in_order`].
    pub block: usize,
    /// The page, from 1.
    pub page: usize,
    /// Its top, in points from the top of the page.
    pub top: f64,
}

/// The standards a PDF can conform to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standard {
    /// PDF/A-2b: archivable, the default.
    #[default]
    A2b,
    /// PDF/A-2u: archivable, text extractable.
    A2u,
    /// PDF/A-2a: archivable and accessible (tagged).
    A2a,
    /// PDF/A-3b.
    A3b,
    /// PDF/A-4.
    A4,
    /// PDF/UA-1: accessible.
    Ua1,
    /// Plain PDF 1.7.
    None,
}

/// The booklet laid out in pages by Typst, ready to export.
pub struct Layout {
    world: BookletWorld,
    pages: PagedDocument,
    /// The rows each table was broken before (see [`rows`]), by table.
    table_breaks: Vec<Vec<usize>>,
    /// Typst's warnings, at their places in the template files.
    pub warnings: Vec<Warning>,
}

/// How many times the booklet may be laid out to keep its tables' rows
/// together: a table moved on can move the next one.
const LAYOUT_PASSES: usize = 3;

/// Lays out `doc` of the report in `report_dir` with the page design found
/// through `assets`, within [`LAYOUT_BUDGET`].
pub fn layout(doc: &Document, fonts: &Arc<FontLibrary>, assets: &Assets, report_dir: &Path) -> Result<Layout> {
    let value = serde_json::to_value(doc).expect("the document model serialises");
    layout_json(value, doc, fonts, assets, report_dir)
}

/// Lays out `doc` as [`layout`] does, each block marked where it stands
/// (see [`Layout::marks`]), for the editor's click on a page. The marks are
/// invisible: the pages are those of [`layout`].
pub fn layout_marked(doc: &Document, fonts: &Arc<FontLibrary>, assets: &Assets, report_dir: &Path) -> Result<Layout> {
    let mut value = serde_json::to_value(doc).expect("the document model serialises");
    if let Some(blocks) = value.get_mut("blocks").and_then(|b| b.as_array_mut()) {
        mark_blocks(blocks, &mut 0);
    }
    layout_json(value, doc, fonts, assets, report_dir)
}

/// Numbers `blocks` and the blocks of their list items in reading order
/// (the order of [`crate::doc::Document::blocks_in_order`]), from `next`.
fn mark_blocks(blocks: &mut [serde_json::Value], next: &mut u32) {
    for block in blocks {
        if let Some(object) = block.as_object_mut() {
            object.insert("mark".into(), (*next).into());
            *next += 1;
            if let Some(items) = object.get_mut("items").and_then(|i| i.as_array_mut()) {
                for item in items {
                    if let Some(item) = item.as_array_mut() {
                        mark_blocks(item, next);
                    }
                }
            }
        }
    }
}

/// Lays out the document model `value` (of `doc`), again with its tables
/// broken earlier where a page would hold too few of their rows (see
/// [`rows`]).
fn layout_json(value: serde_json::Value, doc: &Document, fonts: &Arc<FontLibrary>, assets: &Assets, report_dir: &Path) -> Result<Layout> {
    let min_rows = doc.meta.style.table.min_rows;
    let mut table_breaks: Vec<Vec<usize>> = Vec::new();
    for pass in 1..=LAYOUT_PASSES {
        let mut value = value.clone();
        let mut tables = 0;
        if let Some(blocks) = value.get_mut("blocks").and_then(|b| b.as_array_mut()) {
            rows::number_tables(blocks, &table_breaks, &mut tables);
        }
        let json = serde_json::to_vec(&value).expect("the document model serialises");
        let mut layout = compile(json, doc, fonts, assets, report_dir)?;
        table_breaks.resize(tables, Vec::new());
        let mut moved = false;
        if pass < LAYOUT_PASSES {
            let pages = rows::row_pages(layout.pages.introspector().as_ref(), &table_breaks);
            for (forced, pages) in table_breaks.iter_mut().zip(&pages) {
                for row in rows::breaks(pages, min_rows) {
                    if !forced.contains(&row) {
                        forced.push(row);
                        forced.sort_unstable();
                        moved = true;
                    }
                }
            }
        }
        if !moved {
            layout.table_breaks = table_breaks;
            return Ok(layout);
        }
    }
    unreachable!("the last pass returns")
}

fn compile(json: Vec<u8>, doc: &Document, fonts: &Arc<FontLibrary>, assets: &Assets, report_dir: &Path) -> Result<Layout> {
    let world = BookletWorld::new(Arc::clone(fonts), assets.clone(), report_dir, MAIN_FILE, vec![(DOCUMENT_FILE, json)], doc.meta.date);
    let (world, compiled) = compile_within_budget(world)?;
    let warnings = compiled
        .warnings
        .iter()
        .map(|d| {
            let (place, message, hint) = describe(&world, d);
            Warning::new(place, message, hint)
        })
        .collect();
    let pages = compiled.output.map_err(|errors| typst_errors(&world, &errors))?;
    Ok(Layout { world, pages, table_breaks: Vec::new(), warnings })
}

/// Compiles `world` on a thread of its own and waits at most
/// [`LAYOUT_BUDGET`]: Typst cannot be interrupted, so a page design that
/// runs away (a loop in `theme.typ`) is left behind on its thread and the
/// build fails with a message naming the limit.
fn compile_within_budget(world: BookletWorld) -> Result<(BookletWorld, typst::diag::Warned<typst::diag::SourceResult<PagedDocument>>)> {
    // Read the main file first, so that it is named as the person finds it.
    let _ = typst::World::source(&world, world.main_id());
    let main = world.shown_path(world.main_id());
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("typst".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            // A panic of Typst's is told once, as Typst stopping (below),
            // with no panic text.
            if let Ok(compiled) = crate::guard::contain(|| typst::compile::<PagedDocument>(&world)) {
                let _ = sender.send((world, compiled));
            }
        })
        .map_err(|e| Error::Typst(e.to_string()))?;
    match receiver.recv_timeout(LAYOUT_BUDGET) {
        Ok(done) => Ok(done),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Error::input(
            Place::file(&main),
            t!(
                "Typst dàn trang quá {} giây (giới hạn của một tài liệu): đã dừng",
                "Typst took over {} seconds to lay the booklet out (a booklet's limit): stopped",
                LAYOUT_BUDGET.as_secs()
            ),
            Some(t!(
                "kiểm tra các vòng lặp trong booklet.typ, theme.typ của báo cáo, và độ lớn của bảng chỉ tiêu",
                "check the loops of the report's booklet.typ and theme.typ, and the size of the indicator table"
            )),
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Error::Typst(t!(
            "Typst dừng bất thường khi dàn trang",
            "Typst stopped unexpectedly while laying the booklet out"
        ))),
    }
}

impl Layout {
    /// What the DOCX follows to paginate like the PDF: the page of each
    /// heading the contents list, where the cover's blocks stand, and the
    /// rows its tables were broken before.
    pub fn pagination(&self, doc: &Document) -> Pagination {
        Pagination { heading_pages: self.heading_pages(), cover: self.cover_marks(doc), table_breaks: self.table_breaks.clone() }
    }

    /// Where the cover's blocks stand, read back from the marks the page
    /// design puts on them (see `cover-mark` in theme.typ): the title's
    /// first line, the audience, the place and date, the emblem. What a
    /// mark cannot tell is read from the laid-out first page: the title's
    /// last line (the last line in its size above the next block) and how
    /// many lines the Party header block takes (its names may wrap).
    fn cover_marks(&self, doc: &Document) -> Option<CoverMarks> {
        if !doc.blocks.iter().any(|b| matches!(b, crate::doc::Block::Cover(_))) {
            return None;
        }
        let introspector = self.pages.introspector();
        let label = typst::foundations::Label::new(typst::utils::PicoStr::intern("baocao-cover"))?;
        let marks: Vec<(String, f64)> = introspector
            .query(&typst::foundations::Selector::Label(label))
            .iter()
            .filter_map(|content| {
                let position = introspector.position(content.location()?)?;
                let Ok(Value::Dict(mark)) = content.get_by_name("value") else { return None };
                let block = mark.get("block").ok()?.clone().cast::<typst::foundations::Str>().ok()?;
                let baseline = mark.get("baseline").ok()?.clone().cast::<f64>().ok()?;
                (position.page.get() == 1).then(|| (block.to_string(), position.point.y.to_pt() + baseline))
            })
            .collect();
        let at = |block: &str| marks.iter().find(|(b, _)| b == block).map(|(_, y)| *y);
        let (title_baseline, date_baseline) = (at("title")?, at("date")?);
        let page = self.pages.pages().first()?;
        let mut texts = Vec::new();
        collect_texts(&page.frame, typst::layout::Point::zero(), &mut texts);
        let next = at("audience").unwrap_or(date_baseline);
        let title_size = doc.meta.page.title;
        let title_end_baseline = texts
            .iter()
            .filter(|(y, size)| (size - title_size).abs() < 0.01 && *y >= title_baseline - 0.5 && *y < next)
            .map(|(y, _)| *y)
            .fold(title_baseline, f64::max);
        // The header block's lines: the distinct baselines in its size
        // between the top margin and the title (the Party's name, larger by
        // the house style's `cover.party_size`, shares the first).
        let top = doc.meta.page.margin.top / 25.4 * 72.0;
        let mut header: Vec<f64> = texts
            .iter()
            .filter(|(y, size)| (size - doc.meta.page.cover).abs() < 0.01 && *y > top && *y < title_baseline)
            .map(|(y, _)| *y)
            .collect();
        header.sort_by(f64::total_cmp);
        header.dedup_by(|a, b| (*a - *b).abs() < 1.0);
        let header_lines = header.len().max(3);
        Some(CoverMarks { header_lines, logo: at("logo"), title_baseline, title_end_baseline, audience_baseline: at("audience"), date_baseline })
    }

    /// The page number of each heading the table of contents lists, in
    /// order: the pagination the DOCX's contents are pre-filled with.
    fn heading_pages(&self) -> Vec<usize> {
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

    /// The laid-out pages.
    pub fn pages(&self) -> &[typst_layout::Page] {
        self.pages.pages()
    }

    /// Where each marked block stands (a layout of [`layout_marked`]), in
    /// page order: its number, its page (from 1) and its top in points.
    pub fn marks(&self) -> Vec<Mark> {
        let introspector = self.pages.introspector();
        let Some(label) = typst::foundations::Label::new(typst::utils::PicoStr::intern("baocao-mark")) else { return Vec::new() };
        let mut marks: Vec<Mark> = introspector
            .query(&typst::foundations::Selector::Label(label))
            .iter()
            .filter_map(|content| {
                let position = introspector.position(content.location()?)?;
                let Ok(Value::Int(block)) = content.get_by_name("value") else { return None };
                Some(Mark { block: usize::try_from(block).ok()?, page: position.page.get(), top: position.point.y.to_pt() })
            })
            .collect();
        marks.sort_by(|a, b| a.page.cmp(&b.page).then(a.top.total_cmp(&b.top)));
        marks
    }

    /// The PDF file of `doc`, dated by its metadata, conforming to
    /// `standard`.
    pub fn pdf(&self, doc: &Document, standard: Standard) -> Result<Vec<u8>> {
        export(&self.pages, &self.world, doc, standard)
    }
}

/// The baselines (points from the top) and sizes of the text items of
/// `frame`, placed at `at`.
fn collect_texts(frame: &typst::layout::Frame, at: typst::layout::Point, texts: &mut Vec<(f64, f64)>) {
    use typst::layout::FrameItem;
    for (point, item) in frame.items() {
        let here = at + *point;
        match item {
            FrameItem::Group(group) => {
                let shift = typst::layout::Point::new(group.transform.tx, group.transform.ty);
                collect_texts(&group.frame, here + shift, texts);
            }
            FrameItem::Text(text) => texts.push((here.y.to_pt(), text.size.to_pt())),
            _ => {}
        }
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
fn export(pages: &PagedDocument, world: &BookletWorld, doc: &Document, standard: Standard) -> Result<Vec<u8>> {
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
fn typst_errors(world: &BookletWorld, diagnostics: &[SourceDiagnostic]) -> Error {
    let errors = diagnostics.iter().map(|d| {
        let (place, message, hint) = describe(world, d);
        Error::input(place, message, hint)
    });
    Error::all(errors.collect()).unwrap_or_else(|| Error::Typst(t!("Typst không nêu lỗi", "Typst gave no error")))
}

/// One diagnostic: its place in the real template file, the message with
/// where it was called from, and Typst's hints.
fn describe(world: &BookletWorld, diagnostic: &SourceDiagnostic) -> (Place, String, Option<String>) {
    let place_of = |span: typst::syntax::DiagSpan| -> Option<Place> {
        use typst::World;
        let id = span.id()?;
        let source = world.source(id).ok()?;
        let range = world.range(span)?;
        let path = world.shown_path(id);
        Some(Place::of_offset(&path, source.text(), range.start))
    };
    let place = place_of(diagnostic.span).unwrap_or_else(|| Place::file(&world.shown_path(world.main_id())));
    let mut message = format!("{}: {}", t!("Typst (mẫu trang)", "Typst (page design)"), translate(&diagnostic.message));
    for point in &diagnostic.trace {
        if let Some(at) = place_of(point.span.into()) {
            message.push_str(&t!("\n  (gọi từ {at})", "\n  (called from {at})"));
        }
    }
    // Hints about typst-cli's options (`--root`, `--font-path`) do not
    // apply here: the files a booklet may read are fixed.
    let hints: Vec<&str> = diagnostic.hints.iter().map(|h| h.v.as_str()).filter(|h| !h.contains("--")).collect();
    (place, message, (!hints.is_empty()).then(|| hints.join("; ")))
}

/// Typst's most common messages in the message language; others as Typst
/// words them.
fn translate(message: &str) -> String {
    if crate::lang::current() == crate::lang::Lang::En {
        return message.to_string();
    }
    let known: [(&str, &str); 8] = [
        ("unknown variable: ", "tên không xác định: "),
        ("file not found (searched at ", "không tìm thấy tệp (tìm ở "),
        ("failed to load file (access denied)", "không được đọc tệp (ngoài thư mục cho phép)"),
        ("failed to load file", "không đọc được tệp"),
        ("expected ", "cần "),
        ("unclosed delimiter", "thiếu dấu đóng"),
        ("maximum function call depth exceeded", "gọi hàm lồng nhau quá sâu"),
        ("could not be displayed with font", "không có trong phông chữ"),
    ];
    for (english, vietnamese) in known {
        if let Some(at) = message.find(english) {
            return format!("{}{vietnamese}{}", &message[..at], &message[at + english.len()..]);
        }
    }
    message.to_string()
}
