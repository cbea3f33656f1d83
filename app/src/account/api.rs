//! The server functions of the account pages: each reads what one page shows.
//!
//! Rules: every read checks the account itself (`ssr::account::auth::require`), whatever
//! URL it was reached by; the work is done in `ssr::account`, never here. The endpoint names
//! (`/api/{endpoint}`) are public API and keep their names (`partner_dashboard` included).
//! Nothing outside the pages may import this module: server-side code calls
//! `ssr::account` directly (the layering test, `tests/layering.rs`, checks it).

use super::{
    ActivityForm, Actor, AdminOverview, EditorDashboard, InvitationView, ModerationQueue,
    PostReplay, Review,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
#[cfg(feature = "ssr")]
use {
    super::{AccountRole, History},
    crate::ssr::account::{auth, lifecycle, workflow},
};

/// The replay of the form this request posted, if any (server only; `None` in the browser).
#[server(endpoint = "form_replay", input = Postcard, output = Postcard)]
pub async fn form_replay() -> Result<Option<PostReplay>, AppError> {
    Ok(use_context::<PostReplay>())
}

/// The editor's dashboard. The endpoint keeps its first name, `partner_dashboard`.
#[server(endpoint = "partner_dashboard", input = Postcard, output = Postcard)]
pub async fn get_editor_dashboard() -> Result<EditorDashboard, AppError> {
    let actor = auth::require(&[AccountRole::Editor])?;
    let pool = crate::ssr::pool()?;
    let refused = use_context::<PostReplay>()
        .map(|r| r.errors)
        .unwrap_or_default();
    let mut dashboard = workflow::dashboard(&pool, actor).await?;
    dashboard.errors = refused;
    Ok(dashboard)
}

/// The activity form: for a new activity (`slug` empty) or a change to `slug`, resuming
/// draft `draft` when given.
#[server(endpoint = "activity_form", input = Postcard, output = Postcard)]
pub async fn get_activity_form(slug: String, draft: Option<i64>) -> Result<ActivityForm, AppError> {
    let actor = auth::require(&[AccountRole::Editor])?;
    let pool = crate::ssr::pool()?;
    let replay = use_context::<PostReplay>();
    let slug = (!slug.is_empty()).then_some(slug);
    Ok(workflow::activity_form(&pool, actor, slug.as_deref(), draft, replay).await?)
}

#[server(endpoint = "moderation_queue", input = Postcard, output = Postcard)]
pub async fn get_moderation_queue() -> Result<ModerationQueue, AppError> {
    let actor = auth::require(&[AccountRole::Moderator, AccountRole::Admin])?;
    let pool = crate::ssr::pool()?;
    let pending = workflow::queue(&pool).await?;
    let stale = crate::ssr::trust::stale(&pool, None).await?.len() as i64;
    Ok(ModerationQueue {
        actor,
        pending,
        stale,
    })
}

#[server(endpoint = "review", input = Postcard, output = Postcard)]
pub async fn get_review(id: i64) -> Result<Option<Review>, AppError> {
    auth::require(&[AccountRole::Moderator, AccountRole::Admin])?;
    let pool = crate::ssr::pool()?;
    let replay = use_context::<PostReplay>();
    Ok(workflow::review(&pool, id, replay).await?)
}

#[server(endpoint = "admin_overview", input = Postcard, output = Postcard)]
pub async fn get_admin_overview() -> Result<AdminOverview, AppError> {
    let actor = auth::require(&[AccountRole::Admin])?;
    let pool = crate::ssr::pool()?;
    let replay = use_context::<PostReplay>();
    Ok(auth::admin_overview(&pool, actor, replay).await?)
}

/// Public: the published revisions of an activity (drawn on the server, `routes::history`).
#[cfg(feature = "ssr")]
pub async fn get_history(slug: String) -> Result<Option<History>, AppError> {
    if !crate::model::is_slug(&slug) {
        return Ok(None);
    }
    let pool = crate::ssr::pool()?;
    Ok(workflow::history(&pool, &slug).await?)
}

/// Public: what an invitation link offers, or `None` when it is not valid.
#[server(endpoint = "invitation", input = Postcard, output = Postcard)]
pub async fn get_invitation(token: String) -> Result<Option<InvitationView>, AppError> {
    let pool = crate::ssr::pool()?;
    let replay = use_context::<PostReplay>();
    Ok(auth::invitation(&pool, &token).await?.map(|mut view| {
        view.errors = replay.map(|r| r.errors).unwrap_or_default();
        view
    }))
}

/// The signed-in account (for the pages every account has, such as the password change).
#[server(endpoint = "account", input = Postcard, output = Postcard)]
pub async fn get_account() -> Result<Actor, AppError> {
    auth::require(&[
        AccountRole::Editor,
        AccountRole::Moderator,
        AccountRole::Admin,
    ])
}

/// Public: the address a password reset link is for, or `None` when the link does not
/// work (expired, used, or no link at all).
#[server(endpoint = "password_reset", input = Postcard, output = Postcard)]
pub async fn get_password_reset(token: String) -> Result<Option<String>, AppError> {
    let pool = crate::ssr::pool()?;
    Ok(lifecycle::password_reset(&pool, &token).await?)
}
