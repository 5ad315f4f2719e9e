//! The editor's local web server: axum on tokio, bound to 127.0.0.1 only.
//!
//! Every request must carry the session's random token (in the URL, or,
//! for a request that writes, in the `X-Baocao-Token` header) and a Host
//! header naming 127.0.0.1 or localhost at the server's port (a page of
//! another site that rebinds its name to 127.0.0.1 gets 403). A client
//! that sends its headers or body too slowly is closed, and connections
//! are capped, so a stuck or hostile client cannot hold the editor. One
//! compiler thread lays the booklet out; a burst of edits is one
//! compilation; each result goes to every open page as a server-sent event
//! naming the hash of every page, so a page fetches only the SVGs that
//! changed. The routes that read and write the report are in [`api`]; what
//! they do is the library's (`baocao::edit`).

mod api;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use serde_json::{Value, json};
use tokio::sync::{Semaphore, broadcast, watch};

use baocao::build::Project;
use baocao::edit::store::Store;
use baocao::edit::preview::Pages;
use baocao::edit::{Session, problems_json};
use baocao::error::{Error, Place, Result};
use baocao::t;

/// The page, compiled into the program.
const INDEX_HTML: &str = include_str!("../web/index.html");

/// Its scripts and style sheet (code, no data: served without the token,
/// so that a module can import another).
const WEB: [(&str, &str, &str); 9] = [
    ("app.js", "text/javascript; charset=utf-8", include_str!("../web/app.js")),
    ("facts.js", "text/javascript; charset=utf-8", include_str!("../web/facts.js")),
    ("grid.js", "text/javascript; charset=utf-8", include_str!("../web/grid.js")),
    ("net.js", "text/javascript; charset=utf-8", include_str!("../web/net.js")),
    ("pages.js", "text/javascript; charset=utf-8", include_str!("../web/pages.js")),
    ("prose.js", "text/javascript; charset=utf-8", include_str!("../web/prose.js")),
    ("ui.js", "text/javascript; charset=utf-8", include_str!("../web/ui.js")),
    ("words.js", "text/javascript; charset=utf-8", include_str!("../web/words.js")),
    ("style.css", "text/css; charset=utf-8", include_str!("../web/style.css")),
];

/// The header a request that writes carries the token in.
const TOKEN_HEADER: &str = "x-baocao-token";

/// How long a client may take to send a request's headers, or its body.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// The most connections served at once; more wait to be accepted. An open
/// page holds one (its event stream) and briefly a few more; slow clients
/// are closed after [`HEADER_TIMEOUT`], so many of them at once only wait
/// that long for a place.
const MAX_CONNECTIONS: usize = 512;

/// How the editor is served.
#[derive(Debug, Clone)]
pub(super) struct Config {
    /// The port; `None` for the report's own port (the same each time the
    /// same folder is edited, so that a page's unsaved text, kept by the
    /// browser for that address, is found again after a restart), or a
    /// free one when that is taken.
    pub(super) port: Option<u16>,
    /// Where the build button writes the PDF and the DOCX.
    pub(super) out: std::path::PathBuf,
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
    /// The report's files, read and written with their versions.
    store: Store,
    session: Mutex<Session>,
    /// The pages as last laid out, shown while the next layout runs.
    pages: Mutex<Pages>,
    /// The texts the pages show typed and not saved yet, by file, each
    /// with the page that sent it: laid out in place of the files'.
    previews: Mutex<BTreeMap<String, (String, String)>>,
    /// The templates and fonts, for checks run beside the compiler.
    project: Project,
    /// The last result of the compiler, as sent to the pages.
    status: Mutex<String>,
    events: broadcast::Sender<String>,
    wake: Mutex<mpsc::Sender<()>>,
    /// Counts the compilations and writes, so that an answer computed for
    /// one state of the files is reused until they change.
    generation: AtomicU64,
    /// The last answer of `baocao check`, with its generation: a flood of
    /// requests for it is one check.
    problems: tokio::sync::Mutex<Option<(u64, Value)>>,
    viewers: AtomicUsize,
    idle_since: Mutex<Instant>,
    shutdown: watch::Sender<bool>,
}

/// Serves the editor of `session`'s report until Ctrl-C, SIGTERM or the
/// idle limit; `ready` is called with the address to open once the port is
/// bound.
pub(super) fn serve(session: Session, config: Config, ready: impl FnOnce(&str)) -> Result<()> {
    raise_file_limit();
    // A few threads for the work that blocks (reading and writing files,
    // checks): each thread that allocates keeps its own memory pool, so
    // a burst of saves would otherwise leave the editor larger each time.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(4)
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("tokio: {e}")))?;
    runtime.block_on(run(session, config, ready))
}

/// The port the editor of the report folder `dir` prefers: one of
/// 20000-29999 (below the range the system hands out), from its path.
fn own_port(dir: &Path) -> u16 {
    let digest = baocao::edit::store::version_of(dir.as_os_str().as_encoded_bytes());
    let number = u16::from_str_radix(&digest[..4], 16).unwrap_or(0);
    20000 + number % 10000
}

fn bind(config: &Config, dir: &Path) -> Result<tokio::net::TcpListener> {
    let refused = |port: u16, e: std::io::Error| {
        Error::input(
            Place::file(Path::new(&format!("127.0.0.1:{port}"))),
            t!("không mở được cổng {port}: {e}", "cannot open port {port}: {e}"),
            Some(t!("chọn cổng khác với --port, hoặc bỏ --port để dùng cổng trống", "choose another port with --port, or leave --port out for a free one")),
        )
    };
    match config.port {
        Some(port) => listen(port).map_err(|e| refused(port, e)),
        None => listen(own_port(dir)).or_else(|_| listen(0)).map_err(|e| refused(0, e)),
    }
}

/// A listener on 127.0.0.1 at `port` whose queue of connections not yet
/// accepted is long (1024, not the usual 128): a burst of requests is
/// answered, not reset.
fn listen(port: u16) -> std::io::Result<tokio::net::TcpListener> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.set_reuseaddr(true)?;
    socket.bind(std::net::SocketAddr::from(([127, 0, 0, 1], port)))?;
    socket.listen(1024)
}

async fn run(session: Session, config: Config, ready: impl FnOnce(&str)) -> Result<()> {
    let store = Store::open(session.dir())?;
    let listener = bind(&config, store.dir())?;
    let port = listener.local_addr().map_err(|e| Error::Internal(e.to_string()))?.port();
    let (wake, woken) = mpsc::channel();
    let (events, _) = broadcast::channel(64);
    let (shutdown, _) = watch::channel(false);
    let project = session.project().clone();
    let app = Arc::new(App {
        token: new_token()?,
        port,
        config: config.clone(),
        store,
        session: Mutex::new(session),
        pages: Mutex::new(Pages::default()),
        previews: Mutex::new(BTreeMap::new()),
        project,
        status: Mutex::new(String::new()),
        events,
        wake: Mutex::new(wake),
        generation: AtomicU64::new(0),
        problems: tokio::sync::Mutex::new(None),
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
    accept(listener, router(Arc::clone(&app)), app.shutdown.subscribe()).await;
    Ok(())
}

/// Serves the connections of `listener` until `stopped`: each closed when
/// its client is slower than [`HEADER_TIMEOUT`] with a request's headers,
/// at most [`MAX_CONNECTIONS`] at once.
async fn accept(listener: tokio::net::TcpListener, router: Router, mut stopped: watch::Receiver<bool>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            _ = stopped.wait_for(|s| *s) => return,
        };
        let Ok(slot) = slot else { return };
        let stream = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stopped.wait_for(|s| *s) => return,
        };
        let Ok((stream, _)) = stream else {
            // Out of file descriptors, say: wait for some to close.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let service = TowerToHyperService::new(router.clone());
        let mut stop = stopped.clone();
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = async { let _ = stop.wait_for(|s| *s).await; } => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(2), connection).await;
                }
            }
            drop(slot);
        });
    }
}

/// Raises the soft limit of open files to the hard one (at most 8192): a
/// page opens a few connections at once, and slow clients hold theirs.
fn raise_file_limit() {
    #[cfg(unix)]
    // SAFETY: getrlimit and setrlimit with a valid struct.
    unsafe {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_cur.max(limit.rlim_max.min(8192));
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// The routes, behind the token and Host checks.
fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/web/{name}", get(asset))
        .route("/events", get(events))
        .route("/pages/{name}", get(api::page))
        .route("/api/glyphs", get(api::glyphs))
        .route("/api/preview", put(api::preview))
        .route("/api/ping", get(api::ping))
        .route("/api/report", get(api::report))
        .route("/api/file", get(api::read_file).put(api::write_file))
        .route("/api/fact", put(api::write_fact))
        .route("/api/grid", put(api::write_grid))
        .route("/api/problems", get(api::problems))
        .route("/api/source", get(api::source))
        .route("/api/place", get(api::place))
        .route("/api/build", post(api::build))
        .layer(middleware::from_fn(body_deadline))
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
        return forbidden(&request, t!("tên máy không đúng", "wrong Host"));
    }
    let code = request.method() == Method::GET && request.uri().path().strip_prefix("/web/").is_some_and(|name| WEB.iter().any(|(n, ..)| *n == name));
    if code {
        return next.run(request).await;
    }
    let in_header = request.headers().get(TOKEN_HEADER).and_then(|h| h.to_str().ok());
    let in_query = request.uri().query().unwrap_or("").split('&').find_map(|pair| pair.strip_prefix("token="));
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    let given = if reads { in_header.or(in_query) } else { in_header };
    if !given.is_some_and(|g| same(g.as_bytes(), app.token.as_bytes())) {
        return forbidden(&request, t!("thiếu mã phiên hoặc mã không đúng: mở lại địa chỉ baocao edit in ra", "missing or wrong token: open the address baocao edit printed"));
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Reads a request's body whole, within [`BODY_TIMEOUT`] and the input
/// limit, before the route sees it: a client that sends its body a byte at
/// a time is closed (408), one too large refused (413).
async fn body_deadline(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let limit = usize::try_from(baocao::limits::MAX_INPUT).unwrap_or(usize::MAX);
    match tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, limit)).await {
        Ok(Ok(bytes)) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Ok(Err(_)) => (StatusCode::PAYLOAD_TOO_LARGE, t!("nội dung gửi lên quá lớn", "the request is too large")).into_response(),
        Err(_) => (StatusCode::REQUEST_TIMEOUT, t!("gửi quá chậm", "sent too slowly")).into_response(),
    }
}

/// Whether `a` and `b` are equal, compared in time that does not depend on
/// where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 403 with `message`; for the page itself, a page that says what to do,
/// and that what was typed and not saved is kept in the browser.
fn forbidden(request: &Request, message: String) -> Response {
    if request.uri().path() != "/" {
        return (StatusCode::FORBIDDEN, message).into_response();
    }
    let page = t!(
        "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>baocao</title><h1>Phiên soạn này đã hết</h1><p>{message}.</p><p>baocao edit in ra một địa chỉ mới mỗi lần chạy. Mở địa chỉ đó: những gì đã gõ mà chưa lưu ở trang cũ vẫn được trình duyệt giữ và sẽ được đưa lại ở đó.</p></html>",
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>baocao</title><h1>This editing session has ended</h1><p>{message}.</p><p>baocao edit prints a new address each time it starts. Open that address: what was typed and not saved in the old page is kept by the browser and offered back there.</p></html>"
    );
    (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

/// `GET /web/NAME`: a script or the style sheet of the page.
async fn asset(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    match WEB.iter().find(|(n, ..)| *n == name) {
        Some((_, content_type, body)) => ([(header::CONTENT_TYPE, *content_type), (header::CACHE_CONTROL, "no-store")], *body).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
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
    let mut session = app.session.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let overlay = app.previews.lock().unwrap_or_else(std::sync::PoisonError::into_inner).iter().map(|(file, (_, text))| (file.clone(), text.clone())).collect();
    session.set_overlay(overlay);
    let refresh = session.refresh();
    *app.pages.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = session.pages().clone();
    let hashes: Vec<String> = session.pages().pages.iter().map(|p| format!("{:032x}", p.hash)).collect();
    let sizes: Vec<[f64; 2]> = session.pages().pages.iter().map(|p| p.size()).collect();
    let errors: Vec<&Error> = refresh.error.as_ref().map(|e| e.problems()).unwrap_or_default();
    let mut problems = problems_json(&errors, &refresh.warnings, session.dir());
    drop(session);
    baocao::edit::place_in_grid(app.store.dir(), &mut problems);
    let status = json!({
        "type": "pages",
        "pages": hashes,
        "sizes": sizes,
        "changed": refresh.changed,
        "failed": refresh.error.is_some(),
        "problems": problems,
        "ms": started.elapsed().as_secs_f64() * 1e3,
    })
    .to_string();
    *app.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = status.clone();
    app.generation.fetch_add(1, Ordering::SeqCst);
    let _ = app.events.send(status);
    give_back_memory();
}

/// Hands the memory a layout freed back to the system (glibc keeps it
/// otherwise, and an editor open all day would look ever larger).
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The compiler thread: one compilation for each burst of wake-ups.
fn compile_loop(app: &App, woken: &mpsc::Receiver<()>) {
    while woken.recv().is_ok() {
        while woken.try_recv().is_ok() {}
        compile_once(app);
    }
}

fn wake(app: &App) {
    app.generation.fetch_add(1, Ordering::SeqCst);
    let _ = app.wake.lock().unwrap_or_else(std::sync::PoisonError::into_inner).send(());
}

/// Tells every open page that `files` changed (each `{file, version}`);
/// `page` is the page that wrote them, if one did.
fn announce(app: &App, files: Value, page: &str) {
    let _ = app.events.send(json!({"type": "files", "files": files, "page": page}).to_string());
}

/// Watches the report folder and the templates: an edit made by another
/// program is laid out and announced to the pages, with the file's new
/// version. The editor's own writes are known by their bytes.
fn watch_files(app: &Arc<App>) -> Result<impl Drop + use<>> {
    let watcher_app = Arc::clone(app);
    let out = app.config.out.canonicalize().unwrap_or_else(|_| app.config.out.clone());
    let mut debouncer = new_debouncer(Duration::from_millis(40), None, move |events: DebounceEventResult| {
        let Ok(events) = events else { return };
        let mut changed: Vec<Value> = Vec::new();
        let mut relayout = false;
        for path in events.iter().filter(|e| !e.kind.is_access()).flat_map(|e| e.paths.iter()) {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.starts_with('.') || name.ends_with('~') || name.ends_with(".tmp") || path.starts_with(&out) {
                continue;
            }
            if !path.starts_with(watcher_app.store.dir()) {
                relayout = true;
                continue;
            }
            if let Some(change) = watcher_app.store.outside_change(path) {
                relayout = true;
                if !changed.iter().any(|c| c["file"] == change.file.as_str()) {
                    changed.push(json!(change));
                }
            }
        }
        if !changed.is_empty() {
            announce(&watcher_app, Value::Array(changed), "");
        }
        if relayout {
            wake(&watcher_app);
        }
    })
    .map_err(|e| Error::Internal(format!("notify: {e}")))?;
    let dir = app.store.dir().to_path_buf();
    debouncer.watch(&dir, RecursiveMode::Recursive).map_err(|e| Error::io(&dir, t!("không theo dõi được", "cannot watch"), std::io::Error::other(e.to_string())))?;
    if let Some(templates) = app.project.assets.templates_dir() {
        let _ = debouncer.watch(templates, RecursiveMode::Recursive);
    }
    Ok(debouncer)
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
        let idle_for = app.idle_since.lock().unwrap_or_else(std::sync::PoisonError::into_inner).elapsed();
        if app.viewers.load(Ordering::SeqCst) == 0 && idle_for >= idle {
            let _ = app.shutdown.send(true);
            return;
        }
    }
}

/// An open page, counted while its event stream lives; when it goes, so
/// do the previews of its unsaved text.
struct Viewer(Arc<App>, String);

impl Viewer {
    fn new(app: Arc<App>, page: String) -> Viewer {
        app.viewers.fetch_add(1, Ordering::SeqCst);
        Viewer(app, page)
    }
}

impl Drop for Viewer {
    fn drop(&mut self) {
        self.0.viewers.fetch_sub(1, Ordering::SeqCst);
        *self.0.idle_since.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Instant::now();
        let forgotten = {
            let mut previews = self.0.previews.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let before = previews.len();
            previews.retain(|_, (page, _)| *page != self.1);
            previews.len() != before
        };
        if forgotten {
            wake(&self.0);
        }
    }
}

#[derive(serde::Deserialize)]
struct EventsQuery {
    /// The page that listens (as it names itself in `X-Baocao-Page`).
    #[serde(default)]
    page: String,
}

/// The stream of the compiler's results and of files changed on disk,
/// the latest result first.
async fn events(
    State(app): State<Arc<App>>,
    axum::extract::Query(query): axum::extract::Query<EventsQuery>,
) -> Sse<impl futures_util::Stream<Item = std::result::Result<Event, Infallible>>> {
    let first = app.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    let page: String = query.page.chars().filter(char::is_ascii_alphanumeric).take(32).collect();
    let state = (Some(first), app.events.subscribe(), app.shutdown.subscribe(), Viewer::new(Arc::clone(&app), page));
    let stream = futures_util::stream::unfold(state, |(first, mut events, mut stopped, viewer)| async move {
        if let Some(first) = first.filter(|f| !f.is_empty()) {
            return Some((Ok(Event::default().data(first)), (None, events, stopped, viewer)));
        }
        let message = tokio::select! {
            message = events.recv() => message,
            _ = stopped.wait_for(|s| *s) => return None,
        };
        let data = match message {
            Ok(message) => message,
            // Events were missed: the page checks every file again.
            Err(broadcast::error::RecvError::Lagged(_)) => json!({"type": "resync"}).to_string(),
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok(Event::default().data(data)), (None, events, stopped, viewer)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
