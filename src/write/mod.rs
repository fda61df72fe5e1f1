//! Stage 5: write the site so that a failed, killed or concurrent build
//! never damages `output/`.
//!
//! Everything is written into a staging folder next to the output folder.
//! Only when the whole build succeeded is the staging folder swapped with
//! the output folder; on failure the old output stays exactly as it was.
//! Around that:
//!
//! - **Double buffering.** The previous generation is kept beside the
//!   output as `.<output>.vorige` and is the next build's staging folder:
//!   rewritten in place, not made anew. Only new folders are created, a file
//!   whose bytes did not change is not written at all, and only files the
//!   build no longer produces are deleted. Creating and deleting a whole
//!   tree of thousands of files every build was most of a national
//!   HTML rebuild's time, spent in system calls and in threads queueing on
//!   directory locks (issue 15).
//! - **A half-rewritten buffer is never trusted.** The stamp file
//!   `.<output>.vorige.heel` says the buffer holds one whole generation.
//!   It is removed before the rewrite starts and written only after the
//!   swap; a build killed in between leaves a buffer without a stamp, which
//!   the next build treats as scratch (every file written again). Never the
//!   output: the buffer being rewritten is not `output/`.
//! - **Symlinks.** When `output/` is a symlink (say to a web server's
//!   folder) the link is followed and its target treated as the output, so
//!   the link stays and points at the new site. Symlinks *inside* an old
//!   site are removed, never followed.
//! - **One build at a time.** A build holds an advisory lock on the file
//!   `.<output>.lock` next to the output from start to finish; a second
//!   build into the same folder says so and waits.
//! - **Killed builds.** Holding the lock proves nobody else is building, so
//!   folders a killed build left behind (recognisable by name and by the
//!   marker) are cleaned at the next start.
//! - **No gap.** On Linux the swap is one `renameat2(RENAME_EXCHANGE)`, so
//!   there is no moment in which `output/` is missing or half written.
//!   Elsewhere, or on file systems without it, the old output is renamed
//!   aside and the new one renamed in.
//! - **Only our own files.** A folder is replaced or deleted only when it
//!   carries the marker file (or is empty apart from `.gitkeep`). Files a
//!   beheerder put into the output by hand are carried into the new site
//!   with a warning (see [`keep`]).

mod keep;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::diagnostics::Diagnostic;

pub use keep::MANIFEST;

/// File that marks a folder as made by menukaart (and so safe to replace).
pub const MARKER: &str = ".menukaart-output";
const MARKER_TEXT: &str = "Deze map is gemaakt door menukaart en wordt bij elke build vervangen.\nBewerk hier niets met de hand: pas de bestanden in interventions/ en regions/ aan.\n";

/// Suffix of a previous generation parked by the rename-aside fallback.
const OLD_SUFFIX: &str = ".oud";

/// Suffix of the kept previous generation: `.<output>.vorige`.
const BUFFER_SUFFIX: &str = ".vorige";
/// Suffix of the stamp beside it, `.<output>.vorige.heel`: present only
/// while the buffer holds one whole generation.
const STAMP_SUFFIX: &str = ".vorige.heel";
const STAMP_TEXT: &str = "De map ernaast bevat een volledige vorige build van menukaart.\n";

/// How many symlinks we follow before calling it a loop (as Linux does).
const MAX_LINKS: usize = 40;

/// A folder being filled by a build, not yet visible as the output.
///
/// Holds the output's lock for its whole life: from before the leftovers are
/// cleaned until after the previous generation is put aside.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    /// The real output folder: symlinks resolved, so renames never replace
    /// a link by a folder.
    output: PathBuf,
    /// Where the previous generation is kept after the swap; `None` when
    /// that name is taken by a folder that is not ours, and `dir` is then a
    /// throw-away folder as before double buffering.
    buffer: Option<Buffer>,
    /// Whether the output existed when the build started. Only then is a
    /// failed build's buffer worth keeping: `serve` builds into new folders
    /// every time and must not leave buffers behind.
    output_existed: bool,
    /// Files and folders `dir` held when the build started.
    old: Index,
    /// Whether `old` is one whole generation, so that a file with the same
    /// bytes may be left alone. A buffer without the stamp was being
    /// rewritten when a build died: every file is written again.
    trusted: bool,
    /// Folders this build created, so each is made once, not once per file:
    /// `mkdir` on an existing folder still takes its parent's lock.
    created: Mutex<HashSet<String>>,
    committed: bool,
    /// Files in the current output that no build wrote: carried over.
    foreign: keep::Foreign,
    /// The output as the user named it, for messages.
    shown: PathBuf,
    /// Released when the staging is dropped.
    _lock: File,
}

/// The kept previous generation and its stamp.
#[derive(Debug)]
struct Buffer {
    dir: PathBuf,
    stamp: PathBuf,
}

/// What a reused buffer held, from one walk before the build. The flags
/// say whether this build produced the file (or something in the folder);
/// whatever is still unflagged at the commit is deleted.
#[derive(Debug, Default)]
struct Index {
    files: HashMap<String, AtomicBool>,
    dirs: HashMap<String, AtomicBool>,
}

impl Index {
    /// Lists `root`'s regular files and folders (by `/`-separated relative
    /// path). Symlinks and other special files are removed on the way:
    /// writing through a link could put files anywhere.
    fn walk(root: &Path) -> Index {
        let mut index = Index::default();
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
                    index.dirs.insert(path.clone(), AtomicBool::new(false));
                    stack.push((entry.path(), path));
                } else if kind.is_file() {
                    index.files.insert(path, AtomicBool::new(false));
                } else {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        index
    }

    /// Flags `dir` and its parents as still in use.
    fn use_dir(&self, mut dir: &str) {
        loop {
            if let Some(flag) = self.dirs.get(dir) {
                if flag.swap(true, Ordering::Relaxed) {
                    return;
                }
            }
            match dir.rsplit_once('/') {
                Some((parent, _)) => dir = parent,
                None => return,
            }
        }
    }
}

impl Staging {
    /// Prepares the staging folder next to `output`, after taking the lock,
    /// cleaning what killed builds left, and checking that `output` is
    /// absent, empty, or made by menukaart. The staging folder is the kept
    /// previous generation when there is one.
    pub fn create(output: &Path) -> Result<Staging, Diagnostic> {
        let output_named = output;
        let place = Place::of(&resolve_output(output)?)?;
        let output = place.output.clone();
        fs::create_dir_all(&place.parent).map_err(|err| {
            Diagnostic::error(
                None,
                format!(
                    "kan de map {} niet maken: {}",
                    place.parent.display(),
                    dutch(&err)
                ),
            )
            .with_hint("controleer of u in deze map mag schrijven en of de schijf niet vol is")
        })?;
        let lock = place.lock(&output)?;
        place.clean_leftovers(&output);
        ensure_replaceable(&output)?;
        let output_existed = fs::symlink_metadata(&output).is_ok();
        let foreign = if carries_marker(&output) {
            keep::find(&output, &[MARKER, ".gitkeep"])
        } else {
            keep::Foreign::default()
        };
        let cannot_make = |(dir, err): (PathBuf, io::Error)| {
            Diagnostic::error(
                None,
                format!(
                    "kan de tijdelijke map {} niet maken: {}",
                    dir.display(),
                    dutch(&err)
                ),
            )
            .with_hint("controleer of u in deze map mag schrijven en of de schijf niet vol is")
        };
        let (dir, buffer, trusted) = match place.take_buffer().map_err(cannot_make)? {
            Some((buffer, trusted)) => (buffer.dir.clone(), Some(buffer), trusted),
            None => (place.new_staging_dir().map_err(cannot_make)?, None, false),
        };
        let old = if buffer.is_some() {
            Index::walk(&dir)
        } else {
            Index::default()
        };
        let staging = Staging {
            dir,
            output,
            buffer,
            output_existed,
            old,
            trusted,
            created: Mutex::new(HashSet::new()),
            committed: false,
            foreign,
            shown: output_named.to_path_buf(),
            _lock: lock,
        };
        staging
            .write(MARKER, MARKER_TEXT.as_bytes())
            .map_err(|err| {
                Diagnostic::error(
                    None,
                    format!(
                        "kan niet schrijven in de tijdelijke map {}: {}",
                        staging.dir.display(),
                        dutch(&err)
                    ),
                )
                .with_hint("controleer of de schijf niet vol is")
            })?;
        Ok(staging)
    }

    /// Writes one file, creating its folders. `path` uses `/` separators.
    /// Safe to call from many threads at once.
    ///
    /// A file the previous generation already held with exactly these bytes
    /// is left alone: reading a file from the page cache is much cheaper
    /// than truncating and rewriting it, and it keeps its modification time,
    /// so rsync and web caches see no change either.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let path = normalise(path);
        let parent = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        self.ensure_dir(parent)?;
        let target = self.dir.join(&*path);
        if let Some(produced) = self.old.files.get(&*path) {
            produced.store(true, Ordering::Relaxed);
            if self.trusted && same_bytes(&target, bytes) {
                return Ok(());
            }
        }
        match write_file(&target, bytes) {
            // A folder of the previous generation where this build puts a
            // file: it was ours, so it goes.
            Err(err) if target.is_dir() && !target.is_symlink() => {
                fs::remove_dir_all(&target).map_err(|_| err)?;
                write_file(&target, bytes)
            }
            other => other,
        }
    }

    /// Makes sure folder `dir` (relative, `/`-separated) exists, asking the
    /// file system only the first time.
    fn ensure_dir(&self, dir: &str) -> io::Result<()> {
        if dir.is_empty() {
            return Ok(());
        }
        if self.old.dirs.contains_key(dir) {
            self.old.use_dir(dir);
            return Ok(());
        }
        let mut created = self.created.lock().unwrap_or_else(|e| e.into_inner());
        if created.contains(dir) {
            return Ok(());
        }
        let full = self.dir.join(dir);
        if let Err(err) = fs::create_dir_all(&full) {
            // A file of the previous generation where this build needs a
            // folder: remove it and try again.
            let mut at = self.dir.clone();
            for part in dir.split('/') {
                at.push(part);
                if fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                    fs::remove_file(&at).map_err(|_| err)?;
                    break;
                }
            }
            fs::create_dir_all(&full)?;
        }
        self.old.use_dir(dir);
        created.insert(dir.to_owned());
        Ok(())
    }

    /// Deletes what the previous generation held and this build did not
    /// produce: files first, then folders that are left empty, deepest
    /// first.
    fn prune(&self) {
        for (path, produced) in &self.old.files {
            if !produced.load(Ordering::Relaxed) {
                let _ = fs::remove_file(self.dir.join(path));
            }
        }
        let mut unused: Vec<&String> = self
            .old
            .dirs
            .iter()
            .filter(|(_, used)| !used.load(Ordering::Relaxed))
            .map(|(dir, _)| dir)
            .collect();
        unused.sort_by_key(|dir| std::cmp::Reverse(dir.matches('/').count()));
        for dir in unused {
            let _ = fs::remove_dir(self.dir.join(dir));
        }
    }

    /// A warning for every file in the current output that menukaart did
    /// not write (and that this build will carry over).
    pub fn foreign_warnings(&self) -> Vec<Diagnostic> {
        self.foreign.warnings(&self.shown)
    }

    /// Swaps the staging folder in as the output folder, then keeps the
    /// previous generation as the next build's buffer. Returns warnings
    /// about files of the user's that a file of the build replaced.
    pub fn commit(mut self) -> Result<Vec<Diagnostic>, Diagnostic> {
        let fail = |err: io::Error| {
            Diagnostic::error(
                None,
                format!(
                    "kan de nieuwe site niet op zijn plaats zetten: {}",
                    dutch(&err)
                ),
            )
            .with_hint("de vorige inhoud van de outputmap is bewaard; probeer het opnieuw")
        };
        ensure_replaceable(&self.output)?;
        if self.output.join(".gitkeep").is_file() {
            self.write(".gitkeep", b"").map_err(fail)?;
        }
        // Rewritten below, only when its list changed.
        if let Some(manifest) = self.old.files.get(MANIFEST) {
            manifest.store(true, Ordering::Relaxed);
        }
        self.prune();
        let warnings = self
            .foreign
            .carry(&self.output, &self.dir, &self.shown)
            .map_err(fail)?;
        self.foreign.write_manifest(&self.dir).map_err(fail)?;
        if fs::symlink_metadata(&self.output).is_ok() {
            let parked = Place::of(&self.output)?.parked_name();
            let previous = swap_in(&self.dir, &self.output, &parked).map_err(fail)?;
            self.committed = true;
            retire_previous(&previous, &self.output, self.buffer.as_ref());
        } else {
            fs::rename(&self.dir, &self.output).map_err(fail)?;
            self.committed = true;
        }
        Ok(warnings)
    }
}

impl Drop for Staging {
    /// A failed build: the output was never touched. A buffer of an
    /// existing output is kept (without its stamp, so as scratch) for the
    /// next build; anything else is removed.
    fn drop(&mut self) {
        let keep_as_scratch = self.buffer.is_some() && self.output_existed;
        if self.committed || keep_as_scratch {
            return;
        }
        remove_tree(&self.dir);
    }
}

/// `path` without empty or `.` parts, so that it matches the index's keys:
/// a produced file the index did not recognise would be deleted at the
/// commit.
fn normalise(path: &str) -> Cow<'_, str> {
    let clean = |p: &str| !p.is_empty() && p != ".";
    if path.split('/').all(clean) {
        return Cow::Borrowed(path);
    }
    Cow::Owned(
        path.split('/')
            .filter(|p| clean(p))
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// Whether the regular file at `path` holds exactly `bytes`: length first,
/// then the bytes themselves. Any error means "no", so the file is written.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
    {
        return false;
    }
    let mut old = Vec::with_capacity(bytes.len() + 1);
    file.read_to_end(&mut old).is_ok() && old == bytes
}

/// Writes `bytes` to `path` with one `write` call (no buffering needed: the
/// whole file is in memory already).
fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    File::create(path)?.write_all(bytes)
}

/// Follows `output` while it is a symlink, so that the link's target is
/// treated as the output folder and the link itself is never replaced. A
/// target that does not exist yet is fine: it is created there.
fn resolve_output(output: &Path) -> Result<PathBuf, Diagnostic> {
    let mut path = output.to_path_buf();
    for _ in 0..MAX_LINKS {
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(path);
        }
        let target = fs::read_link(&path).map_err(|err| {
            Diagnostic::error(
                None,
                format!(
                    "kan de koppeling {} niet lezen: {}",
                    path.display(),
                    dutch(&err)
                ),
            )
            .with_hint("controleer of u deze koppeling (symlink) mag lezen")
        })?;
        // A relative target is relative to the folder holding the link;
        // joining an absolute target replaces the path entirely.
        path = match path.parent() {
            Some(parent) => parent.join(target),
            None => target,
        };
    }
    Err(Diagnostic::error(
        None,
        format!(
            "de outputmap {} is een koppeling (symlink) die in een kring naar zichzelf wijst",
            output.display()
        ),
    )
    .with_hint("laat de koppeling naar een gewone map wijzen, of kies met --output een andere map"))
}

/// Where the output lives: its parent folder and its name, from which the
/// names of the lock file, staging folders and leftovers follow.
struct Place {
    /// The output folder itself, with a name of its own.
    output: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Place {
    fn of(output: &Path) -> Result<Place, Diagnostic> {
        // `x/..` or `.` has no name of its own; the real folder does.
        let output = match output.file_name() {
            Some(_) => output.to_path_buf(),
            None => output
                .canonicalize()
                .unwrap_or_else(|_| output.to_path_buf()),
        };
        let Some(name) = output.file_name().map(|n| n.to_os_string()) else {
            return Err(Diagnostic::error(
                None,
                format!("{} kan geen outputmap zijn", output.display()),
            )
            .with_hint("kies met --output een nieuwe of lege map"));
        };
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Ok(Place {
            name: name.to_string_lossy().into_owned(),
            output,
            parent,
        })
    }

    /// Prefix of every staging folder (and parked old generation).
    fn staging_prefix(&self) -> String {
        format!(".{}.bouw-", self.name)
    }

    /// The kept previous generation, claimed as this build's staging folder:
    /// `Some((buffer, trusted))`, its stamp removed first so that a build
    /// killed from here on leaves a buffer nobody trusts. A missing buffer is
    /// created (empty, untrusted). `None` when the name is taken by
    /// something that is not ours, which is then left alone.
    fn take_buffer(&self) -> Result<Option<(Buffer, bool)>, (PathBuf, io::Error)> {
        let buffer = Buffer {
            dir: self.parent.join(format!(".{}{BUFFER_SUFFIX}", self.name)),
            stamp: self.parent.join(format!(".{}{STAMP_SUFFIX}", self.name)),
        };
        match fs::symlink_metadata(&buffer.dir) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                // A stamp without its folder describes nothing.
                let _ = fs::remove_file(&buffer.stamp);
                fs::create_dir(&buffer.dir).map_err(|err| (buffer.dir.clone(), err))?;
                Ok(Some((buffer, false)))
            }
            Ok(meta) if meta.is_dir() && (carries_marker(&buffer.dir) || is_empty(&buffer.dir)) => {
                let trusted = fs::symlink_metadata(&buffer.stamp).is_ok_and(|m| m.is_file());
                match fs::remove_file(&buffer.stamp) {
                    Ok(()) => Ok(Some((buffer, trusted))),
                    Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(Some((buffer, false))),
                    // A stamp we cannot remove would keep vouching for a
                    // buffer we are about to change: do not use it.
                    Err(_) => Ok(None),
                }
            }
            _ => Ok(None),
        }
    }

    /// A fresh name for parking the old output in the rename-aside fallback;
    /// it starts like a staging folder, so leftovers are found.
    fn parked_name(&self) -> PathBuf {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        self.parent.join(format!(
            "{}{}-{nanos}{OLD_SUFFIX}",
            self.staging_prefix(),
            std::process::id()
        ))
    }

    /// Takes the advisory lock on `.<name>.lock`, waiting (with a message)
    /// while another build holds it. The lock file is never deleted: removing
    /// it while another process waits on it would let a third one in.
    fn lock(&self, output: &Path) -> Result<File, Diagnostic> {
        let path = self.parent.join(format!(".{}.lock", self.name));
        let fail = |err: io::Error| {
            Diagnostic::error(
                None,
                format!(
                    "kan het slot {} niet zetten: {}",
                    path.display(),
                    dutch(&err)
                ),
            )
            .with_hint("controleer of u in deze map mag schrijven")
        };
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(fail)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                eprintln!(
                    "let op: er loopt al een build in deze map ({}); menukaart wacht tot die klaar is",
                    output.display()
                );
                file.lock().map_err(fail)?;
            }
            Err(fs::TryLockError::Error(err)) => return Err(fail(err)),
        }
        Ok(file)
    }

    /// A fresh staging folder; never one that already exists, even when two
    /// processes on different machines share the folder and the clock.
    fn new_staging_dir(&self) -> Result<PathBuf, (PathBuf, io::Error)> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let base = format!("{}{}-{nanos}", self.staging_prefix(), std::process::id());
        let mut attempt = 0u32;
        loop {
            let dir = match attempt {
                0 => self.parent.join(&base),
                n => self.parent.join(format!("{base}-{n}")),
            };
            match fs::create_dir(&dir) {
                Ok(()) => return Ok(dir),
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists && attempt < 1000 => {
                    attempt += 1;
                }
                Err(err) => return Err((dir, err)),
            }
        }
    }

    /// Cleans what killed builds left next to `output`. Must only run while
    /// holding the lock: then no other build is using any of these folders.
    ///
    /// A folder is deleted only when its name is one of ours *and* it carries
    /// the marker, or when it is empty (a build killed before writing the
    /// marker). If `output` itself is missing, because a build was killed
    /// between parking the old site and moving the new one in, the parked
    /// site is put back first: that is the previous whole site.
    fn clean_leftovers(&self, output: &Path) {
        let prefix = self.staging_prefix();
        // The fixed name older versions used for the previous generation.
        let legacy_old = format!(".{}{OLD_SUFFIX}", self.name);
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return;
        };
        let mut ours = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with(&prefix) && name != legacy_old {
                continue;
            }
            // `file_type` does not follow symlinks: a link named like ours
            // is not ours.
            if !entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let path = entry.path();
            if carries_marker(&path) {
                ours.push(path);
            } else {
                // Succeeds only for an empty folder.
                let _ = fs::remove_dir(&path);
            }
        }
        if fs::symlink_metadata(output).is_err() {
            let parked = ours
                .iter()
                .filter(|p| p.to_string_lossy().ends_with(OLD_SUFFIX))
                .max_by_key(|p| fs::metadata(p).and_then(|m| m.modified()).ok());
            if let Some(parked) = parked.cloned() {
                if fs::rename(&parked, output).is_ok() {
                    ours.retain(|p| *p != parked);
                }
            }
        }
        for path in ours {
            remove_tree(&path);
        }
    }
}

/// Whether `dir` holds nothing at all.
fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// Whether `dir` carries menukaart's marker (a real file, not a link).
fn carries_marker(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Puts `staging` in the place of `output` (both exist) and returns where
/// the previous generation now is.
///
/// Linux: one atomic exchange, after which `staging` holds the previous
/// generation. Without it: park the old output at `parked`, move the new
/// one in, and put the old one back if that fails.
fn swap_in(staging: &Path, output: &Path, parked: &Path) -> io::Result<PathBuf> {
    if exchange(staging, output)? {
        return Ok(staging.to_path_buf());
    }
    park_and_rename(staging, output, parked)
}

/// The fallback swap: two renames, with a short moment in between in which
/// `output` is missing. A build killed right then leaves the old site
/// parked, and the next build puts it back (see `clean_leftovers`).
fn park_and_rename(staging: &Path, output: &Path, parked: &Path) -> io::Result<PathBuf> {
    fs::rename(output, parked)?;
    if let Err(err) = fs::rename(staging, output) {
        let _ = fs::rename(parked, output);
        return Err(err);
    }
    Ok(parked.to_path_buf())
}

/// Atomically exchanges two existing paths. `Ok(false)` when the system or
/// file system cannot, so the caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::OPNOTSUPP => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Puts the previous generation aside after a swap: kept as the next
/// build's buffer (and stamped whole: it was the published site) when
/// there is a place for it, otherwise removed. Deletes only what menukaart
/// made: a folder with the marker, or one holding nothing but `.gitkeep`.
/// Anything else (a user who put files into the old output during the
/// build) is left where it is, with a warning that says where.
fn retire_previous(previous: &Path, output: &Path, buffer: Option<&Buffer>) {
    if carries_marker(previous) {
        if let Some(buffer) = buffer {
            let in_place = previous == buffer.dir || fs::rename(previous, &buffer.dir).is_ok();
            if in_place {
                let _ = fs::write(&buffer.stamp, STAMP_TEXT);
                return;
            }
        }
        remove_tree(previous);
        return;
    }
    let _ = fs::remove_file(previous.join(".gitkeep"));
    if fs::remove_dir(previous).is_err() && fs::symlink_metadata(previous).is_ok() {
        eprintln!(
            "waarschuwing: de vorige inhoud van {} bevatte bestanden die menukaart niet heeft gemaakt; ze staan nu in {}\n  hint: haal daar uit wat u wilt bewaren en gooi de map daarna weg",
            output.display(),
            previous.display()
        );
    }
}

/// Removes a folder tree, its top-level entries in parallel: a large old
/// site is thousands of files, and unlinking them one by one on one core
/// was a fifth of a national build. Symlinks are removed, never followed
/// (`DirEntry::file_type` and `remove_dir_all` do not follow them).
///
/// The marker goes last: a build killed halfway through leaves a folder
/// that still says it is ours, so the next build can finish the job.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = fs::read_dir(dir) {
        let entries: Vec<_> = entries
            .flatten()
            .filter(|e| e.file_name() != MARKER)
            .collect();
        entries.par_iter().for_each(|entry| {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                let _ = fs::remove_dir_all(&path);
            } else {
                let _ = fs::remove_file(&path);
            }
        });
    }
    let _ = fs::remove_file(dir.join(MARKER));
    let _ = fs::remove_dir_all(dir);
}

/// An I/O error in Dutch, with the system's own words in brackets for
/// whoever has to dig deeper.
fn dutch(err: &io::Error) -> String {
    use io::ErrorKind as K;
    let what = match err.kind() {
        K::NotFound => "de map of het bestand bestaat niet",
        K::PermissionDenied => "u hebt hier geen schrijfrechten",
        K::AlreadyExists => "er staat al iets met die naam",
        K::DirectoryNotEmpty => "de map is niet leeg",
        K::NotADirectory => "een deel van het pad is geen map",
        K::IsADirectory => "er staat een map waar een bestand hoort",
        K::StorageFull => "de schijf is vol",
        K::ReadOnlyFilesystem => "de schijf is alleen-lezen",
        K::CrossesDevices => "de map staat op een andere schijf",
        K::InvalidFilename => "de naam is ongeldig of te lang",
        _ => "het besturingssysteem gaf een fout",
    };
    format!("{what} ({err})")
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
    let entries = fs::read_dir(output).map_err(|err| {
        refuse(format!(
            "kan de map {} niet lezen: {}",
            output.display(),
            dutch(&err)
        ))
    })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn generation(dir: &Path, page: &str) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(dir.join("index.html"), page).unwrap();
    }

    /// The exchange (where the file system has it) and the fallback both
    /// leave the new site at `output` and the old one at the returned path.
    #[test]
    fn both_swaps_put_the_new_site_in_place_and_return_the_old_one() {
        for swap in [swap_in, park_and_rename] {
            let tmp = tempfile::tempdir().unwrap();
            let output = tmp.path().join("output");
            let staging = tmp.path().join(".output.bouw-1-2");
            generation(&output, "oud");
            generation(&staging, "nieuw");
            let parked = tmp.path().join(".output.bouw-1-3.oud");
            let previous = swap(&staging, &output, &parked).unwrap();
            assert_eq!(
                fs::read_to_string(output.join("index.html")).unwrap(),
                "nieuw"
            );
            assert_eq!(
                fs::read_to_string(previous.join("index.html")).unwrap(),
                "oud"
            );
        }
    }

    #[test]
    fn retire_previous_keeps_folders_that_are_not_ours() {
        let tmp = tempfile::tempdir().unwrap();
        let foreign = tmp.path().join("vreemd");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("brief.txt"), "blijft").unwrap();
        retire_previous(&foreign, &tmp.path().join("output"), None);
        assert!(foreign.join("brief.txt").is_file());

        let gitkeep_only = tmp.path().join("leeg");
        fs::create_dir_all(&gitkeep_only).unwrap();
        fs::write(gitkeep_only.join(".gitkeep"), "").unwrap();
        retire_previous(&gitkeep_only, &tmp.path().join("output"), None);
        assert!(!gitkeep_only.exists());

        let ours = tmp.path().join("ons");
        generation(&ours, "oud");
        retire_previous(&ours, &tmp.path().join("output"), None);
        assert!(!ours.exists());
    }

    #[test]
    fn dutch_errors_keep_the_system_detail() {
        let err = io::Error::from(io::ErrorKind::DirectoryNotEmpty);
        let text = dutch(&err);
        assert!(text.starts_with("de map is niet leeg ("), "{text}");
    }
}
