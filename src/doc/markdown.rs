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

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::model::{Align, Block, Cover, Document, HEADING_LEVELS, Inline, Inlines, Meta, Table};
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
    /// That line's text, to find it in the file it came from.
    pub line_text: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

/// Reads the booklet `markdown` into a document with metadata `meta`.
pub fn parse(markdown: &str, meta: Meta) -> Result<Document, MarkupError> {
    let lines: Vec<&str> = markdown.lines().collect();
    let error = |line: usize, message: String, hint: Option<String>| MarkupError {
        line: line + 1,
        line_text: lines.get(line).map(|l| l.trim().to_string()).unwrap_or_default(),
        message,
        hint,
    };

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
        read_markdown(&lines[chunk_start..i], chunk_start, &mut blocks).map_err(|(l, m, h)| error(l, m, h))?;
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
    read_markdown(&lines[chunk_start..], chunk_start, &mut blocks).map_err(|(l, m, h)| error(l, m, h))?;
    Ok(Document { meta, blocks })
}

/// A problem's line (0-based, in the whole text), message and hint.
type Problem = (usize, String, Option<String>);

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
            Ok(Block::Contents { title })
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
    Inline::Text { text: text.to_string(), strong: false, emph: false }
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
    out
}

/// Reads ordinary Markdown `lines` (starting at line `first`, 0-based) and
/// appends its blocks.
fn read_markdown(lines: &[&str], first: usize, blocks: &mut Vec<Block>) -> Result<(), Problem> {
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Ok(());
    }
    let text = lines.join("\n");
    let line_of = |offset: usize| first + text[..offset.min(text.len())].matches('\n').count();
    let mut events = Parser::new_ext(&text, Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES).into_offset_iter().peekable();
    let mut reader = Reader { events: &mut events, line_of: &line_of };
    blocks.extend(reader.blocks(None)?);
    Ok(())
}

struct Reader<'r, 'a, I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>> {
    events: &'r mut std::iter::Peekable<I>,
    line_of: &'r dyn Fn(usize) -> usize,
}

impl<'a, I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>> Reader<'_, 'a, I> {
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
                    blocks.push(Block::Paragraph { text: self.inlines(TagEnd::Paragraph) });
                }
                Event::Start(Tag::Heading { level: tag_level, classes, .. }) => {
                    self.events.next();
                    let level = tag_level as u8;
                    if level > HEADING_LEVELS {
                        return Err((
                            (self.line_of)(range.start),
                            t!("tiêu đề cấp {level} sâu hơn 4 cấp của tài liệu", "a level {level} heading, deeper than the booklet's 4 levels"),
                            Some(t!(
                                "dùng # (phần), ## (mục I-), ### (mục 1.) hoặc #### (đề mục «*»)",
                                "use # (part), ## (section I-), ### (subsection 1.) or #### (run-in «*»)"
                            )),
                        ));
                    }
                    let numbered = !classes.iter().any(|c| c.as_ref() == "unnumbered");
                    blocks.push(Block::Heading { level, text: self.inlines(TagEnd::Heading(tag_level)), numbered });
                }
                Event::Start(Tag::List(start)) => {
                    self.events.next();
                    let mut items = Vec::new();
                    while let Some((Event::Start(Tag::Item), _)) = self.events.peek() {
                        self.events.next();
                        items.push(self.blocks(Some(TagEnd::Item))?);
                    }
                    self.events.next(); // End(List)
                    blocks.push(Block::List { numbered: start.is_some(), items });
                }
                Event::Start(Tag::Table(alignment)) => {
                    self.events.next();
                    blocks.push(Block::Table(self.table(&alignment)));
                }
                Event::Start(Tag::BlockQuote(kind)) => {
                    // A quotation is read as ordinary blocks.
                    self.events.next();
                    blocks.extend(self.blocks(Some(TagEnd::BlockQuote(kind)))?);
                }
                Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => {
                    // Indented or fenced text, or HTML: kept as literal paragraphs.
                    self.events.next();
                    let mut literal = String::new();
                    while let Some((event, _)) = self.events.next() {
                        match event {
                            Event::Text(t) | Event::Html(t) => literal.push_str(&t),
                            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => break,
                            _ => {}
                        }
                    }
                    for para in literal.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                        blocks.push(Block::Paragraph { text: vec![plain(&para.replace('\n', " "))] });
                    }
                }
                Event::Rule => {
                    return Err((
                        (self.line_of)(range.start),
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
                    let text = self.inlines_until_block();
                    if !text.is_empty() {
                        blocks.push(Block::Paragraph { text });
                    }
                }
            }
        }
    }

    /// Inline content until the end tag `end`.
    fn inlines(&mut self, end: TagEnd) -> Inlines {
        let mut out = Inlines::new();
        let mut style = Style::default();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::End(tag) if tag == end => break,
                event => style.apply(event, &mut out),
            }
        }
        out
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
        out
    }

    fn table(&mut self, alignment: &[pulldown_cmark::Alignment]) -> Table {
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
        Table { header, rows, align }
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
        if let Some(Inline::Text { text: last, strong: s, emph: e }) = out.last_mut() {
            if *s == strong && *e == emph {
                last.push_str(text);
                return;
            }
        }
        out.push(Inline::Text { text: text.to_string(), strong, emph });
    }
}
