//! `/organizations?side=japan|partner&kind=…&name=…`: every institution in the record —
//! Japanese institutions and partner institutions abroad — with how many activities each
//! takes part in. A plain GET form filters it, with or without JavaScript.

use crate::i18n::use_locale;
use crate::i18n::Key;
use crate::routes::drawn::{DrawnPage, PageKey};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
#[cfg(feature = "ssr")]
use {
    crate::error::AppError,
    crate::i18n::Locale,
    crate::model::{OrgKind, OrgSummary},
    crate::paths,
    crate::routes::drawn::{self, Drawn, Head},
};

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let key = Signal::derive(move || {
        let get = |k: &str| query.read().get(k).unwrap_or_default();
        PageKey::Organizations {
            side: get("side"),
            kind: get("kind"),
            name: get("name"),
        }
    });
    view! {
        <div class="wrap page">
            <h1>{move || locale.get().t(Key::NavOrganizations)}</h1>
            <DrawnPage key/>
        </div>
    }
}

/// The filter form and the organisations it selects.
#[cfg(feature = "ssr")]
pub async fn draw(
    side: String,
    kind: String,
    name: String,
    locale: Locale,
) -> Result<Drawn, AppError> {
    let orgs = crate::api::list_organizations(side.clone(), kind.clone(), name.clone()).await?;
    let title = format!(
        "{} — {}",
        locale.t(Key::NavOrganizations),
        locale.t(Key::SiteName)
    );
    let head = Head::page(title, None);
    let html = drawn::render(
        locale,
        move || view! { <Organizations orgs side kind name/> },
    );
    Ok(drawn::ok(head, html))
}

#[cfg(feature = "ssr")]
#[component]
fn Organizations(orgs: Vec<OrgSummary>, side: String, kind: String, name: String) -> impl IntoView {
    let l = use_locale().get_untracked();
    let t = |k| l.t(k);
    let side_options = [
        ("", Key::AnyOption),
        ("japan", Key::JapaneseInstitutions),
        ("partner", Key::PartnersAbroad),
    ]
    .into_iter()
    .map(|(v, label)| view! { <option value=v selected=side == v>{l.t(label)}</option> })
    .collect_view();
    let kind_options = OrgKind::ALL
        .iter()
        .map(|k| view! { <option value=k.slug() selected=kind == k.slug()>{k.label(l)}</option> })
        .collect_view();
    let n = orgs.len();
    let rows = orgs
        .into_iter()
        .map(|o| {
            view! {
                <tr>
                    <th scope="row"><a href=l.href(&paths::organization(&o.slug))>{o.name.get(l).to_string()}</a></th>
                    <td>{o.kind.label(l)}</td>
                    <td>{o.country.name.get(l).to_string()}</td>
                    <td class="num">{o.activities}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <form method="get" action=l.href(paths::ORGANIZATIONS) class="filter-form">
            <div class="filter-grid">
                <label>
                    <span>{t(Key::Side)}</span>
                    <select name="side">{side_options}</select>
                </label>
                <label>
                    <span>{t(Key::Kind)}</span>
                    <select name="kind">
                        <option value="">{t(Key::AnyOption)}</option>
                        {kind_options}
                    </select>
                </label>
                <label>
                    <span>{t(Key::NameContains)}</span>
                    <input type="search" name="name" value=name/>
                </label>
            </div>
            <div class="filter-actions">
                <button type="submit">{t(Key::ApplyFilters)}</button>
            </div>
        </form>
        <p class="results-summary" role="status">{crate::i18n::organisations_count(l, n)}</p>
        <div class="table-scroll">
            <table class="country-table">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::Organisation)}</th>
                        <th scope="col">{t(Key::Kind)}</th>
                        <th scope="col">{t(Key::BasedIn)}</th>
                        <th scope="col" class="num">{t(Key::ActivitiesCount)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
