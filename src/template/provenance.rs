//! The line map of the booklet Markdown: which file and line each line of
//! the templates' output came from.
//!
//! Before minijinja compiles a template, each of its lines that begins in
//! plain template text gets an invisible marker, `U+FDD0 file:line U+FDD1`;
//! minijinja copies plain text to the output, so after rendering every
//! output line carries the marker of the line it came from (a loop's lines
//! repeat theirs, an included file brings its own). [`strip`] takes the
//! markers out and returns the origin of each output line. The markers are
//! Unicode noncharacters, which no input may contain (see
//! [`crate::text::forbidden`]), so data can never forge one.
//!
//! Whitespace control keeps its meaning: no marker goes before `{%-`,
//! `{{-` or `{#-` (it would stop the trimming), and after a line ending in
//! `-%}` the marker goes after the next line's indentation.

use crate::source::Origin;

/// Opens a line marker.
const LINE_OPEN: char = '\u{FDD0}';
/// Closes a line marker.
const LINE_CLOSE: char = '\u{FDD1}';

/// A template's source with its line markers, and where they were put, to
/// map minijinja's error positions back to the file.
#[derive(Debug, Clone)]
pub struct Instrumented {
    /// The marked source, for minijinja.
    pub text: String,
    /// For each line (from 0), the byte offset in the line where a marker
    /// went and its length in bytes, if one did.
    marks: Vec<Option<(usize, usize)>>,
}

impl Instrumented {
    /// The byte offset in the original source of byte offset `offset` of
    /// the marked one.
    pub fn original_offset(&self, offset: usize) -> usize {
        let mut removed = 0;
        let mut line_start = 0;
        for (line, text) in self.text.split_inclusive('\n').enumerate() {
            let line_end = line_start + text.len();
            if let Some(Some((at, len))) = self.marks.get(line) {
                let marker_end = line_start + at + len;
                if offset >= marker_end {
                    removed += len;
                } else if offset > line_start + at {
                    removed += offset - (line_start + at);
                }
            }
            if offset < line_end {
                break;
            }
            line_start = line_end;
        }
        offset.saturating_sub(removed)
    }
}

/// `source`, the text of file `file` of the source map, with a marker at
/// the start of each line that begins in plain template text.
pub fn instrument(source: &str, file: u32) -> Instrumented {
    let mut text = String::with_capacity(source.len() + source.len() / 8);
    let mut marks = Vec::new();
    let mut scanner = Scanner::default();
    let mut previous_trims = false;
    for (index, line) in source.split_inclusive('\n').enumerate() {
        let mut mark = None;
        if !scanner.in_tag() {
            let trimmed = line.trim_start();
            let left_trim = ["{%-", "{{-", "{#-"].iter().any(|t| trimmed.starts_with(t));
            if !left_trim {
                let at = if previous_trims { line.len() - trimmed.len() } else { 0 };
                let marker = format!("{LINE_OPEN}{file}:{}{LINE_CLOSE}", index + 1);
                text.push_str(&line[..at]);
                text.push_str(&marker);
                text.push_str(&line[at..]);
                mark = Some((at, marker.len()));
            }
        }
        if mark.is_none() {
            text.push_str(line);
        }
        marks.push(mark);
        scanner.feed(line);
        let end = line.trim_end();
        previous_trims = !scanner.in_tag() && ["-%}", "-}}", "-#}"].iter().any(|t| end.ends_with(t));
    }
    Instrumented { text, marks }
}

/// Tracks whether a point of a template lies inside a tag, an expression
/// or a comment.
#[derive(Debug, Default)]
struct Scanner {
    /// The closing delimiter awaited, when inside one.
    open: Option<&'static str>,
    /// The quote awaited inside a tag.
    quote: Option<char>,
}

impl Scanner {
    fn in_tag(&self) -> bool {
        self.open.is_some()
    }

    fn feed(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match self.open {
                None => {
                    if bytes[i] == b'{' && i + 1 < bytes.len() {
                        self.open = match bytes[i + 1] {
                            b'{' => Some("}}"),
                            b'%' => Some("%}"),
                            b'#' => Some("#}"),
                            _ => None,
                        };
                        if self.open.is_some() {
                            i += 2;
                            continue;
                        }
                    }
                    i += 1;
                }
                Some(close) => {
                    let c = bytes[i];
                    if let Some(q) = self.quote {
                        if c == b'\\' {
                            i += 2;
                            continue;
                        }
                        if c == q as u8 {
                            self.quote = None;
                        }
                        i += 1;
                        continue;
                    }
                    if close != "#}" && (c == b'"' || c == b'\'') {
                        self.quote = Some(c as char);
                        i += 1;
                        continue;
                    }
                    if bytes[i..].starts_with(close.as_bytes()) {
                        self.open = None;
                        i += 2;
                        continue;
                    }
                    i += 1;
                }
            }
        }
    }
}

/// The rendered `output` without its line markers, and the origin of each
/// of its lines: the marker just before the line's first text (a line that
/// begins an included file carries the include's marker, then the file's
/// own), else the line's last marker, else the last one before the line (a
/// line a loop or an expression made without its own).
pub fn strip(output: &str) -> (String, Vec<Option<Origin>>) {
    let mut text = String::with_capacity(output.len());
    let mut origins = Vec::new();
    let mut last = None;
    for line in output.split_inclusive('\n') {
        let mut origin = None;
        let mut rest = line;
        while let Some(open) = rest.find(LINE_OPEN) {
            let before = &rest[..open];
            if origin.is_none() && !before.trim().is_empty() {
                origin = last;
            }
            text.push_str(before);
            let after = &rest[open + LINE_OPEN.len_utf8()..];
            let Some(close) = after.find(LINE_CLOSE) else {
                rest = after;
                continue;
            };
            if let Some(found) = parse_marker(&after[..close]) {
                last = Some(found);
            }
            rest = &after[close + LINE_CLOSE.len_utf8()..];
        }
        text.push_str(rest);
        origins.push(origin.or(last));
    }
    (text, origins)
}

fn parse_marker(marker: &str) -> Option<Origin> {
    let (file, line) = marker.split_once(':')?;
    Some(Origin { file: file.parse().ok()?, line: line.parse().ok()? })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins_of(source: &str, context: minijinja::Value) -> Vec<(String, Option<u32>)> {
        let mut env = minijinja::Environment::new();
        let marked = instrument(source, 0);
        env.add_template_owned("t", marked.text).unwrap();
        let output = env.get_template("t").unwrap().render(context).unwrap();
        let (text, origins) = strip(&output);
        text.lines().zip(origins).map(|(l, o)| (l.to_string(), o.map(|o| o.line))).collect()
    }

    #[test]
    fn each_output_line_knows_its_source_line() {
        let source = "# Tiêu đề {{ year }}\n\n{% for x in items %}\n- mục {{ x }}\n{% endfor %}\nĐoạn cuối.\n";
        let lines = origins_of(source, minijinja::context! { year => 2020, items => vec!["a", "b"] });
        let wanted = [
            ("# Tiêu đề 2020", Some(1)),
            ("", Some(2)),
            ("", Some(3)),
            ("- mục a", Some(4)),
            ("", Some(5)),
            ("- mục b", Some(4)),
            ("", Some(5)),
            ("Đoạn cuối.", Some(6)),
        ];
        let got: Vec<(&str, Option<u32>)> = lines.iter().map(|(l, o)| (l.as_str(), *o)).collect();
        assert_eq!(got, wanted);
    }

    #[test]
    fn a_line_that_begins_an_included_file_is_the_file_s() {
        let mut env = minijinja::Environment::new();
        env.add_template_owned("inner", instrument("đầu tệp\nhai\n", 1).text).unwrap();
        env.add_template_owned("outer", instrument("trước\n{% include 'inner' %}\nsau\n", 0).text).unwrap();
        let (text, origins) = strip(&env.get_template("outer").unwrap().render(()).unwrap());
        let got: Vec<(&str, Option<(u32, u32)>)> = text.lines().zip(origins).map(|(l, o)| (l, o.map(|o| (o.file, o.line)))).collect();
        assert_eq!(got, [("trước", Some((0, 1))), ("đầu tệp", Some((1, 1))), ("hai", Some((1, 2))), ("sau", Some((0, 3)))]);
    }

    #[test]
    fn whitespace_control_keeps_its_meaning() {
        let source = "a\n{%- if true %}\nb\n{% endif -%}\n   c\n{{ '{%' }} d\n";
        let plain = {
            let mut env = minijinja::Environment::new();
            env.add_template("t", source).unwrap();
            env.get_template("t").unwrap().render(()).unwrap()
        };
        let mut env = minijinja::Environment::new();
        env.add_template_owned("t", instrument(source, 0).text).unwrap();
        let (text, _) = strip(&env.get_template("t").unwrap().render(()).unwrap());
        assert_eq!(text, plain);
    }

    #[test]
    fn error_offsets_map_back_to_the_file() {
        let source = "dòng một\n{{ oops( }}\n";
        let marked = instrument(source, 3);
        let in_marked = marked.text.find("oops").unwrap();
        assert_eq!(marked.original_offset(in_marked), source.find("oops").unwrap());
    }

    #[test]
    fn tags_over_several_lines_get_no_marker_inside() {
        let source = "{% if a\n   and b %}x{% endif %}\ny\n";
        let marked = instrument(source, 0);
        assert!(!marked.text.lines().nth(1).unwrap().contains(LINE_OPEN));
        assert!(marked.text.lines().nth(2).unwrap().starts_with(LINE_OPEN));
    }
}
