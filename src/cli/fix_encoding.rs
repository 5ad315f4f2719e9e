//! `baocao fix-encoding FILE`: converts a file in a legacy Vietnamese
//! encoding (TCVN3, VNI-Windows) to Unicode.

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::t;
use baocao::text::{self, Fixed, legacy::Legacy};
use clap::{Args, ValueEnum};

use super::print_error;

#[derive(Debug, Args)]
pub(super) struct FixEncodingArgs {
    #[arg(value_name = "FILE", help = t!("Tệp cần chuyển (tệp .md, .yaml hoặc .csv của báo cáo)", "The file to convert (a .md, .yaml or .csv file of a report)"))]
    file: PathBuf,
    #[arg(long, value_enum, value_name = "ENCODING", help = t!("Bảng mã của tệp; tự nhận ra khi không ghi", "The encoding it is in; detected when not given"))]
    from: Option<LegacyArg>,
    #[arg(
        long,
        short,
        value_name = "OUT",
        help = t!(
            "Ghi chữ Unicode vào tệp này thay cho FILE (không có tùy chọn này thì FILE được thay, bản cũ giữ là FILE.bak)",
            "Write the Unicode text here instead of replacing FILE (which is otherwise kept as FILE.bak)"
        )
    )]
    out: Option<PathBuf>,
}

pub(super) fn run(args: &FixEncodingArgs) -> ExitCode {
    match text::fix_encoding(&args.file, args.from.map(Legacy::from), args.out.as_deref()) {
        Ok(Fixed { from: None, .. }) => {
            say!("{}", t!("{}: đã là Unicode, không đổi gì", "{}: Unicode already, nothing changed", args.file.display()));
            ExitCode::SUCCESS
        }
        Ok(Fixed { from: Some(from), lines, backup }) => {
            let written = args.out.as_ref().unwrap_or(&args.file);
            say!(
                "{}",
                t!(
                    "{}: đã chuyển từ {} sang Unicode ({lines} dòng đổi), ghi vào {}",
                    "{}: converted from {} to Unicode ({lines} lines changed), written to {}",
                    args.file.display(),
                    from.name(),
                    written.display()
                )
            );
            if let Some(backup) = backup {
                say!("{}", t!("  bản gốc giữ ở {}", "  the original is kept as {}", backup.display()));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_error(&e);
            ExitCode::FAILURE
        }
    }
}

/// The legacy encodings, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LegacyArg {
    #[value(help = t!("TCVN3 (ABC), các phông \".VnTime\"", "TCVN3 (ABC), the \".VnTime\" fonts"))]
    Tcvn3,
    #[value(help = t!("VNI-Windows, các phông \"VNI-Times\"", "VNI-Windows, the \"VNI-Times\" fonts"))]
    Vni,
}

impl From<LegacyArg> for Legacy {
    fn from(arg: LegacyArg) -> Legacy {
        match arg {
            LegacyArg::Tcvn3 => Legacy::Tcvn3,
            LegacyArg::Vni => Legacy::Vni,
        }
    }
}
