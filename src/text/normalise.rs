//! Text normalisation, applied to every line before any parser sees it.
//!
//! nom's character classes know nothing of U+3000, NBSP or full-width digits, so those
//! are folded to ASCII first. The raw line is kept beside the normalised one for
//! provenance.

use unicode_normalization::UnicodeNormalization;

/// Folds full-width ASCII (U+FF01–U+FF5E) to ASCII, and the ideographic space, NBSP and
/// the other typographic spaces to a plain space; drops zero-width characters and the
/// markdown bold marker `**` that some converters leave in.
pub fn normalize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    // Only a character whose UTF-8 form starts with one of these bytes can change (each
    // is ASCII or a leading byte, so it starts a character); the runs between are copied.
    let changes = |b: u8| matches!(b, b'\r' | 0x0C | 0xC2 | 0xE2 | 0xE3 | 0xEF);
    while let Some(at) = rest.bytes().position(changes) {
        out.push_str(&rest[..at]);
        let Some(c) = rest[at..].chars().next() else {
            break;
        };
        rest = &rest[at + c.len_utf8()..];
        out.extend(folded(c));
    }
    out.push_str(rest);
    if out.contains("**") {
        out = out.replace("**", "");
    }
    out
}

/// What [`normalize`] makes of one character: itself, another, or nothing.
fn folded(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => Some(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
        '\u{3000}' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => Some(' '),
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\r' | '\u{c}' => None,
        '\u{2E80}'..='\u{2FDF}' => Some(radical_to_ideograph(c)),
        _ => Some(c),
    }
}

/// Some PDF producers emit radical code points for ordinary characters (⽀ for 支,
/// ⻔ for 门). The Kangxi radicals fold to their ideographs by NFKC; the simplified
/// forms in the CJK Radicals Supplement have no such mapping and are listed here.
fn radical_to_ideograph(c: char) -> char {
    const SUPPLEMENT: &[(char, char)] = &[
        ('⺁', '厂'),
        ('⺇', '几'),
        ('⺈', '刀'),
        ('⺊', '卜'),
        ('⺋', '卩'),
        ('⺌', '小'),
        ('⺍', '小'),
        ('⺎', '兀'),
        ('⺏', '尢'),
        ('⺐', '尢'),
        ('⺑', '尢'),
        ('⺒', '巳'),
        ('⺓', '幺'),
        ('⺔', '彐'),
        ('⺖', '心'),
        ('⺗', '心'),
        ('⺘', '手'),
        ('⺙', '攴'),
        ('⺛', '无'),
        ('⺜', '日'),
        ('⺝', '月'),
        ('⺞', '歹'),
        ('⺟', '母'),
        ('⺠', '民'),
        ('⺡', '水'),
        ('⺢', '水'),
        ('⺣', '火'),
        ('⺤', '爪'),
        ('⺥', '爪'),
        ('⺦', '丬'),
        ('⺧', '牛'),
        ('⺨', '犬'),
        ('⺩', '王'),
        ('⺪', '疋'),
        ('⺫', '目'),
        ('⺬', '示'),
        ('⺭', '示'),
        ('⺮', '竹'),
        ('⺯', '糸'),
        ('⺰', '纟'),
        ('⺱', '网'),
        ('⺲', '网'),
        ('⺳', '网'),
        ('⺴', '网'),
        ('⺵', '网'),
        ('⺶', '羊'),
        ('⺷', '羊'),
        ('⺸', '羊'),
        ('⺹', '老'),
        ('⺺', '聿'),
        ('⺻', '聿'),
        ('⺼', '肉'),
        ('⺽', '臼'),
        ('⺾', '艸'),
        ('⺿', '艸'),
        ('⻀', '艸'),
        ('⻁', '虎'),
        ('⻂', '衣'),
        ('⻃', '西'),
        ('⻄', '西'),
        ('⻅', '见'),
        ('⻆', '角'),
        ('⻇', '角'),
        ('⻈', '讠'),
        ('⻉', '贝'),
        ('⻊', '足'),
        ('⻋', '车'),
        ('⻌', '辶'),
        ('⻍', '辶'),
        ('⻎', '辶'),
        ('⻏', '阝'),
        ('⻐', '钅'),
        ('⻑', '長'),
        ('⻒', '镸'),
        ('⻓', '长'),
        ('⻔', '门'),
        ('⻕', '阜'),
        ('⻖', '阝'),
        ('⻗', '雨'),
        ('⻘', '青'),
        ('⻙', '韦'),
        ('⻚', '页'),
        ('⻛', '风'),
        ('⻜', '飞'),
        ('⻝', '食'),
        ('⻟', '食'),
        ('⻠', '饣'),
        ('⻡', '首'),
        ('⻢', '马'),
        ('⻣', '骨'),
        ('⻤', '鬼'),
        ('⻥', '鱼'),
        ('⻦', '鸟'),
        ('⻧', '卤'),
        ('⻨', '麦'),
        ('⻩', '黄'),
        ('⻪', '黾'),
        ('⻫', '斉'),
        ('⻬', '齐'),
        ('⻭', '歯'),
        ('⻮', '齿'),
        ('⻯', '竜'),
        ('⻰', '龙'),
        ('⻱', '龜'),
        ('⻲', '亀'),
        ('⻳', '龟'),
    ];
    if let Ok(i) = SUPPLEMENT.binary_search_by(|(r, _)| r.cmp(&c)) {
        return SUPPLEMENT[i].1;
    }
    let mut folded = std::iter::once(c).nfkc();
    match (folded.next(), folded.next()) {
        (Some(f), None) => f,
        _ => c,
    }
}

/// Whether a character belongs to Chinese text: ideographs, radicals, CJK punctuation
/// and the full-width block.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '≥' | '≤')
}

/// Cleans a label or name: trims, collapses runs of whitespace, and removes the stray
/// spaces that PDF converters put inside Chinese words ("对个人和 家庭的补 助",
/// "项 目"): a space goes when a Chinese character stands on either side of it. Spaces
/// between two non-Chinese tokens ("13063722P0043511001 52") are kept.
pub fn clean(text: &str) -> String {
    if !text.contains(char::is_whitespace) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut words = text.split_whitespace();
    let Some(first) = words.next() else {
        return out;
    };
    out.push_str(first);
    let mut before = first.chars().next_back();
    for word in words {
        // Words are never empty, so both neighbours of the space are there.
        let after = word.chars().next();
        if !(before.is_some_and(is_cjk) || after.is_some_and(is_cjk)) {
            out.push(' ');
        }
        out.push_str(word);
        before = word.chars().next_back();
    }
    out
}

/// Removes the markdown decoration a converter put on a line of prose: heading hashes,
/// list bullets, quote markers.
pub fn strip_markdown(text: &str) -> &str {
    let t = text.trim();
    let t = t.trim_start_matches('#').trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let t = t.strip_prefix("> ").unwrap_or(t);
    t.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_and_odd_spaces() {
        assert_eq!(normalize("１，０９５．７２"), "1,095.72");
        assert_eq!(normalize("单位：万元"), "单位:万元");
        assert_eq!(normalize("a\u{3000}b\u{00A0}c\u{200B}d"), "a b cd");
        assert_eq!(normalize("**标题**\r"), "标题");
        assert_eq!(normalize("部⻔⽀出 公务⽤⻋"), "部门支出 公务用车");
    }

    /// Every character folded, one by one: what the fast path, which skips the runs no
    /// rule changes, must give.
    fn normalize_by_chars(line: &str) -> String {
        line.chars()
            .filter_map(folded)
            .collect::<String>()
            .replace("**", "")
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn normalize_copies_runs_and_changes_what_the_spec_changes(
            line in "([a-z0-9 ,.*|\t\r\u{c}]|[\u{A0}-\u{FF}]|[\u{2000}-\u{2070}]|[\u{2E80}-\u{2FDF}]|[\u{3000}-\u{3010}]|[一-龥]|[\u{FEFF}-\u{FF70}]){0,40}"
        ) {
            proptest::prop_assert_eq!(normalize(&line), normalize_by_chars(&line));
        }
    }

    /// The words joined by single spaces, less each space next to a Chinese character:
    /// the spec `clean` is tested against.
    fn clean_by_chars(text: &str) -> String {
        let chars: Vec<char> = text
            .split_whitespace()
            .flat_map(|w| w.chars().chain([' ']))
            .collect();
        let kept = chars.iter().enumerate().filter(|&(i, &c)| {
            c != ' ' || i + 1 < chars.len() && !(is_cjk(chars[i - 1]) || is_cjk(chars[i + 1]))
        });
        kept.map(|(_, &c)| c).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn clean_joins_words_as_the_spec_does(
            text in "([a-z0-9 ,.]|[ \t\u{3000}\u{A0}]|[一-龥]|[\u{FF01}-\u{FF20}]){0,30}"
        ) {
            proptest::prop_assert_eq!(clean(&text), clean_by_chars(&text));
        }
    }

    #[test]
    fn clean_removes_spaces_inside_chinese_only() {
        let cases = [
            ("对个人和 家庭的补 助", "对个人和家庭的补助"),
            ("项 目", "项目"),
            ("  政 府 性 基 金 ", "政府性基金"),
            ("2023 年度", "2023年度"),
            ("13063722P0043511001 52", "13063722P0043511001 52"),
            ("手机 APP 等", "手机APP等"),
            ("a   b", "a b"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "clean({input:?})");
        }
    }

    #[test]
    fn strips_markdown_markers() {
        assert_eq!(strip_markdown("## 543 信访局"), "543 信访局");
        assert_eq!(strip_markdown("- 一、主要职能"), "一、主要职能");
        assert_eq!(strip_markdown("plain"), "plain");
    }
}
