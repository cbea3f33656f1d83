//! Server functions: what the pages ask the server for. Each is a thin shell around a query
//! in `ssr::db`; the browser calls them over HTTP, the server calls them directly.

use crate::error::AppError;
use crate::model::{ActivityCard, ActivityDetail, HomeData};
use leptos::prelude::*;

/// How many cards the home page lists.
pub const RECENT_ON_HOME: i64 = 6;

/// The longest query we search for; longer input is cut, not refused.
pub const MAX_QUERY_CHARS: usize = 200;

/// Activities matching every word of `q`, in English or Japanese; all when `q` is blank.
#[server(endpoint = "search_activities")]
pub async fn search_activities(q: String) -> Result<Vec<ActivityCard>, AppError> {
    let q: String = q.chars().take(MAX_QUERY_CHARS).collect();
    let pool = crate::ssr::pool()?;
    Ok(crate::ssr::db::search(&pool, &q).await?)
}

/// One activity, or `None` when there is no published activity with this slug.
#[server(endpoint = "get_activity")]
pub async fn get_activity(slug: String) -> Result<Option<ActivityDetail>, AppError> {
    if !crate::model::is_slug(&slug) {
        return Ok(None);
    }
    let pool = crate::ssr::pool()?;
    Ok(crate::ssr::db::activity(&pool, &slug).await?)
}

/// The home page's counts and most recent activities.
#[server(endpoint = "get_home")]
pub async fn get_home() -> Result<HomeData, AppError> {
    let pool = crate::ssr::pool()?;
    let stats = crate::ssr::db::stats(&pool).await?;
    let recent = crate::ssr::db::recent(&pool, RECENT_ON_HOME).await?;
    Ok(HomeData { stats, recent })
}
