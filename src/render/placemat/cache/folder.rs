//! The cache folder, handled so that nothing planted in it can reach
//! outside it.
//!
//! The cache sits inside the project, where a careless copy, a sync tool
//! or another user may put anything: a link to a file elsewhere, a named
//! pipe, a huge file, or a link in place of the folder itself. A path-based
//! `fs::read` or `File::create` follows such links, and a pipe makes a read
//! wait forever. So the folder is opened once, without following links,
//! and every entry is then opened, created, renamed and removed relative to
//! that descriptor (`openat` and friends, through rustix) with
//! `O_NOFOLLOW`; an entry is read only after `fstat` on the opened file
//! shows a regular file of sane size, and pipes are opened non-blocking so
//! that opening one returns at once.

use std::collections::hash_map::RandomState;
use std::fs::File;
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rustix::fs::{
    fstat, mkdirat, openat, renameat, statat, unlinkat, AtFlags, Dir, FileType, Mode, OFlags, Stat,
    CWD,
};
use rustix::io::Errno;

use crate::diagnostics::Diagnostic;

/// A temporary file older than this was left by a killed build (a running
/// build's own are seconds old).
const STALE_TEMPORARY: Duration = Duration::from_secs(24 * 3600);

/// The cache folder, open.
#[derive(Debug)]
pub(super) struct Folder {
    fd: OwnedFd,
    path: PathBuf,
}

/// Flags for opening anything in the cache: never through a link, never
/// inherited by a child process.
fn flags() -> OFlags {
    OFlags::NOFOLLOW | OFlags::CLOEXEC
}

impl Folder {
    /// Opens (and makes, when missing) `<root>/<dir>`, e.g.
    /// `.menukaart-cache/placemats`. A link at any level is refused with a
    /// warning: the build then runs without this cache.
    pub(super) fn open(root: &Path, dir: &str) -> Result<Folder, Option<Diagnostic>> {
        let root_fd = openat(
            CWD,
            root,
            OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|_| None)?;
        let mut fd = root_fd;
        let mut path = root.to_path_buf();
        for part in dir.split('/') {
            path.push(part);
            fd = open_dir(&fd, part, &path)?;
        }
        Ok(Folder { fd, path })
    }

    /// The folder's path, for messages.
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// The entry `name`, opened for reading when it is a regular file of
    /// at most `max` bytes. `Ok(None)`: there is no such entry. `Err`: the
    /// entry is there but not ours to read (the reason, in Dutch).
    pub(super) fn open_entry(&self, name: &str, max: u64) -> Result<Option<File>, &'static str> {
        let opened = openat(
            &self.fd,
            name,
            OFlags::RDONLY | OFlags::NONBLOCK | flags(),
            Mode::empty(),
        );
        let fd = match opened {
            Ok(fd) => fd,
            Err(Errno::NOENT) => return Ok(None),
            Err(Errno::LOOP) => return Err(NOT_REGULAR),
            Err(_) => return Err("kan dit bestand in de cache niet lezen"),
        };
        let stat = fstat(&fd).map_err(|_| "kan dit bestand in de cache niet lezen")?;
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
            return Err(NOT_REGULAR);
        }
        if u64::try_from(stat.st_size).unwrap_or(u64::MAX) > max {
            return Err(
                "dit bestand in de cache is veel groter dan een placemat en wordt niet gelezen",
            );
        }
        Ok(Some(File::from(fd)))
    }

    /// Writes a new entry `name` with `fill`: into a temporary file that
    /// only this call can have made (`O_EXCL` under an unpredictable name),
    /// then renamed over `name`, so a reader sees a whole entry or the old
    /// one, and a planted link under either name is never written through.
    pub(super) fn replace(
        &self,
        name: &str,
        fill: impl FnOnce(&mut File) -> io::Result<()>,
    ) -> io::Result<()> {
        let temporary = format!(".{name}.{:016x}.tmp", random());
        let fd = openat(
            &self.fd,
            &temporary,
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | flags(),
            Mode::from_raw_mode(0o644),
        )?;
        let mut file = File::from(fd);
        let written = fill(&mut file)
            .and_then(|()| renameat(&self.fd, &temporary, &self.fd, name).map_err(io::Error::from));
        if written.is_err() {
            let _ = unlinkat(&self.fd, &temporary, AtFlags::empty());
        }
        written
    }

    /// Goes through the folder: removes entries for which `keep` is false
    /// (only when `prune`) and stale temporary files, both only when they
    /// are regular files; returns every other name with why it stays.
    pub(super) fn prune(
        &self,
        prune: bool,
        keep: impl Fn(&str) -> bool,
    ) -> Vec<(String, &'static str)> {
        let Ok(dir) = Dir::read_from(&self.fd) else {
            return Vec::new();
        };
        let mut foreign = Vec::new();
        for entry in dir.flatten() {
            let Ok(name) = entry.file_name().to_str().map(str::to_owned) else {
                foreign.push((entry.file_name().to_string_lossy().into_owned(), NOT_OURS));
                continue;
            };
            if name == "." || name == ".." {
                continue;
            }
            let Ok(stat) = statat(&self.fd, name.as_str(), AtFlags::SYMLINK_NOFOLLOW) else {
                continue;
            };
            let regular = FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile;
            if is_entry(&name) {
                if !regular {
                    foreign.push((name, NOT_REGULAR));
                } else if prune && !keep(&name) {
                    let _ = unlinkat(&self.fd, name.as_str(), AtFlags::empty());
                }
            } else if is_temporary(&name) {
                if !regular {
                    foreign.push((name, NOT_REGULAR));
                } else if older_than(&stat, STALE_TEMPORARY) {
                    let _ = unlinkat(&self.fd, name.as_str(), AtFlags::empty());
                }
            } else {
                foreign.push((name, NOT_OURS));
            }
        }
        foreign.sort();
        foreign
    }
}

const NOT_REGULAR: &str = "geen gewoon bestand (een koppeling, map of pipe) en wordt niet gebruikt";
const NOT_OURS: &str = "dit bestand is niet door menukaart gemaakt en blijft staan";

/// Opens the folder `name` in `parent` without following a link, making
/// it when it is missing.
fn open_dir(parent: &OwnedFd, name: &str, path: &Path) -> Result<OwnedFd, Option<Diagnostic>> {
    let open = || openat(parent, name, OFlags::DIRECTORY | flags(), Mode::empty());
    match open() {
        Ok(fd) => Ok(fd),
        Err(Errno::NOENT) => {
            mkdirat(parent, name, Mode::from_raw_mode(0o755)).map_err(|_| None)?;
            open().map_err(|_| None)
        }
        Err(Errno::LOOP | Errno::NOTDIR) => {
            let link = statat(parent, name, AtFlags::SYMLINK_NOFOLLOW)
                .is_ok_and(|s| FileType::from_raw_mode(s.st_mode) == FileType::Symlink);
            let what = if link {
                "is een koppeling (symlink); de placematcache volgt geen koppelingen en wordt overgeslagen"
            } else {
                "is geen map; de placematcache wordt overgeslagen"
            };
            Err(Some(
                Diagnostic::warning(None, format!("{}: {what}", path.display())).with_hint(
                    "verwijder de koppeling of het bestand; menukaart maakt dan zelf een gewone map \
                     .menukaart-cache/placemats",
                ),
            ))
        }
        Err(_) => Err(None),
    }
}

/// `<64 hex digits>.pdf`: the name of an entry.
fn is_entry(name: &str) -> bool {
    name.strip_suffix(".pdf")
        .is_some_and(|key| key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `.<entry>.<random>.tmp`: a temporary file of `Folder::replace`.
fn is_temporary(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .and_then(|rest| rest.rsplit_once('.'))
        .is_some_and(|(entry, _)| is_entry(entry))
}

fn older_than(stat: &Stat, age: Duration) -> bool {
    let modified = UNIX_EPOCH + Duration::from_secs(u64::try_from(stat.st_mtime).unwrap_or(0));
    SystemTime::now()
        .duration_since(modified)
        .is_ok_and(|elapsed| elapsed > age)
}

/// 64 bits no other process can guess: std seeds each `RandomState` from
/// the operating system's random source.
fn random() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(u64::from(std::process::id()));
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_entries_and_temporary_files() {
        let key = "ab".repeat(32);
        assert!(is_entry(&format!("{key}.pdf")));
        assert!(!is_entry("aantekeningen.pdf"));
        assert!(is_temporary(&format!(".{key}.pdf.0123456789abcdef.tmp")));
        assert!(!is_temporary(".iets.tmp"));
    }

    #[test]
    fn temporary_names_differ() {
        assert_ne!(random(), random());
    }
}
