//! What an import tells people: the tracked changes that stopped it,
//! counted by section, kind and author, and the reviewers' comments as a
//! review list (`gop-y.md`), every control or direction character a
//! reviewer's text holds shown by its code.

use std::collections::BTreeMap;
use std::path::Path;

use super::read::{Docx, Revision, RevisionKind};
use crate::error::visible;
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

/// The comments of `edited` as a review list; what reviewers wrote (names,
/// dates, text) with every control or direction character shown by its
/// code, never as itself.
pub(super) fn comments_list(docx: &Path, reviewed: &Docx) -> String {
    let name = docx.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut out = format!("# Góp ý trong {}\n", visible(&name));
    let mut section = None;
    for c in &reviewed.comments {
        if section != Some(&c.section) {
            out.push_str(&format!("\n## {}\n\n", if c.section.is_empty() { "(đầu tài liệu)".into() } else { visible(&c.section) }));
            section = Some(&c.section);
        }
        let state = if c.resolved { "đã giải quyết" } else { "chưa giải quyết" };
        out.push_str(&format!("- **{}** ({}, {state}): {}\n", visible(&c.author), visible(&c.date), visible(&c.text.replace(['\n', '\t'], " "))));
        if !c.commented.trim().is_empty() {
            out.push_str(&format!("  > {}\n", visible(&plain(&c.commented))));
        }
    }
    out
}
