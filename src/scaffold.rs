//! `menukaart new` and `menukaart init`: start a file or a project without
//! knowing every key.
//!
//! Every file written here reads without a syntax or type error; its example
//! texts ("Vul hier …", `PLACEHOLDER` in `validate::fields`) are errors in
//! `check` until the user replaces them, so they are never published. The comments in the
//! files say what each key means; the command prints what to fill in next.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use time::Date;

use crate::diagnostics::Diagnostic;
use crate::load::{CONFIG_FILE, INTERVENTIONS_DIR, REGIONS_DIR};
use crate::names::suggest_id;
use crate::validate;
use crate::validate::keys::{Key, Kind, TableSpec};

/// What `new` or `init` wrote, and what the user should do next (Dutch).
#[derive(Debug)]
pub struct Created {
    pub files: Vec<PathBuf>,
    pub next: Vec<String>,
}

/// A TOML string literal with every character escaped as TOML needs.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn check_name(name: &str, what: &str) -> Result<String, Diagnostic> {
    let name = name.trim();
    if name.is_empty() || !name.chars().any(char::is_alphanumeric) {
        return Err(
            Diagnostic::error(None, format!("geef de {what} een naam")).with_hint(format!(
                "bijvoorbeeld: menukaart new {what} \"Beweegkuur Elst\""
            )),
        );
    }
    Ok(name.to_string())
}

/// Creates `path` with `text`; refuses when it exists already.
fn create_new(root: &Path, relative: &str, text: &str) -> Result<PathBuf, Diagnostic> {
    let path = root.join(relative);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|err| {
            Diagnostic::error(
                None,
                format!("kan de map {} niet maken: {err}", parent.display()),
            )
            .with_hint("controleer of u in deze map mag schrijven")
        })?;
    }
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Diagnostic::error(
                None,
                format!("{relative} bestaat al; er is niets overschreven"),
            )
            .with_hint("bewerk het bestaande bestand, of kies een andere naam"));
        }
        Err(err) => {
            return Err(
                Diagnostic::error(None, format!("kan {relative} niet maken: {err}"))
                    .with_hint("controleer of u in deze map mag schrijven"),
            )
        }
    };
    file.write_all(text.as_bytes()).map_err(|err| {
        Diagnostic::error(None, format!("kan {relative} niet schrijven: {err}"))
            .with_hint("controleer of de schijf niet vol is")
    })?;
    Ok(path)
}

/// The text of a new intervention file named `naam`: the explained
/// template below, completed from the key table with any key it does not
/// mention yet, so a new field shows up here without editing the template.
pub fn intervention_text(naam: &str, today: Date) -> String {
    complete(&intervention_template(naam, today), &validate::INTERVENTION)
}

fn intervention_template(naam: &str, today: Date) -> String {
    format!(
        r#"+++
# Een interventie uit de landelijke lijst. De gegevens staan tussen de twee
# regels +++; daaronder komt de beschrijving in Markdown. Regels met # zijn
# uitleg en doen niets. Tekst staat tussen "…", een datum zonder "…".

# Volledige naam, zoals patiënten en verwijzers die kennen.
naam = {naam}
# Eén of twee korte zinnen (hoogstens 200 tekens): dit staat op de placemat.
samenvatting = "Vul hier in één of twee zinnen in wat de patiënt doet en wat het oplevert."
# Thema's: bewegen, voeding, roken, alcohol, slaap, ontspanning, zingeving, sociaal.
themas = ["bewegen"]
# Vorm: groep, individueel, online, thuis.
vorm = ["groep"]
# duur = "12 weken"
# website = "https://www.example.nl/"
# Wanneer heeft u deze gegevens voor het laatst nagekeken? Na 12 maanden waarschuwt check.
laatst_gecontroleerd = {today}
# Webadressen van de openbare pagina's waar deze gegevens vandaan komen,
# bijvoorbeeld Loket Gezond Leven of de vergoedingenpagina van een zorgverzekeraar.
bronnen = ["https://www.loketgezondleven.nl/"]

[doelgroep]
# Voor wie is het, in gewone woorden?
omschrijving = "Vul hier in voor wie de interventie bedoeld is."
# leeftijd_min = 18
# leeftijd_max = 65
# Aandoeningen: overgewicht, diabetes-type-2, hart-en-vaatziekten, copd, astma,
# hypertensie, artrose, depressie-somber, eenzaamheid, kwetsbare-ouderen, roken,
# claudicatio, slaapproblemen, stress, chronische-pijn.
# aandoeningen = ["overgewicht"]

[vergoeding]
# Wie betaalt: basisverzekering, aanvullende-verzekering, gemeente, gratis,
# eigen-kosten, of wisselend (dan is toelichting verplicht).
soort = "wisselend"
# Alleen bij basisverzekering: gaat het van het eigen risico af?
# eigen_risico = false
# Wat de patiënt zelf bijbetaalt, wie de rest ook betaalt:
# eigen_bijdrage = "€ 30 voor de hele cursus"
# Wat de patiënt betaalt zonder vergoeding (verplicht bij eigen-kosten en
# aanvullende-verzekering):
# prijs = "€ 25 per deelnemer"
toelichting = "Vul hier in wie de interventie betaalt."

[aanmelding]
# Wie verwijst: geen, huisarts, huisarts-of-specialist, buurtsportcoach, poh.
verwijzing = "huisarts"
# Noem minstens één manier om aan te melden: stappen, url, telefoon of email.
# Zeg bij elke stap wie iets doet: huisarts, poh, patient, buurtsportcoach,
# aanbieder, welzijnscoach, dietist, fysiotherapeut, gemeente, zorggroep.
stappen = [{{ wie = "huisarts", wat = "Vul hier de eerste stap van de aanmelding in" }}]
# zorgdomein = "Naam van het product in Zorgdomein"
# telefoon = "0000-000000"
# email = "aanmelden@example.nl"
# url = "https://www.example.nl/aanmelden"

# Erkend door Loket Gezond Leven? Haal dan de # weg. Niveaus: goed-beschreven,
# goed-onderbouwd, effectief-eerste-aanwijzingen, effectief-goede-aanwijzingen,
# effectief-sterke-aanwijzingen.
# [erkenning]
# niveau = "goed-onderbouwd"
+++

## Wat houdt het in?

Beschrijf hier de interventie in gewone woorden (taalniveau B1).
"#,
        naam = quoted(naam),
    )
}

/// The text of a new region file named `naam`; `ids` are existing
/// interventions, shown as an example.
pub fn region_text(naam: &str, today: Date, ids: &[String]) -> String {
    let example = ids
        .first()
        .map(String::as_str)
        .unwrap_or("id-van-de-interventie");
    let known = if ids.is_empty() {
        "# Er zijn nog geen interventies; maak er een met: menukaart new interventie \"Naam\"\n"
            .to_string()
    } else {
        let shown: Vec<&str> = ids.iter().take(8).map(String::as_str).collect();
        let more = if ids.len() > shown.len() { ", …" } else { "" };
        format!("# Bestaande interventies: {}{more}\n", shown.join(", "))
    };
    format!(
        r#"# Een zorggroep: de keuze uit de landelijke lijst en de regionale gegevens.
# Regels met # zijn uitleg en doen niets. Tekst staat tussen "…", een datum
# zonder "…".

naam = {naam}
# Korte inleiding bovenaan de menukaart (Markdown mag): waarom deze keuze?
intro = "Vul hier in waarom de zorggroep deze interventies koos en wie meekozen."
# website = "https://www.example.nl/"
# Wanneer zijn de gegevens gecontroleerd? Staat op de site en de placemat.
peildatum = {today}
# Laatste dag dat de menukaart klopt; 30 dagen ervoor waarschuwt check.
# geldig_tot = 2027-12-31
# verzekeraars = ["CZ", "VGZ"]

# Contact van de zorggroep; staat onderaan de placemat. Haal de # weg en vul in.
# [contact]
# naam = "Team ketenzorg"
# email = "ketenzorg@example.nl"
# telefoon = "0000-000000"

# Een blok per gemeente, met de buurtsportcoach.
# [[gemeente]]
# naam = "Naam van de gemeente"
# [gemeente.buurtsportcoach]
# naam = "Naam"
# email = "buurtsportcoach@example.nl"

# Een blok per gekozen interventie; id is de bestandsnaam in interventions/ zonder .md.
{known}# [[interventie]]
# id = "{example}"
# volgorde = 1
# notitie = "Regionale afspraak of tip voor verwijzers"
# [[interventie.aanbieder]]
# naam = "Naam van de praktijk"
# plaats = "Plaats"
# telefoon = "0000-000000"
"#,
        naam = quoted(naam),
    )
}

/// Adds to a scaffold every key of `spec` and its sub-tables that no line
/// mentions (`key = …` or `# key = …`): after the last key line of its
/// table, with its description as a comment, commented out unless the key
/// is required. Sub-tables are found by their header (`[doelgroep]`, or
/// `# [erkenning]` for a table that is itself commented out).
fn complete(text: &str, spec: &'static TableSpec) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut current = Some(spec);
    // Index in `out` after the current table's last key line, and the keys seen.
    let mut insert_at = 0;
    let mut seen: Vec<String> = Vec::new();
    let mut commented = false;
    let mut front_matter = !text.starts_with("+++");
    for line in text.lines() {
        let bare = line.trim_start_matches('#').trim();
        let header = bare
            .strip_prefix('[')
            .map(|h| h.trim_matches(|c| c == '[' || c == ']'));
        let end = line == "+++" && front_matter;
        if line == "+++" && !front_matter {
            front_matter = true;
            out.push(line.to_string());
            insert_at = out.len();
            continue;
        }
        if front_matter && (header.is_some() || end) {
            if let Some(table) = current {
                let missing = missing_lines(table, &seen, commented);
                insert_at = insert_at.min(out.len());
                out.splice(insert_at..insert_at, missing);
            }
            current = header.and_then(|name| sub_table(spec, name));
            commented = line.starts_with('#');
            seen.clear();
            out.push(line.to_string());
            insert_at = out.len();
            if end {
                front_matter = false;
            }
            continue;
        }
        if let Some((name, _)) = bare.split_once(" = ") {
            if front_matter && !name.contains(' ') {
                seen.push(name.to_string());
                out.push(line.to_string());
                insert_at = out.len();
                continue;
            }
        }
        out.push(line.to_string());
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// The table named `name` anywhere below `spec`.
fn sub_table(spec: &'static TableSpec, name: &str) -> Option<&'static TableSpec> {
    spec.keys().find_map(|k| match k.kind {
        Kind::Table(sub) | Kind::Tables(sub) if sub.name == name => Some(sub),
        Kind::Table(sub) | Kind::Tables(sub) => sub_table(sub, name),
        _ => None,
    })
}

/// Lines for the keys of `spec` that `seen` does not name.
fn missing_lines(spec: &TableSpec, seen: &[String], commented: bool) -> Vec<String> {
    let mut out = Vec::new();
    for key in spec.keys() {
        if seen.iter().any(|s| s == key.name)
            || matches!(key.kind, Kind::Table(_) | Kind::Tables(_))
        {
            continue;
        }
        let hash = if commented || !key.required { "# " } else { "" };
        out.push(format!("# {}", key.description));
        out.push(format!("{hash}{} = {}", key.name, example(key)));
    }
    out
}

/// A valid value for `key`, for the scaffold.
fn example(key: &Key) -> String {
    if !key.example.is_empty() {
        return key.example.to_string();
    }
    match key.kind {
        Kind::Url => "\"https://www.example.nl/\"".to_string(),
        Kind::Email => "\"info@example.nl\"".to_string(),
        Kind::Phone => "\"0000-000000\"".to_string(),
        Kind::Postcode => "\"1000 AA\"".to_string(),
        Kind::Agb | Kind::Kvk => "\"12345678\"".to_string(),
        Kind::Date => "2026-09-01".to_string(),
        Kind::Integer { min, .. } => min.max(0).to_string(),
        Kind::Boolean => "false".to_string(),
        Kind::TextList => "[\"…\"]".to_string(),
        Kind::Steps(_) => "[{ wie = \"poh\", wat = \"…\" }]".to_string(),
        Kind::UrlList => "[\"https://www.example.nl/\"]".to_string(),
        Kind::Vocab(terms) => format!("\"{}\"", terms().first().map_or("", |t| t.0)),
        Kind::VocabList(terms) => format!("[\"{}\"]", terms().first().map_or("", |t| t.0)),
        Kind::OneOf(values) => format!("\"{}\"", values.first().unwrap_or(&"")),
        _ => "\"…\"".to_string(),
    }
}

fn intervention_ids(root: &Path) -> Vec<String> {
    let mut ids: Vec<String> = fs::read_dir(root.join(INTERVENTIONS_DIR))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.strip_suffix(".md").map(str::to_string)
                })
                .filter(|id| !id.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

/// `menukaart new interventie "Naam"`.
pub fn new_intervention(root: &Path, naam: &str, today: Date) -> Result<Created, Diagnostic> {
    let naam = check_name(naam, "interventie")?;
    let id = suggest_id(&naam);
    let relative = format!("{INTERVENTIONS_DIR}/{id}.md");
    let path = create_new(root, &relative, &intervention_text(&naam, today))?;
    Ok(Created {
        files: vec![path],
        next: vec![
            format!("open {relative} en vul in: samenvatting, themas, doelgroep, vergoeding en aanmelding"),
            "schrijf onder de tweede regel +++ de beschrijving in gewone woorden".to_string(),
            format!("zet de interventie op een menukaart met id = \"{id}\" in een regions/….toml"),
            "controleer daarna met: menukaart check".to_string(),
        ],
    })
}

/// `menukaart new regio "Naam"`.
pub fn new_region(root: &Path, naam: &str, today: Date) -> Result<Created, Diagnostic> {
    let naam = check_name(naam, "regio")?;
    let slug = suggest_id(&naam);
    let relative = format!("{REGIONS_DIR}/{slug}.toml");
    let ids = intervention_ids(root);
    let path = create_new(root, &relative, &region_text(&naam, today, &ids))?;
    Ok(Created {
        files: vec![path],
        next: vec![
            format!("open {relative} en vul de intro, [contact] en de gemeenten in"),
            "kies interventies met een [[interventie]]-blok per interventie".to_string(),
            format!("de menukaart komt op de site onder {slug}/; controleer met: menukaart check"),
        ],
    })
}

const INIT_CONFIG: &str = r#"# Instellingen van de hele site. Regels met # zijn uitleg en doen niets.

# Titel bovenaan elke pagina en op de placemats.
titel = "Menukaart leefstijl"
taal = "nl"
# Webadres waar de site komt te staan; nodig voor sitemap.xml en de QR-codes.
# base_url = "https://menukaart.example.nl/"
theme = "default"
# Na hoeveel maanden gegevens als verouderd gelden (standaard 12).
controle_maanden = 12
"#;

const TAPLO: &str = r#"# Editors met taplo (zoals VS Code met Even Better TOML) gebruiken deze
# schema's om sleutels aan te vullen en fouten te tonen tijdens het typen.
# Maak ze opnieuw met: menukaart schema

[[rule]]
include = ["regions/*.toml"]
[rule.schema]
path = "./schema/regio.schema.json"

[[rule]]
include = ["menukaart.toml"]
[rule.schema]
path = "./schema/menukaart.toml.schema.json"
"#;

/// `menukaart init [DIR]`: a new project that builds at once.
/// The example project of `init` builds at once, so its texts are
/// examples instead of the placeholders `new` writes (which `check`
/// rejects until they are replaced).
const INIT_EXAMPLES: &[(&str, &str)] = &[
    (
        "Vul hier in één of twee zinnen in wat de patiënt doet en wat het oplevert.",
        "Voorbeeld: samen bewegen in een groep in de wijk, met een beweegcoach.",
    ),
    (
        "Vul hier in voor wie de interventie bedoeld is.",
        "Voorbeeld: volwassenen die meer willen bewegen.",
    ),
    (
        "Vul hier in wie de interventie betaalt.",
        "Voorbeeld: dit verschilt per gemeente; vraag het de buurtsportcoach.",
    ),
    (
        "Vul hier de eerste stap van de aanmelding in",
        "Voorbeeld: de huisarts of POH bespreekt het programma met de patiënt",
    ),
    (
        "Vul hier in waarom de zorggroep deze interventies koos en wie meekozen.",
        "Voorbeeld: vervang deze tekst door de keuze van uw zorggroep.",
    ),
];

fn filled(mut text: String) -> String {
    for (placeholder, example) in INIT_EXAMPLES {
        text = text.replace(placeholder, example);
    }
    text
}

pub fn init(dir: &Path, today: Date) -> Result<Created, Diagnostic> {
    if dir.join(CONFIG_FILE).exists() {
        return Err(Diagnostic::error(
            None,
            format!(
                "in {} staat al een project ({CONFIG_FILE} bestaat); er is niets overschreven",
                dir.display()
            ),
        )
        .with_hint("kies een nieuwe of lege map, bijvoorbeeld: menukaart init mijn-menukaart"));
    }
    for sub in [INTERVENTIONS_DIR, REGIONS_DIR] {
        let has_files = fs::read_dir(dir.join(sub)).is_ok_and(|mut d| d.next().is_some());
        if has_files {
            return Err(Diagnostic::error(
                None,
                format!(
                    "de map {sub}/ in {} is niet leeg; er is niets overschreven",
                    dir.display()
                ),
            )
            .with_hint(
                "kies een nieuwe of lege map, bijvoorbeeld: menukaart init mijn-menukaart",
            ));
        }
    }
    let mut files = vec![create_new(dir, CONFIG_FILE, INIT_CONFIG)?];
    let naam = "Voorbeeld: beweegprogramma in de wijk";
    let id = suggest_id("Beweegprogramma in de wijk");
    files.push(create_new(
        dir,
        &format!("{INTERVENTIONS_DIR}/{id}.md"),
        &filled(intervention_text(naam, today)),
    )?);
    let region = filled(region_text(
        "Zorggroep Voorbeeld",
        today,
        std::slice::from_ref(&id),
    ))
    .replace(
        &format!("# [[interventie]]\n# id = \"{id}\"\n# volgorde = 1\n"),
        &format!("[[interventie]]\nid = \"{id}\"\nvolgorde = 1\n"),
    );
    files.push(create_new(
        dir,
        &format!("{REGIONS_DIR}/zorggroep-voorbeeld.toml"),
        &region,
    )?);
    for (name, text) in [(".gitignore", "/output/\n"), (".taplo.toml", TAPLO)] {
        if !dir.join(name).exists() {
            files.push(create_new(dir, name, text)?);
        }
    }
    files.extend(crate::schema::write(&dir.join(crate::schema::DEFAULT_DIR))?);
    let shown = dir.display();
    Ok(Created {
        files,
        next: vec![
            format!("bouw de site: menukaart build --root {shown}"),
            format!("bekijk en bewerk met live voorbeeld: menukaart serve --root {shown}"),
            "maak een interventie: menukaart new interventie \"Naam\"".to_string(),
            "maak een zorggroep: menukaart new regio \"Naam\"".to_string(),
            "vervang de voorbeeldgegevens en zet base_url in menukaart.toml".to_string(),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scaffold_names_every_key_and_a_missing_one_is_added() {
        let today = Date::from_calendar_date(2026, time::Month::September, 1).unwrap();
        let template = intervention_template("Naam", today);
        let text = intervention_text("Naam", today);
        // Completing only adds lines: the template is kept, in order.
        let mut lines = text.lines();
        for line in template.lines() {
            assert!(lines.any(|l| l == line), "lost: {line}");
        }
        // Every key of every table is named, set or commented out.
        fn names(spec: &'static TableSpec, out: &mut Vec<&'static str>) {
            for key in spec.keys() {
                match key.kind {
                    Kind::Table(sub) | Kind::Tables(sub) => names(sub, out),
                    _ => out.push(key.name),
                }
            }
        }
        let mut all = Vec::new();
        names(&validate::INTERVENTION, &mut all);
        for name in all {
            let named = text.lines().any(|l| {
                l.trim_start_matches('#')
                    .trim()
                    .starts_with(&format!("{name} = "))
            });
            assert!(named, "{name} is not in the scaffold");
        }
        let without = template
            .replace("# prijs = \"€ 25 per deelnemer\"\n", "")
            .replace(
                "omschrijving = \"Vul hier in voor wie de interventie bedoeld is.\"\n",
                "",
            );
        let completed = complete(&without, &validate::INTERVENTION);
        let prijs = completed.find("\n# prijs = \"…\"\n").unwrap();
        let toelichting = completed.find("\ntoelichting = ").unwrap();
        let aanmelding = completed.find("\n[aanmelding]").unwrap();
        assert!(toelichting < prijs && prijs < aanmelding, "{completed}");
        assert!(completed.contains("\nomschrijving = \"Voor wie is het?\"\n"));
        assert!(completed.ends_with(&template[template.find("+++\n\n## ").unwrap()..]));
    }

    #[test]
    fn names_survive_toml_quoting() {
        for name in ["Zorggroep \"De Kempen\"", "Beweegkuur Ëlst", "a'b\"c\\d"] {
            let table: toml::Table = toml::from_str(&format!("x = {}", quoted(name))).unwrap();
            assert_eq!(table["x"].as_str(), Some(name));
        }
    }
}
