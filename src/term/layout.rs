//! Fitting text to the terminal's width, measured in cells: a Hangul
//! syllable takes two. Lines are broken between parts or words, never
//! inside one unless a single word is wider than the screen.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The narrowest screen laid out for; below it lines simply wrap.
pub const MIN_COLS: usize = 20;

/// Cells `text` takes on one line.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Rows a line of `text` takes on a screen `cols` wide (at least one).
/// A wide character that does not fit at a row's end moves to the next row.
pub fn rows(text: &str, cols: usize) -> usize {
    let cols = cols.max(2);
    let (mut rows, mut col) = (1, 0);
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if w > 0 && col + w > cols {
            rows += 1;
            col = 0;
        }
        col += w;
    }
    rows
}

/// Breaks `text` into lines of at most `cols` cells at spaces; a word
/// wider than a line is cut between characters.
pub fn wrap_words(text: &str, cols: usize) -> Vec<String> {
    // Leading spaces (an indented list item) stay, on every line of it.
    let body = text.trim_start_matches(' ');
    let indent = &text[..text.len() - body.len()];
    let cols = cols.max(MIN_COLS);
    if indent.is_empty() {
        return wrap_body(text, cols);
    }
    let room = cols.saturating_sub(indent.len()).max(MIN_COLS / 2);
    wrap_body(body, room)
        .into_iter()
        .map(|line| format!("{indent}{line}"))
        .collect()
}

fn wrap_body(text: &str, cols: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = if line.is_empty() {
            width(word)
        } else {
            width(&line) + 1 + width(word)
        };
        if needed <= cols {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if width(&line) + c.width().unwrap_or(0) > cols {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    lines.push(line);
    lines
}

/// Joins `parts` with `sep` into as few lines of at most `cols` cells as
/// possible, breaking only between parts (a part wider than a line is
/// broken at its spaces).
pub fn wrap_parts<S: AsRef<str>>(parts: &[S], sep: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(MIN_COLS);
    let mut lines = Vec::new();
    let mut line = String::new();
    for part in parts.iter().map(AsRef::as_ref) {
        if !line.is_empty() && width(&line) + width(sep) + width(part) <= cols {
            line.push_str(sep);
            line.push_str(part);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut pieces = wrap_words(part, cols);
        line = pieces.pop().unwrap_or_default();
        lines.extend(pieces);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Terminal columns of stdout, or `None` when it is not a terminal.
pub fn terminal_cols() -> Option<usize> {
    let term = console::Term::stdout();
    term.is_term()
        .then(|| usize::from(term.size().1))
        .filter(|&cols| cols > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fits(lines: &[String], cols: usize) -> bool {
        lines.iter().all(|l| width(l) <= cols)
    }

    #[test]
    fn parts_break_between_parts_not_inside_words() {
        let parts = [
            "python-libraries::1단계",
            "3 완료 / 12 남음",
            "새 카드 4",
            "복습 5",
            "반복 3",
            "▶ 반복 연습 중 (drilling)",
        ];
        let all = parts.join(" · ");
        assert_eq!(wrap_parts(&parts, " · ", 200), std::slice::from_ref(&all));
        let at_80 = wrap_parts(&parts, " · ", 80);
        assert!(fits(&at_80, 80));
        assert_eq!(at_80.len(), 2);
        assert_eq!(at_80[1], "▶ 반복 연습 중 (drilling)");
        assert_eq!(at_80.join(" · "), all);
        let at_50 = wrap_parts(&parts, " · ", 50);
        assert!(fits(&at_50, 50));
        assert_eq!(at_50.join(" · "), all);
    }

    #[test]
    fn a_part_wider_than_the_line_breaks_at_spaces() {
        let lines = wrap_parts(&["하나 둘 셋 넷 다섯 여섯 일곱 여덟", "x"], " · ", 20);
        assert_eq!(lines, ["하나 둘 셋 넷 다섯", "여섯 일곱 여덟 · x"]);
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut_by_cells() {
        let word = "가".repeat(15);
        let lines = wrap_words(&format!("ab {word}"), 20);
        assert_eq!(lines, ["ab", &"가".repeat(10), &"가".repeat(5)]);
    }

    #[test]
    fn an_indented_line_keeps_its_indent_when_wrapped() {
        let lines = wrap_words("  - 하나 둘 셋 넷 다섯 여섯", 20);
        assert_eq!(lines, ["  - 하나 둘 셋 넷", "  다섯 여섯"]);
    }

    #[test]
    fn rows_counts_wrapped_rows_with_wide_characters() {
        assert_eq!(rows("", 10), 1);
        assert_eq!(rows("abcdefghij", 10), 1);
        assert_eq!(rows("abcdefghijk", 10), 2);
        // nine cells, then a syllable that does not fit in the tenth
        assert_eq!(rows("abcdefghi가", 10), 2);
    }
}
