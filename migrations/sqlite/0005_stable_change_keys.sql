-- Revisions name the parts of the record they changed by stable slugs
-- (forms::RecordPart::slug: `title-en`, `participants`, …) instead of the Rust names of
-- their label keys (`FormTitleEn`, `Institutions`, …), which could change with the code.
-- Each old name in a revision's JSON array becomes its slug, in place and in order;
-- anything else (`imported`, a slug already) is kept as it is. Submissions store the
-- form as typed, which names no part, so only revisions change.

WITH renamed (old, slug) AS (
    VALUES ('FormTitleEn', 'title-en'),
           ('FormTitleJa', 'title-ja'),
           ('FormSummaryEn', 'summary-en'),
           ('FormSummaryJa', 'summary-ja'),
           ('Kind', 'kind'),
           ('FormStatus', 'status'),
           ('FormStart', 'start'),
           ('FormEnd', 'end'),
           ('FormAreaNote', 'area-note'),
           ('Fields', 'fields'),
           ('Countries', 'countries'),
           ('Institutions', 'participants'),
           ('Figures', 'figures'),
           ('Sources', 'sources')
)
UPDATE revisions
SET changes = (
    SELECT json_group_array(coalesce((SELECT r.slug FROM renamed r WHERE r.old = part.value),
                                     part.value))
    FROM (SELECT value FROM json_each(revisions.changes) ORDER BY key) AS part
)
WHERE json_valid(changes)
  AND EXISTS (SELECT 1 FROM json_each(revisions.changes) AS part
              JOIN renamed r ON r.old = part.value);
