//! Converting a file in a legacy Vietnamese encoding to Unicode, in place
//! with a backup or to a new file: what `baocao fix-encoding` does.

use std::path::{Path, PathBuf};

use super::legacy::{self, Legacy};
use super::nfc;
use crate::error::{Error, Place, Result};
use crate::limits::MAX_INPUT;
use crate::{files, output, t};

/// What [`fix_encoding`] did.
#[derive(Debug, PartialEq, Eq)]
pub struct Fixed {
    /// The encoding converted from; `None` when the file was Unicode
    /// already and nothing was written.
    pub from: Option<Legacy>,
    /// How many lines changed.
    pub lines: usize,
    /// Where the original was kept, when the file was converted in place.
    pub backup: Option<PathBuf>,
}

/// Converts `path` from `from` (detected when `None`) to UTF-8 Unicode in
/// NFC, writing `out`, or `path` itself after keeping the original as
/// `path.bak` (also when `out` names `path` itself). A file that is
/// Unicode already is left alone.
pub fn fix_encoding(path: &Path, from: Option<Legacy>, out: Option<&Path>) -> Result<Fixed> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let bytes = files::read(path, folder, MAX_INPUT).map_err(|refusal| refusal.into_error(path, None))?;
    let out = out.filter(|out| !same_file(out, path));
    let original = bytes.clone();
    let (text, was_utf8) = match String::from_utf8(bytes) {
        Ok(text) => (text.trim_start_matches('\u{feff}').to_string(), true),
        Err(e) => (legacy::latin1(e.as_bytes()), false),
    };
    let Some(from) = from.or_else(|| legacy::detect(&text).map(|(found, _)| found)) else {
        if was_utf8 {
            return Ok(Fixed { from: None, lines: 0, backup: None });
        }
        return Err(Error::input(
            Place::file(path),
            t!("tệp không phải UTF-8 và không nhận ra bảng mã TCVN3 hay VNI", "the file is neither UTF-8 nor recognisably TCVN3 or VNI"),
            Some(t!("nêu bảng mã bằng --from tcvn3 hoặc --from vni", "name the encoding with --from tcvn3 or --from vni")),
        ));
    };
    let converted = nfc(&legacy::convert(from, &text)).into_owned();
    let lines = text.lines().zip(converted.lines()).filter(|(a, b)| a != b).count();
    let backup = match out {
        Some(out) => {
            output::write_atomic(out, converted.as_bytes())?;
            None
        }
        None => {
            let backup = backup_path(path);
            output::write_atomic(&backup, &original)?;
            output::write_atomic(path, converted.as_bytes())?;
            Some(backup)
        }
    };
    Ok(Fixed { from: Some(from), lines, backup })
}

/// Whether `a` and `b` name one file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `FILE.bak`, or `FILE.bak2`, ... when that is taken.
fn backup_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    (1..)
        .map(|n| path.with_file_name(if n == 1 { format!("{name}.bak") } else { format!("{name}.bak{n}") }))
        .find(|p| !p.exists())
        .expect("some backup name is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use bamboo_core::{Charset, encode_charset};

    #[test]
    fn converts_legacy_bytes_in_place_with_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mo-dau.md");
        let legacy_text = encode_charset(Charset::VniWindows, "Năm qua, tình hình kinh tế tăng trưởng.\n").into_owned();
        let bytes: Vec<u8> = legacy_text.chars().map(|c| u8::try_from(c as u32).unwrap()).collect();
        std::fs::write(&path, &bytes).unwrap();
        let fixed = fix_encoding(&path, None, None).unwrap();
        assert_eq!(fixed.from, Some(Legacy::Vni));
        assert_eq!(fixed.lines, 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "Năm qua, tình hình kinh tế tăng trưởng.\n");
        assert_eq!(std::fs::read(fixed.backup.unwrap()).unwrap(), bytes);
        // Unicode now: a second run changes nothing.
        assert_eq!(fix_encoding(&path, None, None).unwrap(), Fixed { from: None, lines: 0, backup: None });
    }
}
