//! Assembles the DOCX package from the parts docx-rs built, adding what
//! docx-rs cannot write, in one small place:
//!
//! - `word/numbering.xml`, written by [`super::numbering`];
//! - `docProps/core.xml` with the title, the issuing body as author and the
//!   document date from the data (never the clock);
//! - the Vietnamese language (`w:lang` vi-VN) in the default run properties;
//! - `w:updateFields` in the settings, so Word refreshes the table of
//!   contents and page numbers on opening.
//!
//! The zip is deterministic: fixed entry order, fixed timestamps and
//! permissions, deflate compression.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::doc::Meta;
use crate::error::{Error, Result};

/// The package's bytes from docx-rs's parts, the numbering part and the
/// document's metadata.
pub fn assemble(parts: XMLDocx, numbering_xml: &str, meta: &Meta) -> Result<Vec<u8>> {
    let styles = patch_styles(&utf8(parts.styles)?)?;
    let settings = patch_settings(&utf8(parts.settings)?)?;
    let core = core_xml(meta);
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), parts.content_type),
        ("_rels/.rels".into(), parts.rels),
        ("docProps/app.xml".into(), parts.doc_props.app),
        ("docProps/core.xml".into(), core.into_bytes()),
        ("docProps/custom.xml".into(), parts.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), parts.document_rels),
        ("word/document.xml".into(), parts.document),
        ("word/styles.xml".into(), styles.into_bytes()),
        ("word/settings.xml".into(), settings.into_bytes()),
        ("word/fontTable.xml".into(), parts.font_table),
        ("word/comments.xml".into(), parts.comments),
        ("word/numbering.xml".into(), numbering_xml.as_bytes().to_vec()),
        ("word/commentsExtended.xml".into(), parts.comments_extended),
        ("word/footnotes.xml".into(), parts.footnotes),
    ];
    for (i, header) in parts.headers.into_iter().enumerate() {
        entries.push((format!("word/header{}.xml", i + 1), header));
    }
    for (i, rels) in parts.header_rels.into_iter().enumerate() {
        entries.push((format!("word/_rels/header{}.xml.rels", i + 1), rels));
    }
    for (i, footer) in parts.footers.into_iter().enumerate() {
        entries.push((format!("word/footer{}.xml", i + 1), footer));
    }
    for (i, rels) in parts.footer_rels.into_iter().enumerate() {
        entries.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels));
    }
    zip(entries)
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

fn utf8(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| Error::Docx(format!("docx-rs wrote a part that is not UTF-8: {e}")))
}

/// Inserts `addition` before the first `marker` of `xml`.
fn insert_before(xml: &str, marker: &str, addition: &str) -> Result<String> {
    let at = xml.find(marker).ok_or_else(|| Error::Docx(format!("no {marker} in a part written by docx-rs")))?;
    Ok(format!("{}{addition}{}", &xml[..at], &xml[at..]))
}

/// The default run properties get the Vietnamese language, for Word's
/// proofing and LibreOffice's line breaking.
fn patch_styles(xml: &str) -> Result<String> {
    let defaults = xml.find("<w:rPrDefault>").ok_or_else(|| Error::Docx("no w:rPrDefault in styles.xml".into()))?;
    let end = defaults + xml[defaults..].find("</w:rPr>").ok_or_else(|| Error::Docx("no w:rPr in w:rPrDefault".into()))?;
    Ok(format!(r#"{}<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA" />{}"#, &xml[..end], &xml[end..]))
}

/// Asks Word to update fields (the table of contents) on opening.
fn patch_settings(xml: &str) -> Result<String> {
    insert_before(xml, "<w:compat", r#"<w:updateFields w:val="true" />"#)
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
