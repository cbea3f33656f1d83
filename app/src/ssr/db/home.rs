//! The home page's reads: the latest activities and the counts at a glance, both from the
//! search engine (no scan of the record per request).

use super::cards;
use super::Pool;
use crate::model::{ActivityCard, SiteStats};
use crate::ssr::search::SearchIndex;

/// The most recently published activities.
pub async fn recent(
    pool: &Pool,
    index: &SearchIndex,
    limit: usize,
) -> Result<Vec<ActivityCard>, sqlx::Error> {
    cards(pool, &index.recently_published(limit)).await
}

/// Counts for the home page: activities, partner countries, institutions taking part.
pub fn stats(index: &SearchIndex) -> SiteStats {
    let (activities, countries, institutions) = index.totals();
    SiteStats {
        activities: activities as i64,
        countries: countries as i64,
        institutions: institutions as i64,
    }
}
