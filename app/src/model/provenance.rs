//! What the source says and what Kakehashi adds: when a status was true, the source's own
//! wording beside a normalised value, and the curator's notes with their basis.
//!
//! Rules: a status is a statement made on a date ([`status_conflict`] refuses one that its
//! own dates contradict on that date, for the seed loader and the partner form alike); a
//! page shows it with that date and says when the dates have overtaken it
//! ([`status_overtaken`]). A [`RecordNote`] is about exactly one value ([`NoteSubject`]),
//! written by its stable slug; it carries the source's words verbatim, the curator's note
//! with its basis, or both, and never one language of a note without the other.

use crate::i18n::{Key, Locale};
use crate::model::{ActivityStatus, Localized, PartialDate};
use serde::{Deserialize, Serialize};
use std::fmt;

impl PartialDate {
    /// Whether every day this date can mean comes before every day `other` can: `2023` is
    /// wholly before `2024-01`, `2024` is not wholly before `2024-06`.
    pub fn wholly_before(self, other: PartialDate) -> bool {
        self.last_day() < other.first_day()
    }
}

/// How an activity's dates contradict its status on the day the status was stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusConflict {
    /// Planned or ongoing, yet its end was already past.
    EndedBefore,
    /// Completed, yet it had not started.
    StartsAfter,
}

impl StatusConflict {
    pub fn describe(self, status: ActivityStatus, as_of: PartialDate) -> String {
        match self {
            StatusConflict::EndedBefore => format!(
                "is {:?} as of {as_of}, but the end lies before that date: say `completed`, or give the date the status was true",
                status.slug()
            ),
            StatusConflict::StartsAfter => format!(
                "is \"completed\" as of {as_of}, but the start lies after that date"
            ),
        }
    }
}

/// Whether the dates contradict `status` as it was stated on `as_of`: planned or ongoing
/// with an end wholly before it, or completed with a start wholly after it.
pub fn status_conflict(
    status: ActivityStatus,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    as_of: PartialDate,
) -> Option<StatusConflict> {
    match status {
        ActivityStatus::Planned | ActivityStatus::Ongoing
            if end.is_some_and(|e| e.wholly_before(as_of)) =>
        {
            Some(StatusConflict::EndedBefore)
        }
        ActivityStatus::Completed if start.is_some_and(|s| as_of.wholly_before(s)) => {
            Some(StatusConflict::StartsAfter)
        }
        _ => None,
    }
}

/// Whether `today` has overtaken a status stated earlier: planned or ongoing with an end
/// wholly in the past. The record is not wrong (it says when the status was true), but a
/// reader must be told that nothing later is known.
pub fn status_overtaken(
    status: ActivityStatus,
    end: Option<PartialDate>,
    today: PartialDate,
) -> bool {
    matches!(status, ActivityStatus::Planned | ActivityStatus::Ongoing)
        && end.is_some_and(|e| e.wholly_before(today))
}

/// "Planned, as of 2021" / "計画中（2021年時点）"; the bare label when the date is unknown.
pub fn status_line(status: ActivityStatus, as_of: Option<PartialDate>, locale: Locale) -> String {
    match as_of {
        None => status.label(locale).to_string(),
        Some(d) => match locale {
            Locale::En => format!("{}, as of {}", status.label(locale), d.format(locale)),
            Locale::Ja => format!("{}（{}時点）", status.label(locale), d.format(locale)),
        },
    }
}

/// What a page says under a status that [`status_overtaken`] flags.
pub fn overtaken_line(end: PartialDate, locale: Locale) -> String {
    match locale {
        Locale::En => format!(
            "The end given, {}, has passed since this status was stated; Kakehashi has no later report.",
            end.format(locale)
        ),
        Locale::Ja => format!(
            "この状況が示された後、記載の終了時期（{}）を過ぎています。Kakehashiにはその後の報告がありません。",
            end.format(locale)
        ),
    }
}

/// The value of a record a note is about, written as its stable slug (`status`,
/// `participant:renji-hospital`, `figure:2`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NoteSubject {
    // An activity's values.
    Title,
    Summary,
    Kind,
    Status,
    Start,
    End,
    Countries,
    Fields,
    Area,
    /// A participant, by organisation slug.
    Participant(String),
    /// A figure, 1-based as the record numbers them.
    Figure(u32),
    /// A source, 1-based.
    Source(u32),
    // An organisation's values.
    Name,
    OrgKind,
    Country,
    City,
    Website,
    Profile,
}

/// Why a text is not a [`NoteSubject`] of the record it sits in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSubject(pub String);

impl fmt::Display for UnknownSubject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a value this record has", self.0)
    }
}

impl NoteSubject {
    /// The slugs an activity's notes may use.
    pub const ACTIVITY_SLUGS: &'static str = "title, summary, kind, status, start, end, countries, fields, area, participant:<org-slug>, figure:<n>, source:<n>";
    /// The slugs an organisation's notes may use.
    pub const ORGANIZATION_SLUGS: &'static str = "name, kind, country, city, website, profile";

    /// Reads a subject of an activity's note.
    pub fn parse_for_activity(text: &str) -> Result<Self, UnknownSubject> {
        let unknown = || UnknownSubject(text.to_string());
        let number = |n: &str| n.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(unknown);
        Ok(match text {
            "title" => Self::Title,
            "summary" => Self::Summary,
            "kind" => Self::Kind,
            "status" => Self::Status,
            "start" => Self::Start,
            "end" => Self::End,
            "countries" => Self::Countries,
            "fields" => Self::Fields,
            "area" => Self::Area,
            _ => match text.split_once(':') {
                Some(("participant", org)) if crate::model::is_slug(org) => {
                    Self::Participant(org.to_string())
                }
                Some(("figure", n)) => Self::Figure(number(n)?),
                Some(("source", n)) => Self::Source(number(n)?),
                _ => return Err(unknown()),
            },
        })
    }

    /// Reads a subject of an organisation's note.
    pub fn parse_for_organization(text: &str) -> Result<Self, UnknownSubject> {
        Ok(match text {
            "name" => Self::Name,
            "kind" => Self::OrgKind,
            "country" => Self::Country,
            "city" => Self::City,
            "website" => Self::Website,
            "profile" => Self::Profile,
            _ => return Err(UnknownSubject(text.to_string())),
        })
    }

    /// The stored form, which [`parse_for_activity`](Self::parse_for_activity) or
    /// [`parse_for_organization`](Self::parse_for_organization) reads back.
    pub fn slug(&self) -> String {
        match self {
            Self::Title => "title".into(),
            Self::Summary => "summary".into(),
            Self::Kind | Self::OrgKind => "kind".into(),
            Self::Status => "status".into(),
            Self::Start => "start".into(),
            Self::End => "end".into(),
            Self::Countries => "countries".into(),
            Self::Fields => "fields".into(),
            Self::Area => "area".into(),
            Self::Participant(org) => format!("participant:{org}"),
            Self::Figure(n) => format!("figure:{n}"),
            Self::Source(n) => format!("source:{n}"),
            Self::Name => "name".into(),
            Self::Country => "country".into(),
            Self::City => "city".into(),
            Self::Website => "website".into(),
            Self::Profile => "profile".into(),
        }
    }

    /// Whether an approval that changed these parts of an activity (slugs of
    /// `forms::RecordPart`) leaves the value this note is about as it was, so the note
    /// still holds.
    pub fn survives_change(&self, changed: &[String]) -> bool {
        let parts: &[&str] = match self {
            Self::Title => &["title-en", "title-ja"],
            Self::Summary => &["summary-en", "summary-ja"],
            Self::Kind | Self::OrgKind => &["kind"],
            // Every approval restates the status as of its day: a note on how the source
            // put it no longer applies.
            Self::Status => return false,
            Self::Start => &["start"],
            Self::End => &["end"],
            Self::Countries => &["countries"],
            Self::Fields => &["fields"],
            Self::Area => &["area-note"],
            Self::Participant(_) => &["participants"],
            Self::Figure(_) => &["figures"],
            Self::Source(_) => &["sources"],
            Self::Name | Self::Country | Self::City | Self::Website | Self::Profile => &[],
        };
        !changed.iter().any(|c| parts.contains(&c.as_str()))
    }
}

/// The source's own words, verbatim, and where they are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stated {
    pub text: String,
    /// For an activity: which of its sources (1-based) holds the words.
    pub source: Option<u32>,
    /// For an organisation: the cited page the words are on, if any.
    pub url: Option<String>,
    /// For an organisation: the seed document the words are in.
    pub document: Option<String>,
}

/// What Kakehashi's curator adds, identifies or infers, and on what basis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CuratorNote {
    pub text: Localized,
    pub basis: Localized,
}

/// One note on one value of the record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordNote {
    pub about: NoteSubject,
    pub stated: Option<Stated>,
    pub curator: Option<CuratorNote>,
}

impl NoteSubject {
    /// The name of the value a note is about, for the subjects that name a part of the
    /// record rather than one of its rows (a participant, a figure, a source: `None`, the
    /// page names those itself).
    pub fn label_key(&self) -> Option<Key> {
        Some(match self {
            Self::Title => Key::RecordTitle,
            Self::Summary => Key::Summary,
            Self::Kind | Self::OrgKind => Key::Kind,
            Self::Status => Key::Status,
            Self::Start => Key::FormStart,
            Self::End => Key::FormEnd,
            Self::Countries => Key::Countries,
            Self::Fields => Key::Fields,
            Self::Area => Key::Area,
            Self::Name => Key::OrgName,
            Self::Country | Self::City => Key::BasedIn,
            Self::Website => Key::Website,
            Self::Profile => Key::Profile,
            Self::Participant(_) | Self::Figure(_) | Self::Source(_) => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActivityStatus::*;

    fn d(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    #[test]
    fn partial_dates_are_wholly_before_only_when_no_day_overlaps() {
        assert!(d("2023").wholly_before(d("2024")));
        assert!(d("2023-12-31").wholly_before(d("2024")));
        assert!(!d("2024").wholly_before(d("2024-06")));
        assert!(!d("2024-06").wholly_before(d("2024")));
        assert!(d("2024-05").wholly_before(d("2024-06-01")));
        assert!(!d("2024-06-01").wholly_before(d("2024-06")));
    }

    #[test]
    fn a_status_contradicted_by_its_dates_on_the_day_it_was_stated_is_a_conflict() {
        // The University of Tokyo Hospital's plan: stated in 2021, to end in 2024.
        assert_eq!(
            status_conflict(Planned, None, Some(d("2024")), d("2021")),
            None
        );
        assert_eq!(
            status_conflict(Ongoing, Some(d("2020")), Some(d("2024")), d("2026-12-01")),
            Some(StatusConflict::EndedBefore)
        );
        assert_eq!(
            status_conflict(Planned, None, Some(d("2026-11")), d("2026-12-01")),
            Some(StatusConflict::EndedBefore)
        );
        // Ending this year, stated this year: not yet contradicted.
        assert_eq!(
            status_conflict(Ongoing, None, Some(d("2026")), d("2026-12-01")),
            None
        );
        assert_eq!(
            status_conflict(Completed, Some(d("2027")), None, d("2026-12-01")),
            Some(StatusConflict::StartsAfter)
        );
        assert_eq!(
            status_conflict(Completed, Some(d("2026")), None, d("2026-12-01")),
            None
        );
        assert_eq!(
            status_conflict(Completed, None, Some(d("2019")), d("2026")),
            None
        );
    }

    #[test]
    fn a_plan_whose_end_has_passed_is_overtaken_but_a_completed_one_never_is() {
        assert!(status_overtaken(Planned, Some(d("2024")), d("2026-12-01")));
        assert!(status_overtaken(
            Ongoing,
            Some(d("2026-11")),
            d("2026-12-01")
        ));
        assert!(!status_overtaken(Ongoing, Some(d("2026")), d("2026-12-01")));
        assert!(!status_overtaken(Ongoing, None, d("2026-12-01")));
        assert!(!status_overtaken(
            Completed,
            Some(d("2024")),
            d("2026-12-01")
        ));
    }

    #[test]
    fn a_status_is_shown_with_the_date_it_was_stated() {
        assert_eq!(
            status_line(Planned, Some(d("2021")), Locale::En),
            "Planned, as of 2021"
        );
        assert_eq!(
            status_line(Planned, Some(d("2021")), Locale::Ja),
            "計画中（2021年時点）"
        );
        assert_eq!(
            status_line(Ongoing, Some(d("2024-10")), Locale::En),
            "Ongoing, as of October 2024"
        );
        assert_eq!(status_line(Completed, None, Locale::En), "Completed");
    }

    #[test]
    fn subjects_read_back_what_they_write() {
        for text in [
            "title",
            "status",
            "end",
            "area",
            "participant:renji-hospital",
            "figure:2",
            "source:1",
        ] {
            let s = NoteSubject::parse_for_activity(text).unwrap();
            assert_eq!(s.slug(), text);
        }
        for text in ["name", "kind", "country", "profile"] {
            assert_eq!(
                NoteSubject::parse_for_organization(text).unwrap().slug(),
                text
            );
        }
        for bad in [
            "figure:0",
            "figure:x",
            "participant:Not A Slug",
            "period",
            "name",
        ] {
            assert!(NoteSubject::parse_for_activity(bad).is_err(), "{bad}");
        }
        assert!(NoteSubject::parse_for_organization("status").is_err());
    }

    #[test]
    fn a_note_goes_when_the_value_it_is_about_changes() {
        let changed = vec!["participants".to_string()];
        assert!(!NoteSubject::Participant("x".into()).survives_change(&changed));
        assert!(NoteSubject::Figure(1).survives_change(&changed));
        assert!(!NoteSubject::Status.survives_change(&[]));
        assert!(NoteSubject::Start.survives_change(&["end".to_string()]));
    }
}
