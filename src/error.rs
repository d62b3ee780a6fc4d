//! The errors a command can end with. Each maps to exit code 1 with one
//! `recall: …` line; usage errors are clap's (exit 2).

use std::io;
use std::path::PathBuf;

use thiserror::Error;

use crate::domain::encoding::EncodingError;
use crate::export::target::TargetError;
use crate::storage::StoreError;

#[derive(Debug, Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Database { path: PathBuf, source: StoreError },
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{path}: {source}")]
    Encoding {
        path: PathBuf,
        source: EncodingError,
    },
    #[error("{path}: {source}")]
    File { path: PathBuf, source: io::Error },
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Target(#[from] TargetError),
}

impl Error {
    /// Writing to a closed pipe (`recall cards | head`) is not an error.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

pub type Result<T> = std::result::Result<T, Error>;
