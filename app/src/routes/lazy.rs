//! The pages whose code the browser loads only when a visitor goes there: the account side
//! (login, invitations, password changes and resets, the partner dashboard and activity
//! form, moderation, admin), in three groups.
//!
//! Each group is a [`LazyRoute`]: with `cargo leptos build --split` its view, and everything
//! only it reaches (forms, validation rules, account types' deserializers), goes into a wasm
//! chunk of its own, fetched on the first visit to one of its pages. The public pages (home,
//! search, an activity with its history and versions, countries, a country, organisations,
//! an organisation, the insights, about, the API page, 404) stay in the main wasm: their
//! bodies are drawn on the server (`routes::drawn`), so each costs the main wasm only its
//! frame. On the server a lazy route renders like any other.
//!
//! Rules: a page listed here must not be reached from a public page's code (that pulls it
//! back into the main wasm); `make size` reports the chunks, and `end2end/tests/lean.spec.ts`
//! fails when a public page loads one. Every build must pass `--split` (the Makefile does).
//!
//! The routes carry no data of their own (`data` is empty): each page starts its resources
//! itself, as it did before it was lazy. `#[lazy_route]` names each chunk after its type
//! (`split___account_pages_view_….wasm`), which the tests and `make size` read.

use crate::paths::Page;
use crate::routes::not_found::NotFoundPage;
use crate::routes::{account, dashboard, moderation};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use leptos_router::{lazy_route, LazyRoute};

/// `lazy_routes! { Type { Page => page::Component, … } … }`: a lazy route for each group of
/// pages, whose view is the component of the page the visitor is on (the route of each of
/// those pages has this lazy route as its view). One chunk per group, not per page: each
/// lazy route costs the main wasm its own loading code, and the pages of a group are
/// visited together.
macro_rules! lazy_routes {
    ($($(#[$doc:meta])* $route:ident { $($page:ident => $($component:ident)::+,)* })*) => {
        $(
            $(#[$doc])*
            pub struct $route;

            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    Self
                }

                fn view(_this: Self) -> AnyView {
                    match Page::of_path(&use_location().pathname.get_untracked()) {
                        $(Some(Page::$page) => view! { <$($component)::+/> }.into_any(),)*
                        _ => view! { <NotFoundPage/> }.into_any(),
                    }
                }
            }
        )*
    };
}

lazy_routes! {
    /// Signing in and the account itself: `/login`, `/invite/{token}`, `/account/password`,
    /// `/forgot-password`, `/reset-password/{token}`.
    AccountPages {
        Login => account::LoginPage,
        Invite => account::InvitePage,
        ChangePassword => account::ChangePasswordPage,
        ForgotPassword => account::ForgotPasswordPage,
        ResetPassword => account::ResetPasswordPage,
    }
    /// An editor's pages: `/partner`, `/partner/activities/new` and
    /// `/partner/activities/{slug}/edit`.
    PartnerPages {
        Partner => dashboard::DashboardPage,
        NewActivity => dashboard::ActivityFormPage,
        EditActivity => dashboard::ActivityFormPage,
    }
    /// Moderators' and administrators' pages: `/moderation`, `/moderation/{id}`, `/admin`.
    ModerationPages {
        Moderation => moderation::ModerationPage,
        Review => moderation::ReviewPage,
        Admin => moderation::AdminPage,
    }
}
