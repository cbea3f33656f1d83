//! A deliberately naive search: the reference the in-memory index is checked against.
//!
//! It reads each activity with its own handful of queries, keeps its texts as plain strings
//! and answers every search by scanning all of them: no postings, no bit sets, no
//! precomputed orders. Slow on purpose and short enough to check by eye. The rules it
//! spells out are the site's: every word of the query is a substring (case-folded) of the
//! activity's title, organisations or body in either language; facets are OR within, AND
//! across, each counted under the other filters but not its own; a year range keeps the
//! activities whose years overlap it (ongoing ones run to "still going").

use app::filters::{Filters, Sort};
use app::ssr::db::Pool;
use app::ssr::search::FacetCounts;

/// One activity as the oracle holds it.
pub struct Entry {
    pub id: i64,
    title: String,
    orgs: String,
    body: String,
    title_en: String,
    start: Option<String>,
    end: Option<String>,
    status: String,
    kind: String,
    countries: Vec<String>,
    regions: Vec<String>,
    fields: Vec<String>,
    org_slugs: Vec<String>,
    /// Who confirmed the latest revision, worked out here on its own.
    confirmation: String,
}

pub struct Oracle {
    entries: Vec<Entry>,
}

async fn strings(pool: &Pool, sql: &str, id: i64) -> Vec<String> {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_all(pool)
        .await
        .unwrap()
}

impl Oracle {
    pub async fn load(pool: &Pool) -> Self {
        type Own = (
            i64,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            String,
        );
        let rows: Vec<Own> = sqlx::query_as(
            "SELECT id, title_en, title_ja, summary_en, summary_ja, area_note_en, area_note_ja,
                    start_date, end_date, status, kind FROM activities",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        let mut entries = Vec::new();
        for (id, t_en, t_ja, s_en, s_ja, n_en, n_ja, start, end, status, kind) in rows {
            let org_names = strings(
                pool,
                "SELECT o.name_en || ' ' || o.name_ja || ' ' || o.aliases
                 FROM activity_participants p JOIN organizations o ON o.id = p.organization_id
                 WHERE p.activity_id = $1",
                id,
            )
            .await;
            let place_and_field_names = strings(
                pool,
                "SELECT c.name_en || ' ' || c.name_ja FROM activity_countries ac
                 JOIN countries c ON c.code = ac.country WHERE ac.activity_id = $1
                 UNION ALL
                 SELECT f.name_en || ' ' || f.name_ja FROM activity_fields af
                 JOIN fields f ON f.slug = af.field WHERE af.activity_id = $1",
                id,
            )
            .await;
            let body = [
                s_en,
                s_ja,
                n_en.unwrap_or_default(),
                n_ja.unwrap_or_default(),
            ]
            .into_iter()
            .chain(place_and_field_names)
            .collect::<Vec<_>>()
            .join(" ");
            // The countries of the organisations that confirmed the latest revision.
            let confirmers = strings(
                pool,
                "SELECT o.country FROM confirmations c JOIN organizations o ON o.id = c.organization_id
                 WHERE c.activity_id = $1
                   AND c.revision = (SELECT max(number) FROM revisions WHERE activity_id = $1)",
                id,
            )
            .await;
            let japan = confirmers.iter().any(|c| c == "JP");
            let abroad = confirmers.iter().any(|c| c != "JP");
            let confirmation = match (japan, abroad) {
                (true, true) => "both-sides",
                (false, false) => "not-confirmed",
                _ => "one-side",
            }
            .to_string();
            entries.push(Entry {
                id,
                confirmation,
                title: format!("{t_en} {t_ja}").to_lowercase(),
                orgs: org_names.join(" ").to_lowercase(),
                body: body.to_lowercase(),
                title_en: t_en,
                start,
                end,
                status,
                kind,
                countries: strings(
                    pool,
                    "SELECT country FROM activity_countries WHERE activity_id = $1",
                    id,
                )
                .await,
                regions: strings(
                    pool,
                    "SELECT DISTINCT c.region FROM activity_countries ac
                     JOIN countries c ON c.code = ac.country
                     WHERE ac.activity_id = $1 AND c.region IS NOT NULL",
                    id,
                )
                .await,
                fields: strings(
                    pool,
                    "SELECT field FROM activity_fields WHERE activity_id = $1",
                    id,
                )
                .await,
                org_slugs: strings(
                    pool,
                    "SELECT DISTINCT o.slug FROM activity_participants p
                     JOIN organizations o ON o.id = p.organization_id WHERE p.activity_id = $1",
                    id,
                )
                .await,
            });
        }
        Oracle { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    fn terms(q: &str) -> Vec<String> {
        q.split_whitespace()
            .take(8)
            .map(str::to_lowercase)
            .collect()
    }

    fn text_matches(e: &Entry, terms: &[String]) -> bool {
        terms.iter().all(|t| {
            e.title.contains(t.as_str())
                || e.orgs.contains(t.as_str())
                || e.body.contains(t.as_str())
        })
    }

    fn year(date: &Option<String>) -> Option<u16> {
        date.as_deref()?.get(..4)?.parse().ok()
    }

    fn years_match(e: &Entry, f: &Filters) -> bool {
        let (start, end) = (Self::year(&e.start), Self::year(&e.end));
        if start.is_none() && end.is_none() {
            return f.from.is_none() && f.to.is_none();
        }
        let last = end.unwrap_or(if e.status == "completed" {
            start.unwrap_or(u16::MAX)
        } else {
            u16::MAX
        });
        let first = start.or(end).unwrap_or(0);
        f.from.is_none_or(|from| last >= from) && f.to.is_none_or(|to| first <= to)
    }

    /// The facet values of an entry, in the order of [`FacetCounts`]' fields.
    fn values(e: &Entry) -> [Vec<String>; 7] {
        [
            e.countries.clone(),
            e.regions.clone(),
            e.fields.clone(),
            vec![e.kind.clone()],
            vec![e.status.clone()],
            e.org_slugs.clone(),
            vec![e.confirmation.clone()],
        ]
    }

    fn chosen(f: &Filters) -> [Vec<String>; 7] {
        [
            f.countries.clone(),
            f.regions.clone(),
            f.fields.clone(),
            f.kinds.iter().map(|k| k.slug().to_string()).collect(),
            f.statuses.iter().map(|s| s.slug().to_string()).collect(),
            f.orgs.clone(),
            f.confirmations
                .iter()
                .map(|c| c.slug().to_string())
                .collect(),
        ]
    }

    /// Whether `e` passes every facet filter except the one at `skip`.
    fn facets_match(e: &Entry, chosen: &[Vec<String>; 7], skip: Option<usize>) -> bool {
        let values = Self::values(e);
        (0..7).all(|i| {
            Some(i) == skip
                || chosen[i].is_empty()
                || chosen[i].iter().any(|c| values[i].contains(c))
        })
    }

    /// The ids matching `q` and `filters`, in `sort` order.
    pub fn ids(&self, q: &str, filters: &Filters, sort: Sort) -> Vec<i64> {
        let terms = Self::terms(q);
        let chosen = Self::chosen(filters);
        let mut hits: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| Self::text_matches(e, &terms) && Self::years_match(e, filters))
            .filter(|e| Self::facets_match(e, &chosen, None))
            .collect();
        let newest = |a: &&Entry, b: &&Entry| {
            let date = |e: &Entry| e.start.clone().unwrap_or_default();
            date(b)
                .cmp(&date(a))
                .then_with(|| a.title_en.cmp(&b.title_en))
                .then_with(|| a.id.cmp(&b.id))
        };
        let score = |e: &Entry| -> u32 {
            terms
                .iter()
                .map(|t| {
                    10 * u32::from(e.title.contains(t.as_str()))
                        + 5 * u32::from(e.orgs.contains(t.as_str()))
                        + u32::from(e.body.contains(t.as_str()))
                })
                .sum()
        };
        match sort {
            Sort::Title => hits.sort_by(|a, b| a.title_en.cmp(&b.title_en).then(a.id.cmp(&b.id))),
            Sort::Relevance if !terms.is_empty() => {
                hits.sort_by(|a, b| score(b).cmp(&score(a)).then_with(|| newest(a, b)))
            }
            _ => hits.sort_by(newest),
        }
        hits.into_iter().map(|e| e.id).collect()
    }

    /// Every facet's counts for `q` and `filters`, each under the other filters only.
    pub fn counts(&self, q: &str, filters: &Filters) -> FacetCounts {
        let terms = Self::terms(q);
        let chosen = Self::chosen(filters);
        let mut lists: Vec<Vec<(String, u32)>> = Vec::new();
        for facet in 0..7 {
            let mut tally: std::collections::BTreeMap<String, u32> = Default::default();
            for e in &self.entries {
                if Self::text_matches(e, &terms)
                    && Self::years_match(e, filters)
                    && Self::facets_match(e, &chosen, Some(facet))
                {
                    let mut values = Self::values(e)[facet].clone();
                    values.sort();
                    values.dedup();
                    for v in values {
                        *tally.entry(v).or_default() += 1;
                    }
                }
            }
            let mut list: Vec<(String, u32)> = tally.into_iter().collect();
            list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            if facet == 5 {
                list.truncate(30);
            }
            lists.push(list);
        }
        let [countries, regions, fields, kinds, statuses, orgs, confirmations]: [Vec<(String, u32)>;
            7] = lists.try_into().unwrap();
        FacetCounts {
            countries,
            regions,
            fields,
            kinds,
            statuses,
            orgs,
            confirmations,
        }
    }
}
