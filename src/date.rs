//! Calendar dates as the data writes them (`YYYY-MM-DD`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::t;

/// The years a report may name (its year, plan year and date): far around
/// any real booklet, and within what every writer can print.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// A year of the data, refused outside [`YEARS`] (`year: 2147483647` would
/// roll over to a negative plan year).
pub fn year<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    let year = i64::deserialize(deserializer)?;
    i32::try_from(year).ok().filter(|y| YEARS.contains(y)).ok_or_else(|| {
        serde::de::Error::custom(t!(
            "năm {year} nằm ngoài khoảng {}-{}",
            "the year {year} is outside {}-{}",
            YEARS.start(),
            YEARS.end()
        ))
    })
}

/// A calendar date; it is written and read as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, e.g. 2021.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, from 1.
    pub day: u8,
}

impl Date {
    /// The date, if it exists in the Gregorian calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some(Date { year, month, day })
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || t!("«{s}» không phải ngày hợp lệ dạng NĂM-THÁNG-NGÀY, ví dụ 2021-01-15", "«{s}» is not a valid YEAR-MONTH-DAY date, e.g. 2021-01-15");
        let mut parts = s.trim().splitn(3, '-');
        let mut next = || parts.next().filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        let (Some(y), Some(m), Some(d)) = (next(), next(), next()) else {
            return Err(invalid());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(invalid());
        }
        let year: i32 = y.parse().map_err(|_| invalid())?;
        if !YEARS.contains(&year) {
            return Err(t!("năm của ngày «{s}» nằm ngoài khoảng {}-{}", "the year of the date «{s}» is outside {}-{}", YEARS.start(), YEARS.end()));
        }
        Date::new(year, m.parse().map_err(|_| invalid())?, d.parse().map_err(|_| invalid())?).ok_or_else(invalid)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_iso_dates() {
        let d: Date = "2021-01-05".parse().unwrap();
        assert_eq!((d.year, d.month, d.day), (2021, 1, 5));
        assert_eq!(d.to_string(), "2021-01-05");
        assert!("2020-02-29".parse::<Date>().is_ok());
        for bad in ["2021-02-29", "2021-13-01", "2021-1-5", "05/01/2021", "2021-01-5x", ""] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }
}
