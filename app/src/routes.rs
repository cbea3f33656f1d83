//! The pages, one file each. `/…` is English, `/ja/…` Japanese; the route table is in
//! `components::layout::Frame`.

pub mod about;
pub mod account;
pub mod activities;
pub mod activity;
pub mod api;
pub mod countries;
pub mod country;
pub mod dashboard;
pub mod drawn;
pub mod history;
pub mod home;
pub mod insights;
pub mod lazy;
pub mod moderation;
pub mod not_found;
pub mod organization;
pub mod organizations;
pub mod version;

use leptos::prelude::*;

/// Text for a head tag (`<Title>`, `<Meta>`). On the server it is worked out at once, as a
/// plain string: the head is written after the body, when Suspense may already have disposed
/// the first render of the page and every value it owned; a closure reading one of them
/// panicked there and left the response hanging. In the browser it stays reactive, so the
/// title follows in-page navigation.
pub fn head_text(text: impl Fn() -> String + Send + Sync + 'static) -> TextProp {
    #[cfg(feature = "ssr")]
    {
        TextProp::from(untrack(text))
    }
    #[cfg(not(feature = "ssr"))]
    {
        TextProp::from(text)
    }
}

/// Where this site is (`https://host`, no trailing slash): the configured public address on
/// the server, the page's own origin in the browser.
pub fn site_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::ssr::AppState>()
            .map(|s| s.public_url.0)
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        window().location().origin().unwrap_or_default()
    }
}
