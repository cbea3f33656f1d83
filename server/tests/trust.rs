//! HTTP tests of trust and citation on the real router: who may confirm an activity (and
//! what each refusal answers), a confirmation of a replaced version (409, nothing stored),
//! the confirmation on the page, the card and the search, versioned permanent addresses,
//! the citation files and the about page.

mod support;

use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use reqwest::StatusCode;

/// International University of Health and Welfare (Japan) with Cho Ray Hospital (Viet Nam).
const SLUG: &str = "iuhw-cho-ray-health-checkup-center";
const JAPAN: &str = "editor.international-university-of-health-and-welfare@example.org";
const ABROAD: &str = "editor.cho-ray-hospital@example.org";
/// An editor of an organisation the activity does not name.
const OUTSIDER: &str = "editor.nagasaki-university@example.org";

async fn spawn_site() -> support::TestSite {
    let turn = support::render_turn().await;
    let (state, listener, dir) = support::prepare().await;
    app::ssr::account::auth::ensure_demo_accounts(&state.pool)
        .await
        .unwrap();
    support::TestSite::serve(turn, state, listener, dir)
}

fn confirm_path(locale: &str) -> String {
    format!("{locale}/partner/activities/{SLUG}/confirm")
}

/// Whether the activity's page says `text`.
async fn page_says(site: &support::TestSite, text: &str) -> bool {
    let (status, body) = site.page(&format!("/activities/{SLUG}")).await;
    assert_eq!(status, StatusCode::OK);
    body.contains(text)
}

#[tokio::test]
async fn only_editors_of_the_organisations_named_may_confirm_and_both_sides_show() {
    let site = spawn_site().await;
    // A visitor is sent to log in; nothing is stored.
    let r = site
        .post(&confirm_path(""), None, &[("revision", "1")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(r.headers()[LOCATION]
        .to_str()
        .unwrap()
        .starts_with("/login"));
    // An editor of another organisation, and a moderator, are refused with 403.
    for email in [OUTSIDER, "moderator@example.org"] {
        let cookie = site.login(email, None).await;
        let r = site
            .post(&confirm_path(""), Some(&cookie), &[("revision", "1")])
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{email}");
    }
    // An unknown activity: 404.
    let cookie = site.login(JAPAN, None).await;
    let r = site
        .post(
            "/partner/activities/no-such-activity/confirm",
            Some(&cookie),
            &[("revision", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(!page_says(&site, "Confirmed by both sides").await);

    // The Japanese side confirms: one side.
    let r = site
        .post(&confirm_path(""), Some(&cookie), &[("revision", "1")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()[LOCATION].to_str().unwrap(),
        format!("/partner?confirmed={SLUG}")
    );
    assert!(!page_says(&site, "Confirmed by both sides").await);
    let one_side = support::page_total(&site, "/activities?confirmed=one-side").await;
    assert_eq!(one_side, 1);

    // The partner abroad confirms, from the Japanese page: both sides, on the page, in the
    // search facet, on the card and in the API.
    let cookie = site.login(ABROAD, None).await;
    let r = site
        .post(&confirm_path("/ja"), Some(&cookie), &[("revision", "1")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()[LOCATION].to_str().unwrap(),
        format!("/ja/partner?confirmed={SLUG}")
    );
    assert!(page_says(&site, "Confirmed by both sides").await);
    let (_, ja) = site.page(&format!("/ja/activities/{SLUG}")).await;
    assert!(ja.contains("双方が確認済み"), "{ja:.2000}");
    assert_eq!(
        support::page_total(&site, "/activities?confirmed=both-sides").await,
        1
    );
    let (_, search) = site.page("/activities?confirmed=both-sides").await;
    assert!(search.contains(SLUG));
    let api: serde_json::Value = serde_json::from_str(
        &site
            .get(&format!("/api/v1/activities/{SLUG}"))
            .await
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(api["confirmation"]["code"], "both-sides", "{api}");
}

#[tokio::test]
async fn a_confirmation_of_a_replaced_version_is_a_conflict_and_stores_nothing() {
    let site = spawn_site().await;
    let cookie = site.login(JAPAN, None).await;
    let r = site
        .post(&confirm_path(""), Some(&cookie), &[("revision", "7")])
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("a newer version was published since you opened this page"),
        "the editor is told why: {body:.3000}"
    );
    // A form without the version it showed, or with a malformed one, confirms nothing.
    for form in [&[][..], &[("revision", "one")][..]] {
        let r = site.post(&confirm_path("/ja"), Some(&cookie), form).await;
        assert_eq!(r.status(), StatusCode::CONFLICT, "{form:?}");
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("新しい版が公開されています"));
    }
    assert_eq!(
        support::page_total(&site, "/activities?confirmed=not-confirmed").await,
        support::page_total(&site, "/activities").await,
        "nothing was stored"
    );
}

#[tokio::test]
async fn versions_have_permanent_addresses_and_citation_files() {
    let site = spawn_site().await;
    let (status, page) = site.page(&format!("/activities/{SLUG}/v/1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Version 1"), "{page:.2000}");
    for missing in [
        format!("/activities/{SLUG}/v/2"),
        format!("/activities/{SLUG}/v/0"),
        "/activities/no-such-activity/v/1".to_string(),
    ] {
        assert_eq!(
            site.get(&missing).await.status(),
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
    let (_, history) = site.page(&format!("/activities/{SLUG}/history")).await;
    assert!(
        history.contains(&format!(r#"href="/activities/{SLUG}/v/1""#)),
        "the history links each version: {history:.3000}"
    );
    // The page carries the Highwire tags reference managers read.
    let (_, current) = site.page(&format!("/activities/{SLUG}")).await;
    assert!(
        current.contains(r#"name="citation_title""#),
        "{current:.3000}"
    );
    assert!(current.contains(&format!("/activities/{SLUG}/v/1")));

    for (format, content_type) in [
        ("json", "application/vnd.citationstyles.csl+json"),
        ("ris", "application/x-research-info-systems"),
        ("bib", "application/x-bibtex"),
    ] {
        let r = site
            .get(&format!("/activities/{SLUG}/v/1/cite.{format}"))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{format}");
        assert!(r.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with(content_type));
        assert_eq!(
            r.headers()[CONTENT_DISPOSITION].to_str().unwrap(),
            format!("attachment; filename=\"kakehashi-{SLUG}-v1.{format}\"")
        );
        let body = r.text().await.unwrap();
        assert!(body.contains(&format!("/activities/{SLUG}/v/1")), "{body}");
        let ja = site
            .get(&format!("/activities/{SLUG}/v/1/cite.{format}?lang=ja"))
            .await
            .text()
            .await
            .unwrap();
        assert_ne!(ja, body, "the Japanese citation differs ({format})");
        let missing = site
            .get(&format!("/activities/{SLUG}/v/9/cite.{format}"))
            .await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }
    let csl: serde_json::Value = serde_json::from_str(
        &site
            .get(&format!("/activities/{SLUG}/v/1/cite.json"))
            .await
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(csl[0]["type"], "webpage", "{csl}");
}

#[tokio::test]
async fn the_about_page_explains_the_record_with_live_counts_in_both_languages() {
    let site = spawn_site().await;
    let (status, en) = site.page("/about").await;
    assert_eq!(status, StatusCode::OK);
    let (status, ja) = site.page("/ja/about").await;
    assert_eq!(status, StatusCode::OK);
    let records = support::page_total(&site, "/activities").await;
    assert!(en.contains(&records.to_string()), "{en:.4000}");
    assert!(ja.contains("lang=\"ja\""));
    assert_ne!(en, ja);
}
