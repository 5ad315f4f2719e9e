//! `baocao templates export DIR`: the built-in templates written out for a
//! designer to change, then used with `--templates DIR` (or one file copied
//! into a report's own `templates/`).

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::t;
use clap::{Args, Subcommand};

use super::print_error;

#[derive(Debug, Args)]
pub(super) struct TemplatesArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    #[command(about = t!("Ghi các mẫu có sẵn ra thư mục DIR", "Write the built-in templates to DIR"))]
    Export {
        #[arg(value_name = "DIR", help = t!("Thư mục đích, trống hoặc chưa có", "An empty or missing folder"))]
        dir: PathBuf,
        #[arg(
            long,
            help = t!("Ghi đè các tệp trùng tên trong thư mục đã có nội dung", "Overwrite files of the same name in a folder that is not empty")
        )]
        force: bool,
    },
}

pub(super) fn run(args: &TemplatesArgs) -> ExitCode {
    let Action::Export { dir, force } = &args.action;
    match baocao::assets::write_out(baocao::assets::default_templates(), dir, *force) {
        Ok(files) => {
            say!("{}", t!("đã ghi {} mẫu vào {}", "wrote {} templates to {}", files.len(), dir.display()));
            say!("{}", t!("dùng bằng: baocao build BÁO_CÁO --templates {}", "use them with: baocao build REPORT --templates {}", dir.display()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_error(&e);
            ExitCode::from(2)
        }
    }
}
