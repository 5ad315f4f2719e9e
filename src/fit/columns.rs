//! The width of each column of a table, decided once for both writers from
//! the cells' text measured with the fonts' metrics:
//!
//! - no column is narrower than its longest word (each run measured in its
//!   own weight: an unmet status is bold), so no word or figure breaks;
//! - a column's heading takes at most the house style's `heading_lines`
//!   lines ("Tỷ lệ đạt / chênh lệch (điểm %)" in three, not six), and a
//!   value that recurs in a column (a status, "Không đạt"; a unit, "tỷ
//!   đồng") stays on one line, when the page has the room;
//! - the room left goes, a step at a time, where it saves the table the
//!   most lines for its width: a "Không đạt" that breaks in twenty rows
//!   gets its room before a name that breaks in one, and a cell broken in
//!   a row that other cells make tall anyway still counts (a quarter of a
//!   row); what no line needs is shared by how much text each column
//!   holds.

use std::collections::HashMap;

use crate::doc::{Inline, Inlines, plain_text};
use crate::style::TableStyle;

/// How many times the room left is given out, at most.
const STEPS: usize = 64;

/// How many of the next widths at which a column's cells take fewer lines
/// are tried in each step.
const CANDIDATES: usize = 16;

/// What a line saved in a cell is worth against a line saved in the
/// table's height: a word broken in a tall row still reads badly.
const CELL_LINE: f64 = 0.25;

/// Widths closer than this are the same, in points.
const EPSILON: f64 = 1e-6;

/// The share of `width` each column of a table takes, as `style` asks (see
/// the module's notes); the shares sum to 1.
pub fn column_widths(header: &[Inlines], rows: &[Vec<Inlines>], measure: impl Fn(&str, bool) -> f64, width: f64, style: &TableStyle) -> Vec<f64> {
    let columns = header.len().max(1);
    let space = measure(" ", false);
    // The words of each cell, the header's first: its text is bold.
    let mut cells: Vec<Vec<Vec<f64>>> = Vec::with_capacity(rows.len() + 1);
    cells.push((0..columns).map(|c| header.get(c).map(|cell| word_widths(cell, true, &measure)).unwrap_or_default()).collect());
    for row in rows {
        cells.push((0..columns).map(|c| row.get(c).map(|cell| word_widths(cell, false, &measure)).unwrap_or_default()).collect());
    }
    let longest = |c: usize| cells.iter().flat_map(|row| row[c].iter().copied()).fold(0.0, f64::max);
    let words: Vec<f64> = (0..columns).map(longest).collect();
    let heading: Vec<f64> = (0..columns).map(|c| words[c].max(narrowest(&cells[0][c], space, style.heading_lines.max(1)))).collect();
    let labels: Vec<f64> = (0..columns).map(|c| heading[c].max(recurring(rows, c, &cells, space))).collect();
    let padding = 2.0 * style.padding + 1.0;
    let total = |least: &[f64]| least.iter().map(|l| l + padding).sum::<f64>();
    // Recurring values whole and headings in few lines when the page
    // allows it; words whole always.
    let least = [labels, heading].into_iter().find(|least| total(least) <= width).unwrap_or(words);
    let floor = total(&least);
    if floor >= width {
        // No room to spare: in proportion to the longest words.
        return least.iter().map(|l| (l + padding) / floor).collect();
    }
    let mut widths = least.clone();
    let mut room = width - floor;
    give_room(&cells, space, &least, &mut widths, &mut room);
    // What no line needs: by how much text each column holds.
    let most: Vec<f64> = (0..columns).map(|c| cells[1..].iter().map(|row| line_width(&row[c], space)).fold(0.0, f64::max)).collect();
    let want: f64 = most.iter().zip(&widths).map(|(m, w)| (m - w).max(0.0)).sum();
    if want > 0.0 {
        let share = room.min(want) / want;
        for (w, m) in widths.iter_mut().zip(&most) {
            *w += (m - *w).max(0.0) * share;
        }
    }
    let widths: Vec<f64> = widths.iter().map(|w| w + padding).collect();
    let sum: f64 = widths.iter().sum();
    widths.iter().map(|w| w / sum).collect()
}

/// The width of the widest value of column `c` that recurs in its body
/// rows (the same text in two rows or more: a status, a unit), set on one
/// line; `cells` are the rows' words, the header's first.
fn recurring(rows: &[Vec<Inlines>], c: usize, cells: &[Vec<Vec<f64>>], space: f64) -> f64 {
    let texts: Vec<Option<String>> = rows.iter().map(|row| row.get(c).map(|cell| plain_text(cell).split_whitespace().collect::<Vec<_>>().join(" "))).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for text in texts.iter().flatten() {
        *counts.entry(text).or_default() += 1;
    }
    texts
        .iter()
        .zip(&cells[1..])
        .filter(|(text, _)| text.as_deref().is_some_and(|t| counts.get(t).is_some_and(|n| *n >= 2)))
        .map(|(_, words)| line_width(&words[c], space))
        .fold(0.0, f64::max)
}

/// Widens the columns of `widths` (each at least `least`) out of `room`, a
/// step at a time, each step the one that saves the most lines (of the
/// table's height, and [`CELL_LINE`] for a cell's) for the room it takes,
/// until no step saves a line.
fn give_room(cells: &[Vec<Vec<f64>>], space: f64, least: &[f64], widths: &mut [f64], room: &mut f64) {
    let columns = widths.len();
    // Each cell's narrowest widths for 1, 2, ... lines, down to the lines
    // it takes in its column's least width.
    let steps: Vec<Vec<Vec<f64>>> = cells
        .iter()
        .map(|row| {
            (0..columns)
                .map(|c| {
                    let most = lines_in(&row[c], space, least[c]);
                    (1..=most).map(|k| narrowest(&row[c], space, k)).collect()
                })
                .collect()
        })
        .collect();
    let lines_at = |steps: &[f64], width: f64| steps.iter().position(|n| *n <= width + EPSILON).map_or(steps.len(), |k| k + 1);
    let mut lines: Vec<Vec<usize>> = steps.iter().map(|row| (0..columns).map(|c| lines_at(&row[c], widths[c])).collect()).collect();
    for _ in 0..STEPS {
        let mut best: Option<(f64, usize, f64)> = None;
        for c in 0..columns {
            // The tallest other cell of each row.
            let others: Vec<usize> = lines.iter().map(|row| row.iter().enumerate().filter(|(o, _)| *o != c).map(|(_, l)| *l).max().unwrap_or(0)).collect();
            let mut targets: Vec<f64> =
                steps.iter().flat_map(|row| row[c].iter().copied()).filter(|n| *n > widths[c] + EPSILON && *n <= widths[c] + *room + EPSILON).collect();
            targets.sort_by(f64::total_cmp);
            targets.dedup_by(|a, b| (*a - *b).abs() < EPSILON);
            for target in targets.into_iter().take(CANDIDATES) {
                let (mut rows_saved, mut cells_saved) = (0, 0);
                for ((row, now), other) in steps.iter().zip(&lines).zip(&others) {
                    let then = lines_at(&row[c], target);
                    rows_saved += other.max(&now[c]) - (*other).max(then);
                    cells_saved += now[c] - then;
                }
                let saved = rows_saved as f64 + CELL_LINE * cells_saved as f64;
                let rate = saved / (target - widths[c]);
                if saved > 0.0 && best.is_none_or(|(r, ..)| rate > r + EPSILON) {
                    best = Some((rate, c, target));
                }
            }
        }
        let Some((_, c, target)) = best else { break };
        *room -= target - widths[c];
        widths[c] = target;
        for (row, now) in steps.iter().zip(lines.iter_mut()) {
            now[c] = lines_at(&row[c], target);
        }
    }
}

/// The width of each word of `cell`, each piece in its own weight (bold
/// throughout when `bold`).
fn word_widths(cell: &Inlines, bold: bool, measure: &impl Fn(&str, bool) -> f64) -> Vec<f64> {
    let mut words = Vec::new();
    let mut current: Option<f64> = None;
    for inline in cell {
        let Inline::Text { text, strong, .. } = inline else {
            words.extend(current.take());
            continue;
        };
        let mut pieces = text.split(char::is_whitespace).peekable();
        while let Some(piece) = pieces.next() {
            if !piece.is_empty() {
                *current.get_or_insert(0.0) += measure(piece, bold || *strong);
            }
            // A space after this piece ends the word.
            if pieces.peek().is_some() {
                words.extend(current.take());
            }
        }
    }
    words.extend(current);
    words
}

/// The width of `words` set on one line.
fn line_width(words: &[f64], space: f64) -> f64 {
    words.iter().sum::<f64>() + space * words.len().saturating_sub(1) as f64
}

/// How many lines `words` take in `width`, each line filled as far as it
/// goes (as Word, LibreOffice and the PDF's cells break lines).
fn lines_in(words: &[f64], space: f64, width: f64) -> usize {
    fill(words, space, width).0
}

/// The lines `words` take in `width`, each filled as far as it goes: how
/// many, and the widest.
fn fill(words: &[f64], space: f64, width: f64) -> (usize, f64) {
    let (mut lines, mut widest) = (0, 0.0_f64);
    let mut line: Option<f64> = None;
    for &word in words {
        line = match line {
            Some(used) if used + space + word <= width + EPSILON => Some(used + space + word),
            _ => {
                lines += 1;
                Some(word)
            }
        };
        widest = widest.max(line.unwrap_or_default());
    }
    (lines, widest)
}

/// The narrowest width in which `words` take at most `lines` lines.
fn narrowest(words: &[f64], space: f64, lines: usize) -> f64 {
    let (mut low, mut high) = (words.iter().copied().fold(0.0, f64::max), line_width(words, space));
    if lines_in(words, space, low) <= lines {
        return low;
    }
    while high - low > 0.01 {
        let middle = (low + high) / 2.0;
        if lines_in(words, space, middle) <= lines {
            high = middle;
        } else {
            low = middle;
        }
    }
    // The widest line filled at that width: a sum of whole words.
    fill(words, space, high).1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character 1 unit wide, a space too.
    fn chars(s: &str) -> f64 {
        s.chars().count() as f64
    }

    fn run(s: &str, strong: bool) -> Inline {
        Inline::Text { text: s.into(), strong, emph: false, anchors: Vec::new() }
    }

    fn cell(s: &str) -> Inlines {
        vec![run(s, false)]
    }

    #[test]
    fn columns_hold_their_longest_word() {
        let header = vec![cell("Chỉ tiêu"), cell("Đơn vị"), cell("Thực hiện"), cell("Đánh giá")];
        let rows = vec![vec![cell("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giai đoạn 2021-2025"), cell("%"), cell("229.161"), cell("Không đạt")]];
        let style = crate::style::default_house_style().table;
        let widths = column_widths(&header, &rows, |s, _| chars(s) * 6.0, 480.0, &style);
        assert!((widths.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let points: Vec<f64> = widths.iter().map(|w| w * 480.0).collect();
        assert!(points[2] >= 7.0 * 6.0 + 2.0 * style.padding, "«229.161» fits: {points:?}");
        assert!(points[3] >= 9.0 * 6.0 + 2.0 * style.padding, "«Không đạt» fits on one line: {points:?}");
        assert!(points[0] > points[1], "the name column gets the room: {points:?}");
    }

    #[test]
    fn a_bold_status_and_a_long_heading_have_their_room() {
        // Bold letters 8 units wide, regular ones 6.
        let measure = |s: &str, bold: bool| chars(s) * if bold { 8.0 } else { 6.0 };
        let heading = "Tỷ lệ đạt / chênh lệch (điểm %)";
        let header = vec![cell("Tên chỉ tiêu"), cell("Đơn vị"), cell(heading), cell("Đánh giá")];
        let mut rows = vec![vec![cell("Diện tích gieo trồng cây màu, cây công nghiệp ngắn ngày"), cell("triệu đồng/người"), cell("105,3%"), cell("Vượt")]];
        for _ in 0..10 {
            rows.push(vec![cell("Tỷ lệ đô thị hóa"), cell("%"), cell("−0,48"), vec![run("Không đạt", true)]]);
        }
        let style = crate::style::default_house_style().table;
        let width = 400.0;
        let points: Vec<f64> = column_widths(&header, &rows, measure, width, &style).iter().map(|w| w * width).collect();
        let room = |column: usize| points[column] - 2.0 * style.padding - 1.0 + 1e-6;
        // A space is measured regular: both faces have the same.
        assert!(room(3) >= measure("Không", true) + 6.0 + measure("đạt", true), "the bold status on one line: {points:?}");
        let words: Vec<f64> = heading.split(' ').map(|w| measure(w, true)).collect();
        assert!(lines_in(&words, 6.0, room(2)) <= 3, "the heading in three lines at most: {points:?}");
        assert!(room(0) >= measure("Tỷ lệ đô thị hóa", false), "the names that recur on one line: {points:?}");
    }

    #[test]
    fn words_are_measured_in_their_own_weight() {
        let measure = |s: &str, bold: bool| chars(s) * if bold { 2.0 } else { 1.0 };
        assert_eq!(word_widths(&vec![run("ab cd", false), run("ef", true), run(" g", false)], false, &measure), vec![2.0, 6.0, 1.0]);
        assert_eq!(word_widths(&vec![run("ab", false), Inline::LineBreak, run("cd", false)], true, &measure), vec![4.0, 4.0]);
        assert_eq!(lines_in(&[3.0, 3.0, 3.0], 1.0, 7.0), 2);
        let words = [3.0, 3.0, 3.0, 3.0];
        assert_eq!(narrowest(&words, 1.0, 2), 7.0);
        assert_eq!(narrowest(&words, 1.0, 4), 3.0);
    }
}
