//! One booklet build: a report folder in, a PDF and a DOCX out.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::assets::Assets;
use crate::doc::{self, Document, Meta, Pagination};
use crate::error::{Error, Place, Result, Warning};
use crate::fonts::FontLibrary;
use crate::limits::MAX_WORD;
use crate::render;
use crate::render::pdf::Standard;
use crate::report::{CONTENT_DIR, DRAFT_MARK, FACTS_FILE, Report};
use crate::source::SourceMap;
use crate::template::figures::{Notes, PLACEHOLDER};
use crate::source::anchor;
use crate::template::Templates;
use crate::timing::{Stage, Timings};
use crate::{memory, output, style, t};

/// The shared assets of every build: where templates are found and the
/// fonts, loaded once.
pub struct Project {
    /// The template sources: an optional `--templates` folder over the
    /// embedded defaults.
    pub assets: Assets,
    /// The bundled fonts and any from `--fonts`.
    pub fonts: Arc<FontLibrary>,
}

impl Project {
    /// The project of the embedded templates and fonts.
    pub fn embedded() -> Project {
        Project { assets: Assets::embedded(), fonts: Arc::new(FontLibrary::bundled()) }
    }

    /// The project of `assets`, with the fonts of `extra_fonts` added to
    /// the bundled ones.
    pub fn open(assets: Assets, extra_fonts: Option<&Path>) -> Result<Project> {
        Ok(Project { assets, fonts: Arc::new(FontLibrary::load(extra_fonts)?) })
    }
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The print-ready PDF.
    Pdf,
    /// The editable DOCX.
    Docx,
    /// Both.
    All,
    /// Only the booklet's text as the templates made it (`NAME.md`).
    Markdown,
}

impl Format {
    fn wants(self, other: Format) -> bool {
        self == Format::All || self == other
    }
}

/// The choices of one build beyond the report's own settings.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The paper format (a key of `formats.yaml`), instead of the report's
    /// `settings.paper`.
    pub paper: Option<String>,
    /// Two-sided printing, instead of the report's `settings.duplex`.
    pub duplex: Option<bool>,
    /// The PDF standard.
    pub standard: Standard,
    /// Also write `NAME.impose.pdf` for saddle stitching.
    pub impose: Option<Imposition>,
    /// Set the DOCX in the bundled font and embed it, rather than name
    /// Times New Roman.
    pub embed_fonts: bool,
    /// A DOCX whose Word styles the DOCX takes (`--reference-docx`).
    pub reference_docx: Option<PathBuf>,
    /// The copy to print: a report whose prose is still marked as a draft
    /// is refused (`--final`).
    pub final_copy: bool,
}

/// How to impose the booklet for the print shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imposition {
    /// Draw crop marks around each sheet's pages.
    pub crop_marks: bool,
    /// The sheet to print on: a key of `sheets.yaml` or a size "320x450"
    /// in millimetres; the smallest sheet that holds two pages when none.
    pub sheet: Option<String>,
}

/// How composing treats an indicator the text names that the table lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strictness {
    /// An error, as for a build.
    #[default]
    Strict,
    /// Recorded in the notes and composed with placeholders, as for `check`.
    Recording,
}

/// A report composed into its document, ready to render.
pub struct Booklet {
    /// The loaded report.
    pub report: Report,
    /// Its document model.
    pub document: Document,
    /// What loading and composing it noticed: text from the wild, each
    /// empty figure the text uses.
    pub warnings: Vec<Warning>,
    /// What the report states that its figures contradict (a ratio, a
    /// difference, a summary count): warnings in a build, errors in
    /// `check`.
    pub slips: Vec<Warning>,
    /// The build's choices.
    pub options: Options,
    /// The booklet Markdown the templates made (what `--format md`
    /// writes), which the document model was read from.
    pub markdown: String,
    /// The files the booklet's text came from.
    pub sources: SourceMap,
    /// What rendering noticed (empty figures; indicators the table lacks,
    /// when recording).
    pub notes: Arc<Notes>,
    /// How long loading and composing took.
    pub timings: Timings,
}

impl Booklet {
    /// Loads the report in `dir` and composes its document through the
    /// templates, with the report's own settings.
    pub fn compose(project: &Project, dir: &Path) -> Result<Booklet> {
        Booklet::compose_with(project, dir, Options::default(), Strictness::Strict)
    }

    /// Loads the report in `dir` and composes its document through the
    /// templates; checks that the fonts can draw every character.
    pub fn compose_with(project: &Project, dir: &Path, options: Options, strictness: Strictness) -> Result<Booklet> {
        memory::set_context(dir.display().to_string());
        let mut timings = Timings::default();
        let report = timings.time(Stage::Load, || Report::load(dir))?;
        let drafts = report.drafts();
        let refusals = drafts.iter().filter(|_| options.final_copy).map(|place| {
            Error::input(
                place.clone(),
                t!("tệp còn dấu bản nháp: bản in chính thức (--final) không được còn bản nháp", "the file is still marked as a draft: a final copy (--final) has no drafts"),
                Some(draft_hint()),
            )
        });
        if let Some(error) = Error::all(refusals.collect()) {
            return Err(error);
        }
        let notes = match strictness {
            Strictness::Strict => Notes::strict(),
            Strictness::Recording => Notes::recording(),
        };
        let rendered = timings.time(Stage::Templates, || Templates::new(&project.assets, &report, Arc::clone(&notes)).render(&report))?;
        let document = timings.time(Stage::Document, || -> Result<(Document, Vec<usize>)> {
            let meta = Meta { draft: !drafts.is_empty(), ..meta(project, &report, &options)? };
            check_fields(&project.fonts, &report, &meta)?;
            let document = doc::parse(&rendered.markdown, &rendered.origins, meta).map_err(|e| {
                let first_word = e.line_text.split_whitespace().next();
                let place = e
                    .origin
                    .and_then(|origin| rendered.sources.place(origin, first_word))
                    .unwrap_or_else(|| Place::file(&report.dir));
                Error::input(place, t!("{} (dòng «{}»)", "{} (line «{}»)", e.message, e.line_text), e.hint)
            })?;
            check_glyphs(&project.fonts, &report, &document, &rendered.sources)?;
            check_word_lengths(&report, &document, &rendered.sources)?;
            let mut document = document;
            let family = document.meta.style.font.pdf.clone();
            let too_long = crate::fit::fit(&mut document, &project.fonts, &family, report.facts.title.lines.as_deref());
            Ok((document, too_long))
        })?;
        let (document, too_long) = document;
        let mut warnings = report.warnings.clone();
        warnings.extend(too_long.into_iter().map(|i| {
            Warning::new(
                report.place_of(&format!("title[{i}]")),
                t!("dòng tiêu đề này dài hơn bề ngang trang khổ {}: baocao chia nó thành nhiều dòng", "this title line is wider than the {} page: baocao splits it", document.meta.page.name),
                Some(t!("chia dòng này thành hai dòng ngắn hơn trong `title`", "split the line into two shorter ones in `title`")),
            )
        }));
        warnings.extend(drafts.into_iter().map(|place| {
            Warning::new(
                place,
                t!("tệp còn là bản nháp: tài liệu in chữ «{}» trên mọi trang", "the file is still a draft: every page of the booklet says «{}»", document.meta.style.draft.text),
                Some(draft_hint()),
            )
        }));
        let missing = notes.missing_indicators();
        let empty = notes.empty_figures().into_iter().filter(|f| !missing.iter().any(|id| f.starts_with(&format!("{id}."))));
        warnings.extend(empty.map(|figure| empty_figure(&report, &figure)));
        let markdown = anchor::strip(&rendered.markdown);
        let slips = report.slips();
        Ok(Booklet { report, document, warnings, slips, options, markdown, sources: rendered.sources, notes, timings })
    }

    /// The booklet laid out in pages.
    pub fn layout(&self, project: &Project) -> Result<render::pdf::Layout> {
        render::pdf::layout(&self.document, &project.fonts, &project.assets, &self.report.dir)
    }

    /// The DOCX, paginated as `pagination` (from the layout) says: its
    /// contents pre-filled with the PDF's page numbers, its cover's blocks
    /// where the PDF's stand; with the bundled font embedded, and the Word
    /// styles of a reference DOCX, when the options ask.
    pub fn docx(&self, project: &Project, pagination: &Pagination) -> Result<Vec<u8>> {
        let family = match self.options.embed_fonts {
            true => Some(project.fonts.embeddable_family().ok_or_else(|| {
                Error::Docx(t!(
                    "không có họ phông chữ đủ bốn kiểu (thường, đậm, nghiêng, đậm nghiêng) để nhúng",
                    "no font family with all four faces (regular, bold, italic, bold italic) to embed"
                ))
            })?),
            false => None,
        };
        let logo = self.logo()?;
        let reference = match &self.options.reference_docx {
            Some(path) => Some(read_reference(path)?),
            None => None,
        };
        let sources = self.source_names();
        let digest = self.digest()?;
        let provenance = render::docx::Provenance { report: &self.report.name, digest: &digest, sources: &sources };
        let extras =
            render::docx::Extras { embed: family.as_ref(), logo: logo.as_ref(), reference: reference.as_deref(), provenance: Some(&provenance) };
        render::docx::render(&self.document, pagination, extras)
    }

    /// The names of the booklet's source files, by their index in the
    /// source map: relative to the report folder where they are in it.
    fn source_names(&self) -> Vec<String> {
        self.sources
            .files()
            .iter()
            .map(|f| f.path.strip_prefix(&self.report.dir).unwrap_or(&f.path).to_string_lossy().replace('\\', "/"))
            .collect()
    }

    /// The SHA-256 of what the booklet was built from: the report's files
    /// (report.yaml, the indicator table, the prose) and the templates'
    /// text, each with its name, in a fixed order.
    fn digest(&self) -> Result<String> {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        let dir = &self.report.dir;
        for path in self.input_files().iter().filter(|p| p.symlink_metadata().is_ok()) {
            let bytes = crate::files::read(path, dir, crate::limits::MAX_INPUT).map_err(|refusal| refusal.into_error(path, None))?;
            hash.update(path.strip_prefix(dir).unwrap_or(path).to_string_lossy().as_bytes());
            hash.update([0]);
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(&bytes);
        }
        for (name, file) in self.source_names().iter().zip(self.sources.files()) {
            hash.update(name.as_bytes());
            hash.update([0]);
            hash.update((file.text.len() as u64).to_le_bytes());
            hash.update(file.text.as_bytes());
        }
        Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The cover's emblem for the DOCX, as high as the PDF's.
    fn logo(&self) -> Result<Option<render::docx::Image>> {
        let Some(name) = &self.report.facts.logo else { return Ok(None) };
        let path = self.report.dir.join(name);
        let bytes = crate::files::read(&path, &self.report.dir, crate::limits::MAX_INPUT).map_err(|r| r.into_error(&path, Some(self.report.place_of("logo"))))?;
        let svg = name.to_lowercase().ends_with(".svg");
        render::docx::Image::new(&bytes, svg, self.document.meta.page.height * 0.12).map(Some)
    }

    /// Renders the formats asked for and writes them to `out_dir` as
    /// `NAME.pdf` and `NAME.docx` (and `NAME.impose.pdf` when asked), or
    /// `NAME.md`. Nothing is written unless every file rendered; an output
    /// folder inside the report's `content/` or `templates/`, or an output
    /// that would replace one of its files, is refused.
    pub fn write(&self, project: &Project, out_dir: &Path, format: Format) -> Result<Written> {
        self.check_output(out_dir)?;
        let mut timings = Timings::default();
        let name = &self.report.name;
        if format == Format::Markdown {
            let path = out_dir.join(format!("{name}.md"));
            timings.time(Stage::Write, || output::write_outputs(&[(path.clone(), self.markdown.as_bytes().to_vec())]))?;
            return Ok(Written { files: vec![path], pages: None, warnings: self.warnings.iter().chain(&self.slips).cloned().collect(), timings: self.timings.merged(&timings) });
        }
        // The DOCX alone needs the layout only for the page numbers of its
        // pre-filled contents and the places of its cover's blocks.
        let needs_layout = format.wants(Format::Pdf)
            || self.document.blocks.iter().any(|b| matches!(b, doc::Block::Contents { .. } | doc::Block::Cover(_)));
        let layout = match needs_layout {
            true => Some(timings.time(Stage::Layout, || self.layout(project))?),
            false => None,
        };
        let mut pagination = layout.as_ref().map(|l| l.pagination(&self.document)).unwrap_or_default();
        let mut warnings: Vec<Warning> = self.warnings.iter().chain(&self.slips).cloned().collect();
        if format.wants(Format::Docx) {
            let levels = self.document.blocks.iter().filter_map(|b| if let doc::Block::Heading { level, numbered: true, .. } = b { Some(usize::from(*level)) } else { None });
            warnings.extend(self.document.meta.style.labels_word_cannot_number(levels));
        }
        if layout.is_some() && pagination.heading_pages.len() != self.document.outline().len() {
            // A page number beside the wrong heading is worse than none:
            // the DOCX's contents then wait for Word to update the field.
            warnings.push(Warning::new(
                Place::file(&self.report.dir.join(FACTS_FILE)),
                t!(
                    "mục lục DOCX để trống số trang: bản dàn trang có {} đề mục, tài liệu có {}",
                    "the DOCX contents are left without page numbers: the layout has {} headings, the document {}",
                    pagination.heading_pages.len(),
                    self.document.outline().len()
                ),
                Some(t!("trong Word, bấm F9 trên mục lục để cập nhật số trang", "in Word, press F9 on the contents to update the page numbers")),
            ));
            pagination.heading_pages.clear();
        }
        // The PDF and the DOCX need only the layout: made side by side.
        let (pdf, docx) = std::thread::scope(|scope| {
            let docx = format.wants(Format::Docx).then(|| {
                scope.spawn(|| {
                    let mut timings = Timings::default();
                    let docx = timings.time(Stage::Docx, || self.docx(project, &pagination));
                    (docx, timings)
                })
            });
            let pdf = match (&layout, format.wants(Format::Pdf)) {
                (Some(layout), true) => Some(self.pdf_files(project, layout, out_dir, &mut timings)),
                _ => None,
            };
            (pdf, docx.map(|thread| thread.join()))
        });
        let mut files = pdf.transpose()?.unwrap_or_default();
        if let Some(done) = docx {
            let (docx, docx_timings) = done.map_err(|_| Error::Internal(t!("bộ viết DOCX dừng bất thường", "the DOCX writer stopped unexpectedly")))?;
            files.push((out_dir.join(format!("{name}.docx")), docx?));
            timings = timings.merged(&docx_timings);
        }
        timings.time(Stage::Write, || output::write_outputs(&files))?;
        let pages = layout.as_ref().map(render::pdf::Layout::page_count);
        let layout_warnings = layout.map(|l| l.warnings).unwrap_or_default();
        warnings.extend(layout_warnings);
        Ok(Written { files: files.into_iter().map(|(p, _)| p).collect(), pages, warnings, timings: self.timings.merged(&timings) })
    }

    /// Refuses an output folder that would overwrite the report's sources:
    /// inside its `content/` or `templates/` folder, or an output file that
    /// is one of its input files.
    fn check_output(&self, out_dir: &Path) -> Result<()> {
        let Ok(real_out) = real_folder(out_dir) else { return Ok(()) };
        let dir = &self.report.dir;
        let inputs = [dir.join(CONTENT_DIR), dir.join(crate::assets::REPORT_TEMPLATES)];
        let inside = inputs.iter().filter_map(|p| p.canonicalize().ok()).find(|p| real_out.starts_with(p));
        let name = &self.report.name;
        let clash = ["pdf", "docx", "md", "impose.pdf"]
            .iter()
            .map(|ext| real_out.join(format!("{name}.{ext}")))
            .find(|out| self.input_files().iter().filter_map(|p| p.canonicalize().ok()).any(|input| &input == out));
        if inside.is_some() || clash.is_some() {
            return Err(Error::input(
                Place::file(out_dir),
                t!(
                    "thư mục đầu ra nằm trong thư mục nội dung hoặc mẫu của báo cáo: sẽ ghi đè tệp nguồn",
                    "the output folder lies inside the report's prose or templates folder: it would overwrite a source file"
                ),
                Some(t!("chọn thư mục đầu ra khác, ví dụ --out out/", "choose another output folder, e.g. --out out/")),
            ));
        }
        Ok(())
    }

    /// The report's files the build reads.
    fn input_files(&self) -> Vec<PathBuf> {
        let dir = &self.report.dir;
        let mut files = vec![dir.join(FACTS_FILE)];
        files.extend(self.report.facts.content.iter().map(|name| self.report.content_path(name)));
        files.extend(crate::indicators::table::FILES.iter().map(|f| dir.join(f)));
        files
    }

    /// The sheet the imposition prints on: the one asked for, else the
    /// smallest standard sheet that holds two pages (and the crop marks).
    fn sheet(&self, project: &Project, imposition: &Imposition) -> Result<style::Sheet> {
        let page = &self.document.meta.page;
        let room = if imposition.crop_marks { 2.0 * render::pdf::CROP_MARK_ROOM } else { 0.0 };
        let place = Place::file(Path::new(&t!("dòng lệnh (--sheet)", "the command line (--sheet)")));
        style::sheets(&project.assets, Some(&self.report.dir))?.choose(imposition.sheet.as_deref(), 2.0 * page.width + room, page.height + room, &place)
    }

    /// The PDF, and the imposed sheets when asked, with their paths in
    /// `out_dir`.
    fn pdf_files(&self, project: &Project, layout: &render::pdf::Layout, out_dir: &Path, timings: &mut Timings) -> Result<Vec<(PathBuf, Vec<u8>)>> {
        let name = &self.report.name;
        let pdf = timings.time(Stage::Pdf, || layout.pdf(&self.document, self.options.standard))?;
        let sheets = match &self.options.impose {
            Some(imposition) => Some(timings.time(Stage::Pdf, || {
                let sheet = self.sheet(project, imposition)?;
                render::pdf::impose(
                    pdf.clone(),
                    layout.page_count(),
                    &self.document,
                    &project.fonts,
                    &project.assets,
                    &self.report.dir,
                    &sheet,
                    imposition.crop_marks,
                )
            })?),
            None => None,
        };
        let mut files = vec![(out_dir.join(format!("{name}.pdf")), pdf)];
        if let Some(sheets) = sheets {
            files.push((out_dir.join(format!("{name}.impose.pdf")), sheets));
        }
        Ok(files)
    }
}

/// The reference DOCX the command line names, read as any input is.
fn read_reference(path: &Path) -> Result<Vec<u8>> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    crate::files::read(path, folder, crate::archive::MAX_UNCOMPRESSED).map_err(|r| r.into_error(path, None))
}

/// The real path of folder `dir`, or of the folder it would be made in.
fn real_folder(dir: &Path) -> std::io::Result<PathBuf> {
    match dir.canonicalize() {
        Ok(real) => Ok(real),
        Err(_) => {
            let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            Ok(real_folder(parent)?.join(dir.file_name().unwrap_or_default()))
        }
    }
}

/// What [`Booklet::write`] wrote.
#[derive(Debug)]
pub struct Written {
    /// The files, PDF first.
    pub files: Vec<PathBuf>,
    /// The booklet's pages, when it was laid out (not for Markdown).
    pub pages: Option<usize>,
    /// What the build noticed: the booklet's warnings, then Typst's.
    pub warnings: Vec<Warning>,
    /// How long each stage took, composing included.
    pub timings: Timings,
}

/// The warning for empty figure `figure` (`id.field`) that the text uses:
/// at the indicator's row when the table has it.
pub fn empty_figure(report: &Report, figure: &str) -> Warning {
    let message = t!("chưa có số liệu «{figure}», tài liệu in tạm {PLACEHOLDER}", "no figure yet for «{figure}»; the booklet shows {PLACEHOLDER}");
    if let Some(list) = figure.strip_prefix("summaries.") {
        // A stated count of report.yaml, not a figure of the table.
        let (key, side) = list.rsplit_once('.').unwrap_or((list, "unmet"));
        let place = report.outline.key(figure).or_else(|| report.outline.key(&format!("summaries.{key}"))).unwrap_or_else(|| report.place_of("summaries"));
        return Warning::new(
            place,
            message,
            Some(t!(
                "ghi số hoặc tên các chỉ tiêu ở summaries.{key}.{side} trong report.yaml (hoặc điền đủ bảng chỉ tiêu để tính)",
                "give the count or the names under summaries.{key}.{side} in report.yaml (or complete the indicator table to compute them)"
            )),
        );
    }
    let id = figure.rsplit_once('.').map_or(figure, |(id, _)| id);
    let place = match report.indicators.iter().find(|i| i.id == id) {
        Some(indicator) => indicator.place.clone(),
        None => Place::file(&report.dir.join(FACTS_FILE)),
    };
    let file = report.indicators.first().map_or_else(|| "indicators.csv".to_string(), |i| i.place.path.file_name().unwrap_or_default().to_string_lossy().into_owned());
    Warning::new(place, message, Some(t!("điền số liệu vào dòng «{id}» của {file}", "fill in the figure on row «{id}» of {file}")))
}

/// How to end a draft.
fn draft_hint() -> String {
    t!(
        "viết lại nội dung cho năm mới, rồi xóa dòng «{DRAFT_MARK} ... #}}»",
        "rewrite the text for the new year, then delete the line «{DRAFT_MARK} ... #}}»"
    )
}

/// The document metadata from the report's facts and the build's options.
fn meta(project: &Project, report: &Report, options: &Options) -> Result<Meta> {
    let f = &report.facts;
    let formats = style::formats(&project.assets, Some(&report.dir))?;
    let style = style::house_style(&project.assets, Some(&report.dir))?;
    let page = match &options.paper {
        Some(paper) => formats.get(paper, &Place::file(Path::new(&t!("dòng lệnh (--paper)", "the command line (--paper)")))),
        None => formats.get(&f.settings.paper, &report.place_of("settings.paper")),
    }?
    .clone();
    Ok(Meta {
        title: metadata(&f.title.text),
        author: metadata(&f.issuing_body),
        subject: metadata(&f.audience.as_ref().map(|a| format!("{} {}", f.title, a)).unwrap_or_else(|| f.title.text.clone())),
        keywords: vec![metadata(&f.parent_body), f.year.to_string(), f.plan_year.to_string()],
        date: f.date,
        lang: "vi".into(),
        short_title: running_title(f.short_title.as_deref(), f.year, f.plan_year),
        page,
        duplex: options.duplex.unwrap_or(f.settings.duplex),
        style,
        draft: false,
    })
}

/// The longest running title, in characters: one line of the header.
const MAX_RUNNING_TITLE: usize = 70;

/// The running header's title: the report's `short_title`, else the short
/// form the years give; cut to one line.
fn running_title(short_title: Option<&str>, year: i32, plan_year: i32) -> String {
    let title = short_title.map_or_else(|| format!("Kết quả năm {year}, nhiệm vụ năm {plan_year}"), str::to_string);
    match title.char_indices().nth(MAX_RUNNING_TITLE) {
        Some((end, _)) => format!("{}…", title[..end].trim_end()),
        None => title,
    }
}

/// The longest metadata string kept, in characters: PDF/A allows strings
/// of at most 32 767 bytes, and no real title comes near.
const MAX_METADATA: usize = 1000;

/// `text` as a metadata string: cut at [`MAX_METADATA`] characters with an
/// ellipsis. The booklet's own text is never cut.
fn metadata(text: &str) -> String {
    match text.char_indices().nth(MAX_METADATA) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// The error for character `c`, which no font draws, at `place`.
fn glyph_error(place: Place, c: char, excerpt: &str) -> Error {
    Error::input(
        place,
        t!(
            "phông chữ đi kèm không vẽ được ký tự U+{:04X} «{c}» (…{excerpt}…)",
            "the bundled fonts cannot draw U+{:04X} «{c}» (…{excerpt}…)",
            c as u32
        ),
        Some(t!(
            "thay ký tự đó bằng ký tự thông dụng (chữ Việt Unicode dựng sẵn), hoặc thêm phông chữ có ký tự đó bằng --fonts",
            "replace it with a common character (precomposed Unicode Vietnamese), or add a font that has it with --fonts"
        )),
    )
}

/// Every value of `report.yaml` and every name of the indicator table that
/// the booklet may print, and the running title, checked against the fonts
/// at its own place (a character no font draws would be dropped or boxed).
fn check_fields(fonts: &FontLibrary, report: &Report, meta: &Meta) -> Result<()> {
    let mut errors = Vec::new();
    let mut check = |place: Place, value: &str| {
        if let Some((at, c)) = value.char_indices().find(|(_, c)| !c.is_whitespace() && !fonts.covers(*c)) {
            let place = match place.source_line.as_deref().and_then(|line| line.find(c)) {
                Some(column) => {
                    let line = place.source_line.clone().unwrap_or_default();
                    Place { column: Some(line[..column].chars().count() + 1), len: Some(1), ..place }
                }
                None => place,
            };
            errors.push(glyph_error(place, c, &excerpt(value, at)));
        }
    };
    for (key, value) in report.facts.texts() {
        if key == "logo" || key.starts_with("content[") || key == "settings.paper" {
            continue;
        }
        check(report.place_of(&key), value);
    }
    for indicator in &report.indicators {
        for value in [&indicator.name, &indicator.unit, &indicator.basis, &indicator.group, &indicator.note] {
            check(indicator.place.clone(), value);
        }
        if let Some(short) = &indicator.short_name {
            check(indicator.place.clone(), short);
        }
    }
    check(report.place_of("short_title"), &meta.short_title);
    Error::all(errors).map_or(Ok(()), Err)
}

/// Up to 20 characters either side of byte offset `at` in `text`.
fn excerpt(text: &str, at: usize) -> String {
    let before: String = text[..at].chars().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[at..].chars().take(21).collect();
    format!("{before}{after}")
}

/// Each character of the document no font draws, at the line it came from
/// (its column found on that line), else under the heading it stands in;
/// one the report's fields hold was told already by [`check_fields`].
fn check_glyphs(fonts: &FontLibrary, report: &Report, document: &Document, sources: &SourceMap) -> Result<()> {
    let errors: Vec<Error> = fonts
        .missing_glyphs(document)
        .into_iter()
        .map(|glyph| {
            let needle = glyph.character.to_string();
            let place = glyph.origin.and_then(|origin| sources.place(origin, Some(&needle)));
            let excerpt = match place {
                Some(_) => glyph.excerpt,
                None => t!("{} trong {}", "{} in {}", glyph.excerpt, glyph.place),
            };
            glyph_error(place.unwrap_or_else(|| Place::file(&report.dir.join(FACTS_FILE))), glyph.character, &excerpt)
        })
        .collect();
    Error::all(errors).map_or(Ok(()), Err)
}

/// Refuses a word longer than [`MAX_WORD`] characters, at its line: no page
/// can break it into lines.
fn check_word_lengths(report: &Report, document: &Document, sources: &SourceMap) -> Result<()> {
    let mut long = None;
    document.visit_text(|run| {
        if long.is_none() {
            long = run.text.split_whitespace().find(|w| w.chars().nth(MAX_WORD).is_some()).map(|w| (w.to_string(), run.origin));
        }
    });
    let Some((word, origin)) = long else { return Ok(()) };
    let start: String = word.chars().take(40).collect();
    let place = origin.and_then(|o| sources.place(o, Some(&start))).unwrap_or_else(|| Place::file(&report.dir));
    Err(Error::input(
        place,
        t!(
            "một từ dài {} ký tự, không ngắt dòng được (tối đa {MAX_WORD}): «{start}…»",
            "a word of {} characters cannot be broken into lines (at most {MAX_WORD}): «{start}…»",
            word.chars().count()
        ),
        Some(t!("thêm dấu cách, hoặc kiểm tra lại đoạn văn bản đã dán", "add spaces, or check the pasted text")),
    ))
}
