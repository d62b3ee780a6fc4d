//! The built-in decks against their documents: every entry yields a card,
//! and every card keeps the quality rules.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};

use recall::decks::BUILTIN;
use recall::domain::card::{Card, CardKind, GeneratedDeck, Generator, Segment, answer_segments};
use recall::domain::generators::{Document, generate};
use recall::domain::lint::{self, Rule};
use recall::domain::markdown::{Block, parse};
use unicode_normalization::UnicodeNormalization;

fn deck(generator: Generator) -> (GeneratedDeck, &'static str) {
    let builtin = BUILTIN.iter().find(|d| d.generator == generator).unwrap();
    (builtin.generate(), builtin.text)
}

fn all_cards() -> Vec<Card> {
    BUILTIN.iter().flat_map(|d| d.generate().cards).collect()
}

/// Headings (`###`/`####`) followed by a `- **기능**:` bullet.
fn catalog_entries(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let name = line.trim_start_matches('#');
        if line.starts_with("###")
            && lines
                .get(i + 1)
                .is_some_and(|n| n.starts_with("- **기능**"))
        {
            out.push(name.trim().to_string());
        }
    }
    out
}

#[test]
fn every_library_entry_and_combination_yields_cards() {
    let (generated, text) = deck(Generator::Library);
    let entries = catalog_entries(text);
    assert_eq!(entries.len(), 86, "the catalog has 86 libraries");
    let keys: HashSet<&str> = generated.cards.iter().map(|c| c.key.as_str()).collect();
    let skipped_at = |line: u32, what: &str| {
        generated
            .skipped
            .iter()
            .any(|s| s.line == line && s.what.contains(what))
    };
    for entry in &entries {
        assert!(keys.contains(entry.as_str()), "no card for library {entry}");
        let line = generated
            .cards
            .iter()
            .find(|c| &c.key == entry)
            .map(|c| c.source.line)
            .unwrap();
        // Each field has its card (a 용도 list: one per item a 핵심 API
        // pins down), or is skipped at the entry's line with the reason.
        for (role, what) in [
            ("기능", format!("{entry} — 기능")),
            ("용도", format!("{entry} — 용도")),
            ("reverse", format!("→ {entry}")),
        ] {
            assert!(
                generated.cards.iter().any(|c| &c.key == entry
                    && (c.role == role || c.role.starts_with(&format!("{role}/"))))
                    || skipped_at(line, &what),
                "{entry} has no {role} card and no skip"
            );
        }
        // Nothing is skipped without a reason.
        assert!(generated.skipped.iter().all(|s| !s.reason.is_empty()));
    }
    // Most entries keep both directions.
    let reversed = entries
        .iter()
        .filter(|e| {
            generated
                .cards
                .iter()
                .any(|c| &c.key == *e && c.role == "reverse")
        })
        .count();
    assert!(reversed >= 80, "{reversed} of 86 have a reverse card");
    let combos: HashSet<&str> = generated
        .cards
        .iter()
        .filter(|c| c.tags.contains(&"combination".to_string()))
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(combos.len(), 5, "{combos:?}");
    let json = generated
        .cards
        .iter()
        .find(|c| c.key == "json" && c.role == "functions")
        .unwrap();
    assert_eq!(
        json.question,
        "____.dumps(), ____.loads(), ____.dump(), ____.load() — 어느 라이브러리의 핵심 API?"
    );
    assert_eq!(json.answer, "json");
    // `time.time()` would give the answer away even masked.
    let time = generated
        .cards
        .iter()
        .find(|c| c.key == "time" && c.role == "functions")
        .unwrap();
    assert_eq!(
        time.question,
        "____.sleep(), ____.perf_counter() — 어느 라이브러리의 핵심 API?"
    );
    // `load_dotenv()` names python-dotenv: no such card, the quiz fact stays.
    assert!(
        !generated
            .cards
            .iter()
            .any(|c| c.key == "python-dotenv" && c.role == "functions")
    );
    assert!(generated.facts.iter().any(|f| f.owner == "python-dotenv"));
    // Masking the name leaves a cue: openai is asked with its 용도, and the
    // two 딥러닝 프레임워크 are told apart.
    let reverse = |name: &str| {
        generated
            .cards
            .iter()
            .find(|c| c.key == name && c.role == "reverse")
            .map(|c| c.question.clone())
            .unwrap()
    };
    assert_eq!(
        reverse("openai"),
        "어떤 라이브러리? \"____ API 클라이언트\" (용도: GPT, DALL-E, Whisper 사용)"
    );
    assert_ne!(reverse("PyTorch"), reverse("TensorFlow"));
    // An open-ended list makes no cloze (`API 통신, [...], 데이터 저장`
    // fits anything); a 용도 is asked where a 핵심 API pins it down.
    assert!(
        !generated
            .cards
            .iter()
            .any(|c| c.key == "json" && c.role.starts_with("용도"))
    );
    assert!(skipped_at(5, "json — 용도: API 통신"));
    let exit = generated
        .cards
        .iter()
        .find(|c| c.key == "sys" && c.answer == "sys.exit()")
        .unwrap();
    assert_eq!(exit.question, "sys — 용도 \"종료 코드\": 어떤 핵심 API?");
    // Every form of a name is masked in its reverse card, and look-alikes
    // carry their own 핵심 as the cue.
    for (name, form) in [
        ("python-dotenv", ".env"),
        ("PyJWT", "JWT"),
        ("pyyaml", "YAML"),
        ("python-multipart", "멀티파트"),
        ("websockets", "웹소켓"),
        ("schedule", "스케줄러"),
    ] {
        let question = generated
            .cards
            .iter()
            .find(|c| c.key == name && c.role == "reverse")
            .map(|c| c.question.clone())
            .unwrap_or_default();
        assert!(!question.contains(form), "{question}");
    }
    assert!(reverse("FastAPI").contains("Pydantic 통합"));
    assert!(reverse("PyTorch").contains("autograd"));
    assert!(
        !generated
            .cards
            .iter()
            .any(|c| c.key == "base64" && c.role == "기능")
    );
    assert!(
        generated
            .facts
            .iter()
            .any(|f| f.owner == "json" && f.function == "json.dumps()")
    );
}

#[test]
fn every_roadmap_topic_yields_a_card() {
    let (generated, text) = deck(Generator::Roadmap);
    let topics: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("#### "))
        .filter(|t| t.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(topics.len(), 50);
    for topic in topics {
        // One cloze per sub-topic: five items, each hidden once (an item that
        // is itself a list, like `map, filter, reduce`, once per part).
        // A one-word member of a well-known set (`리스트, 튜플, …`) is
        // skipped, with the topic's line, when its item has no other part.
        let hidden: HashSet<&str> = generated
            .cards
            .iter()
            .filter(|c| c.key == topic && c.role.starts_with("subtopic/"))
            .map(|c| {
                assert_eq!(c.kind, CardKind::Cloze);
                let index = c.role.trim_start_matches("subtopic/");
                index.split('.').next().unwrap()
            })
            .collect();
        let skipped = generated
            .skipped
            .iter()
            .filter(|s| s.what.starts_with(&format!("{topic}: ")))
            .map(|s| {
                s.what
                    .split(" · ")
                    .position(|p| p.contains("[...]"))
                    .unwrap()
            })
            .collect::<HashSet<usize>>();
        for index in 0..5 {
            assert!(
                hidden.contains(index.to_string().as_str()) || skipped.contains(&index),
                "{topic}: sub-topic {index} neither hidden nor skipped"
            );
        }
        assert!(
            generated
                .cards
                .iter()
                .any(|c| c.key == topic && c.role == "order"),
            "{topic}: no order card"
        );
    }
    let seven = generated
        .cards
        .iter()
        .find(|c| c.key == "7. 함수형 프로그래밍" && c.role == "subtopic/1")
        .unwrap();
    assert_eq!(
        seven.question,
        "[Level 2] 7. 함수형 프로그래밍: map, filter, reduce · [...] · 클로저와 데코레이터 심화 · 파셜 함수 · 함수 합성"
    );
    assert_eq!(seven.answer, "functools 모듈");
    let order = generated
        .cards
        .iter()
        .find(|c| c.key == "7. 함수형 프로그래밍" && c.role == "order")
        .unwrap();
    assert_eq!(
        order.question,
        "Level 2 Python 중급 (실무 필수): 6. 고급 자료구조와 알고리즘 → 7. [...]"
    );
    assert_eq!(order.answer, "함수형 프로그래밍");
    let answer_of = |needle: &str| {
        generated
            .cards
            .iter()
            .find(|c| c.question.contains(needle))
            .map(|c| c.answer.as_str())
    };
    // `Head (a, b, c)` hides the head; a pair keeps its partner as the cue.
    assert_eq!(
        answer_of("[...] (deque, Counter, defaultdict)"),
        Some("collections 모듈")
    );
    assert_eq!(answer_of("[...], 팩토리 · 옵저버"), Some("싱글톤"));
    // One-word members of a well-known set are not asked.
    assert!(
        !generated
            .cards
            .iter()
            .any(|c| c.answer == "튜플" || c.answer == "filter")
    );
    // A direction that only translates the other is not asked; a tip hides
    // its key word, not the whole tip.
    assert!(!generated.cards.iter().any(|c| c.answer == "아키텍처 패턴"));
    assert!(!generated.cards.iter().any(|c| c.answer == "시스템 설계"));
    assert_eq!(answer_of("5. 기술 [...] 작성"), Some("블로그"));
    assert_eq!(
        answer_of("코딩 테스트 — 무엇으로 준비?"),
        Some("LeetCode, HackerRank")
    );
    assert!(generated.skipped.iter().all(|s| s.what != "(제목 없음)"));
    for book in [
        "Fluent Python",
        "Effective Python",
        "Real Python",
        "Talk Python Training",
    ] {
        assert!(
            generated.cards.iter().any(|c| c.question.contains(book)),
            "{book}"
        );
    }
}

#[test]
fn every_reference_entry_yields_both_directions() {
    let (generated, text) = deck(Generator::Reference);
    let entries: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .filter_map(|l| l.split_once(" :").map(|(left, _)| left.trim()))
        .filter(|left| left.is_ascii())
        .map(|left| left.trim_start_matches("class ").to_string())
        .collect();
    assert_eq!(entries.len(), 42);
    for entry in &entries {
        let line = text
            .lines()
            .position(|l| l.contains(&format!("{entry} :")) || l.contains(&format!("{entry}:")))
            .map(|i| u32::try_from(i + 1).unwrap())
            .unwrap();
        // Each direction has its card, or is skipped on the entry's line
        // with the reason (a family of names is asked forward only; an
        // answer that only restates the name is not asked).
        for role in ["describe", "reverse"] {
            assert!(
                generated.cards.iter().any(|c| &c.key == entry
                    && (c.role == role || c.role.starts_with(&format!("{role}/"))))
                    || generated.skipped.iter().any(|s| s.line == line),
                "{entry}: no {role} card and no skip"
            );
        }
        assert!(
            generated.cards.iter().any(|c| &c.key == entry),
            "{entry}: no card"
        );
    }
    // No card asks a member of a family against the others, or teaches a
    // name the module does not have.
    assert!(!generated.cards.iter().any(|c| c.answer == "sys.stdout"));
    assert!(
        !generated
            .cards
            .iter()
            .any(|c| c.question.contains("exevp") || c.answer.contains("exevp"))
    );
    let environ = generated
        .cards
        .iter()
        .find(|c| c.key == "os.environ()" && c.role == "reverse")
        .unwrap();
    assert_eq!(environ.answer, "os.environ");
    assert!(environ.question.ends_with("어떤 속성?"));
    // A vague description is asked against its look-alikes; a comparison
    // note is its own card.
    let queue = generated
        .cards
        .iter()
        .find(|c| c.key == "queue.Queue(maxsize)")
        .unwrap();
    assert_eq!(
        queue.question,
        "queue 모듈: \"____를 생성\" — 어떤 클래스? (\"스택 특성의 큐 생성\"·\"우선순위큐 생성\"과 다른 것)"
    );
    assert!(
        generated
            .cards
            .iter()
            .any(|c| c.question == "os.startfile(path, operation) — system() 대비 다른 점은?")
    );
    // The rest of a bullet that restates a gap leaves it out.
    assert!(
        !generated
            .cards
            .iter()
            .any(|c| c.answer == "카운터가 줄어든다")
    );
    let put = generated
        .cards
        .iter()
        .find(|c| c.key == "put(item, block, timeout)" && c.role == "reverse")
        .unwrap();
    assert_eq!(put.answer, "Queue.put(item, block, timeout)");
    assert_eq!(generated.facts.len(), 42);
    let chdir = generated
        .cards
        .iter()
        .find(|c| c.key == "os.chdir()" && c.role == "reverse")
        .unwrap();
    assert_eq!(
        chdir.question,
        "os 모듈: \"현재 작업 디렉터리 위치를 변경\" — 어떤 함수?"
    );
    // Every prose bullet yields at least one card (none is skipped).
    let prose_bullets: Vec<u32> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- ") && !l.contains(" :"))
        .map(|(i, _)| u32::try_from(i + 1).unwrap())
        .collect();
    assert_eq!(prose_bullets.len(), 10);
    for line in prose_bullets {
        assert!(
            generated
                .cards
                .iter()
                .any(|c| c.source.line == line && c.role.starts_with("prose/")),
            "no card for the prose bullet on line {line}"
        );
    }
    // What is skipped says where and why.
    assert!(
        generated
            .skipped
            .iter()
            .all(|s| s.line > 0 && !s.reason.is_empty()),
        "{:?}",
        generated.skipped
    );
    let acquire = generated
        .cards
        .iter()
        .find(|c| c.answer == "acquire()")
        .unwrap();
    assert_eq!(
        acquire.question,
        "[threading · Lock 객체] unlocked 상태에서 [...]가 호출되면 locked상태로 바뀌며, locked상태에서 release()가 호출되면 unlocked 상태로 바뀌게 된다."
    );
    // `Thread._init_()` in the source is `__init__`, not `init`.
    assert!(
        generated
            .cards
            .iter()
            .any(|c| c.answer == "Thread.__init__()")
    );
    assert!(
        !generated
            .cards
            .iter()
            .any(|c| c.question.contains("Thread.init()") || c.answer.contains("Thread.init()"))
    );
    let sys = generated
        .cards
        .iter()
        .find(|c| c.key == "sys module" && c.role.starts_with("prose/"))
        .unwrap();
    assert_eq!(
        (sys.question.as_str(), sys.answer.as_str(), sys.kind),
        (
            "어느 모듈? \"파이썬 인터프리터와 관련된 정보와 기능을 제공하는 모듈\"",
            "sys",
            CardKind::Reverse
        )
    );
}

#[test]
fn every_curriculum_area_row_month_and_outcome_yields_a_card() {
    let (generated, text) = deck(Generator::Curriculum);
    // Every area yields cards; a goal sentence is asked only by its term.
    let areas: HashSet<&str> = generated
        .cards
        .iter()
        .filter_map(|c| c.deck.strip_prefix("python-advanced::"))
        .filter(|d| d.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(areas.len(), 8, "{areas:?}");
    let goals: Vec<&str> = generated
        .cards
        .iter()
        .filter(|c| c.role == "goal")
        .map(|c| c.answer.as_str())
        .collect();
    assert_eq!(goals, vec!["설계", "정량적", "타입", "지속적"]);
    let skipped_goals = generated
        .skipped
        .iter()
        .filter(|s| s.reason.starts_with("용어 없는 목표"))
        .count();
    assert_eq!(skipped_goals, 4);
    let topic_rows: HashSet<&str> = generated
        .cards
        .iter()
        .filter(|c| {
            c.deck.starts_with("python-advanced::")
                && c.key.contains('/')
                && !c.key.contains("개월")
        })
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(topic_rows.len(), 40, "{topic_rows:?}");
    // Every month's area, asked with the month before as its cue.
    for month in 1..=6 {
        let key = format!("권장 학습 순서/{month}개월 차");
        let area = generated
            .cards
            .iter()
            .find(|c| c.key == key && c.role == "학습 영역")
            .unwrap_or_else(|| panic!("month {month}: no area card"));
        if month > 1 {
            let cue = format!("{}개월 차: ", month - 1);
            assert!(area.question.contains(&cue), "{}", area.question);
        }
    }
    let third = generated
        .cards
        .iter()
        .find(|c| c.key == "권장 학습 순서/3개월 차")
        .unwrap();
    assert_eq!(
        third.question,
        "[권장 학습 순서] 학습 영역 — 2개월 차: Concurrency & asyncio → 3개월 차: [...]"
    );
    assert_eq!(third.answer, "Profiling & Optimization");
    let outcomes: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("결과물"))
        .filter_map(|l| l.strip_prefix("- "))
        .collect();
    assert_eq!(outcomes.len(), 4);
    // A cloze with its gap filled reads as the document does.
    for outcome in outcomes {
        assert!(
            generated
                .cards
                .iter()
                .any(|c| c.question.replace("[...]", &c.answer).contains(outcome)),
            "{outcome}"
        );
    }
    // A cell listing four items is a cloze per item; the one that only
    // restates the heading (`GIL 작동 원리`) is skipped, and a phrase hides
    // its name, keeping the shared `프로젝트 동향` as the cue.
    let gil: Vec<&Card> = generated
        .cards
        .iter()
        .filter(|c| c.key == "1. Python Internals/GIL(Global Interpreter Lock)")
        .filter(|c| c.role.starts_with("세부 내용"))
        .collect();
    let answers: Vec<&str> = gil.iter().map(|c| c.answer.as_str()).collect();
    assert_eq!(answers, vec!["Thread vs Process vs Async", "PyPy", "nogil"]);
    assert_eq!(
        gil[2].question,
        "[1. Python Internals] GIL(Global Interpreter Lock) — 세부 내용: GIL 작동 원리 · Thread vs Process vs Async · PyPy, [...] 프로젝트 동향"
    );
    assert!(
        generated
            .skipped
            .iter()
            .any(|s| s.what == "GIL 작동 원리" && s.line == 28)
    );
    // No free-text cell is asked as a whole.
    assert!(
        generated
            .cards
            .iter()
            .all(|c| !c.question.ends_with("목표는?") && !c.question.ends_with("포인트는?")),
    );
}

#[test]
fn notes_yield_cards_for_every_heading_with_content_and_show_code_verbatim() {
    let (generated, text) = deck(Generator::Notes);
    // Headings as the parser reads them (with restored names such as
    // `__slots__`): each has a card, or a skip with its reason.
    let mut skipped: HashMap<&str, Vec<&str>> = HashMap::new();
    for skip in &generated.skipped {
        skipped
            .entry(skip.what.as_str())
            .or_default()
            .push(skip.reason.as_str());
    }
    let skipped_for = |what: &str, reason: &str| {
        skipped
            .get(what)
            .is_some_and(|reasons| reasons.contains(&reason))
    };
    let headings: Vec<String> = parse(text)
        .into_iter()
        .filter_map(|b| match b {
            Block::Heading { text, .. } => Some(text.trim_start_matches("💡 ").to_string()),
            _ => None,
        })
        .collect();
    assert!(headings.len() > 25);
    for title in &headings {
        let carded = generated
            .cards
            .iter()
            .any(|c| &c.key == title || c.key.ends_with(&format!("/{title}")));
        assert!(
            carded || skipped.contains_key(title.as_str()),
            "heading {title:?} neither carded nor skipped"
        );
    }
    for (what, reason) in [
        ("궁금한 점", "답이 없는 질문 (open questions, no answer)"),
        ("Generic", "내용 없는 제목 (empty heading)"),
        (
            "PyTorch",
            "제목과 무관한 코드 (code unrelated to its heading)",
        ),
        (
            "multi process ->청크",
            "설명 없는 조각 (fragment, not a fact)",
        ),
    ] {
        assert!(skipped_for(what, reason), "{what}: not skipped as {reason}");
    }
    let by_question = |q: &str| {
        generated
            .cards
            .iter()
            .find(|c| c.question == q)
            .unwrap_or_else(|| panic!("no card {q:?}"))
    };
    let concept = by_question("__slots__(메모리 최적화) — 개념은?");
    assert_eq!(concept.answer, "인스턴스가 가질 수 있는 속성 제한");
    // `메모리 사용량 절감` repeats the heading `메모리 최적화`: the other side
    // of the arrow is asked.
    let dict = by_question("__slots__(메모리 최적화) › 개념 — [...]미사용 -> 메모리 사용량 절감");
    assert_eq!(dict.answer, "__dict__");
    assert_eq!(dict.kind, CardKind::Cloze);

    // Code cards show the document's code verbatim around their one gap:
    // lines may be left out, a trailing comment after the gap dropped (it
    // could state the outcome) and commented-out code shown uncommented.
    let same_line = |doc: &str, shown: &str| {
        doc == shown
            || doc.trim_start().strip_prefix("# ") == Some(shown.trim_start())
            || doc
                .strip_prefix(shown)
                .is_some_and(|rest| rest.trim_start().starts_with('#'))
    };
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        match (&mut current, line.starts_with("```")) {
            (None, true) => current = Some(Vec::new()),
            (Some(body), true) => {
                blocks.push(body.clone());
                current = None;
            }
            (Some(body), false) => body.push(line),
            (None, false) => {}
        }
    }
    let code_cards: Vec<&Card> = generated
        .cards
        .iter()
        .filter(|c| c.kind == CardKind::Code)
        .collect();
    assert!(code_cards.len() >= 10, "{}", code_cards.len());
    // No snippet is longer than a screen of the example around its gap.
    for card in &code_cards {
        let lines = card.question.lines().count();
        assert!(lines <= 15, "{lines} lines: {}", card.question);
    }
    for card in &code_cards {
        let snippet = answer_segments(&card.question)
            .into_iter()
            .find_map(|s| match s {
                Segment::Code { code, .. } => Some(code),
                Segment::Text(_) => None,
            })
            .unwrap_or_else(|| panic!("code card without code: {}", card.question));
        let block = blocks
            .iter()
            .find(|b| {
                snippet
                    .lines()
                    .filter(|l| !l.contains("[...]"))
                    .all(|l| b.iter().any(|d| same_line(d, l)))
            })
            .unwrap_or_else(|| panic!("snippet not from the document:\n{snippet}"));
        let gap = snippet.lines().find(|l| l.contains("[...]")).unwrap();
        let (before, after) = gap.split_once("[...]").unwrap();
        let uncommented = |l: &&str| l.trim_start().strip_prefix("# ").map(str::to_string);
        assert!(
            block
                .iter()
                .flat_map(|l| [Some(l.to_string()), uncommented(l)])
                .flatten()
                .any(|l| l.starts_with(before)
                    && l.ends_with(after)
                    && l.contains(card.answer.as_str())),
            "the gap in {gap:?} does not hide {:?} of a document line",
            card.answer
        );
    }
    let slots = code_cards
        .iter()
        .find(|c| c.question.contains("opt.z = 3  # [...]"))
        .unwrap();
    assert_eq!(slots.answer, "AttributeError");
    assert!(
        slots
            .question
            .contains("__slots__ = ('x', 'y')  # x, y만 허용")
    );
}

/// A whole-token, case-insensitive mention (ASCII identifier boundaries).
fn question_contains_answer(question: &str, answer: &str) -> bool {
    let q = question.to_lowercase();
    let a = answer.trim().to_lowercase();
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    q.match_indices(&a).any(|(i, _)| {
        let before = q[..i].chars().last();
        let after = q[i + a.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word) && before != Some('.')
    })
}

#[test]
fn every_card_keeps_the_quality_rules() {
    let cards = all_cards();
    assert!(cards.len() > 500);
    let mut ids = HashSet::new();
    let mut questions: HashMap<(&str, &str), &str> = HashMap::new();
    for card in &cards {
        assert!(ids.insert(card.id.as_str()), "duplicate id {}", card.id);
        assert!(
            !card.answer.trim().is_empty(),
            "empty answer: {}",
            card.question
        );
        assert!(!card.question.trim().is_empty());
        assert!(
            !question_contains_answer(&card.question, &card.answer),
            "question contains its answer: {} → {}",
            card.question,
            card.answer
        );
        let top = card.deck.split("::").next().unwrap();
        if let Some(other) = questions.insert((top, card.question.as_str()), card.id.as_str()) {
            panic!(
                "duplicate question in {top}: {} ({other}, {})",
                card.question, card.id
            );
        }
        for text in [&card.question, &card.answer] {
            assert_eq!(text.nfc().collect::<String>(), **text, "not NFC: {text}");
            for segment in answer_segments(text) {
                if let Segment::Text(prose) = segment {
                    for markup in ["`", "<br", "\\_", "](", "&lt;"] {
                        assert!(
                            !prose.contains(markup),
                            "markup {markup:?} left in {prose:?}"
                        );
                    }
                    // `**/*.py` is a glob from a code span; `**bold**` is markup.
                    let bold = prose
                        .match_indices("**")
                        .filter(|(i, _)| !prose[i + 2..].starts_with('/'));
                    // One lone `**kwargs` is text; a pair is unrendered bold.
                    assert!(bold.count() < 2, "bold markup left in {prose:?}");
                }
            }
        }
        assert!(
            card.tags
                .iter()
                .all(|t| !t.is_empty() && !t.contains(char::is_whitespace)),
            "{:?}",
            card.tags
        );
        assert!(card.source.line > 0);
        assert!(
            card.deck
                .split("::")
                .all(|part| !part.trim().is_empty() && part.trim() == part)
        );
    }
}

fn library_with(text: &str) -> GeneratedDeck {
    generate(
        Generator::Library,
        Document {
            file: "copy.md",
            deck: "python-libraries",
            text,
        },
    )
}

#[test]
fn ids_survive_answer_edits_and_change_with_the_entry_name() {
    let original = BUILTIN[0].text;
    let before = library_with(original);
    let json_function = |deck: &GeneratedDeck, key: &str| {
        deck.cards
            .iter()
            .find(|c| c.key == key && c.role == "기능")
            .cloned()
    };
    let old = json_function(&before, "json").unwrap();

    let edited =
        library_with(&original.replace("JSON 형식 데이터 직렬화/역직렬화", "JSON 문서 읽고 쓰기"));
    let new = json_function(&edited, "json").unwrap();
    assert_eq!(new.id, old.id);
    assert_eq!(new.answer, "JSON 문서 읽고 쓰기");

    let renamed = library_with(&original.replace("### json\n", "### json5\n"));
    assert!(json_function(&renamed, "json").is_none());
    let fresh = json_function(&renamed, "json5").unwrap();
    assert_ne!(fresh.id, old.id);
    // Everything else keeps its id.
    let other = |d: &GeneratedDeck| {
        d.cards
            .iter()
            .find(|c| c.key == "pandas")
            .map(|c| c.id.clone())
    };
    assert_eq!(other(&renamed), other(&before));
}

fn snapshot_text(generated: &GeneratedDeck) -> String {
    let mut out = String::new();
    let mut deck = "";
    for card in &generated.cards {
        if card.deck != deck {
            deck = &card.deck;
            out.push_str(&format!("\n## {deck}\n"));
        }
        out.push_str(&format!(
            "Q: {}\nA: {}\n",
            card.question,
            card.answer.replace('\n', "\n   ")
        ));
    }
    for skip in &generated.skipped {
        out.push_str(&format!(
            "skipped line {}: {} — {}\n",
            skip.line, skip.what, skip.reason
        ));
    }
    out
}

#[test]
fn snapshots_of_every_deck() {
    for builtin in &BUILTIN {
        insta::assert_snapshot!(builtin.deck, snapshot_text(&builtin.generate()));
    }
}

/// The decks whose cards this suite holds to every card rule.
const RULED: [Generator; 3] = [Generator::Library, Generator::Roadmap, Generator::Reference];

#[test]
fn the_catalog_roadmap_and_reference_decks_keep_every_card_rule() {
    for generator in RULED {
        let (generated, _) = deck(generator);
        let problems = lint::check(&generated);
        // Each rule on its own, so that a failure says which one broke.
        for rule in Rule::ALL {
            let broken: Vec<String> = problems
                .iter()
                .filter(|p| p.rule == rule)
                .map(ToString::to_string)
                .collect();
            assert!(
                broken.is_empty(),
                "{} deck: {} cards break {rule}:\n{}",
                generator.as_str(),
                broken.len(),
                broken.join("\n")
            );
        }
        assert!(problems.is_empty());
        // The same facts measured directly, without the checker.
        for card in &generated.cards {
            assert!(card.answer.chars().count() <= 200, "{}", card.question);
            assert!(card.answer.lines().count() <= 5, "{}", card.question);
            let gaps = card.question.matches("[...]").count();
            match card.kind {
                CardKind::Cloze => assert_eq!(gaps, 1, "{}", card.question),
                _ => assert_eq!(gaps, 0, "{}", card.question),
            }
        }
        let kinds: HashSet<CardKind> = generated.cards.iter().map(|c| c.kind).collect();
        assert!(kinds.contains(&CardKind::Cloze), "{}", generator.as_str());
        assert!(kinds.contains(&CardKind::Reverse), "{}", generator.as_str());
    }
}

#[test]
fn the_checker_flags_the_cards_these_decks_used_to_make() {
    // The old roadmap card: one topic, five sub-topics to recite.
    let (mut generated, _) = deck(Generator::Roadmap);
    let mut old = generated.cards[1].clone();
    old.kind = CardKind::Basic;
    old.question = "[Level 7] 32. 통합 테스팅 — 다루는 내용은?".into();
    old.answer =
        "API 테스팅 · 데이터베이스 테스팅 · 테스트 데이터 관리 · 테스트 환경 구성 · 연동 테스트"
            .into();
    let copy = generated.cards[0].clone();
    generated.cards = vec![old, copy.clone(), copy];
    let rules: Vec<Rule> = lint::check(&generated).iter().map(|p| p.rule).collect();
    assert_eq!(
        rules,
        vec![Rule::ListAnswer, Rule::CatchAll, Rule::DuplicateQuestion]
    );
}
