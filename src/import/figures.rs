//! Changed figures, by their anchors (or, their anchor lost, by their row
//! and column in a generated table: [`super::tables`]): a figure of the
//! indicator table goes back to its cell; a value baocao works out (a ratio, a phrase such as
//! "đạt 70% kế hoạch") is never frozen: the reviewer is told what the table
//! would need to give it.

use std::collections::BTreeMap;

use super::Notice;
use super::plan::{CellEdit, Plan};
use crate::error::Result;
use crate::indicators::{self, Amount, Label};
use crate::source::bookmark::{plain, text_hash};
use crate::t;

impl Plan<'_> {
    /// Changed figures: into the indicator table's cells.
    pub(super) fn figures(&mut self, notices: &mut Vec<Notice>) -> Result<()> {
        let mut wanted: BTreeMap<String, (String, String, String)> = BTreeMap::new();
        // Each figure's text, and the hash of the text it was built with
        // when its bookmark says (a figure retyped whole lost its bookmark).
        let anchored = self.reviewed.paragraphs.iter().flat_map(|p| p.figures.iter().map(move |f| (f.key.as_str(), f.text.as_str(), p.section.as_str(), f.built.as_deref())));
        let retyped = self.retyped_figures.iter().map(|(key, text, section)| (key.as_str(), text.as_str(), section.as_str(), None));
        // Labels whose every changed figure is computed and whose built
        // text is not known, while the folder changed since: their text
        // unlike today's may be the folder's doing, not the reviewer's.
        let mut unsure: BTreeMap<String, bool> = BTreeMap::new();
        for (key, text, section, built) in anchored.chain(retyped) {
            let Some(was) = self.baseline_figures.get(key) else { continue };
            let now = plain(text).trim().to_string();
            // Changed by the reviewer: unlike the text it was built with,
            // or, that unknown, unlike today's.
            let edited = built.map_or(plain(was).trim() != now, |built| text_hash(text) != built);
            if !edited || plain(was).trim() == now {
                continue;
            }
            let Some((label, _)) = key.rsplit_once('#') else { continue };
            let label = &label.to_string();
            if built.is_some_and(|built| text_hash(was) != built) {
                // Today's is not what it was built with either: changed
                // on both sides.
                self.conflicts.push(Notice {
                    office: String::new(),
                    section: section.to_string(),
                    near: now.clone(),
                    message: t!(
                        "số {label} được sửa cả trong thư mục («{}») lẫn trong DOCX («{now}»): giữ số trong thư mục; sửa bằng tay nếu cần",
                        "figure {label} changed both in the folder («{}») and in the DOCX («{now}»): the folder's stays; change it by hand if need be",
                        plain(was).trim()
                    ),
                });
                continue;
            }
            *unsure.entry(label.clone()).or_insert(true) &= built.is_none() && self.changed_since;
            match wanted.get(label) {
                Some((_, other, _)) if *other != now => notices.push(Notice {
                    office: String::new(),
                    section: section.to_string(),
                    near: now.clone(),
                    message: t!("số {label} được sửa thành hai giá trị khác nhau («{other}», «{now}»)", "figure {label} was changed to two values («{other}», «{now}»)"),
                }),
                _ => {
                    wanted.insert(label.clone(), (was.to_string(), now, section.to_string()));
                }
            }
        }
        for (label, (was, now, section)) in wanted {
            let parsed = label.parse::<Label>().ok();
            if unsure.get(&label) == Some(&true) && parsed.as_ref().and_then(Label::cell).is_none() {
                continue;
            }
            if let Some(Label::Phrase { id, filter }) = &parsed {
                let needs = self.indicators.iter().find(|i| i.id == *id).and_then(|i| figures_for(i, filter, &now));
                notices.push(Notice {
                    office: String::new(),
                    section: section.clone(),
                    near: now.clone(),
                    message: t!(
                        "chữ do {{{{ ind.{id} | {filter} }}}} tính ra bị sửa («{was}» → «{now}»): biểu thức giữ nguyên{}",
                        "text computed by {{{{ ind.{id} | {filter} }}}} was edited («{was}» → «{now}»): the expression stays{}",
                        needs.map(|n| format!("; {n}")).unwrap_or_default()
                    ),
                });
                continue;
            }
            let Some((id, key)) = parsed.as_ref().and_then(Label::cell) else {
                notices.push(Notice {
                    office: String::new(),
                    section: section.clone(),
                    near: now.clone(),
                    message: t!(
                        "số {label} do baocao tính («{was}» → «{now}»): sửa số liệu gốc trong bảng chỉ tiêu",
                        "figure {label} is computed («{was}» → «{now}»): change the figures it comes from in the indicator table"
                    ),
                });
                continue;
            };
            if let Err(e) = Amount::parse(&now) {
                notices.push(Notice {
                    office: String::new(),
                    section: section.clone(),
                    near: now.clone(),
                    message: t!("số {label} sửa thành «{now}»: {}", "figure {label} changed to «{now}»: {}", e.message),
                });
                continue;
            }
            self.edits.cells.push(CellEdit { id: id.to_string(), key, was, now });
        }
        Ok(())
    }
}

/// The figures that would give the rewritten phrase `now` of `filter`
/// (`achievement`, `excess`) for indicator `i`: for "đạt 71% kế hoạch" of a
/// ratio to 23.000, a result of about 16.330.
fn figures_for(i: &indicators::Indicator, filter: &str, now: &str) -> Option<String> {
    use crate::locale::numbers::{self, Decimals};
    let percent = now
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', ';', '.', ')']))
        .filter(|w| w.ends_with('%'))
        .find_map(|w| numbers::parse(w).ok())?
        .value;
    let target = match i.target? {
        Amount::Exact(t) => t,
        _ => return None,
    };
    let hundred = rust_decimal::Decimal::ONE_HUNDRED;
    let achieved = match (i.compare, filter.starts_with("excess")) {
        (indicators::Comparison::Ratio, false) => target * percent / hundred,
        (indicators::Comparison::Ratio, true) => target * (hundred + percent) / hundred,
        (indicators::Comparison::Points, false) => percent,
        (indicators::Comparison::Points, true) => target + percent,
    };
    let shown = numbers::format(numbers::round(achieved, 2).normalize(), Decimals::AsIs);
    Some(t!(
        "muốn vậy, ô thực hiện của {} trong bảng chỉ tiêu cần khoảng {shown} (mục tiêu {})",
        "for that, the result of {} in the indicator table would be about {shown} (target {})",
        i.id,
        numbers::format(target, Decimals::AsIs)
    ))
}
