//! `recall completions SHELL`.

use std::io::{self, Write};

use crate::error::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    shell: clap_complete::Shell,
}

pub fn run(args: &Args) -> Result<()> {
    let mut command = super::command();
    // Into memory first: `generate` panics when its writer fails (a closed
    // pipe); a write of our own reports it, and a broken pipe ends quietly.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "recall", &mut script);
    let mut out = io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(())
}
