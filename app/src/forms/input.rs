//! What a partner typed, kept as typed so nothing is lost: [`ActivityInput`] and its
//! repeating rows ([`ParticipantInput`], [`FigureInput`], [`SourceInput`]) and the proposed
//! [`NewOrgInput`]; the codec to and from `application/x-www-form-urlencoded` pairs; and the
//! form a published activity fills ([`ActivityInput::from_detail`]).
//!
//! Rules: field names are the HTML `name`s and never change once released (stored drafts
//! and pending submissions hold them). Row fields are named `{prefix}{row}_{field}`
//! (`p0_org`, `f2_value`, `s1_url`, `c0_code`); at most [`MAX_ROWS`] rows of each group are
//! read; blank rows are dropped, so row numbers are stable once stored.

use crate::model::{Localized, PartialDate};
use serde::{Deserialize, Serialize};

/// Most rows of each repeating group a form may hold.
pub const MAX_ROWS: usize = 30;

/// One organisation taking part, as typed: an existing organisation's slug and a role slug.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ParticipantInput {
    pub org: String,
    pub role: String,
}

/// An organisation the record does not have yet, proposed with the activity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewOrgInput {
    pub name_en: String,
    pub name_ja: String,
    pub kind: String,
    pub country: String,
    pub role: String,
}

impl NewOrgInput {
    pub fn is_blank(&self) -> bool {
        [
            &self.name_en,
            &self.name_ja,
            &self.kind,
            &self.country,
            &self.role,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FigureInput {
    pub label_en: String,
    pub label_ja: String,
    pub qualifier: String,
    pub value: String,
    pub value_max: String,
    pub unit_en: String,
    pub unit_ja: String,
    pub period: String,
    pub source: String,
    /// A [`crate::model::Headcount`] slug, or empty: the figure counts no one who took part.
    #[serde(default)]
    pub people: String,
}

impl FigureInput {
    pub fn is_blank(&self) -> bool {
        [
            &self.label_en,
            &self.label_ja,
            &self.qualifier,
            &self.value,
            &self.value_max,
            &self.unit_en,
            &self.unit_ja,
            &self.period,
            &self.source,
            &self.people,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceInput {
    pub title: String,
    pub url: String,
    pub publisher: String,
    pub published: String,
}

impl SourceInput {
    pub fn is_blank(&self) -> bool {
        [&self.title, &self.url, &self.publisher, &self.published]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// The activity form exactly as typed. Stored as a draft or a pending submission, so a
/// partner can leave and resume, and a moderator sees what was proposed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityInput {
    pub title_en: String,
    pub title_ja: String,
    pub summary_en: String,
    pub summary_ja: String,
    pub kind: String,
    pub status: String,
    pub start: String,
    pub end: String,
    pub area_note_en: String,
    pub area_note_ja: String,
    pub fields: Vec<String>,
    pub countries: Vec<String>,
    pub participants: Vec<ParticipantInput>,
    pub new_org: NewOrgInput,
    pub figures: Vec<FigureInput>,
    pub sources: Vec<SourceInput>,
}

/// Row field names: `p0_org`, `f2_value`, `s1_url`, `c0` (country rows).
pub(super) fn row_key(prefix: char, i: usize, field: &str) -> String {
    format!("{prefix}{i}_{field}")
}

/// `("p", 3, "org")` from `p3_org`.
fn parse_row_key(name: &str) -> Option<(char, usize, &str)> {
    let mut chars = name.chars();
    let prefix = chars.next()?;
    let rest = chars.as_str();
    let (index, field) = rest.split_once('_')?;
    let i: usize = index.parse().ok()?;
    (i < MAX_ROWS).then_some((prefix, i, field))
}

fn slot<T: Default>(rows: &mut Vec<T>, i: usize) -> &mut T {
    if rows.len() <= i {
        rows.resize_with(i + 1, T::default);
    }
    &mut rows[i]
}

impl ActivityInput {
    /// Reads a submitted form (`application/x-www-form-urlencoded` pairs, in the browser from
    /// `FormData`). Unknown names are ignored; blank rows are dropped.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut a = ActivityInput::default();
        for (name, value) in pairs {
            let v = value.to_string();
            match name {
                "title_en" => a.title_en = v,
                "title_ja" => a.title_ja = v,
                "summary_en" => a.summary_en = v,
                "summary_ja" => a.summary_ja = v,
                "kind" => a.kind = v,
                "status" => a.status = v,
                "start" => a.start = v,
                "end" => a.end = v,
                "area_note_en" => a.area_note_en = v,
                "area_note_ja" => a.area_note_ja = v,
                "field" => {
                    if a.fields.len() < MAX_ROWS && !a.fields.contains(&v) {
                        a.fields.push(v)
                    }
                }
                "new_org_name_en" => a.new_org.name_en = v,
                "new_org_name_ja" => a.new_org.name_ja = v,
                "new_org_kind" => a.new_org.kind = v,
                "new_org_country" => a.new_org.country = v,
                "new_org_role" => a.new_org.role = v,
                _ => match parse_row_key(name) {
                    Some(('c', i, "code")) => *slot(&mut a.countries, i) = v,
                    Some(('p', i, field)) => {
                        let p = slot(&mut a.participants, i);
                        match field {
                            "org" => p.org = v,
                            "role" => p.role = v,
                            _ => {}
                        }
                    }
                    Some(('f', i, field)) => {
                        let f = slot(&mut a.figures, i);
                        match field {
                            "label_en" => f.label_en = v,
                            "label_ja" => f.label_ja = v,
                            "qualifier" => f.qualifier = v,
                            "value" => f.value = v,
                            "value_max" => f.value_max = v,
                            "unit_en" => f.unit_en = v,
                            "unit_ja" => f.unit_ja = v,
                            "period" => f.period = v,
                            "source" => f.source = v,
                            "people" => f.people = v,
                            _ => {}
                        }
                    }
                    Some(('s', i, field)) => {
                        let s = slot(&mut a.sources, i);
                        match field {
                            "title" => s.title = v,
                            "url" => s.url = v,
                            "publisher" => s.publisher = v,
                            "published" => s.published = v,
                            _ => {}
                        }
                    }
                    _ => {}
                },
            }
        }
        a.compact();
        a
    }

    /// Drops blank rows, so row numbers are stable once stored.
    pub fn compact(&mut self) {
        self.countries.retain(|c| !c.trim().is_empty());
        self.participants
            .retain(|p| !(p.org.trim().is_empty() && p.role.trim().is_empty()));
        self.figures.retain(|f| !f.is_blank());
        self.sources.retain(|s| !s.is_blank());
    }

    /// The form's pairs, the inverse of [`ActivityInput::from_pairs`].
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = [
            ("title_en", &self.title_en),
            ("title_ja", &self.title_ja),
            ("summary_en", &self.summary_en),
            ("summary_ja", &self.summary_ja),
            ("kind", &self.kind),
            ("status", &self.status),
            ("start", &self.start),
            ("end", &self.end),
            ("area_note_en", &self.area_note_en),
            ("area_note_ja", &self.area_note_ja),
            ("new_org_name_en", &self.new_org.name_en),
            ("new_org_name_ja", &self.new_org.name_ja),
            ("new_org_kind", &self.new_org.kind),
            ("new_org_country", &self.new_org.country),
            ("new_org_role", &self.new_org.role),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
        out.extend(self.fields.iter().map(|f| ("field".to_string(), f.clone())));
        for (i, c) in self.countries.iter().enumerate() {
            out.push((row_key('c', i, "code"), c.clone()));
        }
        for (i, p) in self.participants.iter().enumerate() {
            out.push((row_key('p', i, "org"), p.org.clone()));
            out.push((row_key('p', i, "role"), p.role.clone()));
        }
        for (i, f) in self.figures.iter().enumerate() {
            for (k, v) in [
                ("label_en", &f.label_en),
                ("label_ja", &f.label_ja),
                ("qualifier", &f.qualifier),
                ("value", &f.value),
                ("value_max", &f.value_max),
                ("unit_en", &f.unit_en),
                ("unit_ja", &f.unit_ja),
                ("period", &f.period),
                ("source", &f.source),
                ("people", &f.people),
            ] {
                out.push((row_key('f', i, k), v.clone()));
            }
        }
        for (i, s) in self.sources.iter().enumerate() {
            for (k, v) in [
                ("title", &s.title),
                ("url", &s.url),
                ("publisher", &s.publisher),
                ("published", &s.published),
            ] {
                out.push((row_key('s', i, k), v.clone()));
            }
        }
        out
    }
}

impl ActivityInput {
    /// A published activity as the form shows it, to edit or to compare against.
    pub fn from_detail(detail: &crate::model::ActivityDetail) -> Self {
        let card = &detail.card;
        let text = |d: Option<PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let area = |f: fn(&Localized) -> &String| {
            card.area_note
                .as_ref()
                .map(|n| f(n).clone())
                .unwrap_or_default()
        };
        ActivityInput {
            title_en: card.title.en.clone(),
            title_ja: card.title.ja.clone(),
            summary_en: detail.summary.en.clone(),
            summary_ja: detail.summary.ja.clone(),
            kind: card.kind.slug().to_string(),
            status: card.status.slug().to_string(),
            start: text(card.start),
            end: text(card.end),
            area_note_en: area(|n| &n.en),
            area_note_ja: area(|n| &n.ja),
            fields: card.fields.iter().map(|f| f.slug.clone()).collect(),
            countries: card.countries.iter().map(|c| c.code.clone()).collect(),
            participants: card
                .organizations
                .iter()
                .map(|o| ParticipantInput {
                    org: o.slug.clone(),
                    role: o.role.slug().to_string(),
                })
                .collect(),
            new_org: NewOrgInput::default(),
            figures: detail
                .figures
                .iter()
                .map(|f| FigureInput {
                    label_en: f.label.en.clone(),
                    label_ja: f.label.ja.clone(),
                    qualifier: f
                        .qualifier
                        .map(|q| q.slug().to_string())
                        .unwrap_or_default(),
                    value: f.value.to_string(),
                    value_max: f.value_max.map(|v| v.to_string()).unwrap_or_default(),
                    unit_en: f.unit.en.clone(),
                    unit_ja: f.unit.ja.clone(),
                    period: f.period.map(|p| p.to_string()).unwrap_or_default(),
                    source: f.source.map(|s| s.to_string()).unwrap_or_default(),
                    people: f.people.map(|h| h.slug().to_string()).unwrap_or_default(),
                })
                .collect(),
            sources: detail
                .sources
                .iter()
                .map(|s| SourceInput {
                    title: s.title.clone(),
                    url: s.url.clone().unwrap_or_default(),
                    publisher: s.publisher.clone().unwrap_or_default(),
                    published: text(s.published),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A complete, publishable form, shared by the tests of every part.
    pub(in crate::forms) fn valid_input() -> ActivityInput {
        ActivityInput::from_pairs([
            ("title_en", "Endoscopy course in Hanoi"),
            ("title_ja", "ハノイでの内視鏡講習"),
            ("summary_en", "A two-week course."),
            ("summary_ja", "2週間の講習。"),
            ("kind", "seminar"),
            ("status", "completed"),
            ("start", "2024-03"),
            ("end", "2024-04"),
            ("field", "endoscopy"),
            ("c0_code", "VN"),
            ("p0_org", "nagasaki-university"),
            ("p0_role", "lead"),
            ("s0_title", "Press release"),
            ("s0_url", "https://example.org/news/1"),
        ])
    }

    #[test]
    fn forms_round_trip_through_their_pairs_and_blank_rows_are_dropped() {
        let mut a = valid_input();
        a.figures.push(FigureInput {
            label_en: "Trainees".into(),
            ..Default::default()
        });
        let pairs = a.to_pairs();
        let back = ActivityInput::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, a);
        let with_blanks = ActivityInput::from_pairs([
            ("p0_org", ""),
            ("p0_role", ""),
            ("p1_org", "nagasaki-university"),
            ("p1_role", "lead"),
            ("f0_label_en", ""),
            ("s5_title", "Only source"),
            ("p99_org", "ignored: beyond the row limit"),
        ]);
        assert_eq!(with_blanks.participants.len(), 1);
        assert!(with_blanks.figures.is_empty());
        assert_eq!(with_blanks.sources.len(), 1);
    }
}
