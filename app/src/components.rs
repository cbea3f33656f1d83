//! Pieces that several pages use.

pub mod activity_card;
pub mod downloads;
pub mod feed_link;
pub mod filter_form;
pub mod form;
pub mod highlight;
pub mod layout;
pub mod legend;
pub mod org_list;
pub mod record_notes;
pub mod search_form;
pub mod status;
pub mod svg_map;
pub mod year_chart;
