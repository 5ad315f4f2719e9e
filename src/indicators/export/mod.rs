//! The indicator table as a workbook for the statistics office (`baocao
//! export-table`): a title block (the body, "BẢNG CHỈ TIÊU CHỦ YẾU NĂM
//! 2020", the years) over Vietnamese headings in bold, the heading row and
//! the id and name columns frozen, columns fitted, lists to choose the
//! direction, basis and comparison from (the basis list holds every basis
//! the table uses), the computed ratio, difference and status as locked
//! Excel formulas with their values cached ([`formulas`]: the same
//! formulas reach far below the table, so a row typed under it, or a figure
//! typed later, shows its result at once), rows short of their target
//! highlighted, set up to print (landscape A4, one page wide, the heading
//! row and the id and name columns on every page, page numbers), and a
//! second sheet that explains every column. Read back by
//! [`super::workbook`] (which finds the heading row under the title block),
//! it gives the same indicators as the table it was made from.

mod formulas;

use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::columns::{FIGURES, Rows};
use super::table;
use super::{Amount, Indicator, Status};
use self::formulas::Columns;
use crate::date::Date;
use crate::error::{Error, Place, Result, Warning};
use crate::locale::numbers;
use crate::t;

/// The sheet of the table when report.yaml names none.
pub const DEFAULT_SHEET: &str = "Chỉ tiêu";

/// The sheet that explains the columns.
const GUIDE_SHEET: &str = "Giải thích";

/// The columns typed in, in order: key, heading, what it holds, an
/// example. The computed columns stand after the result ([`COMPUTED_AFTER`]):
/// the id, the name, the unit, the target, the result, the computed
/// columns, last year's and next year's figures and the basis are what an
/// office reads, and what is printed; the columns that tell baocao how to
/// read a row follow.
const COLUMNS: [(&str, &str, &str, &str); 17] = [
    ("id", "Mã", "Mã chỉ tiêu mà các mẫu dùng: chữ thường không dấu, chữ số, dấu gạch dưới. Không đổi mã đã dùng.", "tang_truong_grdp"),
    ("name", "Tên chỉ tiêu", "Tên đầy đủ của chỉ tiêu, như in trong phụ lục.", "Tốc độ tăng trưởng tổng sản phẩm (GRDP)"),
    ("unit", "Đơn vị", "Đơn vị tính: %, tỷ đồng, lao động, ...", "%"),
    ("target", "Mục tiêu", "Mục tiêu của năm: một số, một khoảng (1.100 - 1.200) hoặc có chữ đứng trước (trên 1.000, dưới 2,5).", "7"),
    ("achieved", "Thực hiện", "Kết quả thực hiện: một số, có thể có chữ đứng trước (trên 1.000, khoảng 5).", "7,36"),
    ("previous", "Năm trước", "Kết quả năm trước, nếu có.", "6,8"),
    ("next_target", "Mục tiêu năm sau", "Mục tiêu của năm kế hoạch.", "7,5"),
    ("basis", "Căn cứ", "Tên của mục tiêu: kế hoạch (mặc định), Nghị quyết, dự toán.", "Nghị quyết"),
    ("group", "Nhóm", "Nhóm chỉ tiêu: Đảng, kinh tế, xã hội, môi trường, quốc phòng - an ninh.", "kinh tế"),
    ("list", "Danh sách", "Danh sách tổng hợp mà chỉ tiêu được đếm (main: chỉ tiêu chủ yếu; task: nhiệm vụ).", "main"),
    ("short_name", "Tên ngắn", "Tên trong danh sách chỉ tiêu không đạt, nếu ngắn hơn.", "Tăng trưởng GRDP"),
    ("direction", "Hướng", "Chọn trong danh sách: trở lên (càng cao càng tốt, mặc định), dưới (không vượt quá), khoảng, duy trì.", "trở lên"),
    ("compare", "So sánh", "điểm: so chênh lệch (mặc định cho đơn vị %); tỷ lệ: thực hiện ÷ mục tiêu (mặc định cho đơn vị khác).", "điểm"),
    ("stated_ratio", "Tỷ lệ đã nêu", "Tỷ lệ đạt mà báo cáo nêu (đạt 110,7%), khi không có số liệu hoặc để đối chiếu.", "110,7"),
    ("stated_difference", "Chênh lệch đã nêu", "Chênh lệch mà báo cáo nêu (vượt 0,36%: ghi 0,36; thấp hơn 7,68%: ghi -7,68).", "0,36"),
    ("appendix", "Phụ lục", "có: đưa vào phụ lục cả khi không có gì để đánh giá; không: không đưa vào phụ lục.", "có"),
    ("note", "Ghi chú", "Ghi chú.", ""),
];

/// The column the computed ones follow.
const COMPUTED_AFTER: &str = "achieved";

/// The last column printed.
const LAST_PRINTED: &str = "basis";

/// The computed columns' explanations, by their headings.
const COMPUTED: [(&str, &str); 3] = [
    ("Tỷ lệ đạt (tính)", "Thực hiện ÷ mục tiêu × 100, cho chỉ tiêu so sánh bằng tỷ lệ. Tự tính, không sửa."),
    ("Chênh lệch (tính)", "Thực hiện − mục tiêu (điểm) hoặc tỷ lệ đạt − 100. Tự tính, không sửa."),
    ("Đánh giá (tính)", "Vượt, Đạt, Không đạt hoặc Chưa đánh giá, theo hướng của chỉ tiêu. Tự tính, không sửa."),
];

/// The lines a printed table opens with, above its headings: the body it
/// is of, its title, the years.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleBlock {
    /// The lines, in order.
    pub lines: Vec<String>,
}

impl TitleBlock {
    /// The title block of the table of the report of `body` (the parent
    /// body, "ĐẢNG BỘ TỈNH TRÀ VINH") on the year `year`, with the targets
    /// of `plan_year`.
    pub fn of_report(body: &str, year: i32, plan_year: i32) -> TitleBlock {
        TitleBlock {
            lines: vec![
                body.trim().to_string(),
                format!("BẢNG CHỈ TIÊU CHỦ YẾU NĂM {year}"),
                format!("(Kết quả thực hiện năm {year} và mục tiêu năm {plan_year})"),
            ],
        }
    }
}

/// The workbook of the indicator table of the report in `dir`: read from
/// its table file (`sheet` of a workbook), with `indicators` its rows as
/// the report read them, dated `date`, ratios shown to `ratio_decimals`,
/// under the title block `title`.
pub fn workbook_titled(dir: &Path, sheet: Option<&str>, indicators: &[Indicator], date: Date, ratio_decimals: u32, title: &TitleBlock) -> Result<Vec<u8>> {
    let mut warnings: Vec<Warning> = Vec::new();
    let Some(table::ReadTable { path, rows, errors }) = table::rows(dir, sheet, &mut warnings)? else {
        return Err(Error::input(
            Place::file(dir),
            t!("báo cáo chưa có bảng chỉ tiêu", "the report has no indicator table"),
            Some(t!("tạo indicators.csv (baocao init tạo sẵn một bảng mẫu)", "make an indicators.csv (baocao init makes an example)")),
        ));
    };
    if let Some(error) = Error::all(errors) {
        return Err(error);
    }
    let failed = |e: XlsxError| unmade(&path, &e);
    write(&rows, indicators, sheet.unwrap_or(DEFAULT_SHEET), date, ratio_decimals, title).map_err(failed)
}

/// The workbook of the indicator table of the report in `dir`, as
/// [`workbook_titled`] makes it, without a title block.
pub fn workbook(dir: &Path, sheet: Option<&str>, indicators: &[Indicator], date: Date, ratio_decimals: u32) -> Result<Vec<u8>> {
    workbook_titled(dir, sheet, indicators, date, ratio_decimals, &TitleBlock::default())
}

/// Why the workbook of the table `path` could not be made.
fn unmade(path: &Path, error: &XlsxError) -> Error {
    let reason = match error {
        XlsxError::IoError(e) => crate::reason::io(e),
        other => t!("dữ liệu không ghi được vào sổ tính", "{other}"),
    };
    Error::input(Place::file(path), t!("không tạo được sổ tính: {reason}", "cannot make the workbook: {reason}"), None)
}

/// The workbook of the table `rows` (the editor's grid, of the table file
/// `path`) whose indicators are `indicators`, on sheet `sheet`, under the
/// title block the file at `path` has.
pub(super) fn workbook_of(path: &Path, rows: &Rows, indicators: &[Indicator], sheet: Option<&str>, date: Date, ratio_decimals: u32) -> Result<Vec<u8>> {
    let failed = |e: XlsxError| unmade(path, &e);
    let title = TitleBlock { lines: super::workbook::title_lines(path, sheet) };
    write(rows, indicators, sheet.unwrap_or(DEFAULT_SHEET), date, ratio_decimals, &title).map_err(failed)
}

/// The workbook of the indicator table of the report in `dir` a year on
/// (see [`super::file::roll_rows`]), dated `date`, under the title block
/// `title`.
pub fn rolled(dir: &Path, sheet: Option<&str>, date: Date, ratio_decimals: u32, title: &TitleBlock) -> Result<Vec<u8>> {
    let mut warnings: Vec<Warning> = Vec::new();
    let Some(table::ReadTable { path, rows, errors }) = table::rows(dir, sheet, &mut warnings)? else { return Ok(Vec::new()) };
    if let Some(error) = Error::all(errors) {
        return Err(error);
    }
    let rows = super::file::roll_rows(&rows);
    let indicators = table::from_rows(&path, rows.clone(), Vec::new())?;
    let failed = |e: XlsxError| unmade(&path, &e);
    write(&rows, &indicators, sheet.unwrap_or(DEFAULT_SHEET), date, ratio_decimals, title).map_err(failed)
}

fn write(rows: &Rows, indicators: &[Indicator], sheet_name: &str, date: Date, ratio_decimals: u32, title: &TitleBlock) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // Dated by the report, so the same table gives the same bytes.
    let created = ExcelDateTime::from_ymd(date.year.clamp(1900, 9999) as u16, date.month, date.day)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created).set_title("Bảng chỉ tiêu"));
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name)?;
    table_sheet(sheet, rows, indicators, ratio_decimals, title)?;
    let guide = book.add_worksheet();
    guide.set_name(GUIDE_SHEET)?;
    guide_sheet(guide)?;
    guard_underscores(book.save_to_buffer()?).map_err(XlsxError::IoError)
}

/// LibreOffice reads `_x` followed by one to four hex digits and `_` as a
/// character code (the standard and Excel need four), so the id
/// "bao_hiem_xa_hoi" came back from it as "bao_hiem", a line break, "hoi".
/// Every such `_x` in the shared strings is written `_x005F_x` instead,
/// which every reader takes as an underscore.
fn guard_underscores(package: Vec<u8>) -> std::io::Result<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(package)).map_err(std::io::Error::other)?;
    let mut entries = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(std::io::Error::other)?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes)?;
        if name == "xl/sharedStrings.xml" {
            bytes = escape_loose_codes(&String::from_utf8_lossy(&bytes)).into_bytes();
        }
        entries.push((name, bytes));
    }
    crate::archive::write(entries)
}

/// `xml` with every `_x` that a lenient reader would take as the start of
/// a character code, other than a standard one (`_x` four hex digits `_`),
/// escaped as `_x005F_x`.
fn escape_loose_codes(xml: &str) -> String {
    let bytes = xml.as_bytes();
    let mut out = String::with_capacity(xml.len());
    let mut at = 0;
    while at < xml.len() {
        if xml[at..].starts_with("_x") {
            let digits = bytes[at + 2..].iter().take_while(|b| b.is_ascii_hexdigit()).count();
            let closed = bytes.get(at + 2 + digits) == Some(&b'_');
            if closed && digits == 4 {
                out.push_str(&xml[at..at + 7]);
                at += 7;
                continue;
            }
            if closed && digits > 0 {
                out.push_str("_x005F_x");
                at += 2;
                continue;
            }
        }
        let c = xml[at..].chars().next().unwrap_or_default();
        out.push(c);
        at += c.len_utf8();
    }
    out
}

/// The formats of the table sheet.
struct Formats {
    heading: Format,
    text: Format,
    computed_text: Format,
    /// A computed cell under the table, where a row may be typed.
    below: Format,
}

/// The columns whose long texts wrap, and their widths in characters: so
/// the printed columns fit a landscape page at a readable size.
const WRAPPED: [(&str, f64); 5] = [("name", 40.0), ("unit", 12.0), ("basis", 12.0), ("short_name", 20.0), ("note", 36.0)];

/// How many lines `text` takes in a column `width` characters wide, its
/// words set as far as each line goes.
fn lines_in(text: &str, width: f64) -> usize {
    let mut lines = 0;
    let mut used = 0usize;
    for word in text.split_whitespace() {
        let length = word.chars().count();
        if lines == 0 || (used + 1 + length) as f64 > width {
            lines += 1;
            used = length;
        } else {
            used += 1 + length;
        }
    }
    lines.max(1)
}

/// Excel's number of the A4 paper size.
const A4: u8 = 9;

/// How many rows under the table have the computed columns' formulas, for
/// rows typed there.
const ROWS_BELOW: u32 = 100;

/// The position of input column `key` (from 0), after the computed
/// columns when it follows them.
fn position(key: &str) -> u16 {
    let index = COLUMNS.iter().position(|(k, ..)| *k == key).unwrap_or(0);
    (index + if index > computed_index() { COMPUTED.len() } else { 0 }) as u16
}

/// The index in [`COLUMNS`] of the column the computed ones follow.
fn computed_index() -> usize {
    COLUMNS.iter().position(|(k, ..)| *k == COMPUTED_AFTER).unwrap_or(COLUMNS.len() - 1)
}

fn table_sheet(sheet: &mut Worksheet, rows: &Rows, indicators: &[Indicator], ratio_decimals: u32, title: &TitleBlock) -> std::result::Result<(), XlsxError> {
    let border = Format::new().set_border(FormatBorder::Thin).set_border_color(Color::Gray);
    let formats = Formats {
        heading: border.clone().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter).set_background_color(Color::RGB(0xDDEBF7)),
        text: border.clone().set_unlocked().set_text_wrap().set_align(FormatAlign::VerticalCenter),
        computed_text: border.clone().set_background_color(Color::RGB(0xF2F2F2)).set_align(FormatAlign::VerticalCenter),
        below: Format::new(),
    };
    let computed_at = position(COMPUTED_AFTER) + 1;
    let last_column = (COLUMNS.len() + COMPUTED.len() - 1) as u16;
    let printed = position(LAST_PRINTED);
    // The title block, a blank row, then the headings.
    let heading_row = title_block(sheet, title, printed)?;
    for (key, heading, ..) in COLUMNS {
        sheet.write_string_with_format(heading_row, position(key), heading, &formats.heading)?;
    }
    for (i, (heading, _)) in COMPUTED.iter().enumerate() {
        sheet.write_string_with_format(heading_row, computed_at + i as u16, *heading, &formats.heading)?;
    }
    let letter = |key: &str| column_letter(position(key));
    let columns = Columns {
        inputs: [(column_letter(0), column_letter(computed_at - 1)), (column_letter(computed_at + COMPUTED.len() as u16), column_letter(last_column))],
        unit: letter("unit"),
        direction: letter("direction"),
        compare: letter("compare"),
        target: letter("target"),
        achieved: letter("achieved"),
        stated_ratio: letter("stated_ratio"),
        stated_difference: letter("stated_difference"),
    };
    let first_row = heading_row + 1;
    for (i, ((_, fields), indicator)) in rows.iter().zip(indicators).enumerate() {
        let row = first_row + i as u32;
        let mut lines = 1;
        for (key, ..) in COLUMNS {
            let cell = fields.iter().find(|f| f.key == key).map(|f| f.cell.trim()).unwrap_or("");
            write_cell(sheet, row, position(key), key, cell, &formats)?;
            if let Some((_, width)) = WRAPPED.iter().find(|(k, _)| *k == key) {
                lines = lines.max(lines_in(cell, *width));
            }
        }
        // Set, as neither Excel nor LibreOffice reliably sizes a row to
        // its wrapped text.
        if lines > 1 {
            sheet.set_row_height(row, 15.0 * lines as f64)?;
        }
        computed_cells(sheet, row, computed_at, Some(indicator), &columns, ratio_decimals, &formats)?;
    }
    let last_table_row = first_row + rows.len().max(1) as u32 - 1;
    let last_row = last_table_row + ROWS_BELOW;
    // A row typed under the table gets its results.
    for row in first_row + rows.len() as u32..=last_row {
        computed_cells(sheet, row, computed_at, None, &columns, ratio_decimals, &formats)?;
    }
    // Input cells stay editable below the table, so rows can be added.
    for (key, ..) in COLUMNS {
        sheet.set_column_format(position(key), &Format::new().set_unlocked())?;
    }
    choices(sheet, first_row, last_row, rows)?;
    let unmet = Format::new().set_background_color(Color::RGB(0xFDE9E7)).set_font_color(Color::RGB(0x9C0006));
    let status = column_letter(computed_at + COMPUTED.len() as u16 - 1);
    let rule = ConditionalFormatFormula::new().set_rule(format!("=${status}{}=\"{}\"", first_row + 1, Status::NotMet.label()).as_str()).set_format(unmet);
    sheet.add_conditional_format(first_row, 0, last_row, last_column, &rule)?;
    // The headings, the id and the name stay in view.
    sheet.set_freeze_panes(first_row, position("name") + 1)?;
    sheet.set_row_height(heading_row, 32)?;
    sheet.autofit();
    for (key, width) in WRAPPED {
        sheet.set_column_width(position(key), width)?;
    }
    for at in computed_at..computed_at + COMPUTED.len() as u16 {
        sheet.set_column_width(at, 12.0)?;
    }
    print_setup(sheet, heading_row, last_table_row, printed)?;
    sheet.protect_with_options(&ProtectionOptions {
        insert_rows: true,
        delete_rows: true,
        format_columns: true,
        format_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::new()
    });
    Ok(())
}

/// Writes `title` over the printed columns (to `last_column`): the body on
/// the left in bold, then each line centred, the title large, a line in
/// brackets in italics; returns the heading row (after a blank row, or the
/// first row when there is no title).
fn title_block(sheet: &mut Worksheet, title: &TitleBlock, last_column: u16) -> std::result::Result<u32, XlsxError> {
    if title.lines.is_empty() {
        return Ok(0);
    }
    let centred = Format::new().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter);
    for (row, line) in title.lines.iter().enumerate() {
        let row = row as u32;
        if row == 0 {
            sheet.merge_range(0, 0, 0, position("name"), line, &Format::new().set_bold())?;
        } else if line.starts_with('(') {
            sheet.merge_range(row, 0, row, last_column, line, &centred.clone().set_italic())?;
        } else {
            sheet.merge_range(row, 0, row, last_column, line, &centred.clone().set_bold().set_font_size(14))?;
            sheet.set_row_height(row, 22)?;
        }
    }
    Ok(title.lines.len() as u32 + 1)
}

/// The sheet set up to print as an office files it: landscape A4, one page
/// wide, the rows from the title to the table's last row and the columns
/// an office reads (to `last_column`), the heading row and the id and name
/// columns on every page, the page numbers in the footer.
fn print_setup(sheet: &mut Worksheet, heading_row: u32, last_row: u32, last_column: u16) -> std::result::Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    sheet.set_print_area(0, 0, last_row, last_column)?;
    sheet.set_repeat_rows(heading_row, heading_row)?;
    sheet.set_repeat_columns(0, position("name"))?;
    sheet.set_footer("&CTrang &P/&N");
    Ok(())
}

/// One input cell: a plain figure as a number shown with the decimals it
/// was written with, anything else (a range, a bound, a word) as text.
fn write_cell(sheet: &mut Worksheet, row: u32, at: u16, key: &str, cell: &str, formats: &Formats) -> std::result::Result<(), XlsxError> {
    if cell.is_empty() {
        sheet.write_blank(row, at, &formats.text)?;
        return Ok(());
    }
    if FIGURES.contains(&key)
        && let Ok(parsed) = numbers::parse(cell)
        && !parsed.percent
        && let Some(value) = parsed.value.to_f64()
    {
        sheet.write_number_with_format(row, at, value, &formats.text.clone().set_num_format(number_format(parsed.value.scale())))?;
        return Ok(());
    }
    sheet.write_string_with_format(row, at, cell, &formats.text)?;
    Ok(())
}

/// The number format that shows `decimals` decimals, thousands grouped.
fn number_format(decimals: u32) -> String {
    if decimals == 0 { "#,##0".into() } else { format!("#,##0.{}", "0".repeat(decimals as usize)) }
}

/// The computed ratio, difference and status on `row`, for `indicator`
/// (none: a row under the table): the formulas of [`formulas`] where its
/// figures are plain numbers or missing (so new figures show their result
/// at once), each with the value baocao computed cached; else (a range, a
/// bound: what Excel cannot compare) the value baocao computed. Locked.
fn computed_cells(
    sheet: &mut Worksheet,
    row: u32,
    at: u16,
    indicator: Option<&Indicator>,
    columns: &Columns,
    ratio_decimals: u32,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    let plain = |a: Option<Amount>| matches!(a, None | Some(Amount::Exact(_)));
    let base = if indicator.is_some() { &formats.computed_text } else { &formats.below };
    let ratio_format = base.clone().set_num_format(number_format(ratio_decimals));
    let difference_format = base.clone().set_num_format(format!("+{0};-{0};0", number_format(ratio_decimals.max(2)).trim_start_matches("#,##")));
    let (ratio, difference, status) = match indicator {
        Some(i) => (i.ratio().map(|r| r.value()), i.difference().map(|d| d.value()), i.status().label()),
        None => (None, None, ""),
    };
    let formulas = indicator.is_none_or(|i| plain(i.target) && plain(i.achieved) && plain(i.stated_ratio) && plain(i.stated_difference));
    if formulas {
        let formulas = columns.row(row + 1);
        let empty = || if indicator.is_some() { NONE.to_string() } else { String::new() };
        let cached = |value: Option<Decimal>| value.map_or_else(empty, |v| v.normalize().to_string());
        sheet.write_formula_with_format(row, at, Formula::new(formulas.ratio()).set_result(cached(ratio)), &ratio_format)?;
        sheet.write_formula_with_format(row, at + 1, Formula::new(formulas.difference()).set_result(cached(difference)), &difference_format)?;
        sheet.write_formula_with_format(row, at + 2, Formula::new(formulas.status()).set_result(status), base)?;
    } else {
        match ratio {
            Some(r) => sheet.write_number_with_format(row, at, r.to_f64().unwrap_or_default(), &ratio_format)?,
            None => sheet.write_blank(row, at, base)?,
        };
        match difference {
            Some(d) => sheet.write_number_with_format(row, at + 1, d.to_f64().unwrap_or_default(), &difference_format)?,
            None => sheet.write_blank(row, at + 1, base)?,
        };
        sheet.write_string_with_format(row, at + 2, status, base)?;
    }
    Ok(())
}

/// What a computed column shows when the figures do not tell (an empty
/// text result reads as 0 in LibreOffice).
pub(super) const NONE: &str = "–";

/// The lists to choose the direction, comparison, basis and appendix from
/// (on rows `first` to `last`), the basis list with every basis the table
/// `rows` uses; another word is allowed after a warning, as the table
/// reads more.
fn choices(sheet: &mut Worksheet, first: u32, last: u32, rows: &Rows) -> std::result::Result<(), XlsxError> {
    let mut bases: Vec<String> = ["kế hoạch", "Nghị quyết", "dự toán"].map(String::from).to_vec();
    for (_, fields) in rows {
        if let Some(basis) = fields.iter().find(|f| f.key == "basis").map(|f| f.cell.trim()).filter(|b| !b.is_empty())
            && !bases.iter().any(|known| known == basis)
        {
            bases.push(basis.to_string());
        }
    }
    // Excel's list of choices holds at most 255 characters.
    while bases.iter().map(|b| b.chars().count() + 1).sum::<usize>() > 255 {
        bases.pop();
    }
    let bases: Vec<&str> = bases.iter().map(String::as_str).collect();
    let lists: [(&str, &[&str], &str); 4] = [
        ("direction", &["trở lên", "dưới", "khoảng", "duy trì"], "Càng cao càng tốt: trở lên; không vượt quá: dưới."),
        ("compare", &["điểm", "tỷ lệ"], "điểm: chênh lệch; tỷ lệ: thực hiện ÷ mục tiêu."),
        ("basis", &bases, "Tên của mục tiêu."),
        ("appendix", &["có", "không"], "Có đưa vào phụ lục không."),
    ];
    for (key, words, message) in lists {
        let at = position(key);
        let validation = DataValidation::new()
            .allow_list_strings(words)?
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_input_message(message)?;
        sheet.add_data_validation(first, at, last, at, &validation)?;
    }
    Ok(())
}

/// The sheet that explains each column, with an example.
fn guide_sheet(sheet: &mut Worksheet) -> std::result::Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (at, heading) in ["Cột", "Nội dung", "Ví dụ"].iter().enumerate() {
        sheet.write_string_with_format(0, at as u16, *heading, &bold)?;
    }
    // In the table's order.
    let computed_at = position(COMPUTED_AFTER) + 1;
    let mut explained: Vec<(u16, &str, &str, &str)> = COLUMNS.iter().map(|(key, heading, what, example)| (position(key), *heading, *what, *example)).collect();
    explained.extend(COMPUTED.iter().enumerate().map(|(i, (heading, what))| (computed_at + i as u16, *heading, *what, "")));
    explained.sort_by_key(|(at, ..)| *at);
    for (i, (_, heading, what, example)) in explained.into_iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, heading, &wrap)?;
        sheet.write_string_with_format(row, 1, what, &wrap)?;
        sheet.write_string_with_format(row, 2, example, &wrap)?;
    }
    let notes = [
        "Số ghi theo cách Việt Nam khi là chữ: dấu chấm ngăn hàng nghìn (16.100), dấu phẩy ngăn phần thập phân (68,5).",
        "Ô số (Number) được đọc đúng giá trị, không phụ thuộc cách hiển thị của máy.",
        "Các cột (tính) có công thức, tự cập nhật khi sửa mục tiêu hoặc thực hiện; baocao bỏ qua các cột này khi đọc.",
        "Dòng chỉ tiêu không đạt được tô đỏ. Thêm chỉ tiêu: ghi vào dòng trống dưới bảng, các cột (tính) tự tính cho dòng đó.",
        "In: khổ A4 nằm ngang, vừa một trang bề ngang; dòng tiêu đề cột và hai cột Mã, Tên chỉ tiêu in lại trên mọi trang.",
    ];
    let first = COLUMNS.len() as u32 + COMPUTED.len() as u32 + 2;
    for (i, note) in notes.iter().enumerate() {
        let row = first + i as u32;
        sheet.merge_range(row, 0, row, 2, note, &wrap)?;
        sheet.set_row_height(row, 30)?;
    }
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 90)?;
    sheet.set_column_width(2, 36)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_landscape();
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

/// The letters of column `at` (from 0).
fn column_letter(at: u16) -> String {
    let name = super::workbook::cell_name(0, u32::from(at));
    name.trim_end_matches('1').to_string()
}

#[cfg(test)]
mod tests {
    use super::super::columns;
    use super::*;

    #[test]
    fn the_columns_are_the_tables() {
        for (key, heading, ..) in COLUMNS {
            assert_eq!(columns::key_of(heading), Some(key), "{heading}");
        }
        for (heading, _) in COMPUTED {
            assert!(columns::is_computed_heading(heading), "{heading}");
            assert_eq!(columns::key_of(heading), None);
        }
    }

    #[test]
    fn loose_character_codes_are_escaped_and_standard_ones_kept() {
        assert_eq!(escape_loose_codes("bao_hiem_xa_hoi"), "bao_hiem_x005F_xa_hoi");
        assert_eq!(escape_loose_codes("a_x005F_x0000_b"), "a_x005F_x0000_b");
        assert_eq!(escape_loose_codes("xa_nong_thon"), "xa_nong_thon");
        assert_eq!(escape_loose_codes("Bảo_xe_"), "Bảo_x005F_xe_");
        assert_eq!(escape_loose_codes("_xyz_"), "_xyz_");
    }

    #[test]
    fn wrapped_texts_take_the_lines_they_need() {
        assert_eq!(lines_in("", 12.0), 1);
        assert_eq!(lines_in("tỷ đồng", 12.0), 1);
        assert_eq!(lines_in("Diện tích gieo trồng cây màu, cây công nghiệp ngắn ngày và cây hàng năm khác", 40.0), 2);
        assert_eq!(lines_in("triệu đồng/người", 12.0), 2);
    }

    #[test]
    fn number_formats_keep_the_decimals() {
        assert_eq!(number_format(0), "#,##0");
        assert_eq!(number_format(2), "#,##0.00");
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }
}
