//! The quiz on library functions, pure: questions drawn from the quiz facts
//! with a random source passed in, distractors that are really wrong, and
//! typed answers graded against every right answer.
//!
//! A question is fair (DESIGN §6): exactly one option is right, the answer
//! cannot be read off the question, and typed mode accepts whatever is
//! equally right. "Right" is judged against every function each owner has in
//! all documents and, for standard-library modules, against the module's
//! real members (`decks/stdlib/members.tsv`, made by `make_members.py`).

// Text here comes from users' notes: a slice at a byte offset found in
// another (lower-cased) copy can split a character and panic.
#![deny(clippy::string_slice, clippy::indexing_slicing)]

use std::collections::{BTreeSet, HashMap};

use rand::Rng;
use rand::seq::SliceRandom;
use serde::Serialize;

use super::card::QuizFact;
use super::text::{edit_distance, loose, mask, mentions, nfc};

/// `module<TAB>member` for the standard-library modules the documents name.
pub const STDLIB_MEMBERS: &str = include_str!("../../decks/stdlib/members.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Choice,
    Typed,
}

/// What a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A function, its library masked → the library.
    Library,
    /// A library → one of its functions.
    Function,
    /// A library and what a function does → the function.
    Description,
}

/// One quiz question with its answer and, in choice mode, its options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub text: String,
    pub answer: String,
    pub options: Vec<String>,
    /// For typed answers: the owner prefix that may be left out (`os.`).
    pub optional_prefix: Option<String>,
    pub kind: Kind,
    /// Every typed answer that is right, in comparison form (`key`): all
    /// functions of the owner when the question asks for "a function of X".
    pub accepted: Vec<String>,
    pub source: String,
    pub card: String,
}

/// How a typed answer compares with the expected one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Right,
    /// One typo away: shown as such, counted as wrong.
    NearMiss,
    Wrong,
}

// ---- names ---------------------------------------------------------------

/// An owner in comparison form: NFC, lower case, trimmed.
fn owner_key(owner: &str) -> String {
    nfc(owner).to_lowercase()
}

/// `text` without a leading `prefix`, compared without case, char by char:
/// the rest is taken from `text` itself, never at an offset found in a
/// lower-cased copy (whose byte lengths may differ: `Ⱥ`, `ẞ`, `İ`).
fn strip_prefix_ignoring_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let mut rest = text.chars();
    for wanted in prefix.chars() {
        let got = rest.next()?;
        if !got.to_lowercase().eq(wanted.to_lowercase()) {
            return None;
        }
    }
    Some(rest.as_str())
}

/// `os.getcwd()` or `alembic revision` without its owner: `getcwd()`,
/// `revision`.
fn without_owner<'t>(text: &'t str, owner: &str) -> &'t str {
    let owner = owner.trim();
    if owner.is_empty() {
        return text;
    }
    strip_prefix_ignoring_case(text, owner)
        .and_then(|rest| rest.strip_prefix('.').or_else(|| rest.strip_prefix(' ')))
        .map(str::trim_start)
        .filter(|rest| !rest.is_empty())
        .unwrap_or(text)
}

/// The functions of one fact: `sys.stdin, sys.stdout, sys.stderr` is three;
/// commas inside arguments (`os.access(path, mode)`) do not split; `...`
/// is dropped.
fn pieces(function: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in function.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.extend(function.get(start..at));
                // A comma is one byte.
                start = at + 1;
            }
            _ => {}
        }
    }
    out.extend(function.get(start..));
    out.into_iter()
        .map(str::trim)
        .filter(|p| !p.trim_matches('.').trim().is_empty())
        .collect()
}

/// The comparison form of one function name relative to its owner: NFC,
/// lower case, no backticks, arguments or brackets, no owner prefix, no
/// leading `.` or `@`, the last word of a phrase (`async with
/// httpx.AsyncClient()` → `asyncclient`).
pub fn key(piece: &str, owner: &str) -> String {
    name_of(piece, owner, true)
}

/// `key`, folding case or keeping it (`Task` is not `task`: asyncio's class
/// is not celery's decorator). The owner prefix is compared char by char,
/// so nothing is cut at an offset found in another copy.
fn name_of(piece: &str, owner: &str, fold_case: bool) -> String {
    let text: String = nfc(piece).chars().filter(|c| *c != '`').collect();
    let text = if fold_case { text.to_lowercase() } else { text };
    let owner = nfc(owner);
    let strip = |s: &str| -> String {
        let s = s.trim();
        if owner.is_empty() {
            return s.to_string();
        }
        strip_prefix_ignoring_case(s, &owner)
            .and_then(|rest| rest.strip_prefix('.').or_else(|| rest.strip_prefix(' ')))
            .unwrap_or(s)
            .trim()
            .to_string()
    };
    let cut = text.split(['(', '[']).next().unwrap_or_default();
    let cut = strip(cut);
    let last = cut.split_whitespace().last().unwrap_or_default();
    let last = strip(last.trim_start_matches(['.', '@']));
    last.trim_matches('.').to_string()
}

/// What a function looks like as an option: its owner left out (the
/// question names it, or it would name another library), arguments left
/// out (`access(path, mode)` would echo the description's words).
fn display(function: &str, owner: &str) -> String {
    display_in(function, owner, None)
}

/// `display`, and inside a class the question names (`threading.Thread`),
/// without that class too: `Thread.start()` → `start()`.
fn display_in(function: &str, owner: &str, class: Option<&str>) -> String {
    pieces(function)
        .into_iter()
        .map(|piece| {
            let bare = without_owner(piece, owner);
            let bare = class
                .and_then(|c| strip_prefix_ignoring_case(bare, &format!("{c}.")))
                .filter(|rest| !rest.is_empty())
                .unwrap_or(bare);
            match bare.split_once('(') {
                Some((name, _)) => format!("{}()", name.trim_end()),
                None => bare.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The class (or submodule) every function of a field is reached through
/// after its owner: `Thread` for `Thread.start()` of threading, `path` for
/// `os.path.join()` of os.
fn shared_class(function: &str, owner: &str) -> Option<String> {
    let mut classes = pieces(function).into_iter().map(|piece| {
        let bare = without_owner(piece, owner);
        let name = bare.split_once('(').map_or(bare, |(name, _)| name);
        name.rsplit_once('.')
            .map(|(class, _)| class.trim().to_string())
            .filter(|class| !class.is_empty() && !class.contains(char::is_whitespace))
    });
    let first = classes.next()??;
    classes
        .all(|class| class.as_deref() == Some(first.as_str()))
        .then_some(first)
}

/// `plt.bar()`, `Image.open()`, `Thread.join()`: a function reached
/// through a class, alias or submodule (a leading `.` is only a method).
fn reached_through_a_name(shown: &str) -> bool {
    let name = shown.split_once('(').map_or(shown, |(name, _)| name);
    name.trim_start_matches('.').contains('.')
}

/// ASCII words of a text in lower case, split at everything else and at
/// camel-case humps, with each whole identifier as well: `load_dotenv` →
/// load_dotenv, load, dotenv; `LifoQueue` → lifoqueue, lifo, queue.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for ident in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        let whole = ident.trim_matches('_').to_ascii_lowercase();
        if whole.len() >= 2 {
            out.push(whole);
        }
        for part in ident.split('_') {
            let mut word = String::new();
            let mut previous_lower = false;
            for c in part.chars() {
                if c.is_ascii_uppercase() && previous_lower && word.len() >= 2 {
                    out.push(std::mem::take(&mut word));
                }
                previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
                word.push(c.to_ascii_lowercase());
            }
            if word.len() >= 2 {
                out.push(word);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Could one text be read off the other: the same word, or a word of four
/// letters or more inside a word of the other (`dotenv` in `load_dotenv`,
/// `time` in `strftime`, `thread` in `threading`).
fn readable(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| {
        b.iter().any(|y| {
            x == y
                || (x.len() >= 4 && y.contains(x.as_str()))
                || (y.len() >= 4 && x.contains(y.as_str()))
        })
    })
}

// ---- what each owner has ---------------------------------------------------

/// Every function each owner has: from all quiz facts (any deck) and, for
/// standard-library modules, from the member table.
#[derive(Debug, Clone, Default)]
pub struct Members {
    /// Owner → names, case folded (for keeping distractors surely wrong).
    by_owner: HashMap<String, BTreeSet<String>>,
    /// Owner → names as written (for accepting another owner as right).
    exact: HashMap<String, BTreeSet<String>>,
}

impl Members {
    /// The member table alone.
    pub fn stdlib() -> Self {
        let mut members = Members::default();
        for (module, member) in STDLIB_MEMBERS.lines().filter_map(|l| l.split_once('\t')) {
            members.add(module, member);
        }
        members
    }

    /// The member table and every function of every fact.
    pub fn new<'f>(facts: impl IntoIterator<Item = &'f QuizFact>) -> Self {
        let mut members = Members::stdlib();
        for fact in facts {
            for piece in pieces(&fact.function) {
                let name = name_of(piece, &fact.owner, false);
                if !name.is_empty() {
                    members.add(&fact.owner, &name);
                }
            }
        }
        members
    }

    /// Adds `name` to `owner`, and `sub.name` to the parent of a dotted
    /// owner (`os.path` has `join`, so `os` has `path.join`).
    fn add(&mut self, owner: &str, name: &str) {
        let owner = owner_key(owner);
        let mut entries = vec![(owner.clone(), name.to_string())];
        if let Some((parent, sub)) = owner.rsplit_once('.') {
            entries.push((parent.to_string(), format!("{sub}.{name}")));
        }
        for (owner, name) in entries {
            self.by_owner
                .entry(owner.clone())
                .or_default()
                .insert(name.to_lowercase());
            self.exact.entry(owner).or_default().insert(name);
        }
    }

    /// `owner` has `name` spelled exactly so (`time` has `strftime`,
    /// `asyncio` has `Task` but not `task`).
    fn has_exact(&self, owner: &str, name: &str) -> bool {
        self.exact
            .get(&owner_key(owner))
            .is_some_and(|names| names.contains(name))
    }

    /// What `owner` has, in comparison form.
    pub fn of(&self, owner: &str) -> Vec<String> {
        self.by_owner
            .get(&owner_key(owner))
            .map(|names| names.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// `owner` has `name` as a document or the table says.
    pub fn has(&self, owner: &str, name: &str) -> bool {
        self.by_owner
            .get(&owner_key(owner))
            .is_some_and(|names| names.contains(name))
    }

    /// `owner` may have `name`: it has it, or `name` is dotted and `owner`
    /// has its first part whose own members are unknown (`sys.path.join`:
    /// sys has `path`, a list, but better not offered as a sure wrong
    /// answer). Used to keep distractors surely wrong.
    fn may_have(&self, owner: &str, name: &str) -> bool {
        if self.has(owner, name) {
            return true;
        }
        match name.split_once('.') {
            Some((first, _)) => {
                let sub = format!("{}.{first}", owner_key(owner));
                self.has(owner, first) && !self.by_owner.contains_key(&sub)
            }
            None => false,
        }
    }
}

// ---- drawing -------------------------------------------------------------

/// Draws up to `count` questions about `asked` (the decks being quizzed);
/// distractors and what counts as right come from `all` (every fact of
/// every document, `asked` among them) and the member table. A fact whose
/// every kind of question would be unfair is not asked.
pub fn draw<R: Rng + ?Sized>(
    asked: &[QuizFact],
    all: &[QuizFact],
    count: usize,
    mode: Mode,
    rng: &mut R,
) -> Vec<Question> {
    let members = Members::new(asked.iter().chain(all));
    let owners: Vec<String> = {
        let mut owners: Vec<String> = asked.iter().chain(all).map(|f| f.owner.clone()).collect();
        owners.sort();
        owners.dedup();
        owners
    };
    let pool: Vec<&QuizFact> = if all.is_empty() {
        asked.iter().collect()
    } else {
        all.iter().collect()
    };
    let context = Context {
        members: &members,
        owners: &owners,
        pool: &pool,
        all: asked.iter().chain(all).collect(),
    };
    let mut order: Vec<&QuizFact> = asked.iter().collect();
    order.shuffle(rng);
    let mut out: Vec<Question> = Vec::new();
    // Each fact gets a few tries: some kinds are unfair for some facts.
    for fact in order.iter().cycle().take(asked.len() * 4) {
        if out.len() >= count {
            break;
        }
        let mut kinds: Vec<Kind> = if fact.description.is_some() {
            vec![Kind::Library, Kind::Function, Kind::Description]
        } else {
            vec![Kind::Library, Kind::Function]
        };
        // Kinds in random order, the first that makes a fair, new question.
        kinds.shuffle(rng);
        for kind in kinds {
            if let Some(q) = make(fact, kind, &context, mode, rng) {
                if !out.iter().any(|o| o.text == q.text) {
                    out.push(q);
                    break;
                }
            }
        }
    }
    out
}

struct Context<'a> {
    members: &'a Members,
    /// Every owner, for spotting an option that names a library.
    owners: &'a [String],
    /// Where distractors come from.
    pool: &'a [&'a QuizFact],
    /// Every fact, for answers that are equally right.
    all: Vec<&'a QuizFact>,
}

/// Candidates in order of preference: the same group (stage or module),
/// then the same document, then anything; each tier shuffled on its own.
fn tiers<'f, R: Rng + ?Sized>(
    fact: &QuizFact,
    pool: &[&'f QuizFact],
    rng: &mut R,
) -> Vec<&'f QuizFact> {
    let top = |f: &QuizFact| f.deck.split("::").next().map(str::to_string);
    let mut same_group: Vec<&QuizFact> = pool
        .iter()
        .copied()
        .filter(|f| f.group == fact.group)
        .collect();
    let mut same_doc: Vec<&QuizFact> = pool
        .iter()
        .copied()
        .filter(|f| f.group != fact.group && top(f) == top(fact))
        .collect();
    let mut rest: Vec<&QuizFact> = pool
        .iter()
        .copied()
        .filter(|f| top(f) != top(fact))
        .collect();
    same_group.shuffle(rng);
    same_doc.shuffle(rng);
    rest.shuffle(rng);
    same_group.into_iter().chain(same_doc).chain(rest).collect()
}

/// An option that names a library: eliminated at a glance when the
/// question is about another one.
fn names_a_library(option: &str, owners: &[String]) -> bool {
    owners.iter().any(|owner| mentions(option, owner))
}

fn make<R: Rng + ?Sized>(
    fact: &QuizFact,
    kind: Kind,
    cx: &Context<'_>,
    mode: Mode,
    rng: &mut R,
) -> Option<Question> {
    let source = format!("{}:{}", fact.source.file, fact.source.line);
    let names: Vec<String> = pieces(&fact.function)
        .into_iter()
        .map(|p| key(p, &fact.owner))
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return None;
    }
    let candidates = tiers(fact, cx.pool, rng);
    // Distractors are judged lazily, only as many as needed (a few spare
    // for options that turn out equal to one already taken).
    let wanted = if mode == Mode::Choice { 8 } else { 0 };
    // Each candidate: (what is shown, its comparison keys).
    let (text, answer, accepted, distractors, optional_prefix): (
        String,
        String,
        Vec<String>,
        Vec<String>,
        Option<String>,
    ) = match kind {
        Kind::Library => {
            let shown = mask(&fact.function, &fact.owner);
            let shown_words = words(&shown.replace("____", " "));
            if readable(&shown_words, &words(&fact.owner)) {
                return None;
            }
            // Every owner that has the function, spelled the same, is right.
            let spelled: Vec<String> = pieces(&fact.function)
                .into_iter()
                .map(|p| name_of(p, &fact.owner, false))
                .collect();
            let right: Vec<&String> = cx
                .owners
                .iter()
                .filter(|o| spelled.iter().any(|n| cx.members.has_exact(o, n)))
                .collect();
            let accepted = right
                .iter()
                .map(|o| loose(o))
                .chain([loose(&fact.owner)])
                .collect();
            let mut seen = BTreeSet::new();
            let distractors = candidates
                .iter()
                .map(|f| f.owner.clone())
                .filter(|o| owner_key(o) != owner_key(&fact.owner))
                .filter(|o| seen.insert(owner_key(o)))
                .filter(|o| !names.iter().any(|n| cx.members.may_have(o, n)))
                .filter(|o| !readable(&shown_words, &words(o)))
                .take(wanted)
                .collect();
            (
                format!("{shown} — 어느 라이브러리/모듈?"),
                fact.owner.clone(),
                accepted,
                distractors,
                None,
            )
        }
        Kind::Function => {
            let owner_words = words(&fact.owner);
            // The first function of the fact is the answer.
            let first = pieces(&fact.function).into_iter().next()?;
            let answer = display(first, &fact.owner);
            let fair = |shown: &str| {
                !readable(&owner_words, &words(shown)) && !names_a_library(shown, cx.owners)
            };
            if !fair(&answer) {
                return None;
            }
            // One distractor per library, and shaped like the answer where
            // possible: three `plt.…()` beside `read_csv()` would point at
            // the odd one out.
            let shape = reached_through_a_name(&answer);
            let (mut alike, mut unlike) = (Vec::new(), Vec::new());
            let mut libraries = BTreeSet::new();
            let usable = candidates
                .iter()
                .filter(|f| owner_key(&f.owner) != owner_key(&fact.owner))
                .filter_map(|f| pieces(&f.function).into_iter().next().map(|p| (p, *f)))
                .filter(|(piece, f)| {
                    let shown = key(piece, &f.owner);
                    !shown.is_empty()
                        && !cx.members.may_have(&fact.owner, &shown)
                        && !cx.members.may_have(&fact.owner, &key(piece, &fact.owner))
                });
            for (piece, f) in usable {
                if alike.len() >= wanted.min(4) {
                    break;
                }
                let shown = display(piece, &f.owner);
                if !fair(&shown) || !libraries.insert(owner_key(&f.owner)) {
                    continue;
                }
                if reached_through_a_name(&shown) == shape {
                    alike.push(shown);
                } else {
                    unlike.push(shown);
                }
            }
            let distractors = alike.into_iter().chain(unlike).collect();
            (
                format!("{}의 함수/API는?", fact.owner),
                answer,
                cx.members.of(&fact.owner),
                distractors,
                Some(format!("{}.", owner_key(&fact.owner))),
            )
        }
        Kind::Description => {
            let description = fact.description.as_deref()?;
            // Mask the function however the description writes it.
            let mut masked = mask(description, &fact.function);
            for piece in pieces(&fact.function) {
                masked = mask(&masked, piece);
                let bare = without_owner(piece, &fact.owner);
                masked = mask(&masked, bare);
                if let Some((name, _)) = bare.split_once('(') {
                    masked = mask(&masked, name);
                }
            }
            // `threading — "스레드 시작"` with `Thread.start()` among the
            // options would repeat the question in the answer; the class
            // belongs in the question: `threading.Thread — "스레드 시작"`.
            let class = shared_class(&fact.function, &fact.owner);
            let context = match &class {
                Some(class) => format!("{}.{class}", fact.owner),
                None => fact.owner.clone(),
            };
            let text = format!("{context} — \"{masked}\" 하는 것은?");
            let question_words = words(&text.replace("____", " "));
            let answer = display_in(&fact.function, &fact.owner, class.as_deref());
            let fair = |shown: &str| {
                !readable(&question_words, &words(shown)) && !names_a_library(shown, cx.owners)
            };
            if !fair(&answer) {
                return None;
            }
            // Functions of the owner described the same way are right too.
            let same = loose(description);
            let mut accepted: Vec<String> = cx
                .all
                .iter()
                .filter(|f| owner_key(&f.owner) == owner_key(&fact.owner))
                .filter(|f| f.description.as_deref().map(loose).as_deref() == Some(same.as_str()))
                .flat_map(|f| pieces(&f.function).into_iter().map(|p| key(p, &f.owner)))
                .chain(names.iter().cloned())
                .collect();
            // Inside the class the question names, `start` is right too.
            if let Some(class) = &class {
                let inside = format!("{}.", class.to_lowercase());
                let short: Vec<String> = accepted
                    .iter()
                    .filter_map(|name| name.strip_prefix(inside.as_str()).map(str::to_string))
                    .collect();
                accepted.extend(short);
            }
            accepted.sort();
            accepted.dedup();
            let distractors = candidates
                .iter()
                .filter(|f| {
                    pieces(&f.function).into_iter().all(|p| {
                        !accepted.contains(&key(p, &f.owner))
                            && !accepted.contains(&key(p, &fact.owner))
                    })
                })
                .map(|f| display_in(&f.function, &f.owner, class.as_deref()))
                .filter(|shown| fair(shown))
                .take(wanted)
                .collect();
            (
                text,
                answer,
                accepted,
                distractors,
                Some(format!("{}.", owner_key(&fact.owner))),
            )
        }
    };
    let mut options = Vec::new();
    if mode == Mode::Choice {
        options.push(answer.clone());
        for candidate in distractors {
            if options.len() == 4 {
                break;
            }
            if !candidate.is_empty() && !options.iter().any(|o| loose(o) == loose(&candidate)) {
                options.push(candidate);
            }
        }
        if options.len() < 2 {
            return None;
        }
        options.shuffle(rng);
    }
    let mut accepted = accepted;
    accepted.sort();
    accepted.dedup();
    Some(Question {
        text,
        answer,
        options,
        optional_prefix,
        kind,
        accepted,
        source,
        card: fact.card.to_string(),
    })
}

// ---- grading -------------------------------------------------------------

/// Grades a typed answer: right when it is any of the question's accepted
/// answers (NFC, case, spaces, backticks, arguments, a trailing `()` and
/// the owner prefix do not matter); one typo away from the expected answer
/// is a near miss.
pub fn grade(question: &Question, typed: &str) -> Verdict {
    if loose(typed).is_empty() {
        return Verdict::Wrong;
    }
    let owner = question
        .optional_prefix
        .as_deref()
        .map(|p| p.strip_suffix('.').unwrap_or(p))
        .unwrap_or_default();
    let forms: Vec<String> = match question.kind {
        Kind::Library => vec![loose(typed)],
        // As typed (`alembic revision`), and with every space taken out
        // (`os.get cwd`).
        Kind::Function | Kind::Description => pieces(typed)
            .into_iter()
            .flat_map(|p| [key(p, owner), key(&loose(p), owner)])
            .collect(),
    };
    if forms.iter().any(|f| question.accepted.contains(f)) {
        return Verdict::Right;
    }
    let expected: Vec<String> = match question.kind {
        Kind::Library => vec![loose(&question.answer)],
        Kind::Function | Kind::Description => pieces(&question.answer)
            .into_iter()
            .map(|p| key(p, owner))
            .collect(),
    };
    let near = expected
        .iter()
        .any(|e| e.chars().count() >= 4 && forms.iter().any(|f| edit_distance(e, f, 1) <= 1));
    if near {
        Verdict::NearMiss
    } else {
        Verdict::Wrong
    }
}

/// Forgiving comparison with one expected answer: NFC, case, spaces,
/// backticks, a trailing `()` and an optional owner prefix do not matter;
/// arguments may be left out.
pub fn grade_typed(typed: &str, expected: &str, optional_prefix: Option<&str>) -> Verdict {
    let typed = loose(typed);
    if typed.is_empty() {
        return Verdict::Wrong;
    }
    let mut accepted = vec![loose(expected)];
    // `os.access(path, mode)` is also right as `os.access`.
    if let Some((name, _)) = expected.split_once('(') {
        accepted.push(loose(name));
    }
    if let Some(prefix) = optional_prefix.map(loose) {
        let stripped: Vec<String> = accepted
            .iter()
            .filter_map(|a| a.strip_prefix(prefix.as_str()).map(str::to_string))
            .collect();
        accepted.extend(stripped);
    }
    if accepted.contains(&typed) {
        return Verdict::Right;
    }
    if accepted
        .iter()
        .any(|a| a.chars().count() >= 4 && edit_distance(a, &typed, 1) <= 1)
    {
        return Verdict::NearMiss;
    }
    Verdict::Wrong
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;
    use crate::domain::card::{CardId, Generator, Source};

    fn fact(owner: &str, function: &str, description: Option<&str>, deck: &str) -> QuizFact {
        QuizFact {
            owner: owner.to_string(),
            function: function.to_string(),
            description: description.map(str::to_string),
            group: owner.to_string(),
            deck: deck.to_string(),
            card: CardId::new(deck, Generator::Library, function, "quiz"),
            source: Source {
                file: format!("{deck}.md"),
                line: 1,
            },
        }
    }

    #[test]
    fn names_compare_without_owner_arguments_case_or_decoration() {
        assert_eq!(key("os.access(path, mode)", "os"), "access");
        assert_eq!(key("OS.GetCwd()", "os"), "getcwd");
        assert_eq!(key("alembic revision", "alembic"), "revision");
        assert_eq!(
            key("async with httpx.AsyncClient()", "httpx"),
            "asyncclient"
        );
        assert_eq!(key(".loc[]", "pandas"), "loc");
        assert_eq!(key("@task", "celery"), "task");
        assert_eq!(key("os.path.join()", "os"), "path.join");
        assert_eq!(key("`json.dumps()`", "json"), "dumps");
        // NFD Hangul equals NFC.
        assert_eq!(key("\u{1112}\u{1161}\u{11AB}()", ""), "한");
    }

    #[test]
    fn a_field_may_name_several_functions() {
        assert_eq!(
            pieces("sys.stdin, sys.stdout, sys.stderr"),
            ["sys.stdin", "sys.stdout", "sys.stderr"]
        );
        assert_eq!(pieces("os.access(path, mode)"), ["os.access(path, mode)"]);
        assert_eq!(
            pieces("os.execl(), os.execv(), ..."),
            ["os.execl()", "os.execv()"]
        );
        assert_eq!(pieces("weakref.WeakKeyDictionary([dict, x])").len(), 1);
    }

    #[test]
    fn options_show_neither_owner_nor_arguments() {
        assert_eq!(display("os.access(path, mode)", "os"), "access()");
        assert_eq!(display("alembic upgrade", "alembic"), "upgrade");
        assert_eq!(
            display("sys.prefix, sys.executable", "sys"),
            "prefix, executable"
        );
        assert_eq!(display("Thread.start()", "threading"), "Thread.start()");
        assert_eq!(display(".loc[]", "pandas"), ".loc[]");
    }

    #[test]
    fn the_owner_prefix_is_removed_from_the_original_text_without_panics() {
        // Lower case changes the byte length of these letters; the rest is
        // taken from the text itself.
        assert_eq!(without_owner("ȺȺ.foo()", "ⱥⱥ"), "foo()");
        assert_eq!(without_owner("ẞ.foo()", "ß"), "foo()");
        assert_eq!(without_owner("İstanbul.x", "i"), "İstanbul.x");
        // The Kelvin sign (3 bytes) lowers to an ASCII `k`.
        assert_eq!(without_owner("KELVIN.dumps()", "kelvin"), "dumps()");
        assert_eq!(key("KELVIN.dumps()", "kelvin"), "dumps");
        assert_eq!(without_owner("os", "os"), "os");
        assert_eq!(strip_prefix_ignoring_case("ȺBC", "ⱥb"), Some("C"));
    }

    #[test]
    fn readable_words_cross_identifier_and_case_boundaries() {
        assert!(readable(&words("load_dotenv()"), &words("python-dotenv")));
        assert!(readable(&words("____.LifoQueue(maxsize)"), &words("queue")));
        assert!(readable(&words("strftime()"), &words("time")));
        assert!(readable(&words("revision"), &words("alembic revision")));
        assert!(!readable(&words("____.search()"), &words("re")));
        assert!(!readable(&words("Image.open()"), &words("Pillow")));
        assert!(!readable(&words("____.getcwd()"), &words("os")));
    }

    #[test]
    fn members_come_from_every_document_and_the_standard_library() {
        let facts = [
            fact("acme", "acme.foo()", None, "a"),
            fact("acme", "acme.bar(x)", None, "b"),
            fact("os.path", "os.path.join()", None, "a"),
        ];
        let members = Members::new(&facts);
        assert!(members.has("acme", "foo") && members.has("ACME", "bar"));
        assert!(members.has("os", "getcwd") && members.has("os", "path"));
        assert!(members.has("os", "path.join") && members.has("os.path", "join"));
        assert!(members.has("time", "strftime"));
        // The script leaves out modules a module merely imports (`os.sys`).
        assert!(!members.has("os", "sys") && !members.has("os", "abc"));
        // Every standard-library owner of the built-in documents is there.
        for module in [
            "os", "sys", "json", "re", "time", "datetime", "queue", "weakref",
        ] {
            assert!(members.of(module).len() > 5, "{module}");
        }
        assert!(!members.has("time", "now") && !members.has("acme", "baz"));
        assert!(members.has("asyncio", "task") && members.has_exact("asyncio", "Task"));
        assert!(!members.has_exact("asyncio", "task") && members.has_exact("acme", "bar"));
        // sys.path is a list whose members nobody listed: maybe.
        assert!(members.may_have("sys", "path.join"));
        // os.path's members are known: os.path.foo is not there.
        assert!(!members.may_have("os", "path.foo"));
    }

    #[test]
    fn a_quiz_on_one_deck_knows_the_functions_of_the_others() {
        let asked = [
            fact("acme", "acme.foo()", None, "a"),
            fact("zeta", "zeta.one()", None, "a"),
            fact("yolk", "yolk.two()", None, "a"),
        ];
        let all: Vec<QuizFact> = asked
            .iter()
            .cloned()
            .chain([
                fact("acme", "acme.bar()", None, "b"),
                fact("wisp", "wisp.three()", None, "b"),
            ])
            .collect();
        let mut rng = StdRng::seed_from_u64(1);
        let mut seen_function_question = false;
        for _ in 0..40 {
            for q in draw(&asked, &all, 3, Mode::Choice, &mut rng) {
                if q.text == "acme의 함수/API는?" {
                    seen_function_question = true;
                    // bar() is acme's too (deck b): never a wrong option.
                    assert!(!q.options.contains(&"bar()".to_string()), "{q:?}");
                    assert_eq!(grade(&q, "acme.bar()"), Verdict::Right);
                    assert_eq!(grade(&q, "bar"), Verdict::Right);
                    assert_eq!(grade(&q, "three"), Verdict::Wrong);
                }
            }
        }
        assert!(seen_function_question);
    }

    #[test]
    fn a_function_question_takes_one_distractor_per_library() {
        let facts: Vec<QuizFact> = [
            ("pandas", "read_csv()"),
            ("matplotlib", "plt.bar()"),
            ("matplotlib", "plt.scatter()"),
            ("matplotlib", "plt.savefig()"),
            ("acme", "acme.foo()"),
            ("zeta", "zeta.one()"),
        ]
        .iter()
        .map(|(owner, function)| QuizFact {
            group: "stage".to_string(),
            ..fact(owner, function, None, "a")
        })
        .collect();
        let mut asked_about_pandas = 0;
        for seed in 0..30 {
            let mut rng = StdRng::seed_from_u64(seed);
            for q in draw(&facts, &facts, 6, Mode::Choice, &mut rng) {
                if q.text == "pandas의 함수/API는?" {
                    asked_about_pandas += 1;
                    let plt = q.options.iter().filter(|o| o.starts_with("plt.")).count();
                    assert_eq!(plt, 1, "{q:?}");
                    assert_eq!(q.options.len(), 4, "{q:?}");
                }
            }
        }
        assert!(asked_about_pandas > 0);
    }

    #[test]
    fn the_same_rng_draws_the_same_quiz() {
        let facts = [
            fact("acme", "acme.foo()", Some("does foo things"), "a"),
            fact("zeta", "zeta.one()", Some("counts to one"), "a"),
            fact("yolk", "yolk.two()", None, "a"),
        ];
        let draw_with = |seed| {
            draw(
                &facts,
                &facts,
                3,
                Mode::Choice,
                &mut StdRng::seed_from_u64(seed),
            )
        };
        assert_eq!(draw_with(7), draw_with(7));
        assert!((0..20).any(|seed| draw_with(seed) != draw_with(7)));
    }

    #[test]
    fn grading_one_expected_answer_is_char_safe() {
        assert_eq!(grade_typed("ẞȺ", "ẞȺ()", Some("ⱥ.")), Verdict::Right);
        assert_eq!(grade_typed("İ", "ȺȺ.x", Some("ȺȺ.")), Verdict::Wrong);
        assert_eq!(grade_typed("x", "ȺȺ.x(a, b)", Some("ⱥⱥ.")), Verdict::Right);
    }
}
