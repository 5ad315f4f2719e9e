//! The `baocao` command line; see `baocao --help`. The library does the
//! work; this binary reads the command line (`cli/`, one file per verb)
//! and caps the memory a run may take (see [`baocao::memory`]).

mod cli;

#[global_allocator]
static ALLOCATOR: baocao::memory::Capped = baocao::memory::Capped;

fn main() -> std::process::ExitCode {
    // Output piped into a program that stops reading (`| head`) ends the
    // run quietly, as other command-line tools do, instead of a panic on
    // the failed write.
    // SAFETY: restoring the default action of a signal before any thread
    // starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    cli::run()
}
