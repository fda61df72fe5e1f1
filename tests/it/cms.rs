//! The CMS admin (`output/beheer/`): written only with `[beheer]`, its
//! configuration valid for Sveltia CMS (the JSON Schema its npm package
//! publishes), every key of every table a field, and the one page that
//! loads a script from another host.

use crate::common;

use std::fs;
use std::path::Path;

use common::Fixture;
use serde_json::Value;

const BEHEER: &str = "\n[beheer]\nbackend = \"gitea\"\nrepo = \"zorggroep/menukaart\"\nbranch = \"main\"\nbase_url = \"https://git.example.nl\"\n";

fn with_beheer(extra: &str) -> Fixture {
    let f = Fixture::example();
    let config = f.read("menukaart.toml");
    f.write("menukaart.toml", &format!("{config}{BEHEER}{extra}"));
    f
}

fn config(f: &Fixture) -> Value {
    let text = fs::read_to_string(f.output().join("beheer/config.yml")).expect("config.yml");
    serde_json::from_str(&text).expect("config.yml is JSON, so YAML too")
}

#[test]
fn without_beheer_no_admin_is_written() {
    let f = Fixture::example();
    assert!(
        f.build().value.is_some(),
        "{}",
        common::messages(&f.build())
    );
    assert!(!f.output().join("beheer").exists());
}

#[test]
fn the_config_is_valid_for_sveltia_cms() {
    let f = with_beheer("");
    let outcome = f.build();
    assert!(outcome.value.is_some(), "{}", common::messages(&outcome));
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("node_modules/@sveltia/cms/schema/sveltia-cms.json");
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(&schema_path)
            .unwrap_or_else(|e| panic!("{}: {e}; run `npm ci` first", schema_path.display())),
    )
    .expect("schema JSON");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .expect("Sveltia's schema compiles");
    let config = config(&f);
    let errors: Vec<String> = validator
        .iter_errors(&config)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The schema does check: a wrong value in a field is caught.
    let mut broken = config.clone();
    broken["collections"][0]["fields"][0]["required"] = Value::from("ja");
    assert!(!validator.is_valid(&broken));
    assert_eq!(config["backend"]["name"], "gitea");
    assert_eq!(config["backend"]["repo"], "zorggroep/menukaart");
    assert_eq!(config["backend"]["base_url"], "https://git.example.nl");
    let interventies = &config["collections"][0];
    assert_eq!(interventies["format"], "toml-frontmatter");
    assert_eq!(interventies["extension"], "md");
    assert_eq!(interventies["folder"], "interventions");
    let body = interventies["fields"].as_array().unwrap().last().unwrap();
    assert_eq!(body["name"], "body");
}

/// A field by its dotted path: `doelgroep.leeftijd_min`.
fn field<'v>(fields: &'v Value, path: &str) -> &'v Value {
    let mut current = fields;
    let mut found = &Value::Null;
    for part in path.split('.') {
        found = current
            .as_array()
            .and_then(|a| a.iter().find(|f| f["name"] == part))
            .unwrap_or_else(|| panic!("no field {path}"));
        current = &found["fields"];
    }
    found
}

#[test]
fn fields_follow_the_kinds_of_their_keys() {
    let f = with_beheer("");
    assert!(f.build().value.is_some());
    let config = config(&f);
    let interventie = &config["collections"][0]["fields"];
    let themas = field(interventie, "themas");
    assert_eq!(themas["widget"], "select");
    assert_eq!(themas["multiple"], true);
    assert_eq!(themas["options"][0]["value"], "bewegen");
    assert_eq!(themas["options"][0]["label"], "Bewegen");
    let verwijzing = field(interventie, "aanmelding.verwijzing");
    assert_eq!(verwijzing["widget"], "select");
    assert!(verwijzing.get("multiple").is_none());
    assert!(verwijzing["options"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["value"] == "poh" && o["label"] == "Via de praktijkondersteuner (POH)"));
    let date = field(interventie, "laatst_gecontroleerd");
    assert_eq!(date["widget"], "datetime");
    assert_eq!(date["time_format"], false);
    assert!(
        date.get("format").is_none(),
        "a format would save the date as text"
    );
    let age = field(interventie, "doelgroep.leeftijd_min");
    assert_eq!(
        (
            age["widget"].as_str(),
            age["min"].as_i64(),
            age["max"].as_i64()
        ),
        (Some("number"), Some(0), Some(120))
    );
    assert_eq!(field(interventie, "aanmelding.stappen")["widget"], "list");
    assert_eq!(field(interventie, "doelgroep")["widget"], "object");
    assert_eq!(field(interventie, "samenvatting")["maxlength"], 200);
    assert_eq!(field(interventie, "naam")["required"], true);
    assert_eq!(field(interventie, "duur")["required"], false);
    assert_eq!(
        field(interventie, "vergoeding.eigen_risico")["widget"],
        "boolean"
    );
    let website = field(interventie, "website");
    assert!(website["pattern"][0]
        .as_str()
        .unwrap()
        .contains("https?://"));
    let regio = &config["collections"][1]["fields"];
    let id = field(regio, "interventie.id");
    assert_eq!(id["widget"], "relation");
    assert_eq!(id["collection"], "interventies");
    assert!(field(regio, "interventie.vergoeding.gemeenten").is_object());
    let instellingen = &config["collections"][2]["files"][0];
    assert_eq!(instellingen["file"], "menukaart.toml");
    assert_eq!(
        field(&instellingen["fields"], "beheer.backend")["widget"],
        "select"
    );
}

#[test]
fn the_admin_page_loads_the_pinned_script_and_only_it_leaves_the_site() {
    let f = with_beheer("");
    assert!(f.build().value.is_some());
    let page = fs::read_to_string(f.output().join("beheer/index.html")).unwrap();
    assert!(page.contains("<html lang=\"nl\">"));
    assert!(page.contains("src=\"https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js\""));
    assert!(page.contains("rel=\"cms-config-url\""));
    for entry in walkdir::WalkDir::new(f.output()) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "html")
            && !path.starts_with(f.output().join("beheer"))
        {
            let text = fs::read_to_string(path).unwrap();
            assert!(
                !text.contains("unpkg.com"),
                "{} loads the CMS",
                path.display()
            );
            // Nothing the browser fetches by itself points to another host.
            for attr in ["src=\"http", "src=\"//", "rel=\"stylesheet\" href=\"http"] {
                assert!(!text.contains(attr), "{}: {attr}", path.display());
            }
        }
    }
}

#[test]
fn the_script_address_is_a_setting_and_is_escaped() {
    let f = with_beheer("cms_script = \"https://cms.example.nl/sveltia.js?a=1&b=2\"\n");
    let outcome = f.build();
    assert!(outcome.value.is_some(), "{}", common::messages(&outcome));
    let page = fs::read_to_string(f.output().join("beheer/index.html")).unwrap();
    assert!(page.contains("src=\"https://cms.example.nl/sveltia.js?a=1&amp;b=2\""));
}

#[test]
fn a_wrong_beheer_table_is_reported_in_dutch() {
    let f = Fixture::example();
    let config = f.read("menukaart.toml");
    f.write(
        "menukaart.toml",
        &format!("{config}\n[beheer]\nbackend = \"bitbucket\"\nrepo = \"../etc\"\n"),
    );
    let outcome = f.build();
    assert!(outcome.value.is_none());
    let text = common::messages(&outcome);
    assert!(text.contains("backend = \"bitbucket\" kan niet"), "{text}");
    assert!(text.contains("gitea, github, gitlab"), "{text}");
    assert!(text.contains("eigenaar/naam"), "{text}");
}
