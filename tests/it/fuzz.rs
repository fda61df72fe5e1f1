//! A mutation fuzzer over the repository's own example project.
//!
//! Each case takes one example file, damages it in a few random ways
//! (bytes flipped, cut or repeated, TOML punctuation, escapes, emoji,
//! path tricks, huge numbers, impossible dates) and runs the real binary.
//! Whatever the input, it must hold that:
//!
//! - the exit status is 0 or 1, never a panic (101) or a signal;
//! - on 1, `output/` is byte for byte the previous site;
//! - on 0, `output/` is a whole site (its marker and home page are there);
//! - nothing is ever written outside the project.
//!
//! The seed is fixed so a failure can be replayed; CI runs a bounded number
//! of cases. More with `MENUKAART_FUZZ_CASES=2000`, another seed with
//! `MENUKAART_FUZZ_SEED=7`.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use std::process::{Command, Output};

use common::{copy_dir, snapshot};

/// A small xorshift generator: reproducible without extra crates.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that tend to break parsers, paths and layouts.
const TOKENS: &[&str] = &[
    "\"",
    "'",
    "[",
    "]]",
    "[[interventie]]\n",
    "=",
    "+++\n",
    "\n",
    "\r\n",
    "\\u0000",
    "\\u202E",
    "\\",
    "👍",
    "≥",
    "ë",
    "../../",
    "/etc/passwd",
    "%2f",
    "con",
    "verwijsroutes",
    "1e999",
    "-1",
    "99999999999999999999",
    "2026-02-30",
    "0000-00-00",
    "id = \"gli-cool\"\n",
    "theme = \"../x\"\n",
    "volgorde = 1\n",
    "<script>alert(1)</script>",
    "=HYPERLINK(\"http://x\")",
    "{",
    "}",
    "# ",
    "\t",
];

fn mutate(rng: &mut Rng, text: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(text.len() + 1);
        match rng.below(6) {
            0 if !text.is_empty() => {
                let i = at.min(text.len() - 1);
                text[i] ^= 1 << rng.below(8);
            }
            1 => {
                let end = (at + rng.below(40)).min(text.len());
                text.drain(at..end);
            }
            2 => {
                let end = (at + rng.below(200)).min(text.len());
                let piece = text[at..end].to_vec();
                let to = rng.below(text.len() + 1);
                text.splice(to..to, piece);
            }
            3 => {
                // A long run: stresses layout and line breaking.
                let word = TOKENS[rng.below(TOKENS.len())].repeat(1 + rng.below(300));
                text.splice(at..at, word.into_bytes());
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                text.splice(at..at, token.bytes());
            }
        }
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every file below `dir`, for "nothing written outside the project".
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .collect();
    all.sort();
    all
}

#[test]
fn damaged_example_files_never_crash_or_damage_the_site() {
    let cases = env_number("MENUKAART_FUZZ_CASES", 120);
    let seed = env_number("MENUKAART_FUZZ_SEED", 0x6d65_6e75_6b61_6172);
    let mut rng = Rng(seed | 1);

    // The project lives one folder down, so writes beside it are seen.
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("project");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["interventions", "regions", "edities"] {
        copy_dir(&repo.join(part), &root.join(part));
    }
    fs::copy(repo.join("menukaart.toml"), root.join("menukaart.toml")).unwrap();
    let output = root.join("output");
    let run = |args: &[&str]| -> Output {
        Command::new(env!("CARGO_BIN_EXE_menukaart"))
            .args(args)
            .arg("--root")
            .arg(&root)
            .env("SOURCE_DATE_EPOCH", "1790000000")
            .output()
            .expect("run menukaart")
    };
    let files: Vec<PathBuf> = listing(&root).into_iter().filter(|p| p.is_file()).collect();
    let originals: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|p| (p.clone(), fs::read(p).unwrap()))
        .collect();

    let first = run(&["build"]);
    assert_eq!(first.status.code(), Some(0), "the example must build");
    let mut site = snapshot(&output);
    // Every PDF as the first build made it, and the cache entries behind
    // them: a damaged entry must never reach the output.
    let pdfs = |site: &[(PathBuf, Vec<u8>)]| -> Vec<(PathBuf, Vec<u8>)> {
        site.iter()
            .filter(|(p, _)| p.extension().is_some_and(|e| e == "pdf"))
            .cloned()
            .collect()
    };
    let first_pdfs = pdfs(&site);
    assert!(!first_pdfs.is_empty());
    let entries: Vec<(PathBuf, Vec<u8>)> = listing(&root.join(".menukaart-cache"))
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    assert!(!entries.is_empty(), "the first build filled the cache");
    // Besides output/, a build keeps the previous generation next to it
    // (double buffering, see `write.rs`) and a placemat cache: ours too.
    let buffer = root.join(".output.vorige");
    let stamp = root.join(".output.vorige.heel");
    let cache = root.join(".menukaart-cache");
    let outside = |p: &PathBuf| {
        !p.starts_with(&output) && !p.starts_with(&buffer) && *p != stamp && !p.starts_with(&cache)
    };
    let around: Vec<PathBuf> = listing(outer.path()).into_iter().filter(outside).collect();
    let (mut failed, mut passed) = (0, 0);

    for case in 0..cases {
        // One case in eight damages a cache entry: the build must make
        // that PDF again, byte for byte as the first time.
        if case % 8 == 4 {
            let (path, original) = &entries[rng.below(entries.len())];
            let mut bytes = original.clone();
            mutate(&mut rng, &mut bytes);
            fs::write(path, &bytes).unwrap();
            let out = run(&["build"]);
            let replay = format!(
                "case {case} (seed {seed}), cache entry {}:\n{}",
                path.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(out.status.code(), Some(0), "{replay}");
            site = snapshot(&output);
            assert!(
                pdfs(&site) == first_pdfs,
                "a damaged cache entry was published: {replay}"
            );
            passed += 1;
            continue;
        }
        let (path, original) = &originals[rng.below(originals.len())];
        let mut text = original.clone();
        mutate(&mut rng, &mut text);
        fs::write(path, &text).unwrap();

        // One build in eight makes placemats too: they are the slow part.
        let placemats = case % 8 == 0;
        let args: &[&str] = if placemats {
            &["build"]
        } else {
            &["build", "--geen-placemats"]
        };
        let out = run(args);
        let replay = format!(
            "case {case} (seed {seed}, MENUKAART_FUZZ_SEED to replay), file {}:\n{}\n{}",
            path.display(),
            String::from_utf8_lossy(&text)
                .chars()
                .take(3000)
                .collect::<String>(),
            String::from_utf8_lossy(&out.stderr)
        );
        match out.status.code() {
            Some(1) => {
                failed += 1;
                assert_eq!(snapshot(&output), site, "output changed: {replay}");
                let check = run(&["check"]);
                assert_eq!(check.status.code(), Some(1), "check passed: {replay}");
            }
            Some(0) => {
                passed += 1;
                assert!(output.join(".menukaart-output").is_file(), "{replay}");
                assert!(output.join("index.html").is_file(), "{replay}");
                site = snapshot(&output);
            }
            other => panic!("exit status {other:?}: {replay}"),
        }
        fs::write(path, original).unwrap();
    }
    let after: Vec<PathBuf> = listing(outer.path()).into_iter().filter(outside).collect();
    assert_eq!(after, around, "files appeared outside output/");
    eprintln!("fuzz: {cases} cases, seed {seed}: {failed} refused, {passed} built");
    assert!(
        failed > 0 && passed > 0,
        "the mutations should both break and keep files"
    );
}
