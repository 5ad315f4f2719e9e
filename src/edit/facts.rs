//! report.yaml as the editor's form: each fact with its value, the hint of
//! its comments and its line; a field saved by editing the file in place
//! (comments and key order kept), and only when the whole file still reads
//! as a report.

use std::path::Path;

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::report::{Facts, in_place};

/// One field of the form.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Its key: `title`, or `settings.paper` one level down.
    pub key: String,
    /// What it holds: "text", "lines" (a list, one item per line),
    /// "number", "bool" or "date".
    pub kind: &'static str,
    /// Its value as text (a list's items one per line).
    pub value: String,
    /// The comments written above it and beside it.
    pub hint: String,
    /// Its line in report.yaml, from 1.
    pub line: usize,
}

/// The fields of report.yaml `source` (the text of `path`): each top-level
/// text, number, date, yes/no or list of texts, and each such value one
/// level down (`settings.paper`). Deeper structures (`summaries`) are left
/// to the file.
pub fn fields(path: &Path, source: &str) -> Result<Vec<Field>> {
    let values: IndexMap<String, Value> = crate::yaml::parse(path, source)?;
    let lines: Vec<&str> = source.lines().collect();
    let mut fields = Vec::new();
    for (key, value) in &values {
        match value {
            Value::Object(children) => {
                let Some(parent) = line_of(&lines, key, 0, None) else { continue };
                for (child, value) in children {
                    let Some(line) = line_of(&lines, child, 1, Some(parent)) else { continue };
                    if let Some((kind, text)) = shown(value) {
                        fields.push(Field { key: format!("{key}.{child}"), kind, value: text, hint: hint(&lines, line), line: line + 1 });
                    }
                }
            }
            _ => {
                let Some(line) = line_of(&lines, key, 0, None) else { continue };
                if let Some((kind, text)) = shown(value) {
                    let kind = if kind == "text" && is_date(&text) { "date" } else { kind };
                    fields.push(Field { key: key.clone(), kind, value: text, hint: hint(&lines, line), line: line + 1 });
                }
            }
        }
    }
    Ok(fields)
}

/// `source` with field `key` set to `value` (text as typed; a list's items
/// one per line), or the error that the file would then have, at its place.
pub fn set(path: &Path, source: &str, key: &str, value: &str) -> Result<String> {
    let field = fields(path, source)?.into_iter().find(|f| f.key == key);
    let unknown = || {
        Error::input(
            crate::error::Place::file(path),
            crate::t!("report.yaml không có mục «{key}» sửa được trong biểu mẫu", "report.yaml has no field «{key}» the form can edit"),
            None,
        )
    };
    let field = field.ok_or_else(unknown)?;
    let value = value.trim();
    let edited = match field.kind {
        "lines" => {
            let items: Vec<String> = value.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
            in_place::set(source, key, &items)
        }
        // Text of several lines: a list of lines (as `title` takes one), which
        // the check below refuses for a key that takes a single text.
        "text" if value.contains('\n') => {
            let lines: Vec<String> = value.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
            in_place::set(source, key, &lines)
        }
        "number" | "bool" | "date" => in_place::set_scalar(source, key, value),
        // A number typed where text stood ("2020" into a year that held
        // words) is written as a number where the file then reads.
        _ if value.parse::<f64>().is_ok() && in_place::set_scalar(source, key, value).is_some_and(|raw| Facts::parse(path, &raw).is_ok()) => {
            in_place::set_scalar(source, key, value)
        }
        _ => in_place::set_scalar(source, key, &crate::yaml::quoted(value)),
    };
    let edited = edited.ok_or_else(unknown)?;
    Facts::parse(path, &edited)?;
    Ok(edited)
}

/// The index of the line holding `key` at nesting `depth`, after line
/// `after` (the parent key's) and within its block.
fn line_of(lines: &[&str], key: &str, depth: usize, after: Option<usize>) -> Option<usize> {
    let start = after.map_or(0, |a| a + 1);
    for (i, line) in lines.iter().enumerate().skip(start) {
        let indent = line.len() - line.trim_start().len();
        if depth > 0 && indent == 0 && !line.trim().is_empty() && !line.starts_with('#') {
            return None;
        }
        if (indent == 0) == (depth == 0) && line.trim_start().strip_prefix(key).is_some_and(|r| r.starts_with(':')) {
            return Some(i);
        }
    }
    None
}

/// The comment lines right above line `at` and the comment at its end.
fn hint(lines: &[&str], at: usize) -> String {
    let mut above: Vec<&str> = lines[..at].iter().rev().take_while(|l| l.trim_start().starts_with('#')).map(|l| l.trim_start().trim_start_matches('#').trim()).collect();
    above.reverse();
    let line = lines[at];
    if let Some(c) = line.find(" #") {
        above.push(line[c + 2..].trim());
    }
    above.join(" ")
}

/// A value's kind and text, when the form can show it.
fn shown(value: &Value) -> Option<(&'static str, String)> {
    match value {
        Value::String(s) => Some(("text", s.clone())),
        Value::Number(n) => Some(("number", n.to_string())),
        Value::Bool(b) => Some(("bool", b.to_string())),
        Value::Array(items) if items.iter().all(|i| i.is_string()) => {
            Some(("lines", items.iter().filter_map(|i| i.as_str()).collect::<Vec<_>>().join("\n")))
        }
        _ => None,
    }
}

/// Whether `text` is a date written YYYY-MM-DD.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && text.chars().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "# Bìa\nparent_body: ĐẢNG BỘ TỈNH X\nissuing_body: BAN Y\ntitle: T\nplace: P # nơi ban hành\n# Ngày ban hành\ndate: 2021-01-15\nyear: 2020\nplan_year: 2021\ncontent:\n  - a.md\nsettings:\n  paper: a4 # khổ\n  duplex: false\n";

    #[test]
    fn the_form_has_each_fact_with_its_hint() {
        let fields = fields(Path::new("report.yaml"), YAML).unwrap();
        let get = |k: &str| fields.iter().find(|f| f.key == k).unwrap();
        assert_eq!(get("parent_body").hint, "Bìa");
        assert_eq!(get("place").hint, "nơi ban hành");
        assert_eq!((get("date").kind, get("date").hint.as_str(), get("date").line), ("date", "Ngày ban hành", 7));
        assert_eq!((get("content").kind, get("content").value.as_str()), ("lines", "a.md"));
        assert_eq!((get("settings.duplex").kind, get("settings.paper").hint.as_str()), ("bool", "khổ"));
    }

    #[test]
    fn a_field_is_saved_in_place_and_a_bad_value_refused() {
        let path = Path::new("report.yaml");
        let edited = set(path, YAML, "place", "Cà Mau: tỉnh").unwrap();
        assert!(edited.contains("place: \"Cà Mau: tỉnh\" # nơi ban hành\n"), "{edited}");
        assert!(set(path, YAML, "year", "2021").unwrap().contains("\nyear: 2021\n"));
        assert!(set(path, YAML, "year", "hai nghìn").is_err());
        assert!(set(path, YAML, "settings.duplex", "true").unwrap().contains("  duplex: true\n"));
        assert!(set(path, YAML, "summaries", "x").is_err());
        let title = set(path, YAML, "title", "DÒNG MỘT\nDÒNG HAI").unwrap();
        assert!(title.contains("title:\n  - DÒNG MỘT\n  - DÒNG HAI\nplace"), "{title}");
        assert!(set(path, YAML, "place", "A\nB").is_err(), "place takes one line");
        let words = YAML.replace("year: 2020", "year: hai nghìn");
        assert!(set(path, &words, "year", "2020").unwrap().contains("\nyear: 2020\n"), "a year that held words takes a number again");
    }
}
