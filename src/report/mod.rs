//! The report folder: the facts of the booklet in `report.yaml` and its prose
//! in `content/*.md`.
//!
//! ```text
//! data/tra-vinh-2020/
//!   report.yaml      bodies, title, audience, place, date, years, content list,
//!                    settings, stated summary counts
//!   indicators.csv   the indicator table (or indicators.yaml), see crate::indicators
//!   content/*.md     the prose: headings, paragraphs, "-" items, {{ expressions }}
//!   gop-y.md         the review list: the offices' comments and how each was
//!                    taken up (see review.rs)
//!   templates/       optional: templates that replace the project's for this report
//! ```

pub mod in_place;
mod outline;
mod placeholder;
pub mod review;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use outline::Outline;

use crate::date::Date;
use crate::error::{Error, Place, Result, Warning};
use crate::indicators::{self, Indicator, StatedSummary};
use crate::limits::{MAX_CONTENT_FILES, MAX_IMAGE_PIXELS, MAX_INPUT};
use crate::{files, text};
use crate::t;

/// The name of the facts file in a report folder.
pub const FACTS_FILE: &str = "report.yaml";
/// The folder of the prose files in a report folder.
pub const CONTENT_DIR: &str = "content";
/// How a prose file's draft mark begins: `baocao new-year` puts the mark
/// (a template comment, which prints nothing) on the first line of each
/// prose file it carries over; deleting the line ends the draft.
pub const DRAFT_MARK: &str = "{# BẢN NHÁP";

/// Texts read instead of files of the report folder, by path relative to
/// it (`report.yaml`, `content/ket-qua.md`): the editor's preview of what
/// is typed and not saved yet. Only ever read, never written anywhere.
pub type Overlay = BTreeMap<String, String>;

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
    /// The booklet's title: one text, whose lines on the cover baocao
    /// balances, or a list of the cover's lines.
    pub title: Title,
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
    /// The year reported on (within [`crate::date::YEARS`]).
    #[serde(deserialize_with = "crate::date::year")]
    pub year: i32,
    /// The year planned for (within [`crate::date::YEARS`]).
    #[serde(deserialize_with = "crate::date::year")]
    pub plan_year: i32,
    /// The prose files under `content/`, in reading order.
    pub content: Vec<String>,
    /// The sheet of `indicators.xlsx` (or `.ods`, `.xls`) that holds the
    /// indicator table; the first sheet when absent.
    #[serde(default)]
    pub indicators_sheet: Option<String>,
    /// How figures are written.
    #[serde(default)]
    pub settings: Settings,
    /// Summary counts the report states ("06/33 chỉ tiêu chủ yếu ... không
    /// đạt"), by the list key the indicator table uses (`main`, `task`).
    #[serde(default)]
    pub summaries: BTreeMap<String, StatedSummary>,
}

/// The title: its text, and its lines on the cover when the data gives
/// them (`title:` as a list). Templates see the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// The whole title, its lines joined by spaces.
    pub text: String,
    /// The cover's lines, when given.
    pub lines: Option<Vec<String>>,
}

impl Serialize for Title {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.text.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Title {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            One(String),
            Lines(Vec<String>),
        }
        Ok(match Written::deserialize(deserializer)? {
            Written::One(text) => Title { text, lines: None },
            Written::Lines(lines) => Title { text: lines.join(" "), lines: Some(lines) },
        })
    }
}

impl std::fmt::Display for Title {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
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

/// The keys every `report.yaml` must have.
pub const REQUIRED: [&str; 8] = ["parent_body", "issuing_body", "title", "place", "date", "year", "plan_year", "content"];

impl Facts {
    /// Reads the facts from `source`, the text of `path`: every unknown or
    /// missing key first, all of them, then the values; then every text
    /// value is checked for characters that must not be there (a YAML
    /// escape can make a control character the file's bytes do not show).
    pub fn parse(path: &Path, source: &str) -> Result<(Facts, Outline)> {
        let outline = Outline::read(path, source);
        if let Some(error) = Error::all(outline::key_errors(path, source, &outline)) {
            return Err(error);
        }
        let facts: Facts = crate::yaml::parse(path, source)?;
        let at = |key: &str| outline.value(key).unwrap_or_else(|| Place::file(path));
        let mut errors: Vec<Error> = facts.texts().into_iter().filter_map(|(key, value)| text::check_value(&at(&key), value)).collect();
        for (key, summary) in &facts.summaries {
            let sides = [("met", &summary.met), ("unmet", &summary.unmet)];
            for (side, stated) in sides {
                let count = stated.as_ref().map_or(0, indicators::Stated::count);
                if count > summary.total {
                    errors.push(Error::input(
                        at(&format!("summaries.{key}.{side}")),
                        t!(
                            "`summaries.{key}.{side}` nêu {count} chỉ tiêu, nhiều hơn tổng số {} của danh sách",
                            "`summaries.{key}.{side}` states {count} indicators, more than the list's total of {}",
                            summary.total
                        ),
                        Some(t!("kiểm tra lại `summaries.{key}.total` và danh sách", "check `summaries.{key}.total` and the list")),
                    ));
                }
            }
            if summary.total == 0 {
                errors.push(Error::input(
                    at(&format!("summaries.{key}.total")),
                    t!("`summaries.{key}.total` là 0", "`summaries.{key}.total` is 0"),
                    Some(t!("ghi tổng số chỉ tiêu của danh sách (lớn hơn 0)", "give the number of indicators in the list (above 0)")),
                ));
            }
        }
        if let Some(error) = Error::all(errors) {
            return Err(error);
        }
        Ok((facts, outline))
    }

    /// Every text value, with its path in `report.yaml` (`title`,
    /// `content[1]`, `summaries.main.unmet[0]`).
    pub fn texts(&self) -> Vec<(String, &str)> {
        let mut texts: Vec<(String, &str)> = vec![
            ("parent_body".into(), &self.parent_body),
            ("issuing_body".into(), &self.issuing_body),
            ("party".into(), &self.party),
            ("title".into(), &self.title.text),
            ("place".into(), &self.place),
        ];
        let optional = [("short_title", &self.short_title), ("logo", &self.logo), ("audience", &self.audience)];
        texts.extend(optional.into_iter().filter_map(|(k, v)| v.as_deref().map(|v| (k.to_string(), v))));
        texts.extend(self.content.iter().enumerate().map(|(i, c)| (format!("content[{i}]"), c.as_str())));
        texts.push(("settings.paper".into(), &self.settings.paper));
        for (key, summary) in &self.summaries {
            texts.push((format!("summaries.{key}.title"), &summary.title));
            for (side, stated) in [("met", &summary.met), ("unmet", &summary.unmet)] {
                let names = stated.as_ref().and_then(indicators::Stated::names).unwrap_or_default();
                texts.extend(names.iter().enumerate().map(|(i, name)| (format!("summaries.{key}.{side}[{i}]"), name.as_str())));
            }
        }
        texts
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
    /// Where each key and value of `report.yaml` is.
    pub outline: Outline,
    /// The indicator table, in its order (empty when the report has none).
    pub indicators: Vec<Indicator>,
    /// A digest of the indicator table's cells as they were read (empty
    /// when the report has none).
    pub table_digest: String,
    /// The prose files, by their name under `content/`: read, checked and
    /// normalised once, here, and shared with the template loader.
    pub prose: Arc<BTreeMap<String, String>>,
    /// What reading the files noticed: decomposed or legacy-encoded text,
    /// invisible characters.
    pub warnings: Vec<Warning>,
}

impl Report {
    /// Loads and checks the report in folder `dir`. Every file is read
    /// through [`crate::files::read`], confined to the folder.
    pub fn load(dir: &Path) -> Result<Report> {
        Report::load_with(dir, &Overlay::new())
    }

    /// Loads the report in `dir` as [`Report::load`] does, reading the
    /// texts of `overlay` instead of those files.
    pub fn load_with(dir: &Path, overlay: &Overlay) -> Result<Report> {
        if !dir.is_dir() {
            return Err(Error::input(
                Place::file(dir),
                t!("không tìm thấy thư mục báo cáo", "no such report folder"),
                Some(t!("đường dẫn phải là thư mục chứa report.yaml, ví dụ data/tra-vinh-2020", "give a folder that holds report.yaml, e.g. data/tra-vinh-2020")),
            ));
        }
        // An import killed midway is finished or undone before a byte is
        // read, and said.
        let recovered = crate::output::recover(dir)?;
        let path = dir.join(FACTS_FILE);
        if path.symlink_metadata().is_err() {
            return Err(Error::input(
                Place::file(&path),
                t!("thư mục báo cáo không có tệp report.yaml", "the report folder has no report.yaml"),
                Some(t!(
                    "bắt đầu một báo cáo mới bằng: baocao init {}",
                    "start a new report with: baocao init {}",
                    dir.display()
                )),
            ));
        }
        let (source, mut warnings) = match overlay.get(FACTS_FILE) {
            Some(typed) => text::checked(&path, typed)?,
            None => text::read_inspected(&path, dir)?,
        };
        warnings.splice(0..0, recovered);
        let (facts, outline) = Facts::parse(&path, &source)?;
        let (indicators, table_digest) = indicators::load(dir, facts.indicators_sheet.as_deref(), &mut warnings)?;
        let mut report = Report {
            dir: dir.to_path_buf(),
            name: folder_name(dir),
            facts,
            outline,
            indicators,
            table_digest,
            prose: Arc::default(),
            warnings: Vec::new(),
        };
        report.check_content(&path)?;
        warnings.extend(report.read_prose(overlay)?);
        report.warnings = warnings;
        Ok(report)
    }

    /// Whether `report.yaml` of the report in `dir` reads without error (the
    /// rest of the folder may still be wrong).
    pub fn facts_readable(dir: &Path) -> bool {
        let path = dir.join(FACTS_FILE);
        text::read_inspected(&path, dir).is_ok_and(|(source, _)| Facts::parse(&path, &source).is_ok())
    }

    /// The place of the value at `key` in `report.yaml` (`title`,
    /// `content[1]`), else the file.
    pub fn place_of(&self, key: &str) -> Place {
        self.outline.value(key).unwrap_or_else(|| Place::file(&self.dir.join(FACTS_FILE)))
    }

    /// The prose files still marked as drafts, each at the line of its
    /// mark, in reading order.
    pub fn drafts(&self) -> Vec<Place> {
        self.facts
            .content
            .iter()
            .filter_map(|name| {
                let text = self.prose.get(name)?;
                let line = text.lines().position(|l| l.trim_start().starts_with(DRAFT_MARK))?;
                Some(Place::in_text(&self.content_path(name), text, line + 1, 1))
            })
            .collect()
    }

    /// The report's slips: what it states (ratios, differences, summary
    /// counts) that its figures contradict, and the lists its table names
    /// that it does not state. Warnings for `build` and `check` alike; a
    /// final copy refuses them.
    pub fn slips(&self) -> Vec<Warning> {
        let place = |key: &str| self.outline.key(&format!("summaries.{key}")).unwrap_or_else(|| self.place_of("summaries"));
        indicators::stated_slips(&self.indicators, &self.facts.summaries, place)
    }

    /// Reads the prose files (the texts of `overlay` instead of theirs),
    /// inspecting them for text from the wild (see [`text::inspect`]): the
    /// errors of all files at once, or the warnings.
    fn read_prose(&mut self, overlay: &Overlay) -> Result<Vec<Warning>> {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut prose = BTreeMap::new();
        for (i, name) in self.facts.content.iter().enumerate() {
            let path = self.content_path(name);
            let read = match overlay.get(&format!("{CONTENT_DIR}/{name}")) {
                Some(typed) => text::checked(&path, typed),
                None => files::read(&path, &self.dir, MAX_INPUT)
                    .map_err(|refusal| refusal.into_error(&path, Some(self.place_of(&format!("content[{i}]")))))
                    .and_then(|bytes| text::decode(&path, bytes))
                    .and_then(|raw| text::checked(&path, &raw)),
            };
            match read {
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

    /// The content list: not empty, not too long, each a plain file name
    /// under `content/` named once; the logo.
    fn check_content(&self, facts_path: &Path) -> Result<()> {
        let content = &self.facts.content;
        if content.is_empty() {
            return Err(Error::input(
                self.outline.key("content").unwrap_or_else(|| Place::file(facts_path)),
                t!("danh sách `content` trống", "the `content` list is empty"),
                Some(t!("liệt kê các tệp nội dung trong thư mục content/, ví dụ `- mo-dau.md`", "list the prose files of content/, e.g. `- mo-dau.md`")),
            ));
        }
        if content.len() > MAX_CONTENT_FILES {
            return Err(Error::input(
                self.outline.key("content").unwrap_or_else(|| Place::file(facts_path)),
                t!(
                    "danh sách `content` có {} tệp, quá giới hạn {MAX_CONTENT_FILES}",
                    "the `content` list names {} files, past the limit of {MAX_CONTENT_FILES}",
                    content.len()
                ),
                Some(t!("một tài liệu chỉ cần vài tệp nội dung", "a booklet needs a few prose files")),
            ));
        }
        let mut errors = Vec::new();
        for (i, name) in content.iter().enumerate() {
            let place = self.place_of(&format!("content[{i}]"));
            if let Some(first) = content[..i].iter().position(|earlier| earlier == name) {
                errors.push(Error::input(
                    place,
                    t!("`content`: tệp «{name}» đã có ở mục thứ {}", "`content`: «{name}» is listed already, as entry {}", first + 1),
                    Some(t!("mỗi tệp nội dung ghi một lần", "name each prose file once")),
                ));
                continue;
            }
            let safe = !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != "..";
            if !safe || self.content_path(name).symlink_metadata().is_err() {
                errors.push(Error::input(
                    place,
                    t!("`content`: không có tệp nội dung «{name}» trong thư mục content/", "`content`: there is no prose file «{name}» in content/"),
                    Some(t!("ghi đúng tên một tệp .md nằm ngay trong thư mục content/ của báo cáo", "name a .md file right inside the report's content/ folder")),
                ));
            }
        }
        if let Some(error) = Error::all(errors) {
            return Err(error);
        }
        if let Some(logo) = &self.facts.logo {
            self.check_logo(logo)?;
        }
        Ok(())
    }

    /// The logo must be a PNG, JPEG or SVG file inside the report folder,
    /// of at most [`MAX_IMAGE_PIXELS`] pixels (read from its header, before
    /// anything decodes it).
    fn check_logo(&self, logo: &str) -> Result<()> {
        let place = self.place_of("logo");
        let path = self.dir.join(logo);
        let extension = Path::new(logo).extension().and_then(|e| e.to_str()).map(str::to_lowercase).unwrap_or_default();
        if !["png", "jpg", "jpeg", "svg"].contains(&extension.as_str()) {
            return Err(Error::input(
                place,
                t!("`logo`: «{logo}» không phải ảnh PNG, JPEG hay SVG", "`logo`: «{logo}» is not a PNG, JPEG or SVG image"),
                None,
            ));
        }
        let bytes = match files::read(&path, &self.dir, MAX_INPUT) {
            Ok(bytes) => bytes,
            Err(files::Refusal::Missing) => {
                return Err(Error::input(
                    place,
                    t!("`logo`: không có tệp «{logo}» trong thư mục báo cáo", "`logo`: there is no file «{logo}» in the report folder"),
                    Some(t!("chép ảnh vào thư mục báo cáo và ghi tên tệp, ví dụ `logo: huy-hieu.png`", "copy the image into the report folder and give its name, e.g. `logo: emblem.png`")),
                ));
            }
            Err(refusal) => return Err(refusal.into_error(&path, Some(place))),
        };
        if extension != "svg" {
            let size = imagesize::blob_size(&bytes).map_err(|_| {
                Error::input(place.clone(), t!("`logo`: «{logo}» không đọc được như một ảnh", "`logo`: «{logo}» cannot be read as an image"), None)
            })?;
            let pixels = size.width as u64 * size.height as u64;
            if pixels > MAX_IMAGE_PIXELS {
                return Err(Error::input(
                    place,
                    t!(
                        "`logo`: ảnh {} × {} điểm ảnh, quá giới hạn {} triệu điểm ảnh",
                        "`logo`: a {} × {} image, past the limit of {} megapixels",
                        size.width,
                        size.height,
                        MAX_IMAGE_PIXELS / 1_000_000
                    ),
                    Some(t!("thu nhỏ ảnh (vài trăm điểm ảnh mỗi chiều là đủ cho bìa)", "scale the image down (a few hundred pixels each way is plenty for a cover)")),
                ));
            }
        }
        Ok(())
    }
}

/// The name of report folder `dir`, which names its output files.
pub fn folder_name(dir: &Path) -> String {
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    canonical.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "baocao".into())
}

/// Copies the report folder `from` to `to`, which must not lie inside
/// it: regular files and folders only, each read through
/// [`crate::files::read`]; a link or a special file is left out, and named
/// in the warnings returned.
pub(crate) fn copy_folder(from: &Path, to: &Path) -> Result<Vec<Warning>> {
    refuse_inside(from, to)?;
    let mut skipped = Vec::new();
    copy_tree(from, from, to, &mut skipped)?;
    Ok(skipped)
}

/// Refuses a target folder `to` inside the source folder `from`, every
/// link followed (also through parents of `to` that do not exist yet):
/// copying it into itself would never end.
pub(crate) fn refuse_inside(from: &Path, to: &Path) -> Result<()> {
    let (Ok(real_from), Ok(real_to)) = (from.canonicalize(), crate::output::real_path(to)) else { return Ok(()) };
    if real_to.starts_with(&real_from) {
        return Err(Error::input(
            Place::file(to),
            t!("thư mục đích nằm trong thư mục nguồn ({}): không chép được thư mục vào chính nó", "the target folder lies inside the source folder ({}): a folder cannot be copied into itself", real_from.display()),
            Some(t!("chọn thư mục đích bên cạnh, ví dụ data/tra-vinh-2021", "choose a folder beside it, e.g. data/tra-vinh-2021")),
        ));
    }
    Ok(())
}

fn copy_tree(root: &Path, from: &Path, to: &Path, skipped: &mut Vec<Warning>) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| Error::io(to, t!("không tạo được thư mục", "cannot make the folder"), e))?;
    let entries = std::fs::read_dir(from).map_err(|e| Error::io(from, t!("không đọc được thư mục", "cannot read the folder"), e))?;
    let mut entries: Vec<_> = entries.collect::<std::io::Result<_>>().map_err(|e| Error::io(from, t!("không đọc được thư mục", "cannot read the folder"), e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().map_err(|e| Error::io(&source, t!("không đọc được", "cannot read"), e))?;
        if kind.is_dir() {
            copy_tree(root, &source, &target, skipped)?;
        } else if kind.is_file() {
            match files::read(&source, root, MAX_INPUT) {
                Ok(bytes) => crate::output::write_atomic(&target, &bytes)?,
                Err(refusal) => skipped.push(Warning::new(Place::file(&source), refusal.reason(), None)),
            }
        } else {
            let what = if kind.is_symlink() { t!("là liên kết: không chép", "is a link: not copied") } else { t!("không phải tệp thường: không chép", "is not a regular file: not copied") };
            skipped.push(Warning::new(Place::file(&source), what, Some(t!("chép tệp thật vào thư mục mới nếu cần", "copy the real file into the new folder if it is needed"))));
        }
    }
    Ok(())
}
