//! The insights section on the real router: the three views in both languages, every count
//! of the matrix against the search it links to, the flows and their sources, bad
//! parameters, the CSVs (byte-order mark, both languages, ETag, 400 for what a file cannot
//! hold), the server function for in-app navigation, and the links into the section.

mod support;

use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use reqwest::StatusCode;
use support::{page_total, TestSite};

/// Every `(href, count)` of links to the search in `html` (`&amp;` read back as `&`).
fn count_links(html: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for piece in html.split(r#"<a href=""#).skip(1) {
        let Some((href, rest)) = piece.split_once('"') else {
            continue;
        };
        if !href.starts_with("/activities?") && !href.starts_with("/ja/activities?") {
            continue;
        }
        let Some(text) = rest.split_once('>').map(|(_, t)| t) else {
            continue;
        };
        let number: String = text.chars().take_while(char::is_ascii_digit).collect();
        if let (Ok(n), true) = (
            number.parse::<usize>(),
            text[number.len()..].starts_with("</a>"),
        ) {
            out.push((href.replace("&amp;", "&"), n));
        }
    }
    out
}

#[tokio::test]
async fn every_number_of_the_matrix_is_the_total_of_the_search_it_opens() {
    let site = TestSite::start().await;
    for path in [
        "/insights",
        "/insights?kind=surgical-training-abroad&sort=total",
    ] {
        let (status, body) = site.page(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains(r#"<table class="matrix">"#), "{path}");
        let links = count_links(&body);
        assert!(links.len() > 20, "{path}: {} count links", links.len());
        for (href, n) in links {
            assert_eq!(page_total(&site, &href).await, n, "{path}: {href}");
        }
    }
}

#[tokio::test]
async fn the_matrix_groups_shades_and_marks_empty_cells_and_gaps() {
    let site = TestSite::start().await;
    let (_, body) = site.page("/insights").await;
    // Rows under their regions, columns under their DAC codes, headers for screen readers.
    assert!(body.contains(r#"<th scope="rowgroup" colspan="#));
    assert!(body.contains("South-eastern Asia"));
    assert!(
        body.contains(r#"<th scope="colgroup" colspan="#)
            && body.contains("Medical services (12191)")
    );
    assert!(body.contains(
        r#"<tr id="row-MN"><th scope="row"><a href="/activities?country=MN">Mongolia</a></th>"#
    ));
    // A count is a shaded link; "no activity" is its own class, never the lightest shade.
    assert!(
        body.contains(r#"aria-label="Mongolia · Oncology and cancer treatment: 1 activity""#),
        "a cell names its pair"
    );
    assert!(body.contains(r#"<td class="none"><span aria-hidden="true">·</span><span class="visually-hidden">no activity</span></td>"#));
    assert!(
        body.contains(r#"class="none gap""#),
        "the seed record has gaps"
    );
    assert!(body.contains(r#"<section aria-labelledby="gaps-heading" class="gaps">"#));
    // Three activities name no partner country.
    assert!(body.contains("3 activities name no partner country and are in no row."));
    // Sorted by total: one run, the order link marked, aria-sort on the total column.
    let (_, by_total) = site.page("/insights?sort=total").await;
    assert!(!by_total.contains(r#"scope="rowgroup""#));
    assert!(by_total.contains(r#"aria-sort="descending""#));
    let first_row = by_total.split("<tbody>").nth(1).unwrap();
    assert!(
        first_row.starts_with(r#"<tr id="row-VN">"#),
        "{:.120}",
        first_row
    );
}

#[tokio::test]
async fn the_views_are_japanese_under_ja() {
    let site = TestSite::start().await;
    for (path, heading, csv) in [
        (
            "/ja/insights",
            "相手国・医療分野別の活動数",
            "/ja/insights/matrix.csv",
        ),
        (
            "/ja/insights/flows",
            "日本と相手国の間の人の流れ",
            "/ja/insights/flows.csv",
        ),
        ("/ja/insights/trends", "地域別", "/ja/insights/trends.csv"),
    ] {
        let (status, body) = site.page(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains(r#"<html lang="ja""#), "{path}");
        assert!(body.contains("協力の全体像"), "{path}");
        assert!(body.contains(heading), "{path}");
        assert!(
            body.contains(r#"href="/ja/activities?"#),
            "{path}: links stay in Japanese"
        );
        assert!(
            body.contains(&format!(r#"<a href="{csv}" download="""#)),
            "{path}"
        );
    }
    let (_, flows) = site.page("/ja/insights/flows").await;
    assert!(
        flows.contains("ベトナム（日本へ）：2件、うち2件に示された人数84人"),
        "{flows:.0}"
    );
}

#[tokio::test]
async fn the_flows_draw_both_directions_with_their_numbers_and_sources() {
    let site = TestSite::start().await;
    let (status, body) = site.page("/insights/flows").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(
        r#"aria-label="Map of flows of people between Japan and its partner countries""#
    ));
    // Vietnam: people to Japan and online, each arc a link to its activities.
    assert!(body.contains(
        r#"aria-label="Vietnam, to Japan: 2 activities; 84 people stated in them. Students accepted (cumulative): 34 students — Source: "#
    ));
    assert!(
        body.contains(r#"class="flow online""#)
            && body.contains("Vietnam, online: 1 activity; 280 people stated in them")
    );
    assert!(body.contains("/activities?country=VN&amp;kind=trainees-in-japan&amp;kind=scholarship"));
    // The table twin names each figure with its source, and the people no arc shows.
    assert!(body.contains(r#"<tr id="flow-MN">"#));
    assert!(
        body.contains("Attendees: about 280 people (27 October 2021)"),
        "{body:.0}"
    );
    assert!(body.contains("Not on one country"));
    // A source with no web address leads to its entry on the activity's page.
    assert!(body.contains(
        r#"— Source: <a href="/activities/mej-eria-viet-nam-japan-healthcare-webinar#source-1">Viet Nam to Strengthen Bilateral Cooperation on Healthcare with Japan</a>"#
    ));
    // The same counts as the search.
    for (href, n) in count_links(&body) {
        assert_eq!(page_total(&site, &href).await, n, "{href}");
    }
    // By people: only arcs whose figures state people.
    let (_, people) = site.page("/insights/flows?width=people").await;
    assert!(people.contains("Vietnam, online"));
    assert!(people.contains(r#"280 people (27 October 2021) — Source: Viet Nam to Strengthen Bilateral Cooperation on Healthcare with Japan" class="flow online">"#));
    assert!(
        !people.contains(r#"aria-label="Mongolia, from Japan: 4 activities" class="flow"#),
        "no people are stated for Mongolia"
    );
}

#[tokio::test]
async fn the_trends_follow_the_record_years() {
    let site = TestSite::start().await;
    let (status, body) = site.page("/insights/trends").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Years 1983–2024"), "{body:.0}");
    assert!(body.contains(r#"<h2 id="by-region">By region</h2>"#));
    assert!(body.contains(r#"<h2 id="by-kind">By kind of activity</h2>"#));
    assert!(body.contains(r#"role="img" aria-label="Eastern Asia: 1987: 1"#));
    assert!(body.contains(r#"<details class="trends-table">"#));
    let (_, narrowed) = site.page("/insights/trends?to=2000").await;
    assert!(
        narrowed.contains("Years 1983–1995: 3 dated activities"),
        "the range follows the filtered record"
    );
}

#[tokio::test]
async fn bad_parameters_are_named_never_fatal() {
    let site = TestSite::start().await;
    let (status, body) = site
        .page("/insights?from=abc&kind=castle&country=MN&sort=sideways")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#"<p class="notice" role="status">Not understood, and left out: <code>from=abc</code>, <code>kind=castle</code>, <code>country=MN</code>, <code>sort=sideways</code></p>"#), "{body:.0}");
    assert!(
        body.contains(r#"<table class="matrix">"#),
        "the rest is drawn"
    );
    let (status, body) = site.page("/ja/insights/flows?field=nowhere").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("記録にない値のため該当なし： <code>field=nowhere</code>"));
    assert!(body.contains("この条件では、日本と相手国の間で人が動く活動はありません。"));
    let (status, body) = site.page("/insights/trends?country=%3Cscript%3E").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("<code>country=&lt;script&gt;</code>") && !body.contains("<script>alert")
    );
    assert_eq!(site.page("/insights/bogus").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_filter_form_sent_without_javascript_lands_on_the_clean_address() {
    let site = TestSite::start().await;
    for (sent, clean) in [
        (
            "/insights?org=&kind=surgical-training-abroad&status=&from=&to=",
            "/insights?kind=surgical-training-abroad",
        ),
        (
            "/ja/insights/flows?field=&org=&kind=&status=&from=2010&to=",
            "/ja/insights/flows?from=2010",
        ),
        ("/insights/trends?field=&kind=", "/insights/trends"),
        (
            "/countries?field=oncology&kind=&from=&to=",
            "/countries?field=oncology",
        ),
        ("/activities?q=liver&from=&to=", "/activities?q=liver"),
    ] {
        let r = site.get(sent).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{sent}");
        assert_eq!(r.headers()["location"], clean, "{sent}");
    }
    // Nothing to drop, or no page with a filter form: answered as it is.
    for path in [
        "/insights?kind=visit&sort=total",
        "/insights/matrix.csv?kind=",
    ] {
        assert_eq!(site.get(path).await.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn each_view_downloads_as_csv_in_both_languages() {
    let site = TestSite::start().await;
    let r = site
        .get("/insights/matrix.csv?kind=surgical-training-abroad")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()[CONTENT_TYPE],
        "text/csv; charset=utf-8; header=present"
    );
    assert_eq!(
        r.headers()[CONTENT_DISPOSITION],
        "attachment; filename=\"kakehashi-matrix-surgical-training-abroad.csv\""
    );
    let etag = r.headers()[ETAG].to_str().unwrap().to_string();
    let body = r.text().await.unwrap();
    assert!(
        body.starts_with("\u{feff}Country code (ISO 3166-1),Country (English),Country (Japanese),")
    );
    assert!(body.contains("Liver transplantation / 肝移植 (liver-transplantation)"));
    assert!(
        body.contains("\r\nKZ,Kazakhstan,カザフスタン,Central Asia,中央アジア,3,"),
        "{body}"
    );
    assert!(body.ends_with("\r\n") && body.split('\n').all(|l| l.is_empty() || l.ends_with('\r')));
    let again = site
        .client
        .get(site.url("/insights/matrix.csv?kind=surgical-training-abroad"))
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    let ja = site
        .get("/ja/insights/matrix.csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(ja.starts_with("\u{feff}国コード（ISO 3166-1）,国（英語）,国（日本語）,"));

    let flows = site.get("/insights/flows.csv").await.text().await.unwrap();
    assert!(
        flows.contains("\r\nVN,Vietnam,ベトナム,to-japan,To Japan,2,84,2,"),
        "{flows}"
    );
    assert!(
        flows.contains("\r\n,Not on one country,国を特定できない分,to-japan,To Japan,1,76,1,"),
        "{flows}"
    );
    let trends = site
        .get("/ja/insights/trends.csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        trends.starts_with("\u{feff}系列,コード,名称（英語）,名称（日本語）,年,開始した活動数\r\n")
    );
    assert!(
        trends.contains("\r\n地域,eastern-asia,Eastern Asia,東アジア,1987,1\r\n"),
        "{trends}"
    );
}

#[tokio::test]
async fn a_csv_holds_exactly_what_was_asked_or_says_why_not() {
    let site = TestSite::start().await;
    for (path, words) in [
        (
            "/insights/matrix.csv?from=abc",
            "Not understood, and left out: from=abc",
        ),
        (
            "/insights/matrix.csv?field=oncology",
            "Not understood, and left out: field=oncology",
        ),
        (
            "/ja/insights/flows.csv?field=nowhere",
            "記録にない値のため該当なし： field=nowhere",
        ),
        (
            "/insights/trends.csv?org=no-such-org",
            "Not in the record, so nothing matches: org=no-such-org",
        ),
    ] {
        let r = site.get(path).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(r.headers()[CONTENT_TYPE], "text/plain; charset=utf-8");
        let body = r.text().await.unwrap();
        assert!(body.contains(words), "{path}: {body}");
    }
}

#[tokio::test]
async fn the_page_server_function_draws_each_view_for_in_app_navigation() {
    use app::insights::InsightView;
    use app::routes::drawn::{DrawPage, Drawn, PageKey};
    let site = TestSite::start().await;
    let post = |body: Vec<u8>| {
        site.client
            .post(site.url("/api/draw_page"))
            .header(CONTENT_TYPE, "application/x-postcard")
            .body(body)
            .send()
    };
    // What the browser sends on an in-app navigation to the Japanese flows view.
    let args = DrawPage {
        key: PageKey::Insight {
            view: InsightView::Flows,
            query: "?kind=webinar".into(),
        },
        locale: app::i18n::Locale::Ja,
    };
    let r = post(postcard::to_allocvec(&args).unwrap()).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let page: Drawn = postcard::from_bytes(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(page.status, 200);
    assert!(page.head.title.contains("人の流れ"), "{:?}", page.head);
    for part in [
        "<svg",
        "人の流れ（表）",
        r#"aria-current="page""#,
        r#"value="webinar" selected"#,
    ] {
        assert!(page.html.contains(part), "{part}: {:.300}", page.html);
    }
    // A body that does not decode (a page kind no page has) is the caller's error.
    let r = post(vec![99, 0, 0, 0]).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_home_and_country_pages_lead_into_the_views_and_the_cache_keeps_them() {
    let site = TestSite::start().await;
    let (_, home) = site.page("/").await;
    assert!(home.contains(r#"href="/insights""#));
    let (_, mongolia) = site.page("/ja/countries/MN").await;
    assert!(mongolia.contains(r#"href="/ja/insights#row-MN""#));
    assert!(mongolia.contains(r#"href="/ja/insights/flows#flow-MN""#));
    let first = site.get("/insights/flows").await;
    assert_eq!(first.headers()["x-cache"], "miss");
    let second = site.get("/insights/flows").await;
    assert_eq!(second.headers()["x-cache"], "hit");
    let (_, robots) = site.page("/robots.txt").await;
    assert!(!robots.contains("/insights"));
}
