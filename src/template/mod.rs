//! Templates: minijinja turns the report into the booklet's Markdown.
//!
//! The skeleton (`booklet.md`) and the cover (`cover.md`) live in the
//! project's `templates/` folder; a report may replace any of them with a file
//! of the same name in its own `templates/` folder. The prose files under
//! `content/` are templates too, so they can say `{{ report.year }}`.
//!
//! Undefined names are errors (a misspelt name must not print nothing), and
//! every value a template prints is escaped for Markdown, so data can never
//! turn into markup (see [`escape`]).

mod escape;
pub mod figures;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use minijinja::{Environment, ErrorKind, UndefinedBehavior, Value, context};

pub use escape::escape_markdown;

use self::figures::Notes;
use crate::error::{Error, Place, Result};
use crate::locale;
use crate::report::{CONTENT_DIR, Date, Report};
use crate::{confine, t, text};

/// The template every booklet starts from.
pub const BOOKLET_TEMPLATE: &str = "booklet.md";

/// Where template names lead: the project's templates, the report's own
/// templates and the report's prose (already read with the report).
#[derive(Debug, Clone)]
struct Sources {
    project_templates: PathBuf,
    report_dir: PathBuf,
    prose: Arc<BTreeMap<String, String>>,
}

impl Sources {
    /// The file that template `name` is read from, if the name is allowed.
    /// Names are relative, without `..`; `content/...` names a prose file.
    fn resolve(&self, name: &str) -> Option<PathBuf> {
        let relative = Path::new(name);
        let plain = relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain || name.contains('\\') {
            return None;
        }
        if relative.starts_with(CONTENT_DIR) {
            return Some(self.report_dir.join(relative));
        }
        let own = self.report_dir.join("templates").join(relative);
        Some(if own.is_file() { own } else { self.project_templates.join(relative) })
    }
}

/// Renders reports through the templates.
pub struct Templates {
    env: Environment<'static>,
    sources: Arc<Sources>,
    notes: Arc<Notes>,
}

/// The instructions one render may run: the sample booklet needs under
/// 3 000; a loop that never ends stops here, in well under a second.
const FUEL: u64 = 5_000_000;
/// How deep includes and loops may nest.
const RECURSION_LIMIT: usize = 100;

impl Templates {
    /// Templates from the project folder `project_templates`, for `report`;
    /// what rendering notices goes to `notes`.
    pub fn new(project_templates: &Path, report: &Report, notes: Arc<Notes>) -> Templates {
        let sources = Arc::new(Sources {
            project_templates: project_templates.to_path_buf(),
            report_dir: report.dir.clone(),
            prose: Arc::clone(&report.prose),
        });
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        env.set_recursion_limit(RECURSION_LIMIT);
        env.set_formatter(escape::markdown_formatter);
        let loader_sources = Arc::clone(&sources);
        env.set_loader(move |name| load(&loader_sources, name));
        env.add_filter("long_date", |iso: &str| date_filter(iso, locale::long_date));
        env.add_filter("month_year", |iso: &str| date_filter(iso, locale::month_year));
        figures::register(&mut env, &report.facts.settings);
        Templates { env, sources, notes }
    }

    /// Renders the booklet's Markdown for `report`.
    pub fn render(&self, report: &Report) -> Result<String> {
        let (ind, indicators, summary, groups) = figures::values(report, &self.notes);
        let ctx = context! {
            report => Value::from(minijinja::value::Serde(&report.facts)),
            ind => ind,
            indicators => indicators,
            summary => summary,
            groups => groups,
        };
        self.env
            .get_template(BOOKLET_TEMPLATE)
            .and_then(|t| t.render(ctx))
            .map_err(|e| self.error(&e))
    }

    /// Turns a minijinja error into an [`Error`] that points into the
    /// template file where it happened (the innermost of an include chain).
    fn error(&self, mut error: &minijinja::Error) -> Error {
        while let Some(inner) = std::error::Error::source(error).and_then(|s| s.downcast_ref::<minijinja::Error>()) {
            error = inner;
        }
        let name = error.name().unwrap_or(BOOKLET_TEMPLATE);
        let path = self.sources.resolve(name).unwrap_or_else(|| PathBuf::from(name));
        let place = match (error.range(), text::read(&path)) {
            (Some(range), Ok(source)) => Place::of_offset(&path, &source, range.start),
            _ => match error.line() {
                Some(line) => Place { path: path.clone(), line: Some(line), column: None },
                None => Place::file(&path),
            },
        };
        let detail = error.detail().map(|d| format!(" ({d})")).unwrap_or_default();
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
            ErrorKind::UnknownFilter | ErrorKind::UnknownFunction => (t!("bộ lọc hoặc hàm không có", "no such filter or function"), None),
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

/// The template loader: reads the file `name` leads to, as checked text.
fn load(sources: &Sources, name: &str) -> std::result::Result<Option<String>, minijinja::Error> {
    let read = name.strip_prefix(CONTENT_DIR).and_then(|rest| rest.strip_prefix('/')).and_then(|file| sources.prose.get(file));
    if let Some(text) = read {
        return Ok(Some(text.clone()));
    }
    let Some(path) = sources.resolve(name) else {
        return Err(minijinja::Error::new(
            ErrorKind::TemplateNotFound,
            t!("tên mẫu «{name}» không hợp lệ: chỉ dùng tên tương đối, không có «..»", "invalid template name «{name}»: only relative names without «..»"),
        ));
    };
    if !path.is_file() {
        return Ok(None);
    }
    let root = if name.starts_with(CONTENT_DIR) { sources.report_dir.clone() } else { path.parent().map(Path::to_path_buf).unwrap_or_default() };
    if confine::confined(&path, &root).is_none() {
        return Err(minijinja::Error::new(
            ErrorKind::TemplateNotFound,
            t!("tệp «{name}» là liên kết trỏ ra ngoài thư mục của nó: không được đọc", "«{name}» is a link leading out of its folder: not read"),
        ));
    }
    text::read(&path)
        .map(Some)
        .map_err(|e| minijinja::Error::new(ErrorKind::TemplateNotFound, e.to_string()))
}

/// Applies a date formatter to an ISO date string from the data.
fn date_filter(iso: &str, format: fn(Date) -> String) -> std::result::Result<String, minijinja::Error> {
    iso.parse::<Date>()
        .map(format)
        .map_err(|e| minijinja::Error::new(ErrorKind::InvalidOperation, e))
}
