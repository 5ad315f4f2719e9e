//! `baocao check`: everything a build checks, without writing anything, and
//! what a build cannot see: figures the report states that disagree with
//! what the indicator table gives, and names the templates use that the
//! table lacks.

use std::path::Path;
use std::sync::Arc;

use crate::build::{Booklet, Project};
use crate::error::{Error, Place, Result};
use crate::indicators::{Status, check_summary};
use crate::locale::numbers;
use crate::report::Report;
use crate::template::Templates;
use crate::template::figures::{Notes, PLACEHOLDER};

/// One problem `check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: a file place, or the report folder.
    pub place: Place,
    /// What disagrees.
    pub message: String,
    /// Whether it only warns (an empty figure) rather than being wrong.
    pub warning: bool,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.warning { "cảnh báo" } else { "lỗi" };
        write!(f, "{}: {kind}: {}", self.place, self.message)
    }
}

/// Checks the report in `dir`. A mistake that stops the build (bad data, a
/// template error) is a problem like the others; only a file that cannot be
/// read at all is an error.
pub fn check(project: &Project, dir: &Path) -> Result<Vec<Problem>> {
    let folder = Place::file(dir);
    let report = match Report::load(dir) {
        Ok(report) => report,
        Err(e @ Error::Io { .. }) => return Err(e),
        Err(e) => return Ok(vec![problem_of(&folder, e)]),
    };
    let mut problems = indicator_problems(&report);

    // The templates, recording every indicator they name that the table lacks.
    let notes = Notes::recording();
    if let Err(e) = Templates::new(&project.templates, &report, Arc::clone(&notes)).render(&report) {
        problems.push(problem_of(&folder, e));
        return Ok(problems);
    }
    for id in notes.missing_indicators() {
        problems.push(Problem {
            place: folder.clone(),
            message: format!("mẫu dùng chỉ tiêu «{id}» nhưng bảng chỉ tiêu không có dòng nào mã «{id}»"),
            warning: false,
        });
    }
    for figure in notes.empty_figures() {
        problems.push(Problem {
            place: folder.clone(),
            message: format!("chưa có số liệu «{figure}», tài liệu sẽ in {PLACEHOLDER}"),
            warning: true,
        });
    }
    if notes.missing_indicators().is_empty() {
        // Everything else a build checks: the Markdown, the fonts, the
        // page design (laid out, not exported).
        if let Err(e) = Booklet::compose(project, dir).and_then(|b| b.layout(project).map(|_| ())) {
            problems.push(problem_of(&folder, e));
        }
    }
    Ok(problems)
}

fn problem_of(folder: &Place, error: Error) -> Problem {
    let place = match &error {
        Error::Input { place, .. } => place.clone(),
        _ => folder.clone(),
    };
    Problem { place, message: error.to_string(), warning: false }
}

/// Stated ratios and summary counts that disagree with the table.
fn indicator_problems(report: &Report) -> Vec<Problem> {
    let mut problems = Vec::new();
    for i in &report.indicators {
        if let (Some(computed), Some(stated)) = (i.computed_ratio(), i.stated_ratio) {
            let shown = numbers::round(computed, stated.scale());
            if shown != stated {
                problems.push(Problem {
                    place: i.place.clone(),
                    message: format!(
                        "chỉ tiêu «{}»: tỷ lệ nêu là {}% nhưng theo số liệu là {}%",
                        i.id,
                        numbers::format(stated, numbers::Decimals::AsIs),
                        numbers::format(shown, numbers::Decimals::Fixed(stated.scale()))
                    ),
                    warning: false,
                });
            }
        }
        if i.list.as_ref().is_some_and(|l| !report.facts.summaries.contains_key(l)) {
            problems.push(Problem {
                place: i.place.clone(),
                message: format!(
                    "chỉ tiêu «{}» thuộc danh sách «{}» nhưng report.yaml không có mục summaries.{} nêu số của danh sách này",
                    i.id,
                    i.list.as_deref().unwrap_or_default(),
                    i.list.as_deref().unwrap_or_default()
                ),
                warning: false,
            });
        }
        if i.status() == Status::Unknown && i.achieved.is_some() && i.target.is_none() && i.stated_ratio.is_none() {
            problems.push(Problem {
                place: i.place.clone(),
                message: format!("chỉ tiêu «{}» có kết quả nhưng không có chỉ tiêu Nghị quyết hay tỷ lệ đã nêu để đánh giá", i.id),
                warning: true,
            });
        }
    }
    let facts = report.dir.join(crate::report::FACTS_FILE);
    for (key, stated) in &report.facts.summaries {
        for message in check_summary(key, stated, &report.indicators).problems {
            problems.push(Problem { place: Place::file(&facts), message, warning: false });
        }
    }
    problems
}
