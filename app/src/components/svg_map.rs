//! A map whose SVG is drawn on the server (see `ssr::geo`), with a readout of the country
//! under the pointer or keyboard focus.
//!
//! Rules: the map is part of a page drawn on the server (`routes::drawn`): the browser never
//! receives the geometry as data, only the markup, and the page around it fills the readout.

use crate::components::legend::Legend;
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

/// A map drawn on the server, with its legend and the readout the page fills in
/// (`routes::drawn`). Drawn into the markup of server-drawn pages only.
#[component]
pub fn SvgMap(
    /// The map's SVG (`ssr::maps`).
    markup: String,
    /// The largest count, for the legend; `None` draws no legend (locator maps).
    #[prop(optional)]
    legend_max: Option<u32>,
    /// A smaller map (home page, locator).
    #[prop(optional)]
    small: bool,
) -> impl IntoView {
    view! {
        <div class="map-wrap" class:map-small=small data-readout="">
            <div class="map" inner_html=markup></div>
            {legend_max.map(|max| view! { <Legend max/> })}
            <p class="map-readout" aria-live="polite"></p>
        </div>
    }
}
