//! Search latency at 1k, 10k and 100k activities: prints p50 / p95 / p99 of typical searches,
//! each measured as a visitor gets it (matching ids in order, the first page of 20 cards, and
//! every facet's counts). Run with `make bench` (release build); the figures go in notes.

use app::filters::Filters;
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
    println!("| activities | query | results | p50 ms | p95 ms | p99 ms |");
    println!("|---:|---|---:|---:|---:|---:|");
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
        for case in CASES {
            let filters = Filters::from_query(case.filters);
            let mut times = Vec::with_capacity(RUNS);
            let mut results = 0;
            for run in 0..RUNS + 5 {
                let t = Instant::now();
                let ids = db::search_ids(&pool, case.q, &filters, db::Sort::Relevance)
                    .await
                    .unwrap();
                let page: Vec<i64> = ids.iter().take(20).copied().collect();
                let cards = db::cards(&pool, &page).await.unwrap();
                let facets = db::facet_counts(&pool, case.q, &filters).await.unwrap();
                let elapsed = t.elapsed();
                assert!(cards.len() <= 20 && !facets.kinds.is_empty() || ids.is_empty());
                results = ids.len();
                if run >= 5 {
                    times.push(elapsed);
                }
            }
            times.sort_unstable();
            println!(
                "| {n} | {} | {results} | {:.2} | {:.2} | {:.2} |",
                case.name,
                percentile(&times, 0.50),
                percentile(&times, 0.95),
                percentile(&times, 0.99)
            );
        }
    }
}
