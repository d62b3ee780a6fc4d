//! Every input is bounded: counts and day spans out of range are refused
//! plainly, and plain-mode input lines can neither grow without limit nor
//! end a session by not being UTF-8.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::TestEnv;

const DAY1: &str = "2026-11-21";

fn stderr_of(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

#[test]
fn counts_and_day_spans_out_of_range_are_refused_not_a_panic() {
    let env = TestEnv::new();
    for (args, limit) in [
        (&["stats", "--days", "99999999999"][..], "1..=3650"),
        (&["stats", "--days", "0"][..], "1..=3650"),
        (&["review", "--plain", "--new", "100001"][..], "0..=100000"),
        (
            &["review", "--plain", "--max", "18446744073709551615"][..],
            "0..=100000",
        ),
        (&["quiz", "--plain", "--count", "1001"][..], "1..=1000"),
    ] {
        let out = env.cmd(DAY1, args).write_stdin("").assert().code(2);
        let said = stderr_of(&out);
        assert!(said.contains(limit), "{args:?}: {said}");
        assert!(!said.contains("panicked"), "{args:?}: {said}");
    }
    // The limits themselves are accepted.
    env.cmd(DAY1, &["stats", "--days", "3650"])
        .assert()
        .success();
    env.cmd(
        DAY1,
        &["review", "--plain", "--new", "100000", "--max", "100000"],
    )
    .write_stdin("q\n")
    .assert()
    .success();
}

#[test]
fn an_endless_plain_line_is_dropped_and_asked_again() {
    let env = TestEnv::new();
    // 8 MiB without a line break, then a reveal and a grade.
    let mut input = vec![b'x'; 8 * 1024 * 1024];
    input.extend_from_slice(b"\n\n5\n");
    let out = env
        .cmd(DAY1, &["review", "--plain", "--new", "1"])
        .write_stdin(input)
        .assert()
        .success();
    let said = stderr_of(&out);
    assert!(said.contains("64 KiB"), "{said}");
    assert!(!said.contains("xxxx"), "the long line is not echoed");
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("\nA: "), "the session went on: {stdout}");
    let reviewed = env
        .json(DAY1, &["cards", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["state"]["reps"] == 1)
        .count();
    assert_eq!(reviewed, 1);
}

#[test]
fn invalid_utf8_on_plain_input_is_asked_again_not_the_end() {
    let env = TestEnv::new();
    let out = env
        .cmd(DAY1, &["review", "--plain", "--new", "1"])
        .write_stdin(&b"\xff\xfe\n\n\xc3\n5\n"[..])
        .assert()
        .success();
    let said = stderr_of(&out);
    assert_eq!(said.matches("not UTF-8").count(), 2, "{said}");
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("\nA: "), "{stdout}");
    let reviewed = env
        .json(DAY1, &["cards", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["state"]["reps"] == 1)
        .count();
    assert_eq!(reviewed, 1);
}
