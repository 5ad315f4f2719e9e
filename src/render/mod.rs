//! The writers. Each knows only the document model ([`crate::doc`]) and
//! what laying the booklet out in pages found, never another writer: what
//! the PDF says, the DOCX and the web page say. Each says what it needs of
//! the laid-out booklet and writes its own files ([`Renderer`]), as
//! mdBook's renderers do; the build lays the booklet out once, for every
//! writer that needs it, and gives each the same [`RenderContext`].

pub mod docx;
pub mod html;
pub mod pdf;

use crate::doc::{Document, Pagination};
use crate::error::{Result, Warning};
use crate::timing::Stage;

/// What a writer needs of the booklet laid out in pages, least first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Needs {
    /// Nothing: it writes from the document alone.
    Nothing,
    /// Where the pages fall: the headings' page numbers, where the cover's
    /// blocks stand, where tables break (see [`Pagination`]).
    Pagination,
    /// The laid-out pages themselves.
    Pages,
}

/// One file a writer writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// `NAME.pdf`.
    Pdf,
    /// `NAME.impose.pdf`: the pages imposed for saddle stitching.
    Imposed,
    /// `NAME.docx`.
    Docx,
    /// `NAME.html`: a whole web page.
    Html,
    /// `NAME.fragment.html`: the page's body, to paste into a portal.
    HtmlFragment,
    /// `NAME.md`.
    Markdown,
    /// `NAME.gop-y.pdf`: the table of comments.
    ReviewPdf,
    /// `NAME.gop-y.docx`: the table of comments, to edit.
    ReviewDocx,
}

impl Output {
    /// The file's name for report `name`.
    pub fn file_name(self, name: &str) -> String {
        match self {
            Output::Pdf => format!("{name}.pdf"),
            Output::Imposed => format!("{name}.impose.pdf"),
            Output::Docx => format!("{name}.docx"),
            Output::Html => format!("{name}.html"),
            Output::HtmlFragment => format!("{name}.fragment.html"),
            Output::Markdown => format!("{name}.md"),
            Output::ReviewPdf => format!("{name}.gop-y.pdf"),
            Output::ReviewDocx => format!("{name}.gop-y.docx"),
        }
    }

    /// The file of the table of comments this file of a booklet stands for
    /// (a writer writes the one, the table's build names it the other).
    pub fn of_review(self) -> Output {
        match self {
            Output::Pdf => Output::ReviewPdf,
            Output::Docx => Output::ReviewDocx,
            other => other,
        }
    }

    /// Every output that is a printed copy of the booklet (the files one
    /// build of another format may leave behind, out of date).
    pub const PRINTED: [Output; 3] = [Output::Pdf, Output::Imposed, Output::Docx];
}

/// What every writer is given.
pub struct RenderContext<'a> {
    /// The document.
    pub document: &'a Document,
    /// The booklet laid out in pages, when a writer needs it.
    pub layout: Option<&'a pdf::Layout>,
    /// Where the pages fall; empty when nothing is laid out.
    pub pagination: &'a Pagination,
}

/// What a writer made: its files and what it noticed.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Each file and its bytes.
    pub files: Vec<(Output, Vec<u8>)>,
    /// What it noticed.
    pub warnings: Vec<Warning>,
}

/// A writer of one output format.
pub trait Renderer: Sync {
    /// The stage its time counts in.
    fn stage(&self) -> Stage;

    /// What it needs of the laid-out booklet to write `document`.
    fn needs(&self, document: &Document) -> Needs;

    /// Its files.
    fn render(&self, context: &RenderContext<'_>) -> Result<Rendered>;
}
