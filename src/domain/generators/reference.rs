//! API reference: `- os.getcwd() : 설명` lines under `### module` headings,
//! and prose bullets under any heading.

use super::{CardKind, DeckBuilder, NewCard};
use crate::domain::card::{CLOZE_GAP, CardId, QuizFact};
use crate::domain::markdown::{Block, sections};
use crate::domain::quiz::STDLIB_MEMBERS;
use crate::domain::text::{
    contains_token, content_words, deck_component, gives_away, mask, mask_name, mentions,
    name_leaks, replace_first_token, restates_name, restore_dunders, split_top_level,
    strip_decoration,
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

pub(super) fn generate(blocks: &[Block], out: &mut DeckBuilder<'_, '_>) {
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
        let entries: Vec<(String, String)> = section
            .body
            .iter()
            .filter_map(|b| match b {
                Block::Item { inline, .. } => split_entry(&inline.text),
                _ => None,
            })
            .collect();
        let siblings = Siblings { entries: &entries };
        let mut prose_index = 0usize;
        let mut has_prose = false;
        for block in section.body {
            let Block::Item { inline, line, .. } = block else {
                continue;
            };
            match split_entry(&inline.text) {
                Some((entry, description)) => {
                    entry_cards(&entry, &description, &scope, &deck, *line, &siblings, out);
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
                        cue: bare_gap_cue(&text, section.body),
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

/// A short bullet whose only name is one plain word (`Lock 객체로 동기화를
/// 지원`) fits any such name once hidden: the calls the section's other
/// bullets make are its cue (` (acquire()/release())`).
fn bare_gap_cue(text: &str, body: &[Block]) -> String {
    let words = text.split_whitespace().count();
    let has_call = text.contains("()");
    if words > 5 || has_call {
        return String::new();
    }
    let calls: Vec<String> = body
        .iter()
        .filter_map(|b| match b {
            Block::Item { inline, .. } if inline.text != text => Some(inline.text.clone()),
            _ => None,
        })
        .filter(|t| split_entry(t).is_none())
        .flat_map(|t| {
            t.split(|c: char| !(c.is_ascii_alphanumeric() || "_.()".contains(c)))
                .filter(|w| w.ends_with("()") && w.len() > 2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    if calls.is_empty() {
        String::new()
    } else {
        format!(" ({})", calls.join("/"))
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
    /// Names the section's other bullets use (`(acquire()/release())`),
    /// the cue of a bare one-word gap; empty for other gaps.
    cue: String,
}

/// The cards of one prose bullet, one fact each, per sentence:
/// a name in code (`acquire()`) hidden in the sentence; else, when the
/// module is named, the bullet with the name masked ("어느 모듈?"); else the
/// consequence of a condition (`…0이면 [...]`); else what a term is
/// (`약한 사전은 [...]`); else, directly under the module heading, the
/// bullet as a description of the module. A bullet that offers none of
/// these is skipped and reported.
fn prose_cards(item: &ProseItem<'_>, deck: &str, out: &mut DeckBuilder<'_, '_>) {
    let tags = vec![
        "reference".to_string(),
        item.module.to_string(),
        "prose".to_string(),
    ];
    let mut made = 0usize;
    let mut asked_module = false;
    // Asked from the one sentence that describes the module, once a bullet.
    let ask_module = |out: &mut DeckBuilder<'_, '_>, asked: &mut bool, sentence: &str| {
        if *asked {
            return 0;
        }
        *asked = true;
        // Every form of the name: `큐, 우선순위 큐, 스택` names queue.
        let masked = mask_name(&mask(sentence, item.module), item.module);
        if gives_away(&masked, item.module) || name_leaks(&masked, item.module) {
            return 0;
        }
        let added = out.add_unless_leaking(NewCard {
            kind: CardKind::Reverse,
            deck,
            key: item.heading,
            role: &format!("prose/{}/module", item.index),
            question: format!("어느 모듈? \"{masked}\""),
            answer: item.module.to_string(),
            tags: &tags,
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
    out: &mut DeckBuilder<'_, '_>,
) -> usize {
    // The heading is context unless it names the answer (`Lock 객체`).
    let context = if item.heading_is_module || contains_token(item.heading, answer) {
        item.module.to_string()
    } else {
        format!("{} · {}", item.module, item.heading)
    };
    let question = format!("[{context}] {with_gap}{}", item.cue);
    let rest = question.replace(CLOZE_GAP, " ");
    if contains_token(&rest, answer) {
        return 0;
    }
    // `threading.Thread` is readable in `Thread.__init__()` beside it.
    let last = answer
        .trim_end_matches("()")
        .rsplit('.')
        .next()
        .unwrap_or(answer);
    if answer.contains('.') && last.chars().count() >= 3 && contains_token(&rest, last) {
        out.skip(
            item.line,
            &format!("{question} → {answer}"),
            "질문에 답이 보임 (the question shows its answer)",
        );
        return 0;
    }
    // `[...]. 레퍼런스 카운터가 0이면…` restates `레퍼런스 카운터로 관리된다`.
    if restated_in(answer, &rest) {
        out.skip(
            item.line,
            &format!("{question} → {answer}"),
            "나머지 문장이 답을 되풀이함 (the rest of the sentence restates the answer)",
        );
        return 0;
    }
    let added = out.add_unless_leaking(NewCard {
        kind: CardKind::Cloze,
        deck,
        key: item.heading,
        role: &format!("prose/{}/{role}", item.index),
        question,
        answer: answer.to_string(),
        tags,
        line: item.line,
    });
    usize::from(added.is_some())
}

/// True when at least half the words of a hidden phrase (particles
/// aside) can be read in the rest of the text: `카운터가 줄어든다` beside
/// `레퍼런스 카운터가 0이면`. A single name is never "restated".
fn restated_in(answer: &str, rest: &str) -> bool {
    let words: Vec<&str> = answer.split_whitespace().collect();
    if words.len() < 2 {
        return false;
    }
    let seen = words
        .iter()
        .filter(|w| {
            let stem =
                w.trim_end_matches(['가', '이', '로', '을', '를', '은', '는', '의', '에', ',']);
            stem.chars().count() >= 2 && rest.contains(stem)
        })
        .count();
    seen * 2 >= words.len()
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

/// The module's other entries, for the cards that must tell them apart.
pub(crate) struct Siblings<'a> {
    /// (entry, description) of every `name : 설명` line of the section.
    pub entries: &'a [(String, String)],
}

impl Siblings<'_> {
    /// The class a bare method belongs to: `put(item, …)` under
    /// `queue.Queue(maxsize)` is `Queue.put(item, …)`.
    fn class_of_methods(&self, module: &str) -> Option<String> {
        self.entries.iter().find_map(|(entry, _)| {
            let name = entry
                .split('(')
                .next()?
                .strip_prefix(&format!("{module}."))?;
            (name.chars().next()?.is_ascii_uppercase() && !name.contains('.'))
                .then(|| name.to_string())
        })
    }

    /// Entries whose description ends in the same word (`큐를 생성`,
    /// `스택 특성의 큐 생성`): the cards that a vague one is confused with.
    fn look_alikes(&self, entry: &str, description: &str) -> Vec<&str> {
        let last = |d: &str| {
            let clause = d.split(',').next().unwrap_or(d);
            clause.split_whitespace().last().map(str::to_string)
        };
        let mine = last(description);
        self.entries
            .iter()
            .filter(|(other, d)| other != entry && last(d) == mine && mine.is_some())
            .map(|(other, _)| other.as_str())
            .collect()
    }
}

/// Description words that name a mapping or a sequence, not an action:
/// an entry described by one (`os.environ() : 환경변수를 나타내는 사전`) is
/// an attribute, whatever brackets the note put after it.
const DATA_NOUNS: [&str; 4] = ["사전", "리스트", "튜플", "딕셔너리"];

/// Names a module does not have (`os.exevp`), by the standard library's
/// member table: left out of what a card shows.
fn exists(name: &str, module: &str) -> bool {
    let bare = name.split('(').next().unwrap_or(name).trim();
    let Some(member) = bare.strip_prefix(&format!("{module}.")) else {
        return true;
    };
    let known: Vec<&str> = STDLIB_MEMBERS
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter(|(m, _)| *m == module)
        .map(|(_, member)| member)
        .collect();
    known.is_empty() || member.contains('.') || known.contains(&member)
}

/// `파이썬이 설치된 경로와 실행 파일을 나타낸다.` → `파이썬이 설치된 경로`,
/// `실행 파일`: a description of two names that splits as they do.
fn split_pair(description: &str) -> Option<(String, String)> {
    let text = description.trim().trim_end_matches('.');
    let text = text
        .strip_suffix("을 나타낸다")
        .or_else(|| text.strip_suffix("를 나타낸다"))?;
    let (a, b) = text.split_once("와 ").or_else(|| text.split_once("과 "))?;
    (!a.trim().is_empty() && !b.trim().is_empty() && !b.contains(['와', '과']))
        .then(|| (a.trim().to_string(), b.trim().to_string()))
}

/// `…(F_OK(해당 path 존재여부), R_OK(…), ... )…` → the text without the
/// bracket, and each `NAME(뜻)` inside it.
fn named_values(description: &str) -> Option<(String, Vec<(String, String)>)> {
    let open = description.find('(')?;
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in description.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let inner = description.get(open + 1..close)?;
    let pairs: Vec<(String, String)> = split_top_level(inner, &[','])
        .into_iter()
        .filter(|p| p != "..." && p != "…")
        .map(|p| {
            let (name, meaning) = p.split_once('(')?;
            let name = name.trim();
            (name.chars().all(|c| c.is_ascii_uppercase() || c == '_') && !name.is_empty()).then(
                || {
                    (
                        name.to_string(),
                        meaning.trim_end_matches(')').trim().to_string(),
                    )
                },
            )
        })
        .collect::<Option<Vec<_>>>()?;
    if pairs.len() < 2 {
        return None;
    }
    let rest = format!(
        "{}{}",
        description.get(..open)?.trim_end(),
        description.get(close + 1..)?
    );
    Some((rest, pairs))
}

/// `…계속 실행 가능. (system()을 사용하는것과 유사하지만 …)` → the text
/// before the bracket, the bracket's note and the other name it compares with.
fn comparison(description: &str, entry: &str) -> Option<(String, String, String)> {
    let open = description.rfind(" (")?;
    let note = description.get(open + 2..)?.strip_suffix(')')?;
    let main = description.get(..open)?.trim().to_string();
    let own = names(entry);
    let other = note
        .split(|c: char| !(c.is_ascii_alphanumeric() || "_.()".contains(c)))
        .find(|w| w.ends_with("()") && !own.iter().any(|n| w.trim_end_matches("()") == n))?;
    (note.chars().count() >= 30).then(|| (main, note.to_string(), other.to_string()))
}

#[allow(clippy::too_many_arguments)]
fn entry_cards(
    entry: &str,
    description: &str,
    module: &str,
    deck: &str,
    line: u32,
    siblings: &Siblings<'_>,
    out: &mut DeckBuilder<'_, '_>,
) {
    let tags = vec!["reference".to_string(), module.to_string()];
    let listed = split_top_level(entry, &[',']);
    let named: Vec<&String> = listed.iter().filter(|n| n.as_str() != "...").collect();
    let is_data = description
        .trim_end_matches(['.', ' '])
        .split_whitespace()
        .last()
        .is_some_and(|w| DATA_NOUNS.contains(&w));
    // What the card shows: a method with its class, an attribute without
    // a call, and no name the module does not have.
    let shown_entry = if named.len() == 1 && !entry.contains('.') {
        match siblings.class_of_methods(module) {
            Some(class) => format!("{class}.{entry}"),
            None => entry.to_string(),
        }
    } else if is_data && named.len() == 1 {
        entry.trim_end_matches("()").to_string()
    } else if named.len() >= 2 {
        // A family written by hand may hold a variant that does not exist.
        listed
            .iter()
            .filter(|n| exists(n, module))
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        entry.to_string()
    };
    let is_method = shown_entry != entry && !is_data && named.len() == 1;
    let callable = shown_entry.contains('(');
    // `put(item, …)` says nothing of its module on its own.
    let shown = if shown_entry.starts_with(&format!("{module}.")) {
        shown_entry.clone()
    } else {
        format!("[{module}] {shown_entry}")
    };
    let bare = shown_entry.split('(').next().unwrap_or_default();
    let starts_upper = |part: &str| part.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    let class_name = bare.rsplit('.').next().is_some_and(starts_upper);
    let on_class = bare
        .split('.')
        .next()
        .is_some_and(|first| first != module && starts_upper(first));
    let kind = if is_method || (on_class && !class_name) {
        "메서드"
    } else if callable && class_name {
        "클래스"
    } else if callable {
        "함수"
    } else {
        "속성"
    };
    let ask = if callable {
        "하는 일은?"
    } else {
        "무엇인가?"
    };
    let mut card = None;

    // Two names described as two things: one card each.
    if let (2, Some((first, second))) = (named.len(), split_pair(description)) {
        let parts = [first, second];
        for (i, (name, part)) in named.iter().zip(&parts).enumerate() {
            let other = named.get(1 - i).map_or("", |n| n.as_str());
            let other_part = parts.get(1 - i).map_or("", String::as_str);
            let id = out.add_unless_leaking(NewCard {
                kind: CardKind::Basic,
                deck,
                key: entry,
                role: &format!("describe/{i}"),
                question: format!("{name} — 무엇인가? ({other}: {other_part})"),
                answer: part.clone(),
                tags: &tags,
                line,
            });
            card = card.or(id);
            out.add_unless_leaking(NewCard {
                kind: CardKind::Reverse,
                deck,
                key: entry,
                role: &format!("reverse/{i}"),
                question: format!("{module} 모듈: \"{part}\" — 어떤 {kind}?"),
                answer: (*name).clone(),
                tags: &tags,
                line,
            });
        }
        add_fact(entry, description, module, deck, line, card, out);
        return;
    }

    // A note comparing with another function, and a list of named values,
    // are facts of their own.
    let mut main = description.to_string();
    if let Some((rest, values)) = named_values(description) {
        main = rest;
        let param = entry
            .split('(')
            .nth(1)
            .and_then(|p| p.trim_end_matches(')').split(',').next_back())
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
        for (i, (value, meaning)) in values.iter().enumerate() {
            let of = param
                .as_deref()
                .map(|p| format!("의 {p}"))
                .unwrap_or_default();
            out.add_unless_leaking(NewCard {
                kind: CardKind::Basic,
                deck,
                key: entry,
                role: &format!("describe/value/{i}"),
                question: format!("{shown_entry}{of} — {value}는?"),
                answer: meaning.clone(),
                tags: &tags,
                line,
            });
        }
    } else if let Some((rest, note, other)) = comparison(description, entry) {
        main = rest;
        out.add_unless_leaking(NewCard {
            kind: CardKind::Basic,
            deck,
            key: entry,
            role: "describe/compare",
            question: format!("{shown} — {other} 대비 다른 점은?"),
            answer: note,
            tags: &tags,
            line,
        });
    }

    if restates_name(&main, &shown_entry) {
        out.skip(
            line,
            &format!("{shown} — {ask} → {main}"),
            "답이 이름을 풀어 쓴 것뿐 (the answer only restates the name)",
        );
    } else {
        card = out.add_unless_leaking(NewCard {
            kind: CardKind::Basic,
            deck,
            key: entry,
            role: "describe",
            question: format!("{shown} — {ask}"),
            answer: main.clone(),
            tags: &tags,
            line,
        });
    }

    // Several names under one description (`os.execl(), os.execlp(), …`,
    // `sys.stdin, sys.stdout, sys.stderr`): a family, asked forward only;
    // any one of them fits a gap among the others.
    if named.len() >= 2 {
        out.skip(
            line,
            &format!("{module} 모듈: \"{main}\" — {shown_entry}"),
            "이름 묶음은 거꾸로 묻지 않음 (a family of names: asked forward only)",
        );
        add_fact(entry, description, module, deck, line, card, out);
        return;
    }

    // Back: every form of the name masked (`파이프` for os.pipe, `mask` for
    // umask); a description left without words to answer from is asked
    // against its look-alikes, or not at all.
    let masked = names(entry)
        .iter()
        .fold(main.clone(), |acc, name| mask(&acc, name));
    let masked = mask_name(&masked, &shown_entry);
    let look_alikes = siblings.look_alikes(entry, description);
    let question = if name_leaks(&masked, &shown_entry) {
        None
    } else if content_words(&masked) >= 2 {
        Some(format!("{module} 모듈: \"{masked}\" — 어떤 {kind}?"))
    } else if !look_alikes.is_empty() && content_words(&masked) >= 1 {
        // Told apart by what the others are (their names would show this
        // one's: `LifoQueue` holds `Queue`).
        let others: Vec<String> = look_alikes
            .iter()
            .filter_map(|o| siblings.entries.iter().find(|(e, _)| e == o))
            .map(|(_, d)| format!("\"{}\"", d.split(',').next().unwrap_or(d).trim()))
            .collect();
        let class = if callable && !is_method {
            "클래스"
        } else {
            kind
        };
        Some(format!(
            "{module} 모듈: \"{masked}\" — 어떤 {class}? ({}과 다른 것)",
            others.join("·")
        ))
    } else {
        None
    };
    match question {
        Some(question) => {
            let id = out.add_unless_leaking(NewCard {
                kind: CardKind::Reverse,
                deck,
                key: entry,
                role: "reverse",
                question,
                answer: shown_entry.clone(),
                tags: &tags,
                line,
            });
            card = id.or(card);
        }
        None => out.skip(
            line,
            &format!("{module} 모듈: \"{masked}\" → {shown_entry}"),
            "이름을 가리면 물을 것이 남지 않음 (masking the name leaves nothing to ask from)",
        ),
    }
    add_fact(entry, description, module, deck, line, card, out);
}

/// The quiz fact of an entry, graded through the card that asks it.
fn add_fact(
    entry: &str,
    description: &str,
    module: &str,
    deck: &str,
    line: u32,
    card: Option<CardId>,
    out: &mut DeckBuilder<'_, '_>,
) {
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
