//! Vietnamese text in legacy encodings, which government data still
//! carries: TCVN3 (ABC, the ".VnTime" fonts) and VNI-Windows. Such text
//! arrives either as bytes that are not UTF-8 (a file saved in the old
//! code page) or as UTF-8 full of Latin-1 symbols (text copied from a
//! document set in a legacy font: "Tr\u{b6} Vinh" for "Trà Vinh"). The
//! conversion tables are bamboo-core's.

use std::sync::LazyLock;

use bamboo_core::{Charset, decode_charset, encode_charset};
use unicode_normalization::UnicodeNormalization;

/// The legacy encodings detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN3 (ABC).
    Tcvn3,
    /// VNI-Windows.
    Vni,
}

impl Legacy {
    /// Its usual name.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI-Windows",
        }
    }

    fn charset(self) -> Charset {
        match self {
            Legacy::Tcvn3 => Charset::Tcvn3,
            Legacy::Vni => Charset::VniWindows,
        }
    }

    /// `text` converted to Unicode.
    pub fn decode(self, text: &str) -> String {
        decode_charset(self.charset(), text).into_owned()
    }
}

/// Every Vietnamese letter with its marks, lower and upper case.
fn vietnamese_letters() -> String {
    let lower = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
    lower.chars().chain(lower.to_uppercase().chars()).collect()
}

/// Punctuation that ends a word.
const PUNCTUATION: &str = ",.;:!?()\"'“”";

/// Whether `word` (without punctuation) reads as `legacy`: it has an ASCII
/// letter and a Latin-1 symbol or letter, is no Vietnamese syllable as it
/// stands, and decodes into one ("tr\u{f6}\u{f4}\u{fb}ng" into "trưởng").
fn is_legacy_word(legacy: Legacy, word: &str) -> bool {
    if !word.chars().any(|c| c.is_ascii_alphabetic()) || word.is_ascii() || word.chars().any(|c| c as u32 > 0xFF) {
        return false;
    }
    let decoded = legacy.decode(word);
    decoded != word && is_syllable(&decoded) && !is_syllable(word)
}

/// The symbols legacy text uses for Vietnamese letters that Unicode
/// Vietnamese never has ("µ", "¸", "ø", "û"): text without any of them is
/// not legacy text, which spares the word-by-word look.
static MARKERS: LazyLock<Vec<char>> = LazyLock::new(|| {
    let letters = vietnamese_letters();
    let mut markers: Vec<char> = [Legacy::Tcvn3, Legacy::Vni]
        .iter()
        .flat_map(|legacy| encode_charset(legacy.charset(), &letters).chars().collect::<Vec<_>>())
        .filter(|c| !c.is_ascii() && !letters.contains(*c))
        .collect();
    markers.sort_unstable();
    markers.dedup();
    markers
});

/// The legacy encoding `text` reads as, with the byte offset of its first
/// legacy word: the encoding with most legacy words (see
/// [`is_legacy_word`]); at least two are needed so that a stray "µm" in
/// Unicode text is not taken for legacy text.
pub fn detect(text: &str) -> Option<(Legacy, usize)> {
    if !text.chars().any(|c| ('\u{80}'..='\u{ff}').contains(&c) && MARKERS.binary_search(&c).is_ok()) {
        return None;
    }
    let mut best: Option<(Legacy, usize, usize)> = None;
    for legacy in [Legacy::Tcvn3, Legacy::Vni] {
        let mut offset = 0;
        let mut count = 0;
        let mut first = None;
        for word in text.split_inclusive(|c: char| c.is_whitespace() || PUNCTUATION.contains(c)) {
            let start = offset;
            offset += word.len();
            if is_legacy_word(legacy, word.trim_end_matches(|c: char| c.is_whitespace() || PUNCTUATION.contains(c))) {
                count += 1;
                first.get_or_insert(start);
            }
        }
        if count >= 2 && best.is_none_or(|(_, _, most)| count > most) {
            best = first.map(|start| (legacy, start, count));
        }
    }
    best.map(|(legacy, start, _)| (legacy, start))
}

/// Whether `word` is a well-formed Vietnamese syllable: an initial
/// consonant, a vowel cluster with at most one tone mark, a final
/// consonant.
fn is_syllable(word: &str) -> bool {
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    const INITIALS: &[&str] = &[
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
    ];
    const VOWELS: &[&str] = &[
        "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi",
        "oo", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyê",
        "uyu", "ươi", "ươu", "yêu",
    ];
    const FINALS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
    let lower = word.to_lowercase();
    let decomposed: String = lower.nfd().collect();
    if decomposed.chars().filter(|c| TONES.contains(c)).count() > 1 {
        return false;
    }
    let bare: String = decomposed.chars().filter(|c| !TONES.contains(c)).collect::<String>().nfc().collect();
    let rest = INITIALS.iter().filter_map(|i| bare.strip_prefix(i)).find(|r| !r.is_empty()).unwrap_or(&bare);
    let vowel_end = rest.find(|c: char| !"aăâeêioôơuưy".contains(c)).unwrap_or(rest.len());
    let (vowels, last) = rest.split_at(vowel_end);
    VOWELS.contains(&vowels) && FINALS.contains(&last)
}

/// `text` converted from `legacy` to Unicode, line by line. A line with no
/// Unicode Vietnamese letter is converted whole; in a line that has some
/// (legacy text pasted into a Unicode file) only the words that read as
/// legacy are. Words whose letters are all capitals stay capitals: a TCVN3
/// heading was set in an "H" font (.VnTimeH) that draws the lowercase codes
/// as capitals.
pub fn convert(legacy: Legacy, text: &str) -> String {
    let letters = vietnamese_letters();
    text.split_inclusive('\n')
        .map(|line| {
            let unicode_line = line.chars().any(|c| c as u32 > 0xFF && letters.contains(c));
            let mut out = String::with_capacity(line.len());
            for word in line.split_inclusive(char::is_whitespace) {
                let legacy_word = !unicode_line
                    || is_legacy_word(legacy, word.trim_matches(|c: char| c.is_whitespace() || PUNCTUATION.contains(c)));
                if legacy_word { out.push_str(&decode_word(legacy, word)) } else { out.push_str(word) }
            }
            out
        })
        .collect()
}

/// One word decoded, in capitals when its letters were.
fn decode_word(legacy: Legacy, word: &str) -> String {
    let decoded = legacy.decode(word);
    let capitals = word.chars().any(|c| c.is_ascii_alphabetic()) && !word.chars().any(|c| c.is_ascii_lowercase());
    if capitals { decoded.to_uppercase() } else { decoded }
}

/// `bytes` (not UTF-8) read one byte per character, as a legacy file's code
/// page puts them.
pub fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|b| char::from(*b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_converts_tcvn3_and_vni() {
        for (legacy, unicode) in [(Legacy::Tcvn3, "Tỉnh ủy Trà Vinh tăng trưởng kinh tế"), (Legacy::Vni, "Tỉnh ủy Trà Vinh tăng trưởng kinh tế")] {
            let encoded = encode_charset(legacy.charset(), unicode).into_owned();
            assert_ne!(encoded, unicode);
            let (found, offset) = detect(&encoded).unwrap_or_else(|| panic!("{legacy:?} not found in {encoded:?}"));
            assert_eq!(found, legacy, "{encoded}");
            assert!(offset < encoded.len());
            assert_eq!(legacy.decode(&encoded), unicode);
        }
    }

    #[test]
    fn conversion_keeps_unicode_words_and_capitals() {
        let tcvn3 = |text: &str| encode_charset(Charset::Tcvn3, text).into_owned();
        let file = format!("{}\nViệt Nam {}\n", tcvn3("Tỉnh ủy Trà Vinh"), tcvn3("tăng trưởng"));
        assert_eq!(convert(Legacy::Tcvn3, &file), "Tỉnh ủy Trà Vinh\nViệt Nam tăng trưởng\n");
        assert_eq!(convert(Legacy::Tcvn3, &tcvn3("TRƯỜNG")), "TRƯỜNG");
        // A heading from an H font: capitals typed as the lowercase codes.
        assert_eq!(convert(Legacy::Tcvn3, "T\u{b5}I LI\u{d6}U"), "TÀI LIỆU");
    }

    #[test]
    fn syllables_are_told_from_letter_soup() {
        for word in ["Tỉnh", "ủy", "Trà", "nghiệp", "khuya", "trưởng", "quốc", "gì"] {
            assert!(is_syllable(word), "{word}");
        }
        for word in ["Traứ", "tưaa", "ảá", "xyz", "Trä"] {
            assert!(!is_syllable(word), "{word}");
        }
    }

    #[test]
    fn unicode_vietnamese_and_plain_text_are_not_legacy() {
        for text in [
            "Năm qua, tình hình thế giới, trong nước và tỉnh nhà gặp nhiều khó khăn",
            "Tỷ lệ che phủ rừng đạt 4,012% (Nghị quyết 4,6%).",
            "café, naïve, © 2021, 50 µm",
            "Trà Vinh, ngày 05 tháng 02 năm 2021",
            "Giá ½ kg, nhiệt độ 30° ± 2°",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }
}
