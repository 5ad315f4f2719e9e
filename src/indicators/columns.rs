//! The indicator table's columns: their keys and the headings they may
//! have, and a cell read from any form of the table (CSV, YAML, workbook)
//! with its place.

use crate::error::{Error, Place, Result};
use crate::{t, text};

/// The headings of the columns a workbook made by `export-table` computes
/// (see [`super::export`]): read back, they are skipped.
pub const COMPUTED_HEADINGS: [&str; 3] = ["tỷ lệ đạt (tính)", "chênh lệch (tính)", "đánh giá (tính)"];

/// The columns, each with its key and the Vietnamese headings it may have.
pub(super) const COLUMNS: [(&str, &[&str]); 17] = [
    ("id", &["mã", "mã chỉ tiêu"]),
    ("group", &["nhóm"]),
    ("list", &["danh sách"]),
    ("name", &["tên", "tên chỉ tiêu", "chỉ tiêu"]),
    ("short_name", &["tên ngắn"]),
    ("unit", &["đơn vị", "đơn vị tính"]),
    ("direction", &["hướng"]),
    ("compare", &["so sánh", "cách so sánh"]),
    ("basis", &["căn cứ"]),
    ("target", &["nghị quyết", "kế hoạch", "mục tiêu"]),
    ("achieved", &["thực hiện", "kết quả"]),
    ("previous", &["năm trước", "cùng kỳ"]),
    ("next_target", &["năm sau", "kế hoạch năm sau", "mục tiêu năm sau"]),
    ("stated_ratio", &["tỷ lệ đã nêu"]),
    ("stated_difference", &["chênh lệch đã nêu"]),
    ("appendix", &["phụ lục"]),
    ("note", &["ghi chú"]),
];

/// The columns that hold figures: the year's values a person types and
/// the booklet prints (the first four), and the ratio and difference a
/// source states, checked against them.
pub const FIGURES: [&str; 6] = ["target", "achieved", "previous", "next_target", "stated_ratio", "stated_difference"];

/// The figures the booklet prints as they were typed: the columns a
/// printed figure's edit goes back to.
const PRINTED: usize = 4;

/// The figure column `field` names, when it is one the booklet prints as
/// typed (`achieved`); `None` for any other field (`ratio`, `name`).
pub fn printed_figure(field: &str) -> Option<&'static str> {
    FIGURES[..PRINTED].iter().find(|f| **f == field).copied()
}

/// A cell with its column key and place.
#[derive(Debug, Clone)]
pub(super) struct Field {
    /// The column's key (`achieved`).
    pub key: &'static str,
    /// The column's heading as written.
    pub heading: String,
    /// The cell's text.
    pub cell: String,
    /// Where the cell is.
    pub place: Place,
}

/// The table's rows: each row's place and its cells.
pub(super) type Rows = Vec<(Place, Vec<Field>)>;

/// The column key of a heading, if it names a column.
pub(super) fn key_of(heading: &str) -> Option<&'static str> {
    let wanted = text::nfc(heading.trim()).to_lowercase();
    COLUMNS.iter().find(|(key, aliases)| wanted == *key || aliases.contains(&wanted.as_str())).map(|(key, _)| *key)
}

/// Whether `heading` is one of the columns `export-table` computes.
pub(super) fn is_computed_heading(heading: &str) -> bool {
    COMPUTED_HEADINGS.contains(&text::nfc(heading.trim()).to_lowercase().as_str())
}

/// The column key of a heading, or an error with the closest heading.
pub(super) fn column(heading: &str, place: &Place) -> Result<&'static str> {
    if let Some(key) = key_of(heading) {
        return Ok(key);
    }
    let wanted = text::nfc(heading.trim()).to_lowercase();
    let known = COLUMNS.iter().flat_map(|(k, a)| std::iter::once(*k).chain(a.iter().copied()));
    let closest = known.min_by_key(|k| strsim::levenshtein(k, &wanted)).unwrap_or("id");
    Err(Error::input(
        place.clone(),
        t!("bảng chỉ tiêu không có cột «{}»", "the indicator table has no column «{}»", heading.trim()),
        Some(t!("có phải là «{closest}»? Các cột: {}", "did you mean «{closest}»? The columns: {}", COLUMNS.map(|(k, _)| k).join(", "))),
    ))
}

