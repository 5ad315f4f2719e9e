//! A prose line and the paragraph it became: the line cut into literal
//! text and template expressions, the literal parts found again in the
//! paragraph's text, so that a reviewer's edit of the text becomes an edit
//! of the line. An edit inside literal text changes those characters of
//! the line (Markdown marks and every expression kept byte for byte); an
//! edit that touches what an expression printed is a conflict: the
//! expression stays.

use similar::{Algorithm, DiffOp, TextDiff};

use super::read::{Numbered, Paragraph};

/// A piece of a source line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Span {
    /// Text written in the line: its byte range in the line.
    Literal(usize, usize),
    /// A template expression or tag (`{{ ... }}`, `{% ... %}`, `{# ... #}`).
    Expression(usize, usize),
}

/// An edit the line could not take: what the text was and what it became
/// where an expression printed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The expression, as written in the line.
    pub expression: String,
    /// The text the reviewer changed.
    pub before: String,
    /// What they wrote.
    pub after: String,
}

/// What became of an edited paragraph's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The line with the edits.
    Edited(String),
    /// The line could not be matched to the paragraph's text (it spans
    /// several lines, or templates made it): nothing changed.
    Unmatched,
}

/// `line`, which rendered as the text `before`, edited so that it renders
/// as `after`; the edits that touch template output are returned as
/// conflicts and left out.
pub fn edit(line: &str, before: &str, after: &str) -> (Outcome, Vec<Conflict>) {
    let spans = spans(line);
    // Each literal's rendered characters, with the byte in the line each
    // came from.
    let literals: Vec<Vec<(char, usize)>> = spans
        .iter()
        .map(|span| match span {
            Span::Literal(start, end) => rendered(line, *start, *end, *start == 0),
            Span::Expression(..) => Vec::new(),
        })
        .collect();
    // Where each literal stands in `before`, in characters.
    let before_chars: Vec<char> = before.chars().collect();
    let mut placed: Vec<Option<(usize, usize)>> = vec![None; spans.len()];
    let mut at = 0;
    for (i, span) in spans.iter().enumerate() {
        let Span::Literal(..) = span else { continue };
        let text: Vec<char> = literals[i].iter().map(|(c, _)| *c).collect();
        if text.is_empty() {
            placed[i] = Some((at, at));
            continue;
        }
        let follows_expression = i > 0 && matches!(spans[i - 1], Span::Expression(..));
        let found = if follows_expression { find(&before_chars, &text, at) } else { before_chars[at..].starts_with(&text).then_some(at) };
        let Some(start) = found else { return (Outcome::Unmatched, Vec::new()) };
        placed[i] = Some((start, start + text.len()));
        at = start + text.len();
    }
    let last_is_literal = matches!(spans.last(), Some(Span::Literal(..)));
    if last_is_literal && at != before_chars.len() {
        return (Outcome::Unmatched, Vec::new());
    }
    let after_chars: Vec<char> = after.chars().collect();
    let diff = TextDiff::configure().algorithm(Algorithm::Patience).diff_chars(before, after);
    // Edits in line bytes: (start, end, replacement), in order.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut conflicts = Vec::new();
    for op in diff.ops() {
        let (old, new) = match *op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete { old_index, old_len, .. } => (old_index..old_index + old_len, 0..0),
            DiffOp::Insert { old_index, new_index, new_len } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => (old_index..old_index + old_len, new_index..new_index + new_len),
        };
        let replacement: String = after_chars[new.clone()].iter().collect();
        // The literal the change lies in (an insertion may stand at either
        // end of one).
        let home = spans.iter().enumerate().find_map(|(i, span)| {
            let (Span::Literal(..), Some((start, end))) = (span, placed[i]) else { return None };
            (old.start >= start && old.end <= end).then_some(i)
        });
        match home {
            Some(i) => {
                let (start, _) = placed[i].expect("placed");
                let Span::Literal(_, literal_end) = spans[i] else { unreachable!() };
                let chars = &literals[i];
                let byte = |k: usize| chars.get(k - start).map_or(literal_end, |(_, b)| *b);
                let from = byte(old.start);
                // The end of the last character replaced, in the line.
                let to = if old.is_empty() { from } else { chars.get(old.end - 1 - start).map_or(literal_end, |(c, b)| b + c.len_utf8()) };
                let after_brace = line[..from].ends_with('{');
                edits.push((from, to, escape_after(&replacement, after_brace)));
            }
            None => {
                let expression = spans
                    .iter()
                    .find_map(|span| match span {
                        Span::Expression(s, e) => Some(line[*s..*e].to_string()),
                        Span::Literal(..) => None,
                    })
                    .unwrap_or_default();
                // The expression whose output the change touches, and that
                // output's range in `before`.
                let touched = spans.iter().enumerate().find_map(|(i, span)| match span {
                    Span::Expression(s, e) => {
                        let from = placed[..i].iter().rev().find_map(|p| p.map(|(_, end)| end)).unwrap_or(0);
                        let to = placed[i + 1..].iter().find_map(|p| p.map(|(start, _)| start)).unwrap_or(before_chars.len());
                        (old.start < to.max(from + 1) && old.end >= from).then(|| (line[*s..*e].to_string(), from, to))
                    }
                    Span::Literal(..) => None,
                });
                let (expression, from, to) = touched.unwrap_or((expression, old.start, old.end));
                let (new_from, new_to) = (new_position(&diff, from), new_position(&diff, to));
                conflicts.push(Conflict {
                    expression,
                    before: before_chars[from..to].iter().collect(),
                    after: after_chars[new_from.min(new_to)..new_to].iter().collect(),
                });
            }
        }
    }
    let mut edited = line.to_string();
    for (from, to, replacement) in edits.into_iter().rev() {
        edited.replace_range(from..to, &replacement);
    }
    (Outcome::Edited(edited), conflicts)
}

/// Where position `old` of the old text stands in the new one.
fn new_position(diff: &TextDiff<'_, '_, str>, old: usize) -> usize {
    for op in diff.ops() {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        if old < old_range.end || (old == old_range.end && old_range.is_empty()) {
            return match op {
                DiffOp::Equal { .. } => new_range.start + (old - old_range.start),
                _ if old == old_range.start => new_range.start,
                _ => new_range.end,
            };
        }
    }
    diff.ops().last().map_or(old, |op| op.new_range().end)
}

/// The first place at or after `from` where `needle` stands in `hay`.
fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    (from..=hay.len().saturating_sub(needle.len())).find(|&i| hay[i..].starts_with(needle))
}

/// `line` cut into literal text and template expressions.
fn spans(line: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut at = 0;
    let mut literal_start = 0;
    while at < line.len() {
        let rest = &line[at..];
        let close = ["{{", "{%", "{#"].iter().zip(["}}", "%}", "#}"]).find(|(open, _)| rest.starts_with(**open)).map(|(_, close)| close);
        if let Some(close) = close
            && let Some(end) = rest[2..].find(close)
        {
            if at > literal_start {
                spans.push(Span::Literal(literal_start, at));
            }
            let end = at + 2 + end + close.len();
            spans.push(Span::Expression(at, end));
            at = end;
            literal_start = at;
            continue;
        }
        at += rest.chars().next().map_or(1, char::len_utf8);
    }
    if line.len() > literal_start {
        spans.push(Span::Literal(literal_start, line.len()));
    }
    spans
}

/// The characters literal text `line[start..end]` renders as, each with
/// the byte it came from: Markdown's marks (a heading's or a list item's
/// mark at the line's start, emphasis, backslash escapes) are not text.
fn rendered(line: &str, start: usize, end: usize, line_start: bool) -> Vec<(char, usize)> {
    let text = &line[start..end];
    let mut skip = 0;
    if line_start {
        let trimmed = text.trim_start();
        let indent = text.len() - trimmed.len();
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        skip = if hashes > 0 && trimmed[hashes..].starts_with(' ') {
            indent + hashes + 1
        } else if trimmed.starts_with("- ") || trimmed.starts_with("+ ") || trimmed.starts_with("* ") {
            indent + 2
        } else if digits > 0 && (trimmed[digits..].starts_with(". ") || trimmed[digits..].starts_with(") ")) {
            indent + digits + 2
        } else {
            0
        };
    }
    let mut out = Vec::new();
    let mut chars = text[skip..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let byte = start + skip + i;
        match c {
            '\\' => {
                if let Some((j, escaped)) = chars.next() {
                    out.push((escaped, start + skip + j));
                }
            }
            '*' | '_' => {}
            c => out.push((c, byte)),
        }
    }
    out
}

/// Text a reviewer typed, as literal Markdown: the characters that would
/// start markup get a backslash, and so does the character after a `{`
/// that would open a template tag with it (`{{`, `{%`, `{#`: the template
/// sees `{\%`, no tag, and Markdown prints `{%`).
pub(super) fn escape(text: &str) -> String {
    escape_after(text, false)
}

/// [`escape`], for text that follows a `{` in its line when
/// `after_brace`.
fn escape_after(text: &str, after_brace: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut brace = after_brace;
    for c in text.chars() {
        match c {
            '\u{a0}' => out.push(' '),
            '*' | '_' | '\\' | '{' | '}' | '[' | ']' | '<' | '>' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '%' | '#' if brace => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
        brace = c == '{';
    }
    out
}

/// What a paragraph of a DOCX is, for a line of prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A heading of level 1 to 6.
    Heading(u8),
    /// A list item with a mark: `- ` at the first level, `+ ` under it.
    Bullet(u8),
    /// A numbered list item.
    Numbered,
    /// A paragraph.
    Body,
}

impl Kind {
    /// What `paragraph` is by its style, its outline level and Word's
    /// numbering: a heading by a heading style or an outline level; a
    /// list item by a list style, or by numbering whatever its style (Enter
    /// after a list item in LibreOffice gives a Normal paragraph that keeps
    /// the list's numbering).
    pub fn of(paragraph: &Paragraph) -> Kind {
        let style = paragraph.style.as_str();
        let digit = |rest: &str| rest.chars().next().and_then(|c| c.to_digit(10)).map(|d| d as u8);
        if let Some(level) = style.strip_prefix("Heading").and_then(digit) {
            return Kind::Heading(level.clamp(1, 6));
        }
        if let Some(rest) = style.strip_prefix("ListBullet") {
            return Kind::Bullet(digit(rest).map_or(0, |d| d.saturating_sub(1)));
        }
        if style.starts_with("ListNumber") {
            return Kind::Numbered;
        }
        if let Some(level) = paragraph.outline_level.filter(|l| *l < 6) {
            return Kind::Heading(level + 1);
        }
        match paragraph.numbered {
            Some(Numbered { level, bullet: true }) => Kind::Bullet(level),
            Some(Numbered { bullet: false, .. }) => Kind::Numbered,
            None => Kind::Body,
        }
    }
}

impl Kind {
    /// Its name, for people ("tiêu đề cấp 3").
    pub fn name(self) -> String {
        match self {
            Kind::Heading(level) => crate::t!("tiêu đề cấp {level}", "a level {level} heading"),
            Kind::Bullet(_) => crate::t!("ý gạch đầu dòng", "a list item"),
            Kind::Numbered => crate::t!("ý đánh số", "a numbered item"),
            Kind::Body => crate::t!("đoạn văn", "a paragraph"),
        }
    }
}

/// `text` as a new line of prose for `paragraph` (a heading, a list item
/// or a paragraph, see [`Kind::of`]).
pub fn new_line(paragraph: &Paragraph, text: &str) -> String {
    let text = escape(text.trim());
    match Kind::of(paragraph) {
        Kind::Heading(level) => format!("{} {text}", "#".repeat(usize::from(level))),
        Kind::Bullet(0) => format!("- {text}"),
        Kind::Bullet(_) => format!("+ {text}"),
        Kind::Numbered => format!("1. {text}"),
        Kind::Body => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_changed_in_literal_text_changes_the_line_and_keeps_expressions() {
        let line = "- Tổng sản lượng thủy sản {{ ind.ts.achieved }} tấn, {{ ind.ts | achievement }}, tăng 4,5% so cùng kỳ.";
        let before = "Tổng sản lượng thủy sản 229.161 tấn, đạt 98,5% kế hoạch, tăng 4,5% so cùng kỳ.";
        let after = "Tổng sản lượng thủy sản nuôi 229.161 tấn, đạt 98,5% kế hoạch, tăng 4,6% so cùng kỳ.";
        let (outcome, conflicts) = edit(line, before, after);
        assert_eq!(
            outcome,
            Outcome::Edited("- Tổng sản lượng thủy sản nuôi {{ ind.ts.achieved }} tấn, {{ ind.ts | achievement }}, tăng 4,6% so cùng kỳ.".into())
        );
        assert!(conflicts.is_empty());
    }

    #[test]
    fn a_rewritten_computed_phrase_is_a_conflict_and_the_expression_stays() {
        let line = "Việc làm {{ ind.v | achievement }}; tốt.";
        let (outcome, conflicts) = edit(line, "Việc làm đạt 70% kế hoạch; tốt.", "Việc làm đạt 71% kế hoạch; tốt.");
        assert_eq!(outcome, Outcome::Edited(line.into()));
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].expression, "{{ ind.v | achievement }}");
        assert_eq!((conflicts[0].before.as_str(), conflicts[0].after.as_str()), ("đạt 70% kế hoạch", "đạt 71% kế hoạch"));
    }

    #[test]
    fn marks_and_escapes_are_kept() {
        let line = "## KẾT QUẢ **ĐẠT** 16\\.100";
        let (outcome, _) = edit(line, "KẾT QUẢ ĐẠT 16.100", "KẾT QUẢ ĐÃ ĐẠT 16.100");
        assert_eq!(outcome, Outcome::Edited("## KẾT QUẢ **ĐÃ ĐẠT** 16\\.100".into()));
        assert_eq!(edit("Một dòng khác", "Hai dòng", "Ba dòng").0, Outcome::Unmatched);
    }

    fn styled(style: &str, numbered: Option<Numbered>) -> Paragraph {
        Paragraph { style: style.into(), numbered, ..Paragraph::default() }
    }

    #[test]
    fn new_lines_take_their_style_s_mark() {
        assert_eq!(new_line(&styled("Heading3", None), "Mục mới"), "### Mục mới");
        assert_eq!(new_line(&styled("ListBullet", None), "ý *mới*"), "- ý \\*mới\\*");
        assert_eq!(new_line(&styled("ListBullet2", None), "ý con"), "+ ý con");
        assert_eq!(new_line(&styled("Normal", None), "Đoạn"), "Đoạn");
    }

    /// Enter after a list item in LibreOffice: a Normal paragraph with the
    /// list's numbering, a bullet (`numFmt none` and a mark) at its level.
    #[test]
    fn a_paragraph_numbered_with_a_bullet_is_a_list_item_whatever_its_style() {
        let bullet = |level| Some(Numbered { level, bullet: true });
        assert_eq!(new_line(&styled("Normal", bullet(0)), "Ý mới."), "- Ý mới.");
        assert_eq!(new_line(&styled("Standard", bullet(1)), "Ý con."), "+ Ý con.");
        assert_eq!(new_line(&styled("Normal", Some(Numbered { level: 0, bullet: false })), "Bước."), "1. Bước.");
        assert_eq!(new_line(&styled("Heading2", bullet(0)), "Mục"), "## Mục", "a heading's numbering is its label");
    }

    /// Template syntax a reviewer types comes back as text: no `{{`, `{%`
    /// or `{#` reaches the template engine, and Markdown prints it as
    /// typed.
    #[test]
    fn template_syntax_typed_by_a_reviewer_is_escaped() {
        assert_eq!(escape("a {% if x %} b {# c #} {{ d }}"), "a \\{\\% if x %\\} b \\{\\# c #\\} \\{\\{ d \\}\\}");
        assert_eq!(escape("68,5% #1"), "68,5% #1", "a lone % or # stays");
        // Typed right after a `{` already in the line.
        let line = "Mở \\{ ngoặc.";
        let (outcome, _) = edit(line, "Mở { ngoặc.", "Mở {% ngoặc.");
        assert_eq!(outcome, Outcome::Edited("Mở \\{\\% ngoặc.".into()));
    }
}
