//! Indicators (chỉ tiêu): each resolution's targets, what was achieved, and
//! what follows from them. The figures live once, in the report's indicator
//! table; the prose and the appendix table refer to them, so "đạt 70% kế
//! hoạch" is computed, never typed twice.
//!
//! The table is `indicators.csv` (UTF-8, with or without byte-order mark,
//! ";" or "," between cells, as Excel saves it) or the same rows in
//! `indicators.yaml`. See [`table`] for its columns.

mod amount;
mod columns;
mod compute;
mod summary;
pub mod table;
mod verify;
pub mod workbook;
pub mod export;
pub mod file;
pub mod grid;
pub mod label;

pub use amount::{Amount, Bound, Qualifier};
pub use compute::Status;
pub use summary::{Stated, StatedSummary, SummaryCheck, check_summary};
pub use file::{TableFile, FILES};
pub use table::load;
pub use columns::{FIGURES, printed_figure};
pub use label::Label;
pub use verify::stated_slips;

/// The column key (`achieved`) a table heading names (`thực hiện`), if any.
pub fn column_key(heading: &str) -> Option<&'static str> {
    columns::key_of(heading)
}

use crate::error::Place;

/// What achieving an indicator means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// At least the target ("từ 11% trở lên").
    AtLeast,
    /// At most the target ("dưới 2,5%").
    AtMost,
    /// Between two bounds ("1.100 - 1.200 đảng viên").
    Range,
    /// Keep the level of the target ("duy trì"); more is not "vượt".
    Maintain,
}

impl Direction {
    /// Its key in the table and in templates: `at_least`, `at_most`,
    /// `range`, `maintain`.
    pub fn key(self) -> &'static str {
        match self {
            Direction::AtLeast => "at_least",
            Direction::AtMost => "at_most",
            Direction::Range => "range",
            Direction::Maintain => "maintain",
        }
    }
}

/// How a result is held against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// As a ratio: 16.100 of 23.000 jobs is "đạt 70% kế hoạch".
    Ratio,
    /// As a difference in the indicator's own unit: a growth rate of 7,36%
    /// against 7% is "vượt 0,36%" (points), never "đạt 105,1%".
    Points,
}

impl Comparison {
    /// Its key in the table and in templates: `ratio` or `points`.
    pub fn key(self) -> &'static str {
        match self {
            Comparison::Ratio => "ratio",
            Comparison::Points => "points",
        }
    }

    /// The comparison an indicator in `unit` has unless its row says:
    /// points for a percentage, a ratio for anything counted.
    pub fn default_for(unit: &str) -> Comparison {
        match unit.trim() {
            "%" => Comparison::Points,
            _ => Comparison::Ratio,
        }
    }
}

/// One row of the indicator table.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Stable id, used by templates (`ind.new_jobs`).
    pub id: String,
    /// The group: Đảng, kinh tế, xã hội, môi trường, quốc phòng - an ninh, ...
    pub group: String,
    /// The summary list it counts in ("main", "task"), if any.
    pub list: Option<String>,
    /// Its full name.
    pub name: String,
    /// The name in a summary list ("Tăng trưởng GRDP"), if shorter.
    pub short_name: Option<String>,
    /// Its unit ("%", "tỷ đồng", "lao động").
    pub unit: String,
    /// What achieving it means.
    pub direction: Direction,
    /// How the result is held against the target.
    pub compare: Comparison,
    /// What the target is called in a phrase ("kế hoạch", "Nghị quyết",
    /// "dự toán", "so Nghị quyết").
    pub basis: String,
    /// The target of the year reported on.
    pub target: Option<Amount>,
    /// What was achieved ("16.100", "trên 1.000", "khoảng 5").
    pub achieved: Option<Amount>,
    /// The previous year's value, where known (a result rolled over keeps
    /// its word: "trên 1.000").
    pub previous: Option<Amount>,
    /// The target for the year planned for.
    pub next_target: Option<Amount>,
    /// The achievement ratio in percent as the report states it ("đạt
    /// 110,7%"), checked against the figures when both are given.
    pub stated_ratio: Option<Amount>,
    /// The difference to the target as the report states it, in the
    /// comparison's terms: points ("vượt 0,36%" is 0,36) or percent of the
    /// target ("vượt 7,7% Nghị quyết" is 7,7); negative when short.
    pub stated_difference: Option<Amount>,
    /// Whether the appendix lists the row even without anything to judge
    /// it by (`appendix` column: có/không); by default only rows with a
    /// status are listed.
    pub in_appendix: Option<bool>,
    /// A note.
    pub note: String,
    /// Where the row is, for messages.
    pub place: Place,
}

impl Indicator {
    /// The printed figure of column `key` (see [`printed_figure`]): the
    /// target, the result, last year's, next year's target.
    pub fn figure(&self, key: &str) -> Option<Amount> {
        match printed_figure(key)? {
            "target" => self.target,
            "achieved" => self.achieved,
            "previous" => self.previous,
            _ => self.next_target,
        }
    }

    /// The name a summary list uses.
    pub fn summary_name(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }

    /// What the target is called after "so" ("Nghị quyết" for both
    /// "Nghị quyết" and "so Nghị quyết").
    pub fn basis_name(&self) -> &str {
        let basis = self.basis.trim();
        basis.strip_prefix("so với ").or_else(|| basis.strip_prefix("so ")).unwrap_or(basis)
    }
}
