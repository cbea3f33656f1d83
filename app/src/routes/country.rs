//! `/countries/{CODE}`: what Japan does in one country. A country without activities gets a
//! friendly page; a code that is not an ISO 3166 alpha-2 code gets the 404 page.

use crate::routes::drawn::{record_page, PageKey};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    crate::components::activity_card::ActivityCard,
    crate::components::downloads::Downloads,
    crate::components::feed_link::feed,
    crate::components::org_list::{MoreLink, OrgList},
    crate::components::svg_map::SvgMap,
    crate::components::year_chart::YearChart,
    crate::error::AppError,
    crate::filters::{search_href, Filters, Sort},
    crate::i18n::{use_locale, Key, Locale},
    crate::model::CountryDetail,
    crate::paths,
    crate::routes::drawn::{self, Drawn, Head},
};

#[component]
pub fn CountryPage() -> impl IntoView {
    record_page(|params| PageKey::Country {
        code: params.get("code").unwrap_or_default(),
    })
}

/// The country `code`, or the not-found page.
#[cfg(feature = "ssr")]
pub async fn draw(code: String, locale: Locale) -> Result<Drawn, AppError> {
    let Some(detail) = crate::api::get_country(code).await? else {
        return Ok(drawn::not_found(locale));
    };
    let name = detail.country.name.get(locale).to_string();
    let feed = feed(
        locale,
        &paths::country_feed(&detail.country.code),
        Some(&name),
    );
    let head = Head {
        feed: Some(feed),
        ..Head::page(
            format!("{name} — {}", locale.t(Key::SiteName)),
            Some(format!("{name} — {}", locale.t(Key::CountriesTitle))),
        )
    };
    Ok(drawn::ok(
        head,
        drawn::render(locale, move || view! { <CountryView detail/> }),
    ))
}

#[cfg(feature = "ssr")]
#[component]
fn CountryView(detail: CountryDetail) -> impl IntoView {
    let locale = use_locale();
    let t = move |k| locale.get().t(k);
    let code = detail.country.code.clone();
    // The search for the country: where a bounded list's "see all" leads.
    let rest = search_href(
        paths::ACTIVITIES,
        "",
        &Filters::of_country(&code),
        Sort::default(),
        1,
    );
    let markup = crate::ssr::maps::locator(&code, locale.get_untracked());
    let d = StoredValue::new(detail);
    let name = move || d.with_value(|d| d.country.name.get(locale.get()).to_string());
    let region =
        move || d.with_value(|d| d.region.as_ref().map(|r| r.get(locale.get()).to_string()));
    let year = |y: Option<u16>| y.map_or_else(|| "—".to_string(), |y| y.to_string());
    let glance = move || {
        let l = locale.get();
        d.with_value(|d| {
            let stat =
                |key: Key, value: String| view! { <div><dt>{l.t(key)}</dt><dd>{value}</dd></div> };
            view! {
                <dl class="facts glance">
                    {stat(Key::NavActivities, d.activities.total.to_string())}
                    {stat(Key::JapaneseInstitutions, d.japanese.total.to_string())}
                    {stat(Key::LocalPartners, d.local.total.to_string())}
                    {stat(Key::Fields, d.fields.len().to_string())}
                    {stat(Key::FirstYear, year(d.first_year()))}
                    {stat(Key::LatestYear, year(d.latest_year))}
                </dl>
            }
        })
    };
    let has_activities = d.with_value(|d| !d.activities.is_empty());
    let body = move || {
        if !has_activities {
            return view! {
                <div class="notice">
                    <p>{move || t(Key::NoActivitiesHere)}</p>
                    <p><a href=move || locale.get().href(paths::COUNTRIES)>{move || t(Key::SeeAllCountries)}</a></p>
                </div>
            }
            .into_any();
        }
        let (japanese, local, others, fields, per_year, undated, cards) = d.with_value(|d| {
            (
                d.japanese.clone(),
                d.local.clone(),
                d.others.clone(),
                d.fields.clone(),
                d.per_year.clone(),
                d.undated,
                d.activities.items.clone(),
            )
        });
        let (more, total) = d.with_value(|d| (d.activities.more(), d.activities.total));
        let has_others = !others.is_empty();
        // The country's own row of the matrix and its flows (anchors of those views).
        let code = d.with_value(|d| d.country.code.clone());
        let in_matrix = format!(
            "{}#row-{code}",
            locale.get_untracked().href(paths::INSIGHTS)
        );
        let its_flows = format!(
            "{}#flow-{code}",
            locale.get_untracked().href(paths::INSIGHT_FLOWS)
        );
        view! {
            <p class="insight-links">
                <a href=in_matrix>{move || t(Key::CountryInMatrix)}</a>
                " · "
                <a href=its_flows>{move || t(Key::CountryFlows)}</a>
            </p>
            <div class="two-col">
                <section aria-labelledby="japanese-heading">
                    <h2 id="japanese-heading">{move || t(Key::JapaneseInstitutions)}</h2>
                    <OrgList orgs=japanese rest=rest.clone()/>
                </section>
                <section aria-labelledby="local-heading">
                    <h2 id="local-heading">{move || t(Key::LocalPartners)}</h2>
                    <OrgList orgs=local rest=rest.clone()/>
                </section>
            </div>
            {has_others.then(|| view! {
                <section aria-labelledby="others-heading">
                    <h2 id="others-heading">{move || t(Key::OtherParticipants)}</h2>
                    <OrgList orgs=others rest=rest.clone()/>
                </section>
            })}
            <section aria-labelledby="fields-heading">
                <h2 id="fields-heading">{move || t(Key::Fields)}</h2>
                <ul class="tags">
                    {fields
                        .into_iter()
                        .map(|f| view! { <li>{move || format!("{} ({})", f.field.name.get(locale.get()), f.count)}</li> })
                        .collect_view()}
                </ul>
            </section>
            <section aria-labelledby="years-heading">
                <h2 id="years-heading">{move || t(Key::PerYear)}</h2>
                <YearChart per_year undated/>
            </section>
            <section aria-labelledby="activities-heading">
                <h2 id="activities-heading">{move || t(Key::NavActivities)}</h2>
                <ul class="cards">
                    {cards.into_iter().map(|card| view! { <li><ActivityCard card/></li> }).collect_view()}
                </ul>
                {(more > 0).then(|| view! { <MoreLink path=rest.clone() text=move |l| crate::i18n::all_activities(l, total)/> })}
                <Downloads query=format!("country={}", d.with_value(|d| d.country.code.clone()))/>
            </section>
        }
        .into_any()
    };
    view! {
        <div class="wrap page country">
            <nav aria-label=move || t(Key::Breadcrumbs) class="breadcrumbs">
                <ol>
                    <li><a href=move || locale.get().href("/")>{move || t(Key::NavHome)}</a></li>
                    <li><a href=move || locale.get().href(paths::COUNTRIES)>{move || t(Key::NavCountries)}</a></li>
                    <li aria-current="page">{name}</li>
                </ol>
            </nav>
            <div class="country-head">
                <div>
                    <h1>{name}</h1>
                    <p class="muted">{region}</p>
                    {glance}
                </div>
                <SvgMap markup small=true/>
            </div>
            {body}
        </div>
    }
}
