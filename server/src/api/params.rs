//! The API's query parameters, read strictly: each operation takes exactly the parameters
//! its OpenAPI document lists, and anything else is answered 400 naming the parameter.
//!
//! Rules, unlike the pages (which drop what they do not understand): an unknown parameter,
//! a value that is malformed or names nothing in the record (`country=XX`, `kind=castle`), a
//! single-valued parameter given twice, or more than [`MAX_VALUES`] values of one filter is
//! `bad_parameter` / `unknown_parameter`. A blank `q` means every activity. The filters mean
//! what they mean on the search page: values of one filter are alternatives (OR), different
//! filters all apply (AND). The documented schemas are built from the same vocabularies the
//! parser checks against, so the two cannot disagree.

use super::error::{ApiError, ErrorBody};
use app::api::{MAX_QUERY_CHARS, PAGE_SIZE};
use app::filters::{parse_year, percent_decode, Filters, Sort, YEARS};
use app::model::{is_slug, ActivityKind, ActivityStatus, Confirmation, OrgKind};
use app::ssr::search::FacetNames;
use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::{self, ContentBuilder, Ref, RefOr, Required, ResponseBuilder, Schema};
use utoipa::{IntoParams, ToSchema};

/// The most values one filter takes (`country=…` repeated).
pub const MAX_VALUES: usize = 20;
/// The largest page size.
pub const MAX_PER_PAGE: u32 = 100;
/// The longest organisation name searched for.
pub const MAX_NAME_CHARS: usize = 100;
/// A slug as the record writes them: lower-case ASCII words joined by single hyphens.
const SLUG_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
/// An ISO 3166-1 alpha-2 code in upper case.
const COUNTRY_PATTERN: &str = "^[A-Z]{2}$";

/// A query string whose every name the operation takes.
#[derive(Debug)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Reads `query` (without `?`); a name not in `accepted` is `unknown_parameter`. A
    /// name without `=` counts, with an empty value.
    pub fn read(query: Option<&str>, accepted: &[&str]) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> = query
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (percent_decode(name), percent_decode(value))
            })
            .collect();
        if let Some((name, _)) = pairs.iter().find(|(n, _)| !accepted.contains(&n.as_str())) {
            return Err(ApiError::unknown_parameter(name, accepted));
        }
        Ok(Params(pairs))
    }

    /// The value of a parameter given at most once.
    pub fn one(&self, name: &str) -> Result<Option<&str>, ApiError> {
        match self.values(name)[..] {
            [] => Ok(None),
            [value] => Ok(Some(value)),
            _ => Err(ApiError::bad_parameter(name, "given more than once")),
        }
    }

    /// Every value of a repeatable parameter, each once, in the order given.
    pub fn all(&self, name: &str) -> Result<Vec<&str>, ApiError> {
        let mut values: Vec<&str> = Vec::new();
        for value in self.values(name) {
            if !values.contains(&value) {
                values.push(value);
            }
        }
        if values.len() > MAX_VALUES {
            return Err(ApiError::bad_parameter(
                name,
                format!("at most {MAX_VALUES} values, found {}", values.len()),
            ));
        }
        Ok(values)
    }

    fn values(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// One documented query parameter: its name, what it means (the OpenAPI description) and
/// its schema. The tables below are both the documentation and the list of names the
/// parser accepts.
pub struct Parameter {
    /// The name in the query string.
    pub name: &'static str,
    description: &'static str,
    schema: fn() -> RefOr<Schema>,
}

/// The parameters of `GET /api/v1/activities`, in the documented order.
const ACTIVITY_PARAMETERS: [Parameter; 13] = [
    Parameter {
        name: "q",
        description: "Words to search for, in English or Japanese (`liver`, `肝移植`): every \
            word must occur in a title, summary, organisation, place or field. Blank or absent: \
            every activity.",
        schema: query_text,
    },
    Parameter {
        name: "country",
        description: "Activities in any of these countries: ISO 3166-1 alpha-2 codes in upper \
            case, the parameter repeated for more (`country=KZ&country=MN`). \
            `/api/v1/countries` lists them.",
        schema: country_codes,
    },
    Parameter {
        name: "region",
        description: "Activities in any of these UN M49 sub-regions (`eastern-asia`); the \
            `region` facet lists them.",
        schema: slugs,
    },
    Parameter {
        name: "field",
        description: "Activities in any of these medical fields (`liver-transplantation`). \
            `/api/v1/fields` lists them.",
        schema: slugs,
    },
    Parameter {
        name: "kind",
        description: "Activities of any of these kinds.",
        schema: activity_kinds,
    },
    Parameter {
        name: "org",
        description: "Activities any of these organisations take part in \
            (`nagasaki-university`). `/api/v1/organizations` lists them.",
        schema: slugs,
    },
    Parameter {
        name: "status",
        description: "Activities with any of these statuses.",
        schema: activity_statuses,
    },
    Parameter {
        name: "confirmed",
        description: "Activities whose published version is confirmed this far: \
            `both-sides` (an organisation in Japan and one abroad), `one-side` or \
            `not-confirmed`.",
        schema: confirmations,
    },
    Parameter {
        name: "from",
        description: "Activities running in or after this year.",
        schema: year,
    },
    Parameter {
        name: "to",
        description: "Activities running in or before this year (not before `from`).",
        schema: year,
    },
    Parameter {
        name: "sort",
        description: "The order: `relevance` (the default; newest first when `q` is blank), \
            `newest` (start date, latest first) or `title` (English title).",
        schema: sorts,
    },
    Parameter {
        name: "page",
        description: "The page, from 1. A page past the last holds no items.",
        schema: page_number,
    },
    Parameter {
        name: "per_page",
        description: "Items per page, from 1 to 100.",
        schema: page_size,
    },
];

/// The parameters of `GET /api/v1/organizations`.
const ORGANIZATION_PARAMETERS: [Parameter; 3] = [
    Parameter {
        name: "side",
        description: "`japan`: institutions based in Japan; `partner`: those based elsewhere. \
            Absent: both.",
        schema: sides,
    },
    Parameter {
        name: "kind",
        description: "Only organisations of this kind.",
        schema: organization_kinds,
    },
    Parameter {
        name: "name",
        description: "A part of the name, in English or Japanese, or another spelling \
            (`nagasaki`, `長崎`).",
        schema: organization_name,
    },
];

/// The names of a table's parameters.
fn names(table: &[Parameter]) -> Vec<&'static str> {
    table.iter().map(|p| p.name).collect()
}

/// A table's parameters as the OpenAPI document lists them (all optional, in the query).
fn documented(table: &[Parameter]) -> Vec<openapi::path::Parameter> {
    table
        .iter()
        .map(|p| {
            ParameterBuilder::new()
                .name(p.name)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(p.description))
                .schema(Some((p.schema)()))
                .build()
        })
        .collect()
}

/// The query of `GET /api/v1/activities`: the search page's parameters, and paging.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActivityQuery {
    /// The words searched for.
    pub q: Option<String>,
    /// ISO alpha-2 codes.
    pub country: Vec<String>,
    /// UN M49 sub-region slugs.
    pub region: Vec<String>,
    /// Medical-field slugs.
    pub field: Vec<String>,
    /// Kinds.
    pub kind: Vec<ActivityKind>,
    /// Organisation slugs.
    pub org: Vec<String>,
    /// Statuses.
    pub status: Vec<ActivityStatus>,
    /// How far confirmed.
    pub confirmed: Vec<Confirmation>,
    /// The first year.
    pub from: Option<u16>,
    /// The last year.
    pub to: Option<u16>,
    /// The order.
    pub sort: Option<Sort>,
    /// The page, from 1.
    pub page: Option<u32>,
    /// Items per page.
    pub per_page: Option<u32>,
}

impl IntoParams for ActivityQuery {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<openapi::path::Parameter> {
        documented(&ACTIVITY_PARAMETERS)
    }
}

impl ActivityQuery {
    /// Reads the query, checking each filter value against the record's vocabularies.
    pub fn parse(query: Option<&str>, known: &FacetNames) -> Result<Self, ApiError> {
        let p = Params::read(query, &names(&ACTIVITY_PARAMETERS))?;
        let q = match p.one("q")? {
            Some(q) if q.chars().count() > MAX_QUERY_CHARS => {
                return Err(ApiError::bad_parameter(
                    "q",
                    format!("at most {MAX_QUERY_CHARS} characters"),
                ))
            }
            q => q.map(str::to_string),
        };
        let parsed = ActivityQuery {
            q,
            country: known_values(&p, "country", |v| {
                if !v.bytes().all(|b| b.is_ascii_uppercase()) || v.len() != 2 {
                    return Err(format!(
                        "must be an ISO 3166-1 alpha-2 code in upper case (KZ), found {v:?}"
                    ));
                }
                known_in(
                    v,
                    known.countries.contains_key(v),
                    "country",
                    "/api/v1/countries",
                )
            })?,
            region: known_values(&p, "region", |v| {
                slug(v)?;
                known_in(
                    v,
                    known.regions.contains_key(v),
                    "region",
                    "the region facet of /api/v1/activities",
                )
            })?,
            field: known_values(&p, "field", |v| {
                slug(v)?;
                known_in(v, known.fields.contains_key(v), "field", "/api/v1/fields")
            })?,
            kind: vocabulary(&p, "kind", ActivityKind::from_slug, ActivityKind::expected)?,
            org: known_values(&p, "org", |v| {
                slug(v)?;
                known_in(
                    v,
                    known.orgs.contains_key(v),
                    "organisation",
                    "/api/v1/organizations",
                )
            })?,
            status: vocabulary(
                &p,
                "status",
                ActivityStatus::from_slug,
                ActivityStatus::expected,
            )?,
            confirmed: vocabulary(
                &p,
                "confirmed",
                Confirmation::from_slug,
                Confirmation::expected,
            )?,
            from: year_of(&p, "from")?,
            to: year_of(&p, "to")?,
            sort: p
                .one("sort")?
                .map(|v| {
                    Sort::from_slug(v).ok_or_else(|| {
                        ApiError::bad_parameter("sort", one_of(v, &sort_names().join(", ")))
                    })
                })
                .transpose()?,
            page: number(&p, "page", 1, u32::MAX)?,
            per_page: number(&p, "per_page", 1, MAX_PER_PAGE)?,
        };
        if let (Some(from), Some(to)) = (parsed.from, parsed.to) {
            if from > to {
                return Err(ApiError::bad_parameter(
                    "from",
                    format!("{from} is after to={to}"),
                ));
            }
        }
        Ok(parsed)
    }

    /// The words searched for (blank for all).
    pub fn words(&self) -> &str {
        self.q.as_deref().unwrap_or_default().trim()
    }

    /// The filters, as the search engine takes them.
    pub fn filters(&self) -> Filters {
        Filters {
            countries: self.country.clone(),
            regions: self.region.clone(),
            fields: self.field.clone(),
            kinds: self.kind.clone(),
            orgs: self.org.clone(),
            statuses: self.status.clone(),
            confirmations: self.confirmed.clone(),
            from: self.from,
            to: self.to,
        }
    }

    /// The page asked for (1 when absent).
    pub fn page(&self) -> u32 {
        self.page.unwrap_or(1)
    }

    /// The page size asked for ([`PAGE_SIZE`] when absent).
    pub fn per_page(&self) -> u32 {
        self.per_page.unwrap_or(PAGE_SIZE)
    }
}

/// The query of `GET /api/v1/organizations`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrganizationQuery {
    /// `japan` or `partner`.
    pub side: Option<String>,
    /// The organisation kind.
    pub kind: Option<OrgKind>,
    /// A part of the name.
    pub name: Option<String>,
}

impl IntoParams for OrganizationQuery {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<openapi::path::Parameter> {
        documented(&ORGANIZATION_PARAMETERS)
    }
}

impl OrganizationQuery {
    /// The values of `side`.
    const SIDES: [&'static str; 2] = ["japan", "partner"];

    /// Reads the query.
    pub fn parse(query: Option<&str>) -> Result<Self, ApiError> {
        let p = Params::read(query, &names(&ORGANIZATION_PARAMETERS))?;
        let side = p
            .one("side")?
            .map(|v| match Self::SIDES.contains(&v) {
                true => Ok(v.to_string()),
                false => Err(ApiError::bad_parameter(
                    "side",
                    one_of(v, &Self::SIDES.join(", ")),
                )),
            })
            .transpose()?;
        let kind = p
            .one("kind")?
            .map(|v| {
                OrgKind::from_slug(v)
                    .ok_or_else(|| ApiError::bad_parameter("kind", one_of(v, &OrgKind::expected())))
            })
            .transpose()?;
        let name = match p.one("name")? {
            Some(n) if n.chars().count() > MAX_NAME_CHARS => {
                return Err(ApiError::bad_parameter(
                    "name",
                    format!("at most {MAX_NAME_CHARS} characters"),
                ))
            }
            n => n.map(str::to_string),
        };
        Ok(OrganizationQuery { side, kind, name })
    }
}

/// Documents the rule every operation follows: a query parameter it does not take is 400
/// (operations with parameters document their own 400, which includes this).
pub fn document(doc: &mut openapi::OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let Some(operation) = item.get.as_mut() else {
            continue;
        };
        operation
            .responses
            .responses
            .entry("400".into())
            .or_insert_with(|| {
                ResponseBuilder::new()
                    .description("A query parameter was given: this operation takes none.")
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name(ErrorBody::name())))
                            .build(),
                    )
                    .into()
            });
    }
}

/// "must be one of a, b, c, found "x"".
fn one_of(found: &str, expected: &str) -> String {
    format!("must be one of {expected}, found {found:?}")
}

/// The values of a repeatable parameter that `check` accepts (its refusal is the message).
fn known_values(
    p: &Params,
    name: &str,
    check: impl Fn(&str) -> Result<(), String>,
) -> Result<Vec<String>, ApiError> {
    p.all(name)?
        .into_iter()
        .map(|v| {
            check(v)
                .map(|()| v.to_string())
                .map_err(|message| ApiError::bad_parameter(name, message))
        })
        .collect()
}

/// The values of a repeatable parameter from a closed vocabulary.
fn vocabulary<T>(
    p: &Params,
    name: &str,
    from_slug: fn(&str) -> Option<T>,
    expected: fn() -> String,
) -> Result<Vec<T>, ApiError> {
    p.all(name)?
        .into_iter()
        .map(|v| from_slug(v).ok_or_else(|| ApiError::bad_parameter(name, one_of(v, &expected()))))
        .collect()
}

fn slug(value: &str) -> Result<(), String> {
    match is_slug(value) {
        true => Ok(()),
        false => Err(format!(
            "must be a slug (lower-case words joined by hyphens), found {value:?}"
        )),
    }
}

fn known_in(value: &str, known: bool, what: &str, listed_at: &str) -> Result<(), String> {
    match known {
        true => Ok(()),
        false => Err(format!("no {what} is {value:?}; {listed_at} lists them")),
    }
}

fn year_of(p: &Params, name: &str) -> Result<Option<u16>, ApiError> {
    p.one(name)?
        .map(|v| {
            parse_year(v).ok_or_else(|| {
                ApiError::bad_parameter(
                    name,
                    format!(
                        "must be a year from {} to {}, found {v:?}",
                        YEARS.start(),
                        YEARS.end()
                    ),
                )
            })
        })
        .transpose()
}

fn number(p: &Params, name: &str, min: u32, max: u32) -> Result<Option<u32>, ApiError> {
    p.one(name)?
        .map(|v| {
            v.parse::<u32>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| {
                    let range = match max {
                        u32::MAX => format!("from {min}"),
                        _ => format!("from {min} to {max}"),
                    };
                    ApiError::bad_parameter(
                        name,
                        format!("must be a whole number {range}, found {v:?}"),
                    )
                })
        })
        .transpose()
}

fn sort_names() -> Vec<&'static str> {
    Sort::ALL.iter().map(|s| s.slug()).collect()
}

// The documented schemas, from the vocabularies the parser checks against.

fn string_of(values: impl IntoIterator<Item = &'static str>) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
}

fn repeated(item: ObjectBuilder) -> RefOr<Schema> {
    ArrayBuilder::new()
        .items(item)
        .max_items(Some(MAX_VALUES))
        .into()
}

fn country_codes() -> RefOr<Schema> {
    repeated(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(COUNTRY_PATTERN)),
    )
}

fn slugs() -> RefOr<Schema> {
    repeated(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(120))
            .pattern(Some(SLUG_PATTERN)),
    )
}

fn activity_kinds() -> RefOr<Schema> {
    repeated(string_of(ActivityKind::ALL.iter().map(|k| k.slug())))
}

fn activity_statuses() -> RefOr<Schema> {
    repeated(string_of(ActivityStatus::ALL.iter().map(|s| s.slug())))
}

fn confirmations() -> RefOr<Schema> {
    repeated(string_of(Confirmation::ALL.iter().map(|c| c.slug())))
}

fn organization_kinds() -> RefOr<Schema> {
    string_of(OrgKind::ALL.iter().map(|k| k.slug())).into()
}

fn sides() -> RefOr<Schema> {
    string_of(OrganizationQuery::SIDES).into()
}

fn sorts() -> RefOr<Schema> {
    string_of(sort_names()).into()
}

fn query_text() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(MAX_QUERY_CHARS))
        .into()
}

fn organization_name() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(MAX_NAME_CHARS))
        .into()
}

fn page_number() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .default(Some(1.into()))
        .into()
}

fn page_size() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(MAX_PER_PAGE))
        .default(Some(PAGE_SIZE.into()))
        .into()
}

fn year() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(*YEARS.start()))
        .maximum(Some(*YEARS.end()))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::Localized;

    fn known() -> FacetNames {
        let names = |keys: &[&str]| {
            keys.iter()
                .map(|k| (k.to_string(), Localized::new(*k, *k)))
                .collect()
        };
        FacetNames {
            countries: names(&["KZ", "MN", "VN"]),
            regions: names(&["eastern-asia"]),
            fields: names(&["liver-transplantation"]),
            orgs: names(&["nagasaki-university"]),
            ..FacetNames::default()
        }
    }

    fn parse(query: &str) -> Result<ActivityQuery, ApiError> {
        ActivityQuery::parse(Some(query), &known())
    }

    /// The parameter a refused query is blamed on, and its message.
    fn refused(query: &str) -> (String, String) {
        let error = parse(query).expect_err(query);
        assert_eq!(
            error.status(),
            axum::http::StatusCode::BAD_REQUEST,
            "{query}"
        );
        let body = serde_json::to_value(error.detail()).unwrap();
        (
            body["parameter"].as_str().unwrap().to_string(),
            body["message"].as_str().unwrap().to_string(),
        )
    }

    #[test]
    fn a_search_reads_like_the_search_page() {
        let q = parse(
            "q=liver+%E8%82%9D&country=KZ&country=MN&country=KZ&kind=visit&status=completed\
             &from=2010&to=2020&sort=newest&page=2&per_page=100&field=liver-transplantation",
        )
        .unwrap();
        assert_eq!(q.words(), "liver 肝");
        assert_eq!(
            q.filters().to_query(),
            "?country=KZ&country=MN&field=liver-transplantation&kind=visit&status=completed&from=2010&to=2020"
        );
        assert_eq!(
            (q.sort, q.page(), q.per_page()),
            (Some(Sort::Newest), 2, 100)
        );
        let empty = parse("").unwrap();
        assert_eq!(
            (empty.words(), empty.page(), empty.per_page()),
            ("", 1, PAGE_SIZE)
        );
        assert!(empty.filters().is_empty());
        assert_eq!(parse("q=").unwrap().words(), "");
    }

    #[test]
    fn each_bad_value_is_refused_naming_its_parameter() {
        for (query, parameter) in [
            ("per_page=0", "per_page"),
            ("per_page=101", "per_page"),
            ("per_page=ten", "per_page"),
            ("page=0", "page"),
            ("page=-1", "page"),
            ("page=1.5", "page"),
            ("page=", "page"),
            ("from=abc", "from"),
            ("to=1800", "to"),
            ("from=2020&to=2010", "from"),
            ("country=kz", "country"),
            ("country=KAZ", "country"),
            ("country=XX", "country"),
            ("region=Eastern+Asia", "region"),
            ("field=oncology-of-mars", "field"),
            ("org=nobody", "org"),
            ("kind=castle", "kind"),
            ("status=done", "status"),
            ("sort=random", "sort"),
            ("sort=title&sort=newest", "sort"),
            ("page=1&page=2", "page"),
        ] {
            assert_eq!(refused(query).0, parameter, "{query}");
        }
        let (_, message) = refused("kind=castle");
        assert!(message.contains("surgical-training-abroad"), "{message}");
        let (_, message) = refused("country=XX");
        assert!(message.contains("/api/v1/countries"), "{message}");
        let long = format!("q={}", "x".repeat(MAX_QUERY_CHARS + 1));
        assert_eq!(refused(&long).0, "q");
    }

    #[test]
    fn more_than_twenty_values_of_a_filter_are_refused() {
        let p = Params::read(
            Some(
                &(0..=MAX_VALUES)
                    .map(|i| format!("org=o{i}"))
                    .collect::<Vec<_>>()
                    .join("&"),
            ),
            &["org"],
        )
        .unwrap();
        assert!(p.all("org").is_err());
        let p = Params::read(Some("org=a&org=a"), &["org"]).unwrap();
        assert_eq!(p.all("org").unwrap(), ["a"]);
    }

    #[test]
    fn a_parameter_no_operation_takes_is_refused_by_name() {
        let error = Params::read(Some("country=KZ&contry=KZ"), &["country"]).unwrap_err();
        let body = serde_json::to_value(error.detail()).unwrap();
        assert_eq!(body["code"], "unknown_parameter");
        assert_eq!(body["parameter"], "contry");
        assert!(
            Params::read(Some("page"), &[]).is_err(),
            "a bare name counts"
        );
        assert!(Params::read(None, &[]).is_ok());
        assert!(Params::read(Some("&&"), &[]).is_ok());
    }

    #[test]
    fn organisations_are_filtered_by_side_kind_and_name() {
        let q =
            OrganizationQuery::parse(Some("side=japan&kind=university&name=%E9%95%B7%E5%B4%8E"))
                .unwrap();
        assert_eq!(q.side.as_deref(), Some("japan"));
        assert_eq!(q.kind, Some(OrgKind::University));
        assert_eq!(q.name.as_deref(), Some("長崎"));
        for bad in ["side=both", "kind=castle", "name=a&name=b", "sort=name"] {
            assert!(OrganizationQuery::parse(Some(bad)).is_err(), "{bad}");
        }
    }

    /// Every documented parameter is read (a table entry the parser ignores would be
    /// accepted and do nothing).
    #[test]
    fn every_documented_parameter_is_read() {
        for p in ACTIVITY_PARAMETERS {
            let valid = match p.name {
                "country" => "KZ",
                "region" => "eastern-asia",
                "field" => "liver-transplantation",
                "kind" => "visit",
                "org" => "nagasaki-university",
                "status" => "completed",
                "confirmed" => "both-sides",
                "from" | "to" => "2015",
                "sort" => "title",
                "page" | "per_page" => "2",
                _ => "liver",
            };
            let query = format!("{}={valid}", p.name);
            assert_ne!(parse(&query).unwrap(), ActivityQuery::default(), "{query}");
        }
        for p in ORGANIZATION_PARAMETERS {
            let valid = match p.name {
                "side" => "japan",
                "kind" => "hospital",
                _ => "x",
            };
            let query = format!("{}={valid}", p.name);
            assert_ne!(
                OrganizationQuery::parse(Some(&query)).unwrap(),
                OrganizationQuery::default(),
                "{query}"
            );
        }
    }
}
