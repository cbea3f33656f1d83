//! The page for an address that leads nowhere; answers 404.

use crate::components::status::set_status;
use crate::i18n::use_locale;
use crate::i18n::{Key, Locale};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_status(http::StatusCode::NOT_FOUND);
    let locale = use_locale();
    view! {
        <Title text=crate::routes::head_text(move || not_found_head(locale.get()).title)/>
        <Meta name="robots" content="noindex"/>
        {not_found_body}
    }
}

/// The not-found page's head: its title, and no indexing.
pub fn not_found_head(l: Locale) -> crate::routes::drawn::Head {
    crate::routes::drawn::Head {
        title: format!("{} — {}", l.t(Key::NotFoundTitle), l.t(Key::SiteName)),
        names: vec![("robots".into(), "noindex".into())],
        ..Default::default()
    }
}

/// The not-found page's text.
pub fn not_found_body() -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="wrap page">
            <h1>{move || locale.get().t(Key::NotFoundTitle)}</h1>
            <p>{move || locale.get().t(Key::NotFoundBody)}</p>
            <p>
                <a href=move || locale.get().href("/")>{move || locale.get().t(Key::BackHome)}</a>
            </p>
        </div>
    }
}
