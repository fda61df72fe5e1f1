//! What the patient folder says, in the order a patient asks: what is it,
//! is it for me, what does it cost me, how do I sign up, where do I read
//! more. Plain data ([`Piece`]s), so the wording is tested without a PDF.
//!
//! The fixed sentences speak to the patient ("u") at B1. The texts from
//! the data are the same the site shows, and the cost sentence is the
//! site's own ([`crate::cost`]), so the folder never says something else
//! than the page a huisarts looks at.

use crate::cost::Kort;
use crate::render::placemat::card::shown_url;
use crate::resolve::{MenuItem, Menukaart};
use crate::text::{after_colon, dutch_list, sentence};
use crate::vocab::{Verwijzing, Vocabulary};

/// A run of text; `keep` runs (addresses, phone numbers) never break.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub keep: bool,
}

impl Run {
    fn plain(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            bold: false,
            keep: false,
        }
    }

    fn bold(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            bold: true,
            keep: false,
        }
    }

    fn kept(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            bold: false,
            keep: true,
        }
    }
}

/// One part of the folder, top to bottom.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    /// A question the section answers: "Wat kost het u?".
    Heading(String),
    Para(Vec<Run>),
    /// More of the paragraph before, on a new line.
    More(Vec<Run>),
    /// A numbered step of the route.
    Step(usize, String),
}

/// The folder of `item` on `menu`; `page` is the regional page's full
/// address, when the site has one (then the band on top shows it with
/// its QR code, see [`band`]).
pub fn pieces(item: &MenuItem, page: Option<&str>) -> Vec<Piece> {
    let i = item.interventie;
    let mut out = vec![
        Piece::Heading("Wat is het?".into()),
        Piece::Para(vec![Run::plain(sentence(i.samenvatting))]),
    ];
    if let Some(duur) = i.duur {
        out.push(Piece::Para(vec![
            Run::bold("Hoe lang duurt het? "),
            Run::plain(sentence(duur)),
        ]));
    }

    out.push(Piece::Heading("Is het iets voor u?".into()));
    out.push(Piece::Para(vec![Run::plain(sentence(
        i.doelgroep.omschrijving,
    ))]));
    if let Some(leeftijd) = &i.doelgroep.leeftijd {
        out.push(Piece::Para(vec![
            Run::bold("Leeftijd: "),
            Run::plain(sentence(&after_colon(leeftijd))),
        ]));
    }
    if !i.doelgroep.aandoeningen.is_empty() {
        let names: Vec<String> = i
            .doelgroep
            .aandoeningen
            .iter()
            .map(|a| after_colon(a.label()))
            .collect();
        out.push(Piece::Para(vec![
            Run::bold("Past bij: "),
            Run::plain(sentence(&dutch_list(&names))),
        ]));
    }

    out.push(Piece::Heading("Wat kost het u?".into()));
    let several = item.vergoedingen.len() > 1;
    for v in &item.vergoedingen {
        let line = if !v.gemeenten.is_empty() {
            vec![
                Run::bold(format!("In {}: ", dutch_list(v.gemeenten))),
                Run::plain(sentence(&after_colon(&v.kosten.tekst))),
            ]
        } else if several {
            vec![
                Run::bold("In de andere gemeenten: "),
                Run::plain(sentence(&after_colon(&v.kosten.tekst))),
            ]
        } else {
            vec![Run::plain(sentence(&v.kosten.tekst))]
        };
        out.push(Piece::Para(line));
        if let Some(toelichting) = v.toelichting {
            out.push(Piece::Para(vec![Run::plain(sentence(toelichting))]));
        }
    }
    // Only where the insurer decides: not for what the gemeente pays or
    // what the patient pays anyway.
    if item.vergoedingen.iter().any(|v| {
        matches!(
            v.kosten.kort,
            Kort::EigenRisico
                | Kort::EigenRisicoEnBijdrage
                | Kort::AanvullendeVerzekering
                | Kort::VraagNa
        )
    }) {
        out.push(Piece::Para(vec![Run::plain(
            "Twijfelt u? Vraag het na bij uw zorgverzekeraar.",
        )]));
    }

    out.push(Piece::Heading("Hoe meldt u zich aan?".into()));
    let a = &item.aanmelding;
    let way = match a.verwijzing {
        Some(Verwijzing::Geen) => "U kunt zichzelf aanmelden. U hebt geen verwijzing nodig.",
        Some(Verwijzing::Huisarts) => "U hebt een verwijzing van uw huisarts nodig.",
        Some(Verwijzing::HuisartsOfSpecialist) => {
            "U hebt een verwijzing van uw huisarts of medisch specialist nodig."
        }
        Some(Verwijzing::Poh) => "De praktijkondersteuner (POH) van uw huisarts meldt u aan.",
        Some(Verwijzing::Buurtsportcoach) => "De buurtsportcoach van uw gemeente helpt u op weg.",
        None => "Vraag uw huisarts of praktijkondersteuner (POH) hoe u zich aanmeldt.",
    };
    out.push(Piece::Para(vec![Run::plain(way)]));
    for (n, step) in a.stappen.iter().enumerate() {
        out.push(Piece::Step(n + 1, sentence(&step.wat)));
    }
    let mut reach = Vec::new();
    if let Some(phone) = a.telefoon {
        reach.push(vec![Run::bold("Telefoon: "), Run::kept(phone)]);
    }
    if let Some(email) = a.email {
        reach.push(vec![Run::bold("E-mail: "), Run::kept(email)]);
    }
    if let Some(url) = a.url {
        reach.push(vec![Run::bold("Website: "), Run::kept(shown_url(url))]);
    }
    out.extend(reach.into_iter().map(Piece::Para));

    if !item.aanbieders.is_empty() {
        out.push(Piece::Heading("Bij u in de buurt".into()));
        for aanbieder in item.aanbieders {
            let mut runs = vec![Run::bold(match &aanbieder.plaats {
                Some(plaats) => format!("{} ({plaats})", aanbieder.naam),
                None => aanbieder.naam.clone(),
            })];
            phone(&mut runs, aanbieder.telefoon.as_deref());
            out.push(Piece::Para(runs));
            // Where to go: the street, so the patient can find it.
            if let Some(adres) = &aanbieder.adres {
                let place = [aanbieder.postcode.as_deref(), aanbieder.plaats.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                let line = if place.is_empty() {
                    adres.clone()
                } else {
                    format!("{adres}, {place}")
                };
                out.push(Piece::Para(vec![Run::bold("Adres: "), Run::kept(line)]));
            }
            out.extend(email(aanbieder.email.as_deref()));
        }
    }
    if !item.buurtsportcoaches.is_empty() {
        out.push(Piece::Heading("De buurtsportcoach van uw gemeente".into()));
        for gemeente in &item.buurtsportcoaches {
            let Some(coach) = &gemeente.buurtsportcoach else {
                continue;
            };
            let mut runs = vec![Run::bold(format!("Woont u in {}? ", gemeente.naam))];
            if let Some(naam) = &coach.naam {
                runs.push(Run::plain(naam.clone()));
            }
            phone(&mut runs, coach.telefoon.as_deref());
            out.push(Piece::Para(runs));
            out.extend(email(coach.email.as_deref()));
        }
    }

    // With a site, the band on top has the QR code and the address of
    // the regional page; without one, the huisarts is the way to more.
    let mut more = Vec::new();
    if page.is_none() {
        more.push(Piece::Para(vec![Run::plain(
            "Vraag uw huisarts of praktijkondersteuner (POH). Zij weten er meer over.",
        )]));
    }
    if let Some(site) = i.website {
        more.push(Piece::Para(vec![
            Run::bold("Website van de interventie: "),
            Run::kept(shown_url(site)),
        ]));
    }
    if !more.is_empty() {
        out.push(Piece::Heading("Meer weten?".into()));
        out.extend(more);
    }
    out
}

/// ", 0000-000000" after a name, never broken.
fn phone(runs: &mut Vec<Run>, telefoon: Option<&str>) {
    if let Some(phone) = telefoon {
        runs.push(Run::plain(", "));
        runs.push(Run::kept(phone));
    }
}

/// The e-mail address on the line under a name.
fn email(email: Option<&str>) -> Option<Piece> {
    email.map(|e| Piece::More(vec![Run::kept(e)]))
}

/// The lines of the coloured band on top: the intervention, for whom and
/// from whom, and where to read more, each with its size. The site's
/// title is in the footer.
pub fn band(menu: &Menukaart, item: &MenuItem, page: Option<&str>) -> Vec<(Vec<Run>, Band)> {
    let mut out = vec![
        (vec![Run::bold(item.interventie.naam)], Band::Title),
        (
            vec![Run::plain(format!(
                "Folder voor de patiënt · {}",
                menu.regio.naam
            ))],
            Band::Small,
        ),
    ];
    if let Some(url) = page {
        // The address breaks after a "/" where it must: the QR code is
        // the way in that needs no typing.
        out.push((
            vec![
                Run::bold("Meer weten? "),
                Run::plain("Scan de QR-code of kijk op "),
                Run::plain(shown_url(url)),
            ],
            Band::Small,
        ));
    }
    out
}

/// The two sizes of text in the band.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Band {
    Title,
    Small,
}
