//! The outline of `report.yaml`: every key and value with its place, read
//! before the values are. With it, every misspelt or unknown key is reported
//! at its line, with its path (`settings.papr`) and the closest known key,
//! and every missing required key, all at once rather than one per run;
//! and a value found wrong later (a character no font draws, a control
//! character a YAML escape made) is told at its line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_saphyr::Spanned;

use super::{Facts, Settings};
use crate::error::{Error, Place};
use crate::yaml::{Node, place};
use crate::indicators::StatedSummary;
use crate::t;

/// Where each key and value of `report.yaml` is, by path: `title`,
/// `settings.paper`, `content[1]`, `summaries.main.unmet[0]`.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// The place of each key.
    keys: BTreeMap<String, Place>,
    /// The place of each value, spanning it when it is a scalar on one line.
    values: BTreeMap<String, Place>,
    /// The keys of the root mapping, in order.
    root: Vec<String>,
}

impl Outline {
    /// The outline of `source`, the text of `path`; empty when it is not
    /// valid YAML (the full parse then says why).
    pub fn read(path: &Path, source: &str) -> Outline {
        let mut outline = Outline::default();
        let Ok(root) = serde_saphyr::from_str::<Spanned<Node>>(source) else { return outline };
        if let Node::Map(entries) = &root.value {
            outline.root = entries.iter().map(|(k, _)| k.value.clone()).collect();
        }
        let lines: Vec<&str> = source.lines().collect();
        outline.walk(path, &lines, "", &root);
        outline
    }

    fn walk(&mut self, path: &Path, lines: &[&str], prefix: &str, node: &Spanned<Node>) {
        match &node.value {
            Node::Map(entries) => {
                for (key, value) in entries {
                    let name = if prefix.is_empty() { key.value.clone() } else { format!("{prefix}.{}", key.value) };
                    self.keys.insert(name.clone(), place(path, lines, key.referenced, Some(key.value.chars().count())));
                    self.walk(path, lines, &name, value);
                }
            }
            Node::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk(path, lines, &format!("{prefix}[{i}]"), item);
                }
            }
            Node::Scalar => {}
        }
        if !prefix.is_empty() {
            let len = matches!(node.value, Node::Scalar).then(|| scalar_length(lines, node.referenced)).flatten();
            self.values.insert(prefix.to_string(), place(path, lines, node.referenced, len));
        }
    }

    /// The place of the value at `path` (`title`, `content[1]`), else of
    /// its key, else of the nearest enclosing key.
    pub fn value(&self, path: &str) -> Option<Place> {
        self.values.get(path).or_else(|| self.keys.get(path)).cloned().or_else(|| {
            let parent = path.rsplit_once(['.', '['])?.0;
            self.value(parent)
        })
    }

    /// The place of the key `path`.
    pub fn key(&self, path: &str) -> Option<Place> {
        self.keys.get(path).cloned()
    }
}

/// How many characters the scalar at `at` spans on its line: up to a
/// comment or the end of the line, or to the closing quote.
fn scalar_length(lines: &[&str], at: serde_saphyr::Location) -> Option<usize> {
    let line = lines.get((at.line() as usize).checked_sub(1)?)?;
    let start = line.char_indices().nth((at.column() as usize).checked_sub(1)?)?.0;
    let rest = &line[start..];
    let end = match rest.chars().next()? {
        quote @ ('"' | '\'') => rest[1..].find(quote).map_or(rest.len(), |i| i + 2),
        _ => rest.find(" #").unwrap_or(rest.len()),
    };
    let value = rest[..end].trim_end();
    (!value.is_empty()).then(|| value.chars().count())
}

/// Every key of `source` (the text of `path`) that the facts do not know,
/// and every required key it lacks, as errors with their places, paths
/// and the closest known key. Invalid YAML gives no errors here: the full
/// parse reports it.
pub fn key_errors(path: &Path, source: &str, outline: &Outline) -> Vec<Error> {
    let Ok(root) = serde_saphyr::from_str::<Node>(source) else { return Vec::new() };
    let Node::Map(entries) = &root else { return Vec::new() };
    let mut errors = Vec::new();
    let lines: Vec<&str> = source.lines().collect();
    for (key, value) in entries {
        match (key.value.as_str(), &value.value) {
            ("settings", Node::Map(settings)) => check(path, &lines, "settings.", settings, fields_of::<Settings>(), &mut errors),
            ("summaries", Node::Map(lists)) => {
                for (list, summary) in lists {
                    if let Node::Map(summary) = &summary.value {
                        let prefix = format!("summaries.{}.", list.value);
                        check(path, &lines, &prefix, summary, fields_of::<StatedSummary>(), &mut errors);
                    }
                }
            }
            _ => {}
        }
    }
    check(path, &lines, "", entries, fields_of::<Facts>(), &mut errors);
    errors.sort_by_key(|e| e.place().and_then(|p| p.line));
    let missing: Vec<&str> = super::REQUIRED.iter().copied().filter(|k| !outline.root.iter().any(|r| r == k)).collect();
    if !missing.is_empty() {
        errors.push(Error::input(
            Place::file(path),
            t!("thiếu khóa bắt buộc: {}", "required keys missing: {}", missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")),
            Some(t!(
                "thêm mỗi khóa trên một dòng, ví dụ `place: Trà Vinh`; README liệt kê các khóa bắt buộc",
                "add each key on a line of its own, e.g. `place: Trà Vinh`; the README lists the required keys"
            )),
        ));
    }
    errors
}

fn check(path: &Path, lines: &[&str], prefix: &str, keys: &[(Spanned<String>, Spanned<Node>)], known: &[&str], errors: &mut Vec<Error>) {
    for (key, _) in keys {
        if known.contains(&key.value.as_str()) {
            continue;
        }
        let place = place(path, lines, key.referenced, Some(key.value.chars().count()));
        let closest = known.iter().min_by_key(|k| strsim::levenshtein(k, &key.value)).copied().unwrap_or_default();
        let hint = if strsim::levenshtein(closest, &key.value) <= closest.len().max(2) / 2 + 1 {
            t!("có phải là `{prefix}{closest}`?", "did you mean `{prefix}{closest}`?")
        } else {
            t!("các khóa được dùng ở đây: {}", "the keys allowed here: {}", known.join(", "))
        };
        errors.push(Error::input(
            place,
            t!("khóa không hợp lệ `{prefix}{}`", "unknown key `{prefix}{}`", key.value),
            Some(hint),
        ));
    }
}

/// The field names of struct `T`, as its derived `Deserialize` knows them.
fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    // Asks `T` to deserialize itself, and keeps the field list it offers.
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

/// A deserializer that only records the fields a struct asks for.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for FieldNames<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("fields recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_from_the_structs() {
        assert!(fields_of::<Facts>().contains(&"parent_body"));
        assert!(fields_of::<Facts>().contains(&"summaries"));
        assert_eq!(fields_of::<Settings>(), ["paper", "duplex", "zero_pad_counts", "ratio_decimals"]);
    }

    #[test]
    fn values_are_found_by_their_path_and_span_their_text() {
        let source = "title: Tài liệu  # tên\ncontent:\n  - a.md\n  - b.md\nyear: 1e308\n";
        let outline = Outline::read(Path::new("r.yaml"), source);
        let content = outline.value("content[1]").unwrap();
        assert_eq!((content.line, content.column, content.len), (Some(4), Some(5), Some(4)));
        let year = outline.value("year").unwrap();
        assert_eq!((year.line, year.column, year.len), (Some(5), Some(7), Some(5)), "the marker spans 1e308 only");
        assert_eq!(outline.value("title").unwrap().len, Some(8), "«Tài liệu», not the comment");
        assert_eq!(outline.value("content[9]").unwrap().line, Some(3), "an unknown entry falls back to its list");
    }

    #[test]
    fn every_unknown_key_is_named_with_its_path_and_the_closest_key() {
        let source = "titel: X\nyear: 2020\nsettings:\n  papr: a5\nsummaries:\n  main:\n    totl: 3\n    title: y\nfoo: [1, 2]\n";
        let outline = Outline::read(Path::new("r.yaml"), source);
        let errors: Vec<String> = key_errors(Path::new("r.yaml"), source, &outline).iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert!(errors[4].contains("`parent_body`") && errors[4].contains("`place`") && errors[4].contains("`title`"), "every missing key at once: {}", errors[4]);
        assert!(errors[0].starts_with("r.yaml:1:1: ") && errors[0].contains("`titel`") && errors[0].contains("`title`"), "{}", errors[0]);
        assert!(errors[1].starts_with("r.yaml:4:3: ") && errors[1].contains("`settings.papr`") && errors[1].contains("`settings.paper`"), "{}", errors[1]);
        assert!(errors[2].starts_with("r.yaml:7:5: ") && errors[2].contains("`summaries.main.total`"), "{}", errors[2]);
        assert!(errors[3].starts_with("r.yaml:9:1: ") && errors[3].contains("`foo`"), "{}", errors[3]);
    }
}
