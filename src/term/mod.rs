//! The terminal edge: the two prompters and the tables.

pub mod interactive;
pub mod plain;
pub mod tables;

use crate::domain::card::{Segment, answer_segments};

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
