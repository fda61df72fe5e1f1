//! The pipeline: load → validate → resolve → render → write.
//!
//! `check` runs the first four into a sink that keeps nothing, `build` all
//! five; so `check` fails on everything `build` fails on. Both return their
//! diagnostics as data; the command line decides how to print them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use time::Date;

use crate::diagnostics::closest;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::edition::{self, Edition};
use crate::load::{self, LoadedProject};
use crate::model::{Project, SiteConfig};
pub use crate::outcome::Outcome;
use crate::render::{self, Counts, Discard, RenderOptions, Sink, Themes};
use crate::resolve::{self, CatalogueEntry, Menukaart, Site};
use crate::validate;
use crate::write::Staging;

/// What `menukaart build` was asked to do.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `root/output`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `menukaart.toml`.
    pub base_url: Option<String>,
    /// Only these region slugs; empty means all.
    pub regions: Vec<String>,
    /// "Today", for outdated-data checks; tests pass a fixed date.
    pub today: Date,
    /// What to render besides the HTML pages.
    pub render: RenderOptions,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            regions: Vec::new(),
            today: today(),
            render: RenderOptions::default(),
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("output"))
    }
}

/// What a successful build did, for the summary line.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    pub regions: usize,
    pub interventions: usize,
    pub pages: usize,
    pub files: usize,
    /// Placemats copied from the cache, and laid out anew.
    pub placemats_reused: usize,
    pub placemats_made: usize,
    pub elapsed: Duration,
}

impl BuildReport {
    /// The one Dutch summary line `build` prints.
    pub fn summary(&self) -> String {
        let placemats = match (self.placemats_reused, self.placemats_made) {
            (0, 0) => String::new(),
            (reused, made) => format!(
                " ({made} {} gemaakt, {reused} hergebruikt)",
                if made == 1 { "placemat" } else { "placemats" }
            ),
        };
        format!(
            "klaar: {} {}, {} {}, {} pagina's, {} bestanden{placemats} in {} in {} s",
            self.regions,
            if self.regions == 1 {
                "zorggroep"
            } else {
                "zorggroepen"
            },
            self.interventions,
            if self.interventions == 1 {
                "interventie"
            } else {
                "interventies"
            },
            self.pages,
            self.files,
            self.output.display(),
            format!("{:.2}", self.elapsed.as_secs_f64()).replace('.', ",")
        )
    }
}

/// Today's date from the system clock (UTC).
pub fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

/// Loads and validates a project, then renders every output into
/// [`Discard`]: whatever `build` could fail on (an unknown theme, a
/// template, a character the placemat font lacks, a placemat that does not
/// fit) fails `check` too. Writes nothing.
pub fn check(root: &Path, today: Date) -> Outcome<Checked> {
    let mut diagnostics = Diagnostics::default();
    let Some((loaded, checked)) = load_and_validate(root, today, &mut diagnostics) else {
        diagnostics.sort();
        return Outcome::failed(diagnostics);
    };
    let options = BuildOptions {
        today,
        ..BuildOptions::new(root)
    };
    render_into(
        &loaded,
        &checked,
        &options,
        &Discard,
        false,
        &mut diagnostics,
    );
    diagnostics.sort();
    Outcome::new(Some(checked), diagnostics)
}

/// A project that checked, with the earlier editions of its regions: all
/// that the resolve stage needs to make the [`Site`].
#[derive(Clone, Debug)]
pub struct Checked {
    pub project: Project,
    /// Earlier editions of the regions (`edities/`), to show what changed.
    pub editions: Vec<Edition>,
}

/// A checked project reads as its [`Project`]: the editions only matter
/// where the [`Site`] is put together ([`site`]).
impl std::ops::Deref for Checked {
    type Target = Project;

    fn deref(&self) -> &Project {
        &self.project
    }
}

/// Stage 3, complete: the resolved `menus` (see [`resolve::resolve`])
/// compared with their previous editions, in the one [`Site`] every
/// renderer reads. Warns about editions that cannot serve as the previous
/// one.
pub fn site<'p>(
    config: &'p SiteConfig,
    catalogue: &'p [CatalogueEntry<'p>],
    menus: Vec<Menukaart<'p>>,
    editions: &[Edition],
    diags: &mut Diagnostics,
) -> Site<'p> {
    let mut site = Site::new(config, catalogue, menus);
    edition::annotate(&mut site.menus, editions, site.base_url);
    edition::check(&site.menus, editions, site.base_url, diags);
    site
}

/// Stages 1 and 2. `None` when any file had an error, including files that
/// could not be read at all.
fn load_and_validate(
    root: &Path,
    today: Date,
    diags: &mut Diagnostics,
) -> Option<(LoadedProject, Checked)> {
    let loaded = load::load(root, diags);
    let project = validate::validate(&loaded, &validate::Context { today }, diags)?;
    // Editions are read after the regions they belong to are known.
    let slugs: Vec<&str> = project.regions.iter().map(|r| r.slug.as_str()).collect();
    let editions = edition::load(&loaded.root, &slugs, diags);
    if diags.has_errors() {
        return None;
    }
    Some((loaded, Checked { project, editions }))
}

/// Builds the site into a staging folder and swaps it in when all went well.
pub fn build(options: &BuildOptions) -> Outcome<BuildReport> {
    let started = Instant::now();
    let mut diagnostics = Diagnostics::default();
    let report =
        build_inner(options, &mut diagnostics).map(|(output, Checked { project, .. }, counts)| {
            BuildReport {
                output,
                regions: project.regions.len(),
                interventions: project.interventions.len(),
                pages: counts.pages,
                files: counts.files + 1,
                placemats_reused: counts.placemats_reused,
                placemats_made: counts.placemats_made,
                elapsed: started.elapsed(),
            }
        });
    diagnostics.sort();
    Outcome::new(report, diagnostics)
}

/// `menukaart editie`: freezes the current edition of each region (or of
/// the regions named) as `edities/<slug>/<peildatum>.json`. Only a project
/// that checks completely can be frozen: an edition is a published state.
pub fn editie(root: &Path, regions: &[String], today: Date) -> Outcome<Vec<PathBuf>> {
    // A run killed while placing its files is undone first: the editions
    // are then compared and frozen as a whole set.
    let mut recovered = Diagnostics::default();
    crate::edition::recover(root, &mut recovered);
    let checked = check(root, today);
    let mut diagnostics = checked.diagnostics;
    for d in recovered.iter() {
        diagnostics.push(d.clone());
    }
    let Some(Checked {
        mut project,
        editions,
    }) = checked.value
    else {
        return Outcome::failed(diagnostics);
    };
    if !select_regions(&mut project, regions, &mut diagnostics) {
        return Outcome::failed(diagnostics);
    }
    let catalogue = resolve::catalogue(&project);
    // `check` has warned about the editions already.
    let menus = resolve::resolve(&project, &catalogue, today);
    let site = site(
        &project.config,
        &catalogue,
        menus,
        &editions,
        &mut Diagnostics::default(),
    );
    let gemaakt = render::export::timestamp(site.created);
    let frozen =
        crate::edition::freeze(root, &site.menus, site.base_url, &gemaakt, &mut diagnostics);
    diagnostics.sort();
    Outcome::new(Some(frozen), diagnostics)
}

fn build_inner(
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
) -> Option<(PathBuf, Checked, Counts)> {
    let (loaded, mut checked) = load_and_validate(&options.root, options.today, diagnostics)?;
    let project = &mut checked.project;
    if let Some(url) = &options.base_url {
        match validate::formats::check_base_url(url) {
            Ok(()) => {
                project.config.base_url = Some(if url.ends_with('/') {
                    url.clone()
                } else {
                    format!("{url}/")
                })
            }
            Err(hint) => {
                diagnostics.push(
                    Diagnostic::error(
                        None,
                        format!("--base-url \"{url}\" is geen geldig webadres"),
                    )
                    .with_hint(hint),
                );
                return None;
            }
        }
    }
    if !select_regions(project, &options.regions, diagnostics) {
        return None;
    }
    if project.config.base_url.is_none() {
        diagnostics.push(
            Diagnostic::warning(None, "er is geen base_url ingesteld: er komt geen sitemap.xml en de placemats krijgen geen QR-codes")
                .with_hint("zet base_url = \"https://…/\" in menukaart.toml, of geef --base-url mee"),
        );
    }
    let output = options.output_dir();
    let staging = match Staging::create(&output) {
        Ok(s) => s,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    for warning in staging.foreign_warnings() {
        diagnostics.push(warning);
    }
    let counts = render_into(&loaded, &checked, options, &staging, true, diagnostics)?;
    match staging.commit() {
        Ok(warnings) => warnings.into_iter().for_each(|w| diagnostics.push(w)),
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    }
    Some((output, checked, counts))
}

/// Keeps only the regions named with `--regio`; unknown names are errors.
fn select_regions(project: &mut Project, wanted: &[String], diags: &mut Diagnostics) -> bool {
    if wanted.is_empty() {
        return true;
    }
    let mut ok = true;
    for slug in wanted {
        if !project.regions.iter().any(|r| &r.slug == slug) {
            ok = false;
            let hint = match closest(slug, project.regions.iter().map(|r| r.slug.as_str())) {
                Some(best) => format!("bedoelde u \"{best}\"?"),
                None => format!(
                    "bestaande zorggroepen: {}",
                    project
                        .regions
                        .iter()
                        .map(|r| r.slug.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            diags.push(
                Diagnostic::error(None, format!("onbekende zorggroep \"{slug}\" bij --regio"))
                    .with_hint(hint),
            );
        }
    }
    project.regions.retain(|r| wanted.contains(&r.slug));
    ok
}

/// Stages 3 and 4 into `sink`: themes, the placemat glyph check, resolve,
/// render. `None` when any of them found an error.
fn render_into(
    loaded: &LoadedProject,
    checked: &Checked,
    options: &BuildOptions,
    sink: &dyn Sink,
    cache: bool,
    diags: &mut Diagnostics,
) -> Option<Counts> {
    let project = &checked.project;
    let mut themes = Themes::load(project, diags)?;
    if cache {
        themes = themes.with_placemat_cache(&project.root, options.regions.is_empty());
    }
    if options.render.placemats && !placemat_glyphs(loaded, project, &themes, diags) {
        return None;
    }
    let catalogue = resolve::catalogue(project);
    let menus = resolve::resolve(project, &catalogue, options.today);
    let site = site(&project.config, &catalogue, menus, &checked.editions, diags);
    render::render(&site, &themes, sink, options.render, diags)
}

/// Every character that reaches a placemat must be in its theme's font;
/// reported with file, line and column before any layout is tried. Uses
/// the renderers that then draw the placemats, so fonts are parsed once.
fn placemat_glyphs(
    loaded: &LoadedProject,
    project: &Project,
    themes: &Themes,
    diags: &mut Diagnostics,
) -> bool {
    let before = diags.error_count();
    let mut renderers = Vec::new();
    for (theme, _) in &themes.loaded {
        match themes.placemat(&theme.name) {
            Ok(r) => renderers.push((theme.name.as_str(), r)),
            Err(d) => diags.push(d),
        }
    }
    let covers = |theme: &str, c: char| {
        let name = themes.get(theme).0.name.as_str();
        renderers
            .iter()
            .find(|(n, _)| *n == name)
            .is_none_or(|(_, r)| {
                let fonts = r.fonts();
                fonts.regular.advance(c).is_some() && fonts.bold.advance(c).is_some()
            })
    };
    validate::text::placemat_glyphs(loaded, project, &covers, diags);
    diags.error_count() == before
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::render::placemat::font::PARSED;

    #[test]
    fn fonts_are_parsed_once_per_build() {
        // A copy: a build writes its placemat cache into the project.
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basis");
        let output = tempfile::tempdir().expect("temp dir");
        let root = output.path().join("project");
        for entry in walkdir::WalkDir::new(&fixture).into_iter().flatten() {
            let target = root.join(entry.path().strip_prefix(&fixture).expect("inside"));
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("folder");
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
        let options = BuildOptions {
            output: Some(output.path().join("site")),
            today: time::macros::date!(2026 - 11 - 01),
            ..BuildOptions::new(&root)
        };
        PARSED.with(|n| n.set(0));
        let outcome = build(&options);
        assert!(outcome.value.is_some(), "{:?}", outcome.diagnostics);
        for paper in crate::render::placemat::Paper::ALL {
            assert!(output
                .path()
                .join("site/zorggroep-test")
                .join(paper.file_name())
                .is_file());
        }
        // One theme, so its regular and its bold face: parsed once each for
        // the glyph check and both placemats together.
        assert_eq!(PARSED.with(Cell::get), 2);
    }
}
