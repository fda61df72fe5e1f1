//! Files in `output/` that menukaart did not write.
//!
//! A beheerder sometimes puts a file straight into the published folder: a
//! host's verification file, a `CNAME`, a PDF for a meeting. Replacing the
//! output with a new build would lose it without a word. So every build
//! records the files it wrote in a manifest ([`MANIFEST`]) inside the
//! output; the next build compares the output with that list, carries
//! every other regular file over into the new site and warns about each,
//! at every build, until it is moved where it belongs (a theme's
//! `static/`). Files of a page that no longer exists are in the manifest,
//! so they still go. An output made before there was a manifest has no
//! way to tell, and is treated as wholly ours, as before.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Location};

/// The list of files the build wrote, one relative path per line.
pub const MANIFEST: &str = ".menukaart-bestanden";

const MANIFEST_HEAD: &str = "# De bestanden die menukaart in deze map heeft gezet. Andere bestanden\n# neemt de volgende build mee, met een waarschuwing.\n";

/// What the current output holds that its manifest does not list.
#[derive(Debug, Default)]
pub struct Foreign {
    /// Regular files, by `/`-separated relative path: carried over.
    pub files: Vec<String>,
    /// Links and other special files: named, never followed or carried.
    pub others: Vec<String>,
}

/// Compares `output` with its manifest. Nothing when there is no manifest
/// (a new output, or one of a menukaart without manifests).
pub fn find(output: &Path, ours: &[&str]) -> Foreign {
    let mut foreign = Foreign::default();
    let Ok(listed) = fs::read_to_string(output.join(MANIFEST)) else {
        return foreign;
    };
    let listed: std::collections::HashSet<&str> = listed
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    for (path, regular) in walk(output) {
        if listed.contains(path.as_str()) || ours.contains(&path.as_str()) || path == MANIFEST {
            continue;
        }
        if regular {
            foreign.files.push(path);
        } else {
            foreign.others.push(path);
        }
    }
    foreign.files.sort();
    foreign.others.sort();
    foreign
}

/// Every entry below `root` that is not a folder, by relative path, and
/// whether it is a regular file. Links are listed, never followed.
fn walk(root: &Path) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, rel)) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if kind.is_dir() {
                stack.push((entry.path(), path));
            } else {
                found.push((path, kind.is_file()));
            }
        }
    }
    found
}

impl Foreign {
    /// One warning per file, at every build, saying where it belongs.
    pub fn warnings(&self, output: &Path) -> Vec<Diagnostic> {
        let kept = self.files.iter().map(|path| {
            Diagnostic::warning(
                Some(Location::file(&output.join(path))),
                "dit bestand is niet door menukaart gemaakt; de build neemt het mee naar de nieuwe site",
            )
            .with_hint("zet het in de map static/ van een thema (bijvoorbeeld themes/default/static/): dan hoort het bij de site en komt het in output/static/")
        });
        let skipped = self.others.iter().map(|path| {
            Diagnostic::warning(
                Some(Location::file(&output.join(path))),
                "dit is een snelkoppeling of een speciaal bestand dat menukaart niet heeft gemaakt; het komt niet in de nieuwe site",
            )
            .with_hint("zet een echt bestand in de map static/ van een thema als het bij de site hoort")
        });
        kept.chain(skipped).collect()
    }

    /// Copies the foreign files from `output` into the new site in
    /// `staging`. A file the build wrote at the same place wins: that is
    /// returned as a warning. The source is opened without following a
    /// link, in case it was swapped for one since [`find`].
    pub fn carry(
        &self,
        output: &Path,
        staging: &Path,
        shown: &Path,
    ) -> io::Result<Vec<Diagnostic>> {
        let mut warnings = Vec::new();
        for path in &self.files {
            let target = staging.join(path);
            if fs::symlink_metadata(&target).is_ok() {
                warnings.push(Diagnostic::warning(
                    Some(Location::file(&shown.join(path))),
                    "menukaart maakt zelf een bestand met deze naam; uw eigen bestand is vervangen",
                ).with_hint("geef uw bestand een andere naam en zet het in de map static/ van een thema"));
                continue;
            }
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            let mut from = open_no_follow(&output.join(path))?;
            let mut to = File::create(&target)?;
            io::copy(&mut from, &mut to)?;
        }
        Ok(warnings)
    }

    /// Writes the manifest of `staging`: every regular file in it except
    /// the ones carried over (they stay foreign) and the manifest itself.
    /// (A link in `staging` cannot be written through: `Index::walk`
    /// removed every link in the buffer before the build.)
    pub fn write_manifest(&self, staging: &Path) -> io::Result<()> {
        let mut ours: Vec<String> = walk(staging)
            .into_iter()
            .filter(|(path, regular)| {
                *regular && path != MANIFEST && self.files.binary_search(path).is_err()
            })
            .map(|(path, _)| path)
            .collect();
        ours.sort();
        let mut text = String::from(MANIFEST_HEAD);
        for path in ours {
            text.push_str(&path);
            text.push('\n');
        }
        let path = staging.join(MANIFEST);
        // Unchanged, it keeps its time, like every other unchanged file.
        if fs::read_to_string(&path).is_ok_and(|old| old == text) {
            return Ok(());
        }
        fs::write(path, text)
    }
}

#[cfg(unix)]
fn open_no_follow(path: &PathBuf) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &PathBuf) -> io::Result<File> {
    OpenOptions::new().read(true).open(path)
}
