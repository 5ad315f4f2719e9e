//! `baocao import FILE.docx... DATA`: reviewers' edits on the DOCX brought
//! back into the report folder, one copy or several offices' together.

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::import::{self, ReviewedCopy, TrackChanges};
use baocao::t;
use clap::{Args, ValueEnum};

use super::{ProjectArgs, print_error, print_warnings};

#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    #[arg(
        value_name = "FILE.docx",
        num_args = 1..,
        required = true,
        help = t!(
            "Tệp DOCX: tài liệu baocao đã làm, đã được góp ý (một hay nhiều bản của các cơ quan); hoặc một tài liệu Word làm tay",
            "The DOCX: a booklet baocao built, reviewed (one copy or several offices'); or one hand-made Word booklet"
        )
    )]
    docx: Vec<PathBuf>,
    #[arg(
        value_name = "DATA",
        required = true,
        help = t!(
            "Thư mục báo cáo mà tài liệu được làm từ đó; hoặc một thư mục chưa có, để tạo từ tài liệu làm tay",
            "The report folder the DOCX was built from; or a folder that does not exist yet, made from a hand-made booklet"
        )
    )]
    data: PathBuf,
    #[arg(
        long,
        value_name = "CƠ-QUAN",
        help = t!(
            "Cơ quan góp ý của tệp DOCX khi tài liệu không nói (tác giả trong tài liệu là người khác); cho nhiều lần, theo thứ tự các tệp",
            "The office that sent the DOCX, when the document does not say (its author is someone else); give it once per file, in the files' order"
        )
    )]
    from: Vec<String>,
    #[arg(
        long,
        value_enum,
        default_value_t = TrackArg::Stop,
        help = t!("Với thay đổi được theo dõi (track changes) trong tài liệu", "What to do with tracked changes in the DOCX")
    )]
    track_changes: TrackArg,
    #[arg(long, help = t!("Chỉ in ra những gì sẽ đổi, không ghi gì", "Print the changes as a diff, write nothing"))]
    dry_run: bool,
    #[arg(
        long,
        help = t!(
            "Ghi cả khi có đoạn bị sửa ở cả hai phía: ghi các sửa đổi không xung đột",
            "Write even when paragraphs changed on both sides: the edits that do not conflict"
        )
    )]
    force: bool,
    #[command(flatten)]
    project: ProjectArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TrackArg {
    #[value(help = t!("dừng, không ghi gì, in tóm tắt các thay đổi", "stop, write nothing, and summarise the changes"))]
    Stop,
    #[value(help = t!("chấp nhận tất cả, như Word", "accept them all, as Word does"))]
    Accept,
    #[value(help = t!("bỏ tất cả", "reject them all"))]
    Reject,
}

/// The long help of `import`: its two kinds.
pub(super) fn long_about() -> String {
    t!(
        "Nhập một tài liệu DOCX, theo một trong hai cách:

1. Tài liệu do baocao làm ra, đã được góp ý: baocao import gop-y.docx data/tra-vinh-2020
   đưa sửa đổi của người góp ý (chữ sửa, đoạn thêm, xóa, chuyển chỗ, số liệu) về đúng dòng
   của content/*.md và ô của bảng chỉ tiêu trong thư mục báo cáo mà tài liệu được làm từ đó;
   ý kiến góp ý (comment) ghi vào gop-y.md trong thư mục, mỗi ý kiến một mục có dòng
   «Tiếp thu, giải trình:» để điền. Nhiều bản của các cơ quan một lần:
   baocao import so-tc.docx so-khdt.docx data/tra-vinh-2020 (--from \"Sở Tài chính\" khi
   tài liệu không ghi cơ quan); dòng hai cơ quan sửa khác nhau không ghi, được liệt kê.

2. Tài liệu Word làm tay (như tài liệu năm trước): baocao import tai-lieu-2020.docx data/moi,
   với data/moi chưa có, tạo thư mục báo cáo mới: các dòng của bìa thành report.yaml, nội
   dung thành content/*.md (mỗi phần một tệp), các cấp tiêu đề nhận ra ghi vào
   templates/style.yaml. In ra mỗi đoạn được nhận là gì.",
        "Import a DOCX, in one of two ways:

1. A booklet baocao built, reviewed: baocao import gop-y.docx data/tra-vinh-2020 brings the
   reviewer's edits (words changed, paragraphs added, deleted or moved, figures) back to
   their lines of content/*.md and cells of the indicator table in the report folder the
   DOCX was built from; comments go to gop-y.md in the folder, each an entry with a line
   «Tiếp thu, giải trình:» to fill in. Several offices' copies at once:
   baocao import so-tc.docx so-khdt.docx data/tra-vinh-2020 (--from \"Sở Tài chính\" when
   the document names no office); a line two offices changed differently is not written,
   it is listed.

2. A hand-made Word booklet (such as last year's): baocao import tai-lieu-2020.docx data/moi,
   with data/moi not there yet, makes a new report folder: the cover's lines become
   report.yaml, the text content/*.md (a file per part), the heading ladder found
   templates/style.yaml. It prints what each paragraph was taken for."
    )
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
    let (data, files) = (&args.data, &args.docx);
    if args.from.len() > files.len() {
        tell!(
            "{}",
            t!(
                "lỗi: {} lần --from cho {} tệp DOCX\n = gợi ý: mỗi tệp một cơ quan, theo thứ tự các tệp; bỏ --from cho tệp mà tài liệu đã ghi cơ quan (cho nó sau cùng)",
                "error: --from given {} times for {} DOCX files\n = hint: one office per file, in the files' order; leave --from out for files whose document names its office (put them last)",
                args.from.len(),
                files.len()
            )
        );
        return ExitCode::from(2);
    }
    let copies: Vec<ReviewedCopy> = files.iter().enumerate().map(|(i, docx)| ReviewedCopy { docx: docx.clone(), from: args.from.get(i).cloned() }).collect();
    if data.symlink_metadata().is_err() {
        return new_folder(args, &copies, data, mode);
    }
    let found = match import::import(&project, &copies, data, mode) {
        Ok(found) => found,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(2);
        }
    };
    if !found.stopped.is_empty() {
        return stopped(&found.stopped);
    }
    let office = |notice: &import::Notice| if notice.office.is_empty() { String::new() } else { format!(" ({})", notice.office) };
    for notice in &found.notices {
        let near = if notice.near.is_empty() { String::new() } else { format!("\n  {}: «{}»", t!("gần", "near"), notice.near) };
        let section = if notice.section.is_empty() { String::new() } else { format!("\n  {}: {}", t!("mục", "section"), notice.section) };
        tell!("{}{}: {}{section}{near}", t!("chưa đưa về", "not brought back"), office(notice), notice.message);
    }
    for conflict in &found.conflicts {
        let section = if conflict.section.is_empty() { String::new() } else { format!("\n  {}: {}", t!("mục", "section"), conflict.section) };
        tell!("{}{}: {}{section}\n  {}: «{}»", t!("xung đột", "conflict"), office(conflict), conflict.message, t!("bản của người góp ý", "the reviewer's text"), conflict.near);
    }
    for dispute in &found.disputes {
        let section = if dispute.section.is_empty() { String::new() } else { format!("\n  {}: {}", t!("mục", "section"), dispute.section) };
        let versions: String = dispute
            .excerpts()
            .iter()
            .map(|(office, text)| match text.is_empty() {
                true => format!("\n  {office}: {}", t!("xóa", "deleted")),
                false => format!("\n  {office}: «{text}»"),
            })
            .collect();
        tell!(
            "{}: {}{section}{versions}",
            t!("các cơ quan sửa khác nhau", "offices' edits differ"),
            t!(
                "{} không ghi bản nào; chọn một bản và sửa tay (ghi trong {})",
                "{} nothing written for it; choose a version and edit it by hand (listed in {})",
                dispute.place,
                import::COMMENTS_FILE
            )
        );
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
        print!("{}", baocao::error::visible(&found.diff(data)));
        say!("{}", t!("{} tệp sẽ đổi (--dry-run: không ghi gì)", "{} files would change (--dry-run: nothing written)", found.changes.len()));
        return ExitCode::SUCCESS;
    }
    match found.write(data) {
        Ok(warnings) => print_warnings(&warnings),
        Err(e) => {
            print_error(&e);
            return ExitCode::FAILURE;
        }
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

/// A hand-made booklet into the new folder `data`.
fn new_folder(args: &ImportArgs, copies: &[ReviewedCopy], data: &std::path::Path, mode: TrackChanges) -> ExitCode {
    let [copy] = copies else {
        tell!(
            "{}",
            t!(
                "lỗi: {} chưa có; một thư mục mới được tạo từ một tài liệu Word làm tay, không phải từ {} tệp\n = gợi ý: nhập các bản góp ý vào thư mục báo cáo mà tài liệu được làm từ đó",
                "error: {} does not exist; a new folder is made from one hand-made Word booklet, not from {} files\n = hint: import reviewed copies into the report folder the document was built from",
                data.display(),
                copies.len()
            )
        );
        return ExitCode::from(2);
    };
    let found = match import::import_new(copy, mode) {
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
            say!("--- {}\n{text}", data.join(path).display());
        }
        say!("{}", t!("{} tệp sẽ được tạo (--dry-run: không ghi gì)", "{} files would be made (--dry-run: nothing written)", found.folder.files.len()));
        return ExitCode::SUCCESS;
    }
    // Written before anything is printed: output cut short (`| head`)
    // must not leave the folder unmade.
    if let Err(e) = import::handmade::write(&found.folder, data) {
        print_error(&e);
        return ExitCode::from(2);
    }
    for line in &found.folder.report {
        say!("  {line}");
    }
    say!("{}", t!("đã tạo {} từ {}; kiểm tra bằng: baocao check {}", "made {} from {}; check it with: baocao check {}", data.display(), copy.docx.display(), data.display()));
    ExitCode::SUCCESS
}
