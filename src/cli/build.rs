//! `baocao build DATA... --out DIR`: writes DIR/NAME.pdf and DIR/NAME.docx
//! for each report folder DATA (NAME is the folder's name).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use super::ProjectArgs;
use crate::{Booklet, Format};

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
    #[command(flatten)]
    project: ProjectArgs,
}

pub(super) fn run(args: &BuildArgs) -> ExitCode {
    let project = match args.project.open() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("lỗi: {e}");
            return ExitCode::from(2);
        }
    };
    let mut failed = 0;
    for dir in &args.data {
        let started = Instant::now();
        let result = Booklet::compose(&project, dir).and_then(|b| b.write(&project, &args.out, args.format));
        match result {
            Ok(written) => {
                for w in &written.warnings {
                    eprintln!("cảnh báo: {w}");
                }
                let names: Vec<String> = written.files.iter().map(|f| f.display().to_string()).collect();
                println!("đã tạo {} ({:.2} s)", names.join(", "), started.elapsed().as_secs_f64());
            }
            Err(e) => {
                failed += 1;
                eprintln!("lỗi: {e}");
            }
        }
    }
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
