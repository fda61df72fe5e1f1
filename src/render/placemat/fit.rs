//! Auto-fit: trial layouts of one placemat at different letter sizes.
//!
//! An [`Attempt`] holds what every trial shares (the page body, the thema
//! groups, the measured cards, the QR codes) for one number of columns
//! and sides. On two sides the columns simply continue on the back: the
//! flow sees `columns × sides` columns of the same height, so the cards
//! are balanced over both sides and the reading order stays front, then
//! back.
//! [`Attempt::best`] searches the largest letter that fits,
//! [`Attempt::how_many_fit`] counts for the error message, and
//! [`Attempt::place`] draws the chosen layout.

use super::card::{Card, CardStyle, Detail};
use super::flow::{self, Placed, Spacing};
use super::font::Weight;
use super::layout::{wrap, LineBox, MissingGlyph, Span, Style, LEADING};
use super::page::{self, Block, Item, Rect};
use super::qr::Qr;
use super::PlacematRenderer;
use crate::resolve::Menukaart;
use crate::theme::placemat::{PaperSettings, Rgb};

/// The letter sizes auto-fit considers are a quarter point apart.
const STEP: f32 = 0.25;

/// Everything one placemat's trial layouts share.
pub(super) struct Attempt<'a> {
    pub(super) renderer: &'a PlacematRenderer,
    pub(super) menu: &'a Menukaart<'a>,
    pub(super) ps: &'a PaperSettings,
    /// Columns per side.
    pub(super) columns: usize,
    /// 1, or 2 when the back of the sheet is used too.
    pub(super) sides: usize,
    pub(super) body: Rect,
    pub(super) groups: &'a [super::Group],
    pub(super) qrs: &'a [Qr],
    /// Every item's card, first with the full text, then compact.
    pub(super) cards: &'a [Vec<Card>; 2],
}

impl Attempt<'_> {
    fn gutter(&self) -> f32 {
        1.4 * self.ps.normal
    }

    /// Every column of every side, in reading order.
    fn slots(&self) -> usize {
        self.columns * self.sides
    }

    fn column_width(&self) -> f32 {
        let cols = self.columns as f32;
        (self.body.w - (cols - 1.0) * self.gutter()) / cols
    }

    fn card_style(&self, size: f32) -> CardStyle<'_> {
        CardStyle {
            fonts: &self.renderer.fonts,
            line: self.renderer.settings.line,
            size,
            width: self.column_width(),
            qr_size: self.ps.qr,
        }
    }

    fn cards(&self, detail: Detail) -> &[Card] {
        match detail {
            Detail::Full => &self.cards[0],
            Detail::Compact => &self.cards[1],
        }
    }

    fn heading_text(&self, group: usize, continued: bool) -> String {
        let label = self
            .groups
            .get(group)
            .map_or("", |(t, _)| super::group_label(*t));
        if continued {
            format!("{label} (vervolg)")
        } else {
            label.to_string()
        }
    }

    fn heading_style(&self, size: f32) -> Style {
        Style {
            weight: Weight::Bold,
            size,
            colour: Rgb::WHITE,
        }
    }

    /// One height for every heading at this size: the tallest label, wrapped.
    fn heading_height(&self, size: f32) -> Result<f32, MissingGlyph> {
        let style = self.heading_style(size);
        let mut lines = 1;
        for group in 0..self.groups.len() {
            let text = self.heading_text(group, true);
            let n = wrap(&self.renderer.fonts, &[Span::new(text, style)], |_| {
                LineBox {
                    indent: 0.0,
                    width: self.column_width() - 1.4 * size,
                }
            })?
            .len();
            lines = lines.max(n);
        }
        Ok(lines as f32 * LEADING * style.size + 0.3 * size)
    }

    fn spacing(&self, size: f32) -> Result<Spacing, MissingGlyph> {
        Ok(Spacing {
            heading: self.heading_height(size)?,
            after_heading: 0.25 * size,
            between_cards: 0.5 * size,
            between_groups: 0.7 * size,
        })
    }

    /// Every card's height at `size`, by item index.
    fn card_heights(&self, size: f32, detail: Detail) -> Vec<f32> {
        let style = self.card_style(size);
        self.cards(detail)
            .iter()
            .enumerate()
            .map(|(i, card)| card.height(&style, self.qrs.get(i).map(|q| (i, q))))
            .collect()
    }

    /// Card heights per group, keeping only items `< limit`.
    fn grouped(&self, heights: &[f32], limit: usize) -> Vec<Vec<f32>> {
        self.groups
            .iter()
            .map(|(_, items)| {
                items
                    .iter()
                    .filter(|&&i| i < limit)
                    .filter_map(|&i| heights.get(i).copied())
                    .collect()
            })
            .collect()
    }

    fn fits(&self, size: f32, detail: Detail) -> Result<Option<Vec<Placed>>, MissingGlyph> {
        // Columns narrower than a dozen letters (too many columns or too
        // wide margins in a theme) hold no readable card.
        if self.column_width() < 12.0 * size || self.body.h <= 0.0 {
            return Ok(None);
        }
        // An address or phone number moves whole to the next line; one
        // wider than the column would be cut, so this size does not fit,
        // as long as a smaller letter would keep it whole. An address too
        // long even at the smallest letter is cut wherever it is set, so
        // it does not stop the others from fitting.
        let text_width = Card::text_width(&self.card_style(size));
        let smallest_width = Card::text_width(&self.card_style(self.ps.smallest));
        if self.cards(detail).iter().any(|card| {
            let widest = card.widest_unbreakable();
            widest * size > text_width + 0.01 && widest * self.ps.smallest <= smallest_width + 0.01
        }) {
            return Ok(None);
        }
        let heights = self.grouped(&self.card_heights(size, detail), usize::MAX);
        Ok(flow::balance(
            &heights,
            self.spacing(size)?,
            self.slots(),
            self.body.h,
        ))
    }

    /// The largest letter at which the cards fit with this detail (see [`largest`]).
    pub(super) fn best(&self, detail: Detail) -> Result<Option<(f32, Vec<Placed>)>, MissingGlyph> {
        largest(self.ps, |size| self.fits(size, detail))
    }

    /// How many interventions, in the menu's order, fit at the smallest
    /// size with the compact text: the number the error message reports.
    pub(super) fn how_many_fit(&self) -> Result<usize, MissingGlyph> {
        let size = self.ps.smallest;
        if self.column_width() < 12.0 * size || self.body.h <= 0.0 {
            return Ok(0);
        }
        let heights = self.card_heights(size, Detail::Compact);
        let spacing = self.spacing(size)?;
        for limit in (0..self.menu.items.len()).rev() {
            let grouped = self.grouped(&heights, limit);
            if flow::flow(&grouped, spacing, self.slots(), self.body.h).is_some() {
                return Ok(limit);
            }
        }
        Ok(0)
    }

    /// Puts headings and cards on the sides (`out[side]`); returns each
    /// card's side and rectangle.
    pub(super) fn place(
        &self,
        size: f32,
        detail: Detail,
        placed: &[Placed],
        out: &mut [Vec<Item>],
    ) -> Result<Vec<(usize, Rect)>, MissingGlyph> {
        let style = self.card_style(size);
        let columns = self.columns.max(1);
        let column_x = |column: usize| {
            self.body.x + (column % columns) as f32 * (self.column_width() + self.gutter())
        };
        let last_side = out.len().saturating_sub(1);
        let side = |column: usize| (column / columns).min(last_side);
        let spacing = self.spacing(size)?;
        let mut rects = vec![
            (
                0,
                Rect {
                    x: 0.0,
                    y: 0.0,
                    w: 0.0,
                    h: 0.0
                }
            );
            self.menu.items.len()
        ];
        for p in placed {
            match *p {
                Placed::Heading {
                    group,
                    continued,
                    column,
                    y,
                } => {
                    let block = self.heading(group, continued, size, spacing.heading)?;
                    block.place(column_x(column), self.body.y + y, &mut out[side(column)]);
                }
                Placed::Card {
                    group,
                    card,
                    column,
                    y,
                } => {
                    let Some(&index) = self.groups.get(group).and_then(|(_, i)| i.get(card)) else {
                        continue;
                    };
                    let Some(card) = self.cards(detail).get(index) else {
                        continue;
                    };
                    let qr = self.qrs.get(index).map(|q| (index, q));
                    let block = card.layout(&style, qr);
                    let (x, top) = (column_x(column), self.body.y + y);
                    rects[index] = (
                        side(column),
                        Rect {
                            x,
                            y: top,
                            w: self.column_width(),
                            h: block.height,
                        },
                    );
                    block.place(x, top, &mut out[side(column)]);
                }
            }
        }
        Ok(rects)
    }

    /// A thema heading: a coloured band with the thema's name in white.
    fn heading(
        &self,
        group: usize,
        continued: bool,
        size: f32,
        height: f32,
    ) -> Result<Block, MissingGlyph> {
        let colour = self
            .groups
            .get(group)
            .map_or(self.renderer.settings.text, |(t, _)| {
                self.renderer.colour(*t)
            });
        let style = self.heading_style(size);
        let pad_x = 0.7 * size;
        let text = page::stack(
            &self.renderer.fonts,
            &[vec![Span::new(self.heading_text(group, continued), style)]],
            self.column_width() - 2.0 * pad_x,
            false,
            0.0,
        )?;
        let mut items = vec![Item::Fill {
            rect: Rect {
                x: 0.0,
                y: 0.0,
                w: self.column_width(),
                h: height,
            },
            colour,
        }];
        let top = (height - text.height) / 2.0;
        text.place(pad_x, top, &mut items);
        Ok(Block { height, items })
    }
}

/// The largest size on the quarter-point grid from the smallest to the
/// largest letter that fits (`fits` gives its placement), or `None`.
///
/// The normal size is tried first: if it fits, the search looks for a
/// larger one, otherwise for the largest smaller one. Since a smaller
/// letter (practically) never needs more room, a binary search finds
/// the same size as stepping one quarter point at a time, with a third
/// of the trial layouts. Only sizes that were laid out and fit are
/// ever returned, so the result always fits.
pub(super) fn largest<T, E>(
    ps: &PaperSettings,
    mut fits: impl FnMut(f32) -> Result<Option<T>, E>,
) -> Result<Option<(f32, T)>, E> {
    let steps = ((ps.largest - ps.smallest) / STEP + 0.001).floor() as usize;
    let size_at = |k: usize| ps.smallest + k as f32 * STEP;
    let normal = ((ps.normal - ps.smallest) / STEP + 0.001).floor() as usize;
    let (mut low, mut high) = match fits(size_at(normal))? {
        // Invariant: `low` fits (with its placement), `high` does not
        // or lies past the grid.
        Some(placed) => ((normal, placed), steps + 1),
        None => match fits(size_at(0))? {
            Some(placed) => ((0, placed), normal),
            None => return Ok(None),
        },
    };
    while high - low.0 > 1 {
        let mid = (low.0 + high) / 2;
        match fits(size_at(mid))? {
            Some(placed) => low = (mid, placed),
            None => high = mid,
        }
    }
    Ok(Some((size_at(low.0), low.1)))
}
