//! A ceiling on the memory a run may hold. Typst cannot be interrupted, and
//! a page design with `range(400000000)` or a loop that never ends would
//! otherwise take the machine's memory and be killed without a word. The
//! program's allocator counts the bytes in use; past [`LIMIT`] it prints a
//! clear message naming the limit and the report being built, and ends the
//! process with exit code 1. Outputs are written atomically, so no
//! half-written file stays behind (the next build removes the temporary
//! files of the one that ended).
//!
//! The `baocao` binary installs [`Capped`] as its global allocator; the
//! library works with any allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicPtr, AtomicU8, AtomicUsize, Ordering};

/// The most memory a run may hold: far above a real booklet (the sample
/// needs about 60 MB; 2 000 indicator rows about 300 MB).
pub const LIMIT: usize = 1536 * 1024 * 1024;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static LANG: AtomicU8 = AtomicU8::new(0);
static CONTEXT: AtomicPtr<String> = AtomicPtr::new(std::ptr::null_mut());

/// An allocator that counts the bytes in use and stops the process, with a
/// message, when they pass [`LIMIT`].
pub struct Capped;

unsafe impl GlobalAlloc for Capped {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grow(new_size - layout.size());
        } else {
            IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn grow(size: usize) {
    let now = IN_USE.fetch_add(size, Ordering::Relaxed) + size;
    if now > LIMIT {
        exceeded();
    }
}

/// Says what is being built, for the message if the limit is passed.
pub fn set_context(what: String) {
    let new = Box::into_raw(Box::new(what));
    // The old description is leaked on purpose: the allocator may be
    // reading it on another thread. A run sets a handful.
    CONTEXT.store(new, Ordering::Relaxed);
}

/// Sets the language of the message (0 Vietnamese, 1 English).
pub fn set_language(english: bool) {
    LANG.store(u8::from(english), Ordering::Relaxed);
}

/// The bytes in use now.
pub fn in_use() -> usize {
    IN_USE.load(Ordering::Relaxed)
}

/// Prints the message without allocating and ends the process.
fn exceeded() -> ! {
    let english = LANG.load(Ordering::Relaxed) == 1;
    let head: &[u8] = if english {
        b"error: baocao ran past its memory limit of 1.5 GB"
    } else {
        "lỗi: baocao dùng quá giới hạn bộ nhớ 1,5 GB".as_bytes()
    };
    let tail: &[u8] = if english {
        b"\n  = help: the data or a template makes far more than a booklet holds (a loop in booklet.typ or theme.typ? a huge table?)\n"
    } else {
        "\n  = gợi ý: dữ liệu hoặc mẫu tạo ra quá nhiều nội dung so với một tài liệu (vòng lặp trong booklet.typ, theme.typ? bảng quá lớn?)\n".as_bytes()
    };
    write_stderr(head);
    let context = CONTEXT.load(Ordering::Relaxed);
    if !context.is_null() {
        write_stderr(if english { b" while building " } else { " khi làm ".as_bytes() });
        // SAFETY: set_context leaks every description it stores.
        write_stderr(unsafe { (*context).as_bytes() });
    }
    write_stderr(tail);
    end_process()
}

fn write_stderr(bytes: &[u8]) {
    #[cfg(unix)]
    // SAFETY: writing a valid buffer to file descriptor 2.
    unsafe {
        libc::write(2, bytes.as_ptr().cast(), bytes.len());
    }
    #[cfg(not(unix))]
    let _ = bytes;
}

fn end_process() -> ! {
    #[cfg(unix)]
    // SAFETY: _exit ends the process at once, running nothing that could
    // allocate.
    unsafe {
        libc::_exit(1)
    }
    #[cfg(not(unix))]
    std::process::abort()
}
