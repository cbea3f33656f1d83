//! Form pieces for the account pages: labelled fields with their problem shown next to
//! them (and linked with `aria-describedby`), the summary of problems at the top, and the
//! shell of a page that needs an account.
//!
//! Rules: every field has a visible `<label>`; a field with a problem gets
//! `aria-invalid="true"` and its message; the message is in the page's language. The
//! problems live in a signal ([`FormErrors`]) so the server's and the browser's checks
//! show the same way.

use crate::account::{AccountRole, Actor};
use crate::components::status::{set_status, ErrorNotice};
use crate::error::AppError;
use crate::forms::{error_for, FieldError};
use crate::i18n::use_locale;
use crate::i18n::{Key, Locale};
use crate::paths;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// The problems of the form on this page.
#[derive(Clone, Copy)]
pub struct FormErrors(pub RwSignal<Vec<FieldError>>);

/// Provides [`FormErrors`] starting from `errors` and returns it.
pub fn provide_form_errors(errors: Vec<FieldError>) -> FormErrors {
    let e = FormErrors(RwSignal::new(errors));
    provide_context(e);
    e
}

fn problem_of(name: &str) -> Option<crate::forms::Problem> {
    use_context::<FormErrors>().and_then(|e| e.0.with(|list| error_for(list, name)))
}

/// The message of field `name`, if it has a problem.
#[component]
pub fn FieldProblem(#[prop(into)] name: String) -> impl IntoView {
    let locale = use_locale();
    let id = format!("{name}-error");
    move || {
        problem_of(&name).map(|p| {
            view! { <p class="field-error" id=id.clone()>{p.message(locale.get())}</p> }
        })
    }
}

/// `aria-invalid` and `aria-describedby` for field `name`.
fn invalid(name: &str) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
    let name = name.to_string();
    move || problem_of(&name).map(|_| "true")
}

fn described(name: &str, hint: bool) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    let name = name.to_string();
    move || {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{name}-hint"));
        }
        if problem_of(&name).is_some() {
            ids.push(format!("{name}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A labelled one-line text field.
#[component]
pub fn TextField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] lang: Option<&'static str>,
) -> impl IntoView {
    let has_hint = hint.is_some();
    view! {
        <div class="field">
            <label for=name.clone()>{label}</label>
            {hint.map(|h| view! { <p class="field-hint" id=format!("{name}-hint")>{h}</p> })}
            <input
                id=name.clone()
                name=name.clone()
                type=kind.unwrap_or("text")
                value=value
                autocomplete=autocomplete
                lang=lang
                aria-invalid=invalid(&name)
                aria-describedby=described(&name, has_hint)
            />
            <FieldProblem name=name.clone()/>
        </div>
    }
}

/// A labelled multi-line text field.
/// `text` for the inside of an element written as HTML: the server's render does not escape
/// a `<textarea>`'s text (a value holding `</textarea>` would end it), so it is escaped here.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(optional)] lang: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=name.clone()>{label}</label>
            <textarea
                id=name.clone()
                name=name.clone()
                rows="5"
                lang=lang
                aria-invalid=invalid(&name)
                aria-describedby=described(&name, false)
                inner_html=escape_text(&value)
            ></textarea>
            <FieldProblem name=name.clone()/>
        </div>
    }
}

/// A labelled choice among `options` (value, label), with an empty first choice.
#[component]
pub fn SelectField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    options: Vec<(String, String)>,
    #[prop(into)] selected: String,
    #[prop(optional)] hide_label: bool,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let has_hint = hint.is_some();
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let is = value == selected;
            view! { <option value=value selected=is>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=name.clone() class:visually-hidden=hide_label>{label}</label>
            {hint.map(|h| view! { <p class="field-hint" id=format!("{name}-hint")>{h}</p> })}
            <select
                id=name.clone()
                name=name.clone()
                aria-invalid=invalid(&name)
                aria-describedby=described(&name, has_hint)
            >
                <option value="">{locale.get_untracked().t(Key::FormChoose)}</option>
                {options}
            </select>
            <FieldProblem name=name.clone()/>
        </div>
    }
}

/// "Please correct the highlighted fields", with a link to each, when there are problems.
#[component]
pub fn ErrorSummary() -> impl IntoView {
    let locale = use_locale();
    let errors = use_context::<FormErrors>();
    move || {
        let list = errors.map(|e| e.0.get()).unwrap_or_default();
        (!list.is_empty()).then(|| {
            let l = locale.get();
            let items = list
                .iter()
                .map(|e| {
                    let href = format!("#{}", e.field);
                    view! { <li><a href=href>{e.problem.message(l)}</a></li> }
                })
                .collect_view();
            view! {
                <div class="notice notice-error error-summary" role="alert" tabindex="-1" id="error-summary">
                    <h2>{l.t(Key::FormErrorSummary)}</h2>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}

/// A short confirmation after a change ("Draft saved.").
#[component]
pub fn Confirmation(key: Key) -> impl IntoView {
    let locale = use_locale();
    view! { <p class="notice notice-ok" role="status">{move || locale.get().t(key)}</p> }
}

/// What changed in a published activity since a proposal was made from an earlier revision:
/// each part then and now, marked when the proposal changes it too.
#[component]
pub fn ChangedSince(conflict: crate::account::Conflict) -> impl IntoView {
    let l = use_locale().get_untracked();
    let heading = format!(
        "{} ({} {} → {})",
        l.t(Key::ConflictTitle),
        l.t(Key::RevisionOf),
        conflict.base,
        conflict.current
    );
    let table = match conflict.since {
        None => view! { <p>{l.t(Key::ConflictUnknown)}</p> }.into_any(),
        Some(since) => {
            let rows = since
                .into_iter()
                .map(|c| {
                    let both = conflict.both.contains(&c.key).then(|| {
                        view! { " "<span class="badge badge-rejected">{l.t(Key::ChangedByBoth)}</span> }
                    });
                    view! {
                        <tr>
                            <th scope="row">{crate::forms::change_label(&c.key, l)}{both}</th>
                            <td class="diff-before">{c.before}</td>
                            <td class="diff-after">{c.after}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-scroll">
                    <table class="diff">
                        <thead><tr>
                            <th scope="col">{l.t(Key::ColumnPart)}</th>
                            <th scope="col">{l.t(Key::ColumnThen)}</th>
                            <th scope="col">{l.t(Key::ColumnNow)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="conflict" aria-labelledby="conflict-heading">
            <h2 id="conflict-heading">{heading}</h2>
            {table}
        </section>
    }
}

/// Who is logged in, the pages their role has, and the logout button (a POST form).
#[component]
pub fn AccountBar(actor: Actor) -> impl IntoView {
    let locale = use_locale();
    let l = locale.get_untracked();
    let org = actor
        .organization
        .as_ref()
        .map(|o| format!(" · {}", o.name.get(l)));
    let home = l.href(actor.role.home());
    view! {
        <div class="account-bar">
            <p>
                {l.t(Key::LoggedInAs)}" "<strong>{actor.email.clone()}</strong>
                " ("{actor.role.label(l)}{org}") · "
                <a href=home>{match actor.role {
                    AccountRole::Editor => l.t(Key::PartnerTitle),
                    AccountRole::Moderator => l.t(Key::ModerationTitle),
                    AccountRole::Admin => l.t(Key::AdminTitle),
                }}</a>
            </p>
            <div class="account-actions">
                <a href=l.href(paths::CHANGE_PASSWORD)>{l.t(Key::ChangePasswordTitle)}</a>
                <form method="post" action=l.href(paths::LOGOUT)>
                    <button type="submit" class="secondary">{l.t(Key::LogOut)}</button>
                </form>
            </div>
        </div>
    }
}

/// The shell of a page that needs an account: fetches its data with `fetch`, and shows a
/// login link to visitors (401) or a notice to accounts without access (403).
pub fn account_page<T, Fut, V>(
    fetch: impl Fn() -> Fut + Send + Sync + 'static,
    render: impl Fn(T) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView
where
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let data = crate::wire::resource(|| (), move |_| fetch());
    let locale = use_locale();
    view! {
        <Suspense fallback=move || view! { <p class="wrap loading">{move || locale.get().t(Key::Loading)}</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => render(value).into_any(),
                        Err(AppError::Unauthorized) => {
                            set_status(http::StatusCode::UNAUTHORIZED);
                            let l = locale.get_untracked();
                            view! {
                                <div class="wrap page">
                                    <p class="notice">
                                        {l.t(Key::ErrorUnauthorized)}" "
                                        <a href=l.href(paths::LOGIN)>{l.t(Key::LogIn)}</a>
                                    </p>
                                </div>
                            }
                            .into_any()
                        }
                        Err(error) => view! { <div class="wrap page"><ErrorNotice error/></div> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// What `form` holds, urlencoded (`a=1&b=2`), as the browser would send it.
#[cfg(feature = "hydrate")]
pub fn form_query(form: &leptos::web_sys::HtmlFormElement) -> Option<String> {
    use leptos::web_sys::{FormData, UrlSearchParams};
    let data = FormData::new_with_form(form).ok()?;
    let params = UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    Some(String::from(params.to_string()))
}

/// What the submitted form holds ([`form_query`]). `None` if the event's target is not a
/// form.
#[cfg(feature = "hydrate")]
pub fn submitted_query(ev: &leptos::ev::SubmitEvent) -> Option<String> {
    use leptos::wasm_bindgen::JsCast;
    form_query(&ev.target()?.dyn_into().ok()?)
}

/// Options for a select from a vocabulary's slugs and labels.
pub fn vocabulary_options<T: Copy>(
    all: &[T],
    slug: fn(T) -> &'static str,
    label: fn(T, Locale) -> &'static str,
    locale: Locale,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (slug(*v).to_string(), label(*v, locale).to_string()))
        .collect()
}
