//! `baocao edit`: the local server's guards (token, Host, confinement,
//! signals, idle exit), its build button, edits made on disk, and the
//! editor driven in Debian's Chromium by playwright-core
//! (tests/browser/editor.mjs).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{root, sample, sample_copy, temp_dir, tool};

/// A running `baocao edit`, stopped when dropped.
struct Editor {
    child: Child,
    port: u16,
    token: String,
}

impl Editor {
    fn start(data: &Path, out: &Path, extra: &[&str]) -> Editor {
        let mut child = Command::new(env!("CARGO_BIN_EXE_baocao"))
            .args(["edit", data.to_str().unwrap(), "--no-open", "--out", out.to_str().unwrap()])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim();
        let rest = url.strip_prefix("http://127.0.0.1:").unwrap_or_else(|| panic!("the editor printed {url:?}"));
        let (port, token) = rest.split_once("/?token=").unwrap();
        Editor { child, port: port.parse().unwrap(), token: token.to_string() }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }

    /// Sends one request and returns the status code and body.
    fn request(&self, method: &str, path: &str, host: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        // The server may answer (413) before a large body is all sent.
        let _ = stream.write_all(request.as_bytes());
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let status = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        (status, body)
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn get(&self, path: &str) -> (u16, String) {
        let sep = if path.contains('?') { '&' } else { '?' };
        self.request("GET", &format!("{path}{sep}token={}", self.token), &self.host(), &[], "")
    }

    fn send(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        self.request(method, path, &self.host(), &[("X-Baocao-Token", &self.token), ("Content-Type", "application/json")], body)
    }

    /// Waits up to `limit` for the process to end; its exit code.
    fn wait_exit(&mut self, limit: Duration) -> Option<i32> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status.code().unwrap_or(-1));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// The server's resident memory in bytes.
    fn resident(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kb: u64 = status.lines().find_map(|l| l.strip_prefix("VmRSS:")).unwrap().trim().trim_end_matches("kB").trim().parse().unwrap();
        kb * 1024
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_editor_refuses_requests_without_its_token_or_from_another_host() {
    let data = sample_copy("guarded");
    let out = temp_dir("guarded-out");
    let mut editor = Editor::start(&data, &out, &[]);
    let host = editor.host();
    let token = editor.token.clone();
    let (status, _) = editor.request("GET", "/api/report", &host, &[], "");
    assert_eq!(status, 403, "no token");
    let (status, _) = editor.request("GET", "/api/report?token=0000", &host, &[], "");
    assert_eq!(status, 403, "a wrong token");
    let rebound = format!("attacker.example:{}", editor.port);
    let (status, _) = editor.request("GET", &format!("/api/report?token={token}"), &rebound, &[], "");
    assert_eq!(status, 403, "a foreign Host (DNS rebinding)");
    let (status, body) = editor.request("GET", &format!("/api/report?token={token}"), &format!("localhost:{}", editor.port), &[], "");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"parent_body\""), "{body}");
    // A write must carry the token in its header, not only in the URL.
    let mo_dau = data.join("content/mo-dau.md");
    let before = std::fs::read(&mo_dau).unwrap();
    let (status, _) = editor.request("PUT", &format!("/api/file?path=content/mo-dau.md&token={token}"), &host, &[], "xoá");
    assert_eq!(status, 403);
    assert_eq!(std::fs::read(&mo_dau).unwrap(), before);
    // Nothing outside the report's prose can be read or written.
    for path in ["../report.yaml", "content/../../etc/passwd", "/etc/passwd", "content/.hidden.md", "report.yaml"] {
        let (status, body) = editor.get(&format!("/api/file?path={path}"));
        assert_eq!(status, 422, "{path}: {body}");
        let (status, _) = editor.send("PUT", &format!("/api/file?path={path}"), "x");
        assert_eq!(status, 422, "{path}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", data.join("content/link.md")).unwrap();
        let (status, body) = editor.get("/api/file?path=content/link.md");
        assert_eq!(status, 422, "{body}");
        assert!(!body.contains("root:"), "{body}");
        let (status, _) = editor.send("PUT", "/api/file?path=content/link.md", "x");
        assert_eq!(status, 422);
        assert!(std::fs::read_to_string("/etc/passwd").unwrap().contains("root"));
    }
    // A fact that would break report.yaml is refused at its place and not
    // written; a good one is written in place, comments kept.
    let facts = std::fs::read_to_string(data.join("report.yaml")).unwrap();
    let (status, body) = editor.send("PUT", "/api/fact", r#"{"key":"year","value":"hai nghìn"}"#);
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("report.yaml"), "{body}");
    assert_eq!(std::fs::read_to_string(data.join("report.yaml")).unwrap(), facts);
    let (status, body) = editor.send("PUT", "/api/fact", r#"{"key":"place","value":"Thành phố Trà Vinh"}"#);
    assert_eq!(status, 200, "{body}");
    assert_eq!(std::fs::read_to_string(data.join("report.yaml")).unwrap(), facts.replace("place: Trà Vinh", "place: Thành phố Trà Vinh"));
    // A grid whose rows do not match its headings, and a body over the
    // size of input a build reads, are refused; nothing is written.
    let csv = std::fs::read(data.join("indicators.csv")).unwrap();
    let (status, body) = editor.send("PUT", "/api/grid", r#"{"headings":["mã","tên"],"rows":[["a","b","c"]]}"#);
    assert_eq!(status, 422, "{body}");
    let huge = "x".repeat(9 * 1024 * 1024);
    let (status, _) = editor.send("PUT", "/api/file?path=content/mo-dau.md", &huge);
    assert_eq!(status, 413);
    assert_eq!(std::fs::read(data.join("indicators.csv")).unwrap(), csv);
    assert_eq!(std::fs::read(&mo_dau).unwrap(), before);
    // No such page.
    for page in ["0.svg", "999.svg", "x.svg"] {
        assert_eq!(editor.get(&format!("/pages/{page}")).0, 404, "{page}");
    }
    // The page itself, with its token and language.
    let (status, page) = editor.get("/");
    assert_eq!(status, 200);
    assert!(page.contains(&format!("content=\"{token}\"")) && page.contains("lang=\"vi\""));
    // SIGTERM stops it.
    #[cfg(unix)]
    {
        unsafe { libc::kill(editor.child.id() as i32, libc::SIGTERM) };
        assert_eq!(editor.wait_exit(Duration::from_secs(10)), Some(0), "the editor stops on SIGTERM");
    }
}

#[test]
fn the_editor_stops_when_no_page_has_been_open_for_its_idle_time() {
    let data = sample_copy("idle");
    let out = temp_dir("idle-out");
    let mut editor = Editor::start(&data, &out, &["--idle-exit", "0.02"]);
    assert_eq!(editor.wait_exit(Duration::from_secs(20)), Some(0));
}

#[test]
fn the_build_button_writes_what_baocao_build_writes_and_disk_edits_reach_the_pages() {
    let data = sample_copy("button");
    let out = temp_dir("button-out");
    let editor = Editor::start(&data, &out, &[]);
    let mut events = TcpStream::connect(("127.0.0.1", editor.port)).unwrap();
    write!(events, "GET /events?token={} HTTP/1.1\r\nHost: {}\r\n\r\n", editor.token, editor.host()).unwrap();
    let mut events = BufReader::new(events);
    let next_event = |events: &mut BufReader<TcpStream>, kind: &str| -> String {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(events.read_line(&mut line).unwrap() > 0, "the event stream ended");
            if line.starts_with("data:") && line.contains(&format!("\"type\":\"{kind}\"")) {
                return line;
            }
        }
    };
    let first = next_event(&mut events, "pages");
    assert!(first.contains("\"failed\":false"), "{first}");
    // Another program edits a prose file: the pages follow.
    crate::common::edit(&data.join("content/mo-dau.md"), "Năm qua,", "Năm 2020 vừa qua,");
    let files = next_event(&mut events, "files");
    assert!(files.contains("content/mo-dau.md"), "{files}");
    let pages = next_event(&mut events, "pages");
    assert!(!pages.contains("\"changed\":[]"), "{pages}");
    // A page's save reaches the other pages, naming the page that saved.
    let text = std::fs::read_to_string(data.join("content/nhiem-vu.md")).unwrap() + "\nĐoạn thêm từ một cửa sổ khác.\n";
    let (status, body) = editor.request(
        "PUT",
        "/api/file?path=content/nhiem-vu.md",
        &editor.host(),
        &[("X-Baocao-Token", &editor.token), ("X-Baocao-Page", "cuaso1")],
        &text,
    );
    assert_eq!(status, 200, "{body}");
    let saved = next_event(&mut events, "files");
    assert!(saved.contains("content/nhiem-vu.md") && saved.contains("\"page\":\"cuaso1\""), "{saved}");
    assert_eq!(std::fs::read_to_string(data.join("content/nhiem-vu.md")).unwrap(), text);
    // The build button.
    let (status, body) = editor.send("POST", "/api/build", "{}");
    assert_eq!(status, 200, "{body}");
    let built = temp_dir("button-cli");
    let cli = crate::common::baocao(&["build", data.to_str().unwrap(), "--out", built.to_str().unwrap()]);
    assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));
    for name in ["button.pdf", "button.docx"] {
        assert_eq!(std::fs::read(out.join(name)).unwrap(), std::fs::read(built.join(name)).unwrap(), "{name}");
    }
    // A click on the cover goes to a fact; on the body, to a prose line.
    let (_, cover) = editor.get("/api/source?page=1&x=300&y=450");
    assert!(cover.contains("\"kind\":\"fact\""), "{cover}");
    let (_, body) = editor.get("/api/source?page=3&x=300&y=400");
    assert!(body.contains("\"file\":\"content/"), "{body}");
}

/// Whether the browser test can run here: Debian's Chromium and
/// playwright-core (`npm ci` in tests/browser).
fn browser_available() -> bool {
    let playwright = root().join("tests/browser/node_modules/playwright-core");
    let chromium = Path::new("/usr/bin/chromium").is_file();
    if !(tool("node") && chromium && playwright.is_dir()) {
        assert!(
            std::env::var("BAOCAO_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "Chromium (/usr/bin/chromium) and playwright-core (npm ci in tests/browser) are required (BAOCAO_REQUIRE_TOOLS=1)"
        );
        eprintln!("\n*** NOTICE: Chromium or playwright-core is missing; the browser test is SKIPPED (CI installs them) ***\n");
        return false;
    }
    true
}

#[test]
fn the_editor_in_chromium_updates_the_pages_and_saves_the_files() {
    if !browser_available() {
        return;
    }
    let data = sample_copy("browser");
    let out = temp_dir("browser-out");
    let profile = temp_dir("browser-profile");
    let editor = Editor::start(&data, &out, &[]);
    let shot: PathBuf = root().join("target/editor-screenshot.png");
    let run = Command::new("node")
        .arg(root().join("tests/browser/editor.mjs"))
        .env("BAOCAO_URL", editor.url())
        .env("BAOCAO_SHOT", &shot)
        .env("BAOCAO_PROFILE", profile.as_os_str())
        .output()
        .unwrap();
    let seen = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{seen}\n{}", String::from_utf8_lossy(&run.stderr));
    let seen: serde_json::Value = serde_json::from_str(seen.trim()).unwrap();
    assert_eq!(seen["pages"], 23);
    assert!(seen["cell_error"].as_str().unwrap().contains("68,5"), "{seen}");
    assert_eq!((seen["ratio_before"].as_str(), seen["ratio_after"].as_str()), (Some("70"), Some("71,7")));
    // The files on disk: exactly the two edits, nothing else.
    let original = sample();
    let ket_qua = std::fs::read_to_string(data.join("content/ket-qua.md")).unwrap();
    let expected = {
        let text = std::fs::read_to_string(original.join("content/ket-qua.md")).unwrap();
        let start = text.find("BTVTU đã ban hành").unwrap();
        let at = start + text[start..].find('\n').unwrap();
        format!("{} Thêm chữ thử nghiệm.{}", &text[..at], &text[at..])
    };
    assert_eq!(ket_qua, expected);
    let csv = std::fs::read_to_string(data.join("indicators.csv")).unwrap();
    let original_csv = std::fs::read_to_string(original.join("indicators.csv")).unwrap();
    assert_eq!(csv, original_csv.replace(";23.000;16.100;", ";23.000;16.500;"));
    for name in ["report.yaml", "content/mo-dau.md", "content/nhiem-vu.md"] {
        assert_eq!(std::fs::read(data.join(name)).unwrap(), std::fs::read(original.join(name)).unwrap(), "{name}");
    }
    let resident = editor.resident();
    assert!(resident < 200 * 1024 * 1024, "the server uses {} MB", resident / 1024 / 1024);
    assert!(shot.is_file());
    eprintln!("editor: {seen}; server {} MB resident; screenshot {}", resident / 1024 / 1024, shot.display());
}

#[test]
fn the_marks_the_preview_needs_leave_the_pages_as_the_pdf_sets_them() {
    let project = crate::common::project();
    let booklet = baocao::Booklet::compose(project, &sample()).unwrap();
    let plain = booklet.layout(project).unwrap();
    let marked = baocao::render::pdf::layout_marked(&booklet.document, &project.fonts, &project.assets, &booklet.report.dir).unwrap();
    assert_eq!(plain.page_count(), marked.page_count());
    let options = typst_svg::SvgOptions::default();
    for (i, (a, b)) in plain.pages().iter().zip(marked.pages()).enumerate() {
        assert!(typst_svg::svg(a, &options) == typst_svg::svg(b, &options), "page {} differs once marked", i + 1);
    }
    assert!(plain.marks().is_empty());
    assert_eq!(marked.marks().len(), booklet.document.blocks_in_order().len(), "every block is marked");
}

#[test]
fn the_editor_speaks_english_with_lang_en() {
    let data = sample_copy("english");
    let out = temp_dir("english-out");
    let editor = Editor::start(&data, &out, &["--lang", "en"]);
    let (status, page) = editor.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"en\">"), "{page}");
    let (status, body) = editor.get("/api/file?path=../report.yaml");
    assert_eq!(status, 422);
    assert!(body.contains("the editor opens only the report's prose files"), "{body}");
}
