//! `recall optimize`: fits FSRS's parameters to the collection's log.

use std::io::{self, Write};

use super::Env;
use super::eval::figures;
use crate::app::scheduler;
use crate::error::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Machine-readable output (documented in the README)
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let mut collection = env.open()?;
    let optimized = scheduler::optimize(&mut collection)?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &optimized).map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "FSRS 매개변수를 맞췄습니다 (parameters fitted and stored)"
    )?;
    let reviews = optimized.fitted.as_ref().map_or(0, |m| m.reviews);
    writeln!(
        out,
        "복습 {reviews}개에 대한 예측 (predicting {reviews} reviews):"
    )?;
    writeln!(out, "  default: {}", figures(optimized.default.as_ref()))?;
    writeln!(out, "  fitted:  {}", figures(optimized.fitted.as_ref()))?;
    if let (Some(d), Some(f)) = (&optimized.default, &optimized.fitted) {
        writeln!(
            out,
            "  log loss {:+.1}% · RMSE(bins) {:+.1}%",
            change(d.log_loss, f.log_loss),
            change(d.rmse_bins, f.rmse_bins)
        )?;
    }
    if optimized.rescheduled > 0 {
        writeln!(
            out,
            "다시 계산한 카드 (rescheduled): {}",
            optimized.rescheduled
        )?;
    }
    Ok(())
}

/// The change from `before` to `after` in percent (negative: smaller).
fn change(before: f64, after: f64) -> f64 {
    if before == 0.0 {
        0.0
    } else {
        (after - before) / before * 100.0
    }
}
