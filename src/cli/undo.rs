//! `recall undo`: revert the last answer (or suspend / bury).

use crate::domain::display::visible;
use std::io::{self, Write};

use super::Env;
use crate::app::cards;
use crate::domain::collection::LogRecord;
use crate::domain::state::LogKind;
use crate::error::Result;

/// The action a log row recorded, as the user knows it: a suspend row
/// that took a card out of suspension was an unsuspend.
fn action(row: &LogRecord) -> String {
    let grade = row
        .grade
        .map(|g| format!(", grade {}", g.value()))
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
    let mut collection = env.open()?;
    let mut out = io::stdout().lock();
    match cards::undo_last(&mut collection, env.now)? {
        Some(undone) => {
            let entry = &undone.entry;
            let question = undone
                .question
                .unwrap_or_else(|| entry.card.as_str().to_string());
            writeln!(
                out,
                "되돌림 (undone): {} — {}",
                action(entry),
                visible(&question)
            )?;
        }
        None => writeln!(out, "되돌릴 답이 없습니다 (nothing to undo)")?,
    }
    Ok(())
}
