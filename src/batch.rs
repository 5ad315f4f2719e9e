//! Many reports at once: the booklets of several report folders built in
//! parallel on every core, sharing one project (fonts loaded once) and
//! Typst's memoisation. One failing report, even one whose build panics,
//! does not stop the others (one that ends the process, past the memory
//! limit or by a crash, is the command line's to survive: it runs a batch
//! in a worker process it can start again).

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
    /// Its place in the batch.
    pub index: usize,
    /// The report folder.
    pub dir: PathBuf,
    /// Its files, or why it failed.
    pub result: Result<Written>,
}

/// Refuses a batch in which two reports' outputs would overwrite each
/// other: two report folders of the same name, or one whose output is
/// another's (`x.impose.pdf` is both `x`'s imposed sheets and the PDF of a
/// report named `x.impose`). Every clash is named with both folders,
/// before anything is built.
pub fn check_names(dirs: &[PathBuf], format: Format, options: &Options) -> Result<()> {
    let mut names: BTreeMap<String, &PathBuf> = BTreeMap::new();
    let mut outputs: BTreeMap<String, &PathBuf> = BTreeMap::new();
    let mut errors = Vec::new();
    for dir in dirs {
        let name = crate::report::folder_name(dir);
        if let Some(first) = names.get(&name) {
            errors.push(Error::input(
                Place::file(dir),
                t!(
                    "hai báo cáo cùng tên «{name}» ({} và {}): tệp đầu ra của chúng sẽ ghi đè nhau",
                    "two reports named «{name}» ({} and {}): their outputs would overwrite each other",
                    first.display(),
                    dir.display()
                ),
                Some(t!("làm từng báo cáo với --out riêng, hoặc đổi tên một thư mục", "build them one at a time with separate --out folders, or rename one folder")),
            ));
            continue;
        }
        names.insert(name.clone(), dir);
        for file in format.file_names(&name, options) {
            match outputs.get(&file) {
                Some(first) => errors.push(Error::input(
                    Place::file(dir),
                    t!(
                        "tệp đầu ra «{file}» là của cả hai báo cáo {} và {}: tệp của báo cáo này sẽ ghi đè tệp của báo cáo kia",
                        "the output «{file}» belongs to both {} and {}: one report's file would overwrite the other's",
                        first.display(),
                        dir.display()
                    ),
                    Some(t!("làm từng báo cáo với --out riêng, hoặc đổi tên một thư mục", "build them one at a time with separate --out folders, or rename one folder")),
                )),
                None => {
                    outputs.insert(file, dir);
                }
            }
        }
    }
    Error::all(errors).map_or(Ok(()), Err)
}

/// What a batch tells as it goes.
pub enum Event<'a> {
    /// The report of this index starts.
    Started(usize),
    /// A report ended.
    Done(&'a Outcome),
}

/// Builds the report in each of `dirs` into `out_dir` on up to `threads`
/// threads, telling `tell` as each starts and ends (from the thread that
/// builds it). The outcomes come back in the order of `dirs`. A panic
/// while building one report is that report's error.
pub fn build_all(
    project: &Project,
    dirs: &[PathBuf],
    out_dir: &Path,
    format: Format,
    options: &Options,
    threads: usize,
    tell: &(dyn Fn(Event) + Sync),
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<(usize, Outcome)>> = Mutex::new(Vec::with_capacity(dirs.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, dirs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(dir) = dirs.get(index) else { break };
                    tell(Event::Started(index));
                    let result = build_one(project, dir, out_dir, format, options);
                    let outcome = Outcome { index, dir: dir.clone(), result };
                    tell(Event::Done(&outcome));
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
