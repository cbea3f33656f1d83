//! A map whose SVG is drawn on the server (see `ssr::geo`), with a readout of the country
//! under the pointer or keyboard focus.
//!
//! Rules: the map is part of a page drawn on the server (`routes::drawn`): the browser never
//! receives the geometry as data, only the markup, and the page around it fills the readout.

use crate::components::legend::Legend;
use leptos::prelude::*;

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
