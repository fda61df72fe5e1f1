//! The export formats: what `menukaart.json`, `interventies.json` and
//! `menukaart.csv` contain, independent of writing them.
//!
//! Chain information systems and spreadsheets read these files, and
//! editions (`edities/`) are frozen copies of `menukaart.json`, so the
//! format is a contract (documented in `docs/export.md`). It lives here,
//! between [`crate::resolve`] and its users, because two stages need it:
//! [`crate::render`] writes it and [`crate::edition`] reads it back and
//! compares it. Each part is defined once, and everything else follows:
//!
//! - [`document`]: the JSON document model, as typed structs;
//! - [`schema`]: the JSON Schema, generated from those structs;
//! - [`csv`]: the CSV columns, one table of (name, value) pairs;
//! - [`from_view`]: how a resolved menukaart becomes a document.

pub(crate) mod csv;
pub(crate) mod document;
mod from_view;
mod patterns;
pub(crate) mod schema;

pub use self::csv::{csv_bytes, csv_kolommen, csv_row, neutralise_formula};
pub use document::{
    Aanmelding, Doelgroep, Erkenning, Interventie, InterventiesJson, LandelijkeInterventie,
    MenukaartJson, Stap, Vergoeding, Zorggroep,
};
pub use from_view::{interventies_json, menukaart_json};
pub use schema::schema;

/// Version of the export format. The major number changes when a key is
/// removed, renamed or changes meaning; the minor number when one is added.
pub const VERSIE: &str = "2.0";

/// Where the schema goes in the output, and how a region's JSON points to it.
pub const SCHEMA_PATH: &str = "schema/menukaart.schema.json";
