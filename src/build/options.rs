//! What a build is asked for: the formats, and the choices beyond the
//! report's own settings.

use std::path::PathBuf;

use crate::render::Output;
use crate::report::Overlay;
use crate::render::pdf::Standard;

/// The output formats a build is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The print-ready PDF.
    Pdf,
    /// The editable DOCX.
    Docx,
    /// The PDF and the DOCX.
    All,
    /// The booklet as one web page (`NAME.html`).
    Html,
    /// Only the booklet's text as the templates made it (`NAME.md`).
    Markdown,
    /// The table of comments from the review list, as a PDF and a DOCX
    /// (`NAME.gop-y.pdf`, `NAME.gop-y.docx`).
    Review,
}

impl Format {
    /// Whether this format asks for `other`'s files.
    pub fn wants(self, other: Format) -> bool {
        self == other || (self == Format::All && matches!(other, Format::Pdf | Format::Docx))
    }

    /// The files a build in this format writes, with the choices of
    /// `options`.
    pub fn outputs(self, options: &Options) -> Vec<Output> {
        let mut outputs = Vec::new();
        if self.wants(Format::Pdf) {
            outputs.push(Output::Pdf);
            if options.impose.is_some() {
                outputs.push(Output::Imposed);
            }
        }
        if self.wants(Format::Docx) {
            outputs.push(Output::Docx);
        }
        if self.wants(Format::Html) {
            outputs.push(Output::Html);
            if options.html_fragment {
                outputs.push(Output::HtmlFragment);
            }
        }
        if self.wants(Format::Markdown) {
            outputs.push(Output::Markdown);
        }
        if self.wants(Format::Review) {
            outputs.extend([Output::ReviewPdf, Output::ReviewDocx]);
        }
        outputs
    }

    /// The names of the files a build of report `name` writes in this
    /// format, with the choices of `options`.
    pub fn file_names(self, name: &str, options: &Options) -> Vec<String> {
        self.outputs(options).into_iter().map(|o| o.file_name(name)).collect()
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
    /// Also write the web page's body alone (`NAME.fragment.html`), to
    /// paste into a portal's editor.
    pub html_fragment: bool,
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
