//! `/` and `/ja`: what Kakehashi is, a search box, the counts and the latest activities.

use crate::components::search_form::SearchForm;
use crate::i18n::use_locale;
use crate::i18n::Key;
use crate::routes::drawn::{DrawnPage, PageKey};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    crate::components::activity_card::ActivityCard,
    crate::components::feed_link::feed,
    crate::components::svg_map::SvgMap,
    crate::error::AppError,
    crate::i18n::{count_label, Locale},
    crate::paths,
    crate::routes::drawn::{self, Drawn, Head},
};

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    view! {
        <section class="hero">
            <div class="wrap">
                <h1 class="hero-title">{move || t(Key::SiteName)}</h1>
                <p class="hero-lead">{move || t(Key::SiteTagline)}</p>
                <SearchForm q=Signal::derive(String::new)/>
            </div>
        </section>
        <DrawnPage key=PageKey::Home framed=true/>
    }
}

/// The home page below the search box: counts, the small map, the latest activities.
#[cfg(feature = "ssr")]
pub async fn draw(locale: Locale) -> Result<Drawn, AppError> {
    let data = crate::api::get_home().await?;
    let head = Head {
        feed: Some(feed(locale, paths::FEED, None)),
        ..Head::page(
            format!("{} — {}", locale.t(Key::SiteName), locale.t(Key::NavHome)),
            Some(locale.t(Key::SiteTagline).into()),
        )
    };
    Ok(drawn::ok(
        head,
        drawn::render(locale, move || view! { <HomeBody data/> }),
    ))
}

#[cfg(feature = "ssr")]
#[component]
fn HomeBody(data: crate::model::HomeData) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let stats = data.stats.clone();
    let max = data.countries.iter().map(|c| c.count).max().unwrap_or(0);
    let markup = crate::ssr::maps::world(&data.countries, locale.get_untracked());
    let stat = move |n: i64, key: Key| count_label(locale.get(), n, key);
    view! {
        <div class="wrap page">
            <ul class="stats" aria-label=move || t(Key::SiteName)>
                <li>{move || stat(stats.activities, Key::StatActivities)}</li>
                <li>{move || stat(stats.countries, Key::StatCountries)}</li>
                <li>{move || stat(stats.institutions, Key::StatInstitutions)}</li>
            </ul>
            <section aria-labelledby="map-heading" class="home-map">
                <div class="section-head">
                    <h2 id="map-heading">{move || t(Key::HomeMapHeading)}</h2>
                    <a href=move || locale.get().href(paths::COUNTRIES)>
                        {move || t(Key::ExploreMap)}
                    </a>
                </div>
                <SvgMap markup legend_max=max small=true/>
                <p class="insight-link">
                    <a href=move || locale.get().href(paths::INSIGHTS)>{move || t(Key::HomeInsights)}</a>
                </p>
            </section>
            <section aria-labelledby="recent-heading">
                <div class="section-head">
                    <h2 id="recent-heading">{move || t(Key::RecentActivities)}</h2>
                    <a href=move || locale.get().href(paths::ACTIVITIES)>
                        {move || t(Key::AllActivities)}
                    </a>
                </div>
                <ul class="cards">
                    {data
                        .recent
                        .into_iter()
                        .map(|card| view! { <li><ActivityCard card/></li> })
                        .collect_view()}
                </ul>
            </section>
        </div>
    }
}
