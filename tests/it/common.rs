//! Helpers shared by the integration tests: the project, the sample,
//! scratch folders, the binary, outside tools that may be missing, and
//! reading outputs back with code that is not the writers' own.

use std::io::Read;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use baocao::Project;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample report folder.
pub fn sample() -> PathBuf {
    root().join("data/tra-vinh-2020")
}

/// The small test province (tests/data/tinh-mau-2023, invented data).
pub fn small() -> PathBuf {
    root().join("tests/data/tinh-mau-2023")
}

/// The project of the embedded templates and fonts, loaded once per test
/// run.
pub fn project() -> &'static Project {
    static PROJECT: OnceLock<Project> = OnceLock::new();
    PROJECT.get_or_init(Project::embedded)
}

/// A scratch folder, removed when dropped. Derefs to its path.
pub struct Scratch {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

/// A fresh, empty folder for one test, removed when dropped.
pub fn temp_dir(name: &str) -> Scratch {
    let dir = tempfile::Builder::new().prefix(&format!("baocao-{name}-")).tempdir().unwrap();
    let path = dir.path().to_path_buf();
    Scratch { _dir: dir, path }
}

/// A folder that lasts for the whole test run (for outputs several tests
/// share), removed when the test binary exits.
pub fn lasting_dir(name: &str) -> PathBuf {
    static LASTING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    extern "C" fn remove_lasting() {
        for dir in LASTING.lock().map(|d| d.clone()).unwrap_or_default() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
    let path = tempfile::Builder::new().prefix(&format!("baocao-{name}-")).tempdir().unwrap().keep();
    let mut lasting = LASTING.lock().unwrap();
    if lasting.is_empty() {
        // SAFETY: registering a plain function to run at exit.
        unsafe { libc::atexit(remove_lasting) };
    }
    lasting.push(path.clone());
    path
}

/// A copy of the report folder `from` named `name` (the name the outputs
/// take) in a fresh folder, removed when dropped.
pub fn copy_of(from: &Path, name: &str) -> Scratch {
    let dir = tempfile::Builder::new().prefix(&format!("baocao-{name}-")).tempdir().unwrap();
    let path = dir.path().join(name);
    copy_dir(from, &path);
    Scratch { _dir: dir, path }
}

/// A copy of the sample report named `name`, to edit.
pub fn sample_copy(name: &str) -> Scratch {
    copy_of(&sample(), name)
}

/// A copy of the report folder `from` at `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Replaces the first `from` in the file at `path` with `to`.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} holds {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Every file under `dir`, hidden ones too, by its path relative to `dir`
/// (with `/`), and its bytes.
pub fn files_in(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The names of the files in output folder `dir`, hidden ones too.
pub fn outputs_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// A copy of the sample and its DOCX, built from it.
pub fn sample_and_docx(name: &str) -> (Scratch, PathBuf, Scratch) {
    let dir = copy_of(&sample(), "tra-vinh-2020");
    let out = temp_dir(name);
    let built = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "-f", "docx"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let docx = out.join("tra-vinh-2020.docx");
    (dir, docx, out)
}

/// Whether python-docx can run the reviewer's script (see [`available`]).
pub fn python_docx() -> bool {
    tool("python3") && python_module("python3", "docx")
}

/// Whether `python` can import `module` (see [`available`]).
pub fn python_module(python: &str, module: &str) -> bool {
    let found = Command::new(python).args(["-c", &format!("import {module}")]).output().is_ok_and(|o| o.status.success());
    available(&format!("{python}'s module {module}"), found)
}

/// Runs the `baocao` binary with `args` in the repository root.
pub fn baocao(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).current_dir(root()).output().unwrap()
}

/// The names of the verbs the help of `baocao ARGS` lists under `heading`
/// ("Lệnh:", or "Commands:" in English), in its order.
pub fn help_verbs(heading: &str, args: &[&str]) -> Vec<String> {
    let help = String::from_utf8(baocao(args).stdout).unwrap();
    help.lines()
        .skip_while(|l| !l.starts_with(heading))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

/// Whether the outside program `name` can be run (see [`available`]).
pub fn tool(name: &str) -> bool {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
        .unwrap_or(false);
    available(name, found)
}

/// Whether `what`, something outside the project a test needs (a program,
/// a Python module, a font, a mount namespace), is here: `found`. Every
/// test that cannot run a check for want of one comes through here. It is
/// not passed over in silence: where `BAOCAO_REQUIRE_TOOLS=1` (set by CI)
/// the test fails; elsewhere it prints a loud notice and the check is
/// counted as skipped. When the test binary ends it prints how many tests
/// skipped a check, and lists them in `target/skipped-tests.txt` (or the
/// file `BAOCAO_SKIPPED_FILE` names).
pub fn available(what: &str, found: bool) -> bool {
    skips::watch();
    if found {
        return true;
    }
    if std::env::var("BAOCAO_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("{what} is required (BAOCAO_REQUIRE_TOOLS=1) but is missing");
    }
    eprintln!("\n*** NOTICE: {what} is missing; this check is SKIPPED (CI installs it) ***\n");
    skips::record(what);
    false
}

/// The checks skipped in this run of the test binary, told when it ends.
mod skips {
    use std::sync::{Mutex, Once};

    /// Each skip: the test (its thread's name) and what it lacked.
    static SKIPPED: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

    /// Makes sure the skips are told when the test binary ends.
    pub fn watch() {
        static WATCH: Once = Once::new();
        // SAFETY: registering a plain function to run at exit.
        WATCH.call_once(|| unsafe {
            libc::atexit(tell);
        });
    }

    pub fn record(what: &str) {
        let test = std::thread::current().name().unwrap_or("?").to_string();
        SKIPPED.lock().unwrap_or_else(|e| e.into_inner()).push((test, what.to_string()));
    }

    /// Where the list goes: `BAOCAO_SKIPPED_FILE`, else
    /// `target/skipped-tests.txt` (the test binary is target/debug/deps/it-*).
    fn list_file() -> Option<std::path::PathBuf> {
        if let Some(file) = std::env::var_os("BAOCAO_SKIPPED_FILE") {
            return Some(file.into());
        }
        let exe = std::env::current_exe().ok()?;
        Some(exe.parent()?.parent()?.parent()?.join("skipped-tests.txt"))
    }

    /// At exit: the list written, its count printed (raw writes: the
    /// standard streams' machinery may be gone by now).
    extern "C" fn tell() {
        let skipped = SKIPPED.lock().map(|s| s.clone()).unwrap_or_default();
        let mut tests: Vec<&str> = skipped.iter().map(|(test, _)| test.as_str()).collect();
        tests.sort_unstable();
        tests.dedup();
        let list: String = skipped.iter().map(|(test, what)| format!("{test}: {what}\n")).collect();
        let file = list_file();
        if let Some(file) = &file {
            let _ = std::fs::write(file, &list);
        }
        let message = match tests.len() {
            0 => "\nNo test skipped a check for a missing program.\n".to_string(),
            n => format!(
                "\n*** {n} test(s) SKIPPED a check for a missing program (BAOCAO_REQUIRE_TOOLS=1 makes that a failure); listed in {}:\n{list}***\n",
                file.map_or("?".into(), |f| f.display().to_string())
            ),
        };
        // SAFETY: writing a buffer we own to the standard error's descriptor.
        unsafe { libc::write(2, message.as_ptr().cast(), message.len()) };
    }
}

/// Runs `program` with `args` and returns its standard output; panics with
/// its error output when it fails.
pub fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(out.status.success(), "{program} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The text of a PDF, by poppler's pdftotext; pages are separated by form
/// feeds.
pub fn pdf_text(pdf: &Path) -> String {
    run("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
}

/// The running text of a PDF: its text without page numbers and running
/// headers (lines that repeat on three or more pages), as
/// `shared/checks/seed-coverage` reads it, so that a sentence running over a
/// page break reads as one.
pub fn pdf_body_text(pdf: &Path) -> String {
    let number = regex_lite::Regex::new(r"^[-–— ]*\d+[-–— ]*$").unwrap();
    let text = pdf_text(pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let mut seen_on: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for page in &pages {
        let mut lines: Vec<&str> = page.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        lines.sort();
        lines.dedup();
        for line in lines {
            *seen_on.entry(line).or_default() += 1;
        }
    }
    let running = |l: &str| pages.len() >= 4 && seen_on.get(l).copied().unwrap_or(0) >= 3 && l.chars().count() < 120;
    pages
        .iter()
        .flat_map(|p| p.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !number.is_match(l) && !running(l))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `Key: value` lines of `pdfinfo`.
pub fn pdf_info(pdf: &Path) -> std::collections::HashMap<String, String> {
    run("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The text of each paragraph of a DOCX's body, read with a generic XML
/// parser, as a reader sees it: a no-break hyphen is a hyphen, a no-break
/// space a space.
pub fn docx_paragraphs(docx: &Path) -> Vec<String> {
    let xml = docx_part(docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("document.xml is well-formed XML");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .map(|p| {
            p.descendants()
                .filter_map(|n| match n.tag_name().name() {
                    "t" => n.text().map(|t| t.replace('\u{a0}', " ")),
                    "tab" | "br" => Some(" ".to_string()),
                    "noBreakHyphen" => Some("-".to_string()),
                    _ => None,
                })
                .collect::<String>()
        })
        .collect()
}

/// `docx` written to `to` with each part's text passed through `edit`
/// (part name, text): the new text, or `None` to leave the part out.
pub fn rewrite_docx(docx: &Path, to: &Path, edit: impl Fn(&str, String) -> Option<String>) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
        if let Some(text) = edit(&name, text) {
            entries.push((name, text.into_bytes()));
        }
    }
    std::fs::write(to, baocao::archive::write(entries).unwrap()).unwrap();
}

/// One part of a DOCX package, as text.
pub fn docx_part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).expect("the DOCX is a zip");
    let mut part = zip.by_name(name).unwrap_or_else(|_| panic!("{name} is in the DOCX"));
    let mut text = String::new();
    part.read_to_string(&mut text).unwrap();
    text
}

/// The reference booklet's clauses, cut as `shared/checks/seed-coverage`
/// cuts them: each paragraph split at `. ; :`, leading labels (A., I-, 1.,
/// -, *) dropped, clauses of 20 characters or more.
pub fn reference_clauses() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/tra-vinh-2020-reference.txt")).unwrap();
    let label = regex_lite::Regex::new(r"^\s*(?:[A-Z]\.|[IVX]+[.\-]|\d+\.|[-*•])\s+").unwrap();
    let split = regex_lite::Regex::new(r"([.;:])\s+").unwrap();
    let mut clauses: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.chars().all(|c| c == '-' || c == '_' || c.is_whitespace()) {
            continue;
        }
        let line = label.replace(line, "");
        let cut = split.replace_all(&line, "$1\n");
        for part in cut.lines() {
            let clause = normalise(part).trim_end_matches(['.', ';', ':']).trim().to_string();
            if clause.chars().count() >= 20 && !clauses.contains(&clause) {
                clauses.push(clause);
            }
        }
    }
    clauses
}

/// Text as the comparison sees it: quotes and dashes unified, white space
/// and hyphens ignored (a PDF's line breaks must not count).
pub fn normalise(text: &str) -> String {
    let mut s: String = text
        .chars()
        .map(|c| match c {
            '“' | '”' | '„' => '"',
            '‘' | '’' => '\'',
            '–' | '—' | '−' => '-',
            '\u{a0}' | '\u{202f}' | '\u{2009}' => ' ',
            c => c,
        })
        .collect();
    s = s.replace('\u{ad}', "").replace('…', "...");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn squeeze(text: &str) -> String {
    normalise(text).chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

/// The reference clauses missing from `text`.
pub fn missing_clauses(text: &str) -> Vec<String> {
    let hay = squeeze(text);
    reference_clauses().into_iter().filter(|c| !hay.contains(&squeeze(c))).collect()
}

/// The text of every body paragraph with paragraph style `style`.
pub fn styled_paragraphs(body: &roxmltree::Document<'_>, style: &str) -> Vec<String> {
    body.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .filter(|p| {
            p.descendants().any(|n| {
                n.tag_name().name() == "pStyle" && n.attributes().any(|a| a.name() == "val" && a.value() == style)
            })
        })
        .map(|p| {
            p.descendants()
                .filter_map(|n| match n.tag_name().name() {
                    "t" => n.text(),
                    "tab" => Some("\t"),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// The titles of a PDF's outline (bookmarks), depth first, read with lopdf.
pub fn outline_titles(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    let catalog = doc.catalog().unwrap();
    let mut titles = Vec::new();
    let Ok(outlines) = catalog.get(b"Outlines").and_then(|o| o.as_reference()) else { return titles };
    let first = doc.get_dictionary(outlines).unwrap().get(b"First").and_then(|f| f.as_reference()).ok();
    collect_outline(&doc, first, &mut titles);
    titles
}

fn collect_outline(doc: &lopdf::Document, mut item: Option<lopdf::ObjectId>, titles: &mut Vec<String>) {
    while let Some(id) = item {
        let dict = doc.get_dictionary(id).unwrap();
        let title = dict.get(b"Title").unwrap();
        titles.push(lopdf::decode_text_string(title).unwrap());
        collect_outline(doc, dict.get(b"First").and_then(|f| f.as_reference()).ok(), titles);
        item = dict.get(b"Next").and_then(|n| n.as_reference()).ok();
    }
}

/// Not a test of its own: run in a child process by
/// [`a_check_skipped_for_want_of_a_program_is_counted_and_fails_in_ci`].
#[test]
#[ignore = "run in a child process by a_check_skipped_for_want_of_a_program_is_counted_and_fails_in_ci"]
fn a_program_that_is_not_here() {
    if std::env::var_os("BAOCAO_SKIPPED_FILE").is_some() {
        assert!(!tool("baocao-no-such-program"));
    }
}

#[test]
fn a_check_skipped_for_want_of_a_program_is_counted_and_fails_in_ci() {
    let work = temp_dir("skips");
    let list = work.join("skipped.txt");
    let probe = |require: bool| {
        let mut command = Command::new(std::env::current_exe().unwrap());
        command.args(["--exact", "common::a_program_that_is_not_here", "--ignored", "--nocapture"]).env("BAOCAO_SKIPPED_FILE", &list);
        match require {
            true => command.env("BAOCAO_REQUIRE_TOOLS", "1"),
            false => command.env_remove("BAOCAO_REQUIRE_TOOLS"),
        };
        command.output().unwrap()
    };
    let skipped = probe(false);
    let said = String::from_utf8_lossy(&skipped.stderr);
    assert!(skipped.status.success(), "{said}");
    assert!(said.contains("NOTICE: baocao-no-such-program is missing") && said.contains("1 test(s) SKIPPED a check"), "{said}");
    assert_eq!(std::fs::read_to_string(&list).unwrap(), "common::a_program_that_is_not_here: baocao-no-such-program\n");
    let required = probe(true);
    let said = String::from_utf8_lossy(&required.stderr);
    assert!(!required.status.success() && said.contains("baocao-no-such-program is required (BAOCAO_REQUIRE_TOOLS=1)"), "{said}");
    assert_eq!(std::fs::read_to_string(&list).unwrap(), "", "a failure is no skip");
}
