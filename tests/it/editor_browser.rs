//! The editor driven in Debian's Chromium by playwright-core
//! (tests/browser/editor.mjs), as a person uses it: started with a relative
//! folder, typed into at human speed, in two windows, with the files
//! changed on disk meanwhile and the server stopped and started again.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{root, sample, sample_copy, temp_dir, tool};
use crate::editor::Editor;

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
    assert_eq!(seen["pages"], 24);
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

