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
    let mut field = None;
    let parsed = serde_saphyr::with_deserializer_from_str(source, |deserializer| {
        serde_path_to_error::deserialize(deserializer).map_err(|e| {
            field = Some(e.path().to_string()).filter(|p| p != "." && !p.contains('?'));
            e.into_inner()
        })
    });
    parsed.map_err(|e| error(path, field.as_deref(), &e))
}

/// A YAML error as an [`Error::Input`] at its line and column, naming the
/// field when it is known.
fn error(path: &Path, field: Option<&str>, error: &serde_saphyr::Error) -> Error {
    let place = match error.location() {
        Some(loc) if loc.line() > 0 => Place::at(path, loc.line() as usize, loc.column() as usize),
        _ => Place::file(path),
    };
    let message = Staff.format_message(error.without_snippet());
    let message = match field {
        Some(field) => t!("`{field}`: {message}", "`{field}`: {message}"),
        None => message.into_owned(),
    };
    let hint = matches!(error.without_snippet(), serde_saphyr::Error::Unexpected { .. } | serde_saphyr::Error::Message { .. }).then(|| {
        t!(
            "kiểm tra thụt lề (dùng dấu cách, không dùng tab) và dấu hai chấm sau mỗi khóa; giá trị có dấu «:» hoặc «#» thì đặt trong ngoặc kép",
            "check the indentation (spaces, not tabs) and the colon after each key; quote a value that holds «:» or «#»"
        )
    });
    Error::input(place, message, hint)
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
            E::InvalidBooleanStrict { .. } => "cần true hoặc false".to_string(),
            E::NullIntoString { .. } => "thiếu giá trị (để trống) ở chỗ cần một chuỗi chữ".to_string(),
            E::Eof { .. } => "tệp kết thúc giữa chừng".to_string(),
            E::Unexpected { expected, .. } => format!("lỗi cú pháp YAML: cần {expected}"),
            E::Message { msg, .. } => format!("lỗi YAML: {msg}"),
            other => return UserMessageFormatter.format_message(other),
        })
    }
}
