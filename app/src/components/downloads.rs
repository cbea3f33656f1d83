//! "Download: CSV · JSON · IATI XML" for exactly the view on screen: the search page's query, a
//! country's or an organisation's activities.
//!
//! Rules: the links carry `download`, so the router leaves them to the browser (an export
//! is a file, not a page); they follow the view as its query changes.

use crate::i18n::{label_separator, use_locale, Key};
use crate::paths;
use leptos::prelude::*;

/// The links for the view `query` (a search query string without `?`; `page` is dropped).
#[component]
pub fn Downloads(#[prop(into)] query: Signal<String>) -> impl IntoView {
    let locale = use_locale();
    let href = move |export: &str| locale.get().href(&paths::export_href(export, &query.get()));
    view! {
        <p class="downloads">
            {move || format!("{}{}", locale.get().t(Key::Download), label_separator(locale.get()))}
            <a href=move || href(paths::ACTIVITIES_CSV) download="" type="text/csv">"CSV"</a>
            " · "
            <a href=move || href(paths::ACTIVITIES_JSON) download="" type="application/json">"JSON"</a>
            " · "
            <a href=move || href(paths::ACTIVITIES_XML) download="" type="application/xml">"IATI XML"</a>
        </p>
    }
}
