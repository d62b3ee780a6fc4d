//! Masking, loose comparison and deck generation over text with letters
//! that change length when lower-cased (`Ⱥ` grows, the Kelvin sign `K`
//! shrinks, `İ` becomes two chars, `ẞ`/`ß`) mixed with Hangul: nothing
//! panics, and masks and leak checks agree.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use recall::domain::card::Generator;
use recall::domain::generators::{Document, generate};
use recall::domain::lint::{self, Rule};
use recall::domain::text::{contains_token, loose, mask, mask_name, mentions, name_leaks};
use unicode_normalization::UnicodeNormalization;

/// Words from an alphabet of case-changing letters, ASCII and Hangul.
fn word() -> impl Strategy<Value = String> {
    "[ȺẞİßKkaAbB가나힣_.()0-9]{1,6}"
}

fn phrase() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![word(), Just(", ".to_string()), Just(" ".to_string())],
        1..8,
    )
    .prop_map(|parts| parts.concat())
}

/// A catalog of a few entries whose names also appear in their fields.
fn library_document() -> impl Strategy<Value = String> {
    let entry = (
        word(),
        phrase(),
        phrase(),
        prop::collection::vec(word(), 0..4),
    );
    prop::collection::vec(entry, 1..5).prop_map(|entries| {
        let mut doc = String::from("# 카탈로그\n\n## 1단계: 기초\n\n");
        for (name, what, used, api) in entries {
            let name = name.trim_matches(|c: char| "_.()".contains(c));
            let name = if name.is_empty() { "Ⱥ" } else { name };
            doc.push_str(&format!("### {name}\n"));
            doc.push_str(&format!("- **기능**: {name} {what}\n"));
            doc.push_str(&format!("- **용도**: {used}, {name}\n"));
            let api: Vec<String> = api.iter().map(|a| format!("`{name}.{a}()`")).collect();
            if !api.is_empty() {
                doc.push_str(&format!("- **핵심**: {}\n", api.join(", ")));
            }
            doc.push('\n');
        }
        doc
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Masking every form of a name takes any text and name, and leaves no
    /// whole-token mention of the name behind; a text that mentions it leaks.
    #[test]
    fn masking_every_form_of_a_name_never_panics_and_hides_it(
        text in phrase(),
        name in "[ȺẞKka가힣]{2,5}",
    ) {
        let mentioned = format!("{text} {name}");
        prop_assert!(name_leaks(&mentioned, &name));
        let masked = mask_name(&mentioned, &name);
        prop_assert!(!contains_token(&masked, &name), "{masked}");
        let _ = name_leaks(&masked, &name);
    }

    #[test]
    fn masking_never_panics_and_leaves_no_mention(
        text in phrase(),
        needle in word(),
        name in "[ȺẞİßKkaAbB가나힣0-9]{1,6}",
    ) {
        let _ = mask(&text, &needle);
        // A name made of letters and digits is gone once masked.
        let masked = mask(&text, &name);
        prop_assert!(!mentions(&masked, &name), "{masked:?} still mentions {name:?}");
        let needle = name;
        if !mentions(&text, &needle) {
            prop_assert_eq!(&masked, &text);
        }
        let _ = contains_token(&text, &needle);
    }

    #[test]
    fn loose_never_panics(text in "[ȺẞİßKk가 ()`A-Z]{0,20}") {
        let folded = loose(&text);
        prop_assert!(!folded.contains(char::is_whitespace));
        prop_assert!(!folded.contains('`'));
    }

    #[test]
    fn every_generator_and_the_checker_take_any_such_document(
        parts in prop::collection::vec(prop_oneof![
            Just("## 1단계: 기초\n".to_string()),
            Just("### Level 1: 기본\n".to_string()),
            Just("#### 1. 주제\n".to_string()),
            Just("- **기능**: ".to_string()),
            Just("- os.chdir() : ".to_string()),
            Just("- ".to_string()),
            Just("1. ".to_string()),
            Just("\n".to_string()),
            Just(" · ".to_string()),
            Just(" → ".to_string()),
            Just("**필수**: ".to_string()),
            phrase(),
        ], 0..30)
    ) {
        let text = parts.concat();
        for generator in Generator::ALL {
            let deck = generate(generator, Document { file: "f.md", deck: "d", text: &text });
            for problem in lint::check(&deck) {
                prop_assert!(!problem.to_string().is_empty());
                // These three generators never write a card that shows its answer.
                let guarded = matches!(
                    generator,
                    Generator::Library | Generator::Roadmap | Generator::Reference
                );
                prop_assert!(
                    !(guarded && problem.rule == Rule::AnswerInQuestion),
                    "{problem}"
                );
            }
            prop_assert_eq!(lint::skipped(&deck).len(), deck.skipped.len());
        }
    }

    #[test]
    fn library_documents_with_such_letters_make_clean_cards(doc in library_document()) {
        let deck = generate(Generator::Library, Document { file: "f.md", deck: "d", text: &doc });
        // An entry whose fields say nothing beyond its name makes no card,
        // and says so.
        prop_assert!(!deck.cards.is_empty() || !deck.skipped.is_empty());
        for card in &deck.cards {
            prop_assert_eq!(card.question.nfc().collect::<String>(), card.question.clone());
            prop_assert_eq!(card.answer.nfc().collect::<String>(), card.answer.clone());
        }
        // The generator never writes a card that gives its answer away.
        let leaks: Vec<String> = lint::check(&deck)
            .into_iter()
            .filter(|p| p.rule == Rule::AnswerInQuestion)
            .map(|p| p.to_string())
            .collect();
        prop_assert!(leaks.is_empty(), "{leaks:#?}");
    }
}
