//! The figures as templates see them, and the filters that write them in
//! Vietnamese.
//!
//! A number from the data prints as it was written ("16.100", "4,012"); an
//! empty one prints a visible placeholder and is reported as a warning, so a
//! rolled-over draft builds at once and shows what is still to fill in.
//!
//! | filter | example | gives |
//! | --- | --- | --- |
//! | `num(decimals, fixed)` | `{{ 16100 \| num }}`, `{{ x \| num(2, true) }}` | "16.100", "91,73" |
//! | `pct(decimals)` | `{{ ind.trained_labour.target \| pct }}` | "67%" |
//! | `pad` | `{{ 6 \| pad }}` | "06" (report setting `zero_pad_counts`) |
//! | `words` | `{{ 1001 \| words }}` | "một nghìn không trăm linh một" |
//! | `achievement` | `{{ ind.new_jobs \| achievement }}` | "đạt 70% kế hoạch" |
//! | `excess(basis)` | `{{ ind.investment \| excess }}` | "vượt 7,7% Nghị quyết" |
//! | `change(since)` | `{{ ind.fisheries \| change }}` | "tăng 4,5% so cùng kỳ" |
//! | `long_date`, `month_year` | `{{ report.date \| month_year }}` | "tháng 01 năm 2021" |

use std::fmt;
use std::sync::{Arc, Mutex};

use minijinja::value::{Kwargs, Object, ObjectRepr, Value};
use minijinja::{Environment, Error, ErrorKind};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::indicators::{Amount, Indicator, StatedSummary, Status, check_summary};
use crate::locale::{self, Decimals, numbers};
use crate::report::{Report, Settings};

/// What an empty figure prints.
pub const PLACEHOLDER: &str = "[chưa có số liệu]";

/// What rendering noticed: empty figures used, and (when asked to record
/// rather than fail) indicators the templates name that the table lacks.
#[derive(Debug, Default)]
pub struct Notes {
    record_missing: bool,
    empty: Mutex<Vec<String>>,
    missing: Mutex<Vec<String>>,
}

impl Notes {
    /// Notes that fail on an indicator the table lacks.
    pub fn strict() -> Arc<Notes> {
        Arc::new(Notes::default())
    }

    /// Notes that record an indicator the table lacks and go on.
    pub fn recording() -> Arc<Notes> {
        Arc::new(Notes { record_missing: true, ..Notes::default() })
    }

    fn note(list: &Mutex<Vec<String>>, what: String) {
        let mut list = list.lock().expect("notes");
        if !list.contains(&what) {
            list.push(what);
        }
    }

    /// Each empty figure a template printed, once.
    pub fn empty_figures(&self) -> Vec<String> {
        self.empty.lock().expect("notes").clone()
    }

    /// Each indicator id a template named that the table lacks, once.
    pub fn missing_indicators(&self) -> Vec<String> {
        self.missing.lock().expect("notes").clone()
    }
}

/// A figure: a number, a range, or nothing yet.
#[derive(Debug)]
struct Figure {
    value: Option<Amount>,
    /// What it is, for the warning when it is empty ("new_jobs.achieved").
    label: String,
    notes: Arc<Notes>,
}

impl Figure {
    fn value(value: Option<Amount>, label: String, notes: &Arc<Notes>) -> Value {
        Value::from_object(Figure { value, label, notes: Arc::clone(notes) })
    }

    fn number(value: Option<Decimal>, label: String, notes: &Arc<Notes>) -> Value {
        Figure::value(value.map(Amount::Exact), label, notes)
    }
}

impl Object for Figure {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn is_true(self: &Arc<Self>) -> bool {
        self.value.is_some()
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value {
            Some(amount) => f.write_str(&format_amount(amount, Decimals::AsIs)),
            None => {
                Notes::note(&self.notes.empty, self.label.clone());
                f.write_str(PLACEHOLDER)
            }
        }
    }
}

/// The anchor label of a printed value: `id.field` for a figure of the
/// indicator table.
pub(super) fn anchor_label(value: &Value) -> Option<String> {
    value.downcast_object_ref::<Figure>().map(|f| f.label.clone())
}

fn format_amount(amount: Amount, decimals: Decimals) -> String {
    match amount {
        Amount::Exact(v) => numbers::format(v, decimals),
        Amount::Range(lo, hi) => format!("{} - {}", numbers::format(lo, decimals), numbers::format(hi, decimals)),
    }
}

/// An indicator row as templates see it.
#[derive(Debug)]
struct IndicatorValue {
    indicator: Indicator,
    settings: Settings,
    notes: Arc<Notes>,
    /// The table has no such indicator (only while checking).
    missing: bool,
}

impl IndicatorValue {
    fn field(&self, name: &str) -> String {
        format!("{}.{name}", self.indicator.id)
    }

    /// A computed figure rounded as the report shows ratios.
    fn rounded(&self, value: Option<Decimal>, name: &str) -> Value {
        let value = value.map(|v| numbers::round(v, self.settings.ratio_decimals).normalize());
        Figure::number(value, self.field(name), &self.notes)
    }
}

impl Object for IndicatorValue {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = &self.indicator;
        if self.missing {
            // An indicator the table lacks (while checking): every field is
            // an empty figure, anchored, so the check can tell where the
            // text names it.
            return Some(Figure::number(None, self.field(key.as_str()?), &self.notes));
        }
        let text = |s: &str| Value::from(s.to_string());
        Some(match key.as_str()? {
            "id" => text(&i.id),
            "name" => text(&i.name),
            "short_name" => text(i.summary_name()),
            "group" => text(&i.group),
            "unit" => text(&i.unit),
            "basis" => text(&i.basis),
            "direction" => text(i.direction.key()),
            "note" => text(&i.note),
            "target" => Figure::value(i.target, self.field("target"), &self.notes),
            "achieved" => Figure::number(i.achieved, self.field("achieved"), &self.notes),
            "previous" => Figure::number(i.previous, self.field("previous"), &self.notes),
            "next_target" => Figure::value(i.next_target, self.field("next_target"), &self.notes),
            "ratio" => self.rounded(i.ratio(), "ratio"),
            "difference" => self.rounded(i.difference().map(|d| d.abs()), "difference"),
            "status" => text(i.status().label()),
            "met" => Value::from(matches!(i.status(), Status::Met | Status::Exceeded)),
            "unmet" => Value::from(i.status() == Status::NotMet),
            _ => return None,
        })
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.indicator.name)
    }
}

/// The table by id (`ind.new_jobs`).
#[derive(Debug)]
struct IndicatorMap {
    rows: Vec<Value>,
    ids: Vec<String>,
    settings: Settings,
    notes: Arc<Notes>,
}

impl Object for IndicatorMap {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let id = key.as_str()?;
        if let Some(i) = self.ids.iter().position(|x| x == id) {
            return Some(self.rows[i].clone());
        }
        if self.notes.record_missing {
            Notes::note(&self.notes.missing, id.to_string());
            let empty = Indicator { id: id.to_string(), name: format!("[{id}]"), ..placeholder_indicator() };
            return Some(Value::from_object(IndicatorValue {
                indicator: empty,
                settings: self.settings.clone(),
                notes: Arc::clone(&self.notes),
                missing: true,
            }));
        }
        Some(Value::from(Error::new(
            ErrorKind::UndefinedError,
            format!("bảng chỉ tiêu không có chỉ tiêu «{id}»"),
        )))
    }
}

fn placeholder_indicator() -> Indicator {
    Indicator {
        id: String::new(),
        group: String::new(),
        list: None,
        name: String::new(),
        short_name: None,
        unit: String::new(),
        direction: crate::indicators::Direction::AtLeast,
        basis: "kế hoạch".into(),
        target: None,
        achieved: None,
        previous: None,
        next_target: None,
        stated_ratio: None,
        note: String::new(),
        place: crate::error::Place::file(std::path::Path::new("")),
    }
}

/// The values the templates see besides `report`: `ind` (by id),
/// `indicators` (in table order), `summary` (stated counts by list key) and
/// `groups` (counts by group, in table order, and `all` for the whole table).
pub fn values(report: &Report, notes: &Arc<Notes>) -> (Value, Value, Value, Value) {
    let settings = report.facts.settings.clone();
    let rows: Vec<Value> = report
        .indicators
        .iter()
        .map(|i| {
            Value::from_object(IndicatorValue { indicator: i.clone(), settings: settings.clone(), notes: Arc::clone(notes), missing: false })
        })
        .collect();
    let ids = report.indicators.iter().map(|i| i.id.clone()).collect();
    let map = Value::from_object(IndicatorMap { rows: rows.clone(), ids, settings, notes: Arc::clone(notes) });
    let summaries: std::collections::BTreeMap<String, Value> = report
        .facts
        .summaries
        .iter()
        .map(|(key, stated)| (key.clone(), summary(key, stated, &report.indicators, notes)))
        .collect();
    (map, Value::from(rows), Value::from(summaries), groups(&report.indicators))
}

/// Counts of met and unmet indicators for each group and for the whole
/// table (`groups.all`), with their names; an indicator without a result
/// or target counts in `total` only.
fn groups(indicators: &[Indicator]) -> Value {
    let counts = |rows: &[&Indicator]| {
        let names = |wanted: fn(Status) -> bool| -> Vec<String> {
            rows.iter().filter(|i| wanted(i.status())).map(|i| i.summary_name().to_string()).collect()
        };
        let met = names(|s| matches!(s, Status::Met | Status::Exceeded));
        let unmet = names(|s| s == Status::NotMet);
        minijinja::context! {
            total => rows.len(),
            evaluated => met.len() + unmet.len(),
            met_count => met.len(),
            unmet_count => unmet.len(),
            met => met,
            unmet => unmet,
        }
    };
    let mut order: Vec<&str> = Vec::new();
    for i in indicators {
        if !order.contains(&i.group.as_str()) {
            order.push(&i.group);
        }
    }
    let mut map: std::collections::BTreeMap<String, Value> = order
        .iter()
        .map(|g| (g.to_string(), counts(&indicators.iter().filter(|i| i.group == *g).collect::<Vec<_>>())))
        .collect();
    map.insert("all".into(), counts(&indicators.iter().collect::<Vec<_>>()));
    Value::from(map)
}

/// A stated summary as templates see it: the computed count and names when
/// the table is complete, else the stated ones, else placeholders.
fn summary(key: &str, stated: &StatedSummary, indicators: &[Indicator], notes: &Arc<Notes>) -> Value {
    let check = check_summary(key, stated, indicators);
    let unmet = if check.complete { Some(check.computed_unmet) } else { stated.unmet.clone() };
    let (count, names) = match unmet {
        Some(names) => (Value::from(names.len()), Value::from(names)),
        None => {
            let label = format!("summaries.{key}.unmet");
            (Figure::number(None, label.clone(), notes), Value::from(vec![Figure::number(None, label, notes)]))
        }
    };
    minijinja::context! {
        title => stated.title.clone(),
        total => stated.total,
        unmet_count => count,
        unmet => names,
        complete => check.complete,
    }
}

/// Registers the Vietnamese formatting filters.
pub fn register(env: &mut Environment<'static>, settings: &Settings) {
    let zero_pad = settings.zero_pad_counts;
    let ratio_decimals = settings.ratio_decimals;
    env.add_filter("num", |value: Value, decimals: Option<u32>, fixed: Option<bool>| {
        let decimals = match (decimals, fixed.unwrap_or(false)) {
            (None, _) => Decimals::AsIs,
            (Some(d), true) => Decimals::Fixed(d),
            (Some(d), false) => Decimals::Trimmed(d),
        };
        amount_of(&value).map(|a| a.map_or_else(|| value.to_string(), |a| format_amount(a, decimals)))
    });
    env.add_filter("pct", |value: Value, decimals: Option<u32>| {
        let decimals = decimals.map_or(Decimals::AsIs, Decimals::Trimmed);
        amount_of(&value).map(|a| a.map_or_else(|| value.to_string(), |a| format!("{}%", format_amount(a, decimals))))
    });
    env.add_filter("pad", move |value: Value| {
        let pad = |n: Decimal| match n.fract().is_zero() {
            true => Ok(locale::pad_count(n.to_i64().unwrap_or(i64::MAX), zero_pad)),
            false => Err(Error::new(ErrorKind::InvalidOperation, format!("pad chỉ dùng cho số đếm nguyên, không cho {n}"))),
        };
        match amount_of(&value)? {
            Some(Amount::Exact(n)) => pad(n),
            Some(Amount::Range(lo, hi)) => Ok(format!("{} - {}", pad(lo)?, pad(hi)?)),
            None => Ok(value.to_string()),
        }
    });
    env.add_filter("words", |value: Value| match amount_of(&value)? {
        Some(Amount::Exact(n)) => Ok(locale::in_words(n)),
        Some(Amount::Range(lo, hi)) => Ok(format!("{} đến {}", locale::in_words(lo), locale::in_words(hi))),
        None => Ok(value.to_string()),
    });
    env.add_filter("achievement", move |value: Value| {
        phrase(&value, |i, notes| match i.ratio() {
            Some(r) => format!("đạt {}% {}", numbers::format(r, Decimals::Trimmed(ratio_decimals)), i.basis),
            None => empty_phrase(i, "ratio", notes),
        })
    });
    env.add_filter("excess", move |value: Value, kwargs: Kwargs| {
        let with_basis: bool = kwargs.get::<Option<bool>>("basis")?.unwrap_or(true);
        kwargs.assert_all_used()?;
        phrase(&value, |i, notes| match i.difference() {
            Some(d) => {
                // A difference of two percentages is exact: shown as it is
                // ("vượt 0,12%"); a ratio is rounded as the report sets.
                let shown = if i.difference_in_points() { d } else { numbers::round(d, ratio_decimals) }.normalize();
                let amount = numbers::format(shown.abs(), Decimals::AsIs);
                let basis = if with_basis { format!(" {}", i.basis) } else { String::new() };
                if shown.is_zero() {
                    format!("đạt{basis}")
                } else if shown.is_sign_positive() {
                    format!("vượt {amount}%{basis}")
                } else {
                    format!("thấp hơn {amount}%{basis}")
                }
            }
            None => empty_phrase(i, "difference", notes),
        })
    });
    env.add_filter("change", move |value: Value, since: Option<String>| {
        let since = since.unwrap_or_else(|| "so cùng kỳ".into());
        phrase(&value, |i, notes| match i.change() {
            Some(c) => {
                let shown = numbers::round(c, ratio_decimals);
                let word = if shown.is_sign_negative() && !shown.is_zero() { "giảm" } else { "tăng" };
                format!("{word} {}% {since}", numbers::format(shown.abs(), Decimals::Trimmed(ratio_decimals)))
            }
            None => empty_phrase(i, "previous", notes),
        })
    });
}

/// The number or range a filter was given: a figure from the data, a plain
/// number, or nothing (an empty figure, which keeps its placeholder).
fn amount_of(value: &Value) -> Result<Option<Amount>, Error> {
    if let Some(figure) = value.downcast_object_ref::<Figure>() {
        return Ok(figure.value);
    }
    if let Some(n) = value.as_i64() {
        return Ok(Some(Amount::Exact(Decimal::from(n))));
    }
    if let Ok(f) = f64::try_from(value.clone()) {
        return Decimal::try_from(f)
            .map(|d| Some(Amount::Exact(d.normalize())))
            .map_err(|_| Error::new(ErrorKind::InvalidOperation, format!("không viết được số {f}")));
    }
    if let Some(s) = value.as_str() {
        return numbers::parse(s)
            .map(|p| Some(Amount::Exact(p.value)))
            .map_err(|e| Error::new(ErrorKind::InvalidOperation, format!("{} ({})", e.message, e.hint)));
    }
    Err(Error::new(ErrorKind::InvalidOperation, format!("«{value}» không phải là số")))
}

fn phrase(value: &Value, write: impl FnOnce(&Indicator, &Arc<Notes>) -> String) -> Result<String, Error> {
    let Some(i) = value.downcast_object_ref::<IndicatorValue>() else {
        return Err(Error::new(ErrorKind::InvalidOperation, "bộ lọc này dùng cho một chỉ tiêu, ví dụ ind.new_jobs"));
    };
    Ok(write(&i.indicator, &i.notes))
}

fn empty_phrase(i: &Indicator, field: &str, notes: &Arc<Notes>) -> String {
    Notes::note(&notes.empty, format!("{}.{field}", i.id));
    PLACEHOLDER.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::Direction;

    fn env(settings: Settings) -> Environment<'static> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        register(&mut env, &settings);
        env
    }

    fn render(template: &str, ctx: Value) -> String {
        env(Settings::default()).render_str(template, ctx).unwrap_or_else(|e| panic!("{template}: {e:#}"))
    }

    #[test]
    fn number_filters() {
        let cases = [
            ("{{ 16100 | num }}", "16.100"),
            ("{{ 1053 | num }}", "1.053"),
            ("{{ 2021 }}", "2021"),
            ("{{ 68.5 | num }}", "68,5"),
            ("{{ 91.7273 | num(2, true) }}", "91,73"),
            ("{{ 70.0 | num(1, true) }}", "70,0"),
            ("{{ 70.04 | num(1) }}", "70"),
            ("{{ '5.030,5' | num }}", "5.030,5"),
            ("{{ 1.03 | pct }}", "1,03%"),
            ("{{ 99.125 | pct(2) }}", "99,13%"),
            ("{{ 6 | pad }}", "06"),
            ("{{ 12 | pad }}", "12"),
            ("{{ 15 | words }}", "mười lăm"),
            ("{{ 21 | words }}", "hai mươi mốt"),
            ("{{ 505 | words }}", "năm trăm linh năm"),
            ("{{ 1001 | words }}", "một nghìn không trăm linh một"),
            ("{{ 2023 | words }}", "hai nghìn không trăm hai mươi ba"),
        ];
        for (template, expected) in cases {
            assert_eq!(render(template, Value::UNDEFINED), expected, "{template}");
        }
        let unpadded = env(Settings { zero_pad_counts: false, ..Settings::default() });
        assert_eq!(unpadded.render_str("{{ 6 | pad }}", ()).unwrap(), "6");
        assert!(env(Settings::default()).render_str("{{ '68.5' | num }}", ()).is_err(), "ambiguous text is refused");
    }

    fn indicator(unit: &str, direction: Direction, basis: &str, target: Option<&str>, achieved: Option<&str>) -> Indicator {
        Indicator {
            id: "x".into(),
            unit: unit.into(),
            direction,
            basis: basis.into(),
            target: target.map(|t| Amount::Exact(t.parse().unwrap())),
            achieved: achieved.map(|a| a.parse().unwrap()),
            ..placeholder_indicator()
        }
    }

    fn phrase(template: &str, i: Indicator) -> (String, Vec<String>) {
        let notes = Notes::strict();
        let value = Value::from_object(IndicatorValue { indicator: i, settings: Settings::default(), notes: Arc::clone(&notes), missing: false });
        (render(template, minijinja::context! { i => value }), notes.empty_figures())
    }

    #[test]
    fn achievement_phrases() {
        use Direction::*;
        let cases = [
            ("{{ i | achievement }}", indicator("lao động", AtLeast, "kế hoạch", Some("23000"), Some("16100")), "đạt 70% kế hoạch"),
            ("{{ i | achievement }}", indicator("tỷ đồng", AtLeast, "so Nghị quyết", Some("1000"), Some("1053")), "đạt 105,3% so Nghị quyết"),
            ("{{ i | excess }}", indicator("tỷ đồng", AtLeast, "Nghị quyết", Some("25000"), Some("26917")), "vượt 7,7% Nghị quyết"),
            ("{{ i | excess }}", indicator("tỷ đồng", AtLeast, "dự toán", Some("11054"), Some("16470")), "vượt 49% dự toán"),
            ("{{ i | excess(basis=false) }}", indicator("%", AtLeast, "Nghị quyết", Some("99"), Some("99.12")), "vượt 0,12%"),
            ("{{ i | excess }}", indicator("%", AtLeast, "Nghị quyết", Some("7"), Some("7.36")), "vượt 0,36% Nghị quyết"),
            ("{{ i | excess }}", indicator("%", AtLeast, "Nghị quyết", Some("11"), Some("3.32")), "thấp hơn 7,68% Nghị quyết"),
            ("{{ i | excess }}", indicator("tấn", AtLeast, "kế hoạch", Some("200"), Some("200")), "đạt kế hoạch"),
            ("{{ i.status }}", indicator("%", AtMost, "Nghị quyết", Some("2.5"), Some("2")), "Vượt"),
            ("{{ i.ratio }}", indicator("tỷ đồng", AtLeast, "kế hoạch", Some("1922"), Some("1763")), "91,7"),
        ];
        for (template, i, expected) in cases {
            let (text, empty) = phrase(template, i);
            assert_eq!(text, expected, "{template}");
            assert!(empty.is_empty());
        }
        let mut fish = indicator("tấn", AtLeast, "kế hoạch", None, Some("229161"));
        fish.previous = Some("219293".parse().unwrap());
        assert_eq!(phrase("{{ i | change }}", fish).0, "tăng 4,5% so cùng kỳ");
    }

    #[test]
    fn empty_figures_print_a_placeholder_and_are_noted() {
        let (text, empty) = phrase("{{ i.achieved }}; {{ i | achievement }}", indicator("%", Direction::AtLeast, "kế hoạch", Some("5"), None));
        assert_eq!(text, format!("{PLACEHOLDER}; {PLACEHOLDER}"));
        assert_eq!(empty, ["x.achieved", "x.ratio"]);
    }
}
