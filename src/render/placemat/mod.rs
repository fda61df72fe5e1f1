//! The placemat: one printed sheet per zorggroep with its interventions.
//!
//! Huisartsen and POH's keep it on the consulting-room desk, so it must be
//! legible at arm's length, complete and dated. Each region gets an A3
//! (landscape) and an A4 placemat, drawn from the same [`Menukaart`] as
//! the website.
//!
//! The pipeline per placemat: header and footer ([`page`]), one card per
//! intervention ([`card`], text broken into lines by [`layout`] with the
//! font's own widths from [`font`]), cards poured into thema-grouped
//! columns ([`flow`]), QR codes from [`qr`], and finally the PDF ([`pdf`]).
//!
//! **Auto-fit.** The theme gives per paper a normal, a largest and a
//! smallest letter size (no less than 7 pt on A4 and 8 pt on A3, read from
//! 60 cm). If the cards fit at the normal size, the letter grows while it
//! still fits (a short menukaart reads easier); otherwise it shrinks in
//! quarter-point steps down to the smallest size. The theme's number of
//! columns and one column fewer are both tried; the one that allows the
//! larger letter wins, and the columns are balanced. When one side is not
//! enough at the smallest letter, the cards continue on the back of the
//! sheet (each side's header says so) rather than in a smaller letter.
//! Only when two sides with the full text are not enough, the numbered
//! steps of each aanmelding route move behind the QR code (the header says
//! where to find them; the route's referral, Zorgdomein entry and contact
//! details stay on the card). When that does not fit either, `check` and
//! `build` fail with a message that says how many interventions would fit:
//! nothing is ever cut off.

pub(crate) mod cache;
pub mod card;
mod fit;
pub(crate) mod flow;
pub(crate) mod font;
pub(crate) mod layout;
pub mod menu;
pub mod page;
pub(crate) mod pdf;
pub(crate) mod qr;

use std::collections::BTreeMap;
use std::path::PathBuf;

use time::OffsetDateTime;

use self::card::{Card, Detail};
use self::fit::Attempt;
use self::flow::Placed;
use self::font::Fonts;
use self::layout::MissingGlyph;
use self::page::{Frame, Item, Rect};
use self::qr::Qr;
pub use crate::theme::placemat::Paper;
use crate::theme::placemat::{Rgb, Settings};
use rayon::prelude::*;

use super::Themes;
#[cfg(test)]
use crate::diagnostics::Diagnostics;
use crate::diagnostics::{Diagnostic, Location};
use crate::render::Job;
use crate::resolve::{Menukaart, Site};
use crate::theme::Theme;
use crate::vocab::{Thema, Vocabulary};

/// Why a placemat was not made: it does not fit even at the smallest
/// letter (which a region may answer by leaving that paper out), or
/// anything else.
#[derive(Debug)]
pub enum Failure {
    DoesNotFit(Diagnostic),
    Other(Diagnostic),
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Other(d)
    }
}

impl From<Failure> for Diagnostic {
    fn from(f: Failure) -> Self {
        match f {
            Failure::DoesNotFit(d) | Failure::Other(d) => d,
        }
    }
}

/// Site-wide values a placemat shows.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The site title, "Menukaart leefstijl".
    pub titel: &'a str,
    /// Absolute site address ending in `/`; without it there are no QR codes.
    pub base_url: Option<&'a str>,
    /// The PDF's creation date: the build time or `SOURCE_DATE_EPOCH`.
    pub created: OffsetDateTime,
}

impl<'a> Context<'a> {
    /// The placemat's values from the site being rendered.
    pub fn of(site: &Site<'a>) -> Self {
        Context {
            titel: site.titel,
            base_url: site.base_url,
            created: site.created,
        }
    }
}

/// A finished page layout: what [`PlacematRenderer::layout`] decided.
#[derive(Clone, Debug)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    /// The front of the sheet.
    pub items: Vec<Item>,
    /// The sides after the front, with the details per intervention:
    /// the back, and on a second sheet two more where they do not fit.
    pub back: Vec<Vec<Item>>,
    pub qrs: Vec<Qr>,
    /// The letter size auto-fit chose for the menu on the front.
    pub menu_letter: f32,
    /// The letter size auto-fit chose for the cards.
    pub letter: f32,
    pub detail: Detail,
    /// Where each card ended up, in the order of the menu's items.
    pub cards: Vec<Rect>,
    /// The side of each card: 1 the back, 2 and 3 the second sheet.
    pub card_sides: Vec<usize>,
    /// The area between header and footer on the sides with the cards.
    pub body: Rect,
}

/// Renders placemats for one theme. Fonts are parsed once, in [`new`](Self::new),
/// and shared by every region and paper size of a build.
pub struct PlacematRenderer {
    settings: Settings,
    fonts: Fonts,
    colours: BTreeMap<Thema, Rgb>,
}

impl Page {
    /// The sheet as the PDF writer takes it: the front, then the back sides.
    pub(crate) fn document(&self) -> pdf::Document<'_> {
        pdf::Document {
            width: self.width,
            height: self.height,
            sides: std::iter::once(self.items.as_slice())
                .chain(self.back.iter().map(Vec::as_slice))
                .collect(),
            qrs: &self.qrs,
        }
    }
}

impl PlacematRenderer {
    /// Parses the theme's fonts; a build makes one per theme (see
    /// [`Themes::placemat`]).
    pub fn new(theme: &Theme) -> Result<Self, Diagnostic> {
        let settings = theme.placemat.clone();
        let fonts = Fonts::load(theme, &settings)?;
        let colours = Thema::ALL
            .iter()
            .map(|&t| (t, theme.colour(t).rgb))
            .collect();
        Ok(PlacematRenderer {
            settings,
            fonts,
            colours,
        })
    }

    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// The theme's colour for rules.
    pub(crate) fn line_colour(&self) -> Rgb {
        self.settings.line
    }

    /// The theme's text colour.
    pub(crate) fn text_colour(&self) -> Rgb {
        self.settings.text
    }

    /// The colour of a thema; text colour for the "Overig" group.
    pub(crate) fn colour(&self, thema: Option<Thema>) -> Rgb {
        thema
            .and_then(|t| self.colours.get(&t))
            .copied()
            .unwrap_or(self.settings.text)
    }

    /// The placemat of `menu` on `paper` as PDF bytes.
    pub fn render(
        &self,
        menu: &Menukaart,
        paper: Paper,
        ctx: &Context,
    ) -> Result<Vec<u8>, Diagnostic> {
        let qrs = qr_codes(menu, ctx)?;
        self.render_with(menu, paper, ctx, qrs)
            .map_err(Diagnostic::from)
    }

    /// [`render`](Self::render) with the menu's QR codes made beforehand,
    /// so that the A3 and the A4 of a region share them.
    fn render_with(
        &self,
        menu: &Menukaart,
        paper: Paper,
        ctx: &Context,
        qrs: Vec<Qr>,
    ) -> Result<Vec<u8>, Failure> {
        let page = self.layout_with(menu, paper, ctx, qrs)?;
        let regio = &menu.regio;
        let title = format!("{} – {} ({})", ctx.titel, regio.naam, paper.label());
        let subject = format!(
            "Leefstijlinterventies van {}, peildatum {}",
            regio.naam, regio.peildatum
        );
        let meta = pdf::Meta {
            title: &title,
            author: regio.naam,
            subject: &subject,
            created: ctx.created,
        };
        pdf::write(&page.document(), &self.fonts, &meta).map_err(|err| {
            Failure::Other(Diagnostic::error(
                None,
                format!(
                    "de placemat ({}) van {} kan niet gemaakt worden: {err}",
                    paper.label(),
                    regio.naam
                ),
            ))
        })
    }

    /// Lays out the page: header, footer and the cards at the largest
    /// letter size that fits (see the module documentation).
    pub fn layout(
        &self,
        menu: &Menukaart,
        paper: Paper,
        ctx: &Context,
    ) -> Result<Page, Diagnostic> {
        self.layout_with(menu, paper, ctx, qr_codes(menu, ctx)?)
            .map_err(Diagnostic::from)
    }

    fn layout_with(
        &self,
        menu: &Menukaart,
        paper: Paper,
        ctx: &Context,
        qrs: Vec<Qr>,
    ) -> Result<Page, Failure> {
        let ps = self.settings.paper(paper);
        let (width, height) = paper.size(ps.landscape);
        let margin = ps.margin;
        let inner = width - 2.0 * margin;
        let site = ctx.base_url.map(|base| {
            let base = base.trim_end_matches('/');
            format!("{base}/{}/", menu.regio.slug)
        });
        let missing = |m: MissingGlyph| missing_glyph(m, menu);

        let frame = Frame {
            fonts: &self.fonts,
            titel: ctx.titel,
            text: self.settings.text,
            line: self.settings.line,
            letter: ps.normal,
            minimum: ps.smallest,
            width: inner,
            site: site.as_deref(),
        };
        let footer = frame.footer(menu).map_err(missing)?;
        let front_header = frame
            .header_with(menu, Some("Details op de achterzijde."))
            .map_err(missing)?;
        let detail_header = frame
            .header_with(menu, Some("Achterzijde: details per interventie."))
            .map_err(missing)?;
        let gap = 0.7 * ps.normal;
        let body_for = |header_height: f32| Rect {
            x: margin,
            y: margin + header_height + gap,
            w: inner,
            h: height - 2.0 * margin - header_height - footer.height - 2.0 * gap,
        };
        let footer_top = height - margin - footer.height;
        let groups = self.groups(menu);
        let fail = |fitting: usize| {
            Diagnostic::error(
                Some(Location::file(
                    &PathBuf::from("regions").join(format!("{}.toml", menu.regio.slug)),
                )),
                format!(
                    "de placemat ({}) van {} past niet op twee vellen: bij de kleinste letter ({} pt) passen {} van de {} interventies",
                    paper.label(),
                    menu.regio.naam,
                    points(ps.smallest),
                    fitting,
                    menu.items.len()
                ),
            )
            .with_hint(format!(
                "kies minder interventies of kortere teksten (samenvatting, doelgroep, stappen, regionale afspraken), \
                 of maak in het thema [placemat.{}] marge kleiner",
                paper.key()
            ))
        };

        // The front: the menu, every intervention in one row.
        let menu_body = body_for(front_header.height);
        let colours: Vec<Rgb> = groups.iter().map(|(t, _)| self.colour(*t)).collect();
        let table = menu::Menu::new(
            &self.fonts,
            &menu.items,
            &groups,
            colours,
            &qrs,
            self.settings.text,
            self.settings.line,
        )
        .map_err(missing)?;
        let Some(chosen) = table.best(&menu_body, ps).map_err(missing)? else {
            let fitting = table.how_many_fit(&menu_body, ps).map_err(missing)?;
            return Err(Failure::DoesNotFit(fail(fitting)));
        };
        let mut items = Vec::new();
        front_header.clone().place(margin, margin, &mut items);
        table
            .place(&chosen, &menu_body, ps, &mut items)
            .map_err(missing)?;
        footer.clone().place(margin, footer_top, &mut items);

        // The back: one card per intervention with the details. Each
        // card's text is measured once per detail level; the trial
        // layouts below only scale and break it.
        let mut cards: [Vec<Card>; 2] = [Vec::new(), Vec::new()];
        for (level, detail) in [Detail::Full, Detail::Compact].into_iter().enumerate() {
            for (index, item) in menu.items.iter().enumerate() {
                let thema = groups
                    .iter()
                    .find(|(_, items)| items.contains(&index))
                    .and_then(|(t, _)| *t);
                cards[level].push(
                    Card::new(
                        &self.fonts,
                        item,
                        detail,
                        self.colour(thema),
                        self.settings.text,
                    )
                    .map_err(missing)?,
                );
            }
        }
        let attempt = |columns: usize, sides: usize| Attempt {
            renderer: self,
            menu,
            ps,
            columns,
            sides,
            body: body_for(detail_header.height),
            groups: &groups,
            qrs: &qrs,
            cards: &cards,
        };
        // One sheet if the details fit on its back, even with the steps
        // behind the QR code; only then a second sheet (three sides of
        // details), where the full text comes first again.
        for (sides, detail) in [
            (1, Detail::Full),
            (1, Detail::Compact),
            (3, Detail::Full),
            (3, Detail::Compact),
        ] {
            // One column fewer gives wider, shorter cards: with few
            // interventions that lets the letter grow. Take whichever
            // allows the larger letter; on a tie, the theme's own count.
            let mut best: Option<(Attempt, f32, Vec<Placed>)> = None;
            for columns in [ps.columns, ps.columns.saturating_sub(1)] {
                if columns == 0 || best.as_ref().is_some_and(|c| c.0.columns == columns) {
                    continue;
                }
                let candidate = attempt(columns, sides);
                if let Some((size, placed)) = candidate.best(detail).map_err(missing)? {
                    if best.as_ref().is_none_or(|c| size > c.1 + 0.001) {
                        best = Some((candidate, size, placed));
                    }
                }
            }
            let Some((attempt, size, placed)) = best else {
                continue;
            };
            // Header, cards, footer: the order text is read back in.
            let mut back = vec![Vec::new(); sides];
            for side in back.iter_mut() {
                detail_header.clone().place(margin, margin, side);
            }
            let placed_cards = attempt
                .place(size, detail, &placed, &mut back)
                .map_err(missing)?;
            for side in back.iter_mut() {
                footer.clone().place(margin, footer_top, side);
            }
            // A side with nothing but header and footer is left out.
            let used: Vec<usize> = placed_cards.iter().map(|(s, _)| *s).collect();
            let back: Vec<Vec<Item>> = back
                .into_iter()
                .enumerate()
                .filter(|(side, _)| used.contains(side))
                .map(|(_, side)| side)
                .collect();
            return Ok(Page {
                width,
                height,
                items,
                back,
                qrs: qrs.clone(),
                menu_letter: chosen.size,
                letter: size,
                detail,
                cards: placed_cards.iter().map(|(_, r)| *r).collect(),
                card_sides: used.iter().map(|s| s + 1).collect(),
                body: attempt.body,
            });
        }

        let fitting = [ps.columns, ps.columns.saturating_sub(1)]
            .into_iter()
            .filter(|&c| c > 0)
            .map(|c| attempt(c, 3).how_many_fit())
            .try_fold(0, |best, n| n.map(|n| best.max(n)))
            .map_err(missing)?;
        Err(Failure::DoesNotFit(fail(fitting)))
    }

    /// The menu's thema groups; items without a group (none after
    /// validation) get a last group so that no card can go missing.
    fn groups(&self, menu: &Menukaart) -> Vec<Group> {
        let mut groups: Vec<Group> = menu
            .groepen
            .iter()
            .map(|g| {
                let items = g
                    .items
                    .iter()
                    .copied()
                    .filter(|&i| i < menu.items.len())
                    .collect();
                (Some(g.thema), items)
            })
            .filter(|(_, items): &Group| !items.is_empty())
            .collect();
        let loose: Vec<usize> = (0..menu.items.len())
            .filter(|i| !groups.iter().any(|(_, items)| items.contains(i)))
            .collect();
        if !loose.is_empty() {
            groups.push((None, loose));
        }
        groups
    }
}

/// A thema and the indexes of its items; `None` is the "Overig" group.
pub(super) type Group = (Option<Thema>, Vec<usize>);

/// The heading of a group.
pub(super) fn group_label(thema: Option<Thema>) -> &'static str {
    thema.map_or("Overig", Thema::label)
}

/// One QR code per item, for its regional page; none without a base_url.
fn qr_codes(menu: &Menukaart, ctx: &Context) -> Result<Vec<Qr>, Diagnostic> {
    let Some(base) = ctx.base_url else {
        return Ok(Vec::new());
    };
    menu.items
        .iter()
        .map(|item| {
            let url = format!("{}/{}", base.trim_end_matches('/'), item.pad);
            Qr::new(&url).map_err(|err| {
                Diagnostic::error(
                    None,
                    format!("de QR-code voor {url} kan niet gemaakt worden: {err}"),
                )
                .with_hint("kies een kortere base_url in menukaart.toml")
            })
        })
        .collect()
}

/// "8", "6,5": sizes as Dutch readers write them.
fn points(size: f32) -> String {
    let rounded = (size * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}").replace('.', ",")
    }
}

fn missing_glyph(m: MissingGlyph, menu: &Menukaart) -> Diagnostic {
    let mut excerpt: String = m.text.chars().take(60).collect();
    if m.text.chars().count() > 60 {
        excerpt.push('…');
    }
    Diagnostic::error(
        None,
        format!(
            "het teken \"{}\" (U+{:04X}) in \"{excerpt}\" staat niet in het lettertype van de placemat van {}",
            m.ch, m.ch as u32, menu.regio.naam
        ),
    )
    .with_hint(
        "vervang het teken door een gewoon teken, of kies in theme.toml [placemat] een lettertype dat het wel heeft",
    )
}

/// The placemat of one region of `site` on `paper`, with the theme's
/// renderer from `themes` (`serve` makes placemats on request with this).
pub fn render_one(
    site: &Site,
    themes: &Themes,
    menu: &Menukaart,
    paper: Paper,
) -> Result<Vec<u8>, Diagnostic> {
    themes
        .placemat(menu.regio.theme)?
        .render(menu, paper, &Context::of(site))
}

/// Writes `<slug>/placemat.pdf` and `<slug>/placemat-a4.pdf` for every region.
///
/// The renderers come from `themes`, so each font is parsed once per build.
pub(crate) struct Placemats;

impl crate::render::Renderer for Placemats {
    fn render(&self, job: &mut Job) {
        render(job);
    }
}

fn render(job: &mut Job) {
    let (site, themes, out, counts, diags) = job.parts();
    let ctx = Context::of(site);
    // Every theme in use gets its renderer before the parallel part, so a
    // theme whose fonts fail is reported once, not once per region.
    let mut renderers: BTreeMap<&str, Option<&PlacematRenderer>> = BTreeMap::new();
    for menu in &site.menus {
        let (theme, _) = themes.get(menu.regio.theme);
        renderers.entry(theme.name.as_str()).or_insert_with(|| {
            match themes.placemat(&theme.name) {
                Ok(r) => Some(r),
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        });
    }
    let fingerprints: BTreeMap<&str, [u8; 32]> = match &themes.placemat_cache {
        Some(_) => themes
            .loaded
            .iter()
            .map(|(t, _)| (t.name.as_str(), cache::theme_fingerprint(t)))
            .collect(),
        None => BTreeMap::new(),
    };
    // Regions are independent: lay out and write their placemats in parallel.
    let results: Vec<(&str, Paper, Made)> = site
        .menus
        .par_iter()
        .flat_map_iter(|menu| {
            let (theme, _) = themes.get(menu.regio.theme);
            let Some(Some(renderer)) = renderers.get(theme.name.as_str()) else {
                return Vec::new();
            };
            let cached = |paper: Paper| {
                let cache = themes.placemat_cache.as_ref()?;
                let fingerprint = fingerprints.get(theme.name.as_str())?;
                let key = cache::Cache::key(menu, paper, &theme.name, fingerprint, &ctx);
                Some((cache, key))
            };
            // The QR codes are made only when a placemat is laid out.
            let mut qrs: Option<Vec<Qr>> = None;
            let mut make = |paper: Paper| -> Result<(), Failure> {
                let entry = cached(paper);
                let hit = entry.as_ref().and_then(|(cache, key)| cache.get(key));
                let bytes = match hit {
                    Some(bytes) => bytes,
                    None => {
                        let codes = match &qrs {
                            Some(codes) => codes.clone(),
                            None => {
                                let codes = qr_codes(menu, &ctx)?;
                                qrs = Some(codes.clone());
                                codes
                            }
                        };
                        let bytes = renderer.render_with(menu, paper, &ctx, codes)?;
                        if let Some((cache, key)) = &entry {
                            cache.put(key, &bytes);
                        }
                        bytes
                    }
                };
                let path = format!("{}/{}", menu.regio.slug, paper.file_name());
                out.write(&path, &bytes).map_err(|err| {
                    Failure::Other(
                        Diagnostic::error(None, format!("kan {path} niet schrijven: {err}")).with_hint(
                            "controleer of de schijf niet vol is en of u in de outputmap mag schrijven",
                        ),
                    )
                })
            };
            let asked = &menu.regio.placemats;
            asked
                .papers
                .iter()
                .map(|&papier| {
                    let paper = Paper::from(papier);
                    let made = match make(paper) {
                        Ok(()) => Made::Written,
                        // Both sizes are the default; the A3 holds more, so
                        // an A4 that does not fit is left out, not an error.
                        Err(Failure::DoesNotFit(d))
                            if paper == Paper::A4 && !asked.explicit && asked.papers.len() > 1 =>
                        {
                            Made::LeftOut(left_out(d, menu))
                        }
                        Err(f) => Made::Failed(f.into()),
                    };
                    (menu.regio.slug, paper, made)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    for (slug, paper, made) in results {
        match made {
            Made::Written => {
                counts.files += 1;
                counts
                    .placemats
                    .entry(slug.to_string())
                    .or_default()
                    .push(paper);
            }
            Made::LeftOut(warning) => {
                counts.placemats.entry(slug.to_string()).or_default();
                diags.push(warning);
            }
            Made::Failed(d) => diags.push(d),
        }
    }
}

/// What became of one placemat.
enum Made {
    Written,
    /// The default A4 did not fit: a warning, and the site links the A3 only.
    LeftOut(Diagnostic),
    Failed(Diagnostic),
}

/// The warning for a default A4 that does not fit.
fn left_out(d: Diagnostic, menu: &Menukaart) -> Diagnostic {
    Diagnostic::warning(
        d.location,
        format!("{}; er is alleen een A3-placemat gemaakt", d.message),
    )
    .with_hint(format!(
        "zet placemat = [\"A3\"] in regions/{}.toml als de A3 genoeg is; dan verdwijnt deze melding. Wilt u ook een A4, kies dan minder interventies of kortere teksten",
        menu.regio.slug
    ))
}

/// The default theme's fonts, for unit tests.
#[cfg(test)]
pub(crate) fn test_fonts() -> Fonts {
    let mut diags = Diagnostics::default();
    let theme = Theme::load(std::path::Path::new("/nonexistent"), "default", &mut diags)
        .expect("default theme");
    Fonts::load(&theme, &theme.placemat).expect("fonts")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::placemat::MM;

    #[test]
    fn sizes_in_dutch() {
        assert_eq!(points(7.0), "7");
        assert_eq!(points(6.5), "6,5");
    }

    #[test]
    fn paper_sizes() {
        let (w, h) = Paper::A3.size(true);
        assert!((w - 1190.55).abs() < 0.01 && (h - 841.89).abs() < 0.01);
        let (w, h) = Paper::A4.size(false);
        assert!((w - 595.28).abs() < 0.01 && (h - 841.89).abs() < 0.01);
    }

    #[test]
    fn default_theme_settings_are_valid() {
        let mut diags = Diagnostics::default();
        let theme = Theme::load(std::path::Path::new("/nonexistent"), "default", &mut diags)
            .expect("default theme");
        let renderer = PlacematRenderer::new(&theme).expect("renderer");
        assert!(renderer.settings.a3.qr >= 15.0 * MM);
        assert!(renderer.settings.a3.smallest >= 8.0);
    }
}
