//! All or none, and nothing left behind: a build killed between its
//! renames, a new folder that fails midway, a folder that cannot be
//! listed, and the lock files builds and imports once left in the user's
//! folders. Kills and full disks are made on demand with `BAOCAO_FAULT`
//! (read by debug builds only, see `src/faults.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common::*;

/// Runs the binary with `args` and the fault `fault` (if any); fails the
/// test past 120 s (a hang).
fn baocao_faulty(args: &[&str], fault: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_baocao"));
    command.args(args).current_dir(root()).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    if let Some(fault) = fault {
        command.env("BAOCAO_FAULT", fault);
    }
    let mut child = command.spawn().unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("baocao {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Every path under `dir`, hidden ones too, relative and sorted.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.symlink_metadata().unwrap().is_dir() {
                stack.push(path.clone());
            }
            found.push(path.strip_prefix(dir).unwrap().to_path_buf());
        }
    }
    found.sort();
    found
}

/// The DOCX `docx` with `from` replaced by `to` in its text, as a reviewer
/// retyping a word.
fn reviewed(docx: &Path, from: &str, to: &str, into: &Path) {
    let bytes = std::fs::read(docx).unwrap();
    let mut package = baocao::archive::Package::open(docx, bytes).unwrap();
    let entries = package
        .names()
        .into_iter()
        .map(|name| {
            let part = package.read(&name).unwrap().unwrap();
            let part = if name == "word/document.xml" { String::from_utf8(part).unwrap().replacen(from, to, 1).into_bytes() } else { part };
            (name, part)
        })
        .collect();
    std::fs::write(into, baocao::archive::write(entries).unwrap()).unwrap();
}

#[test]
fn a_build_killed_between_its_renames_is_undone_by_the_next_command() {
    let work = temp_dir("killed-pair");
    let dir = work.join("tinh-mau-2023");
    copy_dir(&small(), &dir);
    let out = work.join("out");
    let (d, o) = (dir.to_str().unwrap(), out.to_str().unwrap());
    assert!(baocao(&["build", d, "--out", o]).status.success());
    let pair = || (std::fs::read(out.join("tinh-mau-2023.pdf")).unwrap(), std::fs::read(out.join("tinh-mau-2023.docx")).unwrap());
    let old = pair();
    edit(&dir.join("content/bao-cao.md"), "Cả bảng:", "Toàn bảng:");
    let reference = work.join("reference");
    assert!(baocao(&["build", d, "--out", reference.to_str().unwrap()]).status.success());
    let new = (std::fs::read(reference.join("tinh-mau-2023.pdf")).unwrap(), std::fs::read(reference.join("tinh-mau-2023.docx")).unwrap());
    assert_ne!(old.0, new.0);
    // Killed before the first rename, between the PDF's and the DOCX's,
    // after both but before the set is marked done.
    for (fault, wanted, said) in [("kill@rename:1", &old, "đặt lại"), ("kill@rename:2", &old, "đặt lại"), ("kill@renamed", &new, "được giữ")] {
        std::fs::write(out.join("tinh-mau-2023.pdf"), &old.0).unwrap();
        std::fs::write(out.join("tinh-mau-2023.docx"), &old.1).unwrap();
        let killed = baocao_faulty(&["build", d, "--out", o], Some(fault));
        assert_eq!(std::os::unix::process::ExitStatusExt::signal(&killed.status), Some(9), "{fault}: killed");
        if fault == "kill@rename:2" {
            assert!(pair().0 == new.0 && pair().1 == old.1, "the window is real: a new PDF beside the old DOCX");
        }
        // The next command that writes there, a Markdown build, puts the
        // pair right and says so.
        let next = baocao(&["build", d, "--out", o, "--format", "md"]);
        let stderr = String::from_utf8_lossy(&next.stderr);
        assert!(next.status.success() && stderr.contains(said), "{fault}: {stderr}");
        assert!(pair() == *wanted, "{fault}: the last complete pair");
        assert_eq!(outputs_in(&out), ["tinh-mau-2023.docx", "tinh-mau-2023.md", "tinh-mau-2023.pdf"], "{fault}: nothing else is left");
    }
}

#[test]
fn builds_and_imports_leave_nothing_beside_the_users_files() {
    let work = temp_dir("nothing-left");
    let dir = work.join("tinh-mau-2023");
    copy_dir(&small(), &dir);
    let out = work.join("out");
    std::fs::create_dir_all(work.join("outside")).unwrap();
    // Where the lock files once were: FIFOs (a build or an import once
    // hung on them) and links (once written through).
    std::fs::create_dir_all(&out).unwrap();
    for fifo in [out.join(".tinh-mau-2023.lock"), dir.join("content/.bao-cao.lock")] {
        assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    }
    std::os::unix::fs::symlink(work.join("outside/through-the-link"), dir.join(".report.lock")).unwrap();
    let before = tree(&work);

    let (d, o) = (dir.to_str().unwrap(), out.to_str().unwrap());
    let built = baocao_faulty(&["build", d, "--out", o, "--format", "docx"], None);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let docx = out.join("tinh-mau-2023.docx");
    let mut after = before.clone();
    after.push(PathBuf::from("out/tinh-mau-2023.docx"));
    after.sort();
    assert_eq!(tree(&work), after, "the build leaves its DOCX and nothing else");

    let edited = work.join("outside/gop-y.docx");
    reviewed(&docx, "Cả bảng:", "Toàn bảng:", &edited);
    after.push(PathBuf::from("outside/gop-y.docx"));
    after.sort();
    let imported = baocao_faulty(&["import", edited.to_str().unwrap(), d], None);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    assert!(std::fs::read_to_string(dir.join("content/bao-cao.md")).unwrap().contains("Toàn bảng:"), "the import wrote its change");
    assert_eq!(tree(&work), after, "the import leaves nothing beside the files it changed");
}

#[test]
fn a_new_folder_that_fails_midway_leaves_nothing_and_a_rerun_works() {
    let work = temp_dir("half-made");
    let (templates, report, next) = (work.join("mau"), work.join("moi"), work.join("tinh-mau-2024"));
    let source = work.join("tinh-mau-2023");
    copy_dir(&small(), &source);
    std::fs::create_dir(&report).unwrap();
    // A full disk at the third template, the fourth file of a report made
    // in an empty folder, the prose file of next year's report.
    for (args, fault) in [
        (vec!["templates", "export", templates.to_str().unwrap()], "fail@file:3"),
        (vec!["init", report.to_str().unwrap(), "--year", "2024"], "fail@file:4"),
        (vec!["new-year", source.to_str().unwrap(), next.to_str().unwrap()], "fail@write:bao-cao.md"),
    ] {
        let before = tree(&work);
        let failed = baocao_faulty(&args, Some(fault));
        assert_ne!(failed.status.code(), Some(0), "{args:?} fails");
        assert!(String::from_utf8_lossy(&failed.stderr).contains("chưa tạo gì"), "{args:?}: {}", String::from_utf8_lossy(&failed.stderr));
        assert_eq!(tree(&work), before, "{args:?} leaves nothing");
        let rerun = baocao_faulty(&args, None);
        assert!(rerun.status.success(), "{args:?} again: {}", String::from_utf8_lossy(&rerun.stderr));
    }
    assert!(templates.join("booklet.md").is_file() && report.join("report.yaml").is_file() && next.join("report.yaml").is_file());
}

/// Runs `args` as an unprivileged user when this test runs as root (root
/// reads any folder), else as it is; `None` when that cannot be done.
fn as_a_user(args: &[&str]) -> Option<Output> {
    // SAFETY: geteuid only reads the process's user.
    let root_user = unsafe { libc::geteuid() } == 0;
    let mut command = match root_user {
        true if tool("setpriv") => {
            let mut command = Command::new("setpriv");
            command.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_baocao")]);
            command
        }
        true => return None,
        false => Command::new(env!("CARGO_BIN_EXE_baocao")),
    };
    Some(command.args(args).output().unwrap())
}

#[test]
fn a_folder_that_cannot_be_listed_is_not_empty_and_nothing_is_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let work = temp_dir("unlisted");
    std::fs::set_permissions(&work, std::fs::Permissions::from_mode(0o755)).unwrap();
    let dir = work.join("bao-cao");
    copy_dir(&small(), &dir);
    let before: Vec<(PathBuf, Vec<u8>)> = tree(&dir).into_iter().filter(|p| dir.join(p).is_file()).map(|p| (p.clone(), std::fs::read(dir.join(p)).unwrap())).collect();
    // Writable, not listable, owned by whoever runs baocao.
    let _ = Command::new("chown").args(["-R", "65534:65534", dir.to_str().unwrap()]).status();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o300)).unwrap();
    for args in [vec!["init", dir.to_str().unwrap(), "--year", "2024"], vec!["templates", "export", dir.to_str().unwrap()], vec!["init", dir.to_str().unwrap(), "--sample"]] {
        // Without setpriv (as root) the check is skipped, as `tool` told.
        let Some(run) = as_a_user(&args) else { return };
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("không đọc được không phải là thư mục trống"), "{args:?}: {stderr}");
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    for (path, bytes) in &before {
        assert!(std::fs::read(dir.join(path)).unwrap() == *bytes, "{} is untouched", path.display());
    }
    assert_eq!(tree(&dir).len(), before.len() + 1, "nothing was added (content/ is the one folder)");
}
