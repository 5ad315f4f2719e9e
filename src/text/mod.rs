//! Reading input text. Every input file passes through here: it must be
//! UTF-8 and not too large, a byte-order mark is dropped, and the text is
//! normalised to NFC so that decomposed Vietnamese (common after copying
//! from macOS) compares, searches and renders like the precomposed letters.
//!
//! [`inspect`] looks for what text from the wild brings along: decomposed
//! letters, legacy encodings (TCVN3, VNI), control and zero-width
//! characters; each is reported at its place.

mod fix;
pub mod legacy;

pub use fix::{Fixed, fix_encoding};

use std::borrow::Cow;
use std::path::Path;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::error::{Error, Place, Result, Warning};
use crate::t;

/// The largest input file read, in bytes (a booklet's prose is about 64 KB).
pub const MAX_INPUT: usize = 8 * 1024 * 1024;

/// How many control characters of one file are reported.
const MAX_CONTROL_REPORTS: usize = 10;

/// Reads `path` as UTF-8 text normalised to NFC.
pub fn read(path: &Path) -> Result<String> {
    read_raw(path).map(|raw| nfc(&raw).into_owned())
}

/// Reads `path` as UTF-8 text, checked and without a byte-order mark, but
/// not normalised.
fn read_raw(path: &Path) -> Result<String> {
    let size = std::fs::metadata(path).map_err(|e| Error::io(path, t!("không đọc được tệp", "cannot read the file"), e))?.len();
    if size > MAX_INPUT as u64 {
        return Err(Error::input(
            Place::file(path),
            t!("tệp quá lớn ({size} byte, tối đa {MAX_INPUT})", "the file is too large ({size} bytes, at most {MAX_INPUT})"),
            Some(t!("tài liệu chỉ cần vài trăm KB; kiểm tra lại tệp", "a booklet needs a few hundred KB; check the file")),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, t!("không đọc được tệp", "cannot read the file"), e))?;
    decode(path, bytes)
}

/// Checks that `bytes`, read from `path`, are UTF-8, and returns the text
/// without a byte-order mark. Bytes in a legacy Vietnamese code page are
/// named as such.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        let place = Place::of_offset(path, &valid, offset);
        let (message, hint) = match legacy::detect(&legacy::latin1(e.as_bytes())) {
            Some((found, _)) => (
                t!(
                    "tệp viết bằng bảng mã cũ {}, không phải UTF-8 (byte lỗi ở vị trí {offset})",
                    "the file is in the legacy {} encoding, not UTF-8 (bad byte at offset {offset})",
                    found.name()
                ),
                t!(
                    "chuyển sang Unicode bằng lệnh: baocao fix-encoding {}",
                    "convert it to Unicode with: baocao fix-encoding {}",
                    path.display()
                ),
            ),
            None => (
                t!("tệp không phải văn bản UTF-8 (byte lỗi ở vị trí {offset})", "the file is not UTF-8 text (bad byte at offset {offset})"),
                t!("lưu lại tệp với bảng mã Unicode UTF-8", "save the file again as Unicode UTF-8"),
            ),
        };
        Error::input(place, message, Some(hint))
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// `text` in Unicode normalisation form C; borrowed when it already is.
pub fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Reads `path` like [`read`], and inspects it: control characters are
/// errors (no PDF or DOCX can carry them); decomposed letters, legacy
/// encodings and zero-width characters are warnings.
pub fn read_inspected(path: &Path) -> Result<(String, Vec<Warning>)> {
    let raw = read_raw(path)?;
    let (errors, warnings) = inspect(path, &raw);
    match Error::all(errors) {
        Some(error) => Err(error),
        None => Ok((nfc(&raw).into_owned(), warnings)),
    }
}

/// What [`read_inspected`] finds in `text`, the contents of `path`.
pub fn inspect(path: &Path, text: &str) -> (Vec<Error>, Vec<Warning>) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let at = |offset: usize| Place::of_offset(path, text, offset);
    let controls = text.char_indices().filter(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    // The first few are enough to find the rest; a binary file would give thousands.
    for (offset, c) in controls.take(MAX_CONTROL_REPORTS) {
        errors.push(Error::input(
            at(offset),
            t!("ký tự điều khiển U+{:04X} trong văn bản", "control character U+{:04X} in the text", c as u32),
            Some(t!("xóa ký tự đó (thường lẫn vào khi chép từ phần mềm khác)", "delete it (it usually comes with text copied from other software)")),
        ));
    }
    let zero_width = |c: char| matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}');
    if let Some(offset) = text.find(zero_width) {
        let count = text.chars().filter(|c| zero_width(*c)).count();
        warnings.push(Warning::new(
            at(offset),
            t!("có {count} ký tự vô hình (độ rộng 0)", "{count} invisible (zero-width) characters"),
            Some(t!("chúng không hiện ra nhưng làm sai việc tìm kiếm; nên xóa", "they do not show but break searching; delete them")),
        ));
    }
    if !matches!(is_nfc_quick(text.chars()), IsNormalized::Yes) {
        if let Some(offset) = first_decomposed(text) {
            warnings.push(Warning::new(
                at(offset),
                t!("chữ Việt ở dạng tổ hợp (dấu rời, NFD) đã được chuyển sang dạng dựng sẵn (NFC)", "decomposed Vietnamese (NFD) was normalised to precomposed (NFC)"),
                Some(t!("thường do chép từ máy Mac; nên lưu lại tệp ở dạng dựng sẵn", "usually from copying on a Mac; save the file precomposed")),
            ));
        }
    }
    if let Some((found, offset)) = legacy::detect(text) {
        warnings.push(Warning::new(
            at(offset),
            t!("chữ có vẻ viết bằng bảng mã cũ {}", "text that looks like the legacy {} encoding", found.name()),
            Some(t!("chuyển sang Unicode bằng lệnh: baocao fix-encoding {}", "convert it with: baocao fix-encoding {}", path.display())),
        ));
    }
    (errors, warnings)
}

/// The byte offset of the first character that NFC would change.
fn first_decomposed(text: &str) -> Option<usize> {
    let mut offset = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        if nfc(word) != word {
            return Some(offset + word.find(|c: char| unicode_normalization::char::is_combining_mark(c)).unwrap_or(0));
        }
        offset += word.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_vietnamese_becomes_precomposed() {
        // "Việt" typed as V, i, e, combining circumflex, combining dot below, t.
        let decomposed = "Vie\u{0302}\u{0323}t";
        assert_eq!(nfc(decomposed), "Việt");
        assert!(matches!(nfc("Việt"), Cow::Borrowed(_)));
    }

    #[test]
    fn byte_order_mark_is_dropped_and_invalid_utf8_is_located() {
        let path = Path::new("x.md");
        assert_eq!(decode(path, b"\xef\xbb\xbfabc".to_vec()).unwrap(), "abc");
        let err = decode(path, b"ab\ncd\xffe".to_vec()).unwrap_err().to_string();
        assert!(err.starts_with("x.md:2:3: "), "{err}");
        assert!(err.contains("5"), "{err}");
    }

    #[test]
    fn inspection_finds_what_text_from_the_wild_brings() {
        let path = Path::new("a.md");
        let (errors, warnings) = inspect(path, "dòng một\nhai\u{7}ba\nVie\u{0302}\u{0323}t Nam\u{200B}\n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().starts_with("a.md:2:4:") && errors[0].to_string().contains("U+0007"), "{}", errors[0]);
        let places: Vec<String> = warnings.iter().map(|w| w.place.to_string()).collect();
        assert_eq!(places, ["a.md:3:11", "a.md:3:4"], "zero-width, then decomposed: {warnings:?}");
        let (_, tcvn3) = inspect(path, &bamboo_core::encode_charset(bamboo_core::Charset::Tcvn3, "Tỉnh ủy Trà Vinh"));
        assert!(tcvn3[0].message.contains("TCVN3"), "{tcvn3:?}");
    }
}
