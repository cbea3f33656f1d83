//! The browser entry point: hydrates the server-rendered page. Nothing else lives here.

#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes (app::routes::lazy): when the first page is one, hydration waits for its
    // wasm chunk.
    leptos::mount::hydrate_lazy(app::App);
}
