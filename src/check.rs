//! `baocao check`: everything a build checks, without writing anything, and
//! what a build cannot see: figures the report states that disagree with
//! what the indicator table gives, and names the templates use that the
//! table lacks.

use std::path::Path;
use std::sync::Arc;

use crate::build::{Booklet, Project, empty_figure};
use crate::error::{Error, Place, Result, Warning};
use crate::indicators::{self, Status, check_summary};
use crate::locale::numbers;
use crate::report::{CONTENT_DIR, Report};
use crate::template::Templates;
use crate::template::figures::Notes;
use crate::{t, text};

/// What `check` found: the errors that would stop a build or make it
/// wrong, and the warnings.
#[derive(Debug, Default)]
pub struct Findings {
    /// Each error, one problem each (never [`Error::Many`]).
    pub errors: Vec<Error>,
    /// Each warning.
    pub warnings: Vec<Warning>,
}

impl Findings {
    /// Adds each problem of `error` not found already.
    fn error(&mut self, error: Error) {
        for problem in error.into_problems() {
            let text = problem.to_string();
            if !self.errors.iter().any(|e| e.to_string() == text) {
                self.errors.push(problem);
            }
        }
    }
}

/// Checks the report in `dir`. A mistake that stops the build (bad data, a
/// template error) is a finding like the others, and as many are found as
/// can be: when `report.yaml` is wrong, the indicator table and the prose
/// are still checked. Only a folder that cannot be read at all is an error.
pub fn check(project: &Project, dir: &Path) -> Result<Findings> {
    if !dir.is_dir() {
        let missing = std::io::Error::new(std::io::ErrorKind::NotFound, t!("không có thư mục này", "no such folder"));
        return Err(Error::io(dir, t!("không đọc được thư mục báo cáo", "cannot read the report folder"), missing));
    }
    let mut findings = Findings::default();
    let report = match Report::load(dir) {
        Ok(report) => report,
        Err(e @ Error::Io { .. }) => return Err(e),
        Err(e) => {
            findings.error(e);
            check_files_alone(dir, &mut findings);
            return Ok(findings);
        }
    };
    findings.warnings.extend(report.warnings.iter().cloned());
    indicator_problems(&report, &mut findings);

    // The templates, recording every indicator they name that the table lacks.
    let notes = Notes::recording();
    if let Err(e) = Templates::new(&project.templates, &report, Arc::clone(&notes)).render(&report) {
        findings.error(e);
        return Ok(findings);
    }
    for id in notes.missing_indicators() {
        findings.error(Error::input(
            missing_indicator_place(&report, &id),
            t!(
                "mẫu dùng chỉ tiêu «{id}» nhưng bảng chỉ tiêu không có dòng nào mã «{id}»",
                "the text uses indicator «{id}» but the indicator table has no row with id «{id}»"
            ),
            Some(t!("thêm dòng «{id}» vào bảng chỉ tiêu, hoặc sửa mã trong văn bản", "add a row «{id}» to the table, or correct the id in the text")),
        ));
    }
    for figure in notes.empty_figures() {
        findings.warnings.push(empty_figure(&report, &figure));
    }
    if notes.missing_indicators().is_empty() {
        // Everything else a build checks: the Markdown, the fonts, the
        // page design (laid out, not exported).
        match Booklet::compose(project, dir).and_then(|b| b.layout(project)) {
            Ok(layout) => findings.warnings.extend(layout.warnings),
            Err(e) => findings.error(e),
        }
    }
    Ok(findings)
}

/// When `report.yaml` cannot be read: the indicator table and the prose
/// files, each checked on its own.
fn check_files_alone(dir: &Path, findings: &mut Findings) {
    if let Err(e) = indicators::load(dir) {
        findings.error(e);
    }
    let Ok(entries) = std::fs::read_dir(dir.join(CONTENT_DIR)) else { return };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "md")).collect();
    files.sort();
    for path in files {
        match text::read_inspected(&path) {
            Ok((_, warnings)) => findings.warnings.extend(warnings),
            Err(e) => findings.error(e),
        }
    }
}

/// Where the text names indicator `id`: the first prose file line that
/// mentions it, else the report folder.
fn missing_indicator_place(report: &Report, id: &str) -> Place {
    report
        .facts
        .content
        .iter()
        .map(|name| report.content_path(name))
        .find_map(|path| {
            let source = text::read(&path).ok()?;
            let offset = source.find(id)?;
            Some(Place::of_offset(&path, &source, offset))
        })
        .unwrap_or_else(|| Place::file(&report.dir))
}

/// Stated ratios and summary counts that disagree with the table.
fn indicator_problems(report: &Report, findings: &mut Findings) {
    for i in &report.indicators {
        if let (Some(computed), Some(stated)) = (i.computed_ratio(), i.stated_ratio) {
            let shown = numbers::round(computed, stated.scale());
            if shown != stated {
                findings.error(Error::input(
                    i.place.clone(),
                    t!(
                        "chỉ tiêu «{}»: tỷ lệ nêu là {}% nhưng theo số liệu là {}%",
                        "indicator «{}»: the stated ratio is {}% but the figures give {}%",
                        i.id,
                        numbers::format(stated, numbers::Decimals::AsIs),
                        numbers::format(shown, numbers::Decimals::Fixed(stated.scale()))
                    ),
                    Some(t!("sửa tỷ lệ đã nêu, hoặc xóa để tính từ số liệu", "correct the stated ratio, or remove it to compute it")),
                ));
            }
        }
        if let Some(list) = i.list.as_deref().filter(|l| !report.facts.summaries.contains_key(*l)) {
            findings.error(Error::input(
                i.place.clone(),
                t!(
                    "chỉ tiêu «{}» thuộc danh sách «{list}» nhưng report.yaml không có mục summaries.{list} nêu số của danh sách này",
                    "indicator «{}» is in list «{list}» but report.yaml has no summaries.{list} stating its count",
                    i.id
                ),
                None,
            ));
        }
        if i.status() == Status::Unknown && i.achieved.is_some() && i.target.is_none() && i.stated_ratio.is_none() {
            findings.warnings.push(Warning::new(
                i.place.clone(),
                t!(
                    "chỉ tiêu «{}» có kết quả nhưng không có chỉ tiêu Nghị quyết hay tỷ lệ đã nêu để đánh giá",
                    "indicator «{}» has a result but no target or stated ratio to judge it by",
                    i.id
                ),
                None,
            ));
        }
    }
    let facts = report.dir.join(crate::report::FACTS_FILE);
    let source = text::read(&facts).unwrap_or_default();
    for (key, stated) in &report.facts.summaries {
        let place = match source.find(&format!("{key}:")) {
            Some(offset) => Place::of_offset(&facts, &source, offset),
            None => Place::file(&facts),
        };
        for message in check_summary(key, stated, &report.indicators).problems {
            findings.error(Error::input(place.clone(), message, None));
        }
    }
}
