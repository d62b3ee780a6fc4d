//! `recall suspend ID…` / `recall unsuspend ID…`.

use crate::domain::display::visible;
use std::io::{self, Write};

use super::Env;
use crate::app::cards;
use crate::error::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Card ids (see `recall cards`)
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
}

pub fn run(args: &Args, env: &Env, suspend: bool) -> Result<()> {
    let mut collection = env.open()?;
    let changed = cards::set_suspended(&mut collection, &args.ids, suspend, env.now)?;
    let mut out = io::stdout().lock();
    let verb = if suspend { "suspended" } else { "unsuspended" };
    for record in changed {
        writeln!(
            out,
            "{verb} {}: {}",
            record.card.id,
            visible(&record.card.question)
        )?;
    }
    Ok(())
}
