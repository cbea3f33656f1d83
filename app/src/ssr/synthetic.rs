//! Synthetic activities for measuring search at scale: deterministic (the same seed gives the
//! same records), a realistic mix of English and Japanese text, countries, fields, kinds and
//! years, built from the real organisations and vocabularies.
//!
//! Rules: synthetic records are written only into a database named for the purpose (the
//! `server generate` command and the benchmark use their own files), never into the seed
//! record, and every slug starts with `synthetic-` so they cannot be mistaken for real ones.

use crate::model::{ActivityKind, ActivityStatus};
use crate::ssr::db::Pool;

/// A small, fast, deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Partner countries, weighted towards where the real record's work is (Asia first).
const COUNTRIES: &[&str] = &[
    "VN", "VN", "VN", "MN", "MN", "KZ", "CN", "CN", "ID", "TH", "PH", "MM", "IN", "NP", "LA", "KH",
    "BD", "LK", "PK", "UZ", "GE", "EG", "ZM", "KE", "GH", "BO", "MX", "CR", "BR", "SA", "QA", "TR",
    "RS",
];

const PHRASES_EN: &[&str] = &[
    "surgical training",
    "capacity building",
    "joint research",
    "lecture series",
    "exchange programme",
    "clinical guidance",
    "online seminar",
    "fellowship",
];
const PHRASES_JA: &[&str] = &[
    "手術指導",
    "人材育成",
    "共同研究",
    "講演会",
    "交流プログラム",
    "臨床指導",
    "オンラインセミナー",
    "研修",
];

/// Adds `n` synthetic activities, in one transaction through the normal write path, each
/// with its first revision as the seed's have (so that servers following the record on
/// PostgreSQL find them at their next version check).
pub async fn generate(pool: &Pool, n: usize, seed: u64) -> Result<usize, sqlx::Error> {
    let orgs: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, name_en, name_ja, country FROM organizations ORDER BY id")
            .fetch_all(pool)
            .await?;
    let japanese: Vec<&(i64, String, String, String)> =
        orgs.iter().filter(|o| o.3 == "JP").collect();
    let fields: Vec<(String, String, String)> =
        sqlx::query_as("SELECT slug, name_en, name_ja FROM fields ORDER BY slug")
            .fetch_all(pool)
            .await?;
    let countries: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT code, name_en, name_ja FROM countries WHERE code IN (SELECT value FROM json_each($1)) ORDER BY code",
    )
    .bind(serde_json::to_string(COUNTRIES).expect("codes serialise"))
    .fetch_all(pool)
    .await?;
    if japanese.is_empty() || fields.is_empty() || countries.is_empty() {
        return Ok(0);
    }
    let mut rng = Rng::new(seed);
    let imported = serde_json::json!([crate::forms::IMPORTED]).to_string();
    let mut tx = pool.begin().await?;
    for i in 0..n {
        let lead = *rng.pick(&japanese);
        let field = rng.pick(&fields);
        let code = *rng.pick(COUNTRIES);
        let country = countries
            .iter()
            .find(|c| c.0 == code)
            .unwrap_or(&countries[0]);
        let phrase = rng.below(PHRASES_EN.len());
        let kind = *rng.pick(ActivityKind::ALL);
        let status = *rng.pick(ActivityStatus::ALL);
        let year = 1995 + rng.below(32);
        let start = if rng.below(4) == 0 {
            format!("{year}")
        } else {
            format!("{year}-{:02}", 1 + rng.below(12))
        };
        let end = (status == ActivityStatus::Completed).then(|| format!("{}", year + rng.below(4)));
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO activities (slug, title_en, title_ja, summary_en, summary_ja, kind, status,
                                     start_date, end_date, last_updated)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '2026-11-22') RETURNING id",
        )
        .bind(format!("synthetic-{seed}-{i}"))
        .bind(format!("{}: {} {} in {}", lead.1, field.1, PHRASES_EN[phrase], country.1))
        .bind(format!("{}による{}での{}{}", lead.2, country.2, field.2, PHRASES_JA[phrase]))
        .bind(format!(
            "{} works with partners in {} on {} ({}), with trainees, lectures and visits in both directions.",
            lead.1, country.1, field.1.to_lowercase(), PHRASES_EN[phrase]
        ))
        .bind(format!(
            "{}は{}のパートナーと{}の分野で{}を行い、研修生の受け入れや講演、相互訪問を実施している。",
            lead.2, country.2, field.2, PHRASES_JA[phrase]
        ))
        .bind(kind.slug())
        .bind(status.slug())
        .bind(start)
        .bind(end)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO activity_fields (activity_id, field, position) VALUES ($1, $2, 0)",
        )
        .bind(id)
        .bind(&field.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO activity_countries (activity_id, country, position) VALUES ($1, $2, 0)",
        )
        .bind(id)
        .bind(&country.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO activity_participants (activity_id, organization_id, role, position) VALUES ($1, $2, 'lead', 0)",
        )
        .bind(id)
        .bind(lead.0)
        .execute(&mut *tx)
        .await?;
        // A third of those that move people say how many took part (the flows add them up).
        if kind.direction().is_some() && rng.below(3) == 0 {
            sqlx::query(
                "INSERT INTO figures (activity_id, position, label_en, label_ja, value, unit_en, unit_ja, people)
                 VALUES ($1, 0, 'Participants', '参加者', $2, 'people', '人', 'countries')",
            )
            .bind(id)
            .bind((2 + rng.below(59)) as f64)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("INSERT INTO revisions (activity_id, number, changes) VALUES ($1, 1, $2)")
            .bind(id)
            .bind(&imported)
            .execute(&mut *tx)
            .await?;
        let partner = rng.pick(&orgs);
        if partner.0 != lead.0 {
            sqlx::query(
                "INSERT INTO activity_participants (activity_id, organization_id, role, position) VALUES ($1, $2, 'partner', 1)",
            )
            .bind(id)
            .bind(partner.0)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn the_generator_is_deterministic() {
        let a: Vec<u64> = {
            let mut r = Rng::new(1);
            (0..5).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(1);
            (0..5).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::new(2);
            (0..5).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mut r = Rng::new(7);
        assert!((0..1000).all(|_| r.below(10) < 10));
    }
}
