//! Setting the HTTP status of a server-rendered page, and the error notice.

use crate::error::AppError;
use crate::i18n::use_locale;
use crate::i18n::Key;
use leptos::prelude::*;

/// Sets the response status while the page renders on the server; does nothing in the
/// browser. Pages render in `SsrMode::Async`, so the status is still open when they run.
pub fn set_status(status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// A translated, calm explanation of an error, with the matching status on the server.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    set_status(error.status());
    let locale = use_locale();
    view! {
        <section class="notice notice-error" role="alert">
            <h2>{move || locale.get().t(Key::ErrorTitle)}</h2>
            <p>{move || error.message(locale.get())}</p>
        </section>
    }
}
