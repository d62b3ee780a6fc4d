-- Card kinds (basic, reverse, cloze, code): what a card shows and asks for.
-- Existing cards were all question-and-answer cards.
ALTER TABLE cards ADD COLUMN kind TEXT NOT NULL DEFAULT 'basic'
    CHECK (kind IN ('basic', 'reverse', 'cloze', 'code'));
