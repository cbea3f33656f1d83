//! One activity's page: the whole record, its sources and the related activities.

use super::cards::{cards, FigureRow, SourceRow};
use super::notes::{notes, Owner};
use super::Pool;
use crate::model::provenance::status_overtaken;
use crate::model::{ActivityDetail, Figure, Localized, PartialDate, Source};
use crate::ssr::search::SearchIndex;

/// How many related activities an activity's page lists.
const RELATED: usize = 4;

/// Everything about one activity, or `None` when no published activity has that slug.
/// Its related activities are the search engine's (see [`SearchIndex::related`]).
pub async fn activity(
    pool: &Pool,
    index: &SearchIndex,
    slug: &str,
) -> Result<Option<ActivityDetail>, sqlx::Error> {
    let Some((id, mut detail)) = activity_with_id(pool, slug).await? else {
        return Ok(None);
    };
    detail.related = cards(pool, &index.related(id, RELATED)).await?;
    detail.trust = crate::ssr::trust::trust(pool, id, None).await?;
    Ok(Some(detail))
}

/// The published activity itself, without the related activities a page adds (what the
/// activity form and the moderation diff start from).
pub async fn activity_record(
    pool: &Pool,
    slug: &str,
) -> Result<Option<ActivityDetail>, sqlx::Error> {
    Ok(activity_with_id(pool, slug)
        .await?
        .map(|(_, detail)| detail))
}

/// The id of the published activity with this slug (what the export and API readers take).
pub async fn activity_id(pool: &Pool, slug: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM activities WHERE slug = $1")
        .bind(slug)
        .fetch_optional(pool)
        .await
}

async fn activity_with_id(
    pool: &Pool,
    slug: &str,
) -> Result<Option<(i64, ActivityDetail)>, sqlx::Error> {
    let found: Option<(i64, String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT id, summary_en, summary_ja, last_updated, status_as_of, strftime('%Y-%m-%d', 'now')
         FROM activities WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    let Some((id, summary_en, summary_ja, last_updated, status_as_of, today)) = found else {
        return Ok(None);
    };
    let date = |d: Option<&str>| d.and_then(|d| PartialDate::parse(d).ok());
    let Some(card) = cards(pool, &[id]).await?.pop() else {
        return Ok(None);
    };
    let overtaken =
        date(Some(&today)).is_some_and(|today| status_overtaken(card.status, card.end, today));
    let figures: Vec<FigureRow> = sqlx::query_as(
        "SELECT activity_id, label_en, label_ja, value, value_max, qualifier, unit_en, unit_ja, period, source, people
         FROM figures WHERE activity_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let sources: Vec<SourceRow> = sqlx::query_as(
        "SELECT url, publisher, title, published, document, curator_title
         FROM sources WHERE activity_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some((
        id,
        ActivityDetail {
            card,
            summary: Localized::new(summary_en, summary_ja),
            figures: figures.into_iter().map(Figure::from).collect(),
            sources: sources.into_iter().map(Source::from).collect(),
            status_as_of: date(status_as_of.as_deref()),
            status_overtaken: overtaken,
            notes: notes(pool, Owner::Activity(id)).await?,
            last_updated,
            related: Vec::new(),
            trust: Default::default(),
        },
    )))
}
