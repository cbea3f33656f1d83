//! The shell of a page about one record (an activity, a country, an organisation): reads
//! the record's key from the URL, fetches it, and renders it, the 404 page when there is no
//! such record, or the error notice. One place decides those statuses for every such page.

use crate::components::status::ErrorNotice;
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::i18n::Key;
use crate::routes::not_found::NotFoundPage;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use leptos_router::params::ParamsMap;
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// `param` names the route parameter (`:slug`, `:code`); `fetch` is the server function.
pub fn record_page<T, Fut, V>(
    param: &'static str,
    fetch: fn(String) -> Fut,
    render: fn(T) -> V,
) -> impl IntoView
where
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Option<T>, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    record_page_by(
        move |params| params.get(param).unwrap_or_default(),
        fetch,
        render,
    )
}

/// [`record_page`] for a record named by more than one route parameter: `key` makes the
/// server function's argument from them (`slug/3` for a version).
pub fn record_page_by<T, Fut, V>(
    key: impl Fn(&ParamsMap) -> String + Send + Sync + 'static,
    fetch: fn(String) -> Fut,
    render: fn(T) -> V,
) -> impl IntoView
where
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Option<T>, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let params = use_params_map();
    let key = Memo::new(move |_| key(&params.read()));
    let record = crate::wire::resource(move || key.get(), fetch);
    let locale = use_locale();
    view! {
        <Suspense fallback=move || view! { <p class="wrap loading">{move || locale.get().t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(Some(record)) => render(record).into_any(),
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(error) => view! { <div class="wrap page"><ErrorNotice error/></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}
