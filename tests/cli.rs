//! The command-line tool, run as a user runs it.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Stdio};

mod common;

/// A seed's path as an argument, or `None` (with a notice) when ../shared is not here.
fn seed(stem: &str) -> Option<String> {
    common::seed(&format!("{stem}.txt")).map(|p| p.display().to_string())
}

fn yusuan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs")
}

#[test]
fn json_csv_and_jsonl() {
    let (Some(s1), Some(s2), Some(s3)) = (
        seed("001_d34d93e841470382"),
        seed("002_3753cf426c7ec0a0"),
        seed("003_cd44c08a94e420f1"),
    ) else {
        return;
    };
    let json = yusuan(&[&s3]);
    assert!(json.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(doc["department"], "博野县信访局");

    let csv = yusuan(&["--format", "csv", &s2]);
    let text = String::from_utf8(csv.stdout).expect("UTF-8");
    let header = text.lines().next().expect("a header");
    assert_eq!(
        header,
        "document,page,line,table,table_kind,phase,year,department,row,subject_scheme,subject_code,subject_level,subject_name,column,column_key,value,unit,record_kind,top_level,value_kind,amount,printed"
    );
    assert!(text.contains(",部门预算支出总表,expenditure,budget,2024,信访局(市委群工部),行政运行,functional,2014001,item,行政运行,基本支出,basic,692.95,万元,item,false,amount,692.95,692.95"));

    let jsonl = yusuan(&["--format", "jsonl", &s1]);
    let rows: Vec<serde_json::Value> = String::from_utf8(jsonl.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(rows.iter().any(|r| r["value"] == "2109100.0"));
}

#[test]
fn check_and_strict() {
    let (Some(s1), Some(s2)) = (seed("001_d34d93e841470382"), seed("002_3753cf426c7ec0a0")) else {
        return;
    };
    let flawed = yusuan(&["--check", "--strict", &s1]);
    assert_eq!(
        flawed.status.code(),
        Some(3),
        "--strict with error findings"
    );
    let summary = String::from_utf8(flawed.stdout).expect("UTF-8");
    assert!(summary.contains("7 errors"), "{summary}");
    assert!(summary.contains("本年支出合计 = 本年收入合计"), "{summary}");
    let sound = yusuan(&["--check", "--strict", &s2]);
    assert_eq!(sound.status.code(), Some(0));
}

#[test]
fn unreadable_input_names_the_file() {
    let missing = yusuan(&["no/such/file.txt"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/file.txt: cannot read"));
    // Three bytes are not UTF-16: an odd byte is left over.
    let odd = std::env::temp_dir().join(format!("yusuan-odd-{}.txt", std::process::id()));
    std::fs::write(&odd, b"abc").expect("temp file writes");
    let binary = yusuan(&[odd.to_str().expect("UTF-8 path"), "--encoding", "utf16le"]);
    let _ = std::fs::remove_file(&odd);
    assert_eq!(binary.status.code(), Some(1));
}

#[test]
fn debug_draws_pages_and_lists_text() {
    let dir = std::env::temp_dir().join(format!("yusuan-debug-{}", std::process::id()));
    let out = format!("{}/", dir.display());
    let pdf = "corpus/pdf/002_summary_two_pages.pdf";
    let drawn = yusuan(&["debug", pdf, "--pages", "1-2", "-o", &out]);
    assert!(drawn.status.success(), "{drawn:?}");
    for page in ["page-001.svg", "page-002.svg"] {
        let svg = std::fs::read_to_string(dir.join(page)).expect("an SVG per page");
        assert!(svg.starts_with("<svg "));
    }
    let one = yusuan(&["debug", pdf, "--page", "2"]);
    assert!(String::from_utf8_lossy(&one.stdout).starts_with("<svg "));
    let _ = std::fs::remove_dir_all(&dir);

    let missing = yusuan(&["debug", pdf, "--page", "7"]);
    assert!(!missing.status.success());
    let message = String::from_utf8_lossy(&missing.stderr);
    assert!(
        message.contains(pdf) && message.contains("no page 7"),
        "{message}"
    );

    let Some(seed) = seed("003_cd44c08a94e420f1") else {
        return;
    };
    let listing = yusuan(&["debug", &seed]);
    assert!(listing.status.success());
    let text = String::from_utf8(listing.stdout).expect("UTF-8");
    assert!(text.contains("── table 0 "), "{text}");
    assert!(text.lines().any(|l| l.contains(" cells ")));
}

#[test]
fn help_mentions_debug() {
    let help = yusuan(&["--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("yusuan debug FILE.pdf --page N"));
}

/// A fresh, empty directory under the system's temporary one.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("yusuan-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn a_directory_is_a_batch_in_order_whatever_the_jobs() {
    // corpus/pdf holds four generated PDFs (and the script that makes them).
    let json = yusuan(&["corpus/pdf"]);
    assert!(
        json.status.success(),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let docs: Vec<serde_json::Value> = String::from_utf8(json.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one document per line"))
        .collect();
    let sources: Vec<&str> = docs.iter().filter_map(|d| d["source"].as_str()).collect();
    assert_eq!(
        sources,
        [
            "corpus/pdf/000_running_costs_unruled.pdf",
            "corpus/pdf/001_sangong_stsong.pdf",
            "corpus/pdf/001_spending_landscape.pdf",
            "corpus/pdf/002_summary_two_pages.pdf",
        ]
    );
    let dir = temp_dir("batch");
    let one = dir.join("one.csv");
    let two = dir.join("two.csv");
    for (jobs, path) in [("1", &one), ("2", &two)] {
        let out = path.to_str().expect("UTF-8 path");
        let run = yusuan(&["-j", jobs, "--format", "csv", "-o", out, "corpus/pdf"]);
        assert!(run.status.success());
        assert!(run.stdout.is_empty(), "-o writes the file, not stdout");
    }
    let csv = std::fs::read_to_string(&one).expect("written");
    assert_eq!(csv, std::fs::read_to_string(&two).expect("written"));
    assert_eq!(csv.matches("document,page,line").count(), 1, "one header");
    assert!(csv.lines().count() > 40);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn standard_input_and_a_document_without_values() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["--format", "csv", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all("部门预算说明\n本部门没有政府性基金预算。\n".as_bytes())
        .expect("written");
    let out = child.wait_with_output().expect("ends");
    assert!(out.status.success());
    // No values, but pandas still gets a header.
    assert_eq!(
        String::from_utf8(out.stdout).expect("UTF-8").trim_end(),
        yusuan::LONG_FORMAT_FIELDS.join(",")
    );
}

#[test]
fn unreadable_inputs_are_listed_and_the_rest_is_read() {
    let dir = temp_dir("errors");
    let errors = dir.join("errors.csv");
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).expect("dir");
    let run = yusuan(&[
        "--format",
        "csv",
        "--errors",
        errors.to_str().expect("UTF-8 path"),
        "no/such/file.pdf",
        "corpus/pdf/002_summary_two_pages.pdf",
        empty.to_str().expect("UTF-8 path"),
    ]);
    assert_eq!(run.status.code(), Some(1), "some inputs unreadable");
    assert!(String::from_utf8_lossy(&run.stdout).contains("002_summary_two_pages.pdf"));
    let listed = std::fs::read_to_string(&errors).expect("errors written");
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines[0], "file,kind,reason");
    // (An empty directory is found before anything is read, so it comes first.)
    assert!(
        lines[1].ends_with(",no_inputs,no .pdf or .txt file in this directory"),
        "{listed}"
    );
    assert!(
        lines[2].starts_with("no/such/file.pdf,cannot_read,cannot read"),
        "{listed}"
    );
    assert_eq!(lines.len(), 3);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pages_select_part_of_a_pdf() {
    let all = yusuan(&["--format", "csv", "corpus/pdf/002_summary_two_pages.pdf"]);
    let first = yusuan(&[
        "--format",
        "csv",
        "--pages",
        "1",
        "corpus/pdf/002_summary_two_pages.pdf",
    ]);
    let pages = |out: &std::process::Output| -> Vec<String> {
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut pages: Vec<String> = text
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').nth(1).map(str::to_string))
            .collect();
        pages.sort();
        pages.dedup();
        pages
    };
    assert_eq!(pages(&all), ["1", "2"]);
    assert_eq!(pages(&first), ["1"]);
    let bad = yusuan(&["--pages", "3-1", "corpus/pdf/002_summary_two_pages.pdf"]);
    assert_eq!(bad.status.code(), Some(2), "usage");
}

/// Runs the command line with the child processes of `--isolate` made to fail as
/// `fault` says (`yusuan::fault`), and returns what it printed and its errors CSV.
fn with_fault(fault: &str, args: &[&str]) -> (std::process::Output, String) {
    let dir = temp_dir(&format!("fault-{}", fault.replace(':', "-")));
    let errors = dir.join("errors.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["--errors", errors.to_str().expect("UTF-8 path")])
        .args(args)
        .env(yusuan::fault::VARIABLE, fault)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    let listed = std::fs::read_to_string(&errors).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    (out, listed)
}

#[test]
fn isolate_prints_what_reading_in_process_prints() {
    let mut inputs = vec!["corpus/pdf".to_string()];
    inputs.extend(common::seeds_dir().map(|d| d.display().to_string()));
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    for args in [
        &["--format", "json"][..],
        &["--format", "csv", "-j", "2"],
        &["--format", "jsonl", "-j", "2"],
        &["--check", "-j", "1"],
    ] {
        let args: Vec<&str> = args.iter().chain(&inputs).copied().collect();
        let alone = yusuan(&args);
        assert!(alone.status.success(), "{alone:?}");
        let isolated = yusuan(&[&["--isolate"][..], &args].concat());
        assert!(isolated.status.success(), "{isolated:?}");
        assert!(
            alone.stdout == isolated.stdout,
            "{args:?}: the outputs differ"
        );
    }
    // One document, pretty-printed; and standard input.
    let pdf = "corpus/pdf/002_summary_two_pages.pdf";
    assert_eq!(yusuan(&[pdf]).stdout, yusuan(&["--isolate", pdf]).stdout);
    let text = "部门预算说明\n本部门没有政府性基金预算。\n";
    let piped = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("runs");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(text.as_bytes()).expect("written");
        drop(stdin);
        child.wait_with_output().expect("ends").stdout
    };
    assert_eq!(piped(&["-"]), piped(&["--isolate", "-"]));
}

#[test]
fn a_child_that_crashes_costs_its_document_only() {
    let others = [
        "corpus/pdf/000_running_costs_unruled.pdf",
        "corpus/pdf/001_spending_landscape.pdf",
        "corpus/pdf/002_summary_two_pages.pdf",
    ];
    let expected = yusuan(&[&["--format", "csv"][..], &others].concat()).stdout;
    for (fault, kind, says) in [
        ("abort", "crashed", "signal 6 (SIGABRT)"),
        ("stack", "crashed", "overflowed its stack"),
        ("oom", "memory_limit", "ran out of memory (limit 256 MB)"),
        ("garbage", "crashed", "ended without a result it could read"),
    ] {
        let (run, errors) = with_fault(
            &format!("{fault}:001_sangong"),
            &[
                "--isolate",
                "--memory-limit",
                "256",
                "-j",
                "2",
                "--format",
                "csv",
                "corpus/pdf",
            ],
        );
        assert_eq!(run.status.code(), Some(1), "{fault}: a document unreadable");
        assert!(
            run.stdout == expected,
            "{fault}: the other documents are read"
        );
        let rows: Vec<&str> = errors.lines().collect();
        assert_eq!(rows.len(), 2, "{fault}: {errors}");
        let prefix = format!("corpus/pdf/001_sangong_stsong.pdf,{kind},");
        assert!(rows[1].starts_with(&prefix), "{fault}: {errors}");
        assert!(rows[1].contains(says), "{fault}: {errors}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            stderr.contains("yusuan: corpus/pdf/001_sangong_stsong.pdf: its child process"),
            "{fault}: {stderr}"
        );
    }
}

#[test]
fn a_child_past_the_time_limit_is_killed() {
    let pdf = "corpus/pdf/002_summary_two_pages.pdf";
    let (run, errors) = with_fault(
        "sleep:002_summary",
        &[
            "--isolate",
            "--timeout",
            "1",
            "corpus/pdf/000_running_costs_unruled.pdf",
            pdf,
        ],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stdout).contains("000_running_costs_unruled.pdf"));
    let row = errors.lines().nth(1).expect("a row for the document");
    let prefix =
        format!("{pdf},timed_out,reading it took longer than 1 s: its child process (pid ");
    let pid = row
        .strip_prefix(&prefix)
        .and_then(|rest| rest.split_once(')'))
        .map(|(pid, _)| pid)
        .unwrap_or_else(|| panic!("{errors}"));
    assert!(pid.parse::<u32>().is_ok(), "{errors}");
    // Killed and reaped before the batch went on: no such process any more.
    #[cfg(target_os = "linux")]
    assert!(
        !std::path::Path::new("/proc").join(pid).exists(),
        "process {pid} is still there"
    );
}

#[test]
fn timeout_and_memory_limit_are_checked() {
    let pdf = "corpus/pdf/002_summary_two_pages.pdf";
    for args in [
        &["--timeout", "0", pdf][..],
        &["--timeout", "-3", pdf],
        &["--timeout", "soon", pdf],
        &["--isolate", "--memory-limit", "0", pdf],
        &["--memory-limit", "512", pdf],
    ] {
        let run = yusuan(args);
        assert_eq!(run.status.code(), Some(2), "{args:?}: usage");
    }
    assert!(yusuan(&["--timeout", "30", pdf]).status.success());
}
