//! `/sitemap.xml` and `/robots.txt`: what search engines are told to visit and kept from.
//!
//! Rules:
//! - The sitemap lists every public page of the record by its English address, with
//!   `xhtml:link` alternates for English, Japanese and `x-default` (English): the home page,
//!   the activities, countries and organisations lists, every activity, every organisation,
//!   and every country with at least one activity. A country without activities has a page
//!   (it says so) but no content of its own, so it is left out: most of the ~250 country
//!   pages are such placeholders. Activities' history pages are public but not
//!   listed (they repeat the activity; crawlers may still follow the link).
//! - `lastmod`: an activity's `last_updated`; a country's or an organisation's, the newest
//!   `last_updated` of its activities (none for an organisation without activities); the
//!   lists' and the home page's, the newest of all.
//! - `robots.txt` disallows every page that is not [`crate::paths::Page::crawlable`] (the
//!   account pages, the login form, invitation links) in both languages, and names the
//!   sitemap. Every address is absolute, on the public URL.

use super::xml;
use crate::i18n::Locale;
use crate::paths;
use crate::ssr::db::Pool;

/// The `Content-Type` of the sitemap.
pub const CONTENT_TYPE: &str = "application/xml; charset=utf-8";

/// One page in the sitemap: its site path (English, no language prefix) and when it last
/// changed (`YYYY-MM-DD`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    pub path: String,
    pub lastmod: Option<String>,
}

/// Pages listed one per row of a query: the row's slug or code and `lastmod`, and the
/// page's address from the slug or code.
struct Listed {
    query: &'static str,
    path: fn(&str) -> String,
}

/// Activities, countries with activities, organisations.
const LISTED: [Listed; 3] = [
    Listed {
        query: "SELECT slug, last_updated FROM activities ORDER BY slug",
        path: paths::activity,
    },
    Listed {
        query: "SELECT ac.country, max(a.last_updated)
                FROM activity_countries ac JOIN activities a ON a.id = ac.activity_id
                GROUP BY ac.country ORDER BY ac.country",
        path: paths::country,
    },
    Listed {
        query: "SELECT o.slug, max(a.last_updated)
                FROM organizations o
                LEFT JOIN activity_participants p ON p.organization_id = o.id
                LEFT JOIN activities a ON a.id = p.activity_id
                GROUP BY o.id ORDER BY o.slug",
        path: paths::organization,
    },
];

/// Every page the sitemap lists, lists first, then activities, countries and organisations,
/// each by slug or code.
pub async fn urls(pool: &Pool) -> Result<Vec<Url>, sqlx::Error> {
    let newest: Option<String> = sqlx::query_scalar("SELECT max(last_updated) FROM activities")
        .fetch_one(pool)
        .await?;
    let mut urls: Vec<Url> = [
        paths::HOME,
        paths::ACTIVITIES,
        paths::COUNTRIES,
        paths::ORGANIZATIONS,
        paths::INSIGHTS,
        paths::INSIGHT_FLOWS,
        paths::INSIGHT_TRENDS,
    ]
    .into_iter()
    .map(|path| Url {
        path: path.to_string(),
        lastmod: newest.clone(),
    })
    .collect();
    for listed in LISTED {
        let rows: Vec<(String, Option<String>)> =
            sqlx::query_as(listed.query).fetch_all(pool).await?;
        urls.extend(rows.into_iter().map(|(key, lastmod)| Url {
            path: (listed.path)(&key),
            lastmod,
        }));
    }
    Ok(urls)
}

/// The sitemap of `urls`, on the public URL `base` (no trailing slash).
pub fn sitemap(urls: &[Url], base: &str) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml::open(
        &mut out,
        0,
        "urlset",
        &[
            ("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"),
            ("xmlns:xhtml", "http://www.w3.org/1999/xhtml"),
        ],
    );
    for url in urls {
        let english = format!("{base}{}", Locale::En.href(&url.path));
        xml::open(&mut out, 1, "url", &[]);
        xml::element(&mut out, 2, "loc", &english);
        if let Some(lastmod) = &url.lastmod {
            xml::element(&mut out, 2, "lastmod", lastmod);
        }
        for locale in Locale::ALL {
            let href = format!("{base}{}", locale.href(&url.path));
            alternate(&mut out, locale.code(), &href);
        }
        alternate(&mut out, "x-default", &english);
        xml::close(&mut out, 1, "url");
    }
    xml::close(&mut out, 0, "urlset");
    out
}

fn alternate(out: &mut String, hreflang: &str, href: &str) {
    xml::empty(
        out,
        2,
        "xhtml:link",
        &[("rel", "alternate"), ("hreflang", hreflang), ("href", href)],
    );
}

/// `robots.txt` for the public URL `base`.
pub fn robots(base: &str) -> String {
    let mut out = String::from("User-agent: *\n");
    for prefix in paths::crawler_exclusions() {
        out.push_str("Disallow: ");
        out.push_str(&prefix);
        out.push('\n');
    }
    out.push_str(&format!("\nSitemap: {base}{}\n", paths::SITEMAP));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_is_listed_in_english_with_both_languages_as_alternates() {
        let urls = [
            Url {
                path: "/".into(),
                lastmod: Some("2026-12-01".into()),
            },
            Url {
                path: "/organizations/a&b".into(),
                lastmod: None,
            },
        ];
        let xml = sitemap(&urls, "https://k.example");
        assert!(xml.contains(
            "    <loc>https://k.example/</loc>\n    <lastmod>2026-12-01</lastmod>\n    \
             <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://k.example/\"/>\n    \
             <xhtml:link rel=\"alternate\" hreflang=\"ja\" href=\"https://k.example/ja\"/>\n    \
             <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://k.example/\"/>\n"
        ));
        assert!(xml.contains("<loc>https://k.example/organizations/a&amp;b</loc>\n    <xhtml"));
        assert_eq!(xml.matches("<url>").count(), 2);
    }

    #[test]
    fn robots_names_the_sitemap_and_keeps_crawlers_from_account_pages() {
        let robots = robots("https://k.example");
        assert!(robots.starts_with("User-agent: *\n"));
        assert!(robots.contains("Disallow: /admin\n"));
        assert!(robots.contains("Disallow: /ja/partner\n"));
        assert!(robots.ends_with("\nSitemap: https://k.example/sitemap.xml\n"));
        assert!(!robots.contains("Disallow: /activities"));
    }
}
