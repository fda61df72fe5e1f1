//! The catalogue's sources and the eigen risico amount (issue 26): each
//! intervention names the pages its facts come from, shown as "Bronnen"
//! and exported; a cost under the eigen risico names the year's amount
//! from `[eigen_risico]`, and a year without an amount is a warning.

use crate::common;

use common::Fixture;

#[test]
fn sources_are_required_checked_shown_and_exported() {
    let fx = Fixture::copy("basis");
    fx.run_ok(&["build"]);
    let page = fx.read("output/interventies/gli-cool/index.html");
    assert!(page.contains(">Bronnen</h2>"), "{page}");
    assert!(page.contains("https://www.example.nl/bron"), "{page}");
    let json: serde_json::Value =
        serde_json::from_str(&fx.read("output/zorggroep-test/menukaart.json")).unwrap();
    let first = &json["interventie"][0];
    assert_eq!(
        first["bronnen"],
        serde_json::json!(["https://www.example.nl/bron"])
    );

    // Not a web address, and then none at all: both are errors.
    fx.edit(
        "interventions/gli-cool.md",
        "bronnen = [\"https://www.example.nl/bron\"]",
        "bronnen = [\"loketgezondleven.nl\"]",
    );
    let out = fx.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"loketgezondleven.nl\" in \"bronnen\" is geen geldig webadres\n  hint: een webadres begint met https://"),
        "{stderr}"
    );
    fx.edit(
        "interventions/gli-cool.md",
        "bronnen = [\"loketgezondleven.nl\"]",
        "bronnen = []",
    );
    let stderr = String::from_utf8_lossy(&fx.run(&["check"]).stderr).to_string();
    assert!(stderr.contains("\"bronnen\" is leeg"), "{stderr}");
    fx.edit("interventions/gli-cool.md", "bronnen = []\n", "");
    let stderr = String::from_utf8_lossy(&fx.run(&["check"]).stderr).to_string();
    assert!(
        stderr.contains("\"bronnen\" ontbreekt bovenaan het bestand\n  hint: voeg toe: bronnen = [\"https://www.loketgezondleven.nl/\"]"),
        "{stderr}"
    );
}

#[test]
fn a_cost_under_the_eigen_risico_names_the_amount_of_the_peildatum_year() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "interventions/gli-cool.md",
        "eigen_risico = false",
        "eigen_risico = true",
    );
    // No amount for 2026, the year of the peildatum: a warning naming the table.
    let out = fx.run_ok(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("[eigen_risico] in menukaart.toml noemt geen bedrag voor 2026, het jaar van de peildatum van Zorggroep Test"),
        "{stderr}"
    );
    fx.run_ok(&["build"]);
    let page = fx.read("output/zorggroep-test/gli-cool/index.html");
    assert!(page.contains("Gaat van het eigen risico af"), "{page}");
    assert!(!page.contains("€ 385"), "{page}");

    fx.write(
        "menukaart.toml",
        "titel = \"Menukaart leefstijl\"\nbase_url = \"https://menukaart.example.nl/\"\n\n[eigen_risico]\n2025 = 385\n2026 = 385\n",
    );
    let out = fx.run_ok(&["build"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("[eigen_risico]"));
    let page = fx.read("output/zorggroep-test/gli-cool/index.html");
    assert!(
        page.contains("Gaat van het eigen risico af (€ 385 in 2026)"),
        "{page}"
    );
    let json = fx.read("output/zorggroep-test/menukaart.json");
    assert!(json.contains("Gaat van het eigen risico af (€ 385 in 2026)"));

    // A year that is not a year is an error at its place.
    fx.write("menukaart.toml", "[eigen_risico]\ntwintig = 385\n");
    let out = fx.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("menukaart.toml:2:1: onbekende sleutel \"twintig\" in [eigen_risico]\n  hint: gebruik een jaartal als sleutel, bijvoorbeeld 2026 = 385"),
        "{stderr}"
    );
}
