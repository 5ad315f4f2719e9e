//! Many reports at once, and rebuilding while editing: through the binary,
//! as staff run it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::*;



#[test]
fn a_batch_builds_every_good_report_and_fails_for_the_broken_one() {
    let work = temp_dir("batch");
    for name in ["a-2023", "b-2023", "c-2023"] {
        copy_dir(&small(), &work.join("reports").join(name));
    }
    let broken = work.join("reports/b-2023/report.yaml");
    let facts = std::fs::read_to_string(&broken).unwrap();
    std::fs::write(&broken, facts.replace("year: 2023", "year: hai nghìn")).unwrap();
    let out = work.join("out");
    // A quoted glob, expanded by baocao, not the shell.
    let pattern = work.join("reports/*-2023");
    let run = baocao(&["build", pattern.to_str().unwrap(), "--out", out.to_str().unwrap(), "--format", "docx"]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(out.join("a-2023.docx").is_file() && out.join("c-2023.docx").is_file(), "{stdout}\n{stderr}");
    assert!(!out.join("b-2023.docx").exists());
    assert!(stderr.contains("b-2023/report.yaml:9:"), "{stderr}");
    assert!(stdout.contains("3 báo cáo: 2 tạo được, 1 lỗi"), "{stdout}");
    // Without the broken one, the batch succeeds.
    std::fs::write(&broken, facts).unwrap();
    assert!(baocao(&["build", pattern.to_str().unwrap(), "--out", out.to_str().unwrap(), "--format", "docx", "--jobs", "2"]).status.success());
    assert!(out.join("b-2023.docx").is_file());
}

#[test]
fn a_batch_survives_a_report_past_the_memory_limit_or_a_crash_and_names_it() {
    let work = temp_dir("batch-survives");
    let reports = work.join("reports");
    for name in ["a", "hog", "crash", "d"] {
        copy_dir(&small(), &reports.join(name));
    }
    std::fs::create_dir_all(reports.join("hog/templates")).unwrap();
    std::fs::write(reports.join("hog/templates/booklet.typ"), "#let a = range(400000000)\n#a.len()\n").unwrap();
    let dirs: Vec<String> = ["a", "hog", "crash", "d"].iter().map(|n| reports.join(n).display().to_string()).collect();
    for jobs in ["1", "4"] {
        let out = work.join(format!("out-{jobs}"));
        let mut args = vec!["build"];
        args.extend(dirs.iter().map(String::as_str));
        args.extend(["--out", out.to_str().unwrap(), "--format", "pdf", "--jobs", jobs]);
        // The crash: an abort while building `crash`, as a stack overflow
        // ends a program.
        let run = Command::new(env!("CARGO_BIN_EXE_baocao")).args(&args).env("BAOCAO_FAULT", "abort@compose:crash").output().unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
        assert_eq!(run.status.code(), Some(1), "--jobs {jobs}: {stdout}\n{stderr}");
        assert!(out.join("a.pdf").is_file() && out.join("d.pdf").is_file(), "--jobs {jobs}: the others are built: {stdout}\n{stderr}");
        assert!(stdout.contains("4 báo cáo: 2 tạo được, 2 lỗi"), "--jobs {jobs}: {stdout}");
        let memory: Vec<&str> = stderr.lines().filter(|l| l.contains("bộ nhớ 1,5 GB")).collect();
        assert!(memory.len() == 1 && memory[0].ends_with(&dirs[1]), "--jobs {jobs}: the memory limit names hog: {stderr}");
        let crashed: Vec<&str> = stderr.lines().filter(|l| l.contains("dừng đột ngột")).collect();
        assert!(crashed.len() == 1 && crashed[0].contains(&format!("{}:", dirs[2])), "--jobs {jobs}: the crash names its report: {stderr}");
        assert!(!stderr.contains("thread") && !stderr.contains("panicked"), "--jobs {jobs}: no English from the runtime: {stderr}");
        assert_eq!(outputs_in(&out), ["a.pdf", "d.pdf"], "--jobs {jobs}: nothing else is left");
    }
}

#[test]
fn reports_whose_names_extend_each_other_build_together() {
    let work = temp_dir("names-extend");
    for name in ["t", "t.docx.b"] {
        copy_dir(&small(), &work.join(name));
    }
    let out = work.join("out");
    for round in 0..5 {
        let run = baocao(&["build", work.join("t").to_str().unwrap(), work.join("t.docx.b").to_str().unwrap(), "--out", out.to_str().unwrap(), "--jobs", "2"]);
        assert!(run.status.success(), "round {round}: {}", String::from_utf8_lossy(&run.stderr));
        assert_eq!(outputs_in(&out), ["t.docx", "t.docx.b.docx", "t.docx.b.pdf", "t.pdf"], "round {round}");
    }
}

/// Lines a child process prints, as they come.
fn lines(stream: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// Waits up to 30 s for a line containing `wanted`.
fn wait_for(lines: &mpsc::Receiver<String>, wanted: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(wanted) => return line,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no line with {wanted:?} within 30 s");
}

fn docx_text(path: &Path) -> String {
    docx_paragraphs(path).join("\n")
}

#[test]
fn watch_rebuilds_on_an_edit_and_keeps_the_last_good_files_on_an_error() {
    let work = temp_dir("watch");
    let dir = work.join("tinh-mau-2023");
    copy_dir(&small(), &dir);
    let out = work.join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["watch", dir.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines(child.stdout.take().unwrap());
    let stderr = lines(child.stderr.take().unwrap());
    let first = wait_for(&stdout, "đã tạo lại sau");
    assert!(first.contains("ms"), "{first}");
    let (pdf, docx) = (out.join("tinh-mau-2023.pdf"), out.join("tinh-mau-2023.docx"));
    assert!(!docx_text(&docx).contains("Cả bảng tỉnh"));

    // A one-word edit: rebuilt, the new text in both files.
    let prose = dir.join("content/bao-cao.md");
    let text = std::fs::read_to_string(&prose).unwrap();
    std::fs::write(&prose, text.replace("Cả bảng:", "Cả bảng tỉnh:")).unwrap();
    wait_for(&stdout, "đã tạo lại sau");
    assert!(docx_text(&docx).contains("Cả bảng tỉnh:"));
    // Reading the files to build them is no change: no rebuild follows.
    let quiet: Vec<String> = std::iter::from_fn(|| stdout.recv_timeout(Duration::from_millis(700)).ok()).take(3).collect();
    assert!(quiet.is_empty(), "rebuilt without a change: {quiet:?}");
    if tool("pdftotext") {
        assert!(pdf_text(&pdf).contains("Cả bảng tỉnh:"));
    }
    let good = (std::fs::read(&pdf).unwrap(), std::fs::read(&docx).unwrap());

    // A broken edit: the error is shown at its place, the files stay.
    std::fs::write(&prose, text.replace("Cả bảng:", "Cả bảng {{ ind.khong_co.achieved }}:")).unwrap();
    let error = wait_for(&stderr, "-->");
    assert!(error.contains("bao-cao.md:14:"), "{error}");
    wait_for(&stderr, "giữ nguyên");
    assert!(std::fs::read(&pdf).unwrap() == good.0 && std::fs::read(&docx).unwrap() == good.1, "the last good files are kept");

    child.kill().unwrap();
    child.wait().unwrap();
}
