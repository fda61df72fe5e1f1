//! Watching the project for saves.
//!
//! Only what a build reads is watched: `menukaart.toml`, `interventions/`,
//! `regions/` and `themes/`. Watching the whole project folder
//! recursively would also watch `output/`, `.git/` or a `target/` folder
//! with thousands of subfolders. Editors save in bursts (write a temporary
//! file, rename it, touch the original), so events are debounced: a
//! rebuild starts once a file has been quiet for [`DEBOUNCE`].

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecursiveMode, Watcher};

use super::rebuild::Msg;
use crate::load::{CONFIG_FILE, INTERVENTIONS_DIR, REGIONS_DIR};

/// Quiet time after the last event of a save before rebuilding. Short, as
/// it adds to every preview; long enough to merge the events of one save.
pub const DEBOUNCE: Duration = Duration::from_millis(20);
/// Longest wait before rebuilding while changes keep coming.
const MAX_WAIT: Duration = Duration::from_millis(500);

const THEMES_DIR: &str = "themes";

/// Whether a change to `path` (relative to the project) can change the site.
pub fn relevant(relative: &Path) -> bool {
    let parts: Vec<&str> = relative.iter().filter_map(|p| p.to_str()).collect();
    if parts.iter().any(|p| p.starts_with('.') || p.ends_with('~')) {
        return false;
    }
    match parts.as_slice() {
        [CONFIG_FILE] | [INTERVENTIONS_DIR] | [REGIONS_DIR] | [THEMES_DIR] => true,
        [INTERVENTIONS_DIR, file] => file.ends_with(".md"),
        [REGIONS_DIR, file] => file.ends_with(".toml"),
        [THEMES_DIR, ..] => true,
        _ => false,
    }
}

/// Whether a notify event reports a change (reading a file, as every
/// build does, is reported too and must not start a rebuild).
fn is_change(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    ) || is_complete(kind)
}

/// Whether an event ends a save: the editor closed the file it wrote, or
/// renamed its temporary file into place. Then there is no need to wait
/// for the quiet time.
fn is_complete(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
    )
}

/// Starts watching `root` (canonical) and sends relevant changes to `to`,
/// in batches: a batch is sent once no change came for [`DEBOUNCE`].
pub fn spawn(root: &Path, to: Sender<Msg>) -> notify::Result<()> {
    let (tx, rx) = channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(tx)?;
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    let root = root.to_path_buf();
    let mut watched: Vec<PathBuf> = Vec::new();
    watch_folders(&root, &mut watcher, &mut watched);
    thread::spawn(move || {
        // The relevant paths of an event, and whether it ends a save.
        let relevant_paths = |event: notify::Result<Event>| -> (Vec<PathBuf>, bool) {
            match event {
                Ok(event) if is_change(&event.kind) => {
                    let paths: Vec<PathBuf> = event
                        .paths
                        .into_iter()
                        .filter(|p| p.strip_prefix(&root).is_ok_and(relevant))
                        .collect();
                    let complete = !paths.is_empty() && is_complete(&event.kind);
                    (paths, complete)
                }
                _ => (Vec::new(), false),
            }
        };
        while let Ok(event) = rx.recv() {
            let (mut batch, mut complete) = relevant_paths(event);
            if batch.is_empty() {
                continue;
            }
            // Until the save is complete and then quiet for DEBOUNCE, or
            // at most MAX_WAIT for a file that keeps changing (a log a
            // program writes to, say).
            let first = std::time::Instant::now();
            while !complete && first.elapsed() < MAX_WAIT {
                match rx.recv_timeout(DEBOUNCE) {
                    Ok(event) => {
                        let (paths, done) = relevant_paths(event);
                        batch.extend(paths);
                        complete |= done;
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            // Whatever else already arrived goes into the same rebuild.
            for event in rx.try_iter() {
                batch.extend(relevant_paths(event).0);
            }
            batch.sort();
            batch.dedup();
            watch_folders(&root, &mut watcher, &mut watched);
            if to.send(Msg::Changed(batch)).is_err() {
                return;
            }
        }
    });
    Ok(())
}

/// Watches the folders a build reads, also when they appear later.
fn watch_folders(root: &Path, watcher: &mut impl Watcher, watched: &mut Vec<PathBuf>) {
    // A folder that was removed is watched again when it comes back.
    watched.retain(|p| p.is_dir());
    for (folder, mode) in [
        (INTERVENTIONS_DIR, RecursiveMode::NonRecursive),
        (REGIONS_DIR, RecursiveMode::NonRecursive),
        (THEMES_DIR, RecursiveMode::Recursive),
    ] {
        let path = root.join(folder);
        if path.is_dir() && !watched.contains(&path) && watcher.watch(&path, mode).is_ok() {
            watched.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_a_build_reads_count() {
        for yes in [
            "menukaart.toml",
            "interventions/gli-cool.md",
            "regions/x.toml",
            "themes/eigen/templates/base.html",
            "interventions",
        ] {
            assert!(relevant(Path::new(yes)), "{yes}");
        }
        for no in [
            "output/index.html",
            "interventions/.gli-cool.md.swp",
            "interventions/gli-cool.md~",
            "interventions/4913",
            "regions/x.toml.bak",
            ".git/index",
            "README.md",
        ] {
            assert!(!relevant(Path::new(no)), "{no}");
        }
    }
}
