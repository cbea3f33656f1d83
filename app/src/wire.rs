//! How the pages' data travels to the browser: server functions answer in postcard
//! (`output = Postcard`), and a resource's value is written into the server-rendered page
//! for hydration in postcard too ([`Wire`], as base64 text), read by [`resource`].
//!
//! Why: the browser decodes each of these types from two places, the page (hydration) and a
//! server function's answer (client-side navigation). With Leptos's defaults both are JSON,
//! read by two different serde_json readers, so each type's deserializer was compiled twice,
//! and a JSON deserializer (field names, maps and sequences, escapes) is the largest kind.
//! Postcard reads a struct as a plain sequence of its fields: one small deserializer per type
//! (see README, "The browser bundle").

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use leptos::server::codee::{Decoder, Encoder};
use leptos::server::Resource;
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// Postcard, as base64 text: the encoding of resources in the page.
pub struct Wire;

/// Why a resource's data in the page could not be read.
#[derive(Debug)]
pub enum WireError {
    Base64(base64::DecodeError),
    Postcard(postcard::Error),
}

impl<T: Serialize> Encoder<T> for Wire {
    type Error = postcard::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, Self::Error> {
        postcard::to_allocvec(value).map(|bytes| STANDARD_NO_PAD.encode(bytes))
    }
}

impl<T: DeserializeOwned> Decoder<T> for Wire {
    type Error = WireError;
    type Encoded = str;

    fn decode(encoded: &str) -> Result<T, Self::Error> {
        let bytes = STANDARD_NO_PAD.decode(encoded).map_err(WireError::Base64)?;
        postcard::from_bytes(&bytes).map_err(WireError::Postcard)
    }
}

/// A page's data: `fetcher` runs on the server when the page renders (its value goes into
/// the page with [`Wire`]) and in the browser whenever `source` changes.
#[track_caller]
pub fn resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, Wire>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
