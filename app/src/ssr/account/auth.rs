//! Accounts: passwords, logging in, who the current request is, invitations, demo
//! accounts and the audit log.
//!
//! Rules: passwords are Argon2id PHC strings, hashed and checked on the blocking pool.
//! Invitation tokens are stored only as SHA-256 hashes. Failed logins are counted from the
//! audit log, per account and per address, so the limit survives restarts. Every function
//! that changes something takes the acting account and checks it here, not in the router.

use super::error::{CreateAdminError, WorkflowError};
use crate::account::{
    AccountRole, AccountSummary, Actor, AdminOverview, AuditEntry, InvitationState,
    InvitationSummary, InvitationView, OrgBrief, OutboxMessage, PostReplay,
};
use crate::error::AppError;
use crate::forms::{is_email, FieldError, Problem};
use crate::model::Localized;
use crate::ssr::db::{Flag, Pool, Transaction};
use crate::ssr::record;
use argon2::password_hash::{phc::PasswordHash, PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use sqlx::Executor;
use std::sync::OnceLock;

/// Failed logins for one account within [`THROTTLE_WINDOW`] before it is refused.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed logins from one address within [`THROTTLE_WINDOW`] before it is refused.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// SQLite modifier for the window failures are counted in.
pub const THROTTLE_WINDOW: &str = "-15 minutes";
/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;
/// The password of every demo account (only with `KAKEHASHI_DEMO=1`).
pub const DEMO_PASSWORD: &str = "kakehashi-demo";
/// How many times a message in the outbox is tried before it is given up (the mailer is
/// `server/src/mail.rs`).
pub const MAIL_ATTEMPTS: i64 = 8;

/// The account of the current request, as the server's session middleware resolved it.
pub fn current_actor() -> Option<Actor> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Actor>().cloned())
}

/// The current account when it has one of `roles`: `Unauthorized` for visitors,
/// `Forbidden` for other accounts.
pub fn require(roles: &[AccountRole]) -> Result<Actor, AppError> {
    check(current_actor().as_ref(), roles)
        .cloned()
        .map_err(AppError::from)
}

/// The one role check: `actor` must exist and have one of `roles`.
pub fn check<'a>(
    actor: Option<&'a Actor>,
    roles: &[AccountRole],
) -> Result<&'a Actor, WorkflowError> {
    match actor {
        None => Err(WorkflowError::Unauthorized),
        Some(a) if roles.contains(&a.role) => Ok(a),
        Some(_) => Err(WorkflowError::Forbidden),
    }
}

/// An Argon2id PHC string for `password` (on the blocking pool: it takes tens of ms).
pub async fn hash_password(password: &str) -> Result<String, sqlx::Error> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| sqlx::Error::Protocol(format!("hashing task failed: {e}")))?
    .map_err(|e| sqlx::Error::Protocol(format!("hashing failed: {e}")))
}

/// Whether `password` matches the PHC string `hash`.
pub async fn verify_password(hash: &str, password: &str) -> bool {
    let (hash, password) = (hash.to_string(), password.to_string());
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash to check against when the account does not exist, so the answer takes as long.
async fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    if let Some(h) = DECOY.get() {
        return h;
    }
    let h = hash_password("decoy password, never valid")
        .await
        .unwrap_or_default();
    DECOY.get_or_init(|| h)
}

/// What an audit line records.
///
/// Rules: the slug is what `audit_log.action` stores and what failed logins are counted by,
/// so it never changes once released; a new kind of line gets a new slug.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditAction {
    Login,
    LoginFailed,
    LoginThrottled,
    Logout,
    Invite,
    AcceptInvitation,
    SaveDraft,
    Submit,
    Approve,
    Reject,
    CreateAdmin,
    DisableAccount,
    EnableAccount,
    ResendInvitation,
    RevokeInvitation,
    ChangePassword,
    RequestPasswordReset,
    ResetPassword,
    Confirm,
    QueueReminder,
}

impl AuditAction {
    pub const ALL: [AuditAction; 20] = [
        AuditAction::Login,
        AuditAction::LoginFailed,
        AuditAction::LoginThrottled,
        AuditAction::Logout,
        AuditAction::Invite,
        AuditAction::AcceptInvitation,
        AuditAction::SaveDraft,
        AuditAction::Submit,
        AuditAction::Approve,
        AuditAction::Reject,
        AuditAction::CreateAdmin,
        AuditAction::DisableAccount,
        AuditAction::EnableAccount,
        AuditAction::ResendInvitation,
        AuditAction::RevokeInvitation,
        AuditAction::ChangePassword,
        AuditAction::RequestPasswordReset,
        AuditAction::ResetPassword,
        AuditAction::Confirm,
        AuditAction::QueueReminder,
    ];

    /// The stored form.
    pub fn slug(self) -> &'static str {
        match self {
            AuditAction::Login => "login",
            AuditAction::LoginFailed => "login-failed",
            AuditAction::LoginThrottled => "login-throttled",
            AuditAction::Logout => "logout",
            AuditAction::Invite => "invite",
            AuditAction::AcceptInvitation => "accept-invitation",
            AuditAction::SaveDraft => "save-draft",
            AuditAction::Submit => "submit",
            AuditAction::Approve => "approve",
            AuditAction::Reject => "reject",
            AuditAction::CreateAdmin => "create-admin",
            AuditAction::DisableAccount => "disable-account",
            AuditAction::EnableAccount => "enable-account",
            AuditAction::ResendInvitation => "resend-invitation",
            AuditAction::RevokeInvitation => "revoke-invitation",
            AuditAction::ChangePassword => "change-password",
            AuditAction::RequestPasswordReset => "request-password-reset",
            AuditAction::ResetPassword => "reset-password",
            AuditAction::Confirm => "confirm",
            AuditAction::QueueReminder => "queue-reminder",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.slug() == slug)
    }
}

/// Writes one line of the audit log.
pub async fn audit<'e, E: Executor<'e, Database = sqlx::Any>>(
    executor: E,
    actor: Option<i64>,
    action: AuditAction,
    subject: Option<&str>,
    ip: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (actor_id, action, subject, ip) VALUES ($1, $2, $3, $4)")
        .bind(actor)
        .bind(action.slug())
        .bind(subject)
        .bind(ip)
        .execute(executor)
        .await?;
    Ok(())
}

type AccountRow = (
    i64,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn actor_from(row: AccountRow) -> Option<Actor> {
    let (id, email, role, org_id, slug, en, ja) = row;
    Some(Actor {
        id,
        email,
        role: AccountRole::from_slug(&role)?,
        organization: match (org_id, slug, en, ja) {
            (Some(id), Some(slug), Some(en), Some(ja)) => Some(OrgBrief {
                id,
                slug,
                name: Localized::new(en, ja),
            }),
            _ => None,
        },
    })
}

const ACCOUNT_SELECT: &str = "SELECT a.id, a.email, a.role, o.id, o.slug, o.name_en, o.name_ja
     FROM accounts a LEFT JOIN organizations o ON o.id = a.organization_id";

/// The account a session started in `epoch` logs in: `None` when the account is missing or
/// disabled, or its password changed (or was reset) since, which moved its epoch on.
pub async fn load_session_actor(
    pool: &Pool,
    id: i64,
    epoch: i64,
) -> Result<Option<Actor>, sqlx::Error> {
    let row: Option<AccountRow> = sqlx::query_as(&format!(
        "{ACCOUNT_SELECT} WHERE a.id = $1 AND a.disabled = 0 AND a.session_epoch = $2"
    ))
    .bind(id)
    .bind(epoch)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(actor_from))
}

/// The epoch a new session of account `id` begins in (see [`load_session_actor`]).
pub async fn session_epoch(pool: &Pool, id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT session_epoch FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
}

/// The account `id`, unless it is missing or disabled.
pub async fn load_actor(pool: &Pool, id: i64) -> Result<Option<Actor>, sqlx::Error> {
    let row: Option<AccountRow> = sqlx::query_as(&format!(
        "{ACCOUNT_SELECT} WHERE a.id = $1 AND a.disabled = 0"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(actor_from))
}

/// How many `action` lines whose `column` is `value` the audit log holds from the last
/// [`THROTTLE_WINDOW`].
pub(super) async fn recent(
    pool: &Pool,
    action: AuditAction,
    column: &str,
    value: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT count(*) FROM audit_log WHERE action = $1 AND {column} = $2
           AND at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '{THROTTLE_WINDOW}')"
    ))
    .bind(action.slug())
    .bind(value)
    .fetch_one(pool)
    .await
}

/// Whether account `email` or address `ip` failed to give its password too often lately
/// ([`MAX_FAILURES_PER_ACCOUNT`], [`MAX_FAILURES_PER_ADDRESS`]): at a login, and when a
/// signed-in person gives their current password to change it.
pub(super) async fn too_many_failures(
    pool: &Pool,
    email: &str,
    ip: &str,
) -> Result<bool, sqlx::Error> {
    Ok(
        recent(pool, AuditAction::LoginFailed, "subject", email).await? >= MAX_FAILURES_PER_ACCOUNT
            || recent(pool, AuditAction::LoginFailed, "ip", ip).await? >= MAX_FAILURES_PER_ADDRESS,
    )
}

/// Checks an email and password. `Err(WrongCredentials)` for an unknown account or a wrong
/// password alike; `Err(TooManyAttempts)` once the account or the address has failed too
/// often recently (then even the right password is refused until the window passes).
pub async fn login(
    pool: &Pool,
    email: &str,
    password: &str,
    ip: &str,
) -> Result<Result<Actor, Problem>, sqlx::Error> {
    let email = email.trim().to_lowercase();
    if too_many_failures(pool, &email, ip).await? {
        tracing::warn!(%email, %ip, "login refused: too many failed attempts");
        audit(
            pool,
            None,
            AuditAction::LoginThrottled,
            Some(&email),
            Some(ip),
        )
        .await?;
        return Ok(Err(Problem::TooManyAttempts));
    }
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, password_hash FROM accounts WHERE email = $1 AND disabled = 0")
            .bind(&email)
            .fetch_optional(pool)
            .await?;
    let matched = match &row {
        Some((_, hash)) => verify_password(hash, password).await,
        None => {
            verify_password(decoy_hash().await, password).await;
            false
        }
    };
    match row {
        Some((id, _)) if matched => {
            audit(pool, Some(id), AuditAction::Login, Some(&email), Some(ip)).await?;
            Ok(load_actor(pool, id).await?.ok_or(Problem::WrongCredentials))
        }
        _ => {
            audit(pool, None, AuditAction::LoginFailed, Some(&email), Some(ip)).await?;
            Ok(Err(Problem::WrongCredentials))
        }
    }
}

/// Creates an account. The email is stored lower-cased.
pub async fn create_account(
    pool: &Pool,
    email: &str,
    password_hash: &str,
    role: AccountRole,
    organization_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO accounts (email, password_hash, role, organization_id) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(email.trim().to_lowercase())
    .bind(password_hash)
    .bind(role.slug())
    .bind(organization_id)
    .fetch_one(pool)
    .await
}

/// The first administrator (`server create-admin --email …`).
pub async fn create_admin(
    pool: &Pool,
    email: &str,
    password: &str,
) -> Result<i64, CreateAdminError> {
    if !is_email(email) {
        return Err(CreateAdminError::Email(email.to_string()));
    }
    if password.chars().count() < crate::forms::MIN_PASSWORD {
        return Err(CreateAdminError::Password);
    }
    let exists: i64 = sqlx::query_scalar("SELECT count(*) FROM accounts WHERE email = $1")
        .bind(email.trim().to_lowercase())
        .fetch_one(pool)
        .await?;
    if exists > 0 {
        return Err(CreateAdminError::Exists);
    }
    let hash = hash_password(password).await?;
    let id = create_account(pool, email, &hash, AccountRole::Admin, None).await?;
    audit(
        pool,
        Some(id),
        AuditAction::CreateAdmin,
        Some(&email.trim().to_lowercase()),
        None,
    )
    .await?;
    Ok(id)
}

/// With `KAKEHASHI_DEMO=1`: `admin@example.org`, `moderator@example.org` and
/// `editor.{organisation-slug}@example.org` for every organisation, all with
/// [`DEMO_PASSWORD`]. Existing accounts are left alone. Returns how many were created.
pub async fn ensure_demo_accounts(pool: &Pool) -> Result<u64, sqlx::Error> {
    // One hash for all: they share the password by design, and hashing ~60 times would
    // slow every start.
    let hash = hash_password(DEMO_PASSWORD).await?;
    let mut created = 0;
    for (email, role) in [
        ("admin@example.org", AccountRole::Admin),
        ("moderator@example.org", AccountRole::Moderator),
    ] {
        created += sqlx::query(
            "INSERT INTO accounts (email, password_hash, role) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
        )
        .bind(email)
        .bind(&hash)
        .bind(role.slug())
        .execute(pool)
        .await?
        .rows_affected();
    }
    created += sqlx::query(
        "INSERT INTO accounts (email, password_hash, role, organization_id)
         SELECT 'editor.' || slug || '@example.org', $1, 'editor', id FROM organizations WHERE true
         ON CONFLICT DO NOTHING",
    )
    .bind(&hash)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(created)
}

pub(super) fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An admin invites `email` as `role` (an editor for organisation `organization`). The
/// message with the one-time link goes to the outbox. Returns the token.
pub async fn invite(
    pool: &Pool,
    actor: Option<&Actor>,
    email: &str,
    role: &str,
    organization: &str,
    public_url: &str,
) -> Result<String, WorkflowError> {
    let actor = check(actor, &[AccountRole::Admin])?;
    let email = email.trim().to_lowercase();
    let mut errors = Vec::new();
    if !is_email(&email) {
        errors.push(FieldError::new("email", Problem::Email));
    }
    let role = AccountRole::from_slug(role);
    if role.is_none() {
        errors.push(FieldError::new("role", Problem::NotInList));
    }
    let org: Option<(i64, String)> = if organization.is_empty() {
        None
    } else {
        sqlx::query_as("SELECT id, name_en FROM organizations WHERE slug = $1")
            .bind(organization)
            .fetch_optional(pool)
            .await?
    };
    match (role, &org) {
        (Some(AccountRole::Editor), None) => {
            errors.push(FieldError::new("organization", Problem::Required))
        }
        (Some(AccountRole::Moderator | AccountRole::Admin), Some(_)) => {
            errors.push(FieldError::new("organization", Problem::NotInList))
        }
        _ => {}
    }
    let exists: i64 = sqlx::query_scalar("SELECT count(*) FROM accounts WHERE email = $1")
        .bind(&email)
        .fetch_one(pool)
        .await?;
    if exists > 0 {
        errors.push(FieldError::new("email", Problem::Duplicate));
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return Err(WorkflowError::Invalid(errors));
    };
    let token = random_token();
    let link = format!("{public_url}{}", crate::paths::invitation(&token));
    let mut tx = pool.begin().await?;
    sqlx::query(&format!(
        "INSERT INTO invitations (token_hash, email, role, organization_id, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+{INVITATION_DAYS} days'))"
    ))
    .bind(token_hash(&token))
    .bind(&email)
    .bind(role.slug())
    .bind(org.as_ref().map(|(id, _)| *id))
    .bind(actor.id)
    .execute(&mut *tx)
    .await?;
    queue_invitation_mail(
        &mut tx,
        &email,
        role,
        org.as_ref().map(|(_, name)| name.as_str()),
        &link,
    )
    .await?;
    audit(
        &mut *tx,
        Some(actor.id),
        AuditAction::Invite,
        Some(&email),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Puts the invitation message for `email` (with its one-time `link`) in the outbox.
pub(super) async fn queue_invitation_mail(
    tx: &mut Transaction<'_>,
    email: &str,
    role: AccountRole,
    organization: Option<&str>,
    link: &str,
) -> Result<(), sqlx::Error> {
    let whom = match organization {
        Some(name) => format!("an editor for {name}"),
        None => format!("a {}", role.slug()),
    };
    sqlx::query("INSERT INTO outbox (recipient, subject, body) VALUES ($1, $2, $3)")
        .bind(email)
        .bind("Your Kakehashi account / 架け橋アカウントへの招待")
        .bind(format!(
            "You are invited to Kakehashi as {whom}.\nSet your password within {INVITATION_DAYS} days: {link}\n\n\
             架け橋に招待されました。{INVITATION_DAYS}日以内に次のリンクからパスワードを設定してください：{link}\n"
        ))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

type InvitationRow = (
    i64,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
);

async fn open_invitation(pool: &Pool, token: &str) -> Result<Option<InvitationRow>, sqlx::Error> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    sqlx::query_as(
        "SELECT i.id, i.email, i.role, i.organization_id, o.name_en, o.name_ja
         FROM invitations i LEFT JOIN organizations o ON o.id = i.organization_id
         WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL
           AND i.expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
    )
    .bind(token_hash(token))
    .fetch_optional(pool)
    .await
}

/// What an invitation link offers, if it is still open.
pub async fn invitation(pool: &Pool, token: &str) -> Result<Option<InvitationView>, sqlx::Error> {
    Ok(open_invitation(pool, token)
        .await?
        .and_then(|(_, email, role, _, en, ja)| {
            Some(InvitationView {
                email,
                role: AccountRole::from_slug(&role)?,
                organization: en.zip(ja).map(|(en, ja)| Localized::new(en, ja)),
                errors: Vec::new(),
            })
        }))
}

/// The invitee sets a password: the account is created and the link stops working.
pub async fn accept_invitation(
    pool: &Pool,
    token: &str,
    password: &str,
    confirm: &str,
    ip: &str,
) -> Result<Actor, WorkflowError> {
    let Some((invitation_id, email, role, org_id, _, _)) = open_invitation(pool, token).await?
    else {
        return Err(WorkflowError::Invalid(vec![FieldError::new(
            "password",
            Problem::InvitationInvalid,
        )]));
    };
    let errors = crate::forms::check_new_password(password, confirm);
    if !errors.is_empty() {
        return Err(WorkflowError::Invalid(errors));
    }
    let hash = hash_password(password).await?;
    let mut tx = pool.begin().await?;
    // Marking it accepted first, guarded by `accepted_at IS NULL`, makes a second use of
    // the same link (even a concurrent one) fail instead of creating a second account.
    let claimed = sqlx::query("UPDATE invitations SET accepted_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL")
        .bind(invitation_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed != 1 {
        return Err(WorkflowError::Invalid(vec![FieldError::new(
            "password",
            Problem::InvitationInvalid,
        )]));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO accounts (email, password_hash, role, organization_id) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(&email)
    .bind(&hash)
    .bind(&role)
    .bind(org_id)
    .fetch_one(&mut *tx)
    .await?;
    audit(
        &mut *tx,
        Some(id),
        AuditAction::AcceptInvitation,
        Some(&email),
        Some(ip),
    )
    .await?;
    tx.commit().await?;
    load_actor(pool, id).await?.ok_or(WorkflowError::NotFound)
}

/// Everything the administration page lists (newest first, bounded).
pub async fn admin_overview(
    pool: &Pool,
    actor: Actor,
    replay: Option<PostReplay>,
) -> Result<AdminOverview, sqlx::Error> {
    type AccountListRow = (
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        Flag,
    );
    let accounts: Vec<AccountListRow> = sqlx::query_as(
        "SELECT a.id, a.email, a.role, o.name_en, o.name_ja, a.created_at, a.disabled
         FROM accounts a LEFT JOIN organizations o ON o.id = a.organization_id
         ORDER BY a.role, a.email LIMIT 500",
    )
    .fetch_all(pool)
    .await?;
    type InvitationListRow = (
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        String,
    );
    let invitations: Vec<InvitationListRow> = sqlx::query_as(
        "SELECT i.id, i.email, i.role, o.name_en, o.name_ja, i.expires_at,
                CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted'
                     WHEN i.revoked_at IS NOT NULL THEN 'revoked'
                     WHEN i.expires_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now') THEN 'expired'
                     ELSE 'open' END
         FROM invitations i LEFT JOIN organizations o ON o.id = i.organization_id
         ORDER BY i.id DESC LIMIT 100",
    )
    .fetch_all(pool)
    .await?;
    type OutboxRow = (
        String,
        String,
        String,
        String,
        Option<String>,
        i64,
        Option<String>,
    );
    let outbox: Vec<OutboxRow> = sqlx::query_as(
        "SELECT recipient, subject, body, created_at, sent_at, attempts, last_error
         FROM outbox ORDER BY id DESC LIMIT 50",
    )
    .fetch_all(pool)
    .await?;
    type AuditRow = (
        String,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
    );
    let audit_rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT l.at, a.email, l.action, l.subject, l.ip
             FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id
             ORDER BY l.id DESC LIMIT 200",
    )
    .fetch_all(pool)
    .await?;
    let organizations = record::form_options(pool).await?.organizations;
    let name =
        |en: Option<String>, ja: Option<String>| en.zip(ja).map(|(en, ja)| Localized::new(en, ja));
    let replay = replay.unwrap_or_default();
    Ok(AdminOverview {
        actor,
        accounts: accounts
            .into_iter()
            .filter_map(|(id, email, role, en, ja, created_at, disabled)| {
                Some(AccountSummary {
                    id,
                    disabled: disabled.into(),
                    email,
                    role: AccountRole::from_slug(&role)?,
                    organization: name(en, ja),
                    created_at,
                })
            })
            .collect(),
        invitations: invitations
            .into_iter()
            .filter_map(|(id, email, role, en, ja, expires_at, state)| {
                Some(InvitationSummary {
                    id,
                    email,
                    role: AccountRole::from_slug(&role)?,
                    organization: name(en, ja),
                    expires_at,
                    state: InvitationState::from_slug(&state)?,
                })
            })
            .collect(),
        outbox: outbox
            .into_iter()
            .map(
                |(recipient, subject, body, created_at, sent_at, attempts, last_error)| {
                    OutboxMessage {
                        given_up: sent_at.is_none() && attempts >= MAIL_ATTEMPTS,
                        recipient,
                        subject,
                        body,
                        created_at,
                        sent_at,
                        attempts,
                        last_error,
                    }
                },
            )
            .collect(),
        organizations,
        audit: audit_rows
            .into_iter()
            .map(|(at, actor, action, subject, ip)| AuditEntry {
                at,
                actor,
                action,
                subject,
                ip,
            })
            .collect(),
        values: replay.values,
        errors: replay.errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("correct horse battery").await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(&hash, "correct horse battery").await);
        assert!(!verify_password(&hash, "correct horse batterY").await);
        assert!(!verify_password("not a hash", "anything").await);
    }

    #[test]
    fn audit_actions_keep_the_slugs_already_stored() {
        let slugs: Vec<&str> = AuditAction::ALL.iter().map(|a| a.slug()).collect();
        assert_eq!(
            slugs,
            [
                "login",
                "login-failed",
                "login-throttled",
                "logout",
                "invite",
                "accept-invitation",
                "save-draft",
                "submit",
                "approve",
                "reject",
                "create-admin",
                "disable-account",
                "enable-account",
                "resend-invitation",
                "revoke-invitation",
                "change-password",
                "request-password-reset",
                "reset-password",
                "confirm",
                "queue-reminder",
            ]
        );
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_slug(action.slug()), Some(action));
        }
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
