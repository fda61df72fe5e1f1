//! TOML syntax errors in Dutch, with a hint that works when followed.
//!
//! The parser's messages are English ("string values must be quoted,
//! expected literal string"); none of that reaches the user. The message
//! is matched to one of a fixed set of Dutch explanations, and the line
//! the error is on picks a better one for the mistakes people really make:
//! a date in words (`peildatum = 1 oktober 2026`), curly quotes as Word
//! types them, text without quotes. Where the fix is certain, the hint is
//! the corrected line (`schrijf het zo: …`), so following it cannot lead
//! to a second error.

use time::{Date, Month};

/// Curly quotes as word processors type them, which TOML does not read.
const CURLY: &[char] = &['“', '”', '„', '‟', '‘', '’', '‚', '‛', '″', '«', '»'];

/// A syntax error as the user reads it: (message, hint).
pub(crate) fn explain(english: &str, line: &str) -> (String, String) {
    let assignment = line.split_once('=').and_then(|(key, value)| {
        let key = key.trim();
        let simple = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        simple.then(|| (key, value.trim()))
    });
    if line.contains(CURLY) {
        let message = "hier staan gekrulde aanhalingstekens (“ ” of ‘ ’), zoals Word ze typt; \
                       TOML leest alleen rechte aanhalingstekens (\")"
            .to_string();
        let hint = match assignment.and_then(|(key, value)| straight(value).map(|v| (key, v))) {
            Some((key, value)) => format!("schrijf het zo: {key} = {value}"),
            None => "vervang elk gekruld aanhalingsteken door een recht: \"".to_string(),
        };
        return (message, hint);
    }
    if let Some((key, value)) = assignment {
        if let Some(date) = dutch_date(value.trim_matches(['"', '\''])) {
            return (
                format!("\"{key}\" is een datum; schrijf die als jaar-maand-dag"),
                format!("schrijf het zo: {key} = {}", iso(date)),
            );
        }
    }
    let description = english.split(", expected").next().unwrap_or("").trim();
    let (message, hint) = translate(description);
    let hint = match (description, assignment) {
        ("string values must be quoted", Some((key, value)))
            if !value.is_empty() && !value.contains(['"', '\'']) =>
        {
            format!("schrijf het zo: {key} = \"{value}\"")
        }
        _ => hint.to_string(),
    };
    (message.to_string(), hint)
}

/// `value` with curly quotes around it made straight: `“Diëtist”` →
/// `"Diëtist"`. An apostrophe inside (`auto’s`) stays as it is.
fn straight(value: &str) -> Option<String> {
    let is_quote = |c: char| CURLY.contains(&c) || c == '"' || c == '\'';
    let inner = value.strip_prefix(is_quote)?.strip_suffix(is_quote)?;
    if inner.contains(['"', '\\', '“', '”', '„']) {
        return None;
    }
    Some(format!("\"{inner}\""))
}

/// The Dutch message and hint for the parser's description of an error.
fn translate(description: &str) -> (&'static str, &'static str) {
    const TEXT: &str =
        "zet tekst tussen rechte aanhalingstekens \"…\" en sluit ze op dezelfde regel af";
    const LINE: &str =
        "elke regel is: sleutel = waarde; tekst staat tussen \"…\", een lijst tussen [ ]";
    const LIST: &str = "schrijf een lijst als [\"a\", \"b\"], met komma's ertussen";
    const NUMBER: &str = "schrijf een getal als 12, zonder punt, spatie of aanhalingstekens";
    const COMMENT: &str = "begin een uitleg-regel met # en zet daarin gewone tekst";
    let d = description.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| d.contains(w));
    if has(&["duplicate key"]) {
        (
            "deze sleutel staat twee keer in dezelfde tabel",
            "haal een van de twee weg",
        )
    } else if has(&["string values must be quoted"]) {
        ("tekst moet tussen aanhalingstekens staan", TEXT)
    } else if has(&["opening quote"]) {
        (
            "hier ontbreekt het aanhalingsteken aan het begin van de tekst",
            TEXT,
        )
    } else if has(&[
        "closing quote",
        "unclosed string",
        "basic string",
        "literal string",
    ]) {
        (
            "hier ontbreekt het aanhalingsteken aan het eind van de tekst",
            TEXT,
        )
    } else if has(&["escape", "unicode"]) {
        (
            "na een \\ in tekst staat een teken dat TOML niet kent",
            "schrijf \\\\ voor één \\, of zet de tekst tussen enkele aanhalingstekens '…'",
        )
    } else if has(&["unclosed array table"]) {
        (
            "de kop van dit blok wordt niet afgesloten met ]]",
            "schrijf de kop als [[naam]]",
        )
    } else if has(&["unclosed table", "table open"]) {
        (
            "de kop van deze tabel wordt niet afgesloten met ]",
            "schrijf de kop als [naam]",
        )
    } else if has(&["unclosed inline table", "inline table"]) {
        (
            "de tabel tussen { } klopt niet",
            "schrijf een tabel op één regel als { naam = \"…\", email = \"…\" }",
        )
    } else if has(&[
        "comma between array",
        "unclosed array",
        "array opening",
        "extra comma in array",
        "`=` in array",
    ]) {
        ("deze lijst klopt niet", LIST)
    } else if has(&[
        "assignment between",
        "key with no value",
        "missing value",
        "extra `=`",
        "extra assignment",
    ]) {
        ("deze regel heeft niet de vorm sleutel = waarde", LINE)
    } else if has(&["unquoted key", "keys cannot", "invalid key"]) {
        (
            "deze sleutel kan TOML niet lezen",
            "een sleutel heeft alleen letters, cijfers, _ en -, zoals laatst_gecontroleerd",
        )
    } else if has(&["comment"]) {
        ("deze uitleg-regel klopt niet", COMMENT)
    } else if has(&["carriage return"]) {
        (
            "hier staat een los regeleinde-teken",
            "sla het bestand op met gewone regeleinden (LF of CRLF)",
        )
    } else if has(&[
        "date", "time", "year", "month", "day", "hour", "minute", "second", "offset",
    ]) {
        (
            "dit is geen bestaande datum",
            "schrijf een datum als jjjj-mm-dd, bijvoorbeeld 2026-09-01, zonder aanhalingstekens",
        )
    } else if has(&[
        "digit", "zero", "sign", "radix", "prefix", "integer", "number", "`_`",
    ]) {
        ("dit getal kan TOML niet lezen", NUMBER)
    } else if has(&["recurs"]) {
        ("hier staan te veel lijsten of tabellen in elkaar", LIST)
    } else {
        ("de TOML-opmaak klopt hier niet", LINE)
    }
}

/// A date as people write it: `1 oktober 2026`, `1 okt. 2026`,
/// `1-10-2026`, `01/10/2026`, `1.10.2026`, and `2026/10/01` or `2026-10-1`.
/// `None` when it is not a date that exists.
pub(crate) fn dutch_date(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '.'))
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| -> Option<u32> {
        (s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (day, month, year) = match (number(a), number(b), number(c)) {
        (Some(y), Some(m), Some(d)) if a.len() == 4 => (d, m, y),
        (Some(d), Some(m), Some(y)) if c.len() == 4 => (d, m, y),
        (Some(d), None, Some(y)) if c.len() == 4 => (d, month_name(b)?, y),
        _ => return None,
    };
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

/// `oktober`, `okt`, `Okt.` → 10.
fn month_name(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let name = name.trim_end_matches('.').to_lowercase();
    if name.is_empty() {
        return None;
    }
    let abbreviation = |full: &str| name.len() >= 3 && full.starts_with(&name);
    MONTHS
        .iter()
        .position(|full| *full == name || abbreviation(full) || (name == "mrt" && *full == "maart"))
        .map(|i| i as u32 + 1)
}

/// `2026-10-01`, as TOML writes a date.
pub(crate) fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_people_write_them() {
        for text in [
            "1 oktober 2026",
            "1 okt 2026",
            "1 Okt. 2026",
            "1-10-2026",
            "01/10/2026",
            "1.10.2026",
            "2026/10/01",
            "2026-10-1",
        ] {
            assert_eq!(
                dutch_date(text).map(iso).as_deref(),
                Some("2026-10-01"),
                "{text}"
            );
        }
        assert_eq!(
            dutch_date("3 mrt 2027").map(iso).as_deref(),
            Some("2027-03-03")
        );
        for text in [
            "31 februari 2026",
            "oktober 2026",
            "1 2 3",
            "1 ok 2026",
            "13-13-2026",
            "",
        ] {
            assert_eq!(dutch_date(text), None, "{text}");
        }
    }

    #[test]
    fn no_english_reaches_the_user() {
        for english in [
            "string values must be quoted, expected literal string",
            "missing opening quote, expected `\"`",
            "invalid unquoted key, expected letters, numbers, `-`, `_`",
            "whatever a new parser version says",
        ] {
            let (message, hint) = explain(english, "x = y z");
            assert!(!message.contains("expected") && !hint.contains("expected"));
        }
    }

    #[test]
    fn curly_quotes_become_straight_but_apostrophes_stay() {
        let (_, hint) = explain("missing opening quote", "naam = “Auto’s en fietsen”");
        assert_eq!(hint, "schrijf het zo: naam = \"Auto’s en fietsen\"");
    }
}
