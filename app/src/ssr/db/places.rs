//! Countries: the vocabulary of fields, the map's counts and one country's page. Which
//! activities belong to a country is the search engine's answer; what they hold is read here.

use super::cards::cards;
use super::organizations::participants_of;
use crate::filters::{Filters, Sort};
use crate::model::{CountryCount, CountryDetail, CountryRef, FieldCount, FieldRef, Localized};
use crate::ssr::search::SearchIndex;
use sqlx::{FromRow, SqlitePool};
use std::collections::HashMap;

/// The medical-field vocabulary, in English name order.
pub async fn fields(pool: &SqlitePool) -> Result<Vec<FieldRef>, sqlx::Error> {
    Ok(fields_with_dac(pool)
        .await?
        .into_iter()
        .map(|(field, _)| field)
        .collect())
}

/// The medical-field vocabulary with each field's DAC 5-digit purpose code, in English
/// name order.
pub async fn fields_with_dac(pool: &SqlitePool) -> Result<Vec<(FieldRef, i64)>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64)> =
        sqlx::query_as("SELECT slug, name_en, name_ja, dac FROM fields ORDER BY name_en")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, en, ja, dac)| {
            (
                FieldRef {
                    slug,
                    name: Localized::new(en, ja),
                },
                dac,
            )
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
