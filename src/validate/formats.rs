//! Checks for the shape of single values: ids, web addresses, e-mail
//! addresses and Dutch phone numbers. Each returns a Dutch hint on failure.

/// Names menukaart uses itself in the output (folders at the top of the
/// site and inside a region's folder), and the names Windows reserves for
/// devices: an id or slug with one of these names would overwrite a page
/// of the site or could not be copied to a Windows web server.
pub const RESERVED: &[&str] = &[
    "interventies",
    "verwijsroutes",
    "wijzigingen",
    "static",
    "schema",
    "404",
    "sitemap",
    "index",
    "con",
    "prn",
    "aux",
    "nul",
    "com0",
    "com1",
    "com2",
    "com3",
    "com4",
    "com5",
    "com6",
    "com7",
    "com8",
    "com9",
    "lpt0",
    "lpt1",
    "lpt2",
    "lpt3",
    "lpt4",
    "lpt5",
    "lpt6",
    "lpt7",
    "lpt8",
    "lpt9",
];

/// The one rule for every name that becomes part of a path (intervention
/// ids, region slugs, theme names): lowercase ASCII letters and digits,
/// separated by single hyphens, and none of the [`RESERVED`] names. So no
/// name can hold `/`, `..` or a drive letter, and none collides with a
/// file the site writes itself.
pub fn check_id(id: &str) -> Result<(), String> {
    if RESERVED.contains(&id) {
        return Err(format!(
            "\"{id}\" gebruikt menukaart zelf als naam van een map of bestand (of Windows kent het als apparaat); kies een andere naam, bijvoorbeeld \"{id}-1\""
        ));
    }
    let ok = !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "gebruik alleen kleine letters, cijfers en losse streepjes, bijvoorbeeld \"{}\"",
            suggest_id(id)
        ))
    }
}

/// Makes a valid id from any name: "Beweegkuur Ëlst" → "beweegkuur-elst".
pub fn suggest_id(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(fold_diacritic) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "naam".to_string()
    } else if RESERVED.contains(&out.as_str()) {
        out + "-1"
    } else {
        out
    }
}

/// Folds the accented letters Dutch uses to their plain ASCII letter.
fn fold_diacritic(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => "a",
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => "A",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'É' | 'È' | 'Ê' | 'Ë' => "E",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'Í' | 'Ì' | 'Î' | 'Ï' => "I",
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => "o",
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => "O",
        'ú' | 'ù' | 'û' | 'ü' => "u",
        'Ú' | 'Ù' | 'Û' | 'Ü' => "U",
        'ç' => "c",
        'Ç' => "C",
        'ñ' => "n",
        'Ñ' => "N",
        'ĳ' => "ij",
        'Ĳ' => "IJ",
        _ => "",
    };
    let single = if folded.is_empty() { Some(c) } else { None };
    folded.chars().chain(single)
}

/// A web address users can click: http(s), a host with a dot, no spaces.
pub fn check_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Err(
            "een webadres begint met https://, bijvoorbeeld https://www.example.nl/".into(),
        );
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    let host_ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    if !host_ok {
        return Err("na https:// moet een domeinnaam komen, zoals www.example.nl".into());
    }
    if url.chars().any(char::is_whitespace) {
        return Err("een webadres mag geen spaties bevatten".into());
    }
    Ok(())
}

/// An e-mail address: one `@`, a domain with a dot, no spaces.
pub fn check_email(email: &str) -> Result<(), String> {
    let hint = || "schrijf een e-mailadres als naam@example.nl".to_string();
    let (local, domain) = email.split_once('@').ok_or_else(hint)?;
    let ok = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c == ',' || c == ';');
    if ok {
        Ok(())
    } else {
        Err(hint())
    }
}

/// A Dutch phone number: 10 digits starting with 0, `+31` with 9 digits, or
/// an 0800/0900 service number. Spaces, hyphens and brackets are allowed.
pub fn check_phone(phone: &str) -> Result<(), String> {
    let hint = || {
        "schrijf een Nederlands nummer van 10 cijfers, zoals 0000-000000 of +31 00 0000000"
            .to_string()
    };
    if phone
        .chars()
        .any(|c| !(c.is_ascii_digit() || " -()+".contains(c)))
    {
        return Err(hint());
    }
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let ok = if let Some(rest) = phone.trim().strip_prefix('+') {
        rest.starts_with("31") && digits.len() == 11 && !phone[1..].contains('+')
    } else if digits.starts_with("0800") || digits.starts_with("090") {
        (digits.len() == 8 || digits.len() == 11) && !phone.contains('+')
    } else {
        digits.starts_with('0') && digits.len() == 10 && !phone.contains('+')
    };
    if ok {
        Ok(())
    } else {
        Err(hint())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(check_id("gli-cool").is_ok());
        assert!(check_id("a1").is_ok());
        for bad in [
            "Gli",
            "gli--cool",
            "-gli",
            "gli-",
            "gli_cool",
            "",
            "..",
            "../x",
            "/etc",
            "a/b",
            "verwijsroutes",
            "interventies",
            "con",
            "nul",
            "com1",
            "404",
        ] {
            assert!(check_id(bad).is_err(), "{bad}");
        }
        assert_eq!(suggest_id("Beweegkuur Ëlst"), "beweegkuur-elst");
        assert_eq!(suggest_id("  Café — één!  "), "cafe-een");
        assert_eq!(suggest_id("Verwijsroutes"), "verwijsroutes-1");
        assert!(check_id(&suggest_id("CON")).is_ok());
    }

    #[test]
    fn phones() {
        for ok in [
            "0000-000000",
            "000 000 0000",
            "+31 00 0000000",
            "0800-0000",
            "(000) 0000000",
        ] {
            assert!(check_phone(ok).is_ok(), "{ok}");
        }
        for bad in [
            "12345",
            "0000-00000",
            "+32 00 0000000",
            "bel ons",
            "0000-0000000",
        ] {
            assert!(check_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls_and_emails() {
        assert!(check_url("https://www.example.nl/pad?q=1").is_ok());
        assert!(check_url("www.example.nl").is_err());
        assert!(check_url("https://example").is_err());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_email("info@example.nl").is_ok());
        assert!(check_email("info@example").is_err());
        assert!(check_email("info example.nl").is_err());
    }
}
