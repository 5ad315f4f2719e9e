//! Writing output files so that nothing is lost: a failed, killed or
//! concurrent build never leaves a half-written or emptied booklet, nor a
//! new PDF beside an old DOCX, and leaves nothing beside the user's files.
//!
//! - Each file is written in full to a new file in the same folder, synced,
//!   and renamed over the target in one step.
//! - The files of one write (`NAME.pdf`, `NAME.docx`, ...; the files an
//!   import changes) are written under a lock on the folder they go to
//!   ([`lock`]), so two writers of that folder (two processes, or a batch)
//!   take turns and the files always come from the same build.
//! - Their renames are all or none, across a kill too ([`journal`]): the
//!   previous files are kept aside until every rename has succeeded, and
//!   put back if one fails or the writer is killed midway.
//! - Temporary files a killed writer left behind are removed by the next
//!   writer of that name, under the lock; a temporary file's name is its
//!   target's, so no writer removes another's.
//! - A new folder (init, new-year, templates export) appears whole or not
//!   at all, and replaces nothing ([`folder`]).
//! - New files get the mode the umask gives (0644 under umask 022), as
//!   `cp` and `touch` make them.

use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

use tempfile::NamedTempFile;

use crate::error::{Error, Result, Warning};
use crate::t;

pub mod folder;
pub mod journal;
pub mod lock;

pub use folder::{NewFolder, real_path, write_new};

/// The longest part of a file name kept in a hidden helper file's name, so
/// that `.NAME.xxxxxx.tmp` stays within the 255 bytes a file name may have.
const MAX_STEM: usize = 100;

/// The random characters of a temporary file's name.
const RANDOM: usize = 6;

/// A temporary file older than this was left by a writer that was killed
/// (for files written without a lock: a report's own files).
const STALE: Duration = Duration::from_secs(3600);

/// Writes `bytes` to `path` atomically: a report's file (new-year,
/// fix-encoding, init, the editor), written without a lock.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = folder_of(path);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, t!("không tạo được thư mục", "cannot make the folder"), e))?;
    remove_stale(path);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    crate::faults::at("write", &name).map_err(|e| write_error(path, e))?;
    let temp = stage(path, bytes)?;
    temp.persist(path).map(|_| ()).map_err(|e| write_error(path, e.error))
}

/// Writes `files`, which lie in folder `root` or below it, atomically and
/// together: under `root`'s lock, every file is staged in full first, then
/// all are renamed into place, or none (the earlier files are put back),
/// even when the writer is killed midway. What a killed writer of `root`
/// left is finished or undone first, and said in the warnings returned.
pub fn write_outputs(root: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<Warning>> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    std::fs::create_dir_all(root).map_err(|e| Error::io(root, t!("không tạo được thư mục đầu ra", "cannot make the output folder"), e))?;
    for (path, _) in files {
        let inside = path.strip_prefix(root).is_ok_and(|r| r.components().all(|c| matches!(c, Component::Normal(_))));
        if !inside {
            return Err(Error::Internal(format!("{} ∉ {}", path.display(), root.display())));
        }
        let dir = folder_of(path);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, t!("không tạo được thư mục", "cannot make the folder"), e))?;
    }
    let _held = lock::hold(root)?;
    let said = journal::recover(root);
    for (path, _) in files {
        remove_leftovers(path);
        if path.is_dir() {
            let in_the_way = std::io::Error::new(std::io::ErrorKind::IsADirectory, t!("có thư mục trùng tên", "a folder has that name"));
            return Err(write_error(path, in_the_way));
        }
    }
    let mut staged: Vec<journal::Staged> = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let new = helper_path(path, ".new");
        if let Err(e) = journal::write_synced(&new, bytes) {
            for file in &staged {
                let _ = std::fs::remove_file(&file.new);
            }
            return Err(write_error(path, e));
        }
        staged.push(journal::Staged { target: path, new });
    }
    journal::commit(root, &staged)?;
    Ok(said)
}

/// Finishes or undoes what a writer of `root` killed midway left (see
/// [`journal`]), under the folder's lock, and says so; nothing when the
/// folder is not there.
pub fn recover(root: &Path) -> Result<Vec<Warning>> {
    if root.join(journal::JOURNAL).symlink_metadata().is_err() {
        return Ok(Vec::new());
    }
    let _held = lock::hold(root)?;
    Ok(journal::recover(root))
}

fn write_error(path: &Path, e: std::io::Error) -> Error {
    Error::io(path, t!("không ghi được tệp", "cannot write the file"), e)
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `.STEM` + `suffix`, the stem cut short (with a digest of the whole name,
/// so that two long names stay apart) when it would not fit a file name.
fn hidden_name(stem: &str, suffix: &str) -> String {
    if stem.len() <= MAX_STEM {
        return format!(".{stem}{suffix}");
    }
    let mut cut = MAX_STEM;
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    let digest = stem.bytes().fold(0xcbf29ce484222325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3));
    format!(".{}~{digest:016x}{suffix}", &stem[..cut])
}

/// The hidden helper file of `path` with `suffix` (`.new`, `.old`).
fn helper_path(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    folder_of(path).join(hidden_name(&name, suffix))
}

/// The prefix of `path`'s temporary files.
fn temp_prefix(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    hidden_name(&name, ".")
}

/// Whether `name` is a temporary file of the file whose prefix is
/// `prefix`: exactly the prefix, six random letters or digits and `.tmp`,
/// so that `t.docx`'s temporary files are never `t.docx.b.pdf`'s.
fn is_temporary_of(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .is_some_and(|random| random.len() == RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `bytes` written and synced to a new temporary file beside `path`,
/// removed again if dropped before it is persisted.
fn stage(path: &Path, bytes: &[u8]) -> Result<NamedTempFile> {
    use std::io::Write;
    let dir = folder_of(path);
    if path.is_dir() {
        let in_the_way = std::io::Error::new(std::io::ErrorKind::IsADirectory, t!("có thư mục trùng tên", "a folder has that name"));
        return Err(write_error(path, in_the_way));
    }
    let prefix = temp_prefix(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp").rand_bytes(RANDOM);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Opened with mode 0666, which the umask narrows, as cp and touch do.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(&dir).map_err(|e| write_error(path, e))?;
    temp.write_all(bytes).map_err(|e| write_error(path, e))?;
    temp.as_file().sync_all().map_err(|e| write_error(path, e))?;
    Ok(temp)
}

/// Removes what a killed writer of `path` left: its staged and temporary
/// files and a copy kept aside. Called under the folder's lock, after
/// [`journal::recover`], so no writer is using them.
fn remove_leftovers(path: &Path) {
    let _ = std::fs::remove_file(helper_path(path, ".new"));
    let _ = std::fs::remove_file(helper_path(path, ".old"));
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(folder_of(path)) else { return };
    for entry in entries.flatten() {
        if is_temporary_of(&entry.file_name().to_string_lossy(), &prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes temporary files of `path` older than [`STALE`]: a writer in
/// progress has a young one.
fn remove_stale(path: &Path) {
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(folder_of(path)) else { return };
    for entry in entries.flatten() {
        if !is_temporary_of(&entry.file_name().to_string_lossy(), &prefix) {
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
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
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
    fn pairs_written_at_once_always_match() {
        let dir = tempfile::tempdir().unwrap();
        let (pdf, docx) = (dir.path().join("r.pdf"), dir.path().join("r.docx"));
        for _ in 0..20 {
            std::thread::scope(|scope| {
                for i in 0..4u8 {
                    let files = vec![(pdf.clone(), vec![i; 50_000]), (docx.clone(), vec![i; 70_000])];
                    let root = dir.path();
                    scope.spawn(move || write_outputs(root, &files).unwrap());
                }
            });
            assert_eq!(std::fs::read(&pdf).unwrap()[0], std::fs::read(&docx).unwrap()[0], "the PDF and the DOCX come from one writer");
        }
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leftovers_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        write_atomic(&path, b"good").unwrap();
        // A directory in the way of the rename: the write fails.
        let blocked = dir.path().join("b.pdf");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("x"), b"x").unwrap();
        let both = [(path.clone(), b"new".to_vec()), (blocked.clone(), b"new".to_vec())];
        assert!(write_outputs(dir.path(), &both).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"good", "no file is replaced when one cannot be");
        // Files a killed build left, however young: the next build of the
        // name removes them under the lock; another name's stay.
        for left in [".a.pdf.abc123.tmp", ".a.pdf.new", ".a.pdf.old", ".a.pdf.b.pdf.abc123.tmp"] {
            std::fs::write(dir.path().join(left), b"half").unwrap();
        }
        write_outputs(dir.path(), &[(path.clone(), b"better".to_vec())]).unwrap();
        assert_eq!(names(dir.path()), [".a.pdf.b.pdf.abc123.tmp", "a.pdf", "b.pdf"]);
    }

    #[test]
    fn a_rename_that_fails_midway_puts_the_earlier_files_back() {
        let dir = tempfile::tempdir().unwrap();
        let (pdf, docx, extra) = (dir.path().join("r.pdf"), dir.path().join("r.docx"), dir.path().join("r.md"));
        write_outputs(dir.path(), &[(pdf.clone(), b"old pdf".to_vec()), (docx.clone(), b"old docx".to_vec())]).unwrap();
        let staged: Vec<journal::Staged> = [(&pdf, "new pdf"), (&extra, "new md"), (&docx, "new docx")]
            .into_iter()
            .map(|(target, bytes)| {
                let new = helper_path(target, ".new");
                journal::write_synced(&new, bytes.as_bytes()).unwrap();
                journal::Staged { target, new }
            })
            .collect();
        let calls = std::cell::Cell::new(0);
        let failing = |from: &Path, to: &Path| {
            calls.set(calls.get() + 1);
            if calls.get() == 3 {
                return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "immutable"));
            }
            std::fs::rename(from, to)
        };
        assert!(journal::commit_with(dir.path(), &staged, failing).is_err());
        assert_eq!(std::fs::read(&pdf).unwrap(), b"old pdf", "the replaced PDF is put back");
        assert_eq!(std::fs::read(&docx).unwrap(), b"old docx");
        assert!(!extra.exists(), "a file that was not there before is not left");
        assert_eq!(names(dir.path()), ["r.docx", "r.pdf"], "no temporary, kept-aside or journal file is left");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_take_the_mode_the_umask_gives() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_atomic(&path, b"new").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // The test process's umask is usually 022 (0644) or 002 (0664);
        // never the 0600 of a plain temporary file.
        assert!(mode & 0o044 == 0o044, "readable by group and others under the usual umask: {mode:o}");
    }

    #[test]
    fn long_names_fit_the_file_system() {
        let dir = tempfile::tempdir().unwrap();
        let long = "x".repeat(250);
        let path = dir.path().join(format!("{long}.pdf"));
        let name_too_long = std::fs::write(dir.path().join(format!(".{long}.pdf.123456.tmp")), b"").is_err();
        assert!(name_too_long, "the plain temporary name would not fit");
        write_outputs(dir.path(), &[(path.clone(), b"x".to_vec())]).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"x");
    }
}
