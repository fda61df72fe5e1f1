//! What the patient pays: one derived line, the same in every output.
//!
//! The question a huisarts must answer in the consult is "what does this
//! cost my patient?". Reimbursement (`soort`) alone does not answer it:
//! "no eigen risico" is not "free" when there is an own contribution, and
//! an aanvullende verzekering says nothing to a patient without one. So
//! the line is derived here, once, from all cost fields of a
//! [`Vergoeding`], and the site, the placemat, the routes pages and the
//! exports all print this same [`Kosten::tekst`]. The filter "Geen kosten
//! voor de patiënt" uses [`Kosten::geen_kosten`], which is true exactly
//! when the line says so.

use serde::Serialize;

use crate::model::Vergoeding;
use crate::vocab::{VergoedingSoort, Vocabulary};

/// The patient's costs under one arrangement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Kosten {
    /// "Kosten voor de patiënt", as one short Dutch sentence.
    pub tekst: String,
    /// True only when the patient pays nothing at all.
    pub geen_kosten: bool,
    /// The same answer in a few words, for the placemat's menu; derived
    /// in the same match as `tekst`, so the two cannot disagree.
    #[serde(skip)]
    pub kort: Kort,
}

/// What the patient pays, in a few words: the menu on the placemat's
/// front has room for no more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kort {
    GeenKosten,
    EigenRisico,
    EigenBijdrage,
    /// Eigen risico and an own contribution on top.
    EigenRisicoEnBijdrage,
    AanvullendeVerzekering,
    ZelfBetalen,
    /// Unknown or different per insurer or gemeente.
    VraagNa,
}

impl Kort {
    pub fn label(self) -> &'static str {
        match self {
            Kort::GeenKosten => "geen kosten",
            Kort::EigenRisico => "eigen risico",
            Kort::EigenBijdrage => "eigen bijdrage",
            Kort::EigenRisicoEnBijdrage => "eigen risico en eigen bijdrage",
            Kort::AanvullendeVerzekering => "aanvullende verzekering of zelf betalen",
            Kort::ZelfBetalen => "zelf betalen",
            Kort::VraagNa => "vraag na",
        }
    }
}

/// The compulsory eigen risico of one calendar year, in whole euros.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EigenRisico {
    pub jaar: i32,
    pub bedrag: u32,
}

/// The cost line of one arrangement, without an eigen risico amount.
#[cfg_attr(not(test), allow(dead_code))]
pub fn kosten(v: &Vergoeding) -> Kosten {
    kosten_in(v, None)
}

/// The cost line of one arrangement; where the eigen risico applies and
/// its amount for the year is known, the line names it.
pub fn kosten_in(v: &Vergoeding, eigen_risico: Option<EigenRisico>) -> Kosten {
    use VergoedingSoort::*;
    let bijdrage = v.eigen_bijdrage.as_deref();
    let prijs = v.prijs.as_deref();
    let (tekst, kort) = match (v.soort, v.eigen_risico, bijdrage) {
        (Basisverzekering, Some(false), None) => (
            "Geen kosten: valt niet onder het eigen risico".to_string(),
            Kort::GeenKosten,
        ),
        (Basisverzekering, Some(false), Some(b)) => (
            format!("Eigen bijdrage: {b}; valt niet onder het eigen risico"),
            Kort::EigenBijdrage,
        ),
        (Basisverzekering, Some(true), b) => {
            let line = match eigen_risico {
                Some(e) => format!(
                    "Gaat van het eigen risico af (€ {} in {})",
                    e.bedrag, e.jaar
                ),
                None => "Gaat van het eigen risico af".to_string(),
            };
            let kort = if b.is_some() {
                Kort::EigenRisicoEnBijdrage
            } else {
                Kort::EigenRisico
            };
            (with_bijdrage(line, b), kort)
        }
        (Basisverzekering, None, b) => (
            with_bijdrage(
                "Eigen risico: vraag na bij de zorgverzekeraar".to_string(),
                b,
            ),
            Kort::VraagNa,
        ),
        (AanvullendeVerzekering, _, b) => {
            let base = match prijs {
                Some(p) => format!("Alleen met aanvullende verzekering; anders {p}"),
                None => "Alleen met aanvullende verzekering".to_string(),
            };
            (with_bijdrage(base, b), Kort::AanvullendeVerzekering)
        }
        (Gemeente, _, None) => (
            "Geen kosten: de gemeente betaalt".to_string(),
            Kort::GeenKosten,
        ),
        (Gemeente, _, Some(b)) => (
            format!("Eigen bijdrage: {b}; de gemeente betaalt de rest"),
            Kort::EigenBijdrage,
        ),
        (Gratis, _, None) => ("Geen kosten".to_string(), Kort::GeenKosten),
        (Gratis, _, Some(b)) => (format!("Eigen bijdrage: {b}"), Kort::EigenBijdrage),
        (EigenKosten, _, _) => match prijs {
            Some(p) => (format!("De patiënt betaalt zelf: {p}"), Kort::ZelfBetalen),
            None => ("De patiënt betaalt zelf".to_string(), Kort::ZelfBetalen),
        },
        (Wisselend, _, b) => {
            let base = match prijs {
                Some(p) => format!(
                    "Verschilt per verzekeraar of gemeente: vraag na; zonder vergoeding {p}"
                ),
                None => "Verschilt per verzekeraar of gemeente: vraag na".to_string(),
            };
            (with_bijdrage(base, b), Kort::VraagNa)
        }
    };
    Kosten {
        tekst,
        geen_kosten: kort == Kort::GeenKosten,
        kort,
    }
}

fn with_bijdrage(line: String, bijdrage: Option<&str>) -> String {
    match bijdrage {
        Some(b) => format!("{line}; eigen bijdrage: {b}"),
        None => line,
    }
}

/// Cost fields that contradict each other or are missing, as
/// (key, message, hint); the validator reports them at the key's position.
pub fn contradictions(v: &Vergoeding) -> Vec<(&'static str, String, String)> {
    use VergoedingSoort::*;
    let soort = v.soort.id();
    let mut out = Vec::new();
    if v.eigen_risico.is_some() && v.soort != Basisverzekering {
        out.push((
            "eigen_risico",
            format!(
                "eigen_risico hoort alleen bij de basisverzekering, niet bij soort = \"{soort}\""
            ),
            "haal eigen_risico weg; zet wat de patiënt betaalt in eigen_bijdrage of prijs"
                .to_string(),
        ));
    }
    if v.prijs.is_none() && matches!(v.soort, EigenKosten | AanvullendeVerzekering) {
        out.push((
            "soort",
            format!("bij soort = \"{soort}\" hoort een prijs: wat betaalt de patiënt zonder vergoeding?"),
            "voeg toe: prijs = \"€ 25 per deelnemer\" (schrijf \"ongeveer\" of \"vraag na\" als het niet zeker is)".to_string(),
        ));
    }
    if v.eigen_bijdrage.is_some() && matches!(v.soort, EigenKosten | Gratis) {
        out.push((
            "eigen_bijdrage",
            format!("een eigen bijdrage past niet bij soort = \"{soort}\""),
            if v.soort == Gratis {
                "is er een eigen bijdrage, dan is de interventie niet gratis: kies de soort van wie de rest betaalt".to_string()
            } else {
                "bij eigen-kosten betaalt de patiënt alles: zet het bedrag in prijs en haal eigen_bijdrage weg".to_string()
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(
        soort: VergoedingSoort,
        er: Option<bool>,
        bijdrage: Option<&str>,
        prijs: Option<&str>,
    ) -> Vergoeding {
        Vergoeding {
            soort,
            eigen_risico: er,
            eigen_bijdrage: bijdrage.map(str::to_string),
            prijs: prijs.map(str::to_string),
            toelichting: None,
            gemeenten: Vec::new(),
        }
    }

    #[test]
    fn each_line_follows_from_its_fields() {
        use VergoedingSoort::*;
        let cases = [
            (
                v(Basisverzekering, Some(false), None, None),
                "Geen kosten: valt niet onder het eigen risico",
                true,
            ),
            (
                v(Basisverzekering, Some(true), None, None),
                "Gaat van het eigen risico af",
                false,
            ),
            (
                v(
                    Basisverzekering,
                    Some(false),
                    Some("€ 30 voor de hele cursus"),
                    None,
                ),
                "Eigen bijdrage: € 30 voor de hele cursus; valt niet onder het eigen risico",
                false,
            ),
            (
                v(Basisverzekering, None, None, None),
                "Eigen risico: vraag na bij de zorgverzekeraar",
                false,
            ),
            (
                v(AanvullendeVerzekering, None, None, Some("€ 300 tot € 600")),
                "Alleen met aanvullende verzekering; anders € 300 tot € 600",
                false,
            ),
            (
                v(Gemeente, None, None, None),
                "Geen kosten: de gemeente betaalt",
                true,
            ),
            (
                v(Gemeente, None, Some("€ 25 per deelnemer"), None),
                "Eigen bijdrage: € 25 per deelnemer; de gemeente betaalt de rest",
                false,
            ),
            (v(Gratis, None, None, None), "Geen kosten", true),
            (
                v(EigenKosten, None, None, Some("€ 25 per deelnemer")),
                "De patiënt betaalt zelf: € 25 per deelnemer",
                false,
            ),
            (
                v(Wisselend, None, None, None),
                "Verschilt per verzekeraar of gemeente: vraag na",
                false,
            ),
        ];
        for (input, tekst, geen) in cases {
            let k = kosten(&input);
            assert_eq!(k.tekst, tekst);
            assert_eq!(k.geen_kosten, geen, "{tekst}");
            // Free means the line says so, and only then.
            assert_eq!(k.geen_kosten, k.tekst.starts_with("Geen kosten"), "{tekst}");
            // The few words say the same as the sentence.
            let words = match k.kort {
                Kort::GeenKosten => "Geen kosten",
                Kort::EigenRisico | Kort::EigenRisicoEnBijdrage => "eigen risico",
                Kort::EigenBijdrage => "Eigen bijdrage",
                Kort::AanvullendeVerzekering => "aanvullende verzekering",
                Kort::ZelfBetalen => "betaalt zelf",
                Kort::VraagNa => "vraag na",
            };
            assert!(k.tekst.contains(words), "{tekst}: {:?}", k.kort);
        }
    }

    #[test]
    fn the_eigen_risico_line_names_the_amount_of_its_year() {
        use VergoedingSoort::*;
        let e = Some(EigenRisico {
            jaar: 2026,
            bedrag: 385,
        });
        assert_eq!(
            kosten_in(&v(Basisverzekering, Some(true), None, None), e).tekst,
            "Gaat van het eigen risico af (€ 385 in 2026)"
        );
        assert_eq!(
            kosten_in(&v(Basisverzekering, Some(true), Some("€ 5"), None), e).tekst,
            "Gaat van het eigen risico af (€ 385 in 2026); eigen bijdrage: € 5"
        );
        // Only a cost under the eigen risico names it.
        assert_eq!(
            kosten_in(&v(Basisverzekering, Some(false), None, None), e).tekst,
            "Geen kosten: valt niet onder het eigen risico"
        );
    }

    #[test]
    fn contradictions_name_their_key() {
        use VergoedingSoort::*;
        let keys = |x: Vergoeding| {
            contradictions(&x)
                .into_iter()
                .map(|c| c.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            keys(v(AanvullendeVerzekering, Some(false), None, Some("€ 5"))),
            ["eigen_risico"]
        );
        assert_eq!(keys(v(EigenKosten, None, None, None)), ["soort"]);
        assert_eq!(keys(v(AanvullendeVerzekering, None, None, None)), ["soort"]);
        assert_eq!(keys(v(Gratis, None, Some("€ 5"), None)), ["eigen_bijdrage"]);
        assert!(keys(v(Basisverzekering, Some(true), Some("€ 5"), None)).is_empty());
    }
}
