//! What the public pages are drawn from (`routes::drawn`), on the server: each is a thin
//! shell, which activities match comes from the search engine (`ssr::search`), what they
//! hold from the record's queries (`ssr::db`). Filters and sorts come typed ([`Filters`],
//! [`Sort`]), never as query strings parsed again. The browser asks for the drawn page
//! (`draw_page`), never for these; [`search_activities`] alone answers over HTTP, for
//! scripts.

use crate::error::AppError;
use crate::model::ActivityCard;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    crate::filters::{Filters, Sort},
    crate::model::{ActivityDetail, HomeData},
};

/// How many cards the home page lists.
pub const RECENT_ON_HOME: usize = 6;

/// How many activities, and institutions of each kind, a country's or an organisation's page
/// lists; the rest are a link away (the search filtered by the country or organisation).
pub const SHOWN_ON_PAGE: usize = 20;

/// The longest query we search for; longer input is cut, not refused.
pub const MAX_QUERY_CHARS: usize = 200;

/// Activities matching every word of `q`, in English or Japanese; all when `q` is blank.
/// No page calls it (so the wasm holds none of it): it keeps Leptos's default encodings, a
/// form-encoded `q` and a JSON answer, for scripts.
#[server(endpoint = "search_activities")]
pub async fn search_activities(q: String) -> Result<Vec<ActivityCard>, AppError> {
    let q: String = q.chars().take(MAX_QUERY_CHARS).collect();
    let index = crate::ssr::search_index()?;
    let ids = index.search(&q, &Filters::default(), Sort::Relevance).ids;
    let pool = crate::ssr::pool()?;
    Ok(crate::ssr::db::cards(&pool, &ids).await?)
}

/// One activity, or `None` when there is no published activity with this slug.
#[cfg(feature = "ssr")]
pub async fn get_activity(slug: String) -> Result<Option<ActivityDetail>, AppError> {
    if !crate::model::is_slug(&slug) {
        return Ok(None);
    }
    let pool = crate::ssr::pool()?;
    let index = crate::ssr::search_index()?;
    Ok(crate::ssr::db::activity(&pool, &index, &slug).await?)
}

/// Revision `n` of an activity as it was published (`None`: no such version kept).
#[cfg(feature = "ssr")]
pub async fn get_version(key: String) -> Result<Option<ActivityDetail>, AppError> {
    let Some((slug, n)) = key.rsplit_once('/') else {
        return Ok(None);
    };
    let Ok(n) = n.parse::<i64>() else {
        return Ok(None);
    };
    if !crate::model::is_slug(slug) || n < 1 {
        return Ok(None);
    }
    let pool = crate::ssr::pool()?;
    Ok(crate::ssr::trust::version(&pool, slug, n).await?)
}

/// How the record is kept: published records, cited sources, and how many both sides
/// have confirmed.
#[cfg(feature = "ssr")]
pub async fn get_record_counts() -> Result<(i64, i64, i64), AppError> {
    let pool = crate::ssr::pool()?;
    let index = crate::ssr::search_index()?;
    Ok(crate::ssr::trust::record_counts(&pool, &index).await?)
}

/// The home page's counts and most recent activities.
#[cfg(feature = "ssr")]
pub async fn get_home() -> Result<HomeData, AppError> {
    let pool = crate::ssr::pool()?;
    let index = crate::ssr::search_index()?;
    let stats = crate::ssr::db::stats(&index);
    let recent = crate::ssr::db::recent(&pool, &index, RECENT_ON_HOME).await?;
    let all = Filters::default();
    let countries = active_countries(crate::ssr::db::country_counts(&pool, &index, &all).await?);
    Ok(HomeData {
        stats,
        recent,
        countries,
    })
}

/// What the map page needs: countries with activities under the filters (most first), and
/// the medical fields to filter by.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapData {
    pub countries: Vec<crate::model::CountryCount>,
    pub fields: Vec<crate::model::FieldRef>,
}

/// The map's counts under `filters`.
#[cfg(feature = "ssr")]
pub async fn get_map_data(filters: Filters) -> Result<MapData, AppError> {
    let pool = crate::ssr::pool()?;
    let index = crate::ssr::search_index()?;
    Ok(MapData {
        countries: active_countries(crate::ssr::db::country_counts(&pool, &index, &filters).await?),
        fields: crate::ssr::db::fields(&pool).await?,
    })
}

/// The countries that have activities, most first, then by code.
#[cfg(feature = "ssr")]
fn active_countries(mut all: Vec<crate::model::CountryCount>) -> Vec<crate::model::CountryCount> {
    all.retain(|c| c.count > 0);
    all.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    all
}

/// One country's page, or `None` when the code is not an ISO 3166 alpha-2 code.
#[cfg(feature = "ssr")]
pub async fn get_country(code: String) -> Result<Option<crate::model::CountryDetail>, AppError> {
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Ok(None);
    }
    let pool = crate::ssr::pool()?;
    let index = crate::ssr::search_index()?;
    Ok(crate::ssr::db::country(&pool, &index, &code, SHOWN_ON_PAGE).await?)
}

/// One organisation's page, or `None` when no organisation has this slug.
#[cfg(feature = "ssr")]
pub async fn get_organization(
    slug: String,
) -> Result<Option<crate::model::OrganizationDetail>, AppError> {
    if !crate::model::is_slug(&slug) {
        return Ok(None);
    }
    let pool = crate::ssr::pool()?;
    let index = crate::ssr::search_index()?;
    Ok(crate::ssr::db::organization(&pool, &index, &slug, SHOWN_ON_PAGE).await?)
}

/// Results on one page of the search.
pub const PAGE_SIZE: u32 = 20;

/// One page of results for `q` under `filters`, in `sort` order, with facet counts; a page
/// out of range is clamped.
#[cfg(feature = "ssr")]
pub async fn search_page(
    q: String,
    filters: Filters,
    sort: Sort,
    page: u32,
) -> Result<crate::model::SearchResults, AppError> {
    use crate::ssr::{db, search};
    let q: String = q.chars().take(MAX_QUERY_CHARS).collect();
    let index = crate::ssr::search_index()?;
    let (answer, facets) = tokio::task::spawn_blocking(move || {
        let answer = index.search(&q, &filters, sort);
        let facets = search::label_facets(answer.counts.clone(), &filters, index.names());
        (answer, facets)
    })
    .await
    .map_err(|e| {
        tracing::error!("search task failed: {e}");
        AppError::Internal
    })?;
    let ids = answer.ids;
    let total = u32::try_from(ids.len()).unwrap_or(u32::MAX);
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let start = ((page - 1) * PAGE_SIZE) as usize;
    let slice: Vec<i64> = ids
        .iter()
        .skip(start)
        .take(PAGE_SIZE as usize)
        .copied()
        .collect();
    let pool = crate::ssr::pool()?;
    let cards = db::cards(&pool, &slice).await?;
    Ok(crate::model::SearchResults {
        total,
        page,
        pages,
        cards,
        facets,
    })
}

/// The organisations list, filtered by side (`japan`, `partner`), kind and name; unknown
/// filter values are ignored.
#[cfg(feature = "ssr")]
pub async fn list_organizations(
    side: String,
    kind: String,
    name: String,
) -> Result<Vec<crate::model::OrgSummary>, AppError> {
    let side = if side == "japan" || side == "partner" {
        side
    } else {
        String::new()
    };
    let kind = crate::model::OrgKind::from_slug(&kind).map_or("", |k| k.slug());
    let name: String = name.chars().take(100).collect();
    let pool = crate::ssr::pool()?;
    let index = crate::ssr::search_index()?;
    Ok(crate::ssr::db::organizations(&pool, &index, &side, kind, name.trim()).await?)
}
