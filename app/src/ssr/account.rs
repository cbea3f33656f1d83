//! The account side's server-only logic: who the request is and what they may do
//! ([`auth`]: passwords, logins, invitations, demo accounts, the audit log and the
//! administration page), accounts over time ([`lifecycle`]: disabling, invitations sent
//! again or revoked, password changes and resets), proposals and decisions ([`workflow`]),
//! and why a change was refused ([`error`]).
//!
//! Rules: every function that changes something takes the acting account and checks it
//! here, not in the router nor in a server function. This module builds the types of
//! `crate::account` and writes the published record only through `ssr::record`; it never
//! imports the pages' server functions (`account::api`), `routes` or `components` (the
//! layering test, `tests/layering.rs`, checks it).

pub mod auth;
pub mod error;
pub mod lifecycle;
pub mod workflow;
