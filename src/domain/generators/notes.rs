//! Free-form notes: one card per heading with real content under it. Code
//! blocks are kept verbatim; empty headings and open questions yield nothing.

use std::collections::HashSet;

use super::{CardKind, DeckBuilder, NewCard};
use crate::domain::card::fence;
use crate::domain::markdown::Block;
use crate::domain::text::{strip_decoration, topic_particle};

struct Heading {
    title: String,
    line: u32,
}

pub(super) fn generate(blocks: &[Block], out: &mut DeckBuilder<'_>) {
    let deck = out.deck_path(&[]);
    let mut stack: Vec<(u8, String)> = Vec::new();
    let mut current: Option<(Heading, Option<String>)> = None;
    let mut body: Vec<&Block> = Vec::new();
    let mut keys = HashSet::new();

    for block in blocks {
        match block {
            Block::Heading { level, text, line } => {
                if let Some((heading, parent)) = current.take() {
                    emit(&heading, parent.as_deref(), &body, &deck, &mut keys, out);
                }
                body.clear();
                let title = strip_decoration(text);
                stack.retain(|(l, _)| l < level);
                let parent = stack.last().map(|(_, t)| t.clone());
                stack.push((*level, title.clone()));
                current = Some((Heading { title, line: *line }, parent));
            }
            // A thematic break ends the topic: what follows is not under the
            // heading before it.
            Block::Rule { .. } => {
                if let Some((heading, parent)) = current.take() {
                    emit(&heading, parent.as_deref(), &body, &deck, &mut keys, out);
                }
                body.clear();
                stack.clear();
            }
            other => body.push(other),
        }
    }
    if let Some((heading, parent)) = current.take() {
        emit(&heading, parent.as_deref(), &body, &deck, &mut keys, out);
    }
}

fn render(body: &[&Block]) -> (String, Vec<String>) {
    let mut parts = Vec::new();
    let mut prose = Vec::new();
    for block in body {
        match block {
            Block::Paragraph { inline, .. } => {
                parts.push(inline.text.clone());
                prose.push(inline.text.clone());
            }
            Block::Quote { text, .. } => {
                parts.push(text.clone());
                prose.push(text.clone());
            }
            Block::Item { depth, inline, .. } => {
                parts.push(format!("{}• {}", "  ".repeat(*depth), inline.text));
                prose.push(inline.text.clone());
            }
            Block::Code { lang, code, .. } => {
                if !code.trim().is_empty() {
                    parts.push(fence(lang, code));
                }
            }
            Block::Table { header, rows, .. } => {
                parts.push(header.join(" | "));
                for row in rows {
                    let cells: Vec<String> = row.cells.iter().map(|c| c.join(" / ")).collect();
                    parts.push(cells.join(" | "));
                }
            }
            Block::Heading { .. } | Block::Rule { .. } => {}
        }
    }
    (parts.join("\n"), prose)
}

fn emit(
    heading: &Heading,
    parent: Option<&str>,
    body: &[&Block],
    deck: &str,
    keys: &mut HashSet<String>,
    out: &mut DeckBuilder<'_>,
) {
    let (answer, prose) = render(body);
    let title = heading.title.as_str();
    if answer.trim().is_empty() {
        if body.is_empty() {
            out.skip(heading.line, title, "내용 없는 제목 (empty heading)");
        } else {
            out.skip(
                heading.line,
                title,
                "빈 코드 블록뿐 (only an empty code block)",
            );
        }
        return;
    }
    let has_code = body.iter().any(|b| matches!(b, Block::Code { .. }));
    if !has_code && prose.iter().all(|p| title.contains(p.as_str())) {
        out.skip(
            heading.line,
            title,
            "제목을 되풀이할 뿐 (repeats the heading)",
        );
        return;
    }
    let only_questions = !has_code
        && body.iter().all(|b| matches!(b, Block::Item { .. }))
        && prose.iter().all(|p| p.trim_end().ends_with('?'));
    if only_questions {
        out.skip(
            heading.line,
            title,
            "답이 없는 질문 (open questions, no answer)",
        );
        return;
    }
    let question = match parent {
        Some(parent) if topic_particle(title) != "은(는)" => {
            format!("{parent} — {title}{}?", topic_particle(title))
        }
        Some(parent) => format!("{parent} › {title} — 정리한 내용은?"),
        None => format!("{title} — 정리한 내용은?"),
    };
    let mut key = match parent {
        Some(parent) => format!("{parent}/{title}"),
        None => title.to_string(),
    };
    if !keys.insert(key.clone()) {
        key = format!("{key}@{}", heading.line);
        keys.insert(key.clone());
    }
    let mut tags = vec!["notes".to_string()];
    if has_code {
        tags.push("code".to_string());
    }
    out.add(NewCard {
        kind: CardKind::Basic,
        deck,
        key: &key,
        role: "content",
        question,
        answer,
        tags,
        line: heading.line,
    });
}
