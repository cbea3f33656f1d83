-- No lost update (app/src/ssr/account/workflow.rs): a proposal to change a published
-- activity records the revision its form showed (`base_revision`); approving it while a
-- later revision is published is refused and shown as a conflict. A revision keeps the
-- content it published (`payload`, the form's JSON) from the moment a later one replaces
-- it, so "what changed since" can be listed part by part and a proposal re-based.
ALTER TABLE submissions ADD COLUMN base_revision INTEGER;
ALTER TABLE revisions ADD COLUMN payload TEXT;
