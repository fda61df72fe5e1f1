//! Is a text at B1? A warning where it reads harder.
//!
//! Patients take the folder home and huisartsen read the placemat between
//! two consults, so the texts must be plain Dutch (language level B1). No
//! formula decides that, but three signs show where a text is too hard,
//! and each points at something the writer can change:
//!
//! - **a long sentence**: more than [`MAX_WORDS`] words;
//! - **long words**: words of [`HARD_SYLLABLES`] syllables or more
//!   ("gecombineerde", "praktijkondersteuner"), when a text has more than
//!   a few of them;
//! - **a low Flesch-Douma score** (the Dutch form of Flesch's reading
//!   ease: 206.835 − 0.93 × words per sentence − 77 × syllables per word)
//!   for a text long enough for the score to mean something.
//!
//! The limits were set on two sets of texts in `tests/fixtures/leesbaarheid/`:
//! plain texts about lifestyle care written at B1, and the same subjects in
//! the jargon of guidelines and contracts. Every plain text passes and every
//! jargon text is flagged (`tests/it/readability.rs` prints the scores).
//! The plain texts score 67 to 109, the jargon −66 to 7; the limit of 40
//! lies in that gap, a little above its middle, so that a text between the
//! two counts as hard rather than plain. Compound words of five syllables
//! are everyday words here ("zorgverzekeraar", "fysiotherapeut"), so only
//! words of six or more count as long.
//!
//! Syllables are counted with hypher's Dutch hyphenation patterns (the
//! TeX patterns): a hyphenation point is, in Dutch, a syllable boundary.
//!
//! Which texts are checked follows from the key table: keys marked
//! [`super::keys::Key::readable`], plus the Markdown body of an
//! intervention, paragraph by paragraph.

use std::ops::Range;

use hypher::{hyphenate_bounded, Lang};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::keys::{Kind, TableSpec};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};

/// More words than this in one sentence is too long for B1.
pub const MAX_WORDS: usize = 20;
/// A word of this many syllables or more counts as long.
pub const HARD_SYLLABLES: usize = 6;
/// More long words than this in one text is too many.
pub const MAX_HARD_WORDS: usize = 2;
/// A Flesch-Douma score under this reads above B1.
pub const MIN_SCORE: f64 = 40.0;
/// The score only says something about a text of at least this many words.
pub const MIN_WORDS_FOR_SCORE: usize = 12;

/// One sentence: its text and its words with their syllables.
#[derive(Debug)]
pub struct Sentence<'t> {
    pub text: &'t str,
    pub words: Vec<(&'t str, usize)>,
}

/// What the readability of one text comes to.
#[derive(Debug)]
pub struct Reading<'t> {
    pub sentences: Vec<Sentence<'t>>,
    pub score: Option<f64>,
}

impl Reading<'_> {
    /// Long words, each once, in reading order.
    pub fn hard_words(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (word, syllables) in self.sentences.iter().flat_map(|s| &s.words) {
            if *syllables >= HARD_SYLLABLES && !out.iter().any(|w| w.eq_ignore_ascii_case(word)) {
                out.push(word);
            }
        }
        out
    }

    /// The longest sentence over [`MAX_WORDS`], if any.
    pub fn long_sentence(&self) -> Option<&Sentence<'_>> {
        self.sentences
            .iter()
            .filter(|s| s.words.len() > MAX_WORDS)
            .max_by_key(|s| s.words.len())
    }

    /// Why the text reads above B1; empty when it does not.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(long) = self.long_sentence() {
            out.push(format!(
                "de zin \"{}\" heeft {} woorden (voor B1 hoogstens {MAX_WORDS})",
                shorten(long.text),
                long.words.len()
            ));
        }
        let hard = self.hard_words();
        if hard.len() > MAX_HARD_WORDS {
            out.push(format!("veel lange woorden: {}", hard.join(", ")));
        }
        if let Some(score) = self.score.filter(|s| *s < MIN_SCORE) {
            out.push(format!(
                "de leesbaarheid (Flesch-Douma) is {score:.0}; voor B1 minstens {MIN_SCORE:.0}"
            ));
        }
        out
    }
}

/// A sentence as a hint quotes it: the first words when it is long.
fn shorten(sentence: &str) -> String {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() <= 12 {
        words.join(" ")
    } else {
        format!("{} …", words[..10].join(" "))
    }
}

/// Syllables of one word, by its Dutch hyphenation points.
pub fn syllables(word: &str) -> usize {
    // No Dutch word is this long; a run of letters that is (a pasted hash,
    // a damaged file) counts as long without going through the patterns.
    if word.len() > 80 {
        return word.chars().count() / 3;
    }
    let lower = word.to_lowercase();
    hyphenate_bounded(&lower, Lang::Dutch, 1, 1).count().max(1)
}

/// Splits `text` into sentences and words and scores it.
pub fn read(text: &str) -> Reading<'_> {
    let mut sentences = Vec::new();
    for part in split_sentences(text) {
        let words: Vec<(&str, usize)> = part
            .split_whitespace()
            .filter(|t| !t.contains('@') && !t.contains("://") && !t.starts_with("www."))
            .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.chars().any(char::is_alphabetic))
            .map(|w| (w, syllables(w)))
            .collect();
        if !words.is_empty() {
            sentences.push(Sentence { text: part, words });
        }
    }
    let words: usize = sentences.iter().map(|s| s.words.len()).sum();
    let syllables: usize = sentences
        .iter()
        .flat_map(|s| &s.words)
        .map(|(_, n)| n)
        .sum();
    let score = (words >= MIN_WORDS_FOR_SCORE).then(|| {
        let per_sentence = words as f64 / sentences.len() as f64;
        let per_word = syllables as f64 / words as f64;
        206.835 - 0.93 * per_sentence - 77.0 * per_word
    });
    Reading { sentences, score }
}

/// Sentences end at `.`, `!`, `?` or `;` followed by a space and not by a
/// lowercase letter (so "bijv. een" and "o.a. de" stay one sentence), and
/// at a line break (a list item, a heading).
fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let end = match c {
            '\n' => true,
            '.' | '!' | '?' | ';' => {
                let next = chars.get(i + 1).map(|x| x.1);
                let after = chars.get(i + 2).map(|x| x.1);
                next.is_none()
                    || (next.is_some_and(char::is_whitespace)
                        && !after.is_some_and(char::is_lowercase))
            }
            _ => false,
        };
        if end {
            let piece = text[start..at + c.len_utf8()].trim();
            if !piece.is_empty() {
                out.push(piece);
            }
            start = at + c.len_utf8();
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The warning for a text at `offset` in `source`, or none.
fn warn(text: &str, source: &SourceText, offset: usize, diags: &mut Diagnostics) {
    let reading = read(text);
    let problems = reading.problems();
    if problems.is_empty() {
        return;
    }
    let hard = reading.hard_words();
    let mut hint = String::from("schrijf korte zinnen (hoogstens 20 woorden) met gewone woorden");
    if !hard.is_empty() {
        hint.push_str(&format!(
            "; zoek een korter woord voor: {}",
            hard.join(", ")
        ));
    }
    diags.push(
        Diagnostic::warning(
            Some(source.location(offset)),
            format!("deze tekst is moeilijker dan B1: {}", problems.join("; ")),
        )
        .with_hint(hint),
    );
}

/// Checks every readable text of a parsed file against `spec`. `base` is
/// where the TOML starts in `source`.
pub(crate) fn check_table(
    table: &DeTable<'_>,
    spec: &TableSpec,
    source: &SourceText,
    base: usize,
    diags: &mut Diagnostics,
) {
    for (key, value) in table.iter() {
        let Some(row) = spec.get(key.get_ref()) else {
            continue;
        };
        match (&row.kind, value.get_ref()) {
            (Kind::Table(inner), DeValue::Table(t)) => check_table(t, inner, source, base, diags),
            (Kind::Tables(inner), DeValue::Array(items)) => {
                for item in items {
                    if let DeValue::Table(t) = item.get_ref() {
                        check_table(t, inner, source, base, diags);
                    }
                }
            }
            _ if row.readable => {
                for (text, span) in strings(value) {
                    warn(text, source, base + span.start, diags);
                }
            }
            _ => {}
        }
    }
}

/// The texts in a value: itself, or each text of a list (for a step
/// written as a table, its `wat`).
fn strings<'a>(value: &'a Spanned<DeValue<'a>>) -> Vec<(&'a str, Range<usize>)> {
    match value.get_ref() {
        DeValue::String(s) => vec![(s.as_ref(), value.span())],
        DeValue::Array(items) => items
            .iter()
            .filter_map(|i| match i.get_ref() {
                DeValue::String(s) => Some((s.as_ref(), i.span())),
                // A step that says who acts: its text is `wat`.
                DeValue::Table(t) => match t.get("wat").map(|w| (w.get_ref(), w.span())) {
                    Some((DeValue::String(s), span)) => Some((s.as_ref(), span)),
                    _ => None,
                },
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Checks a Markdown body paragraph by paragraph (list items and headings
/// each on their own); `start` is where the body begins in `source`.
pub(crate) fn check_markdown(
    body: &str,
    start: usize,
    source: &SourceText,
    diags: &mut Diagnostics,
) {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut text = String::new();
    let mut at = None;
    let flush = |text: &mut String, at: &mut Option<usize>, diags: &mut Diagnostics| {
        if let Some(offset) = at.take() {
            warn(text, source, start + offset, diags);
        }
        text.clear();
    };
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item) => {
                flush(&mut text, &mut at, diags);
                at = Some(range.start);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                flush(&mut text, &mut at, diags);
            }
            Event::Text(t) | Event::Code(t) => {
                at.get_or_insert(range.start);
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    flush(&mut text, &mut at, diags);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_follow_dutch_hyphenation() {
        assert_eq!(syllables("patiënt"), 3);
        assert_eq!(syllables("bewegen"), 3);
        assert_eq!(syllables("praktijkondersteuner"), 6);
        assert_eq!(syllables("de"), 1);
    }

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        let r = read("U betaalt bijv. een eigen bijdrage. Daarna begint u.");
        assert_eq!(r.sentences.len(), 2, "{:?}", r.sentences);
    }

    #[test]
    fn a_long_sentence_and_long_words_are_named() {
        let r = read("De gecombineerde leefstijlinterventie wordt vanuit de basisverzekering vergoed voor verzekerden met een verhoogd gewichtsgerelateerd gezondheidsrisico en minimaal één comorbiditeit zoals diabetes mellitus type twee.");
        let problems = r.problems().join("; ");
        assert!(
            problems.contains("woorden (voor B1 hoogstens 20)"),
            "{problems}"
        );
        assert!(problems.contains("leefstijlinterventie"), "{problems}");
        assert!(read("U beweegt samen met anderen. Dat is leuk en gezond.")
            .problems()
            .is_empty());
    }
}
