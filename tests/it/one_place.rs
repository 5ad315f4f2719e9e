//! Each idea in one place (issue 23): the DOCX's bookmarks are named and
//! read in `source::bookmark` only, the indicator table's CSV dialect is
//! told in `indicators::file` only, the figure columns of an indicator are
//! listed in `indicators::columns` only, the text a DOCX and its sources
//! are compared by is made in `source::bookmark` only. A grep over the
//! sources keeps it so.

use std::path::{Path, PathBuf};

use crate::common::root;

/// Every Rust source file under `src/`.
fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("src"), &mut files);
    files
}

/// The source files (relative to `src/`) whose code, tests left out,
/// holds `needle`.
fn holding(needle: &str) -> Vec<String> {
    sources()
        .into_iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            code.contains(needle)
        })
        .map(|path| path.strip_prefix(root().join("src")).unwrap().to_string_lossy().replace('\\', "/"))
        .collect()
}

#[test]
fn each_idea_stands_in_one_place() {
    for (needle, only) in [
        ("\"_bcs_\"", "source/bookmark.rs"),
        ("\"_bcf_\"", "source/bookmark.rs"),
        ("contains(';')", "indicators/file.rs"),
        ("\"next_target\", \"stated_ratio\"", "indicators/columns.rs"),
        ("'\\u{2011}', \"-\"", "source/bookmark.rs"),
        ("fn text_hash", "source/bookmark.rs"),
    ] {
        assert_eq!(holding(needle), [only], "{needle} stands in one place");
    }
}
