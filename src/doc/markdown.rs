//! Reads the Markdown that the templates produce into the document model.
//!
//! The dialect is CommonMark with tables, and three kinds of block written by
//! the templates:
//!
//! ```text
//! ::: cover                 the cover page; one `key: value` per line, keys
//! party: ĐẢNG CỘNG SẢN...   party, parent_body, issuing_body, title,
//! :::                       audience, place_date, logo (a file name)
//! ::: toc                   the table of contents; the body is its title
//! MỤC LỤC
//! :::
//! ::: pagebreak             a page break
//! :::
//! ```
//!
//! Headings `#` to `####` are the ladder's four levels; a heading ending in
//! `{.unnumbered}` (an appendix) takes no label. Raw HTML is not
//! interpreted: it stays text, as any other character the staff typed.
//!
//! Each block keeps the origin of its first line (see [`crate::source`]);
//! figures the templates anchored become runs that know their label (see
//! [`crate::source::anchor`], whose marks this reader takes out).
//!
//! Limits keep hostile text to bounded work: lists and quotations nest at
//! most [`MAX_NESTING`] deep, a table has at most [`MAX_TABLE_COLUMNS`]
//! columns, a booklet at most [`MAX_PARTS`] parts.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::model::{Align, Anchor, Block, Cover, Document, Inline, Inlines, Meta, Table};
use crate::style::HouseStyle;
use crate::limits::{MAX_NESTING, MAX_PARTS, MAX_TABLE_COLUMNS};
use crate::source::Origin;
use crate::t;

/// The keys of a `::: cover` block.
const COVER_KEYS: &str = "party, parent_body, issuing_body, title, audience, place_date, logo";

/// Opens and closes a template block (`::: cover` ... `:::`).
pub const DIRECTIVE_FENCE: &str = ":::";

/// A problem in the booklet's Markdown, at a line of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    /// The line of the Markdown, from 1.
    pub line: usize,
    /// Where that line came from, when known.
    pub origin: Option<Origin>,
    /// That line's text.
    pub line_text: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

/// Reads the booklet `markdown`, whose lines came from `origins`, into a
/// document with metadata `meta`.
pub fn parse(markdown: &str, origins: &[Option<Origin>], meta: Meta) -> Result<Document, MarkupError> {
    let lines: Vec<&str> = markdown.lines().collect();
    let error = |line: usize, message: String, hint: Option<String>| MarkupError {
        line: line + 1,
        origin: origins.get(line).copied().flatten(),
        line_text: crate::source::anchor::strip(lines.get(line).map(|l| l.trim()).unwrap_or_default()),
        message,
        hint,
    };
    let mut state = State { origins, counts: [0; crate::style::MAX_HEADING_LEVELS + 1], style: &meta.style };

    let mut blocks = Vec::new();
    let mut chunk_start = 0;
    let mut i = 0;
    while i < lines.len() {
        let Some(name) = directive_name(lines[i]) else {
            i += 1;
            continue;
        };
        if name.is_empty() {
            return Err(error(
                i,
                t!("dòng «{DIRECTIVE_FENCE}» đóng một khối chưa mở", "a «{DIRECTIVE_FENCE}» line closes a block never opened"),
                Some(t!("một khối mở bằng «::: cover», «::: toc» hoặc «::: pagebreak»", "a block opens with «::: cover», «::: toc» or «::: pagebreak»")),
            ));
        }
        read_markdown(&lines[chunk_start..i], chunk_start, &mut state, &mut blocks).map_err(|(l, m, h)| error(l, m, h))?;
        let close = (i + 1..lines.len())
            .find(|&j| directive_name(lines[j]).is_some())
            .filter(|&j| directive_name(lines[j]) == Some(""))
            .ok_or_else(|| {
                error(
                    i,
                    t!("khối «::: {name}» không có dòng «{DIRECTIVE_FENCE}» đóng", "the block «::: {name}» has no closing «{DIRECTIVE_FENCE}» line"),
                    Some(t!("thêm một dòng chỉ có «:::» sau nội dung của khối", "add a line holding only «:::» after the block")),
                )
            })?;
        let body = &lines[i + 1..close];
        blocks.push(directive(name, body, i + 1).map_err(|(l, m, h)| error(l, m, h))?);
        i = close + 1;
        chunk_start = i;
    }
    read_markdown(&lines[chunk_start..], chunk_start, &mut state, &mut blocks).map_err(|(l, m, h)| error(l, m, h))?;
    Ok(Document { meta, blocks })
}

/// A problem's line (0-based, in the whole text), message and hint.
type Problem = (usize, String, Option<String>);

/// What reading the whole booklet keeps track of.
struct State<'o> {
    origins: &'o [Option<Origin>],
    /// The numbered headings of each level so far, under the current one
    /// of the level above.
    counts: [usize; crate::style::MAX_HEADING_LEVELS + 1],
    /// The house style, whose ladder says how deep headings go.
    style: &'o HouseStyle,
}

/// The name of the block a `:::` line opens ("" for a closing line), or
/// `None` for other lines.
fn directive_name(line: &str) -> Option<&str> {
    let rest = line.trim_end().strip_prefix(DIRECTIVE_FENCE)?;
    let name = rest.trim();
    (rest.is_empty() || rest.starts_with(' ')).then_some(name)
}

/// Builds the block `::: name` with body lines `body`, which start at line
/// `first` (0-based).
fn directive(name: &str, body: &[&str], first: usize) -> Result<Block, Problem> {
    match name {
        "cover" => {
            let mut cover = Cover::default();
            for (n, line) in body.iter().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let Some((key, value)) = line.split_once(':') else {
                    return Err((first + n, t!("dòng của khối «cover» phải có dạng «khóa: nội dung»", "a line of the «cover» block reads «key: text»"), None));
                };
                if key.trim() == "logo" {
                    let file = value.trim().replace('\\', "");
                    cover.logo = (!file.is_empty()).then_some(file);
                    continue;
                }
                let slot = match key.trim() {
                    "party" => &mut cover.party,
                    "parent_body" => &mut cover.parent_body,
                    "issuing_body" => &mut cover.issuing_body,
                    "title" => &mut cover.title,
                    "audience" => &mut cover.audience,
                    "place_date" => &mut cover.place_date,
                    other => {
                        return Err((
                            first + n,
                            t!("khối «cover» không có khóa «{other}»", "the «cover» block has no key «{other}»"),
                            Some(t!("các khóa: {COVER_KEYS}", "the keys: {COVER_KEYS}")),
                        ));
                    }
                };
                let text = inline_markdown(value.trim());
                *slot = (!text.is_empty()).then_some(text);
            }
            Ok(Block::Cover(cover))
        }
        "toc" => {
            let title = inline_markdown(body.join(" ").trim());
            let title = if title.is_empty() { vec![plain("MỤC LỤC")] } else { title };
            Ok(Block::Contents { title, label_widths: Vec::new() })
        }
        "pagebreak" => match body.iter().position(|l| !l.trim().is_empty()) {
            None => Ok(Block::PageBreak),
            Some(n) => Err((
                first + n,
                t!("khối «pagebreak» không có nội dung", "the «pagebreak» block has no content"),
                Some(t!("đóng khối ngay bằng dòng «:::»", "close it at once with a «:::» line")),
            )),
        },
        other => Err((
            first - 1,
            t!("không có loại khối «::: {other}»", "there is no block «::: {other}»"),
            Some(t!("các loại khối: cover, toc, pagebreak", "the blocks: cover, toc, pagebreak")),
        )),
    }
}

fn plain(text: &str) -> Inline {
    Inline::Text { text: text.to_string(), strong: false, emph: false, anchors: Vec::new() }
}

/// `inlines` with the anchor marks taken out of every text, each anchored
/// figure recorded on its run (the runs stay whole, so nothing changes in
/// how the text is set).
fn resolve_anchors(mut inlines: Inlines) -> Inlines {
    use crate::source::anchor;
    for inline in &mut inlines {
        let Inline::Text { text, anchors, .. } = inline else { continue };
        if !text.contains([anchor::OPEN, anchor::TEXT, anchor::CLOSE]) {
            continue;
        }
        let mut clean = String::with_capacity(text.len());
        for (run, label) in anchor::split(text) {
            let run = run.replace([anchor::OPEN, anchor::TEXT, anchor::CLOSE], "");
            let start = clean.len();
            clean.push_str(&run);
            if let Some(label) = label {
                anchors.push(Anchor { start, end: clean.len(), label });
            }
        }
        *text = clean;
    }
    inlines
}

/// The inline content of a one-line Markdown text; any block structure in
/// it (a "-" or "#" at its start) is ignored and only its text kept.
fn inline_markdown(text: &str) -> Inlines {
    let mut out = Inlines::new();
    let mut style = Style::default();
    for event in Parser::new(text) {
        if is_inline(&event) {
            style.apply(event, &mut out);
        }
    }
    resolve_anchors(out)
}

/// Reads ordinary Markdown `lines` (starting at line `first`, 0-based) and
/// appends its blocks.
fn read_markdown(lines: &[&str], first: usize, state: &mut State<'_>, blocks: &mut Vec<Block>) -> Result<(), Problem> {
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Ok(());
    }
    let text = nest_plus_items(lines).join("\n");
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
    let mut events = Parser::new_ext(&text, Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES).into_offset_iter().peekable();
    let mut reader = Reader { events: &mut events, line_starts: &line_starts, first, state, depth: 0 };
    blocks.extend(reader.blocks(None)?);
    Ok(())
}

/// `lines` with each "+ " item that follows a "- " item indented under
/// it: Vietnamese reports write "- Nông nghiệp:" then "+ Trồng trọt:" at
/// the start of the line for the second level, where Markdown would start
/// a new list of its own. The lines stay one for one, so their origins do.
fn nest_plus_items<'l>(lines: &[&'l str]) -> Vec<std::borrow::Cow<'l, str>> {
    use std::borrow::Cow;
    let mut in_dash_list = false;
    let mut after_blank = false;
    lines
        .iter()
        .map(|&line| {
            if line.trim().is_empty() {
                after_blank = true;
                return Cow::Borrowed(line);
            }
            let indented = line.starts_with([' ', '\t']);
            if line.starts_with("- ") || line == "-" {
                in_dash_list = true;
            } else if line.starts_with("+ ") && in_dash_list {
                after_blank = false;
                return Cow::Owned(format!("  {line}"));
            } else if !indented && (after_blank || line.starts_with('#')) {
                // A paragraph after a blank line, or a heading, ends the list.
                in_dash_list = false;
            }
            after_blank = false;
            Cow::Borrowed(line)
        })
        .collect()
}

struct Reader<'r, 'o, 'a, I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>> {
    events: &'r mut std::iter::Peekable<I>,
    /// Where each line of this chunk starts.
    line_starts: &'r [usize],
    /// The chunk's first line in the whole text (0-based).
    first: usize,
    state: &'r mut State<'o>,
    /// How deep in lists and quotations.
    depth: usize,
}

impl<'a, I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>> Reader<'_, '_, 'a, I> {
    /// The line (0-based, in the whole text) of byte `offset` of the chunk.
    fn line_of(&self, offset: usize) -> usize {
        self.first + self.line_starts.partition_point(|start| *start <= offset).saturating_sub(1)
    }

    /// The origin of the line of byte `offset`.
    fn origin(&self, offset: usize) -> Option<Origin> {
        self.state.origins.get(self.line_of(offset)).copied().flatten()
    }

    /// Steps one level deeper into a list or quotation, refusing to go past
    /// [`MAX_NESTING`].
    fn enter(&mut self, offset: usize) -> Result<(), Problem> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err((
                self.line_of(offset),
                t!("danh sách hoặc trích dẫn lồng nhau quá {MAX_NESTING} cấp", "lists or quotations nested more than {MAX_NESTING} deep"),
                Some(t!("tài liệu chỉ cần vài cấp «-», «+»; kiểm tra thụt lề và dấu «>» đầu dòng", "a booklet needs a few levels of «-», «+»; check the indentation and the «>» at line starts")),
            ));
        }
        Ok(())
    }

    /// Blocks until the end tag `end` (or the end of the events).
    fn blocks(&mut self, end: Option<TagEnd>) -> Result<Vec<Block>, Problem> {
        let mut blocks = Vec::new();
        loop {
            let Some((event, range)) = self.events.peek().cloned() else {
                return Ok(blocks);
            };
            match event {
                Event::End(tag) if Some(tag) == end => {
                    self.events.next();
                    return Ok(blocks);
                }
                Event::Start(Tag::Paragraph) => {
                    self.events.next();
                    let origin = self.origin(range.start);
                    blocks.push(Block::Paragraph { text: self.inlines(TagEnd::Paragraph), origin });
                }
                Event::Start(Tag::Heading { level: tag_level, classes, .. }) => {
                    self.events.next();
                    let level = tag_level as u8;
                    let levels = self.state.style.headings.len();
                    if usize::from(level) > levels {
                        let ladder: Vec<String> = self
                            .state
                            .style
                            .headings
                            .iter()
                            .enumerate()
                            .map(|(i, h)| format!("{} ({})", "#".repeat(i + 1), h.label.format_on_one_line(1)))
                            .collect();
                        return Err((
                            self.line_of(range.start),
                            t!("tiêu đề cấp {level} sâu hơn {levels} cấp của tài liệu", "a level {level} heading, deeper than the booklet's {levels} levels"),
                            Some(t!(
                                "các cấp theo style.yaml: {}",
                                "the levels by style.yaml: {}",
                                ladder.join(", ")
                            )),
                        ));
                    }
                    let numbered = !classes.iter().any(|c| c.as_ref() == "unnumbered");
                    if numbered {
                        // Letters run out after z: Word and Typst would go
                        // on differently (AA, AB / AA, BB); ordinals in
                        // words are given for as many.
                        let index = usize::from(level) - 1;
                        self.state.counts[index] += 1;
                        self.state.counts[index + 1..].fill(0);
                        let label = &self.state.style.headings[index].label;
                        if label.runs_out() && self.state.counts[index] > MAX_PARTS {
                            return Err((
                                self.line_of(range.start),
                                t!(
                                    "quá {MAX_PARTS} tiêu đề cấp {level} liền nhau ({} đến {})",
                                    "more than {MAX_PARTS} level {level} headings in a row ({} to {})",
                                    label.format_on_one_line(1),
                                    label.format_on_one_line(MAX_PARTS)
                                ),
                                Some(t!("gộp bớt, hoặc dùng cấp sâu hơn cho các mục bên trong", "merge some, or use a deeper level for the items inside")),
                            ));
                        }
                    }
                    let origin = self.origin(range.start);
                    blocks.push(Block::Heading { level, text: self.inlines(TagEnd::Heading(tag_level)), numbered, origin });
                }
                Event::Start(Tag::List(start)) => {
                    self.events.next();
                    self.enter(range.start)?;
                    let mut items = Vec::new();
                    while let Some((Event::Start(Tag::Item), _)) = self.events.peek() {
                        self.events.next();
                        items.push(self.blocks(Some(TagEnd::Item))?);
                    }
                    self.events.next(); // End(List)
                    self.depth -= 1;
                    blocks.push(Block::List { numbered: start.is_some(), items });
                }
                Event::Start(Tag::Table(alignment)) => {
                    self.events.next();
                    if alignment.len() > MAX_TABLE_COLUMNS {
                        return Err((
                            self.line_of(range.start),
                            t!(
                                "bảng có {} cột, trang giấy chỉ chứa được {MAX_TABLE_COLUMNS} cột",
                                "the table has {} columns; a page holds at most {MAX_TABLE_COLUMNS}",
                                alignment.len()
                            ),
                            Some(t!("tách bảng thành nhiều bảng nhỏ hơn", "split it into narrower tables")),
                        ));
                    }
                    let origin = self.origin(range.start);
                    blocks.push(Block::Table(self.table(&alignment, origin)));
                }
                Event::Start(Tag::BlockQuote(kind)) => {
                    // A quotation is read as ordinary blocks.
                    self.events.next();
                    self.enter(range.start)?;
                    blocks.extend(self.blocks(Some(TagEnd::BlockQuote(kind)))?);
                    self.depth -= 1;
                }
                Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => {
                    // Indented or fenced text, or HTML: kept as literal paragraphs.
                    self.events.next();
                    let origin = self.origin(range.start);
                    let mut literal = String::new();
                    for (event, _) in self.events.by_ref() {
                        match event {
                            Event::Text(t) | Event::Html(t) => literal.push_str(&t),
                            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => break,
                            _ => {}
                        }
                    }
                    for para in literal.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                        let text = resolve_anchors(vec![plain(&para.replace('\n', " "))]);
                        blocks.push(Block::Paragraph { text, origin });
                    }
                }
                Event::Rule => {
                    return Err((
                        self.line_of(range.start),
                        t!("đường kẻ ngang («---») không dùng trong nội dung", "a rule («---») has no place in the prose"),
                        Some(t!(
                            "xóa dòng này; để sang trang mới, mẫu dùng khối «::: pagebreak»",
                            "delete the line; for a new page the templates use «::: pagebreak»"
                        )),
                    ));
                }
                Event::End(_) => {
                    // The end of an enclosing container this reader was not
                    // asked to stop at (such as a block quote): step out.
                    self.events.next();
                }
                _ => {
                    // Inline content straight inside a list item (a tight list).
                    let origin = self.origin(range.start);
                    let text = self.inlines_until_block();
                    if !text.is_empty() {
                        blocks.push(Block::Paragraph { text, origin });
                    }
                }
            }
        }
    }

    /// Inline content until the end tag `end`.
    fn inlines(&mut self, end: TagEnd) -> Inlines {
        let mut out = Inlines::new();
        let mut style = Style::default();
        for (event, _) in self.events.by_ref() {
            match event {
                Event::End(tag) if tag == end => break,
                event => style.apply(event, &mut out),
            }
        }
        resolve_anchors(out)
    }

    /// Inline content up to the next block-level event.
    fn inlines_until_block(&mut self) -> Inlines {
        let mut out = Inlines::new();
        let mut style = Style::default();
        while let Some((event, _)) = self.events.peek() {
            if !is_inline(event) {
                break;
            }
            let (event, _) = self.events.next().expect("peeked");
            style.apply(event, &mut out);
        }
        resolve_anchors(out)
    }

    fn table(&mut self, alignment: &[pulldown_cmark::Alignment], origin: Option<Origin>) -> Table {
        let align = alignment
            .iter()
            .map(|a| match a {
                pulldown_cmark::Alignment::Center => Align::Center,
                pulldown_cmark::Alignment::Right => Align::Right,
                _ => Align::Left,
            })
            .collect();
        let mut header = Vec::new();
        let mut rows = Vec::new();
        let mut row = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::TableCell) => row.push(self.inlines(TagEnd::TableCell)),
                Event::End(TagEnd::TableHead) => header = std::mem::take(&mut row),
                Event::End(TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Table { header, rows, align, widths: Vec::new(), origin }
    }
}

fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_) | Event::Code(_) | Event::InlineHtml(_) | Event::SoftBreak | Event::HardBreak => true,
        Event::Start(tag) => matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }),
        Event::End(tag) => matches!(tag, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image),
        _ => false,
    }
}

/// The inline style in effect while reading a run of inline events.
#[derive(Default)]
struct Style {
    strong: usize,
    emph: usize,
}

impl Style {
    /// Applies one inline event, appending any text to `out`.
    fn apply(&mut self, event: Event<'_>, out: &mut Inlines) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => self.push(&t, out),
            Event::SoftBreak => self.push(" ", out),
            Event::HardBreak => out.push(Inline::LineBreak),
            Event::Start(Tag::Strong) => self.strong += 1,
            Event::End(TagEnd::Strong) => self.strong = self.strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => self.emph += 1,
            Event::End(TagEnd::Emphasis) => self.emph = self.emph.saturating_sub(1),
            // Links and images keep their text; nothing is fetched or linked.
            _ => {}
        }
    }

    fn push(&self, text: &str, out: &mut Inlines) {
        let (strong, emph) = (self.strong > 0, self.emph > 0);
        if let Some(Inline::Text { text: last, strong: s, emph: e, .. }) = out.last_mut()
            && *s == strong && *e == emph {
                last.push_str(text);
                return;
            }
        out.push(Inline::Text { text: text.to_string(), strong, emph, anchors: Vec::new() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_items_after_a_dash_item_are_its_sub_items() {
        let lines = [
            "- Nông nghiệp:",
            "+ Trồng trọt: lúa 205.114 ha;",
            "+ Chăn nuôi:",
            "tiếp tục phát triển.",
            "- Công nghiệp.",
            "",
            "+ Xây dựng.",
            "",
            "Đoạn văn.",
            "+ Không thuộc danh sách nào.",
            "",
            "# Tiêu đề",
            "+ Cũng không.",
        ];
        let nested = nest_plus_items(&lines);
        let expected = [
            "- Nông nghiệp:",
            "  + Trồng trọt: lúa 205.114 ha;",
            "  + Chăn nuôi:",
            "tiếp tục phát triển.",
            "- Công nghiệp.",
            "",
            "  + Xây dựng.",
            "",
            "Đoạn văn.",
            "+ Không thuộc danh sách nào.",
            "",
            "# Tiêu đề",
            "+ Cũng không.",
        ];
        assert_eq!(nested, expected);
        // Read as Markdown, the "+" items are the first item's sub-list.
        let text = nested[..3].join("\n");
        let lists = Parser::new(&text).filter(|e| matches!(e, Event::Start(Tag::List(_)))).count();
        assert_eq!(lists, 2, "a list inside a list");
    }
}
