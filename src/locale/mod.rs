//! Vietnamese conventions for writing dates (and, later, numbers) in the
//! booklet's text. Typst and Word know none of them, so they are done here.

mod dates;

pub use dates::{long_date, month_year};
