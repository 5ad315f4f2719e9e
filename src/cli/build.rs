//! `baocao build DATA... --out DIR`: writes DIR/NAME.pdf and DIR/NAME.docx
//! for each report folder DATA (NAME is the folder's name).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use baocao::batch::{self, Event, Outcome};
use baocao::t;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

#[cfg(unix)]
use super::worker;
use super::{OutputArgs, ProjectArgs, print_error, print_warnings};

#[derive(Debug, Args)]
pub(super) struct BuildArgs {
    #[arg(
        required = true,
        value_name = "DATA",
        help = t!(
            "Thư mục báo cáo (có report.yaml và content/), hoặc mẫu tên như \"data/*-2020\"; nhiều thư mục được làm song song",
            "Report folders (with report.yaml and content/), or patterns such as \"data/*-2020\"; several are built in parallel"
        )
    )]
    data: Vec<PathBuf>,
    #[arg(long, short, value_name = "N", help = t!("Số báo cáo làm cùng lúc (mặc định: bằng số nhân của máy)", "How many reports to build at once (default: one per core)"))]
    jobs: Option<usize>,
    #[arg(long, help = t!("In thời gian của từng bước", "Print how long each stage took"))]
    pub(super) timings: bool,
    #[command(flatten)]
    pub(super) output: OutputArgs,
    #[command(flatten)]
    pub(super) project: ProjectArgs,
}

impl BuildArgs {
    /// How many reports to build at once.
    pub(super) fn threads(&self) -> usize {
        self.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    }
}

pub(super) fn run(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let dirs = match expand(&args.data) {
        Ok(dirs) => dirs,
        Err(message) => {
            tell!("{}: {message}", t!("lỗi", "error"));
            return ExitCode::from(2);
        }
    };
    if let Err(e) = batch::check_names(&dirs, args.output.format(), &args.output.options()) {
        print_error(&e);
        return ExitCode::from(2);
    }
    // What a build killed midway left in the output folder is put right,
    // and said, first.
    match baocao::output::recover(&args.output.out) {
        Ok(warnings) => print_warnings(&warnings),
        Err(e) => {
            print_error(&e);
            return ExitCode::from(2);
        }
    }
    // A damaged --reference-docx is named once, before any report.
    if let Some(Err(e)) = args.output.options().reference_docx.as_deref().map(baocao::build::check_reference) {
        print_error(&e);
        return ExitCode::from(2);
    }
    let progress = Progress::new(dirs.len());
    let tell = |index: usize, (_, problems, written): (bool, String, String)| progress.finished(&dirs[index], (problems, written));
    // Several reports: in a worker process, which one report cannot end
    // for the others.
    #[cfg(unix)]
    let failed = if dirs.len() > 1 { worker::build(&dirs, &tell) } else { in_process(args, &dirs, &tell) };
    #[cfg(not(unix))]
    let failed = in_process(args, &dirs, &tell);
    let failed = match failed {
        Ok(failed) => failed,
        Err(code) => return code,
    };
    progress.clear();
    if dirs.len() > 1 {
        let seconds = started.elapsed().as_secs_f64();
        say!(
            "{}",
            t!(
                "xong {} báo cáo: {} tạo được, {failed} lỗi, {seconds:.2} s",
                "{} reports: {} built, {failed} failed, {seconds:.2} s",
                dirs.len(),
                dirs.len() - failed
            )
        );
    }
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// Builds `dirs` in this process; the number that failed.
fn in_process(args: &BuildArgs, dirs: &[PathBuf], tell: &(dyn Fn(usize, (bool, String, String)) + Sync)) -> Result<usize, ExitCode> {
    let project = args.project.open_or_exit()?;
    let output = &args.output;
    let report = |event: Event| {
        if let Event::Done(outcome) = event {
            tell(outcome.index, lines(outcome, args.timings));
        }
    };
    let outcomes = batch::build_all(&project, dirs, &output.out, output.format(), &output.options(), args.threads(), &report);
    Ok(outcomes.iter().filter(|o| o.result.is_err()).count())
}

/// What one report gave, for people: whether it was built, its warnings
/// or errors (for standard error) and the files written (for standard
/// output).
pub(super) fn lines(outcome: &Outcome, timings: bool) -> (bool, String, String) {
    match &outcome.result {
        Ok(written) => {
            let warnings: Vec<String> = written.warnings.iter().map(|w| w.render()).collect();
            let names: Vec<String> = written.files.iter().map(|f| f.display().to_string()).collect();
            let seconds = written.timings.total().as_secs_f64();
            let mut line = t!("đã tạo {} ({seconds:.2} s)", "wrote {} ({seconds:.2} s)", names.join(", "));
            if timings {
                line.push_str(&format!("\n  {}", written.timings.line()));
            }
            (true, warnings.join("\n"), line)
        }
        Err(e) => (false, e.render(), String::new()),
    }
}

/// How a batch shows its progress: a bar on a terminal, plain lines
/// otherwise (a log, a CI job).
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let bar = (total > 1 && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {msg}").expect("a valid template"));
            bar
        });
        Progress { bar }
    }

    /// Shows what one report gave: its problems on standard error, the
    /// files written on standard output.
    fn finished(&self, dir: &std::path::Path, (problems, written): (String, String)) {
        let print = || {
            if !problems.is_empty() {
                tell!("{problems}");
            }
            if !written.is_empty() {
                say!("{written}");
            }
        };
        match &self.bar {
            Some(bar) => {
                bar.suspend(print);
                bar.set_message(baocao::error::visible(&dir.display().to_string()).into_owned());
                bar.inc(1);
            }
            None => print(),
        }
    }

    fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The report folders `patterns` name: each an existing folder (whatever
/// characters its name has), or a glob pattern (`data/*-2020`) matching
/// folders, in order, each once.
fn expand(patterns: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut dirs = Vec::new();
    for pattern in patterns {
        let text = pattern.to_string_lossy();
        if pattern.exists() || !text.contains(['*', '?', '[']) {
            dirs.push(pattern.clone());
            continue;
        }
        let matches = glob::glob(&text).map_err(|e| format!("{text}: {e}"))?;
        let mut found: Vec<PathBuf> = matches.filter_map(Result::ok).filter(|p| p.is_dir()).collect();
        if found.is_empty() {
            return Err(t!("«{text}» không khớp thư mục nào", "«{text}» matches no folder"));
        }
        found.sort();
        dirs.extend(found);
    }
    let mut seen = std::collections::HashSet::new();
    dirs.retain(|d| seen.insert(d.clone()));
    Ok(dirs)
}
