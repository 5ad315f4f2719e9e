//! Faults on demand, for the tests of what a kill, a crash or a full disk
//! leaves behind: named points in the code where, in a debug build (the
//! one `cargo test` runs), the environment variable `BAOCAO_FAULT` can make
//! the program fail, die or abort at will. A release build reads nothing
//! and every point does nothing.
//!
//! `BAOCAO_FAULT` holds comma-separated `ACTION@POINT` or
//! `ACTION@POINT:KEY` (the point reached with that key only), ACTION one of
//! `fail` (an I/O error "no space left"), `kill` (SIGKILL to itself) or
//! `abort` (as a stack overflow ends a program). The points:
//!
//! | point | key | where |
//! | --- | --- | --- |
//! | `rename` | 1, 2, ... | before the Nth rename of a set of outputs |
//! | `renamed` | | after the last rename, before the set is marked done |
//! | `file` | 1, 2, ... | before the Nth file of a new folder is written |
//! | `write` | the file's name | before a report's file is written |
//! | `compose` | the report folder's name | as a report's build starts |

/// Reaches fault point `point` with `key`: an error, or the end of the
/// process, when `BAOCAO_FAULT` asks for it here (debug builds only).
pub fn at(point: &str, key: &str) -> std::io::Result<()> {
    #[cfg(debug_assertions)]
    if let Some(spec) = std::env::var_os("BAOCAO_FAULT") {
        for one in spec.to_string_lossy().split(',') {
            let Some((action, at)) = one.trim().split_once('@') else { continue };
            let (wanted, wanted_key) = at.split_once(':').unwrap_or((at, ""));
            if wanted != point || !(wanted_key.is_empty() || wanted_key == key) {
                continue;
            }
            match action {
                "fail" => return Err(std::io::Error::from(std::io::ErrorKind::StorageFull)),
                "abort" => std::process::abort(),
                "kill" => {
                    #[cfg(unix)]
                    // SAFETY: sending a signal to this process.
                    unsafe {
                        libc::kill(libc::getpid(), libc::SIGKILL);
                    }
                    std::process::abort()
                }
                _ => {}
            }
        }
    }
    let _ = (point, key);
    Ok(())
}
