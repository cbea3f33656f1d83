//! Sessions, cross-site request checks and the account forms' POST handlers.
//!
//! Rules: forms are plain `application/x-www-form-urlencoded` POSTs to the page's own
//! address, so they work without JavaScript. A handler either redirects (303) after a
//! change, or renders the same page again with what was typed and the problems
//! ([`PostReplay`]) and a 4xx status. Who may do what is decided in `app::ssr::account::auth` and
//! `app::ssr::account::workflow`, never here.

use app::account::{Actor, Decision, PostReplay};
use app::filters::percent_encode_path;
use app::forms::{safe_next, ActivityInput, FieldError, Problem};
use app::i18n::Locale;
use app::paths;
use app::ssr::account::auth::{self, AuditAction};
use app::ssr::account::error::WorkflowError;
use app::ssr::account::workflow;
use app::ssr::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;
use std::net::SocketAddr;
use tower_sessions::Session;

/// The session key holding the account id.
const ACCOUNT_KEY: &str = "account";
/// The session key holding the account's session epoch when the session began (sessions
/// from before the key existed began in epoch 0).
const EPOCH_KEY: &str = "epoch";
/// The session cookie's name.
pub const SESSION_COOKIE: &str = "kakehashi_session";
/// A session ends after this long without a request.
pub const SESSION_IDLE_HOURS: i64 = 8;

/// Deletes expired sessions every hour (sessions are server-side rows; the cookie holds only
/// a random id). Runs for the life of the server.
pub async fn delete_expired_sessions(store: crate::sessions::Store) {
    use tower_sessions::ExpiredDeletion;
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        if let Err(error) = store.delete_expired().await {
            tracing::warn!(%error, "could not delete expired sessions");
        }
    }
}

/// Puts the logged-in [`Actor`] (if any) into the request, for pages and handlers.
pub async fn resolve_actor(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let session = request.extensions().get::<Session>().cloned();
    if let Some(session) = session {
        match session.get::<i64>(ACCOUNT_KEY).await {
            Ok(Some(id)) => match load_session_actor(&state, &session, id).await {
                Ok(Some(actor)) => {
                    request.extensions_mut().insert(actor);
                }
                Ok(None) => {
                    // Disabled, deleted, or its password changed since: the session no
                    // longer logs anyone in.
                    let _ = session.flush().await;
                }
                Err(error) => tracing::error!(%error, "loading the session's account"),
            },
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "reading the session"),
        }
    }
    next.run(request).await
}

async fn load_session_actor(
    state: &AppState,
    session: &Session,
    id: i64,
) -> Result<Option<Actor>, sqlx::Error> {
    let epoch = session
        .get::<i64>(EPOCH_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or(0);
    auth::load_session_actor(&state.pool, id, epoch).await
}

/// Refuses a state-changing request whose `Origin` (or, without one, `Referer`) is another
/// site: with SameSite=Lax cookies, the defence against cross-site request forgery.
/// Requests with neither header do not come from a browser page and are let through.
pub async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let claimed = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    if let Some(claimed) = claimed {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        if !is_own_origin(claimed, host, &state.public_url.0) {
            tracing::warn!(origin = claimed, path = %request.uri().path(), "cross-site request refused");
            return (StatusCode::FORBIDDEN, "Cross-site request refused.").into_response();
        }
    }
    next.run(request).await
}

/// Whether `claimed` (an Origin, or a Referer URL) is this site: the public address, or
/// the host the request was sent to.
pub fn is_own_origin(claimed: &str, host: Option<&str>, public_url: &str) -> bool {
    let origin_of = |url: &str| -> Option<String> {
        let (scheme, rest) = url.split_once("://")?;
        let authority = rest.split(['/', '?', '#']).next()?;
        (!authority.is_empty()).then(|| {
            format!(
                "{}://{}",
                scheme.to_ascii_lowercase(),
                authority.to_ascii_lowercase()
            )
        })
    };
    let Some(claimed) = origin_of(claimed) else {
        return false; // "null" and anything malformed
    };
    origin_of(public_url).as_deref() == Some(claimed.as_str())
        || host.is_some_and(|h| {
            let h = h.to_ascii_lowercase();
            claimed == format!("http://{h}") || claimed == format!("https://{h}")
        })
}

/// Pages that need an account (`paths::Page::needs_account`) send visitors to the login
/// page, and back afterwards. (What each account may see is decided by the pages' server
/// functions.)
pub async fn login_redirect(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if paths::requires_account(path)
        && request.method() == Method::GET
        && request.extensions().get::<Actor>().is_none()
    {
        let locale = Locale::from_path(path);
        let here = request
            .uri()
            .path_and_query()
            .map_or(path.to_string(), |pq| pq.as_str().to_string());
        let target = format!(
            "{}?next={}",
            locale.href(paths::LOGIN),
            percent_encode_path(&here)
        );
        return Redirect::to(&target).into_response();
    }
    next.run(request).await
}

/// The address the request came from, for the audit log and per-address limits: the
/// connection's peer, or the client a trusted proxy names (`KAKEHASHI_TRUSTED_PROXIES`).
fn client_ip(state: &AppState, request: &axum::http::request::Parts) -> String {
    let Some(peer) = request.extensions.get::<ConnectInfo<SocketAddr>>() else {
        return "unknown".to_string();
    };
    // Several header lines read as one list, in order.
    let forwarded: Vec<&str> = request
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let forwarded = (!forwarded.is_empty()).then(|| forwarded.join(","));
    state
        .trusted_proxies
        .client(peer.0.ip(), forwarded.as_deref())
        .to_string()
}

/// What every form handler starts from: the request (its address, session, account), the
/// form's fields, the page's language, the acting account and the client's address.
struct Posted {
    parts: axum::http::request::Parts,
    pairs: Vec<(String, String)>,
    locale: Locale,
    actor: Option<Actor>,
    ip: String,
}

impl Posted {
    async fn read(state: &AppState, request: Request) -> Self {
        let (parts, body) = request.into_parts();
        Posted {
            pairs: form_pairs(body).await,
            locale: Locale::from_path(parts.uri.path()),
            actor: parts.extensions.get::<Actor>().cloned(),
            ip: client_ip(state, &parts),
            parts,
        }
    }
}

/// The form's fields, in order. Malformed bodies read as empty (every field then fails
/// its own rule, with a message).
async fn form_pairs(body: Body) -> Vec<(String, String)> {
    match axum::body::to_bytes(body, 256 * 1024).await {
        Ok(bytes) => app::filters::query_pairs(&String::from_utf8_lossy(&bytes)),
        Err(error) => {
            tracing::warn!(%error, "form body refused");
            Vec::new()
        }
    }
}

fn value(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// Renders the page at the request's address again, with `replay` provided, and `status`.
async fn render_again(
    state: &AppState,
    mut parts: axum::http::request::Parts,
    replay: PostReplay,
    status: StatusCode,
) -> Response {
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_context(replay.clone());
        }
    };
    let options = state.leptos_options.clone();
    let handler =
        leptos_axum::render_app_async_with_context(context, move || app::shell(options.clone()));
    parts.method = Method::GET;
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut response = handler(Request::from_parts(parts, Body::empty())).await;
    *response.status_mut() = status;
    response
}

/// The status and page for a refused change, rendered at `page` (in the request's
/// language) instead of the request's own address: for forms posting to an address that is
/// no page (the admin page's row buttons).
async fn refused_at(
    state: &AppState,
    mut parts: axum::http::request::Parts,
    page: &str,
    error: WorkflowError,
) -> Response {
    let locale = Locale::from_path(parts.uri.path());
    match locale.href(page).parse() {
        Ok(uri) => parts.uri = uri,
        Err(error) => tracing::error!(%error, page, "not an address"),
    }
    refused(state, parts, error, Vec::new()).await
}

/// The status and page for a refused change.
async fn refused(
    state: &AppState,
    parts: axum::http::request::Parts,
    error: WorkflowError,
    values: Vec<(String, String)>,
) -> Response {
    let locale = Locale::from_path(parts.uri.path());
    match error {
        WorkflowError::Invalid(errors) => {
            // Held back by the login limit: 429, and when to try again.
            let throttled = errors.iter().any(|e| e.problem == Problem::TooManyAttempts);
            let replay = PostReplay { values, errors };
            if throttled {
                let mut response =
                    render_again(state, parts, replay, StatusCode::TOO_MANY_REQUESTS).await;
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from_static("900"));
                return response;
            }
            render_again(state, parts, replay, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        WorkflowError::Unauthorized => Redirect::to(&locale.href(paths::LOGIN)).into_response(),
        WorkflowError::Forbidden => {
            render_again(state, parts, PostReplay::default(), StatusCode::FORBIDDEN).await
        }
        WorkflowError::NotFound => {
            render_again(state, parts, PostReplay::default(), StatusCode::NOT_FOUND).await
        }
        WorkflowError::Conflict => {
            let replay = PostReplay {
                values,
                errors: vec![FieldError::new("reason", Problem::Conflict)],
            };
            render_again(state, parts, replay, StatusCode::CONFLICT).await
        }
        WorkflowError::Database(error) => {
            tracing::error!(%error, "database error in a form handler");
            render_again(
                state,
                parts,
                PostReplay {
                    values,
                    errors: Vec::new(),
                },
                StatusCode::INTERNAL_SERVER_ERROR,
            )
            .await
        }
    }
}

/// `POST /login`: checks the password, starts a new session (a new id: no session
/// fixation), and goes on to `next` or the account's home.
pub async fn post_login(State(state): State<AppState>, request: Request) -> Response {
    let Posted {
        parts,
        pairs,
        locale,
        ip,
        ..
    } = Posted::read(&state, request).await;
    let (email, password, next) = (
        value(&pairs, "email"),
        value(&pairs, "password"),
        value(&pairs, "next"),
    );
    // Never echo the password.
    let values = vec![
        ("email".to_string(), email.clone()),
        ("next".to_string(), next.clone()),
    ];
    if !app::forms::is_email(&email) {
        let errors = vec![FieldError::new("email", Problem::Email)];
        return render_again(
            &state,
            parts,
            PostReplay { values, errors },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let actor = match auth::login(&state.pool, &email, &password, &ip).await {
        Ok(Ok(actor)) => actor,
        Ok(Err(problem)) => {
            let status = if problem == Problem::TooManyAttempts {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNAUTHORIZED
            };
            let errors = vec![FieldError::new("password", problem)];
            let mut response =
                render_again(&state, parts, PostReplay { values, errors }, status).await;
            if status == StatusCode::TOO_MANY_REQUESTS {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from_static("900"));
            }
            return response;
        }
        Err(error) => return refused(&state, parts, error.into(), values).await,
    };
    let Some(session) = parts.extensions.get::<Session>().cloned() else {
        tracing::error!("no session layer in front of /login");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Err(error) = start_session(&state, &session, actor.id).await {
        tracing::error!(%error, "could not start a session");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let target = safe_next(&next).unwrap_or_else(|| locale.href(actor.role.home()));
    Redirect::to(&target).into_response()
}

/// Starts a new session (a new id) for `account`, in its current epoch.
async fn start_session(
    state: &AppState,
    session: &Session,
    account: i64,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let epoch = auth::session_epoch(&state.pool, account).await?;
    session.cycle_id().await?;
    session.insert(ACCOUNT_KEY, account).await?;
    session.insert(EPOCH_KEY, epoch).await?;
    Ok(())
}

/// `POST /logout`: ends the session here and in the database.
pub async fn post_logout(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let actor = parts.extensions.get::<Actor>().map(|a| a.id);
    if let Some(session) = parts.extensions.get::<Session>() {
        if let Err(error) = session.flush().await {
            tracing::error!(%error, "could not end a session");
        }
    }
    if let Some(id) = actor {
        if let Err(error) = auth::audit(
            &state.pool,
            Some(id),
            AuditAction::Logout,
            None,
            Some(&client_ip(&state, &parts)),
        )
        .await
        {
            tracing::error!(%error, "audit log");
        }
    }
    Redirect::to(&Locale::from_path(parts.uri.path()).href(paths::HOME)).into_response()
}

/// `POST /partner/activities/new` and `POST /partner/activities/{slug}/edit`: saves a draft
/// or submits the proposal for review.
pub async fn post_activity_form(
    State(state): State<AppState>,
    slug: Option<Path<String>>,
    request: Request,
) -> Response {
    let Posted {
        parts,
        pairs,
        locale,
        actor,
        ip,
    } = Posted::read(&state, request).await;
    let slug = slug.map(|Path(slug)| slug);
    let form = slug
        .as_deref()
        .map_or(paths::NEW_ACTIVITY.to_string(), paths::edit_activity);
    let submit = value(&pairs, "intent") == "submit";
    let draft = value(&pairs, "draft").parse::<i64>().ok();
    let base = value(&pairs, "base").parse::<i64>().ok();
    let input = ActivityInput::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    match workflow::save_submission(
        &state.pool,
        actor.as_ref(),
        slug.as_deref(),
        workflow::Saving {
            draft,
            base,
            submit,
        },
        input,
        Some(&ip),
    )
    .await
    {
        Ok(id) if submit => {
            Redirect::to(&format!("{}?submitted={id}", locale.href(paths::PARTNER))).into_response()
        }
        Ok(id) => {
            Redirect::to(&format!("{}?draft={id}&saved=1", locale.href(&form))).into_response()
        }
        Err(error) => refused(&state, parts, error, pairs).await,
    }
}

/// `POST /moderation/{id}`: approve (publish) or return with a reason.
pub async fn post_decision(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    request: Request,
) -> Response {
    let Posted {
        parts,
        pairs,
        locale,
        actor,
        ip,
    } = Posted::read(&state, request).await;
    let result = match Decision::from_slug(&value(&pairs, "decision")) {
        Some(Decision::Approve) => {
            workflow::approve(&state.pool, &state.search, actor.as_ref(), id, Some(&ip))
                .await
                .map(|_| Decision::Approve)
        }
        Some(Decision::Reject) => workflow::reject(
            &state.pool,
            actor.as_ref(),
            id,
            &value(&pairs, "reason"),
            Some(&ip),
        )
        .await
        .map(|_| Decision::Reject),
        None => Err(WorkflowError::Invalid(vec![FieldError::new(
            "reason",
            Problem::NotInList,
        )])),
    };
    match result {
        Ok(decision) => Redirect::to(&format!(
            "{}?decided={}",
            locale.href(paths::MODERATION),
            decision.outcome().slug()
        ))
        .into_response(),
        Err(error) => refused(&state, parts, error, pairs).await,
    }
}

/// `POST /partner/activities/{slug}/confirm` (`revision=n`): an editor confirms the
/// published version of an activity their organisation takes part in. A version that has
/// been replaced since the page was opened is refused with 409 and the dashboard says so.
pub async fn post_confirm(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    request: Request,
) -> Response {
    let Posted {
        parts,
        pairs,
        locale,
        actor,
        ip,
    } = Posted::read(&state, request).await;
    // The version the page showed; a missing or malformed one is never the current one.
    let revision = value(&pairs, "revision").parse::<i64>().unwrap_or(0);
    match app::ssr::trust::confirm(
        &state.pool,
        &state.search,
        actor.as_ref(),
        &slug,
        revision,
        Some(&ip),
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("{}?confirmed={slug}", locale.href(paths::PARTNER)))
            .into_response(),
        Err(WorkflowError::Conflict) => {
            let mut parts = parts;
            if let Ok(uri) = locale.href(paths::PARTNER).parse() {
                parts.uri = uri;
            }
            let replay = PostReplay {
                values: vec![("confirm".into(), slug)],
                errors: vec![FieldError::new("confirm", Problem::ConfirmOutdated)],
            };
            render_again(&state, parts, replay, StatusCode::CONFLICT).await
        }
        Err(error) => refused_at(&state, parts, paths::PARTNER, error).await,
    }
}

/// `POST /admin`: invite an editor or a moderator.
pub async fn post_invitation(State(state): State<AppState>, request: Request) -> Response {
    let Posted {
        parts,
        pairs,
        locale,
        actor,
        ..
    } = Posted::read(&state, request).await;
    match auth::invite(
        &state.pool,
        actor.as_ref(),
        &value(&pairs, "email"),
        &value(&pairs, "role"),
        &value(&pairs, "organization"),
        &state.public_url.0,
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("{}?invited=1", locale.href(paths::ADMIN))).into_response(),
        Err(error) => refused(&state, parts, error, pairs).await,
    }
}

/// `POST /admin/accounts/{id}` (`action=disable|enable`): an administrator disables or
/// re-enables an account.
pub async fn post_account_action(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    request: Request,
) -> Response {
    let Posted {
        parts,
        pairs,
        locale,
        actor,
        ip,
    } = Posted::read(&state, request).await;
    let (disabled, done) = match value(&pairs, "action").as_str() {
        "disable" => (true, "disabled"),
        "enable" => (false, "enabled"),
        _ => {
            let error = WorkflowError::Invalid(vec![FieldError::new("action", Problem::NotInList)]);
            return refused_at(&state, parts, paths::ADMIN, error).await;
        }
    };
    match app::ssr::account::lifecycle::set_disabled(
        &state.pool,
        actor.as_ref(),
        id,
        disabled,
        Some(&ip),
    )
    .await
    {
        Ok(()) => {
            Redirect::to(&format!("{}?done={done}", locale.href(paths::ADMIN))).into_response()
        }
        Err(error) => refused_at(&state, parts, paths::ADMIN, error).await,
    }
}

/// `POST /admin/invitations/{id}` (`action=resend|revoke`): an administrator sends an
/// invitation again with a new link, or revokes it.
pub async fn post_invitation_action(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    request: Request,
) -> Response {
    use app::ssr::account::lifecycle;
    let Posted {
        parts,
        pairs,
        locale,
        actor,
        ip,
    } = Posted::read(&state, request).await;
    let result = match value(&pairs, "action").as_str() {
        "resend" => lifecycle::resend_invitation(
            &state.pool,
            actor.as_ref(),
            id,
            &state.public_url.0,
            Some(&ip),
        )
        .await
        .map(|_| "resent"),
        "revoke" => lifecycle::revoke_invitation(&state.pool, actor.as_ref(), id, Some(&ip))
            .await
            .map(|()| "revoked"),
        _ => Err(WorkflowError::Invalid(vec![FieldError::new(
            "action",
            Problem::NotInList,
        )])),
    };
    match result {
        Ok(done) => {
            Redirect::to(&format!("{}?done={done}", locale.href(paths::ADMIN))).into_response()
        }
        Err(error) => refused_at(&state, parts, paths::ADMIN, error).await,
    }
}

/// `POST /account/password`: a signed-in person changes their password; their other
/// sessions end, this one goes on (in the account's new epoch).
pub async fn post_change_password(State(state): State<AppState>, request: Request) -> Response {
    let Posted {
        parts,
        pairs,
        locale,
        actor,
        ip,
    } = Posted::read(&state, request).await;
    match app::ssr::account::lifecycle::change_password(
        &state.pool,
        actor.as_ref(),
        &value(&pairs, "current"),
        &value(&pairs, "password"),
        &value(&pairs, "confirm"),
        Some(&ip),
    )
    .await
    {
        Ok(_) => {
            if let (Some(session), Some(actor)) = (parts.extensions.get::<Session>(), &actor) {
                if let Err(error) = start_session(&state, session, actor.id).await {
                    tracing::error!(%error, "could not start the session again");
                }
            }
            Redirect::to(&format!(
                "{}?changed=1",
                locale.href(paths::CHANGE_PASSWORD)
            ))
            .into_response()
        }
        // Never echo a password.
        Err(error) => refused(&state, parts, error, Vec::new()).await,
    }
}

/// `POST /forgot-password`: the same answer whether or not the address has an account.
pub async fn post_forgot_password(State(state): State<AppState>, request: Request) -> Response {
    let Posted {
        parts,
        pairs,
        locale,
        ip,
        ..
    } = Posted::read(&state, request).await;
    let email = value(&pairs, "email");
    match app::ssr::account::lifecycle::request_password_reset(
        &state.pool,
        &email,
        &state.public_url.0,
        Some(&ip),
    )
    .await
    {
        Ok(()) => {
            Redirect::to(&format!("{}?sent=1", locale.href(paths::FORGOT_PASSWORD))).into_response()
        }
        Err(error) => refused(&state, parts, error, vec![("email".into(), email)]).await,
    }
}

/// `POST /reset-password/{token}`: sets the new password; the person then logs in with it.
pub async fn post_reset_password(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: Request,
) -> Response {
    let Posted {
        parts,
        pairs,
        locale,
        ip,
        ..
    } = Posted::read(&state, request).await;
    match app::ssr::account::lifecycle::reset_password(
        &state.pool,
        &token,
        &value(&pairs, "password"),
        &value(&pairs, "confirm"),
        Some(&ip),
    )
    .await
    {
        Ok(()) => Redirect::to(&format!("{}?reset=1", locale.href(paths::LOGIN))).into_response(),
        Err(error) => refused(&state, parts, error, Vec::new()).await,
    }
}

/// `POST /invite/{token}`: the invitee sets a password and is logged in.
pub async fn post_accept_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: Request,
) -> Response {
    let Posted {
        parts,
        pairs,
        locale,
        ip,
        ..
    } = Posted::read(&state, request).await;
    match auth::accept_invitation(
        &state.pool,
        &token,
        &value(&pairs, "password"),
        &value(&pairs, "confirm"),
        &ip,
    )
    .await
    {
        Ok(actor) => {
            if let Some(session) = parts.extensions.get::<Session>() {
                if let Err(error) = start_session(&state, session, actor.id).await {
                    tracing::error!(%error, "could not start a session");
                }
            }
            Redirect::to(&locale.href(actor.role.home())).into_response()
        }
        Err(error) => refused(&state, parts, error, Vec::new()).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_sites_origin_counts_as_same_origin() {
        let public = "https://kakehashi.example";
        assert!(is_own_origin("https://kakehashi.example", None, public));
        assert!(is_own_origin(
            "https://kakehashi.example/partner?x=1",
            None,
            public
        ));
        assert!(is_own_origin(
            "http://127.0.0.1:3000",
            Some("127.0.0.1:3000"),
            public
        ));
        assert!(!is_own_origin(
            "https://evil.example",
            Some("127.0.0.1:3000"),
            public
        ));
        assert!(!is_own_origin(
            "https://kakehashi.example.evil.example",
            None,
            public
        ));
        assert!(!is_own_origin("null", Some("127.0.0.1:3000"), public));
        assert!(!is_own_origin("http://kakehashi.example", None, public));
    }

    #[test]
    fn return_addresses_are_encoded() {
        assert_eq!(
            percent_encode_path("/partner/activities/new?draft=3"),
            "/partner/activities/new%3Fdraft%3D3"
        );
    }
}
