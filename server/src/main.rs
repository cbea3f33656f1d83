//! Starts Kakehashi: reads the configuration, prepares the database and serves the site.

#![recursion_limit = "256"]

use clap::{Parser, Subcommand};
use server::config::Config;
use tracing_subscriber::EnvFilter;

// Thread per core: every serving thread runs its own single-threaded Tokio runtime and
// accepts from the one listening socket (see `serve`). Under Tokio's work-stealing
// scheduler Leptos 0.8 left about 1.5% of record pages unfinished under 8 concurrent
// clients ("reactive value already disposed" panics); a page that never leaves its thread
// does not meet that. The command and the setup run on the main thread's runtime.
fn main() -> std::process::ExitCode {
    // Before anything else: `--help` and mistakes in the arguments need no configuration.
    // A mistake prints clap's message and exits with status 2.
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let outcome = single_threaded_runtime()
        .map_err(Into::into)
        .and_then(|runtime| runtime.block_on(run(cli.command.unwrap_or(Command::Serve))));
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Kakehashi, the bilingual atlas of Japanese international medical cooperation.
///
/// Without a subcommand the server serves the site. Every command reads its configuration
/// from the environment (DATABASE_URL, LEPTOS_SITE_ADDR, KAKEHASHI_DATA_DIR, ...; see the
/// README) and creates and migrates the database if needed.
#[derive(Debug, Parser)]
#[command(name = "server", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the site (the same as no subcommand).
    Serve,
    /// Add synthetic activities, for load tests and benchmarks.
    ///
    /// They go into the database named by DATABASE_URL: give them a database of their own,
    /// such as DATABASE_URL=sqlite://var/synthetic.db.
    Generate {
        /// How many activities to add.
        #[arg(long, value_name = "N")]
        activities: usize,
        /// The random seed: the same seed gives the same activities.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
    },
    /// Write a consistent copy of the database to a new file, while the site runs.
    ///
    /// The copy is one snapshot of the whole database (SQLite's VACUUM INTO), checked with
    /// PRAGMA integrity_check before the command succeeds. An existing file is never
    /// overwritten. To restore: stop the server, put the copy in place of the database file
    /// (removing its -wal and -shm files), start the server.
    Backup {
        /// The new file to write, e.g. backups/kakehashi-2026-12-02.db.
        #[arg(long, value_name = "PATH")]
        to: std::path::PathBuf,
    },
    /// Queue reminders for records nobody has confirmed or changed for 12 months.
    ///
    /// Each stale record's editors get one message in the outbox (delivered when
    /// KAKEHASHI_SMTP_URL is set), once per record and stale period: running it again, daily
    /// from cron for example, queues nothing twice.
    Remind,
    /// Copy this site's SQLite database into an empty PostgreSQL database, and check it.
    ///
    /// Everything but the sessions (people log in again): the record, accounts,
    /// invitations, proposals, revisions, confirmations, reminders, the audit log and the
    /// outbox, in one transaction. Every table's rows are then counted on both sides. Stop
    /// the site first, or copy a backup (`server backup`), so that nothing is written
    /// meanwhile; then start it with DATABASE_URL set to the PostgreSQL address.
    MigrateToPostgres {
        /// The SQLite database, e.g. sqlite://var/kakehashi.db.
        #[arg(long, value_name = "URL")]
        from: String,
        /// The empty PostgreSQL database, e.g. postgres://kakehashi@db.example/kakehashi.
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// Create an administrator account.
    ///
    /// The password is read without echo from the terminal (twice), or as the first line of
    /// stdin when it is piped; never from the command line, so it stays out of shell history.
    CreateAdmin {
        /// The administrator's email address, used to log in.
        #[arg(long, value_name = "ADDRESS")]
        email: String,
    },
}

async fn run(command: Command) -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    if let Command::Backup { to } = &command {
        // Only the database: no seed, no index, no site; and never a new, empty one.
        match database_file(&config.database_url) {
            Some(file) if std::path::Path::new(file).is_file() => {}
            _ => {
                return Err(format!(
                    "DATABASE_URL={} names no database file to back up",
                    config.database_url
                )
                .into())
            }
        }
        let pool = app::ssr::db::connect(&config.database_url).await?.pool;
        let started = std::time::Instant::now();
        let done = app::ssr::db::backup(&pool, to).await?;
        tracing::info!(
            to = %to.display(),
            bytes = done.bytes,
            activities = done.activities,
            seconds = started.elapsed().as_secs_f64(),
            "backup written and checked (PRAGMA integrity_check: ok)"
        );
        return Ok(());
    }
    if let Command::MigrateToPostgres { from, to } = &command {
        // Never a new, empty SQLite file made by a mistyped path.
        if !from.starts_with("sqlite:")
            || !database_file(from).is_some_and(|f| std::path::Path::new(f).is_file())
        {
            return Err(
                "--from names no SQLite database file (sqlite://path/to/kakehashi.db)".into(),
            );
        }
        if !(to.starts_with("postgres://") || to.starts_with("postgresql://")) {
            return Err("--to must be a postgres:// address".into());
        }
        let source = app::ssr::db::connect(from).await?;
        let target = app::ssr::db::connect(to).await?;
        let started = std::time::Instant::now();
        let counts = server::copy::copy(&source, &target).await?;
        for (table, rows) in &counts {
            println!("{table:<22} {rows:>8} rows, the same in both");
        }
        tracing::info!(
            tables = counts.len(),
            seconds = started.elapsed().as_secs_f64(),
            "copied into PostgreSQL and checked"
        );
        return Ok(());
    }
    prepare_database_folder(&config.database_url)?;
    let addr = config.leptos.site_addr;
    let mut state = server::build_state(
        config.leptos,
        &config.database_url,
        &config.data_dir,
        &config.public_url,
    )
    .await?;
    if let Some(secure) = config.secure_cookies {
        state.secure_cookies = secure;
    }
    state.trusted_proxies = config.trusted_proxies;
    state.page_cache_mib = config.page_cache_mib;
    match command {
        Command::CreateAdmin { email } => {
            let password = read_password()?;
            let id = app::ssr::account::auth::create_admin(&state.pool, &email, &password).await?;
            tracing::info!(id, %email, "administrator created");
            return Ok(());
        }
        Command::Generate { activities, seed } => {
            let started = std::time::Instant::now();
            let added = app::ssr::synthetic::generate(&state.pool, activities, seed).await?;
            tracing::info!(
                added,
                seed,
                seconds = started.elapsed().as_secs_f64(),
                "synthetic activities added"
            );
            return Ok(());
        }
        Command::Remind => {
            let done = app::ssr::trust::remind(&state.pool, &state.public_url.0).await?;
            tracing::info!(
                stale = done.stale,
                reminded = done.reminded,
                messages = done.messages,
                "reminders queued"
            );
            println!(
                "{} stale records, {} reminded now, {} messages queued",
                done.stale, done.reminded, done.messages
            );
            return Ok(());
        }
        Command::Serve => {}
        Command::Backup { .. } | Command::MigrateToPostgres { .. } => {
            unreachable!("handled before the site is prepared")
        }
    }
    if config.demo {
        let created = app::ssr::account::auth::ensure_demo_accounts(&state.pool).await?;
        tracing::warn!(
            created,
            "KAKEHASHI_DEMO=1: DEMO ACCOUNTS ARE ACTIVE (admin@example.org, moderator@example.org, \
             editor.{{organisation-slug}}@example.org, password {:?}). NEVER USE THIS ON A PUBLIC SITE.",
            app::ssr::account::auth::DEMO_PASSWORD
        );
    }
    // With several servers on one PostgreSQL database, each follows what the others publish.
    server::follow::start(&state);
    tokio::spawn(server::accounts::delete_expired_sessions(
        server::sessions::Store::new(&state.native),
    ));
    match config.mail {
        Some(mailer) => {
            tokio::spawn(server::mail::run(state.pool.clone(), mailer));
        }
        None => tracing::info!(
            "no KAKEHASHI_SMTP_URL: mail stays in the outbox, shown on the admin page"
        ),
    }
    let assets = load_assets(&state.leptos_options)?;
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let app = server::router_with(state, assets);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut others = Vec::with_capacity(config.workers - 1);
    for n in 1..config.workers {
        let (listener, app, stopped) = (listener.try_clone()?, app.clone(), stopped.clone());
        others.push(
            std::thread::Builder::new()
                .name(format!("serve-{n}"))
                .spawn(move || {
                    single_threaded_runtime()?.block_on(serve(listener, app, stopped))
                })?,
        );
    }
    tracing::info!(
        workers = config.workers,
        "Kakehashi is listening on http://{addr}"
    );
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop.send(true);
    });
    serve(listener, app, stopped).await?;
    for thread in others {
        match thread.join() {
            Ok(result) => result?,
            Err(_) => return Err("a serving thread panicked".into()),
        }
    }
    Ok(())
}

/// Reads the site's static files into memory; a missing site root, or a hash file naming
/// files the site does not have, stops the server (pages would load without their style and
/// script). `None` under `cargo leptos watch`, which rewrites the files while the server runs.
fn load_assets(
    options: &leptos::config::LeptosOptions,
) -> Result<Option<std::sync::Arc<server::assets::SiteAssets>>, Box<dyn std::error::Error>> {
    if server::assets::from_disk() {
        tracing::info!("LEPTOS_WATCH: static files are read from disk at every request");
        return Ok(None);
    }
    let started = std::time::Instant::now();
    let root = std::path::Path::new(options.site_root.as_ref());
    let assets = server::assets::SiteAssets::load(root, &options.site_pkg_dir)?;
    if options.hash_files {
        // Where Leptos reads it, to write the hashed names into every page.
        let exe = std::env::current_exe()?;
        let hash_file = exe
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join(options.hash_file.as_ref());
        assets.check_hash_file(&hash_file, &options.output_name, &options.site_pkg_dir)?;
    }
    tracing::info!(
        files = assets.len(),
        compressed_at_start = assets.compressed_at_start(),
        ms = started.elapsed().as_millis() as u64,
        site_root = %root.display(),
        "static files read into memory"
    );
    if assets.compressed_at_start() > 0 {
        tracing::info!(
            "{} static files had no .br/.gz beside them and were compressed at start at quicker \
             levels; `make build` writes the smallest (brotli 11, gzip -9)",
            assets.compressed_at_start()
        );
    }
    Ok(Some(std::sync::Arc::new(assets)))
}

/// A Tokio runtime that runs everything on the thread that drives it.
fn single_threaded_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

/// Serves `app` from `listener` (one of the clones of the listening socket; the kernel hands
/// each connection to one of the threads waiting) until `stopped` turns true, then lets the
/// open requests finish.
async fn serve(
    listener: std::net::TcpListener,
    app: axum::Router,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    server::connections::serve(listener, app, async move {
        let _ = stopped.wait_for(|stop| *stop).await;
    })
    .await;
    Ok(())
}

/// The new administrator's password: typed without echo at a terminal (twice), or the first
/// line of stdin when it is piped. Never an argument, so it stays out of shell history.
fn read_password() -> Result<String, Box<dyn std::error::Error>> {
    use std::io::{BufRead, IsTerminal};
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password for the new administrator: ")?;
        let again = rpassword::prompt_password("Repeat it: ")?;
        if first != again {
            return Err("the two passwords differ".into());
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// The file of a file database (`sqlite://var/kakehashi.db` → `var/kakehashi.db`); `None`
/// for an in-memory one, and for any other engine (a PostgreSQL address is never a path).
fn database_file(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite:")?;
    let path = rest
        .strip_prefix("//")
        .unwrap_or(rest)
        .split('?')
        .next()
        .unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// Creates the folder of a file database (`sqlite://var/kakehashi.db` → `var/`).
fn prepare_database_folder(url: &str) -> std::io::Result<()> {
    let Some(path) = database_file(url) else {
        return Ok(());
    };
    match std::path::Path::new(path).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => std::fs::create_dir_all(parent),
        _ => Ok(()),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
