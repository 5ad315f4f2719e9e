//! The sample report becomes the reference booklet, word for word, in both
//! outputs; the outputs are reproducible and made only of bundled fonts.

use std::path::PathBuf;
use std::sync::OnceLock;

use baocao::{Booklet, Format};
use crate::common::*;

/// The sample built once into a folder of its own: (pdf, docx).
fn outputs() -> &'static (PathBuf, PathBuf) {
    static OUT: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = lasting_dir("sample");
        let booklet = Booklet::compose(project(), &sample()).expect("the sample composes");
        let written = booklet.write(project(), &out, Format::All).expect("the sample builds");
        assert!(written.warnings.is_empty(), "Typst warned: {:?}", written.warnings);
        let files = written.files;
        assert_eq!(files, [out.join("tra-vinh-2020.pdf"), out.join("tra-vinh-2020.docx")]);
        (files[0].clone(), files[1].clone())
    })
}

#[test]
fn docx_text_holds_every_clause_of_the_reference() {
    let text = docx_paragraphs(&outputs().1).join("\n");
    let missing = missing_clauses(&text);
    assert!(missing.is_empty(), "{} clauses missing from the DOCX, first: {:?}", missing.len(), &missing[..missing.len().min(5)]);
    assert!(reference_clauses().len() > 400, "the reference was cut into clauses");
}

#[test]
fn pdf_text_holds_every_clause_of_the_reference() {
    if !tool("pdftotext") {
        return;
    }
    let text = pdf_body_text(&outputs().0);
    let missing = missing_clauses(&text);
    assert!(missing.is_empty(), "{} clauses missing from the PDF, first: {:?}", missing.len(), &missing[..missing.len().min(5)]);
}

#[test]
fn pdf_uses_only_the_bundled_fonts_all_embedded() {
    if !tool("pdffonts") {
        return;
    }
    let listing = run("pdffonts", &[outputs().0.to_str().unwrap()]);
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!fonts.is_empty(), "{listing}");
    for line in &fonts {
        let name = line.split_whitespace().next().unwrap();
        assert!(name.contains("LiberationSerif"), "a font that is not bundled: {line}");
        // Columns: name type encoding emb sub uni object-id.
        let emb = line.split_whitespace().rev().nth(4).unwrap();
        assert_eq!(emb, "yes", "font not embedded: {line}");
    }
    for style in ["LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"] {
        assert!(fonts.iter().any(|l| l.split_whitespace().next().unwrap().ends_with(&format!("+{style}"))), "{style} missing: {listing}");
    }
}

#[test]
fn pdf_pages_are_a4_with_numbers_from_page_two() {
    if !tool("pdfinfo") {
        return;
    }
    let info = pdf_info(&outputs().0);
    assert_eq!(info["Page size"], "595.276 x 841.89 pts (A4)");
    let pages: usize = info["Pages"].parse().unwrap();
    assert!((12..=40).contains(&pages), "{pages} pages");
    let text = pdf_text(&outputs().0);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    assert!(!pages[0].lines().any(|l| l.trim() == "1"), "the cover has no page number");
    for (i, page) in pages.iter().enumerate().skip(1).filter(|(_, p)| !p.trim().is_empty()) {
        let first = page.lines().find(|l| !l.trim().is_empty()).unwrap().trim();
        assert_eq!(first, (i + 1).to_string(), "page {} starts with its number", i + 1);
    }
    assert!(pages[0].contains("ĐẢNG CỘNG SẢN VIỆT NAM") && pages[0].contains("Trà Vinh, tháng 01 năm 2021"), "{}", pages[0]);
    assert!(pages[1].contains("MỤC LỤC"), "the contents follow the cover");
}

#[test]
fn pdf_has_bookmarks_and_metadata_from_the_data() {
    if !tool("pdfinfo") {
        return;
    }
    let info = pdf_info(&outputs().0);
    assert!(info["Title"].starts_with("TÀI LIỆU TUYÊN TRUYỀN KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020"), "{info:?}");
    assert_eq!(info["Author"], "BAN TUYÊN GIÁO TỈNH ỦY");
    assert_eq!(info["CreationDate"], "Fri Jan 15 00:00:00 2021 UTC", "the date comes from the data");
    assert_eq!(info["Tagged"], "yes");
    let titles = outline_titles(&outputs().0);
    assert_eq!(titles.first().map(String::as_str), Some("A. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020"), "{titles:?}");
    assert!(titles.iter().any(|t| t == "II- NHỮNG HẠN CHẾ, YẾU KÉM"), "{titles:?}");
    assert!(titles.iter().any(|t| t == "12. Tăng cường QP-AN, giữ vững ổn định chính trị, trật tự, an toàn xã hội; đẩy mạnh các hoạt động đối ngoại"), "{titles:?}");
    assert!(!titles.iter().any(|t| t.contains("Nguyên nhân")), "run-in headings are not bookmarks");
}

#[test]
fn docx_names_times_new_roman_vietnamese_and_real_numbering() {
    let docx = &outputs().1;
    let styles = docx_part(docx, "word/styles.xml");
    assert!(styles.contains(r#"w:ascii="Times New Roman""#) && styles.contains(r#"w:hAnsi="Times New Roman""#));
    assert!(styles.contains(r#"w:eastAsia="Times New Roman""#) && styles.contains(r#"w:cs="Times New Roman""#));
    assert!(styles.contains(r#"<w:lang w:val="vi-VN""#), "w:lang vi-VN in the defaults");
    for id in ["Normal", "Title", "Heading1", "Heading2", "Heading3", "Heading4", "ListBullet", "TOC1", "Header"] {
        assert!(styles.contains(&format!(r#"w:styleId="{id}""#)), "style {id}");
    }

    let document = docx_part(docx, "word/document.xml");
    let body = roxmltree::Document::parse(&document).unwrap();
    // "-" items carry their mark through the List Bullet style, which
    // carries the bullet numbering; numbered lists have an instance each,
    // none of them the headings' ladder.
    let bullets = styled_paragraphs(&body, "ListBullet");
    assert!(bullets.len() > 100, "{} bullet items", bullets.len());
    let num_ids: Vec<&str> = body
        .descendants()
        .filter(|n| n.tag_name().name() == "numId")
        .filter_map(|n| n.attributes().find(|a| a.name() == "val").map(|a| a.value()))
        .collect();
    assert!(!num_ids.contains(&"1") && !num_ids.contains(&"2"), "no paragraph names the ladder or the bullets itself: {num_ids:?}");
    assert!(styles.contains(r#"w:styleId="ListBullet"><w:name w:val="List Bullet"/>"#));
    let numbering = docx_part(docx, "word/numbering.xml");
    assert!(numbering.contains(r#"<w:lvlText w:val="%2-"/>"#), "the I- level of the ladder");
    for id in num_ids.into_iter().filter(|id| *id != "0") {
        assert!(numbering.contains(&format!(r#"<w:num w:numId="{id}">"#)), "numbering instance {id} is defined");
    }
    // No typed labels in headings: the ladder is numbering, not text. The
    // table of contents is a TOC field pre-filled with labelled entries.
    let headings = styled_paragraphs(&body, "Heading1");
    assert_eq!(
        headings,
        [
            "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020",
            "CÁC CHỈ TIÊU, NHIỆM VỤ GIẢI PHÁP CHỦ YẾU NĂM 2021",
        ]
    );
    assert_eq!(styled_paragraphs(&body, "Heading1Unnumbered"), ["PHỤ LỤC: BẢNG CHỈ TIÊU CHỦ YẾU NĂM 2020"], "the appendix, unnumbered");
    assert_eq!(styled_paragraphs(&body, "Heading2").len(), 4);
    let toc = styled_paragraphs(&body, "TOC1");
    assert!(toc[0].starts_with("A.\tKẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020"), "{toc:?}");
    assert!(toc[0].rsplit_once('\t').is_some_and(|(_, page)| page.parse::<usize>().is_ok()), "a page number: {toc:?}");
    assert!(document.contains(r#"TOC \o "1-3""#), "a TOC field");

    // Page numbers: a PAGE field in the running header of every section
    // but the cover's; the contents have a section of their own (a heading
    // added to the body does not reflow them), and so does the appendix,
    // which starts on a new page.
    let header = docx_part(docx, "word/header1.xml");
    assert!(header.contains("PAGE"), "{header}");
    let sections: Vec<_> = body.descendants().filter(|n| n.tag_name().name() == "sectPr").collect();
    assert_eq!(sections.len(), 4, "the cover, the contents, the body, the appendix");
    let has_header = |s: &roxmltree::Node| s.children().any(|c| c.tag_name().name() == "headerReference");
    assert!(!has_header(&sections[0]) && sections[1..].iter().all(has_header));
    assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4");
    assert!(document.contains(r#"w:top="1134""#) && document.contains(r#"w:left="1701""#) && document.contains(r#"w:right="850""#));
    assert!(docx_part(docx, "word/settings.xml").contains("<w:updateFields"));
}

#[test]
fn same_input_gives_the_same_bytes() {
    let (pdf, docx) = outputs();
    let again = temp_dir("again");
    let booklet = Booklet::compose(project(), &sample()).unwrap();
    let files = booklet.write(project(), &again, Format::All).unwrap().files;
    assert!(std::fs::read(pdf).unwrap() == std::fs::read(&files[0]).unwrap(), "PDF bytes differ between builds");
    assert!(std::fs::read(docx).unwrap() == std::fs::read(&files[1]).unwrap(), "DOCX bytes differ between builds");
}

#[test]
fn libreoffice_opens_the_docx_and_the_text_survives() {
    let soffice = if tool("soffice") { "soffice" } else { return };
    if !tool("pdftotext") {
        return;
    }
    let out = temp_dir("libreoffice");
    let profile = format!("-env:UserInstallation=file://{}", out.join("profile").display());
    let docx = outputs().1.to_str().unwrap().to_string();
    run(soffice, &[&profile, "--headless", "--convert-to", "pdf", "--outdir", out.to_str().unwrap(), &docx]);
    let converted = out.join("tra-vinh-2020.pdf");
    assert!(converted.is_file(), "LibreOffice wrote no PDF");
    let text = pdf_body_text(&converted);
    let missing = missing_clauses(&text);
    assert!(missing.is_empty(), "{} clauses lost by LibreOffice, first: {:?}", missing.len(), &missing[..missing.len().min(5)]);
    // Word numbering survives as numbers in LibreOffice's rendering.
    assert!(text.contains("A. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020"), "heading numbering");
    assert!(text.contains("I- KẾT QUẢ ĐẠT ĐƯỢC"), "section numbering");
}

#[test]
fn docx_parts_follow_the_schema_order_word_checks() {
    let docx = &outputs().1;
    for part in ["word/document.xml", "word/styles.xml", "word/header1.xml", "word/settings.xml"] {
        let xml = docx_part(docx, part);
        assert!(!xml.contains("w14:paraId"), "{part}: no random paragraph ids");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        for node in doc.descendants().filter(|n| n.is_element()) {
            let children: Vec<&str> = node.children().filter(|c| c.is_element()).map(|c| c.tag_name().name()).collect();
            let pos = |name: &str| children.iter().position(|c| *c == name);
            let before = |a: &str, b: &str| if let (Some(x), Some(y)) = (pos(a), pos(b)) { assert!(x < y, "{part}: {a} must precede {b} in {}: {children:?}", node.tag_name().name()) };
            match node.tag_name().name() {
                "pPr" => {
                    if let Some(p) = pos("pStyle") {
                        assert_eq!(p, 0, "{part}: pStyle first in pPr: {children:?}");
                    }
                    for later in ["numPr", "spacing", "ind", "jc", "outlineLvl"] {
                        before("keepNext", later);
                        before("pageBreakBefore", later);
                    }
                    before("numPr", "spacing");
                    before("spacing", "ind");
                    before("ind", "jc");
                    before("jc", "outlineLvl");
                    before("outlineLvl", "rPr");
                }
                "numPr" => before("ilvl", "numId"),
                "rPr" => {
                    before("rStyle", "rFonts");
                    before("rFonts", "b");
                    before("b", "i");
                    before("i", "sz");
                    before("sz", "lang");
                }
                "sectPr" => {
                    before("headerReference", "pgSz");
                    before("pgSz", "pgMar");
                    before("pgMar", "titlePg");
                }
                "style" => {
                    assert_eq!(pos("name"), Some(0), "{part}: name first in a style");
                    before("basedOn", "qFormat");
                    before("qFormat", "pPr");
                    before("pPr", "rPr");
                }
                "settings" => {
                    before("zoom", "defaultTabStop");
                    before("defaultTabStop", "updateFields");
                    before("updateFields", "compat");
                }
                _ => {}
            }
        }
    }
    let styles = docx_part(docx, "word/styles.xml");
    assert_eq!(styles.matches(r#"w:styleId="Normal""#).count(), 1, "one Normal style");
    let settings = docx_part(docx, "word/settings.xml");
    for legacy in ["useFELayout", "balanceSingleByteDoubleByteWidth", "doNotLeaveBackslashAlone"] {
        assert!(!settings.contains(legacy), "East-Asian layout setting {legacy} left in");
    }
}

#[test]
fn docx_contents_show_the_pages_of_the_pdf() {
    if !tool("pdftotext") {
        return;
    }
    let text = pdf_text(&outputs().0);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let body = docx_part(&outputs().1, "word/document.xml");
    let body = roxmltree::Document::parse(&body).unwrap();
    let mut entries = styled_paragraphs(&body, "TOC1");
    entries.extend(styled_paragraphs(&body, "TOC2"));
    assert!(entries.len() >= 6);
    for entry in entries {
        let (title, page) = entry.rsplit_once('\t').unwrap();
        // Label, tab, title: the title.
        let title = title.rsplit_once('\t').map_or(title, |(_, t)| t);
        let page: usize = page.parse().unwrap();
        // The heading stands on that page of the PDF (beyond the contents).
        let line = pages[page - 1].lines().any(|l| {
            let l = l.trim();
            l.len() > 8 && (title.starts_with(l) || l.ends_with(title) || title.starts_with(l.split_once(' ').map_or(l, |(_, rest)| rest)))
        });
        assert!(line, "{title:?} is on PDF page {page}");
    }
}

#[test]
fn the_sample_figures_come_from_the_indicator_table() {
    let docx = normalise(&docx_paragraphs(&outputs().1).join("\n"));
    let mut texts = vec![("DOCX", docx)];
    if tool("pdftotext") {
        texts.push(("PDF", normalise(&pdf_body_text(&outputs().0))));
    }
    for (kind, text) in &texts {
        for phrase in [
            "giải quyết việc làm mới 16.100 lao động, đạt 70% kế hoạch",
            "Tỷ lệ lao động qua đào tạo đạt 68,5% (Nghị quyết 67%), tỷ lệ thất nghiệp thành thị còn 2% (Nghị quyết dưới 2,5%)",
            "Tốc độ tăng trưởng GRDP đạt 3,32% (Nghị quyết tăng 11% trở lên)",
            "Chuẩn y kết nạp 1.053 đảng viên, đạt 105,3% so Nghị quyết",
            "đạt 26.917 tỷ đồng, vượt 7,7% Nghị quyết",
            "Tổng thu NSNN 16.470 tỷ đồng, vượt 49% dự toán",
            "tỷ lệ hộ sử dụng điện đạt 99,12% (vượt 0,12%)",
            "Có 06/33 chỉ tiêu chủ yếu (Tăng trưởng GRDP;",
            "và 09/17 chỉ tiêu nhiệm vụ, giải pháp không đạt Nghị quyết",
            "Có thêm 08 xã đạt chuẩn NTM, 10 xã NTM nâng cao, phấn đấu có 01 - 02 xã NTM kiểu mẫu",
            "Kết nạp 1.100 - 1.200 đảng viên",
            "PHỤ LỤC: BẢNG CHỈ TIÊU CHỦ YẾU NĂM 2020",
        ] {
            assert!(text.contains(phrase), "{kind} lacks {phrase:?}");
        }
    }
    // The appendix is a real Word table whose header row repeats.
    let document = docx_part(&outputs().1, "word/document.xml");
    let body = roxmltree::Document::parse(&document).unwrap();
    let grid = body
        .descendants()
        .find(|n| n.tag_name().name() == "tblStyle" && n.attributes().any(|a| a.value() == "TableGrid"))
        .expect("a Table Grid table")
        .parent()
        .unwrap()
        .parent()
        .unwrap();
    let first_row = grid.children().find(|n| n.tag_name().name() == "tr").unwrap();
    assert!(first_row.descendants().any(|n| n.tag_name().name() == "tblHeader"), "the header row repeats");
    let rows: Vec<String> = grid
        .children()
        .filter(|n| n.tag_name().name() == "tr")
        .map(|tr| tr.descendants().filter(|n| n.tag_name().name() == "t").filter_map(|n| n.text()).collect::<Vec<_>>().join("|"))
        .collect();
    // The bases differ (Nghị quyết, kế hoạch, dự toán): the target column
    // says "Chỉ tiêu". Rates show their difference in points, counts and
    // amounts their ratio.
    assert_eq!(rows[0], "Tên chỉ tiêu|Đơn vị|Chỉ tiêu|Thực hiện|Tỷ lệ đạt / chênh lệch (điểm %)|Đánh giá");
    assert!(rows.contains(&"Tốc độ tăng trưởng GRDP|%|11|3,32|\u{2212}7,68|Không đạt".to_string()), "{rows:#?}");
    assert!(rows.contains(&"Tỷ lệ thất nghiệp (khu vực thành thị năm\u{a0}2020)|%|dưới 2,5|2|\u{2212}0,5|Vượt".to_string()), "{rows:#?}");
    assert!(rows.contains(&"Giải quyết việc làm mới|lao động|23.000|16.100|70%|Không đạt".to_string()), "{rows:#?}");
    assert!(rows.contains(&"Kết nạp đảng viên mới|đảng viên|–|1.053|105,3%|Vượt".to_string()), "{rows:#?}");
}
