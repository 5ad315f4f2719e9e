//! The language of messages: Vietnamese for the staff who edit the data (the
//! default), English on request (`--lang en`). The booklet's own text is
//! always Vietnamese; this is only about what the tool says.

use std::sync::atomic::{AtomicU8, Ordering};

/// A language messages can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

static LANG: AtomicU8 = AtomicU8::new(0);

/// Sets the language of all messages from now on: a setting of the whole
/// process (the binary sets it once, from `--lang`), read by every message
/// and by the memory guard's last words.
pub fn set(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

/// The language messages are written in.
pub fn current() -> Lang {
    if LANG.load(Ordering::Relaxed) == Lang::En as u8 { Lang::En } else { Lang::Vi }
}

/// A message in the current language: `t!("tiếng Việt {x}", "English {x}")`
/// formats one or the other, with the same arguments.
#[macro_export]
macro_rules! t {
    ($vi:literal, $en:literal $(,)?) => {
        match $crate::lang::current() {
            $crate::lang::Lang::Vi => format!($vi),
            $crate::lang::Lang::En => format!($en),
        }
    };
    ($vi:literal, $en:literal, $($arg:tt)+) => {
        match $crate::lang::current() {
            $crate::lang::Lang::Vi => format!($vi, $($arg)+),
            $crate::lang::Lang::En => format!($en, $($arg)+),
        }
    };
}
