-- Full-text index of published activities: FTS5 with the trigram tokenizer, so Japanese
-- (no spaces between words) matches by substring. Three columns for bm25 weighting:
-- title (both languages), organisations (names and other spellings), body (summaries,
-- area notes, countries and fields). rowid = activities.id. Written by the one write path
-- (db::reindex_activity); a deleted activity leaves the index by the trigger below.
CREATE VIRTUAL TABLE activity_fts USING fts5(title, orgs, body, tokenize = 'trigram');

CREATE TRIGGER activities_leave_index AFTER DELETE ON activities BEGIN
    DELETE FROM activity_fts WHERE rowid = old.id;
END;

-- Fill it for databases seeded before this migration.
INSERT INTO activity_fts (rowid, title, orgs, body)
SELECT a.id,
       a.title_en || ' ' || a.title_ja,
       coalesce((SELECT group_concat(o.name_en || ' ' || o.name_ja || ' ' || o.aliases, ' ')
                 FROM activity_participants p JOIN organizations o ON o.id = p.organization_id
                 WHERE p.activity_id = a.id), ''),
       a.summary_en || ' ' || a.summary_ja || ' ' ||
       coalesce(a.area_note_en, '') || ' ' || coalesce(a.area_note_ja, '') || ' ' ||
       coalesce((SELECT group_concat(c.name_en || ' ' || c.name_ja, ' ')
                 FROM activity_countries ac JOIN countries c ON c.code = ac.country
                 WHERE ac.activity_id = a.id), '') || ' ' ||
       coalesce((SELECT group_concat(f.name_en || ' ' || f.name_ja, ' ')
                 FROM activity_fields af JOIN fields f ON f.slug = af.field
                 WHERE af.activity_id = a.id), '')
FROM activities a;
