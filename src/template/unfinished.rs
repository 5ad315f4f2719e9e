//! What stands between a composed booklet and its final copy, decided once
//! for `build` and `check`: draft marks, placeholders in the facts and the
//! prose, empty figures the text prints, and what the report states that
//! its figures contradict. Each is a warning; a final copy (`--final`)
//! refuses them all.


use super::figures::{Notes, PLACEHOLDER};
use crate::error::{Error, Place, Warning};
use crate::report::{DRAFT_MARK, FACTS_FILE, Report};
use crate::t;

/// Everything in `report`, composed with `notes`, that a final copy may
/// not have, in this order: the draft marks (the booklet printing
/// `draft_text`), placeholders, empty figures, slips.
pub fn unfinished(report: &Report, notes: &Notes, draft_text: &str) -> Vec<Warning> {
    let mut found: Vec<Warning> = report
        .drafts()
        .into_iter()
        .map(|place| {
            Warning::new(
                place,
                t!("tệp còn là bản nháp: tài liệu in chữ «{draft_text}» trên mọi trang", "the file is still a draft: every page of the booklet says «{draft_text}»"),
                Some(draft_hint()),
            )
        })
        .collect();
    found.extend(report.placeholders());
    let missing = notes.missing_indicators();
    let empty = notes.empty_figures().into_iter().filter(|f| !missing.iter().any(|id| f.starts_with(&format!("{id}."))));
    found.extend(empty.map(|figure| empty_figure(report, &figure)));
    found.extend(report.slips());
    found
}

/// The warning for empty figure `figure` (`id.field`) that the text uses:
/// at the indicator's row when the table has it.
fn empty_figure(report: &Report, figure: &str) -> Warning {
    let message = t!("chưa có số liệu «{figure}», tài liệu in tạm {PLACEHOLDER}", "no figure yet for «{figure}»; the booklet shows {PLACEHOLDER}");
    if let Some(list) = figure.strip_prefix("summaries.") {
        // A stated count of report.yaml, not a figure of the table.
        let (key, side) = list.rsplit_once('.').unwrap_or((list, "unmet"));
        let place = report.outline.key(figure).or_else(|| report.outline.key(&format!("summaries.{key}"))).unwrap_or_else(|| report.place_of("summaries"));
        return Warning::new(
            place,
            message,
            Some(t!(
                "ghi số hoặc tên các chỉ tiêu ở summaries.{key}.{side} trong report.yaml (hoặc điền đủ bảng chỉ tiêu để tính)",
                "give the count or the names under summaries.{key}.{side} in report.yaml (or complete the indicator table to compute them)"
            )),
        );
    }
    let id = figure.rsplit_once('.').map_or(figure, |(id, _)| id);
    let place = match report.indicators.iter().find(|i| i.id == id) {
        Some(indicator) => indicator.place.clone(),
        None => Place::file(&report.dir.join(FACTS_FILE)),
    };
    let file = report.indicators.first().map_or_else(|| "indicators.csv".to_string(), |i| i.place.path.file_name().unwrap_or_default().to_string_lossy().into_owned());
    Warning::new(place, message, Some(t!("điền số liệu vào dòng «{id}» của {file}", "fill in the figure on row «{id}» of {file}")))
}

/// `warning`, one of what a final copy may not have, as the error of a
/// build with `--final`.
pub fn refused_in_final_copy(warning: &Warning) -> Error {
    Error::input(
        warning.place.clone(),
        t!("{} (bản in chính thức --final không được còn chỗ này)", "{} (a final copy, --final, may not have this)", warning.message),
        warning.hint.clone(),
    )
}

/// How to end a draft.
fn draft_hint() -> String {
    t!(
        "viết lại nội dung cho năm mới, rồi xóa dòng «{DRAFT_MARK} ... #}}»",
        "rewrite the text for the new year, then delete the line «{DRAFT_MARK} ... #}}»"
    )
}
