//! Placeholders: text in square brackets standing for what is still to be
//! written, as `baocao init` leaves them ("ĐẢNG BỘ HUYỆN [TÊN HUYỆN]" in a
//! fact, "[Kết quả về kinh tế.]" in the prose). The booklet prints them as
//! they are; each is a warning, and a final copy (`--final`) refuses them.

use crate::error::{Place, Warning};
use crate::t;

use super::Report;

/// Each bracketed placeholder in `text`: its line and character column
/// (from 1) and its text with the brackets. A placeholder holds at least
/// two letters ("[1]" or "[a]" is no placeholder), stands on one line, is
/// not escaped (`\[`) and is not a link (`[text](url)`). Template tags
/// inside it (`{{ report.year }}`) count as its text; brackets inside a
/// tag (`groups["kinh tế"]`) and a template comment (`{# … #}`, which
/// prints nothing) are no placeholders.
pub fn find(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut open: Option<(usize, usize, usize)> = None;
    let (mut line, mut column) = (1, 1);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut next = i + 1;
        if c == '{' && matches!(chars.get(i + 1), Some('{' | '%' | '#')) {
            // A template tag, skipped whole.
            let close = if chars[i + 1] == '{' { '}' } else { chars[i + 1] };
            next = (i + 2..chars.len().saturating_sub(1)).find(|&j| chars[j] == close && chars[j + 1] == '}').map_or(chars.len(), |j| j + 2);
        } else if c == '\\' {
            next = i + 2;
        } else if c == '[' {
            open = Some((i, line, column));
        } else if c == ']'
            && let Some((start, at_line, at_column)) = open.take()
        {
            let placeholder: String = chars[start..=i].iter().collect();
            if placeholder.chars().filter(|c| c.is_alphabetic()).count() >= 2 && chars.get(i + 1) != Some(&'(') {
                found.push((at_line, at_column, placeholder));
            }
        }
        for &skipped in &chars[i..next.min(chars.len())] {
            if skipped == '\n' {
                (line, column, open) = (line + 1, 1, None);
            } else {
                column += 1;
            }
        }
        i = next;
    }
    found
}

impl Report {
    /// Every placeholder of the facts (at its value in report.yaml) and of
    /// the prose files (at its line), as warnings, in reading order.
    pub fn placeholders(&self) -> Vec<Warning> {
        let mut warnings = Vec::new();
        for (key, value) in self.facts.texts() {
            for (_, _, text) in find(value) {
                let place = self.place_of(&key);
                warnings.push(Warning::new(
                    at_text(place, &text),
                    t!("`{key}` còn chữ giữ chỗ «{text}»: tài liệu in nguyên như vậy", "`{key}` still holds the placeholder «{text}»: the booklet prints it as it is"),
                    Some(t!("thay «{text}» bằng nội dung thật trong report.yaml", "replace «{text}» with the real text in report.yaml")),
                ));
            }
        }
        for name in &self.facts.content {
            let Some(prose) = self.prose.get(name) else { continue };
            let path = self.content_path(name);
            for (line, column, text) in find(prose) {
                warnings.push(Warning::new(
                    Place::in_text(&path, prose, line, column).spanning(text.chars().count()),
                    t!("còn đoạn giữ chỗ «{}»: tài liệu in nguyên như vậy", "a placeholder is left, «{}»: the booklet prints it as it is", shortened(&text)),
                    Some(t!("viết nội dung thay cho chữ trong ngoặc vuông", "write the text in place of the words in square brackets")),
                ));
            }
        }
        warnings
    }
}

/// `place` (a value in report.yaml) narrowed to `text` within it, when
/// its line shows it.
fn at_text(place: Place, text: &str) -> Place {
    let (Some(line), Some(column)) = (place.source_line.as_deref(), place.column) else { return place };
    let Some((start, _)) = line.char_indices().nth(column.saturating_sub(1)) else { return place };
    match line[start..].find(text) {
        Some(offset) => {
            let column = column + line[start..start + offset].chars().count();
            Place { column: Some(column), ..place }.spanning(text.chars().count())
        }
        None => place,
    }
}

/// A long placeholder cut to its first words, for the message.
fn shortened(text: &str) -> String {
    const MOST: usize = 60;
    match text.char_indices().nth(MOST) {
        Some((end, _)) => format!("{}…]", text[..end].trim_end()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketed_words_are_placeholders_and_other_brackets_are_not() {
        assert_eq!(find("ĐẢNG BỘ HUYỆN [TÊN HUYỆN]"), [(1, 15, "[TÊN HUYỆN]".to_string())]);
        assert_eq!(find("{# một\nhai [x y] #}\nba [Tên xã]"), [(3, 4, "[Tên xã]".to_string())], "a comment over two lines");
        assert_eq!(find("[Phần mở đầu: năm {{ report.year }} của địa phương.]").len(), 1);
        assert!(find("Tài liệu [1], mục [a] và {{ groups[\"kinh tế\"].met }}").is_empty());
        assert!(find("xem \\[ghi chú\\] và [liên kết](http://x)").is_empty());
        assert!(find("{# [Ghi chú cho người viết] #} Văn bản.").is_empty(), "a template comment prints nothing");
    }
}
