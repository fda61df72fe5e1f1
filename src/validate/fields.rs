//! Reading typed values out of a parsed TOML table, collecting every problem.
//!
//! serde would stop at the first wrong value and speak English; users need
//! all problems of a file at once, in Dutch, with line and column. So the
//! validators walk toml's spanned tree through this small reader instead.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostics::{closest, Diagnostic, Diagnostics, Location, SourceText};
use crate::vocab::Vocabulary;

/// Where values are read from, and where problems go.
pub struct Reader<'s> {
    pub source: &'s SourceText,
    /// Offset of the parsed TOML inside the file (front matter starts after `+++`).
    pub base: usize,
    pub diags: &'s mut Diagnostics,
}

impl<'s> Reader<'s> {
    /// A reader for TOML that starts at byte `base` of `source`.
    pub fn new(source: &'s SourceText, base: usize, diags: &'s mut Diagnostics) -> Self {
        Reader {
            source,
            base,
            diags,
        }
    }

    pub fn location(&self, span: &Range<usize>) -> Location {
        self.source.span_location(self.base, span)
    }

    pub fn error(&mut self, span: &Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        let at = self.location(span);
        self.diags.push(Diagnostic::error(Some(at), message));
        self.last()
    }

    pub fn warning(&mut self, span: &Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        let at = self.location(span);
        self.diags.push(Diagnostic::warning(Some(at), message));
        self.last()
    }

    fn last(&mut self) -> &mut Diagnostic {
        // `push` was called just before; the collection cannot be empty.
        self.diags.last_mut().expect("a diagnostic was just pushed")
    }
}

/// A TOML table together with its dotted name, for messages.
#[derive(Clone)]
pub struct Table<'t, 'i> {
    pub table: &'t DeTable<'i>,
    pub span: Range<usize>,
    pub name: &'t str,
}

/// A value as it was read, with the place it was written.
pub type Located<T> = (T, Range<usize>);

/// How every example text that `menukaart new` writes begins; a text that
/// still contains it is an error, so an example is never published.
pub const PLACEHOLDER: &str = "Vul hier";

impl<'t, 'i> Table<'t, 'i> {
    pub fn root(table: &'t Spanned<DeTable<'i>>) -> Self {
        Table {
            table: table.get_ref(),
            span: table.span(),
            name: "",
        }
    }

    pub(crate) fn key_name(&self, key: &str) -> String {
        if self.name.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.name)
        }
    }

    pub(crate) fn where_(&self) -> String {
        if self.name.is_empty() {
            "bovenaan het bestand".to_string()
        } else {
            format!("in [{}]", self.name)
        }
    }

    pub fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    /// Reports every key that `spec` does not list, with a "bedoelde u"
    /// hint. The same tables generate the JSON Schemas ([`super::keys`]).
    pub(crate) fn check_keys(&self, r: &mut Reader, spec: &super::keys::TableSpec) {
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if spec.get(name).is_some() {
                continue;
            }
            let message = format!("onbekende sleutel \"{name}\" {}", self.where_());
            let hint = match closest(name, spec.names()) {
                Some(best) => format!("bedoelde u \"{best}\"?"),
                None => format!(
                    "toegestaan zijn: {}",
                    spec.names().collect::<Vec<_>>().join(", ")
                ),
            };
            r.error(&key.span(), message).hint = Some(hint);
        }
    }

    pub(crate) fn missing(&self, r: &mut Reader, key: &str, example: &str) {
        // A misspelled key is reported once, as unknown with a "bedoelde u"
        // hint; saying that the right key is missing as well is noise.
        let misspelled = self.table.iter().any(|(k, _)| {
            k.get_ref().as_ref() != key && closest(k.get_ref(), std::iter::once(key)).is_some()
        });
        if misspelled {
            return;
        }
        let span = self.span.clone();
        r.error(
            &span,
            format!("\"{}\" ontbreekt {}", self.key_name(key), self.where_()),
        )
        .hint = Some(format!("voeg toe: {key} = {example}"));
    }

    /// A value of the wrong kind. Where the value itself shows what was
    /// meant (`"18"` for a number, `ja` for a yes/no, one text for a list),
    /// the hint is the corrected line, so following it cannot fail; where
    /// it does not, the hint is an example and says so.
    fn wrong_type(
        &self,
        r: &mut Reader,
        key: &str,
        value: &Spanned<DeValue>,
        want: Kind,
        example: &str,
    ) {
        let span = value.span();
        let hint = match want.fix(value.get_ref()) {
            Some(fixed) => format!("schrijf het zo: {key} = {fixed}"),
            None => format!("bijvoorbeeld: {key} = {example}"),
        };
        r.error(
            &span,
            format!("\"{}\" moet {} zijn", self.key_name(key), want.described()),
        )
        .hint = Some(hint);
    }

    /// The example text `menukaart new` writes, still there: it must not
    /// be published, so it is an error until the user replaces it.
    fn placeholder(&self, r: &mut Reader, key: &str, text: &str, span: &Range<usize>) {
        r.error(
            span,
            format!(
                "\"{}\" heeft nog de voorbeeldtekst: \"{}\"",
                self.key_name(key),
                text.trim()
            ),
        )
        .hint = Some("vervang de tekst tussen de aanhalingstekens door uw eigen tekst".into());
    }

    /// A non-empty text, trimmed.
    pub fn string(&self, r: &mut Reader, key: &str) -> Option<Located<String>> {
        let value = self.get(key)?;
        match value.get_ref() {
            // Reported, yet read: the rules that need the text (such as a
            // required toelichting) then add nothing more.
            DeValue::String(s) if s.contains(PLACEHOLDER) => {
                self.placeholder(r, key, s, &value.span());
                Some((s.trim().to_string(), value.span()))
            }
            DeValue::String(s) if !s.trim().is_empty() => {
                Some((s.trim().to_string(), value.span()))
            }
            DeValue::String(_) => {
                r.error(&value.span(), format!("\"{}\" is leeg", self.key_name(key)))
                    .hint =
                    Some("vul een tekst in, of laat de regel weg als die niet verplicht is".into());
                None
            }
            _ => {
                self.wrong_type(r, key, value, Kind::Text, "\"…\"");
                None
            }
        }
    }

    pub fn integer(&self, r: &mut Reader, key: &str) -> Option<Located<i64>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Integer(i) => {
                match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                    Ok(n) => Some((n, value.span())),
                    Err(_) => {
                        r.error(
                            &value.span(),
                            format!("\"{}\" is te groot", self.key_name(key)),
                        );
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(r, key, value, Kind::Integer, "18");
                None
            }
        }
    }

    pub fn boolean(&self, r: &mut Reader, key: &str) -> Option<bool> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(r, key, value, Kind::Boolean, "false");
                None
            }
        }
    }

    /// A calendar date written as a TOML date (`2026-09-01`, no quotes).
    pub fn date(&self, r: &mut Reader, key: &str) -> Option<Located<time::Date>> {
        let value = self.get(key)?;
        let span = value.span();
        let text = match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => match dt.date {
                Some(d) => {
                    let month = time::Month::try_from(d.month).ok();
                    match month
                        .and_then(|m| time::Date::from_calendar_date(d.year.into(), m, d.day).ok())
                    {
                        Some(date) => return Some((date, span)),
                        None => d.to_string(),
                    }
                }
                None => dt.to_string(),
            },
            DeValue::Datetime(dt) => dt.to_string(),
            DeValue::String(s) => {
                r.error(
                    &span,
                    format!(
                        "\"{}\" moet een datum zonder aanhalingstekens zijn",
                        self.key_name(key)
                    ),
                )
                .hint = Some(match super::syntax::dutch_date(s.trim()) {
                    Some(date) => format!("schrijf het zo: {key} = {}", super::syntax::iso(date)),
                    None => format!(
                        "schrijf de datum als jjjj-mm-dd zonder aanhalingstekens, bijvoorbeeld {key} = 2026-09-01"
                    ),
                });
                return None;
            }
            _ => {
                self.wrong_type(r, key, value, Kind::Date, "2026-09-01");
                return None;
            }
        };
        r.error(
            &span,
            format!("\"{}\" is geen bestaande datum: {text}", self.key_name(key)),
        )
        .hint = Some("schrijf een datum als jjjj-mm-dd, bijvoorbeeld 2026-09-01".into());
        None
    }

    /// A list of non-empty texts. `None` when absent or not a list.
    pub fn string_list(&self, r: &mut Reader, key: &str) -> Option<Vec<Located<String>>> {
        let value = self.get(key)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(r, key, value, Kind::List, "[\"…\", \"…\"]");
            return None;
        };
        Some(
            items
                .iter()
                .filter_map(|item| Some((self.list_item(r, key, item)?, item.span())))
                .collect(),
        )
    }

    /// The items of a list; a value that is not a list is reported with
    /// `example`.
    pub fn items(
        &self,
        r: &mut Reader,
        key: &str,
        example: &str,
    ) -> Option<&'t toml::de::DeArray<'i>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Array(items) => Some(items),
            _ => {
                self.wrong_type(r, key, value, Kind::List, example);
                None
            }
        }
    }

    /// One text of a list: trimmed; an empty text, a placeholder or a value
    /// that is no text is reported at the item (a placeholder is kept, so
    /// that it is reported once and the rest still reads).
    pub fn list_item(
        &self,
        r: &mut Reader,
        key: &str,
        item: &Spanned<DeValue<'_>>,
    ) -> Option<String> {
        match item.get_ref() {
            DeValue::String(s) if s.contains(PLACEHOLDER) => {
                self.placeholder(r, key, s, &item.span());
                Some(s.trim().to_string())
            }
            DeValue::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            DeValue::String(_) => {
                r.error(
                    &item.span(),
                    format!("lege tekst in \"{}\"", self.key_name(key)),
                )
                .hint = Some("haal de lege \"\" uit de lijst".into());
                None
            }
            _ => {
                r.error(
                    &item.span(),
                    format!(
                        "\"{}\" mag alleen tekst tussen aanhalingstekens bevatten",
                        self.key_name(key)
                    ),
                )
                .hint = Some(format!("bijvoorbeeld: {key} = [\"…\", \"…\"]"));
                None
            }
        }
    }

    /// One value from a vocabulary; an unknown value lists the allowed ones.
    pub fn vocab<V: Vocabulary>(&self, r: &mut Reader, key: &str) -> Option<V> {
        let (text, span) = self.string(r, key)?;
        parse_vocab(r, &text, &span)
    }

    /// A list of vocabulary values; duplicates are reported.
    pub fn vocab_list<V: Vocabulary + PartialEq>(&self, r: &mut Reader, key: &str) -> Vec<V> {
        let mut out: Vec<V> = Vec::new();
        for (text, span) in self.string_list(r, key).unwrap_or_default() {
            if let Some(v) = parse_vocab::<V>(r, &text, &span) {
                if out.contains(&v) {
                    r.error(
                        &span,
                        format!("\"{text}\" staat twee keer in \"{}\"", self.key_name(key)),
                    )
                    .hint = Some("haal de dubbele waarde weg".into());
                } else {
                    out.push(v);
                }
            }
        }
        out
    }

    /// A sub-table (`[doelgroep]` or `doelgroep = { … }`).
    pub fn table(&self, r: &mut Reader, key: &str, name: &'t str) -> Option<Table<'t, 'i>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Table(table) => Some(Table {
                table,
                span: value.span(),
                name,
            }),
            _ => {
                r.error(
                    &value.span(),
                    format!("\"{}\" moet een tabel zijn", self.key_name(key)),
                )
                .hint = Some(format!(
                    "begin een regel met [{name}] en zet de gegevens daaronder"
                ));
                None
            }
        }
    }

    pub fn required_table(
        &self,
        r: &mut Reader,
        key: &str,
        name: &'t str,
    ) -> Option<Table<'t, 'i>> {
        if self.get(key).is_none() {
            let span = self.span.clone();
            r.error(&span, format!("de tabel [{name}] ontbreekt")).hint = Some(format!(
                "voeg een regel [{name}] toe met de gegevens daaronder"
            ));
            return None;
        }
        self.table(r, key, name)
    }

    /// An array of tables (`[[gemeente]]`).
    pub fn tables(&self, r: &mut Reader, key: &str, name: &'t str) -> Vec<Table<'t, 'i>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            r.error(
                &value.span(),
                format!(
                    "\"{}\" moet een lijst van tabellen zijn",
                    self.key_name(key)
                ),
            )
            .hint = Some(format!("begin elk blok met een regel [[{name}]]"));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(table) => out.push(Table {
                    table,
                    span: item.span(),
                    name,
                }),
                _ => {
                    r.error(
                        &item.span(),
                        format!(
                            "elk item van \"{}\" moet een tabel zijn",
                            self.key_name(key)
                        ),
                    )
                    .hint = Some(format!("begin elk blok met een regel [[{name}]]"));
                }
            }
        }
        out
    }
}

pub fn parse_vocab<V: Vocabulary>(r: &mut Reader, text: &str, span: &Range<usize>) -> Option<V> {
    if let Some(v) = V::from_id(text) {
        return Some(v);
    }
    let hint = match closest(text, V::ALL.iter().map(|v| v.id())) {
        Some(best) => format!("bedoelde u \"{best}\"? Kies uit: {}", V::allowed()),
        None => format!("kies uit: {}", V::allowed()),
    };
    r.error(span, format!("{} \"{text}\"", V::UNKNOWN)).hint = Some(hint);
    None
}

impl Table<'_, '_> {
    /// A text that must pass `check` (a format from [`super::formats`]).
    pub(crate) fn checked(
        &self,
        r: &mut Reader,
        key: &str,
        what: &str,
        check: fn(&str) -> Result<(), String>,
    ) -> Option<Located<String>> {
        let (text, span) = self.string(r, key)?;
        match check(&text) {
            Ok(()) => Some((text, span)),
            Err(hint) => {
                r.error(
                    &span,
                    format!(
                        "\"{}\" is geen geldig {what}: \"{text}\"",
                        self.key_name(key)
                    ),
                )
                .hint = Some(hint);
                None
            }
        }
    }
}

/// The kind of value a key wants, for [`Table::wrong_type`].
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Integer,
    Boolean,
    Date,
    List,
}

impl Kind {
    fn described(self) -> &'static str {
        match self {
            Kind::Text => "tekst tussen aanhalingstekens",
            Kind::Integer => "een heel getal",
            Kind::Boolean => "true (ja) of false (nee), zonder aanhalingstekens",
            Kind::Date => "een datum (jjjj-mm-dd)",
            Kind::List => "een lijst",
        }
    }

    /// The value as it should have been written, when there is no doubt
    /// what was meant.
    fn fix(self, value: &DeValue) -> Option<String> {
        match (self, value) {
            (Kind::Integer, DeValue::String(s)) => {
                let digits = s.trim();
                digits.parse::<i64>().ok().map(|n| n.to_string())
            }
            (Kind::Integer, DeValue::Float(f)) => f
                .as_str()
                .parse::<f64>()
                .ok()
                .filter(|x| x.fract() == 0.0 && x.abs() < 1e15)
                .map(|x| format!("{}", x as i64)),
            (Kind::Boolean, DeValue::String(s)) => match s.trim().to_lowercase().as_str() {
                "true" | "ja" => Some("true".into()),
                "false" | "nee" => Some("false".into()),
                _ => None,
            },
            (Kind::Text, DeValue::Integer(i)) => Some(quoted(i.as_str())),
            (Kind::Text, DeValue::Float(f)) => Some(quoted(f.as_str())),
            (Kind::Text, DeValue::Boolean(b)) => Some(quoted(&b.to_string())),
            // "VGZ, CZ" was meant as two items, as a list reads aloud.
            (Kind::List, DeValue::String(s)) if !s.trim().is_empty() => {
                let items: Vec<String> = s
                    .split([',', ';'])
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(quoted)
                    .collect();
                Some(format!("[{}]", items.join(", ")))
            }
            _ => None,
        }
    }
}

/// `text` as a TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
