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
    assert_eq!(record.activities.len(), 25);
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
