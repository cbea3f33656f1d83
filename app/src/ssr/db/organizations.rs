//! Organisations: the list with activity counts and one organisation's page. Which
//! activities an organisation takes part in is the search engine's answer.

use super::cards::cards;
use super::like_patterns;
use super::Pool;
use crate::filters::Filters;
use crate::model::{Bounded, CountryRef, Localized, OrgKind, OrgSummary, OrganizationDetail};
use crate::ssr::search::SearchIndex;
use sqlx::FromRow;
use std::collections::HashMap;

/// An organisation as lists show it, with its country's names; `WHERE` follows. Its number
/// of activities is the search engine's, not the database's.
const SELECT_ORG_SUMMARIES: &str =
    "SELECT o.slug, o.name_en, o.name_ja, o.kind, o.country, c.name_en AS country_en,
            c.name_ja AS country_ja
     FROM organizations o JOIN countries c ON c.code = o.country";

#[derive(FromRow)]
struct OrgSummaryRow {
    slug: String,
    name_en: String,
    name_ja: String,
    kind: String,
    country: String,
    country_en: String,
    country_ja: String,
}

impl OrgSummaryRow {
    /// The summary, with `activities` (counted by the search engine).
    fn summary(self, activities: u32) -> OrgSummary {
        OrgSummary {
            slug: self.slug,
            name: Localized::new(self.name_en, self.name_ja),
            kind: OrgKind::from_slug(&self.kind).unwrap_or(OrgKind::Association),
            country: CountryRef {
                code: self.country,
                name: Localized::new(self.country_en, self.country_ja),
            },
            activities,
        }
    }
}

/// Summaries of the organisations in each list (slug and activity count, in the order to
/// show), at most `shown` of each, and each list's full length: one query for all lists.
pub(super) async fn org_summaries<const N: usize>(
    pool: &Pool,
    lists: [Vec<(String, u32)>; N],
    shown: usize,
) -> Result<[Bounded<OrgSummary>; N], sqlx::Error> {
    let slugs: Vec<&str> = lists
        .iter()
        .flat_map(|l| l.iter().take(shown).map(|(slug, _)| slug.as_str()))
        .collect();
    let mut found: HashMap<String, OrgSummaryRow> = HashMap::new();
    if !slugs.is_empty() {
        let rows: Vec<OrgSummaryRow> = sqlx::query_as(&format!(
            "{SELECT_ORG_SUMMARIES} WHERE o.slug IN (SELECT value FROM json_each($1))"
        ))
        .bind(serde_json::to_string(&slugs).expect("slugs serialise"))
        .fetch_all(pool)
        .await?;
        found = rows.into_iter().map(|r| (r.slug.clone(), r)).collect();
    }
    Ok(lists.map(|list| Bounded {
        total: u32::try_from(list.len()).unwrap_or(u32::MAX),
        items: list
            .into_iter()
            .take(shown)
            .filter_map(|(slug, activities)| Some(found.remove(&slug)?.summary(activities)))
            .collect(),
    }))
}

/// Organisations with their activity counts: `side` is `japan` (based in Japan), `partner`
/// (based elsewhere) or empty for both; `kind` an organisation kind slug or empty; `name` a
/// substring of either name or another spelling. Most active first, then by name.
pub async fn organizations(
    pool: &Pool,
    index: &SearchIndex,
    side: &str,
    kind: &str,
    name: &str,
) -> Result<Vec<OrgSummary>, sqlx::Error> {
    let pattern = like_patterns(name)
        .into_iter()
        .next()
        .unwrap_or_else(|| "%".into());
    let rows: Vec<OrgSummaryRow> = sqlx::query_as(&format!(
        "{SELECT_ORG_SUMMARIES}
         WHERE ($1 = '' OR ($1 = 'japan' AND o.country = 'JP') OR ($1 = 'partner' AND o.country != 'JP'))
           AND ($2 = '' OR o.kind = $2)
           AND lower(o.name_en || ' ' || o.name_ja || ' ' || o.aliases) LIKE $3 ESCAPE '\\'"
    ))
    .bind(side)
    .bind(kind)
    .bind(pattern)
    .fetch_all(pool)
    .await?;
    let mut orgs: Vec<OrgSummary> = rows
        .into_iter()
        .map(|r| {
            let activities = index.activities_of(&r.slug);
            r.summary(activities)
        })
        .collect();
    orgs.sort_by(|a, b| {
        b.activities
            .cmp(&a.activities)
            .then_with(|| a.name.en.cmp(&b.name.en))
    });
    Ok(orgs)
}

/// Everything about one organisation, or `None` when no organisation has that slug. Its
/// activities are the search engine's answer for the organisation, newest first.
pub async fn organization(
    pool: &Pool,
    index: &SearchIndex,
    slug: &str,
    shown: usize,
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
         FROM organizations o JOIN countries c ON c.code = o.country WHERE o.slug = $1",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    let Some(o) = row else {
        return Ok(None);
    };
    let summary = index.summary(&Filters::of_organization(slug), shown);
    let country_names = &index.names().countries;
    let mut countries: Vec<(CountryRef, u32)> = summary
        .countries
        .into_iter()
        .filter_map(|(code, n)| {
            let name = country_names.get(&code)?.clone();
            Some((CountryRef { code, name }, n))
        })
        .collect();
    countries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.en.cmp(&b.0.name.en)));
    let partners: Vec<(String, u32)> = summary
        .orgs
        .into_iter()
        .filter(|(other, _)| other != slug)
        .collect();
    let [partners] = org_summaries(pool, [partners], shown).await?;
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
        notes: super::notes::notes(pool, super::notes::Owner::Organization(o.id)).await?,
        activities: Bounded {
            items: cards(pool, &summary.newest).await?,
            total: summary.total,
        },
        countries,
        partners,
    }))
}
