//! `baocao bench [DATA]`: times the pipeline on a report (the sample by
//! default), each stage and the whole, as medians; with `--scale N` also a
//! synthetic report N times its size.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use baocao::bench::{self, Measured};
use baocao::t;
use baocao::timing::Stage;
use clap::Args;

use super::{ProjectArgs, print_error};

#[derive(Debug, Args)]
pub(super) struct BenchArgs {
    #[arg(value_name = "DATA", help = t!("Thư mục báo cáo cần đo (mặc định: bản sao của báo cáo mẫu)", "The report folder to time (default: a copy of the bundled sample)"))]
    data: Option<PathBuf>,
    #[arg(long, default_value_t = 11, help = t!("Số lần làm để đo", "How many builds to time"))]
    runs: usize,
    #[arg(
        long,
        help = t!(
            "Giữ phần Typst đã tính giữa các lần làm, như watch, thay vì mỗi lần bắt đầu lại như một tiến trình mới",
            "Keep Typst's memoisation between builds, as watch does, instead of starting each build cold, as a new process does"
        )
    )]
    warm: bool,
    #[arg(long, value_name = "N", help = t!("Đo thêm một báo cáo tổng hợp lớn gấp N lần", "Also time a synthetic report this many times the size"))]
    scale: Option<usize>,
    #[arg(
        long,
        value_name = "N,N,...",
        value_delimiter = ',',
        help = t!(
            "Đo thêm với bảng chỉ tiêu cỡ này (build và check), ví dụ --rows 500,1000,2000",
            "Also time the report with indicator tables of these sizes (build and check), e.g. --rows 500,1000,2000"
        )
    )]
    rows: Vec<usize>,
    #[arg(
        long,
        help = t!(
            "Đo trình sửa (baocao edit): một chữ và một số liệu được sửa, đến SVG của các trang đổi, bên cạnh việc watch làm lại PDF",
            "Time the editor instead (baocao edit): a prose word and a figure edited, each to its changed pages' SVG, beside watch's PDF rebuild"
        )
    )]
    edit: bool,
    #[command(flatten)]
    project: ProjectArgs,
}

pub(super) fn run(args: &BenchArgs) -> ExitCode {
    let project = match args.project.open_or_exit() {
        Ok(project) => project,
        Err(code) => return code,
    };
    let Ok(work) = tempfile::tempdir() else {
        tell!("{}", t!("lỗi: không tạo được thư mục tạm", "error: cannot make a temporary folder"));
        return ExitCode::from(2);
    };
    let data = match &args.data {
        Some(data) => data.clone(),
        None => {
            let sample = work.path().join("tra-vinh-2020");
            if let Err(e) = baocao::scaffold::sample(&sample) {
                print_error(&e);
                return ExitCode::FAILURE;
            }
            sample
        }
    };
    // Each timed build opens the project anew, as a new process does.
    let assets = project.assets.clone();
    drop(project);
    let fonts = args.project.fonts.clone();
    if args.edit {
        return edit(&assets, fonts.as_deref(), &data, work.path(), args.runs);
    }
    let measure = |dir: &std::path::Path| bench::measure(&assets, fonts.as_deref(), dir, work.path(), args.runs, !args.warm);
    let sample = match measure(&data) {
        Ok(m) => m,
        Err(e) => {
            print_error(&e);
            return ExitCode::FAILURE;
        }
    };
    let mode = if args.warm { t!("ấm (giữ bộ nhớ đệm Typst)", "warm (Typst memoisation kept)") } else { t!("lạnh (xóa bộ nhớ đệm Typst mỗi lần)", "cold (Typst memoisation cleared each run)") };
    say!("{}: {} {}, {} {}, {mode}", data.display(), sample.pages, t!("trang", "pages"), sample.runs, t!("lần", "runs"));
    print_table(&sample);
    let name = data.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let docx = work.path().join(format!("{name}.docx"));
    match bench::measure_import(&assets, fonts.as_deref(), &docx, &data, args.runs) {
        Ok(took) => say!("  {:<10} {:>8.1} ms", t!("nhập DOCX", "import"), ms(took)),
        Err(e) => {
            print_error(&e);
            return ExitCode::FAILURE;
        }
    }
    if let Some(factor) = args.scale {
        let dir = work.path().join(format!("synthetic-x{factor}"));
        let scaled = match bench::synthetic(&data, &dir, factor).and_then(|()| measure(&dir)) {
            Ok(m) => m,
            Err(e) => {
                print_error(&e);
                return ExitCode::FAILURE;
            }
        };
        say!();
        say!("{} x{factor}: {} {}", t!("báo cáo tổng hợp", "synthetic report"), scaled.pages, t!("trang", "pages"));
        print_table(&scaled);
        say!(
            "{}",
            t!(
                "x{factor}: thời gian gấp {:.2} lần, số trang gấp {:.2} lần",
                "x{factor}: {:.2} times the time for {:.2} times the pages",
                ratio(scaled.whole, sample.whole),
                scaled.pages as f64 / sample.pages.max(1) as f64
            )
        );
    }
    if !args.rows.is_empty() {
        say!();
        say!("{}", t!("bảng chỉ tiêu lớn dần (trung vị, lạnh):", "growing indicator tables (medians, cold):"));
        let mut first: Option<(usize, Duration, Duration)> = None;
        for &rows in &args.rows {
            let dir = work.path().join(format!("rows-{rows}"));
            let timed = bench::with_rows(&data, &dir, rows).and_then(|()| {
                let built = measure(&dir)?;
                let checked = bench::measure_check(&assets, fonts.as_deref(), &dir, args.runs)?;
                Ok((built, checked))
            });
            let (built, checked) = match timed {
                Ok(timed) => timed,
                Err(e) => {
                    print_error(&e);
                    return ExitCode::FAILURE;
                }
            };
            let (base_rows, base_build, base_check) = *first.get_or_insert((rows, built.whole, checked));
            say!(
                "  {rows:>5} {}: build {:>8.1} ms ({:>3} {}), check {:>8.1} ms; {} {:.2} / {:.2} {} {:.2}",
                t!("dòng", "rows"),
                ms(built.whole),
                built.pages,
                t!("trang", "pages"),
                ms(checked),
                t!("so với đầu:", "against the first:"),
                ratio(built.whole, base_build),
                ratio(checked, base_check),
                t!("cho số dòng gấp", "for rows ×"),
                rows as f64 / base_rows.max(1) as f64
            );
        }
    }
    ExitCode::SUCCESS
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

/// The medians, stage by stage, then the whole and the share of Typst.
fn print_table(m: &Measured) {
    for stage in Stage::ALL {
        say!("  {:<10} {:>8.1} ms", stage.name(), ms(m.stage(stage)));
    }
    say!("  {:<10} {:>8.1} ms", t!("cả quá trình", "whole"), ms(m.whole));
    say!(
        "  {} {:.1} ms; {} {:.2}",
        t!("Typst trần (phông, dàn trang, xuất PDF):", "bare Typst (fonts, layout, PDF export):"),
        ms(m.typst()),
        t!("cả quá trình / Typst trần =", "whole / bare Typst ="),
        ratio(m.whole, m.typst())
    );
}

/// `bench --edit`: the editor's edits, medians.
fn edit(assets: &baocao::assets::Assets, fonts: Option<&std::path::Path>, data: &std::path::Path, work: &std::path::Path, runs: usize) -> ExitCode {
    let measured = match bench::measure_edit(assets, fonts, data, work, runs) {
        Ok(m) => m,
        Err(e) => {
            print_error(&e);
            return ExitCode::FAILURE;
        }
    };
    say!("{}: {} {} ({})", data.display(), measured.runs, t!("lần sửa mỗi loại", "edits of each kind"), t!("trung vị", "medians"));
    let pages = |p: &[usize]| p.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
    say!("  {:<34} {:>8.1} ms  ({} {})", t!("sửa một chữ → SVG trang đổi", "prose word → changed pages' SVG"), ms(measured.prose), t!("trang", "pages"), pages(&measured.prose_pages));
    say!("    {}", measured.prose_stages.line());
    say!("  {:<34} {:>8.1} ms  ({} {})", t!("sửa một số liệu → SVG trang đổi", "figure → changed pages' SVG"), ms(measured.figure), t!("trang", "pages"), pages(&measured.figure_pages));
    say!("  {:<34} {:>8.1} ms", t!("watch: làm lại cả PDF", "watch: whole PDF rebuilt"), ms(measured.rebuild));
    say!("  {:<34} {:>8.2}", t!("watch / sửa một chữ", "watch / prose edit"), ratio(measured.rebuild, measured.prose));
    say!("  {:<34} {:>8.1} MB", t!("bộ nhớ đang dùng", "memory in use"), measured.memory as f64 / 1e6);
    ExitCode::SUCCESS
}
