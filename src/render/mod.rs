//! Stage 4: render the resolved view model into files.
//!
//! Each renderer reads the same [`Site`] and writes into a [`Sink`]; none
//! of them looks at the user's files again. There is one way in for every
//! caller: [`Themes::load`] once per build (or per `serve` session, until a
//! theme file changes), a complete [`Site`] from [`crate::build::site`], then
//! [`render`], which runs every [`Renderer`], or [`placemat::render_one`]
//! for a single placemat.

mod admin;
pub(crate) mod export;
pub mod folder;
mod hsds;
pub(crate) mod html;
mod page;
pub mod placemat;
mod routes;

use std::io;
use std::sync::OnceLock;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Project;
use crate::resolve::Site;
use crate::theme::Theme;
use crate::write::Staging;

use self::placemat::PlacematRenderer;

/// Where rendered files go. `build` writes into a [`Staging`] folder;
/// `check` renders the same files into [`Discard`], so that every error a
/// build can meet (a template, a glyph, a placemat that does not fit) is
/// found by `check` too, without writing anything.
pub trait Sink: Sync {
    /// Stores one file; `path` is relative to the site root, with `/`.
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        Staging::write(self, path, bytes)
    }
}

/// A sink that keeps nothing: rendering as a check.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _path: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
}

/// What was written, for the summary line.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    pub pages: usize,
    pub files: usize,
    /// Folder of every HTML page written, for the sitemap.
    pub paths: Vec<String>,
    /// Per region (slug), the placemats this build wrote; no entry: the
    /// placemats were not made (`--geen-placemats`, `serve`).
    pub placemats: std::collections::BTreeMap<String, Vec<placemat::Paper>>,
    /// Placemats copied from the cache, and laid out anew.
    pub placemats_reused: usize,
    pub placemats_made: usize,
}

/// Themes in use, each with its compiled templates and its placemat
/// renderer.
pub struct Themes {
    /// The site's theme (menukaart.toml), first; then every other one used.
    pub loaded: Vec<(Theme, html::HtmlRenderer)>,
    /// Per theme in `loaded`, its placemat renderer, made on first use: the
    /// fonts are parsed at most once per `Themes`, and not at all by a
    /// rebuild without placemats.
    placemats: Vec<OnceLock<Result<PlacematRenderer, Diagnostic>>>,
    /// Placemats of earlier builds, when this run may use and fill the
    /// cache (`build`; `check` writes nothing, not even a cache).
    pub(crate) placemat_cache: Option<placemat::cache::Cache>,
    /// The same for the patient folders, in a folder of their own.
    pub(crate) folder_cache: Option<placemat::cache::Cache>,
}

impl Themes {
    /// Loads the site theme and every theme a region asks for, once each.
    /// `None` when any of them has an error (all are reported).
    pub fn load(project: &Project, diags: &mut Diagnostics) -> Option<Themes> {
        let mut loaded = Vec::new();
        let mut ok = true;
        for name in Self::names(project) {
            let Some(theme) = Theme::load(&project.root, &name, diags) else {
                ok = false;
                continue;
            };
            match html::HtmlRenderer::new(&theme) {
                Ok(html) => loaded.push((theme, html)),
                Err(d) => {
                    ok = false;
                    diags.push(d);
                }
            }
        }
        let placemats = loaded.iter().map(|_| OnceLock::new()).collect();
        ok.then_some(Themes {
            loaded,
            placemats,
            placemat_cache: None,
            folder_cache: None,
        })
    }

    /// Lets this build reuse and store placemats in the project's cache;
    /// `complete`: it makes every region's placemats, so it may prune.
    pub fn with_placemat_cache(mut self, root: &std::path::Path, complete: bool) -> Themes {
        self.placemat_cache = Some(placemat::cache::Cache::new(root, complete));
        self.folder_cache = Some(placemat::cache::Cache::in_dir(
            root,
            placemat::cache::FOLDERS,
            complete,
        ));
        self
    }

    /// The names of the themes `project` uses, the site theme first.
    fn names(project: &Project) -> Vec<String> {
        let mut names = vec![project.config.theme.clone()];
        for region in &project.regions {
            if let Some(name) = &region.theme {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        names
    }

    /// Whether these are the themes `project` uses (`serve` keeps them
    /// between rebuilds while they are).
    pub fn fit(&self, project: &Project) -> bool {
        Self::names(project)
            .iter()
            .eq(self.loaded.iter().map(|(theme, _)| &theme.name))
    }

    fn index(&self, name: &str) -> usize {
        self.loaded
            .iter()
            .position(|(t, _)| t.name == name)
            .unwrap_or(0)
    }

    pub fn get(&self, name: &str) -> &(Theme, html::HtmlRenderer) {
        &self.loaded[self.index(name)]
    }

    /// The placemat renderer of a theme, its fonts parsed on first use.
    pub fn placemat(&self, name: &str) -> Result<&PlacematRenderer, Diagnostic> {
        let index = self.index(name);
        self.placemats[index]
            .get_or_init(|| PlacematRenderer::new(&self.loaded[index].0))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Where a theme's static files go: the site theme in `static/`, others in `static/<name>/`.
    pub fn static_dir(&self, name: &str) -> String {
        if self.loaded[0].0.name == name {
            "static/".to_string()
        } else {
            format!("static/{name}/")
        }
    }
}

/// Which outputs to make besides the HTML pages.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// The placemat PDFs; `build --geen-placemats` and benchmarks switch them off.
    pub placemats: bool,
    /// The patient folders (small A5 PDFs); off with `--geen-placemats`
    /// too, on in `serve`, which makes placemats only on request.
    pub folders: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            placemats: true,
            folders: true,
        }
    }
}

/// Renders every output file of the site into `out`. `None` when any file
/// had an error.
pub fn render(
    site: &Site,
    themes: &Themes,
    out: &dyn Sink,
    options: RenderOptions,
    diags: &mut Diagnostics,
) -> Option<Counts> {
    let before = diags.error_count();
    let mut job = Job {
        site,
        themes,
        out,
        counts: Counts::default(),
        diags,
    };
    for renderer in renderers(options) {
        renderer.render(&mut job);
    }
    let mut counts = job.counts;
    let ok = diags.error_count() == before;
    // Only a build that made every PDF of a kind knows which entries are
    // still needed.
    for (cache, complete) in [
        (&themes.placemat_cache, options.placemats),
        (&themes.folder_cache, options.folders),
    ] {
        let Some(cache) = cache else { continue };
        if ok && complete {
            cache.finish();
        }
        for warning in cache.take_warnings() {
            diags.push(warning);
        }
    }
    if let Some(cache) = &themes.placemat_cache {
        counts.placemats_reused = cache.reused();
        counts.placemats_made = cache.made();
    }
    ok.then_some(counts)
}

/// One output of the site. Every renderer reads the same resolved [`Site`]
/// through its [`Job`] and writes its files into the job's [`Sink`]; none
/// reads the user's files or resolves anything itself. A new output is one
/// more implementation and one more line in [`renderers`].
pub(crate) trait Renderer: Sync {
    fn render(&self, job: &mut Job);
}

/// The outputs `options` asks for, in the order they run: the pages link
/// the placemats made before them (a default A4 that does not fit is left
/// out), and the sitemap lists the pages written before it.
fn renderers(options: RenderOptions) -> Vec<&'static dyn Renderer> {
    let mut all: Vec<&'static dyn Renderer> = vec![&html::StaticFiles];
    if options.placemats {
        all.push(&placemat::Placemats);
    }
    if options.folders {
        all.push(&folder::Folders);
    }
    all.extend([
        &html::Pages as &dyn Renderer,
        &html::Sitemap,
        &export::Exports,
        &hsds::Hsds,
        &admin::Admin,
    ]);
    all
}

/// What every renderer works with, in one place: the site to show, the
/// themes, where files go, and what was written or went wrong.
pub(crate) struct Job<'a, 's> {
    pub site: &'a Site<'s>,
    pub themes: &'a Themes,
    pub out: &'a dyn Sink,
    pub counts: Counts,
    pub diags: &'a mut Diagnostics,
}

impl<'a, 's> Job<'a, 's> {
    /// The job's parts, for a renderer to use side by side.
    #[allow(clippy::type_complexity)]
    pub fn parts(
        &mut self,
    ) -> (
        &'a Site<'s>,
        &'a Themes,
        &'a dyn Sink,
        &mut Counts,
        &mut Diagnostics,
    ) {
        (
            self.site,
            self.themes,
            self.out,
            &mut self.counts,
            self.diags,
        )
    }

    /// Writes one file, counting it or reporting why it failed.
    pub fn write(&mut self, path: &str, bytes: &[u8]) {
        write(self.out, path, bytes, &mut self.counts, self.diags);
    }
}

pub(crate) fn write(
    out: &dyn Sink,
    path: &str,
    bytes: &[u8],
    counts: &mut Counts,
    diags: &mut Diagnostics,
) {
    match out.write(path, bytes) {
        Ok(()) => counts.files += 1,
        Err(err) => diags.push(
            Diagnostic::error(None, format!("kan {path} niet schrijven: {err}")).with_hint(
                "controleer of de schijf niet vol is en of u in de outputmap mag schrijven",
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::path::Path;

    use super::placemat::{font::PARSED, Paper};
    use super::*;
    use crate::resolve;
    use crate::validate::{self, Context};

    #[test]
    fn placemats_on_request_reuse_the_fonts() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basis");
        let mut diags = Diagnostics::default();
        let today = time::macros::date!(2026 - 11 - 01);
        let loaded = crate::load::load(&root, &mut diags);
        let project = validate::validate(&loaded, &Context { today }, &mut diags).expect("project");
        let themes = Themes::load(&project, &mut diags).expect("themes");
        assert!(!diags.has_errors(), "{diags:?}");
        let catalogue = resolve::catalogue(&project);
        let site = Site::new(
            &project.config,
            &catalogue,
            resolve::resolve(&project, &catalogue, today),
        );
        PARSED.with(|n| n.set(0));
        for paper in [Paper::A4, Paper::A3, Paper::A4] {
            let pdf =
                placemat::render_one(&site, &themes, &site.menus[0], paper).expect("placemat");
            assert!(pdf.starts_with(b"%PDF-"));
        }
        assert_eq!(PARSED.with(Cell::get), 2);
    }
}
