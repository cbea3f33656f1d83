//! Database tests on real SQLite files: loading, search in both languages, detail queries.
#![cfg(feature = "ssr")]

use app::filters::{Filters, Sort};
use app::model::{ActivityCard, Role};
use app::ssr::db::Pool;
use app::ssr::search::{FacetCounts, SearchIndex};
use app::ssr::{db, seed};
use std::path::Path;

mod support;
use support::seeded;

/// The ids the search engine finds, from an index built from the record as it is now.
async fn search_ids(pool: &Pool, q: &str, filters: &Filters, sort: Sort) -> Vec<i64> {
    let index = SearchIndex::load(pool).await.unwrap();
    index.search(q, filters, sort).ids
}

async fn facet_counts(pool: &Pool, q: &str, filters: &Filters) -> FacetCounts {
    let index = SearchIndex::load(pool).await.unwrap();
    index.search(q, filters, Sort::Relevance).counts
}

/// Cards for every activity matching `q`, best first.
async fn search(pool: &Pool, q: &str) -> Vec<ActivityCard> {
    let ids = search_ids(pool, q, &Filters::default(), Sort::Relevance).await;
    db::cards(pool, &ids).await.unwrap()
}

async fn slugs(pool: &Pool, q: &str) -> Vec<String> {
    search(pool, q).await.into_iter().map(|c| c.slug).collect()
}

#[tokio::test]
async fn loading_twice_changes_nothing() {
    let (_dir, pool) = seeded().await;
    let before = db::stats(&SearchIndex::load(&pool).await.unwrap());
    let record = seed::read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap();
    assert_eq!(seed::load_if_empty(&pool, &record).await.unwrap(), None);
    assert_eq!(db::stats(&SearchIndex::load(&pool).await.unwrap()), before);
    assert_eq!(before.activities, 26);
}

#[tokio::test]
async fn the_database_survives_a_restart() {
    let (_dir, pool) = seeded().await;
    let url = pool.connect_options().database_url.to_string();
    pool.close().await;
    let reopened = db::connect(&url).await.unwrap().pool;
    let index = SearchIndex::load(&reopened).await.unwrap();
    assert_eq!(db::stats(&index).activities, 26);
}

#[tokio::test]
async fn english_searches_find_the_liver_transplant_work() {
    let (_dir, pool) = seeded().await;
    let found = slugs(&pool, "liver transplant").await;
    for expected in [
        "nagasaki-living-donor-liver-transplantation-kazakhstan",
        "nagasaki-living-donor-liver-transplantation-georgia",
        "ncchd-paediatric-liver-transplant-training-abroad",
    ] {
        assert!(
            found.iter().any(|s| s == expected),
            "{expected} missing from {found:?}"
        );
    }
    assert!(!found.iter().any(|s| s == "mie-university-of-zambia-visit"));
    // Case does not matter.
    assert_eq!(slugs(&pool, "LIVER TRANSPLANT").await, found);
}

#[tokio::test]
async fn japanese_searches_find_the_same_records() {
    let (_dir, pool) = seeded().await;
    let liver = slugs(&pool, "肝移植").await;
    assert!(
        liver.contains(&"nagasaki-living-donor-liver-transplantation-kazakhstan".to_string()),
        "{liver:?}"
    );
    let mongolia = slugs(&pool, "モンゴル").await;
    assert!(
        mongolia.contains(&"twmu-mongolian-cancer-center-gi-cancer-symposia".to_string()),
        "{mongolia:?}"
    );
    assert!(
        mongolia.contains(&"kyushu-mongolia-gastrointestinal-disease-training".to_string()),
        "{mongolia:?}"
    );
    // Two-character terms are found too.
    let cancer = slugs(&pool, "がん").await;
    assert!(
        cancer.contains(&"beijing-japanese-cancer-treatment-technology-seminar".to_string()),
        "{cancer:?}"
    );
}

#[tokio::test]
async fn places_and_alternative_spellings_are_searchable() {
    let (_dir, pool) = seeded().await;
    // The transplant visit has Almaty in its title; the graduate-student record names it
    // in its summary, so it comes second.
    assert_eq!(
        slugs(&pool, "Almaty").await,
        vec![
            "nagasaki-living-donor-liver-transplantation-kazakhstan",
            "nagasaki-graduate-students-kazakhstan"
        ]
    );
    // The source's misspelling of Nagasaki University still finds its work.
    let misspelt = slugs(&pool, "Universary").await;
    assert!(misspelt.len() >= 5, "{misspelt:?}");
    assert!(slugs(&pool, "zzzzzz").await.is_empty());
    // Every word must match.
    assert!(slugs(&pool, "Almaty Zambia").await.is_empty());
}

#[tokio::test]
async fn title_matches_rank_first() {
    let (_dir, pool) = seeded().await;
    let found = search(&pool, "Georgia").await;
    assert_eq!(
        found[0].slug,
        "nagasaki-living-donor-liver-transplantation-georgia"
    );
}

#[tokio::test]
async fn wildcards_in_a_query_are_literal() {
    let (_dir, pool) = seeded().await;
    assert!(slugs(&pool, "%").await.is_empty());
    assert!(slugs(&pool, "_").await.is_empty());
}

#[tokio::test]
async fn an_activity_carries_its_figures_sources_and_roles() {
    let (_dir, pool) = seeded().await;
    let d = db::activity(
        &pool,
        &SearchIndex::load(&pool).await.unwrap(),
        "ncchd-organ-transplant-trainees-in-japan",
    )
    .await
    .unwrap()
    .unwrap();
    let values: Vec<f64> = d.figures.iter().map(|f| f.value).collect();
    assert!(
        values.contains(&264.0) && values.contains(&76.0),
        "{values:?}"
    );
    assert!(d.figures.iter().all(|f| f.source == Some(1)));
    assert_eq!(
        d.sources[0].url.as_deref(),
        Some("https://www.ncchd.go.jp/hospital/about/section/special/about.html")
    );
    assert_eq!(
        d.card.organizations[0].slug,
        "national-center-for-child-health-and-development"
    );
    assert_eq!(d.card.organizations[0].role, Role::Lead);
    assert_eq!(d.card.start.map(|s| s.year), Some(2005));
}

#[tokio::test]
async fn an_unknown_slug_is_none() {
    let (_dir, pool) = seeded().await;
    assert!(db::activity(
        &pool,
        &SearchIndex::load(&pool).await.unwrap(),
        "no-such-activity"
    )
    .await
    .unwrap()
    .is_none());
}

#[tokio::test]
async fn cards_come_back_in_the_order_asked() {
    let (_dir, pool) = seeded().await;
    let all = search(&pool, "").await;
    assert_eq!(all.len(), 26);
    let index = SearchIndex::load(&pool).await.unwrap();
    let recent = db::recent(&pool, &index, 6).await.unwrap();
    assert_eq!(recent.len(), 6);
    // Cards follow the ids given, whatever order the database stores them in.
    let mut ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM activities ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    ids.reverse();
    let slugs_in_order: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM activities ORDER BY id DESC")
            .fetch_all(&pool)
            .await
            .unwrap();
    let got: Vec<String> = db::cards(&pool, &ids)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.slug)
        .collect();
    assert_eq!(got, slugs_in_order);
}

#[tokio::test]
async fn japanese_terms_of_one_two_and_three_characters_are_found() {
    let (_dir, pool) = seeded().await;
    let kz = "nagasaki-living-donor-liver-transplantation-kazakhstan".to_string();
    for q in ["肝", "肝移", "肝移植", "アルマトイ"] {
        assert!(slugs(&pool, q).await.contains(&kz), "{q}");
    }
    // With only a short term, titles containing it come first.
    let first = &slugs(&pool, "肝").await[0];
    let title = db::activity(&pool, &SearchIndex::load(&pool).await.unwrap(), first)
        .await
        .unwrap()
        .unwrap()
        .card
        .title
        .ja;
    assert!(title.contains('肝'), "{first}: {title}");
    // A long and a short term together must both match.
    assert!(slugs(&pool, "Almaty 肝").await.contains(&kz));
    assert!(slugs(&pool, "Almaty がん").await.is_empty());
}

#[tokio::test]
async fn organisation_names_rank_above_a_mention_in_a_summary() {
    let (_dir, pool) = seeded().await;
    let found = slugs(&pool, "Cho Ray").await;
    assert!(found.len() >= 2, "{found:?}");
    // Cho Ray Hospital is a participant (organisation column) of the check-up centre.
    assert_eq!(found[0], "iuhw-cho-ray-health-checkup-center");
}

#[tokio::test]
async fn the_index_follows_every_write() {
    let (_dir, pool) = seeded().await;
    let mut tx = pool.begin().await.unwrap();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO activities (slug, title_en, title_ja, summary_en, summary_ja, kind, status, last_updated)
         VALUES ('test-activity', 'Telemedicine for Ulaanbaatar', '遠隔医療', 'A test.', 'テスト。', 'visit', 'planned', '2026-11-22')
         RETURNING id",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(slugs(&pool, "telemedicine").await, vec!["test-activity"]);
    assert_eq!(slugs(&pool, "遠隔").await, vec!["test-activity"]);

    let mut tx = pool.begin().await.unwrap();
    sqlx::query("UPDATE activities SET title_en = 'Teleradiology for Ulaanbaatar' WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(slugs(&pool, "telemedicine").await.is_empty());
    assert_eq!(slugs(&pool, "teleradiology").await, vec!["test-activity"]);

    sqlx::query("DELETE FROM activities WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    assert!(slugs(&pool, "teleradiology").await.is_empty());
}

#[tokio::test]
async fn the_schema_keeps_no_second_search_engine() {
    let (_dir, pool) = seeded().await;
    if db::Engine::of(&pool) == db::Engine::Postgres {
        return; // SQLite's own history: the PostgreSQL schema never had FTS5.
    }
    let fts: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE name IN ('activity_fts', 'activities_leave_index')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(fts, 0, "the FTS5 table and its trigger are gone");
    let search_text: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pragma_table_info('activities') WHERE name = 'search_text'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(search_text, 0, "the search_text column is gone");
    // And the one engine still finds the record from its own tables.
    assert!(slugs(&pool, "liver transplant").await.len() >= 3);
}

fn count_of(list: &[(String, u32)], key: &str) -> u32 {
    list.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| *n)
}

#[tokio::test]
async fn facets_count_under_the_other_filters_but_not_their_own() {
    let (_dir, pool) = seeded().await;
    let none = Filters::default();
    let all = facet_counts(&pool, "", &none).await;
    let vn_all = count_of(&all.countries, "VN");
    assert!(vn_all >= 5, "{:?}", all.countries);

    // Choosing Vietnam narrows the other facets but not the country facet itself, so a
    // second country stays choosable with its own count (OR within the facet).
    let vn = Filters::from_query("?country=VN");
    let f = facet_counts(&pool, "", &vn).await;
    assert_eq!(count_of(&f.countries, "MN"), count_of(&all.countries, "MN"));
    let kinds_total: u32 = f.kinds.iter().map(|(_, n)| n).sum();
    assert_eq!(kinds_total, vn_all, "every Vietnam activity has one kind");
    let ids = search_ids(&pool, "", &vn, Sort::Newest).await;
    assert_eq!(ids.len() as u32, vn_all);

    // OR within a facet, AND across facets.
    let both = Filters::from_query("?country=VN&country=MN");
    let either = search_ids(&pool, "", &both, Sort::Newest).await;
    let mn = search_ids(&pool, "", &Filters::from_query("?country=MN"), Sort::Newest).await;
    assert!(either.len() > ids.len() && either.len() > mn.len());
    let narrowed = Filters::from_query("?country=VN&kind=symposium");
    let n = search_ids(&pool, "", &narrowed, Sort::Newest).await.len() as u32;
    assert_eq!(n, count_of(&f.kinds, "symposium"));

    // A text query narrows every facet.
    let liver = facet_counts(&pool, "liver", &none).await;
    assert_eq!(count_of(&liver.countries, "ZM"), 0);
    assert!(count_of(&liver.fields, "liver-transplantation") >= 3);
}

#[tokio::test]
async fn sorting_by_title_and_by_newest() {
    let (_dir, pool) = seeded().await;
    let by_title = search_ids(&pool, "", &Filters::default(), Sort::Title).await;
    let cards = db::cards(&pool, &by_title).await.unwrap();
    let titles: Vec<&str> = cards.iter().map(|c| c.title.en.as_str()).collect();
    let mut sorted = titles.clone();
    sorted.sort_unstable();
    assert_eq!(titles, sorted);
    let newest = db::cards(
        &pool,
        &search_ids(&pool, "", &Filters::default(), Sort::Newest).await,
    )
    .await
    .unwrap();
    assert_eq!(newest[0].start.map(|d| d.year), Some(2024));
}

#[tokio::test]
async fn a_plan_shows_the_year_it_was_stated_and_that_its_end_has_passed() {
    use app::model::provenance::NoteSubject;
    use app::model::{ActivityStatus, PartialDate};
    let (_dir, pool) = seeded().await;
    let d = db::activity(
        &pool,
        &SearchIndex::load(&pool).await.unwrap(),
        "utokyo-hospital-china-lifelong-education-project",
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(d.card.status, ActivityStatus::Planned);
    assert_eq!(d.status_as_of, PartialDate::parse("2021").ok());
    assert!(d.status_overtaken, "the plan's end, 2024, has passed");
    let renji = d
        .notes
        .iter()
        .find(|n| n.about == NoteSubject::Participant("renji-hospital".into()))
        .expect("the identification of Reijin as Renji is marked");
    assert_eq!(renji.stated.as_ref().unwrap().text, "Reijin Hospital");
    assert!(renji.curator.is_some());
    // A completed activity is never flagged.
    let kz = db::activity(
        &pool,
        &SearchIndex::load(&pool).await.unwrap(),
        "nagasaki-living-donor-liver-transplantation-kazakhstan",
    )
    .await
    .unwrap()
    .unwrap();
    assert!(!kz.status_overtaken);
}

#[tokio::test]
async fn the_corrections_found_against_the_sources_are_in_the_record() {
    use app::model::provenance::NoteSubject;
    let (_dir, pool) = seeded().await;
    let activity = |slug: &'static str| {
        let pool = pool.clone();
        async move {
            db::activity(&pool, &SearchIndex::load(&pool).await.unwrap(), slug)
                .await
                .unwrap()
                .unwrap()
        }
    };
    // Only the visit is dated October 2024; the agreement is undated.
    let toyama = activity("toyama-108-military-central-hospital-agreement").await;
    assert_eq!(
        toyama.card.start.map(|d| d.to_string()).as_deref(),
        Some("2024")
    );
    // Egypt is named as a country whose trainees the centre accepted.
    let ncchd = activity("ncchd-organ-transplant-trainees-in-japan").await;
    assert!(ncchd.card.countries.iter().any(|c| c.code == "EG"));
    for n in [1, 2] {
        let note = ncchd
            .notes
            .iter()
            .find(|x| x.about == NoteSubject::Figure(n))
            .expect("the source's period wording is kept beside the figure");
        assert!(note.stated.as_ref().unwrap().text.contains("eight years"));
    }
    // The La Paz paragraph carries no citation of its own.
    let la_paz = activity("nagasaki-jica-la-paz-surgeon-training").await;
    assert!(
        la_paz.sources.iter().all(|s| s.url.is_none()),
        "{:?}",
        la_paz.sources
    );
    assert!(la_paz.sources[0].curator_title);
    // The 1987 exchange is an activity of Peking University Health Science Center.
    let index = SearchIndex::load(&pool).await.unwrap();
    let puhsc = db::organization(&pool, &index, "peking-university-health-science-center", 20)
        .await
        .unwrap()
        .unwrap();
    assert!(
        puhsc
            .activities
            .items
            .iter()
            .any(|a| a.start.is_some_and(|d| d.year == 1987)),
        "{:?}",
        puhsc
            .activities
            .items
            .iter()
            .map(|a| &a.slug)
            .collect::<Vec<_>>()
    );
    // Where the record knows better than a source, it says so.
    let mej = db::organization(&pool, &index, "medical-excellence-japan", 20)
        .await
        .unwrap()
        .unwrap();
    let kind = mej
        .notes
        .iter()
        .find(|n| n.about == NoteSubject::OrgKind)
        .expect("a note on what kind of body MEJ is");
    assert!(kind
        .stated
        .as_ref()
        .unwrap()
        .text
        .contains("private hospital"));
    assert!(kind.curator.is_some());
    // Missing cooperation facts are added.
    let webinar = activity("mej-eria-viet-nam-japan-healthcare-webinar").await;
    assert!(
        webinar.summary.en.contains("COVID-19"),
        "{}",
        webinar.summary.en
    );
    let iist = activity("iist-capacity-building-overseas-medical-professionals").await;
    assert!(
        iist.summary.en.to_lowercase().contains("dispatch"),
        "{}",
        iist.summary.en
    );
}

#[tokio::test]
async fn records_from_before_statuses_had_dates_state_them_as_of_their_last_update() {
    let (_dir, url, pool) = support::migrations::database_before("0006").await;
    sqlx::query(
        "INSERT INTO activities (slug, title_en, title_ja, summary_en, summary_ja, kind, status, end_date, last_updated)
         VALUES ('old-plan', 'An old plan', '古い計画', 'Planned.', '計画。', 'visit', 'planned', '2025', '2024-05-01')",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let pool = db::connect(&url).await.unwrap().pool;
    let d = db::activity(&pool, &SearchIndex::load(&pool).await.unwrap(), "old-plan")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        d.status_as_of.map(|d| d.to_string()).as_deref(),
        Some("2024-05-01")
    );
    assert!(
        d.status_overtaken,
        "a plan for 2025, stated in 2024, is overtaken"
    );
    assert!(d.notes.is_empty());
}

#[tokio::test]
async fn country_and_organisation_pages_count_what_the_search_counts() {
    let (_dir, pool) = seeded().await;
    let index = SearchIndex::load(&pool).await.unwrap();
    let all = index.search("", &Filters::default(), Sort::Newest);
    for (code, n) in &all.counts.countries {
        let filters = Filters {
            countries: vec![code.clone()],
            ..Filters::default()
        };
        let ids = index.search("", &filters, Sort::Newest).ids;
        assert_eq!(ids.len(), *n as usize, "{code}");
        let c = db::country(&pool, &index, code, 2).await.unwrap().unwrap();
        assert_eq!(c.activities.total as usize, ids.len(), "{code}");
        let newest = db::cards(&pool, &ids[..ids.len().min(2)]).await.unwrap();
        assert_eq!(c.activities.items, newest, "{code}: the newest, in order");
        let dated: u32 = c.per_year.iter().map(|(_, n)| n).sum();
        assert_eq!(
            dated + c.undated,
            c.activities.total,
            "{code}: every activity in the chart"
        );
        for list in [&c.japanese, &c.local, &c.others] {
            assert!(list.items.len() <= 2 && list.items.len() as u32 <= list.total);
            assert!(list
                .items
                .windows(2)
                .all(|w| w[0].activities >= w[1].activities));
        }
        assert!(c.japanese.items.iter().all(|o| o.country.code == "JP"));
        assert!(c.local.items.iter().all(|o| &o.country.code == code));
        assert!(c.fields.iter().all(|f| f.count as usize <= ids.len()));
    }
    for org in db::organizations(&pool, &index, "", "", "").await.unwrap() {
        let filters = Filters {
            orgs: vec![org.slug.clone()],
            ..Filters::default()
        };
        let ids = index.search("", &filters, Sort::Newest).ids;
        assert_eq!(org.activities as usize, ids.len(), "{}", org.slug);
        let o = db::organization(&pool, &index, &org.slug, 3)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(o.activities.total as usize, ids.len(), "{}", org.slug);
        assert!(o.activities.items.len() <= 3);
        assert!(o.partners.items.iter().all(|p| p.slug != org.slug));
    }
    let stats = db::stats(&index);
    assert_eq!(stats.activities, 26);
    assert_eq!(stats.countries as usize, all.counts.countries.len());
    let everything = index.summary(&Filters::default(), 0);
    assert_eq!(stats.institutions as usize, everything.orgs.len());
    assert_eq!(everything.total, 26);
}

#[tokio::test]
async fn related_activities_share_the_most_with_the_page() {
    let (_dir, pool) = seeded().await;
    let index = SearchIndex::load(&pool).await.unwrap();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM activities ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    let mut some_related = 0;
    for id in ids {
        // The oracle: what an activity shares with every other, weighed in SQL.
        let scores: std::collections::HashMap<i64, i64> = sqlx::query_as(
            "SELECT other, sum(weight) FROM (
                 SELECT p2.activity_id AS other, 3 AS weight FROM activity_participants p1
                 JOIN activity_participants p2 ON p2.organization_id = p1.organization_id
                 WHERE p1.activity_id = $1 AND p2.activity_id != $1
                 UNION ALL
                 SELECT c2.activity_id, 2 FROM activity_countries c1
                 JOIN activity_countries c2 ON c2.country = c1.country
                 WHERE c1.activity_id = $1 AND c2.activity_id != $1
                 UNION ALL
                 SELECT f2.activity_id, 1 FROM activity_fields f1
                 JOIN activity_fields f2 ON f2.field = f1.field
                 WHERE f1.activity_id = $1 AND f2.activity_id != $1) AS shared
             GROUP BY other",
        )
        .bind(id)
        .fetch_all(&pool)
        .await
        .unwrap()
        .into_iter()
        .collect();
        let related = index.related(id, 4);
        assert_eq!(related.len(), scores.len().min(4), "{id}");
        assert!(!related.contains(&id));
        let got: Vec<i64> = related.iter().map(|r| scores[r]).collect();
        assert!(got.windows(2).all(|w| w[0] >= w[1]), "{id}: {got:?}");
        let mut best: Vec<i64> = scores.values().copied().collect();
        best.sort_unstable_by(|a, b| b.cmp(a));
        best.truncate(4);
        assert_eq!(got, best, "{id}: the highest scores");
        some_related += usize::from(!related.is_empty());
    }
    assert!(some_related > 20, "{some_related}");
    assert!(index.related(-1, 4).is_empty());
}

#[tokio::test]
async fn a_backup_is_one_consistent_snapshot_taken_while_writes_go_on() {
    let (dir, pool) = seeded().await;
    if db::Engine::of(&pool) == db::Engine::Postgres {
        // PostgreSQL is backed up with pg_dump; the command says so.
        assert!(matches!(
            db::backup(&pool, &dir.path().join("x.db")).await,
            Err(db::BackupError::NotSqlite)
        ));
        return;
    }
    let first = dir.path().join("first.db");
    let done = db::backup(&pool, &first).await.unwrap();
    assert_eq!(done.activities, 26);
    assert!(done.bytes > 100_000, "{done:?}");
    // A backup never overwrites a file.
    let before = std::fs::read(&first).unwrap();
    assert!(matches!(
        db::backup(&pool, &first).await,
        Err(db::BackupError::Exists(_))
    ));
    assert_eq!(std::fs::read(&first).unwrap(), before);
    // Taken while 2,000 activities are written in one transaction, a copy holds all of them
    // or none: never part of a transaction.
    let writer = {
        let pool = pool.clone();
        tokio::spawn(async move { app::ssr::synthetic::generate(&pool, 2000, 3).await })
    };
    let during = dir.path().join("during.db");
    let copy = db::backup(&pool, &during).await.unwrap();
    assert_eq!(writer.await.unwrap().unwrap(), 2000);
    assert!([26, 2026].contains(&copy.activities), "{copy:?}");
    // The copy is a working database: the site opens it as it is.
    let restored = db::connect(&format!("sqlite://{}", during.display()))
        .await
        .unwrap()
        .pool;
    let index = SearchIndex::load(&restored).await.unwrap();
    assert_eq!(index.len() as i64, copy.activities);
    assert_eq!(db::stats(&index).activities, copy.activities);
}
