//! The card kinds end to end: listed with their kind, reviewed as what
//! they are — a cloze with its gap marked and then filled, code highlighted
//! in a colour terminal and verbatim under `NO_COLOR`, a pipe or plain mode.
//! The cards come from a small document of the test's own.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::TestEnv;

const DAY1: &str = "2026-11-21";

const DOC: &str = "# 함수형 도구\n\n함수형 프로그래밍 도구: map, filter, reduce\n\n# __slots__ 제한\n\n```python\nclass Point:\n    __slots__ = ('x', 'y')\n\np = Point()\np.z = 3  # AttributeError\n```\n";

/// The snippet's lines as the code card shows them (the outcome hidden).
const SNIPPET: [&str; 5] = [
    "class Point:",
    "    __slots__ = ('x', 'y')",
    "",
    "p = Point()",
    "p.z = 3  # [...]",
];

fn imported() -> TestEnv {
    let env = TestEnv::new();
    let doc = env.path("kinds.md");
    std::fs::write(&doc, DOC).unwrap();
    env.cmd(DAY1, &["import", doc.to_str().unwrap(), "--deck", "kinds"])
        .assert()
        .success();
    env
}

#[test]
fn cards_json_and_the_list_carry_the_kind() {
    let env = imported();
    let cards = env.json(DAY1, &["cards", "--json", "--deck", "kinds"]);
    let kinds: Vec<&str> = cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["cloze", "cloze", "cloze", "code"]);
    let built_in = env.json(DAY1, &["cards", "--json", "--deck", "python-api::os"]);
    assert!(
        built_in
            .as_array()
            .unwrap()
            .iter()
            .all(|c| ["basic", "reverse", "cloze", "code"].contains(&c["kind"].as_str().unwrap()))
    );
}

#[test]
fn plain_review_keeps_its_lines_and_shows_the_filled_cloze() {
    let env = imported();
    let out = env.review(DAY1, &["--deck", "kinds"], "\n5\n\n5\n");
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "Q: 함수형 도구 — 함수형 프로그래밍 도구: [...], filter, reduce")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(lines[at + 1], "A: map");
    assert_eq!(
        lines[at + 2],
        "   함수형 도구 — 함수형 프로그래밍 도구: [map], filter, reduce"
    );
    // The code card: the snippet verbatim between its fence lines, no
    // escape codes, then the answer on its `A:` line.
    let code = lines
        .iter()
        .position(|l| *l == "Q: __slots__ 제한 — 빈칸에 들어갈 것은?")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(lines[code + 1], "```python");
    assert_eq!(&lines[code + 2..code + 7], SNIPPET);
    assert_eq!(lines[code + 7], "```");
    assert_eq!(lines[code + 8], "A: AttributeError");
    assert!(!out.contains('\x1b'), "{out}");
}

#[cfg(unix)]
mod pty {
    use std::io::ErrorKind;
    use std::process::Command;
    use std::time::{Duration, Instant};

    use expectrl::Expect;
    use expectrl::session::OsSession as Session;

    use super::*;

    const ROWS: u16 = 30;
    const COLS: u16 = 100;
    /// The highlighter's colours: 24-bit foregrounds. The rest of the
    /// screens use the basic colours only.
    const HIGHLIGHT: &[u8] = b"\x1b[38;2;";

    struct Review {
        session: Session,
        parser: vt100::Parser,
        /// Every byte recall wrote, for the escape codes themselves.
        bytes: Vec<u8>,
    }

    impl Review {
        fn spawn(env: &TestEnv, colour: bool) -> Review {
            let mut cmd = Command::new("sh");
            cmd.env_clear()
                .env("PATH", "/usr/bin:/bin")
                .env("HOME", env.dir.path())
                .env("RECALL_DB", env.db())
                .env("TERM", "xterm-256color")
                .env("TZ", "UTC");
            if !colour {
                cmd.env("NO_COLOR", "1");
            }
            cmd.arg("-c")
                .arg(format!(
                    "while [ \"$(stty size)\" != '{ROWS} {COLS}' ]; do sleep 0.01; done; exec \"$0\" \"$@\""
                ))
                .arg(assert_cmd::cargo::cargo_bin("recall"))
                .args(["--now", DAY1, "review", "--deck", "kinds"]);
            let mut session = expectrl::Session::spawn(cmd).unwrap();
            session
                .get_process_mut()
                .set_window_size(COLS, ROWS)
                .unwrap();
            let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
            Review {
                session,
                parser: vt100::Parser::new(size(ROWS), size(COLS), 0),
                bytes: Vec::new(),
            }
        }

        fn pump(&mut self) {
            let mut buf = [0u8; 8192];
            loop {
                match self.session.try_read(&mut buf) {
                    Ok(0) => return,
                    Ok(n) => {
                        self.parser.process(&buf[..n]);
                        self.bytes.extend_from_slice(&buf[..n]);
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                    Err(_) => return,
                }
            }
        }

        fn rows(&self) -> Vec<String> {
            let screen = self.parser.screen();
            screen
                .rows(0, COLS)
                .map(|r| r.trim_end().to_string())
                .collect()
        }

        fn shown(&self) -> String {
            self.rows().join("\n")
        }

        /// Waits until `text` is on screen, within one row.
        fn wait_for(&mut self, text: &str) {
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                self.pump();
                if self.rows().iter().any(|r| r.contains(text)) {
                    return;
                }
                assert!(
                    Instant::now() < deadline,
                    "waited for {text:?}; the screen:\n{}",
                    self.shown()
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }

        fn send(&mut self, keys: &str) {
            self.session.send(keys).unwrap();
        }

        /// The rows of the code block on screen, bar and all.
        fn code_rows(&self) -> Vec<String> {
            self.rows()
                .into_iter()
                .filter_map(|r| {
                    let body = r.trim_start().strip_prefix('│')?;
                    Some(body.strip_prefix(' ').unwrap_or(body).to_string())
                })
                .collect()
        }
    }

    /// An SGR sequence (colour, bold, reverse…): ESC [ digits/; m.
    fn has_sgr(bytes: &[u8]) -> bool {
        bytes.windows(2).enumerate().any(|(i, w)| {
            w == b"\x1b[" && {
                let rest = &bytes[i + 2..];
                let end = rest
                    .iter()
                    .position(|b| !(b.is_ascii_digit() || *b == b';'))
                    .unwrap_or(rest.len());
                rest.get(end) == Some(&b'm')
            }
        })
    }

    /// Reviews the cloze, then the code card, checking each screen; returns
    /// the bytes of the code card's question screen.
    fn review_both(review: &mut Review) -> Vec<u8> {
        review.wait_for("[...], filter, reduce");
        review.send("\r");
        review.wait_for("[map], filter, reduce");
        // The answer line may arrive in a later write than the filled gap.
        review.wait_for("A map");
        let before_code = review.bytes.len();
        review.send("5");
        review.wait_for("빈칸에 들어갈 것은?");
        review.wait_for("p.z = 3  # [...]");
        let code_bytes = review.bytes[before_code..].to_vec();
        let rows = review.code_rows();
        let body: Vec<&str> = rows.iter().map(|r| r.trim_end()).collect();
        let snippet: Vec<&str> = SNIPPET.iter().map(|l| l.trim_end()).collect();
        assert_eq!(body, snippet, "{}", review.shown());
        review.send("\r");
        review.wait_for("p.z = 3  # [AttributeError]");
        review.wait_for("A AttributeError");
        review.send("5");
        review.wait_for("세션 요약");
        code_bytes
    }

    #[test]
    fn colour_on_highlights_code_and_marks_the_gap() {
        let env = imported();
        let mut review = Review::spawn(&env, true);
        let code = review_both(&mut review);
        // The highlighter's colours are in the stream of the code screen,
        // and the gap is painted (black on yellow) there too.
        assert!(code.windows(HIGHLIGHT.len()).any(|w| w == HIGHLIGHT));
        let gap = b"\x1b[30m\x1b[43m\x1b[1m[...]";
        assert!(code.windows(gap.len()).any(|w| w == gap));
        // The cloze's gap was marked as well, before the code card.
        assert!(review.bytes.windows(gap.len()).any(|w| w == gap));
    }

    #[test]
    fn no_color_shows_the_snippet_verbatim() {
        let env = imported();
        let mut review = Review::spawn(&env, false);
        let code = review_both(&mut review);
        assert!(!has_sgr(&review.bytes), "escape codes under NO_COLOR");
        // Each line of the snippet went out as it is, in one piece.
        let text = String::from_utf8_lossy(&code);
        for line in SNIPPET.iter().filter(|l| !l.is_empty()) {
            assert!(text.contains(&format!("│ {line}")), "{line:?} in {text:?}");
        }
    }
}
