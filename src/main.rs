fn main() {
    for d in recall::decks::BUILTIN {
        let g = d.generate();
        println!("=== {} cards={} facts={} skipped={}", d.deck, g.cards.len(), g.facts.len(), g.skipped.len());
        for c in &g.cards { println!("[{}] {}:{} | Q: {} | A: {}", c.deck, c.source.file, c.source.line, c.question, c.answer.replace('\n', "⏎")); }
        for s in &g.skipped { println!("SKIP {}: {} — {}", s.line, s.what, s.reason); }
    }
}
