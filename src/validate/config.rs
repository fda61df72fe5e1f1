//! Validates `menukaart.toml`, the site settings.

use super::fields::{Reader, Table};
use super::{formats, keys, parse_toml};
use crate::diagnostics::{Diagnostics, SourceText};
use crate::model::SiteConfig;

pub fn config(source: &SourceText, diags: &mut Diagnostics) -> Option<SiteConfig> {
    let mut r = Reader::new(source, 0, diags);
    let parsed = parse_toml(&mut r, &source.text)?;
    let root = Table::root(&parsed);
    root.check_keys(&mut r, &keys::CONFIG);
    let defaults = SiteConfig::default();
    let before = r.diags.error_count();
    let titel = root.text(&mut r, "titel").unwrap_or(defaults.titel);
    let base_url = root.checked(&mut r, "base_url", "webadres", formats::check_url);
    let taal = match root.string(&mut r, "taal") {
        Some((taal, span)) if taal != "nl" => {
            r.error(&span, format!("taal \"{taal}\" wordt niet ondersteund"))
                .hint =
                Some("menukaart maakt alleen Nederlandse pagina's: gebruik taal = \"nl\"".into());
            taal
        }
        Some((taal, _)) => taal,
        None => defaults.taal,
    };
    let theme = root
        .checked(&mut r, "theme", "themanaam", formats::check_id)
        .unwrap_or(defaults.theme);
    let controle_maanden = match root.integer(&mut r, "controle_maanden") {
        Some((n, _)) if (1..=120).contains(&n) => n as u32,
        Some((n, span)) => {
            r.error(&span, format!("controle_maanden = {n} kan niet"))
                .hint =
                Some("kies een aantal maanden van 1 tot en met 120; standaard is 12".into());
            defaults.controle_maanden
        }
        None => defaults.controle_maanden,
    };
    if r.diags.error_count() > before {
        return None;
    }
    Some(SiteConfig {
        titel,
        base_url: base_url.map(normalize_base_url),
        taal,
        theme,
        controle_maanden,
    })
}

/// Base URLs always end in `/`, so page paths can be appended.
pub fn normalize_base_url(url: String) -> String {
    if url.ends_with('/') {
        url
    } else {
        url + "/"
    }
}
