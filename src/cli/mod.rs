//! The command line: one file per verb.

mod bench;
mod build;
mod check;
mod fix_encoding;
mod new_year;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::error::{Error, Warning};
use crate::lang::{self, Lang};

/// baocao: tài liệu tuyên truyền (PDF để in, DOCX để sửa) từ dữ liệu báo cáo.
///
/// Turns a report folder (report.yaml and content/*.md) into a Vietnamese
/// briefing booklet: a print-ready PDF and an editable DOCX.
#[derive(Debug, Parser)]
#[command(name = "baocao", version, about, long_about)]
pub struct Cli {
    /// The language of messages: vi (tiếng Việt) or en (English).
    #[arg(long, global = true, value_enum, default_value_t = Lang::Vi)]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the booklet of a report folder as PDF and DOCX.
    Build(build::BuildArgs),
    /// Check a report folder without writing anything: stated figures and
    /// counts against the indicator table, names the templates use, and
    /// everything a build checks.
    Check(check::CheckArgs),
    /// Make next year's report folder from this year's: years moved on,
    /// next year's targets become the targets, results emptied, prose kept
    /// as a draft.
    NewYear(new_year::NewYearArgs),
    /// Convert a file in a legacy Vietnamese encoding (TCVN3/ABC,
    /// VNI-Windows) to Unicode, keeping the original as FILE.bak.
    FixEncoding(fix_encoding::FixEncodingArgs),
    /// Rebuild the booklet whenever the report or the templates change.
    Watch(watch::WatchArgs),
    /// Time the pipeline, stage by stage, on a report (the sample by
    /// default).
    Bench(bench::BenchArgs),
}

/// Where the project's templates and fonts are.
#[derive(Debug, Args)]
struct ProjectArgs {
    /// The templates folder (booklet.md, cover.md, booklet.typ, theme.typ).
    /// Default: templates/ in the current folder, else in the baocao checkout.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// The fonts folder. Default: fonts/ beside the templates folder.
    #[arg(long, value_name = "DIR")]
    fonts: Option<PathBuf>,
}

impl ProjectArgs {
    fn open(&self) -> crate::Result<crate::Project> {
        let root = crate::Project::default_dir();
        let templates = self.templates.clone().unwrap_or_else(|| root.join("templates"));
        let fonts = self.fonts.clone().unwrap_or_else(|| match templates.parent() {
            Some(parent) => parent.join("fonts"),
            None => root.join("fonts"),
        });
        crate::Project::open(&templates, &fonts)
    }
}

/// Runs the command line and returns the process exit code: 0 on success,
/// 1 when a build failed, 2 for a usage error.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    lang::set(cli.lang);
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::NewYear(args) => new_year::run(&args),
        Command::FixEncoding(args) => fix_encoding::run(&args),
        Command::Watch(args) => watch::run(&args),
        Command::Bench(args) => bench::run(&args),
    }
}

/// Prints `error` for people: each problem with its line and a marker.
fn print_error(error: &Error) {
    eprintln!("{}", error.render());
}

/// Prints each warning for people.
fn print_warnings(warnings: &[Warning]) {
    for warning in warnings {
        eprintln!("{}", warning.render());
    }
}
