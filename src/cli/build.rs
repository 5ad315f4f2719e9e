//! `baocao build DATA... --out DIR`: writes DIR/NAME.pdf and DIR/NAME.docx
//! for each report folder DATA (NAME is the folder's name).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use baocao::batch::{self, Outcome};
use baocao::t;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::{OutputArgs, ProjectArgs, print_error};

#[derive(Debug, Args)]
pub(super) struct BuildArgs {
    /// Report folders, each with report.yaml and content/, or glob
    /// patterns matching them ("data/*-2020"); built in parallel.
    #[arg(required = true, value_name = "DATA")]
    data: Vec<PathBuf>,
    /// How many reports to build at once (default: one per core).
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    project: ProjectArgs,
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
    if let Err(e) = batch::check_names(&dirs) {
        print_error(&e);
        return ExitCode::from(2);
    }
    let project = match args.project.open_or_exit() {
        Ok(project) => project,
        Err(code) => return code,
    };
    let options = args.output.options();
    if let Some(Err(e)) = options.reference_docx.as_deref().map(baocao::build::check_reference) {
        print_error(&e);
        return ExitCode::from(2);
    }
    let threads = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let progress = Progress::new(dirs.len());
    let report = |outcome: &Outcome| {
        let lines = match &outcome.result {
            Ok(written) => {
                let warnings: Vec<String> = written.warnings.iter().map(|w| w.render()).collect();
                let names: Vec<String> = written.files.iter().map(|f| f.display().to_string()).collect();
                let seconds = written.timings.total().as_secs_f64();
                let mut line = t!("đã tạo {} ({seconds:.2} s)", "wrote {} ({seconds:.2} s)", names.join(", "));
                if args.timings {
                    line.push_str(&format!("\n  {}", written.timings.line()));
                }
                (warnings.join("\n"), line)
            }
            Err(e) => (e.render(), String::new()),
        };
        progress.finished(&outcome.dir, lines);
    };
    let outcomes = batch::build_all(&project, &dirs, &args.output.out, args.output.format(), &options, threads, &report);
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
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
