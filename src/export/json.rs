//! A JSON backup: every card with its state and its review history.

use std::io::{self, Write};

use serde::Serialize;

use crate::storage::{CardRow, LogRow};

#[derive(Debug, Serialize)]
pub struct ExportedCard<'a> {
    #[serde(flatten)]
    pub row: &'a CardRow,
    pub history: Vec<&'a LogRow>,
}

#[derive(Debug, Serialize)]
pub struct Backup<'a> {
    pub format: &'static str,
    pub version: u32,
    pub exported_at: &'a str,
    pub cards: Vec<ExportedCard<'a>>,
}

pub fn write<W: Write>(backup: &Backup<'_>, mut out: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, backup)?;
    out.write_all(b"\n")
}
