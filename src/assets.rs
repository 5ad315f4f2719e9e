//! The program's own files: the default templates, the bundled fonts and the
//! sample report, compiled into the binary (see `build.rs`), and the one
//! rule by which a template file is found:
//!
//! 1. the report's own `templates/FILE`,
//! 2. the `--templates DIR` folder's `FILE`,
//! 3. the embedded default.
//!
//! A report may so replace a single file (`theme.typ`, `style.yaml`) and
//! keep the rest; `baocao templates export DIR` writes the defaults out for
//! a designer. Files on disk are read through [`crate::files::read`], confined
//! to their templates folder. Nothing is looked for beside the program or
//! in the current folder.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Place, Result};
use crate::files;
use crate::limits::MAX_INPUT;
use crate::t;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/assets.rs"));
}

/// The folder of a report's own templates.
pub const REPORT_TEMPLATES: &str = "templates";

/// The embedded default templates, by name (`booklet.md`, `theme.typ`).
pub fn default_templates() -> &'static [(&'static str, &'static [u8])] {
    embedded::TEMPLATES
}

/// The embedded fonts and their licences, by path under `fonts/`.
pub fn bundled_fonts() -> &'static [(&'static str, &'static [u8])] {
    embedded::FONTS
}

/// The embedded sample report (the Trà Vinh booklet), by path inside its
/// folder.
pub fn sample_report() -> &'static [(&'static str, &'static [u8])] {
    embedded::SAMPLE
}

/// Where a template file was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// In a folder on disk (the report's `templates/` or `--templates`).
    File(PathBuf),
    /// The default compiled into the program.
    Embedded(&'static str),
}

impl Origin {
    /// The path to show people: the file, or `[baocao]/templates/NAME` for
    /// a default.
    pub fn shown(&self) -> PathBuf {
        match self {
            Origin::File(path) => path.clone(),
            Origin::Embedded(name) => PathBuf::from(format!("[baocao]/templates/{name}")),
        }
    }
}

/// A template file and where it came from.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Where it was found.
    pub origin: Origin,
    /// Its bytes.
    pub bytes: Cow<'static, [u8]>,
}

/// The template sources of a run: an optional `--templates` folder over the
/// embedded defaults (a report's own folder comes first, per report).
#[derive(Debug, Clone, Default)]
pub struct Assets {
    templates_dir: Option<PathBuf>,
}

impl Assets {
    /// The embedded defaults only.
    pub fn embedded() -> Assets {
        Assets::default()
    }

    /// Templates from `dir` first, then the embedded defaults. The folder
    /// must exist.
    pub fn with_templates(dir: &Path) -> Result<Assets> {
        if !dir.is_dir() {
            return Err(Error::input(
                Place::file(dir),
                t!("không có thư mục mẫu này (--templates)", "no such templates folder (--templates)"),
                Some(t!("tạo thư mục mẫu bằng: baocao templates export THƯ_MỤC", "make one with: baocao templates export DIR")),
            ));
        }
        Ok(Assets { templates_dir: Some(dir.to_path_buf()) })
    }

    /// The `--templates` folder, if any.
    pub fn templates_dir(&self) -> Option<&Path> {
        self.templates_dir.as_deref()
    }

    /// The template `name` (a relative path such as `theme.typ`) for the
    /// report in `report_dir`, by the lookup rule of this module; `None`
    /// when no source has it. A file that is present but may not be read
    /// (a link out of its folder, a FIFO, ...) is an error, never skipped.
    pub fn lookup(&self, report_dir: Option<&Path>, name: &str) -> Result<Option<Asset>> {
        let Some(relative) = plain_relative(name) else {
            return Err(Error::input(
                Place::file(Path::new(name)),
                t!("tên mẫu «{name}» không hợp lệ: chỉ dùng tên tương đối, không có «..»", "invalid template name «{name}»: only relative names without «..»"),
                None,
            ));
        };
        // A report's own templates stay inside the report folder; a
        // --templates folder's inside that folder.
        let own = report_dir.map(|d| (d.join(REPORT_TEMPLATES), d.to_path_buf()));
        let designer = self.templates_dir.clone().map(|d| (d.clone(), d));
        for (folder, root) in own.into_iter().chain(designer) {
            let path = folder.join(&relative);
            if path.symlink_metadata().is_err() {
                continue;
            }
            let bytes = files::read(&path, &root, MAX_INPUT).map_err(|refusal| refusal.into_error(&path, None))?;
            return Ok(Some(Asset { origin: Origin::File(path), bytes: Cow::Owned(bytes) }));
        }
        Ok(embedded::TEMPLATES
            .iter()
            .find(|(file, _)| *file == name)
            .map(|(file, bytes)| Asset { origin: Origin::Embedded(file), bytes: Cow::Borrowed(*bytes) }))
    }

    /// Like [`Assets::lookup`], for a file every booklet needs: an error
    /// when it is nowhere.
    pub fn require(&self, report_dir: Option<&Path>, name: &str) -> Result<Asset> {
        self.lookup(report_dir, name)?.ok_or_else(|| {
            Error::input(
                Place::file(Path::new(name)),
                t!("không tìm thấy mẫu «{name}»", "template «{name}» not found"),
                None,
            )
        })
    }
}

/// `name` as a relative path of plain components, or `None` when it is
/// absolute, climbs with `..` or uses backslashes.
fn plain_relative(name: &str) -> Option<PathBuf> {
    let path = Path::new(name);
    let plain = !name.is_empty() && !name.contains('\\') && path.components().all(|c| matches!(c, Component::Normal(_)));
    plain.then(|| path.to_path_buf())
}

/// Writes the files `files` (paths relative to `dir`) into `dir`, all or
/// none, which must be missing, or readable and empty, unless `force`
/// (then files of the same name are replaced): what `baocao templates
/// export` and `baocao init` do. Without `force` nothing is ever replaced,
/// even in a folder that could not be listed. Returns the paths written.
pub fn write_out(files: &[(&str, &[u8])], dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    if force && dir.is_dir() {
        let owned: Vec<(PathBuf, Vec<u8>)> = files.iter().map(|(name, bytes)| (dir.join(name), bytes.to_vec())).collect();
        crate::output::write_outputs(dir, &owned)?;
        return Ok(owned.into_iter().map(|(path, _)| path).collect());
    }
    crate::output::write_new(files, dir, || {
        (
            t!("thư mục đã có nội dung: không ghi đè", "the folder is not empty: nothing overwritten"),
            t!("chọn một thư mục trống, hoặc thêm --force để ghi đè các tệp trùng tên", "choose an empty folder, or add --force to overwrite files of the same name"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_embedded() {
        let names: Vec<&str> = default_templates().iter().map(|(n, _)| *n).collect();
        for name in ["booklet.md", "booklet.typ", "theme.typ", "formats.yaml"] {
            assert!(names.contains(&name), "{name} in {names:?}");
        }
        assert!(bundled_fonts().iter().any(|(n, _)| n.ends_with("OFL.txt")), "fonts come with their licence");
        assert!(sample_report().iter().any(|(n, _)| *n == "content/ket-qua.md"));
    }

    #[test]
    fn a_report_file_comes_before_the_folder_before_the_default() {
        let report = tempfile::tempdir().unwrap();
        let designer = tempfile::tempdir().unwrap();
        let assets = Assets::with_templates(designer.path()).unwrap();
        let found = |name: &str| assets.lookup(Some(report.path()), name).unwrap().unwrap();
        assert!(matches!(found("theme.typ").origin, Origin::Embedded("theme.typ")));
        std::fs::write(designer.path().join("theme.typ"), "// designer").unwrap();
        assert_eq!(&*found("theme.typ").bytes, b"// designer");
        std::fs::create_dir(report.path().join("templates")).unwrap();
        std::fs::write(report.path().join("templates/theme.typ"), "// report").unwrap();
        assert_eq!(&*found("theme.typ").bytes, b"// report");
        assert!(assets.lookup(Some(report.path()), "no-such.md").unwrap().is_none());
        assert!(assets.lookup(None, "../theme.typ").is_err());
        assert!(assets.lookup(None, "/etc/passwd").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_templates_folder_is_refused_not_skipped() {
        let report = tempfile::tempdir().unwrap();
        std::fs::create_dir(report.path().join("templates")).unwrap();
        std::os::unix::fs::symlink("/etc", report.path().join("templates/sub")).unwrap();
        let error = Assets::embedded().lookup(Some(report.path()), "sub/passwd").unwrap_err().to_string();
        assert!(error.contains("liên kết") || error.contains("link"), "{error}");
        assert!(!error.contains("root:"), "{error}");
    }
}
