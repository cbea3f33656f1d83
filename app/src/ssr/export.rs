//! Exports of a search view: every activity the view matches, in the page's order, as CSV
//! (for spreadsheets, in the visitor's language) or JSON (both languages side by side).
//!
//! Rules: the ids come from the search engine that answers the page, never from a query of
//! their own; the CSV is UTF-8 with a byte-order mark (so Excel opens Japanese correctly),
//! quoted per RFC 4180, and a cell that a spreadsheet would read as a formula (`= + - @`,
//! tab, carriage return) starts with an apostrophe instead; lines end in CRLF. Records are
//! rendered in chunks ([`CHUNK`]), so a whole export is never held in memory twice.

use crate::filters::Filters;
use crate::i18n::{list_separator, Locale};
use crate::model::{format_range, ActivityCard, Figure, Localized, OrgKind, PartialDate, Source};
use crate::paths;
use serde_json::{json, Value};

/// How many activities are read and rendered at a time.
pub const CHUNK: usize = 500;

/// Everything an export row holds about one activity.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRecord {
    pub card: ActivityCard,
    /// What the activity is, in both languages (the card has only the title).
    pub summary: Localized,
    /// The kind of each organisation, in the card's organisation order (`None` if the
    /// stored kind is not one the vocabulary knows).
    pub org_kinds: Vec<Option<OrgKind>>,
    /// The DAC 5-digit purpose code of each field, in the card's field order.
    pub dac: Vec<i64>,
    pub figures: Vec<Figure>,
    pub sources: Vec<Source>,
    pub status_as_of: Option<PartialDate>,
    /// The day the record of the activity was last checked against its sources.
    pub last_updated: PartialDate,
}

/// The byte-order mark a CSV starts with.
pub const BOM: &str = "\u{feff}";

/// The CSV's columns, in order: their headings in each language.
const COLUMNS: &[(&str, &str)] = &[
    ("Slug", "スラッグ"),
    ("Permalink", "固定リンク"),
    ("Title (English)", "タイトル（英語）"),
    ("Title (Japanese)", "タイトル（日本語）"),
    ("Kind", "種類"),
    ("Status", "状況"),
    ("Status as of", "状況の時点"),
    ("Start", "開始"),
    ("End", "終了"),
    ("Countries", "国"),
    ("Country codes (ISO 3166-1)", "国コード（ISO 3166-1）"),
    ("Medical fields", "医療分野"),
    ("DAC purpose codes", "DAC目的コード"),
    ("Japanese organisations", "日本の機関"),
    ("Partner organisations", "相手側の機関"),
    ("Figures", "数値"),
    ("Sources", "出典"),
    ("Last updated", "最終更新"),
];

/// The heading line, with its CRLF.
pub fn csv_header(locale: Locale) -> String {
    line(COLUMNS.iter().map(|(en, ja)| match locale {
        Locale::En => en.to_string(),
        Locale::Ja => ja.to_string(),
    }))
}

/// One activity as a CSV line, with its CRLF. `base` is the site's public address.
pub fn csv_line(r: &ExportRecord, locale: Locale, base: &str) -> String {
    let l = locale;
    let c = &r.card;
    let sep = list_separator(l);
    let join = |items: Vec<String>| items.join(sep);
    let orgs = |japanese: bool| {
        join(
            c.organizations
                .iter()
                .filter(|o| (o.country.code == "JP") == japanese)
                .map(|o| format!("{} ({})", o.name.get(l), o.role.label(l)))
                .collect(),
        )
    };
    let date = |d: Option<PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
    line([
        c.slug.clone(),
        permalink(base, &c.slug, l),
        c.title.en.clone(),
        c.title.ja.clone(),
        c.kind.label(l).to_string(),
        c.status.label(l).to_string(),
        date(r.status_as_of),
        date(c.start),
        date(c.end),
        join(
            c.countries
                .iter()
                .map(|x| x.name.get(l).to_string())
                .collect(),
        ),
        c.countries
            .iter()
            .map(|x| x.code.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        join(c.fields.iter().map(|f| f.name.get(l).to_string()).collect()),
        r.dac
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        orgs(true),
        orgs(false),
        r.figures
            .iter()
            .map(|f| figure_text(f, l))
            .collect::<Vec<_>>()
            .join("; "),
        r.sources
            .iter()
            .map(|s| s.url.clone().unwrap_or_else(|| s.title.clone()))
            .collect::<Vec<_>>()
            .join(" "),
        r.last_updated.to_string(),
    ])
}

/// "Living donor liver transplants supported: 10 transplants (July 2012)".
pub fn figure_text(f: &Figure, l: Locale) -> String {
    let mut text = format!(
        "{}: {} {}",
        f.label.get(l),
        f.format_value(l),
        f.unit.get(l)
    );
    if let Some(p) = f.period {
        text.push_str(&format!(" ({})", p.format(l)));
    }
    text
}

/// The activity's page in `locale`, absolute.
fn permalink(base: &str, slug: &str, locale: Locale) -> String {
    format!("{base}{}", locale.href(&paths::activity(slug)))
}

/// Cells joined into one RFC 4180 line ending in CRLF.
pub fn line(cells: impl IntoIterator<Item = String>) -> String {
    let mut out = cells
        .into_iter()
        .map(|c| cell(&c))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// One cell: neutralised against formula injection, then quoted when it must be.
pub fn cell(text: &str) -> String {
    let safe = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

/// One activity as a JSON object: stable snake_case names, codes beside labels in both
/// languages. The API and the JSON export share it.
pub fn json_item(r: &ExportRecord, base: &str) -> Value {
    let c = &r.card;
    let both = |t: &Localized| json!({ "en": t.en, "ja": t.ja });
    let labelled = |code: &str, en: &str, ja: &str| json!({ "code": code, "en": en, "ja": ja });
    json!({
        "slug": c.slug,
        "permalink": { "en": permalink(base, &c.slug, Locale::En), "ja": permalink(base, &c.slug, Locale::Ja) },
        "title": both(&c.title),
        "summary": both(&r.summary),
        "kind": labelled(c.kind.slug(), c.kind.label(Locale::En), c.kind.label(Locale::Ja)),
        "status": labelled(c.status.slug(), c.status.label(Locale::En), c.status.label(Locale::Ja)),
        "status_as_of": r.status_as_of.map(|d| d.to_string()),
        "confirmation": labelled(c.confirmation.slug(), c.confirmation.label(Locale::En), c.confirmation.label(Locale::Ja)),
        "start": c.start.map(|d| d.to_string()),
        "end": c.end.map(|d| d.to_string()),
        "period": { "en": format_range(c.start, c.end, Locale::En), "ja": format_range(c.start, c.end, Locale::Ja) },
        "countries": c.countries.iter().map(|x| labelled(&x.code, &x.name.en, &x.name.ja)).collect::<Vec<_>>(),
        "area_note": c.area_note.as_ref().map(both),
        "fields": c.fields.iter().zip(&r.dac).map(|(f, dac)| json!({
            "slug": f.slug, "dac": dac, "en": f.name.en, "ja": f.name.ja,
        })).collect::<Vec<_>>(),
        "participants": c.organizations.iter().zip(&r.org_kinds).map(|(o, kind)| json!({
            "slug": o.slug,
            "name": both(&o.name),
            "kind": kind.map(|k| labelled(k.slug(), k.label(Locale::En), k.label(Locale::Ja))),
            "role": labelled(o.role.slug(), o.role.label(Locale::En), o.role.label(Locale::Ja)),
            "country": o.country.code,
            "japanese": o.country.code == "JP",
        })).collect::<Vec<_>>(),
        "figures": r.figures.iter().map(|f| json!({
            "label": both(&f.label),
            "value": f.value,
            "value_max": f.value_max,
            "qualifier": f.qualifier.map(|q| q.slug()),
            "unit": both(&f.unit),
            "period": f.period.map(|p| p.to_string()),
            "source": f.source,
            "text": { "en": figure_text(f, Locale::En), "ja": figure_text(f, Locale::Ja) },
        })).collect::<Vec<_>>(),
        "sources": r.sources.iter().map(|s| json!({
            "url": s.url,
            "title": s.title,
            "title_by_kakehashi": s.curator_title,
            "publisher": s.publisher,
            "published": s.published.map(|d| d.to_string()),
        })).collect::<Vec<_>>(),
        "last_updated": r.last_updated.to_string(),
    })
}

/// A file name that says what the view is: `kakehashi-activities-liver-KZ.csv`. Only
/// ASCII letters, digits and hyphens; at most about 100 characters before the extension.
pub fn filename(q: &str, filters: &Filters, extension: &str) -> String {
    filename_of("activities", q, filters, extension)
}

/// [`filename`] of a view of another kind (`matrix`: `kakehashi-matrix-visit.csv`).
pub fn filename_of(what: &str, q: &str, filters: &Filters, extension: &str) -> String {
    let mut parts = vec![format!("kakehashi-{what}")];
    let q = crate::model::slugify(q);
    if !q.is_empty() && q != "activity" {
        parts.push(q);
    }
    parts.extend(filters.countries.iter().cloned());
    parts.extend(filters.regions.iter().cloned());
    parts.extend(filters.fields.iter().cloned());
    parts.extend(filters.kinds.iter().map(|k| k.slug().to_string()));
    parts.extend(filters.orgs.iter().cloned());
    parts.extend(filters.statuses.iter().map(|s| s.slug().to_string()));
    match (filters.from, filters.to) {
        (Some(f), Some(t)) => parts.push(format!("{f}-{t}")),
        (Some(f), None) => parts.push(format!("from-{f}")),
        (None, Some(t)) => parts.push(format!("to-{t}")),
        (None, None) => {}
    }
    let mut name = String::new();
    for part in parts {
        let part: String = part
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if part.is_empty() || name.len() + part.len() > 100 {
            continue;
        }
        if !name.is_empty() {
            name.push('-');
        }
        name.push_str(&part);
    }
    format!("{name}.{extension}")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::*;

    /// One activity with a partner in Kazakhstan, a quoted title and a formula-like name.
    pub(crate) fn record() -> ExportRecord {
        let org = |slug: &str, en: &str, ja: &str, country: &str, role| OrgRef {
            slug: slug.into(),
            name: Localized::new(en, ja),
            country: CountryRef {
                code: country.into(),
                name: Localized::new(country, country),
            },
            role,
        };
        ExportRecord {
            summary: Localized::new("Surgeons trained in Almaty.", "アルマトイで外科医を指導。"),
            org_kinds: vec![Some(OrgKind::University), Some(OrgKind::Hospital)],
            card: ActivityCard {
                slug: "nagasaki-kz".into(),
                title: Localized::new("Transplants, \"live\" in Almaty", "アルマトイでの移植"),
                kind: ActivityKind::SurgicalTrainingAbroad,
                status: ActivityStatus::Completed,
                start: PartialDate::parse("2012-07").ok(),
                end: PartialDate::parse("2012-07").ok(),
                organizations: vec![
                    org(
                        "nagasaki-university",
                        "Nagasaki University",
                        "長崎大学",
                        "JP",
                        Role::Lead,
                    ),
                    org(
                        "almaty-hospital",
                        "=HYPERLINK(\"x\")",
                        "病院",
                        "KZ",
                        Role::Partner,
                    ),
                ],
                countries: vec![CountryRef {
                    code: "KZ".into(),
                    name: Localized::new("Kazakhstan", "カザフスタン"),
                }],
                fields: vec![FieldRef {
                    slug: "liver-transplantation".into(),
                    name: Localized::new("Liver transplantation", "肝移植"),
                }],
                area_note: None,
                key_figure: None,
                confirmation: Confirmation::NotConfirmed,
            },
            dac: vec![12191],
            figures: vec![Figure {
                label: Localized::new("Transplants supported", "支援した移植"),
                value: 10.0,
                value_max: None,
                qualifier: None,
                unit: Localized::new("transplants", "件"),
                period: Period::parse("2012-07").ok(),
                source: Some(1),
                people: None,
            }],
            sources: vec![Source {
                url: Some("https://example.org/news".into()),
                publisher: None,
                title: "News".into(),
                published: None,
                document: None,
                curator_title: false,
            }],
            status_as_of: None,
            last_updated: PartialDate::parse("2026-12-01").unwrap(),
        }
    }

    #[test]
    fn cells_are_quoted_per_rfc_4180_and_formulas_neutralised() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+81"), "'+81");
        assert_eq!(cell("-5"), "'-5");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("2012-07"), "2012-07");
    }

    #[test]
    fn a_line_holds_every_column_in_the_visitors_language() {
        let en = csv_line(&record(), Locale::En, "https://k.example");
        assert!(en.ends_with("\r\n"));
        assert!(
            en.starts_with("nagasaki-kz,https://k.example/activities/nagasaki-kz,"),
            "{en}"
        );
        assert!(
            en.contains("\"Transplants, \"\"live\"\" in Almaty\""),
            "{en}"
        );
        assert!(
            en.contains(",Surgical training abroad,Completed,,2012-07,2012-07,Kazakhstan,KZ,"),
            "{en}"
        );
        assert!(en.contains(",12191,Nagasaki University (Lead),"), "{en}");
        assert!(
            en.contains("'=HYPERLINK"),
            "the partner's name is neutralised: {en}"
        );
        assert!(
            en.contains("Transplants supported: 10 transplants (July 2012)"),
            "{en}"
        );
        let ja = csv_line(&record(), Locale::Ja, "https://k.example");
        assert!(ja.contains("https://k.example/ja/activities/nagasaki-kz"));
        assert!(ja.contains(",海外での手術指導,完了,"), "{ja}");
        assert!(
            ja.contains("カザフスタン") && ja.contains("長崎大学 (主導)"),
            "{ja}"
        );
        assert_eq!(
            csv_header(Locale::En).matches(',').count(),
            COLUMNS.len() - 1
        );
        assert!(csv_header(Locale::Ja).starts_with("スラッグ,固定リンク,"));
    }

    #[test]
    fn json_names_codes_beside_labels_in_both_languages() {
        let v = json_item(&record(), "https://k.example");
        assert_eq!(v["slug"], "nagasaki-kz");
        assert_eq!(v["kind"]["code"], "surgical-training-abroad");
        assert_eq!(v["kind"]["ja"], "海外での手術指導");
        assert_eq!(v["countries"][0]["code"], "KZ");
        assert_eq!(v["fields"][0]["dac"], 12191);
        assert_eq!(v["participants"][0]["japanese"], true);
        assert_eq!(
            v["figures"][0]["text"]["en"],
            "Transplants supported: 10 transplants (July 2012)"
        );
        assert_eq!(
            v["permalink"]["ja"],
            "https://k.example/ja/activities/nagasaki-kz"
        );
    }

    #[test]
    fn file_names_say_what_the_view_is() {
        let f = Filters::from_query("country=KZ&field=liver-transplantation&from=2010");
        assert_eq!(
            filename("Liver", &f, "csv"),
            "kakehashi-activities-liver-KZ-liver-transplantation-from-2010.csv"
        );
        assert_eq!(
            filename("", &Filters::default(), "json"),
            "kakehashi-activities.json"
        );
        assert_eq!(
            filename("肝移植", &Filters::default(), "csv"),
            "kakehashi-activities.csv"
        );
        let long = "x".repeat(300);
        assert!(filename(&long, &Filters::default(), "csv").len() < 120);
        assert_eq!(
            filename_of("matrix", "", &Filters::from_query("kind=visit"), "csv"),
            "kakehashi-matrix-visit.csv"
        );
    }
}
