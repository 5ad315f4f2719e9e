//! Word numbering (`word/numbering.xml`), built from the house style: the
//! heading ladder, the marks of "-" lists and the labels of numbered lists,
//! as real numbering rather than typed labels, so an inserted section
//! renumbers itself.
//!
//! - The heading ladder is one multilevel list linked to the Heading
//!   styles (`w:pStyle` in each level, `w:numPr` in each style).
//! - "-" lists: one list linked to the List Bullet styles, so a new
//!   paragraph in List Bullet shows its mark.
//! - Numbered lists: one list linked to the List Number styles, and an
//!   instance of it (`w:num`) for each list of the document, restarting at 1,
//!   which is what makes Word and LibreOffice agree on where numbering
//!   restarts.
//!
//! A fixed mark (the "*" of a run-in heading) is a level of format `none`
//! whose text is the mark: it survives a LibreOffice save, which a bullet
//! level inside a heading list does not.

use std::fmt::Write;

use super::ooxml::xml_escape;
use crate::style::{HouseStyle, Label};

/// The numbering instance of the heading ladder (linked from the Heading
/// styles).
pub const HEADING_NUMBERING: usize = 1;
/// The numbering instance of "-" lists (linked from the List Bullet styles).
pub const BULLET_NUMBERING: usize = 2;
/// The numbering instance the List Number styles name.
pub const NUMBER_NUMBERING: usize = 3;

const HEADING_ABSTRACT: usize = 0;
const BULLET_ABSTRACT: usize = 1;
const NUMBER_ABSTRACT: usize = 2;

/// How deep lists may nest in the DOCX's styles (List Bullet, List Bullet
/// 2, List Bullet 3).
pub const LIST_LEVELS: usize = 3;

/// The numbering instances of the document's numbered lists, handed out in
/// order.
#[derive(Debug, Default)]
pub struct Lists {
    count: usize,
}

impl Lists {
    /// A new numbering instance for one numbered list, restarting at 1;
    /// returns its `w:numId`.
    pub fn add(&mut self) -> usize {
        self.count += 1;
        NUMBER_NUMBERING + self.count
    }

    /// The `word/numbering.xml` part for `style`, items indented by
    /// `indent` (twentieths of a point) as paragraphs are, at every depth:
    /// a "+" sub-item stands where a "-" item does, as in the PDF and in
    /// printed reports.
    pub fn xml(&self, style: &HouseStyle, indent: i32) -> String {
        let mut x = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
        ));
        abstract_num(&mut x, HEADING_ABSTRACT, "multilevel", |x| {
            for (i, heading) in style.headings.iter().enumerate() {
                let first_line = match heading.align {
                    crate::style::HeadingAlign::Justify => indent,
                    crate::style::HeadingAlign::Center => 0,
                };
                level(x, i, &heading.label, &format!("Heading{}", i + 1), (0, first_line));
            }
        });
        abstract_num(&mut x, BULLET_ABSTRACT, "hybridMultilevel", |x| {
            for lvl in 0..LIST_LEVELS {
                let mark = &style.bullets[lvl.min(style.bullets.len() - 1)];
                let label = Label::Fixed { text: mark.clone() };
                level(x, lvl, &label, &list_style("ListBullet", lvl), (0, indent));
            }
        });
        abstract_num(&mut x, NUMBER_ABSTRACT, "hybridMultilevel", |x| {
            for lvl in 0..LIST_LEVELS {
                let label = &style.numbered[lvl.min(style.numbered.len() - 1)];
                level(x, lvl, label, &list_style("ListNumber", lvl), (0, indent));
            }
        });
        for (id, abs) in [(HEADING_NUMBERING, HEADING_ABSTRACT), (BULLET_NUMBERING, BULLET_ABSTRACT), (NUMBER_NUMBERING, NUMBER_ABSTRACT)] {
            write!(x, r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abs}"/></w:num>"#).expect("write to string");
        }
        for i in 1..=self.count {
            let id = NUMBER_NUMBERING + i;
            write!(x, r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{NUMBER_ABSTRACT}"/>"#).expect("write to string");
            for lvl in 0..LIST_LEVELS {
                write!(x, r#"<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="1"/></w:lvlOverride>"#).expect("write to string");
            }
            x.push_str("</w:num>");
        }
        x.push_str("</w:numbering>");
        x
    }
}

/// The style of list paragraphs at nesting depth `depth`: "ListBullet",
/// "ListBullet2", "ListBullet3".
pub fn list_style(base: &str, depth: usize) -> String {
    match depth.min(LIST_LEVELS - 1) {
        0 => base.to_string(),
        n => format!("{base}{}", n + 1),
    }
}

fn abstract_num(x: &mut String, id: usize, kind: &str, levels: impl FnOnce(&mut String)) {
    write!(x, r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="{kind}"/>"#).expect("write to string");
    levels(x);
    x.push_str("</w:abstractNum>");
}

/// One `w:lvl`, its children in the schema's order; the label is followed by
/// a space (none for an empty mark); `(left, first_line)` in twentieths of
/// a point.
fn level(x: &mut String, lvl: usize, label: &Label, style: &str, (left, first_line): (i32, i32)) {
    let text = xml_escape(&label.word_text(lvl + 1));
    let suffix = if text.is_empty() { "nothing" } else { "space" };
    let format = label.word_format();
    write!(
        x,
        r#"<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:pStyle w:val="{style}"/><w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:firstLine="{first_line}"/></w:pPr></w:lvl>"#
    )
    .expect("write to string");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style() -> HouseStyle {
        crate::style::house_style(&crate::assets::Assets::embedded(), None).unwrap()
    }

    #[test]
    fn a_label_word_cannot_number_shows_nothing_in_numbering() {
        let source = std::str::from_utf8(crate::assets::default_templates().iter().find(|(n, _)| *n == crate::style::STYLE_FILE).unwrap().1).unwrap();
        let style = HouseStyle::parse(std::path::Path::new("style.yaml"), &source.replace(r#"label: "A.""#, r#"label: "PHẦN {ordinal-upper}:\n""#)).unwrap();
        let xml = Lists::default().xml(&style, 567);
        assert!(xml.contains(r#"<w:numFmt w:val="none"/><w:pStyle w:val="Heading1"/><w:suff w:val="nothing"/><w:lvlText w:val=""/>"#), "{xml}");
    }

    #[test]
    fn the_ladder_and_the_lists_come_from_the_house_style() {
        let mut lists = Lists::default();
        assert_eq!(lists.add(), 4);
        assert_eq!(lists.add(), 5);
        let xml = lists.xml(&style(), 567);
        assert!(xml.contains(r#"<w:numFmt w:val="upperRoman"/><w:pStyle w:val="Heading2"/><w:suff w:val="space"/><w:lvlText w:val="%2-"/>"#), "{xml}");
        assert!(xml.contains(r#"<w:numFmt w:val="none"/><w:pStyle w:val="Heading4"/><w:suff w:val="space"/><w:lvlText w:val="*"/>"#), "the run-in mark survives LibreOffice");
        assert!(xml.contains(r#"<w:pStyle w:val="ListBullet2"/><w:suff w:val="space"/><w:lvlText w:val="+"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/>"#), "a «+» item stands where a «-» item does");
        assert!(xml.contains(r#"<w:num w:numId="5"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>"#));
        // The schema's order inside a level: start, numFmt, pStyle, suff, lvlText, lvlJc, pPr.
        let lvl = &xml[xml.find(r#"<w:lvl w:ilvl="1">"#).unwrap()..];
        let pos = |tag: &str| lvl.find(tag).unwrap();
        assert!(pos("<w:start ") < pos("<w:numFmt ") && pos("<w:numFmt ") < pos("<w:pStyle "));
        assert!(pos("<w:pStyle ") < pos("<w:suff ") && pos("<w:suff ") < pos("<w:lvlText "));
        assert!(pos("<w:lvlText ") < pos("<w:lvlJc ") && pos("<w:lvlJc ") < pos("<w:pPr>"));
    }
}
