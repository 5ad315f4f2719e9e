//! Numbers in words, as Vietnamese reads them: "mười lăm", "hai mươi mốt",
//! "năm trăm linh năm", "một nghìn không trăm linh một". Amounts in words
//! appear in official texts beside the figures.

use rust_decimal::Decimal;

const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
const SCALES: [&str; 4] = ["", "nghìn", "triệu", "tỷ"];

/// `n` in words: 21 "hai mươi mốt", 2023 "hai nghìn không trăm hai mươi ba".
pub fn integer_in_words(n: i128) -> String {
    if n == 0 {
        return DIGITS[0].to_string();
    }
    if n < 0 {
        return format!("âm {}", integer_in_words(-n));
    }
    // Above a thousand billion the scale words repeat: "nghìn tỷ", "triệu tỷ".
    let billions = n / 1_000_000_000;
    let rest = n % 1_000_000_000;
    let mut parts = Vec::new();
    if billions > 0 {
        parts.push(format!("{} tỷ", integer_in_words(billions)));
    }
    if rest > 0 {
        parts.push(below_billion(rest, billions > 0));
    }
    parts.join(" ")
}

/// `n` (under a billion) in words; `inner` when a higher part was said, so
/// that leading zeros are read ("không trăm linh một").
fn below_billion(n: i128, inner: bool) -> String {
    let groups = [(n / 1_000_000) % 1000, (n / 1000) % 1000, n % 1000];
    let mut words = Vec::new();
    let mut said = inner;
    for (i, group) in groups.iter().enumerate() {
        if *group == 0 {
            continue;
        }
        words.push(hundreds(*group as usize, said));
        let scale = SCALES[2 - i];
        if !scale.is_empty() {
            words.push(scale.to_string());
        }
        said = true;
    }
    words.join(" ")
}

/// A group of three digits; `full` reads its leading zeros.
fn hundreds(n: usize, full: bool) -> String {
    let (h, t, u) = (n / 100, (n / 10) % 10, n % 10);
    let mut w: Vec<&str> = Vec::new();
    if h > 0 || full {
        w.extend([DIGITS[h], "trăm"]);
    }
    match t {
        0 if u > 0 && (h > 0 || full) => w.push("linh"),
        0 => {}
        1 => w.push("mười"),
        _ => w.extend([DIGITS[t], "mươi"]),
    }
    match u {
        0 => {}
        1 if t >= 2 => w.push("mốt"),
        5 if t >= 1 => w.push("lăm"),
        _ => w.push(DIGITS[u]),
    }
    w.join(" ")
}

/// The ordinal of `n` (from 1) in words, as parts of a report are
/// numbered: "thứ nhất", "thứ hai", "thứ ba", "thứ tư", "thứ năm", ...,
/// "thứ mười", "thứ mười một".
pub fn ordinal_in_words(n: usize) -> String {
    match n {
        1 => "thứ nhất".into(),
        4 => "thứ tư".into(),
        n => format!("thứ {}", integer_in_words(n as i128)),
    }
}

/// A decimal in words, the decimals read digit group as a number after
/// "phẩy": 68,5 "sáu mươi tám phẩy năm", 1,03 "một phẩy không ba".
pub fn in_words(value: Decimal) -> String {
    let text = value.abs().to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = integer_in_words(whole.parse().unwrap_or(0));
    if value.is_sign_negative() && !value.is_zero() {
        out = format!("âm {out}");
    }
    if let Some(f) = fraction {
        // Leading zeros are read one by one, the rest as a number.
        let zeros = f.len() - f.trim_start_matches('0').len();
        let mut words: Vec<String> = vec!["phẩy".into()];
        words.extend(std::iter::repeat_n(DIGITS[0].to_string(), zeros));
        let rest = &f[zeros..];
        if !rest.is_empty() {
            words.push(integer_in_words(rest.parse().unwrap_or(0)));
        }
        out = format!("{out} {}", words.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_read_as_vietnamese_reads_them() {
        let cases = [
            (0, "không"),
            (1, "một"),
            (5, "năm"),
            (10, "mười"),
            (11, "mười một"),
            (15, "mười lăm"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (24, "hai mươi bốn"),
            (25, "hai mươi lăm"),
            (100, "một trăm"),
            (105, "một trăm linh năm"),
            (110, "một trăm mười"),
            (115, "một trăm mười lăm"),
            (505, "năm trăm linh năm"),
            (1000, "một nghìn"),
            (1001, "một nghìn không trăm linh một"),
            (1010, "một nghìn không trăm mười"),
            (1053, "một nghìn không trăm năm mươi ba"),
            (2023, "hai nghìn không trăm hai mươi ba"),
            (16_100, "mười sáu nghìn một trăm"),
            (1_000_001, "một triệu không trăm linh một"),
            (2_500_000, "hai triệu năm trăm nghìn"),
            (1_000_000_000, "một tỷ"),
            (5_000_000_000_005, "năm nghìn tỷ không trăm linh năm"),
            (-21, "âm hai mươi mốt"),
        ];
        for (n, words) in cases {
            assert_eq!(integer_in_words(n), words, "{n}");
        }
    }

    #[test]
    fn ordinals_number_parts() {
        let words: Vec<String> = (1..=11).map(ordinal_in_words).collect();
        assert_eq!(
            words,
            ["thứ nhất", "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "thứ tám", "thứ chín", "thứ mười", "thứ mười một"]
        );
        assert_eq!(ordinal_in_words(21), "thứ hai mươi mốt");
    }

    #[test]
    fn decimals_are_read_after_phay() {
        let cases = [("68.5", "sáu mươi tám phẩy năm"), ("1.03", "một phẩy không ba"), ("4.012", "bốn phẩy không mười hai")];
        for (value, words) in cases {
            assert_eq!(in_words(value.parse().unwrap()), words, "{value}");
        }
    }
}
