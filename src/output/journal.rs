//! A set of files replaced all or none, even across a kill. Under the
//! folder's lock, each new file is staged in full beside its target
//! (`.NAME.new`), each existing target is kept aside (`.NAME.old`, a hard
//! link), and the list of targets is written to the folder's journal
//! (`.baocao.journal`) before the first rename. Once every rename is done,
//! the journal and the kept files go. A writer killed in between leaves the
//! journal, and the next writer of the folder, under the lock, finishes the
//! set when every new file was renamed into place, else puts every kept
//! file back: never a new PDF beside an old DOCX.

use std::path::{Component, Path, PathBuf};

use crate::error::{Place, Result, Warning};
use crate::{faults, t};

/// The journal's name in the folder it guards.
pub const JOURNAL: &str = ".baocao.journal";

/// The most targets a journal lists.
const MAX_TARGETS: usize = 1000;

/// A staged file: the target and its new contents beside it.
pub struct Staged<'a> {
    /// Where the file goes.
    pub target: &'a Path,
    /// The staged new file (`.NAME.new`).
    pub new: PathBuf,
}

/// Renames each staged file over its target, all or none, with the
/// journal in `root` (which holds every target) while it runs: each
/// existing target is kept aside first, and when a rename fails the
/// targets already replaced get their earlier contents back.
pub fn commit(root: &Path, staged: &[Staged]) -> Result<()> {
    commit_with(root, staged, |from, to| std::fs::rename(from, to))
}

/// [`commit`] with the rename given (a test makes one fail).
pub(super) fn commit_with(root: &Path, staged: &[Staged], rename: impl Fn(&Path, &Path) -> std::io::Result<()>) -> Result<()> {
    let mut kept: Vec<Option<PathBuf>> = Vec::with_capacity(staged.len());
    for file in staged {
        match keep_aside(file.target) {
            Ok(aside) => kept.push(aside),
            Err(e) => {
                discard(&kept);
                return Err(super::write_error(file.target, e));
            }
        }
    }
    let journal = root.join(JOURNAL);
    let listed = staged.iter().map(|f| encode(f.target.strip_prefix(root).unwrap_or(f.target))).collect::<Vec<_>>().join("\n");
    if let Err(e) = write_synced(&journal, listed.as_bytes()) {
        discard(&kept);
        return Err(super::write_error(&journal, e));
    }
    for (done, file) in staged.iter().enumerate() {
        let renamed = faults::at("rename", &(done + 1).to_string()).and_then(|()| rename(&file.new, file.target));
        if let Err(e) = renamed {
            for (earlier, aside) in staged[..done].iter().zip(&kept) {
                put_back(earlier.target, aside.as_deref());
            }
            discard(&kept[done..]);
            for file in staged {
                let _ = std::fs::remove_file(&file.new);
            }
            let _ = std::fs::remove_file(&journal);
            return Err(super::write_error(file.target, e));
        }
    }
    faults::at("renamed", "").map_err(|e| super::write_error(&journal, e))?;
    let _ = std::fs::remove_file(&journal);
    discard(&kept);
    Ok(())
}

/// Finishes or undoes the set of files a killed writer of `root` left,
/// if it left one, and says which: called under the folder's lock, before
/// anything else is written there.
pub fn recover(root: &Path) -> Vec<Warning> {
    let journal = root.join(JOURNAL);
    let Ok(meta) = journal.symlink_metadata() else { return Vec::new() };
    if !meta.is_file() {
        return Vec::new();
    }
    let Ok(bytes) = crate::files::read(&journal, root, 64 * 1024) else { return Vec::new() };
    let targets: Vec<PathBuf> = String::from_utf8_lossy(&bytes).lines().take(MAX_TARGETS).filter_map(decode).map(|t| root.join(t)).collect();
    let complete = targets.iter().all(|t| super::helper_path(t, ".new").symlink_metadata().is_err());
    for target in &targets {
        let aside = super::helper_path(target, ".old");
        if complete {
            let _ = std::fs::remove_file(&aside);
        } else {
            let kept = aside.symlink_metadata().is_ok_and(|m| m.is_file());
            put_back(target, kept.then_some(aside.as_path()));
            let _ = std::fs::remove_file(super::helper_path(target, ".new"));
        }
    }
    let _ = std::fs::remove_file(&journal);
    let names = targets.iter().map(|t| t.strip_prefix(root).unwrap_or(t).display().to_string()).collect::<Vec<_>>().join(", ");
    let (message, hint) = if complete {
        (
            t!("lần ghi trước vào thư mục này bị dừng ngay trước khi xong; các tệp mới đã đủ và được giữ: {names}", "the last write into this folder was stopped just before it finished; the new files were all in place and are kept: {names}"),
            None,
        )
    } else {
        (
            t!("lần ghi trước vào thư mục này bị dừng giữa chừng; đã đặt lại các tệp như trước lần ghi đó: {names}", "the last write into this folder was stopped midway; the files are put back as they were before it: {names}"),
            Some(t!("làm lại lệnh đã bị dừng nếu cần bản mới", "run the stopped command again if the new files are wanted")),
        )
    };
    vec![Warning::new(Place::file(root), message, hint)]
}

/// `target` back as `aside` holds it, or gone when it had no earlier
/// contents.
fn put_back(target: &Path, aside: Option<&Path>) {
    match aside {
        Some(aside) => {
            // Renaming a link onto another link of the same file does
            // nothing: the kept link is then removed.
            let _ = std::fs::rename(aside, target);
            let _ = std::fs::remove_file(aside);
        }
        None => {
            let _ = std::fs::remove_file(target);
        }
    }
}

/// A hidden link to `path`'s current contents beside it (or a copy where
/// links cannot be made), or `None` when there is no file.
fn keep_aside(path: &Path) -> std::io::Result<Option<PathBuf>> {
    if !path.symlink_metadata().is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    let aside = super::helper_path(path, ".old");
    let _ = std::fs::remove_file(&aside);
    if std::fs::hard_link(path, &aside).is_err() {
        std::fs::copy(path, &aside)?;
    }
    Ok(Some(aside))
}

fn discard(kept: &[Option<PathBuf>]) {
    for aside in kept.iter().flatten() {
        let _ = std::fs::remove_file(aside);
    }
}

/// Writes `bytes` to a new file `path` and syncs it.
pub(super) fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let _ = std::fs::remove_file(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Mode 0666, which the umask narrows, as cp and touch make files.
        options.mode(0o666).custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = options.open(path)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

/// A relative path as one line of the journal: its bytes in hexadecimal,
/// whatever characters the name has.
fn encode(relative: &Path) -> String {
    relative.as_os_str().as_encoded_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// A line of the journal as a relative path of plain names, or `None` for
/// anything else (a forged journal names nothing outside its folder).
fn decode(line: &str) -> Option<PathBuf> {
    let bytes: Vec<u8> = (0..line.len()).step_by(2).map(|i| line.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect::<Option<_>>()?;
    #[cfg(unix)]
    let path = PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(&bytes));
    #[cfg(not(unix))]
    let path = PathBuf::from(String::from_utf8(bytes).ok()?);
    let plain = !path.as_os_str().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    plain.then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_lines_name_only_plain_paths_inside() {
        assert_eq!(decode(&encode(Path::new("content/kết quả\n.md"))), Some(PathBuf::from("content/kết quả\n.md")));
        for forged in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert_eq!(decode(&encode(Path::new(forged))), None, "{forged}");
        }
        assert_eq!(decode("zz"), None);
    }

    /// A folder with the pair `r.pdf`, `r.docx` written once, then a
    /// second pair staged and the journal of its commit written, with the
    /// first `renamed` files of it renamed into place: what a kill leaves.
    fn killed_after(renamed: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let (pdf, docx) = (dir.path().join("r.pdf"), dir.path().join("r.docx"));
        super::super::write_outputs(dir.path(), &[(pdf.clone(), b"old pdf".to_vec()), (docx.clone(), b"old docx".to_vec())]).unwrap();
        for (target, bytes) in [(&pdf, b"new pdf"), (&docx, b"new dcx")] {
            keep_aside(target).unwrap();
            write_synced(&super::super::helper_path(target, ".new"), bytes).unwrap();
        }
        std::fs::write(dir.path().join(JOURNAL), format!("{}\n{}", encode(Path::new("r.pdf")), encode(Path::new("r.docx")))).unwrap();
        for target in [&pdf, &docx].into_iter().take(renamed) {
            std::fs::rename(super::super::helper_path(target, ".new"), target).unwrap();
        }
        dir
    }

    #[test]
    fn a_set_stopped_midway_is_put_back_and_a_set_stopped_at_its_end_is_kept() {
        for (renamed, wanted) in [(0, ["old pdf", "old docx"]), (1, ["old pdf", "old docx"]), (2, ["new pdf", "new dcx"])] {
            let dir = killed_after(renamed);
            let said = recover(dir.path());
            assert_eq!(said.len(), 1, "recovery says what it did");
            for (name, bytes) in ["r.pdf", "r.docx"].iter().zip(wanted) {
                assert_eq!(std::fs::read_to_string(dir.path().join(name)).unwrap(), bytes, "{name} after a stop after {renamed} renames");
            }
            let mut left: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
            left.sort();
            assert_eq!(left, ["r.docx", "r.pdf"], "nothing else is left");
            assert!(recover(dir.path()).is_empty(), "nothing more to do");
        }
    }
}
