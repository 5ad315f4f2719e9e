//! The third writer: the booklet as a web page for the portal (`--format
//! html`), opened in Chromium as a reader does, parsed by a strict HTML
//! parser, checked for every clause of the reference booklet; and its body
//! alone, to paste into a portal's editor.

use std::process::Command;

use crate::common::{baocao, missing_clauses, reference_clauses, root, sample, sample_copy, temp_dir, tool};

/// Whether the browser can run here (see `editor_browser`).
fn chromium() -> bool {
    let ready = tool("node") && std::path::Path::new("/usr/bin/chromium").is_file() && root().join("tests/browser/node_modules/playwright-core").is_dir();
    crate::common::available("Chromium and playwright-core (npm ci in tests/browser), for the web page in a browser", ready)
}

/// The text of an HTML page as a reader sees it: tags dropped, entities
/// read.
fn text_of(html: &str) -> String {
    let body = html.split_once("<body>").map_or(html, |(_, b)| b);
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

#[test]
fn the_booklet_as_a_web_page_says_what_the_pdf_says_and_reads_in_a_browser() {
    let out = temp_dir("html-out");
    let built = baocao(&["build", sample().to_str().unwrap(), "--out", out.to_str().unwrap(), "--format", "html", "--html-fragment"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let page = std::fs::read_to_string(out.join("tra-vinh-2020.html")).unwrap();
    let fragment = std::fs::read_to_string(out.join("tra-vinh-2020.fragment.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"), "{}", &page[..80]);
    assert!(!fragment.contains("<html") && !fragment.contains("<head>") && fragment.starts_with("<article"), "the fragment is the body alone");
    assert!(page.contains(fragment.trim()), "the page holds the fragment");
    assert!(!page.contains("<script") && !page.contains("src=\"http"), "no script, nothing fetched");
    // Every clause of the reference booklet.
    let clauses = reference_clauses();
    let missing = missing_clauses(&text_of(&page));
    let coverage = 1.0 - missing.len() as f64 / clauses.len() as f64;
    assert!(coverage >= 0.995, "{:.1}% of the clauses; missing: {:?}", coverage * 100.0, &missing[..missing.len().min(5)]);
    // A strict HTML parser finds no error.
    if tool("python3") {
        let check = Command::new("python3")
            .args(["-c", "import sys, html5lib; html5lib.HTMLParser(strict=True).parse(open(sys.argv[1], encoding='utf-8').read()); print('ok')"])
            .arg(out.join("tra-vinh-2020.html"))
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&check.stderr);
        if crate::common::available("html5lib (the strict HTML parser, pip)", !said.contains("No module named 'html5lib'")) {
            assert!(check.status.success(), "html5lib: {said}");
        }
    }
    if !chromium() {
        return;
    }
    let profile = temp_dir("html-profile");
    let run = Command::new("node")
        .arg(root().join("tests/browser/html.mjs"))
        .env("BAOCAO_PAGE", out.join("tra-vinh-2020.html"))
        .env("BAOCAO_PROFILE", profile.as_os_str())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let seen: serde_json::Value = serde_json::from_str(String::from_utf8_lossy(&run.stdout).trim()).unwrap();
    assert_eq!(seen["lang"], "vi");
    assert_eq!(seen["errors"].as_array().unwrap().len(), 0, "{seen}");
    assert_eq!(seen["scripts"], 0);
    let headings: Vec<&str> = seen["headings"].as_array().unwrap().iter().filter_map(|h| h.as_str()).collect();
    for labelled in ["A. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020", "I- KẾT QUẢ ĐẠT ĐƯỢC", "1. Lãnh đạo thực hiện 06 nhiệm vụ tập trung", "B. CÁC CHỈ TIÊU"] {
        assert!(headings.iter().any(|h| h.starts_with(labelled)), "a heading with its label: {labelled} in {headings:?}");
    }
    assert!(seen["links"].as_u64().unwrap() >= 30, "{seen}");
    assert_eq!(seen["landed"], seen["clicked"], "every contents link clicked lands on its heading: {seen}");
    let tables = seen["table"].as_array().unwrap();
    assert!(tables.iter().any(|t| t["heads"] == 6 && t["rows"].as_u64().unwrap() >= 20), "the appendix with header cells: {tables:?}");
    let shown = seen["text"].as_str().unwrap();
    let shown_missing = missing_clauses(shown);
    assert!(shown_missing.len() as f64 <= clauses.len() as f64 * 0.005, "what the browser shows misses: {:?}", &shown_missing[..shown_missing.len().min(5)]);
}

#[test]
fn data_on_the_web_page_is_text_never_markup() {
    let data = sample_copy("html-hostile");
    crate::common::edit(&data.join("content/mo-dau.md"), "Năm qua,", "Năm qua <script>alert(1)</script> #read(\"/etc/passwd\") & <b>đậm</b>,");
    let out = temp_dir("html-hostile-out");
    let built = baocao(&["build", data.to_str().unwrap(), "--out", out.to_str().unwrap(), "--format", "html"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let page = std::fs::read_to_string(out.join("html-hostile.html")).unwrap();
    assert!(!page.contains("<script>alert(1)") && !page.contains("<b>đậm"), "markup from the data is not markup");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; #read(&quot;/etc/passwd&quot;) &amp; &lt;b&gt;đậm&lt;/b&gt;"), "it prints as typed");
}
