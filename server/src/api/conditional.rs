//! Conditional GET for the API: every 200 answer carries an `ETag` made of the record's
//! version (it changes with every published revision: seed load, approval) and the request's
//! address, and a request whose `If-None-Match` names it gets 304 with no body.
//!
//! Rules: the tag is weak (`W/"…"`) because the compression layer may send the same
//! representation gzip- or brotli-encoded; any change to the record changes every tag (one
//! version for the whole record, so no answer can go stale); `Cache-Control: no-cache` makes
//! clients revalidate. The version is read before the answer is built, so a tag is never
//! newer than the body it names; and since one version and one address always give the same
//! answer, a request whose tag is current gets 304 without the handler running. [`document`] adds this behaviour to every operation of the
//! OpenAPI document, so it is written once, here.

use super::error::ApiError;
use crate::exports::{self, not_modified, record_version};
use app::ssr::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{OpenApi, RefOr, Required, ResponseBuilder};

/// The middleware: tags 200 answers to GET and HEAD, and answers 304 when the client has
/// the tagged version.
pub async fn etag(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let version = match record_version(&state).await {
        Ok((version, _)) => version,
        Err(error) => {
            tracing::error!(%error, "API: the record's version could not be read");
            return ApiError::from_status(StatusCode::SERVICE_UNAVAILABLE).into_response();
        }
    };
    let tag = tag(&version, request.uri());
    // Weak comparison, as If-None-Match asks: `W/"x"` and `"x"` both match. Only a 200
    // answer is tagged, so a current tag means this address answers 200 now; `*` names no
    // tag, so whether the address has an answer is the handler's to say.
    let current = not_modified(request.headers(), &tag);
    let wildcard = request
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .any(|v| v.as_bytes().trim_ascii() == b"*");
    let mut response = if current && !wildcard {
        unchanged()
    } else {
        let response = next.run(request).await;
        if response.status() != StatusCode::OK {
            return response;
        }
        if current {
            unchanged()
        } else {
            response
        }
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&format!("W/{tag}")) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// 304, with no body.
fn unchanged() -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NOT_MODIFIED;
    response
}

/// The opaque tag of the address (path and query) at this version, as the exports write
/// theirs (sent weak, with `W/`).
fn tag(version: &str, uri: &Uri) -> String {
    exports::tag(
        version,
        uri.path_and_query().map_or(uri.path(), |pq| pq.as_str()),
    )
}

/// Documents the conditional GET on every operation: the `If-None-Match` parameter, the 304
/// answer, and the `ETag` and `Cache-Control` headers of the 200 answer.
pub fn document(doc: &mut OpenApi) {
    let string = || ObjectBuilder::new().schema_type(Type::String);
    let etag_header = || {
        HeaderBuilder::new()
            .schema(Some(string()))
            .description(Some(
                "The answer's version: the record's version and the address. Send it back \
                 as If-None-Match to get 304 while nothing changed.",
            ))
            .build()
    };
    let if_none_match = ParameterBuilder::new()
        .name("If-None-Match")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .schema(Some(string()))
        .description(Some(
            "An ETag from an earlier answer (or `*`): 304 if it is still current.",
        ))
        .build();
    for item in doc.paths.paths.values_mut() {
        let Some(operation) = item.get.as_mut() else {
            continue;
        };
        operation
            .parameters
            .get_or_insert_with(Vec::new)
            .push(RefOr::T(if_none_match.clone()));
        if let Some(RefOr::T(ok)) = operation.responses.responses.get_mut("200") {
            ok.headers.insert("ETag".into(), RefOr::T(etag_header()));
            ok.headers.insert(
                "Cache-Control".into(),
                RefOr::T(
                    HeaderBuilder::new()
                        .schema(Some(string()))
                        .description(Some("`no-cache`: revalidate with If-None-Match."))
                        .build(),
                ),
            );
        }
        let not_modified = ResponseBuilder::new()
            .description("Not modified: the If-None-Match tag is current. No body.")
            .header("ETag", etag_header())
            .build();
        operation
            .responses
            .responses
            .insert("304".into(), RefOr::T(not_modified));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_changes_with_the_record_and_the_address() {
        let uri = |s: &str| s.parse::<Uri>().unwrap();
        let a = tag("10.26", &uri("/api/v1/activities?country=KZ"));
        assert!(a.starts_with("\"v10.26-") && a.ends_with('"'), "{a}");
        assert_eq!(a, tag("10.26", &uri("/api/v1/activities?country=KZ")));
        assert_ne!(a, tag("11.27", &uri("/api/v1/activities?country=KZ")));
        assert_ne!(a, tag("10.26", &uri("/api/v1/activities?country=MN")));
        assert_ne!(a, tag("10.26", &uri("/api/v1/activities")));
    }
}
