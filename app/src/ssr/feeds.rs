//! Atom 1.0 feeds of the published record: the site's (`/feed.atom`), one country's
//! (`/countries/{CC}/feed.atom`) and one organisation's (`/organizations/{slug}/feed.atom`),
//! each also under `/ja/…` in Japanese.
//!
//! Rules:
//! - An entry is one published revision of an activity: number 1 is its first publication,
//!   every later number an approved change. Newest first (publication time, then the later
//!   revision), at most [`FEED_LENGTH`] entries.
//! - Which activities a country's or an organisation's feed follows is the search engine's
//!   answer for that country or organisation, exactly as their pages list them.
//! - Texts are in the feed's language. Revisions keep no copy of the text, so every entry
//!   shows the activity's current title and summary; a change's summary first names the
//!   parts it changed. The author is the organisation that proposed the revision, or the
//!   site for the curated first publications.
//! - Every address is absolute, on the public URL. An entry's id is its activity's
//!   permalink in the feed's language with `#revision-N`: stable while the public address
//!   stays, and distinct per language (each language's feed is a feed of its own).
//! - The feed's `updated` is its newest entry's; an empty feed takes the record's newest
//!   revision.

use super::search::SearchIndex;
use super::xml;
use crate::filters::{Filters, Sort};
use crate::forms::change_label;
use crate::i18n::{change_summary, feed_title, label_separator, Key, Locale};
use crate::model::Localized;
use crate::paths;
use crate::ssr::db::Pool;
use sqlx::FromRow;

/// The most entries a feed holds.
pub const FEED_LENGTH: u32 = 50;

/// The `Content-Type` of a feed.
pub const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

/// What a feed follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope<'a> {
    /// The whole record.
    Site,
    /// The activities in one country, by ISO code.
    Country(&'a str),
    /// The activities one organisation takes part in, by slug.
    Organization(&'a str),
}

/// One published revision, as a feed shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub slug: String,
    /// 1 for the first publication, more for an approved change.
    pub number: i64,
    /// When it was published, as stored (RFC 3339, UTC).
    pub published_at: String,
    /// The [`crate::forms::RecordPart`] slugs it changed.
    pub changes: Vec<String>,
    pub title: Localized,
    pub summary: Localized,
    /// The organisation that proposed it; `None` for a curated first publication.
    pub organization: Option<Localized>,
}

/// What the feed is about: its title's subject, the page it mirrors and its own address
/// (site paths, without language).
struct Head {
    subject: Option<Localized>,
    page: String,
    feed: String,
    /// The activities it follows; `None` for all of them.
    ids: Option<Vec<i64>>,
}

/// The feed of `scope` in `locale` as an Atom document, or `None` when the country or the
/// organisation does not exist. `base` is the public URL without a trailing slash.
pub async fn feed(
    pool: &Pool,
    index: &SearchIndex,
    base: &str,
    scope: Scope<'_>,
    locale: Locale,
) -> Result<Option<String>, sqlx::Error> {
    let Some(head) = head(pool, index, scope).await? else {
        return Ok(None);
    };
    let entries = entries(pool, head.ids.as_deref(), FEED_LENGTH).await?;
    let updated = match entries.first() {
        Some(newest) => newest.published_at.clone(),
        None => newest_revision(pool).await?,
    };
    Ok(Some(atom(&head, &entries, &updated, base, locale)))
}

/// Resolves `scope` to what its feed needs; `None` for an unknown country or organisation.
async fn head(
    pool: &Pool,
    index: &SearchIndex,
    scope: Scope<'_>,
) -> Result<Option<Head>, sqlx::Error> {
    let (query, key, filters, page, feed) = match scope {
        Scope::Site => {
            return Ok(Some(Head {
                subject: None,
                page: paths::HOME.to_string(),
                feed: paths::FEED.to_string(),
                ids: None,
            }))
        }
        Scope::Country(code) => (
            "SELECT name_en, name_ja FROM countries WHERE code = $1",
            code,
            Filters::of_country(code),
            paths::country(code),
            paths::country_feed(code),
        ),
        Scope::Organization(slug) => (
            "SELECT name_en, name_ja FROM organizations WHERE slug = $1",
            slug,
            Filters::of_organization(slug),
            paths::organization(slug),
            paths::organization_feed(slug),
        ),
    };
    let name: Option<(String, String)> =
        sqlx::query_as(query).bind(key).fetch_optional(pool).await?;
    Ok(name.map(|(en, ja)| Head {
        subject: Some(Localized::new(en, ja)),
        page,
        feed,
        ids: Some(index.search("", &filters, Sort::Newest).ids),
    }))
}

/// The latest `limit` revisions of the activities `ids` (all activities for `None`),
/// newest first: by publication time, then the later-written revision.
pub async fn entries(
    pool: &Pool,
    ids: Option<&[i64]>,
    limit: u32,
) -> Result<Vec<Entry>, sqlx::Error> {
    #[derive(FromRow)]
    struct EntryRow {
        slug: String,
        number: i64,
        published_at: String,
        changes: String,
        title_en: String,
        title_ja: String,
        summary_en: String,
        summary_ja: String,
        org_en: Option<String>,
        org_ja: Option<String>,
    }
    let ids_json = ids.map(|ids| serde_json::to_string(ids).expect("ids serialise"));
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT a.slug, r.number, r.published_at, r.changes, a.title_en, a.title_ja,
                a.summary_en, a.summary_ja, o.name_en AS org_en, o.name_ja AS org_ja
         FROM revisions r
         JOIN activities a ON a.id = r.activity_id
         LEFT JOIN organizations o ON o.id = r.organization_id
         WHERE $1 IS NULL OR r.activity_id IN (SELECT CAST(value AS BIGINT) FROM json_each($1))
         ORDER BY r.published_at DESC, r.id DESC
         LIMIT $2",
    )
    .bind(ids_json)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Entry {
            slug: r.slug,
            number: r.number,
            published_at: r.published_at,
            changes: serde_json::from_str(&r.changes).unwrap_or_default(),
            title: Localized::new(r.title_en, r.title_ja),
            summary: Localized::new(r.summary_en, r.summary_ja),
            organization: r
                .org_en
                .zip(r.org_ja)
                .map(|(en, ja)| Localized::new(en, ja)),
        })
        .collect())
}

/// When the record last changed, for a feed without entries.
async fn newest_revision(pool: &Pool) -> Result<String, sqlx::Error> {
    let newest: Option<String> = sqlx::query_scalar("SELECT max(published_at) FROM revisions")
        .fetch_one(pool)
        .await?;
    Ok(newest.unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string()))
}

/// A stored time as RFC 3339: a bare date (`2026-12-01`) becomes midnight UTC; anything
/// else is already stored in that form (`strftime('%Y-%m-%dT%H:%M:%SZ')`).
fn rfc3339(stored: &str) -> String {
    if stored.len() == 10 {
        format!("{stored}T00:00:00Z")
    } else {
        stored.to_string()
    }
}

/// The Atom document.
fn atom(head: &Head, entries: &[Entry], updated: &str, base: &str, locale: Locale) -> String {
    let feed_url = format!("{base}{}", locale.href(&head.feed));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml::open(
        &mut out,
        0,
        "feed",
        &[
            ("xmlns", "http://www.w3.org/2005/Atom"),
            ("xml:lang", locale.code()),
        ],
    );
    xml::element(&mut out, 1, "id", &feed_url);
    let subject = head.subject.as_ref().map(|s| s.get(locale));
    xml::element(&mut out, 1, "title", &feed_title(locale, subject));
    xml::element(&mut out, 1, "updated", &rfc3339(updated));
    xml::empty(
        &mut out,
        1,
        "link",
        &[
            ("rel", "self"),
            ("type", "application/atom+xml"),
            ("href", &feed_url),
        ],
    );
    let page_url = format!("{base}{}", locale.href(&head.page));
    xml::empty(
        &mut out,
        1,
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", &page_url),
        ],
    );
    author(&mut out, 1, Key::SiteName.text(locale));
    for entry in entries {
        write_entry(&mut out, entry, base, locale);
    }
    xml::close(&mut out, 0, "feed");
    out
}

fn write_entry(out: &mut String, entry: &Entry, base: &str, locale: Locale) {
    let permalink = format!("{base}{}", locale.href(&paths::activity(&entry.slug)));
    let first = entry.number == 1;
    xml::open(out, 1, "entry", &[]);
    xml::element(
        out,
        2,
        "id",
        &format!("{permalink}#revision-{}", entry.number),
    );
    let what = if first {
        Key::FeedNewActivity
    } else {
        Key::FeedChangedActivity
    };
    let title = format!(
        "{}{}{}",
        locale.t(what),
        label_separator(locale),
        entry.title.get(locale)
    );
    xml::element(out, 2, "title", &title);
    xml::element(out, 2, "updated", &rfc3339(&entry.published_at));
    xml::empty(
        out,
        2,
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", &permalink),
        ],
    );
    let summary = entry.summary.get(locale);
    let summary = if first {
        summary.to_string()
    } else {
        let parts: Vec<&str> = entry
            .changes
            .iter()
            .map(|c| change_label(c, locale))
            .filter(|c| !c.is_empty())
            .collect();
        change_summary(locale, &parts, summary)
    };
    xml::element(out, 2, "summary", &summary);
    let by = entry
        .organization
        .as_ref()
        .map_or(Key::SiteName.text(locale), |o| o.get(locale));
    author(out, 2, by);
    xml::close(out, 1, "entry");
}

fn author(out: &mut String, indent: usize, name: &str) {
    xml::open(out, indent, "author", &[]);
    xml::element(out, indent + 1, "name", name);
    xml::close(out, indent, "author");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database with two activities and the revisions given as (activity, number,
    /// published_at), written in that order.
    async fn with_revisions(revisions: &[(i64, i64, &str)]) -> (tempfile::TempDir, Pool) {
        let dir = tempfile::tempdir().unwrap();
        let url = crate::ssr::db::test_database_url(dir.path(), "feeds.db").await;
        let pool = crate::ssr::db::connect(&url).await.unwrap().pool;
        for (id, slug) in [(1, "first"), (2, "second")] {
            sqlx::query(
                "INSERT INTO activities (id, slug, title_en, title_ja, summary_en, summary_ja,
                                         kind, status, last_updated)
                 VALUES ($1, $2, $3, $4, 'S', 'S', 'surgical-training-abroad', 'completed', '2026-12-01')",
            )
            .bind(id)
            .bind(slug)
            .bind(format!("{slug} & <co>"))
            .bind(format!("{slug}（日本語）"))
            .execute(&pool)
            .await
            .unwrap();
        }
        for (activity, number, at) in revisions {
            sqlx::query(
                "INSERT INTO revisions (activity_id, number, published_at, changes)
                 VALUES ($1, $2, $3, '[\"figures\"]')",
            )
            .bind(activity)
            .bind(number)
            .bind(at)
            .execute(&pool)
            .await
            .unwrap();
        }
        (dir, pool)
    }

    fn order(entries: &[Entry]) -> Vec<(String, i64)> {
        entries.iter().map(|e| (e.slug.clone(), e.number)).collect()
    }

    #[tokio::test]
    async fn entries_come_newest_first_and_ties_go_to_the_later_revision() {
        let (_dir, pool) = with_revisions(&[
            (1, 1, "2026-01-01T00:00:00Z"),
            (2, 1, "2026-01-01T00:00:00Z"),
            (1, 2, "2026-03-01T09:00:00Z"),
            (2, 2, "2026-02-01T00:00:00Z"),
        ])
        .await;
        let all = entries(&pool, None, FEED_LENGTH).await.unwrap();
        let expected = [("first", 2), ("second", 2), ("second", 1), ("first", 1)];
        let expected: Vec<(String, i64)> =
            expected.iter().map(|(s, n)| (s.to_string(), *n)).collect();
        assert_eq!(order(&all), expected);
        assert_eq!(
            order(&entries(&pool, None, 2).await.unwrap()),
            &expected[..2]
        );
        assert_eq!(
            order(&entries(&pool, Some(&[2]), FEED_LENGTH).await.unwrap()),
            vec![("second".to_string(), 2), ("second".to_string(), 1)]
        );
        assert!(entries(&pool, Some(&[]), FEED_LENGTH)
            .await
            .unwrap()
            .is_empty());
    }

    #[tokio::test]
    async fn the_document_escapes_the_record_and_names_what_changed() {
        let (_dir, pool) = with_revisions(&[
            (1, 1, "2026-01-01T00:00:00Z"),
            (1, 2, "2026-03-01T09:00:00Z"),
        ])
        .await;
        let index = SearchIndex::load(&pool).await.unwrap();
        let base = "https://kakehashi.example";
        let en = feed(&pool, &index, base, Scope::Site, Locale::En)
            .await
            .unwrap()
            .unwrap();
        assert!(
            en.contains("<title>Updated: first &amp; &lt;co&gt;</title>"),
            "{en}"
        );
        assert!(
            en.contains("<summary>What changed: Figures. S</summary>"),
            "{en}"
        );
        assert!(en.contains("<updated>2026-03-01T09:00:00Z</updated>\n  <link"));
        assert!(en.contains("<id>https://kakehashi.example/activities/first#revision-2</id>"));
        let ja = feed(&pool, &index, base, Scope::Site, Locale::Ja)
            .await
            .unwrap()
            .unwrap();
        assert!(ja.contains(r#"xml:lang="ja""#));
        assert!(
            ja.contains("<title>新しい活動：first（日本語）</title>"),
            "{ja}"
        );
        assert!(ja.contains("https://kakehashi.example/ja/activities/first"));
        let unknown = feed(&pool, &index, base, Scope::Country("XX"), Locale::En).await;
        assert_eq!(unknown.unwrap(), None);
    }

    #[test]
    fn stored_dates_become_rfc_3339_times() {
        assert_eq!(rfc3339("2026-12-01"), "2026-12-01T00:00:00Z");
        assert_eq!(rfc3339("2026-12-01T10:20:30Z"), "2026-12-01T10:20:30Z");
    }
}
