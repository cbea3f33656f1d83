//! `/api`: what the JSON API and the exports offer, each operation with an example that
//! answers, rendered by the site itself (no script from elsewhere).
//!
//! Rules: the example addresses are real (the server's tests open every one); the JSON
//! links carry `rel="external"` so the router leaves them to the browser, as files.

use crate::routes::drawn::{DrawnPage, PageKey};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    crate::error::AppError,
    crate::i18n::{Key, Locale},
    crate::paths,
    crate::routes::drawn::{self, Drawn, Head},
};

#[cfg(feature = "ssr")]
/// Each operation: its address (OpenAPI form), an example that answers 200, what it answers.
const OPERATIONS: [(&str, &str, Key); 7] = [
    (
        "/api/v1/activities",
        "/api/v1/activities?country=KZ&per_page=5",
        Key::ApiActivities,
    ),
    (
        "/api/v1/activities/{slug}",
        "/api/v1/activities/nagasaki-living-donor-liver-transplantation-georgia",
        Key::ApiActivity,
    ),
    (
        "/api/v1/organizations",
        "/api/v1/organizations?side=japan",
        Key::ApiOrganizations,
    ),
    (
        "/api/v1/organizations/{slug}",
        "/api/v1/organizations/nagasaki-university",
        Key::ApiOrganization,
    ),
    ("/api/v1/countries", "/api/v1/countries", Key::ApiCountries),
    (
        "/api/v1/countries/{code}",
        "/api/v1/countries/VN",
        Key::ApiCountry,
    ),
    ("/api/v1/fields", "/api/v1/fields", Key::ApiFields),
];

#[cfg(feature = "ssr")]
/// An example of an error answer (400, naming `per_page`).
const ERROR_EXAMPLE: &str = "/api/v1/activities?per_page=500";

#[component]
pub fn ApiPage() -> impl IntoView {
    view! { <DrawnPage key=PageKey::Api framed=true/> }
}

/// The page: static text and example addresses.
#[cfg(feature = "ssr")]
pub async fn draw(l: Locale) -> Result<Drawn, AppError> {
    let head = Head::page(
        format!("{} — {}", l.t(Key::ApiTitle), l.t(Key::SiteName)),
        Some(l.t(Key::ApiLead).into()),
    );
    Ok(drawn::ok(head, drawn::render(l, move || api(l))))
}

#[cfg(feature = "ssr")]
fn api(l: Locale) -> impl IntoView {
    let t = move |key: Key| l.t(key);
    let json_link =
        |href: &'static str| view! { <a href=href rel="external"><code>{href}</code></a> };
    let exports = [
        (paths::ACTIVITIES_CSV, Key::ApiExportCsv),
        (paths::ACTIVITIES_JSON, Key::ApiExportJson),
        (paths::ACTIVITIES_XML, Key::ApiExportXml),
    ];
    view! {
        <div class="wrap page api-page">
            <h1>{t(Key::ApiTitle)}</h1>
            <p class="summary">{t(Key::ApiLead)}</p>
            <h2>{t(Key::ApiOperations)}</h2>
            <dl class="endpoints">
                {OPERATIONS
                    .into_iter()
                    .map(|(address, example, key)| view! {
                        <div>
                            <dt><code>{format!("GET {address}")}</code></dt>
                            <dd>{t(key)}</dd>
                            <dd>{t(Key::ApiExample)}" "{json_link(example)}</dd>
                        </div>
                    })
                    .collect_view()}
            </dl>
            <h2>{t(Key::ApiDescribed)}</h2>
            <p>{t(Key::ApiDescribedBody)}" "{json_link(paths::OPENAPI)}</p>
            <h2>{t(Key::ApiErrors)}</h2>
            <p>{t(Key::ApiErrorsBody)}" "{json_link(ERROR_EXAMPLE)}</p>
            <pre><code>{r#"{"error": {"status": 400, "code": "bad_parameter", "parameter": "per_page", "message": "…"}}"#}</code></pre>
            <h2>{t(Key::ApiCaching)}</h2>
            <p>{t(Key::ApiCachingBody)}</p>
            <h2>{t(Key::ApiExports)}</h2>
            <p>{t(Key::ApiExportsBody)}</p>
            <ul>
                {exports
                    .into_iter()
                    .map(|(export, key)| {
                        let href = l.href(&paths::export_href(export, "country=VN"));
                        let text = href.clone();
                        view! {
                            <li>
                                <a href=href download=""><code>{text}</code></a>
                                ": "{t(key)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p>{t(Key::ApiSources)}</p>
        </div>
    }
}
