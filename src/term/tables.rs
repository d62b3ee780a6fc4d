//! Tables for the terminal (comfy-table measures wide characters, so Korean
//! text lines up).

use crate::domain::display::visible;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use crate::app::library::SyncSummary;
use crate::app::quiz::Score;
use crate::app::review::Summary;
use crate::domain::clock::day_date;
use crate::domain::collection::{CardRecord, DeckCounts, Lapsed, SyncReport};
use crate::domain::natural::natural_cmp;
use crate::term::layout::{width, wrap_parts, wrap_words};

fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().map(Cell::new));
    table
}

fn right(table: &mut Table, from: usize) {
    let count = table.column_count();
    for index in from..count {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// Decks in natural order (`Level 2` before `Level 10`).
fn by_deck<T>(items: &[T], deck: impl Fn(&T) -> &str) -> Vec<&T> {
    let mut sorted: Vec<&T> = items.iter().collect();
    sorted.sort_by(|a, b| natural_cmp(deck(a), deck(b)));
    sorted
}

/// Below this width the counts' headers are abbreviated, so that the deck
/// column keeps room for its names.
const NARROW: usize = 80;

/// Card text, a deck name or a tag as it may reach the terminal: control
/// characters and escape sequences shown visibly, never executed.
fn shown(text: &str) -> String {
    visible(text).into_owned()
}

pub fn status(counts: &[DeckCounts]) -> Table {
    status_for(counts, super::layout::terminal_cols())
}

/// The status table for a screen `cols` wide (`None`: not a terminal).
pub fn status_for(counts: &[DeckCounts], cols: Option<usize>) -> Table {
    let narrow = cols.is_some_and(|c| c < NARROW);
    let header = if narrow {
        ["덱 (deck)", "new", "lrn", "due", "susp", "total"]
    } else {
        ["덱 (deck)", "new", "learning", "due", "suspended", "total"]
    };
    let mut t = table(&header);
    for c in by_deck(counts, |c| &c.deck) {
        // On a narrow screen a deck path breaks after its `::` parts
        // rather than inside a word.
        let deck = if narrow {
            shown(&c.deck).replace("::", "::\n")
        } else {
            shown(&c.deck)
        };
        t.add_row(vec![
            deck,
            c.new.to_string(),
            c.learning.to_string(),
            c.due.to_string(),
            c.suspended.to_string(),
            c.total.to_string(),
        ]);
    }
    let total = DeckCounts::total("합계 (total)", counts);
    t.add_row(vec![
        total.deck,
        total.new.to_string(),
        total.learning.to_string(),
        total.due.to_string(),
        total.suspended.to_string(),
        total.total.to_string(),
    ]);
    right(&mut t, 1);
    if narrow {
        // The counts give their padding to the deck names.
        for index in 1..t.column_count() {
            if let Some(column) = t.column_mut(index) {
                column.set_padding((1, 0));
            }
        }
    }
    t
}

/// A card's due date, `new`, and `(보류)` when suspended.
fn due(r: &CardRecord) -> String {
    let due = r
        .state
        .due
        .map_or_else(|| "new".to_string(), |d| d.to_string());
    if r.state.suspended {
        format!("{due} (보류)")
    } else {
        due
    }
}

pub fn cards(rows: &[CardRecord]) -> Table {
    let mut t = table(&[
        "id",
        "덱 (deck)",
        "kind",
        "질문 (question)",
        "답 (answer)",
        "due",
        "ef",
        "reps",
    ]);
    for r in rows {
        t.add_row(vec![
            r.card.id.to_string(),
            shown(&r.card.deck),
            r.card.kind.as_str().to_string(),
            shown(&r.card.question),
            shown(&r.card.answer),
            due(r),
            format!("{:.2}", f64::from(r.state.ef) / 100.0),
            r.state.reps.to_string(),
        ]);
    }
    t
}

/// Cards for a pipe: one card a line, tab-separated (id, deck, question,
/// answer, due, ef, reps, kind — the kind last so that scripts reading the
/// earlier columns by position keep working), line breaks and tabs inside a field shown as
/// `\n` and spaces so that every card stays on its line.
pub fn cards_plain(rows: &[CardRecord]) -> String {
    let field = |text: &str| {
        visible(text)
            .replace('\t', " ")
            .replace("\r\n", "\\n")
            .replace('\n', "\\n")
    };
    let mut out = String::new();
    for r in rows {
        out.push_str(
            &[
                r.card.id.to_string(),
                field(&r.card.deck),
                field(&r.card.question),
                field(&r.card.answer),
                due(r),
                format!("{:.2}", f64::from(r.state.ef) / 100.0),
                r.state.reps.to_string(),
                r.card.kind.as_str().to_string(),
            ]
            .join("\t"),
        );
        out.push('\n');
    }
    out
}

/// Below this width a table of cards or misses has no room for its
/// columns: each entry becomes a short block of lines instead.
pub const BLOCKS_BELOW: usize = 120;

/// `text` wrapped to `cols` with `label` before its first line and the
/// label's width of indent before the others.
fn labelled(label: &str, text: &str, cols: usize) -> Vec<String> {
    let indent = " ".repeat(width(label));
    let mut lines = Vec::new();
    for (index, line) in text
        .lines()
        .flat_map(|l| wrap_words(l, cols.saturating_sub(width(label))))
        .enumerate()
    {
        let lead = if index == 0 { label } else { &indent };
        lines.push(format!("{lead}{line}"));
    }
    if lines.is_empty() {
        lines.push(label.trim_end().to_string());
    }
    lines
}

/// Cards for a narrow screen: a line of facts, then the question and the
/// answer, each wrapped at words to `cols`.
pub fn cards_blocks(rows: &[CardRecord], cols: usize) -> String {
    let mut lines = Vec::new();
    for r in rows {
        let facts = [
            r.card.id.to_string(),
            shown(&r.card.deck),
            r.card.kind.as_str().to_string(),
            due(r),
            format!("ef {:.2}", f64::from(r.state.ef) / 100.0),
            format!("reps {}", r.state.reps),
        ];
        lines.extend(wrap_parts(&facts, " · ", cols));
        lines.extend(labelled("  Q ", &shown(&r.card.question), cols));
        lines.extend(labelled("  A ", &shown(&r.card.answer), cols));
        lines.push(String::new());
    }
    lines.join("\n")
}

/// The quiz's misses for a narrow screen: the question, then what was
/// given, the answer and the source.
pub fn misses_blocks(score: &Score, cols: usize) -> String {
    let mut lines = Vec::new();
    for m in &score.misses {
        lines.extend(labelled("✗ ", &shown(&m.question), cols));
        let facts = [
            format!("내 답: {}", shown(&m.given)),
            format!("정답: {}", shown(&m.answer)),
            shown(&m.source),
        ];
        lines.extend(
            wrap_parts(&facts, " · ", cols.saturating_sub(2))
                .into_iter()
                .map(|l| format!("  {l}")),
        );
    }
    lines.join("\n")
}

fn minutes(seconds: u64) -> String {
    if seconds < 60 {
        format!("{seconds}초")
    } else {
        format!("{}분 {}초", seconds / 60, seconds % 60)
    }
}

pub fn summary(s: &Summary) -> Table {
    let mut t = table(&["세션 요약 (summary)", ""]);
    let rows = [
        ("복습한 카드 (reviewed)", s.reviewed.to_string()),
        ("맞힘 (correct, ≥3)", s.correct.to_string()),
        ("새로 배운 카드 (new learned)", s.new_learned.to_string()),
        ("반복 연습 (drilled)", s.drilled.to_string()),
        (
            "보류 / 내일로 (suspended / buried)",
            format!("{} / {}", s.suspended, s.buried),
        ),
        ("걸린 시간 (time)", minutes(s.seconds)),
        ("오늘 남은 카드 (left today)", s.left_today.to_string()),
        ("내일 복습 (due tomorrow)", s.due_tomorrow.to_string()),
    ];
    for (k, v) in rows {
        t.add_row(vec![k.to_string(), v]);
    }
    right(&mut t, 1);
    t
}

pub fn misses(score: &Score) -> Table {
    let mut t = table(&[
        "틀린 문제 (missed)",
        "내 답 (given)",
        "정답 (answer)",
        "출처 (source)",
    ]);
    for m in &score.misses {
        t.add_row(vec![
            shown(&m.question),
            shown(&m.given),
            shown(&m.answer),
            shown(&m.source),
        ]);
    }
    t
}

pub fn sync(summary: &SyncSummary) -> Table {
    let mut t = table(&["덱 (deck)", "added", "updated", "retired", "unchanged"]);
    let row = |name: &str, r: &SyncReport| {
        vec![
            shown(name),
            r.added.to_string(),
            r.updated.to_string(),
            r.retired.to_string(),
            r.unchanged.to_string(),
        ]
    };
    for (deck, report) in by_deck(&summary.decks, |(deck, _)| deck) {
        t.add_row(row(deck, report));
    }
    t.add_row(row("합계 (total)", &summary.total));
    right(&mut t, 1);
    t
}

/// The longest forecast bar, on a screen wide enough for it.
const FORECAST_BAR: usize = 40;
/// `MM-DD  {count:>6}  ` before each bar.
const FORECAST_LABEL: usize = 15;

/// One line per day with reviews due: date, count, a bar; each line fits
/// in `cols` columns (the bars shrink on a narrow screen).
pub fn forecast(today: i64, counts: &[u64], cols: usize) -> String {
    let longest = cols.saturating_sub(FORECAST_LABEL).clamp(1, FORECAST_BAR) as u64;
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let mut lines = Vec::new();
    for (count, day) in counts.iter().zip(today..) {
        if *count == 0 {
            continue;
        }
        let width = usize::try_from((count * longest).div_ceil(max)).unwrap_or(FORECAST_BAR);
        lines.push(format!(
            "{}  {:>6}  {}",
            day_date(day).format("%m-%d"),
            count,
            "█".repeat(width)
        ));
    }
    if lines.is_empty() {
        lines.push("예정된 복습 없음 (nothing due)".to_string());
    }
    lines.join("\n")
}

/// Seven rows (Monday to Sunday), one column a week, shaded by reviews.
pub fn heatmap(today: i64, counts: &[u64]) -> String {
    use chrono::Datelike;
    let first = today - i64::try_from(counts.len()).unwrap_or(0) + 1;
    let offset = usize::try_from(day_date(first).weekday().num_days_from_monday()).unwrap_or(0);
    let weeks = (counts.len() + offset).div_ceil(7);
    let mut grid = vec![vec![' '; weeks]; 7];
    let max = counts.iter().copied().max().unwrap_or(0);
    for (i, &count) in counts.iter().enumerate() {
        let cell = i + offset;
        let shade = match count {
            0 => '·',
            c if c * 4 <= max => '░',
            c if c * 2 <= max => '▒',
            c if c * 4 <= max * 3 => '▓',
            _ => '█',
        };
        grid[cell % 7][cell / 7] = shade;
    }
    let names = ["월", "화", "수", "목", "금", "토", "일"];
    grid.iter()
        .zip(names)
        .map(|(row, name)| format!("{name} {}", row.iter().collect::<String>()))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn retention(stats: &crate::domain::stats::Stats) -> Table {
    use crate::domain::stats::Retention;
    let pct = |passed: u64, reviews: u64| match Retention::rate(passed, reviews) {
        Some(rate) => format!("{:.0}% ({passed}/{reviews})", rate * 100.0),
        None => "-".to_string(),
    };
    let mut t = table(&[
        "정답률 (retention)",
        "전체 (all)",
        "young (<21d)",
        "mature (≥21d)",
    ]);
    for (name, r) in [
        ("최근 7일", stats.retention_7_days),
        ("최근 30일", stats.retention_30_days),
    ] {
        t.add_row(vec![
            name.to_string(),
            pct(r.passed, r.reviews),
            pct(r.young_passed, r.young_reviews),
            pct(r.mature_passed, r.mature_reviews),
        ]);
    }
    t
}

/// The most lapsed cards for a narrow screen: the question, then its deck
/// and lapses, wrapped at words.
pub fn lapsed_blocks(rows: &[Lapsed], cols: usize) -> String {
    let mut lines = vec!["가장 많이 잊은 카드 (most lapses)".to_string()];
    for r in rows {
        lines.extend(labelled("· ", &r.question, cols));
        let facts = [r.deck.clone(), format!("lapses {}", r.lapses)];
        lines.extend(
            wrap_parts(&facts, " · ", cols.saturating_sub(2))
                .into_iter()
                .map(|l| format!("  {l}")),
        );
    }
    lines.join("\n")
}

pub fn lapsed(rows: &[Lapsed]) -> Table {
    let mut t = table(&["가장 많이 잊은 카드 (most lapses)", "덱 (deck)", "lapses"]);
    for r in rows {
        t.add_row(vec![
            shown(&r.question),
            shown(&r.deck),
            r.lapses.to_string(),
        ]);
    }
    right(&mut t, 2);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(deck: &str) -> DeckCounts {
        DeckCounts {
            deck: deck.to_string(),
            new: 6,
            total: 6,
            ..DeckCounts::default()
        }
    }

    #[test]
    fn status_lists_decks_in_natural_order_and_abbreviates_when_narrow() {
        let decks = [
            counts("L::Level 10 보안"),
            counts("L::Level 2"),
            counts("L::Level 1"),
        ];
        let wide = status_for(&decks, Some(120)).to_string();
        let at = |text: &str, name: &str| text.find(name).unwrap();
        assert!(at(&wide, "Level 1 ") < at(&wide, "Level 2"));
        assert!(at(&wide, "Level 2") < at(&wide, "Level 10"));
        assert!(wide.contains("suspended"));
        let mut narrow = status_for(&decks, Some(50));
        narrow.set_width(50);
        let narrow = narrow.to_string();
        assert!(narrow.contains("susp") && !narrow.contains("suspended"));
        assert!(narrow.lines().all(|l| width(l) <= 50), "{narrow}");
    }

    #[test]
    fn misses_on_a_narrow_screen_wrap_at_words_under_their_mark() {
        let score = Score {
            asked: 1,
            misses: vec![crate::app::quiz::Miss {
                question:
                    "os — \"입력 받은 path에 대해 mode에 해당하는 작업이 가능한지 반환\" 하는 것은?"
                        .into(),
                given: "os.getpid()".into(),
                answer: "os.access(path, mode)".into(),
                source: "decks/python-api-reference.md:5".into(),
            }],
            ..Score::default()
        };
        let text = misses_blocks(&score, 40);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.iter().all(|l| width(l) <= 40), "{text}");
        assert!(lines[0].starts_with("✗ os — "));
        assert!(lines[1..].iter().all(|l| l.starts_with("  ")), "{text}");
        assert!(lines.contains(&"  내 답: os.getpid()"), "{text}");
        assert!(lines.contains(&"  정답: os.access(path, mode)"), "{text}");
        // Every word of the question is kept whole on some line.
        for word in ["해당하는", "가능한지", "것은?"] {
            assert!(lines.iter().any(|l| l.contains(word)), "{word}: {text}");
        }
    }

    #[test]
    fn lapsed_cards_on_a_narrow_screen_keep_deck_paths_whole() {
        let rows = [Lapsed {
            question: "datetime — 용도 \"날짜 계산\": 어떤 핵심 API?".into(),
            deck: "python-libraries::1단계 Python 내장 기초".into(),
            lapses: 3,
        }];
        let text = lapsed_blocks(&rows, 50);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.iter().all(|l| width(l) <= 50), "{text}");
        assert_eq!(lines[1], "· datetime — 용도 \"날짜 계산\": 어떤 핵심 API?");
        assert_eq!(lines[2], "  python-libraries::1단계 Python 내장 기초");
        assert_eq!(lines[3], "  lapses 3");
        let wide = lapsed_blocks(&rows, 80);
        assert!(
            wide.ends_with("\n  python-libraries::1단계 Python 내장 기초 · lapses 3"),
            "{wide}"
        );
    }

    #[test]
    fn forecast_lines_fit_the_screen_and_keep_their_proportions() {
        let counts = [120, 0, 60, 3];
        for cols in [50, 80, 200] {
            let text = forecast(0, &counts, cols);
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 3);
            assert!(lines.iter().all(|l| width(l) <= cols), "{cols}: {text}");
            let bar = |l: &str| l.chars().filter(|&c| c == '█').count();
            let longest = bar(lines[0]);
            assert_eq!(longest, (cols - FORECAST_LABEL).min(FORECAST_BAR));
            assert_eq!(bar(lines[1]), longest.div_ceil(2));
            assert!(bar(lines[2]) >= 1);
        }
    }
}
