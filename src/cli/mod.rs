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
mod help;
mod import;
mod init;
mod new_year;
mod templates;
mod watch;
#[cfg(unix)]
mod worker;

use std::path::PathBuf;
use std::process::ExitCode;

use baocao::error::{Error, Warning};
use baocao::lang::{self, Lang};
use baocao::{Format, Imposition, Options, Standard, t};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// The command line. Its texts are in the message language (see
/// [`help`]).
#[derive(Debug, Parser)]
#[command(
    name = "baocao",
    version,
    about = t!("baocao: tài liệu tuyên truyền (PDF để in, DOCX để sửa) từ dữ liệu báo cáo.", "baocao: the briefing booklet (a PDF to print, a DOCX to edit) from report data."),
    long_about = t!(
        "baocao: tài liệu tuyên truyền (PDF để in, DOCX để sửa) từ dữ liệu báo cáo.\n\nLàm tài liệu tuyên truyền từ một thư mục báo cáo (report.yaml, bảng chỉ tiêu và content/*.md): tệp PDF để in, phông chữ nhúng sẵn, và tệp DOCX để sửa. Bắt đầu bằng `baocao init THƯ_MỤC`.",
        "baocao: the briefing booklet (a PDF to print, a DOCX to edit) from report data.\n\nTurns a report folder (report.yaml, an indicator table and content/*.md) into a Vietnamese briefing booklet: a print-ready PDF and an editable DOCX. Start with `baocao init DIR`."
    )
)]
struct Cli {
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Vi, help = t!("Ngôn ngữ của thông báo và hướng dẫn", "The language of messages and help"))]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

/// The language of messages, as the command line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    #[value(help = t!("tiếng Việt", "Vietnamese"))]
    Vi,
    #[value(help = "English")]
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

/// The verbs.
#[derive(Debug, Subcommand)]
enum Command {
    #[command(about = t!("Tạo thư mục báo cáo mới, làm được tài liệu ngay", "Start a new report folder that builds at once"))]
    Init(init::InitArgs),
    #[command(about = t!("Làm tài liệu PDF và DOCX từ thư mục báo cáo", "Build the booklet, PDF and DOCX, from report folders"))]
    Build(build::BuildArgs),
    #[command(about = t!("Kiểm tra thư mục báo cáo, không ghi gì", "Check a report folder, writing nothing"))]
    Check(check::CheckArgs),
    #[command(
        about = t!(
            "Nhập tài liệu DOCX: sửa đổi của người góp ý về thư mục báo cáo, hoặc tài liệu Word làm tay thành thư mục mới",
            "Import a DOCX: a reviewer's edits back into the report folder, or a hand-made Word booklet into a new folder"
        ),
        long_about = import::long_about()
    )]
    Import(import::ImportArgs),
    #[command(about = t!("Ghi bảng chỉ tiêu ra sổ tính Excel cho cơ quan thống kê", "Write the indicator table as an Excel workbook for the statistics office"))]
    ExportTable(export_table::ExportTableArgs),
    #[command(about = t!("Tạo thư mục báo cáo năm sau từ năm nay", "Start next year's report folder from this year's"))]
    NewYear(new_year::NewYearArgs),
    #[command(about = t!("Mẫu có sẵn của baocao: xuất ra để nhà thiết kế sửa", "The built-in templates, exported for a designer to change"))]
    Templates(templates::TemplatesArgs),
    #[command(about = t!("Chuyển tệp mã cũ TCVN3 hoặc VNI sang Unicode", "Convert a file in the old TCVN3 or VNI encoding to Unicode"))]
    FixEncoding(fix_encoding::FixEncodingArgs),
    #[command(about = t!("Làm lại tài liệu mỗi khi tệp thay đổi", "Rebuild the booklet whenever a file changes"))]
    Watch(watch::WatchArgs),
    #[command(about = t!("Sửa báo cáo trong trình duyệt, xem trang in ngay khi gõ", "Edit the report in the browser, the printed pages updating as you type"))]
    Edit(edit::EditArgs),
    #[command(about = t!("Đo thời gian từng bước", "Time the pipeline, stage by stage"))]
    Bench(bench::BenchArgs),
    /// The worker process of a batch (see `cli/worker.rs`).
    #[cfg(unix)]
    #[command(name = worker::VERB, hide = true)]
    BuildWorker(build::BuildArgs),
    #[command(about = t!("In hướng dẫn của baocao hoặc của một lệnh", "Print the help of baocao or of a command"))]
    Help(HelpArgs),
}

/// `baocao help [COMMAND...]`.
#[derive(Debug, Args)]
struct HelpArgs {
    #[arg(value_name = "LỆNH", help = t!("Lệnh cần xem hướng dẫn, ví dụ: build, hoặc templates export", "The command to explain, e.g. build, or templates export"))]
    command: Vec<String>,
}

/// Where the templates and the fonts come from, beyond those built in.
#[derive(Debug, Args)]
struct ProjectArgs {
    #[arg(
        long,
        value_name = "DIR",
        help = t!(
            "Thư mục mẫu thay cho mẫu có sẵn, từng tệp một (thư mục templates/ riêng của báo cáo được dùng trước)",
            "A templates folder over the built-in ones, file by file (a report's own templates/ comes first)"
        )
    )]
    templates: Option<PathBuf>,
    #[arg(long, value_name = "DIR", help = t!("Thêm phông chữ từ thư mục này", "Add the fonts of this folder"))]
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
    #[value(help = t!("tệp PDF để in", "the print-ready PDF"))]
    Pdf,
    #[value(help = t!("tệp DOCX để sửa", "the editable DOCX"))]
    Docx,
    #[value(help = t!("cả PDF và DOCX", "the PDF and the DOCX"))]
    All,
    #[value(help = t!("trang web để đăng lên cổng thông tin (TÊN.html)", "a web page for the portal (NAME.html)"))]
    Html,
    #[value(help = t!("chỉ phần chữ của tài liệu do mẫu tạo ra (TÊN.md)", "only the booklet's text as the templates made it (NAME.md)"))]
    Md,
    #[value(
        name = "gop-y",
        help = t!(
            "bảng tổng hợp ý kiến góp ý và tiếp thu, giải trình từ gop-y.md (TÊN.gop-y.pdf, TÊN.gop-y.docx)",
            "the table of comments and their uptake from gop-y.md (NAME.gop-y.pdf, NAME.gop-y.docx)"
        )
    )]
    GopY,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Docx => Format::Docx,
            FormatArg::All => Format::All,
            FormatArg::Html => Format::Html,
            FormatArg::Md => Format::Markdown,
            FormatArg::GopY => Format::Review,
        }
    }
}

/// The PDF standards, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StandardArg {
    #[value(name = "a-2b", help = t!("PDF/A-2b: để lưu trữ", "PDF/A-2b: archivable"))]
    A2b,
    #[value(name = "a-2u", help = t!("PDF/A-2u: để lưu trữ, lấy lại được chữ", "PDF/A-2u: archivable, text extractable"))]
    A2u,
    #[value(name = "a-2a", help = t!("PDF/A-2a: để lưu trữ, đọc được bằng phần mềm hỗ trợ người khiếm thị (có gắn thẻ)", "PDF/A-2a: archivable and accessible (tagged)"))]
    A2a,
    #[value(name = "a-3b", help = "PDF/A-3b")]
    A3b,
    #[value(name = "a-4", help = "PDF/A-4")]
    A4,
    #[value(name = "ua-1", help = t!("PDF/UA-1: đọc được bằng phần mềm hỗ trợ người khiếm thị", "PDF/UA-1: accessible"))]
    Ua1,
    #[value(name = "none", help = t!("PDF 1.7 thường", "plain PDF 1.7"))]
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
    #[value(help = t!("đóng ghim giữa: tờ gấp đôi, ghim ở nếp gấp", "saddle stitch: folded sheets, stapled in the fold"))]
    Saddle,
}

/// Where a booklet goes and how it is made: the options `build` and
/// `watch` share.
#[derive(Debug, Args)]
struct OutputArgs {
    #[arg(long, short, default_value = "out", value_name = "DIR", help = t!("Thư mục ghi tài liệu", "Where to write the booklets"))]
    out: PathBuf,
    #[arg(long, short, value_enum, default_value_t = FormatArg::All, help = t!("Tệp cần làm", "Which files to write"))]
    format: FormatArg,
    #[arg(
        long,
        value_name = "FORMAT",
        help = t!(
            "Khổ giấy trong formats.yaml: a4, a5, 145x205 (mặc định: settings.paper của báo cáo, không có thì a4)",
            "A paper format of formats.yaml: a4, a5, 145x205 (default: the report's settings.paper, else a4)"
        )
    )]
    paper: Option<String>,
    #[arg(long, help = t!("In hai mặt: lề trong, lề ngoài đổi bên", "Two-sided printing: the inner and outer margins swap sides"))]
    duplex: bool,
    #[arg(long, value_enum, default_value_t = StandardArg::A2b, value_name = "STANDARD", help = t!("Chuẩn của tệp PDF", "The standard the PDF conforms to"))]
    pdf_standard: StandardArg,
    #[arg(
        long,
        value_enum,
        value_name = "BINDING",
        help = t!(
            "Thêm TÊN.impose.pdf cho nhà in: hai trang một mặt tờ in, theo thứ tự đóng cuốn",
            "Also write NAME.impose.pdf for the print shop: two pages a side, in booklet order"
        )
    )]
    impose: Option<Binding>,
    #[arg(long, requires = "impose", help = t!("Với --impose: vẽ dấu cắt", "With --impose: draw crop marks"))]
    crop_marks: bool,
    #[arg(
        long,
        requires = "impose",
        value_name = "SHEET",
        help = t!(
            "Với --impose: tờ in, một khổ trong sheets.yaml (a4, b4, a3, sra3) hoặc RỘNGxCAO mm; mặc định tờ nhỏ nhất đủ chứa hai trang",
            "With --impose: the sheet, one of sheets.yaml (a4, b4, a3, sra3) or WIDTHxHEIGHT in mm; default: the smallest that holds two pages"
        )
    )]
    sheet: Option<String>,
    #[arg(
        long = "final",
        help = t!(
            "Bản in chính thức: từ chối khi còn dấu bản nháp, chữ giữ chỗ, số liệu trống hoặc số liệu mâu thuẫn",
            "A final copy: refused while a draft mark, a placeholder, an empty figure or a contradicted figure is left"
        )
    )]
    final_copy: bool,
    #[arg(long, help = t!("Nhúng phông chữ đi kèm vào DOCX", "Embed the bundled font in the DOCX"))]
    embed_fonts: bool,
    #[arg(
        long,
        value_name = "FILE",
        help = t!("Lấy kiểu chữ Word (phông, màu, giãn cách) từ tệp DOCX này", "Take the Word styles (fonts, colours, spacing) from this DOCX")
    )]
    reference_docx: Option<PathBuf>,
    #[arg(
        long,
        help = t!(
            "Với --format html: thêm TÊN.fragment.html, phần thân trang không có <html>, <head>, để dán vào trình soạn của cổng thông tin",
            "With --format html: also write NAME.fragment.html, the page's body without <html> and <head>, to paste into a portal's editor"
        )
    )]
    html_fragment: bool,
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
            html_fragment: self.html_fragment,
            overlay: Default::default(),
        }
    }

    fn format(&self) -> Format {
        self.format.into()
    }
}

/// Runs the command line and returns the process exit code: 0 on success,
/// 1 when a build failed, 2 for a usage error.
pub fn run() -> ExitCode {
    // The language first, so that the help and even a usage error are
    // told in it.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let english = args.windows(2).any(|w| w[0] == "--lang" && w[1] == "en") || args.iter().any(|a| a == "--lang=en");
    lang::set(if english { Lang::En } else { Lang::Vi });
    let cli = match command().try_get_matches_from(&args).and_then(|matches| Cli::from_arg_matches(&matches)) {
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
        #[cfg(unix)]
        Command::BuildWorker(args) => worker::serve(&args),
        Command::Help(args) => print_help(&args.command),
    }
}

/// The command line, its texts in the message language.
fn command() -> clap::Command {
    help::localise(Cli::command())
}

/// `baocao help [COMMAND...]`: the full help of the command named.
fn print_help(path: &[String]) -> ExitCode {
    let mut command = command();
    command.build();
    let mut found = &command;
    for name in path {
        match found.find_subcommand(name) {
            Some(sub) => found = sub,
            None => {
                eprintln!("{}", unknown_command(name, &verbs(found), None));
                return ExitCode::from(2);
            }
        }
    }
    match found.clone().print_long_help() {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

/// The names of `command`'s subcommands, in the order the help lists them.
fn verbs(command: &clap::Command) -> Vec<String> {
    command.get_subcommands().filter(|c| !c.is_hide_set()).map(|c| c.get_name().to_string()).collect()
}

/// The message for a command `name` that does not exist, with the nearest
/// verb when one is near (clap's suggestion, else the closest by edit
/// distance).
fn unknown_command(name: &str, verbs: &[String], suggested: Option<String>) -> String {
    let nearest = suggested.filter(|s| verbs.contains(s)).or_else(|| {
        verbs.iter().map(|v| (strsim::damerau_levenshtein(v, name), v)).filter(|(d, v)| *d <= v.chars().count().max(2) / 2).min_by_key(|(d, _)| *d).map(|(_, v)| v.clone())
    });
    let mut message = t!("lỗi: không có lệnh «{name}»", "error: there is no command «{name}»");
    if let Some(verb) = nearest {
        message.push_str(&t!("; có phải ý bạn là `{verb}`?", "; did you mean `{verb}`?"));
    }
    message.push_str(&t!("\n  các lệnh: {}", "\n  the commands: {}", verbs.join(", ")));
    message.push_str(&t!("\n  gợi ý: xem hướng dẫn bằng baocao --help", "\n  hint: see baocao --help"));
    message
}

/// Prints clap's error in the message language; help and version as they
/// are.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
        let _ = e.print();
        return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand { ExitCode::from(2) } else { ExitCode::SUCCESS };
    }
    let context = |kind| e.get(kind).map(ToString::to_string).unwrap_or_default();
    let suggested = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(s)) => s.first().cloned(),
        _ => None,
    };
    if e.kind() == ErrorKind::InvalidSubcommand {
        // Told alike in both languages, with every verb clap knows.
        eprintln!("{}", unknown_command(&context(ContextKind::InvalidSubcommand), &verbs(&command()), suggested(ContextKind::SuggestedSubcommand)));
        return ExitCode::from(2);
    }
    if lang::current() == Lang::En {
        let _ = e.print();
        return ExitCode::from(2);
    }
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
        ErrorKind::UnknownArgument => match suggested(ContextKind::SuggestedArg) {
            Some(near) => format!("không có tùy chọn «{argument}»; có phải ý bạn là `{near}`?"),
            None => format!("không có tùy chọn «{argument}»"),
        },
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
