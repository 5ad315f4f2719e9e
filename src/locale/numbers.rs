//! Numbers as Vietnamese documents write them: "." groups thousands, ","
//! marks decimals ("16.100 lao động", "68,5%", "5.030,5 tỷ đồng").
//!
//! Reading is strict, because a wrong guess would print a wrong figure in a
//! published booklet: "16.100" is sixteen thousand one hundred, "68,5" is
//! sixty-eight and a half, and "68.5" (a decimal point, or a misplaced
//! thousands dot) is refused rather than guessed.
//!
//! Rounding is half away from zero ("91,725" to two decimals is "91,73").

use rust_decimal::{Decimal, RoundingStrategy};
use crate::t;

/// Why a number could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError {
    /// What is wrong, in Vietnamese.
    pub message: String,
    /// How to write it instead.
    pub hint: String,
}

/// A number read from data: its value and whether it carried a "%".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parsed {
    /// The value, with the decimals as written ("4,012" keeps three).
    pub value: Decimal,
    /// Written with a "%" sign.
    pub percent: bool,
}

/// Reads `text` in Vietnamese notation: digits, "." between groups of three,
/// one "," before the decimals, an optional sign and "%".
pub fn parse(text: &str) -> Result<Parsed, NumberError> {
    let original = text.trim();
    let err = |message: String, hint: &str| NumberError { message, hint: hint.to_string() };
    let (body, percent) = match original.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (original, false),
    };
    let (negative, body) = match body.chars().next() {
        Some('-' | '−') => (true, body[body.chars().next().map_or(0, char::len_utf8)..].trim_start()),
        Some('+') => (false, body[1..].trim_start()),
        _ => (false, body),
    };
    if body.is_empty() {
        return Err(err(
            t!("«{original}» không phải là số", "«{original}» is not a number"),
            &t!("ghi số bằng chữ số, ví dụ 16.100 hoặc 68,5", "write it in digits, e.g. 16.100 or 68,5"),
        ));
    }
    if let Some(bad) = body.chars().find(|c| !c.is_ascii_digit() && *c != '.' && *c != ',') {
        let hint = if bad.is_whitespace() {
            t!("không để khoảng trắng trong số; nhóm hàng nghìn bằng dấu chấm, ví dụ 16.100", "no spaces in a number; group thousands with a dot, e.g. 16.100")
        } else {
            t!("chỉ dùng chữ số, dấu chấm (hàng nghìn) và dấu phẩy (thập phân)", "use only digits, dots (thousands) and a comma (decimals)")
        };
        return Err(err(t!("«{original}» không phải là số: có ký tự «{bad}»", "«{original}» is not a number: it has «{bad}»"), &hint));
    }
    let (whole, fraction) = match body.split_once(',') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    if let Some(f) = fraction
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
            return Err(err(
                t!("«{original}» không rõ nghĩa: chỉ được có một dấu phẩy thập phân, theo sau là chữ số", "«{original}» is ambiguous: one decimal comma at most, followed by digits"),
                &t!("dấu phẩy ngăn phần thập phân (68,5), dấu chấm ngăn hàng nghìn (16.100)", "a comma marks decimals (68,5), a dot groups thousands (16.100)"),
            ));
        }
    let groups: Vec<&str> = whole.split('.').collect();
    let grouped = groups.len() > 1;
    let valid_groups = !groups[0].is_empty()
        && (!grouped || groups[0].len() <= 3)
        && groups[1..].iter().all(|g| g.len() == 3);
    if !valid_groups {
        let hint = if groups.len() == 2 && fraction.is_none() {
            t!(
                "nếu là số thập phân, ghi {},{}; nếu là hàng nghìn, mỗi nhóm sau dấu chấm có đủ 3 chữ số",
                "if it is a decimal, write {},{}; if thousands, each group after a dot has 3 digits",
                groups[0],
                groups[1]
            )
        } else {
            t!("dấu chấm chỉ ngăn các nhóm 3 chữ số hàng nghìn, ví dụ 1.234.567", "a dot only groups thousands in threes, e.g. 1.234.567")
        };
        return Err(NumberError {
            message: t!("«{original}» không rõ nghĩa: dấu chấm không ngăn đúng nhóm hàng nghìn", "«{original}» is ambiguous: its dots do not group thousands"),
            hint,
        });
    }
    let digits: String = groups.concat();
    let scale = fraction.map_or(0, str::len) as u32;
    let all = format!("{digits}{}", fraction.unwrap_or(""));
    let mantissa: i128 = all.parse().map_err(|_| err(t!("«{original}» quá lớn", "«{original}» is too large"), &t!("kiểm tra lại số", "check the number")))?;
    let mut value = Decimal::try_from_i128_with_scale(mantissa, scale)
        .map_err(|_| err(t!("«{original}» quá lớn hoặc quá nhiều chữ số thập phân", "«{original}» is too large or has too many decimals"), &t!("kiểm tra lại số", "check the number")))?;
    if negative {
        value.set_sign_negative(true);
    }
    Ok(Parsed { value, percent })
}

/// Rounds half away from zero to `decimals` places.
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// How many decimals to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decimals {
    /// As many as the value has ("4,012" stays "4,012").
    AsIs,
    /// Exactly this many, rounded or padded with zeros ("70,0").
    Fixed(u32),
    /// At most this many, rounded, trailing zeros dropped ("70", "105,3").
    Trimmed(u32),
}

/// `value` in Vietnamese notation: "16.100", "5.030,5", "-0,12".
pub fn format(value: Decimal, decimals: Decimals) -> String {
    let shown = match decimals {
        Decimals::AsIs => value,
        Decimals::Fixed(d) => {
            let mut v = round(value, d);
            v.rescale(d);
            v
        }
        Decimals::Trimmed(d) => round(value, d).normalize(),
    };
    let text = shown.abs().to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::with_capacity(text.len() + 4);
    if shown.is_sign_negative() && !shown.is_zero() {
        out.push('-');
    }
    out.push_str(&group_thousands(whole));
    if let Some(f) = fraction {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// Digits with "." every three from the right.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A count padded to two digits when the report asks for it ("06 nhiệm
/// vụ", "03 kết luận"), as is the house habit of such booklets.
pub fn pad_count(n: i64, zero_pad: bool) -> String {
    if zero_pad && (0..10).contains(&n) { format!("0{n}") } else { n.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn reads_vietnamese_notation() {
        let cases = [
            ("16.100", "16100", false),
            ("68,5", "68.5", false),
            ("1,03%", "1.03", true),
            ("5.030,5", "5030.5", false),
            ("4,012", "4.012", false),
            ("1.234.567", "1234567", false),
            ("263", "263", false),
            ("-0,12", "-0.12", false),
            ("−2", "-2", false),
            ("+4,5 %", "4.5", true),
            ("0,50", "0.50", false),
        ];
        for (text, value, percent) in cases {
            let parsed = parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(parsed.value, d(value), "{text}");
            assert_eq!(parsed.value.scale(), d(value).scale(), "{text} keeps its decimals");
            assert_eq!(parsed.percent, percent, "{text}");
        }
    }

    #[test]
    fn refuses_ambiguous_and_malformed_numbers() {
        for text in ["68.5", "1.23", "16.10", "1,234.5", "12.34.567", "1,2,3", "", "%", "16 100", "abc", "1.2345", ",5", "5,"] {
            let e = parse(text).expect_err(text);
            assert!(!e.message.is_empty() && !e.hint.is_empty(), "{text}");
        }
        assert!(parse("68.5").unwrap_err().hint.contains("68,5"), "the hint shows the decimal comma");
    }

    #[test]
    fn prints_vietnamese_notation() {
        let cases = [
            ("16100", Decimals::AsIs, "16.100"),
            ("5030.5", Decimals::AsIs, "5.030,5"),
            ("4.012", Decimals::AsIs, "4,012"),
            ("1234567.891", Decimals::AsIs, "1.234.567,891"),
            ("999", Decimals::AsIs, "999"),
            ("1000", Decimals::AsIs, "1.000"),
            ("-26917", Decimals::AsIs, "-26.917"),
            ("70", Decimals::Fixed(1), "70,0"),
            ("70.04", Decimals::Trimmed(1), "70"),
            ("105.30", Decimals::Trimmed(1), "105,3"),
            ("91.7273", Decimals::Fixed(2), "91,73"),
            ("91.725", Decimals::Fixed(2), "91,73"),
            ("-91.725", Decimals::Fixed(2), "-91,73"),
            ("0.125", Decimals::Trimmed(2), "0,13"),
            ("-0.004", Decimals::Trimmed(2), "0"),
            ("7.668", Decimals::Trimmed(1), "7,7"),
        ];
        for (value, decimals, text) in cases {
            assert_eq!(format(d(value), decimals), text, "{value} {decimals:?}");
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        // 1.763 / 1.922 = 91,7273...%: public reports printed 91,72.
        let ratio = d("1763") / d("1922") * d("100");
        assert_eq!(format(ratio, Decimals::Fixed(2)), "91,73");
        assert_eq!(round(d("2.5"), 0), d("3"));
        assert_eq!(round(d("-2.5"), 0), d("-3"));
        assert_eq!(round(d("0.05"), 1), d("0.1"));
    }

    #[test]
    fn counts_are_padded_when_asked() {
        assert_eq!(pad_count(6, true), "06");
        assert_eq!(pad_count(0, true), "00");
        assert_eq!(pad_count(12, true), "12");
        assert_eq!(pad_count(6, false), "6");
    }
}
