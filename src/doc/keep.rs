//! Where a line must not break: inside a hyphenated compound ("KT-XH",
//! "Covid-19", "2021-2025") or a unit of words joined by a slash
//! ("đồng/người"), inside a range of figures ("1,5 - 2%"),
//! between a figure and the word after it ("16.100 lao động"), and in a
//! date between "ngày", "tháng", "năm" and their figure ("ngày 05",
//! "tháng 01", "năm 2021"). The model's
//! JSON form, which the page design reads, gives each text run as pieces
//! marked to keep together or not; the page design keeps each marked piece
//! in a box. Found here once, this is far cheaper than Typst regex show
//! rules, which cost a third of the layout.

use serde::ser::{SerializeSeq, Serializer};

/// `text` cut into pieces, each with whether it must stay on one line.
pub fn pieces(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut plain_start = 0;
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let previous_is_alnum = text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
        let length = if previous_is_alnum { 0 } else { compound(rest).max(figure(rest)).max(date_part(rest)) };
        if length > 0 {
            if plain_start < at {
                out.push((&text[plain_start..at], false));
            }
            out.push((&rest[..length], true));
            at += length;
            plain_start = at;
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    if plain_start < text.len() {
        out.push((&text[plain_start..], false));
    }
    out
}

/// The length of a run of letters and digits.
fn alnum(text: &str) -> usize {
    text.find(|c: char| !c.is_alphanumeric()).unwrap_or(text.len())
}

/// Words joined by hyphens ("KT-XH", "2021-2025"), or words of letters
/// joined by slashes ("đồng/người", "tấn/ha"), at the start of `text`:
/// their length, or 0.
fn compound(text: &str) -> usize {
    let mut length = alnum(text);
    if length == 0 {
        return 0;
    }
    let letters = |word: &str| word.chars().all(char::is_alphabetic);
    let mut last = 0;
    let mut joined = false;
    while let Some(joiner) = text[length..].chars().next().filter(|c| *c == '-' || *c == '/') {
        let rest = &text[length + 1..];
        let next = alnum(rest);
        if next == 0 || (joiner == '/' && !(letters(&text[last..length]) && letters(&rest[..next]))) {
            break;
        }
        last = length + 1;
        length += 1 + next;
        joined = true;
    }
    if joined { length } else { 0 }
}

/// The words of a date that take a figure after them.
const DATE_WORDS: [&str; 6] = ["ngày", "tháng", "năm", "Ngày", "Tháng", "Năm"];

/// "ngày", "tháng" or "năm" and the figure after it ("năm 2021", "năm
/// 2021-2025"), at the start of `text`: its length, or 0.
fn date_part(text: &str) -> usize {
    DATE_WORDS
        .iter()
        .find_map(|word| {
            let rest = text.strip_prefix(word)?.strip_prefix(' ')?;
            let figure = compound(rest).max(number(rest));
            (figure > 0).then_some(word.len() + 1 + figure)
        })
        .unwrap_or(0)
}

/// A figure with an optional "%", as in "16.100" or "1,5%": its length,
/// or 0.
fn number(text: &str) -> usize {
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return 0;
    }
    let mut length = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(text.len());
    // A full stop or comma after the figure is punctuation, not a decimal.
    length = text[..length].trim_end_matches(['.', ',']).len();
    if text[length..].starts_with('%') {
        length += 1;
    }
    length
}

/// A figure, an optional range to a second figure, and an optional word
/// after it, at the start of `text`: its length, or 0.
fn figure(text: &str) -> usize {
    let mut length = number(text);
    if length == 0 {
        return 0;
    }
    for dash in [" - ", " – "] {
        if let Some(rest) = text[length..].strip_prefix(dash) {
            let second = number(rest);
            if second > 0 {
                length += dash.len() + second;
                break;
            }
        }
    }
    if let Some(rest) = text[length..].strip_prefix(' ') {
        let word = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
        if word > 0 {
            length += 1 + word;
        }
    }
    length
}

/// `text` with the spaces inside each piece that must stay on one line
/// made no-break spaces (U+00A0) and its hyphens no-break hyphens (U+2011):
/// how a writer without boxes (the DOCX) keeps them together.
pub fn nonbreaking(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (piece, keep) in pieces(text) {
        if keep {
            out.extend(piece.chars().map(|c| match c {
                ' ' => '\u{a0}',
                '-' => '\u{2011}',
                c => c,
            }));
        } else {
            out.push_str(piece);
        }
    }
    out
}

/// Serialises a run's text as its pieces: `[["16.100 lao", true], [" động", false]]`.
pub(super) fn serialize_pieces<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let pieces = pieces(text);
    let mut seq = serializer.serialize_seq(Some(pieces.len()))?;
    for piece in pieces {
        seq.serialize_element(&piece)?;
    }
    seq.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<&str> {
        pieces(text).into_iter().filter(|(_, keep)| *keep).map(|(p, _)| p).collect()
    }

    #[test]
    fn compounds_figures_and_ranges_stay_together() {
        for (text, expected) in [
            ("phát triển KT-XH, QP-AN ổn định", vec!["KT-XH", "QP-AN"]),
            ("giai đoạn 2021-2025 và Covid-19", vec!["2021-2025", "Covid-19"]),
            ("giải quyết việc làm cho 16.100 lao động", vec!["16.100 lao"]),
            ("tăng 1,5 - 2% so cùng kỳ", vec!["1,5 - 2% so"]),
            ("đạt 68,5%, vượt kế hoạch", vec!["68,5%"]),
            ("từ 01 – 02 nhiệm vụ", vec!["01 – 02 nhiệm"]),
            ("không có số hay gạch nối - ở đây", vec![]),
            ("GD-ĐT", vec!["GD-ĐT"]),
            ("63,14 triệu đồng/người, 06/33 chỉ tiêu", vec!["63,14 triệu", "đồng/người", "06", "33 chỉ"]),
            ("Trà Vinh, ngày 05 tháng 01 năm 2021", vec!["ngày 05", "tháng 01", "năm 2021"]),
            ("Năm 2020, nhiệm kỳ năm 2020-2025", vec!["Năm 2020", "năm 2020-2025"]),
            ("hằng năm nay", vec![]),
        ] {
            assert_eq!(kept(text), expected, "{text}");
        }
    }

    #[test]
    fn pieces_put_together_give_the_text_back() {
        for text in ["", "a", "KT-XH", "16.100 lao động, 2021-2025 - x -", "Tỷ lệ 4,012% (Nghị quyết 4,6%)."] {
            assert_eq!(pieces(text).into_iter().map(|(p, _)| p).collect::<String>(), text);
        }
    }

    #[test]
    fn kept_pieces_get_no_break_spaces_and_hyphens() {
        assert_eq!(nonbreaking("16.100 lao động, KT-XH"), "16.100\u{a0}lao động, KT\u{2011}XH");
    }

    #[test]
    fn a_text_run_is_serialised_as_pieces() {
        let run = crate::doc::Inline::Text { text: "KT-XH ổn định".into(), strong: true, emph: false, anchors: Vec::new() };
        assert_eq!(
            serde_json::to_value(&run).unwrap(),
            serde_json::json!({"kind": "text", "pieces": [["KT-XH", true], [" ổn định", false]], "strong": true, "emph": false})
        );
    }
}
