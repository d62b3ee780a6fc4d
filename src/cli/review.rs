//! `recall review`: the daily session.

use std::io::{self, IsTerminal, Write};
use std::time::Instant;

use super::Env;
use crate::app::review::{Options, Session};
use crate::domain::clock::day_date;
use crate::domain::queue::Limits;
use crate::error::Result;
use crate::term::interactive::TermPrompter;
use crate::term::plain::PlainPrompter;
use crate::term::tables;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only decks whose path starts with this (`python-libraries::1단계`)
    #[arg(long)]
    deck: Option<String>,
    /// New cards per study day
    #[arg(long = "new", default_value_t = 20, value_name = "N")]
    new_per_day: u64,
    /// Reviews per study day
    #[arg(long = "max", default_value_t = 200, value_name = "N")]
    reviews_per_day: u64,
    /// Line-by-line session for scripts (automatic when stdin is not a terminal)
    #[arg(long)]
    plain: bool,
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let mut store = env.open()?;
    let options = Options {
        deck: args.deck.as_deref(),
        limits: Limits {
            new_per_day: args.new_per_day,
            reviews_per_day: args.reviews_per_day,
        },
    };
    let mut session = Session::start(&mut store, env.now, &options)?;
    let mut out = io::stdout().lock();
    if session.is_empty() {
        let today = session.study_day();
        match session.next_due()? {
            Some(day) => writeln!(
                out,
                "오늘은 복습할 카드가 없습니다 (nothing due). 다음 복습: {} ({}일 후)",
                day_date(day),
                day - today
            )?,
            None => writeln!(out, "오늘은 복습할 카드가 없습니다 (nothing due).")?,
        }
        return Ok(());
    }
    let clock = Instant::now;
    let plain = args.plain || !io::stdin().is_terminal() || !io::stdout().is_terminal();
    let summary = if plain {
        drop(out);
        let mut prompter =
            PlainPrompter::new(io::stdin().lock(), io::stdout().lock(), io::stderr());
        let summary = session.run(&mut prompter, &clock)?;
        out = io::stdout().lock();
        summary
    } else {
        drop(out);
        let mut prompter = TermPrompter::default();
        let summary = session.run(&mut prompter, &clock)?;
        let term = console::Term::stdout();
        term.show_cursor()?;
        term.clear_screen()?;
        out = io::stdout().lock();
        summary
    };
    writeln!(out, "{}", tables::summary(&summary))?;
    for leech in &summary.leeches {
        writeln!(out, "거머리 카드 보류됨 (leech suspended): {leech}")?;
    }
    Ok(())
}
