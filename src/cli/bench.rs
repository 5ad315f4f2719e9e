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
            "Đo trình sửa (baocao edit): một chữ và một số liệu được sửa, đến khi các trang đổi được vẽ lại, bên cạnh việc watch làm lại PDF",
            "Time the editor instead (baocao edit): a prose word and a figure edited, each to its changed pages drawn, beside watch's PDF rebuild"
        )
    )]
    edit: bool,
    #[arg(
        long,
        value_name = "N",
        help = t!(
            "Đo thêm một lô N báo cáo khác nhau, làm bằng `baocao build 'THƯ_MỤC/*'` như người dùng chạy: thời gian mỗi tài liệu và bộ nhớ lớn nhất",
            "Also time a batch of N different reports, built with `baocao build 'DIR/*'` as users run it: the time per booklet and the peak memory"
        )
    )]
    batch: Option<usize>,
    #[arg(
        long,
        help = t!(
            "So các tỷ lệ đo được (cả quá trình / Typst trần; sửa một chữ / làm cả tài liệu) với giới hạn, báo lỗi khi vượt (CI dùng)",
            "Compare the ratios measured (whole / bare Typst; a word edit / a whole build) with their limits, failing past them (CI uses it)"
        )
    )]
    check: bool,
    #[command(flatten)]
    project: ProjectArgs,
}

/// The most a whole build may take against bare Typst on the same booklet
/// (fonts, layout, PDF export) before `--check` fails: a release build
/// measures 1,10, CI's unoptimised test build 1,34; a page design that
/// lays the booklet out twice, or marks costing the build, pass it.
const WHOLE_OVER_BARE: f64 = 1.6;

/// The most a word edit in the editor (to its page drawn) may take
/// against a whole cold build before `--check` fails: measured 0,33 in a
/// release build, 0,47 unoptimised; an edit that lays out everything anew
/// comes near 1.
const EDIT_OVER_BUILD: f64 = 0.7;

/// Whether `ratio`, named `what`, is within `limit`; says so when it is
/// not.
fn within(what: &str, ratio: f64, limit: f64) -> bool {
    if ratio > limit {
        tell!("{}", t!("lỗi: {what} = {ratio:.2}, quá giới hạn {limit:.2}", "error: {what} = {ratio:.2}, past its limit of {limit:.2}"));
        return false;
    }
    true
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
        return edit(&assets, fonts.as_deref(), &data, work.path(), args.runs, args.check);
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
    if args.check && !within(&t!("cả quá trình / Typst trần", "whole / bare Typst"), ratio(sample.whole, sample.typst()), WHOLE_OVER_BARE) {
        return ExitCode::FAILURE;
    }
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
    if let Some(count) = args.batch {
        say!();
        if let Err(e) = batch(&data, work.path(), count, args.runs) {
            print_error(&e);
            return ExitCode::FAILURE;
        }
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

/// `bench --batch N`: N different reports built by this program as a
/// process, `build 'DIR/*'`, `runs` times: the median time per booklet and
/// the largest peak memory of the process and its worker.
fn batch(data: &std::path::Path, work: &std::path::Path, count: usize, runs: usize) -> baocao::error::Result<()> {
    use baocao::error::Error;
    let dir = work.join("batch");
    bench::variants(data, &dir, count)?;
    let program = std::env::current_exe().map_err(|e| Error::Internal(e.to_string()))?;
    let pattern = format!("{}/*", dir.display());
    let out = work.join("batch-out");
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..runs.clamp(1, 5) {
        let started = std::time::Instant::now();
        let child = std::process::Command::new(&program)
            .args(["build", &pattern, "--out"])
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| Error::Internal(e.to_string()))?;
        let (ok, memory) = wait_with_peak(child);
        times.push(started.elapsed());
        peak = peak.max(memory);
        if !ok {
            return Err(Error::Internal(t!("lô báo cáo không làm được", "the batch failed")));
        }
    }
    times.sort_unstable();
    let whole = times[times.len() / 2];
    let each = whole / u32::try_from(count.max(1)).unwrap_or(u32::MAX);
    say!(
        "{}",
        t!(
            "lô {count} báo cáo khác nhau (build '{}/*', trung vị {} lần): {:.2} s, {:.1} ms mỗi tài liệu (700 tài liệu ≈ {:.0} s), bộ nhớ lớn nhất {:.0} MB",
            "batch of {count} different reports (build '{}/*', median of {} runs): {:.2} s, {:.1} ms per booklet (700 booklets ≈ {:.0} s), peak memory {:.0} MB",
            dir.display(),
            times.len(),
            whole.as_secs_f64(),
            ms(each),
            each.as_secs_f64() * 700.0,
            peak as f64 / 1e6
        )
    );
    Ok(())
}

/// Waits for `child`: whether it succeeded, and the peak memory (bytes)
/// of it and its own children (the batch's worker).
fn wait_with_peak(child: std::process::Child) -> (bool, usize) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it in for our own
    // child, which std has not waited for (the Child is forgotten).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    std::mem::forget(child);
    let ok = waited == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (ok, usize::try_from(usage.ru_maxrss).unwrap_or(0) * 1024)
}

/// `bench --edit`: the editor's edits, medians, against a cold whole
/// build; with `check`, failing when an edit takes too long against it.
fn edit(assets: &baocao::assets::Assets, fonts: Option<&std::path::Path>, data: &std::path::Path, work: &std::path::Path, runs: usize, check: bool) -> ExitCode {
    let measured = match bench::measure_edit(assets, fonts, data, work, runs) {
        Ok(m) => m,
        Err(e) => {
            print_error(&e);
            return ExitCode::FAILURE;
        }
    };
    let build = match bench::measure(assets, fonts, data, &work.join("cold"), runs, true) {
        Ok(m) => m.whole,
        Err(e) => {
            print_error(&e);
            return ExitCode::FAILURE;
        }
    };
    say!("{}: {} {} ({})", data.display(), measured.runs, t!("lần sửa mỗi loại", "edits of each kind"), t!("trung vị", "medians"));
    let pages = |p: &[usize]| p.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
    say!("  {:<34} {:>8.1} ms  ({} {})", t!("sửa một chữ → trang đổi vẽ lại", "prose word → changed pages drawn"), ms(measured.prose), t!("trang", "pages"), pages(&measured.prose_pages));
    say!("    {}", measured.prose_stages.line());
    say!("  {:<34} {:>8.1} ms  ({} {})", t!("sửa một số liệu → trang đổi vẽ lại", "figure → changed pages drawn"), ms(measured.figure), t!("trang", "pages"), pages(&measured.figure_pages));
    say!("  {:<34} {:>8.1} ms", t!("watch: làm lại cả PDF", "watch: whole PDF rebuilt"), ms(measured.rebuild));
    say!("  {:<34} {:>8.2}", t!("watch / sửa một chữ", "watch / prose edit"), ratio(measured.rebuild, measured.prose));
    say!("  {:<34} {:>8.1} MB", t!("bộ nhớ đang dùng", "memory in use"), measured.memory as f64 / 1e6);
    let edit_over_build = ratio(measured.prose, build);
    say!("  {:<34} {:>8.1} ms", t!("làm cả tài liệu (lạnh)", "whole build (cold)"), ms(build));
    say!("  {:<34} {:>8.2}", t!("sửa một chữ / làm cả tài liệu", "prose edit / whole build"), edit_over_build);
    if check && !within(&t!("sửa một chữ / làm cả tài liệu", "prose edit / whole build"), edit_over_build, EDIT_OVER_BUILD) {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
