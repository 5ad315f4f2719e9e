//! The cases of issue 24, each on the sample's DOCX edited as a word
//! processor leaves it (its XML rewritten: no outside program, so these
//! always run; `review_real.rs` has LibreOffice and python-docx make the
//! edits themselves): an appendix figure retyped without its bookmark, a
//! figure typed over with changes tracked, Enter after a list item, a
//! heading saved as a list item, a workbook table, a pasted copy that kept
//! its anchor, a DOCX of another report, template syntax typed by a
//! reviewer, bold and italic runs of a hand-made booklet, no lock file
//! left; and several offices' copies at once, with `--from`.

use std::path::Path;

use crate::common::*;

/// `docx` with its word/document.xml edited by `edit`, at `to`.
fn with_body(docx: &Path, to: &Path, edit: impl Fn(String) -> String) {
    rewrite_docx(docx, to, |name, text| Some(if name == "word/document.xml" { edit(text) } else { text }));
}

/// The byte range of the paragraph (`<w:p>` to `</w:p>`) of `xml` that
/// holds `text`, after byte `from`.
fn paragraph(xml: &str, text: &str, from: usize) -> std::ops::Range<usize> {
    let at = from + xml[from..].find(text).unwrap_or_else(|| panic!("the DOCX holds {text:?}"));
    let start = xml[..at].rfind("<w:p>").into_iter().chain(xml[..at].rfind("<w:p ")).max().unwrap();
    let end = at + xml[at..].find("</w:p>").unwrap() + "</w:p>".len();
    start..end
}

fn import(args: &[&str]) -> (Option<i32>, String) {
    let out = baocao(&[&["import"], args].concat());
    (out.status.code(), format!("{}{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout)))
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// The sample's file `name` with `from` replaced by `to`.
fn sample_with(name: &str, from: &str, to: &str) -> String {
    let text = read(&sample(), name);
    assert!(text.contains(from), "{name} holds {from:?}");
    text.replacen(from, to, 1)
}

/// Issue 24, case 1: a figure of the appendix retyped whole
/// (python-docx's `cell.text = …`: no bookmark, no style) is found by its
/// row's label and its column's heading, also when a row above it is gone.
#[test]
fn an_appendix_figure_retyped_without_its_anchor_reaches_its_cell_by_row_and_column() {
    let (dir, docx, out) = sample_and_docx("items-appendix");
    let edited = out.join("ô.docx");
    with_body(&docx, &edited, |mut xml| {
        let row = xml.find(">Tỷ lệ đô thị hóa<").unwrap();
        let cell = paragraph(&xml, ">29,52<", row);
        xml.replace_range(cell, "<w:p><w:r><w:t>30,15</w:t></w:r></w:p>");
        // A row above it deleted: the cells below move up.
        let first = xml.find(">Tổng chi ngân sách<").unwrap();
        let start = xml[..first].rfind("<w:tr>").or_else(|| xml[..first].rfind("<w:tr ")).unwrap();
        let end = first + xml[first..].find("</w:tr>").unwrap() + "</w:tr>".len();
        xml.replace_range(start..end, "");
        xml
    });
    let (code, said) = import(&[edited.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    assert_eq!(read(&dir, "indicators.csv"), sample_with("indicators.csv", ";30;29,52;", ";30;30,15;"), "the figure went to its cell, nothing else");
    assert!(said.contains("bị thêm hoặc bớt ô, dòng"), "the row removed is told: {said}");
}

/// Issue 24, case 2: LibreOffice, a figure typed over with changes
/// tracked, starts its bookmark in the deletion and ends it in the
/// insertion (and renames it `_Copy_1` through .odt): accepted, the figure
/// typed reaches its cell, not «16.10016.200».
#[test]
fn a_figure_typed_over_with_changes_tracked_reaches_its_cell() {
    let (dir, docx, out) = sample_and_docx("items-tracked-figure");
    let edited = out.join("theo-doi.docx");
    with_body(&docx, &edited, |mut xml| {
        let p = paragraph(&xml, "giải quyết việc làm mới", 0);
        let at = p.start + xml[p.clone()].find(">16.100<").unwrap();
        let start = xml[..at].rfind("<w:bookmarkStart").unwrap();
        let end = at + xml[at..].find("<w:bookmarkEnd").unwrap();
        let end = end + xml[end..].find("/>").unwrap() + 2;
        let bookmark = &xml[start..xml[start..].find("/>").unwrap() + start + 2];
        let name = bookmark.split("w:name=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let tracked = format!(
            r#"<w:del w:id="9001" w:author="Sở Kế hoạch và Đầu tư" w:date="2021-01-25T09:00:00Z"><w:bookmarkStart w:id="9000" w:name="{name}_Copy_1"/><w:r><w:delText>16.100</w:delText></w:r></w:del><w:ins w:id="9002" w:author="Sở Kế hoạch và Đầu tư" w:date="2021-01-25T09:00:00Z"><w:bookmarkEnd w:id="9000"/><w:r><w:t>16.200</w:t></w:r></w:ins>"#
        );
        xml.replace_range(start..end, &tracked);
        xml
    });
    let (code, said) = import(&[edited.to_str().unwrap(), dir.to_str().unwrap(), "--track-changes", "accept"]);
    assert_eq!(code, Some(0), "{said}");
    assert_eq!(read(&dir, "indicators.csv"), sample_with("indicators.csv", ";23.000;16.100;", ";23.000;16.200;"));
    assert_eq!(read(&dir, "content/ket-qua.md"), read(&sample(), "content/ket-qua.md"), "the expression stays in the prose");
}

/// Issue 24, case 3: Enter after a list item. The list styles are
/// followed by themselves in the DOCX; a paragraph of another style that
/// keeps the list's numbering (LibreOffice's Normal with numId 2, a
/// `numFmt none` level with the mark "-") is a list item all the same.
#[test]
fn a_paragraph_with_the_lists_numbering_comes_back_as_a_list_item() {
    let (dir, docx, out) = sample_and_docx("items-enter");
    let styles = docx_part(&docx, "word/styles.xml");
    for list in ["ListBullet", "ListBullet2", "ListNumber"] {
        let at = styles.find(&format!("w:styleId=\"{list}\"")).unwrap();
        let def = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
        assert!(def.contains(&format!("<w:next w:val=\"{list}\"/>")), "{list} is followed by itself: {def}");
    }
    let edited = out.join("enter.docx");
    with_body(&docx, &edited, |mut xml| {
        let after = paragraph(&xml, "Chỉ đạo đẩy mạnh SXNN theo hướng hữu cơ", 0).end;
        let item = r#"<w:p><w:pPr><w:pStyle w:val="Normal"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>Đẩy mạnh chuyển đổi số trong sản xuất nông nghiệp.</w:t></w:r></w:p>"#;
        xml.insert_str(after, item);
        xml
    });
    let (code, said) = import(&[edited.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    let line = "Chỉ đạo đẩy mạnh SXNN theo hướng hữu cơ, CNC và liên kết sản xuất.";
    assert_eq!(read(&dir, "content/ket-qua.md"), sample_with("content/ket-qua.md", &format!("{line}\n"), &format!("{line}\n\n- Đẩy mạnh chuyển đổi số trong sản xuất nông nghiệp.\n")));
}

/// Issue 24, case 4: LibreOffice, a list item deleted with its mark under
/// tracked changes, saves the heading after it as a list item. Accepted:
/// the item's line is deleted, the heading's stays, and the change of
/// style is told with the heading's section, never made silently.
#[test]
fn a_heading_saved_as_a_list_item_is_told_and_kept() {
    let (dir, docx, out) = sample_and_docx("items-heading");
    let edited = out.join("tieu-de.docx");
    let by = r#"w:author="Sở Kế hoạch và Đầu tư" w:date="2021-01-25T09:00:00Z""#;
    with_body(&docx, &edited, |mut xml| {
        let item = paragraph(&xml, "HĐND tỉnh sửa đổi, bổ sung", 0);
        let old = xml[item.clone()].to_string();
        let deleted = old
            .replace(r#"<w:pStyle w:val="ListBullet"/>"#, &format!(r#"<w:pStyle w:val="ListBullet"/><w:rPr><w:del w:id="9001" {by}/></w:rPr>"#))
            .replacen("<w:r>", &format!(r#"<w:del w:id="9002" {by}><w:r>"#), 1)
            .replace("<w:t xml:space=\"preserve\">", "<w:delText xml:space=\"preserve\">")
            .replace("</w:t>", "</w:delText>")
            .replace("</w:r><w:bookmarkEnd", "</w:r></w:del><w:bookmarkEnd");
        xml.replace_range(item.clone(), &deleted);
        let heading = paragraph(&xml, "Công tác chỉ đạo Đại hội Đảng các cấp", item.start + deleted.len());
        let saved = xml[heading.clone()].replacen(r#"<w:pStyle w:val="Heading3"/>"#, r#"<w:pStyle w:val="ListBullet"/>"#, 1);
        xml.replace_range(heading, &saved);
        xml
    });
    let (code, said) = import(&[edited.to_str().unwrap(), dir.to_str().unwrap(), "--track-changes", "accept"]);
    assert_eq!(code, Some(0), "{said}");
    let gone = read(&sample(), "content/ket-qua.md").lines().find(|l| l.starts_with("- HĐND tỉnh sửa đổi")).unwrap().to_string();
    assert_eq!(read(&dir, "content/ket-qua.md"), sample_with("content/ket-qua.md", &format!("{gone}\n\n"), ""), "the item deleted, the heading kept as it was");
    assert!(said.contains("tiêu đề cấp 3 thành ý gạch đầu dòng") && said.contains("mục: Công tác chỉ đạo Đại hội Đảng các cấp"), "told with its section: {said}");
}

/// Issue 24, case 5: a folder whose indicator table is a workbook: the
/// prose edit is written, the workbook is not touched, and the figure is
/// named with its sheet and cell for the person to type.
#[test]
fn a_workbook_table_keeps_its_bytes_and_each_figure_is_named_with_its_cell() {
    let work = temp_dir("items-workbook");
    let dir = copy_of(&sample(), "tra-vinh-2020");
    let xlsx = dir.join("indicators.xlsx");
    assert!(baocao(&["export-table", dir.to_str().unwrap(), xlsx.to_str().unwrap()]).status.success());
    std::fs::remove_file(dir.join("indicators.csv")).unwrap();
    let built = baocao(&["build", dir.to_str().unwrap(), "--out", work.to_str().unwrap(), "-f", "docx"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let edited = work.join("so-tinh.docx");
    with_body(&work.join("tra-vinh-2020.docx"), &edited, |xml| xml.replacen(">16.100<", ">16.200<", 1).replacen("đạt được một số kết quả sau", "đạt được nhiều kết quả sau", 1));
    let workbook = std::fs::read(&xlsx).unwrap();
    let (code, said) = import(&[edited.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "everything else is written: {said}");
    assert_eq!(read(&dir, "content/ket-qua.md"), sample_with("content/ket-qua.md", "đạt được một số kết quả sau", "đạt được nhiều kết quả sau"));
    assert_eq!(std::fs::read(&xlsx).unwrap(), workbook, "the workbook keeps its bytes");
    assert!(said.contains("trang «Chỉ tiêu», ô E38 → 16.200"), "the figure named with its sheet and cell: {said}");
}

/// Issue 24, case 6: a paragraph copied with its bookmark and pasted
/// elsewhere: the first is the paragraph, the copy a new one; the folder
/// did not change, so there is no conflict.
#[test]
fn a_pasted_copy_that_kept_its_anchor_is_a_new_paragraph() {
    let (dir, docx, out) = sample_and_docx("items-pasted");
    let edited = out.join("dan.docx");
    with_body(&docx, &edited, |mut xml| {
        let copied = xml[paragraph(&xml, "HĐND tỉnh sửa đổi, bổ sung", 0)].to_string();
        let after = paragraph(&xml, "Chỉ đạo đại hội cấp cơ sở và cấp trên cơ sở", 0).end;
        xml.insert_str(after, &copied);
        xml
    });
    let (code, said) = import(&[edited.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    assert!(!said.contains("sửa cả trong thư mục"), "no false conflict: {said}");
    let item = read(&sample(), "content/ket-qua.md").lines().find(|l| l.starts_with("- HĐND tỉnh sửa đổi")).unwrap().to_string();
    let after = read(&sample(), "content/ket-qua.md").lines().find(|l| l.starts_with("Chỉ đạo đại hội cấp cơ sở")).unwrap().to_string();
    assert_eq!(read(&dir, "content/ket-qua.md"), sample_with("content/ket-qua.md", &format!("{after}\n"), &format!("{after}\n\n{item}\n")));
}

/// Issue 24, case 7: a DOCX built from another report is refused, nothing
/// written: another report's name, or the same name with other paragraphs
/// (a district's booklet in a folder named as the province's).
#[test]
fn a_docx_built_from_another_report_is_refused() {
    let work = temp_dir("items-other-report");
    let dir = copy_of(&sample(), "tra-vinh-2020");
    let before = files_in(&dir);
    for (folder, message) in [("huyen-mau-2023", "được làm từ báo cáo «huyen-mau-2023», không phải từ báo cáo «tra-vinh-2020»"), ("tra-vinh-2020", "được làm từ một báo cáo khác")] {
        let other = work.join(folder);
        copy_dir(&root().join("tests/data/huyen-mau-2023"), &other);
        let out = work.join(format!("out-{folder}"));
        assert!(baocao(&["build", other.to_str().unwrap(), "--out", out.to_str().unwrap(), "-f", "docx"]).status.success());
        let docx = out.join(format!("{folder}.docx"));
        let (code, said) = import(&[docx.to_str().unwrap(), dir.to_str().unwrap()]);
        assert_eq!(code, Some(2), "{said}");
        assert!(said.contains(message) && said.contains("không ghi gì") && said.contains("THƯ-MỤC-MỚI"), "{said}");
        assert_eq!(files_in(&dir), before, "nothing written");
        std::fs::remove_dir_all(&other).unwrap();
    }
}

/// Issue 24, case 8: template syntax a reviewer types (`{%`, `{#`, `{{`)
/// comes back as text: the folder builds, and the booklet prints it as
/// typed.
#[test]
fn template_syntax_a_reviewer_types_comes_back_as_text_that_builds() {
    let (dir, docx, out) = sample_and_docx("items-template-syntax");
    let edited = out.join("cu-phap.docx");
    let typed = "đạt được {% if x %} một số {# ghi chú #} kết quả {{ sau }} %} #} }}";
    with_body(&docx, &edited, |mut xml| {
        xml = xml.replacen("đạt được một số kết quả sau", typed, 1);
        let after = paragraph(&xml, "Chỉ đạo đại hội cấp cơ sở", 0).end;
        xml.insert_str(after, r#"<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:t>Mới {% raw %} và {{ x }} {#</w:t></w:r></w:p>"#);
        xml
    });
    let (code, said) = import(&[edited.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    let again = out.join("lai");
    let built = baocao(&["build", dir.to_str().unwrap(), "--out", again.to_str().unwrap(), "-f", "docx"]);
    assert!(built.status.success(), "the folder builds: {}", String::from_utf8_lossy(&built.stderr));
    let text = docx_text(&again.join("tra-vinh-2020.docx"));
    assert!(text.contains(typed) && text.contains("Mới {% raw %} và {{ x }} {#"), "printed as typed: {text}");
}

/// The text of a DOCX's body, its paragraphs on lines.
fn docx_text(docx: &Path) -> String {
    let xml = docx_part(docx, "word/document.xml");
    let mut out = String::new();
    for p in xml.split("</w:p>") {
        for piece in p.split("<w:t").skip(1) {
            let text = piece.split_once('>').map_or("", |(_, t)| t.split("</w:t>").next().unwrap_or(""));
            out.push_str(&text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&"));
        }
        out.push('\n');
    }
    out
}

/// Issue 24, case 9: the bold and italic runs of a hand-made booklet (a
/// bold run-in label "Tài chính, ngân hàng:", a word in italics) are kept
/// as `**bold**` and `*italic*`, and the booklet built from the folder
/// sets them so.
#[test]
fn bold_and_italic_runs_of_a_handmade_booklet_are_kept() {
    if !python_docx() {
        return;
    }
    let work = temp_dir("items-runs");
    let docx = work.join("runs.docx");
    run("python3", &[root().join("tests/fixtures/handmade_docx.py").to_str().unwrap(), docx.to_str().unwrap(), "runs"]);
    let dir = work.join("huyen-runs-2020");
    let (code, said) = import(&[docx.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    let prose = read(&dir, "content/mo-dau.md");
    for line in ["**Tài chính, ngân hàng:** tổng thu ngân sách đạt *vượt dự toán*.", "**Nông nghiệp:** sản lượng lúa ***tăng mạnh*** so cùng kỳ.", "- **Công nghiệp:** giá trị sản xuất tăng 9%."] {
        assert!(prose.lines().any(|l| l == line), "{line:?} in {prose}");
    }
    let out = work.join("out");
    let built = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "-f", "docx"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let xml = docx_part(&out.join("huyen-runs-2020.docx"), "word/document.xml");
    let run_of = |text: &str| xml[..xml.find(text).unwrap()].rsplit("<w:r>").next().unwrap().to_string();
    assert!(run_of("Tài chính, ngân hàng:").contains(r#"<w:rStyle w:val="Strong"/>"#), "the label is set in bold");
    assert!(run_of("vượt dự toán").contains(r#"<w:rStyle w:val="Emphasis"/>"#), "the words in italics");
    assert!(!run_of(" tổng thu ngân sách đạt ").contains("<w:rStyle"), "the rest plain");
}

/// Issue 24, case 10: an import and a build leave nothing beside the
/// report's files: no lock file, no temporary file, in the folder or in
/// out/.
#[test]
fn import_and_build_leave_nothing_beside_the_files() {
    let (dir, docx, out) = sample_and_docx("items-no-locks");
    let edited = out.join("gop-y.docx");
    with_body(&docx, &edited, |xml| xml.replacen("đạt được một số kết quả sau", "đạt được nhiều kết quả sau", 1).replacen(">16.100<", ">16.200<", 1));
    let before: Vec<String> = files_in(&dir).into_keys().collect();
    let (code, said) = import(&[edited.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    let target = out.join("ban-moi");
    let built = baocao(&["build", dir.to_str().unwrap(), "--out", target.to_str().unwrap(), "-f", "all"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert_eq!(files_in(&dir).into_keys().collect::<Vec<_>>(), before, "the folder holds its files only (hidden ones counted)");
    let outputs: Vec<String> = files_in(&target).into_keys().collect();
    assert!(outputs.iter().all(|name| name.starts_with("tra-vinh-2020.") && !name.contains("lock")), "out/ holds the outputs only: {outputs:?}");
}

/// Several offices' copies at once, each named with `--from` (the DOCX
/// does not say): an edit made alike is made once, a line changed
/// differently is written for neither and listed with both offices and
/// both texts (on the review list too, to choose), and the same import
/// again changes nothing.
#[test]
fn several_offices_copies_are_taken_in_turn_and_a_line_changed_differently_is_listed() {
    let (dir, docx, out) = sample_and_docx("items-several");
    let (first, second) = (out.join("a.docx"), out.join("b.docx"));
    for (copy, words) in [(&first, "rất nhiều khó khăn"), (&second, "không ít khó khăn")] {
        with_body(&docx, copy, |xml| xml.replacen("gặp nhiều khó khăn", &format!("gặp {words}"), 1).replacen(">16.100<", ">16.200<", 1));
    }
    let args = [first.to_str().unwrap(), second.to_str().unwrap(), dir.to_str().unwrap(), "--from", "Sở Tài chính", "--from", "Sở Nội vụ"];
    let (code, said) = import(&args);
    assert_eq!(code, Some(0), "{said}");
    for shown in ["content/mo-dau.md:1", "Sở Tài chính: «", "rất nhiều khó khăn", "Sở Nội vụ: «", "không ít khó khăn"] {
        assert!(said.contains(shown), "the dispute shows {shown:?}: {said}");
    }
    assert_eq!(read(&dir, "content/mo-dau.md"), read(&sample(), "content/mo-dau.md"), "the line changed differently is written for neither");
    assert_eq!(read(&dir, "indicators.csv"), sample_with("indicators.csv", ";23.000;16.100;", ";23.000;16.200;"), "the same edit once");
    let list = baocao::report::review::read(&read(&dir, "gop-y.md"));
    let offices: Vec<&str> = list.iter().map(|e| e.office.as_str()).collect();
    assert_eq!(offices, ["Sở Tài chính", "Sở Nội vụ"], "{list:?}");
    assert!(list.iter().all(|e| e.source.contains("content/mo-dau.md:1") && e.quoted.contains("gặp nhiều khó khăn")), "{list:?}");
    let after = files_in(&dir);
    let (code, said) = import(&args);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("không có gì thay đổi") && !said.contains("xung đột"), "{said}");
    assert_eq!(files_in(&dir), after, "the same import again changes nothing");
}
