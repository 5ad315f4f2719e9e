//! The report folder: the facts of the booklet in `report.yaml` and its prose
//! in `content/*.md`.
//!
//! ```text
//! data/tra-vinh-2020/
//!   report.yaml      bodies, title, audience, place, date, years, content list,
//!                    settings, stated summary counts
//!   indicators.csv   the indicator table (or indicators.yaml), see crate::indicators
//!   content/*.md     the prose: headings, paragraphs, "-" items, {{ expressions }}
//!   templates/       optional: templates that replace the project's for this report
//! ```

mod date;
mod keys;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use date::Date;

use crate::error::{Error, Place, Result, Warning};
use crate::indicators::{self, Indicator, StatedSummary};
use crate::text;
use crate::t;

/// The name of the facts file in a report folder.
pub const FACTS_FILE: &str = "report.yaml";
/// The folder of the prose files in a report folder.
pub const CONTENT_DIR: &str = "content";

/// The facts of a booklet, as written in `report.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// The parent Party body, top left of the cover ("ĐẢNG BỘ TỈNH TRÀ VINH").
    pub parent_body: String,
    /// The body that issues the booklet ("BAN TUYÊN GIÁO TỈNH ỦY").
    pub issuing_body: String,
    /// The Party name, top right of the cover.
    #[serde(default = "default_party")]
    pub party: String,
    /// The booklet's title.
    pub title: String,
    /// A short title for the running header of the PDF; the title when
    /// absent.
    #[serde(default)]
    pub short_title: Option<String>,
    /// An emblem or logo for the cover: a PNG, JPEG or SVG file in the
    /// report folder.
    #[serde(default)]
    pub logo: Option<String>,
    /// Who the booklet is for, under the title.
    #[serde(default)]
    pub audience: Option<String>,
    /// Where it is issued ("Trà Vinh").
    pub place: String,
    /// When it is issued; also the document date of both outputs.
    pub date: Date,
    /// The year reported on.
    pub year: i32,
    /// The year planned for.
    pub plan_year: i32,
    /// The prose files under `content/`, in reading order.
    pub content: Vec<String>,
    /// How figures are written.
    #[serde(default)]
    pub settings: Settings,
    /// Summary counts the report states ("06/33 chỉ tiêu chủ yếu ... không
    /// đạt"), by the list key the indicator table uses (`main`, `task`).
    #[serde(default)]
    pub summaries: BTreeMap<String, StatedSummary>,
}

/// How the booklet is printed and how its figures are written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// The paper format, a key of `templates/formats.yaml` ("a4", "a5",
    /// "145x205").
    pub paper: String,
    /// Printed on both sides: the inner margin alternates.
    pub duplex: bool,
    /// Counts under ten take a leading zero ("06 nhiệm vụ").
    pub zero_pad_counts: bool,
    /// Decimals shown in achievement ratios and differences, trailing zeros
    /// dropped ("70%", "105,3%").
    pub ratio_decimals: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { paper: "a4".into(), duplex: false, zero_pad_counts: true, ratio_decimals: 1 }
    }
}

impl Facts {
    /// Reads the facts from `source`, the text of `path`: every unknown key
    /// first, all of them, then the values.
    pub fn parse(path: &Path, source: &str) -> Result<Facts> {
        if let Some(error) = Error::all(keys::unknown_keys(path, source)) {
            return Err(error);
        }
        crate::yaml::parse(path, source)
    }
}

fn default_party() -> String {
    "ĐẢNG CỘNG SẢN VIỆT NAM".into()
}

/// A loaded report folder.
#[derive(Debug, Clone)]
pub struct Report {
    /// The report folder.
    pub dir: PathBuf,
    /// The folder's name, which names the output files.
    pub name: String,
    /// The facts from `report.yaml`.
    pub facts: Facts,
    /// The indicator table, in its order (empty when the report has none).
    pub indicators: Vec<Indicator>,
    /// The prose files, by their name under `content/`: read, checked and
    /// normalised once, here, and shared with the template loader.
    pub prose: Arc<BTreeMap<String, String>>,
    /// What reading the files noticed: decomposed or legacy-encoded text,
    /// invisible characters.
    pub warnings: Vec<Warning>,
}

impl Report {
    /// Loads and checks the report in folder `dir`.
    pub fn load(dir: &Path) -> Result<Report> {
        if !dir.is_dir() {
            return Err(Error::input(
                Place::file(dir),
                t!("không tìm thấy thư mục báo cáo", "no such report folder"),
                Some(t!("đường dẫn phải là thư mục chứa report.yaml, ví dụ data/tra-vinh-2020", "give a folder that holds report.yaml, e.g. data/tra-vinh-2020")),
            ));
        }
        let path = dir.join(FACTS_FILE);
        let (source, mut warnings) = text::read_inspected(&path)?;
        let facts = Facts::parse(&path, &source)?;
        let indicators = match indicators::table_file(dir)? {
            Some(table) => {
                let (table_source, table_warnings) = text::read_inspected(&table)?;
                warnings.extend(table_warnings);
                indicators::table::parse(&table, &table_source)?
            }
            None => Vec::new(),
        };
        let mut report =
            Report { dir: dir.to_path_buf(), name: folder_name(dir), facts, indicators, prose: Arc::default(), warnings: Vec::new() };
        report.check_content(&path, &source)?;
        warnings.extend(report.read_prose()?);
        report.warnings = warnings;
        Ok(report)
    }

    /// Reads the prose files, inspecting them for text from the wild (see
    /// [`text::inspect`]): the errors of all files at once, or the warnings.
    fn read_prose(&mut self) -> Result<Vec<Warning>> {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut prose = BTreeMap::new();
        for name in &self.facts.content {
            match text::read_inspected(&self.content_path(name)) {
                Ok((text, mut found)) => {
                    warnings.append(&mut found);
                    prose.insert(name.clone(), text);
                }
                Err(e) => errors.push(e),
            }
        }
        self.prose = Arc::new(prose);
        match Error::all(errors) {
            Some(error) => Err(error),
            None => Ok(warnings),
        }
    }

    /// The path of prose file `name` under `content/`.
    pub fn content_path(&self, name: &str) -> PathBuf {
        self.dir.join(CONTENT_DIR).join(name)
    }

    fn check_content(&self, facts_path: &Path, source: &str) -> Result<()> {
        if self.facts.content.is_empty() {
            return Err(Error::input(
                Place::file(facts_path),
                t!("danh sách `content` trống", "the `content` list is empty"),
                Some(t!("liệt kê các tệp nội dung trong thư mục content/, ví dụ `- mo-dau.md`", "list the prose files of content/, e.g. `- mo-dau.md`")),
            ));
        }
        if let Some(logo) = &self.facts.logo {
            self.check_logo(logo, facts_path, source)?;
        }
        for name in &self.facts.content {
            let safe = !name.is_empty()
                && !name.contains(['/', '\\'])
                && name != "."
                && name != "..";
            let path = self.content_path(name);
            if safe && path.is_file() && crate::confine::confined(&path, &self.dir).is_none() {
                let offset = source.find(name.as_str()).unwrap_or(0);
                return Err(Error::input(
                    Place::of_offset(facts_path, source, offset),
                    t!("`content`: «{name}» là liên kết trỏ ra ngoài thư mục báo cáo", "`content`: «{name}» is a link leading out of the report folder"),
                    Some(t!("chép tệp vào thư mục content/ thay cho liên kết", "copy the file into content/ instead of linking it")),
                ));
            }
            if !safe || !path.is_file() {
                let offset = source.find(name.as_str()).unwrap_or(0);
                return Err(Error::input(
                    Place::of_offset(facts_path, source, offset),
                    t!("`content`: không có tệp nội dung «{name}» trong thư mục content/", "`content`: there is no prose file «{name}» in content/"),
                    Some(t!("ghi đúng tên một tệp .md nằm ngay trong thư mục content/ của báo cáo", "name a .md file right inside the report's content/ folder")),
                ));
            }
        }
        Ok(())
    }
}

impl Report {
    /// The logo must be a PNG, JPEG or SVG file inside the report folder.
    fn check_logo(&self, logo: &str, facts_path: &Path, source: &str) -> Result<()> {
        let place = Place::of_offset(facts_path, source, source.find("logo:").unwrap_or(0));
        let path = self.dir.join(logo);
        let image = Path::new(logo)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["png", "jpg", "jpeg", "svg"].contains(&e.to_lowercase().as_str()));
        if !image {
            return Err(Error::input(
                place,
                t!("`logo`: «{logo}» không phải ảnh PNG, JPEG hay SVG", "`logo`: «{logo}» is not a PNG, JPEG or SVG image"),
                None,
            ));
        }
        if crate::confine::confined(&path, &self.dir).is_none() {
            return Err(Error::input(
                place,
                t!("`logo`: không có tệp «{logo}» trong thư mục báo cáo", "`logo`: there is no file «{logo}» in the report folder"),
                Some(t!("chép ảnh vào thư mục báo cáo và ghi tên tệp, ví dụ `logo: huy-hieu.png`", "copy the image into the report folder and give its name, e.g. `logo: emblem.png`")),
            ));
        }
        Ok(())
    }
}

fn folder_name(dir: &Path) -> String {
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    canonical.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "baocao".into())
}

/// Copies the report folder `from`, with everything in it, to `to`.
pub(crate) fn copy_folder(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| Error::io(to, t!("không tạo được thư mục", "cannot make the folder"), e))?;
    let entries = std::fs::read_dir(from).map_err(|e| Error::io(from, t!("không đọc được thư mục", "cannot read the folder"), e))?;
    let mut entries: Vec<_> = entries.collect::<std::io::Result<_>>().map_err(|e| Error::io(from, t!("không đọc được thư mục", "cannot read the folder"), e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            copy_folder(&source, &target)?;
        } else {
            std::fs::copy(&source, &target).map_err(|e| Error::io(&source, t!("không chép được tệp", "cannot copy the file"), e))?;
        }
    }
    Ok(())
}
