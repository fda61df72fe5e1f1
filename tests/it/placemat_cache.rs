//! The placemat cache: an unchanged placemat is reused, an edited
//! intervention's placemats are made again, a stale or broken entry is
//! never used, and a killed build leaves no broken cache behind.

use crate::common;

use std::fs;
use std::process::Command;

use common::Fixture;

fn build(fx: &Fixture) -> String {
    String::from_utf8_lossy(&fx.run_ok(&["build"]).stdout).into_owned()
}

fn placemat(fx: &Fixture, slug: &str, file: &str) -> Vec<u8> {
    fs::read(fx.output().join(slug).join(file)).unwrap()
}

fn text(fx: &Fixture, slug: &str) -> String {
    let out = Command::new("pdftotext")
        .arg(fx.output().join(slug).join("placemat-a4.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by .ci/run");
    String::from_utf8_lossy(&out.stdout).replace('\n', " ")
}

fn cache_entries(fx: &Fixture) -> Vec<std::path::PathBuf> {
    let dir = fx.root().join(".menukaart-cache/placemats");
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map(|e| e.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

#[test]
fn unchanged_placemats_are_reused_and_edited_ones_made_again() {
    let fx = Fixture::example();
    let first = build(&fx);
    assert!(
        first.contains("(4 placemats gemaakt, 0 hergebruikt)"),
        "{first}"
    );
    assert_eq!(cache_entries(&fx).len(), 4);
    let before = placemat(&fx, "zorggroep-kempenrand", "placemat.pdf");

    let second = build(&fx);
    assert!(
        second.contains("(0 placemats gemaakt, 4 hergebruikt)"),
        "{second}"
    );
    assert_eq!(
        placemat(&fx, "zorggroep-kempenrand", "placemat.pdf"),
        before
    );

    // Keer Diabetes2 Om (online) is on Maasland's menukaart only.
    fx.edit(
        "interventions/keer-diabetes2-om.md",
        "samenvatting = \"",
        "samenvatting = \"Vernieuwd: ",
    );
    let third = build(&fx);
    assert!(
        third.contains("(2 placemats gemaakt, 2 hergebruikt)"),
        "{third}"
    );
    assert!(
        text(&fx, "zorggroep-maasland").contains("Vernieuwd:"),
        "the new text is used"
    );
    assert!(!text(&fx, "zorggroep-kempenrand").contains("Vernieuwd:"));
    assert_eq!(
        placemat(&fx, "zorggroep-kempenrand", "placemat.pdf"),
        before
    );

    // The third build pruned the entries it did not use: the cache holds
    // one build's placemats, not every one ever made.
    assert_eq!(cache_entries(&fx).len(), 4);

    // Back to the old text: its entries were pruned, so Maasland's are
    // made again; Kempenrand's are still reused.
    fx.edit(
        "interventions/keer-diabetes2-om.md",
        "samenvatting = \"Vernieuwd: ",
        "samenvatting = \"",
    );
    let fourth = build(&fx);
    assert!(
        fourth.contains("(2 placemats gemaakt, 2 hergebruikt)"),
        "{fourth}"
    );
    assert_eq!(cache_entries(&fx).len(), 4);
    assert!(!text(&fx, "zorggroep-maasland").contains("Vernieuwd:"));
}

#[test]
fn broken_entries_and_leftovers_of_killed_builds_are_never_used() {
    let fx = Fixture::example();
    build(&fx);
    let entries = cache_entries(&fx);
    assert_eq!(entries.len(), 4);
    // A killed build: one entry cut short, one emptied, and a temporary
    // file that was never renamed into place.
    let whole = fs::read(&entries[0]).unwrap();
    fs::write(&entries[0], &whole[..whole.len() / 2]).unwrap();
    fs::write(&entries[1], b"").unwrap();
    let leftover = entries[2].with_file_name(".half.123.tmp");
    fs::write(&leftover, b"%PDF-1.7 half").unwrap();

    let out = build(&fx);
    assert!(
        out.contains("(2 placemats gemaakt, 2 hergebruikt)"),
        "{out}"
    );
    for slug in ["zorggroep-kempenrand", "zorggroep-maasland"] {
        for file in ["placemat.pdf", "placemat-a4.pdf"] {
            let pdf = fx.output().join(slug).join(file);
            let check = Command::new("qpdf")
                .arg("--check")
                .arg(&pdf)
                .output()
                .expect("qpdf is installed by .ci/run");
            assert!(check.status.success(), "{}: not a whole PDF", pdf.display());
        }
    }
    // The broken entries were replaced by whole ones.
    assert_eq!(fs::read(&entries[0]).unwrap().len(), whole.len());
    assert!(fs::metadata(&entries[1]).unwrap().len() > 1000);
}

#[test]
fn check_writes_no_cache() {
    let fx = Fixture::example();
    let out = fx.run(&["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!fx.root().join(".menukaart-cache").exists());
}
