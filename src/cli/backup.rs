//! `recall backup` and `recall restore FILE`.

use std::io::{self, Write};
use std::path::PathBuf;

use super::Env;
use crate::app::{backup, library};
use crate::error::Result;
use crate::term;

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A snapshot (from `recall backup` or the `backups` folder)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Do not ask before replacing the collection (asked only in a terminal)
    #[arg(long, short = 'y')]
    yes: bool,
}

pub fn run_backup(env: &Env) -> Result<()> {
    let mut collection = env.open()?;
    let path = backup::backup(&mut collection)?;
    writeln!(io::stdout().lock(), "{}", path.display())?;
    Ok(())
}

pub fn run_restore(args: &RestoreArgs, env: &Env) -> Result<()> {
    if !args.yes
        && !term::confirm(&format!(
            "{}의 컬렉션을 {}(으)로 바꿀까요? (replace the collection; the current one is kept as a snapshot)",
            env.db.display(),
            args.file.display()
        ))?
    {
        writeln!(io::stdout().lock(), "그대로 둡니다 (nothing changed)")?;
        return Ok(());
    }
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
