//! Dates as official documents write them (Nghị định 30/2020/NĐ-CP, Phụ lục
//! I): a day under 10 and the months 1 and 2 take a leading zero, other
//! months do not ("ngày 05 tháng 02 năm 2021", "ngày 15 tháng 3 năm 2021").

use crate::date::Date;

/// "ngày 05 tháng 02 năm 2021".
pub fn long_date(date: Date) -> String {
    format!("ngày {:02} {}", date.day, month_year(date))
}

/// "tháng 01 năm 2021", "tháng 12 năm 2021".
pub fn month_year(date: Date) -> String {
    if date.month <= 2 {
        format!("tháng {:02} năm {}", date.month, date.year)
    } else {
        format!("tháng {} năm {}", date.month, date.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_decree_30() {
        let cases = [
            ("2021-02-05", "ngày 05 tháng 02 năm 2021", "tháng 02 năm 2021"),
            ("2021-01-15", "ngày 15 tháng 01 năm 2021", "tháng 01 năm 2021"),
            ("2021-03-09", "ngày 09 tháng 3 năm 2021", "tháng 3 năm 2021"),
            ("2023-12-31", "ngày 31 tháng 12 năm 2023", "tháng 12 năm 2023"),
        ];
        for (iso, long, short) in cases {
            let date: Date = iso.parse().unwrap();
            assert_eq!(long_date(date), long, "{iso}");
            assert_eq!(month_year(date), short, "{iso}");
        }
    }
}
