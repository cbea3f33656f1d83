//! The one write path of the published record, and the reads the activity form needs.
//!
//! Rules: [`write_activity`] is called inside the caller's transaction (the seed load, a
//! moderator's approval) and reindexes the activity there, so the record and its search
//! entry change together or not at all.

use crate::forms::{
    ActivityInput, FigureInput, ParticipantInput, SourceInput, ValidActivity, Vocabulary,
};
use crate::model::{CountryRef, FieldRef, Localized, Qualifier};
use crate::partner::FormOptions;
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::collections::HashMap;

/// Writes `activity` as the published version of activity `id` (replacing what it held), or
/// as a new activity with `slug` when `id` is `None`. `org_ids` maps participant slugs to
/// ids. Returns the activity's id.
pub async fn write_activity(
    tx: &mut Transaction<'_, Sqlite>,
    id: Option<i64>,
    slug: &str,
    activity: &ValidActivity,
    org_ids: &HashMap<String, i64>,
    last_updated: &str,
) -> Result<i64, sqlx::Error> {
    let a = activity;
    let date = |d: Option<crate::model::PartialDate>| d.map(|d| d.to_string());
    let area = |f: fn(&Localized) -> &String| a.area_note.as_ref().map(|n| f(n).clone());
    let id = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE activities SET title_en = ?, title_ja = ?, summary_en = ?, summary_ja = ?,
                        kind = ?, status = ?, start_date = ?, end_date = ?, area_note_en = ?,
                        area_note_ja = ?, last_updated = ?
                 WHERE id = ?",
            )
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
            .bind(id)
            .execute(&mut **tx)
            .await?;
            for table in [
                "activity_fields",
                "activity_countries",
                "activity_participants",
                "figures",
                "sources",
            ] {
                sqlx::query(&format!("DELETE FROM {table} WHERE activity_id = ?"))
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
            }
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO activities (slug, title_en, title_ja, summary_en, summary_ja, kind, status,
                                         start_date, end_date, area_note_en, area_note_ja, last_updated)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
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
            .fetch_one(&mut **tx)
            .await?
        }
    };
    for (i, f) in a.fields.iter().enumerate() {
        sqlx::query("INSERT INTO activity_fields (activity_id, field, position) VALUES (?, ?, ?)")
            .bind(id)
            .bind(f)
            .bind(i as i64)
            .execute(&mut **tx)
            .await?;
    }
    for (i, c) in a.countries.iter().enumerate() {
        sqlx::query(
            "INSERT INTO activity_countries (activity_id, country, position) VALUES (?, ?, ?)",
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
            "INSERT INTO activity_participants (activity_id, organization_id, role, position) VALUES (?, ?, ?, ?)",
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
                                  unit_en, unit_ja, period, source)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(&f.label.en)
        .bind(&f.label.ja)
        .bind(f.value)
        .bind(f.value_max)
        .bind(f.qualifier.map(Qualifier::slug))
        .bind(&f.unit.en)
        .bind(&f.unit.ja)
        .bind(f.period.map(|p| p.to_string()))
        .bind(f.source)
        .execute(&mut **tx)
        .await?;
    }
    for (i, s) in a.sources.iter().enumerate() {
        sqlx::query(
            "INSERT INTO sources (activity_id, position, url, publisher, title, published, document)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(i as i64 + 1)
        .bind(&s.url)
        .bind(&s.publisher)
        .bind(&s.title)
        .bind(s.published.map(|d| d.to_string()))
        .bind(&s.document)
        .execute(&mut **tx)
        .await?;
    }
    super::db::reindex_activity(tx, id).await?;
    Ok(id)
}

/// Organisation ids by slug.
pub async fn organization_ids(
    tx: &mut Transaction<'_, Sqlite>,
) -> Result<HashMap<String, i64>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT slug, id FROM organizations")
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows.into_iter().collect())
}

/// `base`, or `base-2`, `base-3`… : the first not yet used in `table`.
pub async fn unique_slug(
    tx: &mut Transaction<'_, Sqlite>,
    table: &str,
    base: &str,
) -> Result<String, sqlx::Error> {
    let mut candidate = base.to_string();
    for n in 2.. {
        let taken: i64 =
            sqlx::query_scalar(&format!("SELECT count(*) FROM {table} WHERE slug = ?"))
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

/// A number as a form shows it: `12`, not `12.0`.
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

/// The published activity `slug` as the form shows it, with its id; `None` if unpublished.
pub async fn activity_input(
    pool: &SqlitePool,
    slug: &str,
) -> Result<Option<(i64, ActivityInput)>, sqlx::Error> {
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, title_en, title_ja, summary_en, summary_ja, kind, status, start_date, end_date,
                area_note_en, area_note_ja
         FROM activities WHERE slug = ?",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    let Some((
        id,
        title_en,
        title_ja,
        summary_en,
        summary_ja,
        kind,
        status,
        start,
        end,
        an_en,
        an_ja,
    )) = row
    else {
        return Ok(None);
    };
    let fields: Vec<String> = sqlx::query_scalar(
        "SELECT field FROM activity_fields WHERE activity_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let countries: Vec<String> = sqlx::query_scalar(
        "SELECT country FROM activity_countries WHERE activity_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let participants: Vec<(String, String)> = sqlx::query_as(
        "SELECT o.slug, p.role FROM activity_participants p JOIN organizations o ON o.id = p.organization_id
         WHERE p.activity_id = ? ORDER BY p.position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    type FigureRow = (
        String,
        String,
        f64,
        Option<f64>,
        Option<String>,
        String,
        String,
        Option<String>,
        Option<i64>,
    );
    let figures: Vec<FigureRow> = sqlx::query_as(
        "SELECT label_en, label_ja, value, value_max, qualifier, unit_en, unit_ja, period, source
         FROM figures WHERE activity_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    type SourceRow = (String, Option<String>, Option<String>, Option<String>);
    let sources: Vec<SourceRow> = sqlx::query_as(
        "SELECT title, url, publisher, published FROM sources WHERE activity_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some((
        id,
        ActivityInput {
            title_en,
            title_ja,
            summary_en,
            summary_ja,
            kind,
            status,
            start: start.unwrap_or_default(),
            end: end.unwrap_or_default(),
            area_note_en: an_en.unwrap_or_default(),
            area_note_ja: an_ja.unwrap_or_default(),
            fields,
            countries,
            participants: participants
                .into_iter()
                .map(|(org, role)| ParticipantInput { org, role })
                .collect(),
            new_org: Default::default(),
            figures: figures
                .into_iter()
                .map(|(le, lj, v, vm, q, ue, uj, period, source)| FigureInput {
                    label_en: le,
                    label_ja: lj,
                    qualifier: q.unwrap_or_default(),
                    value: number_text(v),
                    value_max: vm.map(number_text).unwrap_or_default(),
                    unit_en: ue,
                    unit_ja: uj,
                    period: period.unwrap_or_default(),
                    source: source.map(|s| s.to_string()).unwrap_or_default(),
                })
                .collect(),
            sources: sources
                .into_iter()
                .map(|(title, url, publisher, published)| SourceInput {
                    title,
                    url: url.unwrap_or_default(),
                    publisher: publisher.unwrap_or_default(),
                    published: published.unwrap_or_default(),
                })
                .collect(),
        },
    )))
}

/// What the form offers: fields, countries and organisations, by English name.
pub async fn form_options(pool: &SqlitePool) -> Result<FormOptions, sqlx::Error> {
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
    })
}

/// The vocabulary the rules check against, as the database holds it now.
pub async fn vocabulary(
    pool: &SqlitePool,
    own_organization: Option<String>,
) -> Result<Vocabulary, sqlx::Error> {
    Ok(form_options(pool).await?.vocabulary(own_organization))
}
