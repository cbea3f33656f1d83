//! Search latency at 1k, 10k and 100k activities: prints p50 / p95 / p99 of typical searches,
//! each measured as a visitor gets it (matching ids in order, the first page of 20 cards, and
//! every facet's counts, labelled), and of the other reads the search engine answers (the
//! map's counts, a country's and an organisation's page). Also prints the index's build time
//! and size, and how long a moderator's approval takes until search shows the change (the
//! whole `workflow::approve`: checks, transaction, index update). Run with `make bench`
//! (release build); the figures go in notes.

use app::filters::{Filters, Sort};
use app::forms::ActivityInput;
use app::ssr::account::{auth, workflow};
use app::ssr::search::{label_facets, SearchHandle, SearchIndex};
use app::ssr::{db, record, seed, synthetic};
use std::path::Path;
use std::time::{Duration, Instant};

const RUNS: usize = 60;

struct Case {
    name: &'static str,
    q: &'static str,
    filters: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "word: liver",
        q: "liver",
        filters: "",
    },
    Case {
        name: "Japanese: 肝移植",
        q: "肝移植",
        filters: "",
    },
    Case {
        name: "two characters: がん",
        q: "がん",
        filters: "",
    },
    Case {
        name: "facets only: country=VN",
        q: "",
        filters: "?country=VN",
    },
    Case {
        name: "query + 3 facets",
        q: "surgery",
        filters: "?country=VN&kind=lectures&from=2010",
    },
];

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn print_row(n: usize, name: &str, results: usize, times: &mut [Duration]) {
    times.sort_unstable();
    println!(
        "| {n} | {name} | {results} | {:.2} | {:.2} | {:.2} |",
        percentile(times, 0.50),
        percentile(times, 0.95),
        percentile(times, 0.99)
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let record = seed::read_dir(&data).expect("seed record");
    println!("| activities | query | results | p50 ms | p95 ms | p99 ms |");
    println!("|---:|---|---:|---:|---:|---:|");
    let mut builds = Vec::new();
    let mut approvals = Vec::new();
    for &n in &sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let pool = db::connect(&url).await.expect("database").pool;
        seed::load_if_empty(&pool, &record).await.expect("seed");
        let started = Instant::now();
        synthetic::generate(&pool, n - record.activities.len(), 1)
            .await
            .expect("generate");
        eprintln!(
            "generated {n} activities in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let started = Instant::now();
        let index = SearchIndex::load(&pool).await.expect("index");
        builds.push((n, started.elapsed(), index.heap_bytes()));
        for case in CASES {
            let filters = Filters::from_query(case.filters);
            let mut times = Vec::with_capacity(RUNS);
            let mut results = 0;
            for run in 0..RUNS + 5 {
                let t = Instant::now();
                let answer = index.search(case.q, &filters, Sort::Relevance);
                let facets = label_facets(answer.counts, &filters, index.names());
                let page: Vec<i64> = answer.ids.iter().take(20).copied().collect();
                let cards = db::cards(&pool, &page).await.unwrap();
                let took = t.elapsed();
                assert!(cards.len() <= 20 && !facets.is_empty());
                results = answer.ids.len();
                if run >= 5 {
                    times.push(took);
                }
            }
            print_row(n, case.name, results, &mut times);
        }
        // The pages whose lists the engine now answers (their cards and aggregates are SQL).
        let mut map = Vec::with_capacity(RUNS);
        let mut country = Vec::with_capacity(RUNS);
        let mut org = Vec::with_capacity(RUNS);
        let (mut in_vn, mut at_nagasaki, mut mapped) = (0, 0, 0);
        for run in 0..RUNS / 4 + 2 {
            let t = Instant::now();
            let counts = db::country_counts(&pool, &index, &Filters::default())
                .await
                .unwrap();
            let took_map = t.elapsed();
            let t = Instant::now();
            let vn = db::country(&pool, &index, "VN", app::api::SHOWN_ON_PAGE)
                .await
                .unwrap()
                .unwrap();
            let took_country = t.elapsed();
            let t = Instant::now();
            let nagasaki = db::organization(
                &pool,
                &index,
                "nagasaki-university",
                app::api::SHOWN_ON_PAGE,
            )
            .await
            .unwrap()
            .unwrap();
            let took_org = t.elapsed();
            mapped = counts.iter().filter(|c| c.count > 0).count();
            in_vn = vn.activities.total as usize;
            at_nagasaki = nagasaki.activities.total as usize;
            if run >= 2 {
                map.push(took_map);
                country.push(took_country);
                org.push(took_org);
            }
        }
        print_row(
            n,
            "map counts (countries with activities)",
            mapped,
            &mut map,
        );
        print_row(n, "country page VN (activities)", in_vn, &mut country);
        print_row(
            n,
            "organisation page nagasaki-university",
            at_nagasaki,
            &mut org,
        );
        let handle = SearchHandle::new(index);
        let (changed, added) = approve_runs(&pool, &handle).await;
        approvals.push((n, "a change to a published activity", changed));
        approvals.push((n, "a new activity", added));
    }
    println!();
    println!("| activities | approval until searchable | runs | p50 ms | p95 ms | p99 ms |");
    println!("|---:|---|---:|---:|---:|---:|");
    for (n, kind, mut times) in approvals {
        let runs = times.len();
        times.sort_unstable();
        println!(
            "| {n} | {kind} | {runs} | {:.2} | {:.2} | {:.2} |",
            percentile(&times, 0.50),
            percentile(&times, 0.95),
            percentile(&times, 0.99)
        );
    }
    println!();
    println!("| activities | index build s | index heap MB |");
    println!("|---:|---:|---:|");
    for (n, took, bytes) in builds {
        println!(
            "| {n} | {:.2} | {:.1} |",
            took.as_secs_f64(),
            bytes as f64 / 1_048_576.0
        );
    }
}

const APPROVALS: usize = 20;

/// A Nagasaki University editor proposes, and a moderator approves, `APPROVALS` changes to
/// a published activity and as many new activities; each approval is timed from the call
/// until it returns, when the change is in the index (asserted: search finds its word).
async fn approve_runs(pool: &db::Pool, handle: &SearchHandle) -> (Vec<Duration>, Vec<Duration>) {
    auth::ensure_demo_accounts(pool)
        .await
        .expect("demo accounts");
    let actor = |email: &'static str| async move {
        let id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = ?")
            .bind(email)
            .fetch_one(pool)
            .await
            .expect("demo account");
        auth::load_actor(pool, id)
            .await
            .expect("actor")
            .expect("enabled")
    };
    let editor = actor("editor.nagasaki-university@example.org").await;
    let moderator = actor("moderator@example.org").await;
    let slug = "nagasaki-living-donor-liver-transplantation-georgia";
    let published = record::activity_input(pool, slug)
        .await
        .expect("read")
        .expect("seeded activity");
    let (mut changed, mut added) = (Vec::new(), Vec::new());
    for run in 0..APPROVALS * 2 {
        let word = format!("benchword{run}x");
        let (input, target) = if run % 2 == 0 {
            let mut input = published.clone();
            input.summary_en = format!("{} {word}", published.summary_en);
            (input, Some(slug))
        } else {
            let mut input = ActivityInput::from_pairs([
                ("title_ja", "ザンジバル遠隔ICU試行"),
                ("summary_en", "Remote intensive-care rounds."),
                ("summary_ja", "遠隔でのICU回診。"),
                ("kind", "capacity-building"),
                ("status", "ongoing"),
                ("start", "2025-04"),
                ("field", "intensive-care"),
                ("c0_code", "TZ"),
                ("p0_org", "nagasaki-university"),
                ("p0_role", "lead"),
                ("s0_title", "Nagasaki University news"),
                ("s0_url", "https://example.org/zanzibar"),
            ]);
            input.title_en = format!("Zanzibar remote ICU {word}");
            (input, None)
        };
        let id = workflow::save_submission(
            pool,
            Some(&editor),
            target,
            workflow::Saving {
                draft: None,
                base: None,
                submit: true,
            },
            input,
            None,
        )
        .await
        .expect("proposal");
        let t = Instant::now();
        workflow::approve(pool, handle, Some(&moderator), id, None)
            .await
            .expect("approval");
        let took = t.elapsed();
        let found = handle
            .current()
            .search(&word, &Filters::default(), Sort::Relevance)
            .ids;
        assert_eq!(found.len(), 1, "the approved change is searchable at once");
        if target.is_some() {
            changed.push(took);
        } else {
            added.push(took);
        }
    }
    (changed, added)
}
