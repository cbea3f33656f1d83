//! `/organizations/{slug}`: an institution's profile, its activities, the countries it works
//! in and its partners, in both directions (a Japanese university names its partner
//! hospitals; the hospital's page names the university).

use crate::routes::drawn::{record_page, PageKey};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    crate::components::activity_card::ActivityCard,
    crate::components::downloads::Downloads,
    crate::components::feed_link::feed,
    crate::components::org_list::{MoreLink, OrgList},
    crate::components::record_notes::{note_refs, notes_section},
    crate::error::AppError,
    crate::filters::{search_href, Filters, Sort},
    crate::i18n::{use_locale, Key, Locale},
    crate::model::provenance::NoteSubject,
    crate::model::OrganizationDetail,
    crate::paths,
    crate::routes::drawn::{self, Drawn, Head},
};

#[component]
pub fn OrganizationPage() -> impl IntoView {
    record_page(|params| PageKey::Organization {
        slug: params.get("slug").unwrap_or_default(),
    })
}

/// The organisation `slug`, or the not-found page.
#[cfg(feature = "ssr")]
pub async fn draw(slug: String, locale: Locale) -> Result<Drawn, AppError> {
    let Some(detail) = crate::api::get_organization(slug).await? else {
        return Ok(drawn::not_found(locale));
    };
    let name = detail.name.get(locale).to_string();
    let feed = feed(locale, &paths::organization_feed(&detail.slug), Some(&name));
    let head = Head {
        feed: Some(feed),
        ..Head::page(
            format!("{name} — {}", locale.t(Key::SiteName)),
            Some(detail.profile.get(locale).to_string()),
        )
    };
    Ok(drawn::ok(
        head,
        drawn::render(locale, move || view! { <OrganizationView detail/> }),
    ))
}

#[cfg(feature = "ssr")]
#[component]
fn OrganizationView(detail: OrganizationDetail) -> impl IntoView {
    let locale = use_locale();
    let t = move |k| locale.get().t(k);
    let (cards, partners) = (detail.activities.items.clone(), detail.partners.clone());
    let (more, total) = (detail.activities.more(), detail.activities.total);
    // The search for the organisation: where a bounded list's "see all" leads.
    let rest = search_href(
        paths::ACTIVITIES,
        "",
        &Filters::of_organization(&detail.slug),
        Sort::default(),
        1,
    );
    let d = StoredValue::new(detail);
    let name = move || d.with_value(|d| d.name.get(locale.get()).to_string());
    let facts = move || {
        let l = locale.get();
        d.with_value(|d| {
            let place = match &d.city {
                Some(city) => format!("{city}, {}", d.country.name.get(l)),
                None => d.country.name.get(l).to_string(),
            };
            let website = d.website.clone().map(|w| {
                let href = w.clone();
                let refs = note_refs(&d.notes, &[NoteSubject::Website], l);
                view! { <div><dt>{l.t(Key::Website)}</dt><dd><a href=href rel="noopener noreferrer external">{w}</a>{refs}</dd></div> }
            });
            let refs = |subjects: &[NoteSubject]| note_refs(&d.notes, subjects, l);
            view! {
                <dl class="facts">
                    <div><dt>{l.t(Key::Kind)}</dt><dd>{d.kind.label(l)}{refs(&[NoteSubject::OrgKind])}</dd></div>
                    <div>
                        <dt>{l.t(Key::BasedIn)}</dt>
                        <dd>{place}{refs(&[NoteSubject::Country, NoteSubject::City])}</dd>
                    </div>
                    {website}
                </dl>
            }
        })
    };
    let countries = move || {
        let l = locale.get();
        d.with_value(|d| {
            d.countries
                .iter()
                .map(|(c, n)| {
                    let (href, label) =
                        (l.href(&paths::country(&c.code)), c.name.get(l).to_string());
                    view! {
                        <li>
                            <a href=href>{label}</a>
                            {format!(" ({n})")}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="wrap page organization">
            <nav aria-label=move || t(Key::Breadcrumbs) class="breadcrumbs">
                <ol>
                    <li><a href=move || locale.get().href("/")>{move || t(Key::NavHome)}</a></li>
                    <li aria-current="page">{name}</li>
                </ol>
            </nav>
            <h1>{name}{move || d.with_value(|d| note_refs(&d.notes, &[NoteSubject::Name], locale.get()))}</h1>
            <p class="summary">
                {move || d.with_value(|d| d.profile.get(locale.get()).to_string())}
                {move || d.with_value(|d| note_refs(&d.notes, &[NoteSubject::Profile], locale.get()))}
            </p>
            {facts}
            <div class="two-col">
                <section aria-labelledby="partners-heading">
                    <h2 id="partners-heading">{move || t(Key::Partners)}</h2>
                    <OrgList orgs=partners rest=rest.clone()/>
                </section>
                <section aria-labelledby="countries-heading">
                    <h2 id="countries-heading">{move || t(Key::WorksIn)}</h2>
                    <ul class="plain-list">{countries}</ul>
                </section>
            </div>
            <section aria-labelledby="activities-heading">
                <h2 id="activities-heading">{move || t(Key::NavActivities)}</h2>
                <ul class="cards">
                    {cards.into_iter().map(|card| view! { <li><ActivityCard card/></li> }).collect_view()}
                </ul>
                {(more > 0).then(|| view! { <MoreLink path=rest.clone() text=move |l| crate::i18n::all_activities(l, total)/> })}
                <Downloads query=d.with_value(|d| format!("org={}", d.slug))/>
            </section>
            {move || {
                let l = locale.get();
                d.with_value(|d| notes_section(&d.notes, |subject| note_label(subject, l), l))
            }}
        </div>
    }
}

#[cfg(feature = "ssr")]
/// What a note on an organisation is about, as its section heads it (the loader allows
/// only an organisation's own subjects here, each of which has a name).
fn note_label(subject: &NoteSubject, l: Locale) -> String {
    subject
        .label_key()
        .map(|k| l.t(k))
        .unwrap_or_default()
        .to_string()
}
