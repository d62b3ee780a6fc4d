//! Output that nobody reads and an stderr nobody can write: a closed pipe
//! ends a command quietly (exit 0, nothing on stderr), and an unwritable
//! stderr never turns an error into a panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};

use common::TestEnv;

const NOW: &str = "2026-11-21";

fn recall(env: &TestEnv, args: &[&str]) -> Command {
    recall_at(env, NOW, args)
}

fn recall_at(env: &TestEnv, now: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_recall"));
    cmd.env_clear()
        .env("HOME", env.dir.path())
        .env("RECALL_DB", env.db())
        .env("RECALL_SEED", "7")
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .args(["--now", now])
        .args(args);
    cmd
}

/// A collection that exists already, so that no notice about creating it
/// goes to stderr.
fn ready() -> TestEnv {
    let env = TestEnv::new();
    let status = recall(&env, &["status"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    env
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let env = ready();
    for args in [
        &["export"][..],
        &["export", "--format", "json"][..],
        &["cards"][..],
        &["cards", "--json"][..],
        &["completions", "bash"][..],
        &["status"][..],
        &["stats"][..],
    ] {
        let mut child = recall(&env, args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the first byte is written.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {said}");
        assert_eq!(said, "", "{args:?}");
    }
}

#[test]
fn an_unwritable_stderr_never_turns_an_error_into_a_panic() {
    let env = ready();
    // `--now bad` is refused with exit 1 and a `recall: …` line on stderr.
    let bad = |env: &TestEnv| recall_at(env, "bad", &["status"]);
    // stderr a pipe whose reader is gone.
    let mut child = bad(&env)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
    // stderr a full device.
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    if let Ok(full) = full {
        let status = bad(&env)
            .stdout(Stdio::null())
            .stderr(Stdio::from(full))
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(1));
    }
    // stderr closed altogether (`2>&-`).
    let status = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" --now bad status 2>&-")
        .arg(env!("CARGO_BIN_EXE_recall"))
        .env_clear()
        .env("HOME", env.dir.path())
        .env("RECALL_DB", env.db())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
}
