//! The patient folder: one A5 leaflet per intervention on a region's menu,
//! `<slug>/<id>/folder.pdf`, for the huisarts or POH to hand over.
//!
//! The placemat speaks to the clinician; the folder goes home with the
//! patient, so it is written to them ([`text`]) and set for reading in the
//! hand: A5 portrait, body text 12 pt, nothing under 10 pt, one column.
//! It takes the placemat's fonts, colours, text breaking and PDF writer, so
//! it is as reproducible and its font as subset as the placemat's, and it
//! is kept in the same cache: a folder whose intervention, region and
//! theme did not change is copied, not drawn again.
//!
//! The text runs on from the first page to the second; a heading never
//! stands alone at the foot of a page. A folder longer than two pages is
//! still made, with a warning that names the region.

pub mod text;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use self::text::{Piece, Run};
use super::placemat::cache::{self, Cache};
use super::placemat::font::{Fonts, Weight};
use super::placemat::layout::{wrap, Line, LineBox, MissingGlyph, Span, Style};
use super::placemat::page::{Item, Rect};
use super::placemat::qr::{Qr, QUIET_ZONE};
use super::placemat::{pdf, Context, PlacematRenderer};
use super::Job;
use crate::diagnostics::{Diagnostic, Location};
use crate::resolve::{MenuItem, Menukaart};
use crate::theme::placemat::{Rgb, MM};

/// A5 portrait, in points.
pub const WIDTH: f32 = 148.0 * MM;
pub const HEIGHT: f32 = 210.0 * MM;
const MARGIN: f32 = 12.0 * MM;
/// Body text: 12 pt is what a patient with reading glasses still reads.
pub const BODY: f32 = 12.0;
const HEADING: f32 = 14.0;
const TITLE: f32 = 20.0;
/// Header and footer: the smallest text on the folder.
pub const SMALL: f32 = 10.0;
const QR_SIDE: f32 = 26.0 * MM;
/// A page break leaves at least this many lines of a paragraph on either
/// side.
const ORPHANS: usize = 2;
const WHITE: Rgb = Rgb {
    r: 1.0,
    g: 1.0,
    b: 1.0,
};

/// The file of a folder, relative to the site root.
pub fn path(menu: &Menukaart, item: &MenuItem) -> String {
    format!("{}/{}/folder.pdf", menu.regio.slug, item.interventie.id)
}

/// The folder laid out: what [`FolderRenderer::layout`] decided.
pub struct Folder {
    pub pages: Vec<Vec<Item>>,
    pub qrs: Vec<Qr>,
}

/// Draws folders with one theme's fonts and colours.
pub struct FolderRenderer<'a> {
    placemat: &'a PlacematRenderer,
    /// Line spacing as a multiple of the letter size, and the space
    /// between paragraphs as a multiple of the usual: a folder that runs
    /// past two pages is set once more, tighter (never smaller).
    leading: f32,
    spacing: f32,
}

/// The usual setting, and the tighter one for a long folder.
const USUAL: (f32, f32) = (1.2, 1.0);
const TIGHT: (f32, f32) = (1.1, 0.4);

/// One line (or heading, or QR block) of the body, with its own origin.
struct Unit {
    height: f32,
    items: Vec<Item>,
    /// Space above it, dropped at the top of a page.
    before: f32,
    /// A heading, or a line of a short paragraph: it goes to the next
    /// page with what follows it.
    keep_with_next: bool,
}

impl<'a> FolderRenderer<'a> {
    pub fn new(placemat: &'a PlacematRenderer) -> Self {
        FolderRenderer {
            placemat,
            leading: USUAL.0,
            spacing: USUAL.1,
        }
    }

    fn tight(placemat: &'a PlacematRenderer) -> Self {
        FolderRenderer {
            placemat,
            leading: TIGHT.0,
            spacing: TIGHT.1,
        }
    }

    fn fonts(&self) -> &Fonts {
        self.placemat.fonts()
    }

    fn style(&self, bold: bool, size: f32, colour: Rgb) -> Style {
        Style {
            weight: if bold { Weight::Bold } else { Weight::Regular },
            size,
            colour,
        }
    }

    /// Lines of `runs` at `size`, each `width` wide from `indent`.
    fn lines(
        &self,
        runs: &[Run],
        size: f32,
        colour: Rgb,
        indent: f32,
        width: f32,
    ) -> Result<Vec<Line>, MissingGlyph> {
        let spans: Vec<Span> = runs
            .iter()
            .map(|r| {
                let style = self.style(r.bold, size, colour);
                if r.keep {
                    Span::keep(r.text.clone(), style)
                } else {
                    Span::new(r.text.clone(), style)
                }
            })
            .collect();
        wrap(self.fonts(), &spans, |_| LineBox {
            indent,
            width: width - indent,
        })
    }

    /// The baseline of a line of `size` whose box starts at `y`.
    fn baseline(&self, y: f32, size: f32) -> f32 {
        let f = self.fonts();
        let ascent = f.regular.ascent.max(f.bold.ascent);
        let descent = f.regular.descent.min(f.bold.descent);
        y + (self.leading * size - (ascent - descent) * size) / 2.0 + ascent * size
    }

    fn text_items(&self, line: Line, x: f32, y: f32, size: f32, out: &mut Vec<Item>) {
        let baseline = self.baseline(y, size);
        for f in line.fragments {
            out.push(Item::Text {
                x: x + f.x,
                baseline,
                style: f.style,
                text: f.text,
            });
        }
    }

    /// The body as units, top to bottom.
    fn units(&self, pieces: &[Piece], accent: Rgb) -> Result<Vec<Unit>, MissingGlyph> {
        let text = self.placemat.text_colour();
        let width = WIDTH - 2.0 * MARGIN;
        let mut units = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Heading(title) => {
                    let lines = self.lines(&[run_bold(title)], HEADING, accent, 0.0, width)?;
                    let mut items = Vec::new();
                    let mut y = 0.0;
                    for line in lines {
                        self.text_items(line, 0.0, y, HEADING, &mut items);
                        y += self.leading * HEADING;
                    }
                    units.push(Unit {
                        height: y,
                        items,
                        before: 0.6 * BODY * self.spacing,
                        keep_with_next: true,
                    });
                }
                Piece::Para(runs) => {
                    let lines = self.lines(runs, BODY, text, 0.0, width)?;
                    self.push_lines(&mut units, lines, None, 0.25 * BODY * self.spacing);
                }
                Piece::More(runs) => {
                    // It belongs with the line above: a name and its
                    // phone number are not parted by a page break.
                    if let Some(above) = units.last_mut() {
                        above.keep_with_next = true;
                    }
                    let lines = self.lines(runs, BODY, text, 0.0, width)?;
                    self.push_lines(&mut units, lines, None, 0.0);
                }
                Piece::Step(number, step) => {
                    let indent = self.fonts().bold.measure("00. ", BODY);
                    let runs = [Run {
                        text: step.clone(),
                        bold: false,
                        keep: false,
                    }];
                    let lines = self.lines(&runs, BODY, text, indent, width)?;
                    let label = Item::Text {
                        x: 0.0,
                        baseline: self.baseline(0.0, BODY),
                        style: self.style(true, BODY, text),
                        text: format!("{number}."),
                    };
                    self.push_lines(&mut units, lines, Some(label), 0.2 * BODY * self.spacing);
                }
            }
        }
        Ok(units)
    }

    /// The lines of one paragraph as units, `label` in front of the
    /// first.
    fn push_lines(
        &self,
        units: &mut Vec<Unit>,
        lines: Vec<Line>,
        label: Option<Item>,
        before: f32,
    ) {
        // No first line alone at the foot of a page, no last line alone
        // at the top of the next: a page break leaves two lines or more on
        // either side.
        let count = lines.len();
        let mut label = label;
        for (n, line) in lines.into_iter().enumerate() {
            let mut items: Vec<Item> = label.take().into_iter().collect();
            self.text_items(line, 0.0, 0.0, BODY, &mut items);
            units.push(Unit {
                height: self.leading * BODY,
                items,
                before: if n == 0 { before } else { 0.0 },
                keep_with_next: n + 1 < count && (n < ORPHANS - 1 || n + ORPHANS >= count),
            });
        }
    }

    /// Lays out the folder of `item`: header band, body over as many
    /// pages as it needs, a footer on each.
    pub fn layout(
        &self,
        menu: &Menukaart,
        item: &MenuItem,
        ctx: &Context,
    ) -> Result<Folder, Diagnostic> {
        let missing = |m: MissingGlyph| {
            Diagnostic::error(
                None,
                format!(
                    "het teken \"{}\" (U+{:04X}) in \"{}\" staat niet in het lettertype van de folder",
                    m.ch,
                    m.ch as u32,
                    m.text.chars().take(60).collect::<String>()
                ),
            )
            .with_hint("vervang het teken door een gewoon teken, of kies in theme.toml [placemat] een lettertype dat het wel heeft")
        };
        let page_url = ctx
            .base_url
            .map(|base| format!("{}/{}", base.trim_end_matches('/'), item.pad));
        let qrs = match &page_url {
            Some(url) => vec![Qr::new(url).map_err(|err| {
                Diagnostic::error(
                    None,
                    format!("de QR-code voor {url} kan niet gemaakt worden: {err}"),
                )
                .with_hint("kies een kortere base_url in menukaart.toml")
            })?],
            None => Vec::new(),
        };
        let accent = self
            .placemat
            .colour(item.interventie.themas.first().copied());
        let text = self.placemat.text_colour();
        let width = WIDTH - 2.0 * MARGIN;
        let pieces = text::pieces(item, page_url.as_deref());
        let units = self.units(&pieces, accent).map_err(missing)?;

        // The band on the first page: the site's name, the intervention,
        // the zorggroep, white on the colour of its first thema.
        // The QR code sits in the band's right corner on a white square,
        // where a phone finds it first.
        let mut band = Vec::new();
        let qr_box = (!qrs.is_empty()).then_some(Rect {
            x: WIDTH - MARGIN - QR_SIDE,
            y: MARGIN * 0.8,
            w: QR_SIDE,
            h: QR_SIDE,
        });
        let text_width = qr_box.map_or(width, |b| b.x - MARGIN - 4.0 * MM);
        let mut y = MARGIN * 0.8;
        for (runs, size) in text::band(menu, item, page_url.as_deref()) {
            let size = match size {
                text::Band::Title => TITLE,
                text::Band::Small => SMALL,
            };
            let lines = self
                .lines(&runs, size, WHITE, 0.0, text_width)
                .map_err(missing)?;
            for line in lines {
                self.text_items(line, MARGIN, y, size, &mut band);
                y += self.leading * size;
            }
            y += 0.15 * size;
        }
        let band_height = y.max(qr_box.map_or(0.0, |b| b.bottom())) + MARGIN * 0.6;
        let fill = Rect {
            x: 0.0,
            y: 0.0,
            w: WIDTH,
            h: band_height,
        };
        band.insert(
            0,
            Item::Fill {
                rect: fill,
                colour: accent,
            },
        );
        if let (Some(rect), Some(code)) = (qr_box, qrs.first()) {
            // The white square holds the code and the quiet zone a scanner
            // needs around it.
            band.insert(
                1,
                Item::Fill {
                    rect,
                    colour: WHITE,
                },
            );
            let module = rect.w / (code.modules + 2 * QUIET_ZONE) as f32;
            let inset = module * QUIET_ZONE as f32;
            band.push(Item::Qr {
                rect: Rect {
                    x: rect.x + inset,
                    y: rect.y + inset,
                    w: rect.w - 2.0 * inset,
                    h: rect.h - 2.0 * inset,
                },
                qr: 0,
            });
        }
        let footer_height = 2.0 * self.leading * SMALL;
        let bottom = HEIGHT - MARGIN - footer_height - 0.5 * BODY;

        // Pour the units onto pages.
        let mut pages: Vec<Vec<Item>> = vec![band];
        let continued = |pages: &mut Vec<Vec<Item>>| -> Result<f32, MissingGlyph> {
            let mut items = Vec::new();
            let runs = [run_bold(&format!("{} (vervolg)", item.interventie.naam))];
            let mut y = MARGIN;
            for line in self.lines(&runs, SMALL, accent, 0.0, width)? {
                self.text_items(line, MARGIN, y, SMALL, &mut items);
                y += self.leading * SMALL;
            }
            pages.push(items);
            Ok(y + 0.5 * BODY)
        };
        let mut y = band_height + 0.2 * BODY;
        let mut top = true;
        let mut index = 0;
        while index < units.len() {
            // A heading travels with what follows it, a short paragraph
            // stays whole: the units chained by `keep_with_next`, and the
            // one after them.
            let mut group = units[index].height;
            let mut k = index;
            while units[k].keep_with_next && k + 1 < units.len() {
                k += 1;
                group += units[k].before + units[k].height;
            }
            let before = if top { 0.0 } else { units[index].before };
            if y + before + group > bottom && !top {
                y = continued(&mut pages).map_err(missing)?;
                top = true;
                continue;
            }
            let unit = &units[index];
            let before = if top { 0.0 } else { unit.before };
            y += before;
            let page = pages.last_mut().expect("a page");
            for mut it in unit.items.iter().cloned() {
                it.translate(MARGIN, y);
                page.push(it);
            }
            y += unit.height;
            top = false;
            index += 1;
        }

        // Footers, now that the number of pages is known.
        let count = pages.len();
        for (n, page) in pages.iter_mut().enumerate() {
            let line1 = format!("{} · {}", menu.regio.naam, ctx.titel);
            let line2 = format!(
                "Stand van {} · pagina {} van {count}",
                menu.regio.peildatum,
                n + 1
            );
            let mut y = HEIGHT - MARGIN - footer_height;
            page.push(Item::Fill {
                rect: Rect {
                    x: MARGIN,
                    y: y - 0.3 * SMALL,
                    w: width,
                    h: 0.5,
                },
                colour: self.placemat.line_colour(),
            });
            for text_line in [line1, line2] {
                for line in self
                    .lines(&[run_plain(&text_line)], SMALL, text, 0.0, width)
                    .map_err(missing)?
                {
                    self.text_items(line, MARGIN, y, SMALL, page);
                    y += self.leading * SMALL;
                }
            }
        }
        Ok(Folder { pages, qrs })
    }

    /// The folder of `item` as PDF bytes, and its number of pages.
    pub fn render(
        &self,
        menu: &Menukaart,
        item: &MenuItem,
        ctx: &Context,
    ) -> Result<(Vec<u8>, usize), Diagnostic> {
        let mut folder = self.layout(menu, item, ctx)?;
        if folder.pages.len() > 2 {
            let tight = FolderRenderer::tight(self.placemat).layout(menu, item, ctx)?;
            if tight.pages.len() < folder.pages.len() {
                folder = tight;
            }
        }
        let title = format!("{} – folder voor de patiënt", item.interventie.naam);
        let subject = format!(
            "{}: uitleg voor de patiënt van {}, peildatum {}",
            item.interventie.naam, menu.regio.naam, menu.regio.peildatum
        );
        let meta = pdf::Meta {
            title: &title,
            author: menu.regio.naam,
            subject: &subject,
            created: ctx.created,
        };
        let document = pdf::Document {
            width: WIDTH,
            height: HEIGHT,
            sides: folder.pages.iter().map(Vec::as_slice).collect(),
            qrs: &folder.qrs,
        };
        let bytes = pdf::write(&document, self.fonts(), &meta).map_err(|err| {
            Diagnostic::error(
                None,
                format!(
                    "de folder van {} ({}) kan niet gemaakt worden: {err}",
                    item.interventie.naam, menu.regio.naam
                ),
            )
        })?;
        Ok((bytes, folder.pages.len()))
    }
}

fn run_plain(text: &str) -> Run {
    Run {
        text: text.to_string(),
        bold: false,
        keep: false,
    }
}

fn run_bold(text: &str) -> Run {
    Run {
        text: text.to_string(),
        bold: true,
        keep: false,
    }
}

/// The number of pages in a cached folder, from its page tree.
fn page_count(bytes: &[u8]) -> usize {
    lopdf::Document::load_mem(bytes).map_or(0, |d| d.get_pages().len())
}

/// Writes every region's folders.
pub(crate) struct Folders;

impl super::Renderer for Folders {
    fn render(&self, job: &mut Job) {
        let (site, themes, out, counts, diags) = job.parts();
        let ctx = Context::of(site);
        let mut fingerprints: BTreeMap<&str, [u8; 32]> = BTreeMap::new();
        if themes.folder_cache.is_some() {
            for (theme, _) in &themes.loaded {
                fingerprints.insert(theme.name.as_str(), cache::theme_fingerprint(theme));
            }
        }
        let jobs: Vec<(&Menukaart, &MenuItem)> = site
            .menus
            .iter()
            .flat_map(|m| m.items.iter().map(move |i| (m, i)))
            .collect();
        let results: Vec<Result<Option<Diagnostic>, Diagnostic>> = jobs
            .par_iter()
            .map(|&(menu, item)| {
                let (theme, _) = themes.get(menu.regio.theme);
                // A theme whose fonts fail is reported by the placemats.
                let Ok(placemat) = themes.placemat(&theme.name) else {
                    return Ok(None);
                };
                let entry = themes.folder_cache.as_ref().and_then(|c| {
                    let fingerprint = fingerprints.get(theme.name.as_str())?;
                    let key = Cache::key_of("folder", &(&menu.regio, item), &theme.name, fingerprint, &ctx);
                    Some((c, key))
                });
                let cached = entry.as_ref().and_then(|(c, key)| c.fetch(key));
                let (bytes, pages) = match cached {
                    Some(bytes) => {
                        let pages = page_count(&bytes);
                        (bytes, pages)
                    }
                    None => {
                        let (bytes, pages) = FolderRenderer::new(placemat).render(menu, item, &ctx)?;
                        if let Some((c, key)) = &entry {
                            c.store(key, &bytes);
                        }
                        (bytes, pages)
                    }
                };
                let path = path(menu, item);
                out.write(&path, &bytes).map_err(|err| {
                    Diagnostic::error(None, format!("kan {path} niet schrijven: {err}")).with_hint(
                        "controleer of de schijf niet vol is en of u in de outputmap mag schrijven",
                    )
                })?;
                Ok((pages > 2).then(|| {
                    Diagnostic::warning(
                        Some(Location::file(
                            &PathBuf::from("regions").join(format!("{}.toml", menu.regio.slug)),
                        )),
                        format!(
                            "de folder voor de patiënt van {} ({}) is {pages} pagina's lang; een folder past het best op één vel A5",
                            item.interventie.naam, menu.regio.naam
                        ),
                    )
                    .with_hint("maak de samenvatting, de doelgroep, de toelichting bij de kosten of de stappen korter, of noem minder aanbieders")
                }))
            })
            .collect();
        for result in results {
            match result {
                Ok(warning) => {
                    counts.files += 1;
                    if let Some(warning) = warning {
                        diags.push(warning);
                    }
                }
                Err(d) => diags.push(d),
            }
        }
    }
}
