//! Configuration from the environment, with defaults that start a working site from a
//! fresh checkout. Every variable is documented in the README.

use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Where the database lives unless `DATABASE_URL` says otherwise (git-ignored).
pub const DEFAULT_DATABASE_URL: &str = "sqlite://var/kakehashi.db";
/// Where the site listens unless `LEPTOS_SITE_ADDR` says otherwise.
pub const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";
/// Where the built site (`pkg/`, the copied `public/` files) is read from unless
/// `LEPTOS_SITE_ROOT` says otherwise.
pub const DEFAULT_SITE_ROOT: &str = "target/site";
/// Where the seed record is read from unless `KAKEHASHI_DATA_DIR` says otherwise.
pub const DEFAULT_DATA_DIR: &str = "data";

/// The server's settings, each read from an environment variable.
#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: a SQLite URL.
    pub database_url: String,
    /// `KAKEHASHI_DATA_DIR`: the seed record loaded into an empty database.
    pub data_dir: PathBuf,
    /// Leptos's options; `LEPTOS_SITE_ADDR` sets the address it listens on.
    pub leptos: LeptosOptions,
    /// `KAKEHASHI_PUBLIC_URL`: the address visitors use (default `http://` + the site address).
    pub public_url: String,
    /// `KAKEHASHI_DEMO=1`: create the demo accounts (never on a public site).
    pub demo: bool,
    /// `KAKEHASHI_SECURE_COOKIES`: `true`/`false`; by default on when the public URL is https.
    pub secure_cookies: Option<bool>,
    /// `KAKEHASHI_WORKERS`: how many threads serve requests, each with its own
    /// single-threaded runtime (default: one per core).
    pub workers: usize,
    /// `KAKEHASHI_TRUSTED_PROXIES`: networks (CIDRs) of the reverse proxies whose
    /// `X-Forwarded-For` is believed; none by default.
    pub trusted_proxies: app::ssr::proxies::TrustedProxies,
    /// `KAKEHASHI_SMTP_URL` and `KAKEHASHI_MAIL_FROM`: the server the outbox is delivered
    /// through, and the sender; without the URL, mail stays in the outbox.
    pub mail: Option<crate::mail::Mailer>,
    /// `KAKEHASHI_PAGE_CACHE_MIB`: how many MiB of rendered public pages to keep (0: none).
    pub page_cache_mib: usize,
}

/// The most serving threads `KAKEHASHI_WORKERS` may ask for.
pub const MAX_WORKERS: usize = 256;
/// The largest page cache `KAKEHASHI_PAGE_CACHE_MIB` may ask for (64 GiB).
pub const MAX_PAGE_CACHE_MIB: usize = 65_536;

/// A setting in the environment that could not be understood; the server does not start.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `LEPTOS_SITE_ADDR` is not a socket address.
    #[error("LEPTOS_SITE_ADDR={0:?} is not an address such as 127.0.0.1:3000")]
    SiteAddr(String),
    /// A yes/no variable (named first) holds something else (second).
    #[error("{0}={1:?} should be true or false")]
    Flag(&'static str, String),
    /// `KAKEHASHI_WORKERS` is not a whole number from 1 to [`MAX_WORKERS`].
    #[error("KAKEHASHI_WORKERS={0:?} should be a whole number from 1 to 256 (serving threads)")]
    Workers(String),
    /// `KAKEHASHI_PAGE_CACHE_MIB` is not a whole number from 0 to [`MAX_PAGE_CACHE_MIB`].
    #[error(
        "KAKEHASHI_PAGE_CACHE_MIB={0:?} should be a whole number of MiB from 0 (no cache) to 65536"
    )]
    PageCache(String),
    /// `KAKEHASHI_TRUSTED_PROXIES` holds something that is not a list of networks.
    #[error("KAKEHASHI_TRUSTED_PROXIES: {0}")]
    TrustedProxies(String),
    /// The mail settings cannot be used.
    #[error(transparent)]
    Mail(#[from] crate::mail::MailConfigError),
    /// `DATABASE_URL` names a database this build cannot serve from (the first field is the
    /// address with any password hidden, the second says what to use instead).
    #[error("DATABASE_URL={0:?} {1}")]
    DatabaseUrl(String, &'static str),
    /// Under cargo-leptos, its configuration could not be read.
    #[error("reading the Leptos configuration: {0}")]
    Leptos(String),
}

impl Config {
    /// Reads the settings from the environment; unset or blank variables take their
    /// defaults, and a value that cannot be understood is an error.
    pub fn from_env() -> Result<Self, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let site_addr_text = var("LEPTOS_SITE_ADDR").unwrap_or_else(|| DEFAULT_SITE_ADDR.into());
        let site_addr: SocketAddr = site_addr_text
            .parse()
            .map_err(|_| ConfigError::SiteAddr(site_addr_text.clone()))?;
        // cargo-leptos sets LEPTOS_OUTPUT_NAME (at build and at run time); a plain `cargo
        // build` has neither, and then the workspace's own names apply.
        let built_by_cargo_leptos =
            option_env!("LEPTOS_OUTPUT_NAME").is_some() || var("LEPTOS_OUTPUT_NAME").is_some();
        let mut leptos = if built_by_cargo_leptos {
            let mut options = leptos::config::get_configuration(None)
                .map_err(|e| ConfigError::Leptos(e.to_string()))?
                .leptos_options;
            options.site_addr = site_addr;
            options
        } else {
            options_for(
                site_addr,
                &var("LEPTOS_SITE_ROOT").unwrap_or_else(|| DEFAULT_SITE_ROOT.into()),
            )
        };
        // cargo-leptos passes LEPTOS_HASH_FILES to the server it runs, but the release binary
        // started directly (Playwright, the load tests, a deployment) has no such variable:
        // then the setting the binary was built with applies, so the names it writes into the
        // pages are the names the build wrote into the site.
        leptos.hash_files = match var("LEPTOS_HASH_FILES") {
            Some(text) => parse_flag("LEPTOS_HASH_FILES", &text)?,
            None => built_with_hash_files(),
        };
        if let Some(name) = var("LEPTOS_HASH_FILE_NAME").or(option_env!("LEPTOS_HASH_FILE_NAME")
            .filter(|n| !n.is_empty())
            .map(str::to_string))
        {
            leptos.hash_file = name.into();
        }
        let secure_cookies = match var("KAKEHASHI_SECURE_COOKIES") {
            None => None,
            Some(text) => Some(parse_flag("KAKEHASHI_SECURE_COOKIES", &text)?),
        };
        let workers = match var("KAKEHASHI_WORKERS") {
            None => std::thread::available_parallelism().map_or(1, usize::from),
            Some(text) => text
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_WORKERS).contains(n))
                .ok_or(ConfigError::Workers(text))?,
        };
        let page_cache_mib = match var("KAKEHASHI_PAGE_CACHE_MIB") {
            None => crate::page_cache::DEFAULT_MIB,
            Some(text) => text
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= MAX_PAGE_CACHE_MIB)
                .ok_or(ConfigError::PageCache(text))?,
        };
        let trusted_proxies = match var("KAKEHASHI_TRUSTED_PROXIES") {
            None => app::ssr::proxies::TrustedProxies::default(),
            Some(text) => app::ssr::proxies::TrustedProxies::parse(&text)
                .map_err(ConfigError::TrustedProxies)?,
        };
        let public_url =
            var("KAKEHASHI_PUBLIC_URL").unwrap_or_else(|| format!("http://{site_addr}"));
        let mail = match var("KAKEHASHI_SMTP_URL") {
            None => None,
            Some(url) => {
                let from = var("KAKEHASHI_MAIL_FROM")
                    .unwrap_or_else(|| format!("Kakehashi <noreply@{}>", host_of(&public_url)));
                Some(crate::mail::Mailer::new(&url, &from)?)
            }
        };
        Ok(Self {
            page_cache_mib,
            mail,
            trusted_proxies,
            workers,
            demo: var("KAKEHASHI_DEMO").as_deref() == Some("1"),
            secure_cookies,
            public_url,
            database_url: database_url(var("DATABASE_URL"))?,
            data_dir: var("KAKEHASHI_DATA_DIR")
                .unwrap_or_else(|| DEFAULT_DATA_DIR.into())
                .into(),
            leptos,
        })
    }
}

/// `DATABASE_URL`, or the default: a SQLite address (`sqlite://path`, `sqlite:path`,
/// `sqlite::memory:`). Anything else stops the server: without this, sqlx would take
/// `postgres://user@host/db` for a file name and quietly serve from a new, empty SQLite file.
fn database_url(value: Option<String>) -> Result<String, ConfigError> {
    let Some(url) = value else {
        return Ok(DEFAULT_DATABASE_URL.into());
    };
    let url = url.trim().to_string();
    // sqlx reads the prefix case-sensitively: `SQLite://x.db` would be a file name.
    if url
        .strip_prefix("sqlite:")
        .is_some_and(|rest| !rest.is_empty())
    {
        return Ok(url);
    }
    let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
    let instead = if ["postgres", "postgresql"]
        .iter()
        .any(|p| scheme.eq_ignore_ascii_case(p))
    {
        "names a PostgreSQL database; this version of Kakehashi serves from SQLite only: \
         use a sqlite:// address such as sqlite://var/kakehashi.db"
    } else {
        "is not a SQLite address: use one such as sqlite://var/kakehashi.db \
         (a file, created if missing) or sqlite::memory:"
    };
    Err(ConfigError::DatabaseUrl(without_password(&url), instead))
}

/// `scheme://user:password@host/…` with the password replaced by `***`, for messages.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user_info, host)) if user_info.contains(':') => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{path}")
        }
        _ => url.to_string(),
    }
}

/// The host name of an `http(s)://host[:port]/…` address.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if host.starts_with('[') {
        return host.split_inclusive(']').next().unwrap_or(host);
    }
    host.split(':').next().unwrap_or(host)
}

/// A yes/no setting: `1`/`true`/`yes` or `0`/`false`/`no`.
fn parse_flag(name: &'static str, text: &str) -> Result<bool, ConfigError> {
    match text.trim() {
        "1" | "true" | "yes" => Ok(true),
        "0" | "false" | "no" => Ok(false),
        other => Err(ConfigError::Flag(name, other.to_string())),
    }
}

/// Whether cargo-leptos built this binary with `hash-files` on (it passes its settings to the
/// build as environment variables); `false` for a plain `cargo build`.
fn built_with_hash_files() -> bool {
    option_env!("LEPTOS_HASH_FILES") == Some("true")
}

/// Leptos options matching `[[workspace.metadata.leptos]]` in the top-level Cargo.toml.
pub fn options_for(site_addr: SocketAddr, site_root: &str) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("kakehashi")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(site_addr)
        .build()
}

#[cfg(test)]
mod tests {
    use super::{database_url, host_of, without_password, ConfigError, DEFAULT_DATABASE_URL};

    #[test]
    fn the_default_sender_is_at_the_public_host() {
        assert_eq!(host_of("https://kakehashi.example"), "kakehashi.example");
        assert_eq!(
            host_of("https://atlas.example.org:8443/path?q"),
            "atlas.example.org"
        );
        assert_eq!(host_of("http://user@127.0.0.1:3000"), "127.0.0.1");
        assert_eq!(host_of("http://[::1]:3000/"), "[::1]");
    }

    #[test]
    fn only_sqlite_addresses_are_taken() {
        assert_eq!(database_url(None).unwrap(), DEFAULT_DATABASE_URL);
        for good in ["sqlite://var/k.db", "sqlite:k.db", "sqlite::memory:"] {
            assert_eq!(database_url(Some(good.into())).unwrap(), good);
        }
        for bad in [
            "postgres://u@h/db",
            "postgresql://h/db",
            "mysql://h/db",
            "var/k.db",
            "sqlite:",
            "SQLite://x.db",
        ] {
            assert!(
                matches!(
                    database_url(Some(bad.into())),
                    Err(ConfigError::DatabaseUrl(..))
                ),
                "{bad} was taken"
            );
        }
    }

    #[test]
    fn a_password_in_a_database_address_is_never_repeated() {
        assert_eq!(
            without_password("postgres://kake:s3cret@db.example:5432/atlas"),
            "postgres://kake:***@db.example:5432/atlas"
        );
        assert_eq!(
            without_password("postgres://kake@db/atlas"),
            "postgres://kake@db/atlas"
        );
        assert_eq!(without_password("var/k.db"), "var/k.db");
        let message = database_url(Some("postgres://kake:s3cret@db/atlas".into()))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("PostgreSQL") && !message.contains("s3cret"),
            "{message}"
        );
    }
}
