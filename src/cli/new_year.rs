//! `baocao new-year FROM TO`: next year's report folder from this year's.

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::t;
use clap::Args;

use super::{print_error, print_warnings};

#[derive(Debug, Args)]
pub(super) struct NewYearArgs {
    #[arg(value_name = "FROM", help = t!("Thư mục báo cáo năm nay", "This year's report folder"))]
    from: PathBuf,
    #[arg(value_name = "TO", help = t!("Thư mục mới cho năm sau (chưa có)", "The new folder for next year (must not exist yet)"))]
    to: PathBuf,
}

pub(super) fn run(args: &NewYearArgs) -> ExitCode {
    match baocao::rollover::new_year(&args.from, &args.to) {
        Ok(rolled) => {
            print_warnings(&rolled.warnings);
            say!(
                "{}",
                t!(
                    "đã tạo {} cho năm {}: {} chỉ tiêu chuyển sang (chỉ tiêu năm sau thành chỉ tiêu năm nay, kết quả để trống)",
                    "made {} for {}: {} indicators carried over (next year's targets are now the targets, results empty)",
                    args.to.display(),
                    rolled.year,
                    rolled.indicators
                )
            );
            for draft in &rolled.drafts {
                say!("{}", t!("  bản nháp cần viết lại: {}", "  draft to rewrite: {}", draft.display()));
            }
            say!("{}", t!("  cần nêu lại: số chỉ tiêu đạt, không đạt trong report.yaml (summaries)", "  to state again: the met and unmet indicators in report.yaml (summaries)"));
            say!("{}", t!("  tài liệu in chữ DỰ THẢO cho đến khi xóa dấu bản nháp ở dòng đầu mỗi tệp", "  the booklet says DỰ THẢO until the draft mark on each file's first line is deleted"));
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_error(&e);
            ExitCode::FAILURE
        }
    }
}
