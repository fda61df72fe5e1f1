//! Checks for the shape of single values: web addresses, e-mail addresses
//! and Dutch phone numbers (and ids, from [`crate::names`]). Each returns a
//! Dutch hint on failure.

/// Ids and slugs follow one rule with the theme names; it lives in
/// [`crate::names`] because the site and the scaffold need it too.
pub use crate::names::check_id;

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

/// The address the site is published at: a web address (see
/// [`check_url`]) that page paths can be appended to. A query, a fragment
/// or a user name with password would end up in every QR code and sitemap
/// entry (`…?x=1zorggroep-…/`), so none is allowed.
pub fn check_base_url(url: &str) -> Result<(), String> {
    check_url(url)?;
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or("");
    if authority.contains('@') {
        return Err(
            "zet geen gebruikersnaam of wachtwoord in het webadres van de site (niets met @ vóór de domeinnaam)"
                .into(),
        );
    }
    if url.contains(['?', '#']) {
        return Err(
            "het webadres van de site mag geen ? of # bevatten; gebruik alleen het adres van de map, zoals https://menukaart.example.nl/"
                .into(),
        );
    }
    Ok(())
}

/// A repository as `eigenaar/naam`: two parts of letters, digits, `-`,
/// `_` and `.`, as every forge allows; nothing that could leave the forge's
/// address (no `..`, no third part).
pub fn check_repo(repo: &str) -> Result<(), String> {
    let part_ok = |p: &str| {
        !p.is_empty()
            && p != "."
            && p != ".."
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    match repo.split_once('/') {
        Some((owner, name)) if part_ok(owner) && part_ok(name) => Ok(()),
        _ => Err(
            "schrijf de repository als eigenaar/naam, bijvoorbeeld \"zorggroep/menukaart\"".into(),
        ),
    }
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
/// A Dutch postcode as "5341 AB" (the space may be left out).
pub fn check_postcode(postcode: &str) -> Result<(), String> {
    let compact: Vec<char> = postcode.chars().filter(|c| *c != ' ').collect();
    let ok = compact.len() == 6
        && compact[0] != '0'
        && compact[..4].iter().all(char::is_ascii_digit)
        && compact[4..].iter().all(char::is_ascii_uppercase)
        && postcode.len() <= 7;
    if ok {
        Ok(())
    } else {
        Err("schrijf een postcode als vier cijfers en twee hoofdletters, zoals 5341 AB".to_string())
    }
}

/// Eight digits, as AGB codes and KvK numbers are.
fn eight_digits(value: &str, what: &str) -> Result<(), String> {
    if value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!("{what} bestaat uit precies 8 cijfers, zonder spaties of punten, bijvoorbeeld \"12345678\""))
    }
}

pub fn check_agb(agb: &str) -> Result<(), String> {
    eight_digits(agb, "een AGB-code")
}

pub fn check_kvk(kvk: &str) -> Result<(), String> {
    eight_digits(kvk, "een KvK-nummer")
}

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
