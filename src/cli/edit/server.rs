//! The editor's local web server: axum on tokio, bound to 127.0.0.1 only.
//!
//! Every request must carry the session's random token (in the URL, or,
//! for a request that writes, in the `X-Baocao-Token` header) and a Host
//! header naming 127.0.0.1 or localhost at the server's port (a page of
//! another site that rebinds its name to 127.0.0.1 gets 403). Files are
//! read confined to the report folder, as builds read them, and written
//! atomically. One compiler thread lays the booklet out; a burst of edits
//! is one compilation; each result goes to every open page as a
//! server-sent event naming the hash of every page, so a page fetches
//! only the SVGs that changed.

use std::collections::HashMap;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, body::Bytes};
use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::sync::{broadcast, watch};

use baocao::build::{Booklet, Format, Options, Strictness};
use baocao::edit::{Session, facts, problems_json};
use baocao::error::{Error, Place, Result};
use baocao::indicators::grid::{Checked, Form, Grid};
use baocao::report::{CONTENT_DIR, FACTS_FILE, Facts};
use baocao::{files, output, t, text};

/// The page, its script and its style sheet, compiled into the program.
const INDEX_HTML: &str = include_str!("web/index.html");
const APP_JS: &str = include_str!("web/app.js");
const STYLE_CSS: &str = include_str!("web/style.css");

/// The header a request that writes carries the token in.
const TOKEN_HEADER: &str = "x-baocao-token";

/// The header naming the open page that writes, so that the other pages
/// open on the report reload what it wrote.
const PAGE_HEADER: &str = "x-baocao-page";

/// How the editor is served.
#[derive(Debug, Clone)]
pub(super) struct Config {
    /// The report folder.
    pub(super) dir: PathBuf,
    /// Where the build button writes the PDF and the DOCX.
    pub(super) out: PathBuf,
    /// The port; 0 for a free one.
    pub(super) port: u16,
    /// Stop after this long with no page open.
    pub(super) idle_exit: Option<Duration>,
    /// The interface in English rather than Vietnamese.
    pub(super) english: bool,
}

/// The shared state of the server.
struct App {
    token: String,
    port: u16,
    config: Config,
    session: Mutex<Session>,
    /// The last result of the compiler, as sent to the pages.
    status: Mutex<String>,
    events: broadcast::Sender<String>,
    wake: Mutex<mpsc::Sender<()>>,
    /// The hash of what the editor itself last wrote to each file, so that
    /// its own writes are not taken for edits made by another program.
    written: Mutex<HashMap<PathBuf, [u8; 32]>>,
    viewers: AtomicUsize,
    idle_since: Mutex<Instant>,
    shutdown: watch::Sender<bool>,
}

/// Serves the editor of `session`'s report until Ctrl-C, SIGTERM or the
/// idle limit; `ready` is called with the address to open once the port is
/// bound.
pub(super) fn serve(session: Session, config: Config, ready: impl FnOnce(&str)) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("tokio: {e}")))?;
    runtime.block_on(run(session, config, ready))
}

async fn run(session: Session, config: Config, ready: impl FnOnce(&str)) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await.map_err(|e| {
        Error::input(
            Place::file(Path::new(&format!("127.0.0.1:{}", config.port))),
            t!("không mở được cổng {}: {e}", "cannot open port {}: {e}", config.port),
            Some(t!("chọn cổng khác với --port, hoặc bỏ --port để dùng cổng trống", "choose another port with --port, or leave --port out for a free one")),
        )
    })?;
    let port = listener.local_addr().map_err(|e| Error::Internal(e.to_string()))?.port();
    let (wake, woken) = mpsc::channel();
    let (events, _) = broadcast::channel(64);
    let (shutdown, _) = watch::channel(false);
    let app = Arc::new(App {
        token: new_token()?,
        port,
        config: config.clone(),
        session: Mutex::new(session),
        status: Mutex::new(String::new()),
        events,
        wake: Mutex::new(wake),
        written: Mutex::new(HashMap::new()),
        viewers: AtomicUsize::new(0),
        idle_since: Mutex::new(Instant::now()),
        shutdown,
    });
    compile_once(&app);
    let compiler = Arc::clone(&app);
    std::thread::Builder::new().name("compiler".into()).spawn(move || compile_loop(&compiler, &woken)).map_err(|e| Error::Internal(e.to_string()))?;
    let _watcher = watch_files(&app)?;
    tokio::spawn(stop_on_signal(Arc::clone(&app)));
    if let Some(idle) = config.idle_exit {
        tokio::spawn(stop_when_idle(Arc::clone(&app), idle));
    }
    ready(&format!("http://127.0.0.1:{port}/?token={}", app.token));
    let mut stopped = app.shutdown.subscribe();
    axum::serve(listener, router(Arc::clone(&app)))
        .with_graceful_shutdown(async move {
            let _ = stopped.wait_for(|s| *s).await;
        })
        .await
        .map_err(|e| Error::Internal(format!("server: {e}")))
}

/// The routes, behind the token and Host checks.
fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/style.css", get(|| async { asset("text/css; charset=utf-8", STYLE_CSS) }))
        .route("/events", get(events))
        .route("/pages/{name}", get(page_svg))
        .route("/api/report", get(report))
        .route("/api/file", get(read_file).put(write_file))
        .route("/api/fact", put(write_fact))
        .route("/api/grid/check", post(check_grid))
        .route("/api/grid", put(write_grid))
        .route("/api/problems", get(problems))
        .route("/api/source", get(source))
        .route("/api/place", get(place))
        .route("/api/build", post(build))
        // A file may be as large through the editor as a build reads it.
        .layer(DefaultBodyLimit::max(usize::try_from(baocao::limits::MAX_INPUT).unwrap_or(usize::MAX)))
        .layer(middleware::from_fn_with_state(Arc::clone(&app), guard))
        .with_state(app)
}

/// 16 random bytes in hex.
fn new_token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("random: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Refuses (403) a request whose Host is not this server's own name or
/// that lacks the token; a request that writes must carry the token in its
/// header.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let hosts = [format!("127.0.0.1:{}", app.port), format!("localhost:{}", app.port)];
    if !hosts.iter().any(|h| h == host) {
        return forbidden(t!("tên máy không đúng", "wrong Host"));
    }
    let in_header = request.headers().get(TOKEN_HEADER).and_then(|h| h.to_str().ok());
    let in_query = request.uri().query().unwrap_or("").split('&').find_map(|pair| pair.strip_prefix("token="));
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    let given = if reads { in_header.or(in_query) } else { in_header };
    if !given.is_some_and(|g| same(g.as_bytes(), app.token.as_bytes())) {
        return forbidden(t!("thiếu mã phiên hoặc mã không đúng: mở lại địa chỉ baocao edit in ra", "missing or wrong token: open the address baocao edit printed"));
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Whether `a` and `b` are equal, compared in time that does not depend on
/// where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn forbidden(message: String) -> Response {
    (StatusCode::FORBIDDEN, message).into_response()
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// The page, with the token and the language filled in.
async fn index(State(app): State<Arc<App>>) -> Response {
    let lang = if app.config.english { "en" } else { "vi" };
    let page = INDEX_HTML.replace("{{TOKEN}}", &app.token).replace("{{LANG}}", lang);
    let csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_SECURITY_POLICY, csp)], page).into_response()
}

/// Lays the booklet out again and tells every page what changed.
fn compile_once(app: &App) {
    let started = Instant::now();
    let mut session = app.session.lock().expect("session");
    let refresh = session.refresh();
    let hashes: Vec<String> = session.pages().pages.iter().map(|p| format!("{:032x}", p.hash)).collect();
    let errors: Vec<&Error> = refresh.error.as_ref().map(|e| e.problems()).unwrap_or_default();
    let mut problems = problems_json(&errors, &refresh.warnings, session.dir());
    drop(session);
    locate_cells(&app.config.dir, &mut problems);
    let status = json!({
        "type": "pages",
        "pages": hashes,
        "changed": refresh.changed,
        "failed": refresh.error.is_some(),
        "problems": problems,
        "ms": started.elapsed().as_secs_f64() * 1e3,
    })
    .to_string();
    *app.status.lock().expect("status") = status.clone();
    let _ = app.events.send(status);
}

/// The compiler thread: one compilation for each burst of wake-ups.
fn compile_loop(app: &App, woken: &mpsc::Receiver<()>) {
    while woken.recv().is_ok() {
        while woken.try_recv().is_ok() {}
        compile_once(app);
    }
}

fn wake(app: &App) {
    let _ = app.wake.lock().expect("wake").send(());
}

/// Watches the report folder and the templates: an edit made by another
/// program is laid out and announced to the pages, which reload the file.
fn watch_files(app: &Arc<App>) -> Result<impl Drop + use<>> {
    let watcher_app = Arc::clone(app);
    let out = app.config.out.canonicalize().unwrap_or_else(|_| app.config.out.clone());
    let dir = app.config.dir.canonicalize().unwrap_or_else(|_| app.config.dir.clone());
    let mut debouncer = new_debouncer(Duration::from_millis(40), None, move |events: DebounceEventResult| {
        let Ok(events) = events else { return };
        let mut changed: Vec<String> = Vec::new();
        for path in events.iter().filter(|e| !e.kind.is_access()).flat_map(|e| e.paths.iter()) {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.starts_with('.') || name.ends_with('~') || name.ends_with(".tmp") || path.starts_with(&out) {
                continue;
            }
            let bytes = files::read(path, &dir, baocao::limits::MAX_INPUT).unwrap_or_default();
            let ours = watcher_app.written.lock().expect("written").get(path).is_some_and(|h| *h == digest(&bytes));
            if !ours {
                let relative = path.strip_prefix(&dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
                if !changed.contains(&relative) {
                    changed.push(relative);
                }
            }
        }
        if !changed.is_empty() {
            let _ = watcher_app.events.send(json!({"type": "files", "files": changed}).to_string());
            wake(&watcher_app);
        }
    })
    .map_err(|e| Error::Internal(format!("notify: {e}")))?;
    debouncer.watch(&app.config.dir, RecursiveMode::Recursive).map_err(|e| Error::io(&app.config.dir, t!("không theo dõi được", "cannot watch"), std::io::Error::other(e.to_string())))?;
    let templates = app.session.lock().expect("session").project().assets.templates_dir().map(Path::to_path_buf);
    if let Some(templates) = templates {
        let _ = debouncer.watch(&templates, RecursiveMode::Recursive);
    }
    Ok(debouncer)
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

async fn stop_on_signal(app: Arc<App>) {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        let terminated = async {
            match term.as_mut() {
                Some(term) => {
                    term.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminated => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
    let _ = app.shutdown.send(true);
}

async fn stop_when_idle(app: Arc<App>, idle: Duration) {
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let idle_for = app.idle_since.lock().expect("idle").elapsed();
        if app.viewers.load(Ordering::SeqCst) == 0 && idle_for >= idle {
            let _ = app.shutdown.send(true);
            return;
        }
    }
}

/// An open page, counted while its event stream lives.
struct Viewer(Arc<App>);

impl Viewer {
    fn new(app: Arc<App>) -> Viewer {
        app.viewers.fetch_add(1, Ordering::SeqCst);
        Viewer(app)
    }
}

impl Drop for Viewer {
    fn drop(&mut self) {
        self.0.viewers.fetch_sub(1, Ordering::SeqCst);
        *self.0.idle_since.lock().expect("idle") = Instant::now();
    }
}

/// The stream of the compiler's results and of files changed on disk,
/// the latest result first.
async fn events(State(app): State<Arc<App>>) -> Sse<impl futures_util::Stream<Item = std::result::Result<Event, Infallible>>> {
    let first = app.status.lock().expect("status").clone();
    let state = (Some(first), app.events.subscribe(), app.shutdown.subscribe(), Viewer::new(Arc::clone(&app)));
    let stream = futures_util::stream::unfold(state, |(first, mut events, mut stopped, viewer)| async move {
        if let Some(first) = first.filter(|f| !f.is_empty()) {
            return Some((Ok(Event::default().data(first)), (None, events, stopped, viewer)));
        }
        loop {
            let message = tokio::select! {
                message = events.recv() => message,
                _ = stopped.wait_for(|s| *s) => return None,
            };
            match message {
                Ok(message) => return Some((Ok(Event::default().data(message)), (None, events, stopped, viewer))),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// `GET /pages/N.svg`: page N (from 1) as last laid out.
async fn page_svg(State(app): State<Arc<App>>, axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    let number = name.strip_suffix(".svg").and_then(|n| n.parse::<usize>().ok());
    let svg = blocking(move || {
        let session = app.session.lock().expect("session");
        number.and_then(|n| session.pages().pages.get(n.checked_sub(1)?).map(|p| p.svg.clone()))
    })
    .await;
    match svg {
        Some(svg) => ([(header::CONTENT_TYPE, "image/svg+xml")], svg.to_string()).into_response(),
        None => (StatusCode::NOT_FOUND, t!("không có trang này", "no such page")).into_response(),
    }
}

/// Adds to each problem placed in a CSV indicator table the grid column
/// (`cell`, from 0) its place falls in.
fn locate_cells(dir: &Path, problems: &mut Value) {
    if problems.as_array().is_none_or(|p| p.is_empty()) {
        return;
    }
    let Ok(Some(table)) = baocao::indicators::table_file(dir) else { return };
    if table.extension().is_none_or(|e| e != "csv") {
        return;
    }
    let Ok(source) = text::read(&table, dir) else { return };
    let lines: Vec<&str> = source.lines().collect();
    let delimiter = if lines.first().is_some_and(|l| l.contains(';')) { b';' } else { b',' };
    let name = table.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    for problem in problems.as_array_mut().into_iter().flatten() {
        let here = problem["file"].as_str() == Some(name.as_str());
        let (Some(line), Some(column)) = (problem["line"].as_u64(), problem["column"].as_u64()) else { continue };
        if let Some(text) = lines.get((line as usize).saturating_sub(1)).filter(|_| here) {
            problem["cell"] = baocao::indicators::grid::csv_cell(text, delimiter, column as usize).into();
        }
    }
}

/// Runs `work` where blocking is allowed.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.expect("a blocking task")
}

/// An error as the editor's problems, with the status code 422.
fn rejected(app: &App, error: &Error) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({"problems": problems_json(&error.problems(), &[], &app.config.dir)}))).into_response()
}

/// `GET /api/report`: what the editor shows: the form, the prose files,
/// the grid.
async fn report(State(app): State<Arc<App>>) -> Response {
    blocking(move || {
        let dir = &app.config.dir;
        let facts_path = dir.join(FACTS_FILE);
        let facts_source = text::read(&facts_path, dir);
        let (fields, parsed) = match &facts_source {
            Ok(source) => (
                facts::fields(&facts_path, source).map_err(|e| problems_json(&e.problems(), &[], dir)),
                Facts::parse(&facts_path, source).ok().map(|(f, _)| f),
            ),
            Err(e) => (Err(problems_json(&e.problems(), &[], dir)), None),
        };
        let content = parsed.as_ref().map(|f| f.content.clone()).unwrap_or_else(|| content_files(dir));
        let sheet = parsed.as_ref().and_then(|f| f.indicators_sheet.as_deref());
        let grid = match Grid::read(dir, sheet) {
            Ok(Some(grid)) => grid_json(&grid, &grid.check(ratio_decimals(parsed.as_ref()))),
            Ok(None) => Value::Null,
            Err(e) => json!({"problems": problems_json(&e.problems(), &[], dir)}),
        };
        let fields = match fields {
            Ok(fields) => json!(fields),
            Err(problems) => json!({"problems": problems}),
        };
        Json(json!({"name": baocao::report::folder_name(dir), "facts": fields, "content": content, "grid": grid})).into_response()
    })
    .await
}

/// The prose files of a report whose report.yaml cannot be read: the
/// Markdown files of its content folder.
fn content_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join(CONTENT_DIR))
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".md")).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// The facts of the report in `dir`, when report.yaml reads.
fn facts_of(dir: &Path) -> Option<Facts> {
    let path = dir.join(FACTS_FILE);
    text::read(&path, dir).ok().and_then(|s| Facts::parse(&path, &s).ok()).map(|(facts, _)| facts)
}

/// The report's `settings.ratio_decimals`, 1 when report.yaml does not
/// read.
fn ratio_decimals(facts: Option<&Facts>) -> u32 {
    facts.map_or(1, |f| f.settings.ratio_decimals)
}

fn grid_json(grid: &Grid, checked: &Checked) -> Value {
    let problems: Vec<Value> = checked.problems.iter().map(|p| json!({"row": p.row, "column": p.column, "message": p.message, "hint": p.hint})).collect();
    json!({
        "file": grid.path.file_name().map(|n| n.to_string_lossy().into_owned()),
        "form": match grid.form {
            Form::Csv(_) => "csv",
            Form::Yaml => "yaml",
            Form::Workbook => "workbook",
        },
        "headings": grid.headings,
        "keys": grid.keys(),
        "rows": grid.rows,
        "computed": checked.computed,
        "problems": problems,
    })
}

#[derive(Deserialize)]
struct FileQuery {
    path: String,
}

/// The prose file `name` (`content/NAME.md`) of the report, confined to
/// its folder; `None` for any other path.
fn prose_path(dir: &Path, name: &str) -> Option<PathBuf> {
    let file = name.strip_prefix("content/")?;
    let plain = !file.is_empty() && !file.contains(['/', '\\']) && !file.starts_with('.') && file.ends_with(".md");
    plain.then(|| dir.join(CONTENT_DIR).join(file))
}

fn not_prose(name: &str) -> Error {
    Error::input(
        Place::file(Path::new(name)),
        t!("trình soạn chỉ mở tệp nội dung content/*.md của báo cáo", "the editor opens only the report's prose files, content/*.md"),
        None,
    )
}

/// `GET /api/file?path=content/NAME.md`: a prose file's text.
async fn read_file(State(app): State<Arc<App>>, Query(query): Query<FileQuery>) -> Response {
    blocking(move || {
        let dir = &app.config.dir;
        let Some(path) = prose_path(dir, &query.path) else { return rejected(&app, &not_prose(&query.path)) };
        match text::read(&path, dir) {
            Ok(source) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], source).into_response(),
            Err(e) => rejected(&app, &e),
        }
    })
    .await
}

/// The open page a write comes from (its `X-Baocao-Page` header).
fn page_of(headers: &HeaderMap) -> String {
    headers.get(PAGE_HEADER).and_then(|h| h.to_str().ok()).unwrap_or("").chars().filter(char::is_ascii_alphanumeric).take(32).collect()
}

/// Writes `bytes` to `path` of the report atomically, after checking that
/// the file lies inside the folder, lays the booklet out again and tells
/// the other open pages (`writer` is the page that wrote).
fn write_report_file(app: &App, path: &Path, bytes: &[u8], writer: &str) -> Result<()> {
    let dir = &app.config.dir;
    if path.symlink_metadata().is_ok() {
        files::confined(path, dir).map_err(|refusal| refusal.into_error(path, None))?;
        if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Error::input(Place::file(path), t!("tệp là một liên kết: trình soạn không ghi qua liên kết", "the file is a link: the editor does not write through links"), None));
        }
    }
    app.written.lock().expect("written").insert(path.to_path_buf(), digest(bytes));
    output::write_atomic(path, bytes)?;
    wake(app);
    let relative = path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let _ = app.events.send(json!({"type": "files", "files": [relative], "page": writer}).to_string());
    Ok(())
}

/// `PUT /api/file?path=content/NAME.md`: saves a prose file.
async fn write_file(State(app): State<Arc<App>>, headers: HeaderMap, Query(query): Query<FileQuery>, body: Bytes) -> Response {
    let writer = page_of(&headers);
    blocking(move || {
        let dir = &app.config.dir;
        let Some(path) = prose_path(dir, &query.path) else { return rejected(&app, &not_prose(&query.path)) };
        if path.symlink_metadata().is_err() {
            return rejected(&app, &Error::input(Place::file(&path), t!("không có tệp này", "no such file"), None));
        }
        let Ok(text) = std::str::from_utf8(&body) else {
            return rejected(&app, &Error::input(Place::file(&path), t!("nội dung không phải UTF-8", "the text is not UTF-8"), None));
        };
        let crlf = files::read(&path, dir, baocao::limits::MAX_INPUT).is_ok_and(|old| old.windows(2).any(|w| w == b"\r\n"));
        let text = if crlf { text.replace("\r\n", "\n").replace('\n', "\r\n") } else { text.to_string() };
        match write_report_file(&app, &path, text.as_bytes(), &writer) {
            Ok(()) => Json(json!({"saved": true})).into_response(),
            Err(e) => rejected(&app, &e),
        }
    })
    .await
}

#[derive(Deserialize)]
struct FactEdit {
    key: String,
    value: String,
}

/// `PUT /api/fact`: one field of report.yaml, saved in place when the file
/// still reads as a report.
async fn write_fact(State(app): State<Arc<App>>, headers: HeaderMap, Json(edit): Json<FactEdit>) -> Response {
    let writer = page_of(&headers);
    blocking(move || {
        let dir = &app.config.dir;
        let path = dir.join(FACTS_FILE);
        let result = text::read(&path, dir)
            .and_then(|source| facts::set(&path, &source, &edit.key, &edit.value))
            .and_then(|edited| write_report_file(&app, &path, edited.as_bytes(), &writer));
        match result {
            Ok(()) => Json(json!({"saved": true})).into_response(),
            Err(e) => rejected(&app, &e),
        }
    })
    .await
}

#[derive(Deserialize)]
struct GridEdit {
    headings: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// The grid `edit` of the report's table, checked with the report's
/// `facts`.
fn checked_grid(app: &App, edit: GridEdit, facts: Option<&Facts>) -> Result<Option<(Grid, Checked)>> {
    let Some(grid) = Grid::edited(&app.config.dir, edit.headings, edit.rows)? else { return Ok(None) };
    if let Some(row) = grid.rows.iter().position(|r| r.len() != grid.headings.len()) {
        return Err(Error::input(
            Place::file(&grid.path),
            t!("dòng {} có {} ô nhưng bảng có {} cột", "row {} has {} cells but the table {} columns", row + 1, grid.rows[row].len(), grid.headings.len()),
            None,
        ));
    }
    let checked = grid.check(ratio_decimals(facts));
    Ok(Some((grid, checked)))
}

/// `POST /api/grid/check`: the grid's problems and computed columns,
/// writing nothing.
async fn check_grid(State(app): State<Arc<App>>, Json(edit): Json<GridEdit>) -> Response {
    blocking(move || match checked_grid(&app, edit, facts_of(&app.config.dir).as_ref()) {
        Ok(Some((grid, checked))) => Json(grid_json(&grid, &checked)).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, t!("báo cáo không có bảng chỉ tiêu", "the report has no indicator table")).into_response(),
        Err(e) => rejected(&app, &e),
    })
    .await
}

/// `PUT /api/grid`: the grid checked and, when it has no problem, saved to
/// the table's own file in its own format.
async fn write_grid(State(app): State<Arc<App>>, headers: HeaderMap, Json(edit): Json<GridEdit>) -> Response {
    let writer = page_of(&headers);
    blocking(move || {
        let dir = app.config.dir.clone();
        let facts = facts_of(&dir);
        let (grid, checked) = match checked_grid(&app, edit, facts.as_ref()) {
            Ok(Some(found)) => found,
            Ok(None) => return (StatusCode::NOT_FOUND, t!("báo cáo không có bảng chỉ tiêu", "the report has no indicator table")).into_response(),
            Err(e) => return rejected(&app, &e),
        };
        let mut answer = grid_json(&grid, &checked);
        let Some(indicators) = &checked.indicators else {
            answer["saved"] = false.into();
            return Json(answer).into_response();
        };
        let date = facts.as_ref().map_or(baocao::date::Date { year: 2000, month: 1, day: 1 }, |f| f.date);
        let sheet = facts.as_ref().and_then(|f| f.indicators_sheet.as_deref());
        let written = grid
            .file_bytes(&dir, sheet, indicators, date, ratio_decimals(facts.as_ref()))
            .and_then(|bytes| write_report_file(&app, &grid.path, &bytes, &writer));
        match written {
            Ok(()) => {
                answer["saved"] = true.into();
                Json(answer).into_response()
            }
            Err(e) => rejected(&app, &e),
        }
    })
    .await
}

/// `GET /api/problems`: what `baocao check` finds.
async fn problems(State(app): State<Arc<App>>) -> Response {
    blocking(move || {
        let session = app.session.lock().expect("session");
        match baocao::check::check(session.project(), &app.config.dir) {
            Ok(findings) => {
                let errors: Vec<&Error> = findings.errors.iter().collect();
                let mut problems = problems_json(&errors, &findings.warnings, &app.config.dir);
                locate_cells(&app.config.dir, &mut problems);
                Json(problems).into_response()
            }
            Err(e) => rejected(&app, &e),
        }
    })
    .await
}

#[derive(Deserialize)]
struct SourceQuery {
    page: usize,
    x: f64,
    y: f64,
}

/// `GET /api/source?page=N&x=X&y=Y`: what the point clicked (in points
/// from the page's top left) comes from.
async fn source(State(app): State<Arc<App>>, Query(query): Query<SourceQuery>) -> Response {
    blocking(move || {
        let session = app.session.lock().expect("session");
        Json(json!({"target": session.source_at(query.page, query.x, query.y)})).into_response()
    })
    .await
}

#[derive(Deserialize)]
struct PlaceQuery {
    file: String,
    line: usize,
}

/// `GET /api/place?file=content/NAME.md&line=N`: where that line's text
/// stands in the pages, for the preview to show it.
async fn place(State(app): State<Arc<App>>, Query(query): Query<PlaceQuery>) -> Response {
    blocking(move || {
        let session = app.session.lock().expect("session");
        let place = session.place_of_line(&query.file, query.line).map(|(page, top)| json!({"page": page, "top": top}));
        Json(json!({"place": place})).into_response()
    })
    .await
}

/// `POST /api/build`: the PDF and the DOCX into the output folder, as
/// `baocao build` writes them.
async fn build(State(app): State<Arc<App>>) -> Response {
    blocking(move || {
        let session = app.session.lock().expect("session");
        let project = session.project();
        let written = Booklet::compose_with(project, &app.config.dir, Options::default(), Strictness::Strict)
            .and_then(|booklet| booklet.write(project, &app.config.out, Format::All));
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
