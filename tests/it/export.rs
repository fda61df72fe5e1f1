//! Exports for chain information systems: `menukaart.json` against its JSON
//! Schema, reading it back, `interventies.json`, and `menukaart.csv`.

use crate::common;

use common::{messages, Fixture, TODAY};
use menukaart::export::{csv_kolommen, csv_row, schema, InterventiesJson, MenukaartJson, VERSIE};
use menukaart::model::Project;
use menukaart::vocab::Vocabulary;
use serde_json::Value;

fn built(fx: &Fixture) -> Project {
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    menukaart::check(fx.root(), TODAY)
        .value
        .expect("a project that builds also checks")
        .project
}

fn json(fx: &Fixture, path: &str) -> Value {
    serde_json::from_str(&fx.read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn schema_errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::draft202012::new(schema).expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

#[test]
fn menukaart_json_validates_against_the_shipped_schema() {
    for fx in [Fixture::example(), Fixture::copy("routes-tekens")] {
        let project = built(&fx);
        let schema = json(&fx, "output/schema/menukaart.schema.json");
        assert_eq!(schema, menukaart::export::schema());
        jsonschema::draft202012::meta::validate(&schema).expect("a valid draft 2020-12 schema");
        for region in &project.regions {
            let path = format!("output/{}/menukaart.json", region.slug);
            let doc = json(&fx, &path);
            assert_eq!(doc["versie"], VERSIE);
            assert_eq!(doc["$schema"], "../schema/menukaart.schema.json");
            let errors = schema_errors(&schema, &doc);
            assert!(errors.is_empty(), "{path}:\n{}", errors.join("\n"));
        }
    }
}

/// Changes a valid document into one the schema must reject.
type Breakage = fn(&mut Value);

#[test]
fn the_schema_rejects_what_the_format_does_not_allow() {
    let fx = Fixture::copy("routes-tekens");
    built(&fx);
    let schema = schema();
    let good = json(&fx, "output/zorggroep-friesland/menukaart.json");
    assert!(schema_errors(&schema, &good).is_empty());
    let breakages: [(&str, Breakage); 5] = [
        ("unknown key", |d| {
            d["interventie"][0]["onbekend"] = Value::from(1);
        }),
        ("unknown thema", |d| {
            d["interventie"][0]["themas"][0] = Value::from("sport");
        }),
        ("missing versie", |d| {
            d.as_object_mut().unwrap().remove("versie");
        }),
        ("date format", |d| {
            d["zorggroep"]["peildatum"] = Value::from("1 oktober 2026");
        }),
        ("three vergoedingen", |d| {
            let v = d["interventie"][0]["vergoeding"][0].clone();
            let list = d["interventie"][0]["vergoeding"].as_array_mut().unwrap();
            list.push(v.clone());
            list.push(v);
        }),
    ];
    for (what, breakage) in breakages {
        let mut bad = good.clone();
        breakage(&mut bad);
        assert!(!schema_errors(&schema, &bad).is_empty(), "{what} accepted");
    }
}

#[test]
fn the_schema_lists_every_vocabulary_value() {
    let schema = schema();
    let enum_of = |pointer: &str| -> Vec<String> {
        schema
            .pointer(pointer)
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{pointer}"))
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    fn ids<V: Vocabulary>() -> Vec<String> {
        V::ALL.iter().map(|v| v.id().to_string()).collect()
    }
    use menukaart::vocab::{Erkenning, Thema, VergoedingSoort, Verwijzing, Vorm};
    let i = "/$defs/interventie/properties";
    assert_eq!(enum_of(&format!("{i}/themas/items/enum")), ids::<Thema>());
    assert_eq!(enum_of(&format!("{i}/vorm/items/enum")), ids::<Vorm>());
    assert_eq!(
        enum_of("/$defs/erkenning/properties/niveau/enum"),
        ids::<Erkenning>()
    );
    assert_eq!(
        enum_of("/$defs/vergoeding/properties/soort/enum"),
        ids::<VergoedingSoort>()
    );
    assert_eq!(
        enum_of("/$defs/aanmelding/properties/verwijzing/enum"),
        ids::<Verwijzing>()
    );
    assert_eq!(
        enum_of("/$defs/doelgroep/properties/aandoeningen/items/enum"),
        ids::<menukaart::vocab::Aandoening>()
    );
}

/// "Elke sleutel staat er altijd" (docs/export.md): every object in the
/// schema requires all of its keys and allows no others.
#[test]
fn the_schema_requires_every_key_and_allows_no_other() {
    fn check(path: &str, value: &Value) {
        let Some(object) = value.as_object() else {
            return;
        };
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            let mut keys: Vec<&str> = properties.keys().map(String::as_str).collect();
            let mut required: Vec<&str> = object["required"]
                .as_array()
                .unwrap_or_else(|| panic!("{path}: no required"))
                .iter()
                .filter_map(Value::as_str)
                .collect();
            keys.sort_unstable();
            required.sort_unstable();
            assert_eq!(keys, required, "{path}");
            assert_eq!(object["additionalProperties"], false, "{path}");
        }
        for (key, child) in object {
            check(&format!("{path}/{key}"), child);
        }
    }
    let schema = schema();
    check("", &schema);
    assert!(schema["$defs"].as_object().unwrap().len() > 10);
}

/// The column table in docs/export.md is the one the code writes.
#[test]
fn the_documented_csv_columns_are_the_written_ones() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/export.md"))
        .expect("docs/export.md");
    let documented: Vec<(usize, String)> = docs
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let number = cells.get(1)?.parse().ok()?;
            let name = cells.get(2)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((number, name.to_string()))
        })
        .collect();
    let written: Vec<(usize, String)> = csv_kolommen()
        .into_iter()
        .enumerate()
        .map(|(index, name)| (index + 1, name.to_string()))
        .collect();
    assert_eq!(documented, written);
}

/// Reading the JSON back into the typed structs gives the region's choice
/// with its overrides applied, compared with the region files themselves.
#[test]
fn menukaart_json_round_trips_with_overrides_applied() {
    for fx in [Fixture::example(), Fixture::copy("routes-tekens")] {
        let project = built(&fx);
        let mut overrides = 0;
        for region in &project.regions {
            let path = format!("output/{}/menukaart.json", region.slug);
            let raw = fx.read(&path);
            let typed: MenukaartJson = serde_json::from_str(&raw).expect("typed");
            assert_eq!(
                serde_json::to_value(&typed).unwrap(),
                serde_json::from_str::<Value>(&raw).unwrap(),
                "nothing lost or added when read back"
            );
            assert_eq!(typed.zorggroep.naam, region.naam);
            assert_eq!(typed.zorggroep.peildatum, region.peildatum.to_string());
            let gemeenten: Vec<&str> = region.gemeenten.iter().map(|g| g.naam.as_str()).collect();
            let exported: Vec<&str> = typed
                .zorggroep
                .gemeente
                .iter()
                .map(|g| g.naam.as_str())
                .collect();
            assert_eq!(exported, gemeenten);

            let mut ids: Vec<&str> = typed.interventie.iter().map(|i| i.id.as_str()).collect();
            let positions: Vec<usize> = typed.interventie.iter().map(|i| i.positie).collect();
            assert_eq!(positions, (1..=ids.len()).collect::<Vec<_>>());
            ids.sort_unstable();
            let mut chosen: Vec<&str> = region.entries.iter().map(|e| e.id.as_str()).collect();
            chosen.sort_unstable();
            assert_eq!(ids, chosen, "{path}");

            for entry in &region.entries {
                let national = project.intervention(&entry.id).unwrap();
                let got = typed.interventie.iter().find(|i| i.id == entry.id).unwrap();
                assert_eq!(got.naam, national.naam);
                assert_eq!(got.samenvatting, national.samenvatting);
                assert_eq!(got.doelgroep.omschrijving, national.doelgroep.omschrijving);
                assert_eq!(got.doelgroep.leeftijd_min, national.doelgroep.leeftijd_min);
                assert_eq!(got.doelgroep.leeftijd_max, national.doelgroep.leeftijd_max);
                assert_eq!(
                    got.laatst_gecontroleerd,
                    national.laatst_gecontroleerd.to_string()
                );
                assert_eq!(got.notitie, entry.notitie);
                let names: Vec<&str> = got.aanbieder.iter().map(|a| a.naam.as_str()).collect();
                let expected: Vec<&str> =
                    entry.aanbieders.iter().map(|a| a.naam.as_str()).collect();
                assert_eq!(names, expected);

                // aanmelding: the region's own route replaces the national one.
                let route = entry.aanmelding.as_ref().unwrap_or(&national.aanmelding);
                assert_eq!(got.aanmelding.regionaal, entry.aanmelding.is_some());
                assert_eq!(
                    got.aanmelding.verwijzing.as_deref(),
                    route.verwijzing.map(|v| v.id())
                );
                let steps: Vec<(Option<&str>, &str)> = got
                    .aanmelding
                    .stappen
                    .iter()
                    .map(|s| (s.wie.as_deref(), s.wat.as_str()))
                    .collect();
                let written: Vec<(Option<&str>, &str)> = route
                    .stappen
                    .iter()
                    .map(|s| (s.wie.map(|w| w.id()), s.wat.as_str()))
                    .collect();
                assert_eq!(steps, written, "every step with who acts");
                assert_eq!(got.aanmelding.telefoon, route.telefoon);
                assert_eq!(got.aanmelding.email, route.email);
                assert_eq!(got.aanmelding.url, route.url);

                // vergoeding: regional first; the national one elsewhere.
                let soorten: Vec<(&str, bool, Vec<String>)> = got
                    .vergoeding
                    .iter()
                    .map(|v| (v.soort.as_str(), v.regionaal, v.gemeenten.clone()))
                    .collect();
                let expected = match &entry.vergoeding {
                    None => vec![(national.vergoeding.soort.id(), false, vec![])],
                    Some(v) if v.gemeenten.is_empty() => vec![(v.soort.id(), true, vec![])],
                    Some(v) => vec![
                        (v.soort.id(), true, v.gemeenten.clone()),
                        (
                            national.vergoeding.soort.id(),
                            false,
                            gemeenten
                                .iter()
                                .filter(|g| !v.gemeenten.iter().any(|x| x == *g))
                                .map(|g| g.to_string())
                                .collect(),
                        ),
                    ],
                };
                assert_eq!(soorten, expected, "{}", entry.id);
                if entry.vergoeding.is_some() || entry.aanmelding.is_some() {
                    overrides += 1;
                }
            }
        }
        assert!(overrides > 0, "the project has regional overrides");
    }
}

#[test]
fn interventies_json_holds_the_national_catalogue_without_regional_overrides() {
    let fx = Fixture::copy("basis");
    let project = built(&fx);
    let typed: InterventiesJson =
        serde_json::from_str(&fx.read("output/interventies.json")).expect("typed");
    assert_eq!(typed.versie, VERSIE);
    let mut ids: Vec<&str> = typed.interventie.iter().map(|i| i.id.as_str()).collect();
    ids.sort_unstable();
    let expected: Vec<&str> = project
        .interventions
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids, expected);
    let beweeg = typed
        .interventie
        .iter()
        .find(|i| i.id == "beweegprogramma")
        .unwrap();
    // Nationally the patient registers and pays; the region's route via
    // the buurtsportcoach and the gemeente's payment stay regional.
    assert_eq!(beweeg.aanmelding.verwijzing.as_deref(), Some("geen"));
    assert!(!beweeg.aanmelding.regionaal);
    assert_eq!(beweeg.vergoeding.soort, "eigen-kosten");
    assert_eq!(beweeg.regios, ["zorggroep-test"]);
    assert!(typed
        .interventie
        .iter()
        .find(|i| i.id == "slaapcursus")
        .unwrap()
        .regios
        .is_empty());
    let regional: MenukaartJson =
        serde_json::from_str(&fx.read("output/zorggroep-test/menukaart.json")).unwrap();
    let beweeg = regional
        .interventie
        .iter()
        .find(|i| i.id == "beweegprogramma")
        .unwrap();
    assert_eq!(
        beweeg.aanmelding.verwijzing.as_deref(),
        Some("buurtsportcoach")
    );
    assert_eq!(beweeg.vergoeding[0].gemeenten, ["Oss"]);
    assert_eq!(beweeg.vergoeding[1].gemeenten, ["Bernheze"]);
}

#[test]
fn menukaart_csv_parses_into_the_same_rows_and_values() {
    let fx = Fixture::copy("routes-tekens");
    let project = built(&fx);
    let bytes = std::fs::read(fx.output().join("zorggroep-friesland/menukaart.csv")).unwrap();
    let body = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .expect("UTF-8 byte-order mark, so Excel reads ë and €");
    let text = std::str::from_utf8(body).unwrap();
    assert!(text.starts_with("positie;id;naam;"), "`;` between fields");
    assert!(text.contains("\r\n1;samen-buiten;"), "CRLF between records");
    assert!(
        text.contains("\"Samen \"\"buiten\"\" bewegen; elke week\""),
        "quoted as RFC 4180 asks"
    );

    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(body);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, csv_kolommen());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();

    let typed: MenukaartJson =
        serde_json::from_str(&fx.read("output/zorggroep-friesland/menukaart.json")).unwrap();
    assert_eq!(rows.len(), typed.interventie.len());
    assert_eq!(rows.len(), project.regions[0].entries.len());
    for (row, interventie) in rows.iter().zip(&typed.interventie) {
        assert_eq!(row, &csv_row(interventie), "{}", interventie.id);
    }

    // The tricky values, compared with the files they came from.
    let kolommen = csv_kolommen();
    let column = |name: &str| kolommen.iter().position(|c| *c == name).unwrap();
    let national = project.intervention("samen-buiten").unwrap();
    let entry = &project.regions[0].entries[0];
    let row = &rows[0];
    assert_eq!(row[column("id")], "samen-buiten");
    assert_eq!(row[column("naam")], national.naam);
    assert!(row[column("naam")].contains(";") && row[column("naam")].contains('"'));
    assert_eq!(row[column("samenvatting")], national.samenvatting);
    assert_eq!(row[column("doelgroep")], national.doelgroep.omschrijving);
    assert!(row[column("doelgroep")].contains('\n'));
    assert_eq!(row[column("notitie")], entry.notitie.clone().unwrap());
    assert!(row[column("notitie")].contains('\n'));
    assert_eq!(
        row[column("stappen")],
        national
            .aanmelding
            .stappen
            .iter()
            .map(|s| s.wat.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(row[column("vergoeding_soort")], "gemeente");
    assert_eq!(
        row[column("vergoeding_gemeenten")],
        "Súdwest-Fryslân, De Fryske Marren"
    );
    assert_eq!(row[column("overige_gemeenten_soort")], "eigen-kosten");
    assert_eq!(
        row[column("overige_gemeenten_toelichting")],
        national.vergoeding.toelichting.clone().unwrap()
    );
    assert_eq!(row[column("leeftijd_max")], "75");
    assert!(row[column("aanbieders")]
        .starts_with("Buiten Bewegen \"De Wâlden\"; Sneek (Súdwest-Fryslân) · 0000-000000\n"));
    assert_eq!(
        row[column("url")],
        "https://menukaart.example.nl/zorggroep-friesland/samen-buiten/"
    );
    assert_eq!(rows[1][column("aanmelding_regionaal")], "ja");
    assert_eq!(rows[1][column("verwijzing")], "buurtsportcoach");
}

/// Issue 25: an erkenning links to its entry at Loket Gezond Leven, on
/// both pages and in both exports; a broken address is an error at its
/// place.
#[test]
fn an_erkenning_links_to_its_entry_at_loket_gezond_leven() {
    const ENTRY: &str = "https://interventies.loketgezondleven.nl/leefstijlinterventies/interventies-zoeken/1401234";
    let fx = Fixture::copy("basis");
    fx.edit(
        "interventions/gli-cool.md",
        "niveau = \"effectief-goede-aanwijzingen\"\n",
        &format!("niveau = \"effectief-goede-aanwijzingen\"\nurl = \"{ENTRY}\"\n"),
    );
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    for page in [
        "output/interventies/gli-cool/index.html",
        "output/zorggroep-test/gli-cool/index.html",
    ] {
        let html = fx.read(page);
        assert!(
            html.contains(&format!(
                "<a href=\"{ENTRY}\">bekijk de erkenning bij Loket Gezond Leven</a>"
            )),
            "{page}"
        );
    }
    let json = json(&fx, "output/zorggroep-test/menukaart.json");
    let item = json["interventie"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "gli-cool")
        .unwrap();
    assert_eq!(item["erkenning"]["url"], ENTRY);
    assert_eq!(item["erkenning"]["niveau"], "effectief-goede-aanwijzingen");
    let csv = fx.read("output/zorggroep-test/menukaart.csv");
    assert!(csv.contains(ENTRY), "{csv}");

    // Without a scheme it is no web address: an error at the value.
    fx.edit(
        "interventions/gli-cool.md",
        ENTRY,
        "interventies.loketgezondleven.nl/1401234",
    );
    let outcome = fx.build();
    let text = messages(&outcome);
    assert!(outcome.value.is_none(), "{text}");
    assert!(text.contains("interventions/gli-cool.md:28:7"), "{text}");
}
