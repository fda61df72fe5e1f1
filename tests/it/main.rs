//! The integration tests, one binary for all of them.
//!
//! Each file here was its own test binary once; every one of them linked
//! the whole of menukaart and its dependencies (about 120 MB each with line
//! tables), and 25 of them filled CI's disk before the tests ran. As
//! modules of one binary they link once. Run one file's tests with
//! `cargo test --test it placemat_cache::`.
//!
//! `tests/placemat.rs` stays a binary of its own: it sets
//! `SOURCE_DATE_EPOCH` for its whole process, which must not leak into
//! these tests.

#[path = "../common/mod.rs"]
mod common;

mod catalogue;
mod cms;
mod cost;
mod dutch_errors;
mod edition;
mod errors;
mod export;
mod folder;
mod fuzz;
mod hostile;
mod hostile_cache;
mod hostile_output;
mod hsds;
mod language;
mod national;
mod output;
mod placemat_cache;
mod publish;
mod readability;
mod routes;
mod scaffold;
mod schema;
mod serve;
mod site;
mod stale;
mod theme;
