//! `/organizations?side=japan|partner&kind=…&name=…`: every institution in the record —
//! Japanese institutions and partner institutions abroad — with how many activities each
//! takes part in. A plain GET form filters it, with or without JavaScript.

use crate::api::list_organizations;
use crate::components::status::ErrorNotice;
use crate::i18n::use_locale;
use crate::i18n::Key;
use crate::model::OrgKind;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let side = Memo::new(move |_| get("side"));
    let kind = Memo::new(move |_| get("kind"));
    let name = Memo::new(move |_| get("name"));
    let list = crate::wire::resource(
        move || (side.get(), kind.get(), name.get()),
        |(s, k, n)| list_organizations(s, k, n),
    );
    let t = move |k| locale.get().t(k);
    let side_options = move || {
        let l = locale.get();
        [
            ("", Key::AnyOption),
            ("japan", Key::JapaneseInstitutions),
            ("partner", Key::PartnersAbroad),
        ]
        .into_iter()
        .map(|(v, label)| view! { <option value=v selected=side.get() == v>{l.t(label)}</option> })
        .collect_view()
    };
    let kind_options = move || {
        let l = locale.get();
        OrgKind::ALL
            .iter()
            .map(|k| view! { <option value=k.slug() selected=kind.get() == k.slug()>{k.label(l)}</option> })
            .collect_view()
    };
    view! {
        <Title text=crate::routes::head_text(move || format!("{} — {}", t(Key::NavOrganizations), t(Key::SiteName)))/>
        <div class="wrap page">
            <h1>{move || t(Key::NavOrganizations)}</h1>
            <form method="get" action=move || locale.get().href(paths::ORGANIZATIONS) class="filter-form">
                <div class="filter-grid">
                    <label>
                        <span>{move || t(Key::Side)}</span>
                        <select name="side">{side_options}</select>
                    </label>
                    <label>
                        <span>{move || t(Key::Kind)}</span>
                        <select name="kind">
                            <option value="">{move || t(Key::AnyOption)}</option>
                            {kind_options}
                        </select>
                    </label>
                    <label>
                        <span>{move || t(Key::NameContains)}</span>
                        <input type="search" name="name" value=move || name.get()/>
                    </label>
                </div>
                <div class="filter-actions">
                    <button type="submit">{move || t(Key::ApplyFilters)}</button>
                </div>
            </form>
            <Suspense fallback=move || view! { <p class="loading">{move || t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(orgs) => {
                            let n = orgs.len();
                            let rows = orgs
                                .into_iter()
                                .map(|o| {
                                    let l = locale.get_untracked();
                                    let href = l.href(&paths::organization(&o.slug));
                                    view! {
                                        <tr>
                                            <th scope="row"><a href=href>{move || o.name.get(locale.get()).to_string()}</a></th>
                                            <td>{move || o.kind.label(locale.get())}</td>
                                            <td>{move || o.country.name.get(locale.get()).to_string()}</td>
                                            <td class="num">{o.activities}</td>
                                        </tr>
                                    }
                                })
                                .collect_view();
                            view! {
                                <p class="results-summary" role="status">
                                    {move || crate::i18n::organisations_count(locale.get(), n)}
                                </p>
                                <div class="table-scroll">
                                    <table class="country-table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{move || t(Key::Organisation)}</th>
                                                <th scope="col">{move || t(Key::Kind)}</th>
                                                <th scope="col">{move || t(Key::BasedIn)}</th>
                                                <th scope="col" class="num">{move || t(Key::ActivitiesCount)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
