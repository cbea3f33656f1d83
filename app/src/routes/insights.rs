//! `/insights`, `/insights/flows` and `/insights/trends` (and `/ja/…`): the shape of the
//! cooperation, one view per page (`crate::insights`), with the section's tabs and filters.
//!
//! Rules: each view is drawn on the server and arrives as markup inside the page, so it is
//! complete without JavaScript, and hydration leaves it as it is. The browser fetches the
//! markup ([`get_insight_markup`](crate::insights::get_insight_markup)) only when it shows a
//! view the server did not render (in-app navigation, back and forward). With JavaScript, pointing at or focusing a link of
//! the markup (an arc, a cell) names it in a readout under the figure; nothing else runs.
//! These pages are lazy routes (`routes::lazy`): their code loads only when visited.

use crate::components::filter_form::FilterForm;
use crate::components::svg_map::label_at;
use crate::i18n::{use_locale, InsightText, Key, Locale};
use crate::insights::{get_insight_choices, Ignored, InsightMarkup, InsightQuery, InsightView};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_location;

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
    let locale = use_locale();
    let location = use_location();
    let parsed = Memo::new(move |_| InsightQuery::from_query(view, &location.search.get()));
    let choices = crate::wire::resource(|| (), |_| get_insight_choices());
    let t = move |k: InsightText| k.text(locale.get());
    let title = move || {
        let l = locale.get();
        format!(
            "{} — {} — {}",
            view.name().text(l),
            InsightText::Title.text(l),
            l.t(Key::SiteName)
        )
    };
    let tabs = move || {
        let l = locale.get();
        let query = parsed.get().0;
        InsightView::ALL
            .into_iter()
            .map(|v| {
                let current = (v == view).then_some("page");
                view! {
                    <li><a href=query.for_view(v).href(l) aria-current=current>{v.name().text(l)}</a></li>
                }
            })
            .collect_view()
    };
    let action = Signal::derive(move || locale.get().href(view.path()));
    let readout = RwSignal::new(String::new());
    let on_point = move |target| {
        if let Some(label) = label_at(target) {
            readout.set(label);
        }
    };
    view! {
        <Title text=crate::routes::head_text(title)/>
        <Meta name="description" content=crate::routes::head_text(move || t(InsightText::Lead).to_string())/>
        <div class="wrap page insights">
            <h1>{move || t(InsightText::Title)}</h1>
            <p class="lead">{move || t(InsightText::Lead)}</p>
            <nav class="insight-tabs" aria-label=move || t(InsightText::Views)>
                <ul>{tabs}</ul>
            </nav>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let filters = parsed.get().0.filters;
                    choices.await.ok().map(|c| {
                        let fields = if view.keys().contains(&"field") { c.fields } else { Vec::new() };
                        view! { <FilterForm action filters fields orgs=c.orgs in_place=true/> }
                    })
                })}
            </Suspense>
            <Suspense fallback=move || view! { <p class="loading">{move || locale.get().t(Key::Loading)}</p> }>
                {move || {
                    let (query, ignored) = parsed.get();
                    let l = locale.get();
                    Suspend::new(async move {
                        let markup = markup(query, ignored, l).await;
                        view! {
                            <div class="insight-lead" inner_html=markup.lead></div>
                            <div
                                class="insight-figure"
                                inner_html=markup.figure
                                on:mouseover=move |ev| on_point(ev.target())
                                on:focusin=move |ev| on_point(ev.target())
                            ></div>
                            <p class="map-readout insight-readout" role="status" hidden=move || readout.with(String::is_empty)>{move || readout.get()}</p>
                            <div class="insight-details" inner_html=markup.details></div>
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// The view's markup: drawn here on the server; in the browser, nothing while it hydrates a
/// page the server drew (the markup is in the page already), else fetched from the server.
async fn markup(query: InsightQuery, ignored: Vec<Ignored>, locale: Locale) -> InsightMarkup {
    #[cfg(feature = "ssr")]
    let drawn = crate::ssr::insights::render(&query, &ignored, locale).await;
    #[cfg(not(feature = "ssr"))]
    let drawn = {
        use leptos::reactive::owner::Owner;
        let hydrating = Owner::current_shared_context().is_some_and(|c| c.during_hydration());
        if hydrating {
            return InsightMarkup::default();
        }
        crate::insights::get_insight_markup(query, ignored, locale).await
    };
    drawn.unwrap_or_else(|error| {
        crate::components::status::set_status(error.status());
        // Both texts are the site's own translations, with nothing to escape.
        InsightMarkup {
            lead: format!(
                r#"<section class="notice notice-error" role="alert"><h2>{}</h2><p>{}</p></section>"#,
                locale.t(Key::ErrorTitle),
                error.message(locale)
            ),
            ..Default::default()
        }
    })
}
