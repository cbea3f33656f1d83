//! HTTP tests of what feed readers and crawlers read: the Atom feeds (site, country,
//! organisation, both languages), `/sitemap.xml` and `/robots.txt`, on the real router
//! with a fresh seeded database, each document parsed as XML.

mod support;

use app::filters::{Filters, Sort};
use app::paths::Page;
use app::ssr::db::Pool;
use app::ssr::AppState;
use reqwest::StatusCode;
use roxmltree::{Document, Node};
use std::collections::BTreeSet;

const BASE: &str = "https://kakehashi.example";
const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";
const XML: &str = "http://www.w3.org/XML/1998/namespace";

struct Site {
    base: String,
    client: reqwest::Client,
    /// The site's state as it was served (the pool and index are shared with it).
    state: AppState,
    _dir: tempfile::TempDir,
    _turn: support::RenderTurn,
}

impl Site {
    /// A fresh site; `before` may change its database before it serves.
    async fn start(before: impl AsyncFnOnce(&Pool)) -> Site {
        let turn = support::render_turn().await;
        let (state, listener, dir) = support::prepare().await;
        before(&state.pool).await;
        let (base, client) = support::serve(listener, state.clone());
        Site {
            base,
            client,
            state,
            _dir: dir,
            _turn: turn,
        }
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        let url = format!("{}{path}", self.base);
        self.client.get(url).send().await.unwrap()
    }

    /// The body of a 200 answer with the given content type.
    async fn document(&self, path: &str, content_type: &str) -> String {
        let r = self.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()["content-type"], content_type, "{path}");
        r.text().await.unwrap()
    }

    async fn feed(&self, path: &str) -> String {
        self.document(path, "application/atom+xml; charset=utf-8")
            .await
    }

    /// The slugs of the activities the search engine finds under `filters`.
    async fn slugs(&self, filters: &Filters) -> BTreeSet<String> {
        let ids = self
            .state
            .search
            .current()
            .search("", filters, Sort::Newest)
            .ids;
        let json = serde_json::to_string(&ids).unwrap();
        sqlx::query_scalar(
            "SELECT slug FROM activities WHERE id IN (SELECT CAST(value AS BIGINT) FROM json_each($1))",
        )
        .bind(json)
        .fetch_all(&self.state.pool)
        .await
        .unwrap()
        .into_iter()
        .collect()
    }
}

fn child<'a>(node: Node<'a, 'a>, ns: &'static str, name: &'static str) -> Node<'a, 'a> {
    children(node, ns, name)
        .next()
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
}

fn children<'a>(
    node: Node<'a, 'a>,
    ns: &'static str,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'a>> + 'a {
    node.children()
        .filter(move |c| c.tag_name().namespace() == Some(ns) && c.tag_name().name() == name)
}

fn text<'a>(node: Node<'a, 'a>, name: &'static str) -> &'a str {
    child(node, ATOM, name).text().unwrap_or_default()
}

/// The `href` of the Atom `<link rel=…>` of `node`.
fn link<'a>(node: Node<'a, 'a>, rel: &str) -> &'a str {
    children(node, ATOM, "link")
        .find(|l| l.attribute("rel") == Some(rel))
        .and_then(|l| l.attribute("href"))
        .unwrap_or_else(|| panic!("no link rel={rel}"))
}

/// The slugs a feed's entries link to, under `prefix` (`/activities/` or `/ja/activities/`).
fn entry_slugs(feed: &Document<'_>, prefix: &str) -> BTreeSet<String> {
    children(feed.root_element(), ATOM, "entry")
        .map(|e| {
            let href = link(e, "alternate");
            let slug = href.strip_prefix(&format!("{BASE}{prefix}"));
            slug.unwrap_or_else(|| panic!("{href}")).to_string()
        })
        .collect()
}

/// Adds 40 approved changes (numbers 2 and 3 of the first 20 activities), each published
/// a second after the one before, in 2030, proposed by the first organisation.
async fn forty_changes(pool: &Pool) {
    for i in 0..40_i64 {
        sqlx::query(
            "INSERT INTO revisions (activity_id, number, organization_id, published_at, changes)
             VALUES ((SELECT id FROM activities ORDER BY id LIMIT 1 OFFSET $1), $2,
                     (SELECT min(id) FROM organizations), $3,
                     '[\"figures\",\"sources\"]')",
        )
        .bind(i % 20)
        .bind(2 + i / 20)
        .bind(format!("2030-01-01T00:00:{i:02}Z"))
        .execute(pool)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn the_site_feed_holds_the_latest_fifty_publications_and_changes_newest_first() {
    let site = Site::start(forty_changes).await;
    let body = site.feed("/feed.atom").await;
    let doc = Document::parse(&body).unwrap();
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.attribute((XML, "lang")), Some("en"));
    assert_eq!(text(feed, "id"), format!("{BASE}/feed.atom"));
    assert_eq!(link(feed, "self"), format!("{BASE}/feed.atom"));
    assert_eq!(link(feed, "alternate"), format!("{BASE}/"));
    assert!(text(feed, "title").starts_with("Kakehashi"));
    let entries: Vec<Node<'_, '_>> = children(feed, ATOM, "entry").collect();
    assert_eq!(
        entries.len(),
        50,
        "26 publications and 40 changes, the latest 50"
    );
    let updated: Vec<&str> = entries.iter().map(|e| text(*e, "updated")).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "{updated:?}");
    assert_eq!(updated[0], "2030-01-01T00:00:39Z");
    assert_eq!(text(feed, "updated"), updated[0]);
    let ids: BTreeSet<&str> = entries.iter().map(|e| text(*e, "id")).collect();
    assert_eq!(ids.len(), 50, "every entry has an id of its own");
    for entry in &entries {
        assert!(link(*entry, "alternate").starts_with(&format!("{BASE}/activities/")));
        assert!(text(*entry, "id").starts_with(&format!("{BASE}/activities/")));
        assert!(!text(*entry, "title").is_empty());
        assert!(!text(*entry, "summary").is_empty());
        assert!(!text(child(*entry, ATOM, "author"), "name").is_empty());
    }
    let newest = entries[0];
    assert!(text(newest, "title").starts_with("Updated: "));
    assert!(text(newest, "summary").starts_with("What changed: Figures, Sources. "));
    assert!(text(newest, "id").ends_with("#revision-3"));
    // The oldest ten entries that made it are first publications (26 - 10 left out).
    assert!(text(entries[49], "title").starts_with("New activity: "));
}

#[tokio::test]
async fn the_japanese_feed_is_japanese() {
    let site = Site::start(async |_: &Pool| {}).await;
    let body = site.feed("/ja/feed.atom").await;
    let doc = Document::parse(&body).unwrap();
    let feed = doc.root_element();
    assert_eq!(feed.attribute((XML, "lang")), Some("ja"));
    assert_eq!(text(feed, "title"), "架け橋 — 最新の活動と更新");
    assert_eq!(link(feed, "self"), format!("{BASE}/ja/feed.atom"));
    assert_eq!(link(feed, "alternate"), format!("{BASE}/ja"));
    let all = site.slugs(&Filters::default()).await;
    assert_eq!(entry_slugs(&doc, "/ja/activities/"), all);
    for entry in children(feed, ATOM, "entry") {
        assert!(text(entry, "title").starts_with("新しい活動："));
        assert_eq!(text(child(entry, ATOM, "author"), "name"), "架け橋");
    }
    let japanese = |c: char| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}');
    for entry in children(feed, ATOM, "entry") {
        assert!(text(entry, "summary").chars().any(japanese), "{body:.2000}");
    }
}

#[tokio::test]
async fn country_and_organisation_feeds_hold_exactly_their_activities() {
    let site = Site::start(async |_: &Pool| {}).await;
    let cases = [
        (
            "/countries/MN/feed.atom",
            "/countries/MN",
            Filters {
                countries: vec!["MN".into()],
                ..Filters::default()
            },
            "Kakehashi — Mongolia: latest activities and changes",
        ),
        (
            "/organizations/nagasaki-university/feed.atom",
            "/organizations/nagasaki-university",
            Filters {
                orgs: vec!["nagasaki-university".into()],
                ..Filters::default()
            },
            "Kakehashi — Nagasaki University: latest activities and changes",
        ),
    ];
    let everything = site.slugs(&Filters::default()).await;
    for (path, page, filters, title) in cases {
        let body = site.feed(path).await;
        let doc = Document::parse(&body).unwrap();
        let expected = site.slugs(&filters).await;
        assert!(
            !expected.is_empty() && expected.len() < everything.len(),
            "{path}"
        );
        assert_eq!(entry_slugs(&doc, "/activities/"), expected, "{path}");
        let feed = doc.root_element();
        assert_eq!(text(feed, "title"), title);
        assert_eq!(link(feed, "self"), format!("{BASE}{path}"));
        assert_eq!(link(feed, "alternate"), format!("{BASE}{page}"));
        let ja = site.feed(&format!("/ja{path}")).await;
        let ja = Document::parse(&ja).unwrap();
        assert_eq!(entry_slugs(&ja, "/ja/activities/"), expected, "/ja{path}");
    }
    // A country without activities has a page, so it has a feed: an empty one.
    let empty = site.feed("/countries/FR/feed.atom").await;
    let empty = Document::parse(&empty).unwrap();
    assert_eq!(children(empty.root_element(), ATOM, "entry").count(), 0);
    assert!(!text(empty.root_element(), "updated").is_empty());
}

#[tokio::test]
async fn feeds_of_unknown_countries_and_organisations_answer_404() {
    let site = Site::start(async |_: &Pool| {}).await;
    for path in [
        "/countries/XX/feed.atom",
        "/countries/mn/feed.atom",
        "/countries/%3Cx%3E/feed.atom",
        "/ja/countries/XX/feed.atom",
        "/organizations/no-such-organisation/feed.atom",
        "/ja/organizations/no-such-organisation/feed.atom",
    ] {
        assert_eq!(
            site.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

/// The `href` of every `<link>` in `html` that announces an Atom feed, with its title.
fn advertised_feeds(html: &str) -> Vec<(String, String)> {
    let attribute = |tag: &str, name: &str| {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_string())
    };
    html.split("<link")
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .filter(|tag| tag.contains(r#"type="application/atom+xml""#))
        .filter(|tag| tag.contains(r#"rel="alternate""#))
        .filter_map(|tag| Some((attribute(tag, "href")?, attribute(tag, "title")?)))
        .collect()
}

#[tokio::test]
async fn pages_advertise_their_feed_in_their_language() {
    let site = Site::start(async |_: &Pool| {}).await;
    for (page, feed, title) in [
        (
            "/",
            "/feed.atom",
            "Kakehashi — latest activities and changes",
        ),
        ("/ja", "/ja/feed.atom", "架け橋 — 最新の活動と更新"),
        (
            "/countries/MN",
            "/countries/MN/feed.atom",
            "Kakehashi — Mongolia: latest activities and changes",
        ),
        (
            "/ja/countries/MN",
            "/ja/countries/MN/feed.atom",
            "架け橋 — モンゴルの最新の活動と更新",
        ),
        (
            "/organizations/nagasaki-university",
            "/organizations/nagasaki-university/feed.atom",
            "Kakehashi — Nagasaki University: latest activities and changes",
        ),
    ] {
        let r = site.get(page).await;
        assert_eq!(r.status(), StatusCode::OK, "{page}");
        let html = r.text().await.unwrap();
        assert_eq!(
            advertised_feeds(&html),
            [(feed.to_string(), title.to_string())],
            "{page}"
        );
        assert_eq!(site.get(feed).await.status(), StatusCode::OK, "{feed}");
    }
}

#[tokio::test]
async fn the_sitemap_lists_every_public_page_with_both_languages_and_no_account_page() {
    let site = Site::start(async |_: &Pool| {}).await;
    let body = site
        .document("/sitemap.xml", "application/xml; charset=utf-8")
        .await;
    let doc = Document::parse(&body).unwrap();
    let urlset = doc.root_element();
    assert_eq!(urlset.tag_name().namespace(), Some(SITEMAP));
    assert_eq!(urlset.tag_name().name(), "urlset");
    let mut listed = BTreeSet::new();
    for url in children(urlset, SITEMAP, "url") {
        let loc = child(url, SITEMAP, "loc").text().unwrap();
        let path = loc.strip_prefix(BASE).unwrap_or_else(|| panic!("{loc}"));
        let page = Page::of_path(path).unwrap_or_else(|| panic!("{loc} is no page"));
        assert!(page.crawlable() && !page.needs_account(), "{loc}");
        let alternates: Vec<(&str, &str)> = children(url, XHTML, "link")
            .map(|l| {
                assert_eq!(l.attribute("rel"), Some("alternate"));
                (
                    l.attribute("hreflang").unwrap(),
                    l.attribute("href").unwrap(),
                )
            })
            .collect();
        let japanese = if path == "/" {
            format!("{BASE}/ja")
        } else {
            format!("{BASE}/ja{path}")
        };
        assert_eq!(
            alternates,
            [("en", loc), ("ja", japanese.as_str()), ("x-default", loc)],
            "{loc}"
        );
        assert!(listed.insert(path.to_string()), "{loc} listed twice");
        if page == Page::Activity {
            let lastmod = child(url, SITEMAP, "lastmod").text().unwrap();
            assert_eq!(lastmod.len(), 10, "{loc}: {lastmod}");
        }
    }
    for slug in site.slugs(&Filters::default()).await {
        assert!(listed.contains(&format!("/activities/{slug}")), "{slug}");
    }
    for path in [
        "/",
        "/activities",
        "/countries",
        "/organizations",
        "/insights",
        "/insights/flows",
        "/insights/trends",
        "/countries/MN",
        "/organizations/nagasaki-university",
    ] {
        assert!(listed.contains(path), "{path}");
    }
    assert!(
        !listed.contains("/countries/FR"),
        "a country without activities"
    );
}

#[tokio::test]
async fn robots_txt_names_the_sitemap_and_keeps_out_account_pages_in_both_languages() {
    let site = Site::start(async |_: &Pool| {}).await;
    let body = site
        .document("/robots.txt", "text/plain; charset=utf-8")
        .await;
    assert!(body.starts_with("User-agent: *\n"), "{body}");
    assert!(
        body.contains(&format!("\nSitemap: {BASE}/sitemap.xml\n")),
        "{body}"
    );
    let disallowed: Vec<&str> = body
        .lines()
        .filter_map(|l| l.strip_prefix("Disallow: "))
        .collect();
    for path in [
        "/partner",
        "/partner/activities/new",
        "/partner/activities/x/edit",
        "/moderation",
        "/moderation/7",
        "/admin",
        "/login",
        "/invite/token",
    ] {
        for address in [path.to_string(), format!("/ja{path}")] {
            assert!(
                disallowed.iter().any(|d| address.starts_with(d)),
                "{address} is not kept out: {body}"
            );
        }
    }
    for public in [
        "/",
        "/activities",
        "/countries/MN",
        "/ja/organizations",
        "/ja",
    ] {
        assert!(
            !disallowed.iter().any(|d| public.starts_with(d)),
            "{public} is kept out: {body}"
        );
    }
}
