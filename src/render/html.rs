//! The website: Tera templates filled from the view model.

use serde::Serialize;
use tera::{Context, Tera};

use super::{write, Counts, Themes};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::resolve::{Menukaart, Site};
use crate::theme::Theme;
use crate::vocab::{Thema, Vocabulary};
use crate::write::Staging;

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
        Ok(HtmlRenderer { tera })
    }

    fn render(&self, theme: &str, template: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|err| template_error(theme, err))
    }
}

/// Escapes the five characters that matter in HTML and XML text and
/// attribute values. Tera's default also escapes `/`, which makes every URL
/// unreadable in the source without making anything safer.
pub fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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

/// Site-wide values every template gets.
#[derive(Serialize)]
struct SiteInfo<'a> {
    titel: &'a str,
    base_url: Option<&'a str>,
}

/// `../` repeated once per folder level, so links work from disk and under any path.
fn root_for(depth: usize) -> String {
    "../".repeat(depth)
}

fn base_context(site: &Site, themes: &Themes, theme: &str, depth: usize) -> Context {
    let mut ctx = Context::new();
    let root = root_for(depth);
    ctx.insert("static", &format!("{root}{}", themes.static_dir(theme)));
    ctx.insert("root", &root);
    ctx.insert(
        "site",
        &SiteInfo {
            titel: site.titel,
            base_url: site.base_url,
        },
    );
    ctx
}

pub fn render(
    site: &Site,
    themes: &Themes,
    out: &Staging,
    counts: &mut Counts,
    diags: &mut Diagnostics,
) {
    let (site_theme, site_html) = &themes.loaded[0];
    let mut pages: Vec<String> = Vec::new();
    let mut page = |path: &str,
                    html: Result<String, Diagnostic>,
                    counts: &mut Counts,
                    diags: &mut Diagnostics| match html {
        Ok(html) => {
            write(
                out,
                &format!("{path}index.html"),
                html.as_bytes(),
                counts,
                diags,
            );
            counts.pages += 1;
            pages.push(path.to_string());
        }
        Err(d) => diags.push(d),
    };

    let mut ctx = base_context(site, themes, &site_theme.name, 0);
    ctx.insert("menus", &site.menus);
    ctx.insert("catalogue", &site.catalogue);
    page(
        "",
        site_html.render(&site_theme.name, "home.html", &ctx),
        counts,
        diags,
    );

    let mut ctx = base_context(site, themes, &site_theme.name, 1);
    ctx.insert("catalogue", &site.catalogue);
    page(
        "interventies/",
        site_html.render(&site_theme.name, "catalogue.html", &ctx),
        counts,
        diags,
    );

    for entry in site.catalogue {
        let mut ctx = base_context(site, themes, &site_theme.name, 2);
        ctx.insert("i", entry);
        page(
            &entry.pad,
            site_html.render(&site_theme.name, "intervention.html", &ctx),
            counts,
            diags,
        );
    }

    for menu in &site.menus {
        let (theme, html) = themes.get(menu.regio.theme);
        for (path, result) in region_pages(site, themes, &theme.name, html, menu) {
            page(&path, result, counts, diags);
        }
    }

    if let Some(base_url) = site.base_url {
        let mut ctx = Context::new();
        ctx.insert("base_url", base_url);
        ctx.insert("pages", &pages);
        match site_html.render(&site_theme.name, "sitemap.xml", &ctx) {
            Ok(xml) => write(out, "sitemap.xml", xml.as_bytes(), counts, diags),
            Err(d) => diags.push(d),
        }
    }
}

/// The menukaart page and one page per intervention of a region.
fn region_pages(
    site: &Site,
    themes: &Themes,
    theme: &str,
    html: &HtmlRenderer,
    menu: &Menukaart,
) -> Vec<(String, Result<String, Diagnostic>)> {
    let mut out = Vec::with_capacity(menu.items.len() + 1);
    let mut ctx = base_context(site, themes, theme, 1);
    ctx.insert("regio", &menu.regio);
    ctx.insert("items", &menu.items);
    ctx.insert("groepen", &menu.groepen);
    out.push((
        format!("{}/", menu.regio.slug),
        html.render(theme, "region.html", &ctx),
    ));

    let mut ctx = base_context(site, themes, theme, 2);
    ctx.insert("regio", &menu.regio);
    for item in &menu.items {
        ctx.insert("item", item);
        ctx.insert("i", item.interventie);
        out.push((
            item.pad.clone(),
            html.render(theme, "region_intervention.html", &ctx),
        ));
    }
    out
}

/// CSS classes for the thema colours of a theme (`theme.toml` → `[kleuren]`).
pub fn colours_css(theme: &Theme) -> String {
    let mut css = String::from("/* Gemaakt uit theme.toml: [kleuren]. */\n");
    for thema in Thema::ALL {
        let colour = theme.colour(thema.id());
        let id = thema.id();
        css.push_str(&format!(
            ".thema-{id} {{ background: {colour}; }}\n.thema-rand-{id} {{ border-left-color: {colour}; }}\n"
        ));
    }
    css
}
