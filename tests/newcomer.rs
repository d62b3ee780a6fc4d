//! What a newcomer meets first: `--deck` filters that match what the help
//! and the README promise, counts that agree between sessions and commands,
//! and empty results that say why.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use common::{TestEnv, questions};
use predicates::prelude::*;

const DAY1: &str = "2026-12-01";

/// The decks of `cards --json --deck PREFIX`.
fn decks_of(env: &TestEnv, prefix: &str) -> BTreeSet<String> {
    env.json(DAY1, &["cards", "--json", "--deck", prefix])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["deck"].as_str().unwrap().to_string())
        .collect()
}

/// Every deck with cards, from `status --json`.
fn all_decks(env: &TestEnv) -> Vec<(String, u64)> {
    env.json(DAY1, &["status", "--json"])["decks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["deck"].as_str().unwrap().to_string(),
                d["total"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The documented rule, written out independently of the SQL: the path or
/// one of its `::` parts starts with the prefix, ASCII case ignored.
fn matches(deck: &str, prefix: &str) -> bool {
    let deck = deck.to_ascii_lowercase();
    let prefix = prefix.to_ascii_lowercase();
    deck.starts_with(&prefix)
        || deck
            .match_indices("::")
            .any(|(i, _)| deck[i + 2..].starts_with(&prefix))
}

#[test]
fn deck_prefixes_from_the_help_and_readme_find_their_decks() {
    let env = TestEnv::new();
    let decks = all_decks(&env);
    let total: u64 = decks.iter().map(|(_, n)| n).sum();

    // The help's own example: a prefix that ends inside a `::` part.
    assert_eq!(
        decks_of(&env, "python-libraries::1단계"),
        BTreeSet::from(["python-libraries::1단계 Python 내장 기초".to_string()])
    );
    // `python` is a prefix of every built-in deck's path.
    let python = env.json(DAY1, &["cards", "--json", "--deck", "python"]);
    assert_eq!(python.as_array().unwrap().len() as u64, total);
    // A part further down the path, Korean.
    assert_eq!(
        decks_of(&env, "1단계"),
        BTreeSet::from(["python-libraries::1단계 Python 내장 기초".to_string()])
    );
    // ASCII case does not matter: `API` and `api` find the same decks.
    let upper = decks_of(&env, "API");
    assert!(
        upper.contains("python-libraries::선택 라이브러리::API 클라이언트"),
        "{upper:?}"
    );
    assert_eq!(upper, decks_of(&env, "api"));
    // `python-api` is the API reference, not `python-libraries::…::API …`.
    let reference = decks_of(&env, "python-api");
    assert!(!reference.is_empty());
    assert!(reference.iter().all(|d| d.starts_with("python-api::")));
    // The middle of a part is not a prefix.
    for inside in ["ibraries", "단계"] {
        env.cmd(DAY1, &["cards", "--json", "--deck", inside])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("no deck matches"));
    }

    // The same rule, checked against every deck for a few prefixes.
    for prefix in [
        "python-roadmap::Level 1",
        "level 1",
        "선택",
        "os",
        "PYTHON-API::",
    ] {
        let want: BTreeSet<String> = decks
            .iter()
            .filter(|(d, _)| matches(d, prefix))
            .map(|(d, _)| d.clone())
            .collect();
        assert!(!want.is_empty(), "{prefix}");
        assert_eq!(decks_of(&env, prefix), want, "--deck {prefix:?}");
    }
}

#[test]
fn every_command_with_deck_uses_the_same_prefix_rule() {
    let env = TestEnv::new();
    let prefix = "python-libraries::1단계";
    let deck = "python-libraries::1단계 Python 내장 기초";
    let in_deck: BTreeSet<String> = env
        .json(DAY1, &["cards", "--json", "--deck", prefix])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["question"].as_str().unwrap().to_string())
        .collect();
    assert!(!in_deck.is_empty());

    // review: its first cards come from that deck.
    let out = env.review(DAY1, &["--deck", prefix, "--new", "3"], "\n5\n\n5\n\n5\n");
    let shown = questions(&out);
    assert_eq!(shown.len(), 3, "{out}");
    assert!(shown.iter().all(|q| in_deck.contains(q)), "{shown:?}");

    // export: the deck's cards, nothing else.
    let backup = env.json(DAY1, &["export", "--format", "json", "--deck", prefix]);
    let exported = backup["cards"].as_array().unwrap();
    assert_eq!(exported.len(), in_deck.len());
    assert!(exported.iter().all(|c| c["deck"] == deck));
    let csv = env
        .cmd(DAY1, &["export", "--deck", "1단계"])
        .assert()
        .success();
    let csv = String::from_utf8(csv.get_output().stdout.clone()).unwrap();
    assert_eq!(
        csv.lines().filter(|l| !l.starts_with('#')).count(),
        in_deck.len()
    );

    // quiz: finds library functions there (before, "nothing to quiz on").
    let quiz = env
        .cmd(DAY1, &["quiz", "--plain", "--deck", prefix, "--count", "2"])
        .write_stdin("1\n1\n")
        .assert()
        .success();
    let quiz = String::from_utf8(quiz.get_output().stdout.clone()).unwrap();
    assert!(quiz.contains("1) "), "{quiz}");
    assert!(quiz.contains("점수 (score): "), "{quiz}");
}

/// The number on a summary row.
fn summary_figure(stdout: &str, row: &str) -> usize {
    let line = stdout
        .lines()
        .find(|l| l.contains(row))
        .unwrap_or_else(|| panic!("no {row:?} in {stdout}"));
    line.split(|c: char| !c.is_ascii_digit())
        .rfind(|w| !w.is_empty())
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn left_today_is_what_the_next_session_shows_after_quitting_mid_drill() {
    let env = TestEnv::new();
    let args = ["--new", "6"];
    // Six new cards: the first failed (a drill queued at the end), three
    // passed, then quit with two new cards and the drill still queued.
    let first = env.review(DAY1, &args, "\n1\n\n5\n\n5\n\n5\nq\n");
    assert_eq!(questions(&first).len(), 5, "{first}");
    let left = summary_figure(&first, "오늘 남은 카드");
    // The dropped drill is not left: the next session shows the two cards.
    let next = env.review(DAY1, &args, &"\n5\n".repeat(10));
    assert_eq!(questions(&next).len(), left, "{next}");
    assert_eq!(left, 2);
    assert_eq!(summary_figure(&next, "오늘 남은 카드"), 0);

    // Quitting on the drill itself: nothing is left for today.
    let env = TestEnv::new();
    let out = env.review(DAY1, &["--new", "2"], "\n1\n\n0\n\nq\n");
    let shown = questions(&out);
    assert_eq!(shown.len(), 3, "{out}");
    assert_eq!(shown[2], shown[0], "quit while the drill is on screen");
    assert_eq!(summary_figure(&out, "오늘 남은 카드"), 0);
    let next = env.review(DAY1, &["--new", "2"], "\n5\n");
    assert!(questions(&next).is_empty(), "{next}");
}

#[test]
fn status_counts_learning_cards_once_not_also_as_due() {
    let env = TestEnv::new();
    // One card passed, one failed (and drilled to 5), one failed twice.
    env.review(DAY1, &["--new", "3"], "\n5\n\n1\n\n0\n\n4\n\n5\n");
    let day2 = "2026-12-02";
    let status = env.json(day2, &["status", "--json"]);
    let total = &status["total"];
    assert_eq!(total["learning"], 2, "{status}");
    assert_eq!(total["due"], 1, "{status}");
    // The columns partition the cards (none answered is waiting past today).
    let sum: u64 = ["new", "learning", "due", "suspended"]
        .iter()
        .map(|k| total[k].as_u64().unwrap())
        .sum();
    assert_eq!(sum, total["total"].as_u64().unwrap());
    // And the review of day 2 shows exactly those three.
    let out = env.review(day2, &["--new", "0"], &"\n5\n".repeat(5));
    assert_eq!(questions(&out).len(), 3, "{out}");
}

#[test]
fn a_deck_that_matches_nothing_is_named_with_the_top_level_decks() {
    let env = TestEnv::new();
    env.cmd(DAY1, &["status"]).assert().success();
    for args in [
        &["review", "--plain", "--deck", "pyhton"][..],
        &["quiz", "--plain", "--deck", "pyhton"][..],
        &["cards", "--deck", "pyhton"][..],
        &["cards", "--json", "--deck", "pyhton"][..],
        &["export", "--deck", "pyhton"][..],
    ] {
        let out = env.cmd(DAY1, args).write_stdin("").assert().code(1);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        let mut lines = stderr.lines();
        assert_eq!(
            lines.next(),
            Some("recall: no deck matches --deck \"pyhton\""),
            "{args:?}: {stderr}"
        );
        let hint = lines.next().unwrap_or_default();
        assert!(
            hint.starts_with(
                "hint: the top-level decks: python-advanced, python-api, python-libraries, \
                 python-notes, python-roadmap;"
            ),
            "{args:?}: {hint}"
        );
    }
    // No file is left by an export that matched nothing.
    let target = env.path("out.csv");
    env.cmd(
        DAY1,
        &["export", "--deck", "pyhton", "-o", target.to_str().unwrap()],
    )
    .assert()
    .code(1);
    assert!(!target.exists());
    // A search that finds nothing says so (and is no error).
    env.cmd(
        DAY1,
        &["cards", "--deck", "python-api", "--search", "없는말"],
    )
    .assert()
    .success()
    .stdout("")
    .stderr(
        "hint: no card's question, answer or tags contain \"없는말\" in --deck \"python-api\"\n",
    );
    // A deck that exists but has nothing due is not an error.
    let out = env.review(DAY1, &["--deck", "python-roadmap::목표", "--new", "0"], "");
    assert!(questions(&out).is_empty());
}

const NOTES: &str = "# 파이썬 메모\n\n## 리스트 컴프리헨션\n\n\
리스트 컴프리헨션은 반복문과 조건문을 한 줄로 써서 새 리스트를 만드는 문법이다.\n\n\
## 제너레이터\n\n제너레이터는 값을 하나씩 만들어 돌려주는 이터레이터로, 메모리를 적게 쓴다.\n";

#[test]
fn an_import_that_makes_no_cards_says_why() {
    let env = TestEnv::new();
    let notes = env.path("notes.md");
    std::fs::write(&notes, NOTES).unwrap();
    let file = notes.to_str().unwrap();
    // Read as a shape it does not have: the shape auto-detection picks.
    for extra in [&[][..], &["--dry-run"][..]] {
        let mut args = vec!["import", file, "--format", "library"];
        args.extend_from_slice(extra);
        env.cmd(DAY1, &args)
            .assert()
            .success()
            .stdout(predicates::str::contains("library → notes: 0 cards"))
            .stderr(predicates::str::contains(
                "hint: 0 cards: this document does not look like a library catalog \
                 (it reads as notes); try --format auto",
            ));
    }
    // Auto-detected, it makes cards and no hint.
    env.cmd(DAY1, &["import", file])
        .assert()
        .success()
        .stdout(predicates::str::contains("notes → notes: 2 cards"))
        .stderr(predicates::str::contains("hint:").not());
    // Nothing to card in the shape it has: the hint points at lint.
    let empty = env.path("empty.md");
    std::fs::write(&empty, "# 빈 문서\n\n## 제목만\n").unwrap();
    env.cmd(DAY1, &["import", empty.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "hint: 0 cards: nothing in this document made a card when read as notes; `recall lint",
        ));
}
