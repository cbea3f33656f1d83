//! The `<link rel="alternate" type="application/atom+xml">` in the head of a page that has
//! an Atom feed (the home page, a country, an organisation), in the page's language.
//!
//! Rules: head tags take plain strings worked out at once (see `routes::head_text`); the
//! page is re-created when its language or its record changes.

use crate::i18n::{feed_title, use_locale};
use leptos::prelude::*;
use leptos_meta::Link;

/// Advertises the feed at `feed` (a site path without language, `paths::country_feed`),
/// titled after `subject` (the country's or organisation's name; `None` for the site).
#[component]
pub fn FeedLink(feed: String, #[prop(optional)] subject: Option<String>) -> impl IntoView {
    let locale = use_locale().get_untracked();
    view! {
        <Link
            rel="alternate"
            type_="application/atom+xml"
            title=feed_title(locale, subject.as_deref())
            href=locale.href(&feed)
        />
    }
}
