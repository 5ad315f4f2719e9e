//! The DOCX's page setup and styles. Every paragraph and run of the document
//! carries one of these named styles (Word's built-in names where Word has
//! one), so that editing a style in Word changes every paragraph that uses
//! it. Page size, margins and type sizes come from the paper format both
//! writers share (`templates/formats.yaml`); spacing follows the PDF's
//! design (`templates/theme.typ`).

use docx_rs::{
    AlignmentType, BorderType, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, LineSpacing, LineSpacingType, PageMargin, RunFonts, SpecialIndentType, Style, StyleType, Tab,
    TabLeaderType, TabValueType,
};

use super::numbering::HEADING_NUMBERING;
use crate::style::PageFormat;

/// The font the DOCX names. Offices have it; the PDF sets the same text in
/// its bundled metric twin (Liberation Serif), so lines break alike, and
/// LibreOffice falls back to that twin where Times New Roman is missing.
pub const FONT: &str = "Times New Roman";

/// The page and type of one paper format, in Word's units: twentieths of a
/// point for lengths, half-points for type.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    /// Page width.
    pub width: u32,
    /// Page height.
    pub height: u32,
    /// Margins; left is the inner one.
    pub margin: PageMargin,
    /// Text width: the page less the left and right margins.
    pub text_width: i32,
    /// First-line indent of paragraphs and list items.
    pub indent: i32,
    /// Body type.
    pub body: usize,
    /// Tables and headers.
    pub small: usize,
    /// The cover title.
    pub title: usize,
    /// The cover's Party header block.
    pub cover: usize,
}

fn twips(mm: f64) -> i32 {
    (mm / 25.4 * 1440.0).round() as i32
}

fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

impl Geometry {
    /// The geometry of paper format `f`.
    pub fn of(f: &PageFormat) -> Geometry {
        let (width, height) = (twips(f.width), twips(f.height));
        let margin = PageMargin {
            top: twips(f.margin.top),
            bottom: twips(f.margin.bottom),
            left: twips(f.margin.inner),
            right: twips(f.margin.outer),
            header: twips(f.header),
            footer: twips(f.header),
            gutter: 0,
        };
        Geometry {
            width: width as u32,
            height: height as u32,
            text_width: width - margin.left - margin.right,
            margin,
            indent: twips(f.indent),
            body: half_points(f.body),
            small: half_points(f.small),
            title: half_points(f.title),
            cover: half_points(f.cover),
        }
    }
}

/// The four font slots, all set to `font`: Vietnamese letters fall in
/// hAnsi.
pub fn fonts(font: &str) -> RunFonts {
    RunFonts::new().ascii(font).hi_ansi(font).east_asia(font).cs(font)
}

/// Line spacing 1.15 lines and `after` twentieths of a point after.
fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Auto).line(276).before(before).after(after)
}

fn paragraph_style(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph).name(name).based_on("Normal").next("Normal")
}

fn heading(g: &Geometry, level: usize, align: AlignmentType, first_line: i32) -> Style {
    let mut style = paragraph_style(&format!("Heading{level}"), &format!("heading {level}"))
        .size(g.body)
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

fn toc(g: &Geometry, level: usize) -> Style {
    let indent = (level as i32 - 1) * g.indent / 2;
    let mut style = paragraph_style(&format!("TOC{level}"), &format!("toc {level}"))
        .align(AlignmentType::Left)
        .indent(Some(indent), Some(SpecialIndentType::FirstLine(0)), Some(0), None)
        .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Auto).line(240).after(40))
        .size(g.body - 2)
        .ui_priority(39)
        .unhide_when_used();
    let leader = Tab::new().val(TabValueType::Right).leader(TabLeaderType::Dot).pos(g.text_width as usize);
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
        .set_borders(ParagraphBorders::with_empty().set(ParagraphBorder::new(ParagraphBorderPosition::Top).val(BorderType::Single).size(6)));
    style
}

/// Every style the document uses, for geometry `g`, the text in `font`.
pub fn styles(g: &Geometry, font: &str) -> Vec<Style> {
    // The cover: the title a third of the way down, the date low on the page.
    let page_text = g.height as i32 - g.margin.top - g.margin.bottom;
    let title_before = (page_text / 4) as u32;
    let date_before = (page_text / 3) as u32;
    let centered = |id: &str, name: &str| {
        paragraph_style(id, name)
            .align(AlignmentType::Center)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
    };
    vec![
        Style::new("Normal", StyleType::Paragraph)
            .name("Normal")
            .fonts(fonts(font))
            .size(g.body)
            .align(AlignmentType::Both)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(g.indent)), None, None)
            .line_spacing(spacing(0, 120)),
        centered("Title", "Title").size(g.title).bold().line_spacing(spacing(title_before, 240)),
        centered("Subtitle", "Subtitle").size(g.body).italic().line_spacing(spacing(0, 120)),
        centered("CoverHeader", "Cover Header").size(g.cover).line_spacing(spacing(0, 0)),
        centered("CoverIssuer", "Cover Issuer").size(g.cover).bold().line_spacing(spacing(0, 0)),
        centered("CoverParty", "Cover Party").size(g.cover + 2).bold().line_spacing(spacing(0, 0)),
        rule(),
        centered("CoverDate", "Cover Date").size(g.body).italic().line_spacing(spacing(date_before, 0)),
        heading(g, 1, AlignmentType::Center, 0),
        heading(g, 2, AlignmentType::Both, g.indent),
        heading(g, 3, AlignmentType::Both, g.indent),
        heading(g, 4, AlignmentType::Both, g.indent),
        paragraph_style("ListBullet", "List Bullet"),
        paragraph_style("ListNumber", "List Number"),
        centered("TOCHeading", "TOC Heading").size(g.body + 2).bold().line_spacing(spacing(0, 240)).ui_priority(39),
        toc(g, 1),
        toc(g, 2),
        toc(g, 3),
        centered("Header", "header").size(g.small).line_spacing(spacing(0, 0)).ui_priority(99),
        paragraph_style("SectionBreak", "Section Break")
            .size(2)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
            .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(20).before(0).after(0))
            .semi_hidden(),
        centered("Footer", "footer").size(g.small).line_spacing(spacing(0, 0)).ui_priority(99),
        centered("Caption", "caption").size(g.small).italic().line_spacing(spacing(60, 120)).ui_priority(35),
        paragraph_style("TableText", "Table Text")
            .align(AlignmentType::Left)
            .size(g.small)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
            .line_spacing(spacing(0, 0)),
        paragraph_style("TableNumber", "Table Number")
            .based_on("TableText")
            .align(AlignmentType::Right)
            .size(g.small)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
            .line_spacing(spacing(0, 0)),
        paragraph_style("TableCentered", "Table Centered")
            .based_on("TableText")
            .align(AlignmentType::Center)
            .size(g.small)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
            .line_spacing(spacing(0, 0)),
        paragraph_style("TableHeading", "Table Heading")
            .align(AlignmentType::Center)
            .bold()
            .size(g.small)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
            .line_spacing(spacing(0, 0)),
        Style::new("Strong", StyleType::Character).name("Strong").bold().ui_priority(22),
        Style::new("Emphasis", StyleType::Character).name("Emphasis").italic().ui_priority(20),
        Style::new("TableGrid", StyleType::Table).name("Table Grid").ui_priority(59),
    ]
}
