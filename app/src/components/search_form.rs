//! The search box: a plain GET form to `/activities` that works without JavaScript, and
//! with it (when `live`) updates the results as you type, the URL following.

use crate::i18n::Key;
use crate::routes::use_locale;
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
) -> impl IntoView {
    let locale = use_locale();
    let action = move || locale.get().href("/activities");
    let input = NodeRef::<leptos::html::Input>::new();
    let on_input = move |ev: leptos::ev::Event| {
        if live {
            schedule_search(event_target_value(&ev), action(), true);
        }
    };
    // With JavaScript, submit navigates in place to the canonical URL (`?q=…` only); without
    // it, the browser submits the same GET form.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = input.get().map(|i| i.value()).unwrap_or_default();
        schedule_search(value, action(), false);
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
                    prop:value=move || q.get()
                    on:input=on_input
                />
                <button type="submit">{move || locale.get().t(Key::SearchButton)}</button>
            </div>
        </form>
    }
}

/// Navigates to the results for `value`: at once on submit (a new history entry), or once
/// typing pauses (`debounced`, replacing the entry so Back leaves the search rather than
/// stepping through each letter). A newer call cancels a pending one.
fn schedule_search(value: String, action: String, debounced: bool) {
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
        let href = if value.trim().is_empty() {
            action
        } else {
            format!("{action}?q={}", encode_query_value(value.trim()))
        };
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
    let _ = (value, action, debounced);
}

/// Percent-encodes a query-string value (everything but unreserved ASCII).
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode_query_value;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode_query_value("liver transplant"), "liver+transplant");
        assert_eq!(encode_query_value("肝"), "%E8%82%9D");
        assert_eq!(encode_query_value("a&b=c"), "a%26b%3Dc");
    }
}
