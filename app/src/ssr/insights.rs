//! The insights views drawn on the server (`crate::insights`): HTML and SVG markup from the
//! search engine's tallies, and each view's CSV.
//!
//! Rules: the numbers come only from [`SearchIndex::tallies`] (the figures' texts and sources
//! of the few activities a flow names are read by id); every link leads to the search whose
//! total is the number it sits on; every text is escaped ([`escape`]) and in the page's
//! language, names of places and fields in both languages in the CSVs. One view renders in a
//! few milliseconds at 10,000 activities (`make bench-pages`).
//!
//! - [`matrix`]: countries × fields, grouped, shaded, with gaps;
//! - [`flows`]: arcs on the world map, with their table;
//! - [`trends`]: small multiples of activities started per year.

pub mod flows;
pub mod matrix;
pub mod trends;

use super::search::{FacetNames, SearchIndex, Tallies};
use super::xml::escape;
use crate::error::AppError;
use crate::filters::{search_href, Filters, Sort};
use crate::i18n::{label_separator, list_separator, InsightText, Key, Locale};
use crate::insights::{Ignored, InsightMarkup, InsightQuery, InsightView};
use crate::model::Localized;
use crate::paths;
use std::fmt::Write;
use std::sync::Arc;

/// The organisations that take part in at least one activity, by English name: the filter
/// form's choices.
pub fn org_choices(index: &SearchIndex) -> Vec<(String, Localized)> {
    let mut orgs: Vec<(String, Localized)> = index
        .names()
        .orgs
        .iter()
        .filter(|(slug, _)| index.activities_of(slug) > 0)
        .map(|(slug, name)| (slug.clone(), name.clone()))
        .collect();
    orgs.sort_by(|a, b| a.1.en.cmp(&b.1.en));
    orgs
}

/// The filter values that name nothing in the record (`country=ZZ`, `field=nowhere`), as
/// URL pairs: the search finds nothing for them.
pub fn unknown_values(filters: &Filters, names: &FacetNames) -> Vec<Ignored> {
    let mut unknown = Vec::new();
    let mut check = |key: &str, values: &[String], known: &dyn Fn(&str) -> bool| {
        for v in values.iter().filter(|v| !known(v)) {
            unknown.push((key.to_string(), v.clone()));
        }
    };
    check("country", &filters.countries, &|v| {
        names.countries.contains_key(v)
    });
    check("region", &filters.regions, &|v| {
        names.regions.contains_key(v)
    });
    check("field", &filters.fields, &|v| names.fields.contains_key(v));
    check("org", &filters.orgs, &|v| names.orgs.contains_key(v));
    unknown
}

/// The index and what it counted for some filters: what a view is drawn from.
struct Counted {
    index: Arc<SearchIndex>,
    tallies: Tallies,
}

impl Counted {
    /// Counts `filters` on the blocking pool.
    async fn of(index: Arc<SearchIndex>, filters: &Filters) -> Result<Self, AppError> {
        let (task_index, filters) = (index.clone(), filters.clone());
        let tallies = tokio::task::spawn_blocking(move || task_index.tallies(&filters))
            .await
            .map_err(|e| {
                tracing::error!("insights: the tally task failed: {e}");
                AppError::Internal
            })?;
        Ok(Counted { index, tallies })
    }

    fn view<'a>(&'a self, query: &'a InsightQuery, locale: Locale) -> View<'a> {
        View {
            query,
            locale,
            names: self.index.names(),
            tallies: &self.tallies,
        }
    }
}

/// One view under `query`, in `locale`; `ignored` are the URL's parameters it could not use.
pub async fn render(
    query: &InsightQuery,
    ignored: &[Ignored],
    locale: Locale,
) -> Result<InsightMarkup, AppError> {
    let counted = Counted::of(super::search_index()?, &query.filters).await?;
    let view = counted.view(query, locale);
    let (glance, mut markup) = match query.view {
        InsightView::Matrix => matrix::render(&view),
        InsightView::Flows => {
            let pool = super::pool()?;
            flows::render(&view, &pool).await?
        }
        InsightView::Trends => trends::render(&view),
    };
    let mut lead = String::new();
    notice(&mut lead, locale, InsightText::Ignored, ignored);
    notice(
        &mut lead,
        locale,
        InsightText::Unknown,
        &unknown_values(&query.filters, view.names),
    );
    let about = match query.view {
        InsightView::Matrix => InsightText::MatrixCaption,
        InsightView::Flows => InsightText::FlowsCaption,
        InsightView::Trends => InsightText::TrendsCaption,
    };
    let _ = write!(
        lead,
        r#"<p class="insight-about">{}</p><ul class="stats insight-glance">"#,
        escape(about.text(locale))
    );
    for line in glance {
        let _ = write!(lead, "<li>{}</li>", escape(&line));
    }
    let _ = write!(
        lead,
        r#"</ul><p class="downloads">{}{}<a href="{}" download="" type="text/csv">CSV</a> <span class="muted">({})</span></p>"#,
        escape(locale.t(Key::Download)),
        label_separator(locale),
        escape(&query.csv_href(locale)),
        escape(InsightText::CsvLabel.text(locale)),
    );
    lead.push_str(&markup.lead);
    markup.lead = lead;
    Ok(markup)
}

/// What the three views share while they draw.
pub struct View<'a> {
    pub query: &'a InsightQuery,
    pub locale: Locale,
    pub names: &'a FacetNames,
    pub tallies: &'a Tallies,
}

impl View<'_> {
    /// The search for the view's filters with `narrow` applied: where a number leads.
    pub fn search(&self, narrow: impl FnOnce(&mut Filters)) -> String {
        let mut filters = self.query.filters.clone();
        narrow(&mut filters);
        search_href(
            &self.locale.href(paths::ACTIVITIES),
            "",
            &filters,
            Sort::default(),
            1,
        )
    }

    /// A name in the page's language, or the key itself when the record has none.
    pub fn name<'n>(
        &self,
        names: &'n std::collections::HashMap<String, Localized>,
        key: &'n str,
    ) -> &'n str {
        names.get(key).map_or(key, |n| n.get(self.locale))
    }

    pub fn t(&self, text: InsightText) -> &'static str {
        text.text(self.locale)
    }
}

/// "Order: A · B": links that draw the view another way, the current one marked.
fn switch(
    out: &mut String,
    view: &View<'_>,
    label: InsightText,
    options: [(InsightQuery, InsightText); 2],
) {
    let l = view.locale;
    let _ = write!(
        out,
        r#"<p class="insight-switch">{}{}"#,
        escape(label.text(l)),
        label_separator(l)
    );
    for (i, (query, text)) in options.into_iter().enumerate() {
        if i > 0 {
            out.push_str(" · ");
        }
        let current = if &query == view.query {
            r#" aria-current="true""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<a href="{}"{current}>{}</a>"#,
            escape(&query.href(l)),
            escape(text.text(l))
        );
    }
    out.push_str("</p>");
}

/// A notice naming URL parameters (`from=abc`), when there are any.
fn notice(out: &mut String, locale: Locale, heading: InsightText, pairs: &[Ignored]) {
    if pairs.is_empty() {
        return;
    }
    let listed: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("<code>{}={}</code>", escape(k), escape(v)))
        .collect();
    let _ = write!(
        out,
        r#"<p class="notice" role="status">{} {}</p>"#,
        escape(heading.text(locale)),
        listed.join(list_separator(locale))
    );
}

/// An SVG square of `fill` for a legend (a fill, not a `style` attribute, which the
/// Content-Security-Policy forbids), as the map's legend draws them.
fn swatch(out: &mut String, fill: &str, class: &str) {
    let _ = write!(
        out,
        r#"<svg class="swatch {class}" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="1" height="1" fill="{fill}"/></svg>"#
    );
}

/// A view's CSV (with its byte-order mark) under `query`, headings in `locale`; `base` is
/// the site's public address, for the links it holds.
pub async fn csv(
    index: Arc<SearchIndex>,
    pool: &crate::ssr::db::Pool,
    query: &InsightQuery,
    locale: Locale,
    base: &str,
) -> Result<String, AppError> {
    let counted = Counted::of(index, &query.filters).await?;
    let view = counted.view(query, locale);
    let body = match query.view {
        InsightView::Matrix => matrix::csv(&view),
        InsightView::Flows => flows::csv(&view, pool, base).await?,
        InsightView::Trends => trends::csv(&view),
    };
    Ok(format!("{}{body}", super::export::BOM))
}

/// A CSV heading in `locale` from its two forms.
fn heading(locale: Locale, (en, ja): (&str, &str)) -> String {
    match locale {
        Locale::En => en.to_string(),
        Locale::Ja => ja.to_string(),
    }
}
