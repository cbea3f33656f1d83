//! The page for an address that leads nowhere; answers 404.

use crate::components::status::set_status;
use crate::i18n::use_locale;
use crate::i18n::Key;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_status(http::StatusCode::NOT_FOUND);
    let locale = use_locale();
    view! {
        <Title text=crate::routes::head_text(move || format!("{} — {}", locale.get().t(Key::NotFoundTitle), locale.get().t(Key::SiteName)))/>
        <Meta name="robots" content="noindex"/>
        <div class="wrap page">
            <h1>{move || locale.get().t(Key::NotFoundTitle)}</h1>
            <p>{move || locale.get().t(Key::NotFoundBody)}</p>
            <p>
                <a href=move || locale.get().href("/")>{move || locale.get().t(Key::BackHome)}</a>
            </p>
        </div>
    }
}
