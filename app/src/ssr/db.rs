//! Every query of the published record.
//!
//! Rules: functions take a pool (or a transaction for writes) and return model types; rows
//! end in `Row` and never leave this module. Cards are assembled for a list of ids in a
//! fixed number of queries (ids passed as one JSON array), never one query per card.

use crate::filters::Filters;
use crate::model::{
    ActivityCard, ActivityDetail, ActivityKind, ActivityStatus, CountryCount, CountryDetail,
    CountryRef, FieldCount, FieldRef, Figure, Localized, OrgKind, OrgRef, OrgSummary,
    OrganizationDetail, PartialDate, Period, Qualifier, Role, SiteStats, Source,
};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{FromRow, Sqlite, SqlitePool, Transaction};
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

/// Rewrites an activity's entries in the search index (the FTS5 table, and the lower-cased
/// `search_text` that short terms are matched against) from its own texts and the names of
/// its organisations, countries and fields, in both languages. Every write path calls it,
/// inside the write's transaction, so the index never lags the record.
pub async fn reindex_activity(
    tx: &mut Transaction<'_, Sqlite>,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM activity_fts WHERE rowid = ?")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO activity_fts (rowid, title, orgs, body)
         SELECT a.id,
                a.title_en || ' ' || a.title_ja,
                coalesce((SELECT group_concat(o.name_en || ' ' || o.name_ja || ' ' || o.aliases, ' ')
                          FROM activity_participants p JOIN organizations o ON o.id = p.organization_id
                          WHERE p.activity_id = a.id), ''),
                a.summary_en || ' ' || a.summary_ja || ' ' ||
                coalesce(a.area_note_en, '') || ' ' || coalesce(a.area_note_ja, '') || ' ' ||
                coalesce((SELECT group_concat(c.name_en || ' ' || c.name_ja, ' ')
                          FROM activity_countries ac JOIN countries c ON c.code = ac.country
                          WHERE ac.activity_id = a.id), '') || ' ' ||
                coalesce((SELECT group_concat(f.name_en || ' ' || f.name_ja, ' ')
                          FROM activity_fields af JOIN fields f ON f.slug = af.field
                          WHERE af.activity_id = a.id), '')
         FROM activities a WHERE a.id = ?",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE activities SET search_text = lower(
            (SELECT title || ' ' || orgs || ' ' || body FROM activity_fts WHERE rowid = activities.id))
         WHERE id = ?",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Rebuilds the index when it does not hold exactly one entry per activity (a database
/// from before the index existed, or an interrupted rebuild). Returns whether it did.
pub async fn ensure_index(pool: &SqlitePool) -> Result<bool, sqlx::Error> {
    let (activities, indexed): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM activities), (SELECT count(*) FROM activity_fts)",
    )
    .fetch_one(pool)
    .await?;
    if activities == indexed {
        return Ok(false);
    }
    rebuild_index(pool).await?;
    Ok(true)
}

/// Rebuilds the whole search index from the record (`server rebuild-index`).
pub async fn rebuild_index(pool: &SqlitePool) -> Result<usize, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM activity_fts")
        .execute(&mut *tx)
        .await?;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM activities")
        .fetch_all(&mut *tx)
        .await?;
    for id in &ids {
        reindex_activity(&mut tx, *id).await?;
    }
    tx.commit().await?;
    Ok(ids.len())
}

/// A search query split into what FTS5 can match (terms of three characters or more, as
/// quoted phrases) and what it cannot (shorter terms, matched by substring instead).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SearchTerms {
    /// An FTS5 MATCH expression: every long term as a phrase, joined by AND.
    pub fts: Option<String>,
    /// `LIKE` patterns for the short terms (がん, 肝臓, TB).
    pub like: Vec<String>,
}

impl SearchTerms {
    pub fn parse(q: &str) -> Self {
        let mut phrases = Vec::new();
        let mut like = Vec::new();
        for term in q.split_whitespace().take(8) {
            if term.chars().count() >= 3 {
                phrases.push(format!("\"{}\"", term.replace('"', "\"\"")));
            } else {
                like.extend(like_patterns(term));
            }
        }
        SearchTerms {
            fts: (!phrases.is_empty()).then(|| phrases.join(" AND ")),
            like,
        }
    }
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

/// How a result list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first (titles weigh most, then organisations, then the rest), then newest.
    #[default]
    Relevance,
    Newest,
    Title,
}

/// The statement selecting the ids of activities that match `terms` and `filters`, with its
/// binds in order. Shared by the result list and every facet count.
fn matching_ids_sql(terms: &SearchTerms, filters: &Filters) -> (String, Vec<String>) {
    let (condition, mut binds) = filter_sql(filters);
    let mut sql = String::from("SELECT a.id FROM activities a");
    if terms.fts.is_some() {
        sql.push_str(" JOIN activity_fts ON activity_fts.rowid = a.id");
    }
    sql.push_str(" WHERE ");
    sql.push_str(&condition);
    if let Some(fts) = &terms.fts {
        sql.push_str(" AND activity_fts MATCH ?");
        binds.push(fts.clone());
    }
    for p in &terms.like {
        sql.push_str(" AND a.search_text LIKE ? ESCAPE '\\'");
        binds.push(p.clone());
    }
    (sql, binds)
}

/// The ids of activities matching every word of `q` and the filters, in `sort` order.
pub async fn search_ids(
    pool: &SqlitePool,
    q: &str,
    filters: &Filters,
    sort: Sort,
) -> Result<Vec<i64>, sqlx::Error> {
    let terms = SearchTerms::parse(q);
    let (mut sql, mut binds) = matching_ids_sql(&terms, filters);
    match (sort, terms.fts.is_some(), terms.like.first()) {
        (Sort::Relevance, true, _) => sql.push_str(
            " ORDER BY bm25(activity_fts, 10.0, 5.0, 1.0), coalesce(a.start_date, '') DESC, a.id",
        ),
        // Only short terms: titles that contain the first one come first.
        (Sort::Relevance, false, Some(first)) => {
            sql.push_str(
                " ORDER BY (lower(a.title_en || ' ' || a.title_ja) LIKE ? ESCAPE '\\') DESC,
                           coalesce(a.start_date, '') DESC, a.id",
            );
            binds.push(first.clone());
        }
        (Sort::Title, _, _) => sql.push_str(" ORDER BY a.title_en, a.id"),
        _ => sql.push_str(" ORDER BY coalesce(a.start_date, '') DESC, a.title_en, a.id"),
    }
    let mut query = sqlx::query_scalar::<_, i64>(&sql);
    for b in &binds {
        query = query.bind(b);
    }
    query.fetch_all(pool).await
}

/// Counts per value of each facet for a search. Each facet is counted under every other
/// active filter but not its own, so that choosing a second country (OR within a facet)
/// shows what it would add.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FacetCounts {
    pub countries: Vec<(String, u32)>,
    pub regions: Vec<(String, u32)>,
    pub fields: Vec<(String, u32)>,
    pub kinds: Vec<(String, u32)>,
    pub statuses: Vec<(String, u32)>,
    /// The 30 organisations with the most matching activities.
    pub orgs: Vec<(String, u32)>,
}

/// Clears one facet's filter, to count that facet under the others only.
type ClearFilter = fn(&mut Filters);

/// One facet: `group_sql` counts per value over `{ids}`, the matching ids without the
/// facet's own filter (`without` clears it).
async fn count_facet(
    pool: &SqlitePool,
    terms: &SearchTerms,
    filters: &Filters,
    without: ClearFilter,
    group_sql: &str,
) -> Result<Vec<(String, u32)>, sqlx::Error> {
    let mut f = filters.clone();
    without(&mut f);
    let (ids, binds) = matching_ids_sql(terms, &f);
    let sql = group_sql.replace("{ids}", &ids);
    let mut query = sqlx::query_as::<_, (String, i64)>(&sql);
    for b in &binds {
        query = query.bind(b);
    }
    Ok(query
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|(k, n)| (k, u32::try_from(n).unwrap_or(0)))
        .collect())
}

pub async fn facet_counts(
    pool: &SqlitePool,
    q: &str,
    filters: &Filters,
) -> Result<FacetCounts, sqlx::Error> {
    let t = SearchTerms::parse(q);
    // Per facet: how to clear its own filter, and how to count its values over `{ids}`.
    let facets: [(ClearFilter, &str); 6] = [
        (
            |f| f.countries.clear(),
            "SELECT country, count(*) AS n FROM activity_countries WHERE activity_id IN ({ids})
             GROUP BY country ORDER BY n DESC, country",
        ),
        (
            |f| f.regions.clear(),
            "SELECT c.region, count(DISTINCT ac.activity_id) AS n
             FROM activity_countries ac JOIN countries c ON c.code = ac.country
             WHERE ac.activity_id IN ({ids}) AND c.region IS NOT NULL
             GROUP BY c.region ORDER BY n DESC, c.region",
        ),
        (
            |f| f.fields.clear(),
            "SELECT field, count(*) AS n FROM activity_fields WHERE activity_id IN ({ids})
             GROUP BY field ORDER BY n DESC, field",
        ),
        (
            |f| f.kinds.clear(),
            "SELECT kind, count(*) AS n FROM activities WHERE id IN ({ids})
             GROUP BY kind ORDER BY n DESC, kind",
        ),
        (
            |f| f.statuses.clear(),
            "SELECT status, count(*) AS n FROM activities WHERE id IN ({ids})
             GROUP BY status ORDER BY n DESC, status",
        ),
        (
            |f| f.orgs.clear(),
            "SELECT o.slug, count(DISTINCT p.activity_id) AS n FROM activity_participants p
             JOIN organizations o ON o.id = p.organization_id
             WHERE p.activity_id IN ({ids}) GROUP BY o.slug ORDER BY n DESC, o.slug LIMIT 30",
        ),
    ];
    let mut counted = Vec::with_capacity(facets.len());
    for (without, group_sql) in facets {
        counted.push(count_facet(pool, &t, filters, without, group_sql).await?);
    }
    let [countries, regions, fields, kinds, statuses, orgs]: [Vec<(String, u32)>; 6] =
        counted.try_into().expect("one count per facet");
    Ok(FacetCounts {
        countries,
        regions,
        fields,
        kinds,
        statuses,
        orgs,
    })
}

/// The names of facet values in both languages: countries, regions and fields in full, and
/// the organisations asked for (all of them when `orgs` is `None`).
#[derive(Clone, Debug, Default)]
pub struct FacetNames {
    pub countries: HashMap<String, Localized>,
    pub regions: HashMap<String, Localized>,
    pub fields: HashMap<String, Localized>,
    pub orgs: HashMap<String, Localized>,
}

pub async fn facet_names(
    pool: &SqlitePool,
    orgs: Option<&[&str]>,
) -> Result<FacetNames, sqlx::Error> {
    async fn names(
        pool: &SqlitePool,
        sql: &str,
        bind: Option<String>,
    ) -> Result<HashMap<String, Localized>, sqlx::Error> {
        let mut query = sqlx::query_as::<_, (String, String, String)>(sql);
        if let Some(b) = bind {
            query = query.bind(b);
        }
        Ok(query
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|(k, en, ja)| (k, Localized::new(en, ja)))
            .collect())
    }
    Ok(FacetNames {
        countries: names(pool, "SELECT code, name_en, name_ja FROM countries", None).await?,
        regions: names(pool, "SELECT slug, name_en, name_ja FROM regions", None).await?,
        fields: names(pool, "SELECT slug, name_en, name_ja FROM fields", None).await?,
        orgs: match orgs {
            None => {
                names(
                    pool,
                    "SELECT slug, name_en, name_ja FROM organizations",
                    None,
                )
                .await?
            }
            Some(slugs) => {
                names(
                    pool,
                    "SELECT slug, name_en, name_ja FROM organizations
                     WHERE slug IN (SELECT value FROM json_each(?))",
                    Some(serde_json::to_string(slugs).expect("strings serialise")),
                )
                .await?
            }
        },
    })
}

/// Names the counted values of each facet in both languages, marks the chosen ones, and
/// keeps chosen values that have no result (so they can still be removed).
pub fn label_facets(
    counts: FacetCounts,
    filters: &Filters,
    names: &FacetNames,
) -> Vec<crate::model::Facet> {
    use crate::model::{Facet, FacetValue};
    let FacetNames {
        countries,
        regions,
        fields,
        orgs,
    } = names;
    let kind = |slug: &str| {
        ActivityKind::from_slug(slug).map(|k| {
            Localized::new(
                k.label(crate::i18n::Locale::En),
                k.label(crate::i18n::Locale::Ja),
            )
        })
    };
    let status = |slug: &str| {
        ActivityStatus::from_slug(slug).map(|k| {
            Localized::new(
                k.label(crate::i18n::Locale::En),
                k.label(crate::i18n::Locale::Ja),
            )
        })
    };
    let build = |key: &str,
                 counted: Vec<(String, u32)>,
                 chosen: Vec<String>,
                 label: &dyn Fn(&str) -> Option<Localized>| {
        let mut values: Vec<FacetValue> = counted
            .into_iter()
            .filter_map(|(value, count)| {
                let label = label(&value)?;
                Some(FacetValue {
                    selected: chosen.contains(&value),
                    value,
                    label,
                    count,
                })
            })
            .collect();
        for value in chosen {
            if !values.iter().any(|v| v.value == value) {
                if let Some(label) = label(&value) {
                    values.push(FacetValue {
                        value,
                        label,
                        count: 0,
                        selected: true,
                    });
                }
            }
        }
        Facet {
            key: key.to_string(),
            values,
        }
    };
    let slugs = |v: &[ActivityKind]| v.iter().map(|k| k.slug().to_string()).collect::<Vec<_>>();
    vec![
        build(
            "country",
            counts.countries,
            filters.countries.clone(),
            &|v| countries.get(v).cloned(),
        ),
        build("region", counts.regions, filters.regions.clone(), &|v| {
            regions.get(v).cloned()
        }),
        build("field", counts.fields, filters.fields.clone(), &|v| {
            fields.get(v).cloned()
        }),
        build("kind", counts.kinds, slugs(&filters.kinds), &kind),
        build(
            "status",
            counts.statuses,
            filters
                .statuses
                .iter()
                .map(|s| s.slug().to_string())
                .collect(),
            &status,
        ),
        build("org", counts.orgs, filters.orgs.clone(), &|v| {
            orgs.get(v).cloned()
        }),
    ]
}

/// Activities matching every word of `q` (all activities when `q` is blank), best first.
pub async fn search(pool: &SqlitePool, q: &str) -> Result<Vec<ActivityCard>, sqlx::Error> {
    let ids = search_ids(pool, q, &Filters::default(), Sort::Relevance).await?;
    cards(pool, &ids).await
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

/// The SQL condition (on `activities a`) that keeps what `filters` select, with its binds.
/// Lists are bound as JSON arrays, so the statement text depends only on which filters are
/// set. An activity matches a year range when its years overlap it: from its start to its
/// end, or to today while ongoing; undated activities drop out once years are asked for.
pub fn filter_sql(filters: &Filters) -> (String, Vec<String>) {
    let json = |v: &[&str]| serde_json::to_string(v).expect("strings serialise");
    let mut sql = String::from("1 = 1");
    let mut binds = Vec::new();
    if !filters.countries.is_empty() {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM activity_countries x WHERE x.activity_id = a.id
                          AND x.country IN (SELECT value FROM json_each(?)))",
        );
        binds.push(json(
            &filters
                .countries
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        ));
    }
    if !filters.regions.is_empty() {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM activity_countries x JOIN countries c ON c.code = x.country
                          WHERE x.activity_id = a.id AND c.region IN (SELECT value FROM json_each(?)))",
        );
        binds.push(json(
            &filters
                .regions
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        ));
    }
    if !filters.fields.is_empty() {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM activity_fields x WHERE x.activity_id = a.id
                          AND x.field IN (SELECT value FROM json_each(?)))",
        );
        binds.push(json(
            &filters
                .fields
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        ));
    }
    if !filters.kinds.is_empty() {
        sql.push_str(" AND a.kind IN (SELECT value FROM json_each(?))");
        binds.push(json(
            &filters.kinds.iter().map(|k| k.slug()).collect::<Vec<_>>(),
        ));
    }
    if !filters.statuses.is_empty() {
        sql.push_str(" AND a.status IN (SELECT value FROM json_each(?))");
        binds.push(json(
            &filters
                .statuses
                .iter()
                .map(|k| k.slug())
                .collect::<Vec<_>>(),
        ));
    }
    if !filters.orgs.is_empty() {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM activity_participants x JOIN organizations o ON o.id = x.organization_id
                          WHERE x.activity_id = a.id AND o.slug IN (SELECT value FROM json_each(?)))",
        );
        binds.push(json(
            &filters.orgs.iter().map(String::as_str).collect::<Vec<_>>(),
        ));
    }
    if let Some(from) = filters.from {
        sql.push_str(
            " AND coalesce(substr(a.end_date, 1, 4),
                           CASE WHEN a.status = 'completed' THEN substr(a.start_date, 1, 4) ELSE '9999' END) >= ?
              AND coalesce(a.start_date, a.end_date) IS NOT NULL",
        );
        binds.push(format!("{from:04}"));
    }
    if let Some(to) = filters.to {
        sql.push_str(" AND coalesce(substr(a.start_date, 1, 4), substr(a.end_date, 1, 4)) <= ?");
        binds.push(format!("{to:04}"));
    }
    (sql, binds)
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

/// Every country with the number of activities it has under `filters` (zero included).
pub async fn country_counts(
    pool: &SqlitePool,
    filters: &Filters,
) -> Result<Vec<CountryCount>, sqlx::Error> {
    let (condition, binds) = filter_sql(filters);
    let sql = format!(
        "SELECT c.code, c.name_en, c.name_ja, r.name_en AS region_en, r.name_ja AS region_ja,
                coalesce(n.count, 0) AS count
         FROM countries c
         LEFT JOIN regions r ON r.slug = c.region
         LEFT JOIN (SELECT ac.country, count(*) AS count
                    FROM activity_countries ac JOIN activities a ON a.id = ac.activity_id
                    WHERE {condition} GROUP BY ac.country) n ON n.country = c.code
         ORDER BY c.code"
    );
    let mut query =
        sqlx::query_as::<_, (String, String, String, Option<String>, Option<String>, i64)>(&sql);
    for b in &binds {
        query = query.bind(b);
    }
    Ok(query
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|(code, en, ja, region_en, region_ja, count)| CountryCount {
            code,
            name: Localized::new(en, ja),
            region: region_en
                .zip(region_ja)
                .map(|(en, ja)| Localized::new(en, ja)),
            count: u32::try_from(count).unwrap_or(0),
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

/// Everything about one country, or `None` when the code is not an ISO country.
pub async fn country(pool: &SqlitePool, code: &str) -> Result<Option<CountryDetail>, sqlx::Error> {
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
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT a.id FROM activity_countries ac JOIN activities a ON a.id = ac.activity_id
         WHERE ac.country = ? ORDER BY coalesce(a.start_date, '') DESC, a.title_en",
    )
    .bind(code)
    .fetch_all(pool)
    .await?;
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

/// Everything about one organisation, or `None` when no organisation has that slug.
pub async fn organization(
    pool: &SqlitePool,
    slug: &str,
) -> Result<Option<OrganizationDetail>, sqlx::Error> {
    #[derive(FromRow)]
    struct OrganizationRow {
        id: i64,
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
        "SELECT o.id, o.name_en, o.name_ja, o.kind, o.country, c.name_en AS country_en,
                c.name_ja AS country_ja, o.city, o.website, o.profile_en, o.profile_ja
         FROM organizations o JOIN countries c ON c.code = o.country WHERE o.slug = ?",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    let Some(o) = row else {
        return Ok(None);
    };
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT a.id FROM activity_participants p JOIN activities a ON a.id = p.activity_id
         WHERE p.organization_id = ? ORDER BY coalesce(a.start_date, '') DESC, a.title_en",
    )
    .bind(o.id)
    .fetch_all(pool)
    .await?;
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
    fn long_terms_go_to_the_index_and_short_ones_to_substring_matching() {
        let t = super::SearchTerms::parse("liver がん 肝移植 TB");
        assert_eq!(t.fts.as_deref(), Some("\"liver\" AND \"肝移植\""));
        assert_eq!(t.like, vec!["%がん%", "%tb%"]);
        let quoted = super::SearchTerms::parse(r#"say"hi"#);
        assert_eq!(quoted.fts.as_deref(), Some(r#""say""hi""#));
        assert_eq!(
            super::SearchTerms::parse("  "),
            super::SearchTerms::default()
        );
    }

    #[test]
    fn query_words_become_escaped_case_folded_patterns() {
        assert_eq!(like_patterns("  Liver  移植 "), vec!["%liver%", "%移植%"]);
        assert_eq!(like_patterns("100%_x"), vec!["%100\\%\\_x%"]);
        assert!(like_patterns("   ").is_empty());
    }
}
