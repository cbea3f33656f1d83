//! The in-memory search index that answers the search page: matching, ordering and every
//! facet's counts in one pass over memory, with no SQL on the hot path.
//!
//! Why memory and not SQL: an SQLite FTS5 engine answered the same questions until issue 9,
//! but at 10k–100k activities its facet counts (six `GROUP BY`s over the matching ids) and
//! the `LIKE` scan for one- and two-character Japanese terms cost tens to hundreds of
//! milliseconds, against single-digit milliseconds here (`make bench`).
//!
//! How it works:
//! - every activity is one document, read from the record's own tables: its lower-cased
//!   title (both languages), organisations (names in both languages and other spellings)
//!   and body (summaries, area notes, country and field names), its facet values and its
//!   year bounds;
//! - text: postings of character bigrams (and single characters, for one-character terms);
//!   a term's candidates are the intersection of its rarest bigrams' postings, confirmed by
//!   a substring check, so any term of any length and script matches as a substring;
//! - facets: a sorted posting list per value; a request turns each active facet into a bit
//!   set, and each facet is counted under all the others but not its own;
//! - order: newest-first and title orders are computed once; relevance scores title (10),
//!   organisation (5) and body (1) hits per term, then newest.
//!
//! The index is immutable. A write builds a new one and swaps it in ([`SearchHandle`]);
//! readers keep the one they started with.

use super::facets::{facet_names, FacetCounts, FacetNames};
use crate::filters::{Filters, Sort};
use crate::model::ActivityStatus;
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Facet positions in [`SearchIndex::facets`] and [`Doc::values`].
const COUNTRY: usize = 0;
const REGION: usize = 1;
const FIELD: usize = 2;
const KIND: usize = 3;
const STATUS: usize = 4;
const ORG: usize = 5;
const FACETS: usize = 6;

/// How many organisations the organisation facet lists (the most frequent first).
const ORG_FACET_LIMIT: usize = 30;
/// Words of a query that are used; more are ignored (as in the SQL path).
const MAX_TERMS: usize = 8;

/// One facet's values and which documents hold each.
#[derive(Default)]
struct FacetIndex {
    keys: Vec<String>,
    ids: HashMap<String, u32>,
    postings: Vec<Vec<u32>>,
}

impl FacetIndex {
    fn intern(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = u32::try_from(self.keys.len()).expect("fewer than 4 billion facet values");
        self.keys.push(key.to_string());
        self.ids.insert(key.to_string(), id);
        self.postings.push(Vec::new());
        id
    }

    /// The documents holding any of `keys` (OR within a facet).
    fn any_of<'a>(&self, keys: impl IntoIterator<Item = &'a str>, docs: usize) -> Bits {
        let mut bits = Bits::empty(docs);
        for key in keys {
            if let Some(&id) = self.ids.get(key) {
                for &d in &self.postings[id as usize] {
                    bits.set(d);
                }
            }
        }
        bits
    }
}

/// One activity as the index sees it.
struct Doc {
    id: i64,
    /// Lower-cased `title \n orgs \n body`.
    text: Box<str>,
    title_end: usize,
    orgs_end: usize,
    /// The first year the activity covers (start, else end); `None` when undated.
    first_year: Option<u16>,
    /// The last year it covers: its end, else its start when completed, else "still going"
    /// (`u16::MAX`); `None` when undated.
    last_year: Option<u16>,
    values: [Box<[u32]>; FACETS],
}

/// A fixed-size set of document positions.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Bits(Vec<u64>);

impl Bits {
    fn empty(n: usize) -> Self {
        Bits(vec![0; n.div_ceil(64)])
    }

    fn full(n: usize) -> Self {
        let mut words = vec![u64::MAX; n.div_ceil(64)];
        if !n.is_multiple_of(64) {
            if let Some(last) = words.last_mut() {
                *last = (1u64 << (n % 64)) - 1;
            }
        }
        Bits(words)
    }

    fn set(&mut self, i: u32) {
        self.0[i as usize / 64] |= 1 << (i % 64);
    }

    fn contains(&self, i: u32) -> bool {
        self.0[i as usize / 64] & (1 << (i % 64)) != 0
    }

    fn and_with(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a &= b;
        }
    }

    fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &word)| {
            let mut w = word;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some(i as u32 * 64 + bit)
            })
        })
    }
}

/// What one request gets back: the matching activity ids in order, and the facet counts.
#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    pub ids: Vec<i64>,
    pub counts: FacetCounts,
}

/// The search index. Build with [`SearchIndex::load`]; query with [`SearchIndex::search`].
pub struct SearchIndex {
    docs: Vec<Doc>,
    bigrams: HashMap<(char, char), Vec<u32>>,
    unigrams: HashMap<char, Vec<u32>>,
    facets: [FacetIndex; FACETS],
    /// Document positions, newest first (start date descending, then English title, id).
    newest: Vec<u32>,
    /// Each document's place in `newest`, for tie-breaks.
    newest_rank: Vec<u32>,
    /// Document positions by English title (byte order, as SQLite sorts), then id.
    by_title: Vec<u32>,
    names: FacetNames,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.docs.len())
            .field("bigrams", &self.bigrams.len())
            .finish_non_exhaustive()
    }
}

fn year(date: Option<&str>) -> Option<u16> {
    date.and_then(|d| d.get(..4)).and_then(|y| y.parse().ok())
}

/// Sorted, de-duplicated document positions per document, from `(activity id, key)` rows.
fn attach(
    rows: Vec<(i64, String)>,
    pos: &HashMap<i64, u32>,
    facet: &mut FacetIndex,
    per_doc: &mut [Vec<u32>],
) {
    for (activity, key) in rows {
        let Some(&d) = pos.get(&activity) else {
            continue;
        };
        let v = facet.intern(&key);
        if !per_doc[d as usize].contains(&v) {
            per_doc[d as usize].push(v);
            facet.postings[v as usize].push(d);
        }
    }
}

/// One activity's own columns, as the index reads them.
#[derive(sqlx::FromRow)]
struct ActivityTextRow {
    id: i64,
    kind: String,
    status: String,
    start_date: Option<String>,
    end_date: Option<String>,
    title_en: String,
    title_ja: String,
    summary_en: String,
    summary_ja: String,
    area_note_en: Option<String>,
    area_note_ja: Option<String>,
}

/// A country or field of an activity, with its names (and a country's region).
#[derive(sqlx::FromRow)]
struct NamedValueRow {
    activity_id: i64,
    key: String,
    name_en: String,
    name_ja: String,
    region: Option<String>,
}

/// An organisation taking part in an activity, with its names and other spellings.
#[derive(sqlx::FromRow)]
struct ParticipantTextRow {
    activity_id: i64,
    slug: String,
    name_en: String,
    name_ja: String,
    aliases: String,
}

/// The published record as the index reads it: four plain queries, whatever its size.
struct Record {
    activities: Vec<ActivityTextRow>,
    countries: Vec<NamedValueRow>,
    fields: Vec<NamedValueRow>,
    participants: Vec<ParticipantTextRow>,
}

impl Record {
    async fn read(pool: &SqlitePool) -> Result<Self, sqlx::Error> {
        Ok(Record {
            activities: sqlx::query_as(
                "SELECT id, kind, status, start_date, end_date, title_en, title_ja,
                        summary_en, summary_ja, area_note_en, area_note_ja
                 FROM activities ORDER BY id",
            )
            .fetch_all(pool)
            .await?,
            countries: sqlx::query_as(
                "SELECT ac.activity_id, c.code AS key, c.name_en, c.name_ja, c.region
                 FROM activity_countries ac JOIN countries c ON c.code = ac.country
                 ORDER BY ac.activity_id, ac.position",
            )
            .fetch_all(pool)
            .await?,
            fields: sqlx::query_as(
                "SELECT af.activity_id, f.slug AS key, f.name_en, f.name_ja, NULL AS region
                 FROM activity_fields af JOIN fields f ON f.slug = af.field
                 ORDER BY af.activity_id, af.position",
            )
            .fetch_all(pool)
            .await?,
            participants: sqlx::query_as(
                "SELECT p.activity_id, o.slug, o.name_en, o.name_ja, o.aliases
                 FROM activity_participants p JOIN organizations o ON o.id = p.organization_id
                 ORDER BY p.activity_id, p.position",
            )
            .fetch_all(pool)
            .await?,
        })
    }
}

impl SearchIndex {
    /// Reads every published activity, its texts and its facets from the record and builds
    /// the index.
    pub async fn load(pool: &SqlitePool) -> Result<Self, sqlx::Error> {
        let record = Record::read(pool).await?;
        let names = facet_names(pool).await?;
        Ok(Self::build(record, names))
    }

    fn build(record: Record, names: FacetNames) -> Self {
        let Record {
            activities: rows,
            countries: country_rows,
            fields: field_rows,
            participants,
        } = record;
        let mut title_text: Vec<String> = Vec::with_capacity(rows.len());
        let mut orgs_text: Vec<String> = vec![String::new(); rows.len()];
        let mut body_text: Vec<String> = Vec::with_capacity(rows.len());
        let n = rows.len();
        // Each activity's position in the index, by id: for its texts and its facets.
        let pos: HashMap<i64, u32> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, i as u32))
            .collect();
        for r in &rows {
            title_text.push(format!("{} {}", r.title_en, r.title_ja));
            let mut body = format!("{} {}", r.summary_en, r.summary_ja);
            for note in [&r.area_note_en, &r.area_note_ja].into_iter().flatten() {
                body.push(' ');
                body.push_str(note);
            }
            body_text.push(body);
        }
        let append = |texts: &mut Vec<String>, id: i64, parts: &[&str]| {
            if let Some(&i) = pos.get(&id) {
                let text = &mut texts[i as usize];
                for part in parts {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(part);
                }
            }
        };
        for p in &participants {
            append(
                &mut orgs_text,
                p.activity_id,
                &[&p.name_en, &p.name_ja, &p.aliases],
            );
        }
        for c in &country_rows {
            append(&mut body_text, c.activity_id, &[&c.name_en, &c.name_ja]);
        }
        for f in &field_rows {
            append(&mut body_text, f.activity_id, &[&f.name_en, &f.name_ja]);
        }
        let countries: Vec<(i64, String)> = country_rows
            .iter()
            .map(|c| (c.activity_id, c.key.clone()))
            .collect();
        let regions: Vec<(i64, String)> = country_rows
            .iter()
            .filter_map(|c| Some((c.activity_id, c.region.clone()?)))
            .collect();
        let fields: Vec<(i64, String)> = field_rows
            .into_iter()
            .map(|f| (f.activity_id, f.key))
            .collect();
        let orgs: Vec<(i64, String)> = participants
            .into_iter()
            .map(|p| (p.activity_id, p.slug))
            .collect();

        let mut facets: [FacetIndex; FACETS] = Default::default();
        let mut per_doc: [Vec<Vec<u32>>; FACETS] = std::array::from_fn(|_| vec![Vec::new(); n]);
        attach(countries, &pos, &mut facets[COUNTRY], &mut per_doc[COUNTRY]);
        attach(regions, &pos, &mut facets[REGION], &mut per_doc[REGION]);
        attach(fields, &pos, &mut facets[FIELD], &mut per_doc[FIELD]);
        attach(orgs, &pos, &mut facets[ORG], &mut per_doc[ORG]);
        attach(
            rows.iter().map(|r| (r.id, r.kind.clone())).collect(),
            &pos,
            &mut facets[KIND],
            &mut per_doc[KIND],
        );
        attach(
            rows.iter().map(|r| (r.id, r.status.clone())).collect(),
            &pos,
            &mut facets[STATUS],
            &mut per_doc[STATUS],
        );
        for facet in &mut facets {
            for list in &mut facet.postings {
                list.sort_unstable();
            }
        }

        let mut bigrams: HashMap<(char, char), Vec<u32>> = HashMap::new();
        let mut unigrams: HashMap<char, Vec<u32>> = HashMap::new();
        let mut docs = Vec::with_capacity(n);
        let mut seen_pairs = std::collections::HashSet::new();
        let mut seen_chars = std::collections::HashSet::new();
        for (d, r) in rows.iter().enumerate() {
            let title = title_text[d].to_lowercase();
            let orgs = orgs_text[d].to_lowercase();
            let body = body_text[d].to_lowercase();
            let text = format!("{title}\n{orgs}\n{body}");
            seen_pairs.clear();
            seen_chars.clear();
            let mut prev: Option<char> = None;
            for c in text.chars() {
                if !c.is_whitespace() {
                    if seen_chars.insert(c) {
                        unigrams.entry(c).or_default().push(d as u32);
                    }
                    if let Some(p) = prev {
                        if seen_pairs.insert((p, c)) {
                            bigrams.entry((p, c)).or_default().push(d as u32);
                        }
                    }
                    prev = Some(c);
                } else {
                    prev = None;
                }
            }
            let (first, last) = (year(r.start_date.as_deref()), year(r.end_date.as_deref()));
            let dated = first.is_some() || last.is_some();
            let completed = r.status == ActivityStatus::Completed.slug();
            docs.push(Doc {
                id: r.id,
                title_end: title.len(),
                orgs_end: title.len() + 1 + orgs.len(),
                text: text.into_boxed_str(),
                first_year: first.or(last),
                last_year: dated
                    .then(|| last.or(if completed { first } else { Some(u16::MAX) }))
                    .flatten(),
                values: std::array::from_fn(|f| std::mem::take(&mut per_doc[f][d]).into()),
            });
        }

        let mut newest: Vec<u32> = (0..n as u32).collect();
        newest.sort_by(|&a, &b| {
            let (ra, rb) = (&rows[a as usize], &rows[b as usize]);
            let date = |r: &ActivityTextRow| r.start_date.clone().unwrap_or_default();
            date(rb)
                .cmp(&date(ra))
                .then_with(|| ra.title_en.cmp(&rb.title_en))
                .then_with(|| ra.id.cmp(&rb.id))
        });
        let mut newest_rank = vec![0u32; n];
        for (rank, &d) in newest.iter().enumerate() {
            newest_rank[d as usize] = rank as u32;
        }
        let mut by_title: Vec<u32> = (0..n as u32).collect();
        by_title.sort_by(|&a, &b| {
            let (ra, rb) = (&rows[a as usize], &rows[b as usize]);
            ra.title_en
                .cmp(&rb.title_en)
                .then_with(|| ra.id.cmp(&rb.id))
        });
        SearchIndex {
            docs,
            bigrams,
            unigrams,
            facets,
            newest,
            newest_rank,
            by_title,
            names,
        }
    }

    /// How many activities the index holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The names of facet values, in both languages, for labelling counts.
    pub fn names(&self) -> &FacetNames {
        &self.names
    }

    /// Roughly how many bytes the index holds on the heap (for the benchmark).
    pub fn heap_bytes(&self) -> usize {
        let postings = |m: usize, lists: usize| m * 48 + lists * 4;
        let docs: usize = self
            .docs
            .iter()
            .map(|d| {
                size_of::<Doc>()
                    + d.text.len()
                    + d.values.iter().map(|v| v.len() * 4).sum::<usize>()
            })
            .sum();
        let grams: usize = self.bigrams.values().map(Vec::len).sum::<usize>()
            + self.unigrams.values().map(Vec::len).sum::<usize>();
        docs + postings(self.bigrams.len() + self.unigrams.len(), grams)
            + (self.newest.len() + self.newest_rank.len() + self.by_title.len()) * 4
    }

    /// The documents containing `term` (lower-cased, without whitespace) as a substring.
    fn term_bits(&self, term: &str) -> Bits {
        let n = self.docs.len();
        let chars: Vec<char> = term.chars().collect();
        let mut bits = Bits::empty(n);
        if chars.len() == 1 {
            for &d in self.unigrams.get(&chars[0]).map_or(&[][..], Vec::as_slice) {
                bits.set(d);
            }
            return bits;
        }
        let mut lists: Vec<&[u32]> = Vec::with_capacity(chars.len() - 1);
        for pair in chars.windows(2) {
            match self.bigrams.get(&(pair[0], pair[1])) {
                Some(list) => lists.push(list),
                None => return bits,
            }
        }
        lists.sort_by_key(|l| l.len());
        // Every bigram of the term narrows the candidates, rarest first, until few are left;
        // the substring check then decides (the bigrams may be in another order).
        let mut candidates: Vec<u32> = lists[0].to_vec();
        for list in &lists[1..] {
            if candidates.len() < 64 {
                break;
            }
            candidates = intersect(&candidates, list);
        }
        let exact = chars.len() == 2;
        for d in candidates {
            if exact || self.docs[d as usize].text.contains(term) {
                bits.set(d);
            }
        }
        bits
    }

    /// Relevance of a matching document: per term, a hit in the title counts 10, in an
    /// organisation's name 5, elsewhere 1.
    fn score(&self, d: u32, terms: &[String]) -> u32 {
        let doc = &self.docs[d as usize];
        let (title, rest) = doc.text.split_at(doc.title_end);
        let (orgs, body) = rest.split_at(doc.orgs_end - doc.title_end);
        terms
            .iter()
            .map(|t| {
                10 * u32::from(title.contains(t.as_str()))
                    + 5 * u32::from(orgs.contains(t.as_str()))
                    + u32::from(body.contains(t.as_str()))
            })
            .sum()
    }

    /// Matches `q` (every word, as a substring, in either language) and `filters`, ordered
    /// by `sort`, with each facet counted under the other filters but not its own.
    pub fn search(&self, q: &str, filters: &Filters, sort: Sort) -> Answer {
        let n = self.docs.len();
        let terms: Vec<String> = q
            .split_whitespace()
            .take(MAX_TERMS)
            .map(str::to_lowercase)
            .collect();
        let mut base = Bits::full(n);
        for term in &terms {
            base.and_with(&self.term_bits(term));
        }
        let mut years: Option<Bits> = None;
        if filters.from.is_some() || filters.to.is_some() {
            let mut bits = Bits::empty(n);
            for (d, doc) in self.docs.iter().enumerate() {
                let after = filters
                    .from
                    .is_none_or(|from| doc.last_year.is_some_and(|y| y >= from));
                let before = filters
                    .to
                    .is_none_or(|to| doc.first_year.is_some_and(|y| y <= to));
                if after && before {
                    bits.set(d as u32);
                }
            }
            years = Some(bits);
        }
        if let Some(y) = &years {
            base.and_with(y);
        }
        let chosen: [Vec<&str>; FACETS] = [
            filters.countries.iter().map(String::as_str).collect(),
            filters.regions.iter().map(String::as_str).collect(),
            filters.fields.iter().map(String::as_str).collect(),
            filters.kinds.iter().map(|k| k.slug()).collect(),
            filters.statuses.iter().map(|s| s.slug()).collect(),
            filters.orgs.iter().map(String::as_str).collect(),
        ];
        let active: [Option<Bits>; FACETS] = std::array::from_fn(|f| {
            (!chosen[f].is_empty()).then(|| self.facets[f].any_of(chosen[f].iter().copied(), n))
        });
        let unfiltered = terms.is_empty() && years.is_none();

        let counts: [Vec<(String, u32)>; FACETS] = std::array::from_fn(|f| {
            let others: Vec<&Bits> = (0..FACETS)
                .filter(|&g| g != f)
                .filter_map(|g| active[g].as_ref())
                .collect();
            let mut tally = vec![0u32; self.facets[f].keys.len()];
            if unfiltered && others.is_empty() {
                for (v, list) in self.facets[f].postings.iter().enumerate() {
                    tally[v] = list.len() as u32;
                }
            } else {
                let mut set = base.clone();
                for o in others {
                    set.and_with(o);
                }
                for d in set.iter() {
                    for &v in self.docs[d as usize].values[f].iter() {
                        tally[v as usize] += 1;
                    }
                }
            }
            let mut list: Vec<(String, u32)> = tally
                .into_iter()
                .enumerate()
                .filter(|&(_, c)| c > 0)
                .map(|(v, c)| (self.facets[f].keys[v].clone(), c))
                .collect();
            list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            if f == ORG {
                list.truncate(ORG_FACET_LIMIT);
            }
            list
        });

        let mut matched = base;
        for bits in active.iter().flatten() {
            matched.and_with(bits);
        }
        let ids: Vec<i64> = match sort {
            Sort::Relevance if !terms.is_empty() => {
                let mut scored: Vec<(u32, u32)> =
                    matched.iter().map(|d| (self.score(d, &terms), d)).collect();
                scored.sort_by(|a, b| {
                    b.0.cmp(&a.0).then_with(|| {
                        self.newest_rank[a.1 as usize].cmp(&self.newest_rank[b.1 as usize])
                    })
                });
                scored
                    .into_iter()
                    .map(|(_, d)| self.docs[d as usize].id)
                    .collect()
            }
            Sort::Title => self.in_order(&self.by_title, &matched),
            _ => self.in_order(&self.newest, &matched),
        };
        let [countries, regions, fields, kinds, statuses, orgs] = counts;
        Answer {
            ids,
            counts: FacetCounts {
                countries,
                regions,
                fields,
                kinds,
                statuses,
                orgs,
            },
        }
    }

    fn in_order(&self, order: &[u32], matched: &Bits) -> Vec<i64> {
        let mut ids = Vec::with_capacity(matched.count());
        for &d in order {
            if matched.contains(d) {
                ids.push(self.docs[d as usize].id);
            }
        }
        ids
    }
}

/// The intersection of two sorted lists.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// The current index, shared by every request; a write swaps in a new one.
#[derive(Clone, Debug)]
pub struct SearchHandle(Arc<RwLock<Arc<SearchIndex>>>);

impl SearchHandle {
    pub fn new(index: SearchIndex) -> Self {
        SearchHandle(Arc::new(RwLock::new(Arc::new(index))))
    }

    /// The index as it is now; it stays valid for the caller even if a write replaces it.
    pub fn current(&self) -> Arc<SearchIndex> {
        match self.0.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Builds a new index from the database and puts it in place of the old one. Call after
    /// every committed write to the record.
    pub async fn refresh(&self, pool: &SqlitePool) -> Result<(), sqlx::Error> {
        let fresh = Arc::new(SearchIndex::load(pool).await?);
        match self.0.write() {
            Ok(mut guard) => *guard = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_sets_hold_what_was_set() {
        let mut b = Bits::empty(130);
        for i in [0, 63, 64, 129] {
            b.set(i);
        }
        assert_eq!(b.iter().collect::<Vec<_>>(), vec![0, 63, 64, 129]);
        assert_eq!(b.count(), 4);
        assert!(b.contains(64) && !b.contains(65));
        let full = Bits::full(130);
        assert_eq!(full.count(), 130);
        assert_eq!(full.iter().last(), Some(129));
        let mut both = full.clone();
        both.and_with(&b);
        assert_eq!(both, b);
        assert_eq!(Bits::full(128).count(), 128);
    }

    #[test]
    fn intersection_of_sorted_lists() {
        assert_eq!(intersect(&[1, 3, 5, 7], &[2, 3, 7, 9]), vec![3, 7]);
        assert!(intersect(&[], &[1]).is_empty());
    }

    #[test]
    fn years_read_from_partial_dates() {
        assert_eq!(year(Some("2012-07-15")), Some(2012));
        assert_eq!(year(Some("2012")), Some(2012));
        assert_eq!(year(Some("20")), None);
        assert_eq!(year(None), None);
    }
}
