//! Accounts over time, on real SQLite files: disabling ends sessions, invitations sent
//! again or revoked, password changes end the other sessions, reset links work once and
//! expire, asking for one tells nobody whether an address has an account, and all of it is
//! in the audit log.
#![cfg(feature = "ssr")]

use app::account::Actor;
use app::forms::Problem;
use app::ssr::account::auth::{self, AuditAction, DEMO_PASSWORD};
use app::ssr::account::error::WorkflowError;
use app::ssr::account::lifecycle;
use app::ssr::db::Pool;
use support::{actor, seeded_with_accounts as seeded};

mod support;

/// Whether a session of `who` that began in `epoch` still logs them in.
async fn session_works(pool: &Pool, who: &Actor, epoch: i64) -> bool {
    auth::load_session_actor(pool, who.id, epoch)
        .await
        .unwrap()
        .is_some()
}

async fn audited(pool: &Pool, action: AuditAction, subject: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = $1 AND subject = $2")
        .bind(action.slug())
        .bind(subject)
        .fetch_one(pool)
        .await
        .unwrap()
}

fn problem(result: Result<impl std::fmt::Debug, WorkflowError>) -> Problem {
    match result {
        Err(WorkflowError::Invalid(errors)) => errors[0].problem,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn logs_in(pool: &Pool, email: &str, password: &str) -> bool {
    auth::login(pool, email, password, "ip")
        .await
        .unwrap()
        .is_ok()
}

const EDITOR: &str = "editor.nagasaki-university@example.org";

#[tokio::test]
async fn a_disabled_account_loses_its_sessions_at_once_and_cannot_log_in_until_enabled() {
    let (_dir, pool) = seeded().await;
    let admin = actor(&pool, "admin@example.org").await;
    let editor = actor(&pool, EDITOR).await;
    let epoch = auth::session_epoch(&pool, editor.id).await.unwrap();
    assert!(session_works(&pool, &editor, epoch).await);

    lifecycle::set_disabled(&pool, Some(&admin), editor.id, true, Some("ip"))
        .await
        .unwrap();
    assert!(!session_works(&pool, &editor, epoch).await);
    assert!(!logs_in(&pool, EDITOR, DEMO_PASSWORD).await);
    assert_eq!(audited(&pool, AuditAction::DisableAccount, EDITOR).await, 1);

    lifecycle::set_disabled(&pool, Some(&admin), editor.id, false, Some("ip"))
        .await
        .unwrap();
    assert!(logs_in(&pool, EDITOR, DEMO_PASSWORD).await);
    // The session from before it was disabled does not come back.
    assert!(!session_works(&pool, &editor, epoch).await);
    assert_eq!(audited(&pool, AuditAction::EnableAccount, EDITOR).await, 1);

    // Nobody disables their own account; only administrators disable any.
    assert_eq!(
        problem(lifecycle::set_disabled(&pool, Some(&admin), admin.id, true, None).await),
        Problem::OwnAccount
    );
    let moderator = actor(&pool, "moderator@example.org").await;
    assert!(matches!(
        lifecycle::set_disabled(&pool, Some(&moderator), editor.id, true, None).await,
        Err(WorkflowError::Forbidden)
    ));
    assert!(matches!(
        lifecycle::set_disabled(&pool, Some(&admin), 999_999, true, None).await,
        Err(WorkflowError::NotFound)
    ));
}

async fn outbox_bodies(pool: &Pool, to: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id")
        .bind(to)
        .fetch_all(pool)
        .await
        .unwrap()
}

async fn invitation_id(pool: &Pool, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM invitations WHERE email = $1")
        .bind(email)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_invitation_sent_again_gets_a_new_link_and_a_revoked_one_none() {
    let (_dir, pool) = seeded().await;
    let admin = actor(&pool, "admin@example.org").await;
    let url = "https://k.example";
    let old = auth::invite(
        &pool,
        Some(&admin),
        "late@example.org",
        "moderator",
        "",
        url,
    )
    .await
    .unwrap();
    let id = invitation_id(&pool, "late@example.org").await;
    let new = lifecycle::resend_invitation(&pool, Some(&admin), id, url, Some("ip"))
        .await
        .unwrap();
    assert_ne!(old, new);
    let bodies = outbox_bodies(&pool, "late@example.org").await;
    assert_eq!(bodies.len(), 2);
    assert!(bodies[1].contains(&format!("{url}/invite/{new}")));
    assert!(auth::invitation(&pool, &old).await.unwrap().is_none());
    assert!(auth::invitation(&pool, &new).await.unwrap().is_some());
    assert_eq!(
        audited(&pool, AuditAction::ResendInvitation, "late@example.org").await,
        1
    );

    lifecycle::revoke_invitation(&pool, Some(&admin), id, Some("ip"))
        .await
        .unwrap();
    assert!(auth::invitation(&pool, &new).await.unwrap().is_none());
    let accepted = auth::accept_invitation(
        &pool,
        &new,
        "long enough password",
        "long enough password",
        "ip",
    )
    .await;
    assert_eq!(problem(accepted), Problem::InvitationInvalid);
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM accounts WHERE email = 'late@example.org'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(count, 0, "no account from a revoked invitation");
    // Closed: neither sent again nor revoked twice.
    assert_eq!(
        problem(lifecycle::resend_invitation(&pool, Some(&admin), id, url, None).await),
        Problem::InvitationClosed
    );
    assert_eq!(
        problem(lifecycle::revoke_invitation(&pool, Some(&admin), id, None).await),
        Problem::InvitationClosed
    );
    assert_eq!(outbox_bodies(&pool, "late@example.org").await.len(), 2);
    assert_eq!(
        audited(&pool, AuditAction::RevokeInvitation, "late@example.org").await,
        1
    );
    let overview = auth::admin_overview(&pool, admin, None).await.unwrap();
    let listed = overview
        .invitations
        .iter()
        .find(|i| i.email == "late@example.org")
        .unwrap();
    assert_eq!(listed.state, app::account::InvitationState::Revoked);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
    let (_dir, pool) = seeded().await;
    let editor = actor(&pool, EDITOR).await;
    let before = auth::session_epoch(&pool, editor.id).await.unwrap();
    let new = "a brand new password";

    let wrong = lifecycle::change_password(&pool, Some(&editor), "not it", new, new, None).await;
    assert_eq!(problem(wrong), Problem::WrongPassword);
    let short =
        lifecycle::change_password(&pool, Some(&editor), DEMO_PASSWORD, "short", "short", None)
            .await;
    assert_eq!(problem(short), Problem::PasswordTooShort);
    let differ = lifecycle::change_password(
        &pool,
        Some(&editor),
        DEMO_PASSWORD,
        new,
        "another one entirely",
        None,
    )
    .await;
    assert_eq!(problem(differ), Problem::PasswordsDiffer);
    assert!(
        session_works(&pool, &editor, before).await,
        "refusals change nothing"
    );
    assert!(logs_in(&pool, EDITOR, DEMO_PASSWORD).await);

    let after =
        lifecycle::change_password(&pool, Some(&editor), DEMO_PASSWORD, new, new, Some("ip"))
            .await
            .unwrap();
    assert_ne!(after, before);
    assert!(!session_works(&pool, &editor, before).await);
    assert!(session_works(&pool, &editor, after).await);
    assert!(!logs_in(&pool, EDITOR, DEMO_PASSWORD).await);
    assert!(logs_in(&pool, EDITOR, new).await);
    assert_eq!(audited(&pool, AuditAction::ChangePassword, EDITOR).await, 1);
    assert!(matches!(
        lifecycle::change_password(&pool, None, new, new, new, None).await,
        Err(WorkflowError::Unauthorized)
    ));
}

/// The token of the newest reset link mailed to `email`, read from its message.
async fn mailed_token(pool: &Pool, email: &str) -> String {
    let body = outbox_bodies(pool, email)
        .await
        .pop()
        .expect("a reset message");
    let start = body.find("/reset-password/").unwrap() + "/reset-password/".len();
    body[start..start + 64].to_string()
}

#[tokio::test]
async fn a_reset_link_works_once_within_the_hour_and_tells_nobody_who_has_an_account() {
    let (_dir, pool) = seeded().await;
    let editor = actor(&pool, EDITOR).await;
    let epoch = auth::session_epoch(&pool, editor.id).await.unwrap();
    let url = "https://k.example";

    // The same answer for an address with and without an account; mail only for the first.
    let unknown =
        lifecycle::request_password_reset(&pool, "nobody@example.org", url, Some("ip")).await;
    let known = lifecycle::request_password_reset(
        &pool,
        " Editor.Nagasaki-University@example.org ",
        url,
        Some("ip"),
    )
    .await;
    assert!(unknown.is_ok() && known.is_ok());
    assert!(outbox_bodies(&pool, "nobody@example.org").await.is_empty());
    let bodies = outbox_bodies(&pool, EDITOR).await;
    assert_eq!(bodies.len(), 1);
    let token = mailed_token(&pool, EDITOR).await;
    assert!(bodies[0].contains(&format!("{url}/reset-password/{token}")));
    assert!(bodies[0].contains(&format!("{url}/ja/reset-password/{token}")));
    assert_eq!(
        problem(lifecycle::request_password_reset(&pool, "not an address", url, None).await),
        Problem::Email
    );
    assert_eq!(
        audited(
            &pool,
            AuditAction::RequestPasswordReset,
            "nobody@example.org"
        )
        .await,
        1
    );
    assert_eq!(
        audited(&pool, AuditAction::RequestPasswordReset, EDITOR).await,
        1
    );

    // The link names the account; a bad password changes nothing.
    assert_eq!(
        lifecycle::password_reset(&pool, &token)
            .await
            .unwrap()
            .as_deref(),
        Some(EDITOR)
    );
    let short = lifecycle::reset_password(&pool, &token, "short", "short", None).await;
    assert_eq!(problem(short), Problem::PasswordTooShort);
    assert!(logs_in(&pool, EDITOR, DEMO_PASSWORD).await);

    let new = "reset to something long";
    lifecycle::reset_password(&pool, &token, new, new, Some("ip"))
        .await
        .unwrap();
    assert!(logs_in(&pool, EDITOR, new).await);
    assert!(!logs_in(&pool, EDITOR, DEMO_PASSWORD).await);
    assert!(
        !session_works(&pool, &editor, epoch).await,
        "every session ended"
    );
    assert_eq!(audited(&pool, AuditAction::ResetPassword, EDITOR).await, 1);
    // Once only.
    assert!(lifecycle::password_reset(&pool, &token)
        .await
        .unwrap()
        .is_none());
    let again = lifecycle::reset_password(
        &pool,
        &token,
        "and once more, long",
        "and once more, long",
        None,
    )
    .await;
    assert_eq!(problem(again), Problem::ResetLinkInvalid);
    assert!(logs_in(&pool, EDITOR, new).await);

    // An expired link does not work; nor does one that is no link at all.
    lifecycle::request_password_reset(&pool, EDITOR, url, None)
        .await
        .unwrap();
    let expired = mailed_token(&pool, EDITOR).await;
    sqlx::query(
        "UPDATE password_resets SET expires_at = '2000-01-01T00:00:00Z' WHERE used_at IS NULL",
    )
    .execute(&pool)
    .await
    .unwrap();
    assert!(lifecycle::password_reset(&pool, &expired)
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        problem(lifecycle::reset_password(&pool, &expired, new, new, None).await),
        Problem::ResetLinkInvalid
    );
    assert!(lifecycle::password_reset(&pool, "../../etc")
        .await
        .unwrap()
        .is_none());

    // At most three links an hour go to one account; the answer stays the same.
    for _ in 0..5 {
        lifecycle::request_password_reset(&pool, EDITOR, url, None)
            .await
            .unwrap();
    }
    assert_eq!(outbox_bodies(&pool, EDITOR).await.len(), 3);
}

#[tokio::test]
async fn a_disabled_account_gets_no_reset_link() {
    let (_dir, pool) = seeded().await;
    let admin = actor(&pool, "admin@example.org").await;
    let editor = actor(&pool, EDITOR).await;
    lifecycle::set_disabled(&pool, Some(&admin), editor.id, true, None)
        .await
        .unwrap();
    lifecycle::request_password_reset(&pool, EDITOR, "https://k.example", None)
        .await
        .unwrap();
    assert!(outbox_bodies(&pool, EDITOR).await.is_empty());
}

#[tokio::test]
async fn wrong_current_passwords_count_as_failed_logins_and_are_limited_alike() {
    let (_dir, pool) = seeded().await;
    let editor = actor(&pool, EDITOR).await;
    let new = "a password long enough";
    for _ in 0..auth::MAX_FAILURES_PER_ACCOUNT {
        let wrong =
            lifecycle::change_password(&pool, Some(&editor), "guess", new, new, Some("ip")).await;
        assert_eq!(problem(wrong), Problem::WrongPassword);
    }
    // Now even the right one is refused, here and at the login.
    let right =
        lifecycle::change_password(&pool, Some(&editor), DEMO_PASSWORD, new, new, Some("ip")).await;
    assert_eq!(problem(right), Problem::TooManyAttempts);
    assert_eq!(
        auth::login(&pool, EDITOR, DEMO_PASSWORD, "elsewhere")
            .await
            .unwrap()
            .unwrap_err(),
        Problem::TooManyAttempts
    );
}

#[tokio::test]
async fn one_address_asking_for_resets_without_end_is_ignored_past_the_limit() {
    let (_dir, pool) = seeded().await;
    let url = "https://k.example";
    for n in 0..lifecycle::RESET_REQUESTS_PER_ADDRESS {
        lifecycle::request_password_reset(
            &pool,
            &format!("someone{n}@example.org"),
            url,
            Some("1.2.3.4"),
        )
        .await
        .unwrap();
    }
    // Past the limit: the same answer, nothing recorded, nothing sent.
    lifecycle::request_password_reset(&pool, EDITOR, url, Some("1.2.3.4"))
        .await
        .unwrap();
    assert!(outbox_bodies(&pool, EDITOR).await.is_empty());
    assert_eq!(
        audited(&pool, AuditAction::RequestPasswordReset, EDITOR).await,
        0
    );
    // Another address is not held back.
    lifecycle::request_password_reset(&pool, EDITOR, url, Some("5.6.7.8"))
        .await
        .unwrap();
    assert_eq!(outbox_bodies(&pool, EDITOR).await.len(), 1);
}
