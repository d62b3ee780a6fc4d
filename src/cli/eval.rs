//! `recall eval [--json]`: how well each scheduler predicts this learner.

use std::io::{self, Write};

use super::Env;
use crate::app::scheduler;
use crate::domain::eval::Metrics;
use crate::error::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Machine-readable output (documented in the README)
    #[arg(long)]
    json: bool,
}

/// Log loss, RMSE(bins) and AUC on one line.
pub fn figures(metrics: Option<&Metrics>) -> String {
    match metrics {
        None => "—".to_string(),
        Some(m) => format!(
            "log loss {:.4} · RMSE(bins) {:.4} · AUC {} · n {}",
            m.log_loss,
            m.rmse_bins,
            m.auc.map_or_else(|| "—".to_string(), |a| format!("{a:.4}")),
            m.reviews
        ),
    }
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let collection = env.open()?;
    let evaluation = scheduler::evaluate(&collection)?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &evaluation).map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    match &evaluation.split_day {
        Some(day) => writeln!(
            out,
            "{day} 이전 복습 {}개로 맞추고 이후를 예측 (fitted on {} reviews before {day}, predicting the ones from it on)",
            evaluation.train_reviews, evaluation.train_reviews
        )?,
        None => writeln!(out, "예측할 복습이 없습니다 (nothing to predict yet)")?,
    }
    writeln!(out, "  SM-2:         {}", figures(evaluation.sm2.as_ref()))?;
    writeln!(
        out,
        "  FSRS default: {}",
        figures(evaluation.fsrs_default.as_ref())
    )?;
    writeln!(
        out,
        "  FSRS fitted:  {}",
        figures(evaluation.fsrs_fitted.as_ref())
    )?;
    if let Some(note) = &evaluation.note {
        writeln!(out, "  ({note})")?;
    }
    Ok(())
}
