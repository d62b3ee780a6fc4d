//! `recall check [--repair]`: verify the collection, or repair it from the log.

use std::io::{self, Write};

use super::Env;
use crate::app::{check, library};
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Make a snapshot, then rebuild the counters and card states from the log
    #[arg(long)]
    repair: bool,
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    // As it is: no built-in deck sync before it is checked.
    let mut collection = library::open_unsynced(&env.db, env.now)?;
    let report = if args.repair {
        check::repair(&mut collection)?
    } else {
        check::check(&collection)?
    };
    let mut out = io::stdout().lock();
    for line in report
        .integrity
        .iter()
        .map(|m| format!("integrity: {m}"))
        .chain(report.counters.iter().map(|m| format!("counter: {m}")))
        .chain(report.states.iter().map(|m| format!("state: {m}")))
    {
        writeln!(out, "{line}")?;
    }
    let problems = report.problems();
    if problems == 0 {
        writeln!(
            out,
            "ok: the file is sound; {} cards and {} log rows agree",
            report.cards, report.log_rows
        )?;
        return Ok(());
    }
    if args.repair && report.integrity.is_empty() {
        writeln!(
            out,
            "repaired: counters rebuilt, {} card states rebuilt from the log",
            report.rebuilt.len()
        )?;
        return Ok(());
    }
    Err(Error::CheckFailed(problems))
}
