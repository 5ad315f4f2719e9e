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
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::error::{Error, Place, Result, Warning};
use crate::files;
use crate::limits::MAX_INPUT;
use crate::t;

/// How many control characters of one file are reported.
const MAX_CONTROL_REPORTS: usize = 10;

/// Reads `path`, which must stay inside folder `root` (see
/// [`crate::files`]), as UTF-8 text normalised to NFC, without inspecting it.
pub fn read(path: &Path, root: &Path) -> Result<String> {
    read_raw(path, root).map(|raw| nfc(&raw).into_owned())
}

/// Reads `path` inside `root` as UTF-8 text, checked and without a
/// byte-order mark, but not normalised.
fn read_raw(path: &Path, root: &Path) -> Result<String> {
    let bytes = files::read(path, root, MAX_INPUT).map_err(|refusal| refusal.into_error(path, None))?;
    decode(path, bytes)
}

/// Checks that `bytes`, read from `path`, are UTF-8, and returns the text
/// without a byte-order mark. Bytes in a legacy Vietnamese code page are
/// named as such.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    if let Some(order) = utf16(&bytes) {
        return Err(Error::input(
            Place::file(path),
            t!("tệp viết bằng mã UTF-16 ({order}), không phải UTF-8", "the file is in UTF-16 ({order}), not UTF-8"),
            Some(t!(
                "mở tệp và lưu lại với bảng mã «UTF-8» (Excel, Notepad gọi UTF-16 là «Unicode»)",
                "open the file and save it again as «UTF-8» (Excel and Notepad call UTF-16 «Unicode»)"
            )),
        ));
    }
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

/// The byte order of `bytes` when they look like UTF-16 text: a UTF-16
/// byte-order mark, or a zero in every other byte of the first line.
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("little-endian"),
        [0xFE, 0xFF, ..] => return Some("big-endian"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(64)];
    if head.len() < 8 {
        return None;
    }
    let zeros = |start: usize| head.iter().skip(start).step_by(2).filter(|b| **b == 0).count();
    let half = head.len() / 2;
    if zeros(1) * 4 >= half * 3 && zeros(0) == 0 {
        Some("little-endian")
    } else if zeros(0) * 4 >= half * 3 && zeros(1) == 0 {
        Some("big-endian")
    } else {
        None
    }
}

/// `text` in Unicode normalisation form C; borrowed when it already is.
pub fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Reads `path` inside `root` like [`read`], and inspects it (see
/// [`inspect`]); invisible characters are removed from the text.
pub fn read_inspected(path: &Path, root: &Path) -> Result<(String, Vec<Warning>)> {
    let raw = read_raw(path, root)?;
    checked(path, &raw)
}

/// The last text of each file that passed [`checked`], with what it gave,
/// so that a long-lived process (`watch`, `edit`) does not inspect an
/// unchanged file again on every edit: keyed by path, compared in full,
/// cleared when it holds [`REMEMBERED_FILES`] files or
/// [`REMEMBERED_BYTES`] bytes.
static CHECKED: LazyLock<Mutex<HashMap<PathBuf, Checked>>> = LazyLock::new(Mutex::default);

/// A file's text as [`checked`] last saw it, in the language of its
/// warnings, and what it gave.
struct Checked {
    raw: String,
    lang: crate::lang::Lang,
    text: String,
    warnings: Vec<Warning>,
}

/// How many files' texts [`CHECKED`] keeps.
const REMEMBERED_FILES: usize = 64;

/// How many bytes of text, raw and checked, [`CHECKED`] keeps at most:
/// a batch of large reports does not fill the memory with them.
const REMEMBERED_BYTES: usize = 16 * 1024 * 1024;

/// `raw`, the text of `path`, inspected (see [`inspect`]): normalised to
/// NFC without its invisible characters, with the warnings, or the errors.
pub fn checked(path: &Path, raw: &str) -> Result<(String, Vec<Warning>)> {
    let lang = crate::lang::current();
    if let Some(seen) = CHECKED.lock().ok().as_ref().and_then(|c| c.get(path))
        && seen.raw == raw
        && seen.lang == lang
    {
        return Ok((seen.text.clone(), seen.warnings.clone()));
    }
    let (errors, warnings) = inspect(path, raw);
    if let Some(error) = Error::all(errors) {
        return Err(error);
    }
    let text = without_invisible(&nfc(raw));
    if let Ok(mut remembered) = CHECKED.lock() {
        let held: usize = remembered.values().map(|c| c.raw.len() + c.text.len()).sum();
        if remembered.len() >= REMEMBERED_FILES || held + raw.len() + text.len() > REMEMBERED_BYTES {
            remembered.clear();
        }
        remembered.insert(path.to_path_buf(), Checked { raw: raw.to_string(), lang, text: text.clone(), warnings: warnings.clone() });
    }
    Ok((text, warnings))
}

/// Zero-width and direction marks: they do not show, break searching, and
/// no font needs to draw them.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{061C}')
}

fn without_invisible(text: &str) -> String {
    text.chars().filter(|c| !invisible(*c)).collect()
}

/// What must never be in text, read or parsed: control characters (no
/// PDF or DOCX can carry them; ESC and BEL would act on a terminal),
/// direction overrides (they turn text around) and Unicode
/// noncharacters (baocao uses them internally).
pub fn forbidden(c: char) -> Option<String> {
    if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
        Some(t!("ký tự điều khiển U+{:04X}", "control character U+{:04X}", c as u32))
    } else if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
        Some(t!("ký tự đảo hướng chữ U+{:04X} (làm chữ hiện ngược)", "direction override U+{:04X} (it turns text around)", c as u32))
    } else if matches!(c, '\u{FDD0}'..='\u{FDEF}' | '\u{FFFE}' | '\u{FFFF}') {
        Some(t!("ký tự không dùng được U+{:04X}", "noncharacter U+{:04X}", c as u32))
    } else {
        None
    }
}

/// The errors of a value parsed from `path` at `place` (a YAML value may
/// hold an escaped control character that the file's bytes do not show):
/// the characters [`forbidden`] names.
pub fn check_value(place: &Place, value: &str) -> Option<Error> {
    let (at, what) = value.char_indices().find_map(|(at, c)| forbidden(c).map(|what| (at, what)))?;
    let excerpt: String = value[..at].chars().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
    Some(Error::input(
        place.clone(),
        t!("giá trị có {what} (sau «{excerpt}»)", "the value holds a {what} (after «{excerpt}»)"),
        Some(t!("xóa ký tự đó; trong YAML, đừng dùng mã thoát như \\e hay \\u", "delete it; in YAML, do not use escapes such as \\e or \\u")),
    ))
}

/// What [`read_inspected`] finds in `text`, the contents of `path`.
pub fn inspect(path: &Path, text: &str) -> (Vec<Error>, Vec<Warning>) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let at = |offset: usize| Place::of_offset(path, text, offset);
    let bad = text.char_indices().filter_map(|(offset, c)| forbidden(c).map(|what| (offset, what)));
    // The first few are enough to find the rest; a binary file would give thousands.
    for (offset, what) in bad.take(MAX_CONTROL_REPORTS) {
        errors.push(Error::input(
            at(offset).spanning(1),
            t!("{what} trong văn bản", "a {what} in the text"),
            Some(t!("xóa ký tự đó (thường lẫn vào khi chép từ phần mềm khác)", "delete it (it usually comes with text copied from other software)")),
        ));
    }
    if let Some(offset) = text.find(invisible) {
        let count = text.chars().filter(|c| invisible(*c)).count();
        warnings.push(Warning::new(
            at(offset).spanning(1),
            t!("có {count} ký tự vô hình (độ rộng 0), đã bỏ đi", "{count} invisible (zero-width) characters, left out"),
            Some(t!("chúng không hiện ra nhưng làm sai việc tìm kiếm; nên xóa khỏi tệp", "they do not show but break searching; delete them from the file")),
        ));
    }
    if let Some((offset, count)) = stacked_marks(text) {
        errors.push(Error::input(
            at(offset).spanning(1),
            t!("{count} dấu kết hợp chồng lên một chữ", "{count} combining marks stacked on one letter"),
            Some(t!("chữ Việt có nhiều nhất hai dấu; gõ lại chữ đó", "a Vietnamese letter has two marks at most; type the letter again")),
        ));
    }
    if !matches!(is_nfc_quick(text.chars()), IsNormalized::Yes)
        && let Some(offset) = first_decomposed(text) {
            warnings.push(Warning::new(
                at(offset),
                t!("chữ Việt ở dạng tổ hợp (dấu rời, NFD) đã được chuyển sang dạng dựng sẵn (NFC)", "decomposed Vietnamese (NFD) was normalised to precomposed (NFC)"),
                Some(t!("thường do chép từ máy Mac; nên lưu lại tệp ở dạng dựng sẵn", "usually from copying on a Mac; save the file precomposed")),
            ));
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

/// The byte offset of the first combining mark of a run of three or more
/// on one letter, and the run's length: no Vietnamese letter has more than
/// two, even decomposed.
fn stacked_marks(text: &str) -> Option<(usize, usize)> {
    let mut run = 0;
    let mut start = 0;
    for (offset, c) in text.char_indices() {
        if unicode_normalization::char::is_combining_mark(c) {
            if run == 0 {
                start = offset;
            }
            run += 1;
        } else {
            if run >= 3 {
                return Some((start, run));
            }
            run = 0;
        }
    }
    (run >= 3).then_some((start, run))
}

/// The byte offset of the first letter written decomposed, that NFC
/// composes into one.
fn first_decomposed(text: &str) -> Option<usize> {
    let mut offset = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        if nfc(word).chars().count() < word.chars().count() {
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
