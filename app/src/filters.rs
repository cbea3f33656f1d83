//! The filters a view can carry in its URL (`?field=…&kind=…&org=…&status=…&from=…&to=…`),
//! shared by the map and the search so that one address means the same selection on both.
//!
//! Rules: parsing never fails. A value that is not a valid slug, kind, status or year is
//! dropped (the page still renders, with what was understood), and the round trip
//! `parse → to_query` gives the canonical form of the URL.

use crate::model::{is_slug, ActivityKind, ActivityStatus, Confirmation};
use serde::{Deserialize, Serialize};

/// Every filter's URL key, in canonical order.
pub const KEYS: [&str; 9] = [
    "country",
    "region",
    "field",
    "kind",
    "org",
    "status",
    "confirmed",
    "from",
    "to",
];

/// The keys the map reads: all but the place filters, since the map itself counts by place.
pub const MAP_KEYS: [&str; 7] = ["field", "kind", "org", "status", "confirmed", "from", "to"];

/// The earliest and latest years a filter accepts.
pub const YEARS: std::ops::RangeInclusive<u16> = 1900..=2100;

/// What a view selects. Crosses the wire to server functions as it is (serde), never as a
/// query string parsed again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    /// ISO alpha-2 codes (`country=MN`).
    pub countries: Vec<String>,
    /// UN M49 sub-region slugs (`region=eastern-asia`).
    pub regions: Vec<String>,
    pub fields: Vec<String>,
    pub kinds: Vec<ActivityKind>,
    pub orgs: Vec<String>,
    pub statuses: Vec<ActivityStatus>,
    /// Who has confirmed the current version (`confirmed=both-sides`).
    pub confirmations: Vec<Confirmation>,
    pub from: Option<u16>,
    pub to: Option<u16>,
}

impl Filters {
    /// Activities in one country (ISO code): what its page counts and its "see all" shows.
    pub fn of_country(code: &str) -> Self {
        Filters {
            countries: vec![code.to_string()],
            ..Filters::default()
        }
    }

    /// Activities an organisation takes part in (its slug).
    pub fn of_organization(slug: &str) -> Self {
        Filters {
            orgs: vec![slug.to_string()],
            ..Filters::default()
        }
    }

    /// Reads filters from query pairs (repeated keys allowed), ignoring what is invalid.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut f = Filters::default();
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "country" if value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase()) => {
                    push_unique(&mut f.countries, value.to_string())
                }
                "region" if is_slug(value) => push_unique(&mut f.regions, value.to_string()),
                "field" if is_slug(value) => push_unique(&mut f.fields, value.to_string()),
                "org" if is_slug(value) => push_unique(&mut f.orgs, value.to_string()),
                "kind" => {
                    if let Some(k) = ActivityKind::from_slug(value) {
                        push_unique(&mut f.kinds, k);
                    }
                }
                "status" => {
                    if let Some(s) = ActivityStatus::from_slug(value) {
                        push_unique(&mut f.statuses, s);
                    }
                }
                "confirmed" => {
                    if let Some(c) = Confirmation::from_slug(value) {
                        push_unique(&mut f.confirmations, c);
                    }
                }
                "from" => f.from = parse_year(value),
                "to" => f.to = parse_year(value),
                _ => {}
            }
        }
        if let (Some(a), Some(b)) = (f.from, f.to) {
            if a > b {
                (f.from, f.to) = (Some(b), Some(a));
            }
        }
        f
    }

    /// Reads the filters named by `keys` through `get_all` (a URL's values for one key, as
    /// the router's query map gives them).
    pub fn from_lookup(keys: &[&'static str], get_all: impl Fn(&str) -> Vec<String>) -> Self {
        let pairs: Vec<(&str, String)> = keys
            .iter()
            .flat_map(|k| get_all(k).into_iter().map(move |v| (*k, v)))
            .collect();
        Self::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    }

    /// Reads filters from a query string (`?field=x&kind=y`, percent-encoded or not).
    pub fn from_query(query: &str) -> Self {
        let pairs = query_pairs(query);
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    pub fn is_empty(&self) -> bool {
        self == &Filters::default()
    }

    /// The canonical query pairs, in a fixed order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        pairs.extend(self.countries.iter().map(|v| ("country", v.clone())));
        pairs.extend(self.regions.iter().map(|v| ("region", v.clone())));
        pairs.extend(self.fields.iter().map(|v| ("field", v.clone())));
        pairs.extend(self.kinds.iter().map(|v| ("kind", v.slug().to_string())));
        pairs.extend(self.orgs.iter().map(|v| ("org", v.clone())));
        pairs.extend(
            self.statuses
                .iter()
                .map(|v| ("status", v.slug().to_string())),
        );
        pairs.extend(
            self.confirmations
                .iter()
                .map(|v| ("confirmed", v.slug().to_string())),
        );
        pairs.extend(self.from.map(|y| ("from", y.to_string())));
        pairs.extend(self.to.map(|y| ("to", y.to_string())));
        pairs
    }

    /// `?field=x&kind=y` (empty when there is no filter).
    pub fn to_query(&self) -> String {
        let pairs = self.to_pairs();
        if pairs.is_empty() {
            return String::new();
        }
        let body: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("?{}", body.join("&"))
    }
}

/// How a result list is ordered (`sort=` in the URL; relevance when absent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sort {
    /// Best match first (titles weigh most, then organisations, then the rest), then newest.
    #[default]
    Relevance,
    /// Start date, latest first.
    Newest,
    /// English title.
    Title,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::Newest, Sort::Title];

    /// The value in the URL.
    pub fn slug(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Title => "title",
        }
    }

    /// The sort a URL value names; `None` for anything else (the page then uses relevance).
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

/// The canonical address of a search view: `q`, the filters, a non-default sort and a page
/// past the first, in that order, each value percent-encoded; defaults are left out so one
/// view has one URL.
pub fn search_href(base: &str, q: &str, filters: &Filters, sort: Sort, page: u32) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if !q.trim().is_empty() {
        pairs.push(("q", q.trim().to_string()));
    }
    pairs.extend(filters.to_pairs());
    if sort != Sort::default() {
        pairs.push(("sort", sort.slug().to_string()));
    }
    if page > 1 {
        pairs.push(("page", page.to_string()));
    }
    if pairs.is_empty() {
        return base.to_string();
    }
    let body: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(&v)))
        .collect();
    format!("{base}?{}", body.join("&"))
}

/// The decoded `key=value` pairs of a query string (with or without the leading `?`).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            Some((percent_decode(k), percent_decode(v)))
        })
        .collect()
}

/// The canonical address, under `base`, of the results view a query string describes: only
/// what the search page reads is kept, valid and in canonical order. Used to lead back to
/// the search a visitor came from, whatever address it arrived with.
pub fn results_href(base: &str, query: &str) -> String {
    let pairs = query_pairs(query);
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    };
    let filters = Filters::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let sort = Sort::from_slug(get("sort")).unwrap_or_default();
    let page = get("page").parse::<u32>().unwrap_or(1).max(1);
    let q: String = get("q").chars().take(200).collect();
    search_href(base, &q, &filters, sort, page)
}

/// The filters with one value of one facet switched on or off.
pub fn toggled(filters: &Filters, key: &str, value: &str) -> Filters {
    let mut pairs: Vec<(&str, String)> = filters.to_pairs();
    match pairs.iter().position(|(k, v)| *k == key && v == value) {
        Some(i) => {
            pairs.remove(i);
        }
        None => pairs.push((key_static(key), value.to_string())),
    }
    Filters::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
}

fn key_static(key: &str) -> &'static str {
    KEYS.into_iter().find(|k| *k == key).unwrap_or("")
}

/// Percent-encodes a query-string value (everything but unreserved ASCII; space as `+`).
pub fn percent_encode(value: &str) -> String {
    encode_query_value(value, false)
}

/// Percent-encodes a local path carried as a query value (`?next=/partner`): as
/// [`percent_encode`], but `/` stays readable.
pub fn percent_encode_path(value: &str) -> String {
    encode_query_value(value, true)
}

fn encode_query_value(value: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b'/' if keep_slash => out.push('/'),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `+` and `%XX` in a query component; invalid escapes are kept as they are.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) && list.len() < 20 {
        list.push(value);
    }
}

/// A year the filters accept (within [`YEARS`]); anything else is `None`.
pub fn parse_year(value: &str) -> Option<u16> {
    value.parse::<u16>().ok().filter(|y| YEARS.contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_results_address_is_rebuilt_from_what_the_page_reads() {
        assert_eq!(
            results_href(
                "/activities",
                "?utm=x&kind=lectures&q=liver+transplant&country=VN&sort=bogus&page=2"
            ),
            "/activities?q=liver+transplant&country=VN&kind=lectures&page=2"
        );
        assert_eq!(results_href("/ja/activities", ""), "/ja/activities");
        assert_eq!(
            results_href("/activities", "q=%E8%82%9D&page=-3&from=abc&sort=title"),
            "/activities?q=%E8%82%9D&sort=title"
        );
    }

    #[test]
    fn filters_round_trip_through_the_url() {
        let f = Filters::from_pairs([
            ("country", "MN"),
            ("country", "mn"),
            ("field", "liver-transplantation"),
            ("kind", "symposium"),
            ("status", "completed"),
            ("from", "2015"),
            ("to", "2024"),
        ]);
        assert_eq!(
            f.to_query(),
            "?country=MN&field=liver-transplantation&kind=symposium&status=completed&from=2015&to=2024"
        );
        let pairs: Vec<(&str, String)> = f.to_pairs();
        let again = Filters::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(again, f);
    }

    #[test]
    fn bad_values_are_dropped_not_fatal() {
        let f = Filters::from_pairs([
            ("from", "abc"),
            ("to", "-3"),
            ("kind", "castle"),
            ("field", "Not A Slug"),
            ("status", ""),
            ("page", "-3"),
        ]);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(f.to_query(), "");
    }

    #[test]
    fn query_strings_are_decoded() {
        let f =
            Filters::from_query("?field=liver-transplantation&kind=visit&from=2015&x=%E8%82%9D");
        assert_eq!(f.fields, vec!["liver-transplantation"]);
        assert_eq!(f.from, Some(2015));
        assert_eq!(percent_decode("a+b%20c%E8%82%9D%zz%"), "a b c肝%zz%");
        assert_eq!(percent_decode("%肝"), "%肝");
        assert!(Filters::from_query("").is_empty());
    }

    #[test]
    fn a_search_view_has_one_canonical_address() {
        let f = Filters::from_query("?kind=visit&country=MN");
        assert_eq!(
            search_href("/activities", " liver 移植 ", &f, Sort::Relevance, 1),
            "/activities?q=liver+%E7%A7%BB%E6%A4%8D&country=MN&kind=visit"
        );
        assert_eq!(
            search_href(
                "/ja/activities",
                "",
                &Filters::default(),
                Sort::default(),
                1
            ),
            "/ja/activities"
        );
        assert_eq!(
            search_href("/activities", "", &Filters::default(), Sort::Newest, 3),
            "/activities?sort=newest&page=3"
        );
    }

    #[test]
    fn a_facet_value_toggles_on_and_off() {
        let f = Filters::from_query("?country=MN");
        let on = toggled(&f, "country", "VN");
        assert_eq!(on.countries, vec!["MN", "VN"]);
        let off = toggled(&on, "country", "MN");
        assert_eq!(off.countries, vec!["VN"]);
        assert_eq!(
            toggled(&f, "kind", "visit").to_query(),
            "?country=MN&kind=visit"
        );
    }

    #[test]
    fn filters_are_read_from_the_keys_asked_for() {
        let url = |k: &str| match k {
            "country" => vec!["MN".to_string(), "VN".to_string()],
            "kind" => vec!["visit".to_string()],
            _ => vec![],
        };
        assert_eq!(
            Filters::from_lookup(&KEYS, url).to_query(),
            "?country=MN&country=VN&kind=visit"
        );
        assert_eq!(
            Filters::from_lookup(&MAP_KEYS, url).to_query(),
            "?kind=visit"
        );
    }

    #[test]
    fn a_reversed_year_range_is_put_right() {
        let f = Filters::from_pairs([("from", "2024"), ("to", "2015")]);
        assert_eq!((f.from, f.to), (Some(2015), Some(2024)));
    }

    #[test]
    fn repeated_values_are_kept_once() {
        let f = Filters::from_pairs([("kind", "visit"), ("kind", "visit"), ("kind", "agreement")]);
        assert_eq!(f.kinds, vec![ActivityKind::Visit, ActivityKind::Agreement]);
    }
}
