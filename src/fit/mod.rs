//! Fitting text to the page, decided once with the fonts' metrics and
//! written into the document model, so that both writers set it alike:
//!
//! - the cover title's lines: as the data gives them, or balanced (lines of
//!   about equal length), breaking after punctuation or before a word that
//!   opens a phrase rather than inside a compound ("THỰC | HIỆN");
//! - the room each level's labels take in the contents (the DOCX's tab
//!   stops: "PHẦN THỨ NHẤT:" is wider than "A.");
//! - the width of each table column ([`columns`]): every column at least as
//!   wide as its longest word (so no word or figure is broken inside), its
//!   heading in a few lines, the room left given where it saves the most
//!   lines.

mod columns;

pub use columns::column_widths;

use crate::doc::{Block, Document, Inline, Inlines, plain_text};
use crate::error::{Place, Warning};
use crate::fonts::FontLibrary;
use crate::t;

/// What a line more than the fewest costs, against a break inside a
/// compound (6) or inside a phrase (1).
const EXTRA_LINE: f64 = 2.0;

/// Title words a line break may well come before: they open a phrase.
const PHRASE_OPENERS: [&str; 14] = ["CÁC", "NĂM", "VÀ", "CỦA", "VỀ", "TRONG", "CHO", "ĐỂ", "GIAI", "NHIỆM", "TẠI", "THEO", "ĐẾN", "NHỮNG"];

/// Two-syllable words common in booklet titles: a line break between their
/// syllables reads badly.
const COMPOUNDS: [&str; 32] = [
    "TÀI LIỆU", "TUYÊN TRUYỀN", "KẾT QUẢ", "THỰC HIỆN", "NHIỆM VỤ", "CHỈ TIÊU", "GIẢI PHÁP", "CHỦ YẾU", "ĐỊA PHƯƠNG", "KINH TẾ",
    "XÃ HỘI", "PHÁT TRIỂN", "NGHỊ QUYẾT", "ĐẠI HỘI", "ĐẢNG BỘ", "TỈNH ỦY", "HUYỆN ỦY", "BÁO CÁO", "CÁN BỘ", "CHỦ CHỐT",
    "QUỐC PHÒNG", "AN NINH", "XÂY DỰNG", "CHÍNH TRỊ", "HỆ THỐNG", "TÌNH HÌNH", "NÔNG THÔN", "TRIỂN KHAI", "HOÀN THÀNH", "KẾ HOẠCH",
    "GIAI ĐOẠN", "THÀNH PHỐ",
];

/// Fits the cover title, the contents' labels and the tables of `doc` for
/// text `width` points wide: the title in `title_size` points bold, the
/// contents and tables in `small` points.
/// `given` are the title's lines when the data gives them; a given line too
/// long for the page is balanced on its own. Returns the index of each
/// such line.
pub fn fit(doc: &mut Document, fonts: &FontLibrary, family: &str, given: Option<&[String]>) -> Vec<usize> {
    let page = &doc.meta.page;
    let width = (page.width - page.margin.inner - page.margin.outer) / 25.4 * 72.0;
    let (title_size, small) = (page.title, page.small);
    let (Some(regular), Some(bold)) = (fonts.ruler(family, false), fonts.ruler(family, true)) else { return Vec::new() };
    let title_width = |s: &str| bold.width(s, title_size);
    // The contents' labels, in their size: the widest of each level.
    let mut label_widths = vec![0.0_f64; doc.meta.style.contents_depth()];
    for entry in doc.outline() {
        if let Some(widest) = label_widths.get_mut(usize::from(entry.level) - 1) {
            *widest = widest.max(regular.width(&entry.label, small));
        }
    }
    let mut too_long = Vec::new();
    for block in &mut doc.blocks {
        match block {
            Block::Cover(cover) => {
                if let Some(title) = &mut cover.title {
                    let lines = match given {
                        Some(lines) => {
                            let mut fitted = Vec::with_capacity(lines.len());
                            for (i, line) in lines.iter().enumerate() {
                                if title_width(line) > width * TITLE_MEASURE {
                                    too_long.push(i);
                                    fitted.extend(balance(line, title_width, width * TITLE_MEASURE));
                                } else {
                                    fitted.push(line.clone());
                                }
                            }
                            fitted
                        }
                        None => balance(&plain_text(title), title_width, width * TITLE_MEASURE),
                    };
                    *title = lines_to_inlines(&lines);
                }
            }
            Block::Contents { label_widths: widths, .. } => *widths = label_widths.clone(),
            Block::Table(table) => {
                let measure = |s: &str, strong: bool| if strong { bold.width(s, small) } else { regular.width(s, small) };
                table.widths = column_widths(&table.header, &table.rows, measure, width, &doc.meta.style.table);
            }
            _ => {}
        }
    }
    too_long
}

/// How many lines a cover title may take before it is told as too long:
/// the sample's takes 4; an A4 cover holds about 20 before the title runs
/// onto the next page, an A5 one fewer.
pub const MAX_TITLE_LINES: usize = 10;

/// A warning at `title` (the title's place in report.yaml) when the cover
/// title of the fitted `doc` takes more than [`MAX_TITLE_LINES`] lines.
pub fn crowded_cover(doc: &Document, title: Place) -> Option<Warning> {
    let lines = doc.blocks.iter().find_map(|block| match block {
        Block::Cover(cover) => cover.title.as_ref().map(|title| 1 + title.iter().filter(|i| matches!(i, Inline::LineBreak)).count()),
        _ => None,
    })?;
    (lines > MAX_TITLE_LINES).then(|| {
        Warning::new(
            title,
            t!(
                "tên tài liệu chiếm {lines} dòng trên bìa (quá {MAX_TITLE_LINES} dòng): bìa chật, tên có thể tràn sang trang sau",
                "the title takes {lines} lines on the cover (more than {MAX_TITLE_LINES}): the cover is crowded and the title may run onto the next page"
            ),
            Some(t!("rút gọn `title` trong report.yaml", "shorten `title` in report.yaml")),
        )
    })
}

/// How much of the text width a title line may take: a little margin on
/// each side keeps it clear of the edges in both writers.
const TITLE_MEASURE: f64 = 0.92;

/// `lines` as bold title runs joined by line breaks.
fn lines_to_inlines(lines: &[String]) -> Inlines {
    let mut out = Inlines::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push(Inline::LineBreak);
        }
        out.push(Inline::Text { text: line.clone(), strong: false, emph: false, anchors: Vec::new() });
    }
    out
}

/// How many words of a title are balanced line against line; a longer
/// one (no cover holds it) is filled line by line, so that the work stays
/// small whatever the data says.
const MAX_BALANCED_WORDS: usize = 200;

/// `text` in as few lines of at most `width` as it needs, as equal in length
/// as they can be, each break as good as it can be: after punctuation or
/// before a phrase opener best, inside a compound worst. The search weighs
/// each line count once over every break (dynamic programming over the
/// spans that fit), so it takes time in proportion to the words times the
/// words a line holds.
pub fn balance(text: &str, measure: impl Fn(&str) -> f64, width: f64) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 2 {
        return vec![words.join(" ")];
    }
    if words.len() > MAX_BALANCED_WORDS {
        return filled(&words, &measure, width);
    }
    let n = words.len();
    // spans[j][m - 1]: the width of the m words from word j, for every
    // such line that fits.
    let spans: Vec<Vec<f64>> = (0..n)
        .map(|j| {
            let mut fitting = Vec::new();
            for i in j + 1..=n {
                let w = measure(&words[j..i].join(" "));
                if w > width {
                    break;
                }
                fitting.push(w);
            }
            fitting
        })
        .collect();
    if spans.iter().any(Vec::is_empty) {
        // A word wider than the line: no layout fits.
        return vec![words.join(" ")];
    }
    let longest = spans.iter().map(Vec::len).max().unwrap_or(1);
    let total = measure(&words.join(" "));
    let lines = ((total / width).ceil() as usize).clamp(1, n);
    // The cost of a break before word `at`.
    let break_cost: Vec<f64> = (0..n)
        .map(|at| {
            if at == 0 {
                return 0.0;
            }
            let before = words[at - 1];
            let after = words[at];
            let pair = format!("{} {}", before.to_uppercase(), after.to_uppercase());
            if before.ends_with([',', ';', ':', '.']) {
                0.0
            } else if COMPOUNDS.contains(&pair.as_str()) {
                6.0
            } else if PHRASE_OPENERS.contains(&after.to_uppercase().as_str()) {
                0.2
            } else {
                1.0
            }
        })
        .collect();
    // The fewest lines that fit, or one more when that reads better (a
    // line more costs less than a break inside a compound).
    let mut best_layout: Option<(f64, Vec<usize>)> = None;
    for count in lines..=n {
        if best_layout.as_ref().is_some_and(|(_, ends)| count > ends.len() + 1) {
            break;
        }
        let target = total / count as f64;
        // best[k][i]: the least cost of the first i words in k lines.
        let mut best = vec![vec![f64::INFINITY; n + 1]; count + 1];
        let mut from = vec![vec![0usize; n + 1]; count + 1];
        best[0][0] = 0.0;
        for k in 1..=count {
            for i in 1..=n {
                for j in (k - 1).max(i.saturating_sub(longest))..i {
                    let Some(&w) = spans[j].get(i - j - 1) else { continue };
                    if !best[k - 1][j].is_finite() {
                        continue;
                    }
                    let uneven = ((w - target) / target).powi(2);
                    let cost = best[k - 1][j] + uneven * 10.0 + if i < n { break_cost[i] } else { 0.0 };
                    if cost < best[k][i] {
                        best[k][i] = cost;
                        from[k][i] = j;
                    }
                }
            }
        }
        if !best[count][n].is_finite() {
            continue;
        }
        let mut ends = vec![n];
        let mut i = n;
        for k in (1..=count).rev() {
            i = from[k][i];
            ends.push(i);
        }
        ends.reverse();
        let cost = best[count][n] + (count - lines) as f64 * EXTRA_LINE;
        if best_layout.as_ref().is_none_or(|(c, _)| cost < *c) {
            best_layout = Some((cost, ends));
        }
    }
    if let Some((_, ends)) = best_layout {
        return ends.windows(2).map(|w| words[w[0]..w[1]].join(" ")).collect();
    }
    vec![words.join(" ")]
}

/// `words` filled line by line, each line as many as fit in `width`.
fn filled(words: &[&str], measure: &impl Fn(&str) -> f64, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words {
        let longer = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if !line.is_empty() && measure(&longer) > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = longer;
        }
    }
    lines.push(line);
    lines
}
#[cfg(test)]
mod tests {
    use super::*;

    /// Every character 1 unit wide, a space too.
    fn chars(s: &str) -> f64 {
        s.chars().count() as f64
    }

    #[test]
    fn title_lines_are_balanced_and_break_between_phrases() {
        let title = "TÀI LIỆU TUYÊN TRUYỀN KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020 CÁC CHỈ TIÊU, NHIỆM VỤ GIẢI PHÁP CHỦ YẾU NĂM 2021";
        let lines = balance(title, chars, 40.0);
        assert!(lines.len() == 3, "{lines:?}");
        for line in &lines {
            assert!(chars(line) <= 40.0, "{line}");
        }
        for (a, b) in lines.iter().zip(lines.iter().skip(1)) {
            let pair = format!("{} {}", a.split_whitespace().last().unwrap(), b.split_whitespace().next().unwrap());
            assert!(!COMPOUNDS.contains(&pair.as_str()), "no break inside «{pair}»: {lines:?}");
        }
        assert_eq!(lines.join(" "), title);
    }

    /// The search as it was before spans were measured once: every line
    /// count from the fewest, every break, every line measured anew.
    fn exhaustive(text: &str, measure: impl Fn(&str) -> f64, width: f64) -> Vec<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let n = words.len();
        let line_width = |from: usize, to: usize| measure(&words[from..to].join(" "));
        let total = line_width(0, n);
        let lines = ((total / width).ceil() as usize).clamp(1, n);
        let break_cost = |at: usize| -> f64 {
            let (before, after) = (words[at - 1], words[at]);
            let pair = format!("{} {}", before.to_uppercase(), after.to_uppercase());
            if before.ends_with([',', ';', ':', '.']) {
                0.0
            } else if COMPOUNDS.contains(&pair.as_str()) {
                6.0
            } else if PHRASE_OPENERS.contains(&after.to_uppercase().as_str()) {
                0.2
            } else {
                1.0
            }
        };
        let mut best_layout: Option<(f64, Vec<usize>)> = None;
        for count in lines..=n {
            if best_layout.as_ref().is_some_and(|(_, ends)| count > ends.len() + 1) {
                break;
            }
            let target = total / count as f64;
            let mut best = vec![vec![f64::INFINITY; n + 1]; count + 1];
            let mut from = vec![vec![0usize; n + 1]; count + 1];
            best[0][0] = 0.0;
            for k in 1..=count {
                for i in 1..=n {
                    for j in (k - 1)..i {
                        let w = line_width(j, i);
                        if !best[k - 1][j].is_finite() || w > width {
                            continue;
                        }
                        let cost = best[k - 1][j] + ((w - target) / target).powi(2) * 10.0 + if i < n { break_cost(i) } else { 0.0 };
                        if cost < best[k][i] {
                            best[k][i] = cost;
                            from[k][i] = j;
                        }
                    }
                }
            }
            if !best[count][n].is_finite() {
                continue;
            }
            let mut ends = vec![n];
            let mut i = n;
            for k in (1..=count).rev() {
                i = from[k][i];
                ends.push(i);
            }
            ends.reverse();
            let cost = best[count][n] + (count - lines) as f64 * EXTRA_LINE;
            if best_layout.as_ref().is_none_or(|(c, _)| cost < *c) {
                best_layout = Some((cost, ends));
            }
        }
        match best_layout {
            Some((_, ends)) => ends.windows(2).map(|w| words[w[0]..w[1]].join(" ")).collect(),
            None => vec![words.join(" ")],
        }
    }

    #[test]
    fn the_quick_search_finds_what_the_exhaustive_one_finds() {
        let words = "TÀI LIỆU TUYÊN TRUYỀN KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020, CÁC CHỈ TIÊU NHIỆM VỤ GIẢI PHÁP CHỦ YẾU CỦA ĐẢNG BỘ TỈNH TRONG GIAI ĐOẠN MỚI; XÂY DỰNG HỆ THỐNG CHÍNH TRỊ";
        let words: Vec<&str> = words.split_whitespace().collect();
        for count in [2, 5, 9, 17, 26, words.len()] {
            let title = words[..count].join(" ");
            for width in [12.0, 20.0, 33.0, 47.0, 80.0] {
                assert_eq!(balance(&title, chars, width), exhaustive(&title, chars, width), "{count} words, {width} wide");
            }
        }
    }

    #[test]
    fn a_long_title_takes_work_in_proportion_to_its_words() {
        let measured = std::cell::Cell::new(0usize);
        let counting = |s: &str| {
            measured.set(measured.get() + 1);
            chars(s)
        };
        for n in [200, 400, 10_000] {
            let title: Vec<String> = (0..n).map(|i| ["KẾT", "QUẢ", "NĂM", "2023,", "NHIỆM", "VỤ"][i % 6].to_string()).collect();
            measured.set(0);
            let lines = balance(&title.join(" "), counting, 40.0);
            assert_eq!(lines.join(" "), title.join(" "));
            assert!(lines.iter().all(|l| chars(l) <= 40.0), "{n} words: every line fits");
            // A line holds at most 13 of these words: each start is
            // measured with at most 14 ends, and the whole once.
            assert!(measured.get() <= n * 14 + 2, "{n} words: {} measurements", measured.get());
        }
    }

}
