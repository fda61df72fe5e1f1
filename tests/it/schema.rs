//! JSON Schemas for editors (issue 6): every example data file validates
//! against them with a real JSON Schema validator, unknown keys and wrong
//! vocabulary values are rejected, and the schemas accept exactly the keys
//! the validator accepts.
//!
//! TOML becomes JSON the way editors hand it to a schema: dates as
//! strings, checked with `"format": "date"`.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use common::Fixture;
use menukaart::schema::{self, INSTELLINGEN, INTERVENTIE, REGIO};

fn validator(name: &str) -> jsonschema::Validator {
    let schema = schema::schemas()
        .into_iter()
        .find(|(n, _)| *n == name)
        .expect("schema")
        .1;
    jsonschema::draft202012::meta::validate(&schema).expect("a valid draft 2020-12 schema");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

fn to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => json!(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

/// The TOML of a data file as JSON; for `.md` the front matter.
fn data(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let toml_text = if path.extension().is_some_and(|e| e == "md") {
        front_matter(&text)
    } else {
        text
    };
    let table: toml::Table =
        toml::from_str(&toml_text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    to_json(&toml::Value::Table(table))
}

/// The lines between the first two lines that are exactly `+++`.
fn front_matter(text: &str) -> String {
    text.lines()
        .skip_while(|l| l.trim_end() != "+++")
        .skip(1)
        .take_while(|l| l.trim_end() != "+++")
        .map(|l| format!("{l}\n"))
        .collect()
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

fn files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == extension));
    out.sort();
    out
}

#[test]
fn every_example_file_validates() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let interventie = validator(INTERVENTIE);
    let regio = validator(REGIO);
    let instellingen = validator(INSTELLINGEN);
    let mut roots = vec![repo.to_path_buf()];
    for fixture in ["basis", "stale-verouderd"] {
        roots.push(repo.join("tests/fixtures").join(fixture));
    }
    let mut checked = 0;
    for root in roots {
        for path in files(&root.join("interventions"), "md") {
            let e = errors(&interventie, &data(&path));
            assert!(e.is_empty(), "{}: {e:#?}", path.display());
            checked += 1;
        }
        for path in files(&root.join("regions"), "toml") {
            let e = errors(&regio, &data(&path));
            assert!(e.is_empty(), "{}: {e:#?}", path.display());
            checked += 1;
        }
        let config = root.join("menukaart.toml");
        if config.is_file() {
            let e = errors(&instellingen, &data(&config));
            assert!(e.is_empty(), "{}: {e:#?}", config.display());
            checked += 1;
        }
    }
    assert!(checked > 25, "only {checked} files checked");
}

#[test]
fn scaffolded_files_validate() {
    let today = time::macros::date!(2026 - 11 - 01);
    let md = menukaart::scaffold::intervention_text("Beweegkuur Ëlst", today);
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), md).unwrap();
    let toml_text = menukaart::scaffold::region_text("Zorggroep Oost", today, &["gli-cool".into()]);
    fs::write(dir.path().join("b.toml"), toml_text).unwrap();
    assert!(errors(&validator(INTERVENTIE), &data(&dir.path().join("a.md"))).is_empty());
    assert!(errors(&validator(REGIO), &data(&dir.path().join("b.toml"))).is_empty());
}

#[test]
fn unknown_keys_and_wrong_values_are_rejected() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = repo.join("tests/fixtures/basis");
    let regio = validator(REGIO);
    let interventie = validator(INTERVENTIE);

    let mut region = data(&fixture.join("regions/zorggroep-test.toml"));
    assert!(regio.is_valid(&region));
    region["verzekeraar"] = json!(["CZ"]);
    let e = errors(&regio, &region);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].contains("verzekeraar"), "{e:#?}");

    let mut region = data(&fixture.join("regions/zorggroep-test.toml"));
    region["interventie"][1]["vergoeding"]["soort"] = json!("gemeentelijk");
    assert!(
        !regio.is_valid(&region),
        "wrong vocabulary value in a nested table"
    );
    let mut region = data(&fixture.join("regions/zorggroep-test.toml"));
    region["interventie"][0]["aanbieder"][0]["plaats_"] = json!("Oss");
    assert!(
        !regio.is_valid(&region),
        "unknown key in an array of tables"
    );
    let mut region = data(&fixture.join("regions/zorggroep-test.toml"));
    region["peildatum"] = json!("2026-02-30");
    assert!(!regio.is_valid(&region), "not a date");

    let mut i = data(&fixture.join("interventions/gli-cool.md"));
    assert!(interventie.is_valid(&i));
    i["themas"] = json!(["bewegen", "beweging"]);
    assert!(!interventie.is_valid(&i));
    let mut i = data(&fixture.join("interventions/gli-cool.md"));
    i["themas"] = json!([]);
    assert!(!interventie.is_valid(&i), "at least one thema");
    let mut i = data(&fixture.join("interventions/gli-cool.md"));
    i["samenvatting"] = json!("x".repeat(201));
    assert!(
        !interventie.is_valid(&i),
        "samenvatting is at most 200 characters"
    );
    let mut i = data(&fixture.join("interventions/gli-cool.md"));
    i["vergoeding"] = json!({ "soort": "wisselend" });
    assert!(!interventie.is_valid(&i), "wisselend needs a toelichting");
    let mut i = data(&fixture.join("interventions/gli-cool.md"));
    i["aanmelding"] = json!({ "verwijzing": "huisarts", "zorgdomein": "GLI" });
    assert!(!interventie.is_valid(&i), "aanmelding needs a way in");
    let mut i = data(&fixture.join("interventions/gli-cool.md"));
    i["doelgroep"]["leeftijd_min"] = json!(130);
    assert!(!interventie.is_valid(&i));
    i.as_object_mut().unwrap().remove("naam");
    assert!(!interventie.is_valid(&i), "naam is required");

    let instellingen = validator(INSTELLINGEN);
    assert!(instellingen.is_valid(&json!({ "titel": "x", "controle_maanden": 6 })));
    assert!(!instellingen.is_valid(&json!({ "taal": "en" })));
    assert!(!instellingen.is_valid(&json!({ "thema": "default" })));
}

/// Fills every key a schema describes into `table`, recursively, keeping
/// values already there. Values only need the right shape.
fn fill(table: &mut toml::Table, schema: &Value) {
    let Some(properties) = schema["properties"].as_object() else {
        return;
    };
    for (name, property) in properties {
        let kind = property["type"].as_str().unwrap_or("string");
        match kind {
            "object" => {
                let entry = table
                    .entry(name.clone())
                    .or_insert_with(|| toml::Value::Table(toml::Table::new()));
                if let toml::Value::Table(t) = entry {
                    fill(t, property);
                }
            }
            "array" if property["items"]["type"] == "object" => {
                let entry = table.entry(name.clone()).or_insert_with(|| {
                    toml::Value::Array(vec![toml::Value::Table(toml::Table::new())])
                });
                if let toml::Value::Array(items) = entry {
                    for item in items {
                        if let toml::Value::Table(t) = item {
                            fill(t, &property["items"]);
                        }
                    }
                }
            }
            _ => {
                table.entry(name.clone()).or_insert_with(|| match kind {
                    "integer" => toml::Value::Integer(1),
                    "boolean" => toml::Value::Boolean(true),
                    "array" => toml::Value::Array(vec![toml::Value::String("x".into())]),
                    _ => toml::Value::String("x".into()),
                });
            }
        }
    }
}

fn schema_of(name: &str) -> Value {
    schema::schemas()
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap()
        .1
}

/// Every key in the schemas is accepted by `check` (no "onbekende
/// sleutel"), and a key that is not in a schema is refused by `check`
/// in every table: schema and validator know the same keys.
#[test]
fn schema_and_validator_know_the_same_keys() {
    let fx = Fixture::copy("basis");
    let mut files = Vec::new();
    for (path, name) in [
        ("interventions/gli-cool.md", INTERVENTIE),
        ("regions/zorggroep-test.toml", REGIO),
        ("menukaart.toml", INSTELLINGEN),
    ] {
        let text = fx.read(path);
        let front = if path.ends_with(".md") {
            front_matter(&text)
        } else {
            text
        };
        let mut table: toml::Table = toml::from_str(&front).unwrap();
        fill(&mut table, &schema_of(name));
        files.push((path, table));
    }
    let write = |fx: &Fixture, files: &[(&str, toml::Table)]| {
        for (path, table) in files {
            let toml_text = toml::to_string(table).unwrap();
            if path.ends_with(".md") {
                fx.write(path, &format!("+++\n{toml_text}+++\n\nTekst.\n"));
            } else {
                fx.write(path, &toml_text);
            }
        }
    };
    write(&fx, &files);
    let all = common::messages(&menukaart::check(fx.root(), common::TODAY));
    assert!(!all.contains("onbekende sleutel"), "{all}");
    assert!(
        all.contains("fout"),
        "the filled-in values are nonsense, so check does complain:\n{all}"
    );

    // Now one unknown key in every table of every file.
    fn poison(table: &mut toml::Table, count: &mut usize) {
        for (_, value) in table.iter_mut() {
            match value {
                toml::Value::Table(t) => poison(t, count),
                toml::Value::Array(items) => {
                    for item in items {
                        if let toml::Value::Table(t) = item {
                            poison(t, count);
                        }
                    }
                }
                _ => {}
            }
        }
        table.insert("qqq_onbekend".into(), toml::Value::Integer(1));
        *count += 1;
    }
    let mut tables = 0;
    for (_, table) in &mut files {
        poison(table, &mut tables);
    }
    write(&fx, &files);
    let all = common::messages(&menukaart::check(fx.root(), common::TODAY));
    assert_eq!(
        all.matches("onbekende sleutel \"qqq_onbekend\"").count(),
        tables,
        "{all}"
    );
}

#[test]
fn the_schema_command_writes_three_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_menukaart"))
        .args(["schema", "--output"])
        .arg(dir.path().join("schema"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("geschreven:"), "{stdout}");
    for name in [REGIO, INTERVENTIE, INSTELLINGEN] {
        let text = fs::read_to_string(dir.path().join("schema").join(name)).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value, schema_of(name));
        assert_eq!(
            value["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }
}
