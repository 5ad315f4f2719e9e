//! Many reports at once: the booklets of several report folders built in
//! parallel on every core, sharing one project (fonts loaded once) and
//! Typst's memoisation. One failing report does not stop the others.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::build::{Booklet, Format, Options, Project, Written};
use crate::error::Result;

/// How many builds a memoised Typst result survives unused.
const EVICT_AFTER: usize = 8;

/// What one report of a batch gave.
pub struct Outcome {
    /// The report folder.
    pub dir: PathBuf,
    /// Its files, or why it failed.
    pub result: Result<Written>,
}

/// Builds the report in each of `dirs` into `out_dir` on up to `threads`
/// threads, calling `done` as each finishes (from the thread that built
/// it). The outcomes come back in the order of `dirs`.
pub fn build_all(
    project: &Project,
    dirs: &[PathBuf],
    out_dir: &Path,
    format: Format,
    options: &Options,
    threads: usize,
    done: &(dyn Fn(&Outcome) + Sync),
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<(usize, Outcome)>> = Mutex::new(Vec::with_capacity(dirs.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, dirs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(dir) = dirs.get(index) else { break };
                    let result = Booklet::compose_with(project, dir, options.clone()).and_then(|b| b.write(project, out_dir, format));
                    let outcome = Outcome { dir: dir.clone(), result };
                    done(&outcome);
                    // Keep what recent builds memoised, drop the rest:
                    // memory stays flat however long the batch.
                    typst::comemo::evict(EVICT_AFTER);
                    outcomes.lock().expect("no thread panics holding the lock").push((index, outcome));
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().expect("no thread panicked");
    outcomes.sort_by_key(|(index, _)| *index);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

/// The report folders `patterns` name: each a folder, or a glob pattern
/// (`data/*-2020`) matching folders, in order, each once.
pub fn expand(patterns: &[PathBuf]) -> std::result::Result<Vec<PathBuf>, String> {
    let mut dirs = Vec::new();
    for pattern in patterns {
        let text = pattern.to_string_lossy();
        if !text.contains(['*', '?', '[']) {
            dirs.push(pattern.clone());
            continue;
        }
        let matches = glob::glob(&text).map_err(|e| format!("{text}: {e}"))?;
        let mut found: Vec<PathBuf> = matches.filter_map(std::result::Result::ok).filter(|p| p.is_dir()).collect();
        if found.is_empty() {
            return Err(crate::t!("«{text}» không khớp thư mục nào", "«{text}» matches no folder"));
        }
        found.sort();
        dirs.extend(found);
    }
    let mut seen = std::collections::HashSet::new();
    dirs.retain(|d| seen.insert(d.clone()));
    Ok(dirs)
}
