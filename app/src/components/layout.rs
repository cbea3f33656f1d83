//! The frame around every page: skip link, header with navigation and language switch,
//! the routes, and the footer. It owns the page language, derived from the URL.

use crate::i18n::{use_locale, Key, Locale};
use crate::paths::{self, Page, Segment};
use crate::routes::{
    about::AboutPage,
    activities::ActivitiesPage,
    activity::ActivityPage,
    api::ApiPage,
    countries::CountriesPage,
    country::CountryPage,
    history::HistoryPage,
    home::HomePage,
    insights::{FlowsPage, MatrixPage, TrendsPage},
    lazy,
    not_found::NotFoundPage,
    organization::OrganizationPage,
    organizations::OrganizationsPage,
    version::VersionPage,
};
use leptos::prelude::*;
use leptos_meta::{Html, Link};
use leptos_router::components::{Route, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::{
    Lazy, ParamSegment, PartialPathMatch, PathSegment, PossibleRouteMatch, SsrMode, StaticSegment,
};

/// The route table: for each [`Page`] (in the order of [`Page::ALL`]) its view, routed in
/// every language from the pattern in [`paths`]. `Page => Component` is in the main wasm;
/// `Page => (lazy Route)` is a [`lazy`] route, loaded when visited. Every page renders fully on
/// the server before its first byte (`SsrMode::Async`).
macro_rules! page_routes {
    ($($page:ident => $view:tt,)*) => {
        view! {
            <Routes fallback=|| view! { <NotFoundPage/> }>
                $(
                    <Route path=RoutePath::new(Page::$page, Locale::En) view=page_view!($view) ssr=SsrMode::Async/>
                    <Route path=RoutePath::new(Page::$page, Locale::Ja) view=page_view!($view) ssr=SsrMode::Async/>
                )*
            </Routes>
        }
    };
}

/// One route's view in [`page_routes`]: a component, or a lazy route.
macro_rules! page_view {
    ((lazy $route:ident)) => {
        Lazy::<lazy::$route>::new()
    };
    ($view:ident) => {
        $view
    };
}

/// A page's route in one language, as the Leptos router matches it: the segments of its
/// pattern in [`paths`], tried in order (what `path!` would generate from the literal).
#[derive(Clone, Debug)]
struct RoutePath(Vec<Segment>);

impl RoutePath {
    fn new(page: Page, locale: Locale) -> Self {
        Self(page.segments_in(locale))
    }
}

impl PossibleRouteMatch for RoutePath {
    fn optional(&self) -> bool {
        false
    }

    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        let mut remaining = path;
        let mut matched = 0;
        let mut params = Vec::new();
        for segment in &self.0 {
            let found = match *segment {
                Segment::Static(word) => StaticSegment(word).test(remaining),
                Segment::Param(name) => ParamSegment(name).test(remaining),
            }?;
            matched += found.matched().len();
            remaining = found.remaining();
            params.extend(found.params());
        }
        Some(PartialPathMatch::new(remaining, params, &path[..matched]))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        for segment in &self.0 {
            match *segment {
                Segment::Static(word) => StaticSegment(word).generate_path(path),
                Segment::Param(name) => ParamSegment(name).generate_path(path),
            }
        }
    }
}

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
            {page_routes! {
                Home => HomePage,
                Activities => ActivitiesPage,
                Activity => ActivityPage,
                Countries => CountriesPage,
                Country => CountryPage,
                Organizations => OrganizationsPage,
                Organization => OrganizationPage,
                History => HistoryPage,
                Version => VersionPage,
                About => AboutPage,
                Insights => MatrixPage,
                InsightFlows => FlowsPage,
                InsightTrends => TrendsPage,
                Api => ApiPage,
                Login => (lazy AccountPages),
                Invite => (lazy AccountPages),
                Partner => (lazy PartnerPages),
                NewActivity => (lazy PartnerPages),
                EditActivity => (lazy PartnerPages),
                Moderation => (lazy ModerationPages),
                Review => (lazy ModerationPages),
                Admin => (lazy ModerationPages),
                ChangePassword => (lazy AccountPages),
                ForgotPassword => (lazy AccountPages),
                ResetPassword => (lazy AccountPages),
            }}
        </main>
        <SiteFooter/>
    }
}

/// `hreflang` alternates: the same view in each language, as absolute addresses (search
/// engines ignore relative ones).
#[component]
fn AlternateLinks() -> impl IntoView {
    let location = use_location();
    let origin = crate::routes::site_origin();
    move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        Locale::ALL
            .into_iter()
            .map(|l| {
                let href = format!("{origin}{}", l.switch_href(&path, &search));
                view! { <Link rel="alternate" hreflang=l.code() href/> }
            })
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
                <A href=move || locale.get().href(paths::HOME) attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"架"</span>
                    <span class="brand-name">{move || locale.get().t(Key::SiteName)}</span>
                </A>
                <nav aria-label=move || locale.get().t(Key::NavMain)>
                    <ul class="nav-list">
                        <li>
                            <A href=move || locale.get().href(paths::ACTIVITIES)>
                                {move || locale.get().t(Key::NavActivities)}
                            </A>
                        </li>
                        <li>
                            <A href=move || locale.get().href(paths::COUNTRIES)>
                                {move || locale.get().t(Key::NavCountries)}
                            </A>
                        </li>
                        <li>
                            <A href=move || locale.get().href(paths::ORGANIZATIONS)>
                                {move || locale.get().t(Key::NavOrganizations)}
                            </A>
                        </li>
                        <li>
                            <A href=move || locale.get().href(paths::INSIGHTS)>
                                {move || locale.get().t(Key::NavInsights)}
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
                <p>
                    <A href=move || locale.get().href(paths::ABOUT)>{move || locale.get().t(Key::NavAbout)}</A>
                    " · "
                    <A href=move || locale.get().href(paths::API_PAGE)>{move || locale.get().t(Key::FooterApi)}</A>
                    " · "
                    <a href=move || locale.get().href(paths::LOGIN)>{move || locale.get().t(Key::PartnerLogin)}</a>
                </p>
            </div>
        </footer>
    }
}
