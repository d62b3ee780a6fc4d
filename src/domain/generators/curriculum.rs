//! Curriculum: `## N. Area` sections with a `**목표**:` line and a table of
//! topics (`<br/>`-separated cells), a monthly plan table, an outcome list.

use super::{CardKind, DeckBuilder, NewCard, join_items};
use crate::domain::card::CLOZE_GAP;
use crate::domain::markdown::{Block, Section, TableRow, sections};
use crate::domain::text::{deck_component, mentions, strip_decoration, topic_particle};

/// A list of this many items is never one answer: each item gets its own
/// cloze card with the others as context (DESIGN §2).
const CLOZE_FROM_ITEMS: usize = 3;
/// A table cell is a set of study topics: two of them are already two facts,
/// each asked with the other as its cue.
const CLOZE_FROM_CELL_ITEMS: usize = 2;

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

/// The items of a cell: its `<br/>` parts, each split at top-level `, ` or
/// ` + ` (`FastAPI + uvicorn + asyncio`), with the separator it used.
fn cell_items(parts: &[String]) -> Vec<(Vec<String>, &'static str)> {
    parts
        .iter()
        .map(|p| p.strip_prefix("- ").unwrap_or(p).trim())
        .filter(|p| !p.is_empty())
        .map(|part| {
            let separator = if split_top_level(part, " + ").len() > 1 {
                " + "
            } else {
                ", "
            };
            (split_top_level(part, separator), separator)
        })
        .collect()
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

/// The cell as it reads, with the item at `gap` (counted over all parts)
/// replaced by [`CLOZE_GAP`].
fn show_items(items: &[(Vec<String>, &str)], gap: Option<usize>) -> String {
    let mut n = 0;
    items
        .iter()
        .map(|(part, separator)| {
            part.iter()
                .map(|item| {
                    let shown = if gap == Some(n) {
                        CLOZE_GAP
                    } else {
                        item.as_str()
                    };
                    n += 1;
                    shown
                })
                .collect::<Vec<_>>()
                .join(separator)
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Where the last item of a list inside a sentence ends: `…, 자동화 등 …`,
/// `…, 비동기 처리에 대한 …`.
const LIST_ENDS: &[&str] = &[" 등 ", "에 대한 ", "에 관한 "];

/// Clozes inside one list item, as `(question tail, answer, role suffix)`:
/// each item of a list of three or more inside the sentence, and its last
/// quoted phrase (`"시스템 품질" 중심`).
fn inner_clozes(sentence: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let parts = split_top_level(sentence, ", ");
    if let (Some(last), true) = (parts.last(), parts.len() >= CLOZE_FROM_ITEMS) {
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
    out
}

/// `[area] topic — 실습 / 목표는?`; a `… 내용` column asks what the topic
/// covers, as "내용은?" alone reads like a catch-all.
fn column_question(scope: &str, topic: &str, column: &str) -> String {
    if column.ends_with("내용") {
        format!("{scope} {topic} — {column}: 무엇을 다루나?")
    } else {
        format!("{scope} {topic} — {column}{}?", topic_particle(column))
    }
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

/// For each column after the first: `[area] topic — 실습 / 목표는?`, or, for
/// a cell listing two or more items, one cloze card per item.
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
        let items = cell_items(cell);
        let flat: Vec<&String> = items.iter().flat_map(|(part, _)| part).collect();
        if flat.len() >= CLOZE_FROM_CELL_ITEMS {
            for (i, item) in flat.iter().enumerate() {
                let question = format!(
                    "{scope} {topic} — {column}: {}",
                    show_items(&items, Some(i))
                );
                if mentions(&question, item) {
                    out.skip(
                        row.line,
                        &question,
                        "질문에 답이 드러남 (question gives the answer away)",
                    );
                    continue;
                }
                made |= out
                    .add(NewCard {
                        kind: CardKind::Cloze,
                        deck,
                        key: &key,
                        role: &format!("{column}#{}", i + 1),
                        question,
                        answer: (*item).clone(),
                        tags: tags.to_vec(),
                        line: row.line,
                    })
                    .is_some();
            }
            continue;
        }
        made |= out
            .add(NewCard {
                kind: CardKind::Basic,
                deck,
                key: &key,
                role: column,
                question: column_question(scope, &topic, column),
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
    let mut made = false;
    for block in section.body {
        match block {
            Block::Table { header, rows, .. } => {
                for row in rows {
                    made |= row_cards(&format!("[{short}]"), short, header, row, &deck, &tags, out);
                }
            }
            Block::Item { inline, line, .. } => {
                items.push((inline.text.clone(), *line));
            }
            _ => {}
        }
    }
    // A list is never one answer. An item with parts of its own (a quoted
    // phrase, a list inside it) is asked part by part within its sentence;
    // an item without is asked with the other items as context.
    for (i, (item, line)) in items.iter().enumerate() {
        let mut clozes = inner_clozes(item);
        if clozes.is_empty() {
            let shown: Vec<&str> = items
                .iter()
                .enumerate()
                .map(|(j, (other, _))| if i == j { CLOZE_GAP } else { other.as_str() })
                .collect();
            clozes.push((
                format!(":\n• {}", shown.join("\n• ")),
                item.clone(),
                String::new(),
            ));
        }
        for (shown, answer, part) in clozes {
            made |= out
                .add(NewCard {
                    kind: CardKind::Cloze,
                    deck: &deck,
                    key: short,
                    role: &format!("item#{}{part}", i + 1),
                    question: format!("[커리큘럼] {heading}{shown}"),
                    answer,
                    tags: tags.clone(),
                    line: *line,
                })
                .is_some();
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
