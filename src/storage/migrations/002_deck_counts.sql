-- Per-deck counters kept by triggers, so that `status` and the start of
-- every command read a few hundred rows instead of scanning every card.
-- class: 0 new, 1 learning (seen, no successful repetition yet), 2 review,
-- 3 suspended. due: the due study day for classes 1 and 2, else 0.
CREATE TABLE deck_counts (
    deck  TEXT NOT NULL,
    class INTEGER NOT NULL,
    due   INTEGER NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (deck, class, due)
) STRICT, WITHOUT ROWID;

INSERT INTO deck_counts (deck, class, due, n)
SELECT deck,
       CASE WHEN suspended = 1 THEN 3 WHEN due IS NULL THEN 0 WHEN reps = 0 THEN 1 ELSE 2 END,
       CASE WHEN suspended = 0 AND due IS NOT NULL THEN due ELSE 0 END,
       count(*)
FROM cards WHERE retired = 0 GROUP BY 1, 2, 3;

CREATE TRIGGER cards_counted_insert AFTER INSERT ON cards WHEN NEW.retired = 0
BEGIN
    INSERT INTO deck_counts (deck, class, due, n)
    VALUES (NEW.deck,
            CASE WHEN NEW.suspended = 1 THEN 3 WHEN NEW.due IS NULL THEN 0 WHEN NEW.reps = 0 THEN 1 ELSE 2 END,
            CASE WHEN NEW.suspended = 0 AND NEW.due IS NOT NULL THEN NEW.due ELSE 0 END,
            1)
    ON CONFLICT (deck, class, due) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER cards_counted_delete AFTER DELETE ON cards WHEN OLD.retired = 0
BEGIN
    UPDATE deck_counts SET n = n - 1
    WHERE deck = OLD.deck
      AND class = CASE WHEN OLD.suspended = 1 THEN 3 WHEN OLD.due IS NULL THEN 0 WHEN OLD.reps = 0 THEN 1 ELSE 2 END
      AND due = CASE WHEN OLD.suspended = 0 AND OLD.due IS NOT NULL THEN OLD.due ELSE 0 END;
END;

CREATE TRIGGER cards_counted_update AFTER UPDATE OF deck, due, reps, suspended, retired ON cards
BEGIN
    UPDATE deck_counts SET n = n - 1
    WHERE OLD.retired = 0
      AND deck = OLD.deck
      AND class = CASE WHEN OLD.suspended = 1 THEN 3 WHEN OLD.due IS NULL THEN 0 WHEN OLD.reps = 0 THEN 1 ELSE 2 END
      AND due = CASE WHEN OLD.suspended = 0 AND OLD.due IS NOT NULL THEN OLD.due ELSE 0 END;
    INSERT INTO deck_counts (deck, class, due, n)
    SELECT NEW.deck,
           CASE WHEN NEW.suspended = 1 THEN 3 WHEN NEW.due IS NULL THEN 0 WHEN NEW.reps = 0 THEN 1 ELSE 2 END,
           CASE WHEN NEW.suspended = 0 AND NEW.due IS NOT NULL THEN NEW.due ELSE 0 END,
           1
    WHERE NEW.retired = 0
    ON CONFLICT (deck, class, due) DO UPDATE SET n = n + 1;
END;

-- Only the per-deck scan of `status` used this index; the counters replace it.
DROP INDEX cards_counts;
