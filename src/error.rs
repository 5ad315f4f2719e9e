//! The ways a build can fail. Every message names the file (and, where it is
//! known, the line and column) it is about, in the language of [`crate::lang`]
//! (Vietnamese for the staff who edit the data, English on request), with a
//! hint where one helps. [`Error::render`] shows the offending line with a
//! marker under the place.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};

use crate::t;

/// A result whose error is a build [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A failed build step.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {action}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What was being done.
        action: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A problem at a known place in an input file.
    #[error("{place}: {message}{}", hint_suffix(hint))]
    Input {
        /// File, line and column.
        place: Place,
        /// What is wrong.
        message: String,
        /// How to fix it, if there is an obvious way.
        hint: Option<String>,
    },
    /// Several problems, all found before giving up.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Error>),
    /// Characters that no bundled font can draw.
    #[error("{}", missing_glyphs_message(.0))]
    MissingGlyphs(Vec<MissingGlyph>),
    /// The Typst page design failed to compile.
    #[error("{}:\n{}", t!("lỗi dàn trang PDF (Typst)", "PDF layout error (Typst)"), .0)]
    Typst(String),
    /// The DOCX package could not be assembled.
    #[error("{}: {}", t!("lỗi tạo tệp DOCX", "cannot make the DOCX"), .0)]
    Docx(String),
}

impl Error {
    /// An I/O error on `path` while doing `action`.
    pub fn io(path: &Path, action: String, source: std::io::Error) -> Self {
        Error::Io { path: path.to_path_buf(), action, source }
    }

    /// A problem at `place`, with an optional hint.
    pub fn input(place: Place, message: impl Into<String>, hint: Option<String>) -> Self {
        Error::Input { place, message: message.into(), hint }
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
            Error::Io { .. } | Error::Many(_) | Error::MissingGlyphs(_) | Error::Typst(_) | Error::Docx(_) => None,
        }
    }

    /// The error for people: each problem with the line it is on and a
    /// marker under the place, then its hint.
    pub fn render(&self) -> String {
        self.problems().iter().map(|e| e.render_one()).collect::<Vec<_>>().join("\n")
    }

    fn render_one(&self) -> String {
        match self {
            Error::Input { place, message, hint } => render(Level::ERROR, &t!("lỗi", "error"), place, message, hint.as_deref()),
            _ => format!("{}: {self}", t!("lỗi", "error")),
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
        write!(f, "{}: {}{}", self.place, self.message, hint_suffix(&self.hint))
    }
}

/// A diagnostic at `place`: the title, the file and line with a marker
/// under the place, the hint.
fn render(level: Level<'_>, name: &str, place: &Place, message: &str, hint: Option<&str>) -> String {
    let path = place.path.display().to_string();
    let help = t!("gợi ý", "help");
    let title = level.with_name(name).primary_title(message);
    let line_text = place.line.and_then(|n| {
        let bytes = std::fs::read(&place.path).ok()?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        text.lines().nth(n.checked_sub(1)?).map(|l| crate::text::nfc(l.trim_start_matches('\u{feff}')).into_owned())
    });
    let mut group = match (place.line, line_text) {
        (Some(line), Some(text)) => {
            let column = place.column.unwrap_or(1).max(1);
            let start = text.char_indices().nth(column - 1).map_or(text.len(), |(i, _)| i);
            let word_end = text[start..].find(char::is_whitespace).map_or(text.len(), |n| start + n);
            let end = if word_end > start { word_end } else { start + text[start..].chars().next().map_or(0, char::len_utf8) };
            title.element(Snippet::source(text).line_start(line).path(path).annotation(AnnotationKind::Primary.span(start..end)))
        }
        _ => title.element(Origin::path(path)),
    };
    if let Some(hint) = hint {
        group = group.element(Level::HELP.with_name(help.as_str()).message(hint));
    }
    Renderer::plain().render(&[group]).to_string()
}

fn hint_suffix(hint: &Option<String>) -> String {
    hint.as_ref().map(|h| format!("\n  {}: {h}", t!("gợi ý", "hint"))).unwrap_or_default()
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
}

impl Place {
    /// The whole file.
    pub fn file(path: &Path) -> Self {
        Place { path: path.to_path_buf(), line: None, column: None }
    }

    /// A line and column in the file.
    pub fn at(path: &Path, line: usize, column: usize) -> Self {
        Place { path: path.to_path_buf(), line: Some(line), column: Some(column) }
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
        Place::at(path, line, column)
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// One character that the bundled fonts cannot draw, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    /// The character.
    pub character: char,
    /// Where it occurs: a file place when the character comes from an input
    /// file, otherwise the heading it appears under.
    pub place: String,
    /// The text around it.
    pub excerpt: String,
}

fn missing_glyphs_message(missing: &[MissingGlyph]) -> String {
    let mut message = t!("có ký tự mà phông chữ đi kèm không vẽ được:", "characters the bundled fonts cannot draw:");
    for m in missing {
        let at = t!("tại", "at");
        message.push_str(&format!("\n  U+{:04X} «{}» {at} {}: …{}…", m.character as u32, m.character, m.place, m.excerpt));
    }
    message.push_str(&t!(
        "\n  gợi ý: thay ký tự đó bằng ký tự thông dụng (chữ Việt Unicode dựng sẵn), hoặc thêm phông chữ có ký tự đó vào thư mục fonts/",
        "\n  hint: replace the character with a common one (precomposed Unicode Vietnamese), or add a font that has it to fonts/"
    ));
    message
}
