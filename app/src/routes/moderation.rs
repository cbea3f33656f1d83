//! `/moderation` (the queue), `/moderation/{id}` (one proposal, field by field, with the
//! decision forms) and `/admin` (accounts, invitations, outbox, organisations, audit log).

use crate::account::api::{get_admin_overview, get_moderation_queue, get_review};
use crate::account::{
    AccountRole, AdminOverview, Decision, ModerationQueue, Review, SubmissionStatus,
};
use crate::components::form::{
    account_page, provide_form_errors, AccountBar, ChangedSince, Confirmation, ErrorSummary,
    SelectField, TextArea, TextField,
};
use crate::forms::change_label;
use crate::i18n::use_locale;
use crate::i18n::Key;
use crate::paths;
use crate::routes::not_found::NotFoundPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

#[component]
pub fn ModerationPage() -> impl IntoView {
    let l = use_locale().get_untracked();
    let decided = use_query_map().with_untracked(|q| q.get("decided"));
    view! {
        <Title text=format!("{} — {}", l.t(Key::ModerationTitle), l.t(Key::SiteName))/>
        {account_page(get_moderation_queue, move |queue| {
            let decided = decided.clone();
            view! { <Queue queue decided/> }
        })}
    }
}

#[component]
fn Queue(queue: ModerationQueue, decided: Option<String>) -> impl IntoView {
    let ModerationQueue {
        actor,
        pending: queue,
        stale,
    } = queue;
    let l = use_locale().get_untracked();
    let rows = queue
        .iter()
        .map(|s| {
            let href = l.href(&paths::review(s.id));
            let badge = if s.activity_slug.is_none() {
                l.t(Key::NewActivityBadge)
            } else {
                l.t(Key::EditActivity)
            };
            view! {
                <tr>
                    <td><a href=href>{s.title.get(l).to_string()}</a></td>
                    <td>{badge}</td>
                    <td>{s.organization.get(l).to_string()}</td>
                    <td class="num">{s.updated_at.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let notice = decided.map(|d| {
        let key = if SubmissionStatus::from_slug(&d) == Some(SubmissionStatus::Approved) {
            Key::Approved
        } else {
            Key::Rejected
        };
        view! { <Confirmation key/> }
    });
    view! {
        <div class="wrap page">
            <AccountBar actor/>
            <h1>{l.t(Key::ModerationTitle)}</h1>
            <p class="stale-count">{crate::i18n::count_label(l, stale, Key::StaleCount)}</p>
            {notice}
            {if queue.is_empty() {
                view! { <p>{l.t(Key::QueueEmpty)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table>
                            <thead><tr>
                                <th scope="col">{l.t(Key::FormTitleEn)}</th>
                                <th scope="col">{l.t(Key::Kind)}</th>
                                <th scope="col">{l.t(Key::Organisation)}</th>
                                <th scope="col">{l.t(Key::SubmittedAt)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </div>
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let l = use_locale().get_untracked();
    let id = use_params_map()
        .with_untracked(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0));
    view! {
        <Title text=format!("{} — {}", l.t(Key::ReviewTitle), l.t(Key::SiteName))/>
        {account_page(move || get_review(id), |review| match review {
            Some(review) => view! { <ReviewView review/> }.into_any(),
            None => view! { <NotFoundPage/> }.into_any(),
        })}
    }
}

#[component]
fn ReviewView(review: Review) -> impl IntoView {
    let l = use_locale().get_untracked();
    provide_form_errors(review.errors.clone());
    let action = use_location().pathname.get_untracked();
    let s = &review.submission;
    let kind = if s.activity_slug.is_none() {
        l.t(Key::NewActivityBadge)
    } else {
        l.t(Key::EditActivity)
    };
    let rows = review
        .changes
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{change_label(&c.key, l)}</th>
                    <td class="diff-before">{c.before.clone()}</td>
                    <td class="diff-after">{c.after.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let pending = s.status == SubmissionStatus::Pending;
    let conflict = review.conflict.clone();
    let approvable = conflict.is_none();
    let reason = match (&conflict, review.reason.is_empty()) {
        (Some(_), true) => l.t(Key::ConflictReasonDefault).to_string(),
        _ => review.reason.clone(),
    };
    let conflict = conflict.map(|conflict| {
        view! {
            <div class="notice notice-error">
                <p>{l.t(Key::ConflictIntro)}</p>
            </div>
            <ChangedSince conflict/>
        }
    });
    view! {
        <div class="wrap page">
            <p><a href=l.href(paths::MODERATION)>{l.t(Key::ModerationTitle)}</a></p>
            <h1>{l.t(Key::ReviewTitle)}": "{s.title.get(l).to_string()}</h1>
            <dl class="facts">
                <div><dt>{l.t(Key::Kind)}</dt><dd>{kind}</dd></div>
                <div><dt>{l.t(Key::Organisation)}</dt><dd>{s.organization.get(l).to_string()}</dd></div>
                <div><dt>{l.t(Key::ProposedBy)}</dt><dd>{review.proposer.clone()}</dd></div>
                <div><dt>{l.t(Key::FormStatus)}</dt><dd>{s.status.label(l)}</dd></div>
            </dl>
            <ErrorSummary/>
            {conflict}
            {if review.changes.is_empty() {
                view! { <p>{l.t(Key::NoChanges)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="diff">
                            <thead><tr>
                                <th scope="col">{l.t(Key::ColumnPart)}</th>
                                <th scope="col">{l.t(Key::ColumnBefore)}</th>
                                <th scope="col">{l.t(Key::ColumnAfter)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
            {pending.then(|| view! {
                <div class="decision">
                    {approvable.then(|| view! {
                        <form method="post" action=action.clone()>
                            <input type="hidden" name="decision" value=Decision::Approve.slug()/>
                            <button type="submit">{l.t(Key::Approve)}</button>
                        </form>
                    })}
                    <form method="post" action=action.clone() class="stack">
                        <input type="hidden" name="decision" value=Decision::Reject.slug()/>
                        <TextArea name="reason" label=l.t(Key::RejectReason) value=reason.clone()/>
                        <button type="submit" class="secondary">{l.t(Key::Reject)}</button>
                    </form>
                </div>
            })}
        </div>
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let l = use_locale().get_untracked();
    // What the last form did (`?invited=1`, `?done=resent`, …), confirmed at the top.
    let done = use_query_map().with_untracked(|q| {
        if q.get("invited").is_some() {
            return Some(Key::InvitationCreated);
        }
        Some(match q.get("done")?.as_str() {
            "resent" => Key::InvitationResent,
            "revoked" => Key::InvitationRevoked,
            "disabled" => Key::AccountWasDisabled,
            "enabled" => Key::AccountWasEnabled,
            _ => return None,
        })
    });
    view! {
        <Title text=format!("{} — {}", l.t(Key::AdminTitle), l.t(Key::SiteName))/>
        {account_page(get_admin_overview, move |overview| view! { <AdminView overview done/> })}
    }
}

/// A one-button form posting `action` to `to` (the admin page's row actions).
#[component]
fn RowAction(
    to: String,
    action: &'static str,
    label: &'static str,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    view! {
        <form method="post" action=to class="row-action">
            <input type="hidden" name="action" value=action/>
            <button type="submit" class:secondary=secondary>{label}</button>
        </form>
    }
}

#[component]
fn AdminView(overview: AdminOverview, done: Option<Key>) -> impl IntoView {
    let l = use_locale().get_untracked();
    provide_form_errors(overview.errors.clone());
    let value = |name: &str| {
        overview
            .values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let roles: Vec<(String, String)> = [AccountRole::Editor, AccountRole::Moderator]
        .iter()
        .map(|r| (r.slug().to_string(), r.label(l).to_string()))
        .collect();
    let orgs: Vec<(String, String)> = overview
        .organizations
        .iter()
        .map(|(slug, name)| (slug.clone(), name.get(l).to_string()))
        .collect();
    let name = move |n: &Option<crate::model::Localized>| n.as_ref().map(|n| n.get(l).to_string());
    let accounts = overview
        .accounts
        .iter()
        .map(|a| {
            let to = l.href(&paths::admin_account(a.id));
            let (state, button) = if a.disabled {
                (l.t(Key::AccountDisabled), view! { <RowAction to action="enable" label=l.t(Key::Enable)/> }.into_any())
            } else if a.id == overview.actor.id {
                (l.t(Key::AccountActive), ().into_any())
            } else {
                (l.t(Key::AccountActive), view! { <RowAction to action="disable" label=l.t(Key::Disable) secondary=true/> }.into_any())
            };
            view! { <tr><td>{a.email.clone()}</td><td>{a.role.label(l)}</td><td>{name(&a.organization)}</td><td class="num">{a.created_at.clone()}</td><td>{state}</td><td>{button}</td></tr> }
        })
        .collect_view();
    let invitations = overview
        .invitations
        .iter()
        .map(|i| {
            let to = l.href(&paths::admin_invitation(i.id));
            let resend = i.state.resendable().then(|| view! { <RowAction to=to.clone() action="resend" label=l.t(Key::Resend)/> });
            let revoke = i.state.resendable().then(|| view! { <RowAction to=to.clone() action="revoke" label=l.t(Key::Revoke) secondary=true/> });
            view! { <tr><td>{i.email.clone()}</td><td>{i.role.label(l)}</td><td>{name(&i.organization)}</td><td class="num">{i.expires_at.clone()}</td><td>{i.state.label(l)}</td><td class="row-actions">{resend}{revoke}</td></tr> }
        })
        .collect_view();
    let outbox = overview
        .outbox
        .iter()
        .map(|m| {
            let delivery = match (&m.sent_at, m.attempts) {
                (Some(at), _) => format!("{} {at}", l.t(Key::MailSent)),
                (None, 0) => l.t(Key::MailWaiting).to_string(),
                (None, n) if m.given_up => format!("{} {n}", l.t(Key::MailGivenUp)),
                (None, n) => format!("{} {n}", l.t(Key::MailRetrying)),
            };
            let error = m.last_error.clone().map(|e| view! { <br/><small class="mail-error">{e}</small> });
            view! { <tr><td>{m.recipient.clone()}</td><td>{m.subject.clone()}</td><td><pre class="message">{m.body.clone()}</pre></td><td class="num">{m.created_at.clone()}</td><td>{delivery}{error}</td></tr> }
        })
        .collect_view();
    let audit = overview
        .audit
        .iter()
        .map(|a| view! { <tr><td class="num">{a.at.clone()}</td><td>{a.actor.clone()}</td><td>{a.action.clone()}</td><td>{a.subject.clone()}</td><td>{a.ip.clone()}</td></tr> })
        .collect_view();
    let organizations = overview
        .organizations
        .iter()
        .map(|(slug, n)| {
            let href = l.href(&paths::organization(slug));
            view! { <li><a href=href>{n.get(l).to_string()}</a></li> }
        })
        .collect_view();
    view! {
        <div class="wrap page admin">
            <AccountBar actor=overview.actor.clone()/>
            <h1>{l.t(Key::AdminTitle)}</h1>
            {done.map(|key| view! { <Confirmation key/> })}
            <section aria-labelledby="invite-heading">
                <h2 id="invite-heading">{l.t(Key::InviteSomeone)}</h2>
                <ErrorSummary/>
                <form method="post" action=l.href(paths::ADMIN) class="stack account-form">
                    <TextField name="email" label=l.t(Key::Email) value=value("email") kind="email"/>
                    <SelectField name="role" label=l.t(Key::Role) options=roles selected=value("role")/>
                    <SelectField name="organization" label=l.t(Key::Organisation) options=orgs selected=value("organization")/>
                    <button type="submit">{l.t(Key::CreateInvitation)}</button>
                </form>
            </section>
            <section aria-labelledby="outbox-heading">
                <h2 id="outbox-heading">{l.t(Key::Outbox)}</h2>
                <div class="table-scroll"><table>
                    <thead><tr><th scope="col">{l.t(Key::Recipient)}</th><th scope="col">{l.t(Key::Subject)}</th><th scope="col">{l.t(Key::Detail)}</th><th scope="col">{l.t(Key::When)}</th><th scope="col">{l.t(Key::Delivery)}</th></tr></thead>
                    <tbody>{outbox}</tbody>
                </table></div>
            </section>
            <section aria-labelledby="invitations-heading">
                <h2 id="invitations-heading">{l.t(Key::Invitations)}</h2>
                <div class="table-scroll"><table>
                    <thead><tr><th scope="col">{l.t(Key::Email)}</th><th scope="col">{l.t(Key::Role)}</th><th scope="col">{l.t(Key::Organisation)}</th><th scope="col">{l.t(Key::Expires)}</th><th scope="col">{l.t(Key::FormStatus)}</th><th scope="col"><span class="visually-hidden">{l.t(Key::Action)}</span></th></tr></thead>
                    <tbody>{invitations}</tbody>
                </table></div>
            </section>
            <section aria-labelledby="accounts-heading">
                <h2 id="accounts-heading">{l.t(Key::Accounts)}</h2>
                <div class="table-scroll"><table>
                    <thead><tr><th scope="col">{l.t(Key::Email)}</th><th scope="col">{l.t(Key::Role)}</th><th scope="col">{l.t(Key::Organisation)}</th><th scope="col">{l.t(Key::When)}</th><th scope="col">{l.t(Key::AccountState)}</th><th scope="col"><span class="visually-hidden">{l.t(Key::Action)}</span></th></tr></thead>
                    <tbody>{accounts}</tbody>
                </table></div>
            </section>
            <section aria-labelledby="audit-heading">
                <h2 id="audit-heading">{l.t(Key::AuditLog)}</h2>
                <div class="table-scroll"><table>
                    <thead><tr><th scope="col">{l.t(Key::When)}</th><th scope="col">{l.t(Key::Actor)}</th><th scope="col">{l.t(Key::Action)}</th><th scope="col">{l.t(Key::Subject)}</th><th scope="col">{l.t(Key::AddressIp)}</th></tr></thead>
                    <tbody>{audit}</tbody>
                </table></div>
            </section>
            <section aria-labelledby="orgs-heading">
                <h2 id="orgs-heading">{l.t(Key::NavOrganizations)}</h2>
                <ul class="plain-list columns">{organizations}</ul>
            </section>
        </div>
    }
}
