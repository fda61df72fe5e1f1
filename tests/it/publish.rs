//! The publishing templates in `docs/publiceren/` work as written: each is
//! valid YAML, installs menukaart with `cargo install --locked` at the tag
//! of this version, and every `menukaart` command it calls runs, with the
//! same arguments, on the example project and makes the site it publishes.
//! The forges themselves are not here; what they would run is.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::Fixture;
use yaml_rust2::{Yaml, YamlLoader};

/// The templates, with the folder their last command publishes.
const TEMPLATES: &[(&str, &str)] = &[
    ("github.yml", "output"),
    ("forgejo.yml", "output"),
    ("gitlab-ci.yml", "public"),
];

fn load(name: &str) -> Yaml {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/publiceren")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(docs.len(), 1, "{name}: one YAML document");
    docs.remove(0)
}

/// Every shell line the template runs: `run:` of GitHub/Forgejo steps,
/// `script:` of GitLab jobs.
fn shell_lines(doc: &Yaml) -> Vec<String> {
    let mut lines = Vec::new();
    collect(doc, &mut lines);
    lines
}

fn collect(node: &Yaml, out: &mut Vec<String>) {
    match node {
        Yaml::Hash(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    (Some("run"), Yaml::String(script)) => {
                        out.extend(script.lines().map(|l| l.trim().to_string()))
                    }
                    (Some("script"), Yaml::Array(items)) => {
                        out.extend(items.iter().filter_map(|i| i.as_str().map(String::from)))
                    }
                    _ => collect(value, out),
                }
            }
        }
        Yaml::Array(items) => items.iter().for_each(|i| collect(i, out)),
        _ => {}
    }
}

/// The value of a variable the template sets (`env:` or `variables:`).
fn variable(doc: &Yaml, name: &str) -> Option<String> {
    for section in ["env", "variables"] {
        if let Some(value) = doc[section][name].as_str() {
            return Some(value.to_string());
        }
    }
    None
}

#[test]
fn every_template_installs_the_pinned_version_and_runs_real_commands() {
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    let bin = Path::new(env!("CARGO_BIN_EXE_menukaart"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (name, published) in TEMPLATES {
        let doc = load(name);
        assert_eq!(
            variable(&doc, "MENUKAART_TAG").as_deref(),
            Some(tag.as_str()),
            "{name}"
        );
        let lines = shell_lines(&doc);
        let install: Vec<_> = lines
            .iter()
            .filter(|l| l.starts_with("cargo install"))
            .collect();
        assert_eq!(install.len(), 1, "{name}: {lines:?}");
        for needed in ["--locked", "--tag \"$MENUKAART_TAG\"", " menukaart"] {
            assert!(
                install[0].contains(needed),
                "{name}: {} lacks {needed}",
                install[0]
            );
        }
        let commands: Vec<_> = lines
            .iter()
            .filter(|l| l.starts_with("menukaart "))
            .collect();
        assert!(
            commands
                .iter()
                .any(|c| c.starts_with("menukaart check --strict")),
            "{name}: no strict check in {commands:?}"
        );
        assert!(
            commands.iter().any(|c| c.starts_with("menukaart build")),
            "{name}: no build in {commands:?}"
        );
        // Run them as the forge would, in the project's root folder; the
        // forge's own expressions become the site's address.
        let f = Fixture::example();
        for command in &commands {
            let script = expand_forge_expressions(command);
            let out = Command::new("sh")
                .arg("-c")
                .arg(&script)
                .current_dir(f.root())
                .env("PATH", &path)
                .env("CI_PAGES_URL", "https://zorggroep.example.nl/menukaart")
                .env("SOURCE_DATE_EPOCH", "1790000000")
                .output()
                .expect("sh");
            assert_eq!(
                out.status.code(),
                Some(0),
                "{name}: `{script}` failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let site = f.root().join(published);
        assert!(
            site.join("index.html").is_file(),
            "{name}: no {published}/index.html"
        );
        let sitemap = std::fs::read_to_string(site.join("sitemap.xml"))
            .unwrap_or_else(|e| panic!("{name}: the site has no sitemap (no base URL?): {e}"));
        assert!(sitemap.contains("<loc>https://"), "{name}: {sitemap}");
    }
}

/// `${{ … }}` of GitHub and Forgejo, as the forge fills it in.
fn expand_forge_expressions(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("closed expression") + start + 2;
        let inner = rest[start + 3..end - 2].trim();
        out.push_str(match inner {
            "steps.pages.outputs.base_url" => "https://zorggroep.github.io/menukaart",
            "vars.SITE_URL" => "https://menukaart.zorggroep.example.nl/",
            other => panic!("unknown forge expression {other} in {line}"),
        });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_guide_names_every_template_and_where_it_runs() {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/publiceren.md"))
            .expect("docs/publiceren.md");
    for (name, _) in TEMPLATES {
        assert!(
            guide.contains(&format!("publiceren/{name}")),
            "{name} is not in the guide"
        );
    }
    assert!(
        guide.contains("niet op uw eigen"),
        "the guide must say it runs on the forge"
    );
}
