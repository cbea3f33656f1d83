//! Proposals and decisions: an editor saves or submits a proposal, a moderator approves
//! (publishing it) or returns it with a reason; every publication is a revision.
//!
//! Rules: each function that changes something takes the acting account and decides here
//! whether it may; a refused call changes nothing. Proposals live in `submissions` and are
//! never read by a public page: only [`approve`] copies one into the record, in one
//! transaction with its revision and the audit line, and then swaps in a fresh search
//! index itself: the write owns its consequences, no caller has to remember them.

use super::auth::{audit, check, AuditAction};
use super::error::WorkflowError;
use crate::account::{
    AccountRole, ActivityForm, Actor, Conflict, EditorDashboard, History, PostReplay, Review,
    RevisionView, Standing, SubmissionStatus, SubmissionSummary,
};
use crate::forms::{diff, slugify, ActivityInput, FieldError, Problem, MAX_REASON};
use crate::model::Localized;
use crate::ssr::db::{dialect, Pool, Transaction};
use crate::ssr::search::SearchHandle;
use crate::ssr::trust::{self, current_revision};
use crate::ssr::{db, record};

const EDITORS: &[AccountRole] = &[AccountRole::Editor];
const DECIDERS: &[AccountRole] = &[AccountRole::Moderator, AccountRole::Admin];

/// Whether organisation `org_id` takes part in published activity `activity_id`.
async fn participates(pool: &Pool, org_id: i64, activity_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM activity_participants WHERE activity_id = $1 AND organization_id = $2",
    )
    .bind(activity_id)
    .bind(org_id)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// A proposal as stored, with the names a list shows.
#[derive(Clone, Debug, sqlx::FromRow)]
struct SubmissionRow {
    id: i64,
    /// The published activity it changes; `None` for a new one (until approved).
    activity_id: Option<i64>,
    activity_slug: Option<String>,
    status: String,
    reason: Option<String>,
    payload: String,
    updated_at: String,
    organization_id: i64,
    org_slug: String,
    org_en: String,
    org_ja: String,
    /// The published revision a change was based on.
    base_revision: Option<i64>,
}

impl SubmissionRow {
    fn status(&self) -> Option<SubmissionStatus> {
        SubmissionStatus::from_slug(&self.status)
    }
}

const SUBMISSION_SELECT: &str =
    "SELECT s.id, s.activity_id, a.slug AS activity_slug, s.status, s.reason, s.payload,
            s.updated_at, s.organization_id, o.slug AS org_slug, o.name_en AS org_en,
            o.name_ja AS org_ja, s.base_revision
     FROM submissions s
     JOIN organizations o ON o.id = s.organization_id
     LEFT JOIN activities a ON a.id = s.activity_id";

fn summary_from(row: &SubmissionRow) -> Option<(SubmissionSummary, ActivityInput)> {
    let input: ActivityInput = serde_json::from_str(&row.payload).ok()?;
    Some((
        SubmissionSummary {
            id: row.id,
            activity_slug: row.activity_slug.clone(),
            title: Localized::new(input.title_en.clone(), input.title_ja.clone()),
            status: row.status()?,
            reason: row.reason.clone(),
            organization: Localized::new(row.org_en.clone(), row.org_ja.clone()),
            updated_at: row.updated_at.clone(),
        },
        input,
    ))
}

async fn submission(pool: &Pool, id: i64) -> Result<Option<SubmissionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SUBMISSION_SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Activity `id` (`slug`) as revision `number` published it: the record itself for the
/// current revision; the content a later revision kept of it; else the proposal that
/// published it; `None` when none of these is there (revisions replaced before the
/// content was kept, such as an imported first version).
async fn content_at(
    pool: &Pool,
    id: i64,
    slug: &str,
    number: i64,
) -> Result<Option<ActivityInput>, sqlx::Error> {
    if number == current_revision(pool, id).await? {
        return record::activity_input(pool, slug).await;
    }
    let stored: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT r.payload, s.payload FROM revisions r LEFT JOIN submissions s ON s.id = r.submission_id
         WHERE r.activity_id = $1 AND r.number = $2",
    )
    .bind(id)
    .bind(number)
    .fetch_optional(pool)
    .await?;
    Ok(stored
        .and_then(|(kept, proposed)| kept.or(proposed))
        .and_then(|json| serde_json::from_str(&json).ok()))
}

/// What changed since a change proposal was made (`proposed`, from `row`'s base revision),
/// if the activity has a later revision published now.
async fn conflict(
    pool: &Pool,
    row: &SubmissionRow,
    proposed: &ActivityInput,
) -> Result<Option<(Conflict, Option<ActivityInput>)>, sqlx::Error> {
    let (Some(id), Some(slug), Some(base)) =
        (row.activity_id, &row.activity_slug, row.base_revision)
    else {
        return Ok(None);
    };
    let current = current_revision(pool, id).await?;
    if base == current {
        return Ok(None);
    }
    let (then, now) = (
        content_at(pool, id, slug, base).await?,
        record::activity_input(pool, slug).await?,
    );
    let since = then
        .as_ref()
        .zip(now.as_ref())
        .map(|(then, now)| diff(Some(then), now));
    let mine: Vec<String> = then
        .as_ref()
        .map(|then| {
            diff(Some(then), proposed)
                .into_iter()
                .map(|c| c.key)
                .collect()
        })
        .unwrap_or_default();
    let both = since
        .iter()
        .flatten()
        .map(|c| c.key.clone())
        .filter(|k| mine.contains(k))
        .collect();
    Ok(Some((
        Conflict {
            base,
            current,
            since,
            both,
        },
        then,
    )))
}

/// The editor's organisation, its published activities and its proposals.
pub async fn dashboard(pool: &Pool, actor: Actor) -> Result<EditorDashboard, WorkflowError> {
    let org = actor.organization.clone().ok_or(WorkflowError::Forbidden)?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT a.id FROM activities a
         WHERE a.id IN (SELECT activity_id FROM activity_participants WHERE organization_id = $1)
         ORDER BY a.title_en",
    )
    .bind(org.id)
    .fetch_all(pool)
    .await?;
    let activities = db::cards(pool, &ids).await?;
    let stale: std::collections::HashMap<i64, String> = trust::stale(pool, Some(org.id))
        .await?
        .into_iter()
        .collect();
    // Each activity's published revision and whether this organisation confirmed it, in
    // one query, in the order of the cards.
    let ids_json = serde_json::to_string(&ids).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let rows: Vec<(i64, String, i64, db::Flag)> = sqlx::query_as(
        "SELECT a.id, a.slug, v.revision,
                EXISTS (SELECT 1 FROM confirmations c WHERE c.activity_id = a.id
                        AND c.revision = v.revision AND c.organization_id = $1)
         FROM activities a
         JOIN (SELECT activity_id, max(number) AS revision FROM revisions GROUP BY activity_id) v
           ON v.activity_id = a.id
         WHERE a.id IN (SELECT CAST(value AS BIGINT) FROM json_each($2))",
    )
    .bind(org.id)
    .bind(ids_json)
    .fetch_all(pool)
    .await?;
    let mut by_slug: std::collections::HashMap<String, Standing> = rows
        .into_iter()
        .map(|(id, slug, revision, confirmed_by_us)| {
            let standing = Standing {
                revision,
                confirmed_by_us: confirmed_by_us.into(),
                stale_since: stale.get(&id).cloned(),
            };
            (slug, standing)
        })
        .collect();
    let standing = activities
        .iter()
        .map(|card| by_slug.remove(&card.slug).unwrap_or_default())
        .collect();
    let rows: Vec<SubmissionRow> = sqlx::query_as(&format!(
        "{SUBMISSION_SELECT} WHERE s.organization_id = $1 ORDER BY s.updated_at DESC, s.id DESC LIMIT 200"
    ))
    .bind(org.id)
    .fetch_all(pool)
    .await?;
    Ok(EditorDashboard {
        actor,
        activities,
        standing,
        errors: Vec::new(),
        submissions: rows
            .iter()
            .filter_map(summary_from)
            .map(|(s, _)| s)
            .collect(),
    })
}

/// The activity form for `actor`: a new activity or a change to `slug`, resuming `draft`,
/// or what was just posted (`replay`) with its problems.
pub async fn activity_form(
    pool: &Pool,
    actor: Actor,
    slug: Option<&str>,
    draft: Option<i64>,
    replay: Option<PostReplay>,
) -> Result<ActivityForm, WorkflowError> {
    let org = actor.organization.clone().ok_or(WorkflowError::Forbidden)?;
    let mut target = None;
    let mut input = ActivityInput::default();
    let (mut base_revision, mut rebased, mut current) = (None, None, None);
    if let Some(slug) = slug {
        let published = record::activity_input(pool, slug)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        let id: i64 = sqlx::query_scalar("SELECT id FROM activities WHERE slug = $1")
            .bind(slug)
            .fetch_one(pool)
            .await?;
        base_revision = Some(current_revision(pool, id).await?);
        if !published.participants.iter().any(|p| p.org == org.slug) {
            return Err(WorkflowError::Forbidden);
        }
        target = Some((
            slug.to_string(),
            Localized::new(published.title_en.clone(), published.title_ja.clone()),
        ));
        current = Some(published.clone());
        input = published;
    } else {
        input.participants.push(crate::forms::ParticipantInput {
            org: org.slug.clone(),
            role: "lead".into(),
        });
    }
    let (mut status, mut reason) = (None, None);
    if let Some(draft) = draft {
        let row = submission(pool, draft)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        if row.organization_id != org.id || row.activity_slug.as_deref() != slug {
            return Err(WorkflowError::NotFound);
        }
        let (summary, stored) = summary_from(&row).ok_or(WorkflowError::NotFound)?;
        status = Some(summary.status);
        reason = summary.reason;
        // Made from an older revision: the form holds the current version with the
        // proposal's own changes on top, and says what changed since; saving it records the
        // current revision as its base. Without the older content, the proposal stays as
        // it is (the notice asks the editor to compare every part).
        input = match conflict(pool, &row, &stored).await? {
            Some((found, then)) => {
                let merged = match (&then, &current) {
                    (Some(then), Some(now)) => stored.rebased(then, now),
                    _ => stored,
                };
                rebased = Some(found);
                merged
            }
            None => {
                base_revision = row.base_revision.or(base_revision);
                stored
            }
        };
    }
    let mut errors = Vec::new();
    if let Some(replay) = replay {
        input =
            ActivityInput::from_pairs(replay.values.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        base_revision = replay.value("base").parse().ok().or(base_revision);
        errors = replay.errors;
    }
    Ok(ActivityForm {
        actor,
        target,
        draft,
        status,
        reason,
        input,
        errors,
        options: record::form_options(pool).await?,
        base_revision,
        rebased,
    })
}

/// What an editor's press of a button on the activity form asks for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Saving {
    /// The proposal it updates (a draft, or one returned); `None` for a new one.
    pub draft: Option<i64>,
    /// The published revision the form showed (for a change to a published activity).
    pub base: Option<i64>,
    /// Submit for review (every rule applies), rather than keep as a draft.
    pub submit: bool,
}

/// Saves an editor's proposal: as a draft (only size limits apply), or submitted for
/// review (every rule applies; problems come back and nothing is stored). `slug` names the
/// published activity it changes (`None`: a new activity); `saving` says what was asked.
/// Returns the proposal's id.
pub async fn save_submission(
    pool: &Pool,
    actor: Option<&Actor>,
    slug: Option<&str>,
    saving: Saving,
    mut input: ActivityInput,
    ip: Option<&str>,
) -> Result<i64, WorkflowError> {
    let Saving {
        draft,
        base,
        submit,
    } = saving;
    let actor = check(actor, EDITORS)?;
    let org = actor
        .organization
        .as_ref()
        .ok_or(WorkflowError::Forbidden)?;
    let activity_id = match slug {
        Some(slug) => {
            let id: i64 = sqlx::query_scalar("SELECT id FROM activities WHERE slug = $1")
                .bind(slug)
                .fetch_optional(pool)
                .await?
                .ok_or(WorkflowError::NotFound)?;
            if !participates(pool, org.id, id).await? {
                return Err(WorkflowError::Forbidden);
            }
            Some(id)
        }
        None => None,
    };
    if let Some(draft) = draft {
        let row = submission(pool, draft)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        let editable = row.status().is_some_and(SubmissionStatus::editable);
        if row.organization_id != org.id || row.activity_id != activity_id {
            return Err(WorkflowError::NotFound);
        }
        if !editable {
            return Err(WorkflowError::Invalid(vec![FieldError::new(
                "title_en",
                Problem::AlreadyDecided,
            )]));
        }
    }
    input.compact();
    input.check_draft().map_err(WorkflowError::Invalid)?;
    if submit {
        let vocabulary = record::vocabulary(pool, Some(org.slug.clone())).await?;
        input
            .validate(&vocabulary)
            .map_err(WorkflowError::Invalid)?;
    }
    let status = if submit {
        SubmissionStatus::Pending
    } else {
        SubmissionStatus::Draft
    };
    let payload =
        serde_json::to_string(&input).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    // The revision the form showed (posted back as `base`); a form without it (an older
    // page) counts as made from the one published now.
    let base = match activity_id {
        Some(id) => Some(match base {
            Some(base) => base,
            None => current_revision(pool, id).await?,
        }),
        None => None,
    };
    let mut tx = pool.begin().await?;
    let id = match draft {
        Some(id) => {
            sqlx::query(
                "UPDATE submissions SET payload = $1, status = $2, reason = NULL, proposed_by = $3,
                        updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
                        submitted_at = CASE WHEN $4 THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') END,
                        base_revision = $5
                 WHERE id = $6",
            )
            .bind(&payload)
            .bind(status.slug())
            .bind(actor.id)
            .bind(submit)
            .bind(base)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO submissions (activity_id, organization_id, proposed_by, status, payload,
                                          submitted_at, base_revision)
                 VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') END, $7)
                 RETURNING id",
            )
            .bind(activity_id)
            .bind(org.id)
            .bind(actor.id)
            .bind(status.slug())
            .bind(&payload)
            .bind(submit)
            .bind(base)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let action = if submit {
        AuditAction::Submit
    } else {
        AuditAction::SaveDraft
    };
    audit(
        &mut *tx,
        Some(actor.id),
        action,
        Some(&format!("submission {id}")),
        ip,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Proposals waiting for a decision, oldest first.
pub async fn queue(pool: &Pool) -> Result<Vec<SubmissionSummary>, WorkflowError> {
    let rows: Vec<SubmissionRow> = sqlx::query_as(&format!(
        "{SUBMISSION_SELECT} WHERE s.status = $1 ORDER BY s.submitted_at, s.id LIMIT 500"
    ))
    .bind(SubmissionStatus::Pending.slug())
    .fetch_all(pool)
    .await?;
    Ok(rows
        .iter()
        .filter_map(summary_from)
        .map(|(s, _)| s)
        .collect())
}

/// One proposal with its field-by-field differences from the published version.
pub async fn review(
    pool: &Pool,
    id: i64,
    replay: Option<PostReplay>,
) -> Result<Option<Review>, WorkflowError> {
    let Some(row) = submission(pool, id).await? else {
        return Ok(None);
    };
    let Some((summary, proposed)) = summary_from(&row) else {
        return Ok(None);
    };
    let published = match &summary.activity_slug {
        Some(slug) => record::activity_input(pool, slug).await?,
        None => None,
    };
    let proposer: String = sqlx::query_scalar(
        "SELECT a.email FROM submissions s JOIN accounts a ON a.id = s.proposed_by WHERE s.id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    let conflict = match summary.status {
        SubmissionStatus::Pending => conflict(pool, &row, &proposed).await?.map(|(c, _)| c),
        _ => None,
    };
    let replay = replay.unwrap_or_default();
    Ok(Some(Review {
        conflict,
        changes: diff(published.as_ref(), &proposed),
        submission: summary,
        proposer,
        reason: replay.value("reason"),
        errors: replay.errors,
    }))
}

/// A moderator approves pending proposal `id`: the activity (and a proposed organisation)
/// is published, a revision recorded, in one transaction; then the activity is put into
/// `search` from the committed record, so search, map and pages show it at once. Returns
/// the activity's slug.
pub async fn approve(
    pool: &Pool,
    search: &SearchHandle,
    actor: Option<&Actor>,
    id: i64,
    ip: Option<&str>,
) -> Result<String, WorkflowError> {
    let actor = check(actor, DECIDERS)?;
    let row = submission(pool, id).await?.ok_or(WorkflowError::NotFound)?;
    if row.status() != Some(SubmissionStatus::Pending) {
        return Err(WorkflowError::Invalid(vec![FieldError::new(
            "reason",
            Problem::AlreadyDecided,
        )]));
    }
    let (_, input) = summary_from(&row).ok_or(WorkflowError::NotFound)?;
    // The rules again, against the record as it is now.
    let vocabulary = record::vocabulary(pool, Some(row.org_slug.clone())).await?;
    let mut valid = input
        .validate(&vocabulary)
        .map_err(WorkflowError::Invalid)?;
    let before = match &row.activity_slug {
        Some(slug) => record::activity_input(pool, slug).await?,
        None => None,
    };
    // The page as it is now, kept with its revision for its permanent address.
    let page_before = match &row.activity_slug {
        Some(slug) => db::activity_record(pool, slug).await?,
        None => None,
    };
    let changes: Vec<String> = diff(before.as_ref(), &input)
        .into_iter()
        .map(|c| c.key)
        .collect();

    let mut tx = pool.begin().await?;
    // Claiming the proposal takes the database's write lock (on PostgreSQL the record's
    // lock, for all servers), so the revision read next is the one this approval would
    // replace: no other approval can slip in between.
    dialect::lock_record(&mut tx).await?;
    decide(&mut tx, id, actor, SubmissionStatus::Approved, None).await?;
    if let (Some(activity), Some(base)) = (row.activity_id, row.base_revision) {
        let current = current_revision(&mut *tx, activity).await?;
        if base != current {
            tracing::info!(
                id,
                base,
                current,
                "approval refused: the activity changed since"
            );
            return Err(WorkflowError::Conflict);
        }
        // The version this approval replaces keeps its content, for "what changed since".
        if let Some(before) = &before {
            sqlx::query(
                "UPDATE revisions SET payload = $1 WHERE activity_id = $2 AND number = $3 AND payload IS NULL",
            )
            .bind(serde_json::to_string(before).map_err(|e| sqlx::Error::Protocol(e.to_string()))?)
            .bind(activity)
            .bind(current)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(page) = &page_before {
            trust::keep_snapshot(&mut tx, activity, current, page).await?;
        }
    }
    if let Some(new_org) = valid.new_organization.take() {
        let slug =
            record::unique_slug(&mut tx, "organizations", &slugify(&new_org.name.en)).await?;
        sqlx::query(
            "INSERT INTO organizations (slug, name_en, name_ja, kind, country, profile_en, profile_ja)
             VALUES ($1, $2, $3, $4, $5, '', '')",
        )
        .bind(&slug)
        .bind(&new_org.name.en)
        .bind(&new_org.name.ja)
        .bind(new_org.kind.slug())
        .bind(&new_org.country)
        .execute(&mut *tx)
        .await?;
        valid.participants.push((slug, new_org.role));
    }
    let org_ids = record::organization_ids(&mut tx).await?;
    let today: String = sqlx::query_scalar("SELECT strftime('%Y-%m-%d', 'now')")
        .fetch_one(&mut *tx)
        .await?;
    let slug = match &row.activity_slug {
        Some(slug) => slug.clone(),
        None => record::unique_slug(&mut tx, "activities", &slugify(&valid.title.en)).await?,
    };
    let activity_id =
        record::write_activity(&mut tx, row.activity_id, &slug, &valid, &org_ids, &today).await?;
    // The curator's notes stay only with values this approval left as they were.
    record::drop_outdated_notes(&mut tx, activity_id, &changes).await?;
    let number: i64 = sqlx::query_scalar(
        "SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE activity_id = $1",
    )
    .bind(activity_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO revisions (activity_id, number, submission_id, organization_id, approved_by, changes)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(activity_id)
    .bind(number)
    .bind(id)
    .bind(row.organization_id)
    .bind(actor.id)
    .bind(serde_json::to_string(&changes).unwrap_or_else(|_| "[]".into()))
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE submissions SET activity_id = $1 WHERE id = $2")
        .bind(activity_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit(
        &mut *tx,
        Some(actor.id),
        AuditAction::Approve,
        Some(&format!("submission {id} → {slug}")),
        ip,
    )
    .await?;
    dialect::announce(&mut tx, &search.announcement(activity_id)).await?;
    tx.commit().await?;
    // Published whatever happens next; a failed update leaves the previous index serving
    // until the next write or restart, which the log says.
    if let Err(error) = search.publish(pool, activity_id).await {
        tracing::error!(%error, slug, "search index update after approval failed");
    }
    Ok(slug)
}

/// Records `decision` on pending submission `id`, claiming it first: a second decision on
/// the same proposal (a double click, two moderators) finds it no longer pending, changes
/// nothing and is told so. `reason` is kept as it was when `None`.
async fn decide(
    tx: &mut Transaction<'_>,
    id: i64,
    actor: &Actor,
    decision: SubmissionStatus,
    reason: Option<&str>,
) -> Result<(), WorkflowError> {
    let claimed = sqlx::query(
        "UPDATE submissions SET status = $1, reason = coalesce($2, reason), decided_by = $3,
                decided_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
         WHERE id = $4 AND status = $5",
    )
    .bind(decision.slug())
    .bind(reason)
    .bind(actor.id)
    .bind(id)
    .bind(SubmissionStatus::Pending.slug())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Err(WorkflowError::Invalid(vec![FieldError::new(
            "reason",
            Problem::AlreadyDecided,
        )]));
    }
    Ok(())
}

/// A moderator returns pending proposal `id` with a reason the editor will see.
pub async fn reject(
    pool: &Pool,
    actor: Option<&Actor>,
    id: i64,
    reason: &str,
    ip: Option<&str>,
) -> Result<(), WorkflowError> {
    let actor = check(actor, DECIDERS)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(WorkflowError::Invalid(vec![FieldError::new(
            "reason",
            Problem::ReasonRequired,
        )]));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(WorkflowError::Invalid(vec![FieldError::new(
            "reason",
            Problem::TooLong,
        )]));
    }
    if submission(pool, id).await?.is_none() {
        return Err(WorkflowError::NotFound);
    }
    let mut tx = pool.begin().await?;
    decide(&mut tx, id, actor, SubmissionStatus::Rejected, Some(reason)).await?;
    audit(
        &mut *tx,
        Some(actor.id),
        AuditAction::Reject,
        Some(&format!("submission {id}")),
        ip,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The public history of a published activity.
pub async fn history(pool: &Pool, slug: &str) -> Result<Option<History>, sqlx::Error> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, title_en, title_ja FROM activities WHERE slug = $1")
            .bind(slug)
            .fetch_optional(pool)
            .await?;
    let Some((id, en, ja)) = row else {
        return Ok(None);
    };
    type RevisionRow = (
        i64,
        String,
        Option<String>,
        Option<String>,
        String,
        db::Flag,
    );
    // A version's page exists for the current revision (the record itself) and for every
    // replaced one whose page was kept (`trust::version`).
    let rows: Vec<RevisionRow> = sqlx::query_as(
        "SELECT r.number, r.published_at, o.name_en, o.name_ja, r.changes,
                r.snapshot IS NOT NULL
                  OR r.number = (SELECT max(number) FROM revisions WHERE activity_id = r.activity_id)
         FROM revisions r LEFT JOIN organizations o ON o.id = r.organization_id
         WHERE r.activity_id = $1 ORDER BY r.number DESC",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some(History {
        slug: slug.to_string(),
        title: Localized::new(en, ja),
        revisions: rows
            .into_iter()
            .map(
                |(number, published_at, en, ja, changes, kept)| RevisionView {
                    number,
                    published_at,
                    organization: en.zip(ja).map(|(en, ja)| Localized::new(en, ja)),
                    changes: serde_json::from_str(&changes).unwrap_or_default(),
                    kept: kept.into(),
                },
            )
            .collect(),
    }))
}
