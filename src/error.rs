//! The ways a build can fail. Every message names the file (and, where it is
//! known, the line and column) it is about, in the language of [`crate::lang`]
//! (Vietnamese for the staff who edit the data, English on request), with a
//! hint where one helps. [`Error::render`] shows the offending line with a
//! marker under the place.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};

use crate::limits::MAX_DIAGNOSTICS;
use crate::t;

/// A result whose error is a build [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A failed build step.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {action}: {}", path.display(), crate::reason::io(source))]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What was being done.
        action: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A problem at a known place in an input file.
    #[error("{place}: {}{}", shown(message), hint_suffix(hint))]
    Input {
        /// File, line and column (boxed: a place carries its line's text).
        place: Box<Place>,
        /// What is wrong.
        message: String,
        /// How to fix it, if there is an obvious way.
        hint: Option<String>,
    },
    /// Several problems, all found before giving up.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Error>),
    /// The Typst page design failed to compile.
    #[error("{}:\n{}", t!("lỗi dàn trang PDF (Typst)", "PDF layout error (Typst)"), .0)]
    Typst(String),
    /// The DOCX package could not be assembled.
    #[error("{}: {}", t!("lỗi tạo tệp DOCX", "cannot make the DOCX"), .0)]
    Docx(String),
    /// baocao itself went wrong (a panic caught while building one report).
    #[error("{}: {}", t!("lỗi nội bộ của baocao (xin báo lại cho người phát triển)", "an internal error of baocao (please report it)"), .0)]
    Internal(String),
}

impl Error {
    /// An I/O error on `path` while doing `action`.
    pub fn io(path: &Path, action: String, source: std::io::Error) -> Self {
        Error::Io { path: path.to_path_buf(), action, source }
    }

    /// A problem at `place`, with an optional hint.
    pub fn input(place: Place, message: impl Into<String>, hint: Option<String>) -> Self {
        Error::Input { place: Box::new(place), message: message.into(), hint }
    }

    /// One error for `errors`: itself when there is one, [`Error::Many`]
    /// otherwise; `None` when there is none.
    pub fn all(mut errors: Vec<Error>) -> Option<Error> {
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(Error::Many(errors)),
        }
    }

    /// Each single problem of this error.
    pub fn problems(&self) -> Vec<&Error> {
        match self {
            Error::Many(errors) => errors.iter().flat_map(Error::problems).collect(),
            other => vec![other],
        }
    }

    /// Each single problem of this error, taken apart.
    pub fn into_problems(self) -> Vec<Error> {
        match self {
            Error::Many(errors) => errors.into_iter().flat_map(Error::into_problems).collect(),
            other => vec![other],
        }
    }

    /// The place of a problem in an input file, if it has one.
    pub fn place(&self) -> Option<&Place> {
        match self {
            Error::Input { place, .. } => Some(place),
            Error::Io { .. } | Error::Many(_) | Error::Typst(_) | Error::Docx(_) | Error::Internal(_) => None,
        }
    }

    /// The error for people: each problem with the line it is on and a
    /// marker under the place, then its hint; past [`MAX_DIAGNOSTICS`]
    /// problems, only how many more there are.
    pub fn render(&self) -> String {
        let problems = self.problems();
        let mut shown: Vec<String> = problems.iter().take(MAX_DIAGNOSTICS).map(|e| e.render_one()).collect();
        if problems.len() > MAX_DIAGNOSTICS {
            let more = problems.len() - MAX_DIAGNOSTICS;
            shown.push(t!("… và {more} lỗi khác (không in ra)", "… and {more} more errors (not shown)"));
        }
        shown.join("\n")
    }

    fn render_one(&self) -> String {
        match self {
            Error::Input { place, message, hint } => render(Level::ERROR, &t!("lỗi", "error"), place, message, hint.as_deref()),
            _ => format!("{}: {}", t!("lỗi", "error"), shown(&self.to_string())),
        }
    }
}

/// Something worth a look that does not stop the build: decomposed text,
/// a legacy encoding, an empty figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub place: Place,
    /// What.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Warning {
    /// A warning at `place`.
    pub fn new(place: Place, message: impl Into<String>, hint: Option<String>) -> Self {
        Warning { place, message: message.into(), hint }
    }

    /// The warning for people, with the line it is on.
    pub fn render(&self) -> String {
        render(Level::WARNING, &t!("cảnh báo", "warning"), &self.place, &self.message, self.hint.as_deref())
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}{}", self.place, shown(&self.message), hint_suffix(&self.hint))
    }
}

/// A diagnostic at `place`: the title, the file and line with a marker
/// under the place, the hint. Everything printed is made safe first (see
/// [`visible`]), so no data can move the cursor, clear the terminal or turn
/// text around.
fn render(level: Level<'_>, name: &str, place: &Place, message: &str, hint: Option<&str>) -> String {
    let path = place.file_name();
    let help = t!("gợi ý", "help");
    let message = shown(message);
    let title = level.with_name(name).primary_title(message.as_ref());
    let mut group = match (place.line, &place.source_line) {
        (Some(line), Some(text)) => {
            let column = place.column.unwrap_or(1).max(1);
            let chars: Vec<char> = text.chars().collect();
            let start_char = (column - 1).min(chars.len());
            let end_char = match place.len {
                Some(len) => (start_char + len.max(1)).min(chars.len().max(start_char + 1)),
                None => {
                    let word = chars[start_char..].iter().position(|c| c.is_whitespace()).unwrap_or(chars.len() - start_char);
                    start_char + word.max(1)
                }
            };
            // Escaping changes lengths: place the marker on the escaped text.
            let before: String = chars[..start_char].iter().collect();
            let marked: String = chars[start_char..end_char.min(chars.len())].iter().collect();
            let after: String = chars[end_char.min(chars.len())..].iter().collect();
            let (before, marked, after) = (visible(&before), visible(&marked), visible(&after));
            let start = before.len();
            let end = start + marked.len().max(if after.is_empty() && marked.is_empty() { 0 } else { 1 });
            let shown = format!("{before}{marked}{after}");
            let end = end.min(shown.len()).max(start);
            title.element(Snippet::source(shown).line_start(line).path(path).annotation(AnnotationKind::Primary.span(start..end)))
        }
        (Some(line), None) => {
            let origin = Origin::path(path).line(line);
            title.element(match place.column {
                Some(column) => origin.char_column(column),
                None => origin,
            })
        }
        _ => title.element(Origin::path(path)),
    };
    if let Some(hint) = hint {
        group = group.element(Level::HELP.with_name(help.as_str()).message(shown(hint).into_owned()));
    }
    Renderer::plain().render(&[group]).to_string()
}

/// `text` with every character that could act on a terminal or hide
/// itself shown by its code instead: control characters (ESC, BEL, NUL,
/// ...), bidirectional overrides that turn text around, zero-width and
/// other invisible characters. Line breaks and tabs stay.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How many characters of one line of a message are printed: a message
/// that quotes a line of the data (a 200 KB line of `>`) is cut, not
/// echoed whole.
pub const MAX_SHOWN_LINE: usize = 300;

/// A message or hint as it is printed: [`visible`], and each line longer
/// than [`MAX_SHOWN_LINE`] characters cut, with how much was left out.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    let text = visible(text);
    if !text.lines().any(|l| l.len() > MAX_SHOWN_LINE && l.chars().count() > MAX_SHOWN_LINE) {
        return text;
    }
    // The start and the end of a long line stay: a message often ends
    // with its reason.
    let (head, tail) = (MAX_SHOWN_LINE / 2, MAX_SHOWN_LINE / 4);
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let chars: Vec<char> = line.chars().collect();
            if chars.len() <= MAX_SHOWN_LINE {
                return line.to_string();
            }
            let (start, end): (String, String) = (chars[..head].iter().collect(), chars[chars.len() - tail..].iter().collect());
            let cut = chars.len() - head - tail;
            t!("{start} …[cắt bớt {cut} ký tự]… {end}", "{start} …[{cut} characters cut]… {end}")
        })
        .collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}

/// Whether `c` must not reach a terminal or a message as itself.
pub fn hidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}'
            | '\u{061C}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{FDD0}'..='\u{FDEF}' | '\u{FFFE}' | '\u{FFFF}')
}

fn hint_suffix(hint: &Option<String>) -> String {
    hint.as_ref().map(|h| format!("\n  {}: {}", t!("gợi ý", "hint"), shown(h))).unwrap_or_default()
}

/// A place in an input file: the file, and the line and column when known
/// (both counted from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file.
    pub path: PathBuf,
    /// Line, from 1.
    pub line: Option<usize>,
    /// Column in characters, from 1.
    pub column: Option<usize>,
    /// How many characters the problem spans, when known (a value, a key).
    pub len: Option<usize>,
    /// The text of the line, to show with a marker: taken when the place
    /// is made, so that a message never reads a file again.
    pub source_line: Option<String>,
    /// Where inside a file that has no lines: a workbook's sheet and cell
    /// ("trang «Chỉ tiêu», ô J34").
    pub within: Option<String>,
}

impl Place {
    /// The whole file.
    pub fn file(path: &Path) -> Self {
        Place { path: path.to_path_buf(), line: None, column: None, len: None, source_line: None, within: None }
    }

    /// A line and column in the file, without its text.
    pub fn at(path: &Path, line: usize, column: usize) -> Self {
        Place { line: Some(line), column: Some(column), ..Place::file(path) }
    }

    /// A line of the file, without its text or column.
    pub fn line(path: &Path, line: usize) -> Self {
        Place { line: Some(line), ..Place::file(path) }
    }

    /// Line `line` and column `column` of `text`, the contents of `path`,
    /// keeping the line's text to show.
    pub fn in_text(path: &Path, text: &str, line: usize, column: usize) -> Self {
        let source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_string);
        Place { source_line, ..Place::at(path, line, column) }
    }

    /// Line `line` and column `column` of `path`, whose text is
    /// `line_text`.
    pub fn on_line(path: &Path, line: usize, column: usize, line_text: &str) -> Self {
        Place { source_line: Some(line_text.to_string()), ..Place::at(path, line, column) }
    }

    /// A place inside `path` that is not a line: `within` says where
    /// (a workbook's sheet and cell).
    pub fn within(path: &Path, within: String) -> Self {
        Place { within: Some(within), ..Place::file(path) }
    }

    /// The file's name with the place inside it that is not a line.
    pub fn file_name(&self) -> String {
        let path = visible(&self.path.display().to_string()).into_owned();
        match &self.within {
            Some(within) => format!("{path}, {}", visible(within)),
            None => path,
        }
    }

    /// This place spanning `len` characters.
    pub fn spanning(mut self, len: usize) -> Self {
        self.len = Some(len);
        self
    }

    /// The place of byte offset `offset` in `text`, the contents of `path`.
    pub fn of_offset(path: &Path, text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Place::in_text(path, text, line, column)
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file_name())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_keeping_its_start_and_its_reason() {
        let long = format!("{}: đĩa đã đầy", "a".repeat(1000));
        let cut = shown(&long);
        assert!(cut.chars().count() < MAX_SHOWN_LINE + 40, "{cut}");
        assert!(cut.starts_with("aaaa") && cut.ends_with("đĩa đã đầy") && cut.contains("cắt bớt"), "{cut}");
        assert_eq!(shown("ngắn\u{1b}"), "ngắn<U+001B>", "short lines stay, made visible");
    }
}
