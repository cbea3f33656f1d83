-- One search engine (issue 9): the in-memory index (app/src/ssr/search) reads the record's own
-- tables and is the only engine. The SQLite FTS5 table that used to mirror the record, its
-- clean-up trigger and the lower-cased `search_text` column go; nothing reads them.
DROP TRIGGER IF EXISTS activities_leave_index;
DROP TABLE IF EXISTS activity_fts;

-- `ALTER TABLE activities DROP COLUMN search_text` fails on the table as 0001 wrote it
-- ("error in table activities after drop column: incomplete input": SQLite trips over the two
-- comment lines before the column). A rebuild of the table is no way out inside a migration's
-- transaction, where foreign keys stay on and dropping the old table would cascade into every
-- child table. So the two comment lines, and nothing else, are first taken out of the stored
-- CREATE TABLE text (comments do not touch the file format), then the column is dropped.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(replace(sql,
    '    -- Lower-cased titles, summaries, organisation, country and field names in both' || char(10), ''),
    '    -- languages: what a search matches against. Written by the one write path.' || char(10), '')
WHERE type = 'table' AND name = 'activities';
PRAGMA writable_schema = OFF;
ALTER TABLE activities DROP COLUMN search_text;
