//! The DOCX's durable anchors, so that a reviewer's edits can be brought
//! back into the report folder: hidden bookmarks (a name starting with `_`
//! is not listed by Word) that change nothing Word or LibreOffice show, and
//! custom document properties that say what they mean.
//!
//! - `_bcs_F_L_H` around every heading, paragraph and list item: it came
//!   from line L of source file F, the F-th of the properties
//!   `baocao.source.F` (`content/ket-qua.md`), and its text had the hash H
//!   ([`text_hash`]), so that an import can tell a paragraph the reviewer
//!   left alone from one they changed, even once the sources moved on;
//! - `_bcf_N` around every figure the templates anchored: it is the N-th
//!   label of the properties `baocao.figures.0`, `.1`, ... joined with
//!   commas (`viec_lam_moi.achieved`);
//! - `baocao.version`, `baocao.report` (the report folder's name) and
//!   `baocao.digest` (SHA-256 of the sources it was built from).
//!
//! Word keeps a text property to 255 characters, so long lists are cut into
//! numbered properties. Numbers and names follow the document's order, so
//! the same sources give the same bytes.

use crate::source::Origin;

/// Where the DOCX came from: what its custom properties record.
#[derive(Debug, Clone, Copy)]
pub struct Provenance<'a> {
    /// The report folder's name.
    pub report: &'a str,
    /// A digest of the sources the booklet was built from.
    pub digest: &'a str,
    /// The source files' paths as people see them, by their index in the
    /// source map (an [`Origin`]'s `file`).
    pub sources: &'a [String],
}

/// A short hash of a paragraph's text as a reader sees it (no-break
/// spaces and hyphens as plain ones, line breaks as `\n`): 8 hex digits of
/// its SHA-256.
pub fn text_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let plain = text.replace('\u{a0}', " ").replace('\u{2011}', "-");
    Sha256::digest(plain.as_bytes()).iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// The first bookmark id of the anchors, far above the contents' ones.
const FIRST_ID: usize = 1_000_000;

/// The longest text a custom property keeps in Word.
const PROPERTY_MAX: usize = 255;

/// The anchors given out so far.
#[derive(Debug, Default)]
pub(super) struct AnchorBook {
    next_id: usize,
    figures: Vec<String>,
    /// How many paragraphs each source line made so far: a line a template
    /// repeats gives `_bcs_F_L`, then `_bcs_F_L_2`, ... (names are unique).
    lines: std::collections::HashMap<Origin, usize>,
}

impl AnchorBook {
    fn id(&mut self) -> usize {
        self.next_id += 1;
        FIRST_ID + self.next_id
    }

    /// The bookmark (id, name) of a paragraph from `origin` whose text is
    /// `text`.
    pub fn source(&mut self, origin: Option<Origin>, text: &str) -> Option<(usize, String)> {
        let origin = origin?;
        let seen = self.lines.entry(origin).or_default();
        *seen += 1;
        let hash = text_hash(text);
        let name = match *seen {
            1 => format!("_bcs_{}_{}_{hash}", origin.file, origin.line),
            n => format!("_bcs_{}_{}_{hash}_{n}", origin.file, origin.line),
        };
        Some((self.id(), name))
    }

    /// The bookmark (id, name) of the figure `label`.
    pub fn figure(&mut self, label: &str) -> (usize, String) {
        self.figures.push(label.to_string());
        (self.id(), format!("_bcf_{}", self.figures.len() - 1))
    }

    /// The custom properties that say what the anchors mean.
    pub fn properties(&self, provenance: Option<&Provenance<'_>>) -> Vec<(String, String)> {
        let mut properties = vec![("baocao.version".to_string(), env!("CARGO_PKG_VERSION").to_string())];
        let Some(provenance) = provenance else { return properties };
        properties.push(("baocao.report".into(), provenance.report.into()));
        properties.push(("baocao.digest".into(), provenance.digest.into()));
        for (i, source) in provenance.sources.iter().enumerate() {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_labels_are_cut_into_properties_word_keeps_whole() {
        let mut book = AnchorBook::default();
        let labels: Vec<String> = (0..40).map(|i| format!("chi_tieu_so_{i}.achieved")).collect();
        for label in &labels {
            book.figure(label);
        }
        assert_eq!(book.source(Some(Origin { file: 2, line: 15 }), "Một đoạn").unwrap().1, format!("_bcs_2_15_{}", text_hash("Một đoạn")));
        assert_eq!(text_hash("16\u{a0}lao\u{2011}động"), text_hash("16 lao-động"));
        let sources = ["report.yaml".to_string()];
        let properties = book.properties(Some(&Provenance { report: "r", digest: "d", sources: &sources }));
        let figures: Vec<&str> = properties.iter().filter(|(k, _)| k.starts_with("baocao.figures.")).map(|(_, v)| v.as_str()).collect();
        assert!(figures.len() > 1 && figures.iter().all(|f| f.len() <= PROPERTY_MAX));
        assert_eq!(figures.join(",").split(',').map(str::to_string).collect::<Vec<_>>(), labels);
    }
}
