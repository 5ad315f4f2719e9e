//! A figure as reports write it: a number ("16.100"), a range ("1.100 -
//! 1.200"), or a number with a word that makes it a bound or an estimate
//! ("trên 1.000", "dưới 2%", "khoảng 5%").

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::locale::numbers::{self, Decimals, NumberError};
use crate::t;

/// What a qualifying word says about the true figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// More than the figure ("trên", "hơn").
    Above,
    /// Less than the figure ("dưới", "chưa đến").
    Below,
    /// Near the figure ("khoảng", "gần", "xấp xỉ", "ước").
    About,
}

/// A qualifying word before a figure, kept as the report wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Qualifier {
    /// What it says.
    pub bound: Bound,
    /// The word printed before the figure.
    pub word: &'static str,
}

/// The words baocao reads before a figure, longest first (so "trên dưới",
/// about, is not read as "trên", above).
const WORDS: [(&str, Bound); 9] = [
    ("trên dưới", Bound::About),
    ("chưa đến", Bound::Below),
    ("xấp xỉ", Bound::About),
    ("khoảng", Bound::About),
    ("trên", Bound::Above),
    ("hơn", Bound::Above),
    ("dưới", Bound::Below),
    ("gần", Bound::About),
    ("ước", Bound::About),
];

impl Qualifier {
    /// The qualifier `text` starts with, and the rest after it.
    pub fn split(text: &str) -> Option<(Qualifier, &str)> {
        WORDS.iter().find_map(|(word, bound)| {
            let (end, _) = text.char_indices().nth(word.chars().count())?;
            let (head, rest) = text.split_at(end);
            // A whole word: "trên 1.000", not "trênx".
            (head.to_lowercase() == *word && rest.starts_with(char::is_whitespace))
                .then(|| (Qualifier { bound: *bound, word }, rest.trim_start()))
        })
    }

    /// The words a cell may start with, for hints.
    pub fn words() -> String {
        WORDS.map(|(w, _)| w).join(", ")
    }

    /// The qualifier of the same figure seen from the other side (a bound
    /// above becomes one below when the sign flips).
    fn flipped(self) -> Qualifier {
        match self.bound {
            Bound::Above => Qualifier { bound: Bound::Below, word: "dưới" },
            Bound::Below => Qualifier { bound: Bound::Above, word: "trên" },
            Bound::About => self,
        }
    }
}

/// A figure of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    /// One figure.
    Exact(Decimal),
    /// From the first figure to the second.
    Range(Decimal, Decimal),
    /// A figure with a qualifying word.
    Qualified(Qualifier, Decimal),
}

impl Amount {
    /// Reads a cell: a number, a range ("1.100 - 1.200") or a qualified
    /// number ("trên 1.000"), in Vietnamese notation; a trailing "%" is
    /// allowed.
    pub fn parse(text: &str) -> Result<Amount, NumberError> {
        let text = text.trim();
        Amount::parse_words(text).map_err(|mut e| {
            // Words baocao cannot read: say which it can.
            if text.chars().any(char::is_alphabetic) {
                e.hint = t!(
                    "trước số chỉ được có một trong các từ: {}; ví dụ «trên 1.000»",
                    "a figure may be preceded only by one of: {}; e.g. «trên 1.000»",
                    Qualifier::words()
                );
            }
            e
        })
    }

    fn parse_words(text: &str) -> Result<Amount, NumberError> {
        if let Some((qualifier, rest)) = Qualifier::split(text) {
            return Ok(Amount::Qualified(qualifier, numbers::parse(rest)?.value));
        }
        // A range: two numbers joined by a dash with spaces, or an en dash.
        if let Some((lo, hi)) = text.split_once(" - ").or_else(|| text.split_once('–')) {
            let (lo, hi) = (numbers::parse(lo)?.value, numbers::parse(hi)?.value);
            if lo > hi {
                return Err(NumberError {
                    message: t!("khoảng «{text}» có số đầu lớn hơn số cuối", "the range «{text}» starts above its end"),
                    hint: t!("ghi số nhỏ trước, ví dụ 1.100 - 1.200", "write the smaller figure first, e.g. 1.100 - 1.200"),
                });
            }
            return Ok(Amount::Range(lo, hi));
        }
        numbers::parse(text).map(|p| Amount::Exact(p.value))
    }

    /// The figure that stands for it: the number, or a range's lower end.
    pub fn value(self) -> Decimal {
        match self {
            Amount::Exact(v) | Amount::Qualified(_, v) | Amount::Range(v, _) => v,
        }
    }

    /// Whether it is a plain number, neither a range nor qualified.
    pub fn is_exact(self) -> bool {
        matches!(self, Amount::Exact(_))
    }

    /// The amount with `f`, an increasing function, applied to its figures;
    /// a qualifier stays ("trên 1.000" of 800 is "trên 125%").
    pub fn map(self, f: impl Fn(Decimal) -> Decimal) -> Amount {
        match self {
            Amount::Exact(v) => Amount::Exact(f(v)),
            Amount::Range(lo, hi) => Amount::Range(f(lo), f(hi)),
            Amount::Qualified(q, v) => Amount::Qualified(q, f(v)),
        }
    }

    /// The amount without its sign: a bound turns over with it ("above
    /// -2" is "below 2" in size).
    pub fn magnitude(self) -> Amount {
        match self {
            Amount::Exact(v) => Amount::Exact(v.abs()),
            Amount::Range(lo, hi) if lo.is_sign_negative() => Amount::Range(hi.abs(), lo.abs()),
            Amount::Range(..) => self,
            Amount::Qualified(q, v) if v.is_sign_negative() && !v.is_zero() => Amount::Qualified(q.flipped(), v.abs()),
            Amount::Qualified(..) => self,
        }
    }

    /// How the true figure stands against `reference`, when the amount
    /// tells: "trên 100" is above 100, but "trên 90" may be either side.
    /// A range is above or below only when wholly so.
    pub fn order(self, reference: Decimal) -> Option<Ordering> {
        match self {
            Amount::Exact(v) => Some(v.cmp(&reference)),
            Amount::Qualified(Qualifier { bound: Bound::About, .. }, v) => Some(v.cmp(&reference)),
            Amount::Qualified(Qualifier { bound: Bound::Above, .. }, v) => (v >= reference).then_some(Ordering::Greater),
            Amount::Qualified(Qualifier { bound: Bound::Below, .. }, v) => (v <= reference).then_some(Ordering::Less),
            Amount::Range(lo, _) if lo > reference => Some(Ordering::Greater),
            Amount::Range(_, hi) if hi < reference => Some(Ordering::Less),
            Amount::Range(..) => None,
        }
    }

    /// Rounded to `decimals` places, half away from zero, trailing zeros
    /// dropped.
    pub fn rounded(self, decimals: u32) -> Amount {
        self.map(|v| numbers::round(v, decimals).normalize())
    }

    /// The amount in Vietnamese notation with `decimals` ("trên 1.000",
    /// "1.100 - 1.200").
    pub fn format(self, decimals: Decimals) -> String {
        match self {
            Amount::Exact(v) => numbers::format(v, decimals),
            Amount::Range(lo, hi) => format!("{} - {}", numbers::format(lo, decimals), numbers::format(hi, decimals)),
            Amount::Qualified(q, v) => format!("{} {}", q.word, numbers::format(v, decimals)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn cells_are_read_with_their_words() {
        let cases = [
            ("16.100", "16.100"),
            ("trên 1.000", "trên 1.000"),
            ("Trên 100%", "trên 100"),
            ("dưới 2", "dưới 2"),
            ("khoảng 5", "khoảng 5"),
            ("trên dưới 5", "trên dưới 5"),
            ("1.100 - 1.200", "1.100 - 1.200"),
            ("1.100–1.200", "1.100 - 1.200"),
        ];
        for (cell, shown) in cases {
            assert_eq!(Amount::parse(cell).unwrap().format(Decimals::AsIs), shown, "{cell}");
        }
        assert!(matches!(Amount::parse("trên dưới 5"), Ok(Amount::Qualified(Qualifier { bound: Bound::About, .. }, _))));
        let refused = Amount::parse("nhiều 5").unwrap_err();
        assert!(refused.hint.contains("trên"), "{refused:?}");
        assert!(Amount::parse("trênx 5").is_err());
        assert!(Amount::parse("1.200 - 1.100").is_err());
    }

    #[test]
    fn bounds_tell_a_side_only_when_they_can() {
        let above = Amount::parse("trên 100").unwrap();
        assert_eq!(above.order(d("100")), Some(Ordering::Greater));
        assert_eq!(above.order(d("90")), Some(Ordering::Greater));
        assert_eq!(above.order(d("110")), None);
        let below = Amount::parse("dưới 2").unwrap();
        assert_eq!(below.order(d("2")), Some(Ordering::Less));
        assert_eq!(below.order(d("1")), None);
        assert_eq!(Amount::parse("khoảng 5").unwrap().order(d("5")), Some(Ordering::Equal));
        assert_eq!(Amount::Qualified(Qualifier { bound: Bound::Above, word: "trên" }, d("-2")).magnitude().format(Decimals::AsIs), "dưới 2");
    }
}
