//! Reading input text. Every input file passes through here: it must be
//! UTF-8, a byte-order mark is dropped, and the text is normalised to NFC so
//! that decomposed Vietnamese (common after copying from macOS) compares,
//! searches and renders like the precomposed letters.

use std::borrow::Cow;
use std::path::Path;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::error::{Error, Place, Result};

/// Reads `path` as UTF-8 text normalised to NFC.
pub fn read(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, "không đọc được tệp", e))?;
    decode(path, bytes)
}

/// Checks that `bytes`, read from `path`, are UTF-8, and returns the text
/// without a byte-order mark, normalised to NFC.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        Error::input(
            Place::of_offset(path, &valid, offset),
            format!("tệp không phải văn bản UTF-8 (byte lỗi ở vị trí {offset})"),
            Some("lưu lại tệp với bảng mã Unicode UTF-8".into()),
        )
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(nfc(&text).into_owned())
}

/// `text` in Unicode normalisation form C; borrowed when it already is.
pub fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
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
        assert!(err.contains("byte lỗi ở vị trí 5"), "{err}");
    }
}
