//! Reading YAML files: values parsed with the path of the field they fill
//! (`summaries.main.total`), and errors in the staff's language at the
//! line and column of the offending value.

use std::borrow::Cow;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{MessageFormatter, UserMessageFormatter};

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
