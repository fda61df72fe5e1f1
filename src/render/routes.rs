//! The referral-route pages: `<slug>/verwijsroutes/` with every gemeente,
//! and `<slug>/verwijsroutes/<gemeente>/` for one gemeente.
//!
//! The view model comes from [`crate::resolve::routes`]; this file only chooses
//! paths and fills `routes.html` and `routes_gemeente.html`. A gemeente gets
//! a page of its own so that its buurtsportcoach can bookmark and print
//! just the routes that concern them.

use tera::Value;

use super::page::{base_context, elements, json, json_each, put, take, write_page};
use super::{Sink, Themes};
use crate::diagnostics::Diagnostic;
use crate::resolve::routes::{routes, RegionRoutes};
use crate::resolve::{Menukaart, Site};

/// Folder of the routes pages inside a region's folder.
pub const FOLDER: &str = "verwijsroutes";

/// Renders and writes the routes pages of one region.
pub(super) fn region(
    site: &Site,
    themes: &Themes,
    out: &dyn Sink,
    menu: &Menukaart,
) -> Vec<Result<String, Diagnostic>> {
    let routes = routes(menu);
    pages(site, themes, &routes)
        .into_iter()
        .map(|(path, html)| write_page(out, &path, html))
        .collect()
}

/// The overview page and one page per gemeente, as (folder, html). The
/// routes are converted once: the overview shows every gemeente, then each
/// gemeente's part moves on to its own page.
fn pages(
    site: &Site,
    themes: &Themes,
    routes: &RegionRoutes,
) -> Vec<(String, Result<String, Diagnostic>)> {
    let (theme, html) = themes.get(routes.regio.theme);
    let folder = format!("{}/{FOLDER}/", routes.regio.slug);
    let (regio, value) = match json(routes.regio).and_then(|r| Ok((r, json(routes)?))) {
        Ok(values) => values,
        Err(d) => return vec![(folder, Err(d))],
    };
    let mut out = Vec::with_capacity(routes.gemeenten.len() + 1);

    let mut ctx = base_context(site, themes, &theme.name, 2);
    put(&mut ctx, "regio", regio);
    put(&mut ctx, "routes", value);
    out.push((
        folder.clone(),
        html.render(&theme.name, "routes.html", &ctx),
    ));

    if routes.hele_regio {
        return out;
    }
    let gemeenten = match take(&mut ctx, "routes") {
        Value::Object(mut map) => map.remove("gemeenten"),
        _ => None,
    };
    let gemeenten = match gemeenten.and_then(|g| elements(g, routes.gemeenten.len())) {
        Some(gemeenten) => Ok(gemeenten),
        None => json_each(&routes.gemeenten),
    };
    let mut page = base_context(site, themes, &theme.name, 3);
    put(&mut page, "regio", take(&mut ctx, "regio"));
    match gemeenten {
        Ok(gemeenten) => {
            for (gemeente, value) in routes.gemeenten.iter().zip(gemeenten) {
                put(&mut page, "gemeente", value);
                out.push((
                    format!("{folder}{}/", gemeente.slug),
                    html.render(&theme.name, "routes_gemeente.html", &page),
                ));
            }
        }
        Err(d) => out.push((folder, Err(d))),
    }
    out
}
