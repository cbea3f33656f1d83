-- The published record: vocabularies, organisations, activities and what hangs off them.
-- Rows here are public. (Pending submissions will live in their own tables.)

CREATE TABLE regions (
    slug    TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_ja TEXT NOT NULL
) STRICT;

CREATE TABLE countries (
    code    TEXT PRIMARY KEY CHECK (length(code) = 2 AND code = upper(code)),
    alpha3  TEXT NOT NULL UNIQUE CHECK (length(alpha3) = 3),
    name_en TEXT NOT NULL,
    name_ja TEXT NOT NULL,
    region  TEXT REFERENCES regions (slug)  -- none for Antarctica
) STRICT;

CREATE TABLE fields (
    slug    TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_ja TEXT NOT NULL,
    dac     INTEGER NOT NULL CHECK (dac BETWEEN 12000 AND 12999)
) STRICT;

CREATE TABLE organizations (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name_en    TEXT NOT NULL,
    name_ja    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    country    TEXT NOT NULL REFERENCES countries (code),
    city       TEXT,
    website    TEXT,
    ror        TEXT,
    aliases    TEXT NOT NULL DEFAULT '',  -- other spellings, one per line, for search
    profile_en TEXT NOT NULL,
    profile_ja TEXT NOT NULL
) STRICT;

CREATE TABLE activities (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    title_en     TEXT NOT NULL,
    title_ja     TEXT NOT NULL,
    summary_en   TEXT NOT NULL,
    summary_ja   TEXT NOT NULL,
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL,
    start_date   TEXT,            -- partial ISO date: 2012, 2012-07 or 2012-07-15
    end_date     TEXT,
    area_note_en TEXT,
    area_note_ja TEXT,
    last_updated TEXT NOT NULL,
    published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    -- Lower-cased titles, summaries, organisation, country and field names in both
    -- languages: what a search matches against. Written by the one write path.
    search_text  TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE activity_fields (
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    field       TEXT NOT NULL REFERENCES fields (slug),
    position    INTEGER NOT NULL,
    PRIMARY KEY (activity_id, field)
) STRICT;

CREATE TABLE activity_countries (
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    country     TEXT NOT NULL REFERENCES countries (code),
    position    INTEGER NOT NULL,
    PRIMARY KEY (activity_id, country)
) STRICT;
CREATE INDEX activity_countries_by_country ON activity_countries (country);

CREATE TABLE activity_participants (
    activity_id     INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    role            TEXT NOT NULL,
    position        INTEGER NOT NULL,
    PRIMARY KEY (activity_id, organization_id, role)
) STRICT;
CREATE INDEX activity_participants_by_org ON activity_participants (organization_id);

CREATE TABLE figures (
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    label_en    TEXT NOT NULL,
    label_ja    TEXT NOT NULL,
    value       REAL NOT NULL,
    value_max   REAL,
    qualifier   TEXT,
    unit_en     TEXT NOT NULL,
    unit_ja     TEXT NOT NULL,
    period      TEXT,
    source      INTEGER,  -- 1-based position of the source that states it
    PRIMARY KEY (activity_id, position)
) STRICT;

CREATE TABLE sources (
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    url         TEXT,
    publisher   TEXT,
    title       TEXT NOT NULL,
    published   TEXT,
    document    TEXT,
    PRIMARY KEY (activity_id, position)
) STRICT;
