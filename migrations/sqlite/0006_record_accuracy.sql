-- What the source says and what Kakehashi adds (provenance.rs).
--
-- `activities.status_as_of`: the partial date the status was true (the date of the
-- statement it rests on). Rows written before this migration stated their status on the
-- day they were last updated, which is what they get.
-- `sources.curator_title`: 1 when the title was written by Kakehashi's curator rather than
-- taken from the document.
-- `record_notes`: notes on one value of an activity or of an organisation each: the source's
-- own words, verbatim (`stated`, with where they are), and/or the curator's note with its
-- basis, in both languages. `about` is the value's stable slug (`status`, `figure:2`,
-- `participant:renji-hospital`, `name`).

ALTER TABLE activities ADD COLUMN status_as_of TEXT;
UPDATE activities SET status_as_of = last_updated;

ALTER TABLE sources ADD COLUMN curator_title INTEGER NOT NULL DEFAULT 0 CHECK (curator_title IN (0, 1));

CREATE TABLE record_notes (
    activity_id     INTEGER REFERENCES activities (id) ON DELETE CASCADE,
    organization_id INTEGER REFERENCES organizations (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    about           TEXT NOT NULL,
    stated          TEXT,
    stated_source   INTEGER,   -- an activity's: 1-based position of the source with the words
    stated_url      TEXT,      -- an organisation's: the cited page the words are on
    stated_document TEXT,      -- an organisation's: the seed document the words are in
    note_en         TEXT,
    note_ja         TEXT,
    basis_en        TEXT,
    basis_ja        TEXT,
    CHECK ((activity_id IS NULL) <> (organization_id IS NULL)),
    CHECK (stated IS NOT NULL OR note_en IS NOT NULL),
    CHECK ((note_en IS NULL) = (note_ja IS NULL)
           AND (note_en IS NULL) = (basis_en IS NULL)
           AND (basis_en IS NULL) = (basis_ja IS NULL))
) STRICT;
CREATE INDEX record_notes_by_activity ON record_notes (activity_id, position);
CREATE INDEX record_notes_by_organization ON record_notes (organization_id, position);
