//! The corpus of bad inputs in tests/bad-inputs/cases.yaml: each case
//! breaks a copy of a report folder, runs the `baocao` binary, and checks
//! the exit code and that the message names the expected file and line.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use bamboo_core::{Charset, encode_charset};
use common::{copy_dir, root};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    base: Base,
    #[serde(default)]
    command: Verb,
    #[serde(default)]
    lang: Option<String>,
    edits: Vec<Edit>,
    exit: i32,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    line: Option<usize>,
    #[serde(default)]
    message: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Base {
    #[default]
    Small,
    Sample,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Verb {
    #[default]
    Check,
    Build,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    replace: Option<String>,
    with: Option<String>,
    append: Option<String>,
    write: Option<String>,
    #[serde(default)]
    remove: bool,
    symlink: Option<String>,
    repeat: Option<usize>,
    encode: Option<String>,
    bytes: Option<String>,
}

fn cases() -> Vec<Case> {
    let source = std::fs::read_to_string(root().join("tests/bad-inputs/cases.yaml")).unwrap();
    serde_saphyr::from_str(&source).unwrap()
}

/// The inserted text of `edit`, repeated and encoded as it asks.
fn inserted(edit: &Edit, text: &str) -> String {
    let text = text.repeat(edit.repeat.unwrap_or(1));
    match edit.encode.as_deref() {
        None => text,
        Some("tcvn3") => encode_charset(Charset::Tcvn3, &text).into_owned(),
        Some("vni") => encode_charset(Charset::VniWindows, &text).into_owned(),
        Some(other) => panic!("unknown encoding {other}"),
    }
}

fn apply(dir: &Path, edit: &Edit) {
    let path = if edit.file == "." { dir.to_path_buf() } else { dir.join(&edit.file) };
    if edit.remove {
        if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) }.unwrap();
        return;
    }
    if let Some(target) = &edit.symlink {
        let _ = std::fs::remove_file(&path);
        #[cfg(unix)]
        std::os::unix::fs::symlink(target, &path).unwrap();
        return;
    }
    // The inserted text as bytes: UTF-8, or one byte per character.
    let bytes = |text: &str| -> Vec<u8> {
        match edit.bytes.as_deref() {
            Some("latin1") => text.chars().map(|c| u8::try_from(c as u32).expect("a Latin-1 character")).collect(),
            Some(other) => panic!("unknown bytes {other}"),
            None => text.as_bytes().to_vec(),
        }
    };
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let new: Vec<u8> = if let Some(from) = &edit.replace {
        let at = old.find(from.as_str()).unwrap_or_else(|| panic!("{} holds {from:?}", path.display()));
        let mut new = old[..at].as_bytes().to_vec();
        new.extend(bytes(&inserted(edit, edit.with.as_deref().unwrap_or_default())));
        new.extend(old[at + from.len()..].as_bytes());
        new
    } else if let Some(text) = &edit.append {
        let mut new = old.into_bytes();
        new.extend(bytes(&inserted(edit, text)));
        new
    } else if let Some(text) = &edit.write {
        bytes(&inserted(edit, text))
    } else {
        panic!("edit of {} does nothing", edit.file)
    };
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, new).unwrap();
}

/// Runs `case` in a fresh folder under `work`; the problems found, if any.
fn run(case: &Case, work: &Path) -> Result<(), String> {
    let dir = work.join(&case.name);
    let base: PathBuf = match case.base {
        Base::Small => root().join("tests/data/tinh-mau-2023"),
        Base::Sample => root().join("data/tra-vinh-2020"),
    };
    copy_dir(&base, &dir);
    for edit in &case.edits {
        apply(&dir, edit);
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_baocao"));
    command.current_dir(root()).args(["--lang", case.lang.as_deref().unwrap_or("vi")]);
    match case.command {
        Verb::Check => command.args(["check", "--format", "json"]).arg(&dir),
        Verb::Build => command.arg("build").arg(&dir).arg("--out").arg(work.join(format!("{}-out", case.name))),
    };
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown = || format!("stdout:\n{}\nstderr:\n{}", stdout.chars().take(3000).collect::<String>(), stderr.chars().take(3000).collect::<String>());
    if output.status.code() != Some(case.exit) {
        return Err(format!("exit {:?}, expected {}\n{}", output.status.code(), case.exit, shown()));
    }
    let file = case.file.as_ref().map(|f| dir.join(f).display().to_string());
    let found = match case.command {
        Verb::Check => {
            let diagnostics: Vec<serde_json::Value> =
                serde_json::from_str(&stdout).map_err(|e| format!("not JSON: {e}\n{}", shown()))?;
            diagnostics.iter().any(|d| {
                let text = format!("{} {}", d["message"].as_str().unwrap_or_default(), d["hint"].as_str().unwrap_or_default());
                file.as_ref().is_none_or(|f| d["file"].as_str() == Some(f.as_str()))
                    && case.line.is_none_or(|l| d["line"].as_u64() == Some(l as u64))
                    && case.message.as_ref().is_none_or(|m| text.contains(m.as_str()))
            }) || (diagnostics.is_empty() && file.is_none() && case.message.is_none())
        }
        Verb::Build => {
            let at = match (&file, case.line) {
                (Some(f), Some(l)) => format!("{f}:{l}:"),
                (Some(f), None) => f.clone(),
                (None, _) => String::new(),
            };
            stderr.contains(&at) && case.message.as_ref().is_none_or(|m| stderr.contains(m.as_str()))
        }
    };
    if !found {
        return Err(format!("no message at {file:?} line {:?} with {:?}\n{}", case.line, case.message, shown()));
    }
    Ok(())
}

#[test]
fn every_bad_input_is_told_at_its_place_with_the_right_exit_code() {
    let cases = cases();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    let work = tempfile::tempdir().unwrap();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(4);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let chunks: Vec<Vec<&Case>> = (0..threads).map(|t| cases.iter().skip(t).step_by(threads).collect()).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let work = work.path();
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .filter_map(|case| {
                            let outcome = std::panic::catch_unwind(|| run(case, work)).unwrap_or_else(|_| Err("the case panicked".into()));
                            outcome.err().map(|e| format!("{}: {e}", case.name))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}
