//! The indicator table's file, in one place: which file it is and its
//! form (a CSV in its dialect, a YAML list, a workbook), and how it is
//! written back: cells set keeping every other byte (the import), a grid
//! written keeping the bytes of every row it did not change (the editor),
//! the table a year on (new-year). Reading its rows is [`super::table`]'s
//! and [`super::workbook`]'s.

use std::path::{Path, PathBuf};

use super::columns::{Field, Rows, column, key_of};
use super::workbook;
use crate::error::{Error, Place, Result};
use crate::limits::MAX_INPUT;
use crate::{files, t, text};

/// The table's file names: a text table (CSV first) or a workbook (see
/// [`super::workbook`]).
pub const FILES: [&str; 6] =
    ["indicators.csv", "indicators.yaml", "indicators.xlsx", "indicators.xlsm", "indicators.ods", "indicators.xls"];

/// The byte-order mark Excel writes before a CSV.
const BOM: &str = "\u{feff}";

/// What kind of file the table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A CSV file.
    Csv,
    /// A YAML list of rows.
    Yaml,
    /// A workbook (.xlsx, .xlsm, .ods, .xls).
    Workbook,
}

impl Kind {
    /// Its name for people and the editor: "csv", "yaml" or "workbook".
    pub fn name(self) -> &'static str {
        match self {
            Kind::Csv => "csv",
            Kind::Yaml => "yaml",
            Kind::Workbook => "workbook",
        }
    }
}

/// How a CSV file is written: its separator, its line ends, a byte-order
/// mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// ";" when the heading line has one (as Excel writes CSV in a
    /// Vietnamese locale), else ",".
    pub delimiter: u8,
    /// Lines end in CR LF.
    pub crlf: bool,
    /// It starts with a byte-order mark.
    pub bom: bool,
}

impl Dialect {
    /// The dialect of CSV text `source`.
    pub fn of(source: &str) -> Dialect {
        let delimiter = if source.lines().next().unwrap_or("").contains(';') { b';' } else { b',' };
        Dialect { delimiter, crlf: source.contains("\r\n"), bom: source.starts_with(BOM) }
    }

    fn line_end(self) -> &'static str {
        if self.crlf { "\r\n" } else { "\n" }
    }

    /// `cell` as written in this dialect: quoted when it must be.
    fn quoted(self, cell: &str) -> String {
        if cell.contains([char::from(self.delimiter), '"', '\n', '\r']) || cell.starts_with(' ') && cell.trim().is_empty() {
            format!("\"{}\"", cell.replace('"', "\"\""))
        } else {
            cell.to_string()
        }
    }
}

/// A cell to set: the row's indicator id, the column's key, the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellValue {
    /// The indicator's id.
    pub id: String,
    /// The column's key (`achieved`).
    pub key: &'static str,
    /// The value, as typed.
    pub value: String,
}

/// The columns a rollover writes, with the heading it gives a column the
/// table lacks.
const ROLLED: [(&str, &str); 6] = [
    ("target", "nghị quyết"),
    ("achieved", "thực hiện"),
    ("previous", "năm trước"),
    ("next_target", "năm sau"),
    ("stated_ratio", "tỷ lệ đã nêu"),
    ("stated_difference", "chênh lệch đã nêu"),
];

/// What a column holds a year on: next year's target becomes the target,
/// the result becomes last year's value, the rest of the year's figures are
/// emptied.
enum Roll {
    /// The value of another column of the row.
    From(&'static str),
    /// Nothing.
    Empty,
    /// Its own value.
    Keep,
}

fn roll(key: &str) -> Roll {
    match key {
        "target" => Roll::From("next_target"),
        "previous" => Roll::From("achieved"),
        "achieved" | "next_target" | "stated_ratio" | "stated_difference" => Roll::Empty,
        _ => Roll::Keep,
    }
}

/// The `rows` of a table a year on, as [`TableFile::rolled`] rolls a CSV; the
/// columns the rollover needs are added when missing.
pub(super) fn roll_rows(rows: &Rows) -> Rows {
    rows.iter()
        .map(|(place, fields)| {
            let get = |key: &str| fields.iter().find(|f| f.key == key).map(|f| f.cell.clone()).unwrap_or_default();
            let mut rolled: Vec<Field> = fields
                .iter()
                .map(|field| {
                    let cell = match roll(field.key) {
                        Roll::From(other) => get(other),
                        Roll::Empty => String::new(),
                        Roll::Keep => field.cell.clone(),
                    };
                    Field { cell, ..field.clone() }
                })
                .collect();
            for (key, heading) in ROLLED {
                if !fields.iter().any(|f| f.key == key) {
                    let cell = match roll(key) {
                        Roll::From(other) => get(other),
                        _ => String::new(),
                    };
                    rolled.push(Field { key, heading: heading.to_string(), cell, place: place.clone() });
                }
            }
            (place.clone(), rolled)
        })
        .collect()
}

/// The indicator table's file of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableFile {
    /// The file.
    pub path: PathBuf,
    /// Its kind.
    pub kind: Kind,
}

impl TableFile {
    /// The indicator table file of the report in `dir`, if it has one; two
    /// table files is an error naming both.
    pub fn find(dir: &Path) -> Result<Option<TableFile>> {
        let present: Vec<PathBuf> = FILES.iter().map(|f| dir.join(f)).filter(|p| p.symlink_metadata().is_ok()).collect();
        match present.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(TableFile::at(one.clone()))),
            [first, second, ..] => {
                let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let (first_name, second_name) = (name(first), name(second));
                Err(Error::input(
                    Place::file(first),
                    t!("có cả {first_name} và {second_name}: không biết dùng bảng nào", "both {first_name} and {second_name}: which table to use?"),
                    Some(t!("giữ lại một tệp bảng chỉ tiêu", "keep one indicator table file")),
                ))
            }
        }
    }

    /// The table file `path`, its kind told by its name.
    pub fn at(path: PathBuf) -> TableFile {
        let kind = if workbook::is_workbook(&path) {
            Kind::Workbook
        } else if path.extension().is_some_and(|e| e == "csv") {
            Kind::Csv
        } else {
            Kind::Yaml
        };
        TableFile { path, kind }
    }

    /// The file's text, read confined to report folder `dir`, its
    /// byte-order mark kept.
    fn source(&self, dir: &Path) -> Result<String> {
        let bytes = files::read(&self.path, dir, MAX_INPUT).map_err(|refusal| refusal.into_error(&self.path, None))?;
        let bom = bytes.starts_with(BOM.as_bytes());
        let source = text::decode(&self.path, bytes)?;
        Ok(if bom { format!("{BOM}{source}") } else { source })
    }

    /// The file's bytes with each of `cells` set, every other byte kept. A
    /// workbook is not written into: the error names each cell to change,
    /// by its sheet and place, for the person to change in Excel.
    pub fn set_cells(&self, dir: &Path, sheet: Option<&str>, cells: &[CellValue]) -> Result<Vec<u8>> {
        if self.kind == Kind::Workbook {
            return Err(self.cells_to_change_by_hand(dir, sheet, cells));
        }
        let mut source = self.source(dir)?;
        for cell in cells {
            let set = match self.kind {
                Kind::Csv => set_csv(&source, Dialect::of(&source), &cell.id, cell.key, &cell.value),
                _ => set_yaml(&source, &cell.id, cell.key, &cell.value),
            };
            source = set.ok_or_else(|| {
                Error::input(
                    Place::file(&self.path),
                    t!("không tìm thấy ô {} của chỉ tiêu {} để ghi «{}»", "no cell {} of indicator {} to write «{}» in", cell.key, cell.id, cell.value),
                    Some(t!("sửa trực tiếp trong bảng chỉ tiêu", "change it in the indicator table by hand")),
                )
            })?;
        }
        Ok(source.into_bytes())
    }

    /// The error that names, for a workbook, each of `cells` with its
    /// sheet and cell ("trang «Chỉ tiêu», ô K34 → 16.500").
    fn cells_to_change_by_hand(&self, dir: &Path, sheet: Option<&str>, cells: &[CellValue]) -> Error {
        let mut warnings = Vec::new();
        let rows = workbook::read(&self.path, dir, sheet, &mut warnings).map(|(rows, _)| rows).unwrap_or_default();
        let place_of = |cell: &CellValue| {
            rows.iter()
                .find(|(_, fields)| fields.iter().any(|f| f.key == "id" && f.cell.trim() == cell.id))
                .and_then(|(_, fields)| fields.iter().find(|f| f.key == cell.key))
                .and_then(|f| f.place.within.clone())
        };
        let named: Vec<String> = cells
            .iter()
            .map(|cell| match place_of(cell) {
                Some(within) => format!("{within} → {}", cell.value),
                None => format!("{}.{} → {}", cell.id, cell.key, cell.value),
            })
            .collect();
        Error::input(
            Place::file(&self.path),
            t!("số liệu đã sửa thuộc sổ tính, baocao không ghi vào sổ tính của người dùng", "the edited figures belong to a workbook, which baocao does not write into"),
            Some(t!("sửa trong Excel: {}", "change them in Excel: {}", named.join("; "))),
        )
    }

    /// The file's bytes holding `headings` and `rows` (the editor's grid):
    /// a CSV keeps the bytes of its heading line and of every row that did
    /// not change, a changed row keeps those of its cells that did not; a
    /// YAML list is written anew (the comments heading it kept). A
    /// workbook is written by [`super::export`].
    pub fn with_grid(&self, dir: &Path, headings: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>> {
        match self.kind {
            Kind::Csv => {
                let source = self.source(dir).unwrap_or_default();
                Ok(csv_with_grid(&source, headings, rows).into_bytes())
            }
            Kind::Yaml => {
                // The comment lines heading the file stay; each row is a map
                // of its cells that are not empty, in the grid's order.
                let original = text::read(&self.path, dir).unwrap_or_default();
                let mut out: String = original.lines().take_while(|l| l.starts_with('#') || l.trim().is_empty()).map(|l| format!("{l}\n")).collect();
                for row in rows {
                    let cells: Vec<(&String, &String)> = headings.iter().zip(row).filter(|(_, c)| !c.trim().is_empty()).collect();
                    for (i, (heading, cell)) in cells.iter().enumerate() {
                        let lead = if i == 0 { "- " } else { "  " };
                        out.push_str(&format!("{lead}{heading}: {}\n", crate::yaml::quoted(cell.trim())));
                    }
                }
                Ok(out.into_bytes())
            }
            Kind::Workbook => Err(Error::Internal("a workbook is written by export".into())),
        }
    }

    /// A CSV or YAML table a year on: next year's target becomes the
    /// target, the result last year's value, the year's other figures are
    /// emptied; columns the rollover needs are added when missing. A CSV
    /// keeps its dialect; a YAML list is written anew (its comments are
    /// not kept).
    pub fn rolled(&self, dir: &Path) -> Result<Vec<u8>> {
        match self.kind {
            Kind::Csv => roll_csv(&self.path, &self.source(dir)?),
            _ => roll_yaml(&self.path, &text::read(&self.path, dir)?),
        }
    }
}

/// The byte ranges of the lines of `text`, without their line ends.
fn line_ranges(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let range = (start, text[start..end].strip_suffix('\r').map_or(end, |l| start + l.len()));
        start = end + 1;
        Some(range)
    })
}

/// The byte ranges of the cells of CSV line `line`, minding quotes.
fn cell_ranges(line: &str, delimiter: u8) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b if b == delimiter && !quoted => {
                ranges.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    ranges.push((start, line.len()));
    ranges
}

/// A CSV cell's text, its quotes undone.
fn unquote(cell: &str) -> String {
    let cell = cell.trim();
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    }
}

/// A CSV line: its byte range and its cells' (relative to the line), and
/// the cells' text.
struct Line {
    start: usize,
    end: usize,
    ranges: Vec<(usize, usize)>,
    cells: Vec<String>,
}

/// The lines of CSV text `body` (no byte-order mark).
fn csv_lines(body: &str, delimiter: u8) -> Vec<Line> {
    line_ranges(body)
        .map(|(start, end)| {
            let ranges = cell_ranges(&body[start..end], delimiter);
            let cells = ranges.iter().map(|(a, b)| unquote(&body[start + a..start + b])).collect();
            Line { start, end, ranges, cells }
        })
        .collect()
}

/// CSV text `source` with the cell of row `id` in column `key` set to
/// `value`; `None` when the table has no such cell.
fn set_csv(source: &str, dialect: Dialect, id: &str, key: &str, value: &str) -> Option<String> {
    let body = source.strip_prefix(BOM).unwrap_or(source);
    let offset = source.len() - body.len();
    let lines = csv_lines(body, dialect.delimiter);
    let (header, rows) = lines.split_first()?;
    let id_column = header.cells.iter().position(|h| key_of(h) == Some("id"))?;
    let column = header.cells.iter().position(|h| key_of(h) == Some(key))?;
    let row = rows.iter().find(|l| l.cells.get(id_column).is_some_and(|c| c.trim() == id))?;
    let (from, to) = *row.ranges.get(column)?;
    let mut out = source.to_string();
    out.replace_range(offset + row.start + from..offset + row.start + to, &dialect.quoted(value));
    Some(out)
}

/// CSV text `source` holding `headings` and `rows`: the heading line and
/// each row unchanged keep their bytes; a changed row with the id of a row
/// of the file keeps the bytes of its cells that did not change; a new row
/// is written in the file's dialect.
fn csv_with_grid(source: &str, headings: &[String], rows: &[Vec<String>]) -> String {
    let dialect = if source.is_empty() { Dialect { delimiter: b',', crlf: false, bom: false } } else { Dialect::of(source) };
    let body = source.strip_prefix(BOM).unwrap_or(source);
    let lines = csv_lines(body, dialect.delimiter);
    let line_end = dialect.line_end();
    let write = |cells: &[String]| cells.iter().map(|c| dialect.quoted(c)).collect::<Vec<_>>().join(&char::from(dialect.delimiter).to_string());
    let mut out = String::from(if dialect.bom { BOM } else { "" });
    let (header, old_rows) = match lines.split_first() {
        Some((header, rest)) if header.cells == headings => (Some(header), rest),
        Some((_, rest)) => (None, rest),
        None => (None, &lines[..]),
    };
    out.push_str(&header.map_or_else(|| write(headings), |h| body[h.start..h.end].to_string()));
    out.push_str(line_end);
    let id_column = headings.iter().position(|h| key_of(h) == Some("id"));
    let mut used = vec![false; old_rows.len()];
    for row in rows {
        let same = old_rows.iter().enumerate().position(|(i, l)| !used[i] && l.cells == *row && header.is_some());
        let same_id = || {
            let id = id_column.and_then(|c| row.get(c)).map(|s| s.trim()).filter(|s| !s.is_empty())?;
            old_rows.iter().enumerate().position(|(i, l)| !used[i] && header.is_some() && l.cells.len() == row.len() && id_column.and_then(|c| l.cells.get(c)).is_some_and(|c| c.trim() == id))
        };
        match same.or_else(same_id) {
            Some(i) => {
                used[i] = true;
                let line = &old_rows[i];
                let mut text = body[line.start..line.end].to_string();
                for (c, (cell, (from, to))) in row.iter().zip(&line.ranges).enumerate().rev() {
                    if line.cells.get(c) != Some(cell) {
                        text.replace_range(from..to, &dialect.quoted(cell));
                    }
                }
                out.push_str(&text);
            }
            None => out.push_str(&write(row)),
        }
        out.push_str(line_end);
    }
    out
}

/// YAML text `source` with `key` of the row whose id is `id` set to
/// `value` (its comment kept); `None` when the row has no such line.
fn set_yaml(source: &str, id: &str, key: &str, value: &str) -> Option<String> {
    let lines: Vec<(usize, usize)> = line_ranges(source).collect();
    let entry = |line: &str| -> Option<(String, usize, usize)> {
        // "  - name: value # comment": the key, and the value's range.
        let trimmed = line.trim_start_matches([' ', '-']);
        let lead = line.len() - trimmed.len();
        let (name, rest) = trimmed.split_once(':')?;
        let value_start = lead + name.len() + 1 + (rest.len() - rest.trim_start().len());
        let value_end = rest.find(" #").map_or(line.trim_end().len(), |c| lead + name.len() + 1 + c).max(value_start);
        Some((name.trim().to_string(), value_start, value_end))
    };
    let row_starts: Vec<usize> = lines.iter().enumerate().filter(|(_, (s, e))| source[*s..*e].trim_start().starts_with('-')).map(|(i, _)| i).collect();
    for (n, &first) in row_starts.iter().enumerate() {
        let last = row_starts.get(n + 1).copied().unwrap_or(lines.len());
        let block = &lines[first..last];
        let is_row = block.iter().any(|(s, e)| entry(&source[*s..*e]).is_some_and(|(name, vs, ve)| key_of(&name) == Some("id") && source[*s..*e][vs..ve].trim().trim_matches('"') == id));
        if !is_row {
            continue;
        }
        for (s, e) in block {
            if let Some((name, vs, ve)) = entry(&source[*s..*e])
                && key_of(&name) == Some(key)
            {
                let mut out = source.to_string();
                out.replace_range(s + vs..s + ve, &format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")));
                return Some(out);
            }
        }
    }
    None
}

/// CSV table `source` (the text of `path`) a year on, in its dialect.
fn roll_csv(path: &Path, source: &str) -> Result<Vec<u8>> {
    let dialect = Dialect::of(source);
    let body = source.strip_prefix(BOM).unwrap_or(source);
    let mut reader = csv::ReaderBuilder::new().delimiter(dialect.delimiter).from_reader(body.as_bytes());
    let unread = |e: csv::Error| {
        let place = e.position().map_or_else(|| Place::file(path), |p| Place::line(path, p.line() as usize));
        Error::input(place, t!("không đọc được bảng CSV: {}", "cannot read the CSV table: {}", crate::reason::csv(&e)), None)
    };
    let mut headings: Vec<String> = reader.headers().map_err(unread)?.iter().map(str::to_string).collect();
    let mut keys: Vec<&str> = headings.iter().map(|h| column(h, &Place::at(path, 1, 1))).collect::<Result<_>>()?;
    for (key, heading) in ROLLED {
        if !keys.contains(&key) {
            keys.push(key);
            headings.push(heading.to_string());
        }
    }
    let terminator = if dialect.crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
    let mut writer = csv::WriterBuilder::new().delimiter(dialect.delimiter).terminator(terminator).from_writer(Vec::new());
    let unwritten = |e: csv::Error| Error::io(path, t!("không ghi được bảng", "cannot write the table"), std::io::Error::other(e.to_string()));
    writer.write_record(&headings).map_err(unwritten)?;
    for record in reader.records() {
        let record = record.map_err(unread)?;
        let get = |key: &str| keys.iter().position(|k| *k == key).and_then(|i| record.get(i)).unwrap_or("");
        let cells: Vec<&str> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| match roll(key) {
                Roll::From(other) => get(other),
                Roll::Empty => "",
                Roll::Keep => record.get(i).unwrap_or(""),
            })
            .collect();
        writer.write_record(&cells).map_err(unwritten)?;
    }
    let written = writer.into_inner().map_err(|e| Error::io(path, t!("không ghi được bảng", "cannot write the table"), e.into_error()))?;
    Ok(if dialect.bom { [BOM.as_bytes(), &written].concat() } else { written })
}

/// YAML table `source` (the text of `path`) a year on. The rows are
/// written anew, so comments in the file are not kept; every cell stays
/// the text it was.
fn roll_yaml(path: &Path, source: &str) -> Result<Vec<u8>> {
    use indexmap::IndexMap;
    let rows: Vec<IndexMap<String, Option<String>>> = crate::yaml::parse(path, source)?;
    let mut rolled_rows = Vec::with_capacity(rows.len());
    for row in rows {
        let mut keyed = Vec::with_capacity(row.len());
        for (heading, value) in row {
            keyed.push((column(&heading, &Place::file(path))?, heading, value));
        }
        let get = |key: &str| keyed.iter().find(|(k, ..)| *k == key).and_then(|(_, _, v)| v.clone());
        let mut out: IndexMap<String, Option<String>> = IndexMap::new();
        for (key, heading, value) in &keyed {
            let value = match roll(key) {
                Roll::From(other) => get(other),
                Roll::Empty => None,
                Roll::Keep => value.clone(),
            };
            out.insert(heading.clone(), value);
        }
        for (key, heading) in ROLLED {
            if !keyed.iter().any(|(k, ..)| *k == key) {
                let value = match roll(key) {
                    Roll::From(other) => get(other),
                    _ => None,
                };
                out.insert(heading.to_string(), value);
            }
        }
        rolled_rows.push(out);
    }
    serde_saphyr::to_string(&rolled_rows)
        .map(String::into_bytes)
        .map_err(|e| Error::input(Place::file(path), t!("không ghi được bảng YAML: {e}", "cannot write the YAML table: {e}"), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_csv_cell_changes_and_every_other_byte_stays() {
        let csv = "\u{feff}mã;tên chỉ tiêu;thực hiện;ghi chú\r\nviec_lam;\"Việc; làm\";16.100;x\r\nkhac;B;1;\r\n";
        let edited = set_csv(csv, Dialect::of(csv), "viec_lam", "achieved", "16.200").unwrap();
        assert_eq!(edited, csv.replace("16.100", "16.200"));
        assert_eq!(set_csv(csv, Dialect::of(csv), "khac", "note", "a; b").unwrap(), csv.replace("khac;B;1;", "khac;B;1;\"a; b\""));
        assert!(set_csv(csv, Dialect::of(csv), "khong_co", "achieved", "1").is_none());
    }

    #[test]
    fn one_yaml_value_changes_and_its_comment_stays() {
        let yaml = "- id: a\n  achieved: 6,5 # ghi\n- id: b\n  thực hiện: 1.763\n";
        assert_eq!(set_yaml(yaml, "b", "achieved", "1.800").unwrap(), "- id: a\n  achieved: 6,5 # ghi\n- id: b\n  thực hiện: \"1.800\"\n");
        assert_eq!(set_yaml(yaml, "a", "achieved", "7").unwrap(), "- id: a\n  achieved: \"7\" # ghi\n- id: b\n  thực hiện: 1.763\n");
    }

    #[test]
    fn a_grid_written_back_keeps_the_bytes_of_what_did_not_change() {
        // Quoting the grid would not choose, a BOM, CR LF: all kept.
        let csv = "\u{feff}mã;tên;thực hiện\r\na;\"Tên A\";16.100\r\nb;\"B; b\";\"1\"\r\nc;C;3\r\n";
        let headings = ["mã", "tên", "thực hiện"].map(String::from).to_vec();
        let row = |r: [&str; 3]| r.map(String::from).to_vec();
        // b's result changed, c moved before a, a new row d, nothing deleted.
        let rows = [row(["c", "C", "3"]), row(["a", "Tên A", "16.100"]), row(["b", "B; b", "2"]), row(["d", "D", "4"])];
        let written = csv_with_grid(csv, &headings, &rows);
        assert_eq!(written, "\u{feff}mã;tên;thực hiện\r\nc;C;3\r\na;\"Tên A\";16.100\r\nb;\"B; b\";2\r\nd;D;4\r\n");
        // Unchanged: the same bytes.
        let same = [row(["a", "Tên A", "16.100"]), row(["b", "B; b", "1"]), row(["c", "C", "3"])];
        assert_eq!(csv_with_grid(csv, &headings, &same), csv);
    }

    #[test]
    fn a_csv_rolls_a_year_on_in_its_own_dialect() {
        let csv = "mã,tên chỉ tiêu,đơn vị,nghị quyết,thực hiện,năm sau\na,A,%,70,68,72\n";
        let rolled = String::from_utf8(roll_csv(Path::new("indicators.csv"), csv).unwrap()).unwrap();
        assert_eq!(rolled, "mã,tên chỉ tiêu,đơn vị,nghị quyết,thực hiện,năm sau,năm trước,tỷ lệ đã nêu,chênh lệch đã nêu\na,A,%,72,,,68,,\n");
    }
}
