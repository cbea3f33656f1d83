//! Conditional GET for rendered pages: every page answered 200 to a GET carries a weak `ETag`
//! made of its body, and `Cache-Control: no-cache` (`private, no-cache` for a logged-in
//! account, so no shared cache keeps a page that names the account); a request whose
//! `If-None-Match` names the tag gets 304 with no body.
//!
//! Leptos writes a fresh random nonce into every page (`nonce="…"` on its inline scripts,
//! and in the preload links), so two renders of the same page differ in it alone; the tag
//! leaves it out ([`page_hash`]). A page revalidated with 304 thus keeps the nonce of its
//! first render; a 304 therefore carries no Content-Security-Policy, so the browser keeps the
//! policy it stored with the page, which names that same nonce (`headers`).
//!
//! Pages render fully before their first byte (`SsrMode::Async`), so holding the body to hash
//! it delays nothing. Only HTML is touched: the exports, feeds and the API have their own
//! tags (made of the record's version, before any work) and stream or are not HTML; any
//! answer that already has an `ETag` is left alone. The tag is weak because the compression
//! layer, outside this one, may send the same page gzip- or brotli-encoded. The page is still
//! rendered for a 304: what the client saves is the transfer.

use crate::exports::{fnv1a, fnv1a_more, not_modified};
use app::account::Actor;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest page held to compute its tag (the largest today is well under 1 MiB).
const MAX_PAGE_BYTES: usize = 32 * 1024 * 1024;

/// The middleware, inside the account layer (it needs to know whether an account is logged
/// in) and inside the compression layer (it hashes the page as rendered).
pub async fn etag(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    if !matches!(method, Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let private = request.extensions().get::<Actor>().is_some();
    let conditions = conditions(request.headers());
    let mut response = next.run(request).await;
    if response.status() != StatusCode::OK
        || !is_html(response.headers())
        || response.headers().contains_key(header::ETAG)
    {
        return response;
    }
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if private {
                "private, no-cache"
            } else {
                "no-cache"
            }),
        );
    }
    // A HEAD answer has no body to hash: it keeps the caching rule, without a tag.
    if method == Method::HEAD {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "a page could not be read whole to tag it");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let tag = format!("\"p{:016x}-{:x}\"", page_hash(&bytes), bytes.len());
    if let Ok(value) = HeaderValue::from_str(&format!("W/{tag}")) {
        parts.headers.insert(header::ETAG, value);
    }
    // A page that sets a cookie is sent whole, so the cookie arrives with what it belongs to.
    if not_modified(&conditions, &tag) && !parts.headers.contains_key(header::SET_COOKIE) {
        parts.status = StatusCode::NOT_MODIFIED;
        // The stored page keeps the policy that names its own nonce (see `headers`).
        for name in [
            header::CONTENT_TYPE,
            header::CONTENT_LENGTH,
            header::CONTENT_SECURITY_POLICY,
        ] {
            parts.headers.remove(name);
        }
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The hash of a page with every occurrence of its nonce (the value of the first
/// `nonce="…"`) left out, so that renders differing only in the nonce share a tag.
pub fn page_hash(body: &[u8]) -> u64 {
    let Some(nonce) = nonce(body) else {
        return fnv1a(body);
    };
    let mut hash = fnv1a(b"");
    let mut rest = body;
    while let Some(at) = find(rest, nonce) {
        hash = fnv1a_more(hash, &rest[..at]);
        hash = fnv1a_more(hash, b"\0nonce\0");
        rest = &rest[at + nonce.len()..];
    }
    fnv1a_more(hash, rest)
}

/// The value of the first `nonce="…"` attribute, when it looks like one (base64 of random
/// bytes).
/// The value of the first `nonce="…"` in a page, if it looks like a nonce.
pub(crate) fn nonce(body: &[u8]) -> Option<&[u8]> {
    const ATTRIBUTE: &[u8] = b"nonce=\"";
    let start = find(body, ATTRIBUTE)? + ATTRIBUTE.len();
    let length = body[start..].iter().position(|&b| b == b'"')?;
    let value = &body[start..start + length];
    let plausible = (8..=128).contains(&value.len())
        && value
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'/' | b'='));
    plausible.then_some(value)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The request's `If-None-Match` lines, kept for after the page is rendered.
fn conditions(headers: &HeaderMap) -> HeaderMap {
    let mut kept = HeaderMap::new();
    for value in headers.get_all(header::IF_NONE_MATCH) {
        kept.append(header::IF_NONE_MATCH, value.clone());
    }
    kept
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(nonce: &str, text: &str) -> String {
        format!(
            r#"<link rel="modulepreload" href="/pkg/k.js" crossorigin="{nonce}"><script nonce="{nonce}">go()</script><p>{text}</p><script nonce="{nonce}"></script>"#
        )
    }

    #[test]
    fn renders_that_differ_only_in_the_nonce_share_a_hash() {
        let a = page("RhkT7xqykpkE-0XY44loIw", "Mongolia");
        let b = page("7hrWXD85V-BsXbUBiZYkEQ", "Mongolia");
        assert_ne!(a, b);
        assert_eq!(page_hash(a.as_bytes()), page_hash(b.as_bytes()));
    }

    #[test]
    fn any_other_difference_changes_the_hash() {
        let nonce = "RhkT7xqykpkE-0XY44loIw";
        let a = page(nonce, "Mongolia");
        assert_ne!(
            page_hash(a.as_bytes()),
            page_hash(page(nonce, "Mongolja").as_bytes())
        );
        // Without a nonce the hash is the body's own.
        assert_eq!(page_hash(b"<p>x</p>"), fnv1a(b"<p>x</p>"));
        assert_ne!(page_hash(b"<p>x</p>"), page_hash(b"<p>y</p>"));
    }
}
