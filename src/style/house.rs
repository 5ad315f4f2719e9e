//! The house style: `style.yaml`, the design facts both writers read. The
//! heading ladder and its labels, the list marks, the font, the paragraph
//! spacing, the running header: written once, as data a designer can change,
//! and never again in Rust or in `theme.typ`.
//!
//! A label is a numbering pattern, literal text around one counting symbol
//! (`1`, `a`, `A`, `i`, `I`: "A.", "I-", "Phần I:"; or an ordinal in words,
//! `{ordinal}` "thứ nhất", `{ordinal-upper}` "THỨ NHẤT": "PHẦN
//! {ordinal-upper}:") or a fixed mark ("*"). A heading's label may hold a
//! line break (`"PHẦN {ordinal-upper}:\n"`: the title on the line under
//! it). Word's numbering expresses a counting symbol (a `w:lvlText` around
//! one level number) and a fixed mark (a level that shows its text
//! unnumbered); an ordinal in words or a line break it cannot, so the DOCX
//! writes those labels as text ([`Label::in_word`]). Anything else is an
//! error at its line and column.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::{Error, Place, Result, Warning};
use crate::limits::MAX_PARTS;
use crate::locale::ordinal_in_words;
use crate::t;

/// The counting symbols in words, written in braces in a label.
const WORD_SYMBOLS: [&str; 2] = ["ordinal", "ordinal-upper"];

/// The house style file in the templates folder.
pub const STYLE_FILE: &str = "style.yaml";

/// How many heading levels the ladder may have (`#` to `####`).
pub const MAX_HEADING_LEVELS: usize = 4;

/// The house style.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HouseStyle {
    /// The body font.
    pub font: FontNames,
    /// Paragraph spacing.
    pub paragraph: ParagraphStyle,
    /// The heading ladder, level 1 first.
    pub headings: Vec<HeadingStyle>,
    /// The marks of "-" lists, by nesting depth.
    pub bullets: Vec<String>,
    /// The labels of numbered lists, by nesting depth.
    pub numbered: Vec<Label>,
    /// What the running header shows.
    pub header: RunningHeader,
    /// The mark of a draft.
    pub draft: DraftMark,
    /// How tables are set.
    pub table: TableStyle,
}

/// How tables are set: their cells' padding, how their columns are sized
/// and how they break across pages (see `crate::fit` and the PDF's
/// layout).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TableStyle {
    /// The room left and right of a cell's text, in points (Word's
    /// default cell margin, 0,19 cm, is 5,4 pt).
    pub padding: f64,
    /// The room above and below a cell's text, in points.
    pub padding_y: f64,
    /// The most lines a column's heading may take.
    pub heading_lines: usize,
    /// The fewest rows of a table a page may hold, where the table breaks
    /// across pages (so never one row alone).
    pub min_rows: usize,
}

impl Default for TableStyle {
    fn default() -> Self {
        TableStyle { padding: 5.4, padding_y: 2.0, heading_lines: 3, min_rows: 3 }
    }
}

/// The mark a draft booklet carries (while a prose file is still marked as
/// a draft): on the cover's top line and in every page's running header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftMark {
    /// Its words: "DỰ THẢO".
    pub text: String,
}

impl Default for DraftMark {
    fn default() -> Self {
        DraftMark { text: "DỰ THẢO".into() }
    }
}

/// The body font: the face the PDF embeds and the name the DOCX asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontNames {
    /// The family the PDF is set in (bundled, or added with `--fonts`).
    pub pdf: String,
    /// The family the DOCX names.
    pub docx: String,
}

/// Paragraph spacing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParagraphStyle {
    /// Space after a paragraph, in points.
    pub space_after: f64,
    /// Line spacing, a multiple of single spacing.
    pub line_spacing: f64,
}

/// How a heading level looks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadingStyle {
    /// Its label.
    pub label: Label,
    /// Centred, or justified like a paragraph (with its first-line indent).
    pub align: HeadingAlign,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Its size above the body text, in points.
    pub size: f64,
    /// Listed in the table of contents.
    pub in_contents: bool,
    /// Space before the heading, in points.
    pub space_before: f64,
    /// Space after the heading, in points.
    pub space_after: f64,
    /// Where its label is written in style.yaml.
    #[serde(skip)]
    pub label_place: Option<Place>,
}

/// How a heading stands on its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum HeadingAlign {
    /// Justified, with the paragraph's first-line indent.
    #[default]
    Justify,
    /// Centred.
    Center,
}

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

/// What the running header shows, from the second page on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunningHeader {
    /// Where the page number stands.
    pub number: HeaderPlace,
    /// Where the short title stands.
    pub title: HeaderPlace,
    /// A hairline under the header.
    pub rule: bool,
}

/// A place in the running header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeaderPlace {
    /// Centred.
    Center,
    /// At the outer edge (right on odd pages, left on even ones when printed
    /// on both sides).
    Outer,
    /// Not shown.
    None,
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

impl HouseStyle {
    /// How many heading levels the table of contents lists.
    pub fn contents_depth(&self) -> usize {
        self.headings.iter().take_while(|h| h.in_contents).count()
    }

    /// A warning for each level of `levels` (from 1: the levels a booklet
    /// numbers) whose label Word's numbering cannot show: the DOCX writes
    /// it as text, so a heading added in Word takes none.
    pub fn labels_word_cannot_number(&self, levels: impl IntoIterator<Item = usize>) -> Vec<Warning> {
        let mut levels: Vec<usize> = levels.into_iter().collect();
        levels.sort_unstable();
        levels.dedup();
        levels
            .into_iter()
            .filter_map(|level| {
                let heading = self.headings.get(level.checked_sub(1)?)?;
                (!heading.label.in_word()).then(|| {
                    Warning::new(
                        heading.label_place.clone().unwrap_or_else(|| Place::file(Path::new(STYLE_FILE))),
                        t!(
                            "nhãn cấp {level} «{}» (số thứ tự bằng chữ hoặc có xuống dòng) không đánh số tự động được trong Word: bản DOCX ghi nhãn thành chữ",
                            "the level {level} label «{}» (an ordinal in words, or a line break) is beyond Word's numbering: the DOCX writes it as text",
                            heading.label.format_on_one_line(1)
                        ),
                        Some(t!(
                            "tiêu đề cấp {level} thêm trong Word không tự có nhãn: gõ nhãn vào đầu tiêu đề, hoặc sửa lại bằng baocao",
                            "a level {level} heading added in Word gets no label: type it at the start of the heading, or edit the booklet with baocao"
                        )),
                    )
                })
            })
            .collect()
    }

    /// Reads the style file `source`, the text of `path`: every label
    /// checked, each mistake at its line and column.
    pub fn parse(path: &Path, source: &str) -> Result<HouseStyle> {
        let raw: RawStyle = super::parse(path, source, STYLE_FILE)?;
        let lines: Vec<&str> = source.lines().collect();
        let place = |spanned: &Spanned<String>, offset: usize| {
            let line = spanned.referenced.line().max(1) as usize;
            let text = lines.get(line - 1).copied().unwrap_or_default();
            // The value's column, past its opening quote, then the offending
            // character.
            let mut column = spanned.referenced.column().max(1) as usize;
            if text.chars().nth(column - 1).is_some_and(|c| c == '"' || c == '\'') {
                column += 1;
            }
            Place::on_line(path, line, column + offset, text).spanning(1)
        };
        let mut errors = Vec::new();
        if raw.headings.is_empty() || raw.headings.len() > MAX_HEADING_LEVELS {
            errors.push(Error::input(
                Place::file(path),
                t!(
                    "`headings` có {} cấp; tài liệu có từ 1 đến {MAX_HEADING_LEVELS} cấp tiêu đề",
                    "`headings` has {} levels; a booklet has 1 to {MAX_HEADING_LEVELS} heading levels",
                    raw.headings.len()
                ),
                None,
            ));
        }
        let mut headings = Vec::with_capacity(raw.headings.len());
        for (level, heading) in raw.headings.iter().enumerate() {
            match parse_label(&heading.label.value) {
                Ok(label) => headings.push(HeadingStyle {
                    label,
                    label_place: Some(place(&heading.label, 0)),
                    align: heading.align,
                    bold: heading.bold,
                    italic: heading.italic,
                    size: heading.size,
                    in_contents: heading.in_contents,
                    space_before: heading.space_before,
                    space_after: heading.space_after,
                }),
                Err((offset, message)) => errors.push(Error::input(
                    place(&heading.label, offset),
                    t!("`headings[{}].label` «{}»: {message}", "`headings[{}].label` «{}»: {message}", level, heading.label.value),
                    Some(label_hint()),
                )),
            }
        }
        if let Some(gap) = headings.windows(2).position(|w| !w[0].in_contents && w[1].in_contents) {
            errors.push(Error::input(
                Place::file(path),
                t!(
                    "cấp {} có trong mục lục nhưng cấp {} thì không: các cấp trong mục lục phải liền nhau từ cấp 1",
                    "level {} is in the contents but level {} is not: the contents list levels from 1 without a gap",
                    gap + 2,
                    gap + 1
                ),
                None,
            ));
        }
        let mut numbered = Vec::with_capacity(raw.numbered.len());
        for (depth, label) in raw.numbered.iter().enumerate() {
            match parse_label(&label.value) {
                Ok(parsed @ Label::Counter { .. }) if parsed.in_word() => numbered.push(parsed),
                Ok(Label::Counter { .. }) => errors.push(Error::input(
                    place(label, 0),
                    t!(
                        "`numbered[{depth}]` «{}»: danh sách đánh số dùng cách đánh số của Word, không có số thứ tự bằng chữ hay xuống dòng",
                        "`numbered[{depth}]` «{}»: a numbered list uses Word's numbering, which has no ordinals in words and no line breaks",
                        label.value.replace('\n', "\\n")
                    ),
                    Some(label_hint()),
                )),
                Ok(Label::Fixed { .. }) => errors.push(Error::input(
                    place(label, 0),
                    t!("`numbered[{depth}]` «{}»: nhãn danh sách đánh số phải có một ký hiệu đếm", "`numbered[{depth}]` «{}»: a numbered list's label needs a counting symbol", label.value),
                    Some(label_hint()),
                )),
                Err((offset, message)) => errors.push(Error::input(place(label, offset), format!("`numbered[{depth}]` «{}»: {message}", label.value), Some(label_hint()))),
            }
        }
        let paragraph = raw.paragraph;
        let table = raw.table;
        let file_wide = [
            (
                !(0.0..=72.0).contains(&paragraph.space_after) || !(0.5..=3.0).contains(&paragraph.line_spacing),
                t!(
                    "`paragraph`: khoảng cách sau đoạn phải từ 0 đến 72 pt, giãn dòng từ 0,5 đến 3",
                    "`paragraph`: the space after must be 0 to 72 pt, the line spacing 0.5 to 3"
                ),
            ),
            (raw.bullets.iter().any(|b| b.contains('\n')), t!("`bullets`: dấu đầu dòng không có xuống dòng", "`bullets`: a list mark has no line break")),
            (raw.bullets.is_empty() || raw.numbered.is_empty(), t!("`bullets` và `numbered` cần ít nhất một nhãn", "`bullets` and `numbered` need at least one label")),
            (
                !(0.0..=36.0).contains(&table.padding)
                    || !(0.0..=36.0).contains(&table.padding_y)
                    || !(1..=10).contains(&table.heading_lines)
                    || !(1..=10).contains(&table.min_rows),
                t!(
                    "`table`: lề trong ô từ 0 đến 36 pt; số dòng tiêu đề cột và số dòng bảng ít nhất trên một trang từ 1 đến 10",
                    "`table`: the cell padding 0 to 36 pt; the heading lines and the fewest rows on a page 1 to 10"
                ),
            ),
        ];
        errors.extend(file_wide.into_iter().filter(|(wrong, _)| *wrong).map(|(_, message)| Error::input(Place::file(path), message, None)));
        if let Some(error) = Error::all(errors) {
            return Err(error);
        }
        Ok(HouseStyle { font: raw.font, paragraph, headings, bullets: raw.bullets, numbered, header: raw.header, draft: raw.draft, table })
    }
}

fn label_hint() -> String {
    t!(
        "nhãn là chữ quanh một ký hiệu đếm 1, a, A, i, I, {{ordinal}} (thứ nhất) hoặc {{ordinal-upper}} (THỨ NHẤT) (ví dụ «A.», «I-», «1.», «a)», «Phần I:», «PHẦN {{ordinal-upper}}:»), hoặc một dấu cố định như «*»",
        "a label is text around one counting symbol 1, a, A, i, I, {{ordinal}} (thứ nhất) or {{ordinal-upper}} (THỨ NHẤT) (e.g. «A.», «I-», «1.», «a)», «Phần I:», «PHẦN {{ordinal-upper}}:»), or a fixed mark such as «*»"
    )
}

/// Reads a label pattern: literal text around at most one counting symbol,
/// a `1`, `a`, `A`, `i` or `I` standing apart from other letters and
/// digits, or a word numbering in braces (`{ordinal}`, `{ordinal-upper}`).
/// On a mistake, the character offset and what is wrong.
fn parse_label(pattern: &str) -> std::result::Result<Label, (usize, String)> {
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

/// `style.yaml` as written, before its labels are read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    font: FontNames,
    paragraph: ParagraphStyle,
    headings: Vec<RawHeading>,
    bullets: Vec<String>,
    numbered: Vec<Spanned<String>>,
    header: RunningHeader,
    #[serde(default)]
    draft: DraftMark,
    #[serde(default)]
    table: TableStyle,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeading {
    label: Spanned<String>,
    #[serde(default)]
    align: HeadingAlign,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    size: f64,
    #[serde(default)]
    in_contents: bool,
    #[serde(default = "default_space_before")]
    space_before: f64,
    #[serde(default = "default_space_after")]
    space_after: f64,
}

fn default_space_before() -> f64 {
    12.0
}

fn default_space_after() -> f64 {
    6.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_style() -> HouseStyle {
        let source = crate::assets::default_templates().iter().find(|(n, _)| *n == STYLE_FILE).unwrap().1;
        HouseStyle::parse(Path::new(STYLE_FILE), std::str::from_utf8(source).unwrap()).unwrap()
    }

    #[test]
    fn the_default_ladder_is_the_party_style() {
        let style = default_style();
        let labels: Vec<String> = style.headings.iter().map(|h| h.label.format(2)).collect();
        assert_eq!(labels, ["B.", "II-", "2.", "*"]);
        assert_eq!(style.contents_depth(), 3);
        assert_eq!(style.headings[1].label.word_text(2), "%2-");
        assert_eq!(style.headings[3].label.word_format(), "none");
        assert_eq!(style.numbered[1].format(3), "c)");
    }

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

    #[test]
    fn a_label_word_cannot_express_is_told_at_its_line_and_column() {
        let source = std::str::from_utf8(crate::assets::default_templates().iter().find(|(n, _)| *n == STYLE_FILE).unwrap().1)
            .unwrap()
            .replace("label: \"I-\"", "label: \"I.1.\"");
        let error = HouseStyle::parse(Path::new("style.yaml"), &source).unwrap_err();
        let place = error.place().unwrap();
        let line = source.lines().position(|l| l.contains("I.1.")).unwrap() + 1;
        let column = source.lines().nth(line - 1).unwrap().find("1.\"").unwrap() + 1;
        assert_eq!((place.line, place.column), (Some(line), Some(column)), "{error}");
    }
}
