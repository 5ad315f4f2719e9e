//! The `baocao` command line; see `baocao --help`. The library does the
//! work; this binary reads the command line (`cli/`, one file per verb)
//! and caps the memory a run may take (see [`baocao::memory`]).

mod cli;

#[global_allocator]
static ALLOCATOR: baocao::memory::Capped = baocao::memory::Capped;

fn main() -> std::process::ExitCode {
    cli::run()
}
