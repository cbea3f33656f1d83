//! The field-by-field comparison a moderator reads: [`ActivityInput::lines`] renders a form
//! as one line per [`RecordPart`], and [`diff`] lists the parts a proposal changes as
//! [`Change`]s, named by the part's slug; [`change_label`] shows a stored slug to a reader.
//!
//! Rules: a [`RecordPart`]'s slug is what revisions store and never changes once released;
//! [`ActivityInput::lines`] has exactly one line per part, in [`RecordPart::ALL`] order.

use super::input::ActivityInput;
use crate::i18n::{Key, Locale};
use serde::{Deserialize, Serialize};

impl ActivityInput {
    /// The form as a moderator compares it: one line per part of the record, in order.
    pub fn lines(&self) -> Vec<(RecordPart, String)> {
        let join = |items: Vec<String>| items.join("\n");
        vec![
            (RecordPart::TitleEn, self.title_en.trim().to_string()),
            (RecordPart::TitleJa, self.title_ja.trim().to_string()),
            (RecordPart::SummaryEn, self.summary_en.trim().to_string()),
            (RecordPart::SummaryJa, self.summary_ja.trim().to_string()),
            (RecordPart::Kind, self.kind.clone()),
            (RecordPart::Status, self.status.clone()),
            (RecordPart::Start, self.start.trim().to_string()),
            (RecordPart::End, self.end.trim().to_string()),
            (
                RecordPart::AreaNote,
                join(
                    [&self.area_note_en, &self.area_note_ja]
                        .iter()
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                ),
            ),
            (RecordPart::Fields, self.fields.join(", ")),
            (RecordPart::Countries, self.countries.join(", ")),
            (
                RecordPart::Participants,
                join(
                    self.participants
                        .iter()
                        .map(|p| format!("{} ({})", p.org.trim(), p.role))
                        .chain((!self.new_org.is_blank()).then(|| {
                            let n = &self.new_org;
                            format!(
                                "+ {} / {} ({}, {}, {})",
                                n.name_en.trim(),
                                n.name_ja.trim(),
                                n.kind,
                                n.country,
                                n.role
                            )
                        }))
                        .collect(),
                ),
            ),
            (
                RecordPart::Figures,
                join(
                    self.figures
                        .iter()
                        .map(|f| {
                            let range = if f.value_max.trim().is_empty() {
                                f.value.trim().to_string()
                            } else {
                                format!("{}–{}", f.value.trim(), f.value_max.trim())
                            };
                            format!(
                                "{} / {}: {} {range} {} / {} {} [{}] {}",
                                f.label_en.trim(),
                                f.label_ja.trim(),
                                f.qualifier,
                                f.unit_en.trim(),
                                f.unit_ja.trim(),
                                f.period.trim(),
                                f.source.trim(),
                                f.people.trim()
                            )
                        })
                        .collect(),
                ),
            ),
            (
                RecordPart::Sources,
                join(
                    self.sources
                        .iter()
                        .map(|s| {
                            [&s.title, &s.url, &s.publisher, &s.published]
                                .iter()
                                .map(|v| v.trim())
                                .filter(|v| !v.is_empty())
                                .collect::<Vec<_>>()
                                .join(" · ")
                        })
                        .collect(),
                ),
            ),
        ]
    }
}

/// A part of the record that a proposal can change: one line of [`ActivityInput::lines`].
///
/// Rules: the slug is what revisions store (`revisions.changes`) and what a [`Change`]
/// names, so it never changes once released; the Rust name and the label may. A new part
/// gets a new slug.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RecordPart {
    TitleEn,
    TitleJa,
    SummaryEn,
    SummaryJa,
    Kind,
    Status,
    Start,
    End,
    AreaNote,
    Fields,
    Countries,
    Participants,
    Figures,
    Sources,
}

impl RecordPart {
    /// Every part, in the order a moderator reads them.
    pub const ALL: [RecordPart; 14] = [
        RecordPart::TitleEn,
        RecordPart::TitleJa,
        RecordPart::SummaryEn,
        RecordPart::SummaryJa,
        RecordPart::Kind,
        RecordPart::Status,
        RecordPart::Start,
        RecordPart::End,
        RecordPart::AreaNote,
        RecordPart::Fields,
        RecordPart::Countries,
        RecordPart::Participants,
        RecordPart::Figures,
        RecordPart::Sources,
    ];

    /// The stored form.
    pub fn slug(self) -> &'static str {
        match self {
            RecordPart::TitleEn => "title-en",
            RecordPart::TitleJa => "title-ja",
            RecordPart::SummaryEn => "summary-en",
            RecordPart::SummaryJa => "summary-ja",
            RecordPart::Kind => "kind",
            RecordPart::Status => "status",
            RecordPart::Start => "start",
            RecordPart::End => "end",
            RecordPart::AreaNote => "area-note",
            RecordPart::Fields => "fields",
            RecordPart::Countries => "countries",
            RecordPart::Participants => "participants",
            RecordPart::Figures => "figures",
            RecordPart::Sources => "sources",
        }
    }

    /// The part whose slug this is.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.slug() == slug)
    }

    /// The name a reader sees.
    pub fn label(self) -> Key {
        match self {
            RecordPart::TitleEn => Key::FormTitleEn,
            RecordPart::TitleJa => Key::FormTitleJa,
            RecordPart::SummaryEn => Key::FormSummaryEn,
            RecordPart::SummaryJa => Key::FormSummaryJa,
            RecordPart::Kind => Key::Kind,
            RecordPart::Status => Key::FormStatus,
            RecordPart::Start => Key::FormStart,
            RecordPart::End => Key::FormEnd,
            RecordPart::AreaNote => Key::FormAreaNote,
            RecordPart::Fields => Key::Fields,
            RecordPart::Countries => Key::Countries,
            RecordPart::Participants => Key::Institutions,
            RecordPart::Figures => Key::Figures,
            RecordPart::Sources => Key::Sources,
        }
    }
}

/// What the change list of a seeded activity's first revision holds instead of parts.
pub const IMPORTED: &str = "imported";

/// One part of the record that a proposal changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The part's [`RecordPart::slug`].
    pub key: String,
    pub before: String,
    pub after: String,
}

impl ActivityInput {
    /// Takes `part` as `from` has it (every field that makes up that line of
    /// [`ActivityInput::lines`]): how a proposal's own changes are put on top of a newer
    /// published version.
    pub fn take_part(&mut self, part: RecordPart, from: &ActivityInput) {
        match part {
            RecordPart::TitleEn => self.title_en.clone_from(&from.title_en),
            RecordPart::TitleJa => self.title_ja.clone_from(&from.title_ja),
            RecordPart::SummaryEn => self.summary_en.clone_from(&from.summary_en),
            RecordPart::SummaryJa => self.summary_ja.clone_from(&from.summary_ja),
            RecordPart::Kind => self.kind.clone_from(&from.kind),
            RecordPart::Status => self.status.clone_from(&from.status),
            RecordPart::Start => self.start.clone_from(&from.start),
            RecordPart::End => self.end.clone_from(&from.end),
            RecordPart::AreaNote => {
                self.area_note_en.clone_from(&from.area_note_en);
                self.area_note_ja.clone_from(&from.area_note_ja);
            }
            RecordPart::Fields => self.fields.clone_from(&from.fields),
            RecordPart::Countries => self.countries.clone_from(&from.countries),
            RecordPart::Participants => {
                self.participants.clone_from(&from.participants);
                self.new_org.clone_from(&from.new_org);
            }
            RecordPart::Figures => self.figures.clone_from(&from.figures),
            RecordPart::Sources => self.sources.clone_from(&from.sources),
        }
    }

    /// This proposal (made from `base`) re-based on `current`: the current version with
    /// every part this proposal changed from `base` taken from it.
    pub fn rebased(&self, base: &ActivityInput, current: &ActivityInput) -> ActivityInput {
        let mut merged = current.clone();
        for change in diff(Some(base), self) {
            if let Some(part) = RecordPart::from_slug(&change.key) {
                merged.take_part(part, self);
            }
        }
        merged
    }
}

/// Field-by-field differences from `before` (the published version; `None` for a new
/// activity) to `after`. Keys are [`RecordPart`] slugs, translated when shown.
pub fn diff(before: Option<&ActivityInput>, after: &ActivityInput) -> Vec<Change> {
    let empty = ActivityInput::default();
    let before_lines = before.unwrap_or(&empty).lines();
    before_lines
        .into_iter()
        .zip(after.lines())
        .filter(|((_, b), (_, a))| a != b)
        .map(|((part, b), (_, a))| Change {
            key: part.slug().to_string(),
            before: b,
            after: a,
        })
        .collect()
}

/// The label of the part a stored change key (a [`RecordPart`] slug) names, in `locale`;
/// empty for anything else.
pub fn change_label(key: &str, locale: Locale) -> &'static str {
    RecordPart::from_slug(key).map_or("", |part| locale.t(part.label()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::input::tests::valid_input;
    use std::collections::HashSet;

    #[test]
    fn taking_every_part_makes_the_same_lines() {
        let from = valid_input();
        let mut to = ActivityInput::default();
        for part in RecordPart::ALL {
            to.take_part(part, &from);
        }
        assert_eq!(to.lines(), from.lines());
    }

    #[test]
    fn a_rebased_proposal_keeps_its_own_changes_and_the_newer_ones() {
        let base = valid_input();
        let mut mine = base.clone();
        mine.title_en = "Mine".into();
        mine.fields = vec!["oncology".into()];
        let mut current = base.clone();
        current.summary_en = "Changed by someone else".into();
        current.title_en = "Theirs".into();
        let merged = mine.rebased(&base, &current);
        assert_eq!(
            merged.title_en, "Mine",
            "a part both changed: the proposal's"
        );
        assert_eq!(merged.fields, vec!["oncology".to_string()]);
        assert_eq!(merged.summary_en, "Changed by someone else");
        assert_eq!(merged.title_ja, base.title_ja);
    }

    #[test]
    fn a_diff_lists_only_what_changed() {
        let before = valid_input();
        let mut after = before.clone();
        after.title_en = "Endoscopy course in Hanoi, 2024".into();
        after.countries.push("MN".into());
        let changes = diff(Some(&before), &after);
        let keys: Vec<&str> = changes.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["title-en", "countries"]);
        assert_eq!(changes[1].before, "VN");
        assert_eq!(changes[1].after, "VN, MN");
        assert_eq!(change_label("title-en", Locale::Ja), "タイトル（英語）");
        assert!(diff(None, &after).len() > 5);
    }

    #[test]
    fn every_record_part_is_one_line_with_a_unique_slug_that_round_trips() {
        let parts: Vec<RecordPart> = valid_input().lines().into_iter().map(|(p, _)| p).collect();
        assert_eq!(parts, RecordPart::ALL, "one line per part, in order");
        let mut seen = HashSet::new();
        for part in RecordPart::ALL {
            assert_eq!(RecordPart::from_slug(part.slug()), Some(part));
            assert!(seen.insert(part.slug()), "{} twice", part.slug());
            assert!(crate::model::is_slug(part.slug()), "{}", part.slug());
        }
        assert_eq!(RecordPart::from_slug("FormTitleEn"), None);
        assert_eq!(RecordPart::from_slug(IMPORTED), None);
    }

    /// Revisions in databases keep these slugs for ever: removing or renaming one blanks
    /// the public history of every revision that changed that part.
    #[test]
    fn a_renamed_label_key_keeps_history_labels() {
        let stored = [
            "title-en",
            "title-ja",
            "summary-en",
            "summary-ja",
            "kind",
            "status",
            "start",
            "end",
            "area-note",
            "fields",
            "countries",
            "participants",
            "figures",
            "sources",
        ];
        for slug in stored {
            for locale in Locale::ALL {
                assert!(
                    !change_label(slug, locale).is_empty(),
                    "{slug} has no label"
                );
            }
        }
        assert_eq!(
            change_label("participants", Locale::En),
            Key::Institutions.text(Locale::En)
        );
        assert_eq!(change_label(IMPORTED, Locale::En), "");
    }
}
