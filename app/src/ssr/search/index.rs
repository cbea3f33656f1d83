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
//! An index is never changed while anyone reads it. A write makes a new one from the
//! current one, sharing all it does not touch, and swaps it in ([`SearchHandle::publish`]);
//! readers keep the one they started with.

mod tallies;

pub use tallies::{FlowTally, Tallies, EXAMPLES};

use super::facets::{facet_names, FacetCounts, FacetNames};
use crate::filters::{Filters, Sort};
use crate::model::ActivityStatus;
use crate::ssr::db::Pool;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

/// Facet positions in [`SearchIndex::facets`] and [`Doc::values`].
const COUNTRY: usize = 0;
const REGION: usize = 1;
const FIELD: usize = 2;
const KIND: usize = 3;
const STATUS: usize = 4;
const ORG: usize = 5;
const CONFIRMATION: usize = 6;
const FACETS: usize = 7;

/// How many organisations the organisation facet lists (the most frequent first).
const ORG_FACET_LIMIT: usize = 30;
/// Words of a query that are used; more are ignored (as in the SQL path).
const MAX_TERMS: usize = 8;

/// One facet's values and which documents hold each. Cloning shares everything; a change
/// copies only what it touches (see [`SearchIndex::upsert`]).
#[derive(Clone, Default)]
struct FacetIndex {
    keys: Arc<Vec<String>>,
    ids: Arc<HashMap<String, u32>>,
    /// Per value, the positions of the documents holding it, sorted.
    postings: Vec<Arc<Vec<u32>>>,
}

impl FacetIndex {
    fn intern(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = u32::try_from(self.keys.len()).expect("fewer than 4 billion facet values");
        Arc::make_mut(&mut self.keys).push(key.to_string());
        Arc::make_mut(&mut self.ids).insert(key.to_string(), id);
        self.postings.push(Arc::default());
        id
    }

    /// The documents holding any of `keys` (OR within a facet).
    fn any_of<'a>(&self, keys: impl IntoIterator<Item = &'a str>, docs: usize) -> Bits {
        let mut bits = Bits::empty(docs);
        for key in keys {
            if let Some(&id) = self.ids.get(key) {
                for &d in self.postings[id as usize].iter() {
                    bits.set(d);
                }
            }
        }
        bits
    }

    /// How many values at least one document holds.
    fn held(&self) -> usize {
        self.postings.iter().filter(|p| !p.is_empty()).count()
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
    /// The latest year either of its dates names (what "latest year" on a page counts).
    dated_until: Option<u16>,
    values: [Box<[u32]>; FACETS],
    /// The people its figures say took part ([`crate::model::Headcount`]): those that belong
    /// with its partner country, and those whose countries the source does not give.
    people: People,
    /// What the orders sort by: the start date ("" when none), the English title and when
    /// it was published.
    start: Box<str>,
    title_en: Box<str>,
    published_at: Box<str>,
}

/// Newest first: start date descending, then English title, then id.
fn newest_first(a: &Doc, b: &Doc) -> Ordering {
    b.start
        .cmp(&a.start)
        .then_with(|| a.title_en.cmp(&b.title_en))
        .then_with(|| a.id.cmp(&b.id))
}

/// By English title (byte order, as SQLite sorts), then id.
fn by_title(a: &Doc, b: &Doc) -> Ordering {
    a.title_en.cmp(&b.title_en).then_with(|| a.id.cmp(&b.id))
}

/// Most recently published first, then newest start, then id.
fn published_first(a: &Doc, b: &Doc) -> Ordering {
    b.published_at
        .cmp(&a.published_at)
        .then_with(|| b.start.cmp(&a.start))
        .then_with(|| a.id.cmp(&b.id))
}

/// The distinct characters and adjacent pairs of characters (not across whitespace) of
/// `text`, into `pairs` and `chars` (cleared first).
fn grams(text: &str, pairs: &mut HashSet<(char, char)>, chars: &mut HashSet<char>) {
    pairs.clear();
    chars.clear();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if c.is_whitespace() {
            prev = None;
            continue;
        }
        chars.insert(c);
        if let Some(p) = prev {
            pairs.insert((p, c));
        }
        prev = Some(c);
    }
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

    /// Sets bit `i`, growing the set when `i` is beyond it (a document added after the
    /// set was made).
    fn set_growing(&mut self, i: u32) {
        let word = i as usize / 64;
        if word >= self.0.len() {
            self.0.resize(word + 1, 0);
        }
        self.set(i);
    }

    fn clear(&mut self, i: u32) {
        if let Some(word) = self.0.get_mut(i as usize / 64) {
            *word &= !(1 << (i % 64));
        }
    }

    /// Whether `i` is in the set (never, when it is beyond it).
    fn contains(&self, i: u32) -> bool {
        self.0
            .get(i as usize / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }

    fn and_with(&mut self, other: &Bits) {
        for (i, a) in self.0.iter_mut().enumerate() {
            *a &= other.0.get(i).copied().unwrap_or(0);
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

/// The documents holding one character or bigram: a sorted list when few do, a bit set
/// when more than one in 32 do (then the set is the smaller of the two). Common bigrams
/// ("th", "in", "の") are in most documents: as a list each costs 4 bytes per document
/// holding it, as a set 1 bit per document.
#[derive(Clone)]
enum Postings {
    Sparse(Vec<u32>),
    Dense { bits: Bits, len: usize },
}

impl Postings {
    /// `list` sorted, of an index of `docs` documents.
    fn new(list: Vec<u32>, docs: usize) -> Self {
        if list.len() * 32 > docs {
            let mut bits = Bits::empty(docs);
            for &d in &list {
                bits.set(d);
            }
            Postings::Dense {
                bits,
                len: list.len(),
            }
        } else {
            let mut list = list;
            list.shrink_to_fit();
            Postings::Sparse(list)
        }
    }

    /// Adds document `d` (it may be beyond the documents the postings were made for).
    fn insert(&mut self, d: u32) {
        match self {
            Postings::Sparse(list) => {
                if let Err(at) = list.binary_search(&d) {
                    list.insert(at, d);
                }
            }
            Postings::Dense { bits, len } => {
                if !bits.contains(d) {
                    bits.set_growing(d);
                    *len += 1;
                }
            }
        }
    }

    fn remove(&mut self, d: u32) {
        match self {
            Postings::Sparse(list) => {
                if let Ok(at) = list.binary_search(&d) {
                    list.remove(at);
                }
            }
            Postings::Dense { bits, len } => {
                if bits.contains(d) {
                    bits.clear(d);
                    *len -= 1;
                }
            }
        }
    }

    fn len(&self) -> usize {
        match self {
            Postings::Sparse(list) => list.len(),
            Postings::Dense { len, .. } => *len,
        }
    }

    fn to_vec(&self) -> Vec<u32> {
        match self {
            Postings::Sparse(list) => list.clone(),
            Postings::Dense { bits, .. } => bits.iter().collect(),
        }
    }

    /// The sorted `candidates` that are also here.
    fn keep(&self, candidates: Vec<u32>) -> Vec<u32> {
        match self {
            Postings::Sparse(list) => intersect(&candidates, list),
            Postings::Dense { bits, .. } => {
                let mut candidates = candidates;
                candidates.retain(|&d| bits.contains(d));
                candidates
            }
        }
    }

    fn add_to(&self, out: &mut Bits) {
        match self {
            Postings::Sparse(list) => list.iter().for_each(|&d| out.set(d)),
            Postings::Dense { bits, .. } => {
                for (a, b) in out.0.iter_mut().zip(&bits.0) {
                    *a |= b;
                }
            }
        }
    }

    fn heap_bytes(&self) -> usize {
        match self {
            Postings::Sparse(list) => list.capacity() * 4,
            Postings::Dense { bits, .. } => bits.0.len() * 8,
        }
    }
}

/// What one request gets back: the matching activity ids in order, and the facet counts.
#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    pub ids: Vec<i64>,
    pub counts: FacetCounts,
}

/// What [`SearchIndex::summary`] counts. Value lists are most frequent first, then by key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// How many activities are under the filters.
    pub total: u32,
    pub countries: Vec<(String, u32)>,
    pub fields: Vec<(String, u32)>,
    /// Every organisation taking part, not only the first 30 as in the search's facet.
    pub orgs: Vec<(String, u32)>,
    /// Activities by the year they started (else ended), oldest first.
    pub per_year: Vec<(u16, u32)>,
    pub undated: u32,
    /// The latest year any of their dates names.
    pub latest_year: Option<u16>,
    /// The first of them, newest first, as many as asked for.
    pub newest: Vec<i64>,
}

/// The search index. Build with [`SearchIndex::load`]; query with [`SearchIndex::search`].
///
/// Cloning is cheap: documents, postings and facet values are shared, and an update
/// ([`SearchHandle::publish`]) copies only the postings a change touches, so a write makes
/// a new index from the current one in milliseconds while readers keep the old.
#[derive(Clone)]
pub struct SearchIndex {
    /// By id (ids only grow, so a new activity goes last).
    docs: Vec<Arc<Doc>>,
    bigrams: HashMap<(char, char), Arc<Postings>>,
    unigrams: HashMap<char, Arc<Postings>>,
    facets: [FacetIndex; FACETS],
    /// Document positions, newest first ([`newest_first`]).
    newest: Vec<u32>,
    /// Each document's place in `newest`, for tie-breaks.
    newest_rank: Vec<u32>,
    /// Document positions by English title ([`by_title`]).
    by_title: Vec<u32>,
    /// Document positions, most recently published first ([`published_first`]).
    published: Vec<u32>,
    names: Arc<FacetNames>,
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

/// One activity's own columns, as the index reads them.
#[derive(sqlx::FromRow)]
struct ActivityTextRow {
    id: i64,
    kind: String,
    status: String,
    published_at: String,
    start_date: Option<String>,
    end_date: Option<String>,
    title_en: String,
    title_ja: String,
    summary_en: String,
    summary_ja: String,
    area_note_en: Option<String>,
    area_note_ja: Option<String>,
    /// A `Confirmation` slug: who has confirmed the current revision.
    confirmation: String,
}

/// How many people an activity's figures say took part ([`crate::model::Headcount`]): what
/// the flows of people add up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct People {
    /// With the activity's partner country (drawn on its arc when it names one).
    pub countries: u32,
    /// From countries the source does not give.
    pub unplaced: u32,
}

impl People {
    /// Whether any figure of the activity counts people.
    pub fn stated(self) -> bool {
        self.countries > 0 || self.unplaced > 0
    }
}

/// A figure of an activity that counts people ([`People`]).
#[derive(sqlx::FromRow)]
struct PeopleRow {
    activity_id: i64,
    value: f64,
    people: Option<String>,
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

/// The published record, or one activity of it, as the index reads it: five plain
/// queries, each ordered by activity.
struct Record {
    activities: Vec<ActivityTextRow>,
    countries: Vec<NamedValueRow>,
    fields: Vec<NamedValueRow>,
    participants: Vec<ParticipantTextRow>,
    figures: Vec<PeopleRow>,
}

/// The five queries, with `{one}` replaced by a condition on the activity (or nothing).
const ACTIVITY_SQL: &str =
    "SELECT id, kind, status, published_at, start_date, end_date, title_en, title_ja,
            summary_en, summary_ja, area_note_en, area_note_ja, {confirmation} AS confirmation
     FROM activities {one} ORDER BY id";
const COUNTRY_SQL: &str = "SELECT ac.activity_id, c.code AS key, c.name_en, c.name_ja, c.region
     FROM activity_countries ac JOIN countries c ON c.code = ac.country
     {one} ORDER BY ac.activity_id, ac.position";
const FIELD_SQL: &str = "SELECT af.activity_id, f.slug AS key, f.name_en, f.name_ja, NULL AS region
     FROM activity_fields af JOIN fields f ON f.slug = af.field
     {one} ORDER BY af.activity_id, af.position";
const PARTICIPANT_SQL: &str = "SELECT p.activity_id, o.slug, o.name_en, o.name_ja, o.aliases
     FROM activity_participants p JOIN organizations o ON o.id = p.organization_id
     {one} ORDER BY p.activity_id, p.position";
const FIGURE_SQL: &str = "SELECT f.activity_id, f.value, f.people FROM figures f
     {one} ORDER BY f.activity_id, f.position";

impl Record {
    /// The whole record, or only activity `one` (its columns and rows are read by key).
    async fn read(pool: &Pool, one: Option<i64>) -> Result<Self, sqlx::Error> {
        let sql = |template: &str, column: &str| {
            let filter = one.map_or(String::new(), |_| format!("WHERE {column} = $1"));
            template.replace("{one}", &filter).replace(
                "{confirmation}",
                &crate::ssr::trust::confirmation_sql("activities.id"),
            )
        };
        async fn rows<T>(pool: &Pool, sql: String, one: Option<i64>) -> Result<Vec<T>, sqlx::Error>
        where
            T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
        {
            let mut query = sqlx::query_as::<_, T>(&sql);
            if let Some(id) = one {
                query = query.bind(id);
            }
            query.fetch_all(pool).await
        }
        Ok(Record {
            activities: rows(pool, sql(ACTIVITY_SQL, "id"), one).await?,
            countries: rows(pool, sql(COUNTRY_SQL, "ac.activity_id"), one).await?,
            fields: rows(pool, sql(FIELD_SQL, "af.activity_id"), one).await?,
            participants: rows(pool, sql(PARTICIPANT_SQL, "p.activity_id"), one).await?,
            figures: rows(pool, sql(FIGURE_SQL, "f.activity_id"), one).await?,
        })
    }

    /// Each activity with its own rows of the other three lists (all are ordered by
    /// activity; rows of an activity that is not there are skipped).
    fn sources(&self) -> Vec<Source<'_>> {
        fn take<'a, T>(rows: &mut &'a [T], id: i64, key: impl Fn(&T) -> i64) -> &'a [T] {
            while rows.first().is_some_and(|r| key(r) < id) {
                *rows = &rows[1..];
            }
            let end = rows.iter().take_while(|r| key(r) == id).count();
            let (mine, rest) = rows.split_at(end);
            *rows = rest;
            mine
        }
        let (mut countries, mut fields, mut participants, mut figures) = (
            self.countries.as_slice(),
            self.fields.as_slice(),
            self.participants.as_slice(),
            self.figures.as_slice(),
        );
        self.activities
            .iter()
            .map(|row| Source {
                row,
                countries: take(&mut countries, row.id, |r| r.activity_id),
                fields: take(&mut fields, row.id, |r| r.activity_id),
                participants: take(&mut participants, row.id, |r| r.activity_id),
                figures: take(&mut figures, row.id, |r| r.activity_id),
            })
            .collect()
    }
}

/// One activity's rows.
struct Source<'a> {
    row: &'a ActivityTextRow,
    countries: &'a [NamedValueRow],
    fields: &'a [NamedValueRow],
    participants: &'a [ParticipantTextRow],
    figures: &'a [PeopleRow],
}

impl Source<'_> {
    /// The people its figures count, by [`crate::model::Headcount`].
    fn people(&self) -> People {
        use crate::model::Headcount;
        let mut people = People::default();
        for f in self.figures {
            let n = f.value.max(0.0).round() as u32;
            match f.people.as_deref().and_then(Headcount::from_slug) {
                Some(Headcount::Countries) => people.countries += n,
                Some(Headcount::Unplaced) => people.unplaced += n,
                None => {}
            }
        }
        people
    }

    /// The activity as a document, its facet values interned in `facets` (the postings are
    /// the caller's to update).
    fn doc(&self, facets: &mut [FacetIndex; FACETS]) -> Doc {
        let r = self.row;
        fn join(text: &mut String, parts: &[&str]) {
            for part in parts {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(part);
            }
        }
        let title = format!("{} {}", r.title_en, r.title_ja).to_lowercase();
        let mut orgs = String::new();
        for p in self.participants {
            join(&mut orgs, &[&p.name_en, &p.name_ja, &p.aliases]);
        }
        let mut body = format!("{} {}", r.summary_en, r.summary_ja);
        for note in [&r.area_note_en, &r.area_note_ja].into_iter().flatten() {
            body.push(' ');
            body.push_str(note);
        }
        for named in self.countries.iter().chain(self.fields) {
            join(&mut body, &[&named.name_en, &named.name_ja]);
        }
        let (orgs, body) = (orgs.to_lowercase(), body.to_lowercase());
        let text = format!("{title}\n{orgs}\n{body}");

        let mut keys: [Vec<&str>; FACETS] = Default::default();
        keys[COUNTRY] = self.countries.iter().map(|c| c.key.as_str()).collect();
        keys[REGION] = self
            .countries
            .iter()
            .filter_map(|c| c.region.as_deref())
            .collect();
        keys[FIELD] = self.fields.iter().map(|f| f.key.as_str()).collect();
        keys[KIND] = vec![r.kind.as_str()];
        keys[STATUS] = vec![r.status.as_str()];
        keys[ORG] = self.participants.iter().map(|p| p.slug.as_str()).collect();
        keys[CONFIRMATION] = vec![r.confirmation.as_str()];
        let values = std::array::from_fn(|f| {
            let mut ids: Vec<u32> = Vec::with_capacity(keys[f].len());
            for key in &keys[f] {
                let v = facets[f].intern(key);
                if !ids.contains(&v) {
                    ids.push(v);
                }
            }
            ids.into_boxed_slice()
        });
        let (first, last) = (year(r.start_date.as_deref()), year(r.end_date.as_deref()));
        let dated = first.is_some() || last.is_some();
        let completed = r.status == ActivityStatus::Completed.slug();
        Doc {
            id: r.id,
            title_end: title.len(),
            orgs_end: title.len() + 1 + orgs.len(),
            text: text.into_boxed_str(),
            first_year: first.or(last),
            dated_until: first.max(last),
            last_year: dated
                .then(|| last.or(if completed { first } else { Some(u16::MAX) }))
                .flatten(),
            values,
            people: self.people(),
            start: r.start_date.as_deref().unwrap_or_default().into(),
            title_en: r.title_en.as_str().into(),
            published_at: r.published_at.as_str().into(),
        }
    }
}

/// Document positions `0..n` in `order`.
fn sorted(docs: &[Arc<Doc>], order: fn(&Doc, &Doc) -> Ordering) -> Vec<u32> {
    let mut positions: Vec<u32> = (0..docs.len() as u32).collect();
    positions.sort_by(|&a, &b| order(&docs[a as usize], &docs[b as usize]));
    positions
}

/// Puts document `d` where it belongs in `positions` (kept sorted by `order`), taking it
/// out first when it is there.
fn reorder(positions: &mut Vec<u32>, docs: &[Arc<Doc>], d: u32, order: fn(&Doc, &Doc) -> Ordering) {
    if let Some(at) = positions.iter().position(|&p| p == d) {
        positions.remove(at);
    }
    let doc = &docs[d as usize];
    let at = positions.partition_point(|&p| order(&docs[p as usize], doc) == Ordering::Less);
    positions.insert(at, d);
}

impl SearchIndex {
    /// Reads every published activity, its texts and its facets from the record and builds
    /// the index.
    pub async fn load(pool: &Pool) -> Result<Self, sqlx::Error> {
        let record = Record::read(pool, None).await?;
        let names = facet_names(pool).await?;
        Ok(Self::build(&record, names))
    }

    fn build(record: &Record, names: FacetNames) -> Self {
        let sources = record.sources();
        let n = sources.len();
        let mut facets: [FacetIndex; FACETS] = Default::default();
        let mut bigrams: HashMap<(char, char), Vec<u32>> = HashMap::new();
        let mut unigrams: HashMap<char, Vec<u32>> = HashMap::new();
        let (mut pairs, mut chars) = (HashSet::new(), HashSet::new());
        let mut docs = Vec::with_capacity(n);
        for (d, source) in sources.iter().enumerate() {
            let d = d as u32;
            let doc = source.doc(&mut facets);
            // Documents come in position order, so every list is built sorted.
            for (f, values) in doc.values.iter().enumerate() {
                for &v in values.iter() {
                    Arc::make_mut(&mut facets[f].postings[v as usize]).push(d);
                }
            }
            grams(&doc.text, &mut pairs, &mut chars);
            for &pair in &pairs {
                bigrams.entry(pair).or_default().push(d);
            }
            for &c in &chars {
                unigrams.entry(c).or_default().push(d);
            }
            docs.push(Arc::new(doc));
        }
        let newest = sorted(&docs, newest_first);
        let mut index = SearchIndex {
            bigrams: bigrams
                .into_iter()
                .map(|(k, list)| (k, Arc::new(Postings::new(list, n))))
                .collect(),
            unigrams: unigrams
                .into_iter()
                .map(|(k, list)| (k, Arc::new(Postings::new(list, n))))
                .collect(),
            facets,
            newest_rank: Vec::new(),
            by_title: sorted(&docs, by_title),
            published: sorted(&docs, published_first),
            newest,
            docs,
            names: Arc::new(names),
        };
        index.rank_newest();
        index
    }

    fn rank_newest(&mut self) {
        self.newest_rank.resize(self.docs.len(), 0);
        for (rank, &d) in self.newest.iter().enumerate() {
            self.newest_rank[d as usize] = rank as u32;
        }
    }

    /// Puts `source`'s activity in the index, in place of its previous version if it has
    /// one: only the postings, facet values and orders it changes are touched (copied when
    /// another index shares them). `false`, with nothing changed, when it cannot (an id
    /// below the last one that the index does not hold).
    fn upsert(&mut self, source: &Source<'_>) -> bool {
        let id = source.row.id;
        let (d, old) = match self.docs.binary_search_by_key(&id, |doc| doc.id) {
            Ok(d) => (d, Some(self.docs[d].clone())),
            Err(d) if d == self.docs.len() => (d, None),
            Err(_) => return false,
        };
        let doc = Arc::new(source.doc(&mut self.facets));
        let pos = d as u32;
        let empty: [Box<[u32]>; FACETS] = Default::default();
        let before = old.as_ref().map_or(&empty, |o| &o.values);
        for ((facet, before), after) in self.facets.iter_mut().zip(before).zip(&doc.values) {
            for &v in before.iter().filter(|v| !after.contains(v)) {
                let list = Arc::make_mut(&mut facet.postings[v as usize]);
                if let Ok(at) = list.binary_search(&pos) {
                    list.remove(at);
                }
            }
            for &v in after.iter().filter(|v| !before.contains(v)) {
                let list = Arc::make_mut(&mut facet.postings[v as usize]);
                if let Err(at) = list.binary_search(&pos) {
                    list.insert(at, pos);
                }
            }
        }
        let (mut old_pairs, mut old_chars) = (HashSet::new(), HashSet::new());
        if let Some(old) = &old {
            grams(&old.text, &mut old_pairs, &mut old_chars);
        }
        let (mut pairs, mut chars) = (HashSet::new(), HashSet::new());
        grams(&doc.text, &mut pairs, &mut chars);
        fn change<K: Copy + Eq + std::hash::Hash>(
            postings: &mut HashMap<K, Arc<Postings>>,
            before: &HashSet<K>,
            after: &HashSet<K>,
            d: u32,
        ) {
            for key in before.difference(after) {
                if let Some(list) = postings.get_mut(key) {
                    Arc::make_mut(list).remove(d);
                }
            }
            for &key in after.difference(before) {
                let list = postings
                    .entry(key)
                    .or_insert_with(|| Arc::new(Postings::Sparse(Vec::new())));
                Arc::make_mut(list).insert(d);
            }
        }
        change(&mut self.bigrams, &old_pairs, &pairs, pos);
        change(&mut self.unigrams, &old_chars, &chars, pos);

        let moved = old.as_ref().is_none_or(|o| {
            (&o.start, &o.title_en, &o.published_at)
                != (&doc.start, &doc.title_en, &doc.published_at)
        });
        if d == self.docs.len() {
            self.docs.push(doc);
        } else {
            self.docs[d] = doc;
        }
        if moved {
            reorder(&mut self.newest, &self.docs, pos, newest_first);
            reorder(&mut self.by_title, &self.docs, pos, by_title);
            reorder(&mut self.published, &self.docs, pos, published_first);
            self.rank_newest();
        }
        true
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
        let docs: usize = self
            .docs
            .iter()
            .map(|d| {
                size_of::<Doc>()
                    + d.text.len()
                    + d.values.iter().map(|v| v.len() * 4).sum::<usize>()
            })
            .sum();
        let grams: usize = self
            .bigrams
            .values()
            .chain(self.unigrams.values())
            .map(|p| 48 + p.heap_bytes())
            .sum();
        let orders =
            self.newest.len() + self.newest_rank.len() + self.by_title.len() + self.published.len();
        docs + grams + orders * 4
    }

    /// The documents containing `term` (lower-cased, without whitespace) as a substring.
    fn term_bits(&self, term: &str) -> Bits {
        let n = self.docs.len();
        let chars: Vec<char> = term.chars().collect();
        let mut bits = Bits::empty(n);
        if chars.len() == 1 {
            if let Some(postings) = self.unigrams.get(&chars[0]) {
                postings.add_to(&mut bits);
            }
            return bits;
        }
        let mut lists: Vec<&Postings> = Vec::with_capacity(chars.len() - 1);
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
            candidates = list.keep(candidates);
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

    /// The documents within the filters' year range, or `None` when it has none.
    fn year_bits(&self, filters: &Filters) -> Option<Bits> {
        if filters.from.is_none() && filters.to.is_none() {
            return None;
        }
        let mut bits = Bits::empty(self.docs.len());
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
        Some(bits)
    }

    /// Per facet, the documents holding any chosen value, or `None` when none is chosen.
    fn facet_bits(&self, filters: &Filters) -> [Option<Bits>; FACETS] {
        let n = self.docs.len();
        let chosen: [Vec<&str>; FACETS] = [
            filters.countries.iter().map(String::as_str).collect(),
            filters.regions.iter().map(String::as_str).collect(),
            filters.fields.iter().map(String::as_str).collect(),
            filters.kinds.iter().map(|k| k.slug()).collect(),
            filters.statuses.iter().map(|s| s.slug()).collect(),
            filters.orgs.iter().map(String::as_str).collect(),
            filters.confirmations.iter().map(|c| c.slug()).collect(),
        ];
        std::array::from_fn(|f| {
            (!chosen[f].is_empty()).then(|| self.facets[f].any_of(chosen[f].iter().copied(), n))
        })
    }

    /// The activities under `filters` (years and facets, no text), as the search picks them.
    fn matching(&self, filters: &Filters) -> Bits {
        let mut matched = self
            .year_bits(filters)
            .unwrap_or_else(|| Bits::full(self.docs.len()));
        for bits in self.facet_bits(filters).iter().flatten() {
            matched.and_with(bits);
        }
        matched
    }

    /// What a country's, an organisation's or the home page counts for the activities under
    /// `filters` (years and facets; no text): every facet counted over exactly those
    /// activities, the years they started, and the `limit` newest. The same index answers
    /// the search, so a page's "N activities" is the search's total for the same filters.
    pub fn summary(&self, filters: &Filters, limit: usize) -> Summary {
        let matched = self.matching(filters);
        let mut tally: [Vec<u32>; FACETS] =
            std::array::from_fn(|f| vec![0; self.facets[f].keys.len()]);
        let mut years: HashMap<u16, u32> = HashMap::new();
        let (mut total, mut undated, mut latest_year) = (0, 0, None);
        for d in matched.iter() {
            let doc = &self.docs[d as usize];
            total += 1;
            for (f, values) in doc.values.iter().enumerate() {
                for &v in values.iter() {
                    tally[f][v as usize] += 1;
                }
            }
            match doc.first_year {
                Some(y) => *years.entry(y).or_default() += 1,
                None => undated += 1,
            }
            latest_year = latest_year.max(doc.dated_until);
        }
        let mut per_year: Vec<(u16, u32)> = years.into_iter().collect();
        per_year.sort_unstable();
        Summary {
            total,
            countries: ranked(&self.facets[COUNTRY], &tally[COUNTRY]),
            fields: ranked(&self.facets[FIELD], &tally[FIELD]),
            orgs: ranked(&self.facets[ORG], &tally[ORG]),
            per_year,
            undated,
            latest_year,
            newest: self.in_order(&self.newest, &matched, limit),
        }
    }

    /// How many activities the index holds, and how many countries and organisations at
    /// least one of them names (what the home page counts, without a pass over them).
    pub fn totals(&self) -> (usize, usize, usize) {
        (
            self.docs.len(),
            self.facets[COUNTRY].held(),
            self.facets[ORG].held(),
        )
    }

    /// How many activities an organisation takes part in.
    pub fn activities_of(&self, org: &str) -> u32 {
        self.holding(ORG, org)
    }

    /// How many activities have confirmation state `c`.
    pub fn confirmed(&self, c: crate::model::Confirmation) -> u32 {
        self.holding(CONFIRMATION, c.slug())
    }

    /// How many activities hold `key` in facet `f`.
    fn holding(&self, f: usize, key: &str) -> u32 {
        let facet = &self.facets[f];
        facet
            .ids
            .get(key)
            .map_or(0, |&v| facet.postings[v as usize].len() as u32)
    }

    /// Up to `limit` other activities sharing most with activity `id`: each organisation in
    /// common weighs 3, each country 2, each field 1; ties go to the newer. Empty when the
    /// index does not hold `id`.
    pub fn related(&self, id: i64, limit: usize) -> Vec<i64> {
        let Ok(d) = self.docs.binary_search_by_key(&id, |doc| doc.id) else {
            return Vec::new();
        };
        let mut score = vec![0u16; self.docs.len()];
        for (facet, weight) in [(ORG, 3), (COUNTRY, 2), (FIELD, 1)] {
            for &v in self.docs[d].values[facet].iter() {
                for &other in self.facets[facet].postings[v as usize].iter() {
                    score[other as usize] = score[other as usize].saturating_add(weight);
                }
            }
        }
        score[d] = 0;
        let mut best: Vec<u32> = (0..self.docs.len() as u32)
            .filter(|&o| score[o as usize] > 0)
            .collect();
        let order = |&o: &u32| {
            (
                std::cmp::Reverse(score[o as usize]),
                self.newest_rank[o as usize],
            )
        };
        if best.len() > limit {
            best.select_nth_unstable_by_key(limit, order);
            best.truncate(limit);
        }
        best.sort_by_key(order);
        best.into_iter().map(|o| self.docs[o as usize].id).collect()
    }

    /// The `limit` most recently published activities.
    pub fn recently_published(&self, limit: usize) -> Vec<i64> {
        self.published
            .iter()
            .take(limit)
            .map(|&d| self.docs[d as usize].id)
            .collect()
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
        let years = self.year_bits(filters);
        if let Some(y) = &years {
            base.and_with(y);
        }
        let active = self.facet_bits(filters);
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
            let mut list = ranked(&self.facets[f], &tally);
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
            Sort::Title => self.in_order(&self.by_title, &matched, usize::MAX),
            _ => self.in_order(&self.newest, &matched, usize::MAX),
        };
        let [countries, regions, fields, kinds, statuses, orgs, confirmations] = counts;
        Answer {
            ids,
            counts: FacetCounts {
                countries,
                regions,
                fields,
                kinds,
                statuses,
                orgs,
                confirmations,
            },
        }
    }

    /// The first `limit` matched documents' ids in `order`.
    fn in_order(&self, order: &[u32], matched: &Bits, limit: usize) -> Vec<i64> {
        let mut ids = Vec::with_capacity(matched.count().min(limit));
        for &d in order {
            if ids.len() == limit {
                break;
            }
            if matched.contains(d) {
                ids.push(self.docs[d as usize].id);
            }
        }
        ids
    }
}

/// A facet's values that have a count, most first, then by key.
fn ranked(facet: &FacetIndex, tally: &[u32]) -> Vec<(String, u32)> {
    let mut list: Vec<(String, u32)> = tally
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c > 0)
        .map(|(v, &c)| (facet.keys[v].clone(), c))
        .collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

/// The intersection of two sorted lists.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Gives the heap's free pages back to the system. Building an index reads the whole record
/// into rows that are dropped once it is built; glibc keeps that memory mapped, so without
/// this the server's resident size would stay near the build's peak (491 MiB at 100,000
/// activities; 218 MiB resident after `make bench-pages` with this).
#[allow(unsafe_code)] // the one unsafe call in the workspace (`unsafe_code` is denied)
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own heap; it takes no pointers of ours.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The current index, shared by every request; a write swaps in a new one. Writers take
/// turns, so two writes cannot each start from the same index and lose the other's change.
#[derive(Clone, Debug)]
pub struct SearchHandle {
    current: Arc<RwLock<Arc<SearchIndex>>>,
    writer: Arc<tokio::sync::Mutex<()>>,
    generation: Arc<std::sync::atomic::AtomicU64>,
    origin: u64,
}

impl SearchHandle {
    pub fn new(index: SearchIndex) -> Self {
        SearchHandle {
            current: Arc::new(RwLock::new(Arc::new(index))),
            writer: Arc::default(),
            generation: Arc::default(),
            origin: rand::random(),
        }
    }

    /// A random number naming this server's index among the servers of one database: what
    /// it announces carries it, so that it can pass over its own announcements.
    pub fn origin(&self) -> u64 {
        self.origin
    }

    /// What a write announces to the other servers when activity `id` changed:
    /// `"{origin}:{id}"` ([`SearchHandle::announced`] reads it).
    pub fn announcement(&self, id: i64) -> String {
        format!("{}:{id}", self.origin)
    }

    /// The activity another server's announcement names; `None` for this server's own, and
    /// for anything that is not an announcement.
    pub fn announced(&self, payload: &str) -> Option<i64> {
        let (origin, id) = payload.split_once(':')?;
        (origin.parse::<u64>().ok()? != self.origin).then_some(id.parse().ok()?)
    }

    /// Which state of the record the site shows: it advances after every write to the
    /// index ([`SearchHandle::publish`], [`SearchHandle::refresh`]), whether or not the
    /// write succeeded, once the new index is in place. Anything derived from the record
    /// (the server's cache of rendered pages) is good only while it is unchanged.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Acquire)
    }

    fn advance(&self) {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// The index as it is now; it stays valid for the caller even if a write replaces it.
    pub fn current(&self) -> Arc<SearchIndex> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn replace(&self, fresh: SearchIndex) {
        let fresh = Arc::new(fresh);
        match self.current.write() {
            Ok(mut guard) => *guard = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
    }

    /// Builds a new index from the whole record and puts it in place of the old one (at
    /// start, and when [`SearchHandle::publish`] cannot update in place).
    pub async fn refresh(&self, pool: &Pool) -> Result<(), sqlx::Error> {
        let _turn = self.writer.lock().await;
        let result = self.rebuild(pool).await;
        self.advance();
        result
    }

    async fn rebuild(&self, pool: &Pool) -> Result<(), sqlx::Error> {
        self.replace(SearchIndex::load(pool).await?);
        release_freed_memory();
        Ok(())
    }

    /// Puts activity `id` as the committed record now has it into the index: its rows are
    /// read by key and only what it changes is updated, on a cheap copy of the current
    /// index that then replaces it (milliseconds at 100,000 activities, against seconds for
    /// a rebuild: `make bench`). Call after every committed write to an activity. An
    /// activity no longer in the record, or one the index cannot place, rebuilds it whole.
    pub async fn publish(&self, pool: &Pool, id: i64) -> Result<(), sqlx::Error> {
        let _turn = self.writer.lock().await;
        let result = self.put_in(pool, id).await;
        self.advance();
        result
    }

    async fn put_in(&self, pool: &Pool, id: i64) -> Result<(), sqlx::Error> {
        let record = Record::read(pool, Some(id)).await?;
        let names = facet_names(pool).await?;
        let mut next = SearchIndex::clone(&self.current());
        match record.sources().first() {
            Some(source) if next.upsert(source) => {
                next.names = Arc::new(names);
                self.replace(next);
                Ok(())
            }
            _ => {
                tracing::info!(
                    id,
                    "activity not placeable in the search index; rebuilding it"
                );
                drop(next);
                self.rebuild(pool).await
            }
        }
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
    fn dense_and_sparse_postings_answer_alike() {
        let list: Vec<u32> = (0..200).filter(|d| d % 3 == 0).collect();
        let dense = Postings::new(list.clone(), 200);
        let sparse = Postings::new(list.clone(), 100_000);
        assert!(matches!(dense, Postings::Dense { .. }));
        assert!(matches!(sparse, Postings::Sparse(_)));
        for p in [&dense, &sparse] {
            assert_eq!(p.len(), list.len());
            assert_eq!(p.to_vec(), list);
            let even: Vec<u32> = (0..200).filter(|d| d % 2 == 0).collect();
            let sixth: Vec<u32> = (0..200).filter(|d| d % 6 == 0).collect();
            assert_eq!(p.keep(even), sixth);
            let mut bits = Bits::empty(200);
            bits.set(1);
            p.add_to(&mut bits);
            assert_eq!(bits.count(), list.len() + 1);
        }
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
