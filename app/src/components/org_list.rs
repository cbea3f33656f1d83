//! A list of organisations, each linking to its page, with where it is and how many
//! activities it has in the view.

use crate::i18n::use_locale;
use crate::i18n::Key;
use crate::model::OrgSummary;
use crate::paths;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn OrgList(orgs: Vec<OrgSummary>) -> impl IntoView {
    let locale = use_locale();
    if orgs.is_empty() {
        return view! { <p class="muted">{move || locale.get().t(Key::NoneYet)}</p> }.into_any();
    }
    let orgs = StoredValue::new(orgs);
    let items = move || {
        let l = locale.get();
        orgs.get_value()
            .into_iter()
            .map(|o| {
                    let detail = crate::i18n::place_and_count(l, o.country.name.get(l), o.activities);
                    view! {
                        <li>
                            <A href=l.href(&paths::organization(&o.slug))>{o.name.get(l).to_string()}</A>
                            " "
                            <span class="muted">{detail}</span>
                        </li>
                    }
                })
                .collect_view()
    };
    view! { <ul class="org-list">{items}</ul> }.into_any()
}
