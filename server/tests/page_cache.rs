//! HTTP tests of the page cache on the real router: a public page is rendered once and then
//! answered from memory, each answer with a nonce of its own that its policy names, plain or
//! gzip; a publication shows at once; logged-in accounts, account pages and an activity
//! reached from a search are rendered for the request; a revalidation is answered 304.

mod support;

use reqwest::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, ETAG, IF_NONE_MATCH,
    REFERER,
};
use reqwest::StatusCode;
use std::io::Read;

async fn spawn_site() -> support::TestSite {
    let turn = support::render_turn().await;
    let (state, listener, dir) = support::prepare().await;
    app::ssr::account::auth::ensure_demo_accounts(&state.pool)
        .await
        .unwrap();
    support::TestSite::serve(turn, state, listener, dir)
}

/// One answer, as a browser would read it.
struct Answer {
    status: StatusCode,
    cache: Option<String>,
    policy: Option<String>,
    etag: Option<String>,
    gzip: bool,
    body: String,
}

async fn fetch(site: &support::TestSite, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = site.client.get(site.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let r = request.send().await.unwrap();
    let header = |name| {
        r.headers()
            .get(name)
            .map(|v: &reqwest::header::HeaderValue| v.to_str().unwrap().to_string())
    };
    let (status, cache, policy, etag) = (
        r.status(),
        header(reqwest::header::HeaderName::from_static("x-cache")),
        header(CONTENT_SECURITY_POLICY),
        header(ETAG),
    );
    let gzip = header(CONTENT_ENCODING).as_deref() == Some("gzip");
    let bytes = r.bytes().await.unwrap();
    let body = if gzip {
        let mut out = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut out)
            .expect("a whole gzip member");
        out
    } else {
        String::from_utf8(bytes.to_vec()).unwrap()
    };
    Answer {
        status,
        cache,
        policy,
        etag,
        gzip,
        body,
    }
}

/// The nonce a page's scripts carry, checked against the one its policy names.
fn nonce_of(answer: &Answer) -> String {
    let start = answer.body.find("nonce=\"").expect("a script with a nonce") + 7;
    let nonce = &answer.body[start..start + answer.body[start..].find('"').unwrap()];
    let policy = answer.policy.as_deref().expect("a policy");
    assert!(
        policy.contains(&format!("'nonce-{nonce}'")),
        "the policy names the page's nonce: {policy}"
    );
    nonce.to_string()
}

#[tokio::test]
async fn a_public_page_is_rendered_once_and_every_answer_has_a_nonce_of_its_own() {
    let site = spawn_site().await;
    let first = fetch(&site, "/countries/MN", &[]).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.cache.as_deref(), Some("miss"));
    let plain = fetch(&site, "/countries/MN", &[]).await;
    let zipped = fetch(
        &site,
        "/countries/MN",
        &[(ACCEPT_ENCODING.as_str(), "gzip, deflate, br")],
    )
    .await;
    for answer in [&plain, &zipped] {
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.cache.as_deref(), Some("hit"));
        assert_eq!(answer.etag, first.etag, "the same tag");
    }
    assert!(!plain.gzip && zipped.gzip);
    let nonces = [nonce_of(&first), nonce_of(&plain), nonce_of(&zipped)];
    assert!(
        nonces[0] != nonces[1] && nonces[1] != nonces[2] && nonces[0] != nonces[2],
        "{nonces:?}"
    );
    for (answer, nonce) in [(&plain, &nonces[1]), (&zipped, &nonces[2])] {
        assert_eq!(
            answer.body.replace(nonce.as_str(), "N"),
            first.body.replace(nonces[0].as_str(), "N"),
            "the same page but for its nonce"
        );
        assert!(
            !answer.body.contains(&nonces[0]),
            "no trace of the first nonce"
        );
    }
    assert!(
        plain.body.contains(">Mongolia</h1>"),
        "{:.2000}",
        plain.body
    );
    // A revalidation is answered from the cache too, without a policy.
    let tag = first.etag.clone().unwrap();
    let r = fetch(&site, "/countries/MN", &[(IF_NONE_MATCH.as_str(), &tag)]).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    assert_eq!(r.cache.as_deref(), Some("hit"));
    assert!(r.policy.is_none() && r.body.is_empty());
    // Another address, or another language, is another page.
    let ja = fetch(&site, "/ja/countries/MN", &[]).await;
    assert_eq!(ja.cache.as_deref(), Some("miss"));
    assert!(ja.body.contains("モンゴル"));
}

#[tokio::test]
async fn a_confirmation_is_on_the_page_at_once() {
    let site = spawn_site().await;
    let slug = "iuhw-cho-ray-health-checkup-center";
    let path = format!("/activities/{slug}");
    for _ in 0..2 {
        let page = fetch(&site, &path, &[]).await;
        assert!(
            !page.body.contains(r#"<ul class="confirmations">"#),
            "not confirmed yet"
        );
    }
    assert_eq!(fetch(&site, &path, &[]).await.cache.as_deref(), Some("hit"));
    let cookie = site
        .login("editor.cho-ray-hospital@example.org", None)
        .await;
    let r = site
        .post(
            &format!("/partner/activities/{slug}/confirm"),
            Some(&cookie),
            &[("revision", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = fetch(&site, &path, &[]).await;
    assert_eq!(page.cache.as_deref(), Some("miss"), "the record changed");
    let list = page
        .body
        .find(r#"<ul class="confirmations">"#)
        .expect("the confirmation is on the page");
    assert!(page.body[list..].contains("Cho Ray Hospital"));
}

#[tokio::test]
async fn accounts_their_pages_and_a_page_reached_from_a_search_are_rendered_for_the_request() {
    let site = spawn_site().await;
    // A visitor's copy of the home page is kept...
    fetch(&site, "/", &[]).await;
    assert_eq!(fetch(&site, "/", &[]).await.cache.as_deref(), Some("hit"));
    // ...but someone logged in gets their own, private.
    let cookie = site.login("moderator@example.org", None).await;
    let mine = site.get_as("/", Some(&cookie)).await;
    assert_eq!(mine.status(), StatusCode::OK);
    assert!(mine.headers().get("x-cache").is_none());
    assert_eq!(mine.headers()[CACHE_CONTROL], "private, no-cache");
    // Account pages depend on more than the record: never kept.
    for path in ["/login", "/forgot-password", "/login?next=/partner"] {
        for _ in 0..2 {
            assert_eq!(fetch(&site, path, &[]).await.cache, None, "{path}");
        }
    }
    // An activity reached from a search leads back to that search.
    let slug = "nagasaki-living-donor-liver-transplantation-kazakhstan";
    fetch(&site, &format!("/activities/{slug}"), &[]).await;
    let referer = site.url("/activities?q=liver");
    let from_search = fetch(
        &site,
        &format!("/activities/{slug}"),
        &[(REFERER.as_str(), &referer)],
    )
    .await;
    assert_eq!(from_search.cache, None);
    assert!(
        from_search.body.contains(r#"href="/activities?q=liver""#),
        "{:.3000}",
        from_search.body
    );
    // Unknown pages answer 404 and are not kept.
    for _ in 0..2 {
        let missing = fetch(&site, "/countries/XX", &[]).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_ne!(missing.cache.as_deref(), Some("hit"));
    }
}
