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
use crate::fonts::FontLibrary;

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

/// `text` in as few lines of at most `width` as it needs, as equal in length
/// as they can be, each break as good as it can be: after punctuation or
/// before a phrase opener best, inside a compound worst.
pub fn balance(text: &str, measure: impl Fn(&str) -> f64, width: f64) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 2 {
        return vec![words.join(" ")];
    }
    let line_width = |from: usize, to: usize| measure(&words[from..to].join(" "));
    let total = line_width(0, words.len());
    let lines = ((total / width).ceil() as usize).clamp(1, words.len());
    // The cost of a break before word `at`.
    let break_cost = |at: usize| -> f64 {
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
    };
    // The fewest lines that fit, or one more when that reads better (a
    // line more costs less than a break inside a compound).
    let mut best_layout: Option<(f64, Vec<usize>)> = None;
    for count in lines..=words.len() {
        if best_layout.as_ref().is_some_and(|(_, ends)| count > ends.len() + 1) {
            break;
        }
        let target = total / count as f64;
        // best[k][i]: the least cost of the first i words in k lines.
        let n = words.len();
        let mut best = vec![vec![f64::INFINITY; n + 1]; count + 1];
        let mut from = vec![vec![0usize; n + 1]; count + 1];
        best[0][0] = 0.0;
        for k in 1..=count {
            for i in 1..=n {
                for j in (k - 1)..i {
                    if !best[k - 1][j].is_finite() {
                        continue;
                    }
                    let w = line_width(j, i);
                    if w > width {
                        continue;
                    }
                    let uneven = ((w - target) / target).powi(2);
                    let cost = best[k - 1][j] + uneven * 10.0 + if i < n { break_cost(i) } else { 0.0 };
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
}
