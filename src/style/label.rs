//! A label of the house style's ladder or lists: a numbering pattern,
//! literal text around one counting symbol (`1`, `a`, `A`, `i`, `I`: "A.",
//! "I-", "Phần I:"; or an ordinal in words, `{ordinal}` "thứ nhất",
//! `{ordinal-upper}` "THỨ NHẤT": "PHẦN {ordinal-upper}:") or a fixed mark
//! ("*"). A heading's label may hold a line break (`"PHẦN
//! {ordinal-upper}:\n"`: the title on the line under it). Word's numbering
//! expresses a counting symbol (a `w:lvlText` around one level number) and a
//! fixed mark (a level that shows its text unnumbered); an ordinal in words
//! or a line break it cannot, so the DOCX writes those labels as text
//! ([`Label::in_word`]). Anything else is an error at its line and column.

use serde::Serialize;

use crate::limits::MAX_PARTS;
use crate::locale::ordinal_in_words;
use crate::t;

/// The counting symbols in words, written in braces in a label.
const WORD_SYMBOLS: [&str; 2] = ["ordinal", "ordinal-upper"];

/// A label: counted, or a fixed mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Label {
    /// Literal text around a counting symbol.
    Counter {
        /// The text before the number ("Phần ").
        prefix: String,
        /// The counting symbol: `1`, `a`, `A`, `i`, `I`, `ordinal` or
        /// `ordinal-upper`.
        symbol: String,
        /// The text after the number (".", "-", ")").
        suffix: String,
        /// For an ordinal in words, the first [`MAX_PARTS`] of them ("thứ
        /// nhất", ...), for the page design, which has no Vietnamese
        /// words.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        words: Vec<String>,
    },
    /// A mark that does not count ("*"), or "" for no label.
    Fixed {
        /// The mark.
        text: String,
    },
}

impl Label {
    /// The label of the `n`th item (from 1), as both writers show it,
    /// its line breaks as `\n`.
    pub fn format(&self, n: usize) -> String {
        match self {
            Label::Fixed { text } => text.clone(),
            Label::Counter { prefix, symbol, suffix, .. } => format!("{prefix}{}{suffix}", count(symbol, n)),
        }
    }

    /// The label of the `n`th item on one line, as the contents show it.
    pub fn format_on_one_line(&self, n: usize) -> String {
        self.format(n).split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Whether it counts with letters or words, which run out after
    /// [`MAX_PARTS`] (Word and Typst go on differently after z).
    pub fn runs_out(&self) -> bool {
        matches!(self, Label::Counter { symbol, .. } if symbol == "a" || symbol == "A" || WORD_SYMBOLS.contains(&symbol.as_str()))
    }

    /// Whether Word's numbering can show it: not an ordinal in words, not
    /// a line break. The DOCX writes any other label as text.
    pub fn in_word(&self) -> bool {
        match self {
            Label::Fixed { text } => !text.contains('\n'),
            Label::Counter { prefix, symbol, suffix, .. } => !WORD_SYMBOLS.contains(&symbol.as_str()) && !prefix.contains('\n') && !suffix.contains('\n'),
        }
    }

    /// Word's number format of the label (`w:numFmt`): `none` for a label
    /// Word cannot show.
    pub fn word_format(&self) -> &'static str {
        match self {
            _ if !self.in_word() => "none",
            Label::Fixed { .. } => "none",
            Label::Counter { symbol, .. } => match symbol.as_str() {
                "a" => "lowerLetter",
                "A" => "upperLetter",
                "i" => "lowerRoman",
                "I" => "upperRoman",
                _ => "decimal",
            },
        }
    }

    /// Word's level text (`w:lvlText`) of the label at level `level` (from
    /// 1): the number as `%level`; empty for a label Word cannot show.
    pub fn word_text(&self, level: usize) -> String {
        match self {
            _ if !self.in_word() => String::new(),
            Label::Fixed { text } => text.clone(),
            Label::Counter { prefix, suffix, .. } => format!("{prefix}%{level}{suffix}"),
        }
    }
}

/// `n` in the counting symbol `symbol`'s numbering, as Word and Typst write
/// it (an ordinal in words as the house style's words give it).
fn count(symbol: &str, n: usize) -> String {
    let letter = |base: u8| char::from(base + ((n.max(1) - 1) % 26) as u8).to_string();
    match symbol {
        "a" => letter(b'a'),
        "A" => letter(b'A'),
        "i" => roman(n).to_lowercase(),
        "I" => roman(n),
        "ordinal" => ordinal_in_words(n.max(1)),
        "ordinal-upper" => ordinal_in_words(n.max(1)).to_uppercase(),
        _ => n.to_string(),
    }
}

/// Upper-case Roman numeral of `n`.
fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 13] =
        [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

pub(super) fn label_hint() -> String {
    t!(
        "nhãn là chữ quanh một ký hiệu đếm 1, a, A, i, I, {{ordinal}} (thứ nhất) hoặc {{ordinal-upper}} (THỨ NHẤT) (ví dụ «A.», «I-», «1.», «a)», «Phần I:», «PHẦN {{ordinal-upper}}:»), hoặc một dấu cố định như «*»",
        "a label is text around one counting symbol 1, a, A, i, I, {{ordinal}} (thứ nhất) or {{ordinal-upper}} (THỨ NHẤT) (e.g. «A.», «I-», «1.», «a)», «Phần I:», «PHẦN {{ordinal-upper}}:»), or a fixed mark such as «*»"
    )
}

/// Reads a label pattern: literal text around at most one counting symbol,
/// a `1`, `a`, `A`, `i` or `I` standing apart from other letters and
/// digits, or a word numbering in braces (`{ordinal}`, `{ordinal-upper}`).
/// On a mistake, the character offset and what is wrong.
pub(super) fn parse_label(pattern: &str) -> std::result::Result<Label, (usize, String)> {
    let chars: Vec<char> = pattern.chars().collect();
    // A word numbering in braces: where it starts and ends, and its name.
    let mut braced: Option<(usize, usize, String)> = None;
    if let Some(open) = chars.iter().position(|c| *c == '{') {
        let Some(close) = chars[open..].iter().position(|c| *c == '}').map(|i| open + i) else {
            return Err((open, t!("thiếu dấu «}}» đóng ký hiệu đếm", "the counting symbol's «}}» is missing")));
        };
        let name: String = chars[open + 1..close].iter().collect();
        if !WORD_SYMBOLS.contains(&name.as_str()) {
            return Err((open + 1, t!("không có cách đếm «{{{name}}}»: có {{ordinal}} và {{ordinal-upper}}", "no numbering «{{{name}}}»: there are {{ordinal}} and {{ordinal-upper}}")));
        }
        if let Some(second) = chars[close..].iter().position(|c| *c == '{') {
            return Err((close + second, t!("có hai ký hiệu đếm; Word chỉ đánh số một cấp trong một nhãn", "two counting symbols; Word numbers one level in a label")));
        }
        braced = Some((open, close + 1, name));
    }
    let outside = |i: usize| braced.as_ref().is_none_or(|(open, end, _)| i < *open || i >= *end);
    let apart = |i: usize| {
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).is_none_or(|c| !c.is_alphanumeric());
        let after = chars.get(i + 1).is_none_or(|c| !c.is_alphanumeric());
        before && after
    };
    let symbols: Vec<usize> = (0..chars.len()).filter(|&i| outside(i) && matches!(chars[i], '1' | 'a' | 'A' | 'i' | 'I') && apart(i)).collect();
    let second = if braced.is_some() { symbols.first() } else { symbols.get(1) };
    if let Some(&second) = second {
        return Err((
            second,
            t!("có hai ký hiệu đếm; Word chỉ đánh số một cấp trong một nhãn", "two counting symbols; Word numbers one level in a label"),
        ));
    }
    if let Some(digit) = (0..chars.len()).find(|&i| outside(i) && chars[i].is_ascii_digit() && !symbols.contains(&i)) {
        return Err((digit, t!("chữ số «{}» không phải ký hiệu đếm 1", "the digit «{}» is not the counting symbol 1", chars[digit])));
    }
    if let Some(percent) = chars.iter().position(|c| *c == '%') {
        return Err((percent, t!("Word dùng «%» để đánh số: không viết được trong nhãn", "Word numbers with «%»: it cannot stand in a label")));
    }
    if chars.len() > 40 {
        return Err((40, t!("nhãn dài quá 40 ký tự", "a label of more than 40 characters")));
    }
    let text = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    Ok(match (braced, symbols.first()) {
        (Some((open, end, name)), _) => {
            let words = (1..=MAX_PARTS).map(|n| count(&name, n)).collect();
            Label::Counter { prefix: text(0, open), symbol: name, suffix: text(end, chars.len()), words }
        }
        (None, Some(&at)) => Label::Counter { prefix: text(0, at), symbol: chars[at].to_string(), suffix: text(at + 1, chars.len()), words: Vec::new() },
        (None, None) => Label::Fixed { text: pattern.to_string() },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_numbering_patterns() {
        let counter = |p: &str, s: &str, x: &str| Label::Counter { prefix: p.into(), symbol: s.into(), suffix: x.into(), words: Vec::new() };
        assert_eq!(parse_label("Phần I:"), Ok(counter("Phần ", "I", ":")));
        assert_eq!(parse_label("a)"), Ok(counter("", "a", ")")));
        assert_eq!(parse_label("*"), Ok(Label::Fixed { text: "*".into() }));
        assert_eq!(parse_label("Mục"), Ok(Label::Fixed { text: "Mục".into() }), "the i of a word does not count");
        assert_eq!(parse_label("I.1.").map_err(|(at, _)| at), Err(2), "two levels in one label");
        assert_eq!(parse_label("2.").map_err(|(at, _)| at), Err(0));
        assert_eq!(parse_label("%1").map_err(|(at, _)| at), Err(0));
        assert_eq!(count("I", 14), "XIV");
        let ordinal = parse_label("PHẦN {ordinal-upper}:\n").unwrap();
        assert_eq!((ordinal.format(1), ordinal.format(4)), ("PHẦN THỨ NHẤT:\n".to_string(), "PHẦN THỨ TƯ:\n".to_string()));
        assert_eq!(ordinal.format_on_one_line(2), "PHẦN THỨ HAI:");
        assert!(!ordinal.in_word() && ordinal.runs_out() && ordinal.word_text(1).is_empty() && ordinal.word_format() == "none");
        assert_eq!(parse_label("Phần {ordinal}").unwrap().format(3), "Phần thứ ba");
        assert!(parse_label("Phần I:").unwrap().in_word() && !parse_label("*\n").unwrap().in_word());
        assert_eq!(parse_label("PHẦN {thu}").map_err(|(at, _)| at), Err(6), "an unknown numbering");
        assert_eq!(parse_label("PHẦN {ordinal").map_err(|(at, _)| at), Err(5), "an unclosed brace");
        assert_eq!(parse_label("I {ordinal}").map_err(|(at, _)| at), Err(0), "two counting symbols");
        assert_eq!(parse_label("{ordinal} {ordinal}").map_err(|(at, _)| at), Err(10));
        assert_eq!(count("a", 27), "a", "letters wrap as Word's do; more than 26 are refused elsewhere");
    }
}
