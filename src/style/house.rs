//! The house style: `style.yaml`, the design facts both writers read. The
//! heading ladder and its labels, the list marks, the font, the paragraph
//! spacing, the running header: written once, as data a designer can change,
//! and never again in Rust or in `theme.typ`.
//!
//! A label is a numbering pattern, literal text around one counting symbol
//! (`1`, `a`, `A`, `i`, `I`: "A.", "I-", "Phần I:") or a fixed mark ("*").
//! Each is what Word's numbering can express (a `w:lvlText` around one
//! level number, or a level that shows its text unnumbered); anything else
//! is an error at its line and column.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::{Error, Place, Result};
use crate::t;

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
        /// The counting symbol: `1`, `a`, `A`, `i` or `I`.
        symbol: String,
        /// The text after the number (".", "-", ")").
        suffix: String,
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
    /// The label of the `n`th item (from 1), as both writers show it.
    pub fn format(&self, n: usize) -> String {
        match self {
            Label::Fixed { text } => text.clone(),
            Label::Counter { prefix, symbol, suffix } => format!("{prefix}{}{suffix}", count(symbol, n)),
        }
    }

    /// Whether it counts with letters, which run out after z.
    pub fn is_lettered(&self) -> bool {
        matches!(self, Label::Counter { symbol, .. } if symbol == "a" || symbol == "A")
    }

    /// Word's number format of the label (`w:numFmt`).
    pub fn word_format(&self) -> &'static str {
        match self {
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
    /// 1): the number as `%level`.
    pub fn word_text(&self, level: usize) -> String {
        match self {
            Label::Fixed { text } => text.clone(),
            Label::Counter { prefix, suffix, .. } => format!("{prefix}%{level}{suffix}"),
        }
    }
}

/// `n` in the counting symbol `symbol`'s numbering, as Word and Typst write
/// it.
fn count(symbol: &str, n: usize) -> String {
    let letter = |base: u8| char::from(base + ((n.max(1) - 1) % 26) as u8).to_string();
    match symbol {
        "a" => letter(b'a'),
        "A" => letter(b'A'),
        "i" => roman(n).to_lowercase(),
        "I" => roman(n),
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

    /// Reads the style file `source`, the text of `path`: every label
    /// checked, each mistake at its line and column.
    pub fn parse(path: &Path, source: &str) -> Result<HouseStyle> {
        let raw: RawStyle = crate::yaml::parse(path, source)?;
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
                Ok(parsed @ Label::Counter { .. }) => numbered.push(parsed),
                Ok(Label::Fixed { .. }) => errors.push(Error::input(
                    place(label, 0),
                    t!("`numbered[{depth}]` «{}»: nhãn danh sách đánh số phải có một ký hiệu đếm", "`numbered[{depth}]` «{}»: a numbered list's label needs a counting symbol", label.value),
                    Some(label_hint()),
                )),
                Err((offset, message)) => errors.push(Error::input(place(label, offset), format!("`numbered[{depth}]` «{}»: {message}", label.value), Some(label_hint()))),
            }
        }
        let paragraph = raw.paragraph;
        if !(0.0..=72.0).contains(&paragraph.space_after) || !(0.5..=3.0).contains(&paragraph.line_spacing) {
            errors.push(Error::input(
                Place::file(path),
                t!(
                    "`paragraph`: khoảng cách sau đoạn phải từ 0 đến 72 pt, giãn dòng từ 0,5 đến 3",
                    "`paragraph`: the space after must be 0 to 72 pt, the line spacing 0.5 to 3"
                ),
                None,
            ));
        }
        if raw.bullets.is_empty() || raw.numbered.is_empty() {
            errors.push(Error::input(Place::file(path), t!("`bullets` và `numbered` cần ít nhất một nhãn", "`bullets` and `numbered` need at least one label"), None));
        }
        let table = raw.table;
        if !(0.0..=36.0).contains(&table.padding)
            || !(0.0..=36.0).contains(&table.padding_y)
            || !(1..=10).contains(&table.heading_lines)
            || !(1..=10).contains(&table.min_rows)
        {
            errors.push(Error::input(
                Place::file(path),
                t!(
                    "`table`: lề trong ô từ 0 đến 36 pt; số dòng tiêu đề cột và số dòng bảng ít nhất trên một trang từ 1 đến 10",
                    "`table`: the cell padding 0 to 36 pt; the heading lines and the fewest rows on a page 1 to 10"
                ),
                None,
            ));
        }
        if let Some(error) = Error::all(errors) {
            return Err(error);
        }
        Ok(HouseStyle { font: raw.font, paragraph, headings, bullets: raw.bullets, numbered, header: raw.header, draft: raw.draft, table })
    }
}

fn label_hint() -> String {
    t!(
        "nhãn là chữ quanh một ký hiệu đếm 1, a, A, i hoặc I (ví dụ «A.», «I-», «1.», «a)», «Phần I:»), hoặc một dấu cố định như «*»",
        "a label is text around one counting symbol 1, a, A, i or I (e.g. «A.», «I-», «1.», «a)», «Phần I:»), or a fixed mark such as «*»"
    )
}

/// Reads a label pattern: literal text around at most one counting symbol,
/// a `1`, `a`, `A`, `i` or `I` standing apart from other letters and
/// digits. On a mistake, the character offset and what is wrong.
fn parse_label(pattern: &str) -> std::result::Result<Label, (usize, String)> {
    let chars: Vec<char> = pattern.chars().collect();
    let apart = |i: usize| {
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).is_none_or(|c| !c.is_alphanumeric());
        let after = chars.get(i + 1).is_none_or(|c| !c.is_alphanumeric());
        before && after
    };
    let symbols: Vec<usize> = (0..chars.len()).filter(|&i| matches!(chars[i], '1' | 'a' | 'A' | 'i' | 'I') && apart(i)).collect();
    if let Some(&second) = symbols.get(1) {
        return Err((
            second,
            t!("có hai ký hiệu đếm; Word chỉ đánh số một cấp trong một nhãn", "two counting symbols; Word numbers one level in a label"),
        ));
    }
    if let Some(digit) = (0..chars.len()).find(|&i| chars[i].is_ascii_digit() && !symbols.contains(&i)) {
        return Err((digit, t!("chữ số «{}» không phải ký hiệu đếm 1", "the digit «{}» is not the counting symbol 1", chars[digit])));
    }
    if let Some(percent) = chars.iter().position(|c| *c == '%') {
        return Err((percent, t!("Word dùng «%» để đánh số: không viết được trong nhãn", "Word numbers with «%»: it cannot stand in a label")));
    }
    if chars.len() > 40 {
        return Err((40, t!("nhãn dài quá 40 ký tự", "a label of more than 40 characters")));
    }
    Ok(match symbols.first() {
        Some(&at) => Label::Counter {
            prefix: chars[..at].iter().collect(),
            symbol: chars[at].to_string(),
            suffix: chars[at + 1..].iter().collect(),
        },
        None => Label::Fixed { text: pattern.to_string() },
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
        let counter = |p: &str, s: &str, x: &str| Label::Counter { prefix: p.into(), symbol: s.into(), suffix: x.into() };
        assert_eq!(parse_label("Phần I:"), Ok(counter("Phần ", "I", ":")));
        assert_eq!(parse_label("a)"), Ok(counter("", "a", ")")));
        assert_eq!(parse_label("*"), Ok(Label::Fixed { text: "*".into() }));
        assert_eq!(parse_label("Mục"), Ok(Label::Fixed { text: "Mục".into() }), "the i of a word does not count");
        assert_eq!(parse_label("I.1.").map_err(|(at, _)| at), Err(2), "two levels in one label");
        assert_eq!(parse_label("2.").map_err(|(at, _)| at), Err(0));
        assert_eq!(parse_label("%1").map_err(|(at, _)| at), Err(0));
        assert_eq!(count("I", 14), "XIV");
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
