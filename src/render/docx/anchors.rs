//! The DOCX's anchors as the writer gives them out: a bookmark around
//! every paragraph naming its source line, one around every anchored
//! figure, and the custom properties that say what they mean. How they
//! are named and read back is [`crate::source::bookmark`]'s.

use std::collections::HashMap;

use crate::source::Origin;
use crate::source::bookmark::{Bookmark, Properties, SourceMark, text_hash};

/// The first bookmark id of the anchors, far above the contents' ones.
const FIRST_ID: usize = 1_000_000;

/// Where the booklet came from, for its properties.
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

/// The anchors given out so far.
#[derive(Debug, Default)]
pub(super) struct AnchorBook {
    next_id: usize,
    figures: Vec<String>,
    /// How many paragraphs each source line made so far.
    lines: HashMap<Origin, usize>,
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
        let mark = SourceMark { file: origin.file as usize, line: origin.line as usize, hash: text_hash(text), repeat: *seen };
        Some((self.id(), Bookmark::Source(mark).name()))
    }

    /// The bookmark (id, name) of the figure `label` whose text is `text`.
    pub fn figure(&mut self, label: &str, text: &str) -> (usize, String) {
        self.figures.push(label.to_string());
        (self.id(), Bookmark::Figure(self.figures.len() - 1, Some(text_hash(text))).name())
    }

    /// The custom properties that say what the anchors mean; only the
    /// version without where the booklet came from.
    pub fn properties(self, made: Option<&Provenance<'_>>) -> Vec<(String, String)> {
        match made {
            Some(made) => Properties { report: made.report.into(), digest: made.digest.into(), sources: made.sources.to_vec(), figures: self.figures }.list(),
            None => vec![("baocao.version".to_string(), env!("CARGO_PKG_VERSION").to_string())],
        }
    }
}
