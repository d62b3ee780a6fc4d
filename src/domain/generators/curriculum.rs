//! Curriculum: `## N. Area` sections with a `**목표**:` line and a table of
//! topics (`<br/>`-separated cells), a monthly plan table, an outcome list.
//!
//! Every card hides one term. A cell listing study topics is one cloze per
//! topic, and a topic that is a phrase (`dis 모듈로 bytecode 분석`) hides its
//! identifier only (`dis`), keeping the words around it as the cue. Free-text
//! cells (practice, goals, key points) are no question of their own: they
//! become a cloze of the one technical term their heading does not already
//! name, or are skipped. The months of the plan are an ordered list: each
//! month's area is asked with the month before as its cue.

use super::{CardKind, DeckBuilder, NewCard, join_items};
use crate::domain::card::CLOZE_GAP;
use crate::domain::markdown::{Block, Section, TableRow, sections};
use crate::domain::text::{deck_component, mentions, strip_decoration};

/// A list of this many items gets a cue for its gap: any tool of its kind
/// would fit otherwise (`Strategy, [...], Facade`).
const CUE_FROM_ITEMS: usize = 3;
/// An item of a split list is a name with at most this many words (outside
/// brackets): `SQL Injection 방어`, not `async 통합테스트 환경 구축`.
const MAX_NAME_WORDS: usize = 3;

/// Nouns that say nothing on their own: a topic made of these and its
/// heading's words (`GIL 작동 원리` under `GIL`) is the heading restated.
const GENERIC_NOUNS: &[&str] = &[
    "원리",
    "구조",
    "이해",
    "최적화",
    "설계",
    "작동",
    "데이터",
    "개념",
    "기초",
    "활용",
];

/// Action nouns that end a practice cell (`… 구현`, `… 적용`): hiding all
/// but these leaves nothing to answer from.
const GENERIC_ACTIONS: &[&str] = &[
    "구현", "설계", "구축", "실습", "확장", "구성", "적용", "비교", "실험", "작성", "개선", "관리",
    "목표", "통합",
];

/// Words that separate the terms of a phrase.
const BREAKERS: &[&str] = &["vs", "/", "+", "→", "&", "·"];

/// `1. Python Internals — 언어 내부 메커니즘 이해` → `1. Python Internals`,
/// when the heading is a numbered area.
fn area_name(heading: &str) -> Option<String> {
    let digits = heading.chars().take_while(char::is_ascii_digit).count();
    let numbered = heading.get(digits..).is_some_and(|r| r.starts_with(". "));
    if digits == 0 || !numbered {
        return None;
    }
    let short = heading.split(" — ").next().unwrap_or(heading);
    Some(short.trim().to_string())
}

fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('가'..='힣').contains(&c))
}

/// A word of an identifier or term: no Hangul, some ASCII letter or digit.
fn is_term_word(word: &str) -> bool {
    !has_hangul(word)
        && word.chars().any(|c| c.is_ascii_alphanumeric())
        && !BREAKERS.contains(&word)
}

/// The lower-cased words of a heading, for telling what it already names.
fn heading_words(heading: &str) -> Vec<String> {
    let mut words = Vec::new();
    for word in heading.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')) {
        // `Bytecode와` names `bytecode`: split where the script changes.
        let mut current = String::new();
        for c in word.chars() {
            let switches = current
                .chars()
                .last()
                .is_some_and(|p| p.is_ascii() != c.is_ascii());
            if switches {
                words.push(current.to_lowercase());
                current.clear();
            }
            current.push(c);
        }
        if !current.is_empty() {
            words.push(current.to_lowercase());
        }
    }
    // A lone syllable (`와`, `차`) is a particle or counter, not a word.
    words.retain(|w| !has_hangul(w) || w.chars().count() > 1);
    words
}

fn in_heading(word: &str, heading: &[String]) -> bool {
    let word = word.trim_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
    let lower = word.to_lowercase();
    !lower.is_empty()
        && heading.iter().any(|h| {
            *h == lower
                || (has_hangul(&lower)
                    && (lower.starts_with(h.as_str()) || h.starts_with(lower.as_str())))
        })
}

/// Words outside brackets: `Message Queue (Kafka/Redis Streams)` has two.
fn words_outside_brackets(text: &str) -> usize {
    let mut depth = 0i32;
    let mut outside = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    outside.split_whitespace().count()
}

/// A short name (`Backpressure 제어`, `pydantic v2`): the items of a list
/// split at `, ` or ` + ` must all be, or the separator is inside a phrase.
fn is_short_name(item: &str) -> bool {
    item.chars().any(|c| c.is_ascii_alphanumeric())
        && words_outside_brackets(item) <= MAX_NAME_WORDS
}

/// Splits at `separator` where it is not inside brackets: `a (b, c), d` has
/// two items.
fn split_top_level(text: &str, separator: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
        let at_separator = text
            .get(i..)
            .is_some_and(|rest| rest.starts_with(separator));
        if depth == 0 && at_separator && i >= start {
            if let Some(item) = text.get(start..i) {
                items.push(item.trim().to_string());
            }
            start = i + separator.len();
        }
    }
    if let Some(item) = text.get(start..) {
        items.push(item.trim().to_string());
    }
    items.retain(|i| !i.is_empty());
    items
}

/// One item of a cell as it is shown, and the gap it makes when asked:
/// `(before, hidden, after)`; `None` when the item says nothing its heading
/// does not.
#[derive(Clone)]
struct Item {
    text: String,
    gap: Option<(String, String, String)>,
}

/// A part of a cell split into its items at ` + ` or `, ` when every item
/// is a short name; a run of single words joined by `/` with a shared suffix
/// (`domain/service/infrastructure 계층 분리`) is split there. Returns the
/// items and the separator that joins them back.
fn part_items(part: &str) -> (Vec<String>, String) {
    for separator in [" + ", ", "] {
        let items = split_top_level(part, separator);
        if items.len() > 1 && items.iter().all(|i| is_short_name(i)) {
            return (items, separator.to_string());
        }
    }
    if let Some((names, separator, suffix)) = slash_list(part) {
        let last = names.len().saturating_sub(1);
        let items = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                if i == last && !suffix.is_empty() {
                    format!("{n} {suffix}")
                } else {
                    n.clone()
                }
            })
            .collect();
        return (items, separator);
    }
    (vec![part.to_string()], String::new())
}

/// `domain/service/infrastructure 계층 분리` or `entrypoint / importlib 기반 확장
/// 구조`: single-word names joined by `/` (three or more, or spaced), and
/// the words after them.
fn slash_list(part: &str) -> Option<(Vec<String>, String, String)> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let (names, rest, separator): (Vec<String>, &[&str], &str) = match words.as_slice() {
        [first, "/", second, rest @ ..] if is_term_word(first) && is_term_word(second) => (
            vec![(*first).to_string(), (*second).to_string()],
            rest,
            " / ",
        ),
        [first, rest @ ..] if first.split('/').count() >= 3 => {
            (first.split('/').map(str::to_string).collect(), rest, "/")
        }
        _ => return None,
    };
    let single = names
        .iter()
        .all(|n| is_term_word(n) && !n.contains(['/', '(', ')']));
    if !single || rest.first().is_some_and(|w| *w == "/") {
        return None;
    }
    Some((names, separator.to_string(), rest.join(" ")))
}

/// The gap of a topic item: the ASCII term in brackets (`Interpreter loop 이해
/// (ceval.c)` → `ceval.c`), else the first identifier of a phrase that is
/// not in its heading (`dis 모듈로 bytecode 분석` → `dis`), else the whole
/// item. `None` for the heading restated with generic nouns.
fn item_gap(item: &str, heading: &[String]) -> Option<(String, String, String)> {
    let words: Vec<&str> = item.split_whitespace().collect();
    let names_something = words
        .iter()
        .any(|w| is_term_word(w) && !in_heading(w, heading));
    let said = words
        .iter()
        .filter(|w| in_heading(w, heading) || GENERIC_NOUNS.contains(w))
        .count();
    if !names_something && said * 4 >= words.len() * 3 {
        return None;
    }
    if let Some(gap) = bracketed_term(item) {
        return Some(gap);
    }
    if has_hangul(item) {
        if let Some(gap) = term_run(&words, heading, false) {
            return Some(gap);
        }
    }
    Some((String::new(), item.to_string(), String::new()))
}

/// `runtime type checking (pydantic v2)` → the bracketed ASCII term.
fn bracketed_term(item: &str) -> Option<(String, String, String)> {
    let open = item.find('(')?;
    let close = item.rfind(')')?;
    let before = item.get(..=open)?;
    let inside = item.get(open + 1..close)?;
    let after = item.get(close..)?;
    let is_term = !has_hangul(inside)
        && inside.chars().any(|c| c.is_ascii_alphabetic())
        && !before.trim_end_matches('(').trim().is_empty()
        && after == ")";
    is_term.then(|| (before.to_string(), inside.to_string(), after.to_string()))
}

/// The first run of term words not named by the heading, as a gap in the
/// phrase. A run of one or two words is hidden whole unless only a generic
/// action would remain; a longer run (`mypy strict mode`) hides its first
/// word. With `free_text`, a run must leave some content around it.
fn term_run(
    words: &[&str],
    heading: &[String],
    free_text: bool,
) -> Option<(String, String, String)> {
    let mut i = 0;
    while i < words.len() {
        let is_run_word = |w: &&str| is_term_word(w) && !in_heading(w, heading);
        if !words.get(i).is_some_and(is_run_word) {
            i += 1;
            continue;
        }
        let end = (i..words.len())
            .find(|&j| !words.get(j).is_some_and(is_run_word))
            .unwrap_or(words.len());
        let run = words.get(i..end)?;
        let rest: Vec<&str> = words
            .get(..i)?
            .iter()
            .chain(words.get(end..)?.iter())
            .copied()
            .collect();
        let content_left = rest.iter().any(|w| {
            let named = has_hangul(w) || is_term_word(w);
            named && !GENERIC_ACTIONS.contains(w) && !in_heading(w, heading)
        });
        let hide = match run.len() {
            1 => 1,
            2 if content_left || !free_text => 2,
            _ => 1,
        };
        let hidden = run.get(..hide)?.join(" ");
        // `SLA/SLO` under `SLO`: hide the part the heading does not name.
        if let Some((left, right)) = hidden.split_once('/') {
            if hide == 1 && in_heading(right, heading) && !left.is_empty() {
                let before = words.get(..i)?.join(" ");
                let after = format!("/{right} {}", words.get(i + 1..)?.join(" "));
                return Some((
                    spaced_before(&before),
                    left.to_string(),
                    after.trim_end().to_string(),
                ));
            }
        }
        let before = words.get(..i)?.join(" ");
        let after = words.get(i + hide..)?.join(" ");
        return Some((spaced_before(&before), hidden, spaced_after(&after)));
    }
    None
}

fn spaced_before(before: &str) -> String {
    if before.is_empty() {
        String::new()
    } else {
        format!("{before} ")
    }
}

fn spaced_after(after: &str) -> String {
    if after.is_empty() {
        String::new()
    } else {
        format!(" {after}")
    }
}

/// A section goal (`성능과 안정성을 설계 관점에서 제어한다`): the word that
/// qualifies its method — before `관점`/`기반`, or an adverb in `…적으로` — when
/// it is not one item of a list.
fn goal_gap(goal: &str) -> Option<(String, String, String)> {
    let words: Vec<&str> = goal.split_whitespace().collect();
    let in_list = |at: usize| {
        at.checked_sub(1)
            .and_then(|p| words.get(p))
            .is_some_and(|w| w.ends_with(',') && !w.ends_with("고,") && !w.ends_with("며,"))
    };
    for (i, word) in words.iter().enumerate() {
        let (at, hidden, rest) = if word.starts_with("관점") || *word == "기반" {
            let Some(previous) = i.checked_sub(1) else {
                continue;
            };
            let Some(term) = words.get(previous) else {
                continue;
            };
            if term.ends_with(',') || in_list(previous) {
                continue;
            }
            (previous, (*term).to_string(), String::new())
        } else if let Some(stem) = word.strip_suffix("적으로") {
            if stem.chars().count() < 2 || in_list(i) {
                continue;
            }
            (i, format!("{stem}적"), "으로".to_string())
        } else {
            continue;
        };
        let before = words.get(..at)?.join(" ");
        let after = words.get(at + 1..)?.join(" ");
        return Some((
            spaced_before(&before),
            hidden,
            format!("{rest}{}", spaced_after(&after)),
        ));
    }
    None
}

pub(super) fn generate(blocks: &[Block], out: &mut DeckBuilder<'_, '_>) {
    for section in sections(blocks) {
        if section.level == 0 {
            if !section.body.is_empty() {
                out.skip(
                    section.line,
                    "머리말",
                    "제목 앞의 소개글 (introduction before the first heading)",
                );
            }
            continue;
        }
        let heading = strip_decoration(section.title);
        match area_name(&heading) {
            Some(area) => area_cards(&section, &area, out),
            None => other_section(&section, &heading, out),
        }
    }
}

/// Where the cards of one table go.
struct Target<'s> {
    scope: &'s str,
    key_prefix: &'s str,
    deck: &'s str,
    tags: &'s [String],
}

fn cloze(
    out: &mut DeckBuilder<'_, '_>,
    target: &Target<'_>,
    key: &str,
    role: &str,
    question: String,
    answer: &str,
    line: u32,
) -> bool {
    if mentions(&question, answer) {
        out.skip(
            line,
            &question,
            "질문에 답이 드러남 (question gives the answer away)",
        );
        return false;
    }
    out.add(NewCard {
        kind: CardKind::Cloze,
        deck: target.deck,
        key,
        role,
        question,
        answer: answer.to_string(),
        tags: target.tags,
        line,
    })
    .is_some()
}

fn area_cards(section: &Section<'_>, area: &str, out: &mut DeckBuilder<'_, '_>) {
    let deck = out.deck_path(&[&deck_component(area)]);
    let tags = vec!["curriculum".to_string(), area.to_string()];
    let target = Target {
        scope: &format!("[{area}]"),
        key_prefix: area,
        deck: &deck,
        tags: &tags,
    };
    let mut made = false;
    for block in section.body {
        match block {
            Block::Paragraph { inline, line } => {
                if let Some(("목표", goal)) = inline.labelled_value() {
                    made |= goal_card(out, &target, goal, *line);
                }
            }
            Block::Table { header, rows, .. } => {
                made |= table_cards(&target, header, rows, out);
            }
            _ => {}
        }
    }
    if !made {
        out.skip(
            section.line,
            area,
            "목표도 표도 없음 (no goal and no table)",
        );
    }
}

/// A section goal is a sentence of intent: only the term that qualifies it
/// is asked, or nothing.
fn goal_card(out: &mut DeckBuilder<'_, '_>, target: &Target<'_>, goal: &str, line: u32) -> bool {
    match goal_gap(goal) {
        Some((before, hidden, after)) => cloze(
            out,
            target,
            target.key_prefix,
            "goal",
            format!("{} 목표: {before}{CLOZE_GAP}{after}", target.scope),
            &hidden,
            line,
        ),
        None => {
            out.skip(
                line,
                goal,
                "용어 없는 목표 문장 (goal sentence without a term to ask)",
            );
            false
        }
    }
}

fn cell_text(parts: &[String]) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.strip_prefix("- ").unwrap_or(p).trim())
        .collect();
    join_items(&parts)
}

fn cell_parts(cell: &[String]) -> Vec<String> {
    cell.iter()
        .map(|p| p.strip_prefix("- ").unwrap_or(p).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The cards of a table: topic cells (the second column) one cloze per
/// item, free-text cells (later columns) a term cloze; a monthly plan's
/// areas as an ordered list.
fn table_cards(
    target: &Target<'_>,
    header: &[String],
    rows: &[TableRow],
    out: &mut DeckBuilder<'_, '_>,
) -> bool {
    let monthly = header.first().is_some_and(|h| h == "월");
    let mut made = false;
    let topics: Vec<String> = rows
        .iter()
        .map(|row| {
            let first = row.cells.first().map(|c| cell_text(c)).unwrap_or_default();
            if monthly && !first.is_empty() {
                format!("{first}개월 차")
            } else {
                first
            }
        })
        .collect();
    let areas: Vec<String> = rows
        .iter()
        .map(|row| row.cells.get(1).map(|c| cell_text(c)).unwrap_or_default())
        .collect();
    for (r, row) in rows.iter().enumerate() {
        let topic = topics.get(r).cloned().unwrap_or_default();
        if topic.is_empty() {
            out.skip(row.line, "(빈 행)", "첫 칸이 비어 있음 (empty first cell)");
            continue;
        }
        let key = format!("{}/{topic}", target.key_prefix);
        let heading = heading_words(&topic);
        let mut row_made = false;
        for (c, (column, cell)) in header.iter().zip(&row.cells).enumerate().skip(1) {
            let parts = cell_parts(cell);
            if parts.is_empty() {
                continue;
            }
            row_made |= if monthly && c == 1 {
                month_card(out, target, &key, column, &topics, &areas, r, row.line)
            } else if c == 1 {
                topic_cards(
                    out, target, &key, &topic, column, &parts, &heading, row.line,
                )
            } else {
                let shown_topic = match (monthly, areas.get(r)) {
                    (true, Some(area)) if !area.is_empty() => format!("{topic} ({area})"),
                    _ => topic.clone(),
                };
                free_text_cards(
                    out,
                    target,
                    &key,
                    &shown_topic,
                    column,
                    &parts,
                    &heading,
                    row.line,
                )
            };
        }
        if !row_made {
            out.skip(
                row.line,
                &topic,
                "물을 용어가 없는 행 (row without a term to ask)",
            );
        }
        made |= row_made;
    }
    made
}

/// A month's study area, with the month before as its cue (the first month
/// with the one after).
#[allow(clippy::too_many_arguments)]
fn month_card(
    out: &mut DeckBuilder<'_, '_>,
    target: &Target<'_>,
    key: &str,
    column: &str,
    topics: &[String],
    areas: &[String],
    at: usize,
    line: u32,
) -> bool {
    let (Some(topic), Some(area)) = (topics.get(at), areas.get(at)) else {
        return false;
    };
    let shown = match at.checked_sub(1) {
        Some(p) => format!(
            "{}: {} → {topic}: {CLOZE_GAP}",
            topics.get(p).map_or("", String::as_str),
            areas.get(p).map_or("", String::as_str)
        ),
        None => match (topics.get(1), areas.get(1)) {
            (Some(next), Some(next_area)) => format!("{topic}: {CLOZE_GAP} → {next}: {next_area}"),
            _ => format!("{topic}: {CLOZE_GAP}"),
        },
    };
    cloze(
        out,
        target,
        key,
        column,
        format!("{} {column} — {shown}", target.scope),
        area,
        line,
    )
}

/// Items of a topic cell: one cloze each, the others as context.
#[allow(clippy::too_many_arguments)]
fn topic_cards(
    out: &mut DeckBuilder<'_, '_>,
    target: &Target<'_>,
    key: &str,
    topic: &str,
    column: &str,
    parts: &[String],
    heading: &[String],
    line: u32,
) -> bool {
    let groups: Vec<(Vec<Item>, String)> = parts
        .iter()
        .map(|part| {
            let (items, separator) = part_items(part);
            let items = items
                .into_iter()
                .map(|text| Item {
                    gap: item_gap(&text, heading),
                    text,
                })
                .collect();
            (items, separator)
        })
        .collect();
    let count: usize = groups.iter().map(|(items, _)| items.len()).sum();
    if count == 1 {
        // One topic in the cell: what the row covers.
        let answer = parts.join(" · ");
        let Some(item) = groups.first().and_then(|(items, _)| items.first()) else {
            return false;
        };
        if item.gap.is_none() {
            out.skip(
                line,
                &answer,
                "제목을 되풀이할 뿐 (heading restated with generic nouns)",
            );
            return false;
        }
        let question = format!("{} {topic} — {column}: 무엇을 다루나?", target.scope);
        return out
            .add(NewCard {
                kind: CardKind::Basic,
                deck: target.deck,
                key,
                role: column,
                question,
                answer,
                tags: target.tags,
                line,
            })
            .is_some();
    }
    let mut made = false;
    let mut n = 0;
    for (g, (items, separator)) in groups.iter().enumerate() {
        for (i, item) in items.iter().enumerate() {
            n += 1;
            let Some((before, hidden, after)) = &item.gap else {
                out.skip(
                    line,
                    &item.text,
                    "제목을 되풀이할 뿐 (heading restated with generic nouns)",
                );
                continue;
            };
            // Any tool of the kind would fit a bare name in a long list: its
            // first letter tells which one is meant.
            let whole = before.is_empty() && after.is_empty() && !hidden.contains(' ');
            let listed = separator == ", " && items.len() >= CUE_FROM_ITEMS;
            let cue = match hidden.chars().find(char::is_ascii_alphanumeric) {
                Some(first) if whole && listed => format!(" ({first}…)"),
                _ => String::new(),
            };
            let gap = format!("{before}{CLOZE_GAP}{cue}{after}");
            let shown = groups
                .iter()
                .enumerate()
                .map(|(h, (others, separator))| {
                    others
                        .iter()
                        .enumerate()
                        .map(|(j, o)| {
                            if h == g && j == i {
                                gap.clone()
                            } else {
                                o.text.clone()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(separator)
                })
                .collect::<Vec<_>>()
                .join(" · ");
            made |= cloze(
                out,
                target,
                key,
                &format!("{column}#{n}"),
                format!("{} {topic} — {column}: {shown}", target.scope),
                hidden,
                line,
            );
        }
    }
    made
}

/// A free-text cell (practice, key point, goal): a list of short names is
/// one cloze per name; a phrase hides the one term its heading does not
/// name; a phrase without one is skipped.
#[allow(clippy::too_many_arguments)]
fn free_text_cards(
    out: &mut DeckBuilder<'_, '_>,
    target: &Target<'_>,
    key: &str,
    topic: &str,
    column: &str,
    parts: &[String],
    heading: &[String],
    line: u32,
) -> bool {
    let text = parts.join(" · ");
    let (items, separator) = part_items(&text);
    let question = |shown: &str| format!("{} {topic} — {column}: {shown}", target.scope);
    if items.len() > 1 && separator != "/" && separator != " / " {
        let mut made = false;
        for (i, item) in items.iter().enumerate() {
            let shown: Vec<&str> = items
                .iter()
                .enumerate()
                .map(|(j, o)| if i == j { CLOZE_GAP } else { o.as_str() })
                .collect();
            made |= cloze(
                out,
                target,
                key,
                &format!("{column}#{}", i + 1),
                question(&shown.join(&separator)),
                item,
                line,
            );
        }
        return made;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    match term_run(&words, heading, true) {
        Some((before, hidden, after)) => cloze(
            out,
            target,
            key,
            &format!("{column}:term"),
            question(&format!("{before}{CLOZE_GAP}{after}")),
            &hidden,
            line,
        ),
        None => {
            out.skip(
                line,
                &text,
                "제목에 없는 용어가 없는 서술 (free text without a term beyond its heading)",
            );
            false
        }
    }
}

/// `"설계 수준의 이해"`, `…, 자동화 등 …`: where the last item of a list
/// inside a sentence ends.
const LIST_ENDS: &[&str] = &[" 등 ", "에 대한 ", "에 관한 "];

/// Clozes inside one list item, as `(question tail, answer, role suffix)`:
/// each item of a list of three or more inside the sentence, and its last
/// quoted phrase (`"시스템 품질" 중심`).
fn inner_clozes(sentence: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let parts = split_top_level(sentence, ", ");
    if let (Some(last), true) = (parts.last(), parts.len() >= 3) {
        let cut = LIST_ENDS.iter().filter_map(|end| last.find(end)).min();
        if let Some((last_item, rest)) = cut.and_then(|at| Some((last.get(..at)?, last.get(at..)?)))
        {
            let mut list: Vec<&str> = parts.iter().map(String::as_str).collect();
            list.pop();
            list.push(last_item);
            for (j, item) in list.iter().enumerate() {
                let shown: Vec<&str> = list
                    .iter()
                    .enumerate()
                    .map(|(k, other)| if j == k { CLOZE_GAP } else { other })
                    .collect();
                out.push((
                    format!(" — {}{rest}", shown.join(", ")),
                    (*item).to_string(),
                    format!(":list#{}", j + 1),
                ));
            }
        }
    }
    let quotes: Vec<(usize, &str)> = sentence.match_indices('"').collect();
    if let [.., (open, _), (close, _)] = quotes.as_slice() {
        if quotes.len() % 2 == 0 {
            let before = sentence.get(..open + 1);
            let quoted = sentence.get(open + 1..*close);
            let after = sentence.get(*close..);
            if let (Some(before), Some(quoted), Some(after)) = (before, quoted, after) {
                if !quoted.trim().is_empty() {
                    out.push((
                        format!(" — {before}{CLOZE_GAP}{after}"),
                        quoted.to_string(),
                        ":quote".to_string(),
                    ));
                }
            }
        }
    }
    // A statement without a list or quote hides its term (`… 재사용 가능한
    // DDD 기반 …` → `DDD`), never the whole line.
    if out.is_empty() {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        if let Some((before, hidden, after)) = term_run(&words, &[], false) {
            out.push((
                format!(" — {before}{CLOZE_GAP}{after}"),
                hidden,
                ":term".to_string(),
            ));
        }
    }
    out
}

fn other_section(section: &Section<'_>, heading: &str, out: &mut DeckBuilder<'_, '_>) {
    let deck = out.deck_path(&[&deck_component(heading)]);
    let short = heading.split(" (").next().unwrap_or(heading).trim();
    let tags = vec!["curriculum".to_string(), short.to_string()];
    let target = Target {
        scope: &format!("[{short}]"),
        key_prefix: short,
        deck: &deck,
        tags: &tags,
    };
    let mut made = false;
    let mut item_no = 0;
    for block in section.body {
        match block {
            Block::Table { header, rows, .. } => {
                made |= table_cards(&target, header, rows, out);
            }
            Block::Item { inline, line, .. } => {
                item_no += 1;
                let clozes = inner_clozes(&inline.text);
                if clozes.is_empty() {
                    out.skip(
                        *line,
                        &inline.text,
                        "물을 용어가 없는 항목 (item without a term to ask)",
                    );
                }
                for (shown, answer, part) in clozes {
                    made |= cloze(
                        out,
                        &target,
                        short,
                        &format!("item#{item_no}{part}"),
                        format!("[커리큘럼] {heading}{shown}"),
                        &answer,
                        *line,
                    );
                }
            }
            _ => {}
        }
    }
    if !made {
        let reason = if section.body.is_empty() {
            "내용 없는 제목 (empty heading)"
        } else {
            "표나 목록이 없음 (no table or list)"
        };
        out.skip(section.line, heading, reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(parts: Option<(String, String, String)>) -> Option<String> {
        parts.map(|(b, h, a)| format!("{b}<{h}>{a}"))
    }

    #[test]
    fn an_item_hides_its_identifier_not_the_phrase() {
        let heading = heading_words("Bytecode와 실행 과정");
        assert_eq!(
            gap(item_gap("dis 모듈로 bytecode 분석", &heading)).as_deref(),
            Some("<dis> 모듈로 bytecode 분석")
        );
        assert_eq!(
            gap(item_gap("Interpreter loop 이해 (ceval.c)", &heading)).as_deref(),
            Some("Interpreter loop 이해 (<ceval.c>)")
        );
        let gil = heading_words("GIL(Global Interpreter Lock)");
        assert_eq!(item_gap("GIL 작동 원리", &gil), None);
        assert_eq!(
            gap(item_gap("Thread vs Process vs Async", &gil)).as_deref(),
            Some("<Thread vs Process vs Async>")
        );
    }

    #[test]
    fn lists_split_only_between_short_names() {
        assert_eq!(part_items("DB + async 통합테스트 환경 구축").0.len(), 1);
        assert_eq!(part_items("안정성, 회복성 중심 아키텍처").0.len(), 1);
        assert_eq!(
            part_items("PyPy, nogil 프로젝트 동향").0,
            vec!["PyPy".to_string(), "nogil 프로젝트 동향".to_string()]
        );
        assert_eq!(
            part_items("domain/service/infrastructure 계층 분리").0,
            vec![
                "domain".to_string(),
                "service".to_string(),
                "infrastructure 계층 분리".to_string()
            ]
        );
        // One name with a slash is not a list.
        assert_eq!(part_items("Pub/Sub").0.len(), 1);
    }

    #[test]
    fn free_text_asks_its_first_term_beyond_the_heading() {
        let run = |text: &str, heading: &str| {
            let words: Vec<&str> = text.split_whitespace().collect();
            gap(term_run(&words, &heading_words(heading), true))
        };
        assert_eq!(
            run("mypy strict mode 적용", "Typing 심화").as_deref(),
            Some("<mypy> strict mode 적용")
        );
        assert_eq!(
            run(
                "pydantic BaseModel → dataclass 변환",
                "Dataclass / attrs / Pydantic 비교"
            )
            .as_deref(),
            Some("pydantic <BaseModel> → dataclass 변환")
        );
        assert_eq!(
            run("task duplication 방지 설계", "Idempotency").as_deref(),
            Some("<task duplication> 방지 설계")
        );
        assert_eq!(run("동일 로직 bytecode 비교", "Bytecode와 실행 과정"), None);
        assert_eq!(run("자동화 코드 포맷팅", "Linting & Formatter 통합"), None);
    }

    #[test]
    fn goals_hide_the_word_that_qualifies_them() {
        assert_eq!(
            gap(goal_gap("성능과 안정성을 설계 관점에서 제어한다.")).as_deref(),
            Some("성능과 안정성을 <설계> 관점에서 제어한다.")
        );
        assert_eq!(
            gap(goal_gap("성능을 정량적으로 분석한다.")).as_deref(),
            Some("성능을 <정량적>으로 분석한다.")
        );
        // `이벤트 기반` is one item of a list: no gap.
        assert_eq!(goal_gap("비동기, 병렬, 이벤트 기반 구조를 설계한다."), None);
    }
}
