//! The one set of rules that turns a typed [`ActivityInput`] into a publishable
//! [`ValidActivity`] ([`ActivityInput::validate`]), against the [`Vocabulary`] a form may
//! name, and the lighter limits a draft keeps ([`ActivityInput::check_draft`]).
//!
//! Rules: the same code runs in the browser (before the form is sent) and on the server
//! (before anything is stored as pending or published). Every problem found is reported,
//! each on the field it belongs to, not just the first; text is trimmed and bounded by the
//! `MAX_*` limits here.

use super::input::{row_key, ActivityInput, MAX_ROWS};
use super::problems::{FieldError, Problem};
use crate::model::provenance::StatusConflict;
use crate::model::{
    ActivityKind, ActivityStatus, Figure, Headcount, Localized, OrgKind, PartialDate, Period,
    Qualifier, Role, Source,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const MAX_TITLE: usize = 200;
pub const MAX_SUMMARY: usize = 4000;
pub const MAX_SHORT: usize = 300;
pub const MAX_REASON: usize = 1000;

/// What a form may name: the record's medical fields, countries and organisations, and the
/// organisation of the editor proposing (which must take part).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    pub fields: HashSet<String>,
    pub countries: HashSet<String>,
    pub organizations: HashSet<String>,
    pub own_organization: Option<String>,
    /// The day the form's status is stated on (the server's today).
    pub today: PartialDate,
}

/// A proposed organisation that passed the rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewOrganization {
    pub name: Localized,
    pub kind: OrgKind,
    pub country: String,
    pub role: Role,
}

/// An activity that passed every rule: what publishing writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidActivity {
    pub title: Localized,
    pub summary: Localized,
    pub kind: ActivityKind,
    pub status: ActivityStatus,
    /// When the status was true (the form's: the day it is checked on).
    pub status_as_of: Option<PartialDate>,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    pub area_note: Option<Localized>,
    pub fields: Vec<String>,
    pub countries: Vec<String>,
    /// Existing organisations by slug, with their roles, in order.
    pub participants: Vec<(String, Role)>,
    pub new_organization: Option<NewOrganization>,
    pub figures: Vec<Figure>,
    pub sources: Vec<Source>,
}

/// Collects problems while reading fields.
struct Check {
    errors: Vec<FieldError>,
}

impl Check {
    fn fail(&mut self, field: impl Into<String>, problem: Problem) {
        self.errors.push(FieldError::new(field, problem));
    }

    /// Required text of at most `max` characters, trimmed.
    fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.fail(field, Problem::Required);
        } else if v.chars().count() > max {
            self.fail(field, Problem::TooLong);
        }
        v.to_string()
    }

    /// Optional text: `None` when blank.
    fn optional(&mut self, field: &str, value: &str, max: usize) -> Option<String> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        if v.chars().count() > max {
            self.fail(field, Problem::TooLong);
        }
        Some(v.to_string())
    }

    fn date(&mut self, field: &str, value: &str) -> Option<PartialDate> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        match PartialDate::parse(v) {
            Ok(d) => Some(d),
            Err(_) => {
                self.fail(field, Problem::Date);
                None
            }
        }
    }

    fn number(&mut self, field: &str, value: &str) -> Option<f64> {
        let v = value.trim().replace(',', "");
        if v.is_empty() {
            return None;
        }
        match v.parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 => Some(n),
            _ => {
                self.fail(field, Problem::Number);
                None
            }
        }
    }

    fn vocabulary<T>(
        &mut self,
        field: &str,
        value: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let v = value.trim();
        if v.is_empty() {
            self.fail(field, Problem::Required);
            return None;
        }
        let parsed = parse(v);
        if parsed.is_none() {
            self.fail(field, Problem::NotInList);
        }
        parsed
    }
}

fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace))
}

impl ActivityInput {
    /// Every rule the record has. `Ok` only when the whole form is publishable; otherwise
    /// every problem found, each on its field.
    pub fn validate(&self, vocabulary: &Vocabulary) -> Result<ValidActivity, Vec<FieldError>> {
        let mut c = Check { errors: Vec::new() };
        let title = Localized::new(
            c.text("title_en", &self.title_en, MAX_TITLE),
            c.text("title_ja", &self.title_ja, MAX_TITLE),
        );
        let summary = Localized::new(
            c.text("summary_en", &self.summary_en, MAX_SUMMARY),
            c.text("summary_ja", &self.summary_ja, MAX_SUMMARY),
        );
        let kind = c.vocabulary("kind", &self.kind, ActivityKind::from_slug);
        let status = c.vocabulary("status", &self.status, ActivityStatus::from_slug);
        let start = c.date("start", &self.start);
        let end = c.date("end", &self.end);
        if let (Some(s), Some(e)) = (start, end) {
            // Before only when even its latest possible day precedes the start's earliest.
            let latest_end = (e.year, e.month.unwrap_or(12), e.day.unwrap_or(31));
            let earliest_start = (s.year, s.month.unwrap_or(1), s.day.unwrap_or(1));
            if latest_end < earliest_start {
                c.fail("end", Problem::EndBeforeStart);
            }
        }
        // The status is stated today: the dates must not contradict it today.
        if let Some(status) = status {
            match crate::model::provenance::status_conflict(status, start, end, vocabulary.today) {
                Some(StatusConflict::EndedBefore) => c.fail("status", Problem::StatusEndPassed),
                Some(StatusConflict::StartsAfter) => c.fail("status", Problem::StatusNotStarted),
                None => {}
            }
        }
        let area_en = c.optional("area_note_en", &self.area_note_en, MAX_SHORT);
        let area_ja = c.optional("area_note_ja", &self.area_note_ja, MAX_SHORT);
        let area_note = match (area_en, area_ja) {
            (None, None) => None,
            (en, ja) => {
                if en.is_none() {
                    c.fail("area_note_en", Problem::Required);
                }
                if ja.is_none() {
                    c.fail("area_note_ja", Problem::Required);
                }
                Some(Localized::new(
                    en.unwrap_or_default(),
                    ja.unwrap_or_default(),
                ))
            }
        };

        if self.fields.is_empty() {
            c.fail("field", Problem::ChooseOne);
        }
        if self.fields.iter().any(|f| !vocabulary.fields.contains(f)) {
            c.fail("field", Problem::NotInList);
        }

        if self.countries.is_empty() {
            c.fail("c0_code", Problem::ChooseOne);
        }
        let mut seen = HashSet::new();
        for (i, code) in self.countries.iter().enumerate() {
            let name = row_key('c', i, "code");
            if !vocabulary.countries.contains(code) {
                c.fail(name, Problem::NotInList);
            } else if !seen.insert(code.as_str()) {
                c.fail(name, Problem::Duplicate);
            }
        }

        let mut participants = Vec::new();
        let mut seen = HashSet::new();
        for (i, p) in self.participants.iter().enumerate() {
            let org_field = row_key('p', i, "org");
            let role = c.vocabulary(&row_key('p', i, "role"), &p.role, Role::from_slug);
            if p.org.trim().is_empty() {
                c.fail(org_field, Problem::Required);
            } else if !vocabulary.organizations.contains(p.org.trim()) {
                c.fail(org_field, Problem::NotInList);
            } else if let Some(role) = role {
                if seen.insert((p.org.trim().to_string(), role)) {
                    participants.push((p.org.trim().to_string(), role));
                } else {
                    c.fail(org_field, Problem::Duplicate);
                }
            }
        }
        let new_organization = if self.new_org.is_blank() {
            None
        } else {
            let n = &self.new_org;
            let name = Localized::new(
                c.text("new_org_name_en", &n.name_en, MAX_SHORT),
                c.text("new_org_name_ja", &n.name_ja, MAX_SHORT),
            );
            let kind = c.vocabulary("new_org_kind", &n.kind, OrgKind::from_slug);
            let role = c.vocabulary("new_org_role", &n.role, Role::from_slug);
            let country = n.country.trim().to_string();
            if country.is_empty() {
                c.fail("new_org_country", Problem::Required);
            } else if !vocabulary.countries.contains(&country) {
                c.fail("new_org_country", Problem::NotInList);
            }
            kind.zip(role).map(|(kind, role)| NewOrganization {
                name,
                kind,
                country,
                role,
            })
        };
        if participants.is_empty() && new_organization.is_none() && self.participants.is_empty() {
            c.fail("p0_org", Problem::ChooseOne);
        }
        if let Some(own) = &vocabulary.own_organization {
            if !self.participants.iter().any(|p| p.org.trim() == own) {
                c.fail("p0_org", Problem::OwnOrganisationMissing);
            }
        }

        let mut sources = Vec::new();
        if self.sources.is_empty() {
            c.fail("s0_title", Problem::Required);
        }
        for (i, s) in self.sources.iter().enumerate() {
            let title = c.text(&row_key('s', i, "title"), &s.title, MAX_SHORT);
            let url = c.optional(&row_key('s', i, "url"), &s.url, MAX_SHORT);
            if url.as_deref().is_some_and(|u| !is_web_url(u)) {
                c.fail(row_key('s', i, "url"), Problem::Url);
            }
            let publisher = c.optional(&row_key('s', i, "publisher"), &s.publisher, MAX_SHORT);
            let published = c.date(&row_key('s', i, "published"), &s.published);
            sources.push(Source {
                url,
                publisher,
                title,
                published,
                document: None,
                curator_title: false,
            });
        }

        let mut figures = Vec::new();
        for (i, f) in self.figures.iter().enumerate() {
            let key = |k: &str| row_key('f', i, k);
            let label = Localized::new(
                c.text(&key("label_en"), &f.label_en, MAX_SHORT),
                c.text(&key("label_ja"), &f.label_ja, MAX_SHORT),
            );
            let unit = Localized::new(
                c.text(&key("unit_en"), &f.unit_en, MAX_SHORT),
                c.text(&key("unit_ja"), &f.unit_ja, MAX_SHORT),
            );
            let value = c.number(&key("value"), &f.value);
            if f.value.trim().is_empty() {
                c.fail(key("value"), Problem::Required);
            }
            let value_max = c.number(&key("value_max"), &f.value_max);
            if let (Some(v), Some(m)) = (value, value_max) {
                if m < v {
                    c.fail(key("value_max"), Problem::MaxBelowValue);
                }
            }
            let qualifier = if f.qualifier.trim().is_empty() {
                None
            } else {
                c.vocabulary(&key("qualifier"), &f.qualifier, Qualifier::from_slug)
            };
            let period = if f.period.trim().is_empty() {
                None
            } else {
                match Period::parse(f.period.trim()) {
                    Ok(p) => Some(p),
                    Err(_) => {
                        c.fail(key("period"), Problem::Date);
                        None
                    }
                }
            };
            let source = if f.source.trim().is_empty() {
                None
            } else {
                match f.source.trim().parse::<u32>() {
                    Ok(n) if n >= 1 && (n as usize) <= self.sources.len() => Some(n),
                    _ => {
                        c.fail(key("source"), Problem::SourceOutOfRange);
                        None
                    }
                }
            };
            let people = if f.people.trim().is_empty() {
                None
            } else {
                c.vocabulary(&key("people"), &f.people, Headcount::from_slug)
            };
            figures.push(Figure {
                label,
                value: value.unwrap_or_default(),
                value_max,
                qualifier,
                unit,
                period,
                source,
                people,
            });
        }

        match (kind, status) {
            (Some(kind), Some(status)) if c.errors.is_empty() => Ok(ValidActivity {
                title,
                summary,
                kind,
                status,
                status_as_of: Some(vocabulary.today),
                start,
                end,
                area_note,
                fields: self.fields.clone(),
                countries: self.countries.clone(),
                participants,
                new_organization,
                figures,
                sources,
            }),
            _ => Err(c.errors),
        }
    }

    /// Limits that hold even for a draft, so a draft cannot grow without bound.
    pub fn check_draft(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Check { errors: Vec::new() };
        for (name, value, max) in [
            ("title_en", &self.title_en, MAX_TITLE),
            ("title_ja", &self.title_ja, MAX_TITLE),
            ("summary_en", &self.summary_en, MAX_SUMMARY),
            ("summary_ja", &self.summary_ja, MAX_SUMMARY),
        ] {
            c.optional(name, value, max);
        }
        let rows = [
            self.fields.len(),
            self.countries.len(),
            self.participants.len(),
            self.figures.len(),
            self.sources.len(),
        ];
        if rows.iter().any(|n| *n > MAX_ROWS) {
            c.fail("title_en", Problem::TooLong);
        }
        if c.errors.is_empty() {
            Ok(())
        } else {
            Err(c.errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::input::tests::valid_input;
    use crate::forms::input::{FigureInput, NewOrgInput, ParticipantInput};

    fn vocabulary() -> Vocabulary {
        Vocabulary {
            fields: ["liver-transplantation", "endoscopy"]
                .map(String::from)
                .into(),
            countries: ["VN", "MN", "JP"].map(String::from).into(),
            organizations: ["nagasaki-university", "cho-ray-hospital"]
                .map(String::from)
                .into(),
            own_organization: Some("nagasaki-university".into()),
            today: PartialDate::parse("2026-12-01").unwrap(),
        }
    }

    fn problems(input: &ActivityInput) -> Vec<(String, Problem)> {
        input
            .validate(&vocabulary())
            .expect_err("should be refused")
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    fn has(input: &ActivityInput, field: &str, problem: Problem) {
        let found = problems(input);
        assert!(
            found.iter().any(|(f, p)| f == field && *p == problem),
            "expected {problem:?} on {field}, found {found:?}"
        );
    }

    #[test]
    fn a_complete_form_is_publishable() {
        let valid = valid_input().validate(&vocabulary()).unwrap();
        assert_eq!(valid.title.ja, "ハノイでの内視鏡講習");
        assert_eq!(valid.kind, ActivityKind::Seminar);
        assert_eq!(
            valid.participants,
            vec![("nagasaki-university".into(), Role::Lead)]
        );
        assert_eq!(valid.start.unwrap().month, Some(3));
        assert_eq!(
            valid.sources[0].url.as_deref(),
            Some("https://example.org/news/1")
        );
    }

    #[test]
    fn titles_and_summaries_are_required_in_both_languages_and_bounded() {
        let mut a = valid_input();
        a.title_ja = "   ".into();
        a.summary_en.clear();
        has(&a, "title_ja", Problem::Required);
        has(&a, "summary_en", Problem::Required);
        let mut a = valid_input();
        a.title_en = "x".repeat(MAX_TITLE + 1);
        has(&a, "title_en", Problem::TooLong);
    }

    #[test]
    fn kind_and_status_come_from_the_vocabulary() {
        let mut a = valid_input();
        a.kind = "party".into();
        a.status.clear();
        has(&a, "kind", Problem::NotInList);
        has(&a, "status", Problem::Required);
    }

    #[test]
    fn dates_are_partial_and_in_order() {
        let mut a = valid_input();
        a.start = "March 2024".into();
        has(&a, "start", Problem::Date);
        let mut a = valid_input();
        a.start = "2024-05".into();
        a.end = "2024-04".into();
        has(&a, "end", Problem::EndBeforeStart);
        a.end = "2023".into();
        has(&a, "end", Problem::EndBeforeStart);
        a.end = "2024".into(); // the same year, less precise: not before
        assert!(a.validate(&vocabulary()).is_ok());
    }

    #[test]
    fn a_status_must_agree_with_the_dates_on_the_day_it_is_stated() {
        let mut a = valid_input();
        a.start = "2020".into();
        a.end = "2024-03".into();
        a.status = "ongoing".into();
        has(&a, "status", Problem::StatusEndPassed);
        a.status = "planned".into();
        has(&a, "status", Problem::StatusEndPassed);
        a.status = "completed".into();
        let valid = a.validate(&vocabulary()).unwrap();
        assert_eq!(valid.status_as_of, PartialDate::parse("2026-12-01").ok());
        // Ending this year is not yet past.
        a.status = "ongoing".into();
        a.end = "2026".into();
        assert!(a.validate(&vocabulary()).is_ok());
        a.status = "completed".into();
        a.start = "2027-01".into();
        a.end = "2027".into();
        has(&a, "status", Problem::StatusNotStarted);
        a.status = "planned".into();
        assert!(a.validate(&vocabulary()).is_ok());
    }

    #[test]
    fn fields_and_countries_must_be_known_and_at_least_one() {
        let mut a = valid_input();
        a.fields.clear();
        a.countries.clear();
        has(&a, "field", Problem::ChooseOne);
        has(&a, "c0_code", Problem::ChooseOne);
        let mut a = valid_input();
        a.fields.push("astrology".into());
        a.countries.push("XX".into());
        a.countries.push("VN".into());
        has(&a, "field", Problem::NotInList);
        has(&a, "c1_code", Problem::NotInList);
        has(&a, "c2_code", Problem::Duplicate);
    }

    #[test]
    fn participants_are_known_with_roles_and_include_the_editors_organisation() {
        let mut a = valid_input();
        a.participants[0].org = "cho-ray-hospital".into();
        has(&a, "p0_org", Problem::OwnOrganisationMissing);
        let mut a = valid_input();
        a.participants.push(ParticipantInput {
            org: "unknown-org".into(),
            role: "host".into(),
        });
        a.participants.push(ParticipantInput {
            org: "cho-ray-hospital".into(),
            role: "chef".into(),
        });
        a.participants.push(ParticipantInput {
            org: "nagasaki-university".into(),
            role: "lead".into(),
        });
        has(&a, "p1_org", Problem::NotInList);
        has(&a, "p2_role", Problem::NotInList);
        has(&a, "p3_org", Problem::Duplicate);
    }

    #[test]
    fn a_proposed_organisation_needs_names_kind_country_and_role() {
        let mut a = valid_input();
        a.new_org.name_en = "Hanoi Heart Hospital".into();
        has(&a, "new_org_name_ja", Problem::Required);
        has(&a, "new_org_kind", Problem::Required);
        has(&a, "new_org_country", Problem::Required);
        a.new_org = NewOrgInput {
            name_en: "Hanoi Heart Hospital".into(),
            name_ja: "ハノイ心臓病院".into(),
            kind: "hospital".into(),
            country: "VN".into(),
            role: "host".into(),
        };
        let valid = a.validate(&vocabulary()).unwrap();
        assert_eq!(valid.new_organization.unwrap().kind, OrgKind::Hospital);
    }

    #[test]
    fn figures_need_labels_units_and_sensible_numbers() {
        let mut a = valid_input();
        a.figures.push(FigureInput {
            label_en: "Trainees".into(),
            value: "ten".into(),
            ..Default::default()
        });
        has(&a, "f0_value", Problem::Number);
        has(&a, "f0_label_ja", Problem::Required);
        has(&a, "f0_unit_en", Problem::Required);
        a.figures[0] = FigureInput {
            label_en: "Trainees".into(),
            label_ja: "研修生".into(),
            value: "1,200".into(),
            value_max: "900".into(),
            unit_en: "people".into(),
            unit_ja: "人".into(),
            period: "2015/2023-13".into(),
            source: "2".into(),
            qualifier: "roughly".into(),
            people: "everyone".into(),
        };
        has(&a, "f0_value_max", Problem::MaxBelowValue);
        has(&a, "f0_people", Problem::NotInList);
        has(&a, "f0_period", Problem::Date);
        has(&a, "f0_source", Problem::SourceOutOfRange);
        has(&a, "f0_qualifier", Problem::NotInList);
        a.figures[0].value_max = "1500".into();
        a.figures[0].period = "2015/2023-12".into();
        a.figures[0].source = "1".into();
        a.figures[0].qualifier = "about".into();
        a.figures[0].people = "unplaced".into();
        let valid = a.validate(&vocabulary()).unwrap();
        assert_eq!(valid.figures[0].value, 1200.0);
        assert_eq!(valid.figures[0].qualifier, Some(Qualifier::About));
        assert_eq!(valid.figures[0].people, Some(Headcount::Unplaced));
    }

    #[test]
    fn sources_are_required_with_a_title_and_a_web_address() {
        let mut a = valid_input();
        a.sources.clear();
        has(&a, "s0_title", Problem::Required);
        let mut a = valid_input();
        a.sources[0].url = "javascript:alert(1)".into();
        a.sources[0].published = "yesterday".into();
        has(&a, "s0_url", Problem::Url);
        has(&a, "s0_published", Problem::Date);
        a.sources[0].url = "ftp://x".into();
        has(&a, "s0_url", Problem::Url);
    }

    #[test]
    fn an_area_note_is_given_in_both_languages_or_not_at_all() {
        let mut a = valid_input();
        a.area_note_en = "Northern provinces".into();
        has(&a, "area_note_ja", Problem::Required);
    }
}
