//! Writing one booklet: the writers the formats ask for ([`crate::render`]),
//! the booklet laid out once for every writer that needs the pages, the
//! writers run side by side, and their files written all or none.

use std::path::{Path, PathBuf};

use super::{Booklet, Format, Imposition, Project, read_reference};
use crate::doc::Pagination;
use crate::error::{Error, Place, Result, Warning};
use crate::render::{self, Needs, Output, RenderContext, Rendered, Renderer};
use crate::report::FACTS_FILE;
use crate::timing::{Stage, Timings};
use crate::{output, style, t};

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

impl Booklet {
    /// The booklet laid out in pages.
    pub fn layout(&self, project: &Project) -> Result<render::pdf::Layout> {
        render::pdf::layout(&self.document, &project.fonts, &project.assets, &self.report.dir)
    }

    /// Renders the formats asked for and writes them to `out_dir`
    /// (`NAME.pdf`, `NAME.docx`, `NAME.html`, ..., see [`Output`]).
    /// Nothing is written unless every file rendered; an output folder
    /// that would overwrite an input is refused (see `check_output`);
    /// another file of this name there that this build does not write is
    /// named in a warning.
    pub fn write(&self, project: &Project, out_dir: &Path, format: Format) -> Result<Written> {
        self.check_output(project, out_dir, format)?;
        let mut timings = Timings::default();
        let name = &self.report.name;
        let mut warnings: Vec<Warning> = self.warnings.iter().chain(&self.unfinished).cloned().collect();
        if format == Format::Markdown {
            let files = vec![(out_dir.join(Output::Markdown.file_name(name)), self.markdown.as_bytes().to_vec())];
            warnings.extend(timings.time(Stage::Write, || self.write_files(out_dir, &files))?);
            return Ok(Written { files: files.into_iter().map(|(p, _)| p).collect(), pages: None, warnings, timings: self.timings.merged(&timings) });
        }
        if format == Format::Review {
            // The table of comments alone: the booklet's own warnings are
            // not about it.
            let (document, review_warnings) = self.review_document(project)?;
            let renderers = self.review_renderers(project)?;
            let mut written = self.render_and_write(project, &document, &renderers, out_dir, review_warnings, Output::of_review)?;
            written.timings = self.timings.merged(&written.timings);
            return Ok(written);
        }
        let renderers = self.renderers(project, format)?;
        let mut written = self.render_and_write(project, &self.document, &renderers, out_dir, warnings, |o| o)?;
        written.timings = self.timings.merged(&written.timings);
        Ok(written)
    }

    /// Lays `document` out once for every writer of `renderers` that needs
    /// it, runs them side by side, and writes their files (each named as
    /// `rename` says) into `out_dir` all or none, after `warnings`.
    fn render_and_write(
        &self,
        project: &Project,
        document: &crate::doc::Document,
        renderers: &[Box<dyn Renderer + '_>],
        out_dir: &Path,
        mut warnings: Vec<Warning>,
        rename: fn(Output) -> Output,
    ) -> Result<Written> {
        let mut timings = Timings::default();
        let name = &self.report.name;
        let needs = renderers.iter().map(|r| r.needs(document)).max().unwrap_or(Needs::Nothing);
        let layout = match needs >= Needs::Pagination {
            true => Some(timings.time(Stage::Layout, || render::pdf::layout(document, &project.fonts, &project.assets, &self.report.dir))?),
            false => None,
        };
        let pagination = self.pagination(document, layout.as_ref(), &mut warnings);
        let context = RenderContext { document, layout: layout.as_ref(), pagination: &pagination };
        // The writers side by side.
        let done: Vec<(Result<Rendered>, Timings)> = std::thread::scope(|scope| {
            let threads: Vec<_> = renderers
                .iter()
                .map(|renderer| {
                    let context = &context;
                    scope.spawn(move || {
                        let mut timings = Timings::default();
                        let rendered = timings.time(renderer.stage(), || renderer.render(context));
                        (rendered, timings)
                    })
                })
                .collect();
            threads
                .into_iter()
                .map(|t| t.join().unwrap_or_else(|_| (Err(Error::Internal(t!("một bộ viết dừng bất thường", "a writer stopped unexpectedly"))), Timings::default())))
                .collect()
        });
        let mut files = Vec::new();
        for (rendered, writer_timings) in done {
            let rendered = rendered?;
            files.extend(rendered.files.into_iter().map(|(output, bytes)| (out_dir.join(rename(output).file_name(name)), bytes)));
            warnings.extend(rendered.warnings);
            timings = timings.merged(&writer_timings);
        }
        warnings.extend(timings.time(Stage::Write, || self.write_files(out_dir, &files))?);
        let pages = layout.as_ref().map(render::pdf::Layout::page_count);
        warnings.extend(layout.map(|l| l.warnings).unwrap_or_default());
        Ok(Written { files: files.into_iter().map(|(p, _)| p).collect(), pages, warnings, timings })
    }

    /// The writers of the table of comments: the PDF (never imposed) and
    /// the DOCX (without the booklet's emblem and provenance: nothing in
    /// it comes back by `baocao import`).
    fn review_renderers<'a>(&'a self, project: &'a Project) -> Result<Vec<Box<dyn Renderer + 'a>>> {
        let docx = DocxRenderer { logo: None, booklet: None, ..self.docx_renderer(project)? };
        Ok(vec![Box::new(render::pdf::PdfRenderer { standard: self.options.standard, imposition: None }), Box::new(docx)])
    }

    /// The writers `format` asks for, with what each is made with.
    fn renderers<'a>(&'a self, project: &'a Project, format: Format) -> Result<Vec<Box<dyn Renderer + 'a>>> {
        let mut renderers: Vec<Box<dyn Renderer + 'a>> = Vec::new();
        if format.wants(Format::Pdf) {
            let imposition = match &self.options.impose {
                Some(imposition) => Some(render::pdf::Imposing {
                    sheet: self.sheet(project, imposition)?,
                    crop_marks: imposition.crop_marks,
                    fonts: &project.fonts,
                    assets: &project.assets,
                    report_dir: &self.report.dir,
                }),
                None => None,
            };
            renderers.push(Box::new(render::pdf::PdfRenderer { standard: self.options.standard, imposition }));
        }
        if format.wants(Format::Docx) {
            renderers.push(Box::new(self.docx_renderer(project)?));
        }
        if format.wants(Format::Html) {
            renderers.push(Box::new(render::html::HtmlRenderer { fragment: self.options.html_fragment }));
        }
        Ok(renderers)
    }

    /// Where the pages of `layout` fall, for the writers that follow them.
    /// A page number beside the wrong heading is worse than none: when the
    /// layout's headings and the document's differ, the DOCX's contents
    /// wait for Word to update the field.
    fn pagination(&self, document: &crate::doc::Document, layout: Option<&render::pdf::Layout>, warnings: &mut Vec<Warning>) -> Pagination {
        let Some(layout) = layout else { return Pagination::default() };
        let mut pagination = layout.pagination(document);
        if pagination.heading_pages.len() != document.outline().len() {
            warnings.push(Warning::new(
                Place::file(&self.report.dir.join(FACTS_FILE)),
                t!(
                    "mục lục DOCX để trống số trang: bản dàn trang có {} đề mục, tài liệu có {}",
                    "the DOCX contents are left without page numbers: the layout has {} headings, the document {}",
                    pagination.heading_pages.len(),
                    document.outline().len()
                ),
                Some(t!("trong Word, bấm F9 trên mục lục để cập nhật số trang", "in Word, press F9 on the contents to update the page numbers")),
            ));
            pagination.heading_pages.clear();
        }
        pagination
    }

    /// The DOCX, paginated as `pagination` (from the layout) says: its
    /// contents pre-filled with the PDF's page numbers, its cover's blocks
    /// where the PDF's stand.
    pub fn docx(&self, project: &Project, pagination: &Pagination) -> Result<Vec<u8>> {
        let context = RenderContext { document: &self.document, layout: None, pagination };
        let rendered = self.docx_renderer(project)?.render(&context)?;
        rendered.files.into_iter().next().map(|(_, bytes)| bytes).ok_or_else(|| Error::Internal("no DOCX".into()))
    }

    /// The DOCX writer, with the bundled font embedded and the Word styles
    /// of a reference DOCX when the options ask, the emblem, and what the
    /// booklet was made from.
    fn docx_renderer(&self, project: &Project) -> Result<DocxRenderer<'_>> {
        let family = match self.options.embed_fonts {
            true => Some(project.fonts.embeddable_family().ok_or_else(|| {
                Error::Docx(t!(
                    "không có họ phông chữ đủ bốn kiểu (thường, đậm, nghiêng, đậm nghiêng) để nhúng",
                    "no font family with all four faces (regular, bold, italic, bold italic) to embed"
                ))
            })?),
            false => None,
        };
        let reference = match &self.options.reference_docx {
            Some(path) => Some(read_reference(path)?),
            None => None,
        };
        Ok(DocxRenderer { family, logo: self.logo()?, reference, sources: self.source_names(), digest: self.digest()?, booklet: Some(self) })
    }

    /// The cover's emblem for the DOCX, as high as the PDF's.
    fn logo(&self) -> Result<Option<render::docx::Image>> {
        let Some(name) = &self.report.facts.logo else { return Ok(None) };
        let path = self.report.dir.join(name);
        let bytes = crate::files::read(&path, &self.report.dir, crate::limits::MAX_INPUT).map_err(|r| r.into_error(&path, Some(self.report.place_of("logo"))))?;
        let svg = name.to_lowercase().ends_with(".svg");
        let meta = &self.document.meta;
        render::docx::Image::new(&bytes, svg, meta.style.cover.logo_height_on(meta.page.height)).map(Some)
    }

    /// Writes `files` into `out_dir` all or none (see [`output`]); warns
    /// of a killed build's files put back, and, for a PDF or a DOCX, of
    /// each other of this report's PDF, DOCX and imposed sheets there that
    /// this build did not write: it comes from an earlier build and may
    /// not match.
    fn write_files(&self, out_dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<Warning>> {
        let mut warnings = output::write_outputs(out_dir, files)?;
        let written: Vec<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
        let printed: Vec<PathBuf> = Output::PRINTED.iter().map(|o| out_dir.join(o.file_name(&self.report.name))).collect();
        let pair: Vec<PathBuf> = if written.iter().any(|w| printed.iter().any(|p| p == w)) { printed } else { Vec::new() };
        for stale in pair.into_iter().filter(|p| !written.contains(&p.as_path())) {
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

    /// The report's files the build reads.
    pub(super) fn input_files(&self) -> Vec<PathBuf> {
        let dir = &self.report.dir;
        let mut files = vec![dir.join(FACTS_FILE)];
        files.extend(self.report.facts.content.iter().map(|name| self.report.content_path(name)));
        files.extend(crate::indicators::FILES.iter().map(|f| dir.join(f)));
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

}

/// The DOCX writer as the build makes it: what it owns, lent to
/// [`render::docx::DocxRenderer`] when it renders.
struct DocxRenderer<'a> {
    family: Option<crate::fonts::Family>,
    logo: Option<render::docx::Image>,
    reference: Option<Vec<u8>>,
    sources: Vec<String>,
    digest: String,
    /// The booklet whose provenance the DOCX records; none for a document
    /// that is not the booklet (the table of comments).
    booklet: Option<&'a Booklet>,
}

impl Renderer for DocxRenderer<'_> {
    fn stage(&self) -> Stage {
        Stage::Docx
    }

    fn needs(&self, document: &crate::doc::Document) -> Needs {
        self.lent(None).needs(document)
    }

    fn render(&self, context: &RenderContext<'_>) -> Result<Rendered> {
        match self.booklet {
            Some(booklet) => {
                let made = render::docx::Provenance { report: &booklet.report.name, digest: &self.digest, sources: &self.sources };
                self.lent(Some(&made)).render(context)
            }
            None => self.lent(None).render(context),
        }
    }
}

impl DocxRenderer<'_> {
    fn lent<'b>(&'b self, made: Option<&'b render::docx::Provenance<'b>>) -> render::docx::DocxRenderer<'b> {
        render::docx::DocxRenderer {
            extras: render::docx::Extras { embed: self.family.as_ref(), logo: self.logo.as_ref(), reference: self.reference.as_deref(), provenance: made },
        }
    }
}
