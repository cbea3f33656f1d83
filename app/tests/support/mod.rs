//! What the database tests share: a fresh seeded database, and the naive search oracle.
#![allow(dead_code)] // each test file uses its own part

pub mod oracle;
