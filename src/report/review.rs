//! The review list, `gop-y.md` in the report folder: what the offices that
//! reviewed the draft asked for (their comments, their tracked changes that
//! were rejected, the edits two offices made differently to one line), by
//! the section of the booklet each is about, each with a line for how the
//! drafting office took it up. `baocao import` writes the entries (never
//! twice the same); people fill in the last line; [`read`] gives them back,
//! for the table of comments ("bảng tổng hợp ý kiến góp ý và tiếp thu,
//! giải trình"). The format:
//!
//! ```text
//! # Góp ý và tiếp thu, giải trình
//!
//! (a paragraph saying how to fill it in)
//!
//! ## Lãnh đạo công tác xây dựng Đảng, xây dựng hệ thống chính trị
//!
//! - **Sở Kế hoạch và Đầu tư**: Đề nghị nêu số văn bản của năm 2019.
//!   > Lãnh đạo, chỉ đạo triển khai thực hiện tốt Chương trình làm việc …
//!   - Nguồn: góp ý trong gop-y-khdt.docx; Nguyễn Văn A, 2021-01-25T09:00:00Z
//!   - Tiếp thu, giải trình: Tiếp thu một phần: đã nêu số của năm 2019.
//! ```
//!
//! An entry starts with `- **OFFICE**:` and the content; under it, indented,
//! the quoted text (`> `), where it came from (`- Nguồn:`) and how it was
//! taken up (`- Tiếp thu, giải trình:` then "Tiếp thu", "Tiếp thu một
//! phần" or "Không tiếp thu", and the reason after a colon or a dash);
//! other indented lines continue the content. A section heading `##` may
//! come again further down (each import adds its entries at the end).
//! Entries of the older form `- **AUTHOR** (DATE, STATE): TEXT` are read
//! too.

use crate::error::visible;

/// The review list's file in the report folder.
pub const REVIEW_FILE: &str = "gop-y.md";

/// The list's title line.
const TITLE: &str = "# Góp ý và tiếp thu, giải trình";

/// What the list says under its title.
const HOW_TO: &str = "Mỗi góp ý là một mục dưới phần của tài liệu mà nó nói tới. Cơ quan soạn thảo điền dòng «Tiếp thu, giải trình:» bằng «Tiếp thu», «Tiếp thu một phần: lý do» hoặc «Không tiếp thu: lý do».";

/// The heading of entries about no section (before the first heading).
const NO_SECTION: &str = "(đầu tài liệu)";

/// The field of where an entry came from.
const SOURCE: &str = "Nguồn:";
/// The field of how an entry was taken up.
const UPTAKE: &str = "Tiếp thu, giải trình:";

/// How the drafting office took up an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Uptake {
    /// Not decided yet (the field is empty, or says something else).
    #[default]
    Pending,
    /// "Tiếp thu".
    Taken,
    /// "Tiếp thu một phần".
    Partly,
    /// "Không tiếp thu".
    NotTaken,
}

impl Uptake {
    /// The words of the list for it (none for [`Uptake::Pending`]).
    pub fn words(self) -> &'static str {
        match self {
            Uptake::Pending => "",
            Uptake::Taken => "Tiếp thu",
            Uptake::Partly => "Tiếp thu một phần",
            Uptake::NotTaken => "Không tiếp thu",
        }
    }
}

/// An entry of the review list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    /// The heading of the booklet's section it is about (empty: before the
    /// first heading).
    pub section: String,
    /// The office that asked ("Sở Tài chính").
    pub office: String,
    /// What it asked: the comment, or the change proposed.
    pub content: String,
    /// The text of the booklet it is about.
    pub quoted: String,
    /// Where it came from: the kind, the DOCX, the author, the date.
    pub source: String,
    /// How it was taken up.
    pub uptake: Uptake,
    /// Why (the words after the uptake), or what the field says when it
    /// names none of the three.
    pub reason: String,
}

/// The entries of review list `text`, in their order.
pub fn read(text: &str) -> Vec<Entry> {
    read_numbered(text).into_iter().map(|(_, entry)| entry).collect()
}

/// The entries of review list `text`, in their order, each with the line
/// it starts on (from 1).
pub fn read_numbered(text: &str) -> Vec<(usize, Entry)> {
    let mut entries: Vec<(usize, Entry)> = Vec::new();
    let mut section = String::new();
    for (number, line) in text.lines().enumerate() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = match heading.trim() {
                NO_SECTION => String::new(),
                heading => heading.to_string(),
            };
        } else if let Some(entry) = line.strip_prefix("- **") {
            let (office, rest) = entry.split_once("**").unwrap_or((entry, ""));
            // The older form's "(date, state)" before the colon.
            let (source, content) = match rest.strip_prefix(" (").and_then(|r| r.split_once("):")) {
                Some((meta, content)) => (meta.to_string(), content),
                None => (String::new(), rest.strip_prefix(':').unwrap_or(rest)),
            };
            entries.push((number + 1, Entry { section: section.clone(), office: office.trim().to_string(), content: content.trim().to_string(), source, ..Entry::default() }));
        } else if let (Some((_, entry)), true) = (entries.last_mut(), line.starts_with("  ")) {
            let line = line.trim();
            if let Some(quoted) = line.strip_prefix('>') {
                join(&mut entry.quoted, quoted);
            } else if let Some(source) = line.strip_prefix("- ").and_then(|l| l.strip_prefix(SOURCE)) {
                entry.source = source.trim().to_string();
            } else if let Some(uptake) = line.strip_prefix("- ").and_then(|l| l.strip_prefix(UPTAKE)) {
                (entry.uptake, entry.reason) = uptake_of(uptake);
            } else {
                join(&mut entry.content, line);
            }
        }
    }
    entries
}

fn join(to: &mut String, more: &str) {
    let more = more.trim();
    if !more.is_empty() {
        if !to.is_empty() {
            to.push(' ');
        }
        to.push_str(more);
    }
}

/// The uptake a filled-in field says, and its reason.
fn uptake_of(field: &str) -> (Uptake, String) {
    let field = field.trim();
    let lower = field.to_lowercase();
    for uptake in [Uptake::Partly, Uptake::NotTaken, Uptake::Taken] {
        if let Some(rest) = lower.strip_prefix(&uptake.words().to_lowercase()) {
            let reason = field[field.len() - rest.len()..].trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | ',' | '.' | ';'));
            return (uptake, reason.trim().to_string());
        }
    }
    (Uptake::Pending, field.to_string())
}

/// `existing` (the review list's text, or empty for none yet) with the
/// `new` entries it does not hold already added at its end, by section;
/// none when it holds them all.
pub fn with_entries(existing: &str, new: &[Entry]) -> Option<String> {
    let held: Vec<(String, String, String, String)> = read(existing).into_iter().map(|e| identity(&e)).collect();
    let mut fresh: Vec<Entry> = Vec::new();
    for entry in new {
        let entry = shown(entry);
        if !held.contains(&identity(&entry)) && !fresh.iter().any(|f| identity(f) == identity(&entry)) {
            fresh.push(entry);
        }
    }
    if fresh.is_empty() {
        return None;
    }
    let mut out = match existing.trim_end() {
        "" => format!("{TITLE}\n\n{HOW_TO}\n"),
        text => format!("{text}\n"),
    };
    let mut section = None;
    for entry in &fresh {
        if section != Some(&entry.section) {
            let heading = if entry.section.is_empty() { NO_SECTION } else { &entry.section };
            out.push_str(&format!("\n## {heading}\n\n"));
            section = Some(&entry.section);
        }
        out.push_str(&format!("- **{}**: {}\n", entry.office, entry.content));
        if !entry.quoted.is_empty() {
            out.push_str(&format!("  > {}\n", entry.quoted));
        }
        if !entry.source.is_empty() {
            out.push_str(&format!("  - {SOURCE} {}\n", entry.source));
        }
        let uptake = [entry.uptake.words(), &entry.reason].iter().filter(|w| !w.is_empty()).copied().collect::<Vec<_>>().join(": ");
        out.push_str(format!("  - {UPTAKE} {uptake}").trim_end());
        out.push('\n');
    }
    Some(out)
}

/// What tells an entry from another: where, who, what, on what.
fn identity(entry: &Entry) -> (String, String, String, String) {
    (entry.section.clone(), entry.office.clone(), entry.content.clone(), entry.quoted.clone())
}

/// `entry` as the list shows it: on one line each field, every control or
/// direction character by its code, no `**` in the office's name.
fn shown(entry: &Entry) -> Entry {
    let line = |text: &str| visible(&text.replace(['\n', '\t', '\r'], " ")).split_whitespace().collect::<Vec<_>>().join(" ");
    Entry {
        section: line(&entry.section),
        office: line(&entry.office.replace('*', "")),
        content: line(&entry.content),
        quoted: line(&entry.quoted),
        source: line(&entry.source),
        uptake: entry.uptake,
        reason: line(&entry.reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(section: &str, office: &str, content: &str) -> Entry {
        Entry { section: section.into(), office: office.into(), content: content.into(), quoted: "Đoạn được góp ý.".into(), source: "góp ý trong a.docx".into(), ..Entry::default() }
    }

    #[test]
    fn entries_written_read_back_and_never_added_twice() {
        let entries = [entry("Kinh tế", "Sở Tài chính", "Bổ sung số liệu."), entry("", "Sở **Nội vụ**", "Dòng một\nhai\u{202e}.")];
        let list = with_entries("", &entries).unwrap();
        assert!(list.starts_with("# Góp ý và tiếp thu, giải trình\n"), "{list}");
        assert!(list.contains("\n## Kinh tế\n\n- **Sở Tài chính**: Bổ sung số liệu.\n  > Đoạn được góp ý.\n  - Nguồn: góp ý trong a.docx\n  - Tiếp thu, giải trình:\n"), "{list}");
        let read_back = read(&list);
        assert_eq!(read_back.len(), 2);
        assert_eq!(read_back[0], entries[0]);
        assert_eq!((read_back[1].section.as_str(), read_back[1].office.as_str(), read_back[1].content.as_str()), ("", "Sở Nội vụ", "Dòng một hai<U+202E>."));
        assert_eq!(with_entries(&list, &entries), None, "the same entries again add nothing");
        let more = with_entries(&list, &[entry("Kinh tế", "Sở Y tế", "Khác.")]).unwrap();
        assert!(more.starts_with(&list) && read(&more).len() == 3, "{more}");
    }

    #[test]
    fn the_uptake_people_fill_in_is_read_with_its_reason() {
        let list = "## Xã hội\n\n- **Sở Y tế**: Nêu số trạm y tế.\n  - Tiếp thu, giải trình: Không tiếp thu — số liệu chưa được thống kê.\n\
                    - **Sở Y tế**: Thêm tỷ lệ.\n  - Tiếp thu, giải trình: tiếp thu một phần: đã thêm tỷ lệ năm 2020\n\
                    - **Sở Y tế**: Sửa chữ.\n  - Tiếp thu, giải trình: Tiếp thu\n- **Sở Y tế**: Chưa xem.\n  - Tiếp thu, giải trình:\n\
                    - **Sở Y tế**: Khác.\n  - Tiếp thu, giải trình: để sau\n";
        let got: Vec<(Uptake, String)> = read(list).into_iter().map(|e| (e.uptake, e.reason)).collect();
        assert_eq!(
            got,
            [
                (Uptake::NotTaken, "số liệu chưa được thống kê.".to_string()),
                (Uptake::Partly, "đã thêm tỷ lệ năm 2020".into()),
                (Uptake::Taken, String::new()),
                (Uptake::Pending, String::new()),
                (Uptake::Pending, "để sau".into()),
            ]
        );
    }

    #[test]
    fn the_older_form_is_read() {
        let list = "# Góp ý trong x.docx\n\n## Mục\n\n- **Nguyễn Văn A** (2021-01-20T09:00:00Z, chưa giải quyết): Nên nêu rõ.\n  > Đoạn.\n";
        let entries = read(list);
        assert_eq!(entries.len(), 1);
        assert_eq!(
            (entries[0].office.as_str(), entries[0].content.as_str(), entries[0].quoted.as_str(), entries[0].source.as_str()),
            ("Nguyễn Văn A", "Nên nêu rõ.", "Đoạn.", "2021-01-20T09:00:00Z, chưa giải quyết")
        );
    }
}
