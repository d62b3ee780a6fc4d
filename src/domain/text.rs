//! Small text helpers shared by the generators, the quiz and the checks.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// NFC-normalises and trims a piece of card text. Text that is already NFC
/// (nearly all of it) is only copied.
pub fn nfc(text: &str) -> String {
    let text = text.trim();
    if is_nfc(text) {
        text.to_string()
    } else {
        text.nfc().collect::<String>().trim().to_string()
    }
}

/// [`nfc`] of an owned text, which is handed back as it is when it is
/// already trimmed NFC text: no copy.
pub fn nfc_owned(text: String) -> String {
    if text.trim().len() == text.len() && is_nfc(&text) {
        text
    } else {
        nfc(&text)
    }
}

/// True when `text` is certainly NFC (the quick check says yes).
///
/// The quick check looks up two tables for every char that is not ASCII,
/// and keeps no state from one char to the next but the last one's
/// combining class. A char of class 0 that is allowed in NFC answers the
/// look-ups as ASCII does; most card text is made of such chars alone:
/// those below U+0300, the precomposed Hangul syllables (`가`..=`힣`) and
/// the punctuation, arrows and box drawing that questions are written with
/// (`—`, `…`, `→`, `├`). Text of those needs no look-up at all; other text
/// gets the check with the syllables handed to it as ASCII letters (the
/// same answer, fewer look-ups). A syllable that a following jamo would
/// compose with is still caught at that jamo, which the check sees as it
/// is.
fn is_nfc(text: &str) -> bool {
    if plain_only(text.as_bytes()) {
        return true;
    }
    let chars = text.chars().map(|c| if is_hangul(c) { 'a' } else { c });
    is_nfc_quick(chars) == IsNormalized::Yes
}

/// Whether every char of `text` (UTF-8) is below U+0300, a precomposed
/// Hangul syllable, general punctuation from U+2010 (U+2000 and U+2001
/// are not NFC), an arrow or box drawing; read from the bytes without
/// decoding a char (card text is checked several times as it is made, and
/// decoding it was a tenth of an import's reading thread).
fn plain_only(text: &[u8]) -> bool {
    let mut at = 0;
    while let Some(&lead) = text.get(at) {
        let next = |n: usize| text.get(at + n).copied().unwrap_or(0);
        at += match lead {
            // ASCII.
            0x00..=0x7f => 1,
            // Two bytes, U+0080..=U+02FF.
            0xc2..=0xcb => 2,
            // Three bytes. 가 (U+AC00) is EA B0 80, 힣 (U+D7A3) ED 9E A3;
            // U+B000..=U+CFFF are all syllables.
            0xea if next(1) >= 0xb0 => 3,
            0xeb | 0xec => 3,
            0xed if next(1) < 0x9e || (next(1) == 0x9e && next(2) <= 0xa3) => 3,
            // U+2010..=U+203F (E2 80 90..), U+2190..=U+21FF (E2 86 90..,
            // E2 87), U+2500..=U+257F (E2 94, E2 95).
            0xe2 => match (next(1), next(2)) {
                (0x80 | 0x86, 0x90..) | (0x87 | 0x94 | 0x95, _) => 3,
                _ => return false,
            },
            _ => return false,
        };
    }
    true
}

/// A precomposed Hangul syllable.
fn is_hangul(c: char) -> bool {
    ('가'..='힣').contains(&c)
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
    if trimmed.len() == out.len() && is_nfc(&out) {
        return out;
    }
    nfc(&out)
}

/// [`tidy`] of an owned text, handed back as it is when it is already
/// tidy, as most of a document's text is: no whitespace at either end,
/// none but single spaces and line breaks inside, and no space beside a
/// line break. [`tidy`] would rebuild such a text char for char.
pub fn tidy_owned(text: String) -> String {
    let mut previous: Option<char> = None;
    let mut tidy = true;
    for c in text.chars() {
        let space_next_to_space =
            matches!((previous, c), (Some(' '), ' ' | '\n') | (Some('\n'), ' '));
        if (c.is_whitespace() && !matches!(c, ' ' | '\n')) || space_next_to_space {
            tidy = false;
            break;
        }
        previous = Some(c);
    }
    if tidy && text.trim().len() == text.len() && is_nfc(&text) {
        text
    } else {
        self::tidy(&text)
    }
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
    // A plain word (`notes`, `기능`) is its own tag: no decoration, space,
    // colon or underscore to remove, and NFC as it is.
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || is_hangul(c))
    {
        return text.to_string();
    }
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

/// Korean attaches particles directly to words (`path에`), so only ASCII
/// identifier characters count as "inside a longer word".
fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether an occurrence right after a `.` counts: for masking it does not
/// (`x.time` is an attribute named like the module, not the module), for a
/// leak check it does (`____.time()` still shows `time`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum AfterDot {
    Skip,
    Count,
}

/// Byte ranges of the original `haystack` where `needle` occurs as a whole
/// token (case-insensitive, not inside a longer ASCII identifier).
fn token_matches(haystack: &str, needle: &str, after_dot: AfterDot) -> Vec<(usize, usize)> {
    let needle = needle.trim();
    let Some(whole_token) = whole_token(haystack, needle, after_dot) else {
        return Vec::new();
    };
    let in_place = lowers_in_place(needle)
        .then(|| matches_in_place(haystack, needle, &whole_token))
        .flatten();
    in_place.unwrap_or_else(|| matches_folded(haystack, needle, &whole_token))
}

/// Whether the bytes `begin..end` of `haystack`, where `needle` was found,
/// hold it as a whole token; `None` for an empty needle.
fn whole_token(
    haystack: &str,
    needle: &str,
    after_dot: AfterDot,
) -> Option<impl Fn(usize, usize) -> bool> {
    // Word-ness from the needle as written: `İ` lower-cases to `i` and a
    // combining dot, which is no letter.
    let first_is_word = is_word_char(needle.chars().next()?);
    let last_is_word = is_word_char(needle.chars().next_back()?);
    Some(move |begin: usize, end: usize| {
        let prev = haystack.get(..begin).and_then(|s| s.chars().next_back());
        let next = haystack.get(end..).and_then(|s| s.chars().next());
        let dot_ok = after_dot == AfterDot::Count || prev != Some('.');
        let before_ok = !(first_is_word && prev.is_some_and(is_ascii_word));
        let after_ok = !(last_is_word && next.is_some_and(is_ascii_word));
        dot_ok && before_ok && after_ok
    })
}

/// The lower case of `c` when it is one char of the same UTF-8 length:
/// ASCII, Hangul (which has no case) and most letters of other scripts.
/// `None` for the letters that grow (`Ⱥ`), shrink (the Kelvin sign `K`,
/// `ẞ`) or split in two (`İ`) when lower-cased.
fn lower_in_place(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    if is_hangul(c) {
        return Some(c);
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => Some(l),
        _ => None,
    }
}

/// True when every char of `text` has a [`lower_in_place`]: lower-casing
/// the text char by char keeps every char's byte offset.
fn lowers_in_place(text: &str) -> bool {
    text.chars().all(|c| lower_in_place(c).is_some())
}

/// [`token_matches`] for a needle that lowers in place, in a haystack that
/// does too (as nearly all card text does); `None` when the haystack does
/// not, for [`matches_folded`] to read.
///
/// Then every char folds to exactly one char of its own length, so the
/// folded copy [`matches_folded`] builds would hold one entry per char of
/// the haystack, at the char's own byte offsets: a window of it that
/// matches is a run of whole chars, `needle.len()` bytes long, that lower
/// to the needle's chars. Comparing the haystack's chars in place at every
/// char boundary in order, going on past each accepted match, finds the
/// same matches without building the copy.
fn matches_in_place(
    haystack: &str,
    needle: &str,
    whole_token: impl Fn(usize, usize) -> bool,
) -> Option<Vec<(usize, usize)>> {
    let mut needle_chars = needle.chars();
    let first = needle_chars.next().and_then(lower_in_place)?;
    let rest = needle_chars.as_str();
    let mut found = Vec::new();
    // Where the next match may start: the end of the last one accepted.
    let mut resume = 0;
    for (begin, c) in haystack.char_indices() {
        if lower_in_place(c)? != first || begin < resume {
            continue;
        }
        let end = begin + needle.len();
        let same = haystack
            .get(begin + c.len_utf8()..end)
            .is_some_and(|window| same_lower_case(window, rest));
        if same && whole_token(begin, end) {
            found.push((begin, end));
            resume = end;
        }
    }
    Some(found)
}

/// True when two texts of the same length lower to the same chars in
/// place.
fn same_lower_case(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| x == y || lower_in_place(x).is_some_and(|x| Some(x) == lower_in_place(y)))
}

/// One char of a lower-cased copy of a text, with the byte range of the
/// original char it came from. Lower-casing changes byte lengths (`Ⱥ` grows,
/// the Kelvin sign `K` shrinks) and even char counts (`İ` becomes two chars),
/// so matches found in the copy are mapped back through these ranges instead
/// of reusing the copy's offsets on the original.
struct Folded {
    start: usize,
    end: usize,
    c: char,
}

fn fold(text: &str) -> Vec<Folded> {
    text.char_indices()
        .flat_map(|(start, original)| {
            let end = start + original.len_utf8();
            original
                .to_lowercase()
                .map(move |c| Folded { start, end, c })
        })
        .collect()
}

/// [`token_matches`] for any text: the needle is looked for in a
/// lower-cased copy of the haystack, and each match is mapped back to the
/// original chars it came from.
fn matches_folded(
    haystack: &str,
    needle: &str,
    whole_token: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let pattern: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    let hay = fold(haystack);
    let mut found = Vec::new();
    let mut i = 0;
    while i + pattern.len() <= hay.len() {
        let Some(window) = hay.get(i..i + pattern.len()) else {
            break;
        };
        let same = window.iter().zip(&pattern).all(|(h, p)| h.c == *p);
        // A match must cover whole original chars: `i` matching the first
        // half of a lower-cased `İ` is not a match of `i`.
        let starts_clean = i == 0
            || hay
                .get(i - 1)
                .is_none_or(|prev| prev.start != window.first().map_or(0, |w| w.start));
        let ends_clean = hay
            .get(i + pattern.len())
            .is_none_or(|next| window.last().is_none_or(|w| next.start != w.start));
        if let (true, true, true, Some(head), Some(tail)) = (
            same,
            starts_clean,
            ends_clean,
            window.first(),
            window.last(),
        ) {
            let (begin, end) = (head.start, tail.end);
            if whole_token(begin, end) {
                found.push((begin, end));
                i += pattern.len();
                continue;
            }
        }
        i += 1;
    }
    found
}

/// True when `text` mentions `needle` as a whole token (not after a `.`).
pub fn mentions(text: &str, needle: &str) -> bool {
    !token_matches(text, needle, AfterDot::Skip).is_empty()
}

/// True when `needle` can be read anywhere in `text` as a whole token,
/// attribute position included: what a leak check needs.
pub fn contains_token(text: &str, needle: &str) -> bool {
    !token_matches(text, needle, AfterDot::Count).is_empty()
}

/// The part of a name that gives it away on its own: `python-dotenv` →
/// `dotenv` (readable in `load_dotenv()`), `BeautifulSoup4` →
/// `BeautifulSoup`, `os.chdir()` → `chdir`. Case-sensitive on purpose:
/// `queue.Queue` is not given away by "queue 모듈".
pub fn distinctive_part(answer: &str) -> Option<String> {
    if answer.contains(char::is_whitespace) && !answer.contains('(') {
        return None;
    }
    let name = answer.split('(').next().unwrap_or_default();
    let part = name
        .split(['.', '-'])
        .rev()
        .find(|p| !p.is_empty() && !p.eq_ignore_ascii_case("python"))?
        .trim_end_matches(|c: char| c.is_ascii_digit());
    (part.chars().count() >= 4 && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| part.to_string())
}

/// True when `text` gives `name` away: the name as a token, or its
/// distinctive part anywhere (`load_dotenv()` gives away `python-dotenv`).
pub fn gives_away(text: &str, name: &str) -> bool {
    contains_token(text, name)
        || contains_token(text, name.trim_end_matches("()"))
        || distinctive_part(name).is_some_and(|part| text.contains(part.as_str()))
}

/// English words of names with the Korean words a note writes for them
/// (loanwords and plain translations): `"파이프를 생성"` names `os.pipe`,
/// `"아키텍처 패턴"` translates `Architecture Patterns with Python`.
const LOANWORDS: [(&str, &str); 16] = [
    ("yaml", "yml"),
    ("queue", "큐"),
    ("pipe", "파이프"),
    ("proxy", "프록시"),
    ("websocket", "웹소켓"),
    ("websockets", "웹소켓"),
    ("schedule", "스케줄러"),
    ("scheduler", "스케줄러"),
    ("multipart", "멀티파트"),
    ("architecture", "아키텍처"),
    ("patterns", "패턴"),
    ("pattern", "패턴"),
    ("performance", "성능"),
    ("design", "설계"),
    ("system", "시스템"),
    ("mask", "mask"),
];

/// The ASCII words of a name, split at separators and case changes:
/// `TestDriven.io` → `Test`, `Driven`, `io`.
fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for chunk in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut current = String::new();
        let chars: Vec<char> = chunk.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let previous = i.checked_sub(1).and_then(|p| chars.get(p));
            let next = chars.get(i + 1);
            // `TestDriven` → Test|Driven, `APScheduler` → AP|Scheduler.
            let boundary = c.is_ascii_uppercase()
                && (previous.is_some_and(char::is_ascii_lowercase)
                    || (previous.is_some_and(char::is_ascii_uppercase)
                        && next.is_some_and(char::is_ascii_lowercase)));
            if boundary && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            current.push(c);
        }
        if !current.is_empty() {
            words.push(current);
        }
    }
    words
}

/// The stem a library or API is known by, lower case: `python-dotenv` →
/// `dotenv`, `PyJWT` → `jwt`, `sentry-sdk` → `sentry`, `boto3` → `boto`,
/// `os.umask(mask)` → `umask`.
pub fn name_stem(name: &str) -> String {
    let name = name.split('(').next().unwrap_or_default().trim();
    let last = name.rsplit('.').find(|p| !p.is_empty()).unwrap_or(name);
    // `TestDriven.io`: the part before a domain ending is the name.
    let last = if matches!(last, "io" | "com" | "org") {
        name.split('.').next().unwrap_or(last)
    } else {
        last
    };
    let mut stem = last.to_lowercase();
    for prefix in ["python-", "py"] {
        if let Some(rest) = stem.strip_prefix(prefix) {
            if rest.chars().count() >= 3 {
                stem = rest.to_string();
            }
        }
    }
    for suffix in ["-python", "-sdk", "-client"] {
        if let Some(rest) = stem.strip_suffix(suffix) {
            stem = rest.to_string();
        }
    }
    let bare = stem.trim_end_matches(|c: char| c.is_ascii_digit());
    if bare.chars().count() >= 3 {
        stem = bare.to_string();
    }
    stem
}

/// Every form under which a text can give a name away: the name, its stem
/// (`.env` for a `dot…` stem), its acronym (`TD` of `TestDriven`, matched as
/// the start of an upper-case word like `TDD`) and the Korean words for its
/// parts (`큐` for `queue`, `스케줄러` for `schedule`).
fn name_forms(name: &str) -> (Vec<String>, Vec<String>, Option<String>) {
    let stem = name_stem(name);
    let mut ascii = vec![
        name.split('(')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string(),
    ];
    if stem.chars().count() >= 3 {
        ascii.push(stem.clone());
    }
    if let Some(rest) = stem.strip_prefix("dot") {
        ascii.push(format!(".{rest}"));
    }
    let words = name_words(name);
    let mut korean: Vec<String> = Vec::new();
    for word in words.iter().map(|w| w.to_lowercase()).chain([stem.clone()]) {
        for (english, hangul) in LOANWORDS {
            if word == english && !korean.iter().any(|k| k == hangul) {
                korean.push(hangul.to_string());
            }
        }
    }
    let capitals: Vec<&String> = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .collect();
    let acronym =
        (capitals.len() >= 2).then(|| capitals.iter().filter_map(|w| w.chars().next()).collect());
    (ascii, korean, acronym)
}

/// Upper-case ASCII words of `text` that start with `acronym` (`TDD` for `TD`).
fn acronym_words<'t>(text: &'t str, acronym: &str) -> Vec<&'t str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() > acronym.len() && w.starts_with(acronym))
        .filter(|w| w.chars().all(|c| c.is_ascii_uppercase()))
        .collect()
}

/// True when `text` gives `name` away in any form a learner would read:
/// the name or its stem (case-insensitive, `JWT` for `PyJWT`, `.env` for
/// `python-dotenv`), an ASCII word that is part of the stem or holds it
/// (`mask` for `umask`, `load_dotenv` for `dotenv`), its acronym (`TDD` for
/// `TestDriven.io`), or its Korean word (`큐` for `queue`); and the other
/// way round, a Korean name that translates an English word of the text
/// (`시스템 설계` from `System Design Primer`).
pub fn name_leaks(text: &str, name: &str) -> bool {
    let (ascii, korean, acronym) = name_forms(name);
    if ascii
        .iter()
        .any(|form| form.chars().count() >= 2 && contains_token(text, form))
    {
        return true;
    }
    let stem = name_stem(name);
    let lowered = text.to_lowercase();
    let ascii_word_hit = lowered
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.len() >= 4)
        .any(|w| {
            // `load_dotenv` holds `dotenv`; `path` begins `pathlib` and `mask`
            // is all of `umask` but a letter; `http` is not `aiohttp`.
            stem.len() >= 4
                && (w.contains(stem.as_str())
                    || stem.starts_with(w)
                    || (stem.ends_with(w) && stem.len() - w.len() <= 2))
        });
    if ascii_word_hit || korean.iter().any(|k| text.contains(k.as_str())) {
        return true;
    }
    if acronym.is_some_and(|a| !acronym_words(text, &a).is_empty()) {
        return true;
    }
    // `Server-Sent Events` spells `sse` of sse-starlette.
    let text_words = name_words(text);
    let initials: String = text_words
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .filter_map(|w| w.chars().next())
        .collect();
    if initials.len() >= 3
        && name_words(name)
            .iter()
            .any(|w| w.eq_ignore_ascii_case(&initials))
    {
        return true;
    }
    text_words.iter().any(|word| {
        LOANWORDS
            .iter()
            .any(|(english, hangul)| word.eq_ignore_ascii_case(english) && name.contains(hangul))
    })
}

/// Masks every form of `name` that [`name_leaks`] knows, with `____`.
pub fn mask_name(text: &str, name: &str) -> String {
    let (ascii, korean, acronym) = name_forms(name);
    let mut out = text.to_string();
    for form in &ascii {
        if form.chars().count() >= 2 {
            out = replace_ranges(&out, &token_matches(&out, form, AfterDot::Count), "____");
        }
    }
    for word in korean {
        out = out.replace(word.as_str(), "____");
    }
    if let Some(acronym) = acronym {
        for word in acronym_words(&out.clone(), &acronym) {
            out = out.replace(word, "____");
        }
    }
    out
}

/// The words of a text that say something: not a mask, and more than a
/// particle left around one (`____를` is no word).
pub fn content_words(text: &str) -> usize {
    text.split_whitespace()
        .map(|w| w.replace("____", ""))
        .filter(|w| w.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
        .count()
}

/// Words that say nothing of their own beside a name: `PDF 조작`, `큐를
/// 생성`, `간단한 스케줄러`, `성능 최적화`.
const GENERIC_WORDS: [&str; 14] = [
    "조작",
    "통신",
    "생성",
    "처리",
    "관리",
    "사용",
    "지원",
    "간단한",
    "고급",
    "최적화",
    "인코딩/디코딩",
    "기능",
    "도구",
    "라이브러리",
];

/// True when an answer says nothing beyond the name it describes: once
/// every form of the name is masked, no word is left but generic ones
/// (`Base64 인코딩/디코딩` for base64, `큐를 생성` for `queue.Queue`,
/// `아키텍처 패턴` for `Architecture Patterns with Python`). `JSON 직렬화`
/// still teaches what json does.
pub fn restates_name(answer: &str, name: &str) -> bool {
    if !name_leaks(answer, name) {
        return false;
    }
    mask_name(answer, name)
        .split_whitespace()
        .map(|w| w.replace("____", ""))
        .map(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        })
        .filter(|w| w.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
        .all(|w| {
            GENERIC_WORDS
                .iter()
                .any(|g| w == *g || w.strip_suffix(['을', '를', '이', '가']) == Some(g))
        })
}

/// Replaces every whole-token mention of `needle` in `text` with `____`.
pub fn mask(text: &str, needle: &str) -> String {
    replace_ranges(text, &token_matches(text, needle, AfterDot::Skip), "____")
}

/// Replaces the first whole-token occurrence of `needle` (attribute position
/// included) with `with`; `None` when there is none.
pub fn replace_first_token(text: &str, needle: &str, with: &str) -> Option<String> {
    let first = *token_matches(text, needle, AfterDot::Count).first()?;
    Some(replace_ranges(text, &[first], with))
}

/// Copies `text` with the given sorted, disjoint byte ranges replaced.
fn replace_ranges(text: &str, ranges: &[(usize, usize)], with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for &(begin, end) in ranges {
        out.push_str(text.get(last..begin).unwrap_or_default());
        out.push_str(with);
        last = end;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out
}

/// The items of a text that is an enumeration of three or more things, as a
/// learner would have to recite them; `None` for a single fact, a pair, or
/// prose that merely contains commas.
///
/// What counts: three or more list lines; or, at the top level (outside
/// brackets, quotes and code spans), three or more parts separated by `·`,
/// `→`, by commas (`,` `、`) when every part is a short noun phrase rather
/// than a clause, or by `/` when every part is a short word. `A, B 등 C`
/// is one thing (C, with examples), not three.
pub fn enumeration(text: &str) -> Option<Vec<String>> {
    enumeration_with_joiner(text).map(|(_, items)| items)
}

/// [`enumeration`], with the separator to write the items back with
/// (`", "`, `" · "`, `" → "`, `"/"`, or a line break).
pub fn enumeration_with_joiner(text: &str) -> Option<(&'static str, Vec<String>)> {
    let text = text.trim();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() >= 3 {
        let marked = lines.iter().filter(|l| list_marker(l).is_some()).count();
        if marked >= 3 || lines.iter().all(|l| !is_sentence(l)) {
            let items = lines
                .iter()
                .map(|l| list_marker(l).unwrap_or(l).to_string())
                .collect();
            return Some(("\n", items));
        }
        return None;
    }
    if lines.len() > 1 {
        return None;
    }
    for (separator, joiner) in [('·', " · "), ('→', " → ")] {
        let parts = split_top_level(text, &[separator]);
        if parts.len() >= 3 {
            return Some((joiner, parts));
        }
    }
    let parts: Vec<String> = merge_examples(split_top_level(text, &[',', '、']))
        .into_iter()
        .filter(|p| !is_ellipsis(p))
        .collect();
    if parts.len() >= 3 && parts.iter().all(|p| is_list_item(p)) {
        return Some((", ", parts));
    }
    let parts = split_top_level(text, &['/']);
    if parts.len() >= 3 && parts.iter().all(|p| p.chars().count() <= 12) {
        return Some(("/", parts));
    }
    None
}

/// `- item`, `* item`, `• item`, `3. item`, `3) item` → `item`.
fn list_marker(line: &str) -> Option<&str> {
    for marker in ["- ", "* ", "• "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest.trim());
        }
    }
    let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
    if rest.len() == line.len() {
        return None;
    }
    rest.strip_prefix(". ")
        .or_else(|| rest.strip_prefix(") "))
        .map(str::trim)
}

/// A sentence ends like one: with a full stop, `…다`, or `…요`.
fn is_sentence(text: &str) -> bool {
    let text = text.trim();
    if text.ends_with('.') && !is_ellipsis(text) {
        return true;
    }
    let text = text.trim_end_matches(['!', '?', ')', ' ']);
    text.ends_with('다') || text.ends_with('요')
}

/// `...` or `…` standing for "and more" in a list: not an item of its own.
fn is_ellipsis(text: &str) -> bool {
    matches!(text.trim(), "..." | "…" | "등")
}

/// Korean connective endings that make a comma part a clause of a sentence
/// (`파이프를 생성, 함수를 실행하면 읽기, …` is prose, not a list).
const CLAUSE_ENDINGS: [&str; 22] = [
    "하면", "되면", "으면", "이면", "라면", "다면", "려면", "하며", "되며", "으며", "이며", "지만",
    "는데", "면서", "므로", "니까", "해서", "어서", "아서", "거나", "않고", "없이",
];

fn is_list_item(part: &str) -> bool {
    let part = part.trim();
    if part.is_empty() || part.chars().count() > 40 || is_sentence(part) || part.contains("경우")
    {
        return false;
    }
    !part.split_whitespace().any(|word| {
        let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        CLAUSE_ENDINGS.iter().any(|ending| word.ends_with(ending))
    })
}

/// `S3, EC2, Lambda 등 AWS 서비스 제어`: the parts up to one holding `등`
/// are examples of what follows, so they make one item.
fn merge_examples(parts: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    for part in parts {
        let examples = part.split_whitespace().any(|w| w == "등");
        pending.push(part);
        if examples {
            out.push(pending.join(", "));
            pending.clear();
        }
    }
    out.extend(pending);
    out
}

/// Splits at the given separators where they are not inside brackets,
/// quotes or a code span; trims the parts and drops empty ones.
pub fn split_top_level(text: &str, separators: &[char]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut quoted = false;
    let mut code = false;
    for c in text.chars() {
        match c {
            '`' => code = !code,
            '"' if !code => quoted = !quoted,
            '(' | '[' | '{' if !code && !quoted => depth += 1,
            ')' | ']' | '}' if !code && !quoted => depth = depth.saturating_sub(1),
            _ if depth == 0 && !quoted && !code && separators.contains(&c) => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Puts back the Python names that markdown turned into emphasis: the
/// source's `Thread._init_()` (a mangled `__init__`) renders as
/// `Thread.init()`, a name that does not exist. For every `._name_` in the
/// raw source line, `.name` in the rendered text becomes `.__name__`.
pub fn restore_dunders(rendered: &str, source: &str) -> String {
    let mut out = rendered.to_string();
    for (start, _) in source.match_indices("._") {
        let Some(after) = source.get(start + 2..) else {
            continue;
        };
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let closes = after
            .get(name.len()..)
            .is_some_and(|rest| rest.starts_with('_') && !rest.starts_with("__"));
        if name.is_empty() || !closes {
            continue;
        }
        let dunder = format!(".__{name}__");
        if out.contains(&dunder) {
            continue;
        }
        let mangled = format!(".{name}");
        // Only where the name ends: `.init(` but not `.initialize(`.
        let at = out.match_indices(&mangled).find(|(i, m)| {
            !out.get(i + m.len()..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if let Some((i, m)) = at {
            let end = i + m.len();
            if let (Some(before), Some(rest)) = (out.get(..i), out.get(end..)) {
                out = format!("{before}{dunder}{rest}");
            }
        }
    }
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
    // Three rows of the table are enough: the one being filled, the one
    // above it, and the one above that for a swap of neighbours.
    let mut above_previous: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut row = Vec::with_capacity(b.len() + 1);
        row.push(i + 1);
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let deletion = previous.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let insertion = row.get(j).map_or(usize::MAX, |d| d + 1);
            let substitution = previous.get(j).map_or(usize::MAX, |d| d + cost);
            let mut best = deletion.min(insertion).min(substitution);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if swapped {
                if let Some(d) = above_previous.get(j - 1) {
                    best = best.min(d + 1);
                }
            }
            row.push(best);
        }
        above_previous = std::mem::replace(&mut previous, row);
    }
    previous.last().copied().unwrap_or(0).min(cap + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chars of combining class 0 that NFC allows, which the quick check
    /// passes as it passes ASCII (tests `plain_chars_pass_the_nfc_quick_check`
    /// and `hangul_syllables_pass_the_nfc_quick_check_as_ascii_does`), besides
    /// everything below U+0300 and the syllables: general punctuation from
    /// U+2010 (U+2000 and U+2001 are not NFC), arrows, box drawing.
    const PLAIN: [std::ops::RangeInclusive<char>; 3] = [
        '\u{2010}'..='\u{203f}',
        '\u{2190}'..='\u{21ff}',
        '\u{2500}'..='\u{257f}',
    ];

    /// One char of what [`plain_only`] accepts.
    fn is_plain(c: char) -> bool {
        c < '\u{300}' || is_hangul(c) || PLAIN.iter().any(|range| range.contains(&c))
    }

    #[test]
    fn names_leak_by_stem_acronym_and_korean_word() {
        assert_eq!(name_stem("python-dotenv"), "dotenv");
        assert_eq!(name_stem("PyJWT"), "jwt");
        assert_eq!(name_stem("sentry-sdk"), "sentry");
        assert_eq!(name_stem("opencv-python"), "opencv");
        assert_eq!(name_stem("os.umask(mask)"), "umask");
        assert!(name_leaks(".env 파일에서 환경변수 로드", "python-dotenv"));
        assert!(name_leaks("JWT 토큰 생성/검증", "PyJWT"));
        assert!(name_leaks("설정 파일 관리 (.yml, .yaml)", "pyyaml"));
        assert!(name_leaks("웹소켓 통신", "websockets"));
        assert!(name_leaks("간단한 스케줄러", "schedule"));
        assert!(name_leaks("고급 스케줄러", "APScheduler"));
        assert!(name_leaks("파이프를 생성", "os.pipe()"));
        assert!(name_leaks("umask 설정, 이전 mask값", "os.umask(mask)"));
        assert!(name_leaks("TDD와 마이크로서비스", "TestDriven.io"));
        assert!(name_leaks("Path(), .exists()", "pathlib"));
        assert!(name_leaks("System Design Primer", "시스템 설계"));
        assert!(name_leaks("Server-Sent Events", "sse-starlette"));
        // Not every shared letter is a leak.
        assert!(!name_leaks("비동기 HTTP 서버/클라이언트", "aiohttp"));
        assert!(!name_leaks("날짜와 시간 처리", "datetime"));
        assert_eq!(
            mask_name("설정 파일 관리 (.yml, .yaml)", "pyyaml"),
            "설정 파일 관리 (.____, .____)"
        );
        assert_eq!(
            mask_name("TDD와 마이크로서비스", "TestDriven.io"),
            "____와 마이크로서비스"
        );
    }

    #[test]
    fn an_answer_that_only_restates_its_name_is_told_from_one_that_teaches() {
        assert!(restates_name("Base64 인코딩/디코딩", "base64"));
        assert!(restates_name("큐를 생성", "queue.Queue(maxsize)"));
        assert!(restates_name(
            "아키텍처 패턴",
            "Architecture Patterns with Python"
        ));
        assert!(restates_name("성능 최적화", "High Performance Python"));
        assert!(!restates_name("JSON 직렬화", "json"));
        assert!(!restates_name("YAML 파일 읽기/쓰기", "pyyaml"));
        assert!(!restates_name("날짜와 시간 처리", "datetime"));
        assert_eq!(content_words("____를 생성"), 1);
    }

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
    fn masking_survives_letters_that_change_length_when_lower_cased() {
        // `Ⱥ` (2 bytes) lower-cases to 3 bytes, the Kelvin sign `K` (3 bytes)
        // to 1: together the lengths even out, so only mapping each match
        // back to the original chars keeps the slices on char boundaries.
        assert_eq!(mask("ȺȺK.x(), 가ȺȺK ẞ", "ȺȺK"), "____.x(), 가____ ẞ");
        assert_eq!(mask("ⱥⱥk.x()", "ȺȺK"), "____.x()");
        // Same total length lower-cased, different offsets inside: the old
        // code cut `K` in half here and panicked.
        assert_eq!(mask("ȺȺ ab K", "ab"), "ȺȺ ____ K");
        assert_eq!(mask("ẞ ȺȺ json", "JSON"), "ẞ ȺȺ ____");
        assert_eq!(mask("Kelvin K", "k"), "Kelvin ____");
        assert_eq!(mask("ẞtraße ẞ", "ß"), "ẞtraße ____");
        // `İ` lower-cases to `i` plus a combining dot: not a match of `i`.
        assert_eq!(mask("İ i", "i"), "İ ____");
        assert!(contains_token("____.time()", "time"));
        assert!(!mentions("____.time()", "time"));
        assert_eq!(
            replace_first_token("ȺȺ x ȺȺ", "ⱥⱥ", "[...]"),
            Some("[...] x ȺȺ".to_string())
        );
    }

    #[test]
    fn dunder_names_mangled_by_markdown_are_restored() {
        let source = "- 생성자를 재정의하는 경우 반드시 Thread._init_()을 수행해야 한다.";
        assert_eq!(
            restore_dunders("반드시 Thread.init()을 수행해야 한다.", source),
            "반드시 Thread.__init__()을 수행해야 한다."
        );
        // Already right, or no such name in the source: unchanged.
        assert_eq!(
            restore_dunders("Thread.__init__()", source),
            "Thread.__init__()"
        );
        assert_eq!(
            restore_dunders("Thread.init()", "Thread.init()"),
            "Thread.init()"
        );
        assert_eq!(
            restore_dunders("x.initialize()", "x._init_() x.initialize()"),
            "x.initialize()"
        );
    }

    #[test]
    fn enumerations_are_lists_not_prose() {
        assert_eq!(
            enumeration("API 통신, 설정 파일, 데이터 저장"),
            Some(vec![
                "API 통신".into(),
                "설정 파일".into(),
                "데이터 저장".into()
            ])
        );
        assert_eq!(
            enumeration("git, docker 등 외부 명령어 실행, 파이프 처리"),
            None,
            "the examples before 등 are one item"
        );
        assert_eq!(enumeration("map, filter, reduce").map(|v| v.len()), Some(3));
        assert_eq!(enumeration("a · b (c · d · e)"), None);
        assert_eq!(
            enumeration("코드 스타일 통일 (들여쓰기, 줄바꿈, 따옴표)"),
            None
        );
        assert_eq!(
            enumeration("command를 실행하며, 성공한 경우 0을 반환, 실패하면 오류"),
            None
        );
        assert_eq!(
            split_top_level("`a, b`, \"c, d\", e(f, g)", &[',']),
            vec!["`a, b`", "\"c, d\"", "e(f, g)"]
        );
    }

    #[test]
    fn masking_survives_letters_whose_lower_case_is_longer_or_shorter() {
        // `ẞ` (3 bytes) lowers to `ß` (2), `Ⱥ` (2) to `ⱥ` (3): same total.
        // Matching is case-insensitive, so `ß` is the same letter as `ẞ`.
        assert_eq!(mask("힣ßẞ힣KȺȺ(`힣ẞ", "ẞ"), "힣________힣KȺȺ(`힣____");
        assert_eq!(mask("İos.getcwd()", "os"), "İ____.getcwd()");
        assert_eq!(mask("ẞ os.getcwd() Ⱥ", "os"), "ẞ ____.getcwd() Ⱥ");
    }

    /// [`token_matches`] as it reads every text: through the folded copy.
    fn folded_token_matches(
        haystack: &str,
        needle: &str,
        after_dot: AfterDot,
    ) -> Vec<(usize, usize)> {
        let needle = needle.trim();
        whole_token(haystack, needle, after_dot)
            .map(|whole| matches_folded(haystack, needle, whole))
            .unwrap_or_default()
    }

    /// Reading in place and the folded copy agree, whether an occurrence
    /// right after a `.` counts or not.
    fn in_place_agrees(
        haystack: &str,
        needle: &str,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        for after_dot in [AfterDot::Skip, AfterDot::Count] {
            proptest::prop_assert_eq!(
                token_matches(haystack, needle, after_dot),
                folded_token_matches(haystack, needle, after_dot)
            );
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Reading in place finds what the folded copy finds, with letters
        /// that lower in place (ASCII, Hangul, `Ä`, `Σ`) and ones that do not
        /// (`İ`, `K`, `Ⱥ`, `ẞ`) mixed in.
        #[test]
        fn matching_in_place_finds_what_folding_finds(
            haystack in "[aAb_.가Ää— İKȺⱥẞßk]{0,14}",
            needle in " ?[aA_.가äȺⱥKkẞß]{1,3} ?",
        ) {
            in_place_agrees(&haystack, &needle)?;
        }

        /// Repeats, where one match could overlap the next.
        #[test]
        fn matching_in_place_skips_past_each_match_as_folding_does(
            haystack in "[.가a]{0,10}",
            needle in "[.가a]{1,3}",
        ) {
            in_place_agrees(&haystack, &needle)?;
        }

        /// An owned text comes back from [`tidy_owned`] as [`tidy`] makes it.
        #[test]
        fn tidy_owned_is_tidy(text in "[ \t\n\r\u{a0}\u{3000}a가e\u{301}]{0,12}") {
            proptest::prop_assert_eq!(tidy_owned(text.clone()), tidy(&text));
            proptest::prop_assert_eq!(nfc_owned(text.clone()), nfc(&text));
        }
    }

    #[test]
    fn matching_in_place_agrees_on_card_text() {
        let texts = [
            "항목 12 — \"quoted, comma\" 설명 12: 함수 [...] 는 값을 반환한다",
            "json.dumps(), JSON.loads() — json",
            "Straße STRASSE ÄÖÜ äöü σΣς",
        ];
        for text in texts {
            for needle in ["json", "f12()", "항목", "반환한다", "ä", "Σ", "ß", "a"] {
                for after_dot in [AfterDot::Skip, AfterDot::Count] {
                    assert_eq!(
                        token_matches(text, needle, after_dot),
                        folded_token_matches(text, needle, after_dot),
                        "{needle:?} in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_byte_level_check_agrees_with_the_chars_everywhere() {
        // Every char of the first planes alone, then next to others.
        for c in ('\0'..='\u{ffff}').chain(['😀', '\u{10ffff}']) {
            let text = c.to_string();
            assert_eq!(plain_only(text.as_bytes()), is_plain(c), "{c:?}");
        }
        for c in ('\u{2000}'..='\u{2600}')
            .chain('\u{9d00}'..='\u{9eff}')
            .chain('\u{d700}'..='\u{d7ff}')
        {
            for text in [format!("a{c}"), format!("{c}가"), format!("힣{c}—b")] {
                assert_eq!(
                    plain_only(text.as_bytes()),
                    text.chars().all(is_plain),
                    "{text:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_byte_level_check_agrees_with_the_chars(text in "[a-z 가-힣\u{2f0}-\u{310}\u{1100}-\u{11ff}\u{d7a0}-\u{d7b0}\u{2000}-\u{2200}\u{24f0}-\u{2590}é😀]{0,12}") {
            proptest::prop_assert_eq!(plain_only(text.as_bytes()), text.chars().all(is_plain));
        }
    }

    #[test]
    fn plain_chars_pass_the_nfc_quick_check() {
        use unicode_normalization::char::canonical_combining_class;
        for c in PLAIN.into_iter().flatten() {
            assert_eq!(canonical_combining_class(c), 0, "{c}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        // A combining mark after them is still seen, and the chars just
        // outside are no part of them.
        assert!(!is_nfc("→\u{338}"));
        assert_eq!(nfc("→\u{338}"), "\u{219b}");
        assert!(!is_plain('\u{2001}') && !is_nfc("\u{2001}"));
        assert!(is_nfc("항목 — “인용” … → ├─ 끝"));
    }

    #[test]
    fn hangul_syllables_pass_the_nfc_quick_check_as_ascii_does() {
        use unicode_normalization::char::canonical_combining_class;
        for c in '가'..='힣' {
            assert_eq!(canonical_combining_class(c), 0, "{c}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c}");
        }
        // Composable jamo after a syllable are still seen.
        assert!(!is_nfc("가\u{11a8}"));
        assert_eq!(nfc("가\u{11a8}"), "각");
        assert!(is_nfc("가각 abc"));
    }

    #[test]
    fn chars_below_combining_marks_pass_the_nfc_quick_check() {
        use unicode_normalization::char::canonical_combining_class;
        for c in '\0'..'\u{300}' {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        // A combining mark after them is still seen.
        assert!(!is_nfc("e\u{301}"));
        assert_eq!(nfc("e\u{301}"), "é");
        assert!(is_nfc("é ü ß"));
    }

    #[test]
    fn plain_words_are_their_own_tags() {
        for word in ["notes", "code", "기능", "1단계", ""] {
            let cleaned = strip_decoration(word)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("_");
            assert_eq!(tag(word), cleaned.trim_matches([':', '_']), "{word}");
        }
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
