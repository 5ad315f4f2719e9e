//! The Typst `World` the booklet is compiled in: the bundled fonts, the page
//! design under `templates/`, the report folder, the document model as data,
//! and a fixed date. Nothing else is reachable: no system fonts, no other
//! files, no packages, no network.
//!
//! The virtual file system:
//!
//! ```text
//! /templates/...    the report's own templates/ folder, else the project's
//! /data/...         the report folder (images such as a logo)
//! /document.json    the document model (for the booklet; other files for
//!                   the imposition: /booklet.pdf and /impose.json)
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use crate::t;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::fonts::FontLibrary;
use crate::report::Date;


/// The standard library, built once for every compilation.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// A compilation environment for one booklet.
pub struct BookletWorld<'a> {
    fonts: &'a FontLibrary,
    project_templates: PathBuf,
    report_dir: PathBuf,
    generated: Vec<(&'static str, Bytes)>,
    today: Datetime,
    main: FileId,
    sources: Mutex<HashMap<FileId, Source>>,
}

impl<'a> BookletWorld<'a> {
    /// A world for the report in `report_dir`, compiling `main` (a path
    /// under `/templates/`) with the `generated` files at the root, dated
    /// `date`.
    pub fn new(
        fonts: &'a FontLibrary,
        project_templates: &Path,
        report_dir: &Path,
        main: &str,
        generated: Vec<(&'static str, Vec<u8>)>,
        date: Date,
    ) -> Self {
        BookletWorld {
            fonts,
            project_templates: project_templates.to_path_buf(),
            report_dir: report_dir.to_path_buf(),
            generated: generated.into_iter().map(|(path, bytes)| (path, Bytes::new(bytes))).collect(),
            today: Datetime::from_ymd(date.year, date.month, date.day).expect("a checked date"),
            main: file_id(main),
            sources: Mutex::new(HashMap::new()),
        }
    }

    /// The real file behind virtual path `vpath`, if it lies inside one of
    /// the folders this world may read. Symbolic links that lead out of the
    /// folder are refused like `..`.
    fn real_path(&self, id: FileId) -> FileResult<PathBuf> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(t!("không dùng được gói Typst (package): mọi tệp phải nằm trong thư mục mẫu", "Typst packages are not available: every file must be in the templates folder").into())));
        }
        let vpath = id.vpath().get_with_slash();
        let (root, rest) = if let Some(rest) = vpath.strip_prefix("/templates/") {
            let own = self.report_dir.join("templates");
            let root = if own.join(rest).is_file() { own } else { self.project_templates.clone() };
            (root, rest)
        } else if let Some(rest) = vpath.strip_prefix("/data/") {
            (self.report_dir.clone(), rest)
        } else {
            return Err(FileError::AccessDenied);
        };
        let path = VirtualPath::new(rest).map_err(|_| FileError::AccessDenied)?.realize(&root).map_err(FileError::Realize)?;
        if !path.exists() {
            return Err(FileError::NotFound(path));
        }
        crate::confine::confined(&path, &root).ok_or(FileError::AccessDenied)
    }

    /// The file behind `id` as a person finds it: the real file when there
    /// is one, else the virtual path.
    pub fn shown_path(&self, id: FileId) -> PathBuf {
        self.real_path(id).unwrap_or_else(|_| PathBuf::from(id.vpath().get_without_slash()))
    }

    /// The main file's id.
    pub fn main_id(&self) -> FileId {
        self.main
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        let vpath = id.vpath().get_with_slash();
        if let Some((_, bytes)) = self.generated.iter().find(|(path, _)| *path == vpath) {
            return Ok(bytes.clone());
        }
        let path = self.real_path(id)?;
        if path.is_dir() {
            return Err(FileError::IsDirectory);
        }
        std::fs::read(&path).map(Bytes::new).map_err(|e| FileError::from_io(e, &path))
    }
}

/// The id of project file `path`.
pub fn file_id(path: &str) -> FileId {
    RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).expect("a valid virtual path")).intern()
}

impl World for BookletWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut sources = self.sources.lock().expect("source cache");
        if let Some(source) = sources.get(&id) {
            return Ok(source.clone());
        }
        let bytes = self.read(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        let text = crate::text::nfc(text.strip_prefix('\u{feff}').unwrap_or(text)).into_owned();
        let source = Source::new(id, text);
        sources.insert(id, source.clone());
        Ok(source)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.read(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts().get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
