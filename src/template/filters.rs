//! The Vietnamese formatting filters the templates write figures with:
//! numbers in Vietnamese notation, percentages, counts padded and in
//! words, and the phrases of an indicator ("đạt 70% kế hoạch", "vượt 49%
//! dự toán"), each anchored with the expression that made it.

use std::sync::Arc;

use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::figures::{Figure, IndicatorValue, Notes, PLACEHOLDER, Phrase};
use crate::indicators::{Amount, Comparison, Indicator, Label};
use crate::locale::{self, Decimals};
use crate::report::Settings;
use crate::t;

/// A filter's error, in the message language.
fn filter_error(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

/// The `basis` argument of filter `filter`: true unless given; any other
/// argument is refused by name.
fn basis_argument(filter: &str, kwargs: &Kwargs) -> Result<bool, Error> {
    if let Some(unknown) = kwargs.args().find(|a| *a != "basis") {
        return Err(filter_error(t!(
            "bộ lọc {filter} không có đối số «{unknown}»; đối số có: basis (true hoặc false)",
            "filter {filter} has no argument «{unknown}»; its argument: basis (true or false)"
        )));
    }
    let with_basis = kwargs.get::<Option<bool>>("basis").map_err(|_| {
        filter_error(t!(
            "đối số basis của bộ lọc {filter} phải là true hoặc false",
            "argument basis of filter {filter} must be true or false"
        ))
    })?;
    kwargs.assert_all_used()?;
    Ok(with_basis.unwrap_or(true))
}

/// The most decimals a figure is shown with.
const MAX_DECIMALS: u32 = 6;

/// The `decimals` argument of filter `filter`: a whole number from 0 to
/// [`MAX_DECIMALS`], when given.
fn decimals_argument(filter: &str, value: Option<Value>) -> Result<Option<u32>, Error> {
    let Some(value) = value else { return Ok(None) };
    match value.as_i64().and_then(|n| u32::try_from(n).ok()).filter(|n| *n <= MAX_DECIMALS) {
        Some(n) => Ok(Some(n)),
        None => Err(filter_error(t!(
            "đối số decimals (số chữ số thập phân) của bộ lọc {filter} phải là số nguyên từ 0 đến {MAX_DECIMALS}, không phải «{value}»",
            "argument decimals of filter {filter} must be a whole number from 0 to {MAX_DECIMALS}, not «{value}»"
        ))),
    }
}

/// The true-or-false argument `name` of filter `filter`: false unless
/// given.
fn flag_argument(filter: &str, name: &str, value: Option<Value>) -> Result<bool, Error> {
    match value {
        None => Ok(false),
        Some(v) if v.kind() == minijinja::value::ValueKind::Bool => Ok(v.is_true()),
        Some(v) => Err(filter_error(t!(
            "đối số {name} của bộ lọc {filter} phải là true hoặc false, không phải «{v}»",
            "argument {name} of filter {filter} must be true or false, not «{v}»"
        ))),
    }
}

/// The unit written after a figure: "%" close up, any other after a space.
fn unit_suffix(unit: &str) -> String {
    match unit.trim() {
        "%" => "%".into(),
        "" => String::new(),
        unit => format!(" {unit}"),
    }
}

/// Registers the Vietnamese formatting filters.
pub fn register(env: &mut Environment<'static>, settings: &Settings) {
    let zero_pad = settings.zero_pad_counts;
    let ratio_decimals = settings.ratio_decimals;
    env.add_filter("num", |value: Value, decimals: Option<Value>, fixed: Option<Value>| {
        let decimals = match (decimals_argument("num", decimals)?, flag_argument("num", "fixed", fixed)?) {
            (None, _) => Decimals::AsIs,
            (Some(d), true) => Decimals::Fixed(d),
            (Some(d), false) => Decimals::Trimmed(d),
        };
        amount_of("num", &value).map(|a| a.map_or_else(|| value.to_string(), |a| a.format(decimals)))
    });
    env.add_filter("pct", |value: Value, decimals: Option<Value>| {
        let decimals = decimals_argument("pct", decimals)?.map_or(Decimals::AsIs, Decimals::Trimmed);
        amount_of("pct", &value).map(|a| a.map_or_else(|| value.to_string(), |a| format!("{}%", a.format(decimals))))
    });
    env.add_filter("pad", move |value: Value| {
        let pad = |n: Decimal| match n.fract().is_zero() {
            true => Ok(locale::pad_count(n.to_i64().unwrap_or(i64::MAX), zero_pad)),
            false => Err(filter_error(t!("pad chỉ dùng cho số đếm nguyên, không cho {n}", "pad is for whole counts, not for {n}"))),
        };
        match amount_of("pad", &value)? {
            Some(Amount::Exact(n)) => pad(n),
            Some(Amount::Range(lo, hi)) => Ok(format!("{} - {}", pad(lo)?, pad(hi)?)),
            Some(Amount::Qualified(q, n)) => Ok(format!("{} {}", q.word, pad(n)?)),
            None => Ok(value.to_string()),
        }
    });
    env.add_filter("words", |value: Value| match amount_of("words", &value)? {
        Some(Amount::Exact(n)) => Ok(locale::in_words(n)),
        Some(Amount::Range(lo, hi)) => Ok(format!("{} đến {}", locale::in_words(lo), locale::in_words(hi))),
        Some(Amount::Qualified(q, n)) => Ok(format!("{} {}", q.word, locale::in_words(n))),
        None => Ok(value.to_string()),
    });
    env.add_filter("achievement", move |value: Value, kwargs: Kwargs| {
        let with_basis = basis_argument("achievement", &kwargs)?;
        let name = if with_basis { "achievement" } else { "achievement(basis=false)" };
        phrase(name, &value, |i, notes| achievement(i, with_basis, ratio_decimals, notes))
    });
    env.add_filter("excess", move |value: Value, kwargs: Kwargs| {
        let with_basis = basis_argument("excess", &kwargs)?;
        let name = if with_basis { "excess" } else { "excess(basis=false)" };
        phrase(name, &value, |i, notes| excess(i, with_basis, ratio_decimals, notes))
    });
    env.add_filter("change", move |value: Value, since: Option<String>| {
        let since = since.unwrap_or_else(|| "so cùng kỳ".into());
        phrase("change", &value, |i, notes| {
            Ok(match i.change() {
                Some(c) => {
                    let shown = c.rounded(ratio_decimals);
                    let word = if shown.value().is_sign_negative() && !shown.value().is_zero() { "giảm" } else { "tăng" };
                    format!("{word} {}% {since}", shown.magnitude().format(Decimals::AsIs))
                }
                None => empty_phrase(i, "previous", notes),
            })
        })
    });
}

/// "đạt 70% kế hoạch" for a ratio; "đạt 7,36%, vượt 0,36% so Nghị quyết"
/// for points. Without the basis: "đạt 70%", "đạt 7,36%, vượt 0,36%".
fn achievement(i: &Indicator, with_basis: bool, decimals: u32, notes: &Arc<Notes>) -> Result<String, Error> {
    Ok(match i.compare {
        Comparison::Ratio => match i.ratio_shown(decimals) {
            Some(r) if with_basis => format!("đạt {}% {}", r.format(Decimals::AsIs), i.basis),
            Some(r) => format!("đạt {}%", r.format(Decimals::AsIs)),
            None => empty_phrase(i, "ratio", notes),
        },
        Comparison::Points => {
            let unit = unit_suffix(&i.unit);
            let Some(achieved) = i.achieved else { return Ok(empty_phrase(i, "achieved", notes)) };
            let reached = format!("đạt {}{unit}", achieved.format(Decimals::AsIs));
            match i.difference_shown(decimals) {
                Some(d) => {
                    let so = if with_basis { format!(" so {}", i.basis_name()) } else { String::new() };
                    match difference_words(d) {
                        Some(words) => format!("{reached}, {words}{unit}{so}"),
                        None if with_basis => format!("{reached}, bằng {}", i.basis_name()),
                        None => reached,
                    }
                }
                None => format!("{reached}, {}", empty_phrase(i, "target", notes)),
            }
        }
    })
}

/// "vượt 7,7% Nghị quyết", "thấp hơn 30% kế hoạch", "vượt 0,12%". A
/// percentage compared as a ratio has no such phrase: "thấp hơn 9%" for
/// 91% of a 91,2% target would read as points.
fn excess(i: &Indicator, with_basis: bool, decimals: u32, notes: &Arc<Notes>) -> Result<String, Error> {
    if i.compare == Comparison::Ratio && i.unit.trim() == "%" {
        return Err(filter_error(t!(
            "excess: chỉ tiêu «{}» là tỷ lệ phần trăm so sánh bằng tỷ lệ; «vượt/thấp hơn ...%» sẽ bị đọc nhầm là điểm %",
            "excess: indicator «{}» is a percentage compared as a ratio; «vượt/thấp hơn ...%» would read as points",
            i.id
        ) + &t!(" (dùng {{{{ ind.{} | achievement }}}})", " (use {{{{ ind.{} | achievement }}}})", i.id)));
    }
    let basis = if with_basis { format!(" {}", i.basis) } else { String::new() };
    Ok(match i.difference_shown(decimals) {
        Some(d) => match difference_words(d) {
            Some(words) => format!("{words}%{basis}"),
            None => format!("đạt{basis}"),
        },
        None => empty_phrase(i, "difference", notes),
    })
}

/// "vượt 0,36", "thấp hơn 7,68" for a difference; none for zero.
fn difference_words(difference: Amount) -> Option<String> {
    let value = difference.value();
    if value.is_zero() && difference.is_exact() {
        return None;
    }
    let word = if value.is_sign_negative() { "thấp hơn" } else { "vượt" };
    Some(format!("{word} {}", difference.magnitude().format(Decimals::AsIs)))
}

/// The number or range a filter was given: a figure from the data, a plain
/// number, or nothing (an empty figure, which keeps its placeholder).
fn amount_of(filter: &str, value: &Value) -> Result<Option<Amount>, Error> {
    if let Some(figure) = value.downcast_object_ref::<Figure>() {
        return Ok(figure.value);
    }
    if let Some(n) = value.as_i64() {
        return Ok(Some(Amount::Exact(Decimal::from(n))));
    }
    if let Ok(f) = f64::try_from(value.clone()) {
        return Decimal::try_from(f)
            .map(|d| Some(Amount::Exact(d.normalize())))
            .map_err(|_| filter_error(t!("bộ lọc {filter}: không viết được số {f}", "filter {filter}: cannot write the number {f}")));
    }
    if let Some(s) = value.as_str() {
        return Amount::parse(s)
            .map(Some)
            .map_err(|e| filter_error(t!("bộ lọc {filter}: {} ({})", "filter {filter}: {} ({})", e.message, e.hint)));
    }
    Err(filter_error(t!("bộ lọc {filter} cần một số, không phải «{value}»", "filter {filter} needs a number, not «{value}»")))
}

/// The phrase filter `filter` (`label` its name with its arguments) writes
/// for indicator `value`, anchored with the expression.
fn phrase(filter: &str, value: &Value, write: impl FnOnce(&Indicator, &Arc<Notes>) -> Result<String, Error>) -> Result<Value, Error> {
    let Some(i) = value.downcast_object_ref::<IndicatorValue>() else {
        return Err(filter_error(t!(
            "bộ lọc {filter} dùng cho một chỉ tiêu, ví dụ ind.viec_lam_moi, không cho «{value}»",
            "filter {filter} applies to an indicator, e.g. ind.viec_lam_moi, not to «{value}»"
        )));
    };
    let text = write(&i.indicator, &i.notes)?;
    Ok(Value::from_object(Phrase { text, label: Label::Phrase { id: i.indicator.id.clone(), filter: filter.to_string() }.to_string() }))
}

fn empty_phrase(i: &Indicator, field: &str, notes: &Arc<Notes>) -> String {
    notes.empty_figure(format!("{}.{field}", i.id));
    PLACEHOLDER.to_string()
}

