//! The ways a build can fail. Every message names the file (and, where it is
//! known, the line and column) it is about, in Vietnamese for the staff who
//! edit the data, with a hint where one helps.

use std::fmt;
use std::path::{Path, PathBuf};

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
        /// What was being done, e.g. "không đọc được tệp".
        action: &'static str,
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
    /// Characters that no bundled font can draw.
    #[error("{}", missing_glyphs_message(.0))]
    MissingGlyphs(Vec<MissingGlyph>),
    /// The Typst page design failed to compile.
    #[error("lỗi dàn trang PDF (Typst):\n{0}")]
    Typst(String),
    /// The DOCX package could not be assembled.
    #[error("lỗi tạo tệp DOCX: {0}")]
    Docx(String),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: &Path, action: &'static str, source: std::io::Error) -> Self {
        Error::Io { path: path.to_path_buf(), action, source }
    }

    /// A problem at `place`, with an optional hint.
    pub fn input(place: Place, message: impl Into<String>, hint: Option<String>) -> Self {
        Error::Input { place, message: message.into(), hint }
    }
}

fn hint_suffix(hint: &Option<String>) -> String {
    hint.as_ref().map(|h| format!("\n  gợi ý: {h}")).unwrap_or_default()
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
        let before = &text[..offset.min(text.len())];
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
    let mut message = String::from("có ký tự mà phông chữ đi kèm không vẽ được:");
    for m in missing {
        message.push_str(&format!(
            "\n  U+{:04X} «{}» tại {}: …{}…",
            m.character as u32, m.character, m.place, m.excerpt
        ));
    }
    message.push_str(
        "\n  gợi ý: thay ký tự đó bằng ký tự thông dụng (chữ Việt Unicode dựng sẵn), \
         hoặc thêm phông chữ có ký tự đó vào thư mục fonts/",
    );
    message
}
