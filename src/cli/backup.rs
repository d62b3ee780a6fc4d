//! `recall backup` and `recall restore FILE`.

use std::io::{self, Write};
use std::path::PathBuf;

use super::Env;
use crate::app::{backup, library};
use crate::error::Result;

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A snapshot (from `recall backup` or the `backups` folder)
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

pub fn run_backup(env: &Env) -> Result<()> {
    let mut collection = env.open()?;
    let path = backup::backup(&mut collection)?;
    writeln!(io::stdout().lock(), "{}", path.display())?;
    Ok(())
}

pub fn run_restore(args: &RestoreArgs, env: &Env) -> Result<()> {
    let mut collection = library::open_unsynced(&env.db, env.now)?;
    let before = backup::restore(&mut collection, &args.file)?;
    writeln!(
        io::stdout().lock(),
        "restored {}; the collection as it was is in {}",
        args.file.display(),
        before.display()
    )?;
    Ok(())
}
