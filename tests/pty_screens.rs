//! The rendered screen: recall runs in a pseudo-terminal of a set size and
//! everything it writes goes through a terminal emulator (vt100); the
//! tests read the screen a person would see, not the byte stream.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::ErrorKind;
use std::process::Command;
use std::time::{Duration, Instant};

use common::TestEnv;
use expectrl::Expect;
use expectrl::session::OsSession as Session;

const DAY1: &str = "2026-11-21";
const ROWS: u16 = 40;
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const LEFT: &str = "\x1b[D";
const BACKSPACE: &str = "\x7f";
const CTRL_C: &str = "\x03";
const CTRL_U: &str = "\x15";

struct Screen {
    session: Session,
    parser: vt100::Parser,
}

impl Screen {
    /// `recall ARGS…` on a terminal `cols` wide. The pty starts at 80×24;
    /// the size is set from outside once it exists, and recall starts only
    /// when the terminal has it, so its first screen already does.
    fn spawn(env: &TestEnv, cols: u16, args: &[&str]) -> Screen {
        // The database first, so that the screen starts with recall's own
        // screen rather than the one-time "created" line.
        env.cmd(DAY1, &["status"]).assert().success();
        let mut cmd = Command::new("sh");
        cmd.env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", env.dir.path())
            .env("RECALL_DB", env.db())
            .env("RECALL_SEED", "11")
            .env("NO_COLOR", "1")
            .env("TERM", "xterm-256color")
            .env("TZ", "UTC")
            .arg("-c")
            .arg(format!(
                "while [ \"$(stty size)\" != '{ROWS} {cols}' ]; do sleep 0.01; done; exec \"$0\" \"$@\""
            ))
            .arg(assert_cmd::cargo::cargo_bin("recall"))
            .args(["--now", DAY1])
            .args(args);
        let mut session = expectrl::Session::spawn(cmd).unwrap();
        session
            .get_process_mut()
            .set_window_size(cols, ROWS)
            .unwrap();
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        Screen {
            session,
            parser: vt100::Parser::new(size(ROWS), size(cols), 0),
        }
    }

    /// Feeds what recall wrote so far to the emulator.
    fn pump(&mut self) {
        let mut buf = [0u8; 8192];
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => return,
                Ok(n) => self.parser.process(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(_) => return,
            }
        }
    }

    fn rows(&self) -> Vec<String> {
        let screen = self.parser.screen();
        let (_, cols) = screen.size();
        screen
            .rows(0, cols.get())
            .map(|r| r.trim_end().to_string())
            .collect()
    }

    fn shown(&self) -> String {
        self.rows().join("\n")
    }

    fn wait_until(&mut self, what: &str, done: impl Fn(&Screen) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            self.pump();
            if done(self) {
                return;
            }
            if Instant::now() > deadline {
                panic!("waited for {what}; the screen:\n{}", self.shown());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the line editor's empty prompt.
    fn wait_for_prompt(&mut self) {
        self.wait_until("the prompt", |s| s.rows().iter().any(|r| r == "›"));
    }

    /// Waits until `text` is on screen, within one row.
    fn wait_for(&mut self, text: &str) {
        self.wait_until(text, |s| s.rows().iter().any(|r| r.contains(text)));
    }

    /// Sends keys and lets the screen settle: keys are read one at a time.
    fn keys(&mut self, keys: &str) {
        self.session.send(keys).unwrap();
        std::thread::sleep(Duration::from_millis(150));
        self.pump();
    }

    fn count(&self, text: &str) -> usize {
        self.rows().iter().filter(|r| r.contains(text)).count()
    }

    /// No row ran over the edge: every line was laid out to the width.
    fn assert_nothing_wrapped(&self) {
        let screen = self.parser.screen();
        for row in 0..ROWS {
            assert!(
                !screen.row_wrapped(row),
                "row {row} ran over the edge:\n{}",
                self.shown()
            );
        }
    }
}

#[test]
fn korean_backspace_shows_and_submits_the_same_text() {
    let env = TestEnv::new();
    let mut s = Screen::spawn(
        &env,
        80,
        &[
            "quiz",
            "--count",
            "1",
            "--mode",
            "typed",
            "--deck",
            "python-api::os",
        ],
    );
    s.wait_for("[1/1]");
    s.wait_for_prompt();
    s.keys("가나다라");
    s.wait_for("› 가나다라");
    s.keys(BACKSPACE);
    s.keys(BACKSPACE);
    s.keys("X");
    s.wait_for("› 가나X");
    assert_eq!(s.count("가나다"), 0, "{}", s.shown());
    s.keys("\r");
    s.wait_for("점수 (score): 0/1");
    // The misses table shows what was submitted.
    let given = s.rows().into_iter().find(|r| r.contains("가나")).unwrap();
    assert!(given.contains("가나X"), "{}", s.shown());
    assert!(!given.contains("가나다"), "{}", s.shown());
}

#[test]
fn editing_keys_and_the_earlier_answer_on_up() {
    let env = TestEnv::new();
    let mut s = Screen::spawn(
        &env,
        80,
        &[
            "quiz",
            "--count",
            "2",
            "--mode",
            "typed",
            "--deck",
            "python-api::os",
        ],
    );
    s.wait_for("[1/2]");
    s.wait_for_prompt();
    s.keys("oops\r");
    s.wait_for("[2/2]");
    s.wait_for_prompt();
    s.keys(UP);
    s.wait_for("› oops");
    s.keys(CTRL_U);
    s.keys("가나");
    s.keys(LEFT);
    s.keys("X");
    s.wait_for("› 가X나");
    s.keys("\r");
    s.wait_for("점수 (score): 0/2");
    assert_eq!(
        s.count("가X나"),
        2,
        "the line and the misses table:\n{}",
        s.shown()
    );
}

#[test]
fn ctrl_c_in_the_typed_quiz_puts_the_score_on_its_own_line() {
    let env = TestEnv::new();
    let mut s = Screen::spawn(
        &env,
        80,
        &[
            "quiz",
            "--count",
            "2",
            "--mode",
            "typed",
            "--deck",
            "python-api::os",
        ],
    );
    s.wait_for("[1/2]");
    s.wait_for_prompt();
    s.keys("부분");
    s.keys(CTRL_C);
    s.wait_for("점수 (score): 0/0");
    let rows = s.rows();
    let at = rows.iter().position(|r| r.contains("점수")).unwrap();
    assert!(rows[at].starts_with("점수 (score): 0/0"), "{}", s.shown());
    // The cancelled line is emptied: nothing on it was submitted.
    assert_eq!(rows[at - 2..at], ["›", ""]);
    assert_eq!(s.count("부분"), 0, "{}", s.shown());
}

/// A review at `cols` columns: the header, the grade menu redrawn in
/// place, a drill header, and the feedback of suspend and undo.
fn review_at(cols: u16) {
    let env = TestEnv::new();
    let mut s = Screen::spawn(&env, cols, &["review", "--new", "2"]);
    s.wait_for("json — 기능은?");
    s.wait_for("q 종료"); // the screen's last line: it is complete
    let rows = s.rows();
    assert!(
        rows[0].starts_with("python-libraries::1단계"),
        "{}",
        s.shown()
    );
    assert_eq!(s.count("0 완료 / 2 남음"), 1);
    assert_eq!(s.count("q 종료"), 1);
    s.assert_nothing_wrapped();

    s.keys("\r");
    s.wait_for("완벽 (perfect)");
    s.wait_for("q 종료");
    assert_eq!(s.count("JSON 형식 데이터 직렬화/역직렬화"), 1);
    assert_eq!(s.count("❯ 4  맞음"), 1, "{}", s.shown());
    s.keys(DOWN);
    s.wait_for("❯ 5  완벽");
    s.wait_for("q 종료");
    // The menu was redrawn where it was: one of each line, one marker.
    assert_eq!(s.count("❯"), 1, "{}", s.shown());
    assert_eq!(s.count("완벽 (perfect)"), 1, "{}", s.shown());
    assert_eq!(s.count("Enter 선택"), 1, "{}", s.shown());
    s.assert_nothing_wrapped();
    s.keys("1"); // wrong: json comes back as a drill

    s.wait_for("datetime — 기능은?");
    s.keys("s");
    s.wait_for("보류했습니다 (suspended): datetime — 기능은?");
    s.wait_for("▶ 반복 연습 중 (drilling)");
    s.wait_for("q 종료");
    assert_eq!(s.count("json — 기능은?"), 1);
    s.assert_nothing_wrapped();

    s.keys("u");
    s.wait_for("datetime — 기능은?");
    s.wait_until("the undo notice", |s| {
        s.rows()
            .join(" ")
            .contains("되돌렸습니다 (undone) — 보류 (suspend): datetime — 기능은?")
    });
    s.wait_for("q 종료");
    s.assert_nothing_wrapped();
    s.keys("q");
    s.wait_for("세션 요약");
    s.wait_for("내일 복습 (due tomorrow)");
    s.assert_nothing_wrapped();
}

#[test]
fn review_screens_at_50_columns() {
    review_at(50);
}

#[test]
fn review_screens_at_80_columns() {
    review_at(80);
}

#[test]
fn review_screens_at_110_columns() {
    review_at(110);
}

#[test]
fn review_screens_at_200_columns() {
    review_at(200);
}

/// A choice quiz at `cols` columns, always taking the first option: the
/// menu goes away, the pick and a verdict stay.
fn choice_quiz_at(cols: u16) {
    let env = TestEnv::new();
    let mut s = Screen::spawn(
        &env,
        cols,
        &[
            "quiz",
            "--count",
            "3",
            "--mode",
            "choice",
            "--deck",
            "python-api",
        ],
    );
    for number in 1..=3 {
        s.wait_for(&format!("[{number}/3]"));
        s.wait_for("q 종료");
        let option = s
            .rows()
            .into_iter()
            .find_map(|r| r.strip_prefix("❯ 1) ").map(str::to_string))
            .unwrap();
        s.keys("1");
        let pick = format!("› {option}");
        s.wait_for(&pick);
        s.wait_until("a verdict", |s| s.count("정답") >= number);
        // The pick, right below it the verdict; no menu line left above.
        let rows = s.rows();
        let at = rows.iter().rposition(|r| r == &pick).unwrap();
        assert!(
            ["✓", "✗", "≈"].iter().any(|v| rows[at + 1].starts_with(v)),
            "{}",
            s.shown()
        );
        assert!(!rows[..at].iter().any(|r| r.contains('❯')), "{}", s.shown());
        s.assert_nothing_wrapped();
    }
    s.wait_for("점수 (score):");
    let shown = s.shown();
    assert!(!shown.contains('✔'), "{shown}");
    // The verdicts, above the score (the misses list follows it).
    let rows = s.rows();
    let score = rows.iter().position(|r| r.starts_with("점수")).unwrap();
    let verdicts: Vec<&String> = rows[..score]
        .iter()
        .filter(|r| r.starts_with('✓') || r.starts_with('✗'))
        .collect();
    assert_eq!(verdicts.len(), 3, "{shown}");
    // With this seed the first option is wrong at least once: the verdict
    // says so with the right answer, and nothing claims it was right.
    let wrong: Vec<&&String> = verdicts.iter().filter(|r| r.starts_with('✗')).collect();
    assert!(!wrong.is_empty(), "{shown}");
    assert!(wrong.iter().all(|r| r.contains("정답: ")), "{shown}");
}

#[test]
fn choice_quiz_at_50_columns() {
    choice_quiz_at(50);
}

#[test]
fn choice_quiz_at_80_columns() {
    choice_quiz_at(80);
}

#[test]
fn choice_quiz_at_200_columns() {
    choice_quiz_at(200);
}

/// `recall ARGS…` at `cols` columns, to its end; the rendered rows.
fn command_at(env: &TestEnv, cols: u16, args: &[&str], last: &str) -> Screen {
    let mut s = Screen::spawn(env, cols, args);
    s.wait_for(last);
    s.assert_nothing_wrapped();
    s
}

#[test]
fn stats_status_and_cards_fit_50_columns() {
    let env = TestEnv::new();
    // A few answers, so that the forecast has bars.
    env.review(DAY1, &["--new", "5"], "\n5\n\n4\n\n3\n\n5\n\n4\n");
    for cols in [50, 200] {
        let s = command_at(&env, cols, &["stats"], "연속 학습 (streak)");
        let bars: Vec<String> = s.rows().into_iter().filter(|r| r.contains('█')).collect();
        assert!(!bars.is_empty(), "{}", s.shown());
        let s = command_at(&env, cols, &["status"], "합계");
        // The last decks are on screen, each path whole up to its `::`.
        assert!(
            s.rows().iter().any(|r| r.contains("python-roadmap::")),
            "{}",
            s.shown()
        );
        let s = command_at(&env, cols, &["cards", "--search", "getcwd"], "장 (cards)");
        assert!(
            s.rows()
                .iter()
                .any(|r| r.contains("os.getcwd() — 하는 일은?")),
            "{}",
            s.shown()
        );
    }
}

#[test]
fn keys_typed_ahead_are_read_in_turn_by_the_screens() {
    let env = TestEnv::new();
    let mut s = Screen::spawn(&env, 80, &["review", "--new", "3"]);
    s.wait_for("json — 기능은?");
    s.wait_for("q 종료");
    // Two cards revealed and graded in one burst, faster than the screens.
    s.session.send("\r5\r5").unwrap();
    s.wait_for("time — 기능은?");
    s.wait_for("q 종료");
    std::thread::sleep(Duration::from_millis(200));
    s.pump();
    // The header (at most two rows here), the question, the hints, and
    // nothing else: no key left over on screen.
    let lines: Vec<String> = s.rows().into_iter().filter(|r| !r.is_empty()).collect();
    let q = lines.iter().position(|l| l == "Q time — 기능은?").unwrap();
    assert!(q <= 2, "{}", s.shown());
    assert!(lines[0].starts_with("python-libraries::1단계"));
    assert!(lines[0].contains("2 완료 / 1 남음"), "{}", s.shown());
    assert_eq!(lines.len(), q + 2, "{}", s.shown());
    assert!(lines[q + 1].starts_with("Enter 답 보기"), "{}", s.shown());
    assert!(lines[q + 1].ends_with("q 종료"), "{}", s.shown());
}
