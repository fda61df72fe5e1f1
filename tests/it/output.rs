//! Writing is all or nothing, and only ever replaces menukaart's own folder.

use crate::common;

use common::{messages, snapshot, Fixture};

#[test]
fn failed_build_leaves_previous_output_byte_for_byte() {
    let fx = Fixture::copy("basis");
    assert!(fx.build().value.is_some());
    let before = snapshot(&fx.output());
    assert!(before.len() > 5);

    fx.edit(
        "interventions/gli-cool.md",
        "themas = [\"bewegen\", \"voeding\"]",
        "themas = [\"bewegenn\"]",
    );
    let outcome = fx.build();
    assert!(outcome.value.is_none());
    assert_eq!(
        snapshot(&fx.output()),
        before,
        "output changed after a failed build"
    );

    // The binary agrees: exit 1, output untouched, no staging folder left.
    let out = fx.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(snapshot(&fx.output()), before);
    let leftovers: Vec<_> = std::fs::read_dir(fx.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".bouw-"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
}

#[test]
fn successful_build_replaces_old_files_and_keeps_gitkeep() {
    let fx = Fixture::copy("basis");
    std::fs::create_dir_all(fx.output()).unwrap();
    std::fs::write(fx.output().join(".gitkeep"), "").unwrap();
    assert!(
        fx.build().value.is_some(),
        "an output folder with only .gitkeep may be used"
    );
    assert!(fx.output().join(".gitkeep").is_file());

    // A page of an intervention that no longer exists disappears.
    std::fs::remove_file(fx.root().join("interventions/slaapcursus.md")).unwrap();
    assert!(fx.build().value.is_some());
    assert!(!fx.output().join("interventies/slaapcursus").exists());
    assert!(fx
        .output()
        .join("interventies/gli-cool/index.html")
        .is_file());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let fx = Fixture::copy("basis");
    let mut options = fx.options();
    let foreign = fx.root().join("mijn-documenten");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("belangrijk.txt"), "niet weggooien").unwrap();
    options.output = Some(foreign.clone());
    let outcome = menukaart::build(&options);
    assert!(outcome.value.is_none());
    assert!(
        messages(&outcome).contains("bevat bestanden die menukaart niet heeft gemaakt"),
        "{}",
        messages(&outcome)
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("belangrijk.txt")).unwrap(),
        "niet weggooien"
    );

    // Pointing --output at the project itself is refused the same way.
    options.output = Some(fx.root().to_path_buf());
    assert!(menukaart::build(&options).value.is_none());
    assert!(fx.root().join("interventions/gli-cool.md").is_file());
}

#[test]
fn build_prints_one_dutch_summary_line() {
    let fx = Fixture::copy("basis");
    let out = fx.run(&["build"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("klaar: 1 zorggroep, 3 interventies, "),
        "{stdout}"
    );
    assert!(stdout.contains("pagina's"));
}

/// Every regular file under `dir` with its modification time, by path.
fn mtimes(dir: &std::path::Path) -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Sets every file's modification time under `dir` to `when`.
fn backdate(dir: &std::path::Path, when: std::time::SystemTime) {
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap()
                .set_modified(when)
                .unwrap();
        }
    }
}

fn run_build(fx: &Fixture) {
    let out = fx.run(&["build", "--geen-placemats"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Double buffering: the previous generation beside `output/` is rewritten
/// in place, and a file whose bytes did not change is not written at all,
/// in either buffer. An edited page is written.
#[test]
fn unchanged_files_are_not_rewritten_across_identical_builds() {
    let fx = Fixture::copy("basis");
    let buffer = fx.root().join(".output.vorige");
    run_build(&fx);
    run_build(&fx);
    assert!(buffer.join(menukaart::write::MARKER).is_file());
    let site = snapshot(&fx.output());
    let long_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    backdate(&fx.output(), long_ago);
    backdate(&buffer, long_ago);

    run_build(&fx);
    run_build(&fx);
    assert_eq!(snapshot(&fx.output()), site);
    for dir in [fx.output(), buffer.clone()] {
        let touched: Vec<_> = mtimes(&dir)
            .into_iter()
            .filter(|(_, when)| *when != long_ago)
            .collect();
        assert!(
            touched.is_empty(),
            "rewritten although unchanged in {}: {touched:?}",
            dir.display()
        );
    }

    fx.edit(
        "interventions/gli-cool.md",
        "naam = \"",
        "naam = \"Vernieuwd: ",
    );
    run_build(&fx);
    let page = fx.output().join("interventies/gli-cool/index.html");
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("Vernieuwd: "));
    assert_ne!(
        std::fs::metadata(&page).unwrap().modified().unwrap(),
        long_ago
    );
    let other = fx.output().join("interventies/slaapcursus/index.html");
    assert_eq!(
        std::fs::metadata(other).unwrap().modified().unwrap(),
        long_ago
    );
}

/// A page that is no longer produced disappears from the rewritten buffer
/// too, folder and all, in every later generation.
#[test]
fn removed_intervention_disappears_from_both_buffers() {
    let fx = Fixture::copy("basis");
    for _ in 0..3 {
        run_build(&fx);
    }
    let buffer = fx.root().join(".output.vorige");
    assert!(buffer.join("interventies/slaapcursus/index.html").is_file());
    std::fs::remove_file(fx.root().join("interventions/slaapcursus.md")).unwrap();
    run_build(&fx);
    assert!(!fx.output().join("interventies/slaapcursus").exists());
    run_build(&fx);
    assert!(!fx.output().join("interventies/slaapcursus").exists());
    assert!(!buffer.join("interventies/slaapcursus").exists());
    assert!(fx
        .output()
        .join("interventies/gli-cool/index.html")
        .is_file());
}
