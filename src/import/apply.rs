//! The edits found, applied to the report folder's files: lines of the
//! prose replaced, deleted and added (a byte-order mark and line ends
//! kept), report.yaml's keys set in place, the indicator table's cells set
//! keeping every other byte.

use std::path::Path;

use super::plan::{Edits, FileEdits};
use super::{Change, Notice, read_raw};
use crate::error::{Error, Result};
use crate::indicators::TableFile;
use crate::indicators::file::{CellValue, Kind};
use crate::report::{FACTS_FILE, in_place};

/// The files of report folder `data` that `edits` change, with their text
/// before and after; `sheet` the sheet of a workbook table.
pub(super) fn changes(data: &Path, sheet: Option<&str>, edits: &Edits, notices: &mut Vec<Notice>) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    if !edits.facts.is_empty() {
        let path = data.join(FACTS_FILE);
        let before = read_raw(&path, data)?;
        let mut after = before.clone();
        for (key, lines) in &edits.facts {
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
    for (name, file_edits) in &edits.files {
        let path = data.join(name);
        let before = read_raw(&path, data)?;
        let bom = if before.starts_with('\u{feff}') { "\u{feff}" } else { "" };
        let after = format!("{bom}{}", apply(&before[bom.len()..], file_edits));
        if after != before {
            changes.push(Change { path, before, after });
        }
    }
    if !edits.cells.is_empty()
        && let Some(table) = TableFile::find(data)?
    {
        let cells: Vec<CellValue> = edits.cells.iter().map(|c| CellValue { id: c.id.clone(), key: c.key, value: c.now.clone() }).collect();
        let before = read_raw(&table.path, data).unwrap_or_default();
        match table.set_cells(data, sheet, &cells) {
            Ok(after) => {
                let after = String::from_utf8(after).unwrap_or_default();
                if after != before {
                    changes.push(Change { path: table.path, before, after });
                }
            }
            // A workbook is not written into: every other file is, and
            // each figure is named with its cell for the person.
            Err(Error::Input { message, hint, .. }) if table.kind == Kind::Workbook => notices.push(Notice {
                office: String::new(),
                section: String::new(),
                near: String::new(),
                message: hint.map_or(message.clone(), |hint| format!("{message}: {hint}")),
            }),
            Err(e) => return Err(e),
        }
    }
    Ok(changes)
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
