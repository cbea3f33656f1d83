//! What the database tests share: a fresh seeded database, the naive search oracle, and
//! databases as earlier releases left them.
#![allow(dead_code)] // each test file uses its own part

pub mod migrations;
pub mod oracle;
