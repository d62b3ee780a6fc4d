//! The quiz: questions drawn with a fixed seed are answerable and fair,
//! typed answers are graded forgivingly, and the schedule is touched only
//! with --schedule.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;

use common::TestEnv;
use recall::app::quiz::{Mode, Verdict, draw, grade_typed};
use recall::decks::BUILTIN;
use recall::domain::card::QuizFact;

fn facts() -> Vec<QuizFact> {
    BUILTIN.iter().flat_map(|d| d.generate().facts).collect()
}

#[test]
fn choice_questions_are_fair_for_many_seeds() {
    let facts = facts();
    for seed in 0..40 {
        let questions = draw(&facts, 15, Mode::Choice, seed);
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
        draw(&facts, 10, Mode::Choice, 3),
        draw(&facts, 10, Mode::Choice, 3)
    );
    assert_ne!(
        draw(&facts, 10, Mode::Choice, 3),
        draw(&facts, 10, Mode::Choice, 4)
    );
}

#[test]
fn distractors_come_from_the_same_stage_or_module() {
    let facts = facts();
    let questions = draw(&facts, 30, Mode::Choice, 9);
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
fn typed_answers_are_graded_forgivingly() {
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
