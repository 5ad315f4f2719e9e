//! The generated tables (the appendix) aligned cell by cell: a table by its
//! heading row, a row by its label (the indicator's name in its first
//! cell), a column by its heading, by their place only where a label or a
//! heading is not found once. A figure whose anchor was lost with its cell's
//! text (retyped whole: python-docx's `cell.text = …`, Word's typing over a
//! selected cell) is found again by its row and column and goes back to its
//! cell of the indicator table ([`super::figures`]); other edits of a
//! generated table are listed, not brought back.

use std::collections::{BTreeMap, HashMap};

use super::Notice;
use super::plan::{Plan, is_cover};
use super::read::{Docx, Paragraph};
use crate::source::bookmark::plain;
use crate::t;

/// A cell's place: its table (by its heading row and which table of that
/// heading it is), its row and its column.
type CellAt = ((String, usize), usize, usize);

/// The cells of a document's tables, their paragraphs in order.
struct Grid<'a> {
    cells: BTreeMap<CellAt, Vec<&'a Paragraph>>,
}

impl<'a> Grid<'a> {
    fn of(docx: &'a Docx) -> Grid<'a> {
        let mut by_number: BTreeMap<(usize, usize, usize), Vec<&'a Paragraph>> = BTreeMap::new();
        for paragraph in &docx.paragraphs {
            if let Some(at) = paragraph.cell {
                by_number.entry(at).or_default().push(paragraph);
            }
        }
        // Each table named by its heading row, so that a table the
        // reviewer added elsewhere moves no other.
        let mut names: BTreeMap<usize, String> = BTreeMap::new();
        for (&(table, row, _), paragraphs) in &by_number {
            if row == 0 {
                let name = names.entry(table).or_default();
                name.push('|');
                name.push_str(&text_of(paragraphs));
            }
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let tables: HashMap<usize, (String, usize)> = names
            .into_iter()
            .map(|(table, name)| {
                let count = seen.entry(name.clone()).or_default();
                *count += 1;
                (table, (name, *count))
            })
            .collect();
        let cells = by_number.into_iter().map(|((table, row, column), p)| ((tables.get(&table).cloned().unwrap_or_default(), row, column), p)).collect();
        Grid { cells }
    }

    /// The text of the cell at `at`.
    fn text(&self, at: &CellAt) -> String {
        self.cells.get(at).map(|p| text_of(p)).unwrap_or_default()
    }

    /// The one row of table `table` labelled `label`, if one is.
    fn row_labelled(&self, table: &(String, usize), label: &str) -> Option<usize> {
        let rows: Vec<usize> = self.cells.keys().filter(|(t, _, c)| t == table && *c == 0).map(|(_, r, _)| *r).filter(|r| self.text(&(table.clone(), *r, 0)) == label).collect();
        (rows.len() == 1).then(|| rows[0])
    }

    /// The one column of table `table` headed `heading`, if one is.
    fn column_headed(&self, table: &(String, usize), heading: &str) -> Option<usize> {
        let columns: Vec<usize> = self.cells.keys().filter(|(t, r, _)| t == table && *r == 0).map(|(_, _, c)| *c).filter(|c| self.text(&(table.clone(), 0, *c)) == heading).collect();
        (columns.len() == 1).then(|| columns[0])
    }

    /// The cell of this grid standing where the cell at `at` of `other`
    /// stands: in the row of its row's label and the column of its
    /// column's heading, or at its place.
    /// A row or column not found by its label or heading is the one at
    /// its place, unless that one is another row or column of `other`
    /// (the row was removed, not renamed).
    fn matching(&self, other: &Grid<'_>, at: &CellAt) -> Option<CellAt> {
        let (table, row, column) = at;
        let place = |here: &str, found_in_other: Option<usize>, at: usize| (found_in_other.is_none_or(|o| o == at) && !here.is_empty()).then_some(at);
        let row = match self.row_labelled(table, &other.text(&(table.clone(), *row, 0))) {
            Some(r) => r,
            None => {
                let here = self.text(&(table.clone(), *row, 0));
                place(&here, other.row_labelled(table, &here), *row)?
            }
        };
        let column = match self.column_headed(table, &other.text(&(table.clone(), 0, *column))) {
            Some(c) => c,
            None => {
                let here = self.text(&(table.clone(), 0, *column));
                place(&here, other.column_headed(table, &here), *column)?
            }
        };
        let found = (table.clone(), row, column);
        self.cells.contains_key(&found).then_some(found)
    }
}

/// The text of a cell's paragraphs, as compared.
fn text_of(paragraphs: &[&Paragraph]) -> String {
    plain(&paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n")).trim().to_string()
}

impl Plan<'_> {
    /// Edits in generated tables: a figure whose anchor was lost found
    /// again by its row and column (into `self.retyped_figures`); other
    /// edits listed, not brought back.
    pub(super) fn tables(&mut self, notices: &mut Vec<Notice>) {
        let (was, now) = (Grid::of(self.baseline), Grid::of(self.reviewed));
        let mut matched = std::collections::HashSet::new();
        let mut reshaped = false;
        let mut section = String::new();
        for (at, before) in &was.cells {
            if before.iter().all(|p| is_cover(&p.style)) {
                continue;
            }
            section = before.first().map(|p| p.section.clone()).unwrap_or_default();
            let Some(there) = now.matching(&was, at) else {
                reshaped = true;
                continue;
            };
            matched.insert(there.clone());
            let after = &now.cells[&there];
            let text = after.iter().map(|p| self.with_baseline_figures(p)).collect::<Vec<_>>().join("\n").trim().to_string();
            let old = text_of(before);
            if old == text {
                continue;
            }
            // The figure that was the whole cell, its anchor gone.
            let figures: Vec<_> = before.iter().flat_map(|p| &p.figures).collect();
            if let [figure] = figures[..]
                && plain(&figure.text).trim() == old
                && !after.iter().flat_map(|p| &p.figures).any(|f| f.key == figure.key)
            {
                self.retyped_figures.push((figure.key.clone(), text, after[0].section.clone()));
                continue;
            }
            // The folder changed since the DOCX was built: the table
            // follows today's figures, the difference may be the folder's.
            if self.changed_since {
                continue;
            }
            notices.push(Notice {
                office: String::new(),
                section: after[0].section.clone(),
                near: text.chars().take(80).collect(),
                message: t!(
                    "ô của bảng do baocao làm ra bị sửa («{old}» → «{text}»): chỉ số liệu được đưa về; sửa tên, đơn vị trong bảng chỉ tiêu",
                    "a cell of a generated table was edited («{old}» → «{text}»): only figures come back; change names and units in the indicator table"
                ),
            });
        }
        reshaped |= now.cells.iter().any(|(at, p)| !matched.contains(at) && !p.iter().all(|p| is_cover(&p.style)));
        if reshaped {
            notices.push(Notice {
                office: String::new(),
                section,
                near: String::new(),
                message: t!(
                    "bảng do baocao làm ra (phụ lục) bị thêm hoặc bớt ô, dòng: không đưa về được; thêm, bớt chỉ tiêu trong bảng chỉ tiêu",
                    "cells or rows were added to or removed from a generated table (the appendix): not brought back; add or remove indicators in the indicator table"
                ),
            });
        }
    }
}
