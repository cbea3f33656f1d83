//! `/activities.csv`, `/activities.json` and `/activities.xml` (IATI 2.03), and their `/ja/`
//! forms: every activity a search view matches, in the page's order, streamed in chunks.
//!
//! Rules: the query parameters are exactly the search page's (`q`, the filters, `sort`;
//! `page` is ignored); the search engine that answers the page picks and orders the ids.
//! Each answer carries an `ETag` made of the record's version (its revisions) and the view,
//! and a matching `If-None-Match` gets 304 without any work. The body is rendered
//! [`CHUNK`] activities at a time while it is sent, so an export of
//! 100,000 activities is never in memory whole, and the search runs on the blocking pool.

use app::filters::{query_pairs, Filters, Sort};
use app::i18n::Locale;
use app::ssr::export::{self, CHUNK};
use app::ssr::iati;
use app::ssr::{db, AppState};
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, StreamExt};

/// What an export is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A spreadsheet in the visitor's language.
    Csv,
    /// Both languages side by side, for programs.
    Json,
    /// IATI activity XML 2.03, for tools that read the aid-transparency standard.
    Xml,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xml => "xml",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8; header=present",
            Format::Json => "application/json",
            Format::Xml => "application/xml",
        }
    }
}

/// The view an export is of, read from the query string as the search page reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    /// The words searched for.
    pub q: String,
    /// The filters chosen.
    pub filters: Filters,
    /// The order of the results.
    pub sort: Sort,
}

impl View {
    /// Reads the view from a query string; what is invalid is ignored, as on the page.
    pub fn from_query(query: &str) -> Self {
        let pairs = query_pairs(query);
        let get = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        View {
            q: get("q").chars().take(app::api::MAX_QUERY_CHARS).collect(),
            filters: Filters::from_query(query),
            sort: Sort::from_slug(&get("sort")).unwrap_or_default(),
        }
    }

    /// The view in one canonical form, for the ETag.
    fn canonical(&self) -> String {
        format!(
            "q={}&{}&sort={}",
            self.q.trim(),
            self.filters.to_query(),
            self.sort.slug()
        )
    }
}

/// The record's version, which changes with every published revision (seed load,
/// approval), and when it last changed (RFC 3339), if it ever has.
pub(crate) async fn record_version(
    state: &AppState,
) -> Result<(String, Option<String>), sqlx::Error> {
    let (max, count, changed): (i64, i64, Option<String>) =
        sqlx::query_as("SELECT coalesce(max(id), 0), count(*), max(published_at) FROM revisions")
            .fetch_one(&state.pool)
            .await?;
    Ok((format!("{max}.{count}"), changed))
}

/// A strong ETag for this export of this view at this version of the record.
pub fn etag(version: &str, view: &View, format: Format, locale: Locale) -> String {
    tag(
        version,
        &format!(
            "{}|{}|{}",
            format.extension(),
            locale.code(),
            view.canonical()
        ),
    )
}

/// The opaque tag `"v{version}-{hash}"` of what `answer` names at this version of the
/// record; the exports and the API both write their tags with it.
pub(crate) fn tag(version: &str, answer: &str) -> String {
    format!("\"v{version}-{:016x}\"", fnv1a(answer.as_bytes()))
}

/// FNV-1a (64 bits) of `bytes`: stable across builds and platforms, enough to tell answers
/// apart (the pages' and static files' tags are made with it too).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_more(0xcbf2_9ce4_8422_2325, bytes)
}

/// [`fnv1a`] continued: the hash of what `hash` was the hash of, followed by `bytes`.
pub(crate) fn fnv1a_more(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether `If-None-Match` names `etag` (or `*`).
pub(crate) fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// The headers every export answers with, 304 included: its `ETag`, `no-cache` (always
/// revalidate: the record changes with each approval) and `Access-Control-Allow-Origin: *`.
fn export_headers(etag: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers
}

/// Answers an export request.
pub async fn serve(
    state: AppState,
    query: Option<String>,
    headers: HeaderMap,
    locale: Locale,
    format: Format,
) -> Response {
    let view = View::from_query(query.as_deref().unwrap_or_default());
    let (version, changed) = match record_version(&state).await {
        Ok(v) => v,
        Err(error) => {
            tracing::error!(%error, "export: the record's version could not be read");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let tag = etag(&version, &view, format, locale);
    let mut response_headers = export_headers(&tag);
    if not_modified(&headers, &tag) {
        return (StatusCode::NOT_MODIFIED, response_headers).into_response();
    }

    let index = state.search.current();
    let search_view = view.clone();
    let ids = match tokio::task::spawn_blocking(move || {
        index
            .search(&search_view.q, &search_view.filters, search_view.sort)
            .ids
    })
    .await
    {
        Ok(ids) => ids,
        Err(error) => {
            tracing::error!(%error, "export: the search task failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };

    response_headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    let filename = export::filename(&view.q, &view.filters, format.extension());
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        response_headers.insert(header::CONTENT_DISPOSITION, v);
    }
    let base = state.public_url.0.clone();
    let (head, tail) = match format {
        Format::Csv => (
            format!("{}{}", export::BOM, export::csv_header(locale)),
            String::new(),
        ),
        Format::Json => ("[".to_string(), "]\n".to_string()),
        Format::Xml => (iati::head(changed.as_deref()), iati::tail().to_string()),
    };
    let chunks: Vec<Vec<i64>> = ids.chunks(CHUNK).map(<[i64]>::to_vec).collect();
    let pool = state.pool.clone();
    let body = stream::iter(chunks.into_iter().enumerate())
        .then(move |(n, chunk)| {
            let (pool, base) = (pool.clone(), base.clone());
            async move {
                let records = db::export_records(&pool, &chunk).await.map_err(|error| {
                    tracing::error!(%error, "export: a chunk could not be read; the download is cut short");
                    error
                })?;
                let mut text = String::new();
                for (i, r) in records.iter().enumerate() {
                    match format {
                        Format::Csv => text.push_str(&export::csv_line(r, locale, &base)),
                        Format::Json => {
                            if n > 0 || i > 0 {
                                text.push(',');
                            }
                            text.push_str(&export::json_item(r, &base).to_string());
                            text.push('\n');
                        }
                        Format::Xml => text.push_str(&iati::activity(r, locale, &base)),
                    }
                }
                Ok::<_, sqlx::Error>(text)
            }
        });
    let body = stream::once(async move { Ok::<_, sqlx::Error>(head) })
        .chain(body)
        .chain(stream::once(async move { Ok::<_, sqlx::Error>(tail) }));
    (response_headers, Body::from_stream(body)).into_response()
}

/// `GET /insights/matrix.csv`, `/insights/flows.csv`, `/insights/trends.csv` (and `/ja/…`):
/// one insights view as CSV, with the page's parameters. Unlike the pages, which draw what
/// they understood and say what they left out, a file must hold exactly what was asked for:
/// a parameter it cannot use, or a value that names nothing in the record, gets `400` with
/// a translated message naming it. `ETag` and `304` as for the other exports.
pub async fn insight(
    state: AppState,
    query: Option<String>,
    headers: HeaderMap,
    locale: Locale,
    view: app::insights::InsightView,
) -> Response {
    use app::i18n::InsightText;
    use app::insights::InsightQuery;
    let (query, ignored) = InsightQuery::from_query(view, query.as_deref().unwrap_or_default());
    let index = state.search.current();
    let unknown = app::ssr::insights::unknown_values(&query.filters, index.names());
    if !ignored.is_empty() || !unknown.is_empty() {
        let mut message = String::new();
        for (heading, pairs) in [
            (InsightText::Ignored, &ignored),
            (InsightText::Unknown, &unknown),
        ] {
            if pairs.is_empty() {
                continue;
            }
            let listed: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            message.push_str(&format!(
                "{} {}\n",
                heading.text(locale),
                listed.join(app::i18n::list_separator(locale))
            ));
        }
        return (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            message,
        )
            .into_response();
    }
    let version = match record_version(&state).await {
        Ok((version, _)) => version,
        Err(error) => {
            tracing::error!(%error, "insights export: the record's version could not be read");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let etag = tag(
        &version,
        &format!(
            "insights|{}|{}|{}",
            view.slug(),
            locale.code(),
            query.to_query()
        ),
    );
    let mut response_headers = export_headers(&etag);
    if not_modified(&headers, &etag) {
        return (StatusCode::NOT_MODIFIED, response_headers).into_response();
    }
    let body = match app::ssr::insights::csv(
        index,
        &state.pool,
        &query,
        locale,
        &state.public_url.0,
    )
    .await
    {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(?error, "insights export failed");
            return (error.status(), error.message(locale)).into_response();
        }
    };
    response_headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(Format::Csv.content_type()),
    );
    let filename = export::filename_of(view.slug(), "", &query.filters, "csv");
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        response_headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (response_headers, body).into_response()
}

/// `GET /activities/{slug}/v/{n}/cite.{json,ris,bib}`: revision `n`'s citation as a file a
/// reference manager imports (CSL-JSON, RIS, BibTeX), in English or (`?lang=ja`) Japanese,
/// pointing to the version's permanent address with today as the access date. 404 for a
/// version that does not exist.
pub async fn citation(
    State(state): State<AppState>,
    axum::extract::Path((slug, n)): axum::extract::Path<(String, i64)>,
    RawQuery(query): RawQuery,
    format: &'static str,
) -> Response {
    use app::cite::{bibtex, csl_json, ris, Lang};
    let lang = match query.as_deref() {
        Some("lang=ja") => Lang::Ja,
        _ => Lang::En,
    };
    if !app::model::is_slug(&slug) || n < 1 {
        return StatusCode::NOT_FOUND.into_response();
    }
    let detail = match app::ssr::trust::version(&state.pool, &slug, n).await {
        Ok(Some(detail)) => detail,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, slug, n, "citation failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let cite = app::model::trust::citation(&detail, &state.public_url.0);
    let (body, content_type, extension) = match format {
        "json" => (
            csl_json(&cite, lang),
            "application/vnd.citationstyles.csl+json",
            "json",
        ),
        "ris" => (
            ris(&cite, lang),
            "application/x-research-info-systems",
            "ris",
        ),
        _ => (
            bibtex(&cite, lang),
            "application/x-bibtex; charset=utf-8",
            "bib",
        ),
    };
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"kakehashi-{slug}-v{n}.{extension}\""),
            ),
            (header::CACHE_CONTROL, "no-cache".to_string()),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_etag_changes_with_the_record_the_view_the_format_and_the_language() {
        let view = View::from_query("q=liver&country=KZ");
        let same = View::from_query("country=KZ&q=liver&page=3");
        let tag = etag("10.26", &view, Format::Csv, Locale::En);
        assert_eq!(
            tag,
            etag("10.26", &same, Format::Csv, Locale::En),
            "paging is not part of a view"
        );
        assert_ne!(tag, etag("11.27", &view, Format::Csv, Locale::En));
        assert_ne!(tag, etag("10.26", &view, Format::Json, Locale::En));
        assert_ne!(tag, etag("10.26", &view, Format::Csv, Locale::Ja));
        assert_ne!(
            tag,
            etag(
                "10.26",
                &View::from_query("q=liver"),
                Format::Csv,
                Locale::En
            )
        );
        assert!(tag.starts_with("\"v10.26-") && tag.ends_with('"'));
    }

    #[test]
    fn if_none_match_is_read_as_a_list() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"a\", W/\"b\""),
        );
        assert!(not_modified(&headers, "\"b\""));
        assert!(!not_modified(&headers, "\"c\""));
    }
}
