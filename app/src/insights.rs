//! The insights section: the shape of the cooperation in three views of the published record,
//! each under the filters of its URL, as on the search page.
//!
//! - [`InsightView::Matrix`] (`/insights`): activities by partner country × medical field,
//!   rows grouped by region, columns by DAC purpose code, with the gaps of each region;
//! - [`InsightView::Flows`] (`/insights/flows`): flows of people between Japan and its partner
//!   countries on the world map, by direction ([`crate::model::ActivityKind::direction`]);
//! - [`InsightView::Trends`] (`/insights/trends`): activities started per year, by region and
//!   by kind.
//!
//! Rules: every number comes from the search engine (`SearchIndex::tallies`), so each is the
//! total of the search its link opens. The views are drawn on the server as HTML and SVG
//! (`ssr::insights`) and arrive in the page as markup, complete without JavaScript; the
//! browser never receives the data or the map geometry, only the markup (fetched with the
//! rest of the page, `routes::drawn`, when it navigates to a view itself). Each view has its
//! CSV with the same parameters. The browser's code uses only [`InsightView`] (the page's
//! key); the rest is for the server.

use crate::filters::{query_pairs, Filters};
use crate::i18n::{InsightText, Locale};
use crate::model::{FieldRef, Localized};
use crate::paths;
use serde::{Deserialize, Serialize};

/// One of the section's views.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InsightView {
    Matrix,
    Flows,
    Trends,
}

impl InsightView {
    pub const ALL: [InsightView; 3] =
        [InsightView::Matrix, InsightView::Flows, InsightView::Trends];

    /// The page's address, without language.
    pub fn path(self) -> &'static str {
        match self {
            InsightView::Matrix => paths::INSIGHTS,
            InsightView::Flows => paths::INSIGHT_FLOWS,
            InsightView::Trends => paths::INSIGHT_TRENDS,
        }
    }

    /// The address of its CSV, without language.
    pub fn csv(self) -> &'static str {
        match self {
            InsightView::Matrix => paths::INSIGHT_MATRIX_CSV,
            InsightView::Flows => paths::INSIGHT_FLOWS_CSV,
            InsightView::Trends => paths::INSIGHT_TRENDS_CSV,
        }
    }

    /// Its name on the section's tabs.
    pub fn name(self) -> InsightText {
        match self {
            InsightView::Matrix => InsightText::MatrixTab,
            InsightView::Flows => InsightText::FlowsTab,
            InsightView::Trends => InsightText::TrendsTab,
        }
    }

    /// A word for file names: `kakehashi-matrix-….csv`.
    pub fn slug(self) -> &'static str {
        match self {
            InsightView::Matrix => "matrix",
            InsightView::Flows => "flows",
            InsightView::Trends => "trends",
        }
    }

    /// The filters it reads from the URL: all but what it counts by. The matrix's rows and
    /// columns are countries and fields, the map's arcs countries; the trends take every
    /// filter.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            InsightView::Matrix => &["kind", "org", "status", "confirmed", "from", "to"],
            InsightView::Flows => &crate::filters::MAP_KEYS,
            InsightView::Trends => &crate::filters::KEYS,
        }
    }
}

/// What one view shows: its filters and how it is drawn. Crosses the wire typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsightQuery {
    pub view: InsightView,
    pub filters: Filters,
    /// The matrix: rows and columns by total, largest first (`sort=total`), instead of
    /// grouped by region and DAC code.
    pub by_total: bool,
    /// The flows: arc widths by the people the figures state (`width=people`), instead of
    /// by activities.
    pub by_people: bool,
}

/// A parameter of the URL that a view could not use, as it was written.
pub type Ignored = (String, String);

impl InsightQuery {
    /// The view's parameters read from query pairs, and what it could not use: a value
    /// that is not valid for its key, or a filter the view does not take. An empty value (a
    /// form's "any") and parameters that are no filter (`q`, `page`, …) are left alone.
    pub fn from_pairs(view: InsightView, pairs: &[(String, String)]) -> (Self, Vec<Ignored>) {
        let mut ignored = Vec::new();
        let mut used: Vec<(&str, &str)> = Vec::new();
        let (mut by_total, mut by_people) = (false, false);
        for (key, value) in pairs {
            let (k, v) = (key.as_str(), value.trim());
            if v.is_empty() {
                continue;
            }
            match (k, view) {
                ("sort", InsightView::Matrix) if v == "total" => by_total = true,
                ("width", InsightView::Flows) if v == "people" => by_people = true,
                ("sort", InsightView::Matrix) | ("width", InsightView::Flows) => {
                    ignored.push((key.clone(), value.clone()))
                }
                _ if crate::filters::KEYS.contains(&k) => {
                    let understood = !Filters::from_pairs([(k, v)]).is_empty();
                    if understood && view.keys().contains(&k) {
                        used.push((k, v));
                    } else {
                        ignored.push((key.clone(), value.clone()));
                    }
                }
                _ => {}
            }
        }
        let query = InsightQuery {
            view,
            filters: Filters::from_pairs(used),
            by_total,
            by_people,
        };
        (query, ignored)
    }

    /// [`InsightQuery::from_pairs`] of a query string (`?kind=visit&sort=total`).
    pub fn from_query(view: InsightView, query: &str) -> (Self, Vec<Ignored>) {
        Self::from_pairs(view, &query_pairs(query))
    }

    /// The canonical query string (`?kind=visit&sort=total`, empty for none): the filters,
    /// then how the view is drawn.
    pub fn to_query(&self) -> String {
        let mut query = self.filters.to_query();
        let mut push = |pair: &str| {
            query.push(if query.is_empty() { '?' } else { '&' });
            query.push_str(pair);
        };
        if self.by_total {
            push("sort=total");
        }
        if self.by_people {
            push("width=people");
        }
        query
    }

    /// The same query drawn another way, for the links that switch it.
    pub fn with(&self, by_total: bool, by_people: bool) -> Self {
        InsightQuery {
            by_total,
            by_people,
            ..self.clone()
        }
    }

    /// The same filters in `view`, as far as it takes them (the section's tabs keep them).
    pub fn for_view(&self, view: InsightView) -> Self {
        let pairs = self.filters.to_pairs();
        let kept = pairs
            .iter()
            .filter(|(k, _)| view.keys().contains(k))
            .map(|(k, v)| (*k, v.as_str()));
        InsightQuery {
            view,
            filters: Filters::from_pairs(kept),
            by_total: false,
            by_people: false,
        }
    }

    /// The view's address in `locale`, with this query.
    pub fn href(&self, locale: Locale) -> String {
        format!("{}{}", locale.href(self.view.path()), self.to_query())
    }

    /// The CSV's address in `locale`, with this query.
    pub fn csv_href(&self, locale: Locale) -> String {
        format!("{}{}", locale.href(self.view.csv()), self.to_query())
    }
}

/// A view drawn on the server, in three parts: what leads into it (notices, figures at a
/// glance, the download link), the figure itself (the matrix, the map, the charts) and what
/// follows it (legend, tables, notes). The page puts a readout of what is under the pointer
/// between the figure and the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsightMarkup {
    pub lead: String,
    pub figure: String,
    pub details: String,
}

/// What the filter form offers: the medical fields and the organisations, by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InsightChoices {
    pub fields: Vec<FieldRef>,
    pub orgs: Vec<(String, Localized)>,
}

/// The filter form's choices: every medical field and every organisation taking part in an
/// activity, by English name.
#[cfg(feature = "ssr")]
pub async fn get_insight_choices() -> Result<InsightChoices, crate::error::AppError> {
    let pool = crate::ssr::pool()?;
    let index = crate::ssr::search_index()?;
    Ok(InsightChoices {
        fields: crate::ssr::db::fields(&pool).await?,
        orgs: crate::ssr::insights::org_choices(&index),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActivityKind;

    fn pairs(query: &str) -> Vec<(String, String)> {
        query_pairs(query)
    }

    #[test]
    fn each_view_reads_its_own_filters_and_names_what_it_left_out() {
        let (q, ignored) = InsightQuery::from_pairs(
            InsightView::Matrix,
            &pairs("kind=visit&country=MN&field=oncology&from=abc&sort=total&q=liver&status="),
        );
        assert_eq!(q.filters.kinds, vec![ActivityKind::Visit]);
        assert!(q.filters.countries.is_empty() && q.filters.fields.is_empty());
        assert!(q.by_total);
        assert_eq!(
            ignored,
            [
                ("country".to_string(), "MN".to_string()),
                ("field".to_string(), "oncology".to_string()),
                ("from".to_string(), "abc".to_string()),
            ]
        );
        let (q, ignored) =
            InsightQuery::from_pairs(InsightView::Flows, &pairs("field=oncology&width=wide"));
        assert_eq!(q.filters.fields, vec!["oncology"]);
        assert!(!q.by_people);
        assert_eq!(ignored, [("width".to_string(), "wide".to_string())]);
        let (q, ignored) =
            InsightQuery::from_pairs(InsightView::Trends, &pairs("country=MN&sort=total"));
        assert_eq!(q.filters.countries, vec!["MN"]);
        assert!(!q.by_total, "only the matrix sorts");
        assert!(
            ignored.is_empty(),
            "sort is no filter of the trends: {ignored:?}"
        );
    }

    #[test]
    fn a_query_has_one_canonical_form() {
        let (q, _) = InsightQuery::from_query(
            InsightView::Matrix,
            "?sort=total&status=completed&kind=visit",
        );
        assert_eq!(q.to_query(), "?kind=visit&status=completed&sort=total");
        assert_eq!(
            q.with(false, false).to_query(),
            "?kind=visit&status=completed"
        );
        assert_eq!(
            q.href(Locale::Ja),
            "/ja/insights?kind=visit&status=completed&sort=total"
        );
        let (f, _) = InsightQuery::from_query(InsightView::Flows, "width=people");
        assert_eq!(f.csv_href(Locale::En), "/insights/flows.csv?width=people");
        let (none, _) = InsightQuery::from_query(InsightView::Trends, "");
        assert_eq!(none.href(Locale::En), "/insights/trends");
        let (trends, _) =
            InsightQuery::from_query(InsightView::Trends, "country=MN&kind=visit&field=oncology");
        assert_eq!(
            trends.for_view(InsightView::Matrix).href(Locale::En),
            "/insights?kind=visit"
        );
        assert_eq!(
            trends.for_view(InsightView::Flows).href(Locale::En),
            "/insights/flows?field=oncology&kind=visit"
        );
    }
}
