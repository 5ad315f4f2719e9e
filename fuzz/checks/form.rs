// What the fuzz target `form` checks (its root, fuzz_targets/form.rs, says
// what): included there and by the test that runs every seed
// (tests/it/fuzz_seeds.rs), so that a change of the library that breaks it
// fails `cargo test`.

use std::path::{Path, PathBuf};

use baocao::date::Date;
use baocao::edit::facts;
use baocao::indicators::file::TableFile;
use baocao::indicators::grid::Grid;
use baocao::indicators::table;
use baocao::report::Facts;

fuzz_target!(|input: &str| {
    let mut lines = input.splitn(3, '\n');
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else { return };
    let rest = lines.next().unwrap_or("");
    let path = Path::new("report.yaml");
    if first == "grid" {
        let mut rows: Vec<Vec<String>> = std::iter::once(second).chain(rest.lines()).map(|l| l.split(';').map(str::to_string).collect()).collect();
        let headings = rows.remove(0);
        let rows: Vec<Vec<String>> = rows.into_iter().filter(|r| r.len() == headings.len()).collect();
        let grid = Grid { file: TableFile::at(PathBuf::from("/nonexistent/indicators.csv")), headings, rows };
        let checked = grid.check(1);
        if let Some(indicators) = checked.indicators {
            let date = Date { year: 2021, month: 1, day: 15 };
            let bytes = grid.bytes(Path::new("/nonexistent"), None, Some(&indicators), Some(date), 1).expect("a checked grid is written");
            let text = String::from_utf8(bytes).expect("UTF-8");
            let again = table::parse(&grid.file.path, &text).expect("a written grid reads back");
            assert_eq!(again.len(), indicators.len());
        }
        return;
    }
    let _ = facts::fields(path, rest);
    if let Ok(edited) = facts::set(path, rest, first, second) {
        assert!(Facts::parse(path, &edited).is_ok(), "a saved field leaves a report.yaml that reads");
    }
});
