//! The report's files as the editor reads and writes them. Every read
//! gives the text with its version; every save names the text it started
//! from, and a save over a file that changed since is merged (prose: three
//! ways by lines; a fact: by its key; the table: cell by cell, see
//! [`super::table`]) or refused with both sides: nothing anyone typed is
//! written over without a word. The store remembers the bytes it last read
//! or wrote of each file, so that the file watcher tells its own writes
//! from edits made by other programs, however the folder was named.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::facts;
use crate::error::{Error, Place, Result};
use crate::report::{CONTENT_DIR, FACTS_FILE};
use crate::{files, limits, output, t, text};

/// The version of a file: a digest of its bytes, in hex.
pub type Version = String;

/// The version of `bytes`.
pub fn version_of(bytes: &[u8]) -> Version {
    Sha256::digest(bytes)[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A text file of the report as the editor shows it: lines end in "\n"
/// whatever the file uses, and its version.
#[derive(Debug, Clone, Serialize)]
pub struct Text {
    /// The text.
    pub text: String,
    /// The version of the file's bytes.
    pub version: Version,
}

/// What became of a save.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Saved {
    /// Written (or already so on disk). `merged` is the file's text when it
    /// differs from what was sent: the other side's edits merged in.
    Written {
        /// The version now on disk.
        version: Version,
        /// The merged text, when it is not the text sent.
        merged: Option<String>,
    },
    /// The file changed on disk where the page changed it too: nothing
    /// written; the text on disk, for the page to show beside its own.
    Conflict {
        /// The text on disk.
        theirs: String,
        /// Its version.
        version: Version,
    },
    /// The file is not there any more: nothing written.
    Missing,
    /// The file on disk cannot be read as text (saved as UTF-16, say):
    /// nothing written, the reason for the page to show.
    Unreadable {
        /// Why, with a hint.
        problem: String,
    },
}

/// A change of a file made outside the editor.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The file, relative to the report folder.
    pub file: String,
    /// Its version now; `None` when it cannot be read (gone, a link, ...).
    pub version: Option<Version>,
}

/// The editable files of one report folder.
pub struct Store {
    dir: PathBuf,
    /// The version of each file as last read or written here.
    known: Mutex<HashMap<PathBuf, Version>>,
    /// Held from reading a file's current version to writing it, so that
    /// two saves cannot both start from the same version.
    writing: Mutex<()>,
}

impl Store {
    /// The store of the report folder `dir`, named by its real path so that
    /// the watcher's paths and the store's agree.
    pub fn open(dir: &Path) -> Result<Store> {
        let dir = dir.canonicalize().map_err(|e| Error::io(dir, t!("không mở được thư mục báo cáo", "cannot open the report folder"), e))?;
        Ok(Store { dir, known: Mutex::new(HashMap::new()), writing: Mutex::new(()) })
    }

    /// The report folder (its real path).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The path of the text file `name` the editor may open: report.yaml or
    /// a prose file `content/NAME.md`; an error for any other name.
    pub fn text_path(&self, name: &str) -> Result<PathBuf> {
        if name == FACTS_FILE {
            return Ok(self.dir.join(FACTS_FILE));
        }
        let plain = |file: &str| !file.is_empty() && !file.contains(['/', '\\']) && !file.starts_with('.') && file.ends_with(".md");
        match name.strip_prefix("content/") {
            Some(file) if plain(file) => Ok(self.dir.join(CONTENT_DIR).join(file)),
            _ => Err(Error::input(
                Place::file(Path::new(name)),
                t!("trình soạn chỉ mở report.yaml và các tệp nội dung content/*.md", "the editor opens only report.yaml and the prose files, content/*.md"),
                None,
            )),
        }
    }

    /// The file `name` relative to the folder, as the page names it.
    pub fn name_of(&self, path: &Path) -> Option<String> {
        path.strip_prefix(&self.dir).ok().map(|p| p.to_string_lossy().replace('\\', "/"))
    }

    /// The bytes of `path`, read confined to the folder, remembered as the
    /// version the editor last saw.
    fn read_bytes(&self, path: &Path) -> Result<Vec<u8>> {
        let bytes = files::read(path, &self.dir, limits::MAX_INPUT).map_err(|refusal| refusal.into_error(path, None))?;
        self.remember(path, &bytes);
        Ok(bytes)
    }

    fn remember(&self, path: &Path, bytes: &[u8]) -> Version {
        let version = version_of(bytes);
        self.known.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path.to_path_buf(), version.clone());
        version
    }

    /// The version of `path` on disk now, remembered; `None` when it cannot
    /// be read.
    pub fn current_version(&self, path: &Path) -> Option<Version> {
        self.read_bytes(path).ok().map(|bytes| version_of(&bytes))
    }

    /// The text of file `name` and its version.
    pub fn read_text(&self, name: &str) -> Result<Text> {
        let path = self.text_path(name)?;
        let bytes = self.read_bytes(&path)?;
        let version = version_of(&bytes);
        Ok(Text { text: as_shown(&text::decode(&path, bytes)?), version })
    }

    /// Saves `text` to file `name`, whose text the page started from was
    /// `base`. When the file changed since, the two edits are merged by
    /// lines, or nothing is written and the conflict is returned. `force`
    /// writes `text` whatever is on disk (the person chose so, having seen
    /// both).
    pub fn save_text(&self, name: &str, base: &str, text: &str, force: bool) -> Result<Saved> {
        let path = self.text_path(name)?;
        let _writing = self.writing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let raw = match files::read(&path, &self.dir, limits::MAX_INPUT) {
            Ok(raw) => Some(raw),
            Err(files::Refusal::Missing) if path.symlink_metadata().is_err() => None,
            Err(refusal) => return Err(refusal.into_error(&path, None)),
        };
        let Some(raw) = raw else {
            return if force { self.write(&path, text, &[]).map(|version| Saved::Written { version, merged: None }) } else { Ok(Saved::Missing) };
        };
        let current = match text::decode(&path, raw.clone()) {
            Ok(current) => as_shown(&current),
            Err(_) if force => return self.write(&path, text, &raw).map(|version| Saved::Written { version, merged: None }),
            Err(e) => return Ok(Saved::Unreadable { problem: describe(&e) }),
        };
        let text = text.replace("\r\n", "\n");
        if current == text {
            return Ok(Saved::Written { version: self.remember(&path, &raw), merged: None });
        }
        if force || current == base.replace("\r\n", "\n") {
            return self.write(&path, &text, &raw).map(|version| Saved::Written { version, merged: None });
        }
        match merge_lines(&base.replace("\r\n", "\n"), &current, &text) {
            Some(merged) => {
                let version = self.write(&path, &merged, &raw)?;
                Ok(Saved::Written { version, merged: (merged != text).then_some(merged) })
            }
            None => Ok(Saved::Conflict { theirs: current, version: version_of(&raw) }),
        }
    }

    /// Writes `text` to `path`, in the line endings and with the byte order
    /// mark of the file's `old` bytes; its version.
    fn write(&self, path: &Path, text: &str, old: &[u8]) -> Result<Version> {
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        let text = if old.windows(2).any(|w| w == b"\r\n") { text.replace('\n', "\r\n") } else { text.to_string() };
        let bytes = if old.starts_with(BOM) { [BOM, text.as_bytes()].concat() } else { text.into_bytes() };
        self.write_bytes(path, &bytes)
    }

    /// Writes `bytes` to `path` of the report atomically, refusing a path
    /// out of the folder or a link; its version.
    pub fn write_bytes(&self, path: &Path, bytes: &[u8]) -> Result<Version> {
        if path.symlink_metadata().is_ok() {
            files::confined(path, &self.dir).map_err(|refusal| refusal.into_error(path, None))?;
            if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(Error::input(Place::file(path), t!("tệp là một liên kết: trình soạn không ghi qua liên kết", "the file is a link: the editor does not write through links"), None));
            }
        }
        // Remembered before the write, so that the watcher, which may see
        // the new file before this returns, knows it for the editor's own.
        let version = self.remember(path, bytes);
        output::write_atomic(path, bytes)?;
        Ok(version)
    }

    /// Sets fact `key` of report.yaml from `from` (its value when the page
    /// showed it) to `to`. A fact changed on disk meanwhile to a third value
    /// is a conflict; nothing is written.
    pub fn save_fact(&self, key: &str, from: &str, to: &str) -> Result<Saved> {
        let path = self.dir.join(FACTS_FILE);
        let _writing = self.writing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let raw = self.read_bytes(&path)?;
        let source = text::decode(&path, raw.clone())?;
        let source = text::nfc(&source).into_owned();
        let current = facts::fields(&path, &source)?.into_iter().find(|f| f.key == key).map(|f| f.value);
        let same = |a: &str, b: &str| a.trim() == b.trim();
        if let Some(current) = &current {
            if same(current, to) {
                return Ok(Saved::Written { version: version_of(&raw), merged: None });
            }
            if !same(current, from) {
                return Ok(Saved::Conflict { theirs: current.clone(), version: version_of(&raw) });
            }
        }
        let edited = facts::set(&path, &source, key, to)?;
        self.write_bytes(&path, edited.as_bytes()).map(|version| Saved::Written { version, merged: None })
    }

    /// Whether `path`, reported changed by the file watcher, differs from
    /// what the editor last read or wrote there: the change, when it is
    /// someone else's (remembered, so that it is told once).
    pub fn outside_change(&self, path: &Path) -> Option<Change> {
        let file = self.name_of(path)?;
        let bytes = files::read(path, &self.dir, limits::MAX_INPUT).ok();
        let version = bytes.as_deref().map(version_of);
        let mut known = self.known.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if known.get(path) == version.as_ref() {
            return None;
        }
        match &version {
            Some(version) => known.insert(path.to_path_buf(), version.clone()),
            None => known.remove(path),
        };
        Some(Change { file, version })
    }
}

/// `text` as the page shows it: lines ending in "\n".
fn as_shown(text: &str) -> String {
    text::nfc(text).replace("\r\n", "\n")
}

/// `error`'s message and hint in one line, for the page.
fn describe(error: &Error) -> String {
    match error {
        Error::Input { message, hint: Some(hint), .. } => format!("{message} — {hint}"),
        Error::Input { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// The three-way merge of `ours` and `theirs`, both edited from `base`,
/// line by line; `None` when they changed the same lines differently.
pub fn merge_lines(base: &str, ours: &str, theirs: &str) -> Option<String> {
    if ours == theirs {
        return Some(ours.to_string());
    }
    diffy::merge(base, ours, theirs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "một\nhai\nba\n").unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    #[test]
    fn edits_of_different_lines_are_merged_and_of_the_same_line_refused() {
        let (dir, store) = folder();
        let path = dir.path().join("content/a.md");
        let base = store.read_text("content/a.md").unwrap().text;
        std::fs::write(&path, "MỘT\nhai\nba\n").unwrap();
        let saved = store.save_text("content/a.md", &base, "một\nhai\nBA\n", false).unwrap();
        let Saved::Written { merged: Some(merged), .. } = saved else { panic!("{saved:?}") };
        assert_eq!(merged, "MỘT\nhai\nBA\n");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), merged);
        let saved = store.save_text("content/a.md", "MỘT\nhai\nBA\n", "MỘT\nHAI (đây)\nBA\n", false).unwrap();
        assert!(matches!(saved, Saved::Written { merged: None, .. }), "{saved:?}");
        std::fs::write(&path, "MỘT\nhai (đĩa)\nBA\n").unwrap();
        let saved = store.save_text("content/a.md", "MỘT\nHAI (đây)\nBA\n", "MỘT\nhai (trang)\nBA\n", false).unwrap();
        let Saved::Conflict { theirs, .. } = saved else { panic!("{saved:?}") };
        assert_eq!(theirs, "MỘT\nhai (đĩa)\nBA\n");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs, "nothing written over the other edit");
    }

    #[test]
    fn the_store_knows_its_own_writes_however_the_folder_is_named() {
        let (dir, store) = folder();
        let path = dir.path().canonicalize().unwrap().join("content/a.md");
        let base = store.read_text("content/a.md").unwrap().text;
        store.save_text("content/a.md", &base, "một\n", false).unwrap();
        assert!(store.outside_change(&path).is_none(), "its own write");
        std::fs::write(&path, "khác\n").unwrap();
        let change = store.outside_change(&path).expect("another program's write");
        assert_eq!(change.file, "content/a.md");
        assert!(store.outside_change(&path).is_none(), "told once");
    }

    #[test]
    fn an_unreadable_or_missing_file_is_never_written_over_unasked() {
        let (dir, store) = folder();
        let path = dir.path().join("content/a.md");
        let utf16: Vec<u8> = "\u{feff}một\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        std::fs::write(&path, &utf16).unwrap();
        assert!(store.read_text("content/a.md").is_err());
        let saved = store.save_text("content/a.md", "một\n", "một hai\n", false).unwrap();
        assert!(matches!(saved, Saved::Unreadable { ref problem } if problem.contains("UTF-16")), "{saved:?}");
        assert_eq!(std::fs::read(&path).unwrap(), utf16);
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(store.save_text("content/a.md", "một\n", "một hai\n", false).unwrap(), Saved::Missing));
        assert!(path.symlink_metadata().is_err());
        store.save_text("content/a.md", "một\n", "một hai\n", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "một hai\n");
    }

    #[test]
    fn crlf_and_a_byte_order_mark_stay() {
        let (dir, store) = folder();
        let path = dir.path().join("content/a.md");
        std::fs::write(&path, "\u{feff}một\r\nhai\r\n").unwrap();
        let base = store.read_text("content/a.md").unwrap().text;
        assert_eq!(base, "một\nhai\n");
        store.save_text("content/a.md", &base, "một\nba\n", false).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), "\u{feff}một\r\nba\r\n".as_bytes());
    }

    #[test]
    fn only_report_yaml_and_prose_files_open() {
        let (_dir, store) = folder();
        for name in ["../x.md", "content/../../x.md", "content/.a.md", "indicators.csv", "content/a.txt", "content/sub/a.md"] {
            assert!(store.text_path(name).is_err(), "{name}");
        }
        assert!(store.text_path("report.yaml").is_ok());
    }
}
