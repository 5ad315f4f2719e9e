//! The import being worked out: the baseline (the DOCX the report folder
//! gives today, read as the reviewed one is), the reviewed DOCX, both
//! keyed by their anchors, and the edits found so far, stage by stage
//! ([`super::align`], [`super::figures`], [`super::cover`]) until they are
//! applied to the folder's files ([`super::apply`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::read::{Docx, Paragraph};
use super::{Notice, read_raw};
use crate::indicators::Indicator;
use crate::source::bookmark::{Properties, plain};

/// A source line: the file (relative to the report folder) and the line.
pub(super) type LineKey = (String, usize);

/// The changes to one prose file, by line (from 1).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct FileEdits {
    pub replace: HashMap<usize, String>,
    pub delete: HashSet<usize>,
    /// New lines after a line (0: at the start).
    pub after: BTreeMap<usize, Vec<String>>,
    /// The deleted lines that moved, and the line they moved after.
    pub moved: HashMap<usize, LineKey>,
}

/// A cell of the indicator table to change: the indicator, the column's
/// key, the value it had and the new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CellEdit {
    pub id: String,
    pub key: &'static str,
    pub was: String,
    pub now: String,
}

/// The edits a reviewed copy makes to the report folder's files.
#[derive(Debug, Default)]
pub(super) struct Edits {
    /// Prose file edits, by file.
    pub files: BTreeMap<String, FileEdits>,
    /// Indicator table edits.
    pub cells: Vec<CellEdit>,
    /// report.yaml edits: key → its lines.
    pub facts: Vec<(String, Vec<String>)>,
}

/// The import being worked out.
pub(super) struct Plan<'a> {
    pub data: &'a Path,
    /// The DOCX the report folder gives today.
    pub baseline: &'a Docx,
    /// The reviewer's DOCX.
    pub reviewed: &'a Docx,
    /// The text of each figure of the baseline, by its key.
    pub baseline_figures: HashMap<&'a str, &'a str>,
    /// The report's indicators, to say what figures a rewritten phrase
    /// needs.
    pub indicators: &'a [Indicator],
    /// The edits found.
    pub edits: Edits,
    /// Figures of generated tables whose anchor was lost, found again by
    /// their row and column: their key, their new text, their section.
    pub retyped_figures: Vec<(String, String, String)>,
    /// The sources changed since the reviewed DOCX was built.
    pub changed_since: bool,
    /// The source line of each anchored paragraph, by its index: of the
    /// baseline (today's lines) and of the reviewed DOCX (when it was
    /// built).
    pub lines: (HashMap<usize, LineKey>, HashMap<usize, LineKey>),
    /// Paragraphs changed on both sides.
    pub conflicts: Vec<Notice>,
    /// The prose files report.yaml lists, as `content/NAME`: the only
    /// files paragraphs are written to.
    pub prose_files: Vec<String>,
}

impl<'a> Plan<'a> {
    /// The plan of bringing `reviewed` into report folder `data`, whose
    /// DOCX today is `baseline` (both keyed, see [`key`]).
    pub fn new(data: &'a Path, baseline: &'a Docx, reviewed: &'a Docx, indicators: &'a [Indicator]) -> Plan<'a> {
        let baseline_figures = baseline.paragraphs.iter().flat_map(|p| p.figures.iter().map(|f| (f.key.as_str(), f.text.as_str()))).collect();
        Plan {
            data,
            baseline,
            reviewed,
            baseline_figures,
            indicators,
            edits: Edits::default(),
            retyped_figures: Vec::new(),
            changed_since: false,
            lines: Default::default(),
            conflicts: Vec::new(),
            prose_files: Vec::new(),
        }
    }

    /// `paragraph`'s text with its figures as the baseline printed them,
    /// so that a figure's edit is not also a prose edit.
    pub fn with_baseline_figures(&self, paragraph: &Paragraph) -> String {
        let mut text = paragraph.text.clone();
        let mut figures: Vec<_> = paragraph.figures.iter().collect();
        figures.sort_by_key(|f| std::cmp::Reverse(f.start));
        for f in figures {
            if let Some(was) = self.baseline_figures.get(f.key.as_str())
                && text.is_char_boundary(f.start)
                && text.is_char_boundary(f.start + f.text.len())
            {
                text.replace_range(f.start..f.start + f.text.len(), was);
            }
        }
        plain(&text)
    }

    /// Whether `key` is a line of one of the report's prose files: a name
    /// report.yaml lists, never a path a DOCX made up (`content/../x`).
    pub fn is_prose(&self, key: &LineKey) -> bool {
        self.prose_files.contains(&key.0)
    }

    /// The lines of prose file `name` in the report folder.
    pub fn source_lines(&self, name: &str) -> Option<Vec<String>> {
        let path = self.data.join(name);
        read_raw(&path, self.data).ok().map(|t| t.trim_start_matches('\u{feff}').split('\n').map(str::to_string).collect())
    }
}

/// Keys `docx` for the import by what its properties say of its anchors:
/// each anchored paragraph by the hash of the text it was built with and
/// its place among paragraphs of that hash (`6c844e94#1`), so that a
/// paragraph keeps its key when lines move on; each figure by its label
/// and its place among figures of that label (`viec_lam_moi.achieved#1`),
/// not by its bookmark's number, so that DOCX files from other versions of
/// baocao compare. A pasted copy that kept its anchors (the same bookmark
/// twice, or LibreOffice's `_Copy_N` of it) is no anchored paragraph: the
/// first of them with text is the paragraph, the others new ones, their
/// figures plain text. The source line of each anchored paragraph, by its
/// index.
pub(super) fn key(docx: &mut Docx) -> HashMap<usize, LineKey> {
    let properties = Properties::read(&docx.properties).unwrap_or_default();
    let mut lines = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut marks = HashSet::new();
    // Paragraphs with text first, so that a copy left empty (its text
    // deleted, its mark kept) is never taken for the paragraph.
    let mut order: Vec<usize> = (0..docx.paragraphs.len()).collect();
    order.sort_by_key(|&i| docx.paragraphs[i].text.trim().is_empty());
    let copies: HashSet<usize> = order.into_iter().filter(|&i| docx.paragraphs[i].mark.as_ref().is_some_and(|mark| !marks.insert(mark.clone()))).collect();
    let mut figures = HashSet::new();
    for (i, paragraph) in docx.paragraphs.iter_mut().enumerate() {
        if copies.contains(&i) {
            paragraph.mark = None;
        }
        paragraph.figures.retain(|f| figures.insert(f.number));
        let Some(mark) = &paragraph.mark else { continue };
        let Some(path) = properties.sources.get(mark.file) else { continue };
        let count = seen.entry(mark.hash.clone()).or_default();
        *count += 1;
        paragraph.key = Some(format!("{}#{count}", mark.hash));
        lines.insert(i, (path.clone(), mark.line));
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for figure in docx.paragraphs.iter_mut().flat_map(|p| p.figures.iter_mut()) {
        let label = properties.figures.get(figure.number).cloned().unwrap_or_default();
        let count = seen.entry(label.clone()).or_default();
        *count += 1;
        figure.key = format!("{label}#{count}");
    }
    lines
}

/// Whether paragraph style `style` is the cover's (see [`super::cover`]).
pub(super) fn is_cover(style: &str) -> bool {
    style.starts_with("Cover") || style == "Title" || style == "Subtitle"
}

/// Whether paragraph style `style` is a table of contents' (Word's `TOC1`,
/// LibreOffice's `Contents1`, their headings): entries the field makes.
pub(super) fn is_contents(style: &str) -> bool {
    let style = style.to_ascii_lowercase();
    style.starts_with("toc") || style.starts_with("contents")
}
