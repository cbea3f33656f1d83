//! The HTTP server: builds the application state and the axum router. `main.rs` only reads
//! the configuration and serves; tests call [`build_state`] and [`router`] directly.

// Everything public here is documented (a per-crate addition to the workspace lints:
// the app crate is not there yet).
#![warn(missing_docs)]
#![recursion_limit = "256"]

pub mod accounts;
pub mod api;
pub mod assets;
pub mod config;
pub mod connections;
pub mod copy;
pub mod exports;
pub mod feeds;
pub mod follow;
pub mod headers;
pub mod limits;
pub mod mail;
pub mod page_cache;
pub mod pages;
pub mod sessions;

use app::error::AppError;
use app::i18n::Locale;
use app::paths::{self, Page};
use app::ssr::{db, seed, AppState};
use app::{shell, App};
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::provide_context;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use std::path::Path;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened, or a migration failed.
    #[error("opening or migrating the database: {0}")]
    Database(#[from] sqlx::Error),
    /// The seed record (`KAKEHASHI_DATA_DIR`) could not be read or parsed.
    #[error("the seed record is malformed: {0}")]
    Seed(#[from] seed::SeedError),
}

/// Opens the database, migrates it and, when it holds no activity, loads the seed record.
pub async fn build_state(
    leptos_options: leptos::config::LeptosOptions,
    database_url: &str,
    data_dir: &Path,
    public_url: &str,
) -> Result<AppState, StartError> {
    let database = db::connect(database_url).await?;
    let pool = database.pool.clone();
    let record = seed::read_dir(data_dir)?;
    for warning in &record.warnings {
        tracing::warn!("seed record: {warning}");
    }
    match seed::load_if_empty(&pool, &record).await? {
        Some(report) => tracing::info!(
            activities = report.activities,
            organizations = report.organizations,
            countries = report.countries,
            fields = report.fields,
            "loaded the seed record into an empty database"
        ),
        None => tracing::info!("database already holds the record; seed not loaded"),
    }
    let started = std::time::Instant::now();
    let index = app::ssr::search::SearchIndex::load(&pool).await?;
    app::ssr::search::index::release_freed_memory();
    tracing::info!(
        activities = index.len(),
        ms = started.elapsed().as_millis() as u64,
        mib = index.heap_bytes() / (1 << 20),
        "search index built in memory"
    );
    // The sessions table (tower-sessions' own schema) lives beside the record.
    sessions::Store::new(&database.native).migrate().await?;
    Ok(AppState {
        leptos_options,
        search: app::ssr::search::SearchHandle::new(index),
        pool,
        native: database.native,
        public_url: app::ssr::PublicUrl(public_url.trim_end_matches('/').to_string()),
        secure_cookies: public_url.starts_with("https://"),
        trusted_proxies: app::ssr::proxies::TrustedProxies::default(),
        page_cache_mib: page_cache::DEFAULT_MIB,
    })
}

/// The whole site: health check, pages, server functions, the JSON API, exports and feeds,
/// static files and the 404 page. The static files are read from the site root
/// (`LeptosOptions::site_root`) now; without one (as in the HTTP tests) there are none, with a
/// warning. `main` reads them itself first, so that a missing site stops it: [`router_with`].
pub fn router(state: AppState) -> Router {
    let assets = (!assets::from_disk()).then(|| {
        let options = &state.leptos_options;
        let root = Path::new(options.site_root.as_ref());
        Arc::new(
            assets::SiteAssets::load(root, &options.site_pkg_dir).unwrap_or_else(|error| {
                tracing::warn!(%error, "serving no static files");
                assets::SiteAssets::empty(&options.site_pkg_dir)
            }),
        )
    });
    router_with(state, assets)
}

/// [`router`] with the static files already read; `None` serves them from disk at every
/// request instead (under `cargo leptos watch`, which rewrites them without restarting the
/// server: [`assets::from_disk`]).
pub fn router_with(state: AppState, assets: Option<Arc<assets::SiteAssets>>) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let app_shell = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    let sessions = tower_sessions::SessionManagerLayer::new(sessions::Store::new(&state.native))
        .with_name(accounts::SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_secure(state.secure_cookies)
        .with_path("/")
        .with_expiry(tower_sessions::Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::hours(accounts::SESSION_IDLE_HOURS),
        ));
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .merge(feeds::routes())
        .merge(api::routes(&state));
    // Exports of a search view, in both languages.
    for locale in Locale::ALL {
        for (path, format) in [
            (paths::ACTIVITIES_CSV, exports::Format::Csv),
            (paths::ACTIVITIES_JSON, exports::Format::Json),
            (paths::ACTIVITIES_XML, exports::Format::Xml),
        ] {
            router = router.route(
                &paths::axum_pattern(path, locale),
                get(
                    move |State(state): State<AppState>,
                          RawQuery(query): RawQuery,
                          headers: HeaderMap| {
                        exports::serve(state, query, headers, locale, format)
                    },
                ),
            );
        }
    }
    // Each insights view as CSV, in both languages.
    for locale in Locale::ALL {
        for view in app::insights::InsightView::ALL {
            router = router.route(
                &paths::axum_pattern(view.csv(), locale),
                get(
                    move |State(state): State<AppState>,
                          RawQuery(query): RawQuery,
                          headers: HeaderMap| {
                        exports::insight(state, query, headers, locale, view)
                    },
                ),
            );
        }
    }
    // A version's citation files (one language each, `?lang=ja`).
    for format in paths::CITATION_FORMATS {
        router = router.route(
            &format!("/activities/{{slug}}/v/{{n}}/cite.{format}"),
            get(
                move |state: State<AppState>,
                      path: axum::extract::Path<(String, i64)>,
                      query: RawQuery| {
                    exports::citation(state, path, query, format)
                },
            ),
        );
    }
    // The account forms post to their page's own address, in both languages.
    for locale in Locale::ALL {
        router = router
            .route(
                &Page::Login.axum_pattern(locale),
                post(accounts::post_login),
            )
            .route(
                &paths::axum_pattern(paths::LOGOUT, locale),
                post(accounts::post_logout),
            )
            .route(
                &Page::NewActivity.axum_pattern(locale),
                post(accounts::post_activity_form),
            )
            .route(
                &Page::EditActivity.axum_pattern(locale),
                post(accounts::post_activity_form),
            )
            .route(
                &Page::Review.axum_pattern(locale),
                post(accounts::post_decision),
            )
            .route(
                &Page::Admin.axum_pattern(locale),
                post(accounts::post_invitation),
            )
            .route(
                &Page::Invite.axum_pattern(locale),
                post(accounts::post_accept_invitation),
            )
            .route(
                &paths::axum_pattern(paths::ADMIN_ACCOUNT, locale),
                post(accounts::post_account_action),
            )
            .route(
                &paths::axum_pattern(paths::ADMIN_INVITATION, locale),
                post(accounts::post_invitation_action),
            )
            .route(
                &paths::axum_pattern(paths::CONFIRM_ACTIVITY, locale),
                post(accounts::post_confirm),
            )
            .route(
                &Page::ChangePassword.axum_pattern(locale),
                post(accounts::post_change_password),
            )
            .route(
                &Page::ForgotPassword.axum_pattern(locale),
                post(accounts::post_forgot_password),
            )
            .route(
                &Page::ResetPassword.axum_pattern(locale),
                post(accounts::post_reset_password),
            );
    }
    let router =
        router.leptos_routes_with_context(&state, routes, context.clone(), app_shell.clone());
    // An address no route knows renders the not-found page (404). The static files are
    // answered from memory before any route (`assets::serve`), so the fallback looks at the
    // disk only when they are read from there at each request (`cargo leptos watch`).
    let router = if assets.is_some() {
        router.fallback(leptos_axum::render_app_async_with_context(
            context, app_shell,
        ))
    } else {
        router.fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
    };
    let site = router
        // ETag and Cache-Control for pages; inside the account layer, which says whether
        // the page is an account's own (then `private`).
        .layer(middleware::from_fn(pages::etag))
        // Rendered public pages kept while the record is unchanged, each answer with a
        // nonce of its own; inside the account layer (only visitors not logged in).
        .layer(middleware::from_fn_with_state(
            {
                let search = state.search.clone();
                page_cache::PageCache::new(state.page_cache_mib, move || search.generation())
            },
            page_cache::serve,
        ))
        .layer(middleware::from_fn(accounts::login_redirect))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            accounts::resolve_actor,
        ))
        .layer(sessions)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            accounts::same_origin,
        ))
        // Bodies over 256 KiB get 413 before any session or account work.
        .layer(middleware::from_fn(limits::body_limit))
        // A page that has not begun to answer within 20 s gets 503 instead of holding the
        // connection open (pages render fully before their first byte, SsrMode::Async).
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            std::time::Duration::from_secs(20),
        ))
        .layer(middleware::from_fn(server_fn_error_status))
        .layer(middleware::from_fn(drop_empty_fields))
        .layer(middleware::from_fn(trim_trailing_slash))
        .layer(CompressionLayer::new());
    // The static files answer before any of the layers above: no session, account lookup,
    // Origin check, timeout or compression runs for them (each is already compressed).
    let site = match assets {
        Some(assets) => site.layer(middleware::from_fn_with_state(assets, assets::serve)),
        None => site,
    };
    let https = headers::Https(state.public_url.0.starts_with("https://"));
    site.layer(middleware::from_fn_with_state(https, headers::security))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> Response {
    match sqlx::query_scalar::<_, i64>("SELECT 1")
        .fetch_one(&state.pool)
        .await
    {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(error) => {
            tracing::error!(%error, "health check: database did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// Server functions answer every error with 500; this gives each [`AppError`] its own status
/// (400 for malformed arguments, 404, …), so clients and logs see what really happened.
async fn server_fn_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    // Errors are encoded as the answers are: postcard (`AppError`'s `FromServerFnError`).
    if let Ok(error) = postcard::from_bytes::<AppError>(&bytes) {
        parts.status = error.status();
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// `/ja/` → `/ja`, `/activities/` → `/activities` (308, query kept): one address per view.
async fn trim_trailing_slash(request: Request, next: Next) -> Response {
    let uri: &Uri = request.uri();
    let path = uri.path();
    if path.len() > 1 && path.ends_with('/') {
        let trimmed = path.trim_end_matches('/');
        let target = match uri.query() {
            Some(q) => format!("{}?{q}", if trimmed.is_empty() { "/" } else { trimmed }),
            None => if trimmed.is_empty() { "/" } else { trimmed }.to_string(),
        };
        return Redirect::permanent(&target).into_response();
    }
    next.run(request).await
}

/// The pages whose filters are a GET form: the search, the map and the insights views.
const FORM_PAGES: [&str; 5] = [
    paths::ACTIVITIES,
    paths::COUNTRIES,
    paths::INSIGHTS,
    paths::INSIGHT_FLOWS,
    paths::INSIGHT_TRENDS,
];

/// A GET form sent without JavaScript names every field, the empty ones too
/// (`/insights?org=&kind=visit&status=&from=&to=`). Those pages answer such an address with
/// a redirect (303) to the same one without the empty fields (`/insights?kind=visit`), the
/// address the form navigates to with JavaScript; everything else in it is kept as it was.
async fn drop_empty_fields(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let is_read = matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    );
    if let (true, Some(query)) = (is_read, uri.query()) {
        if FORM_PAGES.contains(&app::i18n::strip_locale(uri.path())) {
            if let Some(kept) = without_empty_fields(query) {
                let target = if kept.is_empty() {
                    uri.path().to_string()
                } else {
                    format!("{}?{kept}", uri.path())
                };
                return Redirect::to(&target).into_response();
            }
        }
    }
    next.run(request).await
}

/// `query` without its empty fields (`a=&b=1&c` → `b=1`), or `None` if it has none.
fn without_empty_fields(query: &str) -> Option<String> {
    let is_empty = |pair: &&str| {
        pair.split_once('=')
            .is_none_or(|(_, value)| value.is_empty())
    };
    if !query.split('&').any(|pair| is_empty(&pair)) {
        return None;
    }
    let kept: Vec<&str> = query.split('&').filter(|pair| !is_empty(pair)).collect();
    Some(kept.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn a_forms_empty_fields_are_dropped_and_the_rest_kept_as_written() {
        assert_eq!(
            without_empty_fields("org=&kind=surgical-training-abroad&status=&from=&to="),
            Some("kind=surgical-training-abroad".to_string())
        );
        assert_eq!(
            without_empty_fields("q=caf%C3%A9&field=&from=abc&"),
            Some("q=caf%C3%A9&from=abc".to_string())
        );
        assert_eq!(without_empty_fields("kind=&to="), Some(String::new()));
        assert_eq!(without_empty_fields("kind=visit&sort=total"), None);
    }

    #[test]
    fn the_page_routes_are_every_page_of_the_paths_module_in_both_languages() {
        let routed: BTreeSet<String> = generate_route_list(App)
            .iter()
            .map(|r| r.path().to_string())
            .collect();
        let expected: BTreeSet<String> = Page::ALL
            .iter()
            .flat_map(|page| Locale::ALL.map(|locale| page.axum_pattern(locale)))
            .collect();
        assert_eq!(routed, expected);
    }
}
