//! Reading a DOCX that came back from review: its paragraphs in order (the
//! body's and the tables'), each with its style, its text as Word shows it,
//! the anchors baocao left in it (see `render::docx::anchors`), its tracked
//! changes resolved as asked; its comments; its custom properties. A small
//! reader on roxmltree: docx-rs's drops revisions and bookmarks.

use std::collections::BTreeMap;
use std::path::Path;

use roxmltree::{Document, Node};

use crate::archive::Package;
use crate::error::{Error, Place, Result};
use crate::t;

/// The WordprocessingML namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

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

/// A comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Who wrote it.
    pub author: String,
    /// When.
    pub date: String,
    /// Whether it is marked done.
    pub resolved: bool,
    /// What it says.
    pub text: String,
    /// The text it is on.
    pub commented: String,
    /// The heading of the section it is in.
    pub section: String,
}

/// A paragraph as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// Its style's id (`Heading2`, `ListBullet`, `Normal`).
    pub style: String,
    /// The source anchor (`_bcs_F_L`) it carries, if any.
    pub source: Option<String>,
    /// Its text: line breaks as `\n`, a no-break hyphen as `-`, a no-break
    /// space as it is.
    pub text: String,
    /// The figure anchors in it.
    pub figures: Vec<Figure>,
    /// In a table cell.
    pub in_table: bool,
    /// The heading of the section it is in (its own text for a heading).
    pub section: String,
}

/// A figure anchor in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The bookmark's name (`_bcf_N`).
    pub name: String,
    /// Where its text starts in the paragraph's, in bytes.
    pub start: usize,
    /// Its text.
    pub text: String,
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
    {
        let xml = parse(path, "word/document.xml", &document)?;
        let body = xml.root_element().children().find(|n| is(n, "body"));
        let mut reader = Reader { revisions, docx: &mut docx, section: String::new(), comment_places: &mut comment_places };
        if let Some(body) = body {
            reader.blocks(body, false);
        }
    }
    if let Some(properties) = part(&mut package, "docProps/custom.xml")? {
        let xml = parse(path, "docProps/custom.xml", &properties)?;
        for property in xml.descendants().filter(|n| n.tag_name().name() == "property") {
            let value: String = property.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
            docx.properties.insert(property.attribute("name").unwrap_or_default().to_string(), value);
        }
    }
    if let Some(comments) = part(&mut package, "word/comments.xml")? {
        let resolved = match part(&mut package, "word/commentsExtended.xml")? {
            Some(extended) => resolved_paragraphs(&parse(path, "word/commentsExtended.xml", &extended)?),
            None => Vec::new(),
        };
        let xml = parse(path, "word/comments.xml", &comments)?;
        for comment in xml.root_element().children().filter(|n| is(n, "comment")) {
            let id = w_attr(comment, "id").unwrap_or_default().to_string();
            let paragraphs: Vec<Node> = comment.children().filter(|n| is(n, "p")).collect();
            let text = paragraphs.iter().map(|p| plain_text(*p)).collect::<Vec<_>>().join("\n");
            let done = paragraphs.last().and_then(|p| p.attributes().find(|a| a.name() == "paraId")).is_some_and(|a| resolved.contains(&a.value().to_string()));
            let (commented, section) = comment_places.remove(&id).unwrap_or_default();
            docx.comments.push(Comment {
                author: w_attr(comment, "author").unwrap_or_default().to_string(),
                date: w_attr(comment, "date").unwrap_or_default().to_string(),
                resolved: done,
                text,
                commented,
                section,
            });
        }
    }
    Ok(docx)
}

fn parse<'a>(path: &Path, part: &str, text: &'a str) -> Result<Document<'a>> {
    Document::parse_with_options(text, roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: 5_000_000, ..roxmltree::ParsingOptions::default() })
        .map_err(|e| malformed(path, part, e.to_string()))
}

fn malformed(path: &Path, part: &str, reason: String) -> Error {
    Error::input(
        Place::within(path, part.to_string()),
        t!("phần {part} của tài liệu hỏng: {reason}", "part {part} of the document is damaged: {reason}"),
        Some(t!("mở bằng Word hoặc LibreOffice và lưu lại", "open it in Word or LibreOffice and save it again")),
    )
}

/// The paragraph ids of comments marked done (`w15:done="1"`).
fn resolved_paragraphs(xml: &Document<'_>) -> Vec<String> {
    xml.descendants()
        .filter(|n| n.tag_name().name() == "commentEx")
        .filter(|n| n.attributes().any(|a| a.name() == "done" && a.value() == "1"))
        .filter_map(|n| n.attributes().find(|a| a.name() == "paraId").map(|a| a.value().to_string()))
        .collect()
}

fn is(node: &Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

fn w_attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

/// The text of a paragraph with no revisions to mind (a comment's).
fn plain_text(node: Node<'_, '_>) -> String {
    node.descendants().filter(|n| is(n, "t")).filter_map(|n| n.text()).collect()
}

struct Reader<'d> {
    revisions: Revisions,
    docx: &'d mut Docx,
    /// The last heading's text.
    section: String,
    /// Comments by id: the text they are on, and its section.
    comment_places: &'d mut BTreeMap<String, (String, String)>,
}

/// A paragraph being read.
#[derive(Default)]
struct Open {
    paragraph: Paragraph,
    /// Figure bookmarks open: id, name, start offset.
    figures: Vec<(String, String, usize)>,
    /// Comments open: id, start offset.
    comments: Vec<(String, usize)>,
    /// The paragraph's mark is deleted (it joins the next one).
    mark_deleted: bool,
    /// The paragraph's mark is inserted.
    mark_inserted: bool,
}

impl Reader<'_> {
    fn revision(&mut self, node: Node<'_, '_>, kind: RevisionKind) {
        self.docx.revisions.push(Revision {
            kind,
            author: w_attr(node, "author").unwrap_or_default().to_string(),
            date: w_attr(node, "date").unwrap_or_default().to_string(),
            section: self.section.clone(),
        });
    }

    /// The block-level children of `node`: paragraphs, tables, content
    /// controls.
    fn blocks(&mut self, node: Node<'_, '_>, in_table: bool) {
        let mut pending: Option<Paragraph> = None;
        for child in node.children().filter(Node::is_element) {
            if is(&child, "p") {
                let (paragraph, joins) = self.paragraph(child, in_table);
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
                if joins {
                    pending = Some(paragraph);
                } else {
                    self.docx.paragraphs.push(paragraph);
                }
            } else if is(&child, "tbl") {
                for cell in child.descendants().filter(|n| is(n, "tc")) {
                    self.blocks(cell, true);
                }
            } else if is(&child, "sdt") || is(&child, "customXml") {
                if let Some(content) = child.children().find(|n| is(n, "sdtContent")) {
                    self.blocks(content, in_table);
                } else {
                    self.blocks(child, in_table);
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
        }
        self.inline(node, &mut open, true);
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
                "t" if kept => open.paragraph.text.push_str(child.text().unwrap_or_default()),
                "delText" if kept => open.paragraph.text.push_str(child.text().unwrap_or_default()),
                "tab" if kept => open.paragraph.text.push('\t'),
                "br" | "cr" if kept => open.paragraph.text.push('\n'),
                "noBreakHyphen" if kept => open.paragraph.text.push('-'),
                "ins" | "moveTo" => {
                    self.revision(child, if name == "ins" { RevisionKind::Insertion } else { RevisionKind::MoveTo });
                    self.inline(child, open, kept && self.revisions == Revisions::Accept);
                }
                "del" | "moveFrom" => {
                    self.revision(child, if name == "del" { RevisionKind::Deletion } else { RevisionKind::MoveFrom });
                    self.inline(child, open, kept && self.revisions == Revisions::Reject);
                }
                "bookmarkStart" => {
                    let name = w_attr(child, "name").unwrap_or_default();
                    if name.starts_with("_bcs_") {
                        open.paragraph.source.get_or_insert_with(|| name.to_string());
                    } else if name.starts_with("_bcf_") {
                        let id = w_attr(child, "id").unwrap_or_default().to_string();
                        open.figures.push((id, name.to_string(), open.paragraph.text.len()));
                    }
                }
                "bookmarkEnd" => {
                    let id = w_attr(child, "id").unwrap_or_default();
                    if let Some(at) = open.figures.iter().position(|(i, ..)| i == id) {
                        let (_, name, start) = open.figures.remove(at);
                        let text = open.paragraph.text.get(start..).unwrap_or_default().to_string();
                        open.paragraph.figures.push(Figure { name, start, text });
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
