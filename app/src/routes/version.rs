//! `/activities/{slug}/v/{n}`: one published version of an activity at its permanent
//! address, rendered as the activity's page rendered it then, marked as an earlier version
//! (with a link to the current one) unless it is the current one. A version that does not
//! exist, or whose content was not kept, renders the not-found page with status 404.

use crate::api::get_version;
use crate::components::record_page::record_page_by;
use crate::routes::activity::ActivityView;
use leptos::prelude::*;

#[component]
pub fn VersionPage() -> impl IntoView {
    record_page_by(
        |params| {
            format!(
                "{}/{}",
                params.get("slug").unwrap_or_default(),
                params.get("n").unwrap_or_default()
            )
        },
        get_version,
        |detail| view! { <ActivityView detail/> },
    )
}
