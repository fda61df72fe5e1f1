//! Validates `menukaart.toml`, the site settings: every key may be left
//! out, and then its default from [`SiteConfig::default`] applies.

use super::fields::{Reader, Table};
use super::keys::required;
use super::keys::{key, terms, Kind, TableSpec};
use super::parse_toml;
use super::section::table_field;
use super::section::{read_field, section};
use crate::diagnostics::{Diagnostics, SourceText};
use crate::model::{Beheer, SiteConfig};
use crate::vocab::Papier;

/// `menukaart.toml`.
pub(crate) static CONFIG: TableSpec = TableSpec {
    name: "",
    description: "Instellingen van de hele site (menukaart.toml).",
    rows: SiteConfig::KEYS,
    variant: None,
    at_least_one: &[],
};

section! {
    impl SiteConfig {
        fn read(r, t, spec, defaults: SiteConfig);
        keys {
            titel: key(Kind::Text, "Titel van de site, bovenaan elke pagina en op de placemats. Standaard: \"Menukaart leefstijl\".")
                => read |key| Some(read_field::<Option<String>>(r, t, key).flatten().unwrap_or(defaults.titel)),
            base_url: key(Kind::Url, "Webadres waar de site komt te staan, bijvoorbeeld \"https://menukaart.example.nl/\". Nodig voor sitemap.xml en de QR-codes op de placemats.")
                => read |key| read_field::<Option<String>>(r, t, key).and_then(|url| {
                    // A text by now (a wrong kind is reported by read_field).
                    let span = url.as_ref().and_then(|_| t.string(r, key.name)).map(|(_, s)| s);
                    if let (Some(text), Some(span)) = (&url, span) {
                        if let Err(hint) = super::formats::check_base_url(text) {
                            r.error(&span, format!("base_url \"{text}\" kan niet het adres van de site zijn"))
                                .hint = Some(hint);
                            return None;
                        }
                    }
                    Some(url.map(normalize_base_url))
                }),
            taal: key(Kind::OneOf(&["nl"]), "Taal van de pagina's. Alleen \"nl\" (Nederlands) wordt ondersteund.")
                => read |key| Some(match t.string(r, key.name) {
                    Some((taal, span)) if taal != "nl" => {
                        r.error(&span, format!("taal \"{taal}\" wordt niet ondersteund"))
                            .hint =
                            Some("menukaart maakt alleen Nederlandse pagina's: gebruik taal = \"nl\"".into());
                        taal
                    }
                    Some((taal, _)) => taal,
                    None => defaults.taal,
                }),
            theme: key(Kind::Name("themanaam"), "Naam van het thema (de opmaak) voor de hele site. Standaard: \"default\". Een eigen thema staat in themes/<naam>/.")
                => read |key| Some(read_field::<Option<String>>(r, t, key).flatten().unwrap_or(defaults.theme)),
            controle_maanden: key(Kind::Integer { min: 1, max: 120, what: "een aantal maanden" }, "Na hoeveel maanden gegevens als verouderd gelden. check en build waarschuwen als laatst_gecontroleerd van een interventie, of de peildatum van een zorggroep zonder geldig_tot, ouder is. Standaard: 12.")
                => read |key| Some(match t.integer(r, key.name) {
                    Some((n, _)) if (1..=120).contains(&n) => n as u32,
                    Some((n, span)) => {
                        r.error(&span, format!("controle_maanden = {n} kan niet"))
                            .hint =
                            Some("kies een aantal maanden van 1 tot en met 120; standaard is 12".into());
                        defaults.controle_maanden
                    }
                    None => defaults.controle_maanden,
                }),
            beheer: key(Kind::Table(&BEHEER), "Beheer van de gegevens in de browser (een CMS op /beheer/). Laat weg als u de bestanden zelf bewerkt; zonder [beheer] maakt build geen beheerpagina."),
            placemat: key(Kind::VocabList(terms::<Papier>), "Welke placemats elke zorggroep krijgt, tenzij de zorggroep zelf placemat = [...] noemt: [\"A3\", \"A4\"], [\"A3\"] of [\"A4\"]. Zonder deze regel beide; past de A4 dan niet, dan komt alleen de A3 (met een waarschuwing)."),
            eigen_risico: key(Kind::PerYear, "Het verplichte eigen risico per kalenderjaar, in hele euro's: 2026 = 385. De kostenregel noemt het bedrag van het jaar van de peildatum (landelijke pagina's: het jaar van de build). Ontbreekt dat jaar, dan waarschuwen check en build.")
                => read |key| Some(per_year(r, t, key.name)),
        }
        // Unknown keys are reported, yet the settings still count: only a
        // wrong value stops validation here.
        check counting errors_before {
            if r.diags.error_count() > errors_before {
                return None;
            }
        }
    }
}

/// `[beheer]`.
pub(crate) static BEHEER: TableSpec = TableSpec {
    name: "beheer",
    description:
        "Waar het CMS op /beheer/ de bestanden leest en opslaat: de repository op uw forge.",
    rows: Beheer::KEYS,
    variant: None,
    at_least_one: &[],
};

/// The forges the CMS can save to; `gitea` also serves Forgejo.
pub const BACKENDS: &[&str] = &["gitea", "github", "gitlab"];

/// The CMS script the admin page loads unless `cms_script` says otherwise:
/// one pinned release, so an update of the CMS never changes a site unseen.
pub const DEFAULT_CMS_SCRIPT: &str = "https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js";

section! {
    impl Beheer {
        fn read(r, t, spec);
        keys {
            backend: required(Kind::OneOf(BACKENDS), "Soort forge waar de bestanden staan: \"gitea\" (ook voor Forgejo), \"github\" of \"gitlab\".").example("\"gitea\""),
            repo: required(Kind::Repo, "De repository op de forge, als eigenaar/naam, bijvoorbeeld \"zorggroep/menukaart\".").example("\"zorggroep/menukaart\""),
            branch: key(Kind::Text, "De branch waarin het CMS opslaat. Standaard: \"main\"."),
            base_url: key(Kind::Url, "Webadres van een eigen forge, bijvoorbeeld \"https://git.example.nl\". Laat weg voor github.com en gitlab.com."),
            cms_script: key(Kind::Url, "Webadres van het CMS-script. Standaard een vaste versie van Sveltia CMS; alleen de beheerpagina laadt dit script."),
        }
    }
}
table_field!(Beheer);

/// `[eigen_risico]`: calendar years (1900 to 2200) with whole euro amounts.
/// A wrong row is reported and left out; the other rows still count.
fn per_year(r: &mut Reader, t: &Table, name: &str) -> std::collections::BTreeMap<i32, u32> {
    use toml::de::DeValue;
    let mut out = std::collections::BTreeMap::new();
    let Some(value) = t.get(name) else {
        return out;
    };
    let DeValue::Table(rows) = value.get_ref() else {
        r.error(&value.span(), format!("\"{name}\" moet een tabel zijn"))
            .hint = Some(format!(
            "schrijf een tabel: [{name}] met daaronder bijvoorbeeld 2026 = 385"
        ));
        return out;
    };
    for (year, amount) in rows.iter() {
        let span = year.span();
        let Some(y) = year
            .get_ref()
            .parse::<i32>()
            .ok()
            .filter(|y| (1900..=2200).contains(y))
        else {
            r.error(
                &span,
                format!("onbekende sleutel \"{}\" in [{name}]", year.get_ref()),
            )
            .hint = Some("gebruik een jaartal als sleutel, bijvoorbeeld 2026 = 385".into());
            continue;
        };
        match amount.get_ref() {
            DeValue::Integer(n) => {
                match u32::from_str_radix(&n.as_str().replace('_', ""), n.radix()) {
                    Ok(euro) if euro <= 10_000 => {
                        out.insert(y, euro);
                    }
                    _ => {
                        r.error(
                            &amount.span(),
                            format!("eigen risico {y} = {} kan niet", n.as_str()),
                        )
                        .hint = Some(
                            "schrijf het bedrag in hele euro's zonder teken, bijvoorbeeld 385"
                                .into(),
                        );
                    }
                }
            }
            _ => {
                r.error(
                    &amount.span(),
                    format!("het eigen risico van {y} moet een bedrag in hele euro's zijn"),
                )
                .hint = Some(match euros(amount.get_ref()) {
                    Some(euro) => format!("schrijf het zo: {y} = {euro}"),
                    None => format!(
                        "schrijf het bedrag zonder aanhalingstekens en zonder €, bijvoorbeeld {y} = 385"
                    ),
                });
            }
        }
    }
    out
}

pub fn config(source: &SourceText, diags: &mut Diagnostics) -> Option<SiteConfig> {
    let mut r = Reader::new(source, 0, diags);
    let parsed = parse_toml(&mut r, &source.text)?;
    SiteConfig::read(
        &mut r,
        &Table::root(&parsed),
        &CONFIG,
        SiteConfig::default(),
    )
}

/// Base URLs always end in `/`, so page paths can be appended.
pub fn normalize_base_url(url: String) -> String {
    if url.ends_with('/') {
        url
    } else {
        url + "/"
    }
}

/// Whole euros in a text such as `"€ 385"` or `"385,-"`, when that is all
/// it says.
fn euros(value: &toml::de::DeValue) -> Option<u32> {
    let toml::de::DeValue::String(s) = value else {
        return None;
    };
    let bare = s
        .trim()
        .trim_start_matches('€')
        .trim_end_matches(",-")
        .trim_end_matches(",00")
        .trim();
    bare.parse::<u32>().ok().filter(|euro| *euro <= 10_000)
}
