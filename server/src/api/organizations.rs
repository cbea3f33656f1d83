//! `GET /api/v1/organizations` and `GET /api/v1/organizations/{slug}`: the organisations
//! list and page of the site, as data.

use super::error::{ApiError, ErrorBody};
use super::params::{OrganizationQuery, Params};
use super::schema::{List, OrganizationDetail, OrganizationItem};
use app::model::is_slug;
use app::ssr::{db, AppState};
use axum::extract::{Path, RawQuery, State};
use axum::Json;

/// List the organisations.
///
/// Every institution of the record with its number of activities, most active first, then
/// by English name.
#[utoipa::path(
    get,
    path = "/organizations",
    tag = "organizations",
    params(OrganizationQuery),
    responses(
        (status = 200, description = "The organisations.", body = List<OrganizationItem>),
        (status = 400, description = "A parameter is unknown or malformed.", body = ErrorBody),
    ),
)]
pub async fn list_organizations(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<List<OrganizationItem>>, ApiError> {
    let query = OrganizationQuery::parse(query.as_deref())?;
    let list = db::organizations(
        &state.pool,
        &state.search.current(),
        query.side.as_deref().unwrap_or_default(),
        query.kind.map_or("", |k| k.slug()),
        query.name.as_deref().unwrap_or_default().trim(),
    )
    .await?;
    Ok(Json(List::of(list)))
}

/// One organisation.
///
/// Its profile, its activities, the countries they take place in and its partners.
#[utoipa::path(
    get,
    path = "/organizations/{slug}",
    tag = "organizations",
    params(("slug" = String, Path, description = "The organisation's slug (`nagasaki-university`).")),
    responses(
        (status = 200, description = "The organisation.", body = OrganizationDetail),
        (status = 404, description = "No organisation has this slug.", body = ErrorBody),
    ),
)]
pub async fn get_organization(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<OrganizationDetail>, ApiError> {
    Params::read(query.as_deref(), &[])?;
    let not_found = || ApiError::not_found(format!("no organisation has the slug {slug:?}"));
    if !is_slug(&slug) {
        return Err(not_found());
    }
    let index = state.search.current();
    let detail = db::organization(&state.pool, &index, &slug, app::api::SHOWN_ON_PAGE)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(OrganizationDetail::new(detail, &state.public_url.0)))
}
