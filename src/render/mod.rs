//! Stage 4: render the resolved view model into files.
//!
//! Each renderer reads the same [`Site`] and writes into the staging
//! folder; none of them looks at the user's files again.

pub mod export;
pub mod html;
pub mod placemat;
mod routes;

use std::io;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::resolve::Site;
use crate::theme::Theme;
use crate::write::Staging;

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
}

/// Themes in use, each with its compiled templates.
pub struct Themes {
    /// The site's theme (menukaart.toml), first; then every other one used.
    pub loaded: Vec<(Theme, html::HtmlRenderer)>,
}

impl Themes {
    pub fn get(&self, name: &str) -> &(Theme, html::HtmlRenderer) {
        self.loaded
            .iter()
            .find(|(t, _)| t.name == name)
            .unwrap_or(&self.loaded[0])
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
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { placemats: true }
    }
}

/// Renders every output file of the site into `out`.
pub fn render(
    site: &Site,
    themes: &Themes,
    out: &dyn Sink,
    options: RenderOptions,
    diags: &mut Diagnostics,
) -> Counts {
    let mut counts = Counts::default();
    for (theme, _) in &themes.loaded {
        let dir = themes.static_dir(&theme.name);
        for (path, bytes) in &theme.static_files {
            write(out, &format!("{dir}{path}"), bytes, &mut counts, diags);
        }
        write(
            out,
            &format!("{dir}kleuren.css"),
            html::colours_css(theme).as_bytes(),
            &mut counts,
            diags,
        );
    }
    html::render(site, themes, out, &mut counts, diags);
    if options.placemats {
        placemat::render(site, themes, out, &mut counts, diags);
    }
    routes::render(site, themes, out, &mut counts, diags);
    html::sitemap(site, themes, out, &mut counts, diags);
    export::render(site, out, &mut counts, diags);
    counts
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
