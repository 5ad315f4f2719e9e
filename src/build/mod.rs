//! One booklet build: a report folder in, a PDF and a DOCX out.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::assets::Assets;
use crate::doc::{self, Document, Meta, Pagination};
use crate::error::{Error, Place, Result, Warning};
use crate::fonts::FontLibrary;
use crate::render;
use crate::render::pdf::Standard;
use crate::report::{CONTENT_DIR, FACTS_FILE, Overlay, Report};
use crate::source::SourceMap;
use crate::template::figures::Notes;
use crate::template::unfinished;
use crate::source::anchor;
use crate::template::Templates;
use crate::timing::{Stage, Timings};
use crate::{memory, output, style, t};

mod settable;

use settable::{check_fields, check_glyphs, check_word_lengths};

/// The shared assets of every build: where templates are found and the
/// fonts, loaded once (a clone shares them).
#[derive(Clone)]
pub struct Project {
    /// The template sources: an optional `--templates` folder over the
    /// embedded defaults.
    pub assets: Assets,
    /// The bundled fonts and any from `--fonts`.
    pub fonts: Arc<FontLibrary>,
    /// The `--fonts` folder, if any: never an output folder.
    pub fonts_dir: Option<PathBuf>,
}

impl Project {
    /// The project of the embedded templates and fonts.
    pub fn embedded() -> Project {
        Project { assets: Assets::embedded(), fonts: Arc::new(FontLibrary::bundled()), fonts_dir: None }
    }

    /// The project of `assets`, with the fonts of `extra_fonts` added to
    /// the bundled ones.
    pub fn open(assets: Assets, extra_fonts: Option<&Path>) -> Result<Project> {
        Ok(Project { assets, fonts: Arc::new(FontLibrary::load(extra_fonts)?), fonts_dir: extra_fonts.map(Path::to_path_buf) })
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

    /// The names of the files a build of report `name` writes in this
    /// format, with the imposed sheets or not.
    pub fn file_names(self, name: &str, impose: bool) -> Vec<String> {
        if self == Format::Markdown {
            return vec![format!("{name}.md")];
        }
        let mut names = Vec::new();
        if self.wants(Format::Pdf) {
            names.push(format!("{name}.pdf"));
            if impose {
                names.push(format!("{name}.impose.pdf"));
            }
        }
        if self.wants(Format::Docx) {
            names.push(format!("{name}.docx"));
        }
        names
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
    /// Texts read instead of the report's files: the editor's preview of
    /// what is typed and not saved yet (see [`Overlay`]).
    pub overlay: Overlay,
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
    /// What loading and composing it noticed: text from the wild, a title
    /// line too wide.
    pub warnings: Vec<Warning>,
    /// What stands between it and a final copy, each a warning in `build`
    /// and `check` alike and refused by `--final`: draft marks,
    /// placeholders, empty figures the text uses, and what the report
    /// states that its figures contradict (see [`Report::slips`]).
    pub unfinished: Vec<Warning>,
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
        let _building = memory::building(&dir.display().to_string());
        let key = dir.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        crate::faults::at("compose", &key).map_err(|e| Error::io(dir, t!("không làm được", "cannot build"), e))?;
        let mut timings = Timings::default();
        let report = timings.time(Stage::Load, || Report::load_with(dir, &options.overlay))?;
        let draft = !report.drafts().is_empty();
        let notes = match strictness {
            Strictness::Strict => Notes::strict(),
            Strictness::Recording => Notes::recording(),
        };
        let rendered = timings.time(Stage::Templates, || Templates::new(&project.assets, &report, Arc::clone(&notes)).render(&report))?;
        let document = timings.time(Stage::Document, || -> Result<(Document, Vec<usize>)> {
            let meta = Meta { draft, ..meta(project, &report, &options)? };
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
        warnings.extend(crate::fit::crowded_cover(&document, report.place_of("title")));
        warnings.extend(too_long.into_iter().map(|i| {
            Warning::new(
                report.place_of(&format!("title[{i}]")),
                t!("dòng tiêu đề này dài hơn bề ngang trang khổ {}: baocao chia nó thành nhiều dòng", "this title line is wider than the {} page: baocao splits it", document.meta.page.name),
                Some(t!("chia dòng này thành hai dòng ngắn hơn trong `title`", "split the line into two shorter ones in `title`")),
            )
        }));
        warnings.extend(doc::ladder_slips(&document.blocks).into_iter().map(|slip| {
            let place = slip.origin.and_then(|origin| rendered.sources.place(origin, Some(&slip.first_word))).unwrap_or_else(|| Place::file(&report.dir));
            Warning::new(place, slip.message, Some(slip.hint))
        }));
        let unfinished = unfinished::unfinished(&report, &notes, &document.meta.style.draft.text);
        if options.final_copy
            && let Some(error) = Error::all(unfinished.iter().map(unfinished::refused_in_final_copy).collect())
        {
            return Err(error);
        }
        let markdown = anchor::strip(&rendered.markdown);
        Ok(Booklet { report, document, warnings, unfinished, options, markdown, sources: rendered.sources, notes, timings })
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
    /// text, each with its name, in a fixed order. Of report.yaml, the
    /// facts as read: its comments are no part of the booklet, so that a
    /// comment changed changes no byte of the DOCX.
    fn digest(&self) -> Result<String> {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        let dir = &self.report.dir;
        for path in self.input_files().iter().filter(|p| p.symlink_metadata().is_ok()) {
            let bytes = match path.file_name().is_some_and(|n| n == FACTS_FILE) {
                true => serde_json::to_vec(&self.report.facts).map_err(|e| Error::Internal(e.to_string()))?,
                false => crate::files::read(path, dir, crate::limits::MAX_INPUT).map_err(|refusal| refusal.into_error(path, None))?,
            };
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
    /// folder that would overwrite an input is refused (see
    /// `check_output`); another file of this name there that this build
    /// does not write is named in a warning.
    pub fn write(&self, project: &Project, out_dir: &Path, format: Format) -> Result<Written> {
        self.check_output(project, out_dir, format)?;
        let mut timings = Timings::default();
        let name = &self.report.name;
        if format == Format::Markdown {
            let files = vec![(out_dir.join(format!("{name}.md")), self.markdown.as_bytes().to_vec())];
            let mut warnings: Vec<Warning> = self.warnings.iter().chain(&self.unfinished).cloned().collect();
            warnings.extend(timings.time(Stage::Write, || self.write_files(out_dir, &files))?);
            return Ok(Written { files: files.into_iter().map(|(p, _)| p).collect(), pages: None, warnings, timings: self.timings.merged(&timings) });
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
        let mut warnings: Vec<Warning> = self.warnings.iter().chain(&self.unfinished).cloned().collect();
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
        warnings.extend(timings.time(Stage::Write, || self.write_files(out_dir, &files))?);
        let pages = layout.as_ref().map(render::pdf::Layout::page_count);
        let layout_warnings = layout.map(|l| l.warnings).unwrap_or_default();
        warnings.extend(layout_warnings);
        Ok(Written { files: files.into_iter().map(|(p, _)| p).collect(), pages, warnings, timings: self.timings.merged(&timings) })
    }

    /// Writes `files` into `out_dir` all or none (see [`output`]); warns
    /// of a killed build's files put back, and, for a PDF or a DOCX, of
    /// each other of this report's PDF, DOCX and imposed sheets there that
    /// this build did not write: it comes from an earlier build and may
    /// not match.
    fn write_files(&self, out_dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<Warning>> {
        let mut warnings = output::write_outputs(out_dir, files)?;
        let written: Vec<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
        let printed = files.iter().any(|(p, _)| p.extension().is_some_and(|e| e != "md"));
        let pair = if printed { Format::All.file_names(&self.report.name, true) } else { Vec::new() };
        for stale in pair.into_iter().map(|n| out_dir.join(n)).filter(|p| !written.contains(&p.as_path())) {
            if stale.symlink_metadata().is_ok_and(|m| m.is_file()) {
                warnings.push(Warning::new(
                    Place::file(&stale),
                    t!(
                        "tệp này của lần làm trước không được làm lại lần này: có thể không khớp với tệp mới",
                        "this file of an earlier build was not made again this time: it may not match the new files"
                    ),
                    Some(t!("làm lại đủ các tệp (--format all, --impose như lần trước), hoặc xóa tệp cũ", "build all the files again (--format all, --impose as before), or delete the old file")),
                ));
            }
        }
        Ok(warnings)
    }

    /// Refuses an output folder that would overwrite an input: the report
    /// folder itself, its `content/` or `templates/` folder, the
    /// `--templates` or `--fonts` folder (or a folder inside one), or a
    /// folder where an output would replace one of the report's files or
    /// the reference DOCX.
    fn check_output(&self, project: &Project, out_dir: &Path, format: Format) -> Result<()> {
        let Ok(real_out) = output::real_path(out_dir) else { return Ok(()) };
        let real = |p: &Path| output::real_path(p).ok();
        let dir = &self.report.dir;
        let folders = [
            (Some(dir.join(CONTENT_DIR)), t!("thư mục nội dung của báo cáo", "the report's prose folder")),
            (Some(dir.join(crate::assets::REPORT_TEMPLATES)), t!("thư mục mẫu của báo cáo", "the report's templates folder")),
            (project.assets.templates_dir().map(Path::to_path_buf), t!("thư mục mẫu (--templates)", "the templates folder (--templates)")),
            (project.fonts_dir.clone(), t!("thư mục phông chữ (--fonts)", "the fonts folder (--fonts)")),
        ];
        let mut why = folders.into_iter().find(|(p, _)| p.as_deref().and_then(real).is_some_and(|p| real_out.starts_with(p))).map(|(_, what)| what);
        if why.is_none() && real(dir).is_some_and(|d| d == real_out) {
            why = Some(t!("thư mục báo cáo", "the report folder"));
        }
        if why.is_none() {
            let inputs: Vec<PathBuf> = self.input_files().iter().chain(&self.options.reference_docx).filter_map(|p| real(p)).collect();
            let clash = format.file_names(&self.report.name, self.options.impose.is_some()).into_iter().find(|n| inputs.contains(&real_out.join(n)));
            why = clash.map(|n| t!("nơi có tệp nguồn {n}", "where the source file {n} is"));
        }
        match why {
            Some(what) => Err(Error::input(
                Place::file(out_dir),
                t!("thư mục đầu ra là (hoặc nằm trong) {what}: sẽ ghi đè tệp nguồn", "the output folder is (or lies in) {what}: it would overwrite a source file"),
                Some(t!("chọn thư mục đầu ra khác, ví dụ --out out/", "choose another output folder, e.g. --out out/")),
            )),
            None => Ok(()),
        }
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

/// Whether the reference DOCX at `path` (`--reference-docx`) can be read
/// and give its styles: checked once before a batch, so that a damaged one
/// is told once, as a usage error.
pub fn check_reference(path: &Path) -> Result<()> {
    render::docx::reference::check(path, &read_reference(path)?)
}

/// The reference DOCX the command line names, read as any input is.
fn read_reference(path: &Path) -> Result<Vec<u8>> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    crate::files::read(path, folder, crate::archive::MAX_UNCOMPRESSED).map_err(|r| r.into_error(path, None))
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
