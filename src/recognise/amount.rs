//! Cell values: amounts, dashes, percentages and text, parsed with nom.
//!
//! Amounts go from their printed digits straight to [`Decimal`] (`recognize` +
//! `map_res`), never through a float, so "13.50" stays 13.50.

use std::str::FromStr;

use nom::branch::alt;
use nom::bytes::complete::take_while_m_n;
use nom::character::complete::{char, digit1, one_of, space0};
use nom::combinator::{all_consuming, map_res, opt, recognize};
use nom::multi::many1;
use nom::sequence::{pair, preceded};
use nom::{IResult, Parser};
use rust_decimal::Decimal;

use crate::model::ValueKind;
use crate::text;

/// A parsed value cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedValue {
    /// What kind of value.
    pub kind: ValueKind,
    /// The amount of a plain number.
    pub amount: Option<Decimal>,
    /// The number inside a percentage or text.
    pub number: Option<Decimal>,
}

fn ascii_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// Digits with thousands separators: "1,095", "2,109,100".
fn grouped_digits(input: &str) -> IResult<&str, &str> {
    recognize(pair(
        take_while_m_n(1, 3, ascii_digit),
        many1(preceded(char(','), take_while_m_n(3, 3, ascii_digit))),
    ))
    .parse(input)
}

/// An unsigned decimal number: "1,095.72", "0.5", "30".
fn unsigned(input: &str) -> IResult<&str, &str> {
    recognize(pair(
        alt((grouped_digits, digit1)),
        opt(pair(char('.'), digit1)),
    ))
    .parse(input)
}

/// A signed amount, as a [`Decimal`] with the printed scale.
pub fn amount(input: &str) -> IResult<&str, Decimal> {
    map_res(recognize(pair(opt(one_of("-−")), unsigned)), |s: &str| {
        if s.contains([',', '−']) {
            Decimal::from_str(&s.replace(',', "").replace('−', "-"))
        } else {
            Decimal::from_str(s)
        }
    })
    .parse(input)
}

/// A percentage, with an optional comparator: "95%", "≥ 20 %", "<=5%".
fn percent(input: &str) -> IResult<&str, Decimal> {
    let comparator = opt(alt((
        recognize(pair(one_of("<>="), opt(char('=')))),
        recognize(one_of("≥≤≧≦")),
    )));
    let (rest, (_, _, n, _, _)) = (comparator, space0, amount, space0, char('%')).parse(input)?;
    Ok((rest, n))
}

/// Whether a cell is only a dash standing for "nothing".
pub fn is_dash(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| matches!(c, '-' | '—' | '–' | '－' | '一' | '─'))
        && !(text.chars().count() == 1 && text == "一")
}

/// Parses a non-empty cell. Never fails: what is not a number is text.
pub fn parse_value(text: &str) -> ParsedValue {
    let t = text.trim();
    let (kind, amount, number) = if is_dash(t) {
        (ValueKind::Dash, None, None)
    } else if let Ok((_, d)) = all_consuming(amount).parse(t) {
        (ValueKind::Amount, Some(d), None)
    } else if let Some(d) = percentage(t) {
        (ValueKind::Percent, None, Some(d))
    } else {
        (ValueKind::Text, None, quantity(t))
    };
    ParsedValue {
        kind,
        amount,
        number,
    }
}

/// A percentage, also spelt out: "≥95%", "≥95百分比".
fn percentage(t: &str) -> Option<Decimal> {
    let spelt = t.strip_suffix("百分比").map(|n| format!("{n}%"));
    let t = spelt.as_deref().unwrap_or(t);
    all_consuming(percent).parse(t).ok().map(|(_, d)| d)
}

/// The number of a quantity: a number, possibly after a comparator, followed by a short
/// unit ("8 人", "≥1000批次", "≤139.76 万元"). Prose, dates and codes have none.
fn quantity(t: &str) -> Option<Decimal> {
    const COMPARATORS: [&str; 12] = [
        "不少于",
        "不低于",
        "不高于",
        "不超过",
        "至少",
        "少于",
        "多于",
        "大于",
        "小于",
        "高于",
        "低于",
        "达到",
    ];
    let t = COMPARATORS
        .iter()
        .find_map(|w| t.strip_prefix(w))
        .unwrap_or(t);
    let body = t
        .trim_start_matches(['≥', '≤', '>', '<', '=', '≧', '≦'])
        .trim_start();
    let to_decimal = |s: &str| Decimal::from_str(&s.replace(',', ""));
    let (unit, n) = map_res(unsigned, to_decimal).parse(body).ok()?;
    let unit = unit.trim();
    let short_unit = unit.chars().count() <= 4
        && !unit
            .chars()
            .any(|c| c.is_ascii_alphanumeric() || "年月、.".contains(c));
    short_unit.then_some(n)
}

/// A value that cannot be a key: an amount with decimals, a percentage, or a quantity
/// with a comparator or a short unit ("≥2 组", "8 人", "370平方米"), but not an
/// enumerated name ("4、其他固定资产") or a date.
pub fn is_measure(t: &str) -> bool {
    let t = t.trim();
    if looks_like_value(t) || t.starts_with(['≥', '≤', '>', '<']) {
        return true;
    }
    let unit = t
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
        .trim_start();
    // A year before words is a name ("2026驻京经费"), not a count of a unit.
    let number = &t[..t.len() - unit.len()];
    let year = number.len() == 4 && (number.starts_with("19") || number.starts_with("20"));
    !(year && unit.chars().count() > 2)
        && unit.len() < t.len()
        && !unit.is_empty()
        && unit.chars().count() <= 4
        && unit
            .chars()
            .all(|c| text::is_cjk(c) && !"、。,，年月日".contains(c))
}

/// Whether a cell is a plain amount (what a numeric table cell looks like).
pub fn is_amount(text: &str) -> bool {
    all_consuming(amount).parse(text.trim()).is_ok()
}

/// Whether a cell is an amount with a decimal point, or a percentage: the shape of a
/// value, as opposed to a code or a row number.
pub fn looks_like_value(text: &str) -> bool {
    let t = text.trim();
    // (A percentage ends with its sign: the test saves parsing the rest.)
    (is_amount(t) && t.contains('.'))
        || (t.ends_with('%') && all_consuming(percent).parse(t).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    macro_rules! parses_to {
        ($($input:expr => $kind:ident, $amount:expr, $number:expr;)*) => {$(
            let got = parse_value($input);
            assert_eq!(got.kind, ValueKind::$kind, "kind of {:?}", $input);
            assert_eq!(got.amount, $amount.map(d), "amount of {:?}", $input);
            assert_eq!(got.number, $number.map(d), "number of {:?}", $input);
        )*};
    }

    #[test]
    fn values() {
        let none: Option<&str> = None;
        parses_to! {
            "1,095.72" => Amount, Some("1095.72"), none;
            "13.50" => Amount, Some("13.50"), none;
            "-3.5" => Amount, Some("-3.5"), none;
            "−0.01" => Amount, Some("-0.01"), none;
            "2,109,100.0" => Amount, Some("2109100.0"), none;
            "30" => Amount, Some("30"), none;
            "—" => Dash, none, none;
            "-" => Dash, none, none;
            "--" => Dash, none, none;
            "≥95%" => Percent, none, Some("95");
            "≥20 %" => Percent, none, Some("20");
            "100%" => Percent, none, Some("100");
            "<=5%" => Percent, none, Some("5");
            "8 人" => Text, none, Some("8");
            "≤139.76 万元" => Text, none, Some("139.76");
            "≥1000批次" => Text, none, Some("1000");
            "≤5日" => Text, none, Some("5");
            "至少 10 次" => Text, none, Some("10");
            "≥95百分比" => Percent, none, Some("95");
            "明显" => Text, none, none;
            "1,2,3" => Text, none, none;
            "13040024P00000210034H" => Text, none, none;
            "2024 年 12 月 31 日之前" => Text, none, none;
            "1.目标内容 1" => Text, none, none;
            "受理办理的信访案件要在 60 日内予以群众答复" => Text, none, none;
            "%" => Text, none, none;
        }
    }

    #[test]
    fn scale_is_kept() {
        assert_eq!(parse_value("2.60").amount.unwrap().to_string(), "2.60");
    }

    #[test]
    fn measures() {
        for m in ["931.95", "≥90%", "≥2 组", "8 人", "370平方米", ">80 件"] {
            assert!(is_measure(m), "{m} is a measure");
        }
        for n in [
            "4、其他固定资产",
            "2024年12月底",
            "合计",
            "201",
            "1.目标内容 1",
            "2026驻京经费",
        ] {
            assert!(!is_measure(n), "{n} is not a measure");
        }
    }

    #[test]
    fn value_shape() {
        assert!(looks_like_value("931.95"));
        assert!(looks_like_value("≥90%"));
        assert!(!looks_like_value("201"));
        assert!(!looks_like_value("合计"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn with_separators(digits: &str) -> String {
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    proptest! {
        /// Amounts agree with `Decimal::from_str`, with or without thousands separators.
        #[test]
        fn amounts_match_the_decimal_oracle(int in 0u64..1_000_000_000_000, frac in proptest::option::of("[0-9]{1,4}"), neg: bool, grouped: bool) {
            let digits = int.to_string();
            let body = if grouped { with_separators(&digits) } else { digits.clone() };
            let sign = if neg { "-" } else { "" };
            let printed = match &frac { Some(f) => format!("{sign}{body}.{f}"), None => format!("{sign}{body}") };
            let plain = match &frac { Some(f) => format!("{sign}{digits}.{f}"), None => format!("{sign}{digits}") };
            let got = parse_value(&printed);
            prop_assert_eq!(got.kind, ValueKind::Amount);
            prop_assert_eq!(got.amount, Some(Decimal::from_str(&plain).unwrap()));
        }

        #[test]
        fn any_cell_parses_without_panic(text in "\\PC{0,40}") {
            let _ = parse_value(&text);
        }
    }
}
