//! Confirmations, versions and reminders: the record's trust, read and written.
//!
//! Rules: only an editor of an organisation named in an activity confirms it, and only the
//! revision published now (a confirmation of a page that has changed since is refused as a
//! conflict: the editor is asked to look again). A confirmation changes the search index's
//! confirmation facet, so [`confirm`] updates the index itself. A record is stale when
//! nobody has confirmed or changed it for [`STALE_AFTER_MONTHS`]; [`remind`] queues one
//! reminder per record and stale period, however often it runs.

use super::account::auth::{audit, check, AuditAction};
use super::account::error::WorkflowError;
use super::search::SearchHandle;
use crate::account::{AccountRole, Actor};
use crate::model::trust::{state_of, Confirmed, Trust, STALE_AFTER_MONTHS};
use crate::model::{ActivityDetail, Localized};
use crate::ssr::db::{dialect, Pool};

/// An SQL expression for the confirmation state (a [`Confirmation`](crate::model::Confirmation) slug) of the activity
/// whose id is the column `activity`: who confirmed its latest revision.
pub fn confirmation_sql(activity: &str) -> String {
    format!(
        "(SELECT CASE WHEN count(*) = 0 THEN 'not-confirmed'
                      WHEN count(CASE WHEN o.country = 'JP' THEN 1 END) > 0
                       AND count(CASE WHEN o.country <> 'JP' THEN 1 END) > 0 THEN 'both-sides'
                      ELSE 'one-side' END
          FROM confirmations c JOIN organizations o ON o.id = c.organization_id
          WHERE c.activity_id = {activity}
            AND c.revision = (SELECT max(r.number) FROM revisions r WHERE r.activity_id = {activity}))"
    )
}

/// The number of activity `id`'s published revision (0 when it has none recorded).
pub async fn current_revision<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT coalesce(max(number), 0) FROM revisions WHERE activity_id = $1")
        .bind(id)
        .fetch_one(executor)
        .await
}

/// Who stands behind revision `revision` of activity `id` (the published one when `None`).
pub async fn trust(pool: &Pool, id: i64, revision: Option<i64>) -> Result<Trust, sqlx::Error> {
    let current = current_revision(pool, id).await?;
    let revision = revision.unwrap_or(current);
    let published: Option<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT r.published_at, o.name_en, o.name_ja
         FROM revisions r LEFT JOIN organizations o ON o.id = r.organization_id
         WHERE r.activity_id = $1 AND r.number = $2",
    )
    .bind(id)
    .bind(revision)
    .fetch_optional(pool)
    .await?;
    let (published_at, reported_by) = match published {
        Some((at, en, ja)) => (at, en.zip(ja).map(|(en, ja)| Localized::new(en, ja))),
        None => (String::new(), None),
    };
    type Row = (String, String, String, String, i64, String);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT o.slug, o.name_en, o.name_ja, o.country, c.revision, substr(c.confirmed_at, 1, 10)
         FROM confirmations c JOIN organizations o ON o.id = c.organization_id
         WHERE c.activity_id = $1 ORDER BY c.revision DESC, c.confirmed_at DESC, c.id DESC",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let all: Vec<Confirmed> = rows
        .into_iter()
        .map(|(slug, en, ja, country, revision, at)| Confirmed {
            slug,
            name: Localized::new(en, ja),
            japanese: country == "JP",
            revision,
            at,
        })
        .collect();
    let last_confirmed = all.iter().map(|c| c.at.clone()).max();
    let confirmed: Vec<Confirmed> = all
        .iter()
        .filter(|c| c.revision == revision)
        .cloned()
        .collect();
    let mut earlier: Vec<Confirmed> = Vec::new();
    for c in all.iter().filter(|c| c.revision < revision) {
        let known = confirmed.iter().chain(&earlier).any(|k| k.slug == c.slug);
        if !known {
            earlier.push(c.clone());
        }
    }
    let today: String = sqlx::query_scalar("SELECT strftime('%Y-%m-%d', 'now')")
        .fetch_one(pool)
        .await?;
    Ok(Trust {
        revision,
        current,
        published_at: published_at.get(..10).unwrap_or_default().to_string(),
        reported_by,
        state: state_of(&confirmed),
        confirmed,
        earlier,
        last_confirmed,
        today,
    })
}

/// An editor confirms revision `revision` of activity `slug` for their organisation: the
/// one their page showed, which must still be the one published (else `Conflict`, and
/// nothing is stored). Confirming twice changes nothing. Returns the activity's id.
pub async fn confirm(
    pool: &Pool,
    search: &SearchHandle,
    actor: Option<&Actor>,
    slug: &str,
    revision: i64,
    ip: Option<&str>,
) -> Result<i64, WorkflowError> {
    let actor = check(actor, &[AccountRole::Editor])?;
    let org = actor
        .organization
        .as_ref()
        .ok_or(WorkflowError::Forbidden)?;
    let id: i64 = sqlx::query_scalar("SELECT id FROM activities WHERE slug = $1")
        .bind(slug)
        .fetch_optional(pool)
        .await?
        .ok_or(WorkflowError::NotFound)?;
    let named: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM activity_participants WHERE activity_id = $1 AND organization_id = $2",
    )
    .bind(id)
    .bind(org.id)
    .fetch_one(pool)
    .await?;
    if named == 0 {
        return Err(WorkflowError::Forbidden);
    }
    let mut tx = pool.begin().await?;
    dialect::lock_record(&mut tx).await?;
    // One statement records the confirmation of the revision published now (and takes the
    // write lock); if that is not the one the editor saw, nothing is kept.
    sqlx::query(
        "INSERT INTO confirmations (activity_id, revision, organization_id, account_id)
         SELECT $1, max(number), $2, $3 FROM revisions WHERE activity_id = $4 HAVING count(*) > 0
         ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(org.id)
    .bind(actor.id)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let current = current_revision(&mut *tx, id).await?;
    if revision != current || current == 0 {
        return Err(WorkflowError::Conflict);
    }
    audit(
        &mut *tx,
        Some(actor.id),
        AuditAction::Confirm,
        Some(&format!("{slug} v{current}")),
        ip,
    )
    .await?;
    dialect::announce(&mut tx, &search.announcement(id)).await?;
    tx.commit().await?;
    if let Err(error) = search.publish(pool, id).await {
        tracing::error!(%error, slug, "search index update after a confirmation failed");
    }
    Ok(id)
}

/// The SQL for the day activity `a.id` became (or becomes) stale: 12 months after its
/// latest confirmation or revision, whichever is later (`CASE`, not SQLite's two-argument
/// `max`, which PostgreSQL lacks).
fn due_sql() -> String {
    let confirmed = "coalesce((SELECT max(c.confirmed_at) FROM confirmations c WHERE c.activity_id = a.id), '')";
    let published = "coalesce((SELECT max(r.published_at) FROM revisions r WHERE r.activity_id = a.id), a.published_at)";
    format!(
        "strftime('%Y-%m-%d',
                  CASE WHEN {confirmed} > {published} THEN {confirmed} ELSE {published} END,
                  '+{STALE_AFTER_MONTHS} months')"
    )
}

/// Activities nobody has confirmed or changed for 12 months, with the day each became
/// stale: all of them, or those organisation `org` takes part in. Oldest first.
pub async fn stale(pool: &Pool, org: Option<i64>) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let mine = match org {
        Some(_) => {
            "AND a.id IN (SELECT activity_id FROM activity_participants WHERE organization_id = $1)"
        }
        None => "",
    };
    let sql = format!(
        "SELECT id, due FROM (SELECT a.id, {} AS due FROM activities a WHERE true {mine}) AS s
         WHERE due <= strftime('%Y-%m-%d', 'now') ORDER BY due, id",
        due_sql()
    );
    let mut query = sqlx::query_as(&sql);
    if let Some(org) = org {
        query = query.bind(org);
    }
    query.fetch_all(pool).await
}

/// What one run of [`remind`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reminded {
    /// Stale records found.
    pub stale: usize,
    /// Records reminded about in this run (the others were reminded before).
    pub reminded: usize,
    /// Messages put in the outbox.
    pub messages: usize,
}

/// Queues a reminder to the editors of every organisation named in each stale record,
/// once per record and stale period (a record confirmed or changed since becomes stale
/// again a year later, and is reminded about again then).
///
/// Several servers may run this at once: each record's reminder row, inserted first in the
/// transaction that queues its messages, is the claim. A second insert of that row waits
/// for the first transaction (PostgreSQL's unique index; SQLite's one writer) and, once it
/// commits, inserts nothing, so the second server passes over that record.
pub async fn remind(pool: &Pool, public_url: &str) -> Result<Reminded, sqlx::Error> {
    let stale = stale(pool, None).await?;
    let mut done = Reminded {
        stale: stale.len(),
        ..Reminded::default()
    };
    for (id, due) in stale {
        let mut tx = pool.begin().await?;
        let claimed = sqlx::query(
            "INSERT INTO reminders (activity_id, due_since, recipients) VALUES ($1, $2, 0)
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(&due)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 0 {
            continue;
        }
        let (slug, en, ja): (String, String, String) =
            sqlx::query_as("SELECT slug, title_en, title_ja FROM activities WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let editors: Vec<String> = sqlx::query_scalar(
            "SELECT a.email FROM accounts a
             JOIN activity_participants p ON p.organization_id = a.organization_id
             WHERE p.activity_id = $1 AND a.role = 'editor' AND a.disabled = 0
             ORDER BY a.email",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let page = |locale: crate::i18n::Locale| {
            format!(
                "{public_url}{}",
                locale.href(&crate::paths::activity(&slug))
            )
        };
        let dashboard = |locale: crate::i18n::Locale| {
            format!("{public_url}{}", locale.href(crate::paths::PARTNER))
        };
        use crate::i18n::Locale::{En, Ja};
        for email in &editors {
            sqlx::query("INSERT INTO outbox (recipient, subject, body) VALUES ($1, $2, $3)")
                .bind(email)
                .bind(format!("Please confirm or update: {en} / 確認または更新のお願い：{ja}"))
                .bind(format!(
                    "Nobody has confirmed or changed this Kakehashi record for {STALE_AFTER_MONTHS} months: {en}\n\
                     {}\nIf it is still accurate, confirm it from your dashboard ({}); if not, propose a correction there.\n\n\
                     この架け橋の記録は{STALE_AFTER_MONTHS}か月間、確認も更新もされていません：{ja}\n\
                     {}\n内容が正しければダッシュボード（{}）から確認してください。変更があれば修正を提案してください。\n",
                    page(En),
                    dashboard(En),
                    page(Ja),
                    dashboard(Ja),
                ))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "UPDATE reminders SET recipients = $1 WHERE activity_id = $2 AND due_since = $3",
        )
        .bind(editors.len() as i64)
        .bind(id)
        .bind(&due)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut *tx,
            None,
            AuditAction::QueueReminder,
            Some(&format!("{slug} stale since {due}")),
            None,
        )
        .await?;
        tx.commit().await?;
        done.reminded += 1;
        done.messages += editors.len();
    }
    Ok(done)
}

/// Revision `number` of activity `slug` as it was published: the record itself when it is
/// the current one, else what was kept when a later revision replaced it. `None` when there
/// is no such revision, or its content was not kept (a revision replaced before Kakehashi
/// kept versions).
pub async fn version(
    pool: &Pool,
    slug: &str,
    number: i64,
) -> Result<Option<ActivityDetail>, sqlx::Error> {
    let Some(id) = super::db::activity_id(pool, slug).await? else {
        return Ok(None);
    };
    let current = current_revision(pool, id).await?;
    let mut detail = if number == current {
        let Some(detail) = super::db::activity_record(pool, slug).await? else {
            return Ok(None);
        };
        detail
    } else {
        let kept: Option<Option<String>> = sqlx::query_scalar(
            "SELECT snapshot FROM revisions WHERE activity_id = $1 AND number = $2",
        )
        .bind(id)
        .bind(number)
        .fetch_optional(pool)
        .await?;
        match kept
            .flatten()
            .and_then(|json| serde_json::from_str(&json).ok())
        {
            Some(detail) => detail,
            None => return Ok(None),
        }
    };
    detail.related = Vec::new();
    detail.trust = trust(pool, id, Some(number)).await?;
    Ok(Some(detail))
}

/// Keeps the page of activity `id`'s current revision before an approval replaces it.
pub async fn keep_snapshot(
    tx: &mut crate::ssr::db::Transaction<'_>,
    id: i64,
    revision: i64,
    detail: &ActivityDetail,
) -> Result<(), sqlx::Error> {
    let mut kept = detail.clone();
    kept.related = Vec::new();
    kept.trust = Trust::default();
    sqlx::query(
        "UPDATE revisions SET snapshot = $1 WHERE activity_id = $2 AND number = $3 AND snapshot IS NULL",
    )
    .bind(serde_json::to_string(&kept).map_err(|e| sqlx::Error::Protocol(e.to_string()))?)
    .bind(id)
    .bind(revision)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Live figures for the about page: published records, cited sources, and how many
/// records both sides have confirmed (the record and the confirmations from the search
/// index, which every publication and confirmation updates; the sources from the database).
pub async fn record_counts(
    pool: &Pool,
    index: &super::search::SearchIndex,
) -> Result<(i64, i64, i64), sqlx::Error> {
    let sources: i64 = sqlx::query_scalar("SELECT count(*) FROM sources")
        .fetch_one(pool)
        .await?;
    let records = index.totals().0 as i64;
    let both = i64::from(index.confirmed(crate::model::Confirmation::BothSides));
    Ok((records, sources, both))
}
