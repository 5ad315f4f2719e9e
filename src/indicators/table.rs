//! Reading the indicator table: `indicators.csv` or `indicators.yaml` in the
//! report folder, one row per indicator.
//!
//! | column (or Vietnamese heading) | what it holds |
//! | --- | --- |
//! | `id` (`mã`) | a stable id the templates use: lower case letters, digits, `_` |
//! | `group` (`nhóm`) | Đảng, kinh tế, xã hội, môi trường, quốc phòng - an ninh, or any |
//! | `list` (`danh sách`) | the summary list it counts in (`main`, `task`), if any |
//! | `name` (`tên chỉ tiêu`) | the indicator's name |
//! | `short_name` (`tên ngắn`) | its name in a summary list, if shorter |
//! | `unit` (`đơn vị`) | `%`, `tỷ đồng`, `lao động`, ... |
//! | `direction` (`hướng`) | `at_least` (`từ`, `trở lên`), `at_most` (`dưới`, `tối đa`), `range` (`khoảng`), `maintain` (`duy trì`); default at least, or what the target's word says |
//! | `compare` (`so sánh`) | `points` (`điểm`): the difference in the unit, default for `%`; `ratio` (`tỷ lệ`): achieved ÷ target, default otherwise |
//! | `basis` (`căn cứ`) | what the target is called: `kế hoạch` (default), `Nghị quyết`, `dự toán` |
//! | `target` (`nghị quyết`) | the year's target: `11`, `2,5`, `dưới 2,5`, `trên 1.000`, or a range `1.100 - 1.200` |
//! | `achieved` (`thực hiện`) | the result: `16.100`, `trên 1.000`, `khoảng 5` |
//! | `previous` (`năm trước`) | last year's value, where known |
//! | `next_target` (`năm sau`) | the next year's target |
//! | `stated_ratio` (`tỷ lệ đã nêu`) | the ratio the report states ("đạt 110,7%"): the status when no figures are given, checked when they are |
//! | `stated_difference` (`chênh lệch đã nêu`) | the difference the report states ("vượt 0,36%": `0,36`; "thấp hơn 7,68%": `-7,68`), checked likewise |
//! | `appendix` (`phụ lục`) | `có` lists a row with nothing to judge in the appendix, `không` leaves a row out |
//! | `note` (`ghi chú`) | a note |
//!
//! Numbers are in Vietnamese notation ("16.100", "68,5", "1,03%"), in YAML
//! too: an unquoted `16.100` there is sixteen thousand one hundred, as in the
//! CSV, never YAML's 16.1. A number that could be read two ways is an error
//! naming its row and column ([`crate::locale::numbers::parse`]). A figure
//! may start with a word that makes it a bound or an estimate ("trên",
//! "dưới", "khoảng", see [`super::Qualifier`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::columns::{Field, Rows, column};
use super::file::{Dialect, Kind, TableFile};
use super::{Amount, Bound, Comparison, Direction, Indicator};
use crate::error::{Error, Place, Result};
use crate::limits::MAX_INDICATOR_ROWS;
use crate::text;
use crate::t;

/// Loads the indicator table of the report in `dir`: an empty table when it
/// has none. The file is read confined to the folder and inspected (what
/// it notices goes to `warnings`); a workbook is read from `sheet`, else
/// its first sheet. Every mistake in it is reported, not just the first.
/// With the indicators, a digest of the cells as read (empty without a
/// table), for the DOCX to record what it was built from.
pub fn load(dir: &Path, sheet: Option<&str>, warnings: &mut Vec<crate::error::Warning>) -> Result<(Vec<Indicator>, String)> {
    match rows(dir, sheet, warnings)? {
        Some(table) => {
            let digest = digest_of(&table.rows);
            Ok((from_rows(&table.path, table.rows, table.errors)?, digest))
        }
        None => Ok((Vec::new(), String::new())),
    }
}

/// The SHA-256 of `rows`' headings and cells, in hex.
fn digest_of(rows: &Rows) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for (_, fields) in rows {
        for field in fields {
            for part in [field.heading.as_str(), field.cell.as_str()] {
                hash.update((part.len() as u64).to_le_bytes());
                hash.update(part.as_bytes());
            }
        }
        hash.update([0xff]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A table file's rows as read, before they become indicators.
pub(super) struct ReadTable {
    /// The file.
    pub path: PathBuf,
    /// Its rows.
    pub rows: Rows,
    /// The cells that could not be read (a workbook's dates, error
    /// values), left empty in `rows`.
    pub errors: Vec<Error>,
}

/// The table file of the report in `dir` and its rows, as [`load`] reads
/// them; `None` when it has no table.
pub(super) fn rows(dir: &Path, sheet: Option<&str>, warnings: &mut Vec<crate::error::Warning>) -> Result<Option<ReadTable>> {
    let Some(TableFile { path, kind }) = TableFile::find(dir)? else { return Ok(None) };
    let (rows, errors) = match kind {
        Kind::Workbook => super::workbook::read(&path, dir, sheet, warnings)?,
        _ => {
            let (source, found) = text::read_inspected(&path, dir)?;
            warnings.extend(found);
            (if kind == Kind::Csv { read_csv(&path, &source)? } else { read_yaml(&path, &source)? }, Vec::new())
        }
    };
    Ok(Some(ReadTable { path, rows, errors }))
}

/// Reads the indicator table `source`, the text of `path` (CSV when the
/// name ends in `.csv`, YAML otherwise). Every mistake in it is reported,
/// not just the first.
pub fn parse(path: &Path, source: &str) -> Result<Vec<Indicator>> {
    let rows = if path.extension().is_some_and(|e| e == "csv") { read_csv(path, source)? } else { read_yaml(path, source)? };
    from_rows(path, rows, Vec::new())
}

/// The indicators of a table from its `rows`, every mistake reported with
/// the `errors` found reading them, each at its row's place (the table's
/// path, `_path`, is in each place already).
pub(super) fn from_rows(_path: &Path, rows: Rows, mut errors: Vec<Error>) -> Result<Vec<Indicator>> {
    if rows.len() > MAX_INDICATOR_ROWS {
        let (place, _) = &rows[MAX_INDICATOR_ROWS];
        return Err(Error::input(
            place.clone(),
            t!(
                "bảng chỉ tiêu có hơn {MAX_INDICATOR_ROWS} dòng, quá giới hạn {MAX_INDICATOR_ROWS} dòng",
                "the indicator table has more than {MAX_INDICATOR_ROWS} rows, past the limit of {MAX_INDICATOR_ROWS}"
            ),
            Some(t!("một tỉnh có dưới 100 chỉ tiêu; kiểm tra lại tệp", "a province has under 100 indicators; check the file")),
        ));
    }
    let mut indicators: Vec<Indicator> = Vec::with_capacity(rows.len());
    let mut first_of: std::collections::HashMap<String, Place> = std::collections::HashMap::new();
    for (row_place, fields) in rows {
        // Every mistake is kept (at most a few per row of 2 000): what is
        // printed, and the count of the rest, is the printer's to decide.
        let indicator = match build(row_place, fields) {
            Ok(indicator) => indicator,
            Err(mut row_errors) => {
                errors.append(&mut row_errors);
                continue;
            }
        };
        if let Some(first) = first_of.get(&indicator.id) {
            errors.push(Error::input(
                indicator.place.clone(),
                t!("mã chỉ tiêu «{}» trùng với dòng ở {}", "indicator id «{}» repeats the row at {}", indicator.id, first),
                Some(t!("mỗi chỉ tiêu một mã riêng", "give each indicator its own id")),
            ));
        } else {
            first_of.insert(indicator.id.clone(), indicator.place.clone());
        }
        indicators.push(indicator);
    }
    match Error::all(errors) {
        Some(error) => Err(error),
        None => Ok(indicators),
    }
}

fn read_csv(path: &Path, source: &str) -> Result<Rows> {
    let header = source.lines().next().unwrap_or("");
    let delimiter = Dialect::of(source).delimiter;
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(false).from_reader(source.as_bytes());
    let mut line_starts = vec![0];
    line_starts.extend(source.match_indices('\n').map(|(at, _)| at + 1));
    let line_of = |byte: usize| line_of(source, &line_starts, byte);
    let csv_error = |e: csv::Error| {
        let line = e.position().map(|p| line_of(p.byte() as usize));
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                t!("dòng có {len} ô nhưng dòng tiêu đề có {expected_len} cột", "the row has {len} cells but the heading row {expected_len} columns")
            }
            _ => t!("không đọc được bảng CSV: {}", "cannot read the CSV table: {}", crate::reason::csv(&e)),
        };
        Error::input(
            match line {
                Some(line) => Place { column: None, ..Place::in_text(path, source, line, 1) },
                None => Place::file(path),
            },
            message,
            Some(t!(
                "mỗi dòng phải có đủ số ô như dòng tiêu đề; ô có dấu phân cách thì đặt trong ngoặc kép",
                "each row needs as many cells as the heading row; quote a cell that holds the separator"
            )),
        )
    };
    let headings: Vec<String> = reader.headers().map_err(csv_error)?.iter().map(str::to_string).collect();
    let keys: Vec<&'static str> =
        headings.iter().map(|h| column(h, &Place::on_line(path, 1, 1, header))).collect::<Result<_>>()?;
    let lines: Vec<&str> = source.lines().collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        // Counted from the byte offset: the csv crate miscounts lines that
        // end in CR LF (and points at the LF).
        let line = record.position().map_or(0, |p| line_of(p.byte() as usize));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() > MAX_INDICATOR_ROWS {
            // Past the limit: parse() says so; reading on is wasted work.
            break;
        }
        let text = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
        let fields = record
            .iter()
            .enumerate()
            .map(|(i, cell)| Field {
                key: keys[i],
                heading: headings[i].trim().to_string(),
                cell: cell.to_string(),
                place: Place::on_line(path, line, field_column(text, delimiter, i), text),
            })
            .collect();
        rows.push((Place { column: None, ..Place::on_line(path, line, 1, text) }, fields));
    }
    Ok(rows)
}

/// The line (from 1) of the record starting at byte offset `byte` in `text`,
/// whose lines start at `line_starts` (a line end there belongs to the line
/// before).
fn line_of(text: &str, line_starts: &[usize], byte: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = byte.min(bytes.len());
    while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
        start += 1;
    }
    line_starts.partition_point(|s| *s <= start).max(1)
}

/// The column (in characters, from 1) where cell `index` of CSV line `line`
/// starts, minding quoted cells.
fn field_column(line: &str, delimiter: u8, index: usize) -> usize {
    let mut quoted = false;
    let mut field = 0;
    for (column, c) in line.chars().enumerate() {
        if field == index {
            return column + 1;
        }
        match c {
            '"' => quoted = !quoted,
            c if c == char::from(delimiter) && !quoted => field += 1,
            _ => {}
        }
    }
    line.chars().count() + 1
}

fn read_yaml(path: &Path, source: &str) -> Result<Rows> {
    // Every cell is read as the text written, so numbers follow the same
    // Vietnamese notation as in the CSV.
    let table: Vec<BTreeMap<String, serde_saphyr::Spanned<Option<String>>>> =
        crate::yaml::parse(path, source)?;
    let lines: Vec<&str> = source.lines().collect();
    let at = |line: usize, column: usize| Place::on_line(path, line, column, lines.get(line.saturating_sub(1)).copied().unwrap_or(""));
    let mut rows = Vec::new();
    for row in table {
        let row_place = row
            .values()
            .map(|c| at(c.referenced.line() as usize, 1))
            .min_by_key(|p| p.line)
            .unwrap_or_else(|| Place::file(path));
        let mut fields = Vec::new();
        for (heading, spanned) in row {
            let place = at(spanned.referenced.line() as usize, spanned.referenced.column() as usize);
            let cell = spanned.value.unwrap_or_default();
            if let Some(error) = text::check_value(&place, &cell) {
                return Err(error);
            }
            fields.push(Field { key: column(&heading, &place)?, heading, cell, place });
        }
        rows.push((row_place, fields));
    }
    Ok(rows)
}

/// An error about one cell.
fn cell_error(field: &Field, message: impl Into<String>, hint: impl Into<String>) -> Error {
    let column = t!("cột", "column");
    Error::input(field.place.clone(), format!("{column} «{}»: {}", field.heading, message.into()), Some(hint.into()))
}

fn amount(field: &Field) -> Result<Option<Amount>> {
    let t = field.cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    Amount::parse(t).map(Some).map_err(|e| cell_error(field, e.message, e.hint))
}

/// A result or a stated figure: one number, maybe qualified, not a range.
fn single(field: &Field) -> Result<Option<Amount>> {
    match amount(field)? {
        Some(Amount::Range(..)) => Err(cell_error(
            field,
            t!("«{}» là một khoảng, ở cột này cần một số", "«{}» is a range; this column takes one figure", field.cell.trim()),
            t!("ghi một số; nếu chỉ biết gần đúng, ghi «khoảng 5» hoặc «trên 1.000»", "give one figure; if it is approximate, write «khoảng 5» or «trên 1.000»"),
        )),
        other => Ok(other),
    }
}

fn comparison(field: &Field, unit: &str) -> Result<Comparison> {
    let word = text::nfc(field.cell.trim()).to_lowercase();
    Ok(match word.as_str() {
        "" => Comparison::default_for(unit),
        "ratio" | "tỷ lệ" | "tỉ lệ" => Comparison::Ratio,
        "points" | "điểm" | "điểm %" | "chênh lệch" => Comparison::Points,
        _ => {
            return Err(cell_error(
                field,
                t!("cách so sánh «{}» không hiểu được", "unknown comparison «{}»", field.cell.trim()),
                t!(
                    "points (điểm: chênh lệch, mặc định cho đơn vị %) hoặc ratio (tỷ lệ: thực hiện ÷ chỉ tiêu, mặc định cho đơn vị khác)",
                    "points (the difference; the default for unit %) or ratio (achieved ÷ target; the default for other units)"
                ),
            ));
        }
    })
}

fn yes_no(field: &Field) -> Result<Option<bool>> {
    let word = text::nfc(field.cell.trim()).to_lowercase();
    Ok(match word.as_str() {
        "" => None,
        "có" | "x" | "yes" | "true" => Some(true),
        "không" | "no" | "false" => Some(false),
        _ => {
            return Err(cell_error(
                field,
                t!("«{}» không phải có/không", "«{}» is not yes or no", field.cell.trim()),
                t!("ghi «có» hoặc «không», hoặc để trống", "write «có» (yes) or «không» (no), or leave it empty"),
            ));
        }
    })
}

fn direction(field: &Field) -> Result<Option<Direction>> {
    let word = text::nfc(field.cell.trim()).to_lowercase();
    Ok(Some(match word.as_str() {
        "" => return Ok(None),
        "at_least" | "tối thiểu" | "từ" | "trở lên" | ">=" | "≥" => Direction::AtLeast,
        "at_most" | "tối đa" | "dưới" | "không quá" | "<=" | "≤" => Direction::AtMost,
        "range" | "khoảng" | "trong khoảng" => Direction::Range,
        "maintain" | "duy trì" | "giữ vững" => Direction::Maintain,
        _ => {
            return Err(cell_error(
                field,
                t!("hướng «{}» không hiểu được", "unknown direction «{}»", field.cell.trim()),
                t!(
                    "at_least (từ ... trở lên), at_most (dưới), range (khoảng) hoặc maintain (duy trì)",
                    "at_least (từ ... trở lên), at_most (dưới), range (khoảng) or maintain (duy trì)"
                ),
            ));
        }
    }))
}

fn text_of(field: &Field) -> String {
    text::nfc(field.cell.trim()).into_owned()
}

/// Builds one indicator from its cells, or gives every mistake in them.
fn build(place: Place, fields: Vec<Field>) -> std::result::Result<Indicator, Vec<Error>> {
    let find = |key: &str| fields.iter().find(|f| f.key == key);
    let text = |key: &str| find(key).map(text_of).unwrap_or_default();
    let optional = |key: &str| Some(text(key)).filter(|t| !t.is_empty());
    let mut errors = Vec::new();
    let id = text("id");
    let valid_id = !id.is_empty()
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !id.starts_with(|c: char| c.is_ascii_digit());
    if !valid_id {
        errors.push(Error::input(
            find("id").map_or(place.clone(), |f| f.place.clone()),
            t!("mã chỉ tiêu «{id}» không hợp lệ", "invalid indicator id «{id}»"),
            Some(t!(
                "mã gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ, ví dụ tang_truong_grdp",
                "an id is lower-case ASCII letters, digits and underscores, starting with a letter, e.g. tang_truong_grdp"
            )),
        ));
    }
    let name = text("name");
    if name.is_empty() {
        errors.push(Error::input(
            place.clone(),
            t!("chỉ tiêu «{id}» chưa có tên", "indicator «{id}» has no name"),
            Some(t!("điền cột name (tên chỉ tiêu)", "fill in the name column (tên chỉ tiêu)")),
        ));
    }
    let mut keep = |result: Result<Option<Amount>>| result.unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let target = keep(find("target").map(amount).transpose().map(Option::flatten));
    let next_target = keep(find("next_target").map(amount).transpose().map(Option::flatten));
    let achieved = keep(find("achieved").map(single).transpose().map(Option::flatten));
    let stated_ratio = keep(find("stated_ratio").map(single).transpose().map(Option::flatten));
    let stated_difference = keep(find("stated_difference").map(single).transpose().map(Option::flatten));
    let previous = keep(find("previous").map(single).transpose().map(Option::flatten));
    let in_appendix = match find("appendix").map(yes_no).transpose() {
        Ok(a) => a.flatten(),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let unit = text("unit");
    let compare = match find("compare").map(|f| comparison(f, &unit)).transpose() {
        Ok(c) => c.unwrap_or_else(|| Comparison::default_for(&unit)),
        Err(e) => {
            errors.push(e);
            Comparison::default_for(&unit)
        }
    };
    // The direction: the column's, else what the target's word says
    // ("dưới 2,5" is at most); the two must not disagree.
    let written = match find("direction").map(direction).transpose() {
        Ok(d) => d.flatten(),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let implied = match target {
        Some(Amount::Qualified(q, _)) => match q.bound {
            Bound::Above => Some(Direction::AtLeast),
            Bound::Below => Some(Direction::AtMost),
            Bound::About => None,
        },
        _ => None,
    };
    let direction = match (written, implied) {
        (Some(w), Some(i)) if w != i => {
            if let Some(field) = find("target") {
                errors.push(cell_error(
                    field,
                    t!(
                        "chỉ tiêu «{}» nói hướng {} nhưng cột hướng ghi {}",
                        "the target «{}» says {} but the direction column says {}",
                        field.cell.trim(),
                        i.key(),
                        w.key()
                    ),
                    t!("bỏ chữ trước số, hoặc sửa cột hướng", "drop the word before the figure, or correct the direction column"),
                ));
            }
            w
        }
        (Some(w), _) => w,
        (None, i) => i.unwrap_or(Direction::AtLeast),
    };
    if let (Some(field), Some(Comparison::Points)) = (find("stated_ratio").filter(|f| !f.cell.trim().is_empty()), Some(compare)) {
        errors.push(cell_error(
            field,
            t!(
                "chỉ tiêu «{id}» so sánh bằng điểm (đơn vị {unit}), không có tỷ lệ đạt",
                "indicator «{id}» is compared in points (unit {unit}); it has no achievement ratio"
            ),
            t!(
                "ghi chênh lệch vào cột chênh lệch đã nêu (stated_difference); nếu tài liệu so sánh bằng tỷ lệ («đạt 91% Nghị quyết»), ghi «ratio» ở cột so sánh (compare)",
                "give the difference in the stated_difference column; if the report compares as a ratio («đạt 91% Nghị quyết»), write «ratio» in the compare column"
            ),
        ));
    }
    if let (Some(field), Some(target)) = (find("target"), target) {
        let lowest = target.value();
        // A ratio to a target of zero or below says nothing ("đạt -70%").
        let compared_as_ratio = compare == Comparison::Ratio && direction != Direction::AtMost;
        if compared_as_ratio && lowest <= Decimal::ZERO {
            errors.push(cell_error(
                field,
                t!("chỉ tiêu {} thì không tính được tỷ lệ đạt", "a target of {} gives no achievement ratio", field.cell.trim()),
                t!(
                    "ghi chỉ tiêu lớn hơn 0; nếu mục tiêu là không vượt quá một mức, ghi hướng «dưới» (at_most); nếu so sánh bằng chênh lệch, ghi «points» ở cột so sánh",
                    "give a target above 0; if the aim is to stay under a level, set the direction to «dưới» (at_most); to compare by the difference, write «points» in the compare column"
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Indicator {
        group: text("group"),
        list: optional("list"),
        short_name: optional("short_name"),
        unit,
        direction,
        compare,
        basis: optional("basis").unwrap_or_else(|| "kế hoạch".into()),
        target,
        achieved,
        previous,
        next_target,
        stated_ratio,
        stated_difference,
        in_appendix,
        note: text("note"),
        id,
        name,
        place,
    })
}


