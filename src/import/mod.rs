//! `baocao import FILE.docx DATA`: a reviewer's edits on baocao's own DOCX
//! brought back into the report folder it was built from, stage by stage:
//!
//! 1. [`read`]: the reviewed DOCX, and the baseline (the DOCX the folder
//!    gives today), read alike, keyed by the anchors the writer left
//!    ([`crate::source::bookmark`], [`plan::key`]);
//! 2. [`align`]: paragraph by paragraph, a changed paragraph changes its
//!    prose line ([`line`]), template expressions kept; added, deleted and
//!    moved paragraphs add, delete and move lines;
//! 3. [`tables`], [`figures`]: a changed figure changes its cell of the
//!    indicator table (found by its anchor, or by its row and column in
//!    the appendix);
//! 4. [`cover`]: the cover's edits go to report.yaml;
//! 5. [`apply`]: the edits applied to the folder's files (the table's
//!    cells through [`crate::indicators::TableFile`]);
//! 6. [`summary`]: what stopped it, and the comments as a review list.
//!
//! Text made by an expression that the reviewer rewrote ("đạt 70%" → "đạt
//! 71%"), edits in generated text, and what cannot be placed are listed,
//! never frozen into the prose. Tracked changes stop the import unless
//! accepted or rejected. Nothing is written with `--dry-run`, and every file
//! is written atomically, all or none. A hand-made booklet goes into a new
//! folder ([`handmade`]).

mod align;
mod apply;
mod cover;
mod emphasis;
mod figures;
pub mod handmade;
mod ladder;
mod line;
mod merge;
mod numbering;
mod part;
mod parts;
mod plan;
pub mod read;
mod styles;
mod summary;
mod tables;
mod wordml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use self::plan::Plan;
use self::read::{Docx, Revision, Revisions};
use crate::build::{Booklet, Project};
use crate::doc::Pagination;
use crate::error::{Error, Place, Result, Warning};
use crate::report::{CONTENT_DIR, FACTS_FILE, review};
use crate::source::bookmark::Properties;
use crate::{output, t};

pub use merge::Dispute;
pub use summary::revisions_summary;

/// The largest DOCX read: a booklet with embedded fonts is a few MB.
pub const MAX_DOCX: u64 = 64 * 1024 * 1024;

/// The review list comments go to, in the report folder.
pub const COMMENTS_FILE: &str = review::REVIEW_FILE;

/// What to do with tracked changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrackChanges {
    /// Import nothing while any is unresolved (the default).
    #[default]
    Stop,
    /// Accept them all, as Word's "Accept All".
    Accept,
    /// Reject them all.
    Reject,
}

/// A file the import changes: its path and its text before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The file, in the report folder.
    pub path: PathBuf,
    /// Its text before (empty for a new file).
    pub before: String,
    /// Its text after.
    pub after: String,
}

/// Something the import did not bring back, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The office whose copy it is in, when several were imported.
    pub office: String,
    /// The heading of the section it is in.
    pub section: String,
    /// The text near it.
    pub near: String,
    /// What happened.
    pub message: String,
}

/// What an import found and would change.
#[derive(Debug, Clone, Default)]
pub struct Import {
    /// The files it changes.
    pub changes: Vec<Change>,
    /// What it did not bring back.
    pub notices: Vec<Notice>,
    /// How many comments went to the review list.
    pub comments: usize,
    /// The tracked changes that stopped it (with `TrackChanges::Stop`).
    pub stopped: Vec<Revision>,
    /// Paragraphs both the reviewer and the folder changed since the DOCX
    /// was built: nothing is written while there are any, unless forced.
    pub conflicts: Vec<Notice>,
    /// Edits offices made differently to one line, cell or key: nothing
    /// is written for them (they go to the review list).
    pub disputes: Vec<Dispute>,
}

/// A reviewer's copy of the draft: the DOCX, and the office that sent it
/// when the DOCX does not say (`--from`).
#[derive(Debug, Clone)]
pub struct ReviewedCopy {
    /// The DOCX.
    pub docx: PathBuf,
    /// The office, as the user names it.
    pub from: Option<String>,
}

impl ReviewedCopy {
    /// The copy `docx`, its office as the DOCX says.
    pub fn new(docx: &Path) -> ReviewedCopy {
        ReviewedCopy { docx: docx.to_path_buf(), from: None }
    }
}

/// A hand-made booklet read into a new report folder.
#[derive(Debug, Default)]
pub struct NewImport {
    /// The folder's files and what was recognised how.
    pub folder: handmade::NewFolder,
    /// The tracked changes that stopped it (with `TrackChanges::Stop`).
    pub stopped: Vec<Revision>,
}

/// Reads the hand-made Word booklet `copy` as a new report folder (see
/// [`handmade`]); writes nothing (see [`handmade::write`]).
pub fn import_new(copy: &ReviewedCopy, track_changes: TrackChanges) -> Result<NewImport> {
    let docx = copy.docx.as_path();
    let read = match read_reviewed(docx, track_changes)? {
        Ok(read) => read,
        Err(stopped) => return Ok(NewImport { stopped, ..NewImport::default() }),
    };
    let mut folder = handmade::folder(&read);
    let entries = summary::entries(docx, &read, copy.from.as_deref(), track_changes);
    if let Some(list) = review::with_entries("", &entries) {
        folder.files.push((PathBuf::from(COMMENTS_FILE), list));
    }
    within_input_limit(docx, folder.files.iter().map(|(path, text)| (path.as_path(), text.len())))?;
    Ok(NewImport { folder, stopped: Vec::new() })
}

/// Reads the reviewed `copies` of the draft against the report folder
/// `data` and works out what to change; writes nothing (see
/// [`Import::write`]). Each copy's edits are worked out against the
/// folder, then taken in turn ([`merge`]): an edit made alike is made
/// once, one made differently is a dispute. When the folder changed since
/// a DOCX was built, its edits are merged into today's sources, and
/// paragraphs changed on both sides are conflicts. Comments, and tracked
/// changes rejected, go to the review list ([`review`]).
pub fn import(project: &Project, copies: &[ReviewedCopy], data: &Path, track_changes: TrackChanges) -> Result<Import> {
    if !data.join(FACTS_FILE).is_file() {
        return Err(Error::input(
            Place::file(data),
            t!("không có thư mục báo cáo (report.yaml)", "no report folder (report.yaml)"),
            Some(t!(
                "cho thư mục báo cáo mà tài liệu DOCX được làm từ đó; một tài liệu Word làm tay thì nhập vào một thư mục chưa có",
                "give the report folder the DOCX was built from; a hand-made Word booklet is imported into a folder that does not exist yet"
            )),
        ));
    }
    let Some(first) = copies.first() else { return Ok(Import::default()) };
    // 1. The reviewed copies (tracked changes in any stop them all) and
    // the baseline, keyed by their anchors.
    let mut read = Vec::new();
    let mut stopped = Vec::new();
    for copy in copies {
        match read_reviewed(&copy.docx, track_changes)? {
            Ok(reviewed) => read.push(reviewed),
            Err(revisions) => stopped.extend(revisions),
        }
    }
    if !stopped.is_empty() {
        return Ok(Import { stopped, ..Import::default() });
    }
    let booklet = Booklet::compose(project, data)?;
    let mut baseline = read::read(&first.docx, booklet.docx(project, &Pagination::default())?, Revisions::Accept)?;
    let baseline_lines = plan::key(&mut baseline);
    let today = Properties::read(&baseline.properties);
    let mut import = Import::default();
    let mut each = Vec::new();
    let mut entries = Vec::new();
    let several = copies.len() > 1;
    for (copy, mut reviewed) in copies.iter().zip(read) {
        let docx = copy.docx.as_path();
        let Some(made) = Properties::read(&reviewed.properties) else {
            return Err(Error::input(
                Place::file(docx),
                t!("tài liệu không do baocao làm ra (không có dấu nguồn)", "the document was not made by baocao (it has no anchors)"),
                Some(t!(
                    "chỉ nhập được vào thư mục này tài liệu DOCX do baocao build làm ra từ nó; tài liệu Word làm tay thì nhập vào một thư mục chưa có",
                    "only a DOCX baocao built from this folder can be imported into it; a hand-made Word booklet is imported into a folder that does not exist yet"
                )),
            ));
        };
        let changed_since = today.as_ref().is_none_or(|today| today.digest != made.digest);
        let lines = plan::key(&mut reviewed);
        if changed_since {
            same_report(docx, &made, &booklet.report.name, &baseline, &reviewed)?;
        }
        // The office, else (for people) the file; comments without an
        // office are their authors'.
        let sender = summary::office(copy.from.as_deref(), &reviewed, &baseline);
        let office = sender.clone().unwrap_or_else(|| summary::file_name(docx));
        let mut plan = Plan::new(data, &baseline, &reviewed, &booklet.report.indicators);
        plan.changed_since = changed_since;
        plan.prose_files = booklet.report.facts.content.iter().map(|name| format!("{CONTENT_DIR}/{name}")).collect();
        plan.lines = (baseline_lines.clone(), lines);
        // 2-4. Paragraphs, tables, figures, the cover.
        let mut notices = Vec::new();
        plan.paragraphs(&mut notices);
        plan.tables(&mut notices);
        plan.figures(&mut notices)?;
        plan.cover(&booklet.report.facts, &mut notices);
        if changed_since {
            notices.push(Notice {
                office: String::new(),
                section: String::new(),
                near: String::new(),
                message: t!(
                    "thư mục đã đổi từ khi làm DOCX: sửa đổi được ghép vào nội dung hiện tại; xem lại bằng --dry-run",
                    "the folder changed since the DOCX was built: the edits are merged into today's sources; check with --dry-run"
                ),
            });
        }
        let mut conflicts = std::mem::take(&mut plan.conflicts);
        for notice in notices.iter_mut().chain(conflicts.iter_mut()).filter(|_| several) {
            notice.office = office.clone();
        }
        import.notices.extend(notices);
        import.conflicts.extend(conflicts);
        import.comments += reviewed.comments.len();
        entries.extend(summary::entries(docx, &reviewed, sender.as_deref(), track_changes));
        each.push((office, std::mem::take(&mut plan.edits)));
    }
    // 5. The copies' edits taken in turn, applied to the files; 6. the
    // review list.
    let prose: HashMap<String, Vec<String>> = booklet
        .report
        .facts
        .content
        .iter()
        .map(|name| format!("{CONTENT_DIR}/{name}"))
        .filter_map(|name| {
            let text = read_raw(&data.join(&name), data).ok()?;
            let lines = text.trim_start_matches('\u{feff}').split('\n').map(|l| l.trim_end_matches('\r').to_string()).collect();
            Some((name, lines))
        })
        .collect();
    let line_of = |key: &plan::LineKey| prose.get(&key.0).and_then(|lines| lines.get(key.1.wrapping_sub(1))).cloned();
    let sections: HashMap<&plan::LineKey, &str> = baseline_lines.iter().map(|(i, key)| (key, baseline.paragraphs[*i].section.as_str())).collect();
    let (edits, disputes) = merge::merge(each, line_of, |key| sections.get(key).map(|s| s.to_string()).unwrap_or_default());
    entries.extend(disputes.iter().flat_map(summary::dispute_entries));
    import.disputes = disputes;
    import.changes = apply::changes(data, booklet.report.facts.indicators_sheet.as_deref(), &edits, &mut import.notices)?;
    // By section, in the booklet's order.
    let mut order: HashMap<&str, usize> = HashMap::new();
    for (i, p) in baseline.paragraphs.iter().enumerate() {
        order.entry(p.section.as_str()).or_insert(i);
    }
    entries.sort_by_key(|e| order.get(e.section.as_str()).copied().unwrap_or(usize::MAX));
    let path = data.join(COMMENTS_FILE);
    let before = if path.is_file() { read_raw(&path, data)? } else { String::new() };
    if let Some(after) = review::with_entries(&before, &entries) {
        import.changes.push(Change { path, before, after });
    }
    within_input_limit(&first.docx, import.changes.iter().map(|c| (c.path.strip_prefix(data).unwrap_or(&c.path), c.after.len())))?;
    Ok(import)
}

/// Refuses a DOCX built from another report than the folder's (`today`,
/// the folder's name), as its properties say (`made`), when its sources'
/// digest is not today's: its report's name is another, or the name is
/// the same but fewer than half of its anchored paragraphs are the
/// folder's (a district's booklet in a folder named as the province's).
/// A DOCX of the folder's own report whose folder changed since passes:
/// its edits are merged.
fn same_report(docx: &Path, made: &Properties, today: &str, baseline: &Docx, reviewed: &Docx) -> Result<()> {
    let hint = || {
        Some(t!(
            "nhập vào đúng thư mục của báo cáo «{}»; muốn lấy chữ của một báo cáo khác, nhập tài liệu vào một thư mục mới (baocao import {} THƯ-MỤC-MỚI) rồi chép phần cần dùng",
            "import it into the folder of report «{}»; to take another report's text, import the DOCX into a new folder (baocao import {} NEW-FOLDER) and copy what is needed",
            made.report,
            docx.display()
        ))
    };
    if made.report != today {
        return Err(Error::input(
            Place::file(docx),
            t!(
                "tài liệu được làm từ báo cáo «{}», không phải từ báo cáo «{today}» của thư mục này: không ghi gì",
                "the document was built from report «{}», not from this folder's report «{today}»: nothing written",
                made.report
            ),
            hint(),
        ));
    }
    let keys: std::collections::HashSet<&str> = baseline.paragraphs.iter().filter_map(|p| p.key.as_deref()).collect();
    let anchored: Vec<&str> = reviewed.paragraphs.iter().filter_map(|p| p.key.as_deref()).collect();
    let shared = anchored.iter().filter(|k| keys.contains(*k)).count();
    if shared * 2 < anchored.len() {
        return Err(Error::input(
            Place::file(docx),
            t!(
                "tài liệu mang tên báo cáo «{today}» nhưng chỉ {shared}/{} đoạn của nó có trong thư mục này: tài liệu được làm từ một báo cáo khác; không ghi gì",
                "the document names report «{today}» but only {shared} of its {} paragraphs are this folder's: it was built from another report; nothing written",
                anchored.len()
            ),
            hint(),
        ));
    }
    Ok(())
}

/// Refuses an import from `docx` that would write a file larger than an
/// input may be (no command could read it back): before anything is
/// written, naming the file.
fn within_input_limit<'a>(docx: &Path, files: impl IntoIterator<Item = (&'a Path, usize)>) -> Result<()> {
    let limit = crate::limits::MAX_INPUT;
    match files.into_iter().find(|(_, len)| *len as u64 > limit) {
        Some((path, len)) => Err(Error::input(
            Place::file(docx),
            t!(
                "tài liệu cho ra tệp {} dài {} MB, quá giới hạn {} MB của một tệp báo cáo: không ghi gì",
                "the document gives a file {} of {} MB, past a report file's limit of {} MB: nothing written",
                path.display(),
                len.div_ceil(1024 * 1024),
                limit / 1024 / 1024
            ),
            Some(t!("một tài liệu tuyên truyền chỉ vài trăm KB chữ: kiểm tra tệp DOCX", "a booklet holds a few hundred KB of text: check the DOCX")),
        )),
        None => Ok(()),
    }
}

/// Reads `docx` with its tracked changes accepted or rejected as
/// `track_changes` says; when they stop the import, its revisions instead.
fn read_reviewed(docx: &Path, track_changes: TrackChanges) -> Result<std::result::Result<Docx, Vec<Revision>>> {
    let revisions = if track_changes == TrackChanges::Reject { Revisions::Reject } else { Revisions::Accept };
    let read = read::read(docx, read_docx(docx)?, revisions)?;
    Ok(match track_changes == TrackChanges::Stop && !read.revisions.is_empty() {
        true => Err(read.revisions),
        false => Ok(read),
    })
}

/// A text file of the report folder as its bytes are (a byte-order mark,
/// line ends and composition kept), confined to the folder.
fn read_raw(path: &Path, data: &Path) -> Result<String> {
    let bytes = crate::files::read(path, data, crate::limits::MAX_INPUT).map_err(|refusal| refusal.into_error(path, None))?;
    String::from_utf8(bytes).map_err(|_| {
        Error::input(Place::file(path), t!("tệp không phải UTF-8", "the file is not UTF-8"), Some(t!("chuyển tệp sang UTF-8: baocao fix-encoding", "convert it to UTF-8: baocao fix-encoding")))
    })
}

fn read_docx(path: &Path) -> Result<Vec<u8>> {
    crate::files::read_named(path, MAX_DOCX).map_err(|refusal| refusal.into_error(path, None))
}

impl Import {
    /// Writes every change into report folder `data`, atomically and
    /// together: all or none, under the folder's lock. The warnings say
    /// what a killed writer of the folder left that was put right.
    pub fn write(&self, data: &Path) -> Result<Vec<Warning>> {
        let files: Vec<(PathBuf, Vec<u8>)> = self.changes.iter().map(|c| (c.path.clone(), c.after.clone().into_bytes())).collect();
        output::write_outputs(data, &files)
    }

    /// The changes as a unified diff of the report folder, relative to
    /// `data`.
    pub fn diff(&self, data: &Path) -> String {
        let mut out = String::new();
        for change in &self.changes {
            let name = change.path.strip_prefix(data).unwrap_or(&change.path).display().to_string();
            let diff = similar::TextDiff::from_lines(&change.before, &change.after);
            out.push_str(&diff.unified_diff().context_radius(1).header(&format!("a/{name}"), &format!("b/{name}")).to_string());
        }
        out
    }
}

