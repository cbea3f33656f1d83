//! The pages, one file each. `/…` is English, `/ja/…` Japanese; the route table is in
//! `components::layout::Frame`.

pub mod activities;
pub mod activity;
pub mod countries;
pub mod country;
pub mod home;
pub mod not_found;
pub mod organization;
pub mod organizations;

use crate::i18n::Locale;
use leptos::prelude::*;

/// The language of the current page (provided by the frame, derived from the URL).
pub fn use_locale() -> Signal<Locale> {
    use_context::<Signal<Locale>>().unwrap_or_else(|| Signal::derive(|| Locale::En))
}
