//! What follows from an indicator's figures: the achievement ratio, the
//! status against the target in the direction that counts, the difference
//! to the target and the change against the previous year; and the check of
//! a report's stated summary counts ("06/33 chỉ tiêu ... không đạt").
//!
//! Figures are exact decimals; rounding happens only when a figure is
//! shown (see [`crate::locale::numbers`]).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Amount, Direction, Indicator};
use crate::t;

/// How an indicator stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Better than the target.
    Exceeded,
    /// Exactly the target, or within its range.
    Met,
    /// Short of the target.
    NotMet,
    /// No target or no result to compare.
    Unknown,
}

impl Status {
    /// The word the appendix table shows.
    pub fn label(self) -> &'static str {
        match self {
            Status::Exceeded => "Vượt",
            Status::Met => "Đạt",
            Status::NotMet => "Không đạt",
            Status::Unknown => "Chưa đánh giá",
        }
    }
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

impl Indicator {
    /// The achievement ratio in percent from the figures: achieved ÷ target
    /// × 100, for a single-figure target that is not zero. An "at most"
    /// target has no ratio (2% against "dưới 2,5%" is not "đạt 80%").
    pub fn computed_ratio(&self) -> Option<Decimal> {
        match (self.target?, self.achieved?) {
            (Amount::Exact(t), a) if !t.is_zero() && self.direction != Direction::AtMost => Some(a / t * HUNDRED),
            _ => None,
        }
    }

    /// The achievement ratio in percent: computed from the figures, else as
    /// the report states it.
    pub fn ratio(&self) -> Option<Decimal> {
        self.computed_ratio().or(self.stated_ratio)
    }

    /// The status in the direction that counts: at most 2,5% is met by 2%.
    pub fn status(&self) -> Status {
        let Some(achieved) = self.achieved else { return Status::Unknown };
        let compare = |a: Decimal, t: Decimal| match self.direction {
            Direction::AtMost if a < t => Status::Exceeded,
            Direction::AtMost if a > t => Status::NotMet,
            Direction::Maintain if a >= t => Status::Met,
            _ if a > t => Status::Exceeded,
            _ if a < t => Status::NotMet,
            _ => Status::Met,
        };
        match self.target {
            Some(Amount::Exact(t)) => compare(achieved, t),
            Some(Amount::Range(lo, _)) if achieved < lo => Status::NotMet,
            Some(Amount::Range(_, hi)) if achieved > hi => Status::Exceeded,
            Some(Amount::Range(..)) => Status::Met,
            None => match self.stated_ratio {
                Some(r) => compare(r, HUNDRED),
                None => Status::Unknown,
            },
        }
    }

    /// How far the result is above (positive) or below the target: in
    /// points for a percentage indicator ("vượt 0,12%"), otherwise in
    /// percent of the target ("vượt 7,7% Nghị quyết").
    pub fn difference(&self) -> Option<Decimal> {
        match (self.target, self.achieved) {
            (Some(Amount::Exact(t)), Some(a)) if self.is_percentage() => Some(a - t),
            _ => self.ratio().map(|r| r - HUNDRED),
        }
    }

    /// Whether [`Indicator::difference`] is exact points between two
    /// percentages, rather than a ratio to be rounded.
    pub fn difference_in_points(&self) -> bool {
        self.is_percentage() && matches!((self.target, self.achieved), (Some(Amount::Exact(_)), Some(_)))
    }

    /// The change against the previous year: in points for a percentage
    /// indicator, otherwise in percent ("tăng 4,5% so cùng kỳ").
    pub fn change(&self) -> Option<Decimal> {
        let (a, p) = (self.achieved?, self.previous?);
        if self.is_percentage() {
            Some(a - p)
        } else if p.is_zero() {
            None
        } else {
            Some((a / p - Decimal::ONE) * HUNDRED)
        }
    }
}

/// A count the report states ("Có 06/33 chỉ tiêu chủ yếu ... không đạt"):
/// how many indicators the list has and which of them were not met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatedSummary {
    /// What the list is called ("chỉ tiêu chủ yếu").
    pub title: String,
    /// How many indicators it has.
    pub total: usize,
    /// The names of those not met, as the report lists them; empty (`~`)
    /// while not yet known, as after a rollover.
    #[serde(default)]
    pub unmet: Option<Vec<String>>,
}

/// A stated summary held against the indicator table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryCheck {
    /// How many rows of the table are in the list.
    pub rows: usize,
    /// Whether the table has every indicator of the list, each with a
    /// result, so that the counts can be computed rather than taken as
    /// stated.
    pub complete: bool,
    /// The names of the rows in the list whose status is not met.
    pub computed_unmet: Vec<String>,
    /// Each disagreement between the statement and the table.
    pub problems: Vec<String>,
}

/// Holds the stated summary of list `key` against `indicators`.
pub fn check_summary(key: &str, stated: &StatedSummary, indicators: &[Indicator]) -> SummaryCheck {
    let rows: Vec<&Indicator> = indicators.iter().filter(|i| i.list.as_deref() == Some(key)).collect();
    let computed_unmet: Vec<String> =
        rows.iter().filter(|i| i.status() == Status::NotMet).map(|i| i.summary_name().to_string()).collect();
    // Complete: every indicator of the list is in the table with a status.
    let complete = rows.len() == stated.total && rows.iter().all(|i| i.status() != Status::Unknown);
    let stated_unmet = stated.unmet.as_deref().unwrap_or_default();
    let mut problems = Vec::new();
    if rows.len() > stated.total {
        problems.push(t!(
            "danh sách «{}» nêu {} chỉ tiêu nhưng bảng có {} dòng thuộc danh sách này",
            "the list «{}» states {} indicators but the table has {} rows in it",
            stated.title,
            stated.total,
            rows.len()
        ));
    }
    if complete && stated.unmet.is_some() && computed_unmet.len() != stated_unmet.len() {
        problems.push(t!(
            "«{}»: nêu {}/{} không đạt, nhưng theo bảng là {}/{} ({})",
            "«{}»: states {}/{} unmet, but the table gives {}/{} ({})",
            stated.title,
            stated_unmet.len(),
            stated.total,
            computed_unmet.len(),
            stated.total,
            computed_unmet.join("; ")
        ));
    }
    for row in &rows {
        let named = stated_unmet.iter().any(|n| n == row.summary_name());
        match row.status() {
            Status::NotMet if !named && stated.unmet.is_some() => problems.push(t!(
                "«{}»: chỉ tiêu «{}» không đạt theo số liệu nhưng không có trong danh sách không đạt",
                "«{}»: the figures of «{}» fall short but it is not in the list of unmet ones",
                stated.title,
                row.summary_name()
            )),
            Status::Met | Status::Exceeded if named => problems.push(t!(
                "«{}»: chỉ tiêu «{}» được nêu là không đạt nhưng theo số liệu là {}",
                "«{}»: «{}» is stated as unmet but its figures say {}",
                stated.title,
                row.summary_name(),
                row.status().label().to_lowercase()
            )),
            _ => {}
        }
    }
    SummaryCheck { rows: rows.len(), complete, computed_unmet, problems }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Place;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn indicator(unit: &str, direction: Direction, target: Option<Amount>, achieved: Option<&str>) -> Indicator {
        Indicator {
            id: "x".into(),
            group: "kinh tế".into(),
            list: Some("main".into()),
            name: "Chỉ tiêu".into(),
            short_name: None,
            unit: unit.into(),
            direction,
            basis: "kế hoạch".into(),
            target,
            achieved: achieved.map(d),
            previous: None,
            next_target: None,
            stated_ratio: None,
            note: String::new(),
            place: Place::file(std::path::Path::new("indicators.csv")),
        }
    }

    #[test]
    fn status_respects_the_direction() {
        use Direction::*;
        let exact = |t: &str| Some(Amount::Exact(d(t)));
        let range = Some(Amount::Range(d("1100"), d("1200")));
        let cases = [
            // at least: GRDP growth 3,32% against 11%; trained labour 68,5 against 67
            ("%", AtLeast, exact("11"), Some("3.32"), Status::NotMet),
            ("%", AtLeast, exact("67"), Some("68.5"), Status::Exceeded),
            ("%", AtLeast, exact("30"), Some("30"), Status::Met),
            // at most: urban unemployment 2% against "dưới 2,5%"
            ("%", AtMost, exact("2.5"), Some("2"), Status::Exceeded),
            ("%", AtMost, exact("2.5"), Some("2.5"), Status::Met),
            ("%", AtMost, exact("2.5"), Some("3.1"), Status::NotMet),
            // range: 1.100 - 1.200 new party members
            ("đảng viên", Range, range, Some("1053"), Status::NotMet),
            ("đảng viên", Range, range, Some("1150"), Status::Met),
            ("đảng viên", AtLeast, range, Some("1250"), Status::Exceeded),
            // maintain: keeping the level is met, more is no "vượt"
            ("làng nghề", Maintain, exact("13"), Some("13"), Status::Met),
            ("làng nghề", Maintain, exact("13"), Some("14"), Status::Met),
            ("làng nghề", Maintain, exact("13"), Some("12"), Status::NotMet),
            // nothing to compare
            ("%", AtLeast, None, Some("12"), Status::Unknown),
            ("%", AtLeast, exact("12"), None, Status::Unknown),
        ];
        for (unit, direction, target, achieved, status) in cases {
            assert_eq!(indicator(unit, direction, target, achieved).status(), status, "{direction:?} {target:?} {achieved:?}");
        }
    }

    #[test]
    fn ratios_differences_and_changes() {
        let mut jobs = indicator("lao động", Direction::AtLeast, Some(Amount::Exact(d("23000"))), Some("16100"));
        assert_eq!(jobs.ratio(), Some(d("70")));
        assert_eq!(jobs.difference(), Some(d("-30")));
        jobs.previous = Some(d("15400"));
        assert_eq!(crate::locale::numbers::round(jobs.change().unwrap(), 1), d("4.5"));

        let power = indicator("%", Direction::AtLeast, Some(Amount::Exact(d("99"))), Some("99.12"));
        assert_eq!(power.difference(), Some(d("0.12")), "points for a percentage");

        let mut stated = indicator("lao động", Direction::AtLeast, None, Some("460"));
        stated.stated_ratio = Some(d("51"));
        assert_eq!(stated.ratio(), Some(d("51")));
        assert_eq!(stated.status(), Status::NotMet);
        stated.stated_ratio = Some(d("149"));
        assert_eq!(stated.difference(), Some(d("49")));
        assert_eq!(stated.status(), Status::Exceeded);
    }

    #[test]
    fn stated_counts_are_checked_against_a_complete_table() {
        let mut rows = vec![
            indicator("%", Direction::AtLeast, Some(Amount::Exact(d("11"))), Some("3.32")),
            indicator("%", Direction::AtMost, Some(Amount::Exact(d("2.5"))), Some("2")),
        ];
        rows[0].name = "Tăng trưởng GRDP".into();
        rows[1].name = "Tỷ lệ thất nghiệp".into();
        let stated = StatedSummary { title: "chỉ tiêu chủ yếu".into(), total: 2, unmet: Some(vec!["Tăng trưởng GRDP".into()]) };
        let check = check_summary("main", &stated, &rows);
        assert!(check.complete && check.problems.is_empty(), "{check:?}");

        let wrong = StatedSummary { unmet: Some(vec!["Tỷ lệ thất nghiệp".into()]), ..stated.clone() };
        let check = check_summary("main", &wrong, &rows);
        assert_eq!(check.problems.len(), 2, "{check:?}");

        let incomplete = StatedSummary { total: 33, ..stated };
        let check = check_summary("main", &incomplete, &rows);
        assert!(!check.complete && check.problems.is_empty(), "{check:?}");
    }
}
