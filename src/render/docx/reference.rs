//! `--reference-docx FILE`: the Word styles of a DOCX a designer made in
//! Word (fonts, colours, sizes, spacing) over the house style's, as
//! pandoc's `--reference-doc` does, keeping what baocao's DOCX is built on:
//! the numbering the heading and list styles carry, the fields, the anchors.
//!
//! Each of baocao's styles takes the run and paragraph properties of the
//! reference's style of the same id (or name), but its own numbering; the
//! document defaults come from the reference too, the language stays
//! Vietnamese. Theme fonts (`w:asciiTheme`) are resolved through the
//! reference's theme, since the package carries no theme of its own.

use std::path::Path;

use super::ooxml::{Element, Node, Part};
use crate::archive::Package;
use crate::error::{Error, Place, Result};
use crate::t;

/// `styles` (baocao's `word/styles.xml`) with the look of the styles of the
/// DOCX `reference`.
pub fn apply(styles: &str, reference: &[u8]) -> Result<String> {
    let (mut theirs, theme) = read(Path::new("--reference-docx"), reference)?;
    let mut ours = Part::parse(styles.as_bytes())?;
    resolve_theme_fonts(theirs.root(), &theme);
    let reference_styles: Vec<Element> = theirs
        .root()
        .children
        .iter()
        .filter_map(|n| match n {
            Node::Element(e) if e.local() == "style" => Some(e.clone()),
            _ => None,
        })
        .collect();
    // The document defaults.
    if let Some(Node::Element(defaults)) = theirs.root().children.iter().find(|n| matches!(n, Node::Element(e) if e.local() == "docDefaults")) {
        let mut defaults = defaults.clone();
        let run = defaults.child("rPrDefault").child("rPr");
        run.retain(|e| e.local() != "lang");
        run.children.push(Node::Element(Element::new("w:lang").with("w:val", "vi-VN").with("w:eastAsia", "vi-VN").with("w:bidi", "ar-SA")));
        ours.root().children.retain(|n| !matches!(n, Node::Element(e) if e.local() == "docDefaults"));
        ours.root().children.insert(0, Node::Element(defaults));
    }
    for node in &mut ours.root().children {
        let Node::Element(style) = node else { continue };
        if style.local() != "style" {
            continue;
        }
        let (id, name) = (attribute(style, "w:styleId"), child_value(style, "name").map(|n| n.to_lowercase()));
        let matching = reference_styles
            .iter()
            .find(|r| attribute(r, "w:styleId") == id)
            .or_else(|| reference_styles.iter().find(|r| child_value(r, "name").map(|n| n.to_lowercase()) == name));
        let Some(matching) = matching else { continue };
        for part in ["pPr", "rPr"] {
            let Some(Node::Element(theirs)) = matching.children.iter().find(|n| matches!(n, Node::Element(e) if e.local() == part)) else {
                continue;
            };
            let mut theirs = theirs.clone();
            // The numbering stays baocao's.
            theirs.retain(|e| e.local() != "numPr");
            let own_numbering = style
                .children
                .iter()
                .find_map(|n| match n {
                    Node::Element(e) if e.local() == part => e.children.iter().find_map(|c| match c {
                        Node::Element(c) if c.local() == "numPr" => Some(c.clone()),
                        _ => None,
                    }),
                    _ => None,
                });
            if let Some(numbering) = own_numbering {
                theirs.children.push(Node::Element(numbering));
            }
            style.retain(|e| e.local() != part);
            style.children.push(Node::Element(theirs));
        }
    }
    ours.root().canonicalize()?;
    Ok(String::from_utf8_lossy(&ours.to_bytes()).into_owned())
}

/// Whether the reference DOCX `reference`, read from `path`, can give its
/// styles: a package with a readable `word/styles.xml`; else why not,
/// naming the part.
pub fn check(path: &Path, reference: &[u8]) -> Result<()> {
    read(path, reference).map(|_| ())
}

/// The styles part of the reference DOCX `reference` (from `path`, for
/// messages) and its theme's fonts.
fn read(path: &Path, reference: &[u8]) -> Result<(Part, ThemeFonts)> {
    let mut package = Package::open(path, reference.to_vec())?;
    let Some(theirs) = package.read("word/styles.xml")? else {
        return Err(Error::input(
            Place::file(path),
            t!("tệp DOCX mẫu không có word/styles.xml", "the reference DOCX has no word/styles.xml"),
            Some(t!("dùng một tệp .docx lưu từ Word hoặc LibreOffice", "use a .docx saved from Word or LibreOffice")),
        ));
    };
    let theme = package.read("word/theme/theme1.xml")?.map(|t| theme_fonts(&t)).unwrap_or_default();
    let theirs = Part::parse(&theirs).map_err(|e| {
        let reason = match e {
            Error::Docx(reason) => reason,
            other => other.to_string(),
        };
        Error::input(
            Place::within(path, "word/styles.xml".into()),
            t!("phần word/styles.xml của tệp DOCX mẫu hỏng: {reason}", "part word/styles.xml of the reference DOCX is damaged: {reason}"),
            Some(t!("mở tệp mẫu bằng Word hoặc LibreOffice và lưu lại", "open the reference in Word or LibreOffice and save it again")),
        )
    })?;
    Ok((theirs, theme))
}

fn attribute(e: &Element, key: &str) -> Option<String> {
    e.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

fn child_value(e: &Element, local: &str) -> Option<String> {
    e.children.iter().find_map(|n| match n {
        Node::Element(c) if c.local() == local => attribute(c, "w:val"),
        _ => None,
    })
}

/// The theme's major (headings) and minor (body) Latin typefaces.
#[derive(Debug, Default)]
struct ThemeFonts {
    major: Option<String>,
    minor: Option<String>,
}

fn theme_fonts(xml: &[u8]) -> ThemeFonts {
    let Ok(mut part) = Part::parse(xml) else { return ThemeFonts::default() };
    let mut fonts = ThemeFonts::default();
    let mut current = "";
    part.root().walk(&mut |e| match e.local() {
        "majorFont" => current = "major",
        "minorFont" => current = "minor",
        "latin" => {
            let face = attribute(e, "typeface");
            match current {
                "major" if fonts.major.is_none() => fonts.major = face,
                "minor" if fonts.minor.is_none() => fonts.minor = face,
                _ => {}
            }
        }
        _ => {}
    });
    fonts
}

/// Theme font references (`w:asciiTheme="minorHAnsi"`) replaced by the
/// theme's typefaces.
fn resolve_theme_fonts(styles: &mut Element, theme: &ThemeFonts) {
    styles.walk(&mut |e| {
        if e.local() != "rFonts" {
            return;
        }
        let mut resolved = Vec::new();
        for (key, value) in &e.attributes {
            let Some(slot) = key.strip_suffix("Theme") else { continue };
            let face = if value.starts_with("major") { &theme.major } else { &theme.minor };
            if let Some(face) = face {
                resolved.push((slot.to_string(), face.clone()));
            }
        }
        e.attributes.retain(|(k, _)| !k.ends_with("Theme"));
        for (slot, face) in resolved {
            e.attributes.retain(|(k, _)| *k != slot);
            e.attributes.push((slot, face));
        }
    });
}
