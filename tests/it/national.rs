//! The national benchmark's data generator writes a project that passes
//! `menukaart check` (a smoke test; speed is measured by benches/national.sh).

use crate::common;

use std::process::Command;

#[test]
fn generated_national_project_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tools/gen_national.py"
        ))
        .args(["--out"])
        .arg(dir.path())
        .args([
            "--seed",
            "7",
            "--interventions",
            "40",
            "--regions",
            "4",
            "--per-region",
            "12",
        ])
        .status()
        .expect("python3 runs the generator");
    assert!(status.success());
    let outcome = menukaart::check(dir.path(), common::TODAY);
    let text = common::messages(&outcome);
    let project = outcome.value.unwrap_or_else(|| panic!("{text}")).project;
    assert_eq!(project.interventions.len(), 40);
    assert_eq!(project.regions.len(), 4);
    assert!(project.regions.iter().all(|r| r.entries.len() == 12));
    // Realistic lengths: Markdown bodies of 200-600 words.
    for i in &project.interventions {
        let words = i.body.split_whitespace().count();
        assert!((180..=700).contains(&words), "{}: {words} words", i.id);
    }
}
