//! `baocao new-year FROM TO`: next year's report folder from this year's.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

#[derive(Debug, Args)]
pub(super) struct NewYearArgs {
    /// This year's report folder.
    #[arg(value_name = "FROM")]
    from: PathBuf,
    /// The new folder for next year (must not exist yet).
    #[arg(value_name = "TO")]
    to: PathBuf,
}

pub(super) fn run(args: &NewYearArgs) -> ExitCode {
    match crate::rollover::new_year(&args.from, &args.to) {
        Ok(rolled) => {
            println!(
                "đã tạo {} cho năm {}: {} chỉ tiêu chuyển sang (chỉ tiêu năm sau thành chỉ tiêu năm nay, kết quả để trống)",
                args.to.display(),
                rolled.year,
                rolled.indicators
            );
            for draft in &rolled.drafts {
                println!("  bản nháp cần viết lại: {}", draft.display());
            }
            println!("  cần nêu lại: các chỉ tiêu không đạt trong report.yaml (summaries)");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("lỗi: {e}");
            ExitCode::FAILURE
        }
    }
}
