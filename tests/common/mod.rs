//! Shared helpers: copy a fixture project into a temporary folder, edit it,
//! and build or check it through the library or the real binary.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use menukaart::{BuildOptions, BuildReport, Outcome};
use tempfile::TempDir;

/// The "today" every test uses, so results never depend on the clock.
pub const TODAY: time::Date = time::macros::date!(2026 - 11 - 01);

pub struct Fixture {
    dir: TempDir,
}

impl Fixture {
    /// A copy of `tests/fixtures/<name>`.
    pub fn copy(name: &str) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&from, dir.path());
        Fixture { dir }
    }

    /// A copy of the repository's own example project.
    pub fn example() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for part in ["interventions", "regions"] {
            copy_dir(&repo.join(part), &dir.path().join(part));
        }
        fs::copy(
            repo.join("menukaart.toml"),
            dir.path().join("menukaart.toml"),
        )
        .expect("copy config");
        Fixture { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn output(&self) -> PathBuf {
        self.root().join("output")
    }

    pub fn write(&self, path: &str, content: &str) {
        let target = self.root().join(path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, content).unwrap();
    }

    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Replaces `from` by `to` in a file; the text must be there.
    pub fn edit(&self, path: &str, from: &str, to: &str) {
        let text = self.read(path);
        assert!(text.contains(from), "{path} does not contain {from:?}");
        self.write(path, &text.replacen(from, to, 1));
    }

    pub fn options(&self) -> BuildOptions {
        let mut options = BuildOptions::new(self.root());
        options.today = TODAY;
        options
    }

    pub fn build(&self) -> Outcome<BuildReport> {
        menukaart::build(&self.options())
    }

    /// Runs the real `menukaart` binary in this project.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_menukaart"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("SOURCE_DATE_EPOCH", "1790000000")
            .output()
            .expect("run menukaart")
    }
}

impl Fixture {
    /// [`run`](Self::run) that must succeed (exit 0); shows stderr if not.
    pub fn run_ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "menukaart {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Text as the templates escape it (the five characters the site
/// escapes), so it can be found in a page.
pub fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// All diagnostics of an outcome as the CLI prints them, one string.
pub fn messages<T>(outcome: &Outcome<T>) -> String {
    outcome
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file below `dir` with its bytes, for byte-for-byte comparisons.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
