//! Starting a site for HTTP tests: a fresh seeded database in a temporary folder and the real
//! router on a loopback port, with the peer address (as `main` serves it).

pub mod smtp;

use app::ssr::AppState;
use reqwest::header::{COOKIE, ORIGIN, SET_COOKIE};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, LazyLock};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// One site renders pages at a time in a test binary, as in the deployed server.
///
/// `main` runs on one thread because Leptos 0.8 leaves a page unfinished now and then when
/// pages render on several threads at once (see `server/src/main.rs`). Cargo runs a binary's
/// tests on several threads, each with its own runtime, which recreates exactly that: with
/// sites rendering side by side about one request in 700 of the load test hung until the
/// 20 s timeout; with one at a time, none did. Each site holds its turn while it lives.
pub struct RenderTurn(#[allow(dead_code)] OwnedMutexGuard<()>);

/// Waits for this test's turn to run a site (a failed test gives the turn back, too).
pub async fn render_turn() -> RenderTurn {
    static TURN: LazyLock<Arc<Mutex<()>>> = LazyLock::new(|| Arc::new(Mutex::new(())));
    RenderTurn(TURN.clone().lock_owned().await)
}

/// The state of a fresh site and the listener it will serve on; change the state (settings,
/// accounts) before [`serve`]. Keep the folder alive as long as the site.
pub async fn prepare() -> (AppState, tokio::net::TcpListener, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = app::ssr::db::test_database_url(dir.path(), "site.db").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let options = server::config::options_for(addr, "target/site");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let state = server::build_state(options, &url, &data, "https://kakehashi.example")
        .await
        .unwrap();
    (state, listener, dir)
}

/// Serves `state` in the background; returns the site's base address and a client that
/// does not follow redirects.
pub fn serve(listener: tokio::net::TcpListener, state: AppState) -> (String, reqwest::Client) {
    let base = format!("http://{}", listener.local_addr().unwrap());
    // The connection loop `main` serves with (header timeout, peer address).
    tokio::spawn(server::connections::serve(
        listener,
        server::router(state),
        std::future::pending(),
    ));
    (base, client())
}

/// A client that does not follow redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        // The server closes a connection that has sent no request for its header timeout
        // (10 s); a client that reuses one at that moment loses its request. Like a proxy in
        // front of the server (README, "Running on PostgreSQL"), drop idle ones sooner.
        .pool_idle_timeout(std::time::Duration::from_secs(5))
        .build()
        .unwrap()
}

/// A running test site: its address, a client and what keeps it alive (its folder, its turn).
pub struct TestSite {
    pub base: String,
    pub client: reqwest::Client,
    _dir: Option<tempfile::TempDir>,
    _turn: Option<RenderTurn>,
}

#[allow(dead_code)] // each test binary uses what it needs
impl TestSite {
    /// A fresh seeded site.
    pub async fn start() -> TestSite {
        let turn = render_turn().await;
        let (state, listener, dir) = prepare().await;
        TestSite::serve(turn, state, listener, dir)
    }

    /// Serves a site prepared with [`prepare`] (and changed), holding `turn`.
    pub fn serve(
        turn: RenderTurn,
        state: AppState,
        listener: tokio::net::TcpListener,
        dir: tempfile::TempDir,
    ) -> TestSite {
        let (base, client) = serve(listener, state);
        TestSite {
            base,
            client,
            _dir: Some(dir),
            _turn: Some(turn),
        }
    }

    /// A site another process serves at `base` (`http://127.0.0.1:PORT`).
    pub fn at(base: String) -> TestSite {
        TestSite {
            base,
            client: client(),
            _dir: None,
            _turn: None,
        }
    }

    /// A GET of `path` on the site.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// The full address of `path` on the site.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A GET of `path` with `cookie` (`name=value`), if any.
    pub async fn get_as(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(self.url(path));
        if let Some(c) = cookie {
            request = request.header(COOKIE, c);
        }
        request.send().await.unwrap()
    }

    /// A form POST as a browser on this site sends it (with its Origin), with `cookie`.
    pub async fn post(
        &self,
        path: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(path))
            .header(ORIGIN, &self.base)
            .form(form);
        if let Some(c) = cookie {
            request = request.header(COOKIE, c);
        }
        request.send().await.unwrap()
    }

    /// Logs in with the demo password and returns the session cookie (`name=value`).
    pub async fn login(&self, email: &str, cookie: Option<&str>) -> String {
        let r = self
            .post(
                "/login",
                cookie,
                &[
                    ("email", email),
                    ("password", app::ssr::account::auth::DEMO_PASSWORD),
                    ("next", ""),
                ],
            )
            .await;
        assert_eq!(
            r.status(),
            reqwest::StatusCode::SEE_OTHER,
            "login of {email}"
        );
        session_cookie(&r).expect("login sets the session cookie")
    }

    /// A page's status and body.
    pub async fn page(&self, path: &str) -> (reqwest::StatusCode, String) {
        let r = self.get(path).await;
        (r.status(), r.text().await.unwrap())
    }
}

/// The number the search page reports for a view ("3 results for …", "26 activities").
#[allow(dead_code)] // each test binary uses what it needs
pub async fn page_total(site: &TestSite, path: &str) -> usize {
    let (_, body) = site.page(path).await;
    let start = body.find("role=\"status\"").expect("a result count");
    let text = &body[start..];
    first_number(&text[text.find('>').unwrap() + 1..]).unwrap()
}

/// The first run of digits in `text`, as a number.
#[allow(dead_code)] // each test binary uses what it needs
pub fn first_number(text: &str) -> Option<usize> {
    text.chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

/// The session cookie (`name=value`) a response sets, if it sets one.
#[allow(dead_code)] // each test binary uses what it needs
pub fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kakehashi_session="))
        .map(|v| v.split(';').next().unwrap().to_string())
}

/// Whether the tests run on PostgreSQL (`KAKEHASHI_TEST_PG_URL`, `make test-pg`); when not,
/// says that a test that needs it is not run.
#[allow(dead_code)] // each test binary uses what it needs
pub fn on_postgres() -> bool {
    let set = std::env::var(app::ssr::db::engine::TEST_POSTGRES_URL).is_ok();
    if !set {
        eprintln!(
            "not run: {} is not set (make test-pg)",
            app::ssr::db::engine::TEST_POSTGRES_URL
        );
    }
    set
}

/// A complete proposal of a new activity as Nagasaki University's editor submits it on
/// the form (a visit to Georgia in 2023, one source), titled `title_en` / `title_ja`.
#[allow(dead_code)] // each test binary uses what it needs
pub fn proposal_form<'a>(title_en: &'a str, title_ja: &'a str) -> [(&'static str, &'a str); 14] {
    [
        ("title_en", title_en),
        ("title_ja", title_ja),
        ("summary_en", "A test of spreadsheet safety."),
        ("summary_ja", "表計算の安全性の確認。"),
        ("kind", "visit"),
        ("status", "completed"),
        ("start", "2023-05"),
        ("field", "general-surgery"),
        ("c0_code", "GE"),
        ("p0_org", "nagasaki-university"),
        ("p0_role", "lead"),
        ("s0_title", "Nagasaki University news"),
        ("s0_url", "https://example.org/formula"),
        ("intent", "submit"),
    ]
}
