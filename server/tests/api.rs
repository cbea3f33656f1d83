//! HTTP tests of the JSON API under `/api/v1/` on the real router with a fresh seeded
//! database, checked as a client would: totals equal the search page's, paging, facets,
//! every list and detail, errors as JSON with their status (400 naming the parameter, 404),
//! CORS, ETag and 304, and the OpenAPI document.

mod support;

use app::ssr::db::Pool;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::api::schema::ActivityItem;
use std::collections::BTreeSet;

struct Site {
    base: String,
    client: reqwest::Client,
    pool: Pool,
    _dir: tempfile::TempDir,
    _turn: support::RenderTurn,
}

/// An answer: status, headers and the body as JSON (`Value::Null` when empty).
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Site {
    async fn start() -> Site {
        let turn = support::render_turn().await;
        let (state, listener, dir) = support::prepare().await;
        let pool = state.pool.clone();
        let (base, client) = support::serve(listener, state);
        Site {
            base,
            client,
            pool,
            _dir: dir,
            _turn: turn,
        }
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let r = request.send().await.unwrap();
        let (status, headers) = (r.status(), r.headers().clone());
        let text = r.text().await.unwrap();
        let body = match text.is_empty() {
            true => Value::Null,
            false => serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text:.300}")),
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, path: &str) -> Answer {
        self.send(self.client.get(format!("{}{path}", self.base)))
            .await
    }

    /// The body of a 200 JSON answer.
    async fn json(&self, path: &str) -> Value {
        let a = self.get(path).await;
        assert_eq!(a.status, StatusCode::OK, "{path}: {}", a.body);
        assert_eq!(a.headers["content-type"], "application/json", "{path}");
        a.body
    }

    /// The total the search page shows a reader for a view (`/activities?…`, its results
    /// summary: "12 activities", "1 result for “liver”").
    async fn page_total(&self, query: &str) -> u64 {
        let sep = if query.is_empty() { "" } else { "?" };
        let r = self
            .client
            .get(format!("{}/activities{sep}{query}", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{query}");
        let html = r.text().await.unwrap();
        let summary = html
            .split_once(r#"id="results-summary""#)
            .and_then(|(_, rest)| rest.split_once('>'))
            .map(|(_, text)| text)
            .unwrap_or_else(|| panic!("{query}: no results summary"));
        let digits: String = summary.chars().take_while(char::is_ascii_digit).collect();
        digits
            .parse()
            .unwrap_or_else(|_| panic!("{query}: {:.80}", summary))
    }
}

fn slugs(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["slug"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_search_answers_the_search_pages_totals_for_the_same_view() {
    let site = Site::start().await;
    for query in [
        "",
        "country=KZ",
        "q=liver",
        "q=%E8%82%9D%E7%A7%BB%E6%A4%8D",
        "field=liver-transplantation&status=completed",
        "country=KZ&country=MN&from=2015",
    ] {
        let page = site.json(&format!("/api/v1/activities?{query}")).await;
        let total = page["total"].as_u64().unwrap();
        assert_eq!(total, site.page_total(query).await, "{query}");
        assert!(total > 0, "{query} matches something in the seed record");
        assert_eq!(
            page["items"].as_array().unwrap().len() as u64,
            total.min(20),
            "{query}"
        );
    }
}

#[tokio::test]
async fn pages_follow_one_another_and_a_page_past_the_last_is_empty() {
    let site = Site::start().await;
    let all = site.json("/api/v1/activities?sort=title&per_page=6").await;
    let first = site.json("/api/v1/activities?sort=title&per_page=3").await;
    let second = site
        .json("/api/v1/activities?sort=title&per_page=3&page=2")
        .await;
    assert_eq!([slugs(&first), slugs(&second)].concat(), slugs(&all));
    assert_eq!(
        (first["page"].clone(), first["per_page"].clone()),
        (json!(1), json!(3))
    );
    let total = all["total"].as_u64().unwrap();
    assert_eq!(first["pages"].as_u64().unwrap(), total.div_ceil(3));
    let hundred = site.json("/api/v1/activities?per_page=100").await;
    assert_eq!(
        hundred["items"].as_array().unwrap().len() as u64,
        total.min(100)
    );
    let past = site.json("/api/v1/activities?page=999").await;
    assert_eq!(past["items"], json!([]));
    assert_eq!(past["total"].as_u64(), Some(total));
}

#[tokio::test]
async fn a_search_carries_its_facet_counts() {
    let site = Site::start().await;
    let page = site.json("/api/v1/activities?country=KZ").await;
    let facets = &page["facets"];
    for key in ["country", "region", "field", "kind", "status", "org"] {
        assert!(facets[key].is_array(), "facet {key}");
    }
    let kz = facets["country"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["value"] == "KZ")
        .expect("the chosen country is in its facet");
    assert_eq!(kz["selected"], true);
    assert_eq!(kz["count"], page["total"]);
    assert_eq!(
        (kz["en"].as_str(), kz["ja"].as_str()),
        (Some("Kazakhstan"), Some("カザフスタン"))
    );
    let fields: u64 = facets["field"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["count"].as_u64().unwrap())
        .sum();
    assert!(
        fields >= page["total"].as_u64().unwrap(),
        "every activity has a field"
    );
}

#[tokio::test]
async fn every_activity_served_is_the_documented_item_and_the_exports_own() {
    let site = Site::start().await;
    let export = site.json("/activities.json").await;
    let mut served = Vec::new();
    for page in 1.. {
        let p = site
            .json(&format!(
                "/api/v1/activities?sort=title&per_page=100&page={page}"
            ))
            .await;
        served.extend(p["items"].as_array().unwrap().clone());
        if page >= p["pages"].as_u64().unwrap() {
            break;
        }
    }
    assert_eq!(served.len(), export.as_array().unwrap().len());
    for item in &served {
        if let Err(error) = serde_json::from_value::<ActivityItem>(item.clone()) {
            panic!(
                "{} does not match the documented item: {error}",
                item["slug"]
            );
        }
    }
    let first = &served[0];
    let slug = first["slug"].as_str().unwrap();
    let one = site.json(&format!("/api/v1/activities/{slug}")).await;
    assert_eq!(&one, first, "the list and the detail agree");
    let exported = export
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["slug"] == slug)
        .unwrap();
    assert_eq!(&one, exported, "the API and the JSON export agree");
}

#[tokio::test]
async fn organisations_countries_and_fields_are_listed_and_described() {
    let site = Site::start().await;
    let orgs = site.json("/api/v1/organizations").await;
    assert_eq!(orgs["total"], orgs["items"].as_array().unwrap().len());
    let japan = site
        .json("/api/v1/organizations?side=japan&name=nagasaki")
        .await;
    assert!(japan["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["japanese"] == true && o["country"]["code"] == "JP"));
    assert!(slugs(&japan).contains(&"nagasaki-university".to_string()));

    let nagasaki = site.json("/api/v1/organizations/nagasaki-university").await;
    assert_eq!(nagasaki["name"]["ja"], "長崎大学");
    assert_eq!(nagasaki["kind"]["code"], "university");
    assert!(nagasaki["activities"].as_array().unwrap().len() > 1);
    assert_eq!(
        nagasaki["permalink"]["ja"],
        "https://kakehashi.example/ja/organizations/nagasaki-university"
    );
    let by_org = site
        .json("/api/v1/activities?org=nagasaki-university")
        .await;
    assert_eq!(
        by_org["total"],
        nagasaki["activities"].as_array().unwrap().len()
    );

    let countries = site.json("/api/v1/countries").await;
    let list = countries["items"].as_array().unwrap();
    assert!(list.len() > 200, "every ISO country");
    let vn = list.iter().find(|c| c["code"] == "VN").unwrap();
    assert_eq!(vn["ja"], "ベトナム");
    let detail = site.json("/api/v1/countries/VN").await;
    assert_eq!(
        detail["activities"].as_array().unwrap().len() as u64,
        vn["activities"].as_u64().unwrap()
    );
    assert!(!detail["japanese_organizations"]
        .as_array()
        .unwrap()
        .is_empty());
    let in_vn = site.json("/api/v1/activities?country=VN").await;
    assert_eq!(in_vn["total"], vn["activities"]);

    let fields = site.json("/api/v1/fields").await;
    let liver = fields["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["slug"] == "liver-transplantation")
        .unwrap();
    assert_eq!(liver["dac"], 12191);
    let by_field = site
        .json("/api/v1/activities?field=liver-transplantation")
        .await;
    assert_eq!(liver["activities"], by_field["total"]);
}

#[tokio::test]
async fn bad_parameters_are_400_in_json_naming_the_parameter() {
    let site = Site::start().await;
    for (path, parameter, code) in [
        ("/api/v1/activities?per_page=0", "per_page", "bad_parameter"),
        (
            "/api/v1/activities?per_page=101",
            "per_page",
            "bad_parameter",
        ),
        ("/api/v1/activities?page=0", "page", "bad_parameter"),
        ("/api/v1/activities?page=two", "page", "bad_parameter"),
        ("/api/v1/activities?from=20x5", "from", "bad_parameter"),
        ("/api/v1/activities?country=kz", "country", "bad_parameter"),
        ("/api/v1/activities?country=ZZ", "country", "bad_parameter"),
        ("/api/v1/activities?kind=castle", "kind", "bad_parameter"),
        (
            "/api/v1/activities?status=finished",
            "status",
            "bad_parameter",
        ),
        ("/api/v1/activities?sort=random", "sort", "bad_parameter"),
        ("/api/v1/activities?field=nowhere", "field", "bad_parameter"),
        (
            "/api/v1/activities?contry=KZ",
            "contry",
            "unknown_parameter",
        ),
        ("/api/v1/organizations?side=both", "side", "bad_parameter"),
        ("/api/v1/countries?page=2", "page", "unknown_parameter"),
        ("/api/v1/activities/x?y=1", "y", "unknown_parameter"),
    ] {
        let a = site.get(path).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(a.headers["content-type"], "application/json", "{path}");
        let error = &a.body["error"];
        assert_eq!(error["status"], 400, "{path}");
        assert_eq!(error["code"], code, "{path}");
        assert_eq!(error["parameter"], parameter, "{path}");
        assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{path}"
        );
    }
}

#[tokio::test]
async fn unknown_slugs_codes_and_addresses_are_404_in_json() {
    let site = Site::start().await;
    for path in [
        "/api/v1/activities/no-such-activity",
        "/api/v1/activities/Not%20A%20Slug",
        "/api/v1/organizations/no-such-organisation",
        "/api/v1/countries/ZZ",
        "/api/v1/countries/vn",
        "/api/v1/countries/VNM",
        "/api/v1/nowhere",
        "/api/v1/activities/x/y",
        "/api/v1",
    ] {
        let a = site.get(path).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(a.headers["content-type"], "application/json", "{path}");
        assert_eq!(a.body["error"]["code"], "not_found", "{path}");
        assert_eq!(a.body["error"]["status"], 404, "{path}");
    }
    let post = site
        .send(site.client.post(format!("{}/api/v1/activities", site.base)))
        .await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(post.body["error"]["code"], "method_not_allowed");
}

#[tokio::test]
async fn every_answer_allows_any_origin() {
    let site = Site::start().await;
    for path in [
        "/api/v1/activities",
        "/api/v1/countries/VN",
        "/api/v1/activities?per_page=0",
        "/api/v1/nowhere",
        "/api/v1/openapi.json",
    ] {
        let a = site
            .send(
                site.client
                    .get(format!("{}{path}", site.base))
                    .header("Origin", "https://elsewhere.example"),
            )
            .await;
        assert_eq!(a.headers["access-control-allow-origin"], "*", "{path}");
    }
    // A page script that sends If-None-Match itself is preflighted.
    let r = site
        .client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/v1/activities", site.base),
        )
        .header("Origin", "https://elsewhere.example")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "if-none-match")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert!(r.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("if-none-match"));
}

#[tokio::test]
async fn a_conditional_get_answers_304_until_the_record_changes() {
    let site = Site::start().await;
    let path = "/api/v1/activities?country=KZ";
    let first = site.get(path).await;
    let etag = first.headers["etag"].clone();
    assert!(etag.to_str().unwrap().starts_with("W/\""), "{etag:?}");
    assert_eq!(first.headers["cache-control"], "no-cache");
    let again = |tag: HeaderValue| {
        site.send(
            site.client
                .get(format!("{}{path}", site.base))
                .header("If-None-Match", tag),
        )
    };
    let not_modified = again(etag.clone()).await;
    assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);
    assert_eq!(not_modified.body, Value::Null, "no body");
    assert_eq!(not_modified.headers["etag"], etag);
    assert_eq!(not_modified.headers["access-control-allow-origin"], "*");
    // The strong form of the same tag matches too (weak comparison).
    let strong = etag.to_str().unwrap().trim_start_matches("W/").to_string();
    assert_eq!(
        again(HeaderValue::from_str(&strong).unwrap()).await.status,
        StatusCode::NOT_MODIFIED
    );
    let other = site.get("/api/v1/activities?country=MN").await;
    assert_ne!(other.headers["etag"], etag, "another address, another tag");
    // `*` is current only where there is an answer: an unknown slug stays 404.
    let unknown = site
        .send(
            site.client
                .get(format!("{}/api/v1/activities/no-such-activity", site.base))
                .header("If-None-Match", "*"),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let any = site
        .send(
            site.client
                .get(format!("{}{path}", site.base))
                .header("If-None-Match", "*"),
        )
        .await;
    assert_eq!(any.status, StatusCode::NOT_MODIFIED);
    let detail = site.get("/api/v1/countries/KZ").await;
    let detail_tag = detail.headers["etag"].clone();

    // A new revision (what an approval writes) is a new version of the record.
    sqlx::query(
        "INSERT INTO revisions (activity_id, number, changes)
         SELECT id, 2, '[\"title-en\"]' FROM activities ORDER BY id LIMIT 1",
    )
    .execute(&site.pool)
    .await
    .unwrap();
    let changed = again(etag.clone()).await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_ne!(changed.headers["etag"], etag);
    let detail = site
        .send(
            site.client
                .get(format!("{}/api/v1/countries/KZ", site.base))
                .header("If-None-Match", detail_tag.clone()),
        )
        .await;
    assert_eq!(
        detail.status,
        StatusCode::OK,
        "every answer follows the record"
    );
    // Errors carry no tag.
    assert!(site
        .get("/api/v1/activities/nope")
        .await
        .headers
        .get("etag")
        .is_none());
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_describes_every_operation() {
    let site = Site::start().await;
    let doc = site.json("/api/v1/openapi.json").await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["info"]["title"], "Kakehashi API");
    let documented: BTreeSet<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let expected: BTreeSet<&str> = [
        "/api/v1/activities",
        "/api/v1/activities/{slug}",
        "/api/v1/organizations",
        "/api/v1/organizations/{slug}",
        "/api/v1/countries",
        "/api/v1/countries/{code}",
        "/api/v1/fields",
    ]
    .into();
    assert_eq!(documented, expected);
    for (path, item) in doc["paths"].as_object().unwrap() {
        let responses = item["get"]["responses"].as_object().unwrap();
        for status in ["200", "304", "400"] {
            assert!(responses.contains_key(status), "{path} documents {status}");
        }
        assert_eq!(responses.contains_key("404"), path.ends_with('}'), "{path}");
    }
    let params: Vec<&str> = doc["paths"]["/api/v1/activities"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        params,
        [
            "q",
            "country",
            "region",
            "field",
            "kind",
            "org",
            "status",
            "confirmed",
            "from",
            "to",
            "sort",
            "page",
            "per_page",
            "If-None-Match"
        ]
    );
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in [
        "ActivityItem",
        "ActivityPage",
        "ErrorBody",
        "CountryDetail",
        "OrganizationDetail",
    ] {
        assert!(schemas.contains_key(name), "{name}");
    }
    let text = doc.to_string();
    for reference in text.split("\"#/components/schemas/").skip(1) {
        let name = &reference[..reference.find('"').unwrap()];
        assert!(
            schemas.contains_key(name),
            "{name} is referenced and defined"
        );
    }
}

/// The addresses a page links to under `prefix`, unescaped.
fn links(html: &str, prefix: &str) -> Vec<String> {
    let marker = format!("href=\"{prefix}");
    html.match_indices(&marker)
        .map(|(at, _)| {
            let rest = &html[at + 6..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

#[tokio::test]
async fn the_api_page_explains_every_operation_in_both_languages_and_its_examples_answer() {
    let site = Site::start().await;
    let doc = site.json("/api/v1/openapi.json").await;
    for (path, heading, lang) in [
        ("/api", "Open data: the API and exports", "en"),
        ("/ja/api", "オープンデータ：APIとエクスポート", "ja"),
    ] {
        let r = site
            .client
            .get(format!("{}{path}", site.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains(&format!("lang=\"{lang}\"")), "{path}");
        assert!(html.contains(&format!("<h1>{heading}</h1>")), "{path}");
        for operation in doc["paths"].as_object().unwrap().keys() {
            assert!(
                html.contains(&format!("GET {operation}")),
                "{path} explains {operation}"
            );
        }
        let examples = links(&html, "/api/v1/");
        assert!(examples.len() >= 9, "{path}: {examples:?}");
        for example in &examples {
            let a = site.get(example).await;
            let expected = match example.contains("per_page=500") {
                true => StatusCode::BAD_REQUEST,
                false => StatusCode::OK,
            };
            assert_eq!(a.status, expected, "{path} links {example}");
            assert_eq!(a.headers["content-type"], "application/json", "{example}");
        }
        let exports = links(
            &html,
            &format!("{}activities.", if lang == "ja" { "/ja/" } else { "/" }),
        );
        assert_eq!(exports.len(), 3, "{path}: {exports:?}");
        for export in &exports {
            let r = site
                .client
                .get(format!("{}{export}", site.base))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{export}");
        }
    }
}
