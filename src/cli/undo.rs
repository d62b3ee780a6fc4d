//! `recall undo`: revert the last answer (or suspend / bury).

use std::io::{self, Write};

use super::Env;
use crate::error::Result;

pub fn run(env: &Env) -> Result<()> {
    let mut store = env.open()?;
    let mut out = io::stdout().lock();
    match store.undo_last(&env.now.rfc3339(), env.now.study_day())? {
        Some(row) => {
            let question = store
                .card(&row.card_id)?
                .map(|c| c.card.question)
                .unwrap_or_else(|| row.card_id.clone());
            let grade = row
                .grade
                .map(|g| format!(" (grade {g})"))
                .unwrap_or_default();
            writeln!(out, "되돌림 (undone): {:?}{grade} — {question}", row.kind)?;
        }
        None => writeln!(out, "되돌릴 답이 없습니다 (nothing to undo)")?,
    }
    Ok(())
}
