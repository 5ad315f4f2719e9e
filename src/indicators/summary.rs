//! The counts a report states for a list of indicators ("Có 06/33 chỉ tiêu
//! chủ yếu ... không đạt", "38/54 chỉ tiêu đạt và vượt"), held against the
//! indicator table.

use serde::{Deserialize, Serialize};

use super::{Indicator, Status};
use crate::t;

/// What a report states about the met or the unmet indicators of a list:
/// how many, or which (the count follows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Stated {
    /// Only how many ("5/19 không đạt").
    Count(usize),
    /// Their names, as the report lists them.
    Names(Vec<String>),
}

impl Stated {
    /// How many.
    pub fn count(&self) -> usize {
        match self {
            Stated::Count(n) => *n,
            Stated::Names(names) => names.len(),
        }
    }

    /// The names, when the report lists them.
    pub fn names(&self) -> Option<&[String]> {
        match self {
            Stated::Count(_) => None,
            Stated::Names(names) => Some(names),
        }
    }
}

/// A list's counts as the report states them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatedSummary {
    /// What the list is called ("chỉ tiêu chủ yếu").
    pub title: String,
    /// How many indicators it has.
    pub total: usize,
    /// Those met or exceeded: a count or their names; empty (`~`) while
    /// not yet known, as after a rollover.
    #[serde(default)]
    pub met: Option<Stated>,
    /// Those not met: a count or their names; empty (`~`) while not yet
    /// known.
    #[serde(default)]
    pub unmet: Option<Stated>,
}

/// A stated summary held against the indicator table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryCheck {
    /// How many rows of the table are in the list.
    pub rows: usize,
    /// Whether the table has every indicator of the list, each with a
    /// status, so that the counts can be computed rather than taken as
    /// stated.
    pub complete: bool,
    /// The names of the rows in the list that are met or exceeded.
    pub computed_met: Vec<String>,
    /// The names of the rows in the list that are not met.
    pub computed_unmet: Vec<String>,
    /// Each disagreement between the statement and the table, or within
    /// the statement.
    pub problems: Vec<String>,
}

/// Holds the stated summary of list `key` against `indicators`.
pub fn check_summary(key: &str, stated: &StatedSummary, indicators: &[Indicator]) -> SummaryCheck {
    let rows: Vec<&Indicator> = indicators.iter().filter(|i| i.list.as_deref() == Some(key)).collect();
    let names = |wanted: fn(Status) -> bool| -> Vec<String> {
        rows.iter().filter(|i| wanted(i.status())).map(|i| i.summary_name().to_string()).collect()
    };
    let computed_met = names(Status::is_met);
    let computed_unmet = names(|s| s == Status::NotMet);
    let complete = rows.len() == stated.total && rows.iter().all(|i| i.status() != Status::Unknown);
    let title = &stated.title;
    let total = stated.total;
    let mut problems = Vec::new();
    if rows.len() > total {
        problems.push(t!(
            "danh sách «{title}» nêu {total} chỉ tiêu nhưng bảng có {} dòng thuộc danh sách này",
            "the list «{title}» states {total} indicators but the table has {} rows in it",
            rows.len()
        ));
    }
    // The statement with itself: met and unmet cannot outnumber the list,
    // and with every indicator judged they make it up.
    if let (Some(met), Some(unmet)) = (&stated.met, &stated.unmet) {
        let (m, u) = (met.count(), unmet.count());
        if m + u > total || (complete && m + u != total) {
            problems.push(t!(
                "«{title}»: nêu {m}/{total} đạt và {u}/{total} không đạt, cộng lại {} chứ không phải {total}",
                "«{title}»: states {m}/{total} met and {u}/{total} unmet, which add up to {}, not {total}",
                m + u
            ));
        }
    }
    for (side, stated_side, computed) in [("met", &stated.met, &computed_met), ("unmet", &stated.unmet, &computed_unmet)] {
        let Some(stated_side) = stated_side else { continue };
        if complete && stated_side.count() != computed.len() {
            let (vi, en) = if side == "met" { ("đạt", "met") } else { ("không đạt", "unmet") };
            problems.push(t!(
                "«{title}»: nêu {}/{total} {vi}, nhưng theo bảng là {}/{total} ({})",
                "«{title}»: states {}/{total} {en}, but the table gives {}/{total} ({})",
                stated_side.count(),
                computed.len(),
                computed.join("; ")
            ));
        }
    }
    let stated_met = stated.met.as_ref().and_then(Stated::names);
    let stated_unmet = stated.unmet.as_ref().and_then(Stated::names);
    for row in &rows {
        let name = row.summary_name();
        let in_list = |list: Option<&[String]>| list.map(|l| l.iter().any(|n| n == name));
        let status = row.status().label().to_lowercase();
        match (row.status(), in_list(stated_unmet), in_list(stated_met)) {
            (Status::NotMet, Some(false), _) => problems.push(t!(
                "«{title}»: chỉ tiêu «{name}» không đạt theo số liệu nhưng không có trong danh sách không đạt",
                "«{title}»: the figures of «{name}» fall short but it is not in the list of unmet ones"
            )),
            (Status::Met | Status::Exceeded, Some(true), _) => problems.push(t!(
                "«{title}»: chỉ tiêu «{name}» được nêu là không đạt nhưng theo số liệu là {status}",
                "«{title}»: «{name}» is stated as unmet but its figures say {status}"
            )),
            (Status::NotMet, _, Some(true)) => problems.push(t!(
                "«{title}»: chỉ tiêu «{name}» được nêu là đạt nhưng theo số liệu là không đạt",
                "«{title}»: «{name}» is stated as met but its figures fall short"
            )),
            (Status::Met | Status::Exceeded, _, Some(false)) => problems.push(t!(
                "«{title}»: chỉ tiêu «{name}» đạt theo số liệu nhưng không có trong danh sách đạt",
                "«{title}»: the figures of «{name}» meet the target but it is not in the list of met ones"
            )),
            _ => {}
        }
    }
    SummaryCheck { rows: rows.len(), complete, computed_met, computed_unmet, problems }
}

#[cfg(test)]
mod tests {
    use super::super::Direction;
    use super::super::compute::tests::indicator;
    use super::*;

    fn rows() -> Vec<Indicator> {
        let mut rows = vec![
            indicator("%", Direction::AtLeast, Some("11"), Some("3,32")),
            indicator("%", Direction::AtMost, Some("2,5"), Some("2")),
        ];
        rows[0].name = "Tăng trưởng GRDP".into();
        rows[1].name = "Tỷ lệ thất nghiệp".into();
        rows
    }

    fn names(list: &[&str]) -> Option<Stated> {
        Some(Stated::Names(list.iter().map(|s| s.to_string()).collect()))
    }

    #[test]
    fn stated_counts_are_checked_against_a_complete_table() {
        let rows = rows();
        let stated = StatedSummary { title: "chỉ tiêu chủ yếu".into(), total: 2, met: None, unmet: names(&["Tăng trưởng GRDP"]) };
        let check = check_summary("main", &stated, &rows);
        assert!(check.complete && check.problems.is_empty(), "{check:?}");

        let wrong = StatedSummary { unmet: names(&["Tỷ lệ thất nghiệp"]), ..stated.clone() };
        assert_eq!(check_summary("main", &wrong, &rows).problems.len(), 2);

        let incomplete = StatedSummary { total: 33, ..stated.clone() };
        let check = check_summary("main", &incomplete, &rows);
        assert!(!check.complete && check.problems.is_empty(), "{check:?}");

        // The met side: a count, or the names.
        let met = StatedSummary { met: Some(Stated::Count(1)), unmet: Some(Stated::Count(1)), ..stated.clone() };
        assert!(check_summary("main", &met, &rows).problems.is_empty());
        let met_names = StatedSummary { met: names(&["Tỷ lệ thất nghiệp"]), unmet: None, ..stated.clone() };
        assert!(check_summary("main", &met_names, &rows).problems.is_empty());
        let met_wrong = StatedSummary { met: names(&["Tăng trưởng GRDP"]), unmet: None, ..stated };
        assert_eq!(check_summary("main", &met_wrong, &rows).problems.len(), 2, "one named wrongly, one left out");
    }

    #[test]
    fn counts_that_do_not_add_up_are_flagged() {
        // "15/19 hoàn thành, 5/19 không đạt"
        let stated = StatedSummary { title: "chỉ tiêu".into(), total: 19, met: Some(Stated::Count(15)), unmet: Some(Stated::Count(5)) };
        let check = check_summary("main", &stated, &[]);
        assert_eq!(check.problems.len(), 1, "{check:?}");
        assert!(check.problems[0].contains("20"), "{check:?}");
        // Fewer than the list while some are not yet judged: no slip.
        let fewer = StatedSummary { met: Some(Stated::Count(13)), ..stated };
        assert!(check_summary("main", &fewer, &[]).problems.is_empty());
    }
}
