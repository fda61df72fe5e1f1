//! The website: Tera templates filled from the view model.

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use super::page::{base_context, elements, json, json_each, put, take, write_page};
use super::{write, Counts, Themes};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::{Job, Sink};
use crate::resolve::{Menukaart, Site};
use crate::text::after_colon;
use crate::theme::placemat::Paper;
use crate::theme::Theme;
use crate::vocab::{Thema, Vocabulary};

/// Compiled templates of one theme.
pub struct HtmlRenderer {
    tera: Tera,
}

impl HtmlRenderer {
    pub fn new(theme: &Theme) -> Result<Self, Diagnostic> {
        let mut tera = Tera::default();
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|(name, source)| (name.as_str(), source.as_str())),
        )
        .map_err(|err| template_error(&theme.name, err))?;
        tera.set_escape_fn(escape);
        tera.register_filter("na_dubbelepunt", after_colon_filter);
        Ok(HtmlRenderer { tera })
    }

    pub(super) fn render(
        &self,
        theme: &str,
        template: &str,
        context: &Context,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|err| template_error(theme, err))
    }
}

/// Escapes the five characters that matter in HTML and XML text and
/// attribute values. Tera's default also escapes `/`, which makes every URL
/// unreadable in the source without making anything safer.
///
/// Tera calls this for every value a page prints, and most values (names,
/// labels, dates, paths) have nothing to escape: those are copied whole
/// after one scan. Otherwise the runs between the special characters are
/// copied at once, not character by character. All five are ASCII, so a
/// byte position found for one is always a character boundary.
pub fn escape(input: &str) -> String {
    let bytes = input.as_bytes();
    let Some(first) = bytes.iter().position(|&b| entity(b).is_some()) else {
        return input.to_owned();
    };
    let mut out = String::with_capacity(input.len() + input.len() / 8 + 8);
    let mut copied = 0;
    for (at, &byte) in bytes.iter().enumerate().skip(first) {
        if let Some(entity) = entity(byte) {
            out.push_str(&input[copied..at]);
            out.push_str(entity);
            copied = at + 1;
        }
    }
    out.push_str(&input[copied..]);
    out
}

/// The entity that replaces `byte` in HTML, if it needs one.
fn entity(byte: u8) -> Option<&'static str> {
    match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Tera filter `na_dubbelepunt`: [`after_colon`] for a text, or for every
/// text in a list.
fn after_colon_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    match value {
        tera::Value::String(s) => Ok(tera::Value::String(after_colon(s))),
        tera::Value::Array(list) => list
            .iter()
            .map(|v| after_colon_filter(v, &Default::default()))
            .collect::<tera::Result<Vec<_>>>()
            .map(tera::Value::Array),
        other => Ok(other.clone()),
    }
}

fn template_error(theme: &str, err: tera::Error) -> Diagnostic {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Diagnostic::error(
        None,
        format!("sjabloon van thema \"{theme}\" werkt niet: {message}"),
    )
    .with_hint(format!(
        "controleer de sjablonen in themes/{theme}/templates/"
    ))
}

/// Renders every HTML page: the home page, the catalogue, the national
/// pages, and per region its menukaart, intervention and routes pages.
/// Pages are independent, so all are rendered and written in parallel; the
/// results are collected in a fixed order, so the sitemap is stable.
///
/// The pages that show the whole site (home, not-found, catalogue) are
/// rendered beside the others rather than before them: converting every
/// menu for them takes a while, and would otherwise leave a core idle.
pub(crate) struct Pages;

impl super::Renderer for Pages {
    fn render(&self, job: &mut Job) {
        render(job);
    }
}

/// The static files and colour sheet of every theme in use.
pub(crate) struct StaticFiles;

impl super::Renderer for StaticFiles {
    fn render(&self, job: &mut Job) {
        for (theme, _) in &job.themes.loaded {
            let dir = job.themes.static_dir(&theme.name);
            for (path, bytes) in &theme.static_files {
                job.write(&format!("{dir}{path}"), bytes);
            }
            job.write(&format!("{dir}kleuren.css"), colours_css(theme).as_bytes());
        }
    }
}

fn render(job: &mut Job) {
    let (site, themes, out, counts, diags) = job.parts();
    // The placemats were made before the pages (see `super::renderers`):
    // a page links only those that exist.
    let written = counts.placemats.clone();
    let ((front, not_found), (national, regions)) = rayon::join(
        || front_pages(site, themes, out),
        || {
            rayon::join(
                || national_pages(site, themes, out),
                || {
                    site.menus
                        .par_iter()
                        .map(|menu| {
                            let (region_theme, html) = themes.get(menu.regio.theme);
                            let pages: Vec<_> = region_pages(
                                site,
                                themes,
                                &region_theme.name,
                                html,
                                menu,
                                written.get(menu.regio.slug).map(Vec::as_slice),
                            )
                            .into_iter()
                            .map(|(path, html)| write_page(out, &path, html))
                            .collect();
                            (pages, super::routes::region(site, themes, out, menu))
                        })
                        .collect::<Vec<_>>()
                },
            )
        },
    );
    let mut results = front;
    results.extend(national);
    let mut routes = Vec::new();
    for (pages, region_routes) in regions {
        results.extend(pages);
        routes.extend(region_routes);
    }
    results.extend(routes);
    collect_pages(results, counts, diags);
    match not_found {
        Ok(html) => write(out, "404.html", html.as_bytes(), counts, diags),
        Err(d) => diags.push(d),
    }
}

/// The home page and the catalogue page, written, and the not-found page,
/// rendered. Every menu is converted once for both the home page and the
/// not-found page, the catalogue once for the home and the catalogue page;
/// both are let go when these pages are done.
fn front_pages(
    site: &Site,
    themes: &Themes,
    out: &dyn Sink,
) -> (Vec<Result<String, Diagnostic>>, Result<String, Diagnostic>) {
    let (site_theme, site_html) = &themes.loaded[0];
    let theme = site_theme.name.as_str();
    let (catalogue, menus) = match (json_each(site.catalogue), json(&site.menus)) {
        (Ok(catalogue), Ok(menus)) => (catalogue, menus),
        (Err(d), _) | (_, Err(d)) => return (vec![Err(d.clone())], Err(d)),
    };
    let mut ctx = base_context(site, themes, theme, 0);
    put(&mut ctx, "menus", menus);
    put(&mut ctx, "catalogue", Value::Array(catalogue));
    let home = write_page(out, "", site_html.render(theme, "home.html", &ctx));
    let catalogue = take(&mut ctx, "catalogue");
    let not_found = not_found_page(site, themes, take(&mut ctx, "menus"));

    let mut ctx = base_context(site, themes, theme, 1);
    put(&mut ctx, "catalogue", catalogue);
    let catalogue_page = write_page(
        out,
        "interventies/",
        site_html.render(theme, "catalogue.html", &ctx),
    );
    (vec![home, catalogue_page], not_found)
}

/// The national page of every intervention.
fn national_pages(site: &Site, themes: &Themes, out: &dyn Sink) -> Vec<Result<String, Diagnostic>> {
    let (site_theme, site_html) = &themes.loaded[0];
    let theme = site_theme.name.as_str();
    let national = base_context(site, themes, theme, 2);
    site.catalogue
        .par_iter()
        .map(|entry| {
            let mut ctx = national.clone();
            ctx.insert("i", entry);
            write_page(
                out,
                &entry.pad,
                site_html.render(theme, "intervention.html", &ctx),
            )
        })
        .collect()
}

/// The path at which the site sits on its host: that of base_url
/// ("https://x.nl/menukaart/" → "/menukaart/"), or "/" without one.
pub fn site_path(base_url: Option<&str>) -> String {
    let path = base_url
        .and_then(|url| url.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|at| &rest[at..]))
        .unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// `404.html` at the root of the output. A static host shows it for any
/// missing address, at any depth, so relative links would point nowhere:
/// its links and stylesheet start at the site's path on the host
/// ([`site_path`]). Not an absolute URL: then the page would fetch its
/// stylesheet from the published site while `serve` or a test server shows
/// it, and its links would leave the local copy. Not in the sitemap.
fn not_found_page(site: &Site, themes: &Themes, menus: Value) -> Result<String, Diagnostic> {
    let (site_theme, site_html) = &themes.loaded[0];
    let theme = site_theme.name.as_str();
    let root = site_path(site.base_url);
    let mut ctx = base_context(site, themes, theme, 0);
    ctx.insert("root", &root);
    ctx.insert("static", &format!("{root}{}", themes.static_dir(theme)));
    put(&mut ctx, "menus", menus);
    site_html.render(theme, "404.html", &ctx)
}

/// Counts written pages and keeps their paths for the sitemap.
pub(super) fn collect_pages(
    results: Vec<Result<String, Diagnostic>>,
    counts: &mut Counts,
    diags: &mut Diagnostics,
) {
    for result in results {
        match result {
            Ok(path) => {
                counts.pages += 1;
                counts.files += 1;
                counts.paths.push(path);
            }
            Err(d) => diags.push(d),
        }
    }
}

/// `sitemap.xml` with every page written so far; only with a base_url,
/// since a sitemap needs absolute addresses.
/// `sitemap.xml` of every page written before it; none without `base_url`.
pub(crate) struct Sitemap;

impl super::Renderer for Sitemap {
    fn render(&self, job: &mut Job) {
        sitemap(job);
    }
}

fn sitemap(job: &mut Job) {
    let (site, themes, out, counts, diags) = job.parts();
    let Some(base_url) = site.base_url else {
        return;
    };
    let (site_theme, site_html) = &themes.loaded[0];
    let mut ctx = Context::new();
    ctx.insert("base_url", base_url);
    ctx.insert("pages", &counts.paths);
    match site_html.render(&site_theme.name, "sitemap.xml", &ctx) {
        Ok(xml) => write(out, "sitemap.xml", xml.as_bytes(), counts, diags),
        Err(d) => diags.push(d),
    }
}

/// The menukaart page and one page per intervention of a region. The items
/// are converted once: the menukaart page shows them all, then each moves
/// on to its own page.
fn region_pages(
    site: &Site,
    themes: &Themes,
    theme: &str,
    html: &HtmlRenderer,
    menu: &Menukaart,
    written: Option<&[Paper]>,
) -> Vec<(String, Result<String, Diagnostic>)> {
    let folder = format!("{}/", menu.regio.slug);
    // The placemats to link: those this build wrote, or, when it makes
    // none (`serve` makes them on request), those the region asks for.
    let asked: Vec<Paper> = menu
        .regio
        .placemats
        .papers
        .iter()
        .map(|&p| Paper::from(p))
        .collect();
    let placemats: Vec<PlacematLink> = written
        .unwrap_or(&asked)
        .iter()
        .map(|&paper| PlacematLink::of(paper))
        .collect();
    let prepared = (|| {
        Ok((
            json(&menu.regio)?,
            json_each(&menu.items)?,
            json(&menu.wijzigingen)?,
        ))
    })();
    let (regio, items, wijzigingen) = match prepared {
        Ok(values) => values,
        Err(d) => return vec![(folder, Err(d))],
    };
    let mut out = Vec::with_capacity(menu.items.len() + 2);
    let mut ctx = base_context(site, themes, theme, 1);
    put(&mut ctx, "regio", regio);
    put(&mut ctx, "items", Value::Array(items));
    ctx.insert("groepen", &menu.groepen);
    ctx.insert("filters", &menu.filters);
    ctx.insert("placemats", &placemats);
    put(&mut ctx, "wijzigingen", wijzigingen);
    out.push((folder, html.render(theme, "region.html", &ctx)));
    let items = match elements(take(&mut ctx, "items"), menu.items.len()) {
        Some(items) => Ok(items),
        None => json_each(&menu.items),
    };

    let mut page = base_context(site, themes, theme, 2);
    page.insert("placemats", &placemats);
    put(&mut page, "regio", take(&mut ctx, "regio"));
    put(&mut page, "wijzigingen", take(&mut ctx, "wijzigingen"));
    out.push((
        format!("{}/wijzigingen/", menu.regio.slug),
        html.render(theme, "wijzigingen.html", &page),
    ));
    match items {
        Ok(items) => {
            for (item, value) in menu.items.iter().zip(items) {
                put(&mut page, "item", value);
                out.push((
                    item.pad.clone(),
                    html.render(theme, "region_intervention.html", &page),
                ));
            }
        }
        Err(d) => out.push((format!("{}/", menu.regio.slug), Err(d))),
    }
    out
}

/// A placemat as the pages link it: `bestand` relative to the region's
/// folder, `naam` as the link says it.
#[derive(serde::Serialize)]
struct PlacematLink {
    bestand: &'static str,
    formaat: &'static str,
    naam: &'static str,
}

impl PlacematLink {
    fn of(paper: Paper) -> Self {
        PlacematLink {
            bestand: paper.file_name(),
            formaat: paper.label(),
            naam: match paper {
                Paper::A3 => "Placemat op A3 (liggend)",
                Paper::A4 => "Placemat op A4",
            },
        }
    }
}

/// CSS classes for the thema colours of a theme (`theme.toml` → `[kleuren]`).
pub fn colours_css(theme: &Theme) -> String {
    let mut css = String::from("/* Gemaakt uit theme.toml: [kleuren]. */\n");
    for thema in Thema::ALL {
        let colour = theme.colour(*thema);
        let id = thema.id();
        css.push_str(&format!(
            ".thema-{id} {{ background: {colour}; }}\n.thema-rand-{id} {{ border-left-color: {colour}; }}\n"
        ));
    }
    css
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escaping_replaces_the_five_special_characters_only() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("Beweegkuur ë/é €"), "Beweegkuur ë/é €");
        assert_eq!(
            escape(r#"<a href="x?a=1&b='2'">"#),
            "&lt;a href=&quot;x?a=1&amp;b=&#39;2&#39;&quot;&gt;"
        );
        assert_eq!(escape("één & twee"), "één &amp; twee");
        assert_eq!(escape("&"), "&amp;");
        assert_eq!(escape("ë>"), "ë&gt;");
    }

    #[test]
    fn the_site_path_comes_from_base_url() {
        use super::site_path;
        assert_eq!(site_path(None), "/");
        assert_eq!(site_path(Some("https://menukaart.example.nl/")), "/");
        assert_eq!(site_path(Some("https://menukaart.example.nl")), "/");
        assert_eq!(
            site_path(Some("https://x.nl/zorg/menukaart/")),
            "/zorg/menukaart/"
        );
        assert_eq!(site_path(Some("http://127.0.0.1:8080/a")), "/a/");
    }
}
