//! How the booklet is set, read from the PDF and from LibreOffice's
//! rendering of the DOCX: the appendix table's columns sized from their
//! content (no "Không đạt" broken, headings in three lines at most) and no
//! page with fewer than three of a table's rows; parts numbered in words
//! ("PHẦN THỨ NHẤT:" over the title) in both files, written as text in the
//! DOCX with a warning, read back by the importer as a label; the DOCX
//! contents' tab stops past the longest label; "+" sub-items where "-"
//! items stand.

use std::path::{Path, PathBuf};
use std::process::Command;

use baocao::doc::{Block, plain_text};
use baocao::{Booklet, Format, Options, Strictness};

use crate::common::*;

/// The PDF and the DOCX of the report in `dir` in `paper`, written to
/// `out`; with the booklet and the build's warnings.
fn build(dir: &Path, paper: &str, out: &Path) -> (PathBuf, PathBuf, Booklet, Vec<baocao::error::Warning>) {
    let options = Options { paper: Some(paper.into()), ..Options::default() };
    let booklet = Booklet::compose_with(project(), dir, options, Strictness::Strict).unwrap();
    let written = booklet.write(project(), out, Format::All).unwrap();
    (written.files[0].clone(), written.files[1].clone(), booklet, written.warnings)
}

/// LibreOffice's PDF of each of `docxs`, from one LibreOffice.
fn libreoffice_pdfs(docxs: &[&Path]) -> Vec<PathBuf> {
    let work = lasting_dir("typesetting-libreoffice");
    // Each under a name of its own: the PDFs are named after them.
    let copies: Vec<PathBuf> = docxs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let copy = work.join(format!("{i}.docx"));
            std::fs::copy(d, &copy).unwrap();
            copy
        })
        .collect();
    let run = Command::new("soffice")
        .args(["--headless", &format!("-env:UserInstallation=file://{}", work.join("profile").display()), "--convert-to", "pdf", "--outdir"])
        .arg(&work)
        .args(&copies)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    copies.iter().map(|c| c.with_extension("pdf")).collect()
}

/// Each page's text, by pdftotext.
fn pages(pdf: &Path) -> Vec<String> {
    pdf_text(pdf).split('\u{c}').map(str::to_string).collect()
}

/// The text of each row of the booklet's last table: its cells.
fn appendix(booklet: &Booklet) -> Vec<Vec<String>> {
    let table = booklet.document.blocks.iter().rev().find_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).unwrap();
    table.rows.iter().map(|row| row.iter().map(|c| plain_text(c)).collect()).collect()
}

/// `text` with its white space as single spaces.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How many of the table `rows` (by their first cell) each page of `pdf`
/// that shows the table holds, in page order; every row found once.
fn rows_per_page(pdf: &Path, rows: &[Vec<String>]) -> Vec<usize> {
    let pages: Vec<String> = pages(pdf).iter().filter(|p| p.contains("Tên chỉ tiêu")).map(|p| squeezed(p)).collect();
    let mut counts = vec![0; pages.len()];
    for row in rows {
        let name = squeezed(&row[0]);
        let on = pages.iter().position(|p| p.contains(&name)).unwrap_or_else(|| panic!("«{name}» is on no page of {}", pdf.display()));
        counts[on] += 1;
    }
    counts
}

/// The appendix of the PDF and of the DOCX: each unmet status on one line,
/// the ratio's heading in three lines at most, every page with three rows
/// or more.
fn check_appendix(name: &str, pdf: &Path, rows: &[Vec<String>]) -> Vec<usize> {
    let text: String = pages(pdf).into_iter().filter(|p| p.contains("Tên chỉ tiêu")).collect();
    assert!(!text.contains("Không\nđạt"), "{name}: «Không đạt» broken");
    let unmet = rows.iter().filter(|r| r.last().is_some_and(|s| s == "Không đạt")).count();
    assert!(unmet > 10);
    assert_eq!(text.matches("Không đạt").count(), unmet, "{name}: every unmet status on one line");
    for (at, _) in text.match_indices("Tỷ lệ đạt") {
        let end = text[at..].find("%)").expect("the heading's end") + at;
        assert!(text[at..end].matches('\n').count() <= 2, "{name}: the heading in three lines at most: {:?}", &text[at..end]);
    }
    let counts = rows_per_page(pdf, rows);
    assert!(counts.iter().all(|c| *c >= 3), "{name}: a page with fewer than three rows: {counts:?}");
    counts
}

/// The sample's appendix (A4: on one page, as the PDF's; A5: two pages),
/// and a table that would leave one row alone on its last page: three rows
/// go over, in the PDF and in the DOCX alike; with `min_rows: 1` in the
/// report's style.yaml the row stays alone (the case is still a case).
#[test]
fn the_appendix_fits_its_content_and_never_leaves_a_row_alone() {
    if !tool("pdftotext") {
        return;
    }
    let out = temp_dir("appendix");
    let (a4_pdf, a4_docx, a4, _) = build(&sample(), "a4", &out.join("a4"));
    let (a5_pdf, a5_docx, a5, _) = build(&sample(), "a5", &out.join("a5"));
    // Eight rows more: the sample's A4 appendix then leaves one row alone.
    let long = copy_of(&sample(), "long-table");
    let mut table = std::fs::read_to_string(long.join("indicators.csv")).unwrap();
    for i in 1..=8 {
        table.push_str(&format!("them_{i};xã hội;;Chỉ tiêu thêm số {i};;%;;;50;60;;;;\n"));
    }
    std::fs::write(long.join("indicators.csv"), &table).unwrap();
    let lone = copy_of(&long, "lone-row");
    std::fs::create_dir_all(lone.join("templates")).unwrap();
    let default = baocao::assets::default_templates().iter().find(|(n, _)| *n == "style.yaml").unwrap().1;
    let style = String::from_utf8(default.to_vec()).unwrap().replace("min_rows: 3 ", "min_rows: 1 ");
    std::fs::write(lone.join("templates/style.yaml"), style).unwrap();
    let (long_pdf, long_docx, long_booklet, _) = build(&long, "a4", &out.join("long"));
    let (lone_pdf, lone_docx, _, _) = build(&lone, "a4", &out.join("lone"));

    assert_eq!(check_appendix("a4 pdf", &a4_pdf, &appendix(&a4)), [appendix(&a4).len()], "the sample's appendix on one page");
    assert!(check_appendix("a5 pdf", &a5_pdf, &appendix(&a5)).len() >= 2);
    let rows = appendix(&long_booklet);
    let counts = check_appendix("long pdf", &long_pdf, &rows);
    assert_eq!(counts.last(), Some(&3), "three rows went over: {counts:?}");
    let alone = rows_per_page(&lone_pdf, &rows);
    assert_eq!(alone.last(), Some(&1), "without the rule, one row alone: the fixture still makes the case ({alone:?})");

    if !tool("soffice") {
        return;
    }
    let rendered = libreoffice_pdfs(&[&a4_docx, &a5_docx, &long_docx, &lone_docx]);
    assert_eq!(check_appendix("a4 docx", &rendered[0], &appendix(&a4)), [appendix(&a4).len()], "LibreOffice: the sample's appendix on one page");
    check_appendix("a5 docx", &rendered[1], &appendix(&a5));
    assert_eq!(check_appendix("long docx", &rendered[2], &rows), counts, "LibreOffice breaks the table where the PDF does");
}

/// The bottom-left corner (xMin) of the first word `word` followed by
/// `next` in `pdf`, by pdftotext's boxes.
fn word_x(pdf: &Path, word: &str, next: &str) -> Option<f64> {
    let html = run("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let words: Vec<(f64, String)> = html
        .lines()
        .filter(|l| l.contains("<word"))
        .filter_map(|line| {
            let at = line.find("xMin=\"")? + 6;
            let x = line[at..].split('"').next()?.parse().ok()?;
            Some((x, line.split('>').nth(1)?.split('<').next()?.to_string()))
        })
        .collect();
    words.windows(2).find(|w| w[0].1 == word && w[1].1 == next).map(|w| w[0].0)
}

/// Parts numbered in words, the title under the label, in the PDF and in
/// LibreOffice's rendering of the DOCX; the DOCX's contents with the
/// label, the title and the page number on one line (also for "PHẦN I:");
/// a "+" sub-item where a "-" item stands; the literal label warned about
/// and read back by the importer as a label, not as the heading's text.
#[test]
fn parts_in_words_their_contents_and_sub_items_in_both_files() {
    if !tool("pdftotext") {
        return;
    }
    let out = temp_dir("parts");
    let default = String::from_utf8(baocao::assets::default_templates().iter().find(|(n, _)| *n == "style.yaml").unwrap().1.to_vec()).unwrap();
    let with_label = |name: &str, label: &str| {
        let dir = copy_of(&sample(), name);
        std::fs::create_dir_all(dir.join("templates")).unwrap();
        std::fs::write(dir.join("templates/style.yaml"), default.replace(r#"label: "A.""#, &format!("label: \"{label}\""))).unwrap();
        edit(&dir.join("content/ket-qua.md"), "phong cách Hồ Chí Minh năm 2019.\n", "phong cách Hồ Chí Minh năm 2019.\n\n  + Một tiểu mục của gạch đầu dòng này.\n");
        dir
    };
    let words = with_label("phan-thu", r"PHẦN {ordinal-upper}:\n");
    let roman = with_label("phan-la-ma", "PHẦN I:");
    let (pdf, docx, _, warnings) = build(&words, "a4", &out.join("words"));
    let (_, roman_docx, _, roman_warnings) = build(&roman, "a4", &out.join("roman"));
    let warned: Vec<&baocao::error::Warning> = warnings.iter().filter(|w| w.message.contains("PHẦN THỨ NHẤT:")).collect();
    assert_eq!(warned.len(), 1, "the DOCX's literal labels are warned about: {warnings:?}");
    assert_eq!(warned[0].place.line, Some(default.lines().position(|l| l.contains(r#"label: "A.""#)).unwrap() + 1), "at the label's line");
    assert!(!roman_warnings.iter().any(|w| w.message.contains("PHẦN I:")), "Word numbers «PHẦN I:» itself");
    let numbering = docx_part(&docx, "word/numbering.xml");
    assert!(numbering.contains(r#"<w:numFmt w:val="none"/><w:pStyle w:val="Heading1"/><w:suff w:val="nothing"/><w:lvlText w:val=""/>"#));
    assert!(docx_part(&roman_docx, "word/numbering.xml").contains(r#"<w:lvlText w:val="PHẦN %1:"/>"#));

    let in_pdf = pdf_text(&pdf);
    for part in ["PHẦN THỨ NHẤT:\nKẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020", "PHẦN THỨ HAI:\nCÁC CHỈ TIÊU, NHIỆM VỤ GIẢI PHÁP CHỦ YẾU NĂM 2021"] {
        assert!(in_pdf.contains(part), "the PDF: {part:?}");
    }
    let (minus, plus) = (word_x(&pdf, "-", "Tiếp").unwrap(), word_x(&pdf, "+", "Một").unwrap());
    assert!((minus - plus).abs() < 1.0, "the PDF: «+» at {plus:.1} pt, «-» at {minus:.1} pt");

    // The importer reads the literal label as a label: the heading's text
    // edited comes back without it.
    let edited = out.join("edited.docx");
    rewrite_docx(&docx, &edited, |name, text| {
        Some(if name == "word/document.xml" { text.replace("KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020", "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ NĂM 2020") } else { text })
    });
    let imported = baocao(&["import", edited.to_str().unwrap(), words.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let prose = std::fs::read_to_string(words.join("content/ket-qua.md")).unwrap();
    assert_eq!(prose.lines().next(), Some("# KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ NĂM {{ report.year }}"), "the heading's text, not its label");

    if !tool("soffice") {
        return;
    }
    let rendered = libreoffice_pdfs(&[&docx, &roman_docx]);
    let in_docx = pdf_text(&rendered[0]);
    for part in ["PHẦN THỨ NHẤT:\nKẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020", "PHẦN THỨ HAI:\nCÁC CHỈ TIÊU, NHIỆM VỤ GIẢI PHÁP CHỦ YẾU NĂM 2021"] {
        assert!(in_docx.contains(part), "LibreOffice's rendering of the DOCX: {part:?}");
    }
    let (minus, plus) = (word_x(&rendered[0], "-", "Tiếp").unwrap(), word_x(&rendered[0], "+", "Một").unwrap());
    assert!((minus - plus).abs() < 1.0, "the DOCX: «+» at {plus:.1} pt, «-» at {minus:.1} pt");
    // The contents: each part's label, title and page on one line, no dot
    // leaders between the label and the title.
    for (pdf, label) in [(&rendered[0], "PHẦN THỨ NHẤT:"), (&rendered[1], "PHẦN I:")] {
        let contents = run("pdftotext", &["-layout", "-f", "2", "-l", "2", pdf.to_str().unwrap(), "-"]);
        let line = contents.lines().find(|l| l.contains(label)).unwrap_or_else(|| panic!("{label} in the contents:\n{contents}"));
        let after = line.split(label).nth(1).unwrap().trim_start();
        assert!(after.starts_with("KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020"), "the title right after the label: {line:?}");
        assert!(line.trim_end().ends_with(".3") || line.trim_end().ends_with(" 3"), "the page number on the same line: {line:?}");
    }
}
