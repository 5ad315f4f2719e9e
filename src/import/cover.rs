//! The cover's edits: its paragraphs, told by their styles, go back to the
//! keys of report.yaml they print, in place.

use super::Notice;
use super::plan::Plan;
use super::read::Docx;
use crate::source::bookmark::plain;
use crate::t;

impl Plan<'_> {
    /// The cover's edits: into report.yaml's keys. The cover's paragraphs
    /// are told by their styles.
    pub(super) fn cover(&mut self, facts: &crate::report::Facts, notices: &mut Vec<Notice>) {
        let first = |docx: &Docx, style: &str| docx.paragraphs.iter().find(|p| p.style == style).map(|p| plain(&p.text));
        let keys = [("CoverHeader", "parent_body"), ("CoverIssuer", "issuing_body"), ("CoverParty", "party"), ("Title", "title"), ("Subtitle", "audience")];
        for (style, key) in keys {
            let (Some(was), Some(now)) = (first(self.baseline, style), first(self.reviewed, style)) else { continue };
            // Where the lines break is the page's doing (another paper
            // balances the title otherwise), not an edit.
            let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            if words(&was) == words(&now) {
                continue;
            }
            let lines: Vec<String> = now.split('\n').map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
            // A title given as one text is balanced onto lines by baocao:
            // it stays one text.
            let lines = if key == "title" && facts.title.lines.is_none() { vec![lines.join(" ")] } else { lines };
            self.edits.facts.push((key.to_string(), lines));
        }
        if let (Some(was), Some(now)) = (first(self.baseline, "CoverDate"), first(self.reviewed, "CoverDate"))
            && was != now
        {
            // "Trà Vinh, tháng 01 năm 2021": the place before the date.
            let place = |text: &str| text.rsplit_once(", tháng").map(|(p, d)| (p.trim().to_string(), d.trim().to_string()));
            match (place(&was), place(&now)) {
                (Some((old_place, old_date)), Some((new_place, new_date))) if old_date == new_date => {
                    if old_place != new_place {
                        self.edits.facts.push(("place".into(), vec![new_place]));
                    }
                }
                _ => notices.push(Notice {
                    office: String::new(),
                    section: String::new(),
                    near: now.clone(),
                    message: t!(
                        "dòng địa danh, ngày tháng ở bìa bị sửa («{was}» → «{now}»): sửa place và date trong report.yaml",
                        "the cover's place and date line was edited («{was}» → «{now}»): change place and date in report.yaml"
                    ),
                }),
            }
        }
    }
}
