//! `baocao import FILE.docx DATA`: a reviewer's edits on baocao's own DOCX
//! brought back into the report folder it was built from.
//!
//! The DOCX is read ([`read`]) and compared with the DOCX the folder gives
//! today, paragraph by paragraph through the anchors the writer left
//! (`render::docx::anchors`): a changed paragraph changes its prose line
//! ([`line`]), template expressions kept; a changed figure changes its cell
//! of the indicator table ([`cell`]); added, deleted and moved paragraphs
//! add, delete and move lines. Text made by an expression that the
//! reviewer rewrote ("đạt 70%" → "đạt 71%"), edits in generated text, and
//! what cannot be placed are listed, never frozen into the prose. Comments
//! go to `gop-y.md`. Tracked changes stop the import unless accepted or
//! rejected. Nothing is written with `--dry-run`, and every file is written
//! atomically, all or none.

pub mod cell;
pub mod handmade;
mod line;
mod numbering;
mod part;
pub mod read;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use self::read::{Docx, Paragraph, Revision, RevisionKind, Revisions};
use crate::build::{Booklet, Project};
use crate::doc::Pagination;
use crate::error::{Error, Place, Result, Warning, visible};
use crate::indicators::Amount;
use crate::report::{CONTENT_DIR, FACTS_FILE, in_place};
use crate::{indicators, output, t};

/// The largest DOCX read: a booklet with embedded fonts is a few MB.
pub const MAX_DOCX: u64 = 64 * 1024 * 1024;

/// The review list comments go to, in the report folder.
pub const COMMENTS_FILE: &str = "gop-y.md";

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
}

/// A hand-made booklet read into a new report folder.
#[derive(Debug, Default)]
pub struct NewImport {
    /// The folder's files and what was recognised how.
    pub folder: handmade::NewFolder,
    /// The tracked changes that stopped it (with `TrackChanges::Stop`).
    pub stopped: Vec<Revision>,
}

/// Reads the hand-made Word booklet `docx` as a new report folder (see
/// [`handmade`]); writes nothing (see [`handmade::write`]).
pub fn import_new(docx: &Path, track_changes: TrackChanges) -> Result<NewImport> {
    let read = match read_reviewed(docx, track_changes)? {
        Ok(read) => read,
        Err(stopped) => return Ok(NewImport { stopped, ..NewImport::default() }),
    };
    let mut folder = handmade::folder(&read);
    if !read.comments.is_empty() {
        folder.files.push((PathBuf::from(COMMENTS_FILE), comments_list(docx, &read)));
    }
    within_input_limit(docx, folder.files.iter().map(|(path, text)| (path.as_path(), text.len())))?;
    Ok(NewImport { folder, stopped: Vec::new() })
}

/// Reads the reviewed `docx` against the report folder `data` and works
/// out what to change; writes nothing (see [`Import::write`]). When the
/// folder changed since the DOCX was built, the edits are merged into
/// today's sources, and paragraphs changed on both sides are conflicts.
pub fn import(project: &Project, docx: &Path, data: &Path, track_changes: TrackChanges) -> Result<Import> {
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
    let mut edited = match read_reviewed(docx, track_changes)? {
        Ok(edited) => edited,
        Err(stopped) => return Ok(Import { stopped, ..Import::default() }),
    };
    key_figures(&mut edited);
    if !edited.properties.contains_key("baocao.report") {
        return Err(Error::input(
            Place::file(docx),
            t!("tài liệu không do baocao làm ra (không có dấu nguồn)", "the document was not made by baocao (it has no anchors)"),
            Some(t!(
                "chỉ nhập được tài liệu DOCX do baocao build làm ra; nhập tài liệu Word làm tay chưa làm được",
                "only a DOCX made by baocao build can be imported; importing a hand-made Word booklet is not done yet"
            )),
        ));
    }
    let booklet = Booklet::compose(project, data)?;
    let current = booklet.docx(project, &Pagination::default())?;
    let mut original = read::read(docx, current, Revisions::Accept)?;
    key_figures(&mut original);
    let mut import = Import::default();
    let digest = |d: &Docx| d.properties.get("baocao.digest").cloned().unwrap_or_default();
    let changed_since = digest(&edited) != digest(&original);
    let edited_lines = key_sources(&mut edited);
    let original_lines = key_sources(&mut original);
    let mut plan = Plan::new(data, &original, &edited, &booklet.report.indicators);
    plan.changed_since = changed_since;
    plan.prose_files = booklet.report.facts.content.iter().map(|name| format!("{CONTENT_DIR}/{name}")).collect();
    plan.lines = (original_lines, edited_lines);
    plan.paragraphs(&mut import.notices);
    plan.tables(&mut import.notices);
    plan.figures(&mut import.notices)?;
    plan.cover(&booklet.report.facts, &mut import.notices);
    import.conflicts = std::mem::take(&mut plan.conflicts);
    if changed_since {
        import.notices.push(Notice {
            section: String::new(),
            near: String::new(),
            message: t!(
                "thư mục đã đổi từ khi làm DOCX: sửa đổi được ghép vào nội dung hiện tại; xem lại bằng --dry-run",
                "the folder changed since the DOCX was built: the edits are merged into today's sources; check with --dry-run"
            ),
        });
    }
    import.changes = plan.changes()?;
    import.comments = edited.comments.len();
    if !edited.comments.is_empty() {
        let path = data.join(COMMENTS_FILE);
        let before = if path.is_file() { read_raw(&path, data)? } else { String::new() };
        let list = comments_list(docx, &edited);
        if !before.contains(&list) {
            let after = if before.is_empty() { list } else { format!("{}\n{list}", before.trim_end_matches('\n').to_string() + "\n") };
            import.changes.push(Change { path, before, after });
        }
    }
    within_input_limit(docx, import.changes.iter().map(|c| (c.path.strip_prefix(data).unwrap_or(&c.path), c.after.len())))?;
    Ok(import)
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

/// The tracked changes, counted by section, kind and author, for people.
pub fn revisions_summary(revisions: &[Revision]) -> String {
    let mut by_section: BTreeMap<(String, String), BTreeMap<RevisionKind, usize>> = BTreeMap::new();
    let mut dates: Vec<&str> = revisions.iter().map(|r| r.date.as_str()).filter(|d| !d.is_empty()).collect();
    dates.sort_unstable();
    for r in revisions {
        *by_section.entry((r.section.clone(), r.author.clone())).or_default().entry(r.kind).or_default() += 1;
    }
    let kind = |k: RevisionKind| match k {
        RevisionKind::Insertion => t!("chèn", "insertions"),
        RevisionKind::Deletion => t!("xóa", "deletions"),
        RevisionKind::MoveFrom | RevisionKind::MoveTo => t!("chuyển", "moves"),
        RevisionKind::Formatting => t!("định dạng", "formatting"),
        RevisionKind::ParagraphMark => t!("tách/nhập đoạn", "paragraphs split or joined"),
    };
    let mut out = match (dates.first(), dates.last()) {
        (Some(first), Some(last)) => t!("từ {first} đến {last}\n", "from {first} to {last}\n"),
        _ => String::new(),
    };
    for ((section, author), kinds) in by_section {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for (k, n) in kinds {
            *counts.entry(kind(k)).or_default() += n;
        }
        let counts: Vec<String> = counts.into_iter().map(|(k, n)| format!("{n} {k}")).collect();
        let section = if section.is_empty() { t!("(đầu tài liệu)", "(start of the document)") } else { section };
        out.push_str(&format!("  {section} — {author}: {}\n", counts.join(", ")));
    }
    out
}

/// The comments of `edited` as a review list; what reviewers wrote (names,
/// dates, text) with every control or direction character shown by its
/// code, never as itself.
fn comments_list(docx: &Path, edited: &Docx) -> String {
    let name = docx.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut out = format!("# Góp ý trong {}\n", visible(&name));
    let mut section = None;
    for c in &edited.comments {
        if section != Some(&c.section) {
            out.push_str(&format!("\n## {}\n\n", if c.section.is_empty() { "(đầu tài liệu)".into() } else { visible(&c.section) }));
            section = Some(&c.section);
        }
        let state = if c.resolved { "đã giải quyết" } else { "chưa giải quyết" };
        out.push_str(&format!("- **{}** ({}, {state}): {}\n", visible(&c.author), visible(&c.date), visible(&c.text.replace(['\n', '\t'], " "))));
        if !c.commented.trim().is_empty() {
            out.push_str(&format!("  > {}\n", visible(&normalise(&c.commented))));
        }
    }
    out
}

/// The indicator and field a plain figure expression prints
/// (`{{ ind.viec_lam_moi.achieved }}`), for the fields a table cell holds.
fn figure_expression(expression: &str) -> Option<(String, String)> {
    let inner = expression.strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let (id, field) = inner.strip_prefix("ind.")?.split_once('.')?;
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    (plain(id) && matches!(field, "target" | "achieved" | "previous" | "next_target")).then(|| (id.to_string(), field.to_string()))
}

/// The figures that would give the rewritten phrase `now` of `filter`
/// (`achievement`, `excess`) for indicator `i`: for "đạt 71% kế hoạch" of a
/// ratio to 23.000, a result of about 16.330.
fn figures_for(i: &indicators::Indicator, filter: &str, now: &str) -> Option<String> {
    use crate::locale::numbers::{self, Decimals};
    let percent = now
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', ';', '.', ')']))
        .filter(|w| w.ends_with('%'))
        .find_map(|w| numbers::parse(w).ok())?
        .value;
    let target = match i.target? {
        Amount::Exact(t) => t,
        _ => return None,
    };
    let hundred = rust_decimal::Decimal::ONE_HUNDRED;
    let achieved = match (i.compare, filter.starts_with("excess")) {
        (indicators::Comparison::Ratio, false) => target * percent / hundred,
        (indicators::Comparison::Ratio, true) => target * (hundred + percent) / hundred,
        (indicators::Comparison::Points, false) => percent,
        (indicators::Comparison::Points, true) => target + percent,
    };
    let shown = numbers::format(numbers::round(achieved, 2).normalize(), Decimals::AsIs);
    Some(t!(
        "muốn vậy, ô thực hiện của {} trong bảng chỉ tiêu cần khoảng {shown} (mục tiêu {})",
        "for that, the result of {} in the indicator table would be about {shown} (target {})",
        i.id,
        numbers::format(target, Decimals::AsIs)
    ))
}

/// Names each anchored paragraph of `docx` by the hash of the text it was
/// built with and its place among paragraphs of that hash (`6c844e94#1`),
/// and gives the source line of each by its index: a paragraph keeps its
/// name when lines move on.
fn key_sources(docx: &mut Docx) -> HashMap<usize, LineKey> {
    let mut lines = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, paragraph) in docx.paragraphs.iter_mut().enumerate() {
        let Some(name) = paragraph.source.take() else { continue };
        let mut parts = name.trim_start_matches("_bcs_").split('_');
        let (Some(file), Some(line), Some(hash)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let (Ok(file), Ok(line)) = (file.parse::<usize>(), line.parse::<usize>()) else { continue };
        let Some(path) = docx.properties.get(&format!("baocao.source.{file}")) else { continue };
        let count = seen.entry(hash.to_string()).or_default();
        *count += 1;
        paragraph.source = Some(format!("{hash}#{count}"));
        lines.insert(i, (path.clone(), line));
    }
    lines
}

/// Names each figure of `docx` by what it is and its place among the
/// figures of that label (`viec_lam_moi.achieved#1`), not by its bookmark's
/// number, so that DOCX files from other versions of baocao compare.
fn key_figures(docx: &mut Docx) {
    let joined: Vec<String> = (0..).map_while(|i| docx.properties.get(&format!("baocao.figures.{i}")).cloned()).collect();
    let labels: Vec<String> = joined.join(",").split(',').map(str::to_string).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for figure in docx.paragraphs.iter_mut().flat_map(|p| p.figures.iter_mut()) {
        let label = figure.name.strip_prefix("_bcf_").and_then(|n| n.parse::<usize>().ok()).and_then(|n| labels.get(n)).cloned().unwrap_or_default();
        let count = seen.entry(label.clone()).or_default();
        *count += 1;
        figure.name = format!("{label}#{count}");
    }
}

/// Whether paragraph style `style` is the cover's (see [`Plan::cover`]).
fn is_cover(style: &str) -> bool {
    style.starts_with("Cover") || style == "Title" || style == "Subtitle"
}

/// Whether paragraph style `style` is a table of contents' (Word's `TOC1`,
/// LibreOffice's `Contents1`, their headings): entries the field makes.
fn is_contents(style: &str) -> bool {
    let style = style.to_ascii_lowercase();
    style.starts_with("toc") || style.starts_with("contents")
}

/// Text as compared: no-break spaces and hyphens as plain ones.
fn normalise(text: &str) -> String {
    text.replace('\u{a0}', " ").replace('\u{2011}', "-")
}

/// A source line: the file (relative to the report folder) and the line.
type LineKey = (String, usize);

/// The changes to one prose file, by line (from 1).
#[derive(Debug, Default)]
struct FileEdits {
    replace: HashMap<usize, String>,
    delete: std::collections::HashSet<usize>,
    /// New lines after a line (0: at the start).
    after: BTreeMap<usize, Vec<String>>,
}

/// The import being worked out.
struct Plan<'a> {
    data: &'a Path,
    /// The text of each figure of the original, by its name.
    original_figures: HashMap<&'a str, &'a str>,
    /// The report's indicators, to say what figures a rewritten phrase
    /// needs.
    indicators: &'a [indicators::Indicator],
    original: &'a Docx,
    edited: &'a Docx,
    files: BTreeMap<String, FileEdits>,
    /// Table file edits: (id, column key) → value.
    cells: Vec<(String, String, String, String)>,
    /// report.yaml edits: key → its lines.
    facts: Vec<(String, Vec<String>)>,
    /// The sources changed since the DOCX was built.
    changed_since: bool,
    /// The source line of each anchored paragraph, by its index: of the
    /// original (today's lines) and of the edited DOCX (when it was built).
    lines: (HashMap<usize, LineKey>, HashMap<usize, LineKey>),
    /// Paragraphs changed on both sides.
    conflicts: Vec<Notice>,
    /// The prose files report.yaml lists, as `content/NAME`: the only
    /// files paragraphs are written to.
    prose_files: Vec<String>,
}

impl<'a> Plan<'a> {
    fn new(data: &'a Path, original: &'a Docx, edited: &'a Docx, indicators: &'a [indicators::Indicator]) -> Plan<'a> {
        let original_figures = original.paragraphs.iter().flat_map(|p| p.figures.iter().map(|f| (f.name.as_str(), f.text.as_str()))).collect();
        Plan { data, original_figures, indicators, original, edited, files: BTreeMap::new(), cells: Vec::new(), facts: Vec::new(), changed_since: false, lines: Default::default(), conflicts: Vec::new(), prose_files: Vec::new() }
    }



    /// `paragraph`'s text with its figures as `original` printed them, so
    /// that a figure's edit is not also a prose edit.
    fn with_original_figures(&self, paragraph: &Paragraph) -> String {
        let original = &self.original_figures;
        let mut text = paragraph.text.clone();
        let mut figures: Vec<_> = paragraph.figures.iter().collect();
        figures.sort_by_key(|f| std::cmp::Reverse(f.start));
        for f in figures {
            if let Some(was) = original.get(f.name.as_str())
                && text.is_char_boundary(f.start)
                && text.is_char_boundary(f.start + f.text.len())
            {
                text.replace_range(f.start..f.start + f.text.len(), was);
            }
        }
        normalise(&text)
    }

    /// Whether `key` is a line of one of the report's prose files: a name
    /// report.yaml lists, never a path a DOCX made up (`content/../x`).
    fn is_prose(&self, key: &LineKey) -> bool {
        self.prose_files.contains(&key.0)
    }

    /// The lines of prose file `name` in the report folder.
    fn source_lines(&self, name: &str) -> Option<Vec<String>> {
        let path = self.data.join(name);
        read_raw(&path, self.data).ok().map(|t| t.trim_start_matches('\u{feff}').split('\n').map(str::to_string).collect())
    }

    /// Changed, added, deleted and moved paragraphs.
    fn paragraphs(&mut self, notices: &mut Vec<Notice>) {
        let anchored = |docx: &'a Docx, lines: &HashMap<usize, LineKey>| -> Vec<(usize, LineKey, &'a Paragraph)> {
            docx.paragraphs.iter().enumerate().filter_map(|(i, p)| lines.get(&i).map(|k| (i, k.clone(), p))).collect()
        };
        let original = anchored(self.original, &self.lines.0);
        let edited = anchored(self.edited, &self.lines.1);
        let original_at: HashMap<&str, (usize, &LineKey, &Paragraph)> =
            original.iter().enumerate().filter_map(|(n, (_, k, p))| p.source.as_deref().map(|s| (s, (n, k, *p)))).collect();
        // A paragraph left with no text (its runs deleted or moved away) is
        // a deleted paragraph.
        let edited_names: std::collections::HashSet<&str> =
            edited.iter().filter(|(_, _, p)| !p.text.trim().is_empty()).filter_map(|(_, _, p)| p.source.as_deref()).collect();
        // The lines of deleted paragraphs by their text: a new paragraph
        // with the same text is the same one moved (a tracked move loses
        // the anchors), and takes its line, expressions and all.
        let mut moved_lines: HashMap<String, LineKey> = original
            .iter()
            .filter(|(_, key, p)| self.is_prose(key) && p.source.as_deref().is_some_and(|s| !edited_names.contains(s)))
            .map(|(_, key, p)| (normalise(&p.text), key.clone()))
            .collect();
        // Changed paragraphs.
        let mut sources: HashMap<String, Vec<String>> = HashMap::new();
        for (_, _, paragraph) in &edited {
            let Some(name) = paragraph.source.as_deref() else { continue };
            let Some((_, key, was)) = original_at.get(name) else {
                // Not in today's booklet: the folder changed that paragraph
                // since. Untouched by the reviewer (its text has the hash it
                // was built with), today's wins; else both changed it.
                let built_hash = name.split('#').next().unwrap_or_default();
                if crate::render::docx::text_hash(&normalise(&paragraph.text)) != built_hash && !paragraph.text.trim().is_empty() {
                    self.conflicts.push(Notice {
                        section: paragraph.section.clone(),
                        near: normalise(&paragraph.text),
                        message: t!(
                            "đoạn này được sửa cả trong thư mục lẫn trong DOCX: giữ bản trong thư mục; chép phần sửa của người góp ý bằng tay",
                            "this paragraph changed both in the folder and in the DOCX: the folder's stays; copy the reviewer's edit by hand"
                        ),
                    });
                }
                continue;
            };
            let key = *key;
            if !edited_names.contains(name) {
                continue;
            }
            let before = normalise(&was.text);
            let after = self.with_original_figures(paragraph);
            if before == after {
                continue;
            }
            if !self.is_prose(key) {
                notices.push(Notice {
                    section: paragraph.section.clone(),
                    near: before.chars().take(80).collect(),
                    message: t!(
                        "đoạn do mẫu {} làm ra đã bị sửa: không đưa về được (sửa mẫu hoặc report.yaml)",
                        "a paragraph made by template {} was edited: not brought back (change the template or report.yaml)",
                        key.0
                    ),
                });
                continue;
            }
            let lines = sources.entry(key.0.clone()).or_insert_with(|| self.source_lines(&key.0).unwrap_or_default());
            let Some(source) = lines.get(key.1.saturating_sub(1)).cloned() else { continue };
            let (outcome, conflicts) = line::edit(&source, &before, &after);
            for conflict in conflicts {
                // A figure whose anchor Word dropped (its text retyped):
                // the expression names its cell all the same.
                if let Some((id, field)) = figure_expression(&conflict.expression)
                    && Amount::parse(conflict.after.trim()).is_ok()
                {
                    self.cells.push((id, field, conflict.before.trim().to_string(), conflict.after.trim().to_string()));
                    continue;
                }
                notices.push(Notice {
                    section: paragraph.section.clone(),
                    near: before.chars().take(80).collect(),
                    message: t!(
                        "chữ do {} tính ra bị sửa («{}» → «{}»): biểu thức giữ nguyên; sửa số liệu trong bảng chỉ tiêu nếu cần",
                        "text computed by {} was edited («{}» → «{}»): the expression stays; change the figures in the indicator table if need be",
                        conflict.expression,
                        conflict.before,
                        conflict.after
                    ),
                });
            }
            match outcome {
                line::Outcome::Edited(new) if new != source => {
                    self.files.entry(key.0.clone()).or_default().replace.insert(key.1, new);
                }
                line::Outcome::Edited(_) => {}
                line::Outcome::Unmatched => notices.push(Notice {
                    section: paragraph.section.clone(),
                    near: after.chars().take(80).collect(),
                    message: t!(
                        "không khớp được đoạn đã sửa với dòng {}:{}: chưa đưa về",
                        "the edited paragraph does not match line {}:{}: not brought back",
                        key.0,
                        key.1
                    ),
                }),
            }
        }
        // Deleted paragraphs. While the folder changed since the DOCX was
        // built, a paragraph missing from the DOCX may be one the folder
        // changed (the DOCX holds its old text instead): it counts as deleted
        // only when, in the DOCX, nothing stands between the paragraphs
        // around it.
        let present: Vec<bool> = original.iter().map(|(_, _, p)| p.source.as_deref().is_some_and(|s| edited_names.contains(s))).collect();
        // Where each of today's paragraphs stands in the DOCX, and where the
        // DOCX's paragraphs the folder changed since stand.
        let edited_at: HashMap<&str, usize> =
            edited.iter().enumerate().filter_map(|(i, (_, _, p))| p.source.as_deref().map(|s| (s, i))).collect();
        let changed_at: Vec<usize> = edited
            .iter()
            .enumerate()
            .filter(|(_, (_, _, p))| p.source.as_deref().is_some_and(|s| !original_at.contains_key(s)))
            .map(|(i, _)| i)
            .collect();
        let deleted_by_reviewer = |n: usize| -> bool {
            if !self.changed_since {
                return true;
            }
            let place = |m: usize| original[m].2.source.as_deref().and_then(|s| edited_at.get(s)).copied();
            let (Some(before), Some(after)) =
                ((0..n).rev().find(|&m| present[m]).and_then(place), (n + 1..original.len()).find(|&m| present[m]).and_then(place))
            else {
                return false;
            };
            // The folder rewrote something here, or, when the DOCX was
            // built, nothing stood between the two (their lines were next
            // to each other): the paragraph is the folder's, not deleted.
            let rewritten = changed_at.iter().any(|&i| i > before && i < after);
            let (was_before, was_after) = (&edited[before].1, &edited[after].1);
            let adjacent = was_before.0 == was_after.0 && was_after.1 <= was_before.1 + 2;
            !rewritten && !adjacent
        };
        for (n, (_, key, paragraph)) in original.iter().enumerate() {
            let Some(name) = paragraph.source.as_deref() else { continue };
            if edited_names.contains(name) || !deleted_by_reviewer(n) {
                continue;
            }
            if self.is_prose(key) {
                self.files.entry(key.0.clone()).or_default().delete.insert(key.1);
            } else {
                notices.push(Notice {
                    section: paragraph.section.clone(),
                    near: normalise(&paragraph.text).chars().take(80).collect(),
                    message: t!("đoạn do mẫu {} làm ra đã bị xóa: không đưa về được", "a paragraph made by template {} was deleted: not brought back", key.0),
                });
            }
        }
        // Moved paragraphs: those out of the longest run kept in order.
        let order: Vec<usize> = edited
            .iter()
            .filter_map(|(_, _, p)| p.source.as_deref().filter(|s| edited_names.contains(s)).and_then(|s| original_at.get(s)).map(|(n, ..)| *n))
            .collect();
        let kept = longest_increasing(&order);
        let mut previous: Option<LineKey> = None;
        let mut unanchored: HashMap<String, usize> = HashMap::new();
        for p in self.original.paragraphs.iter().filter(|p| p.source.is_none() && !p.in_table) {
            *unanchored.entry(normalise(&p.text)).or_default() += 1;
        }
        let mut at_order = 0;
        // Today's place (index in `original`) of the last anchored paragraph.
        let mut previous_at: Option<usize> = None;
        let mut paired: std::collections::HashSet<usize> = std::collections::HashSet::new();
        for paragraph in &self.edited.paragraphs {
            if paragraph.in_table {
                continue;
            }
            if paragraph.source.as_deref().is_some_and(|s| !original_at.contains_key(s)) {
                // A paragraph the folder changed since: told above.
                continue;
            }
            let kept_anchor = paragraph.source.as_deref().filter(|s| edited_names.contains(s));
            match kept_anchor.and_then(|s| original_at.get(s).map(|o| (s, o))) {
                Some((_, (n, key, _))) => {
                    let moved = !kept.contains(&at_order);
                    at_order += 1;
                    if moved && self.is_prose(key) {
                        let line = self
                            .files
                            .get(&key.0)
                            .and_then(|f| f.replace.get(&key.1).cloned())
                            .or_else(|| self.source_lines(&key.0).and_then(|l| l.get(key.1 - 1).cloned()));
                        match (line, &previous) {
                            (Some(line), Some(after)) if self.is_prose(after) => {
                                let file = self.files.entry(key.0.clone()).or_default();
                                file.delete.insert(key.1);
                                file.replace.remove(&key.1);
                                self.files.entry(after.0.clone()).or_default().after.entry(after.1).or_default().push(line);
                            }
                            _ => notices.push(Notice {
                                section: paragraph.section.clone(),
                                near: normalise(&paragraph.text).chars().take(80).collect(),
                                message: t!("đoạn bị chuyển chỗ không đặt lại được", "a moved paragraph cannot be placed"),
                            }),
                        }
                    }
                    previous_at = Some(*n);
                    previous = Some((*key).clone());
                }
                None => {
                    let text = normalise(&paragraph.text);
                    if text.trim().is_empty() || is_contents(&paragraph.style) || is_cover(&paragraph.style) {
                        continue;
                    }
                    if let Some(count) = unanchored.get_mut(&text).filter(|c| **c > 0) {
                        *count -= 1;
                        continue;
                    }
                    // The paragraph that followed in today's booklet is gone
                    // from the DOCX, and this one stands in its place: it is
                    // that paragraph, its anchor lost (retyped, pasted over),
                    // so an edit of its line, expressions kept.
                    let next = previous_at.map_or(0, |p| p + 1);
                    if !self.changed_since
                        && !moved_lines.contains_key(&text)
                        && !paired.contains(&next)
                        && let Some((_, key, was)) = original.get(next)
                        && was.source.as_deref().is_some_and(|s| !edited_names.contains(s))
                        && self.is_prose(key)
                        && let Some(source) = self.source_lines(&key.0).and_then(|l| l.get(key.1 - 1).cloned())
                        && let (line::Outcome::Edited(new), conflicts) = line::edit(&source, &normalise(&was.text), &text)
                    {
                        let file = self.files.entry(key.0.clone()).or_default();
                        file.delete.remove(&key.1);
                        file.replace.insert(key.1, new);
                        for conflict in conflicts {
                            notices.push(Notice {
                                section: paragraph.section.clone(),
                                near: text.chars().take(80).collect(),
                                message: t!(
                                    "chữ do {} tính ra bị sửa («{}» → «{}»): biểu thức giữ nguyên",
                                    "text computed by {} was edited («{}» → «{}»): the expression stays",
                                    conflict.expression,
                                    conflict.before,
                                    conflict.after
                                ),
                            });
                        }
                        notices.push(Notice {
                            section: paragraph.section.clone(),
                            near: text.chars().take(80).collect(),
                            message: t!(
                                "đoạn mất dấu nguồn (gõ lại hoặc dán đè): coi là sửa dòng {}:{}",
                                "a paragraph lost its anchor (retyped or pasted over): taken as an edit of line {}:{}",
                                key.0,
                                key.1
                            ),
                        });
                        paired.insert(next);
                        previous_at = Some(next);
                        previous = Some(key.clone());
                        continue;
                    }
                    let new = match moved_lines.remove(&text) {
                        Some(from) => self.source_lines(&from.0).and_then(|l| l.get(from.1 - 1).cloned()),
                        None => Some(line::new_line(&paragraph.style, &text)),
                    };
                    match (&previous, new) {
                        (Some(after), Some(new)) if self.is_prose(after) => {
                            self.files.entry(after.0.clone()).or_default().after.entry(after.1).or_default().push(new);
                        }
                        _ => notices.push(Notice {
                            section: paragraph.section.clone(),
                            near: text.chars().take(80).collect(),
                            message: t!("đoạn mới không đặt được vào tệp nội dung nào", "a new paragraph cannot be placed in any prose file"),
                        }),
                    }
                }
            }
        }
    }

    /// Edits in generated tables (the appendix) other than their figures:
    /// listed, not brought back.
    fn tables(&self, notices: &mut Vec<Notice>) {
        let cells = |d: &'a Docx| d.paragraphs.iter().filter(|p| p.in_table && !is_cover(&p.style)).collect::<Vec<_>>();
        let (was, now) = (cells(self.original), cells(self.edited));
        if was.len() != now.len() {
            notices.push(Notice {
                section: now.first().map(|p| p.section.clone()).unwrap_or_default(),
                near: String::new(),
                message: t!(
                    "bảng do baocao làm ra (phụ lục) bị thêm hoặc bớt ô, dòng: không đưa về được; thêm, bớt chỉ tiêu trong bảng chỉ tiêu",
                    "cells or rows were added to or removed from a generated table (the appendix): not brought back; add or remove indicators in the indicator table"
                ),
            });
            return;
        }
        for (before, after) in was.iter().zip(&now) {
            let text = self.with_original_figures(after);
            if normalise(&before.text) != text {
                notices.push(Notice {
                    section: after.section.clone(),
                    near: text.chars().take(80).collect(),
                    message: t!(
                        "ô của bảng do baocao làm ra bị sửa («{}» → «{text}»): chỉ số liệu được đưa về; sửa tên, đơn vị trong bảng chỉ tiêu",
                        "a cell of a generated table was edited («{}» → «{text}»): only figures come back; change names and units in the indicator table",
                        normalise(&before.text)
                    ),
                });
            }
        }
    }

    /// Changed figures: into the indicator table's cells.
    fn figures(&mut self, notices: &mut Vec<Notice>) -> Result<()> {
        let original = &self.original_figures;
        let mut wanted: BTreeMap<String, (String, String, String)> = BTreeMap::new();
        for (paragraph, f) in self.edited.paragraphs.iter().flat_map(|p| p.figures.iter().map(move |f| (p, f))) {
            let Some(was) = original.get(f.name.as_str()) else { continue };
            let now = normalise(&f.text).trim().to_string();
            if normalise(was).trim() == now {
                continue;
            }
            let Some((label, _)) = f.name.rsplit_once('#') else { continue };
            let label = &label.to_string();
            match wanted.get(label) {
                Some((_, other, _)) if *other != now => notices.push(Notice {
                    section: paragraph.section.clone(),
                    near: now.clone(),
                    message: t!("số {label} được sửa thành hai giá trị khác nhau («{other}», «{now}»)", "figure {label} was changed to two values («{other}», «{now}»)"),
                }),
                _ => {
                    wanted.insert(label.clone(), (was.to_string(), now, paragraph.section.clone()));
                }
            }
        }
        for (label, (was, now, section)) in wanted {
            if let Some((id, filter)) = label.split_once('|') {
                let needs = self.indicators.iter().find(|i| i.id == id).and_then(|i| figures_for(i, filter, &now));
                notices.push(Notice {
                    section: section.clone(),
                    near: now.clone(),
                    message: t!(
                        "chữ do {{{{ ind.{id} | {filter} }}}} tính ra bị sửa («{was}» → «{now}»): biểu thức giữ nguyên{}",
                        "text computed by {{{{ ind.{id} | {filter} }}}} was edited («{was}» → «{now}»): the expression stays{}",
                        needs.map(|n| format!("; {n}")).unwrap_or_default()
                    ),
                });
                continue;
            }
            let (id, field) = label.split_once('.').unwrap_or((&label, ""));
            if !matches!(field, "target" | "achieved" | "previous" | "next_target") {
                notices.push(Notice {
                    section: section.clone(),
                    near: now.clone(),
                    message: t!(
                        "số {label} do baocao tính («{was}» → «{now}»): sửa số liệu gốc trong bảng chỉ tiêu",
                        "figure {label} is computed («{was}» → «{now}»): change the figures it comes from in the indicator table"
                    ),
                });
                continue;
            }
            if let Err(e) = Amount::parse(&now) {
                notices.push(Notice {
                    section: section.clone(),
                    near: now.clone(),
                    message: t!("số {label} sửa thành «{now}»: {}", "figure {label} changed to «{now}»: {}", e.message),
                });
                continue;
            }
            self.cells.push((id.to_string(), field.to_string(), was, now));
        }
        Ok(())
    }

    /// The cover's edits: into report.yaml's keys. The cover's paragraphs
    /// are told by their styles.
    fn cover(&mut self, facts: &crate::report::Facts, notices: &mut Vec<Notice>) {
        let first = |docx: &'a Docx, style: &str| docx.paragraphs.iter().find(|p| p.style == style).map(|p| normalise(&p.text));
        let keys = [("CoverHeader", "parent_body"), ("CoverIssuer", "issuing_body"), ("CoverParty", "party"), ("Title", "title"), ("Subtitle", "audience")];
        for (style, key) in keys {
            let (Some(was), Some(now)) = (first(self.original, style), first(self.edited, style)) else { continue };
            // Where the lines break is the page's doing (another paper
            // balances the title otherwise), not an edit.
            let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            if words(&was) == words(&now) {
                continue;
            }
            let lines: Vec<String> = now.split('\n').map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
            // A title given as one text is balanced onto lines by baocao:
            // it stays one text.
            let lines = if key == "title" && facts.title.lines.is_none() { vec![lines.join(" ")] } else { lines };
            self.facts.push((key.to_string(), lines));
        }
        if let (Some(was), Some(now)) = (first(self.original, "CoverDate"), first(self.edited, "CoverDate"))
            && was != now
        {
            // "Trà Vinh, tháng 01 năm 2021": the place before the date.
            let place = |text: &str| text.rsplit_once(", tháng").map(|(p, d)| (p.trim().to_string(), d.trim().to_string()));
            match (place(&was), place(&now)) {
                (Some((old_place, old_date)), Some((new_place, new_date))) if old_date == new_date => {
                    if old_place != new_place {
                        self.facts.push(("place".into(), vec![new_place]));
                    }
                }
                _ => notices.push(Notice {
                    section: String::new(),
                    near: now.clone(),
                    message: t!(
                        "dòng địa danh, ngày tháng ở bìa bị sửa («{was}» → «{now}»): sửa place và date trong report.yaml",
                        "the cover's place and date line was edited («{was}» → «{now}»): change place and date in report.yaml"
                    ),
                }),
            }
        }
    }

    /// The files changed, with their text before and after.
    fn changes(self) -> Result<Vec<Change>> {
        let mut changes = Vec::new();
        if !self.facts.is_empty() {
            let path = self.data.join(FACTS_FILE);
            let before = read_raw(&path, self.data)?;
            let mut after = before.clone();
            for (key, lines) in &self.facts {
                after = match in_place::set(&after, key, lines) {
                    Some(edited) => edited,
                    // A key left to its default (party): added at the end.
                    None => format!("{}\n{key}: {}\n", after.trim_end_matches('\n'), in_place::set(&format!("{key}: x"), key, lines).unwrap_or_default().trim_start_matches(&format!("{key}: "))),
                };
            }
            if after != before {
                changes.push(Change { path, before, after });
            }
        }
        for (name, edits) in &self.files {
            let path = self.data.join(name);
            let before = read_raw(&path, self.data)?;
            let bom = if before.starts_with('\u{feff}') { "\u{feff}" } else { "" };
            let after = format!("{bom}{}", apply(&before[bom.len()..], edits));
            if after != before {
                changes.push(Change { path, before, after });
            }
        }
        if !self.cells.is_empty() {
            let Some(path) = indicators::table_file(self.data)? else { return Ok(changes) };
            if indicators::workbook::is_workbook(&path) {
                return Err(Error::input(
                    Place::file(&path),
                    t!("số liệu đã sửa thuộc sổ tính, baocao chưa ghi vào sổ tính được", "the edited figures belong to a workbook, which baocao does not write into yet"),
                    Some(t!("sửa trong Excel: {}", "change them in Excel: {}", self.cells.iter().map(|(id, key, _, now)| format!("{id}.{key} = {now}")).collect::<Vec<_>>().join(", "))),
                ));
            }
            let before = read_raw(&path, self.data)?;
            let mut after = before.clone();
            let csv = path.extension().is_some_and(|e| e == "csv");
            let delimiter = if before.lines().next().unwrap_or("").contains(';') { b';' } else { b',' };
            for (id, key, was, now) in &self.cells {
                let edited = if csv { cell::set_csv(&after, delimiter, id, key, now) } else { cell::set_yaml(&after, id, key, now) };
                match edited {
                    Some(text) => after = text,
                    None => {
                        return Err(Error::input(
                            Place::file(&path),
                            t!("không tìm thấy ô {key} của chỉ tiêu {id} để ghi «{now}» (trước là «{was}»)", "no cell {key} of indicator {id} to write «{now}» in (it was «{was}»)"),
                            Some(t!("sửa trực tiếp trong bảng chỉ tiêu", "change it in the indicator table by hand")),
                        ));
                    }
                }
            }
            if after != before {
                changes.push(Change { path, before, after });
            }
        }
        Ok(changes)
    }
}

/// `text` with `edits` made, line by line; a deleted line takes the blank
/// line after it along, a new line comes after a blank one.
fn apply(text: &str, edits: &FileEdits) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let crlf = text.contains("\r\n");
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut skip_blank = false;
    let new_lines = |out: &mut Vec<String>, at: usize| {
        for new in edits.after.get(&at).into_iter().flatten() {
            out.push(if crlf { "\r".into() } else { String::new() });
            out.push(if crlf { format!("{new}\r") } else { new.clone() });
        }
    };
    new_lines(&mut out, 0);
    for (i, line) in lines.iter().enumerate() {
        let number = i + 1;
        let blank = line.trim().is_empty();
        if edits.delete.contains(&number) {
            skip_blank = true;
        } else if skip_blank && blank && number < lines.len() {
            skip_blank = false;
        } else {
            skip_blank = false;
            match edits.replace.get(&number) {
                Some(new) => out.push(if crlf { format!("{new}\r") } else { new.clone() }),
                None => out.push((*line).to_string()),
            }
        }
        new_lines(&mut out, number);
    }
    out.join("\n")
}

/// The positions of a longest increasing run of `values` (not contiguous).
fn longest_increasing(values: &[usize]) -> std::collections::HashSet<usize> {
    let mut tails: Vec<usize> = Vec::new();
    let mut previous = vec![usize::MAX; values.len()];
    for (i, &v) in values.iter().enumerate() {
        let at = tails.partition_point(|&t| values[t] < v);
        if at > 0 {
            previous[i] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut kept = std::collections::HashSet::new();
    let mut at = tails.last().copied();
    while let Some(i) = at {
        kept.insert(i);
        at = (previous[i] != usize::MAX).then_some(previous[i]);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_replaced_deleted_and_added() {
        let mut edits = FileEdits::default();
        edits.replace.insert(1, "# Mới".into());
        edits.delete.insert(3);
        edits.after.insert(5, vec!["- thêm".into()]);
        assert_eq!(apply("# Cũ\n\nxóa\n\ngiữ\n", &edits), "# Mới\n\ngiữ\n\n- thêm\n");
    }

    #[test]
    fn plain_figure_expressions_name_their_cell() {
        assert_eq!(figure_expression("{{ ind.viec_lam_moi.achieved }}"), Some(("viec_lam_moi".into(), "achieved".into())));
        assert_eq!(figure_expression("{{ ind.x.ratio }}"), None);
        assert_eq!(figure_expression("{{ ind.x | achievement }}"), None);
    }

    #[test]
    fn the_longest_increasing_run_leaves_the_moved_ones_out() {
        let kept = longest_increasing(&[0, 1, 5, 2, 3, 4]);
        assert!(!kept.contains(&2) && kept.len() == 5);
    }
}
