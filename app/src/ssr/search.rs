//! The one search engine: an in-memory index of the published record that answers the search
//! page, the JSON search, the map's counts and the country and organisation pages' lists.
//! Every "which activities match these filters" on the site is answered here, so the map and
//! the search agree by construction.
//!
//! - [`index`]: the index itself (text postings, facet bit sets, precomputed orders), built
//!   from the record, updated by a cheap copy and swap after a write ([`SearchHandle`]);
//! - [`facets`]: facet counts and their bilingual labels.
//!
//! The tests check it against a deliberately naive brute-force scan
//! (`app/tests/support/oracle.rs`).

pub mod facets;
pub mod index;

pub use facets::{label_facets, FacetCounts, FacetNames};
pub use index::{Answer, FlowTally, People, SearchHandle, SearchIndex, Summary, Tallies};
