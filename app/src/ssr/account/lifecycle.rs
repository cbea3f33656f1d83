//! Accounts over the years: an administrator disables and re-enables accounts and resends
//! or revokes invitations; a signed-in person changes their password; someone who forgot
//! theirs asks for a one-time reset link by mail. Every change is in the audit log.
//!
//! Sessions: each session remembers the account's `session_epoch` when it began
//! ([`auth::load_session_actor`]). Disabling an account, changing or resetting its password
//! moves the epoch on, so every older session stops logging anyone in at its next request;
//! the session that changed the password is started again in the new epoch by the caller.
//!
//! No account enumeration: asking for a reset answers the same whether or not the address
//! has an account (the link goes only to an existing, enabled one).

use super::auth::{self, audit, check, hash_password, random_token, token_hash, AuditAction};
use super::error::WorkflowError;
use crate::account::{AccountRole, Actor};
use crate::forms::{check_new_password, is_email, FieldError, Problem};
use crate::i18n::Locale;
use crate::ssr::db::{Flag, Pool};

/// How long a reset link works.
pub const RESET_MINUTES: i64 = 60;
/// How many reset links one account is sent per hour at most (more requests are answered
/// alike but send nothing).
pub const RESETS_PER_HOUR: i64 = 3;
/// How many reset requests one address may make in the login limit's window; beyond, they
/// are answered alike but neither recorded nor acted on (no flooding of the audit log or
/// the outbox from one place).
pub const RESET_REQUESTS_PER_ADDRESS: i64 = 20;

const EVERYONE: &[AccountRole] = &[
    AccountRole::Editor,
    AccountRole::Moderator,
    AccountRole::Admin,
];
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

fn invalid(field: &str, problem: Problem) -> WorkflowError {
    WorkflowError::Invalid(vec![FieldError::new(field, problem)])
}

/// An administrator disables (`disabled`) or re-enables account `id`. Disabling ends the
/// account's sessions at once; an administrator cannot disable their own account.
pub async fn set_disabled(
    pool: &Pool,
    actor: Option<&Actor>,
    id: i64,
    disabled: bool,
    ip: Option<&str>,
) -> Result<(), WorkflowError> {
    let actor = check(actor, &[AccountRole::Admin])?;
    if id == actor.id {
        return Err(invalid("account", Problem::OwnAccount));
    }
    let mut tx = pool.begin().await?;
    // The epoch moves on either way: a session from before the account was disabled never
    // comes back when it is enabled again.
    let email: Option<String> = sqlx::query_scalar(
        "UPDATE accounts SET disabled = $1, session_epoch = session_epoch + 1 WHERE id = $2
         RETURNING email",
    )
    .bind(i64::from(disabled))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(email) = email else {
        return Err(WorkflowError::NotFound);
    };
    let action = if disabled {
        AuditAction::DisableAccount
    } else {
        AuditAction::EnableAccount
    };
    audit(&mut *tx, Some(actor.id), action, Some(&email), ip).await?;
    tx.commit().await?;
    Ok(())
}

/// The invitation `id` if it is neither accepted nor revoked: its email, role and
/// organisation name; `Invalid` when it is closed, `NotFound` when there is none.
async fn open_invitation(
    pool: &Pool,
    id: i64,
) -> Result<(String, String, Option<String>), WorkflowError> {
    let row: Option<(String, String, Option<String>, Flag)> = sqlx::query_as(
        "SELECT i.email, i.role, o.name_en, i.accepted_at IS NULL AND i.revoked_at IS NULL
         FROM invitations i LEFT JOIN organizations o ON o.id = i.organization_id
         WHERE i.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    match row {
        None => Err(WorkflowError::NotFound),
        Some((_, _, _, Flag(false))) => Err(invalid("invitation", Problem::InvitationClosed)),
        Some((email, role, org, Flag(true))) => Ok((email, role, org)),
    }
}

/// An administrator sends invitation `id` again: a new link (the old one stops working)
/// valid for [`auth::INVITATION_DAYS`] more days, and a new message in the outbox. Returns
/// the new token.
pub async fn resend_invitation(
    pool: &Pool,
    actor: Option<&Actor>,
    id: i64,
    public_url: &str,
    ip: Option<&str>,
) -> Result<String, WorkflowError> {
    let actor = check(actor, &[AccountRole::Admin])?;
    let (email, role, org) = open_invitation(pool, id).await?;
    let role = AccountRole::from_slug(&role).ok_or(WorkflowError::NotFound)?;
    let token = random_token();
    let link = format!("{public_url}{}", crate::paths::invitation(&token));
    let mut tx = pool.begin().await?;
    let days = auth::INVITATION_DAYS;
    let renewed = sqlx::query(&format!(
        "UPDATE invitations SET token_hash = $1,
                expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+{days} days')
         WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL"
    ))
    .bind(token_hash(&token))
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if renewed != 1 {
        return Err(invalid("invitation", Problem::InvitationClosed));
    }
    auth::queue_invitation_mail(&mut tx, &email, role, org.as_deref(), &link).await?;
    audit(
        &mut *tx,
        Some(actor.id),
        AuditAction::ResendInvitation,
        Some(&email),
        ip,
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// An administrator revokes invitation `id`: its link stops working.
pub async fn revoke_invitation(
    pool: &Pool,
    actor: Option<&Actor>,
    id: i64,
    ip: Option<&str>,
) -> Result<(), WorkflowError> {
    let actor = check(actor, &[AccountRole::Admin])?;
    let (email, _, _) = open_invitation(pool, id).await?;
    let mut tx = pool.begin().await?;
    let revoked = sqlx::query(&format!(
        "UPDATE invitations SET revoked_at = {NOW}
         WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL"
    ))
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if revoked != 1 {
        return Err(invalid("invitation", Problem::InvitationClosed));
    }
    audit(
        &mut *tx,
        Some(actor.id),
        AuditAction::RevokeInvitation,
        Some(&email),
        ip,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets account `id`'s password hash, ends its other sessions and its open reset links.
/// Returns the new session epoch.
async fn set_password(
    tx: &mut crate::ssr::db::Transaction<'_>,
    id: i64,
    hash: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE password_resets SET used_at = {NOW} WHERE account_id = $1 AND used_at IS NULL"
    ))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    sqlx::query_scalar(
        "UPDATE accounts SET password_hash = $1, session_epoch = session_epoch + 1 WHERE id = $2
         RETURNING session_epoch",
    )
    .bind(hash)
    .bind(id)
    .fetch_one(&mut **tx)
    .await
}

/// A signed-in person changes their password, giving the current one. Every other session
/// of the account ends; returns the epoch the caller starts this session again in. A wrong
/// current password counts as a failed login, and the login limit applies here too (a
/// stolen session cannot try passwords without end).
pub async fn change_password(
    pool: &Pool,
    actor: Option<&Actor>,
    current: &str,
    password: &str,
    confirm: &str,
    ip: Option<&str>,
) -> Result<i64, WorkflowError> {
    let actor = check(actor, EVERYONE)?;
    let hash: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = $1 AND disabled = 0")
            .bind(actor.id)
            .fetch_optional(pool)
            .await?;
    let Some(hash) = hash else {
        return Err(WorkflowError::Unauthorized);
    };
    let address = ip.unwrap_or("unknown");
    if auth::too_many_failures(pool, &actor.email, address).await? {
        return Err(invalid("current", Problem::TooManyAttempts));
    }
    let mut errors = Vec::new();
    if !auth::verify_password(&hash, current).await {
        audit(
            pool,
            Some(actor.id),
            AuditAction::LoginFailed,
            Some(&actor.email),
            Some(address),
        )
        .await?;
        errors.push(FieldError::new("current", Problem::WrongPassword));
    }
    errors.extend(check_new_password(password, confirm));
    if !errors.is_empty() {
        return Err(WorkflowError::Invalid(errors));
    }
    let hash = hash_password(password).await?;
    let mut tx = pool.begin().await?;
    let epoch = set_password(&mut tx, actor.id, &hash).await?;
    audit(
        &mut *tx,
        Some(actor.id),
        AuditAction::ChangePassword,
        Some(&actor.email),
        ip,
    )
    .await?;
    tx.commit().await?;
    Ok(epoch)
}

/// Someone asks for a link to set a new password for `email`. Answers alike whether or not
/// the address has an account; when it has an enabled one (and fewer than
/// [`RESETS_PER_HOUR`] links went to it this hour) the outbox gets a one-time link valid
/// for [`RESET_MINUTES`], in both languages. Only a malformed address is refused.
pub async fn request_password_reset(
    pool: &Pool,
    email: &str,
    public_url: &str,
    ip: Option<&str>,
) -> Result<(), WorkflowError> {
    let email = email.trim().to_lowercase();
    if !is_email(&email) {
        return Err(invalid("email", Problem::Email));
    }
    if let Some(ip) = ip {
        let asked = auth::recent(pool, AuditAction::RequestPasswordReset, "ip", ip).await?;
        if asked >= RESET_REQUESTS_PER_ADDRESS {
            tracing::warn!(%ip, "password resets asked too often from one address; ignored");
            return Ok(());
        }
    }
    let mut tx = pool.begin().await?;
    audit(
        &mut *tx,
        None,
        AuditAction::RequestPasswordReset,
        Some(&email),
        ip,
    )
    .await?;
    let account: Option<(i64, i64)> = sqlx::query_as(
        "SELECT a.id, (SELECT count(*) FROM password_resets r WHERE r.account_id = a.id
                         AND r.created_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hour'))
         FROM accounts a WHERE a.email = $1 AND a.disabled = 0",
    )
    .bind(&email)
    .fetch_optional(&mut *tx)
    .await?;
    match account {
        Some((id, recent)) if recent < RESETS_PER_HOUR => {
            let token = random_token();
            sqlx::query(&format!(
                "INSERT INTO password_resets (token_hash, account_id, expires_at)
                 VALUES ($1, $2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+{RESET_MINUTES} minutes'))"
            ))
            .bind(token_hash(&token))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let path = crate::paths::reset_password(&token);
            let (en, ja) = (
                format!("{public_url}{}", Locale::En.href(&path)),
                format!("{public_url}{}", Locale::Ja.href(&path)),
            );
            sqlx::query("INSERT INTO outbox (recipient, subject, body) VALUES ($1, $2, $3)")
                .bind(&email)
                .bind("Set a new Kakehashi password / 架け橋のパスワード再設定")
                .bind(format!(
                    "Someone, probably you, asked to set a new password for this Kakehashi account.\n\
                     The link works once, within {RESET_MINUTES} minutes: {en}\n\
                     If it was not you, ignore this message: your password stays as it is.\n\n\
                     架け橋アカウントのパスワード再設定が依頼されました。\n\
                     次のリンクは{RESET_MINUTES}分以内に一度だけ使えます：{ja}\n\
                     心当たりがない場合はこのメールを無視してください。パスワードは変わりません。\n"
                ))
                .execute(&mut *tx)
                .await?;
        }
        Some((id, _)) => {
            tracing::warn!(account = id, "password reset asked too often; no link sent");
        }
        None => {}
    }
    tx.commit().await?;
    Ok(())
}

/// The reset link `token` if it still works: its id, the account and its email.
async fn open_reset(pool: &Pool, token: &str) -> Result<Option<(i64, i64, String)>, sqlx::Error> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    sqlx::query_as(&format!(
        "SELECT r.id, a.id, a.email FROM password_resets r JOIN accounts a ON a.id = r.account_id
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > {NOW} AND a.disabled = 0"
    ))
    .bind(token_hash(token))
    .fetch_optional(pool)
    .await
}

/// The address a reset link is for, if the link still works.
pub async fn password_reset(pool: &Pool, token: &str) -> Result<Option<String>, sqlx::Error> {
    Ok(open_reset(pool, token).await?.map(|(_, _, email)| email))
}

/// Sets a new password through reset link `token`. The link then stops working, and so do
/// the account's other links and all its sessions; the person logs in with the new password.
pub async fn reset_password(
    pool: &Pool,
    token: &str,
    password: &str,
    confirm: &str,
    ip: Option<&str>,
) -> Result<(), WorkflowError> {
    let Some((reset, account, email)) = open_reset(pool, token).await? else {
        return Err(invalid("password", Problem::ResetLinkInvalid));
    };
    let errors = check_new_password(password, confirm);
    if !errors.is_empty() {
        return Err(WorkflowError::Invalid(errors));
    }
    let hash = hash_password(password).await?;
    let mut tx = pool.begin().await?;
    // Claimed first, guarded by `used_at IS NULL`: a second use (even a concurrent one)
    // changes nothing.
    let claimed = sqlx::query(&format!(
        "UPDATE password_resets SET used_at = {NOW} WHERE id = $1 AND used_at IS NULL"
    ))
    .bind(reset)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Err(invalid("password", Problem::ResetLinkInvalid));
    }
    set_password(&mut tx, account, &hash).await?;
    audit(
        &mut *tx,
        Some(account),
        AuditAction::ResetPassword,
        Some(&email),
        ip,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
