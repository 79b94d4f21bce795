//! A long 一般公共预算支出表 as UTF-8 text, for the tests and benches that check that
//! reading a text takes time linear in its rows.
//!
//! Plain module: a test includes it with `mod support { pub mod long_text; }` (or
//! `#[path = "support/long_text.rs"]`), the bench with `#[path = "../tests/support/long_text.rs"]`.
//! Deterministic: the same arguments always give the same text.

// Each includer uses only part of it.
#![allow(dead_code)]

use std::fmt::Write as _;

/// How the rows are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One table: 类 201..230 in turn, each with its 款 and their 项, parents first.
    OneTable,
    /// The same rows split across this many tables (a 类 may straddle two), each with its
    /// own title (一般公共预算支出表, 政府性基金预算支出表, …) and header, no 合计 row.
    Tables(usize),
    /// One 类 (201) whose children are all 7-digit 项 codes, printed without their 款;
    /// past 99×99 codes they repeat.
    HugeClass,
}

/// Official 支出功能分类 names, by code, from the compiled-in catalog: most codes the
/// generator prints are real, the rest (beyond the catalog) get a made-up name.
fn catalog_names() -> std::collections::HashMap<&'static str, &'static str> {
    include_str!("../../src/schema/catalog.csv")
        .lines()
        .filter_map(|l| l.strip_prefix("functional,"))
        .filter_map(|l| {
            let mut f = l.split(',');
            Some((f.next()?, f.next()?))
        })
        .collect()
}

/// A small deterministic generator (an LCG; quality does not matter here).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: u64) -> bool {
        self.next() % n == 0
    }
}

/// One printed row: code, name and the three amounts in 分 (合计, 基本支出, 项目支出).
struct Row {
    code: String,
    name: String,
    basic: i64,
    project: i64,
}

/// An amount in 分 as 万元 with two decimals.
fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.abs();
    format!("{sign}{}.{:02}", fen / 100, fen % 100)
}

/// The data rows, parents before their children, `rows` of them exactly.
///
/// Parents mostly print the sum of their children; one in about 23 is off by a little.
/// One leaf in about 40 is printed twice (the repeat a cross-page table often shows), one
/// 款 in about 50 is printed twice in a row, and one leaf in about 30 has a 合计 that is
/// not 基本支出 + 项目支出.
fn data_rows(rows: usize, shape: Shape) -> Vec<(Row, i64)> {
    let names = catalog_names();
    let name_of = |code: &str, rng: &mut Lcg| -> String {
        match names.get(code) {
            Some(n) => (*n).to_string(),
            None => match rng.range(0, 3) {
                0 => format!("其他{code}支出"),
                1 => "行政运行".to_string(),
                2 => "事业运行".to_string(),
                _ => "其他支出".to_string(),
            },
        }
    };
    let mut rng = Lcg(0x5eed_0000 + rows as u64);
    let mut out: Vec<(Row, i64)> = Vec::with_capacity(rows);
    // Each entry: (row, total to print in 合计). Parents are filled in once their
    // children are known, so they are pushed as placeholders and patched.
    let leaf = |code: String, rng: &mut Lcg, out: &mut Vec<(Row, i64)>| -> (i64, i64) {
        let basic = if rng.one_in(3) {
            0
        } else {
            rng.range(0, 500_000) as i64
        };
        let project = if rng.one_in(2) {
            0
        } else {
            rng.range(0, 800_000) as i64
        };
        let mut total = basic + project;
        if rng.one_in(30) {
            total += rng.range(1, 999) as i64;
        }
        let name = name_of(&code, rng);
        out.push((
            Row {
                code: code.clone(),
                name: name.clone(),
                basic,
                project,
            },
            total,
        ));
        if rng.one_in(40) {
            out.push((
                Row {
                    code,
                    name,
                    basic,
                    project,
                },
                total,
            ));
        }
        (basic, project)
    };
    let patch = |out: &mut Vec<(Row, i64)>, at: usize, basic: i64, project: i64, rng: &mut Lcg| {
        let off = if rng.one_in(23) {
            rng.range(1, 5_000) as i64
        } else {
            0
        };
        out[at].0.basic = basic + off;
        out[at].0.project = project;
        out[at].1 = basic + project + off;
    };
    let placeholder = |code: String, rng: &mut Lcg, out: &mut Vec<(Row, i64)>| -> usize {
        let name = name_of(&code, rng);
        out.push((
            Row {
                code,
                name,
                basic: 0,
                project: 0,
            },
            0,
        ));
        out.len() - 1
    };

    if shape == Shape::HugeClass {
        let at = placeholder("201".to_string(), &mut rng, &mut out);
        let (mut b, mut p) = (0, 0);
        let mut k = 0u64;
        while out.len() < rows {
            let code = format!("201{:02}{:02}", 1 + (k / 99) % 99, 1 + k % 99);
            let (lb, lp) = leaf(code, &mut rng, &mut out);
            b += lb;
            p += lp;
            k += 1;
        }
        patch(&mut out, at, b, p, &mut rng);
        out.truncate(rows);
        return out;
    }

    // About rows/30 rows per 类; a 款 has 1..=max_items 项 (some none: a 款 printed
    // alone), more in longer texts, since a 类 has at most 99 款.
    let per_class = rows.div_ceil(30).max(3);
    let max_items = (per_class as u64 / 40).clamp(15, 98);
    'classes: for class in 201..=230u32 {
        let class_at = placeholder(class.to_string(), &mut rng, &mut out);
        let class_end = (class as usize - 200) * per_class;
        let (mut cb, mut cp) = (0, 0);
        for kuan in 1..=99u32 {
            if out.len() >= rows || (out.len() >= class_end && class < 230) {
                break;
            }
            let kuan_code = format!("{class}{kuan:02}");
            let kuan_at = placeholder(kuan_code.clone(), &mut rng, &mut out);
            // A 款 printed twice over its 项 (a table keyed by two code systems prints
            // a code on several rows): its children are the rows under each.
            let twice = rng
                .one_in(50)
                .then(|| placeholder(kuan_code.clone(), &mut rng, &mut out));
            let (mut kb, mut kp) = (0, 0);
            let items = if rng.one_in(8) {
                0
            } else {
                rng.range(1, max_items)
            };
            let mut xiang = 1u32;
            for _ in 0..items {
                if out.len() >= rows || xiang > 99 {
                    break;
                }
                // Codes skip now and then, as real tables print only the 项 they fund.
                if rng.one_in(4) {
                    xiang += 1;
                }
                if xiang > 99 {
                    break;
                }
                let (lb, lp) = leaf(format!("{kuan_code}{xiang:02}"), &mut rng, &mut out);
                kb += lb;
                kp += lp;
                xiang += 1;
            }
            if items == 0 {
                let (b, p) = (rng.range(0, 300_000) as i64, rng.range(0, 300_000) as i64);
                kb += b;
                kp += p;
            }
            patch(&mut out, kuan_at, kb, kp, &mut rng);
            if let Some(again) = twice {
                out[again].0.basic = out[kuan_at].0.basic;
                out[again].0.project = out[kuan_at].0.project;
                out[again].1 = out[kuan_at].1;
            }
            cb += out[kuan_at].0.basic;
            cp += out[kuan_at].0.project;
        }
        patch(&mut out, class_at, cb, cp, &mut rng);
        if out.len() >= rows {
            break 'classes;
        }
    }
    out.truncate(rows);
    out
}

/// The titles of the tables, in turn.
const TITLES: [&str; 4] = [
    "一般公共预算支出表",
    "政府性基金预算支出表",
    "国有资本经营预算支出表",
    "部门支出总表",
];

/// The text of a 部门预算 with `rows` data rows in the given shape.
pub fn long_text(rows: usize, shape: Shape) -> String {
    let data = data_rows(rows, shape);
    let tables = match shape {
        Shape::Tables(k) => k.max(1),
        _ => 1,
    };
    let mut s = String::with_capacity(rows * 48 + 256);
    s.push_str("2024年某某局部门预算\n");
    let per_table = data.len().div_ceil(tables).max(1);
    for (t, chunk) in data.chunks(per_table).enumerate() {
        if t > 0 {
            s.push('\n');
        }
        // Split tables have titles of their own: one title throughout would make them
        // one table continued across pages.
        let _ = writeln!(s, "{}", TITLES[t % TITLES.len()]);
        s.push_str("单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n");
        // The grand total, over the whole table; split tables print none.
        if tables == 1 {
            let (b, p, total) = data
                .iter()
                .filter(|(r, _)| r.code.len() == 3)
                .fold((0, 0, 0), |(b, p, t), (r, tot)| {
                    (b + r.basic, p + r.project, t + tot)
                });
            let _ = writeln!(s, "\t合计\t{}\t{}\t{}", yuan(total), yuan(b), yuan(p));
        }
        for (row, total) in chunk {
            let _ = writeln!(
                s,
                "{}\t{}\t{}\t{}\t{}",
                row.code,
                row.name,
                yuan(*total),
                yuan(row.basic),
                yuan(row.project)
            );
        }
    }
    s
}
