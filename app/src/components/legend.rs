//! The map's legend: the classes of the colour scale, "none", and Japan as the origin.

use crate::i18n::use_locale;
use crate::i18n::Key;
use crate::scale::{Scale, ORIGIN_FILL};
use leptos::prelude::*;

#[component]
pub fn Legend(max: u32) -> impl IntoView {
    let locale = use_locale();
    let entries = move || {
        let l = locale.get();
        Scale::for_max(max)
            .legend(l)
            .into_iter()
            .map(|(label, fill)| {
                view! {
                    <li>
                        <Swatch fill/>
                        {label}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="legend">
            <p class="legend-title" id="legend-title">{move || locale.get().t(Key::Legend)}</p>
            <ul aria-labelledby="legend-title">
                {entries}
                <li>
                    <Swatch fill=ORIGIN_FILL/>
                    {move || locale.get().t(Key::JapanOrigin)}
                </li>
            </ul>
        </div>
    }
}

/// A square of the legend's colour: an SVG fill, not a `style` attribute, which the
/// Content-Security-Policy (`style-src 'self'`) does not allow.
#[component]
fn Swatch(fill: &'static str) -> impl IntoView {
    view! {
        <svg class="swatch" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect width="1" height="1" fill=fill></rect>
        </svg>
    }
}
