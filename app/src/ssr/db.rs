//! Every query of the published record.
//!
//! Rules: functions take a pool (or a transaction for writes) and return model types; rows
//! end in `Row` and never leave this module. Cards are assembled for a list of ids in a
//! fixed number of queries (ids passed as one JSON array), never one query per card.

use crate::filters::{Filters, Sort};
use crate::model::{
    ActivityCard, ActivityDetail, ActivityKind, ActivityStatus, CountryCount, CountryDetail,
    CountryRef, FieldCount, FieldRef, Figure, Localized, OrgKind, OrgRef, OrgSummary,
    OrganizationDetail, PartialDate, Period, Qualifier, Role, SiteStats, Source,
};
use crate::ssr::search::SearchIndex;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{FromRow, SqlitePool};
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

/// Opens (creating if missing) the SQLite database at `url` and brings its schema up to date.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("../migrations").run(&pool).await?;
    Ok(pool)
}

/// The words of a query, lower-cased the way SQLite's `lower()` does (ASCII only), each as
/// a `LIKE` pattern with its wildcards escaped.
pub fn like_patterns(q: &str) -> Vec<String> {
    q.split_whitespace()
        .take(8)
        .map(|term| {
            let mut p = String::from("%");
            for c in term.to_ascii_lowercase().chars() {
                if matches!(c, '%' | '_' | '\\') {
                    p.push('\\');
                }
                p.push(c);
            }
            p.push('%');
            p
        })
        .collect()
}

/// The most recently published activities.
pub async fn recent(pool: &SqlitePool, limit: i64) -> Result<Vec<ActivityCard>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM activities ORDER BY published_at DESC, coalesce(start_date, '') DESC, id LIMIT ?",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    cards(pool, &ids).await
}

/// Counts for the home page: activities, partner countries, institutions.
pub async fn stats(pool: &SqlitePool) -> Result<SiteStats, sqlx::Error> {
    let (activities, countries, institutions): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM activities),
                (SELECT count(DISTINCT country) FROM activity_countries),
                (SELECT count(DISTINCT organization_id) FROM activity_participants)",
    )
    .fetch_one(pool)
    .await?;
    Ok(SiteStats {
        activities,
        countries,
        institutions,
    })
}

#[derive(FromRow)]
struct ActivityRow {
    id: i64,
    slug: String,
    title_en: String,
    title_ja: String,
    kind: String,
    status: String,
    start_date: Option<String>,
    end_date: Option<String>,
    area_note_en: Option<String>,
    area_note_ja: Option<String>,
}

#[derive(FromRow)]
struct ParticipantRow {
    activity_id: i64,
    slug: String,
    name_en: String,
    name_ja: String,
    country: String,
    country_en: String,
    country_ja: String,
    role: String,
}

#[derive(FromRow)]
struct NamedRow {
    activity_id: i64,
    key: String,
    name_en: String,
    name_ja: String,
}

#[derive(FromRow)]
struct FigureRow {
    activity_id: i64,
    label_en: String,
    label_ja: String,
    value: f64,
    value_max: Option<f64>,
    qualifier: Option<String>,
    unit_en: String,
    unit_ja: String,
    period: Option<String>,
    source: Option<i64>,
}

#[derive(FromRow)]
struct SourceRow {
    url: Option<String>,
    publisher: Option<String>,
    title: String,
    published: Option<String>,
    document: Option<String>,
}

impl From<FigureRow> for Figure {
    fn from(r: FigureRow) -> Self {
        Figure {
            label: Localized::new(r.label_en, r.label_ja),
            value: r.value,
            value_max: r.value_max,
            qualifier: r.qualifier.as_deref().and_then(Qualifier::from_slug),
            unit: Localized::new(r.unit_en, r.unit_ja),
            period: r.period.as_deref().and_then(|p| Period::parse(p).ok()),
            source: r.source.and_then(|s| u32::try_from(s).ok()),
        }
    }
}

fn group<T>(rows: Vec<T>, id: impl Fn(&T) -> i64) -> HashMap<i64, Vec<T>> {
    let mut map: HashMap<i64, Vec<T>> = HashMap::new();
    for row in rows {
        map.entry(id(&row)).or_default().push(row);
    }
    map
}

/// Cards for the given activity ids, in the given order: five queries whatever the count.
pub async fn cards(pool: &SqlitePool, ids: &[i64]) -> Result<Vec<ActivityCard>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids_json = serde_json::to_string(ids).expect("ids serialise");
    let rows: Vec<ActivityRow> = sqlx::query_as(
        "SELECT id, slug, title_en, title_ja, kind, status, start_date, end_date, area_note_en, area_note_ja
         FROM activities WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(&ids_json)
    .fetch_all(pool)
    .await?;
    let participants: Vec<ParticipantRow> = sqlx::query_as(
        "SELECT p.activity_id, o.slug, o.name_en, o.name_ja, o.country,
                c.name_en AS country_en, c.name_ja AS country_ja, p.role
         FROM activity_participants p JOIN organizations o ON o.id = p.organization_id
         JOIN countries c ON c.code = o.country
         WHERE p.activity_id IN (SELECT value FROM json_each(?)) ORDER BY p.activity_id, p.position",
    )
    .bind(&ids_json)
    .fetch_all(pool)
    .await?;
    let countries: Vec<NamedRow> = sqlx::query_as(
        "SELECT ac.activity_id, c.code AS key, c.name_en, c.name_ja
         FROM activity_countries ac JOIN countries c ON c.code = ac.country
         WHERE ac.activity_id IN (SELECT value FROM json_each(?)) ORDER BY ac.activity_id, ac.position",
    )
    .bind(&ids_json)
    .fetch_all(pool)
    .await?;
    let fields: Vec<NamedRow> = sqlx::query_as(
        "SELECT af.activity_id, f.slug AS key, f.name_en, f.name_ja
         FROM activity_fields af JOIN fields f ON f.slug = af.field
         WHERE af.activity_id IN (SELECT value FROM json_each(?)) ORDER BY af.activity_id, af.position",
    )
    .bind(&ids_json)
    .fetch_all(pool)
    .await?;
    let figures: Vec<FigureRow> = sqlx::query_as(
        "SELECT activity_id, label_en, label_ja, value, value_max, qualifier, unit_en, unit_ja, period, source
         FROM figures WHERE position = 0 AND activity_id IN (SELECT value FROM json_each(?))",
    )
    .bind(&ids_json)
    .fetch_all(pool)
    .await?;

    let mut participants = group(participants, |r| r.activity_id);
    let mut countries = group(countries, |r| r.activity_id);
    let mut fields = group(fields, |r| r.activity_id);
    let mut figures: HashMap<i64, Figure> = figures
        .into_iter()
        .map(|r| (r.activity_id, Figure::from(r)))
        .collect();
    let mut by_id: HashMap<i64, ActivityCard> = HashMap::new();
    for r in rows {
        let card = ActivityCard {
            slug: r.slug,
            title: Localized::new(r.title_en, r.title_ja),
            kind: ActivityKind::from_slug(&r.kind).unwrap_or(ActivityKind::Visit),
            status: ActivityStatus::from_slug(&r.status).unwrap_or(ActivityStatus::Ongoing),
            start: r
                .start_date
                .as_deref()
                .and_then(|d| PartialDate::parse(d).ok()),
            end: r
                .end_date
                .as_deref()
                .and_then(|d| PartialDate::parse(d).ok()),
            organizations: participants
                .remove(&r.id)
                .unwrap_or_default()
                .into_iter()
                .map(|p| OrgRef {
                    slug: p.slug,
                    name: Localized::new(p.name_en, p.name_ja),
                    country: CountryRef {
                        code: p.country,
                        name: Localized::new(p.country_en, p.country_ja),
                    },
                    role: Role::from_slug(&p.role).unwrap_or(Role::Partner),
                })
                .collect(),
            countries: countries
                .remove(&r.id)
                .unwrap_or_default()
                .into_iter()
                .map(|c| CountryRef {
                    code: c.key,
                    name: Localized::new(c.name_en, c.name_ja),
                })
                .collect(),
            fields: fields
                .remove(&r.id)
                .unwrap_or_default()
                .into_iter()
                .map(|f| FieldRef {
                    slug: f.key,
                    name: Localized::new(f.name_en, f.name_ja),
                })
                .collect(),
            area_note: match (r.area_note_en, r.area_note_ja) {
                (Some(en), Some(ja)) => Some(Localized::new(en, ja)),
                _ => None,
            },
            key_figure: figures.remove(&r.id),
        };
        by_id.insert(r.id, card);
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// Everything about one activity, or `None` when no published activity has that slug.
pub async fn activity(
    pool: &SqlitePool,
    slug: &str,
) -> Result<Option<ActivityDetail>, sqlx::Error> {
    let Some((id, mut detail)) = activity_with_id(pool, slug).await? else {
        return Ok(None);
    };
    detail.related = cards(pool, &related_ids(pool, id).await?).await?;
    Ok(Some(detail))
}

/// The published activity itself, without the related activities a page adds (what the
/// activity form and the moderation diff start from).
pub async fn activity_record(
    pool: &SqlitePool,
    slug: &str,
) -> Result<Option<ActivityDetail>, sqlx::Error> {
    Ok(activity_with_id(pool, slug)
        .await?
        .map(|(_, detail)| detail))
}

async fn activity_with_id(
    pool: &SqlitePool,
    slug: &str,
) -> Result<Option<(i64, ActivityDetail)>, sqlx::Error> {
    let found: Option<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, summary_en, summary_ja, last_updated FROM activities WHERE slug = ?",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    let Some((id, summary_en, summary_ja, last_updated)) = found else {
        return Ok(None);
    };
    let Some(card) = cards(pool, &[id]).await?.pop() else {
        return Ok(None);
    };
    let figures: Vec<FigureRow> = sqlx::query_as(
        "SELECT activity_id, label_en, label_ja, value, value_max, qualifier, unit_en, unit_ja, period, source
         FROM figures WHERE activity_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let sources: Vec<SourceRow> = sqlx::query_as(
        "SELECT url, publisher, title, published, document FROM sources WHERE activity_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some((
        id,
        ActivityDetail {
            card,
            summary: Localized::new(summary_en, summary_ja),
            figures: figures.into_iter().map(Figure::from).collect(),
            sources: sources
                .into_iter()
                .map(|s| Source {
                    url: s.url,
                    publisher: s.publisher,
                    title: s.title,
                    published: s
                        .published
                        .as_deref()
                        .and_then(|d| PartialDate::parse(d).ok()),
                    document: s.document,
                })
                .collect(),
            last_updated,
            related: Vec::new(),
        },
    )))
}

/// Up to four activities that share something with `id`: an organisation weighs 3, a
/// country 2, a field 1; ties go to the newer.
async fn related_ids(pool: &SqlitePool, id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT other, sum(weight) AS score FROM (
             SELECT p2.activity_id AS other, 3 AS weight FROM activity_participants p1
             JOIN activity_participants p2 ON p2.organization_id = p1.organization_id
             WHERE p1.activity_id = ?1 AND p2.activity_id != ?1
             UNION ALL
             SELECT c2.activity_id, 2 FROM activity_countries c1
             JOIN activity_countries c2 ON c2.country = c1.country
             WHERE c1.activity_id = ?1 AND c2.activity_id != ?1
             UNION ALL
             SELECT f2.activity_id, 1 FROM activity_fields f1
             JOIN activity_fields f2 ON f2.field = f1.field
             WHERE f1.activity_id = ?1 AND f2.activity_id != ?1)
         JOIN activities a ON a.id = other
         GROUP BY other ORDER BY score DESC, coalesce(a.start_date, '') DESC, other LIMIT 4",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// The medical-field vocabulary, in English name order.
pub async fn fields(pool: &SqlitePool) -> Result<Vec<FieldRef>, sqlx::Error> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT slug, name_en, name_ja FROM fields ORDER BY name_en")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, en, ja)| FieldRef {
            slug,
            name: Localized::new(en, ja),
        })
        .collect())
}

/// Every country with the number of activities it has under `filters` (zero included). The
/// counts are the search engine's, so the map and the search agree by construction.
pub async fn country_counts(
    pool: &SqlitePool,
    index: &SearchIndex,
    filters: &Filters,
) -> Result<Vec<CountryCount>, sqlx::Error> {
    let counted: HashMap<String, u32> = index
        .search("", filters, Sort::Newest)
        .counts
        .countries
        .into_iter()
        .collect();
    #[derive(FromRow)]
    struct CountryRow {
        code: String,
        name_en: String,
        name_ja: String,
        region_en: Option<String>,
        region_ja: Option<String>,
    }
    let rows: Vec<CountryRow> = sqlx::query_as(
        "SELECT c.code, c.name_en, c.name_ja, r.name_en AS region_en, r.name_ja AS region_ja
         FROM countries c LEFT JOIN regions r ON r.slug = c.region ORDER BY c.code",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CountryCount {
            count: counted.get(&r.code).copied().unwrap_or(0),
            code: r.code,
            name: Localized::new(r.name_en, r.name_ja),
            region: r
                .region_en
                .zip(r.region_ja)
                .map(|(en, ja)| Localized::new(en, ja)),
        })
        .collect())
}

#[derive(FromRow)]
struct OrgSummaryRow {
    slug: String,
    name_en: String,
    name_ja: String,
    kind: String,
    country: String,
    country_en: String,
    country_ja: String,
    count: i64,
}

impl From<OrgSummaryRow> for OrgSummary {
    fn from(r: OrgSummaryRow) -> Self {
        OrgSummary {
            slug: r.slug,
            name: Localized::new(r.name_en, r.name_ja),
            kind: OrgKind::from_slug(&r.kind).unwrap_or(OrgKind::Association),
            country: CountryRef {
                code: r.country,
                name: Localized::new(r.country_en, r.country_ja),
            },
            activities: u32::try_from(r.count).unwrap_or(0),
        }
    }
}

/// The organisations taking part in the given activities, most involved first; `except`
/// leaves one out (the organisation whose page this is).
async fn participants_of(
    pool: &SqlitePool,
    ids_json: &str,
    except: Option<&str>,
) -> Result<Vec<OrgSummary>, sqlx::Error> {
    let rows: Vec<OrgSummaryRow> = sqlx::query_as(
        "SELECT o.slug, o.name_en, o.name_ja, o.kind, o.country, c.name_en AS country_en,
                c.name_ja AS country_ja, count(DISTINCT p.activity_id) AS count
         FROM activity_participants p
         JOIN organizations o ON o.id = p.organization_id
         JOIN countries c ON c.code = o.country
         WHERE p.activity_id IN (SELECT value FROM json_each(?)) AND o.slug IS NOT ?
         GROUP BY o.id ORDER BY count DESC, o.name_en",
    )
    .bind(ids_json)
    .bind(except)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(OrgSummary::from).collect())
}

/// Everything about one country, or `None` when the code is not an ISO country. Its
/// activities are the search engine's answer for the country, newest first.
pub async fn country(
    pool: &SqlitePool,
    index: &SearchIndex,
    code: &str,
) -> Result<Option<CountryDetail>, sqlx::Error> {
    let row: Option<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT c.name_en, c.name_ja, r.name_en, r.name_ja
         FROM countries c LEFT JOIN regions r ON r.slug = c.region WHERE c.code = ?",
    )
    .bind(code)
    .fetch_optional(pool)
    .await?;
    let Some((name_en, name_ja, region_en, region_ja)) = row else {
        return Ok(None);
    };
    let in_country = Filters {
        countries: vec![code.to_string()],
        ..Filters::default()
    };
    let ids = index.search("", &in_country, Sort::Newest).ids;
    let ids_json = serde_json::to_string(&ids).expect("ids serialise");
    let activities = cards(pool, &ids).await?;
    let mut japanese = Vec::new();
    let mut local = Vec::new();
    let mut others = Vec::new();
    for org in participants_of(pool, &ids_json, None).await? {
        match org.country.code.as_str() {
            "JP" => japanese.push(org),
            c if c == code => local.push(org),
            _ => others.push(org),
        }
    }
    let fields = field_counts(pool, &ids_json).await?;
    let mut per_year: Vec<(u16, u32)> = Vec::new();
    let mut undated = 0;
    for a in &activities {
        match a.start.or(a.end) {
            Some(d) => match per_year.iter_mut().find(|(y, _)| *y == d.year) {
                Some((_, n)) => *n += 1,
                None => per_year.push((d.year, 1)),
            },
            None => undated += 1,
        }
    }
    per_year.sort_unstable();
    Ok(Some(CountryDetail {
        country: CountryRef {
            code: code.to_string(),
            name: Localized::new(name_en, name_ja),
        },
        region: region_en
            .zip(region_ja)
            .map(|(en, ja)| Localized::new(en, ja)),
        activities,
        japanese,
        local,
        others,
        fields,
        per_year,
        undated,
    }))
}

async fn field_counts(pool: &SqlitePool, ids_json: &str) -> Result<Vec<FieldCount>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT f.slug, f.name_en, f.name_ja, count(*) AS n
         FROM activity_fields af JOIN fields f ON f.slug = af.field
         WHERE af.activity_id IN (SELECT value FROM json_each(?))
         GROUP BY f.slug ORDER BY n DESC, f.name_en",
    )
    .bind(ids_json)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, en, ja, n)| FieldCount {
            field: FieldRef {
                slug,
                name: Localized::new(en, ja),
            },
            count: u32::try_from(n).unwrap_or(0),
        })
        .collect())
}

/// Organisations with their activity counts: `side` is `japan` (based in Japan), `partner`
/// (based elsewhere) or empty for both; `kind` an organisation kind slug or empty; `name` a
/// substring of either name or another spelling. Most active first, then by name.
pub async fn organizations(
    pool: &SqlitePool,
    side: &str,
    kind: &str,
    name: &str,
) -> Result<Vec<OrgSummary>, sqlx::Error> {
    let pattern = like_patterns(name)
        .into_iter()
        .next()
        .unwrap_or_else(|| "%".into());
    let rows: Vec<OrgSummaryRow> = sqlx::query_as(
        "SELECT o.slug, o.name_en, o.name_ja, o.kind, o.country, c.name_en AS country_en,
                c.name_ja AS country_ja, count(DISTINCT p.activity_id) AS count
         FROM organizations o
         JOIN countries c ON c.code = o.country
         LEFT JOIN activity_participants p ON p.organization_id = o.id
         WHERE (?1 = '' OR (?1 = 'japan' AND o.country = 'JP') OR (?1 = 'partner' AND o.country != 'JP'))
           AND (?2 = '' OR o.kind = ?2)
           AND lower(o.name_en || ' ' || o.name_ja || ' ' || o.aliases) LIKE ?3 ESCAPE '\\'
         GROUP BY o.id ORDER BY count DESC, o.name_en",
    )
    .bind(side)
    .bind(kind)
    .bind(pattern)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(OrgSummary::from).collect())
}

/// Everything about one organisation, or `None` when no organisation has that slug. Its
/// activities are the search engine's answer for the organisation, newest first.
pub async fn organization(
    pool: &SqlitePool,
    index: &SearchIndex,
    slug: &str,
) -> Result<Option<OrganizationDetail>, sqlx::Error> {
    #[derive(FromRow)]
    struct OrganizationRow {
        name_en: String,
        name_ja: String,
        kind: String,
        country: String,
        country_en: String,
        country_ja: String,
        city: Option<String>,
        website: Option<String>,
        profile_en: String,
        profile_ja: String,
    }
    let row: Option<OrganizationRow> = sqlx::query_as(
        "SELECT o.name_en, o.name_ja, o.kind, o.country, c.name_en AS country_en,
                c.name_ja AS country_ja, o.city, o.website, o.profile_en, o.profile_ja
         FROM organizations o JOIN countries c ON c.code = o.country WHERE o.slug = ?",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    let Some(o) = row else {
        return Ok(None);
    };
    let with_org = Filters {
        orgs: vec![slug.to_string()],
        ..Filters::default()
    };
    let ids = index.search("", &with_org, Sort::Newest).ids;
    let ids_json = serde_json::to_string(&ids).expect("ids serialise");
    let countries: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT c.code, c.name_en, c.name_ja, count(*) AS n
         FROM activity_countries ac JOIN countries c ON c.code = ac.country
         WHERE ac.activity_id IN (SELECT value FROM json_each(?))
         GROUP BY c.code ORDER BY n DESC, c.name_en",
    )
    .bind(&ids_json)
    .fetch_all(pool)
    .await?;
    Ok(Some(OrganizationDetail {
        slug: slug.to_string(),
        name: Localized::new(o.name_en, o.name_ja),
        kind: OrgKind::from_slug(&o.kind).unwrap_or(OrgKind::Association),
        country: CountryRef {
            code: o.country,
            name: Localized::new(o.country_en, o.country_ja),
        },
        city: o.city,
        website: o.website,
        profile: Localized::new(o.profile_en, o.profile_ja),
        activities: cards(pool, &ids).await?,
        countries: countries
            .into_iter()
            .map(|(code, en, ja, n)| {
                (
                    CountryRef {
                        code,
                        name: Localized::new(en, ja),
                    },
                    u32::try_from(n).unwrap_or(0),
                )
            })
            .collect(),
        partners: participants_of(pool, &ids_json, Some(slug)).await?,
    }))
}

#[cfg(test)]
mod tests {
    use super::like_patterns;

    #[test]
    fn query_words_become_escaped_case_folded_patterns() {
        assert_eq!(like_patterns("  Liver  移植 "), vec!["%liver%", "%移植%"]);
        assert_eq!(like_patterns("100%_x"), vec!["%100\\%\\_x%"]);
        assert!(like_patterns("   ").is_empty());
    }
}
