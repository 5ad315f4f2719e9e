//! The heading ladder a hand-made booklet's typed labels are read by: the
//! default house style's (`templates/style.yaml`), not one of the
//! importer's own. Each level is known by its label's pattern ("A.", "I-",
//! "1.", "*"); a label written with "-", the Party's way, also with ".",
//! the state's ("I." for "I-"); a level labelled as a numbered list's first
//! label also gives the list's next label to the level under it ("a)" under
//! "1.", from `numbered`). To these the booklet adds what it shows: a label
//! met on a heading known by its Word style or numbering is known at that
//! level from then on, before the default's.
//!
//! The labels found, where they differ from the default ladder, are
//! written to the new folder's `templates/style.yaml`
//! ([`ladder_style`]).

use crate::style::{HouseStyle, Label};

/// The patterns each heading level is known by.
#[derive(Debug, Clone)]
pub struct Ladder {
    /// Level 1 first.
    levels: Vec<Level>,
}

/// The patterns one heading level is known by.
#[derive(Debug, Clone, Default)]
struct Level {
    /// Those this booklet showed, read first.
    found: Vec<String>,
    /// The house style's.
    known: Vec<String>,
}

impl Default for Ladder {
    /// The default house style's ladder (read once).
    fn default() -> Ladder {
        static DEFAULT: std::sync::OnceLock<Ladder> = std::sync::OnceLock::new();
        DEFAULT.get_or_init(|| Ladder::of(&crate::style::default_house_style())).clone()
    }
}

impl Ladder {
    /// The ladder of house style `style`.
    pub fn of(style: &HouseStyle) -> Ladder {
        let first_listed = style.numbered.first().map(pattern);
        let mut levels = Vec::new();
        for (level, heading) in style.headings.iter().enumerate() {
            let own = pattern(&heading.label);
            let mut known = vec![own.clone()];
            if matches!(heading.label, Label::Counter { .. }) && own.ends_with('-') {
                known.push(format!("{}.", own.trim_end_matches('-')));
            }
            // "a)" under "1.", as numbered lists nest.
            let above = level.checked_sub(1).map(|l| pattern(&style.headings[l].label));
            if let (Some(above), Some(first), Some(next)) = (above, &first_listed, style.numbered.get(1))
                && above == *first
            {
                known.push(pattern(next));
            }
            levels.push(Level { found: Vec::new(), known });
        }
        Ladder { levels }
    }

    /// The level (from 1) headings labelled with `pattern` ("A.", "I-")
    /// stand at: where this booklet showed it, else where the house style
    /// has it.
    pub fn level_of(&self, pattern: &str) -> Option<u8> {
        let pattern = pattern.replace('–', "-");
        let found = self.levels.iter().position(|l| l.found.contains(&pattern));
        found.or_else(|| self.levels.iter().position(|l| l.known.contains(&pattern))).and_then(|i| u8::try_from(i + 1).ok())
    }

    /// Notes that this booklet labels headings of `level` with `pattern`.
    pub fn learn(&mut self, level: u8, pattern: &str) {
        if let Some(known) = self.levels.get_mut(usize::from(level.max(1)) - 1)
            && !known.found.iter().any(|p| p == pattern)
        {
            known.found.push(pattern.to_string());
        }
    }

    /// Whether `mark` is a fixed mark of the ladder ("*"), typed before a
    /// run-in heading.
    pub fn is_mark(&self, mark: &str) -> bool {
        !mark.chars().any(char::is_alphanumeric) && self.levels.iter().any(|l| l.found.iter().chain(&l.known).any(|p| p == mark))
    }
}

/// A label's pattern as a typed label shows it, without its line breaks:
/// "A.", "I-", "PHẦN {ordinal-upper}:", "*".
fn pattern(label: &Label) -> String {
    match label {
        Label::Fixed { text } => text.trim().to_string(),
        Label::Counter { prefix, symbol, suffix, words } if !words.is_empty() => format!("{prefix}{{{symbol}}}{suffix}").trim().to_string(),
        Label::Counter { prefix, symbol, suffix, .. } => format!("{prefix}{symbol}{suffix}").trim().to_string(),
    }
}

/// The ladder's pattern of a typed label: its counting symbol replaced by
/// the first of its kind ("B." is "A.", "IV-" is "I-", "12." is "1.", "c)"
/// is "a)"); a label without one is a fixed mark ("*").
pub fn pattern_of(label: &str) -> String {
    let label = label.trim();
    let Some(start) = label.find(|c: char| c.is_ascii_alphanumeric()) else { return label.to_string() };
    let end = label[start..].find(|c: char| !c.is_ascii_alphanumeric()).map_or(label.len(), |e| start + e);
    let symbol = &label[start..end];
    let counting = if symbol.chars().all(|c| c.is_ascii_digit()) {
        "1"
    } else if symbol.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        "I"
    } else if symbol.chars().all(|c| matches!(c, 'i' | 'v' | 'x')) {
        "i"
    } else if let Some(letter) = letter_pattern(label) {
        return letter;
    } else {
        return label.to_string();
    };
    format!("{}{counting}{}", &label[..start], &label[end..])
}

/// The pattern of a label that counts with one letter, read as a letter
/// even where it could be a Roman numeral ("I." as the ninth part, "i)"
/// as the ninth item): "A." or "a)".
pub fn letter_pattern(label: &str) -> Option<String> {
    let label = label.trim();
    let start = label.find(|c: char| c.is_ascii_alphanumeric())?;
    let letter = label[start..].chars().next()?;
    let after = &label[start + 1..];
    if !letter.is_ascii_alphabetic() || after.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let first = if letter.is_ascii_uppercase() { 'A' } else { 'a' };
    Some(format!("{}{first}{after}", &label[..start]))
}

/// The default house style with the labels of `ladder` where one was seen
/// and differs from the default's, and the labels written; none when the
/// default ladder is the one found.
pub fn ladder_style(ladder: &[Option<String>; 4]) -> Option<(String, String)> {
    let default = crate::assets::default_templates().iter().find(|(name, _)| *name == crate::style::STYLE_FILE).map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())?;
    let mut level = 0;
    let mut changed = Vec::new();
    let mut lines = Vec::new();
    for line in default.lines() {
        let Some(current) = line.strip_prefix("  - label: ") else {
            lines.push(line.to_string());
            continue;
        };
        let found = ladder.get(level).cloned().flatten();
        level += 1;
        match found {
            Some(label) if crate::yaml::quoted(&label) != current && format!("\"{label}\"") != current => {
                let written = format!("\"{}\"", label.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"));
                changed.push(written.clone());
                lines.push(format!("  - label: {written}"));
            }
            _ => lines.push(line.to_string()),
        }
    }
    (!changed.is_empty()).then(|| (lines.join("\n") + "\n", changed.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_ladder_is_the_house_style_s() {
        let ladder = Ladder::default();
        let levels: Vec<Option<u8>> = ["A.", "I-", "I.", "1.", "*", "a)", "i)", "A)"].iter().map(|p| ladder.level_of(p)).collect();
        assert_eq!(levels, [Some(1), Some(2), Some(2), Some(3), Some(4), Some(4), None, None]);
        assert!(ladder.is_mark("*") && !ladder.is_mark("A."));
        assert_eq!((pattern_of("IV-"), pattern_of("12."), pattern_of("c)"), pattern_of("H."), pattern_of("i)")), ("I-".into(), "1.".into(), "a)".into(), "A.".into(), "i)".into()));
        assert_eq!(letter_pattern("i)").as_deref(), Some("a)"));
    }

    #[test]
    fn the_ladder_follows_the_house_style_and_what_the_booklet_shows() {
        // The state's ladder in a house style: "I." sections, "a)" run-in
        // headings under "1.".
        let source = std::str::from_utf8(crate::assets::default_templates().iter().find(|(n, _)| *n == crate::style::STYLE_FILE).unwrap().1)
            .unwrap()
            .replace("label: \"I-\"", "label: \"I.\"")
            .replace("label: \"*\"", "label: \"+\"");
        let mut ladder = Ladder::of(&HouseStyle::parse(std::path::Path::new("style.yaml"), &source).unwrap());
        assert_eq!((ladder.level_of("I."), ladder.level_of("I-"), ladder.level_of("*"), ladder.level_of("+")), (Some(2), None, None, Some(4)));
        // A booklet whose Heading 2 is labelled "A.": its typed "A." are
        // sections too.
        ladder.learn(2, "A.");
        assert_eq!(ladder.level_of("A."), Some(2));
    }
}
