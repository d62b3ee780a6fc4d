//! Curriculum: `## N. Area` sections with a `**목표**:` line and a table of
//! topics (`<br/>`-separated cells), a monthly plan table, an outcome list.

use super::{CardKind, DeckBuilder, NewCard, join_items};
use crate::domain::markdown::{Block, Section, TableRow, sections};
use crate::domain::text::{deck_component, strip_decoration, topic_particle};

/// `1. Python Internals — 언어 내부 메커니즘 이해` → `1. Python Internals`,
/// when the heading is a numbered area.
fn area_name(heading: &str) -> Option<String> {
    let digits = heading.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || !heading[digits..].starts_with(". ") {
        return None;
    }
    let short = heading.split(" — ").next().unwrap_or(heading);
    Some(short.trim().to_string())
}

fn cell_text(parts: &[String]) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.strip_prefix("- ").unwrap_or(p).trim())
        .collect();
    join_items(&parts)
}

pub(super) fn generate(blocks: &[Block], out: &mut DeckBuilder<'_>) {
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

fn area_cards(section: &Section<'_>, area: &str, out: &mut DeckBuilder<'_>) {
    let deck = out.deck_path(&[&deck_component(area)]);
    let tags = vec!["curriculum".to_string(), area.to_string()];
    let mut made = false;
    for block in section.body {
        match block {
            Block::Paragraph { inline, line } => {
                if let Some(("목표", goal)) = inline.labelled_value() {
                    made |= out
                        .add(NewCard {
                            kind: CardKind::Basic,
                            deck: &deck,
                            key: area,
                            role: "goal",
                            question: format!("[{area}] 목표는?"),
                            answer: goal.to_string(),
                            tags: tags.clone(),
                            line: *line,
                        })
                        .is_some();
                }
            }
            Block::Table { header, rows, .. } => {
                for row in rows {
                    made |= row_cards(&format!("[{area}]"), area, header, row, &deck, &tags, out);
                }
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

/// One card per column after the first: `[area] topic — 세부 내용은?`.
fn row_cards(
    scope: &str,
    key_prefix: &str,
    header: &[String],
    row: &TableRow,
    deck: &str,
    tags: &[String],
    out: &mut DeckBuilder<'_>,
) -> bool {
    let Some(first) = row.cells.first() else {
        return false;
    };
    let topic = match header.first().map(String::as_str) {
        Some("월") => format!("{}개월 차", cell_text(first)),
        _ => cell_text(first),
    };
    if topic.is_empty() {
        out.skip(row.line, "(빈 행)", "첫 칸이 비어 있음 (empty first cell)");
        return false;
    }
    let key = format!("{key_prefix}/{topic}");
    let mut made = false;
    for (column, cell) in header.iter().zip(&row.cells).skip(1) {
        let answer = cell_text(cell);
        if answer.is_empty() {
            continue;
        }
        made |= out
            .add(NewCard {
                kind: CardKind::Basic,
                deck,
                key: &key,
                role: column,
                question: format!("{scope} {topic} — {column}{}?", topic_particle(column)),
                answer,
                tags: tags.to_vec(),
                line: row.line,
            })
            .is_some();
    }
    made
}

fn other_section(section: &Section<'_>, heading: &str, out: &mut DeckBuilder<'_>) {
    let deck = out.deck_path(&[&deck_component(heading)]);
    let short = heading.split(" (").next().unwrap_or(heading).trim();
    let tags = vec!["curriculum".to_string(), short.to_string()];
    let mut items = Vec::new();
    let mut first_item_line = section.line;
    let mut made = false;
    for block in section.body {
        match block {
            Block::Table { header, rows, .. } => {
                for row in rows {
                    made |= row_cards(&format!("[{short}]"), short, header, row, &deck, &tags, out);
                }
            }
            Block::Item { inline, line, .. } => {
                if items.is_empty() {
                    first_item_line = *line;
                }
                items.push(inline.text.clone());
            }
            _ => {}
        }
    }
    if !items.is_empty() {
        made |= out
            .add(NewCard {
                kind: CardKind::Basic,
                deck: &deck,
                key: short,
                role: "list",
                question: format!("[커리큘럼] {heading} — 목록은?"),
                answer: items.join("\n"),
                tags,
                line: first_item_line,
            })
            .is_some();
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
