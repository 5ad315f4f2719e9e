//! Indicators end to end on the test province (tests/data/tinh-mau-2023,
//! invented data): computed phrases, the stated-count check, the rollover to
//! next year, and the indicator table's errors.

use std::path::Path;

use baocao::check::check_with;
use baocao::{Booklet, Format};
use crate::common::*;

fn test_province(_name: &str) -> Scratch {
    copy_of(&small(), "tinh-mau-2023")
}


/// The errors `check --final` finds: a slip is a warning of `check` and
/// `build`, an error of a final copy.
fn errors(dir: &Path) -> Vec<String> {
    check_with(project(), dir, true).unwrap().errors.iter().map(|p| p.to_string()).collect()
}


#[test]
fn computed_phrases_reach_both_outputs() {
    let dir = test_province("phrases");
    let booklet = Booklet::compose(project(), &dir).unwrap();
    assert!(booklet.warnings.is_empty(), "{:?}", booklet.warnings);
    let out = temp_dir("phrases-out");
    let files = booklet.write(project(), &out, Format::All).unwrap().files;
    let docx = docx_paragraphs(&files[1]).join("\n");
    let mut texts = vec![("DOCX", normalise(&docx))];
    if tool("pdftotext") {
        texts.push(("PDF", normalise(&pdf_body_text(&files[0]))));
    }
    for (kind, text) in texts {
        for phrase in [
            "Tăng trưởng GRDP đạt 6,5% (Nghị quyết 7%), thấp hơn 0,5% Nghị quyết, tăng 1,3% so cùng kỳ",
            // 1.763/1.922 = 91,7274...: rounded half away from zero to the
            // report's two decimals (public reports printed 91,72).
            "Thu ngân sách 1.763 tỷ đồng/1.922 tỷ đồng, đạt 91,73% dự toán, tăng 17,53% so cùng kỳ",
            "Tỷ lệ thất nghiệp còn 2,8% (Nghị quyết dưới 3%): vượt",
            "Kết nạp 430 đảng viên (bốn trăm ba mươi đảng viên), Nghị quyết 400 - 450",
            "Có 02/4 chỉ tiêu chủ yếu không đạt (Tăng trưởng GRDP; Thu ngân sách nhà nước)",
            "Cả bảng: 02/4 chỉ tiêu không đạt; nhóm kinh tế: 0 đạt, 2 không đạt (Tăng trưởng GRDP, Thu ngân sách nhà nước); Tỉnh Mẫu, ngày 05 tháng 02 năm 2024",
            "Tăng trưởng GRDP từ 7,5% trở lên; thu ngân sách 2.000 tỷ đồng; kết nạp 450 - 500 đảng viên",
        ] {
            assert!(text.contains(phrase), "{kind} lacks {phrase:?}:\n{text}");
        }
    }
}

#[test]
fn the_test_province_checks_clean_and_a_wrong_count_is_reported() {
    let dir = test_province("counts");
    assert!(errors(&dir).is_empty(), "{:?}", errors(&dir));
    edit(&dir.join("report.yaml"), "      - Thu ngân sách nhà nước\n", "");
    let found = errors(&dir);
    assert!(found.iter().any(|e| e.contains("nêu 1/4 không đạt, nhưng theo bảng là 2/4")), "{found:?}");
    assert!(found.iter().any(|e| e.contains("«Thu ngân sách nhà nước» không đạt theo số liệu")), "{found:?}");
    let cli = baocao(&["check", dir.to_str().unwrap()]);
    assert_eq!(cli.status.code(), Some(0), "a warning: {}", String::from_utf8_lossy(&cli.stdout));
    let cli = baocao(&["check", dir.to_str().unwrap(), "--final"]);
    assert_eq!(cli.status.code(), Some(1), "an error of a final copy: {}", String::from_utf8_lossy(&cli.stdout));
}

#[test]
fn a_stated_ratio_that_disagrees_with_the_figures_is_reported() {
    let dir = test_province("stated");
    edit(&dir.join("indicators.yaml"), "  target: 1.922\n", "  target: 1.922\n  stated_ratio: 91,72\n");
    let found = errors(&dir);
    assert!(found.iter().any(|e| e.contains("«thu_ngan_sach»: tỷ lệ nêu là 91,72% nhưng theo số liệu là 91,73%")), "{found:?}");
    assert!(found[0].contains("indicators.yaml:"), "the row is named: {found:?}");
}

#[test]
fn check_lists_every_indicator_the_templates_name_that_the_table_lacks() {
    let dir = test_province("missing");
    edit(&dir.join("content/bao-cao.md"), "# NHIỆM VỤ", "{{ ind.khong_co.achieved }} {{ ind.cung_khong_co | achievement }}\n\n# NHIỆM VỤ");
    let found = errors(&dir);
    for id in ["khong_co", "cung_khong_co"] {
        assert!(found.iter().any(|e| e.contains(&format!("chỉ tiêu «{id}»"))), "{found:?}");
    }
    let build = Booklet::compose(project(), &dir).err().expect("a build refuses a missing indicator").to_string();
    assert!(build.contains("khong_co") && build.contains("content/bao-cao.md:"), "{build}");
}

#[test]
fn new_year_rolls_the_report_over_and_the_draft_builds_at_once() {
    let dir = test_province("rollover");
    let next = dir.parent().unwrap().join("tinh-mau-2024");
    let run = baocao(&["new-year", dir.to_str().unwrap(), next.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));

    let facts = std::fs::read_to_string(next.join("report.yaml")).unwrap();
    for line in ["year: 2024", "plan_year: 2025", "date: 2025-02-05", "title: TÀI LIỆU KIỂM THỬ KẾT QUẢ NĂM 2024, NHIỆM VỤ NĂM 2025"] {
        assert!(facts.lines().any(|l| l.starts_with(line)), "{line}:\n{facts}");
    }
    assert!(facts.contains("# DỮ LIỆU KIỂM THỬ"), "comments are kept");

    let report = baocao::report::Report::load(&next).unwrap();
    let grdp = report.indicators.iter().find(|i| i.id == "tang_truong_grdp").unwrap();
    assert_eq!(grdp.target, Some(baocao::indicators::Amount::Exact("7.5".parse().unwrap())), "next year's target became the target");
    assert_eq!(grdp.previous, Some(baocao::indicators::Amount::Exact("6.5".parse().unwrap())), "this year's result became last year's");
    assert_eq!((grdp.achieved, grdp.next_target), (None, None));
    let members = report.indicators.iter().find(|i| i.id == "dang_vien_moi").unwrap();
    assert_eq!(members.target, Some(baocao::indicators::Amount::Range("450".parse().unwrap(), "500".parse().unwrap())));
    assert!(std::fs::read_to_string(next.join("content/bao-cao.md")).unwrap().starts_with("{# BẢN NHÁP"));

    // It builds at once: placeholders, and a warning for each empty figure.
    let out = temp_dir("rollover-out");
    let build = baocao(&["build", next.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let stderr = String::from_utf8(build.stderr).unwrap();
    for figure in ["tang_truong_grdp.achieved", "thu_ngan_sach.ratio", "tang_truong_grdp.next_target", "summaries.main.unmet"] {
        assert!(stderr.contains(&format!("«{figure}»")), "a warning for {figure}: {stderr}");
    }
    let text = docx_paragraphs(&out.join("tinh-mau-2024.docx")).join("\n");
    assert!(text.contains("Tăng trưởng GRDP đạt [chưa có số liệu] (Nghị quyết 7,5%)"), "{text}");
    assert!(text.contains("KẾT QUẢ NĂM 2024"), "{text}");

    // A second rollover into the same folder is refused.
    let again = baocao(&["new-year", dir.to_str().unwrap(), next.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn the_sample_rolls_over_its_csv_table_keeping_its_layout() {
    let from = sample_copy("sample-rollover");
    let to = from.parent().unwrap().join("tra-vinh-2021");
    baocao::rollover::new_year(&from, &to).unwrap();
    let raw = std::fs::read(to.join("indicators.csv")).unwrap();
    assert!(raw.starts_with("\u{feff}".as_bytes()), "the byte-order mark stays");
    let text = String::from_utf8(raw).unwrap();
    let row = text.lines().find(|l| l.starts_with("viec_lam_moi;")).unwrap();
    assert_eq!(
        row,
        "viec_lam_moi;xã hội;main;Giải quyết việc làm mới;Tạo việc làm mới cho lao động;lao động;;;23.000;;16.100;;;Chỉ tiêu hằng năm: tạo việc làm mới cho 23.000 lao động;"
    );
    let booklet = Booklet::compose(project(), &to).unwrap();
    assert!(booklet.unfinished.len() > 50, "{} warnings of what is still to fill in", booklet.unfinished.len());
}

#[test]
fn indicator_table_mistakes_name_the_row_and_column() {
    let cases: [(&str, &str, &str, &[&str]); 5] = [
        ("ambiguous", "  achieved: 6,5", "  achieved: 6.5", &["indicators.yaml:10:13", "«achieved»", "6,5"]),
        ("letters", "  target: 3\n", "  target: ba\n", &["indicators.yaml:", "«target»", "«ba» không phải là số"]),
        ("column", "  unit: tỷ đồng", "  units: tỷ đồng", &["không có cột «units»", "«unit»"]),
        ("duplicate", "- id: that_nghiep", "- id: thu_ngan_sach", &["trùng"]),
        ("direction", "  direction: dưới", "  direction: lên", &["hướng «lên»"]),
    ];
    for (name, from, to, expected) in cases {
        let dir = test_province(&format!("table-{name}"));
        edit(&dir.join("indicators.yaml"), from, to);
        let err = Booklet::compose(project(), &dir).err().unwrap_or_else(|| panic!("{name} composes")).to_string();
        for part in expected {
            assert!(err.contains(part), "{name}: {part:?} in {err}");
        }
    }
}

#[test]
fn csv_with_commas_and_without_a_byte_order_mark_reads_the_same() {
    let dir = sample_copy("csv-comma");
    let path = dir.join("indicators.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut reader = csv_rows(&text, b';');
    let mut writer = String::new();
    for row in reader.drain(..) {
        let cells: Vec<String> = row.iter().map(|c| if c.contains(',') || c.contains('"') { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.clone() }).collect();
        writer.push_str(&cells.join(","));
        writer.push('\n');
    }
    std::fs::write(&path, writer).unwrap();
    let comma = baocao::report::Report::load(&dir).unwrap().indicators;
    let semicolon = baocao::report::Report::load(&sample()).unwrap().indicators;
    assert_eq!(comma.len(), semicolon.len());
    for (a, b) in comma.iter().zip(&semicolon) {
        assert_eq!((&a.id, a.target, a.achieved, a.stated_ratio), (&b.id, b.target, b.achieved, b.stated_ratio));
    }

    let bad_line = text.lines().position(|l| l.starts_with("viec_lam_moi;")).unwrap() + 1;
    std::fs::write(&path, text.replacen(";16.100;", ";16.10;", 1)).unwrap();
    let err = Booklet::compose(project(), &dir).err().unwrap().to_string();
    assert!(err.contains(&format!("indicators.csv:{bad_line}:")) && err.contains("«thực hiện»"), "{err}");
}

/// The cells of a simple CSV text (quoted cells without line breaks).
fn csv_rows(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = Vec::new();
    for line in text.lines() {
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                c if c == delimiter as char && !quoted => cells.push(std::mem::take(&mut cell)),
                c => cell.push(c),
            }
        }
        cells.push(cell);
        rows.push(cells);
    }
    rows
}
