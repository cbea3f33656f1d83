//! HTTP tests of static files and page caching on the real router: each site gets a site root
//! of its own (a temporary folder with files named as cargo-leptos names them), so these run
//! without a built front end. Encodings (brotli, gzip, none), their headers, immutable versus
//! revalidated files, 304 for files and pages, no session cookie on static files, 404 for an
//! unknown file under `/pkg/`, and `private` for an account's own pages.

mod support;

use reqwest::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, COOKIE, ETAG, IF_NONE_MATCH,
    ORIGIN, SET_COOKIE, VARY,
};
use reqwest::StatusCode;
use std::io::Read;
use std::path::Path;

/// A name that looks hashed but is not the hash of the content it names.
const HASH: &str = "Q2FrZWhhc2hpLWJyaWRnZQ";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

fn css_raw() -> Vec<u8> {
    b"body { color: #123; margin: 0 }\n".repeat(64)
}

fn js_raw() -> Vec<u8> {
    b"export function hydrate() { return 42; }\n".repeat(50)
}

/// `/pkg/kakehashi.<md5>.css`, as cargo-leptos names it.
fn css_path() -> String {
    format!(
        "/pkg/kakehashi.{}.css",
        server::assets::content_hash(&css_raw())
    )
}

fn js_path() -> String {
    format!(
        "/pkg/kakehashi.{}.js",
        server::assets::content_hash(&js_raw())
    )
}

/// A site root as `make build` leaves it: a hashed stylesheet with its `.br`/`.gz` (stand-ins:
/// what is served is what the files hold), a hashed script without them (compressed at
/// start), the wasm-split loader, and a copied public file.
fn write_site(root: &Path) {
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let css = root.join(&css_path()[1..]);
    std::fs::write(&css, css_raw()).unwrap();
    std::fs::write(
        root.join(format!("{}.br", &css_path()[1..])),
        b"BROTLI-FORM",
    )
    .unwrap();
    std::fs::write(root.join(format!("{}.gz", &css_path()[1..])), b"GZIP-FORM").unwrap();
    std::fs::write(root.join(&js_path()[1..]), js_raw()).unwrap();
    // Named like a hashed file, but rewritten after naming (as `--split` does to the main wasm).
    std::fs::write(pkg.join(format!("kakehashi.{HASH}.wasm")), [0u8; 64]).unwrap();
    std::fs::write(
        pkg.join(format!("__wasm_split.{HASH}.js")),
        "export const chunks = ['chunk_1'];\n".repeat(10),
    )
    .unwrap();
    std::fs::write(
        root.join("favicon.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>"#,
    )
    .unwrap();
}

/// A fresh seeded site serving `write_site`'s files; with the demo accounts.
async fn site() -> support::TestSite {
    let turn = support::render_turn().await;
    let (mut state, listener, dir) = support::prepare().await;
    let root = dir.path().join("site");
    write_site(&root);
    state.leptos_options.site_root = root.display().to_string().into();
    app::ssr::account::auth::ensure_demo_accounts(&state.pool)
        .await
        .unwrap();
    support::TestSite::serve(turn, state, listener, dir)
}

async fn get_with(
    site: &support::TestSite,
    path: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = site.client.get(format!("{}{path}", site.base));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

fn header(r: &reqwest::Response, name: impl reqwest::header::AsHeaderName) -> &str {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_stylesheet_comes_brotli_gzip_or_plain_as_the_request_allows() {
    let site = site().await;
    let path = css_path();
    for (accept, encoding, body) in [
        (
            Some("gzip, deflate, br, zstd"),
            "br",
            b"BROTLI-FORM".to_vec(),
        ),
        (Some("gzip, deflate"), "gzip", b"GZIP-FORM".to_vec()),
        (Some("br;q=0, gzip"), "gzip", b"GZIP-FORM".to_vec()),
        (Some("identity"), "", css_raw()),
        (None, "", css_raw()),
    ] {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("accept-encoding", a)).into_iter().collect();
        let r = get_with(&site, &path, &headers).await;
        assert_eq!(r.status(), StatusCode::OK, "{accept:?}");
        assert_eq!(header(&r, CONTENT_ENCODING), encoding, "{accept:?}");
        assert_eq!(header(&r, CONTENT_TYPE), "text/css; charset=utf-8");
        assert_eq!(header(&r, VARY), "accept-encoding");
        assert_eq!(header(&r, CACHE_CONTROL), IMMUTABLE);
        assert_eq!(header(&r, "x-content-type-options"), "nosniff");
        assert!(header(&r, ETAG).starts_with("W/\""), "{:?}", r.headers());
        assert!(r.headers().get(SET_COOKIE).is_none(), "no session on files");
        assert_eq!(
            r.bytes().await.unwrap().as_ref(),
            body.as_slice(),
            "{accept:?}"
        );
    }
}

#[tokio::test]
async fn a_file_without_precompressed_forms_is_compressed_once_at_start() {
    let site = site().await;
    let path = js_path();
    let raw = get_with(&site, &path, &[]).await;
    assert_eq!(header(&raw, CONTENT_TYPE), "text/javascript; charset=utf-8");
    assert_eq!(header(&raw, CACHE_CONTROL), IMMUTABLE);
    let raw = raw.bytes().await.unwrap().to_vec();

    let r = get_with(&site, &path, &[("accept-encoding", "br")]).await;
    assert_eq!(header(&r, CONTENT_ENCODING), "br");
    let encoded = r.bytes().await.unwrap();
    assert!(encoded.len() < raw.len());
    let mut decoded = Vec::new();
    brotli::Decompressor::new(encoded.as_ref(), 4096)
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, raw);

    let r = get_with(&site, &path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(header(&r, CONTENT_ENCODING), "gzip");
    let encoded = r.bytes().await.unwrap();
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(encoded.as_ref())
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, raw);
}

#[tokio::test]
async fn files_without_a_content_hash_are_revalidated_and_answer_304() {
    let site = site().await;
    for path in [
        "/favicon.svg".to_string(),
        format!("/pkg/__wasm_split.{HASH}.js"),
        format!("/pkg/kakehashi.{HASH}.wasm"),
    ] {
        let r = get_with(&site, &path, &[("accept-encoding", "gzip")]).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&r, CACHE_CONTROL), "no-cache", "{path}");
        let tag = header(&r, ETAG).to_string();
        assert!(tag.starts_with("W/\""), "{path}: {tag}");

        for sent in [
            tag.clone(),
            tag.trim_start_matches("W/").to_string(),
            format!("\"other\", {tag}"),
        ] {
            let again = get_with(&site, &path, &[(IF_NONE_MATCH.as_str(), &sent)]).await;
            assert_eq!(
                again.status(),
                StatusCode::NOT_MODIFIED,
                "{path} with {sent}"
            );
            assert_eq!(header(&again, ETAG), tag);
            assert_eq!(header(&again, CACHE_CONTROL), "no-cache");
            assert!(again.bytes().await.unwrap().is_empty());
        }
        let other = get_with(&site, &path, &[(IF_NONE_MATCH.as_str(), "W/\"other\"")]).await;
        assert_eq!(other.status(), StatusCode::OK);
    }
    let svg = get_with(&site, "/favicon.svg", &[]).await;
    assert_eq!(header(&svg, CONTENT_TYPE), "image/svg+xml");
}

#[tokio::test]
async fn an_unknown_file_under_pkg_is_a_plain_404_without_a_session() {
    let site = site().await;
    for path in ["/pkg/nothing.js", "/pkg/kakehashi.css", "/pkg/"] {
        let r = get_with(&site, path, &[]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(r.headers().get(SET_COOKIE).is_none());
        assert_eq!(
            r.text().await.unwrap(),
            "not found",
            "not the site's 404 page"
        );
    }
    // Elsewhere an unknown address is still the site's own 404 page.
    let (status, page) = site.page("/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("</html>"));
}

#[tokio::test]
async fn head_is_answered_and_other_methods_are_refused() {
    let site = site().await;
    let path = format!("{}{}", site.base, css_path());
    let r = site.client.head(&path).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, CACHE_CONTROL), IMMUTABLE);
    assert_eq!(header(&r, "content-length"), css_raw().len().to_string());
    let r = site.client.post(&path).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn pages_carry_a_tag_of_their_body_and_answer_304_to_it() {
    let site = site().await;
    for path in ["/", "/countries/MN", "/ja/activities?q=liver"] {
        let r = get_with(&site, path, &[(ACCEPT_ENCODING.as_str(), "gzip")]).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&r, CACHE_CONTROL), "no-cache", "{path}");
        let tag = header(&r, ETAG).to_string();
        assert!(tag.starts_with("W/\"p"), "{path}: {tag}");
        // The same page twice is the same bytes, so the same tag.
        let r = get_with(&site, path, &[]).await;
        assert_eq!(
            header(&r, ETAG),
            tag,
            "{path}: a page must render the same twice"
        );

        let again = get_with(
            &site,
            path,
            &[
                (IF_NONE_MATCH.as_str(), &tag),
                (ACCEPT_ENCODING.as_str(), "gzip, br"),
            ],
        )
        .await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(header(&again, ETAG), tag);
        assert_eq!(header(&again, CACHE_CONTROL), "no-cache");
        assert!(again.headers().get(CONTENT_ENCODING).is_none());
        assert!(again.bytes().await.unwrap().is_empty());

        let stale = get_with(&site, path, &[(IF_NONE_MATCH.as_str(), "W/\"p0-0\"")]).await;
        assert_eq!(stale.status(), StatusCode::OK);
        assert!(stale.text().await.unwrap().contains("</html>"));
    }
    // The page links the stylesheet and preloads the script; the script loads the wasm after
    // the first paint, and the wasm is not preloaded (it would compete with the stylesheet and
    // the first paint: app::shell, BootScript).
    let (_, home) = site.page("/").await;
    for link in [
        r#"<link id="leptos" rel="stylesheet" href="/pkg/kakehashi.css">"#,
        r#"<link rel="modulepreload" href="/pkg/kakehashi.js""#,
        // `kakehashi_bg.wasm` in a plain cargo build such as this one, `kakehashi.wasm` (with
        // its hash) under cargo-leptos.
        r#"import("/pkg/kakehashi.js").then(m => new Promise(painted => {"#,
        r#"if (list.getEntriesByName("first-contentful-paint").length) { o.disconnect(); painted(); }"#,
        r#".then(() => m.default({module_or_path: "/pkg/kakehashi"#,
    ] {
        assert!(home.contains(link), "{link} missing from {home:.1500}");
    }
    assert!(!home.contains(r#"rel="preload""#), "{home:.1500}");
    // The page's nonce stands only in `nonce` attributes, which browsers hide from the page's
    // own styles and scripts; anywhere else a style rule could read it out.
    let r = get_with(&site, "/", &[]).await;
    let policy = header(&r, "content-security-policy").to_string();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the policy names a nonce")
        .to_string();
    let home = r.text().await.unwrap();
    let everywhere = home.matches(&nonce).count();
    assert!(everywhere > 0);
    assert_eq!(
        everywhere,
        home.matches(&format!("nonce=\"{nonce}\"")).count(),
        "{home:.1500}"
    );
}

#[tokio::test]
async fn exports_and_the_api_keep_their_own_tags() {
    let site = site().await;
    for path in ["/activities.csv?q=liver", "/api/v1/fields", "/feed.atom"] {
        let r = get_with(&site, path, &[]).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(
            !header(&r, ETAG).starts_with("W/\"p"),
            "{path}: {:?}",
            r.headers()
        );
    }
}

#[tokio::test]
async fn an_accounts_pages_are_private_and_login_still_sets_its_cookie() {
    let site = site().await;
    let login = site
        .client
        .post(format!("{}/login", site.base))
        .header(ORIGIN, &site.base)
        .form(&[
            ("email", "editor.nagasaki-university@example.org"),
            ("password", "kakehashi-demo"),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let cookie = login
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kakehashi_session="))
        .map(|v| v.split(';').next().unwrap().to_string())
        .expect("login sets the session cookie");

    for path in ["/partner", "/"] {
        let r = get_with(&site, path, &[(COOKIE.as_str(), &cookie)]).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&r, CACHE_CONTROL), "private, no-cache", "{path}");
        let tag = header(&r, ETAG).to_string();
        let again = get_with(
            &site,
            path,
            &[(COOKIE.as_str(), &cookie), (IF_NONE_MATCH.as_str(), &tag)],
        )
        .await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
    }
    // The same address for a visitor is public.
    let visitor = get_with(&site, "/", &[]).await;
    assert_eq!(header(&visitor, CACHE_CONTROL), "no-cache");
    // Static files never carry the session, even for a logged-in request.
    let css = get_with(&site, &css_path(), &[(COOKIE.as_str(), &cookie)]).await;
    assert!(css.headers().get(SET_COOKIE).is_none());
}

#[test]
fn the_hash_file_must_name_files_the_site_has() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_site(&root);
    let assets = server::assets::SiteAssets::load(&root, "pkg").unwrap();
    assert_eq!(assets.len(), 5, "the .br and .gz are forms, not files");
    assert_eq!(
        assets.compressed_at_start(),
        4,
        "script, loader, wasm, icon"
    );

    let (js, css) = (
        server::assets::content_hash(&js_raw()),
        server::assets::content_hash(&css_raw()),
    );
    let hash_file = dir.path().join("hash.txt");
    std::fs::write(
        &hash_file,
        format!("js: {js}\nwasm: {HASH}\ncss: {css}\nsplit: {HASH}\n"),
    )
    .unwrap();
    assets
        .check_hash_file(&hash_file, "kakehashi", "pkg")
        .unwrap();

    std::fs::write(&hash_file, format!("js: {js}\nwasm: {js}\ncss: {css}\n")).unwrap();
    let error = assets
        .check_hash_file(&hash_file, "kakehashi", "pkg")
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains(&format!("/pkg/kakehashi.{js}.wasm")),
        "{error}"
    );
    let error = assets
        .check_hash_file(&dir.path().join("missing.txt"), "kakehashi", "pkg")
        .unwrap_err();
    assert!(error.to_string().contains("missing.txt"), "{error}");

    let error = server::assets::SiteAssets::load(&dir.path().join("nowhere"), "pkg").unwrap_err();
    assert!(error.to_string().contains("LEPTOS_SITE_ROOT"), "{error}");
}
