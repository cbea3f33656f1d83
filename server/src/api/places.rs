//! `GET /api/v1/countries`, `GET /api/v1/countries/{code}` and `GET /api/v1/fields`: the
//! places and the medical-field vocabulary, with their activity counts from the search
//! engine (so they agree with the map and the facets).

use super::error::{ApiError, ErrorBody};
use super::params::Params;
use super::schema::{CountryDetail, CountryItem, FieldItem, List};
use app::filters::{Filters, Sort};
use app::ssr::{db, AppState};
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use std::collections::HashMap;

/// List the countries.
///
/// Every ISO 3166-1 country, by code, with its number of activities (zero included).
#[utoipa::path(
    get,
    path = "/countries",
    tag = "countries",
    responses(
        (status = 200, description = "The countries.", body = List<CountryItem>),
    ),
)]
pub async fn list_countries(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<List<CountryItem>>, ApiError> {
    Params::read(query.as_deref(), &[])?;
    let index = state.search.current();
    let counts = db::country_counts(&state.pool, &index, &Filters::default()).await?;
    Ok(Json(List::of(counts)))
}

/// One country.
///
/// Its activities, the institutions on each side, its fields and activities per year.
#[utoipa::path(
    get,
    path = "/countries/{code}",
    tag = "countries",
    params(("code" = String, Path, description = "ISO 3166-1 alpha-2 code, upper case (`VN`).")),
    responses(
        (status = 200, description = "The country.", body = CountryDetail),
        (status = 404, description = "No country has this code (codes are upper case).", body = ErrorBody),
    ),
)]
pub async fn get_country(
    State(state): State<AppState>,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<CountryDetail>, ApiError> {
    Params::read(query.as_deref(), &[])?;
    let not_found = || {
        ApiError::not_found(format!(
            "no country has the code {code:?} (ISO 3166-1 alpha-2, upper case)"
        ))
    };
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(not_found());
    }
    let index = state.search.current();
    let detail = db::country(&state.pool, &index, &code, app::api::SHOWN_ON_PAGE)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(CountryDetail::new(detail, &state.public_url.0)))
}

/// List the medical fields.
///
/// The vocabulary of medical fields, by English name, with DAC codes and activity counts.
#[utoipa::path(
    get,
    path = "/fields",
    tag = "fields",
    responses(
        (status = 200, description = "The medical fields.", body = List<FieldItem>),
    ),
)]
pub async fn list_fields(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<List<FieldItem>>, ApiError> {
    Params::read(query.as_deref(), &[])?;
    let index = state.search.current();
    let counts: HashMap<String, u32> = index
        .search("", &Filters::default(), Sort::Newest)
        .counts
        .fields
        .into_iter()
        .collect();
    let fields = db::fields_with_dac(&state.pool).await?;
    Ok(Json(List::of(fields.into_iter().map(|(field, dac)| {
        FieldItem {
            activities: counts.get(&field.slug).copied().unwrap_or(0),
            slug: field.slug,
            dac,
            en: field.name.en,
            ja: field.name.ja,
        }
    }))))
}
