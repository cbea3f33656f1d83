//! The curated seed record in `data/`: reading, checking and loading it.
//!
//! Rules: a file either loads whole or the loader refuses it with a [`SeedError`] that names
//! the file and the field, so a reviewer can fix the record without reading this code. The
//! record is loaded only into an empty database, in one transaction: starting twice changes
//! nothing, and a failed load leaves nothing behind.

use super::record::NotesOf;
use crate::model::provenance::{
    status_conflict, CuratorNote, NoteSubject, RecordNote, Stated, UnknownSubject,
};
use crate::model::{
    is_slug, ActivityKind, ActivityStatus, Figure, Headcount, Localized, OrgKind, PartialDate,
    PartialDateError, Period, Qualifier, Role, Source,
};
use crate::ssr::db::Pool;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Why the seed record could not be read: the file, the field (when one is at fault) and
/// what is wrong with it.
#[derive(Debug)]
pub struct SeedError {
    pub file: PathBuf,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(
                f,
                "{}: field `{field}`: {}",
                self.file.display(),
                self.message
            ),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for SeedError {}

/// The country list and regions of `generated/world-map.json` (its shapes are the map's
/// business, in `ssr::geo`; here only names and regions).
#[derive(Debug, Deserialize)]
struct WorldFile {
    regions: Vec<RegionEntry>,
    countries: Vec<CountryEntry>,
}

#[derive(Debug, Deserialize)]
pub struct RegionEntry {
    pub slug: String,
    pub name_en: String,
    pub name_ja: String,
}

#[derive(Debug, Deserialize)]
pub struct CountryEntry {
    #[serde(rename = "alpha2")]
    pub code: String,
    pub alpha3: String,
    pub name_en: String,
    pub name_ja: String,
    pub region: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldsFile {
    field: Vec<FieldEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldEntry {
    pub slug: String,
    pub name_en: String,
    pub name_ja: String,
    pub dac: u32,
}

/// One `organizations/{slug}.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationFile {
    pub slug: String,
    pub name_en: String,
    pub name_ja: String,
    pub kind: OrgKind,
    pub country: String,
    pub city: Option<String>,
    pub website: Option<String>,
    pub ror: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub profile_en: String,
    pub profile_ja: String,
    #[serde(default)]
    pub notes: Vec<NoteEntry>,
}

impl OrganizationFile {
    /// Its notes as the record holds them. Call after [`read_dir`] has checked them.
    pub fn to_notes(&self) -> Vec<RecordNote> {
        self.notes
            .iter()
            .filter_map(|n| n.to_note(NoteSubject::parse_for_organization))
            .collect()
    }
}

/// One `[[notes]]` table of an activity or an organisation: the source's own words about
/// one value, the curator's note with its basis, or both.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteEntry {
    pub about: String,
    pub stated: Option<String>,
    /// An activity's: which of its `[[sources]]` (1-based) holds `stated`.
    pub source: Option<u32>,
    /// An organisation's: the seed document `stated` is in.
    pub document: Option<String>,
    /// An organisation's: the cited page `stated` is on.
    pub url: Option<String>,
    pub note_en: Option<String>,
    pub note_ja: Option<String>,
    pub basis_en: Option<String>,
    pub basis_ja: Option<String>,
}

impl NoteEntry {
    fn to_note(
        &self,
        parse: fn(&str) -> Result<NoteSubject, UnknownSubject>,
    ) -> Option<RecordNote> {
        let stated = self.stated.as_ref().map(|text| Stated {
            text: text.clone(),
            source: self.source,
            url: self.url.clone(),
            document: self.document.clone(),
        });
        let curator = match (&self.note_en, &self.note_ja, &self.basis_en, &self.basis_ja) {
            (Some(en), Some(ja), Some(basis_en), Some(basis_ja)) => Some(CuratorNote {
                text: Localized::new(en, ja),
                basis: Localized::new(basis_en, basis_ja),
            }),
            _ => None,
        };
        Some(RecordNote {
            about: parse(&self.about).ok()?,
            stated,
            curator,
        })
    }
}

/// One `activities/{slug}.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityFile {
    pub slug: String,
    pub title_en: String,
    pub title_ja: String,
    pub summary_en: String,
    pub summary_ja: String,
    pub kind: ActivityKind,
    pub status: ActivityStatus,
    /// When the status was true; defaults to the latest source's `published`.
    pub status_as_of: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub fields: Vec<String>,
    pub countries: Vec<String>,
    pub area_note_en: Option<String>,
    pub area_note_ja: Option<String>,
    pub last_updated: String,
    pub participants: Vec<ParticipantEntry>,
    #[serde(default)]
    pub figures: Vec<FigureEntry>,
    pub sources: Vec<SourceEntry>,
    #[serde(default)]
    pub notes: Vec<NoteEntry>,
}

impl ActivityFile {
    /// The activity as the write path takes it. Call after [`read_dir`] has checked it: a
    /// date that does not parse here was refused there.
    pub fn to_valid(&self) -> crate::forms::ValidActivity {
        let date = |d: &Option<String>| d.as_deref().and_then(|d| PartialDate::parse(d).ok());
        crate::forms::ValidActivity {
            title: Localized::new(&self.title_en, &self.title_ja),
            summary: Localized::new(&self.summary_en, &self.summary_ja),
            kind: self.kind,
            status: self.status,
            status_as_of: self.status_as_of(),
            start: date(&self.start),
            end: date(&self.end),
            area_note: match (&self.area_note_en, &self.area_note_ja) {
                (None, None) => None,
                (en, ja) => Some(Localized::new(
                    en.clone().unwrap_or_default(),
                    ja.clone().unwrap_or_default(),
                )),
            },
            fields: self.fields.clone(),
            countries: self.countries.clone(),
            participants: self
                .participants
                .iter()
                .map(|p| (p.org.clone(), p.role))
                .collect(),
            new_organization: None,
            figures: self
                .figures
                .iter()
                .map(|f| Figure {
                    label: Localized::new(&f.label_en, &f.label_ja),
                    value: f.value,
                    value_max: f.value_max,
                    qualifier: f.qualifier,
                    unit: Localized::new(&f.unit_en, &f.unit_ja),
                    period: f.period.as_deref().and_then(|p| Period::parse(p).ok()),
                    source: f.source,
                    people: f.people,
                })
                .collect(),
            sources: self
                .sources
                .iter()
                .map(|s| Source {
                    url: s.url.clone(),
                    publisher: s.publisher.clone(),
                    title: s.title.clone(),
                    published: date(&s.published),
                    document: s.document.clone(),
                    curator_title: s.curator_title,
                })
                .collect(),
        }
    }

    /// When the status was true: `status_as_of`, else the latest `published` of its
    /// sources, else unknown.
    pub fn status_as_of(&self) -> Option<PartialDate> {
        let given = self
            .status_as_of
            .as_deref()
            .and_then(|d| PartialDate::parse(d).ok());
        given.or_else(|| {
            self.sources
                .iter()
                .filter_map(|s| s.published.as_deref())
                .filter_map(|d| PartialDate::parse(d).ok())
                .max_by_key(|d| d.last_day())
        })
    }

    /// Its notes as the record holds them. Call after [`read_dir`] has checked them.
    pub fn to_notes(&self) -> Vec<RecordNote> {
        self.notes
            .iter()
            .filter_map(|n| n.to_note(NoteSubject::parse_for_activity))
            .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantEntry {
    pub org: String,
    pub role: Role,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureEntry {
    pub label_en: String,
    pub label_ja: String,
    pub value: f64,
    pub value_max: Option<f64>,
    pub qualifier: Option<Qualifier>,
    pub unit_en: String,
    pub unit_ja: String,
    pub period: Option<String>,
    pub source: Option<u32>,
    /// Whether the figure counts people who took part, and whom (`countries`, `unplaced`).
    pub people: Option<Headcount>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub title: String,
    pub published: Option<String>,
    pub document: Option<String>,
    /// The title was written by Kakehashi's curator, not taken from the document.
    #[serde(default)]
    pub curator_title: bool,
}

/// The whole seed record, read and checked.
#[derive(Debug)]
pub struct SeedRecord {
    pub regions: Vec<RegionEntry>,
    pub countries: Vec<CountryEntry>,
    pub fields: Vec<FieldEntry>,
    pub organizations: Vec<OrganizationFile>,
    pub activities: Vec<ActivityFile>,
    /// What loads but a curator should look at: organisations no activity references.
    pub warnings: Vec<SeedError>,
}

/// Reads and checks every file of the seed record below `dir`.
pub fn read_dir(dir: &Path) -> Result<SeedRecord, SeedError> {
    let world_path = dir.join(WORLD_FILE);
    let world_text = std::fs::read_to_string(&world_path).map_err(|e| SeedError {
        file: world_path.clone(),
        field: None,
        message: format!("cannot be read: {e}"),
    })?;
    let countries: WorldFile = serde_json::from_str(&world_text).map_err(|e| SeedError {
        file: world_path.clone(),
        field: None,
        message: e.to_string(),
    })?;
    let fields: FieldsFile = parse_file(&dir.join("fields.toml"))?;
    let organizations = parse_folder::<OrganizationFile>(&dir.join("organizations"))?;
    let activities = parse_folder::<ActivityFile>(&dir.join("activities"))?;
    let record = SeedRecord {
        regions: countries.regions,
        countries: countries.countries,
        fields: fields.field,
        // Filled in by `check`: until then each file keeps its path, for the messages.
        organizations: Vec::new(),
        activities: Vec::new(),
        warnings: Vec::new(),
    };
    check(record, dir, organizations, activities)
}

/// The country list (names in both languages, regions), generated with the map outlines.
pub const WORLD_FILE: &str = "generated/world-map.json";

/// Parses one TOML file, naming it in any error.
fn parse_file<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, SeedError> {
    let text = std::fs::read_to_string(path).map_err(|e| SeedError {
        file: path.to_path_buf(),
        field: None,
        message: format!("cannot be read: {e}"),
    })?;
    parse_str(path, &text)
}

/// Parses TOML text that came from `path`.
pub fn parse_str<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, SeedError> {
    toml::from_str(text).map_err(|e| SeedError {
        file: path.to_path_buf(),
        field: field_in_toml_error(e.message()),
        message: e.to_string().trim().replace('\n', " "),
    })
}

/// The field a serde message names (`missing field `x``, `unknown field `x``), if any.
fn field_in_toml_error(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    let name = &message[start..start + len];
    (message.starts_with("missing field") || message.starts_with("unknown field"))
        .then(|| name.to_string())
}

/// Every `*.toml` file in a folder, in name order.
fn parse_folder<T: serde::de::DeserializeOwned>(
    dir: &Path,
) -> Result<Vec<(PathBuf, T)>, SeedError> {
    let entries = std::fs::read_dir(dir).map_err(|e| SeedError {
        file: dir.to_path_buf(),
        field: None,
        message: format!("cannot be read: {e}"),
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| parse_file(&p).map(|t| (p, t)))
        .collect()
}

fn check(
    mut record: SeedRecord,
    dir: &Path,
    organizations: Vec<(PathBuf, OrganizationFile)>,
    activities: Vec<(PathBuf, ActivityFile)>,
) -> Result<SeedRecord, SeedError> {
    let countries_path = dir.join(WORLD_FILE);
    let fields_path = dir.join("fields.toml");
    let err = |file: &Path, field: &str, message: String| SeedError {
        file: file.to_path_buf(),
        field: Some(field.to_string()),
        message,
    };

    let mut regions = HashSet::new();
    for r in &record.regions {
        if !is_slug(&r.slug) || !regions.insert(r.slug.as_str()) {
            return Err(err(
                &countries_path,
                "region.slug",
                format!("{:?} is not a unique slug", r.slug),
            ));
        }
    }
    let mut countries = HashSet::new();
    for c in &record.countries {
        let well_formed = c.code.len() == 2 && c.code.bytes().all(|b| b.is_ascii_uppercase());
        if !well_formed || !countries.insert(c.code.as_str()) {
            return Err(err(
                &countries_path,
                "country.code",
                format!(
                    "{:?} is not a unique ISO 3166-1 alpha-2 code in upper case",
                    c.code
                ),
            ));
        }
        if c.alpha3.len() != 3 || !c.alpha3.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(err(
                &countries_path,
                "country.alpha3",
                format!("{:?} is not an alpha-3 code", c.alpha3),
            ));
        }
        if c.region.as_deref().is_some_and(|r| !regions.contains(r)) {
            return Err(err(
                &countries_path,
                "country.region",
                format!("{:?} is not a region in this file", c.region),
            ));
        }
    }
    let mut fields = HashSet::new();
    for f in &record.fields {
        if !is_slug(&f.slug) || !fields.insert(f.slug.as_str()) {
            return Err(err(
                &fields_path,
                "field.slug",
                format!("{:?} is not a unique slug", f.slug),
            ));
        }
        if !(12000..13000).contains(&f.dac) {
            return Err(err(
                &fields_path,
                "field.dac",
                format!("{} is not a DAC health purpose code (12xxx)", f.dac),
            ));
        }
    }

    let mut orgs = HashSet::new();
    for (path, o) in &organizations {
        check_slug_and_name(path, &o.slug, &mut orgs)?;
        require_text(path, "name_en", &o.name_en)?;
        require_text(path, "name_ja", &o.name_ja)?;
        require_text(path, "profile_en", &o.profile_en)?;
        require_text(path, "profile_ja", &o.profile_ja)?;
        if !countries.contains(o.country.as_str()) {
            return Err(err(
                path,
                "country",
                format!(
                    "{:?} is not an ISO country in generated/world-map.json",
                    o.country
                ),
            ));
        }
        if let Some(url) = &o.website {
            check_url(path, "website", url)?;
        }
        for n in &o.notes {
            check_note(path, n, NoteSubject::parse_for_organization)?;
            if n.source.is_some() {
                return Err(err(
                    path,
                    "notes.source",
                    "an organisation has no [[sources]]: name the `document` (and `url`) the words are in".into(),
                ));
            }
            if n.stated.is_some() && n.document.is_none() && n.url.is_none() {
                return Err(err(
                    path,
                    "notes.document",
                    "stated words need the `document` or `url` they are in".into(),
                ));
            }
            if let Some(url) = &n.url {
                check_url(path, "notes.url", url)?;
            }
        }
    }

    let mut seen = HashSet::new();
    for (path, a) in &activities {
        check_slug_and_name(path, &a.slug, &mut seen)?;
        for (name, text) in [
            ("title_en", &a.title_en),
            ("title_ja", &a.title_ja),
            ("summary_en", &a.summary_en),
            ("summary_ja", &a.summary_ja),
        ] {
            require_text(path, name, text)?;
        }
        let start = a
            .start
            .as_deref()
            .map(|s| date(path, "start", s))
            .transpose()?;
        let end = a.end.as_deref().map(|s| date(path, "end", s)).transpose()?;
        if let (Some(s), Some(e)) = (start, end) {
            if e.year < s.year
                || (e.year == s.year && e.month.is_some() && s.month.is_some() && e < s)
            {
                return Err(err(path, "end", format!("{e} is before start {s}")));
            }
        }
        let last_updated = date(path, "last_updated", &a.last_updated)?;
        let given_as_of = a
            .status_as_of
            .as_deref()
            .map(|s| date(path, "status_as_of", s))
            .transpose()?;
        if given_as_of.is_some_and(|d| last_updated.wholly_before(d)) {
            return Err(err(
                path,
                "status_as_of",
                format!("lies after last_updated {last_updated}: a status cannot be known before it is true"),
            ));
        }
        for s in &a.sources {
            if let Some(p) = &s.published {
                date(path, "sources.published", p)?;
            }
        }
        let as_of = match a.status_as_of() {
            Some(d) => d,
            None if a.status == ActivityStatus::Completed => last_updated,
            None => {
                return Err(err(
                    path,
                    "status_as_of",
                    format!(
                        "status {:?} needs the date it was true: give status_as_of, or a source's published date",
                        a.status.slug()
                    ),
                ))
            }
        };
        if let Some(conflict) = status_conflict(a.status, start, end, as_of) {
            return Err(err(path, "status", conflict.describe(a.status, as_of)));
        }
        if a.area_note_en.is_some() != a.area_note_ja.is_some() {
            return Err(err(
                path,
                "area_note_ja",
                "area_note_en and area_note_ja go together".into(),
            ));
        }
        if a.fields.is_empty() {
            return Err(err(path, "fields", "names no medical field".into()));
        }
        for f in &a.fields {
            if !fields.contains(f.as_str()) {
                return Err(err(path, "fields", format!("{f:?} is not in fields.toml")));
            }
        }
        for c in &a.countries {
            if c == "JP" {
                return Err(err(
                    path,
                    "countries",
                    "lists partner countries: JP is the origin, not a partner".into(),
                ));
            }
            if !countries.contains(c.as_str()) {
                return Err(err(
                    path,
                    "countries",
                    format!("{c:?} is not an ISO country in generated/world-map.json"),
                ));
            }
        }
        if a.participants.is_empty() {
            return Err(err(path, "participants", "names no organisation".into()));
        }
        for p in &a.participants {
            if !orgs.contains(p.org.as_str()) {
                return Err(err(
                    path,
                    "participants.org",
                    format!("{:?} has no file in organizations/", p.org),
                ));
            }
        }
        if a.sources.is_empty() {
            return Err(err(
                path,
                "sources",
                "names no source: every fact needs one".into(),
            ));
        }
        for s in &a.sources {
            require_text(path, "sources.title", &s.title)?;
            match (&s.url, &s.publisher, &s.document) {
                (None, None, None) => {
                    return Err(err(
                        path,
                        "sources.url",
                        "a source needs a url, a publisher or a document".into(),
                    ))
                }
                (Some(url), _, _) => check_url(path, "sources.url", url)?,
                _ => {}
            }
        }
        for f in &a.figures {
            require_text(path, "figures.label_en", &f.label_en)?;
            require_text(path, "figures.label_ja", &f.label_ja)?;
            if let Some(p) = &f.period {
                Period::parse(p).map_err(|e| err(path, "figures.period", e.to_string()))?;
            }
            if let Some(i) = f.source {
                if i == 0 || i as usize > a.sources.len() {
                    return Err(err(
                        path,
                        "figures.source",
                        format!("{i} is not one of the {} sources", a.sources.len()),
                    ));
                }
            }
            if f.value_max.is_some_and(|m| m < f.value) {
                return Err(err(path, "figures.value_max", "is below value".into()));
            }
        }
        for n in &a.notes {
            let subject = check_note(path, n, NoteSubject::parse_for_activity)?;
            let exists = match &subject {
                NoteSubject::Participant(org) => a.participants.iter().any(|p| &p.org == org),
                NoteSubject::Figure(i) => *i as usize <= a.figures.len(),
                NoteSubject::Source(i) => *i as usize <= a.sources.len(),
                NoteSubject::Start => a.start.is_some(),
                NoteSubject::End => a.end.is_some(),
                NoteSubject::Area => a.area_note_en.is_some(),
                _ => true,
            };
            if !exists {
                return Err(err(
                    path,
                    "notes.about",
                    format!("{:?}: this activity has no such value", n.about),
                ));
            }
            if n.document.is_some() || n.url.is_some() {
                return Err(err(
                    path,
                    "notes.source",
                    "an activity's note names which of its [[sources]] holds the words (`source`), not a document or url".into(),
                ));
            }
            match (&n.stated, n.source) {
                (Some(_), None) => {
                    return Err(err(
                        path,
                        "notes.source",
                        "stated words need the `source` (1-based) they are in".into(),
                    ))
                }
                (_, Some(i)) if i == 0 || i as usize > a.sources.len() => {
                    return Err(err(
                        path,
                        "notes.source",
                        format!("{i} is not one of the {} sources", a.sources.len()),
                    ))
                }
                (None, Some(_)) => {
                    return Err(err(
                        path,
                        "notes.source",
                        "names a source but quotes no `stated` words".into(),
                    ))
                }
                _ => {}
            }
        }
    }

    let referenced: HashSet<&str> = activities
        .iter()
        .flat_map(|(_, a)| a.participants.iter().map(|p| p.org.as_str()))
        .collect();
    record.warnings = organizations
        .iter()
        .filter(|(_, o)| !referenced.contains(o.slug.as_str()))
        .map(|(path, _)| SeedError {
            file: path.clone(),
            field: None,
            message: "no activity names this organisation: its page would be empty; record what the documents say it did, or remove it".into(),
        })
        .collect();

    record.organizations = organizations.into_iter().map(|(_, o)| o).collect();
    record.activities = activities.into_iter().map(|(_, a)| a).collect();
    Ok(record)
}

fn check_slug_and_name<'a>(
    path: &Path,
    slug: &'a str,
    seen: &mut HashSet<&'a str>,
) -> Result<(), SeedError> {
    let e = |message: String| SeedError {
        file: path.to_path_buf(),
        field: Some("slug".into()),
        message,
    };
    if !is_slug(slug) {
        return Err(e(format!(
            "{slug:?} is not lowercase ASCII words joined by hyphens"
        )));
    }
    if path.file_stem().and_then(|s| s.to_str()) != Some(slug) {
        return Err(e(format!("{slug:?} does not match the file name")));
    }
    if !seen.insert(slug) {
        return Err(e(format!("{slug:?} is used twice")));
    }
    Ok(())
}

/// The rules every note keeps, wherever it sits: a known subject, words or a note (or both),
/// a note in both languages with its basis in both, nothing empty.
fn check_note(
    path: &Path,
    n: &NoteEntry,
    parse: fn(&str) -> Result<NoteSubject, UnknownSubject>,
) -> Result<NoteSubject, SeedError> {
    let err = |field: &str, message: String| SeedError {
        file: path.to_path_buf(),
        field: Some(field.to_string()),
        message,
    };
    let subject = parse(&n.about).map_err(|e| err("notes.about", e.to_string()))?;
    let curator = [&n.note_en, &n.note_ja, &n.basis_en, &n.basis_ja];
    let given = curator.iter().filter(|t| t.is_some()).count();
    if given != 0 && given != curator.len() {
        return Err(err(
            "notes.note_en",
            "a curator's note needs note_en, note_ja, basis_en and basis_ja together".into(),
        ));
    }
    if n.stated.is_none() && given == 0 {
        return Err(err(
            "notes.stated",
            "says nothing: give the source's words (`stated`), a curator's note, or both".into(),
        ));
    }
    for (field, text) in [
        ("notes.stated", &n.stated),
        ("notes.note_en", &n.note_en),
        ("notes.note_ja", &n.note_ja),
        ("notes.basis_en", &n.basis_en),
        ("notes.basis_ja", &n.basis_ja),
    ] {
        if let Some(text) = text {
            require_text(path, field, text)?;
        }
    }
    Ok(subject)
}

fn require_text(path: &Path, field: &str, text: &str) -> Result<(), SeedError> {
    if text.trim().is_empty() {
        return Err(SeedError {
            file: path.to_path_buf(),
            field: Some(field.into()),
            message: "is empty".into(),
        });
    }
    Ok(())
}

fn check_url(path: &Path, field: &str, url: &str) -> Result<(), SeedError> {
    if url.starts_with("https://") || url.starts_with("http://") {
        Ok(())
    } else {
        Err(SeedError {
            file: path.to_path_buf(),
            field: Some(field.into()),
            message: format!("{url:?} is not an http(s) address"),
        })
    }
}

fn date(path: &Path, field: &str, text: &str) -> Result<PartialDate, SeedError> {
    PartialDate::parse(text).map_err(|e: PartialDateError| SeedError {
        file: path.to_path_buf(),
        field: Some(field.into()),
        message: e.to_string(),
    })
}

/// What a load did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub organizations: usize,
    pub activities: usize,
    pub countries: usize,
    pub fields: usize,
}

/// Loads the record when the database holds no activity yet; otherwise does nothing and
/// returns `None`. One transaction: all or nothing.
pub async fn load_if_empty(
    pool: &Pool,
    record: &SeedRecord,
) -> Result<Option<LoadReport>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Servers starting together on one empty PostgreSQL database load the seed once: the
    // others wait here, then find it loaded.
    super::db::dialect::lock_record(&mut tx).await?;
    let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM activities")
        .fetch_one(&mut *tx)
        .await?;
    if existing > 0 {
        return Ok(None);
    }
    for r in &record.regions {
        sqlx::query("INSERT INTO regions (slug, name_en, name_ja) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(&r.slug)
            .bind(&r.name_en)
            .bind(&r.name_ja)
            .execute(&mut *tx)
            .await?;
    }
    for c in &record.countries {
        sqlx::query(
            "INSERT INTO countries (code, alpha3, name_en, name_ja, region) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING",
        )
        .bind(&c.code)
        .bind(&c.alpha3)
        .bind(&c.name_en)
        .bind(&c.name_ja)
        .bind(&c.region)
        .execute(&mut *tx)
        .await?;
    }
    for f in &record.fields {
        sqlx::query(
            "INSERT INTO fields (slug, name_en, name_ja, dac) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(&f.slug)
        .bind(&f.name_en)
        .bind(&f.name_ja)
        .bind(i64::from(f.dac))
        .execute(&mut *tx)
        .await?;
    }
    let mut org_ids = HashMap::new();
    for o in &record.organizations {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO organizations (slug, name_en, name_ja, kind, country, city, website, ror, aliases, profile_en, profile_ja)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(&o.slug)
        .bind(&o.name_en)
        .bind(&o.name_ja)
        .bind(o.kind.slug())
        .bind(&o.country)
        .bind(&o.city)
        .bind(&o.website)
        .bind(&o.ror)
        .bind(o.aliases.join("\n"))
        .bind(&o.profile_en)
        .bind(&o.profile_ja)
        .fetch_one(&mut *tx)
        .await?;
        super::record::write_notes(&mut tx, NotesOf::Organization(id), &o.to_notes()).await?;
        org_ids.insert(o.slug.as_str(), id);
    }
    let org_ids: HashMap<String, i64> = org_ids
        .into_iter()
        .map(|(slug, id)| (slug.to_string(), id))
        .collect();
    for a in &record.activities {
        let id = super::record::write_activity(
            &mut tx,
            None,
            &a.slug,
            &a.to_valid(),
            &org_ids,
            &a.last_updated,
        )
        .await?;
        super::record::write_notes(&mut tx, NotesOf::Activity(id), &a.to_notes()).await?;
        sqlx::query("INSERT INTO revisions (activity_id, number, changes) VALUES ($1, 1, $2)")
            .bind(id)
            .bind(serde_json::json!([crate::forms::IMPORTED]).to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Some(LoadReport {
        organizations: record.organizations.len(),
        activities: record.activities.len(),
        countries: record.countries.len(),
        fields: record.fields.len(),
    }))
}
