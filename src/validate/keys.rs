//! The vocabulary of the key tables: what a key is ([`Key`]), what value
//! it holds ([`Kind`]) and which keys a table accepts ([`TableSpec`]).
//!
//! The tables themselves are declared next to the rules that read them
//! (with [`super::read::section`]): `intervention.rs`, `region.rs`,
//! `parts.rs` and `config.rs`. One declaration there gives the reader, the
//! unknown-key check, the editor JSON Schema ([`crate::schema`]) and the
//! hints that name a missing key, so none of them can drift apart. The
//! three file tables are re-exported by the parent module: this one only
//! describes what a table is, so every table file can depend on it.

use crate::vocab::Vocabulary;

/// What kind of value a key holds. The reader ([`super::read`]) checks the
/// value by its kind; the schema turns the kind into JSON Schema.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    /// Plain text between quotes.
    Text,
    /// Text that may use Markdown.
    Markdown,
    /// A text with at most `max` characters; `why` ends the hint of a text
    /// that is too long ("zodat hij op de placemat past; …").
    ShortText {
        max: usize,
        why: &'static str,
    },
    /// A web address starting with `http://` or `https://`.
    Url,
    Email,
    /// A Dutch phone number.
    Phone,
    /// A Dutch postcode: four digits (not starting with 0), two letters.
    Postcode,
    /// An AGB code: eight digits.
    Agb,
    /// A KvK number: eight digits.
    Kvk,
    /// A TOML date without quotes: `2026-09-01`.
    Date,
    /// A whole number from `min` to `max`; `what` names it in the message
    /// for a number out of range ("een leeftijd").
    Integer {
        min: i64,
        max: i64,
        what: &'static str,
    },
    Boolean,
    /// A list of texts.
    TextList,
    /// The steps of a route: each a text, or a table that says who acts
    /// (`{ wie = "poh", wat = "…" }`) with these rows.
    Steps(&'static TableSpec),
    /// A table of whole euro amounts per calendar year: `2026 = 385`.
    PerYear,
    /// A list of web addresses, each checked like [`Kind::Url`]; a
    /// required list must name at least one.
    UrlList,
    /// An id in `interventions/`: lowercase letters, digits and hyphens.
    /// Read as text; the region checks it against the catalogue.
    Id,
    /// A repository on a forge as `eigenaar/naam`, checked with
    /// [`super::formats::check_repo`].
    Repo,
    /// A name that becomes part of a path (a theme), checked with
    /// [`super::formats::check_id`]; the text names it in messages.
    Name(&'static str),
    /// One value from a fixed list: (id, Dutch label) pairs.
    Vocab(fn() -> Vec<(&'static str, &'static str)>),
    /// A list of values from a fixed list, each at most once.
    VocabList(fn() -> Vec<(&'static str, &'static str)>),
    /// One of these exact texts.
    OneOf(&'static [&'static str]),
    /// A sub-table: `[doelgroep]`.
    Table(&'static TableSpec),
    /// A list of tables: `[[gemeente]]`.
    Tables(&'static TableSpec),
}

/// Which variant of a shared table a key belongs to: the national
/// `[vergoeding]` and the regional `[interventie.vergoeding]` share their
/// keys, except the ones marked for one of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Variant {
    National,
    Regional,
}

/// One key of a table.
#[derive(Clone, Copy)]
pub(crate) struct Key {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
    pub(crate) required: bool,
    /// `Some`: the key exists only in this variant of its table.
    pub(crate) only: Option<Variant>,
    /// Dutch, B1: what the key is for, shown by editors on hover.
    pub(crate) description: &'static str,
    /// The value a "voeg toe: naam = …" hint suggests for a missing key.
    pub(crate) example: &'static str,
    /// Text that patients or huisartsen read: checked for B1 (see
    /// [`super::readability`]).
    pub(crate) readable: bool,
}

impl Key {
    /// The value a missing key's hint suggests.
    pub(crate) const fn example(mut self, example: &'static str) -> Key {
        self.example = example;
        self
    }

    /// Patients or huisartsen read this text: `check` warns when it reads
    /// above B1.
    pub(crate) const fn readable(mut self) -> Key {
        self.readable = true;
        self
    }

    /// The key exists only in the regional variant of its table.
    pub(crate) const fn regional(mut self) -> Key {
        self.only = Some(Variant::Regional);
        self
    }

    /// Whether the key belongs to `spec` (see [`Variant`]).
    pub(crate) fn applies(&self, spec: &TableSpec) -> bool {
        self.only.is_none_or(|only| spec.variant == Some(only))
    }
}

/// A table (or the top of a file) and the keys it accepts.
pub(crate) struct TableSpec {
    /// Dotted name as messages show it: `interventie.aanbieder`; empty for the file itself.
    pub(crate) name: &'static str,
    pub(crate) description: &'static str,
    /// All keys of the table's rows, including those of other variants.
    pub(crate) rows: &'static [Key],
    /// For a table with variants: which one this is.
    pub(crate) variant: Option<Variant>,
    /// At least one of these keys must be present (empty: no such rule).
    pub(crate) at_least_one: &'static [&'static str],
}

impl TableSpec {
    /// The keys this table accepts, in reading order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &'static Key> + '_ {
        self.rows.iter().filter(|k| k.applies(self))
    }

    pub(crate) fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.keys().map(|k| k.name)
    }

    pub(crate) fn get(&self, name: &str) -> Option<&'static Key> {
        self.keys().find(|k| k.name == name)
    }
}

/// The (id, label) pairs of a vocabulary, for schemas and documentation.
pub(crate) fn terms<V: Vocabulary>() -> Vec<(&'static str, &'static str)> {
    V::ALL.iter().map(|v| (v.id(), v.label())).collect()
}

/// An optional key; [`super::read::section`] fills in its name.
pub(crate) const fn key(kind: Kind, description: &'static str) -> Key {
    Key {
        name: "",
        kind,
        required: false,
        only: None,
        description,
        example: "",
        readable: false,
    }
}

/// A key that must be present.
pub(crate) const fn required(kind: Kind, description: &'static str) -> Key {
    Key {
        required: true,
        ..key(kind, description)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{CONFIG, INTERVENTION, REGION};

    fn walk(spec: &'static TableSpec, seen: &mut Vec<&'static str>) {
        let mut names: Vec<_> = spec.names().collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "duplicate key in [{}]", spec.name);
        for name in spec.at_least_one {
            assert!(
                spec.get(name).is_some(),
                "[{}] needs unknown key {name}",
                spec.name
            );
        }
        seen.push(spec.name);
        for k in spec.rows {
            assert!(!k.name.is_empty(), "a key in [{}] has no name", spec.name);
            assert!(!k.description.is_empty(), "{} has no description", k.name);
            // A key that only one variant has cannot be required: the
            // other variant could never be read.
            assert!(
                !(k.required && k.only.is_some()),
                "{} is required in one variant only",
                k.name
            );
            if k.required
                && matches!(
                    k.kind,
                    Kind::Text | Kind::Markdown | Kind::Id | Kind::ShortText { .. }
                )
            {
                assert!(!k.example.is_empty(), "required {} has no example", k.name);
            }
            if let Kind::Table(t) | Kind::Tables(t) = k.kind {
                walk(t, seen);
            }
        }
    }

    #[test]
    fn tables_are_consistent() {
        let mut seen = Vec::new();
        for spec in [&CONFIG, &INTERVENTION, &REGION] {
            walk(spec, &mut seen);
        }
        assert!(seen.contains(&"interventie.aanbieder"));
        assert!(seen.contains(&"interventie.vergoeding"));
    }

    #[test]
    fn variants_share_keys_but_not_regional_ones() {
        let national = super::super::parts::VERGOEDING.names().collect::<Vec<_>>();
        let regional = super::super::parts::REGIONAL_VERGOEDING
            .names()
            .collect::<Vec<_>>();
        assert!(!national.contains(&"gemeenten"));
        assert_eq!(regional.last(), Some(&"gemeenten"));
        assert_eq!(&regional[..regional.len() - 1], &national[..]);
    }
}
