//! Measured text layout: line breaking with the font's own advance widths.
//!
//! Lines break at spaces and after a hyphen between two letters ("hart-" /
//! "en"); no word is ever hyphenated. Web and e-mail addresses break after
//! `/` and `@` and before `.` and `-`, so a broken address never ends in a
//! hyphen that a reader would take for a hyphenation. A single word wider
//! than the line (rare: a very long address) is broken between characters
//! rather than drawn past the edge: nothing may stick out of a card.

use super::font::{Fonts, Weight};
use crate::theme::placemat::Rgb;

/// Line height as a multiple of the letter size. DejaVu Sans is 1.164 em
/// from ascender to descender, so lines of 1.2 em never touch.
pub const LEADING: f32 = 1.2;

/// How a run of text looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub weight: Weight,
    pub size: f32,
    pub colour: Rgb,
}

/// A run of text in one style. `keep` runs never break inside (labels such
/// as "E-mail:" and phone numbers).
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
    pub keep: bool,
}

impl Span {
    pub fn new(text: impl Into<String>, style: Style) -> Span {
        Span {
            text: text.into(),
            style,
            keep: false,
        }
    }

    pub fn keep(text: impl Into<String>, style: Style) -> Span {
        Span {
            text: text.into(),
            style,
            keep: true,
        }
    }
}

/// A piece of one line in one style; `x` is relative to the paragraph's left edge.
#[derive(Clone, Debug, PartialEq)]
pub struct Fragment {
    pub x: f32,
    pub text: String,
    pub style: Style,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Line {
    pub fragments: Vec<Fragment>,
    /// From the paragraph's left edge to the end of the last visible character.
    pub right: f32,
}

/// Where a line may start and how wide it may be, relative to the paragraph.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineBox {
    pub indent: f32,
    pub width: f32,
}

/// A character the font cannot draw; the caller says where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct MissingGlyph {
    pub ch: char,
    pub text: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Break {
    /// No line break after this character.
    None,
    /// The line may end after this character.
    After,
    /// A breakable space: the line may end before it; it is then dropped.
    Space,
}

struct Char {
    c: char,
    style: usize,
    width: f32,
    brk: Break,
}

/// Allowance for float rounding when comparing widths.
const EPS: f32 = 0.01;

/// Text measured once and broken into lines at any size.
///
/// Auto-fit lays out every card at many trial sizes. Characters, their
/// widths and the break opportunities do not depend on the size, so they
/// are found once; a trial only scales the widths and breaks the lines.
pub struct Prepared {
    spans: Vec<Span>,
    chars: Vec<Char>,
}

impl Prepared {
    /// Measures `spans`; their sizes are taken as given (use 1.0 for
    /// text that is scaled later).
    pub fn new(fonts: &Fonts, spans: Vec<Span>) -> Result<Prepared, MissingGlyph> {
        let chars = flatten(fonts, &spans)?;
        Ok(Prepared { spans, chars })
    }

    /// The width of the widest run that may not break: a `keep` span
    /// (an address, a phone number, a label) or a single word. A line
    /// narrower than this would cut it by force, so auto-fit treats
    /// such a width as "does not fit" and the text moves whole instead.
    pub fn widest_unbreakable(&self) -> f32 {
        let mut widest: f32 = 0.0;
        let mut run = 0.0;
        for (i, ch) in self.chars.iter().enumerate() {
            if ch.brk == Break::Space {
                run = 0.0;
                continue;
            }
            run += ch.width;
            let trailing_space = self
                .chars
                .get(i + 1)
                .is_some_and(|next| next.c == ' ' && next.brk != Break::Space);
            if !trailing_space {
                widest = widest.max(run);
            }
            if ch.brk == Break::After {
                run = 0.0;
            }
        }
        widest
    }

    /// The width of the whole text on one line, unscaled.
    pub fn natural_width(&self) -> f32 {
        let visible = self
            .chars
            .iter()
            .rposition(|c| c.brk != Break::Space)
            .map_or(0, |p| p + 1);
        self.chars[..visible].iter().map(|c| c.width).sum()
    }

    /// The largest text size in the paragraph, unscaled.
    pub fn size(&self) -> f32 {
        self.spans.iter().map(|s| s.style.size).fold(0.0, f32::max)
    }

    /// The number of lines at `scale` times the prepared sizes, without
    /// building them.
    pub fn count_lines(&self, scale: f32, line_box: impl FnMut(usize) -> LineBox) -> usize {
        breaks(&self.chars, scale, line_box).len()
    }

    /// The lines at `scale` times the prepared sizes.
    pub fn lines(&self, scale: f32, line_box: impl FnMut(usize) -> LineBox) -> Vec<Line> {
        breaks(&self.chars, scale, line_box)
            .into_iter()
            .map(|(start, end, indent)| {
                make_line(&self.spans, &self.chars[start..end], indent, scale)
            })
            .collect()
    }
}

/// Breaks `spans` into lines; `line_box(n)` gives the room for line `n`.
pub fn wrap(
    fonts: &Fonts,
    spans: &[Span],
    line_box: impl FnMut(usize) -> LineBox,
) -> Result<Vec<Line>, MissingGlyph> {
    Ok(Prepared::new(fonts, spans.to_vec())?.lines(1.0, line_box))
}

/// Greedy line breaking: each line takes as much as fits, ending at the
/// last break opportunity. Returns (start, end, indent) per line.
fn breaks(
    chars: &[Char],
    scale: f32,
    mut line_box: impl FnMut(usize) -> LineBox,
) -> Vec<(usize, usize, f32)> {
    let n = chars.len();
    let mut lines = Vec::new();
    let mut start = skip_spaces(chars, 0);
    while start < n {
        let room = line_box(lines.len());
        let limit = room.width / scale + EPS;
        let mut x = 0.0;
        let mut best: Option<(usize, usize)> = None;
        let mut j = start;
        let mut overflow = false;
        while j < n {
            let ch = &chars[j];
            if ch.brk == Break::Space {
                best = Some((j, j + 1));
                x += ch.width;
                j += 1;
                continue;
            }
            if x + ch.width > limit {
                overflow = true;
                break;
            }
            x += ch.width;
            if ch.brk == Break::After && j + 1 < n {
                best = Some((j + 1, j + 1));
            }
            j += 1;
        }
        let (end, next) = if !overflow {
            (n, n)
        } else {
            match best {
                Some(b) => b,
                // One word wider than the line: break between characters,
                // but always take at least one so the loop moves on.
                None => {
                    let cut = j.max(start + 1);
                    (cut, cut)
                }
            }
        };
        lines.push((start, end, room.indent));
        start = skip_spaces(chars, next);
    }
    lines
}

fn skip_spaces(chars: &[Char], mut i: usize) -> usize {
    while i < chars.len() && chars[i].brk == Break::Space {
        i += 1;
    }
    i
}

fn make_line(spans: &[Span], chars: &[Char], indent: f32, scale: f32) -> Line {
    let visible = chars
        .iter()
        .rposition(|c| c.brk != Break::Space)
        .map_or(0, |p| p + 1);
    let mut line = Line::default();
    let mut x = indent;
    for ch in &chars[..visible] {
        let mut style = spans[ch.style].style;
        style.size *= scale;
        match line.fragments.last_mut() {
            Some(f) if f.style == style => f.text.push(ch.c),
            _ => line.fragments.push(Fragment {
                x,
                text: ch.c.to_string(),
                style,
            }),
        }
        x += ch.width * scale;
    }
    line.right = x;
    line
}

/// Characters with their widths and break opportunities.
fn flatten(fonts: &Fonts, spans: &[Span]) -> Result<Vec<Char>, MissingGlyph> {
    let mut chars: Vec<Char> = Vec::new();
    // The `keep` span each char belongs to, if any: no breaks inside one.
    let mut kept: Vec<Option<usize>> = Vec::new();
    for (index, span) in spans.iter().enumerate() {
        let face = fonts.face(span.style.weight);
        for c in span.text.chars() {
            // Invisible formatting characters carry nothing to print.
            if matches!(
                c,
                '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
            ) {
                continue;
            }
            let c = if c.is_whitespace() && c != '\u{00A0}' && c != '\u{202F}' {
                ' '
            } else {
                c
            };
            if c == ' ' && chars.last().is_none_or(|p| p.c == ' ') && !span.keep {
                continue;
            }
            let Some(advance) = face.advance(c) else {
                return Err(MissingGlyph {
                    ch: c,
                    text: span.text.clone(),
                });
            };
            chars.push(Char {
                c,
                style: index,
                width: advance * span.style.size,
                brk: Break::None,
            });
            kept.push(span.keep.then_some(index));
        }
    }
    mark_breaks(&mut chars, &kept);
    Ok(chars)
}

/// Sets the break opportunities word by word.
fn mark_breaks(chars: &mut [Char], kept: &[Option<usize>]) {
    // One buffer for every word's characters, not one allocation per word.
    let mut word: Vec<char> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].c == ' ' {
            // A space glues only inside one keep span ("E-mail: x" may
            // break after the colon, "Telefoon 0000" not inside the label).
            let inside = kept[i].is_some() && i + 1 < chars.len() && kept[i + 1] == kept[i];
            if !inside {
                chars[i].brk = Break::Space;
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].c != ' ' {
            i += 1;
        }
        word.clear();
        word.extend(chars[start..i].iter().map(|c| c.c));
        let address = word.len() > 4 && is_address(&word);
        for k in 0..word.len() {
            if kept[start + k].is_some() || k + 1 == word.len() {
                continue;
            }
            let (prev, cur, next) = (k.checked_sub(1).map(|p| word[p]), word[k], word[k + 1]);
            let after = if address {
                // After "/" (not inside "//") and "@"; before "." and "-".
                (cur == '/' && next != '/' && prev.is_some())
                    || cur == '@'
                    || ((next == '.' || next == '-') && cur.is_alphanumeric())
            } else {
                // "hart-" + "en", "Reusel-" + "De": a hyphen between letters.
                // Not in numbers ("0000-000000"), not at a word's start.
                (is_hyphen(cur) && prev.is_some_and(char::is_alphabetic) && next.is_alphabetic())
                    || (cur == '/' && prev.is_some_and(char::is_alphabetic) && next.is_alphabetic())
            };
            if after && kept[start + k + 1].is_none() {
                chars[start + k].brk = Break::After;
            }
        }
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2013}')
}

/// Web and e-mail addresses get their own break rules.
fn is_address(word: &[char]) -> bool {
    word.contains(&'@')
        || word.windows(3).any(|w| w == [':', '/', '/'])
        || word.starts_with(&['w', 'w', 'w', '.'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::placemat::test_fonts;

    fn style(size: f32) -> Style {
        Style {
            weight: Weight::Regular,
            size,
            colour: Rgb::BLACK,
        }
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.fragments.iter().map(|f| f.text.as_str()).collect())
            .collect()
    }

    fn fixed(width: f32) -> impl FnMut(usize) -> LineBox {
        move |_| LineBox { indent: 0.0, width }
    }

    #[test]
    fn breaks_at_spaces_and_keeps_every_word() {
        let fonts = test_fonts();
        let text = "Twee jaar begeleiding door een leefstijlcoach, in een groep en alleen.";
        let lines = wrap(&fonts, &[Span::new(text, style(10.0))], fixed(120.0)).unwrap();
        assert!(lines.len() > 1);
        assert_eq!(texts(&lines).join(" "), text);
        for line in &lines {
            assert!(line.right <= 120.0 + EPS, "{line:?}");
        }
    }

    #[test]
    fn breaks_after_a_hyphen_between_letters_only() {
        let fonts = test_fonts();
        let w = fonts.regular.measure("Reusel-", 10.0) + 1.0;
        let lines = wrap(&fonts, &[Span::new("Reusel-De", style(10.0))], fixed(w)).unwrap();
        assert_eq!(texts(&lines), ["Reusel-", "De"]);
        // A phone number is one word: it is broken only by force, never at the hyphen.
        let w = fonts.regular.measure("0000-000000", 10.0) + 1.0;
        let lines = wrap(
            &fonts,
            &[Span::new("tel 0000-000000", style(10.0))],
            fixed(w),
        )
        .unwrap();
        assert_eq!(texts(&lines), ["tel", "0000-000000"]);
    }

    #[test]
    fn addresses_break_before_dots_and_hyphens() {
        let fonts = test_fonts();
        let url = "https://www.leefstijlcoaches-dekempen.example.nl/aanmelden";
        let w = fonts.regular.measure("https://www.leefstijlcoaches", 10.0) + 1.0;
        let lines = wrap(&fonts, &[Span::new(url, style(10.0))], fixed(w)).unwrap();
        assert_eq!(texts(&lines).concat(), url);
        for line in texts(&lines).iter().take(lines.len() - 1) {
            assert!(!line.ends_with('-'), "{line}");
        }
        assert!(texts(&lines)[1].starts_with('-') || texts(&lines)[1].starts_with('.'));
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut_not_overflowed() {
        let fonts = test_fonts();
        let word = "Donaudampfschifffahrtsgesellschaftskapitein";
        let lines = wrap(&fonts, &[Span::new(word, style(10.0))], fixed(60.0)).unwrap();
        assert!(lines.len() > 1);
        assert_eq!(texts(&lines).concat(), word);
        for line in &lines {
            assert!(line.right <= 60.0 + EPS);
        }
    }

    #[test]
    fn keep_spans_do_not_break_and_styles_make_fragments() {
        let fonts = test_fonts();
        let bold = Style {
            weight: Weight::Bold,
            ..style(10.0)
        };
        let spans = [
            Span::keep("E-mail: ", bold),
            Span::new("info@example.nl", style(10.0)),
        ];
        let lines = wrap(&fonts, &spans, fixed(1000.0)).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].fragments.len(), 2);
        assert_eq!(lines[0].fragments[0].text, "E-mail: ");
        let w = fonts.bold.measure("E-mail:", 10.0);
        let lines = wrap(&fonts, &spans, fixed(w + 1.0)).unwrap();
        assert_eq!(texts(&lines)[0], "E-mail:");
    }

    #[test]
    fn a_label_may_end_a_line_before_its_value() {
        let fonts = test_fonts();
        let bold = Style {
            weight: Weight::Bold,
            ..style(10.0)
        };
        let spans = [
            Span::keep("Aanmelden (regionale route): ", bold),
            Span::new("Via de buurtsportcoach.", style(10.0)),
        ];
        let w = fonts.bold.measure("Aanmelden (regionale route): V", 10.0);
        let lines = wrap(&fonts, &spans, fixed(w)).unwrap();
        assert_eq!(texts(&lines)[0], "Aanmelden (regionale route):");
        assert!(texts(&lines)[1].starts_with("Via de"));
    }

    #[test]
    fn the_widest_unbreakable_run_is_a_kept_address() {
        let fonts = test_fonts();
        let address = "welzijnoprecept@zorggroep-maasland.example.nl";
        let spans = vec![
            Span::keep("E-mail ", style(1.0)),
            Span::keep(address, style(1.0)),
            Span::new(" kort woord", style(1.0)),
        ];
        let prepared = Prepared::new(&fonts, spans).unwrap();
        let width = fonts.regular.measure(address, 1.0);
        assert!((prepared.widest_unbreakable() - width).abs() < 0.001);
        // Narrower than the address: its line would cut it.
        let lines = prepared.lines(10.0, fixed(width * 10.0 - 1.0));
        assert!(texts(&lines).iter().all(|l| !l.contains(address)));
        let lines = prepared.lines(10.0, fixed(width * 10.0 + 1.0));
        assert!(texts(&lines).iter().any(|l| l.contains(address)));
    }

    #[test]
    fn indents_and_widths_per_line() {
        let fonts = test_fonts();
        let text = "een twee drie vier vijf zes zeven acht negen tien";
        let lines = wrap(&fonts, &[Span::new(text, style(10.0))], |n| LineBox {
            indent: if n == 0 { 0.0 } else { 15.0 },
            width: 80.0,
        })
        .unwrap();
        assert!(lines.len() > 2);
        assert_eq!(lines[1].fragments[0].x, 15.0);
        assert!(lines[1].right <= 95.0 + EPS);
    }

    #[test]
    fn missing_glyphs_are_reported_and_whitespace_is_normalised() {
        let fonts = test_fonts();
        let err = wrap(
            &fonts,
            &[Span::new("koffie \u{1F375}", style(10.0))],
            fixed(500.0),
        )
        .unwrap_err();
        assert_eq!(err.ch, '\u{1F375}');
        let lines = wrap(
            &fonts,
            &[Span::new("a\n\tb  c\u{00AD}d", style(10.0))],
            fixed(500.0),
        )
        .unwrap();
        assert_eq!(texts(&lines), ["a b cd"]);
    }

    #[test]
    fn dutch_characters_are_measured() {
        let fonts = test_fonts();
        for c in "ëéïü€≥–".chars() {
            assert!(fonts.regular.advance(c).is_some(), "{c}");
            assert!(fonts.bold.advance(c).is_some(), "{c}");
        }
    }
}
