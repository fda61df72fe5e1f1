//! The front of the placemat: the menu, every intervention at a glance.
//!
//! The huisarts's question in the consult is "what is there for this
//! patient, what does it cost them and how do they get in?". The front
//! answers it in one table per thema: one row per intervention with its
//! name and the aandoeningen it is for, the patient's cost in a few words
//! ([`crate::cost::Kort`], derived with the site's cost sentence), the way
//! in, and the QR code of its regional page. The column names sit in the
//! thema's coloured band, in white bold; the values in the rows are
//! regular, so label and value never run together. The details follow on
//! the back ([`super::card`]).
//!
//! Rows are never split; they flow through one or more table columns with
//! [`flow::balance`], each thema band repeated where a group continues.
//! [`Menu::best`] finds the largest letter (and the fewest table columns)
//! at which the rows fit on one side.

use super::fit::largest;
use super::flow::{self, Placed, Spacing};
use super::font::{Fonts, Weight};
use super::layout::{LineBox, MissingGlyph, Prepared, Span, Style, LEADING};
use super::page::{Block, Item, Rect};
use super::qr::{Qr, QUIET_ZONE};
use super::{group_label, Group};
use crate::cost::Kort;
use crate::resolve::MenuItem;
use crate::theme::placemat::{PaperSettings, Rgb};
use crate::vocab::{Verwijzing, Vocabulary};

/// The way in, in a few words.
pub fn weg_in(item: &MenuItem) -> &'static str {
    match item.aanmelding.verwijzing {
        Some(Verwijzing::Geen) => "zelf aanmelden",
        Some(Verwijzing::Huisarts | Verwijzing::HuisartsOfSpecialist) => "huisarts verwijst",
        Some(Verwijzing::Poh) => "via de POH",
        Some(Verwijzing::Buurtsportcoach) => "via de buurtsportcoach",
        None if !item.buurtsportcoaches.is_empty() => "via de buurtsportcoach",
        None => "zie achterzijde",
    }
}

/// The patient's cost in a few words; arrangements that differ per
/// gemeente give each answer once ("geen kosten of eigen bijdrage").
pub fn kosten_kort(item: &MenuItem) -> String {
    let mut seen: Vec<Kort> = Vec::new();
    for v in &item.vergoedingen {
        if !seen.contains(&v.kosten.kort) {
            seen.push(v.kosten.kort);
        }
    }
    let labels: Vec<&str> = seen.iter().map(|k| k.label()).collect();
    let mut text = labels.join(" of ");
    if seen.len() > 1 {
        text.push_str(" (per gemeente)");
    }
    text
}

/// One row, measured at 1 pt.
struct Row {
    naam: Prepared,
    voor: Option<Prepared>,
    kosten: Prepared,
    weg: Prepared,
    colour: Rgb,
}

/// The cells of a row from the left: bar, name, cost, way in, QR code.
struct Columns {
    bar: f32,
    naam_x: f32,
    naam_w: f32,
    kosten_x: f32,
    kosten_w: f32,
    weg_x: f32,
    weg_w: f32,
    /// The QR code's side and its quiet zone.
    qr: f32,
    quiet: f32,
}

/// The menu of one placemat, measured once and laid out at any size.
pub(super) struct Menu<'a> {
    fonts: &'a Fonts,
    rows: Vec<Row>,
    groups: &'a [Group],
    qrs: &'a [Qr],
    colours: Vec<Rgb>,
    text: Rgb,
    line: Rgb,
    /// Cell widths in em: wide enough for the longest entry or its
    /// column name, never narrower than the widest word.
    kosten_em: f32,
    weg_em: f32,
}

/// A laid-out menu: its letter size, table columns and placement.
pub(super) struct Chosen {
    pub size: f32,
    columns: usize,
    placed: Vec<Placed>,
}

const KOSTEN: &str = "Kosten";
const AANMELDEN: &str = "Aanmelden";

impl<'a> Menu<'a> {
    /// Measures every row; `colours` per group, `text` and `line` from the theme.
    pub(super) fn new(
        fonts: &'a Fonts,
        items: &[MenuItem],
        groups: &'a [Group],
        colours: Vec<Rgb>,
        qrs: &'a [Qr],
        text: Rgb,
        line: Rgb,
    ) -> Result<Menu<'a>, MissingGlyph> {
        let regular = Style {
            weight: Weight::Regular,
            size: 1.0,
            colour: text,
        };
        let bold = Style {
            weight: Weight::Bold,
            ..regular
        };
        let mut rows = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let colour = groups
                .iter()
                .position(|(_, members)| members.contains(&index))
                .and_then(|g| colours.get(g).copied())
                .unwrap_or(text);
            let i = item.interventie;
            let voor: Vec<&str> = i.doelgroep.aandoeningen.iter().map(|a| a.label()).collect();
            let voor = if voor.is_empty() {
                i.doelgroep.leeftijd.clone()
            } else {
                Some(voor.join(" · "))
            };
            rows.push(Row {
                naam: Prepared::new(fonts, vec![Span::new(i.naam, Style { colour, ..bold })])?,
                voor: voor
                    .map(|v| Prepared::new(fonts, vec![Span::new(v, regular)]))
                    .transpose()?,
                kosten: Prepared::new(fonts, vec![Span::new(kosten_kort(item), regular)])?,
                weg: Prepared::new(fonts, vec![Span::new(weg_in(item), regular)])?,
                colour,
            });
        }
        // A cell as wide as its longest entry, up to 8 em (then it wraps),
        // and never narrower than its name in the band or its widest word.
        let cell = |name: &str, texts: &mut dyn Iterator<Item = &Prepared>| {
            let mut natural: f32 = 0.0;
            let mut word: f32 = fonts.bold.measure(name, 1.0);
            for t in texts {
                natural = natural.max(t.natural_width());
                word = word.max(t.widest_unbreakable());
            }
            natural.min(8.0).max(word)
        };
        let kosten_em = cell(KOSTEN, &mut rows.iter().map(|r| &r.kosten));
        let weg_em = cell(AANMELDEN, &mut rows.iter().map(|r| &r.weg));
        Ok(Menu {
            fonts,
            rows,
            groups,
            qrs,
            colours,
            text,
            line,
            kosten_em,
            weg_em,
        })
    }

    fn columns(&self, size: f32, width: f32, ps: &PaperSettings) -> Columns {
        let bar = 0.35 * size;
        let pad = 0.5 * size;
        let gap = 0.8 * size;
        let modules = self.qrs.first().map_or(25, |q| q.modules) as f32;
        let (qr, quiet) = if self.qrs.is_empty() {
            (0.0, 0.0)
        } else {
            (ps.qr, ps.qr / modules * QUIET_ZONE as f32)
        };
        let kosten_w = self.kosten_em * size;
        let weg_w = self.weg_em * size;
        let qr_cell = if qr > 0.0 { qr + 2.0 * quiet } else { pad };
        let naam_x = bar + pad;
        let weg_x = width - qr_cell - weg_w;
        let kosten_x = weg_x - gap - kosten_w;
        Columns {
            bar,
            naam_x,
            naam_w: kosten_x - gap - naam_x,
            kosten_x,
            kosten_w,
            weg_x,
            weg_w,
            qr,
            quiet,
        }
    }

    /// The row of item `index`, drawn when `draw`, with its height.
    fn row(&self, index: usize, size: f32, width: f32, c: &Columns, draw: bool) -> Block {
        let row = &self.rows[index];
        let lead = LEADING * size;
        let fixed = |w: f32| {
            move |_| LineBox {
                indent: 0.0,
                width: w,
            }
        };
        let naam_size = 1.1 * size;
        let mut items = Vec::new();
        let mut cell = |text: &Prepared, scale: f32, x: f32, w: f32, top: f32| -> f32 {
            let lead = LEADING * scale;
            if !draw {
                return text.count_lines(scale, fixed(w)) as f32 * lead;
            }
            let mut y = top;
            for line in text.lines(scale, fixed(w)) {
                let baseline = y
                    + (lead - (self.fonts.regular.ascent - self.fonts.regular.descent) * scale)
                        / 2.0
                    + self.fonts.regular.ascent * scale;
                for f in line.fragments {
                    items.push(Item::Text {
                        x: x + f.x,
                        baseline,
                        style: f.style,
                        text: f.text,
                    });
                }
                y += lead;
            }
            y - top
        };
        let top = 0.35 * size;
        let mut naam_h = cell(&row.naam, naam_size, c.naam_x, c.naam_w, top);
        if let Some(voor) = &row.voor {
            naam_h += 0.1 * size + cell(voor, size, c.naam_x, c.naam_w, top + naam_h + 0.1 * size);
        }
        // Cost and way in start on the name's first line.
        let first = top + (LEADING * naam_size - lead) / 2.0;
        let kosten_h = cell(&row.kosten, size, c.kosten_x, c.kosten_w, first);
        let weg_h = cell(&row.weg, size, c.weg_x, c.weg_w, first);
        let text_h = (top + naam_h).max(first + kosten_h.max(weg_h)) + 0.35 * size;
        let height = text_h.max(c.qr + 2.0 * c.quiet);
        if !draw {
            return Block {
                height,
                items: Vec::new(),
            };
        }
        let mut block = vec![
            Item::Fill {
                rect: Rect {
                    x: 0.0,
                    y: 0.0,
                    w: c.bar,
                    h: height,
                },
                colour: row.colour,
            },
            // A hairline under each row, from the name to the edge.
            Item::Fill {
                rect: Rect {
                    x: c.bar,
                    y: height - 0.4,
                    w: width - c.bar,
                    h: 0.4,
                },
                colour: self.line,
            },
        ];
        if c.qr > 0.0 && index < self.qrs.len() {
            block.push(Item::Qr {
                rect: Rect {
                    x: width - c.quiet - c.qr,
                    y: (height - c.qr) / 2.0,
                    w: c.qr,
                    h: c.qr,
                },
                qr: index,
            });
        }
        block.extend(items);
        Block {
            height,
            items: block,
        }
    }

    fn band_text(&self, group: usize, continued: bool) -> String {
        let label = self.groups.get(group).map_or("", |(t, _)| group_label(*t));
        if continued {
            format!("{label} (vervolg)")
        } else {
            label.to_string()
        }
    }

    /// The thema band with the column names; one height for all bands.
    fn band(
        &self,
        group: usize,
        continued: bool,
        size: f32,
        width: f32,
        c: &Columns,
        height: f32,
    ) -> Result<Block, MissingGlyph> {
        let style = Style {
            weight: Weight::Bold,
            size,
            colour: Rgb::WHITE,
        };
        let colour = self.colours.get(group).copied().unwrap_or(self.text);
        let mut items = vec![Item::Fill {
            rect: Rect {
                x: 0.0,
                y: 0.0,
                w: width,
                h: height,
            },
            colour,
        }];
        let lead = LEADING * size;
        let baseline_at = |y: f32| {
            y + (lead - (self.fonts.bold.ascent - self.fonts.bold.descent) * size) / 2.0
                + self.fonts.bold.ascent * size
        };
        let pad_y = 0.15 * size;
        let label = Prepared::new(
            self.fonts,
            vec![Span::new(self.band_text(group, continued), style)],
        )?;
        let left = c.naam_x;
        for (n, line) in label
            .lines(1.0, |_| LineBox {
                indent: 0.0,
                width: c.naam_w,
            })
            .into_iter()
            .enumerate()
        {
            for f in line.fragments {
                items.push(Item::Text {
                    x: left + f.x,
                    baseline: baseline_at(pad_y + n as f32 * lead),
                    style: f.style,
                    text: f.text,
                });
            }
        }
        for (name, x) in [(KOSTEN, c.kosten_x), (AANMELDEN, c.weg_x)] {
            items.push(Item::Text {
                x,
                baseline: baseline_at(pad_y),
                style,
                text: name.to_string(),
            });
        }
        Ok(Block { height, items })
    }

    fn band_height(&self, size: f32, c: &Columns) -> Result<f32, MissingGlyph> {
        let style = Style {
            weight: Weight::Bold,
            size,
            colour: Rgb::WHITE,
        };
        let mut lines = 1;
        for group in 0..self.groups.len() {
            let label = Prepared::new(
                self.fonts,
                vec![Span::new(self.band_text(group, true), style)],
            )?;
            lines = lines.max(label.count_lines(1.0, |_| LineBox {
                indent: 0.0,
                width: c.naam_w,
            }));
        }
        Ok(lines as f32 * LEADING * size + 0.3 * size)
    }

    fn column_width(body: &Rect, columns: usize, size: f32) -> f32 {
        let gutter = 1.5 * size;
        (body.w - (columns - 1) as f32 * gutter) / columns as f32
    }

    /// The rows at `size` in `columns` table columns, when they fit in `body`.
    fn fits(
        &self,
        size: f32,
        columns: usize,
        body: &Rect,
        ps: &PaperSettings,
    ) -> Result<Option<Vec<Placed>>, MissingGlyph> {
        let width = Self::column_width(body, columns, size);
        let c = self.columns(size, width, ps);
        // A name needs room for a dozen letters and its longest word.
        let widest_name = self
            .rows
            .iter()
            .map(|r| {
                (r.naam.widest_unbreakable() * 1.1)
                    .max(r.voor.as_ref().map_or(0.0, Prepared::widest_unbreakable))
            })
            .fold(0.0, f32::max);
        if c.naam_w < (12.0_f32).max(widest_name) * size || body.h <= 0.0 {
            return Ok(None);
        }
        let heights: Vec<Vec<f32>> = self
            .groups
            .iter()
            .map(|(_, members)| {
                members
                    .iter()
                    .filter(|&&i| i < self.rows.len())
                    .map(|&i| self.row(i, size, width, &c, false).height)
                    .collect()
            })
            .collect();
        let spacing = Spacing {
            heading: self.band_height(size, &c)?,
            after_heading: 0.0,
            between_cards: 0.0,
            between_groups: 0.6 * size,
        };
        Ok(flow::balance(&heights, spacing, columns, body.h))
    }

    /// The largest letter, and at it the fewest table columns, at which
    /// the whole menu fits in `body`; `None` when it never does.
    pub(super) fn best(
        &self,
        body: &Rect,
        ps: &PaperSettings,
    ) -> Result<Option<Chosen>, MissingGlyph> {
        let mut chosen: Option<Chosen> = None;
        for columns in 1..=3 {
            let found = largest(ps, |size| self.fits(size, columns, body, ps))?;
            if let Some((size, placed)) = found {
                if chosen.as_ref().is_none_or(|c| size > c.size + 0.001) {
                    chosen = Some(Chosen {
                        size,
                        columns,
                        placed,
                    });
                }
            }
        }
        Ok(chosen)
    }

    /// How many rows, in the menu's order, fit at the smallest letter.
    pub(super) fn how_many_fit(
        &self,
        body: &Rect,
        ps: &PaperSettings,
    ) -> Result<usize, MissingGlyph> {
        let mut best = 0;
        for columns in 1..=3 {
            let width = Self::column_width(body, columns, ps.smallest);
            let c = self.columns(ps.smallest, width, ps);
            let heights: Vec<f32> = (0..self.rows.len())
                .map(|i| self.row(i, ps.smallest, width, &c, false).height)
                .collect();
            let spacing = Spacing {
                heading: self.band_height(ps.smallest, &c)?,
                after_heading: 0.0,
                between_cards: 0.0,
                between_groups: 0.6 * ps.smallest,
            };
            for limit in (best + 1..=self.rows.len()).rev() {
                let grouped: Vec<Vec<f32>> = self
                    .groups
                    .iter()
                    .map(|(_, m)| {
                        m.iter()
                            .filter(|&&i| i < limit)
                            .map(|&i| heights[i])
                            .collect()
                    })
                    .collect();
                if flow::flow(&grouped, spacing, columns, body.h).is_some() {
                    best = limit;
                    break;
                }
            }
        }
        Ok(best)
    }

    /// Draws the chosen layout into `out`.
    pub(super) fn place(
        &self,
        chosen: &Chosen,
        body: &Rect,
        ps: &PaperSettings,
        out: &mut Vec<Item>,
    ) -> Result<(), MissingGlyph> {
        let size = chosen.size;
        let width = Self::column_width(body, chosen.columns, size);
        let c = self.columns(size, width, ps);
        let band = self.band_height(size, &c)?;
        let x_of = |column: usize| body.x + column as f32 * (width + 1.5 * size);
        for p in &chosen.placed {
            match *p {
                Placed::Heading {
                    group,
                    continued,
                    column,
                    y,
                } => {
                    self.band(group, continued, size, width, &c, band)?.place(
                        x_of(column),
                        body.y + y,
                        out,
                    );
                }
                Placed::Card {
                    group,
                    card,
                    column,
                    y,
                } => {
                    let Some(&index) = self.groups.get(group).and_then(|(_, m)| m.get(card)) else {
                        continue;
                    };
                    self.row(index, size, width, &c, true)
                        .place(x_of(column), body.y + y, out);
                }
            }
        }
        Ok(())
    }
}
