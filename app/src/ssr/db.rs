//! Every query of the published record.
//!
//! Rules: functions take a pool (or a transaction for writes) and return model types; rows
//! end in `Row` and never leave this module. Cards are assembled for a list of ids in a
//! fixed number of queries (ids passed as one JSON array), never one query per card.

use crate::model::{
    ActivityCard, ActivityDetail, ActivityKind, ActivityStatus, CountryRef, FieldRef, Figure,
    Localized, OrgRef, PartialDate, Period, Qualifier, Role, SiteStats, Source,
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

/// Rewrites an activity's search text from its own texts and the names of its
/// organisations, countries and fields, in both languages. Every write path calls it.
pub async fn reindex_activity(
    tx: &mut Transaction<'_, Sqlite>,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE activities SET search_text = lower(
            title_en || ' ' || title_ja || ' ' || summary_en || ' ' || summary_ja || ' ' ||
            coalesce(area_note_en, '') || ' ' || coalesce(area_note_ja, '') || ' ' ||
            coalesce((SELECT group_concat(o.name_en || ' ' || o.name_ja || ' ' || o.aliases, ' ')
                      FROM activity_participants p JOIN organizations o ON o.id = p.organization_id
                      WHERE p.activity_id = activities.id), '') || ' ' ||
            coalesce((SELECT group_concat(c.name_en || ' ' || c.name_ja, ' ')
                      FROM activity_countries ac JOIN countries c ON c.code = ac.country
                      WHERE ac.activity_id = activities.id), '') || ' ' ||
            coalesce((SELECT group_concat(f.name_en || ' ' || f.name_ja, ' ')
                      FROM activity_fields af JOIN fields f ON f.slug = af.field
                      WHERE af.activity_id = activities.id), ''))
         WHERE id = ?",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
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

/// Activities matching every word of `q` (all activities when `q` is blank): those whose
/// title matches first, then the most recent.
pub async fn search(pool: &SqlitePool, q: &str) -> Result<Vec<ActivityCard>, sqlx::Error> {
    let patterns = like_patterns(q);
    let mut sql = String::from("SELECT id FROM activities WHERE 1 = 1");
    for _ in &patterns {
        sql.push_str(" AND search_text LIKE ? ESCAPE '\\'");
    }
    sql.push_str(" ORDER BY ");
    if !patterns.is_empty() {
        sql.push_str("(lower(title_en || ' ' || title_ja) LIKE ? ESCAPE '\\') DESC, ");
    }
    sql.push_str("coalesce(start_date, '') DESC, title_en");
    let mut query = sqlx::query_scalar::<_, i64>(&sql);
    for p in &patterns {
        query = query.bind(p);
    }
    if let Some(first) = patterns.first() {
        query = query.bind(first);
    }
    let ids = query.fetch_all(pool).await?;
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
    Ok(Some(ActivityDetail {
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
