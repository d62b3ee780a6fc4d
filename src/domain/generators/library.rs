//! Library catalog: `## N단계` stages, `### name` entries (or `#### name`
//! under a `### group`) with `기능` / `용도` / `핵심` bullets, and a final
//! section of field combinations with `필수` / `선택` lines.

use super::{CardKind, DeckBuilder, NewCard};
use crate::domain::card::QuizFact;
use crate::domain::markdown::{Block, Section, sections};
use crate::domain::text::{deck_component, mask, strip_decoration};

const FIELDS: [&str; 3] = ["기능", "용도", "핵심"];
const COMBO_LABELS: [&str; 2] = ["필수", "선택"];

struct Entry {
    name: String,
    line: u32,
    values: Vec<(&'static str, String, Vec<String>)>,
}

pub(super) fn generate(blocks: &[Block], out: &mut DeckBuilder<'_>) {
    let sections = sections(blocks);
    let mut stage = String::new();
    let mut group = String::new();
    for (i, section) in sections.iter().enumerate() {
        let has_children = sections
            .get(i + 1)
            .is_some_and(|next| next.level > section.level);
        match section.level {
            0 | 1 => {}
            2 => {
                stage = deck_component(section.title);
                group.clear();
            }
            level => {
                if level == 3 {
                    group.clear();
                }
                if let Some(entry) = read_entry(section) {
                    let deck = out.deck_path(&[&stage, &group]);
                    library_cards(&entry, &deck, &stage, out);
                } else if let Some(lines) = combo_lines(section) {
                    let deck = out.deck_path(&[&stage]);
                    combo_cards(section, &lines, &deck, out);
                } else if has_children {
                    if level == 3 {
                        group = deck_component(section.title);
                    }
                } else if section.body.is_empty() {
                    out.skip(
                        section.line,
                        section.title,
                        "내용 없는 제목 (empty heading)",
                    );
                } else {
                    out.skip(
                        section.line,
                        section.title,
                        "기능/용도/핵심 항목이 없음 (no 기능/용도/핵심 bullets)",
                    );
                }
            }
        }
    }
}

fn read_entry(section: &Section<'_>) -> Option<Entry> {
    let mut values = Vec::new();
    for block in section.body {
        if let Block::Item { inline, .. } = block {
            if let Some((label, value)) = inline.labelled_value() {
                if let Some(field) = FIELDS.iter().find(|f| **f == label) {
                    values.push((*field, value.to_string(), inline.code_spans.clone()));
                }
            }
        }
    }
    if values.is_empty() {
        return None;
    }
    Some(Entry {
        name: strip_decoration(section.title),
        line: section.line,
        values,
    })
}

/// Names under which a library may appear in its own description.
fn name_variants(name: &str) -> Vec<String> {
    let mut variants = vec![name.to_string()];
    let no_digits = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if no_digits.len() >= 3 && no_digits != name {
        variants.push(no_digits.to_string());
    }
    if let Some(rest) = name.strip_prefix("python-") {
        variants.push(rest.to_string());
    }
    variants
}

fn mask_all(text: &str, name: &str) -> String {
    name_variants(name)
        .iter()
        .fold(text.to_string(), |acc, variant| mask(&acc, variant))
}

fn library_cards(entry: &Entry, deck: &str, stage: &str, out: &mut DeckBuilder<'_>) {
    let name = entry.name.as_str();
    let tags = |role: &str| vec!["library".to_string(), stage.to_string(), role.to_string()];
    for (field, value, spans) in &entry.values {
        let question = match *field {
            "기능" => format!("{name} — 기능은?"),
            "용도" => format!("{name} — 용도는?"),
            _ if !spans.is_empty() => format!("{name} — 핵심 API는?"),
            _ => format!("{name} — 핵심은?"),
        };
        out.add(NewCard {
            kind: CardKind::Basic,
            deck,
            key: name,
            role: field,
            question,
            answer: value.clone(),
            tags: tags(field),
            line: entry.line,
        });
    }
    if let Some((_, what, _)) = entry.values.iter().find(|(f, _, _)| *f == "기능") {
        out.add(NewCard {
            kind: CardKind::Basic,
            deck,
            key: name,
            role: "reverse",
            question: format!("어떤 라이브러리? \"{}\"", mask_all(what, name)),
            answer: name.to_string(),
            tags: tags("reverse"),
            line: entry.line,
        });
    }
    let spans: Vec<&String> = entry
        .values
        .iter()
        .filter(|(f, _, _)| *f == "핵심")
        .flat_map(|(_, _, spans)| spans)
        .collect();
    if spans.is_empty() {
        return;
    }
    let masked: Vec<String> = spans.iter().map(|s| mask_all(s, name)).collect();
    let card = out.add(NewCard {
        kind: CardKind::Basic,
        deck,
        key: name,
        role: "functions",
        question: format!("{} — 어느 라이브러리의 핵심 API?", masked.join(", ")),
        answer: name.to_string(),
        tags: tags("functions"),
        line: entry.line,
    });
    if let Some(card) = card {
        for span in spans {
            let source = out.source(entry.line);
            out.fact(QuizFact {
                owner: name.to_string(),
                function: span.clone(),
                description: None,
                group: stage.to_string(),
                deck: deck.to_string(),
                card: card.clone(),
                source,
            });
        }
    }
}

/// The `필수` / `선택` lines of a field combination, when the section is one.
fn combo_lines(section: &Section<'_>) -> Option<Vec<(String, String, u32)>> {
    let mut lines = Vec::new();
    for block in section.body {
        if let Block::Paragraph { inline, line } = block {
            for (offset, text) in inline.text.lines().enumerate() {
                let Some((label, value)) = text.split_once(':') else {
                    continue;
                };
                let label = label.trim();
                if COMBO_LABELS.contains(&label) && !value.trim().is_empty() {
                    let line = line + u32::try_from(offset).unwrap_or(0);
                    lines.push((label.to_string(), value.trim().to_string(), line));
                }
            }
        }
    }
    (!lines.is_empty()).then_some(lines)
}

fn combo_cards(
    section: &Section<'_>,
    lines: &[(String, String, u32)],
    deck: &str,
    out: &mut DeckBuilder<'_>,
) {
    let field = strip_decoration(section.title);
    for (label, value, line) in lines {
        out.add(NewCard {
            kind: CardKind::Basic,
            deck,
            key: &field,
            role: label,
            question: format!("[분야별 추천 조합] {field} — {label} 라이브러리는?"),
            answer: value.clone(),
            tags: vec!["combination".to_string(), label.clone()],
            line: *line,
        });
    }
}
