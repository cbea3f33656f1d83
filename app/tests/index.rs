//! The search engine against a naive oracle (`support/oracle.rs`), on real SQLite files: the
//! same results in the same order and the same facet counts for every kind of search, its
//! own ranking, and a fresh index after a write.
#![cfg(feature = "ssr")]

mod support;

use app::filters::{Filters, Sort};
use app::ssr::db;
use app::ssr::db::Pool;
use app::ssr::search::{SearchHandle, SearchIndex};
use app::ssr::{seed, synthetic};
use std::path::Path;
use support::oracle::Oracle;

async fn database(synthetic: usize) -> (tempfile::TempDir, Pool) {
    let dir = tempfile::tempdir().unwrap();
    let url = db::test_database_url(dir.path(), "test.db").await;
    let pool = db::connect(&url).await.unwrap().pool;
    let record = seed::read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap();
    seed::load_if_empty(&pool, &record).await.unwrap();
    if synthetic > 0 {
        synthetic::generate(&pool, synthetic, 7).await.unwrap();
    }
    (dir, pool)
}

const QUERIES: &[&str] = &[
    "",
    "liver",
    "Liver Transplant",
    "肝移植",
    "肝臓",
    "がん",
    "肝",
    "TB",
    "モンゴル",
    "Mongolia",
    "Almaty",
    "surgery training",
    "nagasaki universary",
    "100%",
    "zzzz",
];

const FILTERS: &[&str] = &[
    "",
    "?country=VN",
    "?country=VN&country=MN",
    "?region=south-eastern-asia",
    "?field=liver-transplantation&field=oncology",
    "?kind=lectures&status=completed",
    "?org=nagasaki-university",
    "?from=2015",
    "?to=2012",
    "?from=2010&to=2015&country=VN",
    "?country=ZZ",
];

#[tokio::test]
async fn the_index_and_a_naive_scan_agree_on_results_order_and_counts() {
    let (_dir, pool) = database(1_500).await;
    let index = SearchIndex::load(&pool).await.unwrap();
    let oracle = Oracle::load(&pool).await;
    assert_eq!(index.len(), 1_526);
    assert_eq!(oracle.len(), 1_526);
    let mut nonempty = 0;
    for q in QUERIES {
        for f in FILTERS {
            let filters = Filters::from_query(f);
            for sort in Sort::ALL {
                let expected = oracle.ids(q, &filters, sort);
                let mem = index.search(q, &filters, sort);
                assert_eq!(expected, mem.ids, "results for q={q:?} {f} {sort:?}");
                nonempty += usize::from(!expected.is_empty() && sort == Sort::Relevance);
            }
            let counts = oracle.counts(q, &filters);
            let mem = index.search(q, &filters, Sort::Relevance);
            assert_eq!(
                counts.countries, mem.counts.countries,
                "countries, q={q:?} {f}"
            );
            assert_eq!(counts.regions, mem.counts.regions, "regions, q={q:?} {f}");
            assert_eq!(counts.fields, mem.counts.fields, "fields, q={q:?} {f}");
            assert_eq!(counts.kinds, mem.counts.kinds, "kinds, q={q:?} {f}");
            assert_eq!(
                counts.statuses, mem.counts.statuses,
                "statuses, q={q:?} {f}"
            );
            assert_eq!(counts.orgs, mem.counts.orgs, "organisations, q={q:?} {f}");
        }
    }
    // The comparison means something only if most searches find things.
    assert!(nonempty > QUERIES.len() * FILTERS.len() / 2, "{nonempty}");
}

async fn slugs(pool: &Pool, index: &SearchIndex, q: &str) -> Vec<String> {
    let ids = index.search(q, &Filters::default(), Sort::Relevance).ids;
    db::cards(pool, &ids)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.slug)
        .collect()
}

#[tokio::test]
async fn titles_rank_first_then_organisations_then_the_rest() {
    let (_dir, pool) = database(0).await;
    let index = SearchIndex::load(&pool).await.unwrap();
    // "Georgia" is in one title; other activities mention it nowhere.
    let georgia = slugs(&pool, &index, "Georgia").await;
    assert_eq!(
        georgia.first().map(String::as_str),
        Some("nagasaki-living-donor-liver-transplantation-georgia")
    );
    // Every match for "liver" with the word in its title comes before any without.
    let liver = slugs(&pool, &index, "liver").await;
    let cards = db::cards(
        &pool,
        &index
            .search("liver", &Filters::default(), Sort::Relevance)
            .ids,
    )
    .await
    .unwrap();
    let in_title: Vec<bool> = cards
        .iter()
        .map(|c| c.title.en.to_lowercase().contains("liver"))
        .collect();
    assert!(in_title[0] && liver.len() == in_title.len());
    let first_without = in_title.iter().position(|t| !t).unwrap_or(in_title.len());
    assert!(in_title[first_without..].iter().all(|t| !t), "{liver:?}");
    // One and two characters of Japanese, and a misspelling kept as an alias.
    assert!(!slugs(&pool, &index, "肝").await.is_empty());
    assert!(!slugs(&pool, &index, "がん").await.is_empty());
    assert!(slugs(&pool, &index, "Universary")
        .await
        .iter()
        .any(|s| s.starts_with("nagasaki-")));
}

#[tokio::test]
async fn a_refreshed_handle_sees_a_write_and_old_readers_keep_theirs() {
    let (_dir, pool) = database(0).await;
    let handle = SearchHandle::new(SearchIndex::load(&pool).await.unwrap());
    let before = handle.current();
    let q = "Zanzibar";
    assert!(before
        .search(q, &Filters::default(), Sort::Relevance)
        .ids
        .is_empty());

    let mut tx = pool.begin().await.unwrap();
    let id: i64 = sqlx::query_scalar("SELECT id FROM activities ORDER BY id LIMIT 1")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    sqlx::query("UPDATE activities SET summary_en = summary_en || ' Zanzibar' WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    handle.refresh(&pool).await.unwrap();

    assert_eq!(
        handle
            .current()
            .search(q, &Filters::default(), Sort::Relevance)
            .ids,
        vec![id]
    );
    // A request that started before the write still answers from its own snapshot.
    assert!(before
        .search(q, &Filters::default(), Sort::Relevance)
        .ids
        .is_empty());
}

/// Everything a page or the API asks the engine, answered by `index`, for comparing two.
fn answers(index: &SearchIndex, ids: &[i64]) -> Vec<String> {
    let mut out = Vec::new();
    for q in QUERIES {
        for f in FILTERS {
            let filters = Filters::from_query(f);
            for sort in Sort::ALL {
                let answer = index.search(q, &filters, sort);
                out.push(format!(
                    "{q} {f} {sort:?} {:?} {:?}",
                    answer.ids, answer.counts
                ));
            }
            out.push(format!("summary {f} {:?}", index.summary(&filters, 20)));
        }
    }
    for &id in ids {
        out.push(format!("related {id} {:?}", index.related(id, 4)));
    }
    out.push(format!("totals {:?}", index.totals()));
    out.push(format!("published {:?}", index.recently_published(10)));
    out.push(format!("of {}", index.activities_of("nagasaki-university")));
    out
}

/// Asserts that `handle`'s index, updated in place, answers exactly as one built afresh
/// from the record and as the naive scan.
async fn assert_same_as_rebuilt(pool: &Pool, handle: &SearchHandle, ids: &[i64], step: &str) {
    let current = handle.current();
    let fresh = SearchIndex::load(pool).await.unwrap();
    assert_eq!(current.len(), fresh.len(), "{step}: size");
    let (mine, theirs) = (answers(&current, ids), answers(&fresh, ids));
    for (a, b) in mine.iter().zip(&theirs) {
        assert_eq!(a, b, "{step}");
    }
    let oracle = Oracle::load(pool).await;
    for q in QUERIES {
        for f in FILTERS {
            let filters = Filters::from_query(f);
            for sort in Sort::ALL {
                assert_eq!(
                    oracle.ids(q, &filters, sort),
                    current.search(q, &filters, sort).ids,
                    "{step}: q={q:?} {f} {sort:?}"
                );
            }
        }
    }
}

async fn execute(pool: &Pool, sql: &str, id: i64) {
    sqlx::query(sql).bind(id).execute(pool).await.unwrap();
}

#[tokio::test]
async fn publishing_in_place_answers_exactly_as_a_rebuild() {
    let (_dir, pool) = database(1_500).await;
    let handle = SearchHandle::new(SearchIndex::load(&pool).await.unwrap());
    let start = handle.current();
    let first: i64 = sqlx::query_scalar("SELECT min(id) FROM activities")
        .fetch_one(&pool)
        .await
        .unwrap();
    let middle = first + 700;
    let ids = [first, middle, first + 5];

    // Texts, title (its place in two orders), dates, status and every facet change.
    execute(
        &pool,
        "UPDATE activities SET title_en = 'Aardvark liver clinic', summary_en = 'Zanzibar 肝移植',
                start_date = '1999-04', end_date = NULL, status = 'completed',
                published_at = '2030-01-01T00:00:00Z'
         WHERE id = $1",
        middle,
    )
    .await;
    execute(
        &pool,
        "DELETE FROM activity_countries WHERE activity_id = $1",
        middle,
    )
    .await;
    execute(
        &pool,
        "INSERT INTO activity_countries (activity_id, country, position) VALUES ($1, 'MN', 0)",
        middle,
    )
    .await;
    execute(
        &pool,
        "DELETE FROM activity_fields WHERE activity_id = $1",
        middle,
    )
    .await;
    execute(
        &pool,
        "INSERT INTO activity_fields (activity_id, field, position) VALUES ($1, 'oncology', 0)",
        middle,
    )
    .await;
    execute(
        &pool,
        "INSERT INTO activity_participants (activity_id, organization_id, role, position)
         SELECT $1, id, 'implementing', 99 FROM organizations WHERE slug = 'nagasaki-university'
         ON CONFLICT DO NOTHING",
        middle,
    )
    .await;
    handle.publish(&pool, middle).await.unwrap();
    assert_same_as_rebuilt(&pool, &handle, &ids, "an activity changed").await;
    assert!(handle
        .current()
        .search("zanzibar", &Filters::default(), Sort::Relevance)
        .ids
        .contains(&middle));

    // A new activity with a new organisation, in a country no activity named before.
    let unused: String = sqlx::query_scalar(
        "SELECT code FROM countries WHERE code NOT IN (SELECT country FROM activity_countries)
         ORDER BY code LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO organizations (slug, name_en, name_ja, kind, country, profile_en, profile_ja)
         VALUES ('quokka-institute', 'Quokka Institute', 'クオッカ研究所', 'university', 'JP', '', '')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let added: i64 = sqlx::query_scalar(
        "INSERT INTO activities (slug, title_en, title_ja, summary_en, summary_ja, kind, status,
                                 start_date, last_updated)
         VALUES ('quokka', 'Quokka surgery training', 'クオッカ外科研修', 'Mongolia', 'モンゴル',
                 'lectures', 'ongoing', '2016', '2026-12-02')
         RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO activity_countries (activity_id, country, position) VALUES ($1, $2, 0)",
    )
    .bind(added)
    .bind(&unused)
    .execute(&pool)
    .await
    .unwrap();
    execute(
        &pool,
        "INSERT INTO activity_participants (activity_id, organization_id, role, position)
         SELECT $1, id, 'implementing', 0 FROM organizations WHERE slug = 'quokka-institute'",
        added,
    )
    .await;
    handle.publish(&pool, added).await.unwrap();
    assert_same_as_rebuilt(&pool, &handle, &[first, middle, added], "an activity added").await;
    assert_eq!(
        handle
            .current()
            .summary(&Filters::from_query(&format!("?country={unused}")), 20)
            .newest,
        vec![added]
    );

    // The only activity of a country leaves it: the country is no longer counted.
    execute(
        &pool,
        "DELETE FROM activity_countries WHERE activity_id = $1",
        added,
    )
    .await;
    handle.publish(&pool, added).await.unwrap();
    assert_same_as_rebuilt(&pool, &handle, &[first, added], "a country left").await;

    // A reader that started before the writes keeps its own answers.
    assert_eq!(start.len(), 1_526);
    assert!(start
        .search("zanzibar", &Filters::default(), Sort::Relevance)
        .ids
        .is_empty());
}
