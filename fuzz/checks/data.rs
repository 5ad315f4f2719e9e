// What the fuzz target `data` checks (its root, fuzz_targets/data.rs, says
// what): included there and by the test that runs every seed
// (tests/it/fuzz_seeds.rs), so that a change of the library that breaks it
// fails `cargo test`.

use std::path::Path;

use baocao::error::Error;
use baocao::report::Facts;
use baocao::{indicators, text};

fuzz_target!(|input: &[u8]| {
    let Some((&kind, bytes)) = input.split_first() else { return };
    let path = Path::new(match kind % 8 {
        0 => "report.yaml",
        1 => "indicators.csv",
        2 => "indicators.yaml",
        3 | 5 => "content/mo-dau.md",
        7 => "mau.docx",
        _ => "gop-y.docx",
    });
    match kind % 8 {
        4 => {
            if let Err(e) = baocao::import::read::read(path, bytes.to_vec(), baocao::import::read::Revisions::Accept) {
                located(&e, path);
            }
            return;
        }
        6 => {
            let package = baocao::archive::write(vec![("word/document.xml".into(), bytes.to_vec())]).expect("a zip");
            if let Err(e) = baocao::import::read::read(path, package, baocao::import::read::Revisions::Reject) {
                located(&e, path);
            }
            return;
        }
        7 => {
            let package = baocao::archive::write(vec![("word/styles.xml".into(), bytes.to_vec())]).expect("a zip");
            if let Err(e) = baocao::render::docx::reference::check(path, &package) {
                located(&e, path);
            }
            return;
        }
        _ => {}
    }
    let source = match text::decode(path, bytes.to_vec()) {
        Ok(source) => text::nfc(&source).into_owned(),
        Err(e) => return located(&e, path),
    };
    let (errors, _warnings) = text::inspect(path, &source);
    errors.iter().for_each(|e| located(e, path));
    if let Some((legacy, _)) = text::legacy::detect(&source) {
        let _ = text::legacy::convert(legacy, &source);
    }
    match kind % 8 {
        0 => {
            if let Err(e) = Facts::parse(path, &source).map(|_| ()) {
                located(&e, path);
            }
        }
        1 | 2 => {
            if let Err(e) = indicators::table::parse(path, &source) {
                located(&e, path);
            }
        }
        5 => match baocao::template::depth::check(path, &source) {
            Err(e) => located(&e, path),
            Ok(()) => {
                // What the check lets through is parsed and compiled (where
                // the recursion is) without a stack overflow.
                let _ = minijinja::Environment::new().template_from_str(&source);
            }
        },
        _ => {}
    }
});

/// Every problem of a data error names the file, and a line inside it.
fn located(error: &Error, path: &Path) {
    for problem in error.problems() {
        let place = problem.place().unwrap_or_else(|| panic!("no place: {problem}"));
        assert_eq!(place.path, path);
        let _ = problem.render();
    }
}
