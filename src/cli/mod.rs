//! The command line: one file per verb. Everything user-facing here is in
//! the message language (`--lang`), clap's own errors included.

/// `println!` for what the data names (folders, files, authors): every
/// character that could act on a terminal or turn text around is shown by
/// its code (see [`baocao::error::visible`]).
macro_rules! say {
    () => { println!() };
    ($($arg:tt)*) => { println!("{}", baocao::error::visible(&format!($($arg)*))) };
}

/// `eprintln!` as [`say!`] prints: control characters shown by their code.
macro_rules! tell {
    ($($arg:tt)*) => { eprintln!("{}", baocao::error::visible(&format!($($arg)*))) };
}

mod bench;
mod build;
mod check;
mod edit;
mod export_table;
mod fix_encoding;
mod import;
mod init;
mod new_year;
mod templates;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::error::{Error, Warning};
use baocao::lang::{self, Lang};
use baocao::{Format, Imposition, Options, Standard, t};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// baocao: tài liệu tuyên truyền (PDF để in, DOCX để sửa) từ dữ liệu báo cáo.
///
/// Turns a report folder (report.yaml, an indicator table and content/*.md)
/// into a Vietnamese briefing booklet: a print-ready PDF and an editable
/// DOCX. Start with `baocao init DIR`.
#[derive(Debug, Parser)]
#[command(name = "baocao", version, about, long_about)]
struct Cli {
    /// Ngôn ngữ của thông báo: vi (tiếng Việt) hoặc en (English).
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

/// The language of messages, as the command line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    /// Tiếng Việt.
    Vi,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Tạo thư mục báo cáo mới, làm được tài liệu ngay (start a new report folder).
    Init(init::InitArgs),
    /// Làm tài liệu PDF và DOCX của thư mục báo cáo (build the booklet).
    Build(build::BuildArgs),
    /// Kiểm tra thư mục báo cáo, không ghi gì (check a report folder, writing nothing).
    Check(check::CheckArgs),
    /// Đưa sửa đổi của người góp ý trong DOCX về thư mục báo cáo (bring a reviewed DOCX's edits back).
    Import(import::ImportArgs),
    /// Ghi bảng chỉ tiêu ra sổ tính Excel cho cơ quan thống kê (the indicator table as a workbook).
    ExportTable(export_table::ExportTableArgs),
    /// Tạo thư mục báo cáo năm sau từ năm nay (next year's report from this year's).
    NewYear(new_year::NewYearArgs),
    /// Mẫu có sẵn của baocao: xuất ra để nhà thiết kế sửa (the default templates).
    Templates(templates::TemplatesArgs),
    /// Chuyển tệp mã cũ TCVN3/VNI sang Unicode (convert a legacy-encoded file).
    FixEncoding(fix_encoding::FixEncodingArgs),
    /// Làm lại tài liệu mỗi khi tệp thay đổi (rebuild whenever a file changes).
    Watch(watch::WatchArgs),
    /// Sửa báo cáo trong trình duyệt, xem trang in ngay khi gõ (edit in the browser with a live preview).
    Edit(edit::EditArgs),
    /// Đo thời gian từng bước (time the pipeline, stage by stage).
    Bench(bench::BenchArgs),
}

/// Where the templates and the fonts come from, beyond those built in.
#[derive(Debug, Args)]
struct ProjectArgs {
    /// Thư mục mẫu thay cho mẫu có sẵn, từng tệp một (a templates folder over
    /// the built-in ones, file by file; a report's own templates/ comes first).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Thêm phông chữ từ thư mục này (add the fonts of this folder).
    #[arg(long, value_name = "DIR")]
    fonts: Option<PathBuf>,
}

impl ProjectArgs {
    /// The project, or, when it cannot be opened, the error printed and
    /// the exit code 2.
    fn open_or_exit(&self) -> Result<baocao::Project, ExitCode> {
        self.open().map_err(|e| {
            print_error(&e);
            ExitCode::from(2)
        })
    }

    fn open(&self) -> baocao::Result<baocao::Project> {
        let assets = match &self.templates {
            Some(dir) => baocao::assets::Assets::with_templates(dir)?,
            None => baocao::assets::Assets::embedded(),
        };
        baocao::Project::open(assets, self.fonts.as_deref())
    }
}

/// Which files a build writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// The print-ready PDF.
    Pdf,
    /// The editable DOCX.
    Docx,
    /// Both.
    All,
    /// Only the booklet's text as the templates made it (NAME.md).
    Md,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Docx => Format::Docx,
            FormatArg::All => Format::All,
            FormatArg::Md => Format::Markdown,
        }
    }
}

/// The PDF standards, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StandardArg {
    /// PDF/A-2b: archivable, the default.
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-2u: archivable, text extractable.
    #[value(name = "a-2u")]
    A2u,
    /// PDF/A-2a: archivable and accessible (tagged).
    #[value(name = "a-2a")]
    A2a,
    /// PDF/A-3b.
    #[value(name = "a-3b")]
    A3b,
    /// PDF/A-4.
    #[value(name = "a-4")]
    A4,
    /// PDF/UA-1: accessible.
    #[value(name = "ua-1")]
    Ua1,
    /// Plain PDF 1.7.
    #[value(name = "none")]
    None,
}

impl From<StandardArg> for Standard {
    fn from(standard: StandardArg) -> Standard {
        match standard {
            StandardArg::A2b => Standard::A2b,
            StandardArg::A2u => Standard::A2u,
            StandardArg::A2a => Standard::A2a,
            StandardArg::A3b => Standard::A3b,
            StandardArg::A4 => Standard::A4,
            StandardArg::Ua1 => Standard::Ua1,
            StandardArg::None => Standard::None,
        }
    }
}

/// How the print shop binds the booklet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Binding {
    /// Saddle stitch: folded sheets, stapled in the fold.
    Saddle,
}

/// Where a booklet goes and how it is made: the options `build` and
/// `watch` share.
#[derive(Debug, Args)]
struct OutputArgs {
    /// Thư mục ghi tài liệu (where to write the booklets).
    #[arg(long, short, default_value = "out", value_name = "DIR")]
    out: PathBuf,
    /// Tệp cần làm (which files to write).
    #[arg(long, short, value_enum, default_value_t = FormatArg::All)]
    format: FormatArg,
    /// Khổ giấy trong formats.yaml: a4, a5, 145x205 (paper format; default:
    /// the report's settings.paper, else a4).
    #[arg(long, value_name = "FORMAT")]
    paper: Option<String>,
    /// In hai mặt: lề trong, lề ngoài đổi bên (two-sided printing).
    #[arg(long)]
    duplex: bool,
    /// Chuẩn PDF (the standard the PDF conforms to).
    #[arg(long, value_enum, default_value_t = StandardArg::A2b, value_name = "STANDARD")]
    pdf_standard: StandardArg,
    /// Thêm NAME.impose.pdf cho nhà in: hai trang một mặt giấy, đóng gáy giữa
    /// (the pages two-up in booklet order, for saddle stitching).
    #[arg(long, value_enum, value_name = "BINDING")]
    impose: Option<Binding>,
    /// Với --impose: vẽ dấu cắt (draw crop marks).
    #[arg(long, requires = "impose")]
    crop_marks: bool,
    /// Với --impose: tờ in, một khổ trong sheets.yaml (a4, b4, a3, sra3) hoặc
    /// RỘNGxCAO mm; mặc định tờ nhỏ nhất đủ chứa hai trang (the sheet to
    /// impose on; default: the smallest standard sheet that holds two pages).
    #[arg(long, requires = "impose", value_name = "SHEET")]
    sheet: Option<String>,
    /// Bản in chính thức: từ chối nếu còn tệp nội dung mang dấu bản nháp
    /// (a final copy: refuse while any prose file is still a draft).
    #[arg(long = "final")]
    final_copy: bool,
    /// Nhúng phông chữ vào DOCX (embed the bundled font in the DOCX).
    #[arg(long)]
    embed_fonts: bool,
    /// Lấy kiểu chữ Word (phông, màu, giãn cách) từ tệp DOCX này (take the
    /// Word styles: fonts, colours, spacing, from this DOCX).
    #[arg(long, value_name = "FILE")]
    reference_docx: Option<PathBuf>,
}

impl OutputArgs {
    /// The build's choices these options make.
    fn options(&self) -> Options {
        Options {
            paper: self.paper.clone(),
            duplex: self.duplex.then_some(true),
            standard: self.pdf_standard.into(),
            impose: self.impose.map(|Binding::Saddle| Imposition { crop_marks: self.crop_marks, sheet: self.sheet.clone() }),
            embed_fonts: self.embed_fonts,
            reference_docx: self.reference_docx.clone(),
            final_copy: self.final_copy,
        }
    }

    fn format(&self) -> Format {
        self.format.into()
    }
}

/// Runs the command line and returns the process exit code: 0 on success,
/// 1 when a build failed, 2 for a usage error.
pub fn run() -> ExitCode {
    // The language first, so that even a usage error is told in it.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let english = args.windows(2).any(|w| w[0] == "--lang" && w[1] == "en") || args.iter().any(|a| a == "--lang=en");
    lang::set(if english { Lang::En } else { Lang::Vi });
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    lang::set(cli.lang.into());
    std::panic::set_hook(Box::new(panic_notice));
    match cli.command {
        Command::Init(args) => init::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::NewYear(args) => new_year::run(&args),
        Command::ExportTable(args) => export_table::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Templates(args) => templates::run(&args),
        Command::FixEncoding(args) => fix_encoding::run(&args),
        Command::Watch(args) => watch::run(&args),
        Command::Edit(args) => edit::run(&args, cli.lang == LangArg::En),
        Command::Bench(args) => bench::run(&args),
    }
}

/// Prints clap's error in the message language; help and version as they
/// are.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
        let _ = e.print();
        return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand { ExitCode::from(2) } else { ExitCode::SUCCESS };
    }
    if lang::current() == Lang::En {
        let _ = e.print();
        return ExitCode::from(2);
    }
    let context = |kind| e.get(kind).map(ToString::to_string).unwrap_or_default();
    let argument = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let message = match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = context(ContextKind::ValidValue);
            let mut m = format!("giá trị «{value}» không hợp lệ cho {argument}");
            if !valid.is_empty() {
                m.push_str(&format!("; các giá trị được dùng: {valid}"));
            }
            m
        }
        ErrorKind::UnknownArgument => format!("không có tùy chọn «{argument}»"),
        ErrorKind::InvalidSubcommand => {
            format!("không có lệnh «{}»; các lệnh: init, build, check, new-year, templates, fix-encoding, watch, bench", context(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => format!("thiếu {argument}"),
        ErrorKind::MissingSubcommand => "thiếu tên lệnh".to_string(),
        ErrorKind::ArgumentConflict => format!("tùy chọn {argument} không dùng chung được với tùy chọn đã cho"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => format!("thừa giá trị «{value}»"),
        _ => e.kind().as_str().map_or_else(|| e.to_string(), str::to_string),
    };
    tell!("lỗi: {message}\n  gợi ý: xem hướng dẫn bằng baocao --help hoặc baocao LỆNH --help");
    ExitCode::from(2)
}

/// What a panic prints: nothing where it is caught and told as an error
/// (see [`baocao::guard`]); elsewhere one line in the message language,
/// without a backtrace.
fn panic_notice(info: &std::panic::PanicHookInfo<'_>) {
    if baocao::guard::containing() {
        return;
    }
    let what = info.payload().downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| info.payload().downcast_ref::<String>().cloned()).unwrap_or_default();
    let at = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
    tell!("{}", Error::Internal(format!("{what}{at}")));
}

/// Prints `error` for people: each problem with its line and a marker.
fn print_error(error: &Error) {
    tell!("{}", error.render());
}

/// Prints each warning for people, at most as many as errors are printed.
fn print_warnings(warnings: &[Warning]) {
    let shown = baocao::limits::MAX_DIAGNOSTICS;
    for warning in warnings.iter().take(shown) {
        tell!("{}", warning.render());
    }
    if warnings.len() > shown {
        tell!("{}", t!("… và {} cảnh báo khác (không in ra)", "… and {} more warnings (not shown)", warnings.len() - shown));
    }
}
