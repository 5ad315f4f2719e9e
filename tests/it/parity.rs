//! The DOCX is the printed booklet in editable form: LibreOffice's rendering
//! of it beside the PDF, page by page, in A4 and A5; its appendix cells
//! whole; its contents' page numbers, once LibreOffice has updated the
//! fields, those the DOCX came with; its cover's blocks where the PDF's
//! stand. And the house style reaches both: a report's own style.yaml that
//! writes the state ladder ("I.") shows in the PDF and in the DOCX.

use std::path::{Path, PathBuf};
use std::process::Command;

use baocao::{Booklet, Format, Options, Strictness};

use crate::common::*;

/// The sample's PDF and DOCX in `paper`, in a scratch folder.
fn build(name: &str, paper: &str) -> (Scratch, PathBuf, PathBuf) {
    let out = temp_dir(name);
    let options = Options { paper: Some(paper.into()), ..Options::default() };
    let booklet = Booklet::compose_with(project(), &sample(), options, Strictness::Strict).unwrap();
    let files = booklet.write(project(), &out, Format::All).unwrap().files;
    (out, files[0].clone(), files[1].clone())
}

/// LibreOffice's PDF of `docx`, its fields and contents updated when
/// `update`.
fn libreoffice_pdf(docx: &Path, update: bool) -> PathBuf {
    let work = lasting_dir("libreoffice");
    let pdf = work.join("out.pdf");
    let profile = work.join("profile");
    if update {
        // Updates every index (the contents) and field through
        // LibreOffice's UNO bridge, and exports the PDF.
        let script = root().join("tests/fixtures/update_and_export.py");
        let port = (20_000 + std::process::id() % 20_000 + rand_port_offset()).to_string();
        let run = Command::new("/usr/bin/python3")
            .args([script.to_str().unwrap(), docx.to_str().unwrap(), pdf.to_str().unwrap(), profile.to_str().unwrap(), &port])
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    } else {
        let run = Command::new("soffice")
            .args(["--headless", &format!("-env:UserInstallation=file://{}", profile.display()), "--convert-to", "pdf", "--outdir"])
            .arg(&work)
            .arg(docx)
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        std::fs::rename(work.join(docx.file_stem().unwrap()).with_extension("pdf"), &pdf).unwrap();
    }
    pdf
}

/// A small offset so that two tests never ask for the same port.
fn rand_port_offset() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    NEXT.fetch_add(97, Ordering::Relaxed)
}

/// Each page's text, by pdftotext.
fn pages(pdf: &Path) -> Vec<String> {
    let text = pdf_text(pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn words(text: &str) -> std::collections::BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// The Jaccard index of two pages' word sets.
fn alike(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    let union = a.union(&b).count();
    if union == 0 { 1.0 } else { a.intersection(&b).count() as f64 / union as f64 }
}

/// The bottom (yMax, points: its baseline and the font's descent, which
/// Typst's and LibreOffice's PDFs both give it) of the first word `word` on
/// page `page` of `pdf`.
fn word_bottom(pdf: &Path, page: usize, word: &str) -> Option<f64> {
    let html = run("pdftotext", &["-bbox", "-f", &page.to_string(), "-l", &page.to_string(), pdf.to_str().unwrap(), "-"]);
    let number = |tag: &str, name: &str| -> Option<f64> {
        let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
        tag[at..].split('"').next()?.parse().ok()
    };
    html.lines().filter(|l| l.contains("<word")).find_map(|line| {
        let text = line.split('>').nth(1)?.split('<').next()?;
        (text == word).then(|| number(line, "yMax")).flatten()
    })
}

fn parity(paper: &str) {
    if !tool("pdftotext") || !tool("soffice") {
        return;
    }
    let (_out, pdf, docx) = build(&format!("parity-{paper}"), paper);
    let ours = pages(&pdf);
    let theirs = pages(&libreoffice_pdf(&docx, false));
    let report: Vec<String> = ours
        .iter()
        .zip(&theirs)
        .enumerate()
        .filter(|(_, (a, b))| alike(a, b) < 0.9)
        .map(|(i, (a, b))| {
            let first = |t: &str| t.split_whitespace().take(10).collect::<Vec<_>>().join(" ");
            format!("page {}: {:.2}\n  pdf:  {}\n  docx: {}", i + 1, alike(a, b), first(a), first(b))
        })
        .collect();
    assert_eq!(ours.len(), theirs.len(), "{paper}: the same page count\n{}", report.join("\n"));
    let needed = (ours.len() * 9).div_ceil(10);
    assert!(ours.len() - report.len() >= needed, "{paper}: at least 90% of pages nearly the same words\n{}", report.join("\n"));
}

#[test]
fn a4_pages_of_the_docx_are_the_pdf_s() {
    parity("a4");
}

#[test]
fn a5_pages_of_the_docx_are_the_pdf_s() {
    parity("a5");
}

#[test]
fn appendix_cells_stay_whole_and_the_cover_stands_where_the_pdf_s_does() {
    if !tool("pdftotext") || !tool("soffice") {
        return;
    }
    for paper in ["a4", "a5"] {
        let (_out, pdf, docx) = build(&format!("cells-{paper}"), paper);
        let theirs = libreoffice_pdf(&docx, false);
        // Every word and figure of the indicator table is whole in
        // LibreOffice's rendering.
        let text = pdf_text(&theirs);
        let tokens: std::collections::BTreeSet<&str> = text.split_whitespace().collect();
        let table = std::fs::read_to_string(sample().join("indicators.csv")).unwrap();
        let mut broken = Vec::new();
        for row in table.lines().skip(1) {
            let cells: Vec<&str> = row.split(';').collect();
            if cells.get(9).is_none_or(|c| c.is_empty()) {
                continue; // not in the appendix: no result
            }
            for cell in [cells[3], cells[5], cells[9]] {
                for word in cell.split_whitespace().filter(|w| w.chars().count() > 2 && w.chars().all(|c| c.is_alphanumeric() || ".,%".contains(c))) {
                    if !tokens.contains(word) {
                        broken.push(word.to_string());
                    }
                }
            }
        }
        assert!(broken.is_empty(), "{paper}: words of the appendix broken or missing in LibreOffice's rendering: {broken:?}");
        // The cover's title and the place-and-date line within 5 mm.
        let five_mm = 5.0 / 25.4 * 72.0;
        for word in ["TÀI", "Trà"] {
            let (a, b) = (word_bottom(&pdf, 1, word).expect("in the PDF"), word_bottom(&theirs, 1, word).expect("in the DOCX"));
            assert!((a - b).abs() <= five_mm, "{paper}: «{word}» at {a:.1} pt in the PDF, {b:.1} pt in the DOCX");
        }
    }
}

#[test]
fn contents_page_numbers_survive_a_field_update() {
    if !tool("pdftotext") || !tool("soffice") || !python_module("/usr/bin/python3", "uno") {
        return;
    }
    let (_out, pdf, docx) = build("contents-update", "a4");
    let updated = libreoffice_pdf(&docx, true);
    // The contents page: each entry ends with its page number.
    let numbers = |pdf: &Path| -> Vec<String> {
        pages(pdf)[1]
            .lines()
            .filter(|l| l.contains("..") || l.contains(". ."))
            .filter_map(|l| l.trim().rsplit([' ', '.']).next().map(|n| n.trim_matches('\u{2060}')).filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).map(str::to_string))
            .collect()
    };
    let (before, after) = (numbers(&pdf), numbers(&updated));
    assert!(before.len() >= 30, "{before:?}");
    assert_eq!(before, after, "the contents' page numbers after LibreOffice updated them");
}

#[test]
fn a_report_s_own_style_writes_the_state_ladder_in_both_files() {
    let dir = sample_copy("state-ladder");
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    let default = baocao::assets::default_templates().iter().find(|(n, _)| *n == "style.yaml").unwrap().1;
    let style = String::from_utf8(default.to_vec()).unwrap().replace("label: \"I-\"", "label: \"I.\"");
    std::fs::write(dir.join("templates/style.yaml"), style).unwrap();
    let out = temp_dir("state-ladder-out");
    let booklet = Booklet::compose(project(), &dir).unwrap();
    let files = booklet.write(project(), &out, Format::All).unwrap().files;
    let numbering = docx_part(&files[1], "word/numbering.xml");
    assert!(numbering.contains(r#"<w:lvlText w:val="%2."/>"#) && !numbering.contains(r#"<w:lvlText w:val="%2-"/>"#));
    if tool("pdftotext") {
        let text = pdf_text(&files[0]);
        assert!(text.contains("I. KẾT QUẢ ĐẠT ĐƯỢC") && !text.contains("I- KẾT QUẢ ĐẠT ĐƯỢC"), "the PDF");
    }
    if tool("soffice") && tool("pdftotext") {
        let text = pdf_text(&libreoffice_pdf(&files[1], false));
        assert!(text.contains("I. KẾT QUẢ ĐẠT ĐƯỢC") && !text.contains("I- KẾT QUẢ ĐẠT ĐƯỢC"), "LibreOffice's rendering of the DOCX");
    }
}
