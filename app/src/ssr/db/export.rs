//! What an export holds for each activity: its card, plus its summary, every figure and
//! source, its DAC codes, its organisations' kinds, the date its status was true, when it
//! was first published and its last update, in a fixed number of queries for any number
//! of ids.

use super::cards::{cards, group, FigureRow, SourceRow};
use super::Pool;
use crate::model::{Figure, Localized, OrgKind, PartialDate, Source};
use crate::ssr::export::ExportRecord;
use sqlx::FromRow;
use std::collections::HashMap;

#[derive(FromRow)]
struct MetaRow {
    slug: String,
    id: i64,
    summary_en: String,
    summary_ja: String,
    last_updated: String,
    status_as_of: Option<String>,
}

#[derive(FromRow)]
struct ExportSourceRow {
    activity_id: i64,
    #[sqlx(flatten)]
    source: SourceRow,
}

/// The records of `ids`, in the order given.
pub async fn export_records(pool: &Pool, ids: &[i64]) -> Result<Vec<ExportRecord>, sqlx::Error> {
    let json = serde_json::to_string(ids).expect("ids serialise");
    let cards = cards(pool, ids).await?;
    // Cards carry slugs, not ids: each finds its id (and the rest) by slug.
    let meta: Vec<MetaRow> = sqlx::query_as(
        "SELECT slug, id, summary_en, summary_ja, last_updated, status_as_of
         FROM activities WHERE id IN (SELECT CAST(value AS BIGINT) FROM json_each($1))",
    )
    .bind(&json)
    .fetch_all(pool)
    .await?;
    let mut meta: HashMap<String, MetaRow> =
        meta.into_iter().map(|m| (m.slug.clone(), m)).collect();
    let figures: Vec<FigureRow> = sqlx::query_as(
        "SELECT activity_id, label_en, label_ja, value, value_max, qualifier, unit_en, unit_ja, period, source, people
         FROM figures WHERE activity_id IN (SELECT CAST(value AS BIGINT) FROM json_each($1))
         ORDER BY activity_id, position",
    )
    .bind(&json)
    .fetch_all(pool)
    .await?;
    let mut figures = group(figures, |f| f.activity_id);
    let sources: Vec<ExportSourceRow> = sqlx::query_as(
        "SELECT activity_id, url, publisher, title, published, document, curator_title
         FROM sources WHERE activity_id IN (SELECT CAST(value AS BIGINT) FROM json_each($1))
         ORDER BY activity_id, position",
    )
    .bind(&json)
    .fetch_all(pool)
    .await?;
    let mut sources = group(sources, |s| s.activity_id);
    let dac: HashMap<String, i64> = sqlx::query_as("SELECT slug, dac FROM fields")
        .fetch_all(pool)
        .await?
        .into_iter()
        .collect();
    let kinds: HashMap<String, String> = sqlx::query_as(
        "SELECT DISTINCT o.slug, o.kind FROM activity_participants p
         JOIN organizations o ON o.id = p.organization_id
         WHERE p.activity_id IN (SELECT CAST(value AS BIGINT) FROM json_each($1))",
    )
    .bind(&json)
    .fetch_all(pool)
    .await?
    .into_iter()
    .collect();
    let mut out = Vec::with_capacity(cards.len());
    for card in cards {
        let Some(m) = meta.remove(&card.slug) else {
            continue;
        };
        let last_updated =
            PartialDate::parse(&m.last_updated).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        let id = m.id;
        out.push(ExportRecord {
            summary: Localized::new(m.summary_en, m.summary_ja),
            org_kinds: card
                .organizations
                .iter()
                .map(|o| kinds.get(&o.slug).and_then(|k| OrgKind::from_slug(k)))
                .collect(),
            dac: card
                .fields
                .iter()
                .map(|f| dac.get(&f.slug).copied().unwrap_or_default())
                .collect(),
            card,
            figures: figures
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .map(Figure::from)
                .collect(),
            sources: sources
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .map(|s| Source::from(s.source))
                .collect(),
            status_as_of: m.status_as_of.and_then(|d| PartialDate::parse(&d).ok()),
            last_updated,
        });
    }
    Ok(out)
}
