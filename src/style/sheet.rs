//! Sheets for the saddle-stitch imposition: the standard paper the print
//! shop and the office printer have, from `templates/sheets.yaml`.

use std::path::Path;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Place, Result};
use crate::t;

/// The sheets file in the templates folder.
pub const SHEETS_FILE: &str = "sheets.yaml";

/// A sheet, landscape, in millimetres.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// Its name for people ("A4 (297 × 210 mm)").
    pub name: String,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Sheet {
    /// Whether an area `width` × `height` fits on it.
    fn holds(&self, width: f64, height: f64) -> bool {
        width <= self.width + 1e-9 && height <= self.height + 1e-9
    }
}

/// The sheets of a sheets file, smallest first.
#[derive(Debug, Clone)]
pub struct Sheets(IndexMap<String, Sheet>);

impl Sheets {
    /// Reads the sheets file `source`, the text of `path`.
    pub fn parse(path: &Path, source: &str) -> Result<Sheets> {
        let mut sheets: IndexMap<String, Sheet> = super::parse(path, source, SHEETS_FILE)?;
        sheets.sort_by(|_, a, _, b| (a.width * a.height).total_cmp(&(b.width * b.height)));
        Ok(Sheets(sheets))
    }

    /// The sheet that takes an area `width` × `height` (two pages side by
    /// side, and the room for crop marks): `wanted` (a key of the file, or
    /// a size "320x450" in millimetres, either way round) when given, else
    /// the smallest that holds it. `place` is where `wanted` was written.
    pub fn choose(&self, wanted: Option<&str>, width: f64, height: f64, place: &Place) -> Result<Sheet> {
        let too_small = |sheet: &Sheet| {
            Error::input(
                place.clone(),
                t!(
                    "tờ {} không chứa được hai trang ({:.0} × {:.0} mm cả phần dấu cắt)",
                    "sheet {} cannot take the two pages ({:.0} × {:.0} mm with any crop marks)",
                    sheet.name,
                    width,
                    height
                ),
                Some(t!("chọn tờ lớn hơn: {}", "choose a larger sheet: {}", self.keys())),
            )
        };
        let Some(wanted) = wanted else {
            return self.0.values().find(|s| s.holds(width, height)).cloned().ok_or_else(|| {
                Error::input(
                    place.clone(),
                    t!("không tờ nào trong {SHEETS_FILE} chứa được hai trang ({width:.0} × {height:.0} mm)", "no sheet of {SHEETS_FILE} takes the two pages ({width:.0} × {height:.0} mm)"),
                    Some(t!("ghi --sheet RỘNGxCAO (mm), ví dụ --sheet 500x350", "give --sheet WIDTHxHEIGHT in mm, e.g. --sheet 500x350")),
                )
            });
        };
        let sheet = match self.0.get(&wanted.to_lowercase()) {
            Some(sheet) => sheet.clone(),
            None => custom(wanted).ok_or_else(|| {
                Error::input(
                    place.clone(),
                    t!("không có tờ «{wanted}»", "there is no sheet «{wanted}»"),
                    Some(t!("các tờ: {}; hoặc một cỡ RỘNGxCAO (mm), ví dụ 320x450", "the sheets: {}; or a size WIDTHxHEIGHT in mm, e.g. 320x450", self.keys())),
                )
            })?,
        };
        if sheet.holds(width, height) { Ok(sheet) } else { Err(too_small(&sheet)) }
    }

    fn keys(&self) -> String {
        self.0.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
    }
}

/// A sheet of a size "320x450" (mm), turned landscape.
fn custom(size: &str) -> Option<Sheet> {
    let (a, b) = size.to_lowercase().split_once(['x', '×']).map(|(a, b)| (a.trim().parse::<f64>(), b.trim().parse::<f64>()))?;
    let (a, b) = (a.ok()?, b.ok()?);
    let valid = |v: f64| v.is_finite() && (50.0..=2000.0).contains(&v);
    (valid(a) && valid(b)).then(|| Sheet { name: format!("{} × {} mm", a.max(b), a.min(b)), width: a.max(b), height: a.min(b) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheets() -> Sheets {
        let source = std::str::from_utf8(crate::assets::Assets::embedded().require(None, SHEETS_FILE).unwrap().bytes.as_ref()).unwrap().to_string();
        Sheets::parse(Path::new(SHEETS_FILE), &source).unwrap()
    }

    #[test]
    fn the_smallest_standard_sheet_that_holds_two_pages_is_chosen() {
        let place = Place::file(Path::new("--sheet"));
        let s = sheets();
        assert_eq!(s.choose(None, 2.0 * 148.0, 210.0, &place).unwrap().width, 297.0, "A5 pages on A4");
        assert_eq!(s.choose(None, 2.0 * 145.0, 205.0, &place).unwrap().width, 297.0, "14,5 × 20,5 cm on A4");
        assert_eq!(s.choose(None, 2.0 * 210.0, 297.0, &place).unwrap().width, 420.0, "A4 pages on A3");
        assert_eq!(s.choose(None, 2.0 * 148.0 + 20.0, 230.0, &place).unwrap().width, 353.0, "crop marks need a larger sheet");
        assert_eq!(s.choose(Some("A3"), 296.0, 210.0, &place).unwrap().width, 420.0);
        assert_eq!(s.choose(Some("450x320"), 296.0, 210.0, &place).unwrap().height, 320.0);
        assert_eq!(s.choose(Some("320x450"), 296.0, 210.0, &place).unwrap().width, 450.0, "either way round");
        assert!(s.choose(Some("a4"), 420.0, 297.0, &place).unwrap_err().to_string().contains("a3"));
        assert!(s.choose(Some("letter"), 296.0, 210.0, &place).is_err());
    }
}
