//! The fuzz targets' checks (fuzz/checks/), compiled here with the library
//! and run on every seed of fuzz/seeds/: a change of the library that
//! breaks a target fails `cargo test`, not only CI's fuzzing at the end,
//! and every seed (the shapes that once aborted) stays a test.

use std::path::Path;

/// A fuzz input as a target takes it: text (UTF-8 only, as libFuzzer's
/// `&str` targets) or bytes.
trait Input<'a>: Sized {
    fn of(bytes: &'a [u8]) -> Option<Self>;
}

impl<'a> Input<'a> for &'a str {
    fn of(bytes: &'a [u8]) -> Option<Self> {
        std::str::from_utf8(bytes).ok()
    }
}

impl<'a> Input<'a> for &'a [u8] {
    fn of(bytes: &'a [u8]) -> Option<Self> {
        Some(bytes)
    }
}

/// libfuzzer-sys's macro made a function `run` of the target's closure.
macro_rules! fuzz_target {
    (|$input:ident: $kind:ty| $body:block) => {
        pub fn run(bytes: &[u8]) {
            let Some($input) = <$kind as super::Input>::of(bytes) else { return };
            $body
        }
    };
}

mod number {
    include!("../../fuzz/checks/number.rs");
}

mod document {
    include!("../../fuzz/checks/document.rs");
}

mod data {
    include!("../../fuzz/checks/data.rs");
}

mod form {
    include!("../../fuzz/checks/form.rs");
}

/// Runs `check` on every seed of target `target`; fails naming each seed
/// that panicked.
fn every_seed(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds").join(target);
    let mut seeds: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "{} has seeds", dir.display());
    let failed: Vec<String> = seeds
        .iter()
        .filter(|seed| {
            let bytes = std::fs::read(seed).unwrap();
            std::panic::catch_unwind(|| check(&bytes)).is_err()
        })
        .map(|seed| seed.display().to_string())
        .collect();
    assert!(failed.is_empty(), "the fuzz target {target} fails on {failed:?}");
}

#[test]
fn every_fuzz_target_holds_on_its_seeds() {
    every_seed("number", number::run);
    every_seed("document", document::run);
    every_seed("data", data::run);
    every_seed("form", form::run);
}
