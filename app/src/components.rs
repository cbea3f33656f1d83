//! Pieces that several pages use.

pub mod activity_card;
pub mod layout;
pub mod search_form;
pub mod status;
