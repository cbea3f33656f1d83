//! `/activities/{slug}/v/{n}`: one published version of an activity at its permanent
//! address, rendered as the activity's page rendered it then, marked as an earlier version
//! (with a link to the current one) unless it is the current one. A version that does not
//! exist, or whose content was not kept, renders the not-found page with status 404. Drawn
//! on the server as the activity's page is (`routes::drawn`).

use crate::routes::drawn::{record_page, PageKey};
use leptos::prelude::*;

#[component]
pub fn VersionPage() -> impl IntoView {
    record_page(|params| PageKey::Version {
        slug: params.get("slug").unwrap_or_default(),
        n: params.get("n").unwrap_or_default(),
    })
}
