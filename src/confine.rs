//! Input files stay inside their folder: a path that climbs out with `..`,
//! is absolute, or passes through a symbolic link leading out of the folder
//! is refused, so that a report folder cannot make the build read
//! `/etc/passwd` or another report's files.

use std::path::{Path, PathBuf};

/// The real path of `path` when it exists and lies inside `root` once
/// every link is followed; `None` otherwise.
pub fn confined(path: &Path, root: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    real.starts_with(&real_root).then_some(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_climbing_out_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x").unwrap();
        std::fs::write(root.path().join("own"), "x").unwrap();
        assert!(confined(&root.path().join("own"), root.path()).is_some());
        assert!(confined(&root.path().join("../").join(outside.path().file_name().unwrap()).join("secret"), root.path()).is_none());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path().join("secret"), root.path().join("link")).unwrap();
            assert!(confined(&root.path().join("link"), root.path()).is_none());
            std::os::unix::fs::symlink(root.path().join("own"), root.path().join("inner")).unwrap();
            assert!(confined(&root.path().join("inner"), root.path()).is_some());
        }
        assert!(confined(&root.path().join("missing"), root.path()).is_none());
    }
}
