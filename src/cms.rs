//! The CMS admin (`output/beheer/`): a page that loads Sveltia CMS and its
//! configuration, generated from the key tables.
//!
//! Every row of [`crate::validate::keys`] becomes a CMS field by its
//! [`Kind`], with the row's Dutch description as the hint; nothing here
//! names a field, so a row added to a table appears in the admin without an
//! edit. The configuration follows the Decap CMS format, which Sveltia CMS
//! reads too. It is written as JSON, which every YAML reader accepts (JSON
//! is YAML 1.2), so no YAML writer is needed and nothing needs quoting rules.
//!
//! Only the admin page loads the CMS script from another host; the public
//! pages keep their promise of no requests elsewhere.

use serde_json::{json, Map, Value};

use crate::model::{Beheer, SiteConfig};
use crate::validate;
use crate::validate::keys::{Key, Kind, TableSpec};

/// Folder of the admin inside `output/`.
pub const DIR: &str = "beheer";

/// Name of the interventions collection, which region entries refer to.
const INTERVENTIES: &str = "interventies";

/// The admin's files (path inside `output/`, contents), or none without
/// `[beheer]`.
pub fn files(site: &SiteConfig) -> Vec<(String, String)> {
    let Some(beheer) = &site.beheer else {
        return Vec::new();
    };
    let mut config = serde_json::to_string_pretty(&config(beheer, site)).unwrap_or_default();
    config.push('\n');
    vec![
        (format!("{DIR}/index.html"), index_html(beheer, &site.titel)),
        (format!("{DIR}/config.yml"), config),
    ]
}

/// The script the admin page loads: `cms_script`, or the pinned default.
pub fn script_url(beheer: &Beheer) -> &str {
    beheer
        .cms_script
        .as_deref()
        .unwrap_or(crate::validate::config::DEFAULT_CMS_SCRIPT)
}

fn index_html(beheer: &Beheer, titel: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Beheer – {titel}</title>
<link href="config.yml" type="application/yaml" rel="cms-config-url">
</head>
<body>
<noscript><p>Het beheer werkt alleen met JavaScript aan. Zet JavaScript aan in uw browser, of bewerk de bestanden in de repository.</p></noscript>
<script src="{script}"></script>
</body>
</html>
"#,
        titel = escape(titel),
        script = escape(script_url(beheer)),
    )
}

/// Escapes text for HTML text and double-quoted attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The CMS configuration: backend, then one collection per kind of file.
pub fn config(beheer: &Beheer, site: &SiteConfig) -> Value {
    let mut backend = json!({
        "name": beheer.backend,
        "repo": beheer.repo,
        "branch": beheer.branch.as_deref().unwrap_or("main"),
    });
    if let Some(url) = &beheer.base_url {
        backend["base_url"] = json!(url.trim_end_matches('/'));
    }
    let body = json!({
        "name": "body",
        "label": "Tekst",
        "widget": "markdown",
        "required": false,
        "hint": "De uitleg onder de gegevens, in Markdown: kopjes met ##, opsommingen met -.",
    });
    let mut interventie_fields = fields(&validate::INTERVENTION);
    interventie_fields.push(body);
    let mut config = json!({
        "backend": backend,
        // The CMS refuses to start without a media folder, though no field
        // uploads anything; uploads would land in this folder.
        "media_folder": "bestanden",
        "app_title": format!("Beheer – {}", site.titel),
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        // Optional fields left empty are not written: an empty text would
        // be an error in check, an absent key is not.
        "output": { "omit_empty_optional_fields": true },
        // The preview would show the raw fields a second time; the site
        // itself is the preview.
        "editor": { "preview": false },
        "collections": [
            {
                "name": INTERVENTIES,
                "label": "Interventies",
                "label_singular": "Interventie",
                "description": shown(validate::INTERVENTION.description),
                "folder": "interventions",
                "extension": "md",
                "format": "toml-frontmatter",
                "create": true,
                "identifier_field": "naam",
                "slug": "{{slug}}",
                "summary": "{{naam}}",
                "fields": interventie_fields,
            },
            {
                "name": "zorggroepen",
                "label": "Zorggroepen",
                "label_singular": "Zorggroep",
                "description": shown(validate::REGION.description),
                "folder": "regions",
                "extension": "toml",
                "format": "toml",
                "create": true,
                "identifier_field": "naam",
                "slug": "{{slug}}",
                "summary": "{{naam}}",
                "fields": fields(&validate::REGION),
            },
            {
                "name": "instellingen",
                "label": "Instellingen",
                "files": [{
                    "name": "menukaart",
                    "label": "Instellingen van de site",
                    "file": "menukaart.toml",
                    "format": "toml",
                    "fields": fields(&validate::CONFIG),
                }],
            },
        ],
    });
    if let Some(url) = &site.base_url {
        config["site_url"] = json!(url);
    }
    config
}

/// A description as the CMS shows it: it reads hints as Markdown with
/// HTML, so `<id>` in "interventions/<id>.md" would vanish as a tag.
fn shown(text: &str) -> String {
    text.replace('<', "&lt;").replace('>', "&gt;")
}

/// The fields of a table, one per key, in reading order.
pub(crate) fn fields(spec: &TableSpec) -> Vec<Value> {
    spec.keys().map(field).collect()
}

/// "laatst_gecontroleerd" → "Laatst gecontroleerd".
fn label(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// One key as a CMS field.
pub(crate) fn field(k: &Key) -> Value {
    let mut f = Map::new();
    f.insert("name".into(), json!(k.name));
    f.insert("label".into(), json!(label(k.name)));
    // Sveltia and Decap treat a field without `required` as required.
    f.insert("required".into(), json!(k.required));
    f.insert("hint".into(), json!(shown(k.description)));
    let widget = |f: &mut Map<String, Value>, w: &str| {
        f.insert("widget".into(), json!(w));
    };
    let options = |terms: Vec<(&str, &str)>| -> Value {
        terms
            .into_iter()
            .map(|(value, label)| json!({ "value": value, "label": label }))
            .collect()
    };
    match k.kind {
        Kind::Text | Kind::Name(_) => widget(&mut f, "string"),
        Kind::Markdown => widget(&mut f, "markdown"),
        Kind::ShortText { max, .. } => {
            widget(&mut f, "text");
            f.insert("maxlength".into(), json!(max));
        }
        Kind::Url => {
            widget(&mut f, "string");
            f.insert("type".into(), json!("url"));
        }
        Kind::Email => {
            widget(&mut f, "string");
            f.insert("type".into(), json!("email"));
        }
        Kind::Phone | Kind::Repo | Kind::Postcode | Kind::Agb | Kind::Kvk => {
            widget(&mut f, "string")
        }
        Kind::Date => {
            // No `format`: the CMS then writes a TOML date, not a text.
            widget(&mut f, "datetime");
            f.insert("time_format".into(), json!(false));
        }
        Kind::Integer { min, max, .. } => {
            widget(&mut f, "number");
            f.insert("value_type".into(), json!("int"));
            if min != i64::MIN {
                f.insert("min".into(), json!(min));
            }
            if max != i64::MAX {
                f.insert("max".into(), json!(max));
            }
        }
        Kind::Boolean => widget(&mut f, "boolean"),
        Kind::TextList | Kind::UrlList => widget(&mut f, "list"),
        Kind::Id => {
            widget(&mut f, "relation");
            f.insert("collection".into(), json!(INTERVENTIES));
            f.insert("value_field".into(), json!("{{slug}}"));
            f.insert("search_fields".into(), json!(["naam"]));
            f.insert("display_fields".into(), json!(["naam"]));
        }
        Kind::Vocab(terms) => {
            widget(&mut f, "select");
            f.insert("options".into(), options(terms()));
        }
        Kind::VocabList(terms) => {
            widget(&mut f, "select");
            f.insert("multiple".into(), json!(true));
            if k.required {
                f.insert("min".into(), json!(1));
            }
            f.insert("options".into(), options(terms()));
        }
        Kind::OneOf(values) => {
            widget(&mut f, "select");
            f.insert(
                "options".into(),
                options(values.iter().map(|v| (*v, *v)).collect()),
            );
        }
        Kind::Table(spec) => {
            widget(&mut f, "object");
            f.insert("fields".into(), json!(fields(spec)));
        }
        // A table keyed by year has no CMS widget; hidden keeps the file's
        // value. A hidden field takes only a name and a label (the schema
        // refuses `required` and `hint` on it).
        Kind::PerYear => {
            widget(&mut f, "hidden");
            f.remove("required");
            f.remove("hint");
        }
        // Each step as a table with who acts: the form always writes that
        // form, and a plain-text step of a file shows as a `wat`.
        Kind::Tables(spec) | Kind::Steps(spec) => {
            widget(&mut f, "list");
            f.insert(
                "label_singular".into(),
                json!(label(spec.name.rsplit('.').next().unwrap_or(spec.name))),
            );
            f.insert("fields".into(), json!(fields(spec)));
        }
    }
    if let Some(pattern) = crate::schema::pattern(&k.kind) {
        let message = match k.kind {
            Kind::Url => "Een webadres begint met https://, bijvoorbeeld https://www.example.nl/.",
            Kind::Email => "Schrijf een e-mailadres als naam@example.nl.",
            Kind::Phone => "Een telefoonnummer heeft alleen cijfers, spaties, +, - en haakjes.",
            Kind::Postcode => "Schrijf een postcode als 5341 AB.",
            Kind::Agb => "Een AGB-code heeft 8 cijfers.",
            Kind::Kvk => "Een KvK-nummer heeft 8 cijfers.",
            Kind::Repo => {
                "Schrijf de repository als eigenaar/naam, bijvoorbeeld zorggroep/menukaart."
            }
            _ => "Alleen kleine letters, cijfers en streepjes, bijvoorbeeld gli-cool.",
        };
        if !matches!(k.kind, Kind::Id) {
            f.insert("pattern".into(), json!([pattern, message]));
        }
    }
    Value::Object(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::keys::{key, required};

    /// Every row of every table, walked through the sub-tables, is a field
    /// with its description as the hint.
    fn walk(spec: &'static TableSpec, fields: &[Value], path: &str) -> usize {
        let mut seen = 0;
        for k in spec.keys() {
            let f = fields
                .iter()
                .find(|f| f["name"] == k.name)
                .unwrap_or_else(|| panic!("{path}{} is not in the admin", k.name));
            if f["widget"] == "hidden" {
                // Kept as it is in the file: nothing to fill in, no hint.
                assert!(f.get("hint").is_none() && f.get("required").is_none());
            } else {
                assert_eq!(f["hint"], shown(k.description));
                assert_eq!(f["required"], k.required);
            }
            seen += 1;
            if let Kind::Table(sub) | Kind::Tables(sub) = k.kind {
                let sub_fields = f["fields"].as_array().expect("sub-fields");
                seen += walk(sub, sub_fields, &format!("{path}{}.", k.name));
            }
        }
        assert_eq!(
            fields.len(),
            spec.keys().count(),
            "[{}] has extra fields",
            spec.name
        );
        seen
    }

    #[test]
    fn every_row_of_every_table_is_a_field() {
        let mut total = 0;
        for spec in [
            &validate::INTERVENTION,
            &validate::REGION,
            &validate::CONFIG,
        ] {
            total += walk(spec, &fields(spec), "");
        }
        assert!(total > 60, "only {total} rows walked");
    }

    #[test]
    fn a_new_row_appears_without_an_edit() {
        static ROWS: [Key; 2] = [
            Key {
                name: "naam",
                ..required(Kind::Text, "Naam.")
            },
            Key {
                name: "aantal_deelnemers",
                ..key(
                    Kind::Integer {
                        min: 4,
                        max: 20,
                        what: "een aantal",
                    },
                    "Hoeveel mensen er in een groep zitten.",
                )
            },
        ];
        static SPEC: TableSpec = TableSpec {
            name: "",
            description: "Proef.",
            rows: &ROWS,
            variant: None,
            at_least_one: &[],
        };
        let fields = fields(&SPEC);
        assert_eq!(fields.len(), 2);
        let f = &fields[1];
        assert_eq!(f["name"], "aantal_deelnemers");
        assert_eq!(f["label"], "Aantal deelnemers");
        assert_eq!(f["widget"], "number");
        assert_eq!((f["min"].as_i64(), f["max"].as_i64()), (Some(4), Some(20)));
        assert_eq!(f["hint"], "Hoeveel mensen er in een groep zitten.");
        assert_eq!(f["required"], false);
    }

    #[test]
    fn the_page_escapes_the_title() {
        let beheer = Beheer {
            backend: "github".into(),
            repo: "a/b".into(),
            branch: None,
            base_url: None,
            cms_script: None,
        };
        let page = index_html(&beheer, "<Zorg & co>");
        assert!(page.contains("Beheer – &lt;Zorg &amp; co&gt;"));
    }
}
