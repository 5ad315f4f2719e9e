//! Word's list and heading numbers computed as Word computes them, from
//! numbering.xml: each paragraph's number instance (`numId`) and level
//! (`ilvl`), found on the paragraph or through its style; the instance's
//! abstract definition (through `numStyleLink` when it links to a style);
//! `lvlOverride`/`startOverride`; the level's format (`decimal`,
//! `upperRoman`, `upperLetter`, `lowerLetter`, `bullet`, ...) and text
//! (`%1.`, `%1-`, `%1.%2.`); a level restarting under the levels above it.
//! Word's Vietnamese counting (`vietnameseCounting`: một, hai, ba) too, for
//! parts numbered in words.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::wordml::w_attr as w;

/// One level of an abstract numbering.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// numbering.xml, read.
#[derive(Debug, Default)]
pub struct Numbering {
    /// Abstract definitions: their levels.
    abstracts: HashMap<String, HashMap<u8, Level>>,
    /// An abstract definition that links to a numbering style, by the
    /// style's id.
    style_links: HashMap<String, String>,
    /// Instances: their abstract definition and start overrides.
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
    /// The counters of each instance's levels.
    counters: HashMap<String, HashMap<u8, u32>>,
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

impl Numbering {
    /// Reads numbering.xml.
    pub fn read(xml: &Document<'_>) -> Numbering {
        let mut numbering = Numbering::default();
        for node in xml.root_element().children().filter(Node::is_element) {
            match node.tag_name().name() {
                "abstractNum" => {
                    let id = w(node, "abstractNumId").unwrap_or_default().to_string();
                    if let Some(link) = child(node, "numStyleLink").and_then(|l| w(l, "val")) {
                        numbering.style_links.insert(id.clone(), link.to_string());
                    }
                    let mut levels = HashMap::new();
                    for level in node.children().filter(|c| c.tag_name().name() == "lvl") {
                        let ilvl = w(level, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        levels.insert(
                            ilvl,
                            Level {
                                start: child(level, "start").and_then(|s| w(s, "val")).and_then(|v| v.parse().ok()).unwrap_or(1),
                                format: child(level, "numFmt").and_then(|f| w(f, "val")).unwrap_or("decimal").to_string(),
                                text: child(level, "lvlText").and_then(|t| w(t, "val")).unwrap_or_default().to_string(),
                            },
                        );
                    }
                    numbering.abstracts.insert(id, levels);
                }
                "num" => {
                    let id = w(node, "numId").unwrap_or_default().to_string();
                    let abstract_id = child(node, "abstractNumId").and_then(|a| w(a, "val")).unwrap_or_default().to_string();
                    let overrides = node
                        .children()
                        .filter(|c| c.tag_name().name() == "lvlOverride")
                        .filter_map(|o| Some((w(o, "ilvl")?.parse().ok()?, w(child(o, "startOverride")?, "val")?.parse().ok()?)))
                        .collect();
                    numbering.nums.insert(id, (abstract_id, overrides));
                }
                _ => {}
            }
        }
        numbering
    }

    /// The label Word shows for the next paragraph of instance `num` at
    /// level `ilvl` ("A.", "I-", "1.", "-"), and whether the level is a
    /// bullet: a mark, no number (`bullet`, or LibreOffice's `none` with a
    /// mark for its text); `style_nums` maps a style to its number
    /// instance, for definitions linked to a style.
    pub fn label(&mut self, num: &str, ilvl: u8, style_nums: &HashMap<String, String>) -> Option<(String, bool)> {
        let (abstract_id, overrides) = self.nums.get(num)?.clone();
        let abstract_id = match self.style_links.get(&abstract_id).and_then(|style| style_nums.get(style)).and_then(|n| self.nums.get(n)) {
            Some((linked, _)) => linked.clone(),
            None => abstract_id,
        };
        let levels = self.abstracts.get(&abstract_id)?.clone();
        let level = levels.get(&ilvl)?.clone();
        let counters = self.counters.entry(num.to_string()).or_default();
        let start = |l: u8| overrides.get(&l).copied().unwrap_or_else(|| levels.get(&l).map_or(1, |v| v.start));
        let value = counters.get(&ilvl).map_or(start(ilvl), |v| v + 1);
        counters.insert(ilvl, value);
        // The levels below restart.
        counters.retain(|l, _| *l <= ilvl);
        if level.format == "bullet" || (level.format == "none" && !level.text.contains('%')) {
            return Some((level.text.clone(), true));
        }
        let mut text = level.text.clone();
        for l in 0..=ilvl {
            let shown = format_number(counters.get(&l).copied().unwrap_or_else(|| start(l)), levels.get(&l).map_or("decimal", |v| v.format.as_str()));
            text = text.replace(&format!("%{}", l + 1), &shown);
        }
        Some((text, false))
    }
}

/// `n` in Word's number format `format`.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letter(n),
        "lowerLetter" => letter(n).to_lowercase(),
        "decimalZero" => format!("{n:02}"),
        // Word's Vietnamese counting: "một", "hai" (a part label "PHẦN THỨ %1"
        // reads "PHẦN THỨ một", which the part labels take as "thứ nhất").
        "vietnameseCounting" => crate::locale::integer_in_words(i128::from(n)),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    let mut out = String::new();
    for (value, digits) in [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// A, B, ..., Z, AA, BB, ... as Word counts letters.
fn letter(n: u32) -> String {
    let n = n.max(1) - 1;
    let c = char::from(b'A' + (n % 26) as u8);
    std::iter::repeat_n(c, (n / 26 + 1) as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_count_restart_and_follow_overrides() {
        let xml = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            <w:abstractNum w:abstractNumId="0">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%2-"/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
            </w:abstractNum>
            <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl></w:abstractNum>
            <w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="none"/><w:lvlText w:val="-"/></w:lvl></w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
            <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
            <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
          </w:numbering>"#;
        let doc = Document::parse(xml).unwrap();
        let mut n = Numbering::read(&doc);
        let none = HashMap::new();
        let labels: Vec<String> = [(0, "1"), (1, "1"), (2, "1"), (2, "1"), (1, "1"), (2, "1"), (0, "1"), (1, "1"), (0, "2"), (2, "3")]
            .iter()
            .map(|(l, num)| n.label(num, *l, &none).unwrap().0)
            .collect();
        assert_eq!(labels, ["A.", "I-", "1.", "2.", "II-", "1.", "B.", "I-", "-", "5."]);
        assert_eq!(n.label("2", 0, &none), Some(("-".into(), true)), "a bullet");
        assert_eq!(n.label("4", 0, &none), Some(("-".into(), true)), "LibreOffice's bullet: no number, a mark for its text");
        assert_eq!(n.label("1", 2, &none).map(|l| l.1), Some(false), "a number");
        assert_eq!(roman(14), "XIV");
        assert_eq!(format_number(4, "vietnameseCounting"), "bốn");
        assert_eq!(letter(27), "AA");
    }
}
