//! The indicator table edited cell by cell and row by row, each edit keyed
//! by the row's indicator id, so that two windows, or a window and Excel,
//! editing different cells of one table both keep their edits. An edit is
//! applied to the table as it is on disk now: a cell changed there
//! meanwhile to a third value is a conflict, left for the person to
//! decide; a row whose edit makes it wrong (a half-typed new row, "68.5")
//! waits in the page, unsaved and marked, while every other edit is saved.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::store::{Store, Version};
use crate::date::Date;
use crate::error::{Error, Place, Result};
use crate::indicators::grid::{Checked, Grid, Problem};
use crate::t;

/// One edit of the table, as the page sends it. A row is named by its key
/// (see [`keys`]); a column by its heading.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Op {
    /// Cell `column` of row `row` from `from` (as the page last saw it) to
    /// `to`.
    Set {
        /// The row's key.
        row: String,
        /// The column's heading.
        column: String,
        /// The cell as the page last saw it.
        from: String,
        /// The cell as typed.
        to: String,
    },
    /// A new row with `cells` (one per heading of the edit), after row
    /// `after` (first when `None`); `row` is the page's own name for it.
    Add {
        /// The page's name for the new row.
        row: String,
        /// The row it follows.
        after: Option<String>,
        /// Its cells.
        cells: Vec<String>,
    },
    /// Row `row` deleted; its `cells` as the page last saw them.
    Delete {
        /// The row's key.
        row: String,
        /// Its cells as the page last saw them.
        cells: Vec<String>,
    },
    /// Row `row` moved after row `after` (first when `None`).
    Move {
        /// The row's key.
        row: String,
        /// The row it now follows.
        after: Option<String>,
    },
}

impl Op {
    /// The row the edit is about.
    fn row(&self) -> &str {
        match self {
            Op::Set { row, .. } | Op::Add { row, .. } | Op::Delete { row, .. } | Op::Move { row, .. } => row,
        }
    }
}

/// What became of one edit.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// Saved (or already so on disk).
    Applied,
    /// Not saved: its row would then have a problem (listed with the
    /// answer's problems); the page keeps it.
    Held,
    /// Not saved: the cell or row changed on disk meanwhile, to `theirs`.
    Conflict {
        /// What the file holds there now.
        theirs: String,
    },
    /// Not saved: the row or column is not in the table any more.
    Gone,
}

/// A problem of the edited table at a row (by key) and column (by heading).
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    /// The row's key, when the problem is in a row.
    pub row: Option<String>,
    /// The column's heading, when it is in a cell.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to put it right.
    pub hint: Option<String>,
}

/// The answer to a set of edits.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// What became of each edit, in order.
    pub outcomes: Vec<Outcome>,
    /// The table as it now is on disk.
    pub table: Shown,
    /// The problems of the table with every edit applied, held ones too,
    /// for the page to mark where they are.
    pub problems: Vec<Placed>,
    /// Whether the file was written.
    pub written: bool,
}

/// The table as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// The file's name.
    pub file: String,
    /// "csv", "yaml" or "workbook".
    pub form: &'static str,
    /// The headings.
    pub headings: Vec<String>,
    /// Each heading's column key (`achieved`), `None` for an unknown one.
    pub columns: Vec<Option<&'static str>>,
    /// The rows.
    pub rows: Vec<Vec<String>>,
    /// Each row's key.
    pub keys: Vec<String>,
    /// Each row's ratio, difference and status, when the table has no
    /// problem.
    pub computed: Vec<[String; 3]>,
    /// The version of the file.
    pub version: Option<Version>,
}

/// The key of each row: its indicator id when it has one no other row
/// has, else `#N` (its place, from 0).
pub fn keys(grid: &Grid) -> Vec<String> {
    let id = grid.keys().iter().position(|k| *k == Some("id"));
    let ids: Vec<&str> = grid.rows.iter().map(|r| id.and_then(|c| r.get(c)).map_or("", |s| s.trim())).collect();
    ids.iter()
        .enumerate()
        .map(|(i, key)| if !key.is_empty() && ids.iter().filter(|k| *k == key).count() == 1 { key.to_string() } else { format!("#{i}") })
        .collect()
}

/// The table of `grid`, checked, as the page shows it.
pub fn shown(grid: &Grid, checked: &Checked, version: Option<Version>) -> Shown {
    Shown {
        file: grid.file.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        form: grid.file.kind.name(),
        headings: grid.headings.clone(),
        columns: grid.keys(),
        rows: grid.rows.clone(),
        keys: keys(grid),
        computed: checked.computed.clone(),
        version,
    }
}

/// What the table of a report needs from its facts to be written.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The workbook's sheet (`indicators_sheet`).
    pub sheet: Option<&'a str>,
    /// The report's date, for a workbook's properties; `None` when
    /// report.yaml does not read.
    pub date: Option<Date>,
    /// `settings.ratio_decimals`.
    pub ratio_decimals: u32,
}

/// Applies `ops` (their cells and columns by `headings`) to the table of
/// the report in `store`'s folder as it is on disk now, and writes what
/// can be saved.
pub fn save(store: &Store, headings: &[String], ops: &[Op], facts: Facts) -> Result<Answer> {
    let dir = store.dir();
    let Some(disk) = Grid::read(dir, facts.sheet)? else {
        return Err(Error::input(Place::file(dir), t!("báo cáo không có bảng chỉ tiêu", "the report has no indicator table"), None));
    };
    let path = disk.file.path.clone();
    let columns: Vec<Option<usize>> = headings.iter().map(|h| disk.headings.iter().position(|d| d == h)).collect();
    let before = problem_cells(&disk, &keys(&disk), facts.ratio_decimals);
    let mut skipped: HashSet<usize> = HashSet::new();
    let (mut grid, mut row_keys, mut outcomes) = apply(&disk, &columns, ops, &skipped);
    // Hold back, one round at a time, the edits of rows that they made
    // wrong; the other edits are saved.
    loop {
        let checked = grid.check(facts.ratio_decimals);
        let wrong: HashSet<&str> = checked
            .problems
            .iter()
            .filter_map(|p| Some((row_keys.get(p.row?)?.as_str(), p.column)))
            .filter(|(key, column)| !before.contains(&(key.to_string(), *column)))
            .map(|(key, _)| key)
            .collect();
        let held: Vec<usize> = ops.iter().enumerate().filter(|(i, op)| !skipped.contains(i) && outcomes[*i] == Outcome::Applied && wrong.contains(op.row())).map(|(i, _)| i).collect();
        if held.is_empty() {
            break;
        }
        skipped.extend(held);
        (grid, row_keys, outcomes) = apply(&disk, &columns, ops, &skipped);
    }
    for i in &skipped {
        outcomes[*i] = Outcome::Held;
    }
    let (all, all_keys, _) = apply(&disk, &columns, ops, &HashSet::new());
    let problems = placed(&all.check(facts.ratio_decimals).problems, &all_keys, &all.headings);
    let checked = grid.check(facts.ratio_decimals);
    let changed = grid.rows != disk.rows;
    let mut version = None;
    if changed {
        match write(store, &grid, &checked, dir, facts) {
            Ok(written) => version = Some(written),
            Err(refusal) => {
                // The table cannot be written as it stands: nothing is
                // saved, every edit waits in the page.
                for outcome in outcomes.iter_mut().filter(|o| **o == Outcome::Applied) {
                    *outcome = Outcome::Held;
                }
                let disk_checked = disk.check(facts.ratio_decimals);
                let mut problems = problems;
                problems.push(Placed { row: None, column: None, message: refusal.to_string(), hint: None });
                let version = store.current_version(&path);
                return Ok(Answer { outcomes, table: shown(&disk, &disk_checked, version), problems, written: false });
            }
        }
    }
    let version = version.or_else(|| store.current_version(&path));
    Ok(Answer { outcomes, table: shown(&grid, &checked, version), problems, written: changed })
}

/// The problems of `grid` (rows named by `row_keys`) as (row key, column)
/// pairs.
fn problem_cells(grid: &Grid, row_keys: &[String], ratio_decimals: u32) -> HashSet<(String, Option<usize>)> {
    grid.check(ratio_decimals).problems.iter().filter_map(|p| Some((row_keys.get(p.row?)?.clone(), p.column))).collect()
}

/// `problems` with rows named by their keys and columns by their headings.
fn placed(problems: &[Problem], row_keys: &[String], headings: &[String]) -> Vec<Placed> {
    problems
        .iter()
        .map(|p| Placed {
            row: p.row.and_then(|r| row_keys.get(r).cloned()),
            column: p.column.and_then(|c| headings.get(c).cloned()),
            message: p.message.clone(),
            hint: p.hint.clone(),
        })
        .collect()
}

/// `disk` with `ops` applied but those in `skipped`; the rows' keys
/// (a new row keeps the page's name for it) and each edit's outcome.
fn apply(disk: &Grid, columns: &[Option<usize>], ops: &[Op], skipped: &HashSet<usize>) -> (Grid, Vec<String>, Vec<Outcome>) {
    let mut grid = disk.clone();
    let mut row_keys = keys(disk);
    let width = disk.headings.len();
    // The page's cells of a row, in the file's columns.
    let in_file = |cells: &[String]| -> Vec<String> {
        let mut row = vec![String::new(); width];
        for (cell, column) in cells.iter().zip(columns) {
            if let Some(c) = column {
                row[*c] = cell.clone();
            }
        }
        row
    };
    let same_row = |a: &[String], b: &[String]| a.iter().map(|c| c.trim()).eq(b.iter().map(|c| c.trim()));
    let mut outcomes = Vec::with_capacity(ops.len());
    for (i, op) in ops.iter().enumerate() {
        if skipped.contains(&i) {
            outcomes.push(Outcome::Held);
            continue;
        }
        let find = |keys: &[String], key: &str| keys.iter().position(|k| k == key);
        let outcome = match op {
            Op::Set { row, column, from, to } => {
                let column = disk.headings.iter().position(|h| h == column);
                match (find(&row_keys, row), column) {
                    (Some(r), Some(c)) => {
                        let cell = &mut grid.rows[r][c];
                        if cell.trim() == to.trim() {
                            Outcome::Applied
                        } else if cell.trim() == from.trim() {
                            *cell = to.clone();
                            Outcome::Applied
                        } else {
                            Outcome::Conflict { theirs: cell.clone() }
                        }
                    }
                    _ => Outcome::Gone,
                }
            }
            Op::Add { row, after, cells } => {
                let new = in_file(cells);
                if grid.rows.iter().any(|r| same_row(r, &new)) {
                    // Sent again after it was saved (an answer lost).
                    Outcome::Applied
                } else {
                    let at = match after {
                        Some(after) => find(&row_keys, after).map_or(grid.rows.len(), |r| r + 1),
                        None => 0,
                    };
                    grid.rows.insert(at, new);
                    row_keys.insert(at, row.clone());
                    Outcome::Applied
                }
            }
            Op::Delete { row, cells } => match find(&row_keys, row) {
                None => Outcome::Applied,
                Some(r) if same_row(&grid.rows[r], &in_file(cells)) => {
                    grid.rows.remove(r);
                    row_keys.remove(r);
                    Outcome::Applied
                }
                Some(r) => Outcome::Conflict { theirs: grid.rows[r].join(" | ") },
            },
            Op::Move { row, after } => match find(&row_keys, row) {
                None => Outcome::Gone,
                Some(r) => {
                    let moved = grid.rows.remove(r);
                    let key = row_keys.remove(r);
                    // After a row that is gone, it stays where it was.
                    let at = match after {
                        None => 0,
                        Some(after) => find(&row_keys, after).map_or(r.min(grid.rows.len()), |a| a + 1),
                    };
                    grid.rows.insert(at, moved);
                    row_keys.insert(at, key);
                    Outcome::Applied
                }
            },
        };
        outcomes.push(outcome);
    }
    (grid, row_keys, outcomes)
}

/// Writes `grid` (checked as `checked`) to its file; the new version.
fn write(store: &Store, grid: &Grid, checked: &Checked, dir: &Path, facts: Facts) -> Result<Version> {
    let bytes = grid.bytes(dir, facts.sheet, checked.indicators.as_deref(), facts.date, facts.ratio_decimals)?;
    store.write_bytes(&grid.file.path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(csv: &str) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("indicators.csv"), csv).unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    fn headings() -> Vec<String> {
        ["id", "name", "unit", "target", "achieved"].map(String::from).to_vec()
    }

    fn set(row: &str, column: &str, from: &str, to: &str) -> Op {
        Op::Set { row: row.into(), column: column.into(), from: from.into(), to: to.into() }
    }

    const FACTS: Facts = Facts { sheet: None, date: None, ratio_decimals: 1 };

    #[test]
    fn edits_of_two_windows_to_different_cells_both_stay() {
        let csv = "id,name,unit,target,achieved\na,Việc làm mới,lao động,23.000,16.100\nb,Đô thị hóa,%,30,\"29,52\"\n";
        let (dir, store) = folder(csv);
        let answer = save(&store, &headings(), &[set("a", "achieved", "16.100", "16.500")], FACTS).unwrap();
        assert_eq!(answer.outcomes, [Outcome::Applied]);
        // The other window still shows 16.100 for a, and edits b.
        let answer = save(&store, &headings(), &[set("b", "achieved", "29,52", "30,15")], FACTS).unwrap();
        assert_eq!(answer.outcomes, [Outcome::Applied]);
        let written = std::fs::read_to_string(dir.path().join("indicators.csv")).unwrap();
        assert!(written.contains("16.500") && written.contains("30,15"), "{written}");
        // The same cell changed by both: the second is a conflict.
        let answer = save(&store, &headings(), &[set("a", "achieved", "16.100", "17.000")], FACTS).unwrap();
        assert_eq!(answer.outcomes, [Outcome::Conflict { theirs: "16.500".into() }]);
        assert!(std::fs::read_to_string(dir.path().join("indicators.csv")).unwrap().contains("16.500"));
    }

    #[test]
    fn a_half_typed_row_waits_while_the_other_edits_are_saved() {
        let csv = "id,name,unit,target,achieved\na,Việc làm mới,lao động,23.000,16.100\n";
        let (dir, store) = folder(csv);
        let ops = [
            Op::Add { row: "new-1".into(), after: Some("a".into()), cells: ["c", "", "", "", "68.5"].map(String::from).to_vec() },
            set("a", "achieved", "16.100", "16.500"),
        ];
        let answer = save(&store, &headings(), &ops, FACTS).unwrap();
        assert_eq!(answer.outcomes, [Outcome::Held, Outcome::Applied]);
        assert!(answer.problems.iter().any(|p| p.row.as_deref() == Some("new-1")), "{:?}", answer.problems);
        let written = std::fs::read_to_string(dir.path().join("indicators.csv")).unwrap();
        assert_eq!(written, "id,name,unit,target,achieved\na,Việc làm mới,lao động,23.000,16.500\n");
        // Finished, it is saved after a; sent twice, it is added once.
        let finished = Op::Add { row: "new-1".into(), after: Some("a".into()), cells: ["c", "Mới", "%", "70", "68,5"].map(String::from).to_vec() };
        for _ in 0..2 {
            let answer = save(&store, &headings(), std::slice::from_ref(&finished), FACTS).unwrap();
            assert_eq!(answer.outcomes, [Outcome::Applied]);
        }
        let written = std::fs::read_to_string(dir.path().join("indicators.csv")).unwrap();
        assert!(written.ends_with("a,Việc làm mới,lao động,23.000,16.500\nc,Mới,%,70,\"68,5\"\n"), "{written}");
    }

    #[test]
    fn rows_are_deleted_and_moved_by_key_and_an_edited_row_is_not_deleted() {
        let csv = "id,name,unit,target,achieved\na,A,%,1,1\nb,B,%,2,2\nc,C,%,3,3\n";
        let (dir, store) = folder(csv);
        let cells = |r: [&str; 5]| r.map(String::from).to_vec();
        let ops = [Op::Move { row: "c".into(), after: None }, Op::Delete { row: "a".into(), cells: cells(["a", "A", "%", "1", "1"]) }];
        let answer = save(&store, &headings(), &ops, FACTS).unwrap();
        assert_eq!(answer.outcomes, [Outcome::Applied, Outcome::Applied]);
        assert_eq!(answer.table.keys, ["c", "b"]);
        std::fs::write(dir.path().join("indicators.csv"), "id,name,unit,target,achieved\nc,C,%,3,3\nb,B (sửa),%,2,2\n").unwrap();
        let answer = save(&store, &headings(), &[Op::Delete { row: "b".into(), cells: cells(["b", "B", "%", "2", "2"]) }], FACTS).unwrap();
        assert!(matches!(answer.outcomes[0], Outcome::Conflict { .. }), "{:?}", answer.outcomes);
        assert_eq!(answer.table.keys, ["c", "b"]);
    }
}
