//! A test hook for the isolation of the command line (`--isolate`) and of the Python
//! package (`isolate=True`): it makes the process that reads one document fail as a
//! hostile PDF can make it fail, deterministically. Only their child processes call it,
//! and it does nothing unless `YUSUAN_TEST_CHILD_FAULT` is set.

/// The environment variable: `abort`, `stack`, `sleep`, `oom` or `garbage`, optionally
/// followed by `:PART` to fault only on documents whose name contains `PART`.
pub const VARIABLE: &str = "YUSUAN_TEST_CHILD_FAULT";

/// Fails as the environment variable says, if it names a fault for `source`; returns
/// otherwise. `abort` aborts, `stack` overflows the stack, `sleep` sleeps for an hour,
/// `oom` allocates until the memory limit stops it (and aborts after 4 GiB without one),
/// `garbage` writes what is no reply on stdout and exits with status 0.
pub fn inject(source: &str) {
    let Ok(value) = std::env::var(VARIABLE) else {
        return;
    };
    let (fault, part) = value.split_once(':').unwrap_or((&value, ""));
    if !source.contains(part) {
        return;
    }
    match fault {
        "abort" => std::process::abort(),
        "stack" => {
            recurse(0);
        }
        "sleep" => std::thread::sleep(std::time::Duration::from_secs(3600)),
        "oom" => {
            let mut held: Vec<Vec<u8>> = Vec::new();
            for _ in 0..64 {
                // Written, not only reserved, so that the pages are really taken.
                held.push(vec![1; 64 << 20]);
            }
            eprintln!("{VARIABLE}=oom: 4 GiB taken and no memory limit stopped it");
            std::process::abort();
        }
        "garbage" => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(b"{\"outcome\": garbage");
            let _ = out.flush();
            std::process::exit(0);
        }
        _ => {}
    }
}

/// Recurses without end, each frame holding a buffer the optimiser cannot drop.
#[allow(unconditional_recursion)]
fn recurse(depth: u64) -> u64 {
    let frame = std::hint::black_box([depth; 512]);
    recurse(depth + 1) + frame[depth as usize % 512]
}
