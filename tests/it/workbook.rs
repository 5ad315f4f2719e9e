//! The indicator table as a workbook: the sample's table typed into Excel
//! builds the same booklet as its CSV; `export-table` and back gives the
//! same text again; cells are told by sheet and cell; percent-formatted
//! cells, floating point and formats read as typed; another writer's files
//! (openpyxl, LibreOffice) read the same.

use std::path::Path;

use baocao::error::Warning;
use baocao::indicators;
use rust_xlsxwriter::{Format, Workbook};

use crate::common::*;

const AS_IS: baocao::locale::numbers::Decimals = baocao::locale::numbers::Decimals::AsIs;

/// A cell of a test workbook.
enum Cell<'a> {
    Text(&'a str),
    Number(f64, &'a str),
}

/// Writes a workbook of `rows` (sheet `sheet`) to `path`.
fn write_workbook(path: &Path, sheet: &str, rows: &[Vec<Cell<'_>>]) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text("") => {}
                Cell::Text(t) => {
                    ws.write_string(r as u32, c as u16, *t).unwrap();
                }
                Cell::Number(n, format) => {
                    ws.write_number_with_format(r as u32, c as u16, *n, &Format::new().set_num_format(*format)).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

/// The sample's CSV typed into a workbook as staff would: a title block and
/// a blank row above the headings, the columns in reverse order, plain
/// figures as numbers, ranges and worded figures as text.
fn sample_as_workbook(path: &Path) {
    let csv = std::fs::read_to_string(sample().join("indicators.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headings: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let records: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let figure_columns = ["nghị quyết", "thực hiện", "năm trước", "năm sau", "tỷ lệ đã nêu", "chênh lệch đã nêu", "target", "achieved", "previous", "next_target", "stated_ratio", "stated_difference"];
    let mut rows: Vec<Vec<Cell<'_>>> = vec![vec![Cell::Text("BẢNG CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM 2020")], vec![]];
    rows.push(headings.iter().rev().map(|h| Cell::Text(h)).collect());
    let numbers: Vec<Vec<Option<(f64, String)>>> = records
        .iter()
        .map(|record| {
            record
                .iter()
                .zip(&headings)
                .map(|(cell, heading)| {
                    if !figure_columns.contains(&heading.to_lowercase().as_str()) {
                        return None;
                    }
                    let parsed = baocao::locale::numbers::parse(cell).ok().filter(|p| !p.percent)?;
                    let decimals = parsed.value.scale() as usize;
                    let format = if decimals == 0 { "#,##0".to_string() } else { format!("#,##0.{}", "0".repeat(decimals)) };
                    Some((parsed.value.to_string().parse::<f64>().unwrap(), format))
                })
                .collect()
        })
        .collect();
    for (record, numbers) in records.iter().zip(&numbers) {
        let cells = record
            .iter()
            .zip(numbers)
            .rev()
            .map(|(text, number)| match number {
                Some((n, format)) => Cell::Number(*n, format),
                None => Cell::Text(text),
            })
            .collect();
        rows.push(cells);
    }
    write_workbook(path, "Chỉ tiêu", &rows);
}

/// The booklet's text as the templates made it (NAME.md).
fn booklet_text(dir: &Path, out: &Path) -> String {
    let built = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "-f", "md"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::read_to_string(out.join(format!("{name}.md"))).unwrap()
}

/// A copy of the sample with its table replaced by `table` (named
/// `indicators.EXT` after its extension).
fn sample_with_table(table: &Path) -> Scratch {
    let dir = copy_of(&sample(), "tra-vinh-2020");
    std::fs::remove_file(dir.join("indicators.csv")).unwrap();
    let ext = table.extension().unwrap().to_string_lossy().into_owned();
    std::fs::copy(table, dir.join(format!("indicators.{ext}"))).unwrap();
    dir
}

#[test]
fn the_samples_table_typed_into_a_workbook_builds_the_same_booklet() {
    let work = temp_dir("wb-sample");
    let xlsx = work.join("typed.xlsx");
    sample_as_workbook(&xlsx);
    let dir = sample_with_table(&xlsx);
    let from_csv = booklet_text(&sample(), &work.join("csv"));
    let from_workbook = booklet_text(&dir, &work.join("xlsx"));
    assert_eq!(from_workbook, from_csv);
    assert!(from_csv.contains(r"việc làm mới 16\.100 lao động"), "a figure typed as a number prints in Vietnamese notation");
    if tool("pdftotext") {
        let pdf = |d: &Path, out: &str| {
            let out = work.join(out);
            let built = baocao(&["build", d.to_str().unwrap(), "--out", out.to_str().unwrap(), "-f", "pdf"]);
            assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
            pdf_text(&out.join(format!("{}.pdf", d.file_name().unwrap().to_string_lossy())))
        };
        assert_eq!(pdf(&dir, "pdf-xlsx"), pdf(&sample(), "pdf-csv"), "the PDF's text is the same");
    }
}

#[test]
fn export_table_then_build_gives_the_same_text_and_the_same_bytes_again() {
    let work = temp_dir("wb-export");
    let xlsx = work.join("chi-tieu.xlsx");
    let exported = baocao(&["export-table", sample().to_str().unwrap(), xlsx.to_str().unwrap()]);
    assert!(exported.status.success(), "{}", String::from_utf8_lossy(&exported.stderr));
    let again = baocao(&["export-table", sample().to_str().unwrap(), xlsx.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1), "an existing file is not overwritten without --force");
    let dir = sample_with_table(&xlsx);
    assert_eq!(booklet_text(&dir, &work.join("a")), booklet_text(&sample(), &work.join("b")));
    // Exported from the workbook: the same bytes, so the same table gives
    // the same file year after year.
    let second = work.join("second.xlsx");
    let exported = baocao(&["export-table", dir.to_str().unwrap(), second.to_str().unwrap()]);
    assert!(exported.status.success(), "{}", String::from_utf8_lossy(&exported.stderr));
    assert_eq!(std::fs::read(&xlsx).unwrap(), std::fs::read(&second).unwrap());

    // What the statistics office gets: headings bold and frozen, lists,
    // formulas with cached values, locked computed columns, the guide.
    let sheet = xlsx_part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<pane xSplit="2" ySplit="5" topLeftCell="C6""#), "the heading row under the title block is frozen, and the id and name");
    assert!(sheet.contains("<sheetProtection"), "the computed columns are locked");
    assert!(sheet.contains(r#"<dataValidation type="list""#), "direction, comparison and basis are chosen from lists");
    assert!(sheet.contains("<conditionalFormatting"), "rows short of their target are highlighted");
    assert!(sheet.contains("<f>IF(COUNTA(A6:E6,I6:T6)=0,\"\",IF(AND(ISNUMBER(D6),ISNUMBER(E6))"), "computed columns are formulas");
    assert!(sheet.contains("<v>105.3</v>"), "with their values cached");
    let workbook = xlsx_part(&xlsx, "xl/workbook.xml");
    assert!(workbook.contains(r#"name="Chỉ tiêu""#) && workbook.contains(r#"name="Giải thích""#));
    let strings = xlsx_part(&xlsx, "xl/sharedStrings.xml");
    assert!(strings.contains("bao_hiem_x005F_xa_hoi"), "an id with _x is guarded against LibreOffice's lenient reading");
}

fn xlsx_part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

/// The indicators of a folder holding only the workbook `rows`.
fn load(name: &str, rows: &[Vec<Cell<'_>>], sheet: Option<&str>) -> (baocao::Result<Vec<baocao::indicators::Indicator>>, Vec<Warning>, Scratch) {
    let dir = temp_dir(name);
    write_workbook(&dir.join("indicators.xlsx"), sheet.unwrap_or("Trang 1"), rows);
    let mut warnings = Vec::new();
    let loaded = indicators::load(&dir, sheet, &mut warnings).map(|(loaded, _)| loaded);
    (loaded, warnings, dir)
}

fn headings() -> Vec<Cell<'static>> {
    ["mã", "tên chỉ tiêu", "đơn vị", "nghị quyết", "thực hiện"].map(Cell::Text).into()
}

#[test]
fn numbers_read_as_typed_and_percent_cells_as_shown() {
    let rows = vec![
        headings(),
        vec![Cell::Text("a"), Cell::Text("Float"), Cell::Text("tỷ đồng"), Cell::Number(0.1 + 0.2, "General"), Cell::Number(16100.0, "#,##0")],
        vec![Cell::Text("b"), Cell::Text("Phần trăm"), Cell::Text("%"), Cell::Number(0.7, "0%"), Cell::Number(0.685, "0.0%")],
        vec![Cell::Text("c"), Cell::Text("Số lẻ"), Cell::Text("ha"), Cell::Number(70.0, "#,##0.0"), Cell::Text("trên 1.000")],
    ];
    let (loaded, warnings, _dir) = load("wb-numbers", &rows, None);
    let loaded = loaded.unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let shown = |i: usize| (loaded[i].target.unwrap().format(AS_IS), loaded[i].achieved.unwrap().format(AS_IS));
    assert_eq!(shown(0), ("0,3".into(), "16.100".into()));
    assert_eq!(shown(1), ("70".into(), "68,5".into()), "a percent-formatted cell in a % row");
    assert_eq!(shown(2), ("70,0".into(), "trên 1.000".into()), "the decimals the format shows; a worded figure");
}

#[test]
fn a_bad_cell_is_named_by_file_sheet_and_cell() {
    let mut rows = vec![vec![Cell::Text("Bảng chỉ tiêu")], vec![], headings()];
    for i in 0..30 {
        rows.push(vec![Cell::Text(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "aa", "ab", "ac", "ad"][i]), Cell::Text("Tên"), Cell::Text("ha"), Cell::Number(10.0, "0"), Cell::Number(9.0, "0")]);
    }
    // Row 34, column E: a dotted decimal typed as text, which could be
    // read two ways.
    rows.push(vec![Cell::Text("ae"), Cell::Text("Tên"), Cell::Text("ha"), Cell::Number(10.0, "0"), Cell::Text("68.5")]);
    let (loaded, _, dir) = load("wb-bad-cell", &rows, Some("Chỉ tiêu"));
    let error = loaded.unwrap_err();
    let place = error.place().unwrap();
    assert_eq!(place.path, dir.join("indicators.xlsx"));
    assert_eq!(place.within.as_deref(), Some("trang «Chỉ tiêu», ô E34"));
    let shown = error.render();
    assert!(shown.contains("indicators.xlsx, trang «Chỉ tiêu», ô E34"), "{shown}");
    assert!(shown.contains("68,5"), "the hint says how to write it: {shown}");
}

#[test]
fn a_missing_sheet_two_tables_merged_headings_and_dates_are_refused() {
    let (loaded, _, dir) = load("wb-sheet", &[headings()], None);
    assert!(loaded.is_ok());
    let mut warnings = Vec::new();
    let error = indicators::load(&dir, Some("Không có"), &mut warnings).unwrap_err().to_string();
    assert!(error.contains("Không có") && error.contains("Trang 1"), "{error}");

    std::fs::write(dir.join("indicators.csv"), "id;name\n").unwrap();
    let error = indicators::load(&dir, None, &mut warnings).unwrap_err().to_string();
    assert!(error.contains("indicators.csv") && error.contains("indicators.xlsx"), "both are named: {error}");

    let dir = temp_dir("wb-merged");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.merge_range(0, 0, 0, 1, "mã", &Format::new()).unwrap();
    ws.write_string(0, 2, "tên chỉ tiêu").unwrap();
    ws.write_string(0, 3, "đơn vị").unwrap();
    book.save(dir.join("indicators.xlsx")).unwrap();
    let error = indicators::load(&dir, None, &mut warnings).unwrap_err();
    assert_eq!(error.place().unwrap().within.as_deref(), Some("trang «Sheet1», ô A1"), "{error}");

    let dir = temp_dir("wb-date");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["mã", "tên chỉ tiêu", "thực hiện"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "a").unwrap();
    ws.write_string(1, 1, "Ngày").unwrap();
    ws.write_number_with_format(1, 2, 44000.0, &Format::new().set_num_format("dd/mm/yyyy")).unwrap();
    book.save(dir.join("indicators.xlsx")).unwrap();
    let error = indicators::load(&dir, None, &mut warnings).unwrap_err();
    assert_eq!(error.place().unwrap().within.as_deref(), Some("trang «Sheet1», ô C2"), "{error}");
}

#[test]
fn new_year_writes_the_rolled_workbook() {
    let work = temp_dir("wb-new-year");
    let xlsx = work.join("t.xlsx");
    assert!(baocao(&["export-table", sample().to_str().unwrap(), xlsx.to_str().unwrap()]).status.success());
    let dir = sample_with_table(&xlsx);
    let next = work.join("tra-vinh-2021");
    let rolled = baocao(&["new-year", dir.to_str().unwrap(), next.to_str().unwrap()]);
    assert!(rolled.status.success(), "{}", String::from_utf8_lossy(&rolled.stderr));
    assert!(next.join("indicators.xlsx").is_file());
    let from_csv = work.join("from-csv");
    assert!(baocao(&["new-year", sample().to_str().unwrap(), from_csv.to_str().unwrap()]).status.success());
    let a = booklet_text(&next, &work.join("a")).replace("tra-vinh-2021", "");
    let b = booklet_text(&from_csv, &work.join("b")).replace("from-csv", "");
    assert_eq!(a, b, "the workbook rolls over as the CSV does");
}

/// A workbook written by openpyxl: its formulas have no cached values and
/// its numbers another encoding; what Excel would show is read, and a
/// formula never computed is an error at its cell.
#[test]
fn a_workbook_written_by_openpyxl_reads_the_same() {
    if !tool("python3") || !python_module("python3", "openpyxl") {
        return;
    }
    let dir = temp_dir("wb-openpyxl");
    let script = r#"
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Chỉ tiêu"
ws["A1"] = "BẢNG CHỈ TIÊU"
ws.merge_cells("A1:E1")
ws.append([])
ws.append(["Mã", "Tên chỉ tiêu", "Đơn vị", "Nghị quyết", "Thực hiện"])
ws.append(["viec_lam", "Việc làm mới", "lao động", 23000, 16100])
ws.append(["ho_ngheo", "Tỷ lệ hộ nghèo", "%", 2, 0.015])
ws["E5"].number_format = "0.0%"
ws.append(["thu_ngan_sach", "Thu ngân sách", "tỷ đồng", 1922.5, "=D6*2"])
wb.save(sys.argv[1])
"#;
    run("python3", &["-c", script, dir.join("indicators.xlsx").to_str().unwrap()]);
    let mut warnings = Vec::new();
    let error = indicators::load(&dir, None, &mut warnings).unwrap_err();
    assert_eq!(error.place().unwrap().within.as_deref(), Some("trang «Chỉ tiêu», ô E6"), "a formula with no value: {error}");
    let fix = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
wb["Chỉ tiêu"]["E6"] = 1763
wb.save(sys.argv[1])
"#;
    run("python3", &["-c", fix, dir.join("indicators.xlsx").to_str().unwrap()]);
    let (loaded, _) = indicators::load(&dir, None, &mut warnings).unwrap();
    let figures: Vec<String> = loaded.iter().map(|i| format!("{} {}", i.target.unwrap().format(AS_IS), i.achieved.unwrap().format(AS_IS))).collect();
    assert_eq!(figures, ["23.000 16.100", "2 1,5", "1.922,5 1.763"]);
}

/// LibreOffice re-saving the exported workbook (as .ods, and from that as
/// .xlsx) changes nothing the booklet shows.
#[test]
fn a_workbook_resaved_by_libreoffice_builds_the_same_booklet() {
    if !tool("soffice") {
        return;
    }
    let work = temp_dir("wb-libreoffice");
    let xlsx = work.join("t.xlsx");
    assert!(baocao(&["export-table", sample().to_str().unwrap(), xlsx.to_str().unwrap()]).status.success());
    let profile = format!("-env:UserInstallation=file://{}", work.join("profile").display());
    // Without LibreOffice Calc the conversion fails (told below by the
    // missing file, whatever soffice's exit code).
    let convert = |file: &Path, to: &str, out: &Path| {
        let _ = std::process::Command::new("soffice")
            .args([profile.as_str(), "--headless", "--convert-to", to, "--outdir", out.to_str().unwrap(), file.to_str().unwrap()])
            .output();
    };
    convert(&xlsx, "ods", &work.join("ods"));
    let ods = work.join("ods/t.ods");
    if !available("LibreOffice Calc", ods.is_file()) {
        return;
    }
    convert(&ods, "xlsx", &work.join("xlsx"));
    let expected = booklet_text(&sample(), &work.join("csv"));
    for (name, file) in [("ods", ods), ("resaved", work.join("xlsx/t.xlsx"))] {
        let dir = sample_with_table(&file);
        assert_eq!(booklet_text(&dir, &work.join(format!("out-{name}"))), expected, "{name}");
    }
}

/// What the statistics office gets, on screen and on paper: a title block
/// over the headings; the headings, the id and the name frozen; landscape
/// A4, one page wide, the heading row and the id and name columns on every
/// page (openpyxl reads the setup, LibreOffice prints it: 2 pages, not 17);
/// the basis list with every basis the table uses; formulas far under the
/// table. In LibreOffice Calc, a row typed under the table gets its ratio,
/// difference and status, a row with only a stated ratio follows a target
/// typed later, and the saved workbook reads back with both.
#[test]
fn the_office_prints_the_table_and_types_rows_under_it() {
    if !tool("python3") || !python_module("python3", "openpyxl") {
        return;
    }
    let work = temp_dir("wb-office");
    let xlsx = work.join("chi-tieu.xlsx");
    let exported = baocao(&["export-table", sample().to_str().unwrap(), xlsx.to_str().unwrap()]);
    assert!(exported.status.success(), "{}", String::from_utf8_lossy(&exported.stderr));
    let setup = r#"
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Chỉ tiêu"]
last = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value)
print(json.dumps({
    "title": [ws.cell(r, 1).value for r in range(1, 5)],
    "heading": [ws.cell(5, c).value for c in range(1, 12)],
    "freeze": ws.freeze_panes,
    "orientation": ws.page_setup.orientation,
    "paper": ws.page_setup.paperSize,
    "fit": [ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight],
    "repeated": [ws.print_title_rows, ws.print_title_cols],
    "area": ws.print_area,
    "lists": {str(d.sqref): d.formula1 for d in ws.data_validations.dataValidation},
    "below": [ws.cell(last + 60, c).value for c in (6, 7, 8)],
    "last": last,
}, ensure_ascii=False))
"#;
    let read: serde_json::Value = serde_json::from_str(&run("python3", &["-c", setup, xlsx.to_str().unwrap()])).unwrap();
    assert_eq!(read["title"], serde_json::json!(["ĐẢNG BỘ TỈNH TRÀ VINH", "BẢNG CHỈ TIÊU CHỦ YẾU NĂM 2020", "(Kết quả thực hiện năm 2020 và mục tiêu năm 2021)", null]));
    assert_eq!(read["heading"].as_array().unwrap()[0..5], serde_json::json!(["Mã", "Tên chỉ tiêu", "Đơn vị", "Mục tiêu", "Thực hiện"]).as_array().unwrap()[..]);
    assert_eq!(read["heading"][7], "Đánh giá (tính)", "the computed columns follow the result");
    assert_eq!(read["freeze"], "C6", "the headings, the id and the name stay in view");
    assert_eq!((read["orientation"].as_str(), read["paper"].as_i64()), (Some("landscape"), Some(9)), "landscape A4");
    assert_eq!(read["fit"], serde_json::json!([true, 1, 0]), "one page wide");
    assert_eq!(read["repeated"], serde_json::json!(["$5:$5", "$A:$B"]), "the heading row and the id and name columns on every page");
    let last = read["last"].as_i64().unwrap();
    assert_eq!(last, 5 + 57, "57 indicators under the heading row");
    assert_eq!(read["area"], format!("'Chỉ tiêu'!$A$1:$K${last}"), "the title, the table and the columns an office reads");
    let bases = read["lists"].as_object().unwrap().iter().find(|(range, _)| range.starts_with('K')).map(|(_, list)| list.as_str().unwrap().to_string());
    assert_eq!(bases.as_deref(), Some("\"kế hoạch,Nghị quyết,dự toán,so Nghị quyết\""), "every basis the table uses: {}", read["lists"]);
    for formula in read["below"].as_array().unwrap() {
        assert!(formula.as_str().is_some_and(|f| f.starts_with("=IF(COUNTA(")), "formulas reach far under the table: {formula}");
    }

    // LibreOffice's UNO bridge comes with the system's Python.
    if !tool("soffice") || !tool("pdftotext") || !python_module("/usr/bin/python3", "uno") {
        return;
    }
    let (pdf, typed, profile) = (work.join("printed.pdf"), work.join("typed.xlsx"), work.join("profile"));
    let port = (30_000 + std::process::id() % 20_000).to_string();
    let script = root().join("tests/fixtures/type_in_calc.py");
    let args = [script.to_str().unwrap(), xlsx.to_str().unwrap(), pdf.to_str().unwrap(), typed.to_str().unwrap(), profile.to_str().unwrap(), &port];
    let calc: serde_json::Value = serde_json::from_str(run("/usr/bin/python3", &args).lines().last().unwrap()).unwrap();
    // Printed: the table on landscape pages, each with all the columns an
    // office reads under the repeated headings.
    assert!(pdf_info(&pdf)["Page size"].starts_with("841.89 x 595.3"), "landscape A4");
    let text = pdf_text(&pdf);
    // The table's pages carry the footer's page number; the guide's not.
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| p.contains("Trang ")).collect();
    assert!((1..=3).contains(&pages.len()), "the table on 1 to 3 pages, not 17: {}", pages.len());
    assert!(pages[0].contains("BẢNG CHỈ TIÊU CHỦ YẾU NĂM 2020") && pages[0].contains("ĐẢNG BỘ TỈNH TRÀ VINH"), "the title block");
    for page in &pages {
        for heading in ["Mã", "Tên chỉ tiêu", "Thực hiện", "Mục tiêu năm sau", "Căn cứ"] {
            assert!(page.contains(heading), "every page one page wide, its headings repeated: «{heading}» missing from\n{page}");
        }
    }
    let printed = pages.join("\n");
    let table = std::fs::read_to_string(sample().join("indicators.csv")).unwrap();
    for id in table.lines().skip(1).filter_map(|l| l.split(';').next()) {
        assert!(printed.split_whitespace().any(|w| w == id), "«{id}» printed");
    }
    // Typed under the table, and a target typed into a row with a stated
    // ratio.
    assert_eq!(calc["new"].as_i64(), Some(last + 1), "the first empty row under the table");
    assert_eq!(calc["typed"], serde_json::json!({"ratio": 120.0, "difference": 20.0, "status": "Vượt"}));
    assert_eq!(calc["stated_before"], "Không đạt", "from the stated ratio, 94,9%");
    let ratio = calc["stated"]["ratio"].as_f64().unwrap();
    assert!((ratio - 110.112).abs() < 1e-6 && calc["stated"]["status"] == "Vượt", "27.528 against a target of 25.000: {}", calc["stated"]);
    // Saved by Calc, it reads back through baocao's reader.
    let dir = sample_with_table(&typed);
    let mut warnings = Vec::new();
    let (loaded, _) = indicators::load(&dir, None, &mut warnings).unwrap();
    let new = loaded.iter().find(|i| i.id == "chi_tieu_moi").expect("the typed row");
    assert_eq!((new.target.unwrap().format(AS_IS), new.achieved.unwrap().format(AS_IS), new.status().label()), ("100".into(), "120".into(), "Vượt"));
    let stated = loaded.iter().find(|i| i.id == "gia_tri_san_xuat_nong_nghiep").unwrap();
    assert_eq!(stated.target.unwrap().format(AS_IS), "25.000");
    assert_eq!(loaded.len(), 58);
}
