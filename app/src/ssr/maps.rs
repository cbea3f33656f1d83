//! The site's maps, ready to put into a page: the world map under some filters and a
//! country's locator, titled in the page's language.

use crate::i18n::{Key, Locale};
use crate::model::CountryCount;
use crate::paths;
use crate::ssr::geo::{render, MapView};
use std::collections::HashMap;

/// The world map shaded by `counts`, each country linking to its page.
pub fn world(counts: &[CountryCount], locale: Locale) -> String {
    let counts: HashMap<String, u32> = counts.iter().map(|c| (c.code.clone(), c.count)).collect();
    let href = |code: &str| locale.href(&paths::country(code));
    render(
        &MapView::World {
            counts: &counts,
            href: &href,
        },
        locale,
        locale.t(Key::MapTitle),
    )
}

/// A close-up locating one country.
pub fn locator(code: &str, locale: Locale) -> String {
    render(
        &MapView::Locator { code },
        locale,
        locale.t(Key::LocatorTitle),
    )
}

/// The flows of people: `arcs` between Japan and its partner countries.
pub fn flows(arcs: &[crate::ssr::geo::FlowArc], locale: Locale) -> String {
    render(
        &MapView::Flows { arcs },
        locale,
        crate::i18n::InsightText::FlowsMapTitle.text(locale),
    )
}
