//! `recall scheduler [sm2|fsrs] [--retention R]`: shows or sets the
//! collection's scheduler.

use std::io::{self, Write};

use super::Env;
use crate::app::scheduler;
use crate::domain::scheduler::{SchedulerKind, Settings};
use crate::error::Result;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    /// The original SM-2, exactly (the default)
    Sm2,
    /// FSRS-6, each card's memory replayed from its own review log
    Fsrs,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scheduler to switch to; without it, show the current one
    kind: Option<Kind>,
    /// FSRS's desired retention: the chance of recall on the due day (0.70–0.97)
    #[arg(long, value_name = "R")]
    retention: Option<f32>,
}

/// One line saying which scheduler the collection uses (also in `status`).
pub fn describe(settings: &Settings) -> String {
    match settings.kind {
        SchedulerKind::Sm2 => "스케줄러 (scheduler): sm2".to_string(),
        SchedulerKind::Fsrs => format!(
            "스케줄러 (scheduler): fsrs · 목표 기억률 (desired retention) {:.2} · 매개변수 (parameters): {}",
            settings.retention,
            if settings.parameters.is_some() {
                "fitted (recall optimize)"
            } else {
                "default"
            }
        ),
    }
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let mut collection = env.open()?;
    let mut out = io::stdout().lock();
    if args.kind.is_none() && args.retention.is_none() {
        writeln!(out, "{}", describe(&scheduler::settings(&collection)?))?;
        return Ok(());
    }
    let kind = args.kind.map(|k| match k {
        Kind::Sm2 => SchedulerKind::Sm2,
        Kind::Fsrs => SchedulerKind::Fsrs,
    });
    let switched = scheduler::set(&mut collection, kind, args.retention)?;
    writeln!(out, "{}", describe(&switched.settings))?;
    writeln!(
        out,
        "다시 계산한 카드 (rescheduled from the log): {}",
        switched.rescheduled
    )?;
    Ok(())
}
