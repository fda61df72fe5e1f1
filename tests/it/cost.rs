//! "Kosten voor de patiënt": one line derived from the cost fields, the
//! same on the site, the placemat, the routes pages and in the exports;
//! contradicting cost fields are errors with file, line and column.

use crate::common;

use std::process::Command;

use common::{messages, Fixture};

fn check_messages(fx: &Fixture) -> String {
    let outcome = menukaart::check(fx.root(), common::TODAY);
    assert!(outcome.value.is_none(), "check passed unexpectedly");
    messages(&outcome)
}

#[test]
fn contradicting_cost_fields_are_errors_at_their_key() {
    let fx = Fixture::copy("basis");
    // eigen_risico on a gemeente arrangement (line 13 after the edit).
    fx.edit(
        "interventions/slaapcursus.md",
        "soort = \"gratis\"",
        "soort = \"gemeente\"\neigen_risico = false",
    );
    // eigen-kosten without prijs.
    fx.edit(
        "interventions/beweegprogramma.md",
        "prijs = \"€ 3 per les\"\n",
        "",
    );
    // gratis with an own contribution, in a region's override.
    fx.edit(
        "regions/zorggroep-test.toml",
        "soort = \"gemeente\"\ntoelichting = \"Regionaal",
        "soort = \"gratis\"\neigen_bijdrage = \"€ 5\"\ntoelichting = \"Regionaal",
    );
    let all = check_messages(&fx);
    for expected in [
        "interventions/slaapcursus.md:15:16: eigen_risico hoort alleen bij de basisverzekering, niet bij soort = \"gemeente\"\n  hint: haal eigen_risico weg",
        "interventions/beweegprogramma.md:12:9: bij soort = \"eigen-kosten\" hoort een prijs: wat betaalt de patiënt zonder vergoeding?\n  hint: voeg toe: prijs = ",
        "regions/zorggroep-test.toml:39:18: een eigen bijdrage past niet bij soort = \"gratis\"",
    ] {
        assert!(all.contains(expected), "expected\n  {expected}\nin\n{all}");
    }
}

#[test]
fn a_note_pointing_below_is_a_warning() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "regions/zorggroep-test.toml",
        "notitie = \"Verwijs naar het leefstijlnetwerk van de zorggroep.\"",
        "notitie = \"Bel een van de aanbieders hieronder.\"",
    );
    let outcome = menukaart::check(fx.root(), common::TODAY);
    assert!(outcome.value.is_some(), "a warning, not an error");
    let all = messages(&outcome);
    assert!(
        all.contains("waarschuwing: regions/zorggroep-test.toml:23:6: notitie van \"gli-cool\" verwijst naar iets \"hieronder\""),
        "{all}"
    );
}

/// The derived line of every arrangement appears, identically, in every
/// output that speaks about money.
#[test]
fn the_same_cost_line_everywhere() {
    let fx = Fixture::copy("basis");
    fx.run_ok(&["build"]);
    let region = fx.read("output/zorggroep-test/index.html");
    let page = fx.read("output/zorggroep-test/beweegprogramma/index.html");
    let routes = fx.read("output/zorggroep-test/verwijsroutes/oss/index.html");
    let json = fx.read("output/zorggroep-test/menukaart.json");
    let csv = fx.read("output/zorggroep-test/menukaart.csv");
    let pdf = Command::new("pdftotext")
        .arg(fx.output().join("zorggroep-test/placemat.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by .ci/run");
    let placemat = String::from_utf8_lossy(&pdf.stdout).replace('\n', " ");
    // After "In Oss:" a line starts in lower case; the rest is identical.
    for line in [
        "een kosten: valt niet onder het eigen risico",
        "een kosten: de gemeente betaalt",
        "e patiënt betaalt zelf: € 3 per les",
    ] {
        assert!(region.contains(line), "regional page lacks {line:?}");
        assert!(json.contains(line), "JSON lacks {line:?}");
        assert!(csv.contains(line), "CSV lacks {line:?}");
        assert!(
            placemat.contains(line),
            "placemat lacks {line:?}:\n{placemat}"
        );
    }
    assert!(page.contains("een kosten: de gemeente betaalt"));
    assert!(
        routes.contains("Geen kosten: de gemeente betaalt"),
        "Oss routes page"
    );
    // The regional agreement of Oss is on the placemat, named by its gemeente.
    assert!(
        placemat.contains("Vergoeding in Oss Regionaal betaalt de gemeente Oss de eerste tien"),
        "{placemat}"
    );
    assert!(placemat.contains("Regionale afspraak Verwijs naar het leefstijlnetwerk"));
}
