//! `/activities/{slug}/history`: every published version of an activity — when, which
//! organisation proposed it and which parts changed. No personal data: accounts are not
//! named, only organisations.

use crate::routes::drawn::{record_page, PageKey};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    crate::account::History,
    crate::error::AppError,
    crate::forms::{change_label, IMPORTED},
    crate::i18n::{version_label, Key, Locale},
    crate::paths,
    crate::routes::drawn::{self, Drawn, Head},
};

#[component]
pub fn HistoryPage() -> impl IntoView {
    record_page(|params| PageKey::History {
        slug: params.get("slug").unwrap_or_default(),
    })
}

/// The history of the activity `slug`, or the not-found page.
#[cfg(feature = "ssr")]
pub async fn draw(slug: String, l: Locale) -> Result<Drawn, AppError> {
    let Some(history) = crate::account::api::get_history(slug).await? else {
        return Ok(drawn::not_found(l));
    };
    let title = format!(
        "{} — {} — {}",
        l.t(Key::HistoryTitle),
        history.title.get(l),
        l.t(Key::SiteName)
    );
    let head = Head::page(title, None);
    Ok(drawn::ok(
        head,
        drawn::render(l, move || history_view(history, l)),
    ))
}

#[cfg(feature = "ssr")]
fn history_view(history: History, l: Locale) -> impl IntoView {
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
