-- Where each origin's document order lies, so that placing a new document
-- after the others, or finding where an imported file's cards start, reads
-- one row instead of scanning every card.
CREATE TABLE origins (
    origin   TEXT PRIMARY KEY,
    ord_base INTEGER NOT NULL,         -- where its cards' ord starts
    ord_end  INTEGER NOT NULL          -- one past the largest ord it was given
) STRICT, WITHOUT ROWID;

INSERT INTO origins (origin, ord_base, ord_end)
SELECT origin, min(ord), max(ord) + 1 FROM cards GROUP BY origin;
