//! Card text made safe for a terminal and for exports.
//!
//! Imported notes can hold control characters and escape sequences (a
//! window title `ESC ] 0 ; … BEL`, the clipboard through OSC 52, `ESC [ 2 J`
//! clearing the screen) and bidirectional overrides that reorder what is
//! shown. [`visible`] shows every such character as a visible stand-in, so
//! nothing is executed and nothing is hidden; [`strip`] removes them, whole
//! escape sequences included, for exports.
//!
//! The stand-ins of [`visible`]:
//! - a C0 control (U+0000–U+001F) becomes its Unicode control picture
//!   (`ESC` → `␛`, `BEL` → `␇`, `BS` → `␈`, `CR` → `␍`, `NUL` → `␀`), and
//!   `DEL` becomes `␡`; the sequence's other characters stay as they are,
//!   so `\x1b[2J` reads `␛[2J`;
//! - a C1 control (U+0080–U+009F), a bidirectional control (U+061C,
//!   U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and a line or paragraph
//!   separator (U+2028, U+2029) become `\u{…}` in lower-case hex, as in Rust;
//! - a line feed is kept, a tab becomes four spaces (a tab has no width a
//!   table could measure), and a carriage return right before a line feed is
//!   dropped (a file saved with Windows line ends).

use std::borrow::Cow;

/// Characters that reorder or hide text without being controls: bidi
/// embeddings, overrides, isolates and marks, and the Unicode line breaks
/// that a terminal does not treat as one.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Whether `c` must not reach a terminal as it is. Line feed and tab are
/// the only controls card text may keep.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_invisible_format(c)
}

/// Card text as it may be printed to a terminal: every control character
/// and escape sequence shown visibly (see the module notes), never
/// executed. Borrowed when there is nothing to change.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) || c == '\t') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\u{7F}' => out.push('\u{2421}'),
            c if u32::from(c) < 0x20 => {
                // U+2400 + the code: the control picture of every C0 control.
                out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}'));
            }
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `text` holds a character that [`is_unsafe`]: the same answer as
/// `text.chars().any(is_unsafe)`, from the UTF-8 bytes without decoding
/// them (exports ask this of every field).
pub fn has_unsafe(text: &str) -> bool {
    let bytes = text.as_bytes();
    // C0 controls and DEL are single bytes; no short-circuit, so that the
    // loop compiles to vector compares.
    let control = bytes.iter().fold(false, |seen, &b| {
        seen | ((b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F)
    });
    control || has_unsafe_multibyte(text)
}

/// Whether `text` holds one of the characters [`is_unsafe`] names that
/// take two or three bytes: [`has_unsafe`] for text known to hold no
/// control byte.
pub fn has_unsafe_multibyte(text: &str) -> bool {
    let bytes = text.as_bytes();
    // They start with one of three lead bytes, which never occur inside
    // another character.
    memchr::memchr3_iter(0xC2, 0xD8, 0xE2, bytes).any(|at| unsafe_at(bytes, at))
}

/// Whether the character that starts at byte `at` of `bytes` is one of the
/// multi-byte characters [`is_unsafe`] names: a C1 control (U+0080–U+009F,
/// `C2 80`–`C2 9F`), U+061C (`D8 9C`), U+200E and U+200F (`E2 80 8E`/`8F`),
/// U+2028–U+202E (`E2 80 A8`–`AE`) or U+2066–U+2069 (`E2 81 A6`–`A9`).
fn unsafe_at(bytes: &[u8], at: usize) -> bool {
    let mut next = bytes.iter().skip(at).copied();
    matches!(
        (next.next(), next.next(), next.next()),
        (Some(0xC2), Some(0x80..=0x9F), _)
            | (Some(0xD8), Some(0x9C), _)
            | (Some(0xE2), Some(0x80), Some(0x8E | 0x8F | 0xA8..=0xAE))
            | (Some(0xE2), Some(0x81), Some(0xA6..=0xA9))
    )
}

/// Where an escape sequence is while [`strip`] skips it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    Text,
    /// After `ESC`: the next character says which sequence this is.
    Escape,
    /// A control sequence (`ESC [` or CSI): parameters up to a final
    /// character in `@`–`~`.
    Csi,
    /// A control string (OSC, DCS, SOS, PM, APC): up to `BEL` or the
    /// string terminator (`ESC \` or ST).
    String,
    /// `ESC` inside a control string: `\` ends it.
    StringEscape,
}

/// Card text for an export: control characters and bidirectional controls
/// removed, whole escape sequences included (the payload of a window title
/// or clipboard sequence is dropped with it). Line feed and tab are kept; a
/// control string without its terminator ends at the next line feed, so an
/// unterminated sequence cannot swallow the rest of a card.
pub fn strip(text: &str) -> Cow<'_, str> {
    if !has_unsafe(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut state = Skip::Text;
    for c in text.chars() {
        state = match (state, c) {
            (Skip::Text, '\u{1B}') => Skip::Escape,
            (Skip::Text, '\u{9B}') => Skip::Csi,
            (Skip::Text, '\u{90}' | '\u{98}' | '\u{9D}' | '\u{9E}' | '\u{9F}') => Skip::String,
            (Skip::Text, c) => {
                if !is_unsafe(c) {
                    out.push(c);
                }
                Skip::Text
            }
            (Skip::Escape, '[') => Skip::Csi,
            (Skip::Escape, ']' | 'P' | 'X' | '^' | '_') => Skip::String,
            (Skip::Escape, '\u{1B}') => Skip::Escape,
            (Skip::Escape, '\n') => {
                out.push('\n');
                Skip::Text
            }
            // Two-character sequences (`ESC c`, `ESC 7`, `ESC (B` starts
            // with one): the character after ESC goes with it.
            (Skip::Escape, _) => Skip::Text,
            (Skip::Csi, '\u{40}'..='\u{7E}') => Skip::Text,
            (Skip::String | Skip::StringEscape, '\n') | (Skip::Csi, '\n') => {
                out.push('\n');
                Skip::Text
            }
            (Skip::Csi, _) => Skip::Csi,
            (Skip::String, '\u{07}' | '\u{9C}') => Skip::Text,
            (Skip::String, '\u{1B}') => Skip::StringEscape,
            (Skip::String, _) => Skip::String,
            (Skip::StringEscape, '\\') => Skip::Text,
            (Skip::StringEscape, '\u{1B}') => Skip::StringEscape,
            (Skip::StringEscape, _) => Skip::String,
        };
    }
    Cow::Owned(out)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn is_c0_or_c1(c: char) -> bool {
        c.is_control()
    }

    #[test]
    fn plain_korean_text_is_shown_as_it_is() {
        let text = "리스트 컴프리헨션\n`[x for x in y]` — 완료 😀";
        assert!(matches!(visible(text), Cow::Borrowed(_)));
        assert!(matches!(strip(text), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_are_shown_never_executed() {
        assert_eq!(visible("a\x1b]0;pwned\x07b"), "a␛]0;pwned␇b");
        assert_eq!(visible("\x1b]52;c;ZXZpbA==\x07"), "␛]52;c;ZXZpbA==␇");
        assert_eq!(visible("\x1b[2J\x1b[H"), "␛[2J␛[H");
        assert_eq!(visible("\u{9b}31m red"), "\\u{9b}31m red");
    }

    #[test]
    fn bell_backspace_and_carriage_return_are_visible() {
        assert_eq!(visible("ding\x07"), "ding␇");
        assert_eq!(
            visible("secret\x08\x08\x08\x08\x08\x08shown"),
            "secret␈␈␈␈␈␈shown"
        );
        assert_eq!(visible("answer\rfake"), "answer␍fake");
        assert_eq!(visible("nul\0 del\x7f"), "nul␀ del␡");
    }

    #[test]
    fn bidi_overrides_are_visible() {
        assert_eq!(visible("abc\u{202E}fed"), "abc\\u{202e}fed");
        assert_eq!(visible("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
    }

    #[test]
    fn newline_is_kept_tab_becomes_spaces_and_crlf_becomes_lf() {
        assert_eq!(visible("a\n\tb\r\nc"), "a\n    b\nc");
    }

    #[test]
    fn strip_removes_whole_escape_sequences() {
        assert_eq!(strip("a\x1b]0;pwned\x07b"), "ab");
        assert_eq!(strip("a\x1b]52;c;ZXZpbA==\x1b\\b"), "ab");
        assert_eq!(strip("\x1b[2J\x1b[1;31mred\x1b[0m"), "red");
        assert_eq!(strip("\u{9b}2Jx\u{9d}0;t\u{9c}y"), "xy");
        assert_eq!(strip("reset\x1bc done"), "reset done");
    }

    #[test]
    fn strip_keeps_newline_and_tab_and_drops_other_controls() {
        assert_eq!(strip("a\tb\r\nc\x07\x08d\u{202E}e"), "a\tb\ncde");
    }

    #[test]
    fn an_unterminated_sequence_ends_at_the_line() {
        assert_eq!(strip("q\x1b]0;title\nnext line"), "q\nnext line");
        assert_eq!(strip("trailing escape\x1b"), "trailing escape");
    }

    #[test]
    fn the_byte_check_agrees_with_every_character() {
        let mut buf = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = c.encode_utf8(&mut buf);
            assert_eq!(has_unsafe(text), is_unsafe(c), "{c:?}");
            // Between other characters (whose lead bytes are looked at too).
            let framed = format!("가{c}—\u{85}{c}x");
            assert!(has_unsafe(&framed), "{c:?}");
            let framed = format!("가{c}—·{c}x");
            assert_eq!(has_unsafe(&framed), is_unsafe(c), "{c:?}");
        }
    }

    proptest! {
        #[test]
        fn visible_output_holds_no_control_but_newline(text in "(\\PC|\\pC|[\x00-\x1f\x7f-\u{9f}])*") {
            let shown = visible(&text);
            prop_assert!(shown.chars().all(|c| c == '\n' || !is_c0_or_c1(c)), "{:?}", shown);
            prop_assert!(!shown.chars().any(is_invisible_format));
            prop_assert_eq!(shown.matches('\n').count(), text.matches('\n').count());
        }

        #[test]
        fn stripped_output_holds_no_control_but_newline_and_tab(text in "(\\PC|\\pC|[\x00-\x1f\x7f-\u{9f}])*") {
            let stripped = strip(&text);
            prop_assert!(!stripped.chars().any(is_unsafe), "{:?}", stripped);
            prop_assert_eq!(stripped.matches('\n').count(), text.matches('\n').count());
        }

        #[test]
        fn the_byte_check_agrees_with_the_characters(text in "(\\PC|\\pC|[\x00-\x1f\x7f-\u{9f}\u{61c}\u{200b}-\u{206f}\u{c0}-\u{ff}])*") {
            prop_assert_eq!(has_unsafe(&text), text.chars().any(is_unsafe), "{:?}", text);
        }

        #[test]
        fn text_without_controls_is_unchanged(text in "[^\\p{Cc}\u{61c}\u{200e}\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{2028}\u{2029}]*") {
            prop_assert_eq!(strip(&text), text.as_str());
            prop_assert_eq!(visible(&text), text.replace('\t', "    "));
        }
    }
}
