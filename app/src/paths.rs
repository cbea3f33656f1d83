//! Every address of the site, written once: each page's route pattern, whether it needs an
//! account, and typed builders for links and redirects.
//!
//! Rules: a pattern is the English, language-free form (`/activities/:slug`, Leptos
//! syntax); the Japanese route is the same pattern under `/ja` ([`Locale::href`]). Builders
//! return that bare site path, and the caller puts it into a language with
//! [`Locale::href`]: `locale.href(&paths::activity(slug))`, `locale.href(paths::ACTIVITIES)`.
//! The Leptos route table (`components::layout`), the server's form routes (axum's
//! `/{param}` form, [`axum_pattern`]) and the login guard ([`requires_account`]) are all
//! derived from [`Page`]. Shared by server and browser: nothing here is server-only.

use crate::i18n::{strip_locale, Locale};

/// The home page.
pub const HOME: &str = "/";
/// The activities: search and results.
pub const ACTIVITIES: &str = "/activities";
/// The partner countries, with the world map.
pub const COUNTRIES: &str = "/countries";
/// The organisations.
pub const ORGANIZATIONS: &str = "/organizations";
/// The login form.
pub const LOGIN: &str = "/login";
/// The logout button's target (a POST endpoint, not a page).
pub const LOGOUT: &str = "/logout";
/// An editor's home: their organisation's activities and proposals.
pub const PARTNER: &str = "/partner";
/// The form for a new activity.
pub const NEW_ACTIVITY: &str = "/partner/activities/new";
/// A moderator's home: the review queue.
pub const MODERATION: &str = "/moderation";
/// An administrator's home: accounts and invitations.
pub const ADMIN: &str = "/admin";
/// The admin page's actions on one account: [`admin_account`] (POST only).
pub const ADMIN_ACCOUNT: &str = "/admin/accounts/:id";
/// The admin page's actions on one invitation: [`admin_invitation`] (POST only).
pub const ADMIN_INVITATION: &str = "/admin/invitations/:id";
/// The partner dashboard's confirmation of one published activity: [`confirm_activity`]
/// (POST only).
pub const CONFIRM_ACTIVITY: &str = "/partner/activities/:slug/confirm";
/// How the record is kept: sources, moderation, confirmation, revisions, citing.
pub const ABOUT: &str = "/about";
/// The citation file formats: [`citation_file`] (`cite.json` is CSL-JSON).
pub const CITATION_FORMATS: [&str; 3] = ["json", "ris", "bib"];
/// Where a signed-in person changes their password.
pub const CHANGE_PASSWORD: &str = "/account/password";
/// Where someone asks for a link to set a new password.
pub const FORGOT_PASSWORD: &str = "/forgot-password";
/// Every activity of a search view as CSV (same query parameters as [`ACTIVITIES`]).
pub const ACTIVITIES_CSV: &str = "/activities.csv";
/// Every activity of a search view as JSON.
pub const ACTIVITIES_JSON: &str = "/activities.json";
/// Every activity of a search view as IATI activity XML 2.03.
pub const ACTIVITIES_XML: &str = "/activities.xml";

/// The export of the view `query` (a search page's query string, without `?`; paging is
/// dropped, as an export holds every match) at `export` ([`ACTIVITIES_CSV`], …).
pub fn export_href(export: &str, query: &str) -> String {
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("page="))
        .collect();
    if kept.is_empty() {
        export.to_string()
    } else {
        format!("{export}?{}", kept.join("&"))
    }
}

/// The shape of the cooperation: activities by partner country and medical field.
pub const INSIGHTS: &str = "/insights";
/// Flows of people between Japan and its partner countries, on the map.
pub const INSIGHT_FLOWS: &str = "/insights/flows";
/// Activities started per year, by region and by kind.
pub const INSIGHT_TRENDS: &str = "/insights/trends";
/// The matrix of [`INSIGHTS`] as CSV (same query parameters as the page).
pub const INSIGHT_MATRIX_CSV: &str = "/insights/matrix.csv";
/// The flows of [`INSIGHT_FLOWS`] as CSV, one row per flow.
pub const INSIGHT_FLOWS_CSV: &str = "/insights/flows.csv";
/// The series of [`INSIGHT_TRENDS`] as CSV, one row per series and year.
pub const INSIGHT_TRENDS_CSV: &str = "/insights/trends.csv";

/// The page that explains the JSON API and the exports.
pub const API_PAGE: &str = "/api";
/// The JSON API, version 1: every operation's address starts here (no language form; the
/// answers carry both languages).
pub const API_V1: &str = "/api/v1";
/// The JSON API's OpenAPI 3.1 document.
pub const OPENAPI: &str = "/api/v1/openapi.json";

/// The site's Atom feed: the latest publications and approved changes.
pub const FEED: &str = "/feed.atom";
/// One country's Atom feed (a route pattern, as [`Page::pattern`]): [`country_feed`].
pub const COUNTRY_FEED: &str = "/countries/:code/feed.atom";
/// One organisation's Atom feed (a route pattern): [`organization_feed`].
pub const ORGANIZATION_FEED: &str = "/organizations/:slug/feed.atom";
/// The sitemap for search engines (English addresses, Japanese alternates); no language form.
pub const SITEMAP: &str = "/sitemap.xml";
/// What crawlers may visit; no language form.
pub const ROBOTS: &str = "/robots.txt";

macro_rules! pages {
    ($($(#[$doc:meta])* $page:ident = $pattern:expr, account: $account:literal;)*) => {
        /// A page of the site: one route per language.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Page { $($(#[$doc])* $page,)* }

        impl Page {
            /// Every page, in the order the router tries them.
            pub const ALL: &'static [Page] = &[$(Page::$page,)*];

            /// The route pattern, without language prefix, in Leptos syntax (`:param`).
            pub const fn pattern(self) -> &'static str {
                match self { $(Page::$page => $pattern,)* }
            }

            /// Whether only a logged-in account may open it (a visitor is sent to log in).
            pub const fn needs_account(self) -> bool {
                match self { $(Page::$page => $account,)* }
            }
        }
    };
}

pages! {
    /// [`HOME`].
    Home = HOME, account: false;
    /// [`ACTIVITIES`].
    Activities = ACTIVITIES, account: false;
    /// One activity: [`activity`].
    Activity = "/activities/:slug", account: false;
    /// [`COUNTRIES`].
    Countries = COUNTRIES, account: false;
    /// One country: [`country`].
    Country = "/countries/:code", account: false;
    /// [`ORGANIZATIONS`].
    Organizations = ORGANIZATIONS, account: false;
    /// One organisation: [`organization`].
    Organization = "/organizations/:slug", account: false;
    /// An activity's change history: [`history`].
    History = "/activities/:slug/history", account: false;
    /// One published version of an activity, at its permanent address: [`version`].
    Version = "/activities/:slug/v/:n", account: false;
    /// [`ABOUT`].
    About = ABOUT, account: false;
    /// [`INSIGHTS`].
    Insights = INSIGHTS, account: false;
    /// [`INSIGHT_FLOWS`].
    InsightFlows = INSIGHT_FLOWS, account: false;
    /// [`INSIGHT_TRENDS`].
    InsightTrends = INSIGHT_TRENDS, account: false;
    /// [`API_PAGE`].
    Api = API_PAGE, account: false;
    /// [`LOGIN`].
    Login = LOGIN, account: false;
    /// Accepting an invitation: [`invitation`].
    Invite = "/invite/:token", account: false;
    /// [`PARTNER`].
    Partner = PARTNER, account: true;
    /// [`NEW_ACTIVITY`].
    NewActivity = NEW_ACTIVITY, account: true;
    /// Proposing a change to a published activity: [`edit_activity`].
    EditActivity = "/partner/activities/:slug/edit", account: true;
    /// [`MODERATION`].
    Moderation = MODERATION, account: true;
    /// One submission under review: [`review`].
    Review = "/moderation/:id", account: true;
    /// [`ADMIN`].
    Admin = ADMIN, account: true;
    /// [`CHANGE_PASSWORD`].
    ChangePassword = CHANGE_PASSWORD, account: true;
    /// [`FORGOT_PASSWORD`].
    ForgotPassword = FORGOT_PASSWORD, account: false;
    /// Setting a new password through a mailed link: [`reset_password`].
    ResetPassword = "/reset-password/:token", account: false;
}

/// One piece of a route pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment {
    /// A fixed word (`activities`).
    Static(&'static str),
    /// A value read from the address, by name (`slug` for `:slug`).
    Param(&'static str),
}

impl Page {
    /// The pattern's pieces, without language prefix (none for [`HOME`]).
    pub fn segments(self) -> impl Iterator<Item = Segment> {
        segments(self.pattern())
    }

    /// The pattern in `locale`, as the Leptos route table matches it (`/ja` first).
    pub fn segments_in(self, locale: Locale) -> Vec<Segment> {
        let prefix = match locale {
            Locale::En => None,
            Locale::Ja => Some(Segment::Static("ja")),
        };
        prefix.into_iter().chain(self.segments()).collect()
    }

    /// The pattern in `locale` in axum's syntax: `/ja/activities/{slug}`.
    pub fn axum_pattern(self, locale: Locale) -> String {
        axum_pattern(self.pattern(), locale)
    }

    /// The page's address with the route's values filled in, in pattern order.
    fn fill(self, values: &[&str]) -> String {
        let mut values = values.iter();
        render(self.pattern(), |_| {
            values.next().copied().unwrap_or_default().to_string()
        })
    }

    /// The route's values (`("slug", "x")`) when `bare` (a path without language prefix)
    /// is this page's address, `None` otherwise.
    pub fn parse(self, bare: &str) -> Option<Vec<(&'static str, &str)>> {
        let mut parts = bare.split('/').filter(|p| !p.is_empty());
        let mut params = Vec::new();
        for segment in self.segments() {
            let part = parts.next()?;
            match segment {
                Segment::Static(word) if word == part => {}
                Segment::Static(_) => return None,
                Segment::Param(name) => params.push((name, part)),
            }
        }
        parts.next().is_none().then_some(params)
    }

    /// The page a request path (in either language) is, if any.
    pub fn of_path(path: &str) -> Option<Page> {
        let bare = strip_locale(path);
        Page::ALL.iter().copied().find(|p| p.parse(bare).is_some())
    }
}

fn segments(pattern: &'static str) -> impl Iterator<Item = Segment> {
    pattern
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| match s.strip_prefix(':') {
            Some(name) => Segment::Param(name),
            None => Segment::Static(s),
        })
}

/// A pattern (Leptos syntax, `:param`, no language prefix) in `locale`, in axum's syntax
/// (`{param}`): `/partner/activities/:slug/edit` → `/ja/partner/activities/{slug}/edit`.
pub fn axum_pattern(pattern: &'static str, locale: Locale) -> String {
    locale.href(&render(pattern, |name| format!("{{{name}}}")))
}

/// Writes `pattern` out as a path, each parameter replaced by what `param` gives for its name.
fn render(pattern: &'static str, mut param: impl FnMut(&'static str) -> String) -> String {
    let mut path = String::new();
    for segment in segments(pattern) {
        path.push('/');
        match segment {
            Segment::Static(word) => path.push_str(word),
            Segment::Param(name) => path.push_str(&param(name)),
        }
    }
    if path.is_empty() {
        path.push('/');
    }
    path
}

impl Page {
    /// Whether search engines may visit it: the published record's pages. The account
    /// pages, the login form and invitation links are not for them (`robots.txt` keeps
    /// them out, [`crawler_exclusions`]). No wildcard: a new page must be decided here.
    pub const fn crawlable(self) -> bool {
        match self {
            Page::Home
            | Page::Activities
            | Page::Activity
            | Page::Countries
            | Page::Country
            | Page::Organizations
            | Page::Organization
            | Page::History
            | Page::Version
            | Page::About
            | Page::Insights
            | Page::InsightFlows
            | Page::InsightTrends
            | Page::Api => true,
            Page::Login
            | Page::Invite
            | Page::Partner
            | Page::NewActivity
            | Page::EditActivity
            | Page::Moderation
            | Page::Review
            | Page::Admin
            | Page::ChangePassword
            | Page::ForgotPassword
            | Page::ResetPassword => false,
        }
    }

    /// The fixed start of every address of this page, as `robots.txt` matches it: the
    /// pattern up to its first value, with the slash before it (`/invite/`, `/login`).
    fn fixed_prefix(self) -> String {
        let mut prefix = String::new();
        for segment in self.segments() {
            prefix.push('/');
            match segment {
                Segment::Static(word) => prefix.push_str(word),
                Segment::Param(_) => return prefix,
            }
        }
        if prefix.is_empty() {
            prefix.push('/');
        }
        prefix
    }
}

/// The address prefixes `robots.txt` disallows, in both languages: every page that is not
/// [`Page::crawlable`], each prefix once, none covered by a shorter one (`/partner` covers
/// `/partner/activities/new`).
pub fn crawler_exclusions() -> Vec<String> {
    let prefixes: Vec<String> = Page::ALL
        .iter()
        .filter(|page| !page.crawlable())
        .map(|page| page.fixed_prefix())
        .collect();
    let mut shortest: Vec<&String> = prefixes
        .iter()
        .filter(|p| {
            !prefixes
                .iter()
                .any(|q| q != *p && p.starts_with(q.as_str()))
        })
        .collect();
    shortest.sort_unstable();
    shortest.dedup();
    Locale::ALL
        .into_iter()
        .flat_map(|locale| shortest.iter().map(move |p| locale.href(p)))
        .collect()
}

/// Whether the page at `path` (in either language) needs an account. Addresses that are
/// no page need none (they answer 404).
pub fn requires_account(path: &str) -> bool {
    Page::of_path(path).is_some_and(Page::needs_account)
}

/// One activity's page.
pub fn activity(slug: &str) -> String {
    Page::Activity.fill(&[slug])
}

/// An activity's change history.
pub fn history(slug: &str) -> String {
    Page::History.fill(&[slug])
}

/// Revision `n` of an activity, at its permanent address.
pub fn version(slug: &str, n: i64) -> String {
    Page::Version.fill(&[slug, &n.to_string()])
}

/// Where an editor confirms a published activity (POST).
pub fn confirm_activity(slug: &str) -> String {
    render(CONFIRM_ACTIVITY, |_| slug.to_string())
}

/// Revision `n`'s citation in `format` (`json`, `ris`, `bib`). No language form: a
/// citation holds one language, chosen by `?lang=ja` (English otherwise).
pub fn citation_file(slug: &str, n: i64, format: &str) -> String {
    format!("{}/cite.{format}", version(slug, n))
}

/// One country's page, by ISO code.
pub fn country(code: &str) -> String {
    Page::Country.fill(&[code])
}

/// One organisation's page.
pub fn organization(slug: &str) -> String {
    Page::Organization.fill(&[slug])
}

/// One country's Atom feed, by ISO code.
pub fn country_feed(code: &str) -> String {
    render(COUNTRY_FEED, |_| code.to_string())
}

/// One organisation's Atom feed.
pub fn organization_feed(slug: &str) -> String {
    render(ORGANIZATION_FEED, |_| slug.to_string())
}

/// The invitation link for `token`.
pub fn invitation(token: &str) -> String {
    Page::Invite.fill(&[token])
}

/// Where the admin page's buttons for account `id` post (disable, enable).
pub fn admin_account(id: i64) -> String {
    render(ADMIN_ACCOUNT, |_| id.to_string())
}

/// Where the admin page's buttons for invitation `id` post (send again, revoke).
pub fn admin_invitation(id: i64) -> String {
    render(ADMIN_INVITATION, |_| id.to_string())
}

/// The link to set a new password with `token`.
pub fn reset_password(token: &str) -> String {
    Page::ResetPassword.fill(&[token])
}

/// The form proposing a change to a published activity.
pub fn edit_activity(slug: &str) -> String {
    Page::EditActivity.fill(&[slug])
}

/// One submission under review.
pub fn review(id: i64) -> String {
    Page::Review.fill(&[&id.to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An address of `page` with `x` for every value.
    fn example(page: Page) -> String {
        let values = vec!["x"; page.segments().count()];
        page.fill(&values)
    }

    #[test]
    fn builders_fill_their_routes_patterns() {
        assert_eq!(activity("a-b"), "/activities/a-b");
        assert_eq!(history("a-b"), "/activities/a-b/history");
        assert_eq!(version("a-b", 3), "/activities/a-b/v/3");
        assert_eq!(
            citation_file("a-b", 3, "ris"),
            "/activities/a-b/v/3/cite.ris"
        );
        assert_eq!(confirm_activity("a-b"), "/partner/activities/a-b/confirm");
        assert_eq!(Page::of_path("/ja/activities/a-b/v/3"), Some(Page::Version));
        assert_eq!(country("MN"), "/countries/MN");
        assert_eq!(organization("jica"), "/organizations/jica");
        assert_eq!(invitation("t0k"), "/invite/t0k");
        assert_eq!(edit_activity("a-b"), "/partner/activities/a-b/edit");
        assert_eq!(
            export_href(ACTIVITIES_CSV, "q=liver&country=KZ&page=2"),
            "/activities.csv?q=liver&country=KZ"
        );
        assert_eq!(export_href(ACTIVITIES_JSON, ""), "/activities.json");
        assert_eq!(review(7), "/moderation/7");
        assert_eq!(Page::Home.fill(&[]), HOME);
        assert_eq!(Locale::Ja.href(&review(7)), "/ja/moderation/7");
        assert_eq!(country_feed("MN"), "/countries/MN/feed.atom");
        assert_eq!(organization_feed("jica"), "/organizations/jica/feed.atom");
        assert_eq!(Locale::Ja.href(FEED), "/ja/feed.atom");
        assert_eq!(
            axum_pattern(COUNTRY_FEED, Locale::Ja),
            "/ja/countries/{code}/feed.atom"
        );
    }

    #[test]
    fn feeds_are_no_page() {
        for feed in [FEED, &country_feed("MN"), &organization_feed("jica")] {
            assert_eq!(Page::of_path(feed), None, "{feed}");
            assert_eq!(Page::of_path(&Locale::Ja.href(feed)), None, "{feed}");
        }
    }

    #[test]
    fn crawlers_are_kept_from_every_account_page_and_only_from_pages_not_for_them() {
        let excluded = crawler_exclusions();
        assert_eq!(
            excluded,
            [
                "/account/password",
                "/admin",
                "/forgot-password",
                "/invite/",
                "/login",
                "/moderation",
                "/partner",
                "/reset-password/",
                "/ja/account/password",
                "/ja/admin",
                "/ja/forgot-password",
                "/ja/invite/",
                "/ja/login",
                "/ja/moderation",
                "/ja/partner",
                "/ja/reset-password/",
            ]
        );
        let kept_out = |address: &str| excluded.iter().any(|p| address.starts_with(p.as_str()));
        for &page in Page::ALL {
            if page.needs_account() {
                assert!(!page.crawlable(), "{page:?}");
            }
            for locale in Locale::ALL {
                let address = locale.href(&example(page));
                assert_eq!(kept_out(&address), !page.crawlable(), "{address}");
            }
        }
    }

    #[test]
    fn every_page_parses_its_own_address_and_only_its_own() {
        for &page in Page::ALL {
            let address = example(page);
            assert_eq!(Page::of_path(&address), Some(page), "{address}");
            assert_eq!(
                Page::of_path(&Locale::Ja.href(&address)),
                Some(page),
                "{address}"
            );
            let others: Vec<Page> = Page::ALL
                .iter()
                .copied()
                .filter(|p| *p != page && p.parse(&address).is_some())
                .collect();
            assert!(others.is_empty(), "{address} is also {others:?}");
        }
    }

    #[test]
    fn parsing_reads_the_routes_values_by_name() {
        assert_eq!(
            Page::EditActivity.parse("/partner/activities/zanzibar/edit"),
            Some(vec![("slug", "zanzibar")])
        );
        assert_eq!(
            Page::Review.parse("/moderation/12"),
            Some(vec![("id", "12")])
        );
        assert_eq!(Page::Activity.parse("/activities/x/history"), None);
        assert_eq!(Page::Home.parse("/"), Some(vec![]));
        assert_eq!(Page::of_path("/ja"), Some(Page::Home));
        assert_eq!(Page::of_path("/nowhere"), None);
    }

    #[test]
    fn axum_patterns_agree_with_the_leptos_patterns() {
        for &page in Page::ALL {
            for locale in Locale::ALL {
                let leptos = locale.href(page.pattern());
                let axum = page.axum_pattern(locale);
                assert_eq!(axum.replace('{', ":").replace('}', ""), leptos);
            }
        }
        assert_eq!(
            Page::EditActivity.axum_pattern(Locale::Ja),
            "/ja/partner/activities/{slug}/edit"
        );
        assert_eq!(Page::Home.axum_pattern(Locale::En), "/");
        assert_eq!(Page::Home.axum_pattern(Locale::Ja), "/ja");
        assert_eq!(axum_pattern(LOGOUT, Locale::Ja), "/ja/logout");
    }

    #[test]
    fn the_account_pages_and_only_they_need_an_account_in_both_languages() {
        let account = [
            Page::Partner,
            Page::NewActivity,
            Page::EditActivity,
            Page::Moderation,
            Page::Review,
            Page::Admin,
            Page::ChangePassword,
        ];
        for &page in Page::ALL {
            for locale in Locale::ALL {
                let address = locale.href(&example(page));
                assert_eq!(
                    requires_account(&address),
                    account.contains(&page),
                    "{address}"
                );
            }
        }
        assert!(requires_account("/partner/activities/new"));
        assert!(requires_account("/ja/moderation"));
        assert!(!requires_account("/login"));
        assert!(!requires_account("/ja/invite/abc"));
        assert!(!requires_account("/partnership"));
        assert!(!requires_account("/favicon.svg"));
    }
}
