-- Cards: what the generators emit, plus their scheduling state.
CREATE TABLE cards (
    id          TEXT PRIMARY KEY,
    origin      TEXT NOT NULL,            -- the document set that made it: 'builtin:python-libraries', 'import:my-notes'
    ord         INTEGER NOT NULL,         -- document order, for new cards
    deck        TEXT NOT NULL,
    generator   TEXT NOT NULL,
    entry_key   TEXT NOT NULL,
    role        TEXT NOT NULL,
    sibling     TEXT NOT NULL,
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    tags        TEXT NOT NULL,            -- space-separated, no spaces inside a tag
    source_file TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    retired     INTEGER NOT NULL DEFAULT 0,
    reps        INTEGER NOT NULL DEFAULT 0,
    ef          INTEGER NOT NULL DEFAULT 250,
    interval    INTEGER NOT NULL DEFAULT 0,
    due         INTEGER,                  -- study day; NULL while new
    lapses      INTEGER NOT NULL DEFAULT 0,
    suspended   INTEGER NOT NULL DEFAULT 0,
    leech       INTEGER NOT NULL DEFAULT 0,
    buried_day  INTEGER                   -- buried for this study day
) STRICT;

CREATE INDEX cards_due ON cards (due, ord) WHERE due IS NOT NULL AND retired = 0 AND suspended = 0;
CREATE INDEX cards_new ON cards (ord) WHERE due IS NULL AND retired = 0 AND suspended = 0;
-- Covers the per-deck counts of `status` without reading card text.
CREATE INDEX cards_counts ON cards (retired, deck, suspended, due, reps, ord);
CREATE INDEX cards_origin ON cards (origin);

-- Quiz material: functions and what they do.
CREATE TABLE facts (
    id          INTEGER PRIMARY KEY,
    origin      TEXT NOT NULL,
    owner       TEXT NOT NULL,
    function    TEXT NOT NULL,
    description TEXT,
    grp         TEXT NOT NULL,
    deck        TEXT NOT NULL,
    card_id     TEXT NOT NULL REFERENCES cards (id),
    source_file TEXT NOT NULL,
    source_line INTEGER NOT NULL
) STRICT;

CREATE INDEX facts_origin ON facts (origin);

-- The review log: append-only. Every answer (review, drill, quiz) and every
-- undo is a row; an undo row names the row it reverts.
CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    card_id     TEXT NOT NULL REFERENCES cards (id),
    at          TEXT NOT NULL,            -- RFC 3339
    day         INTEGER NOT NULL,         -- study day
    kind        TEXT NOT NULL CHECK (kind IN ('review', 'drill', 'quiz', 'undo', 'suspend', 'bury')),
    grade       INTEGER,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    was_new     INTEGER NOT NULL DEFAULT 0,
    before      TEXT NOT NULL,            -- JSON card state before
    after       TEXT NOT NULL,            -- JSON card state after
    undoes      INTEGER REFERENCES reviews (id)
) STRICT;

CREATE INDEX reviews_day ON reviews (day, kind);
CREATE INDEX reviews_card ON reviews (card_id);
CREATE UNIQUE INDEX reviews_undoes ON reviews (undoes) WHERE undoes IS NOT NULL;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
