//! `baocao import FILE.docx DATA`: a reviewer's edits on the DOCX brought
//! back into the report folder.

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::import::{self, TrackChanges};
use baocao::t;
use clap::{Args, ValueEnum};

use super::{ProjectArgs, print_error};

#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    /// Tài liệu DOCX đã được góp ý (the reviewed DOCX).
    #[arg(value_name = "FILE.docx")]
    docx: PathBuf,
    /// Thư mục báo cáo mà tài liệu được làm từ đó (the report folder it was built from).
    #[arg(value_name = "DATA")]
    data: PathBuf,
    /// Với thay đổi được theo dõi: dừng (mặc định), chấp nhận hết hoặc bỏ hết
    /// (tracked changes: stop, accept all, or reject all).
    #[arg(long, value_enum, default_value_t = TrackArg::Stop)]
    track_changes: TrackArg,
    /// Chỉ in ra những gì sẽ đổi, không ghi gì (print the changes as a diff, write nothing).
    #[arg(long)]
    dry_run: bool,
    /// Ghi cả khi có đoạn bị sửa ở cả hai phía (write the edits that do not conflict).
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    project: ProjectArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TrackArg {
    Stop,
    Accept,
    Reject,
}

pub(super) fn run(args: &ImportArgs) -> ExitCode {
    let project = match args.project.open_or_exit() {
        Ok(project) => project,
        Err(code) => return code,
    };
    let mode = match args.track_changes {
        TrackArg::Stop => TrackChanges::Stop,
        TrackArg::Accept => TrackChanges::Accept,
        TrackArg::Reject => TrackChanges::Reject,
    };
    if args.data.symlink_metadata().is_err() {
        return new_folder(args, mode);
    }
    let found = match import::import(&project, &args.docx, &args.data, mode) {
        Ok(found) => found,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(2);
        }
    };
    if !found.stopped.is_empty() {
        return stopped(&found.stopped);
    }
    for notice in &found.notices {
        let near = if notice.near.is_empty() { String::new() } else { format!("\n  {}: «{}»", t!("gần", "near"), notice.near) };
        let section = if notice.section.is_empty() { String::new() } else { format!("\n  {}: {}", t!("mục", "section"), notice.section) };
        tell!("{}: {}{section}{near}", t!("chưa đưa về", "not brought back"), notice.message);
    }
    for conflict in &found.conflicts {
        let section = if conflict.section.is_empty() { String::new() } else { format!("\n  {}: {}", t!("mục", "section"), conflict.section) };
        tell!("{}: {}{section}\n  {}: «{}»", t!("xung đột", "conflict"), conflict.message, t!("bản của người góp ý", "the reviewer's text"), conflict.near);
    }
    if !found.conflicts.is_empty() && !args.force && !args.dry_run {
        tell!(
            "{}",
            t!(
                "{} đoạn bị sửa ở cả hai phía; không ghi gì. Xem bằng --dry-run, rồi thêm --force để ghi các sửa đổi không xung đột",
                "{} paragraphs changed on both sides; nothing written. Look with --dry-run, then add --force to write the edits that do not conflict",
                found.conflicts.len()
            )
        );
        return ExitCode::FAILURE;
    }
    if args.dry_run {
        print!("{}", baocao::error::visible(&found.diff(&args.data)));
        say!("{}", t!("{} tệp sẽ đổi (--dry-run: không ghi gì)", "{} files would change (--dry-run: nothing written)", found.changes.len()));
        return ExitCode::SUCCESS;
    }
    if let Err(e) = found.write() {
        print_error(&e);
        return ExitCode::FAILURE;
    }
    for change in &found.changes {
        say!("{}", t!("đã sửa {}", "changed {}", change.path.display()));
    }
    if found.comments > 0 {
        say!("{}", t!("{} góp ý ghi vào {}", "{} comments listed in {}", found.comments, import::COMMENTS_FILE));
    }
    if found.changes.is_empty() {
        say!("{}", t!("không có gì thay đổi", "nothing changed"));
    }
    ExitCode::SUCCESS
}

/// Says which tracked changes stopped the import.
fn stopped(revisions: &[import::read::Revision]) -> ExitCode {
    tell!(
        "{}",
        t!(
            "tài liệu còn {} thay đổi được theo dõi chưa xử lý; không ghi gì:",
            "the document has {} unresolved tracked changes; nothing written:",
            revisions.len()
        )
    );
    eprint!("{}", baocao::error::visible(&import::revisions_summary(revisions)));
    tell!(
        "{}",
        t!(
            "gợi ý: xử lý trong Word (Review › Accept/Reject), hoặc chạy lại với --track-changes accept hoặc reject",
            "hint: resolve them in Word (Review › Accept/Reject), or run again with --track-changes accept or reject"
        )
    );
    ExitCode::FAILURE
}

/// A hand-made booklet into the new folder `args.data`.
fn new_folder(args: &ImportArgs, mode: TrackChanges) -> ExitCode {
    let found = match import::import_new(&args.docx, mode) {
        Ok(found) => found,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(2);
        }
    };
    if !found.stopped.is_empty() {
        return stopped(&found.stopped);
    }
    if args.dry_run {
        for line in &found.folder.report {
            say!("  {line}");
        }
        for (path, text) in &found.folder.files {
            say!("--- {}\n{text}", args.data.join(path).display());
        }
        say!("{}", t!("{} tệp sẽ được tạo (--dry-run: không ghi gì)", "{} files would be made (--dry-run: nothing written)", found.folder.files.len()));
        return ExitCode::SUCCESS;
    }
    // Written before anything is printed: output cut short (`| head`)
    // must not leave the folder unmade.
    if let Err(e) = import::handmade::write(&found.folder, &args.data) {
        print_error(&e);
        return ExitCode::from(2);
    }
    for line in &found.folder.report {
        say!("  {line}");
    }
    say!("{}", t!("đã tạo {} từ {}; kiểm tra bằng: baocao check {}", "made {} from {}; check it with: baocao check {}", args.data.display(), args.docx.display(), args.data.display()));
    ExitCode::SUCCESS
}
