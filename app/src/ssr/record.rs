//! The one write path of the published record, and the reads the activity form needs.
//!
//! Rules: [`write_activity`] is called inside the caller's transaction (the seed load, a
//! moderator's approval), so an activity and everything hanging off it change together or
//! not at all. It sits below the account side: `ssr::account` calls it, and it imports only
//! the record's types (and `account::FormOptions`), never `ssr::account` nor the pages'
//! server functions (`account::api`). The search index is built from these tables; whoever commits a write swaps
//! in a fresh one (`account::workflow::approve` does).

use crate::account::FormOptions;
use crate::forms::{ActivityInput, ValidActivity, Vocabulary};
use crate::model::provenance::{NoteSubject, RecordNote};
use crate::model::{CountryRef, FieldRef, Headcount, Localized, PartialDate, Qualifier};
use crate::ssr::db::{dialect, Pool, Transaction};
use std::collections::HashMap;

/// Writes `activity` as the published version of activity `id` (replacing what it held), or
/// as a new activity with `slug` when `id` is `None`. `org_ids` maps participant slugs to
/// ids. Returns the activity's id.
pub async fn write_activity(
    tx: &mut Transaction<'_>,
    id: Option<i64>,
    slug: &str,
    activity: &ValidActivity,
    org_ids: &HashMap<String, i64>,
    last_updated: &str,
) -> Result<i64, sqlx::Error> {
    let a = activity;
    let date = |d: Option<PartialDate>| d.map(|d| d.to_string());
    let area = |f: fn(&Localized) -> &String| a.area_note.as_ref().map(|n| f(n).clone());
    // One statement for both: a new row when `id` is NULL, else the row replaced in place
    // (its `published_at` kept).
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO activities (id, slug, title_en, title_ja, summary_en, summary_ja, kind, status,
                                 start_date, end_date, area_note_en, area_note_ja, last_updated,
                                 status_as_of)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (id) DO UPDATE SET
             title_en = excluded.title_en, title_ja = excluded.title_ja,
             summary_en = excluded.summary_en, summary_ja = excluded.summary_ja,
             kind = excluded.kind, status = excluded.status, status_as_of = excluded.status_as_of,
             start_date = excluded.start_date, end_date = excluded.end_date,
             area_note_en = excluded.area_note_en, area_note_ja = excluded.area_note_ja,
             last_updated = excluded.last_updated
         RETURNING id",
    )
    .bind(id)
    .bind(slug)
    .bind(&a.title.en)
    .bind(&a.title.ja)
    .bind(&a.summary.en)
    .bind(&a.summary.ja)
    .bind(a.kind.slug())
    .bind(a.status.slug())
    .bind(date(a.start))
    .bind(date(a.end))
    .bind(area(|n| &n.en))
    .bind(area(|n| &n.ja))
    .bind(last_updated)
    .bind(date(a.status_as_of))
    .fetch_one(&mut **tx)
    .await?;
    // A source title the curator wrote stays marked as the curator's while it is unchanged.
    let curator_titles: Vec<(Option<String>, String)> = sqlx::query_as(
        "SELECT url, title FROM sources WHERE activity_id = $1 AND curator_title = 1",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    for table in [
        "activity_fields",
        "activity_countries",
        "activity_participants",
        "figures",
        "sources",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE activity_id = $1"))
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    for (i, f) in a.fields.iter().enumerate() {
        sqlx::query(
            "INSERT INTO activity_fields (activity_id, field, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(f)
        .bind(i as i64)
        .execute(&mut **tx)
        .await?;
    }
    for (i, c) in a.countries.iter().enumerate() {
        sqlx::query(
            "INSERT INTO activity_countries (activity_id, country, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(c)
        .bind(i as i64)
        .execute(&mut **tx)
        .await?;
    }
    for (i, (org, role)) in a.participants.iter().enumerate() {
        let Some(org_id) = org_ids.get(org) else {
            return Err(sqlx::Error::RowNotFound);
        };
        sqlx::query(
            "INSERT INTO activity_participants (activity_id, organization_id, role, position) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(org_id)
        .bind(role.slug())
        .bind(i as i64)
        .execute(&mut **tx)
        .await?;
    }
    for (i, f) in a.figures.iter().enumerate() {
        sqlx::query(
            "INSERT INTO figures (activity_id, position, label_en, label_ja, value, value_max, qualifier,
                                  unit_en, unit_ja, period, source, people)
             VALUES ($1, $2, $3, $4, $5, CAST($6 AS DOUBLE PRECISION), $7, $8, $9, $10, $11, $12)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(&f.label.en)
        .bind(&f.label.ja)
        .bind(f.value)
        .bind(dialect::optional_real(f.value_max))
        .bind(f.qualifier.map(Qualifier::slug))
        .bind(&f.unit.en)
        .bind(&f.unit.ja)
        .bind(f.period.map(|p| p.to_string()))
        .bind(f.source.map(i64::from))
        .bind(f.people.map(Headcount::slug))
        .execute(&mut **tx)
        .await?;
    }
    for (i, s) in a.sources.iter().enumerate() {
        sqlx::query(
            "INSERT INTO sources (activity_id, position, url, publisher, title, published, document,
                                  curator_title)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(i as i64 + 1)
        .bind(&s.url)
        .bind(&s.publisher)
        .bind(&s.title)
        .bind(s.published.map(|d| d.to_string()))
        .bind(&s.document)
        .bind(i64::from(
            s.curator_title || curator_titles.contains(&(s.url.clone(), s.title.clone())),
        ))
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// What a set of notes belongs to.
#[derive(Clone, Copy, Debug)]
pub enum NotesOf {
    Activity(i64),
    Organization(i64),
}

/// Replaces the notes of an activity or an organisation with `notes`.
pub async fn write_notes(
    tx: &mut Transaction<'_>,
    owner: NotesOf,
    notes: &[RecordNote],
) -> Result<(), sqlx::Error> {
    let (activity, organization) = match owner {
        NotesOf::Activity(id) => (Some(id), None),
        NotesOf::Organization(id) => (None, Some(id)),
    };
    sqlx::query(
        "DELETE FROM record_notes
         WHERE activity_id IS NOT DISTINCT FROM $1 AND organization_id IS NOT DISTINCT FROM $2",
    )
    .bind(activity)
    .bind(organization)
    .execute(&mut **tx)
    .await?;
    for (i, n) in notes.iter().enumerate() {
        let stated = n.stated.as_ref();
        let curator = n.curator.as_ref();
        sqlx::query(
            "INSERT INTO record_notes (activity_id, organization_id, position, about, stated,
                                       stated_source, stated_url, stated_document,
                                       note_en, note_ja, basis_en, basis_ja)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(activity)
        .bind(organization)
        .bind(i as i64)
        .bind(n.about.slug())
        .bind(stated.map(|s| &s.text))
        .bind(stated.and_then(|s| s.source).map(i64::from))
        .bind(stated.and_then(|s| s.url.as_ref()))
        .bind(stated.and_then(|s| s.document.as_ref()))
        .bind(curator.map(|c| &c.text.en))
        .bind(curator.map(|c| &c.text.ja))
        .bind(curator.map(|c| &c.basis.en))
        .bind(curator.map(|c| &c.basis.ja))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// After an approval that changed `changed` (slugs of `forms::RecordPart`), drops the
/// activity's notes on values that changed: a note stays only with the value it was
/// written about.
pub async fn drop_outdated_notes(
    tx: &mut Transaction<'_>,
    activity_id: i64,
    changed: &[String],
) -> Result<u64, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT position, about FROM record_notes WHERE activity_id = $1")
            .bind(activity_id)
            .fetch_all(&mut **tx)
            .await?;
    let mut dropped = 0;
    for (position, about) in rows {
        let holds =
            NoteSubject::parse_for_activity(&about).is_ok_and(|s| s.survives_change(changed));
        if !holds {
            dropped +=
                sqlx::query("DELETE FROM record_notes WHERE activity_id = $1 AND position = $2")
                    .bind(activity_id)
                    .bind(position)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected();
        }
    }
    Ok(dropped)
}

/// Organisation ids by slug.
pub async fn organization_ids(
    tx: &mut Transaction<'_>,
) -> Result<HashMap<String, i64>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT slug, id FROM organizations")
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows.into_iter().collect())
}

/// `base`, or `base-2`, `base-3`… : the first not yet used in `table`.
pub async fn unique_slug(
    tx: &mut Transaction<'_>,
    table: &str,
    base: &str,
) -> Result<String, sqlx::Error> {
    let mut candidate = base.to_string();
    for n in 2.. {
        let taken: i64 =
            sqlx::query_scalar(&format!("SELECT count(*) FROM {table} WHERE slug = $1"))
                .bind(&candidate)
                .fetch_one(&mut **tx)
                .await?;
        if taken == 0 {
            break;
        }
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

/// The published activity `slug` as the form shows it; `None` if there is none.
pub async fn activity_input(pool: &Pool, slug: &str) -> Result<Option<ActivityInput>, sqlx::Error> {
    Ok(super::db::activity_record(pool, slug)
        .await?
        .map(|detail| ActivityInput::from_detail(&detail)))
}

/// What the form offers: fields, countries and organisations, by English name.
pub async fn form_options(pool: &Pool) -> Result<FormOptions, sqlx::Error> {
    let fields: Vec<FieldRef> = super::db::fields(pool).await?;
    let countries: Vec<(String, String, String)> =
        sqlx::query_as("SELECT code, name_en, name_ja FROM countries ORDER BY name_en")
            .fetch_all(pool)
            .await?;
    let orgs: Vec<(String, String, String)> =
        sqlx::query_as("SELECT slug, name_en, name_ja FROM organizations ORDER BY name_en")
            .fetch_all(pool)
            .await?;
    Ok(FormOptions {
        fields,
        countries: countries
            .into_iter()
            .map(|(code, en, ja)| CountryRef {
                code,
                name: Localized::new(en, ja),
            })
            .collect(),
        organizations: orgs
            .into_iter()
            .map(|(slug, en, ja)| (slug, Localized::new(en, ja)))
            .collect(),
        today: today(pool).await?,
    })
}

/// Today's date as the database's clock has it (UTC): the day a status is stated on.
pub async fn today(pool: &Pool) -> Result<PartialDate, sqlx::Error> {
    let text: String = sqlx::query_scalar("SELECT strftime('%Y-%m-%d', 'now')")
        .fetch_one(pool)
        .await?;
    PartialDate::parse(&text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// The vocabulary the rules check against, as the database holds it now.
pub async fn vocabulary(
    pool: &Pool,
    own_organization: Option<String>,
) -> Result<Vocabulary, sqlx::Error> {
    Ok(form_options(pool).await?.vocabulary(own_organization))
}
