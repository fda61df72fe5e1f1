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
//! not a complete PDF is ignored and made again.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use super::{Context, Paper};
use crate::resolve::Menukaart;
use crate::theme::Theme;

/// Where the cache goes inside a project.
pub const DIR: &str = ".menukaart-cache/placemats";

/// The cache of one build; counts what it reused and what it made.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    reused: AtomicUsize,
    made: AtomicUsize,
}

impl Cache {
    /// The cache of the project at `root`.
    pub fn new(root: &Path) -> Cache {
        Cache {
            dir: root.join(DIR),
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

    /// A cached placemat, when it exists and is a whole PDF.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        let bytes = fs::read(self.dir.join(format!("{key}.pdf"))).ok()?;
        let whole = bytes.starts_with(b"%PDF-")
            && bytes[bytes.len().saturating_sub(32)..]
                .windows(5)
                .any(|w| w == b"%%EOF");
        if whole {
            self.reused.fetch_add(1, Ordering::Relaxed);
            Some(bytes)
        } else {
            None
        }
    }

    /// Stores a placemat just made. A cache that cannot be written costs
    /// only speed, never the build: failures are ignored.
    pub fn put(&self, key: &str, bytes: &[u8]) {
        self.made.fetch_add(1, Ordering::Relaxed);
        let _ = fs::create_dir_all(&self.dir);
        let target = self.dir.join(format!("{key}.pdf"));
        let temporary = self.dir.join(format!(".{key}.{}.tmp", std::process::id()));
        let written = fs::File::create(&temporary).and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
        if written.is_ok() {
            let _ = fs::rename(&temporary, &target);
        } else {
            let _ = fs::remove_file(&temporary);
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Removes what killed builds left: temporary files older than a day (a
/// running build's own temporary files are seconds old).
pub fn tidy(root: &Path) {
    let Ok(entries) = fs::read_dir(root.join(DIR)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 24 * 3600);
        if name.to_string_lossy().ends_with(".tmp") && old {
            let _ = fs::remove_file(entry.path());
        }
    }
}
