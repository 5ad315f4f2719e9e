//! The web page writer: the booklet as one self-contained, accessible HTML
//! page for the province's portal (`NAME.html`), and its body alone to
//! paste into a portal's editor (`NAME.fragment.html`).
//!
//! The page is plain HTML: `lang="vi"`; the cover's facts as the page's
//! header (the title its one `h1`); the contents as links to the
//! headings; the ladder's headings as `h2`-`h6`, each with its label
//! ("A.", "I-", "1.") as text, as the house style numbers them; lists with
//! their marks ("-", "+") as text; tables with header cells; no script, no
//! web font (the fonts offices have, then serif), a print style sheet. The
//! marks, alignments and table borders are written on the elements, so
//! that a portal's editor, which drops style sheets, keeps them. Every
//! value is escaped: data is text, never markup.

use std::fmt::Write as _;

use super::{Needs, Output, RenderContext, Rendered, Renderer};
use crate::doc::{Align, Block, Cover, Document, Inline, Inlines, Table, keep_pieces};
use crate::error::Result;
use crate::style::{HeadingAlign, HouseStyle};
use crate::timing::Stage;

/// The web page writer.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlRenderer {
    /// Also write the page's body alone.
    pub fragment: bool,
}

impl Renderer for HtmlRenderer {
    fn stage(&self) -> Stage {
        Stage::Html
    }

    fn needs(&self, _: &Document) -> Needs {
        Needs::Nothing
    }

    fn render(&self, context: &RenderContext<'_>) -> Result<Rendered> {
        let body = body(context.document);
        let mut files = vec![(Output::Html, page(context.document, &body).into_bytes())];
        if self.fragment {
            files.push((Output::HtmlFragment, format!("{body}\n").into_bytes()));
        }
        Ok(Rendered { files, warnings: Vec::new() })
    }
}

/// The style sheet of the whole page; what a pasted fragment must keep is
/// written on its elements instead.
const STYLE: &str = "\
body { margin: 0; background: #f4f4f2; color: #111; }
article.baocao { max-width: 46em; margin: 0 auto; padding: 2em 2.5em; background: #fff;
  font: 1.1em/1.5 \"Times New Roman\", Tinos, \"Liberation Serif\", \"Noto Serif\", serif; }
article.baocao p { margin: 0 0 0.5em; text-align: justify; text-indent: 1cm; }
article.baocao header.cover p, article.baocao nav p, article.baocao td p, article.baocao th p { text-indent: 0; }
article.baocao header.cover { margin-bottom: 2em; }
article.baocao .cover-top { display: flex; justify-content: space-between; gap: 2em; }
article.baocao .cover-top div { text-align: center; }
article.baocao h1 { font-size: 1.5em; margin: 1.5em 0 0.5em; }
article.baocao h2, article.baocao h3, article.baocao h4, article.baocao h5, article.baocao h6 { font-size: 1em; margin: 1em 0 0.4em; }
article.baocao nav ol { list-style: none; padding-left: 0; }
article.baocao nav a { color: inherit; text-decoration: none; }
article.baocao nav a:hover, article.baocao nav a:focus { text-decoration: underline; }
article.baocao ul, article.baocao ol { margin: 0 0 0.5em; }
article.baocao li > p { text-indent: 0; }
article.baocao table { margin: 0.5em 0 1em; }
article.baocao .draft { border: 1px solid #b00; color: #b00; display: inline-block; padding: 0 0.4em; }
@media print {
  body { background: none; }
  article.baocao { max-width: none; padding: 0; font-size: 13pt; }
  article.baocao nav a { color: inherit; }
  article.baocao .page-break { break-after: page; }
  article.baocao h2, article.baocao h3, article.baocao h4 { break-after: avoid; }
  article.baocao tr { break-inside: avoid; }
}
";

/// The whole page around `body`.
fn page(doc: &Document, body: &str) -> String {
    let meta = &doc.meta;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<meta name=\"author\" content=\"{}\">\n<meta name=\"description\" content=\"{}\">\n<meta name=\"keywords\" content=\"{}\">\n<style>\n{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        escape(&meta.lang),
        escape(&meta.title),
        escape(&meta.author),
        escape(&meta.subject),
        escape(&meta.keywords.join(", ")),
    );
    out
}

/// The page's body: the booklet in one `article`.
fn body(doc: &Document) -> String {
    let style = &doc.meta.style;
    let headings = Headings::of(doc);
    let mut out = String::from("<article class=\"baocao\">\n");
    if doc.meta.draft {
        let _ = writeln!(out, "<p class=\"draft\"><strong>{}</strong></p>", escape(&style.draft.text));
    }
    let mut heading = 0;
    for block in &doc.blocks {
        match block {
            Block::Cover(cover) | Block::Masthead(cover) => write_cover(&mut out, cover),
            Block::Contents { title, .. } => write_contents(&mut out, title, &headings),
            Block::Heading { level, text, .. } => {
                write_heading(&mut out, style, &headings.all[heading], *level, text);
                heading += 1;
            }
            other => write_block(&mut out, style, other, 0),
        }
    }
    out.push_str("</article>");
    out
}

/// Each heading's id and label, in order, and which the contents list.
struct Headings {
    /// Each heading: its id, its label, listed in the contents or not.
    all: Vec<HeadingMark>,
}

struct HeadingMark {
    id: String,
    label: String,
    listed: bool,
    level: u8,
    text: String,
}

impl Headings {
    /// The labels the house style gives the headings of `doc`, counted as
    /// the writers count them (a numbered heading counts at its level and
    /// starts the deeper levels anew).
    fn of(doc: &Document) -> Headings {
        let style = &doc.meta.style;
        let mut counts = vec![0usize; style.headings.len()];
        let mut all = Vec::new();
        for block in &doc.blocks {
            let Block::Heading { level, text, numbered, .. } = block else { continue };
            let index = usize::from(*level).saturating_sub(1);
            let label = match style.headings.get(index) {
                Some(heading) if *numbered => {
                    counts[index] += 1;
                    counts[index + 1..].fill(0);
                    heading.label.format(counts[index])
                }
                _ => String::new(),
            };
            let listed = usize::from(*level) <= style.contents_depth();
            all.push(HeadingMark { id: format!("muc-{}", all.len() + 1), label, listed, level: *level, text: plain(text) });
        }
        Headings { all }
    }
}

/// The text of `inlines`, line breaks as spaces.
fn plain(inlines: &Inlines) -> String {
    crate::doc::plain_text(inlines)
}

fn write_cover(out: &mut String, cover: &Cover) {
    out.push_str("<header class=\"cover\">\n<div class=\"cover-top\" style=\"display:flex;justify-content:space-between\">\n<div style=\"text-align:center\">\n");
    const LINE: &str = "text-align:center;text-indent:0;margin:0";
    if let Some(parent) = &cover.parent_body {
        let _ = writeln!(out, "<p style=\"{LINE}\">{}</p>", inlines(parent));
    }
    if let Some(issuer) = &cover.issuing_body {
        let _ = writeln!(out, "<p style=\"{LINE}\"><strong>{}</strong></p>\n<p style=\"{LINE}\">*</p>", inlines(issuer));
    }
    out.push_str("</div>\n<div style=\"text-align:center\">\n");
    if let Some(party) = &cover.party {
        let _ = writeln!(out, "<p style=\"{LINE}\"><strong><u>{}</u></strong></p>", inlines(party));
    }
    out.push_str("</div>\n</div>\n");
    if let Some(title) = &cover.title {
        let _ = writeln!(out, "<h1 style=\"text-align:center\">{}</h1>", inlines(title));
    }
    if let Some(audience) = &cover.audience {
        let _ = writeln!(out, "<p style=\"text-align:center;text-indent:0\"><em>{}</em></p>", inlines(audience));
    }
    if let Some(place_date) = &cover.place_date {
        let _ = writeln!(out, "<p style=\"text-align:center;text-indent:0\"><em>{}</em></p>", inlines(place_date));
    }
    out.push_str("</header>\n");
}

fn write_contents(out: &mut String, title: &Inlines, headings: &Headings) {
    let _ = writeln!(out, "<nav class=\"contents\" aria-labelledby=\"muc-luc\">\n<h2 id=\"muc-luc\" style=\"text-align:center\">{}</h2>\n<ol>", inlines(title));
    for heading in headings.all.iter().filter(|h| h.listed) {
        let label = heading.label.split_whitespace().collect::<Vec<_>>().join(" ");
        let label = if label.is_empty() { String::new() } else { format!("{} ", escape(&label)) };
        let indent = f64::from(heading.level.saturating_sub(1)) * 1.5;
        let _ = writeln!(out, "<li style=\"margin-left:{indent}em\"><a href=\"#{}\">{label}{}</a></li>", heading.id, kept_together(&heading.text));
    }
    out.push_str("</ol>\n</nav>\n");
}

fn write_heading(out: &mut String, style: &HouseStyle, mark: &HeadingMark, level: u8, text: &Inlines) {
    let tag = format!("h{}", (level + 1).min(6));
    let look = style.headings.get(usize::from(level).saturating_sub(1));
    let centred = look.is_some_and(|h| h.align == HeadingAlign::Center);
    let align = if centred { "text-align:center" } else { "text-align:justify" };
    let mut content = inlines(text);
    if look.is_some_and(|h| h.italic) {
        content = format!("<em>{content}</em>");
    }
    let label = match mark.label.split_once('\n') {
        // The title on the line under its label ("PHẦN THỨ NHẤT:").
        Some((label, _)) => format!("<span class=\"label\">{}</span><br>", escape(label.trim())),
        None if mark.label.is_empty() => String::new(),
        None => format!("<span class=\"label\">{}</span> ", escape(&mark.label)),
    };
    let weight = if look.is_none_or(|h| h.bold) { "" } else { ";font-weight:normal" };
    let _ = writeln!(out, "<{tag} id=\"{}\" style=\"{align}{weight}\">{label}{content}</{tag}>", mark.id);
}

/// `block` (a paragraph, a list, a table, a page break), in a list
/// `depth` deep.
fn write_block(out: &mut String, style: &HouseStyle, block: &Block, depth: usize) {
    match block {
        Block::Paragraph { text, .. } => {
            let _ = writeln!(out, "<p>{}</p>", inlines(text));
        }
        Block::List { numbered, items } => {
            let tag = if *numbered { "ol" } else { "ul" };
            let _ = writeln!(out, "<{tag} style=\"list-style:none;padding-left:{}\">", if depth == 0 { "1cm" } else { "0" });
            for (n, item) in items.iter().enumerate() {
                let mark = match numbered {
                    true => style.numbered.get(depth).or(style.numbered.last()).map(|l| l.format(n + 1)).unwrap_or_else(|| format!("{}.", n + 1)),
                    false => style.bullets.get(depth).or(style.bullets.last()).cloned().unwrap_or_else(|| "-".into()),
                };
                let _ = write!(out, "<li><span class=\"mark\">{}</span> ", escape(&mark));
                for (i, inner) in item.iter().enumerate() {
                    match inner {
                        // The item's first paragraph runs on after its mark.
                        Block::Paragraph { text, .. } if i == 0 => out.push_str(&inlines(text)),
                        other => {
                            out.push('\n');
                            write_block(out, style, other, depth + 1);
                        }
                    }
                }
                out.push_str("</li>\n");
            }
            let _ = writeln!(out, "</{tag}>");
        }
        Block::Table(table) => write_table(out, table),
        Block::PageBreak => out.push_str("<div class=\"page-break\"></div>\n"),
        Block::Heading { text, .. } => {
            let _ = writeln!(out, "<p><strong>{}</strong></p>", inlines(text));
        }
        Block::Cover(_) | Block::Masthead(_) | Block::Contents { .. } => {}
    }
}

fn write_table(out: &mut String, table: &Table) {
    const CELL: &str = "border:1px solid #444;padding:2pt 4pt;vertical-align:top";
    let align = |column: usize| match table.align.get(column) {
        Some(Align::Right) => ";text-align:right",
        Some(Align::Center) => ";text-align:center",
        _ => ";text-align:left",
    };
    out.push_str("<table style=\"border-collapse:collapse;width:100%\">\n");
    if !table.widths.is_empty() {
        out.push_str("<colgroup>");
        for width in &table.widths {
            let _ = write!(out, "<col style=\"width:{:.1}%\">", width * 100.0);
        }
        out.push_str("</colgroup>\n");
    }
    out.push_str("<thead>\n<tr>");
    for cell in &table.header {
        let _ = write!(out, "<th scope=\"col\" style=\"{CELL};text-align:center\">{}</th>", inlines(cell));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (column, cell) in row.iter().enumerate() {
            let _ = write!(out, "<td style=\"{CELL}{}\">{}</td>", align(column), inlines(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// `inlines` as HTML: bold, italic, line breaks; the pieces that must not
/// break across lines with no-break spaces and hyphens.
fn inlines(inlines: &Inlines) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text { text, strong, emph, .. } => {
                let mut run = kept_together(text);
                if *emph {
                    run = format!("<em>{run}</em>");
                }
                if *strong {
                    run = format!("<strong>{run}</strong>");
                }
                out.push_str(&run);
            }
            Inline::LineBreak => out.push_str("<br>"),
        }
    }
    out
}

/// `text` escaped, its pieces that must stay on one line kept so: a
/// hyphenated one ("KH-CN", "2021-2025") in a span that does not wrap (the
/// hyphen stays the one people search for), the spaces of another no-break
/// spaces ("16.100&nbsp;lao động").
fn kept_together(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (piece, keep) in keep_pieces(text) {
        match (keep, piece.contains('-')) {
            (true, true) => {
                let _ = write!(out, "<span style=\"white-space:nowrap\">{}</span>", escape(piece));
            }
            (true, false) => out.push_str(&escape(&piece.replace(' ', "\u{a0}"))),
            (false, _) => out.push_str(&escape(piece)),
        }
    }
    out
}

/// `text` escaped for HTML text and attribute values; a no-break space
/// written as `&nbsp;`, which editors keep.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inlines {
        vec![Inline::Text { text: s.into(), strong: false, emph: false, anchors: Vec::new() }]
    }

    #[test]
    fn data_is_text_never_markup() {
        assert_eq!(escape("<script>alert('x')</script> & \"q\""), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
        assert_eq!(inlines(&text("#read(\"/etc/passwd\") <b>")), "#read(&quot;/etc/passwd&quot;) &lt;b&gt;");
    }
}
