//! What an import tells people: the tracked changes that stopped it,
//! counted by section, kind and author; and what goes to the review list
//! (`gop-y.md`, [`crate::report::review`]): the reviewers' comments, their
//! tracked changes rejected, the edits offices made differently, each with
//! the office that asked.

use std::collections::BTreeMap;
use std::path::Path;

use super::TrackChanges;
use super::merge::Dispute;
use super::read::{Docx, Revision, RevisionKind};
use crate::report::review::Entry;
use crate::source::bookmark::plain;
use crate::t;

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

/// The office that sent `reviewed`: the one named (`from`), else the
/// last to save it or its author as its core properties say, when that is
/// not who baocao wrote into the draft (the `baseline`'s).
pub(super) fn office(from: Option<&str>, reviewed: &Docx, baseline: &Docx) -> Option<String> {
    let from = from.map(str::trim).filter(|f| !f.is_empty()).map(str::to_string);
    let (creator, saved_by) = &reviewed.authors;
    let (made_by, _) = &baseline.authors;
    let known = |name: &String| !name.is_empty() && name != made_by;
    from.or_else(|| [saved_by, creator].into_iter().find(|n| known(n)).cloned())
}

/// The name of file `path`, to name what came from it.
pub(super) fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The entries of the review list `reviewed` (read from `docx`, sent by
/// `office`, else by each comment's author) gives: its comments, and its
/// tracked changes when they were rejected.
pub(super) fn entries(docx: &Path, reviewed: &Docx, office: Option<&str>, track_changes: TrackChanges) -> Vec<Entry> {
    let office = office.map(str::trim).filter(|o| !o.is_empty());
    let name = file_name(docx);
    let mut entries: Vec<Entry> = reviewed
        .comments
        .iter()
        .map(|c| {
            let state = if c.resolved { "đã giải quyết" } else { "chưa giải quyết" };
            Entry {
                section: c.section.clone(),
                office: office.unwrap_or(&c.author).to_string(),
                content: c.text.clone(),
                quoted: plain(&c.commented),
                source: format!("góp ý trong {name}; {}, {}, {state}", c.author, c.date),
                ..Entry::default()
            }
        })
        .collect();
    if track_changes == TrackChanges::Reject {
        for r in reviewed.revisions.iter().filter(|r| !r.text.trim().is_empty()) {
            let asked = match r.kind {
                RevisionKind::Insertion => "Đề nghị chèn",
                RevisionKind::Deletion => "Đề nghị xóa",
                RevisionKind::MoveTo => "Đề nghị chuyển",
                RevisionKind::MoveFrom | RevisionKind::Formatting | RevisionKind::ParagraphMark => continue,
            };
            entries.push(Entry {
                section: r.section.clone(),
                office: office.unwrap_or(&r.author).to_string(),
                content: format!("{asked} «{}»", plain(&r.text)),
                source: format!("thay đổi được theo dõi trong {name}, không nhận (--track-changes reject); {}, {}", r.author, r.date),
                ..Entry::default()
            });
        }
    }
    entries
}

/// The entries of a dispute: one per office, its version, for the
/// drafting office to choose.
pub(super) fn dispute_entries(dispute: &Dispute) -> Vec<Entry> {
    let offices: Vec<&str> = dispute.versions.iter().map(|(office, _)| office.as_str()).collect();
    dispute
        .versions
        .iter()
        .map(|(office, text)| Entry {
            section: dispute.section.clone(),
            office: office.clone(),
            content: match text.is_empty() {
                true => "Đề nghị xóa".to_string(),
                false => format!("Đề nghị sửa thành «{text}»"),
            },
            quoted: dispute.before.clone(),
            source: format!("{} sửa khác nhau ({}): chưa ghi, cần chọn một bản", offices.join(", "), dispute.place),
            ..Entry::default()
        })
        .collect()
}
