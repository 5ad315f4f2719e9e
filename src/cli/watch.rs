//! `baocao watch DATA`: rebuilds the booklet whenever the report's files or
//! the templates change. The project (fonts) stays loaded and Typst's
//! memoisation keeps what an edit did not touch, so a small edit rebuilds
//! in a few tens of milliseconds. An edit with an error shows the error and
//! keeps the last good files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use baocao::build::{Booklet, Project, Strictness};
use baocao::t;
use baocao::timing::Stage;
use clap::Args;
use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, new_debouncer};

use super::{OutputArgs, ProjectArgs, print_error, print_warnings};

#[derive(Debug, Args)]
pub(super) struct WatchArgs {
    #[arg(value_name = "DATA", help = t!("Thư mục báo cáo cần theo dõi", "The report folder to watch"))]
    data: PathBuf,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    project: ProjectArgs,
}

/// How long changes are gathered into one rebuild (an editor's save is
/// often several events).
const SETTLE: Duration = Duration::from_millis(40);

pub(super) fn run(args: &WatchArgs) -> ExitCode {
    let project = match args.project.open_or_exit() {
        Ok(project) => project,
        Err(code) => return code,
    };
    let (sender, changes) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(SETTLE, None, sender) {
        Ok(d) => d,
        Err(e) => {
            tell!("{}: {e}", t!("lỗi: không theo dõi được thay đổi tệp", "error: cannot watch files"));
            return ExitCode::from(2);
        }
    };
    let watched: Vec<PathBuf> = std::iter::once(args.data.clone()).chain(project.assets.templates_dir().map(PathBuf::from)).collect();
    for dir in &watched {
        if let Err(e) = debouncer.watch(dir, RecursiveMode::Recursive) {
            tell!("{} {}: {e}", t!("lỗi: không theo dõi được", "error: cannot watch"), dir.display());
            return ExitCode::from(2);
        }
    }
    let names: Vec<String> = watched.iter().map(|d| d.display().to_string()).collect();
    say!("{}", t!("đang theo dõi {} (Ctrl+C để dừng)", "watching {} (Ctrl+C to stop)", names.join(", ")));
    rebuild(&project, args);
    let out = args.output.out.canonicalize().unwrap_or_else(|_| args.output.out.clone());
    for events in changes {
        let Ok(events) = events else { continue };
        if events.iter().any(|e| changes_input(e, &out)) {
            rebuild(&project, args);
        }
    }
    ExitCode::SUCCESS
}

/// Whether `event` calls for a rebuild: a file written, made, renamed or
/// removed (not merely read, which the build itself does), and not an
/// output, an editor's or a build's temporary file.
fn changes_input(event: &DebouncedEvent, out: &Path) -> bool {
    let changes = match event.kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(kind) => !matches!(kind, ModifyKind::Metadata(_)),
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    };
    changes
        && event.paths.iter().any(|path| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let temporary = name.starts_with('.') || name.ends_with('~') || name.ends_with(".tmp") || name.ends_with(".swp");
            !temporary && !path.starts_with(out)
        })
}

/// Builds once and says how it went: the files and the time, or the error
/// (the previous files stay).
fn rebuild(project: &Project, args: &WatchArgs) {
    let started = Instant::now();
    let output = &args.output;
    match Booklet::compose_with(project, &args.data, output.options(), Strictness::Strict).and_then(|b| b.write(project, &output.out, output.format())) {
        Ok(written) => {
            print_warnings(&written.warnings);
            let ms = |d: Duration| d.as_secs_f64() * 1e3;
            let pdf = written.timings.get(Stage::Layout) + written.timings.get(Stage::Pdf);
            say!(
                "{}",
                t!(
                    "đã tạo lại sau {:.0} ms (PDF {:.0} ms): {}",
                    "rebuilt in {:.0} ms (PDF {:.0} ms): {}",
                    ms(started.elapsed()),
                    ms(pdf),
                    written.timings.line()
                )
            );
        }
        Err(e) => {
            print_error(&e);
            tell!("{}", t!("(giữ nguyên tệp đã tạo lần trước)", "(the files of the last good build are kept)"));
        }
    }
    // Keep the memoised results of recent builds only, as typst-cli does.
    typst::comemo::evict(10);
}
