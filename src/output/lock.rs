//! Writers of one folder take turns: an advisory lock on the folder itself
//! (`flock` on the open directory), so that nothing is left beside the
//! user's files, no file is opened that could be a FIFO or a link, and the
//! lock goes with the process however it ends.

use std::path::Path;

use crate::error::{Error, Result};
use crate::t;

/// The lock on a folder, held until dropped.
pub struct Held {
    #[cfg(unix)]
    _folder: std::fs::File,
}

/// Waits for, then holds, the lock on `folder`, which exists. Where the
/// file system has no locks on folders (some network file systems),
/// writers do not take turns.
pub fn hold(folder: &Path) -> Result<Held> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        use std::os::unix::io::AsRawFd;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY | libc::O_CLOEXEC | libc::O_NONBLOCK)
            .open(folder)
            .map_err(|e| Error::io(folder, t!("không mở được thư mục đầu ra", "cannot open the output folder"), e))?;
        loop {
            // SAFETY: flock on a descriptor this function owns.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
                break;
            }
            let error = std::io::Error::last_os_error();
            match error.raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::ENOLCK | libc::EOPNOTSUPP | libc::EBADF | libc::EINVAL) => break,
                _ => return Err(Error::io(folder, t!("không khóa được thư mục đầu ra", "cannot lock the output folder"), error)),
            }
        }
        Ok(Held { _folder: file })
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        Ok(Held {})
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = hold(dir.path()).unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        let path = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            let _second = hold(&path).unwrap();
            sender.send(()).unwrap();
        });
        assert!(receiver.recv_timeout(std::time::Duration::from_millis(200)).is_err(), "the second waits");
        drop(first);
        receiver.recv_timeout(std::time::Duration::from_secs(10)).expect("the second holds it once the first lets go");
        waiter.join().unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no file is left in the folder");
    }
}
