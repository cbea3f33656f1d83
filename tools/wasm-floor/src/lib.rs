//! The floor of each design: how much wasm Leptos costs before any page of Kakehashi's.
//!
//! - `spa`: what the site is, a hydrated single-page app: the client router with three
//!   routes, a title, a signal, a postcard server function read by a resource, a form and a
//!   keyed list. Every page the site adds comes on top of this.
//! - `islands`/`islands-router`: the server renders every page and the browser hydrates only
//!   the interactive parts, here one search box calling the same server function.
//!
//! Measured by `scripts/wasm-floor.sh` (`make wasm-floor`).

use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Card {
    pub slug: String,
    pub title: String,
    pub year: u16,
}

#[server(endpoint = "cards", input = Postcard, output = Postcard)]
pub async fn cards(q: String) -> Result<Vec<Card>, ServerFnError> {
    Ok(vec![Card {
        slug: q.clone(),
        title: q,
        year: 2024,
    }])
}

#[cfg(feature = "spa")]
mod spa {
    use super::*;
    use leptos_meta::{provide_meta_context, Title};
    use leptos_router::{
        components::{Form, Route, Router, Routes, A},
        hooks::{use_params_map, use_query_map},
        path,
    };

    #[component]
    fn App() -> impl IntoView {
        provide_meta_context();
        view! {
            <Title text="floor"/>
            <Router>
                <nav>
                    <A href="/">"Home"</A>
                    <A href="/activities">"Search"</A>
                </nav>
                <main>
                    <Routes fallback=|| view! { <p>"Not found"</p> }>
                        <Route path=path!("") view=Home/>
                        <Route path=path!("activities") view=Search/>
                        <Route path=path!("activities/:slug") view=Detail/>
                    </Routes>
                </main>
            </Router>
        }
    }

    #[component]
    fn Home() -> impl IntoView {
        let count = RwSignal::new(0);
        view! {
            <h1>"Kakehashi"</h1>
            <button on:click=move |_| count.update(|c| *c += 1)>{count}</button>
        }
    }

    #[component]
    fn Search() -> impl IntoView {
        let query = use_query_map();
        let q = move || query.read().get("q").unwrap_or_default();
        // Local, so no serialisation into the page: a lower bound.
        let found = LocalResource::new(move || cards(q()));
        view! {
            <Form method="GET" action="">
                <input type="search" name="q" prop:value=q/>
                <button>"Search"</button>
            </Form>
            <Suspense fallback=|| "Loading">
                {move || found.get().map(|answer| match answer {
                    Ok(list) => view! {
                        <ul>
                            <For each=move || list.clone() key=|c| c.slug.clone() let(c)>
                                <li>
                                    <A href=format!("/activities/{}", c.slug)>{c.title}</A>
                                    " "{c.year}
                                </li>
                            </For>
                        </ul>
                    }
                    .into_any(),
                    Err(e) => view! { <p>{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        }
    }

    #[component]
    fn Detail() -> impl IntoView {
        let params = use_params_map();
        view! { <h1>{move || params.read().get("slug").unwrap_or_default()}</h1> }
    }

    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn hydrate() {
        leptos::mount::hydrate_body(App);
    }
}

#[cfg(feature = "islands")]
mod islands {
    use super::*;

    /// The one interactive part: a search box that lists matches as one types.
    #[island]
    fn SearchBox() -> impl IntoView {
        let q = RwSignal::new(String::new());
        let found = LocalResource::new(move || cards(q.get()));
        view! {
            <input type="search" name="q" on:input=move |ev| q.set(event_target_value(&ev))/>
            <Suspense fallback=|| "…">
                {move || found.get().and_then(Result::ok).map(|list| {
                    list.into_iter().map(|c| view! { <li>{c.title}" "{c.year}</li> }).collect_view()
                })}
            </Suspense>
        }
    }

    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn hydrate() {
        leptos::mount::hydrate_islands();
    }
}
