//! The quiz: questions drawn with a fixed seed are answerable and fair
//! (one right option, the answer not readable off the question), typed
//! answers are graded forgivingly and accept every right answer, and the
//! schedule is touched only with --schedule.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;

use common::TestEnv;
use proptest::prelude::*;
use recall::app::quiz::{Kind, Mode, Question, Verdict, draw, grade_typed};
use recall::decks::BUILTIN;
use recall::domain::card::QuizFact;
use recall::domain::quiz::grade;

fn facts() -> Vec<QuizFact> {
    BUILTIN.iter().flat_map(|d| d.generate().facts).collect()
}

#[test]
fn choice_questions_are_fair_for_many_seeds() {
    let facts = facts();
    for seed in 0..40 {
        let questions = draw(&facts, &facts, 15, Mode::Choice, seed);
        assert_eq!(questions.len(), 15);
        let texts: HashSet<&str> = questions.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(texts.len(), 15, "a question twice in one quiz");
        for q in &questions {
            assert!(q.options.len() >= 2 && q.options.len() <= 4, "{q:?}");
            assert_eq!(
                q.options.iter().filter(|o| **o == q.answer).count(),
                1,
                "{q:?}"
            );
            let unique: HashSet<String> = q.options.iter().map(|o| o.to_lowercase()).collect();
            assert_eq!(unique.len(), q.options.len(), "duplicate option: {q:?}");
            // The masked question never names its own answer.
            let lower = q.text.to_lowercase();
            let answer = q.answer.to_lowercase();
            let leaks = lower.match_indices(&answer).any(|(i, _)| {
                let before = lower[..i].chars().last();
                let after = lower[i + answer.len()..].chars().next();
                let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
                !before.is_some_and(word) && before != Some('.') && !after.is_some_and(word)
            });
            assert!(!leaks, "question leaks its answer: {q:?}");
        }
    }
    // The same seed draws the same quiz.
    assert_eq!(
        draw(&facts, &facts, 10, Mode::Choice, 3),
        draw(&facts, &facts, 10, Mode::Choice, 3)
    );
    assert_ne!(
        draw(&facts, &facts, 10, Mode::Choice, 3),
        draw(&facts, &facts, 10, Mode::Choice, 4)
    );
}

#[test]
fn distractors_come_from_the_same_stage_or_module() {
    let facts = facts();
    let questions = draw(&facts, &facts, 30, Mode::Choice, 9);
    let owners_where = |keep: &dyn Fn(&QuizFact) -> bool| -> HashSet<String> {
        facts
            .iter()
            .filter(|f| keep(f))
            .map(|f| f.owner.clone())
            .collect()
    };
    let mut checked = 0;
    for q in questions
        .iter()
        .filter(|q| q.text.ends_with("어느 라이브러리/모듈?"))
    {
        let fact = facts
            .iter()
            .find(|f| f.card.as_str() == q.card && f.owner == q.answer)
            .unwrap();
        let group = owners_where(&|f: &QuizFact| f.group == fact.group);
        let document =
            owners_where(&|f: &QuizFact| f.deck.split("::").next() == fact.deck.split("::").next());
        // Same stage or module first; a module alone gets the document's other modules.
        let expected = if group.len() >= 4 { group } else { document };
        assert!(
            q.options.iter().all(|o| expected.contains(o)),
            "{q:?} vs {expected:?}"
        );
        checked += 1;
    }
    assert!(checked > 0);
}

#[test]
fn typed_answers_are_graded_forgivingly_against_one_expected_answer() {
    use Verdict::*;
    let table: &[(&str, &str, Option<&str>, Verdict)] = &[
        ("os.chdir()", "os.chdir()", Some("os."), Right),
        ("chdir", "os.chdir()", Some("os."), Right),
        ("  `OS.CHDIR`  ", "os.chdir()", Some("os."), Right),
        ("os.access", "os.access(path, mode)", Some("os."), Right),
        (
            "access(path,mode)",
            "os.access(path, mode)",
            Some("os."),
            Right,
        ),
        ("chdri", "os.chdir()", Some("os."), NearMiss),
        ("getcwd", "os.chdir()", Some("os."), Wrong),
        ("", "os.chdir()", Some("os."), Wrong),
        ("json", "json", None, Right),
        ("jsno", "json", None, NearMiss),
        ("pickle", "json", None, Wrong),
        // Korean: NFD input (as some keyboards produce) equals NFC.
        (
            "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}",
            "한글",
            None,
            Right,
        ),
        ("한 글", "한글", None, Right),
        ("한국", "한글", None, Wrong),
        ("dumps", "dumps()", None, Right),
        ("chdir", "os.chdir()", None, Wrong),
    ];
    for (typed, expected, prefix, verdict) in table {
        assert_eq!(
            grade_typed(typed, expected, *prefix),
            *verdict,
            "{typed:?} for {expected:?}"
        );
    }
}

fn states(env: &TestEnv) -> Vec<(String, serde_json::Value)> {
    let cards = env.json("2026-11-21", &["cards", "--json"]);
    cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap().to_string(), c["state"].clone()))
        .collect()
}

#[test]
fn without_schedule_no_state_changes_with_it_only_the_quizzed_cards() {
    let env = TestEnv::new();
    let before = states(&env);
    env.cmd("2026-11-21", &["quiz", "--plain", "--count", "5"])
        .write_stdin("1\n2\n1\n3\n1\n")
        .assert()
        .success();
    assert_eq!(states(&env), before);

    let out = env
        .cmd(
            "2026-11-21",
            &["quiz", "--plain", "--count", "5", "--schedule"],
        )
        .write_stdin("1\n2\n1\n3\n1\n")
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let right = stdout.lines().filter(|l| l.starts_with("✓")).count();
    let after = states(&env);
    let changed: Vec<&serde_json::Value> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.1 != a.1)
        .map(|(_, a)| &a.1)
        .collect();
    // One card per question (two questions may share a card).
    assert!(!changed.is_empty() && changed.len() <= 5, "{changed:?}");
    // SM-2 from a new card: right (4) → n 1, EF 2.50; wrong (1) → n 0, EF 1.96.
    for state in &changed {
        let ef = state["ef"].as_f64().unwrap();
        assert_eq!(state["due"], "2026-11-22");
        assert!(
            ef == 2.5 && state["reps"] == 1 || ef == 1.96 && state["reps"] == 0,
            "{state}"
        );
    }
    assert!(changed.iter().filter(|s| s["reps"] == 1).count() <= right);
}

#[test]
fn plain_quiz_reasks_bad_lines_and_shows_misses() {
    let env = TestEnv::new();
    env.cmd(
        "2026-11-21",
        &[
            "quiz",
            "--plain",
            "--count",
            "2",
            "--deck",
            "python-api::queue",
        ],
    )
    .write_stdin("zero\n9\n1\n1\n")
    .assert()
    .success()
    .stderr(predicates::str::contains(
        "\"zero\": answer with a number from 1 to",
    ))
    .stdout(predicates::str::contains("1) "))
    .stdout(predicates::str::contains("점수 (score): "));
    env.cmd("2026-11-21", &["quiz", "--plain", "--deck", "python-notes"])
        .assert()
        .code(1)
        .stderr("recall: no library functions to quiz on in \"python-notes\"\n");
}

/// 100 seeds × 15 questions over every built-in deck, choice and typed:
/// no wrong option is also right (the oracle below: a library that has the
/// masked function in any document or in the standard-library table; a
/// function that the asked library has; a function named the same as the
/// described one), and no answer or option can be read off its question (a
/// word of four letters or more of one inside a word of the other, or the
/// same short word: `dotenv` in `load_dotenv()`, `alembic` in `alembic
/// revision`, `time` in `time()`).
#[test]
fn no_question_has_two_right_options_or_gives_its_answer_away() {
    let facts = facts();
    let table = table();
    for mode in [Mode::Choice, Mode::Typed] {
        let (mut asked, mut two_right, mut given_away) = (0, Vec::new(), Vec::new());
        for seed in 0..100 {
            let questions = draw(&facts, &facts, 15, mode, seed);
            assert_eq!(questions.len(), 15, "seed {seed}");
            for q in &questions {
                asked += 1;
                let unfair = judge(q, &facts, &table);
                two_right.extend(unfair.two_right);
                given_away.extend(unfair.given_away);
            }
        }
        assert_eq!(asked, 1500);
        assert!(two_right.is_empty(), "{mode:?}: {two_right:#?}");
        assert!(given_away.is_empty(), "{mode:?}: {given_away:#?}");
    }
}

fn question(text: &str, answer: &str, options: &[&str], kind: Kind) -> Question {
    Question {
        text: text.to_string(),
        answer: answer.to_string(),
        options: options.iter().map(|o| o.to_string()).collect(),
        optional_prefix: None,
        kind,
        accepted: Vec::new(),
        source: String::new(),
        card: String::new(),
    }
}

/// The oracle catches the unfair questions the quiz used to ask.
#[test]
fn the_fairness_oracle_catches_the_old_unfair_questions() {
    let facts = facts();
    let table = table();
    let two_right = [
        question(
            "time의 함수/API는?",
            "sleep()",
            &["sleep()", "strftime()"],
            Kind::Function,
        ),
        question(
            "os의 함수/API는?",
            "getcwd()",
            &["getcwd()", "path"],
            Kind::Function,
        ),
        question(
            "strftime() — 어느 라이브러리/모듈?",
            "datetime",
            &["datetime", "time"],
            Kind::Library,
        ),
        question(
            "os — \"디렉터리 삭제\" 하는 것은?",
            "rmdir()",
            &["rmdir()", "os.rmdir(path)"],
            Kind::Description,
        ),
    ];
    for q in &two_right {
        assert!(!judge(q, &facts, &table).two_right.is_empty(), "{q:?}");
    }
    let given_away = [
        question(
            "load_dotenv() — 어느 라이브러리/모듈?",
            "python-dotenv",
            &["python-dotenv", "json"],
            Kind::Library,
        ),
        question(
            "alembic의 함수/API는?",
            "alembic revision",
            &["alembic revision", "dumps()"],
            Kind::Function,
        ),
        question(
            "json의 함수/API는?",
            "dumps()",
            &["dumps()", "alembic upgrade"],
            Kind::Function,
        ),
        question(
            "____.time() — 어느 라이브러리/모듈?",
            "time",
            &["time", "json"],
            Kind::Library,
        ),
        question(
            "os — \"(system()과 달리 startfile()은 멈추지 않는다)\" 하는 것은?",
            "startfile()",
            &["startfile()", "getpid()"],
            Kind::Description,
        ),
    ];
    for q in &given_away {
        assert!(!judge(q, &facts, &table).given_away.is_empty(), "{q:?}");
    }
    let fair = question(
        "os의 함수/API는?",
        "getcwd()",
        &["getcwd()", "dumps()", "sleep()", "argv"],
        Kind::Function,
    );
    let verdict = judge(&fair, &facts, &table);
    assert!(
        verdict.two_right.is_empty() && verdict.given_away.is_empty(),
        "{verdict:?}"
    );
}

/// Fairness skips or rephrases questions, but never leaves a module of
/// the API reference without any: `Thread.start()` is asked inside its
/// class (`threading.Thread — "스레드 시작" 하는 것은?` → `start()`).
#[test]
fn every_module_still_gets_fair_questions() {
    let facts = facts();
    let decks: HashSet<&str> = facts.iter().map(|f| f.deck.as_str()).collect();
    for deck in decks {
        let asked: Vec<QuizFact> = facts.iter().filter(|f| f.deck == deck).cloned().collect();
        let questions = draw(&asked, &facts, 10, Mode::Choice, 1);
        let expected = asked.len().min(10);
        assert!(
            questions.len() * 3 >= expected,
            "{deck}: {} of {expected}",
            questions.len()
        );
    }
    let threading: Vec<QuizFact> = facts
        .iter()
        .filter(|f| f.owner == "threading")
        .cloned()
        .collect();
    let questions = draw(&threading, &facts, 10, Mode::Choice, 1);
    assert_eq!(questions.len(), threading.len(), "{questions:#?}");
    for q in &questions {
        assert!(q.text.starts_with("threading.Thread — \""), "{q:?}");
        assert!(!q.answer.contains("Thread"), "{q:?}");
        assert!(q.options.iter().all(|o| !o.contains("Thread")), "{q:?}");
    }
    let typed = draw(&threading, &facts, 10, Mode::Typed, 1);
    let start = typed.iter().find(|q| q.answer == "start()").unwrap();
    for answer in ["start", "Thread.start()", "threading.Thread.start"] {
        assert_eq!(grade(start, answer), Verdict::Right, "{answer}");
    }
    assert_eq!(grade(start, "run"), Verdict::Wrong);
}

/// The first typed "X의 함수/API는?" question about `owner`.
fn function_question(facts: &[QuizFact], owner: &str) -> Question {
    let own: Vec<QuizFact> = facts.iter().filter(|f| f.owner == owner).cloned().collect();
    (0..50)
        .flat_map(|seed| draw(&own, facts, 5, Mode::Typed, seed))
        .find(|q| q.kind == Kind::Function)
        .unwrap_or_else(|| panic!("no function question about {owner}"))
}

#[test]
fn typed_mode_accepts_every_function_of_the_owner() {
    use Verdict::*;
    let facts = facts();
    let table: &[(&str, &[&str], &[&str])] = &[
        (
            "os",
            &[
                "getcwd",
                "os.getcwd()",
                "listdir",
                "OS.LISTDIR",
                "os. get cwd ()",
                "os.listdir(path)",
                " `chdir` ",
                "path.join",
                "os.path.join()",
                "environ",
                "makedirs",
                "getpid()",
                "startfile",
            ],
            &[
                "dumps",
                "json.dumps()",
                "sleep",
                "strftime",
                "os.dumps",
                "getcwd2",
                "",
                "os.",
            ],
        ),
        (
            "time",
            &[
                "sleep",
                "time.time()",
                "perf_counter",
                "strftime()",
                "time.monotonic",
            ],
            &["now", "datetime.now()", "listdir"],
        ),
        (
            "json",
            &["dumps", "json.loads()", "load", "JSONDecodeError"],
            &["pickle", "getcwd", "time.sleep()"],
        ),
        (
            "pandas",
            &["DataFrame", "read_csv()", "groupby", ".merge()", "loc"],
            &["dumps", "plot"],
        ),
        (
            "alembic",
            &["revision", "alembic upgrade", "upgrade"],
            &["init", "poetry add"],
        ),
    ];
    for (owner, right, wrong) in table {
        let q = function_question(&facts, owner);
        for typed in *right {
            assert_eq!(grade(&q, typed), Right, "{typed:?} for {q:?}");
        }
        for typed in *wrong {
            assert_ne!(grade(&q, typed), Right, "{typed:?} for {}", q.text);
        }
    }
    // Every function any document gives an owner is right, for every owner.
    let owners: HashSet<&str> = facts.iter().map(|f| f.owner.as_str()).collect();
    let mut checked = 0;
    for owner in owners {
        let own: Vec<QuizFact> = facts.iter().filter(|f| f.owner == owner).cloned().collect();
        let Some(q) = (0..50)
            .flat_map(|seed| draw(&own, &facts, 5, Mode::Typed, seed))
            .find(|q| q.kind == Kind::Function)
        else {
            continue;
        };
        for fact in &own {
            for piece in oracle_pieces(&fact.function) {
                assert_eq!(grade(&q, piece), Right, "{piece:?} for {}", q.text);
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "{checked}");
}

#[test]
fn typed_mode_accepts_every_library_that_has_the_function() {
    let facts = facts();
    let own: Vec<QuizFact> = facts
        .iter()
        .filter(|f| f.function == "strftime()")
        .cloned()
        .collect();
    let q = (0..50)
        .flat_map(|seed| draw(&own, &facts, 2, Mode::Typed, seed))
        .find(|q| q.kind == Kind::Library)
        .unwrap();
    assert_eq!(q.text, "strftime() — 어느 라이브러리/모듈?");
    for typed in ["datetime", "time", "TIME", "`datetime`"] {
        assert_eq!(grade(&q, typed), Verdict::Right, "{typed}");
    }
    for typed in ["json", "os", "dtaetime", ""] {
        assert_ne!(grade(&q, typed), Verdict::Right, "{typed}");
    }
    assert_eq!(grade(&q, "datetme"), Verdict::NearMiss);
    // Spelling counts when another library is taken as right: asyncio has
    // the class `Task`, not celery's decorator `@task`.
    let own: Vec<QuizFact> = facts
        .iter()
        .filter(|f| f.function == "@task")
        .cloned()
        .collect();
    let q = (0..50)
        .flat_map(|seed| draw(&own, &facts, 2, Mode::Typed, seed))
        .find(|q| q.kind == Kind::Library)
        .unwrap();
    assert_eq!(grade(&q, "Celery"), Verdict::Right);
    assert_eq!(grade(&q, "asyncio"), Verdict::Wrong);
}

#[test]
fn typed_descriptions_accept_each_function_they_describe() {
    let facts = facts();
    let described = |function: &str| -> Question {
        let own: Vec<QuizFact> = facts
            .iter()
            .filter(|f| f.function == function && f.description.is_some())
            .cloned()
            .collect();
        (0..80)
            .flat_map(|seed| draw(&own, &facts, 2, Mode::Typed, seed))
            .find(|q| q.kind == Kind::Description)
            .unwrap_or_else(|| panic!("no description question for {function}"))
    };
    let q = described("sys.prefix, sys.executable");
    for typed in ["sys.prefix", "executable", "prefix, executable"] {
        assert_eq!(grade(&q, typed), Verdict::Right, "{typed}");
    }
    assert_eq!(grade(&q, "sys.path"), Verdict::Wrong);
    let q = described("os.access(path, mode)");
    for typed in ["access", "os.access(path, mode)", "ACCESS()"] {
        assert_eq!(grade(&q, typed), Verdict::Right, "{typed}");
    }
    assert_eq!(grade(&q, "acess"), Verdict::NearMiss);
    assert_eq!(grade(&q, "chdir"), Verdict::Wrong);
}

/// Letters whose lower case has another byte length (`Ⱥ` → `ⱥ`, `İ` →
/// `i̇`), or several letters (`ẞ`, `ß`), the Kelvin sign `K` (→ `k`), Hangul, and the
/// punctuation of function names.
fn hostile_name() -> impl Strategy<Value = String> {
    "[ȺẞİßKKaos가-힣 ._()\\[\\],`@-]{0,12}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn drawing_and_grading_never_panic_on_case_changing_letters(
        names in prop::collection::vec((hostile_name(), hostile_name(), hostile_name()), 1..8),
        typed in hostile_name(),
        seed in 0u64..1000,
    ) {
        let facts: Vec<QuizFact> = names
            .iter()
            .enumerate()
            .map(|(i, (owner, function, description))| QuizFact {
                owner: owner.clone(),
                function: function.clone(),
                description: (!description.is_empty()).then(|| description.clone()),
                group: format!("g{}", i % 2),
                deck: "d".to_string(),
                card: recall::domain::card::CardId::new("d", recall::domain::card::Generator::Library, &format!("c{i}"), "quiz"),
                source: recall::domain::card::Source { file: "f.md".to_string(), line: 1 },
            })
            .collect();
        for mode in [Mode::Choice, Mode::Typed] {
            for q in draw(&facts, &facts, 5, mode, seed) {
                prop_assert!(mode == Mode::Typed || q.options.contains(&q.answer));
                let _ = grade(&q, &typed);
                let _ = grade(&q, &q.answer);
            }
        }
        let _ = grade_typed(&typed, &names[0].1, Some(&format!("{}.", names[0].0)));
    }
}

// ---- The fairness oracle: written apart from the quiz code, on purpose
// simpler and stricter, so that the quiz is checked, not restated.

/// The standard-library member table as embedded, read the way the script
/// wrote it.
fn table() -> HashSet<(String, String)> {
    recall::domain::quiz::STDLIB_MEMBERS
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(m, n)| (m.to_lowercase(), n.to_lowercase()))
        .collect()
}

/// A function name as the oracle compares it: lower case, no arguments or
/// brackets, no `owner.` / `owner ` prefix, no leading `.` or `@`.
fn oracle_name(text: &str, owner: &str) -> String {
    let lower = text.to_lowercase().replace('`', "");
    let cut = lower
        .split(['(', '['])
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    let owner = owner.to_lowercase();
    let strip = |s: &str| -> String {
        s.strip_prefix(&format!("{owner}."))
            .or_else(|| s.strip_prefix(&format!("{owner} ")))
            .unwrap_or(s)
            .to_string()
    };
    let cut = strip(&cut);
    let last = cut.split_whitespace().last().unwrap_or("").to_string();
    strip(last.trim_start_matches(['.', '@']))
}

/// The pieces of a function field: `sys.stdin, sys.stdout` is two.
fn oracle_pieces(function: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in function.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&function[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&function[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "...")
        .collect()
}

/// Does `owner` have `name`: a document says so (any quiz fact of that
/// owner, in any deck), or the member table lists it (a dotted name counts
/// when the table lists its first part).
fn owner_has(
    facts: &[QuizFact],
    table: &HashSet<(String, String)>,
    owner: &str,
    name: &str,
) -> bool {
    let owner = owner.to_lowercase();
    let first = name.split('.').next().unwrap_or(name).to_string();
    facts
        .iter()
        .filter(|f| f.owner.to_lowercase() == owner)
        .flat_map(|f| {
            oracle_pieces(&f.function)
                .into_iter()
                .map(|p| oracle_name(p, &f.owner))
        })
        .any(|n| n == name)
        || table.contains(&(owner.clone(), name.to_string()))
        || table.contains(&(owner, first))
}

/// ASCII words of a text, lower case, split at anything else (`load_dotenv`
/// → load, dotenv).
fn oracle_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 2)
        .map(str::to_string)
        .collect()
}

/// Could a learner read `answer` off `shown`: a word of one inside a word of
/// the other (words of 4+ letters), or the same short word.
fn oracle_readable(shown: &str, answer: &str) -> bool {
    let shown = oracle_words(shown);
    oracle_words(answer).iter().any(|a| {
        shown.iter().any(|s| {
            a == s
                || (a.len() >= 4 && s.contains(a.as_str()))
                || (s.len() >= 4 && a.contains(s.as_str()))
        })
    })
}

/// What is wrong with one question: the options that are also right, the
/// options (or answer) that can be read off the question.
/// An option that names a library of the documents (`alembic upgrade`,
/// `async with httpx.AsyncClient()`): eliminated at a glance when the
/// question asks about another one.
fn names_a_library(option: &str, facts: &[QuizFact]) -> bool {
    let lower = option.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .collect();
    facts
        .iter()
        .any(|f| tokens.contains(&f.owner.to_lowercase().as_str()))
}

#[derive(Debug, Default)]
struct Unfair {
    two_right: Vec<String>,
    given_away: Vec<String>,
}

/// Checks one question (its kind known by its wording) against every fact.
fn judge(q: &Question, facts: &[QuizFact], table: &HashSet<(String, String)>) -> Unfair {
    let mut out = Unfair::default();
    let wrong_options = || q.options.iter().filter(|o| **o != q.answer);
    if let Some(shown) = q.text.strip_suffix(" — 어느 라이브러리/모듈?") {
        // function → library: no other option has the function; the
        // library's name cannot be read off the masked function, nor any
        // option's name.
        let masked = shown.replace("____", " ");
        let names: Vec<String> = oracle_pieces(&masked)
            .into_iter()
            .map(|p| oracle_name(p, ""))
            .collect();
        for option in wrong_options() {
            if names.iter().any(|n| owner_has(facts, table, option, n)) {
                out.two_right.push(format!("{option}: {q:?}"));
            }
        }
        for option in &q.options {
            if oracle_readable(&masked, option) {
                out.given_away.push(format!("{option}: {q:?}"));
            }
        }
    } else if let Some(owner) = q.text.strip_suffix("의 함수/API는?") {
        // library → function: no wrong option is a member of the library;
        // no option carries the library's name.
        for option in wrong_options() {
            if owner_has(facts, table, owner, &oracle_name(option, owner)) {
                out.two_right.push(format!("{option}: {q:?}"));
            }
        }
        for option in q.options.iter().chain([&q.answer]) {
            if oracle_readable(owner, option) || names_a_library(option, facts) {
                out.given_away.push(format!("{option}: {q:?}"));
            }
        }
    } else if q.text.ends_with("하는 것은?") {
        // description → function: no wrong option names the same function;
        // the function's name is not in the question.
        let (owner, _) = q.text.split_once(" — ").unwrap();
        let answer: Vec<String> = oracle_pieces(&q.answer)
            .into_iter()
            .map(|p| oracle_name(p, owner))
            .collect();
        for option in wrong_options() {
            let names: Vec<String> = oracle_pieces(option)
                .into_iter()
                .map(|p| oracle_name(p, owner))
                .collect();
            if names.iter().any(|n| answer.contains(n)) {
                out.two_right.push(format!("{option}: {q:?}"));
            }
        }
        let question = q.text.replace("____", " ");
        for option in q.options.iter().chain([&q.answer]) {
            let names: Vec<String> = oracle_pieces(option)
                .into_iter()
                .map(|p| oracle_name(p, owner))
                .collect();
            if names.iter().any(|n| oracle_readable(&question, n)) || names_a_library(option, facts)
            {
                out.given_away.push(format!("{option}: {q:?}"));
            }
        }
    } else {
        panic!("a question of no known kind: {q:?}");
    }
    out
}
