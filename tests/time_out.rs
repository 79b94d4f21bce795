//! After a time-out, nothing of the document is left running. (A test binary of its
//! own: no other test's documents run beside it, so every thread is accounted for.)

#[path = "support/hostile.rs"]
mod hostile;

use std::time::Duration;

use yusuan::{ErrorKind, Options};

/// The threads of this process that read documents.
fn document_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .map(|tasks| {
            tasks
                .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
                .filter(|name| name.trim() == "yusuan-document")
                .count()
        })
        .unwrap_or(0)
}

/// The document threads still listed once the kernel has had up to a second to
/// remove the entries of joined threads.
fn threads_after_settling() -> usize {
    let start = std::time::Instant::now();
    loop {
        let left = document_threads();
        if left == 0 || start.elapsed() > Duration::from_secs(1) {
            return left;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_time_out_stops_every_stage_and_leaves_no_thread_running() {
    let corpus = hostile::corpus();
    for name in ["pages-10000.pdf", "table-64000-rows.txt", "ops-tj-10m.pdf"] {
        let case = corpus.iter().find(|c| c.name == name).unwrap();
        let options = Options::new().time_limit(Duration::from_millis(20));
        let Err(error) = yusuan::parse_any(&case.bytes, case.name, &options) else {
            panic!("{name}: read whole within the limit");
        };
        assert!(
            matches!(error.kind(), ErrorKind::TimedOut { .. }),
            "{name}: {error}"
        );
        assert!(error.to_string().starts_with(name), "{error}");
        // The document's thread was joined before the call returned. A joined thread
        // has finished its work, but the kernel removes its /proc entry a moment later
        // (after the join is woken), so a loaded machine may still list it briefly.
        if std::path::Path::new("/proc/self/task").exists() {
            assert_eq!(threads_after_settling(), 0, "{name}");
        }
    }
}
