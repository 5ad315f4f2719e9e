//! The fonts: those bundled in the program (see [`crate::assets`]) and any
//! added with `--fonts DIR`, loaded once and shared by every build; and the
//! check that every character of a booklet can be drawn with them (Typst
//! would silently draw an empty box instead).

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::doc::{Document, plain_text};
use crate::error::{Error, Result};
use crate::source::Origin;
use crate::limits::{MAX_FONT, MAX_FONT_FILES};
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
    /// The bundled fonts only.
    pub fn bundled() -> FontLibrary {
        FontLibrary::load(None).expect("the bundled fonts load")
    }

    /// The bundled fonts, and every `.ttf`, `.otf`, `.ttc` and `.otc` file
    /// under `extra` (`--fonts`), taken in path order so that font indices
    /// (and so the PDF bytes) never depend on the order the file system
    /// lists them in. The walk follows no link; each file is read through
    /// [`crate::files::read`].
    pub fn load(extra: Option<&Path>) -> Result<FontLibrary> {
        let mut fonts: Vec<Font> = crate::assets::bundled_fonts()
            .iter()
            .filter(|(name, _)| is_font_file(Path::new(name)))
            .flat_map(|(_, data)| Font::iter(Bytes::new(*data)))
            .collect();
        if let Some(dir) = extra {
            let mut paths = Vec::new();
            collect_font_files(dir, &mut paths)?;
            paths.sort();
            let before = fonts.len();
            for path in &paths {
                let data = crate::files::read(path, dir, MAX_FONT).map_err(|refusal| refusal.into_error(path, None))?;
                fonts.extend(Font::iter(Bytes::new(data)));
            }
            if fonts.len() == before {
                return Err(Error::input(
                    crate::error::Place::file(dir),
                    t!("không có phông chữ nào (.ttf, .otf) trong thư mục --fonts", "no fonts (.ttf, .otf) in the --fonts folder"),
                    Some(t!("chép các tệp phông chữ vào thư mục đó", "copy the font files into that folder")),
                ));
            }
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

    /// A ruler for text set in `family`, bold or regular (the regular face
    /// when there is no bold; the first font when there is no such family).
    pub fn ruler(&self, family: &str, bold: bool) -> Option<Ruler<'_>> {
        use typst::text::{FontStyle, FontWeight};
        let weight = if bold { FontWeight::BOLD } else { FontWeight::REGULAR };
        let font = self
            .fonts
            .iter()
            .find(|f| f.info().family == family && f.info().variant.weight == weight && f.info().variant.style == FontStyle::Normal)
            .or_else(|| self.fonts.iter().find(|f| f.info().family == family))
            .or_else(|| self.fonts.first())?;
        let face = ttf_parser::Face::parse(font.data(), font.index()).ok()?;
        Some(Ruler { face, advances: Default::default() })
    }

    /// Whether some bundled font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.fonts.iter().any(|f| f.info().coverage.contains(c as u32))
    }

    /// Each character of `doc` that no font draws, once, with where it is.
    pub fn missing_glyphs(&self, doc: &Document) -> Vec<MissingGlyph> {
        let mut missing: Vec<MissingGlyph> = Vec::new();
        doc.visit_text(|run| {
            for (i, c) in run.text.char_indices() {
                if c.is_whitespace() || self.covers(c) || missing.iter().any(|m| m.character == c) {
                    continue;
                }
                missing.push(MissingGlyph {
                    character: c,
                    origin: run.origin,
                    place: match run.heading {
                        Some(h) => t!("mục «{}»", "section «{}»", plain_text(h)),
                        None => t!("phần đầu tài liệu (bìa)", "the start of the booklet (cover)"),
                    },
                    excerpt: excerpt(run.text, i),
                });
            }
        });
        missing
    }
}

/// Measures text set in one face.
pub struct Ruler<'a> {
    face: ttf_parser::Face<'a>,
    /// The advance of each character measured so far, in font units: a
    /// booklet has a few hundred distinct characters and many thousands
    /// to measure.
    advances: std::cell::RefCell<std::collections::HashMap<char, f64>>,
}

impl Ruler<'_> {
    /// The width in points of `text` at `size` points, by the glyphs'
    /// advances (without kerning); a character the face lacks counts as
    /// half an em.
    pub fn width(&self, text: &str, size: f64) -> f64 {
        let per_em = f64::from(self.face.units_per_em());
        let mut advances = self.advances.borrow_mut();
        let units: f64 = text
            .chars()
            .map(|c| {
                *advances.entry(c).or_insert_with(|| {
                    self.face.glyph_index(c).and_then(|g| self.face.glyph_hor_advance(g)).map_or(per_em / 2.0, f64::from)
                })
            })
            .sum();
        units / per_em * size
    }
}

/// One character that the fonts cannot draw, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    /// The character.
    pub character: char,
    /// The line it came from, when known.
    pub origin: Option<Origin>,
    /// The heading it stands under, for people, when the origin is not
    /// known.
    pub place: String,
    /// The text around it.
    pub excerpt: String,
}

/// Up to 20 characters either side of byte offset `at` in `text`.
fn excerpt(text: &str, at: usize) -> String {
    let before: String = text[..at].chars().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[at..].chars().take(21).collect();
    format!("{before}{after}")
}

fn is_font_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
        Some("ttf" | "otf" | "ttc" | "otc")
    )
}

/// The font files under `dir`, not following links (a link loop would walk
/// forever), at most [`MAX_FONT_FILES`] entries.
fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let read_error = |e| Error::io(dir, t!("không đọc được thư mục phông chữ", "cannot read the fonts folder"), e);
    let mut pending = vec![dir.to_path_buf()];
    let mut visited = 0;
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).map_err(read_error)? {
            visited += 1;
            if visited > MAX_FONT_FILES {
                return Err(Error::input(
                    crate::error::Place::file(dir),
                    t!("thư mục phông chữ có quá {MAX_FONT_FILES} mục", "the fonts folder has over {MAX_FONT_FILES} entries"),
                    Some(t!("chỉ để các tệp phông chữ cần dùng trong thư mục đó", "keep only the fonts you need in that folder")),
                ));
            }
            let entry = entry.map_err(read_error)?;
            let kind = entry.file_type().map_err(read_error)?;
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() && is_font_file(&entry.path()) {
                out.push(entry.path());
            }
        }
    }
    Ok(())
}
