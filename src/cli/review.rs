//! `recall review`: the daily session.

use std::io::{self, Write};

use super::Env;
use crate::app::review::{Options, Session};
use crate::domain::queue::{DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY, Limits};
use crate::error::Result;
use crate::term::{self, tables};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only decks whose path, or one of its `::` parts, starts with this, any
    /// case (`python-libraries::1단계`, `python`, `1단계`)
    #[arg(long, value_name = "PREFIX")]
    deck: Option<String>,
    /// New cards per study day (at most 100000)
    #[arg(
        long = "new",
        default_value_t = DEFAULT_NEW_PER_DAY,
        value_name = "N",
        value_parser = clap::value_parser!(u64).range(0..=100_000)
    )]
    new_per_day: u64,
    /// Reviews per study day (at most 100000)
    #[arg(
        long = "max",
        default_value_t = DEFAULT_REVIEWS_PER_DAY,
        value_name = "N",
        value_parser = clap::value_parser!(u64).range(0..=100_000)
    )]
    reviews_per_day: u64,
    /// Line-by-line session for scripts (automatic when stdin is not a terminal)
    #[arg(long)]
    plain: bool,
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let mut collection = env.open()?;
    let options = Options {
        deck: args.deck.as_deref(),
        limits: Limits {
            new_per_day: args.new_per_day,
            reviews_per_day: args.reviews_per_day,
        },
    };
    let mut session = Session::start(&mut collection, env.now, &options)?;
    if session.is_empty() {
        let mut out = io::stdout().lock();
        let today = session.study_day();
        match session.next_due()? {
            Some(day) => writeln!(
                out,
                "오늘은 복습할 카드가 없습니다 (nothing due). 다음 복습: {} ({}일 후)",
                day,
                day.days_since(today)
            )?,
            None => writeln!(out, "오늘은 복습할 카드가 없습니다 (nothing due).")?,
        }
        return Ok(());
    }
    let (mut prompter, interactive) = term::prompter(args.plain);
    let summary = session.run(prompter.as_mut(), env)?;
    drop(prompter);
    if interactive {
        let screen = console::Term::stdout();
        screen.show_cursor()?;
        screen.clear_screen()?;
    }
    let mut out = io::stdout().lock();
    writeln!(out, "{}", tables::summary(&summary))?;
    for leech in &summary.leeches {
        writeln!(out, "거머리 카드 보류됨 (leech suspended): {leech}")?;
    }
    Ok(())
}
