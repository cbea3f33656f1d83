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
                        <span class="swatch" style=format!("background:{fill}") aria-hidden="true"></span>
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
                    <span class="swatch" style=format!("background:{ORIGIN_FILL}") aria-hidden="true"></span>
                    {move || locale.get().t(Key::JapanOrigin)}
                </li>
            </ul>
        </div>
    }
}
