//! What a build checks before it writes: what the fonts and the page can
//! set (every character drawn by a bundled font, every word short enough
//! to break into lines, each problem at the line it came from), that an
//! output folder overwrites no input, that a reference DOCX reads.

use std::path::{Path, PathBuf};

use super::{Format, Project};
use crate::doc::{Document, Meta};
use crate::error::{Error, Place, Result};
use crate::fonts::FontLibrary;
use crate::limits::MAX_WORD;
use crate::report::{CONTENT_DIR, FACTS_FILE, Report};
use crate::source::SourceMap;
use crate::{output, render, t};

/// The error for character `c`, which no font draws, at `place`.
fn glyph_error(place: Place, c: char, excerpt: &str) -> Error {
    Error::input(
        place,
        t!(
            "phông chữ đi kèm không vẽ được ký tự U+{:04X} «{c}» (…{excerpt}…)",
            "the bundled fonts cannot draw U+{:04X} «{c}» (…{excerpt}…)",
            c as u32
        ),
        Some(t!(
            "thay ký tự đó bằng ký tự thông dụng (chữ Việt Unicode dựng sẵn), hoặc thêm phông chữ có ký tự đó bằng --fonts",
            "replace it with a common character (precomposed Unicode Vietnamese), or add a font that has it with --fonts"
        )),
    )
}

/// Every value of `report.yaml` and every name of the indicator table that
/// the booklet may print, and the running title, checked against the fonts
/// at its own place (a character no font draws would be dropped or boxed).
pub(super) fn check_fields(fonts: &FontLibrary, report: &Report, meta: &Meta) -> Result<()> {
    let mut errors = Vec::new();
    let mut check = |place: Place, value: &str| {
        if let Some((at, c)) = value.char_indices().find(|(_, c)| !c.is_whitespace() && !fonts.covers(*c)) {
            let place = match place.source_line.as_deref().and_then(|line| line.find(c)) {
                Some(column) => {
                    let line = place.source_line.clone().unwrap_or_default();
                    Place { column: Some(line[..column].chars().count() + 1), len: Some(1), ..place }
                }
                None => place,
            };
            errors.push(glyph_error(place, c, &excerpt(value, at)));
        }
    };
    for (key, value) in report.facts.texts() {
        if key == "logo" || key.starts_with("content[") || key == "settings.paper" {
            continue;
        }
        check(report.place_of(&key), value);
    }
    for indicator in &report.indicators {
        for value in [&indicator.name, &indicator.unit, &indicator.basis, &indicator.group, &indicator.note] {
            check(indicator.place.clone(), value);
        }
        if let Some(short) = &indicator.short_name {
            check(indicator.place.clone(), short);
        }
    }
    check(report.place_of("short_title"), &meta.short_title);
    Error::all(errors).map_or(Ok(()), Err)
}

/// Up to 20 characters either side of byte offset `at` in `text`.
fn excerpt(text: &str, at: usize) -> String {
    let before: String = text[..at].chars().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[at..].chars().take(21).collect();
    format!("{before}{after}")
}

/// Each character of the document no font draws, at the line it came from
/// (its column found on that line), else under the heading it stands in;
/// one the report's fields hold was told already by [`check_fields`].
pub(super) fn check_glyphs(fonts: &FontLibrary, report: &Report, document: &Document, sources: &SourceMap) -> Result<()> {
    let errors: Vec<Error> = fonts
        .missing_glyphs(document)
        .into_iter()
        .map(|glyph| {
            let needle = glyph.character.to_string();
            let place = glyph.origin.and_then(|origin| sources.place(origin, Some(&needle)));
            let excerpt = match place {
                Some(_) => glyph.excerpt,
                None => t!("{} trong {}", "{} in {}", glyph.excerpt, glyph.place),
            };
            glyph_error(place.unwrap_or_else(|| Place::file(&report.dir.join(FACTS_FILE))), glyph.character, &excerpt)
        })
        .collect();
    Error::all(errors).map_or(Ok(()), Err)
}

/// Refuses a word longer than [`MAX_WORD`] characters, at its line: no page
/// can break it into lines.
pub(super) fn check_word_lengths(report: &Report, document: &Document, sources: &SourceMap) -> Result<()> {
    let mut long = None;
    document.visit_text(|run| {
        if long.is_none() {
            long = run.text.split_whitespace().find(|w| w.chars().nth(MAX_WORD).is_some()).map(|w| (w.to_string(), run.origin));
        }
    });
    let Some((word, origin)) = long else { return Ok(()) };
    let start: String = word.chars().take(40).collect();
    let place = origin.and_then(|o| sources.place(o, Some(&start))).unwrap_or_else(|| Place::file(&report.dir));
    Err(Error::input(
        place,
        t!(
            "một từ dài {} ký tự, không ngắt dòng được (tối đa {MAX_WORD}): «{start}…»",
            "a word of {} characters cannot be broken into lines (at most {MAX_WORD}): «{start}…»",
            word.chars().count()
        ),
        Some(t!("thêm dấu cách, hoặc kiểm tra lại đoạn văn bản đã dán", "add spaces, or check the pasted text")),
    ))
}

impl super::Booklet {
    /// Refuses an output folder that would overwrite an input: the report
    /// folder itself, its `content/` or `templates/` folder, the
    /// `--templates` or `--fonts` folder (or a folder inside one), or a
    /// folder where an output would replace one of the report's files or
    /// the reference DOCX.
    pub(super) fn check_output(&self, project: &Project, out_dir: &Path, format: Format) -> Result<()> {
        let Ok(real_out) = output::real_path(out_dir) else { return Ok(()) };
        let real = |p: &Path| output::real_path(p).ok();
        let dir = &self.report.dir;
        let folders = [
            (Some(dir.join(CONTENT_DIR)), t!("thư mục nội dung của báo cáo", "the report's prose folder")),
            (Some(dir.join(crate::assets::REPORT_TEMPLATES)), t!("thư mục mẫu của báo cáo", "the report's templates folder")),
            (project.assets.templates_dir().map(Path::to_path_buf), t!("thư mục mẫu (--templates)", "the templates folder (--templates)")),
            (project.fonts_dir.clone(), t!("thư mục phông chữ (--fonts)", "the fonts folder (--fonts)")),
        ];
        let mut why = folders.into_iter().find(|(p, _)| p.as_deref().and_then(real).is_some_and(|p| real_out.starts_with(p))).map(|(_, what)| what);
        if why.is_none() && real(dir).is_some_and(|d| d == real_out) {
            why = Some(t!("thư mục báo cáo", "the report folder"));
        }
        if why.is_none() {
            let inputs: Vec<PathBuf> = self.input_files().iter().chain(&self.options.reference_docx).filter_map(|p| real(p)).collect();
            let clash = format.file_names(&self.report.name, &self.options).into_iter().find(|n| inputs.contains(&real_out.join(n)));
            why = clash.map(|n| t!("nơi có tệp nguồn {n}", "where the source file {n} is"));
        }
        match why {
            Some(what) => Err(Error::input(
                Place::file(out_dir),
                t!("thư mục đầu ra là (hoặc nằm trong) {what}: sẽ ghi đè tệp nguồn", "the output folder is (or lies in) {what}: it would overwrite a source file"),
                Some(t!("chọn thư mục đầu ra khác, ví dụ --out out/", "choose another output folder, e.g. --out out/")),
            )),
            None => Ok(()),
        }
    }

}

/// Whether the reference DOCX at `path` (`--reference-docx`) can be read
/// and give its styles: checked once before a batch, so that a damaged one
/// is told once, as a usage error.
pub fn check_reference(path: &Path) -> Result<()> {
    render::docx::reference::check(path, &read_reference(path)?)
}

/// The reference DOCX the command line names, read as any input is.
pub(super) fn read_reference(path: &Path) -> Result<Vec<u8>> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    crate::files::read(path, folder, crate::archive::MAX_UNCOMPRESSED).map_err(|r| r.into_error(path, None))
}

