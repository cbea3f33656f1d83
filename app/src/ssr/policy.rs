//! The Content-Security-Policy: which scripts, styles and connections a page may use.
//!
//! A page's inline scripts (hydration, the wasm loader and its preloads) carry the nonce
//! Leptos draws for each response (`leptos_axum`'s `nonce` feature); the page's policy names
//! that nonce, so an injected script, which cannot know it, does not run. Scripts from the
//! site's own files ('self') run; WebAssembly may be compiled ('wasm-unsafe-eval', which
//! allows `WebAssembly.instantiate` and nothing like `eval`). No plugin, no `<base>`, no
//! framing by other sites, forms only to this site.
//!
//! Every other answer (JSON, feeds, files, error pages written outside Leptos) gets
//! [`OTHER`], which allows no inline script at all.

use leptos::prelude::use_context;

/// The policy of everything that is not a page rendered by Leptos.
pub const OTHER: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; \
                         frame-ancestors 'none'; form-action 'self'";

/// The policy of a page whose inline scripts carry `nonce`. `watch` adds the live-reload
/// websocket of `cargo leptos watch` (another port, so not 'self').
pub fn page(nonce: &str, watch: bool) -> String {
    let connect = if watch {
        "; connect-src 'self' ws:"
    } else {
        ""
    };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'{connect}"
    )
}

/// Puts the policy naming this response's nonce on the response; call while the page
/// renders on the server (the shell does).
pub fn set_for_page() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    // Read once: the variable does not change while the server runs.
    static WATCH: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| std::env::var_os("LEPTOS_WATCH").is_some());
    if let Ok(value) = http::HeaderValue::from_str(&page(&nonce, *WATCH)) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_policy_allows_its_own_nonce_and_no_inline_script_otherwise() {
        let policy = page("abc123", false);
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        for strict in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(
                policy.contains(strict) && OTHER.contains(strict),
                "{strict}"
            );
        }
        assert!(!policy.contains("unsafe-inline") && !OTHER.contains("unsafe-inline"));
        assert!(!policy.contains("ws:"));
        assert!(page("n", true).ends_with("connect-src 'self' ws:"));
    }
}
