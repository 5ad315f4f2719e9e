//! `baocao check DATA`: checks a report folder without writing anything.

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::t;
use clap::Args;
use serde_json::Value;

use super::{ProjectArgs, print_error, print_warnings};

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Output {
    #[value(help = t!("cho người đọc: mỗi vấn đề với dòng của nó và dấu chỉ chỗ", "for people: each problem with its line and a marker under the place"))]
    Text,
    #[value(help = t!("cho chương trình và CI: một mảng JSON trên đầu ra chuẩn", "for scripts and CI: a JSON array of diagnostics on standard output"))]
    Json,
}

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    #[arg(value_name = "DATA", help = t!("Thư mục báo cáo cần kiểm tra", "The report folder to check"))]
    data: PathBuf,
    #[arg(long, value_enum, default_value_t = Output::Text, help = t!("Cách in những gì tìm thấy", "How to print what was found"))]
    format: Output,
    #[arg(
        long = "final",
        help = t!(
            "Kiểm tra như bản in chính thức (build --final): dấu bản nháp, chữ giữ chỗ, số liệu trống và số liệu mâu thuẫn là lỗi",
            "Check as for a final copy (build --final): draft marks, placeholders, empty figures and contradicted figures are errors"
        )
    )]
    final_copy: bool,
    #[command(flatten)]
    project: ProjectArgs,
}

/// Prints everything found; exit 0 when there is no error (warnings
/// allowed), 1 when there are errors, 2 when the folder or the project
/// cannot be read.
pub(super) fn run(args: &CheckArgs) -> ExitCode {
    let result = args.project.open().and_then(|project| baocao::check::check_with(&project, &args.data, args.final_copy));
    let findings = match result {
        Ok(findings) => findings,
        Err(e) => {
            match args.format {
                Output::Text => print_error(&e),
                Output::Json => say!("{}", Value::Array(e.problems().into_iter().map(|p| baocao::check::error_json(p, &args.data)).collect())),
            }
            return ExitCode::from(2);
        }
    };
    match args.format {
        Output::Text => {
            let shown = baocao::limits::MAX_DIAGNOSTICS;
            for error in findings.errors.iter().take(shown) {
                print_error(error);
            }
            if findings.errors.len() > shown {
                tell!("{}", t!("… và {} lỗi khác (không in ra)", "… and {} more errors (not shown)", findings.errors.len() - shown));
            }
            print_warnings(&findings.warnings);
            let (errors, warnings) = (findings.errors.len(), findings.warnings.len());
            say!("{}", t!("{}: {errors} lỗi, {warnings} cảnh báo", "{}: {errors} errors, {warnings} warnings", args.data.display()));
        }
        Output::Json => say!("{:#}", findings.to_json(&args.data)),
    }
    if findings.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

