//! `baocao edit`: the report edited in the browser, its pages shown as
//! they will print. This module is the editing session, free of HTTP: the
//! report folder, the pages as last laid out (one long-lived project, so
//! Typst's memoisation keeps what an edit did not touch), what a click on
//! a page points at, and the form the editor shows. The binary serves it
//! on 127.0.0.1 (`src/cli/edit/`).

pub mod draw;
pub mod facts;
pub mod preview;
pub mod store;
pub mod table;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::build::{Booklet, Options, Project, Strictness};
use crate::doc::{Block, Document};
use crate::error::{Error, Warning};
use crate::report::{CONTENT_DIR, FACTS_FILE, Overlay};
use crate::source::SourceMap;
use crate::timing::{Stage, Timings};
use preview::{Pages, Spot};

/// What a place on a page comes from, for the editor to show.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Target {
    /// A line of a prose file (`content/ket-qua.md`, a path in the report
    /// folder).
    Line {
        /// The file, relative to the report folder.
        file: String,
        /// The line, from 1.
        line: usize,
    },
    /// A cell of the indicator table.
    Cell {
        /// The indicator's id.
        id: String,
        /// The column's key (`achieved`).
        field: String,
    },
    /// A fact of report.yaml.
    Fact {
        /// Its key.
        key: String,
    },
}

/// The booklet as last composed without error: what a click is looked up
/// in.
struct Composed {
    document: Document,
    sources: SourceMap,
    facts: Vec<(String, String)>,
}

/// What one refresh of the preview did.
#[derive(Debug, Default)]
pub struct Refresh {
    /// The pages (from 1) rendered anew.
    pub changed: Vec<usize>,
    /// The error that stopped it: the last good pages stay.
    pub error: Option<Error>,
    /// What composing the booklet noticed.
    pub warnings: Vec<Warning>,
    /// How long each stage took.
    pub timings: Timings,
}

/// One report open in the editor.
pub struct Session {
    project: Project,
    dir: PathBuf,
    pages: Pages,
    composed: Option<Composed>,
    overlay: Overlay,
}

impl Session {
    /// A session on the report in `dir`, nothing laid out yet.
    pub fn new(project: Project, dir: &Path) -> Session {
        Session { project, dir: dir.to_path_buf(), pages: Pages::default(), composed: None, overlay: Overlay::new() }
    }

    /// The report folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The project: templates and fonts.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The pages as last laid out without error.
    pub fn pages(&self) -> &Pages {
        &self.pages
    }

    /// Sets the texts the next layouts read instead of the files on disk
    /// (see [`Overlay`]): what the page shows typed and not yet saved.
    pub fn set_overlay(&mut self, overlay: Overlay) {
        self.overlay = overlay;
    }

    /// Composes and lays the booklet out again from the files on disk (and
    /// the texts of the overlay instead of theirs), rendering only the
    /// pages whose frame changed. An error leaves the last good pages.
    pub fn refresh(&mut self) -> Refresh {
        let mut refresh = Refresh::default();
        let options = Options { overlay: self.overlay.clone(), ..Options::default() };
        let result = Booklet::compose_with(&self.project, &self.dir, options, Strictness::Strict).and_then(|booklet| {
            let layout = refresh.timings.time(Stage::Layout, || {
                crate::render::pdf::layout_marked(&booklet.document, &self.project.fonts, &self.project.assets, &booklet.report.dir)
            })?;
            Ok((booklet, layout))
        });
        match result {
            Ok((booklet, layout)) => {
                refresh.timings = booklet.timings.merged(&refresh.timings);
                let (pages, changed) = refresh.timings.time(Stage::Svg, || Pages::update(&self.pages, &layout));
                self.pages = pages;
                refresh.changed = changed;
                refresh.warnings = booklet.warnings.clone();
                refresh.warnings.extend(layout.warnings.iter().cloned());
                let facts = booklet.report.facts.texts().into_iter().map(|(k, v)| (k, v.to_string())).collect();
                self.composed = Some(Composed { document: booklet.document, sources: booklet.sources, facts });
            }
            Err(error) => refresh.error = Some(error),
        }
        // Keep the memoised results of the last two compilations only:
        // typing reuses them all the same (measured: the same time per
        // edit as with ten), and the memory stays flat over a day of edits
        // (with ten, the sample's editor grew from 83 to 183 MB).
        typst::comemo::evict(1);
        refresh
    }

    /// What the click at `x`, `y` (points from the top left) on page
    /// `page` (from 1) points at: the figure's cell, the prose line, or the
    /// cover's fact.
    pub fn source_at(&self, page: usize, x: f64, y: f64) -> Option<Target> {
        let composed = self.composed.as_ref()?;
        let spot = self.pages.at(page, x, y)?;
        let block = preview::block(&composed.document, spot.block?)?;
        // A figure goes to its cell; a value worked out from one (a ratio,
        // a phrase) to the indicator's result; a summary count to its line.
        if let Some(label) = preview::figure_at(block, &spot).and_then(|l| l.parse::<crate::indicators::Label>().ok())
            && let Some(id) = label.indicator()
        {
            let field = label.cell().map_or("achieved", |(_, key)| key);
            return Some(Target::Cell { id: id.to_string(), field: field.to_string() });
        }
        match block {
            Block::Cover(_) => Some(Target::Fact { key: cover_fact(&composed.facts, &spot) }),
            _ => self.line_of(composed, origin_of(block)?),
        }
    }

    /// Where the text of line `line` of `file` (relative to the report
    /// folder) stands in the pages: the page (from 1) and the top, in
    /// points, of the block made from that line or the last one above it.
    pub fn place_of_line(&self, file: &str, line: usize) -> Option<(usize, f64)> {
        let composed = self.composed.as_ref()?;
        let path = self.dir.join(file);
        let found = composed
            .document
            .blocks_in_order()
            .iter()
            .enumerate()
            .filter_map(|(i, block)| Some((i, origin_of(block)?)))
            .filter(|(_, origin)| origin.line as usize <= line && composed.sources.file(origin.file).is_some_and(|f| f.path == path))
            .max_by_key(|(_, origin)| origin.line)?;
        let mark = self.pages.mark_of(found.0)?;
        Some((mark.page, mark.top))
    }

    /// The prose line of `origin`, when it is a file of the report folder
    /// (not a template).
    fn line_of(&self, composed: &Composed, origin: crate::source::Origin) -> Option<Target> {
        let file = composed.sources.file(origin.file)?;
        let relative = file.path.strip_prefix(&self.dir).ok()?;
        if !relative.starts_with(CONTENT_DIR) && relative != Path::new(FACTS_FILE) {
            return None;
        }
        Some(Target::Line { file: relative.to_string_lossy().replace('\\', "/"), line: origin.line as usize })
    }
}

/// The line `block` was made from, for the blocks that know it.
fn origin_of(block: &Block) -> Option<crate::source::Origin> {
    match block {
        Block::Heading { origin, .. } | Block::Paragraph { origin, .. } => *origin,
        Block::Table(table) => table.origin,
        _ => None,
    }
}

/// The fact of the cover line clicked: the one whose text holds the
/// clicked run, else the title.
fn cover_fact(facts: &[(String, String)], spot: &Spot) -> String {
    let clicked = crate::text::nfc(spot.text.trim()).to_lowercase();
    let holds = |value: &str| !clicked.is_empty() && crate::text::nfc(value).to_lowercase().contains(&clicked);
    facts.iter().find(|(_, value)| holds(value)).map(|(key, _)| key.split('[').next().unwrap_or(key).to_string()).unwrap_or_else(|| "title".into())
}

/// The error of a failed refresh as the editor's problems, each file named
/// relative to the report folder.
pub fn problems_json(errors: &[&Error], warnings: &[Warning], dir: &Path) -> serde_json::Value {
    let relative = |mut value: serde_json::Value| {
        if let Some(file) = value.get("file").and_then(|f| f.as_str()).map(str::to_string) {
            let shown = Path::new(&file).strip_prefix(dir).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or(file);
            value["file"] = shown.into();
        }
        value
    };
    let errors = errors.iter().map(|e| relative(crate::check::error_json(e, dir)));
    let warnings = warnings.iter().map(|w| relative(crate::check::warning_json(w)));
    serde_json::Value::Array(errors.chain(warnings).collect())
}

/// Adds to each of `problems` placed in the CSV indicator table of the
/// report in `dir` the grid column (`cell`, from 0) its place falls in.
pub fn place_in_grid(dir: &Path, problems: &mut serde_json::Value) {
    if problems.as_array().is_none_or(|p| p.is_empty()) {
        return;
    }
    use crate::indicators::file::{Dialect, Kind};
    let Ok(Some(table)) = crate::indicators::TableFile::find(dir) else { return };
    if table.kind != Kind::Csv {
        return;
    }
    let Ok(source) = crate::text::read(&table.path, dir) else { return };
    let lines: Vec<&str> = source.lines().collect();
    let delimiter = Dialect::of(&source).delimiter;
    let name = table.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    for problem in problems.as_array_mut().into_iter().flatten() {
        let here = problem["file"].as_str() == Some(name.as_str());
        let (Some(line), Some(column)) = (problem["line"].as_u64(), problem["column"].as_u64()) else { continue };
        if let Some(text) = lines.get((line as usize).saturating_sub(1)).filter(|_| here) {
            problem["cell"] = crate::indicators::grid::csv_cell(text, delimiter, column as usize).into();
        }
    }
}
