//! The Typst `World` the booklet is compiled in: the fonts, the page design
//! found by the template lookup rule, the report folder, the document model
//! as data, and a fixed date. Nothing else is reachable: no system fonts,
//! no other files, no packages, no network.
//!
//! The virtual file system:
//!
//! ```text
//! /templates/...    the page design: the report's own templates/ file, else
//!                   the --templates folder's, else the embedded default
//! /data/...         the report folder (images such as a logo)
//! /document.json    the document model (for the booklet; other files for
//!                   the imposition: /booklet.pdf and /impose.json)
//! ```
//!
//! Every file on disk is read through [`crate::files::read`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::assets::{Assets, Origin};
use crate::date::Date;
use crate::files;
use crate::fonts::FontLibrary;
use crate::limits::MAX_INPUT;
use crate::t;

/// The standard library, built once for every compilation.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// A compilation environment for one booklet. It owns what it reads from,
/// so that a compilation can run on a thread of its own.
pub struct BookletWorld {
    fonts: Arc<FontLibrary>,
    assets: Assets,
    report_dir: PathBuf,
    generated: Vec<(&'static str, Bytes)>,
    today: Datetime,
    main: FileId,
    sources: Mutex<HashMap<FileId, Source>>,
    origins: Mutex<HashMap<FileId, PathBuf>>,
}

impl BookletWorld {
    /// A world for the report in `report_dir`, compiling `main` (a path
    /// under `/templates/`) with the `generated` files at the root, dated
    /// `date`.
    pub fn new(
        fonts: Arc<FontLibrary>,
        assets: Assets,
        report_dir: &Path,
        main: &str,
        generated: Vec<(&'static str, Vec<u8>)>,
        date: Date,
    ) -> Self {
        BookletWorld {
            fonts,
            assets,
            report_dir: report_dir.to_path_buf(),
            generated: generated.into_iter().map(|(path, bytes)| (path, Bytes::new(bytes))).collect(),
            today: Datetime::from_ymd(date.year, date.month, date.day).expect("a checked date"),
            main: file_id(main),
            sources: Mutex::new(HashMap::new()),
            origins: Mutex::new(HashMap::new()),
        }
    }

    /// The file behind `id` as a person finds it: the real file or the
    /// embedded default it was read from, else the virtual path.
    pub fn shown_path(&self, id: FileId) -> PathBuf {
        if let Some(path) = self.origins.lock().expect("origins").get(&id) {
            return path.clone();
        }
        PathBuf::from(id.vpath().get_without_slash())
    }

    /// The main file's id.
    pub fn main_id(&self) -> FileId {
        self.main
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                t!(
                    "không dùng được gói Typst (package): mọi tệp phải nằm trong thư mục mẫu",
                    "Typst packages are not available: every file must be in the templates folder"
                )
                .into(),
            )));
        }
        let vpath = id.vpath().get_with_slash();
        if let Some((_, bytes)) = self.generated.iter().find(|(path, _)| *path == vpath) {
            return Ok(bytes.clone());
        }
        let denied = |reason: String| FileError::Other(Some(reason.into()));
        if let Some(name) = vpath.strip_prefix("/templates/") {
            let asset = self.assets.lookup(Some(&self.report_dir), name).map_err(|e| denied(e.to_string()))?;
            let Some(asset) = asset else { return Err(FileError::NotFound(PathBuf::from(vpath))) };
            self.origins.lock().expect("origins").insert(id, asset.origin.shown());
            return Ok(match asset.origin {
                Origin::Embedded(_) => Bytes::new(asset.bytes),
                Origin::File(_) => Bytes::new(asset.bytes.into_owned()),
            });
        }
        if let Some(rest) = vpath.strip_prefix("/data/") {
            let path = VirtualPath::new(rest)
                .map_err(|_| FileError::AccessDenied)?
                .realize(&self.report_dir)
                .map_err(FileError::Realize)?;
            let bytes = files::read(&path, &self.report_dir, MAX_INPUT).map_err(|refusal| match refusal {
                files::Refusal::Missing => FileError::NotFound(path.clone()),
                other => denied(format!("{}: {}", path.display(), other.reason())),
            })?;
            self.origins.lock().expect("origins").insert(id, path);
            return Ok(Bytes::new(bytes));
        }
        Err(FileError::AccessDenied)
    }
}

/// The id of project file `path`.
pub fn file_id(path: &str) -> FileId {
    RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).expect("a valid virtual path")).intern()
}

impl World for BookletWorld {
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
        if let Some(source) = self.sources.lock().expect("source cache").get(&id) {
            return Ok(source.clone());
        }
        let bytes = self.read(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        let text = crate::text::nfc(text.strip_prefix('\u{feff}').unwrap_or(text)).into_owned();
        let source = Source::new(id, text);
        self.sources.lock().expect("source cache").insert(id, source.clone());
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
