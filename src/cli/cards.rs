//! `recall cards`: list cards with their scheduling state.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use super::Env;
use crate::app::cards;
use crate::domain::collection::CardRecord;
use crate::error::Result;
use crate::term::{layout, tables};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only decks whose path, or one of its `::` parts, starts with this, any
    /// case (`python-libraries::1단계`, `python`, `1단계`)
    #[arg(long, value_name = "PREFIX")]
    deck: Option<String>,
    /// Only cards whose question, answer or tags contain this (any case)
    #[arg(long)]
    search: Option<String>,
    /// Machine-readable output (documented in the README)
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    file: &'a str,
    line: u32,
}

#[derive(Serialize)]
struct StateJson {
    reps: u32,
    ef: f64,
    interval_days: u32,
    due: Option<String>,
    lapses: u32,
    suspended: bool,
}

#[derive(Serialize)]
struct CardJson<'a> {
    id: &'a str,
    deck: &'a str,
    kind: &'static str,
    question: &'a str,
    answer: &'a str,
    tags: &'a [String],
    source: SourceJson<'a>,
    sibling: &'a str,
    state: StateJson,
}

fn to_json(row: &CardRecord) -> CardJson<'_> {
    CardJson {
        id: row.card.id.as_str(),
        deck: &row.card.deck,
        kind: row.card.kind.as_str(),
        question: &row.card.question,
        answer: &row.card.answer,
        tags: &row.card.tags,
        source: SourceJson {
            file: &row.card.source.file,
            line: row.card.source.line,
        },
        sibling: &row.card.sibling,
        state: StateJson {
            reps: row.state.reps,
            ef: f64::from(row.state.ef) / 100.0,
            interval_days: row.state.interval,
            due: row.state.due.map(|d| d.to_string()),
            lapses: row.state.lapses,
            suspended: row.state.suspended,
        },
    }
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let collection = env.open()?;
    let rows = cards::list(&collection, args.deck.as_deref(), args.search.as_deref())?;
    let mut out = io::stdout().lock();
    if args.json {
        let cards: Vec<CardJson<'_>> = rows.iter().map(to_json).collect();
        serde_json::to_writer_pretty(&mut out, &cards).map_err(io::Error::from)?;
        writeln!(out)?;
    } else if !out.is_terminal() {
        // A table fitted to no screen is only borders through `head`.
        write!(out, "{}", tables::cards_plain(&rows))?;
    } else {
        match layout::terminal_cols().filter(|&c| c < tables::BLOCKS_BELOW) {
            Some(cols) => writeln!(out, "{}", tables::cards_blocks(&rows, cols))?,
            None => writeln!(out, "{}", tables::cards(&rows))?,
        }
        writeln!(out, "{}장 (cards)", rows.len())?;
    }
    if rows.is_empty() {
        if let Some(search) = &args.search {
            writeln!(
                io::stderr().lock(),
                "hint: no card's question, answer or tags contain {search:?}{}",
                args.deck
                    .as_ref()
                    .map(|d| format!(" in --deck {d:?}"))
                    .unwrap_or_default()
            )?;
        }
    }
    Ok(())
}
