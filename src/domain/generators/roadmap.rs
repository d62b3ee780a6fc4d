//! Roadmap: `### Level N` groups of `#### N. Topic` headings with sub-topic
//! bullets, plus free sections (goal, reading list, tips).

use super::{CardKind, DeckBuilder, NewCard, join_items};
use crate::domain::markdown::{Block, Inline, Section, sections};
use crate::domain::text::{ask_about, deck_component, strip_decoration};

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
    let title = rest[digits.len()..]
        .trim_start_matches([':', ' ', '-', '—'])
        .trim();
    Some((format!("Level {digits}"), title.to_string()))
}

/// A numbered topic heading: `7. 함수형 프로그래밍`.
fn is_topic(text: &str) -> bool {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && text[digits..].starts_with(". ")
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

pub(super) fn generate(blocks: &[Block], out: &mut DeckBuilder<'_>) {
    let sections = sections(blocks);
    let mut title = String::new();
    let mut level: Option<(String, String, u32)> = None;
    let mut level_topics: Vec<String> = Vec::new();
    let mut parent = String::new();

    for (i, section) in sections.iter().enumerate() {
        let has_children = sections
            .get(i + 1)
            .is_some_and(|next| next.level > section.level);
        let heading = strip_decoration(section.title);
        if section.level == 0 {
            if !section.body.is_empty() {
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
            finish_level(level.take(), &mut level_topics, out);
        }
        if let Some((label, name)) = level_label(section.title) {
            level = Some((label, name, section.line));
            continue;
        }
        if section.level == 2 {
            parent = heading.clone();
        }
        match &level {
            Some((label, name, _)) if is_topic(&heading) && section.level > 3 => {
                let deck_name = deck_component(&format!("{label} {name}"));
                let deck = out.deck_path(&[&deck_name]);
                let subtopics: Vec<String> =
                    items(section).into_iter().map(|(i, _)| i.text).collect();
                if subtopics.is_empty() {
                    out.skip(section.line, &heading, "하위 주제가 없음 (no sub-topics)");
                    continue;
                }
                out.add(NewCard {
                    kind: CardKind::Basic,
                    deck: &deck,
                    key: &heading,
                    role: "subtopics",
                    question: format!("[{label}] {heading} — 다루는 내용은?"),
                    answer: join_items(&subtopics),
                    tags: vec!["roadmap".into(), label.clone()],
                    line: section.line,
                });
                level_topics.push(heading.clone());
            }
            _ => free_section(section, &heading, &parent, &title, has_children, out),
        }
    }
    finish_level(level.take(), &mut level_topics, out);
}

fn finish_level(
    level: Option<(String, String, u32)>,
    topics: &mut Vec<String>,
    out: &mut DeckBuilder<'_>,
) {
    let Some((label, name, line)) = level else {
        return;
    };
    if topics.is_empty() {
        return;
    }
    let deck = out.deck_path(&[&deck_component(&format!("{label} {name}"))]);
    out.add(NewCard {
        kind: CardKind::Basic,
        deck: &deck,
        key: &label,
        role: "topics",
        question: format!("[{label}] {name} — 주제를 순서대로?"),
        answer: join_items(topics),
        tags: vec!["roadmap".into(), label.clone(), "level".into()],
        line,
    });
    topics.clear();
}

/// Goal, reading list and tips: a card for the section as a list, and one
/// for each `key: value` item in it.
fn free_section(
    section: &Section<'_>,
    heading: &str,
    parent: &str,
    title: &str,
    has_children: bool,
    out: &mut DeckBuilder<'_>,
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
        out.add(NewCard {
            kind: CardKind::Basic,
            deck: &deck,
            key: heading,
            role: "prose",
            question: format!("[{scope}] {}", ask_about(heading)),
            answer: prose.join("\n"),
            tags: tags.clone(),
            line: section.line,
        });
    }
    if entries.is_empty() {
        return;
    }
    let texts: Vec<String> = entries.iter().map(|(i, _)| i.text.clone()).collect();
    out.add(NewCard {
        kind: CardKind::Basic,
        deck: &deck,
        key: heading,
        role: "list",
        question: format!("[{context}] 목록은?"),
        answer: texts.join("\n"),
        tags: tags.clone(),
        line: section.line,
    });
    for (inline, line) in &entries {
        if let Some((key, value)) = key_value(inline) {
            out.add(NewCard {
                kind: CardKind::Basic,
                deck: &deck,
                key: &format!("{heading}/{key}"),
                role: "item",
                question: format!("[{context}] {}", ask_about(&key)),
                answer: value,
                tags: tags.clone(),
                line: *line,
            });
        }
    }
}
