//! Where a table breaks across pages. Typst breaks a long table where the
//! page ends, which can leave one row alone under a repeated heading at
//! the top of the next page, or one row at the foot of a page under its
//! heading. After a layout, the page of each row is read from the table
//! cells Typst's layout records (their column, row, and whether they are a
//! repeated heading; a mark of baocao's own in each row would be as
//! precise, but any introspectable element inside a table makes Typst lay
//! it out five times slower); where a page would hold fewer rows of a
//! table than the house style's `table.min_rows`, the booklet is laid out
//! again with the table broken earlier: before its first row (the whole
//! table starts on the next page) or before the rows that make the last
//! page full enough. The page design sets a broken table as one table per
//! piece, each under the heading row. The DOCX keeps the same rows
//! together (see `crate::doc::Pagination::table_breaks`).

use serde_json::Value;
use typst::foundations::{NativeElement, Smart};
use typst::introspection::Introspector;
use typst::model::TableCell;

/// Gives each table of `blocks` (and of their list items, in reading
/// order) the rows to break before, from `breaks` (by table), as
/// `breaks`; counts the tables in `next`.
pub fn number_tables(blocks: &mut [Value], breaks: &[Vec<usize>], next: &mut usize) {
    for block in blocks {
        let Some(object) = block.as_object_mut() else { continue };
        if object.get("kind").and_then(Value::as_str) == Some("table") {
            let forced = breaks.get(*next).cloned().unwrap_or_default();
            object.insert("breaks".into(), forced.into());
            *next += 1;
        }
        if let Some(items) = object.get_mut("items").and_then(Value::as_array_mut) {
            for item in items {
                if let Some(item) = item.as_array_mut() {
                    number_tables(item, breaks, next);
                }
            }
        }
    }
}

/// The page of each body row of each of the document's tables (by
/// `breaks`, the rows each was broken before, which the page design set as
/// a table per piece), read from the first column's cells of the tables
/// Typst laid out; none for a table whose rows are not all found (a page
/// design that sets tables otherwise).
pub fn row_pages(introspector: &dyn Introspector, breaks: &[Vec<usize>]) -> Vec<Vec<Option<usize>>> {
    // The rows' pages of each table Typst laid out, in order: a heading
    // cell that is not a repetition starts one.
    let mut laid_out: Vec<Vec<usize>> = Vec::new();
    for content in introspector.query(&TableCell::ELEM.select()).iter() {
        let Some(cell) = content.to_packed::<TableCell>() else { continue };
        let (Some(Smart::Custom(0)), Some(Smart::Custom(row))) = (cell.x.as_option(), cell.y.as_option()) else { continue };
        if cell.is_repeated.as_option() == &Some(true) {
            continue;
        }
        if *row == 0 {
            laid_out.push(Vec::new());
        } else if let (Some(rows), Some(page)) = (laid_out.last_mut(), content.location().and_then(|l| introspector.page(l))) {
            rows.push(page.get());
        }
    }
    let pieces: Vec<usize> = breaks.iter().map(|b| 1 + b.iter().filter(|r| **r > 0).count()).collect();
    if pieces.iter().sum::<usize>() != laid_out.len() {
        return vec![Vec::new(); breaks.len()];
    }
    let mut laid_out = laid_out.into_iter();
    pieces.iter().map(|n| laid_out.by_ref().take(*n).flatten().map(Some).collect()).collect()
}

/// The rows of a table to break before, given the page each of its rows
/// stands on, so that no page holds fewer than `min_rows` of them: before
/// the first row when its first page holds too few; before the last
/// `min_rows` rows when its last page does (the whole table, when it
/// stands on two pages and both would then be short).
pub fn breaks(pages: &[Option<usize>], min_rows: usize) -> Vec<usize> {
    let Some(pages) = pages.iter().copied().collect::<Option<Vec<usize>>>() else { return Vec::new() };
    let mut counts: Vec<usize> = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        match counts.last_mut() {
            Some(count) if i > 0 && pages[i - 1] == *page => *count += 1,
            _ => counts.push(1),
        }
    }
    if counts.len() < 2 {
        return Vec::new();
    }
    let rows = pages.len();
    let (first, last) = (counts[0], counts[counts.len() - 1]);
    if first < min_rows {
        return vec![0];
    }
    if last < min_rows {
        let before_last = counts[counts.len() - 2];
        if counts.len() == 2 && before_last + last < 2 * min_rows {
            return vec![0];
        }
        return vec![rows.saturating_sub(min_rows)];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(pages: &[usize]) -> Vec<Option<usize>> {
        pages.iter().copied().map(Some).collect()
    }

    #[test]
    fn a_lone_last_row_takes_rows_with_it() {
        // 23 rows on page 23, one on page 24: the last three go over.
        let mut pages = vec![23; 23];
        pages.push(24);
        assert_eq!(breaks(&on(&pages), 3), vec![21]);
        // Three or more on the last page: as laid out.
        assert_eq!(breaks(&on(&[5, 5, 5, 6, 6, 6]), 3), Vec::<usize>::new());
        assert_eq!(breaks(&on(&[5, 5, 5, 5]), 3), Vec::<usize>::new(), "on one page");
        // Over three pages, the last page short.
        assert_eq!(breaks(&on(&[1, 1, 1, 2, 2, 2, 2, 3, 3]), 3), vec![6]);
        // One row alone is allowed when the house style says so.
        assert_eq!(breaks(&on(&[1, 1, 2]), 1), Vec::<usize>::new());
    }

    #[test]
    fn a_short_first_page_sends_the_table_on() {
        assert_eq!(breaks(&on(&[4, 4, 5, 5, 5, 5]), 3), vec![0]);
        // Two short pages: the whole table on the next.
        assert_eq!(breaks(&on(&[4, 4, 4, 5]), 3), vec![0]);
        assert_eq!(breaks(&on(&[4, 4, 4, 4, 5]), 3), vec![0], "one row more would leave two behind");
        assert_eq!(breaks(&on(&[4, 4, 4, 4, 4, 4, 5]), 3), vec![4]);
    }

    #[test]
    fn rows_without_marks_are_left_as_they_are() {
        assert_eq!(breaks(&[Some(1), None, Some(2)], 3), Vec::<usize>::new());
    }

    #[test]
    fn tables_are_numbered_in_reading_order() {
        let mut blocks: Vec<Value> = serde_json::from_str(
            r#"[{"kind": "table"}, {"kind": "list", "items": [[{"kind": "paragraph"}, {"kind": "table"}]]}, {"kind": "table"}]"#,
        )
        .unwrap();
        let mut next = 0;
        number_tables(&mut blocks, &[vec![], vec![21]], &mut next);
        assert_eq!(next, 3);
        assert_eq!(blocks[1]["items"][0][1]["breaks"], serde_json::json!([21]));
        assert_eq!(blocks[2]["breaks"], serde_json::json!([]));
    }
}
