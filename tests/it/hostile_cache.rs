//! The placemat cache under attack (issue 22, item 1): a planted link, a
//! linked cache folder, a named pipe or a huge file in the cache must never
//! make a build read, write or delete anything outside the project's cache
//! folder, hang, or publish a file that is not a placemat it made; entries
//! the last build did not use are pruned.

use crate::common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::Fixture;

const CACHE: &str = ".menukaart-cache/placemats";

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The cache's entries (files named `<key>.pdf`), sorted.
fn entries(fx: &Fixture) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(fx.root().join(CACHE))
        .map(|e| e.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    found.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
    found.sort();
    found
}

/// A built basis fixture (one region: two placemats, two cache entries).
fn built() -> Fixture {
    let fx = Fixture::copy("basis");
    let out = fx.run_ok(&["build"]);
    assert!(
        stdout(&out).contains("(2 placemats gemaakt, 0 hergebruikt)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(entries(&fx).len(), 2);
    fx
}

/// Bytes that pass for a whole PDF by its first and last bytes.
fn fake_pdf(what: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% {what}\n%%EOF\n").into_bytes()
}

/// Runs a build that must finish within a minute (a hang fails the test
/// instead of the whole suite).
fn build_within_a_minute(fx: &Fixture) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_menukaart"))
        .args(["build", "--root"])
        .arg(fx.root())
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run menukaart");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the build hung");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("output")
}

fn placemats(fx: &Fixture) -> Vec<Vec<u8>> {
    ["placemat.pdf", "placemat-a4.pdf"]
        .iter()
        .map(|f| fs::read(fx.output().join("zorggroep-test").join(f)).unwrap())
        .collect()
}

#[test]
fn a_planted_link_as_cache_entry_is_never_followed_or_published() {
    let fx = built();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("geheim.pdf");
    fs::write(&victim, fake_pdf("not a placemat")).unwrap();
    for entry in entries(&fx) {
        fs::remove_file(&entry).unwrap();
        symlink(&victim, &entry).unwrap();
    }

    let out = fx.run_ok(&["build"]);
    assert!(
        stdout(&out).contains("(2 placemats gemaakt, 0 hergebruikt)"),
        "a link must not count as a cached placemat: {}",
        stdout(&out)
    );
    for pdf in placemats(&fx) {
        assert_ne!(pdf, fake_pdf("not a placemat"), "the link was followed");
        assert!(pdf.len() > 1000);
    }
    assert_eq!(fs::read(&victim).unwrap(), fake_pdf("not a placemat"));
    assert!(
        stderr(&out).contains("geen gewoon bestand"),
        "the link is reported: {}",
        stderr(&out)
    );
}

#[test]
fn a_linked_cache_folder_is_reported_never_read_written_or_tidied() {
    let fx = Fixture::copy("basis");
    let outside = tempfile::tempdir().unwrap();
    // A day-old "temporary file" elsewhere that tidying must not touch.
    let stale = outside.path().join(".iets.tmp");
    fs::write(&stale, "van iemand anders").unwrap();
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(3 * 24 * 3600))
        .unwrap();
    fs::create_dir_all(fx.root().join(".menukaart-cache")).unwrap();
    symlink(outside.path(), fx.root().join(CACHE)).unwrap();

    let out = fx.run_ok(&["build"]);
    let listing: Vec<_> = fs::read_dir(outside.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        listing,
        vec![".iets.tmp"],
        "nothing written or removed there"
    );
    assert!(
        stderr(&out).contains(CACHE) && stderr(&out).contains("koppeling"),
        "the linked folder is reported: {}",
        stderr(&out)
    );
    // The same for a link one level up.
    let fx = Fixture::copy("basis");
    symlink(outside.path(), fx.root().join(".menukaart-cache")).unwrap();
    fs::create_dir_all(outside.path().join("placemats")).unwrap();
    let out = fx.run_ok(&["build"]);
    assert!(stderr(&out).contains("koppeling"), "{}", stderr(&out));
    assert_eq!(
        fs::read_dir(outside.path().join("placemats"))
            .unwrap()
            .count(),
        0
    );
    assert!(stale.is_file());
}

#[test]
fn a_named_pipe_as_cache_entry_never_hangs_the_build() {
    let fx = built();
    let entry = entries(&fx).remove(0);
    fs::remove_file(&entry).unwrap();
    let made = Command::new("mkfifo").arg(&entry).status().unwrap();
    assert!(made.success());

    let out = build_within_a_minute(&fx);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("(1 placemat gemaakt, 1 hergebruikt)"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("geen gewoon bestand"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_huge_cache_entry_is_not_read_or_published() {
    let fx = built();
    let entry = entries(&fx).remove(0);
    // 80 MB that start and end like a PDF; sparse, so cheap to make.
    let mut file = fs::File::create(&entry).unwrap();
    use std::io::{Seek, SeekFrom, Write};
    file.write_all(b"%PDF-1.7\n").unwrap();
    file.seek(SeekFrom::Start(80 << 20)).unwrap();
    file.write_all(b"\n%%EOF\n").unwrap();
    drop(file);

    let out = fx.run_ok(&["build"]);
    assert!(
        stdout(&out).contains("(1 placemat gemaakt, 1 hergebruikt)"),
        "{}",
        stdout(&out)
    );
    for pdf in placemats(&fx) {
        assert!(pdf.len() < 10 << 20, "a huge entry was published");
    }
    assert!(fs::metadata(&entry).unwrap().len() < 10 << 20, "replaced");
}

#[test]
fn entries_the_last_build_did_not_use_are_pruned_foreign_files_stay() {
    let fx = built();
    let first = entries(&fx);
    let notes = fx.root().join(CACHE).join("aantekeningen.txt");
    fs::write(&notes, "van de beheerder").unwrap();
    fx.edit(
        "interventions/gli-cool.md",
        "samenvatting = \"",
        "samenvatting = \"Anders: ",
    );
    let out = fx.run_ok(&["build"]);
    let second = entries(&fx);
    assert_eq!(
        second.len(),
        2,
        "only the entries this build used: {second:?}"
    );
    assert!(first.iter().all(|e| !second.contains(e)), "old ones pruned");
    assert_eq!(fs::read_to_string(&notes).unwrap(), "van de beheerder");
    assert!(
        stderr(&out).contains("aantekeningen.txt"),
        "a file that is not ours is reported: {}",
        stderr(&out)
    );

    // A build of some regions or without placemats prunes nothing.
    fx.run_ok(&["build", "--geen-placemats"]);
    assert_eq!(entries(&fx), second);
}

/// Pruning never removes what is not a regular file of ours (a link named
/// like an entry is left, and so is its target).
#[test]
fn pruning_never_follows_a_link() {
    let fx = built();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("bewaar.pdf");
    fs::write(&victim, fake_pdf("keep")).unwrap();
    let planted = fx
        .root()
        .join(CACHE)
        .join(format!("{}.pdf", "ab".repeat(32)));
    symlink(&victim, &planted).unwrap();
    fx.run_ok(&["build"]);
    assert!(victim.is_file());
    assert!(is_link(&planted), "a link is reported and left, not tidied");
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}
