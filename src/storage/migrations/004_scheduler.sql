-- The collection's scheduler: SM-2 (the default) or FSRS-6, FSRS's desired
-- retention, and the FSRS parameters `recall optimize` fitted (a JSON array;
-- NULL: the crate's defaults). One row. FSRS memory states are not stored:
-- they are replayed from the review log.
CREATE TABLE scheduler (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    kind       TEXT NOT NULL DEFAULT 'sm2' CHECK (kind IN ('sm2', 'fsrs')),
    retention  REAL NOT NULL DEFAULT 0.9 CHECK (retention >= 0.7 AND retention <= 0.97),
    parameters TEXT
) STRICT;

INSERT INTO scheduler (id) VALUES (1);
