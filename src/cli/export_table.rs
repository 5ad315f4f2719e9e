//! `baocao export-table DATA FILE.xlsx`: the report's indicator table as a
//! workbook for the statistics office, read back by every command.

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::error::{Error, Place};
use baocao::report::Report;
use baocao::{indicators, output, t};
use clap::Args;

use super::{print_error, print_warnings};

#[derive(Debug, Args)]
pub(super) struct ExportTableArgs {
    #[arg(value_name = "DATA", help = t!("Thư mục báo cáo", "The report folder"))]
    data: PathBuf,
    #[arg(value_name = "FILE.xlsx", help = t!("Sổ tính cần ghi, đuôi .xlsx", "The workbook to write (.xlsx)"))]
    file: PathBuf,
    #[arg(long, help = t!("Ghi đè nếu tệp đã có", "Overwrite the file if it exists"))]
    force: bool,
}

pub(super) fn run(args: &ExportTableArgs) -> ExitCode {
    match export(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            print_error(&e);
            ExitCode::FAILURE
        }
    }
}

fn export(args: &ExportTableArgs) -> baocao::Result<()> {
    if !args.file.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        return Err(Error::input(
            Place::file(&args.file),
            t!("sổ tính ghi ra phải có đuôi .xlsx", "the workbook written must end in .xlsx"),
            Some(t!("ví dụ: baocao export-table {} chi-tieu.xlsx", "e.g. baocao export-table {} chi-tieu.xlsx", args.data.display())),
        ));
    }
    let report = Report::load(&args.data)?;
    // Everything that could refuse is asked before a byte is written, so
    // that a success is told only of a run that succeeds.
    let table = indicators::TableFile::find(&report.dir)?.map(|t| t.path);
    if let Some(table) = &table
        && same_file(table, &args.file)
    {
        return Err(Error::input(
            Place::file(&args.file),
            t!("sổ tính ghi ra là chính bảng chỉ tiêu của báo cáo: không ghi đè bảng đang dùng", "the workbook to write is the report's own indicator table: it is not overwritten"),
            Some(t!("ghi ra một tên khác, ví dụ chi-tieu.xlsx", "write it under another name, e.g. chi-tieu.xlsx")),
        ));
    }
    if args.file.symlink_metadata().is_ok() && !args.force {
        return Err(Error::input(
            Place::file(&args.file),
            t!("tệp đã có", "the file exists"),
            Some(t!("thêm --force để ghi đè, hoặc chọn tên khác", "add --force to overwrite it, or choose another name")),
        ));
    }
    print_warnings(&report.warnings);
    let facts = &report.facts;
    let title = indicators::export::TitleBlock::of_report(&facts.parent_body, facts.year, facts.plan_year);
    let bytes = indicators::export::workbook_titled(
        &report.dir,
        facts.indicators_sheet.as_deref(),
        &report.indicators,
        facts.date,
        facts.settings.ratio_decimals,
        &title,
    )?;
    output::write_atomic(&args.file, &bytes)?;
    say!(
        "{}",
        t!("đã ghi {} chỉ tiêu vào {}", "wrote {} indicators to {}", report.indicators.len(), args.file.display())
    );
    let placed_in_folder = args.file.parent().and_then(|p| p.canonicalize().ok()) == report.dir.canonicalize().ok()
        && args.file.file_name().is_some_and(|n| n.to_string_lossy().starts_with("indicators."));
    if placed_in_folder && let Some(table) = table {
        say!(
            "{}",
            t!(
                "  thư mục có hai bảng chỉ tiêu: xóa {} để dùng sổ tính",
                "  the folder has two indicator tables: delete {} to use the workbook",
                table.display()
            )
        );
    } else if !placed_in_folder {
        say!(
            "{}",
            t!(
                "  để dùng sổ tính: lưu thành indicators.xlsx trong {} thay cho bảng cũ",
                "  to use the workbook: save it as indicators.xlsx in {} in place of the old table",
                report.dir.display()
            )
        );
    }
    Ok(())
}

/// Whether `target` (which may not exist yet) names the file `existing`.
fn same_file(existing: &std::path::Path, target: &std::path::Path) -> bool {
    let real = |p: &std::path::Path| {
        let folder = p.parent().filter(|f| !f.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
        folder.canonicalize().ok().map(|f| f.join(p.file_name().unwrap_or_default()))
    };
    real(existing).is_some() && real(existing) == real(target)
}
