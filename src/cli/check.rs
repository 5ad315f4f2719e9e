//! `baocao check DATA`: checks a report folder without writing anything.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::ProjectArgs;

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// The report folder to check.
    #[arg(value_name = "DATA")]
    data: PathBuf,
    #[command(flatten)]
    project: ProjectArgs,
}

/// Prints every problem found; exit 0 when there is none (warnings
/// allowed), 1 when there are problems, 2 when the folder cannot be read.
pub(super) fn run(args: &CheckArgs) -> ExitCode {
    let project = match args.project.open() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("lỗi: {e}");
            return ExitCode::from(2);
        }
    };
    match crate::check::check(&project, &args.data) {
        Ok(problems) => {
            for p in &problems {
                println!("{p}");
            }
            let errors = problems.iter().filter(|p| !p.warning).count();
            let warnings = problems.len() - errors;
            println!("{}: {errors} lỗi, {warnings} cảnh báo", args.data.display());
            if errors == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        Err(e) => {
            eprintln!("lỗi: {e}");
            ExitCode::from(2)
        }
    }
}
