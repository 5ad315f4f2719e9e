//! Slips: what the report states (a ratio, a difference, a summary count)
//! that the figures contradict, and lists the table names that report.yaml
//! does not state. Decided here once: `build` and `check` both print each
//! as a warning, and a final copy (`--final`) refuses them.

use std::collections::BTreeMap;


use super::{Amount, Bound, Comparison, Indicator, StatedSummary, check_summary};
use crate::error::{Place, Warning};
use crate::locale::numbers::{self, Decimals};
use crate::t;

/// Every slip among `indicators` and the stated `summaries` (whose places
/// in report.yaml `summary_place` gives).
pub fn stated_slips(indicators: &[Indicator], summaries: &BTreeMap<String, StatedSummary>, summary_place: impl Fn(&str) -> Place) -> Vec<Warning> {
    let mut slips = Vec::new();
    for i in indicators {
        if let (Some(computed), Some(stated)) = (i.computed_ratio(), i.stated_ratio)
            && let Some(shown) = disagreement(computed, stated)
        {
            slips.push(Warning::new(
                i.place.clone(),
                t!(
                    "chỉ tiêu «{}»: tỷ lệ nêu là {}% nhưng theo số liệu là {}%",
                    "indicator «{}»: the stated ratio is {}% but the figures give {}%",
                    i.id,
                    stated.format(Decimals::AsIs),
                    shown
                ),
                Some(t!(
                    "sửa cột tỷ lệ đã nêu (stated_ratio) trong bảng chỉ tiêu, hoặc xóa để tính từ số liệu",
                    "correct the stated_ratio column of the indicator table, or empty it to compute the ratio"
                )),
            ));
        }
        if let (Some(computed), Some(stated)) = (i.computed_difference(), i.stated_difference)
            && let Some(shown) = disagreement(computed, stated)
        {
            let unit = match i.compare {
                Comparison::Points => t!("điểm", "points"),
                Comparison::Ratio => "%".into(),
            };
            slips.push(Warning::new(
                i.place.clone(),
                t!(
                    "chỉ tiêu «{}»: chênh lệch nêu là {} {unit} nhưng theo số liệu là {} {unit}",
                    "indicator «{}»: the stated difference is {} {unit} but the figures give {} {unit}",
                    i.id,
                    stated.format(Decimals::AsIs),
                    shown
                ),
                Some(t!(
                    "sửa cột chênh lệch đã nêu (stated_difference) trong bảng chỉ tiêu, hoặc xóa để tính từ số liệu",
                    "correct the stated_difference column of the indicator table, or empty it to compute it"
                )),
            ));
        }
    }
    slips.extend(unstated_lists(indicators, summaries));
    for (key, stated) in summaries {
        for message in check_summary(key, stated, indicators).problems {
            slips.push(Warning::new(
                summary_place(key),
                message,
                Some(t!(
                    "sửa số hoặc tên ở summaries.{key} trong report.yaml, hoặc số liệu trong bảng chỉ tiêu",
                    "correct the count or names under summaries.{key} in report.yaml, or the figures of the indicator table"
                )),
            ));
        }
    }
    slips
}

/// One warning for each list the table's `list` cells name that
/// report.yaml has no `summaries.LIST` for, at the list's first row.
fn unstated_lists(indicators: &[Indicator], summaries: &BTreeMap<String, StatedSummary>) -> Vec<Warning> {
    let mut lists: Vec<(&str, Vec<&Indicator>)> = Vec::new();
    for i in indicators {
        let Some(list) = i.list.as_deref().filter(|l| !summaries.contains_key(*l)) else { continue };
        match lists.iter_mut().find(|(name, _)| *name == list) {
            Some((_, rows)) => rows.push(i),
            None => lists.push((list, vec![i])),
        }
    }
    lists
        .into_iter()
        .map(|(list, rows)| {
            let ids = rows.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(", ");
            Warning::new(
                rows[0].place.clone(),
                t!(
                    "{} chỉ tiêu thuộc danh sách «{list}» ({ids}) nhưng report.yaml không có mục summaries.{list} nêu số của danh sách này",
                    "{} indicators are in list «{list}» ({ids}) but report.yaml has no summaries.{list} stating its count",
                    rows.len()
                ),
                Some(t!(
                    "thêm summaries.{list} (title, total, met hoặc unmet) vào report.yaml, hoặc xóa ô danh sách của các dòng này",
                    "add summaries.{list} (title, total, met or unmet) to report.yaml, or empty the list cell of these rows"
                )),
            )
        })
        .collect()
}

/// The computed figure as the statement would show it, when the two
/// disagree: rounded to the stated decimals for a stated number, on the
/// wrong side for a stated bound ("trên 100%" against 98%). An estimate
/// ("khoảng") or a computed figure that is itself a bound cannot be held
/// to a statement.
fn disagreement(computed: Amount, stated: Amount) -> Option<String> {
    let Amount::Exact(value) = computed else { return None };
    let wrong = match stated {
        Amount::Exact(s) => numbers::round(value, s.scale()) != s,
        Amount::Qualified(q, s) => match q.bound {
            Bound::Above => value <= s,
            Bound::Below => value >= s,
            Bound::About => false,
        },
        Amount::Range(lo, hi) => value < lo || value > hi,
    };
    let decimals = match stated {
        Amount::Exact(s) => s.scale(),
        _ => value.scale().min(2),
    };
    wrong.then(|| numbers::format(numbers::round(value, decimals), Decimals::Fixed(decimals)))
}

#[cfg(test)]
mod tests {
    use super::super::Direction;
    use super::super::compute::tests::{amount, indicator};
    use super::*;

    /// The slips of `indicators` against no stated summaries.
    fn all_slips(indicators: &[Indicator]) -> Vec<String> {
        stated_slips(indicators, &BTreeMap::new(), |_| Place::file(std::path::Path::new("report.yaml"))).iter().map(|w| w.message.clone()).collect()
    }

    /// The slips of `indicators` taken out of their list.
    fn slips(indicators: &[Indicator]) -> Vec<String> {
        all_slips(&indicators.iter().cloned().map(|i| Indicator { list: None, ..i }).collect::<Vec<_>>())
    }

    #[test]
    fn real_slips_are_caught_and_right_statements_pass() {
        // Slips seen in published reports: 91,72 stated for 91,73;
        // 93,7 for 93,6; 122,5 for 122,36.
        let cases = [("1.922", "1.763,0", "91,72", true), ("1.922", "1.763,0", "91,73", false), ("1.000", "936,4", "93,7", true), ("1.000", "1.223,6", "122,5", true), ("1.000", "1.223,6", "122,36", false)];
        for (target, achieved, stated, slip) in cases {
            let mut i = indicator("tỷ đồng", Direction::AtLeast, Some(target), Some(achieved));
            i.stated_ratio = Some(amount(stated));
            assert_eq!(slips(&[i]).len(), usize::from(slip), "{target} {achieved} {stated}");
        }
    }

    #[test]
    fn stated_differences_are_checked_in_the_comparisons_terms() {
        // "vượt mục tiêu Nghị quyết 0,36%": points.
        let mut growth = indicator("%", Direction::AtLeast, Some("7"), Some("7,36"));
        growth.stated_difference = Some(amount("0,36"));
        assert!(slips(std::slice::from_ref(&growth)).is_empty());
        growth.stated_difference = Some(amount("0,63"));
        let found = slips(&[growth]);
        assert!(found[0].contains("0,63") && found[0].contains("0,36"), "{found:?}");
        // "vượt 7,7% Nghị quyết": percent of the target.
        let mut investment = indicator("tỷ đồng", Direction::AtLeast, Some("25.000"), Some("26.917"));
        investment.stated_difference = Some(amount("7,7"));
        assert!(slips(std::slice::from_ref(&investment)).is_empty());
        investment.stated_difference = Some(amount("-7,7"));
        assert_eq!(slips(&[investment]).len(), 1);
        // A bound is held to its side.
        let mut above = indicator("tỷ đồng", Direction::AtLeast, Some("1.000"), Some("980"));
        above.stated_ratio = Some(amount("trên 100"));
        assert_eq!(slips(&[above]).len(), 1);
    }

    #[test]
    fn a_list_report_yaml_does_not_state_is_one_warning_at_its_first_row() {
        let mut rows = vec![indicator("%", Direction::AtLeast, None, None), indicator("%", Direction::AtLeast, None, None)];
        for (n, row) in rows.iter_mut().enumerate() {
            row.id = format!("row_{n}");
            row.list = Some("main".into());
        }
        let found = all_slips(&rows);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("2 chỉ tiêu thuộc danh sách «main» (row_0, row_1)") && found[0].contains("summaries.main"), "{found:?}");
    }
}
