//! What can be wrong with a field: [`Problem`], its message in English and Japanese, and
//! [`FieldError`], a problem on a named form field.
//!
//! Rules: every [`Problem`] has a message in both languages (an i18n [`Key`]); a
//! [`FieldError`]'s `field` is the form field's HTML `name`, the id the message points at.

use crate::i18n::{Key, Locale};
use serde::{Deserialize, Serialize};

/// What is wrong with one field. Each has a message in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong,
    NotInList,
    Date,
    EndBeforeStart,
    /// Planned or ongoing, with an end already past.
    StatusEndPassed,
    /// Completed, with a start still to come.
    StatusNotStarted,
    Number,
    MaxBelowValue,
    Url,
    SourceOutOfRange,
    ChooseOne,
    OwnOrganisationMissing,
    Duplicate,
    Email,
    PasswordTooShort,
    PasswordsDiffer,
    WrongCredentials,
    TooManyAttempts,
    InvitationInvalid,
    ReasonRequired,
    AlreadyDecided,
    /// Approving a proposal made from a revision that is no longer published.
    Conflict,
    /// An administrator tried to disable their own account.
    OwnAccount,
    /// The invitation was accepted or revoked already.
    InvitationClosed,
    /// The current password, given to change it, is not right.
    WrongPassword,
    /// A password reset link that expired or was used.
    ResetLinkInvalid,
    /// Confirming a version of an activity that has been replaced since.
    ConfirmOutdated,
}

impl Problem {
    pub fn message(self, locale: Locale) -> &'static str {
        locale.t(match self {
            Problem::Required => Key::ProblemRequired,
            Problem::TooLong => Key::ProblemTooLong,
            Problem::NotInList => Key::ProblemNotInList,
            Problem::Date => Key::ProblemDate,
            Problem::EndBeforeStart => Key::ProblemEndBeforeStart,
            Problem::StatusEndPassed => Key::ProblemStatusEndPassed,
            Problem::StatusNotStarted => Key::ProblemStatusNotStarted,
            Problem::Number => Key::ProblemNumber,
            Problem::MaxBelowValue => Key::ProblemMaxBelowValue,
            Problem::Url => Key::ProblemUrl,
            Problem::SourceOutOfRange => Key::ProblemSourceOutOfRange,
            Problem::ChooseOne => Key::ProblemChooseOne,
            Problem::OwnOrganisationMissing => Key::ProblemOwnOrganisation,
            Problem::Duplicate => Key::ProblemDuplicate,
            Problem::Email => Key::ProblemEmail,
            Problem::PasswordTooShort => Key::ProblemPasswordTooShort,
            Problem::PasswordsDiffer => Key::ProblemPasswordsDiffer,
            Problem::WrongCredentials => Key::ProblemWrongCredentials,
            Problem::TooManyAttempts => Key::ProblemTooManyAttempts,
            Problem::InvitationInvalid => Key::ProblemInvitationInvalid,
            Problem::ReasonRequired => Key::ProblemReasonRequired,
            Problem::AlreadyDecided => Key::ProblemAlreadyDecided,
            Problem::Conflict => Key::ProblemConflict,
            Problem::OwnAccount => Key::ProblemOwnAccount,
            Problem::InvitationClosed => Key::ProblemInvitationClosed,
            Problem::WrongPassword => Key::ProblemWrongPassword,
            Problem::ResetLinkInvalid => Key::ProblemResetLinkInvalid,
            Problem::ConfirmOutdated => Key::ConfirmOutdated,
        })
    }
}

/// A problem and the form field (its `name`) it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        Self {
            field: field.into(),
            problem,
        }
    }
}

/// The first problem of `field`, if any.
pub fn error_for(errors: &[FieldError], field: &str) -> Option<Problem> {
    errors.iter().find(|e| e.field == field).map(|e| e.problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_has_a_message_in_both_languages() {
        use Problem::*;
        for p in [
            Required,
            TooLong,
            NotInList,
            Date,
            EndBeforeStart,
            Number,
            MaxBelowValue,
            Url,
            SourceOutOfRange,
            ChooseOne,
            OwnOrganisationMissing,
            Duplicate,
            Email,
            PasswordTooShort,
            PasswordsDiffer,
            WrongCredentials,
            TooManyAttempts,
            InvitationInvalid,
            ReasonRequired,
            AlreadyDecided,
            Conflict,
            OwnAccount,
            InvitationClosed,
            WrongPassword,
            ResetLinkInvalid,
            ConfirmOutdated,
        ] {
            assert_ne!(p.message(Locale::En), p.message(Locale::Ja));
        }
    }
}
