//! The JSON Schema of `menukaart.json`, generated from the document types.
//!
//! Editors and validators check a zorggroep's export against this schema,
//! so it must say exactly what [`super::document`] writes. Generating it
//! from the structs (with `schemars`) means a new key cannot be forgotten
//! in the schema. What the types alone cannot say is added here, once:
//!
//! - vocabulary fields hold text in Rust but only the ids of their
//!   vocabulary in the file, and dates, ids and the build time have a fixed
//!   pattern: the document types say so with the schema-only types of
//!   [`super::patterns`];
//! - "leeg is null": the export never writes an empty text, so every text
//!   has at least one character ([`tighten`]);
//! - the schema describes what the export *writes* (the serialize
//!   contract), so keys that old editions may lack are still required.

use schemars::generate::{Contract, SchemaSettings};
use schemars::transform::RecursiveTransform;
use schemars::Schema;
use serde_json::Value;

use super::document::MenukaartJson;

/// The schema of `menukaart.json` (JSON Schema draft 2020-12).
pub fn schema() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .with(|s| s.contract = Contract::Serialize)
        .with_transform(RecursiveTransform(tighten))
        .into_generator();
    generator.into_root_schema_for::<MenukaartJson>().to_value()
}

/// What every part of the schema gets on top of what `schemars` derives.
///
/// Texts are never empty (the export writes `null` for "not stated");
/// `schemars`' own formats for integers (`uint`, `uint32`) are dropped,
/// since they are not JSON Schema formats and strict validators such as
/// ajv reject them (the range is in `minimum` already); and the defaults
/// that `#[serde(default)]` implies are dropped, since they describe how
/// old editions are read, not what the export writes.
fn tighten(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let is_text = match object.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    let constrained = ["minLength", "pattern", "enum", "const"]
        .iter()
        .any(|key| object.contains_key(*key));
    if is_text && !constrained {
        object.insert("minLength".into(), 1.into());
    }
    if object
        .get("format")
        .and_then(Value::as_str)
        .is_some_and(|f| f.starts_with("uint") || f.starts_with("int"))
    {
        object.remove("format");
    }
    object.remove("default");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_requires_exactly_the_keys_the_export_writes() {
        let schema = schema();
        assert_eq!(
            schema["properties"]["versie"]["const"],
            super::super::VERSIE
        );
        let mut required: Vec<&str> = schema["$defs"]["interventie"]["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        required.sort_unstable();
        let written = serde_json::to_value(super::super::document::sample()).unwrap();
        let mut keys: Vec<&str> = written
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(required, keys);
    }

    /// Doc comments become schema descriptions unless a Dutch
    /// `description` overrides them: catch an English one that slipped
    /// through (a new doc comment on an exported type, say).
    #[test]
    fn descriptions_are_dutch() {
        fn walk(value: &Value, found: &mut Vec<String>) {
            match value {
                Value::Object(object) => {
                    if let Some(Value::String(text)) = object.get("description") {
                        found.push(text.clone());
                    }
                    object.values().for_each(|v| walk(v, found));
                }
                Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
                _ => {}
            }
        }
        let mut found = Vec::new();
        walk(&schema(), &mut found);
        assert!(found.len() > 40, "{}", found.len());
        for text in found {
            let words: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase)
                .collect();
            for english in ["the", "and", "when", "which", "with", "only", "for"] {
                assert!(!words.iter().any(|w| w == english), "English? {text}");
            }
        }
    }
}
