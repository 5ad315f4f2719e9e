//! The DOCX's page setup and styles. Every paragraph and run of the document
//! carries one of these named styles (Word's built-in names where Word has
//! one), so that editing a style in Word changes every paragraph that uses
//! it. The sizes and spacing follow the PDF's design (`templates/theme.typ`).

use docx_rs::{
    AlignmentType, BorderType, ParagraphBorder, ParagraphBorderPosition, LineSpacing, LineSpacingType, PageMargin, RunFonts, SpecialIndentType, Style, StyleType, Tab,
    TabLeaderType, TabValueType,
};

use super::numbering::HEADING_NUMBERING;

/// The font the DOCX names. Offices have it; the PDF sets the same text in
/// its bundled metric twin (Liberation Serif), so lines break alike, and
/// LibreOffice falls back to that twin where Times New Roman is missing.
pub const FONT: &str = "Times New Roman";

/// Page width and height of A4, in twentieths of a point.
pub const PAGE_SIZE: (u32, u32) = (11906, 16838);
/// Text width: the page less the left and right margins.
pub const TEXT_WIDTH: i32 = PAGE_SIZE.0 as i32 - MARGIN.left - MARGIN.right;
/// First-line indent of body paragraphs and list items: 1 cm.
pub const FIRST_LINE: i32 = 567;

/// Margins 20/20/30/15 mm (top/bottom/left/right), the header 10 mm from
/// the page edge.
pub const MARGIN: PageMargin =
    PageMargin { top: 1134, bottom: 1134, left: 1701, right: 850, header: 567, footer: 567, gutter: 0 };

/// Body text size in half-points (14 pt).
const BODY_SIZE: usize = 28;

/// The four font slots, all set: Vietnamese letters fall in hAnsi.
pub fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT)
}

/// Line spacing 1.15 lines and `after` twentieths of a point after.
fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Auto).line(276).before(before).after(after)
}

fn paragraph_style(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph).name(name).based_on("Normal").next("Normal")
}

fn heading(level: usize, align: AlignmentType, first_line: i32) -> Style {
    let mut style = paragraph_style(&format!("Heading{level}"), &format!("heading {level}"))
        .size(BODY_SIZE)
        .bold()
        .align(align)
        .indent(Some(0), Some(SpecialIndentType::FirstLine(first_line)), None, None)
        .line_spacing(spacing(240, 120))
        .outline_lvl(level - 1);
    if level == 4 {
        style = style.italic();
    }
    style.paragraph_property = style
        .paragraph_property
        .keep_next(true)
        .keep_lines(true)
        .numbering(docx_rs::NumberingId::new(HEADING_NUMBERING), docx_rs::IndentLevel::new(level - 1));
    style
}

fn toc(level: usize) -> Style {
    let indent = (level as i32 - 1) * 284;
    let mut style = paragraph_style(&format!("TOC{level}"), &format!("toc {level}"))
        .align(AlignmentType::Left)
        .indent(Some(indent), Some(SpecialIndentType::FirstLine(0)), Some(0), None)
        .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Auto).line(240).after(40))
        .size(BODY_SIZE - 2)
        .ui_priority(39)
        .unhide_when_used();
    let leader = Tab::new().val(TabValueType::Right).leader(TabLeaderType::Dot).pos(TEXT_WIDTH as usize);
    style.paragraph_property = style.paragraph_property.add_tab(leader);
    style
}

/// A short rule under the Party name: an empty paragraph with a top border,
/// narrowed by its indents.
fn rule() -> Style {
    let mut style = paragraph_style("CoverRule", "Cover Rule")
        .size(4)
        .indent(Some(1100), Some(SpecialIndentType::FirstLine(0)), Some(1100), None)
        .line_spacing(spacing(60, 0));
    style.paragraph_property = style
        .paragraph_property
        .set_border(ParagraphBorder::new(ParagraphBorderPosition::Top).val(BorderType::Single).size(6));
    style
}

/// Every style the document uses.
pub fn styles() -> Vec<Style> {
    let centered = |id: &str, name: &str| {
        paragraph_style(id, name)
            .align(AlignmentType::Center)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
    };
    vec![
        Style::new("Normal", StyleType::Paragraph)
            .name("Normal")
            .fonts(fonts())
            .size(BODY_SIZE)
            .align(AlignmentType::Both)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
            .line_spacing(spacing(0, 120)),
        centered("Title", "Title").size(40).bold().line_spacing(spacing(0, 240)),
        centered("Subtitle", "Subtitle").size(BODY_SIZE).italic().line_spacing(spacing(0, 120)),
        centered("CoverHeader", "Cover Header").size(BODY_SIZE).line_spacing(spacing(0, 0)),
        centered("CoverIssuer", "Cover Issuer").size(BODY_SIZE).bold().line_spacing(spacing(0, 0)),
        centered("CoverParty", "Cover Party").size(30).bold().line_spacing(spacing(0, 0)),
        rule(),
        centered("CoverDate", "Cover Date").size(BODY_SIZE).italic().line_spacing(spacing(0, 0)),
        heading(1, AlignmentType::Center, 0),
        heading(2, AlignmentType::Both, FIRST_LINE),
        heading(3, AlignmentType::Both, FIRST_LINE),
        heading(4, AlignmentType::Both, FIRST_LINE),
        paragraph_style("ListBullet", "List Bullet"),
        paragraph_style("ListNumber", "List Number"),
        centered("TOCHeading", "TOC Heading").size(30).bold().line_spacing(spacing(0, 240)).ui_priority(39),
        toc(1),
        toc(2),
        toc(3),
        centered("Header", "header").size(BODY_SIZE - 2).line_spacing(spacing(0, 0)).ui_priority(99),
        paragraph_style("TableText", "Table Text")
            .align(AlignmentType::Left)
            .size(BODY_SIZE - 4)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
            .line_spacing(spacing(0, 0)),
        paragraph_style("TableHeading", "Table Heading")
            .align(AlignmentType::Center)
            .bold()
            .size(BODY_SIZE - 4)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
            .line_spacing(spacing(0, 0)),
        Style::new("Strong", StyleType::Character).name("Strong").bold().ui_priority(22),
        Style::new("Emphasis", StyleType::Character).name("Emphasis").italic().ui_priority(20),
        Style::new("TableGrid", StyleType::Table).name("Table Grid").ui_priority(59),
    ]
}
