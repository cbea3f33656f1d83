//! Pages at scale: a country's and an organisation's page list a bounded number of
//! activities and institutions, link to the search for the rest, and count what the search
//! counts. The record here is the seed plus synthetic activities (`app::ssr::synthetic`).

mod support;

use app::api::SHOWN_ON_PAGE;
use support::{first_number, page_total, prepare, render_turn, TestSite};

/// A site whose record has `extra` synthetic activities besides the seed.
async fn site_with(extra: usize) -> TestSite {
    let turn = render_turn().await;
    let (state, listener, dir) = prepare().await;
    app::ssr::synthetic::generate(&state.pool, extra, 7)
        .await
        .unwrap();
    state.search.refresh(&state.pool).await.unwrap();
    TestSite::serve(turn, state, listener, dir)
}

/// The number in the text of the link to `href` whose text ends with `what`
/// ("See all 57 activities", "57件の活動をすべて見る").
fn linked_count(body: &str, href: &str, what: &str) -> Option<usize> {
    body.match_indices(&format!("href=\"{href}\""))
        .find_map(|(at, _)| {
            let text = &body[at..];
            let text = &text[text.find('>')? + 1..text.find("</a>")?];
            text.ends_with(what).then(|| first_number(text))?
        })
}

fn cards(body: &str) -> usize {
    body.matches(r#"<article class="card""#).count()
}

#[tokio::test]
async fn a_busy_country_lists_its_newest_activities_and_links_to_the_search_for_all() {
    let site = site_with(600).await;
    let (status, body) = site.page("/countries/VN").await;
    assert_eq!(status, 200);
    assert_eq!(
        cards(&body),
        SHOWN_ON_PAGE,
        "the page lists a bounded number"
    );
    let all =
        linked_count(&body, "/activities?country=VN", "activities").expect("a link to all of them");
    assert!(all > SHOWN_ON_PAGE, "{all}");
    assert_eq!(all, page_total(&site, "/activities?country=VN").await);
    // The figure at a glance is the same count.
    assert!(
        body.contains(&format!("<dd>{all}</dd>")),
        "the glance counts {all}"
    );
    let (_, ja) = site.page("/ja/countries/VN").await;
    assert_eq!(cards(&ja), SHOWN_ON_PAGE);
    assert_eq!(
        linked_count(&ja, "/ja/activities?country=VN", "すべて見る"),
        Some(all)
    );
    assert!(ja.contains(&format!("{all}件の活動をすべて見る")));
}

#[tokio::test]
async fn a_busy_organisation_lists_its_newest_activities_and_links_to_the_search_for_all() {
    let site = site_with(600).await;
    let (status, body) = site.page("/organizations/nagasaki-university").await;
    assert_eq!(status, 200);
    assert_eq!(cards(&body), SHOWN_ON_PAGE);
    let href = "/activities?org=nagasaki-university";
    let all = linked_count(&body, href, "activities").expect("a link to all of them");
    assert!(all > SHOWN_ON_PAGE, "{all}");
    assert_eq!(all, page_total(&site, href).await);
    // Its partners are bounded too, and the rest are in the same search's facet.
    let partners = body.matches("<li><a href=\"/organizations/").count();
    assert!(partners > 0 && partners <= SHOWN_ON_PAGE, "{partners}");
}

#[tokio::test]
async fn the_home_page_counts_what_the_search_counts() {
    let site = site_with(300).await;
    let (_, body) = site.page("/").await;
    let total = page_total(&site, "/activities").await;
    assert_eq!(total, 26 + 300);
    assert!(
        body.contains(&format!("{total} activities")),
        "the home page says {total} activities"
    );
}

#[tokio::test]
async fn a_quiet_country_lists_everything_without_a_see_all_link() {
    let site = site_with(0).await;
    let (_, body) = site.page("/countries/MN").await;
    let shown = cards(&body);
    assert!(shown > 0 && shown < SHOWN_ON_PAGE, "{shown}");
    assert_eq!(shown, page_total(&site, "/activities?country=MN").await);
    assert!(!body.contains(r#"<p class="more">"#));
}
