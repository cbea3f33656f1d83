//! Activity cards: what every list on the site shows, assembled for a list of ids in five
//! queries whatever their number.

use super::Pool;
use crate::model::{
    ActivityCard, ActivityKind, ActivityStatus, Confirmation, CountryRef, FieldRef, Figure,
    Headcount, Localized, OrgRef, PartialDate, Period, Qualifier, Role, Source,
};
use sqlx::FromRow;
use std::collections::HashMap;

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
    /// A [`Confirmation`] slug.
    confirmation: String,
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
pub(super) struct FigureRow {
    pub(super) activity_id: i64,
    pub(super) label_en: String,
    pub(super) label_ja: String,
    pub(super) value: f64,
    pub(super) value_max: Option<f64>,
    pub(super) qualifier: Option<String>,
    pub(super) unit_en: String,
    pub(super) unit_ja: String,
    pub(super) period: Option<String>,
    pub(super) source: Option<i64>,
    pub(super) people: Option<String>,
}

#[derive(FromRow)]
pub(super) struct SourceRow {
    pub(super) url: Option<String>,
    pub(super) publisher: Option<String>,
    pub(super) title: String,
    pub(super) published: Option<String>,
    pub(super) document: Option<String>,
    pub(super) curator_title: super::Flag,
}

impl From<SourceRow> for Source {
    fn from(s: SourceRow) -> Self {
        Source {
            url: s.url,
            publisher: s.publisher,
            title: s.title,
            published: s
                .published
                .as_deref()
                .and_then(|d| PartialDate::parse(d).ok()),
            document: s.document,
            curator_title: s.curator_title.into(),
        }
    }
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
            people: r.people.as_deref().and_then(Headcount::from_slug),
        }
    }
}

pub(super) fn group<T>(rows: Vec<T>, id: impl Fn(&T) -> i64) -> HashMap<i64, Vec<T>> {
    let mut map: HashMap<i64, Vec<T>> = HashMap::new();
    for row in rows {
        map.entry(id(&row)).or_default().push(row);
    }
    map
}

/// Cards for the given activity ids, in the given order: five queries whatever the count.
pub async fn cards(pool: &Pool, ids: &[i64]) -> Result<Vec<ActivityCard>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids_json = serde_json::to_string(ids).expect("ids serialise");
    let rows: Vec<ActivityRow> = sqlx::query_as(&format!(
        "SELECT id, slug, title_en, title_ja, kind, status, start_date, end_date, area_note_en, area_note_ja,
                {} AS confirmation
         FROM activities WHERE id IN (SELECT CAST(value AS BIGINT) FROM json_each($1))",
        crate::ssr::trust::confirmation_sql("activities.id")
    ))
    .bind(&ids_json)
    .fetch_all(pool)
    .await?;
    let participants: Vec<ParticipantRow> = sqlx::query_as(
        "SELECT p.activity_id, o.slug, o.name_en, o.name_ja, o.country,
                c.name_en AS country_en, c.name_ja AS country_ja, p.role
         FROM activity_participants p JOIN organizations o ON o.id = p.organization_id
         JOIN countries c ON c.code = o.country
         WHERE p.activity_id IN (SELECT CAST(value AS BIGINT) FROM json_each($1)) ORDER BY p.activity_id, p.position",
    )
    .bind(&ids_json)
    .fetch_all(pool)
    .await?;
    let countries: Vec<NamedRow> = sqlx::query_as(
        "SELECT ac.activity_id, c.code AS key, c.name_en, c.name_ja
         FROM activity_countries ac JOIN countries c ON c.code = ac.country
         WHERE ac.activity_id IN (SELECT CAST(value AS BIGINT) FROM json_each($1)) ORDER BY ac.activity_id, ac.position",
    )
    .bind(&ids_json)
    .fetch_all(pool)
    .await?;
    let fields: Vec<NamedRow> = sqlx::query_as(
        "SELECT af.activity_id, f.slug AS key, f.name_en, f.name_ja
         FROM activity_fields af JOIN fields f ON f.slug = af.field
         WHERE af.activity_id IN (SELECT CAST(value AS BIGINT) FROM json_each($1)) ORDER BY af.activity_id, af.position",
    )
    .bind(&ids_json)
    .fetch_all(pool)
    .await?;
    let figures: Vec<FigureRow> = sqlx::query_as(
        "SELECT activity_id, label_en, label_ja, value, value_max, qualifier, unit_en, unit_ja, period, source, people
         FROM figures WHERE position = 0 AND activity_id IN (SELECT CAST(value AS BIGINT) FROM json_each($1))",
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
            confirmation: Confirmation::from_slug(&r.confirmation)
                .unwrap_or(Confirmation::NotConfirmed),
        };
        by_id.insert(r.id, card);
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
