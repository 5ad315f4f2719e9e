//! `baocao edit`: the local server's guards (token, Host, confinement,
//! signals, idle exit), its build button and edits made on disk. The
//! harness here starts the editor for the other editor tests (saves and
//! merges in editor_saves.rs, the browser in editor_browser.rs).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{sample, sample_copy, temp_dir};

/// A running `baocao edit`, stopped when dropped.
pub struct Editor {
    pub child: Child,
    pub port: u16,
    pub token: String,
}

impl Editor {
    pub fn start(data: &Path, out: &Path, extra: &[&str]) -> Editor {
        Editor::start_in(Path::new("."), data, out, extra)
    }

    /// Started in folder `cwd`, `data` as given there (relative, as the
    /// README shows).
    pub fn start_in(cwd: &Path, data: &Path, out: &Path, extra: &[&str]) -> Editor {
        let mut child = Command::new(env!("CARGO_BIN_EXE_baocao"))
            .current_dir(cwd)
            .args(["edit", data.to_str().unwrap(), "--no-open", "--out", out.to_str().unwrap()])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim();
        let rest = url.strip_prefix("http://127.0.0.1:").unwrap_or_else(|| panic!("the editor printed {url:?}"));
        let (port, token) = rest.split_once("/?token=").unwrap();
        Editor { child, port: port.parse().unwrap(), token: token.to_string() }
    }


    /// Sends one request and returns the status code and body.
    pub fn request(&self, method: &str, path: &str, host: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
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

    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        let sep = if path.contains('?') { '&' } else { '?' };
        self.request("GET", &format!("{path}{sep}token={}", self.token), &self.host(), &[], "")
    }

    pub fn send(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        self.request(method, path, &self.host(), &[("X-Baocao-Token", &self.token), ("Content-Type", "application/json")], body)
    }

    /// Waits up to `limit` for the process to end; its exit code.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<i32> {
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
    pub fn resident(&self) -> u64 {
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
    // Nothing but the report's prose and report.yaml can be read or
    // written.
    for path in ["../report.yaml", "content/../../etc/passwd", "/etc/passwd", "content/.hidden.md", "indicators.csv"] {
        let (status, body) = editor.get(&format!("/api/file?path={path}"));
        assert_eq!(status, 422, "{path}: {body}");
        let (status, _) = editor.send("PUT", &format!("/api/file?path={path}"), r#"{"base":"","text":"x"}"#);
        assert_eq!(status, 422, "{path}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", data.join("content/link.md")).unwrap();
        let (status, body) = editor.get("/api/file?path=content/link.md");
        assert_eq!(status, 422, "{body}");
        assert!(!body.contains("root:"), "{body}");
        let (status, _) = editor.send("PUT", "/api/file?path=content/link.md", r#"{"base":"","text":"x","force":true}"#);
        assert_eq!(status, 422);
        assert!(std::fs::read_to_string("/etc/passwd").unwrap().contains("root"));
    }
    // A fact that would break report.yaml is refused at its place and not
    // written; a good one is written in place, comments kept.
    let facts = std::fs::read_to_string(data.join("report.yaml")).unwrap();
    let (status, body) = editor.send("PUT", "/api/fact", r#"{"key":"year","from":"2020","to":"hai nghìn"}"#);
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("report.yaml"), "{body}");
    assert_eq!(std::fs::read_to_string(data.join("report.yaml")).unwrap(), facts);
    let (status, body) = editor.send("PUT", "/api/fact", r#"{"key":"place","from":"Trà Vinh","to":"Thành phố Trà Vinh"}"#);
    assert_eq!(status, 200, "{body}");
    assert_eq!(std::fs::read_to_string(data.join("report.yaml")).unwrap(), facts.replace("place: Trà Vinh", "place: Thành phố Trà Vinh"));
    // An edit of a column the table does not have changes nothing, and a
    // body over the size of input a build reads is refused.
    let csv = std::fs::read(data.join("indicators.csv")).unwrap();
    let (status, body) = editor.send("PUT", "/api/grid", r#"{"headings":["mã","tên"],"ops":[{"op":"set","row":"viec_lam_moi","column":"tên","from":"","to":"x"}]}"#);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""outcome":"gone""#) && body.contains(r#""written":false"#), "{body}");
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
    let base = std::fs::read_to_string(data.join("content/nhiem-vu.md")).unwrap();
    let text = base.clone() + "\nĐoạn thêm từ một cửa sổ khác.\n";
    let (status, body) = editor.request(
        "PUT",
        "/api/file?path=content/nhiem-vu.md",
        &editor.host(),
        &[("X-Baocao-Token", &editor.token), ("X-Baocao-Page", "cuaso1"), ("Content-Type", "application/json")],
        &serde_json::json!({"base": base, "text": text}).to_string(),
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
    assert!(body.contains("the editor opens only report.yaml and the prose files"), "{body}");
}

#[test]
fn each_page_is_drawn_with_every_glyph_its_svg_places_and_outlines_are_shared() {
    let project = crate::common::project();
    let booklet = baocao::Booklet::compose(project, &sample()).unwrap();
    let marked = baocao::render::pdf::layout_marked(&booklet.document, &project.fonts, &project.assets, &booklet.report.dir).unwrap();
    let glyphs = std::sync::Mutex::new(baocao::edit::draw::Glyphs::default());
    fn placed(items: &serde_json::Value) -> usize {
        items.as_array().unwrap().iter().map(|item| match item[0].as_str() {
            Some("t") => item[5].as_array().unwrap().len() / 3,
            Some("g") => placed(&item[5]),
            _ => 0,
        }).sum()
    }
    let mut drawn_bytes = 0;
    let mut svg_bytes = 0;
    for (i, page) in marked.pages().iter().enumerate() {
        let drawing = baocao::edit::draw::drawing(page, &glyphs).unwrap_or_else(|| panic!("page {} cannot be drawn", i + 1));
        let value: serde_json::Value = serde_json::from_str(&drawing).unwrap();
        let svg = typst_svg::svg(page, &typst_svg::SvgOptions::default());
        assert_eq!(placed(&value["items"]), svg.matches("<use ").count(), "page {}: the glyphs placed", i + 1);
        assert!(value["glyphs"].as_u64().unwrap() as usize <= glyphs.lock().unwrap().len());
        drawn_bytes += drawing.len();
        svg_bytes += svg.len();
    }
    // Each outline once for the whole booklet: far less than the SVGs,
    // which repeat them on every page.
    let outlines: usize = glyphs.lock().unwrap().outlines_from(0).iter().map(String::len).sum();
    assert!((drawn_bytes + outlines) * 4 < svg_bytes, "{drawn_bytes} + {outlines} bytes against {svg_bytes} of SVG");
}

#[test]
fn typed_text_is_laid_out_before_it_is_saved_and_never_written() {
    let data = sample_copy("preview");
    let out = temp_dir("preview-out");
    let editor = Editor::start(&data, &out, &[]);
    let listen = |page: &str| {
        let mut stream = TcpStream::connect(("127.0.0.1", editor.port)).unwrap();
        write!(stream, "GET /events?token={}&page={page} HTTP/1.1\r\nHost: {}\r\n\r\n", editor.token, editor.host()).unwrap();
        BufReader::new(stream)
    };
    let next_pages = |events: &mut BufReader<TcpStream>| -> serde_json::Value {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(events.read_line(&mut line).unwrap() > 0, "the event stream ended");
            if let Some(data) = line.strip_prefix("data:").filter(|d| d.contains("\"type\":\"pages\"")) {
                return serde_json::from_str(data.trim()).unwrap();
            }
        }
    };
    let preview = |page: &str, file: &str, text: serde_json::Value| {
        editor.request(
            "PUT",
            &format!("/api/preview?path={file}"),
            &editor.host(),
            &[("X-Baocao-Token", &editor.token), ("X-Baocao-Page", page), ("Content-Type", "application/json")],
            &serde_json::json!({ "text": text }).to_string(),
        )
    };
    let mut watcher = listen("watcher");
    let on_disk = next_pages(&mut watcher);
    let path = data.join("content/mo-dau.md");
    let disk = std::fs::read(&path).unwrap();
    let text = String::from_utf8(disk.clone()).unwrap().replace("Năm qua,", "Năm 2020 vừa qua, với nhiều khó khăn,");
    // Typed in one page: laid out, the file untouched.
    let mut typist = listen("typist");
    next_pages(&mut typist);
    assert_eq!(preview("typist", "content/mo-dau.md", text.clone().into()).0, 204);
    let typed = next_pages(&mut watcher);
    assert!(!typed["changed"].as_array().unwrap().is_empty(), "{typed}");
    assert_ne!(typed["pages"], on_disk["pages"]);
    assert_eq!(std::fs::read(&path).unwrap(), disk, "a preview is never written");
    // The changed page comes as drawing instructions whose glyphs are all
    // served.
    let changed = typed["changed"][0].as_u64().unwrap();
    let (status, drawing) = editor.get(&format!("/pages/{changed}.json"));
    assert_eq!(status, 200);
    let drawing: serde_json::Value = serde_json::from_str(&drawing).unwrap();
    let (_, glyphs) = editor.get("/api/glyphs?from=0");
    let glyphs: serde_json::Value = serde_json::from_str(&glyphs).unwrap();
    assert!(glyphs["glyphs"].as_array().unwrap().len() >= drawing["glyphs"].as_u64().unwrap() as usize);
    assert_eq!(editor.get(&format!("/pages/{changed}.svg")).0, 200);
    // Only the report's text files may be previewed.
    for file in ["indicators.csv", "../report.yaml", "content/../../x.md"] {
        assert_eq!(preview("typist", file, "x".into()).0, 422, "{file}");
    }
    // The page closed before saving: its text goes, the pages are the
    // file's again.
    drop(typist);
    assert_eq!(next_pages(&mut watcher)["pages"], on_disk["pages"]);
    // Typed, then saved: the pages stay as typed, the file is the truth.
    assert_eq!(preview("watcher", "content/mo-dau.md", text.clone().into()).0, 204);
    assert_eq!(next_pages(&mut watcher)["pages"], typed["pages"]);
    let (status, body) = editor.send("PUT", "/api/file?path=content/mo-dau.md", &serde_json::json!({"base": String::from_utf8(disk).unwrap(), "text": text}).to_string());
    assert_eq!(status, 200, "{body}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert_eq!(next_pages(&mut watcher)["pages"], typed["pages"]);
}
