//! Roadmap: `### Level N` groups of `#### N. Topic` headings with sub-topic
//! bullets, plus free sections (goal, reading list, tips).

use super::{CardKind, DeckBuilder, Gap, NewCard, join_items, list_gaps};
use crate::domain::card::CLOZE_GAP;
use crate::domain::markdown::{Block, Inline, Section, sections};
use crate::domain::text::{
    ask_about, contains_token, content_words, deck_component, enumeration, enumeration_with_joiner,
    mask_name, name_leaks, restates_name, strip_decoration,
};

pub(crate) fn is_level_heading(text: &str) -> bool {
    level_label(text).is_some()
}

/// `🔰 Level 1: Python 기본기 (필수 기초)` → (`Level 1`, `Python 기본기 (필수 기초)`).
fn level_label(text: &str) -> Option<(String, String)> {
    let text = strip_decoration(text);
    let rest = text.strip_prefix("Level ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let title = rest
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches([':', ' ', '-', '—'])
        .trim();
    Some((format!("Level {digits}"), title.to_string()))
}

/// A numbered topic heading: `7. 함수형 프로그래밍` → (`7`, `함수형 프로그래밍`).
fn topic_number(text: &str) -> Option<(&str, &str)> {
    let (number, name) = text.split_once(". ")?;
    (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) && !name.trim().is_empty())
        .then(|| (number, name.trim()))
}

fn items(section: &Section<'_>) -> Vec<(Inline, u32)> {
    section
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Item { inline, line, .. } => Some((inline.clone(), *line)),
            _ => None,
        })
        .collect()
}

fn paragraphs(section: &Section<'_>) -> Vec<String> {
    section
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { inline, .. } => Some(inline.text.clone()),
            _ => None,
        })
        .collect()
}

/// `**Fluent Python** - Python 심화` or `코딩 테스트: LeetCode` → (key, value).
fn key_value(inline: &Inline) -> Option<(String, String)> {
    if let Some(label) = inline.label.as_deref() {
        let rest = inline.text.strip_prefix(label)?.trim_start();
        let value = rest
            .strip_prefix(['-', ':', '—', '–'])
            .map(str::trim)
            .filter(|v| !v.is_empty())?;
        return Some((label.to_string(), value.to_string()));
    }
    let (key, value) = inline.text.split_once(": ")?;
    let (key, value) = (key.trim(), value.trim());
    (!key.is_empty() && !value.is_empty() && key.chars().count() <= 40)
        .then(|| (key.to_string(), value.to_string()))
}

/// The level a topic belongs to: its label, name and the previous topic
/// heading (the cue of the next topic's order card).
struct Level {
    label: String,
    name: String,
    previous: Option<String>,
}

pub(super) fn generate(blocks: &[Block], out: &mut DeckBuilder<'_, '_>) {
    let sections = sections(blocks);
    let mut title = String::new();
    let mut level: Option<Level> = None;
    let mut parent = String::new();

    for (i, section) in sections.iter().enumerate() {
        let has_children = sections
            .get(i + 1)
            .is_some_and(|next| next.level > section.level);
        let heading = strip_decoration(section.title);
        if section.level == 0 {
            // A closing line after a rule at the end (`---` then a bold
            // restatement of the goal) is no fact of its own.
            if !section.body.is_empty() && i == 0 {
                out.skip(
                    section.line,
                    "(제목 없음)",
                    "제목 없는 글 (text under no heading)",
                );
            }
            continue;
        }
        if section.level == 1 {
            title = heading.clone();
            continue;
        }
        if section.level <= 3 {
            level = None;
        }
        if let Some((label, name)) = level_label(section.title) {
            level = Some(Level {
                label,
                name,
                previous: None,
            });
            continue;
        }
        if section.level == 2 {
            parent = heading.clone();
        }
        match level.as_mut() {
            Some(level) if section.level > 3 && topic_number(&heading).is_some() => {
                topic_cards(section, &heading, level, out);
            }
            _ => free_section(section, &heading, &parent, &title, has_children, out),
        }
    }
}

/// A topic of a level: one cloze per sub-topic (the others as context), and
/// its place in the level's order with the topic before it as the cue.
fn topic_cards(
    section: &Section<'_>,
    heading: &str,
    level: &mut Level,
    out: &mut DeckBuilder<'_, '_>,
) {
    let Level {
        label,
        name: level_name,
        previous,
    } = level;
    let deck = out.deck_path(&[&deck_component(&format!("{label} {level_name}"))]);
    let tags = vec!["roadmap".to_string(), label.clone()];
    let subtopics: Vec<String> = items(section).into_iter().map(|(i, _)| i.text).collect();
    // The cue of the next topic is this one, cards or not: it is where the
    // document puts it.
    let before = previous.replace(heading.to_string());
    if subtopics.is_empty() {
        out.skip(section.line, heading, "하위 주제가 없음 (no sub-topics)");
        return;
    }
    if subtopics.len() >= 3 {
        for gap in list_gaps(&subtopics, " · ", false) {
            if let Some(reason) = gap.open {
                out.skip(section.line, &format!("{heading}: {}", gap.context), reason);
                continue;
            }
            out.add_unless_leaking(NewCard {
                kind: CardKind::Cloze,
                deck: &deck,
                key: heading,
                role: &format!("subtopic/{}", gap.role),
                question: format!("[{label}] {heading}: {}", gap.context),
                answer: gap.answer,
                tags: &tags,
                line: section.line,
            });
        }
    } else {
        out.add_unless_leaking(NewCard {
            kind: CardKind::Basic,
            deck: &deck,
            key: heading,
            role: "subtopics",
            question: format!("[{label}] {heading} — 하위 주제는?"),
            answer: join_items(&subtopics),
            tags: &tags,
            line: section.line,
        });
    }
    if let Some((number, topic)) = topic_number(heading) {
        let cue = match before.as_deref() {
            Some(before) => format!("{label} {level_name}: {before} → {number}. {CLOZE_GAP}"),
            None => format!("{label} {level_name}의 첫 주제: {number}. {CLOZE_GAP}"),
        };
        out.add_unless_leaking(NewCard {
            kind: CardKind::Cloze,
            deck: &deck,
            key: heading,
            role: "order",
            question: cue,
            answer: topic.to_string(),
            tags: &tags,
            line: section.line,
        });
    }
}

/// Goal, reading list and tips: the prose as one card, each `key: value`
/// item as a card of its own, and other items as one cloze each.
fn free_section(
    section: &Section<'_>,
    heading: &str,
    parent: &str,
    title: &str,
    has_children: bool,
    out: &mut DeckBuilder<'_, '_>,
) {
    let context = if section.level > 2 && !parent.is_empty() {
        format!("{parent} · {heading}")
    } else {
        heading.to_string()
    };
    let deck = out.deck_path(&[&deck_component(if section.level > 2 {
        parent
    } else {
        heading
    })]);
    let entries = items(section);
    let prose = paragraphs(section);
    if entries.is_empty() && prose.is_empty() {
        if !has_children {
            out.skip(section.line, heading, "내용 없는 제목 (empty heading)");
        }
        return;
    }
    let tags = vec!["roadmap".to_string(), parent.to_string()];
    if !prose.is_empty() {
        let scope = if title.is_empty() { "로드맵" } else { title };
        out.add_unless_leaking(NewCard {
            kind: CardKind::Basic,
            deck: &deck,
            key: heading,
            role: "prose",
            question: format!("[{scope}] {}", ask_about(heading)),
            answer: prose.join("\n"),
            tags: &tags,
            line: section.line,
        });
    }
    let mut plain: Vec<(String, u32, bool)> = Vec::new();
    for (inline, line) in &entries {
        match key_value(inline) {
            Some((key, value)) => {
                let item = KeyValue {
                    key: &key,
                    value: &value,
                    line: *line,
                };
                key_value_cards(&item, heading, parent, &context, &deck, &tags, out);
            }
            None => plain.push((inline.text.clone(), *line, is_ordered(section, *line))),
        }
    }
    if plain.is_empty() {
        return;
    }
    let line = plain.first().map_or(section.line, |(_, line, _)| *line);
    let numbered = plain.iter().all(|(_, _, ordered)| *ordered);
    let texts: Vec<String> = plain.into_iter().map(|(text, _, _)| text).collect();
    if texts.len() >= 3 {
        for gap in list_gaps(&texts, " · ", numbered) {
            if let Some(reason) = gap.open {
                out.skip(line, &gap.context, reason);
                continue;
            }
            // A whole tip fits any gap among tips: its key word is hidden
            // instead (`기술 [...] 작성` → `블로그`).
            let (role, context_text, answer) = match key_word_gap(&texts, &gap, numbered) {
                Some((with_gap, word)) => (format!("list/{}/word", gap.role), with_gap, word),
                None => (format!("list/{}", gap.role), gap.context, gap.answer),
            };
            out.add_unless_leaking(NewCard {
                kind: CardKind::Cloze,
                deck: &deck,
                key: heading,
                role: &role,
                question: format!("[{context}] {context_text}"),
                answer,
                tags: &tags,
                line,
            });
        }
    } else {
        out.add_unless_leaking(NewCard {
            kind: CardKind::Basic,
            deck: &deck,
            key: heading,
            role: "list",
            question: if parent.is_empty() || parent == heading {
                ask_about(heading)
            } else {
                format!("[{parent}] {}", ask_about(heading))
            },
            answer: texts.join("\n"),
            tags: &tags,
            line,
        });
    }
}

/// Particles and endings after which a word is no noun to ask for
/// (`사람의`, `코드라도`, `다른`).
const NOT_A_NOUN: [char; 13] = [
    '의', '을', '를', '은', '는', '이', '가', '고', '도', '서', '로', '른', '한',
];

/// For a gap that hides a whole phrase of three or more words (a tip:
/// `기술 블로그 작성`), the same list with only its key word hidden: the
/// last noun before the final verb, else the final word, whichever the rest
/// of the list does not show (`코드` is in other tips). `None` for a short
/// item, a part of an item, or a phrase without such a word.
fn key_word_gap(texts: &[String], gap: &Gap, numbered: bool) -> Option<(String, String)> {
    let index: usize = gap.role.parse().ok()?;
    let item = texts.get(index)?;
    let words: Vec<&str> = item.split_whitespace().collect();
    if words.len() < 3 || enumeration(item).is_some() {
        return None;
    }
    let last = words.len() - 1;
    let nouns = (0..last).rev().filter(|&i| {
        words
            .get(i)
            .is_some_and(|w| !w.ends_with(NOT_A_NOUN) && w.chars().count() >= 2)
    });
    let render = |at: usize| -> String {
        let with_word: String = words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == at { CLOZE_GAP } else { w })
            .collect::<Vec<_>>()
            .join(" ");
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let text = if i == index { with_word.as_str() } else { text };
                if numbered {
                    format!("{}. {text}", i + 1)
                } else {
                    text.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    nouns.chain([last]).find_map(|at| {
        let word = words.get(at)?;
        let context = render(at);
        (!contains_token(&context.replace(CLOZE_GAP, " "), word))
            .then(|| (context, (*word).to_string()))
    })
}

/// A `key: value` item of a free section (`**Fluent Python** - Python 심화`).
struct KeyValue<'a> {
    key: &'a str,
    value: &'a str,
    line: u32,
}

/// A `key: value` item: a list value is one cloze per item; else the value
/// from the key ("무엇으로 준비?" for a task, "어떤 자료?" for a reading
/// list) and the key back from the value. A direction whose answer only
/// translates its question (`Architecture Patterns with Python` ↔
/// `아키텍처 패턴`) is not asked; a name given away by an acronym (`TDD`
/// for TestDriven.io) is masked.
fn key_value_cards(
    item: &KeyValue<'_>,
    heading: &str,
    parent: &str,
    context: &str,
    deck: &str,
    tags: &[String],
    out: &mut DeckBuilder<'_, '_>,
) {
    let KeyValue { key, value, line } = *item;
    let key_path = format!("{heading}/{key}");
    if let Some((joiner, parts)) = enumeration_with_joiner(value) {
        for gap in list_gaps(&parts, joiner, false) {
            if let Some(reason) = gap.open {
                out.skip(line, &gap.context, reason);
                continue;
            }
            out.add_unless_leaking(NewCard {
                kind: CardKind::Cloze,
                deck,
                key: &key_path,
                role: &format!("item/{}", gap.role),
                question: format!("[{context}] {key}: {}", gap.context),
                answer: gap.answer,
                tags,
                line,
            });
        }
        return;
    }
    let mut made = 0usize;
    // And back: the book from what it teaches.
    let masked = mask_name(value, key);
    if !name_leaks(&masked, key) && content_words(&masked) >= 1 {
        made += usize::from(
            out.add_unless_leaking(NewCard {
                kind: CardKind::Reverse,
                deck,
                key: &key_path,
                role: "item/reverse",
                question: format!("[{context}] \"{masked}\" — 어떤 {heading}?"),
                answer: key.to_string(),
                tags,
                line,
            })
            .is_some(),
        );
    }
    if !restates_name(value, key) {
        let ask = if heading.ends_with("준비") {
            format!("{key} — 무엇으로 준비?")
        } else if parent.contains("자료") || heading.contains("자료") {
            format!("{key} — 어떤 자료?")
        } else {
            ask_about(key)
        };
        // `TestDriven.io` → `TDD와 마이크로서비스`: the name gives the first
        // half away, so only the word it does not give is asked.
        let masked = mask_name(value, key);
        let told: Vec<&str> = value
            .split_whitespace()
            .zip(masked.split_whitespace())
            .filter(|(_, m)| !m.contains("____"))
            .map(|(w, _)| w)
            .collect();
        let single = (masked != value
            && masked.split_whitespace().count() == value.split_whitespace().count())
        .then_some(told.as_slice())
        .and_then(|told| match told {
            [word] => Some(*word),
            _ => None,
        });
        let (kind, question, answer) = match single {
            Some(word) => (
                CardKind::Cloze,
                format!("[{context}] {ask} {}", value.replacen(word, CLOZE_GAP, 1)),
                word.to_string(),
            ),
            None => (
                CardKind::Basic,
                format!("[{context}] {ask}"),
                value.to_string(),
            ),
        };
        made += usize::from(
            out.add_unless_leaking(NewCard {
                kind,
                deck,
                key: &key_path,
                role: "item",
                question,
                answer,
                tags,
                line,
            })
            .is_some(),
        );
    }
    if made == 0 {
        out.skip(
            line,
            &format!("{key} — {value}"),
            "답이 질문을 옮긴 것뿐 (each side only translates the other)",
        );
    }
}

/// Whether the list item on `line` is part of a numbered list.
fn is_ordered(section: &Section<'_>, line: u32) -> bool {
    section
        .body
        .iter()
        .any(|b| matches!(b, Block::Item { ordered: true, line: at, .. } if *at == line))
}

#[cfg(test)]
mod tests {
    use crate::domain::card::{CardKind, Generator};
    use crate::domain::generators::{Document, generate};

    #[test]
    fn topics_become_clozes_and_keep_their_order_through_empty_topics() {
        let text = "# R\n\n### Level 1: 기초\n\n#### 1. 문법\n- 변수\n- 함수\n- 모듈\n\n#### 2. 빈 주제\n\n#### 3. 객체\n- 클래스\n- 상속\n";
        let deck = generate(
            Generator::Roadmap,
            Document {
                file: "r.md",
                deck: "r",
                text,
            },
        );
        let card = |key: &str, role: &str| {
            deck.cards
                .iter()
                .find(|c| c.key == key && c.role == role)
                .map(|c| (c.kind, c.question.as_str(), c.answer.as_str()))
        };
        assert_eq!(
            card("1. 문법", "subtopic/1"),
            Some((
                CardKind::Cloze,
                "[Level 1] 1. 문법: 변수 · [...] · 모듈",
                "함수"
            ))
        );
        assert_eq!(
            card("1. 문법", "order"),
            Some((CardKind::Cloze, "Level 1 기초의 첫 주제: 1. [...]", "문법"))
        );
        // Two sub-topics are one answer, not a list to recite.
        assert_eq!(
            card("3. 객체", "subtopics"),
            Some((
                CardKind::Basic,
                "[Level 1] 3. 객체 — 하위 주제는?",
                "클래스 · 상속"
            ))
        );
        assert_eq!(
            card("3. 객체", "order"),
            Some((
                CardKind::Cloze,
                "Level 1 기초: 2. 빈 주제 → 3. [...]",
                "객체"
            ))
        );
        assert!(deck.skipped.iter().any(|s| s.what == "2. 빈 주제"));
    }
}
