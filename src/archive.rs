//! Zip packages. Reading those from outside (a DOCX a designer or a
//! reviewer sends, a workbook) without trusting them: a file that is not a
//! zip, a zip bomb (too many entries, too much uncompressed data, a ratio
//! no document has), an encrypted entry, each is a clear error naming the
//! file, never a crash or a runaway. Writing our own deterministically.

use std::io::{Read, Write};
use std::path::Path;

use crate::error::{Error, Place, Result};
use crate::t;

/// How many entries a package may have (a DOCX has about 15).
pub const MAX_ENTRIES: usize = 2_000;
/// How many bytes all its entries may hold uncompressed.
pub const MAX_UNCOMPRESSED: u64 = 200 * 1024 * 1024;
/// How much larger than its compressed size one entry may be.
pub const MAX_RATIO: u64 = 200;

/// An opened package: its entries' names and their bytes, read on demand.
pub struct Package {
    zip: zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
    path: std::path::PathBuf,
}

impl Package {
    /// Opens the package `bytes`, read from `path` (for messages).
    pub fn open(path: &Path, bytes: Vec<u8>) -> Result<Package> {
        let refuse = |message: String, hint: Option<String>| Error::input(Place::file(path), message, hint);
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(refuse(
                t!(
                    "tệp là tài liệu Word/Excel kiểu cũ (.doc, .xls) hoặc được đặt mật khẩu, không phải gói OOXML",
                    "the file is an old Word/Excel document (.doc, .xls) or a password-protected one, not an OOXML package"
                ),
                Some(t!(
                    "mở bằng Word hoặc LibreOffice, bỏ mật khẩu nếu có, rồi lưu lại dạng .docx (.xlsx)",
                    "open it in Word or LibreOffice, remove any password, and save it again as .docx (.xlsx)"
                )),
            ));
        }
        let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
            refuse(
                t!(
                    "tệp không phải gói zip của Office (hỏng hoặc không đúng loại): {}",
                    "the file is not an Office zip package (damaged or of another kind): {}",
                    crate::reason::zip(&e)
                ),
                Some(t!("mở bằng Word hoặc LibreOffice và lưu lại", "open it in Word or LibreOffice and save it again")),
            )
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(refuse(t!("gói có {} mục, quá giới hạn {MAX_ENTRIES}", "the package has {} entries, past the limit of {MAX_ENTRIES}", zip.len()), None));
        }
        let mut package = Package { zip, path: path.to_path_buf() };
        let mut total: u64 = 0;
        for i in 0..package.zip.len() {
            let entry = package.zip.by_index_raw(i).map_err(|e| refuse(crate::reason::zip(&e), None))?;
            if entry.encrypted() {
                return Err(refuse(t!("gói được mã hóa (đặt mật khẩu)", "the package is encrypted (password-protected)"), Some(t!("bỏ mật khẩu rồi lưu lại", "remove the password and save it again"))));
            }
            total = total.saturating_add(entry.size());
            if entry.size() > MAX_RATIO.saturating_mul(entry.compressed_size().max(1024)) {
                return Err(refuse(t!("mục «{}» nén bất thường (bom zip?)", "entry «{}» is compressed beyond any document (a zip bomb?)", String::from_utf8_lossy(entry.name_raw())), None));
            }
        }
        if total > MAX_UNCOMPRESSED {
            return Err(refuse(t!("gói giải nén ra {} MB, quá giới hạn", "the package holds {} MB uncompressed, past the limit", total / 1024 / 1024), None));
        }
        Ok(package)
    }

    /// Whether the package has entry `name`.
    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The bytes of entry `name`, read with the size limit applied while
    /// reading; `None` when the package has no such entry.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        let Some(index) = self.zip.index_for_name(name) else { return Ok(None) };
        let path = self.path.clone();
        let damaged = |reason: String| Error::input(Place::within(&path, name.to_string()), t!("mục «{name}» của gói hỏng: {reason}", "entry «{name}» of the package is damaged: {reason}"), None);
        let entry = self.zip.by_index(index).map_err(|e| damaged(crate::reason::zip(&e)))?;
        let mut bytes = Vec::new();
        entry.take(MAX_UNCOMPRESSED + 1).read_to_end(&mut bytes).map_err(|e| damaged(crate::reason::io(&e)))?;
        if bytes.len() as u64 > MAX_UNCOMPRESSED {
            return Err(Error::input(Place::file(&path), t!("mục «{name}» quá lớn", "entry «{name}» is too large"), None));
        }
        Ok(Some(bytes))
    }

    /// The names of the entries, in the package's order.
    pub fn names(&self) -> Vec<String> {
        self.zip.file_names_raw().map(|name| String::from_utf8_lossy(name).into_owned()).collect()
    }
}

/// A deterministic zip of `entries`, in their order: no dates, the same
/// permissions, so the same entries give the same bytes.
pub fn write(entries: Vec<(String, Vec<u8>)>) -> std::io::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).map_err(std::io::Error::other)?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}
