//! Paper formats: the page size, margins and type sizes both writers set the
//! booklet in, from `templates/formats.yaml`.

use std::path::Path;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Place, Result};
use crate::t;

/// The formats file in the templates folder.
pub const FORMATS_FILE: &str = "formats.yaml";

/// One paper format. Lengths in millimetres, type sizes in points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFormat {
    /// Its key in the formats file ("a4", "a5", "145x205").
    #[serde(default)]
    pub key: String,
    /// Its name for people ("A5 (148 × 210 mm)").
    pub name: String,
    /// Page width.
    pub width: f64,
    /// Page height.
    pub height: f64,
    /// The margins.
    pub margin: Margins,
    /// Distance of the page number from the top edge.
    pub header: f64,
    /// Size of the cover's Party header block.
    pub cover: f64,
    /// Body text size.
    pub body: f64,
    /// Size of tables and the running header.
    pub small: f64,
    /// Size of the cover title.
    pub title: f64,
    /// First-line indent of paragraphs.
    pub indent: f64,
}

/// Page margins; `inner` is on the binding side.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    /// Top.
    pub top: f64,
    /// Bottom.
    pub bottom: f64,
    /// The binding side: left on a one-sided page.
    pub inner: f64,
    /// The other side.
    pub outer: f64,
}

/// The formats of a formats file, in its order.
#[derive(Debug, Clone)]
pub struct Formats(IndexMap<String, PageFormat>);

impl Formats {
    /// Reads the formats file `source`, the text of `path`.
    pub fn parse(path: &Path, source: &str) -> Result<Formats> {
        let mut formats: IndexMap<String, PageFormat> = super::parse(path, source, FORMATS_FILE)?;
        for (key, format) in &mut formats {
            format.key = key.clone();
            let m = format.margin;
            if format.width - m.inner - m.outer < 50.0 || format.height - m.top - m.bottom < 50.0 || format.body <= 0.0 {
                return Err(Error::input(
                    Place::file(path),
                    t!("khổ «{key}»: lề quá rộng hoặc cỡ chữ không hợp lệ", "format «{key}»: margins too wide or a bad type size"),
                    Some(t!("vùng chữ phải rộng và cao ít nhất 50 mm", "the text area must be at least 50 mm each way")),
                ));
            }
        }
        if formats.is_empty() {
            return Err(Error::input(Place::file(path), t!("tệp khổ giấy không có khổ nào", "the formats file has no format"), None));
        }
        Ok(Formats(formats))
    }

    /// The format `key`, or an error listing the formats there are.
    pub fn get(&self, key: &str, place: &Place) -> Result<&PageFormat> {
        self.0.get(key).ok_or_else(|| {
            Error::input(
                place.clone(),
                t!("không có khổ giấy «{key}»", "there is no paper format «{key}»"),
                Some(t!("các khổ: {}", "the formats: {}", self.keys().join(", "))),
            )
        })
    }

    /// The keys, in order.
    pub fn keys(&self) -> Vec<&str> {
        self.0.keys().map(String::as_str).collect()
    }
}
