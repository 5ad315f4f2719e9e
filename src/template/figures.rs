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
//! | `achievement(basis)` | `{{ ind.new_jobs \| achievement }}`, `{{ ind.growth \| achievement }}` | "đạt 70% kế hoạch", "đạt 7,36%, vượt 0,36% so Nghị quyết" |
//! | `excess(basis)` | `{{ ind.investment \| excess }}`, `{{ ind.power \| excess(basis=false) }}` | "vượt 7,7% Nghị quyết", "vượt 0,12%" |
//! | `change(since)` | `{{ ind.fisheries \| change }}` | "tăng 4,5% so cùng kỳ" |
//! | `long_date`, `month_year` | `{{ report.date \| month_year }}` | "tháng 01 năm 2021" |

use std::fmt;
use std::sync::{Arc, Mutex};

use minijinja::value::{Object, ObjectRepr, Value};
use minijinja::{Error, ErrorKind};

use crate::indicators::{Amount, Comparison, Direction, Indicator, Label, Stated, StatedSummary, Status, check_summary, printed_figure};
use crate::locale::{self, Decimals};
use crate::t;
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

    /// Notes that figure `label` was printed empty.
    pub(super) fn empty_figure(&self, label: String) {
        Notes::note(&self.empty, label);
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
pub(super) struct Figure {
    pub(super) value: Option<Amount>,
    /// What it is, for the warning when it is empty ("new_jobs.achieved").
    label: String,
    notes: Arc<Notes>,
}

impl Figure {
    fn value(value: Option<Amount>, label: String, notes: &Arc<Notes>) -> Value {
        Value::from_object(Figure { value, label, notes: Arc::clone(notes) })
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
            Some(amount) => f.write_str(&amount.format(Decimals::AsIs)),
            None => {
                Notes::note(&self.notes.empty, self.label.clone());
                f.write_str(PLACEHOLDER)
            }
        }
    }
}

/// The anchor label of a printed value: `id.field` for a figure of the
/// indicator table, `id|filter` for a phrase computed from one
/// (`viec_lam_moi|achievement`).
pub(super) fn anchor_label(value: &Value) -> Option<String> {
    value
        .downcast_object_ref::<Figure>()
        .map(|f| f.label.clone())
        .or_else(|| value.downcast_object_ref::<Phrase>().map(|p| p.label.clone()))
}

/// A phrase computed from an indicator ("đạt 70% kế hoạch"), with the
/// expression that made it.
#[derive(Debug)]
pub(super) struct Phrase {
    pub(super) text: String,
    /// `id|filter`, with `(basis=false)` when asked.
    pub(super) label: String,
}

impl Object for Phrase {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// An indicator row as templates see it.
#[derive(Debug)]
pub(super) struct IndicatorValue {
    pub(super) indicator: Indicator,
    settings: Settings,
    pub(super) notes: Arc<Notes>,
    /// The table has no such indicator (only while checking).
    missing: bool,
}

impl IndicatorValue {
    /// The label of this indicator's value `field`.
    fn field(&self, field: &str) -> String {
        Label::Figure { id: self.indicator.id.clone(), field: field.to_string() }.to_string()
    }

    /// How the result stands against the target in the appendix: the
    /// ratio with "%" ("105,3%"), or the signed difference in points
    /// ("+0,36", "−7,68").
    fn against(&self) -> Option<String> {
        let i = &self.indicator;
        match i.compare {
            Comparison::Ratio => i.ratio_shown(self.settings.ratio_decimals).map(|r| format!("{}%", r.format(Decimals::AsIs))),
            Comparison::Points => i.difference_shown(self.settings.ratio_decimals).map(signed),
        }
    }

    /// `.ratio` of a row compared in points, which has none: an error that
    /// names what the row has instead, with its values when the figures
    /// give them.
    fn no_ratio(&self) -> Value {
        let i = &self.indicator;
        let id = &i.id;
        let decimals = self.settings.ratio_decimals;
        let shown = |value: Option<String>| value.map(|v| format!(" ({v})")).unwrap_or_default();
        let difference = shown(i.difference_shown(decimals).map(|d| d.magnitude().format(Decimals::AsIs)));
        let against = shown(self.against());
        Value::from(Error::new(
            ErrorKind::InvalidOperation,
            t!(
                "chỉ tiêu «{id}» so sánh theo điểm (đơn vị %), không có tỷ lệ: dùng ind.{id}.difference{difference}, chênh lệch không kèm dấu, hoặc ind.{id}.against{against}, có dấu + hay −; hoặc cụm `ind.{id} | achievement`",
                "indicator «{id}» is compared in points (a % unit) and has no ratio: use ind.{id}.difference{difference}, the difference without its sign, or ind.{id}.against{against}, signed; or the phrase `ind.{id} | achievement`"
            ),
        ))
    }

    /// The target as the appendix writes it: with the word of its direction
    /// ("dưới 2,5") unless it carries its own ("trên 1.000").
    fn target_label(&self) -> Option<String> {
        let i = &self.indicator;
        let target = i.target?;
        let word = match (i.direction, target) {
            (Direction::AtMost, Amount::Exact(_)) => "dưới ",
            _ => "",
        };
        Some(format!("{word}{}", target.format(Decimals::AsIs)))
    }
}

/// A difference with its sign: "+0,36", "−7,68" (a true minus), "0".
fn signed(difference: Amount) -> String {
    let value = difference.value();
    let sign = if value.is_zero() {
        ""
    } else if value.is_sign_negative() {
        "\u{2212}"
    } else {
        "+"
    };
    match difference.magnitude() {
        Amount::Qualified(q, v) => format!("{} {sign}{}", q.word, locale::numbers::format(v, Decimals::AsIs)),
        magnitude => format!("{sign}{}", magnitude.format(Decimals::AsIs)),
    }
}

impl Object for IndicatorValue {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = &self.indicator;
        if self.missing {
            // An indicator the table lacks (while checking): every field is
            // an empty figure, anchored, so the check can tell where the
            // text names it.
            return Some(Figure::value(None, self.field(key.as_str()?), &self.notes));
        }
        let text = |s: &str| Value::from(s.to_string());
        let decimals = self.settings.ratio_decimals;
        Some(match key.as_str()? {
            "id" => text(&i.id),
            "name" => text(&i.name),
            "short_name" => text(i.summary_name()),
            "group" => text(&i.group),
            "unit" => text(&i.unit),
            "basis" => text(&i.basis),
            "basis_heading" => text(&capitalised(i.basis_name())),
            "direction" => text(i.direction.key()),
            "compare" => text(i.compare.key()),
            "note" => text(&i.note),
            key if printed_figure(key).is_some() => Figure::value(i.figure(key), self.field(key), &self.notes),
            "target_label" => self.target_label().map_or(Value::from(()), Value::from),
            "ratio" if i.compare == Comparison::Points => return Some(self.no_ratio()),
            "ratio" => Figure::value(i.ratio_shown(decimals), self.field("ratio"), &self.notes),
            "difference" => Figure::value(i.difference_shown(decimals).map(Amount::magnitude), self.field("difference"), &self.notes),
            "against" => self.against().map_or(Value::from(()), Value::from),
            "status" => text(i.status().label()),
            "evaluated" => Value::from(i.status() != Status::Unknown),
            "met" => Value::from(i.status().is_met()),
            "unmet" => Value::from(i.status() == Status::NotMet),
            "in_appendix" => Value::from(i.in_appendix.unwrap_or(i.status() != Status::Unknown || (i.target.is_some() && i.achieved.is_some()))),
            _ => return None,
        })
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.indicator.name)
    }
}

/// `text` with its first letter in capitals ("kế hoạch" → "Kế hoạch");
/// the rest as written, so "HĐND" stays.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
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
            t!("bảng chỉ tiêu không có chỉ tiêu «{id}»", "the indicator table has no indicator «{id}»"),
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
        direction: Direction::AtLeast,
        compare: Comparison::Ratio,
        basis: "kế hoạch".into(),
        target: None,
        achieved: None,
        previous: None,
        next_target: None,
        stated_ratio: None,
        stated_difference: None,
        in_appendix: None,
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
        let met = names(Status::is_met);
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

/// A stated summary as templates see it: for each side (met, unmet) the
/// computed count and names when the table is complete, else the stated
/// ones, else placeholders.
fn summary(key: &str, stated: &StatedSummary, indicators: &[Indicator], notes: &Arc<Notes>) -> Value {
    let check = check_summary(key, stated, indicators);
    let side = |computed: Vec<String>, stated: &Option<Stated>, name: &str| -> (Value, Value) {
        let label = Label::Summary { key: key.to_string(), name: name.to_string() }.to_string();
        let placeholder = || Value::from(vec![Figure::value(None, label.clone(), notes)]);
        match (check.complete, stated) {
            (true, _) => (Value::from(computed.len()), Value::from(computed)),
            (false, Some(Stated::Names(names))) => (Value::from(names.len()), Value::from(names.clone())),
            (false, Some(Stated::Count(n))) => (Value::from(*n), placeholder()),
            (false, None) => (Figure::value(None, label.clone(), notes), placeholder()),
        }
    };
    let (met_count, met) = side(check.computed_met.clone(), &stated.met, "met");
    let (unmet_count, unmet) = side(check.computed_unmet.clone(), &stated.unmet, "unmet");
    minijinja::context! {
        title => stated.title.clone(),
        total => stated.total,
        met_count => met_count,
        met => met,
        unmet_count => unmet_count,
        unmet => unmet,
        complete => check.complete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::Direction;

    fn env(settings: Settings) -> minijinja::Environment<'static> {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        super::super::filters::register(&mut env, &settings);
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
            compare: Comparison::default_for(unit),
            basis: basis.into(),
            target: target.map(|t| Amount::parse(t).unwrap()),
            achieved: achieved.map(|a| Amount::parse(a).unwrap()),
            ..placeholder_indicator()
        }
    }

    fn phrase(template: &str, i: Indicator) -> (String, Vec<String>) {
        let notes = Notes::strict();
        let value = Value::from_object(IndicatorValue { indicator: i, settings: Settings::default(), notes: Arc::clone(&notes), missing: false });
        (render(template, minijinja::context! { i => value }), notes.empty_figures())
    }

    fn failure(template: &str, i: Indicator) -> String {
        let value = Value::from_object(IndicatorValue { indicator: i, settings: Settings::default(), notes: Notes::strict(), missing: false });
        let error = env(Settings::default()).render_str(template, minijinja::context! { i => value }).unwrap_err();
        error.detail().unwrap_or_default().to_string()
    }

    #[test]
    fn achievement_phrases() {
        use Direction::*;
        let cases = [
            ("{{ i | achievement }}", indicator("lao động", AtLeast, "kế hoạch", Some("23.000"), Some("16.100")), "đạt 70% kế hoạch"),
            ("{{ i | achievement(basis=false) }}", indicator("tỷ đồng", AtLeast, "kế hoạch", Some("1.000"), Some("654")), "đạt 65,4%"),
            ("{{ i | achievement }}", indicator("tỷ đồng", AtLeast, "so Nghị quyết", Some("1.000"), Some("1.053")), "đạt 105,3% so Nghị quyết"),
            ("{{ i | excess }}", indicator("tỷ đồng", AtLeast, "Nghị quyết", Some("25.000"), Some("26.917")), "vượt 7,7% Nghị quyết"),
            ("{{ i | excess }}", indicator("tỷ đồng", AtLeast, "dự toán", Some("11.054"), Some("16.470")), "vượt 49% dự toán"),
            ("{{ i | excess }}", indicator("tấn", AtLeast, "kế hoạch", Some("200"), Some("200")), "đạt kế hoạch"),
            // Rates in points.
            ("{{ i | achievement }}", indicator("%", AtLeast, "Nghị quyết", Some("7"), Some("7,36")), "đạt 7,36%, vượt 0,36% so Nghị quyết"),
            ("{{ i | achievement }}", indicator("%", AtLeast, "so Nghị quyết", Some("11"), Some("3,32")), "đạt 3,32%, thấp hơn 7,68% so Nghị quyết"),
            ("{{ i | achievement(basis=false) }}", indicator("%", AtLeast, "Nghị quyết", Some("7"), Some("7,36")), "đạt 7,36%, vượt 0,36%"),
            ("{{ i | achievement }}", indicator("%", AtLeast, "Nghị quyết", Some("30"), Some("30")), "đạt 30%, bằng Nghị quyết"),
            ("{{ i | excess(basis=false) }}", indicator("%", AtLeast, "Nghị quyết", Some("99"), Some("99,12")), "vượt 0,12%"),
            ("{{ i | excess }}", indicator("%", AtLeast, "Nghị quyết", Some("7"), Some("7,36")), "vượt 0,36% Nghị quyết"),
            ("{{ i | excess }}", indicator("%", AtLeast, "Nghị quyết", Some("11"), Some("3,32")), "thấp hơn 7,68% Nghị quyết"),
            ("{{ i.against }}", indicator("%", AtLeast, "Nghị quyết", Some("7"), Some("7,36")), "+0,36"),
            ("{{ i.against }}", indicator("%", AtLeast, "Nghị quyết", Some("11"), Some("3,32")), "\u{2212}7,68"),
            ("{{ i.against }}", indicator("tỷ đồng", AtLeast, "kế hoạch", Some("1.922"), Some("1.763")), "91,7%"),
            ("{{ i.status }}", indicator("%", AtMost, "Nghị quyết", Some("2,5"), Some("2")), "Vượt"),
            ("{{ i.target_label }}", indicator("%", AtMost, "Nghị quyết", Some("2,5"), Some("2")), "dưới 2,5"),
            ("{{ i.ratio }}", indicator("tỷ đồng", AtLeast, "kế hoạch", Some("1.922"), Some("1.763")), "91,7"),
            ("{{ i.basis_heading }}", indicator("tỷ đồng", AtLeast, "so dự toán", None, None), "Dự toán"),
            // Qualified values print with their word.
            ("{{ i.achieved | pct }}; {{ i.status }}", indicator("%", AtMost, "Nghị quyết", Some("2"), Some("dưới 2")), "dưới 2%; Vượt"),
            ("{{ i.achieved }} ({{ i | achievement }})", indicator("hộ", AtLeast, "kế hoạch", Some("1.000"), Some("trên 1.000")), "trên 1.000 (đạt trên 100% kế hoạch)"),
        ];
        for (template, i, expected) in cases {
            let (text, empty) = phrase(template, i);
            assert_eq!(text, expected, "{template}");
            assert!(empty.is_empty());
        }
        let mut fish = indicator("tấn", AtLeast, "kế hoạch", None, Some("229.161"));
        fish.previous = Some(Amount::parse("219.293").unwrap());
        assert_eq!(phrase("{{ i | change }}", fish).0, "tăng 4,5% so cùng kỳ");
        // A stated ratio prints with its own decimals.
        let mut revenue = indicator("tỷ đồng", AtLeast, "dự toán", None, None);
        revenue.stated_ratio = Some(Amount::parse("148,32").unwrap());
        assert_eq!(phrase("{{ i | achievement }}; {{ i.against }}; {{ i.status }}", revenue).0, "đạt 148,32% dự toán; 148,32%; Vượt");
    }

    #[test]
    fn ratio_differences_are_never_printed_as_points() {
        // 83% of a 91,2% target is "đạt 91% Nghị quyết", not "thấp hơn 9%".
        let mut insurance = indicator("%", Direction::AtLeast, "Nghị quyết", Some("91,2"), Some("83"));
        insurance.compare = Comparison::Ratio;
        let ok = phrase("{{ i | achievement }}", insurance.clone()).0;
        assert_eq!(ok, "đạt 91% Nghị quyết");
        assert!(failure("{{ i | excess }}", insurance).contains("achievement"));
    }

    #[test]
    fn filter_errors_say_what_is_wrong_with_which_argument() {
        let growth = indicator("%", Direction::AtLeast, "Nghị quyết", Some("7"), Some("7,36"));
        let unknown = failure("{{ i | achievement(base=false) }}", growth.clone());
        assert!(unknown.contains("base") && unknown.contains("basis"), "{unknown}");
        let wrong_type = failure("{{ i | excess(basis='no') }}", growth.clone());
        assert!(wrong_type.contains("true"), "{wrong_type}");
        let not_indicator = failure("{{ 5 | achievement }}", growth);
        assert!(not_indicator.contains("achievement") && not_indicator.contains("5"), "{not_indicator}");
        let env = env(Settings::default());
        let decimals = env.render_str("{{ 5 | num('x') }}", ()).unwrap_err();
        assert!(decimals.detail().unwrap_or_default().contains("decimals"), "{decimals:#}");
        let fixed = env.render_str("{{ 5 | num(2, 'yes') }}", ()).unwrap_err();
        assert!(fixed.detail().unwrap_or_default().contains("fixed"), "{fixed:#}");
        assert_eq!(env.render_str("{{ 91.7273 | num(2, true) }}", ()).unwrap(), "91,73");
    }

    #[test]
    fn empty_figures_print_a_placeholder_and_are_noted() {
        let (text, empty) = phrase("{{ i.achieved }}; {{ i | achievement }}", indicator("tấn", Direction::AtLeast, "kế hoạch", Some("5"), None));
        assert_eq!(text, format!("{PLACEHOLDER}; {PLACEHOLDER}"));
        assert_eq!(empty, ["x.achieved", "x.ratio"]);
    }
}
