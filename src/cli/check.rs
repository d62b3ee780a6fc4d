//! `recall check [--repair]`: verify the collection, or repair it from the log.

use std::io::{self, Write};

use super::Env;
use crate::app::check::{self, Report};
use crate::app::library;
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Make a snapshot, then rebuild the counters and card states from the
    /// log; a damaged file is replaced by the rows that can still be read
    #[arg(long)]
    repair: bool,
}

fn print(out: &mut impl Write, report: &Report) -> io::Result<()> {
    for line in report
        .integrity
        .iter()
        .map(|m| format!("integrity: {m}"))
        .chain(report.counters.iter().map(|m| format!("counter: {m}")))
        .chain(report.states.iter().map(|m| format!("state: {m}")))
    {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    // As it is: no built-in deck sync before it is checked.
    let collection = library::open_unsynced(&env.db, env.now)?;
    let mut out = io::stdout().lock();
    if !args.repair {
        let report = check::check(&collection)?;
        print(&mut out, &report)?;
        if report.problems() > 0 {
            return Err(Error::CheckFailed(report.problems()));
        }
        writeln!(
            out,
            "ok: the file is sound; {} cards and {} log rows agree",
            report.cards, report.log_rows
        )?;
        return Ok(());
    }
    let repaired = check::repair(collection, &env.db, env.now)?;
    print(&mut out, &repaired.found)?;
    if let Some(recovered) = &repaired.recovered {
        let rows: Vec<String> = recovered
            .rows
            .iter()
            .map(|(table, n)| format!("{n} {table}"))
            .collect();
        writeln!(
            out,
            "recovered into a fresh file: {}; the damaged file is kept as {}",
            rows.join(", "),
            recovered.damaged_copy.display()
        )?;
    }
    writeln!(
        out,
        "repaired: counters rebuilt, {} card states rebuilt from the log",
        repaired.rebuilt
    )?;
    if repaired.after.problems() > 0 {
        print(&mut out, &repaired.after)?;
        return Err(Error::CheckFailed(repaired.after.problems()));
    }
    Ok(())
}
