//! `baocao check`: everything a build checks, without writing anything, with
//! the same rules and the same severity (a warning of `build` is a warning
//! here, an error an error), and what a build stops at before it can see:
//! every indicator the templates name that the table lacks, not only the
//! first. With `--final`, what a final copy may not have is an error, as in
//! `build --final`.

use std::collections::HashSet;
use std::path::Path;

use crate::build::{Booklet, Options, Project, Strictness};
use crate::template::unfinished::refused_in_final_copy;
use crate::error::{Error, Place, Result, Warning, shown, visible};
use serde_json::{Value, json};
use crate::indicators;
use crate::report::{CONTENT_DIR, Report};
use crate::{t, text};

/// What `check` found: the errors that would stop a build or make it
/// wrong, and the warnings.
#[derive(Debug, Default)]
pub struct Findings {
    /// Each error, one problem each (never [`Error::Many`]).
    pub errors: Vec<Error>,
    /// Each warning.
    pub warnings: Vec<Warning>,
    seen: HashSet<String>,
}

impl Findings {
    /// Adds what a final copy may not have: warnings, or errors for a
    /// final copy.
    fn unfinished(&mut self, found: Vec<Warning>, final_copy: bool) {
        match final_copy {
            true => found.iter().for_each(|w| self.error(refused_in_final_copy(w))),
            false => self.warnings.extend(found),
        }
    }

    /// Adds each problem of `error` not found already.
    fn error(&mut self, error: Error) {
        for problem in error.into_problems() {
            if self.seen.insert(problem.to_string()) {
                self.errors.push(problem);
            }
        }
    }
}

/// Checks the report in `dir`. A mistake that stops the build (bad data, a
/// template error) is a finding like the others, and as many are found as
/// can be: when `report.yaml` is wrong, the indicator table and the prose
/// are still checked. The report is loaded and rendered once, recording
/// each indicator the text names that the table lacks. Only a folder that
/// cannot be read at all is an error.
pub fn check(project: &Project, dir: &Path) -> Result<Findings> {
    check_with(project, dir, false)
}

/// Checks the report in `dir` as [`check`] does; for a final copy
/// (`final_copy`), what `build --final` refuses is an error.
pub fn check_with(project: &Project, dir: &Path, final_copy: bool) -> Result<Findings> {
    if !dir.is_dir() {
        let missing = std::io::Error::new(std::io::ErrorKind::NotFound, t!("không có thư mục này", "no such folder"));
        return Err(Error::io(dir, t!("không đọc được thư mục báo cáo", "cannot read the report folder"), missing));
    }
    if dir.join(crate::report::FACTS_FILE).symlink_metadata().is_err() {
        // Not a report folder at all: Report::load says so and suggests
        // `baocao init`.
        return Err(Report::load(dir).err().unwrap_or_else(|| Error::Internal("report.yaml".into())));
    }
    let mut findings = Findings::default();
    let booklet = match Booklet::compose_with(project, dir, Options::default(), Strictness::Recording) {
        Ok(booklet) => booklet,
        Err(e @ Error::Io { .. }) => return Err(e),
        Err(e) => {
            findings.error(e);
            // What composing could not reach: with the report loaded, its
            // stated figures; when report.yaml itself is wrong, the table
            // and the prose, each checked on its own.
            match Report::load(dir) {
                Ok(report) => {
                    findings.warnings.extend(report.warnings.iter().cloned());
                    findings.unfinished(report.slips(), final_copy);
                }
                Err(_) if !Report::facts_readable(dir) => check_files_alone(dir, &mut findings),
                Err(_) => {}
            }
            return Ok(findings);
        }
    };
    findings.warnings.extend(booklet.warnings.iter().cloned());
    findings.unfinished(booklet.unfinished.clone(), final_copy);
    let missing = booklet.notes.missing_indicators();
    for id in &missing {
        findings.error(Error::input(
            missing_indicator_place(&booklet, id),
            t!(
                "mẫu dùng chỉ tiêu «{id}» nhưng bảng chỉ tiêu không có dòng nào mã «{id}»",
                "the text uses indicator «{id}» but the indicator table has no row with id «{id}»"
            ),
            Some(t!("thêm dòng «{id}» vào bảng chỉ tiêu, hoặc sửa mã trong văn bản", "add a row «{id}» to the table, or correct the id in the text")),
        ));
    }
    if missing.is_empty() {
        // The page design, laid out (not exported).
        match booklet.layout(project) {
            Ok(layout) => findings.warnings.extend(layout.warnings),
            Err(e) => findings.error(e),
        }
    }
    Ok(findings)
}

/// When `report.yaml` cannot be read: the indicator table and the prose
/// files, each checked on its own.
fn check_files_alone(dir: &Path, findings: &mut Findings) {
    let mut warnings = Vec::new();
    if let Err(e) = indicators::load(dir, None, &mut warnings) {
        findings.error(e);
    }
    findings.warnings.extend(warnings);
    let Ok(entries) = std::fs::read_dir(dir.join(CONTENT_DIR)) else { return };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "md")).collect();
    files.sort();
    for path in files {
        match text::read_inspected(&path, dir) {
            Ok((_, warnings)) => findings.warnings.extend(warnings),
            Err(e) => findings.error(e),
        }
    }
}

/// Where the text names indicator `id`: the line of the first figure
/// anchored with it.
fn missing_indicator_place(booklet: &Booklet, id: &str) -> Place {
    let prefix = format!("{id}.");
    let mut found = None;
    booklet.document.visit_text(|run| {
        if found.is_none() && run.anchors.iter().any(|a| a.label.starts_with(&prefix)) {
            found = run.origin;
        }
    });
    found.and_then(|origin| booklet.sources.place(origin, Some(id))).unwrap_or_else(|| Place::file(&booklet.report.dir))
}
impl Findings {
    /// The findings as a JSON array of diagnostics (`check --format json`,
    /// the editor's problems): the errors, then the warnings.
    pub fn to_json(&self, data: &Path) -> Value {
        let errors = self.errors.iter().map(|e| error_json(e, data));
        let warnings = self.warnings.iter().map(warning_json);
        Value::Array(errors.chain(warnings).collect())
    }
}

/// `error` as one diagnostic; an error without a place is placed on the
/// report folder `data`.
pub fn error_json(error: &Error, data: &Path) -> Value {
    match error {
        Error::Input { place, message, hint } => diagnostic("error", place, message, hint.as_deref()),
        Error::Io { path, .. } => diagnostic("error", &Place::file(path), &error.to_string(), None),
        other => diagnostic("error", &Place::file(data), &other.to_string(), None),
    }
}

/// `warning` as one diagnostic.
pub fn warning_json(warning: &Warning) -> Value {
    diagnostic("warning", &warning.place, &warning.message, warning.hint.as_deref())
}

/// One diagnostic: severity, file, line, column (null when unknown),
/// message and hint, every invisible or terminal-moving character shown by
/// its code.
fn diagnostic(severity: &str, place: &Place, message: &str, hint: Option<&str>) -> Value {
    json!({
        "severity": severity,
        "file": visible(&place.path.display().to_string()),
        "line": place.line,
        "column": place.column,
        "within": place.within.as_deref().map(visible),
        "message": shown(message),
        "hint": hint.map(shown),
    })
}
