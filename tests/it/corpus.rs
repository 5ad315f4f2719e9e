//! The corpus of bad inputs in tests/bad-inputs/cases.yaml: each case
//! breaks a copy of a report folder, runs the `baocao` binary under a
//! memory cap (2 GB of address space) and a time cap, and checks the exit
//! code, that the message names the expected file and line, and that no
//! byte of a file outside the folder leaks into what it prints.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bamboo_core::{Charset, encode_charset};
use serde::Deserialize;

use crate::common::{copy_dir, root};

/// The address space each run may take.
const MEMORY_CAP: u64 = 2 * 1024 * 1024 * 1024;
/// How long each run may take.
const TIME_CAP: Duration = Duration::from_secs(90);
/// What the secret file outside every case's folder holds: it must never
/// show in any output.
const SECRET: &str = "SECRET-BAOCAO-7731";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    base: Base,
    /// The report folder's name (default: the case's name).
    folder: Option<String>,
    #[serde(default)]
    command: Verb,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    lang: Option<String>,
    edits: Vec<Edit>,
    exit: i32,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    line: Option<usize>,
    /// The place inside a file without lines (a workbook's sheet and cell).
    #[serde(default)]
    within: Option<String>,
    #[serde(default)]
    message: Option<String>,
    /// Texts that must appear nowhere in what the run prints.
    #[serde(default)]
    absent: Vec<String>,
    /// Files (relative to the report folder) whose bytes the run must
    /// leave as they were.
    #[serde(default)]
    unchanged: Vec<String>,
    /// Paths (relative to the report folder) that must not be there after
    /// the run.
    #[serde(default)]
    missing: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Base {
    #[default]
    Small,
    Sample,
    District,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Verb {
    #[default]
    Check,
    Build,
    NewYear,
    FixEncoding,
    /// Only `args`.
    Run,
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
    hardlink: Option<String>,
    #[serde(default)]
    fifo: bool,
    #[serde(default)]
    mkdir: bool,
    png: Option<[u32; 2]>,
    /// A workbook: the headings, then rows: each row's cells, a number
    /// cell where the YAML gives a number.
    xlsx: Option<Vec<Vec<serde_json::Value>>>,
    /// With `xlsx`: this many more rows of filler.
    filler_rows: Option<u32>,
    /// The file cut to this many bytes.
    truncate: Option<u64>,
    /// A zip whose one entry is this many megabytes of zeros.
    zip_bomb: Option<usize>,
    /// An encrypted Office file (a compound file with an encrypted package).
    #[serde(default)]
    encrypted: bool,
    /// A zip of these entries (name, text: a string, or a list of pieces,
    /// each a string or `[STRING, N]`, the string N times).
    zip: Option<Vec<(String, Text)>>,
    /// With `zip`: the entries stored, not compressed (a deep nesting is
    /// no zip bomb then).
    #[serde(default)]
    stored: bool,
    /// The file becomes a copy of this file of the repository (a fixture).
    copy: Option<String>,
    /// The byte at this offset of the file set to this value.
    poke: Option<(u64, u8)>,
    /// With `xlsx`: a first sheet «Cũ», hidden in Excel, holding these
    /// rows; the table's sheet comes second.
    hidden_sheet: Option<Vec<Vec<serde_json::Value>>>,
    repeat: Option<usize>,
    encode: Option<String>,
    bytes: Option<String>,
}

/// The text of a zip entry.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Text {
    Plain(String),
    Pieces(Vec<Piece>),
}

/// A piece of a zip entry's text.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Piece {
    Plain(String),
    Repeated(String, usize),
}

impl Text {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Text::Plain(text) => text.clone().into_bytes(),
            Text::Pieces(pieces) => pieces
                .iter()
                .flat_map(|piece| match piece {
                    Piece::Plain(text) => text.clone().into_bytes(),
                    Piece::Repeated(text, n) => text.repeat(*n).into_bytes(),
                })
                .collect(),
        }
    }
}

fn cases() -> Vec<Case> {
    let source = std::fs::read_to_string(root().join("tests/bad-inputs/cases.yaml")).unwrap();
    serde_saphyr::from_str(&source).unwrap()
}

/// `text` with `{work}` (the corpus's work folder) and `{dir}` (the case's
/// report folder) filled in.
fn fill(text: &str, work: &Path, dir: &Path) -> String {
    text.replace("{work}", &work.display().to_string()).replace("{dir}", &dir.display().to_string())
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

/// The first bytes of a PNG file `width` × `height` pixels: enough for a
/// reader of its header, however large it claims to be.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(width.to_be_bytes());
    png.extend(height.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

fn apply(dir: &Path, work: &Path, edit: &Edit) {
    let path = if edit.file == "." { dir.to_path_buf() } else { dir.join(fill(&edit.file, work, dir)) };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    if edit.remove {
        if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) }.unwrap();
        return;
    }
    if edit.mkdir {
        std::fs::create_dir_all(&path).unwrap();
        return;
    }
    if let Some(target) = &edit.symlink {
        let _ = std::fs::remove_file(&path);
        std::os::unix::fs::symlink(fill(target, work, dir), &path).unwrap();
        return;
    }
    if let Some(target) = &edit.hardlink {
        let _ = std::fs::remove_file(&path);
        std::fs::hard_link(fill(target, work, dir), &path).unwrap();
        return;
    }
    if edit.fifo {
        let _ = std::fs::remove_file(&path);
        let status = Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(status.success(), "mkfifo {}", path.display());
        return;
    }
    if let Some(rows) = &edit.xlsx {
        let mut book = rust_xlsxwriter::Workbook::new();
        let fill = |sheet: &mut rust_xlsxwriter::Worksheet, rows: &[Vec<serde_json::Value>]| {
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    match cell {
                        serde_json::Value::Number(n) => sheet.write_number(r as u32, c as u16, n.as_f64().unwrap()).map(|_| ()),
                        serde_json::Value::String(t) => sheet.write_string(r as u32, c as u16, t).map(|_| ()),
                        _ => Ok(()),
                    }
                    .unwrap();
                }
            }
        };
        if let Some(hidden) = &edit.hidden_sheet {
            let sheet = book.add_worksheet();
            sheet.set_name("Cũ").unwrap();
            fill(sheet, hidden);
            sheet.set_hidden(true);
        }
        let sheet = book.add_worksheet();
        sheet.set_name("Chỉ tiêu").unwrap();
        fill(sheet, rows);
        for r in 0..edit.filler_rows.unwrap_or(0) {
            sheet.write_string(rows.len() as u32 + r, 0, "x").unwrap();
        }
        if edit.hidden_sheet.is_some() {
            sheet.set_active(true);
        }
        book.save(&path).unwrap();
    }
    if let Some(fixture) = &edit.copy {
        std::fs::copy(root().join(fixture), &path).unwrap();
    }
    if let Some((offset, byte)) = edit.poke {
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[offset as usize] = byte;
        std::fs::write(&path, bytes).unwrap();
    }
    if edit.copy.is_some() || edit.poke.is_some() {
        return;
    }
    if let Some(len) = edit.truncate {
        std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(len).unwrap();
        return;
    }
    if let Some(megabytes) = edit.zip_bomb {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("xl/worksheets/sheet1.xml", zip::write::SimpleFileOptions::default()).unwrap();
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..megabytes {
            zip.write_all(&zeros).unwrap();
        }
        std::fs::write(&path, zip.finish().unwrap().into_inner()).unwrap();
        return;
    }
    if let Some(entries) = &edit.zip {
        let entries: Vec<(String, Vec<u8>)> = entries.iter().map(|(name, text)| (name.clone(), text.bytes())).collect();
        let bytes = if edit.stored {
            use std::io::Write;
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
            for (name, bytes) in entries {
                zip.start_file(name, stored).unwrap();
                zip.write_all(&bytes).unwrap();
            }
            zip.finish().unwrap().into_inner()
        } else {
            baocao::archive::write(entries).unwrap()
        };
        std::fs::write(&path, bytes).unwrap();
        return;
    }
    if edit.encrypted {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.resize(512, 0);
        bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        bytes.resize(4096, 0);
        std::fs::write(&path, bytes).unwrap();
        return;
    }
    if edit.xlsx.is_some() {
        return;
    }
    if let Some([width, height]) = edit.png {
        std::fs::write(&path, png_header(width, height)).unwrap();
        return;
    }
    // The inserted text as bytes: UTF-8, one byte per character, or UTF-16.
    let bytes = |text: &str| -> Vec<u8> {
        match edit.bytes.as_deref() {
            Some("latin1") => text.chars().map(|c| u8::try_from(c as u32).expect("a Latin-1 character")).collect(),
            Some("utf16le") => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
            Some(other) => panic!("unknown bytes {other}"),
            None => text.as_bytes().to_vec(),
        }
    };
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let new: Vec<u8> = if let Some(from) = &edit.replace {
        let at = old.find(from.as_str()).unwrap_or_else(|| panic!("{} holds {from:?}", path.display()));
        let mut new = old.as_bytes()[..at].to_vec();
        new.extend(bytes(&inserted(edit, &fill(edit.with.as_deref().unwrap_or_default(), work, dir))));
        new.extend(&old.as_bytes()[at + from.len()..]);
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
    std::fs::write(&path, new).unwrap();
}

/// Runs `command` with the memory cap; kills it past the time cap. The
/// exit code (`None` when killed by a signal or the cap), stdout, stderr.
fn run_capped(mut command: Command) -> (Option<i32>, String, String, bool) {
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: MEMORY_CAP, rlim_max: MEMORY_CAP };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            Ok(())
        });
    }
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let (out, err) = (read_all(child.stdout.take().unwrap()), read_all(child.stderr.take().unwrap()));
    let started = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_CAP {
            timed_out = true;
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (status.code(), out.join().unwrap(), err.join().unwrap(), timed_out)
}

/// Reads all of `stream` on a thread of its own.
fn read_all(mut stream: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Runs `case` in a fresh folder under `work`; the problems found, if any.
fn run(case: &Case, work: &Path) -> Result<(), String> {
    let case_dir = work.join(&case.name);
    let dir = case_dir.join(case.folder.as_deref().unwrap_or(&case.name));
    let base: PathBuf = match case.base {
        Base::Small => root().join("tests/data/tinh-mau-2023"),
        Base::Sample => root().join("data/tra-vinh-2020"),
        Base::District => root().join("tests/data/huyen-mau-2023"),
    };
    copy_dir(&base, &dir);
    for edit in &case.edits {
        apply(&dir, work, edit);
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_baocao"));
    command.current_dir(root()).args(["--lang", case.lang.as_deref().unwrap_or("vi")]);
    let out = case_dir.join("out");
    match case.command {
        Verb::Check => command.args(["check", "--format", "json"]).arg(&dir),
        Verb::Build => command.arg("build").arg(&dir).arg("--out").arg(&out),
        Verb::NewYear => command.arg("new-year").arg(&dir),
        Verb::FixEncoding => command.arg("fix-encoding"),
        Verb::Run => &mut command,
    };
    command.args(case.args.iter().map(|a| fill(a, work, &dir)));
    let at = |path: &String| dir.join(fill(path, work, &dir));
    let before: Vec<Option<Vec<u8>>> = case.unchanged.iter().map(|f| std::fs::read(at(f)).ok()).collect();
    let (code, stdout, stderr, timed_out) = run_capped(command);
    let shown = || format!("stdout:\n{}\nstderr:\n{}", stdout.chars().take(3000).collect::<String>(), stderr.chars().take(3000).collect::<String>());
    if timed_out {
        return Err(format!("ran past {} s\n{}", TIME_CAP.as_secs(), shown()));
    }
    if code != Some(case.exit) {
        return Err(format!("exit {code:?}, expected {}\n{}", case.exit, shown()));
    }
    for text in case.absent.iter().map(String::as_str).chain([SECRET, "\u{1b}", "\u{7}", "\u{202e}"]) {
        if stdout.contains(text) || stderr.contains(text) {
            return Err(format!("the output holds {text:?}, which must not leak\n{}", shown()));
        }
    }
    let file = case.file.as_ref().map(|f| if f.starts_with('-') || f.starts_with('[') { f.clone() } else { dir.join(f).display().to_string() });
    let found = match case.command {
        Verb::Check => {
            let diagnostics: Vec<serde_json::Value> =
                serde_json::from_str(&stdout).map_err(|e| format!("not JSON: {e}\n{}", shown()))?;
            diagnostics.iter().any(|d| {
                let text = format!("{} {}", d["message"].as_str().unwrap_or_default(), d["hint"].as_str().unwrap_or_default());
                file.as_ref().is_none_or(|f| d["file"].as_str() == Some(f.as_str()))
                    && case.line.is_none_or(|l| d["line"].as_u64() == Some(l as u64))
                    && case.within.as_ref().is_none_or(|w| d["within"].as_str() == Some(w.as_str()))
                    && case.message.as_ref().is_none_or(|m| text.contains(m.as_str()))
            }) || (diagnostics.is_empty() && file.is_none() && case.message.is_none())
        }
        _ => {
            let at = match (&file, case.line) {
                (Some(f), Some(l)) => format!("{f}:{l}:"),
                (Some(f), None) => f.clone(),
                (None, _) => String::new(),
            };
            let all = format!("{stdout}\n{stderr}");
            all.contains(&at) && case.message.as_ref().is_none_or(|m| all.contains(m.as_str()))
        }
    };
    if !found {
        return Err(format!("no message at {file:?} line {:?} with {:?}\n{}", case.line, case.message, shown()));
    }
    for (file, bytes) in case.unchanged.iter().zip(before) {
        if std::fs::read(at(file)).ok() != bytes {
            return Err(format!("{file} was changed\n{}", shown()));
        }
    }
    if let Some(there) = case.missing.iter().find(|p| at(p).symlink_metadata().is_ok()) {
        return Err(format!("{there} is there after the run\n{}", shown()));
    }
    Ok(())
}

#[test]
fn every_bad_input_is_told_at_its_place_with_the_right_exit_code() {
    let cases = cases();
    assert!(cases.len() >= 100, "the corpus has {} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    let work = tempfile::tempdir().unwrap();
    // A secret beside every case's folder, and a valid report.yaml outside.
    let outside = work.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), format!("{SECRET}\n")).unwrap();
    std::fs::copy(root().join("tests/data/tinh-mau-2023/report.yaml"), outside.join("report.yaml")).unwrap();
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
