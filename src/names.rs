//! Names that become part of a path: intervention ids, region slugs,
//! theme names and the gemeente folders of the routes pages.
//!
//! Validation checks them, the scaffold and the routes pages make them from
//! free text, and the theme loader refuses bad ones; one rule for all keeps
//! a name from ever leaving `output/` or overwriting a page of the site.

/// Names menukaart uses itself in the output (folders at the top of the
/// site and inside a region's folder), and the names Windows reserves for
/// devices: an id or slug with one of these names would overwrite a page
/// of the site or could not be copied to a Windows web server.
pub(crate) const RESERVED: &[&str] = &[
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
}
