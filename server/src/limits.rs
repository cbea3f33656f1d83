//! The largest request body the site reads: [`BODY_LIMIT`]. A larger one is refused with
//! 413 and a translated page (or JSON under `/api/`), before any session, account or
//! database work and without reading it; a body that does not say its length is read only
//! up to the limit. Slow bodies are cut by the 20 s timeout around every request (`lib.rs`).

use app::i18n::{Key, Locale};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The most a form, a server function call or any other request may send: 256 KiB (the
/// longest activity form, every field full, is well under 64 KiB).
pub const BODY_LIMIT: usize = 256 * 1024;

/// The middleware: inside the timeout, outside the sessions.
pub async fn body_limit(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_string();
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > BODY_LIMIT as u64 => {
            tracing::warn!(%path, bytes = n, "request body over the limit refused");
            too_large(&path)
        }
        Some(_) => next.run(request).await,
        None => {
            // No length given (chunked): read up to the limit, then pass on what was read.
            let (parts, body) = request.into_parts();
            match axum::body::to_bytes(body, BODY_LIMIT).await {
                Ok(bytes) => {
                    next.run(Request::from_parts(parts, Body::from(bytes)))
                        .await
                }
                Err(error) => {
                    tracing::warn!(%path, %error, "request body over the limit refused");
                    too_large(&path)
                }
            }
        }
    }
}

/// 413, in the language of the address: a page for a browser, JSON for the API.
fn too_large(path: &str) -> Response {
    let locale = Locale::from_path(path);
    let mut response = if path.starts_with("/api/") {
        let body = serde_json::json!({ "error": Key::TooLargeText.text(locale) });
        (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(body)).into_response()
    } else {
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title} — {site}</title></head><body><main>\
             <h1>{title}</h1><p>{text}</p><p><a href=\"{back}\">{go_back}</a></p>\
             </main></body></html>\n",
            lang = locale.code(),
            title = Key::TooLargeTitle.text(locale),
            site = Key::SiteName.text(locale),
            text = Key::TooLargeText.text(locale),
            back = app::ssr::xml::escape(path),
            go_back = Key::GoBack.text(locale),
        );
        let mut response = (StatusCode::PAYLOAD_TOO_LARGE, page).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        response
    };
    // The body was not read: end the connection rather than read it to reach the next request.
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
