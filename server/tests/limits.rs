//! Request limits: bodies over 256 KiB get 413 with a translated page and change nothing;
//! the per-address login limit sees the client behind a trusted proxy, and nobody else's
//! `X-Forwarded-For`.

mod support;

use app::ssr::db::Pool;
use app::ssr::proxies::TrustedProxies;
use reqwest::header::{CONTENT_TYPE, ORIGIN};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const EDITOR: &str = "editor.nagasaki-university@example.org";

/// A site with the demo accounts; `proxies` as `KAKEHASHI_TRUSTED_PROXIES` would set them.
async fn site(proxies: &str) -> (support::TestSite, Pool) {
    let turn = support::render_turn().await;
    let (mut state, listener, dir) = support::prepare().await;
    state.trusted_proxies = TrustedProxies::parse(proxies).unwrap();
    app::ssr::account::auth::ensure_demo_accounts(&state.pool)
        .await
        .unwrap();
    let pool = state.pool.clone();
    (support::TestSite::serve(turn, state, listener, dir), pool)
}

async fn audit_rows(pool: &Pool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_body_over_the_limit_gets_413_in_the_pages_language_and_changes_nothing() {
    let (site, pool) = site("").await;
    let before = audit_rows(&pool).await;
    let huge = format!("email={EDITOR}&password={}", "x".repeat(5 * 1024 * 1024));
    for (path, words, lang) in [
        ("/login", "256 KB", "en"),
        ("/ja/login", "256 KBまで", "ja"),
    ] {
        let r = site
            .client
            .post(format!("{}{path}", site.base))
            .header(ORIGIN, &site.base)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(huge.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let page = r.text().await.unwrap();
        assert!(page.contains(&format!("<html lang=\"{lang}\"")), "{page}");
        assert!(page.contains(words), "{page}");
        assert!(
            page.contains(&format!("href=\"{path}\"")),
            "a way back: {page}"
        );
    }
    assert_eq!(audit_rows(&pool).await, before, "nothing was recorded");
    // Under the limit, the form is read and answered as usual.
    let r = site
        .client
        .post(format!("{}/login", site.base))
        .header(ORIGIN, &site.base)
        .form(&[("email", EDITOR), ("password", &"x".repeat(200 * 1024))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_body_without_a_length_is_read_only_up_to_the_limit() {
    let (site, _pool) = site("").await;
    let addr = site.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /login HTTP/1.1\r\nHost: {addr}\r\nOrigin: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n",
        site.base
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = "a".repeat(64 * 1024);
    // 320 KiB in five chunks; the server answers once it has read past 256 KiB.
    for _ in 0..5 {
        let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
        if stream.write_all(framed.as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer:.300}");
}

/// Fails a login as if from behind a proxy that says the client is `forwarded`, and returns
/// the address the audit log recorded for it.
async fn failed_login_from(site: &support::TestSite, pool: &Pool, forwarded: &str) -> String {
    let r = site
        .client
        .post(format!("{}/login", site.base))
        .header(ORIGIN, &site.base)
        .header("x-forwarded-for", forwarded)
        .form(&[("email", EDITOR), ("password", "not it")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    sqlx::query_scalar("SELECT ip FROM audit_log ORDER BY id DESC LIMIT 1")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_client_is_the_address_it_names() {
    let (site, pool) = site("127.0.0.1/32").await;
    assert_eq!(
        failed_login_from(&site, &pool, "198.51.100.7").await,
        "198.51.100.7"
    );
    // What the visitor wrote themselves, left of what the proxy saw, is not believed.
    assert_eq!(
        failed_login_from(&site, &pool, "10.9.9.9, 198.51.100.8").await,
        "198.51.100.8"
    );
}

#[tokio::test]
async fn without_trusted_proxies_the_header_is_ignored() {
    let (site, pool) = site("").await;
    assert_eq!(
        failed_login_from(&site, &pool, "198.51.100.7").await,
        "127.0.0.1"
    );
}

#[tokio::test]
async fn a_request_whose_headers_never_finish_is_cut_off() {
    let (site, _pool) = site("").await;
    let addr = site.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let started = std::time::Instant::now();
    // A request line and one header, then nothing: the head never ends.
    stream
        .write_all(format!("GET / HTTP/1.1\r\nHost: {addr}\r\n").as_bytes())
        .await
        .unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        server::connections::HEADER_TIMEOUT + std::time::Duration::from_secs(5),
        stream.read_to_end(&mut answer),
    )
    .await;
    let waited = started.elapsed();
    assert!(
        read.is_ok(),
        "the connection was still open after {waited:?}"
    );
    assert!(
        waited >= server::connections::HEADER_TIMEOUT - std::time::Duration::from_millis(500),
        "cut off after only {waited:?}"
    );
    // The site still answers others.
    assert_eq!(site.get("/healthz").await.status(), StatusCode::OK);
}
