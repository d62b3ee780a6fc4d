//! Library catalog: `## N단계` stages, `### name` entries (or `#### name`
//! under a `### group`) with `기능` / `용도` / `핵심` bullets, and a final
//! section of field combinations with `필수` / `선택` lines.

use super::{CardKind, DeckBuilder, NewCard, list_gaps};
use crate::domain::card::{CardId, QuizFact};
use crate::domain::markdown::{Block, Section, sections};
use crate::domain::text::{
    content_words, deck_component, enumeration, enumeration_with_joiner, mask_name, name_leaks,
    restates_name, split_top_level, strip_decoration, topic_particle,
};

const FIELDS: [&str; 3] = ["기능", "용도", "핵심"];
const COMBO_LABELS: [&str; 2] = ["필수", "선택"];

struct Entry {
    name: String,
    line: u32,
    values: Vec<(&'static str, String, Vec<String>)>,
}

/// Korean words of a 용도 and the English words of the API that serves it:
/// `종료 코드` is what `sys.exit()` is for, `이동` what `shutil.move()` does.
const PURPOSE_WORDS: [(&str, &[&str]); 24] = [
    ("날짜 계산", &["timedelta"]),
    ("읽기", &["read_csv"]),
    ("리사이징", &["resize"]),
    ("필터링", &["loc"]),
    ("병합", &["merge"]),
    ("종료", &["exit"]),
    ("이동", &["move"]),
    ("복사", &["copy"]),
    ("삭제", &["rmtree", "remove", "delete"]),
    ("압축", &["archive", "zip"]),
    ("인자", &["argv"]),
    ("버전", &["version"]),
    ("환경변수", &["environ"]),
    ("경로 조작", &["join", "Path"]),
    ("검색", &["search", "glob"]),
    ("치환", &["sub"]),
    ("추출", &["findall"]),
    ("측정", &["perf_counter"]),
    ("선 그래프", &["plot"]),
    ("막대", &["bar"]),
    ("산점도", &["scatter"]),
    ("그룹화", &["groupby"]),
    ("존재 확인", &["exists"]),
    ("생성", &["mkdir"]),
];

/// The deck's entries, read once so that look-alikes can be told apart.
struct Catalog {
    /// (name, 기능, 핵심 items) of every entry.
    entries: Vec<(String, String, Vec<String>)>,
}

/// What a 기능 is, by its last two words outside brackets:
/// `딥러닝 프레임워크 (PyTorch 대안)` → `딥러닝 프레임워크`.
fn head_noun(function: &str) -> String {
    let bare = function.split('(').next().unwrap_or_default();
    let words: Vec<&str> = bare.split_whitespace().collect();
    let from = words.len().saturating_sub(2);
    words.get(from..).unwrap_or_default().join(" ")
}

impl Catalog {
    fn read(sections: &[Section<'_>]) -> Self {
        let entries = sections
            .iter()
            .filter(|s| s.level >= 3)
            .filter_map(read_entry)
            .map(|entry| {
                let function = entry
                    .values
                    .iter()
                    .find(|(f, _, _)| *f == "기능")
                    .map(|(_, v, _)| v.clone())
                    .unwrap_or_default();
                let key: Vec<String> = entry
                    .values
                    .iter()
                    .filter(|(f, _, _)| *f == "핵심")
                    .flat_map(|(_, v, _)| split_top_level(v, &[',']))
                    .collect();
                (entry.name, function, key)
            })
            .collect();
        Catalog { entries }
    }

    /// Other entries whose 기능 has the same head (`웹 프레임워크`).
    fn look_alikes(&self, name: &str) -> Vec<&(String, String, Vec<String>)> {
        let Some((_, function, _)) = self.entries.iter().find(|(n, _, _)| n == name) else {
            return Vec::new();
        };
        let head = head_noun(function);
        self.entries
            .iter()
            .filter(|(n, f, _)| n != name && !head.is_empty() && head_noun(f) == head)
            .collect()
    }

    fn has(&self, name: &str) -> bool {
        self.entries
            .iter()
            .any(|(n, _, _)| n.eq_ignore_ascii_case(name))
    }
}

pub(super) fn generate(blocks: &[Block], out: &mut DeckBuilder<'_, '_>) {
    let sections = sections(blocks);
    let catalog = Catalog::read(&sections);
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
                    library_cards(&entry, &deck, &stage, &catalog, out);
                } else if let Some(lines) = combo_lines(section) {
                    let deck = out.deck_path(&[&stage]);
                    combo_cards(section, &lines, &deck, &catalog, out);
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

/// `기능은`, `용도는`, `핵심 API는` (read "에이피아이").
fn particle(label: &str) -> &'static str {
    if label.ends_with("API") {
        "는"
    } else {
        topic_particle(label)
    }
}

/// The field's cards. A single fact is one basic card, unless it only
/// restates the name (`Base64 인코딩/디코딩`). A list of three or more has
/// no card of its own: any item fits its gap. Its items are asked where
/// another field of the entry pins them down — a 용도 by the one 핵심 API
/// that serves it (`종료 코드` ↔ `sys.exit()`). Returns the ids.
#[allow(clippy::too_many_arguments)]
fn field_cards(
    out: &mut DeckBuilder<'_, '_>,
    deck: &str,
    name: &str,
    field: &str,
    label: &str,
    value: &str,
    apis: &[String],
    tags: Vec<String>,
    line: u32,
) -> Vec<CardId> {
    let mut ids = Vec::new();
    match enumeration(value) {
        Some(items) => {
            let mut pinned = 0usize;
            if field == "용도" {
                for (i, item) in items.iter().enumerate() {
                    let Some(api) = serving_api(item, apis) else {
                        continue;
                    };
                    let added = out.add_unless_leaking(NewCard {
                        kind: CardKind::Basic,
                        deck,
                        key: name,
                        role: &format!("{field}/{i}/api"),
                        question: format!("{name} — 용도 \"{item}\": 어떤 핵심 API?"),
                        answer: api.to_string(),
                        tags: &tags,
                        line,
                    });
                    pinned += usize::from(added.is_some());
                    ids.extend(added);
                }
            }
            if pinned < items.len() {
                out.skip(
                    line,
                    &format!("{name} — {label}: {value}"),
                    "목록의 빈칸을 가려낼 단서가 없음 (open-ended list: nothing in the entry pins an item down)",
                );
            }
        }
        None if restates_name(value, name) => {
            out.skip(
                line,
                &format!("{name} — {label}: {value}"),
                "답이 이름을 풀어 쓴 것뿐 (the answer only restates the name)",
            );
        }
        None => {
            ids.extend(out.add_unless_leaking(NewCard {
                kind: CardKind::Basic,
                deck,
                key: name,
                role: field,
                question: format!("{name} — {label}{}?", particle(label)),
                answer: value.to_string(),
                tags: &tags,
                line,
            }));
        }
    }
    ids
}

/// The one API of the entry that serves a 용도 item, by [`PURPOSE_WORDS`].
fn serving_api<'a>(item: &str, apis: &'a [String]) -> Option<&'a str> {
    let wanted: Vec<&str> = PURPOSE_WORDS
        .iter()
        .filter(|(korean, _)| item.contains(korean))
        .flat_map(|(_, english)| english.iter().copied())
        .collect();
    let serving: Vec<&String> = apis
        .iter()
        .filter(|api| {
            let bare = api.split('(').next().unwrap_or_default();
            let last = bare.rsplit('.').next().unwrap_or(bare);
            wanted.contains(&last)
        })
        .collect();
    match serving.as_slice() {
        [one] => Some(one.as_str()),
        _ => None,
    }
}

fn library_cards(
    entry: &Entry,
    deck: &str,
    stage: &str,
    catalog: &Catalog,
    out: &mut DeckBuilder<'_, '_>,
) {
    let name = entry.name.as_str();
    let tags = |role: &str| vec!["library".to_string(), stage.to_string(), role.to_string()];
    let value_of = |wanted: &str| {
        entry
            .values
            .iter()
            .find(|(field, _, _)| *field == wanted)
            .map(|(_, value, _)| value.as_str())
    };
    let spans: Vec<String> = entry
        .values
        .iter()
        .filter(|(f, _, _)| *f == "핵심")
        .flat_map(|(_, _, spans)| spans.iter().cloned())
        .collect();
    let mut entry_cards = Vec::new();
    for (field, value, field_spans) in &entry.values {
        let label = match *field {
            // "핵심 API" only when every item is one: `표준 입출력 캡처` is not.
            "핵심"
                if !field_spans.is_empty()
                    && field_spans.len() == split_top_level(value, &[',']).len() =>
            {
                "핵심 API"
            }
            other => other,
        };
        entry_cards.extend(field_cards(
            out,
            deck,
            name,
            field,
            label,
            value,
            &spans,
            tags(field),
            entry.line,
        ));
    }

    // The reverse card asks from what the library does and what it is for,
    // every form of its name masked (`.env`, `JWT`, `웹소켓`): 기능 alone
    // can be too generic once masked (`____ API 클라이언트`), and a
    // look-alike (another `웹 프레임워크`) is told apart by the entry's own
    // 핵심 items that no look-alike shares (`Pydantic 통합`).
    let look_alikes = catalog.look_alikes(name);
    let telling: Vec<String> = if look_alikes.is_empty() {
        Vec::new()
    } else {
        value_of("핵심")
            .map(|v| split_top_level(v, &[',']))
            .unwrap_or_default()
            .into_iter()
            .filter(|item| {
                look_alikes
                    .iter()
                    .all(|(_, _, other)| !other.iter().any(|o| o == item))
            })
            .map(|item| mask_name(&item, name))
            .filter(|item| !name_leaks(item, name) && content_words(item) >= 1)
            .collect()
    };
    let what = value_of("기능").map(|v| mask_name(v, name));
    let used = value_of("용도").map(|v| mask_name(v, name));
    let key = (!telling.is_empty()).then(|| format!(" (핵심: {})", telling.join(", ")));
    let key = key.unwrap_or_default();
    let told = |cue: String| format!("{cue}{key}");
    let cues = [
        what.as_ref()
            .zip(used.as_ref())
            .map(|(what, used)| told(format!("\"{what}\" (용도: {used})"))),
        what.as_ref().map(|what| told(format!("\"{what}\""))),
        used.as_ref().map(|used| told(format!("용도 \"{used}\""))),
    ];
    // A cue that still names the library, or says nothing once masked, is
    // not asked.
    let cue = cues
        .into_iter()
        .flatten()
        .find(|cue| !name_leaks(cue, name) && content_words(cue) >= 2);
    match cue {
        Some(cue) => {
            entry_cards.extend(out.add_unless_leaking(NewCard {
                kind: CardKind::Reverse,
                deck,
                key: name,
                role: "reverse",
                question: format!("어떤 라이브러리? {cue}"),
                answer: name.to_string(),
                tags: &tags("reverse"),
                line: entry.line,
            }));
        }
        None => out.skip(
            entry.line,
            &format!("어떤 라이브러리? → {name}"),
            "이름을 가리면 물을 것이 남지 않음 (masking the name leaves nothing to ask from)",
        ),
    }

    if spans.is_empty() {
        return;
    }
    // APIs that give the name away even masked (`____.time()`, `Path()` for
    // pathlib) or show only the mask are left out of the question; one API
    // left is too little to tell a library by.
    let shown: Vec<String> = spans
        .iter()
        .map(|s| mask_name(s, name))
        .filter(|s| content_words(&s.replace(['.', '(', ')'], " ")) >= 1 && !name_leaks(s, name))
        .collect();
    let functions = if shown.len() < 2 {
        None
    } else {
        out.add_unless_leaking(NewCard {
            kind: CardKind::Reverse,
            deck,
            key: name,
            role: "functions",
            question: format!("{} — 어느 라이브러리의 핵심 API?", shown.join(", ")),
            answer: name.to_string(),
            tags: &tags("functions"),
            line: entry.line,
        })
    };
    // The quiz grades the card that holds the same knowledge.
    let Some(card) = functions.or_else(|| entry_cards.last().cloned()) else {
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

/// A combination's lines. A name is hidden only when it is a library of
/// the deck (`jwt`, `scipy` are not) and none of its look-alikes is missing
/// from the line (`TensorFlow` would fit where `PyTorch` is hidden).
fn combo_cards(
    section: &Section<'_>,
    lines: &[(String, String, u32)],
    deck: &str,
    catalog: &Catalog,
    out: &mut DeckBuilder<'_, '_>,
) {
    let field = strip_decoration(section.title);
    for (label, value, line) in lines {
        let tags = vec!["combination".to_string(), label.clone()];
        match enumeration_with_joiner(value) {
            Some((joiner, items)) => {
                for gap in list_gaps(&items, joiner, false) {
                    let fits_alone = gap.open.is_none()
                        && catalog.has(&gap.answer)
                        && catalog
                            .look_alikes(&gap.answer)
                            .iter()
                            .all(|(other, _, _)| items.contains(other));
                    if !fits_alone {
                        out.skip(
                            *line,
                            &format!("{field} — {label}: {}", gap.context),
                            "빈칸에 다른 라이브러리도 맞음 (another library fits the gap)",
                        );
                        continue;
                    }
                    out.add_unless_leaking(NewCard {
                        kind: CardKind::Cloze,
                        deck,
                        key: &field,
                        role: &format!("{label}/{}", gap.role),
                        question: format!("[분야별 추천 조합] {field} — {label}: {}", gap.context),
                        answer: gap.answer,
                        tags: &tags,
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
                    tags: &tags,
                    line: *line,
                });
            }
        }
    }
}
