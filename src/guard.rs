//! Panics caught where they may come: a library reading a hostile file
//! (calamine on a damaged `.xls`) or one report of a batch. A caught panic
//! becomes an error of that file or report; nothing of it is printed (no
//! English panic text, no backtrace): the program's panic hook asks
//! [`containing`] and stays quiet inside [`contain`].

use std::cell::Cell;

thread_local! {
    /// How many [`contain`] calls the current thread is inside.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Runs `f`; its panic, if it panics, as `Err` with the panic's message
/// (for an internal error's detail), printed nowhere.
pub fn contain<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    result.map_err(|panic| {
        panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_default()
    })
}

/// Whether the current thread runs inside [`contain`], where a panic is
/// caught and told as an error: a panic hook prints nothing then.
pub fn containing() -> bool {
    DEPTH.with(Cell::get) > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_with_its_message() {
        assert_eq!(contain(|| 7), Ok(7));
        let caught: Result<(), String> = contain(|| {
            assert!(containing());
            panic!("hỏng {}", 1)
        });
        assert_eq!(caught, Err("hỏng 1".to_string()));
        assert!(!containing());
    }
}
