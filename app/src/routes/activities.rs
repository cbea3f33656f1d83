//! `/activities?q=…&country=…&field=…&kind=…&org=…&status=…&from=…&to=…&sort=…&page=…`:
//! search results with facets. Every part of the view lives in the URL, so each view is a
//! shareable address rendered on the server; the facet panel is a plain GET form, and with
//! JavaScript each change navigates in place (Back restores the previous results).

use crate::components::search_form::SearchForm;
use crate::filters::{Filters, Sort};
use crate::i18n::use_locale;
use crate::i18n::{strip_locale, Key};
use crate::paths;
use crate::routes::drawn::{DrawnPage, PageKey};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
#[cfg(feature = "ssr")]
use {
    crate::components::activity_card::ActivityCard,
    crate::components::downloads::Downloads,
    crate::error::AppError,
    crate::filters::{search_href, toggled},
    crate::i18n::{results_summary, Locale},
    crate::model::{Facet, SearchResults},
    crate::routes::drawn::{self, Drawn, Head},
};

/// The sorts a visitor can choose, as they appear in the URL.
pub const SORTS: [(Sort, Key); 3] = [
    (Sort::Relevance, Key::SortRelevance),
    (Sort::Newest, Key::SortNewest),
    (Sort::Title, Key::SortTitle),
];

/// The facet keys in the panel's order, with their headings.
#[cfg(feature = "ssr")]
const FACETS: [(&str, Key); 7] = [
    ("country", Key::Country),
    ("region", Key::Region),
    ("field", Key::Fields),
    ("kind", Key::Kind),
    ("status", Key::Status),
    ("org", Key::Organisation),
    ("confirmed", Key::ConfirmationFacet),
];

/// Whether `path` is the results page, in either language.
pub fn is_results_path(path: &str) -> bool {
    strip_locale(path) == paths::ACTIVITIES
}

/// The query string of the results view seen last in this browser tab (with JavaScript), so
/// an activity opened from it can lead back. Without JavaScript the server reads the
/// `Referer` instead.
#[derive(Clone, Copy, Debug)]
pub struct LastSearch(pub RwSignal<Option<String>>);

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    if let Some(LastSearch(last)) = use_context::<LastSearch>() {
        let location = leptos_router::hooks::use_location();
        // The location changes before this page goes away: only record results views.
        Effect::new(move |_| {
            if is_results_path(&location.pathname.get()) {
                last.set(Some(location.search.get()));
            }
        });
    }
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let filters = Memo::new(move |_| {
        query.with(|m| {
            Filters::from_lookup(&crate::filters::KEYS, |k| m.get_all(k).unwrap_or_default())
        })
    });
    let sort = Memo::new(move |_| {
        let s = query.read().get("sort").unwrap_or_default();
        Sort::from_slug(&s).unwrap_or_default()
    });
    let page = Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    });
    let key = Signal::derive(move || PageKey::Results {
        q: q.get(),
        filters: filters.get(),
        sort: sort.get(),
        page: page.get(),
    });
    let keep = Signal::derive(move || {
        let mut pairs: Vec<(String, String)> = filters
            .get()
            .to_pairs()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        if sort.get() != Sort::default() {
            pairs.push(("sort".into(), sort.get().slug().to_string()));
        }
        pairs
    });
    let t = move |key| locale.get().t(key);
    view! {
        <div class="wrap page">
            <h1>{move || t(Key::ResultsHeading)}</h1>
            <SearchForm q=q live=true keep/>
            <DrawnPage key in_place=crate::filters::results_href/>
        </div>
    }
}

/// One view of the search: results, facets, chips, sort and pager.
#[cfg(feature = "ssr")]
pub async fn draw(
    q: String,
    filters: Filters,
    sort: Sort,
    page: u32,
    locale: Locale,
) -> Result<Drawn, AppError> {
    let results = crate::api::search_page(q.clone(), filters.clone(), sort, page).await?;
    let (heading, site) = (locale.t(Key::ResultsHeading), locale.t(Key::SiteName));
    let title = match q.trim() {
        "" => format!("{heading} — {site}"),
        q => format!("{q} — {heading} — {site}"),
    };
    let head = Head::page(title, Some(locale.t(Key::SiteTagline).into()));
    let html = drawn::render(locale, move || {
        provide_context(crate::components::highlight::HighlightTerms(
            q.clone().into(),
        ));
        view! { <Results results q filters sort/> }
    });
    Ok(drawn::ok(head, html))
}

#[cfg(feature = "ssr")]
#[component]
fn Results(results: SearchResults, q: String, filters: Filters, sort: Sort) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let base = move || locale.get().href(paths::ACTIVITIES);
    let (q, filters, sort) = (
        StoredValue::new(q),
        StoredValue::new(filters),
        StoredValue::new(sort),
    );
    let href = move |f: &Filters, sort: Sort, page: u32| {
        q.with_value(|q| search_href(&base(), q, f, sort, page))
    };
    let SearchResults {
        total,
        page,
        pages,
        cards,
        facets,
    } = results;
    let facets = StoredValue::new(facets);
    let has_filters = !filters.with_value(Filters::is_empty);

    let chips = move || {
        let l = locale.get();
        let mut chips = Vec::new();
        facets.with_value(|facets| {
            for facet in facets {
                for v in facet.values.iter().filter(|v| v.selected) {
                    let target = filters.with_value(|f| toggled(f, &facet.key, &v.value));
                    chips.push((
                        href(&target, sort.get_value(), 1),
                        v.label.get(l).to_string(),
                    ));
                }
            }
        });
        filters.with_value(|f| {
            for (key, year) in [("from", f.from), ("to", f.to)] {
                if let Some(y) = year {
                    let mut target = f.clone();
                    if key == "from" {
                        target.from = None
                    } else {
                        target.to = None
                    }
                    let label = match (key, l) {
                        ("from", Locale::En) => format!("from {y}"),
                        ("from", Locale::Ja) => format!("{y}年から"),
                        (_, Locale::En) => format!("to {y}"),
                        (_, Locale::Ja) => format!("{y}年まで"),
                    };
                    chips.push((href(&target, sort.get_value(), 1), label));
                }
            }
        });
        chips
            .into_iter()
            .map(|(to, label)| {
                let aria = format!("{}: {label}", l.t(Key::RemoveFilter));
                view! { <li><a href=to aria-label=aria class="chip">{label}" ×"</a></li> }
            })
            .collect_view()
    };

    let sorts = move || {
        let l = locale.get();
        SORTS
            .iter()
            .map(|(key, label)| {
                let current = sort.get_value() == *key;
                let to = filters.with_value(|f| href(f, *key, 1));
                view! {
                    <li>
                        <a href=to aria-current=current.then_some("true")>{l.t(*label)}</a>
                    </li>
                }
            })
            .collect_view()
    };

    let pager = move || {
        (pages > 1).then(|| {
            let l = locale.get();
            let prev =
                (page > 1).then(|| filters.with_value(|f| href(f, sort.get_value(), page - 1)));
            let next =
                (page < pages).then(|| filters.with_value(|f| href(f, sort.get_value(), page + 1)));
            let position = crate::i18n::page_position(l, page, pages);
            view! {
                <nav class="pager" aria-label=l.t(Key::Pagination)>
                    {prev.map(|to| view! { <a href=to rel="prev">{l.t(Key::PrevPage)}</a> })}
                    <span>{position}</span>
                    {next.map(|to| view! { <a href=to rel="next">{l.t(Key::NextPage)}</a> })}
                </nav>
            }
        })
    };

    let list = if cards.is_empty() {
        view! {
            <div class="notice">
                <p>{move || t(Key::NoResults)}</p>
                <p>{move || if has_filters { t(Key::NoResultsFiltered) } else { t(Key::NoResultsHint) }}</p>
                <p><a href=base>{move || t(Key::ShowAll)}</a></p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <ul class="cards">
                {cards.into_iter().map(|card| view! { <li><ActivityCard card/></li> }).collect_view()}
            </ul>
        }
        .into_any()
    };

    view! {
        <div class="results-layout">
            <details class="facets" open=true>
                <summary>{move || t(Key::ShowFilters)}</summary>
                <FacetPanel facets=facets.get_value() q=q.get_value() filters=filters.get_value() sort=sort.get_value()/>
            </details>
            <section class="results" aria-labelledby="results-summary">
                // Cards are headed h3 under the page's h1: this keeps the outline in order.
                <h2 class="visually-hidden">{move || t(Key::ResultList)}</h2>
                <div class="results-bar">
                    <p class="results-summary" id="results-summary" role="status" aria-live="polite">
                        {move || results_summary(locale.get(), total as usize, &q.get_value())}
                    </p>
                    <nav aria-label=move || t(Key::SortBy) class="sorts">
                        <span>{move || t(Key::SortBy)}": "</span>
                        <ul>{sorts}</ul>
                    </nav>
                </div>
                {has_filters.then(|| view! {
                    <ul class="chips" aria-label=move || t(Key::ActiveFilters)>{chips}</ul>
                })}
                {list}
                {pager}
                <Downloads query=Signal::derive(move || {
                    let view = filters.with_value(|f| href(f, sort.get_value(), 1));
                    view.split_once('?').map(|(_, query)| query.to_string()).unwrap_or_default()
                })/>
            </section>
        </div>
    }
}

/// The facets as checkboxes in a GET form. Without JavaScript, "Apply filters" submits it;
/// with JavaScript, each change goes straight to the view with that value toggled.
#[cfg(feature = "ssr")]
#[component]
fn FacetPanel(facets: Vec<Facet>, q: String, filters: Filters, sort: Sort) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let action = move || locale.get().href(paths::ACTIVITIES);
    let groups = facets
        .into_iter()
        .filter(|f| !f.values.is_empty())
        .map(|facet| {
            let heading = FACETS.iter().find(|(k, _)| *k == facet.key).map_or(Key::Filters, |(_, h)| *h);
            let key = facet.key.clone();
            let values = facet
                .values
                .into_iter()
                .map(|v| {
                    let id = format!("facet-{key}-{}", v.value);
                    let label = v.label.clone();
                    let count = v.count;
                    view! {
                        <li>
                            <input type="checkbox" id=id.clone() name=key.clone() value=v.value checked=v.selected/>
                            <label for=id>{move || label.get(locale.get()).to_string()}<span class="count">{count}</span></label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <fieldset>
                    <legend>{move || t(heading)}</legend>
                    <ul>{values}</ul>
                </fieldset>
            }
        })
        .collect_view();
    // With JavaScript, each change, "Apply filters" and Enter in a year box navigate in place
    // to the canonical address of what the form holds (`data-in-place="change"`, handled by
    // the page: `routes::drawn`); without, the browser sends the GET form.
    view! {
        <form method="get" action=action class="facet-form" data-in-place="change">
            {(!q.trim().is_empty()).then(|| view! { <input type="hidden" name="q" value=q.clone()/> })}
            {(sort != Sort::default()).then(|| view! { <input type="hidden" name="sort" value=sort.slug()/> })}
            {groups}
            <YearRange from=filters.from to=filters.to/>
            <button type="submit" class="apply">{move || t(Key::ApplyFilters)}</button>
        </form>
    }
}

/// The year range: two number boxes in the facet form. Without JavaScript "Apply filters"
/// sends them; with it, changing one goes straight to the narrowed view. A year outside
/// 1900–2100 or not a number is ignored, as in the URL.
#[cfg(feature = "ssr")]
#[component]
fn YearRange(from: Option<u16>, to: Option<u16>) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let (min, max) = (
        crate::filters::YEARS.start().to_string(),
        crate::filters::YEARS.end().to_string(),
    );
    view! {
        <fieldset class="years">
            <legend>{move || t(Key::YearRange)}</legend>
            <div class="year-inputs">
                <label for="year-from">{move || t(Key::FromYear)}</label>
                <input id="year-from" type="number" name="from" inputmode="numeric" min=min.clone() max=max.clone()
                    value=from.map(|y| y.to_string())/>
                <label for="year-to">{move || t(Key::ToYear)}</label>
                <input id="year-to" type="number" name="to" inputmode="numeric" min=min max=max
                    value=to.map(|y| y.to_string())/>
            </div>
        </fieldset>
    }
}
