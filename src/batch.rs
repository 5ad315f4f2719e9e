//! Many reports at once: the booklets of several report folders built in
//! parallel on every core, sharing one project (fonts loaded once) and
//! Typst's memoisation. One failing report, even one that makes baocao
//! itself fail, does not stop the others.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::build::{Booklet, Format, Options, Project, Strictness, Written};
use crate::error::{Error, Place, Result};
use crate::t;

/// How many builds a memoised Typst result survives unused.
const EVICT_AFTER: usize = 8;

/// What one report of a batch gave.
pub struct Outcome {
    /// The report folder.
    pub dir: PathBuf,
    /// Its files, or why it failed.
    pub result: Result<Written>,
}

/// Refuses a batch in which two report folders have the same name: their
/// outputs (`NAME.pdf`, `NAME.docx`) would overwrite each other. Every
/// clash is named with both folders, before anything is built.
pub fn check_names(dirs: &[PathBuf]) -> Result<()> {
    let mut seen: BTreeMap<String, &PathBuf> = BTreeMap::new();
    let mut errors = Vec::new();
    for dir in dirs {
        let name = crate::report::folder_name(dir);
        match seen.get(&name) {
            Some(first) => errors.push(Error::input(
                Place::file(dir),
                t!(
                    "hai báo cáo cùng tên «{name}» ({} và {}): tệp đầu ra của chúng sẽ ghi đè nhau",
                    "two reports named «{name}» ({} and {}): their outputs would overwrite each other",
                    first.display(),
                    dir.display()
                ),
                Some(t!("làm từng báo cáo với --out riêng, hoặc đổi tên một thư mục", "build them one at a time with separate --out folders, or rename one folder")),
            )),
            None => {
                seen.insert(name, dir);
            }
        }
    }
    Error::all(errors).map_or(Ok(()), Err)
}

/// Builds the report in each of `dirs` into `out_dir` on up to `threads`
/// threads, calling `done` as each finishes (from the thread that built
/// it). The outcomes come back in the order of `dirs`. A panic while
/// building one report is that report's error.
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
                    let result = build_one(project, dir, out_dir, format, options);
                    let outcome = Outcome { dir: dir.clone(), result };
                    done(&outcome);
                    // Keep what recent builds memoised, drop the rest:
                    // memory stays flat however long the batch.
                    typst::comemo::evict(EVICT_AFTER);
                    outcomes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((index, outcome));
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    outcomes.sort_by_key(|(index, _)| *index);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

/// One report's build, a panic turned into its error.
fn build_one(project: &Project, dir: &Path, out_dir: &Path, format: Format, options: &Options) -> Result<Written> {
    let build = || Booklet::compose_with(project, dir, options.clone(), Strictness::Strict).and_then(|b| b.write(project, out_dir, format));
    crate::guard::contain(build).unwrap_or_else(|what| Err(Error::Internal(what)))
}
