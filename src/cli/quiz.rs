//! `recall quiz`: drill library functions outside the schedule.

use std::io::{self, IsTerminal, Write};

use super::Env;
use crate::app::quiz::{self, Mode};
use crate::error::{Error, Result};
use crate::term::interactive::TermPrompter;
use crate::term::plain::PlainPrompter;
use crate::term::tables;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ModeArg {
    Choice,
    Typed,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only decks whose path starts with this
    #[arg(long)]
    deck: Option<String>,
    /// How many questions
    #[arg(long, default_value_t = 10, value_name = "N")]
    count: usize,
    #[arg(long, value_enum, default_value_t = ModeArg::Choice)]
    mode: ModeArg,
    /// Line-by-line quiz for scripts (automatic when stdin is not a terminal)
    #[arg(long)]
    plain: bool,
    /// Feed the results to SM-2: right → 4, wrong → 1
    #[arg(long)]
    schedule: bool,
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let mut store = env.open()?;
    let facts = store.facts(args.deck.as_deref())?;
    if facts.is_empty() {
        return Err(Error::Invalid(format!(
            "no library functions to quiz on{}",
            args.deck
                .as_ref()
                .map(|d| format!(" in {d:?}"))
                .unwrap_or_default()
        )));
    }
    let mode = match args.mode {
        ModeArg::Choice => Mode::Choice,
        ModeArg::Typed => Mode::Typed,
    };
    let questions = quiz::draw(&facts, args.count, mode, env.seed);
    let plain = args.plain || !io::stdin().is_terminal() || !io::stdout().is_terminal();
    let score = if plain {
        let mut prompter =
            PlainPrompter::new(io::stdin().lock(), io::stdout().lock(), io::stderr());
        quiz::play(
            &mut store,
            &questions,
            env.now,
            args.schedule,
            &mut prompter,
        )?
    } else {
        // Ctrl-C inside a prompt then ends the quiz like `q` instead of
        // killing the process with the cursor hidden.
        let _ = ctrlc::set_handler(|| {});
        let mut prompter = TermPrompter::default();
        quiz::play(
            &mut store,
            &questions,
            env.now,
            args.schedule,
            &mut prompter,
        )?
    };
    let mut out = io::stdout().lock();
    writeln!(out, "점수 (score): {}/{}", score.right, score.asked)?;
    if !score.misses.is_empty() {
        writeln!(out, "{}", tables::misses(&score))?;
    }
    Ok(())
}
