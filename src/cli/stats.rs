//! `recall stats`: forecast, heatmap, retention, streak, the most lapsed cards.

use std::io::{self, Write};

use serde::Serialize;

use super::Env;
use crate::domain::clock::day_date;
use crate::domain::stats::{self, HEATMAP_DAYS, ReviewFact, Stats};
use crate::error::Result;
use crate::storage::DeckCounts;
use crate::term::{layout, tables};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Days of forecast
    #[arg(long, default_value_t = 30, value_name = "N")]
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
struct Lapsed {
    question: String,
    deck: String,
    lapses: u32,
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
    most_lapsed: Vec<Lapsed>,
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let store = env.open()?;
    let today = env.now.study_day();
    let reviews: Vec<ReviewFact> = store
        .review_days(today - HEATMAP_DAYS.max(30) + 1)?
        .into_iter()
        .map(|(day, grade, interval_before)| ReviewFact {
            day,
            grade,
            interval_before,
        })
        .collect();
    let computed: Stats = stats::compute(today, args.days, &store.due_days()?, &reviews);
    let decks = store.deck_counts(today)?;
    let lapsed = store.most_lapsed(5)?;
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
            study_day: day_date(today).to_string(),
            decks: &decks,
            forecast: dated(today, &computed.forecast),
            heatmap: dated(today - HEATMAP_DAYS + 1, &computed.heatmap),
            retention_7_days: computed.retention_7_days,
            retention_30_days: computed.retention_30_days,
            streak: computed.streak,
            reviews_today: computed.reviews_today,
            most_lapsed: lapsed
                .into_iter()
                .map(|(question, deck, lapses)| Lapsed {
                    question,
                    deck,
                    lapses,
                })
                .collect(),
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
            today,
            &computed.forecast,
            layout::terminal_cols().unwrap_or(80)
        )
    )?;
    writeln!(out, "\n활동 (reviews per day, 26주)")?;
    writeln!(out, "{}", tables::heatmap(today, &computed.heatmap))?;
    writeln!(out, "\n{}", tables::retention(&computed))?;
    writeln!(
        out,
        "연속 학습 (streak): {}일 · 오늘 복습 (today): {}",
        computed.streak, computed.reviews_today
    )?;
    if !lapsed.is_empty() {
        writeln!(out, "{}", tables::lapsed(&lapsed))?;
    }
    Ok(())
}
