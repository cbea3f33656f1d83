//! The activity form: what a partner typed ([`ActivityInput`], kept as typed so nothing is
//! lost), the one set of rules that turns it into a publishable record ([`ValidActivity`]),
//! and the field-by-field comparison a moderator reads, each part of the record named by a
//! stable [`RecordPart`] slug that revisions store.
//!
//! Rules: the same code runs in the browser (before the form is sent) and on the server
//! (before anything is stored as pending or published). Form field names are stable: they
//! are the HTML `name`s, the keys of [`FieldError`] and the ids errors point at.

use crate::i18n::{Key, Locale};
use crate::model::{
    ActivityKind, ActivityStatus, Figure, Localized, OrgKind, PartialDate, Period, Qualifier, Role,
    Source,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Most rows of each repeating group a form may hold.
pub const MAX_ROWS: usize = 30;
pub const MAX_TITLE: usize = 200;
pub const MAX_SUMMARY: usize = 4000;
pub const MAX_SHORT: usize = 300;
pub const MAX_REASON: usize = 1000;

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
fn row_key(prefix: char, i: usize, field: &str) -> String {
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

/// What is wrong with one field. Each has a message in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
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
}

impl Problem {
    pub fn message(self, locale: Locale) -> &'static str {
        locale.t(match self {
            Problem::Required => Key::ProblemRequired,
            Problem::TooLong => Key::ProblemTooLong,
            Problem::NotInList => Key::ProblemNotInList,
            Problem::Date => Key::ProblemDate,
            Problem::EndBeforeStart => Key::ProblemEndBeforeStart,
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

/// What a form may name: the record's medical fields, countries and organisations, and the
/// organisation of the editor proposing (which must take part).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    pub fields: HashSet<String>,
    pub countries: HashSet<String>,
    pub organizations: HashSet<String>,
    pub own_organization: Option<String>,
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
            figures.push(Figure {
                label,
                value: value.unwrap_or_default(),
                value_max,
                qualifier,
                unit,
                period,
                source,
            });
        }

        match (kind, status) {
            (Some(kind), Some(status)) if c.errors.is_empty() => Ok(ValidActivity {
                title,
                summary,
                kind,
                status,
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
                                "{} / {}: {} {range} {} / {} {} [{}]",
                                f.label_en.trim(),
                                f.label_ja.trim(),
                                f.qualifier,
                                f.unit_en.trim(),
                                f.unit_ja.trim(),
                                f.period.trim(),
                                f.source.trim()
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

/// A lower-case hyphenated slug from an English name: "Hanoi Heart Hospital" → `hanoi-heart-hospital`.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 80 {
            break;
        }
    }
    let slug = out.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "activity".to_string()
    } else {
        slug
    }
}

/// Whether an email address is plausible (one `@`, a dot in the domain, no spaces).
pub fn is_email(email: &str) -> bool {
    let e = email.trim();
    match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.contains(char::is_whitespace)
                && !domain.contains('@')
                && e.len() <= 254
        }
        None => false,
    }
}

/// Shortest password an account may have.
pub const MIN_PASSWORD: usize = 12;

/// A new password and its confirmation.
pub fn check_new_password(password: &str, confirm: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if password.chars().count() < MIN_PASSWORD {
        errors.push(FieldError::new("password", Problem::PasswordTooShort));
    } else if password != confirm {
        errors.push(FieldError::new("confirm", Problem::PasswordsDiffer));
    }
    errors
}

/// A local path to return to after logging in; anything else (another site, `//evil`)
/// becomes `None`.
pub fn safe_next(next: &str) -> Option<String> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.contains(['\r', '\n'])
        && next.len() <= 500;
    ok.then(|| next.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        }
    }

    fn valid_input() -> ActivityInput {
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
        };
        has(&a, "f0_value_max", Problem::MaxBelowValue);
        has(&a, "f0_period", Problem::Date);
        has(&a, "f0_source", Problem::SourceOutOfRange);
        has(&a, "f0_qualifier", Problem::NotInList);
        a.figures[0].value_max = "1500".into();
        a.figures[0].period = "2015/2023-12".into();
        a.figures[0].source = "1".into();
        a.figures[0].qualifier = "about".into();
        let valid = a.validate(&vocabulary()).unwrap();
        assert_eq!(valid.figures[0].value, 1200.0);
        assert_eq!(valid.figures[0].qualifier, Some(Qualifier::About));
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

    #[test]
    fn slugs_emails_passwords_and_return_paths() {
        assert_eq!(
            slugify("Hanoi Heart Hospital: 2024 course!"),
            "hanoi-heart-hospital-2024-course"
        );
        assert_eq!(slugify("内視鏡"), "activity");
        assert!(is_email("editor.nagasaki-university@example.org"));
        for bad in [
            "",
            "a@b",
            "@example.org",
            "a b@example.org",
            "a@@example.org",
        ] {
            assert!(!is_email(bad), "{bad:?}");
        }
        assert_eq!(
            check_new_password("short", "short")[0].problem,
            Problem::PasswordTooShort
        );
        assert_eq!(
            check_new_password("long enough pass", "long enough pasS")[0].problem,
            Problem::PasswordsDiffer
        );
        assert!(check_new_password("long enough pass", "long enough pass").is_empty());
        assert_eq!(safe_next("/partner").as_deref(), Some("/partner"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "partner",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }

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
        ] {
            assert_ne!(p.message(Locale::En), p.message(Locale::Ja));
        }
    }
}
