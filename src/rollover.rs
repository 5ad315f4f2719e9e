//! `baocao new-year`: next year's report folder from this year's.
//!
//! - `report.yaml`: the years and the date move on a year; the years in the
//!   title too; the stated lists of unmet indicators are emptied (`~`), to
//!   be stated again. Comments and everything else stay as they are.
//! - the indicator table: next year's targets become the targets, the
//!   results become the previous year's values, results, next targets and
//!   stated ratios are emptied.
//! - the prose is copied as a draft to rewrite, marked so at its top (a
//!   template comment, which the booklet does not show).
//!
//! The new folder builds at once: each empty figure prints a visible
//! placeholder and `build` warns about it.

use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::error::{Error, Place, Result, Warning};
use crate::indicators::table;
use crate::report::{CONTENT_DIR, FACTS_FILE, Report};
use crate::{output, t, text};

/// What a rollover did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollover {
    /// The year the new report reports on.
    pub year: i32,
    /// How many indicators were rolled over.
    pub indicators: usize,
    /// The prose files marked as drafts.
    pub drafts: Vec<PathBuf>,
    /// What was not copied: links and special files, each named.
    pub skipped: Vec<Warning>,
}

/// Makes the report folder `to` for the year after the report in `from`.
/// `to` must not exist yet, nor lie inside `from`. Only regular files and
/// folders are copied: a link (which could lead anywhere) or a special file
/// is left out and named.
pub fn new_year(from: &Path, to: &Path) -> Result<Rollover> {
    let report = Report::load(from)?;
    if to.exists() {
        return Err(Error::input(
            Place::file(to),
            t!("thư mục đích đã có", "the target folder exists"),
            Some(t!(
                "chọn một thư mục mới, ví dụ data/tra-vinh-2021; baocao không ghi đè dữ liệu có sẵn",
                "choose a new folder, e.g. data/tra-vinh-2021; baocao does not overwrite existing data"
            )),
        ));
    }
    let skipped = crate::report::copy_folder(from, to)?;
    let facts = &report.facts;
    let year = facts.year + 1;

    let facts_path = to.join(FACTS_FILE);
    let source = text::read(&facts_path, to)?;
    output::write_atomic(&facts_path, roll_facts(&source, facts.year, facts.plan_year, facts.date).as_bytes())?;

    for name in table::FILES {
        let path = to.join(name);
        if path.is_file() {
            let rolled = if name.ends_with(".csv") { table::roll_csv(&path, to)? } else { table::roll_yaml(&path, to)? };
            output::write_atomic(&path, &rolled)?;
        }
    }

    let mut drafts = Vec::new();
    for name in &facts.content {
        let path = to.join(CONTENT_DIR).join(name);
        let prose = text::read(&path, to)?;
        let marked = format!(
            "{{# BẢN NHÁP: nội dung của năm {}, chép sang để viết lại cho năm {year}. Xóa dòng này khi viết xong. #}}\n{prose}",
            facts.year
        );
        output::write_atomic(&path, marked.as_bytes())?;
        drafts.push(path);
    }
    Ok(Rollover { year, indicators: report.indicators.len(), drafts, skipped })
}

/// `report.yaml` a year on: `year`, `plan_year`, `date` and the years in
/// the title move on; stated unmet lists are emptied. Line by line, so the
/// staff's comments and layout stay.
fn roll_facts(source: &str, year: i32, plan_year: i32, date: Date) -> String {
    let next_date = Date::new(date.year + 1, date.month, date.day)
        .or_else(|| Date::new(date.year + 1, date.month, date.day - 1))
        .expect("a date a year on exists");
    let mut out = Vec::new();
    let mut dropping_list_under: Option<usize> = None;
    for line in source.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(level) = dropping_list_under {
            if line.trim_start().starts_with("- ") && indent >= level {
                continue;
            }
            dropping_list_under = None;
        }
        let key = line.trim_start().split(':').next().unwrap_or("");
        // A comment after the value stays.
        let comment = line.find(" #").map_or("", |at| &line[at..]);
        let rolled = match (indent, key) {
            (0, "year") => format!("year: {}{comment}", year + 1),
            (0, "plan_year") => format!("plan_year: {}{comment}", plan_year + 1),
            (0, "date") => format!("date: {next_date}{comment}"),
            (0, "title") => shift_years(line, year, plan_year),
            (_, "unmet") if indent > 0 => {
                dropping_list_under = Some(indent);
                format!("{}unmet: ~  # chưa nêu: ghi tên các chỉ tiêu không đạt năm {}", " ".repeat(indent), year + 1)
            }
            _ => line.to_string(),
        };
        out.push(rolled);
    }
    out.join("\n") + "\n"
}

/// `text` with `plan_year` and `year` each a year later, in one pass (so the
/// old plan year does not move twice).
fn shift_years(text: &str, year: i32, plan_year: i32) -> String {
    let (y, p) = (year.to_string(), plan_year.to_string());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if rest.starts_with(&p) {
            out.push_str(&(plan_year + 1).to_string());
            rest = &rest[p.len()..];
        } else if rest.starts_with(&y) {
            out.push_str(&(year + 1).to_string());
            rest = &rest[y.len()..];
        } else {
            let c = rest.chars().next().expect("not empty");
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_move_on_a_year_keeping_comments() {
        let source = "# Thông tin\ntitle: KẾT QUẢ NĂM 2020, NHIỆM VỤ NĂM 2021\nplace: Trà Vinh\ndate: 2021-01-15 # ngày\nyear: 2020\nplan_year: 2021\nsummaries:\n  main:\n    total: 33\n    unmet:\n      - A\n      - B\n  task:\n    unmet: [C]\n";
        let rolled = roll_facts(source, 2020, 2021, "2021-01-15".parse().unwrap());
        assert_eq!(
            rolled,
            "# Thông tin\ntitle: KẾT QUẢ NĂM 2021, NHIỆM VỤ NĂM 2022\nplace: Trà Vinh\ndate: 2022-01-15 # ngày\nyear: 2021\nplan_year: 2022\nsummaries:\n  main:\n    total: 33\n    unmet: ~  # chưa nêu: ghi tên các chỉ tiêu không đạt năm 2021\n  task:\n    unmet: ~  # chưa nêu: ghi tên các chỉ tiêu không đạt năm 2021\n"
        );
        let leap = roll_facts("date: 2024-02-29\n", 2023, 2024, "2024-02-29".parse().unwrap());
        assert_eq!(leap, "date: 2025-02-28\n");
    }
}
