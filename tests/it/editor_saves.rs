//! The editor never loses what is typed: its own saves are known however
//! the folder was named; a save over an edit made elsewhere is merged, or
//! refused with both sides; a file that cannot be read is never loaded as
//! text nor written over; memory stays flat over a thousand edits; slow
//! clients are closed; a flood of checks is one check.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{copy_of, sample_copy, small, temp_dir};
use crate::editor::Editor;

/// The editor's event stream, read as a page reads it.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(editor: &Editor) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", editor.port)).unwrap();
        write!(stream, "GET /events?token={} HTTP/1.1\r\nHost: {}\r\n\r\n", editor.token, editor.host()).unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        Events { reader: BufReader::new(stream) }
    }

    /// The events that arrive within `limit`, until one of `kind` when
    /// given.
    fn until(&mut self, kind: Option<&str>, limit: Duration) -> Vec<Value> {
        let started = Instant::now();
        let mut seen = Vec::new();
        let mut line = String::new();
        while started.elapsed() < limit {
            match self.reader.read_line(&mut line) {
                Ok(0) => break,
                Ok(_) if line.ends_with('\n') => {
                    if let Some(data) = line.strip_prefix("data:") {
                        let event: Value = serde_json::from_str(data.trim()).unwrap();
                        let done = kind.is_some_and(|k| event["type"] == k);
                        seen.push(event);
                        if done {
                            return seen;
                        }
                    }
                    line.clear();
                }
                _ => {}
            }
        }
        seen
    }

    /// The next event of `kind`, within `limit`.
    fn next(&mut self, kind: &str, limit: Duration) -> Value {
        let seen = self.until(Some(kind), limit);
        seen.into_iter().find(|e| e["type"] == kind).unwrap_or_else(|| panic!("no {kind} event within {limit:?}"))
    }
}

/// Reads file `name` as the page does: its text and version.
fn read(editor: &Editor, name: &str) -> Value {
    let (status, body) = editor.get(&format!("/api/file?path={name}"));
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// Saves file `name` as page `page` does: `text`, started from `base`.
fn save(editor: &Editor, page: &str, name: &str, base: &str, text: &str) -> (u16, Value) {
    let body = json!({"base": base, "text": text}).to_string();
    let headers = [("X-Baocao-Token", editor.token.as_str()), ("X-Baocao-Page", page), ("Content-Type", "application/json")];
    let (status, answer) = editor.request("PUT", &format!("/api/file?path={name}"), &editor.host(), &headers, &body);
    (status, serde_json::from_str(&answer).unwrap_or(Value::Null))
}

#[test]
fn the_editor_started_with_a_relative_folder_knows_its_own_saves() {
    let data = sample_copy("relative");
    let out = temp_dir("relative-out");
    let editor = Editor::start_in(data.parent().unwrap(), Path::new("relative"), &out, &[]);
    let mut events = Events::open(&editor);
    events.next("pages", Duration::from_secs(20));
    // Words saved one by one, as a person types them.
    let mut base = read(&editor, "content/mo-dau.md")["text"].as_str().unwrap().to_string();
    let (head, tail) = base.split_at(base.find('\n').unwrap());
    let (head, tail) = (head.to_string(), tail.to_string());
    let mut typed = String::new();
    for word in [" Đồng", " chí", " Bí", " thư", " nhấn"] {
        typed.push_str(word);
        let text = format!("{head}{typed}{tail}");
        let (status, answer) = save(&editor, "trang1", "content/mo-dau.md", &base, &text);
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["merged"], Value::Null, "nothing to merge: {answer}");
        base = text;
        std::thread::sleep(Duration::from_millis(350));
    }
    assert_eq!(std::fs::read_to_string(data.join("content/mo-dau.md")).unwrap(), base);
    assert!(base.contains(" Đồng chí Bí thư nhấn\n"), "{base}");
    let seen = events.until(None, Duration::from_millis(1500));
    let files: Vec<&Value> = seen.iter().filter(|e| e["type"] == "files").collect();
    assert_eq!(files.len(), 5, "one event per save: {files:?}");
    assert!(files.iter().all(|e| e["page"] == "trang1"), "the editor took its own save for another program's: {files:?}");
    // Another program's edit is told, with the file's new version.
    crate::common::edit(&data.join("content/mo-dau.md"), "Đồng chí", "Đồng chí (sửa ngoài)");
    let outside = events.next("files", Duration::from_secs(10));
    assert_eq!((outside["page"].as_str(), outside["files"][0]["file"].as_str()), (Some(""), Some("content/mo-dau.md")), "{outside}");
    assert_eq!(outside["files"][0]["version"], read(&editor, "content/mo-dau.md")["version"]);
}

#[test]
fn a_save_over_an_edit_made_elsewhere_is_merged_or_refused_with_both_texts() {
    let data = sample_copy("merged");
    let out = temp_dir("merged-out");
    let editor = Editor::start(&data, &out, &[]);
    let path = data.join("content/nhiem-vu.md");
    let base = read(&editor, "content/nhiem-vu.md")["text"].as_str().unwrap().to_string();
    let lines: Vec<&str> = base.lines().collect();
    let (first, last) = (lines[0], lines[lines.len() - 1]);
    // Another window (or program) changes the first line; this page the
    // last: both stay.
    std::fs::write(&path, base.replacen(first, &format!("{first} (cửa sổ khác)"), 1)).unwrap();
    let ours = base.replacen(last, &format!("{last} (trang này)"), 1);
    let (status, answer) = save(&editor, "a", "content/nhiem-vu.md", &base, &ours);
    assert_eq!(status, 200, "{answer}");
    let merged = std::fs::read_to_string(&path).unwrap();
    assert!(merged.contains("(cửa sổ khác)") && merged.contains("(trang này)"), "{merged}");
    assert_eq!(answer["merged"].as_str(), Some(merged.as_str()), "the page is given the merged text");
    // Both change the same line: nothing written, the disk's text given
    // back for the page to show beside its own.
    let outside = merged.replacen(first, "Dòng đầu sửa ở nơi khác", 1);
    std::fs::write(&path, &outside).unwrap();
    let (status, answer) = save(&editor, "a", "content/nhiem-vu.md", &merged, &merged.replacen(first, "Dòng đầu sửa ở đây", 1));
    assert_eq!(status, 409, "{answer}");
    assert_eq!((answer["outcome"].as_str(), answer["theirs"].as_str()), (Some("conflict"), Some(outside.as_str())));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), outside, "the other edit is not written over");
    // A fact changed on disk meanwhile: the same.
    let facts = std::fs::read_to_string(data.join("report.yaml")).unwrap();
    std::fs::write(data.join("report.yaml"), facts.replace("place: Trà Vinh", "place: TP. Trà Vinh")).unwrap();
    let (status, answer) = editor.send("PUT", "/api/fact", r#"{"key":"place","from":"Trà Vinh","to":"Tỉnh Trà Vinh"}"#);
    assert_eq!(status, 409, "{answer}");
    assert!(answer.contains("TP. Trà Vinh"), "{answer}");
    // Two windows, two cells of the table: both saved; the same cell: the
    // second is a conflict, the first kept.
    let headings = ["id", "thực hiện"];
    let grid = |row: &str, from: &str, to: &str| json!({"headings": headings, "ops": [{"op": "set", "row": row, "column": "thực hiện", "from": from, "to": to}]}).to_string();
    let csv = std::fs::read_to_string(data.join("indicators.csv")).unwrap();
    let (status, answer) = editor.send("PUT", "/api/grid", &grid("viec_lam_moi", "16.100", "16.500"));
    assert_eq!(status, 200, "{answer}");
    let (_, answer) = editor.send("PUT", "/api/grid", &grid("do_thi_hoa", "29,52", "30,15"));
    assert!(answer.contains(r#""outcome":"applied""#), "{answer}");
    let (_, answer) = editor.send("PUT", "/api/grid", &grid("viec_lam_moi", "16.100", "17.000"));
    assert!(answer.contains(r#""outcome":"conflict","theirs":"16.500""#), "{answer}");
    let written = std::fs::read_to_string(data.join("indicators.csv")).unwrap();
    assert_eq!(written, csv.replace(";23.000;16.100;", ";23.000;16.500;").replace(";29,52;", ";30,15;"));
}

#[test]
fn a_file_that_cannot_be_read_is_never_loaded_as_text_nor_written_over() {
    let data = sample_copy("unreadable");
    let out = temp_dir("unreadable-out");
    let editor = Editor::start(&data, &out, &[]);
    let path = data.join("content/mo-dau.md");
    let base = read(&editor, "content/mo-dau.md")["text"].as_str().unwrap().to_string();
    // Notepad's "Unicode": UTF-16 with a byte order mark.
    let utf16: Vec<u8> = format!("\u{feff}{base}").encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&path, &utf16).unwrap();
    let (status, body) = editor.get("/api/file?path=content/mo-dau.md");
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("UTF-16") && body.contains("UTF-8"), "the reason and the fix: {body}");
    let (status, answer) = save(&editor, "a", "content/mo-dau.md", &base, &format!("{base}Thêm.\n"));
    assert_eq!((status, answer["outcome"].as_str()), (409, Some("unreadable")), "{answer}");
    assert_eq!(std::fs::read(&path).unwrap(), utf16, "not written over");
    // Deleted by another program: not made again unasked.
    std::fs::remove_file(&path).unwrap();
    let (status, answer) = save(&editor, "a", "content/mo-dau.md", &base, &format!("{base}Thêm.\n"));
    assert_eq!((status, answer["outcome"].as_str()), (409, Some("missing")), "{answer}");
    assert!(!path.exists());
}

#[test]
fn the_servers_memory_stays_flat_over_a_thousand_edits() {
    let data = sample_copy("memory");
    let out = temp_dir("memory-out");
    let editor = Editor::start(&data, &out, &[]);
    let mut events = Events::open(&editor);
    events.next("pages", Duration::from_secs(30));
    let name = "content/ket-qua.md";
    let original = read(&editor, name)["text"].as_str().unwrap().to_string();
    let mut base = original.clone();
    let mut after_20 = 0;
    let started = Instant::now();
    for edit in 1..=1000 {
        // A new word each time, the booklet the same size; saved as fast as
        // a page saves, each tenth edit waiting for its pages.
        let text = original.replacen("đạt được một số kết quả sau:", &format!("đạt được một số kết quả sau (lần {edit}):"), 1);
        let (status, answer) = save(&editor, "a", name, &base, &text);
        assert_eq!(status, 200, "{answer}");
        base = text;
        if edit % 10 == 0 {
            events.next("pages", Duration::from_secs(30));
        }
        if edit == 20 {
            after_20 = editor.resident();
        }
    }
    events.until(Some("pages"), Duration::from_secs(5));
    let after_1000 = editor.resident();
    let mb = |b: u64| b as f64 / 1048576.0;
    eprintln!("editor memory: {:.0} MB after 20 edits, {:.0} MB after 1000 ({:.1} s)", mb(after_20), mb(after_1000), started.elapsed().as_secs_f64());
    assert!(after_1000 as f64 <= after_20 as f64 * 1.2, "{:.0} MB after 20 edits, {:.0} MB after 1000", mb(after_20), mb(after_1000));
}

#[test]
fn slow_clients_are_closed_and_do_not_hold_up_the_others() {
    let data = copy_of(&small(), "slow");
    let out = temp_dir("slow-out");
    let editor = Editor::start(&data, &out, &[]);
    // 300 clients that send part of their headers and then nothing.
    let slow: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", editor.port)).unwrap();
            stream.write_all(b"GET /api/report HTTP/1.1\r\nHo").unwrap();
            stream
        })
        .collect();
    let started = Instant::now();
    let (status, _) = editor.get("/api/ping");
    assert_eq!(status, 200);
    assert!(started.elapsed() < Duration::from_secs(2), "a request waited {:?} behind slow clients", started.elapsed());
    // Within the header time limit (5 s) the slow ones are closed.
    std::thread::sleep(Duration::from_secs(7));
    let open = slow.iter().filter(|stream| still_open(stream)).count();
    assert_eq!(open, 0, "slow clients still open");
}

/// Whether the server still holds `stream` open (reading it neither ends
/// nor fails).
fn still_open(mut stream: &TcpStream) -> bool {
    stream.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
    let mut buffer = [0u8; 512];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return false,
            Ok(_) => continue,
            Err(e) => return matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut),
        }
    }
}

#[test]
fn a_flood_of_checks_does_not_hold_back_an_edit() {
    let data = sample_copy("flood");
    let out = temp_dir("flood-out");
    let editor = Editor::start(&data, &out, &[]);
    let mut events = Events::open(&editor);
    events.next("pages", Duration::from_secs(30));
    let name = "content/mo-dau.md";
    let base = read(&editor, name)["text"].as_str().unwrap().to_string();
    // One edit alone: how long until its pages.
    let started = Instant::now();
    let one = format!("{base}Câu một.\n");
    save(&editor, "a", name, &base, &one);
    events.next("pages", Duration::from_secs(30));
    let alone = started.elapsed();
    // The same while 500 requests for the problems pour in.
    let flood: Vec<_> = (0..500)
        .map(|_| {
            let (port, token) = (editor.port, editor.token.clone());
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
                write!(stream, "GET /api/problems?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").map_err(|e| e.to_string())?;
                let mut answer = String::new();
                stream.read_to_string(&mut answer).map_err(|e| e.to_string())?;
                if answer.starts_with("HTTP/1.1 200") { Ok(()) } else { Err(answer.lines().next().unwrap_or("").to_string()) }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let (status, answer) = save(&editor, "a", name, &one, &format!("{one}Câu hai.\n"));
    assert_eq!(status, 200, "{answer}");
    events.next("pages", Duration::from_secs(60));
    let flooded = started.elapsed();
    let answers: Vec<Result<(), String>> = flood.into_iter().map(|t| t.join().unwrap()).collect();
    let failed: Vec<&String> = answers.iter().filter_map(|a| a.as_ref().err()).collect();
    eprintln!("an edit's pages: {alone:?} alone, {flooded:?} during 500 checks");
    assert!(failed.is_empty(), "{} of 500 requests failed: {:?}", failed.len(), &failed[..failed.len().min(5)]);
    assert!(flooded < alone * 3 + Duration::from_millis(1500), "the flood held the edit back: {flooded:?} against {alone:?}");
}
