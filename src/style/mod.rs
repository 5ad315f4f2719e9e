//! The design facts every writer reads, as data in the templates folder: the
//! paper formats (`formats.yaml`), the house style (`style.yaml`) and the
//! sheets the imposition prints on (`sheets.yaml`). Each is found by the
//! template lookup rule, so a report may bring its own.

mod house;
mod label;
mod page;
mod sections;
mod sheet;

pub use house::{HeadingAlign, HeadingStyle, HouseStyle, MAX_HEADING_LEVELS, STYLE_FILE};
pub use label::Label;
pub use sections::{
    ContentsStyle, CoverStyle, DraftMark, FontNames, HeaderPlace, HeadingSpacing, LineBox, ParagraphStyle, RunningHeader, TableStyle, WordLine, word_border,
};
pub use page::{FORMATS_FILE, Formats, Margins, PageFormat};
pub use sheet::{SHEETS_FILE, Sheet, Sheets};

use std::path::Path;

use crate::assets::Assets;
use crate::error::Result;
use crate::t;

/// The text of design file `name` for the report in `report_dir`, and the
/// path to show for it.
fn read(assets: &Assets, report_dir: Option<&Path>, name: &str) -> Result<(std::path::PathBuf, String)> {
    let asset = assets.require(report_dir, name)?;
    let path = asset.origin.shown();
    let source = crate::text::decode(&path, asset.bytes.into_owned())?;
    let source = crate::text::nfc(&source).into_owned();
    Ok((path, source))
}

/// Parses design file `name` (the text `source` of `path`) into a `T`;
/// every required key it lacks is told at once, each at its parent key,
/// with the way to get the complete default file.
fn parse<T: serde::de::DeserializeOwned>(path: &Path, source: &str, name: &str) -> Result<T> {
    let reference = crate::assets::default_templates().iter().find(|(n, _)| *n == name).map(|(_, bytes)| String::from_utf8_lossy(bytes)).unwrap_or_default();
    let hint = t!(
        "thêm khóa còn thiếu; tệp {name} đầy đủ có trong các mẫu có sẵn: baocao templates export THƯ_MỤC",
        "add the missing keys; the complete {name} is among the built-in templates: baocao templates export DIR"
    );
    crate::yaml::parse_complete(path, source, &reference, &hint)
}

/// The paper formats for the report in `report_dir`: its own
/// `templates/formats.yaml`, else the `--templates` one, else the default.
pub fn formats(assets: &Assets, report_dir: Option<&Path>) -> Result<Formats> {
    let (path, source) = read(assets, report_dir, FORMATS_FILE)?;
    Formats::parse(&path, &source)
}

/// The house style for the report in `report_dir`, found the same way.
pub fn house_style(assets: &Assets, report_dir: Option<&Path>) -> Result<HouseStyle> {
    let (path, source) = read(assets, report_dir, STYLE_FILE)?;
    HouseStyle::parse(&path, &source)
}

/// The default house style: `templates/style.yaml` as compiled into the
/// program (the importer knows headings by its ladder).
pub fn default_house_style() -> HouseStyle {
    let source = crate::assets::default_templates().iter().find(|(name, _)| *name == STYLE_FILE).map(|(_, bytes)| String::from_utf8_lossy(bytes)).unwrap_or_default();
    HouseStyle::parse(Path::new(STYLE_FILE), &source).expect("the compiled-in style.yaml reads (checked by its tests)")
}

/// The imposition's sheets for the report in `report_dir`, found the same
/// way.
pub fn sheets(assets: &Assets, report_dir: Option<&Path>) -> Result<Sheets> {
    let (path, source) = read(assets, report_dir, SHEETS_FILE)?;
    Sheets::parse(&path, &source)
}
