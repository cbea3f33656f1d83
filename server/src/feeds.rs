//! The Atom feeds (site, country, organisation; both languages), `/sitemap.xml` and
//! `/robots.txt`: small handlers over `app::ssr::feeds` and `app::ssr::sitemap`, which
//! build the documents.
//!
//! Rules: an unknown country code or organisation slug answers 404; a database error is
//! logged and answered 500 without details. The sitemap and robots.txt have no Japanese
//! form (the sitemap names the Japanese pages as alternates).

use app::i18n::Locale;
use app::paths;
use app::ssr::feeds::{self, Scope};
use app::ssr::{sitemap, AppState};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The feeds in both languages, the sitemap and robots.txt.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new()
        .route(paths::SITEMAP, get(sitemap_xml))
        .route(paths::ROBOTS, get(robots_txt));
    for locale in Locale::ALL {
        router = router
            .route(
                &paths::axum_pattern(paths::FEED, locale),
                get(move |State(state): State<AppState>| feed(state, Scope::Site, locale)),
            )
            .route(
                &paths::axum_pattern(paths::COUNTRY_FEED, locale),
                get(
                    move |State(state): State<AppState>, Path(code): Path<String>| async move {
                        feed(state, Scope::Country(&code), locale).await
                    },
                ),
            )
            .route(
                &paths::axum_pattern(paths::ORGANIZATION_FEED, locale),
                get(
                    move |State(state): State<AppState>, Path(slug): Path<String>| async move {
                        feed(state, Scope::Organization(&slug), locale).await
                    },
                ),
            );
    }
    router
}

async fn feed(state: AppState, scope: Scope<'_>, locale: Locale) -> Response {
    let index = state.search.current();
    match feeds::feed(&state.pool, &index, &state.public_url.0, scope, locale).await {
        Ok(Some(atom)) => ([(header::CONTENT_TYPE, feeds::CONTENT_TYPE)], atom).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "not found").into_response(),
        Err(error) => failed("feed", &error),
    }
}

async fn sitemap_xml(State(state): State<AppState>) -> Response {
    match sitemap::urls(&state.pool).await {
        Ok(urls) => (
            [(header::CONTENT_TYPE, sitemap::CONTENT_TYPE)],
            sitemap::sitemap(&urls, &state.public_url.0),
        )
            .into_response(),
        Err(error) => failed("sitemap", &error),
    }
}

async fn robots_txt(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        sitemap::robots(&state.public_url.0),
    )
        .into_response()
}

/// Logs a database error and answers 500 without its details.
fn failed(what: &str, error: &sqlx::Error) -> Response {
    tracing::error!(%error, what, "building a document for feed readers or crawlers");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
