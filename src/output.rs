//! Writing output files so that a failed or interrupted build never leaves a
//! half-written or emptied booklet: the bytes go to a uniquely named
//! temporary file in the same folder, which is synced and then renamed over
//! the target in one step, and the files of one build are all staged before
//! any is renamed. Two builds writing the same file at once each rename a
//! whole file; the last one wins.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};
use crate::t;

/// A temporary file older than this was left by a build that was killed.
const STALE: Duration = Duration::from_secs(3600);

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all_atomic(&[(path.to_path_buf(), bytes.to_vec())])
}

/// Writes each file atomically, all or none as far as the file system
/// allows: every file is written in full to its temporary file first, and
/// only then are they renamed into place. A failure before the renames
/// leaves every earlier output as it was.
pub fn write_all_atomic(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        staged.push((path, stage(path, bytes)?));
    }
    for (path, temp) in staged {
        temp.persist(path).map_err(|e| write_error(path, e.error))?;
    }
    Ok(())
}

fn write_error(path: &Path, e: std::io::Error) -> Error {
    Error::io(path, t!("không ghi được tệp", "cannot write the file"), e)
}

/// `bytes` written and synced to a new temporary file beside `path`,
/// removed again if dropped before it is persisted.
fn stage(path: &Path, bytes: &[u8]) -> Result<NamedTempFile> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, t!("không tạo được thư mục đầu ra", "cannot make the output folder"), e))?;
    if path.is_dir() {
        let in_the_way = std::io::Error::new(std::io::ErrorKind::IsADirectory, t!("có thư mục trùng tên", "a folder has that name"));
        return Err(write_error(path, in_the_way));
    }
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{file_name}.");
    remove_stale(dir, &prefix);
    let mut temp = tempfile::Builder::new().prefix(&prefix).suffix(".tmp").tempfile_in(dir).map_err(|e| write_error(path, e))?;
    temp.write_all(bytes).map_err(|e| write_error(path, e))?;
    temp.as_file().sync_all().map_err(|e| write_error(path, e))?;
    Ok(temp)
}

/// Removes temporary files of `prefix` in `dir` that a killed build left
/// behind (a build in progress has a young one).
fn remove_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(prefix) || !name.ends_with(".tmp") {
            continue;
        }
        let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| SystemTime::now().duration_since(t).ok());
        if age.is_some_and(|age| age > STALE) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(names(dir.path()), ["a.pdf"]);
    }

    #[test]
    fn writers_at_once_each_leave_a_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        let contents: Vec<Vec<u8>> = (0..8u8).map(|i| vec![i; 200_000]).collect();
        std::thread::scope(|scope| {
            for bytes in &contents {
                let path = &path;
                scope.spawn(move || write_atomic(path, bytes).unwrap());
            }
        });
        assert!(contents.contains(&std::fs::read(&path).unwrap()), "the file is one writer's whole output");
        assert_eq!(names(dir.path()), ["a.pdf"]);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_stale_temporaries_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        write_atomic(&path, b"good").unwrap();
        // A directory in the way of the rename: the write fails.
        let blocked = dir.path().join("b.pdf");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("x"), b"x").unwrap();
        let both = [(path.clone(), b"new".to_vec()), (blocked.clone(), b"new".to_vec())];
        assert!(write_all_atomic(&both).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"good", "no file is replaced when one cannot be");
        // A temporary file a killed build left an hour ago.
        let stale = dir.path().join(".a.pdf.abc123.tmp");
        let file = std::fs::File::create(&stale).unwrap();
        file.set_modified(SystemTime::now() - 2 * STALE).unwrap();
        write_atomic(&path, b"better").unwrap();
        assert_eq!(names(dir.path()), ["a.pdf", "b.pdf"]);
    }
}
