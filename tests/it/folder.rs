//! The patient folder, read as a patient and a printer see it: an A5 PDF
//! per intervention on each menu, one or two pages, body text 12 pt and
//! nothing under 10 pt, subset fonts, the site's own cost sentence and
//! route, the QR code of the regional page; linked from the pages;
//! reproducible and reused from the cache when unchanged.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use common::Fixture;
use menukaart::resolve;

const BASE: &str = "https://menukaart.example.nl/";

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is installed by .ci/run: {e}"));
    assert!(
        out.status.success() || (name == "zbarimg" && out.status.code() == Some(4)),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every font size the content streams set.
fn font_sizes(pdf: &Path) -> Vec<f32> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut sizes = Vec::new();
    for (_, page) in doc.get_pages() {
        for op in doc.get_and_decode_page_content(page).unwrap().operations {
            if op.operator == "Tf" {
                sizes.extend(op.operands.get(1).and_then(|o| o.as_float().ok()));
            }
        }
    }
    sizes
}

/// How much text is set at each size: the characters shown after each Tf.
fn text_by_size(pdf: &Path) -> Vec<(f32, usize)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut out = Vec::new();
    for (_, page) in doc.get_pages() {
        let mut size = 0.0;
        for op in doc.get_and_decode_page_content(page).unwrap().operations {
            match op.operator.as_str() {
                "Tf" => size = op.operands[1].as_float().unwrap(),
                "Tj" | "TJ" => out.push((size, format!("{:?}", op.operands).len())),
                _ => {}
            }
        }
    }
    out
}

#[test]
fn every_intervention_on_a_menu_has_a_folder_a_patient_can_read() {
    let fx = Fixture::example();
    fx.run_ok(&["build"]);
    let project = menukaart::check(fx.root(), common::TODAY).value.unwrap();
    let catalogue = resolve::catalogue(&project);
    let menus = resolve::resolve(&project, &catalogue, common::TODAY);
    let mut seen = 0;
    for menu in &menus {
        for item in &menu.items {
            let pdf = fx
                .output()
                .join(menu.regio.slug)
                .join(item.interventie.id)
                .join("folder.pdf");
            let what = pdf.display().to_string();
            assert!(pdf.is_file(), "{what} is missing");
            seen += 1;

            tool("qpdf", &["--check", p(&pdf)]);
            let info = tool("pdfinfo", &[p(&pdf)]);
            assert!(info.contains("419.528 x 595.276 pts"), "{what}\n{info}");
            let pages: usize = info
                .lines()
                .find_map(|l| l.strip_prefix("Pages:"))
                .and_then(|n| n.trim().parse().ok())
                .unwrap();
            assert!((1..=2).contains(&pages), "{what}: {pages} pages");
            let fonts = tool("pdffonts", &[p(&pdf)]);
            for row in fonts.lines().skip(2) {
                let cols: Vec<&str> = row.split_whitespace().collect();
                let n = cols.len();
                assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{what}: {row}");
            }

            // Nothing under 10 pt; the body, most of the text, 12 pt or more.
            let sizes = font_sizes(&pdf);
            assert!(
                sizes.iter().all(|&s| s >= 10.0 - 0.001),
                "{what}: {sizes:?}"
            );
            let by_size = text_by_size(&pdf);
            let large: usize = by_size
                .iter()
                .filter(|(s, _)| *s >= 12.0)
                .map(|(_, n)| n)
                .sum();
            let small: usize = by_size
                .iter()
                .filter(|(s, _)| *s < 12.0)
                .map(|(_, n)| n)
                .sum();
            assert!(
                large > 2 * small,
                "{what}: {large} at 12 pt or more, {small} below"
            );

            // What it says, in the order a patient asks.
            let text = tool("pdftotext", &["-raw", "-enc", "UTF-8", p(&pdf), "-"]);
            let flat = squash(&text);
            let mut at = 0;
            for heading in [
                "Wat is het?",
                "Is het iets voor u?",
                "Wat kost het u?",
                "Hoe meldt u zich aan?",
            ] {
                let found = flat[at..]
                    .find(&squash(heading))
                    .unwrap_or_else(|| panic!("{what}: {heading:?} missing or out of order"));
                at += found;
            }
            let must = |needle: &str| {
                assert!(
                    flat.contains(&squash(needle)),
                    "{what}: {needle:?} is not in the folder"
                );
            };
            must(item.interventie.naam);
            must(item.interventie.samenvatting);
            for v in &item.vergoedingen {
                // The site's cost sentence; after a gemeente it loses its capital.
                let tekst = &v.kosten.tekst;
                let rest: String = tekst.chars().skip(1).collect();
                must(&rest);
            }
            for step in item.aanmelding.stappen {
                must(&step.wat);
            }
            for contact in [item.aanmelding.telefoon, item.aanmelding.email]
                .into_iter()
                .flatten()
            {
                must(contact);
            }
            for aanbieder in item.aanbieders {
                must(&aanbieder.naam);
            }
            for gemeente in &item.buurtsportcoaches {
                let coach = gemeente.buurtsportcoach.as_ref().unwrap();
                must(&gemeente.naam);
                for c in [&coach.telefoon, &coach.email].into_iter().flatten() {
                    // A phone number or address is never broken over lines.
                    assert!(
                        text.lines().any(|l| l.contains(c.as_str())),
                        "{what}: {c} broken"
                    );
                }
            }
            assert!(
                !text.contains("De patiënt meldt"),
                "{what}: written to the clinician"
            );

            // The QR code opens the regional page.
            let dir = tempfile::tempdir().unwrap();
            let png = dir.path().join("side");
            tool(
                "pdftoppm",
                &["-r", "200", "-png", "-f", "1", "-l", "1", p(&pdf), p(&png)],
            );
            let pngs: Vec<_> = fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .collect();
            let codes: BTreeSet<String> = tool("zbarimg", &["--raw", "-q", p(&pngs[0])])
                .lines()
                .map(str::to_string)
                .collect();
            assert_eq!(
                codes,
                BTreeSet::from([format!("{BASE}{}", item.pad)]),
                "{what}"
            );
        }
    }
    assert_eq!(seen, 25);
}

#[test]
fn pages_link_the_folders_and_the_links_resolve() {
    let fx = Fixture::example();
    fx.run_ok(&["build"]);
    let region = fx.output().join("zorggroep-maasland");
    let page = fs::read_to_string(region.join("gli-cool/index.html")).unwrap();
    assert!(page.contains("<a href=\"folder.pdf\">Folder voor de patiënt (PDF, A5)</a>"));
    assert!(region.join("gli-cool/folder.pdf").is_file());
    let overview = fs::read_to_string(region.join("index.html")).unwrap();
    let links: Vec<&str> = overview
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.ends_with("/folder.pdf"))
        .collect();
    assert_eq!(links.len(), 8, "{links:?}");
    for link in links {
        assert!(region.join(link).is_file(), "{link}");
    }
}

#[test]
fn folders_are_reproducible_and_reused_when_unchanged() {
    let fx = Fixture::example();
    fx.run_ok(&["build"]);
    let folder = |slug: &str, id: &str| {
        fs::read(fx.output().join(slug).join(id).join("folder.pdf")).unwrap()
    };
    let cache = fx.root().join(".menukaart-cache/folders");
    let entries = || -> BTreeSet<_> {
        fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect()
    };
    let first = entries();
    assert_eq!(first.len(), 25, "one cache entry per folder");
    let cool = folder("zorggroep-maasland", "gli-cool");
    let keer = folder("zorggroep-maasland", "keer-diabetes2-om");

    // A second build with no change: every folder from the cache, the same bytes.
    fx.run_ok(&["build"]);
    assert_eq!(entries(), first);
    assert_eq!(folder("zorggroep-maasland", "gli-cool"), cool);

    // An edit of one intervention makes its folder again, and only that one.
    fx.edit(
        "interventions/keer-diabetes2-om.md",
        "samenvatting = \"",
        "samenvatting = \"Nieuw: ",
    );
    fx.run_ok(&["build"]);
    let after = entries();
    assert_eq!(after.len(), 25, "the stale entry is pruned");
    assert_eq!(first.difference(&after).count(), 1);
    assert_eq!(folder("zorggroep-maasland", "gli-cool"), cool);
    assert_ne!(folder("zorggroep-maasland", "keer-diabetes2-om"), keer);
    let text = tool(
        "pdftotext",
        &[
            p(&fx
                .output()
                .join("zorggroep-maasland/keer-diabetes2-om/folder.pdf")),
            "-",
        ],
    );
    assert!(squash(&text).contains("Nieuw:"), "{text}");
}
