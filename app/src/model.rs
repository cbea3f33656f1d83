//! The record as the pages see it: shared by the server (which builds it from the database)
//! and the browser (which receives it from server functions).
//!
//! Rules: every value that has a closed set of forms is an enum with a `slug` (its stored and
//! URL form) and a `label` in each language; text that exists in both languages is a
//! [`Localized`]; dates are [`PartialDate`]s because the sources give a year, a month or a day.

pub mod provenance;
pub mod trust;

use crate::i18n::Locale;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A text in both site languages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Localized {
    pub en: String,
    pub ja: String,
}

impl Localized {
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            ja: ja.into(),
        }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::En => &self.en,
            Locale::Ja => &self.ja,
        }
    }
}

/// Declares a closed vocabulary: its variants, their slugs and their labels in both languages.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $slug:literal, $en:literal, $ja:literal;)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The stored and URL form.
            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug,)* }
            }

            /// The value whose slug this is.
            pub fn from_slug(slug: &str) -> Option<Self> {
                match slug { $($slug => Some($name::$variant),)* _ => None }
            }

            /// The name a reader sees.
            pub fn label(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $(
                        ($name::$variant, Locale::En) => $en,
                        ($name::$variant, Locale::Ja) => $ja,
                    )*
                }
            }

            /// The accepted slugs, for error messages.
            pub fn expected() -> String {
                [$($slug,)*].join(", ")
            }
        }
    };
}

vocabulary! {
    /// What kind of cooperation an activity is.
    ActivityKind {
        SurgicalTrainingAbroad = "surgical-training-abroad", "Surgical training abroad", "海外での手術指導";
        TraineesInJapan = "trainees-in-japan", "Trainees accepted in Japan", "日本での研修受入れ";
        Lectures = "lectures", "Lectures", "講義・講演";
        Symposium = "symposium", "Symposium", "シンポジウム";
        Seminar = "seminar", "Seminar", "セミナー";
        Webinar = "webinar", "Webinar", "ウェビナー";
        Scholarship = "scholarship", "Scholarship or degree programme", "奨学金・学位プログラム";
        Agreement = "agreement", "Agreement", "協定";
        Facility = "facility", "Facility", "施設";
        JointResearch = "joint-research", "Joint research", "共同研究";
        CapacityBuilding = "capacity-building", "Capacity-building programme", "人材育成プログラム";
        Visit = "visit", "Visit", "訪問";
    }
}

vocabulary! {
    /// Where an activity stands, as its sources describe it.
    ActivityStatus {
        Planned = "planned", "Planned", "計画中";
        Ongoing = "ongoing", "Ongoing", "実施中";
        Completed = "completed", "Completed", "完了";
    }
}

vocabulary! {
    /// How far the organisations named in an activity have confirmed its current version:
    /// at least one based in Japan and one abroad, only one side, or nobody yet.
    Confirmation {
        BothSides = "both-sides", "Confirmed by both sides", "双方が確認済み";
        OneSide = "one-side", "Confirmed by one side", "一方が確認済み";
        NotConfirmed = "not-confirmed", "Not confirmed", "未確認";
    }
}

vocabulary! {
    /// What an organisation does in an activity.
    Role {
        Lead = "lead", "Lead", "主導";
        Partner = "partner", "Partner", "パートナー";
        Funder = "funder", "Funder", "資金提供";
        Host = "host", "Host", "受入れ・会場";
        Coordinator = "coordinator", "Coordinator", "調整";
        Participant = "participant", "Participant", "参加";
    }
}

vocabulary! {
    /// What an organisation is.
    OrgKind {
        University = "university", "University", "大学";
        Hospital = "hospital", "Hospital", "病院";
        ResearchCentre = "research-centre", "Research centre", "研究センター";
        GovernmentAgency = "government-agency", "Government agency", "政府機関";
        InternationalOrganisation = "international-organisation", "International organisation", "国際機関";
        Foundation = "foundation", "Foundation", "財団";
        Company = "company", "Company", "企業";
        Association = "association", "Association", "団体";
    }
}

vocabulary! {
    /// Which way people move in an activity: what the flows of people on the insights map
    /// draw ([`ActivityKind::direction`]).
    Direction {
        ToJapan = "to-japan", "To Japan", "日本へ";
        FromJapan = "from-japan", "From Japan", "日本から";
        Online = "online", "Online", "オンライン";
    }
}

impl ActivityKind {
    /// Which way people move in an activity of this kind, by the definitions of the kinds
    /// (`data/README.md`): trainees and students are received in Japan; surgical training,
    /// lectures, symposia, seminars and visits are Japanese experts abroad; webinars are
    /// online. `None` for kinds that record no movement of people (agreements, facilities,
    /// joint research) or several at once (capacity-building programmes, whose strands run
    /// both ways and online).
    pub fn direction(self) -> Option<Direction> {
        match self {
            ActivityKind::TraineesInJapan | ActivityKind::Scholarship => Some(Direction::ToJapan),
            ActivityKind::SurgicalTrainingAbroad
            | ActivityKind::Lectures
            | ActivityKind::Symposium
            | ActivityKind::Seminar
            | ActivityKind::Visit => Some(Direction::FromJapan),
            ActivityKind::Webinar => Some(Direction::Online),
            ActivityKind::Agreement
            | ActivityKind::Facility
            | ActivityKind::JointResearch
            | ActivityKind::CapacityBuilding => None,
        }
    }
}

impl Direction {
    /// The kinds whose people move this way: what the search for an arc of the flows map
    /// filters by, so that its count is the arc's.
    pub fn kinds(self) -> Vec<ActivityKind> {
        ActivityKind::ALL
            .iter()
            .copied()
            .filter(|k| k.direction() == Some(self))
            .collect()
    }
}

vocabulary! {
    /// Whether a figure counts the people who took part (trainees, students, attendees,
    /// experts sent), and where they belong on the flows of people: with the activity's
    /// partner country (its arc, when the activity names one country), or nowhere in
    /// particular, because the source does not say from which countries they came. A figure
    /// without one (transplants, weeks, hospitals, or people counted for another reason, such
    /// as domestic participants) is never added up.
    Headcount {
        Countries = "countries", "People who took part, with the activity's partner country", "参加者（活動の相手国との流れに計上）";
        Unplaced = "unplaced", "People who took part, from countries the source does not give", "参加者（出身国の記載なし）";
    }
}

vocabulary! {
    /// How exact a figure is.
    Qualifier {
        About = "about", "about", "約";
        MoreThan = "more-than", "more than", "以上";
    }
}

/// Whether a slug is lowercase ASCII words joined by single hyphens (`nagasaki-university`).
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A lower-case hyphenated slug from an English name: "Hanoi Heart Hospital" → `hanoi-heart-hospital`.
/// What it returns passes [`is_slug`]; a name with no ASCII letters or digits gives `activity`.
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

/// A date as precise as its source: a year, a year and month, or a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a text is not a [`PartialDate`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PartialDateError {
    #[error("expected a year, a year-month or a day (2012, 2012-07, 2012-07-15), found {0:?}")]
    Form(String),
    #[error("month {0} is not between 1 and 12")]
    Month(u8),
    #[error("day {day} does not exist in {year}-{month:02}")]
    Day { year: u16, month: u8, day: u8 },
}

impl PartialDate {
    /// Parses `2012`, `2012-07` or `2012-07-15`, checking that the month and day exist.
    pub fn parse(text: &str) -> Result<Self, PartialDateError> {
        let form = || PartialDateError::Form(text.to_string());
        let mut parts = text.trim().split('-');
        let year_text = parts.next().ok_or_else(form)?;
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(form());
        }
        let year: u16 = year_text.parse().map_err(|_| form())?;
        let number = |part: Option<&str>| -> Result<Option<u8>, PartialDateError> {
            match part {
                None => Ok(None),
                Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| form())
                }
                Some(_) => Err(form()),
            }
        };
        let month = number(parts.next())?;
        let day = number(parts.next())?;
        if parts.next().is_some() {
            return Err(form());
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(PartialDateError::Month(m));
            }
            if let Some(d) = day {
                if d == 0 || d > days_in_month(year, m) {
                    return Err(PartialDateError::Day {
                        year,
                        month: m,
                        day: d,
                    });
                }
            }
        }
        Ok(Self { year, month, day })
    }

    /// As a reader expects it: "July 2012", "2012年7月15日".
    pub fn format(&self, locale: Locale) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match (locale, self.month, self.day) {
            (Locale::En, None, _) => self.year.to_string(),
            (Locale::En, Some(m), None) => format!("{} {}", MONTHS[usize::from(m - 1)], self.year),
            (Locale::En, Some(m), Some(d)) => {
                format!("{d} {} {}", MONTHS[usize::from(m - 1)], self.year)
            }
            (Locale::Ja, None, _) => format!("{}年", self.year),
            (Locale::Ja, Some(m), None) => format!("{}年{m}月", self.year),
            (Locale::Ja, Some(m), Some(d)) => format!("{}年{m}月{d}日", self.year),
        }
    }
}

impl PartialDate {
    /// The first day the date can mean: 2012 → 2012-01-01, 2012-07 → 2012-07-01.
    pub fn first_day(self) -> PartialDate {
        let month = self.month.unwrap_or(1);
        PartialDate {
            year: self.year,
            month: Some(month),
            day: Some(self.day.unwrap_or(1)),
        }
    }

    /// The last day the date can mean: 2012 → 2012-12-31, 2024-02 → 2024-02-29. Whole days
    /// compare in calendar order.
    pub fn last_day(self) -> PartialDate {
        let month = self.month.unwrap_or(12);
        PartialDate {
            year: self.year,
            month: Some(month),
            day: Some(self.day.unwrap_or_else(|| days_in_month(self.year, month))),
        }
    }
}

impl fmt::Display for PartialDate {
    /// The ISO form it was written in.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A period: one partial date, or two joined by a slash (`2015-01/2023-12`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: PartialDate,
    pub end: Option<PartialDate>,
}

impl Period {
    pub fn parse(text: &str) -> Result<Self, PartialDateError> {
        match text.split_once('/') {
            None => Ok(Self {
                start: PartialDate::parse(text)?,
                end: None,
            }),
            Some((a, b)) => Ok(Self {
                start: PartialDate::parse(a)?,
                end: Some(PartialDate::parse(b)?),
            }),
        }
    }

    /// "July 2012" for a single date (a point, not an open range), else the range.
    pub fn format(&self, locale: Locale) -> String {
        match self.end {
            None => self.start.format(locale),
            Some(_) => format_range(Some(self.start), self.end, locale).unwrap_or_default(),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.end {
            Some(end) => write!(f, "{}/{end}", self.start),
            None => write!(f, "{}", self.start),
        }
    }
}

/// "July 2012 – December 2023", "2005 –", "– 2024"; `None` when neither end is known.
pub fn format_range(
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    locale: Locale,
) -> Option<String> {
    match (start, end) {
        (None, None) => None,
        (Some(s), None) => Some(format!("{} –", s.format(locale))),
        (None, Some(e)) => Some(format!("– {}", e.format(locale))),
        (Some(s), Some(e)) if s == e => Some(s.format(locale)),
        (Some(s), Some(e)) => Some(format!("{} – {}", s.format(locale), e.format(locale))),
    }
}

/// An organisation as a card or an activity names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgRef {
    pub slug: String,
    pub name: Localized,
    /// Where the organisation is based.
    pub country: CountryRef,
    pub role: Role,
}

/// A country as a card names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountryRef {
    pub code: String,
    pub name: Localized,
}

/// A medical field as a card names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldRef {
    pub slug: String,
    pub name: Localized,
}

/// A number the sources state, with what it counts and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub label: Localized,
    pub value: f64,
    pub value_max: Option<f64>,
    pub qualifier: Option<Qualifier>,
    pub unit: Localized,
    pub period: Option<Period>,
    /// 1-based index into the activity's sources.
    pub source: Option<u32>,
    /// Whether it counts people who took part, and whom (the flows of people add it up).
    #[serde(default)]
    pub people: Option<Headcount>,
}

impl Figure {
    /// "76", "about 280", "4–5", "more than 70", with thousands separators.
    pub fn format_value(&self, locale: Locale) -> String {
        let number = match self.value_max {
            Some(max) => format!("{}–{}", format_number(self.value), format_number(max)),
            None => format_number(self.value),
        };
        match (self.qualifier, locale) {
            (None, _) => number,
            (Some(q), Locale::En) => format!("{} {number}", q.label(locale)),
            (Some(Qualifier::About), Locale::Ja) => format!("約{number}"),
            (Some(q), Locale::Ja) => format!("{number}{}", q.label(locale)),
        }
    }
}

/// Integers without decimals, thousands separated: 3120000 → "3,120,000".
pub fn format_number(value: f64) -> String {
    if value.fract() != 0.0 {
        return value.to_string();
    }
    let digits = format!("{}", value.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// Where a fact comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub title: String,
    pub published: Option<PartialDate>,
    /// The seed document the record was written from.
    pub document: Option<String>,
    /// Whether Kakehashi's curator wrote the title (the document gives none of its own).
    #[serde(default)]
    pub curator_title: bool,
}

/// What a result card shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityCard {
    pub slug: String,
    pub title: Localized,
    pub kind: ActivityKind,
    pub status: ActivityStatus,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    pub organizations: Vec<OrgRef>,
    pub countries: Vec<CountryRef>,
    pub fields: Vec<FieldRef>,
    pub area_note: Option<Localized>,
    pub key_figure: Option<Figure>,
    /// Who has confirmed the current version.
    #[serde(default = "not_confirmed")]
    pub confirmation: Confirmation,
}

fn not_confirmed() -> Confirmation {
    Confirmation::NotConfirmed
}

/// Everything the record holds about one activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityDetail {
    pub card: ActivityCard,
    pub summary: Localized,
    pub figures: Vec<Figure>,
    pub sources: Vec<Source>,
    /// When the status was true: the date of the statement it rests on.
    pub status_as_of: Option<PartialDate>,
    /// Planned or ongoing, with an end that has passed since (`provenance::status_overtaken`).
    pub status_overtaken: bool,
    /// The source's own wording and the curator's notes, each on one value.
    pub notes: Vec<provenance::RecordNote>,
    pub last_updated: String,
    /// Other activities sharing an organisation, a country or a field, closest first.
    pub related: Vec<ActivityCard>,
    /// Which version this is, who reported it and who has confirmed it.
    #[serde(default)]
    pub trust: trust::Trust,
}

/// The home page's figures at a glance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteStats {
    pub activities: i64,
    pub countries: i64,
    pub institutions: i64,
}

/// What the home page shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub stats: SiteStats,
    pub recent: Vec<ActivityCard>,
    /// Countries with activities, for the small map.
    pub countries: Vec<CountryCount>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_date_means_the_days_from_its_first_to_its_last() {
        let day = |t: &str| PartialDate::parse(t).unwrap();
        assert_eq!(day("2012").first_day().to_string(), "2012-01-01");
        assert_eq!(day("2012").last_day().to_string(), "2012-12-31");
        assert_eq!(day("2024-02").last_day().to_string(), "2024-02-29");
        assert_eq!(day("2023-02").last_day().to_string(), "2023-02-28");
        assert_eq!(day("2012-07-15").first_day(), day("2012-07-15"));
        assert_eq!(day("2012-07-15").last_day(), day("2012-07-15"));
    }

    #[test]
    fn partial_dates_parse_at_three_precisions() {
        assert_eq!(
            PartialDate::parse("2012").unwrap(),
            PartialDate {
                year: 2012,
                month: None,
                day: None
            }
        );
        assert_eq!(PartialDate::parse("2012-07").unwrap().month, Some(7));
        assert_eq!(PartialDate::parse("2023-09-29").unwrap().day, Some(29));
        assert_eq!(PartialDate::parse("2024-02-29").unwrap().day, Some(29));
    }

    #[test]
    fn malformed_dates_are_refused_with_the_reason() {
        for bad in [
            "",
            "12",
            "2012-7",
            "2012-07-1",
            "20x2",
            "2012-07-15-01",
            "July 2012",
        ] {
            assert!(
                matches!(PartialDate::parse(bad), Err(PartialDateError::Form(_))),
                "{bad:?} should be refused"
            );
        }
        assert_eq!(
            PartialDate::parse("2012-13"),
            Err(PartialDateError::Month(13))
        );
        assert!(matches!(
            PartialDate::parse("2023-02-29"),
            Err(PartialDateError::Day { .. })
        ));
    }

    #[test]
    fn dates_read_naturally_in_both_languages() {
        let d = PartialDate::parse("2012-07").unwrap();
        assert_eq!(d.format(Locale::En), "July 2012");
        assert_eq!(d.format(Locale::Ja), "2012年7月");
        let d = PartialDate::parse("2023-09-29").unwrap();
        assert_eq!(d.format(Locale::En), "29 September 2023");
        assert_eq!(d.format(Locale::Ja), "2023年9月29日");
        assert_eq!(d.to_string(), "2023-09-29");
    }

    #[test]
    fn periods_and_ranges() {
        let p = Period::parse("2015-01/2023-12").unwrap();
        assert_eq!(p.to_string(), "2015-01/2023-12");
        assert_eq!(p.format(Locale::En), "January 2015 – December 2023");
        assert_eq!(
            Period::parse("2012-07").unwrap().format(Locale::Ja),
            "2012年7月"
        );
        let y = PartialDate::parse("2005").ok();
        assert_eq!(format_range(y, None, Locale::Ja).unwrap(), "2005年 –");
        assert_eq!(format_range(y, y, Locale::En).unwrap(), "2005");
        assert_eq!(format_range(None, None, Locale::En), None);
    }

    #[test]
    fn figures_show_ranges_and_qualifiers() {
        let mut f = Figure {
            label: Localized::new("Attendees", "参加者"),
            value: 280.0,
            value_max: None,
            qualifier: Some(Qualifier::About),
            unit: Localized::new("people", "人"),
            period: None,
            source: Some(1),
            people: Some(Headcount::Countries),
        };
        assert_eq!(f.format_value(Locale::En), "about 280");
        assert_eq!(f.format_value(Locale::Ja), "約280");
        f.qualifier = Some(Qualifier::MoreThan);
        assert_eq!(f.format_value(Locale::Ja), "280以上");
        f.qualifier = None;
        f.value = 4.0;
        f.value_max = Some(5.0);
        assert_eq!(f.format_value(Locale::En), "4–5");
        assert_eq!(format_number(3_120_000.0), "3,120,000");
    }

    #[test]
    fn slugs_are_lowercase_hyphenated_ascii() {
        assert!(is_slug("nagasaki-university"));
        assert!(is_slug("vietnam-108-military-central-hospital"));
        for bad in ["", "Nagasaki", "a--b", "-a", "a-", "a_b", "長崎", "a b"] {
            assert!(!is_slug(bad), "{bad:?}");
        }
    }

    #[test]
    fn names_become_slugs() {
        assert_eq!(
            slugify("Hanoi Heart Hospital: 2024 course!"),
            "hanoi-heart-hospital-2024-course"
        );
        assert_eq!(slugify("内視鏡"), "activity");
    }

    #[test]
    fn people_move_by_the_kind_of_activity() {
        use ActivityKind::*;
        let to_japan = [TraineesInJapan, Scholarship];
        let from_japan = [SurgicalTrainingAbroad, Lectures, Symposium, Seminar, Visit];
        let nowhere = [Agreement, Facility, JointResearch, CapacityBuilding];
        for kind in ActivityKind::ALL {
            let expected = if to_japan.contains(kind) {
                Some(Direction::ToJapan)
            } else if from_japan.contains(kind) {
                Some(Direction::FromJapan)
            } else if *kind == Webinar {
                Some(Direction::Online)
            } else {
                assert!(nowhere.contains(kind), "{kind:?} has no rule");
                None
            };
            assert_eq!(kind.direction(), expected, "{kind:?}");
        }
        // A direction's kinds are exactly those that move its way: what an arc's search asks.
        assert_eq!(Direction::ToJapan.kinds(), to_japan);
        assert_eq!(Direction::FromJapan.kinds(), from_japan);
        assert_eq!(Direction::Online.kinds(), [Webinar]);
        assert_eq!(Direction::from_slug("to-japan"), Some(Direction::ToJapan));
        assert_eq!(Direction::Online.label(Locale::Ja), "オンライン");
    }

    #[test]
    fn vocabulary_slugs_round_trip() {
        for kind in ActivityKind::ALL {
            assert_eq!(ActivityKind::from_slug(kind.slug()), Some(*kind));
        }
        for role in Role::ALL {
            assert_eq!(Role::from_slug(role.slug()), Some(*role));
        }
        assert_eq!(OrgKind::from_slug("castle"), None);
    }
}

/// One country's line in the map's table: how many activities it has under the filters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountryCount {
    pub code: String,
    pub name: Localized,
    pub region: Option<Localized>,
    pub count: u32,
}

/// An organisation as a list names it: where it is and how many activities it has there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub slug: String,
    pub name: Localized,
    pub kind: OrgKind,
    pub country: CountryRef,
    pub activities: u32,
}

/// A medical field with the number of activities it has in a view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldCount {
    pub field: FieldRef,
    pub count: u32,
}

/// Everything the country page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountryDetail {
    pub country: CountryRef,
    pub region: Option<Localized>,
    /// The newest activities, and how many there are in all.
    pub activities: Bounded<ActivityCard>,
    /// Institutions based in Japan that take part in the country's activities.
    pub japanese: Bounded<OrgSummary>,
    /// Institutions based in the country itself.
    pub local: Bounded<OrgSummary>,
    /// Anyone else taking part (international organisations, third countries).
    pub others: Bounded<OrgSummary>,
    pub fields: Vec<FieldCount>,
    /// Activities by the year they started, oldest first; undated ones are not counted.
    pub per_year: Vec<(u16, u32)>,
    pub undated: u32,
    /// The latest year any of its activities' dates names.
    pub latest_year: Option<u16>,
}

impl CountryDetail {
    pub fn first_year(&self) -> Option<u16> {
        self.per_year.first().map(|(y, _)| *y)
    }
}

/// The first items of a list a page shows, and how long the whole list is: a page shows a
/// bounded number and links to the rest, so its size does not grow with the record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bounded<T> {
    pub items: Vec<T>,
    pub total: u32,
}

impl<T> Bounded<T> {
    /// How many are not shown.
    pub fn more(&self) -> u32 {
        self.total
            .saturating_sub(u32::try_from(self.items.len()).unwrap_or(u32::MAX))
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// Everything the organisation page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationDetail {
    pub slug: String,
    pub name: Localized,
    pub kind: OrgKind,
    pub country: CountryRef,
    pub city: Option<String>,
    pub website: Option<String>,
    pub profile: Localized,
    /// The newest activities it takes part in, and how many there are in all.
    pub activities: Bounded<ActivityCard>,
    /// Countries its activities take place in, with how many.
    pub countries: Vec<(CountryRef, u32)>,
    /// Organisations it works with in at least one activity, both directions.
    pub partners: Bounded<OrgSummary>,
    /// The source's own wording and the curator's notes, each on one value.
    pub notes: Vec<provenance::RecordNote>,
}

/// One value of a facet on the search page: what it is, how many results it has under the
/// other filters, and whether it is chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacetValue {
    pub value: String,
    pub label: Localized,
    pub count: u32,
    pub selected: bool,
}

/// A facet: its URL key (`country`, `field`, …) and its values, most results first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Facet {
    pub key: String,
    pub values: Vec<FacetValue>,
}

/// One page of search results with the facets that narrow them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub total: u32,
    /// 1-based, within `1..=pages`.
    pub page: u32,
    pub pages: u32,
    pub cards: Vec<ActivityCard>,
    pub facets: Vec<Facet>,
}
