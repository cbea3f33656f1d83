//! IATI activity XML 2.03 of a search view: one `iati-activity` per activity, in the page's
//! order, for tools that read the International Aid Transparency Initiative's standard.
//!
//! Rules (the conventions are also in `data/README.md`, "IATI export"):
//! - Kakehashi republishes what institutions report, so `reporting-org` is Kakehashi as a
//!   *secondary reporter*. It has no registered IATI organisation identifier yet:
//!   [`REPORTING_ORG_REF`] uses the prefix `XX`, which is no country's code, so no tool
//!   takes it for a registered one; activity identifiers are that prefix and the slug.
//! - Texts carry both languages as `narrative`s; the one in the export's language is the
//!   default (`xml:lang` on the activity), the other names its language.
//! - Roles, statuses and organisation kinds map to IATI codes by [`role_code`],
//!   [`status_code`] and [`org_type`]; fields give DAC 5-digit `sector`s (vocabulary 1).
//! - Percentages (recipient countries, sectors) are shares in hundredths that sum to
//!   exactly 100 ([`shares`]); each field counts equally, so two fields with one DAC code
//!   give that code two shares.
//! - IATI dates are whole days; ours are as precise as the sources. A start becomes its
//!   first day and an end its last ([`dates`]), and a `narrative` states what the source
//!   gave. IATI needs a start date: when the sources give none, the export gives the
//!   closest bound the record holds and says so (see [`dates`]).
//! - Every string passes through [`xml::escape`].

use crate::i18n::Locale;
use crate::model::{ActivityStatus, Localized, OrgKind, PartialDate, Role};
use crate::paths;
use crate::ssr::export::ExportRecord;
use crate::ssr::xml;

/// The version of the standard the documents follow.
pub const VERSION: &str = "2.03";

/// Kakehashi's organisation identifier, until it registers one (see the module's rules).
pub const REPORTING_ORG_REF: &str = "XX-KAKEHASHI";

/// IATI OrganisationType 90, "Other": Kakehashi is an independent public record.
const REPORTING_ORG_TYPE: &str = "90";

/// IATI DocumentCategory A12, "Activity web page".
const ACTIVITY_WEB_PAGE: &str = "A12";

/// IATI SectorVocabulary 1: OECD DAC CRS purpose codes (5 digit).
const DAC_5_DIGIT: &str = "1";

/// The activity's IATI identifier: `XX-KAKEHASHI-nagasaki-kz`.
pub fn identifier(slug: &str) -> String {
    format!("{REPORTING_ORG_REF}-{slug}")
}

/// IATI ActivityStatus: planned is 1 (pipeline), ongoing 2 (implementation), completed
/// 4 (closed; Kakehashi records no finances, so there is no finalisation stage).
pub fn status_code(status: ActivityStatus) -> &'static str {
    match status {
        ActivityStatus::Planned => "1",
        ActivityStatus::Ongoing => "2",
        ActivityStatus::Completed => "4",
    }
}

/// IATI OrganisationRole: a funder is 1 (funding); a lead answers for the activity, 2
/// (accountable); a coordinator manages it for others, 3 (extending); partners, hosts and
/// participants carry it out, 4 (implementing).
pub fn role_code(role: Role) -> &'static str {
    match role {
        Role::Funder => "1",
        Role::Lead => "2",
        Role::Coordinator => "3",
        Role::Partner | Role::Host | Role::Participant => "4",
    }
}

/// IATI OrganisationType: universities and research centres are 80 (academic, training and
/// research), government agencies 10, international organisations 40 (multilateral),
/// foundations 60, companies 70 (private sector), associations 22 (national NGO). IATI has
/// no type for hospitals, which may be public or private: 90 (other).
pub fn org_type(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::University | OrgKind::ResearchCentre => "80",
        OrgKind::GovernmentAgency => "10",
        OrgKind::InternationalOrganisation => "40",
        OrgKind::Foundation => "60",
        OrgKind::Company => "70",
        OrgKind::Association => "22",
        OrgKind::Hospital => "90",
    }
}

/// IATI ActivityDateType.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateType {
    PlannedStart,
    ActualStart,
    PlannedEnd,
    ActualEnd,
}

impl DateType {
    /// The code IATI gives the type.
    pub fn code(self) -> &'static str {
        match self {
            DateType::PlannedStart => "1",
            DateType::ActualStart => "2",
            DateType::PlannedEnd => "3",
            DateType::ActualEnd => "4",
        }
    }

    /// Whether the date is a start (IATI wants one of these on every activity).
    pub fn is_start(self) -> bool {
        matches!(self, DateType::PlannedStart | DateType::ActualStart)
    }
}

/// One `activity-date`: a whole day and, when it is not simply what the source says, a
/// note saying what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityDate {
    pub kind: DateType,
    /// A whole day.
    pub day: PartialDate,
    pub note: Option<Localized>,
}

/// The activity's dates, the start first. A planned activity's dates are planned; an
/// ongoing one's start is actual and its end planned; a completed one's are both actual.
///
/// A start the sources give becomes its first day, an end its last, with a note when the
/// source gave less than a day. When the sources give no start:
/// - a planned activity gets a planned start on the date its status was stated (or the day
///   its record was last checked): it starts no earlier;
/// - an ongoing or completed one gets an actual start on the last day of the earliest date
///   by which it had begun: its end, its status date, a source's publication date, or the
///   day its record was last checked against the sources.
///
/// Either way the note says the sources give no start and what the date is.
pub fn dates(r: &ExportRecord) -> Vec<ActivityDate> {
    let c = &r.card;
    let planned = c.status == ActivityStatus::Planned;
    let mut out = Vec::with_capacity(2);
    match c.start {
        Some(start) => out.push(ActivityDate {
            kind: if planned {
                DateType::PlannedStart
            } else {
                DateType::ActualStart
            },
            day: start.first_day(),
            note: precision_note(start, true),
        }),
        None => out.push(undated_start(r)),
    }
    if let Some(end) = c.end {
        out.push(ActivityDate {
            kind: if c.status == ActivityStatus::Completed {
                DateType::ActualEnd
            } else {
                DateType::PlannedEnd
            },
            day: end.last_day(),
            note: precision_note(end, false),
        });
    }
    out
}

/// The start an activity whose sources give none is exported with (see [`dates`]).
fn undated_start(r: &ExportRecord) -> ActivityDate {
    let updated = r.last_updated.first_day();
    if r.card.status == ActivityStatus::Planned {
        let day = r.status_as_of.map_or(updated, PartialDate::first_day);
        return ActivityDate {
            kind: DateType::PlannedStart,
            day,
            note: Some(Localized::new(
                "The sources give no start date. This is the date the activity was \
                 stated to be planned (or its record last checked): it starts no earlier.",
                "出典に開始日の記載はない。この日付は計画中と記された時点（または記録の最終確認日）で、開始はこれ以降。",
            )),
        };
    }
    let begun_by = r
        .card
        .end
        .into_iter()
        .chain(r.status_as_of)
        .chain(r.sources.iter().filter_map(|s| s.published))
        .map(PartialDate::last_day)
        .fold(updated, Ord::min);
    ActivityDate {
        kind: DateType::ActualStart,
        day: begun_by,
        note: Some(Localized::new(
            "The sources give no start date. The activity had begun by this date (the \
             earliest of its end, its status date, its sources' dates and the day its record \
             was last checked).",
            "出典に開始日の記載はない。活動はこの日付までに始まっていた（終了日、状況の時点、\
             出典の日付、記録の最終確認日のうち最も早いもの）。",
        )),
    }
}

/// What the source gave, when it is less than a day.
fn precision_note(date: PartialDate, start: bool) -> Option<Localized> {
    if date.day.is_some() {
        return None;
    }
    let (en, ja) = if start {
        ("first", "初日")
    } else {
        ("last", "最終日")
    };
    Some(Localized::new(
        format!(
            "The sources give {}; this is its {en} day.",
            date.format(Locale::En)
        ),
        format!("出典の記載は{}。その{ja}を記載。", date.format(Locale::Ja)),
    ))
}

/// `n` equal percentages that sum to exactly 100, to two decimals: 3 → 33.34, 33.33, 33.33.
pub fn shares(n: usize) -> Vec<String> {
    hundredths(n).into_iter().map(percent).collect()
}

/// `n` equal shares of 10,000 that sum to exactly 10,000, the larger ones first.
fn hundredths(n: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let (each, extra) = (10_000 / n, 10_000 % n);
    (0..n).map(|i| each + usize::from(i < extra)).collect()
}

/// Hundredths of a percent as a decimal: 3334 → "33.34", 10000 → "100".
fn percent(hundredths: usize) -> String {
    match hundredths % 100 {
        0 => (hundredths / 100).to_string(),
        rest => format!("{}.{rest:02}", hundredths / 100),
    }
}

/// One `sector`: a DAC code, its share and the fields that give it.
#[derive(Clone, Debug, PartialEq)]
pub struct Sector {
    pub code: i64,
    pub percentage: String,
    pub fields: Localized,
}

/// The activity's sectors: each field with a DAC code counts equally; fields that share a
/// code add their shares; the order is the fields' order.
pub fn sectors(r: &ExportRecord) -> Vec<Sector> {
    let coded: Vec<(&crate::model::FieldRef, i64)> = r
        .card
        .fields
        .iter()
        .zip(r.dac.iter().copied())
        .filter(|(_, dac)| *dac > 0)
        .collect();
    let each = hundredths(coded.len());
    let mut out: Vec<(i64, usize, Vec<&Localized>)> = Vec::new();
    for ((field, dac), share) in coded.into_iter().zip(each) {
        match out.iter_mut().find(|(code, _, _)| *code == dac) {
            Some((_, total, names)) => {
                *total += share;
                names.push(&field.name);
            }
            None => out.push((dac, share, vec![&field.name])),
        }
    }
    out.into_iter()
        .map(|(code, hundredths, names)| Sector {
            code,
            percentage: percent(hundredths),
            fields: Localized::new(
                names
                    .iter()
                    .map(|n| n.en.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                names
                    .iter()
                    .map(|n| n.ja.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
        })
        .collect()
}

/// The document's start, up to the first activity. `generated` is when the record last
/// changed (an RFC 3339 time), so the same version of the record gives the same bytes.
pub fn head(generated: Option<&str>) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<!-- Kakehashi: IATI activity XML 2.03, republished by Kakehashi as a secondary \
         reporter. Conventions: data/README.md, \"IATI export\". -->\n",
    );
    let mut attributes = vec![("version", VERSION)];
    if let Some(g) = generated {
        attributes.push(("generated-datetime", g));
    }
    xml::open(&mut out, 0, "iati-activities", &attributes);
    out
}

/// The document's end.
pub fn tail() -> &'static str {
    "</iati-activities>\n"
}

/// One activity as an `iati-activity` element, in the schema's element order. `base` is
/// the site's public address; `locale` the export's default language.
pub fn activity(r: &ExportRecord, locale: Locale, base: &str) -> String {
    let c = &r.card;
    let mut out = String::with_capacity(4096);
    let updated = Some(r.last_updated)
        .filter(|d| d.day.is_some())
        .map(|d| format!("{d}T00:00:00Z"));
    let mut attributes = vec![("xml:lang", locale.code())];
    if let Some(u) = &updated {
        attributes.push(("last-updated-datetime", u));
    }
    xml::open(&mut out, 1, "iati-activity", &attributes);
    xml::element(&mut out, 2, "iati-identifier", &identifier(&c.slug));

    xml::open(
        &mut out,
        2,
        "reporting-org",
        &[
            ("ref", REPORTING_ORG_REF),
            ("type", REPORTING_ORG_TYPE),
            ("secondary-reporter", "1"),
        ],
    );
    narratives(&mut out, 3, &Localized::new("Kakehashi", "架け橋"), locale);
    xml::close(&mut out, 2, "reporting-org");

    wrapped(&mut out, 2, "title", &[], &c.title, locale);
    wrapped(
        &mut out,
        2,
        "description",
        &[("type", "1")],
        &r.summary,
        locale,
    );

    for (o, kind) in c.organizations.iter().zip(&r.org_kinds) {
        let mut attributes = vec![("role", role_code(o.role))];
        if let Some(k) = kind {
            attributes.push(("type", org_type(*k)));
        }
        wrapped(
            &mut out,
            2,
            "participating-org",
            &attributes,
            &o.name,
            locale,
        );
    }

    xml::empty(
        &mut out,
        2,
        "activity-status",
        &[("code", status_code(c.status))],
    );
    for d in dates(r) {
        let day = d.day.to_string();
        let attributes = [("type", d.kind.code()), ("iso-date", day.as_str())];
        match &d.note {
            Some(note) => wrapped(&mut out, 2, "activity-date", &attributes, note, locale),
            None => xml::empty(&mut out, 2, "activity-date", &attributes),
        }
    }

    for (country, share) in c.countries.iter().zip(shares(c.countries.len())) {
        let attributes = [("code", country.code.as_str()), ("percentage", &share)];
        wrapped(
            &mut out,
            2,
            "recipient-country",
            &attributes,
            &country.name,
            locale,
        );
    }
    for s in sectors(r) {
        let code = s.code.to_string();
        let attributes = [
            ("vocabulary", DAC_5_DIGIT),
            ("code", code.as_str()),
            ("percentage", &s.percentage),
        ];
        wrapped(&mut out, 2, "sector", &attributes, &s.fields, locale);
    }

    for s in &r.sources {
        let Some(url) = &s.url else { continue };
        let published = s.published.filter(|d| d.day.is_some());
        document_link(&mut out, url, published, |out| {
            let lang = if is_japanese(&s.title) { "ja" } else { "en" };
            xml::element_with(out, 4, "narrative", &[("xml:lang", lang)], &s.title);
        });
    }
    let page = format!("{base}{}", locale.href(&paths::activity(&c.slug)));
    let name = Localized::new("This activity on Kakehashi", "架け橋のこの活動のページ");
    document_link(&mut out, &page, None, |out| {
        narratives(out, 4, &name, locale);
    });
    xml::close(&mut out, 1, "iati-activity");
    out
}

/// A `document-link` of category A12 (activity web page), its title's narratives written by
/// `title`.
fn document_link(
    out: &mut String,
    url: &str,
    date: Option<PartialDate>,
    title: impl FnOnce(&mut String),
) {
    let format = if url.to_ascii_lowercase().ends_with(".pdf") {
        "application/pdf"
    } else {
        "text/html"
    };
    xml::open(out, 2, "document-link", &[("url", url), ("format", format)]);
    xml::open(out, 3, "title", &[]);
    title(out);
    xml::close(out, 3, "title");
    xml::empty(out, 3, "category", &[("code", ACTIVITY_WEB_PAGE)]);
    if let Some(d) = date {
        xml::empty(out, 3, "document-date", &[("iso-date", &d.to_string())]);
    }
    xml::close(out, 2, "document-link");
}

/// `<name …>` holding the text's narratives, then `</name>`.
fn wrapped(
    out: &mut String,
    indent: usize,
    name: &str,
    attributes: &[(&str, &str)],
    text: &Localized,
    locale: Locale,
) {
    xml::open(out, indent, name, attributes);
    narratives(out, indent + 1, text, locale);
    xml::close(out, indent, name);
}

/// The text in the default language (no `xml:lang`), then in the other (with it); an empty
/// translation is left out.
fn narratives(out: &mut String, indent: usize, text: &Localized, default: Locale) {
    let other = match default {
        Locale::En => Locale::Ja,
        Locale::Ja => Locale::En,
    };
    if !text.get(default).is_empty() {
        xml::element(out, indent, "narrative", text.get(default));
    }
    if !text.get(other).is_empty() {
        xml::element_with(
            out,
            indent,
            "narrative",
            &[("xml:lang", other.code())],
            text.get(other),
        );
    }
}

/// Whether a text is in Japanese: it has kana or kanji. A source's title is in the source's
/// one language, which this tells.
fn is_japanese(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::ssr::export::tests::record;

    fn day(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    fn sum(shares: &[String]) -> f64 {
        shares.iter().map(|s| s.parse::<f64>().unwrap()).sum()
    }

    #[test]
    fn shares_are_equal_to_the_hundredth_and_sum_to_exactly_100() {
        assert_eq!(shares(1), ["100"]);
        assert_eq!(shares(2), ["50", "50"]);
        assert_eq!(shares(3), ["33.34", "33.33", "33.33"]);
        assert_eq!(shares(8)[0], "12.50");
        assert!(shares(0).is_empty());
        for n in 1..=40 {
            let s = shares(n);
            assert_eq!(s.len(), n);
            assert!((sum(&s) - 100.0).abs() < 1e-9, "{n}: {s:?}");
        }
    }

    #[test]
    fn fields_that_share_a_dac_code_give_one_sector_with_their_shares() {
        let mut r = record();
        let field = |slug: &str| FieldRef {
            slug: slug.into(),
            name: Localized::new(slug, slug),
        };
        r.card.fields = vec![
            field("general-surgery"),
            field("oncology"),
            field("endoscopy"),
        ];
        r.dac = vec![12191, 12191, 0];
        let one = sectors(&r);
        assert_eq!(one.len(), 1, "a field without a code gives no sector");
        assert_eq!(one[0].percentage, "100");
        assert_eq!(one[0].fields.en, "general-surgery, oncology");
        r.dac = vec![12191, 12350, 12191];
        let two = sectors(&r);
        assert_eq!(
            two.iter()
                .map(|s| (s.code, s.percentage.as_str()))
                .collect::<Vec<_>>(),
            [(12191, "66.67"), (12350, "33.33")]
        );
    }

    #[test]
    fn partial_dates_become_whole_days_and_say_what_the_source_gave() {
        let mut r = record();
        r.card.status = ActivityStatus::Completed;
        r.card.start = Some(day("2012-07"));
        r.card.end = Some(day("2013"));
        let d = dates(&r);
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[0].kind, d[0].day.to_string()),
            (DateType::ActualStart, "2012-07-01".into())
        );
        assert_eq!(
            d[0].note.as_ref().unwrap().en,
            "The sources give July 2012; this is its first day."
        );
        assert_eq!(
            (d[1].kind, d[1].day.to_string()),
            (DateType::ActualEnd, "2013-12-31".into())
        );
        assert_eq!(
            d[1].note.as_ref().unwrap().ja,
            "出典の記載は2013年。その最終日を記載。"
        );
        r.card.status = ActivityStatus::Ongoing;
        r.card.start = Some(day("2012-07-15"));
        let d = dates(&r);
        assert_eq!(d[0].note, None, "a whole day needs no note");
        assert_eq!(d[1].kind, DateType::PlannedEnd);
        r.card.status = ActivityStatus::Planned;
        assert_eq!(dates(&r)[0].kind, DateType::PlannedStart);
    }

    #[test]
    fn every_activity_has_a_start_even_when_its_sources_give_none() {
        let mut r = record();
        r.card.start = None;
        r.card.end = None;
        r.last_updated = day("2026-11-30");
        for status in ActivityStatus::ALL {
            for as_of in [None, Some(day("2024-10"))] {
                for published in [None, Some(day("2019-09"))] {
                    r.card.status = *status;
                    r.status_as_of = as_of;
                    r.sources[0].published = published;
                    let d = dates(&r);
                    assert_eq!(d.iter().filter(|d| d.kind.is_start()).count(), 1);
                    assert!(d[0].day.day.is_some(), "a whole day");
                    assert!(d[0]
                        .note
                        .as_ref()
                        .unwrap()
                        .en
                        .starts_with("The sources give no start date."));
                }
            }
        }
        // Begun by the earliest date the record knows it had begun.
        r.card.status = ActivityStatus::Completed;
        r.status_as_of = None;
        r.sources[0].published = Some(day("2019-09"));
        assert_eq!(dates(&r)[0].day, day("2019-09-30"));
        assert_eq!(dates(&r)[0].kind, DateType::ActualStart);
        r.sources[0].published = None;
        assert_eq!(
            dates(&r)[0].day,
            day("2026-11-30"),
            "the day Kakehashi published it"
        );
        // A planned activity starts no earlier than the date it was stated to be planned.
        r.card.status = ActivityStatus::Planned;
        r.status_as_of = Some(day("2021"));
        assert_eq!(
            (dates(&r)[0].kind, dates(&r)[0].day),
            (DateType::PlannedStart, day("2021-01-01"))
        );
    }

    #[test]
    fn codes_follow_the_iati_codelists() {
        assert_eq!(status_code(ActivityStatus::Planned), "1");
        assert_eq!(status_code(ActivityStatus::Ongoing), "2");
        assert_eq!(status_code(ActivityStatus::Completed), "4");
        assert_eq!(role_code(Role::Funder), "1");
        assert_eq!(role_code(Role::Lead), "2");
        assert_eq!(role_code(Role::Partner), "4");
        assert_eq!(org_type(OrgKind::University), "80");
        assert_eq!(org_type(OrgKind::GovernmentAgency), "10");
        // Every code is in the codelist IATI publishes (OrganisationType, OrganisationRole).
        let types = [
            "10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73",
            "80", "90",
        ];
        assert!(OrgKind::ALL.iter().all(|k| types.contains(&org_type(*k))));
        assert!(Role::ALL
            .iter()
            .all(|r| ["1", "2", "3", "4"].contains(&role_code(*r))));
    }

    #[test]
    fn an_activity_is_written_in_the_schemas_order_with_both_languages() {
        let xml = activity(&record(), Locale::En, "https://k.example");
        let order = [
            "<iati-identifier>XX-KAKEHASHI-nagasaki-kz</iati-identifier>",
            "<reporting-org ref=\"XX-KAKEHASHI\" type=\"90\" secondary-reporter=\"1\">",
            "<title>",
            "<description type=\"1\">",
            "<participating-org role=\"2\" type=\"80\">",
            "<participating-org role=\"4\" type=\"90\">",
            "<activity-status code=\"4\"/>",
            "<activity-date type=\"2\" iso-date=\"2012-07-01\">",
            "<activity-date type=\"4\" iso-date=\"2012-07-31\">",
            "<recipient-country code=\"KZ\" percentage=\"100\">",
            "<sector vocabulary=\"1\" code=\"12191\" percentage=\"100\">",
            "<document-link url=\"https://example.org/news\" format=\"text/html\">",
            "<document-link url=\"https://k.example/activities/nagasaki-kz\" format=\"text/html\">",
        ];
        let mut at = 0;
        for piece in order {
            let found = xml[at..]
                .find(piece)
                .unwrap_or_else(|| panic!("{piece} after {at}:\n{xml}"));
            at += found + piece.len();
        }
        assert!(xml.starts_with(
            "  <iati-activity xml:lang=\"en\" last-updated-datetime=\"2026-12-01T00:00:00Z\">"
        ));
        assert!(xml.contains("<narrative>Transplants, &quot;live&quot; in Almaty</narrative>"));
        assert!(xml.contains("<narrative xml:lang=\"ja\">アルマトイでの移植</narrative>"));
        assert!(
            xml.contains("<narrative>=HYPERLINK(&quot;x&quot;)</narrative>"),
            "text is escaped, not neutralised"
        );
        assert!(
            xml.contains("<narrative xml:lang=\"en\">News</narrative>"),
            "a source's title names its language"
        );

        let ja = activity(&record(), Locale::Ja, "https://k.example");
        assert!(ja.contains("<narrative>アルマトイでの移植</narrative>"));
        assert!(ja.contains(
            "<narrative xml:lang=\"en\">Transplants, &quot;live&quot; in Almaty</narrative>"
        ));
        assert!(ja.contains("url=\"https://k.example/ja/activities/nagasaki-kz\""));
    }

    #[test]
    fn a_document_is_its_head_its_activities_and_its_tail() {
        let head = head(Some("2026-12-01T10:00:00Z"));
        assert!(head.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
        assert!(head.ends_with(
            "<iati-activities version=\"2.03\" generated-datetime=\"2026-12-01T10:00:00Z\">\n"
        ));
        assert_eq!(tail(), "</iati-activities>\n");
        assert!(is_japanese("長崎大学ニュース") && !is_japanese("Nagasaki University news"));
    }
}
