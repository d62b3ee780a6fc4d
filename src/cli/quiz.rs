//! `recall quiz`: drill library functions outside the schedule.

use std::io::{self, Write};

use super::Env;
use crate::app::quiz::{self, Mode};
use crate::error::{Error, Result};
use crate::term::{self, layout, tables};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ModeArg {
    Choice,
    Typed,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only decks whose path, or one of its `::` parts, starts with this, any
    /// case (`python-libraries::1단계`, `python`, `1단계`)
    #[arg(long, value_name = "PREFIX")]
    deck: Option<String>,
    /// How many questions (1 to 1000)
    #[arg(
        long,
        default_value_t = 10,
        value_name = "N",
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1000)
    )]
    count: usize,
    #[arg(long, value_enum, default_value_t = ModeArg::Choice)]
    mode: ModeArg,
    /// Line-by-line quiz for scripts (automatic when stdin is not a terminal)
    #[arg(long)]
    plain: bool,
    /// Feed the results to the scheduler: right → 4, wrong → 1 (FSRS: Good, Again)
    #[arg(long)]
    schedule: bool,
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let mut collection = env.open()?;
    let facts = quiz::facts(&collection, args.deck.as_deref())?;
    let mode = match args.mode {
        ModeArg::Choice => Mode::Choice,
        ModeArg::Typed => Mode::Typed,
    };
    let all = quiz::all_facts(&collection)?;
    let questions = quiz::draw(&facts, &all, args.count, mode, env.seed);
    if questions.is_empty() {
        return Err(Error::NoFairQuestions {
            deck: args.deck.clone(),
        });
    }
    let (mut prompter, interactive) = term::prompter(args.plain);
    let score = quiz::play(
        &mut collection,
        &questions,
        env,
        args.schedule,
        prompter.as_mut(),
    )?;
    drop(prompter);
    let mut out = io::stdout().lock();
    if interactive {
        // Apart from the last question's lines.
        writeln!(out)?;
    }
    writeln!(out, "점수 (score): {}/{}", score.right, score.asked)?;
    if !score.misses.is_empty() {
        match layout::terminal_cols().filter(|&c| c < tables::BLOCKS_BELOW) {
            Some(cols) => writeln!(out, "{}", tables::misses_blocks(&score, cols))?,
            None => writeln!(out, "{}", tables::misses(&score))?,
        }
    }
    for leech in &score.leeches {
        writeln!(out, "거머리 카드 보류됨 (leech suspended): {leech}")?;
    }
    Ok(())
}
