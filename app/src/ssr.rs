//! Server-only code: application state, the record's queries and its one write path
//! (`record`), the account side's logic (`account`), the search engine, the seed loader,
//! and the documents for feed readers and crawlers (`feeds`, `sitemap`, written with `xml`).
//! Nothing here is compiled into the browser bundle.

pub mod account;
pub mod db;
pub mod export;
pub mod feeds;
pub mod geo;
pub mod iati;
pub mod insights;
pub mod maps;
pub mod policy;
pub mod proxies;
pub mod record;
pub mod search;
pub mod seed;
pub mod sitemap;
pub mod synthetic;
pub mod trust;
pub mod xml;

use crate::error::AppError;
use crate::ssr::db::Pool;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;

/// What every request handler and server function can reach. Built once in `main`.
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: Pool,
    /// The same database through its engine's own driver, for what only that engine does
    /// (the sessions store, PostgreSQL's notifications, SQLite's backups).
    pub native: db::Native,
    /// The site's public address without a trailing slash (`https://kakehashi.example`),
    /// for canonical links, Open Graph and structured data.
    pub public_url: PublicUrl,
    /// The in-memory search index; refresh it after every write to the record.
    pub search: search::SearchHandle,
    /// Whether the session cookie is marked `Secure` (sent over HTTPS only).
    pub secure_cookies: bool,
    /// The reverse proxies whose `X-Forwarded-For` names the client (none by default).
    pub trusted_proxies: proxies::TrustedProxies,
    /// How many MiB of rendered public pages the server keeps (0: none; the server's
    /// `page_cache`).
    pub page_cache_mib: usize,
}

/// The site's public address; pages read it from the [`AppState`] in their context.
#[derive(Clone, Debug)]
pub struct PublicUrl(pub String);

/// The search index as it is for the current request.
pub fn search_index() -> Result<std::sync::Arc<search::SearchIndex>, AppError> {
    use_context::<AppState>()
        .map(|s| s.search.current())
        .ok_or_else(|| {
            tracing::error!("AppState missing from the request context");
            AppError::Internal
        })
}

/// The database pool of the current request, from the context the router provides.
pub fn pool() -> Result<Pool, AppError> {
    use_context::<AppState>().map(|s| s.pool).ok_or_else(|| {
        tracing::error!("AppState missing from the request context");
        AppError::Internal
    })
}
