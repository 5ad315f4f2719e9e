//! The indicator table as a grid of text cells, for the editor: read from
//! any form of the table, checked cell by cell with the same rules as a
//! build (a Vietnamese number, a known direction, ...), its computed
//! columns worked out, and written back to the file and format it came
//! from.

use std::path::Path;

use super::columns::{Field, Rows, column, key_of};
use super::file::{Dialect, Kind, TableFile};
use super::table::{from_rows, rows};
use super::{Indicator, export};
use crate::date::Date;
use crate::error::{Error, Place, Result, Warning};
use crate::{t, text};

/// The table as a grid: its headings as written and each row's cells.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The table file.
    pub file: TableFile,
    /// The column headings as written.
    pub headings: Vec<String>,
    /// The rows, one text per heading.
    pub rows: Vec<Vec<String>>,
}

/// A problem with the grid: in a cell, a whole row (`column` is `None`) or
/// a heading (`row` is `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The row, from 0.
    pub row: Option<usize>,
    /// The column, from 0.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to put it right.
    pub hint: Option<String>,
}

/// What checking the grid found: its problems, or, when it has none, the
/// indicators and each row's computed ratio, difference and status.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Every problem found.
    pub problems: Vec<Problem>,
    /// The indicators of the rows, when there is no problem.
    pub indicators: Option<Vec<Indicator>>,
    /// For each row: the ratio achieved, the difference to the target and
    /// the status, as the booklet writes them ("" where none); empty when
    /// there are problems.
    pub computed: Vec<[String; 3]>,
}

impl Grid {
    /// The indicator table of the report in `dir` as a grid (a workbook's
    /// `sheet`, else its first); `None` when the report has no table.
    pub fn read(dir: &Path, sheet: Option<&str>) -> Result<Option<Grid>> {
        let Some(file) = TableFile::find(dir)? else { return Ok(None) };
        if file.kind == Kind::Csv {
            let source = text::read(&file.path, dir)?;
            return Ok(Some(Grid::from_csv(file, &source)?));
        }
        let mut warnings: Vec<Warning> = Vec::new();
        let Some(table) = rows(dir, sheet, &mut warnings)? else { return Ok(None) };
        let mut headings: Vec<String> = Vec::new();
        for (_, fields) in &table.rows {
            for field in fields {
                if !headings.contains(&field.heading) {
                    headings.push(field.heading.clone());
                }
            }
        }
        if file.kind == Kind::Yaml {
            // A YAML row's keys come sorted: the columns go in the table's
            // own order instead.
            let order = |h: &String| key_of(h).and_then(|k| super::columns::COLUMNS.iter().position(|(c, _)| *c == k)).unwrap_or(usize::MAX);
            headings.sort_by_key(order);
        }
        let rows = table
            .rows
            .iter()
            .map(|(_, fields)| headings.iter().map(|h| fields.iter().find(|f| &f.heading == h).map(|f| f.cell.clone()).unwrap_or_default()).collect())
            .collect();
        Ok(Some(Grid { file, headings, rows }))
    }

    /// The grid of CSV `source`, the text of `file`.
    fn from_csv(file: TableFile, source: &str) -> Result<Grid> {
        let path = &file.path;
        let delimiter = Dialect::of(source).delimiter;
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(false).from_reader(source.as_bytes());
        let mut records = reader.records();
        let unreadable = |e: csv::Error| Error::input(Place::file(path), t!("không đọc được bảng CSV: {e}", "cannot read the CSV table: {e}"), None);
        let headings: Vec<String> = match records.next() {
            Some(record) => record.map_err(unreadable)?.iter().map(str::to_string).collect(),
            None => Vec::new(),
        };
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(unreadable)?;
            let mut row: Vec<String> = record.iter().map(str::to_string).collect();
            row.resize(headings.len(), String::new());
            rows.push(row);
        }
        Ok(Grid { file, headings, rows })
    }

    /// The column key of each heading (`achieved`), `None` for one that
    /// names no column.
    pub fn keys(&self) -> Vec<Option<&'static str>> {
        self.headings.iter().map(|h| key_of(h)).collect()
    }

    /// Checks every cell with the rules of a build. A row whose cells are
    /// all empty is skipped, as in a CSV file.
    pub fn check(&self, ratio_decimals: u32) -> Checked {
        let path = &self.file.path;
        let mut problems = Vec::new();
        let mut keys = Vec::new();
        for (j, heading) in self.headings.iter().enumerate() {
            match column(heading, &Place::at(path, 1, j + 1)) {
                Ok(key) => keys.push(key),
                Err(e) => problems.extend(problems_of(e)),
            }
        }
        if !problems.is_empty() {
            return Checked { problems, indicators: None, computed: Vec::new() };
        }
        let (table, used) = self.table_rows(&keys, &mut problems);
        if !problems.is_empty() {
            return Checked { problems, indicators: None, computed: Vec::new() };
        }
        match from_rows(path, table, Vec::new()) {
            Ok(indicators) => {
                let mut computed = vec![[String::new(), String::new(), String::new()]; self.rows.len()];
                for (row, indicator) in used.iter().zip(&indicators) {
                    computed[*row] = computed_cells(indicator, ratio_decimals);
                }
                Checked { problems, indicators: Some(indicators), computed }
            }
            Err(e) => Checked { problems: problems_of(e), indicators: None, computed: Vec::new() },
        }
    }

    /// The grid's rows that are not empty as the table's rows (their column
    /// `keys`), each cell placed at line row + 2, column + 1, with the
    /// numbers of those rows; a cell holding a character no text may hold
    /// is a problem.
    fn table_rows(&self, keys: &[&'static str], problems: &mut Vec<Problem>) -> (Rows, Vec<usize>) {
        let path = &self.file.path;
        let mut table: Rows = Vec::new();
        let mut used = Vec::new();
        for (i, row) in self.rows.iter().enumerate() {
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            used.push(i);
            let fields = row
                .iter()
                .zip(keys)
                .enumerate()
                .map(|(j, (cell, key))| {
                    let place = Place::at(path, i + 2, j + 1);
                    if let Some(e) = text::check_value(&place, cell) {
                        problems.extend(problems_of(e));
                    }
                    Field { key, heading: self.headings[j].clone(), cell: cell.clone(), place }
                })
                .collect();
            table.push((Place::line(path, i + 2), fields));
        }
        (table, used)
    }

    /// The bytes of the table file holding this grid, whose check found
    /// `indicators` (see [`TableFile::with_grid`]); a workbook is written
    /// in the layout of `export-table` dated `date`, which needs the
    /// indicators and the date (it holds the computed columns).
    pub fn bytes(&self, dir: &Path, sheet: Option<&str>, indicators: Option<&[Indicator]>, date: Option<Date>, ratio_decimals: u32) -> Result<Vec<u8>> {
        if self.file.kind != Kind::Workbook {
            return self.file.with_grid(dir, &self.headings, &self.rows);
        }
        let (Some(indicators), Some(date)) = (indicators, date) else {
            return Err(Error::input(
                Place::file(&self.file.path),
                t!("chưa ghi được sổ tính: bảng hoặc report.yaml còn lỗi", "the workbook cannot be written yet: the table or report.yaml has errors"),
                Some(t!("sửa các lỗi được nêu; các ô đã gõ vẫn được giữ trên trang", "put right the errors listed; what was typed stays in the page")),
            ));
        };
        let keys: Vec<&'static str> = self.headings.iter().map(|h| column(h, &Place::file(&self.file.path))).collect::<Result<_>>()?;
        let (rows, _) = self.table_rows(&keys, &mut Vec::new());
        export::workbook_of(&self.file.path, &rows, indicators, sheet, date, ratio_decimals)
    }
}

/// The cell (from 0) of the CSV line `line` (separated by `delimiter`)
/// that the character at `column` (from 1) falls in: a message's place in
/// a CSV table as a cell of the grid.
pub fn csv_cell(line: &str, delimiter: u8, column: usize) -> usize {
    let mut quoted = false;
    let mut cell = 0;
    for c in line.chars().take(column.saturating_sub(1)) {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && c == char::from(delimiter) {
            cell += 1;
        }
    }
    cell
}

/// The ratio, difference and status of `indicator` as the booklet writes
/// them.
fn computed_cells(indicator: &Indicator, ratio_decimals: u32) -> [String; 3] {
    use crate::locale::numbers::Decimals;
    let shown = |a: Option<super::Amount>| a.map(|a| a.format(Decimals::AsIs)).unwrap_or_default();
    let difference = indicator.difference_shown(ratio_decimals.max(2)).map(|d| {
        let text = d.format(Decimals::AsIs);
        if text.starts_with('-') { text } else { format!("+{text}") }
    });
    [shown(indicator.ratio_shown(ratio_decimals)), difference.unwrap_or_default(), indicator.status().label().to_string()]
}

/// The problems of `error`, each at the cell, row or heading its place
/// names (the grid's places are row + 2 for the line, column + 1).
fn problems_of(error: Error) -> Vec<Problem> {
    error
        .into_problems()
        .into_iter()
        .map(|problem| match problem {
            Error::Input { place, message, hint } => Problem {
                row: place.line.and_then(|l| l.checked_sub(2)),
                column: place.column.and_then(|c| c.checked_sub(1)),
                message,
                hint,
            },
            other => Problem { row: None, column: None, message: other.to_string(), hint: None },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        let headings = ["id", "name", "unit", "direction", "target", "achieved"].map(String::from).to_vec();
        Grid {
            file: TableFile::at(std::path::PathBuf::from("indicators.csv")),
            headings,
            rows: rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect(),
        }
    }

    #[test]
    fn a_number_in_english_notation_is_a_problem_at_its_cell() {
        let checked = grid(&[&["a", "A", "%", "at_least", "70", "68.5"]]).check(1);
        assert!(checked.indicators.is_none());
        let problem = &checked.problems[0];
        assert_eq!((problem.row, problem.column), (Some(0), Some(5)), "{problem:?}");
    }

    #[test]
    fn a_yaml_table_is_written_back_as_it_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("indicators.yaml");
        std::fs::write(&path, "# Bảng chỉ tiêu\n- id: a\n  name: A\n  unit: \"%\"\n  target: 7\n  achieved: 6,5\n").unwrap();
        let mut grid = Grid::read(dir.path(), None).unwrap().unwrap();
        assert_eq!(grid.file.kind, Kind::Yaml);
        let column = grid.keys().iter().position(|k| *k == Some("achieved")).unwrap();
        grid.rows[0][column] = "1.500".into();
        let indicators = grid.check(1).indicators.unwrap();
        let bytes = grid.bytes(dir.path(), None, Some(&indicators), Some(Date { year: 2021, month: 1, day: 1 }), 1).unwrap();
        let written = String::from_utf8(bytes).unwrap();
        assert!(written.starts_with("# Bảng chỉ tiêu\n- id: a\n"), "{written}");
        let read = super::super::table::parse(&path, &written).unwrap();
        assert_eq!((read.len(), read[0].id.as_str(), read[0].unit.as_str()), (1, "a", "%"));
        assert_eq!(read[0].achieved.map(|a| a.format(crate::locale::numbers::Decimals::AsIs)), Some("1.500".into()));
    }

    #[test]
    fn a_workbook_is_written_back_and_reads_as_edited() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "id,name,unit,target,achieved\na,Việc làm mới,lao động,23.000,16.100\n";
        std::fs::write(dir.path().join("indicators.csv"), csv).unwrap();
        let indicators = super::super::table::parse(Path::new("indicators.csv"), csv).unwrap();
        let date = Date { year: 2021, month: 1, day: 15 };
        let bytes = export::workbook(dir.path(), None, &indicators, date, 1).unwrap();
        std::fs::remove_file(dir.path().join("indicators.csv")).unwrap();
        std::fs::write(dir.path().join("indicators.xlsx"), bytes).unwrap();
        let mut grid = Grid::read(dir.path(), None).unwrap().unwrap();
        assert_eq!(grid.file.kind, Kind::Workbook);
        let column = grid.keys().iter().position(|k| *k == Some("achieved")).unwrap();
        assert_eq!(grid.rows[0][column], "16.100");
        grid.rows[0][column] = "16.500".into();
        let checked = grid.check(1);
        assert_eq!(checked.computed[0][0], "71,7");
        let bytes = grid.bytes(dir.path(), None, checked.indicators.as_deref(), Some(date), 1).unwrap();
        std::fs::write(dir.path().join("indicators.xlsx"), bytes).unwrap();
        let again = Grid::read(dir.path(), None).unwrap().unwrap();
        assert_eq!(again.rows[0][column], "16.500");
    }

    #[test]
    fn a_column_of_a_csv_line_is_its_cell() {
        let line = "a;\"b;c\";d";
        assert_eq!([1, 3, 5, 9].map(|column| csv_cell(line, b';', column)), [0, 1, 1, 2]);
    }

    #[test]
    fn a_good_grid_gives_each_row_its_ratio_and_status() {
        let checked = grid(&[&["a", "A", "lao động", "at_least", "16.000", "16.330"], &["", "", "", "", "", ""], &["b", "B", "%", "at_least", "70", "68,5"]]).check(1);
        assert!(checked.problems.is_empty(), "{:?}", checked.problems);
        assert_eq!(checked.computed[0][0], "102,1");
        assert_eq!(checked.computed[1], [String::new(), String::new(), String::new()]);
        assert_eq!(checked.computed[2][1], "-1,5");
    }
}
