//! Every kind of data error yields a Dutch message with file:line:col and a
//! hint; all errors of a run come together; the binary exits with status 1.

use crate::common;

use common::{messages, Fixture};

/// Checks the fixture and returns all messages; the check must fail.
fn check_fails(fx: &Fixture) -> String {
    let outcome = menukaart::check(fx.root(), common::TODAY);
    assert!(outcome.value.is_none(), "check passed unexpectedly");
    messages(&outcome)
}

fn assert_has(all: &str, expected: &str) {
    assert!(all.contains(expected), "expected\n  {expected}\nin\n{all}");
}

#[test]
fn four_different_errors_are_reported_together_with_hints() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "interventions/gli-cool.md",
        "samenvatting =",
        "samenvating =",
    );
    fx.edit(
        "interventions/beweegprogramma.md",
        "themas = [\"bewegen\", \"sociaal\"]",
        "themas = [\"bewegen\", \"beweging\", \"sociaal\"]",
    );
    fx.edit(
        "regions/zorggroep-test.toml",
        "id = \"gli-cool\"",
        "id = \"gli-cooll\"",
    );
    fx.edit(
        "interventions/slaapcursus.md",
        "laatst_gecontroleerd = 2026-07-01",
        "laatst_gecontroleerd = 2026-02-30",
    );

    let out = fx.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_has(&stderr, "fout: interventions/gli-cool.md:3:1: onbekende sleutel \"samenvating\" bovenaan het bestand\n  hint: bedoelde u \"samenvatting\"?");
    assert_has(&stderr, "fout: interventions/beweegprogramma.md:4:22: onbekend thema \"beweging\"\n  hint: bedoelde u \"bewegen\"?");
    assert_has(&stderr, "fout: regions/zorggroep-test.toml:23:6: onbekende interventie \"gli-cooll\"\n  hint: bedoelde u \"gli-cool\"?");
    assert_has(
        &stderr,
        "fout: interventions/slaapcursus.md:6:24: dit is geen bestaande datum",
    );
    assert!(
        !stderr.contains("\"samenvatting\" ontbreekt"),
        "a misspelled key is reported once"
    );
    assert_has(&stderr, "4 fouten gevonden; er is niets geschreven.");
    assert!(!fx.output().exists(), "check writes nothing");
}

#[test]
fn missing_required_fields_and_tables() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "interventions/slaapcursus.md",
        "naam = \"Online slaapcursus\"\n",
        "",
    );
    fx.edit(
        "interventions/slaapcursus.md",
        "[vergoeding]\nsoort = \"gratis\"\n",
        "",
    );
    fx.edit(
        "interventions/slaapcursus.md",
        "url = \"https://www.slapen.example.nl/aanmelden\"\n",
        "zorgdomein = \"X\"\n",
    );
    let all = check_fails(&fx);
    assert_has(&all, "fout: interventions/slaapcursus.md:2:1: \"naam\" ontbreekt bovenaan het bestand\n  hint: voeg toe: naam = ");
    assert_has(
        &all,
        "fout: interventions/slaapcursus.md:2:1: de tabel [vergoeding] ontbreekt",
    );
    assert_has(&all, "[aanmelding] zegt niet hoe een patiënt zich aanmeldt\n  hint: voeg minstens één toe: stappen");
}

#[test]
fn vocabularies_list_the_allowed_values() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "interventions/slaapcursus.md",
        "soort = \"gratis\"",
        "soort = \"zorgverzekering\"",
    );
    fx.edit(
        "interventions/slaapcursus.md",
        "vorm = [\"online\"]",
        "vorm = [\"online\", \"telefonisch\"]",
    );
    fx.edit(
        "interventions/slaapcursus.md",
        "aandoeningen = [\"slaapproblemen\"]",
        "aandoeningen = [\"slapeloosheid\"]",
    );
    let all = check_fails(&fx);
    assert_has(&all, "onbekende soort vergoeding \"zorgverzekering\"\n  hint: bedoelde u \"basisverzekering\"? Kies uit: basisverzekering, aanvullende-verzekering, gemeente, gratis, eigen-kosten, wisselend");
    assert_has(&all, "interventions/slaapcursus.md:5:19: onbekende vorm \"telefonisch\"\n  hint: kies uit: groep, individueel, online, thuis");
    assert_has(&all, "onbekende aandoening \"slapeloosheid\"");
}

#[test]
fn formats_of_single_values() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "interventions/gli-cool.md",
        "website = \"https://www.cool.example.nl/\"",
        "website = \"www.cool.example.nl\"",
    );
    fx.edit(
        "regions/zorggroep-test.toml",
        "email = \"coach@oss.example.nl\"",
        "email = \"coach-at-oss.example.nl\"",
    );
    fx.edit(
        "regions/zorggroep-test.toml",
        "telefoon = \"0000-000000\"\n\n[[gemeente]]",
        "telefoon = \"12345\"\n\n[[gemeente]]",
    );
    let long = "a".repeat(201);
    fx.edit(
        "interventions/beweegprogramma.md",
        "De buurtsportcoach zoekt met de patiënt een sport die past.",
        &long,
    );
    let all = check_fails(&fx);
    assert_has(&all, "fout: interventions/gli-cool.md:7:11: \"website\" is geen geldig webadres: \"www.cool.example.nl\"\n  hint: een webadres begint met https://");
    assert_has(
        &all,
        "\"gemeente.buurtsportcoach.email\" is geen geldig e-mailadres",
    );
    assert_has(&all, "regions/zorggroep-test.toml:10:12: \"contact.telefoon\" is geen geldig telefoonnummer: \"12345\"\n  hint: schrijf een Nederlands nummer van 10 cijfers");
    assert_has(&all, "fout: interventions/beweegprogramma.md:3:16: de samenvatting is 201 tekens; het maximum is 200");
}

#[test]
fn duplicates_and_references_inside_a_region() {
    let fx = Fixture::copy("basis");
    let region = fx.read("regions/zorggroep-test.toml");
    fx.write(
        "regions/zorggroep-test.toml",
        &format!("{region}\n[[interventie]]\nid = \"gli-cool\"\n\n[[gemeente]]\nnaam = \"Oss\"\n"),
    );
    fx.edit(
        "regions/zorggroep-test.toml",
        "gemeenten = [\"Oss\"]",
        "gemeenten = [\"Os\", \"Uden\"]",
    );
    let all = check_fails(&fx);
    assert_has(
        &all,
        "de interventie \"gli-cool\" staat al eerder in deze zorggroep (regel 23)",
    );
    assert_has(&all, "de gemeente \"Oss\" staat twee keer in dit bestand");
    assert_has(&all, "de gemeente \"Os\" staat niet bij de gemeenten van deze zorggroep\n  hint: bedoelde u \"Oss\"?");
    assert_has(&all, "de gemeente \"Uden\" staat niet bij de gemeenten van deze zorggroep\n  hint: deze zorggroep kent: Oss, Bernheze");
}

#[test]
fn file_names_syntax_and_front_matter() {
    let fx = Fixture::copy("basis");
    std::fs::rename(
        fx.root().join("interventions/slaapcursus.md"),
        fx.root().join("interventions/Slaap_Cursus.md"),
    )
    .unwrap();
    fx.write("interventions/kapot.md", "naam = \"zonder +++\"\n");
    fx.write(
        "regions/kapot.toml",
        "naam = \"Kapot\npeildatum = 2026-10-01\n",
    );
    let all = check_fails(&fx);
    assert_has(&all, "fout: interventions/Slaap_Cursus.md:1:1: de bestandsnaam \"Slaap_Cursus\" is geen geldige id\n  hint: hernoem het bestand: gebruik alleen kleine letters, cijfers en losse streepjes, bijvoorbeeld \"slaap-cursus\".md");
    assert_has(
        &all,
        "fout: interventions/kapot.md:1:1: het bestand begint niet met een regel +++",
    );
    assert_has(&all, "fout: regions/kapot.toml:1:");
    assert_has(
        &all,
        "fout: regions/kapot.toml:1:14: hier ontbreekt het aanhalingsteken aan het eind van de tekst",
    );
}

#[test]
fn wisselend_needs_a_toelichting_and_types_are_checked() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "interventions/slaapcursus.md",
        "soort = \"gratis\"",
        "soort = \"wisselend\"\neigen_risico = \"nee\"",
    );
    fx.edit(
        "interventions/gli-cool.md",
        "leeftijd_min = 18",
        "leeftijd_min = \"18\"",
    );
    let all = check_fails(&fx);
    assert_has(&all, "bij soort = \"wisselend\" hoort een toelichting");
    assert_has(
        &all,
        "\"vergoeding.eigen_risico\" moet true (ja) of false (nee), zonder aanhalingstekens zijn",
    );
    assert_has(&all, "\"doelgroep.leeftijd_min\" moet een heel getal zijn");
}

#[test]
fn no_panic_on_odd_input() {
    let fx = Fixture::copy("basis");
    let odd = [
        "",
        "+++",
        "+++\n+++",
        "+++\n[[themas]]\n+++",
        "+++\nthemas = [[1], {a = 1}]\ndoelgroep = 3\naanmelding = []\nvergoeding = { soort = 4 }\n+++",
        "+++\nnaam = \"\u{0}\"\nlaatst_gecontroleerd = 2026-01-01T10:00:00Z\n+++",
        "\u{feff}+++\r\nnaam = 'x'\r\n+++\r\n",
    ];
    for (i, text) in odd.iter().enumerate() {
        fx.write(&format!("interventions/odd-{i}.md"), text);
    }
    fx.write(
        "regions/odd.toml",
        "interventie = 5\ngemeente = [1, 2]\ncontact = \"x\"\npeildatum = \"2026-10-01\"\n",
    );
    let all = check_fails(&fx);
    assert_has(&all, "\"peildatum\" moet een datum zonder aanhalingstekens zijn\n  hint: schrijf het zo: peildatum = 2026-10-01");
    // A binary file is reported, not a crash.
    std::fs::write(
        fx.root().join("interventions/binair.md"),
        [0xff, 0xfe, 0x00, 0x01],
    )
    .unwrap();
    let all = check_fails(&fx);
    assert_has(
        &all,
        "interventions/binair.md:1:1: het bestand is geen geldige UTF-8-tekst",
    );
}

#[test]
fn unknown_keys_in_nested_tables_and_regions() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "interventions/gli-cool.md",
        "leeftijd_min = 18",
        "leeftijd_minimum = 18",
    );
    fx.edit(
        "regions/zorggroep-test.toml",
        "volgorde = 2",
        "volgorde = 2\nopmerking = \"x\"",
    );
    let all = check_fails(&fx);
    assert_has(&all, "onbekende sleutel \"leeftijd_minimum\" in [doelgroep]\n  hint: bedoelde u \"leeftijd_min\"?");
    assert_has(&all, "onbekende sleutel \"opmerking\" in [interventie]\n  hint: toegestaan zijn: id, volgorde, notitie, aanbieder, aanmelding, vergoeding");
}

#[test]
fn wrong_usage_exits_with_2_in_dutch() {
    let fx = Fixture::copy("basis");
    let out = fx.run(&["bouw"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("fout: onbekende opdracht"), "{stderr}");
    let out = fx.run(&["build", "--snel"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("onbekende optie --snel"));
}

/// A site address with a query, a fragment or a user name would end up in
/// every QR code and sitemap entry: refused in menukaart.toml (at its
/// line) and on the command line, with a hint.
#[test]
fn a_base_url_with_query_fragment_or_user_is_refused() {
    for bad in [
        "https://menukaart.example.nl/?x=1",
        "https://menukaart.example.nl/#f",
        "https://gebruiker:geheim@menukaart.example.nl/",
    ] {
        let fx = Fixture::example();
        fx.edit(
            "menukaart.toml",
            "base_url = \"https://menukaart.example.nl/\"",
            &format!("base_url = \"{bad}\""),
        );
        let all = check_fails(&fx);
        assert_has(&all, "menukaart.toml:");
        assert_has(&all, "kan niet het adres van de site zijn");

        let fx = Fixture::example();
        let out = fx.run(&["build", "--base-url", bad]);
        assert_ne!(out.status.code(), Some(0), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--base-url") && err.contains("hint:"), "{err}");
        assert!(!fx.output().exists(), "nothing written for {bad}");
    }
}
