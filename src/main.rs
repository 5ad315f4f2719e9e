//! The `baocao` command line; see `baocao --help`.

fn main() -> std::process::ExitCode {
    baocao::cli::run()
}
