//! The site's static files (the site root, `target/site`: cargo-leptos's `pkg/` output and
//! the copied `public/` files), read into memory at start and served ahead of everything else.
//!
//! Rules:
//! - **Which files**: whatever is in the site root when the server starts, found by walking
//!   it; nothing is listed by hand, so new outputs (the split wasm chunks of
//!   `cargo leptos build --split`, new files in `public/`) are served as they appear.
//! - **Encodings**: a file's `.br` and `.gz` siblings, written by `make build`
//!   (`scripts/precompress.sh`: brotli quality 11, gzip -9), are its encoded forms. A
//!   compressible file without them (a `cargo leptos serve`/`watch` build) is compressed
//!   once here, at start, at quicker levels ([`START_BROTLI_QUALITY`], [`START_GZIP_LEVEL`]).
//!   A request gets brotli when its `Accept-Encoding` allows it, else gzip, else the file as
//!   it is, with `Content-Encoding` and `Vary: Accept-Encoding`. These answers are outside the
//!   compression layer, so nothing is compressed per request.
//! - **Caching**: a file whose name carries cargo-leptos's content hash ([`carries_hash`])
//!   gets `Cache-Control: public, max-age=31536000, immutable`; every other file `no-cache`.
//!   Every file has a weak `ETag` of its content, and `If-None-Match` with it answers 304.
//! - **Outside the page stack**: no session, account, Origin check or timeout runs for these
//!   answers (see [`crate::router_with`]); an unknown address under `/pkg/` is a plain 404
//!   at once, not the site's 404 page.

use crate::exports::{fnv1a, not_modified};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Whether the static files are read from disk at each request instead of from memory: under
/// `cargo leptos watch` (it sets `LEPTOS_WATCH`), which rebuilds the wasm and the stylesheet
/// without restarting the server, so files read at start would go stale.
pub fn from_disk() -> bool {
    std::env::var_os("LEPTOS_WATCH").is_some()
}

/// Brotli quality for files that come without a `.br` (the build writes quality 11).
pub const START_BROTLI_QUALITY: u32 = 9;
/// Gzip level for files that come without a `.gz` (the build writes level 9).
pub const START_GZIP_LEVEL: u32 = 6;
/// How long browsers keep a file whose name carries its content hash: a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The length of cargo-leptos's file hash: MD5 (16 bytes) in unpadded base64url.
const HASH_LENGTH: usize = 22;

/// Why the site's files could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    /// The site root is not there: the site was not built, or `LEPTOS_SITE_ROOT` is wrong.
    #[error(
        "the site root {0} is not a folder: build the site first (`make build`, or \
         `cargo leptos build --release`) or set LEPTOS_SITE_ROOT to the built site"
    )]
    NoSiteRoot(PathBuf),
    /// A file or folder in the site root could not be read.
    #[error("reading {0}: {1}")]
    Read(PathBuf, std::io::Error),
    /// `hash-files` is on, but the hash file cargo-leptos writes is not beside the binary.
    #[error(
        "file hashing is on (LEPTOS_HASH_FILES / hash-files) but {0} cannot be read: build \
         with `cargo leptos build --release`, which writes it beside the server binary, or \
         set LEPTOS_HASH_FILES=false"
    )]
    NoHashFile(PathBuf),
    /// The hash file names a file the site root does not hold: they come from different builds.
    #[error(
        "{hash_file} names {name}, which is not in the site root: the site and the server \
         binary come from different builds (run `make build` again)"
    )]
    StaleHashFile {
        /// The hash file.
        hash_file: PathBuf,
        /// The address it names.
        name: String,
    },
}

/// One file, in every encoding it is served in, with its headers made once.
#[derive(Debug)]
struct Asset {
    content_type: HeaderValue,
    cache_control: HeaderValue,
    etag: HeaderValue,
    /// The tag as `If-None-Match` is compared with it (quoted, without `W/`).
    tag: String,
    identity: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
}

/// Every file of the site root, by its address (`/pkg/kakehashi.<hash>.css`, `/favicon.svg`).
#[derive(Debug, Default)]
pub struct SiteAssets {
    files: HashMap<String, Asset>,
    /// `/pkg/`: the folder whose unknown addresses answer 404 here.
    pkg_prefix: String,
    /// Files that had no precompressed siblings and were compressed at start.
    compressed_at_start: usize,
}

/// Which of a file's forms a request gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// `Content-Encoding: br`.
    Brotli,
    /// `Content-Encoding: gzip`.
    Gzip,
    /// The file as it is.
    Identity,
}

impl SiteAssets {
    /// No files (for sites without a built front end, such as the HTTP tests').
    pub fn empty(site_pkg_dir: &str) -> Self {
        Self {
            pkg_prefix: format!("/{}/", site_pkg_dir.trim_matches('/')),
            ..Self::default()
        }
    }

    /// Reads every file under `site_root` into memory, with its `.br` and `.gz` forms.
    pub fn load(site_root: &Path, site_pkg_dir: &str) -> Result<Self, AssetError> {
        if !site_root.is_dir() {
            return Err(AssetError::NoSiteRoot(site_root.to_path_buf()));
        }
        let mut assets = Self::empty(site_pkg_dir);
        let mut paths = Vec::new();
        walk(site_root, &mut paths)?;
        let on_disk: std::collections::HashSet<&Path> =
            paths.iter().map(PathBuf::as_path).collect();
        for path in &paths {
            let is_variant = ["br", "gz"]
                .iter()
                .any(|ext| path.extension().is_some_and(|e| e == *ext))
                && on_disk.contains(path.with_extension("").as_path());
            if is_variant {
                continue;
            }
            let Some(address) = address_of(site_root, path) else {
                tracing::warn!(path = %path.display(), "static file skipped: its name is not UTF-8");
                continue;
            };
            let identity = Bytes::from(read(path)?);
            let compressible = is_compressible(&address);
            let (brotli, brotli_at_start) = encoded(path, "br", &identity, compressible, |raw| {
                let mut writer =
                    brotli::CompressorWriter::new(Vec::new(), 64 * 1024, START_BROTLI_QUALITY, 22);
                writer.write_all(raw)?;
                Ok(writer.into_inner())
            })?;
            let (gzip, gzip_at_start) = encoded(path, "gz", &identity, compressible, |raw| {
                let mut encoder = flate2::write::GzEncoder::new(
                    Vec::new(),
                    flate2::Compression::new(START_GZIP_LEVEL),
                );
                encoder.write_all(raw)?;
                encoder.finish()
            })?;
            if brotli_at_start || gzip_at_start {
                assets.compressed_at_start += 1;
            }
            let tag = format!("\"{:016x}-{:x}\"", fnv1a(&identity), identity.len());
            let asset = Asset {
                content_type: HeaderValue::from_static(content_type(&address)),
                // Decided below, once every file is read: see `named_by_content`.
                cache_control: HeaderValue::from_static("no-cache"),
                etag: HeaderValue::from_str(&format!("W/{tag}")).expect("a tag is ASCII"),
                tag,
                identity,
                brotli,
                gzip,
            };
            assets.files.insert(address, asset);
        }
        // Files whose names carry one hash are checked together (`named_by_content`).
        let mut groups: HashMap<&str, Vec<(&str, &[u8])>> = HashMap::new();
        for (address, asset) in &assets.files {
            if is_content_hashed(address, &assets.pkg_prefix) {
                if let Some(hash) = name_hash(address) {
                    groups
                        .entry(hash)
                        .or_default()
                        .push((address, &asset.identity));
                }
            }
        }
        let immutable: Vec<String> = groups
            .into_iter()
            .filter_map(|(hash, mut files)| {
                files.sort_unstable_by_key(|(address, _)| *address);
                let contents: Vec<&[u8]> = files.iter().map(|(_, bytes)| *bytes).collect();
                named_by_content(hash, &contents).then(|| {
                    files
                        .iter()
                        .map(|(address, _)| address.to_string())
                        .collect::<Vec<_>>()
                })
            })
            .flatten()
            .collect();
        for address in immutable {
            if let Some(asset) = assets.files.get_mut(&address) {
                asset.cache_control = HeaderValue::from_static(IMMUTABLE);
            }
        }
        Ok(assets)
    }

    /// How many files are served.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file is served.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// How many files had no `.br`/`.gz` beside them and were compressed at start.
    pub fn compressed_at_start(&self) -> usize {
        self.compressed_at_start
    }

    /// Whether the site serves `address`.
    pub fn contains(&self, address: &str) -> bool {
        self.files.contains_key(address)
    }

    /// Checks that every file the hash file cargo-leptos wrote (`hash.txt`: `js: <hash>`,
    /// `wasm: …`, `css: …`, and with `--split` `manifest: …`, `split: …`) is in the site, so
    /// the names Leptos writes into the pages are names this server can answer.
    pub fn check_hash_file(
        &self,
        hash_file: &Path,
        output_name: &str,
        site_pkg_dir: &str,
    ) -> Result<(), AssetError> {
        let text = std::fs::read_to_string(hash_file)
            .map_err(|_| AssetError::NoHashFile(hash_file.to_path_buf()))?;
        let pkg = site_pkg_dir.trim_matches('/');
        for line in text.lines() {
            let Some((kind, hash)) = line.split_once(':') else {
                continue;
            };
            let hash = hash.trim();
            let name = match kind.trim() {
                kind @ ("js" | "wasm" | "css") => format!("{output_name}.{hash}.{kind}"),
                "manifest" => format!("__wasm_split_manifest.{hash}.json"),
                "split" => format!("__wasm_split.{hash}.js"),
                _ => continue,
            };
            let address = format!("/{pkg}/{name}");
            if !self.contains(&address) {
                return Err(AssetError::StaleHashFile {
                    hash_file: hash_file.to_path_buf(),
                    name: address,
                });
            }
        }
        Ok(())
    }

    /// The answer for `address`, or `None` when the site has no such file.
    fn answer(&self, address: &str, request: &HeaderMap) -> Option<Response> {
        let asset = self.files.get(address)?;
        let mut headers = HeaderMap::with_capacity(6);
        headers.insert(header::CACHE_CONTROL, asset.cache_control.clone());
        headers.insert(header::ETAG, asset.etag.clone());
        if asset.brotli.is_some() || asset.gzip.is_some() {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        if not_modified(request, &asset.tag) {
            return Some((StatusCode::NOT_MODIFIED, headers).into_response());
        }
        headers.insert(header::CONTENT_TYPE, asset.content_type.clone());
        let accept = request.get(header::ACCEPT_ENCODING);
        let body = match negotiate(accept, asset.brotli.is_some(), asset.gzip.is_some()) {
            Encoding::Brotli => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
                asset.brotli.clone()
            }
            Encoding::Gzip => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                asset.gzip.clone()
            }
            Encoding::Identity => None,
        }
        .unwrap_or_else(|| asset.identity.clone());
        Some((headers, Body::from(body)).into_response())
    }
}

/// The middleware, outermost but for the response headers and the trace: answers every file
/// of the site, and 404 for any other address under `/pkg/`; everything else goes on to the
/// pages.
pub async fn serve(
    State(assets): State<Arc<SiteAssets>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let known = assets.files.contains_key(path);
    if !known && !path.starts_with(&assets.pkg_prefix) {
        return next.run(request).await;
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    match assets.answer(path, request.headers()) {
        Some(response) => response,
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// Whether a file (by its address) is named by its content, so its address never serves
/// other bytes: it is in the pkg folder and [`carries_hash`]. Files outside it (copied from
/// `public/`) are never hashed by cargo-leptos, whatever their names look like.
pub fn is_content_hashed(address: &str, pkg_prefix: &str) -> bool {
    address.starts_with(pkg_prefix) && address.rsplit('/').next().is_some_and(carries_hash)
}

/// The hash in a file's name (`stem.<hash>.ext`), if it has one.
fn name_hash(address: &str) -> Option<&str> {
    let name = address.rsplit('/').next()?;
    name.rsplit('.')
        .nth(1)
        .filter(|hash| hash.len() == HASH_LENGTH)
}

/// Whether the files named with `hash` (their contents, in the order of their names) are
/// named by their content, so no other bytes can ever appear under their names: `hash` is
/// the MD5 (unpadded base64url) of their contents put together, each occurrence of `hash`
/// in them written as 22 underscores. For one file that does not name itself, that is the
/// MD5 of its bytes, as cargo-leptos computes it. With `--split`, cargo-leptos writes the
/// loader's name into the main script and wasm after naming them, and the script's name
/// into the loader; `scripts/name-by-content.py` then gives the three one hash by this rule.
/// Files that fail it (a build without that step) are revalidated (`no-cache` + ETag)
/// instead of kept for a year, so a returning browser never pairs an old cached file with
/// new ones.
pub fn named_by_content(hash: &str, contents: &[&[u8]]) -> bool {
    use md5::{Digest, Md5};
    let mask = [b'_'; HASH_LENGTH];
    let mut md5 = Md5::new();
    for bytes in contents {
        let mut rest = *bytes;
        while let Some(at) = find(rest, hash.as_bytes()) {
            md5.update(&rest[..at]);
            md5.update(mask);
            rest = &rest[at + hash.len()..];
        }
        md5.update(rest);
    }
    hash.len() == HASH_LENGTH && base64url(&md5.finalize()) == hash
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// cargo-leptos's hash of a file: the MD5 of its bytes in unpadded base64url (22 characters).
pub fn content_hash(bytes: &[u8]) -> String {
    use md5::{Digest, Md5};
    base64url(&Md5::digest(bytes))
}

/// Unpadded base64url.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// Whether a file name has the form of a content hash: `stem.<hash>.ext`, the hash being
/// 22 characters of unpadded base64url (an MD5). The name alone proves nothing: cargo-leptos
/// names the wasm-split loader before it rewrites the chunk names inside it (cargo-leptos
/// #658), and the main script and wasm before it writes the loader's name into them; only
/// [`named_by_content`] decides. The manifest is never taken as hashed (browsers never
/// fetch it).
pub fn carries_hash(file_name: &str) -> bool {
    if file_name.starts_with("__wasm_split_manifest") {
        return false;
    }
    let mut parts = file_name.rsplit('.');
    let (Some(ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !ext.is_empty()
        && !stem.is_empty()
        && hash.len() == HASH_LENGTH
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Picks brotli, gzip or the plain file for an `Accept-Encoding` header: the acceptable
/// encoding with the highest `q`, brotli before gzip on a tie; `q=0` refuses one; `*`
/// stands for every encoding not named.
pub fn negotiate(accept: Option<&HeaderValue>, has_brotli: bool, has_gzip: bool) -> Encoding {
    let Some(accept) = accept.and_then(|v| v.to_str().ok()) else {
        return Encoding::Identity;
    };
    let (mut brotli, mut gzip, mut any) = (None, None, None);
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match name.as_str() {
            "br" => brotli = Some(q),
            "gzip" | "x-gzip" => gzip = Some(q),
            "*" => any = Some(q),
            _ => {}
        }
    }
    let brotli = if has_brotli {
        brotli.or(any).unwrap_or(0.0)
    } else {
        0.0
    };
    let gzip = if has_gzip {
        gzip.or(any).unwrap_or(0.0)
    } else {
        0.0
    };
    if brotli > 0.0 && brotli >= gzip {
        Encoding::Brotli
    } else if gzip > 0.0 {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Every file under `dir`, depth first.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), AssetError> {
    let entries = std::fs::read_dir(dir).map_err(|e| AssetError::Read(dir.to_path_buf(), e))?;
    let mut entries: Vec<_> = entries
        .collect::<Result<_, _>>()
        .map_err(|e| AssetError::Read(dir.to_path_buf(), e))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>, AssetError> {
    std::fs::read(path).map_err(|e| AssetError::Read(path.to_path_buf(), e))
}

/// `/pkg/kakehashi.css` for `<root>/pkg/kakehashi.css`.
fn address_of(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let mut address = String::new();
    for part in relative.components() {
        address.push('/');
        address.push_str(part.as_os_str().to_str()?);
    }
    Some(address)
}

/// The `.br` or `.gz` form of a file: the one beside it when it is there, newer than the
/// file and smaller; else, for a compressible file, `compress` run now (the flag says so).
/// Kept only when smaller than the file.
fn encoded(
    path: &Path,
    extension: &str,
    identity: &Bytes,
    compressible: bool,
    compress: impl FnOnce(&[u8]) -> std::io::Result<Vec<u8>>,
) -> Result<(Option<Bytes>, bool), AssetError> {
    let mut sibling = path.as_os_str().to_owned();
    sibling.push(".");
    sibling.push(extension);
    let sibling = PathBuf::from(sibling);
    // In whole seconds: `brotli --keep` and `gzip --keep` give the form the file's time
    // truncated to the second, so only a form from an earlier build is older.
    let modified = |p: &Path| {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs())
    };
    let fresh = match (modified(&sibling), modified(path)) {
        (Some(encoded), Some(raw)) => encoded >= raw,
        _ => false,
    };
    let (bytes, at_start) = if fresh {
        (read(&sibling)?, false)
    } else if compressible {
        let bytes = compress(identity).map_err(|e| AssetError::Read(path.to_path_buf(), e))?;
        (bytes, true)
    } else {
        return Ok((None, false));
    };
    Ok((
        (bytes.len() < identity.len()).then(|| Bytes::from(bytes)),
        at_start,
    ))
}

/// The file's extension, lower case.
fn extension(address: &str) -> String {
    let name = address.rsplit('/').next().unwrap_or_default();
    name.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether a file is worth compressing (text and wasm; not images, fonts or archives).
fn is_compressible(address: &str) -> bool {
    matches!(
        extension(address).as_str(),
        "js" | "mjs"
            | "css"
            | "wasm"
            | "svg"
            | "json"
            | "map"
            | "html"
            | "htm"
            | "txt"
            | "xml"
            | "ts"
            | "webmanifest"
            | "ico"
    )
}

/// The `Content-Type` of a file by its extension.
fn content_type(address: &str) -> &'static str {
    match extension(address).as_str() {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "html" | "htm" => "text/html; charset=utf-8",
        "txt" | "ts" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "AbCdEfGhIjKlMnOpQr-_09";

    #[test]
    fn cargo_leptos_hashed_names_are_recognised() {
        assert_eq!(HASH.len(), HASH_LENGTH);
        for name in [
            format!("kakehashi.{HASH}.css"),
            format!("kakehashi.{HASH}.js"),
            format!("kakehashi.{HASH}.wasm"),
            format!("chunk_12.{HASH}.wasm"),
            format!("kakehashi_bg.wasm.{HASH}.ts"),
        ] {
            assert!(carries_hash(&name), "{name}");
        }
    }

    #[test]
    fn names_without_a_whole_hash_are_not() {
        for name in [
            "kakehashi.css".to_string(),
            "kakehashi.wasm".to_string(),
            "favicon.svg".to_string(),
            "robots.txt".to_string(),
            format!("{HASH}.css"),
            format!("kakehashi.{HASH}"),
            format!("kakehashi.{HASH}."),
            format!("kakehashi.{}.css", &HASH[1..]),
            format!("kakehashi.{HASH}x.css"),
            "kakehashi.AbCdEfGhIjKlMnOpQr+/09.css".to_string(),
            "kakehashi.AbCdEfGhIjKlMnOpQr=_09.css".to_string(),
        ] {
            assert!(!carries_hash(&name), "{name}");
        }
    }

    #[test]
    fn the_wasm_split_manifest_is_never_taken_as_hashed() {
        assert!(!carries_hash(&format!("__wasm_split_manifest.{HASH}.json")));
        // The loader may be: named_by_content decides.
        assert!(carries_hash(&format!("__wasm_split.{HASH}.js")));
    }

    #[test]
    fn only_files_in_the_pkg_folder_count_as_hashed() {
        assert!(is_content_hashed(
            &format!("/pkg/kakehashi.{HASH}.css"),
            "/pkg/"
        ));
        assert!(is_content_hashed(
            &format!("/pkg/snip/chunk_1.{HASH}.wasm"),
            "/pkg/"
        ));
        assert!(!is_content_hashed(
            &format!("/kakehashi.{HASH}.css"),
            "/pkg/"
        ));
        assert!(!is_content_hashed(
            &format!("/images/logo.{HASH}.svg"),
            "/pkg/"
        ));
        assert!(!is_content_hashed("/pkg/kakehashi.css", "/pkg/"));
    }

    #[test]
    fn a_name_is_trusted_only_when_its_hash_is_the_contents_md5() {
        // MD5("") = d41d8cd98f00b204e9800998ecf8427e; base64url as cargo-leptos writes it.
        assert_eq!(base64url(&[0xd4, 0x1d, 0x8c]), "1B2M");
        assert_eq!(base64url(b"ab"), "YWI");
        assert_eq!(base64url(b"a"), "YQ");
        assert!(named_by_content("1B2M2Y8AsgTpgAmY7PhCfg", &[b""]));
        assert!(!named_by_content("1B2M2Y8AsgTpgAmY7PhCfg", &[b"x"]));
        assert!(!named_by_content("1B2M", &[b""]));
    }

    #[test]
    fn files_that_name_each_other_are_trusted_when_their_joint_hash_matches() {
        use md5::{Digest, Md5};
        // Two files naming each other, as the split loader and the main script do: their
        // hash is the MD5 of both, each with the hash written as 22 underscores.
        let masked = [
            b"import './kakehashi.______________________.js';".as_slice(),
            b"fetch('__wasm_split.______________________.js')".as_slice(),
        ];
        let hash = base64url(&Md5::digest(masked.concat()));
        let (a, b) = (
            masked[0].to_vec().replace_mask(&hash),
            masked[1].to_vec().replace_mask(&hash),
        );
        assert!(named_by_content(&hash, &[&a[..], &b[..]]));
        // Either file changed, or the two in another order: not trusted.
        let changed = [b.as_slice(), b"!"].concat();
        assert!(!named_by_content(&hash, &[&a[..], &changed[..]]));
        assert!(!named_by_content(&hash, &[&b[..], &a[..]]));
        // One of them alone: not trusted either.
        assert!(!named_by_content(&hash, &[&a[..]]));
    }

    trait ReplaceMask {
        fn replace_mask(self, hash: &str) -> Vec<u8>;
    }

    impl ReplaceMask for Vec<u8> {
        fn replace_mask(self, hash: &str) -> Vec<u8> {
            String::from_utf8(self)
                .unwrap()
                .replace(&"_".repeat(HASH_LENGTH), hash)
                .into_bytes()
        }
    }

    fn accept(value: &str) -> Option<HeaderValue> {
        Some(HeaderValue::from_str(value).unwrap())
    }

    #[test]
    fn brotli_is_preferred_then_gzip_then_the_file() {
        use Encoding::*;
        let cases = [
            (Some("gzip, deflate, br, zstd"), Brotli),
            (Some("gzip, deflate"), Gzip),
            (Some("br"), Brotli),
            (Some("deflate"), Identity),
            (Some(""), Identity),
            (None, Identity),
            (Some("identity"), Identity),
            (Some("*"), Brotli),
            (Some("br;q=0, gzip"), Gzip),
            (Some("br;q=0.5, gzip;q=0.8"), Gzip),
            (Some("br;q=1.0, gzip;q=1.0"), Brotli),
            (Some("GZIP"), Gzip),
            (Some("*;q=0"), Identity),
            (Some("br;q=0, *"), Gzip),
            (Some("x-gzip"), Gzip),
        ];
        for (header, expected) in cases {
            let value = header.and_then(accept);
            assert_eq!(
                negotiate(value.as_ref(), true, true),
                expected,
                "{header:?}"
            );
        }
    }

    #[test]
    fn an_encoding_the_file_lacks_is_not_chosen() {
        let both = accept("gzip, br");
        assert_eq!(negotiate(both.as_ref(), false, true), Encoding::Gzip);
        assert_eq!(negotiate(both.as_ref(), true, false), Encoding::Brotli);
        assert_eq!(negotiate(both.as_ref(), false, false), Encoding::Identity);
    }

    #[test]
    fn types_are_those_browsers_need() {
        assert_eq!(content_type("/pkg/k.wasm"), "application/wasm");
        assert_eq!(content_type("/pkg/k.JS"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("/pkg/k.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("/favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("/LICENSE"), "application/octet-stream");
        assert!(is_compressible("/pkg/k.wasm"));
        assert!(!is_compressible("/photo.png"));
    }
}
