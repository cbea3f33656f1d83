//! Two server processes on one PostgreSQL database, as behind a load balancer: an approval
//! on one is found by search on the other within a second, a session begun on one is valid
//! on the other, and an invitation is mailed once. Runs when `KAKEHASHI_TEST_PG_URL` names
//! a PostgreSQL server (`make test-pg`); on SQLite alone (one server) there is nothing to
//! test, and it says so.

mod support;

use app::ssr::db;
use reqwest::StatusCode;
use std::process::{Child, Command};
use std::time::{Duration, Instant};
use support::smtp::{free_port, SmtpServer};
use support::TestSite;

/// A server process, stopped when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the built server on `database` at a free port, mailing through `smtp_port`, and
/// waits until it answers.
async fn start_server(
    database: &str,
    site_root: &std::path::Path,
    smtp_port: u16,
) -> (Process, TestSite) {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("DATABASE_URL", database)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", site_root)
        .env(
            "KAKEHASHI_DATA_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../data"),
        )
        .env("KAKEHASHI_DEMO", "1")
        .env(
            "KAKEHASHI_SMTP_URL",
            format!("smtp://127.0.0.1:{smtp_port}"),
        )
        .env(
            "KAKEHASHI_MAIL_FROM",
            "Kakehashi <noreply@kakehashi.example>",
        )
        .env("KAKEHASHI_WORKERS", "1")
        .env("RUST_LOG", "error")
        .spawn()
        .unwrap();
    let process = Process(child);
    let site = TestSite::at(format!("http://127.0.0.1:{port}"));
    let started = Instant::now();
    while site.client.get(site.url("/healthz")).send().await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (process, site)
}

#[tokio::test]
async fn two_servers_on_one_postgres_database_agree() {
    if !support::on_postgres() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let database = db::test_database_url(dir.path(), "unused").await;
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    let smtp_port = free_port();
    let smtp = SmtpServer::start(smtp_port);
    // Both start together on the empty database: the seed is loaded once.
    let ((_a, a), (_b, b)) = tokio::join!(
        start_server(&database, &root, smtp_port),
        start_server(&database, &root, smtp_port)
    );

    // A session begun on A is valid on B.
    let moderator = a.login("moderator@example.org", None).await;
    assert_eq!(
        b.get_as("/moderation", None).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        b.get_as("/moderation", Some(&moderator)).await.status(),
        StatusCode::OK
    );

    // An activity proposed and approved on A is found by search on B within a second.
    let editor = a
        .login("editor.nagasaki-university@example.org", None)
        .await;
    let form = support::proposal_form("Quokka telepathology exchange", "クオッカ遠隔病理交流");
    let r = a
        .post("/partner/activities/new", Some(&editor), &form)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let id = location.rsplit('=').next().unwrap().to_string();
    let search = "/activities?q=quokka";
    assert!(!b.page(search).await.1.contains("telepathology exchange"));
    let r = a
        .post(
            &format!("/moderation/{id}"),
            Some(&moderator),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let approved = Instant::now();
    loop {
        if b.page(search).await.1.contains("telepathology exchange") {
            break;
        }
        assert!(
            approved.elapsed() < Duration::from_secs(1),
            "server B did not find the approval within 1 s"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    eprintln!(
        "found on server B {} ms after the approval on A",
        approved.elapsed().as_millis()
    );

    // An invitation made on A is mailed once, though both servers deliver the outbox.
    let admin = a.login("admin@example.org", None).await;
    let r = a
        .post(
            "/admin",
            Some(&admin),
            &[("email", "two.servers@example.org"), ("role", "moderator")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(smtp.wait_for(1).await.len(), 1, "the invitation arrives");
    // Both servers poll every second: a second sending would come within a few.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let received = smtp.messages();
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(received[0]["to"], "two.servers@example.org");
}

/// The safety net behind the notifications: a server that was not told of a publication
/// (its notification lost) finds it at its next version check. On either engine: two
/// states of the site on one database stand for two servers.
#[tokio::test]
async fn a_publication_nobody_announced_is_found_at_the_next_version_check() {
    let (a, _listener, _dir) = support::prepare().await;
    let url = a.pool.connect_options().database_url.to_string();
    let options = server::config::options_for("127.0.0.1:0".parse().unwrap(), "target/site");
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let b = server::build_state(options, &url, &data, "https://kakehashi.example")
        .await
        .unwrap();
    let seen = db::record_version(&b.pool).await.unwrap();
    let finds = |state: &app::ssr::AppState| {
        state
            .search
            .current()
            .search("wombat", &Default::default(), Default::default())
            .ids
            .len()
    };
    // Server A publishes a change of the first activity; nobody tells B.
    let id: i64 = sqlx::query_scalar("SELECT min(id) FROM activities")
        .fetch_one(&a.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE activities SET title_en = 'Wombat outreach' WHERE id = $1")
        .bind(id)
        .execute(&a.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO revisions (activity_id, number, changes)
         VALUES ($1, (SELECT max(number) + 1 FROM revisions WHERE activity_id = $1), '[\"title-en\"]')",
    )
    .bind(id)
    .execute(&a.pool)
    .await
    .unwrap();
    assert_eq!(finds(&b), 0, "B has not looked yet");
    let now = server::follow::catch_up(&b, seen).await.unwrap();
    assert_eq!(finds(&b), 1, "B found the change at its version check");
    assert!(now.revision > seen.revision);
    // Nothing changed since: the next check finds nothing to do and says the same version.
    assert_eq!(server::follow::catch_up(&b, now).await.unwrap(), now);

    // A bulk load on A (`server generate`), announced to nobody: more activities than are
    // put in one by one, so B rebuilds its index, and finds every one of them.
    let many = server::follow::REBUILD_ABOVE + 50;
    let before = b.search.current().len();
    assert_eq!(
        app::ssr::synthetic::generate(&a.pool, many, 9)
            .await
            .unwrap(),
        many
    );
    let later = server::follow::catch_up(&b, now).await.unwrap();
    assert!(later.revision > now.revision);
    assert_eq!(b.search.current().len(), before + many);
}
