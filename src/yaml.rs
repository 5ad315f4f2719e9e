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
    let line = error.location().map(|loc| loc.line() as usize).filter(|l| *l > 0);
    if let Some(quote) = line.and_then(|line| unclosed_quote(source, line)) {
        return quote.error(path, source);
    }
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

/// A double-quoted value that runs over lines: where its quote opens, and
/// the line it closes on (`None`: never).
#[derive(Debug, PartialEq, Eq)]
struct Quote {
    line: usize,
    column: usize,
    closes: Option<usize>,
}

impl Quote {
    /// The parser's error told where the mistake is: at the quote that was
    /// never closed on its line.
    fn error(&self, path: &Path, source: &str) -> Error {
        let until = match self.closes {
            Some(line) => t!("YAML đọc giá trị tới tận dòng {line}", "YAML read the value on to line {line}"),
            None => t!("YAML đọc giá trị tới hết tệp", "YAML read the value to the end of the file"),
        };
        Error::input(
            Place::in_text(path, source, self.line, self.column).spanning(1),
            t!("dấu ngoặc kép mở ở đây không được đóng trên cùng dòng: {until}", "the double quote opened here is not closed on its line: {until}"),
            Some(t!(
                "thêm dấu \" ở cuối giá trị, hoặc bỏ dấu \" ở đầu giá trị",
                "add a \" at the end of the value, or remove the \" at its start"
            )),
        )
    }
}

/// The double-quoted value of `source` that runs over lines and holds
/// line `at`, where the parser gave up, if there is one: a quote left open
/// by mistake swallows the lines after it, and the parser only stumbles
/// where it ends (`place: "Tỉnh Mẫu` on line 7, an error on line 16).
fn unclosed_quote(source: &str, at: usize) -> Option<Quote> {
    let mut open: Option<(usize, usize)> = None;
    for (index, line) in source.lines().enumerate() {
        let number = index + 1;
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        if let Some((from, column)) = open {
            match closing_quote(&chars, 0) {
                Some(end) => {
                    open = None;
                    if (from + 1..=number).contains(&at) {
                        return Some(Quote { line: from, column, closes: Some(number) });
                    }
                    i = end + 1;
                }
                None => continue,
            }
        }
        while i < chars.len() {
            match chars[i] {
                '#' if i == 0 || chars[i - 1].is_whitespace() => break,
                '"' if starts_scalar(&chars, i) => match closing_quote(&chars, i + 1) {
                    Some(end) => i = end + 1,
                    None => {
                        open = Some((number, i + 1));
                        break;
                    }
                },
                // A single-quoted value holds no double quote of YAML's.
                '\'' if starts_scalar(&chars, i) => i = chars[i + 1..].iter().position(|c| *c == '\'').map_or(chars.len(), |e| i + 1 + e + 1),
                _ => i += 1,
            }
        }
    }
    open.filter(|(from, _)| at >= *from).map(|(line, column)| Quote { line, column, closes: None })
}

/// Whether a quote at `i` of `chars` opens a value or key: after the
/// indentation, a `- `, a `: `, or a flow bracket or comma.
fn starts_scalar(chars: &[char], i: usize) -> bool {
    let before: String = chars[..i].iter().collect();
    let before = before.trim_end();
    before.is_empty() || before.ends_with([':', '-', '[', '{', ',', '?'])
}

/// The index of the quote that closes a double-quoted value from `from`
/// in `chars` (escapes minded), if it closes on this line.
fn closing_quote(chars: &[char], from: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return Some(i),
            _ => i += 1,
        }
    }
    None
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
            E::Budget { breach, .. } => budget(breach),
            E::AliasReplayCounterOverflow { .. }
            | E::AliasReplayLimitExceeded { .. }
            | E::AliasExpansionLimitExceeded { .. }
            | E::AliasReplayStackDepthExceeded { .. } => {
                "tệp dùng bí danh YAML (&, *) nhân bản quá nhiều, vượt giới hạn an toàn; viết giá trị ra trực tiếp".to_string()
            }
            E::UnknownAnchor { .. } => "bí danh YAML (*) chưa được định nghĩa bằng &".to_string(),
            E::InvalidBooleanStrict { .. } => "cần true hoặc false".to_string(),
            E::NullIntoString { .. } => "thiếu giá trị (để trống) ở chỗ cần một chuỗi chữ".to_string(),
            E::Eof { .. } => "tệp kết thúc giữa chừng".to_string(),
            E::Unexpected { expected, .. } => format!("lỗi cú pháp YAML: cần {}", structure(expected)),
            E::Message { msg, .. } => msg.clone(),
            E::ExternalMessage { source, msg, .. } => match source.as_ref() {
                serde_saphyr::ExternalMessageSource::Parser(scan) => match syntax(scan.kind()) {
                    Some(words) => format!("lỗi cú pháp YAML: {words}"),
                    None => format!("lỗi cú pháp YAML (chi tiết của trình đọc YAML: {msg})"),
                },
                _ => format!("lỗi cú pháp YAML (chi tiết của trình đọc YAML: {msg})"),
            },
            other if is_value_error(other) => return UserMessageFormatter.format_message(other),
            other => format!("lỗi cú pháp YAML (chi tiết của trình đọc YAML: {})", UserMessageFormatter.format_message(other)),
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

/// What the YAML reader expected, in Vietnamese.
fn structure(expected: &str) -> &str {
    match expected {
        "mapping start" | "map" => "các khóa dạng «khóa: giá trị»",
        "sequence start" | "seq" => "một danh sách (mỗi mục một dòng «- »)",
        "scalar" | "value" | "string scalar" | "string" => "một giá trị",
        "mapping end" | "empty mapping end" => "hết các khóa ở mức thụt lề này",
        "an integer" => "một số nguyên",
        other => other,
    }
}

/// Which YAML budget a file passed, in Vietnamese: aliases that multiply,
/// or simply too much (a list of 250 000 names has no alias).
fn budget(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Aliases { .. } | B::Anchors { .. } | B::AliasAnchorRatio { .. } | B::MergeKeys { .. } => {
            "tệp dùng bí danh YAML (&, *) nhân bản quá nhiều, vượt giới hạn an toàn; viết giá trị ra trực tiếp".to_string()
        }
        B::Depth { depth } => format!("các mục lồng nhau quá sâu ({depth} cấp), vượt giới hạn an toàn"),
        B::Nodes { nodes } => format!("tệp có quá nhiều giá trị (hơn {nodes}), vượt giới hạn an toàn của một tệp báo cáo"),
        B::Events { events } => format!("tệp có quá nhiều phần tử YAML (hơn {events}), vượt giới hạn an toàn của một tệp báo cáo"),
        B::ScalarBytes { .. } | B::InputBytes { .. } => "tệp có quá nhiều chữ, vượt giới hạn an toàn của một tệp báo cáo".to_string(),
        B::Documents { .. } => "tệp có quá nhiều tài liệu YAML (---)".to_string(),
        _ => "tệp vượt giới hạn an toàn của trình đọc YAML".to_string(),
    }
}

/// A syntax error of the YAML parser in Vietnamese, for the common ones.
fn syntax(kind: &serde_saphyr::granit_parser::ErrorKind) -> Option<&'static str> {
    use serde_saphyr::granit_parser::ErrorKind as K;
    Some(match kind {
        K::InvalidTrailingDoubleQuotedScalar => "còn chữ sau dấu ngoặc kép đóng giá trị",
        K::InvalidTrailingSingleQuotedScalar => "còn chữ sau dấu nháy đơn đóng giá trị",
        K::UnclosedQuotedScalar => "dấu ngoặc kép hoặc nháy đơn chưa được đóng",
        K::UnknownQuotedScalarEscape => "trong ngoặc kép có dấu \\ không hợp lệ (viết \\\\ cho một dấu \\)",
        K::MappingValueNotAllowed | K::InvalidColonPlacement => "dấu hai chấm không đúng chỗ (giá trị có «: » thì đặt trong ngoặc kép)",
        K::SimpleKeyExpected | K::InvalidSimpleKey => "thiếu dấu hai chấm sau khóa",
        K::ExpectedBlockMappingKey => "dòng thụt lề không khớp các khóa bên trên",
        K::ExpectedBlockSequenceEntry => "dòng thụt lề không khớp danh sách (các mục bắt đầu bằng «- »)",
        K::InvalidIndentation | K::InvalidQuotedScalarIndent | K::InvalidFlowScalarIndent | K::InvalidBlockScalarIndent => "thụt lề không đúng",
        K::TabNotAllowed | K::TabInBlockIndentation | K::TabInIndentation | K::TabInPlainScalar | K::TabAtBlockScalarStart => "có phím tab ở chỗ YAML không cho phép",
        K::UnexpectedEof
        | K::UnexpectedEofBlockMapping
        | K::UnexpectedEofBlockSequence
        | K::UnexpectedEofFlowMapping
        | K::UnexpectedEofFlowSequence
        | K::UnexpectedEofImplicitFlowMapping => "tệp kết thúc giữa chừng",
        K::UnclosedFlowCollection { .. } => "ngoặc [ hoặc { chưa được đóng",
        K::MisplacedFlowCollectionEnd | K::MismatchedFlowCollectionEnd { .. } => "ngoặc ] hoặc } không khớp",
        K::ExpectedFlowSequenceSeparator => "trong [ ] cần dấu phẩy giữa các mục",
        K::ExpectedFlowMappingSeparator => "trong { } cần dấu phẩy giữa các mục",
        K::UnexpectedCharacter { .. } => "ký tự không được phép ở đây",
        K::ExpectedNodeContent => "thiếu giá trị",
        K::UnknownAnchor => "bí danh YAML (*) chưa được định nghĩa bằng &",
        K::RecursionLimitExceeded => "các mục lồng nhau quá sâu",
        K::BlockSequenceEntryNotAllowed | K::BlockEntryInFlowCollection => "«- » không đúng chỗ",
        K::CommentNotSeparated => "dấu # của ghi chú phải cách chữ đứng trước một dấu cách",
        K::InvalidMappingValueWhitespace => "sau dấu hai chấm cần một dấu cách",
        K::InvalidBlockEntryWhitespace => "sau dấu «-» cần một dấu cách",
        _ => return None,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn message_of(source: &str) -> (Option<usize>, String) {
        let error = parse::<serde_json::Value>(Path::new("report.yaml"), source).unwrap_err();
        let line = error.place().and_then(|p| p.line);
        (line, error.to_string())
    }

    #[test]
    fn a_quote_left_open_is_told_where_it_opens() {
        let source = "title: Tên\nplace: \"Tỉnh Mẫu\nyear: 2023\n# \"main\" list\nplan_year: 2024\n";
        let (line, message) = message_of(source);
        assert_eq!(line, Some(2), "{message}");
        assert!(message.contains("ngoặc kép") && message.contains("dòng 4"), "{message}");
        // Open to the end of the file.
        let (line, message) = message_of("a: 1\nb: \"x\nc: 2\n");
        assert_eq!(line, Some(2), "{message}");
        // A quote inside a plain value or a comment opens nothing.
        assert_eq!(unclosed_quote("title: Nói \"x\nb: 1 # \"y\nc: \"z\" d\n", 3), None);
        // A value quoted over two lines, as YAML allows, with a mistake after it.
        assert_eq!(unclosed_quote("a: \"x\n  y\"\nb: [\n", 3), None);
        assert_eq!(unclosed_quote("a: \"x\n  y\" z\n", 2), Some(Quote { line: 1, column: 4, closes: Some(2) }));
    }

    #[test]
    fn a_long_plain_list_is_too_large_not_an_alias_bomb() {
        let (_, message) = message_of(&"- tên\n".repeat(250_001));
        assert!(message.contains("quá nhiều giá trị") && !message.contains("bí danh"), "{message}");
    }

    #[test]
    fn the_parsers_words_are_vietnamese() {
        let (line, message) = message_of("a: 1\nb: \"x\" y\n");
        assert_eq!(line, Some(2));
        assert!(message.contains("còn chữ sau dấu ngoặc kép"), "{message}");
        assert!(!message.contains("invalid trailing"), "{message}");
    }
}
