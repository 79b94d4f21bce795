//! The command-line tool, run as a user runs it.
#![cfg(feature = "cli")]

use std::process::Command;

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
        "document,page,line,table,table_kind,phase,year,department,row,subject_scheme,subject_code,subject_level,subject_name,column,column_key,value,unit"
    );
    assert!(text.contains(",部门预算支出总表,expenditure,budget,2024,信访局(市委群工部),行政运行,functional,2014001,item,行政运行,基本支出,basic,692.95,万元"));

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
    assert_eq!(flawed.status.code(), Some(1));
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
