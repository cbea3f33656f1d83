//! Kakehashi's shared crate: the record's types, the pages and their server functions.
//!
//! Layout: `model` (types shared by server and browser; `model::provenance`: status dates,
//! source wording and curator's notes), `i18n` (all interface text),
//! `paths` (every address: route patterns and link builders), `error` (the one error
//! type), `api` (server functions), `account` (the account side's types and server
//! functions), `components/` (reusable pieces), `routes/` (one file per page), `ssr/`
//! (server-only: state, queries, search, account logic, seed loader).
//!
//! Layering, checked by `tests/layering.rs`: `model`/`i18n`/`filters`/`forms` ← `account`
//! types ← `ssr::record` ← `ssr::account` ← `account::api` ← `routes`/`components`; no
//! import circle among the account side's modules.
//! Compiled with feature `ssr` into the server and with `hydrate` into the browser bundle.
#![recursion_limit = "256"]

pub mod account;
pub mod api;
pub mod cite;
pub mod components;
pub mod error;
pub mod filters;
pub mod forms;
pub mod i18n;
pub mod insights;
pub mod model;
pub mod paths;
pub mod routes;
pub mod scale;
#[cfg(feature = "ssr")]
pub mod ssr;

use components::layout::Frame;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::Router;

/// The HTML document around the app, rendered on the server only.
///
/// The stylesheet is linked here, not in [`App`]: with cargo-leptos's `hash-files` its name
/// carries a content hash (`kakehashi.<hash>.css`), which only the server knows (it reads the
/// hash file beside its binary), and `HashedStylesheet` writes it. `HydrationScripts` reads
/// the same file for the JS and wasm names and also writes `<link rel="modulepreload">` for
/// the JS and `<link rel="preload" as="fetch">` for the wasm, so the browser fetches both
/// while it parses the page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    ssr::policy::set_for_page();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet id="leptos" options=options.clone()/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The whole site: router, frame and pages.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(routes::activities::LastSearch(RwSignal::new(None)));
    // Marks the document once the page is interactive, for tests and for styles that only
    // make sense with JavaScript (`html[data-hydrated]`).
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
    view! {
        <Title formatter=title_text/>
        <Router>
            <Frame/>
        </Router>
    }
}

/// Every page's `<title>` text, as the pages' `<Title text=…/>` give it. leptos_meta 0.8
/// writes it into the server's HTML as it is (unescaped), so there it is escaped here: a
/// search for `</title><script>…` must stay text. In the browser it is set through
/// `document.title`, which takes plain text.
fn title_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        ssr::xml::escape(&text)
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}
