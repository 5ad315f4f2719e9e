//! A batch in a worker process. `build` with several reports runs their
//! builds in a child process of the same program (the hidden verb
//! `__build-worker`, with the same options), which tells over a pipe, one
//! JSON line each, as each report starts and ends. In the normal case one
//! worker builds every report, sharing fonts and Typst's memoisation as a
//! batch in one process does. A report that ends the worker (past the
//! memory limit, a crash, an abort) fails alone and by its own name: when
//! several were in flight, each is built again alone to find which, and a
//! new worker builds the rest.

use std::io::{BufRead, BufReader, Read, Seek, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, ExitStatus, Stdio};

use baocao::batch::{self, Event};
use baocao::t;

use super::build::{BuildArgs, lines};

/// The hidden verb of the worker.
pub(super) const VERB: &str = "__build-worker";

/// The worker's exit code past the memory limit.
const MEMORY_EXIT: i32 = 86;

/// How much of a worker's error output is kept, to tell a crash's kind.
const KEEP_STDERR: usize = 64 * 1024;

/// What one report gave: whether it was built, its problems (for standard
/// error) and the files written (for standard output).
pub(super) type Told = (bool, String, String);

/// Builds each of `dirs` in worker processes, calling `tell` with each
/// report's index and what it gave as it ends; the number that failed, or
/// the exit code when no report could be built at all (the templates or
/// fonts cannot be read).
pub(super) fn build(dirs: &[PathBuf], tell: &dyn Fn(usize, Told)) -> Result<usize, ExitCode> {
    let mut failed = 0;
    let mut pending: Vec<usize> = (0..dirs.len()).collect();
    let mut count = |index: usize, told: Told| {
        failed += usize::from(!told.0);
        tell(index, told);
    };
    while !pending.is_empty() {
        let run = work(dirs, &pending, &mut count)?;
        let Some(death) = run.death else { break };
        let in_flight: Vec<usize> = run.started.iter().copied().filter(|i| !run.ended.contains(i)).collect();
        match in_flight.as_slice() {
            // Ended before any report started: none will start.
            [] if run.started.is_empty() => {
                for &index in &pending {
                    count(index, died(&dirs[index], &death));
                }
                break;
            }
            // Ended between two reports: a new worker builds the rest.
            [] => {}
            [one] => count(*one, died(&dirs[*one], &death)),
            several => {
                for &index in several {
                    let alone = work(dirs, &[index], &mut count)?;
                    if let Some(death) = alone.death.filter(|_| !alone.ended.contains(&index)) {
                        count(index, died(&dirs[index], &death));
                    }
                }
            }
        }
        pending.retain(|i| !run.started.contains(i));
    }
    Ok(failed)
}

/// What one worker did.
struct Run {
    /// The reports it started and ended, by index.
    started: Vec<usize>,
    ended: Vec<usize>,
    /// How it ended, when it did not finish.
    death: Option<Death>,
}

/// How a worker ended early: its status and the end of its error output.
struct Death {
    status: ExitStatus,
    stderr: String,
}

/// Runs one worker on the reports `indices` of `dirs`.
fn work(dirs: &[PathBuf], indices: &[usize], tell: &mut dyn FnMut(usize, Told)) -> Result<Run, ExitCode> {
    let spawned = spawn(indices.iter().map(|&i| dirs[i].as_path()));
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            eprintln!("{}: {}", t!("lỗi: không chạy được tiến trình làm tài liệu", "error: cannot start the build process"), e);
            return Err(ExitCode::FAILURE);
        }
    };
    let stderr = child.stderr.take().map(|mut stream| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let mut chunk = [0u8; 8192];
            while let Ok(n) = stream.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                kept.extend_from_slice(&chunk[..n]);
                if kept.len() > KEEP_STDERR {
                    kept.drain(..kept.len() - KEEP_STDERR);
                }
            }
            String::from_utf8_lossy(&kept).into_owned()
        })
    });
    let mut run = Run { started: Vec::new(), ended: Vec::new(), death: None };
    let mut fatal = None;
    for line in BufReader::new(child.stdout.take().expect("a piped stdout")).lines().map_while(Result::ok) {
        let Ok(event) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        let local = |key: &str| event[key].as_u64().and_then(|k| indices.get(k as usize).copied());
        if let Some(index) = local("start") {
            run.started.push(index);
        } else if let Some(index) = local("end") {
            run.ended.push(index);
            let text = |key: &str| event[key].as_str().unwrap_or_default().to_string();
            tell(index, (event["ok"].as_bool().unwrap_or(false), text("problems"), text("written")));
        } else if let Some(error) = event["fatal"].as_str() {
            fatal = Some(error.to_string());
        }
    }
    let status = child.wait().map_err(|_| ExitCode::FAILURE)?;
    let stderr = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    if let Some(error) = fatal {
        eprintln!("{error}");
        return Err(ExitCode::from(2));
    }
    if !status.success() || run.ended.len() < indices.len() {
        run.death = Some(Death { status, stderr });
    }
    Ok(run)
}

/// A worker for `dirs`, given on its standard input (from an unnamed
/// temporary file, so that a worker that ends early cannot break a pipe
/// of this process), with this process's options; ended with this process
/// where the system allows.
fn spawn<'a>(dirs: impl Iterator<Item = &'a Path>) -> std::io::Result<std::process::Child> {
    let mut list = tempfile::tempfile()?;
    for dir in dirs {
        list.write_all(dir.as_os_str().as_bytes())?;
        list.write_all(&[0])?;
    }
    list.rewind()?;
    let mut argv: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if let Some(verb) = argv.iter_mut().find(|a| *a == "build") {
        *verb = VERB.into();
    }
    let mut command = Command::new(std::env::current_exe()?);
    command.args(argv).stdin(Stdio::from(list)).stdout(Stdio::piped()).stderr(Stdio::piped());
    #[cfg(target_os = "linux")]
    {
        let parent = std::process::id() as libc::pid_t;
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(move || {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                if libc::getppid() != parent {
                    libc::_exit(1);
                }
                Ok(())
            });
        }
    }
    command.spawn()
}

/// The failure of the report in `dir`, which ended its worker as `death`
/// says.
fn died(dir: &Path, death: &Death) -> Told {
    let shown = dir.display().to_string();
    let shown = baocao::error::visible(&shown);
    let message = if death.status.code() == Some(MEMORY_EXIT) {
        baocao::memory::exceeded_message(&shown)
    } else {
        let how = match death.status.signal() {
            _ if death.stderr.contains("overflowed its stack") => t!("tràn ngăn xếp (stack overflow)", "a stack overflow"),
            Some(signal) => t!("tín hiệu {signal}", "signal {signal}"),
            None => t!("mã thoát {}", "exit code {}", death.status.code().unwrap_or_default()),
        };
        t!(
            "lỗi: baocao dừng đột ngột khi làm {shown}: {how}; các báo cáo khác vẫn được làm\n  = gợi ý: xin báo lại cho người phát triển, kèm thư mục báo cáo này",
            "error: baocao stopped suddenly while building {shown}: {how}; the other reports are still built\n  = help: please report it, with this report folder"
        )
    };
    (false, message, String::new())
}

/// The worker: builds the reports its standard input names, telling each
/// start and end on its standard output.
pub(super) fn serve(args: &BuildArgs) -> ExitCode {
    baocao::memory::set_exit_code(MEMORY_EXIT);
    let mut input = Vec::new();
    if std::io::stdin().read_to_end(&mut input).is_err() {
        return ExitCode::FAILURE;
    }
    let dirs: Vec<PathBuf> = input.split(|b| *b == 0).filter(|d| !d.is_empty()).map(|d| PathBuf::from(std::ffi::OsStr::from_bytes(d))).collect();
    let project = match args.project.open() {
        Ok(project) => project,
        Err(e) => {
            emit(&serde_json::json!({ "fatal": e.render() }));
            return ExitCode::from(2);
        }
    };
    let output = &args.output;
    let tell = |event: Event| match event {
        Event::Started(index) => emit(&serde_json::json!({ "start": index })),
        Event::Done(outcome) => {
            let (ok, problems, written) = lines(outcome, args.timings);
            emit(&serde_json::json!({ "end": outcome.index, "ok": ok, "problems": problems, "written": written }));
        }
    };
    batch::build_all(&project, &dirs, &output.out, output.format(), &output.options(), args.threads(), &tell);
    ExitCode::SUCCESS
}

/// One event, one line, written at once.
fn emit(event: &serde_json::Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{event}");
    let _ = out.flush();
}
