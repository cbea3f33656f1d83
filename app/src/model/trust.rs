//! How far a record can be trusted, and how to cite it: which version a page shows, who
//! reported it, and which of the organisations it names have confirmed it.
//!
//! Rules: a confirmation is of one revision. The current revision's confirmations decide
//! [`Confirmation`]: confirmed by both sides when at least one organisation based in Japan
//! and one based abroad have confirmed it. Confirmations of earlier revisions stay visible
//! as such, and never count for the current one.

use super::{ActivityDetail, Confirmation, Localized};
use crate::cite::{Author, Citation};
use crate::paths;
use serde::{Deserialize, Serialize};

/// A record nobody has confirmed or changed for this many months is stale: its editors are
/// asked to confirm or update it.
pub const STALE_AFTER_MONTHS: u32 = 12;

/// One organisation's confirmation of one revision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Confirmed {
    pub slug: String,
    pub name: Localized,
    /// Whether the organisation is based in Japan (else it is a partner abroad).
    pub japanese: bool,
    /// The revision it confirmed.
    pub revision: i64,
    /// When (`YYYY-MM-DD`).
    pub at: String,
}

/// Which version of an activity a page shows and who stands behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trust {
    /// The revision shown (1 is the first publication).
    pub revision: i64,
    /// The revision published now (equal to `revision` on the activity's own page).
    pub current: i64,
    /// When the revision shown was published (`YYYY-MM-DD`).
    pub published_at: String,
    /// The organisation whose proposal published it; `None` when Kakehashi's curators
    /// imported it from the published sources.
    pub reported_by: Option<Localized>,
    /// Confirmations of the revision shown.
    pub confirmed: Vec<Confirmed>,
    /// The latest confirmation of an earlier revision by each organisation that has not
    /// confirmed the one shown.
    pub earlier: Vec<Confirmed>,
    /// What `confirmed` amounts to.
    pub state: Confirmation,
    /// The latest confirmation of any revision (`YYYY-MM-DD`).
    pub last_confirmed: Option<String>,
    /// The day the server answered: the access date of a citation made from the page.
    pub today: String,
}

impl Default for Trust {
    fn default() -> Self {
        Trust {
            revision: 0,
            current: 0,
            published_at: String::new(),
            reported_by: None,
            confirmed: Vec::new(),
            earlier: Vec::new(),
            state: Confirmation::NotConfirmed,
            last_confirmed: None,
            today: String::new(),
        }
    }
}

impl Trust {
    /// Whether the page shows an earlier version than the one published now.
    pub fn is_earlier_version(&self) -> bool {
        self.revision < self.current
    }
}

/// What a set of confirmations of one revision amounts to.
pub fn state_of(confirmed: &[Confirmed]) -> Confirmation {
    let japanese = confirmed.iter().any(|c| c.japanese);
    let abroad = confirmed.iter().any(|c| !c.japanese);
    match (japanese, abroad) {
        (true, true) => Confirmation::BothSides,
        (false, false) => Confirmation::NotConfirmed,
        _ => Confirmation::OneSide,
    }
}

/// The citation of the version `d` shows, at this site (`origin`: `https://host`).
pub fn citation(d: &ActivityDetail, origin: &str) -> Citation {
    let t = &d.trust;
    Citation {
        title_en: d.card.title.en.clone(),
        title_ja: d.card.title.ja.clone(),
        authors: d
            .card
            .organizations
            .iter()
            .map(|o| Author {
                name_en: o.name.en.clone(),
                name_ja: o.name.ja.clone(),
            })
            .collect(),
        revision: t.revision,
        published: t
            .published_at
            .get(..10)
            .unwrap_or(&t.published_at)
            .to_string(),
        accessed: t.today.clone(),
        url: format!("{origin}{}", paths::version(&d.card.slug, t.revision)),
        slug: d.card.slug.clone(),
        abstract_en: Some(d.summary.en.clone()).filter(|s| !s.is_empty()),
        abstract_ja: Some(d.summary.ja.clone()).filter(|s| !s.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by(japanese: bool) -> Confirmed {
        Confirmed {
            slug: "o".into(),
            name: Localized::new("O", "O"),
            japanese,
            revision: 1,
            at: "2026-12-01".into(),
        }
    }

    #[test]
    fn both_sides_needs_one_organisation_in_japan_and_one_abroad() {
        assert_eq!(state_of(&[]), Confirmation::NotConfirmed);
        assert_eq!(state_of(&[by(true)]), Confirmation::OneSide);
        assert_eq!(state_of(&[by(false), by(false)]), Confirmation::OneSide);
        assert_eq!(state_of(&[by(false), by(true)]), Confirmation::BothSides);
    }
}
