//! `/insights`, `/insights/flows` and `/insights/trends` (and `/ja/…`): the shape of the
//! cooperation, one view per page (`crate::insights`), with the section's tabs and filters.
//!
//! Rules: each page is drawn on the server as the other public pages are (`routes::drawn`):
//! the view's markup (`ssr::insights`), the tabs and the filter form. With JavaScript the
//! filters apply in place, the tabs navigate in place, and pointing at or focusing a link of
//! the figure (an arc, a cell) names it in a readout under the figure; nothing else runs.

use crate::insights::InsightView;
use crate::routes::drawn::{self, DrawnPage, PageKey};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
#[cfg(feature = "ssr")]
use {
    crate::components::filter_form::FilterForm,
    crate::error::AppError,
    crate::i18n::{InsightText, Key, Locale},
    crate::insights::{InsightMarkup, InsightQuery},
    crate::routes::drawn::{Drawn, Head},
};

/// `/insights`: countries × fields.
#[component]
pub fn MatrixPage() -> impl IntoView {
    view! { <InsightsPage view=InsightView::Matrix/> }
}

/// `/insights/flows`: flows of people on the map.
#[component]
pub fn FlowsPage() -> impl IntoView {
    view! { <InsightsPage view=InsightView::Flows/> }
}

/// `/insights/trends`: activities started per year.
#[component]
pub fn TrendsPage() -> impl IntoView {
    view! { <InsightsPage view=InsightView::Trends/> }
}

#[component]
fn InsightsPage(view: InsightView) -> impl IntoView {
    let location = use_location();
    let key = Signal::derive(move || PageKey::Insight {
        view,
        query: location.search.get(),
    });
    view! { <DrawnPage key framed=true in_place=drawn::filtered/> }
}

/// One view of the section under the URL's query (what it could not use is named in a
/// notice).
#[cfg(feature = "ssr")]
pub async fn draw(view: InsightView, query: String, l: Locale) -> Result<Drawn, AppError> {
    let (query, ignored) = InsightQuery::from_query(view, &query);
    let choices = crate::insights::get_insight_choices().await?;
    let markup = crate::ssr::insights::render(&query, &ignored, l).await?;
    let title = format!(
        "{} — {} — {}",
        view.name().text(l),
        InsightText::Title.text(l),
        l.t(Key::SiteName)
    );
    let head = Head::page(title, Some(InsightText::Lead.text(l).into()));
    let html = drawn::render(l, move || {
        let fields = if view.keys().contains(&"field") {
            choices.fields
        } else {
            Vec::new()
        };
        let tabs = InsightView::ALL
            .into_iter()
            .map(|v| {
                let current = (v == view).then_some("page");
                view! {
                    <li><a href=query.for_view(v).href(l) aria-current=current>{v.name().text(l)}</a></li>
                }
            })
            .collect_view();
        let action = Signal::derive(move || l.href(view.path()));
        let InsightMarkup {
            lead,
            figure,
            details,
        } = markup;
        view! {
            <div class="wrap page insights" data-readout="">
                <h1>{InsightText::Title.text(l)}</h1>
                <p class="lead">{InsightText::Lead.text(l)}</p>
                <nav class="insight-tabs" aria-label=InsightText::Views.text(l)>
                    <ul>{tabs}</ul>
                </nav>
                <FilterForm action filters=query.filters.clone() fields orgs=choices.orgs in_place=true/>
                <div class="insight-lead" inner_html=lead></div>
                <div class="insight-figure" inner_html=figure></div>
                <p class="map-readout insight-readout" role="status" hidden=true></p>
                <div class="insight-details" inner_html=details></div>
            </div>
        }
    });
    Ok(drawn::ok(head, html))
}
