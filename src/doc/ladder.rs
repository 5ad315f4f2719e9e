//! The heading ladder as the booklet climbs it: a heading two levels below
//! the one before it (a "1." subsection straight under an "A." part, its
//! "I-" section missing), and a part with nothing in it (two parts in a
//! row: a label typed as a heading of its own, "PHẦN THỨ NHẤT:", above its
//! title). Both print, and both are almost always a slip of the text; they
//! are warnings of the build and of `check`.

use super::model::{Block, plain_text};
use crate::source::Origin;
use crate::t;

/// A slip of the ladder: the heading it is at, its first word (to find it
/// on its line), the message and the hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LadderSlip {
    /// Where the heading came from.
    pub origin: Option<Origin>,
    /// The heading's first word.
    pub first_word: String,
    /// What is wrong.
    pub message: String,
    /// How to mend it.
    pub hint: String,
}

/// Every slip of the ladder in the booklet's `blocks`, in reading order. A
/// booklet may start at sections (`##`, no parts); unnumbered headings
/// (the appendix) are left out.
pub fn slips(blocks: &[Block]) -> Vec<LadderSlip> {
    let headings: Vec<(u8, String, Option<Origin>, usize)> = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, block)| match block {
            Block::Heading { level, text, numbered: true, origin } => Some((*level, plain_text(text), *origin, i)),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    let slip = |origin: Option<Origin>, text: &str, message: String, hint: String| LadderSlip {
        origin,
        first_word: text.split_whitespace().next().unwrap_or_default().to_string(),
        message,
        hint,
    };
    let mut above = 1;
    for (n, (level, text, origin, index)) in headings.iter().enumerate() {
        if *level > above + 1 {
            found.push(slip(
                *origin,
                text,
                t!(
                    "tiêu đề cấp {level} «{text}» đứng ngay dưới tiêu đề cấp {above}: thiếu cấp {} ở giữa",
                    "the level {level} heading «{text}» stands right under a level {above} heading: level {} is missing between them",
                    above + 1
                ),
                t!(
                    "dùng {} dấu # cho tiêu đề này, hoặc thêm tiêu đề cấp {} phía trên",
                    "use {} # marks for this heading, or add a level {} heading above it",
                    above + 1,
                    above + 1
                ),
            ));
        }
        above = *level;
        // A part with nothing before the next part (or the booklet's end).
        let next = headings.get(n + 1).map_or(blocks.len(), |h| h.3);
        let empty = blocks[index + 1..next].iter().all(|b| matches!(b, Block::PageBreak));
        if *level == 1 && empty && headings.get(n + 1).is_none_or(|h| h.0 == 1) {
            found.push(slip(
                *origin,
                text,
                t!("phần «{text}» không có nội dung: phần tiếp theo đứng ngay dưới", "part «{text}» is empty: the next part follows at once"),
                t!(
                    "nếu dòng này là nhãn của phần (như «PHẦN THỨ NHẤT:»), xóa nó và ghi nhãn vào templates/style.yaml (headings, label); nếu không, viết nội dung của phần",
                    "if this line is the part's label (such as «PHẦN THỨ NHẤT:»), delete it and give the label in templates/style.yaml (headings, label); else write the part's text"
                ),
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Inline;

    /// Blocks from lines: "# text" a heading, others a paragraph.
    fn document(lines: &[&str]) -> Vec<Block> {
        let text = |t: &str| vec![Inline::Text { text: t.to_string(), strong: false, emph: false, anchors: Vec::new() }];
        lines
            .iter()
            .map(|line| match line.split_once(' ') {
                Some((marks, rest)) if marks.chars().all(|c| c == '#') => Block::Heading { level: marks.len() as u8, text: text(rest), numbered: true, origin: None },
                _ => Block::Paragraph { text: text(line), origin: None },
            })
            .collect()
    }

    #[test]
    fn skipped_levels_and_empty_parts_are_slips() {
        let found = slips(&document(&["# PHẦN THỨ NHẤT:", "# KẾT QUẢ", "Đoạn.", "### Kinh tế", "Đoạn.", "## Hạn chế", "Đoạn."]));
        let messages: Vec<&str> = found.iter().map(|s| s.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("phần «PHẦN THỨ NHẤT:» không có nội dung"), "{messages:?}");
        assert!(messages[1].contains("tiêu đề cấp 3 «Kinh tế»") && messages[1].contains("thiếu cấp 2"), "{messages:?}");
        // Sections without parts, and a part whose sections follow, are fine.
        assert!(slips(&document(&["## I", "Đoạn.", "### a", "Đoạn."])).is_empty());
        assert!(slips(&document(&["# A", "## I", "Đoạn.", "# B", "Đoạn."])).is_empty());
    }
}
