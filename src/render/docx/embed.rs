//! Fonts embedded in the DOCX, so the draft looks the same on a computer
//! that lacks them (ECMA-376 Part 1, 17.8.1 and 17.8.3.3). docx-rs cannot do
//! this (its font table is fixed), so the package gets:
//!
//! - each face as `word/fonts/fontN.odttf`, obfuscated: its first 32 bytes
//!   XORed with the font key, a GUID read as 16 bytes in reverse order;
//! - a font table naming the family, with an `embedRegular` (`Bold`,
//!   `Italic`, `BoldItalic`) relationship and key per face;
//! - the `odttf` content type, and `w:embedTrueTypeFonts` in the settings.
//!
//! The keys are derived from the font data, not drawn at random, so the same
//! fonts give the same bytes.

use std::fmt::Write;

use crate::fonts::Family;

/// The font table elements of the four faces, in order.
const FACES: [&str; 4] = ["embedRegular", "embedBold", "embedItalic", "embedBoldItalic"];

/// The content type of an obfuscated font part.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.obfuscatedFont";

/// The relationship type of an embedded font.
const FONT_RELATIONSHIP: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font";

/// A font key for `data`: a GUID derived from its bytes (FNV-1a, 128 bits).
pub fn font_key(data: &[u8]) -> String {
    let mut hash: u128 = 0x6c62272e07bb014262b821756295c58d;
    for byte in data {
        hash ^= u128::from(*byte);
        hash = hash.wrapping_mul(0x0000000001000000000000000000013B);
    }
    let hex = format!("{hash:032X}");
    format!("{{{}-{}-{}-{}-{}}}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// `data` obfuscated with `key` (reversible: obfuscating twice restores it).
pub fn obfuscate(data: &[u8], key: &str) -> Vec<u8> {
    let hex: String = key.chars().filter(char::is_ascii_hexdigit).collect();
    let bytes: Vec<u8> = (0..16).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex digits")).collect();
    let mut out = data.to_vec();
    for (i, byte) in out.iter_mut().take(32).enumerate() {
        *byte ^= bytes[15 - i % 16];
    }
    out
}

/// The parts embedding `family`: `(path, bytes)` for each font, the font
/// table and its relationships.
pub fn parts(family: &Family) -> Vec<(String, Vec<u8>)> {
    let mut parts = Vec::new();
    let mut table = format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
            r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
            r#"<w:font w:name="{}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/>"#
        ),
        super::ooxml::xml_escape(&family.name)
    );
    let mut rels = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    ));
    for (i, (element, data)) in FACES.iter().zip(&family.faces).enumerate() {
        let key = font_key(data);
        let n = i + 1;
        write!(table, r#"<w:{element} r:id="rIdFont{n}" w:fontKey="{key}"/>"#).expect("write to string");
        write!(rels, r#"<Relationship Id="rIdFont{n}" Type="{FONT_RELATIONSHIP}" Target="fonts/font{n}.odttf"/>"#)
            .expect("write to string");
        parts.push((format!("word/fonts/font{n}.odttf"), obfuscate(data, &key)));
    }
    table.push_str("</w:font></w:fonts>");
    rels.push_str("</Relationships>");
    parts.push(("word/fontTable.xml".into(), table.into_bytes()));
    parts.push(("word/_rels/fontTable.xml.rels".into(), rels.into_bytes()));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obfuscation_follows_the_standard_and_reverses() {
        // The key's bytes are used in reverse: the first data byte is XORed
        // with the key's last byte (0x0F here).
        let key = "{00010203-0405-0607-0809-0A0B0C0D0E0F}";
        let data: Vec<u8> = (0..40).map(|_| 0).collect();
        let hidden = obfuscate(&data, key);
        assert_eq!(&hidden[..4], &[0x0F, 0x0E, 0x0D, 0x0C]);
        assert_eq!(&hidden[16..20], &[0x0F, 0x0E, 0x0D, 0x0C], "the key repeats for the second 16 bytes");
        assert_eq!(&hidden[32..], &data[32..], "only the first 32 bytes change");
        assert_eq!(obfuscate(&hidden, key), data);
    }

    #[test]
    fn keys_are_guids_derived_from_the_data() {
        let key = font_key(b"font");
        assert_eq!(key.len(), 38);
        assert!(key.starts_with('{') && key.ends_with('}') && key.matches('-').count() == 4);
        assert_eq!(key, font_key(b"font"), "the same data, the same key");
        assert_ne!(key, font_key(b"fonts"));
    }
}
