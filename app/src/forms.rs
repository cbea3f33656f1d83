//! The activity form: what a partner typed ([`ActivityInput`], kept as typed so nothing is
//! lost), the one set of rules that turns it into a publishable record ([`ValidActivity`]),
//! and the field-by-field comparison a moderator reads, each part of the record named by a
//! stable [`RecordPart`] slug that revisions store; also the account pages' form rules.
//!
//! Parts (private modules; every public item is re-exported here, so it is always named
//! `crate::forms::X`):
//! - `input`: [`ActivityInput`] and its rows, read from and written to urlencoded pairs
//!   ([`ActivityInput::from_pairs`], [`ActivityInput::to_pairs`]), blank rows dropped, and
//!   the form of a published activity ([`ActivityInput::from_detail`]); [`MAX_ROWS`].
//! - `problems`: [`Problem`] with its English and Japanese messages, [`FieldError`],
//!   [`error_for`].
//! - `validate`: [`Vocabulary`], [`ActivityInput::validate`] into a [`ValidActivity`],
//!   [`ActivityInput::check_draft`], and the text limits (`MAX_*`).
//! - `diff`: [`ActivityInput::lines`], [`RecordPart`], [`Change`], [`diff`],
//!   [`change_label`], [`IMPORTED`].
//! - `account`: [`is_email`], [`check_new_password`] and [`MIN_PASSWORD`], [`safe_next`].
//!
//! [`slugify`] lives with [`is_slug`](crate::model::is_slug) in [`crate::model`] and is
//! re-exported here.
//!
//! Rules: the same code runs in the browser (before the form is sent) and on the server
//! (before anything is stored as pending or published), so nothing here is behind the `ssr`
//! feature. Form field names are stable: they are the HTML `name`s, the keys of
//! [`FieldError`] and the ids errors point at. A part uses only parts listed above it.

mod account;
mod diff;
mod input;
mod problems;
mod validate;

pub use self::account::{check_new_password, is_email, safe_next, MIN_PASSWORD};
pub use self::diff::{change_label, diff, Change, RecordPart, IMPORTED};
pub use self::input::{
    ActivityInput, FigureInput, NewOrgInput, ParticipantInput, SourceInput, MAX_ROWS,
};
pub use self::problems::{error_for, FieldError, Problem};
pub use self::validate::{
    NewOrganization, ValidActivity, Vocabulary, MAX_REASON, MAX_SHORT, MAX_SUMMARY, MAX_TITLE,
};
pub use crate::model::slugify;
