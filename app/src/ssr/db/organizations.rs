//! Organisations: the list with activity counts and one organisation's page. Which
//! activities an organisation takes part in is the search engine's answer.

use super::cards::cards;
use super::like_patterns;
use crate::filters::{Filters, Sort};
use crate::model::{CountryRef, Localized, OrgKind, OrgSummary, OrganizationDetail};
use crate::ssr::search::SearchIndex;
use sqlx::{FromRow, SqlitePool};

#[derive(FromRow)]
pub(super) struct OrgSummaryRow {
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
pub(super) async fn participants_of(
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
        notes: super::notes::notes(pool, super::notes::Owner::Organization(o.id)).await?,
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
