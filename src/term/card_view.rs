//! A card's text on screen: prose wrapped at words, code blocks kept line
//! for line (syntax-highlighted when colour is on, verbatim otherwise), and
//! the gap of a cloze or code card marked — or, once revealed, filled with
//! the answer, highlighted in place.

use crate::domain::display::visible;
use std::sync::OnceLock;

use console::Style;
use syntect::easy::HighlightLines;
use syntect::highlighting::{Style as SynStyle, Theme, ThemeSet};
use syntect::parsing::{SyntaxReference, SyntaxSet};

use super::layout::wrap_words;
use crate::domain::card::{CLOZE_GAP, Card, CardKind, Segment, answer_segments, split_gap};

/// Marks around the part to highlight. They are written into the text
/// before it is wrapped (neither is a space, so a marked part is wrapped
/// like any other word) and become escape codes, or nothing, when a line is
/// painted. Unicode noncharacters: meant for a program's internal use, and
/// removed from card text before marking so that text never fakes one.
const OPEN: char = '\u{FDD0}';
const CLOSE: char = '\u{FDD1}';

/// The theme of the code highlighter; a dark one, as most terminals are.
const THEME: &str = "base16-ocean.dark";

/// What a marked part is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The gap the learner is to fill.
    Gap,
    /// The answer, shown in the gap.
    Filled,
}

impl Mark {
    fn style(self) -> Style {
        match self {
            Mark::Gap => Style::new().black().on_yellow().bold(),
            Mark::Filled => Style::new().green().bold().underlined(),
        }
    }
}

fn has_gap(card: &Card) -> bool {
    matches!(card.kind, CardKind::Cloze | CardKind::Code)
}

/// Card text without recall's own markers, every control character in it
/// shown visibly.
fn unmarked(text: &str) -> String {
    visible(&text.replace([OPEN, CLOSE], "")).into_owned()
}

/// The question before the answer is shown, the gap marked.
pub fn question_lines(card: &Card, cols: usize, colour: bool) -> Vec<String> {
    let text = unmarked(&card.question);
    let text = if has_gap(card) {
        text.replace(CLOZE_GAP, &format!("{OPEN}{CLOZE_GAP}{CLOSE}"))
    } else {
        text
    };
    text_lines(&text, cols, colour, Mark::Gap)
}

/// The question once the answer is shown: a cloze or code card's single gap
/// holds the answer (`[answer]`, highlighted); other cards as before.
pub fn revealed_lines(card: &Card, cols: usize, colour: bool) -> Vec<String> {
    match filled(card, &format!("{OPEN}["), &format!("]{CLOSE}")) {
        Some(text) => text_lines(&text, cols, colour, Mark::Filled),
        None => question_lines(card, cols, colour),
    }
}

/// A cloze or code card's question with its one gap replaced by the answer
/// between `open` and `close`; `None` when there is no single gap, or the
/// answer is more than one line (it would not read in place).
pub fn filled(card: &Card, open: &str, close: &str) -> Option<String> {
    if !has_gap(card) || card.answer.contains('\n') {
        return None;
    }
    let question = unmarked(&card.question);
    let answer = unmarked(&card.answer);
    let (before, after) = split_gap(&question)?;
    Some(format!("{before}{open}{}{close}{after}", answer.trim()))
}

/// An answer (or any card text) as lines; code blocks highlighted.
pub fn answer_lines(text: &str, cols: usize, colour: bool) -> Vec<String> {
    text_lines(&unmarked(text), cols, colour, Mark::Gap)
}

/// Text as screen lines: prose wrapped at words to `cols`, code blocks
/// behind a bar and kept as they are; marked parts painted with `mark`.
fn text_lines(text: &str, cols: usize, colour: bool, mark: Mark) -> Vec<String> {
    let mut lines = Vec::new();
    let mut inside = false;
    for segment in answer_segments(text) {
        match segment {
            Segment::Text(t) => {
                for line in t.lines() {
                    for wrapped in wrap_words(line, cols) {
                        lines.push(paint_prose(&wrapped, colour, mark, &mut inside));
                    }
                }
            }
            Segment::Code { lang, code } => {
                let mut highlighter = if colour { highlighter(lang) } else { None };
                let bar = if colour {
                    Style::new()
                        .dim()
                        .force_styling(true)
                        .apply_to("│ ")
                        .to_string()
                } else {
                    "│ ".to_string()
                };
                for line in code.lines() {
                    let painted = paint_code(line, colour, mark, highlighter.as_mut(), &mut inside);
                    lines.push(format!("{bar}{painted}"));
                }
            }
        }
    }
    lines
}

/// A line of prose with its marks painted (colour) or dropped. `inside`
/// carries a marked part that goes on past the end of the line.
fn paint_prose(line: &str, colour: bool, mark: Mark, inside: &mut bool) -> String {
    let mut out = String::with_capacity(line.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String, marked: bool| {
        if run.is_empty() {
            return;
        }
        if colour && marked {
            let styled = mark.style().force_styling(true).apply_to(run.as_str());
            out.push_str(&styled.to_string());
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in line.chars() {
        match c {
            OPEN => {
                flush(&mut run, &mut out, *inside);
                *inside = true;
            }
            CLOSE => {
                flush(&mut run, &mut out, *inside);
                *inside = false;
            }
            other => run.push(other),
        }
    }
    flush(&mut run, &mut out, *inside);
    out
}

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn theme() -> Option<&'static Theme> {
    static THEMES: OnceLock<ThemeSet> = OnceLock::new();
    THEMES
        .get_or_init(ThemeSet::load_defaults)
        .themes
        .get(THEME)
}

/// The syntax for a fence's language; a block without one is taken as
/// Python, the language of the notes.
fn syntax(lang: &str) -> &'static SyntaxReference {
    let set = syntaxes();
    let lang = if lang.is_empty() { "python" } else { lang };
    set.find_syntax_by_token(lang)
        .unwrap_or_else(|| set.find_syntax_plain_text())
}

/// A highlighter for one code block (it keeps state from line to line).
fn highlighter(lang: &str) -> Option<HighlightLines<'static>> {
    Some(HighlightLines::new(syntax(lang), theme()?))
}

/// A line of code: highlighted when there is a highlighter, the marked part
/// painted over the highlighting so that the gap stays visible; verbatim
/// (marks dropped) without colour.
fn paint_code(
    line: &str,
    colour: bool,
    mark: Mark,
    highlighter: Option<&mut HighlightLines<'static>>,
    inside: &mut bool,
) -> String {
    // The line without marks, and which of its bytes are marked.
    let mut clean = String::with_capacity(line.len());
    let mut marked = Vec::with_capacity(line.len());
    for c in line.chars() {
        match c {
            OPEN => *inside = true,
            CLOSE => *inside = false,
            other => {
                clean.push(other);
                marked.extend(std::iter::repeat_n(*inside, other.len_utf8()));
            }
        }
    }
    if !colour {
        return clean;
    }
    let with_newline = format!("{clean}\n");
    let ranges = match highlighter.map(|h| h.highlight_line(&with_newline, syntaxes())) {
        Some(Ok(ranges)) => ranges,
        // No highlighting: the marked part is still painted.
        _ => vec![(SynStyle::default(), with_newline.as_str())],
    };
    // Runs of one colour; a marked part is one run however many tokens
    // the highlighter split it into.
    let mut out = String::with_capacity(clean.len() * 2);
    let mut run = String::new();
    let mut run_style: Option<SynStyle> = None;
    let mut at = 0;
    for (style, piece) in ranges {
        for c in piece.chars() {
            let is_marked = marked.get(at).copied().unwrap_or(false);
            at += c.len_utf8();
            if c == '\n' {
                continue;
            }
            let wanted = (!is_marked).then_some(style);
            if wanted != run_style && !run.is_empty() {
                push_code_run(&mut out, &run, run_style, mark);
                run.clear();
            }
            run_style = wanted;
            run.push(c);
        }
    }
    push_code_run(&mut out, &run, run_style, mark);
    out.push_str("\x1b[0m");
    out
}

/// A run of code in its highlighter colour, or (`None`) as the mark.
fn push_code_run(out: &mut String, run: &str, style: Option<SynStyle>, mark: Mark) {
    if run.is_empty() {
        return;
    }
    match style {
        Some(style) => {
            let c = style.foreground;
            out.push_str(&format!("\x1b[38;2;{};{};{}m{run}", c.r, c.g, c.b));
        }
        None => out.push_str(&mark.style().force_styling(true).apply_to(run).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::card::{CardId, Generator, Source, fence};

    fn card(kind: CardKind, question: &str, answer: &str) -> Card {
        Card {
            id: CardId::new("d", Generator::Notes, "k", "r"),
            deck: "d".into(),
            generator: Generator::Notes,
            kind,
            key: "k".into(),
            role: "r".into(),
            sibling: "s".into(),
            question: question.into(),
            answer: answer.into(),
            tags: Vec::new(),
            source: Source {
                file: "f.md".into(),
                line: 1,
            },
        }
    }

    fn has_escape(lines: &[String]) -> bool {
        lines.iter().any(|l| l.contains('\x1b'))
    }

    #[test]
    fn a_cloze_is_filled_in_place_on_reveal() {
        let cloze = card(CardKind::Cloze, "map · [...] · 클로저", "functools 모듈");
        assert_eq!(
            revealed_lines(&cloze, 80, false),
            vec!["map · [functools 모듈] · 클로저"]
        );
        assert_eq!(
            question_lines(&cloze, 80, false),
            vec!["map · [...] · 클로저"]
        );
        // A basic card's brackets are text, not a gap.
        let basic = card(CardKind::Basic, "a [...] b", "x");
        assert_eq!(revealed_lines(&basic, 80, false), vec!["a [...] b"]);
    }

    #[test]
    fn without_colour_code_is_verbatim() {
        let snippet = "class P:\n    __slots__ = ('x', 'y')\nopt.z = 3  # [...]";
        let code = card(
            CardKind::Code,
            &format!("무엇이 나는가?\n{}", fence("python", snippet)),
            "AttributeError",
        );
        let lines = question_lines(&code, 80, false);
        assert!(!has_escape(&lines), "{lines:?}");
        let body: Vec<&str> = lines.iter().filter_map(|l| l.strip_prefix("│ ")).collect();
        assert_eq!(body.join("\n"), snippet);
        let revealed = revealed_lines(&code, 80, false);
        assert_eq!(
            revealed.last().map(String::as_str),
            Some("│ opt.z = 3  # [AttributeError]")
        );
    }

    #[test]
    fn with_colour_code_is_highlighted_and_the_gap_stays_marked() {
        let code = card(
            CardKind::Code,
            &format!("?\n{}", fence("python", "def f(x):\n    return [...]")),
            "x * 2",
        );
        let lines = question_lines(&code, 80, true);
        assert!(lines.iter().any(|l| l.contains("\x1b[38;2;")), "{lines:?}");
        let last = lines.last().cloned().unwrap_or_default();
        assert!(last.contains("[...]"), "{last:?}");
        let gap_style = Mark::Gap.style().force_styling(true).apply_to("[...]");
        assert!(last.contains(&gap_style.to_string()), "{last:?}");
        // With the escape codes taken out, the text is the snippet.
        let plain = console::strip_ansi_codes(&last).to_string();
        assert_eq!(plain, "│     return [...]");
    }

    #[test]
    fn a_filled_answer_that_wraps_stays_highlighted_on_each_line() {
        let cloze = card(
            CardKind::Cloze,
            "첫째 둘째 셋째 [...] 넷째",
            "아주 긴 답 하나 둘 셋 넷 다섯",
        );
        let lines = revealed_lines(&cloze, 20, true);
        assert!(lines.len() > 1, "{lines:?}");
        let plain: Vec<String> = lines
            .iter()
            .map(|l| console::strip_ansi_codes(l).to_string())
            .collect();
        assert_eq!(
            plain.join(" "),
            "첫째 둘째 셋째 [아주 긴 답 하나 둘 셋 넷 다섯] 넷째"
        );
        // Each line holding a part of the answer paints it.
        for (line, text) in lines.iter().zip(&plain) {
            if text.contains('답') || text.contains("다섯") {
                assert!(line.contains('\x1b'), "{line:?}");
            }
        }
        assert!(!lines.first().is_some_and(|l| l.starts_with('\x1b')));
    }
}
