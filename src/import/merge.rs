//! Several offices' copies of the same draft, imported together: each
//! copy's edits worked out against the same folder, then taken in turn. An
//! edit two copies make alike is made once; a line, a cell or a key of
//! report.yaml that two copies change differently is a dispute, listed
//! with both texts and both offices, and nothing is written for it until
//! someone chooses. New lines after the same line keep the copies' order.

use std::collections::{BTreeMap, BTreeSet};

use super::plan::{Edits, LineKey};

/// An edit offices made differently: nothing is written for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dispute {
    /// The heading of the section it is in.
    pub section: String,
    /// What it changes: a line (`content/mo-dau.md:1`), a cell
    /// (`do_thi_hoa.achieved`), a key of report.yaml.
    pub place: String,
    /// What the place held.
    pub before: String,
    /// Each office's version: the office and its text (empty: deleted).
    pub versions: Vec<(String, String)>,
}

impl Dispute {
    /// Each office's version cut to where it differs from what the place
    /// held, with a few words around (a paragraph is long): to show.
    pub fn excerpts(&self) -> Vec<(String, String)> {
        /// The characters kept either side of the difference.
        const AROUND: usize = 30;
        let before: Vec<char> = self.before.chars().collect();
        self.versions
            .iter()
            .map(|(office, text)| {
                let now: Vec<char> = text.chars().collect();
                let same_start = before.iter().zip(&now).take_while(|(a, b)| a == b).count();
                let same_end = before.iter().rev().zip(now.iter().rev()).take_while(|(a, b)| a == b).count().min(now.len() - same_start).min(before.len() - same_start);
                let from = same_start.saturating_sub(AROUND);
                let to = (now.len() - same_end + AROUND).min(now.len());
                let cut: String = now[from..to].iter().collect();
                let shown = format!("{}{cut}{}", if from > 0 { "…" } else { "" }, if to < now.len() { "…" } else { "" });
                (office.clone(), shown)
            })
            .collect()
    }
}

/// What a copy does to a line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum LineEdit {
    Replace(String),
    Delete,
    /// Moved after a line, with its text.
    Move(LineKey, String),
}

/// The copies' edits (each with its office, in the order given) as one,
/// and the disputes. `source` gives a line of a prose file as it is today
/// (to show it, and to tell a moved line among new ones); `section` the
/// section a line is in.
pub(super) fn merge(copies: Vec<(String, Edits)>, source: impl Fn(&LineKey) -> Option<String>, section: impl Fn(&LineKey) -> String) -> (Edits, Vec<Dispute>) {
    if copies.len() == 1 {
        return (copies.into_iter().next().map(|(_, e)| e).unwrap_or_default(), Vec::new());
    }
    let mut merged = Edits::default();
    let mut disputes = Vec::new();
    // Lines replaced or deleted.
    let touched: BTreeSet<LineKey> = copies
        .iter()
        .flat_map(|(_, e)| e.files.iter().flat_map(|(file, f)| f.replace.keys().chain(&f.delete).map(move |l| (file.clone(), *l))))
        .collect();
    let mut disputed: BTreeSet<LineKey> = BTreeSet::new();
    for key in &touched {
        let versions: Vec<(&String, LineEdit)> = copies
            .iter()
            .filter_map(|(office, e)| {
                let f = e.files.get(&key.0)?;
                match (f.replace.get(&key.1), f.delete.contains(&key.1)) {
                    (_, true) => Some((office, match f.moved.get(&key.1) {
                        Some(to) => LineEdit::Move(to.clone(), f.after.get(&to.1).and_then(|l| l.iter().find(|l| Some(*l) == source(key).as_ref()).cloned()).unwrap_or_default()),
                        None => LineEdit::Delete,
                    })),
                    (Some(line), false) => Some((office, LineEdit::Replace(line.clone()))),
                    (None, false) => None,
                }
            })
            .collect();
        let file = merged.files.entry(key.0.clone()).or_default();
        if versions.iter().all(|(_, v)| *v == versions[0].1) {
            match &versions[0].1 {
                LineEdit::Replace(line) => {
                    file.replace.insert(key.1, line.clone());
                }
                LineEdit::Delete | LineEdit::Move(..) => {
                    file.delete.insert(key.1);
                }
            }
            continue;
        }
        disputed.insert(key.clone());
        disputes.push(Dispute {
            section: section(key),
            place: format!("{}:{}", key.0, key.1),
            before: source(key).unwrap_or_default(),
            versions: versions
                .into_iter()
                .map(|(office, v)| {
                    let text = match v {
                        LineEdit::Replace(line) => line,
                        LineEdit::Delete => String::new(),
                        LineEdit::Move(to, _) => crate::t!("(chuyển xuống sau dòng {}:{})", "(moved after line {}:{})", to.0, to.1),
                    };
                    (office.clone(), text)
                })
                .collect(),
        });
    }
    // New lines, in the copies' order, each once; a disputed line moved by
    // a copy does not arrive where it was moved to.
    for (_, edits) in &copies {
        for (file, f) in &edits.files {
            for (after, lines) in &f.after {
                for line in lines {
                    let moved_disputed = disputed.iter().any(|key| key.0 == *file && f.moved.get(&key.1).is_some_and(|to| to.1 == *after) && source(key).as_deref() == Some(line.as_str()));
                    if moved_disputed {
                        continue;
                    }
                    let there = merged.files.entry(file.clone()).or_default().after.entry(*after).or_default();
                    if !there.contains(line) {
                        there.push(line.clone());
                    }
                }
            }
        }
    }
    // Cells and report.yaml's keys.
    let mut cells: BTreeMap<(String, &'static str), Vec<(&String, &super::plan::CellEdit)>> = BTreeMap::new();
    for (office, edits) in &copies {
        for cell in &edits.cells {
            cells.entry((cell.id.clone(), cell.key)).or_default().push((office, cell));
        }
    }
    for ((id, key), versions) in cells {
        if versions.iter().all(|(_, c)| c.now == versions[0].1.now) {
            merged.cells.push(versions[0].1.clone());
        } else {
            disputes.push(Dispute {
                section: String::new(),
                place: format!("{id}.{key}"),
                before: versions[0].1.was.clone(),
                versions: versions.iter().map(|(office, c)| ((*office).clone(), c.now.clone())).collect(),
            });
        }
    }
    let mut facts: BTreeMap<&String, Vec<(&String, &Vec<String>)>> = BTreeMap::new();
    for (office, edits) in &copies {
        for (key, lines) in &edits.facts {
            facts.entry(key).or_default().push((office, lines));
        }
    }
    for (key, versions) in facts {
        if versions.iter().all(|(_, l)| *l == versions[0].1) {
            merged.facts.push((key.clone(), versions[0].1.clone()));
        } else {
            disputes.push(Dispute {
                section: String::new(),
                place: format!("{}: {key}", crate::report::FACTS_FILE),
                before: String::new(),
                versions: versions.iter().map(|(office, l)| ((*office).clone(), l.join(" / "))).collect(),
            });
        }
    }
    merged.files.retain(|_, f| !(f.replace.is_empty() && f.delete.is_empty() && f.after.is_empty()));
    (merged, disputes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::plan::{CellEdit, FileEdits};

    fn copy(office: &str, replace: &[(usize, &str)], delete: &[usize], after: &[(usize, &str)], cell: Option<&str>) -> (String, Edits) {
        let mut file = FileEdits::default();
        file.replace.extend(replace.iter().map(|(l, t)| (*l, t.to_string())));
        file.delete.extend(delete);
        for (l, t) in after {
            file.after.entry(*l).or_default().push(t.to_string());
            // A line's own text after another: a move.
            if let Some(moved) = t.strip_prefix("dòng ").and_then(|n| n.parse().ok()) {
                file.delete.insert(moved);
                file.moved.insert(moved, ("content/a.md".into(), *l));
            }
        }
        let cells = cell.map(|now| CellEdit { id: "x".into(), key: "achieved", was: "1".into(), now: now.into() }).into_iter().collect();
        (office.into(), Edits { files: BTreeMap::from([("content/a.md".to_string(), file)]), cells, facts: Vec::new() })
    }

    #[test]
    fn the_same_edit_is_made_once_and_different_ones_are_disputes() {
        let source = |key: &LineKey| Some(format!("dòng {}", key.1));
        // A moves line 11 after 9, B deletes it; both move 13 after 1.
        let a = copy("Sở A", &[(1, "một A"), (3, "ba")], &[5], &[(7, "mới"), (9, "dòng 11"), (1, "dòng 13")], Some("2"));
        let b = copy("Sở B", &[(1, "một B"), (3, "ba")], &[5, 11], &[(7, "mới"), (7, "mới B"), (1, "dòng 13")], Some("3"));
        let (merged, disputes) = merge(vec![a, b], source, |_| "Mục".into());
        let file = &merged.files["content/a.md"];
        assert_eq!(file.replace, [(3, "ba".to_string())].into(), "line 1 changed differently: written for neither");
        assert_eq!(file.delete, [5, 13].into_iter().collect(), "line 11 deleted by B, moved by A: disputed");
        assert_eq!(file.after[&7], ["mới", "mới B"], "new lines once, in the copies' order");
        assert_eq!(file.after[&1], ["dòng 13"], "the same move once");
        assert!(!file.after.contains_key(&9), "a disputed line moved by a copy does not arrive");
        assert!(merged.cells.is_empty());
        let places: Vec<&str> = disputes.iter().map(|d| d.place.as_str()).collect();
        assert_eq!(places, ["content/a.md:1", "content/a.md:11", "x.achieved"]);
        assert_eq!(disputes[0].versions, [("Sở A".to_string(), "một A".to_string()), ("Sở B".into(), "một B".into())]);
        assert_eq!((disputes[0].before.as_str(), disputes[0].section.as_str()), ("dòng 1", "Mục"));
    }

    #[test]
    fn a_dispute_is_shown_where_the_versions_differ() {
        let long = "x".repeat(100);
        let dispute = Dispute {
            section: String::new(),
            place: "a.md:1".into(),
            before: format!("{long} gặp nhiều khó khăn {long}"),
            versions: vec![("A".into(), format!("{long} gặp rất nhiều khó khăn {long}")), ("B".into(), String::new())],
        };
        let shown = dispute.excerpts();
        assert!(shown[0].1.starts_with(&format!("…{} gặp rất nhiều khó khăn", "x".repeat(25))) && shown[0].1.ends_with("x…"), "{}", shown[0].1);
        assert!(shown[0].1.chars().count() < 80, "{}", shown[0].1);
        assert_eq!(shown[1].1, "");
    }
}
