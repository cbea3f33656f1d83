//! Accepting connections and serving the router on them, with limits a client cannot
//! hold the server past: the request head (line and headers) must arrive within
//! [`HEADER_TIMEOUT`], or the connection is closed (a client sending a byte every few
//! seconds would otherwise keep it open for ever); what follows is bounded by the 20 s
//! request timeout and the 256 KiB body limit (`lib.rs`, `limits.rs`).
//!
//! Why not `axum::serve`: it sets no timer on hyper's connection builder, and without one
//! hyper's header read timeout never fires.

use axum::extract::connect_info::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use std::time::Duration;
use tower::ServiceExt;

/// How long a client may take to send a request's line and headers. hyper starts this
/// timer whenever it waits for a request head, so it is also how long a keep-alive
/// connection may sit idle: a proxy reusing connections must drop idle ones sooner (README,
/// "Running on PostgreSQL").
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on every connection `listener` accepts until `stop` resolves, then stops
/// accepting and lets the requests in progress finish (SIGTERM drains). Each request sees
/// its peer as `ConnectInfo<SocketAddr>`, as with `axum::serve`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    stop: impl std::future::Future<Output = ()>,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        // Without TCP_NODELAY, Nagle's algorithm holds the last small piece of a streamed
        // (compressed, chunked) page until the client acknowledges the one before, and a
        // client that delays its acknowledgements (Linux: up to 40 ms) stalls the page by
        // that much: /ja/insights/flows took 60 ms a request instead of 16.
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%peer, %error, "could not set TCP_NODELAY");
        }
        let app = app.clone();
        let service =
            hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                let mut request = request.map(axum::body::Body::new);
                request.extensions_mut().insert(ConnectInfo(peer));
                app.clone().oneshot(request)
            });
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%peer, %error, "connection ended with an error");
            }
        });
    }
    graceful.shutdown().await;
}
