//! Facet counts and their names: what the search page lists beside the results.
//!
//! The index counts ([`FacetCounts`]); the names come from the vocabulary tables once, when
//! the index is built ([`facet_names`]); [`label_facets`] puts the two together for a page.

use crate::filters::Filters;
use crate::model::{ActivityKind, ActivityStatus, Confirmation, Localized};
use crate::ssr::db::Pool;
use std::collections::HashMap;

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
    pub confirmations: Vec<(String, u32)>,
}

/// The names of facet values in both languages: every country, region, field and
/// organisation.
#[derive(Clone, Debug, Default)]
pub struct FacetNames {
    pub countries: HashMap<String, Localized>,
    pub regions: HashMap<String, Localized>,
    pub fields: HashMap<String, Localized>,
    pub orgs: HashMap<String, Localized>,
    /// Where each organisation is based (country code), to tell Japanese institutions from
    /// partners abroad.
    pub org_countries: HashMap<String, String>,
    /// Each country's region (UN M49 sub-region slug), for grouping countries.
    pub country_regions: HashMap<String, String>,
    /// Each field's DAC 5-digit purpose code, for grouping fields.
    pub field_dac: HashMap<String, i64>,
}

pub async fn facet_names(pool: &Pool) -> Result<FacetNames, sqlx::Error> {
    async fn names(pool: &Pool, sql: &str) -> Result<HashMap<String, Localized>, sqlx::Error> {
        Ok(sqlx::query_as::<_, (String, String, String)>(sql)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|(k, en, ja)| (k, Localized::new(en, ja)))
            .collect())
    }
    Ok(FacetNames {
        countries: names(pool, "SELECT code, name_en, name_ja FROM countries").await?,
        regions: names(pool, "SELECT slug, name_en, name_ja FROM regions").await?,
        fields: names(pool, "SELECT slug, name_en, name_ja FROM fields").await?,
        orgs: names(pool, "SELECT slug, name_en, name_ja FROM organizations").await?,
        org_countries: sqlx::query_as("SELECT slug, country FROM organizations")
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect(),
        country_regions: sqlx::query_as(
            "SELECT code, region FROM countries WHERE region IS NOT NULL",
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .collect(),
        field_dac: sqlx::query_as("SELECT slug, dac FROM fields")
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect(),
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
        ..
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
    let confirmation = |slug: &str| {
        Confirmation::from_slug(slug).map(|c| {
            Localized::new(
                c.label(crate::i18n::Locale::En),
                c.label(crate::i18n::Locale::Ja),
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
        build(
            "confirmed",
            counts.confirmations,
            filters
                .confirmations
                .iter()
                .map(|c| c.slug().to_string())
                .collect(),
            &confirmation,
        ),
    ]
}
