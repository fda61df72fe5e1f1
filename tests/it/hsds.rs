//! HSDS 3.0 (issue 25): `<slug>/hsds/services.json` and
//! `hsds/services.json` hold one Open Referral service per intervention,
//! valid against the official compiled schema (`tests/fixtures/hsds/`),
//! with ids that stay the same across builds and differ across regions.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::{messages, Fixture};
use serde_json::Value;

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hsds/service.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn services(fx: &Fixture, path: &str) -> Vec<Value> {
    let text = fx.read(path);
    serde_json::from_str::<Value>(&text)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .as_array()
        .unwrap_or_else(|| panic!("{path} is a list"))
        .clone()
}

#[test]
fn every_service_is_valid_hsds_3() {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema())
        .expect("the HSDS schema compiles");
    for fx in [Fixture::example(), Fixture::copy("routes-tekens")] {
        let outcome = fx.build();
        assert!(outcome.value.is_some(), "{}", messages(&outcome));
        let mut paths = vec!["output/hsds/services.json".to_string()];
        for region in fs::read_dir(fx.root().join("regions")).unwrap().flatten() {
            let name = region.file_name().to_string_lossy().into_owned();
            if let Some(slug) = name.strip_suffix(".toml") {
                paths.push(format!("output/{slug}/hsds/services.json"));
            }
        }
        let mut ids = BTreeSet::new();
        for path in &paths {
            let list = services(&fx, path);
            assert!(!list.is_empty(), "{path}");
            for service in &list {
                let errors: Vec<String> = validator
                    .iter_errors(service)
                    .map(|e| format!("{e} at {}", e.instance_path))
                    .collect();
                assert!(errors.is_empty(), "{path} {}: {errors:#?}", service["name"]);
                assert!(
                    ids.insert(service["id"].as_str().unwrap().to_string()),
                    "id used twice: {path} {}",
                    service["name"]
                );
            }
        }
    }
    // The check can fail: a status HSDS does not know, an id that is no
    // UUID and a web address that is none are each refused.
    let fx = Fixture::copy("routes-tekens");
    assert!(fx.build().value.is_some());
    let good = services(&fx, "output/hsds/services.json").remove(0);
    for (key, bad) in [
        ("status", "open"),
        ("id", "gli-route"),
        ("url", "geen adres"),
    ] {
        let mut broken = good.clone();
        broken[key] = Value::String(bad.to_string());
        assert!(!validator.is_valid(&broken), "{key} = {bad} passed");
    }
}

#[test]
fn a_regional_service_carries_the_menu_as_the_site_shows_it() {
    let fx = Fixture::copy("routes-tekens");
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    let list = services(&fx, "output/zorggroep-friesland/hsds/services.json");
    let json: Value =
        serde_json::from_str(&fx.read("output/zorggroep-friesland/menukaart.json")).unwrap();
    let menu = json["interventie"].as_array().unwrap();
    assert_eq!(
        list.len(),
        menu.len(),
        "one service per intervention on the menu"
    );
    let gli = list
        .iter()
        .find(|s| {
            s["application_process"]
                .as_str()
                .unwrap_or("")
                .contains("Buurtsportcoach")
        })
        .expect("the GLI route through the buurtsportcoach");
    let process = gli["application_process"].as_str().unwrap();
    // Who acts, as the data say it; a plain step has no actor.
    assert!(
        process.contains("1. Huisarts: Huisarts bespreekt"),
        "{process}"
    );
    assert!(process.contains("2. POH: POH mailt"), "{process}");
    assert!(
        process.contains("4. Intake bij de leefstijlcoach"),
        "{process}"
    );
    assert_eq!(gli["status"], "active");
    // The areas are the region's gemeenten.
    let areas: Vec<&str> = gli["service_areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(areas.contains(&"Gemeente Súdwest-Fryslân"), "{areas:?}");
    // The cost sentence is the site's.
    let page = fx.read(&format!(
        "output/{}",
        gli["url"]
            .as_str()
            .unwrap()
            .split_once(".nl/")
            .map_or("", |(_, p)| p)
            .to_string()
            + "index.html"
    ));
    let fees = gli["fees_description"].as_str().unwrap();
    let first = fees.split(": ").last().unwrap_or(fees);
    assert!(page.contains(&common::html_text(first)), "{fees}");
    // A buurtsportcoach is a contact of the service.
    assert!(
        gli["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["email"] == "coach@sudwest.example.nl"),
        "{gli:#}"
    );

    // The same ids at the next build.
    let before: Vec<Value> = list.iter().map(|s| s["id"].clone()).collect();
    assert!(fx.build().value.is_some());
    let again: Vec<Value> = services(&fx, "output/zorggroep-friesland/hsds/services.json")
        .iter()
        .map(|s| s["id"].clone())
        .collect();
    assert_eq!(before, again);
}

/// Issue 25: an aanbieder's address, AGB code and KvK number are checked,
/// shown where a patient or verwijzer looks, and exported.
#[test]
fn a_provider_with_an_address_can_be_found() {
    let fx = Fixture::copy("routes-tekens");
    fx.edit(
        "regions/zorggroep-friesland.toml",
        "naam = \"Leefstijlcoach Heerenveen\"\n",
        "naam = \"Leefstijlcoach Heerenveen\"\nadres = \"Dracht 12\"\npostcode = \"8442 BP\"\nagb = \"98765432\"\nkvk = \"01234567\"\n",
    );
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    let page = fx.read("output/zorggroep-friesland/gli-route/index.html");
    assert!(
        page.contains("<span class=\"label\">Adres:</span> Dracht 12, 8442 BP Heerenveen"),
        "{page}"
    );
    assert!(page.contains("<span class=\"label\">AGB-code:</span> 98765432"));
    assert!(page.contains("<span class=\"label\">KvK-nummer:</span> 01234567"));
    let json: Value =
        serde_json::from_str(&fx.read("output/zorggroep-friesland/menukaart.json")).unwrap();
    let gli = json["interventie"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "gli-route")
        .unwrap();
    let a = &gli["aanbieder"][0];
    assert_eq!(
        (&a["adres"], &a["postcode"]),
        (&Value::from("Dracht 12"), &Value::from("8442 BP"))
    );
    assert_eq!(
        (&a["agb"], &a["kvk"]),
        (&Value::from("98765432"), &Value::from("01234567"))
    );
    assert!(fx
        .read("output/zorggroep-friesland/menukaart.csv")
        .contains("Dracht 12, 8442 BP · AGB 98765432 · KvK 01234567"));
    let service = services(&fx, "output/zorggroep-friesland/hsds/services.json")
        .into_iter()
        .find(|s| s["organization"]["name"] == "Leefstijlcoach Heerenveen")
        .expect("the provider is the service's organization");
    let ids: Vec<&str> = service["organization"]["organization_identifiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["identifier"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["98765432", "01234567"]);
    let address = &service["service_at_locations"][0]["location"]["addresses"][0];
    assert_eq!(address["postal_code"], "8442 BP");
    assert_eq!(address["city"], "Heerenveen");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema())
        .unwrap();
    assert!(validator.is_valid(&service));
    // The folder the patient takes home says where to go.
    let folder = fx.output().join("zorggroep-friesland/gli-route/folder.pdf");
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&folder)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by .ci/run");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Dracht 12, 8442 BP Heerenveen"), "{text}");

    // Wrong forms are errors at their place, with the right form.
    fx.edit(
        "regions/zorggroep-friesland.toml",
        "\"8442 BP\"",
        "\"8442bp\"",
    );
    fx.edit(
        "regions/zorggroep-friesland.toml",
        "\"98765432\"",
        "\"9876 5432\"",
    );
    let text = messages(&fx.build());
    assert!(
        text.contains("vier cijfers en twee hoofdletters, zoals 5341 AB"),
        "{text}"
    );
    assert!(text.contains("precies 8 cijfers"), "{text}");
}
