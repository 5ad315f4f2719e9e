//! The routes that read and write the report: each hands its request to
//! the library (`baocao::edit`) on a thread where blocking is allowed, and
//! its answer back as JSON. A save answers 409 when the file changed on
//! disk where the page changed it too: the page then shows both sides.

use std::sync::Arc;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{App, announce, wake};
use baocao::build::{Booklet, Format, Options, Strictness};
use baocao::edit::store::Saved;
use baocao::edit::table::{self, Op};
use baocao::edit::{facts, problems_json};
use baocao::error::Error;
use baocao::indicators::grid::Grid;
use baocao::report::{CONTENT_DIR, FACTS_FILE, Facts};
use baocao::{t, text};

/// The header naming the open page that writes, so that the other pages
/// open on the report reload what it wrote.
const PAGE_HEADER: &str = "x-baocao-page";

/// Runs `work` where blocking is allowed.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.expect("a blocking task")
}

/// An error as the editor's problems, with the status code 422.
fn rejected(app: &App, error: &Error) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({"problems": problems_json(&error.problems(), &[], app.store.dir())}))).into_response()
}

/// The open page a write comes from (its `X-Baocao-Page` header).
fn page_of(headers: &HeaderMap) -> String {
    headers.get(PAGE_HEADER).and_then(|h| h.to_str().ok()).unwrap_or("").chars().filter(char::is_ascii_alphanumeric).take(32).collect()
}

/// A save's answer: 200 when written, 409 when not; a written file is laid
/// out again and announced to the other pages.
fn saved(app: &App, file: &str, saved: Saved, writer: &str) -> Response {
    match &saved {
        Saved::Written { version, .. } => {
            wake(app);
            announce(app, json!([{"file": file, "version": version}]), writer);
            Json(saved).into_response()
        }
        _ => (StatusCode::CONFLICT, Json(saved)).into_response(),
    }
}

/// `GET /api/ping`: the server is there and the token is right (403
/// otherwise: the server was started again, with a new token).
pub(super) async fn ping() -> Response {
    Json(json!({"ok": true})).into_response()
}

/// `GET /pages/N.json`: page N (from 1) as last laid out, as drawing
/// instructions (`{"svg": true}` when they cannot draw it); `GET
/// /pages/N.svg`: the page as an SVG image.
pub(super) async fn page(State(app): State<Arc<App>>, axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    let (number, svg) = match (name.strip_suffix(".svg"), name.strip_suffix(".json")) {
        (Some(number), _) => (number.parse::<usize>().ok(), true),
        (_, Some(number)) => (number.parse::<usize>().ok(), false),
        _ => (None, false),
    };
    let page = {
        let pages = app.pages.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        number.and_then(|n| pages.pages.get(n.checked_sub(1)?).cloned())
    };
    let Some(page) = page else {
        return (StatusCode::NOT_FOUND, t!("không có trang này", "no such page")).into_response();
    };
    match (svg, &page.drawing) {
        (true, _) => {
            let svg = blocking(move || page.svg()).await;
            ([(header::CONTENT_TYPE, "image/svg+xml")], Body::from(Bytes::from_owner(Shared(svg)))).into_response()
        }
        (false, Some(drawing)) => ([(header::CONTENT_TYPE, "application/json")], Body::from(Bytes::from_owner(Shared(Arc::clone(drawing))))).into_response(),
        (false, None) => Json(json!({"svg": true})).into_response(),
    }
}

/// A page's drawing or SVG shared with the answers that send it, never
/// copied.
struct Shared(Arc<str>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

#[derive(Deserialize)]
pub(super) struct GlyphsQuery {
    #[serde(default)]
    from: usize,
}

/// `GET /api/glyphs?from=N`: the glyph outlines the drawings use, from
/// number N on (the page keeps those it has).
pub(super) async fn glyphs(State(app): State<Arc<App>>, Query(query): Query<GlyphsQuery>) -> Response {
    let glyphs = Arc::clone(&app.pages.lock().unwrap_or_else(std::sync::PoisonError::into_inner).glyphs);
    let glyphs = glyphs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    Json(json!({"from": query.from, "glyphs": glyphs.outlines_from(query.from)})).into_response()
}

#[derive(Deserialize)]
pub(super) struct Preview {
    /// The text typed, or `null` when the page has nothing unsaved there.
    text: Option<String>,
}

/// `PUT /api/preview?path=...`: the text of a file as the page shows it,
/// typed and not saved yet: laid out at once in place of the file's, so
/// the pages follow the typing without waiting for the save. It is never
/// written; it goes when the save of the same text is written, or when
/// the page that sent it is closed.
pub(super) async fn preview(State(app): State<Arc<App>>, headers: HeaderMap, Query(query): Query<FileQuery>, Json(preview): Json<Preview>) -> Response {
    if let Err(e) = app.store.text_path(&query.path) {
        return rejected(&app, &e);
    }
    let page = page_of(&headers);
    let changed = {
        let mut previews = app.previews.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match preview.text {
            Some(text) if previews.get(&query.path).is_some_and(|(_, shown)| *shown == text) => false,
            Some(text) => {
                previews.insert(query.path, (page, text));
                true
            }
            None => previews.remove(&query.path).is_some(),
        }
    };
    if changed {
        wake(&app);
    }
    StatusCode::NO_CONTENT.into_response()
}

/// Drops the preview of `file` once `text`, the same text, is saved: the
/// file is the truth again.
fn settle_preview(app: &App, file: &str, text: &str) {
    let mut previews = app.previews.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if previews.get(file).is_some_and(|(_, shown)| shown == text) {
        previews.remove(file);
    }
}

/// The facts of the report, when report.yaml reads.
fn facts_of(app: &App) -> Option<Facts> {
    let path = app.store.dir().join(FACTS_FILE);
    text::read(&path, app.store.dir()).ok().and_then(|s| Facts::parse(&path, &s).ok()).map(|(facts, _)| facts)
}

/// `GET /api/report`: what the editor shows: the form, the prose files,
/// the table, each with its version.
pub(super) async fn report(State(app): State<Arc<App>>) -> Response {
    blocking(move || {
        let dir = app.store.dir();
        let facts_text = app.store.read_text(FACTS_FILE);
        let facts_path = dir.join(FACTS_FILE);
        let (fields, parsed) = match &facts_text {
            Ok(source) => (
                facts::fields(&facts_path, &source.text).map_err(|e| problems_json(&e.problems(), &[], dir)),
                Facts::parse(&facts_path, &source.text).ok().map(|(f, _)| f),
            ),
            Err(e) => (Err(problems_json(&e.problems(), &[], dir)), None),
        };
        let content = parsed.as_ref().map(|f| f.content.clone()).unwrap_or_else(|| content_files(dir));
        let sheet = parsed.as_ref().and_then(|f| f.indicators_sheet.as_deref());
        let decimals = parsed.as_ref().map_or(1, |f| f.settings.ratio_decimals);
        let grid = match Grid::read(dir, sheet) {
            Ok(Some(grid)) => {
                let version = app.store.current_version(&grid.file.path);
                let checked = grid.check(decimals);
                let problems = checked.problems.iter().map(|p| json!({"row": p.row, "column": p.column, "message": p.message, "hint": p.hint})).collect::<Vec<_>>();
                json!({"table": table::shown(&grid, &checked, version), "problems": problems})
            }
            Ok(None) => Value::Null,
            Err(e) => json!({"problems": problems_json(&e.problems(), &[], dir)}),
        };
        let facts = match fields {
            Ok(fields) => json!({"fields": fields, "version": facts_text.as_ref().ok().map(|t| &t.version)}),
            Err(problems) => json!({"problems": problems}),
        };
        let id = baocao::edit::store::version_of(dir.as_os_str().as_encoded_bytes());
        Json(json!({"name": baocao::report::folder_name(dir), "id": id, "facts": facts, "content": content, "grid": grid})).into_response()
    })
    .await
}

/// The prose files of a report whose report.yaml cannot be read: the
/// Markdown files of its content folder.
fn content_files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join(CONTENT_DIR))
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".md")).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[derive(Deserialize)]
pub(super) struct FileQuery {
    path: String,
}

/// `GET /api/file?path=content/NAME.md` (or report.yaml): the file's text
/// and version; 422 with the reason when it cannot be read.
pub(super) async fn read_file(State(app): State<Arc<App>>, Query(query): Query<FileQuery>) -> Response {
    blocking(move || match app.store.read_text(&query.path) {
        Ok(text) => Json(text).into_response(),
        Err(e) => rejected(&app, &e),
    })
    .await
}

#[derive(Deserialize)]
pub(super) struct TextSave {
    /// The text the page started from.
    base: String,
    /// The text to save.
    text: String,
    /// Write whatever is on disk: the person chose so.
    #[serde(default)]
    force: bool,
}

/// `PUT /api/file?path=...`: saves a text file, merged with what changed
/// on disk since the page's `base`.
pub(super) async fn write_file(State(app): State<Arc<App>>, headers: HeaderMap, Query(query): Query<FileQuery>, Json(save): Json<TextSave>) -> Response {
    let writer = page_of(&headers);
    blocking(move || match app.store.save_text(&query.path, &save.base, &save.text, save.force) {
        Ok(answer) => {
            if matches!(answer, Saved::Written { .. }) {
                settle_preview(&app, &query.path, &save.text);
            }
            saved(&app, &query.path, answer, &writer)
        }
        Err(e) => rejected(&app, &e),
    })
    .await
}

#[derive(Deserialize)]
pub(super) struct FactSave {
    key: String,
    /// The value the page showed before the edit.
    from: String,
    to: String,
}

/// `PUT /api/fact`: one field of report.yaml, saved in place when the file
/// still reads as a report and the field was not changed on disk
/// meanwhile.
pub(super) async fn write_fact(State(app): State<Arc<App>>, headers: HeaderMap, Json(edit): Json<FactSave>) -> Response {
    let writer = page_of(&headers);
    blocking(move || match app.store.save_fact(&edit.key, &edit.from, &edit.to) {
        Ok(answer) => saved(&app, FACTS_FILE, answer, &writer),
        Err(e) => rejected(&app, &e),
    })
    .await
}

#[derive(Deserialize)]
pub(super) struct GridSave {
    headings: Vec<String>,
    ops: Vec<Op>,
}

/// `PUT /api/grid`: edits of the table, cell by cell and row by row; what
/// can be saved is, the rest is answered held or in conflict.
pub(super) async fn write_grid(State(app): State<Arc<App>>, headers: HeaderMap, Json(edit): Json<GridSave>) -> Response {
    let writer = page_of(&headers);
    blocking(move || {
        let facts = facts_of(&app);
        let context = table::Facts {
            sheet: facts.as_ref().and_then(|f| f.indicators_sheet.as_deref()),
            date: facts.as_ref().map(|f| f.date),
            ratio_decimals: facts.as_ref().map_or(1, |f| f.settings.ratio_decimals),
        };
        match table::save(&app.store, &edit.headings, &edit.ops, context) {
            Ok(answer) => {
                if answer.written {
                    wake(&app);
                    announce(&app, json!([{"file": answer.table.file, "version": answer.table.version}]), &writer);
                }
                Json(answer).into_response()
            }
            Err(e) => rejected(&app, &e),
        }
    })
    .await
}

/// `GET /api/problems`: what `baocao check` finds. A flood of requests is
/// one check: each waits for the one running and takes its answer, until
/// the files change.
pub(super) async fn problems(State(app): State<Arc<App>>) -> Response {
    let mut cache = app.problems.lock().await;
    let generation = app.generation.load(std::sync::atomic::Ordering::SeqCst);
    if let Some((_, answer)) = cache.as_ref().filter(|(seen, _)| *seen == generation) {
        return Json(answer.clone()).into_response();
    }
    let checker = Arc::clone(&app);
    let answer = blocking(move || {
        let dir = checker.store.dir();
        match baocao::check::check(&checker.project, dir) {
            Ok(findings) => {
                let errors: Vec<&Error> = findings.errors.iter().collect();
                let mut problems = problems_json(&errors, &findings.warnings, dir);
                baocao::edit::place_in_grid(dir, &mut problems);
                problems
            }
            Err(e) => json!({"problems": problems_json(&e.problems(), &[], dir)}),
        }
    })
    .await;
    *cache = Some((generation, answer.clone()));
    Json(answer).into_response()
}

#[derive(Deserialize)]
pub(super) struct SourceQuery {
    page: usize,
    x: f64,
    y: f64,
}

/// `GET /api/source?page=N&x=X&y=Y`: what the point clicked (in points
/// from the page's top left) comes from.
pub(super) async fn source(State(app): State<Arc<App>>, Query(query): Query<SourceQuery>) -> Response {
    blocking(move || {
        let session = app.session.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Json(json!({"target": session.source_at(query.page, query.x, query.y)})).into_response()
    })
    .await
}

#[derive(Deserialize)]
pub(super) struct PlaceQuery {
    file: String,
    line: usize,
}

/// `GET /api/place?file=content/NAME.md&line=N`: where that line's text
/// stands in the pages, for the preview to show it.
pub(super) async fn place(State(app): State<Arc<App>>, Query(query): Query<PlaceQuery>) -> Response {
    blocking(move || {
        let session = app.session.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let place = session.place_of_line(&query.file, query.line).map(|(page, top)| json!({"page": page, "top": top}));
        Json(json!({"place": place})).into_response()
    })
    .await
}

/// `POST /api/build`: the PDF and the DOCX into the output folder, as
/// `baocao build` writes them.
pub(super) async fn build(State(app): State<Arc<App>>) -> Response {
    blocking(move || {
        let dir = app.store.dir();
        let written = Booklet::compose_with(&app.project, dir, Options::default(), Strictness::Strict)
            .and_then(|booklet| booklet.write(&app.project, &app.config.out, Format::All));
        match written {
            Ok(written) => {
                let files: Vec<String> = written.files.iter().map(|f| f.display().to_string()).collect();
                Json(json!({"files": files})).into_response()
            }
            Err(e) => rejected(&app, &e),
        }
    })
    .await
}
