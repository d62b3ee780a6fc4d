//! Card generation alone, without the database: what `recall import` spends
//! between reading a file and writing its cards.
//!
//! `cargo bench --bench generate` times, in memory:
//! - `builtin_decks`: the five built-in decks (`decks/`), each read into
//!   blocks and generated with its own generator;
//! - `notes_100k/parse` and `notes_100k/generate`: the 100,000 notes of the
//!   import benchmark (`benches/compare.rs`: 20 documents of one heading and
//!   one sentence per note), read into blocks and then, as `recall import`
//!   does, detected and generated. `RECALL_BENCH_N` sets another number of
//!   notes (`1000000`).
//!
//! Criterion reports the time per iteration; the medians are in
//! `target/criterion/<group>/<name>/new/estimates.json`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use recall::decks::BUILTIN;
use recall::domain::generators::{self, Document};
use recall::domain::markdown;

const DECKS: usize = 20;

/// The documents of `benches/compare.rs`: N notes in 20 decks.
fn notes_documents(n: usize) -> Vec<(String, String)> {
    (0..DECKS)
        .map(|d| {
            let mut text = String::new();
            for i in (d..n).step_by(DECKS) {
                text.push_str(&format!(
                    "## 항목 {i}\n\n\"quoted, comma\" 설명 {i}: 함수 f{i}() 는 값을 반환한다\n\n"
                ));
            }
            (format!("Deck{:02}", d + 1), text)
        })
        .collect()
}

/// What `recall import` does with a document once it is read: blocks, the
/// detected shape, the cards. Returns the number of cards.
fn generate_document(deck: &str, text: &str) -> usize {
    let blocks = markdown::parse(text);
    let generator = generators::detect_blocks(&blocks);
    let file = format!("{deck}.md");
    let generated = generators::generate_from_blocks(
        generator,
        Document {
            file: &file,
            deck,
            text,
        },
        &blocks,
    );
    generated.cards.len()
}

fn builtin_decks(c: &mut Criterion) {
    c.bench_function("builtin_decks", |b| {
        b.iter(|| {
            BUILTIN
                .iter()
                .map(|deck| black_box(deck.generate()).cards.len())
                .sum::<usize>()
        });
    });
}

fn notes(c: &mut Criterion) {
    let n = std::env::var("RECALL_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000usize);
    let documents = notes_documents(n);
    let name = if n % 1000 == 0 {
        format!("notes_{}k", n / 1000)
    } else {
        format!("notes_{n}")
    };
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("parse", |b| {
        b.iter(|| {
            documents
                .iter()
                .map(|(_, text)| black_box(markdown::parse(text)).len())
                .sum::<usize>()
        });
    });
    group.bench_function("generate", |b| {
        b.iter(|| {
            let cards: usize = documents
                .iter()
                .map(|(deck, text)| generate_document(deck, text))
                .sum();
            assert_eq!(cards, n, "one card per note");
            cards
        });
    });
    group.finish();
}

criterion_group!(benches, builtin_decks, notes);
criterion_main!(benches);
