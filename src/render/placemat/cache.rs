//! Placemats from a content-hash cache.
//!
//! Laying out a placemat is the costliest thing a build does, and on a
//! national rebuild almost every placemat is the same as last time. A
//! placemat depends only on what its region shows (the resolved menu, with
//! its interventions and what changed since the previous edition), the
//! paper, the theme (settings, colours, fonts), the site title and address,
//! and the code that draws it. The cache key is a SHA-256 over all of
//! these, including which program runs, so an entry can only be
//! found again by exactly the same inputs: a stale entry is never used,
//! whatever was edited.
//!
//! The cache lives outside `output/` (`.menukaart-cache/placemats/`, one
//! file per key). Entries are written to a temporary file and renamed into
//! place, so a killed build leaves whole entries or none; an entry that is
//! not a complete PDF is ignored and made again. A build of every region
//! removes the entries it did not use, so the cache holds one build's
//! placemats, not every placemat ever made. The folder is the project's
//! but anyone may write into it: `folder.rs` is why that is safe.

use std::collections::BTreeSet;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

use super::{Context, Paper};
use crate::diagnostics::Diagnostic;
use crate::resolve::Menukaart;
use crate::theme::Theme;

#[cfg(unix)]
mod folder;
#[cfg(unix)]
use folder::Folder;

/// Where the cache goes inside a project.
pub const DIR: &str = ".menukaart-cache/placemats";
/// Where the patient folders are kept, apart from the placemats.
pub const FOLDERS: &str = ".menukaart-cache/folders";

/// The largest entry the cache reads. A placemat is a few hundred kB; a
/// bigger file was not written by us, and reading it whole would cost
/// time and memory before any check could refuse it.
const MAX_ENTRY: u64 = 32 << 20;

/// The cache of one build; counts what it reused and what it made.
///
/// Every entry is opened relative to the cache folder's own descriptor,
/// never by path and never through a link: a link or a pipe planted in
/// the cache, or a cache folder that is itself a link, can make a build
/// neither read, write nor delete anything outside the project.
#[derive(Debug)]
pub struct Cache {
    /// The cache folder, opened without following links; `None` when it
    /// cannot be used (the reason is among `warnings`).
    #[cfg(unix)]
    folder: Option<Folder>,
    /// Whether this build may remove the entries it did not use: only a
    /// build of every region knows which ones are still needed.
    prune: bool,
    /// Keys this build read or wrote.
    used: Mutex<BTreeSet<String>>,
    /// What the cache found wrong, reported after the placemats are made.
    warnings: Mutex<Vec<Diagnostic>>,
    reused: AtomicUsize,
    made: AtomicUsize,
}

impl Cache {
    /// The cache of the project at `root`. `prune`: this build makes the
    /// placemats of every region, so entries it does not use are stale.
    pub fn new(root: &Path, prune: bool) -> Cache {
        Cache::in_dir(root, DIR, prune)
    }

    /// A cache in `dir` under `root` (see [`FOLDERS`]).
    pub fn in_dir(root: &Path, dir: &str, prune: bool) -> Cache {
        let mut warnings = Vec::new();
        #[cfg(unix)]
        let folder = match Folder::open(root, dir) {
            Ok(folder) => Some(folder),
            Err(warning) => {
                warnings.extend(warning);
                None
            }
        };
        Cache {
            #[cfg(unix)]
            folder,
            prune,
            used: Mutex::new(BTreeSet::new()),
            warnings: Mutex::new(warnings),
            reused: AtomicUsize::new(0),
            made: AtomicUsize::new(0),
        }
    }

    /// The key of one placemat: every input it is drawn from.
    pub fn key(
        menu: &Menukaart,
        paper: Paper,
        theme: &str,
        theme_fingerprint: &[u8; 32],
        ctx: &Context,
    ) -> String {
        let mut hash = Sha256::new();
        hash.update(program_fingerprint());
        hash.update(theme_fingerprint);
        for part in [theme, paper.key(), ctx.titel, ctx.base_url.unwrap_or("")] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part.as_bytes());
        }
        // A reproducible build (SOURCE_DATE_EPOCH) promises its date in
        // every file; otherwise a reused placemat keeps the date it was
        // made, which is when its content was last new.
        if std::env::var_os("SOURCE_DATE_EPOCH").is_some() {
            hash.update(ctx.created.unix_timestamp().to_le_bytes());
        }
        // The view model is the whole of what the placemat shows; serde
        // gives it one stable byte form.
        match serde_json::to_vec(menu) {
            Ok(bytes) => hash.update(&bytes),
            // Unserialisable (it never is): a key nothing else can share.
            Err(err) => hash.update(format!("{err:?}{:p}", menu).as_bytes()),
        }
        hex(&hash.finalize())
    }

    /// The key of any other PDF drawn with a theme's fonts: `kind` names
    /// it ("folder"), `view` is all it shows.
    pub fn key_of(
        kind: &str,
        view: &impl serde::Serialize,
        theme: &str,
        theme_fingerprint: &[u8; 32],
        ctx: &Context,
    ) -> String {
        let mut hash = Sha256::new();
        hash.update(program_fingerprint());
        hash.update(theme_fingerprint);
        for part in [kind, theme, ctx.titel, ctx.base_url.unwrap_or("")] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part.as_bytes());
        }
        if std::env::var_os("SOURCE_DATE_EPOCH").is_some() {
            hash.update(ctx.created.unix_timestamp().to_le_bytes());
        }
        match serde_json::to_vec(view) {
            Ok(bytes) => hash.update(&bytes),
            Err(err) => hash.update(format!("{err:?}{:p}", view).as_bytes()),
        }
        hex(&hash.finalize())
    }

    /// A cached placemat, when it exists and is a whole PDF.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        let bytes = self.fetch(key)?;
        self.reused.fetch_add(1, Ordering::Relaxed);
        Some(bytes)
    }

    /// A cached PDF of any kind (placemat or folder), when it exists and
    /// its bytes are the ones stored; not counted as a reused placemat.
    pub fn fetch(&self, key: &str) -> Option<Vec<u8>> {
        self.mark_used(key);
        unseal(self.read(key)?)
    }

    #[cfg(unix)]
    fn read(&self, key: &str) -> Option<Vec<u8>> {
        let folder = self.folder.as_ref()?;
        match folder.open_entry(&entry_name(key), MAX_ENTRY) {
            Ok(Some(mut file)) => {
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).ok()?;
                Some(bytes)
            }
            Ok(None) => None,
            Err(why) => {
                self.warn(folder.path().join(entry_name(key)), why);
                None
            }
        }
    }

    #[cfg(not(unix))]
    fn read(&self, _key: &str) -> Option<Vec<u8>> {
        None
    }

    /// Stores a placemat just made. A cache that cannot be written costs
    /// only speed, never the build: failures are ignored.
    pub fn put(&self, key: &str, bytes: &[u8]) {
        self.made.fetch_add(1, Ordering::Relaxed);
        self.store(key, bytes);
    }

    /// [`put`](Self::put) for a PDF that is not a placemat: not counted.
    pub fn store(&self, key: &str, bytes: &[u8]) {
        self.mark_used(key);
        #[cfg(unix)]
        if let Some(folder) = &self.folder {
            let _ = folder.replace(&entry_name(key), |file| {
                file.write_all(&seal(bytes))?;
                file.sync_all()
            });
        }
    }

    /// After a build that made every placemat: removes the entries it did
    /// not use and temporary files that killed builds left, and reports
    /// whatever else is in the folder (left alone: it is not ours).
    pub fn finish(&self) {
        #[cfg(unix)]
        if let Some(folder) = &self.folder {
            let used = self.used.lock().map(|u| u.clone()).unwrap_or_default();
            for (name, why) in folder.prune(self.prune, |name| {
                name.strip_suffix(".pdf")
                    .is_some_and(|key| used.contains(key))
            }) {
                self.warn(folder.path().join(name), why);
            }
        }
    }

    /// What the cache found wrong in this build, once each.
    pub fn take_warnings(&self) -> Vec<Diagnostic> {
        let mut warnings = self
            .warnings
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default();
        warnings.dedup_by(|a, b| a.message == b.message);
        warnings
    }

    fn mark_used(&self, key: &str) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(key.to_owned());
        }
    }

    fn warn(&self, path: PathBuf, why: &str) {
        let warning = Diagnostic::warning(None, format!("{}: {why}", path.display())).with_hint(
            "menukaart leest en wist in de cachemap alleen zijn eigen bestanden; \
             verwijder dit bestand, of de hele map .menukaart-cache (die wordt opnieuw gemaakt)",
        );
        if let Ok(mut warnings) = self.warnings.lock() {
            warnings.push(warning);
        }
    }

    /// Placemats taken from the cache in this build.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Placemats laid out in this build.
    pub fn made(&self) -> usize {
        self.made.load(Ordering::Relaxed)
    }
}

/// Everything of a theme that a placemat is drawn from: its settings, its
/// colours and the bytes of its fonts (and other files).
pub fn theme_fingerprint(theme: &Theme) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(format!("{:?}", theme.placemat).as_bytes());
    for thema in <crate::vocab::Thema as crate::vocab::Vocabulary>::ALL {
        hash.update(theme.colour(*thema).to_string().as_bytes());
    }
    for (path, bytes) in &theme.files {
        hash.update(path.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    }
    hash.finalize().into()
}

/// The running program: a new build of menukaart may draw differently, so
/// it never reuses placemats of another one. The program file's size and
/// modification time identify it (reading and hashing all of it would
/// cost more than the placemats it saves); read once per process.
fn program_fingerprint() -> &'static [u8] {
    static PROGRAM: OnceLock<Vec<u8>> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let mut hash = Sha256::new();
        hash.update(env!("CARGO_PKG_VERSION").as_bytes());
        let program = std::env::current_exe().and_then(|path| {
            let meta = fs::metadata(&path)?;
            Ok((path, meta.len(), meta.modified()?))
        });
        match program {
            Ok(identity) => hash.update(format!("{identity:?}").as_bytes()),
            // Without it no key can be trusted across runs: make this
            // run's keys its own.
            Err(_) => hash.update(format!("{:?}", std::time::SystemTime::now()).as_bytes()),
        }
        hash.finalize().to_vec()
    })
}

/// How an entry ends: the SHA-256 of the PDF before it, so that a
/// damaged entry (a flipped byte in the middle, a disk error) is never
/// published as a placemat. A PDF header and `%%EOF` alone would pass such
/// a file.
const SEAL: &[u8] = b"\n%menukaart-sha256 ";
const SEAL_LEN: usize = SEAL.len() + 64 + 1;

fn seal(pdf: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(pdf.len() + SEAL_LEN);
    out.extend_from_slice(pdf);
    out.extend_from_slice(SEAL);
    out.extend_from_slice(hex(&Sha256::digest(pdf)).as_bytes());
    out.push(b'\n');
    out
}

/// The PDF of an entry whose seal matches; `None` for anything else.
fn unseal(mut entry: Vec<u8>) -> Option<Vec<u8>> {
    let at = entry.len().checked_sub(SEAL_LEN)?;
    let (pdf, tail) = entry.split_at(at);
    let digest = tail.strip_prefix(SEAL)?.strip_suffix(b"\n")?;
    let ok = pdf.starts_with(b"%PDF-") && digest == hex(&Sha256::digest(pdf)).as_bytes();
    if !ok {
        return None;
    }
    entry.truncate(at);
    Some(entry)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The file name of the entry with `key`.
fn entry_name(key: &str) -> String {
    format!("{key}.pdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_entry_reads_back_and_a_damaged_one_does_not() {
        let pdf = b"%PDF-1.7\nobject\n%%EOF\n".to_vec();
        assert_eq!(unseal(seal(&pdf)), Some(pdf.clone()));
        let mut flipped = seal(&pdf);
        flipped[10] ^= 1;
        assert_eq!(unseal(flipped), None, "a byte changed in the middle");
        assert_eq!(unseal(pdf), None, "no seal: an old or foreign entry");
        assert_eq!(unseal(Vec::new()), None);
    }
}
