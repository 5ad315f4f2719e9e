//! What the editor writes from a browser: a field of report.yaml's form set
//! to any value, and any grid of the indicator table checked and written.
//! Never a panic; a field that is saved leaves a report.yaml that reads;
//! a grid that checks is written as a CSV that reads back to as many
//! indicators.
//!
//! The input: the field's key on the first line, its value on the second,
//! report.yaml after; or, when the first line is `grid`, CSV-like lines of
//! cells split at `;`, the first the headings.
#![no_main]

use std::path::{Path, PathBuf};

use baocao::date::Date;
use baocao::edit::facts;
use baocao::indicators::grid::{Form, Grid};
use baocao::indicators::table;
use baocao::report::Facts;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let mut lines = input.splitn(3, '\n');
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else { return };
    let rest = lines.next().unwrap_or("");
    let path = Path::new("report.yaml");
    if first == "grid" {
        let mut rows: Vec<Vec<String>> = std::iter::once(second).chain(rest.lines()).map(|l| l.split(';').map(str::to_string).collect()).collect();
        let headings = rows.remove(0);
        let rows: Vec<Vec<String>> = rows.into_iter().filter(|r| r.len() == headings.len()).collect();
        let grid = Grid { path: PathBuf::from("/nonexistent/indicators.csv"), form: Form::Csv(b';'), headings, rows };
        let checked = grid.check(1);
        if let Some(indicators) = checked.indicators {
            let date = Date { year: 2021, month: 1, day: 15 };
            let bytes = grid.file_bytes(Path::new("/nonexistent"), None, &indicators, date, 1).expect("a checked grid is written");
            let text = String::from_utf8(bytes).expect("UTF-8");
            let again = table::parse(&grid.path, &text).expect("a written grid reads back");
            assert_eq!(again.len(), indicators.len());
        }
        return;
    }
    let _ = facts::fields(path, rest);
    if let Ok(edited) = facts::set(path, rest, first, second) {
        assert!(Facts::parse(path, &edited).is_ok(), "a saved field leaves a report.yaml that reads");
    }
});
