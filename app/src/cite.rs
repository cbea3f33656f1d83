//! Citations of one published version of an activity record: a pasteable reference, the
//! CSL-JSON, RIS and BibTeX files reference managers import, and the `citation_*` meta tags
//! Google Scholar and Zotero read from a page.
//!
//! Rules:
//! - Pure: every function takes a [`Citation`] and returns text; no I/O, no clock, no
//!   database. The caller fills in the access date (usually today) and the absolute URL.
//! - Every format points at the *versioned* permalink (`…/activities/{slug}/v/{n}`) and
//!   carries the version number, its publication date and the reader's access date, so that
//!   a citation keeps meaning the text that was read even after the record changes.
//! - Organisations are corporate authors: literal names, never split into given/family.
//! - Each format gets the text in the reader's language ([`Lang`]), falling back to the other
//!   language when a name or title is missing in that one.
//! - Dates are `YYYY-MM-DD`; a date that does not parse as a real calendar date is left out
//!   of every format rather than written as garbage.
//! - Line-based formats (RIS, the plain reference, meta tags, BibTeX) never carry a line
//!   break inside a value; CSL-JSON keeps the data exactly, as JSON escapes it.

use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// The publisher of every citation, in English: the site itself.
pub const PUBLISHER_EN: &str = "Kakehashi";

/// The publisher of every citation, in Japanese.
pub const PUBLISHER_JA: &str = "架け橋 Kakehashi";

/// The language a citation is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// The BCP 47 code: `en` or `ja`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The site's name as publisher in this language.
    pub fn publisher(self) -> &'static str {
        match self {
            Lang::En => PUBLISHER_EN,
            Lang::Ja => PUBLISHER_JA,
        }
    }
}

/// An organisation credited as a corporate author, named in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub name_en: String,
    pub name_ja: String,
}

/// Everything needed to cite one published version of an activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The activity's title in English.
    pub title_en: String,
    /// The activity's title in Japanese.
    pub title_ja: String,
    /// The organisations behind the activity, in order.
    pub authors: Vec<Author>,
    /// The version number n of the cited version.
    pub revision: i64,
    /// The day the version was published, `YYYY-MM-DD`.
    pub published: String,
    /// The day the reader accessed it, `YYYY-MM-DD`.
    pub accessed: String,
    /// The absolute versioned permalink, `https://…/activities/{slug}/v/{n}`.
    pub url: String,
    /// The activity's slug, used for citation keys.
    pub slug: String,
    /// A summary in English, if there is one.
    pub abstract_en: Option<String>,
    /// A summary in Japanese, if there is one.
    pub abstract_ja: Option<String>,
}

/// A plain-text reference a reader can paste into a bibliography.
///
/// English: `Org A; Org B. "Title". Kakehashi, version 2, published 2026-11-22. URL
/// (accessed 2026-12-02).` Japanese: `組織A、組織B「題名」架け橋 Kakehashi、第2版、
/// 2026年11月22日公開。URL（2026年12月2日閲覧）`.
pub fn formatted(c: &Citation, lang: Lang) -> String {
    let authors: Vec<String> = author_names(c, lang).into_iter().map(one_line).collect();
    let title = one_line(title(c, lang));
    let url = one_line(&c.url);
    let published = date_parts(&c.published);
    let accessed = date_parts(&c.accessed);
    let n = c.revision;
    let mut out = String::new();
    match lang {
        Lang::En => {
            if !authors.is_empty() {
                out.push_str(&authors.join("; "));
                if !out.ends_with('.') {
                    out.push('.');
                }
                out.push(' ');
            }
            let _ = write!(out, "\"{title}\". {PUBLISHER_EN}, version {n}");
            if let Some(p) = published {
                let _ = write!(out, ", published {}", iso(p));
            }
            out.push('.');
            if !url.is_empty() {
                out.push(' ');
                out.push_str(&url);
                if let Some(a) = accessed {
                    let _ = write!(out, " (accessed {}).", iso(a));
                }
            } else if let Some(a) = accessed {
                let _ = write!(out, " Accessed {}.", iso(a));
            }
        }
        Lang::Ja => {
            out.push_str(&authors.join("、"));
            let _ = write!(out, "「{title}」{PUBLISHER_JA}、第{n}版");
            if let Some(p) = published {
                let _ = write!(out, "、{}公開", ja_date(p));
            }
            out.push('。');
            out.push_str(&url);
            if let Some(a) = accessed {
                let _ = write!(out, "（{}閲覧）", ja_date(a));
            }
        }
    }
    out
}

/// CSL-JSON: an array holding one `webpage` item, as citeproc, Zotero and Pandoc read it.
///
/// `<`, `>`, `&`, U+2028 and U+2029 are written as `\u` escapes, so the text can also be
/// put as-is inside an HTML `<script type="application/json">`.
pub fn csl_json(c: &Citation, lang: Lang) -> String {
    let item = CslItem {
        id: format!("kakehashi-{}-v{}", key_slug(&c.slug, '-'), c.revision),
        kind: "webpage",
        title: title(c, lang),
        author: author_names(c, lang)
            .into_iter()
            .map(|literal| CslName { literal })
            .collect(),
        container_title: lang.publisher(),
        publisher: lang.publisher(),
        version: c.revision.to_string(),
        issued: date_parts(&c.published).map(CslDate::new),
        accessed: date_parts(&c.accessed).map(CslDate::new),
        url: c.url.trim(),
        language: lang.code(),
        abstract_text: abstract_text(c, lang),
    };
    let json = serde_json::to_string_pretty(&[item]).unwrap_or_else(|_| String::from("[]"));
    // These characters only ever occur inside JSON strings, where `\uXXXX` means the same.
    let mut out = String::with_capacity(json.len());
    for ch in json.chars() {
        match ch {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(ch));
            }
            _ => out.push(ch),
        }
    }
    out
}

/// RIS (`TY  - ELEC` … `ER  - `), lines ended with CRLF, one `AU` per organisation.
pub fn ris(c: &Citation, lang: Lang) -> String {
    let published = date_parts(&c.published);
    let accessed = date_parts(&c.accessed);
    let mut out = String::new();
    let mut tag = |tag: &str, value: &str| {
        let value = one_line(value);
        if !value.is_empty() {
            let _ = write!(out, "{tag}  - {value}\r\n");
        }
    };
    tag("TY", "ELEC");
    tag("TI", title(c, lang));
    for name in author_names(c, lang) {
        tag("AU", name);
    }
    tag("PB", lang.publisher());
    if let Some(p) = published {
        tag("PY", &format!("{:04}", p[0]));
        tag("DA", &slashed(p));
    }
    if let Some(a) = accessed {
        tag("Y2", &slashed(a));
    }
    tag("ET", &edition(c.revision, lang));
    tag("UR", &c.url);
    tag("LA", lang.code());
    if let Some(text) = abstract_text(c, lang) {
        tag("AB", text);
    }
    tag(
        "ID",
        &format!("kakehashi-{}-v{}", key_slug(&c.slug, '-'), c.revision),
    );
    out.push_str("ER  - \r\n");
    out
}

/// A BibTeX `@misc` entry, usable with both BibTeX and biblatex.
///
/// Values are escaped for TeX (`bib_escape`); organisations are each wrapped in
/// braces so that BibTeX keeps them whole as corporate names. The key is ASCII:
/// `kakehashi_{slug}_v{n}`.
pub fn bibtex(c: &Citation, lang: Lang) -> String {
    let key = format!("kakehashi_{}_v{}", key_slug(&c.slug, '_'), c.revision);
    let published = date_parts(&c.published);
    let accessed = date_parts(&c.accessed);
    let url = bib_url(&c.url);
    let mut fields: Vec<(&str, String)> = vec![("title", bib_escape(title(c, lang)))];
    let authors: Vec<String> = author_names(c, lang)
        .into_iter()
        .map(|name| format!("{{{}}}", bib_escape(name)))
        .collect();
    if !authors.is_empty() {
        fields.push(("author", authors.join(" and ")));
    }
    if !url.is_empty() {
        fields.push(("howpublished", format!("\\url{{{url}}}")));
        fields.push(("url", url));
    }
    if let Some(p) = published {
        fields.push(("year", format!("{:04}", p[0])));
        fields.push(("month", p[1].to_string()));
    }
    let n = c.revision;
    let note = match lang {
        Lang::En => {
            let mut note = format!("Version {n}");
            if let Some(p) = published {
                let _ = write!(note, ", published {}", iso(p));
            }
            if let Some(a) = accessed {
                let _ = write!(note, ". Accessed {}", iso(a));
            }
            note
        }
        Lang::Ja => {
            let mut note = format!("第{n}版");
            if let Some(p) = published {
                let _ = write!(note, "、{}公開", iso(p));
            }
            if let Some(a) = accessed {
                let _ = write!(note, "、{}閲覧", iso(a));
            }
            note
        }
    };
    fields.push(("note", bib_escape(&note)));
    if let Some(a) = accessed {
        fields.push(("urldate", iso(a)));
    }
    fields.push(("publisher", bib_escape(lang.publisher())));
    fields.push(("version", n.to_string()));
    fields.push((
        "language",
        match lang {
            Lang::En => "english",
            Lang::Ja => "japanese",
        }
        .to_string(),
    ));
    if let Some(text) = abstract_text(c, lang) {
        fields.push(("abstract", bib_escape(text)));
    }
    let mut out = format!("@misc{{{key},\n");
    for (name, value) in fields {
        let _ = writeln!(out, "  {name} = {{{value}}},");
    }
    out.push_str("}\n");
    out
}

/// The `<meta name="citation_*" content="…">` pairs (Highwire Press tags) that Google Scholar
/// and Zotero read, in order; `citation_author` repeats once per organisation. The values
/// are plain text: the caller's HTML renderer escapes them as attributes.
pub fn highwire_meta(c: &Citation, lang: Lang) -> Vec<(&'static str, String)> {
    let mut meta = vec![("citation_title", one_line(title(c, lang)))];
    for name in author_names(c, lang) {
        meta.push(("citation_author", one_line(name)));
    }
    if let Some(p) = date_parts(&c.published) {
        meta.push(("citation_publication_date", slashed(p)));
        meta.push(("citation_date", slashed(p)));
    }
    meta.push(("citation_publisher", lang.publisher().to_string()));
    meta.push(("citation_public_url", one_line(&c.url)));
    meta.push(("citation_language", lang.code().to_string()));
    if let Some(text) = abstract_text(c, lang) {
        meta.push(("citation_abstract", one_line(text)));
    }
    meta.retain(|(_, value)| !value.is_empty());
    meta
}

/// `[year, month, day]` of a `YYYY-MM-DD` date (surrounding spaces allowed), or `None` when
/// the text is not exactly that form or not a real calendar date (month 1–12, day within the
/// month, leap years counted).
fn date_parts(s: &str) -> Option<[i32; 3]> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i32> {
        let digits = s.get(range)?;
        if digits.bytes().all(|d| d.is_ascii_digit()) {
            digits.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year >= 1 && (1..=days).contains(&day)).then_some([year, month, day])
}

/// The title in `lang`, or in the other language when it is empty there.
fn title(c: &Citation, lang: Lang) -> &str {
    localized(&c.title_en, &c.title_ja, lang)
}

/// The organisations' names in `lang` (each falling back to the other language); an
/// organisation with no name in either is left out.
fn author_names(c: &Citation, lang: Lang) -> Vec<&str> {
    c.authors
        .iter()
        .map(|a| localized(&a.name_en, &a.name_ja, lang))
        .filter(|name| !name.is_empty())
        .collect()
}

/// The abstract in `lang`, else in the other language; `None` when both are absent or blank.
fn abstract_text(c: &Citation, lang: Lang) -> Option<&str> {
    let text = localized(
        c.abstract_en.as_deref().unwrap_or(""),
        c.abstract_ja.as_deref().unwrap_or(""),
        lang,
    );
    (!text.is_empty()).then_some(text)
}

/// The trimmed text in `lang`, or the other language's when that one is blank.
fn localized<'a>(en: &'a str, ja: &'a str, lang: Lang) -> &'a str {
    let (first, second) = match lang {
        Lang::En => (en.trim(), ja.trim()),
        Lang::Ja => (ja.trim(), en.trim()),
    };
    if first.is_empty() {
        second
    } else {
        first
    }
}

/// The text on one line: every run of line breaks (with the spaces around it) becomes one
/// space, and the ends are trimmed.
fn one_line(s: &str) -> String {
    let is_break = |ch: char| {
        matches!(
            ch,
            '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    };
    s.split(is_break)
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The slug for a citation key: lowercase ASCII letters and digits, any other run of
/// characters replaced by one `sep`; `activity` if nothing is left.
fn key_slug(slug: &str, sep: char) -> String {
    let mut out = String::new();
    for ch in slug.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with(sep) {
            out.push(sep);
        }
    }
    while out.ends_with(sep) {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("activity");
    }
    out
}

/// The edition statement: `version 2` / `第2版`.
fn edition(n: i64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("version {n}"),
        Lang::Ja => format!("第{n}版"),
    }
}

/// `YYYY-MM-DD`.
fn iso([y, m, d]: [i32; 3]) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY/MM/DD`, as RIS and the Highwire tags write dates.
fn slashed([y, m, d]: [i32; 3]) -> String {
    format!("{y:04}/{m:02}/{d:02}")
}

/// `2026年12月2日`.
fn ja_date([y, m, d]: [i32; 3]) -> String {
    format!("{y}年{m}月{d}日")
}

/// Text for a braced BibTeX value, on one line, with TeX's special characters escaped.
///
/// `& % $ # _` get a backslash; `\ ~ ^` and the braces become text commands
/// (`\textbackslash{}`, `\textasciitilde{}`, `\textasciicircum{}`, `\textbraceleft{}`,
/// `\textbraceright{}`). Braces are not written as `\{`: BibTeX counts braces without
/// regard to backslashes, so a lone `\{` would unbalance the entry. The output therefore
/// only contains balanced `{}` pairs.
fn bib_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in one_line(s).chars() {
        match ch {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
    }
    out
}

/// The URL for BibTeX's `url` field and `\url{…}`, both of which read it verbatim.
///
/// A backslash escape would end up inside the link, so instead every character outside
/// RFC 3986's URI characters — braces, backslash, spaces, controls, non-ASCII — is
/// percent-encoded (as UTF-8). `%` (already an encoding) and `#` stay as they are: verbatim
/// readers take them literally, and BibTeX gives them no meaning inside braces.
fn bib_url(url: &str) -> String {
    let mut out = String::new();
    for ch in url.trim().chars() {
        let allowed = ch.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(ch);
        if allowed {
            out.push(ch);
        } else {
            let mut buf = [0u8; 4];
            for byte in ch.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

#[derive(Serialize)]
struct CslItem<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<CslName<'a>>,
    #[serde(rename = "container-title")]
    container_title: &'static str,
    publisher: &'static str,
    version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<CslDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accessed: Option<CslDate>,
    #[serde(rename = "URL")]
    url: &'a str,
    language: &'static str,
    #[serde(rename = "abstract", skip_serializing_if = "Option::is_none")]
    abstract_text: Option<&'a str>,
}

#[derive(Serialize)]
struct CslName<'a> {
    literal: &'a str,
}

#[derive(Serialize)]
struct CslDate {
    #[serde(rename = "date-parts")]
    date_parts: [[i32; 3]; 1],
}

impl CslDate {
    fn new(parts: [i32; 3]) -> Self {
        CslDate {
            date_parts: [parts],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::collections::HashMap;

    const URL: &str = "https://kakehashi.example/activities/mongolia-liver-transplant/v/2";

    fn sample() -> Citation {
        Citation {
            title_en: "Living-donor liver transplant programme".into(),
            title_ja: "生体肝移植プログラム".into(),
            authors: vec![
                Author {
                    name_en: "Hokkaido University".into(),
                    name_ja: "北海道大学".into(),
                },
                Author {
                    name_en: "Mongolian Cancer Center".into(),
                    name_ja: "モンゴル国立がんセンター".into(),
                },
            ],
            revision: 2,
            published: "2026-11-22".into(),
            accessed: "2026-12-02".into(),
            url: URL.into(),
            slug: "mongolia-liver-transplant".into(),
            abstract_en: Some("Training surgeons in Ulaanbaatar.".into()),
            abstract_ja: None,
        }
    }

    // ---- CSL-JSON ----

    const CSL_TYPES: &[&str] = &[
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "bill",
        "book",
        "broadcast",
        "chapter",
        "classic",
        "collection",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "event",
        "figure",
        "graphic",
        "hearing",
        "interview",
        "legal_case",
        "legislation",
        "manuscript",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
        "paper-conference",
        "patent",
        "performance",
        "periodical",
        "personal_communication",
        "post",
        "post-weblog",
        "regulation",
        "report",
        "review",
        "review-book",
        "software",
        "song",
        "speech",
        "standard",
        "thesis",
        "treaty",
        "webpage",
    ];

    fn csl_item(c: &Citation, lang: Lang) -> serde_json::Map<String, Value> {
        let parsed: Value = serde_json::from_str(&csl_json(c, lang)).expect("valid JSON");
        let items = parsed.as_array().expect("a JSON array");
        assert_eq!(items.len(), 1, "exactly one item");
        items[0].as_object().expect("an object").clone()
    }

    #[test]
    fn csl_json_is_one_valid_webpage_item() {
        let item = csl_item(&sample(), Lang::En);
        assert_eq!(item["id"], "kakehashi-mongolia-liver-transplant-v2");
        let kind = item["type"].as_str().expect("type is a string");
        assert!(CSL_TYPES.contains(&kind), "{kind} is not a CSL type");
        assert_eq!(item["title"], "Living-donor liver transplant programme");
        let authors = item["author"].as_array().expect("author array");
        let literals: Vec<&str> = authors
            .iter()
            .map(|a| a["literal"].as_str().expect("literal name"))
            .collect();
        assert_eq!(literals, ["Hokkaido University", "Mongolian Cancer Center"]);
        assert_eq!(
            item["issued"]["date-parts"],
            serde_json::json!([[2026, 11, 22]])
        );
        assert!(item["issued"]["date-parts"][0][0].is_i64());
        assert_eq!(
            item["accessed"]["date-parts"],
            serde_json::json!([[2026, 12, 2]])
        );
        assert!(item["URL"].as_str().expect("URL").ends_with("/v/2"));
        assert_eq!(item["version"], "2");
        assert_eq!(item["container-title"], PUBLISHER_EN);
        assert_eq!(item["publisher"], PUBLISHER_EN);
        assert_eq!(item["language"], "en");
        assert_eq!(item["abstract"], "Training surgeons in Ulaanbaatar.");
    }

    #[test]
    fn csl_json_japanese_falls_back_per_field() {
        let mut c = sample();
        c.authors[1].name_ja = String::new();
        let item = csl_item(&c, Lang::Ja);
        assert_eq!(item["title"], "生体肝移植プログラム");
        assert_eq!(item["author"][0]["literal"], "北海道大学");
        assert_eq!(item["author"][1]["literal"], "Mongolian Cancer Center");
        assert_eq!(item["publisher"], PUBLISHER_JA);
        assert_eq!(item["language"], "ja");
        // The abstract exists only in English: used as the fallback.
        assert_eq!(item["abstract"], "Training surgeons in Ulaanbaatar.");
    }

    #[test]
    fn csl_json_round_trips_quotes_and_script_tags() {
        let mut c = sample();
        c.title_en = "He said \"hi\" </script><script>alert(1)</script> & \\ done".into();
        let json = csl_json(&c, Lang::En);
        assert!(
            !json.contains(['<', '>', '&']),
            "raw HTML characters in {json}"
        );
        let item = csl_item(&c, Lang::En);
        assert_eq!(item["title"].as_str(), Some(c.title_en.as_str()));
    }

    #[test]
    fn csl_json_leaves_out_bad_dates_and_absent_abstract() {
        let mut c = sample();
        c.published = "22/11/2026".into();
        c.accessed = String::new();
        c.abstract_en = None;
        let item = csl_item(&c, Lang::En);
        assert!(!item.contains_key("issued"));
        assert!(!item.contains_key("accessed"));
        assert!(!item.contains_key("abstract"));
    }

    // ---- RIS ----

    /// Splits RIS into (tag, value) pairs, checking the line form on the way.
    fn parse_ris(text: &str) -> Vec<(String, String)> {
        assert!(text.ends_with("\r\n"), "last line ends with CRLF");
        let body = &text[..text.len() - 2];
        body.split("\r\n")
            .map(|line| {
                assert!(!line.contains(['\r', '\n']), "stray line break in {line:?}");
                let b = line.as_bytes();
                let well_formed = b.len() >= 6
                    && b[0].is_ascii_uppercase()
                    && (b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
                    && &b[2..6] == b"  - ";
                assert!(well_formed, "bad RIS line {line:?}");
                (line[..2].to_string(), line[6..].to_string())
            })
            .collect()
    }

    fn ris_map(pairs: &[(String, String)]) -> HashMap<String, Vec<String>> {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (tag, value) in pairs {
            map.entry(tag.clone()).or_default().push(value.clone());
        }
        map
    }

    #[test]
    fn ris_has_the_standard_shape_and_values() {
        let c = sample();
        let pairs = parse_ris(&ris(&c, Lang::En));
        assert_eq!(pairs[0], ("TY".into(), "ELEC".into()));
        assert_eq!(pairs.last(), Some(&("ER".into(), String::new())));
        let map = ris_map(&pairs);
        assert_eq!(map["AU"].len(), c.authors.len());
        assert_eq!(
            map["AU"],
            ["Hokkaido University", "Mongolian Cancer Center"]
        );
        assert_eq!(map["TI"], ["Living-donor liver transplant programme"]);
        assert_eq!(map["UR"], [URL]);
        assert_eq!(map["DA"], ["2026/11/22"]);
        assert_eq!(map["PY"], ["2026"]);
        assert_eq!(map["Y2"], ["2026/12/02"]);
        assert_eq!(map["ET"], ["version 2"]);
        assert_eq!(map["PB"], [PUBLISHER_EN]);
        assert_eq!(map["LA"], ["en"]);
        assert_eq!(map["AB"], ["Training surgeons in Ulaanbaatar."]);
        assert_eq!(map["ID"], ["kakehashi-mongolia-liver-transplant-v2"]);
        assert!(ris(&c, Lang::En).ends_with("\r\nER  - \r\n"));
    }

    #[test]
    fn ris_keeps_values_on_one_line() {
        let mut c = sample();
        c.title_ja = "生体肝移植\r\nプログラム\n第二期".into();
        c.abstract_ja = Some("一行目\n\n二行目".into());
        c.authors.truncate(1);
        let pairs = parse_ris(&ris(&c, Lang::Ja));
        let map = ris_map(&pairs);
        assert_eq!(map["TI"], ["生体肝移植 プログラム 第二期"]);
        assert_eq!(map["AB"], ["一行目 二行目"]);
        assert_eq!(map["AU"], ["北海道大学"]);
        assert_eq!(map["ET"], ["第2版"]);
        assert_eq!(map["LA"], ["ja"]);
    }

    // ---- BibTeX ----

    /// A BibTeX entry as read back: type, key and fields with their raw (escaped) values.
    struct Entry {
        kind: String,
        key: String,
        fields: Vec<(String, String)>,
    }

    impl Entry {
        fn get(&self, name: &str) -> &str {
            self.fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .unwrap_or_else(|| panic!("no field {name}"))
        }
    }

    /// Reads `@type{key,` then `name = {value},` pairs, counting braces as BibTeX does
    /// (a backslash does not protect a brace), then the closing `}`.
    fn parse_bibtex(text: &str) -> Result<Entry, String> {
        let rest = text.trim_start();
        let rest = rest.strip_prefix('@').ok_or("no @")?;
        let open = rest.find('{').ok_or("no {")?;
        let kind = rest[..open].to_string();
        let rest = &rest[open + 1..];
        let comma = rest.find(',').ok_or("no comma after key")?;
        let key = rest[..comma].trim().to_string();
        let mut rest = &rest[comma + 1..];
        let mut fields = Vec::new();
        loop {
            rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix('}') {
                if !after.trim().is_empty() {
                    return Err(format!("text after entry: {after:?}"));
                }
                return Ok(Entry { kind, key, fields });
            }
            let eq = rest.find('=').ok_or("no =")?;
            let name = rest[..eq].trim().to_string();
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(format!("bad field name {name:?}"));
            }
            rest = rest[eq + 1..].trim_start();
            rest = rest.strip_prefix('{').ok_or("value not braced")?;
            let mut depth = 1;
            let mut end = None;
            for (i, ch) in rest.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let end = end.ok_or("unbalanced braces")?;
            fields.push((name, rest[..end].to_string()));
            rest = rest[end + 1..].trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest);
        }
    }

    /// Undoes `bib_escape`, failing on any special character left unescaped.
    fn unescape(value: &str) -> Result<String, String> {
        const ESCAPES: &[(&str, char)] = &[
            ("\\textbackslash{}", '\\'),
            ("\\textbraceleft{}", '{'),
            ("\\textbraceright{}", '}'),
            ("\\textasciitilde{}", '~'),
            ("\\textasciicircum{}", '^'),
            ("\\&", '&'),
            ("\\%", '%'),
            ("\\$", '$'),
            ("\\#", '#'),
            ("\\_", '_'),
        ];
        let mut out = String::new();
        let mut rest = value;
        while let Some(ch) = rest.chars().next() {
            if ch == '\\' {
                let (seq, plain) = ESCAPES
                    .iter()
                    .find(|(seq, _)| rest.starts_with(seq))
                    .ok_or_else(|| format!("unknown escape at {rest:?}"))?;
                out.push(*plain);
                rest = &rest[seq.len()..];
            } else if "{}&%$#_~^".contains(ch) {
                return Err(format!("unescaped {ch:?} in {value:?}"));
            } else {
                out.push(ch);
                rest = &rest[ch.len_utf8()..];
            }
        }
        Ok(out)
    }

    fn braces_balance(text: &str) -> bool {
        let mut depth = 0i32;
        for ch in text.chars() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth < 0 {
                return false;
            }
        }
        depth == 0
    }

    #[test]
    fn bibtex_parses_with_an_ascii_key_and_the_fields() {
        let text = bibtex(&sample(), Lang::En);
        assert!(braces_balance(&text));
        let entry = parse_bibtex(&text).expect("parses");
        assert_eq!(entry.kind, "misc");
        assert_eq!(entry.key, "kakehashi_mongolia_liver_transplant_v2");
        assert!(entry
            .key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
        assert_eq!(
            entry.get("author"),
            "{Hokkaido University} and {Mongolian Cancer Center}"
        );
        assert_eq!(entry.get("howpublished"), format!("\\url{{{URL}}}"));
        assert_eq!(entry.get("url"), URL);
        assert_eq!(entry.get("year"), "2026");
        assert_eq!(entry.get("month"), "11");
        assert_eq!(
            entry.get("note"),
            "Version 2, published 2026-11-22. Accessed 2026-12-02"
        );
        assert_eq!(entry.get("urldate"), "2026-12-02");
        assert_eq!(entry.get("publisher"), "Kakehashi");
        assert_eq!(entry.get("version"), "2");
        assert_eq!(entry.get("language"), "english");
    }

    #[test]
    fn bibtex_escapes_every_special_character() {
        let mut c = sample();
        c.title_en = r"R&D 100% {open} a_b #1 $5 ~x^2 C:\path }{ end".into();
        c.authors[0].name_en = "Smith & {Sons} Ltd_".into();
        let text = bibtex(&c, Lang::En);
        assert!(braces_balance(&text), "unbalanced: {text}");
        let entry = parse_bibtex(&text).expect("parses");
        assert_eq!(unescape(entry.get("title")), Ok(c.title_en.clone()));
        let author = entry.get("author");
        let names: Vec<&str> = author.split(" and ").collect();
        assert_eq!(names.len(), 2);
        for name in &names {
            assert!(name.starts_with('{') && name.ends_with('}'), "{name}");
        }
        let first = &names[0][1..names[0].len() - 1];
        assert_eq!(unescape(first), Ok(c.authors[0].name_en.clone()));
        assert_eq!(
            unescape(entry.get("note")).as_deref(),
            Ok("Version 2, published 2026-11-22. Accessed 2026-12-02")
        );
    }

    #[test]
    fn bibtex_url_is_encoded_not_backslashed() {
        let mut c = sample();
        c.url = "https://kakehashi.example/a/{x}\\y z/v/2?q=%20#top".into();
        let entry = parse_bibtex(&bibtex(&c, Lang::En)).expect("parses");
        assert_eq!(
            entry.get("url"),
            "https://kakehashi.example/a/%7Bx%7D%5Cy%20z/v/2?q=%20#top"
        );
    }

    #[test]
    fn bibtex_japanese_note_and_names() {
        let text = bibtex(&sample(), Lang::Ja);
        let entry = parse_bibtex(&text).expect("parses");
        assert_eq!(entry.get("title"), "生体肝移植プログラム");
        assert_eq!(
            entry.get("author"),
            "{北海道大学} and {モンゴル国立がんセンター}"
        );
        assert_eq!(entry.get("note"), "第2版、2026-11-22公開、2026-12-02閲覧");
        assert_eq!(entry.get("publisher"), PUBLISHER_JA);
        assert_eq!(entry.get("language"), "japanese");
    }

    #[test]
    fn bibtex_key_is_ascii_even_for_odd_slugs() {
        let mut c = sample();
        c.slug = "Ünï--code slug!".into();
        let entry = parse_bibtex(&bibtex(&c, Lang::En)).expect("parses");
        assert_eq!(entry.key, "kakehashi_n_code_slug_v2");
    }

    // ---- formatted ----

    #[test]
    fn formatted_english() {
        assert_eq!(
            formatted(&sample(), Lang::En),
            format!(
                "Hokkaido University; Mongolian Cancer Center. \
                 \"Living-donor liver transplant programme\". Kakehashi, version 2, \
                 published 2026-11-22. {URL} (accessed 2026-12-02)."
            )
        );
    }

    #[test]
    fn formatted_japanese() {
        assert_eq!(
            formatted(&sample(), Lang::Ja),
            format!(
                "北海道大学、モンゴル国立がんセンター「生体肝移植プログラム」\
                 架け橋 Kakehashi、第2版、2026年11月22日公開。{URL}（2026年12月2日閲覧）"
            )
        );
    }

    #[test]
    fn formatted_falls_back_and_skips_bad_dates() {
        let mut c = sample();
        c.title_ja = String::new();
        c.published = "soon".into();
        c.authors.truncate(1);
        assert_eq!(
            formatted(&c, Lang::Ja),
            format!(
                "北海道大学「Living-donor liver transplant programme」\
                 架け橋 Kakehashi、第2版。{URL}（2026年12月2日閲覧）"
            )
        );
    }

    // ---- Highwire meta ----

    #[test]
    fn highwire_meta_tags() {
        let meta = highwire_meta(&sample(), Lang::En);
        let names: Vec<&str> = meta.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "citation_title",
                "citation_author",
                "citation_author",
                "citation_publication_date",
                "citation_date",
                "citation_publisher",
                "citation_public_url",
                "citation_language",
                "citation_abstract",
            ]
        );
        let value = |n: &str| {
            meta.iter()
                .find(|(name, _)| *name == n)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(value("citation_publication_date"), Some("2026/11/22"));
        assert_eq!(value("citation_public_url"), Some(URL));
        assert_eq!(value("citation_language"), Some("en"));
    }

    // ---- dates ----

    #[test]
    fn date_parts_validates() {
        assert_eq!(date_parts("2026-11-22"), Some([2026, 11, 22]));
        assert_eq!(date_parts(" 2024-02-29 "), Some([2024, 2, 29]));
        assert_eq!(date_parts("2026-13-01"), None);
        assert_eq!(date_parts("2026-00-10"), None);
        assert_eq!(date_parts("2026-04-31"), None);
        assert_eq!(date_parts("2026-02-30"), None);
        assert_eq!(date_parts("2026-02-29"), None);
        assert_eq!(date_parts("2026-1-22"), None);
        assert_eq!(date_parts("+026-11-22"), None);
        assert_eq!(date_parts("2026-11-22T10:00"), None);
        assert_eq!(date_parts("abc"), None);
        assert_eq!(date_parts(""), None);
    }
}
