//! The server's command line, run as the built binary: help for every subcommand, and clear
//! refusals (non-zero exit, the offending argument named) for mistakes. None of these reach
//! the database: the arguments are checked before the configuration is read.

use std::process::{Command, Output};

/// Runs the server binary with `args`, pointed at an in-memory database so that a
/// regression (arguments accepted after all) cannot touch a real one.
fn server(args: &[&str]) -> Output {
    server_with(args, &[])
}

/// [`server`], with more environment variables.
fn server_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", "sqlite::memory:")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .envs(env.iter().copied())
        .output()
        .expect("the server binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_lists_the_subcommands_and_succeeds() {
    let output = server(&["--help"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let help = stdout(&output);
    for command in ["serve", "generate", "create-admin", "backup"] {
        assert!(help.contains(command), "{command} missing from:\n{help}");
    }
    assert!(!help.contains("rebuild-index"), "{help}");
    assert!(help.contains("DATABASE_URL"), "{help}");
}

#[test]
fn generate_help_names_its_options() {
    let output = server(&["generate", "--help"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let help = stdout(&output);
    assert!(help.contains("--activities <N>"), "{help}");
    assert!(help.contains("--seed <S>"), "{help}");
}

#[test]
fn create_admin_help_says_where_the_password_comes_from() {
    let output = server(&["create-admin", "--help"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let help = stdout(&output);
    assert!(help.contains("--email <ADDRESS>"), "{help}");
    assert!(help.contains("stdin"), "{help}");
}

#[test]
fn a_count_that_is_not_a_number_is_refused_naming_the_argument() {
    let output = server(&["generate", "--activities", "abc"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("--activities"), "{message}");
    assert!(message.contains("abc"), "{message}");
}

#[test]
fn generate_without_a_count_is_refused() {
    let output = server(&["generate"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("--activities"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unknown_subcommand_is_refused() {
    let output = server(&["frobnicate"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("frobnicate"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_removed_rebuild_index_subcommand_is_refused() {
    let output = server(&["rebuild-index"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("rebuild-index"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn create_admin_takes_no_password_on_the_command_line() {
    let output = server(&[
        "create-admin",
        "--email",
        "a@example.org",
        "--password",
        "x",
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("--password"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_worker_count_the_server_cannot_use_stops_it_at_start() {
    for bad in ["0", "many", "-2", "100000"] {
        let output = server_with(&[], &[("KAKEHASHI_WORKERS", bad)]);
        assert!(
            !output.status.success(),
            "KAKEHASHI_WORKERS={bad} was accepted"
        );
        // The log (where the refusal is written) goes to stdout.
        let message = format!("{}{}", stdout(&output), stderr(&output));
        assert!(
            message.contains("KAKEHASHI_WORKERS") && message.contains(bad),
            "{message}"
        );
    }
}

#[test]
fn a_page_cache_size_the_server_cannot_use_stops_it_at_start() {
    for bad in ["lots", "-1", "1.5", "65537"] {
        let output = server_with(&[], &[("KAKEHASHI_PAGE_CACHE_MIB", bad)]);
        assert!(!output.status.success(), "{bad:?} was accepted");
        let message = format!("{}{}", stdout(&output), stderr(&output));
        assert!(
            message.contains("KAKEHASHI_PAGE_CACHE_MIB") && message.contains(bad),
            "{message}"
        );
    }
}

#[test]
fn a_database_address_the_server_cannot_use_stops_it_at_start_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (bad, says) in [
        ("postgres://kake:s3cret@db.example:port/atlas", "PostgreSQL"),
        ("mysql://db.example/atlas", "no database Kakehashi can use"),
        ("var/kakehashi.db", "no database Kakehashi can use"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_server"))
            .current_dir(dir.path())
            .env("DATABASE_URL", bad)
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            // Were the address taken after all, the server would stop here instead of serving.
            .env("LEPTOS_SITE_ROOT", dir.path().join("no-site"))
            .output()
            .expect("the server binary runs");
        assert!(!output.status.success(), "{bad:?} was accepted");
        let message = format!("{}{}", stdout(&output), stderr(&output));
        assert!(
            message.contains("DATABASE_URL") && message.contains(says),
            "{message}"
        );
        assert!(
            !message.contains("s3cret"),
            "the password is never shown: {message}"
        );
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "files were created: {left:?}");
}

/// A PostgreSQL address that is well formed but reaches no database stops the server at once
/// with the reason, never the password, and leaves no file or folder behind (it once made
/// the folder `postgres:/…`, taking the address for a path).
#[test]
fn a_postgres_database_that_does_not_answer_stops_the_server_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(dir.path())
        .env("DATABASE_URL", "postgres://kake:s3cret@127.0.0.1:1/atlas")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("LEPTOS_SITE_ROOT", dir.path().join("no-site"))
        .output()
        .expect("the server binary runs");
    assert!(!output.status.success());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "files were created: {left:?}");
    let message = format!("{}{}", stdout(&output), stderr(&output));
    assert!(
        message.contains("opening or migrating the database") && message.contains("refused"),
        "{message}"
    );
    assert!(!message.contains("s3cret"), "{message}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "it waited"
    );
}

#[test]
fn trusted_proxies_the_server_cannot_read_stop_it_at_start() {
    for bad in ["proxy.example", "10.0.0.0/33", "10.0.0.0/8, nonsense"] {
        let output = server_with(&[], &[("KAKEHASHI_TRUSTED_PROXIES", bad)]);
        assert!(!output.status.success(), "{bad:?} was accepted");
        let message = format!("{}{}", stdout(&output), stderr(&output));
        assert!(
            message.contains("KAKEHASHI_TRUSTED_PROXIES") && message.contains("not a network"),
            "{message}"
        );
    }
}

#[test]
fn mail_settings_the_server_cannot_use_stop_it_at_start() {
    let cases = [
        (
            vec![("KAKEHASHI_SMTP_URL", "http://user:s3cret@mail.example.org")],
            "KAKEHASHI_SMTP_URL",
        ),
        (
            vec![("KAKEHASHI_SMTP_URL", "not a url")],
            "KAKEHASHI_SMTP_URL",
        ),
        (
            vec![
                ("KAKEHASHI_SMTP_URL", "smtp://127.0.0.1:2525"),
                ("KAKEHASHI_MAIL_FROM", "nobody"),
            ],
            "KAKEHASHI_MAIL_FROM",
        ),
    ];
    for (env, named) in cases {
        let output = server_with(&[], &env);
        assert!(!output.status.success(), "{env:?} was accepted");
        let message = format!("{}{}", stdout(&output), stderr(&output));
        assert!(message.contains(named), "{message}");
        assert!(
            !message.contains("s3cret"),
            "the password is never shown: {message}"
        );
    }
}

#[test]
fn a_missing_site_root_stops_the_server_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-site");
    let output = server_with(
        &[],
        &[
            ("LEPTOS_SITE_ROOT", missing.to_str().unwrap()),
            (
                "KAKEHASHI_DATA_DIR",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../data"),
            ),
        ],
    );
    assert!(!output.status.success(), "served without a site");
    let message = format!("{}{}", stdout(&output), stderr(&output));
    assert!(
        message.contains("no-site") && message.contains("make build"),
        "{message}"
    );
}

/// A site root for a server run from the tests: an empty `pkg/` (the tests need no front end).
fn site_root(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    root
}

/// The built server with two serving threads answers many pages at once, every one whole.
#[tokio::test]
async fn two_serving_threads_answer_concurrent_pages() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("site.db").display()),
        )
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", site_root(&dir))
        .env(
            "KAKEHASHI_DATA_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../data"),
        )
        .env("KAKEHASHI_WORKERS", "2")
        .env("RUST_LOG", "warn")
        .spawn()
        .unwrap();
    let _stop = Stop(child);
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut up = false;
    for _ in 0..300 {
        if client.get(format!("{base}/healthz")).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "the server did not start");
    let pages = [
        "/",
        "/activities?q=liver",
        "/countries/MN",
        "/ja/organizations/nagasaki-university",
    ];
    let requests = (0..64).map(|i| {
        let (client, url) = (client.clone(), format!("{base}{}", pages[i % pages.len()]));
        async move {
            let r = client.get(&url).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    });
    let answers = futures_util::future::join_all(requests).await;
    for (status, body) in &answers {
        assert_eq!(*status, reqwest::StatusCode::OK);
        assert!(body.contains("</html>"), "a whole page");
    }
}

/// Stops the server when the test ends, passed or failed.
struct Stop(std::process::Child);

impl Drop for Stop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn backup_help_says_how_to_restore() {
    let output = server(&["backup", "--help"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let help = stdout(&output);
    assert!(help.contains("--to <PATH>"), "{help}");
    assert!(help.contains("restore"), "{help}");
}

#[test]
fn a_backup_of_a_database_that_does_not_exist_is_refused_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let copy = dir.path().join("copy.db");
    let url = format!("sqlite://{}", missing.display());
    let output = server_with(
        &["backup", "--to", copy.to_str().unwrap()],
        &[("DATABASE_URL", &url)],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("names no database file to back up")
            || stdout(&output).contains("names no database file to back up"),
        "{}",
        stderr(&output)
    );
    assert!(!missing.exists() && !copy.exists());
}

#[test]
fn a_backup_is_written_from_the_command_line_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("site.db").display());
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../data");
    let made = server_with(
        &["generate", "--activities", "5"],
        &[("DATABASE_URL", &url), ("KAKEHASHI_DATA_DIR", data)],
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let copy = dir.path().join("copy.db");
    let args = ["backup", "--to", copy.to_str().unwrap()];
    let output = server_with(&args, &[("DATABASE_URL", &url)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let log = format!("{}{}", stdout(&output), stderr(&output));
    assert!(log.contains("backup written and checked"), "{log}");
    assert!(
        log.contains("activities=31") || log.contains("activities\u{1b}"),
        "{log}"
    );
    let again = server_with(&args, &[("DATABASE_URL", &url)]);
    assert!(!again.status.success());
    assert!(format!("{}{}", stdout(&again), stderr(&again)).contains("already exists"));
}
