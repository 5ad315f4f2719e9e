//! The edits found, applied to the report folder's files: lines of the
//! prose replaced, deleted and added (a byte-order mark and line ends
//! kept), report.yaml's keys set in place, the indicator table's cells set
//! keeping every other byte.

use super::Change;
use super::plan::{FileEdits, Plan};
use super::{cell, read_raw};
use crate::error::{Error, Place, Result};
use crate::report::{FACTS_FILE, in_place};
use crate::{indicators, t};

impl Plan<'_> {
    /// The files changed, with their text before and after.
    pub(super) fn changes(self) -> Result<Vec<Change>> {
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
                    Some(t!("sửa trong Excel: {}", "change them in Excel: {}", self.cells.iter().map(|c| format!("{}.{} = {}", c.id, c.key, c.now)).collect::<Vec<_>>().join(", "))),
                ));
            }
            let before = read_raw(&path, self.data)?;
            let mut after = before.clone();
            let csv = path.extension().is_some_and(|e| e == "csv");
            let delimiter = if before.lines().next().unwrap_or("").contains(';') { b';' } else { b',' };
            for super::plan::CellEdit { id, key, was, now } in &self.cells {
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
}
