//! What hostile or unlucky use cannot do any more, beyond the corpus:
//! outputs that do not belong together, sources overwritten, files written
//! with the wrong mode, leftovers of killed builds, markers that run past
//! the value.

use std::process::Command;

use crate::common::*;

/// Two report folders of the same name whose booklets differ in a word.
fn twins(work: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (a, b) = (work.join("a/tinh-mau-2023"), work.join("b/tinh-mau-2023"));
    copy_dir(&small(), &a);
    copy_dir(&small(), &b);
    edit(&b.join("content/bao-cao.md"), "Cả bảng:", "Toàn bảng:");
    (a, b)
}

#[test]
fn a_batch_with_two_reports_of_one_name_is_refused_before_anything_is_built() {
    let work = temp_dir("twins-batch");
    let (a, b) = twins(&work);
    let out = work.join("out");
    let run = baocao(&["build", a.to_str().unwrap(), b.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(a.to_str().unwrap()) && stderr.contains(b.to_str().unwrap()), "both folders are named: {stderr}");
    assert!(!out.exists(), "nothing was built");
}

#[test]
fn builds_of_one_name_at_once_always_leave_a_matching_pair() {
    let work = temp_dir("twins");
    let (a, b) = twins(&work);
    let reference = |dir: &std::path::Path, name: &str| {
        let out = work.join(name);
        let run = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        (std::fs::read(out.join("tinh-mau-2023.pdf")).unwrap(), std::fs::read(out.join("tinh-mau-2023.docx")).unwrap())
    };
    let (ref_a, ref_b) = (reference(&a, "ref-a"), reference(&b, "ref-b"));
    assert_ne!(ref_a.0, ref_b.0);
    let out = work.join("out");
    let mut pairs = 0;
    for _ in 0..10 {
        let children: Vec<_> = [&a, &b, &a, &b]
            .iter()
            .map(|dir| {
                Command::new(env!("CARGO_BIN_EXE_baocao"))
                    .args(["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap()])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success());
            pairs += 1;
        }
        let pair = (std::fs::read(out.join("tinh-mau-2023.pdf")).unwrap(), std::fs::read(out.join("tinh-mau-2023.docx")).unwrap());
        assert!(pair == ref_a || pair == ref_b, "the PDF and the DOCX come from the same report");
        assert_eq!(outputs_in(&out), ["tinh-mau-2023.docx", "tinh-mau-2023.pdf"], "no temporary file is left");
    }
    assert_eq!(pairs, 40);
}

#[test]
fn fix_encoding_onto_its_own_file_keeps_the_original() {
    let work = temp_dir("fix-self");
    let file = work.join("mo-dau.md");
    let legacy: Vec<u8> = bamboo_core::encode_charset(bamboo_core::Charset::VniWindows, "Năm qua, kinh tế tăng trưởng.\n")
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    std::fs::write(&file, &legacy).unwrap();
    let run = baocao(&["fix-encoding", file.to_str().unwrap(), "--out", file.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "Năm qua, kinh tế tăng trưởng.\n");
    assert_eq!(std::fs::read(work.join("mo-dau.md.bak")).unwrap(), legacy, "the original is kept");
}

#[cfg(unix)]
#[test]
fn files_take_the_mode_the_umask_gives() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    for (umask, wanted) in [("022", 0o644), ("002", 0o664), ("000", 0o666)] {
        let work = temp_dir(&format!("umask-{umask}"));
        let dir = work.join("tinh-mau-2023");
        copy_dir(&small(), &dir);
        let out = work.join("out");
        // An older output of mode 0600 becomes the umask's mode too.
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("tinh-mau-2023.pdf"), "old").unwrap();
        std::fs::set_permissions(out.join("tinh-mau-2023.pdf"), std::fs::Permissions::from_mode(0o600)).unwrap();
        let bin = env!("CARGO_BIN_EXE_baocao");
        let script = format!(
            "umask {umask} && {bin} build {d} --out {o} && {bin} new-year {d} {n} && {bin} init {i} --year 2024",
            d = dir.display(),
            o = out.display(),
            n = work.join("tinh-mau-2024").display(),
            i = work.join("moi").display()
        );
        let run = Command::new("sh").args(["-c", &script]).output().unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        for file in [
            out.join("tinh-mau-2023.pdf"),
            out.join("tinh-mau-2023.docx"),
            work.join("tinh-mau-2024/report.yaml"),
            work.join("tinh-mau-2024/content/bao-cao.md"),
            work.join("moi/report.yaml"),
        ] {
            assert_eq!(mode(&file), wanted, "{} under umask {umask}", file.display());
        }
    }
}

#[test]
fn leftovers_of_a_killed_build_go_at_the_next_build_of_the_name() {
    let work = temp_dir("leftovers");
    let dir = work.join("tinh-mau-2023");
    copy_dir(&small(), &dir);
    let out = work.join("out");
    std::fs::create_dir_all(&out).unwrap();
    // What kill -9 leaves: young temporary files and a copy kept aside.
    for name in [".tinh-mau-2023.pdf.x1y2z3.tmp", ".tinh-mau-2023.docx.a1b2c3.tmp", ".tinh-mau-2023.pdf.old", ".tinh-mau-2023.docx.new"] {
        std::fs::write(out.join(name), "half").unwrap();
    }
    std::fs::write(out.join(".other.pdf.q1w2e3.tmp"), "another name's").unwrap();
    let run = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(outputs_in(&out), [".other.pdf.q1w2e3.tmp", "tinh-mau-2023.docx", "tinh-mau-2023.pdf"], "only another name's file stays");
}

#[test]
fn the_marker_spans_the_value_and_nothing_past_it() {
    let dir = copy_of(&small(), "marker");
    edit(&dir.join("report.yaml"), "year: 2023", "year: 1e308   # năm báo cáo");
    let run = baocao(&["check", dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    let marker = stderr.lines().find(|l| l.contains('^')).unwrap_or_else(|| panic!("a marker line: {stderr}"));
    assert_eq!(marker.matches('^').count(), 5, "five carets under 1e308: {stderr}");
}

#[test]
fn a_report_folder_without_report_yaml_points_to_init() {
    let work = temp_dir("empty-report");
    let out = work.join("out");
    for args in [vec!["build", work.to_str().unwrap(), "--out", out.to_str().unwrap()], vec!["check", work.to_str().unwrap()]] {
        let verb = args[0];
        let run = baocao(&args);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains("report.yaml") && stderr.contains("baocao init"), "{verb}: {stderr}");
        assert!(!stderr.contains("os error"), "{verb}: {stderr}");
    }
}

#[test]
fn the_fonts_folder_is_no_output_folder() {
    let work = temp_dir("out-fonts");
    let dir = work.join("tinh-mau-2023");
    copy_dir(&small(), &dir);
    let fonts = work.join("phong-chu");
    std::fs::create_dir(&fonts).unwrap();
    std::fs::copy(root().join("fonts/liberation-serif/LiberationSerif-Regular.ttf"), fonts.join("LiberationSerif-Regular.ttf")).unwrap();
    let f = fonts.to_str().unwrap();
    let run = baocao(&["build", dir.to_str().unwrap(), "--fonts", f, "--out", f, "--format", "md"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--fonts"), "{stderr}");
    assert_eq!(outputs_in(&fonts), ["LiberationSerif-Regular.ttf"], "nothing written among the fonts");
}
