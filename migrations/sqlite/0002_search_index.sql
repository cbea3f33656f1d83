-- Full-text index of published activities: FTS5 with the trigram tokenizer, so Japanese
-- (no spaces between words) matches by substring. Three columns for bm25 weighting:
-- title (both languages), organisations (names and other spellings), body (summaries,
-- area notes, countries and fields). rowid = activities.id. Written by the one write path
-- (db::reindex_activity); a deleted activity leaves the index by the trigger below. At
-- start the server rebuilds the index if it does not cover every activity.
CREATE VIRTUAL TABLE activity_fts USING fts5(title, orgs, body, tokenize = 'trigram');

CREATE TRIGGER activities_leave_index AFTER DELETE ON activities BEGIN
    DELETE FROM activity_fts WHERE rowid = old.id;
END;
