//! A ceiling on the memory a run may hold. Typst cannot be interrupted, and
//! a page design with `range(400000000)` or a loop that never ends would
//! otherwise take the machine's memory and be killed without a word. The
//! program's allocator counts the bytes in use; past [`LIMIT`] it prints a
//! clear message naming the limit and the report being built (each thread
//! says which with [`building`]), and ends the process with exit code 1
//! (another with [`set_exit_code`]). Outputs are written atomically, so no
//! half-written file stays behind (the next build removes the temporary
//! files of the one that ended).
//!
//! The `baocao` binary installs [`Capped`] as its global allocator; the
//! library works with any allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI32, AtomicIsize, AtomicUsize, Ordering};

/// The most memory a run may hold: far above a real booklet (the sample
/// needs about 60 MB; 2 000 indicator rows about 300 MB).
pub const LIMIT: usize = 1536 * 1024 * 1024;

/// The bytes in use, as the threads last told: each thread counts its own
/// allocations and frees and adds them here once they come to
/// [`SETTLE_AT`] either way, so that threads allocating at once do not
/// fight over one counter on every allocation (it cost 5% of a build's
/// time on two cores). Signed: a thread may tell a free before another
/// tells the allocation.
static IN_USE: AtomicIsize = AtomicIsize::new(0);

/// How many bytes a thread allocates or frees before it tells
/// [`IN_USE`]: the count is late by at most this much per thread, nothing
/// beside the limit.
const SETTLE_AT: isize = 64 * 1024;
static EXIT_CODE: AtomicI32 = AtomicI32::new(1);
/// How many threads are building a report now.
static BUILDING: AtomicUsize = AtomicUsize::new(0);
/// The report a thread started building last: named when the limit is
/// passed on a thread of no report's own (Typst's), while only one report
/// is being built.
static LAST: Mutex<Label> = Mutex::new(Label::EMPTY);

thread_local! {
    /// The report this thread is building.
    static THIS_THREAD: Cell<Label> = const { Cell::new(Label::EMPTY) };
    /// The bytes this thread allocated (less those it freed) since it last
    /// told [`IN_USE`].
    static UNTOLD: Cell<isize> = const { Cell::new(0) };
}

/// A report's name kept without allocating: the first bytes of it.
#[derive(Clone, Copy)]
struct Label {
    bytes: [u8; 240],
    len: usize,
}

impl Label {
    const EMPTY: Label = Label { bytes: [0; 240], len: 0 };

    fn new(text: &str) -> Label {
        let mut len = text.len().min(240);
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        let mut label = Label::EMPTY;
        label.bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
        label.len = len;
        label
    }

    fn text(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

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
        shrink(layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grow(new_size - layout.size());
        } else {
            shrink(layout.size() - new_size);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn grow(size: usize) {
    change(isize::try_from(size).unwrap_or(isize::MAX));
}

fn shrink(size: usize) {
    change(-isize::try_from(size).unwrap_or(isize::MAX));
}

/// Counts `delta` bytes on this thread, telling [`IN_USE`] once the
/// thread's untold bytes reach [`SETTLE_AT`] (at once on a thread that is
/// ending), and stops the process past [`LIMIT`].
fn change(delta: isize) {
    let settled = UNTOLD.try_with(|untold| {
        let now = untold.get().saturating_add(delta);
        if now.abs() < SETTLE_AT {
            untold.set(now);
            0
        } else {
            untold.set(0);
            now
        }
    });
    let told = settled.unwrap_or(delta);
    if told != 0 {
        let now = IN_USE.fetch_add(told, Ordering::Relaxed).saturating_add(told);
        if told > 0 && now > LIMIT as isize {
            exceeded();
        }
    }
}

/// Says that this thread builds report `what` until the value returned is
/// dropped, for the message if the limit is passed. Nothing is kept after.
pub fn building(what: &str) -> Building {
    let label = Label::new(what);
    let previous = THIS_THREAD.with(|this| this.replace(label));
    BUILDING.fetch_add(1, Ordering::Relaxed);
    *LAST.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = label;
    Building { previous }
}

/// A report being built on this thread (see [`building`]).
pub struct Building {
    previous: Label,
}

impl Drop for Building {
    fn drop(&mut self) {
        THIS_THREAD.with(|this| this.set(self.previous));
        BUILDING.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Sets the exit code of a process that passes the limit (1 by default).
pub fn set_exit_code(code: i32) {
    EXIT_CODE.store(code, Ordering::Relaxed);
}

/// The message for people when building report `what` passed the limit.
pub fn exceeded_message(what: &str) -> String {
    let (head, on, tail) = words(english());
    format!("{}{}{what}{}", String::from_utf8_lossy(head), String::from_utf8_lossy(on), String::from_utf8_lossy(tail).trim_end())
}

/// Whether messages are in English: the language's one setting
/// ([`crate::lang`]), read without allocating.
fn english() -> bool {
    crate::lang::current() == crate::lang::Lang::En
}

/// The bytes in use now (each thread's last [`SETTLE_AT`] bytes untold).
pub fn in_use() -> usize {
    usize::try_from(IN_USE.load(Ordering::Relaxed)).unwrap_or(0)
}

/// The message's head, the words before the report's name, and its tail.
fn words(english: bool) -> (&'static [u8], &'static [u8], &'static [u8]) {
    if english {
        (
            b"error: baocao ran past its memory limit of 1.5 GB",
            b" while building ",
            b"\n  = help: the data or a template makes far more than a booklet holds (a loop in booklet.typ or theme.typ? a huge table?)\n",
        )
    } else {
        (
            "lỗi: baocao dùng quá giới hạn bộ nhớ 1,5 GB".as_bytes(),
            " khi làm ".as_bytes(),
            "\n  = gợi ý: dữ liệu hoặc mẫu tạo ra quá nhiều nội dung so với một tài liệu (vòng lặp trong booklet.typ, theme.typ? bảng quá lớn?)\n".as_bytes(),
        )
    }
}

/// Prints the message without allocating and ends the process.
fn exceeded() -> ! {
    let (head, on, tail) = words(english());
    write_stderr(head);
    // The report this thread builds; else, on a thread of no report's own,
    // the one report being built, if there is only one.
    let mut label = THIS_THREAD.with(Cell::get);
    if label.len == 0
        && BUILDING.load(Ordering::Relaxed) == 1
        && let Ok(last) = LAST.try_lock()
    {
        label = *last;
    }
    if label.len > 0 {
        write_stderr(on);
        write_stderr(label.text());
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
        libc::_exit(EXIT_CODE.load(Ordering::Relaxed))
    }
    #[cfg(not(unix))]
    std::process::abort()
}
