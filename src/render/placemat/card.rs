//! One intervention card: what it says and how it is laid out.
//!
//! A card holds the naam, samenvatting, doelgroep, vergoeding and the
//! regional aanmelding route, with the QR code at the right, just below
//! the name. Text beside the code runs narrower and widens below it. Every
//! size on a card is a multiple of the letter size (only the QR code keeps
//! the size the theme asks for), so shrinking the letter shrinks the whole
//! card evenly.

use super::font::{Fonts, Weight};
use super::layout::{LineBox, MissingGlyph, Prepared, Span, Style, LEADING};
use super::page::{Block, Item, Rect};
use super::qr::{Qr, QUIET_ZONE};
use crate::resolve::{MenuItem, VergoedingView};
use crate::text::{after_colon, dutch_list, sentence};
use crate::theme::placemat::Rgb;
use crate::vocab::Vocabulary;

/// How much of the aanmelding route goes on the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Verwijzing, Zorgdomein, every step, and the contact details.
    Full,
    /// The steps stay behind the QR code (the regional page), as the
    /// header says. Used only when the full text does not fit at the
    /// smallest letter.
    Compact,
}

/// The size-dependent geometry of the cards of one trial layout.
pub struct CardStyle<'a> {
    pub fonts: &'a Fonts,
    pub line: Rgb,
    pub size: f32,
    pub width: f32,
    pub qr_size: f32,
}

impl CardStyle<'_> {
    /// The coloured bar on the card's left edge.
    pub fn bar(&self) -> f32 {
        0.3 * self.size
    }

    /// Space between the card's edge and its text, left and right.
    pub fn padding(&self) -> f32 {
        0.6 * self.size
    }

    /// Space above and below the text: less than at the sides, since
    /// line spacing already adds some.
    pub fn padding_v(&self) -> f32 {
        0.3 * self.size
    }
}

/// A paragraph of a card, measured at 1 pt; spacing in em.
struct Paragraph {
    text: Prepared,
    gap_before: f32,
    /// Continuation lines start this far in (numbered steps).
    hang: f32,
}

/// A card's text, measured once and laid out at any letter size.
pub struct Card {
    paragraphs: Vec<Paragraph>,
    colour: Rgb,
}

impl Card {
    /// Prepares the text of `item` with this much `detail`; the title in
    /// the thema `colour`, the rest in `text`.
    pub fn new(
        fonts: &Fonts,
        item: &MenuItem,
        detail: Detail,
        colour: Rgb,
        text: Rgb,
    ) -> Result<Card, MissingGlyph> {
        let paragraphs = paragraphs(fonts, item, detail, colour, text)
            .into_iter()
            .map(|(spans, gap_before, hang)| {
                Ok(Paragraph {
                    text: Prepared::new(fonts, spans)?,
                    gap_before,
                    hang,
                })
            })
            .collect::<Result<_, MissingGlyph>>()?;
        Ok(Card { paragraphs, colour })
    }

    /// The card laid out at the style's size and width, with its QR code
    /// (`qr`: index into the page's codes, and the code) when there is a base_url.
    pub fn layout(&self, style: &CardStyle, qr: Option<(usize, &Qr)>) -> Block {
        self.build(style, qr, true)
    }

    /// The widest run of the card's text that may not break (an address,
    /// a phone number, a long word), in em of the letter size.
    pub fn widest_unbreakable(&self) -> f32 {
        self.paragraphs
            .iter()
            .map(|p| p.text.widest_unbreakable() + p.hang)
            .fold(0.0, f32::max)
    }

    /// The width the text of a card of `width` gets, at `size`.
    pub fn text_width(style: &CardStyle) -> f32 {
        style.width - style.bar() - 2.0 * style.padding()
    }

    /// The height [`layout`](Self::layout) would give, without making the drawing.
    pub fn height(&self, style: &CardStyle, qr: Option<(usize, &Qr)>) -> f32 {
        self.build(style, qr, false).height
    }

    fn build(&self, style: &CardStyle, qr: Option<(usize, &Qr)>, draw: bool) -> Block {
        let size = style.size;
        let pad = style.padding();
        let left = style.bar() + pad;
        let right = style.width - pad;
        let ascent = style.fonts.regular.ascent.max(style.fonts.bold.ascent);
        let descent = style.fonts.regular.descent.min(style.fonts.bold.descent);
        let mut items = Vec::new();

        // The QR code's box with the quiet zone a scanner needs; it goes
        // below the title, so the name runs the full width and stays on
        // fewer lines.
        let mut qr_box: Option<(Rect, f32, f32)> = None;
        let mut y = style.padding_v();
        for (index, paragraph) in self.paragraphs.iter().enumerate() {
            if index == 1 {
                qr_box = qr.map(|(qr_index, code)| {
                    let module = style.qr_size / code.modules as f32;
                    let quiet = module * QUIET_ZONE as f32;
                    let inset = quiet.max(style.padding_v());
                    let rect = Rect {
                        x: style.width - quiet.max(pad) - style.qr_size,
                        y: y + quiet,
                        w: style.qr_size,
                        h: style.qr_size,
                    };
                    items.push(Item::Qr { rect, qr: qr_index });
                    (rect, quiet, inset)
                });
            }
            y += paragraph.gap_before * size;
            let text_size = paragraph.text.size() * size;
            let lead = LEADING * text_size;
            let hang = paragraph.hang * size;
            let top = y;
            let line_box = |n: usize| {
                let indent = if n == 0 { 0.0 } else { hang };
                let line_top = top + n as f32 * lead;
                let limit = match qr_box {
                    Some((rect, quiet, _))
                        if line_top < rect.y + rect.h + quiet
                            && line_top + lead > rect.y - quiet =>
                    {
                        rect.x - quiet
                    }
                    _ => right,
                };
                LineBox {
                    indent,
                    width: (limit - left - indent).max(text_size),
                }
            };
            if !draw {
                y += paragraph.text.count_lines(size, line_box) as f32 * lead;
                continue;
            }
            for line in paragraph.text.lines(size, line_box) {
                let baseline =
                    y + (lead - (ascent - descent) * text_size) / 2.0 + ascent * text_size;
                for fragment in line.fragments {
                    items.push(Item::Text {
                        x: left + fragment.x,
                        baseline,
                        style: fragment.style,
                        text: fragment.text,
                    });
                }
                y += lead;
            }
        }
        y += style.padding_v();
        if let Some((rect, _, inset)) = qr_box {
            y = y.max(rect.y + rect.h + inset);
        }
        if !draw {
            return Block {
                height: y,
                items: Vec::new(),
            };
        }

        // Frame and bar go first so they are drawn under the text.
        let mut block = vec![
            Item::Frame {
                rect: Rect {
                    x: 0.0,
                    y: 0.0,
                    w: style.width,
                    h: y,
                },
                colour: style.line,
                width: 0.6,
            },
            Item::Fill {
                rect: Rect {
                    x: 0.0,
                    y: 0.0,
                    w: style.bar(),
                    h: y,
                },
                colour: self.colour,
            },
        ];
        block.extend(items);
        Block {
            height: y,
            items: block,
        }
    }
}

/// The paragraphs of a card: spans at 1 pt, the gap before each and the
/// hanging indent, both in em.
fn paragraphs(
    fonts: &Fonts,
    item: &MenuItem,
    detail: Detail,
    colour: Rgb,
    text: Rgb,
) -> Vec<(Vec<Span>, f32, f32)> {
    let i = item.interventie;
    let regular = Style {
        weight: Weight::Regular,
        size: 1.0,
        colour: text,
    };
    let bold = Style {
        weight: Weight::Bold,
        ..regular
    };
    let gap = 0.15;
    let mut out = vec![(
        vec![Span::new(
            i.naam,
            Style {
                weight: Weight::Bold,
                // Clearly larger than the text, so the eye finds the names.
                size: 1.25,
                colour,
            },
        )],
        0.0,
        0.0,
    )];
    out.push((vec![Span::new(i.samenvatting, regular)], 0.1, 0.0));
    out.push((
        vec![
            Span::keep("Voor wie ", bold),
            Span::new(i.doelgroep.omschrijving, regular),
        ],
        gap,
        0.0,
    ));
    out.push((kosten(item, regular, bold), 1.5 * gap, 0.0));
    for paragraph in regionale_vergoeding(item, regular, bold) {
        out.push((paragraph, 0.08, 0.0));
    }
    if let Some(notitie) = item.notitie {
        out.push((
            vec![
                Span::keep("Regionale afspraak ", bold),
                Span::new(sentence(notitie), regular),
            ],
            gap,
            0.0,
        ));
    }

    let a = &item.aanmelding;
    let contact = contact_spans(item, regular, bold);
    // Without a referral, Zorgdomein or contact, the steps are the only route:
    // they stay on the card even in compact mode.
    let route_without_steps =
        a.verwijzing.is_some() || a.zorgdomein.is_some() || !contact.is_empty();
    let show_steps = detail == Detail::Full || !route_without_steps;

    let mut route = vec![Span::keep(
        if a.regionaal {
            "Aanmelden (regionale route) "
        } else {
            "Aanmelden "
        },
        bold,
    )];
    let mut sentences: Vec<String> = Vec::new();
    if let Some(v) = a.verwijzing {
        sentences.push(sentence(v.label()));
    }
    if let Some(z) = a.zorgdomein {
        sentences.push(sentence(&format!("Zoek in Zorgdomein op ‘{z}’")));
    }
    if !sentences.is_empty() {
        route.push(Span::new(sentences.join(" "), regular));
    }
    out.push((route, gap, 0.0));
    if show_steps {
        let numbers: Vec<String> = (1..=a.stappen.len()).map(|n| format!("{n}. ")).collect();
        let hang = numbers
            .iter()
            .map(|n| fonts.regular.measure(n, 1.0))
            .fold(0.0, f32::max);
        for (number, step) in numbers.iter().zip(a.stappen) {
            out.push((
                vec![
                    Span::keep(number.clone(), regular),
                    Span::new(sentence(&step.wat), regular),
                ],
                0.08,
                hang,
            ));
        }
    }
    if !contact.is_empty() {
        out.push((contact, 0.08, 0.0));
    }
    out
}

/// "Kosten voor de patiënt": the label in bold, the value regular, the
/// one line per arrangement that [`crate::cost`] derives, with its
/// gemeenten where a region pays differently. The same line twice says
/// nothing; then it is printed once and the difference is in the regional
/// agreement below it.
fn kosten(item: &MenuItem, regular: Style, bold: Style) -> Vec<Span> {
    let mut spans = vec![Span::keep("Kosten voor de patiënt ", bold)];
    let lines: Vec<&str> = item
        .vergoedingen
        .iter()
        .map(|v| v.kosten.tekst.as_str())
        .collect();
    if lines.windows(2).all(|w| w[0] == w[1]) {
        if let Some(line) = lines.first() {
            spans.push(Span::new(sentence(line), regular));
        }
        return spans;
    }
    for (index, v) in item.vergoedingen.iter().enumerate() {
        let place = where_clause(v, index);
        if index > 0 {
            spans.push(Span::new(" ", regular));
        }
        if !place.is_empty() {
            spans.push(Span::new(place, bold));
        }
        let line = after_colon(&v.kosten.tekst);
        spans.push(Span::new(sentence(&line), regular));
    }
    spans
}

/// The region's own agreements about payment, as on the site: each
/// regional arrangement's toelichting, named by its gemeenten when it
/// holds only there.
fn regionale_vergoeding(item: &MenuItem, regular: Style, bold: Style) -> Vec<Vec<Span>> {
    item.vergoedingen
        .iter()
        .filter(|v| v.regionaal)
        .filter_map(|v| {
            let toelichting = v.toelichting?;
            let label = match v.gemeenten {
                [] => "Vergoeding in de regio ".to_string(),
                gemeenten => format!("Vergoeding in {} ", dutch_list(gemeenten)),
            };
            Some(vec![
                Span::keep(label, bold),
                Span::new(sentence(toelichting), regular),
            ])
        })
        .collect()
}

fn where_clause(v: &VergoedingView, index: usize) -> String {
    match v.gemeenten {
        [] if index == 0 => String::new(),
        [] => "In de andere gemeenten: ".to_string(),
        gemeenten => format!("In {}: ", dutch_list(gemeenten)),
    }
}

/// Phone, e-mail and web address of the route, or a pointer to the buurtsportcoach.
fn contact_spans(item: &MenuItem, regular: Style, bold: Style) -> Vec<Span> {
    let a = &item.aanmelding;
    let mut spans = Vec::new();
    // Phone numbers and addresses never break: a reader types them over.
    let mut add = |label: &str, value: &str, keep_value: bool| {
        if !spans.is_empty() {
            spans.push(Span::new(" · ", regular));
        }
        spans.push(Span::keep(format!("{label} "), bold));
        spans.push(if keep_value {
            Span::keep(value.to_string(), regular)
        } else {
            Span::new(value.to_string(), regular)
        });
    };
    if let Some(t) = a.telefoon {
        add("Telefoon", t, true);
    }
    if let Some(e) = a.email {
        add("E-mail", e, true);
    }
    if let Some(u) = a.url {
        add("Website", &shown_url(u), true);
    }
    if a.telefoon.is_none() && a.email.is_none() && !item.buurtsportcoaches.is_empty() {
        add("Buurtsportcoach", "zie onderaan deze placemat.", false);
    }
    spans
}

/// A web address as a reader types it: without `https://`, and without a
/// closing `/`. Shorter, so it fits on one line more often.
pub fn shown_url(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    rest.strip_suffix('/').unwrap_or(rest).to_string()
}

#[cfg(test)]
mod tests {
    use super::shown_url;

    #[test]
    fn shown_addresses_drop_the_scheme_and_the_closing_slash() {
        assert_eq!(
            shown_url("https://www.cool-leefstijl.example.nl/aanmelden"),
            "www.cool-leefstijl.example.nl/aanmelden"
        );
        assert_eq!(
            shown_url("https://menukaart.example.nl/zorggroep-maasland/"),
            "menukaart.example.nl/zorggroep-maasland"
        );
        assert_eq!(shown_url("ftp://x.nl/"), "ftp://x.nl");
    }
}
