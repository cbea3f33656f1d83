//! HTTP tests: the real router on a loopback port with a fresh database, as a browser or a
//! crawler would meet it, covering each status a visitor can get.

use reqwest::redirect::Policy;
use reqwest::StatusCode;
use std::net::SocketAddr;
use std::path::Path;

struct TestSite {
    base: String,
    client: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl TestSite {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    async fn page(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        (r.status(), r.text().await.unwrap())
    }
}

async fn spawn_site() -> TestSite {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("site.db").display());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let options = server::config::options_for(addr, "target/site");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let state = server::build_state(options, &url, &data).await.unwrap();
    tokio::spawn(async move {
        axum::serve(listener, server::router(state)).await.unwrap();
    });
    TestSite {
        base: format!("http://{addr}"),
        client: reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap(),
        _dir: dir,
    }
}

#[tokio::test]
async fn the_health_check_answers_when_the_database_does() {
    let site = spawn_site().await;
    let (status, body) = site.page("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok");
}

#[tokio::test]
async fn the_home_page_is_server_rendered_in_english() {
    let site = spawn_site().await;
    let (status, body) = site.page("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#"<html lang="en""#), "{body:.300}");
    assert!(body.contains("25 activities"));
    assert!(body.contains(r#"<form method="get" action="/activities""#));
    assert!(body.contains(r#"hreflang="ja""#));
}

#[tokio::test]
async fn the_japanese_home_page_is_japanese() {
    let site = spawn_site().await;
    let (status, body) = site.page("/ja").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#"<html lang="ja""#));
    assert!(body.contains("日本の国際医療協力の公開アトラス"));
    assert!(body.contains("25件の活動"));
    assert!(body.contains(r#"action="/ja/activities""#));
}

#[tokio::test]
async fn a_search_is_rendered_on_the_server() {
    let site = spawn_site().await;
    let (status, body) = site.page("/activities?q=liver").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(
        "Nagasaki University supports living donor liver transplants in Almaty, Kazakhstan"
    ));
    assert!(!body.contains("Mie University professors visit the University of Zambia"));
    // The box shows what was searched for.
    assert!(body.contains(r#"value="liver""#));
}

#[tokio::test]
async fn a_japanese_search_is_rendered_on_the_server() {
    let site = spawn_site().await;
    let (status, body) = site
        .page("/ja/activities?q=%E8%82%9D%E7%A7%BB%E6%A4%8D")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("長崎大学、カザフスタン・アルマトイで生体肝移植を支援"));
}

#[tokio::test]
async fn an_activity_page_names_its_source() {
    let site = spawn_site().await;
    let (status, body) = site
        .page("/activities/nagasaki-living-donor-liver-transplantation-kazakhstan")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#"href="https://www.surgery2.med.nagasaki-u.ac.jp/newtopics/""#));
    assert!(body.contains("<h1>Nagasaki University supports living donor liver transplants in Almaty, Kazakhstan</h1>"));
}

#[tokio::test]
async fn unknown_addresses_answer_404() {
    let site = spawn_site().await;
    for path in [
        "/no-such-page",
        "/activities/no-such-activity",
        "/ja/activities/no-such-activity",
        "/activities/NOT..A..SLUG",
    ] {
        let (status, body) = site.page(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            body.contains("Page not found") || body.contains("ページが見つかりません"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_trailing_slash_redirects_to_the_one_address() {
    let site = spawn_site().await;
    let r = site.get("/ja/").await;
    assert_eq!(r.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.headers()["location"], "/ja");
    let r = site.get("/activities/?q=liver").await;
    assert_eq!(r.headers()["location"], "/activities?q=liver");
}

#[tokio::test]
async fn the_search_server_function_answers_json() {
    let site = spawn_site().await;
    let r = site
        .client
        .post(format!("{}/api/search_activities", site.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("q=Georgia")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.text().await.unwrap();
    assert!(body.starts_with('['), "{body:.200}");
    assert!(body.contains("nagasaki-living-donor-liver-transplantation-georgia"));
}

#[tokio::test]
async fn a_malformed_server_function_call_is_refused_without_internals() {
    let site = spawn_site().await;
    let r = site
        .client
        .post(format!("{}/api/search_activities", site.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("nonsense=1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body = r.text().await.unwrap();
    assert!(body.contains("BadRequest"), "{body}");
    assert!(!body.to_lowercase().contains("sqlite"));
}

#[tokio::test]
async fn pages_carry_security_headers_and_compress() {
    let site = spawn_site().await;
    let r = site
        .client
        .get(format!("{}/activities", site.base))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.headers()["content-encoding"], "br");
}
