//! Editions: `menukaart editie` freezes each region; the next build shows
//! what changed since, on the regional page, the cards, the placemat and in
//! the JSON export. Bad edition files are errors naming the file.

use crate::common;

use std::fs;
use std::process::{Command, Output};

use common::Fixture;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The basis fixture frozen at peildatum 2026-04-01, then moved on to
/// 2026-10-01 with one intervention added, one removed, and a cost and a
/// referral route changed through a regional override.
fn changed_since_an_edition() -> Fixture {
    let fx = Fixture::copy("basis");
    let region = "regions/zorggroep-test.toml";
    fx.edit(region, "peildatum = 2026-10-01", "peildatum = 2026-04-01");
    let out = fx.run_ok(&["editie"]);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("vastgelegd: edities/zorggroep-test/2026-04-01.json"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    fx.edit(region, "peildatum = 2026-04-01", "peildatum = 2026-10-01");
    // Removed: gli-cool. Added: slaapcursus.
    let text = fx.read(region);
    let start = text.find("[[interventie]]\nid = \"gli-cool\"").unwrap();
    let end = text
        .find("[[interventie]]\nid = \"beweegprogramma\"")
        .unwrap();
    fx.write(
        region,
        &format!(
            "{}{}\n[[interventie]]\nid = \"slaapcursus\"\nvolgorde = 3\n",
            &text[..start],
            &text[end..]
        ),
    );
    // Changed: the gemeente now asks an own contribution, and the route
    // runs through the POH instead of the buurtsportcoach.
    fx.edit(
        region,
        "soort = \"gemeente\"\ntoelichting",
        "soort = \"gemeente\"\neigen_bijdrage = \"€ 10 voor tien lessen\"\ntoelichting",
    );
    fx.edit(
        region,
        "verwijzing = \"buurtsportcoach\"",
        "verwijzing = \"poh\"",
    );
    fx
}

#[test]
fn a_new_edition_shows_what_changed_everywhere() {
    let fx = changed_since_an_edition();
    fx.run_ok(&["build"]);

    // The regional page: a short section near the top, linking to the list.
    let page = fx.read("output/zorggroep-test/index.html");
    let section = page.find("Nieuw in deze editie").expect("the section");
    assert!(
        section < page.find("class=\"cards\"").unwrap(),
        "near the top"
    );
    assert!(page.contains("<strong>Nieuw:</strong> Online slaapcursus"));
    assert!(page.contains("<strong>Vervallen:</strong> Gecombineerde leefstijlinterventie CooL"));
    assert!(page.contains(
        "<strong>Gewijzigd:</strong> Beweegprogramma in de wijk (kosten voor de patiënt, verwijzing"
    ), "{page}");
    assert!(page.contains("href=\"wijzigingen/index.html\""));
    // Marks on the cards and pages.
    assert!(page.contains("Online slaapcursus</a> <span class=\"badge badge-nieuw\">nieuw</span>"));
    assert!(page.contains("<span class=\"badge badge-gewijzigd\">gewijzigd</span>"));
    let item = fx.read("output/zorggroep-test/slaapcursus/index.html");
    assert!(item.contains("nieuw in deze editie"));

    // The full list, in words.
    let list = fx.read("output/zorggroep-test/wijzigingen/index.html");
    for text in [
        "Kosten voor de patiënt: was „in Oss: Geen kosten: de gemeente betaalt; in Bernheze: De patiënt betaalt zelf: € 3 per les”, nu „in Oss: Eigen bijdrage: € 10 voor tien lessen",
        "Verwijzing: was „Via de buurtsportcoach”, nu „Via de praktijkondersteuner (POH)”",
        "Niet meer op de menukaart",
    ] {
        assert!(list.contains(text), "{text}\n{list}");
    }

    // The placemat, one compact line.
    let pdf = Command::new("pdftotext")
        .arg(fx.output().join("zorggroep-test/placemat-a4.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext");
    let placemat = String::from_utf8_lossy(&pdf.stdout).replace('\n', " ");
    assert!(placemat.contains("Nieuw Online slaapcursus."), "{placemat}");
    assert!(
        placemat.contains("Vervallen Gecombineerde leefstijlinterventie CooL."),
        "{placemat}"
    );

    // The JSON export, as data.
    let json: serde_json::Value =
        serde_json::from_str(&fx.read("output/zorggroep-test/menukaart.json")).unwrap();
    assert_eq!(json["vorige_editie"], "2026-04-01");
    let list = json["wijzigingen"].as_array().unwrap();
    let soort = |id: &str| {
        list.iter()
            .find(|w| w["id"] == id)
            .map(|w| w["soort"].as_str().unwrap().to_string())
    };
    assert_eq!(soort("slaapcursus").as_deref(), Some("nieuw"));
    assert_eq!(soort("gli-cool").as_deref(), Some("vervallen"));
    assert_eq!(soort("beweegprogramma").as_deref(), Some("gewijzigd"));
    let velden = &list.iter().find(|w| w["id"] == "beweegprogramma").unwrap()["velden"];
    let kosten = velden
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["veld"] == "kosten")
        .unwrap();
    assert_eq!(
        kosten["oud"],
        "in Oss: Geen kosten: de gemeente betaalt; in Bernheze: De patiënt betaalt zelf: € 3 per les"
    );
    assert!(kosten["nieuw"]
        .as_str()
        .unwrap()
        .starts_with("in Oss: Eigen bijdrage: € 10 voor tien lessen"));
}

#[test]
fn without_changes_nothing_is_added() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "regions/zorggroep-test.toml",
        "peildatum = 2026-10-01",
        "peildatum = 2026-04-01",
    );
    fx.run_ok(&["editie"]);
    fx.edit(
        "regions/zorggroep-test.toml",
        "peildatum = 2026-04-01",
        "peildatum = 2026-10-01",
    );
    fx.run_ok(&["build"]);
    let page = fx.read("output/zorggroep-test/index.html");
    assert!(!page.contains("Nieuw in deze editie"));
    assert!(fx
        .read("output/zorggroep-test/wijzigingen/index.html")
        .contains("is er niets veranderd"));
    let pdf = Command::new("pdftotext")
        .arg(fx.output().join("zorggroep-test/placemat.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&pdf.stdout);
    assert!(!text.contains("Nieuw ") && !text.contains("Vervallen "));
}

#[test]
fn an_edition_is_never_overwritten() {
    let fx = Fixture::copy("basis");
    fx.run_ok(&["editie"]);
    let file = fx.root().join("edities/zorggroep-test/2026-10-01.json");
    let before = fs::read(&file).unwrap();
    let out = fx.run(&["editie"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(
        "edities/zorggroep-test/2026-10-01.json:1:1: er is al een editie van Zorggroep Test met peildatum 1 oktober 2026; die wordt niet overschreven"
    ), "{}", stderr(&out));
    assert_eq!(fs::read(&file).unwrap(), before);
    // Same peildatum, other data: explained, not silently compared.
    fx.edit(
        "interventions/gli-cool.md",
        "eigen_risico = false",
        "eigen_risico = true",
    );
    let out = fx.run_ok(&["build"]);
    assert!(stderr(&out).contains("de gegevens zijn veranderd sinds deze editie is vastgelegd, maar de peildatum is nog dezelfde"));
}

#[test]
fn bad_edition_files_are_errors_naming_the_file() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "edities/zorggroep-test/2026-04-01.json",
            "{ \"versie\": ",
            "edities/zorggroep-test/2026-04-01.json:1:12: deze editie kan niet gelezen worden",
        ),
        (
            "edities/zorggroep-test/2026-04-01.json",
            "{\"$schema\":\"x\",\"versie\":\"7.0\",\"gemaakt\":\"x\",\"zorggroep\":{\"slug\":\"zorggroep-test\",\"naam\":\"x\",\"website\":null,\"peildatum\":\"2026-04-01\",\"geldig_tot\":null,\"verzekeraars\":[],\"contact\":{\"naam\":null,\"email\":null,\"telefoon\":null},\"gemeente\":[],\"pad\":\"x\",\"url\":null},\"interventie\":[]}",
            "onbekende versie \"7.0\" in deze editie",
        ),
        (
            "edities/zorggroep-test/april.json",
            "{}",
            "edities/zorggroep-test/april.json:1:1: deze bestandsnaam is geen peildatum",
        ),
    ];
    for (path, text, expected) in cases {
        let fx = Fixture::copy("basis");
        fx.run_ok(&["build", "--geen-placemats"]);
        let before = common::snapshot(&fx.output());
        fx.write(path, text);
        let out = fx.run(&["build", "--geen-placemats"]);
        assert_eq!(out.status.code(), Some(1), "{path}");
        assert!(
            stderr(&out).contains(expected),
            "{expected}\n{}",
            stderr(&out)
        );
        assert_eq!(common::snapshot(&fx.output()), before);
    }
    // A region that no longer exists, and an edition after the peildatum:
    // warnings that say why they do not count.
    let fx = Fixture::copy("basis");
    fx.run_ok(&["editie"]);
    fs::rename(
        fx.root().join("edities/zorggroep-test"),
        fx.root().join("edities/zorggroep-weg"),
    )
    .unwrap();
    let out = fx.run_ok(&["check"]);
    assert!(stderr(&out)
        .contains("er zijn edities van \"zorggroep-weg\", maar die zorggroep bestaat niet (meer)"));
    fs::rename(
        fx.root().join("edities/zorggroep-weg"),
        fx.root().join("edities/zorggroep-test"),
    )
    .unwrap();
    fx.edit(
        "regions/zorggroep-test.toml",
        "peildatum = 2026-10-01",
        "peildatum = 2026-09-01",
    );
    let out = fx.run_ok(&["check"]);
    assert!(
        stderr(&out).contains("deze editie ligt na de peildatum van Zorggroep Test"),
        "{}",
        stderr(&out)
    );
}

/// The editions of one `editie` are placed all or none: one region whose
/// edition cannot be written stops the others, and the message says that
/// nothing was written.
#[test]
fn editie_writes_every_region_or_none() {
    let fx = Fixture::example();
    // Maasland's folder is taken by a file: its edition cannot be written.
    fx.write("edities/zorggroep-maasland", "geen map\n");
    let out = fx.run(&["editie"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("er is geen enkele editie geschreven"),
        "{}",
        stderr(&out)
    );
    let kempenrand = fx.root().join("edities/zorggroep-kempenrand");
    let files: Vec<_> = std::fs::read_dir(&kempenrand)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(files.is_empty(), "written anyway: {files:?}");
}

/// A run killed while placing its files leaves a journal; the next
/// `editie` removes what it half placed and freezes the whole set again.
/// Whatever the journal says, nothing outside `edities/` is touched.
#[test]
fn a_killed_editie_is_undone_by_the_next() {
    let fx = Fixture::example();
    fx.run_ok(&["editie"]);
    let maasland = "edities/zorggroep-maasland/2026-10-01.json";
    let kempenrand = "edities/zorggroep-kempenrand/2026-10-01.json";
    assert!(fx.root().join(maasland).is_file() && fx.root().join(kempenrand).is_file());
    // As a kill would leave it: Maasland placed, Kempenrand not yet, its
    // temporary file and the journal still there.
    std::fs::remove_file(fx.root().join(kempenrand)).unwrap();
    fx.write("edities/zorggroep-kempenrand/.2026-10-01.json.1-2.tmp", "{");
    fx.write(
        "edities/.editie-bezig",
        &format!("{maasland}\n{kempenrand}\n../menukaart.toml\nedities/../menukaart.toml\n"),
    );
    let out = fx.run_ok(&["editie"]);
    assert!(stderr(&out).contains("is afgebroken"), "{}", stderr(&out));
    assert!(fx.root().join(maasland).is_file() && fx.root().join(kempenrand).is_file());
    assert!(!fx.root().join("edities/.editie-bezig").exists());
    assert!(!fx
        .root()
        .join("edities/zorggroep-kempenrand/.2026-10-01.json.1-2.tmp")
        .exists());
    assert!(
        fx.root().join("menukaart.toml").is_file(),
        "the journal cannot delete outside edities/"
    );
}

/// A control character in an old edition (a copy and paste from a PDF) is
/// an error that names the edition at its line and column, once, instead
/// of a font error without a place.
#[test]
fn a_control_character_in_an_edition_names_the_edition() {
    let fx = Fixture::example();
    fx.run_ok(&["editie"]);
    let file = "edities/zorggroep-maasland/2026-10-01.json";
    let text = fx.read(file);
    let at = text.find("\"naam\": \"").expect("a name") + "\"naam\": \"".len();
    fx.write(file, &format!("{}\\u0007{}", &text[..at], &text[at..]));
    let line = text[..at].matches('\n').count() + 1;
    let out = fx.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("{file}:{line}:")), "{err}");
    assert!(err.contains("stuurteken (U+0007)"), "{err}");
    assert_eq!(err.matches("fout:").count(), 1, "{err}");
}

/// A provider's new phone number is a change the huisarts must see: the
/// next edition lists it, and before a new peildatum `check` warns.
#[test]
fn a_changed_provider_phone_shows_as_a_change() {
    let fx = Fixture::example();
    fx.run_ok(&["editie"]);
    let region = "regions/zorggroep-maasland.toml";
    fx.edit(
        region,
        "postcode = \"5341 AA\"\nplaats = \"Oss\"\ntelefoon = \"0000-000000\"",
        "postcode = \"5341 AA\"\nplaats = \"Oss\"\ntelefoon = \"0000-111111\"",
    );
    let out = fx.run_ok(&["check"]);
    assert!(
        stderr(&out).contains("de gegevens zijn veranderd sinds deze editie is vastgelegd"),
        "{}",
        stderr(&out)
    );
    fx.edit(region, "peildatum = 2026-10-01", "peildatum = 2026-10-15");
    fx.run_ok(&["build"]);
    let page = fx.read("output/zorggroep-maasland/wijzigingen/index.html");
    assert!(page.contains("Aanbieders in de regio"), "{page}");
    assert!(page.contains("0000-111111"), "the new number is shown");
}

/// A new e-mail address of a buurtsportcoach and a new phone number of the
/// zorggroep are changes too: `check` warns while the peildatum is the
/// same, and the next edition lists them under the zorggroep.
#[test]
fn changed_contact_details_of_the_zorggroep_show_as_changes() {
    let fx = Fixture::example();
    fx.run_ok(&["editie"]);
    let region = "regions/zorggroep-maasland.toml";
    fx.edit(
        region,
        "buurtsportcoach@oss-beweegt.example.nl",
        "sanne@oss-beweegt.example.nl",
    );
    fx.edit(
        region,
        "email = \"ketenzorg@zorggroep-maasland.example.nl\"\ntelefoon = \"0000-000000\"",
        "email = \"ketenzorg@zorggroep-maasland.example.nl\"\ntelefoon = \"0000-222222\"",
    );
    let out = fx.run_ok(&["check"]);
    assert!(
        stderr(&out).contains("de gegevens zijn veranderd sinds deze editie is vastgelegd"),
        "{}",
        stderr(&out)
    );
    fx.edit(region, "peildatum = 2026-10-01", "peildatum = 2026-10-15");
    fx.run_ok(&["build"]);
    let page = fx.read("output/zorggroep-maasland/wijzigingen/index.html");
    assert!(page.contains("Gewijzigd bij de zorggroep"), "{page}");
    assert!(
        page.contains("Buurtsportcoach Oss") && page.contains("sanne@oss-beweegt.example.nl"),
        "{page}"
    );
    assert!(
        page.contains("Contact van de zorggroep") && page.contains("0000-222222"),
        "{page}"
    );
    assert!(
        !page.contains("Buurtsportcoach Bernheze"),
        "only what changed"
    );
}
