//! The pages whose code the browser loads only when a visitor goes there: the account side
//! (login, invitations, password changes and resets, the partner dashboard and activity
//! form, moderation, admin), the public pages few visitors open (an activity's history and
//! earlier versions, the API page, the about page), and the insights section, whose drawing
//! is done on the server and whose pages only place it.
//!
//! Each is a [`LazyRoute`]: with `cargo leptos build --split` its view, and everything only
//! it reaches (forms, validation rules, account types' deserializers), goes into a wasm chunk
//! of its own, fetched on the first visit to the page. The public pages of the record
//! (home, search, activity, countries, country, organisations, organisation, 404) stay in the
//! main wasm. On the server a lazy route renders like any other.
//!
//! Rules: a page listed here must not be reached from a public page's code (that pulls it
//! back into the main wasm); `make size` reports the chunks, and `end2end/tests/lean.spec.ts`
//! fails when a public page loads one. Every build must pass `--split` (the Makefile does).
//!
//! The routes carry no data of their own (`data` is empty): each page starts its resources
//! itself, as it did before it was lazy. `#[lazy_route]` names each chunk after its type
//! (`split___login_view_….wasm`), which the tests and `make size` read.

use crate::routes::{about, account, api, dashboard, history, insights, moderation, version};
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// `lazy_routes! { Type => page::Component, … }`: a lazy route for each page component.
macro_rules! lazy_routes {
    ($($(#[$doc:meta])* $route:ident => $($page:ident)::+,)*) => {
        $(
            $(#[$doc])*
            pub struct $route;

            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    Self
                }

                fn view(_this: Self) -> AnyView {
                    view! { <$($page)::+/> }.into_any()
                }
            }
        )*
    };
}

lazy_routes! {
    /// `/login`.
    Login => account::LoginPage,
    /// `/invite/{token}`.
    Invite => account::InvitePage,
    /// `/partner`.
    Dashboard => dashboard::DashboardPage,
    /// `/partner/activities/new` and `/partner/activities/{slug}/edit`.
    ActivityForm => dashboard::ActivityFormPage,
    /// `/moderation`.
    Moderation => moderation::ModerationPage,
    /// `/moderation/{id}`.
    Review => moderation::ReviewPage,
    /// `/admin`.
    Admin => moderation::AdminPage,
    /// `/account/password`.
    ChangePassword => account::ChangePasswordPage,
    /// `/forgot-password`.
    ForgotPassword => account::ForgotPasswordPage,
    /// `/reset-password/{token}`.
    ResetPassword => account::ResetPasswordPage,
    /// `/activities/{slug}/history`.
    History => history::HistoryPage,
    /// `/api`.
    Api => api::ApiPage,
    /// `/activities/{slug}/v/{n}`.
    Version => version::VersionPage,
    /// `/about`.
    About => about::AboutPage,
    /// `/insights`.
    InsightMatrix => insights::MatrixPage,
    /// `/insights/flows`.
    InsightFlows => insights::FlowsPage,
    /// `/insights/trends`.
    InsightTrends => insights::TrendsPage,
}
