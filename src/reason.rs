//! Other programs' reasons in the message language: the operating system's
//! (an [`std::io::Error`]), and the words of the libraries that read files
//! from outside (zip, the XML parser, calamine). Their English reaches the
//! user only under `--lang en`; in Vietnamese each is said in Vietnamese,
//! with the library's own words kept in brackets only where no Vietnamese
//! says as much.

use std::io::ErrorKind;

use crate::lang::{self, Lang};
use crate::t;

/// Why the operating system refused, in words for people: "đĩa đã đầy"
/// for ENOSPC, "tên tệp quá dài" for ENAMETOOLONG; in English, the
/// system's own words.
pub fn io(error: &std::io::Error) -> String {
    if lang::current() == Lang::En {
        return error.to_string();
    }
    if error.raw_os_error().is_none()
        && let Some(inner) = error.get_ref()
    {
        // A message made by the program or a library, not the system's.
        return inner.to_string();
    }
    #[cfg(unix)]
    if let Some(code) = error.raw_os_error() {
        let words = match code {
            libc::ENOSPC => Some("đĩa đã đầy"),
            libc::EDQUOT => Some("đã hết hạn mức dung lượng đĩa"),
            libc::EEXIST => Some("đã có tệp hoặc thư mục cùng tên"),
            libc::EPERM => Some("hệ điều hành không cho phép thao tác này (tệp bị khóa hoặc thuộc người khác)"),
            libc::EACCES => Some("không có quyền truy cập"),
            libc::ENAMETOOLONG => Some("tên tệp hoặc đường dẫn quá dài"),
            libc::ENOENT => Some("không có tệp hoặc thư mục này"),
            libc::EROFS => Some("ổ đĩa chỉ cho đọc"),
            libc::EISDIR => Some("đây là một thư mục"),
            libc::ENOTDIR => Some("một phần của đường dẫn không phải thư mục"),
            libc::ENOTEMPTY => Some("thư mục không trống"),
            libc::EXDEV => Some("không chuyển được tệp sang ổ đĩa khác"),
            libc::ELOOP => Some("liên kết vòng tròn hoặc quá nhiều liên kết nối nhau"),
            libc::EMLINK => Some("quá nhiều liên kết"),
            libc::EBUSY | libc::ETXTBSY => Some("tệp đang được dùng"),
            libc::EIO => Some("lỗi đọc ghi của ổ đĩa"),
            libc::EMFILE | libc::ENFILE => Some("mở quá nhiều tệp cùng lúc"),
            libc::EFBIG => Some("tệp quá lớn"),
            libc::ENOMEM => Some("hết bộ nhớ"),
            libc::EINVAL => Some("tham số không hợp lệ"),
            libc::ENXIO | libc::ENODEV => Some("không có thiết bị này"),
            libc::EAGAIN => Some("tạm thời chưa làm được, thử lại sau"),
            libc::EINTR => Some("bị ngắt giữa chừng"),
            _ => None,
        };
        if let Some(words) = words {
            return words.to_string();
        }
    }
    let words = match error.kind() {
        ErrorKind::NotFound => "không có tệp hoặc thư mục này",
        ErrorKind::PermissionDenied => "không có quyền truy cập",
        ErrorKind::AlreadyExists => "đã có tệp hoặc thư mục cùng tên",
        ErrorKind::StorageFull => "đĩa đã đầy",
        ErrorKind::InvalidFilename => "tên tệp không hợp lệ hoặc quá dài",
        ErrorKind::UnexpectedEof => "tệp kết thúc giữa chừng",
        ErrorKind::InvalidData => "dữ liệu không hợp lệ",
        ErrorKind::OutOfMemory => "hết bộ nhớ",
        ErrorKind::TimedOut => "quá thời gian chờ",
        ErrorKind::Interrupted => "bị ngắt giữa chừng",
        _ => "",
    };
    match (words, error.raw_os_error()) {
        ("", Some(code)) => format!("lỗi hệ điều hành, mã {code}"),
        ("", None) => "lỗi hệ điều hành".to_string(),
        (words, _) => words.to_string(),
    }
}

/// Why zip could not read a package.
pub fn zip(error: &zip::result::ZipError) -> String {
    use zip::result::ZipError;
    if lang::current() == Lang::En {
        return error.to_string();
    }
    match error {
        ZipError::Io(e) => io(e),
        ZipError::InvalidArchive(_) => "cấu trúc gói zip hỏng".to_string(),
        ZipError::UnsupportedArchive(_) => "gói zip dùng kiểu nén hoặc mã hóa không hỗ trợ".to_string(),
        ZipError::FileNotFound => "gói không có mục này".to_string(),
        ZipError::InvalidPassword => "gói được đặt mật khẩu".to_string(),
        other => format!("gói zip hỏng ({other})"),
    }
}

/// Why an XML part could not be read, with its line and column.
pub fn xml(error: &roxmltree::Error) -> String {
    use roxmltree::Error as E;
    if lang::current() == Lang::En {
        return error.to_string();
    }
    let at = error.pos();
    let what = match error {
        E::DtdDetected => return "có khai báo DTD, không được phép trong tài liệu Office (có thể là tệp cố ý gây hại)".to_string(),
        E::NodesLimitReached => return "có quá nhiều phần tử XML".to_string(),
        E::EntityReferenceLoop(_) => "thực thể XML lồng vòng",
        E::UnexpectedCloseTag(..) => "thẻ đóng không khớp thẻ mở",
        E::UnknownNamespace(..) | E::UnknownEntityReference(..) => "tên chưa khai báo",
        E::UnexpectedEndOfStream => "phần kết thúc giữa chừng",
        E::NonXmlChar(..) | E::InvalidChar(..) | E::InvalidChar2(..) => "ký tự không được phép trong XML",
        E::MalformedEntityReference(_) => "tham chiếu ký tự sai",
        E::DuplicatedAttribute(..) => "thuộc tính lặp lại",
        _ => "XML sai cú pháp",
    };
    format!("{what} (dòng {}, cột {})", at.row, at.col)
}

/// Why calamine could not read a workbook.
pub fn workbook(error: &calamine::Error) -> String {
    if lang::current() == Lang::En {
        return error.to_string();
    }
    match error {
        calamine::Error::Io(e) => io(e),
        calamine::Error::Xlsx(calamine::XlsxError::Zip(e)) | calamine::Error::Ods(calamine::OdsError::Zip(e)) => zip(e),
        calamine::Error::Xlsx(calamine::XlsxError::Xml(_)) | calamine::Error::Ods(calamine::OdsError::Xml(_)) => "XML bên trong sổ tính sai cú pháp".to_string(),
        calamine::Error::Xls(_) => "dữ liệu dạng .xls (BIFF) hỏng".to_string(),
        other => t!("cấu trúc sổ tính hỏng ({other})", "{other}"),
    }
}

/// Why the CSV reader or writer failed.
pub fn csv(error: &csv::Error) -> String {
    if lang::current() == Lang::En {
        return error.to_string();
    }
    match error.kind() {
        csv::ErrorKind::Io(e) => io(e),
        csv::ErrorKind::Utf8 { .. } => "có byte không phải UTF-8".to_string(),
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!("dòng có {len} ô nhưng dòng tiêu đề có {expected_len} cột"),
        _ => "dòng CSV không hợp lệ".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_systems_reasons_are_said_in_vietnamese() {
        assert_eq!(io(&std::io::Error::from_raw_os_error(libc::ENOSPC)), "đĩa đã đầy");
        assert_eq!(io(&std::io::Error::from_raw_os_error(libc::ENAMETOOLONG)), "tên tệp hoặc đường dẫn quá dài");
        assert_eq!(io(&std::io::Error::from_raw_os_error(libc::EEXIST)), "đã có tệp hoặc thư mục cùng tên");
        assert!(io(&std::io::Error::from_raw_os_error(libc::EPERM)).starts_with("hệ điều hành không cho phép"));
        assert_eq!(io(&std::io::Error::from_raw_os_error(9999)), "lỗi hệ điều hành, mã 9999");
        assert_eq!(io(&std::io::Error::new(ErrorKind::NotFound, "không có thư mục này")), "không có thư mục này");
        let dtd = roxmltree::Document::parse("<!DOCTYPE x [<!ENTITY a 'b'>]><x/>").unwrap_err();
        assert!(xml(&dtd).contains("DTD"), "{}", xml(&dtd));
        let broken = roxmltree::Document::parse("<a>\n<b></a>").unwrap_err();
        assert_eq!(xml(&broken), "thẻ đóng không khớp thẻ mở (dòng 2, cột 4)");
    }
}
