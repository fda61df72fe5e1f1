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
    if id.len() > MAX_ID {
        return Err(format!(
            "deze naam is {} tekens lang; gebruik er hoogstens {MAX_ID}, bijvoorbeeld \"{}\"",
            id.chars().count(),
            suggest_id(id)
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

/// The longest id or slug: a file name of its own (`<id>.md`) and a
/// folder in `output/`, well under the 255 bytes file systems allow, and
/// short enough to read in an address.
pub const MAX_ID: usize = 80;

/// Makes a valid id from any name: "Beweegkuur Ëlst" → "beweegkuur-elst".
///
/// Accents go by Unicode decomposition (NFKD), so "Één" typed with a
/// composed "É" and one typed as "E" plus a combining accent both become
/// "een", and "ĳ" becomes "ij". A long name is cut at a hyphen to
/// [`MAX_ID`] characters.
pub fn suggest_id(name: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in name.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.len() > MAX_ID {
        out.truncate(MAX_ID);
        if let Some(cut) = out.rfind('-').filter(|&i| i > MAX_ID / 2) {
            out.truncate(cut);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_and_composed_accents_give_the_same_id() {
        let composed = "\u{00C9}\u{00E9}n beweegkuur";
        let decomposed = "E\u{0301}e\u{0301}n beweegkuur";
        assert_eq!(suggest_id(composed), "een-beweegkuur");
        assert_eq!(suggest_id(decomposed), "een-beweegkuur");
        assert_eq!(suggest_id("IJsselland \u{0133}s"), "ijsselland-ijs");
    }

    #[test]
    fn long_names_give_ids_that_fit_a_file_name() {
        let name = "Beweegprogramma ".repeat(28);
        let id = suggest_id(&name);
        assert!(id.len() <= MAX_ID && id.len() > MAX_ID / 2, "{id}");
        assert!(check_id(&id).is_ok());
        assert!(!id.ends_with('-'));
        let long = "a".repeat(MAX_ID + 1);
        assert!(check_id(&long).unwrap_err().contains("hoogstens 80"));
    }

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
