//! Stage 5: write the site so that a failed build never damages `output/`.
//!
//! Everything is written into a staging folder next to the output folder.
//! Only when the whole build succeeded is the old output swapped out and the
//! staging folder renamed into its place; on failure the staging folder is
//! removed and the old output stays exactly as it was. The tool only ever
//! replaces a folder that carries its marker file.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::diagnostics::Diagnostic;

/// File that marks a folder as made by menukaart (and so safe to replace).
pub const MARKER: &str = ".menukaart-output";
const MARKER_TEXT: &str = "Deze map is gemaakt door menukaart en wordt bij elke build vervangen.\nBewerk hier niets met de hand: pas de bestanden in interventions/ en regions/ aan.\n";

/// A folder being filled by a build, not yet visible as the output.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates the staging folder next to `output`, after checking that
    /// `output` is absent, empty, or made by menukaart.
    pub fn create(output: &Path) -> Result<Staging, Diagnostic> {
        ensure_replaceable(output)?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = parent.join(format!(".{name}.bouw-{}-{nanos}", std::process::id()));
        let shown = dir.display().to_string();
        let fail = |err: io::Error| {
            Diagnostic::error(
                None,
                format!("kan de tijdelijke map {shown} niet maken: {err}"),
            )
            .with_hint("controleer of u in deze map mag schrijven en of de schijf niet vol is")
        };
        fs::create_dir_all(&dir).map_err(fail)?;
        let staging = Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
        };
        staging
            .write(MARKER, MARKER_TEXT.as_bytes())
            .map_err(fail)?;
        Ok(staging)
    }

    /// Writes one file, creating its folders. `path` uses `/` separators.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut file = BufWriter::new(File::create(target)?);
        file.write_all(bytes)?;
        file.flush()
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Swaps the staging folder in as the output folder.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let fail = |err: io::Error| {
            Diagnostic::error(
                None,
                format!("kan de nieuwe site niet op zijn plaats zetten: {err}"),
            )
            .with_hint("de vorige inhoud van de outputmap is bewaard; probeer het opnieuw")
        };
        ensure_replaceable(&self.output)?;
        if self.output.join(".gitkeep").is_file() {
            fs::write(self.dir.join(".gitkeep"), b"").map_err(fail)?;
        }
        if self.output.exists() {
            let old = self.dir.with_extension("oud");
            fs::rename(&self.output, &old).map_err(fail)?;
            if let Err(err) = fs::rename(&self.dir, &self.output) {
                let _ = fs::rename(&old, &self.output);
                return Err(fail(err));
            }
            remove_tree(&old);
        } else {
            fs::rename(&self.dir, &self.output).map_err(fail)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes a folder tree, its top-level entries in parallel: a large old
/// site is thousands of files, and unlinking them one by one on one core
/// was a fifth of a national build.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.par_iter().for_each(|path| {
            if path.is_dir() {
                let _ = fs::remove_dir_all(path);
            } else {
                let _ = fs::remove_file(path);
            }
        });
    }
    let _ = fs::remove_dir_all(dir);
}

/// The output folder may be replaced only when it is absent, empty (or
/// holds just a `.gitkeep`), or carries menukaart's marker.
pub fn ensure_replaceable(output: &Path) -> Result<(), Diagnostic> {
    if !output.exists() {
        return Ok(());
    }
    let refuse = |why: String| {
        Diagnostic::error(None, why).with_hint(format!(
            "kies met --output een nieuwe of lege map; menukaart overschrijft alleen mappen die het zelf gemaakt heeft (herkenbaar aan het bestand {MARKER})"
        ))
    };
    if !output.is_dir() {
        return Err(refuse(format!(
            "{} bestaat al en is geen map",
            output.display()
        )));
    }
    if output.join(MARKER).is_file() {
        return Ok(());
    }
    let entries = fs::read_dir(output)
        .map_err(|err| refuse(format!("kan de map {} niet lezen: {err}", output.display())))?;
    for entry in entries.flatten() {
        if entry.file_name() != ".gitkeep" {
            return Err(refuse(format!(
                "de map {} bevat bestanden die menukaart niet heeft gemaakt",
                output.display()
            )));
        }
    }
    Ok(())
}
