//! `recall stats`: forecast, heatmap, retention, streak, the most lapsed cards.

use std::io::{self, Write};

use serde::Serialize;

use super::Env;
use crate::app::scheduler;
use crate::app::stats::{self as report, Report};
use crate::domain::clock::day_date;
use crate::domain::collection::{DeckCounts, Lapsed};
use crate::domain::scheduler::SchedulerKind;
use crate::domain::stats::{self, HEATMAP_DAYS};
use crate::error::Result;
use crate::term::{layout, tables};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Days of forecast (1 to 3650)
    #[arg(
        long,
        default_value_t = 30,
        value_name = "N",
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=3650)
    )]
    days: usize,
    /// Machine-readable output (documented in the README)
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct DayCount {
    date: String,
    count: u64,
}

#[derive(Serialize)]
struct StatsJson<'a> {
    study_day: String,
    decks: &'a [DeckCounts],
    forecast: Vec<DayCount>,
    heatmap: Vec<DayCount>,
    retention_7_days: stats::Retention,
    retention_30_days: stats::Retention,
    streak: u32,
    reviews_today: u64,
    most_lapsed: &'a [Lapsed],
    scheduler: SchedulerKind,
    /// Under FSRS: the mean predicted chance of recall today over the cards
    /// in review.
    predicted_retention: Option<f64>,
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let collection = env.open()?;
    let today = env.now.study_day();
    let Report {
        decks,
        computed,
        most_lapsed: lapsed,
    } = report::report(&collection, today, args.days)?;
    let kind = scheduler::settings(&collection)?.kind;
    let predicted = match kind {
        SchedulerKind::Fsrs => scheduler::predicted_retention(&collection, today)?,
        SchedulerKind::Sm2 => None,
    };
    let mut out = io::stdout().lock();
    if args.json {
        let dated = |start: i64, counts: &[u64]| -> Vec<DayCount> {
            counts
                .iter()
                .zip(start..)
                .map(|(&count, day)| DayCount {
                    date: day_date(day).to_string(),
                    count,
                })
                .collect()
        };
        let json = StatsJson {
            study_day: today.to_string(),
            decks: &decks,
            forecast: dated(today.number(), &computed.forecast),
            heatmap: dated(today.number() - HEATMAP_DAYS + 1, &computed.heatmap),
            retention_7_days: computed.retention_7_days,
            retention_30_days: computed.retention_30_days,
            streak: computed.streak,
            reviews_today: computed.reviews_today,
            most_lapsed: &lapsed,
            scheduler: kind,
            predicted_retention: predicted,
        };
        serde_json::to_writer_pretty(&mut out, &json).map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}", tables::status(&decks))?;
    writeln!(out, "\n예정 복습 (forecast, {}일)", args.days)?;
    writeln!(
        out,
        "{}",
        tables::forecast(
            today.number(),
            &computed.forecast,
            layout::terminal_cols().unwrap_or(80)
        )
    )?;
    writeln!(out, "\n활동 (reviews per day, 26주)")?;
    writeln!(
        out,
        "{}",
        tables::heatmap(today.number(), &computed.heatmap)
    )?;
    writeln!(out, "\n{}", tables::retention(&computed))?;
    if let Some(p) = predicted {
        writeln!(
            out,
            "FSRS 예상 기억률 (predicted retention today): {:.1}%",
            p * 100.0
        )?;
    }
    writeln!(
        out,
        "연속 학습 (streak): {}일 · 오늘 복습 (today): {}",
        computed.streak, computed.reviews_today
    )?;
    if !lapsed.is_empty() {
        // A three-column table breaks deck paths mid-word on a narrow screen.
        match layout::terminal_cols().filter(|&c| c < tables::BLOCKS_BELOW) {
            Some(cols) => writeln!(out, "{}", tables::lapsed_blocks(&lapsed, cols))?,
            None => writeln!(out, "{}", tables::lapsed(&lapsed))?,
        }
    }
    Ok(())
}
