//! `baocao edit DATA`: the report in the browser, its pages updating as it
//! is edited: the local server here, the editing session in `baocao::edit`.

mod server;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use baocao::edit::Session;
use server::Config;
use baocao::t;
use clap::Args;

use super::{ProjectArgs, print_error};

/// `baocao edit`'s arguments.
#[derive(Debug, Args)]
pub(super) struct EditArgs {
    #[arg(value_name = "DATA", help = t!("Thư mục báo cáo cần sửa", "The report folder to edit"))]
    data: PathBuf,
    #[arg(long, short, default_value = "out", value_name = "DIR", help = t!("Thư mục ghi tài liệu khi bấm «Làm tài liệu»", "Where the «Làm tài liệu» (build) button writes"))]
    out: PathBuf,
    #[arg(
        long,
        value_name = "N",
        help = t!(
            "Cổng trên 127.0.0.1; mặc định là cổng riêng của thư mục báo cáo (để trang mở lại tìm thấy những gì chưa lưu), hoặc một cổng trống",
            "The port on 127.0.0.1; default: the report folder's own (so that a page opened again finds what was not saved), or a free one"
        )
    )]
    port: Option<u16>,
    #[arg(long, help = t!("Không tự mở trình duyệt", "Do not open the browser"))]
    no_open: bool,
    #[arg(long, value_name = "MINUTES", help = t!("Tự dừng sau chừng ấy phút không còn trang nào mở", "Stop after this many minutes with no page open"))]
    idle_exit: Option<f64>,
    #[command(flatten)]
    project: ProjectArgs,
}

pub(super) fn run(args: &EditArgs, english: bool) -> ExitCode {
    if args.data.join(baocao::report::FACTS_FILE).symlink_metadata().is_err() {
        // Not a report folder: loading it says so and suggests `baocao
        // init`. A report with mistakes opens, to put them right.
        if let Err(e) = baocao::report::Report::load(&args.data) {
            print_error(&e);
            return ExitCode::from(2);
        }
    }
    let project = match args.project.open_or_exit() {
        Ok(project) => project,
        Err(code) => return code,
    };
    let idle_exit = match args.idle_exit {
        Some(minutes) if minutes.is_finite() && minutes > 0.0 => Some(Duration::from_secs_f64(minutes * 60.0)),
        Some(_) => {
            eprintln!("{}", t!("lỗi: --idle-exit cần một số phút lớn hơn 0", "error: --idle-exit needs a number of minutes above 0"));
            return ExitCode::from(2);
        }
        None => None,
    };
    // The folder by its real path, however it was named: the file watcher
    // names files so.
    let dir = args.data.canonicalize().unwrap_or_else(|_| args.data.clone());
    let config = Config { out: args.out.clone(), port: args.port, idle_exit, english };
    let open = !args.no_open;
    let ready = |url: &str| {
        println!("{url}");
        let _ = std::io::stdout().flush();
        if open && open::that_detached(url).is_err() {
            eprintln!("{}", t!("không mở được trình duyệt: hãy mở địa chỉ trên", "cannot open the browser: open the address above"));
        }
    };
    match server::serve(Session::new(project, &dir), config, ready) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            print_error(&e);
            ExitCode::from(2)
        }
    }
}
