//! `/` and `/ja`: what Kakehashi is, a search box, the counts and the latest activities.

use crate::api::get_home;
use crate::components::activity_card::ActivityCard;
use crate::components::feed_link::FeedLink;
use crate::components::search_form::SearchForm;
use crate::components::status::ErrorNotice;
use crate::components::svg_map::SvgMap;
use crate::i18n::use_locale;
use crate::i18n::{count_label, Key};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let home = crate::wire::resource(|| (), |_| get_home());
    let t = move |key| locale.get().t(key);
    view! {
        <Title text=crate::routes::head_text(move || format!("{} — {}", t(Key::SiteName), t(Key::NavHome)))/>
        <Meta name="description" content=crate::routes::head_text(move || t(Key::SiteTagline).to_string())/>
        <FeedLink feed=paths::FEED.to_string()/>
        <section class="hero">
            <div class="wrap">
                <h1 class="hero-title">{move || t(Key::SiteName)}</h1>
                <p class="hero-lead">{move || t(Key::SiteTagline)}</p>
                <SearchForm q=Signal::derive(String::new)/>
            </div>
        </section>
        <div class="wrap page">
            <Suspense fallback=move || view! { <p class="loading">{move || t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match home.await {
                        Ok(data) => {
                            let stats = data.stats.clone();
                            let max = data.countries.iter().map(|c| c.count).max().unwrap_or(0);
                            #[cfg(feature = "ssr")]
                            let markup = crate::ssr::maps::world(&data.countries, locale.get_untracked());
                            #[cfg(not(feature = "ssr"))]
                            let markup = String::new();
                            let stat = move |n: i64, key: Key| count_label(locale.get(), n, key);
                            view! {
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
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
