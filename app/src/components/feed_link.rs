//! The `<link rel="alternate" type="application/atom+xml">` in the head of a page that has
//! an Atom feed (the home page, a country, an organisation), in the page's language.

use crate::i18n::{feed_title, Locale};

/// The head's link to the feed at `feed` (a site path without language,
/// `paths::country_feed`), titled after `subject` (the country's or organisation's name;
/// `None` for the site): (title, address), as [`crate::routes::drawn::Head`] takes it.
pub fn feed(locale: Locale, feed: &str, subject: Option<&str>) -> (String, String) {
    (feed_title(locale, subject), locale.href(feed))
}
