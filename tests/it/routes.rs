//! Referral routes per gemeente: `<slug>/verwijsroutes/` and one page per
//! gemeente, checked against what the region files say.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{html_text, messages, Fixture, TODAY};
use menukaart::model::{Aanmelding, Project, Region, RegionEntry};
use menukaart::names::suggest_id;
use menukaart::vocab::{Verwijzing, Vocabulary};

fn project(fx: &Fixture) -> Project {
    let outcome = menukaart::check(fx.root(), TODAY);
    let text = messages(&outcome);
    outcome.value.unwrap_or_else(|| panic!("{text}")).project
}

/// The ids of the interventions that have a route block for `gemeente` on a page.
fn route_ids(page: &str, gemeente: &str) -> BTreeSet<String> {
    let marker = format!("<article class=\"verwijsroute\" id=\"route-{gemeente}-");
    page.match_indices(&marker)
        .map(|(at, _)| {
            let rest = &page[at + marker.len()..];
            rest[..rest.find('"').expect("closing quote")].to_string()
        })
        .collect()
}

/// The HTML of one route block.
fn route<'p>(page: &'p str, gemeente: &str, id: &str) -> &'p str {
    let start = page
        .find(&format!("id=\"route-{gemeente}-{id}\""))
        .unwrap_or_else(|| panic!("no route {gemeente}-{id}"));
    let end = page[start..].find("</article>").expect("article closes") + start;
    &page[start..end]
}

/// The roles of the steps of a route, in order.
fn roles(route: &str) -> Vec<&str> {
    route
        .match_indices("<span class=\"rol rol-")
        .map(|(at, m)| {
            let rest = &route[at + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The route the region uses: its own aanmelding, or the national one.
fn aanmelding<'p>(project: &'p Project, entry: &'p RegionEntry) -> &'p Aanmelding {
    entry
        .aanmelding
        .as_ref()
        .unwrap_or_else(|| &project.intervention(&entry.id).unwrap().aanmelding)
}

fn page_path(region: &Region, gemeente: &str) -> String {
    format!(
        "output/{}/verwijsroutes/{}/index.html",
        region.slug,
        suggest_id(gemeente)
    )
}

#[test]
fn each_gemeente_lists_every_intervention_of_the_region_with_its_buurtsportcoach() {
    let fx = Fixture::example();
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    let project = project(&fx);
    assert!(project.regions.len() >= 2);
    let mut coach_routes = 0;
    for region in &project.regions {
        // A zorggroep chooses for its whole area: every intervention of the
        // region is available in each of its gemeenten.
        let expected: BTreeSet<String> = region.entries.iter().map(|e| e.id.clone()).collect();
        assert!(!expected.is_empty());
        assert!(!region.gemeenten.is_empty(), "{}", region.slug);
        let overview = fx.read(&format!("output/{}/verwijsroutes/index.html", region.slug));
        for gemeente in &region.gemeenten {
            let slug = suggest_id(&gemeente.naam);
            let page = fx.read(&page_path(region, &gemeente.naam));
            assert_eq!(route_ids(&page, &slug), expected, "{}", gemeente.naam);
            // The region's page does not repeat every card per gemeente
            // (issue 25): each gemeente has its coach's routes there, and a
            // row in the table of each intervention.
            assert!(route_ids(&overview, &slug).is_empty(), "{}", gemeente.naam);
            assert!(
                overview.contains(&format!("href=\"#gemeente-{slug}\"")),
                "toc"
            );
            for entry in &region.entries {
                assert!(
                    overview.contains(&format!(
                        "href=\"{slug}/index.html#route-{slug}-{}\"",
                        entry.id
                    )),
                    "{} in {}: a row that leads to the gemeente's card",
                    entry.id,
                    gemeente.naam
                );
            }
            for entry in &region.entries {
                let naam = &project.intervention(&entry.id).unwrap().naam;
                assert!(
                    page.contains(&format!(
                        "<h3 id=\"kop-{slug}-{}\">{}</h3>",
                        entry.id,
                        html_text(naam)
                    )),
                    "{} in {}",
                    entry.id,
                    gemeente.naam
                );
            }
            let coach = gemeente
                .buurtsportcoach
                .as_ref()
                .expect("every gemeente of the example has a buurtsportcoach");
            let kader = &page[page.find("class=\"coach-kader\"").expect("coach box")..];
            let kader = &kader[..kader.find("</section>").unwrap()];
            for value in [&coach.naam, &coach.email, &coach.telefoon]
                .into_iter()
                .flatten()
            {
                assert!(
                    kader.contains(&html_text(value)),
                    "{value} on {}",
                    gemeente.naam
                );
            }
            // Routes through the buurtsportcoach name this gemeente's coach.
            for entry in &region.entries {
                if aanmelding(&project, entry).verwijzing == Some(Verwijzing::Buurtsportcoach) {
                    coach_routes += 1;
                    let block = route(&page, &slug, &entry.id);
                    let email = coach.email.as_ref().unwrap();
                    assert!(block.contains(&format!("mailto:{email}")), "{}", entry.id);
                    assert!(block.contains("rol-buurtsportcoach"), "{}", entry.id);
                }
            }
        }
    }
    assert!(
        coach_routes > 0,
        "the example has routes via the buurtsportcoach"
    );
    // On the region's page every intervention once, after the routes via
    // the buurtsportcoach of each gemeente.
    for region in &project.regions {
        let overview = fx.read(&format!("output/{}/verwijsroutes/index.html", region.slug));
        for entry in &region.entries {
            let card = format!(
                "<article class=\"verwijsroute\" id=\"interventie-{}\"",
                entry.id
            );
            assert_eq!(overview.matches(&card).count(), 1, "{}", entry.id);
        }
        let coach = overview
            .find("id=\"via-coach-kop\"")
            .expect("routes via the coach");
        let all = overview.find("id=\"alle-routes-kop\"").expect("all routes");
        assert!(coach < all, "the coach's routes come first");
    }
}

#[test]
fn a_vergoeding_limited_to_gemeenten_shows_only_there() {
    let fx = Fixture::example();
    assert!(fx.build().value.is_some());
    let project = project(&fx);
    let mut checked = 0;
    for region in &project.regions {
        for entry in &region.entries {
            let Some(regional) = entry.vergoeding.as_ref() else {
                continue;
            };
            if regional.gemeenten.is_empty() {
                continue;
            }
            let toelichting =
                html_text(regional.toelichting.as_ref().expect("example explains it"));
            let national = &project.intervention(&entry.id).unwrap().vergoeding;
            for gemeente in &region.gemeenten {
                let page = fx.read(&page_path(region, &gemeente.naam));
                let block = route(&page, &suggest_id(&gemeente.naam), &entry.id);
                let betaalt = &block[block.find("Kosten voor de patiënt").expect("who pays")..];
                if regional.gemeenten.contains(&gemeente.naam) {
                    checked += 1;
                    assert!(betaalt.contains(&toelichting), "{}", gemeente.naam);
                    assert!(betaalt
                        .to_lowercase()
                        .contains(&regional.soort.label().to_lowercase()));
                    assert!(betaalt.contains("regionale afspraak"));
                } else {
                    checked += 1;
                    assert!(!page.contains(&toelichting), "{} shows it", gemeente.naam);
                    assert!(
                        betaalt
                            .to_lowercase()
                            .contains(&national.soort.label().to_lowercase()),
                        "{}",
                        gemeente.naam
                    );
                    if let Some(text) = &national.toelichting {
                        assert!(betaalt.contains(&html_text(text)));
                    }
                }
            }
        }
    }
    assert!(
        checked >= 4,
        "the example limits a vergoeding to some gemeenten"
    );
}

#[test]
fn a_route_through_a_missing_buurtsportcoach_warns_with_the_gemeente() {
    let fx = Fixture::copy("routes-tekens");
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "a warning does not stop the build");
    let file = fx.read("regions/zorggroep-friesland.toml");
    let line = file
        .lines()
        .position(|l| l == "id = \"gli-route\"")
        .unwrap()
        + 1;
    let text = messages(&outcome);
    let expected = format!(
        "waarschuwing: regions/zorggroep-friesland.toml:{line}:6: de route van \"gli-route\" loopt via de buurtsportcoach, maar de gemeente Heerenveen heeft geen buurtsportcoach\n  hint: voeg bij die gemeente een [gemeente.buurtsportcoach] toe"
    );
    assert!(text.contains(&expected), "{text}");
    assert_eq!(
        text.matches("loopt via de buurtsportcoach").count(),
        1,
        "only the route via the coach warns: {text}"
    );
    // The page says so too, where the buurtsportcoach would be.
    let page = fx.read("output/zorggroep-friesland/verwijsroutes/heerenveen/index.html");
    assert!(page.contains("Voor Heerenveen is geen buurtsportcoach bekend."));
    assert!(page.contains("1 route loopt via de buurtsportcoach"));
    assert!(route(&page, "heerenveen", "gli-route").contains("Geen buurtsportcoach bekend."));

    // A national route through the coach warns as well, with its own hint.
    fx.edit(
        "regions/zorggroep-friesland.toml",
        "[interventie.aanmelding]\nverwijzing = \"buurtsportcoach\"",
        "[interventie.aanmelding]\nverwijzing = \"huisarts\"",
    );
    fx.edit(
        "interventions/samen-buiten.md",
        "verwijzing = \"geen\"",
        "verwijzing = \"buurtsportcoach\"",
    );
    let text = messages(&fx.build());
    assert!(
        text.contains("de route van \"samen-buiten\" loopt via de buurtsportcoach, maar de gemeente Heerenveen heeft geen buurtsportcoach\n  hint: voeg bij die gemeente een [gemeente.buurtsportcoach] toe met naam, email en telefoon, of geef deze interventie een eigen [interventie.aanmelding]"),
        "{text}"
    );
    assert!(!text.contains("\"gli-route\" loopt"), "{text}");

    // With a coach in every gemeente, no warning is left.
    fx.edit(
        "regions/zorggroep-friesland.toml",
        "naam = \"Heerenveen\"\n",
        "naam = \"Heerenveen\"\n[gemeente.buurtsportcoach]\nemail = \"coach@heerenveen.example.nl\"\n",
    );
    let text = messages(&fx.build());
    assert!(!text.contains("buurtsportcoach"), "{text}");
}

#[test]
fn steps_say_who_acts_and_aanbieders_are_those_of_the_gemeente() {
    let fx = Fixture::copy("routes-tekens");
    assert!(fx.build().value.is_some());
    let page = fx.read("output/zorggroep-friesland/verwijsroutes/sudwest-fryslan/index.html");
    assert!(page.contains("<html lang=\"nl\">"));
    assert!(
        page.contains("Gemeente Súdwest-Fryslân"),
        "the name keeps its accents"
    );

    // Who acts is what the data say; the last step is plain text and
    // shows no actor rather than a guessed one.
    let gli = route(&page, "sudwest-fryslan", "gli-route");
    assert_eq!(roles(gli), ["huisarts", "poh", "buurtsportcoach"]);
    assert!(
        gli.contains("<li><span class=\"stap\">Intake bij de leefstijlcoach</span></li>"),
        "{gli}"
    );
    assert!(gli.contains("mailto:coach@sudwest.example.nl"));
    assert!(gli.contains("regionale route"));
    let samen = route(&page, "sudwest-fryslan", "samen-buiten");
    // "Het team van de aanbieder …" starts with no actor's word; the data
    // say the aanbieder acts, and so does the page.
    assert_eq!(roles(samen), ["patient", "aanbieder"]);
    assert!(samen.contains("Patiënt</span>"), "the role is written out");
    assert!(
        !samen.contains("coach@sudwest.example.nl"),
        "no coach on this route"
    );

    // Aanbieders: those in the gemeente; all of them where none is.
    assert!(samen.contains(&html_text("Buiten Bewegen \"De Wâlden\"; Sneek")));
    assert!(!samen.contains("Beweeggroep Joure"));
    let heerenveen = fx.read("output/zorggroep-friesland/verwijsroutes/heerenveen/index.html");
    let elders = route(&heerenveen, "heerenveen", "samen-buiten");
    assert!(elders.contains("Er is geen aanbieder in Heerenveen zelf."));
    assert!(elders.contains("Beweeggroep Joure") && elders.contains("Buiten Bewegen"));
    assert!(route(&heerenveen, "heerenveen", "gli-route").contains("Leefstijlcoach Heerenveen"));

    // Not chosen by the region: on no routes page.
    for gemeente in ["sudwest-fryslan", "de-fryske-marren", "heerenveen"] {
        let page = fx.read(&format!(
            "output/zorggroep-friesland/verwijsroutes/{gemeente}/index.html"
        ));
        assert!(!page.contains("Niet gekozen cursus"), "{gemeente}");
    }
}

#[test]
fn a_route_without_written_steps_shows_the_usual_route_for_its_verwijzing() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "regions/zorggroep-test.toml",
        "stappen = [\"POH mailt de buurtsportcoach\", \"Buurtsportcoach belt de patiënt binnen een week\"]",
        "email = \"aanmelden@beweeg.example.nl\"",
    );
    assert!(fx.build().value.is_some());
    let page = fx.read("output/zorggroep-test/verwijsroutes/oss/index.html");
    let block = route(&page, "oss", "beweegprogramma");
    assert!(block.contains("De zorggroep heeft geen stappen beschreven."));
    assert_eq!(
        roles(block),
        ["huisarts", "poh", "buurtsportcoach", "aanbieder"]
    );
    assert!(block.contains("mailto:aanmelden@beweeg.example.nl"));
    assert!(block.contains("mailto:coach@oss.example.nl"));
    // Written steps are never marked as the usual route.
    assert!(!route(&page, "oss", "gli-cool").contains("geen stappen beschreven"));
}

#[test]
fn a_region_without_gemeenten_gets_one_routes_page_for_the_whole_region() {
    let fx = Fixture::copy("basis");
    fx.write(
        "regions/tweede.toml",
        "naam = \"Tweede\"\npeildatum = 2026-10-01\n[contact]\nemail = \"a@example.nl\"\n\n[[interventie]]\nid = \"slaapcursus\"\n",
    );
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    let page = fx.read("output/tweede/verwijsroutes/index.html");
    assert!(page.contains("Tweede heeft nog geen gemeenten opgegeven."));
    assert_eq!(
        route_ids(&page, "regio"),
        BTreeSet::from(["slaapcursus".to_string()])
    );
    let folders: Vec<_> = std::fs::read_dir(fx.output().join("tweede/verwijsroutes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(folders, ["index.html"], "no page per gemeente");
}

/// Every relative link of the routes pages leads to a file of the output,
/// and headings never skip a level on the way down.
#[test]
fn routes_pages_link_to_existing_files_and_keep_heading_order() {
    let fx = Fixture::copy("routes-tekens");
    assert!(fx.build().value.is_some());
    let out = fx.output();
    let region = fx.read("output/zorggroep-friesland/index.html");
    for target in [
        "verwijsroutes/index.html",
        "menukaart.csv",
        "menukaart.json",
    ] {
        assert!(
            region.contains(&format!("href=\"../zorggroep-friesland/{target}\"")),
            "regional page links {target}"
        );
        assert!(out.join("zorggroep-friesland").join(target).is_file());
    }
    let pages: Vec<_> = walkdir::WalkDir::new(out.join("zorggroep-friesland/verwijsroutes"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| e.into_path())
        .collect();
    assert_eq!(pages.len(), 4, "overview and three gemeenten");
    for path in pages {
        let html = std::fs::read_to_string(&path).unwrap();
        assert!(!html.contains("<script"), "no JavaScript");
        check_links(&path, &html);
        let mut level = 0;
        for (at, _) in html.match_indices("<h") {
            let Some(n) = html[at + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
                continue;
            };
            assert!(n <= level + 1, "h{n} after h{level} in {}", path.display());
            level = n;
        }
        assert_eq!(html.matches("<h1").count(), 1);
    }
}

fn check_links(page: &Path, html: &str) {
    for (at, m) in html.match_indices("href=\"") {
        let rest = &html[at + m.len()..];
        let href = &rest[..rest.find('"').unwrap()];
        if href.starts_with('#')
            || href.starts_with("http")
            || href.starts_with("mailto:")
            || href.starts_with("tel:")
        {
            continue;
        }
        let target = page.parent().unwrap().join(href.split('#').next().unwrap());
        assert!(
            target.is_file(),
            "{} links to missing {href}",
            page.display()
        );
    }
}
