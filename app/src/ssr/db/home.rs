//! The home page's reads: the latest activities and the counts at a glance.

use super::cards;
use crate::model::{ActivityCard, SiteStats};
use sqlx::SqlitePool;

/// The most recently published activities.
pub async fn recent(pool: &SqlitePool, limit: i64) -> Result<Vec<ActivityCard>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM activities ORDER BY published_at DESC, coalesce(start_date, '') DESC, id LIMIT ?",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    cards(pool, &ids).await
}

/// Counts for the home page: activities, partner countries, institutions.
pub async fn stats(pool: &SqlitePool) -> Result<SiteStats, sqlx::Error> {
    let (activities, countries, institutions): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM activities),
                (SELECT count(DISTINCT country) FROM activity_countries),
                (SELECT count(DISTINCT organization_id) FROM activity_participants)",
    )
    .fetch_one(pool)
    .await?;
    Ok(SiteStats {
        activities,
        countries,
        institutions,
    })
}
