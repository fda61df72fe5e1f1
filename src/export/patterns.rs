//! Schema-only types: what a text field of the export must look like.
//!
//! The document types hold plain text in Rust, but the file has a fixed
//! form for some of it: vocabulary ids ([`VocabId`]), dates ([`Datum`]),
//! ids ([`Id`]) and the build time ([`Tijdstip`]). The document fields name
//! these types with `#[schemars(with = …)]`; [`super::schema`] then reads
//! the patterns from the document types. They live apart from both, so the
//! document and the schema generator each depend on them and not on each
//! other.

use std::borrow::Cow;
use std::marker::PhantomData;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use crate::vocab::Vocabulary;

/// In the schema only: the ids of vocabulary `V`, for a field that holds
/// them as text.
pub struct VocabId<V>(PhantomData<V>);

impl<V: Vocabulary> JsonSchema for VocabId<V> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("VocabId<{}>", std::any::type_name::<V>()).into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let ids: Vec<&str> = V::ALL.iter().map(|v| v.id()).collect();
        json_schema!({ "type": "string", "enum": ids })
    }
}

/// In the schema only: a date as `jjjj-mm-dd`.
pub struct Datum;

impl JsonSchema for Datum {
    fn schema_name() -> Cow<'static, str> {
        "datum".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" })
    }
}

/// In the schema only: an id of an intervention or a zorggroep, as in its
/// file name.
pub struct Id;

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" })
    }
}

/// In the schema only: a moment in UTC, `jjjj-mm-ddTuu:mm:ssZ`.
pub struct Tijdstip;

impl JsonSchema for Tijdstip {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "tijdstip".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"
        })
    }
}
