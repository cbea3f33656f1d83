//! Search latency at 1k, 10k and 100k activities: prints p50 / p95 / p99 of typical searches,
//! each measured as a visitor gets it (matching ids in order, the first page of 20 cards, and
//! every facet's counts, labelled), for both engines: the SQL path (FTS5 + `GROUP BY`s) and
//! the in-memory index the site serves from. Also prints the index's build time and size.
//! Run with `make bench` (release build); the figures go in notes.

use app::filters::Filters;
use app::ssr::index::SearchIndex;
use app::ssr::{db, seed, synthetic};
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

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let record = seed::read_dir(&data).expect("seed record");
    println!("| activities | query | results | engine | p50 ms | p95 ms | p99 ms |");
    println!("|---:|---|---:|---|---:|---:|---:|");
    let mut builds = Vec::new();
    for &n in &sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let pool = db::connect(&url).await.expect("database");
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
            let mut sql_times = Vec::with_capacity(RUNS);
            let mut mem_times = Vec::with_capacity(RUNS);
            let mut results = (0, 0);
            for run in 0..RUNS + 5 {
                let t = Instant::now();
                let ids = db::search_ids(&pool, case.q, &filters, db::Sort::Relevance)
                    .await
                    .unwrap();
                let page: Vec<i64> = ids.iter().take(20).copied().collect();
                let cards = db::cards(&pool, &page).await.unwrap();
                let counts = db::facet_counts(&pool, case.q, &filters).await.unwrap();
                let mut orgs: Vec<&str> = counts.orgs.iter().map(|(s, _)| s.as_str()).collect();
                orgs.extend(filters.orgs.iter().map(String::as_str));
                let names = db::facet_names(&pool, Some(&orgs)).await.unwrap();
                let facets = db::label_facets(counts, &filters, &names);
                let sql = t.elapsed();
                assert!(cards.len() <= 20 && !facets.is_empty());

                let t = Instant::now();
                let answer = index.search(case.q, &filters, db::Sort::Relevance);
                let facets = db::label_facets(answer.counts, &filters, index.names());
                let page: Vec<i64> = answer.ids.iter().take(20).copied().collect();
                let cards = db::cards(&pool, &page).await.unwrap();
                let mem = t.elapsed();
                assert!(cards.len() <= 20 && !facets.is_empty());
                results = (ids.len(), answer.ids.len());
                if run >= 5 {
                    sql_times.push(sql);
                    mem_times.push(mem);
                }
            }
            assert_eq!(
                results.0, results.1,
                "{}: both engines find the same number of activities",
                case.name
            );
            for (engine, times) in [("sqlite", &mut sql_times), ("memory", &mut mem_times)] {
                times.sort_unstable();
                println!(
                    "| {n} | {} | {} | {engine} | {:.2} | {:.2} | {:.2} |",
                    case.name,
                    results.0,
                    percentile(times, 0.50),
                    percentile(times, 0.95),
                    percentile(times, 0.99)
                );
            }
        }
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
