//! Part labels in words, as real booklets number their parts: "PHẦN THỨ
//! NHẤT:", "Phần thứ hai", "PHẦN THỨ BA - ", also "PHẦN I:" and "Phần 2."
//! (Tây Ninh, Hòa Bình). The label is told from the title after it (on its
//! line or on the lines under it) and becomes a pattern of the house
//! style's ladder: "PHẦN {ordinal-upper}:" for "PHẦN THỨ NHẤT:", "Phần
//! {ordinal}" for "Phần thứ nhất", "PHẦN I:" for "PHẦN I:".

use crate::locale::integer_in_words;

/// The highest part number told in words.
const MOST: i128 = 30;

/// A part label found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartLabel {
    /// Its number, from 1.
    pub number: u32,
    /// The ladder's pattern it follows ("PHẦN {ordinal-upper}:").
    pub pattern: String,
    /// The text after it on its line: the part's title, or empty when the
    /// title stands on the lines under it.
    pub rest: String,
}

/// The part label `text` starts with ("PHẦN THỨ NHẤT: KẾT QUẢ ..."), in
/// any case; none for a sentence that only starts with the word ("Phần
/// thứ nhất của báo cáo nêu ...": the label must stand alone, or end with
/// ":", "." or a dash, or be followed by a title in capitals).
pub fn find(text: &str) -> Option<PartLabel> {
    let text = text.trim();
    let (word, after) = text.split_once(char::is_whitespace)?;
    if word.to_lowercase() != "phần" {
        return None;
    }
    let after = after.trim_start();
    let (number, token, rest) = ordinal(after).or_else(|| counted(after))?;
    let (punctuation, rest) = match rest.trim_start().chars().next() {
        Some(c @ (':' | '.' | '-' | '–' | '—')) => (c.to_string(), rest.trim_start()[c.len_utf8()..].trim_start()),
        _ => (String::new(), rest.trim_start()),
    };
    let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).collect::<Vec<_>>();
    let capitals = !letters(rest).is_empty() && letters(rest).iter().all(|c| !c.is_lowercase());
    if !rest.is_empty() && punctuation.is_empty() && !capitals {
        return None;
    }
    if rest.chars().count() > 200 {
        return None;
    }
    let pattern = format!("{word} {token}{punctuation}");
    Some(PartLabel { number, pattern, rest: rest.to_string() })
}

/// "thứ nhất", "THỨ HAI", "thứ mười một": the number, the pattern's token
/// for it ("{ordinal}", "{ordinal-upper}") and the text after it.
fn ordinal(text: &str) -> Option<(u32, String, &str)> {
    let (thu, after) = text.split_once(char::is_whitespace)?;
    if thu.to_lowercase() != "thứ" {
        return None;
    }
    let words: Vec<(usize, &str)> = word_spans(after);
    // The longest run of words that reads as a number.
    for take in (1..=words.len().min(4)).rev() {
        let end = words[take - 1].0 + words[take - 1].1.len();
        let said = after[..end].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | '-' | '–' | '—' | ','));
        let Some(number) = (1..=MOST).find(|&n| ordinal_words(n).iter().any(|w| *w == said.to_lowercase())) else { continue };
        let upper = said.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_lowercase());
        let token = if upper && thu.chars().all(|c| !c.is_lowercase()) { "{ordinal-upper}" } else { "{ordinal}" };
        let rest = &after[said.len()..];
        return Some((number as u32, token.to_string(), rest));
    }
    None
}

/// The ways `n` is said as an ordinal after "thứ": "nhất", "hai", "tư"
/// (and "bốn"), "mười một"; "một" too, as Word's Vietnamese counting
/// writes it.
fn ordinal_words(n: i128) -> Vec<String> {
    let mut ways = vec![integer_in_words(n)];
    match n {
        1 => ways.push("nhất".into()),
        4 => ways.push("tư".into()),
        _ => {}
    }
    ways
}

/// "I", "II", "IV", "1", "2": the number, its counting symbol and the
/// text after it.
fn counted(text: &str) -> Option<(u32, String, &str)> {
    let end = text.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(text.len());
    let symbol = &text[..end];
    let rest = &text[end..];
    if let Ok(n) = symbol.parse::<u32>() {
        return (1..=MOST as u32).contains(&n).then(|| (n, "1".to_string(), rest));
    }
    let n = (1..=MOST as u32).find(|&n| roman(n) == symbol)?;
    Some((n, "I".to_string(), rest))
}

fn roman(n: u32) -> String {
    let mut out = String::new();
    let mut n = n;
    for (value, digits) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Each word of `text` with its byte offset.
fn word_spans(text: &str) -> Vec<(usize, &str)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                spans.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, &text[s..]));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str) -> Option<(u32, String, String)> {
        find(text).map(|l| (l.number, l.pattern, l.rest))
    }

    #[test]
    fn part_labels_in_words_are_found_with_their_pattern() {
        assert_eq!(label("PHẦN THỨ NHẤT:"), Some((1, "PHẦN {ordinal-upper}:".into(), String::new())));
        assert_eq!(label("PHẦN THỨ HAI: NHIỆM VỤ NĂM 2021"), Some((2, "PHẦN {ordinal-upper}:".into(), "NHIỆM VỤ NĂM 2021".into())));
        assert_eq!(label("Phần thứ nhất"), Some((1, "Phần {ordinal}".into(), String::new())));
        assert_eq!(label("Phần thứ tư."), Some((4, "Phần {ordinal}.".into(), String::new())));
        assert_eq!(label("PHẦN THỨ MƯỜI MỘT - TỔNG KẾT"), Some((11, "PHẦN {ordinal-upper}-".into(), "TỔNG KẾT".into())));
        assert_eq!(label("PHẦN II: NHIỆM VỤ"), Some((2, "PHẦN I:".into(), "NHIỆM VỤ".into())));
        assert_eq!(label("Phần 3"), Some((3, "Phần 1".into(), String::new())));
    }

    #[test]
    fn a_sentence_that_starts_with_the_word_is_no_label() {
        assert_eq!(label("Phần thứ nhất của báo cáo nêu kết quả năm 2020."), None);
        assert_eq!(label("Phần lớn các chỉ tiêu đạt kế hoạch"), None);
        assert_eq!(label("Phần"), None);
    }
}
