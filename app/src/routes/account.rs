//! `/login` and `/invite/{token}`: the two pages a person without a session uses.

use crate::account::api::{form_replay, get_invitation};
use crate::account::{InvitationView, PostReplay};
use crate::components::form::{provide_form_errors, ErrorSummary, TextField};
use crate::i18n::use_locale;
use crate::i18n::Key;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn LoginPage() -> impl IntoView {
    let locale = use_locale();
    let l = locale.get_untracked();
    let next_from_url = use_query_map().with_untracked(|q| q.get("next").unwrap_or_default());
    let replay = Resource::new(|| (), |_| form_replay());
    view! {
        <Title text=format!("{} — {}", l.t(Key::LoginTitle), l.t(Key::SiteName))/>
        <div class="wrap page narrow">
            <h1>{l.t(Key::LoginTitle)}</h1>
            <p>{l.t(Key::LoginIntro)}</p>
            <Suspense fallback=|| ()>
                {move || {
                    let next_from_url = next_from_url.clone();
                    Suspend::new(async move {
                        let replay = replay.await.ok().flatten().unwrap_or_default();
                        view! { <LoginForm replay next_from_url/> }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn LoginForm(replay: PostReplay, next_from_url: String) -> impl IntoView {
    let l = use_locale().get_untracked();
    provide_form_errors(replay.errors.clone());
    let next = match replay.value("next") {
        n if n.is_empty() => next_from_url,
        n => n,
    };
    view! {
        <ErrorSummary/>
        <form method="post" action=l.href(paths::LOGIN) class="stack account-form">
            <TextField name="email" label=l.t(Key::Email) value=replay.value("email") kind="email" autocomplete="username"/>
            <TextField name="password" label=l.t(Key::Password) value="" kind="password" autocomplete="current-password"/>
            <input type="hidden" name="next" value=next/>
            <button type="submit">{l.t(Key::LogIn)}</button>
        </form>
    }
}

#[component]
pub fn InvitePage() -> impl IntoView {
    let locale = use_locale();
    let l = locale.get_untracked();
    let params = use_params_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    let invitation = Resource::new(move || token.clone(), get_invitation);
    view! {
        <Title text=format!("{} — {}", l.t(Key::InviteTitle), l.t(Key::SiteName))/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match invitation.await {
                    Ok(Some(view)) => view! { <InviteForm view/> }.into_any(),
                    _ => view! {
                        <div class="wrap page narrow">
                            <h1>{l.t(Key::InviteTitle)}</h1>
                            <p class="notice notice-error">{crate::forms::Problem::InvitationInvalid.message(l)}</p>
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InviteForm(view: InvitationView) -> impl IntoView {
    let l = use_locale().get_untracked();
    provide_form_errors(view.errors.clone());
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let role = match &view.organization {
        Some(org) => format!("{} — {}", view.role.label(l), org.get(l)),
        None => view.role.label(l).to_string(),
    };
    view! {
        <div class="wrap page narrow">
            <h1>{l.t(Key::InviteTitle)}</h1>
            <p>{l.t(Key::InviteIntro)}" "<strong>{view.email.clone()}</strong>" ("{role}")"</p>
            <ErrorSummary/>
            <form method="post" action=path class="stack account-form">
                <TextField name="password" label=l.t(Key::Password) value="" kind="password" autocomplete="new-password"/>
                <TextField name="confirm" label=l.t(Key::ConfirmPassword) value="" kind="password" autocomplete="new-password"/>
                <button type="submit">{l.t(Key::SetPassword)}</button>
            </form>
        </div>
    }
}
