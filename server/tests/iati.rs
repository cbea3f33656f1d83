//! The IATI 2.03 export on the real router, validated against the official schema with
//! `xmllint` (Debian `libxml2-utils`, installed by `scripts/setup.sh`) and checked for the
//! rules IATI adds beyond the schema.
//!
//! The schema is the IATI Standard's own, kept outside the repository in
//! `../shared/iati-2.03/` (beside the clone). `IATI_SCHEMA_DIR` names another folder.

mod support;

use reqwest::StatusCode;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The folder holding `iati-activities-schema.xsd` (with `iati-common.xsd` and `xml.xsd`).
fn schema_dir() -> PathBuf {
    let candidates: Vec<PathBuf> = std::env::var_os("IATI_SCHEMA_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/iati-2.03"),
            PathBuf::from("/work/shared/iati-2.03"),
        ])
        .collect();
    candidates
        .iter()
        .find(|dir| dir.join("iati-activities-schema.xsd").is_file())
        .cloned()
        .unwrap_or_else(|| {
            panic!("the IATI 2.03 schema is not in any of {candidates:?}; set IATI_SCHEMA_DIR")
        })
}

/// xmllint's verdict on `document`: `Ok` when it validates, else its messages.
fn validate(document: &str) -> Result<(), String> {
    let schema = schema_dir().join("iati-activities-schema.xsd");
    let mut child = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&schema)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xmllint runs (Debian libxml2-utils; `make setup` installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(document.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

use support::TestSite;

/// A seeded site, with `synthetic` generated activities on top.
async fn start(synthetic: usize) -> TestSite {
    let turn = support::render_turn().await;
    let (state, listener, dir) = support::prepare().await;
    if synthetic > 0 {
        app::ssr::synthetic::generate(&state.pool, synthetic, 7)
            .await
            .unwrap();
        state.search.refresh(&state.pool).await.unwrap();
    }
    TestSite::serve(turn, state, listener, dir)
}

/// What the IATI export of a view holds, and how many activities the JSON export has.
trait Exports {
    async fn xml(&self, path: &str) -> String;
    async fn json_count(&self, query: &str) -> usize;
}

impl Exports for TestSite {
    async fn xml(&self, path: &str) -> String {
        let r = self.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()["content-type"], "application/xml");
        r.text().await.unwrap()
    }

    /// How many activities the JSON export of the same view holds.
    async fn json_count(&self, query: &str) -> usize {
        let body = self
            .get(&format!("/activities.json{query}"))
            .await
            .text()
            .await
            .unwrap();
        serde_json::from_str::<Vec<serde_json::Value>>(&body)
            .unwrap()
            .len()
    }
}

/// Checks IATI's rules beyond the schema on every activity; returns how many there are.
fn check_iati_rules(document: &str) -> usize {
    let doc = roxmltree::Document::parse(document).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "iati-activities");
    assert_eq!(root.attribute("version"), Some("2.03"));
    let activities: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("iati-activity"))
        .collect();
    let mut identifiers = std::collections::BTreeSet::new();
    for a in &activities {
        let child = |name: &'static str| a.children().filter(move |n| n.has_tag_name(name));
        let id = child("iati-identifier").next().unwrap().text().unwrap();
        assert!(identifiers.insert(id.to_string()), "{id} is unique");
        assert!(
            id.starts_with("XX-KAKEHASHI-"),
            "prefixed by the reporting org: {id}"
        );
        let lang = a
            .attributes()
            .find(|at| at.name() == "lang")
            .map(|at| at.value());
        assert!(matches!(lang, Some("en" | "ja")), "{id}: xml:lang");
        assert!(
            child("activity-date").any(|d| matches!(d.attribute("type"), Some("1" | "2"))),
            "{id}: a start date"
        );
        for d in child("activity-date") {
            let day = d.attribute("iso-date").unwrap();
            assert!(
                day.len() == 10 && day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-',
                "{id}: a whole day, {day}"
            );
        }
        assert!(child("sector").next().is_some(), "{id}: a sector");
        for s in child("sector") {
            assert_eq!(s.attribute("vocabulary"), Some("1"), "{id}: DAC 5-digit");
            assert_eq!(s.attribute("code").unwrap().len(), 5, "{id}");
        }
        for (name, what) in [("recipient-country", "countries"), ("sector", "sectors")] {
            let shares: Vec<f64> = child(name)
                .map(|n| n.attribute("percentage").unwrap().parse().unwrap())
                .collect();
            if !shares.is_empty() {
                let sum: f64 = shares.iter().sum();
                assert!((sum - 100.0).abs() < 1e-9, "{id}: {what} sum to {sum}");
            }
        }
        let reporter = child("reporting-org").next().unwrap();
        assert_eq!(reporter.attribute("secondary-reporter"), Some("1"));
        assert!(child("participating-org").next().is_some(), "{id}");
        assert!(child("document-link").all(|l| l
            .children()
            .any(|c| c.has_tag_name("category") && c.attribute("code") == Some("A12"))));
    }
    activities.len()
}

#[tokio::test]
async fn the_whole_record_and_a_filtered_view_validate_against_the_iati_schema() {
    let site = start(0).await;
    let all = site.xml("/activities.xml").await;
    validate(&all).unwrap_or_else(|e| panic!("the full export is not valid IATI 2.03:\n{e}"));
    assert_eq!(check_iati_rules(&all), site.json_count("").await);
    assert!(all.contains("<iati-identifier>XX-KAKEHASHI-nagasaki-living-donor-liver-transplantation-kazakhstan</iati-identifier>"));

    let query = "?q=liver&country=KZ";
    let kz = site.xml(&format!("/activities.xml{query}")).await;
    validate(&kz).unwrap_or_else(|e| panic!("the filtered export is not valid:\n{e}"));
    let n = check_iati_rules(&kz);
    assert!(n > 0);
    assert_eq!(n, site.json_count(query).await, "every match, no paging");
    assert!(kz.contains("<recipient-country code=\"KZ\""));

    let r = site.get("/activities.xml?country=KZ").await;
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"kakehashi-activities-KZ.xml\""
    );
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    let again = site
        .client
        .get(format!("{}/activities.xml?country=KZ", site.base))
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn the_japanese_export_defaults_to_japanese_and_names_english() {
    let site = start(0).await;
    let ja = site.xml("/ja/activities.xml?country=MN").await;
    validate(&ja).unwrap_or_else(|e| panic!("{e}"));
    assert!(check_iati_rules(&ja) > 0);
    assert!(ja.contains("<iati-activity xml:lang=\"ja\""));
    assert!(ja.contains("<narrative>モンゴル</narrative>"), "{ja}");
    assert!(ja.contains("<narrative xml:lang=\"en\">Mongolia</narrative>"));
}

#[tokio::test]
async fn an_undated_activity_states_how_its_start_was_found() {
    let site = start(0).await;
    // The sources give no start for TWMU's lectures abroad (completed, no end, no dates).
    let xml = site
        .xml("/activities.xml?org=tokyo-womens-medical-university")
        .await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let twmu = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("iati-activity")
                && n.descendants().any(|c| {
                    c.text() == Some("XX-KAKEHASHI-twmu-lectures-and-surgical-guidance-abroad")
                })
        })
        .expect("the TWMU activity");
    let start = twmu
        .children()
        .find(|n| n.has_tag_name("activity-date"))
        .unwrap();
    assert_eq!(start.attribute("type"), Some("2"), "an actual start");
    let note = start.children().find(|n| n.has_tag_name("narrative"));
    assert!(
        note.and_then(|n| n.text())
            .is_some_and(|t| t.starts_with("The sources give no start date.")),
        "the note says so"
    );
}

#[tokio::test]
async fn a_thousand_synthetic_activities_validate() {
    let site = start(1_000).await;
    let xml = site.xml("/activities.xml").await;
    validate(&xml).unwrap_or_else(|e| panic!("{}", &e[..e.len().min(4000)]));
    let n = check_iati_rules(&xml);
    assert!(n >= 1_000, "{n} activities");
    assert_eq!(n, site.json_count("").await);
}

#[tokio::test]
async fn a_view_with_no_matches_is_an_empty_but_well_formed_document() {
    let site = start(0).await;
    let xml = site.xml("/activities.xml?country=ZZ").await;
    assert_eq!(check_iati_rules(&xml), 0);
    // The schema asks for at least one activity; an empty view has none (data/README.md).
    assert!(validate(&xml).is_err());
}
