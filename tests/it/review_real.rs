//! Reviewers' edits made in real word processors come back (issue 24).
//! LibreOffice itself, driven through UNO as a person edits
//! (`tests/fixtures/review_uno.py`), and python-docx
//! (`tests/fixtures/review_docx.py`, mode "eight") make the same eight
//! edits to the sample's DOCX: words changed in three paragraphs, a
//! paragraph deleted with its mark, Enter after a list item and a new item
//! typed, an appendix figure retyped whole, one digit of another, a figure
//! in the prose, a paragraph cut and pasted elsewhere, a comment. Each copy,
//! in each route (LibreOffice: tracked and accepted, untracked, through
//! .odt, tracked through .odt), is imported into a copy of the sample, and
//! the folder compared with the expected one: every edit back, nothing else
//! changed, no lock or temporary file left. Each test prints, per route and
//! per edit, what came back and what the importer said (see it with
//! `cargo test --test it review_real -- --nocapture`). One LibreOffice makes
//! every route's copy, for all the tests here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// One reviewer: the office, its first changed words (the two reviewers
/// differ there, so that their copies have one conflict) and its comment.
/// The scripts hold the same texts.
struct Reviewer {
    office: &'static str,
    first_words: &'static str,
    comment: &'static str,
}

/// LibreOffice's reviewer (`review_uno.py`).
const LIBREOFFICE: Reviewer = Reviewer {
    office: "Sở Kế hoạch và Đầu tư",
    first_words: "gặp rất nhiều khó khăn",
    comment: "Đề nghị nêu số văn bản của năm 2019 để so sánh.",
};

/// python-docx's reviewer (`review_docx.py eight`).
const PYTHON_DOCX: Reviewer = Reviewer {
    office: "Sở Tài chính",
    first_words: "gặp không ít khó khăn",
    comment: "Đề nghị bổ sung số cuộc họp của năm 2019.",
};

/// What an edit should do to the report folder; lines are found by their
/// text in the sample's files.
enum Change {
    /// The line of `file` holding `from` holds `to` in its place.
    Words { file: &'static str, from: &'static str, to: &'static str },
    /// The line of `file` holding `text` is gone, with the blank line after it.
    Deleted { file: &'static str, text: &'static str },
    /// The line `line` follows the line of `file` holding `after`.
    Added { file: &'static str, after: &'static str, line: &'static str },
    /// The line of `file` holding `text` stands before the one holding `before`.
    Moved { file: &'static str, text: &'static str, before: &'static str },
    /// The cell of indicators.csv in the row `code`, column `column`.
    Cell { code: &'static str, column: &'static str, to: &'static str },
    /// An entry of gop-y.md: the comment `text` by `author`, under the
    /// heading of `section`.
    Comment { author: &'static str, text: &'static str, section: &'static str },
}

/// One edit of the reviewer: what a person did, the changes it should
/// make, and words by which the importer's messages about it are found.
struct Edit {
    what: &'static str,
    changes: Vec<Change>,
    clues: &'static [&'static str],
}

const KET_QUA: &str = "content/ket-qua.md";

/// An edit of a figure: the "thực hiện" cell of the indicator `code`.
fn figure(what: &'static str, code: &'static str, to: &'static str, clues: &'static [&'static str]) -> Edit {
    Edit { what, changes: vec![Change::Cell { code, column: "thực hiện", to }], clues }
}

/// The eight edits of `reviewer`, as `review_uno.py` and `review_docx.py
/// eight` make them.
fn edits(reviewer: &Reviewer) -> Vec<Edit> {
    use Change::*;
    vec![
        Edit {
            what: "words changed in three paragraphs",
            changes: vec![
                Words { file: "content/mo-dau.md", from: "gặp nhiều khó khăn", to: reviewer.first_words },
                Words { file: KET_QUA, from: "đạt được một số kết quả sau", to: "đạt được nhiều kết quả sau" },
                Words { file: "content/nhiem-vu.md", from: "thi đua yêu nước thiết thực, hiệu quả.", to: "thi đua yêu nước thiết thực, đa dạng, hiệu quả." },
            ],
            clues: &["khó khăn", "kết quả sau", "thiết thực"],
        },
        Edit {
            what: "a paragraph deleted with its mark (the list's last item, before a heading)",
            changes: vec![Deleted { file: KET_QUA, text: "- HĐND tỉnh sửa đổi, bổ sung, ban hành mới 48 nghị quyết" }],
            clues: &["HĐND tỉnh sửa đổi", "Công tác chỉ đạo Đại hội"],
        },
        Edit {
            what: "Enter after a list item, a new item typed",
            changes: vec![Added {
                file: KET_QUA,
                after: "Chỉ đạo đẩy mạnh SXNN theo hướng hữu cơ, CNC và liên kết sản xuất.",
                line: "- Đẩy mạnh chuyển đổi số trong sản xuất nông nghiệp.",
            }],
            clues: &["chuyển đổi số"],
        },
        figure("an appendix figure retyped whole (Tỷ lệ đô thị hóa, 29,52 → 30,15)", "do_thi_hoa", "30,15", &["29,52", "30,15", "do_thi_hoa"]),
        figure("one digit of an appendix figure (Tổng chi ngân sách, 14.568 → 14.598)", "tong_chi_ngan_sach", "14.598", &["14.568", "14.598", "tong_chi_ngan_sach"]),
        figure("a figure in the prose (16.100 → 16.200 lao động)", "viec_lam_moi", "16.200", &["16.100", "16.200", "viec_lam_moi"]),
        Edit {
            what: "a paragraph cut and pasted before another",
            changes: vec![Moved { file: KET_QUA, text: "- Quan tâm xây dựng đội ngũ cán bộ các cấp", before: "- Tổ chức Hội nghị xúc tiến đầu tư" }],
            clues: &["Quan tâm xây dựng đội ngũ"],
        },
        Edit {
            what: "a comment on a paragraph",
            changes: vec![Comment { author: reviewer.office, text: reviewer.comment, section: "Lãnh đạo công tác xây dựng Đảng, xây dựng hệ thống chính trị" }],
            clues: &["góp ý", "Chương trình làm việc năm 2020"],
        },
    ]
}

/// What came back of one change or edit.
enum Verdict {
    Right,
    Lost(String),
    Wrong(String),
}

impl Verdict {
    fn right(&self) -> bool {
        matches!(self, Verdict::Right)
    }

    fn show(&self) -> String {
        match self {
            Verdict::Right => "came back right".into(),
            Verdict::Lost(why) => format!("LOST: {why}"),
            Verdict::Wrong(why) => format!("WRONG: {why}"),
        }
    }

    /// The verdict of an edit from its changes': right when all are right,
    /// the one missed change's verdict, or for several lost when all are
    /// lost, else wrong.
    fn of_all(verdicts: Vec<Verdict>) -> Verdict {
        let mut missed: Vec<Verdict> = verdicts.into_iter().filter(|v| !v.right()).collect();
        match missed.len() {
            0 => Verdict::Right,
            1 => missed.remove(0),
            _ => {
                let why = missed.iter().map(Verdict::show).collect::<Vec<_>>().join("; ");
                if missed.iter().all(|v| matches!(v, Verdict::Lost(_))) { Verdict::Lost(why) } else { Verdict::Wrong(why) }
            }
        }
    }
}

fn lines(text: &str) -> Vec<String> {
    text.split('\n').map(str::to_string).collect()
}

/// The one line of `lines` holding `text`.
fn holding(lines: &[String], text: &str, file: &str) -> usize {
    let found: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].contains(text)).collect();
    assert_eq!(found.len(), 1, "one line of {file} holds {text:?}");
    found[0]
}

/// The next non-blank line after line `at`.
fn next_text(lines: &[String], at: usize) -> Option<&str> {
    lines[at + 1..].iter().map(String::as_str).find(|l| !l.trim().is_empty())
}

/// The previous non-blank line before line `at`.
fn previous_text(lines: &[String], at: usize) -> Option<&str> {
    lines[..at].iter().rev().map(String::as_str).find(|l| !l.trim().is_empty())
}

/// The line of `lines` most like `like` (to show what came instead).
fn nearest<'a>(lines: &'a [String], like: &str) -> &'a str {
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .max_by(|a, b| {
            let (ra, rb) = (similar::TextDiff::from_chars(a.as_str(), like).ratio(), similar::TextDiff::from_chars(b.as_str(), like).ratio());
            ra.total_cmp(&rb)
        })
        .map_or("", String::as_str)
}

/// `text` cut to `n` characters, for messages.
fn short(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        out.push('…');
    }
    out
}

/// The cell of a `;` CSV in the row `code` and the column named `column`.
fn cell(csv: &str, code: &str, column: &str) -> Option<String> {
    let mut rows = csv.trim_start_matches('\u{feff}').lines().map(|l| l.split(';').map(str::to_string).collect::<Vec<_>>());
    let heading = rows.next()?;
    let at = heading.iter().position(|h| h == column)?;
    rows.find(|r| r.first().map(String::as_str) == Some(code)).and_then(|r| r.get(at).cloned())
}

/// `csv` with the cell of row `code`, column `column` set to `to`.
fn set_cell(csv: &str, code: &str, column: &str, to: &str) -> String {
    let heading: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().next().unwrap().split(';').collect();
    let at = heading.iter().position(|h| *h == column).unwrap_or_else(|| panic!("column {column}"));
    let mut found = false;
    let out: Vec<String> = csv
        .split('\n')
        .map(|line| {
            let mut cells: Vec<&str> = line.split(';').collect();
            if cells.first() == Some(&code) {
                found = true;
                cells[at] = to;
            }
            cells.join(";")
        })
        .collect();
    assert!(found, "indicators.csv has a row {code}");
    out.join("\n")
}

/// The sample's text files with `changes` made (gop-y.md aside).
fn expected_files(changes: &[&Change]) -> BTreeMap<String, String> {
    let mut files: BTreeMap<String, String> =
        files_in(&sample()).into_iter().map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap())).collect();
    for change in changes {
        let file = match change {
            Change::Words { file, .. } | Change::Deleted { file, .. } | Change::Added { file, .. } | Change::Moved { file, .. } => *file,
            Change::Cell { .. } => "indicators.csv",
            Change::Comment { .. } => continue,
        };
        let text = files.get_mut(file).unwrap_or_else(|| panic!("the sample has {file}"));
        let mut l = lines(text);
        match change {
            Change::Words { from, to, .. } => {
                let at = holding(&l, from, file);
                l[at] = l[at].replacen(from, to, 1);
            }
            Change::Deleted { text, .. } => {
                let at = holding(&l, text, file);
                let end = if l.get(at + 1).is_some_and(|b| b.is_empty()) { at + 2 } else { at + 1 };
                l.drain(at..end);
            }
            Change::Added { after, line, .. } => {
                let at = holding(&l, after, file);
                l.splice(at + 1..at + 1, [String::new(), line.to_string()]);
            }
            Change::Moved { text, before, .. } => {
                let at = holding(&l, text, file);
                let moved = l[at].clone();
                let end = if l.get(at + 1).is_some_and(|b| b.is_empty()) { at + 2 } else { at + 1 };
                l.drain(at..end);
                let to = holding(&l, before, file);
                l.splice(to..to, [moved, String::new()]);
            }
            Change::Cell { code, column, to } => {
                *text = set_cell(text, code, column, to);
                continue;
            }
            Change::Comment { .. } => unreachable!(),
        }
        *text = l.join("\n");
    }
    files
}

/// Whether `change` came back in the imported folder `dir`.
fn verdict(change: &Change, dir: &Path) -> Verdict {
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap_or_default();
    let original = |file: &str| lines(&std::fs::read_to_string(sample().join(file)).unwrap());
    match change {
        Change::Words { file, from, to } => {
            let before = original(file);
            let old = before[holding(&before, from, file)].clone();
            let new = old.replacen(from, to, 1);
            let now = lines(&read(file));
            if now.contains(&new) {
                Verdict::Right
            } else if now.contains(&old) {
                Verdict::Lost(format!("{file} still reads «{}»", short(from, 60)))
            } else {
                Verdict::Wrong(format!("{file} reads «{}»", short(nearest(&now, &new), 160)))
            }
        }
        Change::Deleted { file, text } => {
            let before = original(file);
            let at = holding(&before, text, file);
            let next = next_text(&before, at).unwrap().to_string();
            let now = lines(&read(file));
            if now.contains(&before[at]) {
                Verdict::Lost(format!("«{}» is still in {file}", short(text, 60)))
            } else if !now.contains(&next) {
                Verdict::Wrong(format!("the paragraph after it, «{}», became «{}»", short(&next, 70), short(nearest(&now, &next), 70)))
            } else {
                Verdict::Right
            }
        }
        Change::Added { file, after, line } => {
            let now = lines(&read(file));
            let bare = line.trim_start_matches("- ");
            let at = now.iter().position(|l| l.contains(after));
            if at.and_then(|at| next_text(&now, at)) == Some(*line) {
                Verdict::Right
            } else if let Some(found) = now.iter().find(|l| l.contains(bare)) {
                let place = now.iter().position(|l| l == found).and_then(|i| previous_text(&now, i)).unwrap_or("");
                Verdict::Wrong(format!("written as «{found}» after «{}»", short(place, 50)))
            } else {
                Verdict::Lost(format!("no line of {file} holds «{bare}»"))
            }
        }
        Change::Moved { file, text, before } => {
            let original = original(file);
            let line = &original[holding(&original, text, file)];
            let now = lines(&read(file));
            let places: Vec<usize> = (0..now.len()).filter(|&i| &now[i] == line).collect();
            let target = &original[holding(&original, before, file)];
            match places[..] {
                [] => Verdict::Wrong(format!("«{}» is gone from {file}", short(text, 50))),
                [at] if next_text(&now, at) == Some(target.as_str()) => Verdict::Right,
                [at] => {
                    let old_place = previous_text(&original, holding(&original, text, file));
                    if previous_text(&now, at) == old_place {
                        Verdict::Lost(format!("«{}» stayed in its place", short(text, 50)))
                    } else {
                        Verdict::Wrong(format!("«{}» stands before «{}»", short(text, 50), short(next_text(&now, at).unwrap_or("(the end)"), 50)))
                    }
                }
                _ => Verdict::Wrong(format!("«{}» is in {file} {} times", short(text, 50), places.len())),
            }
        }
        Change::Cell { code, column, to } => {
            let was = cell(&std::fs::read_to_string(sample().join("indicators.csv")).unwrap(), code, column).unwrap();
            match cell(&read("indicators.csv"), code, column) {
                Some(now) if now == *to => Verdict::Right,
                Some(now) if now == was => Verdict::Lost(format!("{code}.{column} is still {was}")),
                now => Verdict::Wrong(format!("{code}.{column} is {:?}, not {to}", now.unwrap_or_default())),
            }
        }
        Change::Comment { author, text, section } => {
            let list = read("gop-y.md");
            let entries = lines(&list);
            let Some(at) = entries.iter().position(|l| l.contains(text)) else {
                return Verdict::Lost(if list.is_empty() { "no gop-y.md".into() } else { format!("gop-y.md has no «{text}»") });
            };
            let heading = entries[..at].iter().rev().find(|l| l.starts_with("## ")).map_or("", |h| h.trim_start_matches("## "));
            if !entries[at].contains(author) {
                Verdict::Wrong(format!("the entry does not name {author}: «{}»", entries[at]))
            } else if heading != *section {
                Verdict::Wrong(format!("the entry is under «{heading}», not «{section}»"))
            } else {
                Verdict::Right
            }
        }
    }
}

/// The importer's messages (a line and the indented lines under it) that
/// hold one of `clues`.
fn messages_about(output: &str, clues: &[&str]) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    for line in output.lines() {
        match blocks.last_mut() {
            Some(block) if line.starts_with(' ') => {
                block.push('\n');
                block.push_str(line);
            }
            _ => blocks.push(line.to_string()),
        }
    }
    blocks.into_iter().filter(|b| !b.starts_with("đã sửa") && clues.iter().any(|c| b.contains(c))).collect()
}

/// One way a reviewed DOCX comes back: its name, how it was made, the
/// file, and whether tracked changes are accepted on import.
struct Route {
    name: String,
    how: String,
    docx: PathBuf,
    accept: bool,
}

/// Imports the route's DOCX into a fresh copy of the sample and judges
/// the folder (see `judge`).
fn import_and_judge(route: &Route, edits: &[Edit]) -> (Vec<Verdict>, bool) {
    let dir = copy_of(&sample(), "tra-vinh-2020");
    let mut args = vec!["import", route.docx.to_str().unwrap(), dir.to_str().unwrap()];
    if route.accept {
        args.extend(["--track-changes", "accept"]);
    }
    let out = baocao(&args);
    let said = format!("{}{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout));
    let flags = if route.accept { " --track-changes accept" } else { "" };
    println!("\n=== {} ({}): baocao import {}.docx DATA{flags} → exit {:?}", route.name, route.how, route.name, out.status.code());
    let (verdicts, clean) = judge(&dir, edits, &said);
    (verdicts, clean && out.status.code() == Some(0))
}

/// Prints per edit what came back in the imported folder `dir` (with the
/// importer's messages about it, from its output `said`), the other
/// differences from the expected folder and the files left beside; returns
/// the verdicts, one per edit, and whether the folder is the expected one.
fn judge(dir: &Path, edits: &[Edit], said: &str) -> (Vec<Verdict>, bool) {
    let mut verdicts = Vec::new();
    for (n, edit) in edits.iter().enumerate() {
        let v = Verdict::of_all(edit.changes.iter().map(|c| verdict(c, dir)).collect());
        println!("  {}. {}: {}", n + 1, edit.what, v.show());
        if !v.right() {
            for message in messages_about(said, edit.clues) {
                println!("       importer: {}", message.replace('\n', "\n                 "));
            }
        }
        verdicts.push(v);
    }
    // Everything else: the expected folder, byte for byte, gop-y.md's
    // entries, no other file.
    let all: Vec<&Change> = edits.iter().flat_map(|e| &e.changes).collect();
    let expected = expected_files(&all);
    let actual = files_in(dir);
    let mut clean = true;
    for (name, want) in &expected {
        let got = actual.get(name).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        if &got != want {
            clean = false;
            let diff = similar::TextDiff::from_lines(want.as_str(), got.as_str());
            let shown: Vec<String> = diff
                .unified_diff()
                .context_radius(0)
                .header(&format!("expected/{name}"), &format!("imported/{name}"))
                .to_string()
                .lines()
                .map(|l| short(l, 150))
                .collect();
            println!("  differs from the expected folder:\n    {}", shown.join("\n    "));
        }
    }
    let comments = all.iter().filter(|c| matches!(c, Change::Comment { .. })).count();
    let list = actual.get("gop-y.md").map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
    let entries = list.lines().filter(|l| l.starts_with("- **")).count();
    if entries != comments {
        clean = false;
        println!("  gop-y.md has {entries} entries, not {comments}:\n{list}");
    }
    let others: Vec<&String> = actual.keys().filter(|n| !expected.contains_key(*n) && *n != "gop-y.md").collect();
    clean &= others.is_empty();
    println!("  files left beside the report's: {}", if others.is_empty() { "none".to_string() } else { format!("{others:?}") });
    if !said.trim().is_empty() {
        println!("  the importer's whole output:\n    {}", said.trim_end().replace('\n', "\n    "));
    }
    (verdicts, clean)
}

/// The routes × edits table, and whether every edit came back everywhere
/// with nothing else changed.
fn summary(results: &[(String, Vec<Verdict>, bool)], edits: &[Edit]) -> bool {
    println!("\n=== summary: edits that came back right, per route");
    for (name, verdicts, clean) in results {
        let marks: String = verdicts.iter().map(|v| match v {
            Verdict::Right => '✓',
            Verdict::Lost(_) => '·',
            Verdict::Wrong(_) => '✗',
        }).collect();
        let right = verdicts.iter().filter(|v| v.right()).count();
        println!("  {name:<12} {marks}  {right}/{}, the folder {}", edits.len(), if *clean { "as expected" } else { "not as expected" });
    }
    println!("  (✓ right, · lost, ✗ wrong; edits in the order above)");
    results.iter().all(|(_, v, clean)| *clean && v.iter().all(Verdict::right))
}

/// The judge can fail and can pass: the untouched sample has every edit
/// lost; the expected folder, with a review list as the importer writes
/// it, every edit right; a lock file left beside is caught. (No outside
/// program: this one always runs.)
#[test]
fn the_judge_fails_the_untouched_folder_and_passes_the_expected_one() {
    let edits = edits(&LIBREOFFICE);
    let untouched = copy_of(&sample(), "tra-vinh-2020");
    let (verdicts, clean) = judge(&untouched, &edits, "");
    assert!(!clean && verdicts.iter().all(|v| matches!(v, Verdict::Lost(_))), "{:?}", verdicts.iter().map(Verdict::show).collect::<Vec<_>>());

    let dir = temp_dir("review-real-judge");
    let all: Vec<&Change> = edits.iter().flat_map(|e| &e.changes).collect();
    for (name, text) in expected_files(&all) {
        std::fs::create_dir_all(dir.join(&name).parent().unwrap()).unwrap();
        std::fs::write(dir.join(&name), text).unwrap();
    }
    let section = "Lãnh đạo công tác xây dựng Đảng, xây dựng hệ thống chính trị";
    let list = format!("# Góp ý trong x.docx\n\n## {section}\n\n- **{}** (2021-01-25T09:00:00Z, chưa giải quyết): {}\n", LIBREOFFICE.office, LIBREOFFICE.comment);
    std::fs::write(dir.join("gop-y.md"), list).unwrap();
    let (verdicts, clean) = judge(&dir, &edits, "");
    assert!(clean && verdicts.iter().all(Verdict::right), "{:?}", verdicts.iter().map(Verdict::show).collect::<Vec<_>>());

    std::fs::write(dir.join("content/.ket-qua.lock"), "").unwrap();
    assert!(!judge(&dir, &edits, "").1, "a lock file left beside is not the expected folder");
}

/// A Python that can `import uno` (LibreOffice's bridge lives in the
/// system's Python, not in a pyenv or venv one), or a notice when there is
/// none; under BAOCAO_REQUIRE_TOOLS=1 a missing one fails.
fn python_with_uno() -> Option<String> {
    let found = ["python3", "/usr/bin/python3"]
        .into_iter()
        .find(|p| Command::new(p).args(["-c", "import uno"]).output().is_ok_and(|o| o.status.success()))
        .map(str::to_string);
    if !available("python3-uno (a Python that can import uno)", found.is_some()) {
        return None;
    }
    found
}

/// The sample's DOCX reviewed in LibreOffice along every route, once for
/// the tests of this file (one soffice): the folder holding `ROUTE.docx`,
/// in Cargo's scratch folder for tests (a static's temporary folder would
/// never be removed); prints what LibreOffice chose.
fn reviewed_in_libreoffice(python: &str) -> &'static Path {
    static REVIEWED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    REVIEWED.get_or_init(|| {
        let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("review-real");
        let _ = std::fs::remove_dir_all(&work);
        let dir = work.join("tra-vinh-2020");
        copy_dir(&sample(), &dir);
        let built = baocao(&["build", dir.to_str().unwrap(), "--out", work.to_str().unwrap(), "-f", "docx"]);
        assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
        let script = root().join("tests/fixtures/review_uno.py");
        let started = std::time::Instant::now();
        let reviewed = work.join("libreoffice");
        let said = run(python, &[script.to_str().unwrap(), work.join("tra-vinh-2020.docx").to_str().unwrap(), reviewed.to_str().unwrap()]);
        println!("LibreOffice, {:.1} s in all:\n  {}", started.elapsed().as_secs_f64(), said.trim_end().replace('\n', "\n  "));
        reviewed
    })
}

/// The sample's DOCX reviewed with python-docx at `to`.
fn review_with_python_docx(docx: &Path, to: &Path) {
    run("python3", &[root().join("tests/fixtures/review_docx.py").to_str().unwrap(), docx.to_str().unwrap(), to.to_str().unwrap(), "eight"]);
}

#[test]
fn libreoffice_edits_come_back_in_every_route() {
    if !tool("soffice") {
        return;
    }
    let Some(python) = python_with_uno() else { return };
    let reviewed = reviewed_in_libreoffice(&python);
    let routes = [
        ("tracked", "track changes on, saved as DOCX, import --track-changes accept", true),
        ("untracked", "edited directly, saved as DOCX", false),
        ("odt", "edited directly, saved as .odt, opened again and saved as DOCX", false),
        ("tracked-odt", "track changes on, saved as .odt, then as DOCX, import --track-changes accept", true),
    ];
    let edits = edits(&LIBREOFFICE);
    let mut results = Vec::new();
    for (name, how, accept) in routes {
        let route = Route { name: name.into(), how: format!("LibreOffice: {how}"), docx: reviewed.join(format!("{name}.docx")), accept };
        let (verdicts, clean) = import_and_judge(&route, &edits);
        results.push((route.name, verdicts, clean));
    }
    assert!(summary(&results, &edits), "not every LibreOffice edit came back in every route (see above)");
}

#[test]
fn python_docx_edits_come_back() {
    if !python_docx() {
        return;
    }
    let (_dir, docx, out) = sample_and_docx("review-real-docx");
    let reviewed = out.join("python-docx.docx");
    review_with_python_docx(&docx, &reviewed);
    let edits = edits(&PYTHON_DOCX);
    let route = Route { name: "python-docx".into(), how: "python-docx: the same eight edits, `cell.text = …` for the retyped figure".into(), docx: reviewed, accept: false };
    let (verdicts, clean) = import_and_judge(&route, &edits);
    assert!(summary(&[(route.name, verdicts, clean)], &edits), "not every python-docx edit came back (see above)");
}

/// Two offices' copies of the same draft, imported together: both sets of
/// edits (the same edit once), the one line both changed differently a
/// conflict naming both offices and both texts, and written for neither;
/// both comments in gop-y.md; the same import again changes nothing.
#[test]
fn two_reviewers_copies_imported_together() {
    if !tool("soffice") || !python_docx() {
        return;
    }
    let Some(python) = python_with_uno() else { return };
    let (dir, docx, out) = sample_and_docx("review-real-two");
    let (first, second) = (reviewed_in_libreoffice(&python).join("untracked.docx"), out.join("python-docx.docx"));
    review_with_python_docx(&docx, &second);
    let imported = baocao(&["import", first.to_str().unwrap(), second.to_str().unwrap(), dir.to_str().unwrap()]);
    let said = format!("{}{}", String::from_utf8_lossy(&imported.stderr), String::from_utf8_lossy(&imported.stdout));
    println!("{said}");
    assert_ne!(imported.status.code(), Some(2), "several DOCX files are a valid import: {said}");
    // The conflict: both texts, both offices.
    for text in [LIBREOFFICE.first_words, PYTHON_DOCX.first_words, LIBREOFFICE.office, PYTHON_DOCX.office] {
        assert!(said.contains(text), "the conflict shows «{text}»: {said}");
    }
    // Every other edit, once; the conflicting line as it was.
    let mut changes: Vec<&Change> = Vec::new();
    let (ours, theirs) = (edits(&LIBREOFFICE), edits(&PYTHON_DOCX));
    for change in ours.iter().flat_map(|e| &e.changes) {
        if !matches!(change, Change::Words { to, .. } if *to == LIBREOFFICE.first_words) {
            changes.push(change);
        }
    }
    let expected = expected_files(&changes);
    let actual = files_in(&dir);
    for (name, want) in &expected {
        assert_eq!(actual.get(name).map(|b| String::from_utf8_lossy(b).into_owned()).as_deref(), Some(want.as_str()), "{name}");
    }
    for comment in ours.iter().chain(&theirs).flat_map(|e| &e.changes).filter(|c| matches!(c, Change::Comment { .. })) {
        assert!(verdict(comment, &dir).right(), "{}", verdict(comment, &dir).show());
    }
    let names: Vec<&String> = actual.keys().filter(|n| !expected.contains_key(*n) && *n != "gop-y.md").collect();
    assert!(names.is_empty(), "nothing left beside the report's files: {names:?}");
    // The same import again changes nothing.
    let again = baocao(&["import", first.to_str().unwrap(), second.to_str().unwrap(), dir.to_str().unwrap()]);
    let said_again = format!("{}{}", String::from_utf8_lossy(&again.stderr), String::from_utf8_lossy(&again.stdout));
    assert_eq!(again.status.code(), Some(0), "{said_again}");
    assert!(!said_again.contains("xung đột") && said_again.contains("không có gì thay đổi"), "the edits taken are no conflicts with the folder: {said_again}");
    assert_eq!(files_in(&dir), actual, "a second import of the same copies changes nothing");
}
