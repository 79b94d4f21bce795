//! The command line's `--isolate`: each document is read by a child process, this same
//! program started with a hidden flag, as Apache Tika's forked parser does. A hostile
//! PDF can make a dependency abort the process (out of memory, stack overflow), which no
//! `catch_unwind` stops; in a child, that costs the one document, not the batch.
//!
//! The child reads its one input and writes one JSON [`Reply`] on stdout: the output the
//! batch prints for the document (rendered by the same writer, so it is byte for byte
//! what a run without `--isolate` prints), or why it could not be read. It limits its
//! own address space (`setrlimit(RLIMIT_AS)`, Unix only) and on Linux asks to be killed
//! with its parent. The parent kills it past the time limit (plus a grace for start-up),
//! always reaps it, and turns a death without a reply into a [`Failure`].

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use clap::ValueEnum;
use serde::{Deserialize, Serialize};

use crate::{Cli, Failure, Input, Outcome, Writer};

/// What a child writes on stdout, as one JSON object.
#[derive(Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
enum Reply {
    /// The document's output, exactly as the batch writes it.
    Written {
        output: String,
        error_findings: bool,
    },
    /// The input could not be read.
    Failed { kind: String, reason: String },
}

/// Time a child gets beyond the document's time limit: to start, and to write its reply
/// after the library itself gave up on the document.
const GRACE: Duration = Duration::from_secs(2);

/// How long the parent sleeps at most between looks at a running child.
const MAX_POLL: Duration = Duration::from_millis(50);

/// How to start a child for one input.
pub(crate) struct Isolation {
    program: PathBuf,
    /// The arguments before the input: the options of the batch that shape the output.
    args: Vec<OsString>,
    /// When to kill a child: the document's time limit and the grace.
    deadline: Duration,
    memory_limit_mb: u64,
}

impl Isolation {
    /// The children of the batch `cli`, whose writer prints one document per line or not.
    pub(crate) fn new(cli: &Cli, lines: bool) -> std::io::Result<Self> {
        let limit = cli.timeout.unwrap_or(yusuan::DEFAULT_TIME_LIMIT);
        let mut args: Vec<String> = vec![
            "--isolated-child".into(),
            "--isolate".into(),
            "--memory-limit".into(),
            cli.memory_limit.to_string(),
            "--timeout".into(),
            limit.as_secs().to_string(),
            "--encoding".into(),
            value_name(&cli.encoding),
            "--format".into(),
            value_name(&cli.format),
        ];
        if let Some((first, last)) = cli.pages {
            args.extend(["--pages".into(), format!("{first}-{last}")]);
        }
        for (on, flag) in [
            (lines, "--compact"),
            (cli.text, "--text"),
            (cli.check, "--check"),
        ] {
            if on {
                args.push(flag.into());
            }
        }
        args.push("--".into());
        Ok(Isolation {
            program: std::env::current_exe()?,
            args: args.into_iter().map(OsString::from).collect(),
            deadline: limit + GRACE,
            memory_limit_mb: cli.memory_limit,
        })
    }

    /// Reads `input` in a child process (standard input's bytes go to the child's).
    pub(crate) fn read(&self, input: &Input, stdin: Option<&Result<Vec<u8>, String>>) -> Outcome {
        let (argument, bytes): (OsString, Option<&[u8]>) = match input {
            Input::File(path) => (path.clone().into_os_string(), None),
            Input::Stdin => match stdin {
                Some(Ok(bytes)) => ("-".into(), Some(bytes)),
                Some(Err(e)) => return Outcome::Failed(Failure::new("cannot_read", e.clone())),
                None => {
                    return Outcome::Failed(Failure::new(
                        "internal",
                        "standard input was not read",
                    ));
                }
            },
        };
        let child = Command::new(&self.program)
            .args(&self.args)
            .arg(argument)
            .stdin(if bytes.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        match child {
            Ok(child) => self.finish(child, bytes),
            Err(e) => Outcome::Failed(Failure::new(
                "crashed",
                format!("cannot start a child process to read it: {e}"),
            )),
        }
    }

    /// Feeds the child, collects its stdout and stderr, waits for it (killing it past
    /// the deadline) and reads its reply.
    fn finish(&self, mut child: std::process::Child, bytes: Option<&[u8]>) -> Outcome {
        let pid = child.id();
        let (stdin, stdout, stderr) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take());
        let (ended, stdout, stderr) = std::thread::scope(|scope| {
            if let (Some(mut pipe), Some(bytes)) = (stdin, bytes) {
                // (A child that dies early closes the pipe: nothing more to say then.)
                scope.spawn(move || pipe.write_all(bytes));
            }
            let stdout = scope.spawn(move || drain(stdout));
            let stderr = scope.spawn(move || drain(stderr));
            let ended = wait_until(&mut child, Instant::now().checked_add(self.deadline));
            // The child is gone (reaped), so its pipes are closed and these end.
            let stdout = stdout.join().unwrap_or_default();
            let stderr = stderr.join().unwrap_or_default();
            (ended, stdout, stderr)
        });
        let said = String::from_utf8_lossy(&stderr);
        let status = match ended {
            Ended::Exited(status) => status,
            Ended::Killed => {
                return Outcome::Failed(Failure::new(
                    "timed_out",
                    format!(
                        "reading it took longer than {} s: its child process (pid {pid}) \
                         was killed{}",
                        (self.deadline - GRACE).as_secs(),
                        quoted(&said)
                    ),
                ));
            }
            Ended::Lost(e) => {
                return Outcome::Failed(Failure::new(
                    "crashed",
                    format!("lost its child process (pid {pid}): {e}"),
                ));
            }
        };
        let reply = status
            .success()
            .then(|| serde_json::from_slice::<Reply>(&stdout).ok())
            .flatten();
        match reply {
            Some(reply) => {
                // What the child said beside its reply (a panic's message) is passed on.
                if !said.is_empty() {
                    eprint!("{said}");
                }
                match reply {
                    Reply::Written {
                        output,
                        error_findings,
                    } => Outcome::Written {
                        output,
                        error_findings,
                    },
                    Reply::Failed { kind, reason } => Outcome::Failed(Failure { kind, reason }),
                }
            }
            None => Outcome::Failed(self.death(pid, status, &said)),
        }
    }

    /// Why a child that ended without a reply did so.
    fn death(&self, pid: u32, status: ExitStatus, said: &str) -> Failure {
        let child = format!("its child process (pid {pid})");
        // Rust's allocator prints this when an allocation fails, then aborts.
        if said.contains("memory allocation of") {
            return Failure::new(
                "memory_limit",
                format!(
                    "{child} ran out of memory (limit {} MB) and {}{}",
                    self.memory_limit_mb,
                    describe(status),
                    quoted(said)
                ),
            );
        }
        let how = match status.success() {
            true => "ended without a result it could read".to_string(),
            false => describe(status),
        };
        Failure::new("crashed", format!("{child} {how}{}", quoted(said)))
    }
}

/// An option's value as the command line spells it.
fn value_name(value: &impl ValueEnum) -> String {
    value
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// How a child ended.
enum Ended {
    Exited(ExitStatus),
    /// Past the deadline: killed and reaped.
    Killed,
    /// Its status could not be had: killed and reaped as far as possible.
    Lost(std::io::Error),
}

/// Waits for the child to end, killing it at `deadline`; it is reaped either way.
fn wait_until(child: &mut std::process::Child, deadline: Option<Instant>) -> Ended {
    let mut pause = Duration::from_millis(1);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ended::Exited(status),
            Ok(None) if deadline.is_some_and(|d| Instant::now() >= d) => {
                let _ = child.kill();
                let _ = child.wait();
                return Ended::Killed;
            }
            Ok(None) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(MAX_POLL);
            }
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Ended::Lost(e);
            }
        }
    }
}

/// All a pipe gives until it closes.
fn drain(pipe: Option<impl Read>) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Some(mut pipe) = pipe {
        let _ = pipe.read_to_end(&mut bytes);
    }
    bytes
}

/// What the child wrote on stderr, on one line, for a message: the end of it, where a
/// crash says why.
fn quoted(said: &str) -> String {
    const KEEP: usize = 600;
    let lines: Vec<&str> = said
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let joined = lines.join(" / ");
    let start = joined.len().saturating_sub(KEEP);
    let start = (start..=joined.len())
        .find(|&i| joined.is_char_boundary(i))
        .unwrap_or(0);
    let ellipsis = if start > 0 { "…" } else { "" };
    format!("; it said: {ellipsis}{}", &joined[start..])
}

/// "exited with status 3" or "was killed by signal 6 (SIGABRT)".
fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                libc::SIGABRT => " (SIGABRT)",
                libc::SIGSEGV => " (SIGSEGV)",
                libc::SIGBUS => " (SIGBUS)",
                libc::SIGILL => " (SIGILL)",
                libc::SIGFPE => " (SIGFPE)",
                libc::SIGKILL => " (SIGKILL)",
                libc::SIGTERM => " (SIGTERM)",
                libc::SIGPIPE => " (SIGPIPE)",
                _ => "",
            };
            return format!("was killed by signal {signal}{name}");
        }
    }
    match status.code() {
        Some(code) => format!("exited with status {code} without a result"),
        None => format!("ended without a result ({status})"),
    }
}

/// The child: limits itself, reads its one input, writes its [`Reply`] on stdout.
pub(crate) fn child(cli: &Cli) -> ExitCode {
    limit_memory(cli.memory_limit);
    die_with_parent();
    let [path] = cli.inputs.as_slice() else {
        eprintln!("yusuan: --isolated-child reads one input");
        return ExitCode::from(2);
    };
    let input = match path.as_os_str() == "-" {
        true => Input::Stdin,
        false => Input::File(path.clone()),
    };
    yusuan::fault::inject(&input.name());
    let stdin = matches!(input, Input::Stdin).then(|| {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map(|_| bytes)
            .map_err(|e| format!("cannot read: {e}"))
    });
    let options = crate::options(cli);
    let outcome = crate::read_caught(&input, stdin.as_ref(), &options, cli.text);
    let reply = match outcome {
        Outcome::Document(doc) => {
            // (One input: one document per line only if the parent said --compact.)
            let mut writer = Writer::new(cli, false);
            let mut output = Vec::new();
            match writer.document(&doc, &mut output) {
                Ok(()) => Reply::Written {
                    output: String::from_utf8_lossy(&output).into_owned(),
                    error_findings: doc
                        .findings
                        .iter()
                        .any(|f| f.severity == yusuan::Severity::Error),
                },
                Err(e) => Reply::Failed {
                    kind: "internal".into(),
                    reason: format!("cannot write its output: {e}"),
                },
            }
        }
        Outcome::Text(output) => Reply::Written {
            output,
            error_findings: false,
        },
        Outcome::Written {
            output,
            error_findings,
        } => Reply::Written {
            output,
            error_findings,
        },
        Outcome::Failed(Failure { kind, reason }) => Reply::Failed { kind, reason },
    };
    let written = serde_json::to_vec(&reply)
        .map_err(std::io::Error::from)
        .and_then(|json| {
            let mut out = std::io::stdout().lock();
            out.write_all(&json)?;
            out.flush()
        });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("yusuan: cannot write the reply: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Limits this process's address space to `mb` megabytes: past it, allocations fail
/// (and Rust's allocator aborts, saying so on stderr).
#[cfg(unix)]
fn limit_memory(mb: u64) {
    let bytes = mb.saturating_mul(1 << 20) as libc::rlim_t;
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit reads the struct it is given, which lives across the call.
    if unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) } != 0 {
        eprintln!(
            "yusuan: cannot limit the memory to {mb} MB: {}",
            std::io::Error::last_os_error()
        );
    }
}

/// (Outside Unix there is no address-space limit; the README says so.)
#[cfg(not(unix))]
fn limit_memory(_mb: u64) {}

/// Asks the kernel to kill this child when the thread that started it ends, so that a
/// parent killed outright (or stopping early) leaves no child reading on.
#[cfg(target_os = "linux")]
fn die_with_parent() {
    // SAFETY: PR_SET_PDEATHSIG takes a signal number and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong);
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent() {}
