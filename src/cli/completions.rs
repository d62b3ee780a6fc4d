//! `recall completions SHELL`.

use std::io;

use crate::error::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    shell: clap_complete::Shell,
}

pub fn run(args: &Args) -> Result<()> {
    let mut command = super::command();
    clap_complete::generate(args.shell, &mut command, "recall", &mut io::stdout());
    Ok(())
}
