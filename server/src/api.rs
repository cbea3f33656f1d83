//! The read-only JSON API under `/api/v1/`: the record's activities (searched as on the
//! site), organisations, countries and medical fields, described by an OpenAPI 3.1 document
//! at `/api/v1/openapi.json` that is generated from the handlers and their types.
//!
//! - [`params`]: the query parameters, read strictly;
//! - [`schema`]: the answers' types (the public contract);
//! - [`error`]: the one error shape;
//! - `conditional`: `ETag` and 304;
//! - `activities`, `organizations`, `places`: the handlers.
//!
//! Rules: only GET (and HEAD); every answer, errors included, is JSON and carries
//! `Access-Control-Allow-Origin: *` (preflights are answered too); an unknown address under
//! `/api/v1/` is a JSON 404, never the site's HTML page; a bad parameter is 400, never 500.
//! The server functions under `/api/{name}` stay what the pages use; this API is the stable
//! public contract, and a change that breaks a client needs `/api/v2/`.

mod activities;
mod conditional;
pub mod error;
mod organizations;
pub mod params;
mod places;
pub mod schema;

use app::paths;
use app::ssr::AppState;
use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use error::ApiError;
use std::sync::Arc;
use tower_http::cors::{Any, CorsLayer};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// What the document says about the API as a whole; the operations come from the handlers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kakehashi API",
        version = "1.0.0",
        description = "Read-only data of Kakehashi, the public atlas of Japan's international \
            medical cooperation: activities, the organisations taking part, countries and \
            medical fields. Every text is given in English and Japanese side by side; \
            countries are ISO 3166-1 alpha-2 codes, everything else has a stable slug. \
            Every fact names its source (`sources` of each activity).\n\n\
            Errors are JSON: `{\"error\": {\"status\", \"code\", \"parameter\", \"message\"}}` \
            (400 for a bad or unknown parameter, 404 for an unknown slug or code). Answers \
            carry an `ETag`; send it back as `If-None-Match` for 304. Any origin may call \
            the API (CORS). Whole views are also exported as files: `/activities.csv`, \
            `/activities.json` and `/activities.xml` (IATI 2.03), with the parameters of \
            `/api/v1/activities` but no paging. The page `/api` explains all of this with \
            examples.",
    ),
    tags(
        (name = "activities", description = "Cooperation activities: search and one activity."),
        (name = "organizations", description = "The institutions taking part, in Japan and abroad."),
        (name = "countries", description = "Where activities take place."),
        (name = "fields", description = "The medical-field vocabulary."),
    ),
)]
struct ApiDoc;

/// The operations, with the document describing them (paths under [`paths::API_V1`]).
fn operations() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let v1 = OpenApiRouter::new()
        .routes(routes!(activities::search_activities))
        .routes(routes!(activities::get_activity))
        .routes(routes!(organizations::list_organizations))
        .routes(routes!(organizations::get_organization))
        .routes(routes!(places::list_countries))
        .routes(routes!(places::get_country))
        .routes(routes!(places::list_fields));
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(paths::API_V1, v1)
        .split_for_parts();
    // utoipa fills in the crate's licence, which is the code's, not the data's.
    doc.info.license = None;
    params::document(&mut doc);
    conditional::document(&mut doc);
    (router, doc)
}

/// The OpenAPI 3.1 document, as `/api/v1/openapi.json` serves it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    operations().1
}

/// The API's routes, with its layers (JSON errors, ETag, CORS), to merge into the site.
pub fn routes(state: &AppState) -> Router<AppState> {
    let (router, doc) = operations();
    let document: Arc<str> = doc
        .to_json()
        .expect("the OpenAPI document is plain data")
        .into();
    router
        .route(
            paths::OPENAPI,
            get(move || {
                let document = document.clone();
                async move {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        document.to_string(),
                    )
                }
            }),
        )
        .route(paths::API_V1, any(unknown_address))
        .route(
            &format!("{}/{{*rest}}", paths::API_V1),
            any(unknown_address),
        )
        .layer(middleware::from_fn(json_errors))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            conditional::etag,
        ))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::HEAD])
                .allow_headers([header::IF_NONE_MATCH])
                .expose_headers([header::ETAG]),
        )
}

/// A JSON 404 for every address under `/api/v1/` that is no operation.
async fn unknown_address() -> ApiError {
    ApiError::not_found("no such address in this API; /api/v1/openapi.json lists them")
}

/// Turns an error that a layer below the handlers answered as plain text (axum's 405, a
/// malformed path) into the API's JSON error of the same status.
async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let mut answer = ApiError::from_status(status).into_response();
        if let Some(allow) = response.headers().get(header::ALLOW) {
            answer.headers_mut().insert(header::ALLOW, allow.clone());
        }
        return answer;
    }
    response
}
