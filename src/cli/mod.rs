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
use crate::{Format, Imposition, Options, Standard};
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
    /// The project, or, when it cannot be opened, the error printed and
    /// the exit code 2.
    fn open_or_exit(&self) -> Result<crate::Project, ExitCode> {
        self.open().map_err(|e| {
            print_error(&e);
            ExitCode::from(2)
        })
    }

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

/// How the print shop binds the booklet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Binding {
    /// Saddle stitch: folded sheets, stapled in the fold.
    Saddle,
}

/// Where a booklet goes and how it is made: the options `build` and
/// `watch` share.
#[derive(Debug, Args)]
struct OutputArgs {
    /// Where to write the booklets.
    #[arg(long, short, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// Which files to write.
    #[arg(long, short, value_enum, default_value_t = Format::All)]
    pub format: Format,
    /// Paper format, a key of templates/formats.yaml (a4, a5, 145x205);
    /// default: the report's settings.paper, else a4.
    #[arg(long, value_name = "FORMAT")]
    paper: Option<String>,
    /// Two-sided printing: mirrored margins, the inner one on the binding
    /// side (default: the report's settings.duplex).
    #[arg(long)]
    duplex: bool,
    /// The standard the PDF conforms to.
    #[arg(long, value_enum, default_value_t = Standard::A2b, value_name = "STANDARD")]
    pdf_standard: Standard,
    /// Also write NAME.impose.pdf for the print shop: the pages two-up on
    /// sheets twice the page size in booklet order (saddle stitch).
    #[arg(long, value_enum, value_name = "BINDING")]
    impose: Option<Binding>,
    /// With --impose: draw crop marks.
    #[arg(long, requires = "impose")]
    crop_marks: bool,
    /// Set the DOCX in the bundled font and embed it, so it looks the same
    /// on a computer without it (by default the DOCX names Times New Roman).
    #[arg(long)]
    embed_fonts: bool,
}

impl OutputArgs {
    /// The build's choices these options make.
    fn options(&self) -> Options {
        Options {
            paper: self.paper.clone(),
            duplex: self.duplex.then_some(true),
            standard: self.pdf_standard,
            impose: self.impose.map(|Binding::Saddle| Imposition { crop_marks: self.crop_marks }),
            embed_fonts: self.embed_fonts,
        }
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
