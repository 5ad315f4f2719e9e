//! Embeds the default templates, the bundled fonts and the sample report in
//! the program, so that it works anywhere, without its source checkout.
//!
//! Writes `$OUT_DIR/assets.rs`: for each folder a sorted list of
//! `(relative path, include_bytes!(...))`. `include_bytes!` makes the
//! compiler track every file's contents, and the `rerun-if-changed` lines
//! catch files added or removed.

use std::fmt::Write;
use std::path::{Path, PathBuf};

const FOLDERS: [(&str, &str); 3] = [("TEMPLATES", "templates"), ("FONTS", "fonts"), ("SAMPLE", "data/tra-vinh-2020")];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut code = String::new();
    for (name, folder) in FOLDERS {
        let dir = root.join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files = Vec::new();
        walk(&dir, &dir, &mut files);
        files.sort();
        writeln!(code, "/// The files of `{folder}/`, by path relative to it, sorted.").unwrap();
        writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
        for relative in files {
            let full = dir.join(&relative);
            writeln!(code, "    ({relative:?}, include_bytes!({:?})),", full.display().to_string()).unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("assets.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}

/// Every regular file under `dir`, as a `/`-separated path relative to
/// `base`; folders are watched for files added or removed.
fn walk(base: &Path, dir: &Path, files: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("the asset folder is readable") {
        let path = entry.expect("a readable entry").path();
        let kind = std::fs::symlink_metadata(&path).expect("a readable entry").file_type();
        if kind.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            walk(base, &path, files);
        } else if kind.is_file() {
            let relative = path.strip_prefix(base).expect("under the base");
            let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            files.push(parts.join("/"));
        }
    }
}
