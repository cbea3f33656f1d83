//! What the insights views count (`/insights`): one pass over the activities under some
//! filters, crossing facets the index already holds (countries × fields, countries × the way
//! people move, start years × regions and kinds).
//!
//! Rules: the activities are picked exactly as the search picks them ([`SearchIndex::matching`]),
//! so each number is a search total: a matrix cell is the total of the search for its
//! country, its field and the filters; a flow, of the search for its country, the kinds that
//! move that way ([`crate::model::Direction::kinds`]) and the filters. People are added up
//! from the figures that count them ([`super::People`]) and are never split: the people of an
//! activity naming several countries, or none, and people whose countries the source does
//! not give, are counted for their direction as a whole, not on any country's arc.

use super::{ranked, SearchIndex, COUNTRY, FIELD, KIND, REGION};
use crate::filters::Filters;
use crate::model::{ActivityKind, Direction};
use std::collections::{BTreeMap, HashMap};

/// How many activities with people a flow keeps by id, to name the figures and their sources.
pub const EXAMPLES: usize = 3;

/// The activities of one country whose people move one way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FlowTally {
    pub activities: u32,
    /// People the figures of those naming only this country say took part.
    pub people: u32,
    /// How many of them give such a figure.
    pub with_people: u32,
    /// The first [`EXAMPLES`] of those, by id.
    pub examples: Vec<i64>,
}

impl FlowTally {
    fn add_people(&mut self, n: u32, id: i64) {
        self.people += n;
        self.with_people += 1;
        if self.examples.len() < EXAMPLES {
            self.examples.push(id);
        }
    }
}

/// What the insights views count for the activities under some filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tallies {
    /// How many activities are under the filters.
    pub total: u32,
    /// How many of them name no partner country (they are in no row and on no arc).
    pub placeless: u32,
    /// Activities per country and per field, most first, then by key.
    pub countries: Vec<(String, u32)>,
    pub fields: Vec<(String, u32)>,
    /// Activities holding both a country and a field, by (country, field); pairs with none
    /// are absent.
    pub pairs: HashMap<(String, String), u32>,
    /// Per (country, direction), for the kinds that move people.
    pub flows: BTreeMap<(String, Direction), FlowTally>,
    /// Per direction, the people no arc shows (several countries or none, or countries not
    /// given), and the activities they come from.
    pub unplaced: BTreeMap<Direction, FlowTally>,
    /// Activities by the year they started (else ended) and the region of their countries
    /// ("" for those naming no country); an activity in two regions counts in each.
    pub per_year_region: BTreeMap<(u16, String), u32>,
    /// Activities by the year they started (else ended) and their kind.
    pub per_year_kind: BTreeMap<(u16, ActivityKind), u32>,
    /// How many give no year (they are in no year's count).
    pub undated: u32,
}

impl SearchIndex {
    /// Everything the insights views count for the activities under `filters` (years and
    /// facets, no text), in one pass over them.
    pub fn tallies(&self, filters: &Filters) -> Tallies {
        let matched = self.matching(filters);
        let (nc, nf) = (
            self.facets[COUNTRY].keys.len(),
            self.facets[FIELD].keys.len(),
        );
        let directions: Vec<Option<Direction>> = self.facets[KIND]
            .keys
            .iter()
            .map(|k| ActivityKind::from_slug(k).and_then(ActivityKind::direction))
            .collect();
        let kinds: Vec<Option<ActivityKind>> = self.facets[KIND]
            .keys
            .iter()
            .map(|k| ActivityKind::from_slug(k))
            .collect();
        let mut by_country = vec![0u32; nc];
        let mut by_field = vec![0u32; nf];
        let mut pairs = vec![0u32; nc * nf];
        let mut flows: HashMap<(u32, Direction), FlowTally> = HashMap::new();
        let mut t = Tallies::default();
        let mut years: HashMap<(u16, Option<u32>), u32> = HashMap::new();
        for d in matched.iter() {
            let doc = &self.docs[d as usize];
            let (countries, fields) = (&doc.values[COUNTRY], &doc.values[FIELD]);
            t.total += 1;
            if countries.is_empty() {
                t.placeless += 1;
            }
            for &c in countries.iter() {
                by_country[c as usize] += 1;
                for &f in fields.iter() {
                    pairs[c as usize * nf + f as usize] += 1;
                }
            }
            for &f in fields.iter() {
                by_field[f as usize] += 1;
            }
            let kind = doc.values[KIND].first().map(|&k| k as usize);
            if let Some(direction) = kind.and_then(|k| directions[k]) {
                for &c in countries.iter() {
                    flows.entry((c, direction)).or_default().activities += 1;
                }
                let people = doc.people;
                let placed = countries.len() == 1 && people.countries > 0;
                if placed {
                    flows
                        .entry((countries[0], direction))
                        .or_default()
                        .add_people(people.countries, doc.id);
                }
                let elsewhere = people.unplaced + if placed { 0 } else { people.countries };
                if elsewhere > 0 {
                    t.unplaced
                        .entry(direction)
                        .or_default()
                        .add_people(elsewhere, doc.id);
                }
            }
            match doc.first_year {
                Some(y) => {
                    let regions = &doc.values[REGION];
                    if regions.is_empty() {
                        *years.entry((y, None)).or_default() += 1;
                    }
                    for &r in regions.iter() {
                        *years.entry((y, Some(r))).or_default() += 1;
                    }
                    if let Some(kind) = kind.and_then(|k| kinds[k]) {
                        *t.per_year_kind.entry((y, kind)).or_default() += 1;
                    }
                }
                None => t.undated += 1,
            }
        }
        let key = |f: usize, v: u32| self.facets[f].keys[v as usize].clone();
        for c in 0..nc {
            for f in 0..nf {
                let n = pairs[c * nf + f];
                if n > 0 {
                    t.pairs
                        .insert((key(COUNTRY, c as u32), key(FIELD, f as u32)), n);
                }
            }
        }
        t.countries = ranked(&self.facets[COUNTRY], &by_country);
        t.fields = ranked(&self.facets[FIELD], &by_field);
        t.flows = flows
            .into_iter()
            .map(|((c, direction), tally)| ((key(COUNTRY, c), direction), tally))
            .collect();
        t.per_year_region = years
            .into_iter()
            .map(|((y, r), n)| ((y, r.map_or_else(String::new, |r| key(REGION, r))), n))
            .collect();
        t
    }
}
