//! The design facts both writers read, as data in the templates folder: the
//! paper formats (`formats.yaml`). Each is found by the template lookup
//! rule, so a report may bring its own.

mod page;

pub use page::{FORMATS_FILE, Formats, Margins, PageFormat};

use std::path::Path;

use crate::assets::Assets;
use crate::error::Result;

/// The paper formats for the report in `report_dir`: its own
/// `templates/formats.yaml`, else the `--templates` one, else the default.
pub fn formats(assets: &Assets, report_dir: Option<&Path>) -> Result<Formats> {
    let asset = assets.require(report_dir, FORMATS_FILE)?;
    let path = asset.origin.shown();
    let source = crate::text::decode(&path, asset.bytes.into_owned())?;
    Formats::parse(&path, &crate::text::nfc(&source))
}
