//! The seed record in `data/`: it is well formed, covers every seed document, and a
//! malformed file is refused with a message naming the file and the field.
#![cfg(feature = "ssr")]

use app::ssr::seed::{read_dir, SeedError};
use std::path::{Path, PathBuf};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// A copy of `data/` in a temporary folder, to break on purpose.
fn copy_of_data() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for sub in ["", "organizations", "activities", "generated"] {
        std::fs::create_dir_all(tmp.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(data_dir().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml" || e == "json") {
                std::fs::copy(&path, tmp.path().join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    tmp
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn refusal(dir: &Path) -> SeedError {
    read_dir(dir).expect_err("the broken record should be refused")
}

const KZ: &str = "activities/nagasaki-living-donor-liver-transplantation-kazakhstan.toml";

#[test]
fn the_seed_record_is_well_formed() {
    let record = read_dir(&data_dir()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(record.activities.len(), 26);
    assert!(record.organizations.len() >= 50);
    assert!(record.activities.iter().all(|a| !a.sources.is_empty()));
}

#[test]
fn every_seed_document_is_cited_by_some_activity() {
    let record = read_dir(&data_dir()).unwrap();
    for document in [
        "000_4701a9db64190cae",
        "001_b5fec84c67ca0356",
        "002_4b991e1bbb4143aa",
        "003_71d5d1c4353cd59a",
        "004_dba50acf3dc49e20",
    ] {
        let cited = record.activities.iter().any(|a| {
            a.sources
                .iter()
                .any(|s| s.document.as_deref() == Some(document))
        });
        assert!(cited, "no activity cites seed document {document}");
    }
}

#[test]
fn a_malformed_date_is_refused_naming_the_file_and_field() {
    let dir = copy_of_data();
    edit(dir.path(), KZ, "start = \"2012-07\"", "start = \"2012-13\"");
    let e = refusal(dir.path());
    assert!(e.file.ends_with(KZ), "{e}");
    assert_eq!(e.field.as_deref(), Some("start"));
    assert!(e.to_string().contains("month 13"), "{e}");
}

#[test]
fn a_missing_field_is_refused_naming_it() {
    let dir = copy_of_data();
    edit(
        dir.path(),
        KZ,
        "title_ja = \"長崎大学、カザフスタン・アルマトイで生体肝移植を支援\"\n",
        "",
    );
    let e = refusal(dir.path());
    assert!(e.file.ends_with(KZ), "{e}");
    assert_eq!(e.field.as_deref(), Some("title_ja"), "{e}");
}

#[test]
fn an_unknown_field_is_refused_naming_it() {
    let dir = copy_of_data();
    edit(dir.path(), KZ, "status = ", "stauts = \"x\"\nstatus = ");
    let e = refusal(dir.path());
    assert_eq!(e.field.as_deref(), Some("stauts"), "{e}");
}

#[test]
fn an_unknown_organisation_is_refused() {
    let dir = copy_of_data();
    edit(
        dir.path(),
        KZ,
        "org = \"nagasaki-university\"",
        "org = \"nagasaki-universary\"",
    );
    let e = refusal(dir.path());
    assert_eq!(e.field.as_deref(), Some("participants.org"));
    assert!(e.to_string().contains("nagasaki-universary"), "{e}");
}

#[test]
fn an_unknown_kind_is_refused() {
    let dir = copy_of_data();
    edit(
        dir.path(),
        KZ,
        "kind = \"surgical-training-abroad\"",
        "kind = \"surgery\"",
    );
    let e = refusal(dir.path());
    assert!(e.file.ends_with(KZ));
    assert!(e.to_string().contains("surgery"), "{e}");
}

#[test]
fn a_figure_citing_a_missing_source_is_refused() {
    let dir = copy_of_data();
    edit(dir.path(), KZ, "source = 1", "source = 3");
    let e = refusal(dir.path());
    assert_eq!(e.field.as_deref(), Some("figures.source"));
}

#[test]
fn a_slug_that_differs_from_its_file_name_is_refused() {
    let dir = copy_of_data();
    edit(
        dir.path(),
        KZ,
        "slug = \"nagasaki-living-donor-liver-transplantation-kazakhstan\"",
        "slug = \"nagasaki-kazakhstan\"",
    );
    let e = refusal(dir.path());
    assert_eq!(e.field.as_deref(), Some("slug"));
}

#[test]
fn the_seed_record_names_no_organisation_that_no_activity_references() {
    let record = read_dir(&data_dir()).unwrap();
    let warnings: Vec<String> = record.warnings.iter().map(|w| w.to_string()).collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn an_organisation_no_activity_references_is_reported_but_loads() {
    let dir = copy_of_data();
    std::fs::write(
        dir.path().join("organizations/unnamed-clinic.toml"),
        "slug = \"unnamed-clinic\"\nname_en = \"Unnamed Clinic\"\nname_ja = \"無名診療所\"\nkind = \"hospital\"\ncountry = \"VN\"\nprofile_en = \"A clinic.\"\nprofile_ja = \"診療所。\"\n",
    )
    .unwrap();
    let record = read_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(record.warnings.len(), 1);
    let warning = record.warnings[0].to_string();
    assert!(warning.contains("unnamed-clinic.toml"), "{warning}");
    assert!(
        warning.contains("no activity names this organisation"),
        "{warning}"
    );
}

#[test]
fn a_completed_activity_that_had_not_started_when_its_status_was_stated_is_refused() {
    let dir = copy_of_data();
    edit(
        dir.path(),
        KZ,
        "status = \"completed\"",
        "status = \"completed\"\nstatus_as_of = \"2011\"",
    );
    let e = refusal(dir.path());
    assert_eq!(e.field.as_deref(), Some("status"), "{e}");
    assert!(e.to_string().contains("start lies after"), "{e}");
}

#[test]
fn an_ongoing_activity_whose_end_had_passed_when_its_status_was_stated_is_refused() {
    let dir = copy_of_data();
    edit(
        dir.path(),
        KZ,
        "status = \"completed\"",
        "status = \"ongoing\"\nstatus_as_of = \"2013\"",
    );
    let e = refusal(dir.path());
    assert_eq!(e.field.as_deref(), Some("status"), "{e}");
    assert!(e.to_string().contains("end lies before"), "{e}");
    // The same status stated while it ran is the record's to keep.
    let dir = copy_of_data();
    edit(
        dir.path(),
        KZ,
        "status = \"completed\"",
        "status = \"ongoing\"\nstatus_as_of = \"2012-07\"",
    );
    read_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn an_ongoing_activity_must_say_when_its_status_was_true() {
    let dir = copy_of_data();
    edit(
        dir.path(),
        KZ,
        "status = \"completed\"",
        "status = \"ongoing\"",
    );
    edit(dir.path(), KZ, "end = \"2012-07\"\n", "");
    let e = refusal(dir.path());
    assert_eq!(e.field.as_deref(), Some("status_as_of"), "{e}");
    // A source's publication date says it as well.
    edit(
        dir.path(),
        KZ,
        "document = ",
        "published = \"2013-08-07\"\ndocument = ",
    );
    let record = read_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let kz = record
        .activities
        .iter()
        .find(|a| KZ.contains(&a.slug))
        .unwrap();
    assert_eq!(kz.status_as_of().unwrap().to_string(), "2013-08-07");
}

#[test]
fn a_status_date_after_the_last_update_is_refused() {
    let dir = copy_of_data();
    edit(
        dir.path(),
        KZ,
        "status = \"completed\"",
        "status = \"completed\"\nstatus_as_of = \"2099\"",
    );
    let e = refusal(dir.path());
    assert_eq!(e.field.as_deref(), Some("status_as_of"), "{e}");
}

/// Appends a `[[notes]]` table to the Kazakhstan activity and returns the refusal.
fn note_refusal(note: &str) -> SeedError {
    let dir = copy_of_data();
    let path = dir.path().join(KZ);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n[[notes]]\n");
    text.push_str(note);
    std::fs::write(&path, text).unwrap();
    refusal(dir.path())
}

#[test]
fn a_note_must_be_about_a_value_the_activity_has() {
    let e = note_refusal("about = \"period\"\nstated = \"x\"\nsource = 1\n");
    assert_eq!(e.field.as_deref(), Some("notes.about"), "{e}");
    let e = note_refusal("about = \"participant:renji-hospital\"\nstated = \"x\"\nsource = 1\n");
    assert_eq!(e.field.as_deref(), Some("notes.about"), "{e}");
    let e = note_refusal("about = \"figure:2\"\nstated = \"x\"\nsource = 1\n");
    assert_eq!(e.field.as_deref(), Some("notes.about"), "{e}");
}

#[test]
fn stated_words_name_their_source_and_a_note_its_basis_in_both_languages() {
    let e = note_refusal("about = \"start\"\nstated = \"in July 2012\"\n");
    assert_eq!(e.field.as_deref(), Some("notes.source"), "{e}");
    let e = note_refusal("about = \"start\"\nstated = \"in July 2012\"\nsource = 2\n");
    assert_eq!(e.field.as_deref(), Some("notes.source"), "{e}");
    let e = note_refusal("about = \"start\"\nnote_en = \"Inferred.\"\nnote_ja = \"推定。\"\n");
    assert_eq!(e.field.as_deref(), Some("notes.note_en"), "{e}");
    let e = note_refusal("about = \"start\"\n");
    assert_eq!(e.field.as_deref(), Some("notes.stated"), "{e}");
    let e = note_refusal("about = \"start\"\nstated = \"  \"\nsource = 1\n");
    assert_eq!(e.field.as_deref(), Some("notes.stated"), "{e}");
}

#[test]
fn an_organisations_stated_words_name_the_document_they_are_in() {
    let dir = copy_of_data();
    let path = dir.path().join("organizations/nagasaki-university.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n[[notes]]\nabout = \"name\"\nstated = \"Nagasaki Universary\"\n");
    std::fs::write(&path, &text).unwrap();
    let e = refusal(dir.path());
    assert_eq!(e.field.as_deref(), Some("notes.document"), "{e}");
    text.push_str("document = \"000_4701a9db64190cae\"\n");
    std::fs::write(&path, &text).unwrap();
    let record = read_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let org = record
        .organizations
        .iter()
        .find(|o| o.slug == "nagasaki-university")
        .unwrap();
    let notes = org.to_notes();
    assert_eq!(
        notes.last().unwrap().stated.as_ref().unwrap().text,
        "Nagasaki Universary"
    );
}

/// The five source documents, where this machine keeps them (`KAKEHASHI_SEEDS`, else the
/// team's shared folder beside the repository).
fn seed_documents() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("KAKEHASHI_SEEDS").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds")),
        Some(PathBuf::from("/work/shared/seeds")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_dir())
}

#[test]
fn every_stated_wording_is_in_its_source_document_verbatim() {
    let Some(seeds) = seed_documents() else {
        eprintln!("the seed documents are not on this machine: the quotations were not compared");
        return;
    };
    let record = read_dir(&data_dir()).unwrap();
    let text_of = |doc: &str| {
        std::fs::read_to_string(seeds.join(format!("{doc}.txt")))
            .unwrap_or_else(|e| panic!("seed document {doc}: {e}"))
    };
    let mut compared = 0;
    for a in &record.activities {
        for n in &a.notes {
            let (Some(stated), Some(i)) = (&n.stated, n.source) else {
                continue;
            };
            let doc = a.sources[i as usize - 1]
                .document
                .as_deref()
                .unwrap_or_else(|| panic!("{}: a quoted source names no document", a.slug));
            assert!(
                text_of(doc).contains(stated.as_str()),
                "{}: {stated:?} is not in {doc}",
                a.slug
            );
            compared += 1;
        }
    }
    for o in &record.organizations {
        for n in &o.notes {
            let (Some(stated), Some(doc)) = (&n.stated, &n.document) else {
                continue;
            };
            assert!(
                text_of(doc).contains(stated.as_str()),
                "{}: {stated:?} is not in {doc}",
                o.slug
            );
            compared += 1;
        }
    }
    assert!(compared >= 10, "only {compared} quotations compared");
}
