//! The card rules of DESIGN §2 (with the examples of CARDS.md) as a check
//! over a generated deck: every card that breaks one, with the rule, the
//! card's question and its source line. `recall lint` and
//! `import --dry-run` print these together with what the generator skipped.

use std::collections::HashMap;
use std::fmt;

use super::card::{CLOZE_GAP, Card, CardKind, GeneratedDeck, Segment, Skipped, answer_segments};
use super::text::{contains_token, distinctive_part, enumeration, nfc};

/// An answer longer than this many characters is more than one fact.
pub const MAX_ANSWER_CHARS: usize = 200;
/// An answer with more lines than this is more than one fact.
pub const MAX_ANSWER_LINES: usize = 5;

/// Which card rule a card breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// Over [`MAX_ANSWER_CHARS`] characters or [`MAX_ANSWER_LINES`] lines.
    LongAnswer,
    /// The answer lists three or more items (or a code card's answer is not
    /// one line).
    ListAnswer,
    /// The question does not say what is asked ("정리한 내용은?").
    CatchAll,
    /// The answer can be read in the question (or in a cloze's context).
    AnswerInQuestion,
    /// Another card of the deck asks the same question.
    DuplicateQuestion,
    /// Markdown or HTML markup left in the text.
    Markup,
    /// A cloze or code card without exactly one gap, or a gap in a card of
    /// another kind.
    Gap,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::LongAnswer,
        Rule::ListAnswer,
        Rule::CatchAll,
        Rule::AnswerInQuestion,
        Rule::DuplicateQuestion,
        Rule::Markup,
        Rule::Gap,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::LongAnswer => "long-answer",
            Rule::ListAnswer => "list-answer",
            Rule::CatchAll => "catch-all-question",
            Rule::AnswerInQuestion => "answer-in-question",
            Rule::DuplicateQuestion => "duplicate-question",
            Rule::Markup => "markup-left",
            Rule::Gap => "cloze-gap",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken rule of one card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub rule: Rule,
    /// The card's source file and line.
    pub file: String,
    pub line: u32,
    pub question: String,
    /// What exactly is wrong, in a few words.
    pub detail: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let question = self.question.replace('\n', " ⏎ ");
        write!(
            f,
            "{}:{}: {}: {} — {}",
            self.file, self.line, self.rule, question, self.detail
        )
    }
}

/// What the generator left out of a deck, and why (for the same report).
pub fn skipped(deck: &GeneratedDeck) -> &[Skipped] {
    &deck.skipped
}

/// Everything `recall lint` and `import --dry-run` show for one document:
/// the broken rules, then what was skipped.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The document's file name, for the skipped lines.
    pub file: &'a str,
    pub problems: Vec<Problem>,
    pub skipped: &'a [Skipped],
}

impl Report<'_> {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// [`check`] and [`skipped`] together.
pub fn report<'a>(file: &'a str, deck: &'a GeneratedDeck) -> Report<'a> {
    Report {
        file,
        problems: check(deck),
        skipped: skipped(deck),
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        for skip in self.skipped {
            let what = skip.what.replace('\n', " ⏎ ");
            writeln!(
                f,
                "{}:{}: skipped: {what} — {}",
                self.file, skip.line, skip.reason
            )?;
        }
        Ok(())
    }
}

/// Every rule broken by every card of the deck, in card order.
pub fn check(deck: &GeneratedDeck) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: HashMap<String, &Card> = HashMap::new();
    for card in &deck.cards {
        check_card(card, &mut problems);
        let key = nfc(&card.question);
        match seen.get(&key) {
            Some(first) => problems.push(problem(
                card,
                Rule::DuplicateQuestion,
                format!("같은 질문이 {}행에도 있음", first.source.line),
            )),
            None => {
                seen.insert(key, card);
            }
        }
    }
    problems
}

/// The rules that concern one card alone.
pub fn check_card(card: &Card, problems: &mut Vec<Problem>) {
    let mut report = |rule, detail: String| problems.push(problem(card, rule, detail));

    let chars = card.answer.chars().count();
    let lines = card.answer.lines().count();
    if chars > MAX_ANSWER_CHARS {
        report(
            Rule::LongAnswer,
            format!("답이 {chars}자 (최대 {MAX_ANSWER_CHARS})"),
        );
    } else if lines > MAX_ANSWER_LINES {
        report(
            Rule::LongAnswer,
            format!("답이 {lines}줄 (최대 {MAX_ANSWER_LINES})"),
        );
    }

    if card.kind == CardKind::Code && lines > 1 {
        report(
            Rule::ListAnswer,
            format!("코드 카드의 답이 {lines}줄: 한 줄/토큰이어야 함"),
        );
    } else if let Some(items) = listed_items(&card.answer) {
        report(
            Rule::ListAnswer,
            format!("답이 {}개 항목의 나열: {}", items.len(), items.join(" | ")),
        );
    }

    if let Some(phrase) = catch_all(&card.question) {
        report(Rule::CatchAll, format!("무엇을 묻는지 모름: \"{phrase}\""));
    }

    if let Some(leak) = leak(card) {
        report(Rule::AnswerInQuestion, leak);
    }

    for (field, text) in [("질문", &card.question), ("답", &card.answer)] {
        if let Some(markup) = markup_left(text) {
            report(Rule::Markup, format!("{field}에 마크업 {markup:?}"));
        }
    }

    let gaps = card.question.matches(CLOZE_GAP).count();
    match card.kind {
        CardKind::Cloze if gaps != 1 => {
            report(
                Rule::Gap,
                format!("빈칸 {CLOZE_GAP}이 {gaps}개 (정확히 1개)"),
            );
        }
        // A code card hides one line or token, or asks about the snippet.
        CardKind::Code if gaps > 1 => {
            report(
                Rule::Gap,
                format!("코드 카드에 빈칸 {CLOZE_GAP}이 {gaps}개 (최대 1개)"),
            );
        }
        CardKind::Code if gaps == 0 && !asks_about_code(&card.question) => {
            report(
                Rule::Gap,
                format!("코드 카드에 빈칸 {CLOZE_GAP}도, 코드에 대해 묻는 문장도 없음"),
            );
        }
        CardKind::Basic | CardKind::Reverse if gaps > 0 => {
            report(
                Rule::Gap,
                format!(
                    "{} 카드에 빈칸 {CLOZE_GAP}: cloze여야 함",
                    card.kind.as_str()
                ),
            );
        }
        _ => {}
    }
}

fn problem(card: &Card, rule: Rule, detail: String) -> Problem {
    Problem {
        rule,
        file: card.source.file.clone(),
        line: card.source.line,
        question: card.question.clone(),
        detail,
    }
}

/// The items of an answer that is an enumeration (prose only; code blocks
/// are judged by their length).
fn listed_items(answer: &str) -> Option<Vec<String>> {
    answer_segments(answer)
        .into_iter()
        .find_map(|segment| match segment {
            Segment::Text(text) => enumeration(text),
            Segment::Code { .. } => None,
        })
}

/// Questions that ask for "everything about" a heading.
const CATCH_ALL: [&str; 14] = [
    "정리한 내용",
    "다루는 내용",
    "주요 내용",
    "내용",
    "요점",
    "비고",
    "목록",
    "정리",
    "요약",
    "기타",
    "메모",
    "참고",
    "설명",
    "특이사항",
];

/// The catch-all phrase a question ends with, if any: the part after the
/// last ` — ` (or after a `[context]`), less `?` and a topic particle.
fn catch_all(question: &str) -> Option<String> {
    let last_line = question.lines().next_back().unwrap_or_default().trim();
    let asked = last_line
        .rsplit_once(" — ")
        .map(|(_, ask)| ask)
        .or_else(|| last_line.rsplit_once("] ").map(|(_, ask)| ask))
        .unwrap_or(last_line)
        .trim();
    let bare = asked.trim_end_matches(['?', '？', ' ']);
    let bare = bare
        .strip_suffix('은')
        .or_else(|| bare.strip_suffix('는'))
        .unwrap_or(bare)
        .trim();
    CATCH_ALL.contains(&bare).then(|| asked.to_string())
}

/// How the question gives its answer away, if it does.
fn leak(card: &Card) -> Option<String> {
    answer_in_question(&card.question, &card.answer, card.kind)
}

/// How a question gives its answer away, if it does: the answer (or the
/// answer less a trailing `()`) as a token, case-insensitive and NFC; for a
/// reverse card also the distinctive part of the name (`dotenv` of
/// `python-dotenv`). A cloze's gap does not count as context.
pub fn answer_in_question(question: &str, answer: &str, kind: CardKind) -> Option<String> {
    let answer = nfc(answer);
    let context = nfc(&question.replace(CLOZE_GAP, " "));
    if contains_token(&context, &answer) {
        return Some(format!("질문에 답 \"{answer}\"이 보임"));
    }
    let bare = answer.trim_end_matches("()");
    if bare.chars().count() >= 2 && bare != answer && contains_token(&context, bare) {
        return Some(format!("질문에 답 \"{bare}\"이 보임"));
    }
    if kind == CardKind::Reverse {
        if let Some(part) = distinctive_part(&answer) {
            if context.contains(part.as_str()) {
                return Some(format!("질문에 답의 이름 \"{part}\"이 보임"));
            }
        }
    }
    None
}

/// Markdown or HTML left in the prose of a text (code blocks are verbatim).
fn markup_left(text: &str) -> Option<&'static str> {
    for segment in answer_segments(text) {
        let Segment::Text(prose) = segment else {
            continue;
        };
        for markup in ["`", "<br", "\\_", "](", "&lt;", "&gt;", "&amp;"] {
            if prose.contains(markup) {
                return Some(markup);
            }
        }
        // `**/*.py` is a glob and one `**kwargs` is Python; a pair of `**`
        // is bold that was never rendered.
        let bold = prose
            .match_indices("**")
            .filter(|(i, _)| !prose.get(i + 2..).is_some_and(|rest| rest.starts_with('/')))
            .count();
        if bold >= 2 {
            return Some("**");
        }
    }
    None
}

/// A code card without a gap must ask something about its snippet.
fn asks_about_code(question: &str) -> bool {
    answer_segments(question).iter().any(
        |segment| matches!(segment, Segment::Text(text) if text.trim_end().ends_with(['?', '？'])),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::card::{CardId, Generator, Source, fence};

    fn card(kind: CardKind, question: &str, answer: &str) -> Card {
        Card {
            id: CardId::new("d", Generator::Notes, question, "r"),
            deck: "d".into(),
            generator: Generator::Notes,
            kind,
            key: question.into(),
            role: "r".into(),
            sibling: "s".into(),
            question: question.into(),
            answer: answer.into(),
            tags: vec![],
            source: Source {
                file: "notes.md".into(),
                line: 7,
            },
        }
    }

    fn rules(card: &Card) -> Vec<Rule> {
        let mut problems = Vec::new();
        check_card(card, &mut problems);
        problems.into_iter().map(|p| p.rule).collect()
    }

    /// The slots note before the rules: 606 characters, 28 lines, two code
    /// blocks behind a catch-all question.
    fn slots_before() -> Card {
        let code = "class Optimized:\n    __slots__ = ('x', 'y')\n\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n\nopt = Optimized(1, 2)\nopt.z = 3  # AttributeError";
        let normal = "class Normal:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n\nobj = Normal(1, 2)\nprint(obj.__dict__)  # {'x': 1, 'y': 2}\nobj.z = 3  # 동적 속성 추가 가능";
        let answer = format!(
            "일반 클래스는 __dict__에 속성을 저장한다.\n{}\n__slots__를 쓰면 __dict__가 없어 메모리를 아끼지만 동적 속성 추가가 안 된다.\n{}\n장점: 메모리 절약, 속성 접근 속도 향상\n단점: 유연성 감소, 상속 시 주의",
            fence("python", normal),
            fence("python", code)
        );
        card(CardKind::Basic, "slots(메모리 최적화) — 비고는?", &answer)
    }

    #[test]
    fn the_before_examples_of_cards_md_are_flagged() {
        let integration = card(
            CardKind::Basic,
            "[Level 7] 32. 통합 테스팅 — 다루는 내용은?",
            "API 테스팅 · 데이터베이스 테스팅 · 테스트 데이터 관리 · 테스트 환경 구성 · 연동 테스트",
        );
        assert_eq!(rules(&integration), vec![Rule::ListAnswer, Rule::CatchAll]);

        let threading = card(
            CardKind::Basic,
            "threading 모듈 — 정리한 내용은?",
            "• 장점: 메모리 공유, 생성 빠름 • 단점: GIL로 인해 CPU-bound 작업에 비효율",
        );
        assert_eq!(rules(&threading), vec![Rule::CatchAll]);

        let slots = slots_before();
        assert!(slots.answer.chars().count() > 200);
        assert_eq!(rules(&slots), vec![Rule::LongAnswer, Rule::CatchAll]);

        let time = card(
            CardKind::Reverse,
            "____.sleep(), ____.time(), ____.perf_counter() — 어느 라이브러리의 핵심 API?",
            "time",
        );
        assert_eq!(rules(&time), vec![Rule::AnswerInQuestion]);

        let dotenv = card(
            CardKind::Reverse,
            "load_dotenv() — 어느 라이브러리?",
            "python-dotenv",
        );
        assert_eq!(rules(&dotenv), vec![Rule::AnswerInQuestion]);

        let roadmap_order = card(
            CardKind::Basic,
            "[Level 1] Python 기본기 (필수 기초) — 주제를 순서대로?",
            "1. Python 기본 문법과 자료구조 · 2. 함수와 모듈 · 3. 객체지향 프로그래밍 (OOP) · 4. 에러 처리와 예외 · 5. 파일 처리와 I/O",
        );
        assert_eq!(rules(&roadmap_order), vec![Rule::ListAnswer]);

        let key_api = card(
            CardKind::Basic,
            "json — 핵심 API는?",
            "json.dumps(), json.loads(), json.dump(), json.load()",
        );
        assert_eq!(rules(&key_api), vec![Rule::ListAnswer]);

        let reading = card(
            CardKind::Basic,
            "[필독 자료 · 책] 목록은?",
            "Fluent Python - Python 심화\nEffective Python - 베스트 프랙티스\nArchitecture Patterns with Python - 아키텍처 패턴\nHigh Performance Python - 성능 최적화",
        );
        assert_eq!(rules(&reading), vec![Rule::ListAnswer, Rule::CatchAll]);

        let summary = card(
            CardKind::Basic,
            "[sys] sys module — 요점은?",
            "파이썬 인터프리터와 관련된 정보와 기능을 제공하는 모듈",
        );
        assert_eq!(rules(&summary), vec![Rule::CatchAll]);
    }

    #[test]
    fn the_after_examples_of_cards_md_pass() {
        let passing = [
            card(
                CardKind::Cloze,
                "[Level 7] 통합 테스팅: API 테스팅 · [...] · 테스트 데이터 관리 · 테스트 환경 구성 · 연동 테스트",
                "데이터베이스 테스팅",
            ),
            card(
                CardKind::Cloze,
                "Level 1: 1. 기본 문법과 자료구조 → 2. [...]",
                "함수와 모듈",
            ),
            card(
                CardKind::Basic,
                "threading 모듈 — 단점은?",
                "GIL 때문에 CPU-bound 작업에 비효율",
            ),
            card(
                CardKind::Code,
                &format!(
                    "{}\n마지막 줄의 결과는?",
                    fence(
                        "python",
                        "class Optimized:\n    __slots__ = ('x', 'y')\n\nopt = Optimized(1, 2)\nopt.z = 3  # [...]"
                    )
                ),
                "AttributeError",
            ),
            card(
                CardKind::Basic,
                "__slots__를 쓰면 잃는 것은?",
                "동적 속성 추가 (유연성)",
            ),
            card(
                CardKind::Reverse,
                "____.sleep(), ____.perf_counter() — 어느 라이브러리의 핵심 API?",
                "time",
            ),
            card(
                CardKind::Reverse,
                "어떤 라이브러리? \"____ API 클라이언트\" (용도: GPT, DALL-E, Whisper 사용)",
                "openai",
            ),
            card(
                CardKind::Cloze,
                "[Level 2] 함수형 프로그래밍: map, filter, reduce · [...] · 클로저와 데코레이터 심화",
                "functools 모듈",
            ),
            card(
                CardKind::Basic,
                "json — 기능은?",
                "JSON 형식 데이터 직렬화/역직렬화",
            ),
            card(
                CardKind::Reverse,
                "queue 모듈: \"큐를 생성\" — 어떤 함수?",
                "queue.Queue(maxsize)",
            ),
        ];
        for card in &passing {
            assert_eq!(rules(card), vec![], "{}", card.question);
        }
    }

    #[test]
    fn prose_with_commas_is_not_a_list() {
        for prose in [
            "파이프를 생성, 함수를 실행하면 읽기, 쓰기 전용 파이프의 파일 디스크립터가 반환",
            "블로킹없이 큐 객체 반환, 아이템 없는경우, queue.Empty예외 발생",
            "표준 입력, 출력, 에러 스트림에 대응되는 패일 객체를 나타낸다.",
            "S3, EC2, Lambda 등 AWS 서비스 제어",
            "운영체제 관련 기능 (파일/디렉토리, 환경변수)",
            "os.access(path, mode)",
            "API 키, DB 비밀번호 등 민감 정보 관리",
        ] {
            let card = card(CardKind::Basic, "x — 하는 일은?", prose);
            assert_eq!(rules(&card), vec![], "{prose}");
        }
        for list in [
            "API 통신, 설정 파일, 데이터 저장",
            "sys.stdin, sys.stdout, sys.stderr",
            "os.execl(), os.execlp(), os.execv(), os.exevp(), ...",
            "개념 이해 → 코드 작성 → 프로젝트 적용",
            "DDL/DML/DCL",
            "- a\n- b\n- c",
        ] {
            let card = card(CardKind::Basic, "x — 하는 일은?", list);
            assert_eq!(rules(&card), vec![Rule::ListAnswer], "{list}");
        }
    }

    #[test]
    fn gaps_markup_duplicates_and_code_answers() {
        let two_gaps = card(CardKind::Cloze, "a [...] b [...]", "x");
        assert_eq!(rules(&two_gaps), vec![Rule::Gap]);
        let no_gap = card(CardKind::Cloze, "a b", "x");
        assert_eq!(rules(&no_gap), vec![Rule::Gap]);
        let bare_code = card(CardKind::Code, &fence("python", "print(y)"), "NameError");
        assert_eq!(rules(&bare_code), vec![Rule::Gap]);
        let code_gap = card(
            CardKind::Code,
            &fence("python", "opt.z = 3  # [...]"),
            "AttributeError",
        );
        assert_eq!(rules(&code_gap), vec![]);
        let gap_in_basic = card(CardKind::Basic, "a [...] b", "x");
        assert_eq!(rules(&gap_in_basic), vec![Rule::Gap]);
        let bold = card(CardKind::Basic, "**dict** — 무엇인가?", "속성 사전");
        assert_eq!(rules(&bold), vec![Rule::Markup]);
        let br = card(CardKind::Basic, "x — 무엇인가?", "한 줄<br/>두 줄");
        assert_eq!(rules(&br), vec![Rule::Markup]);
        let glob = card(
            CardKind::Basic,
            "glob — 용도는?",
            "*.txt, **/*.py 같은 패턴",
        );
        assert_eq!(rules(&glob), vec![]);
        let code = card(
            CardKind::Code,
            &format!("{}\n출력은?", fence("python", "print(1)")),
            "1\n2",
        );
        assert_eq!(rules(&code), vec![Rule::ListAnswer]);
        let long_lines = card(
            CardKind::Basic,
            "x — 무엇인가?",
            "가다.\n나다.\n다다.\n라다.\n마다.\n바다.",
        );
        assert_eq!(rules(&long_lines), vec![Rule::LongAnswer]);

        let deck = GeneratedDeck {
            cards: vec![
                card(CardKind::Basic, "json — 기능은?", "a"),
                card(CardKind::Basic, "json — 기능은?", "b"),
            ],
            facts: vec![],
            skipped: vec![],
        };
        let problems = check(&deck);
        assert_eq!(problems.len(), 1);
        let skipped = [Skipped {
            line: 3,
            what: "궁금한 점".into(),
            reason: "답이 없는 질문".into(),
        }];
        let with_skips = GeneratedDeck {
            skipped: skipped.to_vec(),
            ..deck.clone()
        };
        let report = report("notes.md", &with_skips);
        assert!(!report.is_clean());
        assert_eq!(
            report.to_string(),
            "notes.md:7: duplicate-question: json — 기능은? — 같은 질문이 7행에도 있음\nnotes.md:3: skipped: 궁금한 점 — 답이 없는 질문\n"
        );
        assert_eq!(problems[0].rule, Rule::DuplicateQuestion);
        assert_eq!(
            problems[0].to_string(),
            "notes.md:7: duplicate-question: json — 기능은? — 같은 질문이 7행에도 있음"
        );
    }

    #[test]
    fn leaks_are_found_through_case_and_normalisation() {
        let upper = card(CardKind::Reverse, "어떤 라이브러리? \"JSON 형식\"", "json");
        assert_eq!(rules(&upper), vec![Rule::AnswerInQuestion]);
        let cloze = card(CardKind::Cloze, "설정 파일, [...], 설정 파일", "설정 파일");
        assert_eq!(rules(&cloze), vec![Rule::AnswerInQuestion]);
        // NFD in the question, NFC in the answer.
        let decomposed = card(CardKind::Basic, "\u{1100}\u{1161} — 무엇인가?", "가");
        assert_eq!(rules(&decomposed), vec![Rule::AnswerInQuestion]);
        let beautiful = card(
            CardKind::Reverse,
            "BeautifulSoup(), .find() — 어느 라이브러리?",
            "BeautifulSoup4",
        );
        assert_eq!(rules(&beautiful), vec![Rule::AnswerInQuestion]);
        let research = card(CardKind::Reverse, "research — 어느 모듈?", "re");
        assert_eq!(rules(&research), vec![]);
    }
}
