//! What follows from an indicator's figures: the achievement ratio (for a
//! ratio comparison), the difference to the target (in points, or in
//! percent of the target), the status against the target in the direction
//! that counts, and the change against the previous year.
//!
//! Figures are exact decimals; rounding happens only when a figure is
//! shown. What the report states (a ratio, a difference) is the fallback
//! when the figures cannot tell, and is shown as it was written.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::{Amount, Comparison, Direction, Indicator};

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

    /// Met or exceeded.
    pub fn is_met(self) -> bool {
        matches!(self, Status::Met | Status::Exceeded)
    }
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

impl Indicator {
    /// The figure a single target stands for; none for a range.
    fn single_target(&self) -> Option<Decimal> {
        match self.target? {
            Amount::Range(..) => None,
            target => Some(target.value()),
        }
    }

    /// The achievement ratio in percent from the figures, achieved ÷ target
    /// × 100, for an indicator compared as a ratio with a single target
    /// above zero. An "at most" target has no ratio (2% against "dưới
    /// 2,5%" is not "đạt 80%").
    pub fn computed_ratio(&self) -> Option<Amount> {
        let target = self.single_target().filter(|t| *t > Decimal::ZERO)?;
        if self.compare != Comparison::Ratio || self.direction == Direction::AtMost {
            return None;
        }
        Some(self.achieved?.map(|a| a / target * HUNDRED))
    }

    /// The achievement ratio in percent: computed from the figures, else as
    /// the report states it; none for an indicator compared in points.
    pub fn ratio(&self) -> Option<Amount> {
        match self.compare {
            Comparison::Ratio => self.computed_ratio().or(self.stated_ratio),
            Comparison::Points => None,
        }
    }

    /// The ratio as the booklet prints it: a computed one rounded to
    /// `decimals`, a stated one with the decimals it was stated with.
    pub fn ratio_shown(&self, decimals: u32) -> Option<Amount> {
        match self.computed_ratio() {
            Some(r) if self.compare == Comparison::Ratio => Some(r.rounded(decimals)),
            _ => self.ratio(),
        }
    }

    /// How far the result is above (positive) or below the target, from
    /// the figures: in points for a points comparison (7,36% against 7% is
    /// 0,36; against a range, the distance to the nearer end), in percent
    /// of the target for a ratio (26.917 against 25.000 is 7,668).
    pub fn computed_difference(&self) -> Option<Amount> {
        match self.compare {
            Comparison::Ratio => self.computed_ratio().map(|r| r.map(|v| v - HUNDRED)),
            Comparison::Points => {
                let achieved = self.achieved?;
                match self.target? {
                    Amount::Range(lo, hi) => match (achieved.order(lo), achieved.order(hi)) {
                        (Some(Ordering::Less), _) => Some(achieved.map(|a| a - lo)),
                        (_, Some(Ordering::Greater)) => Some(achieved.map(|a| a - hi)),
                        (Some(_), Some(_)) => Some(Amount::Exact(Decimal::ZERO)),
                        _ => None,
                    },
                    target => Some(achieved.map(|a| a - target.value())),
                }
            }
        }
    }

    /// The difference to the target: from the figures, else as stated
    /// (a stated difference, or a stated ratio less 100).
    pub fn difference(&self) -> Option<Amount> {
        self.computed_difference()
            .or(self.stated_difference)
            .or_else(|| self.ratio().map(|r| r.map(|v| v - HUNDRED)))
    }

    /// The difference as the booklet prints it: points exactly as the
    /// figures give them, a computed ratio's difference rounded to
    /// `decimals`, a stated one as stated.
    pub fn difference_shown(&self, decimals: u32) -> Option<Amount> {
        match (self.compare, self.computed_difference()) {
            (Comparison::Points, Some(d)) => Some(d.map(|v| v.normalize())),
            (Comparison::Ratio, Some(d)) => Some(d.rounded(decimals)),
            (_, None) => self.stated_difference.or_else(|| self.stated_ratio.filter(|_| self.compare == Comparison::Ratio).map(|r| r.map(|v| v - HUNDRED))),
        }
    }

    /// The status in the direction that counts: at most 2,5% is met by 2%;
    /// "trên 100%" of the plan is exceeded. From the figures when they
    /// tell, else from a stated ratio or difference.
    pub fn status(&self) -> Status {
        self.status_from_figures()
            .or_else(|| self.stated_ratio.filter(|_| self.compare == Comparison::Ratio).and_then(|r| r.order(HUNDRED)).map(|o| self.judge(o)))
            .or_else(|| self.stated_difference.and_then(|d| d.order(Decimal::ZERO)).map(|o| self.judge(o)))
            .unwrap_or(Status::Unknown)
    }

    fn status_from_figures(&self) -> Option<Status> {
        let achieved = self.achieved?;
        match self.target? {
            Amount::Range(lo, hi) => match (achieved.order(lo), achieved.order(hi)) {
                (Some(Ordering::Less), _) => Some(Status::NotMet),
                (_, Some(Ordering::Greater)) => Some(Status::Exceeded),
                (Some(_), Some(_)) => Some(Status::Met),
                _ => None,
            },
            target => achieved.order(target.value()).map(|o| self.judge(o)),
        }
    }

    /// The status of a result that stands `ordering` to its target.
    fn judge(&self, ordering: Ordering) -> Status {
        match (self.direction, ordering) {
            (Direction::AtMost, Ordering::Less) => Status::Exceeded,
            (Direction::AtMost, Ordering::Greater) => Status::NotMet,
            (Direction::Maintain, Ordering::Greater | Ordering::Equal) => Status::Met,
            (_, Ordering::Greater) => Status::Exceeded,
            (_, Ordering::Less) => Status::NotMet,
            (_, Ordering::Equal) => Status::Met,
        }
    }

    /// The change against the previous year: in points for an indicator
    /// compared in points, otherwise in percent ("tăng 4,5% so cùng kỳ").
    pub fn change(&self) -> Option<Amount> {
        // From a bound ("trên 1.000" last year) the change cannot be told.
        let previous = match self.previous? {
            Amount::Exact(p) => p,
            Amount::Qualified(q, p) if q.bound == super::Bound::About => p,
            _ => return None,
        };
        let achieved = self.achieved?;
        match self.compare {
            Comparison::Points => Some(achieved.map(|a| a - previous)),
            Comparison::Ratio if previous > Decimal::ZERO => Some(achieved.map(|a| (a / previous - Decimal::ONE) * HUNDRED)),
            Comparison::Ratio => None,
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::error::Place;

    pub fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    pub fn amount(s: &str) -> Amount {
        Amount::parse(s).unwrap()
    }

    /// An indicator in `unit` with the comparison its unit gives.
    pub fn indicator(unit: &str, direction: Direction, target: Option<&str>, achieved: Option<&str>) -> Indicator {
        Indicator {
            id: "x".into(),
            group: "kinh tế".into(),
            list: Some("main".into()),
            name: "Chỉ tiêu".into(),
            short_name: None,
            unit: unit.into(),
            direction,
            compare: Comparison::default_for(unit),
            basis: "kế hoạch".into(),
            target: target.map(amount),
            achieved: achieved.map(amount),
            previous: None,
            next_target: None,
            stated_ratio: None,
            stated_difference: None,
            in_appendix: None,
            note: String::new(),
            place: Place::file(std::path::Path::new("indicators.csv")),
        }
    }

    #[test]
    fn status_respects_the_direction() {
        use Direction::*;
        let cases = [
            // at least: GRDP growth 3,32% against 11%; trained labour 68,5 against 67
            ("%", AtLeast, Some("11"), Some("3,32"), Status::NotMet),
            ("%", AtLeast, Some("67"), Some("68,5"), Status::Exceeded),
            ("%", AtLeast, Some("30"), Some("30"), Status::Met),
            // at most: urban unemployment 2% against "dưới 2,5%"
            ("%", AtMost, Some("2,5"), Some("2"), Status::Exceeded),
            ("%", AtMost, Some("2,5"), Some("2,5"), Status::Met),
            ("%", AtMost, Some("2,5"), Some("3,1"), Status::NotMet),
            // range: 1.100 - 1.200 new party members
            ("đảng viên", Range, Some("1.100 - 1.200"), Some("1.053"), Status::NotMet),
            ("đảng viên", Range, Some("1.100 - 1.200"), Some("1.150"), Status::Met),
            ("đảng viên", AtLeast, Some("1.100 - 1.200"), Some("1.250"), Status::Exceeded),
            // maintain: keeping the level is met, more is no "vượt"
            ("làng nghề", Maintain, Some("13"), Some("13"), Status::Met),
            ("làng nghề", Maintain, Some("13"), Some("14"), Status::Met),
            ("làng nghề", Maintain, Some("13"), Some("12"), Status::NotMet),
            // qualified results: "trên" the target is exceeded, not met
            ("hộ", AtLeast, Some("1.000"), Some("trên 1.000"), Status::Exceeded),
            ("hộ", AtLeast, Some("1.200"), Some("trên 1.000"), Status::Unknown),
            ("%", AtMost, Some("2,5"), Some("dưới 2"), Status::Exceeded),
            ("%", AtLeast, Some("5"), Some("khoảng 5"), Status::Met),
            ("%", AtLeast, Some("95"), Some("dưới 90"), Status::NotMet),
            // qualified targets: the word is the target's, the figure counts
            ("doanh nghiệp", AtLeast, Some("trên 500"), Some("508"), Status::Exceeded),
            // nothing to compare
            ("%", AtLeast, None, Some("12"), Status::Unknown),
            ("%", AtLeast, Some("12"), None, Status::Unknown),
        ];
        for (unit, direction, target, achieved, status) in cases {
            assert_eq!(indicator(unit, direction, target, achieved).status(), status, "{direction:?} {target:?} {achieved:?}");
        }
    }

    #[test]
    fn rates_are_compared_in_points_and_counts_as_ratios() {
        let mut jobs = indicator("lao động", Direction::AtLeast, Some("23.000"), Some("16.100"));
        assert_eq!(jobs.ratio(), Some(Amount::Exact(d("70"))));
        assert_eq!(jobs.difference(), Some(Amount::Exact(d("-30"))));
        jobs.previous = Some(amount("15.400"));
        assert_eq!(jobs.change().unwrap().rounded(1), Amount::Exact(d("4.5")));

        let growth = indicator("%", Direction::AtLeast, Some("11"), Some("3,32"));
        assert_eq!(growth.ratio(), None, "no ratio of a growth rate to its target");
        assert_eq!(growth.difference_shown(1), Some(Amount::Exact(d("-7.68"))), "points, exact");
        assert_eq!(growth.status(), Status::NotMet);

        // Health insurance 83% of a 91,2% target, which reports give as
        // "đạt 91% Nghị quyết": a percentage compared as a ratio.
        let mut insurance = indicator("%", Direction::AtLeast, Some("91,2"), Some("83"));
        insurance.compare = Comparison::Ratio;
        assert_eq!(insurance.ratio_shown(0), Some(Amount::Exact(d("91"))));

        // Members admitted 1.053 against 1.100 - 1.200, in points: 47 short.
        let mut members = indicator("đảng viên", Direction::Range, Some("1.100 - 1.200"), Some("1.053"));
        members.compare = Comparison::Points;
        assert_eq!(members.difference(), Some(Amount::Exact(d("-47"))));
    }

    #[test]
    fn stated_figures_stand_in_for_missing_ones_as_written() {
        let mut revenue = indicator("tỷ đồng", Direction::AtLeast, None, None);
        revenue.stated_ratio = Some(amount("148,32"));
        assert_eq!(revenue.status(), Status::Exceeded);
        assert_eq!(revenue.ratio_shown(1).unwrap().format(crate::locale::Decimals::AsIs), "148,32", "stated decimals kept");
        assert_eq!(revenue.difference_shown(1), Some(Amount::Exact(d("48.32"))));
        revenue.stated_ratio = Some(amount("trên 100"));
        assert_eq!(revenue.status(), Status::Exceeded);

        let mut growth = indicator("%", Direction::AtLeast, None, Some("7,36"));
        growth.stated_difference = Some(amount("0,36"));
        assert_eq!(growth.status(), Status::Exceeded);
        assert_eq!(growth.difference(), Some(Amount::Exact(d("0.36"))));
        growth.stated_difference = Some(amount("-7,68"));
        assert_eq!(growth.status(), Status::NotMet);
    }
}
