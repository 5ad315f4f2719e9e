//! Vietnamese conventions for writing numbers and dates in the booklet's
//! text. Typst and Word know none of them, so they are done here.

mod dates;
pub mod numbers;
mod words;

pub use dates::{long_date, month_year};
pub use numbers::{Decimals, pad_count};
pub use words::{in_words, integer_in_words, ordinal_in_words};
