//! A hand-made Word booklet (last year's, typed in Word) into a new report
//! folder: the cover's facts into report.yaml, the prose into
//! `content/*.md`, one file per part (A., B., ...).
//!
//! Headings are told, in this order, by their paragraph style (Word's
//! `Heading N`), then by a label typed at the line's start: a part label
//! in words ("PHẦN THỨ NHẤT:", its title on the same line or on the lines
//! under it), "A." (a part), "I-" or "I." (a section; "I." is the roman one
//! unless the parts before run to "H."), "1." (a short line not ending a
//! sentence), "*" or "a)", as the default house style's ladder has them
//! ([`super::ladder`]); last by their look (a salutation ending in "!"
//! stays a paragraph). The label is dropped: the house style's ladder draws
//! it again, and the labels found at each level, where they differ from
//! the default ladder, are written to the folder's `templates/style.yaml`.
//! "- " and "+ " lines are list items. What was recognised how is reported
//! by paragraph number; what was not stays as prose, or as a commented
//! placeholder in report.yaml.

use std::path::{Path, PathBuf};

use super::ladder::{Ladder, ladder_style, letter_pattern, pattern_of};
use super::read::{Docx, Paragraph};
use super::{emphasis, line, part};
use crate::error::{Error, Place, Result};
use crate::t;

/// A paragraph as recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// A heading of the ladder, level 1 to 4, its label dropped.
    Heading(u8, String),
    /// A "- " list item, or a "+ " one under it.
    Item(bool, String),
    /// Prose.
    Prose(String),
    /// A table (its number in the document): its rows of cells.
    Table(usize, Vec<Vec<String>>),
}

/// What the labels read so far say.
#[derive(Debug, Default)]
struct Seen {
    /// The last part's letter ("A." to "H."), to tell "I." the part from
    /// "I." the section.
    last_part_letter: Option<char>,
    /// The labels of each heading level, as patterns of the ladder ("A.",
    /// "I.", "PHẦN {ordinal-upper}:"), in the order met.
    patterns: [Vec<String>; 4],
    /// The last heading was a part label alone on its line (its text),
    /// whose title is on the lines under it: how many were read.
    awaiting_title: Option<(String, usize)>,
    /// The ladder typed labels are read by: the default house style's, and
    /// the labels this booklet's styled headings showed.
    ladder: Ladder,
}

impl Seen {
    /// Notes that a heading of `level` was labelled `label` (as typed, or
    /// as Word numbered it).
    fn label(&mut self, level: u8, label: &str) {
        if let Some(patterns) = self.patterns.get_mut(usize::from(level.max(1)) - 1) {
            patterns.push(pattern_of(label));
        }
    }

    /// What has been seen so far of the ladder alone, to try a paragraph
    /// on without noting anything.
    fn probe(&self) -> Seen {
        Seen { ladder: self.ladder.clone(), ..Seen::default() }
    }

    /// A part label in words (`found`) heading paragraph `text` of
    /// `level`.
    fn part(&mut self, level: u8, found: part::PartLabel, text: &str) -> Kind {
        if let Some(patterns) = self.patterns.get_mut(usize::from(level.max(1)) - 1) {
            // The title under the label: the pattern ends with a line break.
            patterns.push(if found.rest.is_empty() { format!("{}\n", found.pattern) } else { found.pattern });
        }
        self.awaiting_title = found.rest.is_empty().then(|| (text.to_string(), 0));
        Kind::Heading(level, found.rest)
    }

    /// The label most used at each level, where one was seen.
    fn ladder(&self) -> [Option<String>; 4] {
        self.patterns.clone().map(|patterns| {
            let count = |p: &String| patterns.iter().filter(|q| *q == p).count();
            patterns.iter().max_by_key(|p| (count(p), std::cmp::Reverse(patterns.iter().position(|q| q == *p)))).cloned()
        })
    }
}

/// The facts the cover gave.
#[derive(Debug, Default)]
struct Cover {
    parent_body: Option<String>,
    issuing_body: Option<String>,
    party: Option<String>,
    title: Option<String>,
    audience: Option<String>,
    place: Option<String>,
    /// Year, month, day.
    date: Option<(i32, u32, u32)>,
}

/// A new report folder made from a hand-made booklet: its files, and what
/// was recognised how.
#[derive(Debug, Default)]
pub struct NewFolder {
    /// The files, by their path in the folder.
    pub files: Vec<(PathBuf, String)>,
    /// What each paragraph was taken for, by its number (from 1).
    pub report: Vec<String>,
}

/// The report folder the hand-made booklet `docx` gives.
pub fn folder(docx: &Docx) -> NewFolder {
    let mut out = NewFolder::default();
    let mut cover = Cover::default();
    let mut body: Vec<(usize, Kind)> = Vec::new();
    let mut started = false;
    let mut seen = Seen::default();
    for (n, paragraph) in docx.paragraphs.iter().enumerate().map(|(i, p)| (i + 1, p)) {
        let text = clean(&paragraph.text);
        if text.is_empty() || text.chars().all(|c| matches!(c, '-' | '_' | '*' | '=' | '.' | ' ')) {
            continue;
        }
        if let (true, Some((table, row, column))) = (started, paragraph.cell) {
            // A table of the body: its cells into a Markdown table.
            if !matches!(body.last(), Some((_, Kind::Table(t, _))) if *t == table) {
                body.push((n, Kind::Table(table, Vec::new())));
            }
            if let Some((_, Kind::Table(_, rows))) = body.last_mut() {
                if rows.len() <= row {
                    rows.resize(row + 1, Vec::new());
                }
                if rows[row].len() <= column {
                    rows[row].resize(column + 1, String::new());
                }
                let cell = &mut rows[row][column];
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&text);
            }
            out.report.push(t!(
                "đoạn {n}: bảng, dòng {}, cột {}",
                "paragraph {n}: table, row {}, column {}",
                row + 1,
                column + 1
            ));
            continue;
        }
        // The title of a part whose label stood alone, on the lines under it.
        if let Some((label, lines)) = seen.awaiting_title.take()
            && let Some((_, Kind::Heading(_, title))) = body.last_mut()
        {
            if lines < MAX_TITLE_LINES && is_title_line(paragraph, &text, docx.style_names.get(&paragraph.style).map(String::as_str), &seen) {
                if !title.is_empty() {
                    title.push(' ');
                }
                title.push_str(&text);
                seen.awaiting_title = Some((label, lines + 1));
                out.report.push(t!("đoạn {n}: tên của phần, dòng dưới nhãn", "paragraph {n}: the part's title, under its label"));
                continue;
            }
            if title.is_empty() {
                // A label without a title under it: the label is its title.
                *title = label;
            }
        }
        let kind = classify(paragraph, &text, docx.style_names.get(&paragraph.style).map(String::as_str), &mut seen);
        // The place and date: on the cover, or closing the booklet.
        if started
            && cover.place.is_none()
            && let Some((place, date)) = place_and_date(&text)
        {
            cover.place = Some(place);
            cover.date = Some(date);
            out.report.push(t!("đoạn {n}: bìa, place, date", "paragraph {n}: cover, place, date"));
            continue;
        }
        // Before the body, a line that is no heading by its style, outline
        // level, numbering or typed label may be the cover's (its title is
        // often bold and centred).
        let marked = heading_style(&paragraph.style, docx.style_names.get(&paragraph.style).map(String::as_str)).is_some()
            || paragraph.outline_level.is_some()
            || paragraph.label.is_some()
            || !matches!(classify_typed(&text, &mut seen.probe()), Kind::Prose(_));
        if !started && !marked {
            if let Some(fact) = cover_fact(&mut cover, &text) {
                out.report.push(t!("đoạn {n}: bìa, {fact}", "paragraph {n}: cover, {fact}"));
                continue;
            }
            if !matches!(kind, Kind::Heading(..)) && body.is_empty() && paragraph.in_table {
                out.report.push(t!("đoạn {n}: bảng ở bìa, bỏ qua", "paragraph {n}: a cover table cell, left out"));
                continue;
            }
        }
        started = true;
        let what = match &kind {
            Kind::Heading(level, _) => t!("tiêu đề cấp {level}", "heading, level {level}"),
            Kind::Item(false, _) => t!("ý gạch đầu dòng", "list item"),
            Kind::Item(true, _) => t!("ý cấp hai (+)", "sub-item (+)"),
            Kind::Prose(_) | Kind::Table(..) => t!("đoạn văn", "paragraph"),
        };
        out.report.push(t!("đoạn {n}: {what}", "paragraph {n}: {what}"));
        body.push((n, kind));
    }
    // A label alone on the last line: the label is its title.
    if let (Some((label, _)), Some((_, Kind::Heading(_, title)))) = (seen.awaiting_title.take(), body.last_mut())
        && title.is_empty()
    {
        *title = label;
    }
    // One prose file for what comes before the first part, one per part.
    let mut files: Vec<(String, Vec<String>)> = vec![("mo-dau.md".into(), Vec::new())];
    for (n, kind) in &body {
        if let Kind::Heading(1, _) = kind {
            files.push((format!("phan-{}.md", files.len()), Vec::new()));
        }
        // Prose and list items keep their bold and italic runs.
        let emphasised = |text: &str| emphasis::markdown(&emphasis::marked(&docx.paragraphs[n - 1]), text);
        let text = match kind {
            Kind::Heading(level, text) => format!("{} {}", "#".repeat(usize::from(*level)), escape(text)),
            Kind::Item(false, text) => format!("- {}", emphasised(text)),
            Kind::Item(true, text) => format!("+ {}", emphasised(text)),
            Kind::Prose(text) => emphasised(text),
            Kind::Table(_, rows) => markdown_table(rows),
        };
        files.last_mut().expect("a file").1.push(text);
    }
    files.retain(|(_, lines)| !lines.is_empty());
    let names: Vec<String> = files.iter().map(|(name, _)| name.clone()).collect();
    for (name, lines) in files {
        out.files.push((PathBuf::from("content").join(name), lines.join("\n\n") + "\n"));
    }
    out.files.insert(0, (PathBuf::from(crate::report::FACTS_FILE), facts_yaml(&cover, &names)));
    // The ladder found, where it differs from the default: the house
    // style with those labels.
    if let Some((style, labels)) = ladder_style(&seen.ladder()) {
        out.files.push((PathBuf::from("templates/style.yaml"), style));
        out.report.push(t!(
            "nhãn các cấp tiêu đề ({labels}) khác mẫu có sẵn: ghi vào templates/style.yaml",
            "the heading labels ({labels}) differ from the default: written to templates/style.yaml"
        ));
    }
    out
}

/// The most title lines read under a part label.
const MAX_TITLE_LINES: usize = 3;

/// Whether `paragraph` (its text `text`, its style named `style_name`) is
/// a line of a part's title under its label: short, no sentence, no label
/// or list mark of its own, and set apart (a heading style, bold, centred
/// or in capitals).
fn is_title_line(paragraph: &Paragraph, text: &str, style_name: Option<&str>, seen: &Seen) -> bool {
    let capitals = text.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_lowercase());
    let set_apart = heading_style(&paragraph.style, style_name).is_some() || paragraph.outline_level.is_some() || paragraph.bold || paragraph.centered || capitals;
    set_apart
        && paragraph.label.is_none()
        && text.chars().count() <= 200
        && !text.ends_with(['.', ';', ',', '!', '?'])
        && part::find(text).is_none()
        && matches!(classify_typed(text, &mut seen.probe()), Kind::Prose(_))
        && paragraph.cell.is_none()
}

/// `rows` as a Markdown table, the first row its header.
fn markdown_table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let line = |cells: &[String]| {
        let cells: Vec<String> = (0..columns).map(|i| escape(cells.get(i).map_or("", String::as_str)).replace('|', "\\|")).collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut out = vec![line(rows.first().map_or(&[][..], Vec::as_slice)), format!("|{}", " --- |".repeat(columns))];
    out.extend(rows.iter().skip(1).map(|r| line(r)));
    out.join("\n")
}

/// The paragraph's text: spaces joined, line breaks as spaces.
fn clean(text: &str) -> String {
    text.replace(['\u{a0}', '\t', '\n'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape(text: &str) -> String {
    line::escape(text.trim())
}

/// What `paragraph` (its text `text`) is: a heading by its style or typed
/// label, a list item, or prose.
fn classify(paragraph: &Paragraph, text: &str, style_name: Option<&str>, seen: &mut Seen) -> Kind {
    let level = heading_style(&paragraph.style, style_name).or_else(|| paragraph.outline_level.filter(|l| *l < 4).map(|l| l + 1));
    if let Some(level) = level {
        if let Some(found) = part::find(text) {
            return seen.part(level, found, text);
        }
        let (label, rest) = split_label(text, &seen.ladder);
        if let Some(label) = label {
            seen.label(level, label);
            seen.ladder.learn(level, &pattern_of(label));
        }
        return Kind::Heading(level, rest.to_string());
    }
    // Word's own numbering: its label, as if typed.
    if let Some(label) = paragraph.label.as_deref().map(str::trim) {
        return match label {
            "" | "-" | "–" | "•" | "\u{f0b7}" | "\u{f02d}" | "o" => Kind::Item(false, text.to_string()),
            "+" => Kind::Item(true, text.to_string()),
            label => classify_typed(&format!("{label} {text}"), seen),
        };
    }
    match classify_typed(text, seen) {
        Kind::Prose(text) => by_formatting(paragraph, text),
        kind => kind,
    }
}

/// A paragraph without a label that looks like a heading: a short bold
/// line not ending a sentence; in capitals and centred a part, in
/// capitals a section, else a subsection.
fn by_formatting(paragraph: &Paragraph, text: String) -> Kind {
    let short = text.chars().count() <= 120 && !text.ends_with(['.', ';', ',', '!', '?']);
    if !(paragraph.bold && short) || is_salutation(&text) {
        return Kind::Prose(text);
    }
    let capitals = text.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_lowercase());
    match (capitals, paragraph.centered) {
        (true, true) => Kind::Heading(1, text),
        (true, false) => Kind::Heading(2, text),
        (false, _) => Kind::Heading(3, text),
    }
}

/// Whether `text` addresses the audience ("Kính thưa các đồng chí", "Thưa
/// quý vị"): a paragraph, however it is set.
fn is_salutation(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["kính thưa", "thưa ", "kính gửi", "kính chào"].iter().any(|s| lower.starts_with(s))
}

/// The heading level of paragraph style `id` named `name`: Word's
/// `Heading N`, or a localised name ("Tiêu đề 1", "Đề mục 2").
fn heading_style(id: &str, name: Option<&str>) -> Option<u8> {
    let level_of = |s: &str| -> Option<u8> {
        let lower = s.to_lowercase();
        let rest = ["heading", "tiêu đề", "đề mục", "überschrift", "titre"].iter().find_map(|p| lower.strip_prefix(p))?;
        rest.trim().parse::<u8>().ok().filter(|l| (1..=9).contains(l))
    };
    level_of(id).or_else(|| name.and_then(level_of)).map(|l| l.min(4))
}

/// What a text with a typed label at its start is: a heading when the
/// ladder knows its label ([`Ladder`]), a list item, or prose.
fn classify_typed(text: &str, seen: &mut Seen) -> Kind {
    if let Some(found) = part::find(text) {
        return seen.part(1, found, text);
    }
    let (label, rest) = match text.split_once(' ') {
        Some((label, rest)) => (label, rest.trim()),
        None => (text, ""),
    };
    if rest.is_empty() {
        return Kind::Prose(text.to_string());
    }
    match label {
        "-" | "–" | "•" => return Kind::Item(false, rest.to_string()),
        "+" => return Kind::Item(true, rest.to_string()),
        _ => {}
    }
    // A capital that continues the parts' letters is a part's, Roman
    // numeral or not ("I." right after "H.").
    let capital = label.chars().next().filter(char::is_ascii_uppercase).filter(|_| letter_pattern(label).is_some());
    let continues = capital.is_some_and(|c| seen.last_part_letter.is_some_and(|l| (l as u8) + 1 == c as u8));
    let read = |pattern: Option<String>| pattern.and_then(|p| seen.ladder.level_of(&p).map(|level| (level, p)));
    let found = match continues {
        true => read(letter_pattern(label)),
        false => read(Some(pattern_of(label))).or_else(|| read(letter_pattern(label))),
    };
    let Some((level, pattern)) = found else { return Kind::Prose(text.to_string()) };
    // A figure opening a sentence is no heading ("1. Tổ chức được 12 hội
    // nghị."): a numbered heading is short and ends no sentence.
    if label.starts_with(|c: char| c.is_ascii_digit()) && (rest.chars().count() > 160 || rest.ends_with(['.', ';'])) {
        return Kind::Prose(text.to_string());
    }
    if level == 1
        && let Some(capital) = capital
    {
        seen.last_part_letter = Some(capital);
    }
    if let Some(patterns) = seen.patterns.get_mut(usize::from(level) - 1) {
        patterns.push(pattern);
    }
    Kind::Heading(level, rest.to_string())
}

/// The label typed at the start of `text` ("A.", "II-", "1.", "a)", or a
/// mark of the ladder, "*"), and the text after it.
fn split_label<'t>(text: &'t str, ladder: &Ladder) -> (Option<&'t str>, &'t str) {
    match text.split_once(' ') {
        Some((label, rest))
            if label.len() <= 5
                && label.ends_with(['.', '-', ')', ':'])
                && label[..label.len() - 1].chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            (Some(label), rest.trim_start())
        }
        Some((mark, rest)) if ladder.is_mark(mark) => (Some(mark), rest.trim_start()),
        _ => (None, text),
    }
}

/// Takes `text` as a fact of the cover if it is one; says which.
fn cover_fact(cover: &mut Cover, text: &str) -> Option<String> {
    let upper = text.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_lowercase());
    if text == "ĐẢNG CỘNG SẢN VIỆT NAM" {
        cover.party = Some(text.into());
        return Some("party".into());
    }
    if upper && text.starts_with("ĐẢNG BỘ") && cover.parent_body.is_none() {
        cover.parent_body = Some(text.into());
        return Some("parent_body".into());
    }
    let issuers = ["BAN ", "ỦY BAN", "UBND", "ĐẢNG ỦY", "HUYỆN ỦY", "THÀNH ỦY", "THỊ ỦY", "TỈNH ỦY", "QUẬN ỦY"];
    if upper && issuers.iter().any(|i| text.starts_with(i)) && cover.issuing_body.is_none() {
        cover.issuing_body = Some(text.into());
        return Some("issuing_body".into());
    }
    if text.starts_with("(Dùng cho") {
        cover.audience = Some(text.into());
        return Some("audience".into());
    }
    if let Some((place, date)) = place_and_date(text) {
        cover.place = Some(place);
        cover.date = Some(date);
        return Some("place, date".into());
    }
    if upper && text.chars().count() >= 20 {
        match &cover.title {
            None => cover.title = Some(text.into()),
            Some(title) if title == text => {}
            Some(title) => cover.title = Some(format!("{title} {text}")),
        }
        return Some("title".into());
    }
    None
}

/// "Trà Vinh, tháng 01 năm 2021" or "Trà Vinh, ngày 15 tháng 01 năm 2021".
fn place_and_date(text: &str) -> Option<(String, (i32, u32, u32))> {
    let (place, date) = text.split_once(", ")?;
    let words: Vec<&str> = date.split_whitespace().collect();
    let (day, rest) = match words.as_slice() {
        ["ngày", day, rest @ ..] => (day.parse().ok()?, rest),
        rest => (1, rest),
    };
    match rest {
        ["tháng", month, "năm", year] => {
            let year = year.parse().ok().filter(|y| crate::date::YEARS.contains(y))?;
            Some((place.trim().to_string(), (year, month.parse().ok()?, day)))
        }
        _ => None,
    }
}

/// report.yaml for the facts found, a commented placeholder for each not.
fn facts_yaml(cover: &Cover, content: &[String]) -> String {
    let title_year = cover.title.as_deref().and_then(|t| t.split("NĂM ").nth(1)).and_then(|y| y.get(..4)).and_then(|y| y.parse::<i32>().ok());
    let year = title_year.or(cover.date.map(|(y, ..)| y - 1));
    let mut out = String::from(
        "# Thông tin chung của tài liệu, nhập từ tài liệu Word (baocao import).\n# Dòng có «(CHƯA RÕ)» là chỗ baocao chưa nhận ra: điền vào rồi bỏ dấu # ở đầu dòng.\n\n",
    );
    let mut fact = |key: &str, value: Option<String>, example: &str| match value {
        Some(v) => out.push_str(&format!("{key}: {}\n", quote(&v))),
        None => out.push_str(&format!("# {key}: {example}   # (CHƯA RÕ)\n")),
    };
    fact("parent_body", cover.parent_body.clone(), "ĐẢNG BỘ TỈNH ...");
    fact("issuing_body", cover.issuing_body.clone(), "BAN TUYÊN GIÁO TỈNH ỦY");
    if let Some(party) = &cover.party {
        fact("party", Some(party.clone()), "");
    }
    fact("title", cover.title.clone(), "TÀI LIỆU TUYÊN TRUYỀN ...");
    fact("audience", cover.audience.clone(), "(Dùng cho cán bộ chủ chốt và báo cáo viên)");
    fact("place", cover.place.clone(), "...");
    fact("date", cover.date.map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")), "NĂM-THÁNG-NGÀY");
    fact("year", year.map(|y| y.to_string()), "NĂM BÁO CÁO");
    fact("plan_year", year.map(|y| (y + 1).to_string()), "NĂM KẾ HOẠCH");
    out.push_str("content:\n");
    for name in content {
        out.push_str(&format!("  - {name}\n"));
    }
    out
}

fn quote(text: &str) -> String {
    if text.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-') { text.to_string() } else { format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")) }
}

/// Writes the new folder `dir` (which must not exist), all or nothing: the
/// files go to a folder beside it, renamed into place at the end.
pub fn write(folder: &NewFolder, dir: &Path) -> Result<()> {
    if dir.symlink_metadata().is_ok() {
        return Err(Error::input(
            Place::file(dir),
            t!("thư mục đã có: nhập tài liệu Word làm tay chỉ tạo thư mục mới", "the folder exists: a hand-made Word booklet is imported into a new folder only"),
            Some(t!("chọn tên thư mục chưa có", "choose a folder name that does not exist yet")),
        ));
    }
    // All or none: made beside, moved into place at the end.
    let made = crate::output::NewFolder::begin(dir)?;
    for (path, text) in &folder.files {
        let path = made.path().join(path);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, t!("không tạo được thư mục", "cannot make the folder"), e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, t!("không ghi được tệp", "cannot write the file"), e))?;
    }
    made.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(lines: &[&str]) -> Vec<Kind> {
        let mut seen = Seen::default();
        lines.iter().map(|l| classify(&Paragraph::default(), l, None, &mut seen)).collect()
    }

    #[test]
    fn typed_labels_give_the_ladder() {
        assert_eq!(
            kinds(&["A. KẾT QUẢ", "I- ĐẠT ĐƯỢC", "1. Lãnh đạo", "- ý", "+ ý con", "* Nguyên nhân", "II. HẠN CHẾ", "B. NHIỆM VỤ", "Đoạn văn."]),
            [
                Kind::Heading(1, "KẾT QUẢ".into()),
                Kind::Heading(2, "ĐẠT ĐƯỢC".into()),
                Kind::Heading(3, "Lãnh đạo".into()),
                Kind::Item(false, "ý".into()),
                Kind::Item(true, "ý con".into()),
                Kind::Heading(4, "Nguyên nhân".into()),
                Kind::Heading(2, "HẠN CHẾ".into()),
                Kind::Heading(1, "NHIỆM VỤ".into()),
                Kind::Prose("Đoạn văn.".into()),
            ]
        );
        // "I." is the roman one unless the parts ran to "H.".
        assert_eq!(kinds(&["A. X", "I. Y"])[1], Kind::Heading(2, "Y".into()));
        assert_eq!(kinds(&["H. X", "I. Y"])[1], Kind::Heading(1, "Y".into()));
        // A numbered sentence is prose, not a heading.
        assert_eq!(kinds(&["1. Tổ chức được 12 hội nghị."])[0], Kind::Prose("1. Tổ chức được 12 hội nghị.".into()));
    }

    #[test]
    fn bold_short_lines_are_headings_by_their_look() {
        let look = |bold, centered, text: &str| by_formatting(&Paragraph { bold, centered, ..Paragraph::default() }, text.to_string());
        assert_eq!(look(true, true, "KẾT QUẢ"), Kind::Heading(1, "KẾT QUẢ".into()));
        assert_eq!(look(true, false, "HẠN CHẾ"), Kind::Heading(2, "HẠN CHẾ".into()));
        assert_eq!(look(true, false, "Lĩnh vực kinh tế"), Kind::Heading(3, "Lĩnh vực kinh tế".into()));
        assert_eq!(look(true, false, "Một câu in đậm."), Kind::Prose("Một câu in đậm.".into()));
        assert_eq!(look(false, true, "KẾT QUẢ"), Kind::Prose("KẾT QUẢ".into()));
    }

    #[test]
    fn the_cover_facts_are_recognised() {
        let mut cover = Cover::default();
        for line in ["ĐẢNG BỘ TỈNH TRÀ VINH", "BAN TUYÊN GIÁO TỈNH ỦY", "ĐẢNG CỘNG SẢN VIỆT NAM", "TÀI LIỆU TUYÊN TRUYỀN KẾT QUẢ NĂM 2020", "(Dùng cho báo cáo viên)", "Trà Vinh, tháng 01 năm 2021"] {
            assert!(cover_fact(&mut cover, line).is_some(), "{line}");
        }
        assert_eq!(cover.date, Some((2021, 1, 1)));
        assert_eq!(cover.place.as_deref(), Some("Trà Vinh"));
        let yaml = facts_yaml(&cover, &["mo-dau.md".into()]);
        assert!(yaml.contains("year: 2020\nplan_year: 2021\n"), "{yaml}");
        assert!(cover_fact(&mut Cover::default(), "Năm qua, tình hình").is_none());
    }
}
