//! Reading YAML files: values parsed with the path of the field they fill
//! (`summaries.main.total`), and errors in the staff's language at the
//! line and column of the offending value.

use std::borrow::Cow;
use std::path::Path;

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_saphyr::{MessageFormatter, Spanned, UserMessageFormatter};

use crate::error::{Error, Place, Result};
use crate::lang::{self, Lang};
use crate::t;

/// Parses `source`, the text of `path`, into a `T`.
pub fn parse<T: DeserializeOwned>(path: &Path, source: &str) -> Result<T> {
    if let Some(error) = tab_indentation(path, source) {
        return Err(error);
    }
    let mut field = None;
    let parsed = serde_saphyr::with_deserializer_from_str(source, |deserializer| {
        serde_path_to_error::deserialize(deserializer).map_err(|e| {
            field = Some(e.path().to_string()).filter(|p| p != "." && !p.contains('?'));
            e.into_inner()
        })
    });
    parsed.map_err(|e| error(path, source, field.as_deref(), &e))
}

/// The most missing keys looked for in one file.
const MAX_MISSING: usize = 100;

/// Parses `source`, the text of `path`, into a `T` as [`parse`] does; when
/// required keys are missing, every one is told at once (not the first
/// only, at the file's end), each at its parent key, with `hint`.
/// `reference` is a complete file of the same kind (the default), whose
/// values stand in for the missing ones while the next is looked for.
pub fn parse_complete<T: DeserializeOwned>(path: &Path, source: &str, reference: &str, hint: &str) -> Result<T> {
    let first = match parse(path, source) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let missing = missing_keys::<T>(source, reference);
    let root = serde_saphyr::from_str::<Spanned<Node>>(source).ok();
    let lines: Vec<&str> = source.lines().collect();
    let mut errors: Vec<Error> = missing
        .into_iter()
        .map(|(parent, key)| {
            let place = root.as_ref().and_then(|root| key_place(path, &lines, root, &parent)).unwrap_or_else(|| Place::file(path));
            let message = match parent.is_empty() {
                true => t!("thiếu khóa bắt buộc `{key}`", "the required key `{key}` is missing"),
                false => t!("`{}` thiếu khóa bắt buộc `{key}`", "`{}` lacks the required key `{key}`", shown_path(&parent)),
            };
            Error::input(place, message, Some(hint.to_string()))
        })
        .collect();
    // In the file's order; those of the top level, without a line, last.
    errors.sort_by_key(|e| e.place().and_then(|p| p.line).unwrap_or(usize::MAX));
    Err(Error::all(errors).unwrap_or(first))
}

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// `steps` as people read it (`headings[1]`, `font`).
fn shown_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => out.push_str(&format!(".{k}")),
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The required keys `source` lacks for a `T`, each with the path of the
/// mapping that lacks it: the first missing key is filled in from
/// `reference` and the document read again, until none is missing.
fn missing_keys<T: DeserializeOwned>(source: &str, reference: &str) -> Vec<(Vec<Step>, String)> {
    use serde_json::Value;
    let (Ok(mut document), Ok(reference)) = (serde_saphyr::from_str::<Value>(source), serde_saphyr::from_str::<Value>(reference)) else {
        return Vec::new();
    };
    let mut missing = Vec::new();
    while missing.len() < MAX_MISSING {
        let mut at = Vec::new();
        // JSON is YAML: the document as it stands, read again.
        let read = serde_saphyr::with_deserializer_from_str(&document.to_string(), |deserializer| {
            serde_path_to_error::deserialize::<_, T>(deserializer).map(drop).map_err(|e| {
                at = e
                    .path()
                    .iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
                        serde_path_to_error::Segment::Seq { index } => Some(Step::Index(*index)),
                        _ => None,
                    })
                    .collect();
                e.into_inner()
            })
        });
        let Err(error) = read else { break };
        let serde_saphyr::Error::SerdeMissingField { field, .. } = error.without_snippet() else { break };
        let (Some(stand_in), Some(Value::Object(parent))) = (stand_in(&reference, &at, field), walk_mut(&mut document, &at)) else { break };
        if parent.contains_key(*field) {
            break;
        }
        parent.insert(field.to_string(), stand_in);
        missing.push((at, field.to_string()));
    }
    missing
}

/// The value of `reference` at `steps` then `field`; where the reference
/// has no such key or item, its first (a format or a heading like the
/// user's own).
fn stand_in(reference: &serde_json::Value, steps: &[Step], field: &str) -> Option<serde_json::Value> {
    use serde_json::Value;
    let mut node = reference;
    for step in steps {
        node = match (node, step) {
            (Value::Object(map), Step::Key(key)) => map.get(key).or_else(|| map.values().next())?,
            (Value::Array(items), Step::Index(i)) => items.get(*i).or_else(|| items.first())?,
            _ => return None,
        };
    }
    node.get(field).cloned()
}

/// The value of `document` at `steps`.
fn walk_mut<'a>(document: &'a mut serde_json::Value, steps: &[Step]) -> Option<&'a mut serde_json::Value> {
    steps.iter().try_fold(document, |node, step| match step {
        Step::Key(key) => node.get_mut(key.as_str()),
        Step::Index(i) => node.get_mut(*i),
    })
}

/// The place of the key (or the item) at `steps` in `root`, the source's
/// outline; none for the root itself.
fn key_place(path: &Path, lines: &[&str], root: &Spanned<Node>, steps: &[Step]) -> Option<Place> {
    let mut node = root;
    let mut at = None;
    for step in steps {
        match (&node.value, step) {
            (Node::Map(entries), Step::Key(key)) => {
                let (k, value) = entries.iter().find(|(k, _)| k.value == *key)?;
                at = Some(place(path, lines, k.referenced, Some(k.value.chars().count())));
                node = value;
            }
            (Node::Seq(items), Step::Index(i)) => {
                node = items.get(*i)?;
                at = Some(place(path, lines, node.referenced, None));
            }
            _ => return None,
        }
    }
    at
}

/// A line indented with a tab, the most common YAML mistake of hand
/// editing: YAML indents with spaces only.
fn tab_indentation(path: &Path, source: &str) -> Option<Error> {
    source.lines().enumerate().find_map(|(i, line)| {
        let indent = &line[..line.len() - line.trim_start().len()];
        let column = indent.find('\t')?;
        Some(Error::input(
            Place::in_text(path, source, i + 1, column + 1).spanning(1),
            t!("dòng thụt lề bằng phím tab", "a line indented with a tab"),
            Some(t!("YAML chỉ thụt lề bằng dấu cách: thay tab bằng hai dấu cách", "YAML indents with spaces only: replace the tab with two spaces")),
        ))
    })
}

/// A YAML error as an [`Error::Input`] at its line and column, naming the
/// field when it is known.
fn error(path: &Path, source: &str, field: Option<&str>, error: &serde_saphyr::Error) -> Error {
    let place = match error.location() {
        Some(loc) if loc.line() > 0 => Place::in_text(path, source, loc.line() as usize, loc.column() as usize),
        _ => Place::file(path),
    };
    let message = Staff.format_message(error.without_snippet());
    let message = match field {
        Some(field) => t!("`{field}`: {message}", "`{field}`: {message}"),
        None => message.into_owned(),
    };
    let hint = (!is_value_error(error.without_snippet())).then(|| {
        t!(
            "kiểm tra thụt lề (dùng dấu cách, không dùng tab) và dấu hai chấm sau mỗi khóa; giá trị có dấu «:» hoặc «#» thì đặt trong ngoặc kép",
            "check the indentation (spaces, not tabs) and the colon after each key; quote a value that holds «:» or «#»"
        )
    });
    Error::input(place, message, hint)
}

/// Whether `error` is about a value that does not fit its field, rather
/// than the YAML syntax.
fn is_value_error(error: &serde_saphyr::Error) -> bool {
    use serde_saphyr::Error as E;
    matches!(
        error,
        E::InvalidScalar { .. }
            | E::SerdeInvalidType { .. }
            | E::SerdeInvalidValue { .. }
            | E::SerdeInvalidLength { .. }
            | E::SerdeMissingField { .. }
            | E::SerdeUnknownVariant { .. }
            | E::SerdeUnknownField { .. }
            | E::DuplicateMappingKey { .. }
            | E::InvalidBooleanStrict { .. }
            | E::NullIntoString { .. }
            | E::Message { .. }
            | E::Budget { .. }
            | E::AliasReplayCounterOverflow { .. }
            | E::AliasReplayLimitExceeded { .. }
            | E::AliasExpansionLimitExceeded { .. }
            | E::AliasReplayStackDepthExceeded { .. }
            | E::UnknownAnchor { .. }
    )
}

/// The messages of YAML errors for the staff: Vietnamese for the common
/// mistakes, the library's user-facing English otherwise.
struct Staff;

impl MessageFormatter for Staff {
    fn format_message<'a>(&self, err: &'a serde_saphyr::Error) -> Cow<'a, str> {
        use serde_saphyr::Error as E;
        if lang::current() == Lang::En {
            return UserMessageFormatter.format_message(err);
        }
        fn kind(ty: &str) -> &str {
            match ty {
            "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" => "một số nguyên (như 2021)",
            "f32" | "f64" => "một số",
            "bool" => "true hoặc false",
            "string" | "a string" => "một chuỗi chữ",
            other => other,
            }
        }
        Cow::Owned(match err {
            E::InvalidScalar { ty, .. } => format!("giá trị không hợp lệ: cần {}", kind(ty)),
            E::SerdeInvalidType { unexpected, expected, .. } => format!("sai kiểu: cần {}, nhưng gặp {unexpected}", kind(expected)),
            E::SerdeInvalidValue { unexpected, expected, .. } => format!("giá trị không hợp lệ {unexpected}: cần {expected}"),
            E::SerdeMissingField { field, .. } => format!("thiếu khóa bắt buộc `{field}`"),
            E::SerdeUnknownVariant { variant, expected, .. } => {
                format!("giá trị `{variant}` không có; các giá trị được dùng: {}", expected.join(", "))
            }
            E::DuplicateMappingKey { key: Some(key), .. } => format!("khóa `{key}` bị lặp lại"),
            E::SerdeUnknownField { field, expected, .. } => {
                format!("khóa không hợp lệ `{field}`; các khóa được dùng ở đây: {}", expected.join(", "))
            }
            E::Budget { .. }
            | E::AliasReplayCounterOverflow { .. }
            | E::AliasReplayLimitExceeded { .. }
            | E::AliasExpansionLimitExceeded { .. }
            | E::AliasReplayStackDepthExceeded { .. } => {
                "tệp dùng bí danh YAML (&, *) nhân bản quá nhiều, vượt giới hạn an toàn; viết giá trị ra trực tiếp".to_string()
            }
            E::UnknownAnchor { .. } => "bí danh YAML (*) chưa được định nghĩa bằng &".to_string(),
            E::InvalidBooleanStrict { .. } => "cần true hoặc false".to_string(),
            E::NullIntoString { .. } => "thiếu giá trị (để trống) ở chỗ cần một chuỗi chữ".to_string(),
            E::Eof { .. } => "tệp kết thúc giữa chừng".to_string(),
            E::Unexpected { expected, .. } => format!("lỗi cú pháp YAML: cần {expected}"),
            E::Message { msg, .. } => msg.clone(),
            other if is_value_error(other) => return UserMessageFormatter.format_message(other),
            other => format!("lỗi cú pháp YAML: {}", UserMessageFormatter.format_message(other)),
        })
    }
}

/// A YAML node reduced to its shape: mappings with their keys, sequences,
/// and scalars.
#[derive(Debug, Default)]
pub enum Node {
    /// A mapping: its keys and values, in order.
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
    /// A sequence.
    Seq(Vec<Spanned<Node>>),
    /// Anything else.
    #[default]
    Scalar,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    entries.push((key, map.next_value::<Spanned<Node>>()?));
                }
                Ok(Node::Map(entries))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<Node>>()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_str<E>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// The place of `at` in `path`, whose lines are `lines`, spanning `len`
/// characters when given.
pub fn place(path: &Path, lines: &[&str], at: serde_saphyr::Location, len: Option<usize>) -> Place {
    let line = at.line().max(1) as usize;
    let place = Place::on_line(path, line, at.column().max(1) as usize, lines.get(line - 1).copied().unwrap_or_default());
    match len {
        Some(len) => place.spanning(len),
        None => place,
    }
}

/// `text` as a YAML scalar: as it is when YAML reads it back the same,
/// else in double quotes.
pub fn quoted(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| "!&*-?{}[],#|>@`\"'%: ".contains(c))
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with([':', ' '])
        && !matches!(text.to_ascii_lowercase().as_str(), "true" | "false" | "null" | "yes" | "no" | "~")
        && text.parse::<f64>().is_err();
    if plain { text.to_string() } else { format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")) }
}
