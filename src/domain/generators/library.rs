//! Library catalog: `## N단계` stages, `### name` entries (or `#### name`
//! under a `### group`) with `기능` / `용도` / `핵심` bullets, and a final
//! section of field combinations with `필수` / `선택` lines.

use super::{CardKind, DeckBuilder, NewCard, list_gaps};
use crate::domain::card::{CardId, QuizFact};
use crate::domain::markdown::{Block, Section, sections};
use crate::domain::text::{
    deck_component, enumeration_with_joiner, gives_away, mask, split_top_level, strip_decoration,
    topic_particle,
};

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

/// True when a masked text still gives the name away (`____.time()` for
/// `time`, `load_dotenv()` for `python-dotenv`).
fn still_gives_away(text: &str, name: &str) -> bool {
    name_variants(name)
        .iter()
        .any(|variant| gives_away(text, variant))
}

/// A masked API that shows nothing but the mask (`____()` from
/// `BeautifulSoup()`) is no cue.
fn only_mask(text: &str) -> bool {
    text.chars()
        .all(|c| c == '_' || c == '.' || c == '(' || c == ')' || c.is_whitespace())
}

/// `기능은`, `용도는`, `핵심 API는` (read "에이피아이").
fn particle(label: &str) -> &'static str {
    if label.ends_with("API") {
        "는"
    } else {
        topic_particle(label)
    }
}

/// The field's cards: one basic card for a single fact, one cloze per item
/// for a list of three or more. Returns the ids, in item order.
#[allow(clippy::too_many_arguments)]
fn field_cards(
    out: &mut DeckBuilder<'_>,
    deck: &str,
    name: &str,
    field: &str,
    label: &str,
    value: &str,
    tags: Vec<String>,
    line: u32,
) -> Vec<CardId> {
    let mut ids = Vec::new();
    match enumeration_with_joiner(value) {
        Some((joiner, items)) => {
            for gap in list_gaps(&items, joiner, false) {
                ids.extend(out.add_unless_leaking(NewCard {
                    kind: CardKind::Cloze,
                    deck,
                    key: name,
                    role: &format!("{field}/{}", gap.role),
                    question: format!("{name} — {label}: {}", gap.context),
                    answer: gap.answer,
                    tags: tags.clone(),
                    line,
                }));
            }
        }
        None => {
            ids.extend(out.add_unless_leaking(NewCard {
                kind: CardKind::Basic,
                deck,
                key: name,
                role: field,
                question: format!("{name} — {label}{}?", particle(label)),
                answer: value.to_string(),
                tags,
                line,
            }));
        }
    }
    ids
}

fn library_cards(entry: &Entry, deck: &str, stage: &str, out: &mut DeckBuilder<'_>) {
    let name = entry.name.as_str();
    let tags = |role: &str| vec!["library".to_string(), stage.to_string(), role.to_string()];
    let value_of = |wanted: &str| {
        entry
            .values
            .iter()
            .find(|(field, _, _)| *field == wanted)
            .map(|(_, value, spans)| (value.as_str(), spans))
    };
    let mut key_api_cards = Vec::new();
    for (field, value, spans) in &entry.values {
        let label = match *field {
            // "핵심 API" only when every item is one: `표준 입출력 캡처` is not.
            "핵심" if !spans.is_empty() && spans.len() == split_top_level(value, &[',']).len() => {
                "핵심 API"
            }
            other => other,
        };
        let ids = field_cards(
            out,
            deck,
            name,
            field,
            label,
            value,
            tags(field),
            entry.line,
        );
        if *field == "핵심" {
            key_api_cards.extend(ids);
        }
    }

    // The reverse card asks from what the library does and what it is for,
    // with its name masked: 기능 alone can be too generic once masked
    // (`____ API 클라이언트`) or shared with a look-alike (PyTorch and
    // TensorFlow are both `딥러닝 프레임워크`), and the 용도 tells them apart.
    let what = value_of("기능").map(|(v, _)| mask_all(v, name));
    let used = value_of("용도").map(|(v, _)| mask_all(v, name));
    // When one of the two still names the library (`.docx 파일` for
    // python-docx), the other is asked alone.
    let cues = [
        what.as_ref()
            .zip(used.as_ref())
            .map(|(what, used)| format!("\"{what}\" (용도: {used})")),
        what.as_ref().map(|what| format!("\"{what}\"")),
        used.as_ref().map(|used| format!("용도 \"{used}\"")),
    ];
    if let Some(cue) = cues
        .into_iter()
        .flatten()
        .find(|cue| !still_gives_away(cue, name))
    {
        out.add_unless_leaking(NewCard {
            kind: CardKind::Reverse,
            deck,
            key: name,
            role: "reverse",
            question: format!("어떤 라이브러리? {cue}"),
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
    // APIs that give the name away even masked (`____.time()`) or show only
    // the mask are left out of the question.
    let shown: Vec<String> = spans
        .iter()
        .map(|s| mask_all(s, name))
        .filter(|s| !only_mask(s) && !still_gives_away(s, name))
        .collect();
    let functions = if shown.is_empty() {
        None
    } else {
        out.add_unless_leaking(NewCard {
            kind: CardKind::Reverse,
            deck,
            key: name,
            role: "functions",
            question: format!("{} — 어느 라이브러리의 핵심 API?", shown.join(", ")),
            answer: name.to_string(),
            tags: tags("functions"),
            line: entry.line,
        })
    };
    // The quiz grades the card that holds the same knowledge.
    let Some(card) = functions.or_else(|| key_api_cards.first().cloned()) else {
        return;
    };
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
        let tags = vec!["combination".to_string(), label.clone()];
        match enumeration_with_joiner(value) {
            Some((joiner, items)) => {
                for gap in list_gaps(&items, joiner, false) {
                    out.add_unless_leaking(NewCard {
                        kind: CardKind::Cloze,
                        deck,
                        key: &field,
                        role: &format!("{label}/{}", gap.role),
                        question: format!("[분야별 추천 조합] {field} — {label}: {}", gap.context),
                        answer: gap.answer,
                        tags: tags.clone(),
                        line: *line,
                    });
                }
            }
            None => {
                out.add_unless_leaking(NewCard {
                    kind: CardKind::Basic,
                    deck,
                    key: &field,
                    role: label,
                    question: format!("[분야별 추천 조합] {field} — {label} 라이브러리는?"),
                    answer: value.clone(),
                    tags,
                    line: *line,
                });
            }
        }
    }
}
