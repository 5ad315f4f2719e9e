//! Indicators (chỉ tiêu): each resolution's targets, what was achieved, and
//! what follows from them. The figures live once, in the report's indicator
//! table; the prose and the appendix table refer to them, so "đạt 70% kế
//! hoạch" is computed, never typed twice.
//!
//! The table is `indicators.csv` (UTF-8, with or without byte-order mark,
//! ";" or "," between cells, as Excel saves it) or the same rows in
//! `indicators.yaml`. See [`table`] for its columns.

mod compute;
pub mod table;

use rust_decimal::Decimal;

pub use compute::{StatedSummary, Status, SummaryCheck, check_summary};
pub use table::{load, table_file};

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

/// A target: one figure or a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    /// One figure.
    Exact(Decimal),
    /// From the first figure to the second.
    Range(Decimal, Decimal),
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
    /// What the target is called in a phrase ("kế hoạch", "Nghị quyết",
    /// "dự toán", "so Nghị quyết").
    pub basis: String,
    /// The target of the year reported on.
    pub target: Option<Amount>,
    /// What was achieved.
    pub achieved: Option<Decimal>,
    /// The previous year's value, where known.
    pub previous: Option<Decimal>,
    /// The target for the year planned for.
    pub next_target: Option<Amount>,
    /// The achievement ratio in percent as the report states it, for an
    /// indicator whose target the report does not give.
    pub stated_ratio: Option<Decimal>,
    /// A note.
    pub note: String,
    /// Where the row is, for messages.
    pub place: Place,
}

impl Indicator {
    /// Whether the indicator is itself a percentage, so that differences
    /// are in points ("vượt 0,12%") rather than ratios.
    pub fn is_percentage(&self) -> bool {
        self.unit.trim() == "%"
    }

    /// The name a summary list uses.
    pub fn summary_name(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }
}
