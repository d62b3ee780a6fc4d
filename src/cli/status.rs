//! `recall status`: counts per deck.

use std::io::{self, Write};

use serde::Serialize;

use super::Env;
use crate::app::stats;
use crate::domain::collection::DeckCounts;
use crate::domain::scheduler::Settings;
use crate::error::Result;
use crate::term::tables;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Machine-readable output (documented in the README)
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct StatusJson<'a> {
    study_day: String,
    decks: &'a [DeckCounts],
    total: DeckCounts,
    scheduler: Settings,
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let collection = env.open()?;
    let day = env.now.study_day();
    let counts = stats::deck_counts(&collection, day)?;
    let settings = crate::app::scheduler::settings(&collection)?;
    let mut out = io::stdout().lock();
    if args.json {
        let total = DeckCounts::total("total", &counts);
        let json = StatusJson {
            study_day: day.to_string(),
            decks: &counts,
            total,
            scheduler: settings,
        };
        serde_json::to_writer_pretty(&mut out, &json).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", tables::status(&counts))?;
        writeln!(out, "{}", super::scheduler::describe(&settings))?;
    }
    Ok(())
}
