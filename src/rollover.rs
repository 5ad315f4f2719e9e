//! `baocao new-year`: next year's report folder from this year's.
//!
//! - `report.yaml`: the years and the date move on a year; so do the years
//!   in the title, the short title, the audience and the names of the prose
//!   files (which are renamed to match); a period ("2020 - 2025") and any
//!   other year stay, each named in a warning. The stated counts of met and
//!   unmet indicators are emptied (`~`), to be stated again. Comments and
//!   everything else stay as they are.
//! - the indicator table: next year's targets become the targets, the
//!   results become the previous year's values, results, next targets and
//!   stated ratios and differences are emptied.
//! - the prose is copied as a draft to rewrite, marked so on its first line
//!   (a template comment, [`DRAFT_MARK`]): while any file carries the mark,
//!   the booklet says "DỰ THẢO" on every page and `build --final` refuses.
//!
//! The new folder builds at once: each empty figure prints a visible
//! placeholder and `build` warns about it.

use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::error::{Error, Place, Result, Warning};
use crate::indicators::file::Kind;
use crate::indicators::{TableFile, export};
use crate::report::{CONTENT_DIR, DRAFT_MARK, FACTS_FILE, Report};
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
    /// What was not copied (links and special files) and the years that
    /// were not moved, each named.
    pub warnings: Vec<Warning>,
}

/// Makes the report folder `to` for the year after the report in `from`,
/// all or none: in a hidden folder beside `to`, moved into place when
/// everything is written. `to` must not exist yet, nor lie inside `from`
/// (every link followed, its missing parents too). Only regular files and
/// folders are copied: a link (which could lead anywhere) or a special
/// file is left out and named.
pub fn new_year(from: &Path, to: &Path) -> Result<Rollover> {
    let report = Report::load(from)?;
    let last = [report.facts.year, report.facts.plan_year, report.facts.date.year].into_iter().max().unwrap_or_default();
    if last >= *crate::date::YEARS.end() {
        return Err(Error::input(
            report.place_of("plan_year"),
            t!("năm sau của năm {last} nằm ngoài khoảng {}-{}", "the year after {last} is outside {}-{}", crate::date::YEARS.start(), crate::date::YEARS.end()),
            Some(t!("kiểm tra year, plan_year và date trong report.yaml", "check year, plan_year and date in report.yaml")),
        ));
    }
    if to.symlink_metadata().is_ok() {
        return Err(Error::input(
            Place::file(to),
            t!("thư mục đích đã có", "the target folder exists"),
            Some(t!(
                "chọn một thư mục mới, ví dụ data/tra-vinh-2021; baocao không ghi đè dữ liệu có sẵn",
                "choose a new folder, e.g. data/tra-vinh-2021; baocao does not overwrite existing data"
            )),
        ));
    }
    crate::report::refuse_inside(from, to)?;
    let folder = output::NewFolder::begin(to)?;
    let rolled = roll_into(&report, from, folder.path(), to).map_err(|e| made_nothing(e, folder.path(), to))?;
    folder.finish()?;
    Ok(rolled)
}

/// `error`, from writing into `work`, as people see it: about the file in
/// `to`, saying that nothing was made.
fn made_nothing(error: Error, work: &Path, to: &Path) -> Error {
    match error {
        Error::Io { path, action, source } => Error::Io {
            path: path.strip_prefix(work).map(|relative| to.join(relative)).unwrap_or(path),
            action: t!("{action}; chưa tạo gì", "{action}; nothing was made"),
            source,
        },
        other => other,
    }
}

/// Writes next year's report of `report` (in `from`) into the empty
/// folder `work`, which becomes `to`: the paths in messages are `to`'s.
fn roll_into(report: &Report, from: &Path, work: &Path, to: &Path) -> Result<Rollover> {
    let mut warnings = crate::report::copy_folder(from, work)?;
    let facts = &report.facts;
    let year = facts.year + 1;

    let facts_path = work.join(FACTS_FILE);
    let source = text::read(&facts_path, work)?;
    let rolled = roll_facts(&source, facts.year, facts.plan_year, facts.date);
    for (line, moved) in &rolled.unmoved {
        warnings.push(Warning::new(
            Place::in_text(&to.join(FACTS_FILE), &rolled.text, *line, 1),
            t!("năm {moved} không được chuyển sang năm sau", "the year {moved} was not moved on"),
            Some(t!(
                "baocao chỉ chuyển năm báo cáo và năm kế hoạch; một giai đoạn (2020 - 2025) hay năm khác thì sửa tay nếu cần",
                "baocao moves only the report's year and plan year; correct a period (2020 - 2025) or another year by hand if need be"
            )),
        ));
    }
    // The prose files whose names carry a year take next year's.
    let mut names = Vec::with_capacity(facts.content.len());
    for name in &facts.content {
        let renamed = shift_years(name, facts.year, facts.plan_year).0;
        if renamed != *name {
            let (old, new) = (work.join(CONTENT_DIR).join(name), work.join(CONTENT_DIR).join(&renamed));
            if new.symlink_metadata().is_ok() || names.contains(&renamed) {
                return Err(Error::input(
                    Place::file(&to.join(CONTENT_DIR).join(&renamed)),
                    t!("không đổi tên được {name} thành {renamed}: tệp này đã có", "cannot rename {name} to {renamed}: that file exists"),
                    Some(t!("đổi tên hoặc xóa tệp {renamed} trong {}; chưa tạo gì", "rename or remove {renamed} in {}; nothing was made", from.display())),
                ));
            }
            std::fs::rename(&old, &new).map_err(|e| Error::io(&old, t!("không đổi tên được tệp nội dung", "cannot rename the prose file"), e))?;
        }
        names.push(renamed);
    }
    output::write_atomic(&facts_path, rolled.text.as_bytes())?;

    if let Some(table) = TableFile::find(work)? {
        let path = table.path.clone();
        if table.kind == Kind::Workbook {
            // Written anew as .xlsx, whatever workbook it was.
            let date = roll_date(facts.date);
            let title = export::TitleBlock::of_report(&facts.parent_body, year, facts.plan_year + 1);
            let rolled = export::rolled(work, facts.indicators_sheet.as_deref(), date, facts.settings.ratio_decimals, &title)?;
            let xlsx = work.join("indicators.xlsx");
            output::write_atomic(&xlsx, &rolled)?;
            if path != xlsx {
                std::fs::remove_file(&path).map_err(|e| Error::io(&path, t!("không xóa được bảng cũ", "cannot remove the old table"), e))?;
            }
        } else {
            output::write_atomic(&path, &table.rolled(work)?)?;
        }
    }

    let mut drafts = Vec::new();
    for name in &names {
        let path = work.join(CONTENT_DIR).join(name);
        let prose = text::read(&path, work)?;
        let marked = format!(
            "{DRAFT_MARK}: nội dung của năm {}, chép sang để viết lại cho năm {year}. Xóa dòng này khi viết xong. #}}\n{prose}",
            facts.year
        );
        output::write_atomic(&path, marked.as_bytes())?;
        drafts.push(to.join(CONTENT_DIR).join(name));
    }
    Ok(Rollover { year, indicators: report.indicators.len(), drafts, warnings })
}

/// `report.yaml` a year on, and the years left as they were.
struct RolledFacts {
    /// The new text.
    text: String,
    /// Each year (with its line) in a value whose years move that was not
    /// moved: a period, or a year other than the report's two.
    unmoved: Vec<(usize, String)>,
}

/// The keys whose values' years move on.
const DATED: [&str; 4] = ["title", "short_title", "audience", "content"];

/// `date` a year on (29 February becomes the 28th).
fn roll_date(date: Date) -> Date {
    Date::new(date.year + 1, date.month, date.day)
        .or_else(|| Date::new(date.year + 1, date.month, date.day - 1))
        .expect("a date a year on exists")
}

/// `report.yaml` a year on: `year`, `plan_year`, `date` and the years in
/// the title, short title, audience and prose file names move on; stated
/// met and unmet counts are emptied. Line by line, so the staff's comments
/// and layout stay.
fn roll_facts(source: &str, year: i32, plan_year: i32, date: Date) -> RolledFacts {
    let next_date = roll_date(date);
    let mut out = Vec::new();
    let mut unmoved = Vec::new();
    let mut dropping_list_under: Option<usize> = None;
    let mut section = "";
    for (number, line) in source.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if let Some(level) = dropping_list_under {
            if line.trim_start().starts_with("- ") && indent >= level {
                continue;
            }
            dropping_list_under = None;
        }
        let key = line.trim_start().split(':').next().unwrap_or("");
        let content = !line.trim_start().is_empty() && !line.trim_start().starts_with('#');
        if indent == 0 && content {
            section = key;
        }
        // A comment after the value stays as it is.
        let (value, comment) = line.find(" #").map_or((line, ""), |at| line.split_at(at));
        let rolled = match (indent, key) {
            (0, "year") => format!("year: {}{comment}", year + 1),
            (0, "plan_year") => format!("plan_year: {}{comment}", plan_year + 1),
            (0, "date") => format!("date: {next_date}{comment}"),
            (_, "unmet" | "met") if indent > 0 && section == "summaries" => {
                dropping_list_under = Some(indent);
                let what = if key == "met" { "đạt" } else { "không đạt" };
                format!("{}{key}: ~  # chưa nêu: ghi số hoặc tên các chỉ tiêu {what} năm {}", " ".repeat(indent), year + 1)
            }
            _ if content && DATED.contains(&section) => {
                let (shifted, left) = shift_years(value, year, plan_year);
                unmoved.extend(left.into_iter().map(|y| (number + 1, y)));
                format!("{shifted}{comment}")
            }
            _ => line.to_string(),
        };
        out.push(rolled);
    }
    RolledFacts { text: out.join("\n") + "\n", unmoved }
}

/// `text` with `plan_year` and `year` each a year later, in one pass (so the
/// old plan year does not move twice), and the years it left: those in a
/// period ("2020 - 2025", "2015-2020") and any other year.
fn shift_years(text: &str, year: i32, plan_year: i32) -> (String, Vec<String>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut left = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let is_digit = |at: usize| chars.get(at).is_some_and(char::is_ascii_digit);
        let starts_number = is_digit(i) && (i == 0 || !is_digit(i - 1));
        let length = (i..chars.len()).take_while(|&at| is_digit(at)).count();
        if !(starts_number && length == 4) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let digits: String = chars[i..i + 4].iter().collect();
        let value: i32 = digits.parse().expect("four digits");
        i += 4;
        if !(1900..=2100).contains(&value) {
            out.push_str(&digits);
            continue;
        }
        if in_period(&chars, i - 4, i) || (value != year && value != plan_year) {
            out.push_str(&digits);
            if !left.contains(&digits) {
                left.push(digits);
            }
        } else {
            out.push_str(&(value + 1).to_string());
        }
    }
    (out, left)
}

/// Whether the year at `chars[start..end]` is one end of a period: joined
/// by a dash (with or without spaces) to another four-digit year.
fn in_period(chars: &[char], start: usize, end: usize) -> bool {
    let is_dash = |c: char| matches!(c, '-' | '–' | '—');
    let four_digits = |from: usize| (from..from + 4).all(|at| chars.get(at).is_some_and(char::is_ascii_digit));
    // After: " - 2025" or "-2025".
    let mut after = end;
    while chars.get(after) == Some(&' ') {
        after += 1;
    }
    if chars.get(after).is_some_and(|c| is_dash(*c)) {
        let mut next = after + 1;
        while chars.get(next) == Some(&' ') {
            next += 1;
        }
        if four_digits(next) {
            return true;
        }
    }
    // Before: "2015 - " or "2015-".
    let mut before = start;
    while before > 0 && chars[before - 1] == ' ' {
        before -= 1;
    }
    if before > 0 && is_dash(chars[before - 1]) {
        let mut previous = before - 1;
        while previous > 0 && chars[previous - 1] == ' ' {
            previous -= 1;
        }
        if previous >= 4 && four_digits(previous - 4) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_move_on_a_year_keeping_comments() {
        let source = "# Thông tin\ntitle: KẾT QUẢ NĂM 2020, NHIỆM VỤ NĂM 2021\nplace: Trà Vinh\ndate: 2021-01-15 # ngày\nyear: 2020\nplan_year: 2021\nsummaries:\n  main:\n    total: 33\n    met: 27\n    unmet:\n      - A\n      - B\n  task:\n    unmet: [C]\n";
        let rolled = roll_facts(source, 2020, 2021, "2021-01-15".parse().unwrap());
        assert_eq!(
            rolled.text,
            "# Thông tin\ntitle: KẾT QUẢ NĂM 2021, NHIỆM VỤ NĂM 2022\nplace: Trà Vinh\ndate: 2022-01-15 # ngày\nyear: 2021\nplan_year: 2022\nsummaries:\n  main:\n    total: 33\n    met: ~  # chưa nêu: ghi số hoặc tên các chỉ tiêu đạt năm 2021\n    unmet: ~  # chưa nêu: ghi số hoặc tên các chỉ tiêu không đạt năm 2021\n  task:\n    unmet: ~  # chưa nêu: ghi số hoặc tên các chỉ tiêu không đạt năm 2021\n"
        );
        assert!(rolled.unmoved.is_empty());
        let leap = roll_facts("date: 2024-02-29\n", 2023, 2024, "2024-02-29".parse().unwrap()).text;
        assert_eq!(leap, "date: 2025-02-28\n");
    }

    #[test]
    fn every_dated_value_moves_and_periods_stay() {
        let source = "title:\n  - KẾT QUẢ NĂM 2020\n  - NHIỆM VỤ NĂM 2021\nshort_title: Kết quả năm 2020, nhiệm vụ năm 2021 # đầu trang\naudience: (Dùng cho báo cáo viên, nhiệm kỳ 2020 - 2025)\ncontent:\n  - ket-qua-2020.md\n  - nhiem-vu-2021.md\nplace: Xã 2020\n";
        let rolled = roll_facts(source, 2020, 2021, "2021-01-15".parse().unwrap());
        assert_eq!(
            rolled.text,
            "title:\n  - KẾT QUẢ NĂM 2021\n  - NHIỆM VỤ NĂM 2022\nshort_title: Kết quả năm 2021, nhiệm vụ năm 2022 # đầu trang\naudience: (Dùng cho báo cáo viên, nhiệm kỳ 2020 - 2025)\ncontent:\n  - ket-qua-2021.md\n  - nhiem-vu-2022.md\nplace: Xã 2020\n"
        );
        assert_eq!(rolled.unmoved, [(5, "2020".to_string()), (5, "2025".to_string())]);
        assert_eq!(shift_years("giai đoạn 2016-2020, năm 2020", 2020, 2021).0, "giai đoạn 2016-2020, năm 2021");
        assert_eq!(shift_years("16.100 lao động năm 2021", 2020, 2021).0, "16.100 lao động năm 2022");
    }
}
