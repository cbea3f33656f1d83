//! A map whose SVG is drawn on the server (see `ssr::geo`), with a readout of the country
//! under the pointer or keyboard focus.
//!
//! Rules: the markup arrives in the HTML and hydration keeps it as it is (the browser never
//! re-renders or even receives the geometry as data). Only a map drawn in the browser (the
//! page reached by in-app navigation, or its filters applied in place) fetches its markup,
//! once; until it arrives the empty frame keeps the map's shape (`.map:empty` in the
//! stylesheet), so the page does not jump.

use crate::components::legend::Legend;
use crate::i18n::use_locale;
use leptos::prelude::*;

/// The name of the link under the pointer or keyboard focus at `target` (its `aria-label`:
/// a country on a map, an arc of the flows, a cell of the matrix), for a readout beside
/// server-drawn markup. Always `None` on the server.
pub fn label_at(target: Option<leptos::web_sys::EventTarget>) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        target
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .and_then(|el| el.closest("a[aria-label]").ok().flatten())
            .and_then(|a| a.get_attribute("aria-label"))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = target;
        None
    }
}

#[component]
pub fn SvgMap(
    /// The markup rendered on the server; empty in the browser.
    markup: String,
    /// For a browser-side fetch: the filters (world map)…
    #[prop(optional)]
    filters: crate::filters::Filters,
    /// …or the code of the country to locate.
    #[prop(optional, into)]
    locator: String,
    /// The largest count, for the legend; `None` draws no legend (locator maps).
    #[prop(optional)]
    legend_max: Option<u32>,
    /// A smaller map (home page, locator).
    #[prop(optional)]
    small: bool,
) -> impl IntoView {
    #[cfg_attr(not(feature = "hydrate"), expect(unused_variables))]
    let locale = use_locale();
    let container = NodeRef::<leptos::html::Div>::new();
    let fetched = RwSignal::new(None::<String>);
    let readout = RwSignal::new(String::new());

    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let Some(el) = container.get() else { return };
        if el.child_element_count() > 0 || fetched.get_untracked().is_some() {
            return;
        }
        let (filters, locator, locale) = (filters.clone(), locator.clone(), locale.get_untracked());
        leptos::task::spawn_local(async move {
            if let Ok(svg) = crate::api::get_map_svg(filters, locator, locale).await {
                fetched.set(Some(svg));
            }
        });
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (&filters, &locator);

    let on_point = move |target: Option<leptos::web_sys::EventTarget>| {
        if let Some(label) = label_at(target) {
            readout.set(label);
        }
    };
    let html = move || fetched.get().unwrap_or_else(|| markup.clone());
    view! {
        <div class="map-wrap" class:map-small=small>
            <div class="map" node_ref=container inner_html=html on:mouseover=move |ev| on_point(ev.target()) on:focusin=move |ev| on_point(ev.target())></div>
            {legend_max.map(|max| view! { <Legend max/> })}
            <p class="map-readout" aria-live="polite">{move || readout.get()}</p>
        </div>
    }
}
