//! Small text helpers shared by the generators, the quiz and the checks.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// NFC-normalises and trims a piece of card text. Text that is already NFC
/// (nearly all of it) is only copied.
pub fn nfc(text: &str) -> String {
    let text = text.trim();
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_string(),
        _ => text.nfc().collect::<String>().trim().to_string(),
    }
}

/// Collapses runs of spaces and tabs inside each line and trims every line;
/// keeps line breaks. Used on prose, never on code.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        for (i, word) in line.split_whitespace().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    let trimmed = out.trim();
    if trimmed.len() == out.len() && is_nfc_quick(out.chars()) == IsNormalized::Yes {
        return out;
    }
    nfc(&out)
}

/// Strips leading pictographs (emoji, variation selectors) and spaces from a
/// heading: `📘 1. Python Internals` → `1. Python Internals`.
pub fn strip_decoration(heading: &str) -> String {
    let trimmed = heading.trim_start_matches(|c: char| is_decoration(c) || c.is_whitespace());
    nfc(trimmed)
}

fn is_decoration(c: char) -> bool {
    let cp = c as u32;
    matches!(cp,
        0x2190..=0x2BFF      // arrows, technical symbols, dingbats
        | 0xFE00..=0xFE0F    // variation selectors
        | 0x1F000..=0x1FAFF  // emoji blocks
        | 0x200D             // zero-width joiner
    )
}

/// A deck path component: decoration stripped, `::` and the colon after a
/// label removed so that Anki sees one level (`1단계: Python 내장 기초` →
/// `1단계 Python 내장 기초`).
pub fn deck_component(heading: &str) -> String {
    let cleaned = strip_decoration(heading)
        .replace("::", " ")
        .replace(": ", " ");
    let cleaned = cleaned.trim_end_matches(':').to_string();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A tag: no spaces inside (Anki splits tags on whitespace).
pub fn tag(text: &str) -> String {
    let cleaned = strip_decoration(text);
    cleaned
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .trim_matches(|c: char| c == ':' || c == '_')
        .to_string()
}

/// "What is `topic`?" in Korean: `코딩 테스트는?`, and for a name that
/// does not end in Hangul (whose particle depends on how it is read),
/// `Fluent Python — 무엇인가?`.
pub fn ask_about(topic: &str) -> String {
    match topic_particle(topic) {
        "은(는)" => format!("{topic} — 무엇인가?"),
        particle => format!("{topic}{particle}?"),
    }
}

/// The Korean topic particle for a word: `은` after a final consonant, `는`
/// after a vowel. Non-Hangul endings get `은(는)`.
pub fn topic_particle(word: &str) -> &'static str {
    match word.trim().chars().last() {
        Some(c @ '가'..='힣') => {
            if (c as u32 - 0xAC00) % 28 == 0 {
                "는"
            } else {
                "은"
            }
        }
        _ => "은(는)",
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Byte ranges where `needle` occurs in `haystack` as a whole token
/// (case-insensitive, not inside a longer identifier or word).
fn token_matches(haystack: &str, needle: &str) -> Vec<(usize, usize)> {
    let needle = needle.trim();
    if needle.is_empty() {
        return Vec::new();
    }
    let hay_lower = haystack.to_lowercase();
    let needle_lower = needle.to_lowercase();
    // Lower-casing may change byte lengths for some letters (`Ⱥ` grows,
    // `ẞ` shrinks: equal totals can still shift every offset between
    // them); fall back to exact matching then, so that ranges stay valid.
    let same_offsets = |text: &str| {
        text.chars()
            .all(|c| c.to_lowercase().map(char::len_utf8).sum::<usize>() == c.len_utf8())
    };
    let (hay, pat) = if same_offsets(haystack) && same_offsets(needle) {
        (hay_lower, needle_lower)
    } else {
        (haystack.to_string(), needle.to_string())
    };
    let first_is_word = pat.chars().next().is_some_and(is_word_char);
    let last_is_word = pat.chars().last().is_some_and(is_word_char);
    let mut found = Vec::new();
    let mut start = 0;
    while let Some(pos) = hay[start..].find(&pat) {
        let begin = start + pos;
        let end = begin + pat.len();
        let prev = hay[..begin].chars().last();
        // `x.time` is an attribute named like the module, not the module.
        let before_ok = (!first_is_word || !prev.is_some_and(is_ascii_word)) && prev != Some('.');
        let after_ok = !last_is_word || !hay[end..].chars().next().is_some_and(is_ascii_word);
        if before_ok && after_ok {
            found.push((begin, end));
        }
        start = end;
    }
    found
}

/// Korean attaches particles directly to words (`path에`), so only ASCII
/// identifier characters count as "inside a longer word".
fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// True when `text` mentions `needle` as a whole token.
pub fn mentions(text: &str, needle: &str) -> bool {
    !token_matches(text, needle).is_empty()
}

/// Replaces every whole-token mention of `needle` in `text` with `____`.
pub fn mask(text: &str, needle: &str) -> String {
    let ranges = token_matches(text, needle);
    if ranges.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (begin, end) in ranges {
        out.push_str(&text[last..begin]);
        out.push_str("____");
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// Normalises an answer for forgiving comparison: NFC, lower case, no
/// backticks, no spaces, no trailing `()`.
pub fn loose(text: &str) -> String {
    let mut s: String = nfc(text)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '`')
        .collect();
    while let Some(stripped) = s.strip_suffix("()") {
        s = stripped.to_string();
    }
    s
}

/// Edit distance over chars where swapping two neighbours counts as one
/// typo (optimal string alignment), capped: anything above `cap` is
/// returned as `cap + 1`.
pub fn edit_distance(a: &str, b: &str, cap: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > cap {
        return cap + 1;
    }
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()].min(cap + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_follow_the_final_consonant() {
        assert_eq!(topic_particle("세부 내용"), "은");
        assert_eq!(topic_particle("실습 / 목표"), "는");
        assert_eq!(topic_particle("Outcome"), "은(는)");
        assert_eq!(ask_about("코딩 테스트"), "코딩 테스트는?");
        assert_eq!(ask_about("Fluent Python"), "Fluent Python — 무엇인가?");
    }

    #[test]
    fn masking_is_by_token() {
        assert_eq!(
            mask("json.dumps(), json.loads()", "json"),
            "____.dumps(), ____.loads()"
        );
        assert_eq!(
            mask("re.search() and research", "re"),
            "____.search() and research"
        );
        assert!(!mentions("`____.search()`", "re"));
        assert_eq!(mask("time.time()", "time"), "____.time()");
        assert!(mentions("path에 대해", "path"));
    }

    #[test]
    fn masking_survives_letters_whose_lower_case_is_longer_or_shorter() {
        // `ẞ` (3 bytes) lowers to `ß` (2), `Ⱥ` (2) to `ⱥ` (3): same total.
        assert_eq!(mask("힣ßẞ힣KȺȺ(`힣ẞ", "ẞ"), "힣ß____힣KȺȺ(`힣____");
        assert_eq!(mask("İos.getcwd()", "os"), "İ____.getcwd()");
        assert_eq!(mask("ẞ os.getcwd() Ⱥ", "os"), "ẞ ____.getcwd() Ⱥ");
    }

    #[test]
    fn decoration_and_deck_components() {
        assert_eq!(
            strip_decoration("📘 1. Python Internals"),
            "1. Python Internals"
        );
        assert_eq!(
            deck_component("1단계: Python 내장 기초"),
            "1단계 Python 내장 기초"
        );
        assert_eq!(deck_component("⚙️ 2. Performance"), "2. Performance");
        assert_eq!(tag("웹 백엔드"), "웹_백엔드");
    }

    #[test]
    fn loose_comparison() {
        assert_eq!(loose(" `json.dumps()` "), "json.dumps");
        assert_eq!(edit_distance("dumps", "dmups", 2), 1);
        assert_eq!(edit_distance("dumps", "dmpsu", 3), 2);
        assert_eq!(edit_distance("dumps", "dump", 1), 1);
        assert_eq!(edit_distance("abc", "xyz123", 1), 2);
    }
}
