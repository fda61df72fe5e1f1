//! Broken internal links in Markdown: intervention bodies and region intros.
//!
//! Users link to other pages with relative links, such as `../gli-cool/`
//! from an intervention page. A typo there gives a huisarts a "page not
//! found" in the middle of a consult, so `check` resolves every relative
//! link against the pages the build will make and reports the ones that
//! lead nowhere, with the place of the link in the file and a "bedoelde u"
//! hint.
//!
//! An intervention body appears twice: on the national page
//! (`interventies/<id>/`) and on the page of every region that chose it
//! (`<slug>/<id>/`). Both are two folders deep, so `../../…` links work the
//! same from both; a link like `../andere/` does not: it only works on a
//! region's page when that region chose `andere` too. A link that is broken
//! on the national page is an error; one that only breaks on some regional
//! pages is a warning that names the regions.

use std::collections::HashSet;

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::fields::closest;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceText};
use crate::model::{Intervention, Region};

/// One link or image in Markdown, where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    /// Byte offset of the link target (or of the link when the target is
    /// written elsewhere, as in reference links) inside the Markdown.
    pub offset: usize,
}

/// Every link and image target in `markdown`, in order.
pub fn extract(markdown: &str) -> Vec<Link> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let mut links = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        let url = match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let written = markdown.get(range.clone()).unwrap_or("");
        let offset = written
            .rfind(&format!("]({url}"))
            .map(|i| range.start + i + 2)
            .or_else(|| written.find(url.as_ref()).map(|i| range.start + i))
            .unwrap_or(range.start);
        links.push(Link {
            url: url.to_string(),
            offset,
        });
    }
    links
}

/// Every page and file the build makes, as paths relative to the site
/// root; folders end in `/` (their `index.html`).
pub struct SiteMap {
    pages: HashSet<String>,
    /// Folders whose contents are not listed one by one (static files,
    /// referral routes per gemeente, export schemas).
    open_folders: Vec<String>,
}

impl SiteMap {
    pub fn new(interventions: &[Intervention], regions: &[Region]) -> SiteMap {
        let mut pages: HashSet<String> = ["", "interventies/", "sitemap.xml", "interventies.json"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for i in interventions {
            pages.insert(format!("interventies/{}/", i.id));
        }
        let mut open_folders = vec!["static/".to_string(), "schema/".to_string()];
        for r in regions {
            pages.insert(format!("{}/", r.slug));
            for file in [
                "placemat.pdf",
                "placemat-a4.pdf",
                "menukaart.json",
                "menukaart.csv",
            ] {
                pages.insert(format!("{}/{file}", r.slug));
            }
            open_folders.push(format!("{}/verwijsroutes/", r.slug));
            for e in &r.entries {
                pages.insert(format!("{}/{}/", r.slug, e.id));
            }
        }
        SiteMap {
            pages,
            open_folders,
        }
    }

    fn exists(&self, path: &str) -> bool {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        self.pages.contains(path)
            || self.pages.contains(&format!("{path}/"))
            || self
                .open_folders
                .iter()
                .any(|f| path.starts_with(f.as_str()) || format!("{path}/") == *f)
    }

    /// The page closest to a broken path, if it looks like a typo.
    fn closest(&self, path: &str) -> Option<&str> {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let wanted = if path.ends_with('/') || path.contains('.') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        closest(&wanted, self.pages.iter().map(String::as_str))
    }
}

/// What a link target is, seen from a page in folder `base` (ending in `/`).
enum Target {
    /// Not a page of this site: another scheme, a host, or only `#anker`.
    Outside,
    /// Starts with `/`: breaks when the site is opened from disk or hosted
    /// under a sub-path.
    RootRelative,
    /// Climbs above the site root with `../`.
    AboveRoot,
    Page(String),
}

fn resolve(base: &str, url: &str) -> Target {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let has_scheme = lower
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']));
    if url.is_empty() || url.starts_with('#') || has_scheme || url.starts_with("//") {
        return Target::Outside;
    }
    if url.starts_with('/') {
        return Target::RootRelative;
    }
    let path = url.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return Target::Outside;
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    let trailing = path.ends_with('/');
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::AboveRoot;
                }
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if (trailing || path.ends_with("/.") || path.ends_with("/..") || path == "." || path == "..")
        && !joined.is_empty()
    {
        joined.push('/');
    }
    Target::Page(joined)
}

/// The relative link from folder `base` to `page`.
fn relative(base: &str, page: &str) -> String {
    let from: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = page.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to[common..].join("/"));
    if page.ends_with('/') && common < to.len() {
        out.push('/');
    }
    if out.is_empty() {
        out.push_str("./");
    }
    out
}

/// A broken link as a diagnostic; `None` when the link works from `base`.
fn problem(site: &SiteMap, base: &str, url: &str, at: Location) -> Option<Diagnostic> {
    let (message, hint) = match resolve(base, url) {
        Target::Outside => return None,
        Target::Page(page) if site.exists(&page) => return None,
        Target::Page(page) => {
            let hint = match site.closest(&page) {
                Some(best) => format!("bedoelde u \"{}\"?", relative(base, best)),
                None => "een link naar een andere interventie schrijft u als ../../interventies/<id>/, met de bestandsnaam zonder .md als id".to_string(),
            };
            (format!("de link \"{url}\" gaat naar een pagina die niet bestaat"), hint)
        }
        Target::RootRelative => (
            format!("de link \"{url}\" begint met /"),
            format!(
                "de site moet ook werken vanaf een schijf of onder een andere map; schrijf de link relatief, bijvoorbeeld \"{}\"",
                relative(base, url.trim_start_matches('/'))
            ),
        ),
        Target::AboveRoot => (
            format!("de link \"{url}\" gaat buiten de site"),
            "haal een of meer ../ weg; vanaf deze pagina is ../../ de hoofdmap van de site"
                .to_string(),
        ),
    };
    Some(Diagnostic::error(Some(at), message).with_hint(hint))
}

/// Checks the body of one intervention (which starts at byte `body_start`
/// of `source`) on its national page and on the page of every region that
/// chose it (`choosers`).
pub fn check_intervention(
    i: &Intervention,
    links: &[Link],
    (body_start, source): (usize, &SourceText),
    site: &SiteMap,
    choosers: &[&Region],
    diags: &mut Diagnostics,
) {
    let national = format!("interventies/{}/", i.id);
    for link in links {
        let at = source.location(body_start + link.offset);
        if let Some(d) = problem(site, &national, &link.url, at.clone()) {
            diags.push(d);
            continue;
        }
        let broken: Vec<&str> = choosers
            .iter()
            .filter(|r| {
                problem(
                    site,
                    &format!("{}/{}/", r.slug, i.id),
                    &link.url,
                    at.clone(),
                )
                .is_some()
            })
            .map(|r| r.naam.as_str())
            .collect();
        if broken.is_empty() {
            continue;
        }
        let names = match broken.len() {
            1..=3 => broken.join(", "),
            n => format!("{} en {} andere", broken[..3].join(", "), n - 3),
        };
        diags.push(
            Diagnostic::warning(
                Some(at),
                format!(
                    "de link \"{}\" werkt niet op de pagina van deze interventie bij {names}: die zorggroep heeft de pagina waar de link naartoe gaat niet gekozen",
                    link.url
                ),
            )
            .with_hint(match resolve(&national, &link.url) {
                // Up to the site root and down again: the same from the
                // national page and from every region's page.
                Target::Page(page) => format!(
                    "link naar de landelijke pagina, die bestaat altijd: \"../../{page}\""
                ),
                _ => "link naar de landelijke pagina: ../../interventies/<id>/".to_string(),
            }),
        );
    }
}

/// Checks the Markdown `intro` of a region, shown on `<slug>/`.
pub fn check_region_intro(
    region: &Region,
    source: &SourceText,
    site: &SiteMap,
    diags: &mut Diagnostics,
) {
    let Some(intro) = &region.intro else { return };
    let base = format!("{}/", region.slug);
    for link in extract(intro) {
        // The intro is a TOML string, so offsets inside it do not map to
        // the file one to one; find the link target in the file instead.
        let at = source
            .text
            .find(&format!("]({}", link.url))
            .map(|i| source.location(i + 2))
            .unwrap_or_else(|| Location::file(&source.path));
        if let Some(d) = problem(site, &base, &link.url, at) {
            diags.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_links_with_their_offsets() {
        let md = "Zie [CooL](../gli-cool/) en ![foto](beeld.png).\n\n[ref]: ../x/\n\nOok [ref].";
        let links = extract(md);
        assert_eq!(links.len(), 3);
        assert_eq!(links[0].url, "../gli-cool/");
        assert_eq!(&md[links[0].offset..links[0].offset + 3], "../");
        assert_eq!(links[1].url, "beeld.png");
        assert_eq!(&md[links[1].offset..links[1].offset + 5], "beeld");
        assert_eq!(links[2].url, "../x/");
    }

    #[test]
    fn resolves_relative_paths() {
        let page = |base, url| match resolve(base, url) {
            Target::Page(p) => p,
            _ => "-".to_string(),
        };
        assert_eq!(page("interventies/a/", "../b/"), "interventies/b/");
        assert_eq!(page("interventies/a/", "../../regio/b/#kop"), "regio/b/");
        assert_eq!(page("interventies/a/", "../b"), "interventies/b");
        assert_eq!(page("interventies/a/", "../../"), "");
        assert!(matches!(resolve("a/", "https://x.nl/"), Target::Outside));
        assert!(matches!(resolve("a/", "#kop"), Target::Outside));
        assert!(matches!(resolve("a/", "mailto:x@y.nl"), Target::Outside));
        assert!(matches!(resolve("a/", "/a/"), Target::RootRelative));
        assert!(matches!(resolve("a/", "../../../x/"), Target::AboveRoot));
        assert_eq!(relative("interventies/a/", "interventies/b/"), "../b/");
        assert_eq!(relative("r/a/", "interventies/b/"), "../../interventies/b/");
        assert_eq!(relative("r/", "r/b/"), "b/");
    }
}
