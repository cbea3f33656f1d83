//! The security headers of every answer, pages and static files alike.
//!
//! - `Content-Security-Policy`: a page rendered by Leptos sets its own, naming its nonce
//!   (`app::ssr::policy`); everything else gets [`policy::OTHER`]. A 304 carries none, so
//!   the browser keeps the policy it stored with the page, whose nonce matches the page's
//!   scripts (the stored headers are updated from a 304's, RFC 9111 §4.3.4).
//! - `X-Frame-Options: DENY` for browsers older than `frame-ancestors`;
//!   `Cross-Origin-Opener-Policy: same-origin`; a `Permissions-Policy` that turns off what
//!   the site never uses (camera, microphone, location, payment, USB);
//! - `Strict-Transport-Security` for a year when the public address is https;
//! - `X-Content-Type-Options: nosniff`, `Referrer-Policy: strict-origin-when-cross-origin`.

use app::ssr::policy;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// Whether the site is served over https (then browsers are told to keep to it).
#[derive(Clone, Copy, Debug)]
pub struct Https(pub bool);

const PERMISSIONS: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The middleware, outermost: it sees every answer, static files included.
pub async fn security(State(https): State<Https>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let not_modified = response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    if !not_modified {
        set(header::CONTENT_SECURITY_POLICY, policy::OTHER);
    }
    set(header::X_FRAME_OPTIONS, "DENY");
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(HeaderName::from_static("permissions-policy"), PERMISSIONS);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    if https.0 {
        set(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    response
}
