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
    let binary = yusuan(&["corpus/pdf/../../Cargo.lock", "--encoding", "utf16le"]);
    assert_eq!(binary.status.code(), Some(1));
}
