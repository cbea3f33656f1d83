//! A cache of rendered public pages, so that a page many visitors read is rendered once per
//! change of the record instead of once per visit.
//!
//! What is kept: a page of the published record (the pages search engines may visit,
//! [`paths::Page::crawlable`]: never a login, invitation or password page, whose content depends on
//! more than the record), answered `200` with HTML, without a cookie, to a `GET` from a
//! visitor who is not logged in. It is kept under its address (path and query), and is good only
//! while the record is the one it was rendered from (the search index's
//! [`generation`](app::ssr::search::SearchHandle::generation), which every publication,
//! confirmation and rebuild advances) and on the day it was rendered (UTC: a page's citation
//! names today as its access date). An activity page asked for with a `Referer` is never
//! taken from or put into the cache: its breadcrumb leads back to the search the visitor came
//! from (`routes::activity::search_origin`).
//!
//! Every answer still gets a nonce of its own: Leptos writes the nonce of the render into
//! the page (its inline scripts and preloads) and the page's Content-Security-Policy names
//! it; the cache keeps the page cut at each occurrence of that nonce and puts a fresh one
//! (drawn as Leptos draws it) into the body and the policy of every answer. So an injected
//! script still cannot know the nonce of the page it lands in.
//!
//! Compression: each cut piece is kept deflated (level 9, each piece on its own, ending on a
//! byte boundary), and a gzip answer is assembled from them with the nonce between them as
//! stored (uncompressed) deflate blocks, plus the CRC-32 of the whole (combined from the
//! pieces'): no compression work per answer. Visitors whose browser does not take gzip get
//! the plain page. The compression layer outside leaves an answer that already has a
//! `Content-Encoding` alone.
//!
//! A revalidation (`If-None-Match` naming the page's `ETag`) is answered 304 from the cache,
//! as `pages::etag` answers it, without the policy. Once the cache holds more than its budget
//! of bytes (`KAKEHASHI_PAGE_CACHE_MIB`, 0 turns it off), pages go oldest first, except that
//! a page served from the cache since it was put in, or since it was last passed over, gets
//! a second chance (CLOCK): a run of addresses asked for once each (searches with new
//! words, a crawler) pushes out pages nobody came back to, not the home page and the
//! country pages people keep asking for.
//! Each answer says `x-cache: hit` or `miss`.

use crate::exports::not_modified;
use app::account::Actor;
use app::paths;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use flate2::{Compress, Compression, FlushCompress};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// How much the cache holds by default (`KAKEHASHI_PAGE_CACHE_MIB`).
pub const DEFAULT_MIB: usize = 64;
/// The largest page kept; anything larger is rendered at every visit.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;
/// The header that says whether an answer came from the cache.
const X_CACHE: HeaderName = HeaderName::from_static("x-cache");

/// The cache, shared by every serving thread.
#[derive(Clone)]
pub struct PageCache {
    inner: Arc<Mutex<Entries>>,
    budget: usize,
    /// The record's generation now (`SearchHandle::generation` on the site).
    generation: Arc<dyn Fn() -> u64 + Send + Sync>,
}

#[derive(Default)]
struct Entries {
    pages: HashMap<String, Arc<Kept>>,
    /// Addresses in the order they were put in, oldest first (an address may stand here
    /// after its page was replaced; such stale names are skipped when evicting).
    order: VecDeque<(String, u64)>,
    bytes: usize,
    /// Numbers each insertion, so that `order` can tell a replaced page from its successor.
    inserted: u64,
}

/// One rendered page, cut at its nonce.
struct Kept {
    generation: u64,
    day: u64,
    serial: u64,
    /// The headers of the render (without Content-Length), the policy naming `nonce`.
    headers: HeaderMap,
    nonce: String,
    /// The weak tag `pages::etag` gave it (`"p…"`, without `W/`).
    etag: String,
    /// The page between the occurrences of its nonce: `pieces.len() - 1` occurrences.
    pieces: Vec<Bytes>,
    /// Each piece deflated on its own; every one but the last ends with a sync flush (byte
    /// aligned, not final), the last one ends the stream.
    deflated: Vec<Bytes>,
    /// Each piece's CRC-32, to be combined with the nonce's.
    crcs: Vec<crc32fast::Hasher>,
    len: usize,
    /// Served from the cache since it was put in or last given a second chance.
    visited: AtomicBool,
}

impl Kept {
    fn weight(&self) -> usize {
        2 * self.len + self.deflated.iter().map(Bytes::len).sum::<usize>()
    }

    /// Cuts `body` at every occurrence of `nonce` and deflates the pieces.
    fn new(
        body: &[u8],
        nonce: String,
        etag: String,
        headers: HeaderMap,
        generation: u64,
        day: u64,
    ) -> Kept {
        let pieces: Vec<Bytes> = split(body, nonce.as_bytes())
            .into_iter()
            .map(Bytes::copy_from_slice)
            .collect();
        let last = pieces.len() - 1;
        let deflated = pieces
            .iter()
            .enumerate()
            .map(|(i, piece)| Bytes::from(deflate(piece, i == last)))
            .collect();
        let crcs = pieces
            .iter()
            .map(|piece| {
                let mut crc = crc32fast::Hasher::new();
                crc.update(piece);
                crc
            })
            .collect();
        Kept {
            generation,
            day,
            serial: 0,
            headers,
            nonce,
            etag,
            pieces,
            deflated,
            crcs,
            len: body.len(),
            visited: AtomicBool::new(false),
        }
    }

    /// The page with `nonce` in place of the one it was rendered with.
    fn plain(&self, nonce: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len + nonce.len() * self.pieces.len());
        for (i, piece) in self.pieces.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(nonce.as_bytes());
            }
            out.extend_from_slice(piece);
        }
        out
    }

    /// The same, as a gzip member assembled from the deflated pieces.
    fn gzip(&self, nonce: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            32 + self.deflated.iter().map(Bytes::len).sum::<usize>()
                + (nonce.len() + 5) * self.pieces.len(),
        );
        // ID1 ID2, deflate, no flags, no time, no extra flags, unknown OS.
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
        let mut nonce_crc = crc32fast::Hasher::new();
        nonce_crc.update(nonce.as_bytes());
        let mut crc = crc32fast::Hasher::new();
        let mut total: usize = 0;
        for (i, (piece, deflated)) in self.pieces.iter().zip(&self.deflated).enumerate() {
            if i > 0 {
                stored_block(&mut out, nonce.as_bytes());
                crc.combine(&nonce_crc);
                total += nonce.len();
            }
            out.extend_from_slice(deflated);
            crc.combine(&self.crcs[i]);
            total += piece.len();
        }
        out.extend_from_slice(&crc.finalize().to_le_bytes());
        out.extend_from_slice(&(total as u32).to_le_bytes());
        out
    }
}

/// `haystack` cut at every occurrence of `needle` (one more piece than occurrences).
fn split<'a>(haystack: &'a [u8], needle: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    let mut rest = haystack;
    while let Some(at) = rest.windows(needle.len()).position(|w| w == needle) {
        pieces.push(&rest[..at]);
        rest = &rest[at + needle.len()..];
    }
    pieces.push(rest);
    pieces
}

/// `data` as raw deflate blocks at level 9: ending the stream when `last`, else with a sync
/// flush (an empty stored block), which ends on a byte boundary and sets no final bit.
fn deflate(data: &[u8], last: bool) -> Vec<u8> {
    let mut compress = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(data.len() / 3 + 64);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    loop {
        let consumed = compress.total_in() as usize;
        out.reserve(data.len() / 3 + 64);
        let status = compress
            .compress_vec(&data[consumed..], &mut out, flush)
            .expect("deflating into a growing buffer cannot fail");
        let done = compress.total_in() as usize == data.len()
            && match flush {
                FlushCompress::Finish => status == flate2::Status::StreamEnd,
                _ => out.len() < out.capacity(),
            };
        if done {
            return out;
        }
    }
}

/// Appends `data` as stored deflate blocks (not final), starting on a byte boundary.
fn stored_block(out: &mut Vec<u8>, data: &[u8]) {
    for chunk in data.chunks(u16::MAX as usize) {
        let len = chunk.len() as u16;
        // BFINAL 0, BTYPE 00, then padding to the byte boundary: one zero byte.
        out.push(0);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
}

/// Whether `Accept-Encoding` takes gzip (named, or `*`, with a non-zero weight).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut gzip = None;
    let mut any = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let weight = parts
            .find_map(|p| p.trim().strip_prefix("q=").map(str::trim))
            .map_or(1.0, |q| q.parse::<f32>().unwrap_or(0.0));
        match coding.as_str() {
            "gzip" | "x-gzip" => gzip = Some(weight > 0.0),
            "*" => any = Some(weight > 0.0),
            _ => {}
        }
    }
    gzip.or(any).unwrap_or(false)
}

/// Today, as days since 1970-01-01 (UTC).
fn today() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400)
}

/// Whether the page at `path` reads the `Referer` (an activity's page: its breadcrumb).
fn reads_referer(path: &str) -> bool {
    let path = path.strip_prefix("/ja").unwrap_or(path);
    path.starts_with("/activities/")
}

impl PageCache {
    /// A cache of at most `mib` MiB of pages (0: none); `generation` tells which state of
    /// the record the site shows now.
    pub fn new(mib: usize, generation: impl Fn() -> u64 + Send + Sync + 'static) -> PageCache {
        PageCache {
            inner: Arc::default(),
            budget: mib * 1024 * 1024,
            generation: Arc::new(generation),
        }
    }

    fn get(&self, key: &str, generation: u64, day: u64) -> Option<Arc<Kept>> {
        let entries = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let page = entries
            .pages
            .get(key)
            .filter(|p| p.generation == generation && p.day == day)
            .cloned();
        if let Some(page) = &page {
            page.visited.store(true, Ordering::Relaxed);
        }
        page
    }

    fn put(&self, key: String, mut page: Kept) {
        let weight = page.weight();
        if weight > self.budget {
            return;
        }
        let mut entries = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        entries.inserted += 1;
        page.serial = entries.inserted;
        let serial = page.serial;
        if let Some(old) = entries.pages.insert(key.clone(), Arc::new(page)) {
            entries.bytes -= old.weight();
        }
        entries.bytes += weight;
        entries.order.push_back((key, serial));
        // Each page in `order` is passed over at most once (its mark is cleared), so this
        // ends within two rounds of `order`.
        while entries.bytes > self.budget {
            let Some((oldest, serial)) = entries.order.pop_front() else {
                break;
            };
            let Some(current) = entries.pages.get(&oldest).filter(|p| p.serial == serial) else {
                continue;
            };
            if current.visited.swap(false, Ordering::Relaxed) {
                entries.order.push_back((oldest, serial));
            } else if let Some(old) = entries.pages.remove(&oldest) {
                entries.bytes -= old.weight();
            }
        }
        // Names of replaced pages would otherwise pile up in `order`.
        if entries.order.len() > 4 * entries.pages.len() + 64 {
            let Entries { pages, order, .. } = &mut *entries;
            order.retain(|(key, serial)| pages.get(key).is_some_and(|p| p.serial == *serial));
        }
    }

    /// How many pages and bytes it holds.
    pub fn size(&self) -> (usize, usize) {
        let entries = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        (entries.pages.len(), entries.bytes)
    }
}

/// The middleware: inside the account layer (it must know whether someone is logged in),
/// outside `pages::etag` (it keeps pages as tagged) and inside the compression layer.
pub async fn serve(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    let cacheable = cache.budget > 0
        && request.method() == Method::GET
        && request.extensions().get::<Actor>().is_none()
        && paths::Page::of_path(request.uri().path()).is_some_and(paths::Page::crawlable)
        && !(request.headers().contains_key(header::REFERER)
            && reads_referer(request.uri().path()));
    if !cacheable {
        return next.run(request).await;
    }
    let key = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().path().to_string(), |pq| pq.to_string());
    // Read before rendering: a page rendered while the record changes is kept under the
    // generation it started from, which is then no longer current, so it is never served.
    let generation = (cache.generation)();
    let day = today();
    let gzip = accepts_gzip(request.headers());
    if let Some(page) = cache.get(&key, generation, day) {
        return answer(&page, request.headers(), gzip);
    }
    let response = next.run(request).await;
    let keep = response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && !response.headers().contains_key(header::CONTENT_ENCODING)
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
    let tag = response
        .headers()
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .and_then(|t| t.strip_prefix("W/"))
        .map(str::to_string);
    let (Some(tag), true) = (tag, keep) else {
        return response;
    };
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "a page could not be read whole to keep it");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if let Some(nonce) =
        crate::pages::nonce(&bytes).map(|n| String::from_utf8_lossy(n).into_owned())
    {
        let mut headers = parts.headers.clone();
        headers.remove(header::CONTENT_LENGTH);
        headers.remove(header::DATE);
        cache.put(key, Kept::new(&bytes, nonce, tag, headers, generation, day));
    }
    parts
        .headers
        .insert(X_CACHE, HeaderValue::from_static("miss"));
    Response::from_parts(parts, Body::from(bytes))
}

/// A kept page as an answer to a request with `request` headers: 304 when it revalidates,
/// else the page with a fresh nonce, gzip-encoded when `gzip`.
fn answer(page: &Kept, request: &HeaderMap, gzip: bool) -> Response {
    let mut headers = page.headers.clone();
    headers.insert(X_CACHE, HeaderValue::from_static("hit"));
    if not_modified(request, &page.etag) {
        // The stored page keeps the policy that names its own nonce (`pages::etag`).
        for name in [
            header::CONTENT_TYPE,
            header::CONTENT_LENGTH,
            header::CONTENT_SECURITY_POLICY,
        ] {
            headers.remove(name);
        }
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        *response.headers_mut() = headers;
        return response;
    }
    let nonce = leptos::nonce::Nonce::new().to_string();
    if let Some(policy) = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .map(|p| p.replace(&page.nonce, &nonce))
        .and_then(|p| HeaderValue::from_str(&p).ok())
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    let body = if gzip {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        page.gzip(&nonce)
    } else {
        page.plain(&nonce)
    };
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = headers;
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(data)
            .read_to_end(&mut out)
            .expect("a valid gzip member");
        out
    }

    fn page(body: &str, nonce: &str) -> Kept {
        Kept::new(
            body.as_bytes(),
            nonce.into(),
            "\"p1\"".into(),
            HeaderMap::new(),
            1,
            1,
        )
    }

    #[test]
    fn a_kept_page_gets_the_new_nonce_plain_and_gzipped() {
        let old = "OLDnonce123";
        let body = format!(
            "<html><head><link crossorigin=\"{old}\"></head><body>{}<script nonce=\"{old}\">x</script>\
             <script nonce=\"{old}\">y</script></body></html>",
            "Kakehashi 架け橋 ".repeat(500)
        );
        let p = page(&body, old);
        assert_eq!(p.pieces.len(), 4);
        for fresh in ["N3w_-nonce", "", &"z".repeat(70_000)] {
            let expected = body.replace(old, fresh);
            assert_eq!(String::from_utf8(p.plain(fresh)).unwrap(), expected);
            let zipped = p.gzip(fresh);
            assert_eq!(String::from_utf8(gunzip(&zipped)).unwrap(), expected);
            if fresh.len() < 100 {
                assert!(zipped.len() < expected.len() / 4, "{}", zipped.len());
            }
        }
    }

    #[test]
    fn pages_without_or_only_of_the_nonce_survive_the_cut() {
        for (body, nonce) in [
            ("no nonce here", "zzz"),
            ("abc", "abc"),
            ("", "n"),
            ("abcabc", "abc"),
        ] {
            let p = page(body, nonce);
            assert_eq!(
                gunzip(&p.gzip("Q")),
                body.replace(nonce, "Q").into_bytes(),
                "{body:?}"
            );
        }
    }

    #[test]
    fn gzip_is_taken_when_named_or_starred_with_a_weight() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br"));
        assert!(with("br;q=1.0, gzip;q=0.8"));
        assert!(with("*"));
        assert!(!with("br"));
        assert!(!with("gzip;q=0"));
        assert!(!with("gzip;q=0, *"));
        assert!(!with("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn the_oldest_pages_go_when_the_budget_is_spent() {
        let cache = PageCache::new(1, || 1);
        let big = "x".repeat(200_000);
        for i in 0..8 {
            cache.put(format!("/p{i}"), page(&big, "n"));
        }
        let (count, bytes) = cache.size();
        assert!(bytes <= 1024 * 1024, "{bytes}");
        assert!((1..8).contains(&count), "{count}");
        assert!(cache.get("/p7", 1, 1).is_some(), "the newest stays");
        assert!(cache.get("/p0", 1, 1).is_none(), "the oldest went");
        assert!(
            cache.get("/p7", 2, 1).is_none(),
            "another generation is a miss"
        );
        assert!(cache.get("/p7", 1, 2).is_none(), "another day is a miss");
        // Replacing one page many times keeps the bookkeeping small.
        for _ in 0..1000 {
            cache.put("/p7".into(), page("small", "n"));
        }
        assert!(cache.inner.lock().unwrap().order.len() < 100);
    }

    #[test]
    fn pages_people_come_back_to_outlast_a_run_of_one_off_addresses() {
        let cache = PageCache::new(1, || 1);
        let body = "x".repeat(50_000);
        for popular in ["/", "/countries/MN"] {
            cache.put(popular.into(), page(&body, "n"));
        }
        // Many searches asked for once each, while people keep coming back to two pages.
        for i in 0..200 {
            cache.put(format!("/activities?q=word{i}"), page(&body, "n"));
            if i % 4 == 0 {
                assert!(cache.get("/", 1, 1).is_some(), "/ after {i}");
                assert!(cache.get("/countries/MN", 1, 1).is_some(), "MN after {i}");
            }
        }
        assert!(
            cache.get("/activities?q=word0", 1, 1).is_none(),
            "one-offs go"
        );
        assert!(cache.get("/activities?q=word199", 1, 1).is_some());
        let (_, bytes) = cache.size();
        assert!(bytes <= 1024 * 1024, "{bytes}");
    }

    #[test]
    fn only_activity_pages_read_the_referer() {
        assert!(reads_referer("/activities/some-slug"));
        assert!(reads_referer("/ja/activities/some-slug/v/2"));
        assert!(!reads_referer("/activities"));
        assert!(!reads_referer("/countries/MN"));
    }
}
