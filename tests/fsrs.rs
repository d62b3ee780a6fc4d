//! FSRS beside SM-2: reference values from the `fsrs` crate's own published
//! tests and docs, reviews under FSRS through the CLI, switching schedulers
//! without losing history, and a synthetic learner whose recalls FSRS fitted
//! to its log predicts better than SM-2 does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;

use chrono::FixedOffset;
use fsrs::MemoryState;
use recall::app::library;
use recall::app::prompt::{AtAnswer, AtQuestion, Progress, Prompter, QuizPrompt, QuizReply};
use recall::app::review::{Options, Session};
use recall::domain::clock::{Now, StudyDay};
use recall::domain::collection::CardRecord;
use recall::domain::queue::Limits;
use recall::domain::scheduler::{Scheduler, SchedulerKind, Settings};
use recall::domain::sm2::Grade;
use recall::domain::state::CardState;
use serde_json::Value;

use common::{FixedClock, TestEnv, questions};

const DAY1: &str = "2026-11-21";

fn grade(value: u8) -> Grade {
    Grade::new(value).unwrap()
}

fn day(n: i64) -> StudyDay {
    StudyDay::from_number(n)
}

fn fsrs(parameters: Option<&[f32]>, retention: f32) -> Scheduler {
    let settings = Settings {
        kind: SchedulerKind::Fsrs,
        retention,
        parameters: parameters.map(<[f32]>::to_vec),
    };
    Scheduler::new(&settings, 0.9).unwrap()
}

fn close(actual: f32, expected: f32) -> bool {
    (actual - expected).abs() <= 1e-5 * expected.abs().max(1.0)
}

/// The crate documents `next_states(None, 0.9, 0)` with its default
/// parameters (the example of `FSRS::next_states`): a new card answered
/// Again, Hard, Good or Easy. Grades 0–2, 3, 4 and 5 reach those states.
#[test]
fn a_new_cards_first_answer_matches_the_crates_documented_states() {
    let scheduler = fsrs(None, 0.9);
    let expected = [
        (0, 0.212, 6.4133, 1),
        (2, 0.212, 6.4133, 1),
        (3, 1.2931, 5.1121707, 1),
        (4, 2.3065, 2.118104, 2),
        (5, 8.2956, 1.0, 8),
    ];
    for (g, stability, difficulty, interval) in expected {
        let (answered, memory) = scheduler
            .answer(CardState::default(), None, grade(g), day(100))
            .unwrap();
        let memory = memory.unwrap();
        assert!(
            close(memory.state.stability, stability) && close(memory.state.difficulty, difficulty),
            "grade {g}: {:?}",
            memory.state
        );
        assert_eq!(answered.after.interval, interval, "grade {g}");
        assert_eq!(answered.after.due, Some(day(100 + i64::from(interval))));
    }
}

/// The crate's `test_next_states`: with its test parameters, a card
/// answered Again, Good, Good, Good with gaps of 1, 3 and 8 days, then 21
/// days later. Here through recall's own replay of day histories.
#[test]
fn memory_states_after_a_history_match_the_crates_test() {
    const PARAMETERS: [f32; 19] = [
        0.6845422,
        1.6790825,
        4.7349424,
        10.042885,
        7.4410233,
        0.64219797,
        1.071918,
        0.0025195254,
        1.432437,
        0.1544,
        0.8692766,
        2.0696752,
        0.0953,
        0.2975,
        2.4691248,
        0.19542035,
        3.201072,
        0.18046261,
        0.121442534,
    ];
    let scheduler = fsrs(Some(&PARAMETERS), 0.9);
    let history = [
        (day(0), grade(1)),
        (day(1), grade(4)),
        (day(4), grade(4)),
        (day(12), grade(4)),
    ];
    let memory = recall::domain::eval::memory_after(&scheduler, &history)
        .unwrap()
        .unwrap();
    let expected = [
        (1, 2.9691455, 8.000659),
        (3, 17.091452, 7.6913934),
        (4, 31.722992, 7.382128),
        (5, 71.7502, 7.0728626),
    ];
    for (g, stability, difficulty) in expected {
        let next = scheduler
            .next_memory(&CardState::default(), Some(memory), grade(g), day(33))
            .unwrap();
        assert!(
            close(next.state.stability, stability) && close(next.state.difficulty, difficulty),
            "grade {g}: {:?}",
            next.state
        );
    }
}

/// The crate's `test_next_interval`: stability 1 at desired retentions
/// 0.1 … 1.0, rounded; recall caps intervals at SM-2's 36,500 days.
#[test]
fn intervals_match_the_crates_test_within_the_cap() {
    let published = [3_116_766u32, 34_793, 2508, 387, 90, 27, 9, 3, 1, 1];
    for (tenths, expected) in (1..=10).zip(published) {
        let retention = tenths as f32 / 10.0;
        let scheduler = fsrs(None, retention);
        let state = MemoryState {
            stability: 1.0,
            difficulty: 5.0,
        };
        assert_eq!(
            scheduler.interval(&state),
            expected.min(36_500),
            "retention {retention}"
        );
    }
}

#[test]
fn a_second_answer_on_the_same_day_leaves_the_memory_alone() {
    let scheduler = fsrs(None, 0.9);
    let (_, first) = scheduler
        .answer(CardState::default(), None, grade(4), day(10))
        .unwrap();
    let again = scheduler
        .next_memory(&CardState::default(), first, grade(0), day(10))
        .unwrap();
    let next_day = scheduler
        .next_memory(&CardState::default(), first, grade(0), day(12))
        .unwrap();
    assert_eq!(Some(again), first);
    assert!(next_day.state.stability < again.state.stability);
}

/// A card learned under SM-2 before there was a log starts FSRS from
/// `memory_state_from_sm2`: a longer SM-2 interval means a more stable memory.
#[test]
fn a_card_without_a_log_starts_from_its_sm2_state() {
    let scheduler = fsrs(None, 0.9);
    let learned = |interval: u32| CardState {
        reps: 3,
        ef: 250,
        interval,
        due: Some(day(100)),
        ..CardState::default()
    };
    let short = scheduler
        .next_memory(&learned(5), None, grade(4), day(100))
        .unwrap();
    let long = scheduler
        .next_memory(&learned(40), None, grade(4), day(100))
        .unwrap();
    assert!(long.state.stability > short.state.stability * 2.0);
}

fn state_of(card: &Value) -> (u64, f64, u64, String) {
    let s = &card["state"];
    (
        s["reps"].as_u64().unwrap(),
        s["ef"].as_f64().unwrap(),
        s["interval_days"].as_u64().unwrap(),
        s["due"].as_str().unwrap_or("").to_string(),
    )
}

#[test]
fn plain_review_under_fsrs_schedules_by_memory_and_keeps_drill_and_undo() {
    let env = TestEnv::new();
    env.cmd(DAY1, &["scheduler", "fsrs"]).assert().success();
    // Good, Easy, Hard, Again on four new cards; Hard and Again are drilled
    // (graded 4, which changes nothing), then undo and answer Easy instead.
    let out = env.review(DAY1, &["--new", "4"], "\n4\n\n5\n\n3\n\n0\n\n4\n\n4\n");
    let asked = questions(&out);
    assert_eq!(asked.len(), 6, "{out}");
    let expected = [
        (2, "2026-11-23"),
        (8, "2026-11-29"),
        (1, "2026-11-22"),
        (1, "2026-11-22"),
    ];
    for (question, (interval, due)) in asked.iter().zip(expected) {
        let (_, _, got_interval, got_due) = state_of(&env.card(DAY1, question));
        assert_eq!(
            (got_interval, got_due.as_str()),
            (interval, due),
            "{question}"
        );
    }
    // SM-2's bookkeeping still runs: EF and repetitions as SM-2 gives them.
    let (reps, ef, _, _) = state_of(&env.card(DAY1, &asked[1]));
    assert_eq!((reps, ef), (1, 2.6));
    // Undo both drills and then the failing answer: the card is new again.
    for _ in 0..3 {
        env.cmd(DAY1, &["undo"]).assert().success();
    }
    let failed = env.card(DAY1, &asked[3]);
    assert!(failed["state"]["due"].is_null(), "{failed}");
    // The undone answer is not part of its memory: answered Easy now, the
    // card gets the first-answer Easy interval.
    let out = env.review(DAY1, &["--new", "4"], "\n5\n");
    assert_eq!(questions(&out).first(), Some(&asked[3]));
    let (_, _, interval, due) = state_of(&env.card(DAY1, &asked[3]));
    assert_eq!((interval, due.as_str()), (8, "2026-11-29"));
}

#[test]
fn the_scheduler_is_stored_shown_by_status_and_retention_is_checked() {
    let env = TestEnv::new();
    let status = env.json(DAY1, &["status", "--json"]);
    assert_eq!(status["scheduler"]["kind"], "sm2");
    env.cmd(DAY1, &["scheduler", "fsrs", "--retention", "0.85"])
        .assert()
        .success();
    let status = env.json(DAY1, &["status", "--json"]);
    assert_eq!(status["scheduler"]["kind"], "fsrs");
    assert!((status["scheduler"]["retention"].as_f64().unwrap() - 0.85).abs() < 1e-6);
    let shown = env.cmd(DAY1, &["status"]).assert().success();
    let text = String::from_utf8(shown.get_output().stdout.clone()).unwrap();
    assert!(text.contains("fsrs") && text.contains("0.85"), "{text}");
    let refused = env
        .cmd(DAY1, &["scheduler", "--retention", "0.5"])
        .assert()
        .code(1);
    let err = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(err.contains("retention"), "{err}");
    let status = env.json(DAY1, &["status", "--json"]);
    assert!((status["scheduler"]["retention"].as_f64().unwrap() - 0.85).abs() < 1e-6);
    // The ends of the range are accepted.
    for edge in ["0.7", "0.97"] {
        env.cmd(DAY1, &["scheduler", "--retention", edge])
            .assert()
            .success();
        let status = env.json(DAY1, &["status", "--json"]);
        let stored = status["scheduler"]["retention"].as_f64().unwrap();
        assert!(
            (stored - edge.parse::<f64>().unwrap()).abs() < 1e-6,
            "{stored}"
        );
    }
}

#[test]
fn optimize_refuses_clearly_with_too_little_history() {
    let env = TestEnv::new();
    env.review(DAY1, &["--new", "3"], "\n4\n\n4\n\n4\n");
    let refused = env.cmd(DAY1, &["optimize"]).assert().code(1);
    let err = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(err.contains("too little history"), "{err}");
    let status = env.json(DAY1, &["status", "--json"]);
    assert!(status["scheduler"]["parameters"].is_null());
}

/// Some SM-2 reference vectors, each step answered through `recall review
/// --plain` on the due day with the default scheduler.
#[test]
fn sm2_vectors_pass_through_the_cli_by_default() {
    let text = include_str!("data/sm2_vectors.jsonl");
    let start = chrono::NaiveDate::parse_from_str(DAY1, "%Y-%m-%d").unwrap();
    for line in text.lines().step_by(40) {
        let vector: Value = serde_json::from_str(line).unwrap();
        let env = TestEnv::new();
        let mut today = start;
        let mut question = None;
        for (index, step) in vector["expected"].as_array().unwrap().iter().enumerate() {
            let date = today.format("%Y-%m-%d").to_string();
            let new = if index == 0 { "1" } else { "0" };
            let input = format!("\n{}\nq\n", step["q"]);
            let out = env.review(&date, &["--new", new], &input);
            let asked = questions(&out);
            let q = question.get_or_insert_with(|| asked[0].clone());
            assert_eq!(asked.first(), Some(&*q), "{} step {index}", vector["id"]);
            let (reps, ef, interval, due) = state_of(&env.card(&date, q));
            let due_day = start + chrono::Days::new(step["due_day"].as_u64().unwrap());
            assert_eq!(
                (reps, ef, interval, due),
                (
                    step["n"].as_u64().unwrap(),
                    step["ef"].as_f64().unwrap(),
                    step["interval"].as_u64().unwrap(),
                    due_day.format("%Y-%m-%d").to_string()
                ),
                "{} step {index}",
                vector["id"]
            );
            today = due_day;
        }
    }
}

/// A seeded pseudo-random source (SplitMix64): the learner's recalls.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What the learner really remembers of a card.
struct Trace {
    stability: f64,
    difficulty: f64,
    last: i64,
}

/// A learner with a known forgetting curve, R = (1 + t / (9 S))^-1, whose
/// stability grows after a recall (more when recall was hard: the spacing
/// effect, less for difficult cards) and collapses after a lapse.
struct Learner {
    dice: Dice,
    traces: HashMap<String, Trace>,
    today: i64,
}

impl Learner {
    fn recall(&mut self, id: &str) -> Grade {
        let today = self.today;
        let Some(trace) = self.traces.get_mut(id) else {
            let difficulty = 0.6 + 0.9 * self.dice.next();
            let known = self.dice.next() < 0.3;
            self.traces.insert(
                id.to_string(),
                Trace {
                    stability: if known { 3.0 } else { 0.8 } / difficulty,
                    difficulty,
                    last: today,
                },
            );
            return grade(if known { 4 } else { 1 });
        };
        let elapsed = (today - trace.last) as f64;
        let r = 1.0 / (1.0 + elapsed / (9.0 * trace.stability));
        trace.last = today;
        if self.dice.next() < r {
            trace.stability *= 1.2 + 2.5 * (1.0 - r) / trace.difficulty;
            grade(if r > 0.9 {
                5
            } else if r > 0.7 {
                4
            } else {
                3
            })
        } else {
            trace.stability = (trace.stability * 0.3).max(0.5);
            grade(if self.dice.next() < 0.5 { 1 } else { 2 })
        }
    }
}

impl Prompter for Learner {
    fn question(&mut self, _: &CardRecord, _: Progress) -> recall::error::Result<AtQuestion> {
        Ok(AtQuestion::Reveal)
    }

    fn answer(&mut self, card: &CardRecord, progress: Progress) -> recall::error::Result<AtAnswer> {
        if progress.drilling {
            // Just shown the answer: a same-day drill changes nothing anyway.
            return Ok(AtAnswer::Grade(grade(4)));
        }
        Ok(AtAnswer::Grade(self.recall(card.card.id.as_str())))
    }

    fn quiz(&mut self, _: &QuizPrompt<'_>) -> recall::error::Result<QuizReply> {
        Ok(QuizReply::Quit)
    }

    fn notice(&mut self, _: &str) -> recall::error::Result<()> {
        Ok(())
    }
}

/// Runs the learner's daily sessions on days `days` after DAY1 (in process,
/// as the terminal would); returns the date of the last one.
fn simulate(env: &TestEnv, learner: &mut Learner, days: std::ops::Range<u64>) -> String {
    let utc = FixedOffset::east_opt(0).unwrap();
    let opened = Now::parse(DAY1, utc).unwrap();
    let (mut collection, _) = library::open(&env.db(), opened).unwrap();
    let start = chrono::NaiveDate::parse_from_str(DAY1, "%Y-%m-%d").unwrap();
    let mut date = String::new();
    for offset in days {
        date = (start + chrono::Days::new(offset))
            .format("%Y-%m-%d")
            .to_string();
        let now = Now::parse(&date, utc).unwrap();
        learner.today = now.study_day().number();
        let options = Options {
            deck: None,
            limits: Limits {
                new_per_day: 6,
                reviews_per_day: 200,
            },
        };
        let mut session = Session::start(&mut collection, now, &options).unwrap();
        session.run(learner, &FixedClock(now)).unwrap();
    }
    date
}

fn metric(evaluation: &Value, scheduler: &str, name: &str) -> f64 {
    evaluation[scheduler][name]
        .as_f64()
        .unwrap_or_else(|| panic!("{scheduler}.{name} in {evaluation}"))
}

fn export(env: &TestEnv, date: &str, name: &str) -> Vec<Value> {
    let path = env.path(name);
    env.cmd(
        date,
        &["export", "--format", "json", "-o", path.to_str().unwrap()],
    )
    .assert()
    .success();
    let backup: Value = serde_json::from_slice(&common::file_bytes(&path)).unwrap();
    backup["cards"].as_array().unwrap().clone()
}

/// SM-2 over a card's exported history, independently of recall's replay:
/// every review answer that was not undone, in order.
fn sm2_fold(card: &Value) -> (u64, f64, u64, String) {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let mut schedule = recall::domain::sm2::Schedule::default();
    for entry in card["history"].as_array().unwrap() {
        if entry["kind"] != "review" || entry["undone"] == true {
            continue;
        }
        let date =
            chrono::NaiveDate::parse_from_str(entry["study_day"].as_str().unwrap(), "%Y-%m-%d")
                .unwrap();
        let today = day((date - epoch).num_days());
        let g = grade(u8::try_from(entry["grade"].as_u64().unwrap()).unwrap());
        schedule = recall::domain::sm2::answer(schedule, g, today).schedule;
    }
    (
        u64::from(schedule.reps),
        f64::from(schedule.ef) / 100.0,
        u64::from(schedule.interval),
        schedule
            .due
            .map(|d| d.date().format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    )
}

/// A year of reviews under SM-2 by a learner whose memory follows a known
/// curve: fitted FSRS predicts the later half of the year's recalls better
/// than SM-2 on log loss and RMSE(bins). Then a week under FSRS and back:
/// the log is kept whole and every card's SM-2 state is SM-2 over its log;
/// `stats` shows FSRS's predicted retention.
#[test]
fn fsrs_fitted_beats_sm2_on_a_synthetic_learner_and_switching_keeps_history() {
    let env = TestEnv::new();
    let mut learner = Learner {
        dice: Dice(20_261_121),
        traces: HashMap::new(),
        today: 0,
    };
    let last = simulate(&env, &mut learner, 0..365);
    let evaluation = env.json(&last, &["eval", "--json"]);
    eprintln!("{evaluation:#}");
    for name in ["log_loss", "rmse_bins"] {
        let sm2 = metric(&evaluation, "sm2", name);
        let fitted = metric(&evaluation, "fsrs_fitted", name);
        assert!(fitted < sm2, "{name}: FSRS fitted {fitted} vs SM-2 {sm2}");
    }
    let auc = metric(&evaluation, "fsrs_fitted", "auc");
    assert!(auc > 0.5 && auc < 1.0, "{auc}");

    let before = export(&env, &last, "before.json");
    // Optimizing under SM-2 stores the parameters; replaying every card's
    // log under SM-2 gives its state exactly, so no card moves.
    let optimized = env.json(&last, &["optimize", "--json"]);
    eprintln!("{optimized:#}");
    assert!(
        optimized["fitted"]["log_loss"].as_f64().unwrap()
            <= optimized["default"]["log_loss"].as_f64().unwrap(),
        "{optimized}"
    );
    assert_eq!(optimized["rescheduled"], 0);
    let stats = env.json(&last, &["stats", "--json"]);
    assert!(stats["predicted_retention"].is_null());

    env.cmd(&last, &["scheduler", "fsrs"]).assert().success();
    let stats = env.json(&last, &["stats", "--json"]);
    let predicted = stats["predicted_retention"].as_f64().unwrap();
    assert!(predicted > 0.3 && predicted < 1.0, "{predicted}");
    let shown = env.cmd(&last, &["stats"]).assert().success();
    let text = String::from_utf8(shown.get_output().stdout.clone()).unwrap();
    assert!(text.contains("predicted retention"), "{text}");

    let week_end = simulate(&env, &mut learner, 365..372);
    let under_fsrs = export(&env, &week_end, "fsrs.json");
    let replays = |env: &TestEnv| {
        let utc = FixedOffset::east_opt(0).unwrap();
        let (collection, _) = library::open(&env.db(), Now::parse(DAY1, utc).unwrap()).unwrap();
        recall::app::scheduler::replay_mismatches(&collection).unwrap()
    };
    assert_eq!(
        replays(&env),
        [],
        "states under FSRS are the replay of the log"
    );
    let checked = env.cmd(&week_end, &["check"]).output().unwrap();
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
            .lines()
            .take(12)
            .collect::<Vec<_>>()
            .join("\n")
    );
    env.cmd(&week_end, &["scheduler", "sm2"]).assert().success();
    assert_eq!(
        replays(&env),
        [],
        "states back on SM-2 are the replay of the log"
    );
    env.cmd(&week_end, &["check"]).assert().success();
    let after = export(&env, &week_end, "after.json");
    assert_eq!(before.len(), after.len());
    let (mut grew, mut fsrs_differed) = (0, 0);
    for ((b, f), a) in before.iter().zip(&under_fsrs).zip(&after) {
        assert_eq!(b["id"], a["id"]);
        let (old, new) = (
            b["history"].as_array().unwrap(),
            a["history"].as_array().unwrap(),
        );
        assert_eq!(old[..], new[..old.len()], "history of {}", b["id"]);
        assert_eq!(f["history"], a["history"], "history of {}", b["id"]);
        grew += usize::from(new.len() > old.len());
        assert_eq!(state_of(a), sm2_fold(a), "SM-2 state of {}", a["id"]);
        fsrs_differed += usize::from(state_of(f) != sm2_fold(f));
    }
    assert!(grew > 0, "no answers in the week under FSRS");
    assert!(fsrs_differed > 0, "FSRS scheduled no card differently");
}

/// The scheduler migration on a database from before it: the collection
/// keeps SM-2 at 0.90 with default parameters, and the table refuses an
/// unknown scheduler or a retention out of range.
#[test]
fn the_scheduler_migration_defaults_to_sm2_and_checks_its_values() {
    use recall::storage::{APPLICATION_ID, MIGRATIONS, Store, latest_version};
    let env = TestEnv::new();
    let position = MIGRATIONS
        .iter()
        .position(|sql| sql.contains("CREATE TABLE scheduler"))
        .unwrap();
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        for (index, sql) in MIGRATIONS.iter().take(position).enumerate() {
            conn.execute_batch(&format!(
                "BEGIN; {sql}; PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {}; COMMIT;",
                index + 1
            ))
            .unwrap();
        }
    }
    let store = Store::open(&env.db()).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    assert_eq!(store.scheduler_settings().unwrap(), Settings::default());
    drop(store);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    for bad in [
        "UPDATE scheduler SET kind = 'sm18'",
        "UPDATE scheduler SET retention = 0.99",
        "INSERT INTO scheduler (id) VALUES (2)",
    ] {
        assert!(conn.execute(bad, []).is_err(), "{bad}");
    }
}

/// Leeches are made by lapses under FSRS exactly as under SM-2.
#[test]
fn the_eighth_lapse_under_fsrs_makes_a_leech() {
    let scheduler = fsrs(None, 0.9);
    let (mut state, mut memory, mut today) = (CardState::default(), None, 0);
    for lapse in 1..=8 {
        let (learned, m) = scheduler
            .answer(state, memory, grade(4), day(today))
            .unwrap();
        today += i64::from(learned.after.interval);
        let (failed, m) = scheduler
            .answer(learned.after, m, grade(1), day(today))
            .unwrap();
        assert!(failed.lapsed);
        assert_eq!(failed.became_leech, lapse == 8, "lapse {lapse}");
        assert_eq!(failed.after.suspended, lapse == 8);
        (state, memory) = (failed.after, m);
        today += 1;
    }
    assert!(state.leech && state.lapses == 8);
}

#[test]
fn quiz_schedule_under_fsrs_uses_the_first_answer_of_the_day() {
    let env = TestEnv::new();
    env.cmd(DAY1, &["scheduler", "fsrs"]).assert().success();
    let states = |env: &TestEnv| -> Vec<Value> {
        env.json(DAY1, &["cards", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["state"].clone())
            .collect()
    };
    let before = states(&env);
    env.cmd(DAY1, &["quiz", "--plain", "--count", "6", "--schedule"])
        .write_stdin("1\n2\n1\n3\n1\n4\n")
        .assert()
        .success();
    let after = states(&env);
    let changed: Vec<&Value> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|(_, a)| a)
        .collect();
    assert!(!changed.is_empty(), "no card scheduled");
    // Right counts as Good (S 2.3065 → 2 days), wrong as Again (1 day); a
    // second question on one card the same day keeps the first's memory.
    for state in &changed {
        let due = state["due"].as_str().unwrap();
        assert!(due == "2026-11-22" || due == "2026-11-23", "{state}");
        if state["reps"] == 1 && state["ef"] == 2.5 {
            assert_eq!(due, "2026-11-23", "{state}");
        }
    }
    // SM-2 would have made every one of them due tomorrow.
    assert!(
        changed.iter().any(|s| s["due"] == "2026-11-23"),
        "{changed:?}"
    );
}

#[cfg(unix)]
#[test]
fn the_review_screen_under_fsrs_schedules_by_memory() {
    use expectrl::Expect;
    use std::time::Duration;
    let env = TestEnv::new();
    env.cmd(DAY1, &["scheduler", "fsrs"]).assert().success();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("recall"));
    cmd.env_clear()
        .env("HOME", env.dir.path())
        .env("RECALL_DB", env.db())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm-256color")
        .env("TZ", "UTC")
        .args(["--now", DAY1, "review", "--new", "2"]);
    let mut s = expectrl::Session::spawn(cmd).unwrap();
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    let key = |s: &mut expectrl::session::OsSession, k: &str| {
        s.send(k).unwrap();
        std::thread::sleep(Duration::from_millis(150));
    };
    for (question, digit) in [("json — 기능은?", "5"), ("datetime — 기능은?", "4")] {
        s.expect(question).unwrap();
        key(&mut s, "\r");
        s.expect("완벽 (perfect)").unwrap();
        key(&mut s, digit);
    }
    s.expect("세션 요약").unwrap();
    for (question, interval) in [("json — 기능은?", 8), ("datetime — 기능은?", 2)] {
        let (_, _, got, _) = state_of(&env.card(DAY1, question));
        assert_eq!(got, interval, "{question}");
    }
}

/// A card with an SM-2 schedule but no log (learned before there was one)
/// is not new to FSRS: its memory starts from its EF and interval.
#[test]
fn a_scheduled_card_without_a_log_is_reviewed_from_its_sm2_state() {
    let env = TestEnv::new();
    env.cmd(DAY1, &["scheduler", "fsrs"]).assert().success();
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let today = (chrono::NaiveDate::parse_from_str(DAY1, "%Y-%m-%d").unwrap() - epoch).num_days();
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        let changed = conn
            .execute(
                "UPDATE cards SET reps = 3, ef = 250, interval = 20, due = ?1 WHERE question = 'json — 기능은?'",
                [today],
            )
            .unwrap();
        assert_eq!(changed, 1);
    }
    let out = env.review(DAY1, &["--new", "0"], "\n4\n");
    assert_eq!(questions(&out), ["json — 기능은?"]);
    let learned = CardState {
        reps: 3,
        ef: 250,
        interval: 20,
        due: Some(day(today)),
        ..CardState::default()
    };
    // No review of a seen card in the log yet: the measured retention is
    // the default 0.90.
    let (expected, _) = fsrs(None, 0.9)
        .answer(learned, None, grade(4), day(today))
        .unwrap();
    let (reps, _, interval, _) = state_of(&env.card(DAY1, "json — 기능은?"));
    assert_eq!((reps, interval), (4, u64::from(expected.after.interval)));
    // From new, Good gives 2 days; from a 20-day SM-2 card far more.
    assert!(interval > 20, "{interval}");
}
