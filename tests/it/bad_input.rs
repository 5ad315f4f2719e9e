//! Mistakes in the data are told clearly, at their place; data never turns
//! into markup; a failed build leaves the previous outputs alone.

use std::path::Path;
use std::process::Command;

use baocao::{Booklet, Format};
use crate::common::*;

fn compose_error(dir: &Path) -> String {
    match Booklet::compose(project(), dir) {
        Ok(_) => panic!("{} should not compose", dir.display()),
        Err(e) => e.to_string(),
    }
}


#[test]
fn a_misspelt_template_name_points_into_the_prose_file() {
    let dir = sample_copy("misspelt");
    edit(&dir.join("content/ket-qua.md"), "{{ report.year }}", "{{ report.yaer }}");
    let err = compose_error(&dir);
    assert!(err.contains("content/ket-qua.md:1:"), "{err}");
    assert!(err.contains("tên không xác định"), "{err}");
    assert!(err.contains("gợi ý"), "{err}");
}

#[test]
fn a_character_no_font_has_is_an_error_with_its_place() {
    let dir = sample_copy("glyph");
    edit(&dir.join("content/mo-dau.md"), "Năm qua,", "Năm qua 中,");
    let err = compose_error(&dir);
    assert!(err.contains("U+4E2D"), "{err}");
    assert!(err.contains("content/mo-dau.md:1:9"), "{err}");
}

#[test]
fn an_unknown_key_in_the_facts_is_refused_with_line_and_column() {
    let dir = sample_copy("unknown-key");
    edit(&dir.join("report.yaml"), "place: Trà Vinh", "plase: Trà Vinh");
    let err = compose_error(&dir);
    assert!(err.contains("report.yaml:"), "{err}");
    assert!(err.contains("plase"), "{err}");
    let line = err.split("report.yaml:").nth(1).unwrap().split(':').next().unwrap();
    let expected = std::fs::read_to_string(dir.join("report.yaml")).unwrap().lines().position(|l| l.starts_with("plase")).unwrap() + 1;
    assert_eq!(line, expected.to_string(), "{err}");
}

#[test]
fn an_impossible_date_is_refused() {
    let dir = sample_copy("bad-date");
    edit(&dir.join("report.yaml"), "date: 2021-01-15", "date: 2021-02-30");
    let err = compose_error(&dir);
    assert!(err.contains("report.yaml:") && err.contains("2021-02-30"), "{err}");
}

#[test]
fn a_missing_content_file_is_named() {
    let dir = sample_copy("missing-content");
    edit(&dir.join("report.yaml"), "  - nhiem-vu.md", "  - nhiem-vu-2021.md");
    let err = compose_error(&dir);
    assert!(err.contains("nhiem-vu-2021.md") && err.contains("report.yaml:"), "{err}");
}

#[test]
fn a_heading_deeper_than_the_ladder_points_at_its_line() {
    let dir = sample_copy("deep-heading");
    edit(&dir.join("content/ket-qua.md"), "#### Nguyên nhân đạt được", "##### Nguyên nhân đạt được");
    let err = compose_error(&dir);
    let line = std::fs::read_to_string(dir.join("content/ket-qua.md")).unwrap().lines().position(|l| l.starts_with("#####")).unwrap() + 1;
    assert!(err.contains(&format!("content/ket-qua.md:{line}:1")), "{err}");
    assert!(err.contains("cấp 5"), "{err}");
}

#[test]
fn values_are_data_never_markup() {
    let dir = sample_copy("hostile");
    let hostile = r#"#read("/etc/passwd") <w:t>&</w:p> *x* _y_ $z$ ] [a](b) \\ `c` -- ... ~"#;
    edit(&dir.join("report.yaml"), "audience: (Dùng cho cán bộ chủ chốt và báo cáo viên)", &format!("audience: '{hostile}'"));
    edit(&dir.join("content/mo-dau.md"), "Năm qua,", "Năm qua {{ report.audience }},");
    let booklet = Booklet::compose(project(), &dir).expect("hostile text composes");
    let out = temp_dir("hostile-out");
    let files = booklet.write(project(), &out, Format::All).expect("hostile text builds").files;

    let paragraphs = docx_paragraphs(&files[1]);
    assert!(paragraphs.iter().any(|p| p == hostile), "the cover line is literal in the DOCX");
    assert!(paragraphs.iter().any(|p| p.contains(&format!("Năm qua {hostile},"))), "the prose value is literal");
    if tool("pdftotext") {
        let text = pdf_text(&files[0]);
        assert!(text.contains(r#"#read("/etc/passwd") <w:t>&</w:p> *x* _y_ $z$ ] [a](b) \\ `c` -- ... ~"#), "{text}");
        assert!(!text.contains("root:"), "nothing was read from /etc/passwd");
    }
}

#[test]
fn decomposed_input_comes_out_precomposed() {
    let dir = sample_copy("nfd");
    // "Năm qua" with the breve typed as a combining mark (as macOS pastes it).
    edit(&dir.join("content/mo-dau.md"), "Năm qua,", "Na\u{306}m qua,");
    let booklet = Booklet::compose(project(), &dir).unwrap();
    let out = temp_dir("nfd-out");
    let files = booklet.write(project(), &out, Format::Docx).unwrap().files;
    let first = docx_paragraphs(&files[0]).into_iter().find(|p| p.contains("m qua,")).unwrap();
    assert!(first.starts_with("Năm qua,"), "{first:?}");
    assert!(!first.contains('\u{306}'));
}


#[test]
fn the_command_line_explains_itself_and_exits_with_meaningful_codes() {
    let help = baocao(&["build", "--help"]);
    assert!(help.status.success());
    let help = String::from_utf8(help.stdout).unwrap();
    for option in ["--out", "--format", "--templates", "--fonts", "pdf", "docx", "all"] {
        assert!(help.contains(option), "--help mentions {option}: {help}");
    }
    assert_eq!(baocao(&["build", "--format", "odt", "data/tra-vinh-2020"]).status.code(), Some(2), "a usage error");
    let missing = baocao(&["build", "data/no-such-report", "--out", temp_dir("cli-missing").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert!(stderr.contains("data/no-such-report") && stderr.contains("không tìm thấy thư mục báo cáo"), "{stderr}");
}

#[test]
fn a_failed_build_leaves_the_previous_outputs_untouched() {
    let dir = sample_copy("keep-previous");
    let out = temp_dir("keep-previous-out");
    let ok = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let pdf = std::fs::read(out.join("keep-previous.pdf")).unwrap();
    let docx = std::fs::read(out.join("keep-previous.docx")).unwrap();

    edit(&dir.join("content/mo-dau.md"), "Năm qua,", "{{ broken(");
    let failed = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(std::fs::read(out.join("keep-previous.pdf")).unwrap(), pdf);
    assert_eq!(std::fs::read(out.join("keep-previous.docx")).unwrap(), docx);
    assert_eq!(outputs_in(&out).len(), 2, "no temporary files left: {:?}", outputs_in(&out));
}

#[test]
fn two_separate_processes_write_identical_files() {
    let (a, b) = (temp_dir("process-a"), temp_dir("process-b"));
    for out in [&a, &b] {
        let run = baocao(&["build", "data/tra-vinh-2020", "--out", out.to_str().unwrap()]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    }
    for name in ["tra-vinh-2020.pdf", "tra-vinh-2020.docx"] {
        assert!(std::fs::read(a.join(name)).unwrap() == std::fs::read(b.join(name)).unwrap(), "{name} differs");
    }
}

#[test]
fn the_typst_world_reads_nothing_outside_the_templates_and_the_report() {
    let dir = sample_copy("world-escape");
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    let secret = dir.parent().unwrap().join("secret.txt");
    std::fs::write(&secret, "SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, dir.join("leak.txt")).unwrap();
    let absolute = secret.display().to_string();
    for (attempt, path) in [
        ("absolute path", absolute.as_str()),
        ("climbing out", "/data/../secret.txt"),
        ("symbolic link", "/data/leak.txt"),
        ("package", "@preview/cetz:0.3.0/lib.typ"),
    ] {
        std::fs::write(dir.join("templates/booklet.typ"), format!("#read(\"{path}\")\n")).unwrap();
        let booklet = Booklet::compose(project(), &dir).unwrap();
        let err = booklet.layout(project()).err().expect(attempt).to_string();
        assert!(err.contains("booklet.typ:1:"), "{attempt}: {err}");
    }
    // Reading inside the report folder is allowed.
    std::fs::write(dir.join("templates/booklet.typ"), "#read(\"/data/report.yaml\")\n").unwrap();
    assert!(Booklet::compose(project(), &dir).unwrap().layout(project()).is_ok());
}

#[test]
fn a_build_killed_midway_leaves_each_output_whole() {
    let dir = sample_copy("killed");
    let out = temp_dir("killed-out");
    let built = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let names = ["killed.pdf", "killed.docx"];
    let old: Vec<Vec<u8>> = names.iter().map(|n| std::fs::read(out.join(n)).unwrap()).collect();

    // The next build has other text; a complete one gives these bytes.
    edit(&dir.join("content/mo-dau.md"), "Năm qua,", "Năm vừa qua,");
    let reference = temp_dir("killed-reference");
    assert!(baocao(&["build", dir.to_str().unwrap(), "--out", reference.to_str().unwrap()]).status.success());
    let new: Vec<Vec<u8>> = names.iter().map(|n| std::fs::read(reference.join(n)).unwrap()).collect();
    assert_ne!(old, new);

    let mut killed = 0;
    for delay in [0, 5, 20, 50, 100, 150, 200, 300, 400] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_baocao"))
            .args(["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap()])
            .current_dir(root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        if !child.wait().unwrap().success() {
            killed += 1;
        }
        for (i, name) in names.iter().enumerate() {
            let bytes = std::fs::read(out.join(name)).unwrap();
            assert!(bytes == old[i] || bytes == new[i], "{name} after a kill at {delay} ms is neither the old nor the new file");
        }
    }
    assert!(killed > 0, "at least one build was killed before it finished");

    // Two builds of the same report into the same folder at once.
    let spawn = || Command::new(env!("CARGO_BIN_EXE_baocao")).args(["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap()]).current_dir(root()).output();
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    assert!(a.status.success() && b.status.success());
    for (i, name) in names.iter().enumerate() {
        assert!(std::fs::read(out.join(name)).unwrap() == new[i], "{name} after two builds at once");
    }
}

#[test]
fn a_writer_that_fails_replaces_no_output() {
    let dir = sample_copy("writer-fails");
    let out = temp_dir("writer-fails-out");
    assert!(baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "--format", "pdf"]).status.success());
    let pdf = std::fs::read(out.join("writer-fails.pdf")).unwrap();
    // A folder where the DOCX goes: the DOCX cannot be written.
    std::fs::create_dir_all(out.join("writer-fails.docx/x")).unwrap();
    edit(&dir.join("content/mo-dau.md"), "Năm qua,", "Năm vừa qua,");
    let failed = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("writer-fails.docx"));
    assert_eq!(std::fs::read(out.join("writer-fails.pdf")).unwrap(), pdf, "the PDF is not replaced when the DOCX fails");
    assert_eq!(outputs_in(&out).len(), 2, "no temporary files left: {:?}", outputs_in(&out));
}
