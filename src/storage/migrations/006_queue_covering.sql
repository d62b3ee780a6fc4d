-- The day's queue read from the indexes alone: every column the queue's
-- queries read or filter on is in its index, so building a queue of
-- thousands of cards reads a few hundred index pages in order instead of
-- one table page per card (the table is in insertion order, not in due or
-- document order).
DROP INDEX cards_due;
DROP INDEX cards_new;
CREATE INDEX cards_due ON cards (due, ord, retired, suspended, buried_day, deck, sibling, id)
    WHERE due IS NOT NULL AND retired = 0 AND suspended = 0;
CREATE INDEX cards_new ON cards (ord, due, retired, suspended, buried_day, deck, sibling, id)
    WHERE due IS NULL AND retired = 0 AND suspended = 0;
