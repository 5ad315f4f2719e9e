//! `baocao init DIR`: a new report folder that builds at once.

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::scaffold::{self, Level};
use baocao::t;
use clap::{Args, ValueEnum};

use super::print_error;

#[derive(Debug, Args)]
pub(super) struct InitArgs {
    #[arg(value_name = "DIR", help = t!("Thư mục báo cáo mới, trống hoặc chưa có", "The new report folder, empty or missing"))]
    dir: PathBuf,
    #[arg(long, value_enum, default_value_t = LevelArg::Tinh, help = t!("Cấp của cơ quan ban hành", "The level of the issuing body"))]
    level: LevelArg,
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1900..=9998), help = t!("Năm báo cáo, từ 1900 đến 9998 (mặc định: năm nay)", "The year reported on, 1900 to 9998 (default: this year)"))]
    year: Option<i32>,
    #[arg(long, conflicts_with_all = ["level", "year"], help = t!("Chép báo cáo mẫu Trà Vinh 2020 thay cho thư mục trống", "Write the bundled Trà Vinh 2020 sample instead"))]
    sample: bool,
}

/// The levels, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LevelArg {
    #[value(help = t!("tỉnh, thành phố trực thuộc trung ương", "a province"))]
    Tinh,
    #[value(help = t!("huyện, thị xã, thành phố thuộc tỉnh", "a district"))]
    Huyen,
    #[value(help = t!("xã, phường, thị trấn", "a commune"))]
    Xa,
}

impl From<LevelArg> for Level {
    fn from(level: LevelArg) -> Level {
        match level {
            LevelArg::Tinh => Level::Province,
            LevelArg::Huyen => Level::District,
            LevelArg::Xa => Level::Commune,
        }
    }
}

/// This year, from the clock: the only place baocao reads it, for a
/// default the user may set.
fn this_year() -> i32 {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // Days since 1970 to a year, good to a day at the turn of a year.
    1970 + (seconds as f64 / (365.2425 * 86_400.0)) as i32
}

pub(super) fn run(args: &InitArgs) -> ExitCode {
    let written = if args.sample {
        scaffold::sample(&args.dir)
    } else {
        scaffold::init(&args.dir, args.level.into(), args.year.unwrap_or_else(this_year))
    };
    match written {
        Ok(files) => {
            say!("{}", t!("đã tạo {} ({} tệp)", "made {} ({} files)", args.dir.display(), files.len()));
            for file in &files {
                say!("  {}", file.display());
            }
            say!(
                "{}",
                t!(
                    "tiếp theo: sửa report.yaml, indicators.csv và content/*.md, rồi chạy: baocao build {}",
                    "next: edit report.yaml, indicators.csv and content/*.md, then run: baocao build {}",
                    args.dir.display()
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_error(&e);
            ExitCode::from(2)
        }
    }
}
