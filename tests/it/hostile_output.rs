//! Writing `output/` in a hostile world: the output is a symlink to a deploy
//! folder, a build is killed with `kill -9` at any moment, several builds run
//! at once. After each of these `output/` must be a whole site (the previous
//! one or the new one), later builds must work, and nothing menukaart did not
//! make may be deleted.

use crate::common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use common::{snapshot, Fixture};

const MARKER: &str = menukaart::write::MARKER;

/// Runs the real binary without placemats: they are not what these tests
/// are about, and leaving them out keeps each build short.
fn build(fx: &Fixture) -> Output {
    fx.run(&["build", "--geen-placemats"])
}

fn assert_ok(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Names in `dir` that a build leaves only when something went wrong.
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".bouw-") || n.ends_with(".oud"))
        .collect()
}

/// A folder as a killed build would leave it: our marker plus some pages.
fn fake_generation(dir: &Path) {
    fs::create_dir_all(dir.join("interventies/oud")).unwrap();
    fs::write(dir.join(MARKER), "menukaart").unwrap();
    fs::write(dir.join("interventies/oud/index.html"), "<p>oud</p>").unwrap();
}

#[test]
fn symlinked_output_stays_a_link_and_its_target_gets_the_site() {
    let fx = Fixture::copy("basis");
    let deploy = fx.root().join("publiek/www");
    fs::create_dir_all(&deploy).unwrap();
    symlink(&deploy, fx.output()).unwrap();

    for round in 0..2 {
        if round == 1 {
            // The second build must replace, not add to, the first one.
            fs::remove_file(fx.root().join("interventions/slaapcursus.md")).unwrap();
        }
        assert_ok(&build(&fx));
        let meta = fs::symlink_metadata(fx.output()).unwrap();
        assert!(meta.file_type().is_symlink(), "output/ is no longer a link");
        assert_eq!(fs::read_link(fx.output()).unwrap(), deploy);
        assert!(deploy.join(MARKER).is_file());
        assert!(deploy.join("interventies/gli-cool/index.html").is_file());
        assert_eq!(
            deploy.join("interventies/slaapcursus").exists(),
            round == 0,
            "round {round}"
        );
        assert!(
            leftovers(fx.root()).is_empty(),
            "{:?}",
            leftovers(fx.root())
        );
        assert!(
            leftovers(&fx.root().join("publiek")).is_empty(),
            "{:?}",
            leftovers(&fx.root().join("publiek"))
        );
    }
}

#[test]
fn relative_symlink_to_a_folder_that_does_not_exist_yet_is_created() {
    let fx = Fixture::copy("basis");
    fs::create_dir_all(fx.root().join("publiek")).unwrap();
    symlink("publiek/site", fx.output()).unwrap();
    assert_ok(&build(&fx));
    assert!(fs::symlink_metadata(fx.output())
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fx.root().join("publiek/site/index.html").is_file());
}

#[test]
fn symlinked_output_with_foreign_files_in_its_target_is_refused() {
    let fx = Fixture::copy("basis");
    let deploy = fx.root().join("publiek/www");
    fs::create_dir_all(&deploy).unwrap();
    fs::write(deploy.join("notities.txt"), "van de gebruiker").unwrap();
    symlink(&deploy, fx.output()).unwrap();
    let before = snapshot(&deploy);

    let out = build(&fx);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bevat bestanden die menukaart niet heeft gemaakt"),
        "{stderr}"
    );
    assert_eq!(snapshot(&deploy), before, "the user's folder was changed");
    assert!(fs::symlink_metadata(fx.output())
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn symlinks_inside_the_old_output_are_removed_not_followed() {
    let fx = Fixture::copy("basis");
    assert_ok(&build(&fx));
    let keep = fx.root().join("bewaren");
    fs::create_dir_all(keep.join("sub")).unwrap();
    fs::write(keep.join("sub/brief.txt"), "blijft").unwrap();
    fs::write(keep.join("los.txt"), "blijft ook").unwrap();
    symlink(&keep, fx.output().join("extern")).unwrap();
    symlink(keep.join("los.txt"), fx.output().join("los.txt")).unwrap();
    symlink(&keep, fx.output().join("interventies/extern")).unwrap();

    assert_ok(&build(&fx));
    assert_eq!(
        fs::read_to_string(keep.join("sub/brief.txt")).unwrap(),
        "blijft"
    );
    assert_eq!(
        fs::read_to_string(keep.join("los.txt")).unwrap(),
        "blijft ook"
    );
    assert!(fs::symlink_metadata(fx.output().join("extern")).is_err());
}

#[test]
fn leftovers_of_killed_builds_are_cleaned_but_foreign_folders_stay() {
    let fx = Fixture::copy("basis");
    assert_ok(&build(&fx));
    // What older and newer killed builds leave: the fixed old-generation
    // name, a half-filled staging folder and an old generation next to one.
    for name in [
        ".output.oud",
        ".output.bouw-4000001-17",
        ".output.bouw-4000002-18.oud",
    ] {
        fake_generation(&fx.root().join(name));
    }
    // Killed right after creating its folder, before writing the marker.
    fs::create_dir(fx.root().join(".output.bouw-4000003-19")).unwrap();
    // Looks like ours by name, but lacks the marker: never deleted.
    let foreign = fx.root().join(".output.bouw-van-iemand-anders");
    fs::create_dir_all(&foreign).unwrap();
    fs::write(foreign.join("dagboek.txt"), "privé").unwrap();

    let out = build(&fx);
    assert_ok(&out);
    let mut left = leftovers(fx.root());
    left.sort();
    assert_eq!(left, [".output.bouw-van-iemand-anders"]);
    assert_eq!(
        fs::read_to_string(foreign.join("dagboek.txt")).unwrap(),
        "privé"
    );
    assert!(fx
        .output()
        .join("interventies/gli-cool/index.html")
        .is_file());
}

#[test]
fn previous_site_parked_by_a_killed_build_comes_back() {
    // A build killed between moving the old site aside and moving the new
    // one in (possible where the atomic exchange is unsupported) leaves no
    // output/ at all; the next build puts the old site back first, so a
    // failing build still leaves the previous site in place.
    let fx = Fixture::copy("basis");
    let parked = fx.root().join(".output.bouw-4000004-20.oud");
    fake_generation(&parked);
    let before = snapshot(&parked);

    let staging = menukaart::write::Staging::create(&fx.output()).unwrap();
    staging.write("half.html", b"<p>half</p>").unwrap();
    drop(staging); // the render failed

    assert_eq!(snapshot(&fx.output()), before);
    assert!(
        leftovers(fx.root()).is_empty(),
        "{:?}",
        leftovers(fx.root())
    );
}

/// What a build killed while rewriting the kept buffer leaves: no stamp, a
/// page cut off halfway, a page and a folder that no longer belong. The
/// next build must not trust any of it, and the output never sees it.
#[test]
fn half_rewritten_buffer_is_scratch_for_the_next_build() {
    let fx = Fixture::copy("basis");
    assert_ok(&build(&fx));
    assert_ok(&build(&fx));
    let site = snapshot(&fx.output());
    let buffer = fx.root().join(".output.vorige");
    let stamp = fx.root().join(".output.vorige.heel");
    assert!(stamp.is_file(), "no stamp after two builds");

    fs::remove_file(&stamp).unwrap();
    let page = buffer.join("interventies/gli-cool/index.html");
    let text = fs::read(&page).unwrap();
    fs::write(&page, &text[..text.len() / 2]).unwrap();
    fs::create_dir_all(buffer.join("interventies/weg")).unwrap();
    fs::write(buffer.join("interventies/weg/index.html"), "<p>weg</p>").unwrap();
    fs::create_dir_all(buffer.join("leeg/dieper")).unwrap();
    assert_eq!(snapshot(&fx.output()), site);

    // This build rewrites the damaged buffer and swaps it in.
    assert_ok(&build(&fx));
    assert_eq!(snapshot(&fx.output()), site);
    assert!(!fx.output().join("leeg").exists());
    assert!(!fx.output().join("interventies/weg").exists());
    assert!(stamp.is_file());
    assert_eq!(snapshot(&buffer), site);
}

/// A tiny deterministic generator, so a failing kill schedule can be rerun.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn spawn_build(fx: &Fixture) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_menukaart"))
        .args(["build", "--geen-placemats", "--root"])
        .arg(fx.root())
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start menukaart")
}

#[test]
fn kill_at_random_moments_leaves_a_whole_site() {
    let fx = Fixture::example();
    let file = "interventions/gli-cool.md";
    let version_a = fx.read(file);
    let marker_a = "naam = \"";
    assert!(version_a.contains(marker_a), "{file} has no naam");
    let version_b = version_a.replacen(marker_a, "naam = \"Nieuw: ", 1);

    // The two sites a build can produce, and how long one build takes.
    fx.write(file, &version_b);
    assert_ok(&build(&fx));
    let site_b = snapshot(&fx.output());
    fx.write(file, &version_a);
    let started = Instant::now();
    assert_ok(&build(&fx));
    let duration = started.elapsed();
    let site_a = snapshot(&fx.output());
    assert_ne!(site_a, site_b);

    let mut random = Lcg(0x6d65_6e75_6b61_6172);
    let span = duration.as_micros() as u64 * 5 / 4 + 1;
    let mut current_is_a = true;
    let mut outcomes = [0usize; 2];
    // 15 rounds by default; MENUKAART_KILL_ROUNDS=500 makes it a soak test.
    let rounds = std::env::var("MENUKAART_KILL_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15);
    for round in 0..rounds {
        let (wanted, text) = if current_is_a {
            (&site_b, &version_b)
        } else {
            (&site_a, &version_a)
        };
        let previous = if current_is_a { &site_a } else { &site_b };
        fx.write(file, text);
        let delay = Duration::from_micros(random.next() % span);
        let mut child = spawn_build(&fx);
        thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();

        let now = snapshot(&fx.output());
        assert!(
            now == *previous || now == *wanted,
            "round {round}, killed after {delay:?}: output/ is neither the previous nor the new site"
        );
        // The kept buffer may be half rewritten, but then it must not carry
        // the stamp that says it is whole.
        if fx.root().join(".output.vorige.heel").is_file() {
            let kept = snapshot(&fx.root().join(".output.vorige"));
            assert!(
                kept == site_a || kept == site_b,
                "round {round}, killed after {delay:?}: the buffer is stamped whole but is not a whole site"
            );
        }
        outcomes[usize::from(now == *wanted)] += 1;

        assert_ok(&build(&fx));
        assert_eq!(&snapshot(&fx.output()), wanted, "round {round}");
        assert!(
            leftovers(fx.root()).is_empty(),
            "round {round}: {:?}",
            leftovers(fx.root())
        );
        current_is_a = !current_is_a;
    }
    eprintln!(
        "kill test: build takes {duration:?}; killed with the previous site in place {} times, with the new one {} times",
        outcomes[0], outcomes[1]
    );
}

#[test]
fn concurrent_builds_wait_for_each_other() {
    let fx = Fixture::example();
    assert_ok(&build(&fx));
    let expected = snapshot(&fx.output());
    fs::remove_dir_all(fx.output()).unwrap();

    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_menukaart"))
                .args(["build", "--geen-placemats", "--root"])
                .arg(fx.root())
                .env("SOURCE_DATE_EPOCH", "1790000000")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start menukaart")
        })
        .collect();
    let mut waited = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(!stderr.contains("os error"), "raw error: {stderr}");
        if stderr.contains("er loopt al een build in deze map") {
            waited += 1;
        }
    }
    eprintln!("concurrent builds: {waited} of 4 waited for another one");
    assert_eq!(snapshot(&fx.output()), expected);
    assert!(
        leftovers(fx.root()).is_empty(),
        "{:?}",
        leftovers(fx.root())
    );
}

/// The lock file lives next to the output, not in it, and survives: deleting
/// a lock file while another process holds it would let a third one in.
#[test]
fn lock_file_sits_next_to_the_output() {
    let fx = Fixture::copy("basis");
    assert_ok(&build(&fx));
    let lock: PathBuf = fx.root().join(".output.lock");
    assert!(lock.is_file(), "no lock file at {}", lock.display());
    assert!(!fx.output().join(".output.lock").exists());
}

#[test]
fn files_a_beheerder_put_into_the_output_stay_with_a_warning_at_every_build() {
    let fx = Fixture::copy("basis");
    // The output is a link to the deploy folder, as on a web server.
    let deploy = fx.root().join("publiek/www");
    fs::create_dir_all(&deploy).unwrap();
    symlink(&deploy, fx.output()).unwrap();
    assert_ok(&build(&fx));
    fs::write(deploy.join("google1234.html"), "google-site-verification").unwrap();
    fs::create_dir_all(deploy.join("stukken")).unwrap();
    fs::write(deploy.join("stukken/vergadering.pdf"), b"%PDF-1.4 eigen").unwrap();
    // A file of our own placed inside a generated folder.
    let region_dir = fs::read_dir(&deploy)
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("zorggroep-"))
        .expect("a region folder")
        .path();
    fs::write(region_dir.join("eigen.txt"), "eigen").unwrap();
    // A link is named but never followed or carried.
    let secret = fx.root().join("geheim.txt");
    fs::write(&secret, "geheim").unwrap();
    symlink(&secret, deploy.join("koppeling.txt")).unwrap();

    for round in 0..3 {
        let out = build(&fx);
        assert_ok(&out);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The link is named once: the new site does not have it.
        let named: &[&str] = if round == 0 {
            &[
                "google1234.html",
                "stukken/vergadering.pdf",
                "eigen.txt",
                "koppeling.txt",
            ]
        } else {
            &["google1234.html", "stukken/vergadering.pdf", "eigen.txt"]
        };
        for name in named {
            assert!(
                stderr
                    .lines()
                    .any(|l| l.contains(name) && l.contains("waarschuwing")),
                "round {round}: no warning naming {name}:\n{stderr}"
            );
        }
        assert!(stderr.contains("static/"), "{stderr}");
        assert_eq!(
            fs::read_to_string(deploy.join("google1234.html")).unwrap(),
            "google-site-verification",
            "round {round}"
        );
        assert_eq!(
            fs::read(deploy.join("stukken/vergadering.pdf")).unwrap(),
            b"%PDF-1.4 eigen"
        );
        assert_eq!(
            fs::read_to_string(region_dir.join("eigen.txt")).unwrap(),
            "eigen"
        );
        assert!(
            fs::symlink_metadata(deploy.join("koppeling.txt")).is_err(),
            "round {round}: a link was carried into the new site"
        );
        assert_eq!(fs::read_to_string(&secret).unwrap(), "geheim");
        assert!(deploy.join(MARKER).is_file());
    }
    // Moved where it belongs, the warning goes.
    fs::remove_file(deploy.join("google1234.html")).unwrap();
    fs::remove_dir_all(deploy.join("stukken")).unwrap();
    fs::remove_file(region_dir.join("eigen.txt")).unwrap();
    let out = build(&fx);
    assert_ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("niet door menukaart gemaakt"), "{stderr}");
}

#[test]
fn generated_files_of_a_removed_page_still_go() {
    let fx = Fixture::copy("basis");
    assert_ok(&build(&fx));
    let page = fx.output().join("interventies/slaapcursus/index.html");
    assert!(page.is_file());
    // No region chooses it; removed from the catalogue, its page goes.
    fs::remove_file(fx.root().join("interventions/slaapcursus.md")).unwrap();
    let out = build(&fx);
    assert_ok(&out);
    assert!(!page.exists(), "a page of a removed intervention stayed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("niet door menukaart gemaakt"), "{stderr}");
}
