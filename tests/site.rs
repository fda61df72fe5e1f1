//! A valid project renders every page of the output layout with its content.

mod common;

use common::{messages, Fixture};

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
    assert!(messages(&outcome).contains("bedoelde je \"zorggroep-test\"?"));
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
