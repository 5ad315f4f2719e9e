//! One booklet build: a report folder in, a PDF and a DOCX out.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::doc::page::{FORMATS_FILE, Formats};
use crate::doc::{self, Document, Meta};
use crate::error::{Error, Place, Result, Warning};
use crate::fonts::FontLibrary;
use crate::render;
use crate::report::Report;
use crate::template::figures::{Notes, PLACEHOLDER};
use crate::template::{BOOKLET_TEMPLATE, Templates};
use crate::timing::{Stage, Timings};
use crate::{output, t, text};

/// The shared assets of every build: the templates folder, the paper
/// formats and the fonts, loaded once.
pub struct Project {
    /// The project's `templates/` folder.
    pub templates: PathBuf,
    /// The paper formats of `templates/formats.yaml`.
    pub formats: Formats,
    /// The bundled fonts.
    pub fonts: FontLibrary,
    /// The folder they were loaded from.
    pub fonts_dir: PathBuf,
}

impl Project {
    /// The project whose templates and fonts are in the given folders.
    pub fn open(templates: &Path, fonts: &Path) -> Result<Project> {
        if !templates.join(BOOKLET_TEMPLATE).is_file() {
            return Err(Error::input(
                Place::file(templates),
                t!("thư mục mẫu không có tệp {BOOKLET_TEMPLATE}", "the templates folder has no {BOOKLET_TEMPLATE}"),
                Some(t!(
                    "chạy lệnh trong thư mục dự án baocao, hoặc chỉ thư mục mẫu bằng --templates",
                    "run in the baocao project folder, or name the templates folder with --templates"
                )),
            ));
        }
        Ok(Project {
            templates: templates.to_path_buf(),
            formats: Formats::load(&templates.join(FORMATS_FILE))?,
            fonts: FontLibrary::load(fonts)?,
            fonts_dir: fonts.to_path_buf(),
        })
    }

    /// The project's folder by default: `templates/` and `fonts/` in the
    /// current folder, else in the source checkout the program was built
    /// from.
    pub fn default_dir() -> PathBuf {
        let here = PathBuf::from(".");
        if here.join("templates").join(BOOKLET_TEMPLATE).is_file() {
            here
        } else {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        }
    }
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The print-ready PDF.
    Pdf,
    /// The editable DOCX.
    Docx,
    /// Both.
    All,
    /// Only the booklet's text as the templates made it (`NAME.md`): to
    /// review the wording, or to feed other tools the same content.
    #[value(name = "md")]
    Markdown,
}

impl Format {
    fn wants(self, other: Format) -> bool {
        self == Format::All || self == other
    }
}

/// The PDF standards the PDF can conform to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Standard {
    /// PDF/A-2b: archivable, the default.
    #[default]
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-2u: archivable, text extractable.
    #[value(name = "a-2u")]
    A2u,
    /// PDF/A-2a: archivable and accessible (tagged).
    #[value(name = "a-2a")]
    A2a,
    /// PDF/A-3b.
    #[value(name = "a-3b")]
    A3b,
    /// PDF/A-4.
    #[value(name = "a-4")]
    A4,
    /// PDF/UA-1: accessible.
    #[value(name = "ua-1")]
    Ua1,
    /// Plain PDF 1.7.
    #[value(name = "none")]
    None,
}

/// The choices of one build beyond the report's own settings.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The paper format (a key of `templates/formats.yaml`), instead of the
    /// report's `settings.paper`.
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
}

/// How to impose the booklet for the print shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imposition {
    /// Draw crop marks around each sheet's pages.
    pub crop_marks: bool,
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
    /// The build's choices.
    pub options: Options,
    /// The booklet Markdown the templates made, which the document model
    /// was read from.
    pub markdown: String,
    /// How long loading and composing took.
    pub timings: Timings,
}

impl Booklet {
    /// Loads the report in `dir` and composes its document through the
    /// templates, with the report's own settings.
    pub fn compose(project: &Project, dir: &Path) -> Result<Booklet> {
        Booklet::compose_with(project, dir, Options::default())
    }

    /// Loads the report in `dir` and composes its document through the
    /// templates; checks that the fonts can draw every character.
    pub fn compose_with(project: &Project, dir: &Path, options: Options) -> Result<Booklet> {
        let mut timings = Timings::default();
        let report = timings.time(Stage::Load, || Report::load(dir))?;
        let notes = Notes::strict();
        let markdown = timings.time(Stage::Templates, || Templates::new(&project.templates, &report, Arc::clone(&notes)).render(&report))?;
        let document = timings.time(Stage::Document, || -> Result<Document> {
            let meta = meta(project, &report, &options)?;
            let document = doc::parse(&markdown, meta).map_err(|e| markup_error(project, &report, e))?;
            project.fonts.check_coverage(&document).map_err(|e| locate_glyphs(&report, e))?;
            check_word_lengths(&report, &document)?;
            Ok(document)
        })?;
        let mut warnings = report.warnings.clone();
        warnings.extend(notes.empty_figures().iter().map(|figure| empty_figure(&report, figure)));
        Ok(Booklet { report, document, warnings, options, markdown, timings })
    }

    /// The booklet laid out in pages.
    pub fn layout<'a>(&self, project: &'a Project) -> Result<render::pdf::Layout<'a>> {
        render::pdf::layout(&self.document, &project.fonts, &project.templates, &self.report.dir)
    }

    /// The DOCX, its table of contents pre-filled with the page numbers of
    /// `layout`; with the bundled font embedded when the options ask.
    pub fn docx(&self, project: &Project, layout: &render::pdf::Layout<'_>) -> Result<Vec<u8>> {
        let family = match self.options.embed_fonts {
            true => Some(project.fonts.embeddable_family().ok_or_else(|| {
                Error::Docx(t!(
                    "không có họ phông chữ đủ bốn kiểu (thường, đậm, nghiêng, đậm nghiêng) để nhúng",
                    "no font family with all four faces (regular, bold, italic, bold italic) to embed"
                ))
            })?),
            false => None,
        };
        render::docx::render(&self.document, &layout.heading_pages(), family.as_ref())
    }

    /// Renders the formats asked for and writes them to `out_dir` as
    /// `NAME.pdf` and `NAME.docx` (and `NAME.impose.pdf` when asked), or
    /// `NAME.md`.
    /// Nothing is written unless every file rendered.
    pub fn write(&self, project: &Project, out_dir: &Path, format: Format) -> Result<Written> {
        let mut timings = Timings::default();
        if format == Format::Markdown {
            let path = out_dir.join(format!("{}.md", self.report.name));
            timings.time(Stage::Write, || output::write_atomic(&path, self.markdown.as_bytes()))?;
            return Ok(Written { files: vec![path], pages: None, warnings: self.warnings.clone(), timings: self.timings.merged(&timings) });
        }
        let layout = timings.time(Stage::Layout, || self.layout(project))?;
        let name = &self.report.name;
        // The PDF and the DOCX need only the layout: made side by side.
        let (pdf, docx) = std::thread::scope(|scope| {
            let docx = format.wants(Format::Docx).then(|| {
                scope.spawn(|| {
                    let mut timings = Timings::default();
                    let docx = timings.time(Stage::Docx, || self.docx(project, &layout));
                    (docx, timings)
                })
            });
            let pdf = format.wants(Format::Pdf).then(|| self.pdf_files(project, &layout, out_dir, &mut timings));
            (pdf, docx.map(|thread| thread.join().expect("the DOCX writer does not panic")))
        });
        let mut files = pdf.transpose()?.unwrap_or_default();
        if let Some((docx, docx_timings)) = docx {
            files.push((out_dir.join(format!("{name}.docx")), docx?));
            timings = timings.merged(&docx_timings);
        }
        timings.time(Stage::Write, || output::write_all_atomic(&files))?;
        let pages = Some(layout.page_count());
        let warnings = self.warnings.iter().cloned().chain(layout.warnings).collect();
        Ok(Written { files: files.into_iter().map(|(p, _)| p).collect(), pages, warnings, timings: self.timings.merged(&timings) })
    }

    /// The PDF, and the imposed sheets when asked, with their paths in
    /// `out_dir`.
    fn pdf_files(
        &self,
        project: &Project,
        layout: &render::pdf::Layout<'_>,
        out_dir: &Path,
        timings: &mut Timings,
    ) -> Result<Vec<(PathBuf, Vec<u8>)>> {
        let name = &self.report.name;
        let pdf = timings.time(Stage::Pdf, || layout.pdf(&self.document, self.options.standard))?;
        let sheets = match self.options.impose {
            Some(imposition) => Some(timings.time(Stage::Pdf, || {
                render::pdf::impose(
                    pdf.clone(),
                    layout.page_count(),
                    &self.document,
                    &project.fonts,
                    &project.templates,
                    &self.report.dir,
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
    let id = figure.rsplit_once('.').map_or(figure, |(id, _)| id);
    let place = match report.indicators.iter().find(|i| i.id == id) {
        Some(indicator) => indicator.place.clone(),
        None => Place::file(&report.dir.join(crate::report::FACTS_FILE)),
    };
    Warning::new(
        place,
        t!("chưa có số liệu «{figure}», tài liệu in tạm {PLACEHOLDER}", "no figure yet for «{figure}»; the booklet shows {PLACEHOLDER}"),
        Some(t!("điền số liệu vào bảng chỉ tiêu", "fill in the figure in the indicator table")),
    )
}

/// The document metadata from the report's facts and the build's options.
fn meta(project: &Project, report: &Report, options: &Options) -> Result<Meta> {
    let f = &report.facts;
    let paper = options.paper.as_deref().unwrap_or(&f.settings.paper);
    let page = project.formats.get(paper, &Place::file(&report.dir.join(crate::report::FACTS_FILE)))?.clone();
    Ok(Meta {
        title: metadata(&f.title),
        author: metadata(&f.issuing_body),
        subject: metadata(&f.audience.as_ref().map(|a| format!("{} {}", f.title, a)).unwrap_or_else(|| f.title.clone())),
        keywords: vec![metadata(&f.parent_body), f.year.to_string(), f.plan_year.to_string()],
        date: f.date,
        lang: "vi".into(),
        short_title: f.short_title.clone().unwrap_or_else(|| f.title.clone()),
        page,
        duplex: options.duplex.unwrap_or(f.settings.duplex),
    })
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

/// The files a report's text comes from: its facts and its prose.
fn report_files(report: &Report) -> Vec<PathBuf> {
    let mut files = vec![report.dir.join(crate::report::FACTS_FILE)];
    files.extend(report.facts.content.iter().map(|name| report.content_path(name)));
    files
}

/// Points a Markdown problem at the file and line it came from: the prose
/// file holding that line, else the booklet template.
fn markup_error(project: &Project, report: &Report, e: doc::MarkupError) -> Error {
    let found = report_files(report).into_iter().skip(1).find_map(|path| {
        let source = text::read(&path).ok()?;
        let offset = source.lines().scan(0, |pos, line| {
            let start = *pos;
            *pos += line.len() + 1;
            Some((start, line))
        }).find(|(_, line)| !e.line_text.is_empty() && line.trim() == e.line_text)?.0;
        Some(Place::of_offset(&path, &source, offset))
    });
    let place = found.unwrap_or_else(|| Place::file(&project.templates.join(BOOKLET_TEMPLATE)));
    let message = t!("{} (dòng «{}»)", "{} (line «{}»)", e.message, e.line_text);
    Error::input(place, message, e.hint)
}

/// The longest word a line can hold is far shorter; a longer one is pasted
/// data gone wrong (a PDF/A string holds at most 32 767 bytes).
const MAX_WORD: usize = 1000;

/// Refuses a word longer than [`MAX_WORD`] characters, at its place: no
/// page can break it into lines.
fn check_word_lengths(report: &Report, document: &Document) -> Result<()> {
    let mut long = None;
    document.visit_text(|_, text| {
        if long.is_none() {
            long = text.split_whitespace().find(|w| w.chars().nth(MAX_WORD).is_some()).map(str::to_string);
        }
    });
    let Some(word) = long else { return Ok(()) };
    let start: String = word.chars().take(40).collect();
    let place = report_files(report)
        .into_iter()
        .find_map(|path| {
            let source = text::read(&path).ok()?;
            source.find(&start).map(|offset| Place::of_offset(&path, &source, offset))
        })
        .unwrap_or_else(|| Place::file(&report.dir));
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

/// Each missing glyph that occurs in one of the report's files becomes an
/// error at its file, line and column; the others (from templates) stay
/// together, placed by the heading they stand under.
fn locate_glyphs(report: &Report, error: Error) -> Error {
    let Error::MissingGlyphs(missing) = error else { return error };
    let sources: Vec<(PathBuf, String)> =
        report_files(report).into_iter().filter_map(|p| text::read(&p).ok().map(|s| (p, s))).collect();
    let mut errors = Vec::new();
    let mut unplaced = Vec::new();
    for glyph in missing {
        let place = sources.iter().find_map(|(path, source)| {
            source.find(glyph.character).map(|offset| Place::of_offset(path, source, offset))
        });
        match place {
            Some(place) => errors.push(Error::input(
                place,
                t!(
                    "phông chữ đi kèm không vẽ được ký tự U+{:04X} «{}» (…{}…)",
                    "the bundled fonts cannot draw U+{:04X} «{}» (…{}…)",
                    glyph.character as u32,
                    glyph.character,
                    glyph.excerpt
                ),
                Some(t!(
                    "thay ký tự đó bằng ký tự thông dụng (chữ Việt Unicode dựng sẵn), hoặc thêm phông chữ có ký tự đó vào thư mục fonts/",
                    "replace it with a common character (precomposed Unicode Vietnamese), or add a font that has it to fonts/"
                )),
            )),
            None => unplaced.push(glyph),
        }
    }
    if !unplaced.is_empty() {
        errors.push(Error::MissingGlyphs(unplaced));
    }
    Error::all(errors).expect("at least one glyph is missing")
}
