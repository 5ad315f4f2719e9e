//! Where the booklet's text came from. The templates record, for each line
//! of the booklet Markdown they make, the file and line it came from (a
//! prose file, a template); the document model keeps that origin on its
//! blocks, so that a problem found after templating (a bad block, a word
//! too long, a character no font draws) is told at its line in the file
//! the staff edit, and a page can lead back to its source.

pub mod anchor;
pub mod bookmark;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::error::Place;

/// A line of a source file: the file's index in its [`SourceMap`] and the
/// line, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Origin {
    /// The file, an index into the source map.
    pub file: u32,
    /// The line, from 1.
    pub line: u32,
}

/// A file the booklet's text was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path to show people (a default template shows as
    /// `[baocao]/templates/NAME`).
    pub path: PathBuf,
    /// Its text, as the templates read it.
    pub text: Arc<str>,
}

/// The files of one booklet's text, in the order they were first read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds `file`, returning its index; a file already there keeps its
    /// index.
    pub fn add(&mut self, path: &Path, text: Arc<str>) -> u32 {
        if let Some(i) = self.files.iter().position(|f| f.path == path) {
            return i as u32;
        }
        self.files.push(SourceFile { path: path.to_path_buf(), text });
        (self.files.len() - 1) as u32
    }

    /// The file of index `file`.
    pub fn file(&self, file: u32) -> Option<&SourceFile> {
        self.files.get(file as usize)
    }

    /// Every file, by index.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The place of `origin`, at the column where `needle` first occurs on
    /// its line or the lines of its block after it (a paragraph runs over
    /// several), spanning the needle; else the origin's line.
    pub fn place(&self, origin: Origin, needle: Option<&str>) -> Option<Place> {
        /// How many lines after the origin's a block's needle is looked for.
        const BLOCK_LINES: usize = 200;
        let file = self.file(origin.file)?;
        let first = (origin.line as usize).checked_sub(1)?;
        let lines = file.text.lines().enumerate().skip(first).take(BLOCK_LINES);
        let found = needle.filter(|n| !n.is_empty()).and_then(|n| {
            lines.into_iter().find_map(|(index, text)| text.find(n).map(|at| (index + 1, text[..at].chars().count() + 1, n)))
        });
        Some(match found {
            Some((line, column, n)) => Place::in_text(&file.path, &file.text, line, column).spanning(n.chars().count()),
            None => Place { column: None, ..Place::in_text(&file.path, &file.text, first + 1, 1) },
        })
    }
}
