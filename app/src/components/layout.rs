//! The frame around every page: skip link, header with navigation and language switch,
//! the routes, and the footer. It owns the page language, derived from the URL.

use crate::i18n::{Key, Locale};
use crate::routes::{
    account::{InvitePage, LoginPage},
    activities::ActivitiesPage,
    activity::ActivityPage,
    countries::CountriesPage,
    country::CountryPage,
    dashboard::{ActivityFormPage, DashboardPage},
    history::HistoryPage,
    home::HomePage,
    moderation::{AdminPage, ModerationPage, ReviewPage},
    not_found::NotFoundPage,
    organization::OrganizationPage,
    organizations::OrganizationsPage,
    use_locale,
};
use leptos::prelude::*;
use leptos_meta::{Html, Link};
use leptos_router::components::{Route, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::{path, SsrMode};

/// Provides the page language to everything below it and lays out the page.
#[component]
pub fn Frame() -> impl IntoView {
    let location = use_location();
    let locale = Signal::derive(move || Locale::from_path(&location.pathname.get()));
    provide_context(locale);
    view! {
        <Html {..} lang=move || locale.get().code()/>
        <AlternateLinks/>
        <a class="skip-link" href="#main">{move || locale.get().t(Key::SkipToContent)}</a>
        <SiteHeader/>
        <main id="main" tabindex="-1">
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/ja") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/activities") view=ActivitiesPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/activities") view=ActivitiesPage ssr=SsrMode::Async/>
                <Route path=path!("/activities/:slug") view=ActivityPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/activities/:slug") view=ActivityPage ssr=SsrMode::Async/>
                <Route path=path!("/countries") view=CountriesPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/countries") view=CountriesPage ssr=SsrMode::Async/>
                <Route path=path!("/countries/:code") view=CountryPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/countries/:code") view=CountryPage ssr=SsrMode::Async/>
                <Route path=path!("/organizations") view=OrganizationsPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/organizations") view=OrganizationsPage ssr=SsrMode::Async/>
                <Route path=path!("/organizations/:slug") view=OrganizationPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/organizations/:slug") view=OrganizationPage ssr=SsrMode::Async/>
                <Route path=path!("/activities/:slug/history") view=HistoryPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/activities/:slug/history") view=HistoryPage ssr=SsrMode::Async/>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/invite/:token") view=InvitePage ssr=SsrMode::Async/>
                <Route path=path!("/ja/invite/:token") view=InvitePage ssr=SsrMode::Async/>
                <Route path=path!("/partner") view=DashboardPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/partner") view=DashboardPage ssr=SsrMode::Async/>
                <Route path=path!("/partner/activities/new") view=ActivityFormPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/partner/activities/new") view=ActivityFormPage ssr=SsrMode::Async/>
                <Route path=path!("/partner/activities/:slug/edit") view=ActivityFormPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/partner/activities/:slug/edit") view=ActivityFormPage ssr=SsrMode::Async/>
                <Route path=path!("/moderation") view=ModerationPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/moderation") view=ModerationPage ssr=SsrMode::Async/>
                <Route path=path!("/moderation/:id") view=ReviewPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/moderation/:id") view=ReviewPage ssr=SsrMode::Async/>
                <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                <Route path=path!("/ja/admin") view=AdminPage ssr=SsrMode::Async/>
            </Routes>
        </main>
        <SiteFooter/>
    }
}

/// `hreflang` alternates: the same view in each language.
#[component]
fn AlternateLinks() -> impl IntoView {
    let location = use_location();
    move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        Locale::ALL
            .into_iter()
            .map(|l| view! { <Link rel="alternate" hreflang=l.code() href=l.switch_href(&path, &search)/> })
            .collect_view()
    }
}

#[component]
fn SiteHeader() -> impl IntoView {
    let locale = use_locale();
    let location = use_location();
    let other = move || locale.get().other();
    let switch_href = move || other().switch_href(&location.pathname.get(), &location.search.get());
    view! {
        <header class="site-header">
            <div class="wrap header-row">
                <A href=move || locale.get().href("/") attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"架"</span>
                    <span class="brand-name">{move || locale.get().t(Key::SiteName)}</span>
                </A>
                <nav aria-label=move || locale.get().t(Key::NavMain)>
                    <ul class="nav-list">
                        <li>
                            <A href=move || locale.get().href("/activities")>
                                {move || locale.get().t(Key::NavActivities)}
                            </A>
                        </li>
                        <li>
                            <A href=move || locale.get().href("/countries")>
                                {move || locale.get().t(Key::NavCountries)}
                            </A>
                        </li>
                        <li>
                            <A href=move || locale.get().href("/organizations")>
                                {move || locale.get().t(Key::NavOrganizations)}
                            </A>
                        </li>
                    </ul>
                </nav>
                <a
                    class="lang-switch"
                    href=switch_href
                    hreflang=move || other().code()
                    lang=move || other().code()
                    aria-label=move || {
                        format!("{}: {}", other().t(Key::LanguageSwitchLabel), other().native_name())
                    }
                >
                    {move || other().native_name()}
                </a>
            </div>
        </header>
    }
}

#[component]
fn SiteFooter() -> impl IntoView {
    let locale = use_locale();
    view! {
        <footer class="site-footer">
            <div class="wrap">
                <p>{move || locale.get().t(Key::FooterData)}</p>
                <p><a href=move || locale.get().href("/login")>{move || locale.get().t(Key::PartnerLogin)}</a></p>
            </div>
        </footer>
    }
}
