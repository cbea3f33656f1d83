//! `/activities?q=…`: search results as cards. The query lives in the URL, so every result
//! list is a shareable address rendered on the server.

use crate::api::search_activities;
use crate::components::activity_card::ActivityCard;
use crate::components::search_form::SearchForm;
use crate::components::status::ErrorNotice;
use crate::i18n::{results_summary, Key};
use crate::routes::use_locale;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let results = Resource::new(move || q.get(), search_activities);
    let t = move |key| locale.get().t(key);
    view! {
        <Title text=move || {
            let q = q.get();
            if q.trim().is_empty() {
                format!("{} — {}", t(Key::ResultsHeading), t(Key::SiteName))
            } else {
                format!("{} — {} — {}", q.trim(), t(Key::ResultsHeading), t(Key::SiteName))
            }
        }/>
        <Meta name="description" content=move || t(Key::SiteTagline)/>
        <div class="wrap page">
            <h1>{move || t(Key::ResultsHeading)}</h1>
            <SearchForm q=q live=true/>
            <Transition fallback=move || view! { <p class="loading">{move || t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(cards) => {
                            let n = cards.len();
                            let list = if cards.is_empty() {
                                view! {
                                    <div class="notice">
                                        <p>{move || t(Key::NoResults)}</p>
                                        <p>{move || t(Key::NoResultsHint)}</p>
                                        <p>
                                            <A href=move || locale.get().href("/activities")>
                                                {move || t(Key::ShowAll)}
                                            </A>
                                        </p>
                                    </div>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <ul class="cards">
                                        {cards
                                            .into_iter()
                                            .map(|card| view! { <li><ActivityCard card/></li> })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            };
                            view! {
                                <p class="results-summary" role="status" aria-live="polite">
                                    {move || results_summary(locale.get(), n, &q.get())}
                                </p>
                                {list}
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
