//! Reading a DOCX that came back from review: its paragraphs in order (the
//! body's and the tables'), each with its style, its text as Word shows it,
//! the anchors baocao left in it (see `render::docx::anchors`), its tracked
//! changes resolved as asked; its comments; its custom properties. A small
//! reader on roxmltree: docx-rs's drops revisions and bookmarks.

use std::collections::BTreeMap;
use std::path::Path;

use roxmltree::Node;

pub use super::parts::Comment;
use super::parts;
use super::styles::{Styles, numbering_of, outline_level};
use super::wordml::{W, is, malformed, parse, w_attr};
use crate::archive::Package;
use crate::error::{Error, Place, Result};
use crate::source::bookmark::{Bookmark, SourceMark};
use crate::t;

/// What to do with tracked changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revisions {
    /// Read the text as if every change were accepted (and note them).
    Accept,
    /// Read the text as if every change were rejected.
    Reject,
}

/// A tracked change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// What kind: insertion, deletion, move, formatting, paragraph mark.
    pub kind: RevisionKind,
    /// Who made it.
    pub author: String,
    /// When (as Word wrote it), if it says.
    pub date: String,
    /// The heading of the section it is in.
    pub section: String,
    /// The text inserted, deleted or moved, if any.
    pub text: String,
}

/// The kinds of tracked changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RevisionKind {
    /// Inserted text.
    Insertion,
    /// Deleted text.
    Deletion,
    /// Text moved away from here.
    MoveFrom,
    /// Text moved here.
    MoveTo,
    /// A change of formatting only.
    Formatting,
    /// A paragraph mark inserted or deleted (paragraphs split or joined).
    ParagraphMark,
}

/// A paragraph as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// Its style's id (`Heading2`, `ListBullet`, `Normal`).
    pub style: String,
    /// The source bookmark it carries, if any.
    pub mark: Option<SourceMark>,
    /// Its name for the import: the hash of the text it was built with
    /// and its place among paragraphs of that hash (`6c844e94#1`).
    pub key: Option<String>,
    /// Its text: line breaks as `\n`, a no-break hyphen as `-`, a no-break
    /// space as it is.
    pub text: String,
    /// The figure anchors in it.
    pub figures: Vec<Figure>,
    /// In a table cell.
    pub in_table: bool,
    /// The table cell it is in: the table's number in the document, the
    /// row and the column.
    pub cell: Option<(usize, usize, usize)>,
    /// The heading of the section it is in (its own text for a heading).
    pub section: String,
    /// Its outline level (0 the highest), on it or on its style.
    pub outline_level: Option<u8>,
    /// The label Word's numbering gives it ("A.", "I-", "1.", "-"), on
    /// it or through its style.
    pub label: Option<String>,
    /// Where Word's numbering puts it, on it or through its style: a
    /// paragraph numbered with a bullet is a list item whatever its style.
    pub numbered: Option<Numbered>,
    /// The runs set in bold or italics (directly, or in Word's Strong and
    /// Emphasis character styles), by their place in the text.
    pub emphasis: Vec<Emphasis>,
    /// Every run with text is bold.
    pub bold: bool,
    /// Centred.
    pub centered: bool,
}

/// A paragraph's place in Word's numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbered {
    /// The level, from 0.
    pub level: u8,
    /// The level is a bullet: a mark, no number.
    pub bullet: bool,
}

/// Text of a paragraph set in bold or italics: its byte range in the
/// paragraph's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emphasis {
    /// Where it starts, in bytes.
    pub start: usize,
    /// Where it ends, in bytes.
    pub end: usize,
    /// Bold.
    pub bold: bool,
    /// In italics.
    pub italic: bool,
}

/// A figure anchor in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The number of its bookmark: its label's place in the properties.
    pub number: usize,
    /// Its name for the import: its label and its place among the figures
    /// of that label (`viec_lam_moi.achieved#1`).
    pub key: String,
    /// Where its text starts in the paragraph's, in bytes.
    pub start: usize,
    /// Its text.
    pub text: String,
    /// The hash of the text it was built with, when its bookmark says.
    pub built: Option<String>,
}

/// A DOCX as read.
#[derive(Debug, Clone, Default)]
pub struct Docx {
    /// The paragraphs, in reading order.
    pub paragraphs: Vec<Paragraph>,
    /// Its tracked changes.
    pub revisions: Vec<Revision>,
    /// Its comments.
    pub comments: Vec<Comment>,
    /// Its custom document properties.
    pub properties: BTreeMap<String, String>,
    /// Its styles' names by their ids (`Heading1` → "heading 1", or a
    /// localised name such as "Tiêu đề 1").
    pub style_names: BTreeMap<String, String>,
    /// Who made it and who saved it last, as its core properties say
    /// (`dc:creator`, `cp:lastModifiedBy`).
    pub authors: (String, String),
}

/// Reads the DOCX `bytes` (from `path`, for messages), its tracked changes
/// resolved as `revisions` says.
pub fn read(path: &Path, bytes: Vec<u8>, revisions: Revisions) -> Result<Docx> {
    if bytes.starts_with(b"PK") && bytes.windows(39).any(|w| w == b"application/vnd.oasis.opendocument.text") {
        return Err(Error::input(
            Place::file(path),
            t!("tệp là văn bản OpenDocument (.odt), không phải .docx", "the file is an OpenDocument text (.odt), not a .docx"),
            Some(t!("mở bằng LibreOffice và lưu lại dạng Word (.docx)", "open it in LibreOffice and save it as Word (.docx)")),
        ));
    }
    let mut package = Package::open(path, bytes)?;
    let part = |package: &mut Package, name: &str| -> Result<Option<String>> {
        package.read(name)?.map(|bytes| String::from_utf8(bytes).map_err(|_| malformed(path, name, t!("không phải UTF-8", "not UTF-8")))).transpose()
    };
    let Some(document) = part(&mut package, "word/document.xml")? else {
        return Err(Error::input(
            Place::file(path),
            t!("gói không có word/document.xml: không phải tài liệu Word", "the package has no word/document.xml: not a Word document"),
            Some(t!("mở bằng Word hoặc LibreOffice và lưu lại dạng .docx", "open it in Word or LibreOffice and save it as .docx")),
        ));
    };
    let mut docx = Docx::default();
    let mut comment_places = BTreeMap::new();
    let mut styles = Styles::default();
    if let Some(text) = part(&mut package, "word/styles.xml")? {
        styles = Styles::read(&parse(path, "word/styles.xml", &text)?);
        docx.style_names = styles.names.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    }
    let mut numbering = super::numbering::Numbering::default();
    if let Some(text) = part(&mut package, "word/numbering.xml")? {
        numbering = super::numbering::Numbering::read(&parse(path, "word/numbering.xml", &text)?);
    }
    {
        let xml = parse(path, "word/document.xml", &document)?;
        let body = xml.root_element().children().find(|n| is(n, "body"));
        let mut reader =
            Reader { revisions, docx: &mut docx, section: String::new(), comment_places: &mut comment_places, styles: &styles, numbering: &mut numbering, tables: 0 };
        if let Some(body) = body {
            reader.blocks(body, None);
        }
    }
    if let Some(core) = part(&mut package, "docProps/core.xml")? {
        docx.authors = parts::authors(&parse(path, "docProps/core.xml", &core)?);
    }
    if let Some(properties) = part(&mut package, "docProps/custom.xml")? {
        docx.properties = parts::properties(&parse(path, "docProps/custom.xml", &properties)?);
    }
    if let Some(comments) = part(&mut package, "word/comments.xml")? {
        let extended = part(&mut package, "word/commentsExtended.xml")?;
        let extended = extended.as_deref().map(|text| parse(path, "word/commentsExtended.xml", text)).transpose()?;
        docx.comments = parts::comments(&parse(path, "word/comments.xml", &comments)?, extended.as_ref(), comment_places);
    }
    Ok(docx)
}

/// Whether run `run` is in the character style of a heading's label that
/// baocao wrote as text.
fn is_label_run(run: Node<'_, '_>) -> bool {
    run.children()
        .find(|n| is(n, "rPr"))
        .and_then(|p| p.children().find(|n| is(n, "rStyle")))
        .and_then(|s| w_attr(s, "val"))
        .is_some_and(|v| v == crate::render::docx::HEADING_LABEL)
}

struct Reader<'d> {
    revisions: Revisions,
    docx: &'d mut Docx,
    /// The last heading's text.
    section: String,
    /// Comments by id: the text they are on, and its section.
    comment_places: &'d mut BTreeMap<String, (String, String)>,
    styles: &'d Styles,
    numbering: &'d mut super::numbering::Numbering,
    /// How many tables were met.
    tables: usize,
}

/// A figure bookmark being read.
struct OpenFigure {
    id: String,
    number: usize,
    built: Option<String>,
    start: usize,
    dropped: bool,
}

/// A paragraph being read.
#[derive(Default)]
struct Open {
    paragraph: Paragraph,
    /// Figure bookmarks open: id, number, start offset, whether text of
    /// theirs was dropped (deleted, as accepted).
    figures: Vec<OpenFigure>,
    /// Figures whose whole text was deleted, closed inside an insertion:
    /// the text typed in their place (to the insertion's end) is theirs.
    typed_over: Vec<OpenFigure>,
    /// Inside how many insertions that are kept.
    inserting: usize,
    /// The emphasis of the run being read.
    run: (bool, bool),
    /// Comments open: id, start offset.
    comments: Vec<(String, usize)>,
    /// The paragraph's mark is deleted (it joins the next one).
    mark_deleted: bool,
    /// The paragraph's mark is inserted.
    mark_inserted: bool,
}

impl Open {
    /// Text kept in the paragraph, in the emphasis of its run.
    fn push_text(&mut self, text: &str) {
        if self.inserting == 0 {
            for figure in std::mem::take(&mut self.typed_over) {
                self.close_figure(figure);
            }
        }
        let start = self.paragraph.text.len();
        self.paragraph.text.push_str(text);
        let (bold, italic) = self.run;
        if !(bold || italic) || text.is_empty() {
            return;
        }
        let end = self.paragraph.text.len();
        match self.paragraph.emphasis.last_mut() {
            Some(last) if last.end == start && (last.bold, last.italic) == (bold, italic) => last.end = end,
            _ => self.paragraph.emphasis.push(Emphasis { start, end, bold, italic }),
        }
    }

    /// Closes figure bookmark `figure` where the text now ends.
    fn close_figure(&mut self, figure: OpenFigure) {
        let text = self.paragraph.text.get(figure.start..).unwrap_or_default().to_string();
        self.paragraph.figures.push(Figure { number: figure.number, key: String::new(), start: figure.start, text, built: figure.built });
    }
}

/// Whether run `run` is bold and whether it is in italics: directly, or
/// in Word's Strong or Emphasis character style.
fn emphasis_of(run: Node<'_, '_>) -> (bool, bool) {
    let Some(properties) = run.children().find(|n| is(n, "rPr")) else { return (false, false) };
    let on = |name: &str| properties.children().find(|n| is(n, name)).is_some_and(|b| !matches!(w_attr(b, "val"), Some("0" | "false")));
    let style = properties.children().find(|n| is(n, "rStyle")).and_then(|s| w_attr(s, "val")).unwrap_or_default();
    (on("b") || style == "Strong", on("i") || style == "Emphasis")
}

impl Reader<'_> {
    fn revision(&mut self, node: Node<'_, '_>, kind: RevisionKind) {
        let text = node.descendants().filter(|n| is(n, "t") || is(n, "delText")).filter_map(|n| n.text()).collect();
        self.docx.revisions.push(Revision {
            kind,
            author: w_attr(node, "author").unwrap_or_default().to_string(),
            date: w_attr(node, "date").unwrap_or_default().to_string(),
            section: self.section.clone(),
            text,
        });
    }

    /// The block-level children of `node`: paragraphs, tables, content
    /// controls.
    fn blocks(&mut self, node: Node<'_, '_>, cell: Option<(usize, usize, usize)>) {
        let in_table = cell.is_some();
        let mut pending: Option<Paragraph> = None;
        for child in node.children().filter(Node::is_element) {
            if is(&child, "p") {
                let (mut paragraph, joins) = self.paragraph(child, in_table);
                paragraph.cell = cell;
                let paragraph = match pending.take() {
                    // A deleted (or, rejected, an inserted) paragraph mark:
                    // this paragraph's text continues the one before.
                    Some(mut before) => {
                        let offset = before.text.len();
                        before.text.push_str(&paragraph.text);
                        before.figures.extend(paragraph.figures.into_iter().map(|f| Figure { start: f.start + offset, ..f }));
                        before
                    }
                    None => paragraph,
                };
                if joins && paragraph.text.is_empty() && paragraph.figures.is_empty() {
                    // Its text and its mark deleted: the paragraph is gone,
                    // the next keeps its own style and anchor.
                } else if joins {
                    pending = Some(paragraph);
                } else {
                    self.docx.paragraphs.push(paragraph);
                }
            } else if is(&child, "tbl") {
                let table = self.tables;
                self.tables += 1;
                for (r, row) in child.children().filter(|n| is(n, "tr")).enumerate() {
                    for (c, cell) in row.children().filter(|n| is(n, "tc")).enumerate() {
                        self.blocks(cell, Some((table, r, c)));
                    }
                }
            } else if is(&child, "sdt") || is(&child, "customXml") {
                if let Some(content) = child.children().find(|n| is(n, "sdtContent")) {
                    self.blocks(content, cell);
                } else {
                    self.blocks(child, cell);
                }
            }
        }
        if let Some(paragraph) = pending {
            self.docx.paragraphs.push(paragraph);
        }
    }

    /// Reads paragraph `node`; also whether it joins the next one (its
    /// mark deleted and accepted, or inserted and rejected).
    fn paragraph(&mut self, node: Node<'_, '_>, in_table: bool) -> (Paragraph, bool) {
        let mut open = Open { paragraph: Paragraph { in_table, ..Paragraph::default() }, ..Open::default() };
        let mut unnumbered = false;
        if let Some(properties) = node.children().find(|n| is(n, "pPr")) {
            if let Some(style) = properties.children().find(|n| is(n, "pStyle")) {
                open.paragraph.style = w_attr(style, "val").unwrap_or_default().to_string();
            }
            if let Some(mark) = properties.children().find(|n| is(n, "rPr")) {
                if let Some(deleted) = mark.children().find(|n| is(n, "del")) {
                    open.mark_deleted = true;
                    self.revision(deleted, RevisionKind::ParagraphMark);
                }
                if let Some(inserted) = mark.children().find(|n| is(n, "ins")) {
                    open.mark_inserted = true;
                    self.revision(inserted, RevisionKind::ParagraphMark);
                }
            }
            if let Some(change) = properties.descendants().find(|n| is(n, "pPrChange")) {
                self.revision(change, RevisionKind::Formatting);
            }
            open.paragraph.outline_level = outline_level(properties);
            open.paragraph.centered =
                properties.children().find(|n| is(n, "jc")).and_then(|n| w_attr(n, "val")).is_some_and(|v| v == "center");
            if let Some((num, level)) = numbering_of(properties) {
                // numId 0 takes the style's numbering away.
                unnumbered = num == "0";
                if !unnumbered {
                    self.number(&mut open.paragraph, &num, level);
                }
            }
        }
        let style = open.paragraph.style.clone();
        if open.paragraph.outline_level.is_none() {
            open.paragraph.outline_level = self.styles.inherited(&style, &self.styles.outline);
        }
        if open.paragraph.label.is_none()
            && !unnumbered
            && let Some((num, level)) = self.styles.inherited(&style, &self.styles.numbering)
        {
            self.number(&mut open.paragraph, &num, level);
        }
        self.inline(node, &mut open, true);
        for figure in std::mem::take(&mut open.typed_over) {
            open.close_figure(figure);
        }
        let runs: Vec<Node> = node.descendants().filter(|n| is(n, "r") && n.descendants().any(|t| is(&t, "t") && t.text().is_some_and(|x| !x.trim().is_empty()))).collect();
        open.paragraph.bold = !runs.is_empty() && runs.iter().all(|r| emphasis_of(*r).0);
        let joins = match self.revisions {
            Revisions::Accept => open.mark_deleted,
            Revisions::Reject => open.mark_inserted,
        };
        let mut paragraph = open.paragraph;
        if paragraph.style.starts_with("Heading") || paragraph.style == "Title" {
            self.section = paragraph.text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        paragraph.section = self.section.clone();
        (paragraph, joins)
    }

    /// Numbers `paragraph` as instance `num`, level `level` of Word's
    /// numbering says.
    fn number(&mut self, paragraph: &mut Paragraph, num: &str, level: u8) {
        if let Some((label, bullet)) = self.numbering.label(num, level, &self.styles.number_instances()) {
            paragraph.label = Some(label);
            paragraph.numbered = Some(Numbered { level, bullet });
        }
    }

    /// The inline content of `node`, kept (`kept`) or dropped as its
    /// revisions say.
    fn inline(&mut self, node: Node<'_, '_>, open: &mut Open, kept: bool) {
        for child in node.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            if child.tag_name().namespace() != Some(W) {
                // Markup compatibility and other namespaces: read through.
                self.inline(child, open, kept);
                continue;
            }
            match name {
                "rPr" => {
                    if let Some(change) = child.children().find(|n| is(n, "rPrChange")) {
                        self.revision(change, RevisionKind::Formatting);
                    }
                }
                "pPr" | "instrText" | "delInstrText" | "fldChar" => {}
                "r" if kept && is_label_run(child) => {
                    // A heading's label baocao wrote as text: a label, as
                    // numbering gives one, not the heading's text.
                    let label: String = child
                        .descendants()
                        .filter_map(|n| match n.tag_name().name() {
                            "t" => n.text(),
                            "br" | "cr" => Some("\n"),
                            _ => None,
                        })
                        .collect();
                    open.paragraph.label = Some(label.trim_end_matches(' ').to_string());
                }
                "t" | "delText" if kept => open.push_text(child.text().unwrap_or_default()),
                "t" | "delText" => open.figures.iter_mut().for_each(|f| f.dropped = true),
                "r" => {
                    let outer = open.run;
                    open.run = emphasis_of(child);
                    self.inline(child, open, kept);
                    open.run = outer;
                }
                "tab" if kept => open.paragraph.text.push('\t'),
                "br" | "cr" if kept => open.paragraph.text.push('\n'),
                "noBreakHyphen" if kept => open.paragraph.text.push('-'),
                "ins" | "moveTo" => {
                    self.revision(child, if name == "ins" { RevisionKind::Insertion } else { RevisionKind::MoveTo });
                    let inserted = kept && self.revisions == Revisions::Accept;
                    open.inserting += usize::from(inserted);
                    self.inline(child, open, inserted);
                    open.inserting -= usize::from(inserted);
                    if open.inserting == 0 {
                        for figure in std::mem::take(&mut open.typed_over) {
                            open.close_figure(figure);
                        }
                    }
                }
                "del" | "moveFrom" => {
                    self.revision(child, if name == "del" { RevisionKind::Deletion } else { RevisionKind::MoveFrom });
                    self.inline(child, open, kept && self.revisions == Revisions::Reject);
                }
                "bookmarkStart" => match Bookmark::parse(w_attr(child, "name").unwrap_or_default()) {
                    Some(Bookmark::Source(mark)) => {
                        open.paragraph.mark.get_or_insert(mark);
                    }
                    Some(Bookmark::Figure(number, built)) => {
                        let id = w_attr(child, "id").unwrap_or_default().to_string();
                        open.figures.push(OpenFigure { id, number, built, start: open.paragraph.text.len(), dropped: false });
                    }
                    None => {}
                },
                "bookmarkEnd" => {
                    let id = w_attr(child, "id").unwrap_or_default();
                    if let Some(at) = open.figures.iter().position(|f| f.id == id) {
                        let figure = open.figures.remove(at);
                        // LibreOffice, a figure typed over with changes
                        // tracked: the bookmark starts in the deletion and
                        // ends in the insertion, before the new figure.
                        if figure.dropped && figure.start == open.paragraph.text.len() && open.inserting > 0 {
                            open.typed_over.push(figure);
                        } else {
                            open.close_figure(figure);
                        }
                    }
                }
                "commentRangeStart" => open.comments.push((w_attr(child, "id").unwrap_or_default().to_string(), open.paragraph.text.len())),
                "commentRangeEnd" => {
                    let id = w_attr(child, "id").unwrap_or_default().to_string();
                    let text = match open.comments.iter().position(|(i, _)| *i == id) {
                        Some(at) => open.paragraph.text.get(open.comments.remove(at).1..).unwrap_or_default().to_string(),
                        // Started in an earlier paragraph: this one's text.
                        None => open.paragraph.text.clone(),
                    };
                    self.comment_places.insert(id, (text, self.section.clone()));
                }
                _ => self.inline(child, open, kept),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::MAX_XML_DEPTH;

    fn package(document: String) -> Vec<u8> {
        crate::archive::write(vec![("word/document.xml".into(), document.into_bytes())]).unwrap()
    }

    fn nested(depth: usize) -> String {
        let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
        // Half the levels in content controls (two elements each), half in
        // insertions, a few more for the document, body, paragraph, run.
        let (open, close) = ("<w:sdt><w:sdtContent>".repeat(depth / 4), "</w:sdtContent></w:sdt>".repeat(depth / 4));
        let (ins, end) = ("<w:ins w:author=\"a\">".repeat(depth / 2), "</w:ins>".repeat(depth / 2));
        format!("<w:document {w}><w:body>{open}<w:p>{ins}<w:r><w:t>chữ</w:t></w:r>{end}</w:p>{close}</w:body></w:document>")
    }

    #[test]
    fn nesting_within_the_limit_is_read_and_past_it_refused() {
        // On a test thread's 2 MB stack: the readers' recursion within the
        // limit fits.
        let docx = read(Path::new("t.docx"), package(nested(MAX_XML_DEPTH - 10)), Revisions::Accept).unwrap();
        assert_eq!(docx.paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>(), ["chữ"]);
        let refused = read(Path::new("t.docx"), package(nested(MAX_XML_DEPTH + 2)), Revisions::Accept).unwrap_err();
        assert!(refused.to_string().contains("word/document.xml") && refused.to_string().contains("sâu quá"), "{refused}");
    }

    fn document(body: &str) -> Vec<u8> {
        let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
        package(format!("<w:document {w}><w:body>{body}</w:body></w:document>"))
    }

    /// LibreOffice, a list item deleted with its mark under tracked
    /// changes: the item is gone, the heading after it keeps its anchor.
    #[test]
    fn a_paragraph_whose_text_and_mark_were_deleted_is_gone_and_the_next_stands_alone() {
        let body = r#"<w:p><w:pPr><w:pStyle w:val="ListBullet"/><w:rPr><w:del w:author="a"/></w:rPr></w:pPr><w:del w:author="a"><w:bookmarkStart w:id="1" w:name="_bcs_3_23_0e3b47fc"/><w:r><w:delText>HĐND tỉnh</w:delText></w:r></w:del><w:bookmarkEnd w:id="1"/></w:p><w:p><w:pPr><w:pStyle w:val="Heading3"/></w:pPr><w:bookmarkStart w:id="2" w:name="_bcs_3_25_facb7ff4"/><w:r><w:t>Công tác chỉ đạo</w:t></w:r><w:bookmarkEnd w:id="2"/></w:p>"#;
        let docx = read(Path::new("t.docx"), document(body), Revisions::Accept).unwrap();
        assert_eq!(docx.paragraphs.len(), 1, "{:?}", docx.paragraphs);
        let heading = &docx.paragraphs[0];
        assert_eq!((heading.style.as_str(), heading.text.as_str(), heading.mark.as_ref().map(|m| m.line)), ("Heading3", "Công tác chỉ đạo", Some(25)));
        // Rejected, both are there as built.
        let docx = read(Path::new("t.docx"), document(body), Revisions::Reject).unwrap();
        assert_eq!(docx.paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>(), ["HĐND tỉnh", "Công tác chỉ đạo"]);
    }

    /// LibreOffice, a figure typed over with changes tracked: its bookmark
    /// starts in the deletion and ends in the insertion, before the new
    /// text; accepted, the figure is the new text, rejected the old.
    #[test]
    fn a_figure_typed_over_with_changes_tracked_reads_the_text_typed() {
        let body = r#"<w:p><w:del w:author="a"><w:bookmarkStart w:id="7" w:name="_bcf_58_0e3b47fc_Copy_1"/><w:r><w:delText>29,52</w:delText></w:r></w:del><w:ins w:author="a"><w:bookmarkEnd w:id="7"/><w:r><w:t>30,15</w:t></w:r></w:ins><w:r><w:t> %</w:t></w:r></w:p>"#;
        let figure = |revisions| read(Path::new("t.docx"), document(body), revisions).unwrap().paragraphs[0].figures.clone();
        let accepted = figure(Revisions::Accept);
        assert_eq!((accepted[0].number, accepted[0].text.as_str(), accepted[0].built.as_deref()), (58, "30,15", Some("0e3b47fc")));
        assert_eq!(figure(Revisions::Reject)[0].text, "29,52");
    }
}
