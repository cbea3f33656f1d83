//! HTTP tests: the real router on a loopback port with a fresh database, as a browser or a
//! crawler would meet it, covering each status a visitor can get.

mod support;

use reqwest::StatusCode;
use std::path::Path;
use support::{page_total, TestSite};

async fn spawn_site() -> TestSite {
    TestSite::start().await
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
    assert!(body.contains("26 activities"));
    assert!(body.contains(r#"<form method="get" action="/activities""#));
    // Alternates are absolute, as search engines want them.
    assert!(
        body.contains(r#"<link href="https://kakehashi.example/ja" hreflang="ja""#),
        "{body}"
    );
}

#[tokio::test]
async fn the_japanese_home_page_is_japanese() {
    let site = spawn_site().await;
    let (status, body) = site.page("/ja").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#"<html lang="ja""#));
    assert!(body.contains("日本の国際医療協力の公開アトラス"));
    assert!(body.contains("26件の活動"));
    assert!(body.contains(r#"action="/ja/activities""#));
}

#[tokio::test]
async fn a_search_is_rendered_on_the_server() {
    let site = spawn_site().await;
    let (status, body) = site.page("/activities?q=liver").await;
    assert_eq!(status, StatusCode::OK);
    // Card titles mark the searched words (`<mark>`, components/highlight.rs).
    let text = body.replace("<mark>", "").replace("</mark>", "");
    assert!(
        text.contains(
            "Nagasaki University supports living donor liver transplants in Almaty, Kazakhstan"
        ),
        "{body}"
    );
    assert!(body.contains("living donor <mark>liver</mark> transplants"));
    assert!(!body.contains("Mie University professors visit the University of Zambia"));
    // The box shows what was searched for.
    assert!(body.contains(r#"value="liver""#));
}

#[tokio::test]
async fn markup_in_a_search_stays_text_in_the_title_and_everywhere_else() {
    let site = spawn_site().await;
    for prefix in ["", "/ja"] {
        let (status, body) = site
            .page(&format!(
                "{prefix}/activities?q=%3C%2Ftitle%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Ch1%3Ex"
            ))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains(
                "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;h1&gt;x"
            ),
            "{body:.1500}"
        );
        assert!(!body.contains("<script>alert(1)"), "{body:.1500}");
        assert!(!body.contains("<h1>x"), "{body:.1500}");
        assert_eq!(body.matches("</title>").count(), 1);
    }
}

#[tokio::test]
async fn a_japanese_search_is_rendered_on_the_server() {
    let site = spawn_site().await;
    let (status, body) = site
        .page("/ja/activities?q=%E8%82%9D%E7%A7%BB%E6%A4%8D")
        .await;
    assert_eq!(status, StatusCode::OK);
    let text = body.replace("<mark>", "").replace("</mark>", "");
    assert!(text.contains("長崎大学、カザフスタン・アルマトイで生体肝移植を支援"));
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
    // Errors travel in postcard, as the pages' answers do (app/src/wire.rs).
    let body = r.bytes().await.unwrap();
    assert_eq!(
        postcard::from_bytes::<app::error::AppError>(&body),
        Ok(app::error::AppError::BadRequest),
        "{body:?}"
    );
    assert!(!String::from_utf8_lossy(&body)
        .to_lowercase()
        .contains("sqlite"));

    // The same for a function whose arguments travel in postcard: a body that does not decode
    // is the caller's mistake (400), not the server's (it was 500).
    for bad in [&b""[..], &[0xff; 12][..], &[0x05, 0xc3][..]] {
        let r = site
            .client
            .post(format!("{}/api/draw_page", site.base))
            .header("content-type", "application/x-postcard")
            .body(bad.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad:?}");
        let body = r.bytes().await.unwrap();
        assert_eq!(
            postcard::from_bytes::<app::error::AppError>(&body),
            Ok(app::error::AppError::BadRequest),
            "{bad:?}: {body:?}"
        );
    }
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

/// The value of the first `nonce="…"` in a page.
fn first_nonce(body: &str) -> &str {
    let start = body.find("nonce=\"").expect("a nonce") + 7;
    &body[start..start + body[start..].find('"').unwrap()]
}

#[tokio::test]
async fn a_page_allows_only_the_scripts_that_carry_its_own_nonce() {
    let site = spawn_site().await;
    let r = site.get("/countries/MN").await;
    let headers = r.headers().clone();
    let body = r.text().await.unwrap();
    let policy = headers["content-security-policy"].to_str().unwrap();
    let nonce = first_nonce(&body);
    assert!(nonce.len() >= 16, "{nonce}");
    assert!(
        policy.contains(&format!(
            "script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"
        )),
        "{policy}"
    );
    for strict in [
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ] {
        assert!(policy.contains(strict), "{strict} in {policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    // Every inline script of the page carries the nonce.
    let tags: Vec<&str> = body
        .match_indices("<script")
        .map(|(at, _)| &body[at..at + body[at..].find('>').unwrap()])
        .collect();
    assert!(!tags.is_empty());
    for tag in tags {
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")) || tag.contains("application/ld+json"),
            "a script without the page's nonce: {tag}"
        );
    }
    // No inline style either (`style-src 'self'`).
    assert!(!body.contains(" style=\""), "an inline style attribute");
    // The next render draws a new nonce, and its policy names it.
    let again = site.get("/countries/MN").await;
    let policy2 = again.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let body2 = again.text().await.unwrap();
    assert_ne!(first_nonce(&body2), nonce);
    assert!(policy2.contains(&format!("'nonce-{}'", first_nonce(&body2))));
    for (name, value) in [
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
        ("referrer-policy", "strict-origin-when-cross-origin"),
        // The test site's public address is https.
        (
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        ),
    ] {
        assert_eq!(headers[name], value, "{name}");
    }
    assert!(headers["permissions-policy"]
        .to_str()
        .unwrap()
        .contains("camera=()"));
}

#[tokio::test]
async fn a_revalidated_page_keeps_the_policy_stored_with_it() {
    let site = spawn_site().await;
    let first = site.get("/countries/MN").await;
    let tag = first.headers()["etag"].to_str().unwrap().to_string();
    let again = site
        .client
        .get(format!("{}/countries/MN", site.base))
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(
        again.headers().get("content-security-policy").is_none(),
        "a 304 must not replace the stored page's policy (its nonce)"
    );
    assert_eq!(again.headers()["x-frame-options"], "DENY");
}

#[tokio::test]
async fn answers_that_are_not_pages_allow_no_inline_script() {
    let site = spawn_site().await;
    for path in [
        "/api/v1/countries",
        "/feed.atom",
        "/healthz",
        "/activities.csv",
    ] {
        let r = site.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let policy = r.headers()["content-security-policy"].to_str().unwrap();
        assert_eq!(policy, app::ssr::policy::OTHER, "{path}");
    }
}

#[tokio::test]
async fn every_country_in_the_record_has_a_working_page() {
    let site = spawn_site().await;
    let record =
        app::ssr::seed::read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap();
    let mut codes: Vec<&str> = record
        .activities
        .iter()
        .flat_map(|a| a.countries.iter().map(String::as_str))
        .chain(record.organizations.iter().map(|o| o.country.as_str()))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    assert!(codes.len() >= 20, "{codes:?}");
    for code in codes {
        let (status, body) = site.page(&format!("/countries/{code}")).await;
        assert_eq!(status, StatusCode::OK, "/countries/{code}");
        assert!(body.contains(r#"class="breadcrumbs""#), "/countries/{code}");
    }
}

#[tokio::test]
async fn a_country_page_lists_the_institutions_on_both_sides() {
    let site = spawn_site().await;
    let (status, body) = site.page("/countries/MN").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<h1>Mongolia</h1>"));
    assert!(body.contains(r#"href="/organizations/tokyo-womens-medical-university""#));
    assert!(body.contains(r#"href="/organizations/mongolian-cancer-center""#));
    // The locator map is server-rendered SVG.
    assert!(body.contains("<svg") && body.contains("<title>Mongolia</title>"));
    let (_, ja) = site.page("/ja/countries/MN").await;
    assert!(ja.contains("<h1>モンゴル</h1>"));
}

#[tokio::test]
async fn a_country_without_activities_is_friendly_and_an_unknown_code_is_404() {
    let site = spawn_site().await;
    let (status, body) = site.page("/countries/FR").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("No activity in the record takes place in this country yet."));
    for bad in [
        "/countries/XX",
        "/countries/mn",
        "/countries/MNG",
        "/countries/%3Cx%3E",
    ] {
        assert_eq!(site.get(bad).await.status(), StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test]
async fn the_world_map_and_its_table_carry_the_same_counts() {
    let site = spawn_site().await;
    let (status, body) = site.page("/countries").await;
    assert_eq!(status, StatusCode::OK);
    // Vietnam's count on the map (a labelled link) and in the table row.
    let start = body
        .find(r#"aria-label="Vietnam: "#)
        .expect("Vietnam is on the map");
    let label = &body[start..start + 40];
    let n: u32 = label["aria-label=\"Vietnam: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(n >= 5, "{label}");
    assert!(body.contains(&format!(r#"<a href="/countries/VN">Vietnam</a></th><td>South-eastern Asia</td><td class="num">{n}</td>"#)));
}

#[tokio::test]
async fn a_filter_changes_the_counts_and_bad_filters_are_ignored() {
    let site = spawn_site().await;
    let (_, all) = site.page("/countries").await;
    let (status, liver) = site.page("/countries?field=liver-transplantation").await;
    assert_eq!(status, StatusCode::OK);
    assert!(all.contains(r#"aria-label="Zambia: 1 activity""#));
    assert!(
        !liver.contains(r#"aria-label="Zambia"#),
        "Zambia has no liver transplant work"
    );
    assert!(liver.contains(r#"aria-label="Georgia: 1 activity""#));
    let (status, bad) = site
        .page("/countries?from=abc&to=-3&kind=castle&page=-3")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        bad.contains(r#"aria-label="Zambia: 1 activity""#),
        "bad filters are ignored"
    );
}

#[tokio::test]
async fn an_organisation_page_names_its_partners_in_both_directions() {
    let site = spawn_site().await;
    let (status, twmu) = site
        .page("/organizations/tokyo-womens-medical-university")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(twmu.contains(r#"href="/organizations/mongolian-cancer-center""#));
    let (status, mcc) = site.page("/organizations/mongolian-cancer-center").await;
    assert_eq!(status, StatusCode::OK);
    assert!(mcc.contains(r#"href="/organizations/tokyo-womens-medical-university""#));
    assert_eq!(
        site.get("/organizations/no-such-org").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_draw_page_server_function_serves_in_app_navigation() {
    use app::routes::drawn::{DrawPage, Drawn, PageKey};
    let site = spawn_site().await;
    let draw = |key: PageKey, locale: app::i18n::Locale| {
        let body = postcard::to_allocvec(&DrawPage { key, locale }).unwrap();
        let request = site
            .client
            .post(format!("{}/api/draw_page", site.base))
            .header("content-type", "application/x-postcard")
            .body(body);
        async move {
            let r = request.send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            postcard::from_bytes::<Drawn>(&r.bytes().await.unwrap()).unwrap()
        }
    };
    // The map page, as the browser asks for it after in-app navigation: the map's SVG and
    // the table come in the markup, the title in the head.
    let countries = draw(
        PageKey::Countries {
            filters: app::filters::Filters::default(),
            by_name: false,
        },
        app::i18n::Locale::En,
    )
    .await;
    assert_eq!(countries.status, 200);
    assert!(
        countries.head.title.ends_with("— Kakehashi"),
        "{:?}",
        countries.head
    );
    for part in [
        "<svg",
        "Mongolia: 4 activities",
        "<table",
        r#"data-in-place="submit""#,
    ] {
        assert!(
            countries.html.contains(part),
            "{part}: {:.300}",
            countries.html
        );
    }
    // An activity opened from a search leads back to it; its head has what crawlers and
    // reference managers read.
    let activity = draw(
        PageKey::Activity {
            slug: "nagasaki-living-donor-liver-transplantation-georgia".into(),
            search: Some("q=liver".into()),
        },
        app::i18n::Locale::En,
    )
    .await;
    assert_eq!(activity.status, 200);
    assert!(
        activity
            .html
            .contains(r#"<a href="/activities?q=liver">Your search results</a>"#),
        "{:.2000}",
        activity.html
    );
    assert!(activity.head.canonical.as_deref().is_some_and(
        |c| c.ends_with("/activities/nagasaki-living-donor-liver-transplantation-georgia")
    ));
    assert!(activity
        .head
        .names
        .iter()
        .any(|(n, _)| n == "citation_title"));
    assert!(activity
        .head
        .properties
        .iter()
        .any(|(p, c)| p == "og:type" && c == "article"));
    // A record that does not exist is the not-found page, with its status for the page.
    let missing = draw(
        PageKey::Activity {
            slug: "no-such-activity".into(),
            search: None,
        },
        app::i18n::Locale::Ja,
    )
    .await;
    assert_eq!(missing.status, 404);
    assert!(
        missing.html.contains("ページが見つかりません"),
        "{}",
        missing.html
    );
    assert!(missing
        .head
        .names
        .contains(&("robots".into(), "noindex".into())));
}

#[tokio::test]
async fn an_activity_page_has_a_canonical_address_open_graph_and_structured_data() {
    let site = spawn_site().await;
    let (_, body) = site
        .page("/ja/activities/nagasaki-living-donor-liver-transplantation-georgia")
        .await;
    let url = "https://kakehashi.example/ja/activities/nagasaki-living-donor-liver-transplantation-georgia";
    assert!(
        body.contains(&format!(r#"<link href="{url}" rel="canonical">"#)),
        "canonical"
    );
    assert!(
        body.contains(&format!(r#"<meta property="og:url" content="{url}""#)),
        "og:url"
    );
    let start = body
        .find(r#"<script type="application/ld+json">"#)
        .expect("JSON-LD")
        + 35;
    let end = start + body[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&body[start..end]).expect("valid JSON-LD");
    assert_eq!(ld["@type"], "Project");
    assert_eq!(ld["url"], url);
    assert_eq!(ld["areaServed"][0]["identifier"], "GE");
    // Related work: the other Nagasaki liver transplant activity.
    assert!(body.contains("関連する活動"));
    assert!(body.contains(
        r#"href="/ja/activities/nagasaki-living-donor-liver-transplantation-kazakhstan""#
    ));
}

#[tokio::test]
async fn the_organisations_list_filters_by_side_kind_and_name() {
    let site = spawn_site().await;
    let (status, all) = site.page("/organizations").await;
    assert_eq!(status, StatusCode::OK);
    assert!(all.contains("58 organisations"));
    let (_, japan) = site.page("/organizations?side=japan").await;
    assert!(japan.contains(r#"href="/organizations/nagasaki-university""#));
    assert!(!japan.contains(r#"href="/organizations/mongolian-cancer-center""#));
    let (_, partners) = site.page("/organizations?side=partner&kind=hospital").await;
    assert!(partners.contains(r#"href="/organizations/mongolian-cancer-center""#));
    assert!(!partners.contains(r#"href="/organizations/nagasaki-university""#));
    // The source's misspelling finds the university; nonsense filters are ignored.
    let (_, named) = site
        .page("/organizations?name=Universary&side=bogus&kind=castle")
        .await;
    assert!(
        named.contains("1 organisation"),
        "{}",
        &named[named.len().saturating_sub(300)..]
    );
}

#[tokio::test]
async fn the_breadcrumb_leads_back_to_the_search_that_led_there() {
    let site = spawn_site().await;
    let path = "/activities/nagasaki-living-donor-liver-transplantation-georgia";
    let from = |referer: String| {
        site.client
            .get(format!("{}{path}", site.base))
            .header("referer", referer)
            .send()
    };
    // From a results page of this site: back to that view, rebuilt from what it reads.
    let body = from(format!(
        "{}/activities?q=liver&country=GE&page=abc&evil=%22%3E",
        site.base
    ))
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    assert!(
        body.contains(r#"<a href="/activities?q=liver&amp;country=GE">Your search results</a>"#),
        "{}",
        &body[body.find("breadcrumbs").unwrap_or(0)..][..600]
    );
    // From elsewhere, or from another page of the site: the plain list.
    for referer in [
        "https://elsewhere.example/activities?q=liver".to_string(),
        format!("{}/countries", site.base),
    ] {
        let body = from(referer).await.unwrap().text().await.unwrap();
        assert!(body.contains(r#"<a href="/activities">Activities</a>"#));
        assert!(!body.contains("Your search results"));
    }
    // In Japanese, back to the Japanese results.
    let body = site
        .client
        .get(format!("{}/ja{path}", site.base))
        .header(
            "referer",
            format!("{}/ja/activities?q=%E8%82%9D", site.base),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains(r#"<a href="/ja/activities?q=%E8%82%9D">検索結果</a>"#));
}

#[tokio::test]
async fn the_year_range_is_part_of_the_facet_form() {
    let site = spawn_site().await;
    let (status, body) = site.page("/activities?from=2015&to=abc").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#"name="from""#) && body.contains(r#"value="2015""#));
    assert!(body.contains(r#"id="year-to""#));
    let narrowed = body.matches("<article").count();
    let (_, all) = site.page("/activities").await;
    assert!(narrowed > 0 && narrowed <= all.matches("<article").count());
    assert!(body.contains("from 2015"), "the chip names the range");
}

/// Every page completes under concurrent requests. (Guards against renders that stall: an
/// earlier version left a few percent of record pages hanging forever under load.)
#[tokio::test]
async fn pages_complete_under_concurrent_load() {
    let site = std::sync::Arc::new(spawn_site().await);
    let paths = [
        "/activities/nagasaki-living-donor-liver-transplantation-georgia",
        "/countries/MN",
        "/organizations/nagasaki-university",
        "/activities?q=liver",
        "/countries",
        "/",
    ];
    for path in paths {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let site = site.clone();
            tasks.spawn(async move {
                let mut stalled = 0;
                for _ in 0..15 {
                    let request = site.client.get(format!("{}{path}", site.base)).send();
                    let done = tokio::time::timeout(std::time::Duration::from_secs(10), async {
                        request.await.unwrap().text().await.unwrap()
                    })
                    .await;
                    match done {
                        Ok(body) => assert!(body.contains("</html>"), "{path}: cut short"),
                        Err(_) => stalled += 1,
                    }
                }
                stalled
            });
        }
        let stalled: usize = tasks.join_all().await.into_iter().sum();
        assert_eq!(stalled, 0, "{path}: {stalled} of 120 responses stalled");
    }
}

#[tokio::test]
async fn an_activity_page_says_when_its_status_was_true_and_what_the_source_says() {
    let site = spawn_site().await;
    let (status, body) = site
        .page("/activities/utokyo-hospital-china-lifelong-education-project")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("Planned, as of 2021"),
        "the status carries its date"
    );
    assert!(
        body.contains("The end given, 2024, has passed since this status was stated"),
        "the overtaken plan is flagged"
    );
    assert!(body.contains("What the sources say and what Kakehashi adds"));
    assert!(
        body.contains("<q>Reijin Hospital</q>"),
        "the source's spelling is quoted"
    );
    assert!(
        body.contains(r##"href="#note-1""##),
        "values link to their notes"
    );
    let (_, ja) = site
        .page("/ja/activities/utokyo-hospital-china-lifelong-education-project")
        .await;
    assert!(ja.contains("計画中（2021年時点）"));
    assert!(ja.contains("出典の記述とKakehashiによる補足"));
    assert!(ja.contains("Kakehashiの注記"));
    // A source whose title the curator wrote says so.
    let (_, la_paz) = site
        .page("/activities/nagasaki-jica-la-paz-surgeon-training")
        .await;
    assert!(la_paz.contains("Title written by Kakehashi"));
    assert!(
        !la_paz.contains(r#"href="https://www.surgery2.med.nagasaki-u.ac.jp/newtopics/""#),
        "no link to a citation the paragraph does not carry"
    );
}

#[tokio::test]
async fn an_organisation_page_shows_the_sources_wording_beside_the_curators_note() {
    let site = spawn_site().await;
    let (status, body) = site.page("/organizations/medical-excellence-japan").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("a Japanese famous private hospital"),
        "the source's words are kept"
    );
    assert!(body.contains("Kakehashi&#x27;s note") || body.contains("Kakehashi's note"));
    assert!(body.contains("Basis: "));
    let (_, puhsc) = site
        .page("/organizations/peking-university-health-science-center")
        .await;
    assert!(
        puhsc.contains("1987"),
        "the 1987 exchange is on the organisation's page"
    );
}

/// The body of an export, its status and headers.
async fn export(site: &TestSite, path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let r = site.get(path).await;
    (r.status(), r.headers().clone(), r.text().await.unwrap())
}

#[tokio::test]
async fn a_search_view_exports_as_csv_with_every_match_in_the_pages_order() {
    let site = spawn_site().await;
    let (status, headers, body) = export(&site, "/activities.csv?q=liver&country=KZ&page=2").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv; charset=utf-8"));
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"kakehashi-activities-liver-KZ.csv\""
    );
    assert!(body.starts_with('\u{feff}'), "a byte-order mark for Excel");
    let lines: Vec<&str> = body
        .trim_start_matches('\u{feff}')
        .split_terminator("\r\n")
        .collect();
    assert!(lines[0].starts_with("Slug,Permalink,Title (English),Title (Japanese),Kind,Status"));
    let total = page_total(&site, "/activities?q=liver&country=KZ").await;
    assert_eq!(lines.len() - 1, total, "every match, no paging");
    assert!(
        lines[1..].iter().all(|l| l.contains("Kazakhstan")),
        "{lines:#?}"
    );

    // The whole record, in the page's order (newest first when sorted so).
    let (_, _, all) = export(&site, "/activities.csv?sort=newest").await;
    let rows = all
        .trim_start_matches('\u{feff}')
        .split_terminator("\r\n")
        .count()
        - 1;
    assert_eq!(rows, 26);
    let (_, page) = site.page("/activities?sort=newest").await;
    let first_card = &page[page.find("<article").unwrap()..];
    let first_link = &first_card[first_card.find("/activities/").unwrap() + "/activities/".len()..];
    let first_slug = all.split("\r\n").nth(1).unwrap().split(',').next().unwrap();
    assert!(
        first_link.starts_with(first_slug),
        "the first row is the first card"
    );
}

#[tokio::test]
async fn the_japanese_csv_has_japanese_headings_and_labels() {
    let site = spawn_site().await;
    let (status, headers, body) = export(&site, "/ja/activities.csv?country=KZ").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"kakehashi-activities-KZ.csv\""
    );
    let mut lines = body.trim_start_matches('\u{feff}').split_terminator("\r\n");
    assert!(lines
        .next()
        .unwrap()
        .starts_with("スラッグ,固定リンク,タイトル（英語）,タイトル（日本語）,種類,状況"));
    let row = lines.next().unwrap();
    assert!(
        row.contains("カザフスタン") && row.contains("長崎大学"),
        "{row}"
    );
    assert!(
        row.contains("https://kakehashi.example/ja/activities/"),
        "{row}"
    );
}

#[tokio::test]
async fn the_json_export_names_codes_and_both_languages_and_is_cached_by_etag() {
    let site = spawn_site().await;
    let (status, headers, body) =
        export(&site, "/activities.json?field=liver-transplantation").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["access-control-allow-origin"], "*");
    let items: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(
        items.len(),
        page_total(&site, "/activities?field=liver-transplantation").await
    );
    assert!(items.iter().all(|i| i["fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["dac"] == 12191 || f["slug"] == "liver-transplantation")));
    assert!(items[0]["title"]["ja"].is_string() && items[0]["kind"]["code"].is_string());

    let etag = headers["etag"].to_str().unwrap().to_string();
    let r = site
        .client
        .get(format!(
            "{}/activities.json?field=liver-transplantation",
            site.base
        ))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert!(r.text().await.unwrap().is_empty());
    let (_, other, _) = export(&site, "/activities.json?field=oncology").await;
    assert_ne!(other["etag"], etag, "another view, another tag");
    // Nothing matches: an empty list, not an error.
    let (status, _, body) = export(&site, "/activities.json?country=ZZ").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.trim(), "[]");
}
