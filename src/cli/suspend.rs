//! `recall suspend ID…` / `recall unsuspend ID…`.

use std::io::{self, Write};

use super::Env;
use crate::error::{Error, Result};
use crate::storage::{LogEntry, LogKind};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Card ids (see `recall cards`)
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
}

pub fn run(args: &Args, env: &Env, suspend: bool) -> Result<()> {
    let mut store = env.open()?;
    let mut rows = Vec::new();
    for id in &args.ids {
        let row = store
            .card(id)?
            .ok_or_else(|| Error::Invalid(format!("no card with id {id}")))?;
        rows.push(row);
    }
    let at = env.now.rfc3339();
    let mut out = io::stdout().lock();
    for row in rows {
        let before = row.state();
        let mut after = before;
        after.suspended = suspend;
        if !suspend {
            after.leech = false;
        }
        if before != after {
            let day = env.now.study_day();
            store.record(&LogEntry::change(
                &row.card.id,
                &at,
                day,
                LogKind::Suspend,
                before,
                after,
            ))?;
        }
        let verb = if suspend { "suspended" } else { "unsuspended" };
        writeln!(out, "{verb} {}: {}", row.card.id, row.card.question)?;
    }
    Ok(())
}
