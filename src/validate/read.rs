//! Reading one key by its row: the type of the model field it fills picks
//! the reader, the row's [`Kind`] picks the checks.
//!
//! Tables are declared with [`super::section::section!`], which reads each
//! row through [`FieldValue`]. Adding a kind means a case here (and in
//! [`crate::schema`]); adding a field of an existing kind needs nothing here.

use time::Date;

use super::fields::{Located, Reader, Table};
use super::keys::{Key, Kind, TableSpec};
use crate::vocab::{
    Aandoening, Erkenning, Papier, Thema, VergoedingSoort, Verwijzing, Vocabulary, Vorm, Wie,
};

/// A model field type the reader can fill from one key.
///
/// Reading yields [`FieldValue::Read`], the value with its position where
/// rules need one; a read value is `None` (or an empty list) when the key
/// is absent or wrong, and every problem is reported while reading.
/// [`FieldValue::finish`] turns it into the field, `None` when a required
/// key failed and so the whole table fails.
pub(crate) trait FieldValue: Sized {
    type Read: Default;
    /// Whether this type can hold a value of `kind`: a row the field's type
    /// cannot read fails a test in `tables_test.rs`, so only tests need it.
    #[cfg_attr(not(test), allow(dead_code))]
    fn accepts(kind: &Kind) -> bool;
    fn read(r: &mut Reader, t: &Table, key: &'static Key) -> Self::Read;
    /// The value of a row that this variant of the table does not have.
    fn absent() -> Self::Read {
        Self::Read::default()
    }
    fn finish(read: Self::Read) -> Option<Self>;
}

/// A text of any text kind, checked by its kind; a required one that is
/// absent is reported with the row's example.
fn text(r: &mut Reader, t: &Table, key: &Key) -> Option<Located<String>> {
    if key.required && t.get(key.name).is_none() {
        t.missing(r, key.name, key.example);
        return None;
    }
    let (text, span) = match format(&key.kind) {
        Some((what, check)) => t.checked(r, key.name, what, check)?,
        None => t.string(r, key.name)?,
    };
    if let Kind::OneOf(values) = key.kind {
        if !values.contains(&text.as_str()) {
            let name = key.name;
            r.error(&span, format!("{name} = \"{text}\" kan niet")).hint =
                Some(format!("kies uit: {}", values.join(", ")));
            return None;
        }
    }
    if let Kind::ShortText { max, why } = key.kind {
        let length = text.chars().count();
        if length > max {
            let name = key.name;
            r.error(
                &span,
                format!("de {name} is {length} tekens; het maximum is {max}"),
            )
            .hint = Some(format!(
                "maak de {name} {} korter, {why}",
                match length - max {
                    1 => "1 teken".to_string(),
                    n => format!("{n} tekens"),
                }
            ));
        }
    }
    Some((text, span))
}

/// The format a text of `kind` must have: its name in messages and its check.
type Check = fn(&str) -> Result<(), String>;
fn format(kind: &Kind) -> Option<(&'static str, Check)> {
    use super::formats::{
        check_agb, check_email, check_id, check_kvk, check_phone, check_postcode, check_repo,
        check_url,
    };
    match kind {
        Kind::Url => Some(("webadres", check_url)),
        Kind::Email => Some(("e-mailadres", check_email)),
        Kind::Phone => Some(("telefoonnummer", check_phone)),
        Kind::Postcode => Some(("postcode", check_postcode)),
        Kind::Agb => Some(("AGB-code", check_agb)),
        Kind::Kvk => Some(("KvK-nummer", check_kvk)),
        Kind::Repo => Some(("repository", check_repo)),
        Kind::Name(what) => Some((what, check_id)),
        _ => None,
    }
}

#[cfg_attr(not(test), allow(dead_code))]
fn is_text(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::Text
            | Kind::Markdown
            | Kind::ShortText { .. }
            | Kind::Url
            | Kind::Email
            | Kind::Phone
            | Kind::Postcode
            | Kind::Agb
            | Kind::Kvk
            | Kind::Id
            | Kind::Repo
            | Kind::OneOf(_)
            | Kind::Name(_)
    )
}

/// [`FieldValue`] for a value that a key may hold (`T`, the key is
/// required) or not (`Option<T>`), read with its position by `read`.
macro_rules! located_fields {
    ($value:ty, accepts: $accepts:expr, read: $read:expr) => {
        impl FieldValue for $value {
            type Read = Option<Located<$value>>;
            fn accepts(kind: &Kind) -> bool {
                $accepts(kind)
            }
            fn read(r: &mut Reader, t: &Table, key: &'static Key) -> Self::Read {
                $read(r, t, key)
            }
            fn finish(read: Self::Read) -> Option<Self> {
                read.map(|(value, _)| value)
            }
        }

        impl FieldValue for Option<$value> {
            type Read = Option<Located<$value>>;
            fn accepts(kind: &Kind) -> bool {
                $accepts(kind)
            }
            fn read(r: &mut Reader, t: &Table, key: &'static Key) -> Self::Read {
                $read(r, t, key)
            }
            fn finish(read: Self::Read) -> Option<Self> {
                Some(read.map(|(value, _)| value))
            }
        }
    };
}

located_fields!(String, accepts: is_text, read: text);

/// A whole number within the row's range.
fn integer(r: &mut Reader, t: &Table, key: &Key) -> Option<Located<i64>> {
    let Kind::Integer { min, max, what } = key.kind else {
        return None;
    };
    let (n, span) = t.integer(r, key.name)?;
    if !(min..=max).contains(&n) {
        r.error(
            &span,
            format!("\"{}\" moet {what} tussen {min} en {max} zijn", key.name),
        );
        return None;
    }
    Some((n, span))
}

impl FieldValue for Option<u32> {
    type Read = Option<Located<u32>>;
    fn accepts(kind: &Kind) -> bool {
        matches!(kind, Kind::Integer { min, max, .. } if *min >= 0 && *max <= i64::from(u32::MAX))
    }
    fn read(r: &mut Reader, t: &Table, key: &'static Key) -> Self::Read {
        let (n, span) = integer(r, t, key)?;
        Some((u32::try_from(n).ok()?, span))
    }
    fn finish(read: Self::Read) -> Option<Self> {
        Some(read.map(|(n, _)| n))
    }
}

impl FieldValue for Option<i64> {
    type Read = Option<Located<i64>>;
    fn accepts(kind: &Kind) -> bool {
        matches!(kind, Kind::Integer { .. })
    }
    fn read(r: &mut Reader, t: &Table, key: &'static Key) -> Self::Read {
        integer(r, t, key)
    }
    fn finish(read: Self::Read) -> Option<Self> {
        Some(read.map(|(n, _)| n))
    }
}

impl FieldValue for Option<bool> {
    type Read = Option<bool>;
    fn accepts(kind: &Kind) -> bool {
        matches!(kind, Kind::Boolean)
    }
    fn read(r: &mut Reader, t: &Table, key: &'static Key) -> Self::Read {
        t.boolean(r, key.name)
    }
    fn finish(read: Self::Read) -> Option<Self> {
        Some(read)
    }
}

fn date(r: &mut Reader, t: &Table, key: &Key) -> Option<Located<Date>> {
    if key.required && t.get(key.name).is_none() {
        t.missing(r, key.name, "2026-09-01");
        return None;
    }
    t.date(r, key.name)
}

located_fields!(Date, accepts: |kind: &Kind| matches!(kind, Kind::Date), read: date);

/// `stappen`: each step a text (nobody named) or a table with `wie` and
/// `wat`. Every problem of every step is reported at the step.
impl FieldValue for Vec<crate::model::Stap> {
    type Read = Vec<crate::model::Stap>;
    fn accepts(kind: &Kind) -> bool {
        matches!(kind, Kind::Steps(_))
    }
    fn read(r: &mut Reader, t: &Table, key: &'static Key) -> Self::Read {
        let Kind::Steps(spec) = key.kind else {
            return Vec::new();
        };
        let Some(items) = t.items(r, key.name, "[{ wie = \"poh\", wat = \"…\" }, \"…\"]")
        else {
            return Vec::new();
        };
        let mut steps = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                toml::de::DeValue::Table(table) => {
                    let step = Table {
                        table,
                        span: item.span(),
                        name: spec.name,
                    };
                    steps.extend(crate::model::Stap::read(r, &step, spec));
                }
                _ => {
                    // A plain text step: the same checks as any text list.
                    if let Some(text) = t.list_item(r, key.name, item) {
                        steps.push(crate::model::Stap {
                            wie: None,
                            wat: text,
                        });
                    }
                }
            }
        }
        steps
    }
    fn finish(read: Self::Read) -> Option<Self> {
        Some(read)
    }
}

impl FieldValue for Vec<String> {
    type Read = Vec<Located<String>>;
    fn accepts(kind: &Kind) -> bool {
        matches!(kind, Kind::TextList | Kind::UrlList)
    }
    fn read(r: &mut Reader, t: &Table, key: &'static Key) -> Self::Read {
        if matches!(key.kind, Kind::UrlList) {
            return url_list(r, t, key);
        }
        t.string_list(r, key.name).unwrap_or_default()
    }
    fn finish(read: Self::Read) -> Option<Self> {
        Some(read.into_iter().map(|(s, _)| s).collect())
    }
}

/// A list of web addresses: each must pass [`super::formats::check_url`],
/// and a required list must be present and name at least one, so that a
/// reader can always find where a fact comes from.
fn url_list(r: &mut Reader, t: &Table, key: &Key) -> Vec<Located<String>> {
    let name = key.name;
    let Some(value) = t.get(name) else {
        if key.required {
            t.missing(r, name, key.example);
        }
        return Vec::new();
    };
    let span = value.span();
    let urls = t.string_list(r, name).unwrap_or_default();
    let mut out = Vec::with_capacity(urls.len());
    for (url, at) in urls {
        match super::formats::check_url(&url) {
            Ok(()) => out.push((url, at)),
            Err(why) => {
                r.error(
                    &at,
                    format!(
                        "\"{url}\" in \"{}\" is geen geldig webadres",
                        t.key_name(name)
                    ),
                )
                .hint = Some(why);
            }
        }
    }
    if key.required && value.get_ref().as_array().is_some_and(|a| a.is_empty()) {
        r.error(&span, format!("\"{}\" is leeg", t.key_name(name)))
            .hint = Some(format!(
            "noem minstens één webadres, bijvoorbeeld {name} = {}",
            key.example
        ));
    }
    out
}

/// One vocabulary value; a required one that is absent is reported with
/// the vocabulary's first value as example.
fn vocab<V: Vocabulary>(r: &mut Reader, t: &Table, key: &Key) -> Option<V> {
    match key.kind {
        Kind::Vocab(_) => {
            if key.required && t.get(key.name).is_none() {
                let first = V::ALL.first().map_or("", |v| v.id());
                t.missing(r, key.name, &format!("\"{first}\""));
                return None;
            }
            t.vocab(r, key.name)
        }
        // A table that holds just one value: `[erkenning] niveau = "…"`.
        Kind::Table(spec) => {
            let inner = single_vocab(spec)?;
            let sub = sub_table(r, t, key, spec)?;
            sub.check_keys(r, spec);
            vocab(r, &sub, inner)
        }
        _ => None,
    }
}

/// The one vocabulary key of a table that holds just that key.
fn single_vocab(spec: &'static TableSpec) -> Option<&'static Key> {
    match spec.rows {
        [only] if matches!(only.kind, Kind::Vocab(_)) => Some(only),
        _ => None,
    }
}

/// Whether `kind` holds values of the vocabulary `V`.
#[cfg_attr(not(test), allow(dead_code))]
fn accepts_vocab<V: Vocabulary>(kind: &Kind) -> bool {
    match kind {
        Kind::Vocab(terms) => terms() == super::keys::terms::<V>(),
        Kind::Table(spec) => single_vocab(spec).is_some_and(|k| accepts_vocab::<V>(&k.kind)),
        _ => false,
    }
}

/// A list of vocabulary values. A required list must name at least one:
/// absent or empty is reported, and the table fails.
fn vocab_list<V: Vocabulary + PartialEq>(r: &mut Reader, t: &Table, key: &Key) -> Option<Vec<V>> {
    let values = t.vocab_list::<V>(r, key.name);
    if !key.required {
        return Some(values);
    }
    let first = V::ALL.first().map_or("", |v| v.id());
    let name = key.name;
    match t.get(name) {
        None => {
            let span = t.span.clone();
            r.error(
                &span,
                format!("\"{}\" ontbreekt {}", t.key_name(name), t.where_()),
            )
            .hint = Some(format!(
                "voeg toe: {name} = [\"{first}\"]; kies uit: {}",
                V::allowed()
            ));
        }
        Some(v) if v.get_ref().as_array().is_some_and(|a| a.is_empty()) => {
            // "onbekend thema" names one value: "thema".
            let noun = V::UNKNOWN
                .strip_prefix("onbekende ")
                .or_else(|| V::UNKNOWN.strip_prefix("onbekend "))
                .unwrap_or(V::UNKNOWN);
            r.error(&v.span(), format!("\"{}\" is leeg", t.key_name(name)))
                .hint = Some(format!(
                "noem minstens één {noun}, bijvoorbeeld {name} = [\"{first}\"]"
            ));
        }
        _ => {}
    }
    (!values.is_empty()).then_some(values)
}

/// [`FieldValue`] for each vocabulary: one value, an optional one, a list.
macro_rules! vocab_fields {
    ($($vocab:ident),+) => {$(
        impl FieldValue for $vocab {
            type Read = Option<$vocab>;
            fn accepts(kind: &Kind) -> bool {
                accepts_vocab::<$vocab>(kind)
            }
            fn read(r: &mut Reader, t: &Table, key: &'static Key) -> Self::Read {
                vocab(r, t, key)
            }
            fn finish(read: Self::Read) -> Option<Self> {
                read
            }
        }

        impl FieldValue for Option<$vocab> {
            type Read = Option<$vocab>;
            fn accepts(kind: &Kind) -> bool {
                accepts_vocab::<$vocab>(kind)
            }
            fn read(r: &mut Reader, t: &Table, key: &'static Key) -> Self::Read {
                vocab(r, t, key)
            }
            fn finish(read: Self::Read) -> Option<Self> {
                Some(read)
            }
        }

        impl FieldValue for Vec<$vocab> {
            type Read = Option<Vec<$vocab>>;
            fn accepts(kind: &Kind) -> bool {
                matches!(kind, Kind::VocabList(terms) if terms() == super::keys::terms::<$vocab>())
            }
            fn read(r: &mut Reader, t: &Table, key: &'static Key) -> Self::Read {
                vocab_list(r, t, key)
            }
            fn absent() -> Self::Read {
                Some(Vec::new())
            }
            fn finish(read: Self::Read) -> Option<Self> {
                read
            }
        }
    )+};
}

vocab_fields!(
    Papier,
    Thema,
    Vorm,
    VergoedingSoort,
    Verwijzing,
    Erkenning,
    Aandoening,
    Wie
);

/// The sub-table of a `Table` row; a required one that is absent is reported.
pub(crate) fn sub_table<'t, 'i>(
    r: &mut Reader,
    t: &Table<'t, 'i>,
    key: &Key,
    spec: &'static TableSpec,
) -> Option<Table<'t, 'i>> {
    if key.required {
        t.required_table(r, key.name, spec.name)
    } else {
        t.table(r, key.name, spec.name)
    }
}
