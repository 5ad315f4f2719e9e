//! One binary that works anywhere: the templates and fonts are in it, a
//! designer's folder or a report's own file replaces them one by one, and a
//! new report starts from `baocao init`.

use std::process::Command;

use crate::common::*;

/// The names of the command line's verbs, in the order `--help` lists them.
fn verbs() -> Vec<String> {
    help_verbs("Lệnh:", &["--help"])
}

#[test]
fn the_binary_alone_builds_the_sample_with_the_checkout_hidden() {
    if !tool("unshare") {
        return;
    }
    let work = temp_dir("anywhere");
    let binary = work.join("baocao");
    std::fs::copy(env!("CARGO_BIN_EXE_baocao"), &binary).unwrap();
    copy_dir(&sample(), &work.join("tra-vinh-2020"));
    // From the checkout, as today.
    let here = work.join("from-checkout");
    let run = baocao(&["build", "data/tra-vinh-2020", "--out", here.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    // The copied binary in a mount namespace where an empty tmpfs lies over
    // the source checkout, from another folder.
    let checkout = root();
    let script = format!(
        "mount -t tmpfs none {checkout} && test -z \"$(ls -A {checkout})\" && cd {work} && ./baocao build tra-vinh-2020 --out hidden",
        checkout = checkout.display(),
        work = work.display()
    );
    let hidden = Command::new("unshare").args(["-rm", "sh", "-c", &script]).output().unwrap();
    let refused = !hidden.status.success() && String::from_utf8_lossy(&hidden.stderr).contains("unshare:");
    if !available(&format!("a mount namespace ({})", String::from_utf8_lossy(&hidden.stderr).trim()), !refused) {
        return;
    }
    assert!(hidden.status.success(), "{}", String::from_utf8_lossy(&hidden.stderr));
    for name in ["tra-vinh-2020.pdf", "tra-vinh-2020.docx"] {
        let (a, b) = (std::fs::read(here.join(name)).unwrap(), std::fs::read(work.join("hidden").join(name)).unwrap());
        assert!(a == b, "{name} is the same, byte for byte, without the checkout");
    }
}

#[test]
fn exported_templates_build_the_same_booklet_and_replace_the_defaults_file_by_file() {
    let work = temp_dir("export");
    let designer = work.join("mau");
    let run = baocao(&["templates", "export", designer.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    for name in ["booklet.md", "cover.md", "indicator-table.md", "booklet.typ", "theme.typ", "formats.yaml", "impose.typ"] {
        assert!(designer.join(name).is_file(), "{name} exported");
    }
    // A second export into the same folder is refused unless forced.
    assert_eq!(baocao(&["templates", "export", designer.to_str().unwrap()]).status.code(), Some(2));
    assert!(baocao(&["templates", "export", designer.to_str().unwrap(), "--force"]).status.success());

    let build = |out: &str, extra: &[&str]| {
        let mut args = vec!["build", "tests/data/tinh-mau-2023", "--out"];
        let out = work.join(out);
        let out = out.to_str().unwrap().to_string();
        args.push(&out);
        args.extend(extra);
        let run = baocao(&args);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        std::fs::read(work.join(&out).join("tinh-mau-2023.pdf")).unwrap()
    };
    let default = build("default", &[]);
    let designer_arg = designer.to_str().unwrap().to_string();
    assert!(build("exported", &["--templates", &designer_arg]) == default, "the exported templates are the defaults");

    // The designer changes the contents title: the booklet follows.
    edit(&designer.join("booklet.md"), "MỤC LỤC", "NỘI DUNG");
    let changed = build("designer", &["--templates", &designer_arg]);
    assert!(changed != default);
    if tool("pdftotext") {
        let text = pdf_text(&work.join("designer/tinh-mau-2023.pdf"));
        assert!(text.contains("NỘI DUNG") && !text.contains("MỤC LỤC"), "{text}");
    }

    // A report copies just one file into its own templates/: it comes
    // before --templates, and the rest still come from there.
    let report = copy_of(&small(), "tinh-mau-2023");
    std::fs::create_dir_all(report.join("templates")).unwrap();
    std::fs::write(report.join("templates/cover.md"), std::fs::read_to_string(designer.join("cover.md")).unwrap().replace("party: {{ report.party }}", "party: ĐẢNG CỘNG SẢN VIỆT NAM (BẢN RIÊNG)")).unwrap();
    let out = work.join("own");
    let run = baocao(&["build", report.to_str().unwrap(), "--out", out.to_str().unwrap(), "--templates", &designer_arg, "--format", "md"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let markdown = std::fs::read_to_string(out.join("tinh-mau-2023.md")).unwrap();
    assert!(markdown.contains("(BẢN RIÊNG)") && markdown.contains("NỘI DUNG"), "the report's cover and the designer's skeleton: {markdown}");
}

#[test]
fn init_makes_a_report_that_builds_at_once() {
    assert_eq!(verbs().first().map(String::as_str), Some("init"), "--help lists init first: {:?}", verbs());
    let work = temp_dir("init");
    let dir = work.join("huyen-moi-2025");
    let run = baocao(&["init", dir.to_str().unwrap(), "--level", "huyen", "--year", "2025"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let facts = std::fs::read_to_string(dir.join("report.yaml")).unwrap();
    assert!(facts.contains("ĐẢNG BỘ HUYỆN") && facts.contains("BAN TUYÊN GIÁO HUYỆN ỦY"), "{facts}");
    assert!(facts.contains("year: 2025") && facts.contains("plan_year: 2026"), "{facts}");
    assert!(facts.lines().filter(|l| l.contains("(BẮT BUỘC)")).count() >= 8, "every required key says so");
    for file in ["indicators.csv", "content/mo-dau.md", "content/ket-qua.md", "content/nhiem-vu.md"] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    // It builds at once; its empty figures print a placeholder and warn.
    let out = work.join("out");
    let built = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{stderr}");
    assert!(stderr.contains("chưa có số liệu") && stderr.contains("indicators.csv"), "{stderr}");
    let text = docx_paragraphs(&out.join("huyen-moi-2025.docx")).join("\n");
    assert!(text.contains("KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2025") && text.contains("[chưa có số liệu]"), "{text}");
    // Check agrees: warnings, no error.
    assert_eq!(baocao(&["check", dir.to_str().unwrap()]).status.code(), Some(0));
    // A folder that is not empty is never written into.
    let again = baocao(&["init", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("không ghi đè"));
    // Each level has its header pair.
    for (level, issuer) in [("tinh", "BAN TUYÊN GIÁO TỈNH ỦY"), ("xa", "ĐẢNG ỦY XÃ")] {
        let dir = work.join(level);
        assert!(baocao(&["init", dir.to_str().unwrap(), "--level", level, "--year", "2025"]).status.success());
        assert!(std::fs::read_to_string(dir.join("report.yaml")).unwrap().contains(issuer), "{level}");
    }
    // The sample, for those who want to start from a full booklet.
    let sample_dir = work.join("mau");
    assert!(baocao(&["init", sample_dir.to_str().unwrap(), "--sample"]).status.success());
    assert_eq!(std::fs::read(sample_dir.join("report.yaml")).unwrap(), std::fs::read(sample().join("report.yaml")).unwrap());
}
