//! Assembles the DOCX package from the parts docx-rs built, adding what
//! docx-rs cannot write, in one small place:
//!
//! - `word/numbering.xml`, written by [`super::numbering`];
//! - `docProps/core.xml` with the title, the issuing body as author and the
//!   document date from the data (never the clock);
//! - the Vietnamese language (`w:lang` vi-VN) in the default run properties;
//! - `w:updateFields` in the settings, so Word refreshes the table of
//!   contents and page numbers on opening;
//! - settings without the legacy East-Asian layout options docx-rs writes
//!   (`useFELayout`, `balanceSingleByteDoubleByteWidth`, ...), which change
//!   how Word spaces and breaks Latin text such as Vietnamese;
//! - the embedded fonts, when asked ([`super::embed`]);
//! - every XML part in the schema's element order ([`super::ooxml`]), one
//!   "Normal" style instead of docx-rs's two, no random paragraph ids.
//!
//! The zip is deterministic: fixed entry order, fixed timestamps and
//! permissions, deflate compression.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::embed;
use super::ooxml::{Element, Node, Part, xml_escape};
use crate::doc::Meta;
use crate::fonts::Family;
use crate::error::{Error, Result};

/// The package's bytes from docx-rs's parts, the numbering part, the
/// document's metadata and the fonts to embed, if any.
pub fn assemble(parts: XMLDocx, numbering_xml: &str, meta: &Meta, embed: Option<&Family>) -> Result<Vec<u8>> {
    let embedded = embed.map(embed::parts).unwrap_or_default();
    let content_types = if embedded.is_empty() { parts.content_type } else { add_font_type(&parts.content_type)? };
    let font_table = embedded.iter().find(|(p, _)| p == "word/fontTable.xml").map_or(parts.font_table, |(_, b)| b.clone());
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), content_types),
        ("_rels/.rels".into(), parts.rels),
        ("docProps/app.xml".into(), parts.doc_props.app),
        ("docProps/core.xml".into(), core_xml(meta).into_bytes()),
        ("docProps/custom.xml".into(), parts.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), parts.document_rels),
        ("word/document.xml".into(), tidy(&parts.document, |d| {
            with_styles(d);
            repeat_table_headers(d);
        })?),
        ("word/styles.xml".into(), tidy(&parts.styles, edit_styles)?),
        ("word/settings.xml".into(), tidy(&parts.settings, |s| edit_settings(s, meta.duplex, embed.is_some()))?),
        ("word/fontTable.xml".into(), font_table),
        ("word/comments.xml".into(), parts.comments),
        ("word/numbering.xml".into(), tidy(numbering_xml.as_bytes(), |_| {})?),
        ("word/commentsExtended.xml".into(), parts.comments_extended),
        ("word/footnotes.xml".into(), tidy(&parts.footnotes, |_| {})?),
    ];
    // docx-rs writes relationship parts for three headers and footers
    // whether or not they exist; only those of real parts are kept.
    for (i, (header, rels)) in parts.headers.iter().zip(parts.header_rels).enumerate() {
        entries.push((format!("word/header{}.xml", i + 1), tidy(header, with_styles)?));
        entries.push((format!("word/_rels/header{}.xml.rels", i + 1), rels));
    }
    for (i, (footer, rels)) in parts.footers.iter().zip(parts.footer_rels).enumerate() {
        entries.push((format!("word/footer{}.xml", i + 1), tidy(footer, with_styles)?));
        entries.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels));
    }
    entries.extend(embedded.into_iter().filter(|(p, _)| p != "word/fontTable.xml"));
    zip(entries)
}

/// `[Content_Types].xml` with the type of obfuscated fonts.
fn add_font_type(xml: &[u8]) -> Result<Vec<u8>> {
    let mut part = Part::parse(xml)?;
    part.root().children.insert(
        0,
        Node::Element(Element::new("Default").with("Extension", "odttf").with("ContentType", embed::CONTENT_TYPE)),
    );
    Ok(part.to_bytes())
}

/// A WordprocessingML part after `edit`, without docx-rs's noise (random
/// paragraph ids, empty run properties, a type on grid columns), its
/// elements in schema order.
fn tidy(xml: &[u8], edit: impl FnOnce(&mut Element)) -> Result<Vec<u8>> {
    let mut part = Part::parse(xml)?;
    edit(part.root());
    part.root().walk(&mut |e| {
        e.attributes.retain(|(key, _)| key != "w14:paraId" && !(e.name == "w:gridCol" && key == "w:type"));
        e.retain(|child| !(child.local() == "rPr" && child.children.is_empty()));
    });
    part.root().canonicalize()?;
    Ok(part.to_bytes())
}

/// Every paragraph names its style: docx-rs writes the empty paragraph
/// that closes a section without one; it gets the tiny "Section Break"
/// style, so it takes no room on the cover.
fn with_styles(part: &mut Element) {
    part.walk(&mut |e| {
        if e.local() != "p" {
            return;
        }
        let properties = e.child("pPr");
        let has = |name: &str| properties.children.iter().any(|n| matches!(n, Node::Element(s) if s.local() == name));
        if !has("pStyle") {
            let style = if has("sectPr") { "SectionBreak" } else { "Normal" };
            properties.children.push(Node::Element(Element::new("w:pStyle").with("w:val", style)));
        }
    });
}

/// The first row of every data table (style Table Grid) repeats at the top
/// of each page the table runs onto.
fn repeat_table_headers(document: &mut Element) {
    document.walk(&mut |e| {
        let is_grid = |e: &Element| {
            e.local() == "tblPr"
                && e.children.iter().any(|n| {
                    matches!(n, Node::Element(s) if s.local() == "tblStyle"
                        && s.attributes.iter().any(|(k, v)| k == "w:val" && v == "TableGrid"))
                })
        };
        if e.local() != "tbl" || !e.children.iter().any(|n| matches!(n, Node::Element(p) if is_grid(p))) {
            return;
        }
        if let Some(Node::Element(row)) = e.children.iter_mut().find(|n| matches!(n, Node::Element(r) if r.local() == "tr")) {
            row.child("trPr").children.push(Node::Element(Element::new("w:tblHeader")));
        }
    });
}

/// One definition per style (docx-rs adds its own "Normal" before ours; the
/// later one is ours), and the Vietnamese language in the defaults.
fn edit_styles(styles: &mut Element) {
    let id = |e: &Element| e.attributes.iter().find(|(k, _)| k == "w:styleId").map(|(_, v)| v.clone());
    let mut seen = std::collections::HashSet::new();
    let mut kept: Vec<_> = std::mem::take(&mut styles.children)
        .into_iter()
        .rev()
        .filter(|node| match node {
            Node::Element(e) if e.local() == "style" => id(e).is_none_or(|id| seen.insert(id)),
            _ => true,
        })
        .collect();
    kept.reverse();
    styles.children = kept;
    let defaults = styles.child("docDefaults").child("rPrDefault").child("rPr");
    defaults.retain(|e| e.local() != "lang");
    defaults.children.push(Node::Element(
        Element::new("w:lang").with("w:val", "vi-VN").with("w:eastAsia", "vi-VN").with("w:bidi", "ar-SA"),
    ));
}

/// Tab stops every 1,27 cm, fields updated on opening, mirrored margins for
/// two-sided printing, embedded fonts announced, and only the compatibility
/// settings that name Word's version.
fn edit_settings(settings: &mut Element, duplex: bool, fonts_embedded: bool) {
    settings.retain(|e| !matches!(e.local(), "defaultTabStop" | "updateFields" | "mirrorMargins" | "embedTrueTypeFonts"));
    if duplex {
        settings.children.push(Node::Element(Element::new("w:mirrorMargins")));
    }
    if fonts_embedded {
        settings.children.push(Node::Element(Element::new("w:embedTrueTypeFonts")));
    }
    settings.children.push(Node::Element(Element::new("w:defaultTabStop").with("w:val", "720")));
    settings.children.push(Node::Element(Element::new("w:updateFields").with("w:val", "true")));
    settings.child("compat").retain(|e| e.local() == "compatSetting");
}

/// A deterministic zip of `entries`, in their order.
fn zip(entries: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).map_err(|e| Error::Docx(e.to_string()))?;
        zip.write_all(&bytes).map_err(|e| Error::Docx(e.to_string()))?;
    }
    let cursor = zip.finish().map_err(|e| Error::Docx(e.to_string()))?;
    Ok(cursor.into_inner())
}

/// `docProps/core.xml`: title, subject, keywords, author and dates.
fn core_xml(meta: &Meta) -> String {
    let date = format!("{}T00:00:00Z", meta.date);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{author}</dc:creator>",
            "<cp:keywords>{keywords}</cp:keywords><cp:lastModifiedBy>{author}</cp:lastModifiedBy>",
            "<dc:language>vi-VN</dc:language><cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = xml_escape(&meta.title),
        subject = xml_escape(&meta.subject),
        author = xml_escape(&meta.author),
        keywords = xml_escape(&meta.keywords.join(", ")),
        date = date,
    )
}
