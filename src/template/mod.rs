//! Templates: minijinja turns the report into the booklet's Markdown.
//!
//! The skeleton (`booklet.md`), the cover (`cover.md`) and the appendix
//! (`indicator-table.md`) are found by the lookup rule of [`crate::assets`]
//! (the report's own `templates/`, then `--templates`, then the defaults).
//! The prose files under `content/` are templates too, so they can say
//! `{{ report.year }}`.
//!
//! Undefined names are errors (a misspelt name must not print nothing), and
//! every value a template prints is escaped for Markdown, so data can never
//! turn into markup (see [`escape`]). Every line of the output knows the
//! file and line it came from (see [`provenance`]), and every figure from
//! the indicator table is marked with what it is (see
//! [`crate::source::anchor`]).

pub mod depth;
mod escape;
pub mod figures;
mod filters;
pub mod provenance;
pub mod unfinished;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use minijinja::{Environment, ErrorKind, UndefinedBehavior, Value, context};

pub use escape::escape_markdown;

use self::figures::Notes;
use self::provenance::Instrumented;
use crate::assets::Assets;
use crate::date::Date;
use crate::error::{Error, Place, Result};
use crate::limits::{MAX_BOOKLET_TEXT, TEMPLATE_FUEL, TEMPLATE_RECURSION};
use crate::locale;
use crate::report::{CONTENT_DIR, Report};
use crate::source::{Origin, SourceMap};
use crate::t;

/// The template every booklet starts from.
pub const BOOKLET_TEMPLATE: &str = "booklet.md";

/// What the templates made: the booklet Markdown, the origin of each of
/// its lines, and the files they came from.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The booklet Markdown, figures still marked (see
    /// [`crate::source::anchor`]).
    pub markdown: String,
    /// The origin of each line of `markdown`.
    pub origins: Vec<Option<Origin>>,
    /// The files the origins point into.
    pub sources: SourceMap,
}

/// Where template names lead and what was read: the template lookup, the
/// report's prose (already read with the report), and each file loaded
/// with its line markers.
struct Loader {
    assets: Assets,
    report_dir: PathBuf,
    prose: Arc<BTreeMap<String, String>>,
    loaded: Mutex<Loaded>,
}

#[derive(Default)]
struct Loaded {
    sources: SourceMap,
    instrumented: BTreeMap<String, (u32, Instrumented)>,
}

impl Loader {
    /// The template `name`, marked line by line; `None` when there is none.
    fn load(&self, name: &str) -> Result<Option<String>> {
        let (path, text) = match name.strip_prefix(CONTENT_DIR).and_then(|rest| rest.strip_prefix('/')) {
            Some(file) => match self.prose.get(file) {
                Some(text) => (self.report_dir.join(CONTENT_DIR).join(file), text.clone()),
                None => return Ok(None),
            },
            None => {
                let Some(asset) = self.assets.lookup(Some(&self.report_dir), name)? else { return Ok(None) };
                let path = asset.origin.shown();
                let (text, _) = crate::text::checked(&path, &crate::text::decode(&path, asset.bytes.into_owned())?)?;
                (path, text)
            }
        };
        depth::check(&path, &text)?;
        let mut loaded = self.loaded.lock().expect("loader");
        let file = loaded.sources.add(&path, Arc::from(text.as_str()));
        let instrumented = provenance::instrument(&text, file);
        let marked = instrumented.text.clone();
        loaded.instrumented.insert(name.to_string(), (file, instrumented));
        Ok(Some(marked))
    }

    /// The place of byte `offset` of the marked template `name`, or of its
    /// line `line`.
    fn place(&self, name: &str, offset: Option<usize>, line: Option<usize>) -> Place {
        let loaded = self.loaded.lock().expect("loader");
        let Some((file, instrumented)) = loaded.instrumented.get(name) else {
            return Place::file(Path::new(name));
        };
        let source = loaded.sources.file(*file).expect("a loaded file");
        match (offset, line) {
            (Some(offset), _) => Place::of_offset(&source.path, &source.text, instrumented.original_offset(offset)),
            (None, Some(line)) => Place::in_text(&source.path, &source.text, line, 1),
            (None, None) => Place::file(&source.path),
        }
    }
}

/// Renders reports through the templates.
pub struct Templates {
    env: Environment<'static>,
    loader: Arc<Loader>,
    notes: Arc<Notes>,
}

impl Templates {
    /// The templates of `assets` for `report`; what rendering notices goes
    /// to `notes`.
    pub fn new(assets: &Assets, report: &Report, notes: Arc<Notes>) -> Templates {
        let loader = Arc::new(Loader {
            assets: assets.clone(),
            report_dir: report.dir.clone(),
            prose: Arc::clone(&report.prose),
            loaded: Mutex::new(Loaded::default()),
        });
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(TEMPLATE_FUEL));
        env.set_recursion_limit(TEMPLATE_RECURSION);
        env.set_formatter(escape::markdown_formatter);
        let for_loader = Arc::clone(&loader);
        env.set_loader(move |name| {
            // A refusal (a link out of the folder, a FIFO) travels as the
            // source of minijinja's error, to be told as it is.
            for_loader.load(name).map_err(|e| minijinja::Error::new(ErrorKind::InvalidOperation, "refused").with_source(Refused(e)))
        });
        env.add_filter("long_date", |iso: &str| date_filter(iso, locale::long_date));
        env.add_filter("month_year", |iso: &str| date_filter(iso, locale::month_year));
        filters::register(&mut env, &report.facts.settings);
        Templates { env, loader, notes }
    }

    /// Renders the booklet's Markdown for `report`, with the origin of each
    /// line.
    pub fn render(&self, report: &Report) -> Result<Rendered> {
        let (ind, indicators, summary, groups) = figures::values(report, &self.notes);
        let ctx = context! {
            report => Value::from(minijinja::value::Serde(&report.facts)),
            ind => ind,
            indicators => indicators,
            summary => summary,
            groups => groups,
        };
        let output = self.env.get_template(BOOKLET_TEMPLATE).and_then(|t| t.render(ctx)).map_err(|e| self.error(&e))?;
        let (markdown, origins) = provenance::strip(&output);
        let sources = std::mem::take(&mut self.loader.loaded.lock().expect("loader").sources);
        if markdown.len() > MAX_BOOKLET_TEXT {
            let place = Place::file(&sources.files().first().map_or_else(|| PathBuf::from(BOOKLET_TEMPLATE), |f| f.path.clone()));
            return Err(Error::input(
                place,
                t!(
                    "mẫu tạo ra {} KB văn bản, quá lớn so với giới hạn {} KB của một tài liệu",
                    "the templates made {} KB of text, past a booklet's limit of {} KB",
                    markdown.len() / 1024,
                    MAX_BOOKLET_TEXT / 1024
                ),
                Some(t!("kiểm tra các vòng lặp {{% for %}} trong mẫu và nội dung", "check the {{% for %}} loops of the templates and the prose")),
            ));
        }
        Ok(Rendered { markdown, origins, sources })
    }

    /// Turns a minijinja error into an [`Error`] that points into the
    /// template file where it happened (the innermost of an include chain).
    fn error(&self, mut error: &minijinja::Error) -> Error {
        while let Some(inner) = std::error::Error::source(error).and_then(|s| s.downcast_ref::<minijinja::Error>()) {
            error = inner;
        }
        let name = error.name().unwrap_or(BOOKLET_TEMPLATE);
        let place = self.loader.place(name, error.range().map(|r| r.start), error.line());
        if let Some(Refused(refusal)) = std::error::Error::source(error).and_then(|s| s.downcast_ref::<Refused>()) {
            // The loader's own refusal already says what and why; told at
            // its line in the file when it has one (an expression too
            // long), else at the line that includes the file.
            let (place, message, hint) = match refusal {
                Error::Input { place: at, message, hint } if at.line.is_some() => ((**at).clone(), message.clone(), hint.clone()),
                Error::Input { message, hint, .. } => (place, message.clone(), hint.clone()),
                other => (place, other.to_string(), None),
            };
            return Error::input(place, message, hint);
        }
        let detail = error.detail().map(|d| format!(" ({})", translate_detail(d))).unwrap_or_default();
        let (message, hint) = match error.kind() {
            ErrorKind::UndefinedError => (
                t!("tên không xác định trong mẫu", "undefined name in the template"),
                Some(t!(
                    "kiểm tra chính tả tên biến, ví dụ report.year, report.plan_year, report.place",
                    "check the spelling of the name, e.g. report.year, report.plan_year, report.place"
                )),
            ),
            ErrorKind::SyntaxError => (
                t!("lỗi cú pháp mẫu", "template syntax error"),
                Some(t!(
                    "các biểu thức viết trong {{{{ ... }}}}, các lệnh trong {{% ... %}}",
                    "expressions go in {{{{ ... }}}}, statements in {{% ... %}}"
                )),
            ),
            ErrorKind::TemplateNotFound => (t!("không tìm thấy mẫu", "template not found"), None),
            ErrorKind::UnknownFilter | ErrorKind::UnknownFunction => (t!("bộ lọc hoặc hàm không có", "no such filter or function"), Some(filters_hint())),
            ErrorKind::TooManyArguments => (t!("bộ lọc hoặc hàm nhận thừa đối số", "too many arguments to a filter or function"), Some(filters_hint())),
            ErrorKind::MissingArgument => (t!("bộ lọc hoặc hàm thiếu đối số", "a filter or function lacks an argument"), Some(filters_hint())),
            ErrorKind::OutOfFuel => (
                t!("mẫu chạy quá lâu (vòng lặp không dừng?)", "the template runs too long (an endless loop?)"),
                Some(t!("kiểm tra các vòng lặp {{% for %}} và lệnh include trong mẫu", "check the {{% for %}} loops and includes of the template")),
            ),
            ErrorKind::InvalidOperation if error.detail().is_some_and(|d| d.contains("recursion")) => (
                t!("mẫu tự gọi lại quá sâu", "the template recurses too deep"),
                Some(t!("một mẫu include chính nó hoặc gọi vòng tròn", "a template includes itself, or templates include each other in a circle")),
            ),
            _ => (t!("lỗi khi áp dụng mẫu", "error while applying the template"), None),
        };
        Error::input(place, format!("{message}{detail}"), hint)
    }
}

/// The filters and their arguments, for a hint.
fn filters_hint() -> String {
    t!(
        "các bộ lọc và đối số: achievement(basis=true|false), excess(basis=true|false), change(\"so cùng kỳ\"), num(decimals, fixed), pct(decimals), pad, words, long_date, month_year",
        "the filters and their arguments: achievement(basis=true|false), excess(basis=true|false), change(\"so cùng kỳ\"), num(decimals, fixed), pct(decimals), pad, words, long_date, month_year"
    )
}

/// A template file the loader refused to read, as the source of
/// minijinja's error.
#[derive(Debug)]
struct Refused(Error);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Refused {}

/// minijinja's own words in a detail, in the message language: its
/// sentences, and the parts of its "unexpected X, expected Y".
fn translate_detail(detail: &str) -> String {
    if crate::lang::current() == crate::lang::Lang::En {
        return detail.to_string();
    }
    let known = [
        ("unexpected end of input", "mẫu kết thúc giữa chừng"),
        ("expected end of variable block", "thiếu «}}» đóng biểu thức"),
        ("expected end of block", "thiếu «%}» đóng lệnh"),
        ("template not found", "không tìm thấy mẫu"),
        ("tried to include non-existing template", "không có mẫu"),
        ("undefined value", "giá trị không xác định"),
        ("missing argument", "thiếu đối số"),
        ("too many arguments", "thừa đối số"),
        ("template exceeds maximum recursion limits", "mẫu lồng nhau quá sâu (ngoặc hoặc lệnh lồng trong nhau quá nhiều cấp)"),
        ("recursion limit exceeded", "mẫu tự gọi lại quá sâu"),
        ("unexpected end of string", "chuỗi thiếu dấu nháy đóng"),
        ("unexpected end of comment", "chú thích thiếu «#}» đóng"),
        ("unexpected end of raw block", "khối raw thiếu {% endraw %}"),
        ("unexpected character", "ký tự không được phép ở đây"),
        ("unexpected input after expression", "thừa chữ sau biểu thức"),
        ("unknown filter", "không có bộ lọc này"),
        ("unknown function", "không có hàm này"),
        ("unknown test", "không có phép thử này"),
    ];
    for (english, vietnamese) in known {
        if let Some(rest) = detail.strip_prefix(english) {
            return format!("{vietnamese}{rest}");
        }
    }
    if let Some(name) = detail.strip_suffix(" is undefined") {
        return format!("{name} không xác định");
    }
    if let Some(rest) = detail.strip_prefix("unexpected ") {
        return match rest.split_once(", expected ") {
            Some((found, wanted)) => format!("gặp {} không đúng chỗ, cần {}", term(found), term(wanted)),
            None => format!("gặp {} không đúng chỗ", term(rest)),
        };
    }
    format!("chi tiết: {detail}")
}

/// A word of minijinja's syntax errors in Vietnamese; a token as it is.
fn term(word: &str) -> String {
    match word {
        "end of input" => "hết mẫu".into(),
        "end of block" => "«%}» đóng lệnh".into(),
        "end of variable block" => "«}}» đóng biểu thức".into(),
        "expression" => "một biểu thức".into(),
        "identifier" | "identifier or integer" => "một tên".into(),
        "block keyword" => "tên một lệnh (if, for, set, ...)".into(),
        "assignment operator" => "dấu =".into(),
        "comma" => "dấu phẩy".into(),
        "string" => "một chuỗi".into(),
        "keyword" => "một từ khóa".into(),
        other => other.to_string(),
    }
}

/// Applies a date formatter to an ISO date string from the data.
fn date_filter(iso: &str, format: fn(Date) -> String) -> std::result::Result<String, minijinja::Error> {
    iso.parse::<Date>()
        .map(format)
        .map_err(|e| minijinja::Error::new(ErrorKind::InvalidOperation, e))
}
