//! `GET /api/v1/activities` (a search: the search page's filters, paged, with facet
//! counts) and `GET /api/v1/activities/{slug}`.
//!
//! Rules: the search engine that answers the search page picks and orders the activities,
//! so the API's `total` is the page's; each item is written by `app::ssr::export::json_item`,
//! as in `/activities.json`. A page past the last is empty, not an error.

use super::error::{ApiError, ErrorBody};
use super::params::{ActivityQuery, Params};
use super::schema::{ActivityItem, ActivityPage};
use app::model::is_slug;
use app::ssr::export::json_item;
use app::ssr::{db, search, AppState};
use axum::extract::{Path, RawQuery, State};
use axum::Json;

/// Search the activities.
///
/// The same search as the site's activities page, in the same order, with the same facet
/// counts; paged.
#[utoipa::path(
    get,
    path = "/activities",
    tag = "activities",
    params(ActivityQuery),
    responses(
        (status = 200, description = "One page of matching activities, with facet counts.", body = ActivityPage),
        (status = 400, description = "A parameter is unknown, malformed or names nothing in the record.", body = ErrorBody),
    ),
)]
pub async fn search_activities(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<ActivityPage>, ApiError> {
    let index = state.search.current();
    let query = ActivityQuery::parse(query.as_deref(), index.names())?;
    let (page, per_page) = (query.page(), query.per_page());
    let (ids, facets) = tokio::task::spawn_blocking(move || {
        let filters = query.filters();
        let answer = index.search(query.words(), &filters, query.sort.unwrap_or_default());
        let facets = search::label_facets(answer.counts, &filters, index.names());
        (answer.ids, facets)
    })
    .await
    .map_err(|error| ApiError::internal("the search task", &error))?;
    let start = usize::try_from(u64::from(page - 1) * u64::from(per_page)).unwrap_or(usize::MAX);
    let slice: Vec<i64> = ids
        .iter()
        .skip(start)
        .take(per_page as usize)
        .copied()
        .collect();
    let records = db::export_records(&state.pool, &slice).await?;
    let total = u32::try_from(ids.len()).unwrap_or(u32::MAX);
    Ok(Json(ActivityPage {
        total,
        page,
        per_page,
        pages: total.div_ceil(per_page).max(1),
        items: records
            .iter()
            .map(|r| json_item(r, &state.public_url.0))
            .collect(),
        facets: facets.into(),
    }))
}

/// One activity.
#[utoipa::path(
    get,
    path = "/activities/{slug}",
    tag = "activities",
    params(("slug" = String, Path, description = "The activity's slug, as `items[].slug` gives it.")),
    responses(
        (status = 200, description = "The activity.", body = ActivityItem),
        (status = 404, description = "No published activity has this slug.", body = ErrorBody),
    ),
)]
pub async fn get_activity(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<serde_json::Value>, ApiError> {
    Params::read(query.as_deref(), &[])?;
    let not_found = || ApiError::not_found(format!("no published activity has the slug {slug:?}"));
    if !is_slug(&slug) {
        return Err(not_found());
    }
    let id = db::activity_id(&state.pool, &slug)
        .await?
        .ok_or_else(not_found)?;
    let record = db::export_records(&state.pool, &[id])
        .await?
        .into_iter()
        .next()
        .ok_or_else(not_found)?;
    Ok(Json(json_item(&record, &state.public_url.0)))
}
