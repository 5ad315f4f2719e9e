//! The house style: `style.yaml`, the design facts every writer reads. The
//! heading ladder and its labels ([`Label`]), the list marks, the font and
//! its line, the spacing, the cover's header block, the running header, the
//! contents, the draft's mark, tables ([`super::sections`]): written once,
//! as data a designer can change, and never again in Rust or in
//! `theme.typ`. The PDF's page design reads them from the document's
//! metadata (`meta.style`), the DOCX writer from [`HouseStyle`]; the
//! importer of hand-made booklets knows headings by the default ladder.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::label::{Label, label_hint, parse_label};
use super::sections::{ContentsStyle, CoverStyle, DraftMark, FontNames, HeadingSpacing, ParagraphStyle, RunningHeader, TableStyle, out_of_range};
use crate::error::{Error, Place, Result, Warning};
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
    /// The cover's header block and emblem.
    pub cover: CoverStyle,
    /// What the running header shows.
    pub header: RunningHeader,
    /// The table of contents.
    pub contents: ContentsStyle,
    /// The mark of a draft.
    pub draft: DraftMark,
    /// How tables are set.
    pub table: TableStyle,
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
                    space_before: heading.space_before.unwrap_or(raw.heading_spacing.before),
                    space_after: heading.space_after.unwrap_or(raw.heading_spacing.after),
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
        ];
        let sections = out_of_range(&raw.font, &raw.heading_spacing, &raw.cover, &raw.header, &raw.contents, &raw.table, &raw.draft);
        let file_wide = file_wide.into_iter().filter(|(wrong, _)| *wrong).map(|(_, message)| message).chain(sections);
        errors.extend(file_wide.map(|message| Error::input(Place::file(path), message, None)));
        if let Some(error) = Error::all(errors) {
            return Err(error);
        }
        Ok(HouseStyle {
            font: raw.font,
            paragraph,
            headings,
            bullets: raw.bullets,
            numbered,
            cover: raw.cover,
            header: raw.header,
            contents: raw.contents,
            draft: raw.draft,
            table: raw.table,
        })
    }
}

/// `style.yaml` as written, before its labels are read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    font: FontNames,
    paragraph: ParagraphStyle,
    headings: Vec<RawHeading>,
    heading_spacing: HeadingSpacing,
    bullets: Vec<String>,
    numbered: Vec<Spanned<String>>,
    cover: CoverStyle,
    header: RunningHeader,
    contents: ContentsStyle,
    draft: DraftMark,
    table: TableStyle,
}

/// A level of `headings` as written: what it does not say is off, its
/// spacing `heading_spacing`'s.
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
    space_before: Option<f64>,
    space_after: Option<f64>,
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
    fn a_level_without_its_own_spacing_takes_heading_spacing() {
        let source = std::str::from_utf8(crate::assets::default_templates().iter().find(|(n, _)| *n == STYLE_FILE).unwrap().1)
            .unwrap()
            .replace("  - label: \"I-\"\n", "  - label: \"I-\"\n    space_before: 30\n")
            .replace("  before: 12\n", "  before: 18\n");
        let style = HouseStyle::parse(Path::new(STYLE_FILE), &source).unwrap();
        let spacing: Vec<(f64, f64)> = style.headings.iter().map(|h| (h.space_before, h.space_after)).collect();
        assert_eq!(spacing, [(18.0, 6.0), (30.0, 6.0), (18.0, 6.0), (18.0, 6.0)]);
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
