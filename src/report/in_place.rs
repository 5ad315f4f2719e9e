//! report.yaml edited in place (a cover edited in the DOCX, a field of the
//! editor's form): the value of one key replaced, every comment, every
//! other line and the keys' order kept.

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
        [one] => new.push(format!("{key}: {}{comment}", crate::yaml::quoted(one))),
        many => {
            new.push(format!("{key}:{comment}"));
            new.extend(many.iter().map(|l| format!("  - {}", crate::yaml::quoted(l))));
        }
    }
    let mut out: Vec<String> = all[..at].iter().map(|l| l.to_string()).collect();
    out.extend(new);
    out.extend(all[end..].iter().map(|l| l.to_string()));
    Some(out.join("\n"))
}

/// `source` with the scalar `key` (top-level, or `parent.key` one level
/// down) set to `raw`, a YAML scalar as it is to be written (see
/// [`quoted`]); the line's own comment kept. `None` when the file has no
/// such key on a line of its own.
pub fn set_scalar(source: &str, key: &str, raw: &str) -> Option<String> {
    let mut lines: Vec<String> = source.split('\n').map(str::to_string).collect();
    let (parent, name) = match key.split_once('.') {
        Some((parent, name)) => (Some(parent), name),
        None => (None, key),
    };
    let start = match parent {
        Some(parent) => lines.iter().position(|l| l.strip_prefix(parent).is_some_and(|r| r.trim_end() == ":" || r.starts_with(": #")))? + 1,
        None => 0,
    };
    let at = (start..lines.len()).find(|&i| {
        let line = &lines[i];
        let indent = line.len() - line.trim_start().len();
        let nested = parent.is_some();
        (indent > 0) == nested && line.trim_start().strip_prefix(name).is_some_and(|r| r.starts_with(':'))
    })?;
    if parent.is_some() && lines[start..at].iter().any(|l| !l.is_empty() && !l.starts_with([' ', '\t', '#'])) {
        return None;
    }
    let line = &lines[at];
    let indent = &line[..line.len() - line.trim_start().len()];
    let rest = &line.trim_start()[name.len() + 1..];
    let mut new = format!("{indent}{name}: {raw}");
    let outside_quotes = |at: usize| rest[..at].matches('"').count().is_multiple_of(2) && rest[..at].matches('\'').count().is_multiple_of(2);
    if let Some(hash) = rest.match_indices(" #").map(|(c, _)| c).find(|c| outside_quotes(*c)).map(|c| c + 1) {
        // The comment keeps its column where the new value leaves room.
        let column = line.len() - rest.len() + hash;
        let column = line[..column].chars().count();
        new.push_str(&" ".repeat(column.saturating_sub(new.chars().count()).max(1)));
        new.push_str(&rest[hash..]);
    }
    lines[at] = new;
    Some(lines.join("\n"))
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

    #[test]
    fn a_scalar_changes_in_place_nested_or_not() {
        let yaml = "year: 2020\nsettings:\n  paper: a4                 # a4, a5\n  duplex: false\nplace: X\n";
        assert_eq!(set_scalar(yaml, "year", "2021").unwrap(), "year: 2021\nsettings:\n  paper: a4                 # a4, a5\n  duplex: false\nplace: X\n");
        assert_eq!(set_scalar(yaml, "settings.paper", "a5").unwrap(), "year: 2020\nsettings:\n  paper: a5                 # a4, a5\n  duplex: false\nplace: X\n");
        assert_eq!(set_scalar(yaml, "settings.duplex", "true").unwrap(), "year: 2020\nsettings:\n  paper: a4                 # a4, a5\n  duplex: true\nplace: X\n");
        assert!(set_scalar(yaml, "settings.place", "Y").is_none());
        assert!(set_scalar(yaml, "paper", "a5").is_none());
        assert_eq!(set_scalar("title: \"Số #1\" # tên\n", "title", "\"Số #2\"").unwrap(), "title: \"Số #2\" # tên\n");
    }
}
