//! How a DOCX says where its text came from, so that a reviewer's edits
//! can be brought back: the hidden bookmarks baocao puts around its
//! paragraphs and figures (a name starting with `_` is not listed by Word)
//! and the custom document properties that say what they mean. Written by
//! the DOCX writer and read by the import, here only.
//!
//! - `_bcs_F_L_H` around every heading, paragraph and list item: it came
//!   from line L of source file F (the F-th of the properties
//!   `baocao.source.F`, `content/ket-qua.md`), and its text had the hash H
//!   ([`text_hash`]), so that an import can tell a paragraph the reviewer
//!   left alone from one they changed, even once the sources moved on; a
//!   line a template repeats gives `_bcs_F_L_H_2`, `_3`, ...;
//! - `_bcf_N_H` around every figure the templates anchored: it is the N-th
//!   label of the properties `baocao.figures.0`, `.1`, ... joined with
//!   commas (see [`crate::indicators::Label`]), and the text it was built
//!   with had the hash H, so that an import tells a figure the reviewer
//!   changed from one the folder changed since (`_bcf_N`, as earlier
//!   builds wrote it, says no hash);
//! - `baocao.version`, `baocao.report` (the report folder's name) and
//!   `baocao.digest` (a digest of the sources it was built from).
//!
//! Word keeps a text property to 255 characters, so long lists are cut into
//! numbered properties. LibreOffice renames a bookmark whose text it copies
//! (a paragraph cut and pasted, a tracked change, a trip through .odt) to
//! `NAME_Copy_N`: it reads as the bookmark it was copied from.

use std::collections::BTreeMap;

/// The prefix of a paragraph's source bookmark.
const SOURCE: &str = "_bcs_";
/// The prefix of a figure's bookmark.
const FIGURE: &str = "_bcf_";

/// The longest text a custom property keeps in Word.
const PROPERTY_MAX: usize = 255;

/// Text as compared between a DOCX and its sources: no-break spaces and
/// hyphens (which the writers put in) as plain ones.
pub fn plain(text: &str) -> String {
    text.replace('\u{a0}', " ").replace('\u{2011}', "-")
}

/// A short hash of a paragraph's text as a reader sees it ([`plain`], line
/// breaks as `\n`): 8 hex digits of its SHA-256.
pub fn text_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(plain(text).as_bytes()).iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// Where a paragraph came from: its source bookmark.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceMark {
    /// The source file, by its index in the properties.
    pub file: usize,
    /// The line, from 1.
    pub line: usize,
    /// The hash of the text it was built with.
    pub hash: String,
    /// Which paragraph of that line (a template repeats lines), from 1.
    pub repeat: usize,
}

/// A bookmark of baocao's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bookmark {
    /// A paragraph's source.
    Source(SourceMark),
    /// The N-th figure label of the properties, and the hash of the text
    /// it was built with (none in older DOCX files).
    Figure(usize, Option<String>),
}

impl Bookmark {
    /// The bookmark's name.
    pub fn name(&self) -> String {
        match self {
            Bookmark::Source(SourceMark { file, line, hash, repeat: 1 }) => format!("{SOURCE}{file}_{line}_{hash}"),
            Bookmark::Source(SourceMark { file, line, hash, repeat }) => format!("{SOURCE}{file}_{line}_{hash}_{repeat}"),
            Bookmark::Figure(n, None) => format!("{FIGURE}{n}"),
            Bookmark::Figure(n, Some(hash)) => format!("{FIGURE}{n}_{hash}"),
        }
    }

    /// The bookmark a name is, if it is one of baocao's (also as
    /// LibreOffice renames a copy: `_bcf_58_Copy_1`).
    pub fn parse(name: &str) -> Option<Bookmark> {
        let name = without_copy_suffix(name);
        if let Some(n) = name.strip_prefix(FIGURE) {
            let (n, hash) = match n.split_once('_') {
                Some((n, hash)) if !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()) => (n, Some(hash.to_string())),
                Some(_) => return None,
                None => (n, None),
            };
            return n.parse().ok().map(|n| Bookmark::Figure(n, hash));
        }
        let mut parts = name.strip_prefix(SOURCE)?.split('_');
        let file = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        let hash = parts.next().filter(|h| !h.is_empty())?.to_string();
        let repeat = parts.next().map_or(Some(1), |r| r.parse().ok())?;
        Some(Bookmark::Source(SourceMark { file, line, hash, repeat }))
    }
}

/// `name` without the `_Copy_N` LibreOffice appends to the name of a
/// bookmark it copied.
fn without_copy_suffix(name: &str) -> &str {
    match name.rsplit_once("_Copy_") {
        Some((bookmark, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => bookmark,
        _ => name,
    }
}

/// What a DOCX's custom properties say of its making.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Properties {
    /// The report folder's name.
    pub report: String,
    /// A digest of the sources the booklet was built from.
    pub digest: String,
    /// The source files' paths as people see them, by index.
    pub sources: Vec<String>,
    /// The figures' labels, by the number of their bookmark.
    pub figures: Vec<String>,
}

impl Properties {
    /// The custom properties, by name, that say it, after
    /// `baocao.version`.
    pub fn list(&self) -> Vec<(String, String)> {
        let mut properties = vec![
            ("baocao.version".to_string(), env!("CARGO_PKG_VERSION").to_string()),
            ("baocao.report".into(), self.report.clone()),
            ("baocao.digest".into(), self.digest.clone()),
        ];
        for (i, source) in self.sources.iter().enumerate() {
            properties.push((format!("baocao.source.{i}"), source.clone()));
        }
        let mut chunk = String::new();
        let mut chunks = Vec::new();
        for label in &self.figures {
            if !chunk.is_empty() && chunk.len() + 1 + label.len() > PROPERTY_MAX {
                chunks.push(std::mem::take(&mut chunk));
            }
            if !chunk.is_empty() {
                chunk.push(',');
            }
            chunk.push_str(label);
        }
        if !chunk.is_empty() {
            chunks.push(chunk);
        }
        for (i, chunk) in chunks.into_iter().enumerate() {
            properties.push((format!("baocao.figures.{i}"), chunk));
        }
        properties
    }

    /// What `properties` (a DOCX's custom properties by name) say; `None`
    /// for a DOCX baocao did not make.
    pub fn read(properties: &BTreeMap<String, String>) -> Option<Properties> {
        let report = properties.get("baocao.report")?.clone();
        let digest = properties.get("baocao.digest").cloned().unwrap_or_default();
        let sources = (0..).map_while(|i| properties.get(&format!("baocao.source.{i}")).cloned()).collect();
        let joined: Vec<String> = (0..).map_while(|i| properties.get(&format!("baocao.figures.{i}")).cloned()).collect();
        let figures = if joined.is_empty() { Vec::new() } else { joined.join(",").split(',').map(str::to_string).collect() };
        Some(Properties { report, digest, sources, figures })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bookmarks_read_back_as_written() {
        let marks = [
            Bookmark::Source(SourceMark { file: 2, line: 15, hash: text_hash("Một đoạn"), repeat: 1 }),
            Bookmark::Source(SourceMark { file: 0, line: 3, hash: "6c844e94".into(), repeat: 2 }),
            Bookmark::Figure(41, None),
            Bookmark::Figure(7, Some(text_hash("16.100"))),
        ];
        for mark in &marks {
            assert_eq!(Bookmark::parse(&mark.name()).as_ref(), Some(mark));
        }
        assert_eq!(Bookmark::Figure(3, None).name(), "_bcf_3");
        assert_eq!(Bookmark::Figure(3, Some("0e3b47fc".into())).name(), "_bcf_3_0e3b47fc");
        assert_eq!(Bookmark::parse("_bcs_2_15_6c844e94").unwrap().name(), "_bcs_2_15_6c844e94");
        // LibreOffice's copies of a bookmark read as the bookmark.
        assert_eq!(Bookmark::parse("_bcf_58_Copy_1"), Some(Bookmark::Figure(58, None)));
        assert_eq!(Bookmark::parse("_bcf_58_0e3b47fc_Copy_2"), Some(Bookmark::Figure(58, Some("0e3b47fc".into()))));
        assert_eq!(Bookmark::parse("_bcs_3_17_6cb58335_Copy_2"), Bookmark::parse("_bcs_3_17_6cb58335"));
        assert_eq!(Bookmark::parse("_bcs_0_3_6c844e94_2_Copy_12"), Some(marks[1].clone()));
        for other in ["_Toc123", "_bcs_x_1_h", "_bcs_1", "_bcf_", "_bcf_x", "bcs_1_2_h", "_bcf_58_Copy_", "_bcf_58_Copy_x", "_bcf_Copy_1", "_bcf_5_xyz", "_bcf_5_"] {
            assert_eq!(Bookmark::parse(other), None, "{other}");
        }
        assert_eq!(text_hash("16\u{a0}lao\u{2011}động"), text_hash("16 lao-động"));
    }

    #[test]
    fn figure_labels_are_cut_into_properties_word_keeps_whole_and_read_back() {
        let figures: Vec<String> = (0..40).map(|i| format!("chi_tieu_so_{i}.achieved")).collect();
        let made = Properties { report: "r".into(), digest: "d".into(), sources: vec!["report.yaml".into()], figures };
        let properties = made.list();
        let chunks: Vec<&str> = properties.iter().filter(|(k, _)| k.starts_with("baocao.figures.")).map(|(_, v)| v.as_str()).collect();
        assert!(chunks.len() > 1 && chunks.iter().all(|f| f.len() <= PROPERTY_MAX));
        let by_name: BTreeMap<String, String> = properties.into_iter().collect();
        assert_eq!(Properties::read(&by_name), Some(made));
        assert_eq!(Properties::read(&BTreeMap::new()), None);
    }
}
