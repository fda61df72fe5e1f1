//! A valid project renders every page of the output layout with its content.

use crate::common;

use common::{html_text, messages, Fixture};
use menukaart::vocab::Vocabulary;

#[test]
fn example_project_builds_every_page_of_the_layout() {
    let fx = Fixture::example();
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    let out = fx.output();
    let ids: Vec<String> = std::fs::read_dir(fx.root().join("interventions"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(ids.len() >= 15, "the example has at least 15 interventions");
    for page in ["index.html", "interventies/index.html", "sitemap.xml"] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    for id in &ids {
        assert!(
            out.join("interventies")
                .join(id)
                .join("index.html")
                .is_file(),
            "national page {id}"
        );
    }
    for region in ["zorggroep-maasland", "zorggroep-kempenrand"] {
        assert!(out.join(region).join("index.html").is_file());
        let toml = fx.read(&format!("regions/{region}.toml"));
        let chosen: Vec<&str> = toml
            .lines()
            .filter_map(|l| l.trim().strip_prefix("id = \""))
            .map(|l| l.trim_end_matches('"'))
            .collect();
        assert!(!chosen.is_empty());
        for id in chosen {
            assert!(
                out.join(region).join(id).join("index.html").is_file(),
                "{region}/{id}"
            );
        }
    }
}

#[test]
fn regional_page_shows_what_a_huisarts_needs() {
    let fx = Fixture::copy("basis");
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    let page = fx.read("output/zorggroep-test/index.html");
    assert!(page.contains("<html lang=\"nl\">"));
    assert!(page.contains("Zorggroep Test"));
    assert!(page.contains("1 oktober 2026"), "peildatum in Dutch");
    assert!(page.contains("Gecombineerde leefstijlinterventie CooL"));
    assert!(page.contains("Volwassenen met een BMI ≥ 30"), "doelgroep");
    assert!(
        page.contains("Geen kosten: valt niet onder het eigen risico"),
        "what the patient pays, in words"
    );
    assert!(
        page.contains("Huisarts verwijst via Zorgdomein"),
        "aanmelding steps"
    );
    assert!(
        page.contains("ketenzorg@zorggroep-test.example.nl"),
        "contact"
    );
    // Grouped by thema: the first thema of each intervention is a section.
    assert!(page.contains("id=\"thema-bewegen\""));
    // Not chosen by this region.
    assert!(!page.contains("Online slaapcursus"));
    // Links are relative, so the site works from disk and under any path.
    assert!(page.contains("href=\"../zorggroep-test/gli-cool/index.html\""));
    assert!(page.contains("href=\"../static/style.css\""));

    let detail = fx.read("output/zorggroep-test/gli-cool/index.html");
    assert!(
        detail.contains("<h3>Wat houdt het in?</h3>"),
        "Markdown body, headings below the page section"
    );
    assert!(detail.contains("Leefstijlpraktijk De Linde"), "aanbieder");
    assert!(detail.contains("<ol class=\"stappen\">"), "numbered steps");
    assert!(
        detail.contains("Verwijs naar het leefstijlnetwerk"),
        "notitie"
    );
}

#[test]
fn regional_overrides_show_on_the_regional_page_and_not_nationally() {
    let fx = Fixture::copy("basis");
    assert!(fx.build().value.is_some());
    let regional = fx.read("output/zorggroep-test/beweegprogramma/index.html");
    let national = fx.read("output/interventies/beweegprogramma/index.html");
    for text in [
        "POH mailt de buurtsportcoach",
        "Regionaal betaalt de gemeente Oss",
        "Via de buurtsportcoach",
    ] {
        assert!(regional.contains(text), "regional page lacks {text}");
        assert!(
            !national.contains(text),
            "national page shows regional {text}"
        );
    }
    // The override is limited to Oss: elsewhere the national arrangement holds.
    assert!(regional.contains("Landelijk betaalt de patiënt zelf"));
    assert!(regional.contains("In Oss: <strong>geen kosten: de gemeente betaalt</strong>"));
    assert!(regional
        .contains("In de andere gemeenten: <strong>de patiënt betaalt zelf: € 3 per les</strong>"));
    // The route runs through the buurtsportcoach: their contact is on the page.
    assert!(regional.contains("coach@oss.example.nl"));
    assert!(national.contains("Landelijk betaalt de patiënt zelf"));
}

#[test]
fn sitemap_lists_absolute_urls_and_is_absent_without_base_url() {
    let fx = Fixture::copy("basis");
    assert!(fx.build().value.is_some());
    let sitemap = fx.read("output/sitemap.xml");
    assert!(sitemap.contains("<loc>https://menukaart.example.nl/zorggroep-test/gli-cool/</loc>"));
    assert!(sitemap.contains("<loc>https://menukaart.example.nl/interventies/slaapcursus/</loc>"));

    fx.write("menukaart.toml", "titel = \"Menukaart leefstijl\"\n");
    let outcome = fx.build();
    assert!(outcome.value.is_some());
    assert!(!fx.output().join("sitemap.xml").exists());
    let warnings: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("base_url"))
        .collect();
    assert_eq!(warnings.len(), 1, "warns once: {}", messages(&outcome));
}

#[test]
fn script_in_any_text_field_or_body_is_inert() {
    let fx = Fixture::copy("basis");
    let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    fx.edit(
        "interventions/gli-cool.md",
        "Twee jaar begeleiding",
        &format!("{evil} Twee jaar"),
    );
    fx.edit(
        "interventions/gli-cool.md",
        "De patiënt werkt",
        &format!(
            "{evil}\n\n<script>alert(3)</script>\n\n[x](javascript:alert(4)) De patiënt werkt"
        ),
    );
    fx.edit(
        "regions/zorggroep-test.toml",
        "Een kleine keuze",
        &format!("{evil} Een kleine keuze"),
    );
    fx.edit(
        "regions/zorggroep-test.toml",
        "Verwijs naar het",
        &format!("{evil} Verwijs naar het"),
    );
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    for page in common::snapshot(&fx.output()) {
        let (path, bytes) = page;
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8(bytes).unwrap();
            // The only script is the theme's own filter file, loaded from the site itself.
            for (i, _) in html.match_indices("<script") {
                let tag = &html[i..(i + 80).min(html.len())];
                assert!(
                    tag.starts_with("<script src=\"../static/filter.js\" defer></script>"),
                    "{} has a live <script>: {tag}",
                    path.display()
                );
            }
            assert!(
                !html.contains("<img src=x"),
                "{} has a live <img>",
                path.display()
            );
            assert!(
                !html.contains("javascript:"),
                "{} has a javascript: link",
                path.display()
            );
        }
    }
    let page = fx.read("output/zorggroep-test/gli-cool/index.html");
    assert!(
        page.contains("&lt;script&gt;"),
        "the text is shown, escaped"
    );
}

#[test]
fn regio_flag_builds_only_that_region_and_rejects_unknown_names() {
    let fx = Fixture::copy("basis");
    fx.write(
        "regions/tweede.toml",
        "naam = \"Tweede\"\npeildatum = 2026-10-01\n[contact]\nemail = \"a@example.nl\"\n",
    );
    let mut options = fx.options();
    options.regions = vec!["tweede".into()];
    let outcome = menukaart::build(&options);
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    assert!(fx.output().join("tweede/index.html").is_file());
    assert!(!fx.output().join("zorggroep-test").exists());

    options.regions = vec!["zorggroep-tst".into()];
    let outcome = menukaart::build(&options);
    assert!(outcome.value.is_none());
    assert!(messages(&outcome).contains("bedoelde u \"zorggroep-test\"?"));
}

#[test]
fn outdated_menukaart_warns_and_the_page_says_so() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "regions/zorggroep-test.toml",
        "geldig_tot = 2027-12-31",
        "geldig_tot = 2026-10-31",
    );
    let outcome = fx.build();
    assert!(outcome.value.is_some());
    let text = messages(&outcome);
    assert!(text.contains("waarschuwing: regions/zorggroep-test.toml:5:14: de menukaart van Zorggroep Test was geldig tot"), "{text}");
    let page = fx.read("output/zorggroep-test/index.html");
    assert!(page.contains("deze informatie is mogelijk verouderd"));
}

/// A static host shows `404.html` for any missing address, at any depth:
/// its links start at the site's path on the host, never at `../`.
#[test]
fn the_not_found_page_links_from_the_site_root_at_any_depth() {
    let fx = Fixture::copy("basis");
    for (base_url, root) in [
        (None, "/"),
        (Some("https://zorg.example.nl/menukaart/"), "/menukaart/"),
    ] {
        let mut options = fx.options();
        if base_url.is_none() {
            fx.edit(
                "menukaart.toml",
                "base_url = \"https://menukaart.example.nl/\"\n",
                "",
            );
        }
        options.base_url = base_url.map(str::to_string);
        let outcome = menukaart::build(&options);
        assert!(outcome.value.is_some(), "{}", messages(&outcome));
        let page = fx.read("output/404.html");
        assert!(page.contains("<html lang=\"nl\">"));
        assert!(page.contains("<h1>Deze pagina bestaat niet</h1>"));
        for href in [
            "index.html",
            "zorggroep-test/index.html",
            "interventies/index.html",
            "static/style.css",
        ] {
            assert!(
                page.contains(&format!("href=\"{root}{href}\"")),
                "{base_url:?}: no link to {root}{href}\n{page}"
            );
        }
        assert!(!page.contains("href=\"../"), "{base_url:?}: relative link");
        assert!(
            !page.contains("href=\"index.html"),
            "{base_url:?}: relative link"
        );
        // Not a page of the sitemap.
        if base_url.is_some() {
            assert!(!fx.read("output/sitemap.xml").contains("404"));
        }
    }
}

/// The overview table of a regional page: from its `<tbody>` to `</tbody>`,
/// cut into rows by their ids (`rij-<id>`).
fn overview_rows(page: &str) -> Vec<(String, String)> {
    let start = page
        .find("<table class=\"overzicht-tabel\">")
        .expect("an overview table");
    let table = &page[start..start + page[start..].find("</table>").unwrap()];
    let body = &table[table.find("<tbody>").expect("a table body")..];
    body.split("<tr id=\"rij-")
        .skip(1)
        .map(|row| {
            let (id, rest) = row.split_once('"').unwrap();
            (id.to_string(), rest.to_string())
        })
        .collect()
}

#[test]
fn the_overview_lists_every_intervention_with_its_cost_line_and_route_before_anything_else() {
    let fx = Fixture::example();
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    let project = menukaart::check(fx.root(), common::TODAY)
        .value
        .expect("the example validates")
        .project;
    let catalogue = menukaart::resolve::catalogue(&project);
    let menus = menukaart::resolve::resolve(&project, &catalogue, common::TODAY);
    assert_eq!(menus.len(), 2);
    for menu in &menus {
        let slug = menu.regio.slug;
        let page = fx.read(&format!("output/{slug}/index.html"));
        let rows = overview_rows(&page);
        let ids: Vec<&str> = rows.iter().map(|(id, _)| id.as_str()).collect();
        let expected: Vec<&str> = menu.items.iter().map(|i| i.interventie.id).collect();
        assert_eq!(
            ids, expected,
            "{slug}: one row per intervention, in placemat order"
        );
        for ((_, row), item) in rows.iter().zip(&menu.items) {
            let i = item.interventie;
            assert!(
                row.contains(&format!(
                    "<a href=\"../{}index.html\">{}</a>",
                    item.pad,
                    html_text(i.naam)
                )),
                "{slug}/{}: name links to its page",
                i.id
            );
            for (n, v) in item.vergoedingen.iter().enumerate() {
                // After "In Oss:" the line starts in lower case; compare the rest.
                let tekst = html_text(&v.kosten.tekst);
                let rest: String = tekst.chars().skip(1).collect();
                let prefix = if !v.gemeenten.is_empty() {
                    format!("In {}: <strong>", v.gemeenten.join(", "))
                } else if n > 0 {
                    "In de andere gemeenten: <strong>".to_string()
                } else {
                    "<strong>".to_string()
                };
                let line = row
                    .find(&prefix)
                    .map(|at| &row[at + prefix.len()..])
                    .unwrap_or_else(|| panic!("{slug}/{}: no cost line {prefix}", i.id));
                assert!(
                    line.split("</strong>").next().unwrap().ends_with(&rest),
                    "{slug}/{}: cost line \"{tekst}\" in {row}",
                    i.id
                );
            }
            if let Some(verwijzing) = item.aanmelding.verwijzing {
                assert!(
                    row.contains(&html_text(verwijzing.label())),
                    "{slug}/{}: how to refer",
                    i.id
                );
            }
            if let Some(zorgdomein) = item.aanmelding.zorgdomein {
                assert!(
                    row.contains(&html_text(zorgdomein)),
                    "{slug}/{}: Zorgdomein",
                    i.id
                );
            }
        }
        // Consult first: the filters (hidden until the script runs), then the
        // overview, then intro, placemat, downloads and the full cards.
        let at = |needle: &str| {
            page.find(needle)
                .unwrap_or_else(|| panic!("{slug}: {needle} missing"))
        };
        assert!(page.contains(
            "id=\"filters\" method=\"get\" role=\"search\" aria-labelledby=\"filter-kop\" hidden>"
        ));
        assert!(at("<h1>") < at("id=\"filters\""));
        assert!(at("id=\"filters\"") < at("class=\"overzicht-tabel\""));
        for later in [
            "class=\"intro\"",
            "id=\"placemat-kop\"",
            "id=\"downloads-kop\"",
            "class=\"cards\"",
        ] {
            assert!(
                at("class=\"overzicht-tabel\"") < at(later),
                "{slug}: {later} after the overview"
            );
        }
    }
}

#[test]
fn overview_rows_carry_regional_costs_per_gemeente_and_the_huisartss_search_words() {
    let fx = Fixture::copy("basis");
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    let page = fx.read("output/zorggroep-test/index.html");
    let rows = overview_rows(&page);
    let row = |id: &str| {
        rows.iter()
            .find(|(r, _)| r == id)
            .map(|(_, row)| row.as_str())
            .unwrap_or_else(|| panic!("no row for {id}"))
    };
    // Oss pays; elsewhere the national arrangement holds, both in the row.
    let beweeg = row("beweegprogramma");
    assert!(beweeg.contains("In Oss: <strong>geen kosten: de gemeente betaalt</strong>"));
    assert!(beweeg
        .contains("In de andere gemeenten: <strong>de patiënt betaalt zelf: € 3 per les</strong>"));
    assert!(beweeg.contains("Via de buurtsportcoach"));
    assert!(beweeg.contains("data-geen-kosten=\"nee\""));
    // The search text holds the words a huisarts types, from the vocabulary.
    let zoek = |row: &str| {
        let at = row.find("data-zoek=\"").unwrap() + "data-zoek=\"".len();
        row[at..at + row[at..].find('"').unwrap()].to_string()
    };
    let gli = zoek(row("gli-cool"));
    for word in [
        "dm2",
        "suikerziekte",
        "bmi",
        "obesitas",
        "Leefstijlpraktijk De Linde",
    ] {
        assert!(
            gli.contains(word),
            "gli-cool search text lacks {word}: {gli}"
        );
    }
    // Thema words count too; aandoening words only where the data names it.
    let beweeg_zoek = zoek(beweeg);
    assert!(beweeg_zoek.contains("sporten"), "{beweeg_zoek}");
    assert!(!beweeg_zoek.contains("suikerziekte"), "{beweeg_zoek}");
    assert!(row("gli-cool").contains("data-aandoeningen=\"overgewicht diabetes-type-2\""));
    // One checkbox per aandoening that occurs, all with the same name, so
    // the address can hold several: ?aandoening=a&aandoening=b.
    assert!(page.contains("<input type=\"checkbox\" id=\"f-aandoening-diabetes-type-2\" name=\"aandoening\" value=\"diabetes-type-2\">"));
    assert!(page.contains("id=\"f-aandoening-overgewicht\" name=\"aandoening\""));
    assert!(
        !page.contains("id=\"f-aandoening-slaapproblemen\""),
        "only aandoeningen that occur in the region"
    );
}
