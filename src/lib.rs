//! menukaart turns a national catalogue of lifestyle interventions and one
//! selection per zorggroep into a static website (and placemats).
//!
//! The pipeline has one module per stage, in the order data flows:
//!
//! 1. [`load`] reads `menukaart.toml`, `interventions/*.md`, `regions/*.toml`;
//! 2. [`validate`] checks every value and turns text into the [`model`];
//! 3. [`resolve`] combines national data with each region's overrides into
//!    the view model every renderer uses;
//! 4. [`render`] fills the theme's templates and writes the [`export`]
//!    formats, which [`edition`] also reads back to compare editions;
//! 5. [`write`] swaps the finished site into `output/` atomically.
//!
//! [`build`] strings the stages together; `main.rs` only parses arguments
//! and prints what the library returns.

pub mod build;
pub mod cms;
pub(crate) mod cost;
pub mod diagnostics;
pub(crate) mod edition;
pub mod export;
pub(crate) mod load;
pub(crate) mod markdown;
pub mod model;
pub mod names;
mod outcome;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod schema;
pub mod serve;
mod text;
pub mod theme;
pub(crate) mod validate;
pub mod vocab;
pub mod write;

pub use build::{build, check, BuildOptions, BuildReport, Outcome};
pub use diagnostics::{Diagnostic, Diagnostics, Location, Severity};
/// The B1 readability measure `check` uses, for tools and tests.
pub use validate::readability;
