//! Every file read on behalf of a report passes through [`read`]: the report's
//! facts, its indicator table and prose, the templates and the files they
//! include, the logo, whatever the Typst page design reads, and the fonts of
//! `--fonts`. One function, one set of rules:
//!
//! - the file's real path (every link followed) lies inside the folder it
//!   belongs to (the report folder, the report's or the `--templates`
//!   templates folder, the `--fonts` folder): a link or `..` leading out is
//!   refused;
//! - it is a regular file: a FIFO, a device, a socket or a folder is refused
//!   by its type, checked on the opened file before a byte is read (a FIFO
//!   is opened without waiting for a writer), and nothing under `/proc`,
//!   `/sys` or `/dev` is read;
//! - it has one name: a regular file with more than one hard link may be a
//!   link to a file outside the folder, which no path check can see;
//! - it is read with a cap applied while reading, never trusted from the
//!   file's size (`/dev/zero` and `/proc` files say 0).
//!
//! A refused file is named with the reason, never with its contents.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Place};
use crate::t;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// There is no such file.
    Missing,
    /// Its real path lies outside the folder it must stay in.
    Outside {
        /// Whether a symbolic link leads out (rather than `..`).
        through_link: bool,
    },
    /// Not a regular file: a folder, FIFO, device or socket.
    NotRegular(&'static str),
    /// A file of the kernel's (`/proc`, `/sys`) or a device (`/dev`).
    System,
    /// A regular file with more than one name.
    HardLinked(u64),
    /// Larger than the cap.
    TooLarge(u64),
    /// The operating system could not read it.
    Io(std::io::Error),
}

/// Reads `path`, which must stay inside the folder `root`, up to `cap`
/// bytes, by the rules of this module.
pub fn read(path: &Path, root: &Path, cap: u64) -> Result<Vec<u8>, Refusal> {
    read_real(&confined(path, root)?, cap, true)
}

/// Reads `path`, a file named on the command line from anywhere (a
/// reviewed DOCX): its links are followed, but the other rules hold: a
/// regular file, checked on the opened file; nothing under `/proc`, `/sys`
/// or `/dev`; at most `cap` bytes, counted while reading (a `/proc` file
/// says its size is 0 and reads without end).
pub fn read_named(path: &Path, cap: u64) -> Result<Vec<u8>, Refusal> {
    let real = path.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Refusal::Missing,
        _ => Refusal::Io(e),
    })?;
    read_real(&real, cap, false)
}

/// Reads the file at its real path `real` up to `cap` bytes: a regular
/// file outside the system's folders, of one name when `one_name` asks.
fn read_real(real: &Path, cap: u64, one_name: bool) -> Result<Vec<u8>, Refusal> {
    if ["/proc", "/sys", "/dev"].iter().any(|system| real.starts_with(system)) {
        return Err(Refusal::System);
    }
    let file = open_without_waiting(real).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Refusal::Missing,
        _ => Refusal::Io(e),
    })?;
    let meta = file.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular(kind_of(&meta)));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if one_name && meta.nlink() > 1 {
            return Err(Refusal::HardLinked(meta.nlink()));
        }
    }
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes).map_err(Refusal::Io)?;
    if bytes.len() as u64 > cap {
        return Err(Refusal::TooLarge(cap));
    }
    Ok(bytes)
}

/// The real path of `path` when it exists and lies inside `root` once
/// every link is followed.
pub fn confined(path: &Path, root: &Path) -> Result<PathBuf, Refusal> {
    let real_root = root.canonicalize().map_err(|_| Refusal::Missing)?;
    let real = match path.canonicalize() {
        Ok(real) => real,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A dangling link is a link that leads somewhere else.
            return Err(match path.symlink_metadata() {
                Ok(_) => Refusal::Outside { through_link: true },
                Err(_) => Refusal::Missing,
            });
        }
        Err(e) => return Err(Refusal::Io(e)),
    };
    if real.starts_with(&real_root) {
        Ok(real)
    } else {
        let through_link = path.ancestors().any(|p| p.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()));
        Err(Refusal::Outside { through_link })
    }
}

/// Opens `path` for reading; a FIFO opens at once instead of waiting for a
/// writer, so that its type can be checked and refused.
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "FIFO";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "device";
        }
    }
    if meta.is_dir() { "folder" } else { "special" }
}

impl Refusal {
    /// Why, in words for people.
    pub fn reason(&self) -> String {
        match self {
            Refusal::Missing => t!("không có tệp này", "no such file"),
            Refusal::Outside { through_link: true } => {
                t!("là liên kết trỏ ra ngoài thư mục được phép: không đọc", "is a link leading out of the folder it must stay in: not read")
            }
            Refusal::Outside { through_link: false } => {
                t!("nằm ngoài thư mục được phép: không đọc", "lies outside the folder it must stay in: not read")
            }
            Refusal::NotRegular(kind) => {
                let kind = match *kind {
                    "folder" => t!("thư mục", "folder"),
                    "device" => t!("thiết bị", "device"),
                    other => other.to_string(),
                };
                t!("không phải tệp thường ({kind}): không đọc", "not a regular file ({kind}): not read")
            }
            Refusal::System => t!("là tệp hệ thống (/proc, /sys, /dev): không đọc", "is a system file (/proc, /sys, /dev): not read"),
            Refusal::HardLinked(n) => t!(
                "có {n} liên kết cứng (hard link), có thể trỏ tới tệp ngoài thư mục: không đọc",
                "has {n} hard links and may be a file from outside the folder: not read"
            ),
            Refusal::TooLarge(cap) => {
                let cap = size(*cap);
                t!("lớn quá giới hạn {cap}: không đọc", "is larger than the limit of {cap}: not read")
            }
            Refusal::Io(e) => t!("không đọc được ({})", "cannot be read ({})", crate::reason::io(e)),
        }
    }

    /// How to put it right.
    pub fn hint(&self) -> Option<String> {
        match self {
            Refusal::Outside { .. } | Refusal::HardLinked(_) => {
                Some(t!("chép tệp vào thư mục (cp) thay cho liên kết", "copy the file into the folder (cp) instead of linking it"))
            }
            Refusal::NotRegular(_) | Refusal::System => Some(t!("dùng một tệp văn bản thường", "use an ordinary text file")),
            Refusal::TooLarge(_) => Some(t!("tài liệu chỉ cần vài trăm KB; kiểm tra lại tệp", "a booklet needs a few hundred KB; check the file")),
            Refusal::Missing | Refusal::Io(_) => None,
        }
    }

    /// The refusal as an error about `path`, at `place` when the file was
    /// named somewhere (the line of report.yaml that lists it), else at the
    /// file itself.
    pub fn into_error(self, path: &Path, place: Option<Place>) -> Error {
        let shown = path.display();
        let message = t!("tệp «{shown}» {}", "the file «{shown}» {}", self.reason());
        Error::input(place.unwrap_or_else(|| Place::file(path)), message, self.hint())
    }
}

/// `bytes` for people: "8 MB", "64 KB", "300 byte".
fn size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    match bytes {
        b if b >= MB && b % MB == 0 => format!("{} MB", b / MB),
        b if b >= 1024 && b % 1024 == 0 => format!("{} KB", b / 1024),
        b => format!("{b} byte"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size(8 * 1024 * 1024), "8 MB");
        assert_eq!(size(64 * 1024), "64 KB");
        assert_eq!(size(300), "300 byte");
    }

    #[test]
    fn links_and_climbing_out_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x").unwrap();
        std::fs::write(root.path().join("own"), "x").unwrap();
        assert_eq!(read(&root.path().join("own"), root.path(), 10).unwrap(), b"x");
        let climbing = root.path().join("../").join(outside.path().file_name().unwrap()).join("secret");
        assert!(matches!(read(&climbing, root.path(), 10), Err(Refusal::Outside { through_link: false })));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path().join("secret"), root.path().join("link")).unwrap();
            assert!(matches!(read(&root.path().join("link"), root.path(), 10), Err(Refusal::Outside { through_link: true })));
            std::os::unix::fs::symlink(outside.path(), root.path().join("dir")).unwrap();
            assert!(matches!(read(&root.path().join("dir/secret"), root.path(), 10), Err(Refusal::Outside { through_link: true })));
            std::os::unix::fs::symlink(root.path().join("own"), root.path().join("inner")).unwrap();
            assert!(read(&root.path().join("inner"), root.path(), 10).is_ok());
            std::os::unix::fs::symlink("/nowhere/at/all", root.path().join("dangling")).unwrap();
            assert!(matches!(read(&root.path().join("dangling"), root.path(), 10), Err(Refusal::Outside { through_link: true })));
        }
        assert!(matches!(read(&root.path().join("missing"), root.path(), 10), Err(Refusal::Missing)));
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_by_type_and_size_is_capped_while_reading() {
        let root = tempfile::tempdir().unwrap();
        let fifo = root.path().join("fifo");
        // No outside program: the FIFO made with the system call itself.
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a NUL-terminated path we own.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0, "mkfifo");
        assert!(matches!(read(&fifo, root.path(), 10), Err(Refusal::NotRegular("FIFO"))), "a FIFO is refused without waiting");
        std::fs::create_dir(root.path().join("sub")).unwrap();
        assert!(matches!(read(&root.path().join("sub"), root.path(), 10), Err(Refusal::NotRegular("folder"))));
        std::fs::write(root.path().join("big"), vec![b'a'; 11]).unwrap();
        assert!(matches!(read(&root.path().join("big"), root.path(), 10), Err(Refusal::TooLarge(10))));
        std::fs::write(root.path().join("one"), "x").unwrap();
        std::fs::hard_link(root.path().join("one"), root.path().join("two")).unwrap();
        assert!(matches!(read(&root.path().join("two"), root.path(), 10), Err(Refusal::HardLinked(2))));
        assert!(matches!(read(Path::new("/proc/self/environ"), Path::new("/"), 10), Err(Refusal::System)));
        assert!(matches!(read(Path::new("/dev/zero"), Path::new("/"), 10), Err(Refusal::System)));
        assert!(matches!(read_named(Path::new("/proc/self/pagemap"), 10), Err(Refusal::System)));
        assert!(matches!(read_named(&root.path().join("big"), 10), Err(Refusal::TooLarge(10))));
        assert_eq!(read_named(&root.path().join("two"), 10).unwrap(), b"x", "a named file may have other names");
        assert!(matches!(read_named(&fifo, 10), Err(Refusal::NotRegular("FIFO"))));
    }
}
