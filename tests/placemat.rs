//! The placemat PDFs, checked the way a reader and a printer see them:
//! through poppler (`pdftotext`, `pdffonts`, `pdfinfo`, `pdftoppm`), qpdf
//! and a QR scanner (`zbarimg`). `.ci/run` installs these tools; when one
//! is missing the tests fail and say which package to install.
//!
//! Builds go through the library into temporary folders, with
//! `SOURCE_DATE_EPOCH` fixed so that dates on the placemats are known.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Once;

use menukaart::render::placemat::card::shown_url;
use menukaart::render::placemat::menu;
use menukaart::render::placemat::{Context, Paper, PlacematRenderer};
use menukaart::theme::Theme;
use menukaart::vocab::Vocabulary;
use menukaart::{resolve, BuildOptions, BuildReport, Diagnostics, Outcome};

/// 2026-10-15 12:00 UTC.
const EPOCH: i64 = 1_792_065_600;
const TODAY: time::Date = time::macros::date!(2026 - 10 - 15);
const BASE_URL: &str = "https://menukaart.example.nl/";

/// Every test builds with the same `SOURCE_DATE_EPOCH`; setting it once
/// before any build keeps the threads of this test binary from racing.
fn init() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| std::env::set_var("SOURCE_DATE_EPOCH", EPOCH.to_string()));
}

// ---------------------------------------------------------------- helpers

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A temporary copy of the repository's example project.
fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["interventions", "regions"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    fs::copy(
        repo().join("menukaart.toml"),
        dir.path().join("menukaart.toml"),
    )
    .unwrap();
    dir
}

/// A temporary copy of `tests/fixtures/<name>`.
fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

fn build(root: &Path) -> Outcome<BuildReport> {
    build_into(root, &root.join("output"))
}

fn build_into(root: &Path, output: &Path) -> Outcome<BuildReport> {
    init();
    menukaart::build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        base_url: None,
        regions: Vec::new(),
        today: TODAY,
        render: Default::default(),
    })
}

fn built(root: &Path) -> PathBuf {
    let outcome = build(root);
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        outcome.value.is_some(),
        "the build failed:\n{}",
        messages.join("\n")
    );
    root.join("output")
}

/// Runs a tool; a missing tool fails the test with what to install.
fn run(tool: &str, args: &[&str]) -> Output {
    let package = match tool {
        "qpdf" => "qpdf",
        "zbarimg" => "zbar-tools",
        _ => "poppler-utils",
    };
    Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "{tool} is needed for this test but could not be started ({e}); \
             install it with `apt-get install {package}` or run .ci/run"
        )
    })
}

fn stdout_ok(tool: &str, args: &[&str]) -> String {
    let out = run(tool, args);
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The text in content order (`-raw`): no reordering and no joining of
/// words across hyphenated line ends, which the default mode does.
fn text(pdf: &Path) -> String {
    stdout_ok("pdftotext", &["-raw", "-enc", "UTF-8", path(pdf), "-"])
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Text without any whitespace: a phrase broken over two lines still matches.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_contains(haystack: &str, needle: &str, what: &str) {
    assert!(
        squash(haystack).contains(&squash(needle)),
        "{what}: {needle:?} is not on the placemat"
    );
}

/// What one region's placemat must show, computed from the data with the
/// library (the same checks and resolution as the build).
struct Expected {
    slug: String,
    naam: String,
    peildatum: String,
    items: Vec<ExpectedItem>,
}

struct ExpectedItem {
    naam: String,
    doelgroep: String,
    aanmelding: Vec<String>,
    stappen: Vec<String>,
    url: String,
    /// "Kosten voor de patiënt" of each arrangement, and the regional
    /// texts (note, regional vergoeding) the site shows too.
    kosten: Vec<String>,
    regionaal: Vec<String>,
}

fn expected(root: &Path) -> Vec<Expected> {
    let outcome = menukaart::check(root, TODAY);
    let project = outcome.value.expect("the project validates");
    let catalogue = resolve::catalogue(&project);
    let menus = resolve::resolve(&project, &catalogue, TODAY);
    menus
        .iter()
        .map(|m| Expected {
            slug: m.regio.slug.to_string(),
            naam: m.regio.naam.to_string(),
            peildatum: m.regio.peildatum.clone(),
            items: m
                .items
                .iter()
                .map(|i| {
                    let a = &i.aanmelding;
                    let mut aanmelding: Vec<String> =
                        a.verwijzing.iter().map(|v| v.label().to_string()).collect();
                    aanmelding.extend(
                        [a.zorgdomein, a.telefoon, a.email]
                            .into_iter()
                            .flatten()
                            .map(str::to_string),
                    );
                    // A web address is shown as a reader types it.
                    aanmelding.extend(a.url.map(shown_url));
                    ExpectedItem {
                        naam: i.interventie.naam.to_string(),
                        doelgroep: i.interventie.doelgroep.omschrijving.to_string(),
                        aanmelding,
                        stappen: a.stappen.iter().map(|s| s.wat.clone()).collect(),
                        url: format!("{BASE_URL}{}", i.pad),
                        kosten: i
                            .vergoedingen
                            .iter()
                            .map(|v| v.kosten.tekst.clone())
                            .collect(),
                        regionaal: i
                            .notitie
                            .iter()
                            .map(|n| n.to_string())
                            .chain(
                                i.vergoedingen
                                    .iter()
                                    .filter(|v| v.regionaal)
                                    .filter_map(|v| v.toelichting.map(str::to_string)),
                            )
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect()
}

fn placemats(output: &Path, slug: &str) -> [(Paper, PathBuf); 2] {
    Paper::ALL.map(|p| (p, output.join(slug).join(p.file_name())))
}

/// Words with their boxes from `pdftotext -bbox`, and the page size.
struct Words {
    width: f64,
    height: f64,
    words: Vec<(String, [f64; 4])>,
}

/// One [`Words`] per page of the PDF.
fn pages(pdf: &Path) -> Vec<Words> {
    let html = stdout_ok("pdftotext", &["-bbox", path(pdf), "-"]);
    html.split("<page ")
        .skip(1)
        .map(|page| words(&format!("<page {page}")))
        .collect()
}

fn words(html: &str) -> Words {
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag
            .find(&format!("{name}=\""))
            .unwrap_or_else(|| panic!("no {name} in {tag}"))
            + name.len()
            + 2;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    };
    let page = html.find("<page ").expect("a page");
    let page_tag = &html[page..page + html[page..].find('>').unwrap()];
    let mut words = Vec::new();
    let mut rest = &html[page..];
    while let Some(at) = rest.find("<word ") {
        let tag_end = at + rest[at..].find('>').unwrap();
        let tag = &rest[at..tag_end];
        let close = tag_end + rest[tag_end..].find("</word>").unwrap();
        let text = rest[tag_end + 1..close].to_string();
        words.push((
            text,
            [
                attr(tag, "xMin"),
                attr(tag, "yMin"),
                attr(tag, "xMax"),
                attr(tag, "yMax"),
            ],
        ));
        rest = &rest[close..];
    }
    Words {
        width: attr(page_tag, "width"),
        height: attr(page_tag, "height"),
        words,
    }
}

/// Every word lies inside its page with at least `margin` points to spare,
/// and no two words on a page overlap.
fn assert_inside_and_apart(pdf: &Path, margin: f64) {
    let all = pages(pdf);
    let count: usize = all.iter().map(|p| p.words.len()).sum();
    assert!(count > 100, "{}: too few words", pdf.display());
    for page in all {
        assert_page_inside_and_apart(pdf, page, margin);
    }
}

fn assert_page_inside_and_apart(pdf: &Path, page: Words, margin: f64) {
    let Words {
        width,
        height,
        words,
    } = page;
    for (text, [x0, y0, x1, y1]) in &words {
        assert!(
            *x0 >= margin && *y0 >= margin && *x1 <= width - margin && *y1 <= height - margin,
            "{}: {text:?} at [{x0:.1} {y0:.1} {x1:.1} {y1:.1}] is outside the page's printable area",
            pdf.display()
        );
    }
    for (i, (a, [ax0, ay0, ax1, ay1])) in words.iter().enumerate() {
        for (b, [bx0, by0, bx1, by1]) in &words[i + 1..] {
            // A tenth of a point: touching boxes are fine, overlapping are not.
            let overlap =
                ax0 + 0.1 < *bx1 && *bx0 + 0.1 < *ax1 && ay0 + 0.1 < *by1 && *by0 + 0.1 < *ay1;
            assert!(!overlap, "{}: {a:?} overlaps {b:?}", pdf.display());
        }
    }
}

fn qr_urls(pdf: &Path) -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    stdout_ok("pdftoppm", &["-r", "200", "-png", path(pdf), path(&prefix)]);
    let mut pngs: Vec<PathBuf> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pngs.sort();
    let mut args = vec!["--raw", "-q"];
    args.extend(pngs.iter().map(|p| path(p)));
    let out = run("zbarimg", &args);
    // zbarimg exits with 4 when it finds no symbol at all.
    assert!(
        out.status.success() || out.status.code() == Some(4),
        "zbarimg failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

// ------------------------------------------------------------------ tests

#[test]
fn example_placemats_show_every_intervention_with_its_route() {
    let project = example();
    let output = built(project.path());
    let regions = expected(project.path());
    assert_eq!(regions.len(), 2, "both example regions");
    for region in &regions {
        for (paper, pdf) in placemats(&output, &region.slug) {
            let text = text(&pdf);
            let what = format!("{} {}", region.slug, paper.label());
            assert_contains(&text, &region.naam, &what);
            assert_contains(&text, &format!("Peildatum {}", region.peildatum), &what);
            assert_contains(&text, "Menukaart leefstijl", &what);
            assert_contains(&text, &format!("{BASE_URL}{}/", region.slug), &what);
            for item in &region.items {
                let what = format!("{what} {}", item.naam);
                assert_contains(&text, &item.naam, &what);
                assert_contains(&text, &item.doelgroep, &what);
                for part in &item.aanmelding {
                    assert_contains(&text, part, &what);
                }
                // What the patient pays and the zorggroep's own agreements,
                // as on the site: the desk copy never says less.
                // (A line after "In Oss:" starts in lower case.)
                for part in &item.kosten {
                    let rest: String = part.chars().skip(1).collect();
                    assert_contains(&text, &rest, &what);
                }
                for part in &item.regionaal {
                    assert_contains(&text, part, &what);
                }
            }
            // Real text: Dutch letters come back as themselves.
            for word in ["patiënt", "Diëtistenpraktijk", "én"] {
                if region.items.iter().any(|i| {
                    i.naam.contains(word)
                        || i.doelgroep.contains(word)
                        || i.aanmelding.join(" ").contains(word)
                }) {
                    assert!(text.contains(word), "{what}: {word:?} lost its diacritics");
                }
            }
            assert!(text.contains("patiënt"), "{what}: no ë in the text");
            assert!(
                !text.contains('\u{FFFD}') && !text.contains("Ã"),
                "{what}: broken characters in the text"
            );
        }
    }
}

#[test]
fn steps_are_on_the_card_or_the_card_is_compact() {
    // The library says which text level auto-fit chose; with the full
    // text, every step of every route must be on the placemat.
    init();
    let project = example();
    let output = built(project.path());
    let mut diags = Diagnostics::default();
    let theme = Theme::load(project.path(), "default", &mut diags).unwrap();
    let renderer = PlacematRenderer::new(&theme).unwrap();
    let outcome = menukaart::check(project.path(), TODAY);
    let project_data = outcome.value.unwrap();
    let catalogue = resolve::catalogue(&project_data);
    let menus = resolve::resolve(&project_data, &catalogue, TODAY);
    let ctx = Context {
        titel: "Menukaart leefstijl",
        base_url: Some(BASE_URL),
        created: time::OffsetDateTime::from_unix_timestamp(EPOCH).unwrap(),
    };
    let regions = expected(project.path());
    let mut full = 0;
    for (menu, region) in menus.iter().zip(&regions) {
        for (paper, pdf) in placemats(&output, &region.slug) {
            let page = renderer.layout(menu, paper, &ctx).unwrap();
            if page.detail != menukaart::render::placemat::card::Detail::Full {
                continue;
            }
            full += 1;
            let text = text(&pdf);
            for item in &region.items {
                for step in &item.stappen {
                    assert_contains(&text, step, &format!("{} {}", region.slug, paper.label()));
                }
            }
        }
    }
    assert!(full > 0, "the small example region shows its steps");
}

#[test]
fn pdfs_are_valid_with_embedded_subset_fonts_and_the_promised_paper() {
    let project = example();
    let output = built(project.path());
    for region in expected(project.path()) {
        for (paper, pdf) in placemats(&output, &region.slug) {
            let what = format!("{} {}", region.slug, paper.label());
            let check = run("qpdf", &["--check", path(&pdf)]);
            assert!(
                check.status.success(),
                "{what}: qpdf --check: {}",
                String::from_utf8_lossy(&check.stdout)
            );

            let fonts = stdout_ok("pdffonts", &[path(&pdf)]);
            let rows: Vec<&str> = fonts.lines().skip(2).collect();
            assert_eq!(rows.len(), 2, "{what}: regular and bold\n{fonts}");
            for row in rows {
                let cols: Vec<&str> = row.split_whitespace().collect();
                let name = cols[0];
                let tag = name.split('+').next().unwrap();
                assert!(
                    name.contains("DejaVuSans")
                        && tag.len() == 6
                        && tag.chars().all(|c| c.is_ascii_uppercase()),
                    "{what}: font {name} is not a DejaVu subset"
                );
                // Columns: name, type…, encoding, emb, sub, uni, object, id.
                let n = cols.len();
                assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{what}: {row}");
            }

            let info = stdout_ok("pdfinfo", &[path(&pdf)]);
            let size_line = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
            let expected_size = match paper {
                Paper::A3 => "1190.55 x 841.89 pts (A3)",
                Paper::A4 => "595.276 x 841.89 pts (A4)",
            };
            assert!(
                size_line.contains(expected_size),
                "{what}: {size_line}, expected {expected_size}"
            );
            let pages: usize = info
                .lines()
                .find_map(|l| l.strip_prefix("Pages:"))
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or(0);
            // The menu on the front, the details on the back; a second
            // sheet only where the details need more than one side.
            assert!(
                (2..=4).contains(&pages),
                "{what}: a front with the menu and one to three sides of details\n{info}"
            );
            for page in 1..=pages {
                let n = page.to_string();
                let side = stdout_ok(
                    "pdftotext",
                    &["-raw", "-enc", "UTF-8", "-f", &n, "-l", &n, path(&pdf), "-"],
                );
                let says = if page == 1 {
                    "Details op de achterzijde."
                } else {
                    "Achterzijde: details per interventie."
                };
                assert_contains(&side, says, &format!("{what} side {page}"));
            }
            assert!(
                info.lines()
                    .any(|l| l.starts_with("Author:") && l.contains(&region.naam)),
                "{what}: author is the zorggroep\n{info}"
            );
            assert!(
                info.lines().any(|l| l.starts_with("Title:")
                    && l.contains(&region.naam)
                    && l.contains(paper.label())),
                "{what}: title\n{info}"
            );

            let doc = lopdf::Document::load(&pdf).unwrap();
            let lang = doc.catalog().unwrap().get(b"Lang").unwrap();
            assert_eq!(lang.as_str().unwrap(), b"nl", "{what}: /Lang");
            let info_ref = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
            let info_dict = doc.get_dictionary(info_ref).unwrap();
            let created = info_dict.get(b"CreationDate").unwrap().as_str().unwrap();
            // SOURCE_DATE_EPOCH = 2026-10-15 12:00 UTC.
            assert_eq!(created, b"D:20261015120000+00'00'", "{what}: creation date");
        }
    }
}

#[test]
fn every_qr_code_opens_its_regional_page() {
    let project = example();
    let output = built(project.path());
    for region in expected(project.path()) {
        let wanted: BTreeSet<String> = region.items.iter().map(|i| i.url.clone()).collect();
        for (paper, pdf) in placemats(&output, &region.slug) {
            assert_eq!(
                qr_urls(&pdf),
                wanted,
                "{} {}: QR codes",
                region.slug,
                paper.label()
            );
        }
    }
}

#[test]
fn without_base_url_there_are_no_qr_codes() {
    let project = example();
    fs::write(
        project.path().join("menukaart.toml"),
        "titel = \"Menukaart leefstijl\"\n",
    )
    .unwrap();
    let outcome = build(project.path());
    assert!(outcome.value.is_some());
    assert!(
        outcome
            .diagnostics
            .iter()
            .any(|d| !d.is_error() && d.message.contains("QR-codes")),
        "the build warns once"
    );
    let pdf = project
        .path()
        .join("output/zorggroep-maasland/placemat.pdf");
    assert!(qr_urls(&pdf).is_empty());
    assert_contains(&text(&pdf), "op de website van de menukaart", "maasland A3");
}

/// A generated national-style project (ordinary text lengths, see
/// `tools/gen_national.py`) with one region of `per_region` interventions.
fn generated(interventions: usize, per_region: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(repo().join("tools/gen_national.py"))
        .arg("--out")
        .arg(dir.path())
        .args(["--seed", "11", "--regions", "1"])
        .args(["--interventions", &interventions.to_string()])
        .args(["--per-region", &per_region.to_string()])
        .status()
        .expect("python3 runs the generator");
    assert!(status.success());
    dir
}

/// Every font size set in the PDF's content streams (`/F 7 Tf`).
fn font_sizes(pdf: &Path) -> Vec<f32> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut sizes = Vec::new();
    for (_, page) in doc.get_pages() {
        let content = doc.get_and_decode_page_content(page).unwrap();
        for op in content.operations {
            if op.operator == "Tf" {
                if let Some(size) = op.operands.get(1).and_then(|o| o.as_float().ok()) {
                    sizes.push(size);
                }
            }
        }
    }
    sizes
}

#[test]
fn twenty_ordinary_interventions_fit_on_two_sheets_never_below_the_minimum() {
    for seed_project in [generated(40, 20), generated(60, 20)] {
        let output = built(seed_project.path());
        let region = fs::read_dir(&output)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.join("placemat-a4.pdf").is_file())
            .expect("a region folder");
        for (paper, minimum) in [("placemat-a4.pdf", 7.0), ("placemat.pdf", 8.0)] {
            let pdf = region.join(paper);
            let sizes = font_sizes(&pdf);
            assert!(!sizes.is_empty(), "{paper}: no text");
            let smallest = sizes.iter().copied().fold(f32::MAX, f32::min);
            assert!(
                smallest >= minimum - 0.001,
                "{paper}: {smallest} pt < {minimum} pt"
            );
            assert_inside_and_apart(&pdf, 5.0 * 72.0 / 25.4);
            let text = text(&pdf);
            assert_eq!(
                text.matches("Kosten voor de patiënt").count(),
                20,
                "{paper}: every card has its cost line"
            );
        }
        // The menu on the front names all twenty; the details follow.
        let front = stdout_ok(
            "pdftotext",
            &[
                "-raw",
                "-enc",
                "UTF-8",
                "-f",
                "1",
                "-l",
                "1",
                path(&region.join("placemat-a4.pdf")),
                "-",
            ],
        );
        assert_eq!(
            front.matches("Kosten voor de patiënt").count(),
            0,
            "the front is the menu, not the details"
        );
        let info = stdout_ok("pdfinfo", &[path(&region.join("placemat-a4.pdf"))]);
        assert!(
            ["2", "3", "4"]
                .iter()
                .any(|n| info.contains(&format!("Pages:           {n}"))),
            "twenty on A4: menu and details on at most two sheets\n{info}"
        );
    }
}

#[test]
fn too_many_interventions_for_two_sheets_fail_with_how_many_fit() {
    let project = generated(90, 90);
    // A size the region asks for is an error when it does not fit.
    ask_for(project.path(), "[\"A4\"]");
    let outcome = build(project.path());
    assert!(outcome.value.is_none(), "the build fails");
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    let a4 = errors
        .iter()
        .find(|d| d.message.contains("(A4)"))
        .unwrap_or_else(|| panic!("no A4 error in {errors:?}"));
    let prefix =
        "de placemat (A4) van Zorggroep 001 past niet op twee vellen: bij de kleinste letter (7 pt) passen ";
    assert!(a4.message.starts_with(prefix), "{}", a4.message);
    let rest = &a4.message[prefix.len()..];
    let fitting: usize = rest.split(' ').next().unwrap().parse().unwrap();
    assert!(rest.ends_with(" van de 90 interventies"), "{}", a4.message);
    assert!(fitting > 20 && fitting < 90, "{}", a4.message);
    let slug = a4.location.as_ref().unwrap().file.clone();
    assert!(slug.starts_with("regions"), "{slug:?}");
    let hint = a4.hint.as_deref().unwrap_or_default();
    assert!(
        hint.contains("minder interventies") && hint.contains("[placemat.a4]"),
        "{hint}"
    );
    // `check` says the same, before anything is built.
    assert!(menukaart::check(project.path(), TODAY)
        .diagnostics
        .iter()
        .any(|d| d.message == a4.message));

    // The count is exact: the first `fitting` interventions fit on A4 and
    // build, one more does not. Nothing was written by the failed build,
    // and a failed build leaves the earlier placemats as they were.
    assert!(!project.path().join("output").exists());
    let region_file = project.path().join(&slug);
    let full = fs::read_to_string(&region_file).unwrap();
    let keep_first = |n: usize| {
        let mut parts = full.split("\n[[interventie]]");
        let head = parts.next().unwrap().to_string();
        parts
            .take(n)
            .fold(head, |acc, p| acc + "\n[[interventie]]" + p)
    };
    fs::write(&region_file, keep_first(fitting)).unwrap();
    let output = built(project.path());
    let region_dir = output.join(slug.file_stem().unwrap());
    let a4_file = region_dir.join("placemat-a4.pdf");
    let before = fs::read(&a4_file).unwrap();
    fs::write(&region_file, keep_first(fitting + 1)).unwrap();
    let outcome = build(project.path());
    assert!(outcome.value.is_none());
    assert!(outcome
        .diagnostics
        .iter()
        .any(|d| d.message.contains("(A4)")
            && d.message
                .contains(&format!("passen {fitting} van de {}", fitting + 1))));
    assert_eq!(fs::read(&a4_file).unwrap(), before, "old output untouched");
}

#[test]
fn very_long_texts_fit_on_a3_with_nothing_outside_the_page() {
    let project = fixture("placemat-lang");
    let output = built(project.path());
    let regions = expected(project.path());
    let region = &regions[0];
    for (paper, pdf) in placemats(&output, &region.slug) {
        // The theme's margins are 10 mm (A3) and 7 mm (A4); 5 mm is what any printer needs.
        assert_inside_and_apart(&pdf, 5.0 * 72.0 / 25.4);
        let text = text(&pdf);
        let what = format!("lang {}", paper.label());
        assert_contains(&text, &region.naam, &what);
        for item in &region.items {
            assert_contains(&text, &item.naam, &what);
            assert_contains(&text, &item.doelgroep, &what);
            for part in &item.aanmelding {
                assert_contains(&text, part, &what);
            }
        }
        assert!(text.contains("≥") && text.contains("€") && text.contains("–"));
        assert_eq!(
            qr_urls(&pdf),
            region.items.iter().map(|i| i.url.clone()).collect(),
            "{what}: QR codes"
        );
    }
}

#[test]
fn the_example_placemats_keep_their_text_apart_and_on_the_page() {
    let project = example();
    let output = built(project.path());
    for region in expected(project.path()) {
        for (_, pdf) in placemats(&output, &region.slug) {
            assert_inside_and_apart(&pdf, 5.0 * 72.0 / 25.4);
        }
    }
}

#[test]
fn layout_keeps_every_item_inside_its_card_and_cards_apart() {
    // The display list, before it becomes a PDF: cards do not overlap,
    // each card's text and QR code stay in the card, all inside the body.
    init();
    let project = fixture("placemat-lang");
    let mut diags = Diagnostics::default();
    let theme = Theme::load(project.path(), "default", &mut diags).unwrap();
    let renderer = PlacematRenderer::new(&theme).unwrap();
    let data = menukaart::check(project.path(), TODAY).value.unwrap();
    let catalogue = resolve::catalogue(&data);
    let menus = resolve::resolve(&data, &catalogue, TODAY);
    let ctx = Context {
        titel: "Menukaart leefstijl",
        base_url: Some(BASE_URL),
        created: time::OffsetDateTime::from_unix_timestamp(EPOCH).unwrap(),
    };
    for paper in Paper::ALL {
        let page = renderer.layout(&menus[0], paper, &ctx).unwrap();
        let page_rect = menukaart::render::placemat::page::Rect {
            x: 0.0,
            y: 0.0,
            w: page.width,
            h: page.height,
        };
        for (i, a) in page.cards.iter().enumerate() {
            assert!(a.w > 0.0 && a.h > 0.0, "card {i} placed");
            assert!(page.body.contains(a, 0.01), "card {i} inside the body");
            for (j, b) in page.cards.iter().enumerate().skip(i + 1) {
                if page.card_sides[i] == page.card_sides[j] {
                    assert!(!a.overlaps(b, 0.01), "cards overlap: {a:?} {b:?}");
                }
            }
        }
        // Side 0 is the front (the menu); the cards are on sides 1 and on.
        let sides: Vec<(usize, &Vec<_>)> = std::iter::once(&page.items)
            .chain(&page.back)
            .enumerate()
            .collect();
        for (side, item) in sides
            .iter()
            .flat_map(|(s, items)| items.iter().map(move |i| (*s, i)))
        {
            let bounds = item.bounds(renderer.fonts());
            assert!(
                page_rect.contains(&bounds, 0.01),
                "{item:?} leaves the page"
            );
            let center_x = bounds.x + bounds.w / 2.0;
            let center_y = bounds.y + bounds.h / 2.0;
            if let Some(card) = page.cards.iter().zip(&page.card_sides).find_map(|(c, &s)| {
                (s == side
                    && center_x > c.x
                    && center_x < c.right()
                    && center_y > c.y
                    && center_y < c.bottom())
                .then_some(c)
            }) {
                assert!(
                    card.contains(&bounds, 0.8),
                    "{item:?} sticks out of {card:?}"
                );
            }
        }
        assert_eq!(page.qrs.len(), menus[0].items.len());
    }
}

#[test]
fn two_builds_with_the_same_source_date_epoch_are_identical() {
    let project = example();
    let first = project.path().join("first");
    let second = project.path().join("second");
    assert!(build_into(project.path(), &first).value.is_some());
    assert!(build_into(project.path(), &second).value.is_some());
    for region in expected(project.path()) {
        for paper in Paper::ALL {
            let file = Path::new(&region.slug).join(paper.file_name());
            let a = fs::read(first.join(&file)).unwrap();
            let b = fs::read(second.join(&file)).unwrap();
            assert!(a == b, "{} differs between two builds", file.display());
            assert!(
                a.len() < 150 * 1024,
                "{}: {} bytes",
                file.display(),
                a.len()
            );
        }
    }
}

#[test]
fn the_region_page_links_to_both_placemats() {
    let project = example();
    let output = built(project.path());
    for region in expected(project.path()) {
        let html = fs::read_to_string(output.join(&region.slug).join("index.html")).unwrap();
        assert!(html.contains("href=\"placemat.pdf\""), "{}", region.slug);
        assert!(html.contains("href=\"placemat-a4.pdf\""), "{}", region.slug);
        assert!(html.contains("<h2 id=\"placemat-kop\">Printen</h2>"));
    }
}

/// Pixels of a page rendered by pdftoppm (PPM), for looking at colours.
fn pixels(pdf: &Path, page: usize) -> (usize, usize, Vec<u8>) {
    let out = run(
        "pdftoppm",
        &[
            "-r",
            "20",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            path(pdf),
        ],
    );
    let data = out.stdout;
    // "P6\nW H\n255\n" then RGB bytes.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while data[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P6");
    let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, data[at + 1..].to_vec())
}

#[test]
fn an_expired_placemat_says_so_in_a_red_band_and_coaches_stand_in_a_table() {
    let project = example();
    init();
    let outcome = menukaart::build(&BuildOptions {
        root: project.path().to_path_buf(),
        output: Some(project.path().join("output")),
        base_url: None,
        regions: Vec::new(),
        today: time::macros::date!(2028 - 02 - 01),
        render: Default::default(),
    });
    assert!(outcome.value.is_some(), "{}", common::messages(&outcome));
    for paper in ["placemat.pdf", "placemat-a4.pdf"] {
        let pdf = project
            .path()
            .join("output/zorggroep-kempenrand")
            .join(paper);
        let text = text(&pdf);
        assert_contains(
            &text,
            "Let op: deze placemat is verlopen (geldig tot 31 december 2027).",
            paper,
        );
        // The band: a good share of the top tenth of the page is dark red.
        let (w, h, rgb) = pixels(&pdf, 1);
        let top = h / 10;
        let red = rgb[..w * top * 3]
            .chunks(3)
            .filter(|p| p[0] > 120 && p[1] < 40 && p[2] < 60)
            .count();
        assert!(
            red * 5 > w * top,
            "{paper}: {red} red pixels of {}",
            w * top
        );
        // Every buurtsportcoach address is whole on one line.
        for line in [
            "buurtsportcoach@eersel-beweegt.example.nl",
            "Buurtsportcoach Eersel",
        ] {
            assert!(
                text.lines().any(|l| l.contains(line)),
                "{paper}: {line:?} is broken over lines"
            );
        }
    }
}

/// The text of one page, in content order.
fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    stdout_ok(
        "pdftotext",
        &["-raw", "-enc", "UTF-8", "-f", &n, "-l", &n, path(pdf), "-"],
    )
}

/// The QR codes on one page.
fn qr_urls_on(pdf: &Path, page: usize) -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("side.pdf");
    let n = page.to_string();
    let out = run("qpdf", &[path(pdf), "--pages", ".", &n, "--", path(&one)]);
    assert!(
        out.status.success(),
        "qpdf: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    qr_urls(&one)
}

/// The e-mail addresses a region's placemat shows in its footer: the
/// zorggroep's contact and each gemeente's buurtsportcoach.
fn footer_emails(file: &Path) -> BTreeSet<String> {
    let region: toml::Table = fs::read_to_string(file).unwrap().parse().unwrap();
    let mut out = BTreeSet::new();
    if let Some(e) = region["contact"].get("email").and_then(|e| e.as_str()) {
        out.insert(e.to_string());
    }
    for gemeente in region["gemeente"].as_array().into_iter().flatten() {
        if let Some(e) = gemeente
            .get("buurtsportcoach")
            .and_then(|b| b.get("email"))
            .and_then(|e| e.as_str())
        {
            out.insert(e.to_string());
        }
    }
    out
}

/// The front answers the huisarts's question at a glance: every
/// intervention of the region by name, with the patient's cost in a few
/// words, the way in and the QR code of its page; the details are not
/// there but on the back. And no e-mail address breaks over two lines,
/// on any side.
#[test]
fn the_front_is_the_menu_and_addresses_stay_whole() {
    let project = example();
    let output = built(project.path());
    let data = menukaart::check(project.path(), TODAY).value.unwrap();
    let catalogue = resolve::catalogue(&data);
    let menus = resolve::resolve(&data, &catalogue, TODAY);
    for menu in &menus {
        let slug = menu.regio.slug.to_string();
        let mut emails = footer_emails(&project.path().join(format!("regions/{slug}.toml")));
        for item in &menu.items {
            emails.extend(item.aanmelding.email.map(str::to_string));
        }
        assert!(emails.len() >= 3, "{slug}: {emails:?}");
        for (paper, pdf) in placemats(&output, &slug) {
            let what = format!("{slug} {}", paper.label());
            let front = page_text(&pdf, 1);
            assert!(
                !front.contains("Kosten voor de patiënt"),
                "{what}: the front has no detail cards"
            );
            for item in &menu.items {
                assert_contains(&front, item.interventie.naam, &what);
                let cost = menu::kosten_kort(item);
                let way = menu::weg_in(item);
                assert!(
                    [
                        "geen kosten",
                        "eigen risico",
                        "eigen bijdrage",
                        "zelf betalen",
                        "vraag na"
                    ]
                    .iter()
                    .any(|word| cost.contains(word)),
                    "{what}: {cost}"
                );
                assert_contains(&front, &cost, &what);
                assert_contains(&front, way, &what);
                // The cost word is the one the site's cost sentence derives.
                for v in &item.vergoedingen {
                    assert!(cost.contains(v.kosten.kort.label()), "{what}: {cost}");
                }
            }
            assert_eq!(
                qr_urls_on(&pdf, 1),
                menu.items
                    .iter()
                    .map(|i| format!("{BASE_URL}{}", i.pad))
                    .collect(),
                "{what}: one QR code per intervention on the front"
            );
            let pages = pages(&pdf).len();
            for page in 1..=pages {
                let text = page_text(&pdf, page);
                for email in &emails {
                    if squash(&text).contains(email.as_str()) {
                        assert!(
                            text.lines().any(|l| l.contains(email.as_str())),
                            "{what} side {page}: {email} is broken over two lines"
                        );
                    }
                }
            }
            // Each address is somewhere on the sheet.
            let all = text(&pdf);
            for email in &emails {
                assert_contains(&all, email, &what);
            }
        }
    }
}

/// The generated project's one region file.
fn region_file(root: &Path) -> PathBuf {
    fs::read_dir(root.join("regions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "toml"))
        .expect("a region")
}

/// Puts `placemat = <sizes>` at the top of the generated region.
fn ask_for(root: &Path, sizes: &str) {
    let file = region_file(root);
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, format!("placemat = {sizes}\n{text}")).unwrap();
}

fn placemat_links(page: &Path) -> Vec<String> {
    let html = fs::read_to_string(page).unwrap();
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.contains("placemat"))
        .map(str::to_string)
        .collect()
}

/// Thirty ordinary interventions fit on an A3 but not on an A4: by
/// default the build warns, says how many would fit, writes the A3 only,
/// and the pages link only the A3. Asked for explicitly, the A4 is an
/// error.
#[test]
fn a_default_a4_that_does_not_fit_is_left_out_with_a_warning() {
    let project = generated(60, 30);
    let outcome = build(project.path());
    let messages = common::messages(&outcome);
    assert!(outcome.value.is_some(), "{messages}");
    let warning = outcome
        .diagnostics
        .iter()
        .find(|d| !d.is_error() && d.message.contains("(A4)"))
        .unwrap_or_else(|| panic!("no A4 warning in {messages}"));
    assert!(
        warning.message.contains("passen ") && warning.message.contains(" van de 30 interventies"),
        "{}",
        warning.message
    );
    assert!(
        warning.message.contains("alleen een A3-placemat"),
        "{}",
        warning.message
    );
    assert!(warning
        .hint
        .as_deref()
        .unwrap_or("")
        .contains("placemat = [\"A3\"]"));
    let slug = region_file(project.path())
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let dir = project.path().join("output").join(&slug);
    assert!(dir.join("placemat.pdf").is_file());
    assert!(!dir.join("placemat-a4.pdf").exists(), "no A4 written");
    assert_eq!(placemat_links(&dir.join("index.html")), ["placemat.pdf"]);
    let item = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.join("index.html").is_file() && p.join("folder.pdf").is_file())
        .expect("an intervention page");
    assert_eq!(
        placemat_links(&item.join("index.html")),
        ["../placemat.pdf"]
    );

    // Asked for by name, the same A4 stops the build.
    ask_for(project.path(), "[\"A3\", \"A4\"]");
    let outcome = build(project.path());
    assert!(outcome.value.is_none(), "an A4 asked for must fit");
    assert!(outcome
        .diagnostics
        .iter()
        .any(|d| d.is_error() && d.message.contains("(A4)")));
}

/// A region, or menukaart.toml for all, chooses its sizes; the pages link
/// exactly those.
#[test]
fn regions_choose_their_placemat_sizes() {
    let project = example();
    let root = project.path();
    let region = root.join("regions/zorggroep-maasland.toml");
    let text = fs::read_to_string(&region).unwrap();
    fs::write(&region, format!("placemat = [\"A4\"]\n{text}")).unwrap();
    let config = root.join("menukaart.toml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace(
            "theme = \"default\"",
            "theme = \"default\"\nplacemat = [\"A3\"]",
        ),
    )
    .unwrap();
    let output = built(root);
    let maasland = output.join("zorggroep-maasland");
    let kempenrand = output.join("zorggroep-kempenrand");
    assert!(maasland.join("placemat-a4.pdf").is_file() && !maasland.join("placemat.pdf").exists());
    assert!(
        kempenrand.join("placemat.pdf").is_file() && !kempenrand.join("placemat-a4.pdf").exists()
    );
    assert_eq!(
        placemat_links(&maasland.join("index.html")),
        ["placemat-a4.pdf"]
    );
    assert_eq!(
        placemat_links(&kempenrand.join("index.html")),
        ["placemat.pdf"]
    );
}
