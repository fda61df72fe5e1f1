//! The page as a display list, and its header and footer.
//!
//! Layout works in PDF points with the origin at the page's top-left corner
//! and y growing downwards, the way people read a page; only `pdf.rs`
//! flips to PDF's bottom-left origin. Keeping the finished page as plain
//! data lets tests check geometry (nothing outside the page, nothing
//! overlapping) without parsing a PDF.

use super::font::{Fonts, Weight};
use super::layout::{wrap, Line, LineBox, MissingGlyph, Span, Style, LEADING};
use crate::resolve::Menukaart;
use crate::theme::placemat::Rgb;

/// At most this many names of new or removed interventions in the header;
/// the site has the whole list, and a long one would take the room of the
/// interventions themselves.
const CHANGED_NAMES: usize = 3;

/// "A, B, C en 25 andere (zie de site)".
fn changed_names(names: &[String]) -> String {
    if names.len() <= CHANGED_NAMES + 1 {
        return names.join(", ");
    }
    format!(
        "{} en {} andere (zie de site)",
        names[..CHANGED_NAMES].join(", "),
        names.len() - CHANGED_NAMES
    )
}

/// A rectangle, top-left origin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    /// True when `other` lies inside (edges may touch), within `tolerance`.
    pub fn contains(&self, other: &Rect, tolerance: f32) -> bool {
        other.x >= self.x - tolerance
            && other.y >= self.y - tolerance
            && other.right() <= self.right() + tolerance
            && other.bottom() <= self.bottom() + tolerance
    }

    /// True when the interiors overlap by more than `tolerance` both ways.
    pub fn overlaps(&self, other: &Rect, tolerance: f32) -> bool {
        self.x + tolerance < other.right()
            && other.x + tolerance < self.right()
            && self.y + tolerance < other.bottom()
            && other.y + tolerance < self.bottom()
    }
}

/// One thing drawn on the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// Text on one baseline in one style.
    Text {
        x: f32,
        baseline: f32,
        style: Style,
        text: String,
    },
    Fill {
        rect: Rect,
        colour: Rgb,
    },
    /// A stroked outline.
    Frame {
        rect: Rect,
        colour: Rgb,
        width: f32,
    },
    /// A QR code; `qr` indexes [`Page::qrs`].
    Qr {
        rect: Rect,
        qr: usize,
    },
}

impl Item {
    pub fn translate(&mut self, dx: f32, dy: f32) {
        match self {
            Item::Text { x, baseline, .. } => {
                *x += dx;
                *baseline += dy;
            }
            Item::Fill { rect, .. } | Item::Frame { rect, .. } | Item::Qr { rect, .. } => {
                rect.x += dx;
                rect.y += dy;
            }
        }
    }

    /// The area the item covers; text from its face's ascender to descender.
    pub fn bounds(&self, fonts: &Fonts) -> Rect {
        match self {
            Item::Text {
                x,
                baseline,
                style,
                text,
            } => {
                let face = fonts.face(style.weight);
                Rect {
                    x: *x,
                    y: baseline - face.ascent * style.size,
                    w: face.measure(text, style.size),
                    h: (face.ascent - face.descent) * style.size,
                }
            }
            Item::Fill { rect, .. } | Item::Qr { rect, .. } => *rect,
            Item::Frame { rect, width, .. } => Rect {
                x: rect.x - width / 2.0,
                y: rect.y - width / 2.0,
                w: rect.w + width,
                h: rect.h + width,
            },
        }
    }
}

/// A laid-out piece (card, heading, header) with its own origin at (0, 0).
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub height: f32,
    pub items: Vec<Item>,
}

impl Block {
    /// Moves the block's items to `(x, y)` on the page and appends them.
    pub fn place(self, x: f32, y: f32, out: &mut Vec<Item>) {
        for mut item in self.items {
            item.translate(x, y);
            out.push(item);
        }
    }
}

/// Text lines stacked from `y = 0`, left- or right-aligned in `width`.
pub fn stack(
    fonts: &Fonts,
    paragraphs: &[Vec<Span>],
    width: f32,
    right_aligned: bool,
    gap: f32,
) -> Result<Block, MissingGlyph> {
    let mut items = Vec::new();
    let mut y = 0.0;
    for (index, spans) in paragraphs.iter().enumerate() {
        if index > 0 {
            y += gap;
        }
        let size = spans.iter().map(|s| s.style.size).fold(0.0, f32::max);
        let lead = LEADING * size;
        let lines: Vec<Line> = wrap(fonts, spans, |_| LineBox { indent: 0.0, width })?;
        let ascent = fonts.regular.ascent.max(fonts.bold.ascent);
        let descent = fonts.regular.descent.min(fonts.bold.descent);
        for line in lines {
            let shift = if right_aligned {
                width - line.right
            } else {
                0.0
            };
            let baseline = y + (lead - (ascent - descent) * size) / 2.0 + ascent * size;
            for f in line.fragments {
                items.push(Item::Text {
                    x: f.x + shift,
                    baseline,
                    style: f.style,
                    text: f.text,
                });
            }
            y += lead;
        }
    }
    Ok(Block { height: y, items })
}

/// What the header and footer need besides the menu.
pub struct Frame<'a> {
    pub fonts: &'a Fonts,
    pub titel: &'a str,
    pub text: Rgb,
    pub line: Rgb,
    /// The paper's normal letter size; header and footer do not shrink.
    pub letter: f32,
    /// The paper's smallest letter: no text of the frame is smaller.
    pub minimum: f32,
    pub width: f32,
    /// The region's page, absolute, when there is a base_url.
    pub site: Option<&'a str>,
}

/// The band of an expired placemat: dark red, 8.6:1 against white text.
const EXPIRED: Rgb = Rgb {
    r: 0.643,
    g: 0.0,
    b: 0.114,
};

impl Frame<'_> {
    fn style(&self, weight: Weight, scale: f32) -> Style {
        Style {
            weight,
            size: (self.letter * scale).max(self.minimum),
            colour: self.text,
        }
    }

    /// Title and zorggroep on the left; peildatum and how to use the QR codes on the right.
    pub fn header(&self, menu: &Menukaart) -> Result<Block, MissingGlyph> {
        self.header_with(menu, None)
    }

    /// [`header`](Self::header) with a note on the right, first, in bold:
    /// which side of a two-sided placemat this is ("zie achterzijde").
    pub fn header_with(
        &self,
        menu: &Menukaart,
        side_note: Option<&str>,
    ) -> Result<Block, MissingGlyph> {
        let regio = &menu.regio;
        let gutter = 2.0 * self.letter;
        let left_width = (self.width - gutter) * 0.55;
        let right_width = self.width - gutter - left_width;
        let left = stack(
            self.fonts,
            &[
                vec![Span::new(self.titel, self.style(Weight::Bold, 1.2))],
                vec![Span::new(regio.naam, self.style(Weight::Bold, 2.2))],
            ],
            left_width,
            false,
            0.0,
        )?;
        let normal = self.style(Weight::Regular, 1.0);
        let bold = self.style(Weight::Bold, 1.0);
        let mut right = Vec::new();
        if let Some(note) = side_note {
            right.push(vec![Span::new(note, self.style(Weight::Bold, 1.2))]);
        }
        right.push(vec![
            Span::keep("Peildatum ", self.style(Weight::Bold, 1.2)),
            Span::keep(&regio.peildatum, self.style(Weight::Regular, 1.2)),
        ]);
        if let Some(tot) = &regio.geldig_tot {
            right.push(vec![Span::new(format!("Geldig tot {tot}."), normal)]);
        }
        // What changed since the previous edition, in one compact line;
        // nothing at all when nothing was added or removed.
        if let Some(w) = &menu.wijzigingen {
            let mut line = Vec::new();
            for (label, names) in [("Nieuw ", &w.nieuw), ("Vervallen ", &w.vervallen)] {
                if !names.is_empty() {
                    if !line.is_empty() {
                        line.push(Span::new(" ", normal));
                    }
                    line.push(Span::keep(label, bold));
                    line.push(Span::new(format!("{}.", changed_names(names)), normal));
                }
            }
            if !line.is_empty() {
                right.push(line);
            }
        }
        right.push(vec![Span::new(
            if self.site.is_some() {
                "Scan de QR-code bij een interventie voor alle stappen om aan te melden, de aanbieders en de contactgegevens."
            } else {
                "Alle stappen om aan te melden, de aanbieders en de contactgegevens staan op de website van de menukaart."
            },
            normal,
        )]);
        let right = stack(self.fonts, &right, right_width, true, 0.15 * self.letter)?;

        let mut items = Vec::new();
        // An expired placemat says so as loudly as the site: a dark red
        // band across the top, in large white letters.
        let mut top = 0.0;
        if regio.verlopen {
            let pad = 0.5 * self.letter;
            let warning = Style {
                weight: Weight::Bold,
                size: self.letter * 1.4,
                colour: Rgb::WHITE,
            };
            let text = stack(
                self.fonts,
                &[vec![Span::new(
                    format!(
                        "Let op: deze placemat is verlopen (geldig tot {}). Vergoedingen en routes kunnen veranderd zijn: kijk online of de gegevens nog kloppen.",
                        regio.geldig_tot.as_deref().unwrap_or("")
                    ),
                    warning,
                )]],
                self.width - 2.0 * pad,
                false,
                0.0,
            )?;
            let height = text.height + 2.0 * pad;
            items.push(Item::Fill {
                rect: Rect {
                    x: 0.0,
                    y: 0.0,
                    w: self.width,
                    h: height,
                },
                colour: EXPIRED,
            });
            text.place(pad, pad, &mut items);
            top = height + 0.5 * self.letter;
        }
        let rule_y = top + left.height.max(right.height) + 0.4 * self.letter;
        left.place(0.0, top, &mut items);
        right.place(self.width - right_width, top, &mut items);
        let rule = 0.15 * self.letter;
        items.push(Item::Fill {
            rect: Rect {
                x: 0.0,
                y: rule_y,
                w: self.width,
                h: rule,
            },
            colour: self.text,
        });
        Ok(Block {
            height: rule_y + rule,
            items,
        })
    }

    /// Contact of the zorggroep, the site address and, when a route runs
    /// through them, the buurtsportcoaches per gemeente.
    pub fn footer(&self, menu: &Menukaart) -> Result<Block, MissingGlyph> {
        let regio = &menu.regio;
        let normal = self.style(Weight::Regular, 0.85);
        let bold = self.style(Weight::Bold, 0.85);
        let mut contact = vec![Span::keep("Contact ", bold)];
        let mut parts: Vec<Span> = Vec::new();
        let mut add = |label: Option<&str>, value: &str, keep: bool| {
            if !parts.is_empty() {
                parts.push(Span::new(" · ", normal));
            }
            if let Some(label) = label {
                parts.push(Span::keep(format!("{label} "), bold));
            }
            parts.push(if keep {
                Span::keep(value.to_string(), normal)
            } else {
                Span::new(value.to_string(), normal)
            });
        };
        add(
            None,
            regio.contact.naam.as_deref().unwrap_or(regio.naam),
            false,
        );
        if let Some(t) = &regio.contact.telefoon {
            add(Some("Telefoon"), t, true);
        }
        if let Some(e) = &regio.contact.email {
            add(Some("E-mail"), e, true);
        }
        match (self.site, regio.website) {
            (Some(site), _) => add(Some("Menukaart online"), site, true),
            (None, Some(web)) => add(Some("Website"), web, true),
            (None, None) => {}
        }
        contact.extend(parts);
        let paragraphs = vec![contact];

        let text = stack(
            self.fonts,
            &paragraphs,
            self.width,
            false,
            0.1 * self.letter,
        )?;
        let rule = 0.08 * self.letter;
        let top = rule + 0.3 * self.letter;
        let mut items = vec![Item::Fill {
            rect: Rect {
                x: 0.0,
                y: 0.0,
                w: self.width,
                h: rule,
            },
            colour: self.line,
        }];
        let mut height = top + text.height;
        text.place(0.0, top, &mut items);
        if menu.items.iter().any(|i| !i.buurtsportcoaches.is_empty()) {
            if let Some(table) = self.coaches(menu, normal, bold)? {
                let y = height + 0.3 * self.letter;
                height = y + table.height;
                table.place(0.0, y, &mut items);
            }
        }
        Ok(Block { height, items })
    }

    /// The buurtsportcoaches as a small table: one cell per gemeente, the
    /// gemeente in bold, then name, phone and e-mail; an address never
    /// breaks. As many columns as the longest address allows, so the
    /// footer stays a few lines high.
    fn coaches(
        &self,
        menu: &Menukaart,
        normal: Style,
        bold: Style,
    ) -> Result<Option<Block>, MissingGlyph> {
        let cells: Vec<Vec<Vec<Span>>> = menu
            .regio
            .gemeenten
            .iter()
            .filter_map(|g| {
                let c = g.buurtsportcoach.as_ref()?;
                let mut line = vec![Span::keep(format!("Buurtsportcoach {}", g.naam), bold)];
                for value in [&c.naam, &c.telefoon, &c.email].into_iter().flatten() {
                    line.push(Span::new(" ", normal));
                    line.push(Span::keep(value.clone(), normal));
                }
                Some(vec![line])
            })
            .collect();
        if cells.is_empty() {
            return Ok(None);
        }
        let gutter = 1.5 * self.letter;
        // The widest part that may not break (a label or an address) sets
        // the fewest columns can be; among the counts where everything
        // fits, take the one that makes the table lowest.
        let widest = cells
            .iter()
            .flatten()
            .flatten()
            .map(|span| {
                self.fonts
                    .face(span.style.weight)
                    .measure(&span.text, span.style.size)
            })
            .fold(0.0, f32::max);
        let row_gap = 0.3 * self.letter;
        let lay_out = |columns: usize| -> Result<(f32, Vec<Item>), MissingGlyph> {
            let column_width = (self.width - (columns - 1) as f32 * gutter) / columns as f32;
            let mut items = Vec::new();
            let mut y = 0.0;
            for row in cells.chunks(columns) {
                let mut row_height: f32 = 0.0;
                for (index, cell) in row.iter().enumerate() {
                    let block = stack(self.fonts, cell, column_width, false, 0.0)?;
                    row_height = row_height.max(block.height);
                    block.place(index as f32 * (column_width + gutter), y, &mut items);
                }
                y += row_height + row_gap;
            }
            Ok((y - row_gap, items))
        };
        let mut best: Option<(f32, Vec<Item>)> = None;
        for columns in (1..=cells.len()).rev() {
            let column_width = (self.width - (columns - 1) as f32 * gutter) / columns as f32;
            if column_width < widest && columns > 1 {
                continue;
            }
            let (height, items) = lay_out(columns)?;
            if best.as_ref().is_none_or(|b| height < b.0 - 0.01) {
                best = Some((height, items));
            }
        }
        let Some((height, items)) = best else {
            return Ok(None);
        };
        Ok(Some(Block { height, items }))
    }
}

#[cfg(test)]
mod changed_tests {
    use super::changed_names;

    #[test]
    fn a_long_list_of_changes_is_cut_with_a_count() {
        let names: Vec<String> = (1..=28).map(|n| format!("Interventie {n}")).collect();
        assert_eq!(
            changed_names(&names),
            "Interventie 1, Interventie 2, Interventie 3 en 25 andere (zie de site)"
        );
        assert_eq!(
            changed_names(&names[..4]),
            "Interventie 1, Interventie 2, Interventie 3, Interventie 4"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rect_relations() {
        let page = Rect {
            x: 0.0,
            y: 0.0,
            w: 100.0,
            h: 100.0,
        };
        let a = Rect {
            x: 10.0,
            y: 10.0,
            w: 20.0,
            h: 20.0,
        };
        let b = Rect { x: 30.0, ..a };
        assert!(page.contains(&a, 0.0));
        assert!(!a.contains(&page, 0.0));
        assert!(!a.overlaps(&b, 0.0), "touching edges do not overlap");
        assert!(a.overlaps(&Rect { x: 25.0, ..a }, 0.0));
    }
}
