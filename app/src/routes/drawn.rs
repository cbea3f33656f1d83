//! The public pages' bodies, drawn on the server: home, search results, an activity (its
//! history and earlier versions), countries, a country, organisations, an organisation,
//! the insights views, about, and the API page.
//!
//! Why: a page's views (cards, facts, tables, facets) are the bulk of the browser bundle
//! when the browser can render them, because each view instantiates Leptos's generic
//! rendering code anew (README, "The browser bundle"). These views show what the server
//! already knows and change only with the URL, so they are drawn on the server into markup,
//! as the insights views and the maps already were, and the browser only places it.
//!
//! How: a page names what it shows with a [`PageKey`] made from its URL. [`DrawnPage`] asks
//! [`draw_page`] for it, which gives the head (title, description, canonical link, Open
//! Graph, citation tags, feed), the status and the body's markup ([`Drawn`]).
//! - On the server the page renders with the markup inside. The copy of the answer written
//!   into the page for hydration leaves the markup out ([`PageWire`]): it is in the page
//!   already, and hydration leaves it as it is.
//! - In the browser, a page reached by in-app navigation, or whose URL changes (a search as
//!   you type, a facet, in-place filters), fetches its markup from [`draw_page`]; meanwhile
//!   the current one stays (a transition).
//! - What a visitor does inside the markup is handled by the page around it, by event
//!   delegation: a form marked `data-in-place` navigates in place to the canonical address of
//!   what it holds (on submit; on every change too when marked `data-in-place="change"`), and
//!   pointing at a figure's link (a map's country, an arc, a cell) names it in the readout of
//!   the nearest element marked `data-readout`; clicking it navigates in place (the router
//!   does so only for HTML links, and the figures' links are SVG ones).
//!
//! Rules: the markup is drawn with the same components as before, on the server only
//! (`#[cfg(feature = "ssr")]`), in a fresh reactive owner with the page's language
//! ([`render`]); it contains no head tags (they go into [`Head`]) and no `<A>` (the router
//! takes clicks on plain links anywhere in the page).

use crate::components::status::{set_status, ErrorNotice};
use crate::error::AppError;
use crate::filters::{Filters, Sort};
use crate::i18n::{use_locale, Key, Locale};
use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use leptos::server_fn::codec::Postcard;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

/// What a public page shows, as its URL names it: the key it is drawn from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PageKey {
    /// `/`.
    Home,
    /// `/activities?…`.
    Results {
        q: String,
        filters: Filters,
        sort: Sort,
        page: u32,
    },
    /// `/activities/{slug}`; `search` is the query of the results view the visitor came from.
    Activity {
        slug: String,
        search: Option<String>,
    },
    /// `/activities/{slug}/v/{n}`.
    Version { slug: String, n: String },
    /// `/activities/{slug}/history`.
    History { slug: String },
    /// `/countries?…`.
    Countries { filters: Filters, by_name: bool },
    /// `/countries/{CC}`.
    Country { code: String },
    /// `/organizations?side=…&kind=…&name=…`.
    Organizations {
        side: String,
        kind: String,
        name: String,
    },
    /// `/organizations/{slug}`.
    Organization { slug: String },
    /// `/insights…`: one view of the section, under the URL's query string.
    Insight {
        view: crate::insights::InsightView,
        query: String,
    },
    /// `/about`.
    About,
    /// `/api`.
    Api,
}

/// A drawn page's head tags.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub title: String,
    /// `<meta name=… content=…>`: the description, `robots`, citation tags.
    pub names: Vec<(String, String)>,
    /// `<meta property=… content=…>`: Open Graph.
    pub properties: Vec<(String, String)>,
    /// `<link rel="canonical">`.
    pub canonical: Option<String>,
    /// The page's Atom feed: (title, address).
    pub feed: Option<(String, String)>,
}

impl Head {
    /// A page's title, with its description when it has one.
    pub fn page(title: String, description: Option<String>) -> Self {
        Head {
            title,
            names: description
                .map(|d| vec![("description".to_string(), d)])
                .unwrap_or_default(),
            ..Head::default()
        }
    }
}

/// A page drawn on the server: its head, its HTTP status and its body's markup.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Drawn {
    pub head: Head,
    pub status: u16,
    pub html: String,
}

/// How a drawn page travels in the page for hydration: as [`crate::wire::Wire`] does, but
/// without the markup, which the page holds already.
pub struct PageWire;

/// [`Drawn`] without its markup, field for field (postcard writes a struct as its fields).
#[derive(Serialize)]
struct Bare<'a> {
    head: &'a Head,
    status: u16,
    html: &'a str,
}

impl Encoder<Result<Drawn, AppError>> for PageWire {
    type Error = postcard::Error;
    type Encoded = String;

    fn encode(value: &Result<Drawn, AppError>) -> Result<String, Self::Error> {
        let bare = value.as_ref().map(|d| Bare {
            head: &d.head,
            status: d.status,
            html: "",
        });
        crate::wire::Wire::encode(&bare)
    }
}

impl Decoder<Result<Drawn, AppError>> for PageWire {
    type Error = crate::wire::WireError;
    type Encoded = str;

    fn decode(encoded: &str) -> Result<Result<Drawn, AppError>, Self::Error> {
        crate::wire::Wire::decode(encoded)
    }
}

/// The page named by `key`, drawn in `locale`. A record that does not exist is drawn as the
/// not-found page with status 404; bad arguments are 400.
#[server(endpoint = "draw_page", input = Postcard, output = Postcard)]
pub async fn draw_page(key: PageKey, locale: Locale) -> Result<Drawn, AppError> {
    use crate::routes::{
        about, activities, activity, api, countries, country, history, home, insights,
        organization, organizations,
    };
    match key {
        PageKey::Home => home::draw(locale).await,
        PageKey::Results {
            q,
            filters,
            sort,
            page,
        } => activities::draw(q, filters, sort, page, locale).await,
        PageKey::Activity { slug, search } => activity::draw(slug, search, locale).await,
        PageKey::Version { slug, n } => activity::draw_version(slug, n, locale).await,
        PageKey::Countries { filters, by_name } => countries::draw(filters, by_name, locale).await,
        PageKey::Country { code } => country::draw(code, locale).await,
        PageKey::Organizations { side, kind, name } => {
            organizations::draw(side, kind, name, locale).await
        }
        PageKey::Organization { slug } => organization::draw(slug, locale).await,
        PageKey::History { slug } => history::draw(slug, locale).await,
        PageKey::Insight { view, query } => insights::draw(view, query, locale).await,
        PageKey::About => about::draw(locale).await,
        PageKey::Api => api::draw(locale).await,
    }
}

/// Renders `view` to markup, in a reactive owner of its own with the page's language.
#[cfg(feature = "ssr")]
pub fn render<V: IntoView>(locale: Locale, view: impl FnOnce() -> V) -> String {
    use leptos::reactive::owner::Owner;
    let owner = Owner::new();
    owner.with(|| {
        provide_context(Signal::derive(move || locale));
        view().into_view().to_html()
    })
}

/// A page drawn with status 200.
#[cfg(feature = "ssr")]
pub fn ok(head: Head, html: String) -> Drawn {
    Drawn {
        head,
        status: 200,
        html,
    }
}

/// The not-found page, drawn (status 404).
#[cfg(feature = "ssr")]
pub fn not_found(locale: Locale) -> Drawn {
    use crate::routes::not_found::{not_found_body, not_found_head};
    Drawn {
        head: not_found_head(locale),
        status: 404,
        html: render(locale, not_found_body),
    }
}

/// A page about one record (an activity, a country, …): `key` names it from its route's
/// parameters. A record that does not exist is drawn as the not-found page (404).
pub fn record_page(key: impl Fn(&ParamsMap) -> PageKey + Send + Sync + 'static) -> impl IntoView {
    let params = use_params_map();
    let key = Signal::derive(move || key(&params.read()));
    view! { <DrawnPage key framed=true/> }
}

/// What an in-place form leads to: the canonical address of what it holds, from its
/// `action` and its urlencoded fields.
pub type InPlace = fn(action: &str, query: &str) -> String;

/// [`InPlace`] for the filter forms of the map and the insights: `action` with the
/// canonical query of the filters the form holds.
pub fn filtered(action: &str, query: &str) -> String {
    format!("{action}{}", Filters::from_query(query).to_query())
}

/// A drawn page: its head, and its markup inside `<div class="drawn">`.
/// - `key` follows the URL (the language does not change while a page lives: each
///   language is its own route);
/// - `framed` puts the loading line and an error notice into the page's frame
///   (`.wrap.page`), for pages whose markup brings its own;
/// - `in_place` is how the page's in-place forms find their address.
#[component]
pub fn DrawnPage(
    #[prop(into)] key: Signal<PageKey>,
    #[prop(optional)] framed: bool,
    #[prop(optional)] in_place: Option<InPlace>,
) -> impl IntoView {
    let locale = use_locale();
    let drawn: Resource<Result<Drawn, AppError>, PageWire> = Resource::new_with_options(
        move || key.get(),
        move |key| draw_page(key, locale.get_untracked()),
        false,
    );
    let t = move |k| locale.get().t(k);
    let loading = if framed { "wrap loading" } else { "loading" };
    view! {
        <Transition fallback=move || view! { <p class=loading>{move || t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match drawn.await {
                    Ok(page) => {
                        if page.status != 200 {
                            set_status(
                                http::StatusCode::from_u16(page.status)
                                    .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
                            );
                        }
                        view! {
                            <DrawnHead head=page.head/>
                            <div
                                class="drawn"
                                inner_html=page.html
                                on:change=move |ev| on_change(&ev, in_place)
                                on:submit=move |ev| on_submit(&ev, in_place)
                                on:click=follow_figure_link
                                on:mouseover=move |ev| name_on_map(ev.target())
                                on:focusin=move |ev| name_on_map(ev.target())
                            ></div>
                        }
                        .into_any()
                    }
                    Err(error) if framed => view! { <div class="wrap page"><ErrorNotice error/></div> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The head tags of a drawn page.
#[component]
fn DrawnHead(head: Head) -> impl IntoView {
    let Head {
        title,
        names,
        properties,
        canonical,
        feed,
    } = head;
    view! {
        <Title text=title/>
        {names.into_iter().map(|(name, content)| view! { <Meta name content/> }).collect_view()}
        {properties.into_iter().map(|(property, content)| view! { <Meta property content/> }).collect_view()}
        {canonical.map(|href| view! { <Link rel="canonical" href/> })}
        {feed.map(|(title, href)| view! { <Link rel="alternate" type_="application/atom+xml" title href/> })}
    }
}

/// The form an event happened in, if it is marked `data-in-place` (and, for `change`,
/// marked `data-in-place="change"`).
#[cfg(feature = "hydrate")]
fn in_place_form(
    target: Option<leptos::web_sys::EventTarget>,
    on_change: bool,
) -> Option<leptos::web_sys::HtmlFormElement> {
    use leptos::wasm_bindgen::JsCast;
    let element = target?.dyn_into::<leptos::web_sys::Element>().ok()?;
    let selector = if on_change {
        r#"form[data-in-place="change"]"#
    } else {
        "form[data-in-place]"
    };
    element.closest(selector).ok()??.dyn_into().ok()
}

/// Navigates in place to what `form` holds now.
#[cfg(feature = "hydrate")]
fn go(form: &leptos::web_sys::HtmlFormElement, in_place: InPlace) -> Option<()> {
    let query = crate::components::form::form_query(form)?;
    let action = form.get_attribute("action").unwrap_or_default();
    leptos_router::hooks::use_navigate()(&in_place(&action, &query), Default::default());
    Some(())
}

/// A change in a form marked `data-in-place="change"` (a facet ticked, a year typed) leads
/// straight to the view the form now holds.
fn on_change(ev: &leptos::ev::Event, in_place: Option<InPlace>) {
    #[cfg(feature = "hydrate")]
    if let (Some(in_place), Some(form)) = (in_place, in_place_form(ev.target(), true)) {
        go(&form, in_place);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, in_place);
}

/// Submitting a form marked `data-in-place` navigates in place instead of loading the page.
fn on_submit(ev: &leptos::ev::SubmitEvent, in_place: Option<InPlace>) {
    #[cfg(feature = "hydrate")]
    if let (Some(in_place), Some(form)) = (in_place, in_place_form(ev.target(), false)) {
        if go(&form, in_place).is_some() {
            ev.prevent_default();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, in_place);
}

/// A click on a link of a drawn figure (a country on a map) navigates in place, as the router
/// does for the page's other links, which it finds only among HTML links, not SVG ones.
/// Modified clicks (a new tab, a download) are left to the browser.
fn follow_figure_link(ev: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .and_then(|el| el.closest("a").ok().flatten())
            .filter(|a| a.namespace_uri().as_deref() == Some("http://www.w3.org/2000/svg"));
        let Some(href) = link.and_then(|a| a.get_attribute("href")) else {
            return;
        };
        // Only this site's own pages: `/…`, not `//host/…`.
        if href.starts_with('/') && !href.starts_with("//") {
            ev.prevent_default();
            leptos_router::hooks::use_navigate()(&href, Default::default());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// Pointing at (or focusing) a named link of a drawn figure (a country on a map, an arc, a
/// cell) names it in the figure's readout: the `.map-readout` inside the nearest element
/// marked `data-readout`, shown if it was hidden.
fn name_on_map(target: Option<leptos::web_sys::EventTarget>) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let Some(element) = target.and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
        else {
            return;
        };
        let closest = |selector| element.closest(selector).ok().flatten();
        let readout = closest("[data-readout]")
            .and_then(|figure| figure.query_selector(".map-readout").ok().flatten());
        let label = closest("a[aria-label]").and_then(|a| a.get_attribute("aria-label"));
        if let (Some(readout), Some(label)) = (readout, label) {
            readout.set_text_content(Some(&label));
            let _ = readout.remove_attribute("hidden");
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = target;
}
