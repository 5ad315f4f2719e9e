//! The DOCX's page setup and styles (`word/styles.xml`). Every paragraph and
//! run of the document carries one of these named styles (Word's built-in
//! names where Word has one), so that editing a style in Word changes every
//! paragraph that uses it; nothing is formatted directly. Page size, margins
//! and type sizes come from the paper format (`formats.yaml`); the heading
//! ladder, fonts, spacing, the cover's header block, the running header,
//! the contents' title and tables from the house style (`style.yaml`): the
//! files the PDF's design reads too.
//!
//! The part is written as Word writes it: Normal is the default paragraph
//! style, with a default character style, table style and list style
//! beside it; each style's children in the schema's order.

use std::fmt::Write;

use super::numbering::{BULLET_NUMBERING, HEADING_NUMBERING, LIST_LEVELS, NUMBER_NUMBERING, list_style};
use super::ooxml::xml_escape;
use crate::style::{HeadingAlign, HouseStyle, PageFormat, word_border};

/// The page and type of one paper format, in Word's units: twentieths of a
/// point (twips) for lengths, half-points for type.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    /// Page width.
    pub width: i32,
    /// Page height.
    pub height: i32,
    /// Top margin.
    pub top: i32,
    /// Bottom margin.
    pub bottom: i32,
    /// The binding-side margin (left on a one-sided page).
    pub inner: i32,
    /// The other side.
    pub outer: i32,
    /// The header's distance from the top edge.
    pub header: i32,
    /// Text width: the page less the left and right margins.
    pub text_width: i32,
    /// Text height: the page less the top and bottom margins.
    pub text_height: i32,
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

/// Millimetres in twips.
pub fn twips(mm: f64) -> i32 {
    (mm / 25.4 * 1440.0).round() as i32
}

/// Points in half-points.
pub fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

impl Geometry {
    /// The geometry of paper format `f`.
    pub fn of(f: &PageFormat) -> Geometry {
        let (width, height) = (twips(f.width), twips(f.height));
        let (top, bottom, inner, outer) = (twips(f.margin.top), twips(f.margin.bottom), twips(f.margin.inner), twips(f.margin.outer));
        Geometry {
            width,
            height,
            top,
            bottom,
            inner,
            outer,
            header: twips(f.header),
            text_width: width - inner - outer,
            text_height: height - top - bottom,
            indent: twips(f.indent),
            body: half_points(f.body),
            small: half_points(f.small),
            title: half_points(f.title),
            cover: half_points(f.cover),
        }
    }
}

/// Word's line spacing (`w:line`, auto rule) for a multiple of single lines.
pub fn line(multiple: f64) -> i32 {
    (240.0 * multiple).round() as i32
}

/// The least room the label of a contents entry takes before its text.
const CONTENTS_LABEL: i32 = 454;

/// The room between a contents entry's widest label and its text.
const CONTENTS_GAP: i32 = 142;

/// One style definition.
struct Def<'a> {
    kind: &'a str,
    id: &'a str,
    name: &'a str,
    based_on: Option<&'a str>,
    next: Option<&'a str>,
    /// Word's ordering in its style gallery (`w:uiPriority`).
    priority: Option<u32>,
    /// Hidden until used (`w:semiHidden`, `w:unhideWhenUsed`).
    hidden: bool,
    /// Shown in the quick style gallery (`w:qFormat`).
    quick: bool,
    default: bool,
    paragraph: String,
    run: String,
    table: String,
}

impl<'a> Def<'a> {
    fn new(kind: &'a str, id: &'a str, name: &'a str) -> Def<'a> {
        Def {
            kind,
            id,
            name,
            based_on: None,
            next: None,
            priority: None,
            hidden: false,
            quick: false,
            default: false,
            paragraph: String::new(),
            run: String::new(),
            table: String::new(),
        }
    }

    /// A paragraph style based on Normal, followed by Normal.
    fn paragraph(id: &'a str, name: &'a str) -> Def<'a> {
        Def { based_on: Some("Normal"), next: Some("Normal"), ..Def::new("paragraph", id, name) }
    }

    fn write(&self, x: &mut String) {
        let default = if self.default { r#" w:default="1""# } else { "" };
        write!(x, r#"<w:style w:type="{}"{default} w:styleId="{}"><w:name w:val="{}"/>"#, self.kind, self.id, xml_escape(self.name)).expect("write");
        if let Some(based) = self.based_on {
            write!(x, r#"<w:basedOn w:val="{based}"/>"#).expect("write");
        }
        if let Some(next) = self.next {
            write!(x, r#"<w:next w:val="{next}"/>"#).expect("write");
        }
        if let Some(priority) = self.priority {
            write!(x, r#"<w:uiPriority w:val="{priority}"/>"#).expect("write");
        }
        if self.hidden {
            x.push_str("<w:semiHidden/><w:unhideWhenUsed/>");
        }
        if self.quick {
            x.push_str("<w:qFormat/>");
        }
        if !self.paragraph.is_empty() {
            write!(x, "<w:pPr>{}</w:pPr>", self.paragraph).expect("write");
        }
        if !self.run.is_empty() {
            write!(x, "<w:rPr>{}</w:rPr>", self.run).expect("write");
        }
        if !self.table.is_empty() {
            write!(x, "<w:tblPr>{}</w:tblPr>", self.table).expect("write");
        }
        x.push_str("</w:style>");
    }
}

/// `w:spacing` with `before` and `after` (twips) and a line of `line`.
fn spacing(before: i32, after: i32, line: i32) -> String {
    format!(r#"<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="auto"/>"#)
}

/// `w:ind` with a first-line indent.
fn first_line(left: i32, first: i32) -> String {
    format!(r#"<w:ind w:left="{left}" w:firstLine="{first}"/>"#)
}

fn size(half_points: usize) -> String {
    format!(r#"<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>"#)
}

/// The four font slots, all `font`: Vietnamese letters fall in hAnsi.
pub fn fonts(font: &str) -> String {
    let font = xml_escape(font);
    format!(r#"<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>"#)
}

/// The whole `word/styles.xml` for geometry `g` and house style `style`,
/// the text in `font`. `cover` gives the cover's vertical spacing;
/// `contents_labels` the width of the widest label of each level the
/// contents list, in points. The masthead's styles (see
/// [`crate::doc::Block::Masthead`]) are written only when `masthead`: a
/// booklet's styles stay as they were.
pub fn xml(g: &Geometry, style: &HouseStyle, font: &str, cover: &CoverSpacing, contents_labels: &[f64], masthead: bool) -> String {
    let body_line = line(style.paragraph.line_spacing);
    let after = (style.paragraph.space_after * 20.0).round() as i32;
    let mut x = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
    ));
    write!(
        x,
        concat!(
            "<w:docDefaults><w:rPrDefault><w:rPr>{fonts}{size}",
            r#"<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>"#,
            "<w:pPrDefault><w:pPr>{spacing}</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
        fonts = fonts(font),
        size = size(g.body),
        spacing = spacing(0, after, body_line),
    )
    .expect("write");
    let mut defs = Vec::new();
    let mut normal = Def { default: true, quick: true, ..Def::new("paragraph", "Normal", "Normal") };
    // No line of a paragraph alone at the foot or head of a page, as the
    // PDF keeps them.
    normal.paragraph = format!(r#"<w:widowControl/>{}{}<w:jc w:val="both"/>"#, spacing(0, after, body_line), first_line(0, g.indent));
    defs.push(normal);
    defs.push(Def { default: true, priority: Some(1), hidden: true, ..Def::new("character", "DefaultParagraphFont", "Default Paragraph Font") });
    let mut table_normal = Def { default: true, priority: Some(99), hidden: true, ..Def::new("table", "TableNormal", "Normal Table") };
    table_normal.table = r#"<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>"#.into();
    defs.push(table_normal);
    defs.push(Def { default: true, priority: Some(99), hidden: true, ..Def::new("numbering", "NoList", "No List") });

    // Each level of the ladder, numbered, and as an unnumbered heading (an
    // appendix) of the same look and outline level, without numbering.
    let heading_ids: Vec<String> = (1..=style.headings.len()).map(|l| format!("Heading{l}")).collect();
    let heading_names: Vec<String> = (1..=style.headings.len()).map(|l| format!("heading {l}")).collect();
    let plain_ids: Vec<String> = (1..=style.headings.len()).map(|l| format!("Heading{l}Unnumbered")).collect();
    let plain_names: Vec<String> = (1..=style.headings.len()).map(|l| format!("heading {l} unnumbered")).collect();
    for (i, heading) in style.headings.iter().enumerate() {
        let (jc, indent) = match heading.align {
            HeadingAlign::Center => ("center", 0),
            HeadingAlign::Justify => ("both", g.indent),
        };
        let look = format!(
            r#"{}{}<w:jc w:val="{jc}"/><w:outlineLvl w:val="{i}"/>"#,
            spacing((heading.space_before * 20.0).round() as i32, (heading.space_after * 20.0).round() as i32, body_line),
            first_line(0, indent)
        );
        let mut run = String::new();
        if heading.bold {
            run.push_str("<w:b/><w:bCs/>");
        }
        if heading.italic {
            run.push_str("<w:i/><w:iCs/>");
        }
        run.push_str(&size(g.body + half_points(heading.size)));
        let mut numbered = Def { priority: Some(9), quick: true, ..Def::paragraph(&heading_ids[i], &heading_names[i]) };
        numbered.paragraph = format!(r#"<w:keepNext/><w:keepLines/><w:numPr><w:ilvl w:val="{i}"/><w:numId w:val="{HEADING_NUMBERING}"/></w:numPr>{look}"#);
        numbered.run = run.clone();
        let mut plain = Def { priority: Some(9), ..Def::paragraph(&plain_ids[i], &plain_names[i]) };
        plain.paragraph = format!("<w:keepNext/><w:keepLines/>{look}");
        plain.run = run;
        defs.push(numbered);
        defs.push(plain);
    }

    // The cover.
    let centred = |id: &'static str, name: &'static str| {
        let mut def = Def::paragraph(id, name);
        def.paragraph = r#"<w:ind w:left="0" w:firstLine="0"/><w:jc w:val="center"/>"#.into();
        def
    };
    let with_spacing = |mut def: Def<'static>, spacing_xml: String| {
        def.paragraph = format!("{spacing_xml}{}", def.paragraph);
        def
    };
    let cover_line = line(1.0);
    let mut title = with_spacing(centred("Title", "Title"), format!(r#"<w:spacing w:before="{}" w:after="0" w:line="{}" w:lineRule="exact"/>"#, cover.title_before, cover.title_line));
    title.run = format!("<w:b/><w:bCs/>{}", size(g.title));
    title.priority = Some(10);
    title.quick = true;
    let mut subtitle = with_spacing(centred("Subtitle", "Subtitle"), spacing(cover.audience_before, 0, cover_line));
    subtitle.run = format!("<w:i/><w:iCs/>{}", size(g.body));
    subtitle.priority = Some(11);
    subtitle.quick = true;
    let mut cover_header = with_spacing(centred("CoverHeader", "Cover Header"), spacing(0, 0, cover_line));
    cover_header.run = size(g.cover);
    let mut cover_issuer = with_spacing(centred("CoverIssuer", "Cover Issuer"), spacing(0, 0, cover_line));
    cover_issuer.run = format!("<w:b/><w:bCs/>{}", size(g.cover));
    let mut cover_party = with_spacing(centred("CoverParty", "Cover Party"), spacing(0, 0, cover_line));
    cover_party.run = format!("<w:b/><w:bCs/>{}", size(g.cover + half_points(style.cover.party_size)));
    let mut cover_rule = Def::paragraph("CoverRule", "Cover Rule");
    cover_rule.paragraph = format!(
        r#"<w:pBdr><w:top w:val="single" w:sz="{sz}" w:space="1" w:color="auto"/></w:pBdr>{}<w:ind w:left="{r}" w:right="{r}" w:firstLine="0"/>"#,
        spacing(60, 0, cover_line),
        sz = word_border(style.cover.rule_width),
        r = cover.rule_indent
    );
    cover_rule.run = size(4);
    let cover_logo = with_spacing(centred("CoverLogo", "Cover Logo"), spacing(cover.logo_before, 0, cover_line));
    let mut cover_date = with_spacing(centred("CoverDate", "Cover Date"), spacing(cover.date_before, 0, cover_line));
    cover_date.run = format!("<w:i/><w:iCs/>{}", size(g.body));
    defs.extend([title, subtitle, cover_header, cover_issuer, cover_party, cover_rule, cover_logo, cover_date]);
    if masthead {
        // The place and date on the right under the Party's name, the
        // title and the line under it centred, as the PDF's masthead.
        let mut date = with_spacing(Def::paragraph("MastheadDate", "Masthead Date"), spacing(120, 0, cover_line));
        date.paragraph.push_str(r#"<w:ind w:left="0" w:firstLine="0"/><w:jc w:val="right"/>"#);
        date.run = format!("<w:i/><w:iCs/>{}", size(g.body));
        let mut title = with_spacing(centred("MastheadTitle", "Masthead Title"), spacing(360, 0, cover_line));
        title.paragraph = format!("<w:keepNext/>{}", title.paragraph);
        title.run = format!("<w:b/><w:bCs/>{}", size(g.body + half_points(style.contents.title_size)));
        let mut subtitle = with_spacing(centred("MastheadSubtitle", "Masthead Subtitle"), spacing(0, 240, cover_line));
        subtitle.run = format!("<w:i/><w:iCs/>{}", size(g.body));
        defs.extend([date, title, subtitle]);
    }

    // Lists: each level's style carries its numbering, and is followed by
    // itself.
    let list_ids: Vec<(String, String, usize, usize)> = ["ListBullet", "ListNumber"]
        .iter()
        .zip([BULLET_NUMBERING, NUMBER_NUMBERING])
        .flat_map(|(base, num)| {
            (0..LIST_LEVELS).map(move |depth| {
                let id = list_style(base, depth);
                let name = match (*base, depth) {
                    ("ListBullet", 0) => "List Bullet".to_string(),
                    ("ListBullet", d) => format!("List Bullet {}", d + 1),
                    (_, 0) => "List Number".to_string(),
                    (_, d) => format!("List Number {}", d + 1),
                };
                (id, name, num, depth)
            })
        })
        .collect();
    for (id, name, num, depth) in &list_ids {
        // Enter after an item gives another item of the list.
        let mut def = Def { priority: Some(99), hidden: true, next: Some(id), ..Def::paragraph(id, name) };
        def.paragraph = format!(r#"<w:numPr><w:ilvl w:val="{depth}"/><w:numId w:val="{num}"/></w:numPr>"#);
        defs.push(def);
    }

    // The contents.
    let mut toc_heading = centred("TOCHeading", "TOC Heading");
    toc_heading.paragraph = format!("<w:keepNext/>{}{}", spacing(0, 240, body_line), toc_heading.paragraph);
    toc_heading.run = format!("<w:b/><w:bCs/>{}", size(g.body + half_points(style.contents.title_size)));
    toc_heading.priority = Some(39);
    defs.push(toc_heading);
    let toc_ids: Vec<(String, String)> = (1..=style.contents_depth()).map(|l| (format!("TOC{l}"), format!("toc {l}"))).collect();
    for (level, (id, name)) in toc_ids.iter().enumerate() {
        // The label's room: its level's widest label and a gap, so that
        // the tab after "PHẦN THỨ NHẤT:" reaches the title's start, not
        // the page number's.
        let widest = contents_labels.get(level).map_or(0, |w| (w * 20.0).ceil() as i32);
        let room = CONTENTS_LABEL.max(widest + CONTENTS_GAP);
        let left = level as i32 * g.indent / 2 + room;
        let mut def = Def { priority: Some(39), hidden: true, ..Def::paragraph(id, name) };
        def.paragraph = format!(
            r#"<w:tabs><w:tab w:val="left" w:pos="{left}"/><w:tab w:val="right" w:leader="dot" w:pos="{}"/></w:tabs>{}<w:ind w:left="{left}" w:right="0" w:hanging="{room}"/><w:jc w:val="left"/>"#,
            g.text_width,
            spacing(0, 40, line(1.0)),
        );
        def.run = size(g.small);
        defs.push(def);
    }

    // The running header and the footer.
    let mut header = Def { priority: Some(99), hidden: true, ..Def::paragraph("Header", "header") };
    let (width, grey) = (word_border(style.header.rule_width), style.header.rule_grey);
    let rule = match style.header.rule {
        true => format!(r#"<w:pBdr><w:bottom w:val="single" w:sz="{width}" w:space="1" w:color="{grey:02X}{grey:02X}{grey:02X}"/></w:pBdr>"#),
        false => String::new(),
    };
    header.paragraph = format!(
        r#"{rule}<w:tabs><w:tab w:val="center" w:pos="{}"/><w:tab w:val="right" w:pos="{}"/></w:tabs>{}<w:ind w:left="0" w:firstLine="0"/><w:jc w:val="left"/>"#,
        g.text_width / 2,
        g.text_width,
        spacing(0, 0, line(1.0))
    );
    header.run = size(g.small + half_points(style.header.number_size));
    defs.push(header);
    let mut header_title = Def { priority: Some(99), ..Def::new("character", "HeaderTitle", "Header Title") };
    header_title.based_on = Some("DefaultParagraphFont");
    header_title.run = format!("<w:i/><w:iCs/>{}", size((g.small as f64 * style.header.title_scale).round() as usize));
    defs.push(header_title);
    let mut footer = centred("Footer", "footer");
    footer.paragraph = format!("{}{}", spacing(0, 0, line(1.0)), footer.paragraph);
    footer.run = size(g.small);
    footer.priority = Some(99);
    footer.hidden = true;
    defs.push(footer);
    let mut caption = centred("Caption", "caption");
    caption.paragraph = format!("{}{}", spacing(60, 120, body_line), caption.paragraph);
    caption.run = format!("<w:i/><w:iCs/>{}", size(g.small));
    caption.priority = Some(35);
    caption.hidden = true;
    caption.quick = true;
    defs.push(caption);

    // Tables: the cell text and the grid.
    let cell = |id: &'static str, name: &'static str, jc: &str, bold: bool| {
        let mut def = Def::paragraph(id, name);
        def.paragraph = format!(r#"{}<w:ind w:left="0" w:firstLine="0"/><w:jc w:val="{jc}"/>"#, spacing(0, 0, line(1.0)));
        def.run = format!("{}{}", if bold { "<w:b/><w:bCs/>" } else { "" }, size(g.small));
        def
    };
    defs.push(cell("TableText", "Table Text", "left", false));
    defs.push(cell("TableNumber", "Table Number", "right", false));
    defs.push(cell("TableCentered", "Table Centered", "center", false));
    // The heading row stays with the first row; a body row in a "Kept"
    // style with the next (so that no page holds fewer of a table's rows
    // than the house style's `table.min_rows`).
    let mut heading = cell("TableHeading", "Table Heading", "center", true);
    heading.paragraph = format!("<w:keepNext/>{}", heading.paragraph);
    defs.push(heading);
    for (id, name, based) in [
        ("TableTextKept", "Table Text Kept", "TableText"),
        ("TableNumberKept", "Table Number Kept", "TableNumber"),
        ("TableCenteredKept", "Table Centered Kept", "TableCentered"),
    ] {
        let mut kept = Def { based_on: Some(based), ..Def::paragraph(id, name) };
        kept.paragraph = "<w:keepNext/>".into();
        defs.push(kept);
    }
    let mut section_break = Def { hidden: true, ..Def::paragraph("SectionBreak", "Section Break") };
    section_break.paragraph = r#"<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:ind w:left="0" w:firstLine="0"/>"#.into();
    section_break.run = size(2);
    defs.push(section_break);
    let mut strong = Def { priority: Some(22), quick: true, ..Def::new("character", "Strong", "Strong") };
    strong.based_on = Some("DefaultParagraphFont");
    strong.run = "<w:b/><w:bCs/>".into();
    defs.push(strong);
    // A heading's label written as text, where Word's numbering cannot
    // show it: the importer knows it by this style.
    if style.headings.iter().any(|h| !h.label.in_word()) {
        let mut heading_label = Def { priority: Some(99), ..Def::new("character", super::HEADING_LABEL, "Heading Label") };
        heading_label.based_on = Some("DefaultParagraphFont");
        defs.push(heading_label);
    }
    let mut emphasis = Def { priority: Some(20), quick: true, ..Def::new("character", "Emphasis", "Emphasis") };
    emphasis.based_on = Some("DefaultParagraphFont");
    emphasis.run = "<w:i/><w:iCs/>".into();
    defs.push(emphasis);
    let mut grid = Def { priority: Some(59), ..Def::new("table", "TableGrid", "Table Grid") };
    grid.based_on = Some("TableNormal");
    // The cells' padding of the house style, as the PDF's.
    let (side, top) = ((style.table.padding * 20.0).round() as i32, (style.table.padding_y * 20.0).round() as i32);
    grid.table = format!(
        concat!(
            r#"<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
            r#"<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
            r#"<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders>"#,
            r#"<w:tblCellMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{side}" w:type="dxa"/><w:bottom w:w="{top}" w:type="dxa"/><w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>"#
        ),
        top = top,
        side = side,
    );
    defs.push(grid);
    for def in &defs {
        def.write(&mut x);
    }
    x.push_str("</w:styles>");
    x
}

/// The cover's vertical spacing, in twips, computed so that LibreOffice
/// and Word place its blocks where the PDF's page design does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CoverSpacing {
    /// Space before the first title line.
    pub title_before: i32,
    /// The distance between title lines.
    pub title_line: i32,
    /// Space before the audience line.
    pub audience_before: i32,
    /// Space before the logo.
    pub logo_before: i32,
    /// Space before the place-and-date line.
    pub date_before: i32,
    /// How far the rule under the Party name is indented on each side.
    pub rule_indent: i32,
}
