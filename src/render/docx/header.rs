//! The running header (`word/header1.xml`, and `word/header2.xml` for even
//! pages when printed on both sides), as the PDF's: from the second page
//! on, the page number centred (a PAGE field) and the short title at the
//! outer edge, over a hairline, as the house style says; a draft's mark
//! ("DỰ THẢO") at the inner edge. Its look is the Header and Header Title
//! styles; the paragraph's tab stops put the number in the middle and the
//! title at the edge. A draft's cover, and the first page of a document
//! without a cover, have a header of the mark alone (`word/header3.xml`,
//! empty for a final copy).

use super::ooxml::xml_escape;
use super::styles::Geometry;
use crate::doc::Meta;
use crate::style::HeaderPlace;

/// The header part for odd pages (and one-sided printing), or for even
/// pages when `even`.
pub fn xml(meta: &Meta, g: &Geometry, even: bool) -> String {
    let header = &meta.style.header;
    let number = match header.number {
        HeaderPlace::None => String::new(),
        _ => concat!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
        )
        .to_string(),
    };
    let title = match header.title {
        HeaderPlace::None => String::new(),
        _ => format!(
            r#"<w:r><w:rPr><w:rStyle w:val="HeaderTitle"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
            xml_escape(&meta.short_title)
        ),
    };
    let draft = draft_run(meta, g);
    let tab = "<w:r><w:tab/></w:r>";
    // The title at the outer edge: right on odd pages, left on even ones;
    // the draft's mark at the inner one.
    let content = if even { format!("{title}{tab}{number}{tab}{draft}") } else { format!("{draft}{tab}{number}{tab}{title}") };
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
            r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
            r#"<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>{content}</w:p></w:hdr>"#
        ),
        content = content
    )
}

/// The header of a cover or of a first page: a draft's mark, centred.
pub fn cover_xml(meta: &Meta, g: &Geometry) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
            r#"<w:p><w:pPr><w:pStyle w:val="Header"/><w:pBdr><w:bottom w:val="nil"/></w:pBdr><w:jc w:val="center"/></w:pPr>{}</w:p></w:hdr>"#
        ),
        draft_run(meta, g)
    )
}

/// The draft's mark as a bold run in the tables' size, as the PDF's, or
/// nothing for a final copy.
fn draft_run(meta: &Meta, g: &Geometry) -> String {
    match meta.draft {
        true => format!(
            r#"<w:r><w:rPr><w:b/><w:bCs/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
            xml_escape(&meta.style.draft.text),
            size = g.small
        ),
        false => String::new(),
    }
}
