//! Rebuilding after a save: validate with the cache, render only the pages
//! the change touches into a new layer, publish, and let a complete build
//! follow in the background.
//!
//! The served site is a stack of *layers*, newest first. The bottom layer
//! is a complete build. A layer on top holds fresh copies of a few folders
//! (`interventies/<id>/`, `<slug>/`) and is the only source for those: a
//! page it does not have there no longer exists. When the background build
//! is done it becomes the new bottom layer and replaces every layer that
//! was published before it started.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use time::Date;

use super::{http, Change, Shared};
use crate::build::Checked;
use crate::diagnostics::{Diagnostics, SourceText};
use crate::edition;
use crate::load::{self, LoadedProject, INTERVENTIONS_DIR, REGIONS_DIR};
use crate::model::Project;
use crate::render::{self, RenderOptions, Sink, Themes};
use crate::resolve;
use crate::validate::{self, Cache, Context};
use crate::write::Staging;

/// One built folder and the part of the site it answers for.
#[derive(Clone, Debug)]
pub struct Layer {
    pub dir: PathBuf,
    /// Folder prefixes this layer answers for (`"interventies/gli-cool/"`,
    /// `"zorggroep-test/"`); `None` for a complete build.
    pub owns: Option<Vec<String>>,
    /// The version it was published with.
    pub version: u64,
}

impl Layer {
    /// Whether this layer is the one to ask for `path` (relative, `/`-separated).
    pub fn owns(&self, path: &str) -> bool {
        match &self.owns {
            None => true,
            Some(prefixes) => prefixes
                .iter()
                .any(|p| path.starts_with(p.as_str()) || p.strip_suffix('/') == Some(path)),
        }
    }
}

/// Messages to the rebuild thread.
pub enum Msg {
    /// Files changed (absolute paths).
    Changed(Vec<PathBuf>),
    /// A background complete build finished.
    BaseReady {
        dir: PathBuf,
        /// The version that was current when it started.
        started: u64,
        ok: bool,
    },
}

/// What a rebuild has to do.
#[derive(Debug, PartialEq)]
enum Plan {
    /// Everything: the first build, a file added or removed, settings or theme.
    Full,
    /// These national pages and these regions.
    Partial {
        interventions: BTreeSet<String>,
        regions: BTreeSet<String>,
    },
}

struct Rebuilder {
    root: PathBuf,
    work: PathBuf,
    shared: Arc<Shared>,
    tx: Sender<Msg>,
    cache: Cache,
    /// The files as last read; only changed files are read again.
    loaded: Option<LoadedProject>,
    /// The last full load reported nothing (so re-reading single files
    /// cannot hide a problem load would report).
    load_clean: bool,
    /// The themes in use, loaded once and kept until a file in `themes/`
    /// changes or the project asks for other themes; shared with the
    /// background builds and with placemats on request.
    themes: Option<Arc<Themes>>,
    /// The last project without errors; what the layers show.
    project: Option<Arc<Checked>>,
    layers: Vec<Layer>,
    /// Files changed since the layers last matched the files (relative).
    dirty: BTreeSet<PathBuf>,
    counter: u64,
    /// Version of the last synchronous complete build.
    full_version: u64,
    base_running: bool,
    base_wanted: bool,
    last_warnings: Vec<String>,
}

/// Does the first build on this thread, then rebuilds on a thread of its
/// own; returns where to send changes.
pub fn spawn(root: PathBuf, work: PathBuf, shared: Arc<Shared>) -> Sender<Msg> {
    let (tx, rx) = channel();
    let mut rebuilder = Rebuilder {
        root,
        work,
        shared,
        tx: tx.clone(),
        cache: Cache::default(),
        loaded: None,
        load_clean: false,
        themes: None,
        project: None,
        layers: Vec::new(),
        dirty: BTreeSet::new(),
        counter: 0,
        full_version: 0,
        base_running: false,
        base_wanted: false,
        last_warnings: Vec::new(),
    };
    if let Err(failed) = rebuilder.rebuild(&[]) {
        rebuilder.fail(failed);
    }
    thread::spawn(move || rebuilder.run(rx));
    tx
}

/// A rebuild that found errors, not yet shown.
struct Failed {
    diags: Diagnostics,
    started: Instant,
    today: Date,
}

/// How long a failed rebuild waits to see whether the save was still under
/// way. Some editors and sync tools empty a file and then write it; a
/// rebuild in between sees an empty or half file.
const SETTLE: Duration = Duration::from_millis(100);

/// How often the rebuild thread looks whether its work folder is still
/// there (a cleaner of /tmp may remove it while serve runs).
const CHECK_WORK: Duration = Duration::from_secs(1);

/// Size and modification time of each file, to see whether a save is
/// still being written.
type Stamp = Option<(u64, Option<std::time::SystemTime>)>;

fn stamps(paths: &[PathBuf]) -> Vec<Stamp> {
    paths
        .iter()
        .map(|p| {
            std::fs::metadata(p)
                .ok()
                .map(|m| (m.len(), m.modified().ok()))
        })
        .collect()
}

impl Rebuilder {
    fn run(mut self, rx: Receiver<Msg>) {
        loop {
            let first = match rx.recv_timeout(CHECK_WORK) {
                Ok(msg) => msg,
                Err(RecvTimeoutError::Timeout) => {
                    self.check_work();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            };
            // Take everything that queued up during the last rebuild at once.
            let mut changed = Vec::new();
            self.take(std::iter::once(first).chain(rx.try_iter()), &mut changed);
            for _ in 0..20 {
                if changed.is_empty() {
                    break;
                }
                let before = stamps(&changed);
                let Err(failed) = self.rebuild(&changed) else {
                    break;
                };
                // Errors are shown only once the files stand still: when
                // another change arrives or a file grows meanwhile, the
                // save was not finished and the rebuild is done again.
                thread::sleep(SETTLE);
                let mut more = Vec::new();
                self.take(rx.try_iter(), &mut more);
                if more.is_empty() && stamps(&changed) == before {
                    self.fail(failed);
                    break;
                }
                changed.extend(more);
            }
        }
    }

    /// Handles finished background builds among `messages` and collects
    /// the changed files into `changed`.
    fn take(&mut self, messages: impl Iterator<Item = Msg>, changed: &mut Vec<PathBuf>) {
        for msg in messages {
            match msg {
                Msg::Changed(paths) => changed.extend(paths),
                Msg::BaseReady { dir, started, ok } => self.base_ready(dir, started, ok),
            }
        }
    }

    /// Builds everything again when the work folder disappeared (a /tmp
    /// cleaner, a user tidying up): the served pages were in it, and every
    /// request would be answered with "not found" without a word why.
    fn check_work(&mut self) {
        if self.work.is_dir() {
            return;
        }
        eprintln!(
            "De tijdelijke map {} is verdwenen; menukaart maakt haar opnieuw en bouwt de site opnieuw.",
            self.work.display()
        );
        if let Err(err) = super::make_work_dir(&self.work) {
            eprintln!("{err}");
            return;
        }
        self.layers.clear();
        self.base_running = false;
        if let Err(failed) = self.rebuild(&[]) {
            self.fail(failed);
        }
    }

    fn next_dir(&mut self, kind: &str) -> PathBuf {
        self.counter += 1;
        self.work.join(format!("{kind}-{}", self.counter))
    }

    /// Validates and renders after `changed` (absolute paths; empty for
    /// the first build), then publishes.
    fn rebuild(&mut self, changed: &[PathBuf]) -> Result<(), Failed> {
        let started = Instant::now();
        for path in changed {
            if let Ok(relative) = path.strip_prefix(&self.root) {
                self.dirty.insert(relative.to_path_buf());
            }
        }
        let today = crate::build::today();
        let mut diags = Diagnostics::default();
        if self.reload(changed).is_none() {
            let loaded = load::load(&self.root, &mut diags);
            self.load_clean = diags.is_empty();
            self.loaded = Some(loaded);
        }
        if self.dirty.iter().any(|p| p.starts_with("themes")) {
            self.themes = None;
        }
        let Some(loaded) = &self.loaded else {
            return Ok(());
        };
        let project =
            validate::validate_cached(loaded, &Context { today }, &mut self.cache, &mut diags);
        let Some(project) = project else {
            return Err(Failed {
                diags,
                started,
                today,
            });
        };
        let slugs: Vec<&str> = project.regions.iter().map(|r| r.slug.as_str()).collect();
        let editions = edition::load(&loaded.root, &slugs, &mut diags);
        if diags.has_errors() {
            return Err(Failed {
                diags,
                started,
                today,
            });
        }
        let plan = self.plan(&project);
        let project = Arc::new(Checked { project, editions });
        let mut first_layer = None;
        match &plan {
            Plan::Full => match self.full(&project, today, &mut diags) {
                Some(layer) => self.publish_layer(layer, &project, today),
                None => {
                    return Err(Failed {
                        diags,
                        started,
                        today,
                    })
                }
            },
            Plan::Partial {
                interventions,
                regions,
            } => {
                // Regions open in a browser tab first: the page the user
                // looks at is back as soon as possible; the others follow.
                let viewed = self.shared.viewed_regions();
                let (now, later): (BTreeSet<String>, BTreeSet<String>) =
                    regions.iter().cloned().partition(|r| viewed.contains(r));
                let groups = if now.is_empty() || later.is_empty() {
                    vec![(interventions.clone(), regions.clone())]
                } else {
                    vec![(interventions.clone(), now), (BTreeSet::new(), later)]
                };
                for (ids, slugs) in groups {
                    match self.partial(&project, &ids, &slugs, today, &mut diags) {
                        Some(layer) => self.publish_layer(layer, &project, today),
                        None => {
                            return Err(Failed {
                                diags,
                                started,
                                today,
                            })
                        }
                    }
                    first_layer.get_or_insert(started.elapsed());
                }
                self.want_base();
            }
        }
        diags.sort();
        self.dirty.clear();
        self.report(&diags, started, Some(&plan));
        if let (Some(first), Plan::Partial { regions, .. }) = (first_layer, &plan) {
            if regions.len() > 1 && first < started.elapsed() {
                println!(
                    "  (de pagina's die open staan in de browser: na {} ms)",
                    first.as_millis()
                );
            }
        }
        Ok(())
    }

    /// Re-reads only the changed files when they are existing intervention
    /// or region files that read cleanly; `None` asks for a full load
    /// (files added or removed, other files, anything load would report).
    fn reload(&mut self, changed: &[PathBuf]) -> Option<()> {
        if changed.is_empty() || !self.load_clean {
            return None;
        }
        let loaded = self.loaded.as_mut()?;
        for path in changed {
            let relative = path.strip_prefix(&self.root).ok()?.to_path_buf();
            let bytes = std::fs::read(path).ok()?;
            if bytes.starts_with(b"\xef\xbb\xbf") {
                return None;
            }
            let text = String::from_utf8(bytes).ok()?;
            let source = SourceText::new(relative.clone(), text);
            let folder = relative.parent().and_then(|p| p.to_str());
            if folder == Some(INTERVENTIONS_DIR) {
                let at = loaded
                    .interventions
                    .iter()
                    .position(|f| f.source.path == relative)?;
                let mut quiet = Diagnostics::default();
                loaded.interventions[at] = load::split_front_matter(source, &mut quiet)?;
            } else if folder == Some(REGIONS_DIR) {
                let at = loaded.regions.iter().position(|r| r.path == relative)?;
                loaded.regions[at] = source;
            } else {
                return None;
            }
        }
        Some(())
    }

    /// Shows the errors in the terminal and in every open tab.
    fn fail(&mut self, failed: Failed) {
        let Failed {
            mut diags,
            started,
            today,
        } = failed;
        diags.sort();
        self.report(&diags, started, None);
        let page = http::error_page(&diags, &self.root);
        self.shared.publish(Change::All, |state| {
            state.errors = Some(Arc::new(page));
            state.today = today;
        });
    }

    /// Puts a new layer on top (a complete build replaces all) and publishes.
    fn publish_layer(&mut self, mut layer: Layer, project: &Arc<Checked>, today: Date) {
        // Only this thread publishes, so the next version is known.
        let version = self.shared.current().version + 1;
        layer.version = version;
        let change = match &layer.owns {
            None => Change::All,
            Some(owns) => Change::Pages(owns.clone()),
        };
        let retired: Vec<PathBuf> = if layer.owns.is_none() {
            self.full_version = version;
            self.layers.drain(..).map(|l| l.dir).collect()
        } else {
            Vec::new()
        };
        self.layers.insert(0, layer);
        self.project = Some(project.clone());
        let layers = Arc::new(self.layers.clone());
        let project = project.clone();
        let themes = self.themes.clone();
        self.shared.publish(change, |state| {
            state.layers = layers;
            state.errors = None;
            state.project = Some(project);
            state.themes = themes;
            state.today = today;
        });
        retire(retired);
    }

    /// Decides how much to rebuild for the files in `self.dirty`.
    fn plan(&self, project: &Project) -> Plan {
        let Some(old) = &self.project else {
            return Plan::Full;
        };
        if self.layers.is_empty() {
            return Plan::Full;
        }
        let ids =
            |p: &Project| -> Vec<String> { p.interventions.iter().map(|i| i.id.clone()).collect() };
        let slugs =
            |p: &Project| -> Vec<String> { p.regions.iter().map(|r| r.slug.clone()).collect() };
        let old = &old.project;
        if ids(old) != ids(project) || slugs(old) != slugs(project) {
            return Plan::Full;
        }
        let mut interventions = BTreeSet::new();
        let mut regions = BTreeSet::new();
        for path in &self.dirty {
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                return Plan::Full;
            };
            let folder = path.parent().and_then(|p| p.to_str()).unwrap_or("");
            let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            match (folder, extension) {
                (INTERVENTIONS_DIR, "md") => {
                    interventions.insert(stem.to_string());
                }
                (REGIONS_DIR, "toml") => {
                    regions.insert(stem.to_string());
                }
                _ => return Plan::Full,
            }
        }
        // A region's choice (and name) shows on the national page of
        // every intervention it adds, keeps or drops.
        for slug in &regions {
            for p in [old, project] {
                if let Some(region) = p.regions.iter().find(|r| &r.slug == slug) {
                    interventions.extend(region.entries.iter().map(|e| e.id.clone()));
                }
            }
        }
        // An intervention shows on the page of every region that chose it.
        for region in &project.regions {
            if region.entries.iter().any(|e| interventions.contains(&e.id)) {
                regions.insert(region.slug.clone());
            }
        }
        Plan::Partial {
            interventions,
            regions,
        }
    }

    /// The themes `project` uses: the kept ones while they fit.
    fn themes(&mut self, project: &Project, diags: &mut Diagnostics) -> Option<Arc<Themes>> {
        match &self.themes {
            Some(themes) if themes.fit(project) => Some(themes.clone()),
            _ => {
                let themes = Arc::new(Themes::load(project, diags)?);
                self.themes = Some(themes.clone());
                Some(themes)
            }
        }
    }

    /// A complete build (without placemats) into a new bottom layer.
    fn full(&mut self, project: &Checked, today: Date, diags: &mut Diagnostics) -> Option<Layer> {
        let dir = self.next_dir("site");
        let themes = self.themes(&project.project, diags)?;
        render_complete(project, &themes, today, &dir, diags)?;
        Some(Layer {
            dir,
            owns: None,
            version: 0,
        })
    }

    /// The national pages of `ids` and all pages of `slugs`, into a new layer.
    fn partial(
        &mut self,
        checked: &Checked,
        ids: &BTreeSet<String>,
        slugs: &BTreeSet<String>,
        today: Date,
        diags: &mut Diagnostics,
    ) -> Option<Layer> {
        let project = &checked.project;
        let themes = self.themes(project, diags)?;
        let dir = self.next_dir("laag");

        let chosen: HashSet<&str> = project
            .regions
            .iter()
            .filter(|r| slugs.contains(&r.slug))
            .flat_map(|r| r.entries.iter().map(|e| e.id.as_str()))
            .chain(ids.iter().map(String::as_str))
            .collect();
        // Sub-projects: only the interventions the pages show, but every
        // region, because a national page lists the regions that chose it.
        let subset = |keep: &dyn Fn(&str) -> bool, regions: &dyn Fn(&str) -> bool| Project {
            root: project.root.clone(),
            config: project.config.clone(),
            interventions: project
                .interventions
                .iter()
                .filter(|i| keep(&i.id))
                .cloned()
                .collect(),
            regions: project
                .regions
                .iter()
                .filter(|r| regions(&r.slug))
                .cloned()
                .collect(),
        };
        let for_national = subset(&|id| ids.contains(id), &|_| true);
        let for_catalogue = subset(&|id| chosen.contains(id), &|_| true);
        let for_menus = subset(&|id| chosen.contains(id), &|slug| slugs.contains(slug));
        let national = resolve::catalogue(&for_national);
        let catalogue = resolve::catalogue(&for_catalogue);
        let menus = resolve::resolve(&for_menus, &catalogue, today);
        let site = crate::build::site(
            &project.config,
            &national,
            menus,
            &checked.editions,
            &mut Diagnostics::default(),
        );
        write_site(&dir, diags, |out, diags| {
            render::render(
                &site,
                &themes,
                out,
                RenderOptions {
                    placemats: false,
                    folders: true,
                },
                diags,
            )
        })?;
        let owns = ids
            .iter()
            .map(|id| format!("interventies/{id}/"))
            .chain(slugs.iter().map(|slug| format!("{slug}/")))
            .collect();
        Some(Layer {
            dir,
            owns: Some(owns),
            version: 0,
        })
    }

    /// Starts a complete build in the background, or asks for one after
    /// the running one.
    fn want_base(&mut self) {
        if self.base_running {
            self.base_wanted = true;
            return;
        }
        let (Some(project), Some(themes)) = (self.project.clone(), self.themes.clone()) else {
            return;
        };
        self.base_running = true;
        self.base_wanted = false;
        let dir = self.next_dir("site");
        let started = self.shared.current().version;
        let tx = self.tx.clone();
        thread::spawn(move || {
            let mut diags = Diagnostics::default();
            let today = crate::build::today();
            let ok = render_complete(&project, &themes, today, &dir, &mut diags).is_some();
            let _ = tx.send(Msg::BaseReady { dir, started, ok });
        });
    }

    /// Puts a finished background build at the bottom and drops the layers
    /// it makes redundant.
    fn base_ready(&mut self, dir: PathBuf, started: u64, ok: bool) {
        self.base_running = false;
        if !ok || started < self.full_version || self.project.is_none() {
            retire(vec![dir]);
        } else {
            let (keep, drop): (Vec<Layer>, Vec<Layer>) = self
                .layers
                .drain(..)
                .partition(|l| l.owns.is_some() && l.version > started);
            // Pages that came from an overlay already showed their newest
            // state; the others (home, catalogue) may change now.
            let fresh: Vec<String> = keep
                .iter()
                .chain(&drop)
                .flat_map(|l| l.owns.clone().unwrap_or_default())
                .collect();
            self.layers = keep;
            self.layers.push(Layer {
                dir,
                owns: None,
                version: started,
            });
            let layers = Arc::new(self.layers.clone());
            self.shared
                .publish(Change::AllExcept(fresh), |state| state.layers = layers);
            retire(drop.into_iter().map(|l| l.dir).collect());
        }
        if self.base_wanted {
            self.want_base();
        }
    }

    /// One Dutch line per rebuild, and the diagnostics: errors always,
    /// warnings when they differ from the last rebuild.
    fn report(&mut self, diags: &Diagnostics, started: Instant, plan: Option<&Plan>) {
        let warnings: Vec<String> = diags
            .iter()
            .filter(|d| !d.is_error())
            .map(|d| d.to_string())
            .collect();
        if warnings != self.last_warnings {
            for w in &warnings {
                eprintln!("{w}");
            }
            self.last_warnings = warnings;
        }
        for d in diags.iter().filter(|d| d.is_error()) {
            eprintln!("{d}");
        }
        let ms = started.elapsed().as_millis();
        match plan {
            None => {
                let n = diags.error_count();
                eprintln!(
                    "{n} {} gevonden; de browser toont ze tot u het bestand verbetert en opslaat.",
                    if n == 1 { "fout" } else { "fouten" }
                );
            }
            Some(Plan::Full) => println!("site gebouwd in {ms} ms"),
            Some(Plan::Partial {
                interventions,
                regions,
            }) => println!(
                "bijgewerkt in {ms} ms: {} landelijke {} en {} {}",
                interventions.len(),
                if interventions.len() == 1 {
                    "pagina"
                } else {
                    "pagina's"
                },
                regions.len(),
                if regions.len() == 1 {
                    "zorggroep"
                } else {
                    "zorggroepen"
                }
            ),
        }
    }
}

/// Renders into `dir` (a new folder) through a staging folder.
fn write_site(
    dir: &Path,
    diags: &mut Diagnostics,
    render: impl FnOnce(&dyn Sink, &mut Diagnostics) -> Option<render::Counts>,
) -> Option<()> {
    let staging = match Staging::create(dir) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    render(&staging, diags)?;
    match staging.commit() {
        Ok(_) => Some(()),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// The whole site of `project` (without placemats) into `dir`.
fn render_complete(
    checked: &Checked,
    themes: &Themes,
    today: Date,
    dir: &Path,
    diags: &mut Diagnostics,
) -> Option<()> {
    write_site(dir, diags, |out, diags| {
        let options = RenderOptions {
            placemats: false,
            folders: true,
        };
        let project = &checked.project;
        let catalogue = resolve::catalogue(project);
        let menus = resolve::resolve(project, &catalogue, today);
        let site = crate::build::site(&project.config, &catalogue, menus, &checked.editions, diags);
        render::render(&site, themes, out, options, diags)
    })
}

/// Removes folders no layer uses any more, a little later: a request that
/// looked a file up just before the swap can still read it.
fn retire(dirs: Vec<PathBuf>) {
    if dirs.is_empty() {
        return;
    }
    thread::spawn(move || {
        thread::sleep(Duration::from_secs(5));
        for dir in dirs {
            let _ = std::fs::remove_dir_all(dir);
        }
    });
}
