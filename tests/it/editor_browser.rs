//! The editor driven in Debian's Chromium by playwright-core
//! (tests/browser/editor.mjs), as a person uses it: started with a relative
//! folder, typed into at human speed, in two windows, with the files
//! changed on disk meanwhile and the server stopped and started again.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{available, root, sample, sample_copy, temp_dir, tool};

/// Whether the browser test can run here: Debian's Chromium and
/// playwright-core (`npm ci` in tests/browser).
fn browser_available() -> bool {
    let playwright = root().join("tests/browser/node_modules/playwright-core");
    let chromium = Path::new("/usr/bin/chromium").is_file();
    tool("node") && available("Chromium (/usr/bin/chromium) and playwright-core (npm ci in tests/browser)", chromium && playwright.is_dir())
}

#[test]
fn the_editor_in_chromium_loses_nothing_typed() {
    if !browser_available() {
        return;
    }
    let data = sample_copy("browser");
    let out = temp_dir("browser-out");
    let profile = temp_dir("browser-profile");
    let shot: PathBuf = root().join("target/editor-screenshot.png");
    let run = Command::new("node")
        .arg(root().join("tests/browser/editor.mjs"))
        .env("BAOCAO_BIN", env!("CARGO_BIN_EXE_baocao"))
        .env("BAOCAO_CWD", data.parent().unwrap())
        .env("BAOCAO_DATA", "browser")
        .env("BAOCAO_OUT", out.as_os_str())
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
    // Nothing was left beside the report's files, and the files the page
    // did not touch are as they were.
    let original = sample();
    let mut names: Vec<String> = std::fs::read_dir(data.join("content")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["ket-qua.md", "mo-dau.md", "nhiem-vu.md"]);
    assert_eq!(std::fs::read(data.join("report.yaml")).unwrap(), std::fs::read(original.join("report.yaml")).unwrap());
    assert!(shot.is_file());
    eprintln!("editor in Chromium: {seen}; screenshot {}", shot.display());
}
