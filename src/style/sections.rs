//! The plain sections of `style.yaml`: the font and its line, paragraph
//! and heading spacing, the cover, the running header, the contents, the
//! draft's mark and tables. Each is read as written (every key required,
//! see `yaml::parse_complete`) and checked against the ranges a booklet can
//! take ([`out_of_range`]); both writers read them, the PDF's page design
//! through the document's metadata, the DOCX writer from these structs.

use serde::{Deserialize, Serialize};

use crate::t;

/// The body font: the face the PDF embeds and the name the DOCX asks for,
/// and the single line each is set on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontNames {
    /// The family the PDF is set in (bundled, or added with `--fonts`).
    pub pdf: String,
    /// The family the DOCX names.
    pub docx: String,
    /// The box the PDF sets each line of text in.
    pub line_box: LineBox,
    /// The single line Word makes of the DOCX's font.
    pub word_line: WordLine,
}

/// The box the PDF sets a line of text in, in em: as tall as Word's single
/// line, so that a page holds as many lines in both files.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineBox {
    /// From the line's top down to its baseline.
    pub above: f64,
    /// From the baseline down to the line's bottom.
    pub below: f64,
}

/// The single line Word makes of the DOCX's font (from the font's own
/// metrics), in em: the DOCX places its cover's blocks by it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordLine {
    /// The line's height.
    pub height: f64,
    /// From the line's top down to its baseline.
    pub ascent: f64,
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

/// The space around a heading, in points, for the levels that do not give
/// their own.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadingSpacing {
    /// Before the heading.
    pub before: f64,
    /// After it.
    pub after: f64,
}

/// The cover's Party header block and emblem. Its type sizes come from the
/// paper format (`formats.yaml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverStyle {
    /// The mark under the issuing body ("*").
    pub issuer_mark: String,
    /// How much larger the Party's name is than the rest of the block, in
    /// points.
    pub party_size: f64,
    /// The width of the rule under the Party's name, in points.
    pub rule_width: f64,
    /// The emblem's height, in percent of the page's height.
    pub logo_height: f64,
}

impl CoverStyle {
    /// The emblem's height on a page `page_height` high (in any unit: the
    /// same unit).
    pub fn logo_height_on(&self, page_height: f64) -> f64 {
        page_height * (self.logo_height / 100.0)
    }
}

/// What the running header shows, from the second page on, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunningHeader {
    /// Where the page number stands.
    pub number: HeaderPlace,
    /// Where the short title stands.
    pub title: HeaderPlace,
    /// A hairline under the header.
    pub rule: bool,
    /// The short title when the report gives none, its years as `{year}`
    /// and `{plan_year}`.
    pub default_title: String,
    /// How much larger the page number is than the format's small type, in
    /// points.
    pub number_size: f64,
    /// The short title's size, a multiple of the format's small type.
    pub title_scale: f64,
    /// The rule's width, in points.
    pub rule_width: f64,
    /// The rule's grey, from 0 (black) to 255 (white).
    pub rule_grey: u8,
}

/// The year placeholders of [`RunningHeader::default_title`].
const TITLE_YEARS: [&str; 2] = ["{year}", "{plan_year}"];

impl RunningHeader {
    /// The short title of a report on `year` and `plan_year` that gives
    /// none of its own.
    pub fn default_title(&self, year: i32, plan_year: i32) -> String {
        self.default_title.replace(TITLE_YEARS[0], &year.to_string()).replace(TITLE_YEARS[1], &plan_year.to_string())
    }
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

/// The table of contents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentsStyle {
    /// How much larger its title is than the body text, in points.
    pub title_size: f64,
}

/// The mark a draft booklet carries (while a prose file is still marked as
/// a draft): on the cover's top line and in every page's running header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftMark {
    /// Its words.
    pub text: String,
}

/// How tables are set: their cells' padding, how their columns are sized
/// and how they break across pages (see `crate::fit` and the PDF's
/// layout).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableStyle {
    /// The room left and right of a cell's text, in points.
    pub padding: f64,
    /// The room above and below a cell's text, in points.
    pub padding_y: f64,
    /// The most lines a column's heading may take.
    pub heading_lines: usize,
    /// The fewest rows of a table a page may hold, where the table breaks
    /// across pages (so never one row alone).
    pub min_rows: usize,
}

/// Word's border widths come in eighths of a point, its thinnest a
/// quarter point: a rule of `points` as Word draws it, rounded up to a
/// quarter point so that it is never thinner than the PDF's.
pub fn word_border(points: f64) -> u32 {
    ((points * 4.0).ceil().max(1.0) * 2.0) as u32
}

/// What is wrong with the sections' values, each as a message naming its
/// section: a value out of the range a booklet can take, a stray mark.
pub fn out_of_range(font: &FontNames, headings: &HeadingSpacing, cover: &CoverStyle, header: &RunningHeader, contents: &ContentsStyle, table: &TableStyle, draft: &DraftMark) -> Vec<String> {
    let within = |value: f64, low: f64, high: f64| (low..=high).contains(&value);
    let stray_braces = {
        let mut rest = header.default_title.clone();
        for years in TITLE_YEARS {
            rest = rest.replace(years, "");
        }
        rest.contains(['{', '}'])
    };
    let checks = [
        (
            !within(font.line_box.above, 0.3, 2.0) || !within(font.line_box.below, 0.0, 1.0) || !within(font.word_line.height, 0.5, 3.0) || !within(font.word_line.ascent, 0.3, font.word_line.height),
            t!(
                "`font`: line_box.above từ 0,3 đến 2 em, line_box.below từ 0 đến 1 em; word_line.height từ 0,5 đến 3 em, word_line.ascent từ 0,3 em đến word_line.height",
                "`font`: line_box.above 0.3 to 2 em, line_box.below 0 to 1 em; word_line.height 0.5 to 3 em, word_line.ascent 0.3 em to word_line.height"
            ),
        ),
        (
            !within(headings.before, 0.0, 72.0) || !within(headings.after, 0.0, 72.0),
            t!("`heading_spacing`: khoảng cách trước và sau tiêu đề từ 0 đến 72 pt", "`heading_spacing`: the space before and after a heading 0 to 72 pt"),
        ),
        (
            cover.issuer_mark.contains('\n') || cover.issuer_mark.chars().count() > 10 || !within(cover.party_size, 0.0, 12.0) || !within(cover.rule_width, 0.0, 6.0) || !within(cover.logo_height, 1.0, 50.0),
            t!(
                "`cover`: issuer_mark một dòng, nhiều nhất 10 ký tự; party_size từ 0 đến 12 pt; rule_width từ 0 đến 6 pt; logo_height từ 1 đến 50 (% chiều cao trang)",
                "`cover`: issuer_mark one line of at most 10 characters; party_size 0 to 12 pt; rule_width 0 to 6 pt; logo_height 1 to 50 (% of the page's height)"
            ),
        ),
        (
            stray_braces || header.default_title.contains('\n') || !within(header.number_size, 0.0, 12.0) || !within(header.title_scale, 0.5, 2.0) || !within(header.rule_width, 0.0, 6.0),
            t!(
                "`header`: default_title một dòng, chỉ có {{year}} và {{plan_year}} trong ngoặc nhọn; number_size từ 0 đến 12 pt; title_scale từ 0,5 đến 2; rule_width từ 0 đến 6 pt",
                "`header`: default_title one line, with only {{year}} and {{plan_year}} in braces; number_size 0 to 12 pt; title_scale 0.5 to 2; rule_width 0 to 6 pt"
            ),
        ),
        (!within(contents.title_size, 0.0, 12.0), t!("`contents`: title_size từ 0 đến 12 pt", "`contents`: title_size 0 to 12 pt")),
        (
            !within(table.padding, 0.0, 36.0) || !within(table.padding_y, 0.0, 36.0) || !(1..=10).contains(&table.heading_lines) || !(1..=10).contains(&table.min_rows),
            t!(
                "`table`: lề trong ô từ 0 đến 36 pt; số dòng tiêu đề cột và số dòng bảng ít nhất trên một trang từ 1 đến 10",
                "`table`: the cell padding 0 to 36 pt; the heading lines and the fewest rows on a page 1 to 10"
            ),
        ),
        (draft.text.contains('\n'), t!("`draft`: dấu bản dự thảo là một dòng", "`draft`: the draft's mark is one line")),
    ];
    checks.into_iter().filter(|(wrong, _)| *wrong).map(|(_, message)| message).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_borders_are_never_thinner_than_the_pdf_s_rules() {
        // The running header's hairline (0,3 pt) is Word's half point, the
        // cover's rule (0,6 pt) its three quarters.
        assert_eq!([word_border(0.3), word_border(0.6), word_border(0.25), word_border(0.0), word_border(1.0)], [4, 6, 2, 2, 8]);
    }
}
