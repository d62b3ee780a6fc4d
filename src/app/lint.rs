//! `recall lint`: the card rules of DESIGN §2 over documents — the built-in
//! decks, or the user's files read as `import` reads them. Nothing is
//! written and no database is opened: the check is of the documents.

use std::path::PathBuf;

use super::library::{self, Format};
use crate::decks::BUILTIN;
use crate::domain::card::{GeneratedDeck, Generator};
use crate::domain::lint::{self, Report};
use crate::error::Result;

/// One document with the cards its generator made from it.
#[derive(Debug, Clone)]
pub struct Linted {
    /// The file as cards name their source.
    pub file: String,
    pub deck: String,
    pub generator: Generator,
    pub generated: GeneratedDeck,
}

impl Linted {
    /// Every broken rule, then what was skipped.
    pub fn report(&self) -> Report<'_> {
        lint::report(&self.file, &self.generated)
    }
}

/// The built-in decks, as this build generates them.
pub fn builtin() -> Vec<Linted> {
    BUILTIN
        .iter()
        .map(|deck| Linted {
            file: deck.file.to_string(),
            deck: deck.deck.to_string(),
            generator: deck.generator,
            generated: deck.generate(),
        })
        .collect()
}

/// The user's documents, each through the generator `import` would pick;
/// a file that cannot be read (or is not clean UTF-8) ends the check.
pub fn files(paths: &[PathBuf], deck: Option<&str>, format: Format) -> Result<Vec<Linted>> {
    paths
        .iter()
        .map(|path| {
            let doc = library::read_document(path, deck, format)?;
            Ok(Linted {
                file: path.display().to_string(),
                deck: doc.deck,
                generator: doc.generator,
                generated: doc.generated,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::card::CardKind;

    #[test]
    fn user_files_are_read_as_import_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("study.md");
        let text = "# GIL\n\n인터프리터 전역 잠금\n\n# 빈 제목\n";
        std::fs::write(&path, text).unwrap();
        let linted = files(&[path], None, Format::Auto).unwrap();
        let [doc] = linted.as_slice() else {
            panic!("one document: {linted:?}")
        };
        assert_eq!(doc.deck, "study");
        assert_eq!(doc.generator, Generator::Notes);
        let report = doc.report();
        assert!(report.skipped.iter().any(|s| s.line == 5), "{report}");
        // Every card made is a kind the review and the export know.
        assert!(
            doc.generated
                .cards
                .iter()
                .all(|c| CardKind::ALL.contains(&c.kind))
        );
    }
}
