//! Reading the indicator table from a workbook (`indicators.xlsx`, `.xlsm`,
//! `.ods` or `.xls`) with calamine: the sheet named in report.yaml
//! (`indicators_sheet`) or the first one Excel shows; the heading row found
//! under any title block; the same columns as the CSV in any order. A
//! damaged file is an error at its name, even where calamine panics.
//!
//! A numeric cell is a number: it is written back in Vietnamese notation as
//! typed (rounded to 10 significant digits, so that 0.1 + 0.2 is "0,3"),
//! and a cell formatted as percent in a `%` row is multiplied by 100. A text
//! cell follows the CSV's strict rules. A formula gives its cached value; a
//! date, an error value, a formula never computed or a merged cell inside
//! the table is an error naming the sheet and the cell.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Dimensions, Range, Reader, Sheets, StyleRange};
use rust_decimal::Decimal;

use super::columns::{self, Field, Rows};
use crate::error::{Error, Place, Result, Warning};
use crate::limits::{MAX_INDICATOR_ROWS, MAX_INPUT};
use crate::locale::numbers::{self, Decimals};
use crate::{archive, files, t, text};

/// The workbook file extensions read, as the table files
/// `indicators.EXT`.
pub const EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "ods", "xls"];

/// How many rows a sheet may have: a table of indicators has a few hundred.
pub const MAX_SHEET_ROWS: u32 = 100_000;

/// Significant digits kept from a numeric cell: a double holds about 15,
/// and what was typed never has more than 10.
const SIGNIFICANT_DIGITS: usize = 10;

/// Whether `path` names a workbook.
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// A workbook opened from its bytes.
type Workbook = Sheets<Cursor<Vec<u8>>>;

/// Reads the table's rows from the workbook `path` of report folder `root`
/// (confined to it), from sheet `sheet` or the first, with the errors of
/// the cells it could not read (left empty); what it notices but can read
/// goes to `warnings`.
pub(super) fn read(path: &Path, root: &Path, sheet: Option<&str>, warnings: &mut Vec<Warning>) -> Result<(Rows, Vec<Error>)> {
    // calamine panics on some damaged files (a changed byte in an .xls
    // FORMULA record): that is a damaged file too.
    crate::guard::contain(|| read_sheet(path, root, sheet, warnings))
        .unwrap_or_else(|_| Err(damaged(path, &t!("dữ liệu bên trong sổ tính hỏng", "the data inside the workbook is damaged"))))
}

fn read_sheet(path: &Path, root: &Path, sheet: Option<&str>, warnings: &mut Vec<Warning>) -> Result<(Rows, Vec<Error>)> {
    let mut workbook = open(path, root)?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names.iter().find(|n| n.as_str() == wanted).cloned().ok_or_else(|| {
            Error::input(
                Place::file(path),
                t!("sổ tính không có trang «{wanted}»", "the workbook has no sheet «{wanted}»"),
                Some(t!(
                    "các trang: {}; sửa indicators_sheet trong report.yaml",
                    "its sheets: {}; correct indicators_sheet in report.yaml",
                    names.join(", ")
                )),
            )
        })?,
        None => first_visible(&workbook, path, warnings)?,
    };
    let unreadable = |e: calamine::Error| damaged(path, &crate::reason::workbook(&e));
    let values = workbook.worksheet_range(&name).map_err(unreadable)?;
    if let Some((last_row, _)) = values.end()
        && last_row >= MAX_SHEET_ROWS
    {
        return Err(Error::input(
            Place::within(path, sheet_place(&name)),
            t!(
                "trang «{name}» có {} dòng, quá giới hạn {MAX_SHEET_ROWS} dòng",
                "sheet «{name}» has {} rows, past the limit of {MAX_SHEET_ROWS}",
                last_row + 1
            ),
            Some(t!("bảng chỉ tiêu chỉ cần vài trăm dòng; xóa các dòng thừa ở cuối trang", "an indicator table needs a few hundred rows; delete the rows left at the end of the sheet")),
        ));
    }
    let formulas = workbook.worksheet_formula(&name).unwrap_or_default();
    let styles = workbook.worksheet_style(&name).ok();
    let merged = merged_regions(&mut workbook, &name);
    Sheet { path, name: &name, values: &values, formulas: &formulas, styles, merged, warnings }.rows()
}

/// The lines above the heading row of the table's sheet (`sheet`, or the
/// first) of workbook `path`: a title block, as `export-table` writes one,
/// each row's texts joined; none when it has none or cannot be read.
pub(super) fn title_lines(path: &Path, sheet: Option<&str>) -> Vec<String> {
    let Some(root) = path.parent() else { return Vec::new() };
    let Ok(mut workbook) = open(path, root) else { return Vec::new() };
    let Some(name) = sheet.map(str::to_string).or_else(|| workbook.sheet_names().first().cloned()) else { return Vec::new() };
    let Ok(values) = workbook.worksheet_range(&name) else { return Vec::new() };
    let (Some((first_row, first_column)), Some((last_row, last_column))) = (values.start(), values.end()) else { return Vec::new() };
    let texts = |row: u32| -> Vec<String> {
        (first_column..=last_column)
            .filter_map(|column| match values.get_value((row, column)) {
                Some(Data::String(s)) if !s.trim().is_empty() => Some(text::nfc(s.trim()).into_owned()),
                _ => None,
            })
            .collect()
    };
    let Some(heading) = (first_row..=last_row).find(|row| texts(*row).iter().filter(|t| columns::key_of(t).is_some()).count() >= 2) else {
        return Vec::new();
    };
    (first_row..heading).map(|row| texts(row).join(" ")).filter(|line| !line.is_empty()).collect()
}

/// Opens the workbook `path`, refusing what is not one, a zip bomb, and an
/// encrypted file, each with the reason.
fn open(path: &Path, root: &Path) -> Result<Workbook> {
    let bytes = files::read(path, root, MAX_INPUT).map_err(|refusal| refusal.into_error(path, None))?;
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let compound = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if compound && contains_utf16(&bytes, "EncryptedPackage") {
        return Err(password(path));
    }
    if !(compound && extension == "xls") {
        // A zip package: its entries are checked before anything is
        // uncompressed.
        archive::Package::open(path, bytes.clone())?;
    }
    let data = Cursor::new(bytes);
    let opened = match extension.as_str() {
        "ods" => calamine::open_workbook_from_rs(data).map(Sheets::Ods).map_err(calamine::Error::Ods),
        "xls" => calamine::open_workbook_from_rs(data).map(Sheets::Xls).map_err(calamine::Error::Xls),
        _ => calamine::open_workbook_from_rs(data).map(Sheets::Xlsx).map_err(calamine::Error::Xlsx),
    };
    opened.map_err(|e| match e {
        calamine::Error::Xlsx(calamine::XlsxError::Password) | calamine::Error::Xls(calamine::XlsError::Password) => password(path),
        calamine::Error::Ods(calamine::OdsError::Password) => password(path),
        other => damaged(path, &crate::reason::workbook(&other)),
    })
}

/// The first worksheet shown in Excel: a hidden sheet first (an old
/// table kept out of sight) is passed over, with a warning that says so.
fn first_visible(workbook: &Workbook, path: &Path, warnings: &mut Vec<Warning>) -> Result<String> {
    let sheets: Vec<&calamine::Sheet> = workbook.sheets_metadata().iter().filter(|s| s.typ == calamine::SheetType::WorkSheet).collect();
    let Some(first) = sheets.first() else {
        return Err(Error::input(Place::file(path), t!("sổ tính không có trang nào", "the workbook has no sheet"), None));
    };
    let Some(shown) = sheets.iter().find(|s| s.visible == calamine::SheetVisible::Visible) else {
        return Err(Error::input(
            Place::file(path),
            t!("mọi trang của sổ tính đều bị ẩn", "every sheet of the workbook is hidden"),
            Some(t!(
                "hiện trang bảng chỉ tiêu trong Excel (Unhide), hoặc ghi indicators_sheet: {} vào report.yaml",
                "unhide the table's sheet in Excel, or put indicators_sheet: {} in report.yaml",
                first.name
            )),
        ));
    };
    if shown.name != first.name {
        let (hidden, name) = (&first.name, &shown.name);
        warnings.push(Warning::new(
            Place::within(path, sheet_place(hidden)),
            t!(
                "trang đầu «{hidden}» bị ẩn trong Excel: đọc bảng chỉ tiêu ở trang hiện đầu tiên «{name}»",
                "the first sheet «{hidden}» is hidden in Excel: the indicator table is read from the first shown sheet «{name}»"
            ),
            Some(t!("ghi indicators_sheet: {name} vào report.yaml để chọn trang rõ ràng", "put indicators_sheet: {name} in report.yaml to name the sheet")),
        ));
    }
    Ok(shown.name.clone())
}

fn password(path: &Path) -> Error {
    Error::input(
        Place::file(path),
        t!("sổ tính được đặt mật khẩu, không đọc được", "the workbook is password-protected and cannot be read"),
        Some(t!("mở bằng Excel hoặc LibreOffice, bỏ mật khẩu rồi lưu lại", "open it in Excel or LibreOffice, remove the password and save it again")),
    )
}

fn damaged(path: &Path, reason: &str) -> Error {
    Error::input(
        Place::file(path),
        t!("không đọc được sổ tính (hỏng, bị cắt cụt hoặc không đúng loại): {reason}", "cannot read the workbook (damaged, truncated or of another kind): {reason}"),
        Some(t!("mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx", "open it in Excel or LibreOffice and save it again as .xlsx")),
    )
}

/// Whether `bytes` hold `name` in UTF-16 (a compound file's entry names).
fn contains_utf16(bytes: &[u8], name: &str) -> bool {
    let wanted: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(wanted.len()).any(|w| w == wanted.as_slice())
}

/// The merged cells of sheet `name`, where the format tells.
fn merged_regions(workbook: &mut Workbook, name: &str) -> Vec<Dimensions> {
    match workbook {
        Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xlsb(_) | Sheets::Ods(_) => Vec::new(),
    }
}

/// One sheet being read.
struct Sheet<'a> {
    path: &'a Path,
    name: &'a str,
    values: &'a Range<Data>,
    formulas: &'a Range<String>,
    /// The cells' formats; `None` where the format does not tell them.
    styles: Option<StyleRange>,
    merged: Vec<Dimensions>,
    warnings: &'a mut Vec<Warning>,
}

/// A column of the table: where it is and its key.
struct Column {
    at: u32,
    key: &'static str,
    heading: String,
}

impl Sheet<'_> {
    fn place(&self, (row, column): (u32, u32)) -> Place {
        Place::within(self.path, format!("{}, {} {}", sheet_place(self.name), t!("ô", "cell"), cell_name(row, column)))
    }

    fn row_place(&self, row: u32) -> Place {
        Place::within(self.path, format!("{}, {} {}", sheet_place(self.name), t!("dòng", "row"), row + 1))
    }

    fn rows(mut self) -> Result<(Rows, Vec<Error>)> {
        let Some((first_row, first_column)) = self.values.start() else { return Ok((Vec::new(), Vec::new())) };
        let (last_row, last_column) = self.values.end().unwrap_or((first_row, first_column));
        let header_row = (first_row..=last_row).find(|row| self.recognised(*row) >= 2).ok_or_else(|| {
            Error::input(
                Place::within(self.path, sheet_place(self.name)),
                t!("không tìm thấy dòng tiêu đề của bảng chỉ tiêu", "no heading row of the indicator table found"),
                Some(t!(
                    "một dòng ghi tên các cột, ví dụ «mã», «tên chỉ tiêu», «đơn vị», «nghị quyết», «thực hiện»",
                    "a row naming the columns, e.g. «id», «name», «unit», «target», «achieved»"
                )),
            )
        })?;
        if let Some(region) = self.merged.iter().find(|r| r.end.0 >= header_row) {
            return Err(Error::input(
                self.place(region.start),
                t!(
                    "ô gộp {}:{} nằm trong bảng chỉ tiêu",
                    "merged cells {}:{} inside the indicator table",
                    cell_name(region.start.0, region.start.1),
                    cell_name(region.end.0, region.end.1)
                ),
                Some(t!(
                    "bỏ gộp ô (Merge & Center) từ dòng tiêu đề trở xuống: mỗi cột một tiêu đề, mỗi chỉ tiêu một dòng",
                    "unmerge the cells (Merge & Center) from the heading row down: one heading per column, one row per indicator"
                )),
            ));
        }
        let mut columns = Vec::new();
        for at in first_column..=last_column {
            let heading = self.text((header_row, at)).unwrap_or_default();
            if heading.trim().is_empty() || columns::is_computed_heading(&heading) {
                continue;
            }
            let key = columns::column(&heading, &self.place((header_row, at)))?;
            columns.push(Column { at, key, heading: heading.trim().to_string() });
        }
        let mut rows = Vec::new();
        let mut errors = Vec::new();
        for row in header_row + 1..=last_row {
            if columns.iter().all(|c| self.is_empty((row, c.at))) {
                continue;
            }
            if rows.len() > MAX_INDICATOR_ROWS {
                // Past the limit: the table's parser says so.
                break;
            }
            let percent_row = columns
                .iter()
                .find(|c| c.key == "unit")
                .and_then(|c| self.text((row, c.at)))
                .is_some_and(|unit| unit.trim() == "%");
            let mut fields = Vec::with_capacity(columns.len());
            for column in &columns {
                let cell = self.cell((row, column.at), percent_row).unwrap_or_else(|e| {
                    errors.push(e);
                    String::new()
                });
                fields.push(Field { key: column.key, heading: column.heading.clone(), cell, place: self.place((row, column.at)) });
            }
            rows.push((self.row_place(row), fields));
        }
        Ok((rows, errors))
    }

    /// How many cells of `row` name a column of the table.
    fn recognised(&self, row: u32) -> usize {
        let (first, last) = (self.values.start().map_or(0, |s| s.1), self.values.end().map_or(0, |e| e.1));
        (first..=last).filter_map(|c| self.text((row, c))).filter(|h| columns::key_of(h).is_some()).count()
    }

    /// The text of a text cell.
    fn text(&self, at: (u32, u32)) -> Option<String> {
        match self.values.get_value(at)? {
            Data::String(s) => Some(s.clone()),
            _ => None,
        }
    }

    fn is_empty(&self, at: (u32, u32)) -> bool {
        match self.values.get_value(at) {
            None | Some(Data::Empty) => !self.has_formula(at),
            Some(Data::String(s)) => s.trim().is_empty(),
            Some(_) => false,
        }
    }

    fn has_formula(&self, at: (u32, u32)) -> bool {
        self.formulas.get_value(at).is_some_and(|f| !f.trim().is_empty())
    }

    /// The cell at `at` as the text the table's parser reads; in a `%` row
    /// (`percent_row`) a cell formatted as percent is in hundredths.
    fn cell(&mut self, at: (u32, u32), percent_row: bool) -> Result<String> {
        let error = |this: &Self, message: String, hint: String| Err(Error::input(this.place(at), message, Some(hint)));
        match self.values.get_value(at).unwrap_or(&Data::Empty) {
            Data::Empty if self.has_formula(at) => error(
                self,
                t!("ô có công thức nhưng chưa có giá trị tính sẵn", "the cell has a formula but no computed value"),
                t!("mở sổ tính bằng Excel hoặc LibreOffice, tính lại (F9) rồi lưu", "open the workbook in Excel or LibreOffice, recalculate (F9) and save it"),
            ),
            Data::Empty => Ok(String::new()),
            Data::String(s) => {
                let place = self.place(at);
                match text::check_value(&place, s) {
                    Some(error) => Err(error),
                    None => Ok(text::nfc(s).into_owned()),
                }
            }
            Data::Bool(b) => Ok(if *b { "có" } else { "không" }.to_string()),
            Data::Int(i) => Ok(numbers::format(self.shown_decimals(at, Decimal::from(*i)), Decimals::AsIs)),
            Data::Float(f) => {
                let Some(mut value) = as_typed(*f).map(|v| self.shown_decimals(at, v)) else {
                    return error(self, t!("ô chứa số không hợp lệ", "the cell holds an invalid number"), t!("ghi lại số", "type the number again"));
                };
                if percent_row {
                    match self.percent_format(at) {
                        Some(true) => value = (value * Decimal::ONE_HUNDRED).normalize(),
                        Some(false) => {}
                        None if !value.is_zero() && value.abs() <= Decimal::ONE => self.warnings.push(Warning::new(
                            self.place(at),
                            t!(
                                "không biết ô {} có định dạng phần trăm hay không: đọc là {}%",
                                "cannot tell whether cell {} is formatted as percent: read as {}%",
                                cell_name(at.0, at.1),
                                numbers::format(value, Decimals::AsIs)
                            ),
                            Some(t!(
                                "ghi số phần trăm như hiển thị (68,5 chứ không phải 0,685), hoặc lưu sổ tính dạng .xlsx",
                                "type the percentage as shown (68.5, not 0.685), or save the workbook as .xlsx"
                            )),
                        )),
                        None => {}
                    }
                }
                Ok(numbers::format(value, Decimals::AsIs))
            }
            Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => error(
                self,
                t!("ô là ngày tháng, ở bảng chỉ tiêu cần số hoặc chữ", "the cell is a date; the indicator table takes numbers or text"),
                t!(
                    "đổi định dạng ô thành Số (Number) hoặc Văn bản (Text) rồi ghi lại giá trị",
                    "format the cell as Number or Text and type the value again"
                ),
            ),
            Data::Error(e) => error(
                self,
                t!("ô có giá trị lỗi {e}", "the cell holds the error value {e}"),
                t!("sửa công thức của ô, hoặc ghi thẳng giá trị", "correct the cell's formula, or type the value"),
            ),
        }
    }

    /// `value` with the decimals the cell at `at` shows when its format
    /// fixes more than the value has ("70,0" typed in a cell showing one
    /// decimal); never rounded.
    fn shown_decimals(&self, at: (u32, u32), mut value: Decimal) -> Decimal {
        let shown = self.styles.as_ref().and_then(|s| s.get(at)).and_then(|s| s.number_format.as_ref()).map_or(0, |f| fixed_decimals(&f.format_code));
        if shown > value.scale() {
            value.rescale(shown);
        }
        value
    }

    /// Whether the cell at `at` is formatted as percent; `None` when the
    /// format cannot tell.
    fn percent_format(&self, at: (u32, u32)) -> Option<bool> {
        let styles = self.styles.as_ref().filter(|s| !s.is_empty())?;
        Some(styles.get(at).and_then(|s| s.number_format.as_ref()).is_some_and(|f| is_percent_format(&f.format_code)))
    }
}

/// Whether number format `code` shows percent: a `%` outside quotes and
/// not escaped.
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// How many decimals number format `code` always shows: the zeros after
/// the point of its first section ("#,##0.00" shows 2, "0.0#" 1).
fn fixed_decimals(code: &str) -> u32 {
    let first = code.split(';').next().unwrap_or("");
    let Some((_, after)) = first.split_once('.') else { return 0 };
    after.chars().take_while(|c| *c == '0').count() as u32
}

/// The number a numeric cell holds, as it was typed: rounded to
/// [`SIGNIFICANT_DIGITS`], trailing zeros dropped.
fn as_typed(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    let scientific = format!("{value:.*e}", SIGNIFICANT_DIGITS - 1);
    Decimal::from_scientific(&scientific).ok().map(|d| d.normalize())
}

/// "trang «NAME»".
fn sheet_place(name: &str) -> String {
    t!("trang «{name}»", "sheet «{name}»")
}

/// The A1-style name of a cell from its row and column (from 0).
pub fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_count_letters_like_a_spreadsheet() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(33, 9), "J34");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(1, 26), "AA2");
        assert_eq!(cell_name(0, 701), "ZZ1");
        assert_eq!(cell_name(0, 702), "AAA1");
    }

    #[test]
    fn a_double_reads_as_it_was_typed() {
        assert_eq!(as_typed(0.1 + 0.2).unwrap().to_string(), "0.3");
        assert_eq!(as_typed(68.5).unwrap().to_string(), "68.5");
        assert_eq!(as_typed(16100.0).unwrap().to_string(), "16100");
        assert_eq!(as_typed(1.03).unwrap().to_string(), "1.03");
        assert_eq!(as_typed(0.685 * 100.0).unwrap().to_string(), "68.5");
        assert!(as_typed(f64::NAN).is_none());
    }

    #[test]
    fn a_format_gives_the_decimals_it_always_shows() {
        assert_eq!(fixed_decimals("#,##0.00"), 2);
        assert_eq!(fixed_decimals("0.0#"), 1);
        assert_eq!(fixed_decimals("#,##0"), 0);
        assert_eq!(fixed_decimals("General"), 0);
        assert_eq!(fixed_decimals("0.0%;-0.000%"), 1);
    }

    #[test]
    fn percent_formats_are_told_from_quoted_signs() {
        assert!(is_percent_format("0%"));
        assert!(is_percent_format("0.00%"));
        assert!(is_percent_format("#,##0.0%;[Red]-#,##0.0%"));
        assert!(!is_percent_format("0.0\"%\""));
        assert!(!is_percent_format("0.0\\%"));
        assert!(!is_percent_format("General"));
    }
}
