//! A clean environment for CLI tests: a temp database and home, no
//! inherited RECALL_* variables, a fixed clock and seed.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use recall::app::review::Clock;
use recall::domain::clock::Now;
use serde_json::Value;

pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("recall.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `recall --now NOW ARGS…` with a cleared environment.
    pub fn cmd(&self, now: &str, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("recall").unwrap();
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("RECALL_DB", self.db())
            .env("RECALL_SEED", "7")
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .arg("--now")
            .arg(now)
            .args(args);
        cmd
    }

    /// The same command as a plain process, for tests that spawn it,
    /// feed it slowly or kill it.
    pub fn process(&self, now: &str, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_recall"));
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("RECALL_DB", self.db())
            .env("RECALL_SEED", "7")
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .arg("--now")
            .arg(now)
            .args(args);
        cmd
    }

    /// Runs a plain review with `input` and returns stdout.
    pub fn review(&self, now: &str, args: &[&str], input: &str) -> String {
        let mut full = vec!["review", "--plain"];
        full.extend_from_slice(args);
        let out = self.cmd(now, &full).write_stdin(input).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    pub fn json(&self, now: &str, args: &[&str]) -> Value {
        let out = self.cmd(now, args).assert().success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    }

    /// The card (from `cards --json`) with this question.
    pub fn card(&self, now: &str, question: &str) -> Value {
        self.card_in(now, "", question)
    }

    /// The card with this question in decks under `deck` (all when empty).
    pub fn card_in(&self, now: &str, deck: &str, question: &str) -> Value {
        let mut args = vec!["cards", "--json", "--search", question];
        if !deck.is_empty() {
            args.extend(["--deck", deck]);
        }
        let cards = self.json(now, &args);
        cards
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["question"] == question)
            .cloned()
            .unwrap_or_else(|| panic!("no card {question:?}"))
    }
}

/// The `Q: …` lines of a plain session, in order.
pub fn questions(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("Q: "))
        .map(str::to_string)
        .collect()
}

pub fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// A session's clock stopped at one moment (answer times still measured),
/// for sessions run in process.
pub struct FixedClock(pub Now);

impl Clock for FixedClock {
    fn instant(&self) -> std::time::Instant {
        std::time::Instant::now()
    }
    fn now(&self) -> Now {
        self.0
    }
}
