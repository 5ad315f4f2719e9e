//! Bold and italic runs of a hand-made booklet kept as Markdown's
//! `**bold**` and `*italic*` ("**Tài chính, ngân hàng:** tín dụng tăng
//! 12%"): the paragraph's text is marked where its runs' emphasis starts
//! and ends (spaces kept outside), read as the rest of the import reads
//! plain text, and the marks become Markdown's once the text is escaped.

use super::line;
use super::read::Paragraph;

/// Where bold starts and ends, and italics: Unicode noncharacters, which
/// no text of a booklet holds (any in a DOCX are dropped).
const BOLD: (char, char) = ('\u{FDE0}', '\u{FDE1}');
const ITALIC: (char, char) = ('\u{FDE2}', '\u{FDE3}');

fn is_mark(c: char) -> bool {
    ('\u{FDE0}'..='\u{FDE3}').contains(&c)
}

/// The text of `paragraph` with its emphasis marked, its spaces as the
/// import cleans them (no-break spaces, tabs and line breaks as spaces, no
/// runs of them).
pub fn marked(paragraph: &Paragraph) -> String {
    let text = &paragraph.text;
    // (byte, order, mark): at a byte, ends before starts.
    let mut marks: Vec<(usize, u8, char)> = Vec::new();
    for e in &paragraph.emphasis {
        let Some(span) = text.get(e.start..e.end) else { continue };
        let start = e.start + (span.len() - span.trim_start().len());
        let end = e.start + span.trim_end().len();
        if start >= end {
            continue;
        }
        if e.bold {
            marks.push((start, 2, BOLD.0));
            marks.push((end, 1, BOLD.1));
        }
        if e.italic {
            marks.push((start, 3, ITALIC.0));
            marks.push((end, 0, ITALIC.1));
        }
    }
    marks.sort_by_key(|(at, order, _)| (*at, *order));
    let mut out = String::with_capacity(text.len() + marks.len() * 3);
    let mut next = marks.iter().peekable();
    for (at, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        while let Some((_, _, mark)) = next.next_if(|(m, ..)| *m == at) {
            out.push(*mark);
        }
        if at < text.len() && !is_mark(c) {
            out.push(if matches!(c, '\u{a0}' | '\t' | '\n') { ' ' } else { c });
        }
    }
    // A run ending where the next one of the same emphasis starts: one.
    for (open, close) in [BOLD, ITALIC] {
        out = out.replace(&format!("{close}{open}"), "");
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `rest`, the end of the plain text of `marked` (a list item's text after
/// its mark), as Markdown: escaped as a reviewer's text is, its bold and
/// italics as `**` and `*`.
pub fn markdown(marked: &str, rest: &str) -> String {
    let wanted = rest.trim().chars().count();
    let total = marked.chars().filter(|c| !is_mark(*c)).count();
    let mut skip = total.saturating_sub(wanted);
    let (mut bold, mut italic) = (false, false);
    let mut tail = String::new();
    for c in marked.chars() {
        if skip == 0 {
            tail.push(c);
            continue;
        }
        match c {
            c if c == BOLD.0 || c == BOLD.1 => bold = c == BOLD.0,
            c if c == ITALIC.0 || c == ITALIC.1 => italic = c == ITALIC.0,
            _ => skip -= 1,
        }
    }
    let mut tail = tail.trim_start().to_string();
    // Emphasis open where the label was cut off opens again.
    if italic {
        tail.insert(0, ITALIC.0);
    }
    if bold {
        tail.insert(0, BOLD.0);
    }
    line::escape(&tail).replace([BOLD.0, BOLD.1], "**").replace([ITALIC.0, ITALIC.1], "*")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::Emphasis;

    fn paragraph(text: &str, emphasis: &[(usize, usize, bool, bool)]) -> Paragraph {
        let emphasis = emphasis.iter().map(|&(start, end, bold, italic)| Emphasis { start, end, bold, italic }).collect();
        Paragraph { text: text.into(), emphasis, ..Paragraph::default() }
    }

    #[test]
    fn bold_and_italic_runs_become_markdown_spaces_outside() {
        // "Tài chính, ngân hàng: " bold (its space too), the rest plain.
        let label = "Tài chính, ngân hàng: ";
        let p = paragraph(&format!("{label}tín dụng tăng 12%."), &[(0, label.len(), true, false)]);
        assert_eq!(markdown(&marked(&p), "Tài chính, ngân hàng: tín dụng tăng 12%."), "**Tài chính, ngân hàng:** tín dụng tăng 12%.");
        // Italics inside, and a run split in two that is one.
        let p = paragraph("a bc de", &[(2, 3, false, true), (3, 4, false, true), (5, 7, true, true)]);
        assert_eq!(markdown(&marked(&p), "a bc de"), "a *bc* ***de***");
        // A list item's text after its typed mark; a star typed is text.
        let p = paragraph("- ý *một* hai", &[(0, "- ý *một*".len(), true, false)]);
        assert_eq!(markdown(&marked(&p), "ý *một* hai"), "**ý \\*một\\*** hai");
    }
}
