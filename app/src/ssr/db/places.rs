//! Countries: the vocabulary of fields, the map's counts and one country's page. Which
//! activities belong to a country is the search engine's answer; what they hold is read here.

use super::cards::cards;
use super::organizations::org_summaries;
use super::Pool;
use crate::filters::{Filters, Sort};
use crate::model::{
    Bounded, CountryCount, CountryDetail, CountryRef, FieldCount, FieldRef, Localized,
};
use crate::ssr::search::SearchIndex;
use sqlx::FromRow;
use std::collections::HashMap;

/// The medical-field vocabulary, in English name order.
pub async fn fields(pool: &Pool) -> Result<Vec<FieldRef>, sqlx::Error> {
    Ok(fields_with_dac(pool)
        .await?
        .into_iter()
        .map(|(field, _)| field)
        .collect())
}

/// The medical-field vocabulary with each field's DAC 5-digit purpose code, in English
/// name order.
pub async fn fields_with_dac(pool: &Pool) -> Result<Vec<(FieldRef, i64)>, sqlx::Error> {
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
    pool: &Pool,
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
/// counts, fields, years and institutions are the search engine's summary of the country's
/// activities; the page lists the `shown` newest activities and the `shown` most involved
/// institutions of each side.
pub async fn country(
    pool: &Pool,
    index: &SearchIndex,
    code: &str,
    shown: usize,
) -> Result<Option<CountryDetail>, sqlx::Error> {
    let row: Option<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT c.name_en, c.name_ja, r.name_en, r.name_ja
         FROM countries c LEFT JOIN regions r ON r.slug = c.region WHERE c.code = $1",
    )
    .bind(code)
    .fetch_optional(pool)
    .await?;
    let Some((name_en, name_ja, region_en, region_ja)) = row else {
        return Ok(None);
    };
    let summary = index.summary(&Filters::of_country(code), shown);
    let based = &index.names().org_countries;
    let (mut japanese, mut local, mut others) = (Vec::new(), Vec::new(), Vec::new());
    for org in summary.orgs {
        match based.get(&org.0).map(String::as_str) {
            Some("JP") => japanese.push(org),
            Some(c) if c == code => local.push(org),
            _ => others.push(org),
        }
    }
    let [japanese, local, others] = org_summaries(pool, [japanese, local, others], shown).await?;
    Ok(Some(CountryDetail {
        country: CountryRef {
            code: code.to_string(),
            name: Localized::new(name_en, name_ja),
        },
        region: region_en
            .zip(region_ja)
            .map(|(en, ja)| Localized::new(en, ja)),
        activities: Bounded {
            items: cards(pool, &summary.newest).await?,
            total: summary.total,
        },
        japanese,
        local,
        others,
        fields: field_counts(index, summary.fields),
        per_year: summary.per_year,
        undated: summary.undated,
        latest_year: summary.latest_year,
    }))
}

/// Fields with their counts and names, most activities first, then by English name.
fn field_counts(index: &SearchIndex, counted: Vec<(String, u32)>) -> Vec<FieldCount> {
    let names = &index.names().fields;
    let mut fields: Vec<FieldCount> = counted
        .into_iter()
        .filter_map(|(slug, count)| {
            let name = names.get(&slug)?.clone();
            Some(FieldCount {
                field: FieldRef { slug, name },
                count,
            })
        })
        .collect();
    fields.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.field.name.en.cmp(&b.field.name.en))
    });
    fields
}
