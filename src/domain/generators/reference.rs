//! API reference: `- os.getcwd() : 설명` lines under `### module` headings,
//! and prose bullets under any heading.

use super::{CardKind, DeckBuilder, NewCard};
use crate::domain::card::{CLOZE_GAP, QuizFact};
use crate::domain::markdown::{Block, sections};
use crate::domain::text::{
    contains_token, deck_component, gives_away, mask, mentions, replace_first_token,
    restore_dunders, split_top_level, strip_decoration,
};

/// `os.access(path, mode) : 설명` → (`os.access(path, mode)`, `설명`).
/// The left side must look like code: ASCII identifiers, dots, calls.
pub(crate) fn split_entry(text: &str) -> Option<(String, String)> {
    let (left, right) = text.split_once(" : ").or_else(|| text.split_once(" :"))?;
    let left = left.trim();
    let left = left.strip_prefix("class ").unwrap_or(left).trim();
    let right = right.trim();
    let code_like = !left.is_empty()
        && left.chars().any(|c| c.is_ascii_alphabetic())
        && left
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.,()[] *".contains(c));
    (code_like && !right.is_empty()).then(|| (left.to_string(), right.to_string()))
}

/// The bare names in an entry: `os.execl(), os.execlp()` → `os.execl`,
/// `execl`, `os.execlp`, `execlp`.
fn names(entry: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    let push = |name: &str, out: &mut Vec<String>| {
        let name = name.trim();
        if name.is_empty() || name == "..." {
            return;
        }
        out.push(name.to_string());
        if let Some((_, last)) = name.rsplit_once('.') {
            if !last.is_empty() {
                out.push(last.to_string());
            }
        }
    };
    for c in entry.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                push(&current, &mut out);
                current.clear();
            }
            _ if depth == 0 => current.push(c),
            _ => {}
        }
    }
    push(&current, &mut out);
    // Longest first, so that `os.startfile` is masked before `startfile`.
    out.sort_by_key(|n| std::cmp::Reverse(n.len()));
    out
}

fn module_name(heading: &str) -> String {
    let heading = strip_decoration(heading);
    let trimmed = heading
        .strip_suffix(" module")
        .or_else(|| heading.strip_suffix(" 모듈"))
        .unwrap_or(&heading);
    trimmed.trim().to_string()
}

pub(super) fn generate(blocks: &[Block], out: &mut DeckBuilder<'_>) {
    let sections = sections(blocks);
    let mut module = String::new();
    for (i, section) in sections.iter().enumerate() {
        if section.level == 0 {
            continue;
        }
        let has_children = sections
            .get(i + 1)
            .is_some_and(|next| next.level > section.level);
        let heading = strip_decoration(section.title);
        let is_module = section.level <= 3
            && (heading.ends_with(" module") || heading.ends_with(" 모듈") || module.is_empty());
        if is_module && section.level == 3 {
            module = module_name(&heading);
        }
        let scope = if module.is_empty() {
            heading.clone()
        } else {
            module.clone()
        };
        let deck = out.deck_path(&[&deck_component(&scope)]);
        let heading_is_module = is_module && section.level == 3;
        let mut prose_index = 0usize;
        let mut has_prose = false;
        for block in section.body {
            let Block::Item { inline, line, .. } = block else {
                continue;
            };
            match split_entry(&inline.text) {
                Some((entry, description)) => {
                    entry_cards(&entry, &description, &scope, &deck, *line, out);
                }
                None => {
                    has_prose = true;
                    let text = match out.source_line(*line) {
                        Some(raw) => restore_dunders(&inline.text, raw),
                        None => inline.text.clone(),
                    };
                    let item = ProseItem {
                        text: &text,
                        module: &scope,
                        heading: &heading,
                        heading_is_module,
                        index: prose_index,
                        line: *line,
                    };
                    prose_cards(&item, &deck, out);
                    prose_index += 1;
                }
            }
        }
        if !has_prose && section.body.is_empty() && !has_children {
            out.skip(section.line, &heading, "내용 없는 제목 (empty heading)");
        }
    }
}

/// A prose bullet (not `name : 설명`) and where it stands.
struct ProseItem<'a> {
    text: &'a str,
    module: &'a str,
    heading: &'a str,
    /// The bullet sits directly under the module's own heading.
    heading_is_module: bool,
    /// Its place among the section's prose bullets (part of the card role).
    index: usize,
    line: u32,
}

/// The cards of one prose bullet, one fact each, per sentence:
/// a name in code (`acquire()`) hidden in the sentence; else, when the
/// module is named, the bullet with the name masked ("어느 모듈?"); else the
/// consequence of a condition (`…0이면 [...]`); else what a term is
/// (`약한 사전은 [...]`); else, directly under the module heading, the
/// bullet as a description of the module. A bullet that offers none of
/// these is skipped and reported.
fn prose_cards(item: &ProseItem<'_>, deck: &str, out: &mut DeckBuilder<'_>) {
    let tags = vec![
        "reference".to_string(),
        item.module.to_string(),
        "prose".to_string(),
    ];
    let mut made = 0usize;
    let mut asked_module = false;
    // Asked from the one sentence that describes the module, once a bullet.
    let ask_module = |out: &mut DeckBuilder<'_>, asked: &mut bool, sentence: &str| {
        if *asked {
            return 0;
        }
        *asked = true;
        let masked = mask(sentence, item.module);
        if gives_away(&masked, item.module) {
            return 0;
        }
        let added = out.add_unless_leaking(NewCard {
            kind: CardKind::Reverse,
            deck,
            key: item.heading,
            role: &format!("prose/{}/module", item.index),
            question: format!("어느 모듈? \"{masked}\""),
            answer: item.module.to_string(),
            tags: tags.clone(),
            line: item.line,
        });
        usize::from(added.is_some())
    };
    for (s, sentence) in sentences(item.text).iter().enumerate() {
        let tokens = code_tokens(sentence, item);
        if !tokens.is_empty() {
            for (t, token) in tokens.iter().enumerate() {
                let Some(with_gap) = replace_first_token(item.text, token, CLOZE_GAP) else {
                    continue;
                };
                made += add_prose_cloze(
                    item,
                    deck,
                    &format!("{s}/{t}"),
                    &with_gap,
                    token,
                    &tags,
                    out,
                );
            }
            continue;
        }
        if mentions(sentence, item.module) {
            made += ask_module(out, &mut asked_module, sentence);
            continue;
        }
        if let Some(hidden) = consequence(sentence).or_else(|| definition(sentence)) {
            let with_gap = item.text.replacen(hidden, CLOZE_GAP, 1);
            made += add_prose_cloze(item, deck, &format!("{s}"), &with_gap, hidden, &tags, out);
            continue;
        }
        if item.heading_is_module {
            made += ask_module(out, &mut asked_module, sentence);
        }
    }
    if made == 0 {
        out.skip(
            item.line,
            item.text,
            "카드로 만들 사실을 찾지 못함 (no single fact to ask)",
        );
    }
}

fn add_prose_cloze(
    item: &ProseItem<'_>,
    deck: &str,
    role: &str,
    with_gap: &str,
    answer: &str,
    tags: &[String],
    out: &mut DeckBuilder<'_>,
) -> usize {
    // The heading is context unless it names the answer (`Lock 객체`).
    let context = if item.heading_is_module || contains_token(item.heading, answer) {
        item.module.to_string()
    } else {
        format!("{} · {}", item.module, item.heading)
    };
    let question = format!("[{context}] {with_gap}");
    if contains_token(&question.replace(CLOZE_GAP, " "), answer) {
        return 0;
    }
    let added = out.add_unless_leaking(NewCard {
        kind: CardKind::Cloze,
        deck,
        key: item.heading,
        role: &format!("prose/{}/{role}", item.index),
        question,
        answer: answer.to_string(),
        tags: tags.to_vec(),
        line: item.line,
    });
    usize::from(added.is_some())
}

/// The sentences of a bullet: split after `. ` (not inside `...`).
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        current.push(c);
        let ends = c == '.' && previous != '.' && chars.peek().is_some_and(|n| n.is_whitespace());
        if ends {
            out.push(std::mem::take(&mut current).trim().to_string());
        }
        previous = c;
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// Names written as code in a sentence (`acquire()`, `threading.Thread`),
/// each appearing once in the bullet; when there are none, one plain
/// English word that appears once (`Lock`, `None`). Never the module.
fn code_tokens(sentence: &str, item: &ProseItem<'_>) -> Vec<String> {
    let runs: Vec<String> = sentence
        .split(|c: char| !(c.is_ascii_alphanumeric() || "_.()".contains(c)))
        .map(|run| run.trim_matches('.').trim_start_matches(['(', ')']))
        .map(|run| balance_parens(run).to_string())
        .filter(|run| {
            run.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        })
        .filter(|run| !run.eq_ignore_ascii_case(item.module))
        .filter(|run| count_tokens(item.text, run) == 1)
        .collect();
    let code: Vec<String> = runs
        .iter()
        .filter(|run| run.contains(['(', '.', '_']))
        .cloned()
        .collect();
    if !code.is_empty() {
        return code;
    }
    runs.into_iter()
        .filter(|run| run.chars().count() >= 2 && run.chars().all(|c| c.is_ascii_alphabetic()))
        .take(1)
        .collect()
}

/// `acquire()` stays whole; `F_OK(해당` loses the unmatched `(`.
fn balance_parens(run: &str) -> &str {
    let opens = run.matches('(').count();
    let closes = run.matches(')').count();
    if opens == closes {
        run
    } else {
        run.split('(').next().unwrap_or(run)
    }
}

fn count_tokens(text: &str, token: &str) -> usize {
    let mut count = 0;
    let mut rest = text.to_string();
    while let Some(next) = replace_first_token(&rest, token, " ") {
        count += 1;
        rest = next;
    }
    count
}

/// The consequence of a condition: `객체가 사용하지 않게되면, 카운터가
/// 줄어든다.` → `카운터가 줄어든다`.
fn consequence(sentence: &str) -> Option<&str> {
    let words: Vec<(usize, &str)> = word_offsets(sentence);
    let (end, _) = words.iter().rev().find_map(|(start, word)| {
        let bare = word.trim_end_matches(',');
        let conditional =
            (bare.ends_with('면') && bare.chars().count() >= 2) || bare.ends_with("경우");
        conditional.then(|| (start + word.len(), *word))
    })?;
    let hidden = sentence.get(end..)?.trim().trim_end_matches('.').trim();
    (hidden.split_whitespace().count() >= 2).then_some(hidden)
}

/// What a term is: `약한 사전은 구성 요소인 … 경우이다.` → the part after
/// the short subject `약한 사전은`.
fn definition(sentence: &str) -> Option<&str> {
    let words = word_offsets(sentence);
    let (start, _) = words
        .iter()
        .take(3)
        .find(|(_, word)| word.ends_with(['은', '는']))?;
    let subject_end = start
        + words
            .iter()
            .find(|(s, _)| s == start)
            .map_or(0, |(_, w)| w.len());
    let subject = sentence.get(..subject_end)?;
    if subject.chars().count() > 15 {
        return None;
    }
    let hidden = sentence
        .get(subject_end..)?
        .trim()
        .trim_end_matches('.')
        .trim();
    (hidden.split_whitespace().count() >= 2).then_some(hidden)
}

/// Each whitespace-separated word with its byte offset in `text`.
fn word_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.extend(text.get(s..i).map(|w| (s, w)));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.extend(text.get(s..).map(|w| (s, w)));
    }
    out
}

fn entry_cards(
    entry: &str,
    description: &str,
    module: &str,
    deck: &str,
    line: u32,
    out: &mut DeckBuilder<'_>,
) {
    let callable = entry.contains('(');
    let tags = vec!["reference".to_string(), module.to_string()];
    // `put(item, …)` says nothing of its module on its own.
    let shown = if entry.starts_with(&format!("{module}.")) {
        entry.to_string()
    } else {
        format!("[{module}] {entry}")
    };
    out.add_unless_leaking(NewCard {
        kind: CardKind::Basic,
        deck,
        key: entry,
        role: "describe",
        question: if callable {
            format!("{shown} — 하는 일은?")
        } else {
            format!("{shown} — 무엇인가?")
        },
        answer: description.to_string(),
        tags: tags.clone(),
        line,
    });
    let masked = names(entry)
        .iter()
        .fold(description.to_string(), |acc, name| mask(&acc, name));
    let kind = if callable { "함수" } else { "속성" };
    // Three or more names in one entry are never one answer: each is asked
    // with the others shown.
    let listed = split_top_level(entry, &[',']);
    let named: Vec<&String> = listed.iter().filter(|n| n.as_str() != "...").collect();
    let card = if named.len() >= 3 {
        let mut first = None;
        for (i, hidden) in named.iter().enumerate() {
            let mut seen = 0usize;
            let with_gap = listed
                .iter()
                .map(|name| {
                    if name.as_str() == "..." {
                        return name.as_str();
                    }
                    seen += 1;
                    if seen == i + 1 {
                        CLOZE_GAP
                    } else {
                        name.as_str()
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            let id = out.add_unless_leaking(NewCard {
                kind: CardKind::Cloze,
                deck,
                key: entry,
                role: &format!("reverse/{i}"),
                question: format!("{module} 모듈: \"{masked}\" — {with_gap}"),
                answer: (*hidden).clone(),
                tags: tags.clone(),
                line,
            });
            first = first.or(id);
        }
        first
    } else {
        out.add_unless_leaking(NewCard {
            kind: CardKind::Reverse,
            deck,
            key: entry,
            role: "reverse",
            question: format!("{module} 모듈: \"{masked}\" — 어떤 {kind}?"),
            answer: entry.to_string(),
            tags,
            line,
        })
    };
    if let Some(card) = card {
        let source = out.source(line);
        out.fact(QuizFact {
            owner: module.to_string(),
            function: entry.to_string(),
            description: Some(description.to_string()),
            group: module.to_string(),
            deck: deck.to_string(),
            card,
            source,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_split_only_on_code_like_left_sides() {
        assert_eq!(
            split_entry("os.chdir() : 현재 작업 디렉터리 위치를 변경"),
            Some(("os.chdir()".into(), "현재 작업 디렉터리 위치를 변경".into()))
        );
        assert_eq!(
            split_entry("class weakref.ref(object, callback) : 약한 참조"),
            Some(("weakref.ref(object, callback)".into(), "약한 참조".into()))
        );
        assert_eq!(split_entry("Lock 객체로 동기화를 지원"), None);
        assert_eq!(split_entry("비고 : 한국어 왼쪽"), None);
    }

    #[test]
    fn prose_facts_are_found_by_condition_and_definition() {
        assert_eq!(
            consequence("레퍼런스 카운터가 0이면 가비지 컬렉션이 일어난다."),
            Some("가비지 컬렉션이 일어난다")
        );
        assert_eq!(
            consequence("두 스레드가 수행되는 경우, 스레드 간에 메모리를 공유한다."),
            Some("스레드 간에 메모리를 공유한다")
        );
        assert_eq!(consequence("Lock 객체로 동기화를 지원"), None);
        assert_eq!(
            definition("약한 사전은 키와 값중 하나가 약한 참조인 경우이다."),
            Some("키와 값중 하나가 약한 참조인 경우이다")
        );
        assert_eq!(definition("큐, 우선순위 큐, 스택을 제공한다"), None);
        assert_eq!(
            sentences("a는 b다.  c는 d다. e... f"),
            vec!["a는 b다.", "c는 d다.", "e... f"]
        );
    }

    #[test]
    fn names_cover_each_function_and_its_bare_name() {
        assert_eq!(
            names("os.execl(), os.execlp(), ..."),
            vec!["os.execlp", "os.execl", "execlp", "execl"]
        );
        assert_eq!(names("sys.prefix, sys.executable")[0], "sys.executable");
    }
}
