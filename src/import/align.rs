//! The reviewed DOCX aligned with the baseline paragraph by paragraph,
//! through their anchors: a changed paragraph changes its prose line
//! ([`super::line`]), template expressions kept; a deleted one deletes its
//! line; one moved moves its line; a new one becomes a new line after the
//! paragraph before it. A paragraph whose anchor was lost (retyped, pasted
//! over) standing where its paragraph stood is an edit of that line. Edits
//! in generated text (a template's paragraph) are listed, never frozen into
//! the prose; tables are aligned by [`super::tables`].

use std::collections::{HashMap, HashSet};

use super::Notice;
use super::line;
use super::plan::{CellEdit, LineKey, Plan, is_contents, is_cover};
use super::read::{Docx, Paragraph};
use crate::indicators::Amount;
use crate::indicators::label::cell_of_expression;
use crate::source::bookmark::{plain, text_hash};
use crate::t;

/// An anchored paragraph: its index in its DOCX, its source line and the
/// paragraph.
type Anchored<'a> = (usize, LineKey, &'a Paragraph);

/// The two DOCX files' anchored paragraphs, and what follows from
/// comparing them.
struct Alignment<'a> {
    baseline: Vec<Anchored<'a>>,
    reviewed: Vec<Anchored<'a>>,
    /// Each baseline paragraph by its key: its place among the anchored
    /// ones, its line, the paragraph.
    baseline_at: HashMap<&'a str, (usize, LineKey, &'a Paragraph)>,
    /// The keys of the reviewed paragraphs that still have text (a
    /// paragraph left with none was deleted).
    kept: HashSet<&'a str>,
    /// The hashes of today's paragraphs' text: a reviewed paragraph whose
    /// text has one of them says what the folder says already (imported
    /// before).
    today: HashSet<&'a str>,
}

impl<'a> Alignment<'a> {
    fn new(plan: &Plan<'a>) -> Alignment<'a> {
        let anchored = |docx: &'a Docx, lines: &HashMap<usize, LineKey>| -> Vec<Anchored<'a>> {
            docx.paragraphs.iter().enumerate().filter_map(|(i, p)| lines.get(&i).map(|k| (i, k.clone(), p))).collect()
        };
        let baseline = anchored(plan.baseline, &plan.lines.0);
        let reviewed = anchored(plan.reviewed, &plan.lines.1);
        let baseline_at = baseline.iter().enumerate().filter_map(|(n, (_, k, p))| p.key.as_deref().map(|s| (s, (n, k.clone(), *p)))).collect();
        let kept = reviewed.iter().filter(|(_, _, p)| !p.text.trim().is_empty()).filter_map(|(_, _, p)| p.key.as_deref()).collect();
        let today = baseline.iter().filter_map(|(_, _, p)| p.key.as_deref()?.split('#').next()).collect();
        Alignment { baseline, reviewed, baseline_at, kept, today }
    }

    /// Whether the baseline's paragraph `p` is still in the reviewed DOCX.
    fn is_kept(&self, p: &Paragraph) -> bool {
        p.key.as_deref().is_some_and(|s| self.kept.contains(s))
    }
}

impl Plan<'_> {
    /// Changed, added, deleted and moved paragraphs.
    pub(super) fn paragraphs(&mut self, notices: &mut Vec<Notice>) {
        let alignment = Alignment::new(self);
        restyled(&alignment, notices);
        self.changed(&alignment, notices);
        self.deleted(&alignment, notices);
        self.moved_and_new(&alignment, notices);
    }

    /// Paragraphs the reviewer changed: their lines edited.
    fn changed(&mut self, alignment: &Alignment<'_>, notices: &mut Vec<Notice>) {
        let mut sources: HashMap<String, Vec<String>> = HashMap::new();
        for (_, _, paragraph) in &alignment.reviewed {
            let Some(name) = paragraph.key.as_deref() else { continue };
            let Some((_, key, was)) = alignment.baseline_at.get(name) else {
                // Not in today's booklet: the folder changed that paragraph
                // since. Untouched by the reviewer (its text has the hash it
                // was built with), today's wins; else both changed it.
                let built_hash = name.split('#').next().unwrap_or_default();
                // Its text, or its text with today's figures (the figures
                // go to their cells, or follow them), may be today's: the
                // folder has the edit already.
                let hash = text_hash(&plain(&paragraph.text));
                let today = alignment.today.contains(hash.as_str()) || alignment.today.contains(text_hash(&self.with_baseline_figures(paragraph)).as_str());
                if hash != built_hash && !today && !paragraph.text.trim().is_empty() {
                    self.conflicts.push(Notice {
                        office: String::new(),
                        section: paragraph.section.clone(),
                        near: plain(&paragraph.text),
                        message: t!(
                            "đoạn này được sửa cả trong thư mục lẫn trong DOCX: giữ bản trong thư mục; chép phần sửa của người góp ý bằng tay",
                            "this paragraph changed both in the folder and in the DOCX: the folder's stays; copy the reviewer's edit by hand"
                        ),
                    });
                }
                continue;
            };
            if !alignment.kept.contains(name) {
                continue;
            }
            let before = plain(&was.text);
            let after = self.with_baseline_figures(paragraph);
            if before == after {
                continue;
            }
            if !self.is_prose(key) {
                notices.push(Notice {
                    office: String::new(),
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
                if let Some((id, key)) = cell_of_expression(&conflict.expression)
                    && Amount::parse(conflict.after.trim()).is_ok()
                {
                    self.edits.cells.push(CellEdit { id, key, was: conflict.before.trim().to_string(), now: conflict.after.trim().to_string() });
                    continue;
                }
                notices.push(Notice {
                    office: String::new(),
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
                    self.edits.files.entry(key.0.clone()).or_default().replace.insert(key.1, new);
                }
                line::Outcome::Edited(_) => {}
                line::Outcome::Unmatched => notices.push(Notice {
                    office: String::new(),
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
    }

    /// Paragraphs the reviewer deleted: their lines deleted. While the
    /// folder changed since the DOCX was built, a paragraph missing from
    /// the DOCX may be one the folder changed (the DOCX holds its old text
    /// instead): it counts as deleted only when, in the DOCX, nothing
    /// stands between the paragraphs around it.
    fn deleted(&mut self, alignment: &Alignment<'_>, notices: &mut Vec<Notice>) {
        let (baseline, reviewed) = (&alignment.baseline, &alignment.reviewed);
        let present: Vec<bool> = baseline.iter().map(|(_, _, p)| alignment.is_kept(p)).collect();
        // Where each of today's paragraphs stands in the DOCX, and where the
        // DOCX's paragraphs the folder changed since stand.
        let reviewed_at: HashMap<&str, usize> = reviewed.iter().enumerate().filter_map(|(i, (_, _, p))| p.key.as_deref().map(|s| (s, i))).collect();
        let changed_at: Vec<usize> = reviewed
            .iter()
            .enumerate()
            .filter(|(_, (_, _, p))| p.key.as_deref().is_some_and(|s| !alignment.baseline_at.contains_key(s)))
            .map(|(i, _)| i)
            .collect();
        let deleted_by_reviewer = |n: usize| -> bool {
            if !self.changed_since {
                return true;
            }
            let place = |m: usize| baseline[m].2.key.as_deref().and_then(|s| reviewed_at.get(s)).copied();
            let (Some(before), Some(after)) =
                ((0..n).rev().find(|&m| present[m]).and_then(place), (n + 1..baseline.len()).find(|&m| present[m]).and_then(place))
            else {
                return false;
            };
            // The folder rewrote something here, or, when the DOCX was
            // built, nothing stood between the two (their lines were next
            // to each other): the paragraph is the folder's, not deleted.
            let rewritten = changed_at.iter().any(|&i| i > before && i < after);
            let (was_before, was_after) = (&reviewed[before].1, &reviewed[after].1);
            let adjacent = was_before.0 == was_after.0 && was_after.1 <= was_before.1 + 2;
            !rewritten && !adjacent
        };
        let mut deleted = Vec::new();
        for (n, (_, key, paragraph)) in baseline.iter().enumerate() {
            if paragraph.key.is_none() || alignment.is_kept(paragraph) || !deleted_by_reviewer(n) {
                continue;
            }
            deleted.push((key.clone(), *paragraph));
        }
        for (key, paragraph) in deleted {
            if self.is_prose(&key) {
                self.edits.files.entry(key.0.clone()).or_default().delete.insert(key.1);
            } else {
                notices.push(Notice {
                    office: String::new(),
                    section: paragraph.section.clone(),
                    near: plain(&paragraph.text).chars().take(80).collect(),
                    message: t!("đoạn do mẫu {} làm ra đã bị xóa: không đưa về được", "a paragraph made by template {} was deleted: not brought back", key.0),
                });
            }
        }
    }

    /// Paragraphs moved (those out of the longest run kept in order: their
    /// lines move after the line of the paragraph before them), and new
    /// ones (a new line there), in the reviewed DOCX's order.
    fn moved_and_new(&mut self, alignment: &Alignment<'_>, notices: &mut Vec<Notice>) {
        let baseline = &alignment.baseline;
        // The lines of deleted paragraphs by their text: a new paragraph
        // with the same text is the same one moved (a tracked move loses
        // the anchors), and takes its line, expressions and all.
        let mut moved_lines: HashMap<String, LineKey> = baseline
            .iter()
            .filter(|(_, key, p)| self.is_prose(key) && p.key.is_some() && !alignment.is_kept(p))
            .map(|(_, key, p)| (plain(&p.text), key.clone()))
            .collect();
        let order: Vec<usize> = alignment
            .reviewed
            .iter()
            .filter_map(|(_, _, p)| p.key.as_deref().filter(|s| alignment.kept.contains(s)).and_then(|s| alignment.baseline_at.get(s)).map(|(n, ..)| *n))
            .collect();
        let in_order = longest_increasing(&order);
        let mut previous: Option<LineKey> = None;
        let mut unanchored: HashMap<String, usize> = HashMap::new();
        for p in self.baseline.paragraphs.iter().filter(|p| p.key.is_none() && !p.in_table) {
            *unanchored.entry(plain(&p.text)).or_default() += 1;
        }
        // Today's paragraphs the DOCX does not hold, while the folder
        // changed since: a new paragraph with the text of one is in the
        // folder already (imported before).
        if self.changed_since {
            let reviewed_keys: HashSet<&str> = alignment.reviewed.iter().filter_map(|(_, _, p)| p.key.as_deref()).collect();
            for (_, _, p) in baseline.iter().filter(|(_, _, p)| p.key.as_deref().is_some_and(|k| !reviewed_keys.contains(k))) {
                *unanchored.entry(plain(&p.text)).or_default() += 1;
            }
        }
        let mut at_order = 0;
        // Today's place (index among the baseline's anchored paragraphs) of
        // the last anchored paragraph.
        let mut previous_at: Option<usize> = None;
        let mut paired: HashSet<usize> = HashSet::new();
        let reviewed: &Docx = self.reviewed;
        for paragraph in &reviewed.paragraphs {
            if paragraph.in_table {
                continue;
            }
            if paragraph.key.as_deref().is_some_and(|s| !alignment.baseline_at.contains_key(s)) {
                // A paragraph the folder changed since: told above.
                continue;
            }
            let kept_anchor = paragraph.key.as_deref().filter(|s| alignment.kept.contains(s));
            if let Some((n, key, _)) = kept_anchor.and_then(|s| alignment.baseline_at.get(s)) {
                let moved = !in_order.contains(&at_order);
                at_order += 1;
                if moved && self.is_prose(key) {
                    self.move_line(key, previous.as_ref(), paragraph, notices);
                }
                previous_at = Some(*n);
                previous = Some(key.clone());
                continue;
            }
            let text = plain(&paragraph.text);
            if text.trim().is_empty() || is_contents(&paragraph.style) || is_cover(&paragraph.style) {
                continue;
            }
            if let Some(count) = unanchored.get_mut(&text).filter(|c| **c > 0) {
                *count -= 1;
                continue;
            }
            // The paragraph that followed in today's booklet is gone from
            // the DOCX, and this one stands in its place: it is that
            // paragraph, its anchor lost (retyped, pasted over), so an edit
            // of its line, expressions kept.
            let next = previous_at.map_or(0, |p| p + 1);
            if !self.changed_since
                && !moved_lines.contains_key(&text)
                && !paired.contains(&next)
                && let Some((_, key, was)) = baseline.get(next)
                && was.key.is_some()
                && !alignment.is_kept(was)
                && self.retyped(key, was, &text, paragraph, notices)
            {
                paired.insert(next);
                previous_at = Some(next);
                previous = Some(key.clone());
                continue;
            }
            let new = match moved_lines.remove(&text) {
                Some(from) => self.source_lines(&from.0).and_then(|l| l.get(from.1 - 1).cloned()),
                None => Some(line::new_line(paragraph, &text)),
            };
            match (&previous, new) {
                (Some(after), Some(new)) if self.is_prose(after) => {
                    self.edits.files.entry(after.0.clone()).or_default().after.entry(after.1).or_default().push(new);
                }
                _ => notices.push(Notice {
                    office: String::new(),
                    section: paragraph.section.clone(),
                    near: text.chars().take(80).collect(),
                    message: t!("đoạn mới không đặt được vào tệp nội dung nào", "a new paragraph cannot be placed in any prose file"),
                }),
            }
        }
    }

    /// Moves line `key` (its text as edited, if it was) after line
    /// `after`.
    fn move_line(&mut self, key: &LineKey, after: Option<&LineKey>, paragraph: &Paragraph, notices: &mut Vec<Notice>) {
        let line = self.edits.files.get(&key.0).and_then(|f| f.replace.get(&key.1).cloned()).or_else(|| self.source_lines(&key.0).and_then(|l| l.get(key.1 - 1).cloned()));
        match (line, after) {
            (Some(line), Some(after)) if self.is_prose(after) => {
                let file = self.edits.files.entry(key.0.clone()).or_default();
                file.delete.insert(key.1);
                file.moved.insert(key.1, after.clone());
                file.replace.remove(&key.1);
                self.edits.files.entry(after.0.clone()).or_default().after.entry(after.1).or_default().push(line);
            }
            _ => notices.push(Notice {
                office: String::new(),
                section: paragraph.section.clone(),
                near: plain(&paragraph.text).chars().take(80).collect(),
                message: t!("đoạn bị chuyển chỗ không đặt lại được", "a moved paragraph cannot be placed"),
            }),
        }
    }

    /// Takes `text`, a paragraph without its anchor, as the edit of line
    /// `key` (whose paragraph `was` it stands in for), when the line's
    /// expressions fit it; whether it did.
    fn retyped(&mut self, key: &LineKey, was: &Paragraph, text: &str, paragraph: &Paragraph, notices: &mut Vec<Notice>) -> bool {
        if !self.is_prose(key) {
            return false;
        }
        let Some(source) = self.source_lines(&key.0).and_then(|l| l.get(key.1 - 1).cloned()) else { return false };
        let (line::Outcome::Edited(new), conflicts) = line::edit(&source, &plain(&was.text), text) else { return false };
        let file = self.edits.files.entry(key.0.clone()).or_default();
        file.delete.remove(&key.1);
        file.replace.insert(key.1, new);
        for conflict in conflicts {
            notices.push(Notice {
                office: String::new(),
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
            office: String::new(),
            section: paragraph.section.clone(),
            near: text.chars().take(80).collect(),
            message: t!(
                "đoạn mất dấu nguồn (gõ lại hoặc dán đè): coi là sửa dòng {}:{}",
                "a paragraph lost its anchor (retyped or pasted over): taken as an edit of line {}:{}",
                key.0,
                key.1
            ),
        });
        true
    }
}

/// Headings that are no longer headings of their level in the reviewed
/// DOCX (LibreOffice, a list item deleted with its mark under tracked
/// changes, saves the heading after it as a list item): told with the
/// section they head, never brought back silently; the line stays.
fn restyled(alignment: &Alignment<'_>, notices: &mut Vec<Notice>) {
    for (_, _, paragraph) in &alignment.reviewed {
        let Some((_, _, was)) = paragraph.key.as_deref().filter(|s| alignment.kept.contains(s)).and_then(|s| alignment.baseline_at.get(s)) else { continue };
        let (before, after) = (line::Kind::of(was), line::Kind::of(paragraph));
        if before == after || !(matches!(before, line::Kind::Heading(_)) || matches!(after, line::Kind::Heading(_))) {
            continue;
        }
        let title = plain(&was.text);
        notices.push(Notice {
            office: String::new(),
            section: if matches!(before, line::Kind::Heading(_)) { title.clone() } else { was.section.clone() },
            near: title.chars().take(80).collect(),
            message: t!(
                "{} thành {} trong DOCX: tệp nội dung giữ nguyên; đổi cấp tiêu đề trong tệp nội dung nếu muốn",
                "{} became {} in the DOCX: the prose file is kept; change the heading's level in the prose file if need be",
                before.name(),
                after.name()
            ),
        });
    }
}

/// The positions of a longest increasing run of `values` (not contiguous).
fn longest_increasing(values: &[usize]) -> HashSet<usize> {
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
    let mut kept = HashSet::new();
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
    fn the_longest_increasing_run_leaves_the_moved_ones_out() {
        let kept = longest_increasing(&[0, 1, 5, 2, 3, 4]);
        assert!(!kept.contains(&2) && kept.len() == 5);
    }
}
