//! The search box: a plain GET form to `/activities` that works without JavaScript, and
//! with it (when `live`) updates the results as you type, the URL following.

use crate::i18n::use_locale;
use crate::i18n::Key;
use crate::paths;
use leptos::prelude::*;
use std::time::Duration;

/// How long typing must pause before the results update.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

#[component]
pub fn SearchForm(
    /// The query currently shown, from the URL.
    #[prop(into)]
    q: Signal<String>,
    /// Update the results while typing (on the results page); otherwise only on submit.
    #[prop(optional)]
    live: bool,
    /// Other parameters of the view to keep when the query changes (filters, sort).
    #[prop(optional, into)]
    keep: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let locale = use_locale();
    let action = move || locale.get().href(paths::ACTIVITIES);
    let href_for = move |value: String| {
        let mut pairs: Vec<String> = Vec::new();
        if !value.trim().is_empty() {
            pairs.push(format!(
                "q={}",
                crate::filters::percent_encode(value.trim())
            ));
        }
        for (k, v) in keep.get_untracked() {
            pairs.push(format!("{k}={}", crate::filters::percent_encode(&v)));
        }
        if pairs.is_empty() {
            action()
        } else {
            format!("{}?{}", action(), pairs.join("&"))
        }
    };
    let hidden = move || {
        keep.get()
            .into_iter()
            .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
            .collect_view()
    };
    let input = NodeRef::<leptos::html::Input>::new();
    let on_input = move |ev: leptos::ev::Event| {
        if live {
            schedule_search(href_for(event_target_value(&ev)), true);
        }
    };
    // The box follows the URL (Back, a removed filter chip) once the page is live. Not through
    // `prop:value`: hydration would set that property and wipe whatever a visitor typed
    // while the WebAssembly was still loading. Such early typing is kept, and searched for.
    Effect::new(move |settled: Option<bool>| {
        let current = q.get();
        let Some(el) = input.get() else {
            return false;
        };
        if settled == Some(true) {
            // While the box has focus, what is typed there wins over a URL that lags behind.
            let focused = document().active_element().is_some_and(|a| a == **el);
            if !focused && el.value() != current {
                el.set_value(&current);
            }
        } else if live && el.value().trim() != current.trim() {
            schedule_search(href_for(el.value()), true);
        }
        true
    });
    // With JavaScript, submit navigates in place to the canonical URL (`?q=…` only); without
    // it, the browser submits the same GET form.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = input.get().map(|i| i.value()).unwrap_or_default();
        schedule_search(href_for(value), false);
    };
    view! {
        <form method="get" action=action class="search-form" role="search" on:submit=on_submit>
            <label for="q" class="search-label">{move || locale.get().t(Key::SearchLabel)}</label>
            <div class="search-row">
                <input
                    id="q"
                    name="q"
                    node_ref=input
                    type="search"
                    autocomplete="off"
                    enterkeyhint="search"
                    maxlength="200"
                    placeholder=move || locale.get().t(Key::SearchPlaceholder)
                    value=move || q.get()
                    on:input=on_input
                />
                <button type="submit">{move || locale.get().t(Key::SearchButton)}</button>
            </div>
            {hidden}
        </form>
    }
}

/// Navigates to `href`: at once on submit (a new history entry), or once typing pauses
/// (`debounced`, replacing the entry so Back leaves the search rather than stepping through
/// each letter). A newer call cancels a pending one.
fn schedule_search(href: String, debounced: bool) {
    #[cfg(feature = "hydrate")]
    {
        use leptos_router::hooks::use_navigate;
        use leptos_router::NavigateOptions;
        use std::cell::Cell;
        thread_local! {
            static PENDING: Cell<Option<TimeoutHandle>> = const { Cell::new(None) };
        }
        let navigate = use_navigate();
        if let Some(previous) = PENDING.with(Cell::take) {
            previous.clear();
        }
        let go = move || {
            PENDING.with(|p| p.set(None));
            navigate(
                &href,
                NavigateOptions {
                    replace: debounced,
                    scroll: !debounced,
                    ..Default::default()
                },
            );
        };
        if debounced {
            let handle = set_timeout_with_handle(go, DEBOUNCE);
            PENDING.with(|p| p.set(handle.ok()));
        } else {
            go();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (href, debounced);
}
