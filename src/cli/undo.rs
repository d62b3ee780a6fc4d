//! `recall undo`: revert the last answer (or suspend / bury).

use std::io::{self, Write};

use super::Env;
use crate::app::cards;
use crate::error::Result;

pub fn run(env: &Env) -> Result<()> {
    let mut collection = env.open()?;
    let mut out = io::stdout().lock();
    match cards::undo_last(&mut collection, env.now)? {
        Some(undone) => {
            let entry = &undone.entry;
            let question = undone
                .question
                .unwrap_or_else(|| entry.card.as_str().to_string());
            let grade = entry
                .grade
                .map(|g| format!(" (grade {})", g.value()))
                .unwrap_or_default();
            writeln!(out, "되돌림 (undone): {:?}{grade} — {question}", entry.kind)?;
        }
        None => writeln!(out, "되돌릴 답이 없습니다 (nothing to undo)")?,
    }
    Ok(())
}
