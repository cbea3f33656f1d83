//! The pages of one's own account: `/login`, `/invite/{token}`, `/forgot-password` and
//! `/reset-password/{token}` (for a person without a session), and `/account/password`.

use crate::account::api::{form_replay, get_account, get_invitation, get_password_reset};
use crate::account::{InvitationView, PostReplay};
use crate::components::form::{
    account_page, provide_form_errors, AccountBar, Confirmation, ErrorSummary, TextField,
};
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
    let (next_from_url, reset) = use_query_map()
        .with_untracked(|q| (q.get("next").unwrap_or_default(), q.get("reset").is_some()));
    let replay = crate::wire::resource(|| (), |_| form_replay());
    view! {
        <Title text=format!("{} — {}", l.t(Key::LoginTitle), l.t(Key::SiteName))/>
        <div class="wrap page narrow">
            <h1>{l.t(Key::LoginTitle)}</h1>
            {reset.then(|| view! { <Confirmation key=Key::PasswordResetDone/> })}
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
        <p><a href=l.href(paths::FORGOT_PASSWORD)>{l.t(Key::ForgotPassword)}</a></p>
    }
}

#[component]
pub fn InvitePage() -> impl IntoView {
    let locale = use_locale();
    let l = locale.get_untracked();
    let params = use_params_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    let invitation = crate::wire::resource(move || token.clone(), get_invitation);
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

/// The form's problems and values after a refused POST (none on a first visit).
fn use_replay() -> Resource<Result<Option<PostReplay>, crate::error::AppError>, crate::wire::Wire> {
    crate::wire::resource(|| (), |_| form_replay())
}

/// A form as `render` draws it from what a refused POST sent back (nothing on a first
/// visit), under the summary of its problems; each field shows its own.
fn replayed<V: IntoView + 'static>(
    render: impl Fn(PostReplay) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let replay = use_replay();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    let replay = replay.await.ok().flatten().unwrap_or_default();
                    provide_form_errors(replay.errors.clone());
                    view! { <ErrorSummary/>{render(replay)} }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let l = use_locale().get_untracked();
    let sent = use_query_map().with_untracked(|q| q.get("sent").is_some());
    view! {
        <Title text=format!("{} — {}", l.t(Key::ForgotTitle), l.t(Key::SiteName))/>
        <div class="wrap page narrow">
            <h1>{l.t(Key::ForgotTitle)}</h1>
            {sent.then(|| view! { <Confirmation key=Key::ResetLinkSent/> })}
            <p>{l.t(Key::ForgotIntro)}</p>
            {replayed(move |replay| view! {
                <form method="post" action=l.href(paths::FORGOT_PASSWORD) class="stack account-form" novalidate>
                    <TextField name="email" label=l.t(Key::Email) value=replay.value("email") kind="email" autocomplete="username"/>
                    <button type="submit">{l.t(Key::SendResetLink)}</button>
                </form>
            })}
        </div>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let l = use_locale().get_untracked();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let email = crate::wire::resource(move || token.clone(), get_password_reset);
    let replay = use_replay();
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    view! {
        <Title text=format!("{} — {}", l.t(Key::ResetTitle), l.t(Key::SiteName))/>
        <div class="wrap page narrow">
            <h1>{l.t(Key::ResetTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let path = path.clone();
                    Suspend::new(async move {
                        let replay = replay.await.ok().flatten().unwrap_or_default();
                        match email.await {
                            Ok(Some(email)) => {
                                provide_form_errors(replay.errors.clone());
                                view! {
                                    <p>{l.t(Key::ResetIntro)}" "<strong>{email}</strong></p>
                                    <ErrorSummary/>
                                    <form method="post" action=path class="stack account-form">
                                        <TextField name="password" label=l.t(Key::NewPassword) value="" kind="password" autocomplete="new-password"/>
                                        <TextField name="confirm" label=l.t(Key::ConfirmPassword) value="" kind="password" autocomplete="new-password"/>
                                        <button type="submit">{l.t(Key::SaveNewPassword)}</button>
                                    </form>
                                }
                                .into_any()
                            }
                            _ => view! {
                                <p class="notice notice-error">{crate::forms::Problem::ResetLinkInvalid.message(l)}</p>
                                <p><a href=l.href(paths::FORGOT_PASSWORD)>{l.t(Key::ForgotPassword)}</a></p>
                            }
                            .into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let l = use_locale().get_untracked();
    let changed = use_query_map().with_untracked(|q| q.get("changed").is_some());
    view! {
        <Title text=format!("{} — {}", l.t(Key::ChangePasswordTitle), l.t(Key::SiteName))/>
        {account_page(get_account, move |actor| view! {
            <div class="wrap page narrow">
                <AccountBar actor/>
                <h1>{l.t(Key::ChangePasswordTitle)}</h1>
                {changed.then(|| view! { <Confirmation key=Key::PasswordChanged/> })}
                <p>{l.t(Key::ChangePasswordIntro)}</p>
                {replayed(move |_| view! {
                    <form method="post" action=l.href(paths::CHANGE_PASSWORD) class="stack account-form">
                        <TextField name="current" label=l.t(Key::CurrentPassword) value="" kind="password" autocomplete="current-password"/>
                        <TextField name="password" label=l.t(Key::NewPassword) value="" kind="password" autocomplete="new-password"/>
                        <TextField name="confirm" label=l.t(Key::ConfirmPassword) value="" kind="password" autocomplete="new-password"/>
                        <button type="submit">{l.t(Key::ChangePasswordTitle)}</button>
                    </form>
                })}
            </div>
        })}
    }
}
