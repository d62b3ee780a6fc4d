-- The two kind checks as plain comparisons. SQLite evaluates a CHECK's
-- `kind IN (...)` by building a temporary table of the listed values for
-- every row written: at 100,000 new cards, a sixth of an import's work on
-- the writing side, and part of every answer's. The same rule, the same
-- values (the column is NOT NULL TEXT in a STRICT table, compared the same
-- way), in comparisons SQLite evaluates in place.
--
-- SQLite has no ALTER for an unnamed CHECK; a change that leaves every
-- stored row as it is may edit the table's definition in sqlite_schema
-- (as SQLite's own ALTER TABLE does, "Making Other Kinds Of Table Schema
-- Changes" in its documentation). RESET reloads the schema at once: a
-- definition that did not parse fails the migration, which rolls back.
-- The table made and dropped afterwards moves the schema's version on, so
-- that every other connection reloads it too.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql,
    'CHECK (kind IN (''basic'', ''reverse'', ''cloze'', ''code''))',
    'CHECK (kind = ''basic'' OR kind = ''reverse'' OR kind = ''cloze'' OR kind = ''code'')')
WHERE type = 'table' AND name = 'cards';
UPDATE sqlite_schema
SET sql = replace(sql,
    'CHECK (kind IN (''review'', ''drill'', ''quiz'', ''undo'', ''suspend'', ''bury''))',
    'CHECK (kind = ''review'' OR kind = ''drill'' OR kind = ''quiz'' OR kind = ''undo'' OR kind = ''suspend'' OR kind = ''bury'')')
WHERE type = 'table' AND name = 'reviews';
PRAGMA writable_schema = RESET;
CREATE TABLE schema_moved_on (x);
DROP TABLE schema_moved_on;
