//! Free-form notes: one card per fact under a heading. A labelled line
//! (`장점: …`) asks for its label; a run of three or more plain bullets is
//! one cloze per item; a sentence becomes a cloze that hides the part after
//! its cue (`… 대신 [...]`, `A -> [...]`, a code token); a code
//! block becomes code cards that hide the line, token or outcome the notes
//! state. Empty headings, open questions, fragments and code unrelated to its
//! heading make no card and are recorded as skipped.

use std::borrow::Cow;

use super::{CardKind, DeckBuilder, NewCard};
use crate::domain::card::{CLOZE_GAP, fence};
use crate::domain::fingerprint::Fingerprints;
use crate::domain::markdown::Block;
use crate::domain::text::{enumeration, mentions, strip_decoration, topic_particle};

/// One fact per card: longer answers are not made (DESIGN §2).
const MAX_ANSWER_CHARS: usize = 200;
const MAX_ANSWER_LINES: usize = 5;
/// A list of this many items is never one answer (DESIGN §2).
const CLOZE_FROM_ITEMS: usize = 3;
/// Trailing comments are asked about only in blocks up to this long: in a
/// longer example they label steps rather than state outcomes.
const MAX_COMMENTED_LINES: usize = 15;
/// A code block longer than this is cut to the section around the gap and
/// the functions it calls; up to it, the whole example stays as context.
const MAX_SNIPPET_LINES: usize = 12;
/// A line with fewer Hangul syllables than this and no label is a fragment
/// (`order =True`, `multi process ->청크`), not a fact.
const MIN_FACT_HANGUL: usize = 5;

/// Section titles that say nothing about what is asked: never a question.
const CATCH_ALL_TITLES: &[&str] = &[
    "비고", "요점", "정리", "내용", "요약", "메모", "참고", "기타", "노트",
];

/// Sentence endings that make the line a definition of its heading.
const DEFINITION_NOUNS: &[&str] = &["기법", "개념", "메커니즘", "단위", "도구", "방식"];

/// Clause boundaries, in the order they are tried: the cue is what comes
/// before (with the boundary), the hidden part what follows.
const CLAUSE_BOUNDARIES: &[&str] = &[
    "대신 ",
    "지만 ",
    "때문에, ",
    "때문에 ",
    "므로 ",
    "위해서 ",
    "하여 ",
    "면 ",
    "으로 ",
];

/// Adnominal words that end like a topic particle but are not one.
const NOT_TOPIC: &[&str] = &[
    "또는", "있는", "없는", "하는", "되는", "같은", "많은", "않는",
];

/// Adverbs that stay in the cue rather than open the hidden part.
const CUE_ADVERBS: &[&str] = &["주로", "보통", "가장", "특히", "더", "매우"];

struct Heading {
    level: u8,
    title: String,
    parent: Option<String>,
    line: u32,
}

impl Heading {
    /// How the heading is shown in questions: `threading 모듈 › 특징`.
    fn display(&self) -> Cow<'_, str> {
        match &self.parent {
            Some(parent) => Cow::Owned(format!("{parent} › {}", self.title)),
            None => Cow::Borrowed(&self.title),
        }
    }

    /// What the section is about: the parent for a `개념` section.
    fn subject(&self) -> &str {
        match &self.parent {
            Some(parent) if matches!(self.title.as_str(), "개념" | "정의") => parent,
            _ => &self.title,
        }
    }

    fn key(&self) -> Cow<'_, str> {
        match &self.parent {
            Some(parent) => Cow::Owned(format!("{parent}/{}", self.title)),
            None => Cow::Borrowed(&self.title),
        }
    }

    /// The heading's ASCII words (`threading`, `Optional`), used to tell
    /// whether a code block belongs to it.
    fn ascii_words(&self) -> Vec<String> {
        let mut text = self.title.clone();
        if let Some(parent) = &self.parent {
            text.push(' ');
            text.push_str(parent);
        }
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map(|w| w.trim_matches('_'))
            .filter(|w| w.len() >= 3)
            .map(str::to_string)
            .collect()
    }
}

/// The cards of the whole deck, with what every card must not repeat: the
/// questions, and each key and role (as [`Fingerprints`]).
struct Notes<'b, 'a, 'f> {
    out: &'b mut DeckBuilder<'a, 'f>,
    deck: String,
    keys: Fingerprints,
    questions: Fingerprints,
    /// The tags of every card, and of a code card.
    tags: [String; 1],
    code_tags: [String; 2],
    /// Cards added so far: a heading that adds none is reported.
    made: usize,
}

pub(super) fn generate(blocks: &[Block], out: &mut DeckBuilder<'_, '_>) {
    let deck = out.deck_path(&[]);
    let mut notes = Notes {
        out,
        deck,
        keys: Fingerprints::default(),
        questions: Fingerprints::default(),
        tags: ["notes".to_string()],
        code_tags: ["notes".to_string(), "code".to_string()],
        made: 0,
    };
    let mut stack: Vec<(u8, String)> = Vec::new();
    let mut current: Option<Heading> = None;
    let mut body: Vec<&Block> = Vec::new();

    for block in blocks {
        match block {
            Block::Heading { level, text, line } => {
                if let Some(heading) = current.take() {
                    let has_children = *level > heading.level;
                    notes.section(&heading, &body, has_children);
                }
                body.clear();
                let title = strip_decoration(text);
                stack.retain(|(l, _)| l < level);
                let parent = stack.last().map(|(_, t)| t.clone());
                stack.push((*level, title.clone()));
                current = Some(Heading {
                    level: *level,
                    title,
                    parent,
                    line: *line,
                });
            }
            // A thematic break ends the topic: what follows is not under the
            // heading before it.
            Block::Rule { .. } => {
                if let Some(heading) = current.take() {
                    notes.section(&heading, &body, false);
                }
                body.clear();
                stack.clear();
            }
            other => body.push(other),
        }
    }
    if let Some(heading) = current.take() {
        notes.section(&heading, &body, false);
    }
}

/// A card before it is checked against the rules.
struct Draft {
    kind: CardKind,
    role: String,
    question: String,
    answer: String,
    line: u32,
}

fn hangul_count(text: &str) -> usize {
    text.chars().filter(|c| ('가'..='힣').contains(c)).count()
}

fn is_code_line(line: &str) -> bool {
    hangul_count(line) == 0 && line.contains(['=', '(', '@'])
}

/// A lone term on its own line (`Union`, `Literal`): a label for what follows.
fn is_lone_term(line: &str) -> bool {
    hangul_count(line) == 0 && !is_code_line(line) && line.split_whitespace().count() <= 3
}

/// A line that introduces the code below it (`일반 클래스의 경우:`, `… 예제`).
fn is_caption(line: &str) -> bool {
    line.ends_with(':') || line.ends_with("예제")
}

/// `label: value` with a short label; `None` for a sentence that only
/// happens to contain a colon.
fn labelled(line: &str) -> Option<(&str, &str)> {
    let (label, value) = line.split_once(':')?;
    let (label, value) = (label.trim(), value.trim());
    let short = label.chars().count() <= 25 && label.split_whitespace().count() <= 3;
    (short && !label.is_empty() && !value.is_empty() && !label.contains("http"))
        .then_some((label, value))
}

/// Splits a value at commas that are not inside brackets.
fn split_items(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in value.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            items.push(current.trim().to_string());
            current.clear();
        } else {
            current.push(c);
        }
    }
    items.push(current.trim().to_string());
    items.retain(|i| !i.is_empty());
    items
}

/// A single name (`threading`, `asyncio.Queue`): no spaces, no Hangul.
fn is_name(value: &str) -> bool {
    !value.is_empty()
        && hangul_count(value) == 0
        && !value.contains(char::is_whitespace)
        && value.chars().any(|c| c.is_ascii_alphabetic())
}

/// A definition without the filler after its defining noun (`… 메커니즘으로
/// multithreading과 관련된 중요한 개념` → `… 메커니즘`).
fn definition_core(text: &str) -> &str {
    let cut = DEFINITION_NOUNS
        .iter()
        .filter_map(|noun| text.find(&format!("{noun}으로 ")).map(|at| at + noun.len()))
        .min();
    cut.and_then(|at| text.get(..at)).unwrap_or(text)
}

fn fits(answer: &str) -> bool {
    answer.chars().count() <= MAX_ANSWER_CHARS && answer.lines().count() <= MAX_ANSWER_LINES
}

/// A sentence split into the part shown before the gap, the hidden part and
/// the part shown after it. The parts shown are borrowed from the sentence
/// where they stand in it as they are.
struct Split<'a> {
    before: Cow<'a, str>,
    hidden: String,
    after: Cow<'a, str>,
}

impl<'a> Split<'a> {
    fn new(
        before: impl Into<Cow<'a, str>>,
        hidden: &str,
        after: impl Into<Cow<'a, str>>,
    ) -> Option<Self> {
        let hidden = hidden.trim().trim_end_matches('.').trim();
        (hangul_count(hidden) + hidden.chars().filter(char::is_ascii_alphanumeric).count() >= 2)
            .then(|| Split {
                before: before.into(),
                hidden: hidden.to_string(),
                after: after.into(),
            })
    }
}

/// The code-like token of a sentence (`@dataclass(frozen=True)가능` →
/// `@dataclass(frozen=True)`): a run of non-Hangul text holding `@`, `(` or `=`.
fn split_code_token(line: &str) -> Option<Split<'_>> {
    let split_at_run = |s: usize, e: usize| {
        let token = line.get(s..e)?;
        let token_trimmed = token.trim_end_matches(['.', ',']);
        if token_trimmed.chars().count() < 3 || !token_trimmed.contains(['@', '(', '=']) {
            return None;
        }
        let before = line.get(..s)?;
        let after = line.get(s + token_trimmed.len()..)?;
        Split::new(before, token_trimmed, after)
    };
    // The runs in order, each tried as it ends; the line's end ends the last.
    let mut start: Option<usize> = None;
    let ends = line.char_indices().chain([(line.len(), ' ')]);
    for (i, c) in ends {
        let in_token = !c.is_whitespace() && !('가'..='힣').contains(&c);
        match (in_token, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if let Some(split) = split_at_run(s, i) {
                    return Some(split);
                }
                start = None;
            }
            _ => {}
        }
    }
    None
}

/// `A -> B`: B is hidden; when B repeats the heading (`__dict__미사용 ->
/// 메모리 사용량 절감` under `메모리 최적화`), the identifier in A is hidden
/// instead.
fn split_arrow<'a>(line: &'a str, heading: &str) -> Option<Split<'a>> {
    // A look for the `>` first: most lines have none, and finding a single
    // char is cheaper than setting up a search for `->`.
    if !line.contains('>') {
        return None;
    }
    let (left, right) = line.split_once("->")?;
    if hangul_count(left) + left.chars().count() < 3 {
        return None;
    }
    if shares_word(right, heading) {
        let (s, e) = identifier_at(left)?;
        let after = format!("{} -> {}", left.get(e..)?.trim_end(), right.trim());
        return Split::new(left.get(..s)?, left.get(s..e)?, after);
    }
    let gap = if right.starts_with(' ') { " " } else { "" };
    Split::new(
        format!("{}->{gap}", left.trim_end()).replacen("->", " ->", 1),
        right,
        "",
    )
}

/// The words of a text that carry meaning: Hangul of two syllables or
/// more, ASCII of three letters or more.
fn content_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| hangul_count(w) >= 2 || (w.is_ascii() && w.len() >= 3))
        .map(str::to_lowercase)
        .collect()
}

fn shares_word(text: &str, other: &str) -> bool {
    let theirs = content_words(other);
    content_words(text).iter().any(|w| theirs.contains(w))
}

/// The byte range of the first identifier (`__dict__`, `open`) in a text.
fn identifier_at(text: &str) -> Option<(usize, usize)> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let start = text.find(|c: char| c.is_ascii_alphabetic() || c == '_')?;
    let rest = text.get(start..)?;
    let len = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
    (len >= 3).then_some((start, start + len))
}

/// Where each of [`CLAUSE_BOUNDARIES`] first occurs in `text` (the byte
/// offset of its start), found in one pass: each boundary ends in its
/// only space, so an occurrence ends at a space, and the text before a
/// space is compared only with the boundaries whose last letter precedes
/// it. (Searching the text for each boundary in turn cost more than the
/// rest of reading the sentence.)
fn clause_boundaries(text: &str) -> [Option<usize>; CLAUSE_BOUNDARIES.len()] {
    let last_letters: [Option<char>; CLAUSE_BOUNDARIES.len()] =
        std::array::from_fn(|i| CLAUSE_BOUNDARIES.get(i)?.trim_end().chars().next_back());
    let mut first = [None; CLAUSE_BOUNDARIES.len()];
    let mut previous = None;
    for (at, c) in text.char_indices() {
        if c == ' ' {
            let through_space = text.get(..=at).unwrap_or_default();
            for ((found, boundary), last) in
                first.iter_mut().zip(CLAUSE_BOUNDARIES).zip(last_letters)
            {
                if found.is_none() && last == previous && through_space.ends_with(boundary) {
                    *found = Some(through_space.len() - boundary.len());
                }
            }
        }
        previous = Some(c);
    }
    first
}

/// What a clause boundary leads to: a card, or a reason to make none.
enum Clause<'a> {
    Split(Split<'a>),
    Reject(&'static str),
}

const GENERIC_PREDICATE: &str = "일반적인 술어뿐 (generic predicate, nothing specific to ask)";
const FULL_CLAUSE: &str = "답이 주어를 가진 절 전체 (answer would be a whole clause)";
const BARE_PREDICATE: &str =
    "주어 없는 문맥에서 술어를 가림 (would hide the predicate without its subject)";

/// Predicates that many answers would fit (`CPU성능을 활용`, `변경도 가능하다`).
const GENERIC_PREDICATES: &[&str] = &[
    "가능",
    "가능하다",
    "가능함",
    "활용",
    "활용함",
    "좋음",
    "좋다",
    "다르다",
    "다름",
    "중요함",
    "중요하다",
];

/// Boundaries whose relation (contrast, cause) the learner can answer from.
const RELATION_BOUNDARIES: &[&str] = &["대신 ", "지만 ", "때문에, ", "때문에 ", "므로 "];
const CONTRAST_BOUNDARIES: &[&str] = &["대신 ", "지만 "];

/// Words that end a noun phrase without a particle (`프로세스 내에서`).
const POSTPOSITIONS: &[&str] = &["내에서", "안에서", "내", "간", "사이", "사이에서"];
/// Case particles, longest first.
const PARTICLES: &[&str] = &[
    "에서", "으로", "과", "와", "을", "를", "이", "가", "에", "로",
];

fn is_generic_predicate(text: &str) -> bool {
    text.trim()
        .trim_end_matches('.')
        .split_whitespace()
        .last()
        .is_some_and(|w| GENERIC_PREDICATES.contains(&w))
}

/// A subject or topic word (`유연성은`, `스레드는`), not an adnominal.
fn is_subject(word: &str) -> bool {
    word.ends_with(['은', '는', '이', '가'])
        && word.chars().count() >= 2
        && !NOT_TOPIC.iter().any(|n| word.ends_with(n))
}

fn is_topic(word: &str) -> bool {
    word.ends_with(['은', '는']) && is_subject(word)
}

/// Reporting filler around an answer: `보통 …`, `…이라고 설명한다`.
fn strip_filler(tail: &str) -> String {
    let mut words: Vec<String> = tail.split_whitespace().map(str::to_string).collect();
    while words
        .first()
        .is_some_and(|w| CUE_ADVERBS.contains(&w.as_str()))
    {
        words.remove(0);
    }
    let reported = words.len() >= 2
        && words
            .iter()
            .rev()
            .nth(1)
            .is_some_and(|w| w.ends_with("라고"));
    if reported {
        words.pop();
        if let Some(last) = words.last_mut() {
            let stem = last
                .strip_suffix("이라고")
                .or_else(|| last.strip_suffix("라고"))
                .unwrap_or(last)
                .to_string();
            *last = stem;
        }
    }
    words.join(" ")
}

/// A noun phrase: no word carries a case particle.
fn is_noun_phrase(words: &[&str]) -> bool {
    words.iter().all(|w| {
        !w.ends_with(['을', '를', '은', '는', '이', '가', '도'])
            || NOT_TOPIC.iter().any(|n| w.ends_with(n))
    })
}

/// A sentence split at its clause boundary (`… 대신 …`, `… 때문에, …`). What
/// follows is hidden only when it is a term (a noun phrase), the subject of
/// a contrast (`대신 [...]은 떨어짐`), or a short predicate whose subject and
/// cause the cue shows; a generic predicate or a clause of its own is no
/// card. `A는 B으로 C` asks about `A는 B`.
fn split_clause(line: &str) -> Option<Clause<'_>> {
    let line = line.trim().trim_end_matches('.').trim();
    let found = clause_boundaries(line);
    for (boundary, at) in CLAUSE_BOUNDARIES.iter().zip(found) {
        // The cue is what comes before the gap, boundary included.
        let Some((before, cue, after)) = at.and_then(|at| {
            let end = at + boundary.len();
            Some((line.get(..at)?, line.get(..end)?, line.get(end..)?))
        }) else {
            continue;
        };
        if before.chars().count() < 4 || after.chars().count() < 4 {
            continue;
        }
        let before_words: Vec<&str> = before.split_whitespace().collect();
        if *boundary == "으로 " && before_words.iter().any(|w| is_topic(w)) {
            if let Some(split) = split_topic(before) {
                return Some(Clause::Split(split));
            }
        }
        if is_generic_predicate(after) {
            return Some(Clause::Reject(GENERIC_PREDICATE));
        }
        let tail = strip_filler(after);
        let words: Vec<&str> = tail.split_whitespace().collect();
        if let Some(at) = words.iter().take(4).position(|w| is_subject(w)) {
            if !CONTRAST_BOUNDARIES.contains(boundary) {
                return Some(Clause::Reject(FULL_CLAUSE));
            }
            let subject = words.get(at)?;
            let stem = subject.get(..subject.len().saturating_sub(3))?;
            let particle = subject.get(stem.len()..)?;
            let mut hidden: Vec<&str> = words.get(..at)?.to_vec();
            hidden.push(stem);
            let rest = words.get(at + 1..)?.join(" ");
            let split = Split::new(cue, &hidden.join(" "), format!("{particle} {rest}"))?;
            return Some(Clause::Split(split));
        }
        if is_noun_phrase(&words) {
            return Split::new(cue, &tail, "").map(Clause::Split);
        }
        let has_subject = before_words.iter().any(|w| is_subject(w));
        if RELATION_BOUNDARIES.contains(boundary) && has_subject && words.len() <= 4 {
            return Split::new(cue, &tail, "").map(Clause::Split);
        }
        return Some(Clause::Reject(BARE_PREDICATE));
    }
    None
}

/// `… 작업에 유리`: the noun phrase before `에` is hidden, the predicate
/// after it stays as the cue.
fn split_before_e(line: &str) -> Option<Split<'_>> {
    let words: Vec<&str> = line.trim_end_matches('.').split_whitespace().collect();
    let e_at = words
        .iter()
        .rposition(|w| w.ends_with('에') && *w != "동시에" && w.chars().count() > 1)?;
    let tail = words.get(e_at + 1..)?;
    if tail.is_empty() || tail.len() > 2 {
        return None;
    }
    let head = words.get(..=e_at)?;
    let mut start = e_at;
    while start > 0 && e_at - start < 2 {
        let previous = head.get(start - 1)?;
        let is_topic = previous.ends_with(['은', '는', '이', '가']);
        if is_topic || CUE_ADVERBS.contains(previous) {
            break;
        }
        start -= 1;
    }
    let mut hidden: Vec<&str> = head.get(start..)?.to_vec();
    let last = hidden.pop()?;
    hidden.push(last.strip_suffix('에')?);
    let before = head.get(..start)?.join(" ");
    let before = if before.is_empty() {
        before
    } else {
        format!("{before} ")
    };
    Split::new(before, &hidden.join(" "), format!("에 {}", tail.join(" ")))
}

/// `각각의 프로세스는 독립된 메모리 공간과 …`: the subject stays, the noun
/// phrase said about it (up to its particle) is hidden.
fn split_topic(line: &str) -> Option<Split<'_>> {
    let line = line.trim().trim_end_matches('.');
    let at = line.split_whitespace().take(3).position(is_topic)?;
    let words: Vec<&str> = line.split_whitespace().collect();
    let before = format!("{} ", words.get(..=at)?.join(" "));
    let rest = words.get(at + 1..)?;
    for (j, word) in rest.iter().enumerate().take(4) {
        if POSTPOSITIONS.contains(word) {
            let hidden = rest.get(..j)?.join(" ");
            let after = format!(" {}", rest.get(j..)?.join(" "));
            return Split::new(before, &hidden, after);
        }
        if let Some(particle) = PARTICLES.iter().find(|p| word.ends_with(*p)) {
            let stem = word.get(..word.len().saturating_sub(particle.len()))?;
            if stem.is_empty() {
                return None;
            }
            let mut hidden: Vec<&str> = rest.get(..j)?.to_vec();
            hidden.push(stem);
            let tail = rest.get(j + 1..)?.join(" ");
            let after = if tail.is_empty() {
                (*particle).to_string()
            } else {
                format!("{particle} {tail}")
            };
            return Split::new(before, &hidden.join(" "), after);
        }
    }
    None
}

/// The comment of a `code  # comment` line, with the code before it.
fn trailing_comment(line: &str) -> Option<(&str, &str)> {
    let (code, comment) = line.split_once(" #")?;
    if code.trim().is_empty()
        || code.contains(['"', '\'']) && code.matches(['"', '\'']).count() % 2 == 1
    {
        return None;
    }
    let comment = comment.trim();
    (!comment.is_empty()).then_some((code.trim_end(), comment))
}

/// What a comment states, as the answer: decoration dropped, and for an
/// error message only the exception's name (`❌ AttributeError: …` →
/// `AttributeError`).
fn stated_outcome(comment: &str) -> String {
    let comment = strip_decoration(comment);
    let name = comment.split([':', ' ']).next().unwrap_or_default();
    if name.ends_with("Error") || name.ends_with("Exception") {
        return name.to_string();
    }
    comment
}

/// A text diagram (`카페 (프로세스)` / `├── 직원1 (스레드)`): its first
/// parenthesised annotation in Korean is hidden.
fn diagram_gap(lines: &[&str]) -> Option<(usize, String, String)> {
    lines.iter().enumerate().find_map(|(at, line)| {
        let (before, rest) = line.split_once('(')?;
        let (inside, after) = rest.split_once(')')?;
        if hangul_count(inside) == 0 || lines.iter().filter(|l| l.contains(inside)).count() > 1 {
            return None;
        }
        Some((
            at,
            format!("{before}({CLOZE_GAP}){after}"),
            inside.trim().to_string(),
        ))
    })
}

/// The text of a full-line comment (`# 파일 열기` → `파일 열기`).
fn full_line_comment(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix('#').map(str::trim)
}

/// The lines of a code block with one line replaced. Trailing comments
/// after the gap are left out (`print(normal.z)  # 3` would give the
/// outcome away). A block longer than [`MAX_SNIPPET_LINES`] is cut to the
/// section around the gap (from its comment to the next) and the functions
/// that section calls, without their `print` lines.
fn snippet(lines: &[&str], at: usize, replacement: &str, dropped: &[usize]) -> String {
    let text = |i: usize| -> String {
        if i == at {
            return replacement.to_string();
        }
        let line = lines.get(i).copied().unwrap_or_default();
        match trailing_comment(line) {
            Some((code, _)) if i > at && full_line_comment(line).is_none() => {
                let indent = line.len() - line.trim_start().len();
                format!(
                    "{}{}",
                    line.get(..indent).unwrap_or_default(),
                    code.trim_start()
                )
            }
            _ => line.to_string(),
        }
    };
    let kept: Vec<usize> = (0..lines.len()).filter(|i| !dropped.contains(i)).collect();
    let shown: Vec<usize> = if kept.len() <= MAX_SNIPPET_LINES {
        kept
    } else {
        let section = section_around(lines, at);
        let mut shown = called_definitions(lines, &section);
        let fits = shown.len() + section.len() <= MAX_SNIPPET_LINES;
        if !fits {
            shown.clear();
        }
        shown.extend(section);
        shown
    };
    let shown: Vec<String> = shown.into_iter().map(text).collect();
    // A dropped import leaves a blank line at the top.
    let start = shown.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    shown.get(start..).map(|s| s.join("\n")).unwrap_or_default()
}

/// The lines of the part of a block the gap is in: from the comment that
/// opens it (or the blank line before it) to the next full-line comment.
fn section_around(lines: &[&str], at: usize) -> Vec<usize> {
    let is_blank = |i: usize| lines.get(i).is_none_or(|l| l.trim().is_empty());
    let is_comment = |i: usize| lines.get(i).is_some_and(|l| full_line_comment(l).is_some());
    let mut start = at;
    while start > 0 && !is_comment(start) && !is_blank(start - 1) {
        start -= 1;
    }
    let mut end = at + 1;
    while end < lines.len() && !is_comment(end) {
        end += 1;
    }
    while end > at + 1 && is_blank(end - 1) {
        end -= 1;
    }
    (start..end).collect()
}

/// The `def`s a section calls, each with its body but not its `print`
/// lines, and a blank line after each.
fn called_definitions(lines: &[&str], section: &[usize]) -> Vec<usize> {
    let used: String = section
        .iter()
        .filter_map(|i| lines.get(*i))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = line
            .strip_prefix("def ")
            .and_then(|rest| rest.split('(').next())
        else {
            continue;
        };
        if name.is_empty()
            || !used.contains(&format!("{name}(")) && !used.contains(&format!("={name}"))
        {
            continue;
        }
        out.push(i);
        let body = (i + 1..lines.len()).take_while(|&j| {
            lines
                .get(j)
                .is_some_and(|l| l.starts_with([' ', '\t']) || l.trim().is_empty())
        });
        for j in body {
            let body_line = lines.get(j).map(|l| l.trim()).unwrap_or_default();
            if !body_line.is_empty() && !body_line.starts_with("print(") {
                out.push(j);
            }
        }
        if let Some(last) = out.last() {
            // The blank line that follows the definition in the block.
            if let Some(blank) =
                (last + 1..lines.len()).find(|j| lines.get(*j).is_some_and(|l| l.trim().is_empty()))
            {
                out.push(blank);
            }
        }
    }
    out
}

/// The identifiers and words of a code snippet.
fn identifiers(code: &str) -> impl Iterator<Item = &str> {
    code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
}

/// A comment that only restates its own line (`__slots__ = ('x', 'y')  #
/// x, y만 허용`): every name in it is in the code.
fn paraphrases(code: &str, comment: &str) -> bool {
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let named = words(comment);
    let in_code = words(code);
    !named.is_empty() && named.iter().all(|w| in_code.contains(w))
}

/// The number a comment states with its unit (`(총 5초)` → `5초`), as the
/// byte range in the line.
fn stated_number(line: &str) -> Option<(usize, usize)> {
    let comment_at = line.find('#')?;
    let start = line
        .char_indices()
        .skip_while(|(i, _)| *i <= comment_at)
        .find(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)?;
    let rest = line.get(start..)?;
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '.'))
        .unwrap_or(rest.len());
    let more = rest.get(len..)?.chars().any(|c| c.is_ascii_digit());
    (!more && len > 0).then_some((start, start + len))
}

/// The function or method a line calls (`file = open(…)` → `open`,
/// `file.close()` → `close`), as the byte range in the line.
fn called_name(line: &str) -> Option<(usize, usize)> {
    let open = line.find('(')?;
    let head = line.get(..open)?;
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
        .last()
        .map(|(i, _)| i)?;
    (open > start).then_some((start, open))
}

/// A bullet short enough to be one item of a list rather than a statement.
const MAX_LIST_ITEM_CHARS: usize = 80;

/// Runs of three or more plain bullets (no label, no question, short) at one
/// depth: a list, asked item by item rather than line by line.
fn plain_lists(body: &[&Block]) -> Vec<std::ops::Range<usize>> {
    let plain = |block: &Block| match block {
        Block::Item {
            depth,
            ordered,
            inline,
            ..
        } => {
            let text = inline.text.trim();
            let is_plain = labelled(text).is_none()
                && !text.ends_with('?')
                && text.chars().count() <= MAX_LIST_ITEM_CHARS;
            is_plain.then_some((*depth, *ordered))
        }
        _ => None,
    };
    let mut runs = Vec::new();
    let mut start = 0;
    while start < body.len() {
        let Some(shape) = body.get(start).and_then(|b| plain(b)) else {
            start += 1;
            continue;
        };
        let end = (start..body.len())
            .find(|&i| body.get(i).and_then(|b| plain(b)) != Some(shape))
            .unwrap_or(body.len());
        if end - start >= CLOZE_FROM_ITEMS {
            runs.push(start..end);
        }
        start = end;
    }
    runs
}

/// `- I/O-bound: threading` / `- CPU-bound: cpu를 이용해서 계산 빨리`: in a
/// run of labelled items where some answers are names and others prose,
/// the fewer kind (prose on a tie) is not the same kind of fact — its
/// question would read like its sibling's and expect another kind of
/// answer. Returns the body indices of those items.
fn unlike_siblings(body: &[&Block]) -> Vec<usize> {
    let kinds: Vec<(usize, bool)> = body
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Item { inline, .. } => {
                labelled(inline.text.trim()).map(|(_, v)| (i, is_name(v)))
            }
            _ => None,
        })
        .collect();
    let names = kinds.iter().filter(|(_, n)| *n).count();
    let prose = kinds.len() - names;
    if names == 0 || prose == 0 {
        return Vec::new();
    }
    let odd_is_name = names < prose;
    kinds
        .into_iter()
        .filter(|(_, n)| *n == odd_is_name)
        .map(|(i, _)| i)
        .collect()
}

/// The line of a question that holds its gap (or its first line): what a
/// skipped card is reported by.
fn gap_line(question: &str) -> &str {
    question
        .lines()
        .find(|l| l.contains(CLOZE_GAP))
        .or_else(|| question.lines().next())
        .unwrap_or_default()
}

impl Notes<'_, '_, '_> {
    fn section(&mut self, heading: &Heading, body: &[&Block], has_children: bool) {
        let title = heading.title.as_str();
        if body.is_empty() {
            let reason = if has_children {
                "하위 제목만 있음 (only sub-headings, carded there)"
            } else {
                "내용 없는 제목 (empty heading)"
            };
            self.out.skip(heading.line, title, reason);
            return;
        }
        let open_questions = body.iter().all(|b| match b {
            Block::Item { inline, .. } => inline.text.trim_end().ends_with('?'),
            _ => false,
        });
        if open_questions {
            self.out.skip(
                heading.line,
                title,
                "답이 없는 질문 (open questions, no answer)",
            );
            return;
        }
        if self.question_and_answer(heading, body) {
            return;
        }
        // Read only for code blocks: worked out only when there are some.
        let has_code = body.iter().any(|b| matches!(b, Block::Code { .. }));
        let code_belongs = has_code && {
            let words = heading.ascii_words();
            words.is_empty()
                || body.iter().any(|b| match b {
                    Block::Code { code, .. } => {
                        let lower = code.to_lowercase();
                        words.iter().any(|w| lower.contains(&w.to_lowercase()))
                    }
                    _ => false,
                })
        };
        let unlike = unlike_siblings(body);
        let before = self.made;
        let mut fallback_used = false;
        let mut caption: Option<String> = None;
        let lists = plain_lists(body);
        for (index, block) in body.iter().enumerate() {
            let next_is_code = matches!(body.get(index + 1), Some(Block::Code { .. }));
            if let Some(range) = lists.iter().find(|r| r.contains(&index)) {
                if index == range.start {
                    self.list(heading, body.get(range.clone()).unwrap_or_default());
                }
                continue;
            }
            match block {
                Block::Paragraph { inline, line } => {
                    let mut lines = inline.text.lines().map(str::trim).enumerate().peekable();
                    let mut term: Option<&str> = None;
                    while let Some((i, text)) = lines.next() {
                        let last = lines.peek().is_none();
                        let line_no = line.saturating_add(u32::try_from(i).unwrap_or(0));
                        if last && next_is_code && (is_caption(text) || is_lone_term(text)) {
                            caption = Some(text.trim_end_matches(':').to_string());
                        } else if !last && is_lone_term(text) && labelled(text).is_none() {
                            term = Some(text);
                        } else {
                            self.fact(heading, text, term, line_no, &mut fallback_used);
                        }
                    }
                }
                Block::Item { inline, line, .. } => {
                    if inline.text.trim_end().ends_with('?') {
                        self.out.skip(
                            *line,
                            &inline.text,
                            "답이 없는 질문 (open question, no answer)",
                        );
                    } else if unlike.contains(&index) {
                        self.out.skip(
                            *line,
                            &inline.text,
                            "형제 항목과 다른 종류의 답 (answer unlike its siblings')",
                        );
                    } else {
                        let text = inline.text.replace('\n', " ");
                        self.fact(heading, &text, None, *line, &mut fallback_used);
                    }
                }
                Block::Quote { text, line } => {
                    let rest = text.trim_start();
                    if rest.starts_with("[]") || rest.starts_with("[ ]") {
                        self.out
                            .skip(*line, text, "할 일 표시 (to-do item, not a fact)");
                    } else {
                        self.fact(heading, text, None, *line, &mut fallback_used);
                    }
                }
                Block::Code { lang, code, line } => {
                    let caption = caption.take();
                    if code.trim().is_empty() {
                        self.out
                            .skip(*line, title, "빈 코드 블록 (empty code block)");
                    } else if !code_belongs {
                        self.out.skip(
                            *line,
                            title,
                            "제목과 무관한 코드 (code unrelated to its heading)",
                        );
                    } else {
                        self.code(heading, lang, code, caption.as_deref(), *line);
                    }
                }
                Block::Table { line, .. } => {
                    self.out
                        .skip(*line, title, "노트 속 표는 카드로 만들지 않음 (table)");
                }
                Block::Heading { .. } | Block::Rule { .. } => {}
            }
        }
        if self.made == before {
            self.out.skip(
                heading.line,
                title,
                "카드로 만들 사실이 없음 (no fact to ask about)",
            );
        }
    }

    /// The plainest note there is: a heading that asks and one short line
    /// under it that answers (`## 리스트를 뒤집는 메서드` / `reverse()`). The
    /// heading is the question, the line the answer — as the writer meant.
    /// Anything longer is read fact by fact instead.
    fn question_and_answer(&mut self, heading: &Heading, body: &[&Block]) -> bool {
        let [Block::Paragraph { inline, line }] = body else {
            return false;
        };
        let answer = inline.text.trim();
        // A sentence is read as facts (clozes); only what that reading
        // would drop as a fragment — a name, a number, a short phrase —
        // answers its heading here, and never one the heading already shows.
        if answer.is_empty()
            || hangul_count(answer) >= MIN_FACT_HANGUL
            || mentions(&heading.title, answer)
            || answer.contains('\n')
            || labelled(answer).is_some()
            || enumeration(answer).is_some()
            || !fits(answer)
        {
            return false;
        }
        let title = heading.display();
        // A heading already phrased as a question (`GIL이란`, `…는 무엇?`)
        // takes no particle.
        let asks = ["?", "란", "까", "무엇", "뭐", "어떻게", "왜"];
        let question = if asks.iter().any(|a| title.trim_end().ends_with(a)) {
            let trimmed = title.trim_end().trim_end_matches('?');
            format!("{trimmed}?")
        } else {
            let last = title.split_whitespace().last().unwrap_or_default();
            format!("{title}{}?", topic_particle(last))
        };
        self.add(
            heading,
            Draft {
                kind: CardKind::Basic,
                role: "answer".to_string(),
                question,
                answer: answer.to_string(),
                line: *line,
            },
        )
    }

    /// A list, one cloze per item: an unordered list shows the other items
    /// as context; an ordered one shows the item before as the cue.
    fn list(&mut self, heading: &Heading, items: &[&Block]) {
        let entries: Vec<(String, u32, bool)> = items
            .iter()
            .filter_map(|b| match b {
                Block::Item {
                    inline,
                    line,
                    ordered,
                    ..
                } => Some((inline.text.replace('\n', " "), *line, *ordered)),
                _ => None,
            })
            .collect();
        let display = heading.display();
        let texts: Vec<&str> = entries.iter().map(|(t, _, _)| t.as_str()).collect();
        for (i, (text, line, ordered)) in entries.iter().enumerate() {
            let shown = if *ordered {
                match i.checked_sub(1).and_then(|p| texts.get(p)) {
                    Some(previous) => format!("{i}. {previous} → {}. {CLOZE_GAP}", i + 1),
                    None => match texts.get(1) {
                        Some(next) => format!("1. {CLOZE_GAP} → 2. {next}"),
                        None => format!("1. {CLOZE_GAP}"),
                    },
                }
            } else {
                texts
                    .iter()
                    .enumerate()
                    .map(|(j, t)| if i == j { CLOZE_GAP } else { t })
                    .collect::<Vec<_>>()
                    .join(" · ")
            };
            self.add(
                heading,
                Draft {
                    kind: CardKind::Cloze,
                    role: format!("list#{}", i + 1),
                    question: format!("{display} — {shown}"),
                    answer: text.clone(),
                    line: *line,
                },
            );
        }
    }

    /// One line of prose: a labelled answer, a definition, or a cloze.
    fn fact(
        &mut self,
        heading: &Heading,
        text: &str,
        term: Option<&str>,
        line: u32,
        fallback_used: &mut bool,
    ) {
        let display = heading.display();
        let text = text.trim();
        if let Some((label, value)) = labelled(text) {
            let items = split_items(value);
            if items.len() >= 3 {
                for (i, item) in items.iter().enumerate() {
                    let shown: Vec<&str> = items
                        .iter()
                        .enumerate()
                        .map(|(j, other)| if i == j { CLOZE_GAP } else { other.as_str() })
                        .collect();
                    self.add(
                        heading,
                        Draft {
                            kind: CardKind::Cloze,
                            role: format!("{label}#{}", i + 1),
                            question: format!("{display} — {label}: {}", shown.join(", ")),
                            answer: item.clone(),
                            line,
                        },
                    );
                }
            } else {
                // `I/O-bound: threading`: a name answers what is used for
                // the label, which the question says.
                let question = if is_name(value) {
                    format!("{display} — {label}에 쓰는 것은?")
                } else {
                    format!("{display} — {label}{}?", topic_particle(label))
                };
                self.add(
                    heading,
                    Draft {
                        kind: CardKind::Basic,
                        role: label.to_string(),
                        question,
                        answer: value.to_string(),
                        line,
                    },
                );
            }
            return;
        }
        if hangul_count(text) < MIN_FACT_HANGUL {
            let reason = if heading.title.contains(text) {
                "제목을 되풀이할 뿐 (repeats the heading)"
            } else {
                "설명 없는 조각 (fragment, not a fact)"
            };
            self.out.skip(line, text, reason);
            return;
        }
        // `… 불변으로 쓸 때 init`: a sentence that trails off into a bare
        // name says nothing gradeable about it.
        let last_word = text.split_whitespace().last().unwrap_or_default();
        if last_word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.out
                .skip(line, text, "끝맺지 않은 문장 (unfinished sentence)");
            return;
        }
        let definition = || format!("{} — 무엇인가?", heading.subject());
        if term.is_none() && DEFINITION_NOUNS.iter().any(|n| text.ends_with(n)) {
            let question = definition();
            if !self.questions.contains(&[&question]) {
                self.add(
                    heading,
                    Draft {
                        kind: CardKind::Basic,
                        role: "definition".to_string(),
                        question,
                        answer: definition_core(text).to_string(),
                        line,
                    },
                );
                return;
            }
        }
        let prefix = match term {
            Some(term) => [&display, " — ", term, ": "].concat(),
            None => [&display, " — "].concat(),
        };
        let (code_token, arrow) = (split_code_token(text), split_arrow(text, &display));
        let clause = match split_clause(text) {
            Some(Clause::Split(split)) => Some(split),
            Some(Clause::Reject(reason)) if code_token.is_none() && arrow.is_none() => {
                self.out.skip(line, text, reason);
                return;
            }
            _ => None,
        };
        let splits = [code_token, arrow, clause];
        if splits.iter().all(Option::is_none) && is_generic_predicate(text) {
            self.out.skip(line, text, GENERIC_PREDICATE);
            return;
        }
        // The later readings are made only when the earlier ones make no
        // card (they are pure: when they run makes no difference).
        let later = [split_before_e, split_topic]
            .into_iter()
            .map(|split| split(text));
        for split in splits.into_iter().chain(later).flatten() {
            let question = [prefix.as_str(), &split.before, CLOZE_GAP, &split.after].concat();
            if mentions(&question, &split.hidden) || self.questions.contains(&[&question]) {
                continue;
            }
            let role = ["cloze:", split.before.trim(), split.after.trim()].concat();
            self.add(
                heading,
                Draft {
                    kind: CardKind::Cloze,
                    role,
                    question,
                    answer: split.hidden,
                    line,
                },
            );
            return;
        }
        let title = heading.title.as_str();
        // A sentence with no cue to split at answers its heading: what the
        // `개념` of its parent is, or what a top-level heading is
        // (`# GIL` / `인터프리터 전역 잠금`, a noun phrase: a statement
        // is no definition). Once per heading, and never under a catch-all
        // title such as `비고`.
        let words: Vec<&str> = text.split_whitespace().collect();
        let question = match &heading.parent {
            Some(parent) => format!("{parent} — {title}{}?", topic_particle(title)),
            None if is_noun_phrase(&words) => definition(),
            None => String::new(),
        };
        let usable = !question.is_empty()
            && !*fallback_used
            && !CATCH_ALL_TITLES.contains(&title)
            && !self.questions.contains(&[&question]);
        if usable {
            *fallback_used = true;
            self.add(
                heading,
                Draft {
                    kind: CardKind::Basic,
                    role: "content".to_string(),
                    question,
                    answer: text.to_string(),
                    line,
                },
            );
            return;
        }
        self.out.skip(
            line,
            text,
            "물을 부분을 찾지 못한 문장 (no part to ask about)",
        );
    }

    /// A code block: the outcome its comments state, the line a comment
    /// describes, or the token its heading names, hidden in the snippet.
    fn code(
        &mut self,
        heading: &Heading,
        lang: &str,
        code: &str,
        caption: Option<&str>,
        line: u32,
    ) {
        let lines: Vec<&str> = code.lines().collect();
        // An import of the name a card hides would show the answer; such a
        // line says nothing else, so it is left out of the snippet.
        let token = self.token_gap(heading, &lines).map(|(_, _, answer)| answer);
        let dropped: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                let l = l.trim_start();
                (l.starts_with("from ") || l.starts_with("import "))
                    && lines.len() > 1
                    && token.as_deref().is_some_and(|t| mentions(l, t))
            })
            .map(|(i, _)| i)
            .collect();
        let display = heading.display();
        let mut made = false;
        let card = |notes: &mut Self, at: usize, shown: &str, answer: &str, role: String| {
            let snippet = snippet(&lines, at, shown, &dropped);
            // `file.[...]()` above `file.write()`: the name is in plain sight.
            let offset = u32::try_from(at + 1).unwrap_or(0);
            if identifiers(&snippet).any(|t| t == answer) {
                notes.out.skip(
                    line.saturating_add(offset),
                    gap_line(&snippet),
                    "답이 코드의 다른 줄에 보임 (answer visible elsewhere in the code)",
                );
                return false;
            }
            // A caption that names the answer (`Literal` above its example)
            // would give it away: the question then goes without it.
            let intro = match caption.filter(|c| !mentions(c, answer)) {
                Some(caption) => format!("{display} — {caption}:"),
                None => format!("{display} — 빈칸에 들어갈 것은?"),
            };
            let question = format!("{intro}\n{}", fence(lang, &snippet));
            notes.add(
                heading,
                Draft {
                    kind: CardKind::Code,
                    role,
                    question,
                    answer: answer.to_string(),
                    line: line.saturating_add(offset),
                },
            )
        };

        // Outcomes stated in trailing comments: `opt.z = 3  # ❌ AttributeError`.
        // A comment that restates its own line is no outcome.
        if lines.len() <= MAX_COMMENTED_LINES {
            for (at, text) in lines.iter().enumerate() {
                if full_line_comment(text).is_some() {
                    continue;
                }
                if let Some((code_part, comment)) = trailing_comment(text) {
                    if paraphrases(code_part, comment) {
                        self.out.skip(
                            line.saturating_add(u32::try_from(at + 1).unwrap_or(0)),
                            text.trim(),
                            "코드를 되풀이하는 주석 (comment restates its code)",
                        );
                        continue;
                    }
                    let shown = format!("{code_part}  # {CLOZE_GAP}");
                    made |= card(
                        self,
                        at,
                        &shown,
                        &stated_outcome(comment),
                        format!("code:{}", code_part.trim()),
                    );
                }
            }
        }
        // A full-line comment: the number it states is hidden (`# 두 명이
        // 동시에 (총 [...])` → `3초`); otherwise it is the cue for the call
        // on the line after it (`# 파일 열기` / `file = [...](…)` → `open`),
        // commented-out code shown uncommented.
        for (at, text) in lines.iter().enumerate() {
            let Some(comment) = full_line_comment(text) else {
                continue;
            };
            if comment.is_empty() || is_code_line(comment) {
                continue;
            }
            if let Some((s, e)) = stated_number(text) {
                let (Some(before), Some(number), Some(after)) =
                    (text.get(..s), text.get(s..e), text.get(e..))
                else {
                    continue;
                };
                made |= card(
                    self,
                    at,
                    &format!("{before}{CLOZE_GAP}{after}"),
                    number,
                    format!("code:#{comment}"),
                );
                continue;
            }
            let Some(next) = lines.get(at + 1).copied() else {
                continue;
            };
            let code_line = match full_line_comment(next) {
                Some(commented) if is_code_line(commented) => commented,
                Some(_) => continue,
                None => next.trim(),
            };
            // A definition names something new: its name cannot be recalled.
            let defines = ["def ", "async def ", "class "]
                .iter()
                .any(|d| code_line.starts_with(d));
            if code_line.is_empty() || defines {
                continue;
            }
            let Some((s, e)) = called_name(code_line) else {
                continue;
            };
            let (Some(before), Some(name), Some(after)) =
                (code_line.get(..s), code_line.get(s..e), code_line.get(e..))
            else {
                continue;
            };
            let indent = next.len() - next.trim_start().len();
            let shown = format!(
                "{}{before}{CLOZE_GAP}{after}",
                next.get(..indent).unwrap_or_default()
            );
            made |= card(self, at + 1, &shown, name, format!("code:#{comment}"));
        }
        if made {
            return;
        }
        if let Some((at, shown, answer)) = self.token_gap(heading, &lines) {
            made |= card(self, at, &shown, &answer, format!("code:{answer}"));
        }
        if !made {
            if let Some((at, shown, answer)) = diagram_gap(&lines) {
                made |= card(self, at, &shown, &answer, format!("code:{answer}"));
            }
        }
        let only_imports = lines.iter().all(|l| {
            let l = l.trim_start();
            l.is_empty() || l.starts_with("import ") || l.starts_with("from ")
        });
        if !made && only_imports {
            self.out
                .skip(line, &heading.title, "import 문뿐인 코드 (only imports)");
        } else if !made {
            self.out.skip(
                line,
                &heading.title,
                "물을 줄이나 값이 없는 코드 (no line or outcome to ask about)",
            );
        }
    }

    /// For code without comments: the name its heading is about
    /// (`Optional` under `type 기본: List,Dict, Optional`), hidden where the
    /// code uses it; for a lone `from M import N`, the module.
    fn token_gap(&self, heading: &Heading, lines: &[&str]) -> Option<(usize, String, String)> {
        let display = heading.display();
        let is_import = |l: &&str| {
            let l = l.trim_start();
            l.starts_with("import ") || l.starts_with("from ")
        };
        let code_lines: Vec<(usize, &str)> = lines
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .collect();
        if code_lines.iter().all(|(_, l)| is_import(l)) {
            let (at, only) = match code_lines.as_slice() {
                [single] => *single,
                _ => return None,
            };
            let (module, names) = only.trim().strip_prefix("from ")?.split_once(" import ")?;
            if mentions(&display, module) {
                return None;
            }
            return Some((
                at,
                format!("from {CLOZE_GAP} import {names}"),
                module.to_string(),
            ));
        }
        for word in heading.ascii_words() {
            for (at, text) in code_lines.iter().filter(|(_, l)| !is_import(l)) {
                let found = text.match_indices(word.as_str()).find(|(i, _)| {
                    let before = text.get(..*i).and_then(|b| b.chars().last());
                    let after = text.get(i + word.len()..).and_then(|a| a.chars().next());
                    let boundary =
                        |c: Option<char>| !c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
                    boundary(before) && boundary(after)
                });
                if let Some((i, _)) = found {
                    let shown = format!(
                        "{}{CLOZE_GAP}{}",
                        text.get(..i)?,
                        text.get(i + word.len()..)?
                    );
                    return Some((*at, shown, word));
                }
            }
        }
        None
    }

    /// Adds a card that keeps the rules; reports the ones that cannot.
    fn add(&mut self, heading: &Heading, draft: Draft) -> bool {
        let answer = draft.answer.trim();
        let mut question = draft.question;
        if !fits(answer) {
            self.out.skip(
                draft.line,
                answer,
                "답이 너무 김 (answer too long for one fact)",
            );
            return false;
        }
        if mentions(&question, answer) {
            // The heading itself names the answer: mask it there as the
            // reverse cards mask names (`____`), as the learner must not
            // read the answer in the question.
            let heading_text = heading.display();
            if let Some(rest) = question.strip_prefix(heading_text.as_ref()) {
                let masked = heading_text.replace(answer, "____");
                question = format!("{masked}{rest}");
            }
            if mentions(&question, answer) {
                self.out.skip(
                    draft.line,
                    gap_line(&question),
                    "질문에 답이 드러남 (question gives the answer away)",
                );
                return false;
            }
        }
        if !self.questions.insert(&[&question]) {
            self.out.skip(
                draft.line,
                gap_line(&question),
                "같은 질문이 이미 있음 (duplicate question)",
            );
            return false;
        }
        let key = heading.key();
        // Two facts of one heading with the same cue still need two ids.
        let mut role = Cow::Borrowed(draft.role.as_str());
        let mut n = 1;
        while !self.keys.insert(&[key.as_ref(), &role]) {
            n += 1;
            role = Cow::Owned(format!("{}#{n}", draft.role));
        }
        let tags: &[String] = match draft.kind {
            CardKind::Code => &self.code_tags,
            _ => &self.tags,
        };
        // The draft's own answer when it needed no trimming: no copy.
        let answer_owned = if answer.len() == draft.answer.len() {
            draft.answer
        } else {
            answer.to_string()
        };
        let added = self
            .out
            .add(NewCard {
                kind: draft.kind,
                deck: &self.deck,
                key: &key,
                role: &role,
                question,
                answer: answer_owned,
                tags,
                line: draft.line,
            })
            .is_some();
        self.made += usize::from(added);
        added
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(split: Option<Split<'_>>) -> Option<(String, String, String)> {
        split.map(|s| (s.before.into_owned(), s.hidden, s.after.into_owned()))
    }

    #[test]
    fn clause_boundaries_split_where_a_substring_search_would() {
        for boundary in CLAUSE_BOUNDARIES {
            assert!(boundary.ends_with(' '), "{boundary:?}");
            assert_eq!(boundary.matches(' ').count(), 1, "{boundary:?}");
        }
        let lines = [
            "캐시를 설정하면 여러 요청이 결과를 공유함",
            "면 면  하면 대신 x",
            "느리기 때문에, 대신 빠르지만 면",
            "으로 으로으로 ",
            "",
            " ",
        ];
        for line in lines {
            let found = clause_boundaries(line);
            for (boundary, at) in CLAUSE_BOUNDARIES.iter().zip(found) {
                assert_eq!(at, line.find(boundary), "{line:?} at {boundary:?}");
            }
        }
    }

    #[test]
    fn a_predicate_after_e_stays_as_the_cue() {
        assert_eq!(
            parts(split_before_e("multithreading은 주로 I/O 작업에 유리")),
            Some((
                "multithreading은 주로 ".into(),
                "I/O 작업".into(),
                "에 유리".into()
            ))
        );
        // `동시에` is an adverb, not a place to split.
        assert!(split_before_e("여러 스레드가 동시에 실행 가능").is_none());
    }

    #[test]
    fn topics_are_subjects_not_adnominals() {
        assert_eq!(
            parts(split_topic("각각의 프로세스는 독립된 메모리를 가짐")),
            Some((
                "각각의 프로세스는 ".into(),
                "독립된 메모리".into(),
                "를 가짐".into()
            ))
        );
        // A postposition word ends the phrase: `프로세스 내에서`.
        assert_eq!(
            parts(split_topic("스레드는 프로세스 내에서 실행되는 흐름")),
            Some((
                "스레드는 ".into(),
                "프로세스".into(),
                " 내에서 실행되는 흐름".into()
            ))
        );
        assert!(split_topic("수많은 객체가 생성됨").is_none());
    }

    #[test]
    fn clauses_hide_terms_and_reject_bare_predicates() {
        let split = |line: &str| match split_clause(line) {
            Some(Clause::Split(s)) => Ok((s.before.into_owned(), s.hidden, s.after.into_owned())),
            Some(Clause::Reject(reason)) => Err(reason),
            None => Err("none"),
        };
        assert_eq!(
            split("한번 지정하면 변경도 가능하다."),
            Err(GENERIC_PREDICATE)
        );
        assert_eq!(
            split("캐시를 설정하면 여러 요청이 결과를 공유함"),
            Err(FULL_CLAUSE)
        );
        assert_eq!(split("값을 바꾸면 결과를 다시 계산함"), Err(BARE_PREDICATE));
        assert_eq!(
            split("한국어로 옮기면 보통 합집합 또는 or타입이라고 설명한다."),
            Ok((
                "한국어로 옮기면 ".into(),
                "합집합 또는 or타입".into(),
                String::new()
            ))
        );
        assert_eq!(strip_filler("보통 임시 저장소라고 부른다"), "임시 저장소");
        assert_eq!(
            definition_core("잠금을 관리하는 메커니즘으로 스레드와 관련된 중요한 개념"),
            "잠금을 관리하는 메커니즘"
        );
    }

    #[test]
    fn code_gaps_are_names_and_numbers() {
        let line = "file = open(\"a.txt\", \"w\")";
        assert_eq!(
            called_name(line).and_then(|(s, e)| line.get(s..e)),
            Some("open")
        );
        assert_eq!(
            called_name("file.close()").and_then(|(s, e)| "file.close()".get(s..e)),
            Some("close")
        );
        let comment = "# 두 명이 동시에 (총 3초)";
        assert_eq!(
            stated_number(comment).and_then(|(s, e)| comment.get(s..e)),
            Some("3초")
        );
        // Two numbers: which one is the outcome is not clear.
        assert_eq!(stated_number("# 2초와 3초"), None);
        assert!(paraphrases("__slots__ = ('x', 'y')", "x, y만 허용"));
        assert!(!paraphrases("normal.z = 3", "문제없이 동작"));
    }

    #[test]
    fn comments_state_outcomes() {
        assert_eq!(
            trailing_comment("opt.z = 3  # ❌ AttributeError: no attribute 'z'"),
            Some(("opt.z = 3", "❌ AttributeError: no attribute 'z'"))
        );
        assert_eq!(
            stated_outcome("❌ AttributeError: no attribute 'z'"),
            "AttributeError"
        );
        assert_eq!(stated_outcome("문제없이 동작"), "문제없이 동작");
        // A `#` inside a string is not a comment.
        assert_eq!(trailing_comment("print(\"a #1\")"), None);
    }
}
