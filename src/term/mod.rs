//! The terminal edge: the two prompters and the tables.

pub mod interactive;
pub mod plain;
pub mod tables;

use std::io::{self, IsTerminal};

use crate::app::prompt::Prompter;
use crate::domain::card::{Segment, answer_segments};

/// The prompter for a session: the line protocol when asked for, or when
/// stdin or stdout is not a terminal; otherwise the interactive screens.
/// Returns whether it is interactive.
pub fn prompter(plain: bool) -> (Box<dyn Prompter>, bool) {
    if plain || !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        let prompter =
            plain::PlainPrompter::new(io::stdin().lock(), io::stdout().lock(), io::stderr());
        return (Box::new(prompter), false);
    }
    // Ctrl-C inside a dialoguer prompt then ends the session like `q`
    // instead of killing the process with the cursor hidden; the review
    // screen reads Ctrl-C as a key itself.
    let _ = ctrlc::set_handler(|| {});
    (Box::new(interactive::TermPrompter::default()), true)
}

/// A card's text for a terminal: code blocks indented behind a bar so that
/// they stand apart from prose and keep their own indentation.
pub fn render_text(text: &str, code_style: impl Fn(&str) -> String) -> String {
    let mut lines = Vec::new();
    for segment in answer_segments(text) {
        match segment {
            Segment::Text(t) => lines.extend(t.lines().map(str::to_string)),
            Segment::Code { code, .. } => {
                lines.extend(code.lines().map(|l| code_style(&format!("  │ {l}"))));
            }
        }
    }
    lines.join("\n")
}
