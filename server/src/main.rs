//! Starts Kakehashi: reads the configuration, prepares the database and serves the site.

#![recursion_limit = "256"]

use server::config::Config;
use tracing_subscriber::EnvFilter;

// One thread: under Tokio's work-stealing scheduler Leptos 0.8 left about 1.5% of record
// pages unfinished under 8 concurrent clients (25 of 1,600 requests, with "reactive value
// already disposed" panics); on one thread, 0 of 4,000. SQLite runs on sqlx's own threads
// and search on the blocking pool, so the second core is still used.
#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// `server` serves the site; `server generate --activities N [--seed S]` adds synthetic
/// activities to the database named by DATABASE_URL (use a file of its own); `server
/// rebuild-index` rebuilds the search index from the record.
async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    prepare_database_folder(&config.database_url)?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(|v| {
                v.parse::<u64>()
                    .map_err(|_| format!("{name} takes a whole number, not {v:?}"))
            })
            .transpose()
    };
    let command = args.first().map(String::as_str);
    if let Some(other) = command.filter(|c| !["generate", "rebuild-index"].contains(c)) {
        return Err(format!("unknown command {other:?}: use generate or rebuild-index").into());
    }
    let addr = config.leptos.site_addr;
    let state = server::build_state(
        config.leptos,
        &config.database_url,
        &config.data_dir,
        &config.public_url,
    )
    .await?;
    match command {
        Some("generate") => {
            let n = flag("--activities")?.ok_or("generate needs --activities N")?;
            let seed = flag("--seed")?.unwrap_or(1);
            let started = std::time::Instant::now();
            let added = app::ssr::synthetic::generate(&state.pool, n as usize, seed).await?;
            tracing::info!(
                added,
                seed,
                seconds = started.elapsed().as_secs_f64(),
                "synthetic activities added"
            );
            return Ok(());
        }
        Some(_) => {
            let n = app::ssr::db::rebuild_index(&state.pool).await?;
            tracing::info!(activities = n, "search index rebuilt");
            return Ok(());
        }
        None => {}
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("Kakehashi is listening on http://{addr}");
    axum::serve(listener, server::router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

/// Creates the folder of a file database (`sqlite://var/kakehashi.db` → `var/`).
fn prepare_database_folder(url: &str) -> std::io::Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
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
