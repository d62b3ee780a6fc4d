//! API reference: `- os.getcwd() : 설명` lines under `### module` headings,
//! and prose bullets under any heading.

use super::{CardKind, DeckBuilder, NewCard};
use crate::domain::card::QuizFact;
use crate::domain::markdown::{Block, sections};
use crate::domain::text::{deck_component, mask, strip_decoration};

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
        let mut prose = Vec::new();
        let mut first_line = section.line;
        for block in section.body {
            let Block::Item { inline, line, .. } = block else {
                continue;
            };
            match split_entry(&inline.text) {
                Some((entry, description)) => {
                    entry_cards(&entry, &description, &scope, &deck, *line, out);
                }
                None => {
                    if prose.is_empty() {
                        first_line = *line;
                    }
                    prose.push(inline.text.clone());
                }
            }
        }
        if !prose.is_empty() {
            out.add(NewCard {
                kind: CardKind::Basic,
                deck: &deck,
                key: &heading,
                role: "prose",
                question: format!("[{scope}] {heading} — 요점은?"),
                answer: prose.join("\n"),
                tags: vec!["reference".into(), scope.clone(), "prose".into()],
                line: first_line,
            });
        } else if section.body.is_empty() && !has_children {
            out.skip(section.line, &heading, "내용 없는 제목 (empty heading)");
        }
    }
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
    out.add(NewCard {
        kind: CardKind::Basic,
        deck,
        key: entry,
        role: "describe",
        question: if callable {
            format!("{entry} — 하는 일은?")
        } else {
            format!("{entry} — 무엇인가?")
        },
        answer: description.to_string(),
        tags: tags.clone(),
        line,
    });
    let masked = names(entry)
        .iter()
        .fold(description.to_string(), |acc, name| mask(&acc, name));
    let kind = if callable { "함수" } else { "속성" };
    let card = out.add(NewCard {
        kind: CardKind::Basic,
        deck,
        key: entry,
        role: "reverse",
        question: format!("{module} 모듈: \"{masked}\" — 어떤 {kind}?"),
        answer: entry.to_string(),
        tags,
        line,
    });
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
    fn names_cover_each_function_and_its_bare_name() {
        assert_eq!(
            names("os.execl(), os.execlp(), ..."),
            vec!["os.execlp", "os.execl", "execlp", "execl"]
        );
        assert_eq!(names("sys.prefix, sys.executable")[0], "sys.executable");
    }
}
