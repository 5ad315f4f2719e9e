//! Anchors: each figure a template prints from the indicator table is marked
//! with what it is (`viec_lam_moi.achieved`), so that the document model,
//! and through it the writers, know which text is which figure. The
//! templates write the marks; the document model's reader takes them out.
//!
//! In the booklet Markdown an anchored text reads
//! `U+FDD2 label U+FDD3 text U+FDD4`. The marks are Unicode noncharacters,
//! which no input may contain, so data can never forge one.

/// Opens an anchor's label.
pub const OPEN: char = '\u{FDD2}';
/// Ends the label and opens the anchored text.
pub const TEXT: char = '\u{FDD3}';
/// Closes the anchored text.
pub const CLOSE: char = '\u{FDD4}';

/// `text` anchored with `label`.
pub fn wrap(label: &str, text: &str) -> String {
    format!("{OPEN}{label}{TEXT}{text}{CLOSE}")
}

/// `text` cut into runs, each with the label of the anchor it is in.
pub fn split(text: &str) -> Vec<(String, Option<String>)> {
    let mut runs = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(OPEN) {
        if open > 0 {
            runs.push((rest[..open].to_string(), None));
        }
        let after = &rest[open + OPEN.len_utf8()..];
        let (Some(mid), Some(close)) = (after.find(TEXT), after.find(CLOSE)) else {
            rest = after;
            continue;
        };
        if mid > close {
            rest = &after[close + CLOSE.len_utf8()..];
            continue;
        }
        let inner = &after[mid + TEXT.len_utf8()..close];
        runs.push((inner.to_string(), Some(after[..mid].to_string())));
        rest = &after[close + CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        runs.push((rest.to_string(), None));
    }
    runs
}

/// `text` without its anchors, their text kept.
pub fn strip(text: &str) -> String {
    if !text.contains([OPEN, TEXT, CLOSE]) {
        return text.to_string();
    }
    split(text).into_iter().map(|(run, _)| run).collect()
}

/// The labels of the anchors in `text`, in order.
pub fn labels(text: &str) -> Vec<String> {
    split(text).into_iter().filter_map(|(_, label)| label).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchored_text_splits_and_strips() {
        let text = format!("giải quyết {} lao động, {}", wrap("viec_lam.achieved", "16.100"), wrap("viec_lam.ratio", "đạt 70%"));
        assert_eq!(strip(&text), "giải quyết 16.100 lao động, đạt 70%");
        assert_eq!(labels(&text), ["viec_lam.achieved", "viec_lam.ratio"]);
        let runs = split(&text);
        assert_eq!(runs[1], ("16.100".to_string(), Some("viec_lam.achieved".to_string())));
        assert_eq!(split("không có"), [("không có".to_string(), None)]);
    }
}
