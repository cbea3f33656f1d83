//! `/activities/{slug}/history`: every published version of an activity — when, which
//! organisation proposed it and which parts changed. No personal data: accounts are not
//! named, only organisations.

use crate::account::api::get_history;
use crate::account::History;
use crate::components::record_page::record_page;
use crate::forms::{change_label, IMPORTED};
use crate::i18n::Key;
use crate::i18n::{use_locale, version_label};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HistoryPage() -> impl IntoView {
    record_page(
        "slug",
        get_history,
        |history| view! { <HistoryView history/> },
    )
}

#[component]
fn HistoryView(history: History) -> impl IntoView {
    let l = use_locale().get_untracked();
    let title = history.title.get(l).to_string();
    let back = l.href(&paths::activity(&history.slug));
    let items = history
        .revisions
        .iter()
        .map(|r| {
            let imported = r.changes.iter().any(|c| c == IMPORTED);
            let what = if imported {
                l.t(Key::FirstPublished).to_string()
            } else {
                r.changes
                    .iter()
                    .map(|c| change_label(c, l))
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let who = r.organization.as_ref().map(|o| {
                format!("{}: {} · {}", l.t(Key::ProposedBy), o.get(l), l.t(Key::ApprovedBy))
            });
            let page = if r.kept {
                let href = l.href(&paths::version(&history.slug, r.number));
                view! { <p><a href=href>{l.t(Key::ViewVersion)}" ("{version_label(l, r.number)}")"</a></p> }.into_any()
            } else {
                view! { <p class="muted">{l.t(Key::VersionNotKept)}</p> }.into_any()
            };
            view! {
                <li>
                    <h2>{format!("{} {}", l.t(Key::RevisionN), r.number)}" · "<time>{r.published_at.clone()}</time></h2>
                    {who.map(|w| view! { <p>{w}</p> })}
                    <p>{if imported { None } else { Some(format!("{}: ", l.t(Key::ChangedParts))) }}{what}</p>
                    {page}
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=format!("{} — {} — {}", l.t(Key::HistoryTitle), title, l.t(Key::SiteName))/>
        <div class="wrap page">
            <nav aria-label=l.t(Key::Breadcrumbs) class="breadcrumbs">
                <ol>
                    <li><a href=l.href("/")>{l.t(Key::NavHome)}</a></li>
                    <li><a href=back>{title.clone()}</a></li>
                    <li aria-current="page">{l.t(Key::HistoryTitle)}</li>
                </ol>
            </nav>
            <h1>{l.t(Key::HistoryTitle)}": "{title.clone()}</h1>
            <ol class="history">{items}</ol>
        </div>
    }
}
