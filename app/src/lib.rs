//! Kakehashi's shared crate: the record's types, the pages and their server functions.
//!
//! Layout: `model` (types shared by server and browser; `model::provenance`: status dates,
//! source wording and curator's notes), `i18n` (all interface text),
//! `paths` (every address: route patterns and link builders), `error` (the one error
//! type), `api` (what the public pages are drawn from), `account` (the account side's types
//! and server functions), `components/` (reusable pieces), `routes/` (one file per page;
//! `routes::drawn`: the public pages drawn on the server), `ssr/` (server-only: state,
//! queries, search, account logic, seed loader).
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
pub mod wire;

use components::layout::Frame;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::Router;

/// The HTML document around the app, rendered on the server only.
///
/// The stylesheet is linked here, not in [`App`]: with cargo-leptos's `hash-files` its name
/// carries a content hash (`kakehashi.<hash>.css`), which only the server knows (it reads the
/// hash file beside its binary), and `HashedStylesheet` writes it. `BootScript` reads the
/// same file for the JS and wasm names.
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
                <BootScript options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Loads the JS and the wasm and hydrates the page, as Leptos's `HydrationScripts` does (the
/// same hashed names, import then init then hydrate) with `<link rel="modulepreload">` for the
/// small JS but without its `<link rel="preload">` for the wasm, nor for a lazy route's chunks
/// (no split manifest is provided, so Leptos writes none; the router fetches them). A preloaded wasm is fetched at high priority
/// beside the stylesheet, and on a slow link the page's largest paint waited for it:
/// Lighthouse's mobile largest contentful paint went from 2.9 s to 2.1 s without it (README,
/// "The browser bundle"). The wasm is fetched once the JS has loaded and the browser reports
/// the page's first contentful paint (a `paint` performance entry; at once in a hidden tab,
/// which paints nothing, or where the entry is not supported; after 3 s at the latest), so
/// its download and compilation never come before the first paint of the server-rendered
/// HTML, which is readable meanwhile. When they came before, on loopback now and then,
/// Lighthouse counted the whole wasm into the largest paint (3.1 s, not 1.5 s); started from
/// animation frames, the download still ended as little as 2 ms after that paint.
#[component]
fn BootScript(options: LeptosOptions) -> impl IntoView {
    let (js, wasm) = bundle_names(&options);
    let pkg = options.site_pkg_dir.to_string();
    let nonce = use_nonce();
    view! {
        // Leptos writes the nonce into `crossorigin` here; an unknown value counts as
        // `anonymous`, but there a style rule could read the nonce out (browsers hide it only
        // in `nonce` attributes). The script is same-origin: `script-src 'self'` allows it.
        <link rel="modulepreload" href=format!("/{pkg}/{js}.js") crossorigin="anonymous"/>
        <script type="module" nonce=nonce>
            {format!(
                // `painted` settles once, whichever of the paint entry and the timeout
                // comes first; the wasm starts then.
                "import({:?}).then(m => new Promise(painted => {{ \
                 if (document.hidden || !(PerformanceObserver.supportedEntryTypes || []).includes(\"paint\")) return painted(); \
                 new PerformanceObserver((list, o) => {{ \
                 if (list.getEntriesByName(\"first-contentful-paint\").length) {{ o.disconnect(); painted(); }} \
                 }}).observe({{type: \"paint\", buffered: true}}); \
                 setTimeout(painted, 3000); \
                 }}).then(() => m.default({{module_or_path: {:?}}})).then(() => m.hydrate()));",
                format!("/{pkg}/{js}.js"),
                format!("/{pkg}/{wasm}.wasm"),
            )}
        </script>
    }
}

/// The JS and wasm file names without extension, as Leptos's `HydrationScripts` finds them:
/// with `hash-files`, `<output-name>.<hash>` from the hash file beside the server binary
/// (read at each render, as Leptos does); without, the output name (`_bg` for the wasm when
/// not built by cargo-leptos).
fn bundle_names(options: &LeptosOptions) -> (String, String) {
    let mut js = options.output_name.to_string();
    let mut wasm = js.clone();
    if options.hash_files {
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default();
        for (file, hash) in hashes
            .lines()
            .filter_map(|line| line.trim().split_once(':'))
        {
            match file {
                "js" => js = format!("{js}.{}", hash.trim()),
                "wasm" => wasm = format!("{wasm}.{}", hash.trim()),
                _ => {}
            }
        }
    } else if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
        wasm.push_str("_bg");
    }
    (js, wasm)
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
