//! A cover edited in the DOCX, written into report.yaml: the value of one
//! top-level key replaced in place, every comment, every other line and the
//! keys' order kept.

/// `source` (report.yaml) with top-level `key` set to `lines`: one line as
/// a text, several as a list; `None` when the file has no such key.
pub fn set(source: &str, key: &str, lines: &[String]) -> Option<String> {
    let all: Vec<&str> = source.split('\n').collect();
    let at = all.iter().position(|l| l.strip_prefix(key).is_some_and(|rest| rest.starts_with(':')))?;
    let line = all[at];
    let rest = &line[key.len() + 1..];
    let comment = rest.find(" #").map(|c| &rest[c..]).unwrap_or("");
    // The lines of a block value below the key (a list, a folded text).
    let mut end = at + 1;
    while end < all.len() && (all[end].starts_with(' ') || all[end].starts_with('\t') || all[end].trim().is_empty()) {
        if all[end].trim().is_empty() && !all[end + 1..].first().is_some_and(|l| l.starts_with(' ')) {
            break;
        }
        end += 1;
    }
    let mut new: Vec<String> = Vec::new();
    match lines {
        [one] => new.push(format!("{key}: {}{comment}", quoted(one))),
        many => {
            new.push(format!("{key}:{comment}"));
            new.extend(many.iter().map(|l| format!("  - {}", quoted(l))));
        }
    }
    let mut out: Vec<String> = all[..at].iter().map(|l| l.to_string()).collect();
    out.extend(new);
    out.extend(all[end..].iter().map(|l| l.to_string()));
    Some(out.join("\n"))
}

/// `text` as a YAML scalar: as it is when YAML reads it back the same,
/// else in double quotes.
fn quoted(text: &str) -> String {
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

    #[test]
    fn a_key_changes_in_place_with_its_comment() {
        let yaml = "# Bìa\nplace: Trà Vinh # nơi\ntitle:\n  - A\n  - B\n\naudience: (Dùng cho x)\n";
        assert_eq!(set(yaml, "place", &["Cà Mau".into()]).unwrap(), "# Bìa\nplace: Cà Mau # nơi\ntitle:\n  - A\n  - B\n\naudience: (Dùng cho x)\n");
        assert_eq!(set(yaml, "title", &["A".into(), "C: D".into()]).unwrap(), "# Bìa\nplace: Trà Vinh # nơi\ntitle:\n  - A\n  - \"C: D\"\n\naudience: (Dùng cho x)\n");
        assert_eq!(set(yaml, "title", &["MỘT DÒNG".into()]).unwrap(), "# Bìa\nplace: Trà Vinh # nơi\ntitle: MỘT DÒNG\n\naudience: (Dùng cho x)\n");
        assert!(set(yaml, "party", &["X".into()]).is_none());
    }
}
