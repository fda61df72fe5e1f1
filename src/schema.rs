//! JSON Schemas (draft 2020-12) of the files users write, for editors.
//!
//! Editors such as VS Code with Even Better TOML (taplo) complete keys,
//! show the Dutch description on hover and mark unknown keys and wrong
//! vocabulary values while the user types. The schemas are generated from
//! the key tables in [`crate::validate::keys`], the same tables the
//! validator checks unknown keys against, and from the vocabularies in
//! [`crate::vocab`]; so schema and validator cannot drift apart.
//!
//! TOML dates (`peildatum = 2026-10-01`) have no JSON counterpart; editors
//! and the tests hand them to the schema as strings, so a date is a string
//! with `"format": "date"`.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::diagnostics::Diagnostic;
use crate::validate::keys::{Key, Kind, TableSpec};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The folder `menukaart schema` and `menukaart init` write to.
pub const DEFAULT_DIR: &str = "schema";

/// File names of the three schemas.
pub const REGIO: &str = "regio.schema.json";
pub const INTERVENTIE: &str = "interventie.schema.json";
pub const INSTELLINGEN: &str = "menukaart.toml.schema.json";

/// All schemas as (file name, schema).
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            INTERVENTIE,
            document(
                "Interventie (de gegevens tussen +++ in interventions/<id>.md)",
                &crate::validate::INTERVENTION,
            ),
        ),
        (
            REGIO,
            document("Zorggroep (regions/<slug>.toml)", &crate::validate::REGION),
        ),
        (
            INSTELLINGEN,
            document(
                "Instellingen van de site (menukaart.toml)",
                &crate::validate::CONFIG,
            ),
        ),
    ]
}

/// Writes every schema into `dir`, creating it; returns the files written.
pub fn write(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let fail = |path: &Path, err: std::io::Error| {
        Diagnostic::error(
            None,
            format!("kan {} niet schrijven: {err}", path.display()),
        )
        .with_hint("controleer of de map bestaat en of u daar mag schrijven")
    };
    fs::create_dir_all(dir).map_err(|e| fail(dir, e))?;
    let mut written = Vec::new();
    for (name, schema) in schemas() {
        let path = dir.join(name);
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        fs::write(&path, text).map_err(|e| fail(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

fn document(title: &str, spec: &TableSpec) -> Value {
    let mut schema = table(spec);
    if let Value::Object(map) = &mut schema {
        let mut top = Map::new();
        top.insert("$schema".into(), json!(DRAFT));
        top.insert("title".into(), json!(title));
        top.extend(std::mem::take(map));
        *map = top;
    }
    schema
}

fn table(spec: &TableSpec) -> Value {
    let properties: Map<String, Value> =
        spec.keys().map(|k| (k.name.to_string(), key(k))).collect();
    let required: Vec<&str> = spec.keys().filter(|k| k.required).map(|k| k.name).collect();
    let mut schema = json!({
        "type": "object",
        "description": spec.description,
        "properties": properties,
        "additionalProperties": false,
    });
    let map = schema.as_object_mut().expect("built as an object above");
    if !required.is_empty() {
        map.insert("required".into(), json!(required));
    }
    if !spec.at_least_one.is_empty() {
        let any: Vec<Value> = spec
            .at_least_one
            .iter()
            .map(|k| json!({ "required": [k] }))
            .collect();
        map.insert("anyOf".into(), Value::Array(any));
    }
    // The cost rules of `crate::cost::contradictions`, for the editor: a
    // reimbursement that differs per insurer or gemeente must say how; what
    // the patient may pay needs a prijs; eigen_risico is for the
    // basisverzekering only.
    if spec.get("soort").is_some() && spec.get("toelichting").is_some() {
        let when = |soorten: &[&str]| json!({ "properties": { "soort": { "enum": soorten } }, "required": ["soort"] });
        map.insert(
            "allOf".into(),
            json!([
                { "if": when(&["wisselend"]), "then": { "required": ["toelichting"] } },
                {
                    "if": when(&["eigen-kosten", "aanvullende-verzekering"]),
                    "then": { "required": ["prijs"] }
                },
                {
                    "if": when(&["aanvullende-verzekering", "gemeente", "gratis", "eigen-kosten", "wisselend"]),
                    "then": { "not": { "required": ["eigen_risico"] } }
                },
                {
                    "if": when(&["eigen-kosten", "gratis"]),
                    "then": { "not": { "required": ["eigen_bijdrage"] } }
                }
            ]),
        );
    }
    schema
}

/// "bewegen (Bewegen), voeding (Voeding), …" for descriptions.
fn choices(terms: &[(&str, &str)]) -> String {
    terms
        .iter()
        .map(|(id, label)| format!("{id} ({label})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The regular expression (ECMA and Rust regex alike) a text of `kind`
/// matches, for editors and the CMS; the reader's own checks in
/// [`crate::validate::formats`] stay the rule, these catch most mistakes
/// while typing.
pub(crate) fn pattern(kind: &Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Url => "^\\s*https?://\\S+\\s*$",
        Kind::Email => "^\\s*[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+\\s*$",
        Kind::Phone => "^[0-9 ()+-]*[0-9][0-9 ()+-]*$",
        Kind::Postcode => "^[1-9][0-9]{3} ?[A-Z]{2}$",
        Kind::Agb | Kind::Kvk => "^[0-9]{8}$",
        Kind::Id | Kind::Name(_) => "^\\s*[a-z0-9]+(-[a-z0-9]+)*\\s*$",
        Kind::Repo => "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$",
        _ => return None,
    })
}

fn key(k: &Key) -> Value {
    let text = |extra: Value| {
        let mut v = json!({ "type": "string", "pattern": "\\S" });
        if let (Value::Object(map), Value::Object(more)) = (&mut v, extra) {
            map.extend(more);
        }
        v
    };
    let (mut schema, description) = match k.kind {
        Kind::Text | Kind::Markdown | Kind::Name(_) => (text(json!({})), k.description.to_string()),
        Kind::ShortText { max, .. } => {
            (text(json!({ "maxLength": max })), k.description.to_string())
        }
        Kind::Url
        | Kind::Email
        | Kind::Phone
        | Kind::Repo
        | Kind::Postcode
        | Kind::Agb
        | Kind::Kvk => (
            text(json!({ "pattern": pattern(&k.kind).unwrap_or("\\S") })),
            k.description.to_string(),
        ),
        Kind::Date => (
            json!({ "type": "string", "format": "date" }),
            format!("{} Voorbeeld: 2026-09-01.", k.description),
        ),
        Kind::Integer { min, max, .. } => {
            let mut v = json!({ "type": "integer" });
            let map = v.as_object_mut().expect("built as an object above");
            if min != i64::MIN {
                map.insert("minimum".into(), json!(min));
            }
            if max != i64::MAX {
                map.insert("maximum".into(), json!(max));
            }
            (v, k.description.to_string())
        }
        Kind::Boolean => (json!({ "type": "boolean" }), k.description.to_string()),
        Kind::TextList => (
            json!({ "type": "array", "items": { "type": "string", "pattern": "\\S" } }),
            k.description.to_string(),
        ),
        Kind::PerYear => (
            json!({
                "type": "object",
                "patternProperties": { "^[0-9]{4}$": { "type": "integer", "minimum": 0, "maximum": 10000 } },
                "additionalProperties": false,
            }),
            format!("{} Voorbeeld: 2026 = 385.", k.description),
        ),
        Kind::UrlList => {
            let mut v = json!({
                "type": "array",
                "items": { "type": "string", "pattern": pattern(&Kind::Url) },
            });
            if k.required {
                v["minItems"] = json!(1);
            }
            (v, k.description.to_string())
        }
        Kind::Id => (
            json!({ "type": "string", "pattern": pattern(&k.kind) }),
            k.description.to_string(),
        ),
        Kind::Vocab(terms) => {
            let terms = terms();
            let ids: Vec<&str> = terms.iter().map(|(id, _)| *id).collect();
            (
                json!({ "type": "string", "enum": ids }),
                format!("{} Kies uit: {}.", k.description, choices(&terms)),
            )
        }
        Kind::VocabList(terms) => {
            let terms = terms();
            let ids: Vec<&str> = terms.iter().map(|(id, _)| *id).collect();
            let mut v = json!({
                "type": "array",
                "items": { "type": "string", "enum": ids },
                "uniqueItems": true,
            });
            if k.required {
                v.as_object_mut()
                    .expect("built as an object above")
                    .insert("minItems".into(), json!(1));
            }
            (
                v,
                format!("{} Kies uit: {}.", k.description, choices(&terms)),
            )
        }
        Kind::OneOf(values) => (
            json!({ "type": "string", "enum": values }),
            k.description.to_string(),
        ),
        Kind::Table(spec) => (table(spec), k.description.to_string()),
        Kind::Tables(spec) => (
            json!({ "type": "array", "items": table(spec) }),
            k.description.to_string(),
        ),
        Kind::Steps(spec) => (
            json!({
                "type": "array",
                "items": { "anyOf": [{ "type": "string", "pattern": "\\S" }, table(spec)] },
            }),
            k.description.to_string(),
        ),
    };
    if let Value::Object(map) = &mut schema {
        map.insert("description".into(), json!(description));
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_dutch_description_and_vocabularies_are_enums() {
        let schemas = schemas();
        let regio = &schemas.iter().find(|(n, _)| *n == REGIO).unwrap().1;
        assert_eq!(regio["$schema"], DRAFT);
        assert_eq!(regio["additionalProperties"], false);
        let interventie = &schemas.iter().find(|(n, _)| *n == INTERVENTIE).unwrap().1;
        let themas = &interventie["properties"]["themas"];
        assert_eq!(themas["items"]["enum"][0], "bewegen");
        assert!(themas["description"].as_str().unwrap().contains("Kies uit"));
        fn walk(v: &Value, path: &str) {
            if let Some(props) = v.get("properties").and_then(Value::as_object) {
                for (name, p) in props {
                    assert!(
                        p["description"].as_str().is_some_and(|d| !d.is_empty()),
                        "{path}.{name} has no description"
                    );
                    walk(p, &format!("{path}.{name}"));
                }
            }
            if let Some(items) = v.get("items") {
                walk(items, path);
            }
        }
        for (name, schema) in &schemas {
            walk(schema, name);
        }
    }
}
