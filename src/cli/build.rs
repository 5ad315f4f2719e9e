//! `baocao build DATA... --out DIR`: writes DIR/NAME.pdf and DIR/NAME.docx
//! for each report folder DATA (NAME is the folder's name).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use super::{ProjectArgs, print_error, print_warnings};
use crate::t;
use crate::{Booklet, Format, Imposition, Options, Standard};

/// How the print shop binds the booklet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Binding {
    /// Saddle stitch: folded sheets, stapled in the fold.
    Saddle,
}

#[derive(Debug, Args)]
pub(super) struct BuildArgs {
    /// Report folders, each with report.yaml and content/.
    #[arg(required = true, value_name = "DATA")]
    data: Vec<PathBuf>,
    /// Where to write the booklets.
    #[arg(long, short, default_value = "out", value_name = "DIR")]
    out: PathBuf,
    /// Which files to write.
    #[arg(long, short, value_enum, default_value_t = Format::All)]
    format: Format,
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
    #[command(flatten)]
    project: ProjectArgs,
}

pub(super) fn run(args: &BuildArgs) -> ExitCode {
    let project = match args.project.open() {
        Ok(p) => p,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(2);
        }
    };
    let mut failed = 0;
    for dir in &args.data {
        let started = Instant::now();
        let options = Options {
            paper: args.paper.clone(),
            duplex: args.duplex.then_some(true),
            standard: args.pdf_standard,
            impose: args.impose.map(|Binding::Saddle| Imposition { crop_marks: args.crop_marks }),
            embed_fonts: args.embed_fonts,
        };
        let result = Booklet::compose_with(&project, dir, options).and_then(|b| b.write(&project, &args.out, args.format));
        match result {
            Ok(written) => {
                print_warnings(&written.warnings);
                let names: Vec<String> = written.files.iter().map(|f| f.display().to_string()).collect();
                let seconds = started.elapsed().as_secs_f64();
                println!("{}", t!("đã tạo {} ({seconds:.2} s)", "wrote {} ({seconds:.2} s)", names.join(", ")));
            }
            Err(e) => {
                failed += 1;
                print_error(&e);
            }
        }
    }
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
