//! Throughput of the whole pipeline over the text corpus, pathological inputs and PDFs.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "../tests/support/long_text.rs"]
mod long_text;

fn corpus(c: &mut Criterion) {
    let mut group = c.benchmark_group("corpus");
    // The text seeds live beside the project, not in it.
    let Ok(dir) = std::fs::read_dir("../shared/seeds") else {
        eprintln!("skipped: ../shared/seeds is not here (the text seeds live there)");
        return;
    };
    let mut files: Vec<_> = dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        // The seeds are `NNN_*.txt`; their README is not one.
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.as_encoded_bytes().first().is_some_and(u8::is_ascii_digit))
        })
        .collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).expect("corpus file");
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(&name, |b| {
            b.iter(|| {
                yusuan::parse_bytes(&bytes, &name, &yusuan::Options::new()).expect("corpus parses")
            })
        });
    }
    group.finish();
}

fn pathological(c: &mut Criterion) {
    let mut group = c.benchmark_group("pathological");
    let inputs = [
        ("blank_lines_1m", "\n".repeat(1_000_000)),
        ("one_line_4mb", "合计\t1.00 ".repeat(400_000)),
        (
            "wide_rows",
            format!("表\n{}\n", ["1.00"; 200].join("\t")).repeat(2_000),
        ),
        (
            "many_small_tables",
            "表一\n代码\t名称\t金额\n1\ta\t1.00\n\n".repeat(20_000),
        ),
    ];
    for (name, text) in &inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(*name, |b| b.iter(|| yusuan::parse_str(text, name)));
    }
    group.finish();
}

/// Long generated tables (tests/support/long_text.rs), 1,000 to 64,000 rows: the
/// throughput should not fall as the rows grow (hierarchy_sum once made it quadratic).
fn long_texts(c: &mut Criterion) {
    use long_text::Shape;
    let mut group = c.benchmark_group("long_text");
    // A 64,000-row text takes about a second: ten samples are enough.
    group.sample_size(10);
    let inputs = [
        ("rows_1k", 1_000, Shape::OneTable),
        ("rows_4k", 4_000, Shape::OneTable),
        ("rows_16k", 16_000, Shape::OneTable),
        ("rows_64k", 64_000, Shape::OneTable),
        ("rows_64k_4_tables", 64_000, Shape::Tables(4)),
        ("rows_64k_one_class", 64_000, Shape::HugeClass),
    ];
    for (name, rows, shape) in inputs {
        let text = long_text::long_text(rows, shape);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| yusuan::parse_str(&text, name)));
    }
    group.finish();
}

/// PDFs: the generated corpus, and the real disclosures when ../shared/pdfs is there.
fn pdfs(c: &mut Criterion) {
    let mut group = c.benchmark_group("pdf");
    let mut files: Vec<_> = ["corpus/pdf", "../shared/pdfs"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).expect("PDF");
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(&name, |b| {
            b.iter(|| {
                yusuan::parse_pdf(&bytes, &name, &yusuan::Options::new()).expect("PDF parses")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, corpus, pathological, long_texts, pdfs);
criterion_main!(benches);
