//! The Word round trip: the sample's DOCX, edited as a reviewer would
//! (python-docx and raw XML, `tests/fixtures/review_docx.py`), imported
//! back into the report folder: exactly the expected files, every untouched
//! byte kept; tracked changes stop the import, or are accepted or rejected;
//! comments go to the review list; the DOCX imported unchanged, also after
//! LibreOffice re-saved it, changes nothing.

use std::path::{Path, PathBuf};

use crate::common::*;

/// Every file of the report folder and its bytes, hidden ones aside.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_in(dir)
        .into_iter()
        .filter(|(name, _)| !name.rsplit('/').next().unwrap_or_default().starts_with('.'))
        .map(|(name, bytes)| (PathBuf::from(name), bytes))
        .collect()
}

fn import(args: &[&str]) -> (Option<i32>, String, String) {
    let out = baocao(&[&["import"], args].concat());
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn review(docx: &Path, out: &Path, mode: &str) {
    run("python3", &[root().join("tests/fixtures/review_docx.py").to_str().unwrap(), docx.to_str().unwrap(), out.to_str().unwrap(), mode]);
}

/// The sample's ket-qua.md with lines (from 1) replaced, deleted with the
/// blank line after them, and added after others.
fn expected_prose(replace: &[(usize, String)], delete: &[usize], after: &[(usize, String)]) -> String {
    let original = std::fs::read_to_string(sample().join("content/ket-qua.md")).unwrap();
    let lines: Vec<&str> = original.split('\n').collect();
    let mut out: Vec<String> = Vec::new();
    let mut skip_blank = false;
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        if delete.contains(&n) {
            skip_blank = true;
        } else if skip_blank && line.is_empty() {
            skip_blank = false;
        } else {
            skip_blank = false;
            out.push(replace.iter().find(|(at, _)| *at == n).map_or((*line).to_string(), |(_, l)| l.clone()));
        }
        for (_, new) in after.iter().filter(|(at, _)| *at == n) {
            out.push(String::new());
            out.push(new.clone());
        }
    }
    out.join("\n")
}

fn sample_line(n: usize) -> String {
    std::fs::read_to_string(sample().join("content/ket-qua.md")).unwrap().split('\n').nth(n - 1).unwrap().to_string()
}

#[test]
fn the_docx_imported_unchanged_changes_nothing_also_after_libreoffice_saved_it() {
    let (dir, docx, out) = sample_and_docx("import-null");
    let before = snapshot(&dir);
    let (code, stdout, stderr) = import(&[docx.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stderr.is_empty(), "nothing to report: {stderr}");
    assert_eq!(snapshot(&dir), before, "the sources byte for byte");
    // Built on A5, the cover's title breaks elsewhere: not an edit.
    let a5 = out.join("a5");
    assert!(baocao(&["build", dir.to_str().unwrap(), "--out", a5.to_str().unwrap(), "-f", "docx", "--paper", "a5"]).status.success());
    let (code, stdout, stderr) = import(&[a5.join("tra-vinh-2020.docx").to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""), "{stdout}");
    assert_eq!(snapshot(&dir), before, "an A5 DOCX changes nothing either");
    if tool("soffice") {
        let profile = format!("-env:UserInstallation=file://{}", out.join("profile").display());
        run("soffice", &[&profile, "--headless", "--convert-to", "odt", "--outdir", out.join("odt").to_str().unwrap(), docx.to_str().unwrap()]);
        run("soffice", &[&profile, "--headless", "--convert-to", "docx", "--outdir", out.join("back").to_str().unwrap(), out.join("odt/tra-vinh-2020.odt").to_str().unwrap()]);
        let resaved = out.join("back/tra-vinh-2020.docx");
        let (code, stdout, stderr) = import(&[resaved.to_str().unwrap(), dir.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{stdout}{stderr}");
        assert!(stderr.is_empty(), "LibreOffice's renumbered styles and fields are not edits: {stderr}");
        assert_eq!(snapshot(&dir), before, "the sources byte for byte after a LibreOffice save");
    }
}

#[test]
fn a_reviewers_edits_come_back_to_the_right_lines_and_cells() {
    if !python_docx() {
        return;
    }
    let (dir, docx, out) = sample_and_docx("import-edits");
    let reviewed = out.join("gop-y.docx");
    review(&docx, &reviewed, "plain");
    let before = snapshot(&dir);

    // --dry-run: the diff, nothing written.
    let (code, stdout, _) = import(&[reviewed.to_str().unwrap(), dir.to_str().unwrap(), "--dry-run"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("+++ b/content/ket-qua.md") && stdout.contains("+Đoạn mới do người góp ý thêm vào."), "{stdout}");
    assert_eq!(snapshot(&dir), before, "a dry run writes nothing");

    let (code, stdout, stderr) = import(&[reviewed.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    // The word, the new paragraph, the deleted one, the moved one; every
    // expression kept, every other byte as it was.
    let expected = expected_prose(
        &[(7, sample_line(7).replace("một số kết quả", "nhiều kết quả"))],
        &[11, 17],
        &[(7, "Đoạn mới do người góp ý thêm vào.".into()), (9, sample_line(17))],
    );
    assert_eq!(std::fs::read_to_string(dir.join("content/ket-qua.md")).unwrap(), expected);
    assert!(sample_line(15).contains("{{ ind.viec_lam_moi | achievement }}"));
    // The figure went to its cell, not into the prose.
    let table = std::fs::read_to_string(dir.join("indicators.csv")).unwrap();
    let original_table = std::fs::read_to_string(sample().join("indicators.csv")).unwrap();
    assert_eq!(table, original_table.replace(";23.000;16.100;", ";23.000;16.200;"));
    // The rewritten computed phrase is reported, not frozen.
    assert!(stderr.contains("{{ ind.viec_lam_moi | achievement }}") && stderr.contains("«đạt 71% kế hoạch»"), "{stderr}");
    // The comment is on the review list.
    let comments = std::fs::read_to_string(dir.join("gop-y.md")).unwrap();
    assert!(comments.contains("Nguyễn Văn Góp Ý") && comments.contains("Nên nêu rõ số kết quả.") && comments.contains("chưa giải quyết"), "{comments}");
    // Untouched files are not rewritten.
    for name in ["report.yaml", "content/mo-dau.md", "content/nhiem-vu.md"] {
        assert_eq!(std::fs::read(dir.join(name)).unwrap(), std::fs::read(sample().join(name)).unwrap(), "{name}");
    }
    // And the folder builds the edited booklet.
    let built = baocao(&["build", dir.to_str().unwrap(), "--out", out.join("again").to_str().unwrap(), "-f", "md"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let text = std::fs::read_to_string(out.join("again/tra-vinh-2020.md")).unwrap();
    assert!(text.contains(r"việc làm mới 16\.200 lao động") && text.contains("Đoạn mới do người góp ý thêm vào."));
}

#[test]
fn edits_merge_into_a_folder_that_changed_since_and_both_sided_changes_are_conflicts() {
    if !python_docx() {
        return;
    }
    let (dir, docx, out) = sample_and_docx("import-merge");
    let reviewed = out.join("gop-y.docx");
    review(&docx, &reviewed, "plain");
    // Meanwhile in the folder: a paragraph added at the top (every line
    // moves down two), and the sentence the reviewer also edited.
    edit(&dir.join("content/ket-qua.md"), "## KẾT QUẢ ĐẠT ĐƯỢC\n", "## KẾT QUẢ ĐẠT ĐƯỢC\n\nĐoạn thư mục thêm sau khi gửi DOCX.\n");
    edit(&dir.join("content/ket-qua.md"), "BTVTU đã ban hành", "Ban Thường vụ Tỉnh ủy đã ban hành");
    let before = snapshot(&dir);
    let (code, _, stderr) = import(&[reviewed.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("xung đột") && stderr.contains("nhiều kết quả"), "the conflict shows the reviewer's text: {stderr}");
    assert_eq!(snapshot(&dir), before, "nothing written while a paragraph changed on both sides");

    let (code, _, stderr) = import(&[reviewed.to_str().unwrap(), dir.to_str().unwrap(), "--force"]);
    assert_eq!(code, Some(0), "{stderr}");
    let prose = std::fs::read_to_string(dir.join("content/ket-qua.md")).unwrap();
    assert!(prose.contains("Đoạn thư mục thêm sau khi gửi DOCX.") && prose.contains("Ban Thường vụ Tỉnh ủy đã ban hành 05 kế hoạch"), "the folder's changes stay");
    assert!(!prose.contains("nhiều kết quả"), "the conflicting edit is not written");
    let lines: Vec<&str> = prose.lines().filter(|l| !l.is_empty()).collect();
    let at = lines.iter().position(|l| l.starts_with("- Tiếp tục chỉ đạo đẩy mạnh phòng, chống")).unwrap();
    assert!(lines[at + 1].starts_with("- Quan tâm xây dựng đội ngũ cán bộ"), "the move is merged at the lines' new place");
    assert!(!prose.contains("- Tổ chức Hội nghị xúc tiến đầu tư"), "a deletion between unchanged paragraphs is merged too");
    assert!(prose.contains("Ban Thường vụ Tỉnh ủy đã ban hành"), "a paragraph the folder changed is never taken for a deleted one");
    let table = std::fs::read_to_string(dir.join("indicators.csv")).unwrap();
    assert!(table.contains(";23.000;16.200;"), "the figure is merged");
}

#[test]
fn tracked_changes_stop_the_import_or_are_accepted_or_rejected() {
    if !python_docx() {
        return;
    }
    let (dir, docx, out) = sample_and_docx("import-tracked");
    let reviewed = out.join("tracked.docx");
    review(&docx, &reviewed, "tracked");
    let before = snapshot(&dir);
    let (code, _, stderr) = import(&[reviewed.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("Nguyễn Văn Góp Ý") && stderr.contains("1 chèn") && stderr.contains("1 xóa") && stderr.contains("2 chuyển"), "{stderr}");
    assert!(stderr.contains("2021-01-20"), "the date: {stderr}");
    assert_eq!(snapshot(&dir), before, "nothing written");

    let (code, stdout, stderr) = import(&[reviewed.to_str().unwrap(), dir.to_str().unwrap(), "--track-changes", "reject"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    // Rejected, the document is what was built; what the reviewer asked
    // for is on the review list, with who asked.
    let list = std::fs::read_to_string(dir.join("gop-y.md")).unwrap();
    std::fs::remove_file(dir.join("gop-y.md")).unwrap();
    assert_eq!(snapshot(&dir), before, "rejected, the document is what was built");
    assert!(list.contains("Đề nghị chèn « rất đáng ghi nhận»") && list.contains("Nguyễn Văn Góp Ý") && list.contains("không nhận (--track-changes reject)"), "{list}");

    let (code, stdout, stderr) = import(&[reviewed.to_str().unwrap(), dir.to_str().unwrap(), "--track-changes", "accept"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    // The insertion; the deleted paragraph mark joining an emptied
    // paragraph; the move, without doubled text.
    // (The script inserts after the run that holds the sentence's end.)
    let expected = expected_prose(&[(7, format!("{} rất đáng ghi nhận", sample_line(7)))], &[11, 17], &[(9, sample_line(17))]);
    assert_eq!(std::fs::read_to_string(dir.join("content/ket-qua.md")).unwrap(), expected);
}

#[test]
fn a_docx_that_changed_folder_or_is_not_baocaos_is_refused() {
    let (dir, docx, _out) = sample_and_docx("import-refused");
    // The folder changed since the DOCX was built, the reviewer changed
    // nothing: today's text stays.
    edit(&dir.join("content/mo-dau.md"), "Năm qua,", "Năm qua, vẫn");
    let before = snapshot(&dir);
    let (code, _, stderr) = import(&[docx.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(snapshot(&dir), before);

    // A DOCX baocao did not make (here: its package without our
    // properties).
    let foreign = dir.join("khac.docx");
    rewrite_docx(&docx, &foreign, |name, text| (name != "docProps/custom.xml").then_some(text));
    let (code, _, stderr) = import(&[foreign.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("không do baocao làm ra"), "{stderr}");

    // Malformed XML, named by part and position.
    let broken = dir.join("hong.docx");
    std::fs::write(&broken, baocao::archive::write(vec![("word/document.xml".into(), b"<w:document><w:body>".to_vec())]).unwrap()).unwrap();
    let (code, _, stderr) = import(&[broken.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("word/document.xml") && stderr.contains("hỏng"), "{stderr}");
}

#[test]
fn cover_edits_go_to_report_yaml_and_appendix_figures_to_their_cells() {
    if !python_docx() {
        return;
    }
    let (dir, docx, out) = sample_and_docx("import-cover");
    let reviewed = out.join("bia.docx");
    review(&docx, &reviewed, "cover");
    let (code, stdout, stderr) = import(&[reviewed.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let facts = std::fs::read_to_string(sample().join("report.yaml")).unwrap();
    let expected = facts
        .replace("audience: (Dùng cho cán bộ chủ chốt và báo cáo viên)", "audience: (Dùng cho cán bộ chủ chốt và tuyên truyền viên)")
        .replace("\nplace: Trà Vinh\n", "\nplace: Thành phố Trà Vinh\n");
    assert_eq!(std::fs::read_to_string(dir.join("report.yaml")).unwrap(), expected, "two values changed, every comment kept");
    let table = std::fs::read_to_string(dir.join("indicators.csv")).unwrap();
    assert!(table.contains(";tấn;;;;229.200;;;98,5;"), "the appendix's figure went to its cell");
    assert!(stderr.contains("«Đạt tốt»") && stderr.contains("PHỤ LỤC"), "the appendix's word is listed with its section: {stderr}");
    for name in ["content/mo-dau.md", "content/ket-qua.md", "content/nhiem-vu.md"] {
        assert_eq!(std::fs::read(dir.join(name)).unwrap(), std::fs::read(sample().join(name)).unwrap(), "{name}");
    }
}

/// The reference booklet typed into Word by hand: its lines as plain
/// paragraphs with their labels typed, no styles, a cover's lines around.
fn handmade_docx(path: &Path) {
    let reference = std::fs::read_to_string(root().join("tests/fixtures/tra-vinh-2020-reference.txt")).unwrap();
    let cover = ["ĐẢNG BỘ TỈNH TRÀ VINH", "BAN TUYÊN GIÁO TỈNH ỦY", "*", "ĐẢNG CỘNG SẢN VIỆT NAM"];
    let lines = cover.iter().copied().chain(reference.lines().map(str::trim).filter(|l| !l.is_empty())).chain(["Trà Vinh, tháng 01 năm 2021"]);
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let body: String = lines.map(|l| format!(r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#, escape(l))).collect();
    let document = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#);
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let package = baocao::archive::write(vec![
        ("[Content_Types].xml".into(), types.as_bytes().to_vec()),
        ("_rels/.rels".into(), rels.as_bytes().to_vec()),
        ("word/document.xml".into(), document.into_bytes()),
    ])
    .unwrap();
    std::fs::write(path, package).unwrap();
}

#[test]
fn a_handmade_word_booklet_becomes_a_new_report_folder_that_builds_the_booklet() {
    let work = temp_dir("import-handmade");
    let docx = work.join("tai-lieu-2020.docx");
    handmade_docx(&docx);
    let dir = work.join("tra-vinh-2020");
    let (code, stdout, stderr) = import(&[docx.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("bìa, parent_body") && stdout.contains("tiêu đề cấp 2") && stdout.contains("ý gạch đầu dòng"), "what was recognised how: {stdout}");
    let facts = std::fs::read_to_string(dir.join("report.yaml")).unwrap();
    for fact in ["parent_body: ĐẢNG BỘ TỈNH TRÀ VINH", "issuing_body: BAN TUYÊN GIÁO TỈNH ỦY", "place: Trà Vinh", "date: 2021-01-01", "year: 2020", "plan_year: 2021", "(Dùng cho cán bộ chủ chốt và báo cáo viên)"] {
        assert!(facts.contains(fact), "{fact} in:\n{facts}");
    }
    // The labels are dropped: the ladder draws them again.
    let label = regex_lite::Regex::new(r"(?m)^#+ (?:[A-Z]\.|[IVX]+[-.]|\d+\.|\*) ").unwrap();
    for name in ["content/mo-dau.md", "content/phan-1.md", "content/phan-2.md"] {
        let prose = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(!label.is_match(&prose), "{name} keeps a typed label");
    }
    let out = work.join("out");
    let built = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "-f", "docx"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let text = normalise(&docx_paragraphs(&out.join("tra-vinh-2020.docx")).join(" "));
    let clauses = reference_clauses();
    let missing: Vec<&String> = clauses.iter().filter(|c| !text.contains(c.as_str())).collect();
    assert!(missing.len() * 50 <= clauses.len(), "seed coverage under 98%: {} of {} missing: {missing:?}", missing.len(), clauses.len());
    assert!(!text.contains("A. A.") && !text.contains("1. 1."), "no doubled labels");
    // Output cut short by a reader that stops (`| head -1`): the folder
    // is made all the same, and nothing panics.
    let piped = work.join("piped");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' import '{}' '{}' | head -1", env!("CARGO_BIN_EXE_baocao"), docx.display(), piped.display()))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(piped.join("report.yaml").is_file());
    // A second import never overwrites the folder.
    let (code, _, stderr) = import(&[docx.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{stderr}");
}

/// A DOCX whose properties name a source outside the folder cannot make
/// the import write there: paragraphs go only to the files report.yaml
/// lists.
#[test]
fn a_docx_naming_a_source_outside_the_folder_writes_nothing_there() {
    let (dir, docx, out) = sample_and_docx("import-hostile");
    let hostile = out.join("hostile.docx");
    rewrite_docx(&docx, &hostile, |name, text| {
        Some(match name {
            "docProps/custom.xml" => text.replace(">content/ket-qua.md<", ">content/../../evil.md<"),
            "word/document.xml" => text.replace("một số kết quả", "nhiều kết quả"),
            _ => text,
        })
    });
    let (code, stdout, stderr) = import(&[hostile.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(!dir.join("../../evil.md").exists() && !dir.parent().unwrap().join("evil.md").exists(), "nothing written outside");
    // Paragraphs are found by their text's hash in today's booklet, and
    // written to the file today's booklet says: the DOCX's names are
    // never a path to write to.
    let prose = std::fs::read_to_string(dir.join("content/ket-qua.md")).unwrap();
    assert!(prose.contains("đạt được nhiều kết quả sau"), "the edit went to the folder's own file");
    let names: Vec<PathBuf> = snapshot(&dir).into_iter().map(|(p, _)| p).collect();
    let expected: Vec<PathBuf> = snapshot(&sample()).into_iter().map(|(p, _)| p).collect();
    assert_eq!(names, expected, "no file added");
}

/// A hand-made booklet whose headings come from Word itself: localised
/// heading style names, an outline level, and Word's own numbering (A.,
/// I., 1. computed from numbering.xml, restarting), state-style sections.
#[test]
fn word_styles_outline_levels_and_numbering_give_the_ladder() {
    let work = temp_dir("import-numbering");
    let w = |body: &str| format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#);
    let p = |ppr: &str, text: &str| format!(r#"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#);
    let num = |level: u8| format!(r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>"#);
    let body = [
        p("", "ĐẢNG BỘ HUYỆN MẪU"),
        p("", "BAN TUYÊN GIÁO HUYỆN ỦY"),
        p("", "TÀI LIỆU TUYÊN TRUYỀN KẾT QUẢ NĂM 2022"),
        p("", "Mẫu, tháng 01 năm 2023"),
        p(&num(0), "KẾT QUẢ THỰC HIỆN NĂM 2022"),
        p(&num(1), "KẾT QUẢ ĐẠT ĐƯỢC"),
        p(&num(2), "Kinh tế"),
        p(r#"<w:pStyle w:val="u4"/>"#, "Nguyên nhân"),
        p("", "- Tăng trưởng khá."),
        p(&num(2), "Xã hội"),
        p(&num(1), "HẠN CHẾ"),
        p(&num(2), "Kinh tế còn khó khăn"),
        p(r#"<w:outlineLvl w:val="0"/>"#, "NHIỆM VỤ NĂM 2023"),
        p("", "Tiếp tục phát triển."),
        {
            let cell = |t: &str| format!("<w:tc>{}</w:tc>", p("", t));
            format!("<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>", cell("Chỉ tiêu"), cell("Kết quả"), cell("Tăng trưởng"), cell("7,5%"))
        },
    ]
    .concat();
    let numbering = r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%2."/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
    let styles = r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="u4"><w:name w:val="Tiêu đề 4"/></w:style></w:styles>"#;
    let docx = work.join("huyen.docx");
    std::fs::write(
        &docx,
        baocao::archive::write(vec![
            ("word/document.xml".into(), w(&body).into_bytes()),
            ("word/numbering.xml".into(), numbering.as_bytes().to_vec()),
            ("word/styles.xml".into(), styles.as_bytes().to_vec()),
        ])
        .unwrap(),
    )
    .unwrap();
    let dir = work.join("huyen-mau-2022");
    let (code, stdout, stderr) = import(&[docx.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let part1 = std::fs::read_to_string(dir.join("content/phan-1.md")).unwrap();
    assert_eq!(
        part1,
        "# KẾT QUẢ THỰC HIỆN NĂM 2022\n\n## KẾT QUẢ ĐẠT ĐƯỢC\n\n### Kinh tế\n\n#### Nguyên nhân\n\n- Tăng trưởng khá.\n\n### Xã hội\n\n## HẠN CHẾ\n\n### Kinh tế còn khó khăn\n"
    );
    let part2 = std::fs::read_to_string(dir.join("content/phan-2.md")).unwrap();
    assert_eq!(
        part2,
        "# NHIỆM VỤ NĂM 2023\n\nTiếp tục phát triển.\n\n| Chỉ tiêu | Kết quả |\n| --- | --- |\n| Tăng trưởng | 7,5% |\n",
        "an outline level makes a heading; a table, a Markdown table"
    );
    let style = std::fs::read_to_string(dir.join("templates/style.yaml")).unwrap();
    assert!(style.contains("label: \"I.\"") && !style.contains("label: \"I-\""), "the state's ladder is kept");
    let built = baocao(&["build", dir.to_str().unwrap(), "--out", work.join("out").to_str().unwrap(), "-f", "md"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
}

/// Word drops a bookmark whose whole text is retyped: a figure edited so
/// still reaches its cell, through the expression on its line.
#[test]
fn a_figure_retyped_without_its_anchor_still_reaches_its_cell() {
    let (dir, docx, out) = sample_and_docx("import-lost-anchor");
    let edited = out.join("lost.docx");
    rewrite_docx(&docx, &edited, |name, mut text| {
        if name == "word/document.xml" {
            // The first 16.100 (the prose's), its bookmark gone.
            let at = text.find(">16.100<").unwrap();
            let start = text[..at].rfind("<w:bookmarkStart").unwrap();
            let run_start = text[start..].find("<w:r>").unwrap() + start;
            let end_tag = text[at..].find("<w:bookmarkEnd").unwrap() + at;
            let end = text[end_tag..].find("/>").unwrap() + end_tag + 2;
            let run = text[run_start..end_tag].replace(">16.100<", ">16.200<");
            text.replace_range(start..end, &run);
        }
        Some(text)
    });
    let (code, stdout, stderr) = import(&[edited.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let table = std::fs::read_to_string(dir.join("indicators.csv")).unwrap();
    assert!(table.contains(";23.000;16.200;"), "the cell: {stderr}");
    assert_eq!(std::fs::read(dir.join("content/ket-qua.md")).unwrap(), std::fs::read(sample().join("content/ket-qua.md")).unwrap(), "the prose keeps its expression");
}

/// A paragraph retyped or pasted over loses its anchor: standing where its
/// paragraph stood, it is taken as an edit of that line, expressions kept.
#[test]
fn a_paragraph_that_lost_its_anchor_is_an_edit_of_its_line() {
    let (dir, docx, out) = sample_and_docx("import-lost-paragraph");
    let edited = out.join("retyped.docx");
    rewrite_docx(&docx, &edited, |name, mut text| {
        if name == "word/document.xml" {
            let at = text.find("Chất lượng nguồn nhân lực được nâng lên").unwrap();
            let start = text[..at].rfind("<w:bookmarkStart").unwrap();
            assert!(text[start..at].contains("_bcs_"), "the paragraph's own anchor");
            let id_at = text[start..].find("w:id=\"").unwrap() + start + 6;
            let id: String = text[id_at..].chars().take_while(char::is_ascii_digit).collect();
            let end_tag = format!("<w:bookmarkEnd w:id=\"{id}\"/>");
            let start_end = text[start..].find("/>").unwrap() + start + 2;
            text.replace_range(start..start_end, "");
            text = text.replacen(&end_tag, "", 1);
            text = text.replacen("Chất lượng nguồn nhân lực được nâng lên", "Chất lượng nguồn nhân lực tiếp tục được nâng lên", 1);
        }
        Some(text)
    });
    let (code, stdout, stderr) = import(&[edited.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stderr.contains("mất dấu nguồn"), "{stderr}");
    let expected = expected_prose(&[(15, sample_line(15).replace("nhân lực được", "nhân lực tiếp tục được"))], &[], &[]);
    assert_eq!(std::fs::read_to_string(dir.join("content/ket-qua.md")).unwrap(), expected, "the line edited in place, its expressions kept");
}

/// A hand-made booklet written by python-docx as offices type them
/// (`tests/fixtures/handmade_docx.py`, kind `typed` or `styled`),
/// imported into a new folder: the folder and what the import printed.
fn handmade_kind(work: &Path, kind: &str) -> (PathBuf, String) {
    let docx = work.join(format!("{kind}.docx"));
    run("python3", &[root().join("tests/fixtures/handmade_docx.py").to_str().unwrap(), docx.to_str().unwrap(), kind]);
    let dir = work.join(format!("huyen-{kind}-2020"));
    let (code, stdout, stderr) = import(&[docx.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    (dir, stdout)
}

/// The heading labels of `dir`'s templates/style.yaml, level 1 first.
fn ladder_labels(dir: &Path) -> Vec<String> {
    let style = std::fs::read_to_string(dir.join("templates/style.yaml")).unwrap();
    style.lines().filter_map(|l| l.strip_prefix("  - label: ")).map(str::to_string).collect()
}

#[test]
fn parts_numbered_in_words_and_their_title_lines_become_parts_of_the_ladder() {
    if !python_docx() {
        return;
    }
    let work = temp_dir("import-parts-in-words");
    // Typed: "PHẦN THỨ NHẤT:" centred and bold on its own line, its title
    // under it; "PHẦN THỨ HAI: NHIỆM VỤ NĂM 2021" on one line; a bold
    // salutation.
    let (dir, stdout) = handmade_kind(&work, "typed");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    assert_eq!(read("content/mo-dau.md"), "**Kính thưa các đồng chí!**\n\nNăm 2020, huyện thực hiện nhiệm vụ trong bối cảnh nhiều khó khăn.\n", "the salutation stays a paragraph, in bold");
    assert_eq!(
        read("content/phan-1.md"),
        "# KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020\n\n## KẾT QUẢ ĐẠT ĐƯỢC\n\n### Lĩnh vực kinh tế\n\nTốc độ tăng trưởng kinh tế đạt 7,5%.\n\n## HẠN CHẾ\n\nMột số chỉ tiêu chưa đạt.\n",
        "one part, its label dropped, its title from the line under it"
    );
    assert_eq!(read("content/phan-2.md"), "# NHIỆM VỤ NĂM 2021\n\n## CHỈ TIÊU CHỦ YẾU\n\nTăng trưởng kinh tế từ 7,5% trở lên.\n", "the label typed on the title's line is dropped");
    assert_eq!(ladder_labels(&dir), ["\"PHẦN {ordinal-upper}:\\n\"", "\"I.\"", "\"1.\"", "\"*\""], "the ladder found");
    assert!(stdout.contains("đoạn 9: tên của phần, dòng dưới nhãn") && stdout.contains("templates/style.yaml"), "{stdout}");

    // Styled: Heading 1 "Phần thứ nhất" with two title lines under it,
    // Heading 2 "A. ...", Heading 3 "I. ...".
    let (dir, _) = handmade_kind(&work, "styled");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    assert_eq!(
        read("content/phan-1.md"),
        "# KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT NĂM 2020 và một số nhiệm vụ trọng tâm\n\n## KẾT QUẢ ĐẠT ĐƯỢC\n\n### Lĩnh vực kinh tế\n\nTốc độ tăng trưởng kinh tế đạt 7,5%.\n\n## HẠN CHẾ, YẾU KÉM\n\nMột số chỉ tiêu chưa đạt.\n"
    );
    assert!(read("content/phan-2.md").starts_with("# NHIỆM VỤ NĂM 2021\n\n## CHỈ TIÊU CHỦ YẾU\n"));
    assert_eq!(ladder_labels(&dir), ["\"Phần {ordinal}\\n\"", "\"A.\"", "\"I.\"", "\"*\""], "A. and I. come back as A. and I.");

    // Both check clean: no heading out of order, no empty part.
    for kind in ["typed", "styled"] {
        let check = baocao(&["check", work.join(format!("huyen-{kind}-2020")).to_str().unwrap()]);
        assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
        assert!(String::from_utf8_lossy(&check.stdout).contains("0 lỗi, 0 cảnh báo"), "{kind}: {}", String::from_utf8_lossy(&check.stderr));
    }
}

#[test]
fn check_and_build_name_headings_out_of_order_and_empty_parts() {
    // The shape an importer that knew no part labels wrote: the label as
    // a part of its own, a subsection straight under the part.
    let dir = copy_of(&small(), "ladder-slips");
    let prose = dir.join("content/bao-cao.md");
    let text = std::fs::read_to_string(&prose).unwrap();
    std::fs::write(&prose, format!("{text}\n# PHẦN THỨ BA:\n\n# TỔ CHỨC THỰC HIỆN\n\nĐoạn văn.\n\n### Phân công\n\nĐoạn văn.\n")).unwrap();
    let lines = std::fs::read_to_string(&prose).unwrap();
    let line_of = |heading: &str| lines.lines().position(|l| l == heading).unwrap() + 1;
    let check = baocao(&["check", dir.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "warnings, not errors");
    let warned = String::from_utf8_lossy(&check.stderr).into_owned();
    let out = temp_dir("ladder-slips-out");
    let build = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "-f", "md"]);
    assert_eq!(String::from_utf8_lossy(&build.stderr).lines().filter(|l| l.starts_with("cảnh báo")).count(), 2, "the build tells the same");
    for (message, heading) in [("phần «PHẦN THỨ BA:» không có nội dung", "# PHẦN THỨ BA:"), ("tiêu đề cấp 3 «Phân công» đứng ngay dưới tiêu đề cấp 1", "### Phân công")] {
        let at = warned.find(message).unwrap_or_else(|| panic!("{message}: {warned}"));
        assert!(warned[at..].lines().nth(1).unwrap().contains(&format!("{}:{}:", prose.display(), line_of(heading))), "{message}: {warned}");
    }
}

/// A DOCX whose text would make a prose file larger than any input may be
/// (8 MB: no command could read it back) is refused before anything is
/// written, naming the file it would give; it is not a zip bomb (its
/// words vary), only too much text.
#[test]
fn an_import_that_would_write_a_file_past_the_input_limit_writes_nothing() {
    let work = temp_dir("import-too-much-text");
    let syllables = ["một", "hai", "kinh", "tế", "xã", "hội", "phát", "triển", "nông", "thôn", "năm", "chỉ", "tiêu"];
    let mut state: u64 = 7;
    let mut text = String::new();
    while text.len() < 9 * 1024 * 1024 {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        text.push_str(syllables[(state >> 33) as usize % syllables.len()]);
        text.push_str(&((state >> 40) % 100).to_string());
        text.push(' ');
    }
    let document = format!(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    );
    let docx = work.join("qua-lon.docx");
    std::fs::write(&docx, baocao::archive::write(vec![("word/document.xml".into(), document.into_bytes())]).unwrap()).unwrap();
    let target = work.join("moi");
    let (code, stdout, stderr) = import(&[docx.to_str().unwrap(), target.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("content/mo-dau.md") && stderr.contains("quá giới hạn 8 MB"), "{stderr}");
    assert!(target.symlink_metadata().is_err(), "nothing written");
    assert_eq!(std::fs::read_dir(&*work).unwrap().count(), 1, "no staging folder left: only the DOCX");
}

/// A comment's author and text with a direction override and a C1 control
/// reach the review list as codes, never as themselves.
#[test]
fn control_characters_of_reviewers_are_written_as_codes_into_the_review_list() {
    let work = temp_dir("import-controls-in-comments");
    let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let document = format!(
        "<w:document {w}><w:body><w:p><w:commentRangeStart w:id=\"5\"/><w:r><w:t>Năm qua, tình hình ổn định.</w:t></w:r><w:commentRangeEnd w:id=\"5\"/></w:p></w:body></w:document>"
    );
    let comments = format!(
        "<w:comments {w}><w:comment w:id=\"5\" w:author=\"Người\u{202e}Sửa\u{85}\" w:date=\"2024-01-02T00:00:00Z\"><w:p><w:r><w:t>xem lại \u{9b}số\u{202e} này</w:t></w:r></w:p></w:comment></w:comments>"
    );
    let docx = work.join("gop-y.docx");
    let entries = vec![("word/document.xml".to_string(), document.into_bytes()), ("word/comments.xml".to_string(), comments.into_bytes())];
    std::fs::write(&docx, baocao::archive::write(entries).unwrap()).unwrap();
    let target = work.join("moi");
    let (code, stdout, stderr) = import(&[docx.to_str().unwrap(), target.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let list = std::fs::read_to_string(target.join("gop-y.md")).unwrap();
    assert!(list.contains("Người<U+202E>Sửa<U+0085>") && list.contains("xem lại <U+009B>số<U+202E> này"), "{list}");
    assert!(!list.chars().any(|c| c.is_control() && c != '\n' || c == '\u{202e}'), "no control character written as itself: {list:?}");
}
