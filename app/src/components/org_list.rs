//! A list of organisations, each linking to its page, with where it is and how many
//! activities it has in the view; a bounded list ends with a link to the rest.

use crate::i18n::use_locale;
use crate::i18n::Key;
use crate::model::{Bounded, OrgSummary};
use crate::paths;
use leptos::prelude::*;

/// The first organisations of `orgs`; when there are more, a link to `rest` (a search
/// address without the language prefix) whose organisation facet lists them all.
#[component]
pub fn OrgList(orgs: Bounded<OrgSummary>, rest: String) -> impl IntoView {
    let locale = use_locale();
    if orgs.is_empty() {
        return view! { <p class="muted">{move || locale.get().t(Key::NoneYet)}</p> }.into_any();
    }
    let more = orgs.more();
    let orgs = StoredValue::new(orgs.items);
    let items = move || {
        let l = locale.get();
        orgs.get_value()
            .into_iter()
            .map(|o| {
                    let detail = crate::i18n::place_and_count(l, o.country.name.get(l), o.activities);
                    view! {
                        <li>
                            <a href=l.href(&paths::organization(&o.slug))>{o.name.get(l).to_string()}</a>
                            " "
                            <span class="muted">{detail}</span>
                        </li>
                    }
                })
                .collect_view()
    };
    view! {
        <ul class="org-list">{items}</ul>
        {(more > 0).then(|| view! { <MoreLink path=rest text=move |l| crate::i18n::more_institutions(l, more)/> })}
    }
    .into_any()
}

/// "See all …" under a bounded list: a link to `path` (without the language prefix).
#[component]
pub fn MoreLink(
    path: String,
    text: impl Fn(crate::i18n::Locale) -> String + Send + Sync + 'static,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="more">
            <a href=move || locale.get().href(&path)>{move || text(locale.get())}</a>
        </p>
    }
}
