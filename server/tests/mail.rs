//! The outbox delivered over SMTP to a real mail server started by the test: Python's
//! aiosmtpd (installed by `make setup` into `.venv-smtp`), writing what it receives into a
//! Maildir that the test reads back with Python's own `email` parser. Failures are recorded
//! and tried again; a message the server accepted is never sent twice; an invitation made on
//! the admin page reaches the mailbox while the site runs.

mod support;

use app::ssr::account::auth;
use app::ssr::db::Pool;
use server::mail::{self, Mailer, Round};
use std::time::{Duration, Instant};
use support::smtp::{free_port, SmtpServer};

type OutboxState = (Option<String>, i64, Option<String>);

async fn outbox(pool: &Pool) -> Vec<OutboxState> {
    sqlx::query_as("SELECT sent_at, attempts, last_error FROM outbox ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap()
}

async fn admin(pool: &Pool) -> app::account::Actor {
    auth::ensure_demo_accounts(pool).await.unwrap();
    let id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = 'admin@example.org'")
        .fetch_one(pool)
        .await
        .unwrap();
    auth::load_actor(pool, id).await.unwrap().unwrap()
}

const FROM: &str = "Kakehashi <noreply@kakehashi.example>";

#[tokio::test]
async fn the_outbox_goes_out_over_smtp_once_and_failures_are_tried_again() {
    let (state, _listener, _dir) = support::prepare().await;
    let pool = state.pool.clone();
    let admin = admin(&pool).await;
    let token = auth::invite(
        &pool,
        Some(&admin),
        "new.moderator@example.org",
        "moderator",
        "",
        "https://kakehashi.example",
    )
    .await
    .unwrap();
    let port = free_port();
    let mailer = Mailer::new(&format!("smtp://127.0.0.1:{port}"), FROM)
        .unwrap()
        .with_first_wait(Duration::ZERO);

    // No mail server yet: the attempt fails, is recorded, and the message waits.
    let round = mail::deliver_due(&pool, &mailer).await.unwrap();
    assert_eq!(round, Round { sent: 0, failed: 1 });
    let [(sent_at, attempts, error)] = &outbox(&pool).await[..] else {
        panic!("one message")
    };
    assert_eq!((sent_at, *attempts), (&None, 1));
    assert!(error.as_deref().is_some_and(|e| !e.is_empty()), "{error:?}");

    // The server is up: the next round delivers it, and records it as sent.
    let smtp = SmtpServer::start(port);
    let round = mail::deliver_due(&pool, &mailer).await.unwrap();
    assert_eq!(round, Round { sent: 1, failed: 0 });
    let [(sent_at, attempts, error)] = &outbox(&pool).await[..] else {
        panic!("one message")
    };
    assert!(sent_at.is_some());
    assert_eq!((*attempts, error), (2, &None));
    let received = smtp.wait_for(1).await;
    assert_eq!(received.len(), 1, "{received:?}");
    let message = &received[0];
    assert_eq!(message["to"], "new.moderator@example.org");
    assert_eq!(message["from"], FROM);
    assert_eq!(
        message["subject"],
        "Your Kakehashi account / 架け橋アカウントへの招待"
    );
    let body = message["body"].as_str().unwrap();
    assert!(
        body.contains(&format!("https://kakehashi.example/invite/{token}")),
        "{body}"
    );
    assert!(body.contains("架け橋に招待されました"), "{body}");

    // Sent is sent: later rounds leave it alone.
    let round = mail::deliver_due(&pool, &mailer).await.unwrap();
    assert_eq!(round, Round::default());
    assert_eq!(smtp.messages().len(), 1);

    // A recipient that is no address is given up at once, with the reason.
    sqlx::query(
        "INSERT INTO outbox (recipient, subject, body) VALUES ('not an address', 's', 'b')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let round = mail::deliver_due(&pool, &mailer).await.unwrap();
    assert_eq!(round, Round { sent: 0, failed: 1 });
    let (sent_at, attempts, error) = outbox(&pool).await.pop().unwrap();
    assert_eq!((sent_at, attempts), (None, mail::MAX_ATTEMPTS));
    assert!(error.unwrap().contains("not a mail address"));
    assert_eq!(
        mail::deliver_due(&pool, &mailer).await.unwrap(),
        Round::default()
    );
}

#[tokio::test]
async fn an_invitation_made_on_the_admin_page_reaches_the_mailbox_while_the_site_runs() {
    let turn = support::render_turn().await;
    let (state, listener, dir) = support::prepare().await;
    let pool = state.pool.clone();
    auth::ensure_demo_accounts(&pool).await.unwrap();
    let port = free_port();
    let smtp = SmtpServer::start(port);
    let mailer = Mailer::new(&format!("smtp://127.0.0.1:{port}"), FROM).unwrap();
    tokio::spawn(mail::run(pool.clone(), mailer));
    let site = support::TestSite::serve(turn, state, listener, dir);

    let cookie = site.login("admin@example.org", None).await;
    let r = site
        .post(
            "/admin",
            Some(&cookie),
            &[
                ("email", "partner.editor@example.org"),
                ("role", "editor"),
                ("organization", "nagasaki-university"),
            ],
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);

    let received = smtp.wait_for(1).await;
    assert_eq!(received.len(), 1, "the invitation arrives within 15 s");
    assert_eq!(received[0]["to"], "partner.editor@example.org");
    let body = received[0]["body"].as_str().unwrap();
    assert!(body.contains("https://kakehashi.example/invite/"), "{body}");
    assert!(body.contains("Nagasaki University"), "{body}");

    // The admin page says it was sent, in both languages.
    let started = Instant::now();
    loop {
        let page = site
            .get_as("/admin", Some(&cookie))
            .await
            .text()
            .await
            .unwrap();
        if page.contains("Sent 20") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{page}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let page = site
        .get_as("/ja/admin", Some(&cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("送信済み 20"), "{page}");
}
