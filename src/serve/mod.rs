//! `menukaart serve`: a live preview while editing.
//!
//! The server builds the site into a private folder (never into `output/`,
//! which is what gets published), serves it on 127.0.0.1, watches the
//! project, rebuilds after every save and tells open browser tabs to
//! reload through server-sent events.
//!
//! Design, and why:
//!
//! - **Only what a change touches.** A full build of a national project
//!   (500 interventions, 110 zorggroepen) takes seconds, far too slow for a
//!   preview. Validation results are cached per file
//!   ([`crate::validate::Cache`]); after a save of one intervention only its
//!   national page and the pages of the zorggroepen that chose it are
//!   rendered, into a new *layer* that lies over the previous build (see
//!   [`rebuild`]). The pages that list everything (home, catalogue,
//!   sitemap, exports) follow from a complete build in the background a
//!   moment later.
//! - **Never half a page.** Every rebuild writes into a fresh folder through
//!   [`crate::write::Staging`] and is published by swapping one pointer, so
//!   a request sees either the old or the new state of a page.
//! - **Placemats on request.** A placemat takes far longer to make than
//!   all HTML pages of a region together, so serve makes one only when the
//!   browser asks for it (see [`http`]).
//! - **Errors in the browser.** When the data has errors, every page
//!   request gets a Dutch page that lists them with file:line:col; the
//!   server keeps running, and the next good save brings the site back.
//! - **The reload script is served, not built.** Pages in `output/` never
//!   contain it; serve adds a `<script src>` tag to HTML responses only.
//!   The site's Content-Security-Policy allows scripts from the same origin
//!   only, which a served file satisfies and inline code would not.
//! - **Safe to leave running.** Only files inside the built site are
//!   served (paths are decoded once and checked, and the canonical path must
//!   lie in the layer's folder, so neither `%2f`, `..` nor a symbolic link
//!   leads out); only requests for localhost, 127.0.0.1 or `[::1]` on our
//!   port are answered (a web page cannot read the site through DNS
//!   rebinding); only GET and HEAD; addresses up to 2,048 bytes;
//!   silent connections are closed after [`ServeOptions::idle_timeout`].
//! - **Only its own files.** The work folder carries a marker; a folder
//!   left behind by a killed server is removed only with that marker and
//!   never through a link. When the work folder disappears while serving,
//!   serve says so and builds it again.
//! - **No error page for a save in progress.** A rebuild that fails waits a
//!   moment: when the file is still being written (emptied first, then
//!   filled, as some editors and sync tools save), it builds again instead
//!   of showing errors the user never made.

mod http;
mod rebuild;
mod server;
mod watch;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::Date;

use crate::build::Checked;
use crate::diagnostics::Diagnostic;
use crate::render::Themes;

pub use rebuild::Layer;

/// Path prefix of everything serve adds to the site.
pub const PREFIX: &str = "__menukaart/";
/// The reload script, as pages refer to it.
pub const RELOAD_SCRIPT: &str = "/__menukaart/reload.js";

/// What `menukaart serve` was asked to do.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// 0 picks a free port.
    pub port: u16,
    /// How long a connection may stay silent (sending nothing while the
    /// server waits for a request, or reading nothing while the server
    /// writes) before the server hangs up. Without it, a client that sends
    /// half a request keeps a connection and its thread forever.
    pub idle_timeout: Duration,
}

/// Long enough for a person typing a request by hand, short enough that
/// silent connections do not pile up.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(10);

impl ServeOptions {
    /// Serving the project in `root` on `port`, with the default timeout.
    pub fn new(root: PathBuf, port: u16) -> ServeOptions {
        ServeOptions {
            root,
            port,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
        }
    }
}

/// The state every request reads: swapped as a whole after each rebuild.
#[derive(Clone)]
pub(crate) struct Published {
    /// Goes up by one with every rebuild; open tabs reload when it changes.
    pub version: u64,
    /// Newest first; see [`Layer`].
    pub layers: Arc<Vec<Layer>>,
    /// The Dutch error page while the data has errors.
    pub errors: Option<Arc<String>>,
    /// The last project without errors, for placemats on request.
    pub project: Option<Arc<Checked>>,
    /// Its themes, with the placemat renderers: fonts are parsed once per
    /// session (until a theme file changes), not per request.
    pub themes: Option<Arc<Themes>>,
    pub today: Date,
}

/// Which pages a publication changed, so that an open tab reloads only
/// when its own page changed.
#[derive(Clone, Debug)]
pub(crate) enum Change {
    All,
    /// Pages below these folder prefixes.
    Pages(Vec<String>),
    /// Every page except those below these prefixes.
    AllExcept(Vec<String>),
}

impl Change {
    fn touches(&self, page: &str) -> bool {
        let under = |prefixes: &[String]| prefixes.iter().any(|p| page.starts_with(p.as_str()));
        match self {
            Change::All => true,
            Change::Pages(prefixes) => under(prefixes),
            Change::AllExcept(prefixes) => !under(prefixes),
        }
    }
}

/// How many publications the change log keeps for tabs that lag behind.
const LOG_LENGTH: usize = 64;

/// What the rebuild thread publishes and the request threads read.
pub(crate) struct Shared {
    state: Mutex<Published>,
    changed: Condvar,
    /// Recent publications: (version, what changed).
    log: Mutex<std::collections::VecDeque<(u64, Change)>>,
    /// The page each open tab shows, by event stream.
    viewers: Mutex<Vec<(u64, String)>>,
    next_viewer: std::sync::atomic::AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    fn new(today: Date) -> Self {
        Shared {
            state: Mutex::new(Published {
                version: 0,
                layers: Arc::new(Vec::new()),
                errors: None,
                project: None,
                themes: None,
                today,
            }),
            changed: Condvar::new(),
            log: Mutex::new(std::collections::VecDeque::new()),
            viewers: Mutex::new(Vec::new()),
            next_viewer: std::sync::atomic::AtomicU64::new(1),
        }
    }

    pub fn current(&self) -> Published {
        lock(&self.state).clone()
    }

    /// Publishes a new state and wakes every open event stream.
    pub fn publish(&self, change: Change, update: impl FnOnce(&mut Published)) -> u64 {
        let mut state = lock(&self.state);
        update(&mut state);
        state.version += 1;
        let version = state.version;
        {
            let mut log = lock(&self.log);
            log.push_back((version, change));
            while log.len() > LOG_LENGTH {
                log.pop_front();
            }
        }
        drop(state);
        self.changed.notify_all();
        version
    }

    /// Whether a tab showing `page` (seen at version `seen`) must reload
    /// for the publications up to `now`.
    pub fn affects(&self, page: &str, seen: u64, now: u64) -> bool {
        let log = lock(&self.log);
        let covered = log.front().is_some_and(|(v, _)| *v <= seen + 1);
        !covered
            || log
                .iter()
                .filter(|(v, _)| *v > seen && *v <= now)
                .any(|(_, change)| change.touches(page))
    }

    /// Waits until the version differs from `seen`, or `timeout` passes.
    pub fn wait_for_change(&self, seen: u64, timeout: std::time::Duration) -> u64 {
        let state = lock(&self.state);
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.version == seen)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.version
    }

    /// Registers an open tab; returns its id for [`Self::leave`].
    pub fn view(&self, page: String) -> u64 {
        let id = self
            .next_viewer
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        lock(&self.viewers).push((id, page));
        id
    }

    pub fn leave(&self, id: u64) {
        lock(&self.viewers).retain(|(v, _)| *v != id);
    }

    /// Region slugs of the pages open in a browser (the first folder of
    /// each page).
    pub fn viewed_regions(&self) -> std::collections::HashSet<String> {
        lock(&self.viewers)
            .iter()
            .filter_map(|(_, page)| page.split('/').next())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// A running preview server.
pub struct Running {
    addr: SocketAddr,
    work: PathBuf,
    server: server::Server,
}

impl Running {
    /// The address the site is served on.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The private folder the site is built into; removed by [`stop`](Self::stop).
    pub fn work_dir(&self) -> &Path {
        &self.work
    }

    /// Serves until the process ends.
    pub fn wait(self) {
        self.server.wait();
    }

    /// Stops serving and removes the private folder.
    pub fn stop(self) {
        self.server.stop();
        let _ = std::fs::remove_dir_all(&self.work);
    }
}

/// The file that marks a work folder as serve's own. Only folders with it
/// are ever removed by [`remove_orphans`]: another program may use a name
/// that looks like ours.
const MARKER: &str = ".menukaart-serve";

/// Removes work folders of earlier `serve` runs that were killed before
/// they could clean up: real folders (not links) that carry our marker and
/// whose process is gone. Only where the process table can be read
/// (`/proc`), so that a folder of a running server is never touched.
fn remove_orphans() {
    let proc_dir = Path::new("/proc");
    if !proc_dir.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix("menukaart-serve-") else {
            continue;
        };
        let Some(pid) = rest.split('-').next().filter(|p| p.parse::<u32>().is_ok()) else {
            continue;
        };
        let path = entry.path();
        let ours = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
            && std::fs::symlink_metadata(path.join(MARKER)).is_ok_and(|m| m.is_file());
        if ours && !proc_dir.join(pid).exists() {
            let _ = std::fs::remove_dir_all(path);
        }
    }
}

/// Creates `dir` (which must not exist yet) with our marker in it.
fn make_work_dir(dir: &Path) -> Result<(), Diagnostic> {
    let fail = |err: std::io::Error| {
        Diagnostic::error(
            None,
            format!("kan de tijdelijke map {} niet maken: {err}", dir.display()),
        )
        .with_hint("controleer of de schijf niet vol is")
    };
    std::fs::create_dir(dir).map_err(fail)?;
    std::fs::write(
        dir.join(MARKER),
        format!(
            "Werkmap van menukaart serve (proces {}).\n",
            std::process::id()
        ),
    )
    .map_err(fail)
}

/// A folder of our own in the system's temporary folder.
fn work_dir() -> Result<PathBuf, Diagnostic> {
    remove_orphans();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let dir = std::env::temp_dir().join(format!("menukaart-serve-{}-{nanos}", std::process::id()));
    make_work_dir(&dir)?;
    Ok(dir)
}

/// Builds the project, starts serving and watching. The first build has
/// finished (or failed, and the error page is up) when this returns.
pub fn start(options: &ServeOptions) -> Result<Running, Diagnostic> {
    let root = options.root.canonicalize().map_err(|_| {
        Diagnostic::error(
            None,
            format!("de projectmap {} bestaat niet", options.root.display()),
        )
        .with_hint("geef met --root de map op waarin interventions/ en regions/ staan")
    })?;
    let busy = |err: &dyn std::fmt::Display| {
        Diagnostic::error(
            None,
            format!("kan niet luisteren op poort {}: {err}", options.port),
        )
        .with_hint("kies een andere poort met --port, bijvoorbeeld --port 8080")
    };
    let listener =
        std::net::TcpListener::bind(("127.0.0.1", options.port)).map_err(|err| busy(&err))?;
    // A zero timeout would mean "none" to the operating system.
    let timeout = options.idle_timeout.max(Duration::from_millis(1));
    let work = work_dir()?;
    let shared = Arc::new(Shared::new(crate::build::today()));

    let sender = rebuild::spawn(root.clone(), work.clone(), shared.clone());
    watch::spawn(&root, sender).map_err(|err| {
        Diagnostic::error(
            None,
            format!("kan de projectmap niet in de gaten houden: {err}"),
        )
        .with_hint("controleer of de map bestaat en leesbaar is")
    })?;

    let port = listener.local_addr().map_err(|err| busy(&err))?.port();
    let handler: server::Handler = {
        let shared = shared.clone();
        Arc::new(move |request| http::handle(request, &shared, port))
    };
    let server = server::Server::start(listener, timeout, handler).map_err(|err| busy(&err))?;
    let addr = server.addr();
    Ok(Running { addr, work, server })
}
