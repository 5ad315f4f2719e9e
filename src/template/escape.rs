//! Values printed by templates are data, not markup: every ASCII punctuation
//! character gets a backslash (CommonMark removes it again when it reads the
//! text), and line breaks become spaces, so a value can neither start a
//! heading, a list or a directive nor end the paragraph it stands in.

use minijinja::{Output, State, Value};

/// `text` escaped so that Markdown reads it back as exactly this text.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The formatter of the template environment: escapes every printed value
/// unless a filter marked it safe Markdown, and anchors each figure of the
/// indicator table with what it is (see [`super::anchor`]).
pub(super) fn markdown_formatter(out: &mut Output, _state: &mut State, value: &Value) -> Result<(), minijinja::Error> {
    let text = value.to_string();
    let text = if value.is_safe() { text } else { escape_markdown(&text) };
    let text = match super::figures::anchor_label(value) {
        Some(label) => crate::source::anchor::wrap(&label, &text),
        None => text,
    };
    let written = out.write_str(&text);
    written.map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, crate::t!("không ghi được kết quả mẫu", "cannot write the template's output")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_is_escaped_and_lines_are_joined() {
        assert_eq!(escape_markdown("16.100 lao động"), "16\\.100 lao động");
        assert_eq!(escape_markdown("# a *b* [c](d)"), "\\# a \\*b\\* \\[c\\]\\(d\\)");
        assert_eq!(escape_markdown("a\n\n- b"), "a  \\- b");
        assert_eq!(escape_markdown("Việt Nam"), "Việt Nam");
    }
}
