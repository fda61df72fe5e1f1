//! The referral-route pages: `<slug>/verwijsroutes/` with every gemeente,
//! and `<slug>/verwijsroutes/<gemeente>/` for one gemeente.
//!
//! The view model comes from [`crate::resolve::routes`]; this file only chooses
//! paths and fills `routes.html` and `routes_gemeente.html`. A gemeente gets
//! a page of its own so that its buurtsportcoach can bookmark and print
//! just the routes that concern them.

use rayon::prelude::*;

use super::html::{base_context, collect_pages, write_page};
use super::Themes;
use crate::diagnostics::Diagnostic;
use crate::render::Job;
use crate::resolve::routes::{routes, RegionRoutes};
use crate::resolve::Site;

/// Folder of the routes pages inside a region's folder.
pub const FOLDER: &str = "verwijsroutes";

/// Renders the routes pages of every region.
pub(crate) fn render(job: &mut Job) {
    let (site, themes, out, counts, diags) = job.parts();
    let results: Vec<_> = site
        .menus
        .par_iter()
        .flat_map_iter(|menu| {
            let routes = routes(menu);
            pages(site, themes, &routes)
                .into_iter()
                .map(|(path, html)| write_page(out, &path, html))
                .collect::<Vec<_>>()
        })
        .collect();
    collect_pages(results, counts, diags);
}

/// The overview page and one page per gemeente, as (folder, html).
fn pages(
    site: &Site,
    themes: &Themes,
    routes: &RegionRoutes,
) -> Vec<(String, Result<String, Diagnostic>)> {
    let (theme, html) = themes.get(routes.regio.theme);
    let folder = format!("{}/{FOLDER}/", routes.regio.slug);
    let mut out = Vec::with_capacity(routes.gemeenten.len() + 1);

    let mut ctx = base_context(site, themes, &theme.name, 2);
    ctx.insert("regio", routes.regio);
    ctx.insert("routes", routes);
    out.push((
        folder.clone(),
        html.render(&theme.name, "routes.html", &ctx),
    ));

    if routes.hele_regio {
        return out;
    }
    let mut ctx = base_context(site, themes, &theme.name, 3);
    ctx.insert("regio", routes.regio);
    for gemeente in &routes.gemeenten {
        ctx.insert("gemeente", gemeente);
        out.push((
            format!("{folder}{}/", gemeente.slug),
            html.render(&theme.name, "routes_gemeente.html", &ctx),
        ));
    }
    out
}
