//! The notes and curriculum decks against the card rules (DESIGN §2,
//! CARDS.md): one fact per card, no list as an answer, specific questions,
//! no answer in its question, code as code, clean text.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use recall::decks::BUILTIN;
use recall::domain::card::{
    CLOZE_GAP, Card, CardKind, GeneratedDeck, Generator, Segment, answer_segments,
};
use recall::domain::generators::{Document, generate};
use unicode_normalization::UnicodeNormalization;

const MY_DECKS: [Generator; 2] = [Generator::Notes, Generator::Curriculum];

fn deck(generator: Generator) -> GeneratedDeck {
    BUILTIN
        .iter()
        .find(|d| d.generator == generator)
        .unwrap()
        .generate()
}

fn notes(text: &str) -> GeneratedDeck {
    generate(
        Generator::Notes,
        Document {
            file: "notes.md",
            deck: "my-notes",
            text,
        },
    )
}

/// Splits at `, `, ` · `, ` + ` and line breaks outside brackets: the items
/// an answer lists. A sentence (`비동기, 병렬, 이벤트 기반 구조를 … 설계할 수
/// 있다.`) states one goal, whatever commas it has: it counts as one.
fn listed_items(answer: &str) -> usize {
    let sentence = answer.trim_end_matches('.').ends_with('다') && !answer.contains('\n');
    if sentence {
        return 1;
    }
    let mut depth = 0i32;
    let mut items = 1;
    let chars: Vec<char> = answer.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
        let next = chars.get(i + 1).copied();
        let separator = *c == '\n'
            || (*c == ',' && next == Some(' '))
            || ((*c == '·' || *c == '+') && next == Some(' ') && i > 0);
        if depth == 0 && separator {
            items += 1;
        }
    }
    items
}

/// A whole-token, case-insensitive mention (ASCII identifier boundaries).
fn question_contains_answer(question: &str, answer: &str) -> bool {
    let q = question.to_lowercase();
    let a = answer.trim().to_lowercase();
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    q.match_indices(&a).any(|(i, _)| {
        let before = q.get(..i).and_then(|s| s.chars().last());
        let after = q.get(i + a.len()..).and_then(|s| s.chars().next());
        !before.is_some_and(word) && !after.is_some_and(word) && before != Some('.')
    })
}

fn prose(text: &str) -> Vec<&str> {
    answer_segments(text)
        .into_iter()
        .filter_map(|s| match s {
            Segment::Text(t) => Some(t),
            Segment::Code { .. } => None,
        })
        .collect()
}

fn cards_of_my_decks() -> Vec<(Generator, Card)> {
    MY_DECKS
        .iter()
        .flat_map(|g| deck(*g).cards.into_iter().map(move |c| (*g, c)))
        .collect()
}

#[test]
fn every_answer_is_one_short_fact() {
    for (generator, card) in cards_of_my_decks() {
        let chars = card.answer.chars().count();
        let lines = card.answer.lines().count();
        assert!(
            chars <= 200 && lines <= 5,
            "{generator:?}: answer of {chars} chars / {lines} lines: {}",
            card.question
        );
        assert!(
            listed_items(&card.answer) < 3,
            "{generator:?}: answer lists 3+ items: {} → {}",
            card.question,
            card.answer
        );
        assert!(
            !card.answer.contains("```"),
            "{generator:?}: code as an answer: {}",
            card.question
        );
    }
}

#[test]
fn questions_are_specific_and_never_hold_their_answer() {
    const CATCH_ALL: [&str; 7] = [
        "정리한 내용은?",
        "요점은?",
        "비고는?",
        "내용은?",
        "목록은?",
        "설명은?",
        "요약은?",
    ];
    for generator in MY_DECKS {
        let mut seen = HashSet::new();
        for card in deck(generator).cards {
            let first_line = card.question.lines().next().unwrap();
            for catch_all in CATCH_ALL {
                assert!(
                    !first_line.ends_with(catch_all),
                    "{generator:?}: catch-all question {first_line:?}"
                );
            }
            assert!(
                !question_contains_answer(&card.question, &card.answer),
                "{generator:?}: {} → {}",
                card.question,
                card.answer
            );
            assert!(
                seen.insert(card.question.clone()),
                "{generator:?}: duplicate question {}",
                card.question
            );
        }
    }
}

#[test]
fn cloze_and_code_cards_have_exactly_one_gap_and_code_is_fenced() {
    for (generator, card) in cards_of_my_decks() {
        let gaps = card.question.matches(CLOZE_GAP).count();
        match card.kind {
            CardKind::Cloze | CardKind::Code => {
                assert_eq!(gaps, 1, "{generator:?} {:?}: {}", card.kind, card.question)
            }
            CardKind::Basic | CardKind::Reverse => {
                assert_eq!(gaps, 0, "{generator:?}: {}", card.question)
            }
        }
        let has_code = answer_segments(&card.question)
            .iter()
            .any(|s| matches!(s, Segment::Code { .. }));
        assert_eq!(
            has_code,
            card.kind == CardKind::Code,
            "{generator:?}: code shown only by code cards: {}",
            card.question
        );
        if card.kind == CardKind::Code {
            // The gap is inside the snippet, not in the words around it.
            assert!(prose(&card.question).iter().all(|p| !p.contains(CLOZE_GAP)));
        }
    }
    let kinds = |g| -> HashSet<CardKind> { deck(g).cards.iter().map(|c| c.kind).collect() };
    assert_eq!(
        kinds(Generator::Notes),
        HashSet::from([CardKind::Basic, CardKind::Cloze, CardKind::Code])
    );
    assert!(kinds(Generator::Curriculum).contains(&CardKind::Cloze));
}

#[test]
fn text_is_clean_nfc_with_python_names_restored() {
    for (generator, card) in cards_of_my_decks() {
        for text in [&card.question, &card.answer] {
            assert_eq!(&text.nfc().collect::<String>(), text, "not NFC: {text}");
            for part in prose(text) {
                for markup in ["**", "`", "<br", "\\_", "](", "&lt;"] {
                    assert!(
                        !part.contains(markup),
                        "{generator:?}: markup {markup:?} in {part:?}"
                    );
                }
            }
        }
    }
    let notes = deck(Generator::Notes);
    let all: String = notes
        .cards
        .iter()
        .map(|c| format!("{}\n{}\n", c.question, c.answer))
        .collect();
    assert!(
        notes.cards.iter().any(|c| c.answer == "__dict__"),
        "__dict__ restored"
    );
    assert!(all.contains("__slots__(메모리 최적화)"), "heading restored");
    assert!(!all.contains(" dict미사용") && !all.contains("\ndict미사용"));
    let curriculum = deck(Generator::Curriculum);
    assert!(curriculum.cards.iter().any(|c| c.answer == "__slots__"));
}

#[test]
fn noise_is_skipped_with_its_line() {
    for generator in MY_DECKS {
        for skip in deck(generator).skipped {
            assert!(skip.line > 0, "{skip:?}");
            assert!(!skip.reason.is_empty() && !skip.what.is_empty(), "{skip:?}");
        }
    }
    let notes = deck(Generator::Notes);
    // No card comes from the lines the notes leave unexplained.
    for noise in [
        "order =True",
        "multi process",
        "d2 = d2",
        "제네릭(Generic) 타입 힌트",
    ] {
        assert!(
            notes
                .cards
                .iter()
                .all(|c| !c.question.contains(noise) && !c.answer.contains(noise)),
            "{noise} made a card"
        );
        assert!(
            notes.skipped.iter().any(|s| s.what.contains(noise)),
            "{noise} not recorded as skipped"
        );
    }
}

#[test]
fn labelled_lines_ask_for_their_label_and_long_lists_become_clozes() {
    let generated = notes("# 큐\n\n- 장점: 빠름, 안전\n- 종류: Queue, LifoQueue, PriorityQueue\n");
    let questions: Vec<(&str, &str, CardKind)> = generated
        .cards
        .iter()
        .map(|c| (c.question.as_str(), c.answer.as_str(), c.kind))
        .collect();
    assert_eq!(
        questions,
        vec![
            ("큐 — 장점은?", "빠름, 안전", CardKind::Basic),
            (
                "큐 — 종류: [...], LifoQueue, PriorityQueue",
                "Queue",
                CardKind::Cloze
            ),
            (
                "큐 — 종류: Queue, [...], PriorityQueue",
                "LifoQueue",
                CardKind::Cloze
            ),
            (
                "큐 — 종류: Queue, LifoQueue, [...]",
                "PriorityQueue",
                CardKind::Cloze
            ),
        ]
    );
    // One entry: the cards are siblings, with distinct stable ids.
    let siblings: HashSet<&str> = generated.cards.iter().map(|c| c.sibling.as_str()).collect();
    assert_eq!(siblings.len(), 1);
    let ids: HashSet<&str> = generated.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), 4);
}

#[test]
fn sentences_hide_a_term_never_a_bare_predicate() {
    let generated = notes(
        "# 캐시\n\n메모리 사용은 늘어나는 대신 조회 속도는 빨라짐\n\
         불변 객체 정의 시 @dataclass(frozen=True)가능\n\
         LRU 사용 -> 오래된 항목부터 제거\n\
         한번 지정하면 변경도 가능하다.\n\
         스레드는 프로세스 내에서 실행되는 흐름으로 여러 스레드가 동시에 실행됨\n\
         캐시는 같은 메모리를 공유하므로 값을 바로 읽음\n\
         한국어로 옮기면 보통 임시 저장소라고 설명한다.\n\
         캐시를 설정하면 여러 요청이 결과를 공유함\n\n\
         # 메모리 최적화\n\nweakref 사용 -> 메모리 절약\n",
    );
    let pairs: Vec<(&str, &str)> = generated
        .cards
        .iter()
        .map(|c| (c.question.as_str(), c.answer.as_str()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            // The subject of a contrast, its predicate kept as the cue.
            (
                "캐시 — 메모리 사용은 늘어나는 대신 [...]는 빨라짐",
                "조회 속도"
            ),
            (
                "캐시 — 불변 객체 정의 시 [...]가능",
                "@dataclass(frozen=True)"
            ),
            ("캐시 — LRU 사용 -> [...]", "오래된 항목부터 제거"),
            // `A는 B으로 C`: the noun of `A는 B`, not the clause C.
            ("캐시 — 스레드는 [...] 내에서 실행되는 흐름", "프로세스"),
            // A short predicate, with its subject and cause in the cue.
            (
                "캐시 — 캐시는 같은 메모리를 공유하므로 [...]",
                "값을 바로 읽음"
            ),
            // Reporting filler is not part of the answer.
            ("캐시 — 한국어로 옮기면 [...]", "임시 저장소"),
            // The answer side repeats the heading: the name is asked.
            ("메모리 최적화 — [...] 사용 -> 메모리 절약", "weakref"),
        ]
    );
    assert!(generated.cards.iter().all(|c| c.kind == CardKind::Cloze));
    let skipped: Vec<(u32, &str)> = generated
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    assert!(
        skipped.contains(&(
            6,
            "일반적인 술어뿐 (generic predicate, nothing specific to ask)"
        )),
        "{skipped:?}"
    );
    // A clause with its own subject is not an answer.
    assert!(
        skipped.contains(&(
            10,
            "답이 주어를 가진 절 전체 (answer would be a whole clause)"
        )),
        "{skipped:?}"
    );
}

#[test]
fn a_labelled_name_says_what_it_is_for_and_unlike_siblings_are_skipped() {
    let generated = notes(
        "# 요약\n\n- I/O-bound: threading\n- CPU-bound: multiprocessing\n- 메모: 나중에 다시 보기\n",
    );
    let pairs: Vec<(&str, &str)> = generated
        .cards
        .iter()
        .map(|c| (c.question.as_str(), c.answer.as_str()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("요약 — I/O-bound에 쓰는 것은?", "threading"),
            ("요약 — CPU-bound에 쓰는 것은?", "multiprocessing"),
        ]
    );
    assert_eq!(generated.skipped.len(), 1, "{:?}", generated.skipped);
    assert_eq!(generated.skipped[0].line, 5);
}

#[test]
fn code_hides_calls_numbers_and_outcomes_not_comments() {
    let doc = "# 파일\n\n```python\n# 파일 열기\nf = open(\"a.txt\", \"w\")\n# 파일 닫기\n# f.close()\n# 파일 처리 함수\ndef handle(f):\n    pass\n```\n\n\
               # 슬롯\n\n```python\nclass P:\n    __slots__ = ('x',)  # x만 허용\np = P()\n\
               p.y = 1  # ❌ AttributeError: no y\np.x = 2  # 문제없이 동작\n```\n";
    let generated = notes(doc);
    let pairs: Vec<(&str, &str)> = generated
        .cards
        .iter()
        .map(|c| (c.question.as_str(), c.answer.as_str()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            // The call the comment describes, not the comment.
            (
                "파일 — 빈칸에 들어갈 것은?\n```python\n# 파일 열기\nf = [...](\"a.txt\", \"w\")\n# 파일 닫기\n# f.close()\n# 파일 처리 함수\ndef handle(f):\n    pass\n```",
                "open"
            ),
            // Commented-out code is shown uncommented.
            (
                "파일 — 빈칸에 들어갈 것은?\n```python\n# 파일 열기\nf = open(\"a.txt\", \"w\")\n# 파일 닫기\nf.[...]()\n# 파일 처리 함수\ndef handle(f):\n    pass\n```",
                "close"
            ),
            // Outcome comments after the gap are left out.
            (
                "슬롯 — 빈칸에 들어갈 것은?\n```python\nclass P:\n    __slots__ = ('x',)  # x만 허용\np = P()\np.y = 1  # [...]\np.x = 2\n```",
                "AttributeError"
            ),
            (
                "슬롯 — 빈칸에 들어갈 것은?\n```python\nclass P:\n    __slots__ = ('x',)  # x만 허용\np = P()\np.y = 1  # ❌ AttributeError: no y\np.x = 2  # [...]\n```",
                "문제없이 동작"
            ),
        ]
    );
    // The comment that restates its line is no card.
    assert!(
        generated
            .skipped
            .iter()
            .any(|s| s.line == 17 && s.reason.starts_with("코드를 되풀이하는 주석")),
        "{:?}",
        generated.skipped
    );
}

#[test]
fn a_long_example_is_cut_to_its_section_and_the_functions_it_calls() {
    let doc = "# 동시성\n\n```python\nimport time\n\ndef a():\n    print(\"a\")\n    time.sleep(2)\n\n\
               def b():\n    print(\"b\")\n    time.sleep(3)\n\ndef unused():\n    print(\"x\")\n\n\
               # 순서대로 (총 5초)\na()\nb()\n```\n";
    let generated = notes(doc);
    assert_eq!(generated.cards.len(), 1, "{:?}", generated.cards);
    let card = &generated.cards[0];
    assert_eq!(card.answer, "5초");
    assert_eq!(
        card.question,
        "동시성 — 빈칸에 들어갈 것은?\n```python\ndef a():\n    time.sleep(2)\n\n\
         def b():\n    time.sleep(3)\n\n# 순서대로 (총 [...])\na()\nb()\n```"
    );
}

#[test]
fn code_hides_the_outcome_its_comment_states() {
    let doc = "# 튜플\n\n```python\nt = (1, 2)\nt[0] = 5  # ❌ TypeError: 'tuple' object does not support item assignment\n```\n";
    let generated = notes(doc);
    assert_eq!(generated.cards.len(), 1, "{:?}", generated.cards);
    let card = &generated.cards[0];
    assert_eq!(card.kind, CardKind::Code);
    assert_eq!(card.answer, "TypeError");
    assert_eq!(
        card.question,
        "튜플 — 빈칸에 들어갈 것은?\n```python\nt = (1, 2)\nt[0] = 5  # [...]\n```"
    );
    assert_eq!(card.source.line, 5);
}

#[test]
fn empty_headings_open_questions_and_unrelated_code_make_no_card() {
    let doc = "# Generic\n\n# PyTorch\n\n```python\nprint(len([1, 2]))\n```\n\n# 궁금한 점\n\n- 왜 둘 다 쓰나요?\n";
    let generated = notes(doc);
    assert!(generated.cards.is_empty(), "{:?}", generated.cards);
    let reasons: Vec<(u32, &str)> = generated
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    assert!(
        reasons.contains(&(1, "내용 없는 제목 (empty heading)")),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&(5, "제목과 무관한 코드 (code unrelated to its heading)")),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&(9, "답이 없는 질문 (open questions, no answer)")),
        "{reasons:?}"
    );
}

#[test]
fn curriculum_cells_and_outcomes_are_asked_item_by_item() {
    let doc = "## 1. Area\n\n**목표**: 성능을 정량적으로 분석한다.\n\n\
               | 주제 | 세부 내용 | 실습 / 목표 |\n| --- | --- | --- |\n\
               | 도구 | - flake8, pylint, ruff<br/>- pre-commit 훅 통합 | mypy strict mode 적용 |\n\
               | GIL | - GIL 작동 원리<br/>- PyPy, nogil 프로젝트 동향 | 병렬 처리 실험 |\n\n\
               ## 2. Other\n\n**목표**: 서비스를 설계한다.\n\n\
               ## 결과물\n\n- 코드 품질, observability, 자동화 등 표준 습득\n- 재사용 가능한 DDD 기반 설계 능력\n";
    let generated = generate(
        Generator::Curriculum,
        Document {
            file: "c.md",
            deck: "c",
            text: doc,
        },
    );
    let cards: Vec<(&str, &str)> = generated
        .cards
        .iter()
        .map(|c| (c.question.as_str(), c.answer.as_str()))
        .collect();
    assert_eq!(
        cards,
        vec![
            // A goal sentence: only the term that qualifies it.
            ("[1. Area] 목표: 성능을 [...]으로 분석한다.", "정량적"),
            // A list of names: one cloze each, cued by its first letter.
            (
                "[1. Area] 도구 — 세부 내용: [...] (f…), pylint, ruff · pre-commit 훅 통합",
                "flake8"
            ),
            (
                "[1. Area] 도구 — 세부 내용: flake8, [...] (p…), ruff · pre-commit 훅 통합",
                "pylint"
            ),
            (
                "[1. Area] 도구 — 세부 내용: flake8, pylint, [...] (r…) · pre-commit 훅 통합",
                "ruff"
            ),
            // A phrase hides its name only.
            (
                "[1. Area] 도구 — 세부 내용: flake8, pylint, ruff · [...] 훅 통합",
                "pre-commit"
            ),
            // Free text: the first term, not the sentence.
            (
                "[1. Area] 도구 — 실습 / 목표: [...] strict mode 적용",
                "mypy"
            ),
            // A shared suffix stays in the question.
            (
                "[1. Area] GIL — 세부 내용: GIL 작동 원리 · [...], nogil 프로젝트 동향",
                "PyPy"
            ),
            (
                "[1. Area] GIL — 세부 내용: GIL 작동 원리 · PyPy, [...] 프로젝트 동향",
                "nogil"
            ),
            (
                "[커리큘럼] 결과물 — [...], observability, 자동화 등 표준 습득",
                "코드 품질"
            ),
            (
                "[커리큘럼] 결과물 — 코드 품질, [...], 자동화 등 표준 습득",
                "observability"
            ),
            (
                "[커리큘럼] 결과물 — 코드 품질, observability, [...] 등 표준 습득",
                "자동화"
            ),
            (
                "[커리큘럼] 결과물 — 재사용 가능한 [...] 기반 설계 능력",
                "DDD"
            ),
        ]
    );
    assert!(generated.cards.iter().all(|c| c.kind == CardKind::Cloze));
    // What cannot be asked is recorded with its line.
    let skipped: Vec<(u32, &str)> = generated
        .skipped
        .iter()
        .map(|s| (s.line, s.what.as_str()))
        .collect();
    for expected in [
        (8, "GIL 작동 원리"),
        (8, "병렬 처리 실험"),
        (12, "서비스를 설계한다."),
    ] {
        assert!(skipped.contains(&expected), "{expected:?} in {skipped:?}");
    }
    // Each item keeps its own id, so progress on one is not another's.
    let ids: HashSet<&str> = generated.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), generated.cards.len());
}

#[test]
fn months_are_an_ordered_list_and_their_goals_need_a_term() {
    let doc = "## 학습 순서\n\n| 월 | 학습 영역 | 주요 목표 |\n| --- | --- | --- |\n\
               | 1 | Internals | 내부 동작 이해 |\n| 2 | asyncio | 비동기 구조 적용 |\n\
               | 3 | Capstone | Plugin 기반 백엔드 구현 |\n";
    let generated = generate(
        Generator::Curriculum,
        Document {
            file: "c.md",
            deck: "c",
            text: doc,
        },
    );
    let cards: Vec<(&str, &str)> = generated
        .cards
        .iter()
        .map(|c| (c.question.as_str(), c.answer.as_str()))
        .collect();
    assert_eq!(
        cards,
        vec![
            (
                "[학습 순서] 학습 영역 — 1개월 차: [...] → 2개월 차: asyncio",
                "Internals"
            ),
            (
                "[학습 순서] 학습 영역 — 1개월 차: Internals → 2개월 차: [...]",
                "asyncio"
            ),
            (
                "[학습 순서] 학습 영역 — 2개월 차: asyncio → 3개월 차: [...]",
                "Capstone"
            ),
            (
                "[학습 순서] 3개월 차 (Capstone) — 주요 목표: [...] 기반 백엔드 구현",
                "Plugin"
            ),
        ]
    );
    assert_eq!(generated.skipped.len(), 2, "{:?}", generated.skipped);
}

#[test]
fn plain_lists_become_one_cloze_per_item() {
    let generated = notes(
        "# 자료형\n\n- 리스트\n- 튜플\n- 딕셔너리\n\n# 설치 순서\n\n1. 가상환경 생성\n2. 활성화\n3. 패키지 설치\n",
    );
    let pairs: Vec<(&str, &str)> = generated
        .cards
        .iter()
        .map(|c| (c.question.as_str(), c.answer.as_str()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("자료형 — [...] · 튜플 · 딕셔너리", "리스트"),
            ("자료형 — 리스트 · [...] · 딕셔너리", "튜플"),
            ("자료형 — 리스트 · 튜플 · [...]", "딕셔너리"),
            ("설치 순서 — 1. [...] → 2. 활성화", "가상환경 생성"),
            ("설치 순서 — 1. 가상환경 생성 → 2. [...]", "활성화"),
            ("설치 순서 — 2. 활성화 → 3. [...]", "패키지 설치"),
        ]
    );
    assert!(generated.cards.iter().all(|c| c.kind == CardKind::Cloze));
    assert!(generated.skipped.is_empty(), "{:?}", generated.skipped);
}

#[test]
fn a_heading_answered_by_one_short_line_is_a_question_and_its_answer() {
    let doc = "# 파이썬 기초\n\n## 리스트를 뒤집는 메서드\n\nreverse()\n\n## 파이썬의 GIL이란\n\nGIL\n\n## 정렬 함수\n\nsorted()\n";
    let deck = recall::domain::generators::generate(
        recall::domain::card::Generator::Notes,
        recall::domain::generators::Document {
            file: "qa.md",
            deck: "qa",
            text: doc,
        },
    );
    let pairs: Vec<(&str, &str)> = deck
        .cards
        .iter()
        .map(|c| (c.question.as_str(), c.answer.as_str()))
        .collect();
    assert!(
        pairs.contains(&("파이썬 기초 › 리스트를 뒤집는 메서드는?", "reverse()")),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&("파이썬 기초 › 정렬 함수는?", "sorted()")),
        "{pairs:?}"
    );
    // The heading already names the answer: no card gives it away.
    assert!(pairs.iter().all(|(_, a)| *a != "GIL"), "{pairs:?}");
}
