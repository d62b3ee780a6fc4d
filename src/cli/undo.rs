//! `recall undo`: revert the last answer (or suspend / bury).

use std::io::{self, Write};

use super::Env;
use crate::error::Result;
use crate::storage::{LogKind, LogRow};

/// The action a log row recorded, as the user knows it: a suspend row
/// that took a card out of suspension was an unsuspend.
fn action(row: &LogRow) -> String {
    let grade = row
        .grade
        .map(|g| format!(", grade {g}"))
        .unwrap_or_default();
    match row.kind {
        LogKind::Suspend if !row.after.suspended => "보류 해제 (unsuspend)".to_string(),
        LogKind::Suspend => "보류 (suspend)".to_string(),
        LogKind::Bury => "내일로 미루기 (bury)".to_string(),
        LogKind::Review => format!("답 (answer{grade})"),
        LogKind::Drill => format!("반복 연습 답 (drill answer{grade})"),
        LogKind::Quiz => format!("퀴즈 답 (quiz answer{grade})"),
        LogKind::Undo => "되돌리기 (undo)".to_string(),
    }
}

pub fn run(env: &Env) -> Result<()> {
    let mut store = env.open()?;
    let mut out = io::stdout().lock();
    match store.undo_last(&env.now.rfc3339(), env.now.study_day())? {
        Some(row) => {
            let question = store
                .card(&row.card_id)?
                .map(|c| c.card.question)
                .unwrap_or_else(|| row.card_id.clone());
            writeln!(out, "되돌림 (undone): {} — {question}", action(&row))?;
        }
        None => writeln!(out, "되돌릴 답이 없습니다 (nothing to undo)")?,
    }
    Ok(())
}
