//! Word numbering (`word/numbering.xml`): the heading ladder (A./B., I-/II-,
//! 1./2., "*") and the lists, as real numbering rather than typed labels, so
//! an inserted section renumbers itself.
//!
//! docx-rs writes levels with their children out of the schema's order, so
//! this module writes the whole part itself. Each list of the document gets
//! its own numbering instance (`w:num`) that restarts at 1, which is what
//! makes Word and LibreOffice agree on where numbering restarts.

use std::fmt::Write;

/// The numbering instance of the heading ladder (linked from the Heading
/// styles).
pub const HEADING_NUMBERING: usize = 1;

const HEADING_ABSTRACT: usize = 0;
const BULLET_ABSTRACT: usize = 1;
const DECIMAL_ABSTRACT: usize = 2;

/// How deep lists may nest.
pub const LIST_LEVELS: usize = 3;

/// The numbering instances of the document's lists, handed out in order.
#[derive(Debug, Default)]
pub struct Lists {
    numbered: Vec<bool>,
}

impl Lists {
    /// A new numbering instance for one list; returns its `w:numId`.
    pub fn add(&mut self, numbered: bool) -> usize {
        self.numbered.push(numbered);
        HEADING_NUMBERING + self.numbered.len()
    }

    /// The `word/numbering.xml` part, items indented by `indent`
    /// (twentieths of a point) as paragraphs are.
    pub fn xml(&self, indent: i32) -> String {
        let mut x = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
        ));
        // The heading ladder: A. / I- / 1. / *
        abstract_num(&mut x, HEADING_ABSTRACT, "multilevel", |x| {
            level(x, 0, "upperLetter", "%1.", Some((0, 0)), "Heading1");
            level(x, 1, "upperRoman", "%2-", Some((0, indent)), "Heading2");
            level(x, 2, "decimal", "%3.", Some((0, indent)), "Heading3");
            level(x, 3, "bullet", "*", Some((0, indent)), "Heading4");
        });
        // "-" items, "+" under them, "•" deeper: each level one more indent.
        abstract_num(&mut x, BULLET_ABSTRACT, "hybridMultilevel", |x| {
            for (lvl, mark) in ["-", "+", "•"].iter().enumerate() {
                level(x, lvl, "bullet", mark, Some((lvl as i32 * indent, indent)), "");
            }
        });
        abstract_num(&mut x, DECIMAL_ABSTRACT, "hybridMultilevel", |x| {
            for (lvl, format) in ["decimal", "lowerLetter", "lowerRoman"].iter().enumerate() {
                let text = match lvl {
                    0 => "%1.".to_string(),
                    n => format!("%{})", n + 1),
                };
                level(x, lvl, format, &text, Some((lvl as i32 * indent, indent)), "");
            }
        });
        write!(x, r#"<w:num w:numId="{HEADING_NUMBERING}"><w:abstractNumId w:val="{HEADING_ABSTRACT}"/></w:num>"#)
            .expect("write to string");
        for (i, numbered) in self.numbered.iter().enumerate() {
            let id = HEADING_NUMBERING + 1 + i;
            let abs = if *numbered { DECIMAL_ABSTRACT } else { BULLET_ABSTRACT };
            write!(x, r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abs}"/>"#).expect("write to string");
            for lvl in 0..LIST_LEVELS {
                write!(x, r#"<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="1"/></w:lvlOverride>"#)
                    .expect("write to string");
            }
            x.push_str("</w:num>");
        }
        x.push_str("</w:numbering>");
        x
    }
}

fn abstract_num(x: &mut String, id: usize, kind: &str, levels: impl FnOnce(&mut String)) {
    write!(x, r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="{kind}"/>"#).expect("write to string");
    levels(x);
    x.push_str("</w:abstractNum>");
}

/// One `w:lvl`, its children in the schema's order; the label is followed by
/// a space; `indent` is (left, first line) in twentieths of a point.
fn level(x: &mut String, lvl: usize, format: &str, text: &str, indent: Option<(i32, i32)>, style: &str) {
    write!(x, r#"<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{format}"/>"#).expect("write to string");
    if !style.is_empty() {
        write!(x, r#"<w:pStyle w:val="{style}"/>"#).expect("write to string");
    }
    write!(x, r#"<w:suff w:val="space"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>"#).expect("write to string");
    if let Some((left, first)) = indent {
        write!(x, r#"<w:pPr><w:ind w:left="{left}" w:firstLine="{first}"/></w:pPr>"#).expect("write to string");
    }
    x.push_str("</w:lvl>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_has_its_own_restarting_instance() {
        let mut lists = Lists::default();
        assert_eq!(lists.add(false), 2);
        assert_eq!(lists.add(true), 3);
        let xml = lists.xml(567);
        assert!(xml.contains(r#"<w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>"#));
        assert!(xml.contains(r#"<w:num w:numId="3"><w:abstractNumId w:val="2"/>"#));
        assert!(xml.contains(r#"<w:lvlText w:val="%2-"/>"#));
        // The schema's order inside a level: start, numFmt, pStyle, suff, lvlText, lvlJc, pPr.
        let lvl = &xml[xml.find(r#"<w:lvl w:ilvl="1">"#).unwrap()..];
        let pos = |tag: &str| lvl.find(tag).unwrap();
        assert!(pos("<w:start ") < pos("<w:numFmt ") && pos("<w:numFmt ") < pos("<w:pStyle "));
        assert!(pos("<w:pStyle ") < pos("<w:suff ") && pos("<w:suff ") < pos("<w:lvlText "));
        assert!(pos("<w:lvlText ") < pos("<w:lvlJc ") && pos("<w:lvlJc ") < pos("<w:pPr>"));
    }
}
