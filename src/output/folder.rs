//! New folders, all or none: `init`, `templates export` and `new-year`
//! make their folder in a hidden temporary folder beside it and move it
//! into place at the end, so a failure midway (a full disk, a name that
//! clashes) leaves nothing, and a rerun finds no half-made folder. Nothing
//! is ever moved over an existing file: an empty folder that is there
//! already gets its files one by one, each refused if something of its
//! name is there, even where the folder could not be listed.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Place, Result};
use crate::{faults, t};

/// A folder being made: written at [`NewFolder::path`], moved to its
/// target by [`NewFolder::finish`]; when dropped unfinished, removed with
/// the parent folders it made.
pub struct NewFolder {
    target: PathBuf,
    staging: Option<tempfile::TempDir>,
    made_parents: Vec<PathBuf>,
}

impl NewFolder {
    /// Starts the folder `target`, which must not exist; makes its missing
    /// parent folders.
    pub fn begin(target: &Path) -> Result<NewFolder> {
        if target.symlink_metadata().is_ok() {
            return Err(exists(target));
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut made_parents = Vec::new();
        let mut missing = parent.as_path();
        while missing.symlink_metadata().is_err() {
            made_parents.push(missing.to_path_buf());
            match missing.parent() {
                Some(p) if !p.as_os_str().is_empty() => missing = p,
                _ => break,
            }
        }
        let mut folder = NewFolder { target: target.to_path_buf(), staging: None, made_parents };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, t!("không tạo được thư mục", "cannot make the folder"), e))?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let prefix = format!(".{}.baocao-", name.chars().take(100).collect::<String>());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix);
        #[cfg(unix)]
        {
            // A folder as mkdir makes it (the umask narrows 0777), not the
            // 0700 of a temporary one.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o777));
        }
        let staging = builder.tempdir_in(&parent).map_err(|e| Error::io(&parent, t!("không tạo được thư mục tạm", "cannot make a temporary folder"), e))?;
        folder.staging = Some(staging);
        Ok(folder)
    }

    /// Where the folder's contents are written until it is finished.
    pub fn path(&self) -> &Path {
        self.staging.as_ref().map_or(&self.target, |s| s.path())
    }

    /// Moves the folder into place, unless something took its name
    /// meanwhile.
    pub fn finish(mut self) -> Result<()> {
        let Some(staging) = self.staging.take() else { return Ok(()) };
        let staged = staging.keep();
        if let Err(e) = rename_new(&staged, &self.target) {
            let _ = std::fs::remove_dir_all(&staged);
            self.remove_parents();
            return Err(match e.kind() {
                std::io::ErrorKind::AlreadyExists => exists(&self.target),
                _ => Error::io(&self.target, t!("không tạo được thư mục", "cannot make the folder"), e),
            });
        }
        self.made_parents.clear();
        Ok(())
    }

    fn remove_parents(&mut self) {
        for parent in self.made_parents.drain(..) {
            if std::fs::remove_dir(&parent).is_err() {
                break;
            }
        }
    }
}

impl Drop for NewFolder {
    fn drop(&mut self) {
        drop(self.staging.take());
        self.remove_parents();
    }
}

/// Writes `files` (paths relative to `dir`) into `dir`, all or none and
/// replacing nothing: a missing `dir` is made as a [`NewFolder`]; an
/// existing one must be readable and empty (`nonempty` says why not), and
/// each file or folder moved into it must not be there yet. Returns the
/// paths written.
pub fn write_new(files: &[(&str, &[u8])], dir: &Path, nonempty: impl Fn() -> (String, String)) -> Result<Vec<PathBuf>> {
    let written: Vec<PathBuf> = files.iter().map(|(name, _)| dir.join(name)).collect();
    if dir.symlink_metadata().is_err() {
        let folder = NewFolder::begin(dir)?;
        write_files(files, folder.path(), dir)?;
        folder.finish()?;
        return Ok(written);
    }
    let mut entries = std::fs::read_dir(dir).map_err(|_| {
        Error::input(
            Place::file(dir),
            t!(
                "không xem được thư mục có gì: một thư mục không đọc được không phải là thư mục trống",
                "cannot see what the folder holds: a folder that cannot be read is not an empty one"
            ),
            Some(t!("chọn một thư mục mới, hoặc cho phép đọc thư mục (chmod u+r)", "choose a new folder, or make the folder readable (chmod u+r)")),
        )
    })?;
    if entries.next().is_some() {
        let (message, hint) = nonempty();
        return Err(Error::input(Place::file(dir), message, Some(hint)));
    }
    let staging = tempfile::Builder::new()
        .prefix(".baocao-")
        .tempdir_in(dir)
        .map_err(|e| Error::io(dir, t!("không tạo được thư mục tạm", "cannot make a temporary folder"), e))?;
    write_files(files, staging.path(), dir)?;
    let mut tops: Vec<&str> = files.iter().filter_map(|(name, _)| Path::new(name).components().next()?.as_os_str().to_str()).collect();
    tops.sort_unstable();
    tops.dedup();
    let mut moved = Vec::new();
    for top in tops {
        let target = dir.join(top);
        if let Err(e) = rename_new(&staging.path().join(top), &target) {
            for earlier in moved.iter().rev() {
                let _ = std::fs::rename(dir.join(earlier), staging.path().join(earlier));
            }
            return Err(match e.kind() {
                std::io::ErrorKind::AlreadyExists => exists(&target),
                _ => Error::io(&target, t!("không ghi được tệp", "cannot write the file"), e),
            });
        }
        moved.push(top);
    }
    Ok(written)
}

/// Writes each of `files` under `dir`, each new, a fault point before
/// each; an error names the file in `shown`, where it was to go.
fn write_files(files: &[(&str, &[u8])], dir: &Path, shown: &Path) -> Result<()> {
    for (number, (name, bytes)) in files.iter().enumerate() {
        let path = dir.join(name);
        let written = match path.parent() {
            Some(parent) => std::fs::create_dir_all(parent),
            None => Ok(()),
        };
        written
            .and_then(|()| faults::at("file", &(number + 1).to_string()))
            .and_then(|()| super::journal::write_synced(&path, bytes))
            .map_err(|e| Error::io(&shown.join(name), t!("không ghi được tệp; chưa tạo gì", "cannot write the file; nothing was made"), e))?;
    }
    Ok(())
}

fn exists(path: &Path) -> Error {
    Error::input(
        Place::file(path),
        t!("đã có tệp hoặc thư mục này: baocao không ghi đè dữ liệu có sẵn", "this file or folder exists: baocao does not overwrite existing data"),
        Some(t!("chọn một thư mục mới", "choose a new folder")),
    )
}

/// Renames `from` to `to` unless `to` exists (then an error of kind
/// `AlreadyExists`), in one step where the system can.
pub fn rename_new(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput));
        let (old, new) = (c(from)?, c(to)?);
        // SAFETY: two valid NUL-terminated paths.
        let done = unsafe { libc::renameat2(libc::AT_FDCWD, old.as_ptr(), libc::AT_FDCWD, new.as_ptr(), libc::RENAME_NOREPLACE) };
        if done == 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        if !matches!(error.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(error);
        }
    }
    // Where the system cannot refuse in the same step.
    if to.symlink_metadata().is_ok() {
        return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
    }
    std::fs::rename(from, to)
}

/// The real path of `path`, every link followed, also when its last parts
/// do not exist yet (they are then taken as written, `..` going up).
pub fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let real = loop {
        match existing.canonicalize() {
            Ok(real) => break real,
            Err(_) => {
                rest.push(existing.file_name().map(|n| n.to_os_string()));
                existing = existing.parent().ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))?;
            }
        }
    };
    let mut real = real;
    for part in rest.into_iter().rev() {
        match part {
            Some(name) => real.push(name),
            None => {
                real.pop();
            }
        }
    }
    Ok(real.components().filter(|c| !matches!(c, Component::CurDir)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_paths_of_missing_folders_follow_links_and_go_up() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(real_path(&dir.path().join("a/b")).unwrap(), real.join("a/b"));
        assert_eq!(real_path(&dir.path().join("a/../b")).unwrap(), real.join("b"));
        #[cfg(unix)]
        {
            std::fs::create_dir(dir.path().join("content")).unwrap();
            std::os::unix::fs::symlink(dir.path().join("content"), dir.path().join("link")).unwrap();
            assert_eq!(real_path(&dir.path().join("link/x/y")).unwrap(), real.join("content/x/y"));
        }
    }

    #[test]
    fn a_folder_stopped_midway_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("new/deeper/report");
        let folder = NewFolder::begin(&target).unwrap();
        std::fs::write(folder.path().join("report.yaml"), "x").unwrap();
        drop(folder);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "neither the folder nor its parents are left");
        let folder = NewFolder::begin(&target).unwrap();
        std::fs::write(folder.path().join("report.yaml"), "x").unwrap();
        folder.finish().unwrap();
        assert_eq!(std::fs::read_to_string(target.join("report.yaml")).unwrap(), "x");
        assert_eq!(std::fs::read_dir(target.parent().unwrap()).unwrap().count(), 1, "no temporary folder is left");
    }

    #[test]
    fn nothing_is_moved_over_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), "mine").unwrap();
        std::fs::write(dir.path().join("b"), "new").unwrap();
        assert_eq!(rename_new(&dir.path().join("b"), &dir.path().join("a")).unwrap_err().kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(dir.path().join("a")).unwrap(), "mine");
    }
}
