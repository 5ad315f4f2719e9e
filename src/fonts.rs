//! The bundled fonts: loaded once from the `fonts/` folder and shared by every
//! build, and the check that every character of a booklet can be drawn with
//! them (Typst would silently draw an empty box instead).

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::doc::{Document, plain_text};
use crate::error::{Error, MissingGlyph, Result};
use crate::t;

/// A font family with its four faces, as font files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    /// The family name ("Liberation Serif").
    pub name: String,
    /// The regular, bold, italic and bold italic faces.
    pub faces: [Vec<u8>; 4],
}

/// The fonts of the `fonts/` folder.
pub struct FontLibrary {
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
}

impl FontLibrary {
    /// Loads every `.ttf`, `.otf` and `.ttc` file under `dir`, in path order
    /// so that font indices (and so the PDF bytes) never depend on the order
    /// the file system lists them in.
    pub fn load(dir: &Path) -> Result<FontLibrary> {
        let mut paths = Vec::new();
        collect_font_files(dir, &mut paths)?;
        paths.sort();
        let mut fonts = Vec::new();
        for path in &paths {
            let data = std::fs::read(path).map_err(|e| Error::io(path, t!("không đọc được phông chữ", "cannot read the font"), e))?;
            fonts.extend(Font::iter(Bytes::new(data)));
        }
        if fonts.is_empty() {
            return Err(Error::input(
                crate::error::Place::file(dir),
                t!("không có phông chữ nào (.ttf, .otf) trong thư mục phông chữ", "no fonts (.ttf, .otf) in the fonts folder"),
                Some(t!("thư mục fonts/ của dự án phải có các phông chữ đi kèm", "the project's fonts/ folder must hold the bundled fonts")),
            ));
        }
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        Ok(FontLibrary { fonts, book })
    }

    /// The fonts, in the order of the font book.
    pub fn fonts(&self) -> &[Font] {
        &self.fonts
    }

    /// The font book Typst selects fonts from.
    pub fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    /// The first family with a regular, bold, italic and bold italic face,
    /// to embed in the DOCX.
    pub fn embeddable_family(&self) -> Option<Family> {
        use typst::text::{FontStyle, FontWeight};
        let face = |family: &str, weight: FontWeight, style: FontStyle| {
            self.fonts
                .iter()
                .find(|f| f.info().family == family && f.info().variant.weight == weight && f.info().variant.style == style)
                .map(|f| f.data().to_vec())
        };
        self.fonts.iter().map(|f| f.info().family.as_str()).find_map(|family| {
            Some(Family {
                name: family.to_string(),
                faces: [
                    face(family, FontWeight::REGULAR, FontStyle::Normal)?,
                    face(family, FontWeight::BOLD, FontStyle::Normal)?,
                    face(family, FontWeight::REGULAR, FontStyle::Italic)?,
                    face(family, FontWeight::BOLD, FontStyle::Italic)?,
                ],
            })
        })
    }

    /// Whether some bundled font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.fonts.iter().any(|f| f.info().coverage.contains(c as u32))
    }

    /// Checks that every character of `doc` can be drawn; otherwise lists
    /// each missing character once, with the heading it stands under.
    pub fn check_coverage(&self, doc: &Document) -> Result<()> {
        let mut missing: Vec<MissingGlyph> = Vec::new();
        doc.visit_text(|heading, text| {
            for (i, c) in text.char_indices() {
                if c.is_whitespace() || self.covers(c) || missing.iter().any(|m| m.character == c) {
                    continue;
                }
                missing.push(MissingGlyph {
                    character: c,
                    place: match heading {
                        Some(h) => t!("mục «{}»", "section «{}»", plain_text(h)),
                        None => t!("phần đầu tài liệu (bìa)", "the start of the booklet (cover)"),
                    },
                    excerpt: excerpt(text, i),
                });
            }
        });
        if missing.is_empty() { Ok(()) } else { Err(Error::MissingGlyphs(missing)) }
    }
}

/// Up to 20 characters either side of byte offset `at` in `text`.
fn excerpt(text: &str, at: usize) -> String {
    let before: String = text[..at].chars().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[at..].chars().take(21).collect();
    format!("{before}{after}")
}

fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, t!("không đọc được thư mục phông chữ", "cannot read the fonts folder"), e))?;
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, t!("không đọc được thư mục phông chữ", "cannot read the fonts folder"), e))?.path();
        if path.is_dir() {
            collect_font_files(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
            Some("ttf" | "otf" | "ttc" | "otc")
        ) {
            out.push(path);
        }
    }
    Ok(())
}
