//! What real reports need, end to end on the test district
//! (tests/data/huyen-mau-2023, invented figures shaped like real reports):
//! rates compared in points, qualified values, ratios stated without
//! figures, counts stated both ways, the appendix, "+" sub-items, dates
//! kept whole; and next year's draft of the sample, marked DỰ THẢO.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use baocao::check::check;
use baocao::{Booklet, Format};

use crate::common::*;

fn district() -> PathBuf {
    root().join("tests/data/huyen-mau-2023")
}

/// The district's PDF and DOCX, built once.
fn district_outputs() -> &'static (PathBuf, PathBuf) {
    static OUTPUTS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    OUTPUTS.get_or_init(|| {
        let booklet = Booklet::compose(project(), &district()).unwrap();
        let out = lasting_dir("district");
        let files = booklet.write(project(), &out, Format::All).unwrap().files;
        (files[0].clone(), files[1].clone())
    })
}

/// The rows of the DOCX's appendix table, cells joined by "|".
fn appendix_rows(docx: &Path) -> Vec<String> {
    let document = docx_part(docx, "word/document.xml");
    let body = roxmltree::Document::parse(&document).unwrap();
    let grid = body
        .descendants()
        .find(|n| n.tag_name().name() == "tblStyle" && n.attributes().any(|a| a.value() == "TableGrid"))
        .expect("a Table Grid table")
        .ancestors()
        .find(|n| n.tag_name().name() == "tbl")
        .unwrap();
    grid.children()
        .filter(|n| n.tag_name().name() == "tr")
        .map(|tr| {
            tr.children()
                .filter(|n| n.tag_name().name() == "tc")
                .map(|tc| tc.descendants().filter(|n| n.tag_name().name() == "t").filter_map(|n| n.text()).collect::<String>())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

#[test]
fn the_district_booklet_says_what_real_reports_say() {
    let (pdf, docx) = district_outputs();
    let mut texts = vec![("DOCX", normalise(&docx_paragraphs(docx).join("\n")))];
    if tool("pdftotext") {
        texts.push(("PDF", normalise(&pdf_body_text(pdf))));
    }
    for (kind, text) in texts {
        for phrase in [
            // A growth rate against its target, in points.
            "Tốc độ tăng trưởng kinh tế đạt 7,36%, thấp hơn 0,64% so Nghị quyết",
            "giá trị sản xuất nông nghiệp tăng 3,36%, vượt 0,36%",
            // A percentage the report compares as a ratio.
            "bảo hiểm y tế đạt 83%, đạt 91% Nghị quyết",
            // Qualified values keep their word; "trên" the target is exceeded.
            "trên 1.000 hộ dân nông thôn dùng nước sạch, đạt trên 100% kế hoạch",
            "Tỷ lệ thất nghiệp khoảng 1,8%",
            // Ratios stated without figures, with their own decimals.
            "Thu ngân sách trên địa bàn đạt 110,7% dự toán; giải ngân vốn đầu tư công đạt 148,32% kế hoạch",
            // Counts stated both ways.
            "Có 03/6 chỉ tiêu chủ yếu đạt và vượt, 03/6 không đạt (Tăng trưởng kinh tế; BHYT; Tỷ lệ hộ nghèo); 15/19 chỉ tiêu nhiệm vụ hoàn thành",
            "tỷ lệ hộ nghèo còn 2,35% (Nghị quyết dưới 2%), không đạt",
        ] {
            assert!(text.contains(&normalise(phrase)), "{kind} lacks {phrase:?}:\n{text}");
        }
    }
    let findings = check(project(), &district()).unwrap();
    assert!(findings.errors.is_empty() && findings.warnings.is_empty(), "{:?} {:?}", findings.errors, findings.warnings);
}

#[test]
fn the_appendix_shows_points_ratios_and_stated_figures_and_leaves_plain_facts_out() {
    let rows = appendix_rows(&district_outputs().1);
    assert_eq!(rows[0], "Tên chỉ tiêu|Đơn vị|Chỉ tiêu|Thực hiện|Tỷ lệ đạt / chênh lệch (điểm %)|Đánh giá", "bases differ: «Chỉ tiêu»");
    for row in [
        "Tốc độ tăng trưởng kinh tế|%|8|7,36|\u{2212}0,64|Không đạt",
        "Giá trị sản xuất nông nghiệp tăng|%|3|3,36|+0,36|Vượt",
        "Tỷ lệ dân số tham gia bảo hiểm y tế|%|91,2|83|91%|Không đạt",
        "Tỷ lệ hộ nghèo|%|dưới 2|2,35|+0,35|Không đạt",
        "Thu ngân sách trên địa bàn|tỷ đồng|–|–|110,7%|Vượt",
        "Giải ngân vốn đầu tư công|tỷ đồng|–|–|148,32%|Vượt",
        "Hộ dân nông thôn dùng nước sạch|hộ|1.000|trên 1.000|trên 100%|Vượt",
        "Lao động được giải quyết việc làm|lao động|2.500|2.610|104,4%|Vượt",
        // A fact without a target, listed because its row asks.
        "Doanh nghiệp đang hoạt động|doanh nghiệp|–|212|–|Chưa đánh giá",
    ] {
        assert!(rows.iter().any(|r| r == row), "{row:?} is not in {rows:#?}");
    }
    assert!(!rows.iter().any(|r| r.starts_with("Diện tích gieo trồng lúa")), "a plain fact stays out: {rows:#?}");

    // One basis for every row: it heads the target column.
    let dir = copy_of(&district(), "huyen-mau-2023");
    let table = std::fs::read_to_string(dir.join("indicators.csv")).unwrap();
    let one_basis: Vec<String> = table
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let mut cells: Vec<&str> = line.split(';').collect();
            if i > 0 {
                cells[8] = "Nghị quyết";
            }
            cells.join(";")
        })
        .collect();
    std::fs::write(dir.join("indicators.csv"), one_basis.join("\n")).unwrap();
    let out = temp_dir("one-basis");
    let md = &Booklet::compose(project(), &dir).unwrap().write(project(), &out, Format::Markdown).unwrap().files[0];
    let markdown = std::fs::read_to_string(md).unwrap();
    assert!(markdown.contains("| Tên chỉ tiêu | Đơn vị | Nghị quyết | Thực hiện |"), "{markdown}");
}

#[test]
fn plus_items_are_sub_items_in_both_writers() {
    let (pdf, docx) = district_outputs();
    let document = docx_part(docx, "word/document.xml");
    let body = roxmltree::Document::parse(&document).unwrap();
    // The list paragraph styles carry the levels' numbering.
    let style_of = |text: &str| -> Option<String> {
        let p = body.descendants().find(|n| {
            n.tag_name().name() == "p" && n.descendants().filter(|t| t.tag_name().name() == "t").filter_map(|t| t.text()).collect::<String>().starts_with(text)
        })?;
        p.descendants().find(|n| n.tag_name().name() == "pStyle").and_then(|n| n.attribute((n.tag_name().namespace().unwrap(), "val"))).map(str::to_string)
    };
    assert_eq!(style_of("Nông nghiệp:").as_deref(), Some("ListBullet"));
    assert_eq!(style_of("Trồng trọt:").as_deref(), Some("ListBullet2"), "the «+» item is the second level");
    assert_eq!(style_of("Nước sạch:").as_deref(), Some("ListBullet2"));
    assert_eq!(style_of("Thu ngân sách trên địa bàn").as_deref(), Some("ListBullet"), "the next «-» item is back at the first");
    if tool("pdftotext") {
        let text = pdf_text(pdf);
        assert!(text.lines().any(|l| l.trim_start().starts_with("+ Trồng trọt:")), "{text}");
        assert!(text.lines().any(|l| l.trim_start().starts_with("- Nông nghiệp:")), "{text}");
    }
}

#[test]
fn dates_never_break_after_ngay_thang_nam() {
    let (pdf, docx) = district_outputs();
    assert!(docx_part(docx, "word/document.xml").contains("ngày\u{a0}05 tháng\u{a0}01 năm\u{a0}2024"), "no-break spaces in the DOCX");
    if !tool("pdftotext") {
        return;
    }
    let sample_a5 = {
        let out = lasting_dir("dates-a5");
        let booklet = Booklet::compose_with(project(), &sample(), baocao::Options { paper: Some("a5".into()), ..Default::default() }, baocao::Strictness::Strict).unwrap();
        booklet.write(project(), &out, Format::Pdf).unwrap().files[0].clone()
    };
    for file in [pdf.clone(), sample_a5] {
        let text = pdf_text(&file);
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            let ends_with_word = ["ngày", "tháng", "năm", "Ngày", "Tháng", "Năm"].iter().any(|w| pair[0].ends_with(&format!(" {w}")) || pair[0] == *w);
            assert!(!(ends_with_word && pair[1].starts_with(|c: char| c.is_ascii_digit())), "{}: a date breaks: {pair:?}", file.display());
        }
    }
}

#[test]
fn next_year_of_the_sample_is_a_draft_of_2021_on_every_page() {
    let dir = sample_copy("tra-vinh-2020");
    let next = dir.parent().unwrap().join("tra-vinh-2021");
    let rolled = baocao(&["new-year", dir.to_str().unwrap(), next.to_str().unwrap()]);
    assert!(rolled.status.success(), "{}", String::from_utf8_lossy(&rolled.stderr));
    let facts = std::fs::read_to_string(next.join("report.yaml")).unwrap();
    assert!(facts.contains("short_title: Kết quả năm 2021, nhiệm vụ năm 2022"), "{facts}");

    let out = temp_dir("draft-2021");
    let build = baocao(&["build", next.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let stderr = String::from_utf8(build.stderr).unwrap();
    for file in ["mo-dau.md", "ket-qua.md", "nhiem-vu.md"] {
        assert!(stderr.contains(&format!("content/{file}:1:1")), "a warning names the draft {file}: {stderr}");
    }
    // An unstated count points at report.yaml, where it is stated.
    assert!(stderr.contains("summaries.main.unmet trong report.yaml"), "{stderr}");

    let docx = out.join("tra-vinh-2021.docx");
    let header = docx_part(&docx, "word/header1.xml");
    assert!(header.contains("DỰ THẢO") && header.contains("Kết quả năm 2021, nhiệm vụ năm 2022"), "{header}");
    assert!(docx_part(&docx, "word/header3.xml").contains("DỰ THẢO"), "the cover's header");
    assert!(docx_part(&docx, "word/document.xml").contains("rIdHeaderCover"));
    if tool("pdftotext") {
        let text = pdf_text(&out.join("tra-vinh-2021.pdf"));
        let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
        assert!(pages.len() > 20);
        for (i, page) in pages.iter().enumerate() {
            assert!(page.contains("DỰ THẢO"), "page {} lacks the draft mark", i + 1);
            if i > 0 {
                assert!(page.contains("Kết quả năm 2021, nhiệm vụ năm 2022"), "page {}'s running header", i + 1);
                assert!(!page.contains("Kết quả năm 2020, nhiệm vụ năm 2021"), "page {}", i + 1);
            }
        }
    }

    // A final copy is refused while any file is a draft; nothing is written.
    let final_out = temp_dir("final-2021");
    let refused = baocao(&["build", next.to_str().unwrap(), "--final", "--out", final_out.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(outputs_in(&final_out).is_empty());
    // With the marks deleted, it is no draft any more; a final copy is
    // still refused while a figure of 2021 is empty.
    for file in ["mo-dau.md", "ket-qua.md", "nhiem-vu.md"] {
        let path = next.join("content").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.split_once('\n').unwrap().1).unwrap();
    }
    let refused = baocao(&["build", next.to_str().unwrap(), "--final", "--format", "docx", "--out", final_out.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("chưa có số liệu «") && !stderr.contains("bản nháp"), "{stderr}");
    let draft_free = temp_dir("draft-free-2021");
    let built = baocao(&["build", next.to_str().unwrap(), "--format", "docx", "--out", draft_free.to_str().unwrap()]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert!(!docx_part(&draft_free.join("tra-vinh-2021.docx"), "word/header1.xml").contains("DỰ THẢO"));
}

#[test]
fn next_year_of_the_district_renames_its_dated_files_and_keeps_periods() {
    let dir = copy_of(&district(), "huyen-mau-2023");
    let next = dir.parent().unwrap().join("huyen-mau-2024");
    let rolled = baocao(&["new-year", dir.to_str().unwrap(), next.to_str().unwrap()]);
    assert!(rolled.status.success(), "{}", String::from_utf8_lossy(&rolled.stderr));
    let stderr = String::from_utf8(rolled.stderr).unwrap();
    assert!(stderr.contains("năm 2025 không được chuyển") && stderr.contains("report.yaml:11"), "the period of the audience is named: {stderr}");
    let facts = std::fs::read_to_string(next.join("report.yaml")).unwrap();
    for line in ["  - NGHỊ QUYẾT NĂM 2024", "  - VÀ NHIỆM VỤ NĂM 2025", "short_title: Huyện Mẫu, kết quả năm 2024, nhiệm vụ năm 2025", "audience: (Dùng cho báo cáo viên, nhiệm kỳ 2020 - 2025)", "  - ket-qua-2024.md", "  - nhiem-vu-2025.md", "    met: ~"] {
        assert!(facts.lines().any(|l| l.starts_with(line)), "{line}:\n{facts}");
    }
    assert!(next.join("content/ket-qua-2024.md").is_file() && !next.join("content/ket-qua-2023.md").exists());
    let table = std::fs::read_to_string(next.join("indicators.csv")).unwrap();
    let growth = table.lines().find(|l| l.starts_with("tang_truong;")).unwrap();
    assert!(growth.contains(";8,5;;7,36;;;;"), "next target became the target, result last year's, stated figures emptied: {growth}");
    let booklet = Booklet::compose(project(), &next).unwrap();
    assert!(booklet.document.meta.draft);
}
