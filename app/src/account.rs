//! The account side of the site: editors of partner institutions propose activities,
//! moderators decide, administrators invite. This module owns the types shared by server and
//! browser (roles, [`Actor`], statuses and decisions, and what each account page shows); its
//! [`api`] submodule holds the pages' server functions; the server-only logic (passwords,
//! sessions' accounts, proposals, decisions) is `ssr::account`.
//!
//! Layering (checked by `tests/layering.rs`): these types depend only on the record's
//! vocabulary (`model`, `i18n`, `forms`, `error`); `ssr::account` and `ssr::record` build
//! them; [`api`] and the pages (`routes`, `components`) call `ssr::account` and show them.
//! Nothing below the pages imports [`api`].
//!
//! Naming: "partner" is the foreign side of the record (partner institutions abroad, the
//! `side=partner` filter); the account side says "account", "editor", "dashboard". Only the
//! URLs (`/partner`, `/partner/activities/new`) and the `partner_dashboard` endpoint keep
//! the old word, as public addresses. Types sent to pages are plain nouns or `…View` /
//! `…Summary`; `…Row` is kept for database rows, private to `ssr`.
//!
//! Rules: every read checks the account itself (`ssr::account::auth::require`), whatever
//! URL it was reached by. Writes are plain form POSTs handled by the server crate, which call
//! `ssr::account::workflow` and `ssr::account::auth`, where the same checks live.

pub mod api;

use crate::forms::{ActivityInput, Change, FieldError};
use crate::i18n::{Key, Locale};
use crate::model::{ActivityCard, CountryRef, FieldRef, Localized};
use serde::{Deserialize, Serialize};

/// What an account may do. Editors belong to one organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccountRole {
    Editor,
    Moderator,
    Admin,
}

impl AccountRole {
    pub const ALL: [AccountRole; 3] = [
        AccountRole::Editor,
        AccountRole::Moderator,
        AccountRole::Admin,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            AccountRole::Editor => "editor",
            AccountRole::Moderator => "moderator",
            AccountRole::Admin => "admin",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.slug() == slug)
    }

    pub fn label(self, locale: Locale) -> &'static str {
        locale.t(match self {
            AccountRole::Editor => Key::RoleEditor,
            AccountRole::Moderator => Key::RoleModerator,
            AccountRole::Admin => Key::RoleAdmin,
        })
    }

    /// Where the account goes after logging in.
    pub fn home(self) -> &'static str {
        match self {
            AccountRole::Editor => crate::paths::PARTNER,
            AccountRole::Moderator => crate::paths::MODERATION,
            AccountRole::Admin => crate::paths::ADMIN,
        }
    }
}

/// An organisation named by an account or a submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgBrief {
    pub id: i64,
    pub slug: String,
    pub name: Localized,
}

/// The logged-in account, as the server resolved it for this request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub id: i64,
    pub email: String,
    pub role: AccountRole,
    pub organization: Option<OrgBrief>,
}

/// Where a proposal stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubmissionStatus {
    Draft,
    Pending,
    Approved,
    Rejected,
}

impl SubmissionStatus {
    pub const ALL: [SubmissionStatus; 4] = [
        SubmissionStatus::Draft,
        SubmissionStatus::Pending,
        SubmissionStatus::Approved,
        SubmissionStatus::Rejected,
    ];

    /// The stored form (`submissions.status`).
    pub fn slug(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "draft",
            SubmissionStatus::Pending => "pending",
            SubmissionStatus::Approved => "approved",
            SubmissionStatus::Rejected => "rejected",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn label(self, locale: Locale) -> &'static str {
        locale.t(match self {
            SubmissionStatus::Draft => Key::StatusDraft,
            SubmissionStatus::Pending => Key::StatusPending,
            SubmissionStatus::Approved => Key::StatusApproved,
            SubmissionStatus::Rejected => Key::StatusRejected,
        })
    }

    /// Whether the proposing organisation may still change it.
    pub fn editable(self) -> bool {
        matches!(self, SubmissionStatus::Draft | SubmissionStatus::Rejected)
    }
}

/// What a moderator decides about a pending proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Approve,
    Reject,
}

impl Decision {
    pub const ALL: [Decision; 2] = [Decision::Approve, Decision::Reject];

    /// The `decision` value the review page's forms post.
    pub fn slug(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.slug() == slug)
    }

    /// Where the proposal stands once decided.
    pub fn outcome(self) -> SubmissionStatus {
        match self {
            Decision::Approve => SubmissionStatus::Approved,
            Decision::Reject => SubmissionStatus::Rejected,
        }
    }
}

/// A proposal as a list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionSummary {
    pub id: i64,
    /// The published activity it changes; `None` for a new activity.
    pub activity_slug: Option<String>,
    pub title: Localized,
    pub status: SubmissionStatus,
    pub reason: Option<String>,
    pub organization: Localized,
    pub updated_at: String,
}

impl SubmissionSummary {
    /// The form address that resumes it.
    pub fn edit_href(&self) -> String {
        match &self.activity_slug {
            Some(slug) => format!("{}?draft={}", crate::paths::edit_activity(slug), self.id),
            None => format!("{}?draft={}", crate::paths::NEW_ACTIVITY, self.id),
        }
    }
}

/// The editor's dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorDashboard {
    pub actor: Actor,
    pub activities: Vec<ActivityCard>,
    /// For each of `activities`, in the same order: its version and who confirmed it.
    pub standing: Vec<Standing>,
    pub submissions: Vec<SubmissionSummary>,
    /// What was refused when the page comes back from a confirmation (`confirm`).
    #[serde(default)]
    pub errors: Vec<FieldError>,
}

/// Where one of an editor's published activities stands.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    /// The published revision (what a confirmation confirms).
    pub revision: i64,
    /// Whether the editor's organisation has confirmed it.
    pub confirmed_by_us: bool,
    /// The day it became stale (nobody confirmed or changed it for 12 months), if it is.
    pub stale_since: Option<String>,
}

/// The moderation queue, for the moderator who reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModerationQueue {
    pub actor: Actor,
    /// Proposals waiting for a decision, oldest first.
    pub pending: Vec<SubmissionSummary>,
    /// Published records nobody has confirmed or changed for 12 months.
    #[serde(default)]
    pub stale: i64,
}

/// What the activity form offers to choose from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormOptions {
    pub fields: Vec<FieldRef>,
    pub countries: Vec<CountryRef>,
    pub organizations: Vec<(String, Localized)>,
    /// The server's today: the day the form's status is stated on.
    pub today: crate::model::PartialDate,
}

impl FormOptions {
    /// The same vocabulary the server checks against.
    pub fn vocabulary(&self, own_organization: Option<String>) -> crate::forms::Vocabulary {
        crate::forms::Vocabulary {
            fields: self.fields.iter().map(|f| f.slug.clone()).collect(),
            countries: self.countries.iter().map(|c| c.code.clone()).collect(),
            organizations: self.organizations.iter().map(|(s, _)| s.clone()).collect(),
            own_organization,
            today: self.today,
        }
    }
}

/// Everything the activity form needs: whose it is, what it changes, what was typed and
/// what is wrong with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityForm {
    pub actor: Actor,
    /// The published activity being changed (slug and title); `None` for a new one.
    pub target: Option<(String, Localized)>,
    pub draft: Option<i64>,
    pub status: Option<SubmissionStatus>,
    pub reason: Option<String>,
    pub input: ActivityInput,
    pub errors: Vec<FieldError>,
    pub options: FormOptions,
    /// The published revision the form starts from (a change to a published activity):
    /// posted back, so approving it later can tell whether someone changed it since.
    pub base_revision: Option<i64>,
    /// When the proposal was based on an older revision: what changed since. The form then
    /// holds the current version with the proposal's own changes on top (re-based).
    pub rebased: Option<Conflict>,
}

/// A proposal based on a revision that is no longer the published one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The revision the proposal was based on, and the one published now.
    pub base: i64,
    pub current: i64,
    /// What changed between the two, part by part; `None` when the older revision's
    /// content was not kept (revisions replaced before Kakehashi kept it).
    pub since: Option<Vec<Change>>,
    /// The parts (their slugs) both the later revisions and this proposal change.
    pub both: Vec<String>,
}

/// One proposal as a moderator reviews it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub submission: SubmissionSummary,
    pub proposer: String,
    pub changes: Vec<Change>,
    /// Set when the activity changed since the proposal was made: it cannot be approved
    /// as it is; the moderator returns it to the editor to re-base it.
    pub conflict: Option<Conflict>,
    /// What was typed into the decision form, when it comes back with a problem.
    pub reason: String,
    pub errors: Vec<FieldError>,
}

/// An account, as the administration page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: i64,
    /// Disabled accounts cannot log in; their sessions ended when they were disabled.
    pub disabled: bool,
    pub email: String,
    pub role: AccountRole,
    pub organization: Option<Localized>,
    pub created_at: String,
}

/// An invitation, as the administration page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationSummary {
    pub id: i64,
    pub email: String,
    pub role: AccountRole,
    pub organization: Option<Localized>,
    pub expires_at: String,
    pub state: InvitationState,
}

/// Where an invitation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationState {
    /// Its link works until it expires; it can be sent again or revoked.
    Open,
    Accepted,
    /// An administrator withdrew it.
    Revoked,
    /// Not accepted in time; it can be sent again.
    Expired,
}

impl InvitationState {
    pub fn from_slug(slug: &str) -> Option<Self> {
        Some(match slug {
            "open" => Self::Open,
            "accepted" => Self::Accepted,
            "revoked" => Self::Revoked,
            "expired" => Self::Expired,
            _ => return None,
        })
    }

    pub fn label(self, locale: Locale) -> &'static str {
        locale.t(match self {
            Self::Open => Key::Open,
            Self::Accepted => Key::Accepted,
            Self::Revoked => Key::Revoked,
            Self::Expired => Key::Expired,
        })
    }

    /// Whether it can be sent again (a new link, a new expiry).
    pub fn resendable(self) -> bool {
        matches!(self, Self::Open | Self::Expired)
    }
}

/// A message in the outbox (the mail the site would send).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
    /// When the mail server accepted it; `None` while it waits (or without a mail server).
    pub sent_at: Option<String>,
    /// How many times sending was tried.
    pub attempts: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// No further attempt will be made.
    pub given_up: bool,
}

/// One line of the audit log, as the administration page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub subject: Option<String>,
    pub ip: Option<String>,
}

/// The administration page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub actor: Actor,
    pub accounts: Vec<AccountSummary>,
    pub invitations: Vec<InvitationSummary>,
    pub outbox: Vec<OutboxMessage>,
    pub organizations: Vec<(String, Localized)>,
    pub audit: Vec<AuditEntry>,
    /// The invitation form as typed, when it comes back with a problem.
    pub values: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
}

/// One published revision, without personal data beyond the organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevisionView {
    pub number: i64,
    pub published_at: String,
    /// The organisation that proposed it; `None` for the first import.
    pub organization: Option<Localized>,
    /// Slugs of the [`crate::forms::RecordPart`]s that changed (see `forms::change_label`);
    /// [`crate::forms::IMPORTED`] for the seed.
    pub changes: Vec<String>,
    /// Whether the version's page can be shown at its permanent address (false for a
    /// version replaced before Kakehashi kept every version).
    pub kept: bool,
}

/// `/activities/{slug}/history`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub slug: String,
    pub title: Localized,
    pub revisions: Vec<RevisionView>,
}

/// An open invitation, as its link shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub email: String,
    pub role: AccountRole,
    pub organization: Option<Localized>,
    pub errors: Vec<FieldError>,
}

/// A form that came back with problems: what was typed (without passwords) and what is
/// wrong. Provided as context by the server when it re-renders a page after a POST.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PostReplay {
    pub values: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
}

impl PostReplay {
    pub fn value(&self, name: &str) -> String {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_decisions_round_trip_through_their_slugs() {
        for status in SubmissionStatus::ALL {
            assert_eq!(SubmissionStatus::from_slug(status.slug()), Some(status));
        }
        for decision in Decision::ALL {
            assert_eq!(Decision::from_slug(decision.slug()), Some(decision));
        }
        assert_eq!(
            Decision::ALL.map(Decision::outcome),
            [SubmissionStatus::Approved, SubmissionStatus::Rejected]
        );
        assert_eq!(Decision::from_slug("approved"), None);
        assert_eq!(SubmissionStatus::from_slug("approve"), None);
    }
}
