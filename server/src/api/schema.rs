//! What the API answers: the public contract, as typed Rust structs that the OpenAPI
//! document is generated from.
//!
//! Rules: field names are snake_case and never change meaning; codes are ISO 3166-1 alpha-2
//! for countries and the record's slugs for everything else; every text that exists in both
//! languages is `{en, ja}` side by side. Activities are written by `app::ssr::export::json_item`
//! (so the JSON export and the API agree); [`ActivityItem`] documents that shape, and the
//! tests (and schemathesis) check that what is served conforms to it. Objects are open:
//! a client must ignore fields it does not know, so fields can be added without a new version.

use app::i18n::Locale;
use app::model::{self, Localized};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A text in both languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Text {
    /// English.
    pub en: String,
    /// Japanese.
    pub ja: String,
}

impl From<Localized> for Text {
    fn from(l: Localized) -> Self {
        Text { en: l.en, ja: l.ja }
    }
}

/// A text in both languages that may be missing in each (no dates, no period).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OptionalText {
    /// English, or null.
    pub en: Option<String>,
    /// Japanese, or null.
    pub ja: Option<String>,
}

/// A coded value with its names: a kind, status or role (`code` is its slug), or a
/// country (`code` is its ISO 3166-1 alpha-2 code).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Coded {
    /// The code or slug (`KZ`, `completed`, `lead`).
    pub code: String,
    /// The English name.
    pub en: String,
    /// The Japanese name.
    pub ja: String,
}

impl Coded {
    fn new(code: impl Into<String>, name: Localized) -> Self {
        Coded {
            code: code.into(),
            en: name.en,
            ja: name.ja,
        }
    }

    /// A value of one of the record's closed vocabularies.
    fn vocabulary(slug: &str, label: impl Fn(Locale) -> &'static str) -> Self {
        Coded::new(slug, Localized::new(label(Locale::En), label(Locale::Ja)))
    }
}

impl From<model::CountryRef> for Coded {
    fn from(c: model::CountryRef) -> Self {
        Coded::new(c.code, c.name)
    }
}

/// One activity, as `/api/v1/activities` and `/activities.json` write it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ActivityItem {
    /// The activity's stable identifier (`nagasaki-living-donor-liver-transplantation-kazakhstan`).
    pub slug: String,
    /// Its page on the site, absolute, in each language.
    pub permalink: Text,
    /// Its title.
    pub title: Text,
    /// What it is and did, in a few sentences.
    pub summary: Text,
    /// What kind of cooperation it is.
    pub kind: Coded,
    /// Planned, ongoing or completed, as its sources state on `status_as_of`.
    pub status: Coded,
    /// The date the status was true (`2021`, `2021-05`, `2021-05-12`), or null.
    pub status_as_of: Option<String>,
    /// When it started, as precise as the source (`2012`, `2012-07`, `2012-07-15`), or null.
    pub start: Option<String>,
    /// When it ended or ends, as precise as the source, or null.
    pub end: Option<String>,
    /// `start` to `end` as a reader writes it ("July 2012 – December 2023").
    pub period: OptionalText,
    /// The countries it takes place in.
    pub countries: Vec<Coded>,
    /// A note on where within them, or null.
    pub area_note: Option<Text>,
    /// Its medical fields.
    pub fields: Vec<ActivityField>,
    /// The organisations taking part, with their roles.
    pub participants: Vec<Participant>,
    /// The numbers its sources state.
    pub figures: Vec<FigureItem>,
    /// The documents every fact comes from.
    pub sources: Vec<SourceItem>,
    /// The date of its last change (`YYYY-MM-DD`).
    pub last_updated: String,
    /// Who has confirmed the version published now: `both-sides` (at least one organisation
    /// in Japan and one abroad), `one-side` or `not-confirmed`.
    pub confirmation: Coded,
}

/// A medical field of an activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ActivityField {
    /// The field's slug (`liver-transplantation`).
    pub slug: String,
    /// Its OECD DAC 5-digit purpose code.
    pub dac: i64,
    /// The English name.
    pub en: String,
    /// The Japanese name.
    pub ja: String,
}

/// An organisation taking part in an activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Participant {
    /// The organisation's slug (see `/api/v1/organizations/{slug}`).
    pub slug: String,
    /// Its name.
    pub name: Text,
    /// What it is (`university`, `hospital`, …), or null if the record does not say.
    pub kind: Option<Coded>,
    /// What it does in the activity (`lead`, `partner`, `funder`, `host`, `coordinator`,
    /// `participant`).
    pub role: Coded,
    /// Where it is based (ISO 3166-1 alpha-2).
    pub country: String,
    /// Whether it is based in Japan.
    pub japanese: bool,
}

/// A number a source states.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FigureItem {
    /// What it counts.
    pub label: Text,
    /// The number (the lower end of a range).
    pub value: f64,
    /// The upper end of a range, or null.
    pub value_max: Option<f64>,
    /// `about` or `more-than`, or null when exact.
    pub qualifier: Option<String>,
    /// The unit.
    pub unit: Text,
    /// When it was true (`2012-07`, `2015-01/2023-12`), or null.
    pub period: Option<String>,
    /// Which of the activity's sources states it (1-based), or null.
    pub source: Option<u32>,
    /// The whole figure as a reader writes it.
    pub text: Text,
}

/// A document facts come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SourceItem {
    /// Where it is published, or null.
    pub url: Option<String>,
    /// Its title.
    pub title: String,
    /// Whether Kakehashi wrote the title (the document gives none).
    pub title_by_kakehashi: bool,
    /// Who published it, or null.
    pub publisher: Option<String>,
    /// When, as precise as known, or null.
    pub published: Option<String>,
}

/// One page of a search: the matching activities and the facet counts that narrow them.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct ActivityPage {
    /// How many activities match, on all pages.
    pub total: u32,
    /// This page (from 1).
    pub page: u32,
    /// The page size asked for.
    pub per_page: u32,
    /// How many pages there are (at least 1).
    pub pages: u32,
    /// This page's activities, in the order asked for.
    #[schema(value_type = Vec<ActivityItem>)]
    pub items: Vec<serde_json::Value>,
    /// For each filter, the values that have matches, with how many.
    pub facets: Facets,
}

/// The facet counts of a search. Each filter is counted under every other filter but not
/// its own, so a second value of the same filter shows what it would add.
#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct Facets {
    /// By country (`value` is the ISO code).
    pub country: Vec<FacetValue>,
    /// By UN M49 sub-region.
    pub region: Vec<FacetValue>,
    /// By medical field.
    pub field: Vec<FacetValue>,
    /// By kind.
    pub kind: Vec<FacetValue>,
    /// By status.
    pub status: Vec<FacetValue>,
    /// By organisation (the 30 with the most matches).
    pub org: Vec<FacetValue>,
    /// By who has confirmed the current version (`both-sides`, `one-side`, `not-confirmed`).
    pub confirmed: Vec<FacetValue>,
}

impl From<Vec<model::Facet>> for Facets {
    fn from(facets: Vec<model::Facet>) -> Self {
        let mut out = Facets::default();
        for facet in facets {
            let values = facet.values.into_iter().map(FacetValue::from).collect();
            match facet.key.as_str() {
                "country" => out.country = values,
                "region" => out.region = values,
                "field" => out.field = values,
                "kind" => out.kind = values,
                "status" => out.status = values,
                "org" => out.org = values,
                "confirmed" => out.confirmed = values,
                other => tracing::warn!(facet = other, "API: a facet the API does not name"),
            }
        }
        out
    }
}

/// One value of a facet.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct FacetValue {
    /// The value, as the filter parameter takes it (`KZ`, `liver-transplantation`).
    pub value: String,
    /// The English name.
    pub en: String,
    /// The Japanese name.
    pub ja: String,
    /// How many activities it has under the other filters.
    pub count: u32,
    /// Whether the search filters by it.
    pub selected: bool,
}

impl From<model::FacetValue> for FacetValue {
    fn from(v: model::FacetValue) -> Self {
        FacetValue {
            value: v.value,
            en: v.label.en,
            ja: v.label.ja,
            count: v.count,
            selected: v.selected,
        }
    }
}

/// A list and its length.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct List<T> {
    /// How many items there are.
    pub total: usize,
    /// Every item.
    pub items: Vec<T>,
}

impl<T> List<T> {
    /// The list of `items`, each made into a `T`.
    pub fn of<S: Into<T>>(items: impl IntoIterator<Item = S>) -> Self {
        let items: Vec<T> = items.into_iter().map(Into::into).collect();
        List {
            total: items.len(),
            items,
        }
    }
}

/// An organisation in a list.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct OrganizationItem {
    /// Its stable identifier (`nagasaki-university`).
    pub slug: String,
    /// Its name.
    pub name: Text,
    /// What it is (`university`, `hospital`, …).
    pub kind: Coded,
    /// Where it is based.
    pub country: Coded,
    /// Whether it is based in Japan.
    pub japanese: bool,
    /// How many activities it takes part in (in the list's context: all, or one country's).
    pub activities: u32,
}

impl From<model::OrgSummary> for OrganizationItem {
    fn from(o: model::OrgSummary) -> Self {
        OrganizationItem {
            japanese: o.country.code == "JP",
            kind: Coded::vocabulary(o.kind.slug(), |l| o.kind.label(l)),
            slug: o.slug,
            name: o.name.into(),
            country: o.country.into(),
            activities: o.activities,
        }
    }
}

/// An activity as a country or organisation names it; `/api/v1/activities/{slug}` has
/// the rest.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct ActivityRef {
    /// Its slug.
    pub slug: String,
    /// Its title.
    pub title: Text,
    /// When it started, or null.
    pub start: Option<String>,
}

impl From<model::ActivityCard> for ActivityRef {
    fn from(c: model::ActivityCard) -> Self {
        ActivityRef {
            slug: c.slug,
            title: c.title.into(),
            start: c.start.map(|d| d.to_string()),
        }
    }
}

/// A number of activities somewhere.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct CountryCount {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    /// The English name.
    pub en: String,
    /// The Japanese name.
    pub ja: String,
    /// How many activities.
    pub activities: u32,
}

/// One organisation.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct OrganizationDetail {
    /// Its stable identifier.
    pub slug: String,
    /// Its name.
    pub name: Text,
    /// What it is.
    pub kind: Coded,
    /// Where it is based.
    pub country: Coded,
    /// Whether it is based in Japan.
    pub japanese: bool,
    /// Its city, or null.
    pub city: Option<String>,
    /// Its website, or null.
    pub website: Option<String>,
    /// What it is and does.
    pub profile: Text,
    /// Its page on the site, absolute, in each language.
    pub permalink: Text,
    /// The newest activities it takes part in (at most 20, newest first);
    /// `/api/v1/activities?org={slug}` lists them all, page by page.
    pub activities: Vec<ActivityRef>,
    /// How many activities it takes part in.
    pub activity_count: u32,
    /// The countries its activities take place in, most first.
    pub countries: Vec<CountryCount>,
    /// The organisations it works with (in either direction), most shared activities first
    /// (at most 20).
    pub partners: Vec<OrganizationItem>,
    /// How many organisations it works with.
    pub partner_count: u32,
}

impl OrganizationDetail {
    /// The detail the organisation page shows, with its permalinks on `base`.
    pub fn new(o: model::OrganizationDetail, base: &str) -> Self {
        OrganizationDetail {
            permalink: permalink(base, &app::paths::organization(&o.slug)),
            japanese: o.country.code == "JP",
            kind: Coded::vocabulary(o.kind.slug(), |l| o.kind.label(l)),
            slug: o.slug,
            name: o.name.into(),
            country: o.country.into(),
            city: o.city,
            website: o.website,
            profile: o.profile.into(),
            activity_count: o.activities.total,
            activities: o
                .activities
                .items
                .into_iter()
                .map(ActivityRef::from)
                .collect(),
            countries: o
                .countries
                .into_iter()
                .map(|(c, n)| CountryCount {
                    code: c.code,
                    en: c.name.en,
                    ja: c.name.ja,
                    activities: n,
                })
                .collect(),
            partner_count: o.partners.total,
            partners: o
                .partners
                .items
                .into_iter()
                .map(OrganizationItem::from)
                .collect(),
        }
    }
}

/// A country in the list.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct CountryItem {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    /// The English name.
    pub en: String,
    /// The Japanese name.
    pub ja: String,
    /// Its UN M49 sub-region, or null.
    pub region: Option<Text>,
    /// How many activities take place there.
    pub activities: u32,
}

impl From<model::CountryCount> for CountryItem {
    fn from(c: model::CountryCount) -> Self {
        CountryItem {
            code: c.code,
            en: c.name.en,
            ja: c.name.ja,
            region: c.region.map(Text::from),
            activities: c.count,
        }
    }
}

/// One country and the cooperation with it.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct CountryDetail {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    /// The English name.
    pub en: String,
    /// The Japanese name.
    pub ja: String,
    /// Its UN M49 sub-region, or null.
    pub region: Option<Text>,
    /// Its page on the site, absolute, in each language.
    pub permalink: Text,
    /// Its newest activities (at most 20, newest first); `/api/v1/activities?country={code}`
    /// lists them all, page by page.
    pub activities: Vec<ActivityRef>,
    /// How many activities it has.
    pub activity_count: u32,
    /// Institutions based in Japan that take part in them, most involved first (at most 20).
    pub japanese_organizations: Vec<OrganizationItem>,
    /// How many institutions based in Japan take part.
    pub japanese_organization_count: u32,
    /// Institutions based in the country itself (at most 20).
    pub local_organizations: Vec<OrganizationItem>,
    /// How many institutions based in the country take part.
    pub local_organization_count: u32,
    /// Anyone else taking part (international organisations, third countries; at most 20).
    pub other_organizations: Vec<OrganizationItem>,
    /// How many others take part.
    pub other_organization_count: u32,
    /// Its activities' medical fields, most first.
    pub fields: Vec<FieldCount>,
    /// Activities by the year they started, oldest first.
    pub per_year: Vec<YearCount>,
    /// Activities without a date.
    pub undated: u32,
}

impl CountryDetail {
    /// The detail the country page shows, with its permalinks on `base`.
    pub fn new(c: model::CountryDetail, base: &str) -> Self {
        let orgs = |list: model::Bounded<model::OrgSummary>| {
            let total = list.total;
            let items = list.items.into_iter().map(OrganizationItem::from).collect();
            (items, total)
        };
        let (japanese_organizations, japanese_organization_count) = orgs(c.japanese);
        let (local_organizations, local_organization_count) = orgs(c.local);
        let (other_organizations, other_organization_count) = orgs(c.others);
        CountryDetail {
            permalink: permalink(base, &app::paths::country(&c.country.code)),
            code: c.country.code,
            en: c.country.name.en,
            ja: c.country.name.ja,
            region: c.region.map(Text::from),
            activity_count: c.activities.total,
            activities: c
                .activities
                .items
                .into_iter()
                .map(ActivityRef::from)
                .collect(),
            japanese_organizations,
            japanese_organization_count,
            local_organizations,
            local_organization_count,
            other_organizations,
            other_organization_count,
            fields: c
                .fields
                .into_iter()
                .map(|f| FieldCount {
                    slug: f.field.slug,
                    en: f.field.name.en,
                    ja: f.field.name.ja,
                    activities: f.count,
                })
                .collect(),
            per_year: c
                .per_year
                .into_iter()
                .map(|(year, activities)| YearCount { year, activities })
                .collect(),
            undated: c.undated,
        }
    }
}

/// A medical field with its number of activities in a view.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct FieldCount {
    /// The field's slug.
    pub slug: String,
    /// The English name.
    pub en: String,
    /// The Japanese name.
    pub ja: String,
    /// How many activities.
    pub activities: u32,
}

/// The activities that started in one year.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct YearCount {
    /// The year.
    pub year: u16,
    /// How many activities started in it.
    pub activities: u32,
}

/// A medical field of the vocabulary.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct FieldItem {
    /// Its stable identifier (`liver-transplantation`), as the `field` filter takes it.
    pub slug: String,
    /// Its OECD DAC 5-digit purpose code.
    pub dac: i64,
    /// The English name.
    pub en: String,
    /// The Japanese name.
    pub ja: String,
    /// How many activities it has.
    pub activities: u32,
}

/// A site page's absolute address in each language.
fn permalink(base: &str, path: &str) -> Text {
    Text {
        en: format!("{base}{}", Locale::En.href(path)),
        ja: format!("{base}{}", Locale::Ja.href(path)),
    }
}
