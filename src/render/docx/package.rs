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
//! - every XML part in the schema's element order ([`super::ooxml`]), one
//!   "Normal" style instead of docx-rs's two, no random paragraph ids.
//!
//! The zip is deterministic: fixed entry order, fixed timestamps and
//! permissions, deflate compression.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::ooxml::{Element, Node, Part};
use crate::doc::Meta;
use crate::error::{Error, Result};

/// The package's bytes from docx-rs's parts, the numbering part and the
/// document's metadata.
pub fn assemble(parts: XMLDocx, numbering_xml: &str, meta: &Meta) -> Result<Vec<u8>> {
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), parts.content_type),
        ("_rels/.rels".into(), parts.rels),
        ("docProps/app.xml".into(), parts.doc_props.app),
        ("docProps/core.xml".into(), core_xml(meta).into_bytes()),
        ("docProps/custom.xml".into(), parts.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), parts.document_rels),
        ("word/document.xml".into(), tidy(&parts.document, repeat_table_headers)?),
        ("word/styles.xml".into(), tidy(&parts.styles, edit_styles)?),
        ("word/settings.xml".into(), tidy(&parts.settings, |s| edit_settings(s, meta.duplex))?),
        ("word/fontTable.xml".into(), parts.font_table),
        ("word/comments.xml".into(), parts.comments),
        ("word/numbering.xml".into(), tidy(numbering_xml.as_bytes(), |_| {})?),
        ("word/commentsExtended.xml".into(), parts.comments_extended),
        ("word/footnotes.xml".into(), tidy(&parts.footnotes, |_| {})?),
    ];
    for (i, header) in parts.headers.iter().enumerate() {
        entries.push((format!("word/header{}.xml", i + 1), tidy(header, |_| {})?));
    }
    for (i, rels) in parts.header_rels.into_iter().enumerate() {
        entries.push((format!("word/_rels/header{}.xml.rels", i + 1), rels));
    }
    for (i, footer) in parts.footers.iter().enumerate() {
        entries.push((format!("word/footer{}.xml", i + 1), tidy(footer, |_| {})?));
    }
    for (i, rels) in parts.footer_rels.into_iter().enumerate() {
        entries.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels));
    }
    zip(entries)
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
/// two-sided printing, and only the compatibility settings that name Word's
/// version.
fn edit_settings(settings: &mut Element, duplex: bool) {
    settings.retain(|e| !matches!(e.local(), "defaultTabStop" | "updateFields" | "mirrorMargins"));
    if duplex {
        settings.children.push(Node::Element(Element::new("w:mirrorMargins")));
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

/// `text` escaped for XML character data and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_metadata_is_escaped() {
        assert_eq!(xml_escape(r#"<w:t>&"'</w:t>"#), "&lt;w:t&gt;&amp;&quot;&apos;&lt;/w:t&gt;");
    }
}
