//! Assembles the DOCX package: docx-rs's body, and every other part written
//! here, as Word writes them, with nothing unreferenced, unused or doubled:
//!
//! - `word/document.xml`: the body, its sections (the cover without a
//!   running header, then the contents, then the body, each new section on
//!   a new page) and the cover's emblem placed in;
//! - `word/styles.xml` and `word/numbering.xml` from the house style;
//! - `word/header1.xml` (and `header2.xml` for even pages under two-sided
//!   printing), shared by every section that has a header;
//! - `word/settings.xml`: fields updated on opening (`w:updateFields`),
//!   mirrored margins and even/odd headers for two-sided printing, embedded
//!   fonts announced, no legacy East-Asian layout options;
//! - `docProps/core.xml` (title, the issuing body as author, the document
//!   date from the data, never the clock) and `docProps/app.xml`;
//! - the embedded fonts, when asked ([`super::embed`]).
//!
//! Every XML part is put in the schema's element order ([`super::ooxml`]).
//! The zip is deterministic: fixed entry order, fixed timestamps and
//! permissions, deflate compression.

use std::fmt::Write as _;


use super::embed;
use super::header;
use super::image::Image;
use super::ooxml::{Element, Node, Part, xml_escape};
use super::styles::Geometry;
use crate::doc::Meta;
use crate::error::{Error, Result};
use crate::fonts::Family;

/// A point (in twips) more bottom margin than the PDF's: LibreOffice fits a
/// last line that Typst's layout, rounding otherwise, would move on; the
/// allowance makes both turn the page at the same line.
const BOTTOM_ALLOWANCE: i32 = 25;

/// The style of the paragraph that ends a section.
pub const SECTION_BREAK: &str = "SectionBreak";

/// The text of the cover paragraph the emblem's drawing replaces.
pub const LOGO_MARK: &str = "\u{FDEF}logo\u{FDEF}";

const MAIN: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_RELATIONSHIP: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// What goes into the package.
pub struct Parts<'a> {
    /// `word/document.xml` as docx-rs wrote it.
    pub body: Vec<u8>,
    /// `word/styles.xml`.
    pub styles: String,
    /// `word/numbering.xml`.
    pub numbering: String,
    /// The page and type.
    pub geometry: &'a Geometry,
    /// The document's metadata (title, author, date, style, duplex).
    pub meta: &'a Meta,
    /// The fonts to embed, if any.
    pub embed: Option<&'a Family>,
    /// The cover's emblem, if any.
    pub logo: Option<&'a Image>,
    /// The custom document properties (`docProps/custom.xml`): name, text.
    pub properties: Vec<(String, String)>,
}

/// The package's bytes.
pub fn assemble(parts: Parts<'_>) -> Result<Vec<u8>> {
    let meta = parts.meta;
    let duplex = meta.duplex;
    let embedded = parts.embed.map(embed::parts).unwrap_or_default();
    let logo = parts.logo;
    let font_table = embedded
        .iter()
        .find(|(p, _)| p == "word/fontTable.xml")
        .map_or_else(|| font_table(&meta.style.font.docx).into_bytes(), |(_, b)| b.clone());
    // A document without a cover is one section: its first page shows
    // only a draft's mark, as the PDF's page 1 (`word/header3.xml`, empty
    // for a final copy).
    let first_page_header = meta.draft || !has_section_break(&parts.body);
    let mut relationships = vec![
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdSettings", "settings", "settings.xml"),
        ("rIdFontTable", "fontTable", "fontTable.xml"),
        ("rIdNumbering", "numbering", "numbering.xml"),
        ("rIdTheme", "theme", "theme/theme1.xml"),
        ("rIdHeaderOdd", "header", "header1.xml"),
    ];
    if duplex {
        relationships.push(("rIdHeaderEven", "header", "header2.xml"));
    }
    if first_page_header {
        relationships.push(("rIdHeaderCover", "header", "header3.xml"));
    }
    if logo.is_some() {
        relationships.push(("rIdLogo", "image", "media/image1.png"));
    }
    let document = tidy(&parts.body, |d| document(d, parts.geometry, duplex, meta.draft, logo))?;
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), content_types(duplex, first_page_header, logo.is_some(), !embedded.is_empty()).into_bytes()),
        ("_rels/.rels".into(), package_rels().into_bytes()),
        ("docProps/app.xml".into(), app_xml().into_bytes()),
        ("docProps/core.xml".into(), core_xml(meta).into_bytes()),
        ("docProps/custom.xml".into(), custom_xml(&parts.properties).into_bytes()),
        ("word/_rels/document.xml.rels".into(), document_rels(&relationships).into_bytes()),
        ("word/document.xml".into(), document),
        ("word/styles.xml".into(), tidy(parts.styles.as_bytes(), |_| {})?),
        ("word/settings.xml".into(), tidy(settings(duplex, parts.embed.is_some()).as_bytes(), |_| {})?),
        ("word/fontTable.xml".into(), font_table),
        ("word/numbering.xml".into(), tidy(parts.numbering.as_bytes(), |_| {})?),
        ("word/theme/theme1.xml".into(), super::theme::xml(&meta.style.font.docx).into_bytes()),
        ("word/header1.xml".into(), tidy(header::xml(meta, parts.geometry, false).as_bytes(), |_| {})?),
    ];
    if duplex {
        entries.push(("word/header2.xml".into(), tidy(header::xml(meta, parts.geometry, true).as_bytes(), |_| {})?));
    }
    if first_page_header {
        entries.push(("word/header3.xml".into(), tidy(header::cover_xml(meta, parts.geometry).as_bytes(), |_| {})?));
    }
    if let Some(logo) = logo {
        entries.push(("word/media/image1.png".into(), logo.png.clone()));
    }
    entries.extend(embedded.into_iter().filter(|(p, _)| p != "word/fontTable.xml"));
    zip(entries)
}

/// A WordprocessingML part after `edit`, without docx-rs's noise (random
/// paragraph ids, empty run properties, a type on grid columns), its
/// elements in schema order.
fn tidy(xml: &[u8], edit: impl FnOnce(&mut Element)) -> Result<Vec<u8>> {
    let mut part = Part::parse(xml)?;
    edit(part.root());
    part.root().walk(&mut |e| {
        e.attributes.retain(|(key, _)| key != "w14:paraId" && key != "w14:textId" && !(e.name == "w:gridCol" && key == "w:type"));
        e.retain(|child| !(child.local() == "rPr" && child.children.is_empty()));
    });
    part.root().canonicalize()?;
    Ok(part.to_bytes())
}

/// The body's finishing: every paragraph names its style; each section
/// break gets its section properties; tables of the Table Grid style take
/// their borders from the style and repeat their first row on each page;
/// no-break hyphens become Word's own; the emblem is placed.
fn document(document: &mut Element, g: &Geometry, duplex: bool, draft: bool, logo: Option<&Image>) {
    let mut sections = 0;
    document.walk(&mut |e| match e.local() {
        "p" => {
            let properties = e.child("pPr");
            let style = properties.children.iter().find_map(|n| match n {
                Node::Element(s) if s.local() == "pStyle" => s.attributes.iter().find(|(k, _)| k == "w:val").map(|(_, v)| v.clone()),
                _ => None,
            });
            if style.is_none() {
                properties.children.push(Node::Element(Element::new("w:pStyle").with("w:val", "Normal")));
            }
            if style.as_deref() == Some(SECTION_BREAK) {
                // The first section is the cover: no running header, only
                // a draft's mark.
                let header = match sections {
                    0 if draft => SectionHeader::Cover,
                    0 => SectionHeader::None,
                    _ => SectionHeader::Running,
                };
                properties.children.push(Node::Element(section(g, duplex, header)));
                sections += 1;
            }
        }
        "tbl" => {
            let grid_style = e.children.iter().any(|n| {
                matches!(n, Node::Element(p) if p.local() == "tblPr" && p.children.iter().any(|s| {
                    matches!(s, Node::Element(s) if s.local() == "tblStyle" && s.attributes.iter().any(|(k, v)| k == "w:val" && v == "TableGrid"))
                }))
            });
            if grid_style {
                e.child("tblPr").retain(|c| c.local() != "tblBorders");
                if let Some(Node::Element(row)) = e.children.iter_mut().find(|n| matches!(n, Node::Element(r) if r.local() == "tr")) {
                    row.child("trPr").children.push(Node::Element(Element::new("w:tblHeader")));
                }
            }
        }
        "r" => no_break_hyphens(e),
        _ => {}
    });
    if let Some(image) = logo {
        document.walk(&mut |e| {
            if e.local() == "r" && run_text(e).as_deref() == Some(LOGO_MARK) {
                e.children.retain(|n| matches!(n, Node::Element(c) if c.local() == "rPr"));
                e.children.push(Node::Text(image.drawing_xml("rIdLogo", g)));
            }
        });
    }
    // The body's own section properties: the last section's; when it is
    // the only one, its first page has the cover's header.
    let header = if sections == 0 { SectionHeader::RunningFromPageTwo } else { SectionHeader::Running };
    let body = document.child("body");
    body.retain(|c| c.local() != "sectPr");
    body.children.push(Node::Element(section(g, duplex, header)));
}

/// Whether body `xml` (docx-rs's `word/document.xml`) has a section break.
fn has_section_break(xml: &[u8]) -> bool {
    let mark = format!(r#"w:val="{SECTION_BREAK}""#);
    xml.windows(mark.len()).any(|w| w == mark.as_bytes())
}

/// The text of run `r`, when it has one text element.
fn run_text(r: &Element) -> Option<String> {
    r.children.iter().find_map(|n| match n {
        Node::Element(t) if t.local() == "t" => t.children.iter().find_map(|c| match c {
            Node::Text(text) => Some(text.clone()),
            Node::Element(_) => None,
        }),
        _ => None,
    })
}

/// Splits the text of run `r` at each U+2011 into Word's no-break hyphen
/// element, which every Word and LibreOffice honours (and text tools read
/// as a hyphen, not as an unusual character).
fn no_break_hyphens(r: &mut Element) {
    if !r.children.iter().any(|n| matches!(n, Node::Element(t) if t.local() == "t" && t.children.iter().any(|c| matches!(c, Node::Text(x) if x.contains('\u{2011}'))))) {
        return;
    }
    let mut children = Vec::with_capacity(r.children.len() + 4);
    for node in std::mem::take(&mut r.children) {
        match node {
            Node::Element(t) if t.local() == "t" => {
                let text: String = t.children.iter().filter_map(|c| if let Node::Text(x) = c { Some(x.as_str()) } else { None }).collect();
                for (i, piece) in text.split('\u{2011}').enumerate() {
                    if i > 0 {
                        children.push(Node::Element(Element::new("w:noBreakHyphen")));
                    }
                    if !piece.is_empty() {
                        let mut t = Element::new("w:t").with("xml:space", "preserve");
                        t.children.push(Node::Text(piece.to_string()));
                        children.push(Node::Element(t));
                    }
                }
            }
            other => children.push(other),
        }
    }
    r.children = children;
}

/// The header a section has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SectionHeader {
    /// None: a final copy's cover.
    None,
    /// The draft's mark alone: a draft's cover.
    Cover,
    /// The running header, odd and even.
    Running,
    /// The running header from the second page, the first page the
    /// cover's (a document without a cover).
    RunningFromPageTwo,
}

/// A section's properties: page size and margins, and its header.
fn section(g: &Geometry, duplex: bool, header: SectionHeader) -> Element {
    let mut s = Element::new("w:sectPr");
    let reference = |kind: &str, id: &str| Node::Element(Element::new("w:headerReference").with("w:type", kind).with("r:id", id));
    match header {
        SectionHeader::None => {}
        SectionHeader::Cover => {
            s.children.push(reference("default", "rIdHeaderCover"));
            if duplex {
                s.children.push(reference("even", "rIdHeaderCover"));
            }
        }
        SectionHeader::Running | SectionHeader::RunningFromPageTwo => {
            s.children.push(reference("default", "rIdHeaderOdd"));
            if duplex {
                s.children.push(reference("even", "rIdHeaderEven"));
            }
            if header == SectionHeader::RunningFromPageTwo {
                s.children.push(reference("first", "rIdHeaderCover"));
                s.children.push(Node::Element(Element::new("w:titlePg")));
            }
        }
    }
    s.children.push(Node::Element(Element::new("w:type").with("w:val", "nextPage")));
    s.children.push(Node::Element(Element::new("w:pgSz").with("w:w", &g.width.to_string()).with("w:h", &g.height.to_string())));
    s.children.push(Node::Element(
        Element::new("w:pgMar")
            .with("w:top", &g.top.to_string())
            .with("w:right", &g.outer.to_string())
            .with("w:bottom", &(g.bottom + BOTTOM_ALLOWANCE).to_string())
            .with("w:left", &g.inner.to_string())
            .with("w:header", &g.header.to_string())
            .with("w:footer", &g.header.to_string())
            .with("w:gutter", "0"),
    ));
    s.children.push(Node::Element(Element::new("w:cols").with("w:space", "720")));
    s
}

fn settings(duplex: bool, fonts_embedded: bool) -> String {
    let mut x = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="{MAIN}">"#);
    if fonts_embedded {
        x.push_str("<w:embedTrueTypeFonts/>");
    }
    if duplex {
        x.push_str("<w:mirrorMargins/><w:evenAndOddHeaders/>");
    }
    x.push_str(concat!(
        r#"<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:updateFields w:val="true"/>"#,
        r#"<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>"#,
        "</w:settings>"
    ));
    x
}

fn font_table(font: &str) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="{MAIN}">"#,
            r#"<w:font w:name="{font}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#
        ),
        MAIN = MAIN,
        font = xml_escape(font)
    )
}

fn content_types(duplex: bool, first_page_header: bool, logo: bool, fonts_embedded: bool) -> String {
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut x = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#
    ));
    if logo {
        x.push_str(r#"<Default Extension="png" ContentType="image/png"/>"#);
    }
    if fonts_embedded {
        write!(x, r#"<Default Extension="odttf" ContentType="{}"/>"#, embed::CONTENT_TYPE).expect("write");
    }
    let mut overrides = vec![
        ("/word/document.xml", format!("{main}.document.main+xml")),
        ("/word/styles.xml", format!("{main}.styles+xml")),
        ("/word/settings.xml", format!("{main}.settings+xml")),
        ("/word/fontTable.xml", format!("{main}.fontTable+xml")),
        ("/word/numbering.xml", format!("{main}.numbering+xml")),
        ("/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml".into()),
        ("/word/header1.xml", format!("{main}.header+xml")),
    ];
    if duplex {
        overrides.push(("/word/header2.xml", format!("{main}.header+xml")));
    }
    if first_page_header {
        overrides.push(("/word/header3.xml", format!("{main}.header+xml")));
    }
    overrides.push(("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml".into()));
    overrides.push(("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml".into()));
    overrides.push(("/docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml".into()));
    for (part, kind) in overrides {
        write!(x, r#"<Override PartName="{part}" ContentType="{kind}"/>"#).expect("write");
    }
    x.push_str("</Types>");
    x
}

fn package_rels() -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELATIONSHIPS}">"#,
            r#"<Relationship Id="rIdDocument" Type="{OFFICE}/officeDocument" Target="word/document.xml"/>"#,
            r#"<Relationship Id="rIdCore" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
            r#"<Relationship Id="rIdApp" Type="{OFFICE}/extended-properties" Target="docProps/app.xml"/>"#,
            r#"<Relationship Id="rIdCustom" Type="{OFFICE}/custom-properties" Target="docProps/custom.xml"/>"#,
            "</Relationships>"
        ),
        RELATIONSHIPS = RELATIONSHIPS,
        OFFICE = OFFICE_RELATIONSHIP
    )
}

fn document_rels(relationships: &[(&str, &str, &str)]) -> String {
    let mut x = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELATIONSHIPS}">"#);
    for (id, kind, target) in relationships {
        write!(x, r#"<Relationship Id="{id}" Type="{OFFICE_RELATIONSHIP}/{kind}" Target="{target}"/>"#).expect("write");
    }
    x.push_str("</Relationships>");
    x
}

fn app_xml() -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">"#,
            "<Application>baocao {}</Application><DocSecurity>0</DocSecurity></Properties>"
        ),
        env!("CARGO_PKG_VERSION")
    )
}

/// A deterministic zip of `entries`, in their order.
fn zip(entries: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>> {
    crate::archive::write(entries).map_err(|e| Error::Docx(e.to_string()))
}

/// `docProps/custom.xml`: the custom document properties `properties`,
/// each a text.
fn custom_xml(properties: &[(String, String)]) -> String {
    let mut x = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" "#,
        r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
    ));
    for (i, (name, value)) in properties.iter().enumerate() {
        write!(
            x,
            r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{}" name="{}"><vt:lpwstr>{}</vt:lpwstr></property>"#,
            i + 2,
            xml_escape(name),
            xml_escape(value)
        )
        .expect("write");
    }
    x.push_str("</Properties>");
    x
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
