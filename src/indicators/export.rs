//! The indicator table as a workbook for the statistics office (`baocao
//! export-table`): Vietnamese headings bold in a frozen first row, columns
//! fitted, lists to choose the direction, basis and comparison from, the
//! computed ratio, difference and status as locked Excel formulas with
//! their values cached (so a figure typed in Excel shows its result at
//! once), rows short of their target highlighted, and a second sheet that
//! explains every column. Read back by [`super::workbook`], it gives the
//! same indicators as the table it was made from.

use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::columns::Rows;
use super::table;
use super::{Amount, Comparison, Direction, Indicator, Status};
use crate::date::Date;
use crate::error::{Error, Place, Result, Warning};
use crate::locale::numbers;
use crate::t;

/// The sheet of the table when report.yaml names none.
pub const DEFAULT_SHEET: &str = "Chỉ tiêu";

/// The sheet that explains the columns.
const GUIDE_SHEET: &str = "Giải thích";

/// The columns written, in order: key, heading, what it holds, an example.
const COLUMNS: [(&str, &str, &str, &str); 17] = [
    ("id", "Mã", "Mã chỉ tiêu mà các mẫu dùng: chữ thường không dấu, chữ số, dấu gạch dưới. Không đổi mã đã dùng.", "tang_truong_grdp"),
    ("group", "Nhóm", "Nhóm chỉ tiêu: Đảng, kinh tế, xã hội, môi trường, quốc phòng - an ninh.", "kinh tế"),
    ("list", "Danh sách", "Danh sách tổng hợp mà chỉ tiêu được đếm (main: chỉ tiêu chủ yếu; task: nhiệm vụ).", "main"),
    ("name", "Tên chỉ tiêu", "Tên đầy đủ của chỉ tiêu, như in trong phụ lục.", "Tốc độ tăng trưởng tổng sản phẩm (GRDP)"),
    ("short_name", "Tên ngắn", "Tên trong danh sách chỉ tiêu không đạt, nếu ngắn hơn.", "Tăng trưởng GRDP"),
    ("unit", "Đơn vị", "Đơn vị tính: %, tỷ đồng, lao động, ...", "%"),
    ("direction", "Hướng", "Chọn trong danh sách: trở lên (càng cao càng tốt, mặc định), dưới (không vượt quá), khoảng, duy trì.", "trở lên"),
    ("compare", "So sánh", "điểm: so chênh lệch (mặc định cho đơn vị %); tỷ lệ: thực hiện ÷ mục tiêu (mặc định cho đơn vị khác).", "điểm"),
    ("basis", "Căn cứ", "Tên của mục tiêu: kế hoạch (mặc định), Nghị quyết, dự toán.", "Nghị quyết"),
    ("target", "Mục tiêu", "Mục tiêu của năm: một số, một khoảng (1.100 - 1.200) hoặc có chữ đứng trước (trên 1.000, dưới 2,5).", "7"),
    ("achieved", "Thực hiện", "Kết quả thực hiện: một số, có thể có chữ đứng trước (trên 1.000, khoảng 5).", "7,36"),
    ("previous", "Năm trước", "Kết quả năm trước, nếu có.", "6,8"),
    ("next_target", "Mục tiêu năm sau", "Mục tiêu của năm kế hoạch.", "7,5"),
    ("stated_ratio", "Tỷ lệ đã nêu", "Tỷ lệ đạt mà báo cáo nêu (đạt 110,7%), khi không có số liệu hoặc để đối chiếu.", "110,7"),
    ("stated_difference", "Chênh lệch đã nêu", "Chênh lệch mà báo cáo nêu (vượt 0,36%: ghi 0,36; thấp hơn 7,68%: ghi -7,68).", "0,36"),
    ("appendix", "Phụ lục", "có: đưa vào phụ lục cả khi không có gì để đánh giá; không: không đưa vào phụ lục.", "có"),
    ("note", "Ghi chú", "Ghi chú.", ""),
];

/// The computed columns' explanations, by their headings.
const COMPUTED: [(&str, &str); 3] = [
    ("Tỷ lệ đạt (tính)", "Thực hiện ÷ mục tiêu × 100, cho chỉ tiêu so sánh bằng tỷ lệ. Tự tính, không sửa."),
    ("Chênh lệch (tính)", "Thực hiện − mục tiêu (điểm) hoặc tỷ lệ đạt − 100. Tự tính, không sửa."),
    ("Đánh giá (tính)", "Vượt, Đạt, Không đạt hoặc Chưa đánh giá, theo hướng của chỉ tiêu. Tự tính, không sửa."),
];

/// The columns that hold figures.
const FIGURES: [&str; 6] = ["target", "achieved", "previous", "next_target", "stated_ratio", "stated_difference"];

/// The workbook of the indicator table of the report in `dir`: read from
/// its table file (`sheet` of a workbook), with `indicators` its rows as
/// the report read them, dated `date`, ratios shown to `ratio_decimals`.
pub fn workbook(dir: &Path, sheet: Option<&str>, indicators: &[Indicator], date: Date, ratio_decimals: u32) -> Result<Vec<u8>> {
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
    write(&rows, indicators, sheet.unwrap_or(DEFAULT_SHEET), date, ratio_decimals).map_err(failed)
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
/// `path`) whose indicators are `indicators`, on sheet `sheet`.
pub(super) fn workbook_of(path: &Path, rows: &Rows, indicators: &[Indicator], sheet: Option<&str>, date: Date, ratio_decimals: u32) -> Result<Vec<u8>> {
    let failed = |e: XlsxError| unmade(path, &e);
    write(rows, indicators, sheet.unwrap_or(DEFAULT_SHEET), date, ratio_decimals).map_err(failed)
}

/// The workbook of the indicator table of the report in `dir` a year on
/// (see [`super::file::roll_rows`]), dated `date`.
pub fn rolled(dir: &Path, sheet: Option<&str>, date: Date, ratio_decimals: u32) -> Result<Vec<u8>> {
    let mut warnings: Vec<Warning> = Vec::new();
    let Some(table::ReadTable { path, rows, errors }) = table::rows(dir, sheet, &mut warnings)? else { return Ok(Vec::new()) };
    if let Some(error) = Error::all(errors) {
        return Err(error);
    }
    let rows = super::file::roll_rows(&rows);
    let indicators = table::from_rows(&path, rows.clone(), Vec::new())?;
    let failed = |e: XlsxError| unmade(&path, &e);
    write(&rows, &indicators, sheet.unwrap_or(DEFAULT_SHEET), date, ratio_decimals).map_err(failed)
}

fn write(rows: &Rows, indicators: &[Indicator], sheet_name: &str, date: Date, ratio_decimals: u32) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // Dated by the report, so the same table gives the same bytes.
    let created = ExcelDateTime::from_ymd(date.year.clamp(1900, 9999) as u16, date.month, date.day)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created).set_title("Bảng chỉ tiêu"));
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name)?;
    table_sheet(sheet, rows, indicators, ratio_decimals)?;
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
}

fn table_sheet(sheet: &mut Worksheet, rows: &Rows, indicators: &[Indicator], ratio_decimals: u32) -> std::result::Result<(), XlsxError> {
    let border = Format::new().set_border(FormatBorder::Thin).set_border_color(Color::Gray);
    let formats = Formats {
        heading: border.clone().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter).set_background_color(Color::RGB(0xDDEBF7)),
        text: border.clone().set_unlocked(),
        computed_text: border.clone().set_background_color(Color::RGB(0xF2F2F2)),
    };
    let computed_at = COLUMNS.len() as u16;
    for (at, (_, heading, ..)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, at as u16, *heading, &formats.heading)?;
    }
    for (i, (heading, _)) in COMPUTED.iter().enumerate() {
        sheet.write_string_with_format(0, computed_at + i as u16, *heading, &formats.heading)?;
    }
    for (i, ((_, fields), indicator)) in rows.iter().zip(indicators).enumerate() {
        let row = i as u32 + 1;
        for (at, (key, ..)) in COLUMNS.iter().enumerate() {
            let cell = fields.iter().find(|f| f.key == *key).map(|f| f.cell.trim()).unwrap_or("");
            write_cell(sheet, row, at as u16, key, cell, &formats)?;
        }
        computed_cells(sheet, row, computed_at, indicator, ratio_decimals, &formats)?;
    }
    let last_row = rows.len().max(1) as u32 + 200;
    let last_column = computed_at + COMPUTED.len() as u16 - 1;
    // Input cells stay editable below the table, so rows can be added.
    for at in 0..computed_at {
        sheet.set_column_format(at, &Format::new().set_unlocked())?;
    }
    choices(sheet, last_row)?;
    let unmet = Format::new().set_background_color(Color::RGB(0xFDE9E7)).set_font_color(Color::RGB(0x9C0006));
    let status = column_letter(last_column);
    let rule = ConditionalFormatFormula::new().set_rule(format!("=${status}2=\"{}\"", Status::NotMet.label()).as_str()).set_format(unmet);
    sheet.add_conditional_format(1, 0, last_row, last_column, &rule)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_row_height(0, 32)?;
    sheet.autofit();
    let name_at = COLUMNS.iter().position(|(k, ..)| *k == "name").unwrap_or(0) as u16;
    sheet.set_column_width(name_at, 48)?;
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

/// The computed ratio, difference and status of `indicator` on `row`: a
/// formula where its figures are plain numbers (so new figures show their
/// result at once), else the value baocao computed; each with its value
/// cached, and locked.
fn computed_cells(
    sheet: &mut Worksheet,
    row: u32,
    at: u16,
    indicator: &Indicator,
    ratio_decimals: u32,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    let position = |key: &str| COLUMNS.iter().position(|(k, ..)| *k == key).unwrap_or(0) as u16;
    let excel_row = row + 1;
    let target = format!("{}{excel_row}", column_letter(position("target")));
    let achieved = format!("{}{excel_row}", column_letter(position("achieved")));
    let plain = |a: Option<Amount>| matches!(a, None | Some(Amount::Exact(_)));
    // A stated figure decides the status only while the figures are
    // missing: then the value baocao found stays, not a formula.
    let stated = indicator.stated_ratio.is_some() || indicator.stated_difference.is_some();
    let figures = indicator.target.is_some() && indicator.achieved.is_some();
    let formulas = plain(indicator.target) && plain(indicator.achieved) && (figures || !stated);
    let both = format!("AND(ISNUMBER({target}),ISNUMBER({achieved}))");
    let ratio_format = formats.computed_text.clone().set_num_format(number_format(ratio_decimals));
    let difference_format = formats.computed_text.clone().set_num_format(format!("+{0};-{0};0", number_format(ratio_decimals.max(2)).trim_start_matches("#,##")));
    let ratio = indicator.ratio().map(|r| r.value());
    let difference = indicator.difference().map(|d| d.value());
    let status = indicator.status().label();
    let as_ratio = indicator.compare == Comparison::Ratio && indicator.direction != Direction::AtMost;
    if formulas {
        let difference_formula = if as_ratio {
            format!("=IF(AND({both},{target}>0),{achieved}/{target}*100-100,\"{NONE}\")")
        } else {
            format!("=IF({both},{achieved}-{target},\"{NONE}\")")
        };
        let (better, equal_counts) = match indicator.direction {
            Direction::AtMost => ("<", true),
            Direction::Maintain => (">=", false),
            Direction::AtLeast | Direction::Range => (">", true),
        };
        let judged = if equal_counts {
            format!(
                "IF({achieved}{better}{target},\"{}\",IF({achieved}={target},\"{}\",\"{}\"))",
                Status::Exceeded.label(),
                Status::Met.label(),
                Status::NotMet.label()
            )
        } else {
            format!("IF({achieved}{better}{target},\"{}\",\"{}\")", Status::Met.label(), Status::NotMet.label())
        };
        let status_formula = format!("=IF({both},{judged},\"{}\")", Status::Unknown.label());
        if as_ratio {
            let ratio_formula = format!("=IF(AND({both},{target}>0),{achieved}/{target}*100,\"{NONE}\")");
            sheet.write_formula_with_format(row, at, Formula::new(ratio_formula).set_result(cached(ratio)), &ratio_format)?;
        } else {
            sheet.write_blank(row, at, &formats.computed_text)?;
        }
        sheet.write_formula_with_format(row, at + 1, Formula::new(difference_formula).set_result(cached(difference)), &difference_format)?;
        sheet.write_formula_with_format(row, at + 2, Formula::new(status_formula).set_result(status), &formats.computed_text)?;
    } else {
        match ratio {
            Some(r) => sheet.write_number_with_format(row, at, r.to_f64().unwrap_or_default(), &ratio_format)?,
            None => sheet.write_blank(row, at, &formats.computed_text)?,
        };
        match difference {
            Some(d) => sheet.write_number_with_format(row, at + 1, d.to_f64().unwrap_or_default(), &difference_format)?,
            None => sheet.write_blank(row, at + 1, &formats.computed_text)?,
        };
        sheet.write_string_with_format(row, at + 2, status, &formats.computed_text)?;
    }
    Ok(())
}

/// What a computed column shows when the figures do not tell (an empty
/// text result reads as 0 in LibreOffice).
const NONE: &str = "–";

/// A formula's cached value: the number as Excel writes it, or [`NONE`].
fn cached(value: Option<Decimal>) -> String {
    value.map_or_else(|| NONE.to_string(), |v| v.normalize().to_string())
}

/// The lists to choose the direction, comparison, basis and appendix from;
/// another word is allowed after a warning, as the table reads more.
fn choices(sheet: &mut Worksheet, last_row: u32) -> std::result::Result<(), XlsxError> {
    let lists: [(&str, &[&str], &str); 4] = [
        ("direction", &["trở lên", "dưới", "khoảng", "duy trì"], "Càng cao càng tốt: trở lên; không vượt quá: dưới."),
        ("compare", &["điểm", "tỷ lệ"], "điểm: chênh lệch; tỷ lệ: thực hiện ÷ mục tiêu."),
        ("basis", &["kế hoạch", "Nghị quyết", "dự toán"], "Tên của mục tiêu."),
        ("appendix", &["có", "không"], "Có đưa vào phụ lục không."),
    ];
    for (key, words, message) in lists {
        let at = COLUMNS.iter().position(|(k, ..)| *k == key).unwrap_or(0) as u16;
        let validation = DataValidation::new()
            .allow_list_strings(words)?
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_input_message(message)?;
        sheet.add_data_validation(1, at, last_row, at, &validation)?;
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
    let explained = COLUMNS.iter().map(|(_, heading, what, example)| (*heading, *what, *example)).chain(COMPUTED.iter().map(|(h, w)| (*h, *w, "")));
    for (i, (heading, what, example)) in explained.enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, heading, &wrap)?;
        sheet.write_string_with_format(row, 1, what, &wrap)?;
        sheet.write_string_with_format(row, 2, example, &wrap)?;
    }
    let notes = [
        "Số ghi theo cách Việt Nam khi là chữ: dấu chấm ngăn hàng nghìn (16.100), dấu phẩy ngăn phần thập phân (68,5).",
        "Ô số (Number) được đọc đúng giá trị, không phụ thuộc cách hiển thị của máy.",
        "Các cột (tính) có công thức, tự cập nhật khi sửa mục tiêu hoặc thực hiện; baocao bỏ qua các cột này khi đọc.",
        "Dòng chỉ tiêu không đạt được tô đỏ. Thêm chỉ tiêu: ghi vào dòng trống dưới bảng.",
    ];
    let first = COLUMNS.len() as u32 + COMPUTED.len() as u32 + 2;
    for (i, note) in notes.iter().enumerate() {
        sheet.write_string(first + i as u32, 0, *note)?;
    }
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 90)?;
    sheet.set_column_width(2, 36)?;
    sheet.set_freeze_panes(1, 0)?;
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
    fn number_formats_keep_the_decimals() {
        assert_eq!(number_format(0), "#,##0");
        assert_eq!(number_format(2), "#,##0.00");
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }
}
